//! The article model every format parses into: metadata, one `body` string, and
//! blocks that are byte ranges into it.
//!
//! Blocks are joined by exactly `"\n\n"` in `body`, so a byte offset is a position
//! that survives re-wrapping and every later stage (analysis, search, layout) can
//! speak in ranges of the same string.

pub mod detect;
pub mod feed;
pub mod furniture;
pub mod html;
pub mod json;
pub mod mail;
pub mod markdown;
pub mod markup;
pub mod text;
pub mod warc;

use std::ops::Range;

use serde::Serialize;

use crate::date::NewsDate;
use crate::source::{self, SourceError};

/// The file format an article was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text: the seed's shape, the bare shape or a `Key: value` header block.
    Text,
    /// Markdown, with or without YAML or TOML front matter.
    Markdown,
    /// News exported as JSON: one object, an array, JSON Lines or a wrapper object.
    Json,
    /// A saved web page.
    Html,
    /// RSS, Atom or JSON Feed: one article per item.
    Feed,
    /// A web archive: one article per HTML response record.
    Warc,
    /// A mail message or an mbox of them: one article per message.
    Mail,
}

impl Format {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Warc => "warc",
            Format::Mail => "mail",
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

/// How a stretch of a block's text is set, where the source marked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Inline {
    Emphasis,
    Strong,
    Code,
    /// The text of a link.
    Link,
    /// The `[N]` after a link's text, its number in `Article::links`.
    LinkNumber,
}

/// A link found in the article, numbered by its place in `Article::links` (from 1 on
/// screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub url: String,
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
    /// Inline styles over body ranges, sorted by start.
    pub inlines: Vec<(Range<usize>, Inline)>,
    /// The links in the body, in order.
    pub links: Vec<Link>,
    pub format: Format,
    /// Notes about how the text was obtained (encoding fallback, removed controls).
    pub problems: Vec<String>,
}

impl Article {
    /// An article of `format` from metadata and a finished body.
    pub fn new(format: Format, meta: Meta, body: BodyBuilder) -> Article {
        let (body, blocks, inlines, links) = body.finish_styled();
        Article {
            meta,
            body,
            blocks,
            inlines,
            links,
            format,
            problems: Vec::new(),
        }
    }

    /// The text of one block.
    pub fn block_text(&self, block: &Block) -> &str {
        &self.body[block.range.clone()]
    }

    /// Number of words in the body, for the reader's header. Chinese and Japanese
    /// are written without spaces, so each ideograph or kana counts as a word.
    // Bitwise `&` and `|` on purpose: the ASCII step must not branch.
    #[allow(clippy::needless_bitwise_bool)]
    pub fn word_count(&self) -> usize {
        // One pass over the characters: a token between whitespace counts each CJK
        // character as a word, plus one if it has any other letter or digit.
        // ASCII, most of most text, is told apart byte by byte through a
        // table and without branches (a branch per word boundary mispredicts
        // often enough to triple the time); other characters are decoded.
        let mut words = 0;
        let mut other_letters = false;
        let bytes = self.body.as_bytes();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            if let Some(&class) = ASCII_CLASS.get(usize::from(byte)) {
                let space = class == AsciiClass::Space as u8;
                words += usize::from(other_letters & space);
                other_letters =
                    (other_letters & !space) | (class == AsciiClass::Alphanumeric as u8);
                at += 1;
                continue;
            }
            let Some(c) = self.body.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            at += c.len_utf8();
            if c.is_whitespace() {
                words += usize::from(std::mem::take(&mut other_letters));
            } else if is_cjk(c) {
                words += 1;
            } else if c.is_alphanumeric() {
                other_letters = true;
            }
        }
        words + usize::from(other_letters)
    }
}

/// What an ASCII byte is to the word count.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum AsciiClass {
    Space,
    Alphanumeric,
    Other,
}

/// `AsciiClass` of each ASCII byte, as `u8`.
const ASCII_CLASS: [u8; 128] = {
    let mut table = [AsciiClass::Other as u8; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        table[byte] = if b == b' ' || (b >= b'\t' && b <= b'\r') {
            AsciiClass::Space as u8
        } else if b.is_ascii_alphanumeric() {
            AsciiClass::Alphanumeric as u8
        } else {
            AsciiClass::Other as u8
        };
        byte += 1;
    }
    table
};

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
    inlines: Vec<(Range<usize>, Inline)>,
    links: Vec<Link>,
}

