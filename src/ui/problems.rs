//! The problems view: every file that could not be read and why, and notes on files
//! that were read with a repair (encoding fallback, removed control characters).

use ratatui::text::{Line, Span};

use crate::app::App;

/// Two lines per problem: the path, then the reason.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let problems = app.library().problems();
    if problems.is_empty() {
        return vec![Line::from("Every file was read without trouble.")];
    }
    problems
        .iter()
        .flat_map(|problem| {
            let label = if problem.skipped {
                "skipped: "
            } else {
                "note: "
            };
            [
                Line::from(Span::styled(problem.path.clone(), theme.overlay_title)),
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(label, theme.overlay_key),
                    Span::raw(problem.reason.clone()),
                ]),
            ]
        })
        .collect()
}

/// Number of lines, for scrolling bounds.
pub fn line_count(app: &App) -> usize {
    (app.library().problems().len() * 2).max(1)
}
