//! The kind of a name (person, organisation, place or other) from the word
//! lists and the words around it.

use super::super::lexicon::title_case;
use super::super::tokens::{Kind, Token};
use super::{Candidate, Finder, Names};
use crate::analysis::NameKind;

/// The most tokens a paragraph that is one fixture line can hold.
const FIXTURE_MAX_TOKENS: usize = 24;

/// The longest line that can be a dateline (`LONDON, 3/4/2021`); a longer
/// line is prose, and is not read to its end for every name in it.
const DATELINE_MAX_BYTES: usize = 200;

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
        if let Some(kind) = candidate
            .fixed_kind
            .or_else(|| self.place_by_form(&candidate.tokens))
        {
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
        if let Some(kind) = self.kind_by_neighbours(tokens[0], end) {
            return kind;
        }
        if several && self.lexicon.org_words.contains(last) {
            return NameKind::Organization;
        }
        // `Bank of England`, `Marrovia Chamber of Commerce`.
        if several
            && tokens.windows(2).any(|pair| {
                self.lexicon.org_words.contains(self.text(pair[0])) && self.text(pair[1]) == "of"
            })
        {
            return NameKind::Organization;
        }
        if several && self.lexicon.place_heads.contains(last) {
            return NameKind::Place;
        }
        // `Haddon Beck`, `Seal Holm`, but `Jeff Beck`.
        if several
            && self.lexicon.landform_heads.contains(last)
            && !self.lexicon.given_names.contains(first)
            && !candidate.titled
        {
            return NameKind::Place;
        }
        if several && self.lexicon.event_heads.contains(last) {
            return NameKind::Other;
        }
        if !several && self.lexicon.demonyms.contains(text) {
            return NameKind::Other;
        }
        // `Greenock Morton 1 Falkirk 0`: a name between scores is a team.
        if self.between_scores(tokens[0], end) && !self.lexicon.given_names.contains(first) {
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
        if self.person_by_context(tokens[0], end) {
            return NameKind::Person;
        }
        NameKind::Other
    }

    /// The words around a name of unknown kind show a person: `Ato Boldon
    /// (Trinidad)` in a results table, `said Don Penney`, `Don Penney said`,
    /// `midfielder Donato`, `Severine Potty, 19,`, `Pettite (19-7)`, `Becerril 46th`.
    fn person_by_context(&self, start: usize, end: usize) -> bool {
        let block = self.tokens[start].block;
        let same = |i: Option<usize>| {
            i.and_then(|i| self.tokens.get(i))
                .filter(|t| t.block == block)
        };
        let text = |t: &Token| &self.body[t.range.clone()];
        let short = end - start < 3;
        let before = same(start.checked_sub(1)).filter(|t| t.is_word()).map(text);
        let is_role = |w: &str| {
            w.ends_with("year-old")
                || (w.starts_with(char::is_lowercase)
                    && (self.lexicon.roles.contains(w)
                        || self.lexicon.titles.contains(title_case(w).as_str())))
        };
        let role_before = before.is_some_and(is_role);
        // `Leeson, the Northern Ireland-born actor`, `Hla Than, an elected member`.
        let appositive = same(Some(end + 1)).is_some_and(|t| t.is_punct(','))
            && (end + 2..end + 8)
                .map_while(|i| same(Some(i)).filter(|t| t.is_word()))
                .map(text)
                .any(is_role);
        let speech_before = before.is_some_and(|w| self.lexicon.speech_verbs.contains(w));
        // `c Vaas b Chandana`, `lbw b Croft`: a cricket scorecard's catcher and bowler.
        let scorecard = before.is_some_and(|w| matches!(w, "c" | "b" | "lbw" | "st"));
        let next = same(Some(end + 1));
        let after_next = same(Some(end + 2));
        let number = |t: Option<&Token>, max: usize| {
            t.is_some_and(|t| t.kind == Kind::Number && t.range.len() <= max)
        };
        // `, 19,`: an age.
        let age = next.is_some_and(|t| t.is_punct(','))
            && number(after_next, 3)
            && same(Some(end + 3))
                .is_none_or(|t| matches!(t.kind, Kind::Punct(',' | '-' | ')' | '—')));
        // `(19-7)`: a pitcher's record; `46th`: a substitute's minute.
        let record = next.is_some_and(|t| t.is_punct('('))
            && after_next.is_some_and(|t| {
                t.kind == Kind::Number && text(t).contains('-') && text(t).len() <= 5
            })
            && same(Some(end + 3)).is_some_and(|t| t.is_punct(')'));
        let minute = next.is_some_and(|t| {
            let w = text(t);
            let digits = w.trim_end_matches(char::is_alphabetic);
            (1..=3).contains(&digits.len())
                && digits.bytes().all(|b| b.is_ascii_digit())
                && matches!(&w[digits.len()..], "st" | "nd" | "rd" | "th")
        });
        // `Benetton (Italy) 92`: a team's country and score.
        (self.followed_by_bracketed_place(end) && !self.followed_by_score(end + 4, block))
            || (short && (self.followed_by_speech(end) || speech_before || role_before))
            || scorecard
            || (short && appositive)
            || age
            || record
            || minute
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

    /// A place known by where it stands: the place opening a wire dateline
    /// (`MILWAUKEE, Wisconsin 1996-08-29`), or a listed place in capitals
    /// (`GERMANY - Bunds fell`), which would otherwise read as an acronym.
    fn place_by_form(&self, tokens: &[usize]) -> Option<NameKind> {
        let first = *tokens.first()?;
        let text = self.span_text(tokens);
        // `FC Porto`, `SC Freiburg`: a club.
        if tokens.len() > 1 && self.lexicon.club_prefixes.contains(self.text(first)) {
            return Some(NameKind::Organization);
        }
        // `Texas Rangers`, `San Diego Padres`: a place and a plural, a team.
        if let [place @ .., last] = tokens
            && !place.is_empty()
            && self.lexicon.is_place(self.span_text(place))
            && self.text(*last).ends_with('s')
            && !self.lexicon.place_heads.contains(self.text(*last))
            && !self.lexicon.is_place(self.text(*last))
            && !self.lexicon.demonyms.contains(self.text(*last))
        {
            return Some(NameKind::Organization);
        }
        let in_capitals = !text.chars().any(char::is_lowercase);
        if in_capitals && self.lexicon.is_place(&title_case(text)) {
            return Some(NameKind::Place);
        }
        let opens_block = first == 0 || self.tokens[first - 1].block != self.tokens[first].block;
        (opens_block && in_capitals && self.is_dateline(first, text)).then_some(NameKind::Place)
    }

    /// Whether the line that starts with the name at token `first` is a
    /// dateline, `LONDON, 3/4/2021`: a comma after the name and a date at the
    /// end. Only the first [`DATELINE_MAX_BYTES`] are looked at, so a body
    /// that is one long line costs nothing per name.
    fn is_dateline(&self, first: usize, name: &str) -> bool {
        let head = &self.body.as_bytes()[self.tokens[first].range.start..];
        let window = &head[..head.len().min(DATELINE_MAX_BYTES)];
        let end = match memchr::memchr(b'\n', window) {
            Some(end) => end,
            None if head.len() <= DATELINE_MAX_BYTES => head.len(),
            None => return false,
        };
        let start = self.tokens[first].range.start;
        let line = self.body[start..start + end].trim_end_matches('\r');
        line.get(name.len()..)
            .is_some_and(|rest| rest.starts_with(','))
            && line
                .rsplit(' ')
                .next()
                .is_some_and(|last| crate::date::parse_date(last).is_some())
    }

    /// Names of places (and unknown names) used as sports teams become
    /// organisations: `Leicestershire beat Somerset`, `Somerset 83 and 174`,
    /// `a move to Atalanta`. A country stays a place, as news readers (and
    /// annotated news) treat a national side.
    pub(super) fn retype_teams(&self, names: &mut Names) {
        let mut teams = vec![false; names.entities.len()];
        for mention in &names.mentions {
            let entity = &names.entities[mention.entity];
            let candidate = matches!(entity.kind, NameKind::Place | NameKind::Other)
                && !self.lexicon.countries.contains(entity.name.as_str())
                && !self.lexicon.demonyms.contains(entity.name.as_str());
            if candidate && !teams[mention.entity] && self.plays_as_team(&mention.range) {
                teams[mention.entity] = true;
            }
        }
        for (entity, is_team) in names.entities.iter_mut().zip(&teams) {
            if *is_team {
                entity.kind = NameKind::Organization;
            }
        }
        // `Greyhaven beat Tarrow` but `visited Greyhaven`: a team's town is still a
        // place where the words say so.
        for mention in &mut names.mentions {
            mention.kind = names.entities[mention.entity].kind;
            if teams[mention.entity] && self.in_place_context(&mention.range) {
                mention.kind = NameKind::Place;
            }
        }
    }

    /// `in Tarrow`, `visited Greyhaven`: words before a mention that make it a place.
    fn in_place_context(&self, range: &std::ops::Range<usize>) -> bool {
        let first = self.tokens.partition_point(|t| t.range.start < range.start);
        !self.plays_as_team(range)
            && first
                .checked_sub(1)
                .and_then(|i| self.tokens.get(i))
                .filter(|t| t.is_word())
                .is_some_and(|t| {
                    matches!(
                        t.stem(self.body),
                        "in" | "at"
                            | "near"
                            | "outside"
                            | "visited"
                            | "visit"
                            | "visiting"
                            | "from"
                    )
                })
    }

    /// The words around a mention show a team playing.
    fn plays_as_team(&self, range: &std::ops::Range<usize>) -> bool {
        let first = self.tokens.partition_point(|t| t.range.start < range.start);
        let last = self.tokens.partition_point(|t| t.range.start < range.end);
        let Some(end) = last.checked_sub(1) else {
            return false;
        };
        let block = self.tokens[first.min(end)].block;
        let word_at = |i: Option<usize>| {
            i.and_then(|i| self.tokens.get(i))
                .filter(|t| t.block == block && t.is_word())
                .map(|t| t.stem(self.body))
        };
        // `beat the Cubs`: past an article.
        let article = word_at(first.checked_sub(1)).is_some_and(|w| w.eq_ignore_ascii_case("the"));
        let first = if article { first - 1 } else { first };
        let before = word_at(first.checked_sub(1)).map(str::to_lowercase);
        let before_two = word_at(first.checked_sub(2)).map(str::to_lowercase);
        let after = word_at(Some(last));
        let lexicon = self.lexicon;
        let by_word_before = before
            .as_deref()
            .is_some_and(|w| lexicon.team_before.contains(w));
        let by_pair_before = before_two.zip(before.as_deref()).is_some_and(|(a, b)| {
            lexicon
                .team_pairs_before
                .contains(format!("{a}+{b}").as_str())
        });
        let possessive = self.tokens[end].possessive > 0;
        let by_word_after = after.is_some_and(|w| {
            if possessive {
                lexicon.team_possessions.contains(w)
            } else {
                lexicon.team_after.contains(w)
            }
        });
        by_word_before
            || by_pair_before
            || by_word_after
            || self.followed_by_score(last, block)
            || self.club_of_country(last, block)
            || (self.followed_by_bracketed_place(end) && self.followed_by_score(end + 4, block))
            || self.fixture(block)
    }

    /// `Somerset 83 and 174`, `Kent 108-3`: a small number right after the name,
    /// then a list's punctuation or the end of the paragraph.
    fn followed_by_score(&self, next: usize, block: usize) -> bool {
        let same = |i: usize| self.tokens.get(i).filter(|t| t.block == block);
        let Some(score) = same(next) else {
            return false;
        };
        // `83`, `108-3`, `4-38`: runs, goals, wickets.
        let text = &self.body[score.range.clone()];
        let digits = text.bytes().filter(u8::is_ascii_digit).count();
        let small = score.kind == Kind::Number
            && text.bytes().all(|b| b.is_ascii_digit() || b == b'-')
            && digits <= 3
            && text.len() <= 7;
        // A table row (`CHICAGO 71 64 .526`) or a list of results.
        small
            && same(next + 1).is_none_or(|t| {
                matches!(
                    t.kind,
                    Kind::Number | Kind::Punct(',' | ';' | '(' | '-' | ')' | '.')
                ) || matches!(&self.body[t.range.clone()], "and" | "for" | "points")
            })
    }

    /// `Karlsruhe of Germany`: a club and the country it plays in.
    fn club_of_country(&self, next: usize, block: usize) -> bool {
        let same = |i: usize| self.tokens.get(i).filter(|t| t.block == block);
        same(next).is_some_and(|t| &self.body[t.range.clone()] == "of")
            && same(next + 1).is_some_and(|t| self.lexicon.countries.contains(t.stem(self.body)))
    }

    /// `CHICAGO AT TORONTO`: a paragraph that is one fixture, in capitals.
    /// (Tokens include punctuation: `NEW YORK AT LOS ANGELES (7.05 PM)`.)
    fn fixture(&self, block: usize) -> bool {
        let from = self.tokens.partition_point(|t| t.block < block);
        let to = self.tokens.partition_point(|t| t.block <= block);
        // A fixture is a short line; looking no further keeps this constant per
        // name, however long the paragraph.
        if to - from > FIXTURE_MAX_TOKENS {
            return false;
        }
        let words = &self.tokens[from..to];
        let in_capitals =
            |t: &Token| t.is_word() && !self.body[t.range.clone()].chars().any(char::is_lowercase);
        let at = words
            .iter()
            .position(|t| matches!(&self.body[t.range.clone()], "AT" | "VS" | "V"));
        at.is_some_and(|at| at > 0 && at + 1 < words.len() && words.iter().all(in_capitals))
    }

    /// `Given, Breen, Staunton, Irwin and McAteer`: in a list of names where
    /// people are named and nothing else is, the names of unknown kind are
    /// people too (line-ups, results, panels).
    pub(super) fn people_in_lists(&self, names: &mut Names) {
        let mut people = vec![false; names.entities.len()];
        let mentions = &names.mentions;
        let mut start = 0;
        while start < mentions.len() {
            let mut end = start + 1;
            while end < mentions.len() {
                let gap = self.body[mentions[end - 1].range.end..mentions[end].range.start].trim();
                if !matches!(gap, "," | "and" | ", and") {
                    break;
                }
                end += 1;
            }
            let list = &mentions[start..end];
            let count = |kind: NameKind| list.iter().filter(|m| m.kind == kind).count();
            let others = count(NameKind::Organization) + count(NameKind::Place);
            if list.len() >= 3 && count(NameKind::Person) >= 2 && others == 0 {
                for mention in list.iter().filter(|m| m.kind == NameKind::Other) {
                    let name = &self.body[mention.range.clone()];
                    if !self.lexicon.demonyms.contains(name) {
                        people[mention.entity] = true;
                    }
                }
            }
            start = end;
        }
        for (entity, person) in names.entities.iter_mut().zip(&mut people) {
            *person &= entity.kind == NameKind::Other;
            if *person {
                entity.kind = NameKind::Person;
            }
        }
        for mention in names.mentions.iter_mut().filter(|m| people[m.entity]) {
            mention.kind = NameKind::Person;
        }
    }

    /// The lower-case word before or after a name says it is an organisation
    /// (`the news agency Tanjug`, `Pirelli shares`, `Petofi's board`) or a place
    /// (`Charles de Gaulle airport`).
    fn kind_by_neighbours(&self, start: usize, end: usize) -> Option<NameKind> {
        let block = self.tokens[start].block;
        let word = |i: Option<usize>| {
            i.and_then(|i| self.tokens.get(i))
                .filter(|t| t.block == block && t.is_word())
                .map(|t| &self.body[t.range.clone()])
                .filter(|w| w.starts_with(char::is_lowercase))
        };
        let before = word(start.checked_sub(1));
        let after = word(Some(end + 1));
        let lexicon = self.lexicon;
        if before.is_some_and(|w| lexicon.org_before.contains(w))
            || after.is_some_and(|w| lexicon.org_after.contains(w))
        {
            return Some(NameKind::Organization);
        }
        let possessive = self.tokens[end].possessive > 0;
        (!possessive && after.is_some_and(|w| lexicon.place_after.contains(w)))
            .then_some(NameKind::Place)
    }
}
