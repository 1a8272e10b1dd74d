//! Any bytes read as `feed.xml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| folio_fuzz::read_as("feed.xml", bytes));
