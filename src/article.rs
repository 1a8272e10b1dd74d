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

    /// Number of words in the body, for the reader's header.
    pub fn word_count(&self) -> usize {
        self.body.split_whitespace().count()
    }
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

/// Turns a file name into a title for articles that have none:
/// `2019-04-12-harbour-bridge-vote.txt` → `Harbour bridge vote`.
pub fn title_from_name(name: &str) -> String {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match stem.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 5 => stem,
        _ => stem,
    };
    // Drop a leading ISO date, which the list shows in its own column anyway.
    let stem = stem
        .get(..10)
        .filter(|head| crate::date::parse_date(head).is_some())
        .map_or(stem, |_| stem[10..].trim_start_matches(['-', '_', ' ']));
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
