//! Nothing in an article may reach the terminal as a control: escape sequences and
//! bidi overrides are removed before layout, in titles, bodies and file names.

use crate::harness::{Harness, screen_text};

const HOSTILE: &str = "Title \x1b]0;pwned\x07with \x1b[31mcolour\x1b[0m\n\n\
    Body \x1b]52;c;ZXZpbA==\x07text with \u{202E}reversed\u{202C} and \u{9b}2J C1 and a bell\x07.\n";

#[test]
fn hostile_content_never_reaches_the_screen() {
    let mut h = Harness::with_articles(100, 20, &[("evil\x1b[2J.txt", HOSTILE)]);
    h.keys("<Enter>");
    let buffer = h.buffer();
    for cell in buffer.content() {
        for c in cell.symbol().chars() {
            assert!(!c.is_control(), "control {c:?} on screen");
            assert!(!folio::sanitize::is_bidi_control(c), "bidi {c:?} on screen");
        }
    }
    let text = screen_text(&buffer);
    assert!(text.contains("Title with colour"), "{text}");
    assert!(
        text.contains("Body text with reversed and C1 and a bell."),
        "{text}"
    );
}

#[test]
fn hostile_file_names_are_made_visible_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad\x1b[31mname"), [0u8; 64]).unwrap();
    let mut h = Harness::with_paths(100, 20, &[dir.path().to_path_buf()]);
    let text = h.keys("!").screen();
    assert!(text.contains("bad\u{FFFD}[31mname"), "{text}");
}
