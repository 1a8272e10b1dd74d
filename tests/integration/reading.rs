//! Reading state through the key harness: read marks, stars, the unread-only view,
//! and positions, selection and sort order kept across a quit and a new start.

use std::fmt::Write as _;
use std::time::Duration;

use folio::config::Config;

use crate::harness::Harness;

/// Three short articles and one long enough to scroll.
fn articles() -> Vec<(String, String)> {
    let mut long = String::new();
    for n in 1..=60 {
        let _ = write!(
            long,
            "Paragraph {n} of the harbour report, with a line of text.

"
        );
    }
    vec![
        (
            "2021-03-01-ferry.txt".into(),
            "Ferry timetable changes\n\nThe ferry will sail twice a day.\n".into(),
        ),
        (
            "2021-03-02-harbour.txt".into(),
            format!("Harbour report published\n\n{long}"),
        ),
        (
            "2021-03-03-market.txt".into(),
            "Market hall reopens\n\nTraders returned on Monday.\n".into(),
        ),
    ]
}

fn open(config: Config, dir: &std::path::Path) -> Harness {
    let owned = articles();
    let borrowed: Vec<(&str, &str)> = owned
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    Harness::with_state(120, 30, &borrowed, config, dir)
}

fn config() -> Config {
    Config::defaults().unwrap()
}

fn row_of<'a>(screen: &'a str, title: &str) -> &'a str {
    screen
        .lines()
        .find(|line| {
            line.split('│')
                .next()
                .is_some_and(|list| list.contains(title))
        })
        .unwrap_or_else(|| panic!("no row for {title} in\n{screen}"))
}

#[test]
fn m_and_star_mark_rows_and_u_shows_unread_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(config(), dir.path());
    let screen = h.screen();
    // Newest first: market, harbour, ferry; all unread.
    assert!(
        row_of(&screen, "Market hall").starts_with("▸• "),
        "{screen}"
    );
    let screen = h.keys("m").screen();
    assert!(
        row_of(&screen, "Market hall").starts_with("▸  "),
        "{screen}"
    );
    assert!(screen.contains("2 unread"), "{screen}");
    let screen = h.keys("j*").screen();
    assert!(
        row_of(&screen, "Harbour report").starts_with("▸•*"),
        "{screen}"
    );
    assert!(screen.contains("1 starred"), "{screen}");
    let screen = h.keys("U").screen();
    assert!(!screen.contains("Market hall"), "{screen}");
    assert!(screen.contains("unread only: 2"), "{screen}");
    // Back to everything, and m again makes it unread.
    let screen = h.keys("Ugm").screen();
    assert!(
        row_of(&screen, "Market hall").starts_with("▸• "),
        "{screen}"
    );
}

#[test]
fn an_article_scrolled_is_read_and_stays_in_the_unread_view_while_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(config(), dir.path());
    h.keys("U");
    let screen = h.keys("j<Tab>jjj").screen();
    // Read now, yet still listed: it is the one being read.
    assert!(
        row_of(&screen, "Harbour report").starts_with("▸  "),
        "{screen}"
    );
    assert!(screen.contains("unread only: 2"), "{screen}");
}

#[test]
fn opened_articles_count_as_read_after_the_configured_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut quick = config();
    quick.mark_read_after = Duration::ZERO;
    let mut h = open(quick, dir.path());
    let screen = h.keys("j").screen();
    assert!(
        row_of(&screen, "Harbour report").starts_with("▸  "),
        "{screen}"
    );
    // With the default delay, a glance is not a read…
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(config(), dir.path());
    let screen = h.keys("j").screen();
    assert!(
        row_of(&screen, "Harbour report").starts_with("▸• "),
        "{screen}"
    );
    // …and the app asks to be woken when it would be.
    assert!(h.app.next_deadline().is_some());
}

#[test]
fn marks_position_selection_and_sort_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(config(), dir.path());
    // Star the ferry article, sort by title, read half the harbour report.
    h.keys("G*");
    h.keys("o").keys("o");
    let before = h.keys("gj<Tab><C-d><C-d>").screen();
    assert!(
        before.contains("sorted by title") || before.contains("title"),
        "{before}"
    );
    let top_line = before
        .lines()
        .find_map(|l| l.split_once("Paragraph ").map(|(_, rest)| rest.to_owned()))
        .expect("a paragraph on screen");
    h.keys("q");
    assert!(h.app.should_quit());
    assert!(dir.path().join("state.json").exists());

    let mut again = open(config(), dir.path());
    let after = again.screen();
    assert!(after.contains("title"), "sort order restored: {after}");
    let selected = after.lines().find(|l| l.starts_with('▸')).unwrap();
    assert!(selected.contains("Harbour report"), "{after}");
    let ferry = row_of(&after, "Ferry timetable");
    assert!(ferry.starts_with(" •*"), "{after}");
    // The reader is back at the same paragraph.
    let after = again.keys("<Tab>").screen();
    let first = after
        .lines()
        .find_map(|l| l.split_once("Paragraph ").map(|(_, rest)| rest.to_owned()))
        .unwrap();
    assert_eq!(first, top_line, "{after}");
}

