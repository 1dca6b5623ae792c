//! The whole pipeline on a small corpus of arbitrary documents, every report printed. See `common::check`.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check("pipeline", data));
