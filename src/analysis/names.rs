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

use std::collections::{HashMap, HashSet};

use super::lexicon::{LEXICON, Lexicon, title_case};
#[cfg(test)]
use super::tokens::tokenize;
use super::tokens::{Kind, Token};
use super::{Entity, Mention, NameKind};
use crate::article::Block;

/// Lower-case words that belong inside a name: `Hendrik van der Berg`, `Omar bin
/// Rashid`, `Luis de la Vega`.
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "da", "di", "do", "du", "del", "della", "dello", "dos",
    "das", "la", "le", "bin", "ibn", "al", "el", "y", "ter", "ten", "zu", "wa",
];

/// A particle in any case (`Van`, `DE`), without allocating.
fn is_particle_any_case(word: &str) -> bool {
    PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(word))
}

/// Words that are never part of a name and so split a run of capitalised words:
/// function words (capitalised when they start a sentence or a headline) and
/// calendar words.
const NEVER_IN_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "You",
    "I",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "Your",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "To",
    "With",
    "Without",
    "Of",
    "As",
    "And",
    "But",
    "Or",
    "Nor",
    "So",
    "Yet",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "Until",
    "Although",
    "Though",
    "Because",
    "However",
    "Meanwhile",
    "Also",
    "Then",
    "Thus",
    "Still",
    "Even",
    "Only",
    "Just",
    "Now",
    "Here",
    "There",
    "Where",
    "What",
    "Which",
    "Who",
    "Whom",
    "Whose",
    "Why",
    "How",
    "All",
    "Some",
    "Many",
    "Most",
    "Several",
    "Both",
    "Each",
    "Every",
    "Any",
    "No",
    "Not",
    "Yes",
    "Is",
    "Was",
    "Are",
    "Were",
    "Be",
    "Has",
    "Have",
    "Had",
    "Do",
    "Does",
    "Did",
    "Will",
    "Would",
    "Can",
    "Could",
    "Should",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Today",
    "Tomorrow",
    "Yesterday",
    "Tonight",
    "Last",
    "Next",
    // A caption's credit follows these: `Hollins Park Photo: Kestrel Bay Times`.
    "Photo",
    "Photograph",
    "Picture",
    "Image",
];

/// Directions that start names (`West Bank`, `South Korean`).
const COMPASS: &[&str] = &[
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
    "Upper", "Lower", "New", "Greater",
];

/// Party and faith labels that go before a person's name like a nationality.
const AFFILIATIONS: &[&str] = &[
    "Democrat",
    "Republican",
    "Labour",
    "Tory",
    "Conservative",
    "Liberal",
    "Socialist",
    "Communist",
    "Green",
    "Catholic",
    "Protestant",
    "Muslim",
    "Ex",
    "Former",
];

/// Last words of events, which are neither people nor places: `U.S. Open`.
const EVENT_HEADS: &[&str] = &[
    "Open",
    "Championship",
    "Championships",
    "Cup",
    "Games",
    "Series",
    "Classic",
    "Prix",
    "Trophy",
    "Award",
    "Awards",
    "Prize",
    "Festival",
    "Olympics",
    "Tournament",
    "Masters",
    "Rally",
    "Marathon",
    "Grand",
    "Day",
    "War",
    "Week",
    "Conference",
    "Summit",
];

/// Words before a name that say it is a place: `the town of Uyo`.
const PLACE_NOUNS: &[&str] = &[
    "town", "city", "village", "province", "region", "district", "state", "port", "capital",
    "island", "county", "suburb", "area", "valley",
];

/// Titles that only ever stand before a person's name.
const HONORIFICS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", "Lord", "Lady", "Madame", "Monsieur",
    "Herr", "Frau", "Senor", "Señor", "Senora", "Señora",
];

/// Company endings, which never take an `of` phrase (`Acme Inc of Ohio`).
const CORPORATE_SUFFIXES: &[&str] = &[
    "Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "Plc", "PLC", "LLC", "AG", "SA",
    "NV", "GmbH", "Bros.",
];

