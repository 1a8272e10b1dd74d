//! The plain-text parser on our own fixtures in the seed's shape, the bare shape and
//! the header shape.

use folio::article::BlockKind;
use folio::document::Document;
use folio::library::{Bytes, Origin, read_articles, read_entries};

use crate::fixture;

fn parse(name: &str) -> folio::article::Article {
    let origin = Origin::File(fixture(name).into());
    let mut articles = read_articles(&origin, 1 << 20).expect("fixture reads");
    articles.remove(0)
}

#[test]
fn seed_shape_metadata_and_blocks() {
    let a = parse("harbour-toll.txt");
    assert_eq!(
        a.meta.title,
        "Kestrel Bay council approves harbour bridge toll"
    );
    assert_eq!(
        a.meta.date.map(folio::date::NewsDate::to_iso).as_deref(),
        Some("2019-04-12T16:15:00")
    );
    assert_eq!(a.meta.source.as_deref(), Some("Harbour Post / Wirelink"));
    let kinds: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Paragraph,
            BlockKind::Caption,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Paragraph
        ]
    );
    // The soft-wrapped first paragraph is one line.
    assert_eq!(
        a.block_text(&a.blocks[0]),
        "Kestrel Bay's council has voted to charge a toll on the new harbour bridge, ending a year of argument over how the crossing should be paid for."
    );
    assert!(!a.body.contains("Harbour Post / Wirelink"));
    assert!(!a.body.contains("4:15 pm"));
}

#[test]
fn blocks_tile_the_body() {
    for name in ["harbour-toll.txt", "bare-shape.txt", "header-shape.txt"] {
        let a = parse(name);
        let mut expected_start = 0;
        for block in &a.blocks {
            assert_eq!(block.range.start, expected_start, "{name}");
            expected_start = block.range.end + 2;
        }
        assert_eq!(a.body.len() + 2, expected_start.max(2), "{name}");
    }
}

#[test]
fn bare_shape() {
    let a = parse("bare-shape.txt");
    assert_eq!(a.meta.title, "Snow closes the Greyhaven pass");
    assert_eq!(a.meta.date, None);
    assert_eq!(a.blocks.len(), 2);
}

#[test]
fn header_shape() {
    let a = parse("header-shape.txt");
    assert_eq!(a.meta.title, "Valley mill reopens after two years");
    assert_eq!(
        a.meta.date.map(folio::date::NewsDate::to_iso).as_deref(),
        Some("2021-06-14T09:30:00")
    );
    assert_eq!(a.meta.byline.as_deref(), Some("Ana Ruiz"));
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://example.org/news/valley-mill")
    );
    assert_eq!(a.meta.tags, ["business", "Linwater"]);
    assert!(a.body.starts_with("The old wool mill"));
}

#[test]
fn every_sample_parses_with_a_title_date_and_body() {
    for (name, bytes) in folio::samples::articles() {
        let origin = Origin::memory(name.clone(), bytes);
        let articles = read_articles(&origin, 1 << 24).expect("sample reads");
        for a in &articles {
            assert!(!a.meta.title.is_empty(), "{name}");
            assert!(a.meta.date.is_some(), "{name} has no date");
            // A feed item may carry only a one-paragraph summary.
            assert!(!a.blocks.is_empty(), "{name}");
            assert!(
                a.problems.iter().all(|p| p.starts_with("decoded as")),
                "{name}: {:?}",
                a.problems
            );
            let _ = Document::new(a.clone());
        }
        let entries = read_entries(&origin, 1 << 24).expect("sample reads");
        assert_eq!(entries.len(), articles.len(), "{name}");
        // Only plain UTF-8 text is searched through its raw bytes.
        let plain = entries[0].format == folio::article::Format::Text && !name.ends_with(".gz");
        assert_eq!(entries[0].verbatim, plain, "{name}");
    }
}

#[test]
fn in_memory_and_file_origins_agree() {
    let bytes = std::fs::read(fixture("harbour-toll.txt")).unwrap();
    let origin = Origin::memory("harbour-toll.txt".into(), Bytes::Shared(bytes.into()));
    let from_memory = read_articles(&origin, 1 << 20).unwrap().remove(0);
    assert_eq!(from_memory, parse("harbour-toll.txt"));
}
