//! The results of a search across the archive: hits as they stream in from the
//! worker, progress, and the selected hit.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::search::Query;
use crate::search::archive::Hit;
use crate::search::indexer::Snippet;

/// The order hits are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitOrder {
    /// Best match first (only when the index answered).
    Relevance,
    /// The order of the list that was searched.
    List,
}

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
    pub order: HitOrder,
    /// Snippets cut after the index answered, by library id (hits from the
    /// scan carry theirs).
    snippets: HashMap<usize, (String, Range<usize>)>,
    /// Library ids whose snippets have been asked for.
    asked: HashSet<usize>,
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
            order: HitOrder::List,
            snippets: HashMap::new(),
            asked: HashSet::new(),
        }
    }

    /// Whether the index answered, so the hits have a relevance order.
    pub fn is_ranked(&self) -> bool {
        self.hits.first().is_some_and(|h| h.relevance.is_some())
    }

    /// Takes a batch of hits, keeping them in order (the scan's arrive out of
    /// order; the index's come all at once, best first, and are shown so). A
    /// pinned selection stays on its hit, so the article being read never
    /// changes under the reader.
    pub fn add(&mut self, hits: Vec<Hit>, searched: usize) {
        if self.hits.is_empty() && hits.first().is_some_and(|h| h.relevance.is_some()) {
            self.order = HitOrder::Relevance;
        }
        self.hits.extend(hits);
        self.searched = searched;
        self.sort();
    }

    /// `o` on ranked results: best first or list order, the selection staying
    /// on its hit. False when the hits have no relevance order (the scan's).
    pub fn toggle_order(&mut self) -> bool {
        if !self.is_ranked() {
            return false;
        }
        self.order = match self.order {
            HitOrder::Relevance => HitOrder::List,
            HitOrder::List => HitOrder::Relevance,
        };
        self.pinned = true;
        self.sort();
        true
    }

    /// After a rescan: the hits' articles under their new ids (`new_id`), those
    /// gone or changed dropped.
    pub fn remap(&mut self, new_id: &dyn Fn(usize) -> Option<usize>) {
        let selected = self.selected_id().and_then(new_id);
        self.hits.retain_mut(|hit| match new_id(hit.id) {
            Some(id) => {
                hit.id = id;
                true
            }
            None => false,
        });
        self.snippets = std::mem::take(&mut self.snippets)
            .into_iter()
            .filter_map(|(id, snippet)| Some((new_id(id)?, snippet)))
            .collect();
        self.asked = self.asked.iter().filter_map(|&id| new_id(id)).collect();
        self.selected = selected
            .and_then(|id| self.hits.iter().position(|h| h.id == id))
            .unwrap_or(0);
    }

    /// Puts the hits in `order`, keeping a pinned selection on its hit.
    fn sort(&mut self) {
        let selected_id = self.selected_id();
        match self.order {
            HitOrder::List => self.hits.sort_by_key(|h| h.rank),
            HitOrder::Relevance => self.hits.sort_by_key(|h| h.relevance),
        }
        self.selected = match selected_id {
            Some(id) if self.pinned => self.hits.iter().position(|h| h.id == id).unwrap_or(0),
            _ => 0,
        };
    }

    /// The library ids of the hits in `positions` that have no snippet and
    /// have not been asked for; they count as asked from now on.
    pub fn snippets_to_ask(&mut self, positions: Range<usize>) -> Vec<usize> {
        let end = positions.end.min(self.hits.len());
        let start = positions.start.min(end);
        let wanted: Vec<usize> = self.hits[start..end]
            .iter()
            .filter(|h| h.relevance.is_some() && !self.asked.contains(&h.id))
            .map(|h| h.id)
            .collect();
        self.asked.extend(&wanted);
        wanted
    }

    /// Takes snippets cut for indexed hits.
    pub fn add_snippets(&mut self, snippets: Vec<Snippet>) {
        for snippet in snippets {
            self.snippets
                .insert(snippet.id, (snippet.text, snippet.matched));
        }
    }

    /// A hit's snippet and where the match is in it (empty until cut).
    pub fn snippet_of<'a>(&'a self, hit: &'a Hit) -> (&'a str, Range<usize>) {
        match self.snippets.get(&hit.id) {
            Some((text, matched)) => (text, matched.clone()),
            None => (&hit.snippet, hit.snippet_match.clone()),
        }
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
            match (self.is_ranked(), self.order) {
                (false, _) => found,
                (true, HitOrder::Relevance) => format!("{found} · best first"),
                (true, HitOrder::List) => format!("{found} · list order"),
            }
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
            relevance: None,
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
