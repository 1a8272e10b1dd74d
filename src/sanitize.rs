//! Makes untrusted text safe to draw: strips control characters, whole escape
//! sequences, bidi overrides and invisible format characters, normalises line
//! endings and expands tabs.
//!
//! Everything that comes from a file (content and file names) passes through here
//! once, at decode time; nothing later needs to worry about escapes reaching the
//! terminal. This module must never drop a printable character.

/// Columns between tab stops when a tab is expanded to spaces.
const TAB_STOP: usize = 8;

/// The result of sanitising a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sanitized {
    /// The safe text: only `\n` remains of the control characters.
    pub text: String,
    /// How many control characters, escape sequences and bidi controls were removed
    /// (line-ending and tab normalisation do not count).
    pub removed: usize,
    /// How many invisible format characters were dropped (not counted in
    /// `removed`: they hide text rather than attack the terminal).
    pub hidden: usize,
}

/// Sanitises multi-line text (an article).
///
/// `\r\n` and lone `\r` become `\n`; tabs expand to spaces; U+2028/U+2029 become
/// line and paragraph breaks; escape sequences (CSI, OSC, DCS, …) are removed whole,
/// including their 8-bit C1 forms; other controls and bidi overrides are removed.
pub fn sanitize_text(input: &str) -> Sanitized {
    sanitize_owned(input.to_owned())
}

/// The same, taking ownership: clean text (the common case) is returned without
/// being copied.
pub fn sanitize_owned(input: String) -> Sanitized {
    let plain = plain_prefix(input.as_bytes());
    if plain == input.len() {
        return Sanitized {
            text: input,
            removed: 0,
            hidden: 0,
        };
    }
    sanitize_slow(&input, plain)
}

