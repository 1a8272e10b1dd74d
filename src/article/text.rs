//! The plain-text parser: the seed's shape (date line, title, dateline, paragraphs,
//! `Photo:` captions, trailing `- Source` line), the bare "title, blank line,
//! paragraphs" shape, and a `Key: value` header block.
//!
//! It works on blocks (runs of non-blank lines). Front matter is taken from the first
//! blocks and the source from the last; everything else becomes body blocks with
//! soft-wrapped lines joined. Nothing is dropped except the lines turned into metadata.

use std::borrow::Cow;

use super::{Article, BlockKind, BodyBuilder, Format, Meta, date_from_name, title_from_name};
use crate::date::{NewsDate, parse_date, parse_place_dateline};

/// Longest line (in characters) taken as a title.
const MAX_TITLE_CHARS: usize = 250;
/// Longest line taken as a byline or a source line.
const MAX_CREDIT_CHARS: usize = 120;

/// Parses plain text into an article. `name` is the file name, used for the title
/// (and date) when the text has none.
pub fn parse(text: &str, name: &str) -> Article {
    let blocks = split_blocks(text);
    let front = FrontMatter::read(&blocks, name);
    // The body is about as long as the text: room made once, not by doubling.
    let mut body = BodyBuilder::with_capacity(text.len());
    for standfirst in &front.standfirst {
        body.push(BlockKind::Paragraph, standfirst);
    }
    let at_start = front.body.start == 0;
    let body_blocks = &blocks[front.body];
    for (i, block) in body_blocks.iter().enumerate() {
        // The line above a `Photo:` credit is the photo's caption (`Jeff Sessions
        // speaking at the Department of Justice, 28 February.`), except where the
        // photo comes right after the first paragraph without one.
        let above_credit = i > 0
            && is_caption_line(block)
            && body_blocks
                .get(i + 1)
                .is_some_and(|next| is_caption(&join_lines(next)));
        if above_credit {
            body.push(BlockKind::Caption, &join_lines(block));
        } else {
            push_block(&mut body, block, at_start);
        }
    }
    Article::new(Format::Text, front.meta, body)
}

/// Only the metadata of `parse(text, name)`, without building the body: what the
/// library scan needs, several times faster.
pub fn parse_meta(text: &str, name: &str) -> Meta {
    FrontMatter::read(&front_and_last_blocks(text), name).meta
}

/// The most blocks `FrontMatter::read` looks at from the front: a header, a
/// date, a title, a byline and a dateline, then the dateline look-ahead.
const FRONT_BLOCKS: usize = 8;

/// The first `FRONT_BLOCKS` blocks of `split_blocks(text)` and its last:
/// everything `FrontMatter::read` looks at, without splitting the whole text
/// (the library scan reads every article's metadata).
fn front_and_last_blocks(text: &str) -> Vec<RawBlock<'_>> {
    let mut lines = text.lines();
    let mut blocks = blocks_from(&mut lines, FRONT_BLOCKS);
    // What is left, from its end: its last block.
    let mut last: Vec<&str> = lines
        .rev()
        .map(str::trim_end)
        .skip_while(|line| line.trim_start().is_empty())
        .take_while(|line| !line.trim_start().is_empty())
        .collect();
    if !last.is_empty() {
        last.reverse();
        blocks.push(last);
    }
    blocks
}

/// Body blocks searched for a wire dateline (`LONDON 1996-08-30`) giving the date.
const DATELINE_LOOKAHEAD: usize = 3;

/// What the first and last blocks say about the article, and which blocks are body.
struct FrontMatter {
    meta: Meta,
    /// Summary lines from a header block, shown as the first paragraph.
    standfirst: Vec<String>,
    /// Indices of the blocks that make the body.
    body: std::ops::Range<usize>,
}

