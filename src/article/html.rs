//! Saved web pages: the article extracted Readability-style (`dom_smoothie`, a port
//! of Mozilla's Readability), without the navigation, ads, share bars and comments
//! around it; metadata from the page's own tags; the page's visible text when
//! extraction finds nothing.

use dom_query::Document;
use dom_smoothie::{Config, Readability};

mod nesting;

use super::markup::{LinkBase, clean_line, html_blocks};
use super::{Article, BodyBuilder, Depth, Format, Meta, date_from_name, title_from_name};
use crate::date::{NewsDate, parse_date};
use crate::source::{self, Hints, SourceError};

/// What the container of a page (a WARC record) knows about it.
#[derive(Debug, Clone, Default)]
pub struct Envelope<'a> {
    /// The charset of an HTTP `Content-Type`.
    pub charset: Option<&'a str>,
    /// Where the page was fetched from.
    pub url: Option<&'a str>,
    /// When it was fetched, the date of last resort.
    pub date: Option<NewsDate>,
}

/// How much of a page is searched for a `<meta charset>` before decoding it (the
/// HTML standard's prescan looks at 1024 bytes; saved pages often put scripts
/// first, so more is read).
const PRESCAN: usize = 8192;

/// Elements Readability is asked to look at, at most: a bound on its work for
/// pathological pages (its scoring is not linear in the element count).
const MAX_ELEMENTS: usize = 60_000;

/// Element nesting kept when a page is parsed (see `nesting`): real pages nest a
/// few dozen deep.
const MAX_DEPTH: usize = 256;

/// Parses a saved page.
pub fn parse(bytes: Vec<u8>, name: &str) -> Result<Vec<Article>, SourceError> {
    parse_page(bytes, name, &Envelope::default(), Depth::Whole).map(|article| vec![article])
}

/// Parses a page, with what its container knows.
pub fn parse_page(
    bytes: Vec<u8>,
    name: &str,
    envelope: &Envelope<'_>,
    depth: Depth,
) -> Result<Article, SourceError> {
    let declared = envelope
        .charset
        .and_then(source::encoding_for_label)
        .map(|e| (e, "the HTTP header"))
        .or_else(|| declared_charset(&bytes));
    let prescan_url = envelope
        .url
        .map(str::to_owned)
        .or_else(|| canonical_in(&bytes));
    let decoded = source::decode_with(
        bytes,
        &Hints {
            declared,
            url: prescan_url.as_deref(),
        },
    )?;
    let mut article = match depth {
        Depth::Whole => parse_text(&decoded.text, name, envelope),
        Depth::Meta => Article::new(
            Format::Html,
            parse_meta(&decoded.text, name, envelope),
            BodyBuilder::default(),
        ),
    };
    article.problems.splice(0..0, decoded.notes);
    Ok(article)
}

/// Only the metadata of a page, without extracting its text (Readability's
/// metadata step, not its scoring of every element).
pub fn parse_meta(html: &str, name: &str, envelope: &Envelope<'_>) -> Meta {
    let document = Document::from(&*nesting::flatten(html, MAX_DEPTH));
    let page = PageMeta::read(&document);
    let readability = Readability::with_document(document, None, None).ok();
    let found = readability
        .as_ref()
        .map(|r| r.get_article_metadata(r.parse_json_ld()));
    let mut meta = Meta::default();
    if let Some(found) = &found {
        meta.title = clean_line(&found.title);
        meta.byline = found.byline.as_deref().map(clean_line);
        meta.source = found.site_name.as_deref().map(clean_line);
        meta.date = found
            .published_time
            .as_deref()
            .and_then(parse_date)
            .or_else(|| found.modified_time.as_deref().and_then(parse_date));
        meta.url = page
            .canonical
            .clone()
            .or_else(|| envelope.url.map(str::to_owned))
            .or_else(|| found.url.clone());
    }
    fill_from_page(&mut meta, &page, envelope, name);
    meta
}

/// Fills what Readability left empty from the page's own tags, the envelope and
/// the file name.
fn fill_from_page(meta: &mut Meta, page: &PageMeta, envelope: &Envelope<'_>, name: &str) {
    if meta.title.is_empty() {
        meta.title = page.title.clone().unwrap_or_default();
    }
    if meta.byline.is_none() {
        meta.byline.clone_from(&page.author);
    }
    if meta.source.is_none() {
        meta.source.clone_from(&page.site_name);
    }
    meta.date = meta
        .date
        .or(page.date)
        .or(envelope.date)
        .or_else(|| date_from_name(name));
    if meta.title.is_empty() {
        meta.title = title_from_name(name);
    }
    meta.tags.clone_from(&page.keywords);
}

