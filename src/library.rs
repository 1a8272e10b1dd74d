//! The archive: every article found, in list order, with what could not be read.
//!
//! Entries hold metadata only; bodies are loaded when an article is opened. The list
//! order is kept sorted as scan batches stream in, so the first rows show while a
//! large archive is still being read (see `scan`).

pub mod cache;
pub mod filter;
pub mod scan;

use std::cmp::Ordering;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::article::{self, Article, Format, Meta};
use crate::sanitize::sanitize_line;
use crate::source::{self, SourceError};

/// Where an article's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    File(Arc<Path>),
    /// Bytes held in memory: the built-in samples or standard input. Behind
    /// a pointer, so every entry is not as big as this rare case (24 bytes an
    /// entry, 2.4 MB at 100,000 articles).
    Memory(Arc<InMemory>),
}

/// An article text held in memory, and the name it goes by.
#[derive(Debug, PartialEq, Eq)]
pub struct InMemory {
    pub name: Arc<str>,
    pub bytes: Bytes,
}

/// In-memory article bytes, embedded in the binary or read at startup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bytes {
    Static(&'static [u8]),
    Shared(Arc<[u8]>),
}

impl Bytes {
    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Static(bytes) => bytes,
            Bytes::Shared(bytes) => bytes,
        }
    }
}

impl Origin {
    /// Text held in memory under `name`.
    pub fn memory(name: Arc<str>, bytes: Bytes) -> Origin {
        Origin::Memory(Arc::new(InMemory { name, bytes }))
    }

    /// The path as given, for machine-readable output (`--list`, `--json`).
    pub fn path_string(&self) -> String {
        match self {
            Origin::File(path) => path.to_string_lossy().into_owned(),
            Origin::Memory(text) => text.name.to_string(),
        }
    }

    /// The path made safe to show on screen.
    pub fn display(&self) -> String {
        sanitize_line(&self.path_string())
    }

    /// The file name, made safe to show: it becomes the title of an article
    /// whose text has none.
    pub fn name(&self) -> String {
        let name = match self {
            Origin::File(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Origin::Memory(text) => text.name.to_string(),
        };
        sanitize_line(&name)
    }

    /// Reads the bytes (up to `cap`).
    pub fn read(&self, cap: u64) -> Result<std::borrow::Cow<'_, [u8]>, SourceError> {
        match self {
            Origin::File(path) => source::read_capped(path, cap).map(Into::into),
            Origin::Memory(text) => {
                let bytes = text.bytes.as_slice();
                if bytes.len() as u64 > cap {
                    return Err(SourceError::TooLarge {
                        size: bytes.len() as u64,
                        cap,
                    });
                }
                Ok(bytes.into())
            }
        }
    }
}

/// One article in the archive (metadata only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub origin: Origin,
    /// Which article of a multi-article file this is (0 for most files).
    pub index: usize,
    /// How many articles the file holds.
    pub in_file: usize,
    /// The format the file was read as.
    pub format: Format,
    pub meta: Meta,
    /// Size of the file in bytes.
    pub size: u64,
    /// A hash of the file's bytes (xxh3): with the path and index, the article's
    /// identity, which survives re-sorting and rescans (see `Entry::key`).
    pub content_hash: u64,
    /// The raw bytes equal the decoded text up to whitespace (see `Decoded::verbatim`).
    pub verbatim: bool,
    /// The file is gzip, by its first bytes (whatever its name says).
    pub gzipped: bool,
    /// Notes from decoding, also listed in the problems view (a boxed slice:
    /// most entries have none, and 8 bytes an entry are 0.8 MB at 100,000).
    pub notes: Box<[String]>,
}

/// What identifies an article across runs: its file, its place in the file, and
/// the file's content (so a file that changed is a different article).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArticleKey {
    pub path: String,
    pub index: usize,
    pub content_hash: u64,
}

impl Entry {
    /// Whether the file is gzipped, so its size on disk says little of the work
    /// of reading it.
    pub fn is_compressed(&self) -> bool {
        self.gzipped
    }

    /// The article's stable identity.
    pub fn key(&self) -> ArticleKey {
        ArticleKey {
            path: self.origin.path_string(),
            index: self.index,
            content_hash: self.content_hash,
        }
    }

