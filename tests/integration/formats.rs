//! Every format folio reads, end to end: `--json` for a sample of each (snapshots),
//! formats told from content on standard input, search finding text that markup
//! splits, broken files explained, and every format's articles opening in the
//! reader with their highlights.

use std::fmt::Write as _;
use std::path::PathBuf;

use assert_cmd::Command;
use folio::document::Document;
use folio::library::{Origin, read_entries};
use serde_json::Value;

use crate::harness::Harness;

fn folio() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command
        .env_remove("NO_COLOR")
        .env("FOLIO_STATE_DIR", "/nonexistent");
    command
}

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets/articles")
        .join(name)
}

/// The `--json` of a file, reduced to what a reader checks: metadata, the start of
/// the body, the block kinds, the problems.
fn json_summary(path: &PathBuf) -> String {
    let output = folio().arg("--json").arg(path).output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut summary = String::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let article: Value = serde_json::from_str(line).expect("JSON line");
        let body = article["body"].as_str().unwrap_or_default();
        let start: String = body.chars().take(160).collect();
        let kinds: Vec<&str> = article["blocks"]
            .as_array()
            .map(|blocks| blocks.iter().filter_map(|b| b["kind"].as_str()).collect())
            .unwrap_or_default();
        let _ = write!(
            summary,
            "#{} {} | {} | {} | by {} | {} | {}\n  {}\n  blocks: {}\n  quotes: {}, names: {}, problems: {}\n",
            article["index"],
            article["format"],
            article["title"],
            article["date"],
            article["byline"],
            article["source"],
            article["url"],
            start.replace('\n', " / "),
            kinds.join(" "),
            article["quotes"].as_array().map_or(0, Vec::len),
            article["names"].as_array().map_or(0, Vec::len),
            article["problems"],
        );
    }
    summary
}

#[test]
fn json_of_every_format() {
    for name in [
        "2024-09-03-fenmouth-ferry-timetable.html",
        "2023-05-19-greyhaven-market-hall.htm",
        "2025-02-11-linwater-clippings.md",
        "2021-11-02-ashcombe-allotments.markdown",
        "newsapi-export-2024-06.json",
        "scraper-2022-03.jsonl",
        "article-export.json",
        "kestrel-bay-gazette.rss",
        "marrovia-senate-watch.atom",
        "tarrow-weekly.json",
        "harbour-crawl-2020.warc",
        "2019-10-07-holme-cross-newsletter.eml",
        "2018-04-22-coast-road-closure.txt.gz",
        "2016-08-30-tarrow-regatta.html.gz",
    ] {
        insta::assert_snapshot!(name, json_summary(&sample(name)));
    }
}

#[test]
fn the_page_around_the_article_is_left_out() {
    let output = folio()
        .arg("--json")
        .arg(sample("2024-09-03-fenmouth-ferry-timetable.html"))
        .output()
        .expect("runs");
    let article: Value = serde_json::from_slice(&output.stdout).expect("one article");
    let body = article["body"].as_str().unwrap_or_default().to_lowercase();
    for chrome in [
        "cookie",
        "accept all",
        "related stories",
        "comments",
        "sign up",
        "advertisement",
    ] {
        assert!(!body.contains(chrome), "{chrome:?} in the body: {body}");
    }
}

#[test]
fn standard_input_is_sniffed() {
    let page = "<!DOCTYPE html><html><head><title>Pier reopens</title></head><body><article>\
        <p>The pier at Kestrel Bay reopened on Saturday after a two-year repair, the council said.</p>\
        <p>Hundreds of people walked its length in the first hour.</p></article></body></html>";
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gazette</title>\
        <item><title>One</title><description>First.</description></item>\
        <item><title>Two</title><description>Second.</description></item></channel></rss>";
    for (input, format, count) in [(page, "html", 1), (feed, "feed", 2)] {
        let output = folio()
            .arg("--json")
            .write_stdin(input)
            .output()
            .expect("runs");
        let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON"))
            .collect();
        assert_eq!(lines.len(), count, "{format}");
        assert!(lines.iter().all(|a| a["format"] == format), "{lines:?}");
    }
}