/// Cleans `input`, whose first `plain` bytes are known to be plain.
fn sanitize_slow(input: &str, plain: usize) -> Sanitized {
    let mut out = String::with_capacity(input.len());
    let mut removed = 0;
    let mut hidden = 0;
    let mut column = 0;
    let mut chars = input.chars();
    let mut known_plain = Some(plain);
    loop {
        // Plain stretches (most of any text) are copied whole.
        let rest = chars.as_str();
        let plain = known_plain
            .take()
            .unwrap_or_else(|| plain_prefix(rest.as_bytes()));
        let run = &rest[..plain];
        if plain >= 32 {
            out.push_str(run);
            column = match run.rfind('\n') {
                Some(at) => run[at + 1..].chars().count(),
                None => column + run.chars().count(),
            };
        } else {
            // A short run between characters that are not plain: copying it
            // whole cost more than it saved.
            for c in run.chars() {
                out.push(c);
                column = if c == '\n' { 0 } else { column + 1 };
            }
        }
        chars = rest[plain..].chars();
        let Some(c) = chars.next() else {
            break;
        };
        match c {
            '\n' | '\u{2028}' => {
                out.push('\n');
                column = 0;
            }
            '\r' => {
                if peek(&chars) != Some('\n') {
                    out.push('\n');
                    column = 0;
                }
            }
            '\t' => {
                let spaces = TAB_STOP - column % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\u{2029}' => {
                out.push_str("\n\n");
                column = 0;
            }
            _ if starts_sequence(c) => {
                removed += 1;
                skip_sequence(c, &mut chars);
            }
            _ if c.is_control() || is_bidi_control(c) => removed += 1,
            // Invisible, so inside a word they only hide things (`har\u{2060}bour`
            // would not match a search for harbour) and are dropped without a
            // note. Next to white space they hide nothing and stay, so offsets
            // into the text still line up with the source; a joiner between two
            // letters of a script or emoji that needs it stays too.
            _ if is_invisible(c) => {
                let before = out.chars().next_back();
                let after = peek(&chars);
                let joins = matches!(c, '\u{200C}' | '\u{200D}')
                    && before.is_some_and(needs_joiners)
                    && after.is_some_and(needs_joiners);
                let by_space = before.is_some_and(char::is_whitespace)
                    || after.is_some_and(char::is_whitespace);
                if joins || by_space {
                    out.push(c);
                } else {
                    hidden += 1;
                }
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    Sanitized {
        text: out,
        removed,
        hidden,
    }
}

/// Sanitises text that is shown on one line (a file name, a title in a list row).
///
/// Every control character, line break or bidi control becomes a visible U+FFFD, so a
/// name that tries to smuggle an escape sequence shows up as odd rather than acting.
pub fn sanitize_line(input: &str) -> String {
    sanitized_line(input).into_owned()
}

/// The same, borrowing the text when it needs nothing (most text).
pub fn sanitized_line(input: &str) -> std::borrow::Cow<'_, str> {
    if is_plain(input.as_bytes()) && !input.contains('\n') {
        return input.into();
    }
    input
        .chars()
        .map(|c| if acts_or_hides(c) { '\u{FFFD}' } else { c })
        .collect::<String>()
        .into()
}

/// True when the UTF-8 bytes hold nothing this module would change, apart from `\n`.
///
/// A byte scan rather than a char scan: most articles are clean and this keeps the
/// common case to one fast pass.
pub fn is_plain(bytes: &[u8]) -> bool {
    plain_prefix(bytes) == bytes.len()
}

/// How many bytes at the start of `bytes` are plain (always a character
/// boundary: what is not plain starts with an ASCII control or a lead byte).
// Bitwise `|` on purpose: short-circuiting would stop the loop vectorising.
#[allow(clippy::needless_bitwise_bool)]
fn plain_prefix(bytes: &[u8]) -> usize {
    // A text dense with what is not plain has short plain runs, and the
    // sanitiser asks for one after each such character: the first bytes are
    // looked at one by one, as screening a whole chunk for them cost more
    // than the run (text full of escapes was sanitised at half the speed).
    const FIRST: usize = 16;
    const CHUNK: usize = 32;
    let first = bytes.len().min(FIRST);
    // (Printable ASCII, most of any text, is told apart at once.)
    let ascii_plain = |b: u8| (0x20..0x7f).contains(&b) || b == b'\n';
    if let Some(i) = (0..first).find(|&i| !ascii_plain(bytes[i]) && !byte_is_plain(bytes, i)) {
        return i;
    }
    // Most of a text is plain. Chunks are screened with a branch-free test the
    // compiler vectorises, which marks each suspect byte in a mask; only the
    // bytes marked are looked at closely. (News is full of curly quotes and
    // dashes, whose lead byte is suspect: looking at every byte of a chunk
    // holding one was 6% of a first scan.)
    let suspect = |b: u8| {
        (b < 0x20 && b != b'\n')
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xe2)
            | (b == 0xd8)
            | (b == 0xef)
    };
    // The offset of the first byte of `chunk` (at most 32 bytes, starting at
    // `at`) that is not plain.
    let screen = |chunk: &[u8], at: usize| {
        let mut marked = chunk
            .iter()
            .enumerate()
            .fold(0u32, |mask, (k, &b)| mask | (u32::from(suspect(b)) << k));
        while marked != 0 {
            let i = at + marked.trailing_zeros() as usize;
            if !byte_is_plain(bytes, i) {
                return Some(i);
            }
            marked &= marked - 1;
        }
        None
    };
    let mut chunks = bytes[first..].chunks_exact(CHUNK);
    for (n, chunk) in chunks.by_ref().enumerate() {
        if let Some(i) = screen(chunk, first + n * CHUNK) {
            return i;
        }
    }
    let tail = chunks.remainder();
    screen(tail, bytes.len() - tail.len()).unwrap_or(bytes.len())
}

/// The exact test for the byte at `i`, looking ahead into multi-byte sequences.
fn byte_is_plain(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        0x00..=0x1f | 0x7f => false,
        // C1 controls U+0080..U+009F are C2 80..C2 9F; the soft hyphen is C2 AD.
        0xc2 => !matches!(bytes.get(i + 1), Some(0x80..=0x9f | 0xad)),
        // U+061C (the Arabic letter mark) is D8 9C.
        0xd8 => bytes.get(i + 1) != Some(&0x9c),
        // U+200B..U+200F, U+2028..U+202E, U+2060..U+2064 and U+2066..U+2069 are
        // E2 80 8B..8F, E2 80 A8..AE, E2 81 A0..A4 and E2 81 A6..A9.
        0xe2 => !matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0x8b..=0x8f | 0xa8..=0xae)) | (Some(0x81), Some(0xa0..=0xa4 | 0xa6..=0xa9))
        ),
        // U+FEFF (a byte order mark inside the text) is EF BB BF.
        0xef => !matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0xbb), Some(0xbf))
        ),
        _ => true,
    }
}

