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

/// Abbreviations written with a full stop that does not end a sentence.
const ABBREVIATIONS: [&str; 40] = [
    "Mr", "Mrs", "Ms", "Dr", "St", "Mt", "Ft", "Gen", "Sen", "Rep", "Lt", "Col", "Capt", "Sgt",
    "Gov", "Prof", "Rev", "Messrs", "Maj", "Cmdr", "Adm", "Supt", "Insp", "Det", "Hon", "Pres",
    "Jr", "Sr", "Inc", "Corp", "Ltd", "Co", "Bros", "No", "vs", "Mme", "Mlle", "Fr", "Sen", "Ave",
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
    let text = &body[range.clone()];
    let base = range.start;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let char_at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let offset_at = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    let mut sentence_start = true;
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        if c.is_alphabetic() {
            let start = k;
            let mut end = k + 1;
            loop {
                match char_at(end) {
                    Some(c) if c.is_alphanumeric() || is_mark(c) => end += 1,
                    Some('\'' | '’' | '-' | '‐')
                        if char_at(end + 1).is_some_and(char::is_alphanumeric) =>
                    {
                        end += 2
                    }
                    Some('.')
                        if end - start == 1
                            && char_at(end + 1).is_some_and(char::is_alphabetic)
                            && char_at(end + 2) == Some('.') =>
                    {
                        // U.S., J.K.: single letters and full stops.
                        end += 2;
                    }
                    _ => break,
                }
            }
            let word = &text[i..offset_at(end)];
            let mut ends_sentence_here = false;
            if char_at(end) == Some('.') {
                let stem = word.trim_end_matches('.');
                let initial = word.chars().count() == 1 && c.is_uppercase();
                let dotted = word.contains('.');
                if initial || dotted || ABBREVIATIONS.contains(&stem) {
                    end += 1;
                    ends_sentence_here = MAY_END_SENTENCE.contains(&stem)
                        || (dotted && next_word_is_closed_class(text, offset_at(end)));
                }
            }
            let mut possessive = 0;
            let word = &text[i..offset_at(end)];
            for ending in ["'s", "’s"] {
                if word.len() > ending.len() + 1 && word.ends_with(ending) {
                    possessive = ending.len();
                }
            }
            if possessive == 0
                && word.ends_with('s')
                && matches!(char_at(end), Some('\'' | '’'))
                && !char_at(end + 1).is_some_and(char::is_alphanumeric)
            {
                // `students'`: the apostrophe joins the word as its possessive.
                end += 1;
                possessive = char_at(end - 1).map_or(0, char::len_utf8);
            }
            tokens.push(Token {
                range: base + i..base + offset_at(end),
                kind: Kind::Word,
                sentence_start,
                block,
                possessive,
            });
            sentence_start = ends_sentence_here;
            k = end;
        } else if c.is_ascii_digit() {
            let mut end = k + 1;
            while let Some(c) = char_at(end) {
                let joins = matches!(c, '.' | ',' | ':' | '-' | '/')
                    && char_at(end + 1).is_some_and(|d| d.is_ascii_digit());
                if c.is_alphanumeric() || joins {
                    end += if joins { 2 } else { 1 };
                } else {
                    break;
                }
            }
            tokens.push(Token {
                range: base + i..base + offset_at(end),
                kind: Kind::Number,
                sentence_start: false,
                block,
                possessive: 0,
            });
            sentence_start = false;
            k = end;
        } else {
            tokens.push(Token {
                range: base + i..base + i + c.len_utf8(),
                kind: Kind::Punct(c),
                sentence_start: false,
                block,
                possessive: 0,
            });
            let before = if k == 0 { None } else { char_at(k - 1) };
            sentence_start = match c {
                '.' | '!' | '?' | ':' | ';' | '…' | '•' => true,
                // An opening quotation mark starts a quoted sentence.
                '“' | '«' | '„' | '「' => true,
                // Straight quotes open after a space and otherwise close.
                '"' => before.is_none_or(char::is_whitespace) || sentence_start,
                '‘' | '(' | '[' | '\'' | '—' | '–' | '-' | '”' | '’' | ')' | ']' | '»' => {
                    sentence_start
                }
                _ => false,
            };
            k += 1;
        }
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
            .filter(|t| t.is_word())
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