    /// The path as `--list` prints it: with `#N` for the N-th article of a file
    /// holding several.
    pub fn list_path(&self) -> String {
        if self.in_file > 1 {
            format!("{}#{}", self.origin.path_string(), self.index)
        } else {
            self.origin.path_string()
        }
    }
}

/// Something that went wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The path, sanitised for display.
    pub path: String,
    /// The path as given, for `folio: PATH: reason` lines.
    pub raw_path: String,
    pub reason: String,
    /// True when the file was skipped; false for a note on a file that did load.
    pub skipped: bool,
}

/// Reads, decodes and parses every article in the bytes of `origin`.
pub fn read_articles(origin: &Origin, cap: u64) -> Result<Vec<Article>, SourceError> {
    parse_articles(origin, origin.read(cap)?.into_owned(), cap)
}

/// Decodes and parses every article in bytes already read from `origin`.
pub fn parse_articles(
    origin: &Origin,
    bytes: Vec<u8>,
    cap: u64,
) -> Result<Vec<Article>, SourceError> {
    Ok(article::parse_file(bytes, &origin.name(), cap)?.articles)
}

/// Reads a file for the library: an entry for every article it holds (see
/// `article::Depth::Meta`).
pub fn read_entries(origin: &Origin, cap: u64) -> Result<Vec<Entry>, SourceError> {
    let bytes = origin.read(cap)?;
    let size = bytes.len() as u64;
    let content_hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    let gzipped = crate::source::is_gzip(&bytes);
    let parsed = article::parse_file_to(
        bytes.into_owned(),
        &origin.name(),
        cap,
        article::Depth::Meta,
    )?;
    let in_file = parsed.articles.len();
    Ok(parsed
        .articles
        .into_iter()
        .enumerate()
        .map(|(index, article)| Entry {
            origin: origin.clone(),
            index,
            in_file,
            format: parsed.format,
            meta: article.meta,
            size,
            content_hash,
            verbatim: parsed.verbatim,
            gzipped,
            notes: article.problems.into_boxed_slice(),
        })
        .collect())
}

/// Loads the article an entry stands for. The articles of the last file that held
/// several are kept, so reading a feed item after item parses the feed once.
pub fn load(entry: &Entry, cap: u64) -> Result<Article, SourceError> {
    let gone = || {
        SourceError::Io(std::io::Error::other(
            "the article is no longer in the file",
        ))
    };
    if entry.in_file > 1 {
        let articles = recent::articles(&entry.origin, cap)?;
        return articles.get(entry.index).cloned().ok_or_else(gone);
    }
    // Taken, not copied: a lone article can be megabytes.
    read_articles(&entry.origin, cap)?
        .into_iter()
        .nth(entry.index)
        .ok_or_else(gone)
}

/// The parsed articles of the multi-article file read last.
mod recent {
    use std::sync::{Arc, Mutex};
    use std::time::SystemTime;

    use super::{Article, Origin, SourceError, read_articles};

    /// A file's identity as far as caching goes: where it is, its size and when it
    /// changed (in-memory origins never change).
    type Key = (Origin, Option<(u64, SystemTime)>);

    /// One file is enough for reading through a feed or an archive in list order;
    /// it is a memo of a pure function of the file, so sharing it is harmless.
    static RECENT: Mutex<Option<(Key, Arc<Vec<Article>>)>> = Mutex::new(None);

    fn key(origin: &Origin) -> Key {
        let stamp = match origin {
            Origin::File(path) => std::fs::metadata(path)
                .ok()
                .and_then(|m| Some((m.len(), m.modified().ok()?))),
            Origin::Memory(_) => None,
        };
        (origin.clone(), stamp)
    }

    pub fn articles(origin: &Origin, cap: u64) -> Result<Arc<Vec<Article>>, SourceError> {
        let key = key(origin);
        if let Ok(guard) = RECENT.lock()
            && let Some((cached, articles)) = guard.as_ref()
            && *cached == key
        {
            return Ok(Arc::clone(articles));
        }
        let articles = Arc::new(read_articles(origin, cap)?);
        if let Ok(mut guard) = RECENT.lock() {
            *guard = Some((key, Arc::clone(&articles)));
        }
        Ok(articles)
    }
}

