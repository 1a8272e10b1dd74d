//! The help overlay, generated from the live key map so it always tells the truth.

use ratatui::text::{Line, Span};

use crate::app::App;
use crate::keymap::{HELP_SECTIONS, Keymap};

/// The help text, one line per binding under a heading per context.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let keymap = &app.config.keymap;
    let theme = &app.theme;
    let key_width = key_column_width(keymap);
    let mut lines = Vec::new();
    for context in HELP_SECTIONS {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(
            context.title(),
            theme.overlay_title,
        )));
        for binding in keymap.bindings(context) {
            let keys = keys_text(binding);
            let pad = key_width.saturating_sub(crate::width::str_width(&keys));
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(keys, theme.overlay_key),
                Span::raw(" ".repeat(pad + 2)),
                Span::raw(binding.action.description()),
            ]));
        }
    }
    lines
}

fn keys_text(binding: &crate::keymap::Binding) -> String {
    binding
        .keys
        .iter()
        .map(|k| k.pretty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn key_column_width(keymap: &Keymap) -> usize {
    HELP_SECTIONS
        .iter()
        .flat_map(|&context| keymap.bindings(context))
        .map(|b| crate::width::str_width(&keys_text(b)))
        .max()
        .unwrap_or(0)
}