/// Parses decoded page text.
pub fn parse_text(html: &str, name: &str, envelope: &Envelope<'_>) -> Article {
    let flat = nesting::flatten(html, MAX_DEPTH);
    let html = &*flat;
    let document = Document::from(html);
    let page = PageMeta::read(&document);
    remove_page_chrome(&document);
    let url = page
        .canonical
        .clone()
        .or_else(|| envelope.url.map(str::to_owned));
    let config = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let base = LinkBase::new(url.as_deref());
    let extracted = Readability::with_document(document, url.as_deref(), Some(config))
        .ok()
        .and_then(|mut readability| readability.parse().ok())
        .filter(|found| !found.text_content.trim().is_empty());

    let mut meta = Meta::default();
    let mut problems = Vec::new();
    let body = if let Some(found) = &extracted {
        meta.title = clean_line(&found.title);
        meta.byline = found.byline.as_deref().map(clean_line);
        meta.source = found.site_name.as_deref().map(clean_line);
        meta.date = found.published_time.as_deref().and_then(parse_date);
        if meta.date.is_none() {
            meta.date = found.modified_time.as_deref().and_then(parse_date);
        }
        meta.url = url.clone().or_else(|| found.url.clone());
        html_blocks(&found.content, &base)
    } else {
        problems.push("no article found in the page: showing all of its visible text".to_owned());
        let page = Document::from(html);
        remove_page_chrome(&page);
        let visible = page.select("body");
        let html = if visible.exists() {
            visible.html().to_string()
        } else {
            html.to_owned()
        };
        meta.url.clone_from(&url);
        html_blocks(&html, &base)
    };
    fill_from_page(&mut meta, &page, envelope, name);
    let mut article = Article::new(Format::Html, meta, body);
    article.problems = problems;
    article
}

/// Elements that are never the article.
const CHROME_ELEMENTS: &str = "nav, aside, footer, form, dialog, button, noscript, iframe, \
    [role=navigation], [role=banner], [role=contentinfo], [role=complementary], \
    [role=dialog], [role=alertdialog], [aria-modal=true]";

/// Words in a class or id that mark what surrounds an article on news sites.
const CHROME_WORDS: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "comments",
    "comment",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "promo",
    "sponsored",
    "paywall",
    "subscribe",
    "modal",
    "popup",
    "breadcrumb",
    "breadcrumbs",
    "skip",
    "toolbar",
    "outbrain",
    "taboola",
    "most-read",
    "trending",
];

/// Removes the navigation, banners, share bars, related links and comments that
/// wrap an article, before Readability scores the page: on a short article it
/// relaxes its own rules and would keep them.
fn remove_page_chrome(document: &Document) {
    document.select(CHROME_ELEMENTS).remove();
    for node in document.select("[class], [id]").nodes() {
        let Some(name) = node.node_name() else {
            continue;
        };
        if matches!(
            &*name.to_ascii_lowercase(),
            "html" | "body" | "main" | "article"
        ) {
            continue;
        }
        let marks = format!(
            "{} {}",
            node.attr("class").unwrap_or_default(),
            node.attr("id").unwrap_or_default()
        )
        .to_ascii_lowercase();
        let is_chrome = marks
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .any(|word| CHROME_WORDS.contains(&word));
        if is_chrome {
            node.remove_from_parent();
        }
    }
}

/// Metadata read from the page's head and markup, where Readability has none.
#[derive(Debug, Default)]
struct PageMeta {
    title: Option<String>,
    canonical: Option<String>,
    author: Option<String>,
    site_name: Option<String>,
    date: Option<NewsDate>,
    keywords: Vec<String>,
}

