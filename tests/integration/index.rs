//! The full-text index: `--index` builds and updates it, `--search` answers from
//! it when it covers the archive, and falls back to reading the files otherwise.

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

/// An archive and a cache directory of its own.
struct Archive {
    files: TempDir,
    cache: TempDir,
}

impl Archive {
    fn new(articles: &[(&str, &str)]) -> Archive {
        let archive = Archive {
            files: tempfile::tempdir().expect("archive"),
            cache: tempfile::tempdir().expect("cache"),
        };
        for (name, text) in articles {
            archive.write(name, text);
        }
        archive
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.files.path().join(name), text).expect("article");
    }

    fn folio(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
        command
            .env("FOLIO_CACHE_DIR", self.cache.path())
            .env("XDG_STATE_HOME", self.cache.path().join("state"))
            .env_remove("NO_COLOR")
            .arg(self.files.path());
        command
    }

    /// `--index`: what it said on stderr.
    fn index(&self) -> String {
        let output = self
            .folio()
            .arg("--index")
            .assert()
            .success()
            .get_output()
            .clone();
        String::from_utf8(output.stderr).expect("UTF-8")
    }

    /// `--search QUERY`: the file names of the hits with their counts, by name.
    fn search(&self, query: &str) -> Vec<(usize, String)> {
        let output = self
            .folio()
            .args(["--search", query])
            .assert()
            .success()
            .get_output()
            .clone();
        String::from_utf8(output.stdout)
            .expect("UTF-8")
            .lines()
            .map(|line| {
                let fields: Vec<&str> = line.split('\t').collect();
                let name = Path::new(fields[2])
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (name, fields[0].parse::<usize>().expect("count"))
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|(name, count)| (count, name))
            .collect()
    }

    fn index_dir(&self) -> std::path::PathBuf {
        std::fs::read_dir(self.cache.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("index-")
            })
            .expect("an index directory")
    }
}

fn harbour_archive() -> Archive {
    Archive::new(&[
        (
            "a.txt",
            "Dredging\n\nThe harbour master said the harbour would close. Harbour fees rise.\n",
        ),
        (
            "b.txt",
            "Harbourside\n\nFlats on the harbourside sold out.\n",
        ),
        (
            "c.txt",
            "Ferries\n\nThe master of the ferry spoke to the harbour board.\n",
        ),
    ])
}

fn hit(count: usize, name: &str) -> (usize, String) {
    (count, name.to_owned())
}

#[test]
fn without_an_index_search_reads_the_files_and_matches_inside_words() {
    let archive = harbour_archive();
    assert_eq!(
        archive.search("harbour"),
        vec![hit(3, "a.txt"), hit(2, "b.txt"), hit(1, "c.txt")],
        "the scan finds `harbourside` too"
    );
}

#[test]
fn with_the_index_search_matches_words_and_counts_them() {
    let archive = harbour_archive();
    assert!(archive.index().contains("indexed 3 articles"));
    // `Harbourside` is one word: not a hit for the index.
    assert_eq!(
        archive.search("harbour"),
        vec![hit(3, "a.txt"), hit(1, "c.txt")]
    );
    // Every word must appear, anywhere.
    assert_eq!(
        archive.search("master harbour"),
        vec![hit(4, "a.txt"), hit(2, "c.txt")]
    );
    assert_eq!(archive.search("harbour nowhere"), vec![]);
}

#[test]
fn quoted_words_are_a_phrase() {
    let archive = harbour_archive();
    archive.index();
    assert_eq!(archive.search("\"harbour master\""), vec![hit(1, "a.txt")]);
    assert_eq!(archive.search("\"master harbour\""), vec![]);
}

#[test]
fn capitals_and_regexes_are_answered_by_the_scan() {
    let archive = harbour_archive();
    archive.index();
    // Exact case: only `Harbour`, wherever it is, as the scan finds it.
    assert_eq!(
        archive.search("Harbour"),
        vec![hit(1, "a.txt"), hit(1, "b.txt")]
    );
    let output = archive
        .folio()
        .args(["--search", "harbou?r", "--regex"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 3);
}

#[test]
fn a_changed_file_is_searched_by_the_scan_until_the_index_is_updated() {
    let archive = harbour_archive();
    archive.index();
    archive.write("c.txt", "Ferries\n\nThe harbourmaster waved.\n");
    // The index no longer covers the archive: the scan answers (and finds
    // `harbourside` and `harbourmaster`).
    assert_eq!(
        archive.search("harbour"),
        vec![hit(3, "a.txt"), hit(2, "b.txt"), hit(1, "c.txt")]
    );
    let said = archive.index();
    assert!(said.contains("indexed 1 articles (1 removed"), "{said}");
    assert_eq!(archive.search("harbour"), vec![hit(3, "a.txt")]);
}

#[test]
fn deleted_and_added_files_leave_and_join_the_index() {
    let archive = harbour_archive();
    archive.index();
    std::fs::remove_file(archive.files.path().join("a.txt")).unwrap();
    archive.write("d.txt", "Boats\n\nA harbour for small boats.\n");
    let said = archive.index();
    assert!(said.contains("indexed 1 articles (1 removed"), "{said}");
    assert_eq!(
        archive.search("harbour"),
        vec![hit(1, "c.txt"), hit(1, "d.txt")]
    );
    // Nothing changed: nothing to do.
    assert!(archive.index().contains("indexed 0 articles (0 removed"));
}

#[test]
fn a_corrupt_index_is_never_trusted_and_is_rebuilt_with_a_note() {
    let archive = harbour_archive();
    archive.index();
    let dir = archive.index_dir();
    std::fs::write(dir.join("meta.json"), b"{ not json").unwrap();
    // Searching falls back to the scan.
    assert_eq!(archive.search("harbour").len(), 3);
    let said = archive.index();
    assert!(said.contains("search index is unreadable"), "{said}");
    assert!(said.contains("building it again"), "{said}");
    assert!(said.contains("indexed 3 articles"), "{said}");
    assert_eq!(archive.search("harbour").len(), 2);
}

#[test]
fn an_index_from_another_version_is_rebuilt() {
    let archive = harbour_archive();
    archive.index();
    std::fs::write(archive.index_dir().join("folio-index-version"), "0.0\n").unwrap();
    assert_eq!(
        archive.search("harbour").len(),
        3,
        "not trusted: the scan answers"
    );
    assert!(archive.index().contains("another folio version"));
    assert_eq!(archive.search("harbour").len(), 2);
}

#[test]
fn the_index_is_the_same_whether_the_archive_is_named_by_a_relative_or_absolute_path() {
    let archive = harbour_archive();
    archive.index();
    let parent = archive.files.path().parent().unwrap();
    let name = archive.files.path().file_name().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .env("FOLIO_CACHE_DIR", archive.cache.path())
        .env("XDG_STATE_HOME", archive.cache.path().join("state"))
        .current_dir(parent)
        .args([std::ffi::OsStr::new("--search"), "harbour".as_ref(), name])
        .assert()
        .success()
        .get_output()
        .clone();
    // Two hits, not three: the index answered (the scan finds `harbourside`).
    assert_eq!(String::from_utf8(output.stdout).unwrap().lines().count(), 2);
}
