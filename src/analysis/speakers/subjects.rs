//! Where a sentence's subject stands, so that a `he` or `she` can be read as the
//! person the text is about: news writing keeps that person in subject position
//! (`Mr Trump said he stood by Mr Sessions. He said …` is still Mr Trump).
//!
//! No parsing: after a conjunction and an opening phrase (`Asked if …,`, `During
//! the debate,`), the subject is the first person or pronoun among the next few
//! words, unless a verb comes first (`Police arrested Mr Brenn` has no person as
//! its subject).

use std::ops::Range;

use super::super::lexicon::LEXICON;
use super::super::tokens::Token;

/// Words before the subject that do not open a phrase of their own.
const CONJUNCTIONS: &[&str] = &[
    "but",
    "and",
    "so",
    "yet",
    "still",
    "however",
    "meanwhile",
    "then",
    "now",
    "also",
    "instead",
    "later",
    "earlier",
    "today",
    "yesterday",
];

/// Words that open a phrase ending at a comma before the subject: `During the
/// debate, she …`, `If elected, he …`.
const PHRASE_OPENERS: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "following",
    "while",
    "when",
    "since",
    "despite",
    "with",
    "without",
    "for",
    "from",
    "under",
    "by",
    "as",
    "if",
    "although",
    "though",
    "because",
    "once",
    "until",
    "unlike",
    "like",
    "amid",
    "over",
    "throughout",
    "within",
    "upon",
    "last",
    "this",
    "next",
    "asked",
    "speaking",
    "pressed",
    "responding",
];

/// Words that come after a subject, never before it: the subject slot is empty
/// once one is reached.
const AFTER_SUBJECT: &[&str] = &[
    "has", "had", "have", "was", "were", "is", "are", "will", "would", "could", "should", "can",
    "may", "might", "must", "did", "does", "do", "who", "which", "that",
];

/// The most words read for a subject after the opening phrase.
const SUBJECT_WINDOW: usize = 6;

/// The most tokens an opening phrase may take before its comma.
const OPENING_PHRASE: usize = 30;

/// The sentences of the body as token ranges: each ends after a `.`, `?` or `!`,
/// or at the end of its block.
pub fn sentences(tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        let last_in_block = tokens
            .get(i + 1)
            .is_none_or(|next| next.block != token.block);
        if last_in_block || token.is_punct('.') || token.is_punct('?') || token.is_punct('!') {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    out
}

/// The index in `sentence` of the token that may be its subject: a word that is
/// neither a conjunction nor in an opening phrase, within the first few words, and
/// before any verb. `words` says which tokens are words of running text (not
/// inside a quotation); `is_subject` which of them can be a subject.
pub fn subject_slot(
    body: &str,
    sentence: &[Token],
    words: impl Fn(&Token) -> bool,
    is_subject: impl Fn(&Token) -> bool,
) -> Option<usize> {
    let outside: Vec<usize> = (0..sentence.len())
        .filter(|&i| words(&sentence[i]))
        .collect();
    let word_at = |i: usize| &body[sentence[i].range.clone()];
    // Sentence-initial words are capitalised: compare without allocating.
    let listed = |list: &[&str], i: usize| list.iter().any(|w| w.eq_ignore_ascii_case(word_at(i)));
    let mut k = 0;
    while k < outside.len()
        && (listed(CONJUNCTIONS, outside[k]) || sentence[outside[k]].is_punct(','))
    {
        k += 1;
    }
    let first = *outside.get(k)?;
    let opens_phrase = listed(PHRASE_OPENERS, first)
        || (sentence[first].is_word() && word_at(first).ends_with("ing"));
    if opens_phrase
        && let Some(comma) = outside[k..]
            .iter()
            .take(OPENING_PHRASE)
            .position(|&i| sentence[i].is_punct(','))
    {
        k += comma + 1;
    } else if opens_phrase {
        k += 1;
    }
    for &i in outside.iter().skip(k).take(SUBJECT_WINDOW) {
        let token = &sentence[i];
        if is_subject(token) {
            return Some(i);
        }
        let word = &body[token.range.clone()];
        let verb = LEXICON.speech_verbs.contains(word)
            || LEXICON.calling_verbs.contains(word)
            || AFTER_SUBJECT.contains(&word)
            || (word.ends_with("ed") && word.starts_with(char::is_lowercase));
        if verb {
            return None;
        }
    }
    None
}
