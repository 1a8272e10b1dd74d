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
                    let score = pattern.score(Utf32Str::new(text, &mut buffer), &mut matcher)?;
                    Some((score, (rank, id)))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.0.cmp(&b.1.0)));
    scored.into_iter().map(|(_, candidate)| candidate).collect()
}

/// Which characters of an entry's title matched `query` (char indices), for
/// highlighting the row.
pub fn title_matches(entry: &Entry, query: &str) -> Vec<usize> {
    let pattern = pattern(query);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buffer = Vec::new();
    let text = haystack(entry);
    let mut indices = Vec::new();
    pattern.indices(
        Utf32Str::new(&text, &mut buffer),
        &mut matcher,
        &mut indices,
    );
    indices.sort_unstable();
    indices.dedup();
    let title_chars = entry.meta.title.chars().count();
    indices
        .into_iter()
        .map(|i| i as usize)
        .filter(|&i| i < title_chars)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Meta;
    use crate::library::{Bytes, Origin};

    fn entry(title: &str, source: &str) -> Entry {
        Entry {
            origin: Origin::Memory {
                name: title.into(),
                bytes: Bytes::Static(b""),
            },
            index: 0,
            in_file: 1,
            meta: Meta {
                title: title.into(),
                source: Some(source.into()),
                date: crate::date::parse_date("2019-04-12"),
                ..Meta::default()
            },
            size: 0,
            verbatim: true,
            notes: Vec::new(),
        }
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
        assert_eq!(title_matches(&e, "toll"), [15, 16, 17, 18]);
        assert!(title_matches(&e, "post").is_empty());
    }
}
