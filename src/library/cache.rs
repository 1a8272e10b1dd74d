//! The metadata cache: what the scan found in every file, kept between runs in
//! the XDG cache directory, so a second start of the same archive re-reads only new
//! and changed files.
//!
//! One file per set of scan roots, in postcard. A file's entry is trusted only when
//! its size and modification time match and the cache was written by this parser
//! version; anything unreadable (truncated, corrupt, foreign, older) is ignored and
//! rebuilt. A save writes a temporary file and renames it over the old one, so a
//! reader never sees half a cache, and two folio processes at once only race to be
//! the last complete writer.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::scan::Item;
use super::{Entry, Origin, Problem};
use crate::article::{Format, Meta};
use crate::date::NewsDate;

/// Changes whenever a parser's output for the same bytes may change, or what an
/// entry holds does, so entries written by an older folio are read again.
pub const PARSER_VERSION: u32 = 3;

/// The first bytes of every cache file.
const MAGIC: [u8; 8] = *b"folio-mc";

/// A file's size and modification time: what says it has not changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    /// The modification time since the epoch, in seconds and nanoseconds
    /// (not one `u128`, whose alignment would pad every entry of the table).
    modified_s: u64,
    modified_ns: u32,
}

impl Stamp {
    /// The stamp of a file on disk, if it can be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            size: meta.len(),
            modified_s: modified.as_secs(),
            modified_ns: modified.subsec_nanos(),
        })
    }
}

/// What the scan made of one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Outcome {
    Articles {
        format: Format,
        verbatim: bool,
        gzipped: bool,
        content_hash: u64,
        articles: Vec<CachedMeta>,
    },
    /// The file was skipped, for this reason.
    Failed(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedMeta {
    title: String,
    date: Option<CachedDate>,
    source: Option<String>,
    byline: Option<String>,
    url: Option<String>,
    tags: Vec<String>,
    notes: Vec<String>,
}

/// A date as its civil fields: (year, month, day) and the clock time, if any.
type CachedDate = ((i16, i8, i8), Option<(i8, i8, i8)>);

fn to_cached_date(date: NewsDate) -> CachedDate {
    let day = date.day();
    let ymd = (day.year(), day.month(), day.day());
    match date {
        NewsDate::Day(_) => (ymd, None),
        NewsDate::Moment(moment) => (ymd, Some((moment.hour(), moment.minute(), moment.second()))),
    }
}

fn from_cached_date(((year, month, day), time): CachedDate) -> Option<NewsDate> {
    let date = jiff::civil::Date::new(year, month, day).ok()?;
    Some(match time {
        None => NewsDate::Day(date),
        Some((hour, minute, second)) => NewsDate::Moment(
            date.to_datetime(jiff::civil::Time::new(hour, minute, second, 0).ok()?),
        ),
    })
}

#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    magic: [u8; 8],
    version: u32,
    files: Vec<(String, Stamp, Outcome)>,
}

/// The same file read straight into a map by the hash of each path: postcard
/// writes a tuple as its parts one after another, so `(path, stamp, outcome)`
/// reads as the pair `(path, (stamp, outcome))` without a list of them all
/// held first, and a path is hashed where it lies in the bytes, never copied.
#[derive(Debug, Deserialize)]
struct KnownFile {
    magic: [u8; 8],
    version: u32,
    #[serde(deserialize_with = "known_by_hash")]
    files: Known,
}

/// The cache for one scan: what the last run knew, and what this run found.
#[derive(Debug)]
pub struct MetaCache {
    file: PathBuf,
    /// What the last run knew: an entry's outcome is taken out when its file
    /// is found unchanged, leaving its stamp to say so when the cache is saved
    /// (the file on disk holds that metadata, which went into the library
    /// without a copy kept here).
    known: Mutex<Known>,
    /// Files read afresh.
    found: Mutex<Vec<(String, Stamp, Outcome)>>,
    /// Something was read afresh, so the file on disk is out of date.
    changed: AtomicBool,
    /// Why the previous cache was not used, for a note.
    pub discarded: Option<String>,
}

