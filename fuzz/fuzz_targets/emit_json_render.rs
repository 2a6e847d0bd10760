//! Fuzz target (d): the JSON round-trips and fits the schema; every article renders. The body is
//! `json_round_trips_and_render_succeeds` in `tests/support/fuzz.rs`.
#![no_main]

#[path = "../../tests/support/fuzz.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    targets::json_round_trips_and_render_succeeds(bytes);
});