/// Format characters that draw nothing: zero-width space, non-joiner and
/// joiner, the left-to-right, right-to-left and Arabic letter marks, word joiner
/// and invisible operators, a byte order mark inside the text, the soft hyphen.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Whether a character must not reach a one-line display or a machine-readable
/// field as it is: a control, a bidi control, an invisible character or a line or
/// paragraph separator.
pub fn acts_or_hides(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Letters of scripts that use joiners (Persian, Indic scripts) and emoji: a
/// joiner between two of these is part of the text.
fn needs_joiners(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && !c.is_control() && !is_invisible(c)
}

/// Bidi embeddings, overrides and isolates: they can make text read in a different
/// order than it is stored, so they never reach the screen.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn starts_sequence(c: char) -> bool {
    matches!(
        c,
        '\u{1b}' | '\u{90}' | '\u{98}' | '\u{9b}' | '\u{9d}' | '\u{9e}' | '\u{9f}'
    )
}

/// The next character, left to be read.
fn peek(chars: &std::str::Chars<'_>) -> Option<char> {
    chars.clone().next()
}

/// Consumes the rest of an escape sequence whose introducer `first` was just read.
///
/// String sequences (OSC, DCS, APC, …) end at BEL or ST; a line break also ends them
/// so that a malformed sequence cannot swallow the rest of an article.
fn skip_sequence(first: char, chars: &mut std::str::Chars<'_>) {
    let kind = if first == '\u{1b}' {
        match peek(chars) {
            Some('[') => {
                chars.next();
                Sequence::Csi
            }
            Some(']' | 'P' | 'X' | '^' | '_') => {
                chars.next();
                Sequence::String
            }
            Some(' '..='/') => Sequence::Nf,
            Some('0'..='~') => {
                chars.next();
                return;
            }
            _ => return,
        }
    } else if first == '\u{9b}' {
        Sequence::Csi
    } else {
        Sequence::String
    };
    match kind {
        Sequence::Csi => {
            while let Some(c) = peek(chars) {
                match c {
                    '0'..='?' | ' '..='/' => {
                        chars.next();
                    }
                    '@'..='~' => {
                        chars.next();
                        return;
                    }
                    _ => return,
                }
            }
        }
        Sequence::Nf => {
            while let Some(c) = peek(chars) {
                chars.next();
                if !matches!(c, ' '..='/') {
                    return;
                }
            }
        }
        Sequence::String => {
            while let Some(c) = peek(chars) {
                match c {
                    '\n' => return,
                    '\u{7}' | '\u{9c}' => {
                        chars.next();
                        return;
                    }
                    '\u{1b}' => {
                        chars.next();
                        if peek(chars) == Some('\\') {
                            chars.next();
                        }
                        return;
                    }
                    _ => {
                        chars.next();
                    }
                }
            }
        }
    }
}

