//! Page furniture that extraction leaves at the top of a body: the headline again,
//! the byline and date line, a section link or breadcrumb. The reader shows title,
//! date and byline in its header already, so these go (and a byline found only
//! there fills in the metadata). Also the clean-up of bylines that carry a date.

use super::{Article, BlockKind, BodyBuilder, Inline};
use crate::date::parse_date;

/// How many leading blocks are looked at.
const LOOK_AT: usize = 4;
/// Longest block taken for a byline or breadcrumb line.
const SHORT: usize = 150;

/// Removes furniture from the first blocks of `article`.
pub fn trim(article: &mut Article) {
    let mut drop = Vec::new();
    for (index, block) in article.blocks.iter().enumerate().take(LOOK_AT) {
        if block.kind == BlockKind::Preformatted {
            break;
        }
        let text = article.block_text(block);
        if same_words(text, &article.meta.title) || is_breadcrumb(article, index) {
            drop.push(index);
        } else if let Some(byline) = byline_line(text) {
            drop.push(index);
            if article.meta.byline.is_none() {
                article.meta.byline = Some(byline);
            }
        } else if block.kind != BlockKind::Heading && text.len() > SHORT {
            // The article proper has begun.
            break;
        }
    }
    if !drop.is_empty() && drop.len() < article.blocks.len() {
        remove_blocks(article, &drop);
    }
}

/// Equal up to case, punctuation and spacing.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let a = words(a);
    !a.is_empty() && a == words(b)
}

/// `By Ines Okafor, Transport Reporter · 3 September 2024` → the name part.
fn byline_line(text: &str) -> Option<String> {
    if text.len() > SHORT {
        return None;
    }
    let lower = text.to_lowercase();
    let rest = ["by ", "words by ", "written by "]
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| &text[p.len()..]))?;
    let name = clean_byline(rest);
    (!name.is_empty() && name.split_whitespace().count() <= 12).then_some(name)
}

/// A byline without the date and link numbers that pages run into it:
/// `Kit Aldous · 30 August 2016` → `Kit Aldous`.
pub fn clean_byline(byline: &str) -> String {
    let text = strip_link_numbers(byline);
    let lower = text.to_lowercase();
    let text = match lower.strip_prefix("by ") {
        Some(_) => text[3..].trim(),
        None => text.trim(),
    };
    // Cut at the start of the longest tail that reads as a date.
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    let mut cut = text.len();
    for &(at, _) in words.iter().skip(1) {
        if parse_date(&text[at..]).is_some() {
            cut = at;
            break;
        }
    }
    text[..cut]
        .trim_end_matches(|c: char| c.is_whitespace() || "·|—–-,;:".contains(c))
        .to_owned()
}

/// Removes the `[N]` link markers from a line.
fn strip_link_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if close > 0 && after[..close].bytes().all(|b| b.is_ascii_digit()) => {
                rest = &after[close + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A section link or breadcrumb: a short block that is all link text, or that
/// separates a few words with `>`, `›` or `»`.
fn is_breadcrumb(article: &Article, index: usize) -> bool {
    let block = &article.blocks[index];
    let text = article.block_text(block);
    if text.len() > 80 || text.split_whitespace().count() > 8 {
        return false;
    }
    if text.contains(" > ") || text.contains(" › ") || text.contains(" » ") {
        return true;
    }
    // Covered by links and their numbers, white space aside.
    let mut covered = vec![false; text.len()];
    for (range, style) in &article.inlines {
        if matches!(style, Inline::Link | Inline::LinkNumber)
            && range.start >= block.range.start
            && range.end <= block.range.end
        {
            for flag in &mut covered[range.start - block.range.start..range.end - block.range.start]
            {
                *flag = true;
            }
        }
    }
    text.char_indices()
        .all(|(at, c)| c.is_whitespace() || covered[at])
}

/// Rebuilds the body without the blocks at `drop` (sorted), keeping the inline
/// styles of the rest; the link list is kept whole so `[N]` still finds its link.
fn remove_blocks(article: &mut Article, drop: &[usize]) {
    let mut body = BodyBuilder::default();
    for (index, block) in article.blocks.iter().enumerate() {
        if drop.binary_search(&index).is_ok() {
            continue;
        }
        let inlines: Vec<_> = article
            .inlines
            .iter()
            .filter(|(r, _)| r.start >= block.range.start && r.end <= block.range.end)
            .map(|(r, s)| (r.start - block.range.start..r.end - block.range.start, *s))
            .collect();
        body.push_styled(block.kind, article.block_text(block), &inlines);
    }
    let (text, blocks, inlines, _) = body.finish_styled();
    article.body = text;
    article.blocks = blocks;
    article.inlines = inlines;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Format, Meta};

    #[test]
    fn bylines_lose_their_dates() {
        assert_eq!(clean_byline("Kit Aldous · 30 August 2016"), "Kit Aldous");
        assert_eq!(
            clean_byline("By Tom Ridley Friday, May 19, 2023"),
            "Tom Ridley"
        );
        assert_eq!(
            clean_byline("Hannah Penrose[2] Transport Reporter"),
            "Hannah Penrose Transport Reporter"
        );
        assert_eq!(clean_byline("Ada Brenn"), "Ada Brenn");
    }

    #[test]
    fn leading_furniture_goes() {
        let mut body = BodyBuilder::default();
        body.push(BlockKind::Paragraph, "News > Town");
        body.push(BlockKind::Heading, "Ferry cut");
        body.push(BlockKind::Paragraph, "By Ines Okafor · 3 September 2024");
        body.push(BlockKind::Paragraph, "The ferry will stop.");
        let mut article = Article::new(
            Format::Html,
            Meta {
                title: "Ferry cut".into(),
                ..Meta::default()
            },
            body,
        );
        trim(&mut article);
        assert_eq!(article.body, "The ferry will stop.");
        assert_eq!(article.meta.byline.as_deref(), Some("Ines Okafor"));
    }
}
