//! Key-sequence tests: what each key does in the list, the reader and the overlays.

use std::fmt::Write as _;

use folio::app::{Effect, Focus, Overlay};

use crate::harness::Harness;

/// Three short dated articles and one long one (the oldest).
fn archive() -> Vec<(String, String)> {
    let mut articles: Vec<(String, String)> = [
        ("a.txt", "2020-01-03", "Third story"),
        ("b.txt", "2020-01-02", "Second story"),
        ("c.txt", "2020-01-01", "First story"),
    ]
    .iter()
    .map(|(name, date, title)| {
        (
            (*name).to_owned(),
            format!("{date}\n\n{title}\n\nThe body of the {title}.\n\n- Wirelink\n"),
        )
    })
    .collect();
    let mut long = String::from("2019-12-31\n\nLong story\n\n");
    for n in 1..=120 {
        let _ = write!(
            long,
            "Paragraph {n} says something about the harbour, the bridge and the toll that the council voted for.\n\n"
        );
    }
    articles.push(("d.txt".into(), long));
    articles
}

fn harness(width: u16, height: u16) -> Harness {
    let articles = archive();
    let refs: Vec<(&str, &str)> = articles
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    Harness::with_articles(width, height, &refs)
}

fn list_titles(h: &Harness) -> Vec<String> {
    h.app
        .library()
        .iter()
        .map(|e| e.meta.title.clone())
        .collect()
}

fn selected_title(h: &Harness) -> String {
    h.app
        .library()
        .at(h.app.selected())
        .unwrap()
        .meta
        .title
        .clone()
}

#[test]
fn list_moves_and_jumps() {
    let mut h = harness(80, 24);
    assert_eq!(selected_title(&h), "Third story");
    h.keys("j");
    assert_eq!(selected_title(&h), "Second story");
    h.keys("G");
    assert_eq!(selected_title(&h), "Long story");
    h.keys("k<Up>");
    assert_eq!(selected_title(&h), "Second story");
    h.keys("<End><Home>");
    assert_eq!(selected_title(&h), "Third story");
    // Moving past either end stays put.
    h.keys("kkk");
    assert_eq!(h.app.selected(), 0);
    h.keys("jjjjjjjj");
    assert_eq!(h.app.selected(), 3);
}

#[test]
fn narrow_screen_opens_reader_and_goes_back() {
    let mut h = harness(80, 24);
    h.keys("j<Enter>");
    assert_eq!(h.app.focus(), Focus::Reader);
    let screen = h.screen();
    assert!(screen.contains("Second story"), "{screen}");
    assert!(screen.contains("The body of the Second story."), "{screen}");
    assert!(
        !screen.contains("Third story"),
        "list hidden when narrow:\n{screen}"
    );
    h.keys("<Esc>");
    assert_eq!(h.app.focus(), Focus::List);
    assert!(h.screen().contains("Third story"));
    for open in ["l", "<Right>"] {
        h.keys(open);
        assert_eq!(h.app.focus(), Focus::Reader, "{open}");
        h.keys("h");
        assert_eq!(h.app.focus(), Focus::List);
    }
    h.keys("<Enter><BS>");
    assert_eq!(h.app.focus(), Focus::List);
}

#[test]
fn wide_screen_shows_both_and_tab_switches_focus() {
    let mut h = harness(120, 30);
    let screen = h.screen();
    assert!(
        screen.contains("Third story") && screen.contains("The body of the Third story."),
        "{screen}"
    );
    h.keys("<Tab>");
    assert_eq!(h.app.focus(), Focus::Reader);
    h.keys("<Tab>");
    assert_eq!(h.app.focus(), Focus::List);
    // The reader follows the selection.
    h.keys("j");
    assert!(h.screen().contains("The body of the Second story."));
}

#[test]
fn next_and_previous_article_from_the_reader() {
    let mut h = harness(80, 24);
    h.keys("<Enter>J");
    assert_eq!(selected_title(&h), "Second story");
    assert!(h.screen().contains("The body of the Second story."));
    h.keys("JJJJ");
    assert_eq!(selected_title(&h), "Long story");
    h.keys("K");
    assert_eq!(selected_title(&h), "First story");
    assert_eq!(h.app.focus(), Focus::Reader);
}

#[test]
fn reader_scrolls_by_line_page_and_half_page() {
    let mut h = harness(80, 24);
    h.keys("G<Enter>");
    let top = |h: &Harness| h.app.reader().unwrap().top();
    assert_eq!(top(&h), 0);
    h.keys("jj");
    assert_eq!(top(&h), 2);
    h.keys("k");
    assert_eq!(top(&h), 1);
    // 24 rows: 23 for the pane, one of them a margin, so 22 rows of text.
    h.keys("<C-d>");
    assert_eq!(top(&h), 12);
    h.keys("u");
    assert_eq!(top(&h), 1);
    h.keys("<Space>");
    assert_eq!(top(&h), 21);
    h.keys("b");
    assert_eq!(top(&h), 1);
    h.keys("G");
    assert!(h.screen().contains("Paragraph 120"));
    assert!(h.screen().contains("100%"));
    h.keys("g");
    assert_eq!(top(&h), 0);
}

