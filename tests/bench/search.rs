//! Search speed: one keystroke of in-article search on a 5 MB article (target
//! under 16 ms), and the archive search over a directory compared side by side with
//! `rg -l -i` on the same tree (target: within 1.5×).
//!
//! The archive comparison needs a large tree; it runs when `FOLIO_BENCH_ARCHIVE`
//! names one (e.g. 100,000 copies of the samples), with queries from
//! `FOLIO_BENCH_QUERIES` (comma-separated). It times the search itself, after the
//! scan, as the `F` key does, and prints medians of five runs each.

mod support;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::Criterion;
use folio::app::ArticleSearch;
use folio::document::Document;
use folio::library::Library;
use folio::library::scan::{self, Report};
use folio::search::archive::{self, Target};
use folio::search::{Matcher, Query};
use folio::source::DEFAULT_SIZE_CAP;
use support::article_of_size;

fn in_article(c: &mut Criterion) {
    let document = Document::new(folio::article::text::parse(
        &article_of_size(5 << 20),
        "bench.txt",
    ));
    let mut group = c.benchmark_group("find in a 5 MB article (one keystroke)");
    for query in ["h", "harbour", "Okafor", "harbour master", "o'clock"] {
        group.bench_function(query, |b| {
            b.iter(|| ArticleSearch::run(black_box(&document), Query::new(query, false)));
        });
    }
    group.bench_function("regex: harbou?r|dam", |b| {
        b.iter(|| ArticleSearch::run(black_box(&document), Query::new("harbou?r|dam", true)));
    });
    group.finish();
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn archive_against_ripgrep(root: &Path, queries: &[String]) {
    let mut library = Library::new();
    scan::scan_paths(
        &[root.to_path_buf()],
        DEFAULT_SIZE_CAP,
        &AtomicBool::new(false),
        &mut |report| {
            if let Report::Batch(items) = report {
                library.add(items);
            }
        },
    );
    let targets: Vec<Target> = library
        .ids()
        .iter()
        .filter_map(|&id| library.entry(id).map(|e| Target::of(id, e)))
        .collect();
    println!(
        "archive: {} articles under {}",
        targets.len(),
        root.display()
    );
    for query in ["o", "okaf", "harbour bridge"] {
        let mut times = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            library.set_filter(query);
            times.push(started.elapsed());
        }
        println!(
            "{query:>16}: list filter {:>7.3} s ({} of {} articles)",
            median(times).as_secs_f64(),
            library.len(),
            library.total()
        );
    }
    library.set_filter("");
    for query in queries {
        let matcher = Matcher::new(&Query::new(query.clone(), false)).expect("query compiles");
        let mut folio_times = Vec::new();
        let mut first_times = Vec::new();
        let mut hits = 0;
        for _ in 0..5 {
            let started = Instant::now();
            let mut first = None;
            hits = 0;
            archive::search(
                &targets,
                &matcher,
                DEFAULT_SIZE_CAP,
                archive::Snippets::Cut,
                &AtomicBool::new(false),
                &mut |found, _| {
                    if first.is_none() && !found.is_empty() {
                        first = Some(started.elapsed());
                    }
                    hits += found.len();
                },
            );
            folio_times.push(started.elapsed());
            first_times.push(first.unwrap_or_default());
        }
        let mut rg_times = Vec::new();
        let mut rg_files = 0;
        for _ in 0..5 {
            let started = Instant::now();
            let output = Command::new("rg")
                .args(["-l", "-i", "--fixed-strings", query])
                .arg(root)
                .stderr(Stdio::null())
                .output();
            rg_times.push(started.elapsed());
            rg_files = output.map_or(0, |o| {
                o.stdout
                    .split(|&b| b == b'\n')
                    .filter(|l| !l.is_empty())
                    .count()
            });
        }
        let (folio, rg) = (median(folio_times), median(rg_times));
        println!(
            "{query:>16}: folio {:>7.3} s ({hits} articles, first hits after {:.3} s), rg -l -i {:>7.3} s ({rg_files} files): {:.2}×",
            folio.as_secs_f64(),
            median(first_times).as_secs_f64(),
            rg.as_secs_f64(),
            folio.as_secs_f64() / rg.as_secs_f64().max(1e-9)
        );
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    in_article(&mut criterion);
    criterion.final_summary();
    match std::env::var_os("FOLIO_BENCH_ARCHIVE") {
        Some(root) => {
            let queries: Vec<String> = std::env::var("FOLIO_BENCH_QUERIES")
                .unwrap_or_else(|_| "okafor,harbour,the council,zzzqqq".into())
                .split(',')
                .map(str::to_owned)
                .collect();
            archive_against_ripgrep(&PathBuf::from(root), &queries);
        }
        None => {
            println!("archive comparison skipped: set FOLIO_BENCH_ARCHIVE to a large directory");
        }
    }
}
