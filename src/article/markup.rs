//! Turning marked-up text (an HTML page or fragment, Markdown events) into body
//! blocks with inline styles and numbered links.
//!
//! `BlockWriter` is the shared half: it collects running text into the current
//! block, folding white space the way a browser does (except in preformatted text),
//! keeps emphasis, strong, code and link ranges, and numbers links. `html_blocks`
//! walks an HTML tree into it; the Markdown parser feeds it events.

use std::ops::Range;

use dom_query::{Document, NodeRef};

use super::{BlockKind, BodyBuilder, Inline};
use crate::sanitize::sanitize_text;

/// Collects text into blocks.
#[derive(Debug, Default)]
pub struct BlockWriter {
    body: BodyBuilder,
    /// The block being written.
    text: String,
    inlines: Vec<(Range<usize>, Inline)>,
    /// Styles opened and not yet closed, with where they started.
    open: Vec<(usize, Inline)>,
    /// The kinds of the blocks entered; the innermost decides the current kind.
    kinds: Vec<BlockKind>,
    /// Inside preformatted text: white space is kept.
    pre: usize,
    /// A space is owed before the next word.
    space: bool,
    /// The link being written: where its text started, and its URL.
    link: Option<(usize, String)>,
}

impl BlockWriter {
    /// A writer that carries on after the blocks (and links) of `body`.
    pub fn continuing(body: BodyBuilder) -> BlockWriter {
        BlockWriter {
            body,
            ..BlockWriter::default()
        }
    }

    /// Adds text; it is sanitised here, so nothing from the source reaches the
    /// body unchecked.
    pub fn text(&mut self, raw: &str) {
        let cleaned;
        let clean = if crate::sanitize::is_plain(raw.as_bytes()) {
            raw
        } else {
            cleaned = sanitize_text(raw).text;
            cleaned.as_str()
        };
        if self.pre > 0 {
            self.text.push_str(clean);
            return;
        }
        for (i, word) in clean.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.space && !self.text.is_empty() && !self.text.ends_with(' ') {
                self.text.push(' ');
            }
            self.space = false;
            self.text.push_str(word);
        }
    }

    /// Opens an inline style at the current position.
    pub fn open(&mut self, style: Inline) {
        self.settle_space();
        self.open.push((self.text.len(), style));
    }

    /// Closes the innermost open `style`.
    pub fn close(&mut self, style: Inline) {
        if let Some(at) = self.open.iter().rposition(|(_, s)| *s == style) {
            let (start, _) = self.open.remove(at);
            let end = self.text.trim_end().len();
            if start < end {
                self.inlines.push((start..end, style));
            }
        }
    }

    /// Starts a link to `url` (already resolved); `end_link` numbers it.
    pub fn start_link(&mut self, url: &str) {
        self.settle_space();
        let url = sanitize_text(url).text.trim().to_owned();
        self.link = Some((self.text.len(), url));
    }

    /// Ends the link: its text is styled, `[N]` follows it, and the link is listed.
    pub fn end_link(&mut self) {
        let Some((start, url)) = self.link.take() else {
            return;
        };
        let end = self.text.trim_end().len();
        if url.is_empty() || start >= end {
            return;
        }
        let label = self.text[start..end].to_owned();
        self.inlines.push((start..end, Inline::Link));
        let number = self.body.add_link(label, url);
        let mark = format!("[{number}]");
        let at = end;
        self.text.insert_str(at, &mark);
        self.inlines.push((at..at + mark.len(), Inline::LinkNumber));
    }

    /// An image, shown as `[image: alt]` (or nothing when it has no description).
    pub fn image(&mut self, alt: &str) {
        let alt = sanitize_text(alt).text;
        let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        if alt.is_empty() {
            return;
        }
        self.settle_space();
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
        self.text.push_str("[image: ");
        self.text.push_str(&alt);
        self.text.push(']');
        self.space = true;
    }

    /// Enters a block of `kind` (ending the one being written).
    pub fn start_block(&mut self, kind: BlockKind) {
        self.flush();
        if kind == BlockKind::Preformatted {
            self.pre += 1;
        }
        self.kinds.push(kind);
    }

    /// Leaves the innermost block.
    pub fn end_block(&mut self) {
        self.flush();
        if self.kinds.pop() == Some(BlockKind::Preformatted) {
            self.pre = self.pre.saturating_sub(1);
        }
    }

    /// Ends the block being written, if it holds any text (a line break, a `<div>`).
    pub fn flush(&mut self) {
        let kind = self.kind();
        let text = std::mem::take(&mut self.text);
        let inlines = std::mem::take(&mut self.inlines);
        // Styles still open carry on into the next block.
        for (start, _) in &mut self.open {
            *start = 0;
        }
        if let Some((start, _)) = &mut self.link {
            *start = 0;
        }
        self.space = false;
        // Only white space is trimmed: none at the start of running text (it is
        // never written there), line breaks at the start of preformatted text.
        let lead = if kind == BlockKind::Preformatted {
            text.len() - text.trim_start_matches('\n').len()
        } else {
            text.len() - text.trim_start().len()
        };
        let text = text[lead..].trim_end();
        if text.trim().is_empty() {
            return;
        }
        let inlines: Vec<(Range<usize>, Inline)> = inlines
            .iter()
            .filter_map(|(range, style)| {
                let start = range.start.saturating_sub(lead);
                let end = range.end.saturating_sub(lead).min(text.len());
                (start < end).then_some((start..end, *style))
            })
            .collect();
        self.body.push_styled(kind, text, &inlines);
    }

    /// The kind of block being written: the innermost that decides, with list
    /// items and captions inside quotes keeping their own kind.
    fn kind(&self) -> BlockKind {
        self.kinds.last().copied().unwrap_or(BlockKind::Paragraph)
    }

    fn settle_space(&mut self) {
        if self.space && !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
        self.space = false;
    }

    /// True when no block has been finished yet.
    pub fn nothing_before_current(&self) -> bool {
        self.body.is_empty()
    }

    /// Drops the text of the block being written (a heading taken as the title).
    pub fn discard_current(&mut self) {
        self.text.clear();
        self.inlines.clear();
        self.space = false;
    }

    /// The finished body.
    pub fn finish(mut self) -> BodyBuilder {
        self.flush();
        self.body
    }
}

