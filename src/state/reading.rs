//! Reading state: which articles are read or starred, where the reader left each
//! one, and for each archive the article last selected and the sort order. Articles
//! are known by the hash of their file's bytes and their place in the file, so a
//! moved or renamed file keeps its marks. Saving merges this process's changes into
//! what is on disk, under a lock, so two folio processes never undo each other.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::files;

/// The file, in the state directory.
pub const STATE_FILE: &str = "state.json";

/// The layout written; a file with a higher number is from a newer folio.
pub const STATE_VERSION: u32 = 1;

/// What identifies an article in the state: its file's content hash and its index
/// in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MarkKey {
    pub content_hash: u64,
    pub index: usize,
}

/// What is remembered of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub starred: bool,
    /// Where the reader was: a byte offset into the body (none: the top).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// Where the article was last seen, for people reading the file (lookups go by
    /// the hash).
    #[serde(default)]
    pub path: String,
}

impl Mark {
    /// Nothing worth keeping.
    fn is_blank(&self) -> bool {
        !self.read && !self.starred && self.position.is_none()
    }
}

/// What is remembered of one archive (the set of paths folio was opened on).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveMemory {
    /// The article that was selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<ArticleRef>,
    /// The sort order's name (`SortOrder::name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
}

/// An article named in the file: hash (hex) and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRef {
    #[serde(with = "hex")]
    pub hash: u64,
    pub index: usize,
}

impl From<ArticleRef> for MarkKey {
    fn from(r: ArticleRef) -> MarkKey {
        MarkKey {
            content_hash: r.hash,
            index: r.index,
        }
    }
}

impl From<MarkKey> for ArticleRef {
    fn from(key: MarkKey) -> ArticleRef {
        ArticleRef {
            hash: key.content_hash,
            index: key.index,
        }
    }
}

/// One article's line in the file.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    #[serde(flatten)]
    article: ArticleRef,
    #[serde(flatten)]
    mark: Mark,
}

/// The file as written.
#[derive(Debug, Serialize, Deserialize)]
struct StateFile {
    version: u32,
    #[serde(default)]
    articles: Vec<Record>,
    #[serde(default)]
    archives: BTreeMap<String, ArchiveMemory>,
}

/// Changes made since the last save, to be merged into the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub marks: Vec<(MarkKey, Mark)>,
    pub archives: Vec<(String, ArchiveMemory)>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty() && self.archives.is_empty()
    }
}

/// The reading state in memory, and what changed since it was last saved.
#[derive(Debug, Default)]
pub struct ReadingState {
    marks: HashMap<MarkKey, Mark>,
    archives: HashMap<String, ArchiveMemory>,
    changed_marks: HashSet<MarkKey>,
    changed_archives: HashSet<String>,
}

impl ReadingState {
    /// Reads the state from `dir`. A missing file is a clean start; one that cannot
    /// be read, or that a newer folio wrote, is set aside (never overwritten) and
    /// the warning returned.
    pub fn load(dir: &Path) -> (ReadingState, Option<String>) {
        let path = dir.join(STATE_FILE);
        match read_file(&path) {
            Ok(Some(file)) => (ReadingState::from_file(file), None),
            Ok(None) => (ReadingState::default(), None),
            Err(reason) => (
                ReadingState::default(),
                Some(set_aside_warning(&path, "reading state", &reason)),
            ),
        }
    }

    /// Reads the state without changing anything on disk (for `--json`): a file
    /// that cannot be read is the same as none.
    pub fn peek(dir: &Path) -> ReadingState {
        match read_file(&dir.join(STATE_FILE)) {
            Ok(Some(file)) => ReadingState::from_file(file),
            _ => ReadingState::default(),
        }
    }

    fn from_file(file: StateFile) -> ReadingState {
        ReadingState {
            marks: file
                .articles
                .into_iter()
                .map(|r| (MarkKey::from(r.article), r.mark))
                .collect(),
            archives: file.archives.into_iter().collect(),
            ..ReadingState::default()
        }
    }

    /// What is remembered of an article.
    pub fn mark(&self, key: MarkKey) -> Option<&Mark> {
        self.marks.get(&key)
    }

