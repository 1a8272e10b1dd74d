//! Grouping mentions into entities: `Jeff Sessions`, `Mr Sessions` and
//! `Sessions's` are one person, `NRA` the organisation it abbreviates.

use std::collections::HashMap;

use super::{Candidate, Finder, Names, is_particle_any_case};
use crate::analysis::{Entity, Mention, NameKind};

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
    pub(super) fn collect(
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
    pub(super) fn owner(
        &self,
        finder: &Finder<'_>,
        i: usize,
        candidate: &Candidate,
    ) -> Option<usize> {
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

impl Finder<'_> {
    /// Gives every candidate a kind and groups mentions into entities.
    pub(super) fn classify_and_group(&self, candidates: &[Candidate]) -> Names {
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
        self.retype_teams(&mut names);
        self.people_in_lists(&mut names);
        self.name_acronyms(&mut names);
        renumber(&mut names);
        names
    }

    /// An organisation known by its initials too is named with both:
    /// `International Monetary Fund (IMF)`.
    pub(super) fn name_acronyms(&self, names: &mut Names) {
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
    pub(super) fn acronym_after(&self, index: usize) -> Option<String> {
        let open = self.tokens.get(index + 1)?;
        let word = self.tokens.get(index + 2)?;
        let close = self.tokens.get(index + 3)?;
        (open.is_punct('(') && close.is_punct(')') && word.is_word())
            .then(|| word.stem(self.body))
            .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.'))
            .map(str::to_owned)
    }
}

/// Drops entities left without mentions and numbers the rest in order.
pub(super) fn renumber(names: &mut Names) {
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

/// `Northern Rivers Authority` → `NRA`.
pub(super) fn initials(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| w.starts_with(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
}