impl BodyBuilder {
    /// A builder with room for a body of `bytes`.
    pub fn with_capacity(bytes: usize) -> BodyBuilder {
        BodyBuilder {
            body: String::with_capacity(bytes),
            ..BodyBuilder::default()
        }
    }

    /// Appends a block; empty text is skipped so no block is ever empty.
    pub fn push(&mut self, kind: BlockKind, text: &str) {
        self.push_styled(kind, text, &[]);
    }

    /// Appends a block with inline styles given as ranges into `text`.
    pub fn push_styled(&mut self, kind: BlockKind, text: &str, inlines: &[(Range<usize>, Inline)]) {
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
        self.inlines.extend(
            inlines
                .iter()
                .filter(|(range, _)| range.start < range.end && range.end <= text.len())
                .map(|(range, style)| (start + range.start..start + range.end, *style)),
        );
    }

    /// Records a link and returns its number (from 1), for the `[N]` marker.
    pub fn add_link(&mut self, text: String, url: String) -> usize {
        self.links.push(Link { text, url });
        self.links.len()
    }

    /// True when no block has been pushed.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Finishes the body.
    pub fn finish(self) -> (String, Vec<Block>) {
        (self.body, self.blocks)
    }

    /// Finishes the body with its inline styles (sorted) and links.
    #[allow(clippy::type_complexity)]
    pub fn finish_styled(mut self) -> (String, Vec<Block>, Vec<(Range<usize>, Inline)>, Vec<Link>) {
        self.inlines
            .sort_by_key(|(range, _)| (range.start, range.end));
        (self.body, self.blocks, self.inlines, self.links)
    }
}

/// What a file held.
#[derive(Debug)]
pub struct Parsed {
    pub format: Format,
    pub articles: Vec<Article>,
    /// Searching the raw bytes finds what the text holds (plain text that was
    /// UTF-8 and needed no cleaning); see `Decoded::verbatim`.
    pub verbatim: bool,
}

/// How much of a file to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Metadata and text.
    Whole,
    /// Metadata only, without building the text (Markdown, whose metadata can
    /// come from its first heading, is read whole): what the library scan
    /// needs, several times faster. Bodies come out empty.
    Meta,
}

/// Reads the bytes of a file called `name` (`-` for standard input) into its
/// articles: gzip expanded (to at most `cap` bytes), the format detected, and the
/// format's parser run. Every article comes out with clean metadata and a body
/// free of control characters, whatever its parser did.
pub fn parse_file(bytes: Vec<u8>, name: &str, cap: u64) -> Result<Parsed, SourceError> {
    parse_file_to(bytes, name, cap, Depth::Whole)
}

/// The same, to `depth`.
pub fn parse_file_to(
    bytes: Vec<u8>,
    name: &str,
    cap: u64,
    depth: Depth,
) -> Result<Parsed, SourceError> {
    let gzipped = source::is_gzip(&bytes);
    let (bytes, name, gzip_note) = if gzipped {
        let (expanded, note) = source::gunzip_capped(&bytes, cap)?;
        (expanded, strip_gz(name), note)
    } else {
        (bytes, name, None)
    };
    let format = detect::detect(name, &bytes);
    // Web archives hold images; every other format is text. Plain text is
    // refused as binary by its decoding, which makes the same checks.
    if !matches!(format, Format::Warc | Format::Text) {
        source::refuse_binary(&bytes)?;
    }
    let mut verbatim = false;
    let mut articles = match format {
        Format::Text => {
            let decoded = source::decode_owned(bytes)?;
            verbatim = decoded.verbatim && !gzipped;
            let mut article = match depth {
                Depth::Whole => text::parse(&decoded.text, name),
                Depth::Meta => Article::new(
                    Format::Text,
                    text::parse_meta(&decoded.text, name),
                    BodyBuilder::default(),
                ),
            };
            article.problems = decoded.notes;
            vec![article]
        }
        Format::Markdown => markdown::parse(bytes, name)?,
        Format::Json => json::parse(bytes, name, depth)?,
        Format::Html => vec![html::parse_page(
            bytes,
            name,
            &html::Envelope::default(),
            depth,
        )?],
        Format::Feed => feed::parse(&bytes, name, depth)?,
        Format::Warc => warc::parse(&bytes, name, cap, depth)?,
        Format::Mail => mail::parse(&bytes, name, depth)?,
    };
    for article in &mut articles {
        // Plain text is sanitised as it is decoded and its parser only joins
        // lines of it; every other parser builds its body from markup.
        finish(article, name, format != Format::Text);
        if format != Format::Text {
            // The plain-text parser reads its own header lines.
            furniture::trim(article);
            article.meta.byline = article.meta.byline.as_deref().map(furniture::clean_byline);
            strip_source_from_title(&mut article.meta);
        }
    }
    if let (Some(first), Some(note)) = (articles.first_mut(), gzip_note) {
        first.problems.push(note);
    }
    Ok(Parsed {
        format,
        articles,
        verbatim,
    })
}

