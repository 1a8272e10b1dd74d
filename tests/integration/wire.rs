//! Bytes on the wire: what folio's terminal writer sends for the first frame and
//! for scrolling a real article at 100×30, the size the SSH targets are measured at
//! (`less` sends about 1,800 bytes for its first screen and 110 for a line).

use folio::term::Screen;
use ratatui::layout::Rect;

use crate::harness::Harness;

const DAM_REPORT: &str =
    include_str!("../../assets/articles/2018-11-14-haddon-dam-inquiry-report.txt");

/// Draws the app's next frame and returns the bytes it took.
fn frame(screen: &mut Screen<Vec<u8>>, harness: &Harness) -> usize {
    frame_bytes(screen, harness).len()
}

fn frame_bytes(screen: &mut Screen<Vec<u8>>, harness: &Harness) -> Vec<u8> {
    screen
        .draw(|buf| folio::ui::draw(&harness.app, buf))
        .expect("draw");
    std::mem::take(screen.out())
}

#[test]
fn scrolling_sends_the_rows_that_come_into_view_not_the_screen() {
    let mut harness = Harness::with_articles(100, 30, &[("dam.txt", DAM_REPORT)]);
    let mut screen = Screen::new(Vec::new(), Rect::new(0, 0, 100, 30));
    let first = frame(&mut screen, &harness);
    harness.keys("j");
    let down = frame(&mut screen, &harness);
    harness.keys("k");
    let up = frame(&mut screen, &harness);
    harness.keys(" ");
    let page = frame(&mut screen, &harness);
    let unchanged = frame(&mut screen, &harness);
    // A screen of text is about 2,000 bytes; a line one row of it.
    assert!((1_000..2_400).contains(&first), "first frame {first} B");
    assert!(down < 220, "one line down {down} B");
    assert!(up < 220, "one line up {up} B");
    assert!(page < 2_400, "a page {page} B");
    assert_eq!(unchanged, 0, "nothing changed, nothing sent");
}

#[test]
fn side_by_side_a_line_rewrites_the_reader_rows_only() {
    let others: Vec<String> = (0..40)
        .map(|i| format!("Other story {i}\n\nText of story {i}.\n"))
        .collect();
    let mut articles = vec![("dam.txt".to_owned(), DAM_REPORT.to_owned())];
    articles.extend(
        others
            .into_iter()
            .enumerate()
            .map(|(i, t)| (format!("{i}.txt"), t)),
    );
    let articles: Vec<(&str, &str)> = articles
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let mut harness = Harness::with_articles(120, 30, &articles);
    harness.keys("<Enter>");
    let mut screen = Screen::new(Vec::new(), Rect::new(0, 0, 120, 30));
    let first = String::from_utf8(frame_bytes(&mut screen, &harness)).expect("UTF-8");
    harness.keys("j");
    let down = String::from_utf8(frame_bytes(&mut screen, &harness)).expect("UTF-8");
    // The list beside the reader does not move, so the terminal cannot scroll
    // the band (that needs left and right margins, which tmux lacks): the
    // reader's rows are rewritten, and the list's are not.
    assert!(first.contains("Other story 12"));
    assert!(!down.contains("Other story"), "{down:?}");
    assert!(down.len() < first.len());
}

/// Where the frame puts the terminal's cursor.
fn cursor(harness: &Harness) -> Option<(u16, u16)> {
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 100, 20));
    folio::ui::draw(&harness.app, &mut buf).map(|p| (p.x, p.y))
}

#[test]
fn the_cursor_option_keeps_the_cursor_on_the_selection_and_the_match() {
    let articles = [
        ("a.txt", "Alpha\n\nThe harbour pilot spoke.\n"),
        (
            "b.txt",
            "Beta\n\nFirst line.\n\nThe pilot said the harbour was \"closed\".\n",
        ),
    ];
    let mut config = folio::config::Config::defaults().expect("defaults");
    // Off (the default), the cursor stays hidden.
    let harness = Harness::with_config(100, 20, &articles, config.clone());
    assert_eq!(cursor(&harness), None);
    config.cursor = true;
    let mut harness = Harness::with_config(100, 20, &articles, config);
    let first = cursor(&harness).expect("cursor on the list");
    harness.keys("j");
    let second = cursor(&harness).expect("cursor on the list");
    assert_eq!((second.0, second.1), (first.0, first.1 + 1));
    // In the reader: on the current match, at its first letter.
    harness.keys("<Enter>/harbour<Enter>");
    let screen = harness.screen();
    let (x, y) = cursor(&harness).expect("cursor in the reader");
    let row: Vec<char> = screen
        .lines()
        .nth(usize::from(y))
        .expect("row")
        .chars()
        .collect();
    let at: String = row[usize::from(x)..usize::from(x) + 7].iter().collect();
    assert_eq!(at, "harbour", "{screen}");
    // A prompt's cursor wins.
    harness.keys("/har");
    let (x, y) = cursor(&harness).expect("prompt cursor");
    assert_eq!(y, 19);
    assert!(x > 0);
}
