//! The status bar: a message, hint or key reminders on the left; position, scroll,
//! sort, problems and scan progress on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::action::Action;
use crate::app::{App, Focus, ReaderState};
use crate::keymap::Context;
use crate::width::{str_width, truncate};

/// Draws the status bar.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    buf.set_style(area, theme.status);
    let right = right_text(app);
    let width = usize::from(area.width);
    let right = truncate(&right, width);
    let right_width = str_width(&right);
    let (left, style) = match app.message() {
        Some(message) if message.is_error => (message.text.clone(), theme.status_error),
        Some(message) => (message.text.clone(), theme.status_accent),
        None => (
            app.hint.clone().unwrap_or_else(|| key_hints(app)),
            theme.status,
        ),
    };
    let left_room = width.saturating_sub(right_width + 2);
    let left = truncate(&left, left_room.saturating_sub(1));
    let line = Line::from(vec![Span::raw(" "), Span::styled(left, style)]);
    buf.set_line(area.x, area.y, &line, area.width);
    let x = area.x + (width.saturating_sub(right_width + 1)) as u16;
    buf.set_stringn(x, area.y, &right, width, theme.status);
}

/// `reading 1,200 files… · 3 problems (!) · date ↓ · 12/2225 · 43%`
fn right_text(app: &App) -> String {
    let library = app.library();
    let mut parts = Vec::new();
    let progress = library.progress();
    if !progress.done {
        parts.push(format!("reading {} files…", thousands(progress.files_read)));
    }
    let problems = library.problems().len();
    if problems > 0 {
        let key = app
            .config
            .keymap
            .first_key(Context::Global, Action::ShowProblems)
            .map(|k| format!(" ({})", k.pretty()))
            .unwrap_or_default();
        parts.push(format!(
            "{problems} problem{}{key}",
            if problems == 1 { "" } else { "s" }
        ));
    }
    if !library.is_empty() {
        parts.push(library.sort_order().label().to_owned());
        parts.push(format!(
            "{}/{}",
            thousands(app.selected() + 1),
            thousands(library.len())
        ));
    }
    let reader_visible = app.panes().reader.is_some();
    if let Some(reader) = app.reader().filter(|_| reader_visible)
        && matches!(reader.state, ReaderState::Ready(_))
    {
        parts.push(format!("{}%", reader.percent()));
    }
    parts.join(" · ")
}

/// Reminders of the most useful keys in the focused pane, from the live key map.
fn key_hints(app: &App) -> String {
    let keymap = &app.config.keymap;
    let (context, actions): (Context, &[(Action, &str)]) = if app.library().is_empty() {
        (
            Context::List,
            &[(Action::ShowHelp, "help"), (Action::Quit, "quit")],
        )
    } else if app.focus() == Focus::Reader {
        (
            Context::Reader,
            &[
                (Action::Back, "back"),
                (Action::NextArticle, "next"),
                (Action::PrevArticle, "previous"),
                (Action::ToggleWide, "wide"),
                (Action::ShowHelp, "help"),
            ],
        )
    } else {
        (
            Context::List,
            &[
                (Action::Open, "read"),
                (Action::CycleSort, "sort"),
                (Action::ShowHelp, "help"),
                (Action::Quit, "quit"),
            ],
        )
    };
    actions
        .iter()
        .filter_map(|(action, label)| {
            let key = keymap.first_key(context, *action)?;
            Some(format!("{} {label}", key.pretty()))
        })
        .collect::<Vec<_>>()
        .join("  ")
}

/// `41200` → `41,200`.
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
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(41_200), "41,200");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
