//! Finding names of people, organisations and places, and grouping mentions of the
//! same one into entities.
//!
//! Deterministic rules over word lists (`lexicon`), in passes:
//! 1. runs of capitalised words (with name particles such as `van der`, `bin`,
//!    and `of` inside names such as `Bank of England`) are candidates;
//! 2. runs are cut at titles (`President`, `Mr`), after a leading nationality
//!    (`Russian`), and trimmed of words that only look like names because they
//!    start a sentence (`But`, `Shells`) or are days and months;
//! 3. each mention gets a kind from the lists and its context (a title or given
//!    name means a person, `Party` or `Inc` an organisation, `in` before an unknown
//!    word a place), and mentions of one name are grouped: `Jeff Sessions`,
//!    `Mr Sessions` and `Sessions's` are one person, `FBI` the organisation whose
//!    name it abbreviates.
//!
//! Text written in capitals (wire datelines such as `LONDON 1996-08-30`) is read
//! with the lists alone, since capitals say nothing there.
//!
//! The passes live in `runs` (candidates), `kinds` (what each one names) and
//! `entities` (grouping); the word lists in `assets/lexicon/`.

mod entities;
mod kinds;
mod runs;

use runs::{is_contraction, prefixed_name};

use std::collections::HashSet;

use super::lexicon::{LEXICON, Lexicon};
use super::tokens::Token;
#[cfg(test)]
use super::tokens::tokenize;
use super::{Entity, Mention, NameKind};
use crate::article::Block;

/// A particle in any case (`Van`, `DE`), without allocating.
pub(super) fn is_particle_any_case(word: &str) -> bool {
    LEXICON
        .particles
        .iter()
        .any(|p| p.eq_ignore_ascii_case(word))
}

/// A candidate name: token indices plus what the text says about it.
#[derive(Debug, Clone)]
struct Candidate {
    /// Indices into the token list, in order.
    tokens: Vec<usize>,
    /// A title stands in front of it (`Mr`, `President`).
    titled: bool,
    /// The kind decided from its form alone (a dateline place, a lexicon hit in
    /// capitals).
    fixed_kind: Option<NameKind>,
}

/// The names found in a body.
#[derive(Debug, Default)]
pub struct Names {
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
}

/// Finds the names in `body`.
pub fn find_names(body: &str, blocks: &[Block], tokens: &[Token]) -> Names {
    let lexicon = &*LEXICON;
    let caps_blocks: Vec<bool> = blocks
        .iter()
        .map(|b| {
            let text = &body[b.range.clone()];
            !text.chars().any(char::is_lowercase) && text.chars().any(char::is_uppercase)
        })
        .collect();
    let finder = Finder {
        body,
        tokens,
        lexicon,
        mid_sentence: mid_sentence_words(body, tokens, &caps_blocks),
    };
    let mut candidates = Vec::new();
    let mut runs = Vec::new();
    // Tokens come in block order, so each block's tokens are one stretch.
    let mut from = 0;
    for (index, block) in blocks.iter().enumerate() {
        let to = from
            + tokens[from..]
                .iter()
                .position(|t| t.block != index)
                .unwrap_or(tokens.len() - from);
        let in_block: Vec<usize> = (from..to).collect();
        from = to;
        if caps_blocks[index] {
            candidates.extend(finder.capitals(&in_block, block));
        } else {
            runs.extend(finder.runs(&in_block));
        }
    }
    for run in runs {
        candidates.extend(finder.split(&run));
    }
    candidates.sort_by_key(|c| c.tokens.first().copied());
    finder.classify_and_group(&candidates)
}

/// Capitalised words seen in the middle of a sentence: proof that a word is a name
/// even where it starts a sentence.
fn mid_sentence_words<'a>(
    body: &'a str,
    tokens: &[Token],
    caps_blocks: &[bool],
) -> HashSet<&'a str> {
    tokens
        .iter()
        .filter(|t| t.is_word() && !t.sentence_start && !caps_blocks[t.block])
        .map(|t| t.stem(body))
        .filter(|w| w.starts_with(char::is_uppercase))
        .collect()
}

struct Finder<'a> {
    body: &'a str,
    tokens: &'a [Token],
    lexicon: &'a Lexicon,
    mid_sentence: HashSet<&'a str>,
}