#[test]
fn search_finds_text_that_markup_splits() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.md"),
        "# Quay\n\nThe **harbour** master spoke.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.html"),
        "<html><body><p>The harbour&nbsp;master spoke again at length on the quay.</p></body></html>",
    )
    .unwrap();
    std::fs::write(dir.path().join("c.txt"), "Other\n\nNothing here.\n").unwrap();
    let output = folio()
        .args(["--search", "harbour master"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("a.md") && text.contains("b.html"), "{text}");
}

#[test]
fn broken_files_are_explained_and_the_rest_still_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("broken.json"),
        "{\"title\": \"x\",\n  \"body\": [1,}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("config.json"),
        "{\"theme\": \"dark\", \"size\": 3}",
    )
    .unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Fine\n\nA body.\n").unwrap();
    let output = folio()
        .arg("--list")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.json: malformed JSON at line 2, column"),
        "{stderr}"
    );
    assert!(
        stderr.contains("config.json: JSON without articles"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Fine"));
}

#[test]
fn a_latin1_pound_sign_is_not_central_european() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = b"Harbour budget\n\nThe harbour board approved a budget of ".to_vec();
    text.extend_from_slice(b"\xa315.8m for the coming year, the chairman said.\n");
    std::fs::write(dir.path().join("budget.txt"), text).unwrap();
    let output = folio()
        .arg("--json")
        .arg(dir.path())
        .output()
        .expect("runs");
    let article: Value = serde_json::from_slice(&output.stdout).expect("one article");
    assert!(
        article["body"]
            .as_str()
            .unwrap_or_default()
            .contains("£15.8m"),
        "{article}"
    );
    assert!(
        article["problems"][0]
            .as_str()
            .unwrap_or_default()
            .contains("Windows-1252")
    );
}

#[test]
fn every_format_opens_in_the_reader_with_highlights() {
    for name in [
        "2024-09-03-fenmouth-ferry-timetable.html",
        "2025-02-11-linwater-clippings.md",
        "newsapi-export-2024-06.json",
        "kestrel-bay-gazette.rss",
        "harbour-crawl-2020.warc",
        "2019-10-07-holme-cross-newsletter.eml",
    ] {
        let path = sample(name);
        let entries =
            read_entries(&Origin::File(path.as_path().into()), 1 << 24).expect("sample reads");
        let mut openings = Vec::new();
        for entry in &entries {
            let document = Document::load(entry, 1 << 24).expect("loads");
            assert!(!document.analysis.names.is_empty(), "{name}: no names");
            let words: Vec<&str> = document.article.body.split_whitespace().take(3).collect();
            openings.push(words.join(" "));
        }
        let mut h = Harness::with_paths(100, 30, &[path]);
        let screen = h.keys("<Enter>").screen();
        assert!(
            openings.iter().any(|words| screen.contains(words)),
            "{name}: none of {openings:?} in\n{screen}"
        );
    }
}

#[test]
fn l_lists_the_links_and_enter_copies_one() {
    let markdown = "---\ntitle: Tram route\nurl: https://post.example/tram\n---\n\n\
        The [transport authority](/authority) confirmed the [route](https://maps.example/route).\n";
    let mut h = Harness::with_articles(100, 24, &[("tram.md", markdown)]);
    let screen = h.keys("<Enter>L").screen();
    assert!(screen.contains("[1] transport authority"), "{screen}");
    assert!(
        screen.contains("https://post.example/authority"),
        "{screen}"
    );
    assert!(screen.contains("https://maps.example/route"), "{screen}");
    let copied = h.keys("j<Enter>").screen();
    assert!(
        copied.contains("copied link 2: https://maps.example/route"),
        "{copied}"
    );
    let none = Harness::with_articles(100, 24, &[("a.txt", "Plain\n\nNo links.\n")])
        .keys("<Enter>L")
        .screen();
    assert!(none.contains("this article has no links"), "{none}");
}
