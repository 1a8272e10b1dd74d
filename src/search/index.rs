//! The full-text index: every article's title and body in a tantivy index in the
//! cache directory, so a search answers from the index instead of reading every
//! file.
//!
//! Articles are keyed by their stable identity (path, place in the file, content
//! hash; see `Entry::key`), so an update adds what is new or changed and deletes
//! what is gone, and the index covers a library when every article in it is there.
//! The index matches words, as full-text indexes do: `harbour` finds `Harbour` and
//! `harbour's` but not `harbourside`. A query is words that must all appear (each
//! word's punctuated pieces in order, so `o'brien` is `o` then `brien`), and text
//! in double quotes is a phrase. An index that cannot be read, or was written by
//! another folio version, is never trusted: searches fall back to the scan and the
//! next update rebuilds it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use tantivy::collector::TopDocs;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, Schema, TEXT};
use tantivy::{
    DocSet, Index, IndexReader, IndexWriter, SegmentReader, TERMINATED, TantivyDocument, Term,
};

use crate::library::cache::{PARSER_VERSION, roots_id};
use crate::library::{Entry, Library, Origin, read_articles};

/// Changes when the schema or what goes into it changes; with the parser
/// version, it is written next to the index, and an index with another is rebuilt.
const INDEX_VERSION: u32 = 1;

/// The file in the index directory that names the version that wrote it.
const VERSION_FILE: &str = "folio-index-version";

/// Memory for the index writer (tantivy's minimum is 15 MB a thread).
const WRITER_MEMORY: usize = 40 * 1024 * 1024;

/// Files parsed in one parallel step of an update.
const UPDATE_CHUNK: usize = 256;

/// Articles added between commits, so an interrupted update keeps its work.
const COMMIT_EVERY: usize = 20_000;

#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    body: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let fields = Fields {
        id: builder.add_u64_field("id", INDEXED | FAST),
        title: builder.add_text_field("title", TEXT),
        body: builder.add_text_field("body", TEXT),
    };
    (builder.build(), fields)
}

fn version_tag() -> String {
    format!("{INDEX_VERSION}.{PARSER_VERSION}\n")
}

/// An article's key in the index: a hash of its stable identity.
pub fn article_id(entry: &Entry) -> u64 {
    key_of(&entry.origin, entry.index, entry.content_hash)
}

fn key_of(origin: &Origin, index: usize, content_hash: u64) -> u64 {
    // The path as given may be relative: `folio --index ~/news` and `cd ~;
    // folio --search x news` must name the same articles.
    let path = match origin {
        Origin::File(path) => crate::library::cache::absolute(path)
            .to_string_lossy()
            .into_owned(),
        Origin::Memory(_) => origin.path_string(),
    };
    let mut bytes = path.into_bytes();
    bytes.push(0);
    bytes.extend_from_slice(&(index as u64).to_le_bytes());
    bytes.extend_from_slice(&content_hash.to_le_bytes());
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// An article the index can hold (one read from a file), as the library has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indexable {
    /// The library id of its entry.
    pub entry: usize,
    pub origin: Origin,
    pub index: usize,
    pub content_hash: u64,
}

impl Indexable {
    /// The library's articles read from files (those held in memory, such as
    /// standard input, are never indexed). Cheap: the keys are hashed later, by
    /// `Catalogue::new`, which may run on another thread.
    pub fn of_library(library: &Library) -> Vec<Indexable> {
        library
            .entries()
            .filter(|(_, entry)| matches!(entry.origin, Origin::File(_)))
            .map(|(id, entry)| Indexable {
                entry: id,
                origin: entry.origin.clone(),
                index: entry.index,
                content_hash: entry.content_hash,
            })
            .collect()
    }
}

/// The articles an index should hold, each with its key.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    articles: Vec<(u64, Indexable)>,
}

impl Catalogue {
    /// Hashes each article's key.
    pub fn new(articles: Vec<Indexable>) -> Catalogue {
        Catalogue {
            articles: articles
                .into_iter()
                .map(|a| (key_of(&a.origin, a.index, a.content_hash), a))
                .collect(),
        }
    }

    /// The catalogue of a library's file articles.
    pub fn of_library(library: &Library) -> Catalogue {
        Catalogue::new(Indexable::of_library(library))
    }

    /// Library ids by article key.
    pub fn entries_by_key(&self) -> HashMap<u64, usize> {
        self.articles
            .iter()
            .map(|(key, a)| (*key, a.entry))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }
}

