//! Where the user's attention is, for the terminal's cursor when the `cursor`
//! option is on: screen readers and magnifiers follow the hardware cursor, so it
//! sits on the selected row of the list, or in the reader on the current match
//! (else the quotation or name just jumped to, else the top line).

use ratatui::layout::{Position, Rect};

use crate::app::{App, Focus, ReaderState};
use crate::article::BlockKind;
use crate::layout::{MARKER_WIDTH, Part};
use crate::panes::{self, Panes};
use crate::width::str_width;

/// The cell the cursor goes to, if the focused pane is on screen.
pub fn point(app: &App, panes: &Panes) -> Option<Position> {
    match app.focus() {
        Focus::List => panes.list.and_then(|list| in_list(app, list)),
        Focus::Reader => panes.reader.and_then(|reader| in_reader(app, reader)),
    }
}

fn in_list(app: &App, area: Rect) -> Option<Position> {
    let (selected, offset) = match app.results() {
        Some(results) => (results.selected, results.offset),
        None => (app.selected(), app.list_offset),
    };
    let row = selected.checked_sub(offset)?;
    (row < usize::from(area.height)).then(|| Position::new(area.x, area.y + row as u16))
}

fn in_reader(app: &App, area: Rect) -> Option<Position> {
    let column = panes::reading_column(area, app.config.max_width);
    let reader = app.reader()?;
    let top = Position::new(column.x, column.y);
    let ReaderState::Ready(document) = &reader.state else {
        return Some(top);
    };
    let Some(layout) = reader.layout() else {
        return Some(top);
    };
    let search = reader.search();
    let in_title = search.and_then(|s| Some(s.title_hits.get(s.current?)?.start));
    let in_body = search
        .and_then(|s| {
            Some(
                s.body_hits
                    .get(s.current?.checked_sub(s.title_hits.len())?)?
                    .start,
            )
        })
        .or_else(|| reader.focus().map(|focus| focus.start));
    let shown = layout
        .rows
        .iter()
        .enumerate()
        .skip(reader.top())
        .take(usize::from(column.height));
    for (i, row) in shown {
        let y = column.y + (i - reader.top()) as u16;
        let (text, byte, marker) = match (row.part, in_title, in_body) {
            (Part::Title, Some(byte), _) => (document.article.meta.title.as_str(), byte, 0),
            (Part::Block(kind), None, Some(byte)) => {
                let marker = match kind {
                    BlockKind::Blockquote | BlockKind::ListItem => MARKER_WIDTH,
                    _ => 0,
                };
                (document.article.body.as_str(), byte, marker)
            }
            _ => continue,
        };
        if row.range.contains(&byte) {
            let before = text.get(row.range.start..byte).map_or(0, str_width);
            let x = column.x + (marker + before).min(usize::from(column.width - 1)) as u16;
            return Some(Position::new(x, y));
        }
    }
    Some(top)
}
