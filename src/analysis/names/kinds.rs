//! The kind of a name (person, organisation, place or other) from the word
//! lists and the words around it.

use super::super::tokens::{Kind, Token};
use super::{Candidate, Finder};
use crate::analysis::NameKind;

/// How strongly a name's context says it is a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlaceContext {
    None,
    Weak,
    Strong,
}

impl Finder<'_> {
    /// The kind of a candidate from the lists and its context.
    pub(super) fn kind_of(&self, candidate: &Candidate) -> NameKind {
        if let Some(kind) = candidate.fixed_kind {
            return kind;
        }
        let tokens = &candidate.tokens;
        let text = self.span_text(tokens);
        let first = self.text(tokens[0]);
        let last = tokens.last().map_or("", |&t| self.text(t));
        let end = *tokens.last().unwrap_or(&tokens[0]);
        let several = tokens.len() > 1;
        if self.lexicon.orgs.contains(text) {
            return NameKind::Organization;
        }
        if self.lexicon.is_place(text) {
            return NameKind::Place;
        }
        if candidate.titled {
            return NameKind::Person;
        }
        if several && self.lexicon.org_words.contains(last) {
            return NameKind::Organization;
        }
        if several
            && self.lexicon.org_words.contains(first)
            && tokens.iter().any(|&t| self.text(t) == "of")
        {
            return NameKind::Organization;
        }
        if several && self.lexicon.place_heads.contains(last) {
            return NameKind::Place;
        }
        if several && self.lexicon.event_heads.contains(last) {
            return NameKind::Other;
        }
        if !several && self.lexicon.demonyms.contains(text) {
            return NameKind::Other;
        }
        // `Greenock Morton 1 Falkirk 0`: a name between scores is a team.
        if self.between_scores(tokens[0], end) {
            return NameKind::Organization;
        }
        if text
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&')
            && text.chars().filter(|c| c.is_uppercase()).count() >= 2
        {
            return NameKind::Organization;
        }
        match self.place_context(tokens[0]) {
            PlaceContext::Strong => return NameKind::Place,
            PlaceContext::Weak if !self.lexicon.given_names.contains(first) => {
                return NameKind::Place;
            }
            _ => {}
        }
        // `Hong Kong Open`, `Roman Catholic`: a listed place or nationality inside
        // means this is not a person.
        let has_place_or_nationality = tokens
            .iter()
            .any(|&t| self.lexicon.demonyms.contains(self.text(t)))
            || (2..tokens
                .len()
                .min(crate::analysis::lexicon::LONGEST_LISTED_NAME + 1))
                .any(|len| self.lexicon.is_place(self.span_text(&tokens[..len])));
        let initial = |t: usize| {
            let w = self.text(t);
            w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() <= 2
        };
        if several
            && !has_place_or_nationality
            && (self.lexicon.given_names.contains(first) || initial(tokens[0]))
            && !self.lexicon.is_place(last)
        {
            return NameKind::Person;
        }
        if several
            && !has_place_or_nationality
            && self.lexicon.surnames.contains(last)
            && !text.contains(" of ")
        {
            return NameKind::Person;
        }
        if several && self.looks_like_a_full_name(tokens) {
            return NameKind::Person;
        }
        // `Ato Boldon (Trinidad)`: results tables name a person's country after them.
        if several && self.followed_by_bracketed_place(end) {
            return NameKind::Person;
        }
        if self.followed_by_speech(end) && tokens.len() <= 3 {
            return NameKind::Person;
        }
        NameKind::Other
    }

    /// What the words before a name say about it being a place: `the town of Uyo`
    /// (strong), `in Linwater` (weak: `in` also comes before people).
    fn place_context(&self, start: usize) -> PlaceContext {
        let word_before = |back: usize| {
            start
                .checked_sub(back)
                .and_then(|i| self.tokens.get(i))
                .filter(|t| t.is_word())
                .map(|t| t.stem(self.body))
        };
        match word_before(1) {
            Some("in" | "at" | "near" | "outside") => PlaceContext::Weak,
            Some("of") if word_before(2).is_some_and(|w| self.lexicon.place_nouns.contains(w)) => {
                PlaceContext::Strong
            }
            _ => PlaceContext::None,
        }
    }

    /// The name stands in a results table: a plain score after it, and a score or
    /// the start of the line before it.
    fn between_scores(&self, start: usize, end: usize) -> bool {
        let is_score = |t: Option<&Token>| {
            t.is_some_and(|t| {
                t.kind == Kind::Number
                    && t.range.len() <= 3
                    && self.body[t.range.clone()]
                        .bytes()
                        .all(|b| b.is_ascii_digit())
            })
        };
        let after = self
            .tokens
            .get(end + 1)
            .filter(|t| t.block == self.tokens[end].block);
        let before = start
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .filter(|t| t.block == self.tokens[start].block);
        is_score(after) && (before.is_none() || is_score(before))
    }

    /// Two or three capitalised words that are neither ordinary words nor listed as
    /// anything else are, in news, nearly always a person (`Rustu Recber`).
    pub(super) fn looks_like_a_full_name(&self, tokens: &[usize]) -> bool {
        let words: Vec<&str> = tokens
            .iter()
            .map(|&t| self.text(t))
            .filter(|w| !self.lexicon.particles.contains(w))
            .collect();
        (2..=3).contains(&words.len())
            && words.iter().all(|w| {
                !self.lexicon.is_common_word(w)
                    && !self.lexicon.is_place(w)
                    && !self.lexicon.demonyms.contains(w)
                    && !self.lexicon.org_words.contains(w)
                    && !self.lexicon.orgs.contains(w)
                    && !w.chars().all(|c| c.is_uppercase() || c == '.')
            })
    }

    /// `(Germany)` right after a name.
    fn followed_by_bracketed_place(&self, index: usize) -> bool {
        let (Some(open), Some(word), Some(close)) = (
            self.tokens.get(index + 1),
            self.tokens.get(index + 2),
            self.tokens.get(index + 3),
        ) else {
            return false;
        };
        open.is_punct('(') && close.is_punct(')') && word.is_word() && {
            let w = word.stem(self.body);
            self.lexicon.is_place(w) || w == "U.S."
        }
    }

    pub(super) fn followed_by_speech(&self, index: usize) -> bool {
        self.tokens
            .get(index + 1)
            .is_some_and(|t| t.is_word() && self.lexicon.speech_verbs.contains(t.stem(self.body)))
    }
}