/// Elements whose content is never shown.
const INVISIBLE: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "select", "button", "input", "textarea", "form", "dialog", "video", "audio", "map",
];

/// Elements that start a new paragraph (and end it).
const BLOCK_CONTAINERS: &[&str] = &[
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "address", "dl",
    "dt", "dd", "ul", "ol", "table", "thead", "tbody", "tfoot", "tr", "figure", "center", "hgroup",
    "details", "summary", "body", "html", "fieldset", "legend", "menu",
];

/// How deep the walk follows nesting; below it the text is taken flat, so a page
/// of a hundred thousand nested tags costs no more than a flat one.
const MAX_DEPTH: usize = 256;

/// Where relative links point from.
#[derive(Debug, Clone, Default)]
pub struct LinkBase(Option<url::Url>);

impl LinkBase {
    /// The base for a page at `url` (none when it is not an absolute URL).
    pub fn new(url: Option<&str>) -> LinkBase {
        LinkBase(url.and_then(|u| url::Url::parse(u.trim()).ok()))
    }

    /// The absolute URL of `href`, or `None` for links that lead nowhere a reader
    /// can go (fragments, scripts, relative links without a base).
    pub fn resolve(&self, href: &str) -> Option<String> {
        let href = href.trim();
        if href.is_empty() || href.starts_with('#') {
            return None;
        }
        let url = match url::Url::parse(href) {
            Ok(url) => url,
            Err(url::ParseError::RelativeUrlWithoutBase) => self.0.as_ref()?.join(href).ok()?,
            Err(_) => return None,
        };
        matches!(url.scheme(), "http" | "https" | "mailto" | "ftp").then(|| url.to_string())
    }
}

/// Writes the visible content of an HTML fragment or page as blocks.
pub fn html_blocks(html: &str, base: &LinkBase) -> BodyBuilder {
    html_into(BodyBuilder::default(), html, base)
}

/// The same, after the blocks already in `body`.
pub fn html_into(body: BodyBuilder, html: &str, base: &LinkBase) -> BodyBuilder {
    let document = Document::from(html);
    let mut writer = BlockWriter::continuing(body);
    walk(&document.root(), &mut writer, base, 0);
    writer.finish()
}

