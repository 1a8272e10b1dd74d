//! The non-interactive modes: `--list`, `--print` and `--json`. They read the same
//! library the reader does (sorted the same way) and write to any `Write`.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::atomic::AtomicBool;

mod index;
mod paths;

pub use index::{indexed_hits, write_index};

use rayon::prelude::*;
use serde::Serialize;

use crate::ansi::line_to_string;
use crate::config::Config;
use crate::document::Document;
use crate::input::Input;
use crate::library::scan::{self, Report};
use crate::library::{Entry, Library, Origin};
use crate::sanitize::sanitize_line;
use crate::search::archive;
use crate::search::{Matcher, Query};
use crate::state::{Mark, ReadingState};
use crate::theme::Theme;

/// Articles loaded and analysed at once in `--print` and `--json`; bounded so a huge
/// archive streams out instead of piling up in memory.
const LOAD_CHUNK: usize = 256;

/// Reads every input into a sorted library, reporting failures as
/// `folio: PATH: reason` lines on `errors`. Returns the library and whether anything
/// failed.
pub fn collect(
    input: &Input,
    config: &Config,
    errors: &mut dyn Write,
) -> io::Result<(Library, bool)> {
    let mut library = Library::new();
    library.append(scan::scan_memory(input.memory.clone(), config.size_cap));
    let cancel = AtomicBool::new(false);
    let cache = open_cache(&input.paths);
    if let Some(cache) = &cache {
        library.reserve(cache.articles_known());
    }
    scan::scan_paths_cached(
        &input.paths,
        config.size_cap,
        cache.as_ref(),
        &cancel,
        &mut |report| {
            if let Report::Batch(batch) = report {
                library.append(batch);
            }
        },
    );
    // A cache that cannot be written only means the next run reads everything.
    // Saved and freed before the sort, which needs memory of its own: the
    // cache's bytes and table are 15 MB at 100,000 files.
    if let Some(cache) = cache {
        let _ = cache.save();
    }
    // One sort of everything: merging each batch into the sorted list as it
    // came cost a pass over the list per batch.
    library.place_appended();
    let mut failed = false;
    for problem in library.problems().iter().filter(|p| p.skipped) {
        writeln!(
            errors,
            "folio: {}: {}",
            sanitize_line(&problem.raw_path),
            problem.reason
        )?;
        failed = true;
    }
    Ok((library, failed))
}

/// The metadata cache for a scan of `paths` (none for in-memory input only).
pub fn open_cache(paths: &[std::path::PathBuf]) -> Option<crate::library::cache::MetaCache> {
    if paths.is_empty() {
        return None;
    }
    let dir = crate::library::cache::cache_dir()?;
    Some(crate::library::cache::MetaCache::open(&dir, paths))
}

/// `--list`: `date<TAB>source<TAB>title<TAB>path`, one line per article.
pub fn write_list(library: &Library, out: &mut dyn Write) -> io::Result<()> {
    // In list order every entry and string is a cache miss away, so lines are
    // put together on every core, a bounded run at a time, and written in
    // order. One core took 75 ms for 100,000 lines. A run is 0.5 MB of text:
    // 16k lines at a time added 2 MB to the peak.
    const RUN: usize = 4 * 1024;
    const PART: usize = 1024;
    for run in library.ids().chunks(RUN) {
        let parts: Vec<Vec<u8>> = run
            .par_chunks(PART)
            .map(|ids| {
                let mut text = Vec::with_capacity(ids.len() * 128);
                for entry in ids.iter().filter_map(|&id| library.entry(id)) {
                    list_line(entry, &mut text);
                }
                text
            })
            .collect();
        for part in parts {
            out.write_all(&part)?;
        }
    }
    Ok(())
}

/// One `--list` line, added to `text`.
fn list_line(entry: &Entry, text: &mut Vec<u8>) {
    if let Some(date) = entry.meta.date {
        // Writing to a `Vec` cannot fail.
        let _ = write!(text, "{}", date.iso());
    }
    for field in [
        field(entry.meta.source.as_deref().unwrap_or("")),
        field(&entry.meta.title),
        listed_path(entry),
    ] {
        text.push(b'\t');
        text.extend_from_slice(field.as_bytes());
    }
    text.push(b'\n');
}

