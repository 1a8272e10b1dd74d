//! The promise every layout keeps, checked by the property tests and by the
//! fuzz targets (`fuzz/src/lib.rs` includes this file).

use folio::article::{Article, BlockKind};
use folio::layout::{Layout, MARKER_WIDTH, Part};
use folio::width::str_width;
use unicode_segmentation::UnicodeSegmentation;

/// Every body byte is on exactly one row, in order, or is whitespace between
/// rows; no row is wider than its room (the width, less the bar or bullet of a
/// quote or list item), but for a single grapheme wider than the line. Gap rows
/// show nothing. The error says what broke.
pub fn rows_cover_the_body(article: &Article, layout: &Layout, width: usize) -> Result<(), String> {
    let body = &article.body;
    let mut covered = 0;
    for row in &layout.rows[layout.body_start..] {
        let Part::Block(kind) = row.part else {
            if !row.range.is_empty() {
                return Err("a gap row shows text".into());
            }
            continue;
        };
        if row.range.start < covered {
            return Err(format!("rows overlap or go back at {}", row.range.start));
        }
        let skipped = &body[covered..row.range.start];
        if !skipped.chars().all(char::is_whitespace) {
            return Err(format!("text skipped: {skipped:?}"));
        }
        let room = match kind {
            BlockKind::Blockquote | BlockKind::ListItem => {
                width.saturating_sub(MARKER_WIDTH).max(1)
            }
            _ => width,
        };
        let shown = &body[row.range.clone()];
        if str_width(shown) > room && visible_graphemes(shown) != 1 {
            return Err(format!("{shown:?} is wider than {room}"));
        }
        covered = row.range.end;
    }
    let rest = &body[covered..];
    if !rest.chars().all(char::is_whitespace) {
        return Err(format!("text after the last row: {rest:?}"));
    }
    Ok(())
}

/// Graphemes that take a column or more: a lone joiner kept beside a space
/// takes none, and goes with the grapheme after it.
fn visible_graphemes(text: &str) -> usize {
    text.graphemes(true).filter(|g| str_width(g) > 0).count()
}