#[test]
fn reading_positions_are_remembered_per_article() {
    let mut h = harness(80, 24);
    h.keys("G<Enter><C-d><C-d>");
    let position = h.app.reader().unwrap().position();
    assert!(position.is_some());
    h.keys("K");
    assert_eq!(h.app.reader().unwrap().top(), 0);
    h.keys("J");
    assert_eq!(h.app.reader().unwrap().position(), position);
    // Back at the top, the old position is forgotten.
    h.keys("gKJ");
    assert_eq!(h.app.reader().unwrap().top(), 0);
}

#[test]
fn a_burst_of_moves_loads_only_the_article_shown() {
    let mut h = harness(120, 24);
    h.keys_in_one_burst("jjj");
    let loads: Vec<usize> = h
        .app
        .take_effects()
        .iter()
        .filter_map(|effect| match effect {
            Effect::Load { id, .. } => Some(*id),
            _ => None,
        })
        .collect();
    assert_eq!(loads, [h.app.reader().unwrap().id]);
}

#[test]
fn resize_keeps_the_first_visible_text() {
    let mut h = harness(120, 30);
    h.keys("G<Tab><C-d><C-d>jjj");
    let offset = h.app.reader().unwrap().position().expect("in the body");
    for (w, hgt) in [(80, 24), (100, 40), (60, 20), (120, 30)] {
        h.resize(w, hgt);
        let reader = h.app.reader().unwrap();
        let layout = reader.layout().unwrap();
        // The row at the top of the screen is the one holding the old first byte.
        assert_eq!(reader.top(), layout.row_of_offset(offset), "{w}x{hgt}");
        let top_range = &layout.rows[reader.top()].range;
        assert!(
            top_range.start <= offset && offset <= top_range.end.max(top_range.start),
            "{w}x{hgt}"
        );
    }
}

#[test]
fn full_width_reading_hides_the_list() {
    let mut h = harness(120, 30);
    h.keys("<Tab>w");
    let screen = h.screen();
    assert!(!screen.contains("Second story"), "{screen}");
    h.keys("w");
    assert!(h.screen().contains("Second story"));
    h.keys("w<Esc>");
    assert_eq!(h.app.focus(), Focus::List);
    assert!(h.screen().contains("Second story"));
}

#[test]
fn sort_cycles_and_keeps_the_selection() {
    let mut h = harness(80, 24);
    h.keys("j");
    h.keys("o");
    assert_eq!(selected_title(&h), "Second story");
    assert!(h.screen().contains("sorted by date ↑"));
    assert_eq!(
        list_titles(&h),
        ["Long story", "First story", "Second story", "Third story"]
    );
    h.keys("o");
    assert_eq!(
        list_titles(&h),
        ["First story", "Long story", "Second story", "Third story"]
    );
    h.keys("oo");
    assert_eq!(
        h.app.library().iter().next().unwrap().meta.title,
        "Third story"
    );
    assert!(h.screen().contains("sorted by date ↓"));
}

#[test]
fn help_overlay_lists_keys_from_the_keymap_and_closes() {
    let mut h = harness(80, 40);
    h.keys("?");
    assert_eq!(h.app.overlay(), Some(Overlay::Help { scroll: 0 }));
    let screen = h.screen();
    assert!(screen.contains("Keys"), "{screen}");
    assert!(screen.contains("<C-d>"), "{screen}");
    assert!(screen.contains("next article"), "{screen}");
    // q closes the overlay rather than quitting.
    h.keys("q");
    assert_eq!(h.app.overlay(), None);
    assert!(!h.app.should_quit());
    h.keys("<F1><Esc>");
    assert_eq!(h.app.overlay(), None);
}

#[test]
fn help_scrolls_when_taller_than_the_screen() {
    let mut h = harness(80, 12);
    h.keys("?jjj");
    assert_eq!(h.app.overlay(), Some(Overlay::Help { scroll: 3 }));
    h.keys("G");
    let Some(Overlay::Help { scroll }) = h.app.overlay() else {
        panic!()
    };
    assert!(scroll > 3);
    assert!(h.screen().contains(" of "));
}

#[test]
fn quit_with_q_or_ctrl_c() {
    let mut h = harness(80, 24);
    h.keys("q");
    assert!(h.app.should_quit());
    let mut h = harness(80, 24);
    h.keys("<Enter><C-c>");
    assert!(h.app.should_quit());
    let mut h = harness(80, 24);
    h.keys("?<C-c>");
    assert!(h.app.should_quit());
}

