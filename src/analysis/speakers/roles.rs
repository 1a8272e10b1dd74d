//! The roles the text gives its people, so that a description can stand for a
//! name: after `Ilse Maravent, the senate leader,` or `the station's host Gemma
//! Rusk`, a later `the senate leader said` or `the host said` is that person.

use std::collections::HashMap;

use super::super::tokens::Token;
use super::super::{Mention, NameKind};

/// The most words read after a name for its appositive (`, the council's finance
/// chief,`).
const APPOSITIVE: usize = 8;

/// Function words that are never a role.
const NOT_ROLES: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "by", "for", "with", "from",
    "said", "says", "told", "who", "which", "that", "his", "her", "their", "its", "is", "was",
];

/// Who last held each role word, by the byte offset where the text gave it.
#[derive(Debug, Default)]
pub struct Roles<'a> {
    holders: HashMap<&'a str, Vec<(usize, usize)>>,
}

impl<'a> Roles<'a> {
    /// Reads the role words around every person mention: the lower-case word just
    /// before the name (`host Gemma Rusk`) and the head of an appositive after it
    /// (`Tomas Brenn, the council's finance chief,` gives `chief`).
    pub fn collect(body: &'a str, tokens: &[Token], mentions: &[Mention]) -> Roles<'a> {
        let mut roles = Roles::default();
        let role_word = |t: &Token| {
            let word = &body[t.range.clone()];
            (t.is_word()
                && word.len() > 2
                && word.chars().all(|c| c.is_lowercase() || c == '-')
                && !NOT_ROLES.contains(&word))
            .then_some(word)
        };
        for mention in mentions.iter().filter(|m| m.kind == NameKind::Person) {
            let first = tokens.partition_point(|t| t.range.start < mention.range.start);
            let end = tokens.partition_point(|t| t.range.start < mention.range.end);
            let block = tokens.get(first).map(|t| t.block);
            let before = |back: usize| {
                first
                    .checked_sub(back)
                    .and_then(|i| tokens.get(i))
                    .filter(|t| Some(t.block) == block)
            };
            // `host Gemma Rusk`, `The senate leader, Ilse Maravent,`.
            let word_before = match before(1) {
                Some(t) if t.is_punct(',') => before(2),
                other => other,
            };
            if let Some(word) = word_before.and_then(role_word) {
                roles.add(word, mention.range.start, mention.entity);
            }
            let Some(comma) = tokens.get(end).filter(|t| t.is_punct(',')) else {
                continue;
            };
            let rest = &tokens[end + 1..tokens.len().min(end + 1 + APPOSITIVE)];
            let close = rest
                .iter()
                .position(|t| t.block != comma.block || t.is_punct(',') || t.is_punct('.'));
            let Some(close) = close else {
                continue;
            };
            let phrase = &rest[..close];
            // `the chief executive of Harwell Mutual`: the head comes before `of`.
            let head_end = phrase
                .iter()
                .position(|t| &body[t.range.clone()] == "of")
                .unwrap_or(phrase.len());
            let opens_with_article = phrase
                .first()
                .is_some_and(|t| matches!(&body[t.range.clone()], "the" | "a" | "an" | "former"));
            if opens_with_article && let Some(word) = phrase[..head_end].last().and_then(role_word)
            {
                roles.add(word, mention.range.start, mention.entity);
            }
        }
        roles
    }

    fn add(&mut self, word: &'a str, offset: usize, entity: usize) {
        self.holders.entry(word).or_default().push((offset, entity));
    }

    /// The person who last held `word` before `offset`.
    pub fn holder(&self, word: &str, offset: usize) -> Option<usize> {
        let holders = self.holders.get(word)?;
        let before = holders.partition_point(|&(at, _)| at < offset);
        before.checked_sub(1).map(|i| holders[i].1)
    }
}
