//! Which format a file is in: its extension when that is decisive, otherwise a
//! look at its first bytes (also for standard input and files without an
//! extension). gzip is expanded before this, so `story.md.gz` is Markdown.

use super::Format;

/// Extensions folio reads inside directories, with the format each suggests.
/// `None` means the content decides (`.xml` holds feeds or XHTML, `.json` JSON
/// exports or a JSON Feed).
pub const EXTENSIONS: &[(&str, Option<Format>)] = &[
    ("txt", Some(Format::Text)),
    ("text", Some(Format::Text)),
    ("md", Some(Format::Markdown)),
    ("markdown", Some(Format::Markdown)),
    ("html", Some(Format::Html)),
    ("htm", Some(Format::Html)),
    ("xhtml", Some(Format::Html)),
    ("json", None),
    ("jsonl", Some(Format::Json)),
    ("ndjson", Some(Format::Json)),
    ("xml", None),
    ("rss", Some(Format::Feed)),
    ("atom", Some(Format::Feed)),
    ("rdf", Some(Format::Feed)),
    ("warc", Some(Format::Warc)),
    ("eml", Some(Format::Mail)),
    ("mbox", Some(Format::Mail)),
];

/// The extension of a name, lower-cased, after any `.gz`.
fn extension(name: &str) -> Option<String> {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    let (stem, ext) = lower.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_owned())
}

/// True when a file of this name is read inside a directory: a known extension
/// (also gzipped), or none at all.
pub fn is_article_name(name: &str) -> bool {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let lower = base.to_ascii_lowercase();
    if std::path::Path::new(&lower)
        .extension()
        .is_some_and(|e| e == "gz")
    {
        return extension(base).is_some_and(|ext| EXTENSIONS.iter().any(|(e, _)| *e == ext));
    }
    match extension(base) {
        None => true,
        Some(ext) => EXTENSIONS.iter().any(|(e, _)| *e == ext),
    }
}

/// The format of `bytes` (already decompressed) from a file called `name`.
pub fn detect(name: &str, bytes: &[u8]) -> Format {
    let known = extension(name).and_then(|ext| {
        EXTENSIONS
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|(_, format)| *format)
    });
    match known {
        Some(Some(format)) => format,
        // `.json`, `.xml`: the content says which.
        Some(None) => sniff(bytes).unwrap_or(Format::Json),
        None => sniff(bytes).unwrap_or(Format::Text),
    }
}

/// How far into a file sniffing looks.
const SNIFF_LEN: usize = 4096;

/// The format the first bytes show, if they show one.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    let lower = head.to_ascii_lowercase();
    if lower.starts_with(b"warc/") {
        return Some(Format::Warc);
    }
    if lower.starts_with(b"<") {
        return Some(sniff_markup(&lower));
    }
    if head.starts_with(b"{") || head.starts_with(b"[") {
        return sniff_json(head);
    }
    if head.starts_with(b"---\n") || head.starts_with(b"---\r\n") || head.starts_with(b"+++") {
        return Some(Format::Markdown);
    }
    if is_mail(head) {
        return Some(Format::Mail);
    }
    None
}

/// An XML or HTML document: a feed, or a page.
fn sniff_markup(lower: &[u8]) -> Format {
    let has = |needle: &[u8]| memchr::memmem::find(lower, needle).is_some();
    if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") || has(b"<channel") {
        Format::Feed
    } else if has(b"<html")
        || has(b"<!doctype html")
        || has(b"<body")
        || has(b"<head")
        || has(b"<p>")
        || has(b"<div")
    {
        Format::Html
    } else if lower.starts_with(b"<?xml") {
        // XML that is neither: the feed parser says what it is not.
        Format::Feed
    } else {
        Format::Html
    }
}

/// JSON, told from text that merely starts with a bracket (`[Updated] Ferry …`):
/// an object must open with a key, an array with a value.
fn sniff_json(head: &[u8]) -> Option<Format> {
    let rest = head[1..].iter().position(|b| !b.is_ascii_whitespace());
    let next = rest.map(|at| head[1 + at]);
    let plausible = match head[0] {
        b'{' => matches!(next, Some(b'"' | b'}') | None),
        _ => matches!(next, Some(b'{' | b'[' | b'"' | b']') | None),
    };
    if !plausible {
        return None;
    }
    let is_feed = memchr::memmem::find(head, b"jsonfeed.org/version").is_some();
    Some(if is_feed { Format::Feed } else { Format::Json })
}

/// A mail message or mbox: an mbox `From ` line, or a header block with the
/// fields every message has.
fn is_mail(head: &[u8]) -> bool {
    if head.starts_with(b"From ") {
        return true;
    }
    let text = String::from_utf8_lossy(head);
    let mut fields = 0;
    let mut from = false;
    for line in text.lines() {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || name.contains(' ') {
            return false;
        }
        let name = name.to_ascii_lowercase();
        from |= name == "from";
        fields += usize::from(matches!(
            name.as_str(),
            "subject"
                | "message-id"
                | "mime-version"
                | "received"
                | "return-path"
                | "delivered-to"
                | "to"
        ));
    }
    from && fields >= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_decide_first() {
        assert_eq!(detect("a/story.md", b"# x"), Format::Markdown);
        assert_eq!(detect("page.HTM", b"hello"), Format::Html);
        assert_eq!(detect("news.txt", b"<html>"), Format::Text);
        assert_eq!(detect("x.eml", b""), Format::Mail);
        assert_eq!(detect("crawl.warc.gz", b"WARC/1.1"), Format::Warc);
    }

    #[test]
    fn content_decides_the_rest() {
        assert_eq!(detect("-", b"  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(
            detect("feed.xml", b"<?xml version='1.0'?><rss>"),
            Format::Feed
        );
        assert_eq!(
            detect("page.xml", b"<?xml version='1.0'?><html xmlns=''>"),
            Format::Html
        );
        assert_eq!(
            detect(
                "x.json",
                br#"{"version": "https://jsonfeed.org/version/1.1"}"#
            ),
            Format::Feed
        );
        assert_eq!(detect("x.json", br#"[{"title": "a"}]"#), Format::Json);
        assert_eq!(
            detect("story", b"[Updated] Ferry strike\n\nBody."),
            Format::Text
        );
        assert_eq!(detect("story", b"{\"title\": 1}"), Format::Json);
        assert_eq!(
            detect("story", b"---\ntitle: x\n---\nBody"),
            Format::Markdown
        );
        assert_eq!(
            detect("msg", b"From: a@b\nSubject: hi\n\nBody"),
            Format::Mail
        );
        assert_eq!(
            detect("story", b"Title: Ferry\nDate: 2020-01-01\n\nBody"),
            Format::Text
        );
        assert_eq!(detect("-", b"Just text."), Format::Text);
    }

    #[test]
    fn names_read_in_directories() {
        assert!(is_article_name("a/b.txt"));
        assert!(is_article_name("README"));
        assert!(is_article_name("feed.rss.gz"));
        assert!(is_article_name("crawl.warc.gz"));
        assert!(!is_article_name("photo.jpg"));
        assert!(!is_article_name("style.css"));
        assert!(!is_article_name("backup.tar.gz"));
    }
}