#[test]
fn a_single_article_opens_in_the_reader() {
    let text = std::fs::read_to_string(crate::fixture("harbour-toll.txt")).unwrap();
    let mut h = Harness::with_articles(120, 30, &[("toll.txt", &text)]);
    assert_eq!(h.app.focus(), Focus::Reader);
    let screen = h.screen();
    // Full width: the title is centred in the whole screen, with no list beside it.
    assert!(
        screen.starts_with("\n                    Kestrel Bay council approves"),
        "{screen}"
    );
    assert!(!screen.contains('│'), "{screen}");
    h.keys("<Esc>");
    assert_eq!(h.app.focus(), Focus::List);
}

#[test]
fn unbound_keys_do_nothing() {
    let mut h = harness(80, 24);
    let before = h.screen();
    h.keys("xZ%<F9>");
    assert_eq!(h.screen(), before);
}

const QUOTED: &str = "2020-05-01\n\nLifeboat coxswain retires\n\n\"It has been the privilege of my life,\" Idris Pennock said on Saturday.\n\n\"He never once hesitated,\" said Ruth Danby, the operations manager.\n\nMs Danby thanked Mr Pennock and the Harbour Trust.\n";

#[test]
fn brackets_jump_between_quotations() {
    let mut h = Harness::with_articles(80, 24, &[("a.txt", QUOTED)]);
    h.keys("]");
    assert!(
        h.screen().contains("quotation 1/2 · Idris Pennock"),
        "{}",
        h.screen()
    );
    let focus = h.app.reader().unwrap().focus().unwrap();
    let body = &h.app.reader().unwrap().document().unwrap().article.body;
    assert!(body[focus].starts_with("\"It has been"));
    h.keys("]");
    assert!(h.screen().contains("quotation 2/2 · Ruth Danby"));
    h.keys("]");
    assert!(h.screen().contains("no quotation after this one"));
    h.keys("[");
    assert!(h.screen().contains("quotation 1/2"));
}

#[test]
fn braces_step_through_names_and_the_panel_chooses_one() {
    let mut h = Harness::with_articles(80, 24, &[("a.txt", QUOTED)]);
    h.keys("}");
    assert!(h.screen().contains("name 1/"), "{}", h.screen());
    h.keys("e");
    assert!(matches!(
        h.app.overlay(),
        Some(Overlay::Entities { selected: 0 })
    ));
    let screen = h.screen();
    assert!(screen.contains("People and organisations"), "{screen}");
    assert!(
        screen.contains("Ruth Danby") && screen.contains("2 mentions · 1 quotation"),
        "{screen}"
    );
    // Row 0 shows every name; the people follow, most mentioned first.
    h.keys("j<Enter>");
    assert_eq!(h.app.overlay(), None);
    let chosen = h
        .app
        .reader()
        .unwrap()
        .entity()
        .expect("an entity is chosen");
    let document = h.app.reader().unwrap().document().unwrap();
    let name = document.analysis.entities[chosen].name.clone();
    assert!(
        h.screen().contains(&format!("{name} 1/2")),
        "{}",
        h.screen()
    );
    h.keys("}");
    assert!(h.screen().contains(&format!("{name} 2/2")));
    // Esc clears the highlight first, then leaves the reader.
    h.keys("<Esc>");
    assert_eq!(h.app.reader().unwrap().entity(), None);
    assert_eq!(h.app.focus(), Focus::Reader);
    h.keys("<Esc>");
    assert_eq!(h.app.focus(), Focus::List);
}

#[test]
fn reader_header_counts_quotations_and_people() {
    let mut h = Harness::with_articles(100, 24, &[("a.txt", QUOTED)]);
    assert!(
        h.screen().contains("2 quotations · 2 people"),
        "{}",
        h.screen()
    );
}

#[test]
fn y_copies_what_is_chosen_and_says_so() {
    let mut h = Harness::samples(100, 24);
    let list = h.keys("y").screen();
    assert!(list.contains("copied title and path"), "{list}");
    let reader = h.keys("<Enter>y").screen();
    assert!(reader.contains("copied the paragraph"), "{reader}");
    let quote = h.keys("]y").screen();
    assert!(quote.contains("copied the quotation"), "{quote}");
    let whole = h.keys("Y").screen();
    assert!(whole.contains("copied the article"), "{whole}");
}

#[test]
fn a_stray_escape_before_a_key_is_escape_then_the_key() {
    use folio::app::Event;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    // ESC then j sent together arrives as Alt+j: the selection still moves.
    let mut h = Harness::samples(100, 30);
    h.event(Event::Key(KeyEvent::new(
        KeyCode::Char('j'),
        KeyModifiers::ALT,
    )));
    assert_eq!(h.app.selected(), 1);
    // In the filter prompt, ESC then a space closes the prompt (as Escape does)
    // and the space pages down; nothing is typed and nothing is lost.
    h.keys("/ab");
    h.event(Event::Key(KeyEvent::new(
        KeyCode::Char(' '),
        KeyModifiers::ALT,
    )));
    assert!(h.app.prompt().is_none());
    assert!(h.app.selected() > 1, "the space paged down");
}

