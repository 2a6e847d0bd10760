//! The stable driver of the fuzz targets (`tests/it/support/fuzz.rs`; the coverage-guided driver is
//! `fuzz/`, see docs/fuzzing.md): every target on its committed corpus (seeds and the inputs
//! the fuzzer found), then a bounded number of proptest cases from the grammar-directed
//! generators, mutations of the seed corpus and arbitrary bytes. `PROPTEST_CASES` sets the
//! number of cases per target for a longer run.

use std::cell::Cell;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use crate::support::fuzz;
use crate::support::generators;

use fuzz::Reached;

/// (file name, bytes) of the committed corpus of a target, sorted by name.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new("fuzz/corpus").join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .map(|path| {
            let bytes = std::fs::read(&path).expect("readable corpus file");
            (path.display().to_string(), bytes)
        })
        .collect();
    files.sort();
    files
}

/// Generated and mutated rule files, and arbitrary bytes; `seeds` are the texts mutated.
fn inputs(seeds: Vec<String>) -> impl Strategy<Value = Vec<u8>> {
    let bytes_of = |text: String| text.into_bytes();
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..400),
        1 => generators::grammar_soup().prop_map(bytes_of),
        2 => generators::rule_file().prop_map(bytes_of),
        4 => generators::mostly_valid_rule_file().prop_map(bytes_of),
        4 => (
            prop::sample::select(seeds.clone()),
            prop::collection::vec(generators::char_edit(), 1..4),
        )
            .prop_map(move |(text, edits)| generators::apply_char_edits(&text, &edits).into_bytes()),
        1 => (
            prop::sample::select(seeds),
            prop::collection::vec(generators::edit(), 1..8),
        )
            .prop_map(move |(text, edits)| generators::apply(&text, &edits).into_bytes()),
    ]
}

