//! Display width of text, measured exactly as ratatui measures it when drawing
//! (grapheme clusters, `unicode-width` through ratatui's `CellWidth`).
//!
//! Every width folio computes goes through here, so wrapping, truncation and drawing
//! can never disagree about how many columns a string takes.

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// Columns one grapheme cluster takes on screen.
pub fn grapheme_width(grapheme: &str) -> usize {
    usize::from(grapheme.cell_width())
}

/// Columns a string takes on screen. Must not contain control characters (text is
/// sanitised before it gets here).
pub fn str_width(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.graphemes(true).map(grapheme_width).sum()
}

/// The longest prefix of `text` that fits in `max` columns, and its width.
pub fn prefix_fitting(text: &str, max: usize) -> (&str, usize) {
    if text.is_ascii() {
        let end = text.len().min(max);
        return (&text[..end], end);
    }
    let mut width = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        let w = grapheme_width(grapheme);
        if width + w > max {
            return (&text[..at], width);
        }
        width += w;
    }
    (text, width)
}

/// The longest suffix of `text` that fits in `max` columns, and its width.
pub fn suffix_fitting(text: &str, max: usize) -> (&str, usize) {
    if text.is_ascii() {
        let start = text.len().saturating_sub(max);
        return (&text[start..], text.len() - start);
    }
    let mut width = 0;
    for (at, grapheme) in text.grapheme_indices(true).rev() {
        let w = grapheme_width(grapheme);
        if width + w > max {
            return (&text[at + grapheme.len()..], width);
        }
        width += w;
    }
    (text, width)
}

/// `text` cut to `max` columns with `…` when it does not fit.
pub fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if str_width(text) <= max {
        return text.into();
    }
    if max == 0 {
        return "".into();
    }
    let (prefix, _) = prefix_fitting(text, max - 1);
    format!("{}…", prefix.trim_end()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_fit_whole_graphemes() {
        assert_eq!(suffix_fitting("abcdef", 3), ("def", 3));
        assert_eq!(suffix_fitting("ab", 5), ("ab", 2));
        assert_eq!(suffix_fitting("a你好", 3), ("好", 2));
        assert_eq!(suffix_fitting("xe\u{301}", 1), ("e\u{301}", 1));
    }

    #[test]
    fn widths_follow_ratatui() {
        assert_eq!(str_width("abc"), 3);
        assert_eq!(str_width("你好"), 4);
        assert_eq!(str_width("e\u{301}"), 1);
        assert_eq!(str_width("👍🏽"), 2);
        assert_eq!(str_width("👨\u{200d}👩\u{200d}👧"), 2);
    }

    #[test]
    fn prefixes_stop_before_wide_characters() {
        assert_eq!(prefix_fitting("你好吗", 3), ("你", 2));
        assert_eq!(prefix_fitting("abc", 5), ("abc", 3));
    }

    #[test]
    fn truncation_adds_an_ellipsis() {
        assert_eq!(truncate("Harbour board", 8), "Harbour…");
        assert_eq!(truncate("short", 8), "short");
        assert_eq!(truncate("你好吗你好", 5), "你好…");
        assert_eq!(truncate("abc", 0), "");
    }
}
