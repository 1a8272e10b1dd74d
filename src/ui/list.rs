//! The article list: one row per article on screen (unread and star marks, date,
//! title, source), the
//! selection marked by reverse video so it shows without colour. With a filter the
//! matched letters of titles are highlighted; with archive search results the list
//! shows hits instead, two rows each: the article, then a snippet around the match.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::{App, Focus, Results};
use crate::library::filter::TitleMatches;
use crate::library::{Entry, Flags};
use crate::ui::centred;
use crate::width::{str_width, truncate};
use crate::wording::count;

/// Width of the date column (`2017-03-03`).
const DATE_WIDTH: usize = 10;
/// Widest the source column gets.
const SOURCE_MAX: usize = 18;
/// The list shows a source column from this width on.
const SOURCE_MIN_LIST_WIDTH: usize = 60;

/// Draws the visible rows of the list (or of the search results).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if let Some(results) = app.results() {
        render_results(app, results, area, buf);
        return;
    }
    let library = app.library();
    if !library.has_articles() {
        return;
    }
    if library.is_empty() {
        let query = library.filter_query().unwrap_or_default();
        centred(
            buf,
            area,
            area.y + area.height / 3,
            &format!("Nothing matches “{query}”"),
            app.theme.meta,
        );
        return;
    }
    let mut title_matches = library.filter_query().map(TitleMatches::new);
    for row in 0..usize::from(area.height) {
        let position = app.list_offset + row;
        let Some(entry) = library.at(position) else {
            break;
        };
        let y = area.y + row as u16;
        let selected = position == app.selected();
        let matched = title_matches
            .as_mut()
            .map(|matches| matches.of(entry))
            .unwrap_or_default();
        let flags = library
            .id_at(position)
            .map(|id| library.flags(id))
            .unwrap_or_default();
        let line = row_line(
            app,
            entry,
            flags,
            usize::from(area.width),
            selected,
            &matched,
        );
        buf.set_line(area.x, y, &line, area.width);
        if selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), selection_style(app));
        }
    }
}

fn selection_style(app: &App) -> Style {
    if app.focus() == Focus::List {
        app.theme.selected
    } else {
        app.theme.selected_unfocused
    }
}

/// One list row: the selection mark, unread and star marks, date, title and
/// (when wide enough) source. The characters of the title at `matched` (char
/// indices) are highlighted.
fn row_line<'a>(
    app: &App,
    entry: &'a Entry,
    flags: Flags,
    width: usize,
    selected: bool,
    matched: &[usize],
) -> Line<'a> {
    let theme = &app.theme;
    let symbols = &app.symbols;
    let gutter = if selected { symbols.selected } else { " " };
    let unread = if flags.read { " " } else { symbols.unread };
    let star = if flags.starred { symbols.star } else { " " };
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
    let used = 3 + date.as_deref().map_or(0, str_width);
    // Sources sit in a column of their own so titles line up.
    let source_width = if source.is_some() { SOURCE_MAX + 2 } else { 0 };
    let title = truncate(
        &entry.meta.title,
        width.saturating_sub(used + source_width + 1),
    );
    let title_width = str_width(&title);

    let mut spans = vec![
        Span::styled(gutter, theme.list_date),
        Span::styled(unread, theme.unread),
        Span::styled(star, theme.star),
    ];
    if let Some(date) = date {
        spans.push(Span::styled(date, theme.list_date));
    }
    spans.extend(highlight_chars(
        title.into_owned(),
        matched,
        theme.search_match,
    ));
    if let Some(source) = source {
        let pad = width.saturating_sub(used + title_width + SOURCE_MAX + 1);
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(source, theme.list_source));
    }
    Line::from(spans)
}

/// Spans of `text` with the characters at `indices` in `style`.
fn highlight_chars(text: String, indices: &[usize], style: Style) -> Vec<Span<'static>> {
    if indices.is_empty() {
        return vec![Span::raw(text)];
    }
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in text.chars().enumerate() {
        let matched = indices.binary_search(&i).is_ok();
        if matched != run_matched && !run.is_empty() {
            spans.push(span(std::mem::take(&mut run), run_matched, style));
        }
        run_matched = matched;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(span(run, run_matched, style));
    }
    spans
}

fn span(text: String, matched: bool, style: Style) -> Span<'static> {
    if matched {
        Span::styled(text, style)
    } else {
        Span::raw(text)
    }
}

/// Archive search results: two rows a hit.
fn render_results(app: &App, results: &Results, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    if results.hits.is_empty() {
        let text = if results.done() {
            format!("No article matches “{}”", results.query.text)
        } else {
            "Searching…".to_owned()
        };
        centred(buf, area, area.y + area.height / 3, &text, theme.meta);
        return;
    }
    let library = app.library();
    for (row, hit) in results.hits.iter().enumerate().skip(results.offset) {
        let y = area.y + ((row - results.offset) * 2) as u16;
        if y >= area.bottom() {
            break;
        }
        let Some(entry) = library.entry(hit.id) else {
            continue;
        };
        let selected = row == results.selected;
        let count = format!(" {} ", count(hit.count, "match", "matches"));
        let flags = library.flags(hit.id);
        let mut line = row_line(
            app,
            entry,
            flags,
            width.saturating_sub(count.len()),
            selected,
            &[],
        );
        line.spans.push(Span::styled(count, theme.status_accent));
        buf.set_line(area.x, y, &line, area.width);
        if selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), selection_style(app));
        }
        if y + 1 < area.bottom() {
            let (snippet, m) = results.snippet_of(hit);
            let snippet_line = Line::from(vec![
                Span::raw("   "),
                Span::styled(&snippet[..m.start], theme.meta),
                Span::styled(&snippet[m.clone()], theme.search_match),
                Span::styled(&snippet[m.end..], theme.meta),
            ]);
            buf.set_line(area.x, y + 1, &snippet_line, area.width);
        }
    }
}
