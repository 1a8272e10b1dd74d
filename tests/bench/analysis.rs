//! Analysis speed: quotations, names and speakers for a 5 KB article (target under
//! 1 ms), and for 50 KB and 5 MB to show it grows linearly (5 MB under 500 ms).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use folio::analysis::analyse;
use folio::article::text::parse;
use folio::library::Bytes;

/// Paragraphs of the built-in samples, repeated until the text reaches `size`.
fn article_of_size(size: usize) -> String {
    let mut paragraphs = Vec::new();
    for (_, bytes) in folio::samples::articles() {
        let Bytes::Static(bytes) = bytes else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes);
        paragraphs.extend(text.split("\n\n").skip(3).map(str::to_owned));
    }
    let mut article = String::from("3 Mar 2017\n\nA long read for the benchmark\n\n");
    for paragraph in paragraphs.iter().cycle() {
        if article.len() >= size {
            break;
        }
        article.push_str(paragraph);
        article.push_str("\n\n");
    }
    article
}

fn analysis(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyse");
    for (label, size) in [
        ("5 KB", 5 * 1024),
        ("50 KB", 50 * 1024),
        ("5 MB", 5 * 1024 * 1024),
    ] {
        let article = parse(&article_of_size(size), "bench.txt");
        group.throughput(Throughput::Bytes(article.body.len() as u64));
        if size > 1024 * 1024 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::from_parameter(label),
            &article,
            |b, article| {
                b.iter(|| analyse(black_box(article)));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