    /// Changes what is remembered of an article (seen at `path`).
    pub fn update(&mut self, key: MarkKey, path: &str, change: impl FnOnce(&mut Mark)) {
        let mark = self.marks.entry(key).or_default();
        let before = (mark.read, mark.starred, mark.position);
        change(mark);
        // Only a change the user made counts: a save replaces the article's whole
        // record on disk, so a record rewritten for nothing would undo another
        // process's marks. (The path goes along with the next real change.)
        if (mark.read, mark.starred, mark.position) != before {
            if mark.path != path {
                path.clone_into(&mut mark.path);
            }
            self.changed_marks.insert(key);
        }
    }

    /// What is remembered of an archive.
    pub fn archive(&self, name: &str) -> Option<&ArchiveMemory> {
        self.archives.get(name)
    }

    /// Remembers the selection and sort order of an archive.
    pub fn set_archive(&mut self, name: &str, memory: ArchiveMemory) {
        if self.archives.get(name) != Some(&memory) {
            self.archives.insert(name.to_owned(), memory);
            self.changed_archives.insert(name.to_owned());
        }
    }

    /// True when something changed since the last `take_changes`.
    pub fn has_changes(&self) -> bool {
        !self.changed_marks.is_empty() || !self.changed_archives.is_empty()
    }

    /// The changes since the last call, for `save`.
    pub fn take_changes(&mut self) -> Changes {
        let mut marks: Vec<(MarkKey, Mark)> = self
            .changed_marks
            .drain()
            .map(|key| (key, self.marks.get(&key).cloned().unwrap_or_default()))
            .collect();
        marks.sort_by_key(|(key, _)| *key);
        let mut archives: Vec<(String, ArchiveMemory)> = self
            .changed_archives
            .drain()
            .map(|name| {
                let memory = self.archives.get(&name).cloned().unwrap_or_default();
                (name, memory)
            })
            .collect();
        archives.sort_by(|a, b| a.0.cmp(&b.0));
        Changes { marks, archives }
    }
}

/// Merges `changes` into the state file in `dir`: under a lock, the file is read
/// again (another folio may have saved since), the changes applied over it, and
/// the result written atomically. A file that cannot be read is set aside first;
/// one from a newer folio is left alone and nothing is written.
pub fn save(dir: &Path, changes: &Changes) -> io::Result<Option<String>> {
    if changes.is_empty() {
        return Ok(None);
    }
    let path = dir.join(STATE_FILE);
    let _lock = files::Lock::acquire(&path)?;
    let mut warning = None;
    let mut state = match read_file(&path) {
        Ok(Some(file)) => ReadingState::from_file(file),
        Ok(None) => ReadingState::default(),
        Err(Unreadable::Newer(version)) => {
            return Err(io::Error::other(format!(
                "{} was written by a newer folio (version {version}); not changed",
                path.display()
            )));
        }
        Err(reason) => {
            warning = Some(set_aside_warning(&path, "reading state", &reason));
            ReadingState::default()
        }
    };
    for (key, mark) in &changes.marks {
        if mark.is_blank() {
            state.marks.remove(key);
        } else {
            state.marks.insert(*key, mark.clone());
        }
    }
    for (name, memory) in &changes.archives {
        state.archives.insert(name.clone(), memory.clone());
    }
    let mut articles: Vec<Record> = state
        .marks
        .into_iter()
        .map(|(key, mark)| Record {
            article: key.into(),
            mark,
        })
        .collect();
    articles.sort_by_key(|r| (r.article.hash, r.article.index));
    let file = StateFile {
        version: STATE_VERSION,
        articles,
        archives: state.archives.into_iter().collect(),
    };
    let json = serde_json::to_vec(&file).map_err(io::Error::other)?;
    files::write_atomically(&path, &json)?;
    Ok(warning)
}

/// Why a state file was not used.
enum Unreadable {
    Io(io::Error),
    Corrupt(String),
    Newer(u32),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Io(error) => write!(f, "{error}"),
            Unreadable::Corrupt(reason) => write!(f, "corrupt: {reason}"),
            Unreadable::Newer(version) => {
                write!(f, "written by a newer folio (version {version})")
            }
        }
    }
}

fn read_file(path: &Path) -> Result<Option<StateFile>, Unreadable> {
    /// The version is read first, so a newer layout is recognised as newer, not
    /// corrupt.
    #[derive(Deserialize)]
    struct Version {
        version: u32,
    }
    let Some(bytes) = files::read_if_exists(path).map_err(Unreadable::Io)? else {
        return Ok(None);
    };
    let version = serde_json::from_slice::<Version>(&bytes)
        .map_err(|e| Unreadable::Corrupt(e.to_string()))?
        .version;
    if version > STATE_VERSION {
        return Err(Unreadable::Newer(version));
    }
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| Unreadable::Corrupt(e.to_string()))
}

