//! The results of a search across the archive: hits as they stream in from the
//! worker, progress, and the selected hit.

use crate::search::Query;
use crate::search::archive::Hit;

/// A running or finished archive search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    pub query: Query,
    /// Tells this search's reports from a cancelled one's.
    pub generation: u64,
    pub hits: Vec<Hit>,
    /// Articles searched so far, of `total`.
    pub searched: usize,
    pub total: usize,
    /// Why the search could not run (an invalid regex).
    pub error: Option<String>,
    /// The selected hit.
    pub selected: usize,
    /// The selection stays on its hit as earlier hits arrive, once the user has
    /// chosen one (moved to it or opened it). Until then the first hit in list
    /// order is selected, whichever hit happened to arrive first.
    pinned: bool,
    /// First hit on screen.
    pub offset: usize,
}

impl Results {
    /// A search that has just started.
    pub fn new(query: Query, generation: u64, total: usize) -> Results {
        Results {
            query,
            generation,
            hits: Vec::new(),
            searched: 0,
            total,
            error: None,
            selected: 0,
            pinned: false,
            offset: 0,
        }
    }

    /// Takes a batch of hits, keeping them in list order (they arrive out of
    /// order). A pinned selection stays on its hit, so the article being read
    /// never changes under the reader.
    pub fn add(&mut self, hits: Vec<Hit>, searched: usize) {
        let selected_rank = self.hits.get(self.selected).map(|h| h.rank);
        self.hits.extend(hits);
        self.hits.sort_by_key(|h| h.rank);
        self.selected = match selected_rank {
            Some(rank) if self.pinned => self.hits.partition_point(|h| h.rank < rank),
            _ => 0,
        };
        self.searched = searched;
    }

    /// Keeps the selection on its hit from now on.
    pub fn pin(&mut self) {
        self.pinned = true;
    }

    /// True once every article has been searched.
    pub fn done(&self) -> bool {
        self.error.is_some() || self.searched >= self.total
    }

    /// Total matches over all hits.
    pub fn match_count(&self) -> usize {
        self.hits.iter().map(|h| h.count).sum()
    }

    /// The library id of the selected hit.
    pub fn selected_id(&self) -> Option<usize> {
        self.hits.get(self.selected).map(|h| h.id)
    }

    /// Selects a hit (staying in range).
    pub fn select(&mut self, position: usize) {
        self.selected = position.min(self.hits.len().saturating_sub(1));
        self.pinned = true;
    }

    /// Keeps the selection in range.
    pub fn clamp(&mut self) {
        self.selected = self.selected.min(self.hits.len().saturating_sub(1));
    }

    /// Keeps the selection on screen when `rows` hits fit.
    pub fn scroll_to_selection(&mut self, rows: usize) {
        let rows = rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }

    /// `searching 41,200/100,000 · 1,234 matches in 321 articles`.
    pub fn summary(&self) -> String {
        use crate::wording::{count, thousands};
        if let Some(error) = &self.error {
            return error.clone();
        }
        let found = format!(
            "{} in {}",
            count(self.match_count(), "match", "matches"),
            count(self.hits.len(), "article", "articles")
        );
        if self.done() {
            found
        } else {
            format!(
                "searching {}/{} · {found}",
                thousands(self.searched),
                thousands(self.total)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(rank: usize) -> Hit {
        Hit {
            id: rank,
            rank,
            count: 1,
            snippet: String::new(),
            snippet_match: 0..0,
        }
    }

    #[test]
    fn the_first_hit_is_selected_until_the_user_chooses() {
        let mut results = Results::new(Query::new("x", false), 1, 100);
        results.add(vec![hit(50)], 10);
        results.add(vec![hit(3), hit(7)], 20);
        assert_eq!(results.selected_id(), Some(3));
        // Chosen: earlier hits arriving later do not move the selection off it.
        results.select(1);
        results.add(vec![hit(1)], 30);
        assert_eq!(results.selected_id(), Some(7));
        assert_eq!(results.selected, 2);
    }

    #[test]
    fn a_pinned_selection_stays_on_its_hit() {
        let mut results = Results::new(Query::new("x", false), 1, 100);
        results.add(vec![hit(50)], 10);
        results.pin();
        results.add(vec![hit(3), hit(7)], 20);
        assert_eq!(results.selected_id(), Some(50));
    }
}
