//! The interactive loop: one channel that the input thread, the signal thread, the
//! scanner and article loaders all send into; the loop blocks on it, so an idle folio
//! uses no CPU. After each batch of events it carries out the app's effects and draws.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self as term_event, Event as TermEvent};

use crate::app::{App, Awaiting, Effect, Event, Startup};
use crate::config::Config;
use crate::document::Document;
use crate::input::Input;
use crate::library::{Entry, scan};
use crate::search::Matcher;
use crate::search::archive;
use crate::search::index::Indexable;
use crate::search::indexer::{self, IndexHandle};
use crate::state::ReadingState;
use crate::term::{self, Term};
use crate::ui;

/// Articles up to this size load on the UI thread: faster than a round trip through
/// a worker, and the reader never flashes "Loading…" for them.
const INLINE_LOAD_MAX: u64 = 256 * 1024;

/// Events handled before a frame is drawn, so a burst of key repeats draws once.
const EVENTS_PER_FRAME: usize = 64;

/// How long a placeholder ("Reading the archive…", "Loading…") waits before it is
/// drawn: content that arrives sooner goes out as the first frame, which saves
/// the bytes and the flicker of a frame that would be replaced at once.
const PLACEHOLDER_GRACE: Duration = Duration::from_millis(80);

/// How long an article's text waits for its highlights before it is drawn
/// without them (counted from when the article was asked for). Ordinary articles
/// are analysed in well under a millisecond, so they appear highlighted at once;
/// a big or hostile one shows its text first.
const HIGHLIGHTS_GRACE: Duration = Duration::from_millis(15);

/// Runs the reader until the user quits or a signal arrives.
/// Returns the signal that ended it, if one did.
pub fn run(mut startup: Startup, config: Config, input: &Input) -> anyhow::Result<Option<i32>> {
    term::install_panic_hook();
    let (sender, events) = mpsc::channel();
    term::forward_signals(sender.clone())?;
    let state_dir = crate::state::state_dir();
    let mut warnings = Vec::new();
    if let Some(dir) = &state_dir {
        let (history, warning) = crate::state::load_history(dir);
        startup.history = history;
        warnings.extend(warning);
        let (reading, warning) = ReadingState::load(dir);
        startup.reading = reading;
        warnings.extend(warning);
    }
    let size_cap = config.size_cap;
    let mut app = App::new(startup, config);
    for warning in warnings {
        app.warn(warning);
    }
    let mut terminal = term::enter(app.config.mouse)?;
    let mut host = Host {
        terminal: Some(&mut terminal),
        sender: Some(sender.clone()),
        size_cap,
        search: None,
        analysis: None,
        indexing: None,
        index_dir: if input.paths.is_empty() {
            None
        } else {
            crate::search::index::index_dir(&input.paths)
        },
        scan_paths: input.paths.clone(),
        state_dir,
        copied: Vec::new(),
    };
    let result = (|| {
        if let Some(size) = host.terminal.as_deref().map(Term::area) {
            app.handle(Event::Resize(size.width, size.height));
        }
        spawn_input(sender.clone())?;
        if !input.memory.is_empty() {
            app.add_items(
                scan::scan_memory(input.memory.clone(), size_cap),
                if input.paths.is_empty() {
                    input.roots.clone()
                } else {
                    Vec::new()
                },
            );
        }
        if !input.paths.is_empty() {
            spawn_scan(input.paths.clone(), size_cap, sender.clone())?;
        }
        event_loop(&mut app, &events, &mut host)
    })();
    term::restore();
    result.map(|()| app.terminated_by())
}

/// Where effects are carried out. The interactive loop has a terminal and runs
/// slow work on threads that answer through the channel; tests and benchmarks use
/// the same executor offline, with everything done on the calling thread, so the
/// code the real loop runs is the code the tests run.
pub struct Host<'t> {
    terminal: Option<&'t mut Term>,
    /// Where threads send their answers; `None` offline (work is done inline).
    sender: Option<Sender<Event>>,
    size_cap: u64,
    /// The cancel flag of the running archive search.
    search: Option<Arc<AtomicBool>>,
    /// The cancel flag of the running article analysis.
    analysis: Option<Arc<AtomicBool>>,
    /// The cancel flag of the running index update.
    indexing: Option<Arc<AtomicBool>>,
    /// Where the archive's full-text index lives; `None` keeps no index.
    index_dir: Option<PathBuf>,
    /// The paths a rescan reads.
    scan_paths: Vec<PathBuf>,
    state_dir: Option<PathBuf>,
    /// Offline, what would have gone to the terminal's clipboard.
    copied: Vec<String>,
}

