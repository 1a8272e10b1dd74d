//! Numbers in messages: plural endings and thousands separators, so every count
//! folio prints reads the same way.

/// The `s` a noun takes after `n` (`1 file`, `2 files`).
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `n` and the noun that goes with it (`1 person`, `1,204 people`).
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `n` with commas between thousands (`41,200`).
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_endings() {
        assert_eq!(plural(0), "s");
        assert_eq!(plural(1), "");
        assert_eq!(plural(2), "s");
    }

    #[test]
    fn counts_with_their_nouns() {
        assert_eq!(count(1, "person", "people"), "1 person");
        assert_eq!(count(1204, "person", "people"), "1,204 people");
        assert_eq!(count(0, "match", "matches"), "0 matches");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(41_200), "41,200");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
