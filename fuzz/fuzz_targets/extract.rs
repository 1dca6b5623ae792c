//! Quote extraction and attribution on arbitrary text. See `common::check`.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check("extract", data));
