//! Everything the user can ask folio to do. Action names are the vocabulary of the
//! keymap (`snake_case` in `assets/keymap.toml`); each has a one-line description
//! that the help overlay shows, so help is generated from the live key map.

use serde::Deserialize;

/// A user command, independent of the key that triggered it. What it does can depend
/// on the focused pane (`move_down` moves the selection in the list and scrolls in the
/// reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Move down a row in the list, scroll down a line in the reader.
    MoveDown,
    /// Move up a row in the list, scroll up a line in the reader.
    MoveUp,
    /// Down a page.
    PageDown,
    /// Up a page.
    PageUp,
    /// Down half a page.
    HalfPageDown,
    /// Up half a page.
    HalfPageUp,
    /// First article, or top of the article.
    GoTop,
    /// Last article, or end of the article.
    GoBottom,
    /// Open the selected article in the reader.
    Open,
    /// Back from the reader to the list; close an overlay.
    Back,
    /// Switch focus between list and reader.
    ToggleFocus,
    /// Show the next article in the list.
    NextArticle,
    /// Show the previous article in the list.
    PrevArticle,
    /// Hide the list and read at full width (toggle).
    ToggleWide,
    /// Jump to the next quotation.
    NextQuote,
    /// Jump to the previous quotation.
    PrevQuote,
    /// Jump to the next mention of a name (of the chosen entity, if any).
    NextName,
    /// Jump to the previous mention of a name.
    PrevName,
    /// Show the people and organisations in the article.
    ShowEntities,
    /// List the article's links.
    ShowLinks,
    /// Copy to the clipboard through the terminal (OSC 52).
    Copy,
    /// Copy the whole article.
    CopyArticle,
    /// Filter the list (in the list) or find in the article (in the reader).
    Search,
    /// Search the full text of every article.
    SearchAll,
    /// Go to the next search match.
    NextMatch,
    /// Go to the previous search match.
    PrevMatch,
    /// Prompt: accept.
    Confirm,
    /// Prompt: give up and put things back.
    Cancel,
    /// Prompt: switch between literal text and a regular expression.
    ToggleRegex,
    /// Prompt: an earlier query.
    HistoryPrev,
    /// Prompt: a later query.
    HistoryNext,
    /// Prompt: delete the character before the cursor.
    DeleteBack,
    /// Prompt: delete the character under the cursor.
    DeleteForward,
    /// Prompt: delete the word before the cursor.
    DeleteWord,
    /// Prompt: clear the line.
    ClearLine,
    /// Prompt: cursor left.
    CursorLeft,
    /// Prompt: cursor right.
    CursorRight,
    /// Prompt: cursor to the start.
    CursorHome,
    /// Prompt: cursor to the end.
    CursorEnd,
    /// Prompt: type a character (any key not bound otherwise).
    #[serde(skip)]
    Insert(char),
    /// Cycle the sort order: date ↓, date ↑, title, source (over ranked search
    /// results: best first or list order).
    CycleSort,
    /// Read the archive again for new, changed and deleted files.
    Rescan,
    /// Mark the article read, or unread again.
    ToggleRead,
    /// Star the article, or take the star off.
    ToggleStar,
    /// Show only unread articles, or every article.
    ToggleUnreadOnly,
    /// Show files that could not be read, and why.
    ShowProblems,
    /// Show the keys.
    ShowHelp,
    /// Suspend folio to the shell (resume with `fg`).
    Suspend,
    /// Clear the terminal and draw the screen again (after another program wrote
    /// on it).
    Redraw,
    /// Leave folio.
    Quit,
}

/// How far the movement actions go in one view: a page, half a page, and the
/// last position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: usize,
    pub half: usize,
    pub last: usize,
}

impl Action {
    /// Where a movement action takes a position (a selection or a scroll offset)
    /// in a view paged as `paging`, clamped to its last position; `None` for
    /// actions that do not move.
    pub fn moved(self, position: usize, paging: Paging) -> Option<usize> {
        let moved = match self {
            Action::MoveDown => position.saturating_add(1),
            Action::MoveUp => position.saturating_sub(1),
            Action::PageDown => position.saturating_add(paging.page),
            Action::PageUp => position.saturating_sub(paging.page),
            Action::HalfPageDown => position.saturating_add(paging.half),
            Action::HalfPageUp => position.saturating_sub(paging.half),
            Action::GoTop => 0,
            Action::GoBottom => paging.last,
            _ => return None,
        };
        Some(moved.min(paging.last))
    }

