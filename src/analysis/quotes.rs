//! Finding quotations: spans from an opening to a closing quotation mark, marks
//! included, told apart from apostrophes.
//!
//! Double quotes (straight or curly, `„“`, `«»`, `「」`, and the typewriter pair
//! ``` `` ''```) and single quotes used as quotation marks are tracked on a stack, so a
//! single quote inside a double one belongs to it and a double quote inside another
//! is a quotation of its own. A quotation still open at the end of a paragraph
//! continues when the next paragraph opens with a quotation mark (the newspaper
//! convention for long quotes); otherwise it ends with its paragraph, so a stray
//! mark never runs away through the article.

use std::ops::Range;

use crate::article::Block;

/// One quotation found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteSpan {
    /// From the opening mark to the closing mark (or the end of the paragraph where
    /// an unclosed quotation stops), marks included.
    pub range: Range<usize>,
    /// 0 for a quotation in running text, 1 or more for one inside another.
    pub depth: usize,
    /// Opened with a single quotation mark.
    pub single: bool,
}

/// Double or single.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

/// What a mark can do, before context decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Only ever opens (`“`, `„`, `«`, `‘`, `「`).
    Opener,
    /// Only ever closes (`”`, `»`, `」`); `’` is also an apostrophe.
    Closer,
    /// Straight marks: context decides.
    Either,
}

/// A quotation mark in the text.
#[derive(Debug, Clone, Copy)]
struct Mark {
    at: usize,
    len: usize,
    family: Family,
    shape: Shape,
}

/// An open quotation on the stack.
#[derive(Debug, Clone, Copy)]
struct Open {
    start: usize,
    family: Family,
    /// Depth among quotations (the stack height when it opened).
    depth: usize,
}

/// Finds every quotation in `body`, in order of their opening marks.
pub fn find_quotes(body: &str, blocks: &[Block]) -> Vec<QuoteSpan> {
    let mut found = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // The marks of the next paragraph, when they were found early to see whether a
    // quotation continues into it.
    let mut next_marks: Option<Vec<Mark>> = None;
    for (index, block) in blocks.iter().enumerate() {
        let marks = next_marks
            .take()
            .unwrap_or_else(|| marks_in(&body[block.range.clone()], block.range.start));
        let mut marks = marks.as_slice();
        // A quotation carried over from the previous paragraph (which checked that
        // this one opens with a quotation mark): that mark repeats it rather than
        // starting a new quotation.
        if !stack.is_empty() {
            marks = &marks[1..];
        }
        for mark in marks {
            step(body, *mark, &mut stack, &mut found);
        }
        // What is still open either continues into the next paragraph or ends here.
        let continues = stack.first().is_some_and(|o| o.family == Family::Double)
            && blocks.get(index + 1).is_some_and(|next| {
                let marks = marks_in(&body[next.range.clone()], next.range.start);
                let opens = opens_with_quote(body, next, &marks);
                next_marks = Some(marks);
                opens
            });
        if !continues {
            for open in stack.drain(..).rev() {
                found.push(span(open, block.range.end));
            }
        }
    }
    // A single-quoted passage inside another quotation is part of it, not a
    // quotation of its own.
    found.retain(|q| !(q.single && q.depth > 0));
    found.sort_by_key(|q| (q.range.start, q.depth));
    found
}

fn span(open: Open, end: usize) -> QuoteSpan {
    QuoteSpan {
        range: open.start..end,
        depth: open.depth,
        single: open.family == Family::Single,
    }
}

/// True when a paragraph starts with an opening double quotation mark, as a long
/// quotation's next paragraph does. A transcript's next speaker (`"PENCE: …`) is a
/// new quotation, not a continuation.
fn opens_with_quote(body: &str, block: &Block, marks: &[Mark]) -> bool {
    let opens = marks.first().is_some_and(|m| {
        m.at == block.range.start && m.family == Family::Double && m.shape != Shape::Closer
    });
    opens && !starts_with_speaker_label(&body[block.range.clone()])
}

/// `"WALLACE: …`: an upper-case name and a colon right after the opening mark.
fn starts_with_speaker_label(text: &str) -> bool {
    let rest = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let label: String = rest
        .chars()
        .take_while(|c| !matches!(c, ':' | ' '))
        .collect();
    label.chars().count() > 1
        && label
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '-')
        && rest[label.len()..].starts_with(':')
}

/// The deepest nesting tracked.
const MAX_DEPTH: usize = 16;

