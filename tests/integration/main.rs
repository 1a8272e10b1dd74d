//! Integration tests, all in one binary: the app driven by key strings on a test
//! terminal, screen snapshots, the command line, and property tests.

mod analysis;
mod cli;
mod formats;
mod harness;
mod index;
mod indexed;
mod keys;
mod parsing;
mod properties;
#[cfg(unix)]
mod pty;
mod reading;
mod rows;
mod safety;
mod screens;
mod search;
mod wire;

/// Path of a file in `tests/fixtures`.
pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
