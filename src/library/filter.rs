//! The list's live fuzzy filter: titles, sources and dates matched with
//! nucleo-matcher (the matcher behind helix's pickers), best matches first.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::Entry;

/// The text an entry is matched on: title, source and date, in that order.
fn haystack(entry: &Entry) -> String {
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

/// The ids (from `order`, in that order when scores tie) of the entries matching
/// `query`, best first.
pub fn matching(entries: &[Entry], order: &[usize], query: &str) -> Vec<usize> {
    let pattern = pattern(query);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buffer = Vec::new();
    let mut scored: Vec<(u32, usize)> = order
        .iter()
        .enumerate()
        .filter_map(|(rank, &id)| {
            let text = haystack(&entries[id]);
            let score = pattern.score(Utf32Str::new(&text, &mut buffer), &mut matcher)?;
            Some((score, rank))
        })
        .collect();
    // Best score first; equal scores keep list order.
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, rank)| order[rank]).collect()
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
        let order = [0, 1, 2];
        assert_eq!(matching(&entries, &order, "bridge"), [0, 2]);
        assert_eq!(matching(&entries, &order, "courier"), [1]);
        assert_eq!(matching(&entries, &order, "2019-04"), [0, 1, 2]);
        assert_eq!(matching(&entries, &order, "hbt"), [0]);
        assert!(matching(&entries, &order, "zzz").is_empty());
    }

    #[test]
    fn title_match_positions() {
        let e = entry("Harbour bridge toll", "Post");
        assert_eq!(title_matches(&e, "toll"), [15, 16, 17, 18]);
        assert!(title_matches(&e, "post").is_empty());
    }
}
