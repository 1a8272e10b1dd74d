//! The reading pane's state: which article, whether it has loaded, its layout for
//! the current width, and the scroll position.
//!
//! The position is kept as a row, but whenever the width changes it is carried
//! across as the body byte offset of the first visible row, so a resize keeps the
//! same text at the top of the screen.

use std::sync::Arc;

use crate::document::Document;
use crate::layout::Layout;

/// Layouts kept for other widths, so toggling full-width reading does not re-wrap.
const CACHED_LAYOUTS: usize = 3;

/// Whether the article is there yet.
#[derive(Debug, Clone)]
pub enum ReaderState {
    Loading,
    Failed(String),
    Ready(Arc<Document>),
}

/// The reader pane.
#[derive(Debug)]
pub struct Reader {
    /// Library id of the article shown.
    pub id: usize,
    pub state: ReaderState,
    /// Layouts by width, the current one first.
    layouts: Vec<Layout>,
    /// First row on screen.
    top: usize,
    /// Rows on screen, from the last `fit`.
    height: usize,
    /// A body offset to scroll to once the article is laid out.
    pending_offset: Option<usize>,
}

impl Reader {
    /// A reader waiting for article `id` to load.
    pub fn new(id: usize) -> Reader {
        Reader {
            id,
            state: ReaderState::Loading,
            layouts: Vec::new(),
            top: 0,
            height: 0,
            pending_offset: None,
        }
    }

    /// Takes the loaded article (or the reason it failed); `remembered` is where the
    /// reader was when this article was last open.
    pub fn set_loaded(&mut self, result: Result<Arc<Document>, String>, remembered: Option<usize>) {
        self.state = match result {
            Ok(document) => ReaderState::Ready(document),
            Err(reason) => ReaderState::Failed(reason),
        };
        self.layouts.clear();
        self.top = 0;
        self.pending_offset = remembered;
    }

    /// The loaded document.
    pub fn document(&self) -> Option<&Document> {
        match &self.state {
            ReaderState::Ready(document) => Some(document),
            _ => None,
        }
    }

    /// The layout for the current width.
    pub fn layout(&self) -> Option<&Layout> {
        self.layouts.first()
    }

    /// First row on screen.
    pub fn top(&self) -> usize {
        self.top
    }

    /// The body offset at the top of the screen; `None` while the header is in view
    /// or nothing is laid out.
    pub fn position(&self) -> Option<usize> {
        self.layout()?.offset_of_row(self.top)
    }

    /// Lays the article out for `width` columns and `height` rows, keeping the text
    /// at the top of the screen in place.
    pub fn fit(&mut self, width: usize, height: usize) {
        self.height = height;
        let ReaderState::Ready(document) = &self.state else {
            return;
        };
        let document = Arc::clone(document);
        if self.layout().is_none_or(|l| l.width != width) {
            let offset = self.pending_offset.take().or_else(|| self.position());
            let header_row = self.top;
            let layout = match self.layouts.iter().position(|l| l.width == width) {
                Some(i) => self.layouts.remove(i),
                None => Layout::new(&document.article, width),
            };
            self.top = match offset {
                Some(offset) => layout.row_of_offset(offset),
                None => header_row.min(layout.body_start),
            };
            self.layouts.insert(0, layout);
            self.layouts.truncate(CACHED_LAYOUTS);
        }
        self.clamp();
    }

    /// Scrolls by `delta` rows.
    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        self.height = height;
        self.top = self.top.saturating_add_signed(delta);
        self.clamp();
    }

    /// Scrolls so that `row` is at the top (clamped; `usize::MAX` is the end).
    pub fn scroll_to(&mut self, row: usize, height: usize) {
        self.height = height;
        self.top = row;
        self.clamp();
    }

    /// The last row that may be at the top: the end of the text sits at the bottom.
    fn max_top(&self) -> usize {
        self.layout()
            .map_or(0, |l| l.len().saturating_sub(self.height.max(1)))
    }

    fn clamp(&mut self) {
        self.top = self.top.min(self.max_top());
    }

    /// How far through the article the bottom of the screen is, in percent.
    pub fn percent(&self) -> usize {
        let Some(layout) = self.layout() else {
            return 0;
        };
        if layout.len() <= self.height {
            return 100;
        }
        ((self.top + self.height) * 100 / layout.len()).min(100)
    }
}
