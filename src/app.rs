//! The application state and its one mutator. `App::handle` takes every event (keys,
//! resizes, scan batches, loaded articles); keys become actions through the keymap
//! and `App::update` applies them. Nothing here touches the terminal or the disk:
//! work that needs I/O is asked for as an `Effect`, which the runtime (or a test)
//! carries out and answers with another event.

mod article_search;
mod copying;
mod indexing;
mod marks;
mod mouse;
mod prompt;
mod reader;
mod rescan;
use self::rescan::Rescan;
mod results;
mod searching;

use std::sync::Arc;
use std::time::Instant;

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use ratatui::layout::Rect;

pub use self::article_search::{ArticleSearch, Place};
pub use self::indexing::IndexStatus;
pub use self::marks::mark_key;
pub use self::prompt::{Prompt, PromptKind};
pub use self::reader::{Reader, ReaderState};
pub use self::results::{HitOrder, Results};
use crate::action::{Action, Paging};
use crate::config::Config;
use crate::document::Document;
use crate::keymap::{Context, Key};
use crate::library::scan::{self, Report};
use crate::library::{Entry, Library};
use crate::panes::{self, Panes};
use crate::search::Query;
use crate::search::archive::{Hit, Target};
use crate::search::index::Indexable;
use crate::search::indexer::{IndexHandle, IndexReport, Snippet};
use crate::state::{Changes, MarkKey, ReadingState};
use crate::theme::Theme;

/// Something that happened: input, or a background result.
#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Resize(u16, u16),
    Scan(Report),
    /// An article finished loading (or failed, with the reason).
    Loaded {
        id: usize,
        result: Result<Arc<Document>, String>,
    },
    /// The open article's analysis is done: the same document with highlights.
    Analysed {
        id: usize,
        document: Arc<Document>,
    },
    /// Something went wrong in the background that the user should know of.
    Warning(String),
    /// Hits from the archive search `generation`, and how many articles it has
    /// searched so far.
    SearchHits {
        generation: u64,
        hits: Vec<Hit>,
        searched: usize,
    },
    /// Snippets cut for the indexed hits of archive search `generation`.
    Snippets {
        generation: u64,
        snippets: Vec<Snippet>,
    },
    /// News from the worker keeping the full-text index up to date.
    Index(IndexReport),
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT (the number): leave cleanly, saying so in the
    /// exit status.
    Terminate(i32),
    /// The time `App::next_deadline` asked for has come.
    Tick,
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// Wheel or click (only when mouse input is on).
    Mouse(ratatui::crossterm::event::MouseEvent),
}

/// Work the app asks the runtime to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Load an article and answer with `Event::Loaded`.
    Load { id: usize, entry: Box<Entry> },
    /// Analyse a loaded article off the UI thread and answer with
    /// `Event::Analysed` (cancelling the analysis of any other article).
    Analyse { id: usize, document: Arc<Document> },
    /// Stop the process until the shell resumes it.
    Suspend,
    /// Clear the terminal, so the next frame is drawn whole.
    Redraw,
    /// Search these articles and answer with `Event::SearchHits` (cancelling any
    /// search already running).
    StartSearch {
        generation: u64,
        query: Query,
        targets: Vec<Target>,
        /// The index, when it covers the library and can answer the query;
        /// otherwise the files are read.
        index: Option<IndexHandle>,
    },
    /// Cut the snippets of these indexed hits and answer with `Event::Snippets`.
    CutSnippets {
        generation: u64,
        query: Query,
        targets: Vec<Target>,
    },
    /// Read the archive's paths again, answering with `Event::Scan` reports.
    Rescan,
    /// Bring the full-text index up to date with these articles, answering
    /// with `Event::Index` reports (cancelling any update already running).
    UpdateIndex(Vec<Indexable>),
    /// Stop the running archive search.
    CancelSearch,
    /// Keep the search history (oldest first) for next time.
    SaveHistory(Vec<String>),
    /// Merge these reading-state changes into the state file.
    SaveState(Changes),
    /// Put text on the clipboard of the user's terminal (OSC 52), which works
    /// over SSH and, with `set-clipboard on`, through tmux.
    Copy(String),
}

