//! An article together with its analysis: what the reader shows and what the
//! non-interactive modes print. Loading one is the unit of work the loader runs off
//! the UI thread for large files.

use crate::analysis::{Analysis, analyse};
use crate::article::Article;
use crate::library::{self, Entry};

/// A loaded, analysed article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub article: Article,
    pub analysis: Analysis,
}

impl Document {
    /// Analyses an article.
    pub fn new(article: Article) -> Document {
        let analysis = analyse(&article);
        Document { article, analysis }
    }

    /// Loads and analyses the article behind a library entry. The error is the
    /// human-readable reason.
    pub fn load(entry: &Entry, cap: u64) -> Result<Document, String> {
        library::load(entry, cap)
            .map(Document::new)
            .map_err(|e| e.to_string())
    }
}
