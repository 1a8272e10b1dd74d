//! The index as the reader uses it: after the scan, a worker brings the
//! archive's index up to date, reporting progress, and hands over an index that
//! covers the library; archive searches then answer from it, ranked by relevance,
//! and the snippets of the hits on screen are cut from their files on demand.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use super::archive::{self, Hit, Target};
use super::index::{ArchiveIndex, Catalogue, Indexable};
use super::{Matcher, Query};

/// Progress reports come at most this often (each one redraws the status bar).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// What the indexing worker tells the app.
#[derive(Debug)]
pub enum IndexReport {
    /// Files read so far, of those that needed reading.
    Progress { done: usize, total: usize },
    /// The index was unreadable or foreign and is being built again (why).
    Rebuilding(String),
    /// The index covers the library and can answer searches.
    Ready(IndexHandle),
    /// No index is kept (there is no cache directory): searches read the files.
    Off,
    /// Searches use the scan: the index could not be built or does not cover
    /// every article (why).
    Unavailable(String),
}

/// An index that covers the library, with the library id of each article.
pub struct SearchIndex {
    index: ArchiveIndex,
    entries: HashMap<u64, usize>,
}

/// A shared handle to a ready index; two handles are equal when they are the
/// same index.
#[derive(Clone)]
pub struct IndexHandle(Arc<SearchIndex>);

impl fmt::Debug for IndexHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IndexHandle({} articles)", self.0.entries.len())
    }
}

impl PartialEq for IndexHandle {
    fn eq(&self, other: &IndexHandle) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for IndexHandle {}

impl IndexHandle {
    /// Articles in the index.
    pub fn len(&self) -> usize {
        self.0.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.entries.is_empty()
    }
}

/// Whether the index can answer `query`: a literal query without capitals (the
/// index holds words in lower case; an exact-case query or a regex is the
/// scan's).
pub fn can_answer(query: &Query) -> bool {
    !query.regex && !query.is_case_sensitive()
}

/// Brings the index in `dir` up to date with `articles`, reporting progress,
/// then whether it is ready. Stops quietly when `cancel` is set.
pub fn keep_up_to_date(
    dir: &Path,
    articles: Vec<Indexable>,
    cap: u64,
    cancel: &AtomicBool,
    report: &mut dyn FnMut(IndexReport),
) {
    let catalogue = Catalogue::new(articles);
    if catalogue.is_empty() {
        return;
    }
    let (mut index, discarded) = match ArchiveIndex::open_or_create(dir) {
        Ok(opened) => opened,
        Err(error) => return report(IndexReport::Unavailable(error.to_string())),
    };
    if let Some(reason) = discarded {
        report(IndexReport::Rebuilding(reason));
    }
    let mut last = None::<Instant>;
    let updated = index.update(&catalogue, cap, cancel, &mut |done, total| {
        if last.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
            last = Some(Instant::now());
            report(IndexReport::Progress { done, total });
        }
    });
    match updated {
        Ok(update) if update.cancelled => {}
        Ok(_) => match index.covers(&catalogue) {
            Ok(true) => report(IndexReport::Ready(IndexHandle(Arc::new(SearchIndex {
                index,
                entries: catalogue.entries_by_key(),
            })))),
            // A file deleted or unreadable since the scan is not in the index.
            Ok(false) => report(IndexReport::Unavailable(
                "some articles could not be indexed".into(),
            )),
            Err(error) => report(IndexReport::Unavailable(error.to_string())),
        },
        Err(error) => report(IndexReport::Unavailable(error.to_string())),
    }
}

/// Searches with the index: the hits among `targets` (the list searched, in
/// order), with their list rank and their place in relevance order, and
/// without snippets (see `snippets`). `None` when the index cannot answer (the
/// query holds no word it could find), so the scan should.
pub fn search(index: &IndexHandle, query: &Query, targets: &[Target]) -> Option<Vec<Hit>> {
    let SearchIndex { index, entries } = &*index.0;
    let found = index.search(&index.query(&query.text)?).ok()?;
    let rank_of: HashMap<usize, usize> = targets
        .iter()
        .enumerate()
        .map(|(rank, target)| (target.id, rank))
        .collect();
    let hits = found
        .into_iter()
        .filter_map(|hit| {
            let id = *entries.get(&hit.article)?;
            Some((id, *rank_of.get(&id)?, hit.count))
        })
        .enumerate()
        .map(|(relevance, (id, rank, count))| Hit {
            id,
            rank,
            count,
            snippet: String::new(),
            snippet_match: 0..0,
            relevance: Some(relevance),
        })
        .collect();
    Some(hits)
}

/// What to look for in an article the index found, to show where it matched:
/// the query's first phrase or word (`"harbour council" vote` looks for
/// `harbour council`). The index's words may be far apart; the text matcher
/// would find nothing for the whole query.
pub fn text_query(query: &Query) -> Query {
    let first = if query.text.contains('"') {
        query
            .text
            .split('"')
            .map(str::trim)
            .find(|part| !part.is_empty())
    } else {
        query.text.split_whitespace().next()
    };
    Query::new(first.unwrap_or_default(), false)
}

/// A snippet cut for an indexed hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub id: usize,
    pub text: String,
    pub matched: std::ops::Range<usize>,
}

/// Snippets for indexed hits, from their files: around the first match of the
/// query's first word or phrase (the index matches words, the matcher text, so
/// the quotation marks of a phrase are left out). A hit whose file no longer
/// holds a match gets an empty snippet, so it is not asked for again.
pub fn snippets(targets: &[Target], query: &Query, cap: u64) -> Vec<Snippet> {
    let mut hits: Vec<Option<archive::Hit>> = vec![None; targets.len()];
    if let Ok(matcher) = Matcher::new(&text_query(query)) {
        // The articles of one file (a feed's items) are searched together.
        for hit in archive::search_together(targets, &matcher, cap, archive::Snippets::Cut) {
            if let Some(slot) = hits.get_mut(hit.rank) {
                *slot = Some(hit);
            }
        }
    }
    targets
        .iter()
        .zip(hits)
        .map(|(target, hit)| Snippet {
            id: target.id,
            text: hit.as_ref().map(|h| h.snippet.clone()).unwrap_or_default(),
            matched: hit.map_or(0..0, |h| h.snippet_match),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{Bytes, Origin, parse_articles};

    #[test]
    fn snippets_come_from_each_hit_also_when_a_file_holds_several() {
        let feed = r#"[{"title": "One", "body": "Boats only."},
            {"title": "Two", "body": "The late ferry came in."}]"#;
        let plain = "Harbour\n\nThe ferry left at noon.\n";
        let target = |id: usize, name: &str, text: &'static str, index: usize, in_file: usize| {
            let origin = Origin::memory(Arc::from(name), Bytes::Static(text.as_bytes()));
            let articles = parse_articles(&origin, text.as_bytes().to_vec(), 1 << 20).unwrap();
            Target {
                id,
                origin,
                index,
                in_file,
                verbatim: false,
                title: articles[index].meta.title.clone(),
            }
        };
        let targets = [
            target(7, "items.json", feed, 1, 2),
            target(8, "a.txt", plain, 0, 1),
            target(9, "items.json", feed, 0, 2),
        ];
        let found = snippets(&targets, &Query::new("ferry", false), 1 << 20);
        let shown: Vec<(usize, &str)> = found
            .iter()
            .map(|s| (s.id, &s.text[s.matched.clone()]))
            .collect();
        assert_eq!(shown, [(7, "ferry"), (8, "ferry"), (9, "")]);
        assert!(found[0].text.contains("late ferry came"), "{:?}", found[0]);
    }
}