/// Runs a target on `cases` inputs (a failure is reduced to a minimal input by proptest) and
/// returns how many reached the whole property.
fn run(target: fuzz::Target, cases: u32) -> u32 {
    let seeds: Vec<String> = corpus("compile")
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    let tested = Cell::new(0);
    let mut runner = TestRunner::new(generators::config(cases));
    let result = runner.run(&inputs(seeds), |bytes| {
        if target(&bytes) == Reached::Tested {
            tested.set(tested.get() + 1);
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    eprintln!(
        "{} of {cases} inputs reached the whole property",
        tested.get()
    );
    tested.get()
}

#[test]
fn every_target_holds_on_its_committed_corpus() {
    for (name, target) in fuzz::TARGETS {
        let files = corpus(name);
        assert!(files.len() >= 40, "{name}: only {} files", files.len());
        let tested = files
            .iter()
            .filter(|(_, bytes)| target(bytes) == Reached::Tested)
            .count();
        // Most seeds are valid rule files: the deep properties are tested on them.
        assert!(
            tested * 2 >= files.len(),
            "{name}: only {tested} of {} files reached the property",
            files.len()
        );
    }
}

/// Replays what a coverage-guided campaign kept (`fuzz/work/<target>/`, not committed) on the
/// stable toolchain and says how many inputs reached each target's whole property:
/// `cargo test --test it fuzz:: -- --ignored --nocapture`.
#[test]
#[ignore = "needs the corpus of a local campaign (fuzz/run.sh)"]
fn replay_the_campaign_corpus() {
    for (name, target) in fuzz::TARGETS {
        let dir = Path::new("fuzz/work").join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("{name}: no {}", dir.display());
            continue;
        };
        let (mut total, mut tested) = (0, 0);
        for entry in entries {
            let bytes = std::fs::read(entry.expect("directory entry").path()).expect("readable");
            total += 1;
            tested += usize::from(target(&bytes) == Reached::Tested);
        }
        eprintln!("{name}: {tested} of {total} inputs reached the whole property");
    }
}

#[test]
fn compile_never_panics() {
    run(fuzz::compile_never_panics, 1000);
}

#[test]
fn fmt_keeps_the_model() {
    let tested = run(fuzz::fmt_keeps_the_model, 1000);
    assert!(tested >= 100, "only {tested} inputs formatted");
}

#[test]
fn emitted_rust_parses() {
    let tested = run(fuzz::emitted_rust_parses, 600);
    assert!(tested >= 60, "only {tested} inputs checked without errors");
}

#[test]
fn json_round_trips_and_render_succeeds() {
    let tested = run(fuzz::json_round_trips_and_render_succeeds, 800);
    assert!(tested >= 60, "only {tested} inputs checked without errors");
}

/// The checks are not vacuous: broken Rust is caught.
#[test]
#[should_panic(expected = "the generated Rust does not parse")]
fn invalid_rust_is_caught() {
    fuzz::assert_valid_rust("pub fn select(self) -> Article { match (self.f, _) { (, _) => 1 } }");
}

/// A bound that is not an exact decimal in its shortest form is caught by the schema.
#[test]
#[should_panic(expected = "does not fit the schema")]
fn a_document_that_does_not_fit_the_schema_is_caught() {
    let compilation = fuzz::compile_bytes(b"spec \"a\"\nslot n: number(1..=9) \"n\"\n");
    let mut document = phrasec::emit::json::document(&compilation.model, &compilation.sources);
    for slot in &mut document.slots {
        if let phrasec::emit::json::SlotType::Number { max, .. } = &mut slot.ty {
            *max = Some("9.0".to_owned());
        }
    }
    fuzz::assert_json_round_trips(&document);
}

/// Found by the `fmt` target: the formatter trimmed Unicode blanks at the edges of a choice,
/// which the parser keeps (`您好{g ?　先生 | 小姐}` said `您好　先生` before `fmt`, `您好先生`
/// after).
#[test]
fn fmt_keeps_unicode_blanks_at_the_edges_of_choices() {
    for blank in ['\u{3000}', '\u{A0}', '\u{2003}', '\u{2028}'] {
        let choices = format!("{blank}先生{blank} | {blank}小姐 | \\t女士\\t");
        let text = format!(
            "spec \"a\"\nslot g: enum {{ m \"男\", f \"女\", x \"x\" }} \"性别\"\n\
             article 1 \"x\"\n  say \"您好{{g ?{choices}}}\"\n"
        );
        assert_eq!(fuzz::fmt_keeps_the_model(text.as_bytes()), Reached::Tested);
        let formatted = phrasec::fmt::format_source(&text).expect("formats");
        assert!(
            formatted.contains(&format!("{{g ? {choices}}}")),
            "{formatted:?}"
        );
    }
}

/// A decision over a fact of more than 64 values made `--emit rust` panic on a shift
/// overflow (in release, the mask wrapped: `when f = v65` also matched `v1`), or write the
/// pattern `(, _)` for a rule on a value beyond the 64th only. Target (c) missed it (no
/// mutation reached a clean rule set with such a fact); it is issue 15's case. Such a fact is
/// now analysed as classes of values, and `select` is a match on every value.
#[test]
fn a_decision_over_a_fact_of_more_than_64_values_generates_valid_rust() {
    let values: Vec<String> = (0..70).map(|i| format!("v{i} \"值{i}\"")).collect();
    let text = format!(
        "spec \"s\"\nfact f \"F\" {{ {} }}\ndecision d \"D\" over f\n\
         article 1 \"a\" in d when f = v65\n  say \"x\"\n\
         article 2 \"b\" in d when f in {{v1, v69}}\n  say \"y\"\n",
        values.join(", ")
    );
    assert_eq!(fuzz::emitted_rust_parses(text.as_bytes()), Reached::Tested);
    let compilation = fuzz::compile_bytes(text.as_bytes());
    let code = phrasec::emit::rust::generate(&compilation.model);
    let arms: Vec<&str> = code
        .lines()
        .map(str::trim)
        .filter(|line| {
            line.ends_with("=> ::core::option::Option::Some(DRule::Art1),")
                || line.ends_with("=> ::core::option::Option::Some(DRule::Art2),")
        })
        .collect();
    assert_eq!(
        arms,
        [
            "(super::facts::F::V1 | super::facts::F::V69, _) => ::core::option::Option::Some(DRule::Art2),",
            "(super::facts::F::V65, _) => ::core::option::Option::Some(DRule::Art1),",
        ]
    );
}
