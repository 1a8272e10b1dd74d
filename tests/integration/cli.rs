//! The command line: modes, output formats, exit codes and error messages.

use assert_cmd::Command;
use assert_cmd::assert::OutputAssertExt;
use predicates::prelude::*;
use serde_json::Value;

use crate::fixture;

fn folio() -> Command {
    Command::from_std(folio_without_stdin())
}

/// The same, as a plain process: its standard input is the null device, as for
/// a program started from a menu or a scheduler (`assert_cmd`'s own gives an
/// empty pipe, which is an empty article).
fn folio_without_stdin() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_folio"));
    cmd.env_remove("NO_COLOR")
        .env(
            "FOLIO_CACHE_DIR",
            std::env::temp_dir().join("folio-test-cache"),
        )
        .env(
            "XDG_STATE_HOME",
            std::env::temp_dir().join("folio-test-state"),
        )
        .stdin(std::process::Stdio::null());
    cmd
}

/// What a successful run printed.
fn stdout_of(command: &mut Command) -> String {
    let output = command.assert().success().get_output().stdout.clone();
    String::from_utf8(output).expect("UTF-8 output")
}

fn json_lines(output: &[u8]) -> Vec<Value> {
    String::from_utf8(output.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

#[test]
fn json_of_a_seed_shaped_article() {
    let out = folio()
        .arg("--json")
        .arg(fixture("harbour-toll.txt"))
        .assert()
        .success();
    let articles = json_lines(&out.get_output().stdout);
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_eq!(
        a["title"],
        "Kestrel Bay council approves harbour bridge toll"
    );
    assert_eq!(a["date"], "2019-04-12T16:15:00");
    assert_eq!(a["source"], "Harbour Post / Wirelink");
    assert_eq!(a["format"], "text");
    assert_eq!(a["index"], 0);
    assert_eq!(a["byline"], Value::Null);
    assert!(a["path"].as_str().unwrap().ends_with("harbour-toll.txt"));
    let body = a["body"].as_str().unwrap();
    let blocks = a["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 5);
    assert_eq!(blocks[1]["kind"], "caption");
    let first = &blocks[0];
    let (start, end) = (
        first["start"].as_u64().unwrap() as usize,
        first["end"].as_u64().unwrap() as usize,
    );
    assert!(body[start..end].starts_with("Kestrel Bay's council has voted"));
    assert!(body[start..end].ends_with("paid for."));
    for key in ["quotes", "names", "entities", "problems"] {
        assert!(a[key].is_array(), "{key}");
    }
}

#[test]
fn list_prints_tab_separated_rows_in_list_order() {
    let out = folio()
        .arg("--list")
        .arg(fixture("bare-shape.txt"))
        .arg(fixture("header-shape.txt"))
        .arg(fixture("harbour-toll.txt"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0][..3],
        [
            "2021-06-14T09:30:00",
            "The Valley Courier",
            "Valley mill reopens after two years"
        ]
    );
    assert_eq!(
        rows[1][..3],
        [
            "2019-04-12T16:15:00",
            "Harbour Post / Wirelink",
            "Kestrel Bay council approves harbour bridge toll"
        ]
    );
    assert_eq!(rows[2][..3], ["", "", "Snow closes the Greyhaven pass"]);
    assert!(rows[2][3].ends_with("bare-shape.txt"));
}

#[test]
fn no_path_lists_the_built_in_samples() {
    let out = folio_without_stdin().arg("--list").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.lines().count() >= 15);
    assert!(
        text.lines()
            .all(|l| l.split('\t').nth(3).unwrap().starts_with("samples/"))
    );
}

#[test]
fn missing_path_is_an_error_and_the_rest_still_prints() {
    folio()
        .args(["--list", "/nonexistent/folio-missing"])
        .arg(fixture("bare-shape.txt"))
        .assert()
        .code(1)
        .stderr("folio: /nonexistent/folio-missing: No such file or directory\n")
        .stdout(predicate::str::contains("Snow closes the Greyhaven pass"));
}

#[test]
fn missing_path_in_the_reader_is_reported_before_the_screen_opens() {
    folio()
        .arg("/nonexistent/folio-missing")
        .assert()
        .code(1)
        .stderr("folio: /nonexistent/folio-missing: No such file or directory\n");
}

#[test]
fn empty_directory_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    folio()
        .arg("--list")
        .arg(dir.path())
        .assert()
        .success()
        .stdout("")
        .stderr("");
    folio()
        .arg("--json")
        .arg(dir.path())
        .assert()
        .success()
        .stdout("");
}

#[test]
fn binary_file_is_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("blob");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 0, 0, 1, 0, 0, 0, 0]).unwrap();
    std::fs::copy(fixture("bare-shape.txt"), dir.path().join("story.txt")).unwrap();
    folio()
        .arg("--list")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(format!(
            "folio: {}: binary file (NUL bytes), not text\n",
            binary.display()
        ))
        .stdout(predicate::str::contains("Snow closes the Greyhaven pass"));
}

