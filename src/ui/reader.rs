//! The reading pane: title, meta line and body rows in a centred column, drawing only
//! the rows on screen. Each row is a byte range of the title or body; its text is cut
//! into spans where styles change.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use std::ops::Range;

use crate::app::{App, ReaderState};
use crate::article::BlockKind;
use crate::document::Document;
use crate::highlight::{Layer, segments};
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
            let emphasis = Emphasis {
                entity: reader.entity(),
                focus: reader.focus(),
                ..Emphasis::default()
            };
            let rows = layout
                .rows
                .iter()
                .skip(reader.top())
                .take(usize::from(column.height));
            for (i, row) in rows.enumerate() {
                let line = row_line(&app.theme, document, layout, row, &emphasis);
                buf.set_line(column.x, column.y + i as u16, &line, column.width);
            }
        }
    }
}

/// What is highlighted besides quotations and names.
#[derive(Debug, Clone, Default)]
pub struct Emphasis<'a> {
    /// The entity chosen in the people panel.
    pub entity: Option<usize>,
    /// The quotation or mention just jumped to.
    pub focus: Option<Range<usize>>,
    /// Search matches in the body, sorted.
    pub matches: &'a [Range<usize>],
    /// Index of the match the reader is on.
    pub current_match: Option<usize>,
}

impl Emphasis<'_> {
    /// Every highlight touching `range` of the body.
    fn marks(&self, document: &Document, range: &Range<usize>) -> Vec<(Range<usize>, Layer)> {
        let mut marks = Vec::new();
        for (quote, ()) in document.quote_spans.overlapping(range.clone()) {
            marks.push((quote.clone(), Layer::Quote));
        }
        for (name, (kind, entity)) in document.name_spans.overlapping(range.clone()) {
            marks.push((name.clone(), Layer::Name(*kind)));
            if Some(*entity) == self.entity {
                marks.push((name.clone(), Layer::Entity));
            }
        }
        let first = self.matches.partition_point(|m| m.end <= range.start);
        for (i, found) in self.matches[first..].iter().enumerate() {
            if found.start >= range.end {
                break;
            }
            let layer = if Some(first + i) == self.current_match {
                Layer::CurrentMatch
            } else {
                Layer::Match
            };
            marks.push((found.clone(), layer));
        }
        if let Some(focus) = self
            .focus
            .clone()
            .filter(|f| f.start < range.end && f.end > range.start)
        {
            marks.push((focus, Layer::Focus));
        }
        marks
    }
}

/// The styled text of one row: the block's style, cut into spans wherever a
/// quotation, name, match or the focus starts or ends.
pub(crate) fn row_line<'a>(
    theme: &Theme,
    document: &'a Document,
    layout: &'a Layout,
    row: &Row,
    emphasis: &Emphasis<'_>,
) -> Line<'a> {
    let article = &document.article;
    match row.part {
        Part::Title => Line::from(Span::styled(
            &article.meta.title[row.range.clone()],
            theme.title,
        )),
        Part::Meta => Line::from(Span::styled(&layout.meta[row.range.clone()], theme.meta)),
        Part::Gap => Line::default(),
        Part::Block(kind) => {
            let (marker, base) = match kind {
                BlockKind::Paragraph | BlockKind::Preformatted => (None, Style::default()),
                BlockKind::Heading => (None, theme.heading),
                BlockKind::Caption => (None, theme.caption),
                BlockKind::Blockquote => (Some("│ "), theme.blockquote),
                BlockKind::ListItem => (
                    Some(if row.first_of_block { "• " } else { "  " }),
                    Style::default(),
                ),
            };
            let mut spans = Vec::with_capacity(4);
            if let Some(marker) = marker {
                spans.push(Span::styled(marker, theme.marker));
            }
            let marks = emphasis.marks(document, &row.range);
            for (piece, layers) in segments(row.range.clone(), &marks) {
                let style = layers
                    .iter()
                    .fold(base, |style, &layer| style.patch(theme.layer(layer)));
                spans.push(Span::styled(&article.body[piece], style));
            }
            Line::from(spans)
        }
    }
}
