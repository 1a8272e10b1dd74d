//! How folio grows with the archive: 1,000, 10,000 and 100,000 generated articles
//! (see `archive::write_archive`), the release binary timed as a whole process
//! against `rg` on the same tree, alternating runs, medians of five. Prints a
//! table; run with `cargo bench --bench scale` after `cargo build --release`.
//! Archives are written once under `target/bench-archives/`.

mod archive;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// Runs `command` to the end, its output read through a pipe as a user's pipe
/// or terminal would take it. Not /dev/null: rg sees that its output goes
/// nowhere and stops reading each file at its first match (0.39 s instead of
/// 0.56 s for `rg -c -F the` at 100,000 files), which no user run does.
fn run(command: &mut Command) -> Duration {
    let started = Instant::now();
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .expect("the command runs");
    let status = output.status;
    assert!(
        status.success() || status.code() == Some(1),
        "{command:?}: {status}"
    );
    started.elapsed()
}

/// Medians of `a` and `b`, run in turn.
fn paired(
    mut a: impl FnMut() -> Duration,
    mut b: impl FnMut() -> Duration,
) -> (Duration, Duration) {
    let (mut first, mut second) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        first.push(a());
        second.push(b());
    }
    (median(first), median(second))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn folio(cache: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command.env("FOLIO_CACHE_DIR", cache);
    command
}

fn rg(args: &[&str], dir: &Path) -> Command {
    let mut command = Command::new("rg");
    command.args(args).arg(dir);
    command
}

fn row(label: &str, count: usize, ours: Duration, theirs: Duration) {
    println!(
        "| {label} | {count} | {:.3} s | {:.3} s | {:.2}× |",
        ours.as_secs_f64(),
        theirs.as_secs_f64(),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
}

fn main() {
    if Command::new("rg").arg("--version").output().is_err() {
        println!("scale: rg is not installed; nothing to compare with");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-archives");
    let sizes: Vec<usize> = std::env::var("FOLIO_BENCH_SIZES").ok().map_or_else(
        || vec![1_000, 10_000, 100_000],
        |s| s.split(',').filter_map(|n| n.parse().ok()).collect(),
    );
    println!("| work | articles | folio | rg | ratio |\n|---|---|---|---|---|");
    for count in sizes {
        let dir = root.join(count.to_string());
        if !dir.exists() {
            archive::write_archive(&dir, count).expect("the archive is written");
        }
        let cache = root.join(format!("cache-{count}"));
        let _ = std::fs::remove_dir_all(&cache);
        let fresh = root.join(format!("fresh-{count}"));
        let (first, rg_list) = paired(
            || {
                let _ = std::fs::remove_dir_all(&fresh);
                run(folio(&fresh).arg("--list").arg(&dir))
            },
            || run(&mut rg(&["-c", "-F", "the"], &dir)),
        );
        row("`--list`, first run", count, first, rg_list);
        run(folio(&cache).arg("--list").arg(&dir));
        let (cached, rg_list) = paired(
            || run(folio(&cache).arg("--list").arg(&dir)),
            || run(&mut rg(&["-c", "-F", "the"], &dir)),
        );
        row("`--list`, cached", count, cached, rg_list);
        for word in ["kestrelite", "said"] {
            let (scan, rg_search) = paired(
                || run(folio(&cache).args(["--search", word]).arg(&dir)),
                || run(&mut rg(&["-l", "-i", "-F", word], &dir)),
            );
            row(
                &format!("`--search {word}`, no index"),
                count,
                scan,
                rg_search,
            );
        }
        let built = run(folio(&cache).arg("--index").arg(&dir));
        let size: u64 = std::fs::read_dir(&cache)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("index-"))
            .flat_map(|e| std::fs::read_dir(e.path()).into_iter().flatten())
            .filter_map(|f| f.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        println!(
            "| `--index` (build) | {count} | {:.3} s | index {:.1} MB | |",
            built.as_secs_f64(),
            size as f64 / 1e6
        );
        for word in ["kestrelite", "said"] {
            let (indexed, rg_search) = paired(
                || run(folio(&cache).args(["--search", word]).arg(&dir)),
                || run(&mut rg(&["-l", "-i", "-F", word], &dir)),
            );
            row(
                &format!("`--search {word}`, index"),
                count,
                indexed,
                rg_search,
            );
        }
    }
}
