//! News exported as JSON: one article object, an array of them, JSON Lines, or a
//! wrapper such as `NewsAPI`'s `{"articles": [...]}`, with the field names common
//! exports use (news APIs, scrapers such as news-please and trafilatura, CMS
//! exports, `WordPress`'s `{"rendered": ...}` values). Also the field mapping for
//! Markdown front matter.

use serde_json::{Map, Value};

use super::markup::{LinkBase, append, html_to_line};
use super::{Article, BodyBuilder, Depth, Format, Meta, date_from_name, title_from_name};
use crate::date::{NewsDate, parse_date};
use crate::source::{self, SourceError};

const TITLE: &[&str] = &["title", "headline", "heading", "name"];
const DATE: &[&str] = &[
    "date",
    "published",
    "publishedat",
    "published_at",
    "pubdate",
    "date_publish",
    "datepublished",
    "date_published",
    "publication_date",
    "created",
    "created_at",
    "createdat",
    "first_published",
    "issued",
    "updated",
    "date_modify",
    "datemodified",
    "modified",
    "timestamp",
];
const AUTHOR: &[&str] = &[
    "author",
    "authors",
    "byline",
    "creator",
    "dc:creator",
    "writer",
];
const SOURCE: &[&str] = &[
    "source",
    "site",
    "publisher",
    "source_domain",
    "hostname",
    "sitename",
    "site_name",
    "source_name",
    "publication",
    "newspaper",
    "outlet",
];
const URL: &[&str] = &[
    "url",
    "link",
    "canonical_url",
    "web_url",
    "permalink",
    "uri",
    "source_url",
];
const BODY: &[&str] = &[
    "body",
    "text",
    "content",
    "article",
    "maintext",
    "articlebody",
    "fulltext",
    "full_text",
    "content_html",
    "content_text",
    "body_html",
    "html",
    "story",
];
const SUMMARY: &[&str] = &[
    "description",
    "summary",
    "abstract",
    "excerpt",
    "lead",
    "dek",
    "standfirst",
];
const TAGS: &[&str] = &["tags", "keywords", "categories", "topics"];

/// Fields that hold the article list of a wrapper object.
const LISTS: &[&str] = &[
    "articles",
    "items",
    "results",
    "data",
    "posts",
    "entries",
    "stories",
    "docs",
    "response",
    "hits",
    "news",
    "documents",
    "records",
];

/// How deep wrappers are searched for an article list.
const WRAPPER_DEPTH: usize = 3;

/// Parses a JSON file.
pub fn parse(bytes: Vec<u8>, name: &str, depth: Depth) -> Result<Vec<Article>, SourceError> {
    let decoded = source::decode_owned(bytes)?;
    let text = decoded.text.trim_start_matches('\u{feff}');
    let mut notes = decoded.notes.clone();
    let values = match serde_json::from_str::<Value>(text) {
        Ok(value) => vec![value],
        Err(whole) => {
            let (values, broken) = json_lines(text);
            if values.is_empty() || (values.len() == 1 && broken.is_empty()) {
                return Err(SourceError::NoArticles(format!(
                    "malformed JSON at line {}, column {}: {}",
                    whole.line(),
                    whole.column(),
                    reason(&whole)
                )));
            }
            notes.extend(broken);
            values
        }
    };
    let mut objects = Vec::new();
    for value in &values {
        collect_articles(value, WRAPPER_DEPTH, &mut objects);
    }
    if objects.is_empty() {
        return Err(SourceError::NoArticles(format!(
            "JSON without articles: no object with a title ({}) or a body ({})",
            TITLE.join("/"),
            BODY.iter()
                .chain(SUMMARY)
                .copied()
                .collect::<Vec<_>>()
                .join("/")
        )));
    }
    let mut articles: Vec<Article> = objects
        .into_iter()
        .map(|object| article_from(object, Format::Json, name, depth))
        .collect();
    if let Some(first) = articles.first_mut() {
        first.problems.splice(0..0, notes);
    }
    Ok(articles)
}

/// `serde_json`'s message without its own "at line L column C" suffix.
fn reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(cut) => text[..cut].to_owned(),
        None => text,
    }
}