/// A name without its `.gz`.
fn strip_gz(name: &str) -> &str {
    name.strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".GZ"))
        .unwrap_or(name)
}

/// `Mill wins award - Northern Mail` → `Mill wins award` when the source is
/// Northern Mail: news APIs and page titles append the publication.
fn strip_source_from_title(meta: &mut Meta) {
    let Some(source) = &meta.source else {
        return;
    };
    for separator in [" - ", " | ", " – ", " — ", " · "] {
        if let Some(stem) = meta.title.strip_suffix(source.as_str())
            && let Some(stem) = stem.strip_suffix(separator)
            && !stem.trim().is_empty()
        {
            meta.title = stem.trim().to_owned();
            return;
        }
    }
}

/// Metadata on one clean line each, and a title.
fn clean_meta(meta: &mut Meta, name: &str) {
    meta.title = markup::clean_line(&meta.title);
    if meta.title.is_empty() {
        meta.title = title_from_name(name);
    }
    for field in [&mut meta.source, &mut meta.byline, &mut meta.url] {
        *field = field
            .take()
            .map(|v| markup::clean_line(&v))
            .filter(|v| !v.is_empty());
    }
    meta.tags = std::mem::take(&mut meta.tags)
        .iter()
        .map(|t| markup::clean_line(t))
        .filter(|t| !t.is_empty())
        .collect();
}

/// The last checks every article passes: metadata on one clean line, a title, and
/// a body with nothing a terminal would act on (parsers clean what they read;
/// with `sanitise_body` this makes sure of it).
fn finish(article: &mut Article, name: &str, sanitise_body: bool) {
    clean_meta(&mut article.meta, name);
    for link in &mut article.links {
        link.text = markup::clean_line(&link.text);
        link.url = markup::clean_line(&link.url);
    }
    if sanitise_body && !crate::sanitize::is_plain(article.body.as_bytes()) {
        let suspect = crate::sanitize::sanitize_text(&article.body);
        if suspect.removed > 0 || suspect.text != article.body {
            // Rebuilt block by block; inline styles cannot be trusted to line up.
            let mut body = BodyBuilder::default();
            for block in &article.blocks {
                let clean = crate::sanitize::sanitize_text(article.block_text(block)).text;
                body.push(block.kind, clean.trim_matches('\n'));
            }
            let links = std::mem::take(&mut article.links);
            let (text, blocks, _, _) = body.finish_styled();
            article.body = text;
            article.blocks = blocks;
            article.inlines.clear();
            article.links = links;
        }
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

    /// An article that is only a body.
    fn article(body: &str) -> Article {
        Article {
            meta: Meta::default(),
            body: body.into(),
            blocks: Vec::new(),
            inlines: Vec::new(),
            links: Vec::new(),
            format: Format::Text,
            problems: Vec::new(),
        }
    }

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

    /// The count by characters alone, which the byte-wise count must match.
    fn words_by_chars(text: &str) -> usize {
        let mut words = 0;
        let mut other_letters = false;
        for c in text.chars() {
            if c.is_whitespace() {
                words += usize::from(std::mem::take(&mut other_letters));
            } else if is_cjk(c) {
                words += 1;
            } else if c.is_alphanumeric() {
                other_letters = true;
            }
        }
        words + usize::from(other_letters)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        #[test]
        fn word_counts_read_bytes_as_the_characters_would(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                " ", "\t", "\u{b}", "\u{1c}", "\u{a0}", "\u{3000}", "\u{85}", "word", "9", "—",
                "渡輪", "é", "\u{200d}", "🏊", ",", "\n\n",
            ][..]), 0..23)
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(article(&text).word_count(), words_by_chars(&text), "{:?}", text);
        }
    }

    #[test]
    fn word_counts_handle_cjk() {
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