/// Where the index for an archive of `roots` lives: `index-<hash of the roots>`
/// in folio's cache directory (none when the cache is off).
pub fn index_dir(roots: &[PathBuf]) -> Option<PathBuf> {
    let dir = crate::library::cache::cache_dir()?;
    Some(dir.join(format!("index-{:016x}", roots_id(roots))))
}

/// An index on disk, open for searching.
pub struct ArchiveIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

/// What went wrong with an index, in words for a note.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    #[error("there is no search index yet")]
    Missing,
    #[error("the search index was written by another folio version")]
    Foreign,
    #[error("the search index is unreadable ({0})")]
    Unreadable(String),
    #[error("another folio is updating the search index")]
    Busy,
}

impl From<tantivy::TantivyError> for IndexError {
    fn from(error: tantivy::TantivyError) -> IndexError {
        match error {
            tantivy::TantivyError::LockFailure(..) => IndexError::Busy,
            other => IndexError::Unreadable(other.to_string()),
        }
    }
}

/// What an update did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    pub added: usize,
    pub removed: usize,
    /// Articles whose file could not be read when indexing (the scan lists why).
    pub unreadable: usize,
    /// The update was cancelled before it finished (what was done is kept).
    pub cancelled: bool,
}

/// An article that matches, from the index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexHit {
    /// The article's `article_id`.
    pub article: u64,
    /// Occurrences of the query in the title and body (phrases whole).
    pub count: usize,
    /// Relevance (BM25); higher is better.
    pub score: f32,
}

