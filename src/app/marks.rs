//! Reading state in the app: read marks and stars (`m`, `*`), the unread-only view
//! (`U`), the reading position of every article, and the archive's last selection
//! and sort order. Changes are saved a moment after they happen (and on quit) by
//! an effect, so the app itself never touches the disk; the only timers are the
//! pending save and the "read after a few seconds" mark, and none runs when idle.

use std::time::{Duration, Instant};

use super::{App, Effect, Focus};
use crate::library::{Entry, Flags, SortOrder};
use crate::state::{ArchiveMemory, MarkKey};

/// How long after a change the state is saved: soon enough that a `kill -9`
/// loses only the last few seconds, late enough that a burst of `j` saves once.
pub const SAVE_DELAY: Duration = Duration::from_secs(2);

/// The key an entry's marks are kept under.
pub fn mark_key(entry: &Entry) -> MarkKey {
    MarkKey {
        content_hash: entry.content_hash,
        index: entry.index,
    }
}

impl App {
    /// Gives newly arrived entries (ids from `first_new`) their marks, and puts the
    /// selection back on the article selected last time once it arrives.
    pub(super) fn apply_marks(&mut self, first_new: usize) {
        let fresh: Vec<(usize, MarkKey)> = self
            .library
            .entries()
            .skip(first_new)
            .map(|(id, entry)| (id, mark_key(entry)))
            .collect();
        for (id, key) in fresh {
            if let Some(mark) = self.reading.mark(key) {
                let flags = Flags {
                    read: mark.read,
                    starred: mark.starred,
                };
                self.library.set_flags(id, flags);
            }
            if !self.user_moved && self.restore == Some(key) {
                self.restore = None;
                self.following = Some(id);
            }
        }
        if !self.user_moved
            && let Some(position) = self.following.and_then(|id| self.library.position_of(id))
        {
            self.selected = position;
        }
    }

    /// `m`, `*` and `U`.
    pub(super) fn toggle_mark(&mut self, action: crate::action::Action) {
        use crate::action::Action;
        match action {
            Action::ToggleRead => self.toggle_read(),
            Action::ToggleStar => self.toggle_star(),
            Action::ToggleUnreadOnly => self.toggle_unread_only(),
            _ => {}
        }
    }

    /// `m`: marks the selected article read or unread.
    fn toggle_read(&mut self) {
        let Some(id) = self.marked_id() else {
            return;
        };
        let read = !self.library.flags(id).read;
        self.set_read(id, read);
        // Marked unread by hand: not marked read again while it stays open.
        if !read {
            self.opened = None;
        }
        self.notice(if read { "marked read" } else { "marked unread" });
    }

    /// `*`: stars the selected article, or takes the star off.
    fn toggle_star(&mut self) {
        let Some(id) = self.marked_id() else {
            return;
        };
        let mut flags = self.library.flags(id);
        flags.starred = !flags.starred;
        self.library.set_flags(id, flags);
        self.update_mark(id, |mark| mark.starred = flags.starred);
        self.notice(if flags.starred {
            "starred"
        } else {
            "star removed"
        });
    }

    /// `U`: shows only unread articles, or everything again.
    fn toggle_unread_only(&mut self) {
        let keep = self.library.id_at(self.selected);
        let on = !self.library.is_unread_only();
        self.library.set_unread_only(on, keep);
        if let Some(position) = keep.and_then(|id| self.library.position_of(id)) {
            self.selected = position;
        }
        let (unread, _) = self.library.unread_and_starred();
        self.notice(if on {
            format!(
                "unread only: {}",
                crate::wording::count(unread, "article", "articles")
            )
        } else {
            "showing every article".to_owned()
        });
    }

    /// The article `m` and `*` act on: the one in the reader when it has the
    /// focus, else the selected row.
    fn marked_id(&self) -> Option<usize> {
        match (&self.reader, self.focus) {
            (Some(reader), Focus::Reader) => Some(reader.id),
            _ => match &self.results {
                Some(results) => results.selected_id(),
                None => self.library.id_at(self.selected),
            },
        }
    }

