//! Searching the full text of every article: read each file, skip it at once when
//! its raw bytes cannot hold a match, otherwise parse it and count the matches in
//! its title and body. Files are searched in parallel chunks, a sample spread over
//! the list first, and each hit carries its list rank, so results stream into the
//! app (or the `--search` output) as they come and are put in list order there.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::Matcher;
use crate::article::Article;
use crate::library::{Entry, Library, Origin, parse_articles};
use crate::width::prefix_fitting;

/// One article to search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The library id of the entry.
    pub id: usize,
    pub origin: Origin,
    pub index: usize,
    /// How many articles its file holds.
    pub in_file: usize,
    pub verbatim: bool,
    /// The title shown in the list, which may come from the file name rather than
    /// its bytes.
    pub title: String,
}

/// The articles in a library's view, in list order.
pub fn targets(library: &Library) -> Vec<Target> {
    library
        .ids()
        .iter()
        .filter_map(|&id| library.entry(id).map(|entry| Target::of(id, entry)))
        .collect()
}

impl Target {
    /// The target for a library entry.
    pub fn of(id: usize, entry: &Entry) -> Target {
        Target {
            id,
            origin: entry.origin.clone(),
            index: entry.index,
            in_file: entry.in_file,
            verbatim: entry.verbatim,
            title: entry.meta.title.clone(),
        }
    }
}

/// An article that matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: usize,
    /// Its place in the list that was searched (hits may arrive out of order).
    pub rank: usize,
    /// Matches in the title and the body.
    pub count: usize,
    /// A line of text around the first match (white space folded).
    pub snippet: String,
    /// Where the match is in the snippet.
    pub snippet_match: Range<usize>,
    /// Its place in relevance order, best first, when the index answered (the
    /// snippet is then cut later, when the hit is on screen).
    pub relevance: Option<usize>,
}

/// Files searched in one parallel step; the first is small so the first results
/// show at once.
const FIRST_CHUNK: usize = 64;
const CHUNK: usize = 1024;

/// Columns of text shown before the match in a snippet.
const SNIPPET_LEAD: usize = 24;
/// Longest snippet, in columns.
const SNIPPET_WIDTH: usize = 100;

/// Whether hits come with a snippet: the reader shows them; `--search` prints
/// counts, and cutting a snippet for every hit was a tenth of its time when
/// most articles match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snippets {
    Cut,
    Skip,
}

/// Searches `targets`, calling `report` after each chunk with its hits (in no
/// particular order) and the number of targets searched so far. Stops when `cancel` becomes true.
pub fn search(
    targets: &[Target],
    matcher: &Matcher,
    cap: u64,
    snippets: Snippets,
    cancel: &AtomicBool,
    report: &mut dyn FnMut(Vec<Hit>, usize),
) {
    let order = visiting_order(targets.len());
    let siblings = Siblings::of(targets, &order);
    let mut done = 0;
    let mut chunk = FIRST_CHUNK;
    while done < order.len() {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        let end = (done + chunk).min(order.len());
        let hits: Vec<Hit> = order[done..end]
            .par_iter()
            .flat_map_iter(|&rank| {
                if cancel.load(Ordering::Relaxed) {
                    return Vec::new();
                }
                siblings.search(targets, rank, matcher, cap, snippets)
            })
            .collect();
        done = end;
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        report(hits, done);
        chunk = CHUNK;
    }
}

/// The order targets are searched in: first a few spread over the whole list, so
/// that hits show at once even when the top of the list has none (a large
/// archive's list holds long runs of similar articles), then the rest in order.
fn visiting_order(len: usize) -> Vec<usize> {
    let stride = (len / FIRST_CHUNK).max(1);
    let sample: Vec<usize> = (0..len).step_by(stride).take(FIRST_CHUNK).collect();
    let mut order = sample.clone();
    order.extend((0..len).filter(|i| sample.binary_search(i).is_err()));
    order
}

