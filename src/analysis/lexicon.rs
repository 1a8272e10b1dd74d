//! The word lists name finding relies on, embedded from `assets/lexicon/` and
//! loaded once on first use. Each list's own header says where its facts come from.

use std::collections::HashSet;
use std::sync::LazyLock;

/// All the lists, as sets of exact strings (multi-word entries included).
pub struct Lexicon {
    pub given_names: HashSet<&'static str>,
    pub surnames: HashSet<&'static str>,
    pub countries: HashSet<&'static str>,
    pub places: HashSet<&'static str>,
    pub demonyms: HashSet<&'static str>,
    pub org_words: HashSet<&'static str>,
    pub orgs: HashSet<&'static str>,
    pub titles: HashSet<&'static str>,
    pub not_names: HashSet<&'static str>,
    /// Common English words, lower case.
    pub english: HashSet<&'static str>,
    /// Every form of the verbs that introduce speech: `said`, `told`, `adding`.
    pub speech_verbs: HashSet<&'static str>,
    /// Every form of the verbs that put words in someone's mouth: `called`, `accused`.
    pub calling_verbs: HashSet<&'static str>,
    /// Lists that shape names (`assets/lexicon/name_words.txt`, one field per section).
    pub particles: HashSet<&'static str>,
    pub never_in_names: HashSet<&'static str>,
    pub compass: HashSet<&'static str>,
    pub affiliations: HashSet<&'static str>,
    pub event_heads: HashSet<&'static str>,
    pub place_nouns: HashSet<&'static str>,
    pub honorifics: HashSet<&'static str>,
    pub corporate_suffixes: HashSet<&'static str>,
    pub title_modifiers: HashSet<&'static str>,
    pub of_heads: HashSet<&'static str>,
    pub possessive_heads: HashSet<&'static str>,
    pub place_heads: HashSet<&'static str>,
    pub team_before: HashSet<&'static str>,
    pub team_pairs_before: HashSet<&'static str>,
    pub team_after: HashSet<&'static str>,
    pub team_possessions: HashSet<&'static str>,
    pub club_prefixes: HashSet<&'static str>,
    pub roles: HashSet<&'static str>,
    pub org_before: HashSet<&'static str>,
    pub org_after: HashSet<&'static str>,
    pub place_after: HashSet<&'static str>,
    pub landform_heads: HashSet<&'static str>,
    /// What an organisation speaks through: `report`, `spokeswoman`.
    pub voices: HashSet<&'static str>,
    /// Nouns for something said: `claim`, `remarks`, `message`.
    pub statements: HashSet<&'static str>,
}

/// The most words in any listed place or organisation name, so that looking for
/// listed names inside a long run of capitalised words stays cheap.
pub const LONGEST_LISTED_NAME: usize = 6;