/// JSON Lines: one value per line; a broken line is a note and the rest go on.
fn json_lines(text: &str) -> (Vec<Value>, Vec<String>) {
    let mut values = Vec::new();
    let mut broken = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(value) => values.push(value),
            Err(error) => broken.push(format!(
                "line {}, column {}: {} (that record is skipped)",
                number + 1,
                error.column(),
                reason(&error)
            )),
        }
    }
    (values, broken)
}

/// Finds the article objects in a value: itself, its elements, or the list a
/// wrapper holds.
fn collect_articles<'a>(value: &'a Value, depth: usize, out: &mut Vec<&'a Map<String, Value>>) {
    match value {
        Value::Array(items) => {
            for item in items {
                if let Value::Object(object) = item
                    && is_article(object)
                {
                    out.push(object);
                }
            }
        }
        Value::Object(object) if is_article(object) => out.push(object),
        Value::Object(object) if depth > 0 => {
            for (key, inner) in object {
                if LISTS.contains(&key.to_ascii_lowercase().as_str()) {
                    collect_articles(inner, depth - 1, out);
                }
            }
        }
        _ => {}
    }
}

/// An object with a title or a body.
fn is_article(object: &Map<String, Value>) -> bool {
    let fields = Fields::new(object);
    fields.text(TITLE).is_some() || fields.text(BODY).is_some() || fields.text(SUMMARY).is_some()
}

/// An object's fields looked up by lower-cased name.
pub struct Fields<'a>(Vec<(String, &'a Value)>);

impl<'a> Fields<'a> {
    pub fn new(object: &'a Map<String, Value>) -> Fields<'a> {
        Fields(
            object
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
        )
    }

    fn get<'s>(&'s self, names: &'s [&'s str]) -> impl Iterator<Item = &'a Value> + 's {
        names.iter().filter_map(move |name| {
            self.0
                .iter()
                .find(|(key, value)| key == name && !value.is_null())
                .map(|(_, value)| *value)
        })
    }

    /// The first of `names` that holds text.
    fn text(&self, names: &[&str]) -> Option<String> {
        self.get(names).find_map(text_of)
    }
}

/// The text of a value: a string, a number, or an object's `name`, `rendered`
/// (`WordPress`), `text`, `value` or `title`.
fn text_of(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Object(object) => {
            let fields = Fields::new(object);
            return fields.text(&[
                "name", "rendered", "text", "value", "title", "#text", "html",
            ]);
        }
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// Names from a string, a list of strings or a list of objects with `name`.
fn names_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text_of).collect(),
        other => text_of(other).into_iter().collect(),
    }
}

/// Tags from a list or a comma-separated string.
fn tags_of(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => s
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        other => names_of(other),
    }
}

/// A date from text, or from a Unix timestamp (seconds or milliseconds).
fn date_of(value: &Value) -> Option<NewsDate> {
    if let Some(seconds) = value.as_i64() {
        let seconds = if seconds > 100_000_000_000 {
            seconds / 1000
        } else {
            seconds
        };
        let moment = jiff::Timestamp::from_second(seconds).ok()?;
        return Some(NewsDate::Moment(jiff::tz::Offset::UTC.to_datetime(moment)));
    }
    parse_date(&text_of(value)?)
}

/// Metadata from an object's fields (also used for Markdown front matter).
pub fn meta_from(object: &Map<String, Value>, name: &str) -> Meta {
    let fields = Fields::new(object);
    let authors: Vec<String> = fields
        .get(AUTHOR)
        .map(names_of)
        .find(|names| !names.is_empty())
        .unwrap_or_default();
    // Some exports (trafilatura) give the page's address as `source`.
    let (source_urls, source_names): (Vec<String>, Vec<String>) = fields
        .get(SOURCE)
        .filter_map(text_of)
        .partition(|s| s.contains("://"));
    let source = source_names
        .into_iter()
        .next()
        .map(|s| html_to_line(&s))
        .map(|s| s.strip_prefix("www.").map(str::to_owned).unwrap_or(s));
    let mut meta = Meta {
        title: fields
            .text(TITLE)
            .map(|t| html_to_line(&t))
            .unwrap_or_default(),
        date: fields.get(DATE).find_map(date_of),
        source,
        byline: (!authors.is_empty()).then(|| html_to_line(&authors.join(", "))),
        url: fields
            .text(URL)
            .or_else(|| source_urls.into_iter().next())
            .map(|u| html_to_line(&u)),
        tags: fields
            .get(TAGS)
            .map(tags_of)
            .find(|tags| !tags.is_empty())
            .unwrap_or_default()
            .iter()
            .map(|t| html_to_line(t))
            .collect(),
    };
    if meta.title.is_empty() {
        meta.title = title_from_name(name);
    }
    if meta.date.is_none() {
        meta.date = date_from_name(name);
    }
    meta
}

