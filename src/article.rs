//! The article model every format parses into: metadata, one `body` string, and
//! blocks that are byte ranges into it.
//!
//! Blocks are joined by exactly `"\n\n"` in `body`, so a byte offset is a position
//! that survives re-wrapping and every later stage (analysis, search, layout) can
//! speak in ranges of the same string.

pub mod text;

use std::ops::Range;

use serde::Serialize;

use crate::date::NewsDate;

/// The file format an article was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text: the seed's shape, the bare shape or a `Key: value` header block.
    Text,
}

impl Format {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
        }
    }
}

/// What kind of block a range of the body is; decides its style on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    Caption,
    Blockquote,
    ListItem,
    Preformatted,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
}

/// Everything known about an article besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: String,
    pub date: Option<NewsDate>,
    pub source: Option<String>,
    pub byline: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
}

/// A parsed article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub meta: Meta,
    /// Exactly the text the reading pane shows under the header.
    pub body: String,
    pub blocks: Vec<Block>,
    pub format: Format,
    /// Notes about how the text was obtained (encoding fallback, removed controls).
    pub problems: Vec<String>,
}

impl Article {
    /// The text of one block.
    pub fn block_text(&self, block: &Block) -> &str {
        &self.body[block.range.clone()]
    }

    /// Number of words in the body, for the reader's header. Chinese and Japanese
    /// are written without spaces, so each ideograph or kana counts as a word.
    pub fn word_count(&self) -> usize {
        self.body
            .split_whitespace()
            .map(|token| {
                let cjk = token.chars().filter(|&c| is_cjk(c)).count();
                let rest = token.chars().any(|c| c.is_alphanumeric() && !is_cjk(c));
                cjk + usize::from(rest)
            })
            .sum()
    }
}

/// Han ideographs, kana and Hangul syllables.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Accumulates blocks into a body, keeping the `"\n\n"` joining rule in one place.
#[derive(Debug, Default)]
pub struct BodyBuilder {
    body: String,
    blocks: Vec<Block>,
}

impl BodyBuilder {
    /// Appends a block; empty text is skipped so no block is ever empty.
    pub fn push(&mut self, kind: BlockKind, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.blocks.is_empty() {
            self.body.push_str("\n\n");
        }
        let start = self.body.len();
        self.body.push_str(text);
        self.blocks.push(Block {
            kind,
            range: start..self.body.len(),
        });
    }

    /// True when no block has been pushed.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Finishes the body.
    pub fn finish(self) -> (String, Vec<Block>) {
        (self.body, self.blocks)
    }
}

/// The date a file name starts with (`2019-04-12-harbour.txt`), for articles whose
/// text carries none: archives are very often saved under such names.
pub fn date_from_name(name: &str) -> Option<NewsDate> {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    stem.get(..10).and_then(crate::date::parse_date)
}

/// Turns a file name into a title for articles that have none:
/// `2019-04-12-harbour-bridge-vote.txt` → `Harbour bridge vote`.
pub fn title_from_name(name: &str) -> String {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match stem.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 5 => stem,
        _ => stem,
    };
    // Drop a leading ISO date, which the list shows in its own column anyway.
    let stem = match date_from_name(stem) {
        Some(_) => stem[10..].trim_start_matches(['-', '_', ' ']),
        None => stem,
    };
    let words: Vec<&str> = stem
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let mut title = words.join(" ");
    if let Some(first) = title.chars().next() {
        let upper: String = first.to_uppercase().collect();
        title.replace_range(..first.len_utf8(), &upper);
    }
    if title.is_empty() {
        "Untitled".to_owned()
    } else {
        title
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_joins_blocks_with_blank_line() {
        let mut b = BodyBuilder::default();
        b.push(BlockKind::Paragraph, "One.");
        b.push(BlockKind::Caption, "");
        b.push(BlockKind::Caption, "Two.");
        let (body, blocks) = b.finish();
        assert_eq!(body, "One.\n\nTwo.");
        assert_eq!(blocks[1].range, 6..10);
        assert_eq!(blocks[1].kind, BlockKind::Caption);
    }

    #[test]
    fn word_counts_handle_cjk() {
        let article = |body: &str| Article {
            meta: Meta::default(),
            body: body.into(),
            blocks: Vec::new(),
            format: Format::Text,
            problems: Vec::new(),
        };
        assert_eq!(article("The harbour, the bridge.").word_count(), 4);
        assert_eq!(article("渡輪下月停駛").word_count(), 6);
        assert_eq!(article("MTR 渡輪 — ok").word_count(), 4);
    }

    #[test]
    fn dates_from_names() {
        assert_eq!(
            date_from_name("a/2019-04-12-harbour.txt")
                .map(NewsDate::to_iso)
                .as_deref(),
            Some("2019-04-12")
        );
        assert_eq!(date_from_name("harbour-2019-04-12.txt"), None);
        assert_eq!(date_from_name("2019-13-12.txt"), None);
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(
            title_from_name("news/2019-04-12-harbour-bridge-vote.txt"),
            "Harbour bridge vote"
        );
        assert_eq!(title_from_name("README"), "README");
        assert_eq!(title_from_name("2019-04-12.txt"), "Untitled");
        assert_eq!(title_from_name("über_alles.text"), "Über alles");
    }
}