/// An article's path for tab-separated output: escaped (see `paths`), with `#N`
/// for an article inside a file that holds several.
fn listed_path(entry: &Entry) -> Cow<'_, str> {
    let path = match &entry.origin {
        Origin::File(path) => paths::escaped(path),
        Origin::Memory(text) => paths::escaped_text(&text.name),
    };
    if entry.in_file > 1 {
        Cow::Owned(format!("{path}#{}", entry.index))
    } else {
        path
    }
}

/// A field for tab-separated output: one line, no tabs, nothing that acts.
fn field(text: &str) -> Cow<'_, str> {
    crate::sanitize::sanitized_line(text)
}

/// `--search`: `count<TAB>title<TAB>path` for each matching article, in list order.
/// An invalid query is reported on `errors` and fails the run.
pub fn write_search(
    library: &Library,
    roots: &[std::path::PathBuf],
    config: &Config,
    query: &Query,
    out: &mut dyn Write,
    errors: &mut dyn Write,
) -> io::Result<bool> {
    if let Some(hits) = indexed_hits(library, roots, query) {
        let counts: std::collections::HashMap<usize, usize> = hits.into_iter().collect();
        for &id in library.ids() {
            if let (Some(count), Some(entry)) = (counts.get(&id), library.entry(id)) {
                writeln!(
                    out,
                    "{count}\t{}\t{}",
                    field(&entry.meta.title),
                    listed_path(entry)
                )?;
            }
        }
        return Ok(false);
    }
    let matcher = match Matcher::new(query) {
        Ok(matcher) => matcher,
        Err(error) => {
            writeln!(errors, "folio: {error}")?;
            return Ok(true);
        }
    };
    // Files are read in the order the scan found them, not in list order:
    // neighbours in a directory are neighbours on disk and in the kernel's
    // caches (list order jumps about the tree).
    let mut targets = archive::targets(library);
    targets.sort_unstable_by_key(|target| target.id);
    let mut hits = Vec::new();
    let cancel = AtomicBool::new(false);
    archive::search(
        &targets,
        &matcher,
        config.size_cap,
        // Only counts are printed.
        archive::Snippets::Skip,
        &cancel,
        &mut |found, _| {
            hits.extend(found);
        },
    );
    // The output is in list order.
    let mut place = vec![usize::MAX; library.entry_count()];
    for (position, &id) in library.ids().iter().enumerate() {
        place[id] = position;
    }
    hits.sort_unstable_by_key(|hit| place.get(hit.id).copied());
    for hit in hits {
        if let Some(entry) = library.entry(hit.id) {
            writeln!(
                out,
                "{}\t{}\t{}",
                hit.count,
                field(&entry.meta.title),
                listed_path(entry)
            )?;
        }
    }
    Ok(false)
}

/// `--json`: one object per article, in list order.
pub fn write_json(
    library: &Library,
    config: &Config,
    reading: &ReadingState,
    out: &mut dyn Write,
    errors: &mut dyn Write,
) -> io::Result<bool> {
    for_each_document(library, config, errors, &mut |entry, document| {
        let mark = reading.mark(crate::app::mark_key(entry));
        let json = JsonArticle::new(entry, document, mark);
        // Serialised to memory, so writing stays plain I/O (a closed pipe keeps
        // its error kind) and the line can be made terminal-safe first.
        let line = serde_json::to_string(&json).map_err(io::Error::other)?;
        writeln!(out, "{}", paths::json_safe(&line))
    })
}

/// `--print`: each article as the reader shows it, wrapped to `width`.
pub fn write_print(
    library: &Library,
    config: &Config,
    width: usize,
    color: bool,
    out: &mut dyn Write,
    errors: &mut dyn Write,
) -> io::Result<bool> {
    let theme = Theme::new(color).with(&config.styles);
    let symbols = crate::symbols::Symbols::new(config.ascii);
    let mut first = true;
    for_each_document(library, config, errors, &mut |_, document| {
        if !first {
            writeln!(out)?;
            writeln!(out, "{}", symbols.rule.repeat(width))?;
            writeln!(out)?;
        }
        first = false;
        let layout = document.layout(width);
        let emphasis = crate::ui::reader::Emphasis::default();
        for row in &layout.rows {
            let line = crate::ui::reader::row_line(&theme, &symbols, document, row, &emphasis);
            writeln!(out, "{}", line_to_string(&line, color).trim_end())?;
        }
        Ok(())
    })
}

