//! Splitting the body into words and punctuation for name finding, with byte
//! ranges, and marking where sentences start.
//!
//! A word keeps its inner apostrophes and hyphens (`O'Brien`, `al-Hakim`,
//! `Nagorno-Karabakh`) and the full stops of abbreviations and initials (`U.S.`,
//! `J.K.`, `Mr.`), so names come out whole and those full stops do not end
//! sentences.

use std::ops::Range;

use crate::article::Block;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    /// One punctuation character (or symbol).
    Punct(char),
}

/// One token of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: Kind,
    /// The first word of a sentence (or of a quotation, a list item, a paragraph).
    pub sentence_start: bool,
    /// Index of the block the token is in.
    pub block: usize,
    /// Bytes of a possessive ending (`'s`, `’s`, `s'`'s apostrophe) at the end of the word.
    pub possessive: usize,
}

impl Token {
    /// The word without a possessive ending.
    pub fn stem<'a>(&self, body: &'a str) -> &'a str {
        &body[self.range.start..self.range.end - self.possessive]
    }

    /// The range without a possessive ending.
    pub fn stem_range(&self) -> Range<usize> {
        self.range.start..self.range.end - self.possessive
    }

    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

/// Abbreviations written with a full stop that does not end a sentence: titles,
/// company endings, and the US state abbreviations news uses (`Miami, Fla.`).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Mt", "Ft", "Gen", "Sen", "Rep", "Reps", "Sens", "Del", "Lt",
    "Col", "Capt", "Sgt", "Gov", "Prof", "Rev", "Messrs", "Maj", "Cmdr", "Adm", "Supt", "Insp",
    "Det", "Hon", "Pres", "Jr", "Sr", "Inc", "Corp", "Ltd", "Co", "Bros", "No", "vs", "Mme",
    "Mlle", "Fr", "Ave", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Fla", "Ga", "Ill", "Ind",
    "Kan", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla",
    "Ore", "Pa", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
];

/// Abbreviations that may also end a sentence (`… of Acme Inc. The company said`).
const MAY_END_SENTENCE: [&str; 6] = ["Inc", "Corp", "Ltd", "Co", "Jr", "Sr"];

/// Tokenises every block of the body.
pub fn tokenize(body: &str, blocks: &[Block]) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(body.len() / 5);
    for (index, block) in blocks.iter().enumerate() {
        tokenize_block(body, block.range.clone(), index, &mut tokens);
    }
    tokens
}

fn tokenize_block(body: &str, range: Range<usize>, block: usize, tokens: &mut Vec<Token>) {
    let text = Text::new(&body[range.clone()]);
    let base = range.start;
    let mut sentence_start = true;
    let mut k = 0;
    while let Some(c) = text.char_at(k) {
        let start = text.offset_at(k);
        let (end, kind, possessive, next_starts_sentence) = if c.is_whitespace() {
            k += 1;
            continue;
        } else if c.is_alphabetic() {
            let word = text.word(k);
            (word.end, Kind::Word, word.possessive, word.ends_sentence)
        } else if c.is_ascii_digit() {
            (text.number_end(k), Kind::Number, 0, false)
        } else {
            let before = k.checked_sub(1).and_then(|b| text.char_at(b));
            (
                k + 1,
                Kind::Punct(c),
                0,
                starts_sentence_after(c, before, sentence_start),
            )
        };
        tokens.push(Token {
            range: base + start..base + text.offset_at(end),
            kind,
            sentence_start: sentence_start && kind == Kind::Word,
            block,
            possessive,
        });
        sentence_start = next_starts_sentence;
        k = end;
    }
}

/// Whether the word after punctuation `c` starts a sentence.
fn starts_sentence_after(c: char, before: Option<char>, sentence_start: bool) -> bool {
    match c {
        // Sentence ends, and opening quotation marks (a quoted sentence starts).
        '.' | '!' | '?' | ':' | ';' | '…' | '•' | '“' | '«' | '„' | '「' => true,
        // Straight quotes open after a space and otherwise close.
        '"' => before.is_none_or(char::is_whitespace) || sentence_start,
        '‘' | '(' | '[' | '\'' | '—' | '–' | '-' | '”' | '’' | ')' | ']' | '»' => {
            sentence_start
        }
        _ => false,
    }
}

/// A paragraph's characters, indexed.
struct Text<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
}

/// Where a word ends and what it says about the sentence.
struct WordEnd {
    end: usize,
    possessive: usize,
    ends_sentence: bool,
}

