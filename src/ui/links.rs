//! The links overlay: the article's links, numbered as in the text (`[N]`), with
//! their text and address. Enter or `y` copies the chosen one; nothing is opened.

use std::ops::Range;

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::width::{str_width, truncate};

/// The overlay's lines in `shown`, the chosen one in reverse video, for a box
/// `width` wide.
pub fn lines(app: &App, selected: usize, width: usize, shown: Range<usize>) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let links = app.links();
    let number_width = links.len().to_string().len() + 2;
    let text_width = (width / 3).clamp(8, 40);
    let shown = shown.start.min(links.len())..shown.end.min(links.len());
    links[shown.clone()]
        .iter()
        .zip(shown)
        .map(|(link, i)| {
            let number = format!("{:>number_width$} ", format!("[{}]", i + 1));
            let text = truncate(&link.text, text_width).into_owned();
            let pad = text_width.saturating_sub(str_width(&text));
            let room = width.saturating_sub(number_width + 1 + text_width + 2);
            let url = truncate(&link.url, room).into_owned();
            let mut line = Line::from(vec![
                Span::styled(number, theme.link_number),
                Span::styled(text, theme.link),
                Span::raw(" ".repeat(pad + 2)),
                Span::styled(url, theme.meta),
            ]);
            if i == selected {
                line = line.patch_style(Modifier::REVERSED);
            }
            line
        })
        .collect()
}