/// What a cache file holds, by path; the error is why it cannot be used
/// (`None` when there is no file yet).
fn read_known(file: &Path) -> Result<Known, Option<String>> {
    let bytes = std::fs::read(file).map_err(|_| None)?;
    match postcard::from_bytes::<KnownFile>(&bytes) {
        Ok(cache) if cache.magic == MAGIC && cache.version == PARSER_VERSION => Ok(cache.files),
        Ok(_) => Err(Some("written by another folio version".to_owned())),
        Err(error) => Err(Some(format!("unreadable ({error})"))),
    }
}

/// A cache file's entries by the hash of their path's key; the outcome is
/// `None` once it has gone into the library.
type Known = HashMap<KeyHash, (Stamp, Option<Outcome>), ByHash>;

/// The xxh3 hash of a path's key (see `key`). Two paths of one archive sharing
/// one is a chance of about one in 10⁹ at a million files, and even then both
/// files must have the same size and modification time to the nanosecond.
type KeyHash = u64;

/// The map's keys are hashes already: they are used as they are.
type ByHash = std::hash::BuildHasherDefault<PassThrough>;

#[derive(Debug, Default)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Reads the map of a cache file, hashing each path as it is read.
fn known_by_hash<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Known, D::Error> {
    struct Hashed(KeyHash);
    impl<'de> Deserialize<'de> for Hashed {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_str(HashedVisitor)
        }
    }
    struct HashedVisitor;
    impl serde::de::Visitor<'_> for HashedVisitor {
        type Value = Hashed;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a path")
        }
        fn visit_str<E>(self, path: &str) -> Result<Hashed, E> {
            Ok(Hashed(key_hash(path)))
        }
    }
    struct MapVisitor;
    impl<'de> serde::de::Visitor<'de> for MapVisitor {
        type Value = Known;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("files by path")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Known, A::Error> {
            // The length comes from the file: trusted only as far as a guess.
            let guess = map.size_hint().unwrap_or(0).min(1 << 16);
            let mut known = Known::with_capacity_and_hasher(guess, ByHash::default());
            while let Some((Hashed(hash), (stamp, outcome))) = map.next_entry()? {
                known.insert(hash, (stamp, Some(outcome)));
            }
            Ok(known)
        }
    }
    deserializer.deserialize_map(MapVisitor)
}

fn key_hash(key: &str) -> KeyHash {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

/// `key_hash(&key(path))`, without building the key for a relative path
/// spelled plainly (no `.` or empty parts), as every path the scan finds under
/// a plainly spelled root is: its key is the working directory, `/`, the path.
fn key_hash_of(path: &Path) -> KeyHash {
    if let (Some(text), Some(base)) = (path.to_str(), working_dir().and_then(Path::to_str))
        && !path.is_absolute()
        && !text.split('/').any(|part| part.is_empty() || part == ".")
    {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(base.as_bytes());
        if !base.ends_with('/') {
            hasher.update(b"/");
        }
        hasher.update(text.as_bytes());
        return hasher.digest();
    }
    key_hash(&absolute(path).to_string_lossy())
}

/// The key a path is stored under: absolute, so `folio news` run from home and
/// `folio ~/news` find the same entries.
fn key(path: &Path) -> String {
    absolute(path).to_string_lossy().into_owned()
}

/// The working directory, asked for once rather than once a file: folio never
/// changes it.
fn working_dir() -> Option<&'static Path> {
    static WORKING_DIR: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    WORKING_DIR
        .get_or_init(|| std::env::current_dir().ok())
        .as_deref()
}

/// `path` made absolute as `std::path::absolute` does (`.` parts dropped, `..`
/// kept).
pub fn absolute(path: &Path) -> std::borrow::Cow<'_, Path> {
    use std::path::Component;
    let needs_work = !path.is_absolute() || path.components().any(|c| c == Component::CurDir);
    if !needs_work {
        return path.into();
    }
    let joined = match working_dir() {
        Some(base) if !path.is_absolute() => base.join(path),
        _ => path.to_path_buf(),
    };
    joined
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect::<PathBuf>()
        .into()
}

impl MetaCache {
    /// The cache for a scan of `roots`, in `dir` (`…/folio/` in the cache
    /// directory). A cache that cannot be read starts empty.
    pub fn open(dir: &Path, roots: &[PathBuf]) -> MetaCache {
        let file = dir.join(format!("meta-{:016x}.postcard", roots_id(roots)));
        let (known, discarded) = match read_known(&file) {
            Ok(known) => (known, None),
            Err(reason) => (Known::default(), reason),
        };
        MetaCache {
            file,
            known: Mutex::new(known),
            found: Mutex::new(Vec::new()),
            changed: AtomicBool::new(false),
            discarded,
        }
    }