/// The orders the list can be sorted in; `o` cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Newest first, undated last.
    #[default]
    NewestFirst,
    /// Oldest first, undated last.
    OldestFirst,
    Title,
    Source,
}

impl SortOrder {
    /// The next order in the cycle.
    #[must_use]
    pub fn next(self) -> SortOrder {
        match self {
            SortOrder::NewestFirst => SortOrder::OldestFirst,
            SortOrder::OldestFirst => SortOrder::Title,
            SortOrder::Title => SortOrder::Source,
            SortOrder::Source => SortOrder::NewestFirst,
        }
    }

    /// The name kept in the reading state.
    pub fn name(self) -> &'static str {
        match self {
            SortOrder::NewestFirst => "newest",
            SortOrder::OldestFirst => "oldest",
            SortOrder::Title => "title",
            SortOrder::Source => "source",
        }
    }

    /// The order with this `name`.
    pub fn from_name(name: &str) -> Option<SortOrder> {
        [
            SortOrder::NewestFirst,
            SortOrder::OldestFirst,
            SortOrder::Title,
            SortOrder::Source,
        ]
        .into_iter()
        .find(|order| order.name() == name)
    }

    /// Short label for the status bar.
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::NewestFirst => "date ↓",
            SortOrder::OldestFirst => "date ↑",
            SortOrder::Title => "title",
            SortOrder::Source => "source",
        }
    }

    /// Compares two entries, by their keys, in this order. Ties fall back to
    /// newest first, then title (the list breaks remaining ties by id, see
    /// `list_order`).
    pub fn compare(self, a: Keyed<'_>, b: Keyed<'_>) -> Ordering {
        let primary = match self {
            SortOrder::NewestFirst => newest_first(a.key, b.key),
            SortOrder::OldestFirst => match (a.key.date(), b.key.date()) {
                (Some(x), Some(y)) => x.cmp(&y),
                (x, y) => y.is_some().cmp(&x.is_some()),
            },
            SortOrder::Title => a.title_cmp(b),
            SortOrder::Source => match (a.source(), b.source()) {
                (Some(x), Some(y)) => cmp_caseless(x, y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        primary
            .then_with(|| newest_first(a.key, b.key))
            .then_with(|| a.title_cmp(b))
    }
}

/// Dated entries newest first, undated ones after them.
fn newest_first(a: &SortKey, b: &SortKey) -> Ordering {
    match (a.date(), b.date()) {
        (Some(x), Some(y)) => y.cmp(&x),
        (x, y) => y.is_some().cmp(&x.is_some()),
    }
}

/// What an entry is sorted by that is slow to work out, done once when it
/// arrives: sorting a large archive compares each entry many times, and folding
/// case or reading a date on every comparison was most of the cost. ASCII text
/// compares without case byte by byte as it stands, so only other text keeps a
/// folded copy (at 100,000 articles, copies of every title were 10 MB), and
/// the first bytes of every title are kept here to settle most comparisons
/// without reaching for the entry.
///
/// 32 bytes a key, so that a whole archive's keys are little beside its
/// entries (64 were 6 MB at 100,000 articles).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    /// `NewsDate::sort_key`, or `UNDATED`.
    date: i64,
    /// The first sixteen bytes of the title as it compares, padded with zeros
    /// (eight were too few: a series' titles share a start, such as
    /// "Report number 16799…" and "Report number 25199…").
    title_start: [u8; 16],
    /// Lower-case copies of a title or source that is not all ASCII.
    folded: Option<Box<Folded>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Folded {
    title: Option<Box<str>>,
    source: Option<Box<str>>,
}

/// The date of an undated entry in its key (no date maps to it: the keys of
/// years -9999 to 9999 lie within ±10^18).
const UNDATED: i64 = i64::MIN;

impl SortKey {
    /// The key of an entry.
    fn of(entry: &Entry) -> SortKey {
        let title = fold_unless_ascii(&entry.meta.title);
        let source = entry.meta.source.as_deref().and_then(fold_unless_ascii);
        let mut title_start = [0; 16];
        let start_of = title.as_deref().unwrap_or(&entry.meta.title);
        for (to, from) in title_start.iter_mut().zip(start_of.bytes()) {
            *to = from.to_ascii_lowercase();
        }
        SortKey {
            date: entry
                .meta
                .date
                .map_or(UNDATED, crate::date::NewsDate::sort_key),
            title_start,
            folded: (title.is_some() || source.is_some())
                .then(|| Box::new(Folded { title, source })),
        }
    }

    fn date(&self) -> Option<i64> {
        (self.date != UNDATED).then_some(self.date)
    }
}

/// An entry with its key, as the sort compares it.
#[derive(Debug, Clone, Copy)]
pub struct Keyed<'a> {
    pub key: &'a SortKey,
    pub entry: &'a Entry,
}

impl<'a> Keyed<'a> {
    /// The title to compare without case: folded, or ASCII as it is.
    fn title(self) -> &'a str {
        self.key
            .folded
            .as_ref()
            .and_then(|folded| folded.title.as_deref())
            .unwrap_or(&self.entry.meta.title)
    }

    /// Titles compared without case. Starts that differ say how (titles hold no
    /// NUL, so the padding sorts a shorter title first, as its end would).
    fn title_cmp(self, other: Keyed<'_>) -> Ordering {
        self.key
            .title_start
            .cmp(&other.key.title_start)
            .then_with(|| cmp_caseless(self.title(), other.title()))
    }

    fn source(self) -> Option<&'a str> {
        self.key
            .folded
            .as_ref()
            .and_then(|folded| folded.source.as_deref())
            .or(self.entry.meta.source.as_deref())
    }
}