impl Host<'_> {
    /// A host without a terminal or threads; state is saved in `state_dir` if given.
    pub fn offline(size_cap: u64, state_dir: Option<PathBuf>) -> Host<'static> {
        Host {
            terminal: None,
            sender: None,
            size_cap,
            search: None,
            analysis: None,
            indexing: None,
            index_dir: None,
            scan_paths: Vec::new(),
            state_dir,
            copied: Vec::new(),
        }
    }

    /// The same host rescanning `paths` when asked.
    #[must_use]
    pub fn with_scan_paths(mut self, paths: Vec<PathBuf>) -> Self {
        self.scan_paths = paths;
        self
    }

    /// The same host keeping the archive's full-text index in `dir`.
    #[must_use]
    pub fn with_index_dir(mut self, dir: PathBuf) -> Self {
        self.index_dir = Some(dir);
        self
    }

    /// Offline, the texts copied so far.
    pub fn copied(&self) -> &[String] {
        &self.copied
    }
}

fn event_loop(app: &mut App, events: &Receiver<Event>, host: &mut Host) -> anyhow::Result<()> {
    // Since when the app has been showing a placeholder not yet drawn.
    let mut placeholder_since: Option<Instant> = None;
    loop {
        carry_out_effects(app, host)?;
        if app.should_quit() {
            return Ok(());
        }
        let mut hold = None;
        if let Some(awaiting) = app.awaiting_content() {
            let since = *placeholder_since.get_or_insert_with(Instant::now);
            let grace = match awaiting {
                Awaiting::Placeholder => PLACEHOLDER_GRACE,
                Awaiting::Highlights => HIGHLIGHTS_GRACE,
            };
            hold = Some(since + grace).filter(|until| *until > Instant::now());
        } else {
            placeholder_since = None;
        }
        if let Some(terminal) = host.terminal.as_deref_mut()
            && hold.is_none()
        {
            // The viewport follows the size the resize events reported: asking
            // the terminal for its size on every frame opens /dev/tty each time.
            if terminal.area() != app.area && app.area.area() > 0 {
                terminal.resize(app.area)?;
            }
            draw(terminal, app)?;
            // A long article's first screen is out: the rest is wrapped now,
            // before any key is read, and the frame drawn again (it shows how
            // far through the article the screen is).
            if app.complete_layout() {
                draw(terminal, app)?;
            }
        }
        // Block until something happens; wake for a timer only when the app has
        // one pending (a save, or marking the open article read) or a placeholder
        // is held back.
        let deadline = match (app.next_deadline(), hold) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let first = match deadline {
            None => match events.recv() {
                Ok(event) => event,
                Err(_) => return Ok(()),
            },
            Some(deadline) => {
                let wait = deadline.saturating_duration_since(Instant::now());
                match events.recv_timeout(wait) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => Event::Tick,
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                }
            }
        };
        // Dragging a window edge sends a burst of sizes; only the last of a run is
        // laid out.
        let mut resize = None;
        for event in std::iter::once(first).chain(events.try_iter().take(EVENTS_PER_FRAME)) {
            if let Event::Resize(..) = event {
                resize = Some(event);
                continue;
            }
            if let Some(resize) = resize.take() {
                app.handle(resize);
            }
            #[cfg(debug_assertions)]
            fail_on_test_key(&event)?;
            app.handle(event);
        }
        if let Some(resize) = resize {
            app.handle(resize);
        }
    }
}

/// In debug builds only, panics when the key named by `FOLIO_TEST_PANIC_KEY`
/// is pressed, and fails as an I/O error would on the key named by
/// `FOLIO_TEST_ERROR_KEY`: how the pseudo-terminal tests check that a panic or
/// an error in the middle of a session gives the terminal back.
#[cfg(debug_assertions)]
fn fail_on_test_key(event: &Event) -> anyhow::Result<()> {
    let Event::Key(key) = event else {
        return Ok(());
    };
    let ratatui::crossterm::event::KeyCode::Char(c) = key.code else {
        return Ok(());
    };
    let named =
        |variable: &str| std::env::var(variable).is_ok_and(|wanted| wanted == c.to_string());
    assert!(
        !named("FOLIO_TEST_PANIC_KEY"),
        "FOLIO_TEST_PANIC_KEY was pressed"
    );
    if named("FOLIO_TEST_ERROR_KEY") {
        anyhow::bail!("FOLIO_TEST_ERROR_KEY was pressed");
    }
    Ok(())
}