#[test]
fn two_processes_keep_each_others_marks() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = open(config(), dir.path());
    let mut second = open(config(), dir.path());
    first.keys("*q");
    second.keys("G*q");
    let mut third = open(config(), dir.path());
    let screen = third.screen();
    assert!(row_of(&screen, "Market hall").contains("•*"), "{screen}");
    assert!(
        row_of(&screen, "Ferry timetable").contains("•*"),
        "{screen}"
    );
}

#[test]
fn remapped_keys_drive_the_app_and_the_help() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::from_toml(
        "[keys.list]\ntoggle_star = [\"s\"]\n",
        std::path::Path::new("config.toml"),
    )
    .unwrap();
    let mut h = open(config, dir.path());
    let screen = h.keys("s").screen();
    assert!(
        row_of(&screen, "Market hall").starts_with("▸•*"),
        "{screen}"
    );
    // `*` no longer stars; the help shows `s`.
    let screen = h.keys("j*").screen();
    assert!(
        row_of(&screen, "Harbour report").starts_with("▸• "),
        "{screen}"
    );
    let help = h.keys("?").screen();
    assert!(
        help.lines()
            .any(|l| l.contains(" s ") && l.contains("star / unstar")),
        "{help}"
    );
}

#[test]
fn the_wheel_scrolls_the_pane_under_it_and_a_click_selects_a_row() {
    use folio::app::Event;
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind, column, row| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(config(), dir.path());
    // Row 1 is the harbour report (newest first: market, harbour, ferry).
    h.event(mouse(MouseEventKind::Down(MouseButton::Left), 5, 1));
    let screen = h.screen();
    assert!(
        row_of(&screen, "Harbour report").starts_with('▸'),
        "{screen}"
    );
    // The wheel over the reader scrolls it (and so marks it read) but leaves the
    // focus on the list.
    h.event(mouse(MouseEventKind::ScrollDown, 80, 10));
    h.event(mouse(MouseEventKind::ScrollDown, 80, 10));
    let screen = h.screen();
    assert!(!screen.contains("Harbour report published\n"), "{screen}");
    assert!(
        row_of(&screen, "Harbour report").starts_with("▸  "),
        "{screen}"
    );
    assert_eq!(h.app.focus(), folio::app::Focus::List);
}

/// Set in the child process of `the_state_file_survives_kill_9_during_saves`.
const SAVE_LOOP_DIR: &str = "FOLIO_TEST_SAVE_LOOP_DIR";

/// In the child only: saves the state over and over (a growing set of marks, so
/// every write differs) until it is killed.
#[test]
fn save_loop_child() {
    let Some(dir) = std::env::var_os(SAVE_LOOP_DIR) else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let mut state = folio::state::ReadingState::default();
    for round in 0u64.. {
        for index in 0..50 {
            let key = folio::state::MarkKey {
                content_hash: round * 1_000 + index,
                index: index as usize,
            };
            state.update(key, &format!("/archive/{round}/{index}.txt"), |mark| {
                mark.read = true;
                mark.position = Some(round as usize);
            });
        }
        folio::state::reading::save(&dir, &state.take_changes()).expect("save");
    }
}

#[test]
fn the_state_file_survives_kill_9_during_saves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut kills = 0;
    let mut seen_records = 0;
    for attempt in 0..12u64 {
        let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", "reading::save_loop_child", "--nocapture"])
            .env(SAVE_LOOP_DIR, dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("child");
        // Kill at a different moment each time, mostly in the middle of a save.
        std::thread::sleep(Duration::from_millis(40 + attempt * 13));
        child.kill().expect("kill -9");
        child.wait().expect("reaped");
        kills += 1;
        let (state, warning) = folio::state::ReadingState::load(dir.path());
        assert_eq!(warning, None, "after kill {kills} the file did not parse");
        // The file only grows: every save merges into what is there.
        let records = (0..100_000u64)
            .filter(|hash| {
                let key = folio::state::MarkKey {
                    content_hash: *hash,
                    index: (*hash % 1_000) as usize,
                };
                state.mark(key).is_some()
            })
            .count();
        assert!(records >= seen_records, "kill {kills} lost saved marks");
        seen_records = records;
    }
    assert!(seen_records > 0, "the child never saved");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("corrupt"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
