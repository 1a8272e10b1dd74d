//! The problems view: every file that could not be read and why, and notes on files
//! that were read with a repair (encoding fallback, removed control characters).

use std::ops::Range;

use ratatui::text::{Line, Span};

use crate::app::App;

/// The lines in `shown`, two per problem: the path, then the reason. (A broken
/// archive can have tens of thousands; only the lines on screen are made.)
pub fn lines(app: &App, shown: Range<usize>) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let problems = app.library().problems();
    if problems.is_empty() {
        return vec![Line::from("Every file was read without trouble.")];
    }
    let first = (shown.start / 2).min(problems.len());
    let last = shown.end.div_ceil(2).min(problems.len());
    problems[first..last]
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
        .skip(shown.start - first * 2)
        .take(shown.len())
        .collect()
}

/// Number of lines: two per problem (the file, the reason), or one saying
/// there are none. The app scrolls by it too.
pub fn line_count(app: &App) -> usize {
    app.problem_line_count()
}
