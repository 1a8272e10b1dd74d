//! The interactive loop: one channel that the input thread, the signal thread, the
//! scanner and article loaders all send into; the loop blocks on it, so an idle folio
//! uses no CPU. After each batch of events it carries out the app's effects and draws.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use ratatui::crossterm::event::{self as term_event, Event as TermEvent};

use crate::app::{App, Effect, Event, Startup};
use crate::config::Config;
use crate::document::Document;
use crate::input::Input;
use crate::library::scan;
use crate::term::{self, Term};
use crate::ui;

/// Articles up to this size load on the UI thread: faster than a round trip through
/// a worker, and the reader never flashes "Loading…" for them.
const INLINE_LOAD_MAX: u64 = 256 * 1024;

/// Events handled before a frame is drawn, so a burst of key repeats draws once.
const EVENTS_PER_FRAME: usize = 64;

/// Runs the reader until the user quits or a signal arrives.
pub fn run(startup: Startup, config: Config, input: &Input) -> anyhow::Result<()> {
    term::install_panic_hook();
    let (sender, events) = mpsc::channel();
    term::forward_signals(sender.clone())?;
    let size_cap = config.size_cap;
    let mut app = App::new(startup, config);
    let mut terminal = term::enter()?;
    let result = (|| {
        let size = terminal.size()?;
        app.handle(Event::Resize(size.width, size.height));
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
        event_loop(&mut app, &mut terminal, &events, &sender, size_cap)
    })();
    term::restore();
    result
}

fn event_loop(
    app: &mut App,
    terminal: &mut Term,
    events: &Receiver<Event>,
    sender: &Sender<Event>,
    size_cap: u64,
) -> anyhow::Result<()> {
    loop {
        carry_out_effects(app, terminal, sender, size_cap)?;
        if app.should_quit() {
            return Ok(());
        }
        terminal.draw(|frame| ui::render(app, frame))?;
        let Ok(event) = events.recv() else {
            return Ok(());
        };
        app.handle(event);
        for event in events.try_iter().take(EVENTS_PER_FRAME) {
            app.handle(event);
        }
    }
}

/// Does what the app asked for. Small articles load right here; large ones on a
/// thread of their own, answering through the channel (a stale answer is ignored
/// by the app).
fn carry_out_effects(
    app: &mut App,
    terminal: &mut Term,
    sender: &Sender<Event>,
    size_cap: u64,
) -> anyhow::Result<()> {
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return Ok(());
        }
        for effect in effects {
            match effect {
                Effect::Load { id, entry } if entry.size <= INLINE_LOAD_MAX => {
                    let result = Document::load(&entry, size_cap).map(Arc::new);
                    app.handle(Event::Loaded { id, result });
                }
                Effect::Load { id, entry } => {
                    let sender = sender.clone();
                    thread::Builder::new()
                        .name("loader".into())
                        .spawn(move || {
                            let result = Document::load(&entry, size_cap).map(Arc::new);
                            let _ = sender.send(Event::Loaded { id, result });
                        })?;
                }
                Effect::Suspend => {
                    term::suspend(terminal)?;
                    let size = terminal.size()?;
                    app.handle(Event::Resize(size.width, size.height));
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
                Effect::Load { id, entry } => {
                    let result = Document::load(&entry, size_cap).map(Arc::new);
                    app.handle(Event::Loaded { id, result });
                }
                Effect::Suspend => {}
            }
        }
    }
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
        scan::scan_paths(&paths, size_cap, &cancel, &mut |report| {
            let _ = sender.send(Event::Scan(report));
        });
    })?;
    Ok(())
}
