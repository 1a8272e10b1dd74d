//! The reading pane's state: which article, whether it has loaded, its layout for
//! the current width, and the scroll position.
//!
//! The position is kept as a row plus an anchor: the body byte offset of the first
//! visible row when the user last scrolled. Whenever the width changes the top row
//! becomes the one holding the anchor, so a resize keeps the same text at the top of
//! the screen, and a series of resizes does not drift.

use std::ops::Range;
use std::sync::Arc;

use super::article_search::{ArticleSearch, Place};
use crate::document::Document;
use crate::layout::Layout;
use crate::search::Query;

/// Layouts kept for other widths, so toggling full-width reading does not re-wrap.
const CACHED_LAYOUTS: usize = 3;

/// Whether the article is there yet.
#[derive(Debug, Clone)]
pub enum ReaderState {
    Loading,
    Failed(String),
    Ready(Arc<Document>),
}

/// Where a search began, kept as text rather than a row so that a resize while
/// typing does not move it.
#[derive(Debug, Clone, Copy)]
struct SearchOrigin {
    /// The body offset of the top row; `None` while the header was in view.
    offset: Option<usize>,
    /// The top row, used as it is while the width has not changed (and while the
    /// header was in view).
    row: usize,
    /// The width the text was laid out for.
    width: usize,
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
    /// The body offset the reader is anchored to: set when the user scrolls, kept
    /// through any number of re-wraps so repeated resizes do not drift.
    anchor: Option<usize>,
    /// The entity chosen in the people panel, whose mentions are highlighted.
    entity: Option<usize>,
    /// The quotation or mention last jumped to.
    focus: Option<Range<usize>>,
    /// The search in this article, if any.
    search: Option<ArticleSearch>,
    /// Where the reader was when the search prompt opened, to go back to on `Esc`.
    search_origin: Option<SearchOrigin>,
    /// A search to start once the article has loaded (opened from archive results).
    pending_search: Option<Query>,
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
            anchor: None,
            entity: None,
            focus: None,
            search: None,
            search_origin: None,
            pending_search: None,
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
        self.anchor = remembered;
    }

    /// Takes the analysed version of the document shown. The text is the same, so
    /// the reading position stays; only the header line can change, so the text is
    /// laid out again around the same anchor.
    pub fn set_analysed(&mut self, document: Arc<Document>) {
        if !matches!(&self.state, ReaderState::Ready(shown) if !shown.analysed) {
            return;
        }
        if self.anchor.is_none() && self.layout().is_some_and(|l| self.top >= l.body_start) {
            self.anchor = self.top_offset();
        }
        self.state = ReaderState::Ready(document);
        self.layouts.clear();
    }

    /// The loaded document, shared: what callers that also change the reader hold
    /// (a pointer copy, never a copy of the article).
    pub fn shared_document(&self) -> Option<Arc<Document>> {
        match &self.state {
            ReaderState::Ready(document) => Some(Arc::clone(document)),
            _ => None,
        }
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

    /// The reading position: the body offset the top of the screen is anchored to;
    /// `None` while the header is in view.
    pub fn position(&self) -> Option<usize> {
        self.anchor
    }

    /// The body offset of the top row as laid out now.
    /// The body offset of the top row on screen (`None` while the header shows).
    pub fn top_body_offset(&self) -> Option<usize> {
        self.top_offset()
    }

    fn top_offset(&self) -> Option<usize> {
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
            let header_row = self.top;
            // A long article opened at its start shows its first screen
            // before the rest is wrapped (see `complete_layout`).
            let head_first = crate::document::is_long(&document.article)
                && self.anchor.is_none()
                && self.pending_search.is_none()
                && self.search.is_none();
            let layout = match self.layouts.iter().position(|l| l.width == width) {
                Some(i) => self.layouts.remove(i),
                None if head_first => document.head_layout(width, header_row + height + 1),
                None => document.layout(width),
            };
            self.top = match self.anchor {
                Some(offset) => layout.row_of_offset(offset),
                None => header_row.min(layout.body_start),
            };
            self.layouts.insert(0, layout);
            self.layouts.truncate(CACHED_LAYOUTS);
        }
        self.clamp();
    }

    /// Wraps the rest of an article laid out only as far as its first screen
    /// (the rows already there stay as they are, and so does the top). True
    /// when there was something to do.
    pub fn complete_layout(&mut self) -> bool {
        let (Some(layout), ReaderState::Ready(document)) = (self.layouts.first(), &self.state)
        else {
            return false;
        };
        if layout.complete {
            return false;
        }
        let whole = document.layout(layout.width);
        self.layouts[0] = whole;
        self.clamp();
        true
    }

    /// Whether the layout shown is only the first screen's.
    pub fn layout_is_partial(&self) -> bool {
        self.layout().is_some_and(|l| !l.complete)
    }

    /// Scrolls so that `row` is at the top (clamped; `usize::MAX` is the end).
    pub fn scroll_to(&mut self, row: usize, height: usize) {
        self.height = height;
        self.top = row;
        self.clamp();
        self.anchor = self.top_offset();
    }

    /// The last row that may be at the top: the end of the text sits at the bottom.
    fn max_top(&self) -> usize {
        self.layout()
            .map_or(0, |l| l.len().saturating_sub(self.height.max(1)))
    }

    fn clamp(&mut self) {
        self.top = self.top.min(self.max_top());
    }

    /// The entity whose mentions are highlighted.
    pub fn entity(&self) -> Option<usize> {
        self.entity
    }

    /// Chooses the entity to highlight (or none).
    pub fn set_entity(&mut self, entity: Option<usize>) {
        self.entity = entity;
        self.focus = None;
    }

    /// The quotation or mention last jumped to.
    pub fn focus(&self) -> Option<Range<usize>> {
        self.focus.clone()
    }

    /// Clears the chosen entity and the focus; true if there was anything to clear.
    pub fn clear_emphasis(&mut self) -> bool {
        let had = self.entity.is_some() || self.focus.is_some();
        self.entity = None;
        self.focus = None;
        had
    }

    /// Where the next jump starts from: the focus, else the top of the screen.
    fn jump_origin(&self) -> usize {
        self.focus
            .as_ref()
            .map(|f| f.start)
            .or_else(|| self.top_offset())
            .unwrap_or(0)
    }

    /// Jumps to the first of `targets` (sorted by start) after the origin, or the
    /// last before it. Returns its index, or `None` when there is none that way.
    pub fn jump(
        &mut self,
        targets: &[Range<usize>],
        forward: bool,
        height: usize,
    ) -> Option<usize> {
        let origin = self.jump_origin();
        let at_origin = self.focus.is_some();
        let index = if forward {
            let first = targets.partition_point(|t| {
                if at_origin {
                    t.start <= origin
                } else {
                    t.start < origin
                }
            });
            (first < targets.len()).then_some(first)
        } else {
            targets.partition_point(|t| t.start < origin).checked_sub(1)
        }?;
        let target = targets[index].clone();
        self.show(target.start, height);
        self.focus = Some(target);
        Some(index)
    }

    /// Scrolls so the row holding `offset` is on screen, with two rows of context
    /// above it when the screen has to move.
    fn show(&mut self, offset: usize, height: usize) {
        let Some(row) = self.layout().map(|l| l.row_of_offset(offset)) else {
            return;
        };
        self.height = height;
        if row < self.top || row >= self.top + height.max(1) {
            self.scroll_to(row.saturating_sub(2), height);
        }
    }

    /// The search in this article.
    pub fn search(&self) -> Option<&ArticleSearch> {
        self.search.as_ref()
    }

    /// Replaces the search (or removes it).
    pub fn set_search(&mut self, search: Option<ArticleSearch>) {
        self.search = search;
    }

    /// Remembers where the reader is as the search prompt opens.
    pub fn begin_search(&mut self) {
        self.search_origin = Some(SearchOrigin {
            offset: self.top_offset(),
            row: self.top,
            width: self.layout().map_or(0, |l| l.width),
        });
    }

    /// The prompt closed: the origin is no longer needed.
    pub fn end_search_prompt(&mut self) {
        self.search_origin = None;
    }

    /// The body offset where the search began; `None` when the title was in view.
    pub fn search_origin_offset(&self) -> Option<usize> {
        self.search_origin?.offset
    }

    /// Goes back to where the search began.
    pub fn return_to_search_origin(&mut self, height: usize) {
        let Some(origin) = self.search_origin else {
            return;
        };
        let Some(layout) = self.layout() else {
            return;
        };
        self.top = match origin.offset {
            Some(offset) if layout.width != origin.width => layout.row_of_offset(offset),
            Some(_) => origin.row,
            None => origin.row.min(layout.body_start),
        };
        self.height = height;
        self.anchor = origin.offset;
        self.clamp();
    }

    /// Makes match `index` the current one and scrolls it into view (with two rows
    /// of context above when the screen has to move; a title match shows the top).
    pub fn go_to_match(&mut self, index: usize, height: usize) {
        let Some(search) = self.search.as_mut() else {
            return;
        };
        let Some((place, range)) = search.hit(index) else {
            return;
        };
        search.current = Some(index);
        match place {
            Place::Title => self.scroll_to(0, height),
            Place::Body => self.show(range.start, height),
        }
    }

    /// Takes the search waiting for the article to load.
    pub fn take_pending_search(&mut self) -> Option<Query> {
        self.pending_search.take()
    }

    /// Sets a search to start once the article has loaded.
    pub fn set_pending_search(&mut self, query: Query) {
        self.pending_search = Some(query);
    }

    /// How far through the article the bottom of the screen is, in percent.
    pub fn percent(&self) -> usize {
        let Some(layout) = self.layout() else {
            return 0;
        };
        if !layout.complete {
            // Only the first screen is laid out, at the top of a long article.
            return 0;
        }
        if layout.len() <= self.height {
            return 100;
        }
        ((self.top + self.height) * 100 / layout.len()).min(100)
    }
}