/// One article from an object.
pub fn article_from(
    object: &Map<String, Value>,
    format: Format,
    name: &str,
    depth: Depth,
) -> Article {
    let meta = meta_from(object, name);
    if depth == Depth::Meta {
        return Article::new(format, meta, BodyBuilder::default());
    }
    let fields = Fields::new(object);
    let body_text = fields.text(BODY);
    let summary = fields.text(SUMMARY);
    let base = LinkBase::new(meta.url.as_deref());
    let mut body = BodyBuilder::default();
    // A summary goes first unless the body already starts with it (scrapers
    // often repeat the lede as the description).
    if let Some(summary) = &summary {
        let repeated = body_text
            .as_deref()
            .is_some_and(|b| plain_start(b).starts_with(&plain_start(summary)));
        if !repeated {
            body = append(body, summary, &base);
        }
    }
    if let Some(text) = &body_text {
        body = append(body, text, &base);
    }
    Article::new(format, meta, body)
}

/// The first words of a text without markup, to compare a summary with a body.
fn plain_start(text: &str) -> String {
    let line = html_to_line(&text[..text.len().min(2000)]);
    line.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(json: &str) -> Vec<String> {
        parse(json.as_bytes().to_vec(), "x.json", Depth::Whole)
            .unwrap()
            .into_iter()
            .map(|a| a.meta.title)
            .collect()
    }

    #[test]
    fn shapes() {
        assert_eq!(titles(r#"{"title": "One", "text": "Body."}"#), ["One"]);
        assert_eq!(
            titles(r#"[{"headline": "A"}, 3, {"title": "B"}]"#),
            ["A", "B"]
        );
        assert_eq!(
            titles(r#"{"status": "ok", "articles": [{"title": "N", "content": "c"}]}"#),
            ["N"]
        );
        assert_eq!(
            titles("{\"title\": \"L1\"}\n{broken\n{\"title\": \"L2\"}\n"),
            ["L1", "L2"]
        );
        assert_eq!(
            titles(r#"{"response": {"docs": [{"headline": {"main": "x"}, "abstract": "a"}]}}"#),
            ["X"]
        );
    }

    #[test]
    fn newsapi_fields() {
        let article = parse(
            br#"{"articles": [{"source": {"id": null, "name": "Kestrel Post"},
            "author": "Ada Brenn", "title": "Toll rises", "description": "The toll rises.",
            "url": "https://post.example/toll", "publishedAt": "2024-06-12T08:30:00Z",
            "content": "Drivers will pay more <b>from May</b>. [+1200 chars]"}]}"#
                .to_vec(),
            "n.json",
            Depth::Whole,
        )
        .unwrap()
        .remove(0);
        assert_eq!(article.meta.source.as_deref(), Some("Kestrel Post"));
        assert_eq!(article.meta.byline.as_deref(), Some("Ada Brenn"));
        assert_eq!(
            article.meta.date.map(NewsDate::to_iso).as_deref(),
            Some("2024-06-12T08:30:00")
        );
        assert_eq!(
            article.body,
            "The toll rises.\n\nDrivers will pay more from May. [+1200 chars]"
        );
    }

    #[test]
    fn not_articles_and_broken_json_are_explained() {
        let err = parse(br#"{"a": 1}"#.to_vec(), "x.json", Depth::Whole)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("JSON without articles"), "{err}");
        let err = parse(b"{\"title\": \n  [1,}".to_vec(), "x.json", Depth::Whole)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("malformed JSON at line 2, column"), "{err}");
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(deep.into_bytes(), "x.json", Depth::Whole).is_err());
    }
}