impl ArchiveIndex {
    /// Opens the index in `dir` for searching. It must exist, be readable and
    /// have been written by this version.
    pub fn open(dir: &Path) -> Result<ArchiveIndex, IndexError> {
        match std::fs::read_to_string(dir.join(VERSION_FILE)) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(IndexError::Missing);
            }
            Err(error) => return Err(IndexError::Unreadable(error.to_string())),
            Ok(tag) if tag != version_tag() => return Err(IndexError::Foreign),
            Ok(_) => {}
        }
        let index = Index::open_in_dir(dir)?;
        let (expected, fields) = schema();
        if index.schema() != expected {
            return Err(IndexError::Foreign);
        }
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        Ok(ArchiveIndex {
            index,
            reader,
            fields,
        })
    }

    /// Opens the index in `dir` to update it, creating it, or rebuilding it from
    /// nothing when it cannot be trusted (the reason comes back with it).
    pub fn open_or_create(dir: &Path) -> Result<(ArchiveIndex, Option<String>), IndexError> {
        let discarded = match ArchiveIndex::open(dir) {
            Ok(index) => return Ok((index, None)),
            Err(IndexError::Missing) => None,
            Err(IndexError::Busy) => return Err(IndexError::Busy),
            Err(other) => Some(other.to_string()),
        };
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| IndexError::Unreadable(e.to_string()))?;
        }
        std::fs::create_dir_all(dir).map_err(|e| IndexError::Unreadable(e.to_string()))?;
        let (schema, _) = schema();
        Index::create_in_dir(dir, schema)?;
        std::fs::write(dir.join(VERSION_FILE), version_tag())
            .map_err(|e| IndexError::Unreadable(e.to_string()))?;
        Ok((ArchiveIndex::open(dir)?, discarded))
    }

    /// The articles in the index.
    pub fn articles(&self) -> Result<HashSet<u64>, IndexError> {
        let searcher = self.reader.searcher();
        let mut ids = HashSet::with_capacity(searcher.num_docs() as usize);
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().u64("id")?;
            ids.extend(alive_docs(segment).filter_map(|doc| column.first(doc)));
        }
        Ok(ids)
    }

    /// Whether every article of the catalogue is in the index.
    pub fn covers(&self, catalogue: &Catalogue) -> Result<bool, IndexError> {
        let have = self.articles()?;
        Ok(catalogue.articles.iter().all(|(key, _)| have.contains(key)))
    }

    /// Brings the index up to date with the catalogue: adds new and changed
    /// articles, deletes those no longer there. `progress` hears (files done,
    /// files to read) after each step; `cancel` stops it, keeping what was done.
    pub fn update(
        &mut self,
        catalogue: &Catalogue,
        cap: u64,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Update, IndexError> {
        let have = self.articles()?;
        let wanted: HashMap<u64, &Indexable> = catalogue
            .articles
            .iter()
            .map(|(key, article)| (*key, article))
            .collect();
        let mut writer: IndexWriter = self.index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let mut update = Update::default();
        for gone in have.iter().filter(|id| !wanted.contains_key(id)) {
            writer.delete_term(Term::from_field_u64(self.fields.id, *gone));
            update.removed += 1;
        }
        let files = files_to_read(&wanted, &have);
        let mut since_commit = 0;
        for (done, chunk) in files.chunks(UPDATE_CHUNK).enumerate() {
            if cancel.load(Ordering::Relaxed) {
                update.cancelled = true;
                break;
            }
            let documents: Vec<Option<TantivyDocument>> = chunk
                .par_iter()
                .flat_map_iter(|(origin, articles)| self.documents_of(origin, articles, cap))
                .collect();
            for document in documents {
                match document {
                    Some(document) => {
                        writer.add_document(document)?;
                        update.added += 1;
                        since_commit += 1;
                    }
                    None => update.unreadable += 1,
                }
            }
            if since_commit >= COMMIT_EVERY {
                writer.commit()?;
                since_commit = 0;
            }
            progress(((done + 1) * UPDATE_CHUNK).min(files.len()), files.len());
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(update)
    }

    /// The documents for the wanted articles of one file; `None` for each that
    /// could not be read.
    fn documents_of(
        &self,
        origin: &Origin,
        wanted: &[(usize, u64)],
        cap: u64,
    ) -> Vec<Option<TantivyDocument>> {
        // A file that breaks the parser is left out; the scan already said why.
        let articles = crate::guard::contain(|| read_articles(origin, cap).ok())
            .ok()
            .flatten()
            .unwrap_or_default();
        wanted
            .iter()
            .map(|&(index, id)| {
                let article = articles.get(index)?;
                let mut document = TantivyDocument::default();
                document.add_u64(self.fields.id, id);
                document.add_text(self.fields.title, &article.meta.title);
                document.add_text(self.fields.body, &article.body);
                Some(document)
            })
            .collect()
    }

    /// The words of `text` as a query (`None` when it holds no word the index
    /// could find, such as punctuation alone).
    pub fn query(&self, text: &str) -> Option<IndexQuery> {
        let mut analyzer = self.index.tokenizer_for_field(self.fields.body).ok()?;
        let mut tokens = |piece: &str| {
            let mut words = Vec::new();
            analyzer
                .token_stream(piece)
                .process(&mut |token| words.push(token.text.clone()));
            words
        };
        let mut parts = Vec::new();
        for (i, segment) in text.split('"').enumerate() {
            if i % 2 == 1 {
                parts.push(tokens(segment));
            } else {
                parts.extend(segment.split_whitespace().map(&mut tokens));
            }
        }
        parts.retain(|part| !part.is_empty());
        (!parts.is_empty()).then_some(IndexQuery { parts })
    }

    /// The articles matching `query`, best first, with their counts.
    pub fn search(&self, query: &IndexQuery) -> Result<Vec<IndexHit>, IndexError> {
        let searcher = self.reader.searcher();
        let limit = (searcher.num_docs() as usize).max(1);
        let scored = searcher.search(
            &self.tantivy_query(query),
            &TopDocs::with_limit(limit).order_by_score(),
        )?;
        let mut counts = Vec::new();
        let mut columns = Vec::new();
        for segment in searcher.segment_readers() {
            counts.push(self.counts_in(segment, query)?);
            columns.push(segment.fast_fields().u64("id")?);
        }
        Ok(scored
            .into_iter()
            .filter_map(|(score, address)| {
                let segment = address.segment_ord as usize;
                Some(IndexHit {
                    article: columns[segment].first(address.doc_id)?,
                    count: *counts[segment].get(&address.doc_id)?,
                    score,
                })
            })
            .collect())
    }

    fn tantivy_query(&self, query: &IndexQuery) -> BooleanQuery {
        let field_query = |field: Field, words: &[String]| -> Box<dyn Query> {
            let terms: Vec<Term> = words
                .iter()
                .map(|word| Term::from_field_text(field, word))
                .collect();
            match <[Term; 1]>::try_from(terms) {
                Ok([term]) => Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                Err(terms) => Box::new(PhraseQuery::new(terms)),
            }
        };
        BooleanQuery::new(
            query
                .parts
                .iter()
                .map(|words| {
                    let either: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                        (Occur::Should, field_query(self.fields.title, words)),
                        (Occur::Should, field_query(self.fields.body, words)),
                    ]));
                    (Occur::Must, either)
                })
                .collect(),
        )
    }

    /// For each live document of `segment` holding every part of the query, the
    /// occurrences of the parts in its title and body.
    fn counts_in(
        &self,
        segment: &SegmentReader,
        query: &IndexQuery,
    ) -> Result<HashMap<u32, usize>, IndexError> {
        let mut total: Option<HashMap<u32, usize>> = None;
        for words in &query.parts {
            let mut part: HashMap<u32, usize> = HashMap::new();
            for field in [self.fields.title, self.fields.body] {
                for (doc, count) in occurrences(segment, field, words)? {
                    *part.entry(doc).or_default() += count;
                }
            }
            total = Some(match total {
                None => part,
                Some(total) => total
                    .into_iter()
                    .filter_map(|(doc, count)| Some((doc, count + part.get(&doc)?)))
                    .collect(),
            });
        }
        let mut total = total.unwrap_or_default();
        total.retain(|doc, _| !segment.is_deleted(*doc));
        Ok(total)
    }
}

