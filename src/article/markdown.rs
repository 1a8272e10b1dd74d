//! Markdown clippings (read-later tools, static sites, note apps) through
//! pulldown-cmark, with YAML `---` or TOML `+++` front matter for the metadata.
//! Emphasis, strong and code keep their styles; links are numbered; code blocks
//! are preformatted (not wrapped, not scanned for names).

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use serde_json::{Map, Value};

use super::markup::{BlockWriter, LinkBase, clean_line};
use super::{Article, BlockKind, Format, Inline, date_from_name, title_from_name};
use crate::source::{self, SourceError};

/// How deep front matter values are followed.
const MAX_FRONT_MATTER_DEPTH: usize = 16;

/// Parses a Markdown file.
pub fn parse(bytes: Vec<u8>, name: &str) -> Result<Vec<Article>, SourceError> {
    let decoded = source::decode_owned(bytes)?;
    let mut article = parse_text(&decoded.text, name);
    article.problems.splice(0..0, decoded.notes);
    Ok(vec![article])
}

/// Parses Markdown text.
pub fn parse_text(text: &str, name: &str) -> Article {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut problems = Vec::new();
    let fields = front_matter(text, options).unwrap_or_else(|reason| {
        problems.push(format!("front matter not read: {reason}"));
        Map::new()
    });
    let mut meta = super::json::meta_from(&fields, name);
    let titled = fields.keys().any(|k| k.eq_ignore_ascii_case("title"));
    let mut walker = Walker {
        out: BlockWriter::default(),
        base: LinkBase::new(meta.url.as_deref()),
        take_title: !titled,
        ..Walker::default()
    };
    for event in Parser::new_ext(text, options) {
        walker.event(event);
    }
    if let Some(heading) = walker.title.filter(|h| !h.is_empty()) {
        meta.title = heading;
    } else if !titled {
        meta.title = title_from_name(name);
    }
    if meta.date.is_none() {
        meta.date = date_from_name(name);
    }
    let mut article = Article::new(Format::Markdown, meta, walker.out.finish());
    article.problems = problems;
    article
}

/// The front matter's fields (none when there is none).
fn front_matter(text: &str, options: Options) -> Result<Map<String, Value>, String> {
    let mut events = Parser::new_ext(text, options);
    let Some(Event::Start(Tag::MetadataBlock(kind))) = events.next() else {
        return Ok(Map::new());
    };
    let mut source = String::new();
    for event in events {
        match event {
            Event::Text(t) => source.push_str(&t),
            _ => break,
        }
    }
    match kind {
        MetadataBlockKind::YamlStyle => yaml_fields(&source),
        MetadataBlockKind::PlusesStyle => toml_fields(&source),
    }
}

/// Turns Markdown events into blocks.
#[derive(Default)]
struct Walker {
    out: BlockWriter,
    base: LinkBase,
    /// The first heading becomes the title when the front matter gives none.
    take_title: bool,
    title: Option<String>,
    /// The text of the heading being read, while it may become the title.
    heading: Option<String>,
    /// The alt text of the image being read.
    image_alt: Option<String>,
    in_front_matter: bool,
}

impl Walker {
    fn event(&mut self, event: Event<'_>) {
        if let Some(alt) = &mut self.image_alt {
            match event {
                Event::End(TagEnd::Image) => {
                    self.out.image(alt);
                    self.image_alt = None;
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::MetadataBlock(_)) => self.in_front_matter = true,
            Event::End(TagEnd::MetadataBlock(_)) => self.in_front_matter = false,
            _ if self.in_front_matter => {}
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some(heading) = &mut self.heading {
                    heading.push_str(&t);
                }
                self.out.text(&t);
            }
            Event::Code(t) => {
                if let Some(heading) = &mut self.heading {
                    heading.push_str(&t);
                }
                self.out.open(Inline::Code);
                self.out.text(&t);
                self.out.close(Inline::Code);
            }
            Event::SoftBreak => self.out.text(" "),
            Event::HardBreak | Event::Rule => self.out.flush(),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                let may_be_title = self.take_title
                    && level == HeadingLevel::H1
                    && self.title.is_none()
                    && self.out.nothing_before_current();
                self.heading = may_be_title.then(String::new);
                self.out.start_block(BlockKind::Heading);
            }
            Tag::BlockQuote(_) => self.out.start_block(BlockKind::Blockquote),
            Tag::Item => self.out.start_block(BlockKind::ListItem),
            Tag::CodeBlock(_) => self.out.start_block(BlockKind::Preformatted),
            Tag::Emphasis => self.out.open(Inline::Emphasis),
            Tag::Strong => self.out.open(Inline::Strong),
            Tag::Link { dest_url, .. } => {
                if let Some(url) = self.base.resolve(&dest_url) {
                    self.out.start_link(&url);
                }
            }
            Tag::Image { .. } => self.image_alt = Some(String::new()),
            Tag::TableCell => self.out.text(" "),
            Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {}
            // Paragraphs, lists and table rows end what came before.
            _ => self.out.flush(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some(heading) = self.heading.take() {
                    // The document's first heading is its title.
                    self.title = Some(clean_line(&heading));
                    self.out.discard_current();
                }
                self.out.end_block();
            }
            TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::CodeBlock => self.out.end_block(),
            TagEnd::Emphasis => self.out.close(Inline::Emphasis),
            TagEnd::Strong => self.out.close(Inline::Strong),
            TagEnd::Link => self.out.end_link(),
            TagEnd::TableCell => self.out.text(" "),
            TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {}
            _ => self.out.flush(),
        }
    }
}

