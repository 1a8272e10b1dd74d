//! Screen snapshots of the main views at 120×40 and 80×24, a styled buffer
//! snapshot, degenerate sizes and the empty state.

use insta::{assert_debug_snapshot, assert_snapshot};

use crate::fixture;
use crate::harness::Harness;

#[test]
fn list_and_reader_120x40() {
    let mut h = Harness::samples(120, 40);
    assert_snapshot!(h.keys("jj").screen());
}

#[test]
fn list_80x24() {
    let mut h = Harness::samples(80, 24);
    assert_snapshot!(h.screen());
}

#[test]
fn reader_80x24() {
    let mut h = Harness::samples(80, 24);
    assert_snapshot!(h.keys("jj<Enter>").screen());
}

#[test]
fn reader_scrolled_120x40() {
    let mut h = Harness::samples(120, 40);
    assert_snapshot!(h.keys("<Tab><C-d><C-d>").screen());
}

#[test]
fn chinese_and_emoji_articles_80x24() {
    let mut h = Harness::samples(80, 24);
    h.keys("<Enter>");
    let mut screens = Vec::new();
    for _ in 0..h.app.library().len() {
        let title = h
            .app
            .library()
            .at(h.app.selected())
            .unwrap()
            .meta
            .title
            .clone();
        if title.contains('渡') || title.contains("spaniel") {
            screens.push(h.screen());
        }
        h.keys("J");
    }
    assert_eq!(screens.len(), 2);
    assert_snapshot!(screens.join("\n\n----\n\n"));
}

#[test]
fn help_overlay_80x24() {
    let mut h = Harness::samples(80, 24);
    assert_snapshot!(h.keys("?").screen());
}

#[test]
fn problems_view_80x24() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("harbour-toll.txt"), dir.path().join("toll.txt")).unwrap();
    std::fs::write(dir.path().join("broken.txt"), [0u8, 1, 2, 0, 0, 0, 7, 0, 0]).unwrap();
    std::fs::write(
        dir.path().join("old.txt"),
        b"Caf\xe9 reopens\n\nThe caf\xe9 is open again.\n",
    )
    .unwrap();
    let mut h = Harness::with_paths(80, 24, &[dir.path().to_path_buf()]);
    let screen = h
        .keys("!")
        .screen()
        .replace(&dir.path().display().to_string(), "DIR");
    assert_snapshot!(screen);
}

#[test]
fn problems_view_scrolls_through_many_problems() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("harbour-toll.txt"), dir.path().join("toll.txt")).unwrap();
    for n in 0..40 {
        std::fs::write(dir.path().join(format!("empty-{n:02}.txt")), b"").unwrap();
    }
    let mut h = Harness::with_paths(80, 24, &[dir.path().to_path_buf()]);
    let screen = h.keys("!").screen();
    assert!(screen.contains("empty-00.txt"), "{screen}");
    assert!(screen.contains("1–19 of 80"), "{screen}");
    // The last page ends with the last problem's reason.
    let screen = h.keys("G").screen();
    assert!(screen.contains("62–80 of 80"), "{screen}");
    assert!(screen.contains("empty-39.txt"), "{screen}");
    assert!(!screen.contains("empty-29.txt"), "{screen}");
    let rows: Vec<&str> = screen.lines().collect();
    let bottom = rows.iter().position(|l| l.contains('╰')).unwrap();
    assert!(rows[bottom - 1].contains("skipped: empty file"), "{screen}");
    assert!(rows[bottom - 2].contains("empty-39.txt"), "{screen}");
}

#[test]
fn empty_archive_shows_what_was_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("photo.jpg"), b"\xff\xd8\xff").unwrap();
    let mut h = Harness::with_paths(80, 24, &[dir.path().to_path_buf()]);
    let screen = h.screen().replace(&dir.path().display().to_string(), "DIR");
    assert_snapshot!(screen);
}

#[test]
fn styled_reader_buffer() {
    let mut h = Harness::with_articles_in_colour(
        60,
        14,
        &[(
            "toll.txt",
            &std::fs::read_to_string(fixture("harbour-toll.txt")).unwrap(),
        )],
    );
    assert_debug_snapshot!(h.keys("<Enter>").buffer());
}

#[test]
fn degenerate_sizes_never_panic() {
    for (w, hgt) in [(0, 0), (1, 1), (2, 2), (20, 5), (5, 20), (100, 3), (300, 2)] {
        let mut h = Harness::samples(w, hgt);
        for keys in [
            "",
            "jjG",
            "<Enter>",
            "<C-d>G",
            "?",
            "<Esc>!",
            "<Esc><Tab>w",
            "J",
            "o",
        ] {
            h.keys(keys);
            let _ = h.screen();
        }
    }
}

#[test]
fn tiny_terminal_still_shows_something_sane() {
    let mut h = Harness::samples(20, 5);
    let screen = h.screen();
    assert!(screen.lines().count() == 5);
    assert!(
        screen.lines().next().unwrap().contains("Linwater Sands"),
        "{screen}"
    );
}

#[test]
fn styled_highlights_buffer() {
    let text = "Lifeboat coxswain retires\n\n\"It has been the privilege of my life,\" Idris Pennock said.\n\nThe Harbour Trust thanked him in Kestrel Bay.\n";
    let mut h = Harness::with_articles_in_colour(60, 10, &[("a.txt", text)]);
    assert_debug_snapshot!(h.keys("}").buffer());
}

/// Quotations, names and matches keep their meaning without colour: bold, italic,
/// underline and reverse only (`NO_COLOR`, `--color never`).
#[test]
fn no_colour_styles_buffer() {
    let text = "Lifeboat coxswain retires\n\n\"It has been the privilege of my life,\" Idris Pennock said.\n\n> The Harbour Trust thanked him in Kestrel Bay.\n";
    let mut h = Harness::with_articles(60, 10, &[("a.md", text)]);
    let buffer = h.keys("<Enter>/Harbour<Enter>").buffer();
    for cell in buffer.content() {
        assert!(
            cell.fg == ratatui::style::Color::Reset && cell.bg == ratatui::style::Color::Reset,
            "a colour without colour: {cell:?}"
        );
    }
    assert_debug_snapshot!(buffer);
}

#[test]
fn ascii_list_reader_and_help_100x20() {
    let mut config = folio::config::Config::defaults().unwrap();
    config.ascii = true;
    let text = "Lifeboat coxswain retires\n\n> \"It has been the privilege of my life,\" Idris Pennock said.\n\n- one\n- two\n";
    let mut h = Harness::with_config(
        100,
        20,
        &[("a.md", text), ("b.txt", "Second\n\nBody.\n")],
        config,
    );
    let screen = h.keys("<Tab>").screen();
    let help = h.keys("?").screen();
    for line in screen.lines().chain(help.lines()) {
        // No box drawing, block elements, bullets or arrowheads.
        assert!(
            !line
                .chars()
                .any(|c| ('\u{2500}'..='\u{25FF}').contains(&c) || c == '•'),
            "{line}"
        );
    }
    assert_snapshot!(format!("{screen}\n\n{help}"));
}
