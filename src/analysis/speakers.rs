//! Who said each quotation: the attribution patterns news writing uses around a
//! quote, read off the words and the name mentions next to it.
//!
//! - After the quote, when it ends with a comma, `?` or `!`: `"…," Mr Sessions
//!   said`, `"…," said Jeff Sessions, the attorney general`, `"…," she told
//!   reporters`, `"…," according to the ministry`.
//! - Before it: `Sessions said: "…"`, `He told the BBC that "…"`.
//! - Inside a sentence: `Clinton called his supporters "deplorables"` credits the
//!   sentence's subject when a verb of saying or calling stands between them.
//! - A `he` or `she` is the person named most recently outside a quotation.
//! - A quote with none of these takes the speaker of another quote in its
//!   paragraph, and a paragraph that is only a quote continues the speaker of the
//!   quote just before it.
//!
//! When nothing fits the speaker stays unknown: a wrong speaker is worse than none.

mod roles;
mod subjects;

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use super::lexicon::LEXICON;
use super::quotes::QuoteSpan;
use super::tokens::{Kind, Token};
use super::{Mention, NameKind};
use crate::article::Block;

/// The most tokens looked back over for the sentence before a quotation.
const SENTENCE_LOOKBACK: usize = 200;
/// The most other quotations the look-back for a quotation's sentence passes over.
const SENTENCE_MAX_QUOTES: usize = 8;

/// Words that may stand between a subject and its verb: `has also said`.
const SKIPPABLE: &[&str] = &[
    "has",
    "had",
    "have",
    "would",
    "will",
    "was",
    "is",
    "also",
    "further",
    "then",
    "later",
    "earlier",
    "again",
    "once",
    "previously",
    "did",
    "does",
    "first",
    "often",
    "last",
    "recently",
    "repeatedly",
    "publicly",
    "privately",
    "already",
    "still",
    "even",
];

/// How many words may stand between a quote and its attribution.
const NEAR: usize = 6;

/// Finds the speaker (an entity id) of every quotation, in the order given.
pub fn attribute(
    body: &str,
    blocks: &[Block],
    tokens: &[Token],
    quotes: &[QuoteSpan],
    mentions: &[Mention],
) -> Vec<Option<usize>> {
    let mut context = Context {
        body,
        tokens,
        quotes,
        mentions,
        sexes: sexes(body, mentions),
        outer: quotes
            .iter()
            .filter(|q| q.depth == 0)
            .map(|q| q.range.clone())
            .collect(),
        by_last_name: by_last_name(body, mentions),
        sentences: subjects::sentences(tokens),
        subjects: Vec::new(),
        roles: roles::Roles::collect(body, tokens, mentions),
        sentence_before: RefCell::new(None),
    };
    // In text order, so a pronoun subject is read through the sentences before.
    for k in 0..context.sentences.len() {
        let subject = context.subject_of(k);
        context.subjects.push(subject);
    }
    let mut speakers: Vec<Option<usize>> = quotes
        .iter()
        .map(|q| {
            if q.depth > 0 || context.says_nothing(q) {
                None
            } else {
                context.speaker(q)
            }
        })
        .collect();
    let quote_blocks: Vec<Option<usize>> = quotes
        .iter()
        .map(|q| block_of(blocks, q.range.start))
        .collect();
    // A phrase quoted inside a sentence about someone: theirs when the sentence
    // says or calls (`Reid has been pounding Trump as a "con artist"`), and never
    // shared from another speaker in the paragraph.
    let hosts: Vec<Option<Subject>> = quotes
        .iter()
        .zip(&mut speakers)
        .map(|(quote, speaker)| {
            let host = (quote.depth == 0 && speaker.is_none() && !context.says_nothing(quote))
                .then(|| context.host_subject(quote))
                .flatten();
            if let Some(Subject::Person(person)) = host
                && context.characterises(quote)
            {
                *speaker = Some(person);
            }
            host
        })
        .collect();
    share_within_paragraphs(quotes, &quote_blocks, &hosts, &mut speakers);
    continue_whole_paragraph_quotes(quotes, blocks, &quote_blocks, &mut speakers);
    speakers
}

/// Quotes in one paragraph with one attribution share it: `"A," he said. "B."`.
/// An unattributed quote takes the speaker of the nearest quote before it in its
/// paragraph, else of the nearest after it (quotations inside others are left
/// alone). One pass each way, however many quotes a paragraph holds.
fn share_within_paragraphs(
    quotes: &[QuoteSpan],
    quote_blocks: &[Option<usize>],
    hosts: &[Option<Subject>],
    speakers: &mut [Option<usize>],
) {
    // A quote inside a sentence about no one, or about someone else, keeps none.
    let takes = |i: usize, speaker: Option<usize>| match hosts[i] {
        None | Some(Subject::Quoted) => speaker,
        Some(Subject::Person(person)) => speaker.filter(|&s| s == person),
        Some(Subject::Nobody) => None,
    };
    let outer = |i: usize| quotes[i].depth == 0;
    let mut next_known = vec![None; quotes.len()];
    let mut known = None;
    for i in (0..quotes.len()).rev() {
        if i + 1 < quotes.len() && quote_blocks[i + 1] != quote_blocks[i] {
            known = None;
        }
        next_known[i] = known;
        if outer(i) && speakers[i].is_some() {
            known = speakers[i];
        }
    }
    let mut previous = None;
    for i in 0..quotes.len() {
        if i > 0 && quote_blocks[i - 1] != quote_blocks[i] {
            previous = None;
        }
        if !outer(i) {
            continue;
        }
        if speakers[i].is_none() {
            speakers[i] = takes(i, previous.or(next_known[i]));
        }
        previous = speakers[i].or(previous);
    }
}

