//! Searching, from the app's side: the prompt's keys, incremental search in the
//! article (each keystroke moves to the first match from where the search began;
//! `Esc` goes back there), the list's live filter, and the archive search whose
//! results stream in from a worker.

use super::article_search::ArticleSearch;
use super::prompt::{Prompt, PromptKind};
use super::results::Results;
use super::{App, Effect, Focus};
use crate::action::Action;
use crate::search::Query;
use crate::search::archive::Hit;

/// Queries kept in the history.
const HISTORY_LIMIT: usize = 200;

/// The most characters a paste puts into a prompt: far more than any query,
/// and little enough that matching stays instant.
const PROMPT_CAP: usize = 1_000;

impl App {
    /// Opens the prompt of `kind`.
    pub(super) fn open_prompt(&mut self, kind: PromptKind) {
        let regex = match kind {
            PromptKind::InArticle => {
                let Some(reader) = self.reader.as_mut() else {
                    return;
                };
                if reader.document().is_none() {
                    return;
                }
                reader.begin_search();
                reader.search().is_some_and(|s| s.query.regex)
            }
            PromptKind::Archive => self.results.as_ref().is_some_and(|r| r.query.regex),
            PromptKind::Filter => false,
        };
        let mut prompt = Prompt::new(kind, regex);
        if kind == PromptKind::Filter
            && let Some(query) = self.library.filter_query()
        {
            for c in query.to_owned().chars() {
                prompt.insert(c);
            }
        }
        self.prompt = Some(prompt);
    }

    /// Applies an action while the prompt is open.
    pub(super) fn update_prompt(&mut self, action: Action) {
        let Some(prompt) = self.prompt.as_mut() else {
            return;
        };
        let before = (prompt.text.clone(), prompt.regex);
        match action {
            Action::Insert(c) => prompt.insert(c),
            Action::DeleteBack => {
                let deleted = prompt.delete_back();
                // Backspace on an empty prompt leaves it, as in less and vim.
                if !deleted && prompt.text.is_empty() {
                    self.cancel_prompt();
                    return;
                }
            }
            Action::DeleteForward => prompt.delete_forward(),
            Action::DeleteWord => prompt.delete_word(),
            Action::ClearLine => prompt.clear(),
            Action::CursorLeft => prompt.left(),
            Action::CursorRight => prompt.right(),
            Action::CursorHome => prompt.home(),
            Action::CursorEnd => prompt.end(),
            Action::ToggleRegex if prompt.kind.takes_regex() => prompt.regex = !prompt.regex,
            Action::HistoryPrev => prompt.walk_history(&self.history, true),
            Action::HistoryNext => prompt.walk_history(&self.history, false),
            Action::Confirm => {
                self.confirm_prompt();
                return;
            }
            Action::Cancel => {
                self.cancel_prompt();
                return;
            }
            Action::Quit => {
                self.quit = true;
                return;
            }
            _ => {}
        }
        let changed = (prompt.text.clone(), prompt.regex) != before;
        if changed {
            self.prompt_changed();
        }
    }

    /// Pasted text (bracketed paste) goes into the prompt at once, with one
    /// search or filter for all of it rather than one per character. Line breaks
    /// and tabs become spaces; controls and invisible characters are dropped.
    pub(super) fn paste_into_prompt(&mut self, text: &str) {
        let Some(prompt) = self.prompt.as_mut() else {
            return;
        };
        let before = prompt.text.clone();
        let room = PROMPT_CAP.saturating_sub(prompt.text.chars().count());
        let pasted = text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .filter(|&c| !crate::sanitize::acts_or_hides(c))
            .take(room);
        for c in pasted {
            prompt.insert(c);
        }
        if prompt.text != before {
            self.prompt_changed();
        }
    }

    /// Runs what the prompt's text now asks for: the search as you type, or the
    /// list filter.
    fn prompt_changed(&mut self) {
        let Some(prompt) = self.prompt.as_ref() else {
            return;
        };
        let (kind, query) = (prompt.kind, Query::new(prompt.text.clone(), prompt.regex));
        match kind {
            PromptKind::InArticle => self.search_as_you_type(query),
            PromptKind::Filter => {
                self.library.set_filter(&query.text);
                self.selected = 0;
            }
            PromptKind::Archive => {}
        }
    }

    /// Each keystroke: run the query and move to its first match at or after
    /// where the search began.
    fn search_as_you_type(&mut self, query: Query) {
        let height = self.reader_height();
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        let Some(document) = reader.shared_document() else {
            return;
        };
        if query.text.is_empty() {
            reader.set_search(None);
            reader.return_to_search_origin(height);
            return;
        }
        let search = ArticleSearch::run(&document, query);
        let error = search.error.clone();
        let first = search.first_from(reader.search_origin_offset());
        reader.set_search(Some(search));
        match first {
            Some((index, wrapped)) => {
                reader.go_to_match(index, height);
                if wrapped {
                    self.notice("no match below: showing the first from the top");
                }
            }
            None => reader.return_to_search_origin(height),
        }
        if let Some(error) = error {
            self.warn(error);
        }
    }