/// Writes `node`'s visible content.
pub fn walk(node: &NodeRef<'_>, out: &mut BlockWriter, base: &LinkBase, depth: usize) {
    for child in node.children_it(false) {
        if child.is_text() {
            out.text(&child.text());
        } else if child.is_element() {
            element(&child, out, base, depth + 1);
        } else if child.is_document() || child.is_fragment() {
            walk(&child, out, base, depth + 1);
        }
    }
}

fn element(node: &NodeRef<'_>, out: &mut BlockWriter, base: &LinkBase, depth: usize) {
    let Some(name) = node.node_name() else {
        return;
    };
    let name = name.to_ascii_lowercase();
    if INVISIBLE.contains(&name.as_str()) || is_hidden(node) {
        return;
    }
    if depth > MAX_DEPTH {
        out.text(" ");
        out.text(&node.text());
        return;
    }
    let block = match name.as_str() {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Heading),
        "blockquote" => Some(BlockKind::Blockquote),
        "li" => Some(BlockKind::ListItem),
        "figcaption" | "caption" => Some(BlockKind::Caption),
        "pre" => Some(BlockKind::Preformatted),
        _ => None,
    };
    let style = match name.as_str() {
        "em" | "i" | "cite" | "dfn" | "var" => Some(Inline::Emphasis),
        "strong" | "b" => Some(Inline::Strong),
        "code" | "kbd" | "samp" | "tt" => Some(Inline::Code),
        _ => None,
    };
    match name.as_str() {
        "br" | "hr" => {
            out.flush();
            return;
        }
        "img" => {
            out.image(&node.attr("alt").unwrap_or_default());
            return;
        }
        _ => {}
    }
    let link = (name == "a")
        .then(|| node.attr("href").and_then(|href| base.resolve(&href)))
        .flatten();
    if let Some(kind) = block {
        out.start_block(kind);
    } else if BLOCK_CONTAINERS.contains(&name.as_str()) {
        out.flush();
    } else if matches!(name.as_str(), "td" | "th") {
        out.text(" ");
    }
    if let Some(style) = style {
        out.open(style);
    }
    if let Some(url) = &link {
        out.start_link(url);
    }
    walk(node, out, base, depth);
    if link.is_some() {
        out.end_link();
    }
    if let Some(style) = style {
        out.close(style);
    }
    if block.is_some() {
        out.end_block();
    } else if BLOCK_CONTAINERS.contains(&name.as_str()) {
        out.flush();
    } else if matches!(name.as_str(), "td" | "th") {
        out.text(" ");
    }
}

/// Elements the page hides from readers.
fn is_hidden(node: &NodeRef<'_>) -> bool {
    node.has_attr("hidden")
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || node.attr("style").is_some_and(|style| {
            let style: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            style.contains("display:none") || style.contains("visibility:hidden")
        })
}

/// Plain text from a short piece of HTML (a title or a name in a feed): tags
/// dropped, entities decoded, white space folded.
pub fn html_to_line(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return clean_line(html);
    }
    let document = Document::fragment(html);
    clean_line(&document.root().text())
}

