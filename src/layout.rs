//! Wrapping an article to a width: every screen row is a byte range into the title
//! or the body, so a reading position is a byte offset that survives re-wrapping.
//!
//! textwrap finds the break opportunities (Unicode line-breaking rules, so CJK and
//! emoji break correctly) and runs the first-fit algorithm; widths are measured with
//! ratatui's own grapheme widths (see `width`), and over-long words are split at
//! grapheme boundaries. Layouts are pure functions of (article, width) and cached by
//! the reader.

use std::ops::Range;

use rayon::prelude::*;
use textwrap::WordSeparator;
use textwrap::core::Fragment;
use unicode_segmentation::UnicodeSegmentation;

use crate::article::{Article, BlockKind};
use crate::width::{grapheme_width, str_width};

/// Bodies longer than this are wrapped on all cores.
const PARALLEL_WRAP_MIN: usize = 256 * 1024;

/// Columns taken by the bar or bullet in front of blockquote and list rows.
pub const MARKER_WIDTH: usize = 2;

/// Which part of the article a row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A line of the title; its range is into `meta.title`.
    Title,
    /// A line of the date · source · byline text; its range is into the meta line
    /// the layout was made with (`Document::meta_line`).
    Meta,
    /// An empty row between header and body or between blocks.
    Gap,
    /// A line of a body block.
    Block(BlockKind),
}

/// One screen row of the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub part: Part,
    /// Bytes of the title (for `Part::Title`) or body shown on this row. Gaps hold an
    /// empty range at the start of what follows them.
    pub range: Range<usize>,
    /// The first row of its block (where a list bullet goes).
    pub first_of_block: bool,
}

/// An article wrapped to one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub width: usize,
    pub rows: Vec<Row>,
    /// Index of the first row that belongs to the body.
    pub body_start: usize,
    /// False for the first rows only (see `Layout::head`).
    pub complete: bool,
}

impl Layout {
    /// Wraps `article` (title, the `meta` line under it, body) to `width` columns.
    pub fn new(article: &Article, meta: &str, width: usize) -> Layout {
        Layout::wrapped(article, meta, width, None)
    }

    /// The first `rows` rows of `Layout::new` (or all, if there are fewer):
    /// what the first screen of a long article needs, in a fraction of the time.
    pub fn head(article: &Article, meta: &str, width: usize, rows: usize) -> Layout {
        Layout::wrapped(article, meta, width, Some(rows))
    }

    fn wrapped(article: &Article, meta: &str, width: usize, head: Option<usize>) -> Layout {
        let width = width.max(1);
        let mut rows = Vec::with_capacity(article.body.len() / width.max(20) + 8);
        for range in wrap(&article.meta.title, width) {
            rows.push(Row {
                part: Part::Title,
                range,
                first_of_block: false,
            });
        }
        for range in wrap(meta, width) {
            rows.push(Row {
                part: Part::Meta,
                range,
                first_of_block: false,
            });
        }
        let body_start = rows.len();
        let wrap_block = |block: &crate::article::Block| {
            let text = &article.body[block.range.clone()];
            let inner = match block.kind {
                BlockKind::Blockquote | BlockKind::ListItem => width.saturating_sub(MARKER_WIDTH),
                _ => width,
            }
            .max(1);
            if block.kind == BlockKind::Preformatted {
                wrap_preformatted(text, inner)
            } else {
                wrap(text, inner)
            }
        };
        // Blocks wrap independently, so a big article wraps on every core.
        let wrapped: Vec<Vec<Range<usize>>> = match head {
            Some(wanted) => {
                let mut count = rows.len();
                let mut wrapped = Vec::new();
                for block in &article.blocks {
                    if count >= wanted {
                        break;
                    }
                    let ranges = wrap_block(block);
                    count += ranges.len() + 1;
                    wrapped.push(ranges);
                }
                wrapped
            }
            None if article.body.len() > PARALLEL_WRAP_MIN => {
                article.blocks.par_iter().map(wrap_block).collect()
            }
            None => article.blocks.iter().map(wrap_block).collect(),
        };
        let complete = wrapped.len() == article.blocks.len();
        for (block, ranges) in article.blocks.iter().zip(wrapped) {
            rows.push(Row {
                part: Part::Gap,
                range: block.range.start..block.range.start,
                first_of_block: false,
            });
            for (i, range) in ranges.into_iter().enumerate() {
                rows.push(Row {
                    part: Part::Block(block.kind),
                    range: block.range.start + range.start..block.range.start + range.end,
                    first_of_block: i == 0,
                });
            }
        }
        Layout {
            width,
            rows,
            body_start,
            complete,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no rows (never, since the meta line always exists).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The body byte offset a row stands for, or `None` for header rows.
    pub fn offset_of_row(&self, row: usize) -> Option<usize> {
        (row >= self.body_start)
            .then(|| self.rows.get(row).map(|r| r.range.start))
            .flatten()
    }

    /// The text row that shows body byte `offset` (the row it falls in, or the last
    /// row that starts before it).
    pub fn row_of_offset(&self, offset: usize) -> usize {
        let body = &self.rows[self.body_start..];
        let after = body.partition_point(|r| r.range.start <= offset);
        self.body_start + after.saturating_sub(1)
    }
}

/// A word (or piece of one) with its trailing whitespace, as byte offsets into the
/// text being wrapped, and widths measured the way ratatui draws.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    width: usize,
    whitespace_width: usize,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        self.width as f64
    }

