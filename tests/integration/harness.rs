//! Drives the app like a user would: key strings in, screens out, on ratatui's
//! `TestBackend`. Background work (scans, article loads) is carried out
//! synchronously after every event, so tests never sleep or race.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use folio::app::{App, Event, Startup};
use folio::config::Config;
use folio::keymap::Key;
use folio::library::Bytes;
use folio::library::scan;
use folio::runtime::Host;
use folio::state::ReadingState;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub struct Harness {
    pub app: App,
    terminal: Terminal<TestBackend>,
    /// Carries out effects as the interactive loop does, offline.
    pub host: Host<'static>,
}

impl Harness {
    fn empty(width: u16, height: u16, color: bool) -> Harness {
        let config = Config::defaults().expect("default config");
        Harness::start(width, height, color, config, None)
    }

    fn start(
        width: u16,
        height: u16,
        color: bool,
        config: Config,
        state_dir: Option<&Path>,
    ) -> Harness {
        let reading = state_dir.map_or_else(ReadingState::default, |dir| {
            let (reading, warning) = ReadingState::load(dir);
            assert_eq!(warning, None);
            reading
        });
        let app = App::new(
            Startup {
                color,
                reading,
                archive: "test archive".into(),
                ..Startup::default()
            },
            config,
        );
        let terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        let host = Host::offline(
            folio::source::DEFAULT_SIZE_CAP,
            state_dir.map(Path::to_path_buf),
        );
        let mut harness = Harness {
            app,
            terminal,
            host,
        };
        harness.event(Event::Resize(width, height));
        harness
    }

    /// Articles given as (name, text), with `config`, nothing saved.
    pub fn with_config(
        width: u16,
        height: u16,
        articles: &[(&str, &str)],
        config: Config,
    ) -> Harness {
        let mut harness = Harness::start(width, height, false, config, None);
        let items = scan::scan_memory(memory_items(articles), folio::source::DEFAULT_SIZE_CAP);
        harness.app.add_items(items, vec!["test".into()]);
        harness.settle();
        harness
    }

    /// Articles given as (name, text), with `config`, keeping reading state in
    /// `state_dir` as the interactive loop would (loaded at start, saved by effects).
    pub fn with_state(
        width: u16,
        height: u16,
        articles: &[(&str, &str)],
        config: Config,
        state_dir: &Path,
    ) -> Harness {
        let mut harness = Harness::start(width, height, false, config, Some(state_dir));
        let items = scan::scan_memory(memory_items(articles), folio::source::DEFAULT_SIZE_CAP);
        harness.app.add_items(items, vec!["test".into()]);
        harness.settle();
        harness
    }

    /// The built-in sample archive, without colour (screens compare as text).
    pub fn samples(width: u16, height: u16) -> Harness {
        Harness::with_memory(width, height, folio::samples::articles(), false)
    }

    /// Articles given as (name, text).
    pub fn with_articles(width: u16, height: u16, articles: &[(&str, &str)]) -> Harness {
        Harness::with_memory(width, height, memory_items(articles), false)
    }

    /// The same, drawn in colour (for style snapshots).
    pub fn with_articles_in_colour(width: u16, height: u16, articles: &[(&str, &str)]) -> Harness {
        Harness::with_memory(width, height, memory_items(articles), true)
    }

    fn with_memory(width: u16, height: u16, items: Vec<(Arc<str>, Bytes)>, color: bool) -> Harness {
        let mut harness = Harness::empty(width, height, color);
        let items = scan::scan_memory(items, folio::source::DEFAULT_SIZE_CAP);
        harness.app.add_items(items, vec!["test".into()]);
        harness.settle();
        harness
    }

    /// Scans real paths, feeding the reports as the background scanner would.
    pub fn with_paths(width: u16, height: u16, paths: &[PathBuf]) -> Harness {
        Harness::empty(width, height, false).scan(paths)
    }

