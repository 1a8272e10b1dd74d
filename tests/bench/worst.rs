//! Bounded work: each hostile input against ordinary text of the same size, through
//! everything opening it in the reader does (detect, decode, parse, analyse, wrap to
//! 80 columns). Target: every worst input within 2× of its ordinary twin.

mod support;

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use folio::analysis::analyse;
use folio::article::parse_file;
use folio::layout::Layout;
use folio::source::DEFAULT_SIZE_CAP;
use support::article_of_size;

const KB: usize = 1024;

/// Opens `bytes` as the file `name` the way the reader does, up to wrapped rows.
fn open(bytes: &[u8], name: &str) -> usize {
    let Ok(parsed) = parse_file(bytes.to_vec(), name, DEFAULT_SIZE_CAP) else {
        // Refused (the deeply nested JSON): refusing quickly is the work.
        return 0;
    };
    parsed
        .articles
        .iter()
        .map(|article| {
            let analysis = analyse(article);
            Layout::new(article, "", 80).len() + analysis.quotes.len()
        })
        .sum()
}

/// `body` after a title, as a text file.
fn text(body: &str) -> Vec<u8> {
    format!("Storm\n\n{body}\n").into_bytes()
}

/// `unit` repeated to `size` bytes.
fn repeated(unit: &str, size: usize) -> String {
    unit.repeat(size / unit.len())
}

/// Capitalised words, as many names as the text can hold.
fn capitalised(size: usize) -> String {
    let words = [
        "Tarrow",
        "Toll",
        "Board",
        "North",
        "Ruiz",
        "Greyhaven",
        "Harbour",
    ];
    let mut text = String::with_capacity(size + 16);
    for word in words.iter().cycle() {
        if text.len() >= size {
            break;
        }
        text.push_str(word);
        text.push(' ');
    }
    text
}

/// A saved page of `size` bytes: `divs` nested to the bottom, or side by side.
fn page(size: usize, nested: bool) -> Vec<u8> {
    let mut html = String::from("<html><head><title>Deep</title></head><body>");
    let mut depth = 0;
    while html.len() < size {
        if nested {
            html.push_str("<div>a ");
            depth += 1;
        } else {
            html.push_str("<div>a</div>");
        }
    }
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</body></html>");
    html.into_bytes()
}

/// A JSON export of `size` bytes: arrays nested to the bottom, or one flat list.
fn json(size: usize, nested: bool) -> Vec<u8> {
    if nested {
        let depth = size / 2;
        return format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes();
    }
    let mut list = String::from("[");
    let mut n = 0;
    while list.len() < size {
        let _ = write!(
            list,
            "{{\"title\":\"Item {n}\",\"body\":\"A line of text.\"}},"
        );
        n += 1;
    }
    list.push_str("{}]");
    list.into_bytes()
}

/// The hostile inputs, each with its ordinary twin of the same size.
fn cases() -> Vec<(&'static str, &'static str, Vec<u8>, Vec<u8>)> {
    let ordinary = |size: usize| article_of_size(size).into_bytes();
    vec![
        (
            "100 KB of \"",
            "a.txt",
            text(&repeated("\"", 100 * KB)),
            ordinary(100 * KB),
        ),
        (
            "100 KB of \"'",
            "a.txt",
            text(&repeated("\"'", 100 * KB)),
            ordinary(100 * KB),
        ),
        (
            "100 KB of curly marks",
            "a.txt",
            text(&repeated("\u{201c}\u{2018}\u{201d}\u{2019}", 100 * KB)),
            ordinary(100 * KB),
        ),
        (
            "100 KB of one-word quotations",
            "a.txt",
            text(&repeated("\"a\" ", 100 * KB)),
            ordinary(100 * KB),
        ),
        (
            "1 MB of capitalised words",
            "a.txt",
            text(&capitalised(1024 * KB)),
            ordinary(1024 * KB),
        ),
        (
            "1 MB on one line",
            "a.txt",
            text(&article_of_size(1024 * KB).replace('\n', " ")),
            ordinary(1024 * KB),
        ),
        (
            "a million one-character lines",
            "a.txt",
            text(&repeated("a\n", 2048 * KB)),
            ordinary(2048 * KB),
        ),
        (
            "50,000 nested divs",
            "a.html",
            page(350 * KB, true),
            page(350 * KB, false),
        ),
        (
            "100,000 nested JSON arrays",
            "a.json",
            json(200 * KB, true),
            json(200 * KB, false),
        ),
    ]
}

fn worst_inputs(c: &mut Criterion) {
    for (label, name, hostile, ordinary) in cases() {
        let mut group = c.benchmark_group(format!("worst/{label}"));
        group.throughput(Throughput::Bytes(hostile.len() as u64));
        group.sample_size(10);
        for (kind, bytes) in [("hostile", &hostile), ("ordinary", &ordinary)] {
            group.bench_with_input(BenchmarkId::from_parameter(kind), bytes, |b, bytes| {
                b.iter(|| open(black_box(bytes), name));
            });
        }
        group.finish();
    }
}

criterion_group!(benches, worst_inputs);
criterion_main!(benches);
