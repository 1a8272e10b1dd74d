//! The reader with the full-text index: brought up to date after the scan,
//! `F` answering from it ranked by relevance (`o` for list order), phrases,
//! the scan for what the index cannot answer, and `r` rescanning.

use std::path::{Path, PathBuf};

use folio::app::{Focus, HitOrder, IndexStatus};
use tempfile::TempDir;

use crate::harness::Harness;

/// A newer article naming the kestrel once in a long text, an older one about
/// little else, and one without it.
fn write_archive(dir: &Path) {
    let filler = "The council met on Tuesday and the agenda ran long. ".repeat(40);
    let files = [
        (
            "a-newer.txt",
            format!("2024-03-02\n\nBudget night\n\n{filler}A kestrel was seen over the hall.\n"),
        ),
        (
            "b-older.txt",
            "2024-03-01\n\nThe kestrel count\n\nKestrel numbers rose. Each kestrel pair \
             nested by the harbour wall, said the kestrel warden.\n"
                .to_owned(),
        ),
        (
            "c-oldest.txt",
            "2024-02-28\n\nFerry timetable\n\nThe harbour wall is being repaired.\n".to_owned(),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("article");
    }
}

struct Setup {
    files: TempDir,
    index: TempDir,
}

impl Setup {
    fn new() -> Setup {
        let setup = Setup {
            files: tempfile::tempdir().expect("archive"),
            index: tempfile::tempdir().expect("index"),
        };
        write_archive(setup.files.path());
        setup
    }

    fn harness(&self) -> Harness {
        let paths: Vec<PathBuf> = vec![self.files.path().to_path_buf()];
        Harness::with_paths_indexed(100, 24, &paths, &self.index.path().join("index"))
    }
}

fn hit_titles(h: &Harness) -> Vec<String> {
    let results = h.app.results().expect("results");
    results
        .hits
        .iter()
        .map(|hit| {
            h.app
                .library()
                .entry(hit.id)
                .expect("entry")
                .meta
                .title
                .clone()
        })
        .collect()
}

#[test]
fn the_index_is_built_after_the_scan_and_answers_ranked_best_first() {
    let setup = Setup::new();
    let mut h = setup.harness();
    assert!(
        matches!(h.app.index_status(), IndexStatus::Ready(index) if index.len() == 3),
        "{:?}",
        h.app.index_status()
    );
    h.keys("Fkestrel<Enter>");
    let results = h.app.results().expect("results");
    assert!(results.is_ranked());
    assert_eq!(results.order, HitOrder::Relevance);
    // The article about kestrels comes first, though the list puts it second.
    assert_eq!(hit_titles(&h), ["The kestrel count", "Budget night"]);
    assert_eq!(results.hits[0].count, 4);
    let screen = h.screen();
    assert!(
        screen.contains("5 matches in 2 articles · best first"),
        "{screen}"
    );
    // Snippets are cut from the files for the hits on screen.
    assert!(screen.contains("ran long. A kestrel"), "{screen}");

    // `o`: list order, with the selection staying on its hit.
    h.keys("o");
    assert_eq!(hit_titles(&h), ["Budget night", "The kestrel count"]);
    assert_eq!(h.app.results().expect("results").selected, 1);
    assert!(h.screen().contains("· list order"));
    h.keys("o");
    assert_eq!(hit_titles(&h)[0], "The kestrel count");
}

#[test]
fn a_phrase_matches_its_words_in_order_and_the_reader_finds_it() {
    let setup = Setup::new();
    let mut h = setup.harness();
    h.keys("F\"harbour wall\"<Enter>");
    assert_eq!(hit_titles(&h).len(), 2);
    h.keys("F\"wall harbour\"<Enter>");
    assert!(h.app.results().expect("results").hits.is_empty());
    // Opening a hit of a phrase search goes to the phrase.
    h.keys("F\"harbour wall\" repaired<Enter><Enter>");
    assert_eq!(h.app.focus(), Focus::Reader);
    let screen = h.screen();
    assert!(screen.contains("Ferry timetable"), "{screen}");
    assert!(screen.contains("[1/1]"), "{screen}");
}

#[test]
fn queries_the_index_cannot_answer_read_the_files() {
    let setup = Setup::new();
    let mut h = setup.harness();
    // Capitals make the search exact: the scan answers, in list order.
    h.keys("FKestrel<Enter>");
    let results = h.app.results().expect("results");
    assert!(!results.is_ranked());
    assert_eq!(hit_titles(&h), ["The kestrel count"]);
    // A regex, and a part of a word, which the index's words do not hold.
    h.keys("F<C-r>kes.rel<Enter>");
    assert!(!h.app.results().expect("results").is_ranked());
    assert_eq!(hit_titles(&h).len(), 2);
    // (The prompt keeps the last search's regex switch: `<C-r>` turns it off.)
    h.keys("F<C-r>kestre<Enter>");
    assert_eq!(hit_titles(&h).len(), 0, "the index matches whole words");
}

#[test]
fn an_article_deleted_after_indexing_opens_with_a_clear_message() {
    let setup = Setup::new();
    let mut h = setup.harness();
    std::fs::remove_file(setup.files.path().join("b-older.txt")).expect("remove");
    h.keys("Fkestrel<Enter><Enter>");
    let screen = h.screen();
    assert!(
        screen.contains("No such file or directory") || screen.contains("not found"),
        "{screen}"
    );
}

#[test]
fn r_rescans_for_new_changed_and_deleted_files_keeping_the_selection() {
    let setup = Setup::new();
    let mut h = setup.harness();
    // Select the oldest article (third by date).
    h.keys("jj");
    assert_eq!(
        h.app
            .library()
            .at(h.app.selected())
            .expect("selected")
            .meta
            .title,
        "Ferry timetable"
    );
    let dir = setup.files.path();
    std::fs::remove_file(dir.join("a-newer.txt")).expect("remove");
    std::fs::write(
        dir.join("b-older.txt"),
        "2024-03-01\n\nThe kestrel count, corrected\n\nKestrel numbers fell.\n",
    )
    .expect("change");
    std::fs::write(
        dir.join("d-new.txt"),
        "2024-03-05\n\nA new kestrel story\n\nThe kestrel returned.\n",
    )
    .expect("add");
    h.keys("r");
    let screen = h.screen();
    assert!(
        screen.contains("rescanned: 1 new, 1 changed, 1 gone"),
        "{screen}"
    );
    assert_eq!(
        h.app
            .library()
            .at(h.app.selected())
            .expect("selected")
            .meta
            .title,
        "Ferry timetable",
        "the selection stays on its article"
    );
    assert_eq!(h.app.library().len(), 3);
    // The index was brought up to date: it answers with the new articles.
    assert!(matches!(h.app.index_status(), IndexStatus::Ready(_)));
    h.keys("Fkestrel<Enter>");
    assert!(h.app.results().expect("results").is_ranked());
    let mut titles = hit_titles(&h);
    titles.sort();
    assert_eq!(
        titles,
        ["A new kestrel story", "The kestrel count, corrected"]
    );
    h.keys("<Esc>r");
    assert!(h.screen().contains("rescanned: nothing changed"));
}

#[test]
fn r_without_files_says_there_is_nothing_to_rescan() {
    let mut h = Harness::samples(100, 24);
    h.keys("r");
    assert!(h.screen().contains("nothing to rescan"));
}