/// Applies one mark to the stack of open quotations.
fn step(body: &str, mark: Mark, stack: &mut Vec<Open>, found: &mut Vec<QuoteSpan>) {
    let open_family = |family: Family| stack.iter().rposition(|o| o.family == family);
    let opens = match (mark.family, mark.shape) {
        (_, Shape::Opener) => true,
        (family, Shape::Closer) => {
            if open_family(family).is_none() {
                // A closer with nothing to close: a stray mark, or (for `’`) an
                // apostrophe.
                return;
            }
            false
        }
        // A straight double quote closes the open double quotation if there is one
        // (nesting straight marks inside straight marks is too rare to guess at).
        // With none open, it opens one, unless it plainly ends a word: then it is a
        // stray closing mark.
        (Family::Double, Shape::Either) => {
            if open_family(Family::Double).is_some() {
                false
            } else if closing_context(body, mark) && !opening_context(body, mark) {
                return;
            } else {
                true
            }
        }
        (Family::Single, Shape::Either) => match stack.last() {
            Some(top) if top.family == Family::Single && closing_context(body, mark) => false,
            _ => opening_context(body, mark) && !closing_context(body, mark),
        },
    };
    if opens {
        // Real nesting is two or three deep; a run of stray openers (a mangled
        // file) must not make every later mark walk a long stack.
        if stack.len() >= MAX_DEPTH {
            return;
        }
        stack.push(Open {
            start: mark.at,
            family: mark.family,
            depth: stack.len(),
        });
        return;
    }
    let Some(position) = open_family(mark.family) else {
        return;
    };
    // Closing an outer quotation closes anything left open inside it.
    while stack.len() > position + 1 {
        if let Some(inner) = stack.pop() {
            found.push(span(inner, mark.at));
        }
    }
    if let Some(open) = stack.pop() {
        found.push(span(open, mark.at + mark.len));
    }
}

/// The mark follows white space, an opening bracket or a dash (or starts the text)
/// and is followed by something that is not white space.
fn opening_context(body: &str, mark: Mark) -> bool {
    let before = body[..mark.at].chars().next_back();
    let after = body[mark.at + mark.len..].chars().next();
    let open_before = before.is_none_or(|c| c.is_whitespace() || "([{<—–-/«„“‘\"'".contains(c));
    open_before && after.is_some_and(|c| !c.is_whitespace())
}

/// The mark follows something that is not white space and is followed by white
/// space, punctuation or the end of the text.
fn closing_context(body: &str, mark: Mark) -> bool {
    let before = body[..mark.at].chars().next_back();
    let after = body[mark.at + mark.len..].chars().next();
    before.is_some_and(|c| !c.is_whitespace())
        && after.is_none_or(|c| {
            c.is_whitespace() || (c.is_ascii_punctuation() && c != '\'') || "”’»—–…".contains(c)
        })
}