impl FrontMatter {
    fn read(blocks: &[RawBlock<'_>], name: &str) -> FrontMatter {
        let mut meta = Meta::default();
        let mut standfirst = Vec::new();
        let mut next = 0;
        let mut end = blocks.len();

        if let Some(header) = blocks.first().and_then(|b| parse_header(b)) {
            next = 1;
            meta = header.meta;
            standfirst = header.standfirst;
        }
        if meta.date.is_none()
            && let Some(date) = blocks
                .get(next)
                .and_then(|b| single_line(b))
                .and_then(parse_date)
        {
            meta.date = Some(date);
            next += 1;
        }
        if meta.title.is_empty() {
            match blocks.get(next) {
                Some(block) if is_title(block, blocks.len() - next) => {
                    meta.title = join_lines(block).into_owned();
                    next += 1;
                }
                _ => meta.title = title_from_name(name),
            }
        }
        // Byline and dateline, in either order, right under the title.
        for _ in 0..2 {
            let Some(line) = blocks.get(next).and_then(|b| single_line(b)) else {
                break;
            };
            if let Some(date) = parse_date(line) {
                meta.date = Some(meta.date.map_or(date, |known| known.refine(date)));
            } else if let Some(byline) = parse_byline(line).filter(|_| meta.byline.is_none()) {
                meta.byline = Some(byline);
            } else {
                break;
            }
            next += 1;
        }
        if end > next
            && let Some(source) = blocks.get(end - 1).and_then(|b| parse_source_line(b))
        {
            meta.source.get_or_insert(source);
            end -= 1;
        }
        if meta.date.is_none() {
            meta.date = blocks[next..end]
                .iter()
                .take(DATELINE_LOOKAHEAD)
                .find_map(|b| single_line(b).and_then(parse_place_dateline))
                .or_else(|| date_from_name(name));
        }
        FrontMatter {
            meta,
            standfirst,
            body: next..end,
        }
    }
}

/// A run of non-blank lines, each trimmed at the end.
type RawBlock<'a> = Vec<&'a str>;

fn split_blocks(text: &str) -> Vec<RawBlock<'_>> {
    blocks_from(&mut text.lines(), usize::MAX)
}

/// Up to `most` blocks from `lines`, which are left just after the last.
fn blocks_from<'a>(lines: &mut std::str::Lines<'a>, most: usize) -> Vec<RawBlock<'a>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    for line in lines.by_ref() {
        let line = line.trim_end();
        if line.trim_start().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
                if blocks.len() == most {
                    return blocks;
                }
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

fn single_line<'a>(block: &RawBlock<'a>) -> Option<&'a str> {
    match block.as_slice() {
        [line] => Some(line.trim()),
        _ => None,
    }
}

/// A title is one line of reasonable length. A lone long line is more likely an
/// article written on one line, so it stays body text.
fn is_title(block: &RawBlock<'_>, blocks_left: usize) -> bool {
    let Some(line) = single_line(block) else {
        return false;
    };
    let chars = line.chars().count();
    chars <= MAX_TITLE_CHARS && (blocks_left > 1 || chars <= 120)
}