/// What the screen is waiting for (see `App::awaiting_content`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaiting {
    /// Content behind a placeholder: the archive's first files, or an article.
    Placeholder,
    /// The highlights of the article on screen.
    Highlights,
}

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
}

/// A view drawn over the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Problems {
        scroll: usize,
    },
    /// The people and organisations panel, with the chosen row.
    Entities {
        selected: usize,
    },
    /// The article's links, with the chosen one.
    Links {
        selected: usize,
    },
}

/// A one-shot line in the status bar, cleared by the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

/// How the app was started, and what it remembers from earlier runs.
#[derive(Debug, Default)]
pub struct Startup {
    /// A hint shown in the status bar until the first key (e.g. how to open your
    /// own articles when the built-in samples are shown).
    pub hint: Option<String>,
    /// Draw with colour (otherwise attributes only).
    pub color: bool,
    /// Search queries from earlier runs, oldest first.
    pub history: Vec<String>,
    /// Read marks, stars, positions and archive memory from earlier runs.
    pub reading: ReadingState,
    /// The name the archive's selection and sort order are remembered under (its
    /// paths).
    pub archive: String,
}

/// Rows kept visible above and below the selection when the list scrolls.
const LIST_SCROLL_MARGIN: usize = 2;

/// The whole state of the program.
#[derive(Debug)]
pub struct App {
    pub(crate) config: Config,
    pub(crate) theme: Theme,
    pub(crate) symbols: crate::symbols::Symbols,
    pub(crate) hint: Option<String>,
    pub(crate) library: Library,
    pub(crate) focus: Focus,
    pub(crate) full_width: bool,
    /// List position of the selected article.
    pub(crate) selected: usize,
    /// First list position on screen.
    pub(crate) list_offset: usize,
    /// Until the user moves, the selection stays on the first row while scan batches
    /// arrive; afterwards it follows its article.
    user_moved: bool,
    pub(crate) reader: Option<Reader>,
    pub(crate) overlay: Option<Overlay>,
    pub(crate) area: Rect,
    pub(crate) message: Option<Message>,
    /// Marks, stars and positions, as kept between runs.
    reading: ReadingState,
    /// The archive's name in the reading state.
    archive: String,
    /// The article selected when the archive was last open, until it arrives.
    restore: Option<MarkKey>,
    /// The restored selection, followed as scan batches arrive.
    following: Option<usize>,
    /// The article in the reader and since when, until it counts as read.
    opened: Option<(usize, Instant)>,
    /// When the reading state is to be saved.
    save_due: Option<Instant>,
    /// The search or filter prompt, while it is open.
    pub(crate) prompt: Option<Prompt>,
    /// Search queries, oldest first.
    history: Vec<String>,
    /// The archive search results, while they are shown.
    pub(crate) results: Option<Results>,
    /// Numbers archive searches, so late reports of a cancelled one are ignored.
    generation: u64,
    /// The full-text index: being updated, ready, or not to be had.
    index: IndexStatus,
    /// Whether `r` can read the archive again, or is doing so.
    rescan: Rescan,
    effects: Vec<Effect>,
    quit: bool,
    /// The signal that ended the run, if one did.
    terminated_by: Option<i32>,
}