    /// How many articles the last scan found, to make room for them.
    pub fn articles_known(&self) -> usize {
        self.known.lock().map_or(0, |known| {
            known
                .values()
                .map(|(_, outcome)| match outcome {
                    Some(Outcome::Articles { articles, .. }) => articles.len(),
                    Some(Outcome::Failed(_)) | None => 0,
                })
                .sum()
        })
    }

    /// The scan results for `path` if the cache holds them for this very file.
    pub fn lookup(&self, path: &Path, stamp: Stamp) -> Option<Vec<Item>> {
        let hash = key_hash_of(path);
        let outcome = {
            let mut known = self.known.lock().ok()?;
            let (known_stamp, outcome) = known.get_mut(&hash)?;
            if *known_stamp != stamp {
                // Changed: read again, and recorded afresh.
                known.remove(&hash);
                return None;
            }
            outcome.take()?
        };
        let origin = Origin::File(Arc::from(path));
        let items = match outcome {
            Outcome::Failed(reason) => vec![Item::Problem(Problem {
                path: origin.display(),
                raw_path: origin.path_string(),
                reason,
                skipped: true,
            })],
            Outcome::Articles {
                format,
                verbatim,
                gzipped,
                content_hash,
                articles,
            } => {
                let in_file = articles.len();
                articles
                    .into_iter()
                    .enumerate()
                    .map(|(index, cached)| {
                        Item::Entry(Entry {
                            origin: origin.clone(),
                            index,
                            in_file,
                            format,
                            meta: Meta {
                                title: cached.title,
                                date: cached.date.and_then(from_cached_date),
                                source: cached.source,
                                byline: cached.byline,
                                url: cached.url,
                                tags: cached.tags,
                            },
                            size: stamp.size,
                            content_hash,
                            verbatim,
                            gzipped,
                            notes: cached.notes,
                        })
                    })
                    .collect()
            }
        };
        Some(items)
    }

    /// Keeps what the scan found in `path` for the next run.
    pub fn record(&self, path: &Path, stamp: Stamp, items: &[Item]) {
        let outcome = if let [Item::Problem(problem)] = items {
            Outcome::Failed(problem.reason.clone())
        } else {
            let entries: Vec<&Entry> = items
                .iter()
                .filter_map(|i| match i {
                    Item::Entry(e) => Some(e),
                    Item::Problem(_) => None,
                })
                .collect();
            let Some(first) = entries.first() else {
                return;
            };
            Outcome::Articles {
                format: first.format,
                verbatim: first.verbatim,
                gzipped: first.gzipped,
                content_hash: first.content_hash,
                articles: entries
                    .iter()
                    .map(|e| CachedMeta {
                        title: e.meta.title.clone(),
                        date: e.meta.date.map(to_cached_date),
                        source: e.meta.source.clone(),
                        byline: e.meta.byline.clone(),
                        url: e.meta.url.clone(),
                        tags: e.meta.tags.clone(),
                        notes: e.notes.clone(),
                    })
                    .collect(),
            }
        };
        self.changed.store(true, Ordering::Relaxed);
        if let Ok(mut found) = self.found.lock() {
            found.push((key(path), stamp, outcome));
        }
    }

