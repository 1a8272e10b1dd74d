//! Turning styled lines into text with ANSI SGR codes for `--print`. Only folio's own
//! styles become escape codes; the text itself was sanitised long before.

use std::fmt::Write as _;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

/// A line as text, with SGR codes around styled spans when `color` is on.
pub fn line_to_string(line: &Line<'_>, color: bool) -> String {
    let mut out = String::new();
    for span in &line.spans {
        let style = line.style.patch(span.style);
        let codes = if color {
            sgr_codes(style)
        } else {
            String::new()
        };
        if codes.is_empty() {
            out.push_str(&span.content);
        } else {
            let _ = write!(out, "\x1b[{codes}m{}\x1b[0m", span.content);
        }
    }
    out
}

/// SGR parameters for a style, `;`-separated; empty for the default style.
fn sgr_codes(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    for (modifier, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if style.add_modifier.contains(modifier) {
            codes.push(code.into());
        }
    }
    if let Some(fg) = style.fg.and_then(|c| color_code(c, false)) {
        codes.push(fg);
    }
    if let Some(bg) = style.bg.and_then(|c| color_code(c, true)) {
        codes.push(bg);
    }
    codes.join(";")
}

fn color_code(color: Color, background: bool) -> Option<String> {
    let base: u8 = if background { 40 } else { 30 };
    let bright = base + 60;
    Some(match color {
        Color::Reset => return None,
        Color::Black => base.to_string(),
        Color::Red => (base + 1).to_string(),
        Color::Green => (base + 2).to_string(),
        Color::Yellow => (base + 3).to_string(),
        Color::Blue => (base + 4).to_string(),
        Color::Magenta => (base + 5).to_string(),
        Color::Cyan => (base + 6).to_string(),
        Color::Gray => (base + 7).to_string(),
        Color::DarkGray => bright.to_string(),
        Color::LightRed => (bright + 1).to_string(),
        Color::LightGreen => (bright + 2).to_string(),
        Color::LightYellow => (bright + 3).to_string(),
        Color::LightBlue => (bright + 4).to_string(),
        Color::LightMagenta => (bright + 5).to_string(),
        Color::LightCyan => (bright + 6).to_string(),
        Color::White => (bright + 7).to_string(),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    #[test]
    fn styled_spans_get_codes_and_resets() {
        let line = Line::from(vec![
            Span::raw("plain "),
            Span::styled(
                "bold",
                Style::default()
                    .add_modifier(Modifier::BOLD)
                    .fg(Color::Blue),
            ),
        ]);
        assert_eq!(line_to_string(&line, true), "plain \x1b[1;34mbold\x1b[0m");
        assert_eq!(line_to_string(&line, false), "plain bold");
    }
}