impl App {
    /// A new app over an empty library; scan results arrive as events.
    pub fn new(startup: Startup, config: Config) -> App {
        let mut app = App {
            theme: Theme::new(startup.color).with(&config.styles),
            symbols: crate::symbols::Symbols::new(config.ascii),
            hint: startup.hint,
            config,
            library: Library::new(),
            focus: Focus::List,
            full_width: false,
            selected: 0,
            list_offset: 0,
            user_moved: false,
            reader: None,
            overlay: None,
            area: Rect::default(),
            message: None,
            reading: startup.reading,
            archive: startup.archive,
            restore: None,
            following: None,
            opened: None,
            save_due: None,
            prompt: None,
            history: startup.history,
            results: None,
            generation: 0,
            index: IndexStatus::Idle,
            rescan: Rescan::Unavailable,
            effects: Vec::new(),
            quit: false,
            terminated_by: None,
        };
        app.restore_archive();
        app
    }

    /// The prompt, while it is open.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// The archive search results, while they are shown.
    pub fn results(&self) -> Option<&Results> {
        self.results.as_ref()
    }

    /// Shows a warning in the status bar (from the runtime: a state file that
    /// could not be read or written).
    pub fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: true,
        });
    }

    /// Shows a plain notice in the status bar until the next key.
    fn notice(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: false,
        });
    }

    /// True once the user asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The signal that ended the run, if one did (the exit status is 128 + it).
    pub fn terminated_by(&self) -> Option<i32> {
        self.terminated_by
    }

    /// Takes the effects requested since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        // Holding `j` over the list asks for every article passed; only the one
        // shown now is worth loading.
        let shown = self.reader.as_ref().map(|reader| reader.id);
        let mut effects = std::mem::take(&mut self.effects);
        effects.retain(|effect| {
            !matches!(effect, Effect::Load { id, .. } | Effect::Analyse { id, .. }
                if Some(*id) != shown)
        });
        effects
    }

    /// Lays out the rest of an article whose first screen was laid out alone
    /// (see `Reader::complete_layout`); true when there was something to do.
    pub fn complete_layout(&mut self) -> bool {
        self.reader.as_mut().is_some_and(Reader::complete_layout)
    }

    /// What the screen is waiting for, if anything: the archive's first files or
    /// the open article (a placeholder is shown meanwhile), or the open article's
    /// analysis (the text is shown without highlights meanwhile).
    pub fn awaiting_content(&self) -> Option<Awaiting> {
        let reader = self.reader.as_ref().map(|reader| &reader.state);
        match reader {
            Some(ReaderState::Loading) => Some(Awaiting::Placeholder),
            Some(ReaderState::Ready(document)) if !document.analysed => Some(Awaiting::Highlights),
            _ if self.library.is_empty() && !self.library.progress().done => {
                Some(Awaiting::Placeholder)
            }
            _ => None,
        }
    }

    /// Lines of the problems overlay: the file and the reason for each problem,
    /// or one saying there are none.
    pub fn problem_line_count(&self) -> usize {
        (self.library.problems().len() * 2).max(1)
    }

    /// The library.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The focused pane.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The open overlay, if any.
    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    /// The reader, once an article has been shown.
    pub fn reader(&self) -> Option<&Reader> {
        self.reader.as_ref()
    }

    /// List position of the selection.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The status message, if any.
    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// The pane rectangles for the current size and state.
    pub fn panes(&self) -> Panes {
        panes::panes(self.area, self.focus == Focus::Reader, self.full_width)
    }

    /// Handles one event.
    pub fn handle(&mut self, event: Event) {
        if matches!(event, Event::Key(_) | Event::Mouse(_) | Event::Paste(_)) {
            // What the user does next may go anywhere in the article.
            self.complete_layout();
        }
        match event {
            Event::Key(key) => {
                if key.kind == KeyEventKind::Release {
                    return;
                }
                self.hint = None;
                self.message = None;
                let event = key;
                let key = Key::from(key);
                // Terminals send Alt+c as ESC then c, so a stray Escape followed
                // quickly by a key arrives as Alt+key. Unless that is bound, it is
                // what it was: Escape, then the key (nothing is lost).
                if let Some((escape, plain)) = split_alt(event)
                    && self.config.keymap.lookup(self.context(), key).is_none()
                {
                    self.handle(Event::Key(escape));
                    self.handle(Event::Key(plain));
                    return;
                }
                let action = self.config.keymap.lookup(self.context(), key).or_else(|| {
                    // In the prompt, any other printable key types itself.
                    let typing = self.prompt.is_some()
                        && !key.modifiers.intersects(
                            ratatui::crossterm::event::KeyModifiers::CONTROL
                                | ratatui::crossterm::event::KeyModifiers::ALT,
                        );
                    match key.code {
                        ratatui::crossterm::event::KeyCode::Char(c) if typing => {
                            Some(Action::Insert(c))
                        }
                        _ => None,
                    }
                });
                if let Some(action) = action {
                    // From the first key on, the selection follows its article as
                    // scan batches arrive, rather than staying on the first row.
                    self.user_moved = true;
                    self.update(action);
                }
            }
            Event::Resize(width, height) => {
                self.area = Rect::new(0, 0, width, height);
                self.after_change();
            }
            Event::Scan(report) => self.apply_scan(report),
            Event::SearchHits {
                generation,
                hits,
                searched,
            } => self.apply_hits(generation, hits, searched),
            Event::Snippets {
                generation,
                snippets,
            } => self.apply_snippets(generation, snippets),
            Event::Index(report) => self.apply_index_report(report),
            Event::Loaded { id, result } => {
                let remembered = self.remembered_position(id);
                if let Some(reader) = self.reader.as_mut().filter(|r| r.id == id) {
                    if let Some(document) = result.as_ref().ok().filter(|d| !d.analysed) {
                        self.effects.push(Effect::Analyse {
                            id,
                            document: Arc::clone(document),
                        });
                    }
                    let shown = result.is_ok();
                    reader.set_loaded(result, remembered);
                    if shown {
                        self.article_shown(id);
                    }
                }
                self.after_change();
            }
            Event::Warning(text) => self.warn(text),
            Event::Analysed { id, document } => {
                if let Some(reader) = self.reader.as_mut().filter(|r| r.id == id) {
                    reader.set_analysed(document);
                }
                self.after_change();
            }
            Event::Terminate(signal) => {
                self.quit = true;
                self.terminated_by = Some(signal);
            }
            Event::Tick => {}
            Event::Mouse(mouse) => self.handle_mouse(mouse),
            Event::Paste(text) => {
                self.paste_into_prompt(&text);
                self.after_change();
            }
        }
        self.run_timers();
    }

    /// The key context for the current state.
    fn context(&self) -> Context {
        if self.prompt.is_some() {
            Context::Prompt
        } else if self.overlay.is_some() {
            Context::Overlay
        } else if self.focus == Focus::Reader {
            Context::Reader
        } else {
            Context::List
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        if self.prompt.is_some() {
            self.update_prompt(action);
            self.after_change();
            return;
        }
        if let Some(overlay) = self.overlay {
            self.update_overlay(overlay, action);
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Suspend => self.effects.push(Effect::Suspend),
            Action::Redraw => self.effects.push(Effect::Redraw),
            Action::ShowHelp => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::ShowProblems => self.overlay = Some(Overlay::Problems { scroll: 0 }),
            Action::ToggleFocus => {
                if self.library.has_articles() {
                    self.focus = match self.focus {
                        Focus::List => Focus::Reader,
                        Focus::Reader => Focus::List,
                    };
                }
            }
            Action::Open => {
                if self.library.has_articles() {
                    self.focus = Focus::Reader;
                }
            }
            Action::Back => match self.focus {
                // Esc first clears a highlight or search, then leaves the reader.
                Focus::Reader => {
                    let cleared = self.reader.as_mut().is_some_and(Reader::clear_emphasis);
                    if !cleared {
                        self.focus = Focus::List;
                        self.full_width = false;
                    }
                }
                Focus::List => {
                    self.clear_list_search();
                }
            },
            Action::Search => {
                if self.library.has_articles() {
                    self.open_prompt(match self.focus {
                        Focus::List => PromptKind::Filter,
                        Focus::Reader => PromptKind::InArticle,
                    });
                }
            }
            Action::SearchAll => {
                if self.library.has_articles() {
                    self.open_prompt(PromptKind::Archive);
                }
            }
            Action::NextMatch | Action::PrevMatch => {
                if self.focus == Focus::Reader {
                    self.step_match(action == Action::NextMatch);
                }
            }
            Action::ShowEntities => {
                if self.reader.as_ref().and_then(Reader::document).is_some() {
                    self.overlay = Some(Overlay::Entities { selected: 0 });
                }
            }
            Action::Copy => self.copy_part(),
            Action::CopyArticle => self.copy_article(),
            Action::ShowLinks => self.show_links(),
            Action::ToggleWide => {
                self.full_width = !self.full_width;
                if self.full_width {
                    self.focus = Focus::Reader;
                }
            }
            Action::CycleSort => self.cycle_sort_or_order(),
            Action::Rescan => self.rescan(),
            Action::ToggleRead | Action::ToggleStar | Action::ToggleUnreadOnly => {
                self.toggle_mark(action);
            }
            Action::NextArticle | Action::PrevArticle => {
                let forward = action == Action::NextArticle;
                match self.results.as_mut() {
                    // With results shown, J and K step through the hits.
                    Some(results) => {
                        let position = results.selected;
                        results.select(if forward {
                            position + 1
                        } else {
                            position.saturating_sub(1)
                        });
                    }
                    None if forward => self.select_down(1),
                    None => self.select_up(1),
                }
            }
            _ => match self.focus {
                Focus::List => self.update_list(action),
                Focus::Reader => self.update_reader(action),
            },
        }
        self.after_change();
    }

    fn update_list(&mut self, action: Action) {
        if self.results.is_some() {
            self.update_results(action);
            return;
        }
        let page = self.list_height().max(1);
        let paging = Paging {
            page,
            half: (page / 2).max(1),
            last: self.library.len().saturating_sub(1),
        };
        if let Some(position) = action.moved(self.selected, paging) {
            self.select(position);
        }
    }

    /// Moving through archive search results (two rows each on screen).
    fn update_results(&mut self, action: Action) {
        let page = (self.list_height() / 2).max(1);
        let Some(results) = self.results.as_mut() else {
            return;
        };
        let paging = Paging {
            page,
            half: (page / 2).max(1),
            last: results.hits.len().saturating_sub(1),
        };
        if let Some(position) = action.moved(results.selected, paging) {
            results.select(position);
        }
    }

    fn update_reader(&mut self, action: Action) {
        let height = self.reader_height();
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        // A page keeps two rows of context, as vim and less do.
        // (`scroll_to` clamps to the end of the text.)
        let paging = Paging {
            page: height.saturating_sub(2).max(1),
            half: (height / 2).max(1),
            last: usize::MAX,
        };
        let before = reader.top();
        if let Some(top) = action.moved(before, paging) {
            reader.scroll_to(top, height);
        } else {
            match action {
                Action::NextQuote | Action::PrevQuote => {
                    self.jump_to_quote(action == Action::NextQuote, height);
                }
                Action::NextName | Action::PrevName => {
                    self.jump_to_name(action == Action::NextName, height);
                }
                _ => {}
            }
        }
        if self.reader.as_ref().is_some_and(|r| r.top() != before) {
            self.article_scrolled();
        }
    }

    /// `]` and `[`: the next or previous quotation, with its speaker in the status.
    fn jump_to_quote(&mut self, forward: bool, height: usize) {
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        let Some(document) = reader.shared_document() else {
            return;
        };
        let targets = &document.outer_quotes;
        let text = match reader.jump(targets, forward, height) {
            Some(index) => {
                let speaker = document
                    .analysis
                    .quotes
                    .iter()
                    .find(|q| q.range == targets[index])
                    .and_then(|q| q.speaker)
                    .and_then(|id| document.analysis.entities.get(id))
                    .map_or_else(String::new, |e| format!(" · {}", e.name));
                format!("quotation {}/{}{speaker}", index + 1, targets.len())
            }
            None if !document.analysed => "still finding the quotations…".to_owned(),
            None if targets.is_empty() => "no quotations in this article".to_owned(),
            None => format!(
                "no quotation {} this one",
                if forward { "after" } else { "before" }
            ),
        };
        self.notice(text);
    }

    /// `}` and `{`: the next or previous name, or mention of the chosen entity.
    fn jump_to_name(&mut self, forward: bool, height: usize) {
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        let Some(document) = reader.shared_document() else {
            return;
        };
        let entity = reader.entity();
        let targets: Vec<std::ops::Range<usize>> = document
            .analysis
            .names
            .iter()
            .filter(|m| entity.is_none_or(|id| m.entity == id))
            .map(|m| m.range.clone())
            .collect();
        let label = entity
            .and_then(|id| document.analysis.entities.get(id))
            .map_or_else(|| "name".to_owned(), |e| e.name.clone());
        let text = match reader.jump(&targets, forward, height) {
            Some(index) => format!("{label} {}/{}", index + 1, targets.len()),
            None if !document.analysed => "still finding the names…".to_owned(),
            None if targets.is_empty() => "no names in this article".to_owned(),
            None => format!(
                "no more {} this way",
                if entity.is_some() {
                    "mentions"
                } else {
                    "names"
                }
            ),
        };
        self.notice(text);
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        match action {
            Action::Back => {
                self.overlay = None;
                return;
            }
            Action::Quit => {
                self.quit = true;
                return;
            }
            Action::Suspend => {
                self.effects.push(Effect::Suspend);
                return;
            }
            Action::Redraw => {
                self.effects.push(Effect::Redraw);
                return;
            }
            _ => {}
        }
        let page = panes::overlay_content_height(self.area).max(1);
        let (position, lines) = match overlay {
            Overlay::Help { scroll } => (scroll, self.config.keymap.help_line_count()),
            Overlay::Problems { scroll } => (scroll, self.problem_line_count()),
            Overlay::Entities { selected } => (selected, self.panel_entities().len()),
            Overlay::Links { selected } => (selected, self.links().len()),
        };
        // Text views scroll until their last page; the panel's cursor reaches its
        // last row.
        let max = match overlay {
            Overlay::Entities { .. } | Overlay::Links { .. } => lines.saturating_sub(1),
            _ => lines.saturating_sub(page),
        };
        if matches!(action, Action::Open | Action::Copy) {
            match overlay {
                Overlay::Entities { selected } if action == Action::Open => {
                    self.choose_entity(selected);
                }
                Overlay::Links { selected } => self.copy_link(selected),
                _ => {}
            }
            return;
        }
        let paging = Paging {
            page,
            half: (page / 2).max(1),
            last: max,
        };
        let Some(position) = action.moved(position, paging) else {
            return;
        };
        self.overlay = Some(match overlay {
            Overlay::Help { .. } => Overlay::Help { scroll: position },
            Overlay::Problems { .. } => Overlay::Problems { scroll: position },
            Overlay::Entities { .. } => Overlay::Entities { selected: position },
            Overlay::Links { .. } => Overlay::Links { selected: position },
        });
    }

    /// `L`: the links overlay, or a notice that there are none.
    fn show_links(&mut self) {
        match self.reader.as_ref().and_then(Reader::document) {
            Some(document) if !document.article.links.is_empty() => {
                self.overlay = Some(Overlay::Links { selected: 0 });
            }
            Some(_) => self.notice("this article has no links"),
            None => {}
        }
    }

    /// The links of the article in the reader.
    pub fn links(&self) -> &[crate::article::Link] {
        self.reader
            .as_ref()
            .and_then(Reader::document)
            .map_or(&[], |document| document.article.links.as_slice())
    }

    /// Copies link `index` (nothing is ever opened: folio runs no programs).
    fn copy_link(&mut self, index: usize) {
        let Some(link) = self.links().get(index) else {
            return;
        };
        let url = link.url.clone();
        self.notice(format!("copied link {}: {url}", index + 1));
        self.effects.push(Effect::Copy(url));
    }

    /// The panel's rows: every person and organisation (and place), most
    /// mentioned first, after a row that clears the choice.
    pub fn panel_entities(&self) -> &[crate::document::PanelEntity] {
        self.reader
            .as_ref()
            .and_then(Reader::document)
            .map_or(&[], |document| document.panel.as_slice())
    }

    fn choose_entity(&mut self, row: usize) {
        let chosen = self.panel_entities().get(row).and_then(|e| e.id);
        self.overlay = None;
        if let Some(reader) = self.reader.as_mut() {
            reader.set_entity(chosen);
        }
        // Go straight to the first mention, as `}` would.
        if chosen.is_some() {
            let height = self.reader_height();
            self.jump_to_name(true, height);
        }
    }

    fn select_down(&mut self, rows: usize) {
        self.select(self.selected.saturating_add(rows));
    }

    fn select_up(&mut self, rows: usize) {
        self.select(self.selected.saturating_sub(rows));
    }

    fn select(&mut self, position: usize) {
        self.selected = position.min(self.library.len().saturating_sub(1));
    }

    /// `o`: over ranked search results, best first or list order; otherwise the
    /// list's next sort order.
    fn cycle_sort_or_order(&mut self) {
        if let Some(results) = self.results.as_mut()
            && results.toggle_order()
        {
            let text = match results.order {
                HitOrder::Relevance => "hits: best match first",
                HitOrder::List => "hits: in list order",
            };
            self.notice(text);
            return;
        }
        self.cycle_sort();
    }

    fn cycle_sort(&mut self) {
        let id = self.library.id_at(self.selected);
        let order = self.library.sort_order().next();
        self.library.set_sort_order(order);
        if let Some(position) = id.and_then(|id| self.library.position_of(id)) {
            self.selected = position;
        }
        self.notice(format!("sorted by {}", order.label()));
    }

    fn apply_scan(&mut self, report: Report) {
        if matches!(self.rescan, Rescan::Unavailable) {
            self.rescan = Rescan::Ready;
        }
        let Some(report) = self.apply_rescan(report) else {
            self.after_change();
            return;
        };
        match report {
            Report::Batch(items) => {
                self.library.append(items);
                // Arrivals join the list once they are a quarter of it (or at
                // the end): each join is a pass over the list, so a big archive
                // is merged a few dozen times rather than once a batch.
                let waiting = self.library.entry_count() - self.library.total();
                if waiting >= (self.library.total() / 4).max(1) {
                    self.place_arrivals();
                }
            }
            Report::Progress(progress) => {
                let done = progress.done;
                self.library.set_progress(progress);
                if done {
                    self.place_arrivals();
                    self.open_single_article();
                    self.update_index();
                }
            }
        }
        self.after_change();
    }

    /// Puts the scanned articles waiting into the list, the selection following
    /// its article once the user has moved.
    fn place_arrivals(&mut self) {
        let first_new = self.library.total();
        if first_new == self.library.entry_count() {
            return;
        }
        let id = self.library.id_at(self.selected);
        self.library.place_appended();
        if self.user_moved
            && let Some(position) = id.and_then(|id| self.library.position_of(id))
        {
            self.selected = position;
        }
        self.apply_marks(first_new);
    }

    /// One article (a file or a pipe) opens straight in the reader, as `less` would.
    fn open_single_article(&mut self) {
        if self.library.len() == 1 && !self.user_moved && self.focus == Focus::List {
            self.focus = Focus::Reader;
            self.full_width = true;
        }
    }

    /// Adds articles found without a background scan (built-in samples, stdin).
    pub fn add_items(&mut self, items: Vec<scan::Item>, roots: Vec<String>) {
        let first_new = self.library.entry_count();
        self.library.add(items);
        self.apply_marks(first_new);
        self.library.set_progress(scan::Progress {
            done: true,
            roots,
            ..scan::Progress::default()
        });
        self.open_single_article();
        self.after_change();
    }

    /// Keeps derived state in step after anything changed: list scroll offset, the
    /// reader's article and its layout for the current width.
    fn after_change(&mut self) {
        if !self.library.has_articles() {
            self.focus = Focus::List;
        }
        self.selected = self.selected.min(self.library.len().saturating_sub(1));
        self.scroll_list_to_selection();
        let rows = self.list_height() / 2;
        if let Some(results) = self.results.as_mut() {
            results.clamp();
            results.scroll_to_selection(rows);
        }
        self.ask_for_snippets(rows);
        self.sync_reader();
    }

    fn scroll_list_to_selection(&mut self) {
        let height = self.list_height();
        if height == 0 {
            return;
        }
        let margin = LIST_SCROLL_MARGIN.min(height.saturating_sub(1) / 2);
        if self.selected < self.list_offset + margin {
            self.list_offset = self.selected.saturating_sub(margin);
        } else if self.selected + margin >= self.list_offset + height {
            self.list_offset = (self.selected + margin + 1).saturating_sub(height);
        }
        let max_offset = self.library.len().saturating_sub(height);
        self.list_offset = self.list_offset.min(max_offset);
    }

    /// Shows the selected article in the reader when the reader is on screen,
    /// asking for it to be loaded, and keeps the layout matched to the width.
    fn sync_reader(&mut self) {
        let panes = self.panes();
        let Some(reader_rect) = panes.reader else {
            return;
        };
        // With archive results shown, the reader follows the selected hit.
        let id = match &self.results {
            Some(results) => results.selected_id(),
            None => self.library.id_at(self.selected),
        };
        let Some(id) = id else {
            self.reader = None;
            return;
        };
        if self.reader.as_ref().is_none_or(|r| r.id != id) {
            self.remember_position();
            self.opened = None;
            let mut reader = Reader::new(id);
            if let Some(results) = &self.results {
                // An indexed hit matched words, maybe far apart: find the first.
                reader.set_pending_search(if results.is_ranked() {
                    crate::search::indexer::text_query(&results.query)
                } else {
                    results.query.clone()
                });
            }
            self.reader = Some(reader);
            if let Some(entry) = self.library.entry(id) {
                self.effects.push(Effect::Load {
                    id,
                    entry: Box::new(entry.clone()),
                });
            }
        }
        let column = panes::reading_column(reader_rect, self.config.max_width);
        if let Some(reader) = self.reader.as_mut() {
            reader.fit(usize::from(column.width), usize::from(column.height));
        }
        self.apply_pending_search();
    }

    fn list_height(&self) -> usize {
        let panes = panes::panes(self.area, false, false);
        panes.list.map_or(0, |r| usize::from(r.height))
    }

    fn reader_height(&self) -> usize {
        self.panes().reader.map_or(0, |r| {
            usize::from(panes::reading_column(r, self.config.max_width).height)
        })
    }
}

/// Alt with a character, as Escape then the character without Alt; `None` for
/// other keys.
fn split_alt(key: KeyEvent) -> Option<(KeyEvent, KeyEvent)> {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    let rest = key.modifiers - KeyModifiers::ALT;
    let alt_char = key.modifiers.contains(KeyModifiers::ALT)
        && (rest - KeyModifiers::SHIFT).is_empty()
        && matches!(key.code, KeyCode::Char(_));
    alt_char.then(|| {
        (
            KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
            KeyEvent::new(key.code, rest),
        )
    })
}
