//! The full-text index from the app's side: asking for it to be brought up to
//! date once the scan is done, following its progress, handing a ready index to
//! archive searches, and asking for the snippets of indexed hits as they come
//! on screen.

use super::{App, Effect};
use crate::search::Query;
use crate::search::archive::Target;
use crate::search::index::Indexable;
use crate::search::indexer::{self, IndexHandle, IndexReport, Snippet};

/// Where the index stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum IndexStatus {
    /// Not asked for (no file articles yet, or the scan still running).
    #[default]
    Idle,
    /// Being brought up to date: files read of those to read (0 of 0 while
    /// it works out what changed).
    Updating { done: usize, total: usize },
    /// Covers the library: archive searches answer from it.
    Ready(IndexHandle),
    /// Searches read the files (why).
    Unavailable(String),
}

impl App {
    /// The scan is done: bring the index up to date with the library's file
    /// articles (the runtime skips this when there is no cache directory).
    pub(super) fn update_index(&mut self) {
        let articles = Indexable::of_library(&self.library);
        if articles.is_empty() {
            return;
        }
        self.index = IndexStatus::Updating { done: 0, total: 0 };
        self.effects.push(Effect::UpdateIndex(articles));
    }

    /// Takes a report from the indexing worker.
    pub(super) fn apply_index_report(&mut self, report: IndexReport) {
        match report {
            IndexReport::Progress { done, total } => {
                self.index = IndexStatus::Updating { done, total };
            }
            IndexReport::Rebuilding(reason) => {
                self.notice(format!("{reason}: building it again"));
            }
            IndexReport::Ready(handle) => self.index = IndexStatus::Ready(handle),
            IndexReport::Off => self.index = IndexStatus::Idle,
            IndexReport::Unavailable(reason) => {
                self.notice(format!("archive search reads the files: {reason}"));
                self.index = IndexStatus::Unavailable(reason);
            }
        }
    }

    /// Where the index stands.
    pub fn index_status(&self) -> &IndexStatus {
        &self.index
    }

    /// The index, when it can answer `query`.
    pub(super) fn index_for(&self, query: &Query) -> Option<IndexHandle> {
        match &self.index {
            IndexStatus::Ready(handle) if indexer::can_answer(query) => Some(handle.clone()),
            _ => None,
        }
    }

    /// Asks for the snippets of indexed hits on screen and a screen beyond,
    /// which the index does not hold.
    pub(super) fn ask_for_snippets(&mut self, rows: usize) {
        let Some(results) = self.results.as_mut() else {
            return;
        };
        let from = results.offset;
        let ids = results.snippets_to_ask(from..from + 2 * rows.max(1));
        if ids.is_empty() {
            return;
        }
        let targets: Vec<Target> = ids
            .iter()
            .filter_map(|&id| self.library.entry(id).map(|entry| Target::of(id, entry)))
            .collect();
        self.effects.push(Effect::CutSnippets {
            generation: results.generation,
            query: results.query.clone(),
            targets,
        });
    }

    /// Takes snippets for the hits of search `generation`.
    pub(super) fn apply_snippets(&mut self, generation: u64, snippets: Vec<Snippet>) {
        if let Some(results) = self.results.as_mut().filter(|r| r.generation == generation) {
            results.add_snippets(snippets);
        }
    }
}