    fn whitespace_width(&self) -> f64 {
        self.whitespace_width as f64
    }

    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Wraps one paragraph to `width` columns; returns the byte range of each line,
/// without trailing spaces. Empty text gives no lines.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    if text.is_empty() {
        return Vec::new();
    }
    let width = width.max(1);
    if is_narrow(text) {
        wrap_narrow(text, width)
    } else {
        wrap_general(text, width)
    }
}

/// `wrap` for any text: textwrap's first fit over words measured in graphemes.
fn wrap_general(text: &str, width: usize) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    for (start, end, whitespace_width) in words(text) {
        let word_width = str_width(&text[start..end]);
        if word_width <= width {
            pieces.push(Piece {
                start,
                end,
                width: word_width,
                whitespace_width,
            });
        } else {
            split_long_word(text, start..end, width, whitespace_width, &mut pieces);
        }
    }
    let lines = textwrap::wrap_algorithms::wrap_first_fit(&pieces, &[width as f64]);
    lines
        .into_iter()
        .filter_map(|line| Some(line.first()?.start..line.last()?.end))
        .collect()
}

/// Whether every character of `text` takes one column and is a grapheme of
/// its own: ASCII, the Latin letters with their signs, and the quotation marks,
/// dashes and currency signs of news text. Most paragraphs are.
fn is_narrow(text: &str) -> bool {
    text.is_ascii() || text.chars().all(is_narrow_char)
}

fn is_narrow_char(c: char) -> bool {
    // Leaves out U+00AD (soft hyphen) and the combining marks from U+0300 on;
    // a test checks each one against `str_width` and grapheme breaks.
    matches!(c, ' '..='~' | '\u{a0}'..='\u{ac}' | '\u{ae}'..='\u{2ff}' | '\u{2010}'..='\u{2027}' | '\u{20a0}'..='\u{20c0}')
}

