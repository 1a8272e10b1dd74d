//! Any bytes read as `article.md`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| folio_fuzz::read_as("article.md", bytes));