impl PageMeta {
    fn read(document: &Document) -> PageMeta {
        let meta_content = |selector: &str| {
            let found = document.select(selector);
            found
                .attr("content")
                .map(|c| clean_line(&c))
                .filter(|c| !c.is_empty())
        };
        let title = meta_content("meta[property='og:title']").or_else(|| {
            let title = clean_line(&document.select("title").text());
            (!title.is_empty()).then_some(title)
        });
        let canonical = {
            let link = document.select("link[rel='canonical']");
            link.attr("href")
                .map(|h| clean_line(&h))
                .filter(|h| h.contains("://"))
                .or_else(|| meta_content("meta[property='og:url']"))
        };
        let date = [
            "meta[property='article:published_time']",
            "meta[name='date']",
            "meta[itemprop='datePublished']",
            "meta[name='pubdate']",
            "meta[name='dc.date']",
        ]
        .iter()
        .find_map(|s| meta_content(s).as_deref().and_then(parse_date))
        .or_else(|| {
            let time = document.select("time");
            time.attr("datetime")
                .and_then(|d| parse_date(&d))
                .or_else(|| parse_date(&clean_line(&time.text())))
        });
        let keywords = meta_content("meta[name='keywords']")
            .map(|k| {
                k.split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        PageMeta {
            title,
            canonical,
            author: meta_content("meta[name='author']").map(|a| clean_line(&a)),
            site_name: meta_content("meta[property='og:site_name']"),
            date,
            keywords,
        }
    }
}

/// The charset a page declares in its first bytes: `<meta charset>`, the
/// `http-equiv` form, or an XML declaration.
fn declared_charset(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, &'static str)> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(PRESCAN)]).to_ascii_lowercase();
    if head.trim_start().starts_with("<?xml")
        && let Some(label) = attribute_after(&head, "encoding")
    {
        return source::encoding_for_label(&label).map(|e| (e, "the XML declaration"));
    }
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        let tag = &rest[at..tag_end];
        if let Some(label) = attribute_after(tag, "charset") {
            return source::encoding_for_label(&label).map(|e| (e, "<meta charset>"));
        }
        rest = &rest[tag_end..];
    }
    None
}

/// The value after `name=` in a tag, quoted or not (`charset="utf-8"`,
/// `content="text/html; charset=windows-1252"`).
fn attribute_after(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(name)? + name.len();
    let rest = tag[at..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let value: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

/// The canonical URL, found in the raw bytes before decoding (its top-level domain
/// helps guess an undeclared encoding).
fn canonical_in(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(PRESCAN * 4)]);
    let lower = head.to_ascii_lowercase();
    let at = lower
        .find("rel=\"canonical\"")
        .or_else(|| lower.find("og:url"))?;
    let tag_start = lower[..at].rfind('<')?;
    let tag_end = lower[at..].find('>').map_or(lower.len(), |e| at + e);
    let tag = &head[tag_start..tag_end];
    let value_at = tag.find("href=").or_else(|| tag.find("content="))?;
    let value = tag[value_at..].split_once(['"', '\''])?.1;
    let value = value.split(['"', '\'']).next()?;
    value.contains("://").then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Ferry timetable cut | The Fenmouth Courier</title>
<meta property="og:title" content="Ferry timetable cut">
<meta property="og:site_name" content="The Fenmouth Courier">
<meta property="article:published_time" content="2024-09-03T07:15:00+01:00">
<link rel="canonical" href="https://courier.example.co.uk/news/ferry">
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<article><h1>Ferry timetable cut</h1>
<p class="byline">By Ines Okafor</p>
<p>The winter timetable for the Fenmouth ferry will drop the early sailing, the
operator said on Monday, leaving commuters who cross to Seal Holm with a choice.</p>
<p>"We cannot run an empty boat at six in the morning," said Tomas Brenn, the
operator's chief executive. The harbour&nbsp;master agreed the change in August.</p>
<p>Councillors will discuss the timetable at a meeting next week, and residents
have until the end of the month to send their views to the operator.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/x">Other</a></li></ul></aside>
<footer>Copyright</footer></body></html>"#;

    #[test]
    fn extracts_the_article_and_its_metadata() {
        let article = parse(PAGE.as_bytes().to_vec(), "ferry.html")
            .unwrap()
            .remove(0);
        assert_eq!(article.meta.title, "Ferry timetable cut");
        assert_eq!(article.meta.source.as_deref(), Some("The Fenmouth Courier"));
        assert_eq!(
            article.meta.date.map(NewsDate::to_iso).as_deref(),
            Some("2024-09-03T07:15:00")
        );
        assert_eq!(
            article.meta.url.as_deref(),
            Some("https://courier.example.co.uk/news/ferry")
        );
        assert!(article.body.contains("harbour master"), "{}", article.body);
        for chrome in ["cookies", "Sport", "Related", "Copyright"] {
            assert!(
                !article.body.contains(chrome),
                "{chrome} in {}",
                article.body
            );
        }
        assert!(article.problems.is_empty(), "{:?}", article.problems);
    }

    #[test]
    fn a_declared_charset_is_honoured() {
        let mut page = b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'></head><body><p>It cost \xa315.8m.</p></body></html>".to_vec();
        page.extend_from_slice(b"\n");
        let article = parse(page, "p.htm").unwrap().remove(0);
        assert!(article.body.contains("£15.8m"), "{}", article.body);
    }

    #[test]
    fn a_page_without_an_article_shows_its_text() {
        let article = parse(b"<html><body><p>Hi.</p></body></html>".to_vec(), "x.html")
            .unwrap()
            .remove(0);
        assert!(article.body.contains("Hi."));
    }
}