/// A file to read, with the place in it and the key of each article wanted.
type FileToRead = (Origin, Vec<(usize, u64)>);

/// The files to read for the articles not yet in the index: each file once,
/// with the places and keys of its wanted articles, in path order.
fn files_to_read(
    wanted: &HashMap<u64, &Indexable>,
    have: &HashSet<u64>,
) -> Vec<(Origin, Vec<(usize, u64)>)> {
    let mut by_file: HashMap<String, (Origin, Vec<(usize, u64)>)> = HashMap::new();
    for (&id, article) in wanted.iter().filter(|(id, _)| !have.contains(id)) {
        by_file
            .entry(article.origin.path_string())
            .or_insert_with(|| (article.origin.clone(), Vec::new()))
            .1
            .push((article.index, id));
    }
    let mut files: Vec<(String, FileToRead)> = by_file.into_iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.into_iter().map(|(_, file)| file).collect()
}

/// The live documents of a segment.
fn alive_docs(segment: &SegmentReader) -> impl Iterator<Item = u32> + '_ {
    (0..segment.max_doc()).filter(|&doc| !segment.is_deleted(doc))
}

/// How often `words`, one after another, occur in `field` of each document of
/// `segment` that holds them.
fn occurrences(
    segment: &SegmentReader,
    field: Field,
    words: &[String],
) -> Result<Vec<(u32, usize)>, IndexError> {
    let inverted = segment.inverted_index(field)?;
    let option = if words.len() == 1 {
        IndexRecordOption::WithFreqs
    } else {
        IndexRecordOption::WithFreqsAndPositions
    };
    let mut postings: Vec<SegmentPostings> = Vec::with_capacity(words.len());
    for word in words {
        let term = Term::from_field_text(field, word);
        let read = inverted
            .read_postings(&term, option)
            .map_err(|e| IndexError::Unreadable(e.to_string()))?;
        match read {
            Some(list) => postings.push(list),
            None => return Ok(Vec::new()),
        }
    }
    let Some((first, rest)) = postings.split_first_mut() else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    let mut positions: Vec<Vec<u32>> = vec![Vec::new(); words.len()];
    let mut doc = first.doc();
    while doc != TERMINATED {
        if rest.iter_mut().all(|list| list.seek(doc) == doc) {
            let count = if rest.is_empty() {
                first.term_freq() as usize
            } else {
                first.positions(&mut positions[0]);
                for (list, into) in rest.iter_mut().zip(&mut positions[1..]) {
                    list.positions(into);
                }
                phrase_count(&positions)
            };
            if count > 0 {
                found.push((doc, count));
            }
        }
        doc = first.advance();
    }
    Ok(found)
}

/// Occurrences of a phrase from its words' sorted positions: the starts `p`
/// where word `i` is at `p + i` for every `i`.
fn phrase_count(positions: &[Vec<u32>]) -> usize {
    let Some((first, rest)) = positions.split_first() else {
        return 0;
    };
    first
        .iter()
        .filter(|&&start| {
            rest.iter()
                .zip(1u32..)
                .all(|(list, offset)| list.binary_search(&(start + offset)).is_ok())
        })
        .count()
}

/// A query for the index: parts that must all occur, each one word or a
/// phrase of several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexQuery {
    parts: Vec<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_counts_only_its_words_in_order() {
        // "harbour council": harbour at 0, 5, 9; council at 1, 7, 10.
        let positions = vec![vec![0, 5, 9], vec![1, 7, 10]];
        assert_eq!(phrase_count(&positions), 2);
        assert_eq!(phrase_count(&[vec![3, 4]]), 2);
        assert_eq!(phrase_count(&[]), 0);
    }
}