#[test]
fn latin1_file_is_decoded_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cafe.txt");
    std::fs::write(&path, b"Caf\xe9 reopens in Linwater\n\nThe caf\xe9 on Market Street reopened on Monday, its owner Ren\xe9e Dubois said.\n").unwrap();
    let out = folio().arg("--json").arg(&path).assert().success();
    let a = &json_lines(&out.get_output().stdout)[0];
    assert_eq!(a["title"], "Café reopens in Linwater");
    assert!(a["body"].as_str().unwrap().contains("Renée Dubois"));
    assert_eq!(
        a["problems"][0],
        "decoded as Windows-1252: invalid UTF-8 at byte 3"
    );
}

#[test]
fn stdin_is_read_as_one_article() {
    let text = std::fs::read_to_string(fixture("harbour-toll.txt")).unwrap();
    let out = folio()
        .args(["--json", "-"])
        .write_stdin(text.clone())
        .assert()
        .success();
    let a = &json_lines(&out.get_output().stdout)[0];
    assert_eq!(a["path"], "-");
    assert_eq!(
        a["title"],
        "Kestrel Bay council approves harbour bridge toll"
    );
    // A pipe with no path reads it too.
    folio()
        .arg("--list")
        .write_stdin(text)
        .assert()
        .success()
        .stdout(predicate::str::contains("\t-\n"));
}

#[test]
fn print_wraps_to_the_width_without_styles_when_colour_is_off() {
    let out = folio()
        .args(["--print", "--width", "40", "--color", "never"])
        .arg(fixture("harbour-toll.txt"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!text.contains('\x1b'));
    assert!(
        text.lines().all(|l| folio::width::str_width(l) <= 40),
        "{text}"
    );
    assert!(text.starts_with("Kestrel Bay council approves harbour\nbridge toll\n12 April 2019, 4:15 pm · Harbour Post"), "{text}");
    assert!(text.contains("\"Nobody likes paying to cross a bridge,"));
}

#[test]
fn print_styles_with_colour_always() {
    let out = folio()
        .args(["--print", "--color", "always"])
        .arg(fixture("bare-shape.txt"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.starts_with("\x1b[1;34mSnow closes the Greyhaven pass\x1b[0m"),
        "{text:?}"
    );
}

#[test]
fn no_color_env_turns_styles_off_in_auto_mode() {
    let out = folio()
        .arg("--print")
        .env("NO_COLOR", "1")
        .arg(fixture("bare-shape.txt"))
        .assert()
        .success();
    assert!(!out.get_output().stdout.contains(&0x1b));
}

#[test]
fn hostile_article_cannot_emit_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.txt");
    std::fs::write(
        &path,
        "Evil \x1b]0;title\x07headline\n\nBody \x1b[2J\x1b[31mred\u{9b}1m and \u{202E}back.\n",
    )
    .unwrap();
    let out = folio()
        .args(["--print", "--color", "never"])
        .arg(&path)
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        !text
            .chars()
            .any(|c| (c.is_control() && c != '\n') || folio::sanitize::is_bidi_control(c)),
        "{text:?}"
    );
    assert!(
        text.contains("Evil headline") && text.contains("Body red and back."),
        "{text}"
    );
}

#[test]
fn version_help_and_usage_errors() {
    folio()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("folio "));
    folio()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("--json"));
    folio().arg("--bogus").assert().code(2);
    folio().args(["--list", "--json"]).assert().code(2);
}

#[test]
fn piped_output_without_a_mode_prints() {
    let out = folio().arg(fixture("bare-shape.txt")).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.starts_with("Snow closes the Greyhaven pass\n"),
        "{text}"
    );
}

#[test]
fn search_prints_counts_titles_and_paths_in_list_order() {
    let out = folio()
        .args(["--search", "toll"])
        .arg(fixture("harbour-toll.txt"))
        .arg(fixture("bare-shape.txt"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0][..2],
        ["4", "Kestrel Bay council approves harbour bridge toll"]
    );
    assert!(rows[0][2].ends_with("harbour-toll.txt"));
}