impl<'a> Text<'a> {
    fn new(text: &'a str) -> Text<'a> {
        Text {
            text,
            chars: text.char_indices().collect(),
        }
    }

    fn char_at(&self, k: usize) -> Option<char> {
        self.chars.get(k).map(|&(_, c)| c)
    }

    fn offset_at(&self, k: usize) -> usize {
        self.chars.get(k).map_or(self.text.len(), |&(i, _)| i)
    }

    /// Where the part of the word from char `k` to `end` after its last hyphen
    /// starts.
    fn segment_start(&self, k: usize, end: usize) -> usize {
        (k..end)
            .rev()
            .find(|&i| matches!(self.char_at(i), Some('-' | '‐')))
            .map_or(k, |i| i + 1)
    }

    /// Reads the word starting at char `k`.
    fn word(&self, k: usize) -> WordEnd {
        let mut end = k + 1;
        loop {
            match self.char_at(end) {
                Some(c) if c.is_alphanumeric() || is_mark(c) => end += 1,
                Some('\'' | '’' | '-' | '‐')
                    if self.char_at(end + 1).is_some_and(char::is_alphanumeric) =>
                {
                    end += 2;
                }
                // U.S., J.K., and the state in a party tag (`D-S.C.`): single
                // letters and full stops.
                Some('.')
                    if end - self.segment_start(k, end) == 1
                        && self.char_at(end + 1).is_some_and(char::is_alphabetic)
                        && self.char_at(end + 2) == Some('.') =>
                {
                    end += 2;
                }
                _ => break,
            }
        }
        let word = &self.text[self.offset_at(k)..self.offset_at(end)];
        let mut ends_sentence = false;
        if self.char_at(end) == Some('.') {
            let initial = word.chars().count() == 1 && word.starts_with(char::is_uppercase);
            let dotted = word.contains('.');
            // `R-Wis.`, `D-Nev.`: a party tag ends in a state's abbreviation.
            let tail = word.rsplit_once('-').map_or(word, |(_, tail)| tail);
            if initial || dotted || ABBREVIATIONS.contains(&word) || ABBREVIATIONS.contains(&tail) {
                end += 1;
                ends_sentence = MAY_END_SENTENCE.contains(&word)
                    || (dotted && next_word_is_closed_class(self.text, self.offset_at(end)));
            }
        }
        let word = &self.text[self.offset_at(k)..self.offset_at(end)];
        let mut possessive = ["'s", "’s"]
            .iter()
            .find(|ending| word.len() > ending.len() + 1 && word.ends_with(*ending))
            .map_or(0, |ending| ending.len());
        if possessive == 0
            && word.ends_with('s')
            && matches!(self.char_at(end), Some('\'' | '’'))
            && !self.char_at(end + 1).is_some_and(char::is_alphanumeric)
        {
            // `students'`: the apostrophe joins the word as its possessive.
            possessive = self.char_at(end).map_or(0, char::len_utf8);
            end += 1;
        }
        WordEnd {
            end,
            possessive,
            ends_sentence,
        }
    }

    /// Reads the number starting at char `k`: digits with inner `.,:-/`.
    fn number_end(&self, k: usize) -> usize {
        let mut end = k + 1;
        while let Some(c) = self.char_at(end) {
            let joins = matches!(c, '.' | ',' | ':' | '-' | '/')
                && self.char_at(end + 1).is_some_and(|d| d.is_ascii_digit());
            if joins {
                end += 2;
            } else if c.is_alphanumeric() {
                end += 1;
            } else {
                break;
            }
        }
        end
    }
}

/// Combining marks continue a word.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// True when the next word after `at` is a capitalised closed-class word (`The`,
/// `He`, `But`): after `U.S.` that means a new sentence.
fn next_word_is_closed_class(text: &str, at: usize) -> bool {
    let rest = text[at..].trim_start();
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    matches!(
        word.as_str(),
        "The"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "But"
            | "And"
            | "In"
            | "A"
            | "An"
            | "This"
            | "That"
            | "There"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "On"
            | "At"
            | "For"
            | "If"
            | "When"
            | "As"
            | "Some"
            | "Many"
            | "Officials"
            | "Police"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::BlockKind;

    fn words(text: &str) -> Vec<(String, bool)> {
        let blocks = [Block {
            kind: BlockKind::Paragraph,
            range: 0..text.len(),
        }];
        tokenize(text, &blocks)
            .into_iter()
            .filter(Token::is_word)
            .map(|t| (text[t.range].to_owned(), t.sentence_start))
            .collect()
    }

    #[test]
    fn names_stay_whole() {
        let w = words("Mr. O'Brien met J.K. Rowling and al-Hakim in the U.S. on Monday.");
        let texts: Vec<&str> = w.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Mr.", "O'Brien", "met", "J.K.", "Rowling", "and", "al-Hakim", "in", "the", "U.S.",
                "on", "Monday"
            ]
        );
    }

    #[test]
    fn sentence_starts() {
        let w = words("Police came. But Dr. Ruiz said: \"Nobody knows.\" Then she left.");
        let starts: Vec<&str> = w
            .iter()
            .filter(|(_, s)| *s)
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(starts, ["Police", "But", "Nobody", "Then"]);
    }

    #[test]
    fn party_tags_do_not_end_sentences() {
        let w = words("added Rep. Jim Clyburn (D-S.C.), and Sen. Ray Dunmore (R-Wis.) agreed.");
        let texts: Vec<&str> = w.iter().map(|(t, _)| t.as_str()).collect();
        assert!(texts.contains(&"D-S.C."), "{texts:?}");
        assert!(texts.contains(&"R-Wis."), "{texts:?}");
        assert!(!w.iter().skip(1).any(|(_, start)| *start), "{w:?}");
    }

    #[test]
    fn possessives_are_marked() {
        let text = "Russia's envoy and the students' union met Sessions’s aide.";
        let blocks = [Block {
            kind: BlockKind::Paragraph,
            range: 0..text.len(),
        }];
        let tokens = tokenize(text, &blocks);
        let stems: Vec<&str> = tokens
            .iter()
            .filter(|t| t.possessive > 0)
            .map(|t| t.stem(text))
            .collect();
        assert_eq!(stems, ["Russia", "students", "Sessions"]);
    }

    #[test]
    fn initials_keep_their_stop() {
        let w = words("S. Waugh c T. R. Ellison b Warne 12");
        let texts: Vec<&str> = w.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            ["S.", "Waugh", "c", "T.", "R.", "Ellison", "b", "Warne"]
        );
    }
}
