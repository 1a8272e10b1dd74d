//! Mouse input, when it is turned on (`mouse = true`, `--mouse`): the wheel
//! scrolls the pane under the pointer, a click on a list row selects it, a click
//! in the reader gives it the focus. Overlays and the prompt ignore the mouse.

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::{App, Focus};
use crate::action::Action;

/// Lines (or rows) one wheel notch moves.
const WHEEL_STEP: usize = 3;

impl App {
    pub(super) fn handle_mouse(&mut self, mouse: MouseEvent) {
        if self.prompt.is_some() || self.overlay.is_some() || !self.library.has_articles() {
            return;
        }
        let at = Position::new(mouse.column, mouse.row);
        let panes = self.panes();
        let inside = |rect: Option<Rect>| rect.is_some_and(|r| r.contains(at));
        let in_list = inside(panes.list);
        let in_reader = inside(panes.reader);
        match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = mouse.kind == MouseEventKind::ScrollDown;
                let action = if down {
                    Action::MoveDown
                } else {
                    Action::MoveUp
                };
                let focus = self.focus;
                if in_list {
                    self.focus = Focus::List;
                } else if in_reader {
                    self.focus = Focus::Reader;
                } else {
                    return;
                }
                self.user_moved = true;
                for _ in 0..WHEEL_STEP {
                    self.update(action);
                }
                // The wheel scrolls what is under it without moving the focus.
                self.focus = focus;
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(list) = panes.list.filter(|_| in_list) {
                    self.user_moved = true;
                    let row = usize::from(at.y - list.y);
                    let position = match &mut self.results {
                        // Results take two rows each.
                        Some(results) => {
                            results.select(results.offset + row / 2);
                            None
                        }
                        None => Some(self.list_offset + row),
                    };
                    if let Some(position) = position
                        && position < self.library.len()
                    {
                        self.selected = position;
                    }
                    self.focus = Focus::List;
                } else if in_reader {
                    self.focus = Focus::Reader;
                }
            }
            _ => return,
        }
        self.hint = None;
        self.after_change();
    }
}
