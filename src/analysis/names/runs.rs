//! Candidate names: runs of capitalised words, cut at titles and nationalities
//! and trimmed of words capitalised only by their place in a sentence.

use super::super::lexicon::title_case;
use super::{Candidate, Finder, is_particle_any_case};
use crate::analysis::NameKind;
use crate::article::Block;

impl Finder<'_> {
    /// Splits a paragraph's tokens into runs of name words.
    pub(super) fn runs(&self, tokens: &[usize]) -> Vec<Vec<usize>> {
        let mut runs: Vec<Vec<usize>> = Vec::new();
        let mut run: Vec<usize> = Vec::new();
        let mut k = 0;
        while k < tokens.len() {
            let index = tokens[k];
            if self.is_name_word(index) {
                run.push(index);
                let token = &self.tokens[index];
                // A possessive ends the name unless a place word follows (`Queen's Park`).
                let keeps_going = token.possessive > 0
                    && tokens.get(k + 1).is_some_and(|&n| {
                        self.lexicon.possessive_heads.contains(self.text(n))
                            || self.lexicon.org_words.contains(self.text(n))
                    });
                if (token.possessive > 0 && !keeps_going)
                    || has_lowercase_tail(token.stem(self.body))
                {
                    runs.push(std::mem::take(&mut run));
                }
                k += 1;
                continue;
            }
            // What follows only extends a run; most words of a paragraph are not in
            // one and need nothing more.
            if run.is_empty() {
                k += 1;
                continue;
            }
            let word = self.text(index);
            // `Henry VIII`, `Elizabeth I`: a regnal number after a given name.
            if run
                .last()
                .is_some_and(|&last| self.lexicon.given_names.contains(self.text(last)))
                && is_roman_numeral(word)
            {
                run.push(index);
                runs.push(std::mem::take(&mut run));
                k += 1;
                continue;
            }
            let next_is_name = tokens.get(k + 1).is_some_and(|&n| self.is_name_word(n));
            let after_next_is_name = tokens.get(k + 2).is_some_and(|&n| self.is_name_word(n));
            // Particles inside personal names.
            if self.lexicon.particles.contains(word)
                && (next_is_name
                    || (self
                        .lexicon
                        .particles
                        .contains(tokens.get(k + 1).map_or("", |&n| self.text(n)))
                        && after_next_is_name))
            {
                run.push(index);
                k += 1;
                continue;
            }
            // `Bank of England`, `Gulf of Mexico`, `Queen of the South`, the
            // `Secretary of State` title, `Council for Economic Development`.
            if matches!(word, "of" | "for")
                && let Some(&last) = run.last()
                && self.joins_phrase(
                    word,
                    self.text(last),
                    tokens.get(k + 1).map(|&n| self.text(n)),
                )
            {
                let the = tokens.get(k + 1).is_some_and(|&n| self.text(n) == "the");
                let name_at = if the { k + 2 } else { k + 1 };
                if tokens.get(name_at).is_some_and(|&n| self.is_name_word(n)) {
                    run.extend(&tokens[k..name_at]);
                    k = name_at;
                    continue;
                }
            }
            // `Procter & Gamble`; `and` inside an organisation's name once it has an
            // `of` or `for` (`Department of Trade and Industry`).
            let and_in_org = word == "and"
                && run.iter().any(|&t| matches!(self.text(t), "of" | "for"))
                && run
                    .first()
                    .is_some_and(|&t| self.lexicon.org_words.contains(self.text(t)));
            if (self.tokens[index].is_punct('&') || and_in_org) && next_is_name {
                run.push(index);
                k += 1;
                continue;
            }
            runs.push(std::mem::take(&mut run));
            k += 1;
        }
        if !run.is_empty() {
            runs.push(run);
        }
        runs
    }

    /// `of` or `for` after `last` continues the name: after an organisation word
    /// (not a company ending), a geographic or noble head, an event, or inside a
    /// listed title such as `Secretary of State`.
    pub(super) fn joins_phrase(&self, word: &str, last: &str, next: Option<&str>) -> bool {
        if self.lexicon.corporate_suffixes.contains(last) {
            return false;
        }
        self.lexicon.org_words.contains(last)
            || (word == "of"
                && (self.lexicon.of_heads.contains(last)
                    || self.lexicon.event_heads.contains(last)))
            || next.is_some_and(|next| {
                self.lexicon
                    .titles
                    .contains(format!("{last} {word} {next}").as_str())
            })
    }

    /// Cuts a run at titles and nationalities and trims words that are not names.
    pub(super) fn split(&self, run: &[usize]) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut pending: Vec<usize> = Vec::new();
        let mut titled = false;
        let mut k = 0;
        while k < run.len() {
            // A title followed by more of the name: the title is not part of it.
            if let Some(len) = self.title_at(&run[k..]) {
                let rest = &run[k + len..];
                let followed_by_of = rest.first().is_some_and(|&n| self.text(n) == "of");
                // `Major League Baseball`, `General Motors`: a title before an
                // ordinary word is part of another kind of name.
                let honorific = self
                    .lexicon
                    .honorifics
                    .contains(self.text(run[k]).trim_end_matches('.'));
                // `Secretary General Ban Ki-moon`: either of the next two words
                // may show it.
                let names_someone = honorific
                    || rest
                        .iter()
                        .filter(|&&n| !self.lexicon.particles.contains(self.text(n)))
                        .take(2)
                        .any(|&n| {
                            let w = self.text(n);
                            !self.lexicon.is_common_word(w)
                                || self.lexicon.is_personal_name(w)
                                || w.ends_with('.')
                        });
                if names_someone && !followed_by_of && !self.is_org_or_place_name(&run[k..]) {
                    if !pending.is_empty() {
                        out.extend(
                            self.trim(std::mem::take(&mut pending), std::mem::take(&mut titled)),
                        );
                    }
                    titled = true;
                    k += len;
                    continue;
                }
            }
            let index = run[k];
            // Function words, days and months split the run, except as a surname after
            // a given name (`Theresa May`).
            let after_given_name = pending
                .last()
                .is_some_and(|&p| self.lexicon.given_names.contains(self.text(p)));
            // `Will Carling`, `May Ellis`: a given name that is also a function
            // word, capitalised mid-sentence before more of a name.
            let given_name_first = pending.is_empty()
                && !self.tokens[index].sentence_start
                && self.lexicon.given_names.contains(self.text(index))
                && run
                    .get(k + 1)
                    .is_some_and(|&n| !self.lexicon.is_common_word(self.text(n)));
            if self.lexicon.never_in_names.contains(self.text(index))
                && !after_given_name
                && !given_name_first
                && !self.is_inside_known_name(run, k)
            {
                if !pending.is_empty() {
                    out.extend(
                        self.trim(std::mem::take(&mut pending), std::mem::take(&mut titled)),
                    );
                }
                titled = false;
                k += 1;
                continue;
            }
            // `Russian President …`, `American Pete Sampras`, `Democrat Walter
            // Mondale`: a nationality or party in front of a person is not part of
            // their name.
            let word = self.text(index);
            if (self.lexicon.demonyms.contains(word) || self.lexicon.affiliations.contains(word))
                && self.person_follows(&run[k + 1..])
            {
                if !pending.is_empty() {
                    out.extend(
                        self.trim(std::mem::take(&mut pending), std::mem::take(&mut titled)),
                    );
                }
                out.extend(self.trim(vec![index], false));
                k += 1;
                continue;
            }
            pending.push(index);
            k += 1;
        }
        if !pending.is_empty() {
            out.extend(self.trim(pending, titled));
        }
        out
    }

    /// The words start with a person's name or title.
    pub(super) fn person_follows(&self, rest: &[usize]) -> bool {
        let Some(&first) = rest.first() else {
            return false;
        };
        self.lexicon.given_names.contains(self.text(first))
            || self.title_at(rest).is_some()
            || self.looks_like_a_full_name(&rest[..rest.len().min(3)])
    }

    /// Drops a leading word that is capitalised only because it starts a sentence.
    pub(super) fn trim(&self, mut tokens: Vec<usize>, titled: bool) -> Option<Candidate> {
        if !titled && self.capitalised_by_position(&tokens) {
            tokens.remove(0);
        }
        // Particles and `of` never end a name; a regnal number does (`Elizabeth I`).
        while tokens.last().is_some_and(|&t| !self.is_name_word(t)) {
            let regnal = tokens.len() > 1
                && is_roman_numeral(self.text(tokens[tokens.len() - 1]))
                && self
                    .lexicon
                    .given_names
                    .contains(self.text(tokens[tokens.len() - 2]));
            if regnal {
                break;
            }
            tokens.pop();
        }
        // A title on its own (`the Attorney General said`) names no one, but after
        // another title it is a surname (`Mr. King`, `Ms Bishop`).
        if self.title_at(&tokens) == Some(tokens.len()) && !(titled && tokens.len() == 1) {
            return None;
        }
        // Words such as `Former` or `National` are never a name on their own.
        if tokens
            .iter()
            .all(|&t| self.lexicon.not_names.contains(self.text(t)))
        {
            return None;
        }
        Some(Candidate {
            tokens,
            titled,
            fixed_kind: None,
        })
    }

    /// The first word of a run is capitalised only because it starts a sentence
    /// (`But`, `Shells`, `Asked`), not because it is a name.
    pub(super) fn capitalised_by_position(&self, tokens: &[usize]) -> bool {
        let Some(&first) = tokens.first() else {
            return false;
        };
        let word = self.text(first);
        if !self.tokens[first].sentence_start
            || self.is_known_name(self.span_text(tokens))
            || self.mid_sentence.contains(word)
        {
            return false;
        }
        // `Van der Berg's`, `De la Vega`: a particle capitalised at a sentence's
        // start still belongs to the name.
        if tokens.len() > 1 && is_particle_any_case(word) {
            return false;
        }
        let closed_class = self.lexicon.not_names.contains(word);
        if !closed_class && !self.lexicon.is_common_word(word) {
            return false;
        }
        let next = tokens.get(1).map(|&t| self.text(t));
        // `West Indian`, `South Korean`, `North Korea`: compass words lead names.
        if next.is_some() && self.lexicon.compass.contains(word) {
            return false;
        }
        let name_like = self.lexicon.is_personal_name(word)
            || self.lexicon.is_place(word)
            || self.lexicon.orgs.contains(word)
            || self.lexicon.demonyms.contains(word);
        let speaks = self.followed_by_speech(*tokens.last().unwrap_or(&first));
        if name_like && !closed_class && (next.is_some() || speaks) {
            return false;
        }
        // `Red Star`: when the next word is an ordinary word too, the capitals
        // belong to a name rather than to the sentence.
        if let Some(next) = next
            && !closed_class
            && self.lexicon.is_common_word(next)
            && !self.lexicon.is_personal_name(next)
        {
            return false;
        }
        true
    }

    /// Length in tokens of a title at the start of `tokens` (`Prime Minister` is two).
    pub(super) fn title_at(&self, tokens: &[usize]) -> Option<usize> {
        if tokens.len() > 1 && self.lexicon.title_modifiers.contains(self.text(tokens[0])) {
            return self.title_at(&tokens[1..]).map(|len| len + 1);
        }
        (1..=4.min(tokens.len())).rev().find(|&len| {
            let text = self.span_text(&tokens[..len]);
            let text = text.trim_end_matches('.');
            // `Major-General` is written both ways.
            self.lexicon.titles.contains(text)
                || (text.contains('-')
                    && self
                        .lexicon
                        .titles
                        .contains(text.replace('-', " ").as_str()))
        })
    }

    /// Listed as an organisation or a place, or ending in a word that makes it one
    /// (`General Motors`, `Prince Edward Island`).
    pub(super) fn is_org_or_place_name(&self, tokens: &[usize]) -> bool {
        let text = self.span_text(tokens);
        let last = tokens.last().map_or("", |&t| self.text(t));
        self.lexicon.orgs.contains(text)
            || self.lexicon.is_place(text)
            || (tokens.len() > 1
                && (self.lexicon.org_words.contains(last)
                    || self.lexicon.place_heads.contains(last)))
    }

    pub(super) fn is_known_name(&self, text: &str) -> bool {
        self.lexicon.orgs.contains(text) || self.lexicon.is_place(text)
    }

    /// The word is part of a listed multi-word name in this run (`The Hague`).
    pub(super) fn is_inside_known_name(&self, run: &[usize], k: usize) -> bool {
        (k.saturating_sub(crate::analysis::lexicon::LONGEST_LISTED_NAME - 1)..=k).any(|start| {
            (k + 1
                ..=run
                    .len()
                    .min(start + crate::analysis::lexicon::LONGEST_LISTED_NAME))
                .any(|end| end - start > 1 && self.is_known_name(self.span_text(&run[start..end])))
        })
    }

    /// Names in a paragraph written in capitals, found with the word lists alone.
    pub(super) fn capitals(&self, tokens: &[usize], block: &Block) -> Vec<Candidate> {
        let text = &self.body[block.range.clone()];
        // A wire dateline: `LONDON 1996-08-30`, `TAVILDARA, TAJIKISTAN 1996-08-30`.
        if crate::date::parse_place_dateline(text).is_some() || is_dateline_with_country(text) {
            let mut out = Vec::new();
            let mut part: Vec<usize> = Vec::new();
            for &index in tokens {
                let token = &self.tokens[index];
                if token.is_word() {
                    part.push(index);
                } else if !part.is_empty() {
                    out.push(Candidate {
                        tokens: std::mem::take(&mut part),
                        titled: false,
                        fixed_kind: Some(NameKind::Place),
                    });
                }
            }
            return out;
        }
        let mut out = Vec::new();
        let words: Vec<usize> = tokens
            .iter()
            .copied()
            .filter(|&t| self.tokens[t].is_word())
            .collect();
        let mut k = 0;
        while k < words.len() {
            let found = (1..=4.min(words.len() - k)).rev().find_map(|len| {
                let slice = &words[k..k + len];
                let name = title_case(self.span_text(slice));
                let kind = if self.lexicon.orgs.contains(name.as_str()) {
                    Some(NameKind::Organization)
                } else if self.lexicon.is_place(&name) {
                    Some(NameKind::Place)
                } else if len == 1 && self.lexicon.demonyms.contains(name.as_str()) {
                    Some(NameKind::Other)
                } else {
                    None
                };
                // A lone listed word that is also a common one (`TURKEY`, `CHAD`)
                // is not taken in capitals.
                (len > 1 || !self.lexicon.is_common_word(&name))
                    .then_some(kind)
                    .flatten()
                    .map(|kind| (len, kind))
            });
            match found {
                Some((len, kind)) => {
                    out.push(Candidate {
                        tokens: words[k..k + len].to_vec(),
                        titled: false,
                        fixed_kind: Some(kind),
                    });
                    k += len;
                }
                None => k += 1,
            }
        }
        out
    }
}

