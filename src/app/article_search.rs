//! Search inside the open article: every match in the title and body, which one
//! the reader is on, and stepping between them with wrap-around.
//!
//! The title counts as coming before the body, so `[1/N]` numbers matches in
//! reading order.

use std::ops::Range;

use crate::document::Document;
use crate::search::{Matcher, Query};

/// Where a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Title,
    Body,
}

/// A search in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSearch {
    pub query: Query,
    pub title_hits: Vec<Range<usize>>,
    pub body_hits: Vec<Range<usize>>,
    /// Index of the match the reader is on, in reading order.
    pub current: Option<usize>,
    /// Why the query could not be run (an invalid regex).
    pub error: Option<String>,
}

impl ArticleSearch {
    /// Runs `query` over the article.
    pub fn run(document: &Document, query: Query) -> ArticleSearch {
        match Matcher::new(&query) {
            Ok(matcher) => ArticleSearch {
                title_hits: matcher.find_all(&document.article.meta.title),
                body_hits: matcher.find_all(&document.article.body),
                query,
                current: None,
                error: None,
            },
            Err(error) => ArticleSearch {
                title_hits: Vec::new(),
                body_hits: Vec::new(),
                current: None,
                // An empty query is no search rather than a mistake.
                error: (!query.text.is_empty()).then(|| error.to_string()),
                query,
            },
        }
    }

    /// Number of matches.
    pub fn len(&self) -> usize {
        self.title_hits.len() + self.body_hits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The match at an index in reading order.
    pub fn hit(&self, index: usize) -> Option<(Place, Range<usize>)> {
        if index < self.title_hits.len() {
            return Some((Place::Title, self.title_hits[index].clone()));
        }
        self.body_hits
            .get(index - self.title_hits.len())
            .map(|r| (Place::Body, r.clone()))
    }

    /// The first match at or after a reading position: the start of the title when
    /// `body_offset` is `None`, else that body offset. Wraps to the first match;
    /// the flag says whether it did.
    pub fn first_from(&self, body_offset: Option<usize>) -> Option<(usize, bool)> {
        if self.is_empty() {
            return None;
        }
        let Some(offset) = body_offset else {
            return Some((0, false));
        };
        let at = self.body_hits.partition_point(|h| h.start < offset);
        if at < self.body_hits.len() {
            Some((self.title_hits.len() + at, false))
        } else {
            Some((0, true))
        }
    }

    /// The next (or previous) match from the current one, wrapping around; the flag
    /// says whether it wrapped.
    pub fn step(&self, forward: bool) -> Option<(usize, bool)> {
        let len = self.len();
        if len == 0 {
            return None;
        }
        Some(match (self.current, forward) {
            (None, _) => (0, false),
            (Some(i), true) if i + 1 < len => (i + 1, false),
            (Some(_), true) => (0, true),
            (Some(0), false) => (len - 1, true),
            (Some(i), false) => (i - 1, false),
        })
    }

    /// `[3/12]` for the status bar.
    pub fn position_label(&self) -> String {
        match self.current {
            Some(i) => format!("[{}/{}]", i + 1, self.len()),
            None => format!("[{}]", self.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::text::parse;

    fn search(query: &str) -> ArticleSearch {
        let document = Document::new(parse(
            "Harbour news\n\nThe harbour. A harbour wall.\n",
            "t.txt",
        ));
        ArticleSearch::run(&document, Query::new(query, false))
    }

    #[test]
    fn title_matches_come_first() {
        let s = search("harbour");
        assert_eq!(s.len(), 3);
        assert_eq!(s.hit(0).unwrap().0, Place::Title);
        assert_eq!(s.hit(1).unwrap().0, Place::Body);
    }

    #[test]
    fn first_from_a_position_wraps() {
        let s = search("harbour");
        assert_eq!(s.first_from(None), Some((0, false)));
        assert_eq!(s.first_from(Some(5)), Some((2, false)));
        assert_eq!(s.first_from(Some(100)), Some((0, true)));
    }

    #[test]
    fn stepping_wraps_both_ways() {
        let mut s = search("harbour");
        s.current = Some(2);
        assert_eq!(s.step(true), Some((0, true)));
        s.current = Some(0);
        assert_eq!(s.step(false), Some((2, true)));
        assert_eq!(s.position_label(), "[1/3]");
    }

    #[test]
    fn invalid_regex_is_reported_and_empty_query_is_quiet() {
        let document = Document::new(parse("T\n\nBody.\n", "t.txt"));
        let bad = ArticleSearch::run(&document, Query::new("(", true));
        assert_eq!(bad.error.as_deref(), Some("invalid regex: unclosed group"));
        let empty = ArticleSearch::run(&document, Query::new("", false));
        assert_eq!(empty.error, None);
        assert!(empty.is_empty());
    }
}