    /// Writes what this scan found (files no longer there drop out), atomically.
    /// When every file was found unchanged and none is gone, the file on disk
    /// already says all of it and is left alone.
    pub fn save(&self) -> std::io::Result<()> {
        let (Ok(mut found), Ok(known)) = (self.found.lock(), self.known.lock()) else {
            return Ok(());
        };
        // Files the scan never looked up are no longer there.
        let gone = known.values().any(|(_, outcome)| outcome.is_some());
        if !gone && !self.changed.load(Ordering::Relaxed) && self.discarded.is_none() {
            return Ok(());
        }
        let mut files = std::mem::take(&mut *found);
        // Unchanged files' metadata comes from the file on disk once more. Should
        // another folio have rewritten it since, what no longer matches is left
        // out and read again next time.
        let kept = |path: &str, stamp: &Stamp| {
            known
                .get(&key_hash(path))
                .is_some_and(|(known, outcome)| outcome.is_none() && known == stamp)
        };
        if known.values().any(|(_, outcome)| outcome.is_none()) {
            let on_disk = std::fs::read(&self.file)
                .ok()
                .and_then(|bytes| postcard::from_bytes::<CacheFile>(&bytes).ok())
                .filter(|cache| cache.magic == MAGIC && cache.version == PARSER_VERSION);
            files.extend(
                on_disk
                    .map(|cache| cache.files)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|(path, stamp, _)| kept(path, stamp)),
            );
        }
        let cache = CacheFile {
            magic: MAGIC,
            version: PARSER_VERSION,
            files,
        };
        let bytes = postcard::to_stdvec(&cache).map_err(std::io::Error::other)?;
        let dir = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        // A name of its own per process, so two folios never write one file.
        let temp = dir.join(format!(
            ".{}.{}.tmp",
            self.file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        let written = (|| {
            let mut out = std::fs::File::create(&temp)?;
            out.write_all(&bytes)?;
            out.sync_all()?;
            std::fs::rename(&temp, &self.file)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
    }
}

/// What names a set of scan roots in the cache: a hash of their canonical
/// paths, in any order.
pub fn roots_id(roots: &[PathBuf]) -> u64 {
    let mut names: Vec<String> = roots
        .iter()
        .map(|r| key(&std::fs::canonicalize(r).unwrap_or_else(|_| r.clone())))
        .collect();
    names.sort();
    xxhash_rust::xxh3::xxh3_64(names.join("\n").as_bytes())
}

/// The directory caches go in: `$XDG_CACHE_HOME/folio` (or the platform's), unless
/// `FOLIO_CACHE_DIR` names another (tests, and users who want it elsewhere); set
/// and empty, it turns the cache off.
pub fn cache_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    if let Some(dir) = std::env::var_os("FOLIO_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    Some(
        etcetera::choose_base_strategy()
            .ok()?
            .cache_dir()
            .join("folio"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::scan::{Report, scan_paths_cached};
    use std::sync::atomic::AtomicBool;

    fn scan(root: &Path, cache_dir: &Path) -> (Vec<Item>, usize) {
        let cache = MetaCache::open(cache_dir, &[root.to_path_buf()]);
        let reused = cache.known.lock().map_or(0, |known| known.len());
        let mut items = Vec::new();
        scan_paths_cached(
            &[root.to_path_buf()],
            1 << 20,
            Some(&cache),
            &AtomicBool::new(false),
            &mut |r| {
                if let Report::Batch(batch) = r {
                    items.extend(batch);
                }
            },
        );
        cache.save().unwrap();
        (items, reused)
    }

    fn titles(items: &[Item]) -> Vec<String> {
        let mut titles: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Entry(e) => e.meta.title.clone(),
                Item::Problem(p) => format!("problem: {}", p.reason),
            })
            .collect();
        titles.sort();
        titles
    }

    #[test]
    fn a_gzipped_file_is_known_by_its_bytes_before_and_after_the_cache() {
        use std::io::Write;
        let archive = tempfile::tempdir().unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        let root = archive.path();
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzip.write_all(b"Packed\n\nA body that expands.\n").unwrap();
        std::fs::write(root.join("packed.txt"), gzip.finish().unwrap()).unwrap();
        std::fs::write(root.join("plain.gz.txt"), "Plain\n\nBody.\n").unwrap();
        let compressed = |items: &[Item]| {
            let mut found: Vec<(String, bool)> = items
                .iter()
                .filter_map(|i| match i {
                    Item::Entry(e) => Some((e.meta.title.clone(), e.is_compressed())),
                    Item::Problem(_) => None,
                })
                .collect();
            found.sort();
            found
        };
        let expected = [("Packed".to_owned(), true), ("Plain".to_owned(), false)];
        let (first, _) = scan(root, cache_dir.path());
        assert_eq!(compressed(&first), expected);
        let (second, reused) = scan(root, cache_dir.path());
        assert_eq!(reused, 2);
        assert_eq!(compressed(&second), expected);
    }

    #[test]
    fn a_second_scan_reuses_changes_and_forgets() {
        let archive = tempfile::tempdir().unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        let root = archive.path();
        std::fs::write(root.join("a.txt"), "Alpha\n\nBody.\n").unwrap();
        std::fs::write(root.join("b.txt"), "Beta\n\nBody.\n").unwrap();
        std::fs::write(root.join("bad.json"), "{\"x\": 1}").unwrap();
        let (first, reused) = scan(root, cache_dir.path());
        assert_eq!(reused, 0);
        // A cached entry is the entry: same metadata, same identity.
        let (second, reused) = scan(root, cache_dir.path());
        assert_eq!(reused, 3);
        assert_eq!(first, second);
        std::fs::write(root.join("a.txt"), "Alpha again, longer\n\nBody.\n").unwrap();
        std::fs::remove_file(root.join("b.txt")).unwrap();
        std::fs::write(root.join("c.txt"), "Gamma\n\nBody.\n").unwrap();
        let (third, _) = scan(root, cache_dir.path());
        assert_eq!(
            titles(&third),
            [
                "Alpha again, longer",
                "Gamma",
                "problem: JSON without articles: no object with a title (title/headline/heading/name) or a body (body/text/content/article/maintext/articlebody/fulltext/full_text/content_html/content_text/body_html/html/story/description/summary/abstract/excerpt/lead/dek/standfirst)"
            ]
        );
        let (_, reused) = scan(root, cache_dir.path());
        assert_eq!(reused, 3, "the deleted file dropped out");
    }

    #[test]
    fn a_path_is_kept_under_one_key_whether_relative_or_absolute() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(key(Path::new("news/a.txt")), key(&cwd.join("news/a.txt")));
        assert_eq!(key(Path::new("./news/a.txt")), key(&cwd.join("news/a.txt")));
    }

    #[test]
    fn a_key_hashed_in_place_is_the_hash_of_the_key() {
        let cwd = std::env::current_dir().unwrap();
        let mut spellings: Vec<PathBuf> = [
            "news/a.txt",
            "./news/a.txt",
            "news//a.txt",
            "news/./a.txt",
            "news/",
            "../news/a.txt",
            "a",
            ".",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        spellings.push(cwd.join("news/a.txt"));
        #[cfg(unix)]
        spellings.push(PathBuf::from(
            <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b"news/\xff.txt"),
        ));
        for path in spellings {
            assert_eq!(key_hash_of(&path), key_hash(&key(&path)), "{path:?}");
        }
        assert_eq!(
            key_hash_of(Path::new("news/a.txt")),
            key_hash_of(&cwd.join("news/a.txt"))
        );
    }

    #[test]
    fn a_scan_that_finds_nothing_new_leaves_the_cache_file_alone() {
        let archive = tempfile::tempdir().unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        std::fs::write(archive.path().join("a.txt"), "Alpha\n\nBody.\n").unwrap();
        scan(archive.path(), cache_dir.path());
        let file = std::fs::read_dir(cache_dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        // Marked, so a rewrite would show.
        std::fs::write(
            &file,
            [std::fs::read(&file).unwrap(), b"!".to_vec()].concat(),
        )
        .unwrap();
        let marked = std::fs::read(&file).unwrap();
        let (_, reused) = scan(archive.path(), cache_dir.path());
        assert_eq!(reused, 1, "trailing bytes are ignored");
        assert_eq!(std::fs::read(&file).unwrap(), marked);
        std::fs::write(archive.path().join("b.txt"), "Beta\n\nBody.\n").unwrap();
        scan(archive.path(), cache_dir.path());
        assert_ne!(std::fs::read(&file).unwrap(), marked, "a new file is saved");
    }

    #[test]
    fn a_corrupt_cache_is_rebuilt() {
        let archive = tempfile::tempdir().unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        std::fs::write(archive.path().join("a.txt"), "Alpha\n\nBody.\n").unwrap();
        scan(archive.path(), cache_dir.path());
        for entry in std::fs::read_dir(cache_dir.path()).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        }
        let cache = MetaCache::open(cache_dir.path(), &[archive.path().to_path_buf()]);
        assert!(cache.discarded.is_some());
        let (items, reused) = scan(archive.path(), cache_dir.path());
        assert_eq!(reused, 0);
        assert_eq!(titles(&items), ["Alpha"]);
    }
}
