//! Web archives (WARC 1.0 and 1.1, as crawlers and "save to archive" tools write
//! them): every HTML response record is an article read through the page parser,
//! with the target URI as its URL, the record's date as the date of last resort
//! and the HTTP `Content-Type` charset honoured.
//!
//! Records are read by their `Content-Length`; a record that is cut short or
//! malformed loses that record only, and reading resumes at the next `WARC/`
//! header line.

use super::html::{self, Envelope};
use super::{Article, Depth};
use crate::date::parse_date;
use crate::source::{self, SourceError};

/// Parses a web archive (already expanded when it was gzipped).
pub fn parse(
    bytes: &[u8],
    name: &str,
    cap: u64,
    depth: Depth,
) -> Result<Vec<Article>, SourceError> {
    let mut articles = Vec::new();
    let mut notes = Vec::new();
    let mut records = 0;
    for record in Records::new(bytes) {
        records += 1;
        match record {
            Ok(record) => match page_of(&record, cap) {
                Ok(Some(page)) => {
                    let envelope = Envelope {
                        charset: page.charset.as_deref(),
                        url: record.header("warc-target-uri"),
                        date: record.header("warc-date").and_then(parse_date),
                    };
                    match html::parse_page(page.body, name, &envelope, depth) {
                        Ok(mut article) => {
                            article.format = super::Format::Warc;
                            articles.push(article);
                        }
                        Err(error) => notes.push(format!("record {records}: {error}")),
                    }
                }
                Ok(None) => {}
                Err(reason) => notes.push(format!("record {records}: {reason}")),
            },
            Err(reason) => notes.push(format!("record {records}: {reason}")),
        }
    }
    match articles.first_mut() {
        Some(first) => {
            first.problems.extend(notes);
            Ok(articles)
        }
        None if notes.is_empty() => Err(SourceError::NoArticles(format!(
            "a web archive of {records} record{} with no HTML page",
            crate::wording::plural(records)
        ))),
        None => Err(SourceError::NoArticles(notes.join("; "))),
    }
}

/// One WARC record: its named fields and its block.
struct Record<'a> {
    fields: Vec<(String, String)>,
    block: &'a [u8],
}

impl Record<'_> {
    /// A header field by lower-case name.
    fn header(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().trim_matches(['<', '>']))
    }
}

/// Walks the records of a WARC file.
struct Records<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Records<'a> {
    fn new(bytes: &'a [u8]) -> Records<'a> {
        Records { bytes, at: 0 }
    }

    /// Moves to the next line that starts a record, if any.
    fn resync(&mut self) -> bool {
        let rest = &self.bytes[self.at..];
        if rest.starts_with(b"WARC/") {
            return true;
        }
        if let Some(found) = memchr::memmem::find(rest, b"\nWARC/") {
            self.at += found + 1;
            true
        } else {
            self.at = self.bytes.len();
            false
        }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
        if self.at >= self.bytes.len() || !self.resync() {
            return None;
        }
        let start = self.at;
        let rest = &self.bytes[start..];
        let Some((head_len, body_start)) = header_end(rest) else {
            self.at = self.bytes.len();
            return Some(Err("the archive ends inside a record header".to_owned()));
        };
        let head = String::from_utf8_lossy(&rest[..head_len]);
        let fields: Vec<(String, String)> = head
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let length = fields
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok());
        let Some(length) = length else {
            // No length: skip to the next record.
            self.at = start + 1;
            return Some(Err("a record without a Content-Length".to_owned()));
        };
        let block_start = start + body_start;
        let available = self.bytes.len() - block_start;
        if length > available {
            self.at = self.bytes.len();
            return Some(Err(format!(
                "cut short: {available} of {length} bytes (the archive is truncated)"
            )));
        }
        self.at = block_start + length;
        Some(Ok(Record {
            fields,
            block: &self.bytes[block_start..block_start + length],
        }))
    }
}

