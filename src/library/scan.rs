//! Finding and reading the articles under the paths folio was given.
//!
//! Directories are walked recursively (hidden folders and files skipped); files are
//! read and parsed in parallel chunks and reported in order through a callback, so the
//! caller can stream them into the list (the app) or collect them (the CLI modes).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::cache::{MetaCache, Stamp};
use super::{Bytes, Entry, Origin, Problem};
use crate::sanitize::sanitize_line;
use crate::source::{self, SourceError};

/// One result of the scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Entry(Entry),
    Problem(Problem),
}

/// How far a scan has got.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Candidate files read so far.
    pub files_read: usize,
    /// Files passed over because of their extension (not counted as problems).
    pub files_ignored: usize,
    /// Directories walked.
    pub folders: usize,
    /// True once every path has been read.
    pub done: bool,
    /// The paths the scan was given, for the empty state.
    pub roots: Vec<String>,
}

/// What a scan reports through its callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// Articles and problems, in path order.
    Batch(Vec<Item>),
    /// Progress after each batch, and once more at the end with `done` set.
    Progress(Progress),
}

/// Files per parallel chunk; the first chunk is small so the first rows appear at once.
const FIRST_CHUNK: usize = 48;
const CHUNK: usize = 512;

/// Scans `paths`, calling `report` with batches in order. Stops early when `cancel`
/// becomes true.
pub fn scan_paths(
    paths: &[PathBuf],
    cap: u64,
    cancel: &AtomicBool,
    report: &mut dyn FnMut(Report),
) {
    scan_paths_cached(paths, cap, None, cancel, report);
}

/// The same, taking what `cache` knows of unchanged files and recording what it
/// reads (the caller saves the cache).
///
/// The walk runs on a thread of its own, a chunk of paths ahead of the reading:
/// at 100,000 files it takes 80 ms, which used to alternate with the reading
/// instead of overlapping it.
pub fn scan_paths_cached(
    paths: &[PathBuf],
    cap: u64,
    cache: Option<&MetaCache>,
    cancel: &AtomicBool,
    report: &mut dyn FnMut(Report),
) {
    let mut progress = Progress {
        roots: paths
            .iter()
            .map(|p| sanitize_line(&p.to_string_lossy()))
            .collect(),
        ..Progress::default()
    };
    std::thread::scope(|scope| {
        // Two chunks ahead at most, so a slow reader does not pile up paths.
        let (sender, chunks) = std::sync::mpsc::sync_channel(2);
        scope.spawn(move || walk(paths, cancel, &sender));
        for chunk in chunks {
            if cancel.load(Ordering::Relaxed) {
                // Dropping the receiver stops the walk at its next chunk.
                return;
            }
            let Walked {
                mut items,
                files,
                folders,
                files_ignored,
            } = chunk;
            items.extend(
                files
                    .par_iter()
                    .map(|file| read_path(file, cap, cache))
                    .collect::<Vec<Vec<Item>>>()
                    .into_iter()
                    .flatten(),
            );
            progress.files_read += files.len();
            progress.folders = folders;
            progress.files_ignored = files_ignored;
            if !items.is_empty() {
                report(Report::Batch(items));
            }
            report(Report::Progress(progress.clone()));
        }
        if !cancel.load(Ordering::Relaxed) {
            progress.done = true;
            report(Report::Progress(progress));
        }
    });
}

/// A chunk of the walk: the files to read, what went wrong before them, and the
/// walk's counts so far.
struct Walked {
    items: Vec<Item>,
    files: Vec<FileFound>,
    folders: usize,
    files_ignored: usize,
}

/// A file to read, with its directory open where the system allows (see
/// `Stamp::of_in`).
struct FileFound {
    path: PathBuf,
    dir: Option<Arc<std::fs::File>>,
}

/// The directory the walk is in, open, so the files in it are looked at
/// relative to it.
struct OpenDir {
    path: PathBuf,
    dir: Option<Arc<std::fs::File>>,
    /// Directories this chunk may still open. A chunk's files hold their
    /// directories open until read, and a tree of one file a directory would
    /// otherwise hold hundreds of descriptors a chunk, which the reading of
    /// files needs too; past the budget, files are looked at by path.
    budget: usize,
}

impl OpenDir {
    /// Directories open at most per chunk of the walk.
    const PER_CHUNK: usize = 16;

    fn new() -> OpenDir {
        OpenDir {
            path: PathBuf::new(),
            dir: None,
            budget: OpenDir::PER_CHUNK,
        }
    }

    /// The open directory holding `file`: the one already open, or its own.
    fn of(&mut self, file: &Path) -> Option<Arc<std::fs::File>> {
        if !cfg!(unix) {
            return None;
        }
        let parent = file.parent()?;
        if parent != self.path {
            parent.clone_into(&mut self.path);
            self.dir = None;
            if self.budget > 0 {
                self.budget -= 1;
                self.dir = std::fs::File::open(parent).ok().map(Arc::new);
            }
        }
        self.dir.clone()
    }

