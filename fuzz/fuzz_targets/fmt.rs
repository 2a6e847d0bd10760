//! Fuzz target (b): fmt keeps the checked model and comments and is idempotent. The body is
//! `fmt_keeps_the_model` in `tests/support/fuzz.rs`.
#![no_main]

#[path = "../../tests/support/fuzz.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    targets::fmt_keeps_the_model(bytes);
});