/// Lower case for comparing, for text that is not all ASCII.
fn fold_unless_ascii(text: &str) -> Option<Box<str>> {
    (!text.is_ascii()).then(|| text.to_lowercase().into())
}

/// Compares text as lower case. Either side is folded text or ASCII: folded text
/// has no ASCII capitals left, so lowering ASCII letters on both sides orders
/// them as their folded forms would be.
fn cmp_caseless(a: &str, b: &str) -> Ordering {
    // The same title twice (a copy, a re-post) is common, and cheapest to see.
    if a == b {
        return Ordering::Equal;
    }
    let lower = u8::to_ascii_lowercase;
    a.bytes()
        .map(|c| lower(&c))
        .cmp(b.bytes().map(|c| lower(&c)))
}

/// Merges a sorted batch into a sorted list; equal items keep existing ones
/// first (stable). A small batch takes a binary search per new item and block
/// copies in between, far less than a full merge; a batch big enough that those
/// searches would compare more than a walk through both takes the walk (the
/// reader merges arrivals when they are a quarter of the list).
fn merge_sorted(
    order: &[usize],
    fresh: &[usize],
    compare: impl Fn(usize, usize) -> Ordering,
) -> Vec<usize> {
    let mut merged = Vec::with_capacity(order.len() + fresh.len());
    let search_cost = fresh.len() * (usize::BITS - order.len().leading_zeros()) as usize;
    if search_cost > order.len() + fresh.len() {
        let (mut old, mut new) = (order.iter().peekable(), fresh.iter().peekable());
        while let (Some(&&a), Some(&&b)) = (old.peek(), new.peek()) {
            if compare(a, b) == Ordering::Greater {
                merged.push(b);
                new.next();
            } else {
                merged.push(a);
                old.next();
            }
        }
        merged.extend(old);
        merged.extend(new);
        return merged;
    }
    let mut start = 0;
    for &item in fresh {
        let at =
            start + order[start..].partition_point(|&old| compare(old, item) != Ordering::Greater);
        merged.extend_from_slice(&order[start..at]);
        merged.push(item);
        start = at;
    }
    merged.extend_from_slice(&order[start..]);
    merged
}

/// How the list orders two ids: by `sort`, remaining ties by id (the order the scan
/// found them), so the list is the same however it was reached (cycling the sort
/// order, or batches arriving in another order).
fn list_order<'a>(
    sort: SortOrder,
    keys: &'a [SortKey],
    entries: &'a [Entry],
) -> impl Fn(usize, usize) -> Ordering + 'a {
    let keyed = |id: usize| Keyed {
        key: &keys[id],
        entry: &entries[id],
    };
    move |a, b| sort.compare(keyed(a), keyed(b)).then(a.cmp(&b))
}

/// What the reader has marked on an article (kept by the app from the reading
/// state; the library needs it for the unread-only view and the list's marks).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    pub read: bool,
    pub starred: bool,
}