/// The lexicon, built the first time it is needed (a few milliseconds).
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let reporting = include_str!("../../assets/lexicon/reporting.txt");
    let name_words = include_str!("../../assets/lexicon/name_words.txt");
    Lexicon {
        given_names: entries(include_str!("../../assets/lexicon/given_names.txt")),
        surnames: entries(include_str!("../../assets/lexicon/surnames.txt")),
        countries: entries(include_str!("../../assets/lexicon/countries.txt")),
        places: entries(include_str!("../../assets/lexicon/places.txt")),
        demonyms: entries(include_str!("../../assets/lexicon/demonyms.txt")),
        org_words: entries(include_str!("../../assets/lexicon/org_words.txt")),
        orgs: entries(include_str!("../../assets/lexicon/orgs.txt")),
        titles: entries(include_str!("../../assets/lexicon/titles.txt")),
        not_names: entries(include_str!("../../assets/lexicon/not_names.txt")),
        english: entries(include_str!("../../assets/lexicon/english_words.txt")),
        particles: section_words(name_words, "[particles]"),
        never_in_names: section_words(name_words, "[never in names]"),
        compass: section_words(name_words, "[compass]"),
        affiliations: section_words(name_words, "[affiliations]"),
        event_heads: section_words(name_words, "[event heads]"),
        place_nouns: section_words(name_words, "[place nouns]"),
        honorifics: section_words(name_words, "[honorifics]"),
        corporate_suffixes: section_words(name_words, "[corporate suffixes]"),
        title_modifiers: section_words(name_words, "[title modifiers]"),
        of_heads: section_words(name_words, "[of heads]"),
        possessive_heads: section_words(name_words, "[possessive heads]"),
        place_heads: section_words(name_words, "[place heads]"),
        team_before: section_words(name_words, "[team before]"),
        team_pairs_before: section_words(name_words, "[team pairs before]"),
        team_after: section_words(name_words, "[team after]"),
        team_possessions: section_words(name_words, "[team possessions]"),
        club_prefixes: section_words(name_words, "[club prefixes]"),
        roles: section_words(name_words, "[roles]"),
        org_before: section_words(name_words, "[org before]"),
        org_after: section_words(name_words, "[org after]"),
        place_after: section_words(name_words, "[place after]"),
        landform_heads: section_words(name_words, "[landform heads]"),
        speech_verbs: section_words(reporting, "[speech]"),
        calling_verbs: section_words(reporting, "[calling]"),
        voices: section_words(reporting, "[voices]"),
        statements: section_words(reporting, "[statements]"),
    }
});

/// Non-empty lines that are not `#` comments.
fn entries(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// The space-separated words of one `[section]` of a list.
fn section_words(text: &'static str, section: &str) -> HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .skip_while(|line| *line != section)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .flat_map(str::split_whitespace)
        .collect()
}

impl Lexicon {
    /// A country or another place.
    pub fn is_place(&self, name: &str) -> bool {
        self.countries.contains(name) || self.places.contains(name)
    }

    /// A given name or a surname.
    pub fn is_personal_name(&self, name: &str) -> bool {
        self.given_names.contains(name) || self.surnames.contains(name)
    }

    /// A common English word when written in lower case (`Shells` → `shells`).
    pub fn is_common_word(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        if self.english.contains(lower.as_str()) {
            return true;
        }
        // `Quarter-final`, `Year-on-year`: every part an ordinary word.
        lower.contains('-')
            && lower
                .split('-')
                .all(|part| part.is_empty() || self.english.contains(part))
    }
}

/// `LONDON` → `London`, `NEW YORK` → `New York`: the form the lists use, for text
/// written in capitals.
pub fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start_of_word = true;
    for c in text.chars() {
        if start_of_word {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start_of_word = !c.is_alphanumeric();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_listed_name_is_longer_than_the_limit() {
        let lexicon = &*LEXICON;
        let names = lexicon
            .places
            .iter()
            .chain(&lexicon.countries)
            .chain(&lexicon.orgs);
        for name in names {
            assert!(
                name.split_whitespace().count() <= LONGEST_LISTED_NAME,
                "{name} is longer than LONGEST_LISTED_NAME"
            );
        }
    }

    #[test]
    fn lists_load_without_comments() {
        let lexicon = &*LEXICON;
        assert!(lexicon.given_names.contains("James"));
        assert!(lexicon.countries.contains("France"));
        assert!(lexicon.is_place("New York"));
        assert!(lexicon.org_words.contains("Party"));
        assert!(lexicon.titles.contains("President"));
        assert!(lexicon.not_names.contains("Monday"));
        assert!(lexicon.is_common_word("Shells"));
        assert!(!lexicon.given_names.iter().any(|n| n.starts_with('#')));
        assert!(lexicon.speech_verbs.contains("said"));
        assert!(lexicon.speech_verbs.contains("adding"));
        assert!(!lexicon.speech_verbs.contains("called"));
        assert!(lexicon.calling_verbs.contains("called"));
        assert!(!lexicon.calling_verbs.contains("said"));
    }

    #[test]
    fn title_casing() {
        assert_eq!(title_case("LONDON"), "London");
        assert_eq!(title_case("NEW YORK"), "New York");
        assert_eq!(title_case("RIO DE JANEIRO"), "Rio De Janeiro");
    }
}
