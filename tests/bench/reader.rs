//! Reader speed: opening a 5 KB article and drawing its first frame (target under
//! 1 ms), what the first screen of a 5 MB article waits for (target under 50 ms
//! for its first body text, whole process), and scrolling one line in it, key to
//! frame (target under 16 ms).

mod support;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use folio::app::{App, Event, Startup};
use folio::config::Config;
use folio::library::{Bytes, scan};
use folio::source::DEFAULT_SIZE_CAP;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::article_of_size;

fn app_with(text: &str, width: u16, height: u16) -> App {
    let config = Config::defaults().expect("default config");
    let mut app = App::new(Startup::default(), config);
    app.handle(Event::Resize(width, height));
    let items = scan::scan_memory(
        vec![(
            Arc::from("bench.txt"),
            Bytes::Shared(Arc::from(text.as_bytes())),
        )],
        DEFAULT_SIZE_CAP,
    );
    app.add_items(items, Vec::new());
    app
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn open_and_draw(c: &mut Criterion) {
    let text = article_of_size(5 * 1024);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    c.bench_function("open 5 KB article and draw a frame (120x40)", |b| {
        b.iter(|| {
            let mut app = app_with(black_box(&text), 120, 40);
            folio::runtime::settle(&mut app, DEFAULT_SIZE_CAP);
            terminal
                .draw(|frame| folio::ui::render(&app, frame))
                .expect("draw");
        });
    });
}

fn scroll_large(c: &mut Criterion) {
    let text = article_of_size(5 * 1024 * 1024);
    let mut app = app_with(&text, 120, 40);
    folio::runtime::settle(&mut app, DEFAULT_SIZE_CAP);
    app.handle(key(KeyCode::Tab));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut down = true;
    c.bench_function("scroll one line in a 5 MB article, key to frame", |b| {
        b.iter(|| {
            // Alternate so the position stays near the top and every frame differs.
            app.handle(key(if down {
                KeyCode::Char('j')
            } else {
                KeyCode::Char('k')
            }));
            down = !down;
            terminal
                .draw(|frame| folio::ui::render(&app, frame))
                .expect("draw");
        });
    });
    c.bench_function(
        "first screen of a 5 MB article: parse, count, lay out the head",
        |b| {
            b.iter(|| {
                let parsed = folio::article::parse_file(
                    black_box(text.as_bytes().to_vec()),
                    "bench.txt",
                    DEFAULT_SIZE_CAP,
                )
                .expect("parses");
                let article = parsed.articles.into_iter().next().expect("an article");
                folio::document::Document::unanalysed(article).head_layout(118, 40)
            });
        },
    );
    let document = folio::document::Document::new(folio::article::text::parse(&text, "bench.txt"));
    c.bench_function("wrap a 5 MB article (layout for a new width)", |b| {
        b.iter(|| black_box(&document).layout(78));
    });
}

criterion_group!(benches, open_and_draw, scroll_large);
criterion_main!(benches);