/// The archive as the app sees it.
#[derive(Debug, Default)]
pub struct Library {
    entries: Vec<Entry>,
    /// What each entry sorts by, by id.
    keys: Vec<SortKey>,
    /// Indices into `entries`, in list order.
    order: Vec<usize>,
    sort: SortOrder,
    /// The fuzzy filter's query and what it lets through, best match first, as
    /// (list position, id).
    filter: Option<(String, Vec<(usize, usize)>)>,
    /// The same ids, for the view.
    filtered: Vec<usize>,
    /// What the filter matches each entry on, by id: made when the filter is
    /// first used (a list that is never filtered does not hold them), then
    /// kept up as entries arrive.
    haystacks: Vec<String>,
    problems: Vec<Problem>,
    scan: scan::Progress,
    /// Read and starred marks, by id, and how many of each.
    flags: Vec<Flags>,
    read_count: usize,
    starred_count: usize,
    /// The unread-only view: the ids shown (unread ones, and the article kept in
    /// view although read, so reading it does not make it vanish).
    unread_only: Option<(Option<usize>, Vec<usize>)>,
}

impl Library {
    /// An empty library.
    pub fn new() -> Library {
        Library::default()
    }

    /// Makes room for `articles` more, so a big archive whose size is known
    /// (from the metadata cache) is not copied as its lists grow.
    pub fn reserve(&mut self, articles: usize) {
        self.entries.reserve_exact(articles);
        self.flags.reserve_exact(articles);
    }

    /// Adds a batch of scan results, keeping the list sorted.
    pub fn add(&mut self, items: Vec<scan::Item>) {
        self.append(items);
        self.place_appended();
    }

    /// Adds scan results without putting them in the list yet: a whole
    /// archive read this way is sorted once, by `place_appended`, rather than
    /// merged batch by batch (a pass over the list each time), and each batch
    /// is freed as it is taken.
    pub fn append(&mut self, items: Vec<scan::Item>) {
        for item in items {
            match item {
                scan::Item::Entry(entry) => {
                    for note in &entry.notes {
                        self.problems.push(Problem {
                            path: entry.origin.display(),
                            raw_path: entry.origin.path_string(),
                            reason: note.clone(),
                            skipped: false,
                        });
                    }
                    if !self.haystacks.is_empty() {
                        self.haystacks.push(filter::haystack(&entry));
                    }
                    self.flags.push(Flags::default());
                    self.entries.push(entry);
                }
                scan::Item::Problem(problem) => self.problems.push(problem),
            }
        }
    }

    /// Puts the entries appended since the last call into the list, in order.
    ///
    /// Their sort keys are made here, on both cores, rather than as they are
    /// appended: a whole archive's keys (6 MB at 100,000 articles) then need
    /// not be held beside the scan's own memory, which the CLI frees first.
    pub fn place_appended(&mut self) {
        let keyed = self.keys.len();
        self.keys
            .par_extend(self.entries[keyed..].par_iter().map(SortKey::of));
        let mut fresh: Vec<usize> = (self.order.len()..self.entries.len()).collect();
        let compare = list_order(self.sort, &self.keys, &self.entries);
        // On both cores: at 100,000 articles this is most of a cached start
        // after the scan.
        fresh.par_sort_by(|&a, &b| compare(a, b));
        self.order = merge_sorted(&self.order, &fresh, compare);
        self.refilter(false);
    }

    /// The marks on an article.
    pub fn flags(&self, id: usize) -> Flags {
        self.flags.get(id).copied().unwrap_or_default()
    }

    /// Changes the marks on an article. The unread-only view is not narrowed
    /// until it is next rebuilt (a new batch, filter or sort).
    pub fn set_flags(&mut self, id: usize, flags: Flags) {
        let Some(old) = self.flags.get_mut(id) else {
            return;
        };
        let before = *old;
        *old = flags;
        self.read_count = self.read_count + usize::from(flags.read) - usize::from(before.read);
        self.starred_count =
            self.starred_count + usize::from(flags.starred) - usize::from(before.starred);
    }

    /// Articles in the archive not marked read, and those starred.
    pub fn unread_and_starred(&self) -> (usize, usize) {
        (self.entries.len() - self.read_count, self.starred_count)
    }

