//! Fuzz target (b): fmt keeps the checked model and comments and is idempotent. The body is
//! `fmt_keeps_the_model` in `tests/it/support/fuzz.rs`.
#![no_main]

#[path = "../../tests/it/support/fuzz.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    targets::fmt_keeps_the_model(bytes);
});
