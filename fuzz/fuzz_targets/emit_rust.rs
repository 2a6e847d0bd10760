//! Fuzz target (c): the generated Rust of every checked rule set parses (syn). The body is
//! `emitted_rust_parses` in `tests/it/support/fuzz.rs`.
#![no_main]

#[path = "../../tests/it/support/fuzz.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    targets::emitted_rust_parses(bytes);
});