/// The articles of files that hold several, found in the visiting order: each
/// file is read and parsed once, with the first of its articles to be visited
/// (a feed of 10,000 items was parsed 10,000 times).
#[derive(Default)]
struct Siblings {
    /// The ranks of all a file's articles, under the rank visited first.
    of_first: std::collections::HashMap<usize, Vec<usize>>,
    /// The ranks searched with an earlier one.
    later: std::collections::HashSet<usize>,
}

impl Siblings {
    fn of(targets: &[Target], order: &[usize]) -> Siblings {
        let mut siblings = Siblings::default();
        let mut first_of_file: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for &rank in order {
            let target = &targets[rank];
            if target.in_file < 2 {
                continue;
            }
            let first = *first_of_file
                .entry(target.origin.path_string())
                .or_insert(rank);
            if first != rank {
                siblings.later.insert(rank);
            }
            siblings.of_first.entry(first).or_default().push(rank);
        }
        siblings
    }

    /// The hits of the target at `rank`, with those of the rest of its file
    /// if it is the first of them to be visited (none if it is not).
    fn search(
        &self,
        targets: &[Target],
        rank: usize,
        matcher: &Matcher,
        cap: u64,
        snippets: Snippets,
    ) -> Vec<Hit> {
        let ranks = match self.of_first.get(&rank) {
            Some(ranks) => ranks.as_slice(),
            None if self.later.contains(&rank) => return Vec::new(),
            None => std::slice::from_ref(&rank),
        };
        // A file that breaks the parser is not a hit; the search goes on.
        crate::guard::contain(|| search_file(targets, ranks, matcher, cap, snippets))
            .unwrap_or_default()
    }
}

/// Searches every target, each file once, in no particular order.
pub fn search_together(
    targets: &[Target],
    matcher: &Matcher,
    cap: u64,
    snippets: Snippets,
) -> Vec<Hit> {
    let order: Vec<usize> = (0..targets.len()).collect();
    let siblings = Siblings::of(targets, &order);
    order
        .par_iter()
        .flat_map_iter(|&rank| siblings.search(targets, rank, matcher, cap, snippets))
        .collect()
}

/// Searches the articles at `ranks`, all in one file. Unreadable files are
/// simply not hits: the scan already reported them.
fn search_file(
    targets: &[Target],
    ranks: &[usize],
    matcher: &Matcher,
    cap: u64,
    snippets: Snippets,
) -> Vec<Hit> {
    let Some(first) = ranks.first().map(|&rank| &targets[rank]) else {
        return Vec::new();
    };
    let Ok(bytes) = first.origin.read(cap) else {
        return Vec::new();
    };
    // The cheap test first: most files of a large archive do not match.
    if first.verbatim
        && !matcher.raw_may_match(&bytes)
        && ranks
            .iter()
            .all(|&rank| matcher.find_first(&targets[rank].title).is_none())
    {
        return Vec::new();
    }
    let Ok(articles) = parse_articles(&first.origin, bytes.into_owned(), cap) else {
        return Vec::new();
    };
    ranks
        .iter()
        .filter_map(|&rank| {
            let target = &targets[rank];
            let article = articles.get(target.index)?;
            hit_in(target.id, article, matcher, snippets).map(|hit| Hit { rank, ..hit })
        })
        .collect()
}

/// Counts the matches in an article and cuts a snippet around the first one
/// (an empty one when `snippets` says to skip it).
pub fn hit_in(id: usize, article: &Article, matcher: &Matcher, snippets: Snippets) -> Option<Hit> {
    let title = &article.meta.title;
    // One pass over each: the count, and the first match for the snippet (the
    // body's, else the title's).
    let (body_count, body_first) = matcher.count_and_first(&article.body);
    let (title_count, title_first) = matcher.count_and_first(title);
    let count = title_count + body_count;
    let (text, first) = match (body_first, title_first) {
        (Some(first), _) => (article.body.as_str(), first),
        (None, Some(first)) => (title.as_str(), first),
        (None, None) => return None,
    };
    let (snippet, snippet_match) = match snippets {
        Snippets::Cut => snippet(text, first),
        Snippets::Skip => (String::new(), 0..0),
    };
    Some(Hit {
        id,
        rank: 0,
        count,
        snippet,
        snippet_match,
        relevance: None,
    })
}

