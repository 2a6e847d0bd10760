//! Fuzz target (a): decoding, parsing and checking arbitrary bytes never panics; spans are valid.
//! The body is `compile_never_panics` in `tests/it/support/fuzz.rs`.
#![no_main]

#[path = "../../tests/it/support/fuzz.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    targets::compile_never_panics(bytes);
});