/// Sets an unreadable file aside and says so. An I/O error (a directory in the
/// way, no permission) leaves the path alone: there is nothing to rescue.
fn set_aside_warning(path: &Path, what: &str, reason: &Unreadable) -> String {
    if let Unreadable::Io(error) = reason {
        return format!("{what} not read from {}: {error}", path.display());
    }
    match files::set_aside(path) {
        Ok(aside) => format!(
            "{what} {reason}; kept as {} and starting afresh",
            aside.display()
        ),
        Err(error) => format!("{what} {reason}; could not set it aside: {error}"),
    }
}

/// Hashes written as 16 hex digits: readable, and safe from JSON readers that
/// turn large integers into floats.
mod hex {
    use serde::{Deserialize, Deserializer, Serializer};

    // serde's `with` passes a reference.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    pub fn serialize<S: Serializer>(value: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{value:016x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        let text = String::deserialize(deserializer)?;
        u64::from_str_radix(&text, 16).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u64) -> MarkKey {
        MarkKey {
            content_hash: n,
            index: 0,
        }
    }

    #[test]
    fn marks_and_archives_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = ReadingState::default();
        state.update(key(1), "a.txt", |m| m.read = true);
        state.update(key(u64::MAX), "b.txt", |m| {
            m.starred = true;
            m.position = Some(1234);
        });
        let memory = ArchiveMemory {
            selected: Some(key(1).into()),
            sort: Some("title".into()),
        };
        state.set_archive("/news", memory.clone());
        assert_eq!(save(dir.path(), &state.take_changes()).unwrap(), None);
        assert!(!state.has_changes());

        let (loaded, warning) = ReadingState::load(dir.path());
        assert_eq!(warning, None);
        assert!(loaded.mark(key(1)).unwrap().read);
        let b = loaded.mark(key(u64::MAX)).unwrap();
        assert!(b.starred && !b.read);
        assert_eq!(b.position, Some(1234));
        assert_eq!(b.path, "b.txt");
        assert_eq!(loaded.archive("/news"), Some(&memory));
    }

    #[test]
    fn saves_merge_with_another_process() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = ReadingState::default();
        let mut second = ReadingState::default();
        first.update(key(1), "a", |m| m.read = true);
        second.update(key(2), "b", |m| m.starred = true);
        save(dir.path(), &first.take_changes()).unwrap();
        save(dir.path(), &second.take_changes()).unwrap();
        // Unstarring in the first process removes only that one article's record.
        first.update(key(1), "a", |m| m.read = false);
        save(dir.path(), &first.take_changes()).unwrap();
        let (loaded, _) = ReadingState::load(dir.path());
        assert!(loaded.mark(key(1)).is_none());
        assert!(loaded.mark(key(2)).unwrap().starred);
    }

    #[test]
    fn corrupt_state_is_set_aside_and_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STATE_FILE);
        std::fs::write(&path, b"\xff\xfe not json").unwrap();
        let (state, warning) = ReadingState::load(dir.path());
        assert!(state.mark(key(1)).is_none());
        let warning = warning.unwrap();
        assert!(warning.contains("corrupt"), "{warning}");
        assert_eq!(
            std::fs::read(dir.path().join("state.json.corrupt")).unwrap(),
            b"\xff\xfe not json"
        );
        // A second corruption keeps the first copy.
        std::fs::write(&path, b"{").unwrap();
        let (_, warning) = ReadingState::load(dir.path());
        assert!(warning.unwrap().contains("state.json.corrupt.2"));
        assert!(dir.path().join("state.json.corrupt").exists());
    }

    #[test]
    fn a_newer_file_is_set_aside_on_load_and_never_overwritten_by_a_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STATE_FILE);
        let newer = br#"{"version": 99, "articles": "a new layout"}"#;
        std::fs::write(&path, newer).unwrap();
        let mut changes = ReadingState::default();
        changes.update(key(1), "a", |m| m.read = true);
        assert!(save(dir.path(), &changes.take_changes()).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), newer);
        let (_, warning) = ReadingState::load(dir.path());
        assert!(warning.unwrap().contains("newer folio"));
        assert!(!path.exists());
    }

    #[test]
    fn unchanged_updates_are_not_changes() {
        let mut state = ReadingState::default();
        state.update(key(1), "", |_| {});
        assert!(!state.has_changes());
    }
}