/// A paragraph that is nothing but a quotation continues the speaker of the
/// quotation just before it, in the paragraph before.
fn continue_whole_paragraph_quotes(
    quotes: &[QuoteSpan],
    blocks: &[Block],
    quote_blocks: &[Option<usize>],
    speakers: &mut [Option<usize>],
) {
    let mut previous_outer: Option<usize> = None;
    for i in 0..quotes.len() {
        if quotes[i].depth > 0 {
            continue;
        }
        if speakers[i].is_none()
            && let Some(block) = quote_blocks[i]
            && let Some(j) = previous_outer
            && quote_blocks[j].is_some_and(|b| b + 1 == block)
        {
            let range = &blocks[block].range;
            let whole_paragraph =
                quotes[i].range.start == range.start && quotes[i].range.end + 1 >= range.end;
            if whole_paragraph {
                speakers[i] = speakers[j];
            }
        }
        previous_outer = Some(i);
    }
}

fn block_of(blocks: &[Block], offset: usize) -> Option<usize> {
    let at = blocks.partition_point(|b| b.range.end < offset);
    (at < blocks.len() && blocks[at].range.contains(&offset)).then_some(at)
}

/// How the words inside a quotation end, which says where its attribution is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// `,` `?` `!` `—`: the sentence goes on, usually with `X said`.
    Open,
    /// `.`: the sentence ended inside the quote.
    Closed,
    /// Anything else: a phrase quoted inside a sentence.
    Phrase,
}

struct Context<'a> {
    body: &'a str,
    tokens: &'a [Token],
    quotes: &'a [QuoteSpan],
    mentions: &'a [Mention],
    sexes: HashMap<usize, Sex>,
    /// The quotations in running text (depth 0), sorted; they never overlap.
    outer: Vec<Range<usize>>,
    /// The first person mentioned with each last name, for transcript labels.
    by_last_name: HashMap<&'a str, usize>,
    /// The sentences, as token ranges in order.
    sentences: Vec<Range<usize>>,
    /// Who each sentence is about, filled in text order.
    subjects: Vec<Subject>,
    /// The roles given to people, for `the senate leader said`.
    roles: roles::Roles<'a>,
    /// The last quotation's sentence before it: several rules read it.
    sentence_before: RefCell<Option<(Range<usize>, Vec<Token>)>>,
}

/// What stands in a sentence's subject position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// The sentence is all quotation: it says nothing of who is being written about.
    Quoted,
    /// No person (`The Kremlin has denied …`, `Police arrested …`).
    Nobody,
    /// A person, named or a pronoun standing for one.
    Person(usize),
}