impl<'a> Finder<'a> {
    fn text(&self, index: usize) -> &'a str {
        self.tokens[index].stem(self.body)
    }

    /// The text from the first to the last token of a run.
    fn span_text(&self, tokens: &[usize]) -> &'a str {
        match (tokens.first(), tokens.last()) {
            (Some(&first), Some(&last)) => {
                &self.body[self.tokens[first].range.start..self.tokens[last].stem_range().end]
            }
            _ => "",
        }
    }

    /// A word that can be part of a name: capitalised (or a name with a
    /// lower-case prefix such as `al-Hakim`), without digits.
    fn is_name_word(&self, index: usize) -> bool {
        let token = &self.tokens[index];
        if !token.is_word() {
            return false;
        }
        let word = token.stem(self.body);
        if word.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        let first = word.chars().next();
        if first.is_some_and(char::is_uppercase) {
            // A lone capital letter is a label (`W D L`), `I` and `A` are words;
            // initials carry their full stop (`J.`).
            if word.chars().count() == 1 {
                return false;
            }
            // `We've`, `I’m`, `Don't`: contractions, not names (`O'Neill` has a
            // capital after its apostrophe).
            if is_contraction(word) {
                return false;
            }
            // Capitals for emphasis or table headings: `FORECAST`, `AMERICAN`.
            let shouting =
                word.len() >= 3 && !word.contains('.') && !word.chars().any(char::is_lowercase);
            return !(shouting && self.lexicon.is_common_word(word));
        }
        prefixed_name(word)
    }
}

/// Byte range helper for tests.
#[cfg(test)]
fn texts(body: &str, names: &Names) -> Vec<(String, NameKind)> {
    names
        .mentions
        .iter()
        .map(|m| (body[m.range.clone()].to_owned(), m.kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::BlockKind;

    fn find(text: &str) -> Vec<(String, NameKind)> {
        let mut blocks = Vec::new();
        let mut start = 0;
        for paragraph in text.split("\n\n") {
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                range: start..start + paragraph.len(),
            });
            start += paragraph.len() + 2;
        }
        texts(text, &find_names(text, &blocks, &tokenize(text, &blocks)))
    }

    fn spans(text: &str) -> Vec<String> {
        find(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn people_with_titles_and_surnames() {
        let found = find(
            "US Attorney General Jeff Sessions spoke. Mr Sessions said he would go. Sessions's aides agreed.",
        );
        assert!(
            found.contains(&("Jeff Sessions".into(), NameKind::Person)),
            "{found:?}"
        );
        assert!(
            found.contains(&("Sessions".into(), NameKind::Person)),
            "{found:?}"
        );
        assert_eq!(
            found.iter().filter(|(t, _)| t == "Sessions").count(),
            2,
            "{found:?}"
        );
    }

    #[test]
    fn sentence_starts_are_not_names() {
        let found = spans(
            "But the council met. Asked if it would pay, Ms Okafor said no. Speaking before the vote, she left.",
        );
        assert_eq!(found, ["Okafor"]);
    }

    #[test]
    fn particles_and_hyphens() {
        let found = spans(
            "Hendrik van der Berg met Omar bin Rashid and Anna-Lena Brandt-Oyelaran and Samir al-Hakim.",
        );
        assert_eq!(
            found,
            [
                "Hendrik van der Berg",
                "Omar bin Rashid",
                "Anna-Lena Brandt-Oyelaran",
                "Samir al-Hakim"
            ]
        );
    }

    #[test]
    fn organisations_and_acronyms() {
        let found = find(
            "The Northern Rivers Authority (NRA) said the NRA would act. The Bank of England agreed.",
        );
        assert!(
            found.contains(&("Northern Rivers Authority".into(), NameKind::Organization)),
            "{found:?}"
        );
        assert!(
            found.contains(&("NRA".into(), NameKind::Organization)),
            "{found:?}"
        );
        assert!(
            found.contains(&("Bank of England".into(), NameKind::Organization)),
            "{found:?}"
        );
    }

    #[test]
    fn days_and_months_are_not_names() {
        assert!(spans("On Monday in March the vote passed.").is_empty());
    }

    #[test]
    fn wire_datelines() {
        let found = find("LONDON 1996-08-30\n\nThe game ended.");
        assert_eq!(found, [("LONDON".into(), NameKind::Place)]);
    }

    #[test]
    fn nationality_before_a_title_is_separate() {
        let found = spans("Russian President Boris Yeltsin flew to Germany.");
        assert_eq!(found, ["Russian", "Boris Yeltsin", "Germany"]);
    }
}
