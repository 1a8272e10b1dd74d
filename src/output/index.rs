//! `--index`, and `--search` answered from the full-text index when it covers
//! the archive.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use crate::library::Library;
use crate::search::Query;
use crate::search::index::{ArchiveIndex, Catalogue, index_dir};

/// `--index`: builds the index of the archive in `roots`, or brings it up to
/// date, with progress on `errors` when it is a terminal. Returns whether it
/// failed.
pub fn write_index(
    library: &Library,
    roots: &[PathBuf],
    cap: u64,
    errors: &mut dyn Write,
) -> io::Result<bool> {
    let Some(dir) = index_dir(roots) else {
        writeln!(
            errors,
            "folio: no cache directory for the index (FOLIO_CACHE_DIR is empty)"
        )?;
        return Ok(true);
    };
    let started = Instant::now();
    let (mut index, discarded) = match ArchiveIndex::open_or_create(&dir) {
        Ok(opened) => opened,
        Err(error) => {
            writeln!(errors, "folio: {error}")?;
            return Ok(true);
        }
    };
    if let Some(reason) = discarded {
        writeln!(errors, "folio: {reason}; building it again")?;
    }
    let show_progress = io::stderr().is_terminal();
    let cancel = AtomicBool::new(false);
    let catalogue = Catalogue::of_library(library);
    let updated = index.update(&catalogue, cap, &cancel, &mut |done, total| {
        if show_progress {
            // Progress is a nicety: a stderr that cannot be written stops nothing.
            let _ = write!(io::stderr(), "\rindexing {done}/{total} files");
        }
    });
    if show_progress {
        let _ = write!(io::stderr(), "\r\x1b[K");
    }
    match updated {
        Ok(update) => {
            let size = dir_size(&dir);
            writeln!(
                errors,
                "indexed {} articles ({} removed, {} unreadable) in {:.1} s; index {:.1} MB",
                update.added,
                update.removed,
                update.unreadable,
                started.elapsed().as_secs_f64(),
                size as f64 / 1e6,
            )?;
            Ok(false)
        }
        Err(error) => {
            writeln!(errors, "folio: {error}")?;
            Ok(true)
        }
    }
}

/// Bytes in the files of `dir`.
fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum()
    })
}

/// The matches for `query` from the index, as (library id, count) in no
/// particular order, when the index can answer: a literal query without
/// capitals (the index holds words in lower case, so an exact-case query is
/// the scan's), an index that is there, readable and covers every article.
pub fn indexed_hits(
    library: &Library,
    roots: &[PathBuf],
    query: &Query,
) -> Option<Vec<(usize, usize)>> {
    if query.regex || query.is_case_sensitive() {
        return None;
    }
    let index = ArchiveIndex::open(&index_dir(roots)?).ok()?;
    let catalogue = Catalogue::of_library(library);
    if !index.covers(&catalogue).ok()? {
        return None;
    }
    let hits = index.search(&index.query(&query.text)?).ok()?;
    let ids = catalogue.entries_by_key();
    Some(
        hits.into_iter()
            .filter_map(|hit| Some((*ids.get(&hit.article)?, hit.count)))
            .collect(),
    )
}