/// Loads articles in parallel chunks and hands them out in list order. A file that
/// fails now (changed since the scan) is reported and the rest go on.
fn for_each_document(
    library: &Library,
    config: &Config,
    errors: &mut dyn Write,
    each: &mut dyn FnMut(&Entry, &Document) -> io::Result<()>,
) -> io::Result<bool> {
    let entries: Vec<&Entry> = library.iter().collect();
    let mut failed = false;
    for chunk in entries.chunks(LOAD_CHUNK) {
        let documents: Vec<Result<Document, String>> = chunk
            .par_iter()
            .map(|entry| Document::load(entry, config.size_cap))
            .collect();
        for (entry, document) in chunk.iter().zip(documents) {
            match document {
                Ok(document) => each(entry, &document)?,
                Err(reason) => {
                    writeln!(
                        errors,
                        "folio: {}: {reason}",
                        sanitize_line(&entry.origin.path_string())
                    )?;
                    failed = true;
                }
            }
        }
    }
    Ok(failed)
}

/// The JSON contract (DESIGN §3).
#[derive(Serialize)]
struct JsonArticle<'a> {
    path: String,
    index: usize,
    format: &'static str,
    title: &'a str,
    date: Option<String>,
    source: Option<&'a str>,
    byline: Option<&'a str>,
    url: Option<&'a str>,
    body: &'a str,
    blocks: Vec<JsonBlock>,
    quotes: Vec<JsonQuote<'a>>,
    names: Vec<JsonName>,
    entities: Vec<JsonEntity<'a>>,
    problems: &'a [String],
    /// From the reading state.
    read: bool,
    starred: bool,
    position: Option<usize>,
}

#[derive(Serialize)]
struct JsonBlock {
    kind: crate::article::BlockKind,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct JsonQuote<'a> {
    start: usize,
    end: usize,
    speaker: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonName {
    start: usize,
    end: usize,
    kind: crate::analysis::NameKind,
    entity: usize,
}

#[derive(Serialize)]
struct JsonEntity<'a> {
    id: usize,
    name: &'a str,
    kind: crate::analysis::NameKind,
    mentions: usize,
}

impl<'a> JsonArticle<'a> {
    fn new(entry: &Entry, document: &'a Document, mark: Option<&Mark>) -> JsonArticle<'a> {
        let article = &document.article;
        let analysis = &document.analysis;
        let speaker = |id: Option<usize>| {
            id.and_then(|id| analysis.entities.get(id))
                .map(|e| e.name.as_str())
        };
        JsonArticle {
            path: entry.origin.path_string(),
            index: entry.index,
            format: article.format.as_str(),
            title: &article.meta.title,
            date: article.meta.date.map(crate::date::NewsDate::to_iso),
            source: article.meta.source.as_deref(),
            byline: article.meta.byline.as_deref(),
            url: article.meta.url.as_deref(),
            body: &article.body,
            blocks: article
                .blocks
                .iter()
                .map(|b| JsonBlock {
                    kind: b.kind,
                    start: b.range.start,
                    end: b.range.end,
                })
                .collect(),
            quotes: analysis
                .quotes
                .iter()
                .map(|q| JsonQuote {
                    start: q.range.start,
                    end: q.range.end,
                    speaker: speaker(q.speaker),
                })
                .collect(),
            names: analysis
                .names
                .iter()
                .map(|n| JsonName {
                    start: n.range.start,
                    end: n.range.end,
                    kind: n.kind,
                    entity: n.entity,
                })
                .collect(),
            entities: analysis
                .entities
                .iter()
                .map(|e| JsonEntity {
                    id: e.id,
                    name: &e.name,
                    kind: e.kind,
                    mentions: e.mentions,
                })
                .collect(),
            problems: &article.problems,
            read: mark.is_some_and(|m| m.read),
            starred: mark.is_some_and(|m| m.starred),
            position: mark.and_then(|m| m.position),
        }
    }
}
