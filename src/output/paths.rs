//! Paths in machine-readable output, escaped so that nothing in a file name can
//! act on a terminal and the path can still be recovered exactly.
//!
//! - `--list` and `--search` (tab-separated): C-style escapes, as `ls -b` writes
//!   them: `\t`, `\n`, `\r`, `\\`, `\xHH` for a control byte or a byte that is not
//!   UTF-8, `\uHHHH` for C1 controls, bidi controls, invisible characters and
//!   line separators. Other text, in any script, is written as it is. Bash's
//!   `printf '%b'` turns such a path back into the name.
//! - `--json`: the path is a JSON string with the same characters as `\uHHHH`
//!   escapes, so a JSON reader gets the name back unchanged (names that are not
//!   UTF-8 keep U+FFFD for their bad bytes).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

use crate::sanitize::acts_or_hides;

/// A path for tab-separated output.
pub fn escaped(path: &Path) -> Cow<'_, str> {
    #[cfg(unix)]
    {
        escaped_bytes(std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()))
    }
    #[cfg(not(unix))]
    {
        escaped_bytes(path.to_string_lossy().as_bytes())
    }
}

/// The same for a name given as text (standard input, the samples).
pub fn escaped_text(name: &str) -> Cow<'_, str> {
    escaped_bytes(name.as_bytes())
}

fn escaped_bytes(bytes: &[u8]) -> Cow<'_, str> {
    // Most names need nothing: UTF-8 with no control, backslash or character
    // that acts or hides (`is_plain` passes only `\n` of those).
    if let Ok(text) = std::str::from_utf8(bytes)
        && crate::sanitize::is_plain(bytes)
        && !bytes.iter().any(|&b| b == b'\n' || b == b'\\')
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\\' => out.push_str("\\\\"),
                c if c.is_ascii_control() => {
                    let _ = write!(out, "\\x{:02x}", u32::from(c));
                }
                c if acts_or_hides(c) => {
                    let _ = write!(out, "\\u{:04x}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    Cow::Owned(out)
}

/// A line of JSON with every character that could act on a terminal or hide
/// text written as a `\uHHHH` escape. Such characters can only be inside JSON
/// strings, where the escape means the same character.
pub fn json_safe(line: &str) -> Cow<'_, str> {
    if !line.chars().any(acts_or_hides) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 16);
    for c in line.chars() {
        if acts_or_hides(c) {
            // All of these are in the Basic Multilingual Plane.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_paths_escape_what_acts_and_keep_the_rest() {
        assert_eq!(escaped_text("news/café 東京.txt"), "news/café 東京.txt");
        assert_eq!(
            escaped_text("a\x1b[2Jb\tc\nd\\e\u{9b}f\u{202e}g\u{200b}h\x7f"),
            "a\\x1b[2Jb\\tc\\nd\\\\e\\u009bf\\u202eg\\u200bh\\x7f"
        );
        assert_eq!(escaped_bytes(b"bad\xffname"), "bad\\xffname");
    }

    #[test]
    fn json_lines_escape_what_acts_and_stay_json() {
        let value = serde_json::json!({"path": "a\u{9b}b\u{202e}c\u{7f}"});
        let line = serde_json::to_string(&value).unwrap();
        let safe = json_safe(&line);
        assert!(!safe.chars().any(acts_or_hides), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["path"], "a\u{9b}b\u{202e}c\u{7f}");
        assert!(matches!(json_safe("{\"a\":1}"), Cow::Borrowed(_)));
    }
}
