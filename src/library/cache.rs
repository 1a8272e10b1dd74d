//! The metadata cache: what the scan found in every file, kept between runs in
//! the XDG cache directory, so a second start of the same archive re-reads only new
//! and changed files.
//!
//! One file per set of scan roots, in postcard: a header, then for each file the
//! hash of its absolute path, its stamp and article count, and what the scan made
//! of it as postcard bytes of their own. Opening the cache reads only hashes and
//! stamps; a file's outcome is decoded by the scan's workers when the file is
//! found unchanged. A file's entry is trusted only when its size and modification
//! time match and the cache was written by this parser version; anything
//! unreadable (truncated, corrupt, foreign, older) is ignored and rebuilt. A save
//! writes a temporary file and renames it over the old one, so a reader never sees
//! half a cache, and two folio processes at once only race to be the last complete
//! writer.

use std::collections::HashMap;
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

/// The first bytes of every cache file (`folio-mc` was the layout with every
/// outcome decoded on opening).
const MAGIC: [u8; 8] = *b"folio-m2";

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
    /// The stamp of the file named `name` in the open directory `dir`: read
    /// relative to it, the kernel does not walk the whole path again (path
    /// lookups were an eighth of a cached start at 100,000 files).
    #[cfg(unix)]
    pub fn of_in(dir: &std::fs::File, name: &std::ffi::OsStr) -> Option<Stamp> {
        let stat = rustix::fs::statat(dir, name, rustix::fs::AtFlags::empty()).ok()?;
        Some(Stamp {
            size: u64::try_from(stat.st_size).ok()?,
            modified_s: u64::try_from(stat.st_mtime).ok()?,
            modified_ns: u32::try_from(stat.st_mtime_nsec).ok()?,
        })
    }

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

/// The cache for one scan: what the last run knew, and what this run found.
#[derive(Debug)]
pub struct MetaCache {
    file: PathBuf,
    /// The cache file as read, which each unchanged file's outcome is decoded
    /// from, and which `save` copies unchanged files' outcomes from.
    bytes: Vec<u8>,
    /// Where each file's outcome lies in `bytes`. The place is taken out when
    /// the file is found unchanged, leaving its stamp to say so when saving.
    known: Mutex<Known>,
    /// How many articles the files in `known` hold.
    articles: usize,
    /// Files read afresh.
    found: Mutex<Fresh>,
    /// Something was read afresh, so the file on disk is out of date.
    changed: AtomicBool,
    /// Why the previous cache was not used, for a note.
    pub discarded: Option<String>,
}

/// What a cache file holds: the hash of each path's key, its stamp, and where
/// its outcome lies in the file (`None` once taken into the library).
type Known = HashMap<KeyHash, (Stamp, Option<Span>), ByHash>;

/// The files read afresh, written as cache records to a file of their own as
/// they are found, which `save` copies into the new cache. Kept in memory they
/// were 20 MB at the first run's peak at 100,000 files: a second copy of what
/// the library holds.
#[derive(Debug, Default)]
enum Fresh {
    /// Nothing read afresh yet.
    #[default]
    None,
    /// On Unix the file's name is removed at once (it lives on unnamed
    /// until closed, so a crash leaves nothing behind).
    Spilled {
        out: std::io::BufWriter<std::fs::File>,
        records: u64,
    },
    /// The file could not be written: this scan's cache is not saved.
    Failed,
}

impl Fresh {
    /// Adds one record, starting the file at `path()` if need be.
    fn push(&mut self, path: impl FnOnce() -> PathBuf, record: Record<'_>) {
        if let Fresh::None = self {
            *self = Fresh::start(&path()).unwrap_or(Fresh::Failed);
        }
        if let Fresh::Spilled { out, records } = self {
            match write_record(out, record) {
                Ok(()) => *records += 1,
                Err(_) => *self = Fresh::Failed,
            }
        }
    }

    fn start(path: &Path) -> std::io::Result<Fresh> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        if cfg!(unix) {
            let _ = std::fs::remove_file(path);
        }
        Ok(Fresh::Spilled {
            out: std::io::BufWriter::with_capacity(1 << 16, file),
            records: 0,
        })
    }
}