    pub(super) fn set_read(&mut self, id: usize, read: bool) {
        let mut flags = self.library.flags(id);
        if flags.read == read {
            return;
        }
        flags.read = read;
        self.library.set_flags(id, flags);
        self.update_mark(id, |mark| mark.read = read);
    }

    fn update_mark(&mut self, id: usize, change: impl FnOnce(&mut crate::state::Mark)) {
        let Some(entry) = self.library.entry(id) else {
            return;
        };
        let key = mark_key(entry);
        let path = entry.list_path();
        self.reading.update(key, &path, change);
    }

    /// Where the reader was in article `id` last time.
    pub(super) fn remembered_position(&self, id: usize) -> Option<usize> {
        let entry = self.library.entry(id)?;
        self.reading.mark(mark_key(entry))?.position
    }

    /// Keeps the open article's reading position (only once it has shown its
    /// text: a reader still loading has no position to keep or forget).
    pub(super) fn remember_position(&mut self) {
        let Some(reader) = &self.reader else {
            return;
        };
        if reader.document().is_none() {
            return;
        }
        let (id, position) = (reader.id, reader.position());
        self.update_mark(id, |mark| mark.position = position);
    }

    /// The article in the reader has shown its text: it counts as read once it
    /// has been open for the configured time.
    pub(super) fn article_shown(&mut self, id: usize) {
        if self.library.flags(id).read {
            self.opened = None;
        } else if self.config.mark_read_after.is_zero() {
            self.set_read(id, true);
        } else {
            self.opened = Some((id, Instant::now()));
        }
    }

    /// The user scrolled the article: it counts as read at once.
    pub(super) fn article_scrolled(&mut self) {
        if let Some(id) = self.reader.as_ref().map(|r| r.id) {
            self.opened = None;
            self.set_read(id, true);
        }
        self.remember_position();
    }

    /// Remembers the selection and sort order, once the user has chosen them.
    fn remember_archive(&mut self) {
        if !self.user_moved {
            return;
        }
        let selected = self.library.at(self.selected).map(|e| mark_key(e).into());
        let memory = ArchiveMemory {
            selected,
            sort: Some(self.library.sort_order().name().to_owned()),
        };
        let archive = self.archive.clone();
        self.reading.set_archive(&archive, memory);
    }

    /// Restores the remembered sort order and asks for the remembered selection.
    pub(super) fn restore_archive(&mut self) {
        let Some(memory) = self.reading.archive(&self.archive).cloned() else {
            return;
        };
        if let Some(order) = memory.sort.as_deref().and_then(SortOrder::from_name) {
            self.library.set_sort_order(order);
        }
        self.restore = memory.selected.map(MarkKey::from);
    }

    /// When the app next wants `Event::Tick`: to mark the open article read, or to
    /// save. `None` when nothing is pending (an idle folio sleeps).
    pub fn next_deadline(&self) -> Option<Instant> {
        let read = self
            .opened
            .map(|(_, since)| since + self.config.mark_read_after);
        [read, self.save_due].into_iter().flatten().min()
    }

    /// Does what is due (called for every event, `Tick` included): marks the open
    /// article read when its time is up, schedules a save after changes, and saves
    /// when the delay has passed or the app is quitting.
    pub(super) fn run_timers(&mut self) {
        let now = Instant::now();
        if let Some((id, since)) = self.opened
            && now >= since + self.config.mark_read_after
        {
            self.opened = None;
            if self.reader.as_ref().is_some_and(|r| r.id == id) {
                self.set_read(id, true);
            }
        }
        if self.quit {
            self.remember_position();
        }
        self.remember_archive();
        if !self.reading.has_changes() {
            return;
        }
        let due = *self.save_due.get_or_insert(now + SAVE_DELAY);
        if self.quit || now >= due {
            self.save_due = None;
            let changes = self.reading.take_changes();
            self.effects.push(Effect::SaveState(changes));
        }
    }
}
