//! Matching a search query against text: smart case (a query in lower case ignores
//! case, any capital makes it exact, with Unicode case folding), literal by default
//! or a regular expression, every match as a byte range.
//!
//! The same matcher serves the search inside an article and the search across the
//! archive (`archive`), so both follow the same rules.

pub mod archive;
pub mod index;
pub mod indexer;

use std::ops::Range;

use regex::{Regex, RegexBuilder};

/// A query as typed: its text and whether it is a regular expression.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub text: String,
    pub regex: bool,
}

impl Query {
    pub fn new(text: impl Into<String>, regex: bool) -> Query {
        Query {
            text: text.into(),
            regex,
        }
    }

    /// Smart case: exact when the query has a capital letter.
    pub fn is_case_sensitive(&self) -> bool {
        self.text.chars().any(char::is_uppercase)
    }
}

/// A compiled query.
#[derive(Debug, Clone)]
pub struct Matcher {
    regex: Regex,
    /// The same query for the raw bytes of a file, allowing for the white space
    /// and line breaks that parsing folds away; `None` for regular expressions,
    /// where that cannot be done safely.
    raw: Option<regex::bytes::Regex>,
}

/// A query that could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

/// Patterns are limited in size so a pathological regex cannot eat memory.
const SIZE_LIMIT: usize = 8 * 1024 * 1024;

impl Matcher {
    /// Compiles a query. An empty query is an error too (it would match
    /// everywhere).
    pub fn new(query: &Query) -> Result<Matcher, QueryError> {
        if query.text.is_empty() {
            return Err(QueryError("empty search: give a word or phrase".into()));
        }
        let case_insensitive = !query.is_case_sensitive();
        let pattern = if query.regex {
            query.text.clone()
        } else {
            regex::escape(&query.text)
        };
        let regex = RegexBuilder::new(&pattern)
            .case_insensitive(case_insensitive)
            .size_limit(SIZE_LIMIT)
            .build()
            .map_err(|e| QueryError(format!("invalid regex: {}", short_error(&e))))?;
        let raw = (!query.regex)
            .then(|| {
                regex::bytes::RegexBuilder::new(&raw_pattern(&query.text))
                    .case_insensitive(case_insensitive)
                    .size_limit(SIZE_LIMIT)
                    .build()
                    .ok()
            })
            .flatten();
        Ok(Matcher { regex, raw })
    }

    /// Every non-empty match in `text`, in order.
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        self.regex
            .find_iter(text)
            .filter(|m| !m.is_empty())
            .map(|m| m.range())
            .collect()
    }

    /// The first non-empty match in `text`.
    pub fn find_first(&self, text: &str) -> Option<Range<usize>> {
        self.regex
            .find_iter(text)
            .find(|m| !m.is_empty())
            .map(|m| m.range())
    }

    /// How many non-empty matches `text` holds, and the first of them.
    pub fn count_and_first(&self, text: &str) -> (usize, Option<Range<usize>>) {
        let mut matches = self.regex.find_iter(text).filter(|m| !m.is_empty());
        let first = matches.next().map(|m| m.range());
        (usize::from(first.is_some()) + matches.count(), first)
    }

    /// False only when the raw bytes of a file certainly hold no match (for
    /// files whose bytes are their text, see `Decoded::verbatim`).
    pub fn raw_may_match(&self, bytes: &[u8]) -> bool {
        self.raw.as_ref().is_none_or(|raw| raw.is_match(bytes))
    }
}

/// The literal query as a pattern over a file's raw bytes: white space matches any
/// run of white space and quote markers (soft-wrapped lines are joined when parsed,
/// and a quoted line loses its `>`), and a hyphen may be followed by a line break
/// (a word hyphenated at a line end).
fn raw_pattern(text: &str) -> String {
    let mut pattern = String::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        for (i, part) in word.split('-').enumerate() {
            if i > 0 {
                pattern.push_str(r"-[\s>]*");
            }
            pattern.push_str(&regex::escape(part));
        }
        if words.peek().is_some() {
            pattern.push_str(r"[\s>]+");
        }
    }
    pattern
}

/// The useful line of a regex error (`unclosed group`), without the pattern
/// echo and caret the library prints.
fn short_error(error: &regex::Error) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .find_map(|line| line.trim().strip_prefix("error: "))
        .map_or_else(
            || text.lines().last().unwrap_or("").trim().to_owned(),
            str::to_owned,
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(query: &str, regex: bool, text: &str) -> Vec<String> {
        let matcher = Matcher::new(&Query::new(query, regex)).unwrap();
        matcher
            .find_all(text)
            .into_iter()
            .map(|r| text[r].to_owned())
            .collect()
    }

    #[test]
    fn smart_case() {
        assert_eq!(
            find("okafor", false, "Okafor and OKAFOR and okafor"),
            ["Okafor", "OKAFOR", "okafor"]
        );
        assert_eq!(
            find("Okafor", false, "Okafor and OKAFOR and okafor"),
            ["Okafor"]
        );
    }

    #[test]
    fn unicode_case_folding() {
        assert_eq!(find("école", false, "ÉCOLE école"), ["ÉCOLE", "école"]);
        assert_eq!(find("straße", false, "STRASSE Straße"), ["Straße"]);
        assert_eq!(find("σ", false, "Σ σ ς"), ["Σ", "σ", "ς"]);
    }

    #[test]
    fn literal_by_default() {
        assert_eq!(find("a.c", false, "abc a.c"), ["a.c"]);
        assert_eq!(find("a.c", true, "abc a.c"), ["abc", "a.c"]);
    }

    #[test]
    fn empty_matches_are_skipped() {
        assert_eq!(find("x*", true, "axxb"), ["xx"]);
        let matcher = Matcher::new(&Query::new("x*", true)).unwrap();
        assert_eq!(matcher.count_and_first("axxbxc"), (2, Some(1..3)));
        assert_eq!(matcher.count_and_first("abc"), (0, None));
    }

    #[test]
    fn invalid_regex_is_a_short_message() {
        let error = Matcher::new(&Query::new("(unclosed", true)).unwrap_err();
        assert_eq!(error.to_string(), "invalid regex: unclosed group");
        assert!(Matcher::new(&Query::new("", false)).is_err());
    }

    #[test]
    fn raw_prefilter_allows_for_line_breaks_and_hyphens() {
        let matcher = Matcher::new(&Query::new("harbour master", false)).unwrap();
        assert!(matcher.raw_may_match(b"the harbour\nmaster said"));
        assert!(!matcher.raw_may_match(b"the harbour said"));
        assert!(matcher.raw_may_match(b"> the harbour\n> master said"));
        let hyphen = Matcher::new(&Query::new("well-known", false)).unwrap();
        assert!(hyphen.raw_may_match(b"a well-\nknown fact"));
        let regex = Matcher::new(&Query::new("harbou?r", true)).unwrap();
        assert!(regex.raw_may_match(b"nothing"));
    }
}
