//! Search: in the article (incremental, smart case, regex, wrap-around, history),
//! the list's live filter, and the archive search, joined deterministically (the
//! harness runs the worker's search to completion before the next key).

use std::fmt::Write as _;

use folio::app::{Focus, Place};

use crate::harness::Harness;

/// A long article so that searching has to scroll, and a few short ones.
fn archive() -> Vec<(String, String)> {
    let mut long = String::from("2020-01-05\n\nHarbour dredging report\n\n");
    for n in 1..=60 {
        let word = if n % 20 == 0 { "dredger" } else { "boat" };
        let _ = write!(
            long,
            "Paragraph {n} mentions the {word} and the tide at Kestrel Bay.\n\n"
        );
    }
    long.push_str("The Écluse team said the ÉCLUSE gates and the écluse walls were sound.\n\nA final harbour\nmaster's note ends the report.\n");
    vec![
        ("long.txt".into(), long),
        ("a.txt".into(), "2020-01-04\n\nFerry timetable changes\n\nThe ferry sails twice a day.\n".into()),
        ("b.txt".into(), "2020-01-03\n\nStorm closes the pass\n\nSnow fell on the pass. The dredger stayed in port.\n".into()),
        ("c.txt".into(), "2020-01-02\n\nLibrary hours cut\n\nThe library will close on Mondays.\n".into()),
    ]
}

fn harness() -> Harness {
    let articles = archive();
    let refs: Vec<(&str, &str)> = articles
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    Harness::with_articles(80, 24, &refs)
}

fn current_match_text(h: &Harness) -> String {
    let reader = h.app.reader().unwrap();
    let search = reader.search().unwrap();
    let (place, range) = search.hit(search.current.unwrap()).unwrap();
    let document = reader.document().unwrap();
    match place {
        Place::Title => document.article.meta.title[range].to_owned(),
        Place::Body => document.article.body[range].to_owned(),
    }
}

#[test]
fn incremental_search_moves_as_you_type_and_esc_goes_back() {
    let mut h = harness();
    h.keys("<Enter>jj");
    let start = h.app.reader().unwrap().top();
    h.keys("/dredg");
    let screen = h.screen();
    assert!(screen.contains("/dredg"), "{screen}");
    // The title's "dredging" is match 1; the first at or after the position is 2.
    assert!(screen.contains("[2/4]"), "{screen}");
    assert_eq!(current_match_text(&h), "dredg");
    let moved = h.app.reader().unwrap().top();
    assert!(moved > start, "scrolled to the match");
    // The current match is on screen, with context above it.
    assert!(h.screen().contains("Paragraph 20 mentions the dredger"));
    h.keys("<Esc>");
    assert_eq!(h.app.reader().unwrap().top(), start);
    assert!(h.app.reader().unwrap().search().is_none());
    assert!(h.app.prompt().is_none());
}

#[test]
fn a_long_query_scrolls_to_keep_the_cursor_in_view() {
    let mut h = harness();
    let query = (0..25)
        .map(|n| format!("q{n:02}"))
        .collect::<Vec<_>>()
        .join(" ");
    h.keys("<Enter>/").keys(&query);
    let screen = h.screen();
    let status = screen.lines().last().unwrap();
    assert!(status.contains("q24"), "{status}");
    assert!(!status.contains("q00"), "{status}");
    // Back to the start of the line, the start shows again.
    h.keys("<C-a>");
    let screen = h.screen();
    let status = screen.lines().last().unwrap();
    assert!(status.contains("/q00 q01"), "{status}");
}

#[test]
fn esc_goes_back_to_the_same_text_after_a_resize() {
    let mut h = harness();
    h.keys("<Enter>jjjjjjjjjj");
    let position = h.app.reader().unwrap().position().unwrap();
    h.keys("/dredg");
    h.resize(50, 24);
    h.keys("<Esc>");
    let reader = h.app.reader().unwrap();
    assert_eq!(reader.position(), Some(position));
    let layout = reader.layout().unwrap();
    assert_eq!(reader.top(), layout.row_of_offset(position));
}

#[test]
fn enter_keeps_the_position_and_n_steps_with_wrap_notice() {
    let mut h = harness();
    h.keys("<Enter>/dredger<Enter>");
    assert!(h.app.prompt().is_none());
    assert!(h.screen().contains("[1/3]"));
    h.keys("n");
    assert!(h.screen().contains("[2/3]"));
    h.keys("n");
    assert!(h.screen().contains("[3/3]"));
    h.keys("n");
    let screen = h.screen();
    assert!(screen.contains("[1/3]"), "{screen}");
    assert!(
        screen.contains("search hit the bottom, continuing at the top"),
        "{screen}"
    );
    h.keys("N");
    assert!(
        h.screen()
            .contains("search hit the top, continuing at the bottom")
    );
    assert!(h.screen().contains("[3/3]"));
}

#[test]
fn the_title_is_searched_too() {
    let mut h = harness();
    h.keys("<Enter>/harbour<Enter>");
    let search = h.app.reader().unwrap().search().unwrap();
    assert_eq!(search.len(), 2);
    assert_eq!(search.hit(0).unwrap().0, Place::Title);
    assert_eq!(h.app.reader().unwrap().top(), 0);
}

