//! The interactive loop: one channel that the input thread, the signal thread, the
//! scanner and article loaders all send into; the loop blocks on it, so an idle folio
//! uses no CPU. After each batch of events it carries out the app's effects and draws.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use ratatui::crossterm::event::{self as term_event, Event as TermEvent};

use crate::app::{App, Effect, Event, Startup};
use crate::config::Config;
use crate::document::Document;
use crate::input::Input;
use crate::library::{Entry, scan};
use crate::search::Matcher;
use crate::search::archive;
use crate::term::{self, Term};
use crate::ui;

/// Articles up to this size load on the UI thread: faster than a round trip through
/// a worker, and the reader never flashes "Loading…" for them.
const INLINE_LOAD_MAX: u64 = 256 * 1024;

/// Events handled before a frame is drawn, so a burst of key repeats draws once.
const EVENTS_PER_FRAME: usize = 64;

/// Runs the reader until the user quits or a signal arrives.
pub fn run(mut startup: Startup, config: Config, input: &Input) -> anyhow::Result<()> {
    term::install_panic_hook();
    let (sender, events) = mpsc::channel();
    term::forward_signals(sender.clone())?;
    let state_dir = crate::state::state_dir();
    let mut warning = None;
    if let Some(dir) = &state_dir {
        (startup.history, warning) = crate::state::load_history(dir);
    }
    let mut workers = Workers {
        sender: sender.clone(),
        size_cap: config.size_cap,
        search: None,
        state_dir,
    };
    let mut app = App::new(startup, config);
    if let Some(warning) = warning {
        app.warn(warning);
    }
    let mut terminal = term::enter()?;
    let result = (|| {
        let size = terminal.size()?;
        app.handle(Event::Resize(size.width, size.height));
        spawn_input(sender.clone())?;
        if !input.memory.is_empty() {
            app.add_items(
                scan::scan_memory(input.memory.clone(), workers.size_cap),
                if input.paths.is_empty() {
                    input.roots.clone()
                } else {
                    Vec::new()
                },
            );
        }
        if !input.paths.is_empty() {
            spawn_scan(input.paths.clone(), workers.size_cap, sender.clone())?;
        }
        event_loop(&mut app, &mut terminal, &events, &mut workers)
    })();
    term::restore();
    result
}

/// What the loop needs to carry out effects.
struct Workers {
    sender: Sender<Event>,
    size_cap: u64,
    /// The cancel flag of the running archive search.
    search: Option<Arc<AtomicBool>>,
    state_dir: Option<std::path::PathBuf>,
}

fn event_loop(
    app: &mut App,
    terminal: &mut Term,
    events: &Receiver<Event>,
    workers: &mut Workers,
) -> anyhow::Result<()> {
    loop {
        carry_out_effects(app, terminal, workers)?;
        if app.should_quit() {
            return Ok(());
        }
        // The viewport follows the size the resize events reported: asking the
        // terminal for its size on every frame opens /dev/tty each time.
        if terminal.get_frame().area() != app.area && app.area.area() > 0 {
            terminal.resize(app.area)?;
        }
        draw(terminal, app)?;
        let Ok(first) = events.recv() else {
            return Ok(());
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
            app.handle(event);
        }
        if let Some(resize) = resize {
            app.handle(resize);
        }
    }
}

/// Draws a frame inside synchronized output (`CSI ?2026h` … `l`), so a terminal
/// that supports it shows whole frames only, however slow the link; others ignore
/// the two sequences.
fn draw(terminal: &mut Term, app: &App) -> std::io::Result<()> {
    use ratatui::crossterm::{QueueableCommand, terminal as ct};
    terminal.backend_mut().queue(ct::BeginSynchronizedUpdate)?;
    terminal.draw(|frame| ui::render(app, frame))?;
    terminal.backend_mut().queue(ct::EndSynchronizedUpdate)?;
    std::io::Write::flush(terminal.backend_mut())
}