    fn confirm_prompt(&mut self) {
        let Some(prompt) = self.prompt.take() else {
            return;
        };
        let query = Query::new(prompt.text.clone(), prompt.regex);
        self.remember(&query.text);
        match prompt.kind {
            PromptKind::InArticle => {
                if let Some(reader) = self.reader.as_mut() {
                    reader.end_search_prompt();
                    if reader.search().is_some_and(ArticleSearch::is_empty)
                        && !query.text.is_empty()
                    {
                        let error = reader.search().and_then(|s| s.error.clone());
                        self.warn(error.unwrap_or_else(|| format!("no match for {}", query.text)));
                    }
                }
            }
            PromptKind::Filter => {}
            PromptKind::Archive => self.start_archive_search(query),
        }
    }

    fn cancel_prompt(&mut self) {
        let Some(prompt) = self.prompt.take() else {
            return;
        };
        match prompt.kind {
            PromptKind::InArticle => {
                let height = self.reader_height();
                if let Some(reader) = self.reader.as_mut() {
                    reader.set_search(None);
                    reader.return_to_search_origin(height);
                    reader.end_search_prompt();
                }
            }
            PromptKind::Filter => self.clear_filter(),
            PromptKind::Archive => {}
        }
    }

    /// Adds a query to the history (most recent last, no repeats) and asks for it
    /// to be saved.
    fn remember(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.history.retain(|h| h != text);
        self.history.push(text.to_owned());
        if self.history.len() > HISTORY_LIMIT {
            self.history.remove(0);
        }
        self.effects.push(Effect::SaveHistory(self.history.clone()));
    }

    /// `n` and `N`: the next or previous match, wrapping around with a notice.
    pub(super) fn step_match(&mut self, forward: bool) {
        let height = self.reader_height();
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        let Some((index, wrapped)) = reader.search().and_then(|s| s.step(forward)) else {
            let text = if reader.search().is_some() {
                "no matches"
            } else {
                "no search: press / to find"
            };
            self.notice(text);
            return;
        };
        reader.go_to_match(index, height);
        if wrapped {
            self.notice(if forward {
                "search hit the bottom, continuing at the top"
            } else {
                "search hit the top, continuing at the bottom"
            });
        }
    }

    /// Starts a search of every article in the list, cancelling any running one.
    fn start_archive_search(&mut self, query: Query) {
        if query.text.is_empty() {
            return;
        }
        self.generation += 1;
        let targets = crate::search::archive::targets(&self.library);
        let mut results = Results::new(query.clone(), self.generation, targets.len());
        if let Err(error) = crate::search::Matcher::new(&query) {
            // The search this one replaces stops either way.
            self.effects.push(Effect::CancelSearch);
            results.error = Some(error.to_string());
            self.warn(error.to_string());
        } else {
            self.effects.push(Effect::StartSearch {
                generation: self.generation,
                index: self.index_for(&query),
                query,
                targets,
            });
        }
        self.results = Some(results);
        self.focus = Focus::List;
        self.full_width = false;
    }

    /// Takes a batch of hits from the worker (ignoring a cancelled search's).
    pub(super) fn apply_hits(&mut self, generation: u64, hits: Vec<Hit>, searched: usize) {
        if let Some(results) = self.results.as_mut().filter(|r| r.generation == generation) {
            // Someone reading a hit keeps reading it.
            if self.focus == Focus::Reader {
                results.pin();
            }
            results.add(hits, searched);
        }
        self.after_change();
    }

    /// Closes the results (cancelling the search) or clears the filter; true when
    /// there was either.
    pub(super) fn clear_list_search(&mut self) -> bool {
        if self.results.take().is_some() {
            self.effects.push(Effect::CancelSearch);
            return true;
        }
        if self.library.filter_query().is_some() {
            self.clear_filter();
            return true;
        }
        false
    }

    /// Shows the whole list again, keeping the selected article selected.
    fn clear_filter(&mut self) {
        let id = self.library.id_at(self.selected);
        self.library.set_filter("");
        self.selected = id.and_then(|id| self.library.position_of(id)).unwrap_or(0);
    }

    /// The reader is showing an archive hit: start its in-article search at the
    /// first match, so `n` and `N` go on from there.
    pub(super) fn apply_pending_search(&mut self) {
        let height = self.reader_height();
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        let Some(query) = reader.take_pending_search() else {
            return;
        };
        let Some(document) = reader.shared_document() else {
            reader.set_pending_search(query);
            return;
        };
        let search = ArticleSearch::run(&document, query);
        // The first match in the body, as the hit's snippet shows it (wrapping to
        // the title when only the title matches).
        let first = search.first_from(Some(0));
        reader.set_search(Some(search));
        if let Some((index, _)) = first {
            reader.go_to_match(index, height);
        }
    }
}