#[test]
fn search_lists_hits_in_list_order_whatever_order_the_files_are_read_in() {
    // Path order is a, b, c; newest first is b, c, a.
    let dir = tempfile::tempdir().unwrap();
    for (name, date) in [
        ("a", "2020-01-05"),
        ("b", "2024-03-01"),
        ("c", "2022-07-19"),
    ] {
        std::fs::write(
            dir.path().join(format!("{name}.txt")),
            format!("Ferry {name}\n\n{date}\n\nThe ferry ran late.\n"),
        )
        .unwrap();
    }
    let text = stdout_of(folio().args(["--search", "ferry"]).arg(dir.path()));
    let titles: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split('\t').nth(1))
        .collect();
    assert_eq!(titles, ["Ferry b", "Ferry c", "Ferry a"], "{text}");
}

#[test]
fn search_is_smart_case_and_takes_regex() {
    let count = |args: &[&str]| {
        let out = folio()
            .args(args)
            .arg(fixture("harbour-toll.txt"))
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone())
            .unwrap()
            .split('\t')
            .next()
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    assert_eq!(count(&["--search", "kestrel bay"]), "2");
    assert_eq!(count(&["--search", "Kestrel Bay"]), "2");
    assert_eq!(count(&["--search", "KESTREL"]), "");
    assert_eq!(count(&["--search", "tolls?", "--regex"]), "4");
}

#[test]
fn search_with_an_invalid_regex_fails_clearly() {
    folio()
        .args(["--search", "(unclosed", "--regex"])
        .arg(fixture("harbour-toll.txt"))
        .assert()
        .code(1)
        .stderr("folio: invalid regex: unclosed group\n");
}

#[test]
fn json_reports_read_starred_and_position_from_the_state() {
    use folio::library::{Origin, read_entries};
    use folio::state::{MarkKey, ReadingState, reading};
    let state_home = tempfile::tempdir().unwrap();
    let path = fixture("harbour-toll.txt");
    let origin = Origin::File(std::sync::Arc::from(path.as_path()));
    let entry = read_entries(&origin, folio::source::DEFAULT_SIZE_CAP)
        .unwrap()
        .remove(0);
    let key = MarkKey {
        content_hash: entry.content_hash,
        index: 0,
    };
    let mut state = ReadingState::default();
    state.update(key, "anywhere", |mark| {
        mark.starred = true;
        mark.position = Some(120);
    });
    let dir = state_home.path().join("folio");
    reading::save(&dir, &state.take_changes()).unwrap();

    let out = folio()
        .env("XDG_STATE_HOME", state_home.path())
        .arg("--json")
        .arg(&path)
        .assert()
        .success();
    let a = &json_lines(&out.get_output().stdout)[0];
    assert_eq!(a["read"], false);
    assert_eq!(a["starred"], true);
    assert_eq!(a["position"], 120);
    // Without state, the fields are still there.
    let out = folio().arg("--json").arg(&path).assert().success();
    let a = &json_lines(&out.get_output().stdout)[0];
    assert_eq!(a["starred"], false);
    assert!(a["position"].is_null());
}

#[test]
fn a_config_mistake_names_the_file_and_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "max_width = 72\n[theme]\nquote = { fg = \"purpel\" }\n",
    )
    .unwrap();
    folio()
        .arg("--config")
        .arg(&path)
        .arg("--list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "folio: {}:3: unknown colour `purpel`",
            path.display()
        )));
    // A named file that is missing is an error too; FOLIO_CONFIG names one as well.
    folio()
        .env("FOLIO_CONFIG", dir.path().join("nope.toml"))
        .arg("--list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.toml"));
}

#[test]
fn the_config_library_opens_when_no_path_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let library = fixture("harbour-toll.txt");
    std::fs::write(
        &path,
        format!("library = [{}]\n", toml_string(&library.to_string_lossy())),
    )
    .unwrap();
    folio_without_stdin()
        .arg("--config")
        .arg(&path)
        .arg("--list")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Kestrel Bay council approves harbour bridge toll",
        ));
}

fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn default_config_completions_and_man_page_print() {
    let out = folio().arg("--default-config").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("# max_width = 80"));
    assert!(text.contains("# toggle_star = [\"*\"]"));
    folio()
        .args(["--completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--default-config"));
    folio()
        .arg("--man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH folio"));
}

#[test]
fn an_empty_pipe_is_an_empty_article_not_the_samples() {
    for mode in ["--print", "--list", "--json"] {
        folio()
            .arg(mode)
            .write_stdin("")
            .assert()
            .failure()
            .stdout("")
            .stderr("folio: -: empty file\n");
    }
}

