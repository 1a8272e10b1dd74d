//! What an empty archive looks like: while scanning, a note that folio is reading;
//! afterwards, what it looked for and where, so the user knows what to do next.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::App;
use crate::ui::centred;

/// Draws the empty state in `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let progress = app.library().progress();
    let mut lines: Vec<(String, ratatui::style::Style)> = Vec::new();
    if progress.done {
        lines.push(("No articles here yet".into(), theme.empty_title));
        lines.push((String::new(), theme.meta));
        if !progress.roots.is_empty() {
            lines.push((
                format!("folio looked in {}", progress.roots.join(", ")),
                theme.meta,
            ));
        }
        lines.push((
            "for text, Markdown, HTML, JSON, feed, WARC and mail files, also gzipped".into(),
            theme.meta,
        ));
        lines.push(("(hidden folders are skipped).".into(), theme.meta));
        let skipped = app.library().skipped_count();
        if skipped > 0 {
            lines.push((
                format!(
                    "{} could not be read: press ! to see why.",
                    crate::wording::count(skipped, "file", "files")
                ),
                theme.meta,
            ));
        }
        if progress.files_ignored > 0 {
            lines.push((
                format!(
                    "{} other file{} passed over by extension.",
                    progress.files_ignored,
                    if progress.files_ignored == 1 {
                        " was"
                    } else {
                        "s were"
                    }
                ),
                theme.meta,
            ));
        }
    } else {
        lines.push(("Reading the archive…".into(), theme.meta));
    }
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, (text, style)) in lines.iter().enumerate() {
        centred(buf, area, top + i as u16, text, *style);
    }
}
