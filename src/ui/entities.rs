//! The people and organisations panel: every person, organisation and place the
//! article names, with how often, and how many quotations each is credited with.

use std::ops::Range;

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::analysis::NameKind;
use crate::app::App;
use crate::width::{str_width, truncate};
use crate::wording::count;

/// The panel's lines in `shown`, the chosen one in reverse video, for a box
/// `width` wide.
pub fn lines(app: &App, selected: usize, width: usize, shown: Range<usize>) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let rows = app.panel_entities();
    let name_width = rows
        .iter()
        .map(|r| str_width(&r.name))
        .max()
        .unwrap_or(0)
        .min(width.saturating_sub(34).max(12));
    // The name column fits the longest name of all rows, so it stays put while
    // scrolling.
    let shown = shown.start.min(rows.len())..shown.end.min(rows.len());
    rows[shown.clone()]
        .iter()
        .zip(shown)
        .map(|(row, i)| {
            let (kind, style) = match row.kind {
                NameKind::Person => ("person", theme.person),
                NameKind::Organization => ("organisation", theme.organization),
                NameKind::Place => ("place", theme.place),
                NameKind::Other => ("", theme.overlay_title),
            };
            let name = truncate(&row.name, name_width).into_owned();
            let pad = name_width.saturating_sub(str_width(&name));
            let counts = if row.id.is_some() {
                format!(
                    "{} · {}",
                    count(row.mentions, "mention", "mentions"),
                    count(row.quotes, "quotation", "quotations")
                )
            } else {
                "show every name again".to_owned()
            };
            let mut line = Line::from(vec![
                Span::styled(name, style),
                Span::raw(" ".repeat(pad + 2)),
                Span::styled(format!("{kind:<13}"), theme.meta),
                Span::raw(counts),
            ]);
            if i == selected {
                line = line.patch_style(Modifier::REVERSED);
            }
            line
        })
        .collect()
}
