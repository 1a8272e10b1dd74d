//! Where everything goes for a given terminal size. This one pure function serves
//! both `App::update` (page sizes, wrap width) and rendering, so they never disagree
//! and update never has to ask the renderer anything.

use ratatui::layout::Rect;

/// At this width and above, list and reader are shown side by side.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 100;

/// The rectangles of one screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Option<Rect>,
    /// The one-column rule between list and reader.
    pub separator: Option<Rect>,
    pub reader: Option<Rect>,
    pub status: Option<Rect>,
}

/// Splits the screen. Side by side at 100 columns or more (unless `full_width`
/// reading is on); narrower, only the focused pane is shown.
pub fn panes(area: Rect, reader_focused: bool, full_width: bool) -> Panes {
    let mut panes = Panes {
        list: None,
        separator: None,
        reader: None,
        status: None,
    };
    if area.is_empty() {
        return panes;
    }
    let main_height = area.height.saturating_sub(1);
    panes.status = Some(Rect::new(area.x, area.y + main_height, area.width, 1));
    if main_height == 0 {
        return panes;
    }
    let main = Rect::new(area.x, area.y, area.width, main_height);
    if area.width >= SIDE_BY_SIDE_MIN_WIDTH && !full_width {
        let list_width = (area.width * 2 / 5).clamp(30, 50);
        panes.list = Some(Rect::new(main.x, main.y, list_width, main.height));
        panes.separator = Some(Rect::new(main.x + list_width, main.y, 1, main.height));
        panes.reader = Some(Rect::new(
            main.x + list_width + 1,
            main.y,
            main.width - list_width - 1,
            main.height,
        ));
    } else if reader_focused || full_width {
        panes.reader = Some(main);
    } else {
        panes.list = Some(main);
    }
    panes
}

/// The reading column inside the reader pane: at most `max_width` columns, centred,
/// with a column of margin on each side and a row at the top when there is room.
pub fn reading_column(reader: Rect, max_width: usize) -> Rect {
    let margin = if reader.width > 4 { 2 } else { 0 };
    let width = (reader.width - margin)
        .min(max_width.min(u16::MAX as usize) as u16)
        .max(1);
    let x = reader.x + (reader.width.saturating_sub(width)) / 2;
    let top = u16::from(reader.height >= 8);
    Rect::new(
        x,
        reader.y + top,
        width.min(reader.width),
        reader.height - top,
    )
}

/// The box of an overlay (help, problems): most of the screen, centred.
pub fn overlay(area: Rect) -> Rect {
    let width = area.width.saturating_sub(4).clamp(area.width.min(20), 90);
    let height = area.height.saturating_sub(3).max(area.height.min(3));
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height.saturating_sub(1).saturating_sub(height)) / 2,
        width,
        height,
    )
}

/// Rows of content inside an overlay box (its border takes two).
pub fn overlay_content_height(area: Rect) -> usize {
    usize::from(overlay(area).height.saturating_sub(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_when_wide() {
        let p = panes(Rect::new(0, 0, 120, 40), false, false);
        assert_eq!(p.list, Some(Rect::new(0, 0, 48, 39)));
        assert_eq!(p.separator, Some(Rect::new(48, 0, 1, 39)));
        assert_eq!(p.reader, Some(Rect::new(49, 0, 71, 39)));
        assert_eq!(p.status, Some(Rect::new(0, 39, 120, 1)));
    }

    #[test]
    fn one_pane_when_narrow_or_full_width() {
        let list = panes(Rect::new(0, 0, 80, 24), false, false);
        assert!(list.reader.is_none() && list.list.is_some());
        let reader = panes(Rect::new(0, 0, 80, 24), true, false);
        assert!(reader.list.is_none() && reader.reader.is_some());
        let full = panes(Rect::new(0, 0, 120, 40), true, true);
        assert_eq!(full.reader, Some(Rect::new(0, 0, 120, 39)));
    }

    #[test]
    fn degenerate_sizes_do_not_panic() {
        for (w, h) in [(0, 0), (1, 1), (20, 5), (1, 40), (200, 1)] {
            let area = Rect::new(0, 0, w, h);
            let p = panes(area, true, false);
            if let Some(r) = p.reader {
                let column = reading_column(r, 80);
                assert!(column.width <= r.width && column.height <= r.height);
            }
            let o = overlay(area);
            assert!(o.width <= w && o.height <= h, "{w}x{h}: {o:?}");
        }
    }

    #[test]
    fn reading_column_is_capped_and_centred() {
        let column = reading_column(Rect::new(0, 0, 120, 30), 80);
        assert_eq!(column, Rect::new(20, 1, 80, 29));
        let narrow = reading_column(Rect::new(0, 0, 40, 30), 80);
        assert_eq!(narrow, Rect::new(1, 1, 38, 29));
    }
}
