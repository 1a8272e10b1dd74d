//! The characters folio draws with: box-drawing and bullets by default, or plain
//! ASCII (`--ascii`, `ascii = true` in the config) for terminals and fonts that
//! lack them.

use ratatui::symbols::border;

/// One set of drawing characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbols {
    /// Before the selected list row.
    pub selected: &'static str,
    /// An unread article in the list.
    pub unread: &'static str,
    /// A starred article in the list.
    pub star: &'static str,
    /// Between the list and the reader.
    pub separator: &'static str,
    /// Before each line of a block quotation.
    pub quote_bar: &'static str,
    /// Before a list item.
    pub bullet: &'static str,
    /// Repeated to draw a rule between printed articles.
    pub rule: &'static str,
    /// Overlay borders.
    pub border: border::Set<'static>,
}

/// Borders in ASCII.
const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Symbols {
    /// Box drawing and bullets.
    pub const UNICODE: Symbols = Symbols {
        selected: "▸",
        unread: "•",
        star: "*",
        separator: "│",
        quote_bar: "│ ",
        bullet: "• ",
        rule: "─",
        border: border::ROUNDED,
    };

    /// Plain ASCII.
    pub const ASCII: Symbols = Symbols {
        selected: ">",
        unread: "+",
        star: "*",
        separator: "|",
        quote_bar: "| ",
        bullet: "* ",
        rule: "-",
        border: ASCII_BORDER,
    };

    /// The set for the `ascii` setting.
    pub fn new(ascii: bool) -> Symbols {
        if ascii {
            Symbols::ASCII
        } else {
            Symbols::UNICODE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_set_is_ascii() {
        let s = Symbols::ASCII;
        let b = s.border;
        for text in [
            s.selected,
            s.unread,
            s.star,
            s.separator,
            s.quote_bar,
            s.bullet,
            s.rule,
            b.top_left,
            b.top_right,
            b.bottom_left,
            b.bottom_right,
            b.vertical_left,
            b.vertical_right,
            b.horizontal_top,
            b.horizontal_bottom,
        ] {
            assert!(text.is_ascii(), "{text}");
        }
    }
}