/// A sanitised single line with white space folded.
pub fn clean_line(text: &str) -> String {
    let clean = sanitize_text(text).text;
    clean.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Adds a field's text, HTML or plain, after the blocks in `body`.
pub fn append(body: BodyBuilder, text: &str, base: &LinkBase) -> BodyBuilder {
    if looks_like_html(text) {
        html_into(body, text, base)
    } else {
        text_into(body, text)
    }
}

/// True when a field's text looks like HTML rather than plain text: a tag that
/// news markup uses, near the start.
pub fn looks_like_html(text: &str) -> bool {
    const TAGS: [&[u8]; 11] = [
        b"p", b"br", b"div", b"/", b"a ", b"em", b"strong", b"img", b"li", b"h2", b"h3",
    ];
    let head = &text.as_bytes()[..text.len().min(4096)];
    memchr::memchr_iter(b'<', head).any(|at| {
        let rest = &head[at + 1..];
        TAGS.iter().any(|tag| {
            rest.len() > tag.len()
                && rest[..tag.len()].eq_ignore_ascii_case(tag)
                // `<p>` or `<p class=…>`, not `<pen`.
                && (tag.ends_with(b" ") || *tag == b"/" || !rest[tag.len()].is_ascii_alphanumeric())
        })
    })
}

/// Plain text as blocks: paragraphs at blank lines, lines inside one joined.
pub fn text_blocks(text: &str) -> BodyBuilder {
    text_into(BodyBuilder::default(), text)
}

/// The same, after the blocks already in `body`.
pub fn text_into(body: BodyBuilder, text: &str) -> BodyBuilder {
    let mut writer = BlockWriter::continuing(body);
    let clean = sanitize_text(text).text;
    let single_lines = !clean.contains("\n\n");
    for paragraph in clean.split("\n\n") {
        if single_lines {
            // Exports that break paragraphs with single newlines.
            for line in paragraph.lines() {
                writer.start_block(BlockKind::Paragraph);
                writer.text(line);
                writer.end_block();
            }
        } else {
            writer.start_block(BlockKind::Paragraph);
            writer.text(paragraph);
            writer.end_block();
        }
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parts = (String, Vec<(BlockKind, String)>, Vec<(String, Inline)>);

    fn body(html: &str) -> Parts {
        let (body, blocks, inlines, _) =
            html_blocks(html, &LinkBase::new(Some("https://example.org/news/a"))).finish_styled();
        let blocks = blocks
            .iter()
            .map(|b| (b.kind, body[b.range.clone()].to_owned()))
            .collect();
        let inlines = inlines
            .iter()
            .map(|(r, s)| (body[r.clone()].to_owned(), *s))
            .collect();
        (body, blocks, inlines)
    }

    #[test]
    fn blocks_map_onto_kinds() {
        let (_, blocks, _) = body(
            "<h1>Title</h1><p>One\n  two</p><blockquote><p>Quoted.</p></blockquote>\
             <ul><li>First</li><li>Second</li></ul><figure><img alt='A ferry'>\
             <figcaption>The ferry.</figcaption></figure><pre>a  b\n c</pre>",
        );
        assert_eq!(
            blocks,
            [
                (BlockKind::Heading, "Title".into()),
                (BlockKind::Paragraph, "One two".into()),
                (BlockKind::Blockquote, "Quoted.".into()),
                (BlockKind::ListItem, "First".into()),
                (BlockKind::ListItem, "Second".into()),
                (BlockKind::Paragraph, "[image: A ferry]".into()),
                (BlockKind::Caption, "The ferry.".into()),
                (BlockKind::Preformatted, "a  b\n c".into()),
            ]
        );
    }

    #[test]
    fn inline_styles_and_numbered_links() {
        let (body, _, inlines) = body(
            "<p>The <em>harbour</em>&nbsp;<strong>master</strong> said \
             <a href='/council'>the council</a> and <a href='#x'>here</a>.</p>",
        );
        // A no-break space is a space to the reader and to search.
        assert_eq!(body, "The harbour master said the council[1] and here.");
        assert_eq!(
            inlines,
            [
                ("harbour".into(), Inline::Emphasis),
                ("master".into(), Inline::Strong),
                ("the council".into(), Inline::Link),
                ("[1]".into(), Inline::LinkNumber),
            ]
        );
        let (_, _, _, links) = html_blocks(
            "<a href='/c'>c</a>",
            &LinkBase::new(Some("https://example.org/news/a")),
        )
        .finish_styled();
        assert_eq!(links[0].url, "https://example.org/c");
    }

    #[test]
    fn scripts_hidden_parts_and_escapes_are_dropped() {
        let (body, _, _) = body(
            "<p>Shown<script>alert(1)</script></p><div hidden>secret</div>\
             <p style='display: none'>gone</p><p>a&#27;[2Jb&#x9b;c</p>",
        );
        // The escape goes; a C1 reference means what Windows-1252 puts there.
        assert_eq!(body, "Shown\n\nab\u{203a}c");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let html = format!(
            "{}deep{}",
            "<div><span>".repeat(5000),
            "</span></div>".repeat(5000)
        );
        let (body, _, _) = body(&html);
        assert_eq!(body.trim(), "deep");
    }

    #[test]
    fn plain_text_paragraphs() {
        let (body, blocks) = text_blocks("One\nline.\n\nTwo.").finish();
        assert_eq!(body, "One line.\n\nTwo.");
        assert_eq!(blocks.len(), 2);
        let (body, _) = text_blocks("First.\nSecond.").finish();
        assert_eq!(body, "First.\n\nSecond.");
    }
}
