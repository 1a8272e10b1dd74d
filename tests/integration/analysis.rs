//! Quotation, name and speaker finding on our own annotated fixtures
//! (`tests/fixtures/annotated`, format in its README), and properties that hold on
//! any text.

use folio::analysis::{NameKind, analyse};
use folio::article::text::parse;
use proptest::prelude::*;

use crate::fixture;

/// What a fixture's marks say the analysis must find.
#[derive(Debug, Default)]
struct Expected {
    text: String,
    quotes: Vec<(String, Option<String>)>,
    names: Vec<(String, NameKind)>,
}

/// Strips the marks from an annotated fixture, remembering what they marked.
fn read_annotated(source: &str) -> Expected {
    enum Open {
        Name(NameKind, usize),
        Quote {
            start: usize,
            end: Option<usize>,
            speaker: String,
        },
    }
    let mut expected = Expected::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut found_quotes: Vec<(usize, String, Option<String>)> = Vec::new();
    let mut found_names: Vec<(usize, String, NameKind)> = Vec::new();
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        let reading_speaker = matches!(stack.last(), Some(Open::Quote { end: Some(_), .. }));
        if let Some(after) = rest.strip_prefix("<<") {
            stack.push(Open::Quote {
                start: expected.text.len(),
                end: None,
                speaker: String::new(),
            });
            rest = after;
        } else if let Some(after) = rest.strip_prefix(">>") {
            let Some(Open::Quote {
                start,
                end,
                speaker,
            }) = stack.pop()
            else {
                panic!("unbalanced >>")
            };
            let end = end.unwrap_or(expected.text.len());
            let speaker = (!speaker.is_empty()).then_some(speaker);
            found_quotes.push((start, expected.text[start..end].to_owned(), speaker));
            rest = after;
        } else if reading_speaker {
            if let Some(Open::Quote { speaker, .. }) = stack.last_mut() {
                speaker.push(c);
            }
            rest = &rest[c.len_utf8()..];
        } else if let Some((kind, after)) = ["{P|", "{O|", "{L|", "{X|"]
            .iter()
            .zip([
                NameKind::Person,
                NameKind::Organization,
                NameKind::Place,
                NameKind::Other,
            ])
            .find_map(|(mark, kind)| rest.strip_prefix(mark).map(|after| (kind, after)))
        {
            stack.push(Open::Name(kind, expected.text.len()));
            rest = after;
        } else if c == '}' && matches!(stack.last(), Some(Open::Name(..))) {
            let Some(Open::Name(kind, start)) = stack.pop() else {
                unreachable!()
            };
            found_names.push((start, expected.text[start..].to_owned(), kind));
            rest = &rest[1..];
        } else if c == '|' && matches!(stack.last(), Some(Open::Quote { end: None, .. })) {
            if let Some(Open::Quote { end, .. }) = stack.last_mut() {
                *end = Some(expected.text.len());
            }
            rest = &rest[1..];
        } else {
            expected.text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    assert!(stack.is_empty(), "unclosed mark");
    found_quotes.sort_by_key(|(start, ..)| *start);
    found_names.sort_by_key(|(start, ..)| *start);
    expected.quotes = found_quotes.into_iter().map(|(_, q, s)| (q, s)).collect();
    expected.names = found_names.into_iter().map(|(_, n, k)| (n, k)).collect();
    expected
}

/// Analyses a fixture and compares everything it found with the marks.
fn check(name: &str) {
    let source = std::fs::read_to_string(fixture(&format!("annotated/{name}"))).unwrap();
    let expected = read_annotated(&source);
    let article = parse(&expected.text, name);
    let analysis = analyse(&article);
    let body = &article.body;
    let quotes: Vec<(String, Option<String>)> = analysis
        .quotes
        .iter()
        .map(|q| {
            let speaker = q.speaker.map(|id| analysis.entities[id].name.clone());
            (body[q.range.clone()].to_owned(), speaker)
        })
        .collect();
    let names: Vec<(String, NameKind)> = analysis
        .names
        .iter()
        .map(|m| (body[m.range.clone()].to_owned(), m.kind))
        .collect();
    assert_eq!(quotes, expected.quotes, "{name}: quotations and speakers");
    assert_eq!(names, expected.names, "{name}: names");
}

#[test]
fn apostrophes_are_not_quotations() {
    check("apostrophes.txt");
}

#[test]
fn quotations_of_every_shape() {
    check("quotations.txt");
}

#[test]
fn speakers_from_the_usual_patterns() {
    check("speakers.txt");
}

#[test]
fn names_people_organisations_places() {
    check("names.txt");
}

#[test]
fn he_and_she_are_the_subject_of_the_sentence_before() {
    check("pronouns.txt");
}

#[test]
fn partial_quotes_belong_to_the_reporting_verb_subject() {
    check("reported_speech.txt");
}

#[test]
fn appositives_and_descriptions_name_the_speaker() {
    check("appositives.txt");
}

#[test]
fn scare_quotes_titles_and_headlines_have_no_speaker() {
    check("unattributed.txt");
}

#[test]
fn teams_companies_and_landforms_are_typed() {
    check("name_kinds.txt");
}

#[test]
fn mentions_of_one_person_are_one_entity() {
    let text = "Sessions quits\n\nUS Attorney General Jeff Sessions resigned. Mr Sessions said he was tired. Sessions's aides agreed. The FBI, the Federal Bureau of Investigation, said nothing.\n";
    let article = parse(text, "t.txt");
    let analysis = analyse(&article);
    let sessions: Vec<usize> = analysis
        .names
        .iter()
        .filter(|m| article.body[m.range.clone()].contains("Sessions"))
        .map(|m| m.entity)
        .collect();
    assert_eq!(sessions.len(), 3);
    assert!(sessions.iter().all(|&e| e == sessions[0]));
    let entity = &analysis.entities[sessions[0]];
    assert_eq!(
        (entity.name.as_str(), entity.kind, entity.mentions),
        ("Jeff Sessions", NameKind::Person, 3)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Analysis never panics, and every span lies inside the body on character
    /// boundaries, speakers and entities pointing at real entities.
    #[test]
    fn analysis_spans_are_sound(text in r#"[A-Za-z '"“”‘’.,:;!?()\n—-]{0,400}|(Mr |Dr |said |The |"|“|”|'|‘|’|\n\n|[A-Z][a-z]{1,8} |[a-z]{1,6} |, |\. |東京 |👍🏽 ){0,80}"#) {
        let article = parse(&text, "prop.txt");
        let analysis = analyse(&article);
        let body = &article.body;
        for quote in &analysis.quotes {
            prop_assert!(quote.range.start < quote.range.end && quote.range.end <= body.len());
            prop_assert!(body.is_char_boundary(quote.range.start) && body.is_char_boundary(quote.range.end));
            prop_assert!(quote.speaker.is_none_or(|s| s < analysis.entities.len()));
        }
        for name in &analysis.names {
            prop_assert!(name.range.start < name.range.end && name.range.end <= body.len());
            prop_assert!(body.is_char_boundary(name.range.start) && body.is_char_boundary(name.range.end));
            prop_assert!(name.entity < analysis.entities.len());
        }
        let total: usize = analysis.entities.iter().map(|e| e.mentions).sum();
        prop_assert_eq!(total, analysis.names.len());
    }
}