    /// The same, keeping the archive's full-text index in `index_dir` (brought
    /// up to date when the scan is done), and with `r` rescanning the paths.
    pub fn with_paths_indexed(
        width: u16,
        height: u16,
        paths: &[PathBuf],
        index_dir: &Path,
    ) -> Harness {
        let mut harness = Harness::empty(width, height, false);
        harness.host = Host::offline(folio::source::DEFAULT_SIZE_CAP, None)
            .with_index_dir(index_dir.to_path_buf())
            .with_scan_paths(paths.to_vec());
        harness.scan(paths)
    }

    fn scan(mut self, paths: &[PathBuf]) -> Harness {
        let mut reports = Vec::new();
        scan::scan_paths(
            paths,
            folio::source::DEFAULT_SIZE_CAP,
            &AtomicBool::new(false),
            &mut |r| {
                reports.push(r);
            },
        );
        for report in reports {
            self.event(Event::Scan(report));
        }
        self
    }

    /// Handles an event, then carries out every effect it asked for.
    pub fn event(&mut self, event: Event) -> &mut Harness {
        self.app.handle(event);
        self.settle();
        self
    }

    fn settle(&mut self) {
        folio::runtime::carry_out_effects(&mut self.app, &mut self.host).expect("effects");
    }

    /// Types a key string without carrying out the effects, as when keys arrive
    /// faster than the app can act on them.
    pub fn keys_in_one_burst(&mut self, keys: &str) -> &mut Harness {
        for key in parse_keys(keys) {
            self.app.handle(Event::Key(key));
        }
        self
    }

    /// Types a key string: characters stand for themselves, `<...>` is key notation
    /// (`<Enter>`, `<C-d>`, `<lt>` for `<`).
    pub fn keys(&mut self, keys: &str) -> &mut Harness {
        for key in parse_keys(keys) {
            self.event(Event::Key(key));
        }
        self
    }

    pub fn resize(&mut self, width: u16, height: u16) -> &mut Harness {
        self.terminal.backend_mut().resize(width, height);
        self.event(Event::Resize(width, height))
    }

    /// Draws and returns the buffer.
    pub fn buffer(&mut self) -> Buffer {
        let app = &self.app;
        let frame = self
            .terminal
            .draw(|frame| folio::ui::render(app, frame))
            .expect("draw");
        frame.buffer.clone()
    }

    /// Draws and returns the screen as text, one line per row, trailing spaces cut.
    pub fn screen(&mut self) -> String {
        screen_text(&self.buffer())
    }
}

/// The text of a buffer as a terminal would show it (a wide character covers the
/// next cell).
pub fn screen_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut lines = Vec::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = folio::width::str_width(symbol).saturating_sub(1);
        }
        lines.push(line.trim_end().to_owned());
    }
    lines.join("\n")
}

fn memory_items(articles: &[(&str, &str)]) -> Vec<(Arc<str>, Bytes)> {
    articles
        .iter()
        .map(|(name, text)| (Arc::from(*name), Bytes::Shared(Arc::from(text.as_bytes()))))
        .collect()
}

fn parse_keys(keys: &str) -> Vec<KeyEvent> {
    let mut events = Vec::new();
    let mut chars = keys.chars();
    while let Some(c) = chars.next() {
        let key: Key = if c == '<' {
            let mut name = String::from("<");
            for c in chars.by_ref() {
                name.push(c);
                if c == '>' {
                    break;
                }
            }
            name.parse()
                .unwrap_or_else(|e| panic!("bad key in test: {e}"))
        } else {
            Key::plain(KeyCode::Char(c))
        };
        // Terminals report Shift with upper-case letters; the app must cope.
        let modifiers = match key.code {
            KeyCode::Char(c) if c.is_uppercase() => key.modifiers | KeyModifiers::SHIFT,
            _ => key.modifiers,
        };
        events.push(KeyEvent::new(key.code, modifiers));
    }
    events
}
