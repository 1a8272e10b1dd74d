//! An article together with its analysis: what the reader shows and what the
//! non-interactive modes print. Loading one is the unit of work the loader runs off
//! the UI thread for large files.

use std::collections::HashMap;
use std::ops::Range;

use crate::analysis::{Analysis, NameKind, analyse, analyse_unless};
use crate::article::{Article, Inline};
use crate::highlight::SpanIndex;
use crate::layout::Layout;
use crate::library::{self, Entry};
use crate::wording::count;

/// A loaded, analysed article. Not `Clone`: it can be tens of megabytes, and is
/// shared through an `Arc`.
#[derive(Debug, PartialEq, Eq)]
pub struct Document {
    pub article: Article,
    pub analysis: Analysis,
    /// The line under the title (computed once: counting the words of a long
    /// article is not free).
    pub meta_line: String,
    /// Quotations, for drawing.
    pub quote_spans: SpanIndex<()>,
    /// Name mentions with their kind and entity, for drawing.
    pub name_spans: SpanIndex<(NameKind, usize)>,
    /// Emphasis, strong, code and links, for drawing.
    pub inline_spans: SpanIndex<Inline>,
    /// Starts of the quotations that are not inside another, for `]` and `[`.
    pub outer_quotes: Vec<Range<usize>>,
    /// The rows of the people and organisations panel.
    pub panel: Vec<PanelEntity>,
    /// Words in the body (counted once: the analysed copy reuses the count);
    /// `None` until the analysis for a long article (see `is_long`).
    pub words: Option<usize>,
    /// Whether `analysis` has been computed: the reader shows the text first and
    /// the highlights when the analysis worker is done.
    pub analysed: bool,
}

/// Bodies longer than this (in bytes) make a long article (see `is_long`).
const LONG_BODY: usize = 256 * 1024;

/// Whether an article is long enough that its first screen should not wait
/// for work on the whole of it: its word count comes with its analysis, on the
/// worker, and the reader lays out only the first screen before drawing.
pub fn is_long(article: &Article) -> bool {
    article.body.len() > LONG_BODY
}

impl Document {
    /// Analyses an article.
    pub fn new(article: Article) -> Document {
        let analysis = analyse(&article);
        let words = Some(article.word_count());
        Document::build(article, analysis, true, words)
    }

    /// The article without its analysis: no highlights yet, but ready to read.
    pub fn unanalysed(article: Article) -> Document {
        let words = (!is_long(&article)).then(|| article.word_count());
        Document::build(article, Analysis::default(), false, words)
    }

    /// This document with its analysis, unless `cancelled` stops the work first.
    pub fn analysed(&self, cancelled: &dyn Fn() -> bool) -> Option<Document> {
        let analysis = analyse_unless(&self.article, cancelled)?;
        let words = self.words.unwrap_or_else(|| self.article.word_count());
        Some(Document::build(
            self.article.clone(),
            analysis,
            true,
            Some(words),
        ))
    }

    fn build(
        article: Article,
        analysis: Analysis,
        analysed: bool,
        words: Option<usize>,
    ) -> Document {
        let outer_quotes = outer_quotes(&analysis);
        let meta_line = meta_line(&article, &analysis, outer_quotes.len(), words);
        let quote_spans = SpanIndex::new(
            analysis
                .quotes
                .iter()
                .map(|q| (q.range.clone(), ()))
                .collect(),
        );
        let name_spans = SpanIndex::new(
            analysis
                .names
                .iter()
                .map(|m| (m.range.clone(), (m.kind, m.entity)))
                .collect(),
        );
        let panel = panel_entities(&analysis, outer_quotes.len());
        let inline_spans = SpanIndex::new(article.inlines.clone());
        Document {
            article,
            analysis,
            meta_line,
            quote_spans,
            name_spans,
            inline_spans,
            outer_quotes,
            panel,
            words,
            analysed,
        }
    }

    /// Wraps the document to `width` columns.
    pub fn layout(&self, width: usize) -> Layout {
        Layout::new(&self.article, &self.meta_line, width)
    }

    /// The first `rows` rows of `layout(width)`.
    pub fn head_layout(&self, width: usize, rows: usize) -> Layout {
        Layout::head(&self.article, &self.meta_line, width, rows)
    }