enum Sequence {
    Csi,
    Nf,
    String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        sanitize_text(s).text
    }

    #[test]
    fn plain_text_is_untouched() {
        let s = "Café “quoted” 你好 👍🏽\nsecond line";
        assert_eq!(
            sanitize_text(s),
            Sanitized {
                text: s.into(),
                removed: 0,
                hidden: 0,
            }
        );
    }

    #[test]
    fn removes_csi_and_sgr_sequences_whole() {
        assert_eq!(clean("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(clean("x\x1b[2J\x1b[Hy"), "xy");
        assert_eq!(sanitize_text("\x1b[1;31m").removed, 1);
    }

    #[test]
    fn removes_osc_terminated_by_bel_or_st() {
        assert_eq!(clean("a\x1b]52;c;ZXZpbA==\x07b"), "ab");
        assert_eq!(clean("a\x1b]0;title\x1b\\b"), "ab");
        assert_eq!(
            clean("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b"),
            "alinkb"
        );
    }

    #[test]
    fn unterminated_osc_stops_at_line_end() {
        assert_eq!(clean("a\x1b]0;oops\nkept"), "a\nkept");
    }

    #[test]
    fn removes_c1_controls_and_their_sequences() {
        assert_eq!(clean("a\u{9b}31mb"), "ab");
        assert_eq!(clean("a\u{9d}0;t\u{9c}b"), "ab");
        assert_eq!(clean("a\u{85}b"), "ab");
    }

    #[test]
    fn removes_other_controls_and_del() {
        assert_eq!(clean("a\x07b\x08c\x7fd\x00e"), "abcde");
        assert_eq!(sanitize_text("a\x07b\x08c").removed, 2);
    }

    #[test]
    fn drops_invisible_characters_but_keeps_joiners_inside_words_that_need_them() {
        for hidden in [
            "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{2060}", "\u{FEFF}",
            "\u{061C}", "\u{00AD}",
        ] {
            let text = format!("har{hidden}bour");
            assert!(!is_plain(text.as_bytes()), "{hidden:?}");
            assert_eq!(clean(&text), "harbour", "{hidden:?}");
            assert_eq!(sanitize_line(&text), "har\u{FFFD}bour", "{hidden:?}");
        }
        // Not counted as removals: they hide, they do not attack.
        assert_eq!(sanitize_text("a\u{200B}b").removed, 0);
        assert_eq!(sanitize_text("a\u{200B}b").hidden, 1);
        // Beside a space one hides nothing, and stays.
        assert_eq!(
            clean("country \u{200B}combined"),
            "country \u{200B}combined"
        );
        // A family emoji and a Persian word keep their joiners.
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(clean(family), family);
        let persian = "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}";
        assert_eq!(clean(persian), persian);
        // Text with the lead bytes of these but not these stays on the fast path.
        assert!(is_plain("£ — Ø ﬁ".as_bytes()));
    }

    #[test]
    fn removes_bidi_overrides_and_isolates() {
        assert_eq!(
            clean("abc\u{202E}fed\u{202C} \u{2067}x\u{2069}"),
            "abcfed x"
        );
    }

    #[test]
    fn normalises_line_endings() {
        assert_eq!(clean("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(sanitize_text("a\r\nb").removed, 0);
    }

    #[test]
    fn expands_tabs_to_tab_stops() {
        assert_eq!(clean("\tx"), "        x");
        assert_eq!(clean("ab\tc"), "ab      c");
        // After long plain runs, copied whole: columns count characters, from
        // the last line break.
        let long = "y".repeat(35);
        assert_eq!(
            clean(&format!("line\n{long}\tz")),
            format!("line\n{long}     z")
        );
        let accented = "é".repeat(33);
        assert_eq!(
            clean(&format!("{accented}\tz")),
            format!("{accented}       z")
        );
        let short_after_long = format!("{}\u{1}ab\tz", "x".repeat(40));
        assert_eq!(
            clean(&short_after_long),
            format!("{}ab      z", "x".repeat(40))
        );
    }

    #[test]
    fn lone_escape_keeps_following_text() {
        assert_eq!(clean("a\x1b"), "a");
        assert_eq!(clean("a\x1b(Bb"), "ab");
        assert_eq!(clean("a\x1b7b"), "ab");
    }

    #[test]
    fn line_sanitiser_makes_controls_visible() {
        assert_eq!(
            sanitize_line("bad\x1b[31mname\n.txt"),
            "bad\u{FFFD}[31mname\u{FFFD}.txt"
        );
        assert_eq!(sanitize_line("ok name.txt"), "ok name.txt");
        assert_eq!(sanitize_line("a\u{202E}b"), "a\u{FFFD}b");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        #[test]
        fn the_chunked_screen_finds_what_a_byte_by_byte_look_finds(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "plain words ", "a", "\n", "\t", "\r", "\u{1b}[31m", "\u{7f}", "\u{85}", "\u{ad}",
                "é", "\u{a0}", "“", "”", "—", "\u{200b}", "\u{202e}", "\u{2066}", "\u{2069}",
                "\u{2028}", "\u{61c}", "ؠ", "\u{feff}", "\u{fefe}", "渡輪", "🏊",
            ][..]), 0..90)
        ) {
            let text = pieces.concat();
            let bytes = text.as_bytes();
            let expected = (0..bytes.len())
                .find(|&i| !byte_is_plain(bytes, i))
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(plain_prefix(bytes), expected, "{:?}", text);
        }
    }
}