/// YAML front matter as JSON-like fields.
fn yaml_fields(text: &str) -> Result<Map<String, Value>, String> {
    use saphyr::{LoadableYamlNode, Yaml};
    let docs = Yaml::load_from_str(text).map_err(|e| e.to_string())?;
    match docs.first().map(|doc| yaml_to_json(doc, 0)) {
        Some(Value::Object(map)) => Ok(map),
        None => Ok(Map::new()),
        Some(_) => Err("not a set of keys and values".to_owned()),
    }
}

fn yaml_to_json(yaml: &saphyr::Yaml<'_>, depth: usize) -> Value {
    use saphyr::{Scalar, Yaml};
    if depth > MAX_FRONT_MATTER_DEPTH {
        return Value::Null;
    }
    match yaml {
        Yaml::Value(Scalar::String(s)) | Yaml::Representation(s, _, _) => {
            Value::String(s.to_string())
        }
        Yaml::Value(Scalar::Integer(i)) => Value::String(i.to_string()),
        Yaml::Value(Scalar::FloatingPoint(f)) => Value::String(f.to_string()),
        Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        Yaml::Sequence(items) => {
            Value::Array(items.iter().map(|i| yaml_to_json(i, depth + 1)).collect())
        }
        Yaml::Mapping(map) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| match yaml_to_json(k, depth + 1) {
                    Value::String(key) => Some((key, yaml_to_json(v, depth + 1))),
                    _ => None,
                })
                .collect(),
        ),
        Yaml::Tagged(_, inner) => yaml_to_json(inner, depth + 1),
        _ => Value::Null,
    }
}

/// TOML front matter as JSON-like fields.
fn toml_fields(text: &str) -> Result<Map<String, Value>, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| e.message().to_owned())?;
    Ok(table
        .iter()
        .map(|(k, v)| (k.clone(), toml_to_json(v)))
        .collect())
}

fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::String(i.to_string()),
        toml::Value::Float(f) => Value::String(f.to_string()),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::NewsDate;

    #[test]
    fn yaml_front_matter_and_styles() {
        let article = parse_text(
            "---\ntitle: Eels return\ndate: 2025-02-11\nauthor: Ada Brenn\nsource: Linwater Post\n\
             url: https://post.example/eels\ntags: [river, eels]\n---\n\n\
             The **harbour** master said *eels* are [back](/eels).\n\n\
             ```\nTide  06:10\nHigh  12:30\n```\n\n> Quoted.\n\n- one\n- two\n",
            "x.md",
        );
        assert_eq!(article.meta.title, "Eels return");
        assert_eq!(article.meta.byline.as_deref(), Some("Ada Brenn"));
        assert_eq!(article.meta.source.as_deref(), Some("Linwater Post"));
        assert_eq!(article.meta.tags, ["river", "eels"]);
        assert_eq!(
            article.meta.date.map(NewsDate::to_iso).as_deref(),
            Some("2025-02-11")
        );
        assert_eq!(
            article.body,
            "The harbour master said eels are back[1].\n\nTide  06:10\nHigh  12:30\n\nQuoted.\n\none\n\ntwo"
        );
        let kinds: Vec<BlockKind> = article.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Paragraph,
                BlockKind::Preformatted,
                BlockKind::Blockquote,
                BlockKind::ListItem,
                BlockKind::ListItem
            ]
        );
        let styled: Vec<(&str, Inline)> = article
            .inlines
            .iter()
            .map(|(r, s)| (&article.body[r.clone()], *s))
            .collect();
        assert_eq!(
            styled,
            [
                ("harbour", Inline::Strong),
                ("eels", Inline::Emphasis),
                ("back", Inline::Link),
                ("[1]", Inline::LinkNumber)
            ]
        );
        assert_eq!(article.links[0].url, "https://post.example/eels");
    }

    #[test]
    fn toml_front_matter_and_heading_titles() {
        let article = parse_text(
            "+++\ntitle = \"Allotments\"\ndate = 2021-11-02\n+++\nBody.",
            "a.md",
        );
        assert_eq!(article.meta.title, "Allotments");
        assert_eq!(
            article.meta.date.map(NewsDate::to_iso).as_deref(),
            Some("2021-11-02")
        );
        let article = parse_text("# The heading\n\nBody.", "a.md");
        assert_eq!(article.meta.title, "The heading");
        assert_eq!(article.body, "Body.");
    }

    #[test]
    fn broken_front_matter_is_a_note() {
        let article = parse_text("---\ntitle: [unclosed\n---\nBody.", "2020-01-02-a.md");
        assert_eq!(article.problems.len(), 1, "{:?}", article.problems);
        assert_eq!(article.body, "Body.");
    }
}