    /// Shows only unread articles (and `keep`, read or not), or everything.
    pub fn set_unread_only(&mut self, on: bool, keep: Option<usize>) {
        self.unread_only = on.then(|| (keep, Vec::new()));
        self.rebuild_unread_view();
    }

    /// True in the unread-only view.
    pub fn is_unread_only(&self) -> bool {
        self.unread_only.is_some()
    }

    fn rebuild_unread_view(&mut self) {
        let Some((keep, _)) = &self.unread_only else {
            return;
        };
        let keep = *keep;
        let base = if self.filter.is_some() {
            &self.filtered
        } else {
            &self.order
        };
        let shown = base
            .iter()
            .copied()
            .filter(|&id| Some(id) == keep || !self.flags[id].read)
            .collect();
        self.unread_only = Some((keep, shown));
    }

    /// Filters the list with a fuzzy query; an empty query shows everything.
    pub fn set_filter(&mut self, query: &str) {
        if query.is_empty() {
            self.filter = None;
            self.filtered.clear();
            self.rebuild_unread_view();
            return;
        }
        // A query that only grows (typing on) can only narrow what matched.
        let narrowing = self
            .filter
            .as_ref()
            .is_some_and(|(old, _)| query.starts_with(old.as_str()));
        match &mut self.filter {
            Some((old, _)) => query.clone_into(old),
            None => self.filter = Some((query.to_owned(), Vec::new())),
        }
        self.refilter(narrowing);
    }

    /// The filter's query, if one is set.
    pub fn filter_query(&self) -> Option<&str> {
        self.filter.as_ref().map(|(query, _)| query.as_str())
    }

    /// Runs the filter again: over everything, or (`narrowing`) only over what
    /// the previous query let through, back in list order.
    fn refilter(&mut self, narrowing: bool) {
        let Some((query, matched)) = &mut self.filter else {
            self.rebuild_unread_view();
            return;
        };
        let candidates: Vec<(usize, usize)> = if narrowing {
            let mut previous = std::mem::take(matched);
            previous.sort_unstable();
            previous
        } else {
            self.order.iter().copied().enumerate().collect()
        };
        if self.haystacks.len() < self.entries.len() {
            self.haystacks = self.entries.iter().map(filter::haystack).collect();
        }
        *matched = filter::matching(&self.haystacks, &candidates, query);
        self.filtered = matched.iter().map(|&(_, id)| id).collect();
        self.rebuild_unread_view();
    }

    /// The ids in view: filtered, or the whole list.
    fn view(&self) -> &[usize] {
        if let Some((_, shown)) = &self.unread_only {
            shown
        } else if self.filter.is_some() {
            &self.filtered
        } else {
            &self.order
        }
    }

    /// Number of articles in the archive, filtered or not.
    pub fn total(&self) -> usize {
        self.order.len()
    }

    /// Records scan progress.
    pub fn set_progress(&mut self, progress: scan::Progress) {
        self.scan = progress;
    }

    /// Scan progress so far.
    pub fn progress(&self) -> &scan::Progress {
        &self.scan
    }

    /// Number of articles in view (after the filter).
    pub fn len(&self) -> usize {
        self.view().len()
    }

    /// True when no article is in view (none at all, or none passes the filter).
    pub fn is_empty(&self) -> bool {
        self.view().is_empty()
    }

    /// True when the archive has any article at all, filtered or not.
    pub fn has_articles(&self) -> bool {
        !self.order.is_empty()
    }

    /// The entry at a list position.
    pub fn at(&self, position: usize) -> Option<&Entry> {
        self.view().get(position).map(|&i| &self.entries[i])
    }

    /// The stable id (index into the entries) of the article at a list position.
    pub fn id_at(&self, position: usize) -> Option<usize> {
        self.view().get(position).copied()
    }

    /// The entry with an id.
    pub fn entry(&self, id: usize) -> Option<&Entry> {
        self.entries.get(id)
    }

    /// The list position of an entry id.
    pub fn position_of(&self, id: usize) -> Option<usize> {
        self.view().iter().position(|&i| i == id)
    }