    /// A new chunk begins: the directory open stays (it is counted again).
    fn next_chunk(&mut self) {
        self.budget = OpenDir::PER_CHUNK - usize::from(self.dir.is_some());
    }
}

/// Walks `paths` in order, sending chunks of files to read; a last chunk (maybe
/// empty) always ends the walk unless it was cancelled.
fn walk(paths: &[PathBuf], cancel: &AtomicBool, chunks: &std::sync::mpsc::SyncSender<Walked>) {
    let mut chunk = Walked {
        items: Vec::new(),
        files: Vec::new(),
        folders: 0,
        files_ignored: 0,
    };
    let mut chunk_size = FIRST_CHUNK;
    let mut open_dir = OpenDir::new();
    // Sends the chunk, keeping the counts; false when the reader has gone.
    let send = |chunk: &mut Walked| {
        let next = Walked {
            items: Vec::new(),
            files: Vec::with_capacity(CHUNK),
            ..*chunk
        };
        chunks.send(std::mem::replace(chunk, next)).is_ok()
    };
    for root in paths {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        match std::fs::metadata(root) {
            Err(error) => chunk
                .items
                .push(Item::Problem(problem(root, &SourceError::Io(error)))),
            Ok(meta) if meta.is_dir() => {
                let walker = walkdir::WalkDir::new(root)
                    .follow_links(true)
                    // By name. Entries sorted together are siblings, whose paths
                    // share their parent's bytes, so comparing whole paths orders
                    // them as their names would, without taking each path apart
                    // to find its name on every comparison (`sort_by_file_name`
                    // does: 5% of a cached start at 100,000 files).
                    .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
                    .into_iter()
                    .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
                for found in walker {
                    if cancel.load(Ordering::Relaxed) {
                        return;
                    }
                    match found {
                        Ok(e) if e.file_type().is_dir() => chunk.folders += 1,
                        // A FIFO, socket or device with an article's name is
                        // read too: opening it never blocks (see
                        // `source::read_capped`), and it gets a clear reason.
                        Ok(e) if is_article_path(e.path()) => {
                            let dir = open_dir.of(e.path());
                            chunk.files.push(FileFound {
                                path: e.into_path(),
                                dir,
                            });
                        }
                        Ok(_) => chunk.files_ignored += 1,
                        Err(error) => chunk.items.push(Item::Problem(walk_problem(&error, root))),
                    }
                    if chunk.files.len() >= chunk_size {
                        if !send(&mut chunk) {
                            return;
                        }
                        open_dir.next_chunk();
                        // After the first screenful, bigger chunks keep the overhead low.
                        chunk_size = CHUNK;
                    }
                }
            }
            Ok(_) => chunk.files.push(FileFound {
                path: root.clone(),
                dir: None,
            }),
        }
    }
    send(&mut chunk);
}

/// What a directory the walk could not enter (or a link loop) is reported as.
fn walk_problem(error: &walkdir::Error, root: &Path) -> Problem {
    let path = error.path().unwrap_or(root).to_path_buf();
    // A loop's message names paths: make them safe to print.
    let reason = sanitize_line(
        &error
            .io_error()
            .map_or_else(|| error.to_string(), source::io_reason),
    );
    Problem {
        path: sanitize_line(&path.to_string_lossy()),
        raw_path: path.to_string_lossy().into_owned(),
        reason,
        skipped: true,
    }
}

/// Scans in-memory articles (the built-in samples, standard input).
pub fn scan_memory(items: Vec<(Arc<str>, Bytes)>, cap: u64) -> Vec<Item> {
    items
        .into_iter()
        .flat_map(|(name, bytes)| read_origin(&Origin::memory(name, bytes), cap))
        .collect()
}

/// Reads one file, or takes it from the cache when it has not changed.
fn read_path(file: &FileFound, cap: u64, cache: Option<&MetaCache>) -> Vec<Item> {
    let path: &Path = &file.path;
    let stamp = cache.and_then(|_| stamp(file));
    if let (Some(cache), Some(stamp)) = (cache, stamp) {
        if let Some(items) = cache.lookup(path, stamp) {
            return items;
        }
        let items = read_origin(&Origin::File(Arc::from(path)), cap);
        cache.record(path, stamp, &items);
        return items;
    }
    read_origin(&Origin::File(Arc::from(path)), cap)
}

/// A file's stamp, read relative to its open directory where there is one.
fn stamp(file: &FileFound) -> Option<Stamp> {
    #[cfg(unix)]
    if let (Some(dir), Some(name)) = (&file.dir, file.path.file_name()) {
        return Stamp::of_in(dir, name);
    }
    Stamp::of(&file.path)
}

/// Reads one file (or in-memory text) into an entry per article it holds.
fn read_origin(origin: &Origin, cap: u64) -> Vec<Item> {
    match crate::guard::contain(|| super::read_entries(origin, cap)) {
        Ok(Ok(entries)) => entries.into_iter().map(Item::Entry).collect(),
        Ok(Err(error)) => vec![Item::Problem(origin_problem(origin, &error.to_string()))],
        Err(panic) => vec![Item::Problem(origin_problem(origin, &panic))],
    }
}

