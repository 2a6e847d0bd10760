//! Fuzz target (d): the JSON round-trips and fits the schema; every article renders. The body is
//! `json_round_trips_and_render_succeeds` in `tests/it/support/fuzz.rs`.
#![no_main]

#[path = "../../tests/it/support/fuzz.rs"]
#[allow(dead_code)]
mod targets;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    targets::json_round_trips_and_render_succeeds(bytes);
});