/// Does what the app asked for. Small articles load right here; large ones on a
/// thread of their own, answering through the channel (a stale answer is ignored
/// by the app). Archive searches run on a thread of their own, one at a time.
fn carry_out_effects(
    app: &mut App,
    terminal: &mut Term,
    workers: &mut Workers,
) -> anyhow::Result<()> {
    let size_cap = workers.size_cap;
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return Ok(());
        }
        for effect in effects {
            match effect {
                Effect::Load { id, entry } if entry.size <= INLINE_LOAD_MAX => {
                    app.handle(load(id, &entry, size_cap));
                }
                Effect::Load { id, entry } => {
                    let sender = workers.sender.clone();
                    thread::Builder::new()
                        .name("loader".into())
                        .spawn(move || {
                            let _ = sender.send(load(id, &entry, size_cap));
                        })?;
                }
                Effect::Suspend => {
                    term::suspend(terminal)?;
                    let size = terminal.size()?;
                    app.handle(Event::Resize(size.width, size.height));
                }
                Effect::StartSearch {
                    generation,
                    query,
                    targets,
                } => {
                    if let Some(old) = workers.search.take() {
                        old.store(true, Ordering::Relaxed);
                    }
                    let Ok(matcher) = Matcher::new(&query) else {
                        continue;
                    };
                    let cancel = Arc::new(AtomicBool::new(false));
                    workers.search = Some(Arc::clone(&cancel));
                    let sender = workers.sender.clone();
                    thread::Builder::new()
                        .name("search".into())
                        .spawn(move || {
                            search(
                                generation,
                                &targets,
                                &matcher,
                                size_cap,
                                &cancel,
                                &mut |event| {
                                    let _ = sender.send(event);
                                },
                            );
                        })?;
                }
                Effect::CancelSearch => {
                    if let Some(old) = workers.search.take() {
                        old.store(true, Ordering::Relaxed);
                    }
                }
                Effect::Copy(text) => {
                    if term::copy(terminal, &text)? {
                        app.warn(format!(
                            "copied only the first {} (the most a terminal takes)",
                            crate::source::human_size(term::COPY_CAP as u64)
                        ));
                    }
                }
                Effect::SaveHistory(history) => {
                    if let Some(dir) = &workers.state_dir
                        && let Err(error) = crate::state::save_history(dir, &history)
                    {
                        app.warn(format!("search history not saved: {error}"));
                    }
                }
            }
        }
    }
}

/// Carries out every pending effect synchronously on this thread: what tests and
/// benchmarks use to run the app without a terminal or threads. Suspending is a
/// no-op here.
pub fn settle(app: &mut App, size_cap: u64) {
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return;
        }
        for effect in effects {
            match effect {
                Effect::Load { id, entry } => app.handle(load(id, &entry, size_cap)),
                Effect::StartSearch {
                    generation,
                    query,
                    targets,
                } => {
                    let Ok(matcher) = Matcher::new(&query) else {
                        continue;
                    };
                    let cancel = AtomicBool::new(false);
                    let mut reports = Vec::new();
                    search(
                        generation,
                        &targets,
                        &matcher,
                        size_cap,
                        &cancel,
                        &mut |event| {
                            reports.push(event);
                        },
                    );
                    for event in reports {
                        app.handle(event);
                    }
                }
                Effect::Suspend
                | Effect::CancelSearch
                | Effect::SaveHistory(_)
                | Effect::Copy(_) => {}
            }
        }
    }
}

/// Loads article `id`, as the event that answers `Effect::Load`.
fn load(id: usize, entry: &Entry, size_cap: u64) -> Event {
    let result = Document::load(entry, size_cap).map(Arc::new);
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
    archive::search(targets, matcher, size_cap, cancel, &mut |hits, searched| {
        send(Event::SearchHits {
            generation,
            hits,
            searched,
        });
    });
}

/// Reads terminal input on its own thread; the read blocks, so there is no polling.
fn spawn_input(sender: Sender<Event>) -> std::io::Result<()> {
    thread::Builder::new().name("input".into()).spawn(move || {
        loop {
            let event = match term_event::read() {
                Ok(TermEvent::Key(key)) => Event::Key(key),
                Ok(TermEvent::Resize(width, height)) => Event::Resize(width, height),
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