/// Words that can go in front of a title: `Deputy Prime Minister`.
const TITLE_MODIFIERS: &[&str] = &[
    "Deputy",
    "Assistant",
    "Acting",
    "Vice",
    "Senior",
    "Chief",
    "Associate",
    "Interim",
    "Executive",
    "Junior",
    "Principal",
];

/// Heads that take an `of` phrase into the name: `Gulf of Mexico`, `Duke of
/// Norfolk` (organisation words such as `Bank` and `University` also do).
const OF_HEADS: &[&str] = &[
    "Gulf",
    "Bay",
    "Sea",
    "Strait",
    "Straits",
    "Isle",
    "Isles",
    "Cape",
    "Lake",
    "Republic",
    "Kingdom",
    "States",
    "Commonwealth",
    "Province",
    "Duke",
    "Duchess",
    "Earl",
    "Prince",
    "Princess",
    "Queen",
    "King",
    "Sultanate",
    "Emirate",
    "Federation",
];

/// Words after a possessive that keep it inside a name: `Queen's Park`,
/// `St Patrick's Cathedral`.
const POSSESSIVE_HEADS: &[&str] = &[
    "Park",
    "Street",
    "Road",
    "Square",
    "Bay",
    "Island",
    "Head",
    "Point",
    "Cross",
    "Inn",
    "Church",
    "Cathedral",
    "College",
    "Hospital",
    "School",
    "Hall",
    "Court",
    "Green",
    "Wood",
    "Hill",
    "Bridge",
    "Lane",
];

/// Last words that make a name a place: `Linwater Sands`, `Kestrel Bay`.
const PLACE_HEADS: &[&str] = &[
    "Street",
    "Road",
    "Avenue",
    "Square",
    "Bay",
    "Island",
    "Islands",
    "River",
    "Lake",
    "Mountain",
    "Mountains",
    "Valley",
    "Sands",
    "Beach",
    "Coast",
    "Harbour",
    "Harbor",
    "Sound",
    "Falls",
    "Peninsula",
    "Desert",
    "Forest",
    "Park",
    "Heights",
    "Hills",
    "County",
    "Province",
    "Gulf",
    "Sea",
    "Ocean",
];

/// How strongly a name's context says it is a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlaceContext {
    None,
    Weak,
    Strong,
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

/// Where each word of a multi-word name stands, so a name used alone can find
/// the full one: the parts of every full personal name (`Jeff`, `Sessions`), an
/// organisation's first word (`Brennick` for `Brennick Civil Engineering Ltd`), and
/// the surname of a name of unknown kind (`Grace Lindqvist`), which only a titled
/// mention (`Ms Lindqvist`) may claim, showing it to be a person.
struct NameParts<'a> {
    parts: HashMap<&'a str, Vec<usize>>,
    untyped: HashMap<&'a str, Vec<usize>>,
}

