//! The HTML loader, then extraction and attribution, on arbitrary bytes. See `common::check`.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check("load_html", data));