/// Where a header block ends: its length and where the body starts (after a blank
/// line, `\r\n\r\n` or, from lax writers, `\n\n`).
fn header_end(bytes: &[u8]) -> Option<(usize, usize)> {
    let crlf = memchr::memmem::find(bytes, b"\r\n\r\n").map(|at| (at, at + 4));
    let lf = memchr::memmem::find(bytes, b"\n\n").map(|at| (at, at + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// An HTML page found in a record.
struct Page {
    body: Vec<u8>,
    charset: Option<String>,
}

/// The HTML page a record holds: a successful HTTP response (or a `resource`
/// record) whose content type is HTML. Other records are `None`.
fn page_of(record: &Record<'_>, cap: u64) -> Result<Option<Page>, String> {
    let kind = record
        .header("warc-type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let content_type = record
        .header("content-type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    match kind.as_str() {
        "response" if content_type.starts_with("application/http") => http_page(record.block, cap),
        "resource" | "response" if content_type.contains("html") => Ok(Some(Page {
            body: record.block.to_vec(),
            charset: charset_of(&content_type),
        })),
        _ => Ok(None),
    }
}

/// The page inside an HTTP response.
fn http_page(block: &[u8], cap: u64) -> Result<Option<Page>, String> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let body_at = match response.parse(block) {
        Ok(httparse::Status::Complete(at)) => at,
        Ok(httparse::Status::Partial) => return Err("an HTTP response cut short".to_owned()),
        Err(error) => return Err(format!("not an HTTP response ({error})")),
    };
    if !response.code.is_some_and(|code| (200..300).contains(&code)) {
        return Ok(None);
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    let content_type = header("content-type").unwrap_or_default();
    let mut body = block[body_at..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body);
    }
    if header("content-encoding").is_some_and(|e| e.contains("gzip")) || source::is_gzip(&body) {
        body = source::gunzip_capped(&body, cap)
            .map_err(|e| e.to_string())?
            .0;
    }
    let is_html = content_type.contains("html")
        || (content_type.is_empty() && super::detect::sniff(&body) == Some(super::Format::Html));
    Ok(is_html.then(|| Page {
        body,
        charset: charset_of(&content_type),
    }))
}

/// The `charset=` of a content type.
fn charset_of(content_type: &str) -> Option<String> {
    let at = content_type.find("charset=")? + "charset=".len();
    let value: String = content_type[at..]
        .trim_matches(['"', '\''])
        .chars()
        .take_while(|c| !matches!(c, ';' | ' ' | '"' | '\''))
        .collect();
    (!value.is_empty()).then_some(value)
}

/// Undoes HTTP chunked transfer coding, keeping what is there when it is damaged.
fn dechunk(mut bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    while let Some(line_end) = memchr::memchr(b'\n', bytes) {
        let size_text = String::from_utf8_lossy(&bytes[..line_end]);
        let size_text = size_text.trim().split(';').next().unwrap_or("").to_owned();
        let Ok(size) = usize::from_str_radix(&size_text, 16) else {
            break;
        };
        bytes = &bytes[line_end + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(bytes.len());
        out.extend_from_slice(&bytes[..take]);
        bytes = &bytes[take..];
        bytes = bytes
            .strip_prefix(b"\r\n")
            .or_else(|| bytes.strip_prefix(b"\n"))
            .unwrap_or(bytes);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Date: 2020-05-04T10:00:00Z\r\n\
             WARC-Target-URI: <https://harbour.example/news/toll>\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn page() -> Vec<u8> {
        let html = b"<html><head><title>Toll rises</title></head><body><article><p>Drivers on the Kestrel Bay bridge will pay \xa32 from May, the harbour authority said on Monday.</p></article></body></html>";
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n".to_vec();
        http.extend_from_slice(html);
        http
    }

    #[test]
    fn html_responses_become_articles() {
        let mut warc = record("warcinfo", "application/warc-fields", b"software: test\r\n");
        warc.extend(record(
            "response",
            "application/http; msgtype=response",
            &page(),
        ));
        warc.extend(record(
            "response",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        let articles = parse(&warc, "c.warc", 1 << 20, Depth::Whole).unwrap();
        assert_eq!(articles.len(), 1);
        let article = &articles[0];
        assert_eq!(article.meta.title, "Toll rises");
        assert_eq!(
            article.meta.url.as_deref(),
            Some("https://harbour.example/news/toll")
        );
        assert_eq!(
            article
                .meta
                .date
                .map(crate::date::NewsDate::to_iso)
                .as_deref(),
            Some("2020-05-04T10:00:00")
        );
        assert!(article.body.contains("£2"), "{}", article.body);
    }

    #[test]
    fn a_truncated_archive_keeps_the_records_before() {
        let mut warc = record("response", "application/http; msgtype=response", &page());
        let second = record("response", "application/http; msgtype=response", &page());
        warc.extend_from_slice(&second[..second.len() / 2]);
        let articles = parse(&warc, "c.warc", 1 << 20, Depth::Whole).unwrap();
        assert_eq!(articles.len(), 1);
        assert!(
            articles[0].problems.iter().any(|p| p.contains("truncated")),
            "{:?}",
            articles[0].problems
        );
    }

    #[test]
    fn chunked_bodies() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"),
            b"Wikipedia"
        );
    }
}