/// Elisions that start with an apostrophe: `'90s`, `'em`, `’tis`, `rock 'n' roll`.
fn is_leading_elision(rest: &str) -> bool {
    const WORDS: [&str; 12] = [
        "em", "tis", "twas", "til", "cause", "bout", "n", "round", "neath", "ere", "ol", "ave",
    ];
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    if word.len() == 2 && word.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if word.len() == 3 && word.starts_with(|c: char| c.is_ascii_digit()) && word.ends_with('s') {
        return true;
    }
    WORDS.contains(&word.as_str())
        && rest[word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// True when the text before a `"` ends with feet and inches such as `6'3`.
fn is_inches(head: &str) -> bool {
    let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &head[..head.len() - digits];
    digits > 0
        && (rest.ends_with('\'') || rest.ends_with('’'))
        && rest[..rest.len() - rest.chars().next_back().map_or(0, char::len_utf8)]
            .ends_with(|c: char| c.is_ascii_digit())
}

/// The quotation marks in one paragraph, with apostrophes already told apart and
/// left out.
fn marks_in(text: &str, offset: usize) -> Vec<Mark> {
    let mut marks = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, c)| c);
        let mark = |len: usize, family: Family, shape: Shape| Mark {
            at: offset + i,
            len,
            family,
            shape,
        };
        match c {
            '“' | '„' | '«' | '「' | '『' | '‟' | '〝' => {
                marks.push(mark(c.len_utf8(), Family::Double, Shape::Opener));
            }
            '”' | '»' | '」' | '』' | '〞' | '〟' => {
                marks.push(mark(c.len_utf8(), Family::Double, Shape::Closer));
            }
            // `6'3"` is a height, not a quotation.
            '"' if is_inches(&text[..i]) => {}
            '"' => marks.push(mark(1, Family::Double, Shape::Either)),
            '`' if next == Some('`') => {
                chars.next();
                marks.push(mark(2, Family::Double, Shape::Opener));
                previous = Some('`');
                continue;
            }
            '\'' if next == Some('\'') => {
                chars.next();
                marks.push(mark(2, Family::Double, Shape::Either));
                previous = Some('\'');
                continue;
            }
            '‘' | '‹' if !is_leading_elision(&text[i + c.len_utf8()..]) => {
                marks.push(mark(c.len_utf8(), Family::Single, Shape::Opener));
            }
            '’' | '\'' | '›' => {
                let letter_before = previous.is_some_and(char::is_alphanumeric);
                let letter_after = next.is_some_and(char::is_alphanumeric);
                let head = &text[..i];
                // The second mark of `rock 'n' roll`.
                let closes_n = head.ends_with("'n") || head.ends_with("’n");
                // Between letters (`don't`), closing `'n'`, before an elision
                // (`'90s`), or with no letter on either side: not a quotation mark.
                let apostrophe = if letter_before {
                    letter_after || closes_n
                } else {
                    !letter_after || is_leading_elision(&text[i + c.len_utf8()..])
                };
                if !apostrophe {
                    // A curly `’` after a letter closes (or is a possessive); anything
                    // else is decided by context.
                    let shape = if c == '’' && letter_before {
                        Shape::Closer
                    } else {
                        Shape::Either
                    };
                    marks.push(mark(c.len_utf8(), Family::Single, shape));
                }
            }
            _ => {}
        }
        previous = Some(c);
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::BlockKind;

    /// Quotations in a text whose paragraphs are separated by blank lines.
    fn quotes(text: &str) -> Vec<&str> {
        spans(text).into_iter().map(|q| &text[q.range]).collect()
    }

    fn spans(text: &str) -> Vec<QuoteSpan> {
        let mut blocks = Vec::new();
        let mut start = 0;
        for paragraph in text.split("\n\n") {
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                range: start..start + paragraph.len(),
            });
            start += paragraph.len() + 2;
        }
        find_quotes(text, &blocks)
    }

    #[test]
    fn runs_of_stray_openers_nest_no_deeper_than_the_limit() {
        let text = "“a ".repeat(10_000);
        let found = spans(&text);
        assert_eq!(found.len(), MAX_DEPTH);
        assert!(found.iter().all(|q| q.depth < MAX_DEPTH));
    }

    #[test]
    fn straight_and_curly_double_quotes() {
        assert_eq!(
            quotes(r#"He said "yes" and "no"."#),
            [r#""yes""#, r#""no""#]
        );
        assert_eq!(
            quotes("“Never,” she said. “Not once.”"),
            ["“Never,”", "“Not once.”"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        for text in [
            "Russia's envoy didn't say. The students' union met at 9 o'clock.",
            "In the '90s, rock 'n' roll was back. ’Tis true, don’t ask.",
            "Mr O'Neill's band played the Okafors' barn.",
        ] {
            assert!(quotes(text).is_empty(), "{text}: {:?}", quotes(text));
        }
    }

    #[test]
    fn single_quotes_as_quotation_marks() {
        assert_eq!(
            quotes("Minister 'will not resign' over dam"),
            ["'will not resign'"]
        );
        assert_eq!(
            quotes("Minister ‘will not resign’ over dam"),
            ["‘will not resign’"]
        );
    }

    #[test]
    fn nested_single_quotes_belong_to_the_outer_quote() {
        let text = r#""He told me 'never again', and meant it," she said."#;
        let found = spans(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].range.clone()],
            r#""He told me 'never again', and meant it,""#
        );
        let curly =
            "“The gaffer told us ‘go out and enjoy it, it’s a final’, and we did,” he said.";
        assert_eq!(
            quotes(curly),
            ["“The gaffer told us ‘go out and enjoy it, it’s a final’, and we did,”"]
        );
    }

    #[test]
    fn nested_double_quotes_are_quotes_of_their_own() {
        let text = "\"I read the question: “Do you trust her?” Forty-three said yes,\" he said.";
        let found = spans(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].depth, 0);
        assert_eq!(&text[found[1].range.clone()], "“Do you trust her?”");
        assert_eq!(found[1].depth, 1);
    }

    #[test]
    fn quotation_continues_into_a_paragraph_that_opens_with_a_mark() {
        let text =
            "She told him: \"You were trusted.\n\n\"You took that trust.\"\n\nThen she left.";
        let found = spans(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].range.clone()],
            "\"You were trusted.\n\n\"You took that trust.\""
        );
    }

    #[test]
    fn transcript_speakers_start_new_quotations() {
        let text = "\"WALLACE: Will she be there?\n\n\"PENCE: Well, look.";
        assert_eq!(
            quotes(text),
            ["\"WALLACE: Will she be there?", "\"PENCE: Well, look."]
        );
    }

    #[test]
    fn unclosed_quotation_ends_with_its_paragraph() {
        let text = "He said \"this never ends.\n\nA new paragraph with \"a quote\" here.";
        assert_eq!(quotes(text), ["\"this never ends.", "\"a quote\""]);
    }

    #[test]
    fn mismatched_and_typewriter_marks() {
        assert_eq!(quotes("He said \"yes” and left."), ["\"yes”"]);
        assert_eq!(quotes("He said ``yes'' and left."), ["``yes''"]);
        assert_eq!(quotes("He said “yes\" and left."), ["“yes\""]);
    }

    #[test]
    fn stray_marks_do_not_derail_later_quotes() {
        let text = "A stray ” mark.\n\nThen \"a real quote\" follows.";
        assert_eq!(quotes(text), ["\"a real quote\""]);
    }

    #[test]
    fn heights_are_not_quotes() {
        assert_eq!(
            quotes("He is 6'3\" tall and \"fit\", he said."),
            ["\"fit\""]
        );
    }

    #[test]
    fn a_lone_closing_mark_opens_nothing() {
        assert_eq!(
            quotes("It ended in a pillow.\" Then \"this\" ran."),
            ["\"this\""]
        );
    }

    #[test]
    fn cjk_corner_brackets() {
        assert_eq!(quotes("他說：「我不知道。」"), ["「我不知道。」"]);
    }
}