impl Context<'_> {
    fn word(&self, token: &Token) -> &str {
        &self.body[token.range.clone()]
    }

    fn is_speech_verb(&self, token: &Token) -> bool {
        let word = self.word(token);
        // Capitalised only where it opens a sentence (`Said Ellis:`), never in a
        // name (`United States`).
        let verbs = &LEXICON.speech_verbs;
        token.kind == Kind::Word
            && (verbs.contains(word)
                || (token.sentence_start && verbs.contains(word.to_lowercase().as_str())))
    }

    fn is_calling_verb(&self, token: &Token) -> bool {
        let word = self.word(token);
        let verbs = &LEXICON.calling_verbs;
        token.kind == Kind::Word
            && (verbs.contains(word)
                || (token.sentence_start && verbs.contains(word.to_lowercase().as_str())))
    }

    /// A quotation without a word in it (`""`, `"'"`) has no one to say it.
    /// Skipping it also keeps a paragraph of nothing but quotation marks, a
    /// quotation every two characters, from costing a search per rule each.
    fn says_nothing(&self, quote: &QuoteSpan) -> bool {
        let first = self
            .tokens
            .partition_point(|t| t.range.start < quote.range.start);
        !self.tokens[first..]
            .iter()
            .take_while(|t| t.range.start < quote.range.end)
            .any(|t| t.kind == Kind::Word)
    }

    fn speaker(&self, quote: &QuoteSpan) -> Option<usize> {
        if let Some(label) = self.transcript_label(quote) {
            return Some(label);
        }
        if let Some(speaker) = self.dash_credit(quote) {
            return Some(speaker);
        }
        let mut ending = self.ending(quote);
        // `"I'm done." she said`: a full stop inside the quote, but the sentence
        // goes on in lower case.
        if ending == Ending::Closed
            && self
                .tokens_after(quote)
                .iter()
                .find(|t| t.kind == Kind::Word)
                .is_some_and(|t| self.word(t).starts_with(char::is_lowercase))
        {
            ending = Ending::Open;
        }
        let first = match ending {
            Ending::Open => self.after(quote).or_else(|| self.before(quote)),
            Ending::Closed | Ending::Phrase => self
                .before(quote)
                .or_else(|| self.after_colon_paragraph(quote)),
        };
        first
            .or_else(|| self.in_sentence(quote, ending != Ending::Closed))
            .or_else(|| self.named_source(quote))
            .or_else(|| {
                (ending == Ending::Closed)
                    .then(|| {
                        self.that_was_how(quote)
                            .or_else(|| self.previous_sentence_speaker(quote))
                    })
                    .flatten()
            })
    }

    /// `"…" / That was how Ilse Maravent, the senate leader, described it.`: the
    /// attribution in the sentence after the quote, here or opening the next
    /// paragraph.
    fn that_was_how(&self, quote: &QuoteSpan) -> Option<usize> {
        let from = self
            .tokens
            .partition_point(|t| t.range.start < quote.range.end);
        let next = self.sentences.partition_point(|r| r.end <= from);
        let sentence = &self.tokens[self.sentences.get(next)?.clone()];
        let words: Vec<&str> = sentence.iter().take(3).map(|t| self.word(t)).collect();
        let how = match words.as_slice() {
            ["That" | "This" | "Such", "was" | "is", "how", ..] => 3,
            ["So" | "Thus", "said", ..] => {
                return self.best_speaker(sentence[2..].iter().take(NEAR));
            }
            _ => return None,
        };
        let verb = sentence[how..]
            .iter()
            .position(|t| self.is_speech_verb(t) || self.is_calling_verb(t))?;
        self.subject_before(&sentence[how..how + verb])
    }

    /// A quoted sentence right after a sentence in which someone says or calls
    /// something: `Cummings called him a master of the deal. "He showed …"`.
    fn previous_sentence_speaker(&self, quote: &QuoteSpan) -> Option<usize> {
        let first = self
            .tokens
            .partition_point(|t| t.range.start < quote.range.start);
        let end = first.checked_sub(1)?;
        let (stop, opening) = (&self.tokens[end], self.tokens.get(first)?);
        let ends_sentence = stop.is_punct('.') || stop.is_punct('?') || stop.is_punct('!');
        if !ends_sentence || stop.block != opening.block {
            return None;
        }
        let sentence = self.sentences.partition_point(|r| r.end <= end);
        let range = self.sentences.get(sentence)?.clone();
        let running: Vec<Token> = self.tokens[range]
            .iter()
            .filter(|t| self.outer_quote_at(t.range.start).is_none())
            .cloned()
            .collect();
        // The main clause's verb comes first; a passive (`was called to`) says
        // nothing of who spoke.
        let passive = |i: usize| {
            running[..i]
                .iter()
                .rev()
                .find(|t| !self.word(t).ends_with("ly"))
                .is_some_and(|t| matches!(self.word(t), "was" | "were" | "been" | "be" | "is"))
        };
        let verb = (0..running.len()).find(|&i| {
            let t = &running[i];
            (self.is_speech_verb(t) || self.is_calling_verb(t))
                && !self.word(t).ends_with("ing")
                && !passive(i)
        })?;
        self.subject_before(&running[..verb])
    }

    /// A source the quote's sentence names without a verb of saying: `According
    /// to the complaint, the firm ran a "…"`, `… a "walk-in", according to the
    /// organisers`, `"…", as the Gazette put it`, `as the memo put it, a "…"`.
    fn named_source(&self, quote: &QuoteSpan) -> Option<usize> {
        let words = |tokens: &[Token]| -> Vec<Token> {
            tokens.iter().filter(|t| t.is_word()).cloned().collect()
        };
        let before = words(&self.sentence_before(quote));
        let after = self.tokens_after(quote);
        let end = after
            .iter()
            .position(|t| t.is_punct('.') || t.is_punct('?') || t.is_punct('!'))
            .unwrap_or(after.len());
        let after = words(&after[..end]);
        // `According to X, …` opens the sentence; `…, according to X` anywhere after.
        let according = |w: &[Token], i: usize| {
            self.word(&w[i]).eq_ignore_ascii_case("according")
                && w.get(i + 1).is_some_and(|t| self.word(t) == "to")
        };
        if !before.is_empty() && according(&before, 0) {
            let to_comma = self
                .sentence_before(quote)
                .iter()
                .skip(2)
                .take_while(|t| !t.is_punct(','))
                .cloned()
                .collect::<Vec<_>>();
            if let Some(source) = self.best_source(to_comma.iter()) {
                return Some(source);
            }
        }
        if let Some(i) = (0..after.len()).find(|&i| according(&after, i)) {
            return self.best_source(after[i + 2..].iter().take(NEAR + 4));
        }
        // `as X put it`, on either side.
        let put_it = |w: &[Token]| {
            let as_at = w.iter().position(|t| self.word(t) == "as")?;
            let put = w[as_at..]
                .iter()
                .take(NEAR + 2)
                .position(|t| self.word(t) == "put")?
                + as_at;
            (w.get(put + 1).is_some_and(|t| self.word(t) == "it"))
                .then(|| self.best_source(w[as_at + 1..put].iter()))
                .flatten()
        };
        let tail = before.len().saturating_sub(2 * NEAR);
        put_it(&after).or_else(|| put_it(&before[tail..]))
    }

    /// `"…" ― Christina Lastra`: a dash and a name after the quote.
    fn dash_credit(&self, quote: &QuoteSpan) -> Option<usize> {
        let after = self.tokens_after(quote);
        let dash = after.first()?;
        let is_dash = matches!(dash.kind, Kind::Punct('―' | '—' | '–' | '-'));
        let name = after.get(1)?;
        is_dash
            .then(|| self.mention_at(name))
            .flatten()
            .filter(|m| m.kind == NameKind::Person && m.range.start == name.range.start)
            .map(|m| m.entity)
    }

    fn ending(&self, quote: &QuoteSpan) -> Ending {
        let text = &self.body[quote.range.clone()];
        let inner = text
            .trim_end_matches(|c: char| "\"”’'»」』".contains(c))
            .trim_end();
        match inner.chars().next_back() {
            Some(',' | '?' | '!' | '—' | '–' | '-' | '…') => Ending::Open,
            Some('.') if inner.ends_with("...") => Ending::Open,
            Some('.') => Ending::Closed,
            _ => Ending::Phrase,
        }
    }

    /// Tokens of the quote's paragraph after it, up to the next quotation.
    fn tokens_after(&self, quote: &QuoteSpan) -> &[Token] {
        let from = self
            .tokens
            .partition_point(|t| t.range.start < quote.range.end);
        let block = from
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map(|t| t.block);
        let next = self
            .quotes
            .partition_point(|q| q.range.start < quote.range.end);
        let next_quote = self.quotes.get(next).map_or(usize::MAX, |q| q.range.start);
        let to = self.tokens[from..]
            .iter()
            .position(|t| Some(t.block) != block || t.range.start >= next_quote)
            .map_or(self.tokens.len(), |n| from + n);
        &self.tokens[from..to]
    }

    /// Tokens of the quote's paragraph before it, back to the previous quotation.
    fn tokens_before(&self, quote: &QuoteSpan) -> &[Token] {
        let to = self
            .tokens
            .partition_point(|t| t.range.start < quote.range.start);
        let Some(block) = self.tokens.get(to).map(|t| t.block) else {
            return &[];
        };
        // Quotations in running text do not overlap, so the one before this
        // quotation's start (if it has ended) is the previous one.
        let previous = self.outer.partition_point(|q| q.start < quote.range.start);
        let previous_quote = previous
            .checked_sub(1)
            .map(|i| &self.outer[i])
            .filter(|q| q.end <= quote.range.start)
            .map_or(0, |q| q.end);
        let from = self.tokens[..to]
            .iter()
            .rposition(|t| t.block != block || t.range.start < previous_quote)
            .map_or(0, |n| n + 1);
        &self.tokens[from..to]
    }

    /// The mention covering this token, if any.
    fn mention_at(&self, token: &Token) -> Option<&Mention> {
        let i = self
            .mentions
            .partition_point(|m| m.range.end <= token.range.start);
        self.mentions
            .get(i)
            .filter(|m| m.range.start <= token.range.start)
    }

    /// A named source: the best speaker, else any name that is not a nationality
    /// (`as The New Yorker put it`, `according to Homeland Security`).
    fn best_source<'t>(
        &self,
        tokens: impl DoubleEndedIterator<Item = &'t Token> + Clone,
    ) -> Option<usize> {
        self.best_speaker(tokens.clone()).or_else(|| {
            tokens
                .filter_map(|t| self.mention_at(t))
                .find(|m| !LEXICON.demonyms.contains(&self.body[m.range.clone()]))
                .map(|m| m.entity)
        })
    }

    /// The speaker among the mentions in `tokens`: the last person, else the last
    /// organisation or place (governments speak too).
    fn best_speaker<'t>(
        &self,
        tokens: impl DoubleEndedIterator<Item = &'t Token>,
    ) -> Option<usize> {
        let mut fallback = None;
        for token in tokens.rev() {
            if let Some(mention) = self.mention_at(token) {
                match mention.kind {
                    NameKind::Person => return Some(mention.entity),
                    NameKind::Organization | NameKind::Place => {
                        fallback = fallback.or(Some(mention.entity));
                    }
                    NameKind::Other => {}
                }
            }
        }
        fallback
    }

    /// A speaker named after the quote.
    fn after(&self, quote: &QuoteSpan) -> Option<usize> {
        let words: Vec<&Token> = self
            .tokens_after(quote)
            .iter()
            .take_while(|t| !(t.is_punct('.') || t.is_punct('?') || t.is_punct('!')))
            .filter(|t| t.kind == Kind::Word)
            .take(NEAR + 8)
            .collect();
        let first = words.first()?;
        // `said Jeff Sessions`, `said the IMF's chief economist, Maury Obstfeld`.
        if self.is_speech_verb(first) {
            if let Some(pronoun) = words.get(1).filter(|t| is_personal_pronoun(self.word(t))) {
                return self.resolve(pronoun);
            }
            let object = words.iter().skip(1).take(NEAR + 4);
            let first_person = object
                .clone()
                .find_map(|t| self.mention_at(t).filter(|m| m.kind == NameKind::Person));
            let described = || {
                let after = self.tokens_after(quote);
                let verb = after
                    .iter()
                    .position(|t| t.range == first.range)
                    .unwrap_or(0);
                let object: Vec<Token> = after.iter().skip(verb + 1).take(NEAR).cloned().collect();
                let end = object
                    .iter()
                    .position(|t| t.is_punct(','))
                    .unwrap_or(object.len());
                self.described_person(&object[..end])
            };
            return first_person
                .map(|m| m.entity)
                .or_else(|| self.best_speaker(words.iter().skip(1).take(NEAR).copied()))
                .or_else(described);
        }
        // `according to the ministry`.
        if self.word(first) == "according" {
            return self.best_speaker(words.iter().skip(1).take(NEAR).copied());
        }
        // `she said`, `he told reporters`.
        if is_personal_pronoun(self.word(first)) {
            return words
                .get(1)
                .filter(|t| self.is_speech_verb(t))
                .and_then(|_| self.resolve(first));
        }
        // `Mr Sessions said`, `IMF chief economist Maury Obstfeld said`, `Sessions, the
        // attorney general, said`.
        // A verb after `and` or `but` has a clause of its own: `X fumed that the
        // tolls were "…," and Y gushed` is not Y's.
        let after = self.tokens_after(quote);
        let verb = after
            .iter()
            .take(3 * NEAR)
            .take_while(|t| !matches!(self.word(t), "and" | "but"))
            .position(|t| self.is_speech_verb(t))?;
        self.subject_before(&after[..verb])
    }

    /// The person a description ending `tokens` stands for: `the host`, `the
    /// council's finance chief`, when the text gave them that role earlier.
    fn described_person(&self, tokens: &[Token]) -> Option<usize> {
        let (last, before) = tokens.split_last()?;
        let word = self.word(last);
        let described = before
            .iter()
            .rev()
            .take(3)
            .any(|t| self.word(t).eq_ignore_ascii_case("the") || t.possessive > 0);
        (described && word.starts_with(char::is_lowercase))
            .then(|| self.roles.holder(word, last.range.start))
            .flatten()
    }

    /// A speaker named before the quote: `Sessions said: "…"`, `he said that "…"`,
    /// `According to Limbaugh, "…"`, `… Schiff said. "…"`.
    fn before(&self, quote: &QuoteSpan) -> Option<usize> {
        let tokens = self.tokens_before(quote);
        if let Some(according) = tokens
            .iter()
            .rev()
            .take(NEAR)
            .position(|t| self.word(t).eq_ignore_ascii_case("according"))
            .map(|back| tokens.len() - 1 - back)
        {
            return tokens[according..]
                .iter()
                .find_map(|t| self.mention_at(t))
                .map(|m| m.entity);
        }
        // `… rolling out a new campaign message: "…"`: something said, announced
        // by the sentence's subject.
        if let [.., noun, colon] = tokens
            && colon.is_punct(':')
            && LEXICON.statements.contains(self.word(noun))
            && let Some(subject) = self.sentence_subject(&self.sentence_before(quote))
        {
            return Some(subject);
        }
        // The verb must be close to the quote: `said: "`, `told reporters: "`.
        let verb = tokens
            .iter()
            .rev()
            .take(NEAR)
            .position(|t| self.is_speech_verb(t))
            .map(|back| tokens.len() - 1 - back)?;
        let between = &tokens[verb + 1..];
        // `said: "`, `said, "`, `said that "`, and `said on Friday. "` (the quote goes
        // on in the speaker's words).
        let introduces = between.is_empty()
            || between.last().is_some_and(|t| {
                t.is_punct(':')
                    || t.is_punct(',')
                    || self.word(t) == "that"
                    || (t.is_punct('.') && between.len() <= 4)
            });
        if !introduces {
            return None;
        }
        // `Said Ellis: "…"`: a sentence that opens with the verb names the speaker
        // after it.
        if self.word(&tokens[verb]).starts_with(char::is_uppercase) {
            return between
                .iter()
                .find_map(|t| self.mention_at(t))
                .map(|m| m.entity);
        }
        // `Trump attacked Clinton, saying, "…"`: a participle's subject is the
        // sentence's.
        if self.word(&tokens[verb]).ends_with("ing") {
            let sentence = self.sentence_before(quote);
            let verb = sentence
                .iter()
                .position(|t| t.range == tokens[verb].range)
                .unwrap_or(sentence.len());
            return self.participle_subject(&sentence[..verb]);
        }
        self.subject_before(&tokens[..verb])
    }

    /// The subject of a verb, read backwards from it: past adverbs and auxiliaries
    /// (`has repeatedly said`), an appositive between commas or a parenthesis
    /// (`Sessions, the attorney general, said`; `McCaskill (D-Mo.) said`), to a name
    /// or a pronoun. Anything else (`the senator said`) names no one.
    fn subject_before(&self, tokens: &[Token]) -> Option<usize> {
        let mut i = tokens.len();
        let (mut skipped_commas, mut skipped_brackets) = (false, false);
        while i > 0 {
            i -= 1;
            let token = &tokens[i];
            let word = self.word(token);
            if token.kind == Kind::Word && (SKIPPABLE.contains(&word) || word.ends_with("ly")) {
                continue;
            }
            let comma = token.is_punct(',') && !skipped_commas;
            let bracket = token.is_punct(')') && !skipped_brackets;
            if comma || bracket {
                let open = if comma { ',' } else { '(' };
                let back = tokens[..i]
                    .iter()
                    .rev()
                    .take(30)
                    .position(|t| t.is_punct(open))?;
                // `His former partner, Lawrence Cummings, called`: the name is the
                // appositive, the words before it describe them.
                let segment = &tokens[i - back..i];
                let person = |t: &Token| self.mention_at(t).filter(|m| m.kind == NameKind::Person);
                let described = (i - back).checked_sub(2).map(|j| &tokens[j]);
                if comma
                    && described.is_none_or(|t| person(t).is_none())
                    && let Some(named) = segment.iter().find_map(person)
                {
                    return Some(named.entity);
                }
                i -= back + 1;
                skipped_commas |= comma;
                skipped_brackets |= bracket;
                continue;
            }
            if is_personal_pronoun(word) {
                return self.resolve(token);
            }
            // `the IMF report stated`: an organisation's report or spokesman speaks
            // for it.
            if LEXICON.voices.contains(word)
                && let Some(org) = i
                    .checked_sub(1)
                    .and_then(|j| self.mention_at(&tokens[j]))
                    .filter(|m| m.kind == NameKind::Organization)
            {
                return Some(org.entity);
            }
            // `X said … but said "…"`, `X went on to accuse…`: a second verb or an
            // infinitive shares the sentence's subject.
            if matches!(word, "and" | "but" | "to") {
                return self.sentence_subject(&tokens[..i]);
            }
            // `the station's host said`: a role the text gave someone earlier.
            if let Some(holder) = self.described_person(&tokens[..=i]) {
                return Some(holder);
            }
            // Any name may be a subject (`PolitiFact rated`), but a nationality
            // on its own is an adjective (`the Russian said` names no one).
            return self
                .mention_at(token)
                .filter(|m| {
                    m.kind != NameKind::Other
                        || !LEXICON.demonyms.contains(&self.body[m.range.clone()])
                })
                .map(|m| m.entity);
        }
        None
    }

    /// A quoted phrase inside a sentence whose subject says or calls something:
    /// `Clinton called half his supporters "deplorables"`, `Stumpf explained that
    /// they were "…"`, `A cashier who "…" is held accountable, Warren said.`
    fn in_sentence(&self, quote: &QuoteSpan, sentence_goes_on: bool) -> Option<usize> {
        let sentence = self.sentence_before(quote);
        let sentence = sentence.as_slice();
        // The nearest verb with a subject governs the quote: in `Clinton mocked
        // the complaint, saying anybody who complains is "…"`, `complains` has
        // none, `saying` has Clinton's.
        let verbs = (0..sentence.len())
            .rev()
            .filter(|&i| self.is_calling_verb(&sentence[i]) || self.is_speech_verb(&sentence[i]))
            .take(3);
        for verb in verbs {
            // `Bemoaning the "phony system," Trump accused Holt`: an opening
            // participle's subject comes after the quote.
            if verb == 0 && sentence[0].sentence_start && self.word(&sentence[0]).ends_with("ing") {
                let after = self.tokens_after(quote);
                let comma = after.iter().take(2).position(|t| t.is_punct(','));
                if let Some(subject) = comma.and_then(|c| self.sentence_subject(&after[c + 1..])) {
                    return Some(subject);
                }
            }
            let subject = if self.word(&sentence[verb]).ends_with("ing") {
                self.participle_subject(&sentence[..verb])
            } else {
                self.subject_before(&sentence[..verb])
            };
            if subject.is_some() {
                return subject;
            }
        }
        // `Okafor's claim that there were "thousands of shootings"`.
        let claimant = sentence.windows(2).rev().find_map(|pair| {
            let owner = self
                .mention_at(&pair[0])
                .filter(|m| m.kind == NameKind::Person && pair[0].possessive > 0)?;
            LEXICON
                .statements
                .contains(self.word(&pair[1]))
                .then_some(owner.entity)
        });
        if claimant.is_some() {
            return claimant;
        }
        // The attribution closes the sentence after the quote.
        if !sentence_goes_on {
            return None;
        }
        let after = self.tokens_after(quote);
        let end = after
            .iter()
            .position(|t| t.is_punct('.') || t.is_punct('?') || t.is_punct('!'))
            .unwrap_or(after.len());
        let verb = after[..end].iter().rposition(|t| self.is_speech_verb(t))?;
        self.subject_before(&after[..verb])
    }

    /// Who does what a participle says, from the words before it: the person
    /// right before it (`footage of Clinton asking`, `quoted Brenn as saying`),
    /// else the sentence's subject (`Trump attacked Clinton, saying`).
    fn participle_subject(&self, before: &[Token]) -> Option<usize> {
        let mut end = before.len();
        if end > 1 && self.word(&before[end - 1]) == "as" {
            end -= 1;
        }
        let person_before = end
            .checked_sub(1)
            .and_then(|i| self.mention_at(&before[i]))
            .filter(|m| m.kind == NameKind::Person);
        person_before
            .map(|m| m.entity)
            .or_else(|| self.sentence_subject(before))
    }

    /// The words of the quote's sentence before it, leaving out other quotations
    /// (`PolitiFact rated claims as "false" or "…"` reads `PolitiFact rated claims
    /// as or`).
    fn sentence_before(&self, quote: &QuoteSpan) -> Vec<Token> {
        let mut last = self.sentence_before.borrow_mut();
        match &*last {
            Some((range, words)) if *range == quote.range => words.clone(),
            _ => {
                let words = self.read_sentence_before(quote);
                *last = Some((quote.range.clone(), words.clone()));
                words
            }
        }
    }

    fn read_sentence_before(&self, quote: &QuoteSpan) -> Vec<Token> {
        let to = self
            .tokens
            .partition_point(|t| t.range.start < quote.range.start);
        let Some(block) = self.tokens.get(to).map(|t| t.block) else {
            return Vec::new();
        };
        let mut words = Vec::new();
        self.walk_back(to, SENTENCE_LOOKBACK, |t, quoted| {
            if t.block != block
                || (!quoted && (t.is_punct('.') || t.is_punct('?') || t.is_punct('!')))
            {
                return false;
            }
            if !quoted {
                words.push(t.clone());
            }
            true
        });
        words.reverse();
        words
    }

    /// Walks back over at most `limit` tokens before token `to`, showing `visit`
    /// each one and whether it sits in a quotation, for as long as `visit`
    /// returns true. It stops, too, on reaching a quotation after passing over
    /// [`SENTENCE_MAX_QUOTES`] of them: no sentence worth reading quotes more,
    /// and the bounds keep a paragraph of thousands of quotations cheap.
    fn walk_back(&self, to: usize, limit: usize, mut visit: impl FnMut(&Token, bool) -> bool) {
        let Some(last) = to.checked_sub(1).and_then(|i| self.tokens.get(i)) else {
            return;
        };
        // Walking backwards, the quotation a token may sit in only moves back
        // too, so a cursor finds it where a search per token was slow.
        let mut later = self.outer.partition_point(|q| q.start <= last.range.start);
        let mut passed_over = 0;
        for t in self.tokens[to.saturating_sub(limit)..to].iter().rev() {
            while later > 0 && self.outer[later - 1].start > t.range.start {
                later -= 1;
                passed_over += 1;
            }
            let quoted = later
                .checked_sub(1)
                .is_some_and(|i| self.outer[i].contains(&t.range.start));
            if (quoted && passed_over >= SENTENCE_MAX_QUOTES) || !visit(t, quoted) {
                return;
            }
        }
    }

    /// The name that opens a sentence (its first four words), as its subject.
    fn sentence_subject(&self, sentence: &[Token]) -> Option<usize> {
        let is_subject = |t: &Token| {
            self.mention_at(t)
                .is_some_and(|m| m.kind != NameKind::Other && m.range.start == t.range.start)
        };
        if let Some(slot) = subjects::subject_slot(self.body, sentence, |_| true, is_subject) {
            return self.mention_at(&sentence[slot]).map(|m| m.entity);
        }
        sentence
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .take(4)
            .find_map(|t| self.mention_at(t).filter(|m| m.kind != NameKind::Other))
            .map(|m| m.entity)
    }

    /// A quotation opening a paragraph right after one that ends with a colon:
    /// `Caddell continued:` / `"…"`.
    fn after_colon_paragraph(&self, quote: &QuoteSpan) -> Option<usize> {
        let first = self
            .tokens
            .partition_point(|t| t.range.start < quote.range.start);
        let quote_block = self.tokens.get(first)?.block;
        let previous = first.checked_sub(1).and_then(|i| self.tokens.get(i))?;
        if previous.block + 1 != quote_block || !previous.is_punct(':') {
            return None;
        }
        let start = self.tokens[..first - 1]
            .iter()
            .rposition(|t| t.block != previous.block || t.is_punct('.'))
            .map_or(0, |i| i + 1);
        let sentence = &self.tokens[start..first - 1];
        self.best_speaker(sentence.iter().take(NEAR))
            .or_else(|| self.subject_before(sentence))
            .or_else(|| self.sentence_subject(sentence))
    }

    /// `"PENCE: Well, look…"`: a transcript's speaker label opening the quote.
    fn transcript_label(&self, quote: &QuoteSpan) -> Option<usize> {
        let first = self
            .tokens
            .partition_point(|t| t.range.start <= quote.range.start);
        let label = self.tokens.get(first)?;
        let colon = self.tokens.get(first + 1)?;
        let word = self.word(label);
        let shouted = word.len() > 1 && !word.chars().any(char::is_lowercase);
        if !(shouted && colon.is_punct(':')) {
            return None;
        }
        if let Some(mention) = self.mention_at(label) {
            return Some(mention.entity);
        }
        // `PENCE:` for the `Mike Pence` named elsewhere.
        let name = super::lexicon::title_case(word);
        self.by_last_name.get(name.as_str()).copied()
    }

    /// Who a `he` or `she` stands for: the person opening its sentence (`Clinton
    /// says she…`), else the person named most recently outside a quotation;
    /// either way one the article has not shown to be of the other sex (by `Mr`,
    /// `Ms` and the like before their name).
    fn resolve(&self, pronoun: &Token) -> Option<usize> {
        let wanted = match self.word(pronoun) {
            "he" | "He" => Sex::Male,
            _ => Sex::Female,
        };
        let fits = |m: &Mention| {
            m.kind == NameKind::Person && self.sexes.get(&m.entity).is_none_or(|&s| s == wanted)
        };
        let offset = pronoun.range.start;
        let at = self.tokens.partition_point(|t| t.range.start < offset);
        let block = self.tokens.get(at).map(|t| t.block);
        let start = self.tokens[..at]
            .iter()
            .rposition(|t| {
                Some(t.block) != block || t.is_punct('.') || t.is_punct('?') || t.is_punct('!')
            })
            .map_or(0, |i| i + 1);
        let opener = self.tokens[start..at]
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .take(4)
            .find_map(|t| self.mention_at(t).filter(|m| fits(m)));
        if let Some(person) = opener {
            return Some(person.entity);
        }
        // The subject of the sentence before: `Mr Trump said he stood by Mr
        // Sessions. He said …`.
        if let Some(entity) = self.previous_subject(at)
            && self.sexes.get(&entity).is_none_or(|&s| s == wanted)
        {
            return Some(entity);
        }
        let before = self.mentions.partition_point(|m| m.range.start < offset);
        self.mentions[..before]
            .iter()
            .rev()
            .filter(|m| m.range.end <= offset && fits(m))
            .find(|m| self.outer_quote_at(m.range.start).is_none())
            .map(|m| m.entity)
    }

    /// The subject of sentence `k`, reading pronouns through the sentences before.
    fn subject_of(&self, k: usize) -> Subject {
        let sentence = &self.tokens[self.sentences[k].clone()];
        let running = |t: &Token| self.outer_quote_at(t.range.start).is_none();
        if !sentence.iter().any(|t| t.is_word() && running(t)) {
            return Subject::Quoted;
        }
        let is_subject = |t: &Token| {
            is_personal_pronoun(self.word(t))
                || self
                    .mention_at(t)
                    .is_some_and(|m| m.kind == NameKind::Person && m.range.start == t.range.start)
        };
        let Some(slot) = subjects::subject_slot(self.body, sentence, running, is_subject) else {
            return Subject::Nobody;
        };
        let token = &sentence[slot];
        let person = if is_personal_pronoun(self.word(token)) {
            self.resolve(token)
        } else {
            self.mention_at(token).map(|m| m.entity)
        };
        person.map_or(Subject::Nobody, Subject::Person)
    }

    /// Who the sentence holding a quotation is about, when the quotation stands
    /// inside it after words of running text (not when it opens the sentence).
    fn host_subject(&self, quote: &QuoteSpan) -> Option<Subject> {
        let first = self
            .tokens
            .partition_point(|t| t.range.start < quote.range.start);
        let sentence = self.sentences.partition_point(|r| r.end <= first);
        let range = self.sentences.get(sentence)?;
        // Bounded like every look-back here, so a paragraph of nothing but
        // quotation marks stays linear.
        let mut running_before = false;
        let in_sentence = first - range.start.min(first);
        self.walk_back(first, in_sentence.min(SENTENCE_LOOKBACK), |t, quoted| {
            running_before = t.is_word() && !quoted;
            !running_before
        });
        running_before
            .then(|| self.subjects.get(sentence).copied())
            .flatten()
    }

    /// The sentence puts the quotation in its subject's mouth: a verb of saying
    /// or calling before it, or `as` (`pounding Trump as a "con artist"`).
    fn characterises(&self, quote: &QuoteSpan) -> bool {
        let sentence = self.sentence_before(quote);
        let words: Vec<&str> = sentence
            .iter()
            .filter(|t| t.is_word())
            .map(|t| self.word(t))
            .collect();
        let as_before = matches!(
            words.as_slice(),
            [.., "as"] | [.., "as", "a" | "an" | "the"]
        );
        // `Trump has used the phrase "…"`.
        let named_phrase = words
            .last()
            .is_some_and(|w| matches!(*w, "phrase" | "term" | "word" | "words" | "slogan"));
        as_before
            || named_phrase
            || sentence
                .iter()
                .any(|t| self.is_speech_verb(t) || self.is_calling_verb(t))
    }

    /// The person the sentence before the one holding token `at` is about, if it
    /// is one (sentences that are all quotation are passed over).
    fn previous_subject(&self, at: usize) -> Option<usize> {
        let sentence = self.sentences.partition_point(|r| r.end <= at);
        let known = &self.subjects[..sentence.min(self.subjects.len())];
        let subject = known
            .iter()
            .rev()
            .take(4)
            .find(|s| **s != Subject::Quoted)?;
        match subject {
            Subject::Person(entity) => Some(*entity),
            _ => None,
        }
    }

    /// The quotation in running text that `offset` falls inside, if any.
    fn outer_quote_at(&self, offset: usize) -> Option<&Range<usize>> {
        let i = self.outer.partition_point(|q| q.start <= offset);
        i.checked_sub(1)
            .map(|i| &self.outer[i])
            .filter(|q| q.contains(&offset))
    }
}