/// `wrap` for narrow text (see `is_narrow`), where a word is as wide as it has
/// characters: the same first-fit lines, without measuring graphemes or
/// building textwrap's fragments (wrapping a long article is what its first
/// screen waits for).
fn wrap_narrow(text: &str, width: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let spaces_from = |at: usize| bytes[at..].iter().take_while(|&&b| b == b' ').count();
    let mut rows = Vec::with_capacity(text.len() / width + 1);
    // The line being filled: where it starts, where its last word ends, and
    // the columns it takes with the spaces after that word.
    let mut line: Option<(usize, usize, usize)> = None;
    let mut place = |start: usize, end: usize, columns: usize, spaces: usize| {
        line = match line {
            Some((line_start, line_end, used)) if used + columns > width => {
                rows.push(line_start..line_end);
                Some((start, end, columns + spaces))
            }
            Some((line_start, _, used)) => Some((line_start, end, used + columns + spaces)),
            None => Some((start, end, columns + spaces)),
        };
    };
    let mut at = spaces_from(0);
    while at < bytes.len() {
        let end = memchr::memchr(b' ', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let spaces = spaces_from(end);
        let word = &text[at..end];
        // Characters, counted as the bytes that do not continue one.
        let columns = word.bytes().filter(|&b| b & 0xC0 != 0x80).count();
        if columns <= width {
            place(at, end, columns, spaces);
        } else {
            // Cut into pieces of `width` characters, as `split_long_word` does.
            let mut piece_start = at;
            for (index, (offset, _)) in word.char_indices().enumerate() {
                if index > 0 && index % width == 0 {
                    place(piece_start, at + offset, width, 0);
                    piece_start = at + offset;
                }
            }
            let last = columns - (columns - 1) / width * width;
            place(piece_start, end, last, spaces);
        }
        at = end + spaces;
    }
    if let Some((line_start, line_end, _)) = line {
        rows.push(line_start..line_end);
    }
    rows
}

/// The words of a paragraph as (start, end, width of the spaces after it).
///
/// Text in scripts that separate words with spaces (Latin, Greek, Cyrillic, Arabic,
/// …, with their punctuation) breaks only at spaces; splitting on them directly is
/// many times faster than the Unicode line-breaking algorithm. CJK and emoji, which
/// may break between characters, go through textwrap's implementation of it.
fn words(text: &str) -> Box<dyn Iterator<Item = (usize, usize, usize)> + '_> {
    if text.chars().all(|c| u32::from(c) < 0x2E80) {
        let bytes = text.as_bytes();
        let spaces_from = |at: usize| bytes[at..].iter().take_while(|&&b| b == b' ').count();
        let mut at = spaces_from(0);
        Box::new(std::iter::from_fn(move || {
            if at >= bytes.len() {
                return None;
            }
            let start = at;
            let end = memchr::memchr(b' ', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            let spaces = spaces_from(end);
            at = end + spaces;
            Some((start, end, spaces))
        }))
    } else {
        Box::new(
            WordSeparator::UnicodeBreakProperties
                .find_words(text)
                .map(|word| {
                    let start = offset_in(text, word.word);
                    (start, start + word.word.len(), str_width(word.whitespace))
                }),
        )
    }
}

/// Breaks a word wider than the line into pieces of at most `width` columns, at
/// grapheme boundaries (a single grapheme wider than the line stands alone).
fn split_long_word(
    text: &str,
    word: Range<usize>,
    width: usize,
    whitespace_width: usize,
    out: &mut Vec<Piece>,
) {
    let mut piece_start = word.start;
    let mut piece_width = 0;
    for (at, grapheme) in text[word.clone()].grapheme_indices(true) {
        let w = grapheme_width(grapheme);
        if piece_width > 0 && piece_width + w > width {
            out.push(Piece {
                start: piece_start,
                end: word.start + at,
                width: piece_width,
                whitespace_width: 0,
            });
            piece_start = word.start + at;
            piece_width = 0;
        }
        piece_width += w;
    }
    out.push(Piece {
        start: piece_start,
        end: word.end,
        width: piece_width,
        whitespace_width,
    });
}

/// Preformatted text keeps its line breaks and spacing; lines longer than the width
/// are cut at grapheme boundaries.
fn wrap_preformatted(text: &str, width: usize) -> Vec<Range<usize>> {
    let mut rows = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let mut start = line_start;
        let mut row_width = 0;
        for (at, grapheme) in line.grapheme_indices(true) {
            let w = grapheme_width(grapheme);
            if row_width > 0 && row_width + w > width {
                rows.push(start..line_start + at);
                start = line_start + at;
                row_width = 0;
            }
            row_width += w;
        }
        rows.push(start..line_start + line.len());
        line_start += line.len() + 1;
    }
    rows
}

