//! Analysis speed: quotations, names and speakers for a 5 KB article (target under
//! 1 ms), and for 50 KB and 5 MB to show it grows linearly (5 MB under 500 ms).

mod support;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use folio::analysis::analyse;
use folio::article::text::parse;
use support::article_of_size;

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