/// Draws a frame; `Screen` sends only what changed, inside synchronized output.
fn draw(terminal: &mut Term, app: &App) -> std::io::Result<()> {
    terminal.draw(|buf| ui::draw(app, buf))
}

/// Does what the app asked for, until it asks for nothing more. Small articles
/// load right here; large ones on a thread of their own (a stale answer is ignored
/// by the app). Archive searches run on a thread, one at a time. Offline, all of
/// it happens on this thread.
pub fn carry_out_effects(app: &mut App, host: &mut Host) -> anyhow::Result<()> {
    let size_cap = host.size_cap;
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return Ok(());
        }
        for effect in effects {
            match effect {
                Effect::Load { id, entry } => {
                    // Moving to another article stops the analysis of the last.
                    host.cancel_analysis();
                    match &host.sender {
                        // A compressed file's size says little of what it holds.
                        Some(sender) if entry.size > INLINE_LOAD_MAX || entry.is_compressed() => {
                            let sender = sender.clone();
                            thread::Builder::new()
                                .name("loader".into())
                                .spawn(move || {
                                    let _ = sender.send(load(id, &entry, size_cap));
                                })?;
                        }
                        _ => app.handle(load(id, &entry, size_cap)),
                    }
                }
                Effect::Analyse { id, document } => host.start_analysis(app, id, document)?,
                Effect::Redraw => {
                    if let Some(terminal) = host.terminal.as_deref_mut() {
                        terminal.clear()?;
                    }
                }
                Effect::Suspend => {
                    if let Some(terminal) = host.terminal.as_deref_mut() {
                        term::suspend(terminal)?;
                        let size = terminal.area();
                        app.handle(Event::Resize(size.width, size.height));
                    }
                }
                Effect::StartSearch {
                    generation,
                    query,
                    targets,
                    index,
                } => host.start_search(app, generation, &query, targets, index)?,
                Effect::CutSnippets {
                    generation,
                    query,
                    targets,
                } => host.cut_snippets(app, generation, query, targets)?,
                Effect::UpdateIndex(articles) => host.update_index(app, articles)?,
                Effect::Rescan => host.rescan(app)?,
                Effect::CancelSearch => {
                    if let Some(old) = host.search.take() {
                        old.store(true, Ordering::Relaxed);
                    }
                }
                Effect::Copy(text) => match host.terminal.as_deref_mut() {
                    Some(terminal) => {
                        if term::copy(terminal, &text)? {
                            app.warn(format!(
                                "copied only the first {} (the most a terminal takes)",
                                crate::source::human_size(term::COPY_CAP as u64)
                            ));
                        }
                    }
                    None => host.copied.push(text),
                },
                effect @ (Effect::SaveHistory(_) | Effect::SaveState(_)) => host.save(app, effect),
            }
        }
    }
}

