//! Any text wrapped as one paragraph, at a width from its first byte.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| folio_fuzz::wrap(bytes));
