//! A bound on element nesting, applied to the markup before it is parsed.
//!
//! The HTML tree builder looks through the stack of open elements for many tags
//! (is a `p` open in button scope?), so its work grows with the depth: a page of
//! 50,000 nested `div`s takes tens of seconds, while real pages nest a few dozen
//! deep. Tags that would open an element deeper than the limit, and the end tags
//! that match them, are dropped; the text between them stays. Pages within the
//! limit are returned as they are.

use std::borrow::Cow;

/// Elements with no end tag, or whose end tag is usually left out: they are not
/// counted, or a page of unclosed paragraphs would look deep.
const NOT_COUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp",
    "thead", "tbody", "tfoot", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noembed"];

/// `html` with every tag deeper than `limit` removed (see the module comment).
pub fn flatten(html: &str, limit: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    // Ranges of `html` to drop, in order.
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let Some(tag) = read_tag(bytes, start) else {
            at = start + 1;
            continue;
        };
        at = tag.end;
        if tag.name.is_empty() || NOT_COUNTED.iter().any(|n| tag.name.eq_ignore_ascii_case(n)) {
            continue;
        }
        if tag.closing {
            if depth > limit {
                dropped.push((start, tag.end));
            }
            depth = depth.saturating_sub(1);
        } else {
            if RAW_TEXT.iter().any(|n| tag.name.eq_ignore_ascii_case(n)) {
                at = end_of_raw_text(bytes, at, tag.name);
                continue;
            }
            if tag.self_closing {
                continue;
            }
            depth += 1;
            if depth > limit {
                dropped.push((start, tag.end));
            }
        }
    }
    if dropped.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut flat = String::with_capacity(html.len());
    let mut kept_from = 0;
    for (start, end) in dropped {
        flat.push_str(&html[kept_from..start]);
        kept_from = end;
    }
    flat.push_str(&html[kept_from..]);
    Cow::Owned(flat)
}

/// A start or end tag found in the markup.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    self_closing: bool,
    /// Just past the `>`.
    end: usize,
}

/// Reads the tag (or comment, doctype or processing instruction, which come back
/// with an empty name) starting at the `<` at `start`; `None` where the `<` is
/// text.
fn read_tag(bytes: &[u8], start: usize) -> Option<Tag<'_>> {
    let rest = &bytes[start + 1..];
    if rest.starts_with(b"!--") {
        let end =
            memchr::memmem::find(&rest[3..], b"-->").map_or(bytes.len(), |i| start + 4 + i + 3);
        return Some(Tag {
            name: "",
            closing: false,
            self_closing: false,
            end,
        });
    }
    let closing = rest.first() == Some(&b'/');
    let name_start = start + 1 + usize::from(closing);
    let first = *bytes.get(name_start)?;
    if !(first.is_ascii_alphabetic() || (!closing && matches!(first, b'!' | b'?'))) {
        return None;
    }
    let name_end = bytes[name_start..]
        .iter()
        .position(|b| !b.is_ascii_alphanumeric() && *b != b'-')
        .map_or(bytes.len(), |i| name_start + i.max(1));
    // The tag ends at the first `>` outside a quoted attribute value.
    let mut quote = None;
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate().skip(name_end) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => {
                end = i + 1;
                break;
            }
            _ => {}
        }
    }
    let name = std::str::from_utf8(&bytes[name_start..name_end]).unwrap_or("");
    let name = if first.is_ascii_alphabetic() {
        name
    } else {
        ""
    };
    Some(Tag {
        name,
        closing,
        self_closing: end >= 2 && bytes[end - 2] == b'/',
        end,
    })
}

/// Just past the end tag of the raw-text element `name` whose content starts at
/// `from` (or the end of the markup).
fn end_of_raw_text(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut at = from;
    while let Some(offset) = memchr::memmem::find(&bytes[at..], b"</") {
        let start = at + offset;
        let candidate = &bytes[start + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        }
        at = start + 2;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_left_alone() {
        let page = "<html><body><div class=\"a>b\"><p>One<p>Two<br><img src=x/></div>\
            <script>if (a < b) { x = '</div>'; }</script><!-- <div> --></body></html>";
        assert!(matches!(flatten(page, 3), Cow::Borrowed(_)));
    }

    #[test]
    fn tags_past_the_limit_go_and_their_text_stays() {
        let page = format!(
            "<body>{}deep text{}<p>after</p></body>",
            "<div>".repeat(10),
            "</div>".repeat(10)
        );
        let flat = flatten(&page, 4);
        assert_eq!(
            flat,
            format!(
                "<body>{}deep text{}<p>after</p></body>",
                "<div>".repeat(4),
                "</div>".repeat(4)
            )
        );
    }

    #[test]
    fn unterminated_markup_ends_the_walk() {
        for page in [
            "<div",
            "<div class=\"x",
            "<!-- open",
            "<script>never closed",
            "</",
            "<",
            "a < b",
        ] {
            let _ = flatten(page, 1);
        }
    }
}
