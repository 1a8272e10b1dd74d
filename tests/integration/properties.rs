//! Property tests: the parser, the sanitiser and the wrapper hold their promises on
//! any input.

use folio::article::Article;
use folio::article::text::parse;
use folio::layout::{Layout, wrap};
use folio::sanitize::sanitize_text;
use folio::width::str_width;
use proptest::prelude::*;

/// Text that looks a little like news: words, punctuation, CJK, emoji, combining
/// marks, odd spacing, line breaks and the occasional control character.
fn newsy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z]{1,12}",
        Just(" ".to_owned()),
        Just("  ".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("“".to_owned()),
        Just("’s".to_owned()),
        Just("東京都".to_owned()),
        Just("👨\u{200d}👩\u{200d}👧".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("- ".to_owned()),
        Just("Photo: AFP".to_owned()),
        Just("3 March 2017".to_owned()),
        Just("\t".to_owned()),
        Just("\r\n".to_owned()),
        Just("x".repeat(150)),
        Just("\u{1b}[31m".to_owned()),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn parsed_blocks_tile_the_body_on_char_boundaries(text in newsy_text()) {
        let clean = sanitize_text(&text).text;
        let article = parse(&clean, "prop.txt");
        let mut next = 0;
        for block in &article.blocks {
            prop_assert_eq!(block.range.start, next);
            prop_assert!(block.range.end > block.range.start);
            prop_assert!(article.body.is_char_boundary(block.range.end));
            next = block.range.end + 2;
        }
        prop_assert!(!article.meta.title.is_empty());
    }

    #[test]
    fn sanitised_text_has_no_controls_but_newlines(text in any::<String>()) {
        let clean = sanitize_text(&text).text;
        prop_assert!(clean.chars().all(|c| c == '\n' || !c.is_control()));
        prop_assert!(!clean.chars().any(folio::sanitize::is_bidi_control));
    }

    #[test]
    fn wrapped_lines_fit_and_cover_every_word(text in "[a-z東京👍🏽é ]{0,200}", width in 1usize..60) {
        let lines = wrap(&text, width);
        let mut last_end = 0;
        for line in &lines {
            prop_assert!(line.start >= last_end);
            prop_assert!(text.is_char_boundary(line.start) && text.is_char_boundary(line.end));
            let shown = &text[line.clone()];
            // A single grapheme wider than the line may stand alone.
            prop_assert!(
                str_width(shown) <= width || unicode_segmentation::UnicodeSegmentation::graphemes(shown, true).count() == 1,
                "{:?} at {}", shown, width
            );
            // Nothing but spaces is skipped between lines.
            prop_assert!(text[last_end..line.start].chars().all(|c| c == ' '));
            last_end = line.end;
        }
        prop_assert!(text[last_end..].chars().all(|c| c == ' '));
    }

    #[test]
    fn layout_rows_stay_in_the_body(text in newsy_text(), width in 1usize..100) {
        let article = parse(&sanitize_text(&text).text, "prop.txt");
        let layout = Layout::new(&article, "meta", width);
        for row in &layout.rows[layout.body_start..] {
            prop_assert!(row.range.end <= article.body.len());
            prop_assert!(article.body.is_char_boundary(row.range.start));
            prop_assert!(article.body.is_char_boundary(row.range.end));
        }
        // Every body offset maps to a row.
        for offset in (0..article.body.len()).step_by(7) {
            let row = layout.row_of_offset(offset);
            prop_assert!(row >= layout.body_start && row < layout.len());
        }
    }
}

/// Markdown with every kind of block: quotes, lists, code, headings.
fn markdown_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        newsy_text(),
        Just("\n\n> ".to_owned()),
        Just("\n\n- ".to_owned()),
        Just("\n\n1. ".to_owned()),
        Just("\n\n## ".to_owned()),
        Just("\n\n```\n".to_owned()),
        Just("\n\n    indented code  with  spaces\n".to_owned()),
        Just("\t\tx".to_owned()),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// `rows::rows_cover_the_body` for `article` laid out at `width`.
fn check_rows_cover_the_body(article: &Article, width: usize) -> Result<(), TestCaseError> {
    let layout = Layout::new(article, "meta", width);
    crate::rows::rows_cover_the_body(article, &layout, width).map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn layout_rows_cover_every_body_byte_once_in_order(text in newsy_text(), width in 1usize..100) {
        check_rows_cover_the_body(&parse(&sanitize_text(&text).text, "prop.txt"), width)?;
    }

    #[test]
    fn markdown_rows_cover_every_body_byte_once_in_order(text in markdown_text(), width in 1usize..100) {
        let articles = folio::article::markdown::parse(text.into_bytes(), "prop.md");
        for article in articles.iter().flatten() {
            check_rows_cover_the_body(article, width)?;
        }
    }
}

/// Pieces of the markup every format is written in, to build inputs that get past
/// each parser's first checks.
fn markupish_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"<p>".to_vec()),
        Just(b"</p>".to_vec()),
        Just(b"<div><span>".to_vec()),
        Just(b"<a href='/x'>".to_vec()),
        Just(b"</a>".to_vec()),
        Just(b"<em>".to_vec()),
        Just(b"<img alt='a'>".to_vec()),
        Just(b"<pre>".to_vec()),
        Just(b"<item><title>".to_vec()),
        Just(b"</title></item>".to_vec()),
        Just(b"<![CDATA[".to_vec()),
        Just(b"&amp;&#27;&#x9b;&nbsp;".to_vec()),
        Just(b"{\"title\": \"".to_vec()),
        Just(b"\", \"body\": [".to_vec()),
        Just(b"]}\n".to_vec()),
        Just(b"---\ntitle: x\n---\n".to_vec()),
        Just(b"**bold** _em_ [l](u) `c`\n\n".to_vec()),
        Just(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 30\r\n\r\n".to_vec()),
        Just(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec()),
        Just(b"From: a@b\r\nSubject: s\r\n\r\n".to_vec()),
        Just(b"\x1b]52;c;eA==\x07\x9b2J".to_vec()),
        "[ -~]{0,20}".prop_map(String::into_bytes),
        proptest::collection::vec(any::<u8>(), 0..12),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// No control character but the newline survives into any text folio shows.
fn is_clean(text: &str) -> bool {
    !text
        .chars()
        .any(|c| (c.is_control() && c != '\n') || folio::sanitize::is_bidi_control(c))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_parser_survives_any_bytes_and_emits_clean_text(
        bytes in markupish_bytes(),
        ext in prop::sample::select(vec![
            "txt", "md", "html", "json", "jsonl", "xml", "rss", "atom", "warc", "eml", "mbox", "", "txt.gz",
        ]),
    ) {
        let name = if ext.is_empty() { "prop".to_owned() } else { format!("prop.{ext}") };
        let bytes = if ext.ends_with("gz") { gzip(&bytes) } else { bytes };
        if let Ok(parsed) = folio::article::parse_file(bytes, &name, 1 << 20) {
            for article in &parsed.articles {
                prop_assert!(is_clean(&article.body), "{:?}", article.body);
                prop_assert!(is_clean(&article.meta.title) && !article.meta.title.contains('\n'));
                for block in &article.blocks {
                    prop_assert!(block.range.end <= article.body.len());
                    prop_assert!(article.body.is_char_boundary(block.range.start));
                    prop_assert!(article.body.is_char_boundary(block.range.end));
                }
                for (range, _) in &article.inlines {
                    prop_assert!(range.end <= article.body.len());
                    prop_assert!(article.body.is_char_boundary(range.start));
                    prop_assert!(article.body.is_char_boundary(range.end));
                }
                let _ = folio::document::Document::new(article.clone());
            }
        }
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("in memory");
    encoder.finish().expect("in memory")
}