/// The entity of the first person mention ending in each last name.
fn by_last_name<'a>(body: &'a str, mentions: &[Mention]) -> HashMap<&'a str, usize> {
    let mut names = HashMap::new();
    for mention in mentions.iter().filter(|m| m.kind == NameKind::Person) {
        if let Some(last) = body[mention.range.clone()].rsplit(' ').next() {
            names.entry(last).or_insert(mention.entity);
        }
    }
    names
}

/// Which pronoun a person takes, as far as the article's titles say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sex {
    Male,
    Female,
}

/// Sexes the article gives its people through titles before their names.
fn sexes(body: &str, mentions: &[Mention]) -> HashMap<usize, Sex> {
    let mut sexes = HashMap::new();
    for mention in mentions.iter().filter(|m| m.kind == NameKind::Person) {
        let before = body[..mention.range.start].trim_end();
        let title = before
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .trim_end_matches('.');
        let sex = match title {
            "Mr" | "Sir" | "Lord" | "King" | "Prince" | "Father" | "Brother" => Sex::Male,
            "Mrs" | "Ms" | "Miss" | "Dame" | "Lady" | "Queen" | "Princess" | "Sister" => {
                Sex::Female
            }
            _ => continue,
        };
        sexes.entry(mention.entity).or_insert(sex);
    }
    sexes
}

/// `he`, `she`: the pronouns that stand for one person.
fn is_personal_pronoun(word: &str) -> bool {
    matches!(word, "he" | "He" | "she" | "She")
}