    /// Loads and analyses the article behind a library entry. The error is the
    /// human-readable reason.
    pub fn load(entry: &Entry, cap: u64) -> Result<Document, String> {
        Document::load_with(entry, cap, Document::new)
    }

    /// Loads the article behind a library entry without analysing it, for the
    /// reader to show at once.
    pub fn load_unanalysed(entry: &Entry, cap: u64) -> Result<Document, String> {
        Document::load_with(entry, cap, Document::unanalysed)
    }

    fn load_with(
        entry: &Entry,
        cap: u64,
        make: fn(Article) -> Document,
    ) -> Result<Document, String> {
        crate::guard::contain(|| {
            library::load(entry, cap)
                .map(make)
                .map_err(|e| e.to_string())
        })?
    }
}

/// A row of the people and organisations panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelEntity {
    /// The entity, or `None` for the row that shows every name again.
    pub id: Option<usize>,
    pub name: String,
    pub kind: NameKind,
    pub mentions: usize,
    pub quotes: usize,
}

/// The panel's rows: a first row that clears the choice, then people, then
/// organisations, then places, each most mentioned first.
fn panel_entities(analysis: &Analysis, outer_quotes: usize) -> Vec<PanelEntity> {
    let mut quotes_by: HashMap<usize, usize> = HashMap::new();
    for speaker in analysis.quotes.iter().filter_map(|q| q.speaker) {
        *quotes_by.entry(speaker).or_default() += 1;
    }
    let mut rows: Vec<PanelEntity> = analysis
        .entities
        .iter()
        .filter(|e| e.kind != NameKind::Other)
        .map(|e| PanelEntity {
            id: Some(e.id),
            name: e.name.clone(),
            kind: e.kind,
            mentions: e.mentions,
            quotes: quotes_by.get(&e.id).copied().unwrap_or(0),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.mentions.cmp(&a.mentions))
            .then(b.quotes.cmp(&a.quotes))
            .then_with(|| a.name.cmp(&b.name))
    });
    rows.insert(
        0,
        PanelEntity {
            id: None,
            name: "All names".into(),
            kind: NameKind::Other,
            mentions: analysis.names.len(),
            quotes: outer_quotes,
        },
    );
    rows
}

/// Quotations not inside another (the ones a reader jumps between and counts).
fn outer_quotes(analysis: &Analysis) -> Vec<Range<usize>> {
    let mut outer: Vec<Range<usize>> = Vec::new();
    for quote in &analysis.quotes {
        if outer
            .last()
            .is_none_or(|last| quote.range.start >= last.end)
        {
            outer.push(quote.range.clone());
        }
    }
    outer
}

/// The line under the title: `3 March 2017, 1:28 pm · BBC / Reuters · by Ana Ruiz ·
/// 512 words · 4 quotations · 6 people` (the words once they are counted).
pub fn meta_line(
    article: &Article,
    analysis: &Analysis,
    quotations: usize,
    words: Option<usize>,
) -> String {
    let meta = &article.meta;
    let mut parts: Vec<String> = Vec::new();
    if let Some(date) = meta.date {
        parts.push(date.to_string());
    }
    if let Some(source) = &meta.source {
        parts.push(source.clone());
    }
    if let Some(byline) = &meta.byline {
        parts.push(format!("by {byline}"));
    }
    if let Some(words) = words {
        parts.push(count(words, "word", "words"));
    }
    if quotations > 0 {
        parts.push(count(quotations, "quotation", "quotations"));
    }
    let people = analysis
        .entities
        .iter()
        .filter(|e| e.kind == NameKind::Person)
        .count();
    if people > 0 {
        parts.push(count(people, "person", "people"));
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_article_counts_its_words_with_its_analysis() {
        let text = format!("Ledger\n\n{}", "The board met at noon. ".repeat(20_000));
        let long = crate::article::text::parse(&text, "ledger.txt");
        let plain = Document::unanalysed(long);
        assert_eq!(plain.words, None);
        assert!(!plain.meta_line.contains("words"), "{}", plain.meta_line);
        let done = plain.analysed(&|| false).expect("not cancelled");
        assert_eq!(done.words, Some(100_000));
        assert!(
            done.meta_line.contains("100,000 words"),
            "{}",
            done.meta_line
        );

        let short = crate::article::text::parse("Short\n\nThe board met.\n", "short.txt");
        assert_eq!(Document::unanalysed(short).words, Some(3));
    }
}