    /// The action's name in the key map (`toggle_star`).
    pub fn name(self) -> String {
        let debug = format!("{self:?}");
        let mut name = String::new();
        for c in debug.chars().take_while(|c| *c != '(') {
            if c.is_uppercase() && !name.is_empty() {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
        }
        name
    }

    /// The line the help overlay shows for this action.
    pub fn description(self) -> &'static str {
        match self {
            Action::MoveDown => "down a row / line",
            Action::MoveUp => "up a row / line",
            Action::PageDown => "down a page",
            Action::PageUp => "up a page",
            Action::HalfPageDown => "down half a page",
            Action::HalfPageUp => "up half a page",
            Action::GoTop => "first article / top",
            Action::GoBottom => "last article / bottom",
            Action::Open => "open in the reader / choose",
            Action::Back => "back / clear highlight / close",
            Action::ToggleFocus => "switch list and reader",
            Action::NextArticle => "next article",
            Action::PrevArticle => "previous article",
            Action::ToggleWide => "full-width reading",
            Action::NextQuote => "next quotation",
            Action::PrevQuote => "previous quotation",
            Action::NextName => "next name (of the chosen person)",
            Action::PrevName => "previous name",
            Action::ShowEntities => "people and organisations",
            Action::ShowLinks => "links in the article",
            Action::Copy => "copy title / quotation or paragraph / link",
            Action::CopyArticle => "copy the whole article",
            Action::Search => "filter the list / find in the article",
            Action::SearchAll => "search every article",
            Action::NextMatch => "next match",
            Action::PrevMatch => "previous match",
            Action::Confirm => "accept",
            Action::Cancel => "cancel and go back",
            Action::ToggleRegex => "regular expression on/off",
            Action::HistoryPrev => "earlier query",
            Action::HistoryNext => "later query",
            Action::DeleteBack => "delete before the cursor",
            Action::DeleteForward => "delete under the cursor",
            Action::DeleteWord => "delete a word",
            Action::ClearLine => "clear the line",
            Action::CursorLeft => "cursor left",
            Action::CursorRight => "cursor right",
            Action::CursorHome => "cursor to the start",
            Action::CursorEnd => "cursor to the end",
            Action::Insert(_) => "type",
            Action::CycleSort => "sort: date ↓, date ↑, title, source",
            Action::Rescan => "rescan for new, changed and deleted files",
            Action::ToggleRead => "mark read / unread",
            Action::ToggleStar => "star / unstar",
            Action::ToggleUnreadOnly => "unread only / every article",
            Action::ShowProblems => "files that could not be read",
            Action::ShowHelp => "this help",
            Action::Suspend => "suspend to the shell",
            Action::Redraw => "redraw the screen",
            Action::Quit => "quit",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movements_stay_within_the_view() {
        let paging = Paging {
            page: 10,
            half: 5,
            last: 42,
        };
        assert_eq!(Action::MoveDown.moved(3, paging), Some(4));
        assert_eq!(Action::MoveUp.moved(0, paging), Some(0));
        assert_eq!(Action::PageDown.moved(38, paging), Some(42));
        assert_eq!(Action::HalfPageUp.moved(7, paging), Some(2));
        assert_eq!(Action::GoBottom.moved(0, paging), Some(42));
        assert_eq!(Action::GoTop.moved(30, paging), Some(0));
        assert_eq!(Action::Open.moved(3, paging), None);
    }

    #[test]
    fn names_are_the_key_map_names() {
        for action in [Action::ToggleUnreadOnly, Action::Quit, Action::NextQuote] {
            let parsed: Action =
                serde::Deserialize::deserialize(toml::Value::String(action.name())).unwrap();
            assert_eq!(parsed, action);
        }
    }
}
