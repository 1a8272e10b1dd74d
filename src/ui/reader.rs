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
use crate::layout::{Part, Row};
use crate::panes;
use crate::symbols::Symbols;
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
            let search = reader.search();
            let title_hits = search.map_or(&[][..], |s| s.title_hits.as_slice());
            let emphasis = Emphasis {
                entity: reader.entity(),
                focus: reader.focus(),
                matches: search.map_or(&[][..], |s| s.body_hits.as_slice()),
                current_match: search
                    .and_then(|s| s.current)
                    .and_then(|i| i.checked_sub(title_hits.len())),
                title_matches: title_hits,
                current_title_match: search
                    .and_then(|s| s.current)
                    .filter(|&i| i < title_hits.len()),
            };
            let rows = layout
                .rows
                .iter()
                .skip(reader.top())
                .take(usize::from(column.height));
            for (i, row) in rows.enumerate() {
                let line = row_line(&app.theme, &app.symbols, document, row, &emphasis);
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
    /// Search matches in the title, and the current one among them.
    pub title_matches: &'a [Range<usize>],
    pub current_title_match: Option<usize>,
}

/// Match layers over `range` from sorted `matches`, marking the current one.
fn match_marks(
    matches: &[Range<usize>],
    current: Option<usize>,
    range: &Range<usize>,
) -> Vec<(Range<usize>, Layer)> {
    let first = matches.partition_point(|m| m.end <= range.start);
    matches[first..]
        .iter()
        .enumerate()
        .take_while(|(_, m)| m.start < range.end)
        .map(|(i, m)| {
            let layer = if Some(first + i) == current {
                Layer::CurrentMatch
            } else {
                Layer::Match
            };
            (m.clone(), layer)
        })
        .collect()
}

impl Emphasis<'_> {
    /// Every highlight touching `range` of the body.
    fn marks(&self, document: &Document, range: &Range<usize>) -> Vec<(Range<usize>, Layer)> {
        let mut marks = Vec::new();
        for (span, style) in document.inline_spans.overlapping(range.clone()) {
            marks.push((span.clone(), Layer::Inline(*style)));
        }
        for (quote, ()) in document.quote_spans.overlapping(range.clone()) {
            marks.push((quote.clone(), Layer::Quote));
        }
        for (name, (kind, entity)) in document.name_spans.overlapping(range.clone()) {
            marks.push((name.clone(), Layer::Name(*kind)));
            if Some(*entity) == self.entity {
                marks.push((name.clone(), Layer::Entity));
            }
        }
        marks.extend(match_marks(self.matches, self.current_match, range));
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

/// `range` of `text` in `base` style, cut into spans where `marks` change it.
fn styled<'a>(
    text: &'a str,
    range: &Range<usize>,
    marks: &[(Range<usize>, Layer)],
    base: Style,
    theme: &Theme,
) -> Line<'a> {
    segments(range.clone(), marks)
        .into_iter()
        .map(|(piece, layers)| {
            let style = layers
                .iter()
                .fold(base, |style, &layer| style.patch(theme.layer(layer)));
            Span::styled(&text[piece], style)
        })
        .collect()
}

/// The styled text of one row: the block's style, cut into spans wherever a
/// quotation, name, match or the focus starts or ends.
pub(crate) fn row_line<'a>(
    theme: &Theme,
    symbols: &Symbols,
    document: &'a Document,
    row: &Row,
    emphasis: &Emphasis<'_>,
) -> Line<'a> {
    let article = &document.article;
    match row.part {
        Part::Title => {
            let marks = match_marks(
                emphasis.title_matches,
                emphasis.current_title_match,
                &row.range,
            );
            styled(&article.meta.title, &row.range, &marks, theme.title, theme)
        }
        Part::Meta => Line::from(Span::styled(
            &document.meta_line[row.range.clone()],
            theme.meta,
        )),
        Part::Gap => Line::default(),
        Part::Block(kind) => {
            let (marker, base) = match kind {
                BlockKind::Paragraph | BlockKind::Preformatted => (None, Style::default()),
                BlockKind::Heading => (None, theme.heading),
                BlockKind::Caption => (None, theme.caption),
                BlockKind::Blockquote => (Some(symbols.quote_bar), theme.blockquote),
                BlockKind::ListItem => (
                    Some(if row.first_of_block {
                        symbols.bullet
                    } else {
                        "  "
                    }),
                    Style::default(),
                ),
            };
            let mut spans = Vec::with_capacity(4);
            if let Some(marker) = marker {
                spans.push(Span::styled(marker, theme.marker));
            }
            let marks = emphasis.marks(document, &row.range);
            spans.extend(styled(&article.body, &row.range, &marks, base, theme).spans);
            Line::from(spans)
        }
    }
}