/// A stretch of the cache file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn of(self, bytes: &[u8]) -> Option<&[u8]> {
        let start = self.start as usize;
        bytes.get(start..start + self.len as usize)
    }
}

/// A cache file's header: magic, parser version, number of files.
type Header = ([u8; 8], u32, u64);

/// One file in a cache file, as read: the hash of its key (which is all the
/// cache looks files up by, so the path itself is not kept: it was 40% of the
/// file), stamp, article count, outcome.
type Record<'a> = (KeyHash, Stamp, u32, &'a [u8]);

/// Bytes written as postcard bytes (their length, then them), which read back
/// borrowed as `&[u8]`.
struct Blob<'a>(&'a [u8]);

impl Serialize for Blob<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

/// Writes one file's record as a cache file holds it.
fn write_record(out: &mut impl std::io::Write, record: Record<'_>) -> std::io::Result<()> {
    let (hash, stamp, articles, outcome) = record;
    postcard::to_io(&(hash, stamp, articles, Blob(outcome)), out)
        .map(drop)
        .map_err(std::io::Error::other)
}

/// Calls `each` with every file a cache file lists and where its outcome lies,
/// or says why the bytes are not a cache this folio wrote. Bytes after the last
/// file are ignored.
fn for_each_record(
    bytes: &[u8],
    mut each: impl FnMut(KeyHash, Stamp, u32, Span),
) -> Result<(), String> {
    let unreadable = |error: postcard::Error| format!("unreadable ({error})");
    if u32::try_from(bytes.len()).is_err() {
        return Err("over 4 GiB".to_owned());
    }
    let ((magic, version, count), mut rest) =
        postcard::take_from_bytes::<Header>(bytes).map_err(unreadable)?;
    if magic != MAGIC || version != PARSER_VERSION {
        return Err("written by another folio version".to_owned());
    }
    for _ in 0..count {
        let ((key, stamp, articles, outcome), after) =
            postcard::take_from_bytes::<Record>(rest).map_err(unreadable)?;
        // The outcome is the record's last part: it ends where the rest begins.
        let end = bytes.len() - after.len();
        each(
            key,
            stamp,
            articles,
            Span {
                start: (end - outcome.len()) as u32,
                len: outcome.len() as u32,
            },
        );
        rest = after;
    }
    Ok(())
}

