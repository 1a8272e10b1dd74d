//! The reading pane: title, meta line and body rows in a centred column, drawing only
//! the rows on screen. Each row is a byte range of the title or body; its text is cut
//! into spans where styles change.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::{App, ReaderState};
use crate::article::{Article, BlockKind};
use crate::layout::{Layout, Part, Row};
use crate::panes;
use crate::theme::Theme;
use crate::ui::centred;

/// Draws the reader pane.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let column = panes::reading_column(area, app.config.max_width);
    let Some(reader) = app.reader() else {
        return;
    };
    let middle = column.y + column.height / 2;
    match &reader.state {
        ReaderState::Loading => centred(buf, column, middle, "Loading…", app.theme.meta),
        ReaderState::Failed(reason) => {
            centred(
                buf,
                column,
                middle,
                "This article could not be opened",
                app.theme.empty_title,
            );
            centred(buf, column, middle + 1, reason, app.theme.meta);
        }
        ReaderState::Ready(document) => {
            let Some(layout) = reader.layout() else {
                return;
            };
            let rows = layout
                .rows
                .iter()
                .skip(reader.top())
                .take(usize::from(column.height));
            for (i, row) in rows.enumerate() {
                let line = row_line(&app.theme, &document.article, layout, row);
                buf.set_line(column.x, column.y + i as u16, &line, column.width);
            }
        }
    }
}

/// The styled text of one row.
pub(crate) fn row_line<'a>(
    theme: &Theme,
    article: &'a Article,
    layout: &'a Layout,
    row: &Row,
) -> Line<'a> {
    match row.part {
        Part::Title => Line::from(Span::styled(
            &article.meta.title[row.range.clone()],
            theme.title,
        )),
        Part::Meta => Line::from(Span::styled(&layout.meta[row.range.clone()], theme.meta)),
        Part::Gap => Line::default(),
        Part::Block(kind) => {
            let text = &article.body[row.range.clone()];
            let (marker, style) = match kind {
                BlockKind::Paragraph | BlockKind::Preformatted => (None, Style::default()),
                BlockKind::Heading => (None, theme.heading),
                BlockKind::Caption => (None, theme.caption),
                BlockKind::Blockquote => (Some("│ "), theme.blockquote),
                BlockKind::ListItem => (
                    Some(if row.first_of_block { "• " } else { "  " }),
                    Style::default(),
                ),
            };
            let mut spans = Vec::with_capacity(2);
            if let Some(marker) = marker {
                spans.push(Span::styled(marker, theme.marker));
            }
            spans.push(Span::styled(text, style));
            Line::from(spans)
        }
    }
}