impl<'a> NameParts<'a> {
    fn collect(
        finder: &Finder<'a>,
        candidates: &[Candidate],
        mentions: &[(std::ops::Range<usize>, NameKind)],
    ) -> NameParts<'a> {
        let mut parts: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut untyped: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (candidate, (_, kind))) in candidates.iter().zip(mentions).enumerate() {
            if candidate.tokens.len() < 2 || candidate.fixed_kind.is_some() {
                continue;
            }
            match kind {
                NameKind::Person => {
                    for &t in &candidate.tokens {
                        if finder.is_name_word(t) && !finder.text(t).ends_with('.') {
                            parts.entry(finder.text(t)).or_default().push(i);
                        }
                    }
                }
                NameKind::Organization => {
                    parts
                        .entry(finder.text(candidate.tokens[0]))
                        .or_default()
                        .push(i);
                }
                NameKind::Other => {
                    if let Some(&last) = candidate.tokens.last() {
                        untyped.entry(finder.text(last)).or_default().push(i);
                    }
                }
                NameKind::Place => {}
            }
        }
        NameParts { parts, untyped }
    }

    /// The candidate holding the full name that candidate `i` (a single name word,
    /// perhaps after particles: `de la Vega`) stands for: the closest before it,
    /// else the first after.
    fn owner(&self, finder: &Finder<'_>, i: usize, candidate: &Candidate) -> Option<usize> {
        let (&last, before) = candidate.tokens.split_last()?;
        let surname_only = before.iter().all(|&t| is_particle_any_case(finder.text(t)));
        if !surname_only || candidate.fixed_kind.is_some() {
            return None;
        }
        let word = finder.text(last);
        let owners = self
            .parts
            .get(word)
            .or_else(|| candidate.titled.then(|| self.untyped.get(word)).flatten())?;
        // The nearest full name before this mention, else the first after it
        // (owners are in mention order).
        let before = owners.partition_point(|&o| o < i);
        before
            .checked_sub(1)
            .and_then(|k| owners.get(k))
            .or_else(|| owners.first())
            .copied()
    }
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

    /// Splits a paragraph's tokens into runs of name words.
    fn runs(&self, tokens: &[usize]) -> Vec<Vec<usize>> {
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
                        POSSESSIVE_HEADS.contains(&self.text(n))
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
            if PARTICLES.contains(&word)
                && (next_is_name
                    || (PARTICLES.contains(&tokens.get(k + 1).map_or("", |&n| self.text(n)))
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
    fn joins_phrase(&self, word: &str, last: &str, next: Option<&str>) -> bool {
        if CORPORATE_SUFFIXES.contains(&last) {
            return false;
        }
        self.lexicon.org_words.contains(last)
            || (word == "of" && (OF_HEADS.contains(&last) || EVENT_HEADS.contains(&last)))
            || next.is_some_and(|next| {
                self.lexicon
                    .titles
                    .contains(format!("{last} {word} {next}").as_str())
            })
    }

    /// Cuts a run at titles and nationalities and trims words that are not names.
    fn split(&self, run: &[usize]) -> Vec<Candidate> {
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
                let honorific = HONORIFICS.contains(&self.text(run[k]).trim_end_matches('.'));
                // `Secretary General Ban Ki-moon`: either of the next two words
                // may show it.
                let names_someone = honorific
                    || rest
                        .iter()
                        .filter(|&&n| !PARTICLES.contains(&self.text(n)))
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
            if NEVER_IN_NAMES.contains(&self.text(index))
                && !after_given_name
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
            if (self.lexicon.demonyms.contains(word) || AFFILIATIONS.contains(&word))
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
    fn person_follows(&self, rest: &[usize]) -> bool {
        let Some(&first) = rest.first() else {
            return false;
        };
        self.lexicon.given_names.contains(self.text(first))
            || self.title_at(rest).is_some()
            || self.looks_like_a_full_name(&rest[..rest.len().min(3)])
    }

    /// Drops a leading word that is capitalised only because it starts a sentence.
    fn trim(&self, mut tokens: Vec<usize>, titled: bool) -> Option<Candidate> {
        if !titled && self.capitalised_by_position(&tokens) {
            tokens.remove(0);
        }
        // Particles and `of` never end a name.
        while tokens.last().is_some_and(|&t| !self.is_name_word(t)) {
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
    fn capitalised_by_position(&self, tokens: &[usize]) -> bool {
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
        if next.is_some() && COMPASS.contains(&word) {
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
    fn title_at(&self, tokens: &[usize]) -> Option<usize> {
        if tokens.len() > 1 && TITLE_MODIFIERS.contains(&self.text(tokens[0])) {
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
    fn is_org_or_place_name(&self, tokens: &[usize]) -> bool {
        let text = self.span_text(tokens);
        let last = tokens.last().map_or("", |&t| self.text(t));
        self.lexicon.orgs.contains(text)
            || self.lexicon.is_place(text)
            || (tokens.len() > 1
                && (self.lexicon.org_words.contains(last) || PLACE_HEADS.contains(&last)))
    }

    fn is_known_name(&self, text: &str) -> bool {
        self.lexicon.orgs.contains(text) || self.lexicon.is_place(text)
    }

    /// The word is part of a listed multi-word name in this run (`The Hague`).
    fn is_inside_known_name(&self, run: &[usize], k: usize) -> bool {
        (k.saturating_sub(super::lexicon::LONGEST_LISTED_NAME - 1)..=k).any(|start| {
            (k + 1..=run.len().min(start + super::lexicon::LONGEST_LISTED_NAME))
                .any(|end| end - start > 1 && self.is_known_name(self.span_text(&run[start..end])))
        })
    }

    fn followed_by_speech(&self, index: usize) -> bool {
        self.tokens
            .get(index + 1)
            .is_some_and(|t| t.is_word() && self.lexicon.speech_verbs.contains(t.stem(self.body)))
    }

    /// Names in a paragraph written in capitals, found with the word lists alone.
    fn capitals(&self, tokens: &[usize], block: &Block) -> Vec<Candidate> {
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

    /// Gives every candidate a kind and groups mentions into entities.
    fn classify_and_group(&self, candidates: &[Candidate]) -> Names {
        let mentions: Vec<(std::ops::Range<usize>, NameKind)> = candidates
            .iter()
            .map(|c| {
                let first = self.tokens[c.tokens[0]].range.start;
                let last = &self.tokens[*c.tokens.last().unwrap_or(&c.tokens[0])];
                (first..last.stem_range().end, self.kind_of(c))
            })
            .collect();

        let parts = NameParts::collect(self, candidates, &mentions);
        let full_name_for = |i: usize, candidate: &Candidate| parts.owner(self, i, candidate);

        let mut names = Names::default();
        let mut entity_of: Vec<usize> = Vec::with_capacity(candidates.len());
        let mut by_text: HashMap<&str, usize> = HashMap::new();
        let mut acronyms: HashMap<String, usize> = HashMap::new();
        for (i, (candidate, (range, kind))) in candidates.iter().zip(&mentions).enumerate() {
            let text = &self.body[range.clone()];
            let owner = full_name_for(i, candidate);
            let linked = owner
                .filter(|&o| o < i)
                .map(|o| entity_of[o])
                .or_else(|| by_text.get(text).copied())
                .or_else(|| acronyms.get(text).copied());
            let entity = linked.unwrap_or_else(|| {
                let id = names.entities.len();
                let kind = if owner.is_some() {
                    NameKind::Person
                } else {
                    *kind
                };
                names.entities.push(Entity {
                    id,
                    name: text.to_owned(),
                    kind,
                    mentions: 0,
                });
                id
            });
            entity_of.push(entity);
            by_text.entry(text).or_insert(entity);
            if *kind == NameKind::Organization && candidate.tokens.len() > 1 {
                // `Northern Rivers Authority (NRA)` defines `NRA`.
                if let Some(acronym) = self.acronym_after(*candidate.tokens.last().unwrap_or(&0)) {
                    acronyms.insert(acronym, entity);
                }
                acronyms.insert(initials(text), entity);
            }
            let entry = &mut names.entities[entity];
            entry.mentions += 1;
            if entry.kind == NameKind::Other {
                entry.kind = *kind;
            }
            // The fullest form names the entity: `Jeff Sessions`, not `Sessions`.
            if text.len() > entry.name.len()
                && (entry.kind != NameKind::Person || *kind == NameKind::Person)
            {
                text.clone_into(&mut entry.name);
            }
            names.mentions.push(Mention {
                range: range.clone(),
                kind: *kind,
                entity,
            });
        }
        // A full name that comes after its surname (a headline, a first paragraph
        // that says only `Sessions`) still gathers it.
        for (i, candidate) in candidates.iter().enumerate() {
            if let Some(owner) = full_name_for(i, candidate).filter(|&o| o > i) {
                let from = entity_of[i];
                let to = entity_of[owner];
                if from != to && names.entities[from].mentions == 1 {
                    names.entities[from].mentions = 0;
                    names.entities[to].mentions += 1;
                    names.mentions[i].entity = to;
                }
            }
        }
        for mention in &mut names.mentions {
            mention.kind = names.entities[mention.entity].kind;
        }
        self.name_acronyms(&mut names);
        renumber(&mut names);
        names
    }

    /// An organisation known by its initials too is named with both:
    /// `International Monetary Fund (IMF)`.
    fn name_acronyms(&self, names: &mut Names) {
        for mention in &names.mentions {
            let text = &self.body[mention.range.clone()];
            let entity = &mut names.entities[mention.entity];
            let acronym = text.len() >= 2 && text.chars().all(|c| c.is_uppercase() || c == '.');
            if entity.kind == NameKind::Organization
                && acronym
                && entity.name != text
                && !entity.name.ends_with(')')
            {
                entity.name = format!("{} ({text})", entity.name);
            }
        }
    }

    /// `(NRA)` right after a name.
    fn acronym_after(&self, index: usize) -> Option<String> {
        let open = self.tokens.get(index + 1)?;
        let word = self.tokens.get(index + 2)?;
        let close = self.tokens.get(index + 3)?;
        (open.is_punct('(') && close.is_punct(')') && word.is_word())
            .then(|| word.stem(self.body))
            .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.'))
            .map(str::to_owned)
    }

    /// The kind of a candidate from the lists and its context.
    fn kind_of(&self, candidate: &Candidate) -> NameKind {
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
        if several && PLACE_HEADS.contains(&last) {
            return NameKind::Place;
        }
        if several && EVENT_HEADS.contains(&last) {
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
            || (2..tokens.len().min(super::lexicon::LONGEST_LISTED_NAME + 1))
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
            Some("of") if word_before(2).is_some_and(|w| PLACE_NOUNS.contains(&w)) => {
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
    fn looks_like_a_full_name(&self, tokens: &[usize]) -> bool {
        let words: Vec<&str> = tokens
            .iter()
            .map(|&t| self.text(t))
            .filter(|w| !PARTICLES.contains(w))
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
}

/// Drops entities left without mentions and numbers the rest in order.
fn renumber(names: &mut Names) {
    let mut new_id = vec![usize::MAX; names.entities.len()];
    let mut kept = Vec::new();
    for entity in names.entities.drain(..) {
        if entity.mentions > 0 {
            new_id[entity.id] = kept.len();
            kept.push(Entity {
                id: kept.len(),
                ..entity
            });
        }
    }
    names.entities = kept;
    for mention in &mut names.mentions {
        mention.entity = new_id[mention.entity];
    }
}

/// `I` to `XIX`, as written after a monarch's name.
fn is_roman_numeral(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 5
        && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
        && !word.contains("IIII")
}

/// A word with a contraction's ending: `'ve`, `’m`, `'ll`, `'re`, `'d`, `n't`.
fn is_contraction(word: &str) -> bool {
    let Some((_, tail)) = word.rsplit_once(['\'', '’']) else {
        return false;
    };
    matches!(
        tail,
        "ve" | "m" | "ll" | "re" | "d" | "t" | "VE" | "M" | "LL" | "RE" | "D" | "T"
    )
}

/// `al-Hakim`, `bin-Laden`, `d'Estaing`: a lower-case prefix before a capitalised name.
fn prefixed_name(word: &str) -> bool {
    const PREFIXES: [&str; 8] = ["al-", "el-", "bin-", "ibn-", "abu-", "d'", "d’", "de'"];
    PREFIXES.iter().any(|p| {
        word.strip_prefix(p)
            .is_some_and(|rest| rest.starts_with(char::is_uppercase))
    })
}

/// `York-based`, `Turkish-operated`: a hyphenated tail in lower case ends a name.
fn has_lowercase_tail(word: &str) -> bool {
    word.rsplit_once('-')
        .is_some_and(|(_, tail)| tail.starts_with(char::is_lowercase))
}

/// `SAN JOSE DEL MONTE, PHILIPPINES 1996-08-30`: a wire dateline with a country,
/// longer than `date::parse_place_dateline` takes (it stops at four words).
fn is_dateline_with_country(text: &str) -> bool {
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

/// `Northern Rivers Authority` → `NRA`.
fn initials(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| w.starts_with(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
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