#[test]
fn an_empty_search_is_a_usage_error_not_a_regex_error() {
    folio()
        .args(["--search", "", "."])
        .assert()
        .code(2)
        .stderr("folio: --search needs a word or phrase to look for\n");
    folio()
        .args(["--search", "(", "--regex", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("invalid regex"));
}

#[test]
fn a_closed_pipe_ends_every_mode_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let articles = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/articles");
    for mode in ["--print", "--json", "--list"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args([mode, articles, articles, articles, articles])
            .env("FOLIO_CACHE_DIR", "")
            .env(
                "XDG_STATE_HOME",
                std::env::temp_dir().join("folio-test-state"),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("folio");
        // Read a little, then close the pipe, as `head -c 100` does.
        let mut start = [0u8; 100];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut start)
            .expect("some output");
        let output = child.wait_with_output().expect("exit");
        assert!(output.status.success(), "{mode}: {:?}", output.status);
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{mode}");
    }
}

#[test]
fn invisible_characters_are_dropped_and_do_not_hide_matches() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Harbour news\n\nThe har\u{2060}bour master said the fer\u{FEFF}ry was \
                sus\u{00AD}pended.\n";
    std::fs::write(dir.path().join("hidden.txt"), text).unwrap();
    let printed = stdout_of(
        folio()
            .args(["--print", "--color", "never"])
            .arg(dir.path()),
    );
    assert!(printed.contains("The harbour master said the ferry was suspended."));
    assert!(
        !printed.chars().any(folio::sanitize::is_invisible),
        "{printed:?}"
    );
    folio()
        .args(["--search", "harbour master"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("1\tHarbour news\t"));
}

#[cfg(unix)]
#[test]
fn hostile_file_names_are_escaped_in_output_and_stay_usable() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"evil\x1b]0;owned\x07\xe2\x80\xae\xc2\x9b\tname.txt");
    std::fs::write(dir.path().join(name), "Title\n\nBody.\n").unwrap();
    let listed = stdout_of(folio().arg("--list").arg(dir.path()));
    let path = listed.trim_end().rsplit('\t').next().unwrap();
    assert!(
        path.ends_with("evil\\x1b]0;owned\\x07\\u202e\\u009b\\tname.txt"),
        "{path}"
    );
    let json = stdout_of(folio().arg("--json").arg(dir.path()));
    // Nothing that acts reaches the output raw, and the JSON path is the name.
    assert!(
        !json.chars().any(|c| c.is_control() && c != '\n'),
        "{json:?}"
    );
    assert!(!json.contains('\u{202e}'));
    let article = &json_lines(json.as_bytes())[0];
    let expected = dir.path().join(name);
    assert_eq!(article["path"], expected.to_str().unwrap());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_at_once_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Title\n\nBody.\n").unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|status| status.success()) {
        return; // No mkfifo here: nothing to test.
    }
    for mode in ["--print", "--list", "--json"] {
        folio()
            .arg(mode)
            .arg(&fifo)
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .code(1)
            .stderr(predicate::str::contains("not a regular file (FIFO)"));
    }
    // In a folder, the other files are still read.
    folio()
        .arg("--list")
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .stdout(predicate::str::contains("a.txt"));
}

#[cfg(unix)]
#[test]
fn a_socket_is_named_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("socket.txt");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    folio()
        .arg("--list")
        .arg(&socket)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a regular file (socket)"));
}

/// Text saved from a terminal is full of colour codes; with a stray NUL or two
/// it is still text (the codes are removed, not obeyed).
#[test]
fn text_with_escape_codes_and_a_nul_is_still_text() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Coloured log\n\n");
    for n in 0..40 {
        let _ = writeln!(
            text,
            "\x1b[31mline {n}\x1b[0m of the \x1b[1mharbour\x1b[0m log"
        );
    }
    text.push('\0');
    let path = dir.path().join("log.txt");
    std::fs::write(&path, text).unwrap();
    folio()
        .arg("--print")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("line 39 of the harbour log"));
}

/// 50,000 nested elements are read in about the time of a flat page (the HTML
/// tree builder's work grows with depth, so deep nesting is flattened first).
#[test]
fn a_deeply_nested_page_keeps_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = format!(
        "<html><head><title>Deep</title></head><body><article><h1>Deep page</h1><p>{}</p>{}inner text{}</article></body></html>",
        "The harbour board met. ".repeat(20),
        "<div>".repeat(50_000),
        "</div>".repeat(50_000)
    );
    let path = dir.path().join("deep.html");
    std::fs::write(&path, page).unwrap();
    folio()
        .arg("--print")
        .arg(&path)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success()
        .stdout(predicate::str::contains("inner text"));
}
