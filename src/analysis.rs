//! What an article says and who says it: quotation spans with speakers, and name
//! mentions grouped into entities. All spans are byte ranges into the body.

mod lexicon;
pub mod names;
pub mod quotes;
mod speakers;
mod tokens;

use std::ops::Range;

use serde::Serialize;

use crate::article::{Article, Block, BlockKind};

/// A quotation, marks included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub range: Range<usize>,
    /// The id of the entity credited with it, if the text says who.
    pub speaker: Option<usize>,
}

/// What kind of thing a name names. The order is the drawing order (a person's
/// style wins where names overlap) and the people panel's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    Person,
    Organization,
    Place,
    Other,
}

/// One mention of a name in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    pub kind: NameKind,
    pub entity: usize,
}

/// A person, organisation or place the article mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub id: usize,
    /// The canonical (longest, fullest) form of the name.
    pub name: String,
    pub kind: NameKind,
    pub mentions: usize,
}

/// The analysis of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    pub quotes: Vec<Quote>,
    pub names: Vec<Mention>,
    pub entities: Vec<Entity>,
}

/// Analyses an article: quotations, names, and who said what.
pub fn analyse(article: &Article) -> Analysis {
    analyse_unless(article, &|| false).unwrap_or_default()
}

/// Analyses an article unless `cancelled` says to stop, which it is asked between
/// steps (each step is linear in the body, so a stale analysis stops soon after
/// the reader has moved on). `None` when it stopped.
pub fn analyse_unless(article: &Article, cancelled: &dyn Fn() -> bool) -> Option<Analysis> {
    let body = &article.body;
    // Code and preformatted tables are not prose: nothing in them is a quotation
    // or a name.
    let blocks: Vec<Block> = article
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Preformatted)
        .cloned()
        .collect();
    let blocks = &blocks;
    let tokens = tokens::tokenize(body, blocks);
    if cancelled() {
        return None;
    }
    let spans = quotes::find_quotes(body, blocks);
    if cancelled() {
        return None;
    }
    let names = names::find_names(body, blocks, &tokens);
    if cancelled() {
        return None;
    }
    let speakers = speakers::attribute(body, blocks, &tokens, &spans, &names.mentions);
    let quotes = spans
        .into_iter()
        .zip(speakers)
        .map(|(span, speaker)| Quote {
            range: span.range,
            speaker,
        })
        .collect();
    Some(Analysis {
        quotes,
        names: names.mentions,
        entities: names.entities,
    })
}
