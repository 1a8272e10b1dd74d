//! `r`: reading the archive again for new, changed and deleted files. The new
//! scan's reports are gathered aside and replace the library in one step, so
//! the list never shows half an archive; the selection, the open article, the
//! search results, the filter and the view stay where they were.

use std::collections::HashMap;

use super::{App, Effect, Focus, IndexStatus};
use crate::library::scan::{Item, Progress, Report};
use crate::library::{Entry, Library, Origin};
use crate::wording::thousands;

/// An article's place in the archive, whatever its content: its file and its
/// place in the file.
type Place = (String, usize);

/// Whether the archive can be read again.
#[derive(Debug)]
pub(super) enum Rescan {
    /// The articles did not come from a scan of paths (samples, standard input).
    Unavailable,
    Ready,
    /// Reading: the new library, what has been reported so far not yet in order.
    Running(Box<Library>),
}

fn place(entry: &Entry) -> Place {
    (entry.origin.path_string(), entry.index)
}

impl App {
    /// `r`: asks for the archive to be read again.
    pub(super) fn rescan(&mut self) {
        if matches!(self.rescan, Rescan::Unavailable) {
            self.notice("nothing to rescan: these articles were not read from files");
            return;
        }
        if matches!(self.rescan, Rescan::Running(_)) || !self.library.progress().done {
            self.notice("still reading the archive");
            return;
        }
        let mut fresh = Library::new();
        fresh.set_sort_order(self.library.sort_order());
        self.rescan = Rescan::Running(Box::new(fresh));
        self.index = IndexStatus::Idle;
        self.effects.push(Effect::Rescan);
        self.library.set_progress(Progress {
            done: false,
            ..self.library.progress().clone()
        });
    }

    /// Takes a report of the rescan; gives it back when no rescan is running.
    pub(super) fn apply_rescan(&mut self, report: Report) -> Option<Report> {
        let Rescan::Running(fresh) = &mut self.rescan else {
            return Some(report);
        };
        match report {
            Report::Batch(batch) => fresh.append(batch),
            Report::Progress(progress) if progress.done => self.finish_rescan(progress),
            Report::Progress(progress) => self.library.set_progress(progress),
        }
        None
    }

    /// Replaces the library with the rescan's, carrying the state that names
    /// articles by id over to the new ids.
    fn finish_rescan(&mut self, progress: Progress) {
        let mut library = match std::mem::replace(&mut self.rescan, Rescan::Ready) {
            Rescan::Running(fresh) => *fresh,
            _ => Library::new(),
        };
        let old = std::mem::take(&mut self.library);
        // Articles from standard input were not part of the scan: they stay.
        library.append(
            old.entries()
                .filter(|(_, entry)| matches!(entry.origin, Origin::Memory(_)))
                .map(|(_, entry)| Item::Entry(entry.clone()))
                .collect(),
        );
        library.place_appended();
        library.set_progress(progress);
        let new_ids: HashMap<Place, (usize, u64)> = library
            .entries()
            .map(|(id, entry)| (place(entry), (id, entry.content_hash)))
            .collect();
        // Old id to new id, for articles still there unchanged.
        let same = |id: usize| {
            let entry = old.entry(id)?;
            let &(new, hash) = new_ids.get(&place(entry))?;
            (hash == entry.content_hash).then_some(new)
        };
        let summary = changes(&old, &library, &new_ids);

        let selected = old.id_at(self.selected).and_then(same);
        if let Some(query) = old.filter_query() {
            library.set_filter(query);
        }
        if old.is_unread_only() {
            library.set_unread_only(true, selected);
        }
        self.library = library;
        self.apply_marks(0);
        self.selected = selected
            .and_then(|id| self.library.position_of(id))
            .unwrap_or_else(|| self.selected.min(self.library.len().saturating_sub(1)));
        match self.reader.as_ref().map(|r| same(r.id)) {
            Some(Some(id)) => {
                if let Some(reader) = self.reader.as_mut() {
                    reader.id = id;
                }
            }
            // Gone or changed: the reader shows what is there now.
            Some(None) => {
                self.reader = None;
                if self.results.is_none() && selected.is_none() {
                    self.focus = Focus::List;
                }
            }
            None => {}
        }
        self.opened = self.opened.and_then(|(id, since)| Some((same(id)?, since)));
        self.following = self.following.and_then(same);
        if let Some(results) = self.results.as_mut() {
            results.remap(&same);
        }
        self.notice(summary);
        self.update_index();
        self.after_change();
    }
}

/// `rescanned: 2 new, 1 changed, 3 gone`.
fn changes(old: &Library, new: &Library, new_ids: &HashMap<Place, (usize, u64)>) -> String {
    let old_ids: HashMap<Place, u64> = old
        .entries()
        .map(|(_, entry)| (place(entry), entry.content_hash))
        .collect();
    let mut added = 0;
    let mut changed = 0;
    for (_, entry) in new.entries() {
        match old_ids.get(&place(entry)) {
            None => added += 1,
            Some(&hash) if hash != entry.content_hash => changed += 1,
            Some(_) => {}
        }
    }
    let gone = old_ids.keys().filter(|p| !new_ids.contains_key(*p)).count();
    if added + changed + gone == 0 {
        return "rescanned: nothing changed".into();
    }
    let parts: Vec<String> = [(added, "new"), (changed, "changed"), (gone, "gone")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{} {what}", thousands(n)))
        .collect();
    format!("rescanned: {}", parts.join(", "))
}
