//! The status bar: a message, hint or key reminders on the left; position, scroll,
//! sort, problems and scan progress on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::action::Action;
use crate::app::{App, Focus, IndexStatus, PromptKind, ReaderState};
use crate::keymap::Context;
use crate::width::{str_width, suffix_fitting, truncate};
use crate::wording::{count, thousands};

/// Draws the status bar; returns where the cursor goes while the prompt is open.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<(u16, u16)> {
    let theme = &app.theme;
    buf.set_style(area, theme.status);
    let width = usize::from(area.width);
    let (right, right_style) = match prompt_status(app) {
        Some((text, true)) => (text, theme.status_error),
        Some((text, false)) => (text, theme.status),
        None => (right_text(app), theme.status),
    };
    let right = truncate(&right, width);
    let right_width = str_width(&right);
    let left_room = width.saturating_sub(right_width + 2);
    let x = area.x + (width.saturating_sub(right_width + 1)) as u16;
    if let Some(prompt) = app.prompt() {
        let label = prompt.kind.label();
        // Long queries scroll so the cursor stays in view.
        let before_cursor = &prompt.text[..prompt.cursor];
        let room = left_room.saturating_sub(str_width(label) + 2);
        let (visible_before, before_width) = suffix_fitting(before_cursor, room);
        let shown_from = prompt.cursor - visible_before.len();
        let shown = truncate(&prompt.text[shown_from..], room + 1);
        let line = Line::from(vec![
            Span::raw(" "),
            Span::styled(label, theme.status_accent),
            Span::raw(shown.into_owned()),
        ]);
        buf.set_line(area.x, area.y, &line, area.width);
        buf.set_stringn(x, area.y, &right, width, right_style);
        let cursor = 1 + str_width(label) + before_width;
        return Some((area.x + cursor.min(width.saturating_sub(1)) as u16, area.y));
    }
    let (left, style) = match app.message() {
        Some(message) if message.is_error => (message.text.clone(), theme.status_error),
        Some(message) => (message.text.clone(), theme.status_accent),
        None => (
            app.hint.clone().unwrap_or_else(|| key_hints(app)),
            theme.status,
        ),
    };
    let left = truncate(&left, left_room.saturating_sub(1));
    let line = Line::from(vec![Span::raw(" "), Span::styled(left, style)]);
    buf.set_line(area.x, area.y, &line, area.width);
    buf.set_stringn(x, area.y, &right, width, right_style);
    None
}

/// What the right of the status bar says while the prompt is open: the match
/// count or the filter's count, `regex` when on, or the query's error (flagged).
fn prompt_status(app: &App) -> Option<(String, bool)> {
    let prompt = app.prompt()?;
    let regex = if prompt.regex { " · regex" } else { "" };
    Some(match prompt.kind {
        PromptKind::InArticle => match app.reader().and_then(|r| r.search()) {
            Some(search) if search.error.is_some() => {
                (search.error.clone().unwrap_or_default(), true)
            }
            Some(search) => (format!("{}{regex}", search.position_label()), false),
            None => (format!("find in article{regex}"), false),
        },
        PromptKind::Filter => (
            format!(
                "{}/{}",
                thousands(app.library().len()),
                thousands(app.library().total())
            ),
            false,
        ),
        PromptKind::Archive => (
            format!("{} articles{regex}", thousands(app.library().len())),
            false,
        ),
    })
}

/// `3 unreadable, 1 note (!)`: files skipped and files read with a repair, told
/// apart because only the first lose articles.
fn problems_text(app: &App) -> Option<String> {
    let library = app.library();
    let skipped = library.skipped_count();
    let notes = library.problems().len() - skipped;
    let mut counts = Vec::new();
    if skipped > 0 {
        counts.push(format!("{} unreadable", thousands(skipped)));
    }
    if notes > 0 {
        counts.push(count(notes, "note", "notes"));
    }
    if counts.is_empty() {
        return None;
    }
    let key = app
        .config
        .keymap
        .first_key(Context::Global, Action::ShowProblems)
        .map(|k| format!(" ({})", k.pretty()))
        .unwrap_or_default();
    Some(format!("{}{key}", counts.join(", ")))
}

/// `unread only: 40 · 3 starred`: shown once something is read or starred.
fn marks_text(app: &App) -> Option<String> {
    let library = app.library();
    let (unread, starred) = library.unread_and_starred();
    let mut parts = Vec::new();
    if library.is_unread_only() {
        parts.push(format!("unread only: {}", thousands(unread)));
    } else if unread < library.entry_count() {
        parts.push(format!("{} unread", thousands(unread)));
    }
    if starred > 0 {
        parts.push(format!("{} starred", thousands(starred)));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// `reading 1,200 files… · 3 problems (!) · date ↓ · 12/2225 · 43%`
fn right_text(app: &App) -> String {
    let library = app.library();
    let mut parts = Vec::new();
    let progress = library.progress();
    if !progress.done {
        parts.push(format!("reading {} files…", thousands(progress.files_read)));
    }
    if let IndexStatus::Updating { done, total } = app.index_status() {
        parts.push(if *total == 0 {
            "indexing…".to_owned()
        } else {
            format!("indexing {}%", done * 100 / total)
        });
    }
    if let Some(results) = app.results() {
        parts.push(results.summary());
    } else if app.library().filter_query().is_some() {
        parts.push(format!(
            "filter: {}/{}",
            thousands(library.len()),
            thousands(library.total())
        ));
    }
    if let Some(marks) = marks_text(app) {
        parts.push(marks);
    }
    if let Some(problems) = problems_text(app) {
        parts.push(problems);
    }
    if let Some(results) = app.results().filter(|r| !r.hits.is_empty()) {
        parts.push(format!(
            "{}/{}",
            thousands(results.selected + 1),
            thousands(results.hits.len())
        ));
    } else if library.has_articles() {
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
        if let Some(search) = reader.search() {
            parts.push(search.position_label());
        }
        parts.push(format!("{}%", reader.percent()));
    }
    parts.join(" · ")
}

/// Reminders of the most useful keys in the focused pane, from the live key map.
fn key_hints(app: &App) -> String {
    let keymap = &app.config.keymap;
    let (context, actions): (Context, &[(Action, &str)]) = if !app.library().has_articles() {
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