fn origin_problem(origin: &Origin, reason: &str) -> Problem {
    Problem {
        path: origin.display(),
        raw_path: origin.path_string(),
        reason: sanitize_line(reason),
        skipped: true,
    }
}

fn problem(path: &Path, error: &SourceError) -> Problem {
    origin_problem(&Origin::File(Arc::from(path)), &error.to_string())
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Inside directories, folio reads the extensions of the formats it knows (see
/// `detect::EXTENSIONS`, also gzipped) and files without an extension; files named
/// on the command line are read whatever their extension.
fn is_article_path(path: &Path) -> bool {
    path.file_name().is_some_and(|name| {
        !is_hidden(name) && crate::article::detect::is_article_name(&name.to_string_lossy())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(paths: &[PathBuf]) -> (Vec<Item>, Progress) {
        let mut items = Vec::new();
        let mut last = Progress::default();
        scan_paths(
            paths,
            1 << 20,
            &AtomicBool::new(false),
            &mut |report| match report {
                Report::Batch(batch) => items.extend(batch),
                Report::Progress(p) => last = p,
            },
        );
        (items, last)
    }

    /// The titles of the articles scanned, in scan order.
    fn titles(items: &[Item]) -> Vec<&str> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Entry(e) => Some(e.meta.title.as_str()),
                Item::Problem(_) => None,
            })
            .collect()
    }

    #[test]
    fn walks_directories_skipping_hidden_and_other_extensions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(root.join(".hidden")).unwrap();
        std::fs::write(root.join("a.txt"), "A title\n\nBody.\n").unwrap();
        std::fs::write(root.join("sub/b"), "B title\n\nBody.\n").unwrap();
        std::fs::write(root.join("sub/c.TEXT"), "C title\n\nBody.\n").unwrap();
        std::fs::write(root.join(".hidden/d.txt"), "D\n\nBody.\n").unwrap();
        std::fs::write(root.join(".e.txt"), "E\n\nBody.\n").unwrap();
        std::fs::write(root.join("photo.jpg"), [0xff, 0xd8, 0xff]).unwrap();
        std::fs::write(root.join("bin"), [0u8; 100]).unwrap();

        let (items, progress) = scan(&[root.to_path_buf()]);
        assert_eq!(titles(&items), ["A title", "B title", "C title"]);
        let problems: Vec<&Problem> = items
            .iter()
            .filter_map(|i| match i {
                Item::Problem(p) => Some(p),
                Item::Entry(_) => None,
            })
            .collect();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].path.ends_with("bin"));
        assert_eq!(problems[0].reason, "binary file (NUL bytes), not text");
        assert!(progress.done);
        assert_eq!(progress.files_read, 4);
        assert_eq!(progress.files_ignored, 1);
    }

    #[test]
    fn files_are_read_in_the_order_of_their_names() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        // Created out of order, so the directory's own order is not the answer.
        for name in ["b9.txt", "a.txt", "b10.txt", "a/z.txt", "B.txt", "ab.txt"] {
            std::fs::write(root.join(name), format!("{name}\n\nBody.\n")).unwrap();
        }
        let (items, _) = scan(&[root.to_path_buf()]);
        assert_eq!(
            titles(&items),
            ["B.txt", "a/z.txt", "a.txt", "ab.txt", "b10.txt", "b9.txt"]
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_tree_of_one_file_a_directory_is_read_without_holding_every_directory_open() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("archive");
        for n in 0..600 {
            let folder = root.join(format!("{n:03}"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("a.txt"), format!("Title {n}\n\nBody.\n")).unwrap();
        }
        let cache = MetaCache::open(&dir.path().join("cache"), std::slice::from_ref(&root));
        let open = || std::fs::read_dir("/proc/self/fd").map_or(0, Iterator::count);
        let before = open();
        let (mut most, mut articles) = (0, 0);
        scan_paths_cached(
            &[root],
            1 << 20,
            Some(&cache),
            &AtomicBool::new(false),
            &mut |report| {
                most = most.max(open());
                if let Report::Batch(batch) = report {
                    articles += batch.len();
                }
            },
        );
        assert_eq!(articles, 600);
        // A chunk is 512 files; each chunk opens 16 directories at most.
        assert!(
            most < before + 100,
            "{before} open before, {most} while scanning"
        );
    }

    #[test]
    fn missing_paths_are_problems() {
        let (items, progress) = scan(&[PathBuf::from("/nonexistent/folio")]);
        assert!(
            matches!(&items[..], [Item::Problem(p)] if p.reason == "No such file or directory")
        );
        assert!(progress.done);
    }

    #[test]
    fn cancel_stops_the_scan() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "A\n\nB\n").unwrap();
        let mut reports = 0;
        scan_paths(
            &[dir.path().to_path_buf()],
            1 << 20,
            &AtomicBool::new(true),
            &mut |_| reports += 1,
        );
        assert_eq!(reports, 0);
    }
}
