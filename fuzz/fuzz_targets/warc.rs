//! Any bytes read as `archive.warc`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| folio_fuzz::read_as("archive.warc", bytes));
