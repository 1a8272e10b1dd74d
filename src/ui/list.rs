//! The article list: one row per article on screen (date, title, source), the
//! selection marked by reverse video so it shows without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{App, Focus};
use crate::library::Entry;
use crate::width::{str_width, truncate};

/// Width of the date column (`2017-03-03`).
const DATE_WIDTH: usize = 10;
/// Widest the source column gets.
const SOURCE_MAX: usize = 18;
/// The list shows a source column from this width on.
const SOURCE_MIN_LIST_WIDTH: usize = 60;

/// Draws the visible rows of the list.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let library = app.library();
    let height = usize::from(area.height);
    for row in 0..height {
        let position = app.list_offset + row;
        let Some(entry) = library.at(position) else {
            break;
        };
        let y = area.y + row as u16;
        let selected = position == app.selected();
        let line = row_line(app, entry, usize::from(area.width), selected);
        buf.set_line(area.x, y, &line, area.width);
        if selected {
            let style = if app.focus() == Focus::List {
                app.theme.selected
            } else {
                app.theme.selected_unfocused
            };
            buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        }
    }
}

/// One list row: a gutter mark, date, title and (when wide enough) source.
fn row_line<'a>(app: &App, entry: &'a Entry, width: usize, selected: bool) -> Line<'a> {
    let theme = &app.theme;
    let gutter = if selected { "▸" } else { " " };
    let date = (width >= 30).then(|| {
        let date = entry
            .meta
            .date
            .map(crate::date::NewsDate::to_short)
            .unwrap_or_default();
        format!("{date:<DATE_WIDTH$}  ")
    });
    let source = entry
        .meta
        .source
        .as_deref()
        .filter(|_| width >= SOURCE_MIN_LIST_WIDTH)
        .map(|s| truncate(s, SOURCE_MAX));
    let used = 1 + date.as_deref().map_or(0, str_width);
    // Sources sit in a column of their own so titles line up.
    let source_width = if source.is_some() { SOURCE_MAX + 2 } else { 0 };
    let title = truncate(
        &entry.meta.title,
        width.saturating_sub(used + source_width + 1),
    );
    let title_width = str_width(&title);

    let mut spans = vec![Span::styled(gutter, theme.list_date)];
    if let Some(date) = date {
        spans.push(Span::styled(date, theme.list_date));
    }
    spans.push(Span::raw(title));
    if let Some(source) = source {
        let pad = width.saturating_sub(used + title_width + SOURCE_MAX + 1);
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(source, theme.list_source));
    }
    Line::from(spans)
}