#[test]
fn a_paste_goes_into_the_prompt_at_once_cleaned_and_capped() {
    use folio::app::Event;
    let mut h = Harness::samples(100, 30);
    h.keys("/");
    h.event(Event::Paste("harbour\nbridge\t\u{1b}[2J\u{200b}".into()));
    assert_eq!(h.app.prompt().expect("prompt").text, "harbour bridge [2J");
    // An enormous paste is cut to a size any query fits in.
    h.keys("<C-u>");
    h.event(Event::Paste("a".repeat(8_000)));
    assert_eq!(h.app.prompt().expect("prompt").text.len(), 1_000);
    // Outside a prompt a paste does nothing.
    h.keys("<Esc>");
    let before = h.screen();
    h.event(Event::Paste("jjjj".into()));
    assert_eq!(h.screen(), before);
}

/// The reader shows an article's text before its analysis is done (the analysis
/// runs on a worker); the highlights arrive without moving the reading position.
#[test]
fn the_text_shows_first_and_the_highlights_arrive_in_place() {
    use folio::app::{Awaiting, Event};
    use folio::document::Document;
    use std::sync::Arc;

    let mut text = String::from("Harbour vote\n\n");
    for n in 1..=40 {
        let _ = write!(
            text,
            "\"We voted for the toll,\" said Ana Ruiz of the Harbour Board in paragraph {n}.\n\n"
        );
    }
    let mut harness = Harness::with_articles_in_colour(70, 16, &[("vote.txt", &text)]);
    harness.keys("<Enter>");
    let reader = harness.app.reader().expect("reader open");
    let id = reader.id;
    let analysed = reader.document().expect("loaded");
    assert!(analysed.analysed && !analysed.analysis.quotes.is_empty());
    let plain = Arc::new(Document::unanalysed(analysed.article.clone()));

    // The text alone arrives: the app asks for its analysis and shows it plain.
    harness.app.handle(Event::Loaded {
        id,
        result: Ok(Arc::clone(&plain)),
    });
    let effects = harness.app.take_effects();
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Analyse { id: asked, .. } if *asked == id)),
        "{effects:?}"
    );
    assert_eq!(harness.app.awaiting_content(), Some(Awaiting::Highlights));
    harness.keys("jjjjjjj");
    let top = harness.app.reader().expect("reader").top();
    assert!(top > 0);
    let before = harness.buffer();
    harness.keys("]");
    assert!(harness.screen().contains("still finding the quotations"));

    let done = plain.analysed(&|| false).expect("not cancelled");
    harness.event(Event::Analysed {
        id,
        document: Arc::new(done),
    });
    assert_eq!(harness.app.awaiting_content(), None);
    assert_eq!(harness.app.reader().expect("reader").top(), top);
    let after = harness.buffer();
    let body_rows = |buffer: &ratatui::buffer::Buffer| {
        crate::harness::screen_text(buffer)
            .lines()
            .take(14)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(body_rows(&before), body_rows(&after), "the text moved");
    assert_ne!(before, after, "no highlights arrived");
    harness.keys("]");
    assert!(
        harness.screen().contains("/40 · Ana Ruiz"),
        "{}",
        harness.screen()
    );

    // A cancelled analysis gives nothing.
    assert!(plain.analysed(&|| true).is_none());
}

/// A long article is first laid out only as far as its first screen; the first
/// key lays out the rest, so it can go anywhere in the article.
#[test]
fn a_long_article_shows_its_first_screen_and_then_all_of_it() {
    let mut text = String::from("Ledger of the harbour board\n\n");
    for n in 1..=3_000 {
        let _ = write!(
            text,
            "Entry {n} of the harbour ledger records a toll paid at the north gate, \
             with the name of the boat and the hour.\n\n"
        );
    }
    text.push_str("The last entry closes the ledger.\n");
    assert!(text.len() > 300 * 1024);
    let mut harness = Harness::with_articles(70, 16, &[("ledger.txt", &text)]);
    let reader = harness
        .app
        .reader()
        .expect("the reader shows the selection");
    assert!(reader.layout_is_partial(), "the whole article was laid out");
    assert!(harness.screen().contains("Entry 1 of the harbour"));
    harness.keys("<Enter>G");
    let reader = harness.app.reader().expect("reader open");
    assert!(!reader.layout_is_partial());
    let screen = harness.screen();
    assert!(
        screen.contains("The last entry closes the ledger."),
        "{screen}"
    );
    assert!(screen.contains("100%"), "{screen}");
}