/// Byte offset of `part` inside `whole`; `part` must be a subslice of `whole`
/// (textwrap's words are).
fn offset_in(whole: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    debug_assert!(offset <= whole.len(), "not a subslice");
    offset.min(whole.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_is_the_start_of_the_whole_layout() {
        let mut body = crate::article::BodyBuilder::default();
        for i in 0..40 {
            body.push(
                BlockKind::Paragraph,
                &format!("Paragraph {i} runs on for a few words more."),
            );
        }
        let article = Article::new(
            crate::article::Format::Text,
            crate::article::Meta::default(),
            body,
        );
        let whole = Layout::new(&article, "meta", 12);
        assert!(whole.complete);
        let head = Layout::head(&article, "meta", 12, 30);
        assert!(!head.complete);
        assert!(head.len() >= 30 && head.len() < whole.len());
        assert_eq!(head.rows[..], whole.rows[..head.len()]);
        assert_eq!(head.body_start, whole.body_start);
        let all = Layout::head(&article, "meta", 12, 10_000);
        assert_eq!(all, whole);
    }

    fn lines(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn wraps_words_first_fit() {
        assert_eq!(
            lines("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
    }

    #[test]
    fn breaks_over_long_words() {
        assert_eq!(lines("abcdefghij xy", 4), ["abcd", "efgh", "ij", "xy"]);
    }

    #[test]
    fn breaks_between_cjk_ideographs() {
        let text = "東京都は新しい計画を発表した。";
        for line in lines(text, 8) {
            assert!(str_width(line) <= 8, "{line}");
        }
        assert_eq!(lines(text, 8).concat(), text);
    }

    #[test]
    fn emoji_sequences_stay_whole() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let text = format!("{family}{family}{family}");
        let got = lines(&text, 4);
        assert_eq!(got, [format!("{family}{family}"), family.to_owned()]);
    }

    #[test]
    fn combining_marks_do_not_count() {
        let text = "cafe\u{301} cafe\u{301}";
        assert_eq!(lines(text, 5), ["cafe\u{301}", "cafe\u{301}"]);
        assert_eq!(lines(text, 9), [text]);
    }

    #[test]
    fn preformatted_keeps_lines_and_cuts_long_ones() {
        let text = "a  b\nlonger line";
        let rows: Vec<&str> = wrap_preformatted(text, 6)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(rows, ["a  b", "longer", " line"]);
    }

    #[test]
    fn narrow_characters_are_one_column_and_a_grapheme_each() {
        for c in (0..=0x20c0)
            .filter_map(char::from_u32)
            .filter(|&c| is_narrow_char(c))
        {
            assert_eq!(str_width(&c.to_string()), 1, "{c:?}");
            for other in ['a', 'é', '’', c] {
                let pair = format!("{other}{c}");
                assert_eq!(pair.graphemes(true).count(), 2, "{pair:?}");
            }
        }
        assert!(!is_narrow("cafe\u{301}"));
        assert!(!is_narrow("soft\u{ad}hyphen"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn narrow_text_wraps_as_the_general_path_does(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                " ",
                "  ",
                "a",
                "word",
                "harbour",
                "’",
                "“quoted”",
                "£12",
                "—",
                "Zürich",
                "x",
                "abcdefghijklmnop",
                "ééééééééé",
            ][..]), 0..19),
            width in 1usize..=16,
        ) {
            let text = pieces.concat();
            proptest::prop_assert!(is_narrow(&text));
            proptest::prop_assert_eq!(
                wrap(&text, width),
                wrap_general(&text, width),
                "{:?} at {}",
                text,
                width
            );
        }
    }

    #[test]
    fn a_lone_joiner_goes_with_the_grapheme_after_it() {
        // The sanitiser keeps a joiner beside a space (it hides nothing there);
        // it takes no column and is not a row of its own. Found by fuzzing.
        let text = "If \u{200d}\u{2640}\u{fe0f}\u{1f4aa}";
        let rows = lines(text, 1);
        assert!(rows.contains(&"\u{200d}\u{2640}\u{fe0f}"), "{rows:?}");
        assert_eq!(rows.concat().replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn width_zero_is_treated_as_one() {
        assert_eq!(lines("ab", 0), ["a", "b"]);
    }
}