/// `I` to `XIX`, as written after a monarch's name.
pub(super) fn is_roman_numeral(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 5
        && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
        && !word.contains("IIII")
}

/// A word with a contraction's ending: `'ve`, `’m`, `'ll`, `'re`, `'d`, `n't`.
pub(super) fn is_contraction(word: &str) -> bool {
    let Some((_, tail)) = word.rsplit_once(['\'', '’']) else {
        return false;
    };
    matches!(
        tail,
        "ve" | "m" | "ll" | "re" | "d" | "t" | "VE" | "M" | "LL" | "RE" | "D" | "T"
    )
}

/// `al-Hakim`, `bin-Laden`, `d'Estaing`: a lower-case prefix before a capitalised name.
pub(super) fn prefixed_name(word: &str) -> bool {
    const PREFIXES: [&str; 8] = ["al-", "el-", "bin-", "ibn-", "abu-", "d'", "d’", "de'"];
    PREFIXES.iter().any(|p| {
        word.strip_prefix(p)
            .is_some_and(|rest| rest.starts_with(char::is_uppercase))
    })
}

/// `York-based`, `Turkish-operated`: a hyphenated tail in lower case ends a name.
pub(super) fn has_lowercase_tail(word: &str) -> bool {
    word.rsplit_once('-')
        .is_some_and(|(_, tail)| tail.starts_with(char::is_lowercase))
}

/// `SAN JOSE DEL MONTE, PHILIPPINES 1996-08-30`: a wire dateline with a country,
/// longer than `date::parse_place_dateline` takes (it stops at four words).
pub(super) fn is_dateline_with_country(text: &str) -> bool {
    let Some((place, date)) = text.trim().rsplit_once(' ') else {
        return false;
    };
    crate::date::parse_date(date).is_some()
        && place.len() < 60
        && place.split(',').count() == 2
        && place
            .split(',')
            .next()
            .is_some_and(|p| !p.chars().any(char::is_lowercase))
}
