//! An article together with its analysis: what the reader shows and what the
//! non-interactive modes print. Loading one is the unit of work the loader runs off
//! the UI thread for large files.

use crate::analysis::{Analysis, analyse};
use crate::article::Article;
use crate::layout::Layout;
use crate::library::{self, Entry};

/// A loaded, analysed article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub article: Article,
    pub analysis: Analysis,
    /// The line under the title (computed once: counting the words of a long
    /// article is not free).
    pub meta_line: String,
}

impl Document {
    /// Analyses an article.
    pub fn new(article: Article) -> Document {
        let analysis = analyse(&article);
        let meta_line = meta_line(&article);
        Document {
            article,
            analysis,
            meta_line,
        }
    }

    /// Wraps the document to `width` columns.
    pub fn layout(&self, width: usize) -> Layout {
        Layout::new(&self.article, &self.meta_line, width)
    }

    /// Loads and analyses the article behind a library entry. The error is the
    /// human-readable reason.
    pub fn load(entry: &Entry, cap: u64) -> Result<Document, String> {
        library::load(entry, cap)
            .map(Document::new)
            .map_err(|e| e.to_string())
    }
}

/// The line under the title: `3 March 2017, 1:28 pm · BBC / Reuters · by Ana Ruiz ·
/// 512 words`.
pub fn meta_line(article: &Article) -> String {
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
    let words = article.word_count();
    parts.push(format!("{words} word{}", if words == 1 { "" } else { "s" }));
    parts.join(" · ")
}