    /// Entries in view, in list order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.view().iter().map(|&i| &self.entries[i])
    }

    /// Ids of the entries in view, in list order.
    pub fn ids(&self) -> &[usize] {
        self.view()
    }

    /// The current sort order.
    pub fn sort_order(&self) -> SortOrder {
        self.sort
    }

    /// Re-sorts the list.
    pub fn set_sort_order(&mut self, sort: SortOrder) {
        self.sort = sort;
        let compare = list_order(sort, &self.keys, &self.entries);
        self.order.par_sort_by(|&a, &b| compare(a, b));
        // (The comparison borrows the entries until it goes.)
        drop(compare);
        self.refilter(false);
    }

    /// Number of entries, in view or not (the next entry's id).
    pub fn entry_count(&self) -> usize {
        self.entries.len()
    }

    /// The entries with their ids, in scan order.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &Entry)> {
        self.entries.iter().enumerate()
    }

    /// Files that could not be read, and notes on files that could.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Number of files skipped with a reason.
    pub fn skipped_count(&self) -> usize {
        self.problems.iter().filter(|p| p.skipped).count()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::date::parse_date;

    /// An entry for tests, held in memory.
    pub(crate) fn entry(title: &str, date: Option<&str>, source: Option<&str>) -> Entry {
        Entry {
            origin: Origin::memory(title.into(), Bytes::Static(b"")),
            index: 0,
            in_file: 1,
            format: Format::Text,
            meta: Meta {
                title: title.into(),
                date: date.and_then(parse_date),
                source: source.map(Into::into),
                ..Meta::default()
            },
            size: 0,
            content_hash: 0,
            verbatim: true,
            gzipped: false,
            notes: Box::default(),
        }
    }

    fn titles(lib: &Library) -> Vec<&str> {
        lib.iter().map(|e| e.meta.title.as_str()).collect()
    }

    #[test]
    fn entries_and_sort_keys_stay_small() {
        // Each byte here is 100 KB at 100,000 articles, where folio aims to
        // stay under 60 MB in all (see the README's performance section).
        assert_eq!(std::mem::size_of::<Origin>(), 16);
        assert_eq!(std::mem::size_of::<SortKey>(), 32);
        assert!(std::mem::size_of::<Entry>() <= 216);
    }

    #[test]
    fn sorts_by_each_order_with_undated_last() {
        let mut lib = Library::new();
        lib.add(vec![
            scan::Item::Entry(entry("b-old", Some("2001-01-01"), Some("Zeta"))),
            scan::Item::Entry(entry("a-undated", None, None)),
            scan::Item::Entry(entry("c-new", Some("2020-01-01"), Some("alpha"))),
        ]);
        assert_eq!(titles(&lib), ["c-new", "b-old", "a-undated"]);
        lib.set_sort_order(SortOrder::OldestFirst);
        assert_eq!(titles(&lib), ["b-old", "c-new", "a-undated"]);
        lib.set_sort_order(SortOrder::Title);
        assert_eq!(titles(&lib), ["a-undated", "b-old", "c-new"]);
        lib.set_sort_order(SortOrder::Source);
        assert_eq!(titles(&lib), ["c-new", "b-old", "a-undated"]);
    }

    #[test]
    fn ties_keep_scan_order_through_a_sort_cycle() {
        let mut lib = Library::new();
        lib.add(vec![
            scan::Item::Entry(entry("same", Some("2001-01-01"), Some("B"))),
            scan::Item::Entry(entry("same", Some("2001-01-01"), Some("A"))),
            scan::Item::Entry(entry("same", Some("2001-01-01"), Some("C"))),
        ]);
        assert_eq!(lib.ids(), [0, 1, 2]);
        for _ in 0..4 {
            lib.set_sort_order(lib.sort_order().next());
        }
        assert_eq!(lib.ids(), [0, 1, 2]);
    }

    #[test]
    fn batches_merge_into_order() {
        let mut lib = Library::new();
        lib.add(vec![scan::Item::Entry(entry(
            "mid",
            Some("2010-01-01"),
            None,
        ))]);
        lib.add(vec![
            scan::Item::Entry(entry("new", Some("2020-01-01"), None)),
            scan::Item::Entry(entry("old", Some("2000-01-01"), None)),
        ]);
        assert_eq!(titles(&lib), ["new", "mid", "old"]);
        assert_eq!(lib.position_of(0), Some(1));
    }

    proptest::proptest! {
        /// Titles sort as their lower case does, whether ASCII (compared as they
        /// stand) or not (compared by their folded copies), mixed in one list,
        /// and longer than the start the sort key keeps or not.
        #[test]
        fn titles_sort_as_their_lower_case(
            titles in proptest::collection::vec("(Report number )?[a-cA-C ÉéößΣς]{0,12}", 1..40)
        ) {
            let mut lib = Library::new();
            lib.add(titles.iter().map(|t| scan::Item::Entry(entry(t, None, Some(t)))).collect());
            let mut expected: Vec<(String, usize)> = titles
                .iter()
                .enumerate()
                .map(|(id, t)| (t.to_lowercase(), id))
                .collect();
            expected.sort();
            let expected: Vec<usize> = expected.into_iter().map(|(_, id)| id).collect();
            lib.set_sort_order(SortOrder::Title);
            proptest::prop_assert_eq!(lib.ids(), &expected[..]);
            lib.set_sort_order(SortOrder::Source);
            proptest::prop_assert_eq!(lib.ids(), &expected[..]);
        }
    }

    #[test]
    fn merging_matches_sorting() {
        let order = [1, 3, 3, 5, 9];
        let fresh = [0, 3, 4, 10];
        let merged = merge_sorted(&order, &fresh, |a, b| a.cmp(&b));
        assert_eq!(merged, [0, 1, 3, 3, 3, 4, 5, 9, 10]);
        assert_eq!(merge_sorted(&[], &fresh, |a, b| a.cmp(&b)), fresh);
    }

    proptest::proptest! {
        /// Both ways of merging (a search per item for a small batch, a walk for
        /// a big one) give what a stable sort of both does: values compare by
        /// their tens, and equal ones keep the list's before the batch's.
        #[test]
        fn merging_big_and_small_batches_is_a_stable_sort(
            mut order in proptest::collection::vec(0usize..200, 0..300),
            mut fresh in proptest::collection::vec(1000usize..1200, 0..300),
        ) {
            let by_tens = |a: usize, b: usize| (a % 1000 / 10).cmp(&(b % 1000 / 10));
            order.sort_by(|&a, &b| by_tens(a, b));
            fresh.sort_by(|&a, &b| by_tens(a, b));
            let mut expected: Vec<usize> = order.iter().chain(&fresh).copied().collect();
            expected.sort_by(|&a, &b| by_tens(a, b));
            proptest::prop_assert_eq!(merge_sorted(&order, &fresh, by_tens), expected);
        }
    }

    #[test]
    fn unread_only_keeps_the_article_being_read() {
        let mut lib = Library::new();
        lib.add(vec![
            scan::Item::Entry(entry("c", Some("2003-01-01"), None)),
            scan::Item::Entry(entry("b", Some("2002-01-01"), None)),
            scan::Item::Entry(entry("a", Some("2001-01-01"), None)),
        ]);
        let read = Flags {
            read: true,
            starred: false,
        };
        lib.set_flags(1, read);
        assert_eq!(lib.unread_and_starred(), (2, 0));
        lib.set_unread_only(true, Some(0));
        assert_eq!(titles(&lib), ["c", "a"]);
        // Reading the kept one does not remove it; the next rebuild does.
        lib.set_flags(0, read);
        assert_eq!(titles(&lib), ["c", "a"]);
        lib.set_unread_only(true, None);
        assert_eq!(titles(&lib), ["a"]);
        lib.set_filter("zzz");
        assert!(lib.is_empty());
        lib.set_filter("");
        lib.set_unread_only(false, None);
        assert_eq!(titles(&lib), ["c", "b", "a"]);
    }

    #[test]
    fn sort_orders_have_names_that_round_trip() {
        let mut order = SortOrder::default();
        for _ in 0..4 {
            assert_eq!(SortOrder::from_name(order.name()), Some(order));
            order = order.next();
        }
        assert_eq!(SortOrder::from_name("nope"), None);
    }

    #[test]
    fn notes_become_problems_that_are_not_skips() {
        let mut lib = Library::new();
        let mut e = entry("x", None, None);
        e.notes = Box::new(["decoded as Windows-1252: invalid UTF-8 at byte 3".into()]);
        lib.add(vec![scan::Item::Entry(e)]);
        assert_eq!(lib.problems().len(), 1);
        assert_eq!(lib.skipped_count(), 0);
    }
}
