//! Any bytes read as `article.json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| folio_fuzz::read_as("article.json", bytes));