impl Host<'_> {
    /// Analyses the open article (cancelling the analysis of another): on a
    /// thread, or offline right here. A panic in the analysis leaves the text
    /// without highlights, with a warning.
    fn start_analysis(
        &mut self,
        app: &mut App,
        id: usize,
        document: Arc<Document>,
    ) -> std::io::Result<()> {
        self.cancel_analysis();
        let cancel = Arc::new(AtomicBool::new(false));
        let analyse = {
            let cancel = Arc::clone(&cancel);
            move || {
                let cancelled = || cancel.load(Ordering::Relaxed);
                match crate::guard::contain(|| document.analysed(&cancelled)) {
                    Ok(Some(document)) => Some(Event::Analysed {
                        id,
                        document: Arc::new(document),
                    }),
                    Ok(None) => None,
                    Err(reason) => Some(Event::Warning(format!(
                        "no highlights for this article: {reason}"
                    ))),
                }
            }
        };
        match self.sender.clone() {
            Some(sender) => {
                self.analysis = Some(cancel);
                thread::Builder::new()
                    .name("analysis".into())
                    .spawn(move || {
                        if let Some(event) = analyse() {
                            let _ = sender.send(event);
                        }
                    })?;
            }
            None => {
                if let Some(event) = analyse() {
                    app.handle(event);
                }
            }
        }
        Ok(())
    }

    /// Stops the running analysis, if any.
    fn cancel_analysis(&mut self) {
        if let Some(old) = self.analysis.take() {
            old.store(true, Ordering::Relaxed);
        }
    }

    /// Starts an archive search (cancelling the one running): on a thread, or
    /// offline right here.
    fn start_search(
        &mut self,
        app: &mut App,
        generation: u64,
        query: &crate::search::Query,
        targets: Vec<archive::Target>,
        index: Option<IndexHandle>,
    ) -> std::io::Result<()> {
        if let Some(old) = self.search.take() {
            old.store(true, Ordering::Relaxed);
        }
        // The index answers at once, best first; a query it holds no word of
        // (punctuation alone) goes to the scan.
        if let Some(hits) = index.and_then(|index| indexer::search(&index, query, &targets)) {
            app.handle(Event::SearchHits {
                generation,
                hits,
                searched: targets.len(),
            });
            return Ok(());
        }
        let Ok(matcher) = Matcher::new(query) else {
            return Ok(());
        };
        let size_cap = self.size_cap;
        let cancel = Arc::new(AtomicBool::new(false));
        if let Some(sender) = self.sender.clone() {
            self.search = Some(Arc::clone(&cancel));
            thread::Builder::new()
                .name("search".into())
                .spawn(move || {
                    search(
                        generation,
                        &targets,
                        &matcher,
                        size_cap,
                        &cancel,
                        &mut |e| {
                            let _ = sender.send(e);
                        },
                    );
                })?;
        } else {
            let mut reports = Vec::new();
            search(
                generation,
                &targets,
                &matcher,
                size_cap,
                &cancel,
                &mut |e| {
                    reports.push(e);
                },
            );
            for event in reports {
                app.handle(event);
            }
        }
        Ok(())
    }

    /// Reads the archive's paths again: on the scan thread, or offline right
    /// here (without the metadata cache).
    fn rescan(&mut self, app: &mut App) -> std::io::Result<()> {
        let paths = self.scan_paths.clone();
        if let Some(sender) = self.sender.clone() {
            return spawn_scan(paths, self.size_cap, sender);
        }
        let mut reports = Vec::new();
        scan::scan_paths(&paths, self.size_cap, &AtomicBool::new(false), &mut |r| {
            reports.push(r);
        });
        for report in reports {
            app.handle(Event::Scan(report));
        }
        Ok(())
    }

    /// Cuts the snippets of indexed hits: on a thread, or offline right here.
    fn cut_snippets(
        &mut self,
        app: &mut App,
        generation: u64,
        query: crate::search::Query,
        targets: Vec<archive::Target>,
    ) -> std::io::Result<()> {
        let size_cap = self.size_cap;
        let cut = move || Event::Snippets {
            generation,
            snippets: indexer::snippets(&targets, &query, size_cap),
        };
        match self.sender.clone() {
            Some(sender) => {
                thread::Builder::new()
                    .name("snippets".into())
                    .spawn(move || {
                        let _ = sender.send(cut());
                    })?;
            }
            None => app.handle(cut()),
        }
        Ok(())
    }

    /// Brings the full-text index up to date (cancelling an update already
    /// running), when there is a place for it: on a thread that leaves a core
    /// to the reader, or offline right here.
    fn update_index(&mut self, app: &mut App, articles: Vec<Indexable>) -> std::io::Result<()> {
        if let Some(old) = self.indexing.take() {
            old.store(true, Ordering::Relaxed);
        }
        let Some(dir) = self.index_dir.clone() else {
            app.handle(Event::Index(indexer::IndexReport::Off));
            return Ok(());
        };
        let size_cap = self.size_cap;
        let cancel = Arc::new(AtomicBool::new(false));
        if let Some(sender) = self.sender.clone() {
            self.indexing = Some(Arc::clone(&cancel));
            thread::Builder::new().name("index".into()).spawn(move || {
                let work = || {
                    indexer::keep_up_to_date(&dir, articles, size_cap, &cancel, &mut |r| {
                        let _ = sender.send(Event::Index(r));
                    });
                };
                match background_pool() {
                    Some(pool) => pool.install(work),
                    None => work(),
                }
            })?;
            return Ok(());
        }
        let mut reports = Vec::new();
        indexer::keep_up_to_date(&dir, articles, size_cap, &cancel, &mut |r| {
            reports.push(r);
        });
        for report in reports {
            app.handle(Event::Index(report));
        }
        Ok(())
    }

    /// Saves the search history or reading-state changes, if there is a state
    /// directory; a failure is a warning on screen, never fatal.
    fn save(&self, app: &mut App, effect: Effect) {
        let Some(dir) = &self.state_dir else {
            return;
        };
        match effect {
            Effect::SaveHistory(history) => {
                if let Err(error) = crate::state::save_history(dir, &history) {
                    app.warn(format!("search history not saved: {error}"));
                }
            }
            Effect::SaveState(changes) => match crate::state::reading::save(dir, &changes) {
                Ok(Some(warning)) => app.warn(warning),
                Ok(None) => {}
                Err(error) => app.warn(format!("reading state not saved: {error}")),
            },
            _ => {}
        }
    }
}

