//! Feeds (RSS 0.9x, 1.0 and 2.0, Atom, JSON Feed) through feed-rs: each item an
//! article, with its full content (`content:encoded`, Atom `content`) preferred
//! over its summary, HTML made into text.
//!
//! feed-rs honours the XML declaration's encoding and does not expand entities a
//! document declares, so neither "billion laughs" nor external entities do
//! anything. A feed cut short keeps the items before the damage.

use feed_rs::model::{Entry, Feed, Text};

use super::markup::{LinkBase, append, clean_line, html_to_line};
use super::{Article, BodyBuilder, Depth, Format, Meta, date_from_name, title_from_name};
use crate::date::parse_date;
use crate::source::SourceError;

/// Parses a feed file.
pub fn parse(bytes: &[u8], name: &str, depth: Depth) -> Result<Vec<Article>, SourceError> {
    let (feed, note) = match feed_rs::parser::parse(bytes) {
        Ok(feed) => (feed, None),
        Err(error) => match salvage(bytes) {
            Some(feed) => (
                feed,
                Some(format!(
                    "the feed is damaged ({error}); the items before the damage are kept"
                )),
            ),
            None => {
                return Err(SourceError::NoArticles(format!(
                    "not a readable feed: {error}"
                )));
            }
        },
    };
    let source = feed.title.as_ref().map(text_line).filter(|t| !t.is_empty());
    let mut articles: Vec<Article> = feed
        .entries
        .iter()
        .map(|entry| article_from(entry, source.as_deref(), name, depth))
        .collect();
    match articles.first_mut() {
        Some(first) => first.problems.extend(note),
        None => {
            return Err(SourceError::NoArticles(match source {
                Some(title) => format!("the feed \u{201c}{title}\u{201d} has no items"),
                None => "the feed has no items".to_owned(),
            }));
        }
    }
    Ok(articles)
}

/// A feed cut off mid-item: closed after its last whole item and read again.
fn salvage(bytes: &[u8]) -> Option<Feed> {
    let find_last =
        |needle: &[u8]| memchr::memmem::rfind(bytes, needle).map(|at| at + needle.len());
    let (end, closing): (usize, &[u8]) = if let Some(end) = find_last(b"</item>") {
        let rdf = memchr::memmem::find(bytes, b"<rdf:RDF").is_some();
        (
            end,
            if rdf {
                b"</rdf:RDF>"
            } else {
                b"</channel></rss>"
            },
        )
    } else {
        (find_last(b"</entry>")?, b"</feed>")
    };
    let mut mended = bytes[..end].to_vec();
    mended.extend_from_slice(closing);
    feed_rs::parser::parse(mended.as_slice())
        .ok()
        .filter(|feed| !feed.entries.is_empty())
}

/// One item.
fn article_from(entry: &Entry, source: Option<&str>, name: &str, depth: Depth) -> Article {
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| entry.links.first())
        .map(|l| clean_line(&l.href));
    let authors: Vec<String> = entry
        .authors
        .iter()
        .filter_map(|p| {
            let name = clean_line(p.name.as_deref().unwrap_or_default());
            (!name.is_empty()).then_some(name)
        })
        .collect();
    let date = entry
        .published
        .or(entry.updated)
        .and_then(|moment| parse_date(&moment.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string()));
    let meta = Meta {
        title: entry
            .title
            .as_ref()
            .map(text_line)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| title_from_name(name)),
        date: date.or_else(|| date_from_name(name)),
        source: source.map(str::to_owned),
        byline: (!authors.is_empty()).then(|| authors.join(", ")),
        url,
        tags: entry
            .categories
            .iter()
            .map(|c| clean_line(c.label.as_deref().unwrap_or(&c.term)))
            .filter(|c| !c.is_empty())
            .collect(),
    };
    if depth == Depth::Meta {
        return Article::new(Format::Feed, meta, BodyBuilder::default());
    }
    let base = LinkBase::new(meta.url.as_deref());
    let content = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .filter(|b| !b.trim().is_empty());
    let summary = entry.summary.as_ref().map(|s| s.content.as_str());
    let body = match (content, summary) {
        (Some(content), _) => append(BodyBuilder::default(), content, &base),
        (None, Some(summary)) => append(BodyBuilder::default(), summary, &base),
        (None, None) => BodyBuilder::default(),
    };
    Article::new(Format::Feed, meta, body)
}

/// A feed text field as one line (HTML titles are common in Atom).
fn text_line(text: &Text) -> String {
    if text.content_type.subty() == "html" || text.content_type.subty() == "xhtml" {
        html_to_line(&text.content)
    } else {
        clean_line(&text.content)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::NewsDate;

    fn iso(date: Option<NewsDate>) -> Option<String> {
        date.map(NewsDate::to_iso)
    }

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Kestrel Bay Gazette</title><link>https://gazette.example/</link>
<item><title>Dredging starts</title><link>https://gazette.example/dredging</link>
<pubDate>Thu, 07 Apr 2022 09:30:00 +0000</pubDate><dc:creator>Ada Brenn</dc:creator>
<description>Short.</description>
<content:encoded><![CDATA[<p>Full <em>text</em> one.</p><p>Two.</p>]]></content:encoded></item>
<item><title>Second</title><description>Only a summary.</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_articles() {
        let articles = parse(RSS.as_bytes(), "g.rss", Depth::Whole).unwrap();
        assert_eq!(articles.len(), 2);
        let first = &articles[0];
        assert_eq!(first.meta.title, "Dredging starts");
        assert_eq!(first.meta.source.as_deref(), Some("Kestrel Bay Gazette"));
        assert_eq!(first.meta.byline.as_deref(), Some("Ada Brenn"));
        assert_eq!(iso(first.meta.date).as_deref(), Some("2022-04-07T09:30:00"));
        assert_eq!(
            first.meta.url.as_deref(),
            Some("https://gazette.example/dredging")
        );
        assert_eq!(first.body, "Full text one.\n\nTwo.");
        assert_eq!(articles[1].body, "Only a summary.");
    }

    #[test]
    fn a_truncated_feed_keeps_its_whole_items() {
        let cut = &RSS[..RSS.find("<item><title>Second").unwrap() + 20];
        let articles = parse(cut.as_bytes(), "g.rss", Depth::Whole).unwrap();
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].problems.len(), 1);
    }

    #[test]
    fn entity_expansion_is_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>T</title><item><title>&c;&x;</title><description>d</description></item></channel></rss>"#;
        if let Ok(articles) = parse(bomb.as_bytes(), "b.rss", Depth::Whole) {
            assert!(
                articles[0].meta.title.len() < 100,
                "{}",
                articles[0].meta.title
            );
            assert!(!articles[0].meta.title.contains("root:"));
        }
    }
}
