//! Any bytes read as `mail.mbox`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| folio_fuzz::read_as("mail.mbox", bytes));