/// Carries out every pending effect offline, on this thread, with nothing saved:
/// what tests and benchmarks use to run the app without a terminal or threads.
pub fn settle(app: &mut App, size_cap: u64) {
    let mut host = Host::offline(size_cap, None);
    // Offline, no effect can fail: there is no terminal and no thread to spawn.
    let _ = carry_out_effects(app, &mut host);
}

/// Loads article `id`, as the event that answers `Effect::Load`.
fn load(id: usize, entry: &Entry, size_cap: u64) -> Event {
    let result = Document::load_unanalysed(entry, size_cap).map(Arc::new);
    Event::Loaded { id, result }
}

/// Searches `targets`, sending each chunk's hits as the event that answers
/// `Effect::StartSearch`.
fn search(
    generation: u64,
    targets: &[archive::Target],
    matcher: &Matcher,
    size_cap: u64,
    cancel: &AtomicBool,
    send: &mut dyn FnMut(Event),
) {
    archive::search(
        targets,
        matcher,
        size_cap,
        // The list shows a snippet under each hit.
        archive::Snippets::Cut,
        cancel,
        &mut |hits, searched| {
            send(Event::SearchHits {
                generation,
                hits,
                searched,
            });
        },
    );
}

/// Threads for background indexing: one fewer than the machine has, so the
/// reader always has a core to answer keys on.
fn background_pool() -> Option<rayon::ThreadPool> {
    let cores = thread::available_parallelism().map_or(1, std::num::NonZero::get);
    rayon::ThreadPoolBuilder::new()
        .num_threads(cores.saturating_sub(1).max(1))
        .thread_name(|i| format!("index-{i}"))
        .build()
        .ok()
}

/// Reads terminal input on its own thread; the read blocks, so there is no polling.
fn spawn_input(sender: Sender<Event>) -> std::io::Result<()> {
    thread::Builder::new().name("input".into()).spawn(move || {
        loop {
            let event = match term_event::read() {
                Ok(TermEvent::Key(key)) => Event::Key(key),
                Ok(TermEvent::Resize(width, height)) => Event::Resize(width, height),
                Ok(TermEvent::Mouse(mouse)) => Event::Mouse(mouse),
                Ok(TermEvent::Paste(text)) => Event::Paste(text),
                Ok(_) => continue,
                Err(_) => return,
            };
            if sender.send(event).is_err() {
                return;
            }
        }
    })?;
    Ok(())
}

/// Scans the paths on a background thread, streaming batches into the channel.
fn spawn_scan(
    paths: Vec<std::path::PathBuf>,
    size_cap: u64,
    sender: Sender<Event>,
) -> std::io::Result<()> {
    thread::Builder::new().name("scan".into()).spawn(move || {
        let cancel = AtomicBool::new(false);
        let cache = crate::output::open_cache(&paths);
        scan::scan_paths_cached(&paths, size_cap, cache.as_ref(), &cancel, &mut |report| {
            let _ = sender.send(Event::Scan(report));
        });
        if let Some(cache) = cache {
            let _ = cache.save();
        }
    })?;
    Ok(())
}