/// Joins soft-wrapped lines into one paragraph: single spaces between words, and a
/// word hyphenated across a line break joined back together.
fn join_lines<'a>(lines: &[&'a str]) -> Cow<'a, str> {
    // The common case, a paragraph on one line with single spaces, is the line.
    if let [line] = lines {
        // Trimmed as the general path below splits: at ASCII spaces only, so an
        // ideographic-space indent survives either way.
        let line = line.trim_matches(' ');
        if memchr::memmem::find(line.as_bytes(), b"  ").is_none() {
            return Cow::Borrowed(line);
        }
    }
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for line in lines {
        for (index, word) in line.split(' ').filter(|w| !w.is_empty()).enumerate() {
            let glue_hyphen = index == 0
                && out.ends_with('-')
                && out[..out.len() - 1]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic)
                && word.chars().next().is_some_and(char::is_lowercase);
            if !out.is_empty() && !glue_hyphen {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    Cow::Owned(out)
}

fn push_block(body: &mut BodyBuilder, block: &RawBlock<'_>, at_start: bool) {
    if block.iter().all(|l| l.trim_start().starts_with('>')) {
        let lines: Vec<&str> = block
            .iter()
            .map(|l| l.trim_start().trim_start_matches('>').trim_start())
            .collect();
        body.push(BlockKind::Blockquote, &join_lines(&lines));
        return;
    }
    if list_marker_len(block[0]).is_some() {
        push_list(body, block);
        return;
    }
    if block.len() > 1 && block.iter().all(|l| l.starts_with("    ")) {
        // Only ASCII spaces count: cutting after other white space (a no-break or
        // ideographic space) could land inside a character.
        let indent = block
            .iter()
            .map(|l| l.len() - l.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        let lines: Vec<&str> = block.iter().map(|l| &l[indent..]).collect();
        body.push(BlockKind::Preformatted, &lines.join("\n"));
        return;
    }
    let text = join_lines(block);
    let kind = if is_caption(&text) {
        BlockKind::Caption
    } else if !at_start && block.len() == 1 && is_crosshead(&text) {
        BlockKind::Heading
    } else {
        BlockKind::Paragraph
    };
    body.push(kind, &text);
}

/// Splits a block whose first line is a list item into items; lines without a
/// marker continue the item above.
fn push_list(body: &mut BodyBuilder, block: &RawBlock<'_>) {
    let mut item: Vec<&str> = Vec::new();
    for line in block {
        let trimmed = line.trim_start();
        if let Some(marker) = list_marker_len(trimmed) {
            if !item.is_empty() {
                body.push(BlockKind::ListItem, &join_lines(&item));
                item.clear();
            }
            item.push(trimmed[marker..].trim_start());
        } else {
            item.push(trimmed);
        }
    }
    if !item.is_empty() {
        body.push(BlockKind::ListItem, &join_lines(&item));
    }
}

/// Length of a list marker (`- `, `* `, `• `, `1. `, `2) `) at the start of a line.
fn list_marker_len(line: &str) -> Option<usize> {
    let line = line.trim_start();
    for bullet in ["- ", "* ", "• ", "– "] {
        if line.starts_with(bullet) {
            return Some(bullet.len());
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    let numbered = (1..=3).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") "));
    numbered.then_some(digits + 2)
}

/// Photo captions carry a credit such as `Photo: AFP` or `(Image: Jane Doe)` at the end.
/// A single short line that can caption a photo: not a quotation, a list item, a
/// heading introducing what follows, or a credit itself.
fn is_caption_line(block: &RawBlock<'_>) -> bool {
    let [line] = block.as_slice() else {
        return false;
    };
    let line = line.trim();
    !line.is_empty()
        && line.chars().count() <= MAX_PHOTO_CAPTION_CHARS
        && !line.starts_with(['"', '“', '\'', '‘', '>', '#'])
        && !line.ends_with(':')
        && !line.contains(". ")
        && !has_finite_verb(line)
        && list_marker_len(line).is_none()
        && !is_caption(line)
}

/// A caption describes (`Jeff Sessions speaking at the Department of Justice`);
/// a sentence of the story has a verb such as `said` or `will`.
fn has_finite_verb(line: &str) -> bool {
    const VERBS: [&str; 14] = [
        "said", "says", "is", "was", "are", "were", "has", "have", "had", "will", "would", "can",
        "could", "did",
    ];
    line.split(|c: char| !c.is_alphanumeric())
        .any(|word| VERBS.contains(&word))
}

/// The longest line read as a photo's caption above its credit.
const MAX_PHOTO_CAPTION_CHARS: usize = 200;

fn is_caption(text: &str) -> bool {
    const MARKERS: [&str; 7] = [
        "photo:",
        "photograph:",
        "picture:",
        "image:",
        "photo credit:",
        "photo /",
        "credit:",
    ];
    let bytes = text.as_bytes();
    // This runs on every paragraph: most have neither mark and stop here.
    if text.len() > 400 || memchr::memchr2(b':', b'/', bytes).is_none() {
        return false;
    }
    MARKERS.iter().any(|marker| {
        // The last place the marker ends, in any case: every marker ends in an
        // ASCII mark, so only those places are compared.
        let Some(&mark) = marker.as_bytes().last() else {
            return false;
        };
        let last = memchr::memrchr_iter(mark, bytes).find_map(|end| {
            let at = (end + 1).checked_sub(marker.len())?;
            bytes[at..=end]
                .eq_ignore_ascii_case(marker.as_bytes())
                .then_some(at)
        });
        last.is_some_and(|at| {
            // Cut at ASCII bytes only, so both are character boundaries.
            let credit = text[at + marker.len()..]
                .trim()
                .trim_end_matches([')', '.']);
            let starts_word = at == 0 || !text[..at].ends_with(char::is_alphanumeric);
            starts_word
                && !credit.is_empty()
                && credit.chars().count() <= 60
                && !credit.contains(". ")
        })
    })
}

/// A crosshead: a short line with no closing punctuation, quotation or digits,
/// between paragraphs (`Mounting pressure`).
fn is_crosshead(text: &str) -> bool {
    // Cheapest tests first: this runs on every one-line paragraph.
    if text.len() > 240 || text.chars().count() > 60 {
        return false;
    }
    let words = text.split_whitespace().count();
    (1..=8).contains(&words)
        && text.chars().next().is_some_and(char::is_uppercase)
        && !text.ends_with(['.', ',', ';', ':', '!', '?', '-', '—'])
        && !text.contains(|c: char| c.is_ascii_digit() || "\"“”'‘’«»()[]/|@".contains(c))
}

fn parse_byline(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
        .or_else(|| line.strip_prefix("by "))?;
    let rest = rest.trim();
    (!rest.is_empty()
        && line.chars().count() <= MAX_CREDIT_CHARS
        && rest.chars().next().is_some_and(char::is_uppercase)
        && !rest.ends_with(['.', '!', '?', '"', '”']))
    .then(|| rest.to_owned())
}

/// The trailing source line: `- BBC / Reuters`, `— Wirelink`, or `Source: BBC`.
fn parse_source_line(block: &RawBlock<'_>) -> Option<String> {
    let line = single_line(block)?;
    if line.chars().count() > MAX_CREDIT_CHARS {
        return None;
    }
    let rest = ["- ", "– ", "— ", "Source: ", "SOURCE: "]
        .iter()
        .find_map(|prefix| line.strip_prefix(prefix))?
        .trim();
    (!rest.is_empty() && !rest.ends_with(['.', '!', '?'])).then(|| rest.to_owned())
}

/// Metadata from a `Key: value` block, plus any summary lines to show as text.
struct Header {
    meta: Meta,
    standfirst: Vec<String>,
}

/// What a header key means.
enum Field {
    Title,
    Date,
    Updated,
    Byline,
    Source,
    Url,
    Tags,
    Standfirst,
    Ignored,
}

fn field_of(key: &str) -> Option<Field> {
    let key = key.to_lowercase();
    Some(match key.as_str() {
        "title" | "headline" | "subject" => Field::Title,
        "date" | "published" | "pubdate" | "publication date" | "published at"
        | "date published" | "posted" | "created" | "datetime" => Field::Date,
        "updated" | "modified" | "last modified" | "date modified" => Field::Updated,
        "author" | "authors" | "by" | "byline" | "writer" | "reporter" => Field::Byline,
        "source" | "publisher" | "publication" | "site" | "outlet" | "newspaper" | "agency"
        | "feed" => Field::Source,
        "url" | "link" | "canonical" | "permalink" | "source url" => Field::Url,
        "tags" | "keywords" | "categories" | "category" | "section" | "topics" => Field::Tags,
        "description" | "summary" | "subtitle" | "standfirst" | "subheading" | "dek" => {
            Field::Standfirst
        }
        "id" | "language" | "lang" | "words" | "word count" | "length" | "type" | "format"
        | "status" | "copyright" | "rights" | "image" | "location" | "edition" | "page" => {
            Field::Ignored
        }
        _ => return None,
    })
}

/// Reads a header block where every line is `Key: value` with a known key (an
/// indented line continues the previous value). Anything else is not a header.
fn parse_header(block: &RawBlock<'_>) -> Option<Header> {
    let mut pairs: Vec<(Field, String)> = Vec::new();
    for line in block {
        if line.starts_with([' ', '\t']) {
            let (_, value) = pairs.last_mut()?;
            value.push(' ');
            value.push_str(line.trim());
            continue;
        }
        let (key, value) = line.split_once(':')?;
        if key.len() > 24
            || !key
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
        {
            return None;
        }
        pairs.push((field_of(key.trim())?, value.trim().to_owned()));
    }
    let mut meta = Meta::default();
    let mut standfirst = Vec::new();
    let mut updated: Option<NewsDate> = None;
    for (field, value) in pairs {
        if value.is_empty() {
            continue;
        }
        match field {
            Field::Title => {
                if meta.title.is_empty() {
                    meta.title = value;
                }
            }
            Field::Date => {
                if meta.date.is_none() {
                    meta.date = parse_date(&value);
                }
            }
            Field::Updated => updated = updated.or_else(|| parse_date(&value)),
            Field::Byline => {
                meta.byline.get_or_insert(value);
            }
            Field::Source => {
                meta.source.get_or_insert(value);
            }
            Field::Url => {
                meta.url.get_or_insert(value);
            }
            Field::Tags => meta.tags.extend(
                value
                    .split([',', ';'])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned),
            ),
            Field::Standfirst => standfirst.push(value),
            Field::Ignored => {}
        }
    }
    meta.date = meta.date.or(updated);
    Some(Header { meta, standfirst })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::NewsDate;
    use jiff::civil::date;

    fn kinds(article: &Article) -> Vec<BlockKind> {
        article.blocks.iter().map(|b| b.kind).collect()
    }

    fn texts(article: &Article) -> Vec<&str> {
        article
            .blocks
            .iter()
            .map(|b| article.block_text(b))
            .collect()
    }

    const SEED_SHAPE: &str = "\
4 Feb 2020

Harbour board rejects ferry plan

9:05 am on 4 February 2020

The Kestrel Bay harbour board has voted against a plan to run a
second ferry across the sound.

Ferries at the Kestrel Bay terminal (file photo) Photo: Harbour Post

\"We simply cannot afford it,\" chair Mereana Tautahi said.

- Harbour Post / Wirelink
";

    #[test]
    fn seed_shape() {
        let a = parse(SEED_SHAPE, "x.txt");
        assert_eq!(a.meta.title, "Harbour board rejects ferry plan");
        assert_eq!(
            a.meta.date,
            Some(NewsDate::Moment(date(2020, 2, 4).at(9, 5, 0, 0)))
        );
        assert_eq!(a.meta.source.as_deref(), Some("Harbour Post / Wirelink"));
        assert_eq!(
            kinds(&a),
            [
                BlockKind::Paragraph,
                BlockKind::Caption,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(
            texts(&a)[0],
            "The Kestrel Bay harbour board has voted against a plan to run a second ferry across the sound."
        );
        assert!(a.body.ends_with("Tautahi said."));
    }

    #[test]
    fn the_line_above_a_photo_credit_is_its_caption() {
        let text = "\
Ferry plan rejected

The Kestrel Bay harbour board has voted against a second ferry.

Harbour board chair Mereana Tautahi at the terminal, 3 February.

Mereana Tautahi (file photo) Photo: Harbour Post

She said the board could not afford it.

The board said it would decide again in March.

Ferries at the terminal (file photo) Photo: Harbour Post

Two sentences here. So not a caption.

Ferries at dawn Photo: Harbour Post
";
        let a = parse(text, "x.txt");
        assert_eq!(
            kinds(&a),
            [
                BlockKind::Paragraph,
                BlockKind::Caption,
                BlockKind::Caption,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Caption,
                BlockKind::Paragraph,
                BlockKind::Caption,
            ],
            "{:?}",
            texts(&a)
        );
        // The first paragraph is never taken for a caption.
        let lead = parse(
            "Title\n\nThe board voted no on Friday.\n\nFerries Photo: Post\n",
            "y.txt",
        );
        assert_eq!(kinds(&lead), [BlockKind::Paragraph, BlockKind::Caption]);
    }

    #[test]
    fn bare_shape() {
        let a = parse("Storm closes pass\n\nSnow fell.\n\nRoads shut.\n", "n.txt");
        assert_eq!(a.meta.title, "Storm closes pass");
        assert_eq!(a.meta.date, None);
        assert_eq!(a.body, "Snow fell.\n\nRoads shut.");
    }

    #[test]
    fn header_block() {
        let text = "Title: Valley mill reopens\nDate: 14 June 2021\nAuthor: Ana Ruiz\n\
                    Source: The Valley Courier\nURL: https://example.org/mill?id=3\n\
                    Tags: business, local\n\nThe mill reopened.\n";
        let a = parse(text, "h.txt");
        assert_eq!(a.meta.title, "Valley mill reopens");
        assert_eq!(a.meta.date, Some(NewsDate::Day(date(2021, 6, 14))));
        assert_eq!(a.meta.byline.as_deref(), Some("Ana Ruiz"));
        assert_eq!(a.meta.source.as_deref(), Some("The Valley Courier"));
        assert_eq!(a.meta.url.as_deref(), Some("https://example.org/mill?id=3"));
        assert_eq!(a.meta.tags, ["business", "local"]);
        assert_eq!(a.body, "The mill reopened.");
    }

    #[test]
    fn header_without_title_takes_next_line() {
        let a = parse(
            "Date: 2021-06-14T09:30:00\n\nMill reopens\n\nText.\n",
            "h.txt",
        );
        assert_eq!(a.meta.title, "Mill reopens");
        assert_eq!(a.body, "Text.");
    }

    #[test]
    fn unknown_keys_are_not_a_header() {
        let a = parse("Q: What now?\nA: Nobody knows.\n\nMore.\n", "qa.txt");
        assert_eq!(a.meta.title, "Qa");
        assert_eq!(texts(&a)[0], "Q: What now? A: Nobody knows.");
    }

    #[test]
    fn byline_and_dateline_after_title() {
        let a = parse(
            "Title line\n\nBy Jo Park\n\n3 March 2017\n\nBody.\n",
            "t.txt",
        );
        assert_eq!(a.meta.byline.as_deref(), Some("Jo Park"));
        assert_eq!(a.meta.date, Some(NewsDate::Day(date(2017, 3, 3))));
        assert_eq!(a.body, "Body.");
    }

    #[test]
    fn wire_dateline_stays_in_body_and_gives_the_date() {
        let a = parse("SOCCER - RESULTS.\n\nLONDON 1996-08-30\n\nText.\n", "w.txt");
        assert_eq!(a.meta.title, "SOCCER - RESULTS.");
        assert_eq!(a.meta.date, Some(NewsDate::Day(date(1996, 8, 30))));
        assert_eq!(a.body, "LONDON 1996-08-30\n\nText.");
    }

    #[test]
    fn no_title_line_uses_file_name() {
        let long = "word ".repeat(60);
        let a = parse(&format!("{long}\n"), "2020-01-01-quiet-day.txt");
        assert_eq!(a.meta.title, "Quiet day");
        assert_eq!(a.body, long.trim_end());
    }

    #[test]
    fn joins_hyphenated_line_breaks() {
        assert_eq!(join_lines(&["a well-", "known  fact"]), "a well-known fact");
        assert_eq!(join_lines(&["it was -", "briefly"]), "it was - briefly");
        assert_eq!(join_lines(&["  indented", "line"]), "indented line");
        // One line or several, only ASCII spaces are trimmed.
        assert_eq!(join_lines(&["\u{3000}一行 "]), "\u{3000}一行");
        assert_eq!(join_lines(&["\u{3000}二", "行"]), "\u{3000}二 行");
    }

    #[test]
    fn lists_quotes_and_preformatted_blocks() {
        let text = "T\n\nIntro.\n\n- first\n  item\n- second\n\n> quoted\n> text\n\n    code 1\n    code 2\n\nEnd.\n";
        let a = parse(text, "t.txt");
        assert_eq!(
            kinds(&a),
            [
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Blockquote,
                BlockKind::Preformatted,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(
            texts(&a)[1..5],
            ["first item", "second", "quoted text", "code 1\ncode 2"]
        );
    }

    #[test]
    fn preformatted_indent_is_cut_at_spaces_only() {
        let a = parse("T\n\nIntro.\n\n    \u{a0}foo\n     bar\n\nEnd.\n", "t.txt");
        assert_eq!(texts(&a)[1], "\u{a0}foo\n bar");
    }

    #[test]
    fn crossheads_and_non_crossheads() {
        assert!(is_crosshead("Mounting pressure"));
        assert!(!is_crosshead("\"I don't think so.\""));
        assert!(!is_crosshead("Leicestershire 22 points"));
        assert!(!is_crosshead("He said."));
    }

    #[test]
    fn captions() {
        assert!(is_caption("Jeff Sessions (file photo) Photo: AFP"));
        assert!(is_caption("The bridge at dusk. (Image: Ana Ruiz)"));
        assert!(!is_caption(
            "He said the photo: was fake. Then he left the building at noon."
        ));
        assert!(!is_caption("Nothing to see"));
    }

    #[test]
    fn source_line_variants() {
        assert_eq!(
            parse_source_line(&vec!["- BBC / Reuters"]).as_deref(),
            Some("BBC / Reuters")
        );
        assert_eq!(
            parse_source_line(&vec!["— Wirelink"]).as_deref(),
            Some("Wirelink")
        );
        assert_eq!(parse_source_line(&vec!["- and then it ended."]), None);
    }

    #[test]
    fn meta_only_parse_agrees_with_the_full_parse() {
        for (text, name) in [
            (SEED_SHAPE, "a.txt"),
            ("SOCCER - RESULTS.\n\nLONDON 1996-08-30\n\nText.\n", "w.txt"),
            ("Title: T\nSummary: S\n\nBody.\n", "h.txt"),
            ("", "2020-02-02-empty.txt"),
        ] {
            assert_eq!(parse_meta(text, name), parse(text, name).meta);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Articles of every length made of blocks that can be metadata.
        #[test]
        fn meta_only_parse_agrees_with_the_full_parse_on_any_blocks(
            blocks in proptest::collection::vec((proptest::sample::select(&[
                "Title: Header title\nBy: Ana Ruiz",
                "4 Feb 2020",
                "Harbour board rejects ferry plan",
                "By Ana Ruiz",
                "LONDON 1996-08-30",
                "9:05 am on 4 February 2020",
                "- Harbour Post",
                "A paragraph of the story, which runs on.\nOver two lines.",
                "   ",
                "A one-line paragraph.",
            ][..]), proptest::sample::select(&["\n\n", "\n\n\n"][..])), 0..16)
        ) {
            let text: String = blocks.iter().flat_map(|(block, gap)| [*block, *gap]).collect();
            proptest::prop_assert_eq!(
                parse_meta(&text, "a.txt"),
                parse(&text, "a.txt").meta,
                "{:?}",
                text
            );
        }
    }

    #[test]
    fn empty_and_blank_input() {
        let a = parse("", "empty.txt");
        assert_eq!(a.meta.title, "Empty");
        assert!(a.blocks.is_empty());
        let a = parse("\n\n   \n", "blank.txt");
        assert!(a.body.is_empty());
    }
}