/// A cache file's bytes, where each file's outcome lies in them, and how many
/// articles they hold; the error is why they cannot be used (`None` when there
/// is no file yet).
fn read_known(file: &Path) -> Result<(Vec<u8>, Known, usize), Option<String>> {
    let bytes = std::fs::read(file).map_err(|_| None)?;
    let mut known = Known::default();
    let mut articles = 0;
    for_each_record(&bytes, |hash, stamp, count, span| {
        known.insert(hash, (stamp, Some(span)));
        articles += count as usize;
    })
    .map_err(Some)?;
    Ok((bytes, known, articles))
}

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
        let ((bytes, known, articles), discarded) = match read_known(&file) {
            Ok(read) => (read, None),
            Err(reason) => ((Vec::new(), Known::default(), 0), reason),
        };
        MetaCache {
            file,
            bytes,
            known: Mutex::new(known),
            articles,
            found: Mutex::new(Fresh::None),
            changed: AtomicBool::new(false),
            discarded,
        }
    }

    /// How many articles the last scan found, to make room for them.
    pub fn articles_known(&self) -> usize {
        self.articles
    }

    /// The scan results for `path` if the cache holds them for this very file.
    pub fn lookup(&self, path: &Path, stamp: Stamp) -> Option<Vec<Item>> {
        let hash = key_hash_of(path);
        let span = {
            let mut known = self.known.lock().ok()?;
            let (known_stamp, span) = known.get_mut(&hash)?;
            if *known_stamp != stamp {
                // Changed: read again, and recorded afresh.
                known.remove(&hash);
                return None;
            }
            span.take()?
        };
        let Some(outcome) = span
            .of(&self.bytes)
            .and_then(|bytes| postcard::from_bytes::<Outcome>(bytes).ok())
        else {
            // Not what this folio writes after all: read again, recorded afresh.
            if let Ok(mut known) = self.known.lock() {
                known.remove(&hash);
            }
            return None;
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
                            notes: cached.notes.into_boxed_slice(),
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
                        notes: e.notes.to_vec(),
                    })
                    .collect(),
            }
        };
        let articles = match &outcome {
            Outcome::Articles { articles, .. } => articles.len() as u32,
            Outcome::Failed(_) => 0,
        };
        let Ok(bytes) = postcard::to_stdvec(&outcome) else {
            return;
        };
        let hash = key_hash_of(path);
        if let Ok(mut found) = self.found.lock() {
            found.push(|| self.temp_path("fresh"), (hash, stamp, articles, &bytes));
        }
        self.changed.store(true, Ordering::Relaxed);
    }

    /// Writes what this scan found (files no longer there drop out), atomically.
    /// When every file was found unchanged and none is gone, the file on disk
    /// already says all of it and is left alone.
    pub fn save(&self) -> std::io::Result<()> {
        let (Ok(mut found), Ok(known)) = (self.found.lock(), self.known.lock()) else {
            return Ok(());
        };
        // Files the scan never looked up are no longer there.
        let gone = known.values().any(|(_, span)| span.is_some());
        if !gone && !self.changed.load(Ordering::Relaxed) && self.discarded.is_none() {
            return Ok(());
        }
        let (spill, fresh) = match std::mem::take(&mut *found) {
            Fresh::None => (None, 0),
            Fresh::Spilled { out, records } => (Some(out), records),
            Fresh::Failed => return Err(std::io::Error::other("the new entries were not kept")),
        };
        // Unchanged files keep their outcomes from the file read at the start.
        let kept = |each: &mut dyn FnMut(Record)| {
            let _ = for_each_record(&self.bytes, |hash, stamp, articles, span| {
                let kept = known
                    .get(&hash)
                    .is_some_and(|(known, span)| span.is_none() && *known == stamp);
                if let (true, Some(outcome)) = (kept, span.of(&self.bytes)) {
                    each((hash, stamp, articles, outcome));
                }
            });
        };
        // Counted first, for the header, and then written.
        let mut count = fresh;
        kept(&mut |_| count += 1);
        let dir = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let temp = self.temp_path("tmp");
        let written = (|| {
            let mut out = std::io::BufWriter::with_capacity(1 << 18, std::fs::File::create(&temp)?);
            let header: Header = (MAGIC, PARSER_VERSION, count);
            postcard::to_io(&header, &mut out).map_err(std::io::Error::other)?;
            if let Some(spill) = spill {
                let mut spill = spill
                    .into_inner()
                    .map_err(std::io::IntoInnerError::into_error)?;
                std::io::Seek::rewind(&mut spill)?;
                std::io::copy(&mut spill, &mut out)?;
            }
            // The rest record by record: the whole file put together first
            // was 8 MB at 100,000 files, on top of the library.
            let mut failed = Ok(());
            kept(&mut |record| {
                if failed.is_ok() {
                    failed = write_record(&mut out, record);
                }
            });
            failed?;
            let out = out
                .into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            out.sync_all()?;
            std::fs::rename(&temp, &self.file)
        })();
        self.remove_spill();
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
    }

    /// A file of this process's own beside the cache file, so two folios
    /// never write one file.
    fn temp_path(&self, kind: &str) -> PathBuf {
        let dir = self.file.parent().unwrap_or(Path::new("."));
        dir.join(format!(
            ".{}.{}.{kind}",
            self.file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ))
    }

    /// Removes the file of fresh records where the system kept its name.
    fn remove_spill(&self) {
        if !cfg!(unix) {
            let _ = std::fs::remove_file(self.temp_path("fresh"));
        }
    }
}

