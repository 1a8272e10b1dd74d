//! Drawing. `render` takes `&App` and a frame and draws only what is visible: the
//! list rows on screen, the reader rows on screen, the status bar and any overlay.
//! It never changes state; everything it needs is derived from the app.

pub mod attention;
pub mod empty;
pub mod entities;
pub mod help;
pub mod links;
pub mod list;
pub mod problems;
pub mod reader;
pub mod status;

use std::ops::Range;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use crate::app::{App, Focus, Overlay};
use crate::panes;
use crate::width::truncate;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame<'_>) {
    if let Some(cursor) = draw(app, frame.buffer_mut()) {
        frame.set_cursor_position(cursor);
    }
}

/// Draws the screen into `buf` (its whole area) and says where the cursor goes.
pub fn draw(app: &App, buf: &mut Buffer) -> Option<Position> {
    let area = buf.area;
    let panes = panes::panes(area, app.focus() == Focus::Reader, app.full_width);
    if app.library().has_articles() {
        if let Some(rect) = panes.list {
            list::render(app, rect, buf);
        }
        if let Some(rect) = panes.separator {
            for y in rect.top()..rect.bottom() {
                buf.set_string(rect.x, y, app.symbols.separator, app.theme.separator);
            }
        }
        if let Some(rect) = panes.reader {
            reader::render(app, rect, buf);
        }
    } else {
        let main = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
        empty::render(app, main, buf);
    }
    let cursor = panes.status.and_then(|rect| status::render(app, rect, buf));
    match app.overlay() {
        Some(Overlay::Help { scroll }) => {
            let lines = help::lines(app);
            render_overlay(app, area, buf, " Keys ", lines.len(), scroll, &|shown| {
                lines[shown].to_vec()
            });
        }
        Some(Overlay::Entities { selected }) => {
            let inner = panes::overlay(area);
            let width = usize::from(inner.width.saturating_sub(4));
            // Keep the chosen row in view.
            let height = panes::overlay_content_height(area).max(1);
            let scroll = selected.saturating_sub(height - 1);
            let total = app.panel_entities().len();
            render_overlay(
                app,
                area,
                buf,
                " People and organisations ",
                total,
                scroll,
                &|shown| entities::lines(app, selected, width, shown),
            );
        }
        Some(Overlay::Links { selected }) => {
            let inner = panes::overlay(area);
            let width = usize::from(inner.width.saturating_sub(4));
            let height = panes::overlay_content_height(area).max(1);
            let scroll = selected.saturating_sub(height - 1);
            let total = app.links().len();
            render_overlay(
                app,
                area,
                buf,
                " Links (Enter or y copies) ",
                total,
                scroll,
                &|shown| links::lines(app, selected, width, shown),
            );
        }
        Some(Overlay::Problems { scroll }) => {
            let title = format!(" Problems ({}) ", app.library().problems().len());
            let total = problems::line_count(app);
            render_overlay(app, area, buf, &title, total, scroll, &|shown| {
                problems::lines(app, shown)
            });
        }
        None => {}
    }
    mark_wide_character_tails(buf);
    // A prompt's cursor comes first; else, when asked for, the cursor follows the
    // selection for screen readers and magnifiers.
    let cursor = cursor.map(|(x, y)| Position::new(x, y));
    let follow = app.config.cursor && app.overlay().is_none() && app.library().has_articles();
    cursor.or_else(|| follow.then(|| attention::point(app, &panes)).flatten())
}

/// Gives the cells covered by the right half of a wide character an empty symbol.
///
/// ratatui leaves them as blanks, so when a later frame puts a narrow character where
/// a wide one was, the blank beside it looks unchanged and is not redrawn. Terminals
/// that do not erase the whole wide character then keep half of it (and screen
/// scrapers such as pyte choke). With an empty symbol the cell differs from a real
/// blank, so it is redrawn exactly when needed and never otherwise.
pub(crate) fn mark_wide_character_tails(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let width = crate::width::str_width(buf[(x, y)].symbol()).max(1) as u16;
            for tail in x + 1..(x + width).min(area.right()) {
                buf[(tail, y)].set_symbol("");
            }
            x += width;
        }
    }
}

/// Draws a bordered box over the screen with `lines` from `scroll` on.
fn render_overlay(
    app: &App,
    area: Rect,
    buf: &mut Buffer,
    title: &str,
    total: usize,
    scroll: usize,
    lines: &dyn Fn(Range<usize>) -> Vec<Line<'static>>,
) {
    let rect = panes::overlay(area);
    if rect.width < 3 || rect.height < 3 {
        return;
    }
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_set(app.symbols.border)
        .title(Span::styled(title, app.theme.overlay_title))
        .style(app.theme.overlay);
    let inner = block.inner(rect);
    block.render(rect, buf);
    let shown = scroll.min(total)..(scroll + usize::from(inner.height)).min(total);
    for (i, line) in lines(shown).iter().enumerate() {
        buf.set_line(
            inner.x + 1,
            inner.y + i as u16,
            line,
            inner.width.saturating_sub(2),
        );
    }
    let shown = usize::from(inner.height);
    if total > shown {
        let more = format!(
            " {}–{} of {} ",
            scroll + 1,
            (scroll + shown).min(total),
            total
        );
        let x = rect.right().saturating_sub(more.len() as u16 + 2);
        buf.set_string(x, rect.bottom() - 1, more, app.theme.overlay_title);
    }
}

/// Draws `text` centred on row `y` of `rect`, truncated to fit.
pub(crate) fn centred(buf: &mut Buffer, rect: Rect, y: u16, text: &str, style: Style) {
    if y >= rect.bottom() || rect.width == 0 {
        return;
    }
    let text = truncate(text, usize::from(rect.width));
    let width = crate::width::str_width(&text) as u16;
    let x = rect.x + (rect.width.saturating_sub(width)) / 2;
    buf.set_stringn(x, y, text, usize::from(rect.width), style);
}