/// A one-line excerpt around `hit`: some text before it, the match, and what
/// follows, with line breaks folded to spaces.
fn snippet(text: &str, hit: Range<usize>) -> (String, Range<usize>) {
    // Back up about SNIPPET_LEAD characters, to a word start when there is one.
    let mut start = hit.start;
    let mut backed = 0;
    for (at, c) in text[..hit.start].char_indices().rev() {
        if backed >= SNIPPET_LEAD || c == '\n' {
            break;
        }
        start = at;
        backed += 1;
    }
    if backed >= SNIPPET_LEAD
        && let Some(space) = text[start..hit.start].find(' ')
    {
        start += space + 1;
    }
    // A window of the text, line breaks folded (same byte length, so the match's
    // range carries over), cut to the snippet width. The window is a few bytes per
    // column however long the match is (a regex like `(?s).*` matches a whole
    // article), and the match is cut where the snippet ends.
    let mut end = (start + 8 * SNIPPET_WIDTH).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let window = text[start..end].replace('\n', " ");
    let (shown, _) = prefix_fitting(&window, SNIPPET_WIDTH);
    let shown_end = shown.len();
    let matched = (hit.start - start).min(shown_end)..(hit.end - start).min(shown_end);
    (window[..shown_end].to_owned(), matched)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Bytes;
    use crate::search::Query;
    use std::sync::Arc;

    fn target(id: usize, text: &'static str) -> Target {
        named_target(id, &format!("{id}.txt"), text)
    }

    /// A target as `Target::of` makes it, with the title the parser gives it.
    fn named_target(id: usize, name: &str, text: &'static str) -> Target {
        let origin = Origin::memory(Arc::from(name), Bytes::Static(text.as_bytes()));
        let articles = parse_articles(&origin, text.as_bytes().to_vec(), 1 << 20).unwrap();
        Target {
            id,
            origin,
            index: 0,
            in_file: 1,
            verbatim: true,
            title: articles[0].meta.title.clone(),
        }
    }

    fn run(query: &str, targets: &[Target]) -> Vec<Hit> {
        let matcher = Matcher::new(&Query::new(query, false)).unwrap();
        let mut hits = Vec::new();
        search(
            targets,
            &matcher,
            1 << 20,
            Snippets::Cut,
            &AtomicBool::new(false),
            &mut |h, _| hits.extend(h),
        );
        hits
    }

    #[test]
    fn the_articles_of_one_file_are_searched_together_wherever_they_are_listed() {
        let text = r#"[{"title": "Ferry one", "body": "The ferry and the ferry."},
            {"title": "Bus", "body": "No boats here."},
            {"title": "Three", "body": "A ferry at last."}]"#;
        let origin = Origin::memory(Arc::from("items.json"), Bytes::Static(text.as_bytes()));
        let articles = parse_articles(&origin, text.as_bytes().to_vec(), 1 << 20).unwrap();
        let item = |id: usize, index: usize| Target {
            id,
            origin: origin.clone(),
            index,
            in_file: 3,
            verbatim: false,
            title: articles[index].meta.title.clone(),
        };
        // The file's articles far apart in the list, another file between.
        let targets = [
            item(10, 2),
            target(11, "Ferry news\n\nA ferry.\n"),
            item(12, 1),
            item(13, 0),
        ];
        let mut found: Vec<(usize, usize, usize)> = run("ferry", &targets)
            .into_iter()
            .map(|hit| (hit.rank, hit.id, hit.count))
            .collect();
        found.sort_unstable();
        assert_eq!(found, [(0, 10, 1), (1, 11, 2), (3, 13, 3)]);
    }

    #[test]
    fn counts_title_and_body_matches_in_list_order() {
        let targets = [
            target(0, "Harbour vote\n\nThe harbour board met.\n"),
            target(1, "Weather\n\nRain again.\n"),
            target(2, "Bridge\n\nA harbour bridge and a harbour wall.\n"),
        ];
        let hits = run("harbour", &targets);
        let counts: Vec<(usize, usize)> = hits.iter().map(|h| (h.id, h.count)).collect();
        assert_eq!(counts, [(0, 2), (2, 2)]);
        let first = &hits[0];
        assert_eq!(&first.snippet[first.snippet_match.clone()], "harbour");
    }

    #[test]
    fn hits_without_snippets_count_the_same() {
        let targets = [
            target(0, "Harbour vote\n\nThe harbour board met.\n"),
            target(1, "Bridge\n\nA harbour bridge and a harbour wall.\n"),
        ];
        let matcher = Matcher::new(&Query::new("harbour", false)).unwrap();
        let counts = |snippets| {
            let mut hits = Vec::new();
            search(
                &targets,
                &matcher,
                1 << 20,
                snippets,
                &AtomicBool::new(false),
                &mut |h, _| {
                    hits.extend(h);
                },
            );
            hits.sort_by_key(|h: &Hit| h.id);
            hits.iter()
                .map(|h| (h.id, h.count, h.snippet.is_empty()))
                .collect::<Vec<_>>()
        };
        assert_eq!(counts(Snippets::Cut), [(0, 2, false), (1, 2, false)]);
        assert_eq!(counts(Snippets::Skip), [(0, 2, true), (1, 2, true)]);
    }

    #[test]
    fn titles_taken_from_file_names_are_searched() {
        let body = "One long paragraph written on a single line, as some exports do, \
                    about a vote on the quay that ran late into the evening and ended in a tie.\n";
        let hits = run("ferry", &[named_target(0, "ferry-strike.txt", body)]);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].count, 1);
    }

    #[test]
    fn matches_across_quoted_lines() {
        let hits = run(
            "harbour master",
            &[target(0, "T\n\n> Said the harbour\n> master today.\n")],
        );
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn matches_across_soft_wrapped_lines() {
        let hits = run(
            "harbour master",
            &[target(0, "T\n\nSaid the harbour\nmaster today.\n")],
        );
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].snippet, "Said the harbour master today.");
    }

    #[test]
    fn every_target_is_visited_once_spread_first() {
        for len in [0, 1, 5, 64, 65, 1000] {
            let order = visiting_order(len);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..len).collect::<Vec<_>>(), "{len}");
        }
        let order = visiting_order(6400);
        assert_eq!(order[..3], [0, 100, 200]);
    }

    #[test]
    fn cancel_stops_before_reporting() {
        let matcher = Matcher::new(&Query::new("a", false)).unwrap();
        let mut reports = 0;
        search(
            &[target(0, "a\n\na\n")],
            &matcher,
            1 << 20,
            Snippets::Cut,
            &AtomicBool::new(true),
            &mut |_, _| reports += 1,
        );
        assert_eq!(reports, 0);
    }

    #[test]
    fn snippets_of_huge_matches_stay_one_line() {
        let text: &'static str =
            "T\n\nSaid the harbour master, at great length, that the tide was late.\n"
                .repeat(2_000)
                .leak();
        let matcher = Matcher::new(&Query::new("(?s)harbour.*", true)).unwrap();
        let mut hits = Vec::new();
        search(
            &[target(0, text)],
            &matcher,
            1 << 24,
            Snippets::Cut,
            &AtomicBool::new(false),
            &mut |h, _| {
                hits.extend(h);
            },
        );
        let hit = &hits[0];
        assert!(crate::width::str_width(&hit.snippet) <= SNIPPET_WIDTH);
        assert_eq!(&hit.snippet[..hit.snippet_match.start], "Said the ");
        assert_eq!(hit.snippet_match.end, hit.snippet.len());
    }

    #[test]
    fn snippets_start_near_the_match() {
        let text =
            "One two three four five six seven eight nine ten eleven twelve harbour thirteen";
        let at = text.find("harbour").unwrap();
        let (snippet, hit) = snippet(text, at..at + 7);
        assert!(snippet.starts_with("nine ten"), "{snippet}");
        assert_eq!(&snippet[hit], "harbour");
    }
}
