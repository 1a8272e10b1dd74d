//! Property tests: the parser, the sanitiser and the wrapper hold their promises on
//! any input.

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