#[test]
fn a_match_may_span_a_line_break() {
    let mut h = harness();
    h.keys("<Enter>/harbour master<Enter>");
    assert_eq!(current_match_text(&h), "harbour master");
    assert!(h.screen().contains("[1/1]"));
}

#[test]
fn smart_case_with_non_ascii_letters() {
    let mut h = harness();
    h.keys("<Enter>/écluse<Enter>");
    assert!(
        h.screen().contains("[1/3]"),
        "lower case ignores case: {}",
        h.screen()
    );
    h.keys("/<C-u>Écluse<Enter>");
    assert!(
        h.screen().contains("[1/1]"),
        "a capital makes it exact: {}",
        h.screen()
    );
}

#[test]
fn regex_toggle_and_invalid_regex() {
    let mut h = harness();
    h.keys("<Enter>/tide|ferry");
    assert!(h.screen().contains("[0]"), "literal by default");
    h.keys("<C-r>");
    let screen = h.screen();
    assert!(screen.contains("regex"), "{screen}");
    assert!(screen.contains("/60]"), "{screen}");
    h.keys("<C-u>(tide");
    let screen = h.screen();
    assert!(screen.contains("invalid regex: unclosed group"), "{screen}");
    h.keys("<Enter>");
    assert!(h.screen().contains("invalid regex"));
}

#[test]
fn history_is_kept_and_walked_with_up_and_down() {
    let mut h = harness();
    h.keys("<Enter>/boat<Enter>/tide<Enter>/<Up>");
    assert!(h.screen().contains("/tide"));
    h.keys("<Up>");
    assert!(h.screen().contains("/boat"));
    h.keys("<Down><Down>");
    assert_eq!(h.app.prompt().unwrap().text, "");
}

#[test]
fn backspace_on_an_empty_prompt_closes_it() {
    let mut h = harness();
    h.keys("<Enter>/x<BS><BS>");
    assert!(h.app.prompt().is_none());
}

#[test]
fn list_filter_is_live_and_esc_clears_it() {
    let mut h = harness();
    h.keys("/pass");
    let screen = h.screen();
    assert!(screen.contains("Storm closes the pass"), "{screen}");
    assert!(!screen.contains("Library hours cut"), "{screen}");
    assert!(screen.contains("1/4"), "{screen}");
    h.keys("<Enter>");
    assert!(h.screen().contains("filter: 1/4"));
    assert_eq!(h.app.library().len(), 1);
    h.keys("<Esc>");
    assert_eq!(h.app.library().len(), 4);
    assert!(!h.screen().contains("filter:"));
}

#[test]
fn esc_in_the_filter_prompt_keeps_the_chosen_article() {
    let mut h = harness();
    h.keys("/library<Esc>");
    assert!(h.app.prompt().is_none());
    assert_eq!(h.app.library().len(), 4);
    let id = h.app.library().id_at(h.app.selected()).unwrap();
    let title = &h.app.library().entry(id).unwrap().meta.title;
    assert_eq!(title, "Library hours cut");
}

#[test]
fn archive_search_lists_hits_and_opens_at_the_first_one() {
    let mut h = harness();
    h.keys("Fdredger<Enter>");
    let results = h.app.results().expect("results are shown");
    assert!(results.done());
    assert_eq!(results.hits.len(), 2);
    assert_eq!(results.match_count(), 4);
    let screen = h.screen();
    assert!(screen.contains("4 matches in 2 articles"), "{screen}");
    assert!(screen.contains("Harbour dredging report"), "{screen}");
    assert!(screen.contains("The dredger stayed in port"), "{screen}");
    h.keys("j<Enter>");
    assert_eq!(h.app.focus(), Focus::Reader);
    let screen = h.screen();
    assert!(screen.contains("Storm closes the pass"), "{screen}");
    assert!(
        screen.contains("[1/1]"),
        "the in-article search is active: {screen}"
    );
    // Back to the results, and Esc closes them.
    h.keys("<Esc>");
    assert!(h.app.results().is_some());
    h.keys("<Esc>");
    assert!(h.app.results().is_none());
}

#[test]
fn archive_search_continues_with_n_in_the_article() {
    let mut h = harness();
    h.keys("Fdredger<Enter><Enter>");
    assert!(h.screen().contains("[1/3]"));
    h.keys("n");
    assert!(h.screen().contains("[2/3]"));
}

#[test]
fn a_new_archive_query_replaces_the_old_one() {
    let mut h = harness();
    h.keys("Fdredger<Enter>Fferry<Enter>");
    let results = h.app.results().unwrap();
    assert_eq!(results.query.text, "ferry");
    assert_eq!(results.hits.len(), 1);
}

#[test]
fn archive_search_reports_an_invalid_regex() {
    let mut h = harness();
    h.keys("F<C-r>(oops<Enter>");
    assert!(h.screen().contains("invalid regex: unclosed group"));
}

#[test]
fn nothing_found_says_so() {
    let mut h = harness();
    h.keys("Fzzzz<Enter>");
    assert!(h.screen().contains("No article matches “zzzz”"));
}