impl Drop for MetaCache {
    fn drop(&mut self) {
        // Closed first: Windows removes no file that is open.
        if let Ok(found) = self.found.get_mut() {
            *found = Fresh::None;
        }
        self.remove_spill();
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

    #[cfg(unix)]
    #[test]
    fn a_stamp_read_in_an_open_directory_is_the_stamp_of_the_path() {
        let archive = tempfile::tempdir().unwrap();
        let file = archive.path().join("a.txt");
        std::fs::write(&file, "A title\n\nA body of some length.\n").unwrap();
        // A modification time with nanoseconds, as most filesystems keep.
        let when = std::time::UNIX_EPOCH + std::time::Duration::new(1_700_000_000, 123_456_789);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(when)
            .unwrap();
        std::os::unix::fs::symlink(&file, archive.path().join("link.txt")).unwrap();
        let dir = std::fs::File::open(archive.path()).unwrap();
        for name in ["a.txt", "link.txt"] {
            let stamp = Stamp::of_in(&dir, name.as_ref()).unwrap();
            assert_eq!(Some(stamp), Stamp::of(&archive.path().join(name)), "{name}");
            assert_eq!(
                (stamp.size, stamp.modified_s, stamp.modified_ns),
                (32, 1_700_000_000, 123_456_789)
            );
        }
        assert_eq!(Stamp::of_in(&dir, "gone.txt".as_ref()), None);
    }

    #[test]
    fn what_a_scan_reads_afresh_leaves_no_file_behind_but_the_cache() {
        let archive = tempfile::tempdir().unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        let root = archive.path();
        for name in ["a", "b", "c"] {
            std::fs::write(
                root.join(format!("{name}.txt")),
                format!("{name}\n\nBody.\n"),
            )
            .unwrap();
        }
        let files = || {
            let mut names: Vec<String> = std::fs::read_dir(cache_dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        // A scan cut short is never saved: what it read goes with it.
        {
            let cache = MetaCache::open(cache_dir.path(), &[root.to_path_buf()]);
            scan_paths_cached(
                &[root.to_path_buf()],
                1 << 20,
                Some(&cache),
                &AtomicBool::new(false),
                &mut |_| {},
            );
        }
        assert_eq!(files(), Vec::<String>::new());
        let (_, reused) = scan(root, cache_dir.path());
        assert_eq!(reused, 0);
        let saved = files();
        assert!(
            matches!(&saved[..], [name] if name.starts_with("meta-")),
            "{saved:?}"
        );
        // The records written aside while scanning are all in the cache.
        let (items, reused) = scan(root, cache_dir.path());
        assert_eq!(reused, 3);
        assert_eq!(titles(&items), ["a", "b", "c"]);
        assert_eq!(files(), saved);
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
    fn a_file_whose_cached_outcome_cannot_be_read_is_read_again() {
        let archive = tempfile::tempdir().unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        let root = archive.path().to_path_buf();
        let file = root.join("a.txt");
        std::fs::write(&file, "Alpha\n\nBody.\n").unwrap();
        // A well-framed cache file whose one outcome is not an outcome.
        let header: Header = (MAGIC, PARSER_VERSION, 1);
        let mut bytes = postcard::to_stdvec(&header).unwrap();
        let record = (
            key_hash(&key(&file)),
            Stamp::of(&file).unwrap(),
            1u32,
            Blob(&[0xff; 3]),
        );
        bytes = postcard::to_extend(&record, bytes).unwrap();
        std::fs::write(
            cache_dir.path().join(format!(
                "meta-{:016x}.postcard",
                roots_id(std::slice::from_ref(&root))
            )),
            bytes,
        )
        .unwrap();
        let (items, reused) = scan(&root, cache_dir.path());
        assert_eq!(reused, 1, "the cache file was read");
        assert_eq!(titles(&items), ["Alpha"]);
        // Saved once, with the outcome read afresh in place of the bad one.
        let (again, _) = scan(&root, cache_dir.path());
        assert_eq!(again, items);
        let cache = MetaCache::open(cache_dir.path(), std::slice::from_ref(&root));
        let span = cache
            .known
            .lock()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .1
            .unwrap();
        assert!(postcard::from_bytes::<Outcome>(span.of(&cache.bytes).unwrap()).is_ok());
        assert_eq!(cache.known.lock().unwrap().len(), 1);
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
