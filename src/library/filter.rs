//! The list's live fuzzy filter: titles, sources and dates matched with
//! nucleo-matcher (the matcher behind helix's pickers), best matches first.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use rayon::prelude::*;

use super::Entry;

/// The text an entry is matched on: title, source and date, in that order.
pub fn haystack(entry: &Entry) -> String {
    let date = entry
        .meta
        .date
        .map(crate::date::NewsDate::to_short)
        .unwrap_or_default();
    format!(
        "{} {} {date}",
        entry.meta.title,
        entry.meta.source.as_deref().unwrap_or("")
    )
}

fn pattern(query: &str) -> Pattern {
    Pattern::parse(query, CaseMatching::Smart, Normalization::Smart)
}

/// `text` as the matcher reads it, one element per char. (nucleo's own
/// `Utf32Str::new` folds grapheme clusters, and then its match indices are
/// sometimes bytes and sometimes graphemes; chars keep them simple.)
fn utf32<'a>(text: &'a str, buffer: &'a mut Vec<char>) -> Utf32Str<'a> {
    if text.is_ascii() {
        Utf32Str::Ascii(text.as_bytes())
    } else {
        buffer.clear();
        buffer.extend(text.chars());
        Utf32Str::Unicode(buffer)
    }
}

/// The ids from `candidates` (in list order) whose haystacks match `query`, best
/// first, equal scores in list order. `haystacks` is indexed by id.
///
/// Scored in parallel, one matcher per chunk: on a 100,000-article list every
/// keystroke scores them all (or, when the query grows, those that matched the
/// shorter one).
pub fn matching(
    haystacks: &[String],
    candidates: &[(usize, usize)],
    query: &str,
) -> Vec<(usize, usize)> {
    let pattern = pattern(query);
    let mut scored: Vec<(u32, (usize, usize))> = candidates
        .par_chunks(4096)
        .flat_map_iter(|chunk| {
            let mut matcher = Matcher::new(Config::DEFAULT);
            let mut buffer = Vec::new();
            chunk
                .iter()
                .filter_map(|&(rank, id)| {
                    let text = &haystacks[id];
                    let score = pattern.score(utf32(text, &mut buffer), &mut matcher)?;
                    Some((score, (rank, id)))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.0.cmp(&b.1.0)));
    scored.into_iter().map(|(_, candidate)| candidate).collect()
}

/// Finds which characters of a title matched the filter, for highlighting the
/// list's rows; made once per frame.
pub struct TitleMatches {
    pattern: Pattern,
    matcher: Matcher,
    buffer: Vec<char>,
    indices: Vec<u32>,
}

impl TitleMatches {
    pub fn new(query: &str) -> TitleMatches {
        TitleMatches {
            pattern: pattern(query),
            matcher: Matcher::new(Config::DEFAULT),
            buffer: Vec::new(),
            indices: Vec::new(),
        }
    }

    /// The char indices of `entry`'s title that matched, in order.
    pub fn of(&mut self, entry: &Entry) -> Vec<usize> {
        let text = haystack(entry);
        self.indices.clear();
        self.pattern.indices(
            utf32(&text, &mut self.buffer),
            &mut self.matcher,
            &mut self.indices,
        );
        self.indices.sort_unstable();
        self.indices.dedup();
        let title_chars = entry.meta.title.chars().count();
        self.indices
            .iter()
            .map(|&i| i as usize)
            .take_while(|&i| i < title_chars)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, source: &str) -> Entry {
        crate::library::tests::entry(title, Some("2019-04-12"), Some(source))
    }

    #[test]
    fn fuzzy_matches_titles_sources_and_dates() {
        let entries = [
            entry("Harbour bridge toll", "Harbour Post"),
            entry("Storm closes pass", "Valley Courier"),
            entry("Bridge repairs begin", "Wirelink"),
        ];
        let haystacks: Vec<String> = entries.iter().map(haystack).collect();
        let candidates = [(0, 0), (1, 1), (2, 2)];
        let ids = |query: &str| -> Vec<usize> {
            matching(&haystacks, &candidates, query)
                .into_iter()
                .map(|(_, id)| id)
                .collect()
        };
        assert_eq!(ids("bridge"), [0, 2]);
        assert_eq!(ids("courier"), [1]);
        assert_eq!(ids("2019-04"), [0, 1, 2]);
        assert_eq!(ids("hbt"), [0]);
        assert!(ids("zzz").is_empty());
    }

    #[test]
    fn title_match_positions() {
        let e = entry("Harbour bridge toll", "Post");
        assert_eq!(TitleMatches::new("toll").of(&e), [15, 16, 17, 18]);
        assert!(TitleMatches::new("post").of(&e).is_empty());
    }

    #[test]
    fn title_match_positions_count_chars() {
        // A combining accent and a wide character before the match.
        let e = entry("Cafe\u{301} 東京 toll", "Post");
        assert_eq!(TitleMatches::new("toll").of(&e), [9, 10, 11, 12]);
        let e = entry("Ōtaki toll", "Post");
        assert_eq!(TitleMatches::new("toll").of(&e), [6, 7, 8, 9]);
    }
}
