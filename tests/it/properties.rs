//! Property tests: parsing and compiling never panic, whatever the input, and every diagnostic
//! span lies inside its file on character boundaries (and renders in every output format).

use phrasec::source::FileId;
use phrasec::{Compilation, Input, compile, emit};
use proptest::prelude::*;
use proptest::sample::Index;

use crate::support::fuzz;
use crate::support::generators;

use fuzz::{assert_spans_valid, compile_bytes};

use generators::{apply, config, edit, grammar_soup, mostly_valid_rule_file, rule_file};

/// A valid rule file using every kind of declaration and template piece.
const VALID: &str = include_str!("../fixtures/clean.phr");

/// Parses `text` directly and checks the syntax diagnostics' spans.
fn assert_parse_spans_valid(text: &str) {
    let (_file, diagnostics) = phrasec::syntax::parse(FileId(0), text);
    for diagnostic in &diagnostics {
        for label in &diagnostic.labels {
            let (start, end) = (label.span.start as usize, label.span.end as usize);
            assert!(start <= end && end <= text.len(), "{diagnostic:?}");
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{diagnostic:?}"
            );
        }
    }
}

/// With no errors, the model can be emitted (its JSON round-trips) and every article rendered,
/// for every segment.
fn assert_model_usable(compilation: &Compilation) {
    if compilation.has_errors() {
        return;
    }
    let document = emit::json::document(&compilation.model, &compilation.sources);
    fuzz::assert_json_round_trips(&document);
    fuzz::assert_every_article_renders(&compilation.model);
}

#[test]
fn the_valid_file_is_clean() {
    // The mutation properties start from this file; it must itself be clean.
    let compilation = phrasec::compile_str("clean.phr", VALID);
    assert!(
        compilation.diagnostics.is_empty(),
        "{:?}",
        compilation.diagnostics
    );
    assert_model_usable(&compilation);
    assert_eq!(apply(VALID, &[]), VALID);
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn parse_never_panics_on_arbitrary_strings(text in any::<String>()) {
        assert_parse_spans_valid(&text);
    }

    #[test]
    fn compile_never_panics_on_arbitrary_strings(text in any::<String>()) {
        assert_spans_valid(&compile_bytes(text.as_bytes()));
    }

    #[test]
    fn compile_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        assert_spans_valid(&compile_bytes(&bytes));
    }

    #[test]
    fn compile_never_panics_on_grammar_soup(text in grammar_soup()) {
        assert_parse_spans_valid(&text);
        assert_spans_valid(&compile_bytes(text.as_bytes()));
    }

    #[test]
    fn compile_never_panics_on_a_mutated_valid_file(edits in prop::collection::vec(edit(), 1..8)) {
        let text = apply(VALID, &edits);
        assert_parse_spans_valid(&text);
        assert_spans_valid(&compile_bytes(text.as_bytes()));
    }

    #[test]
    fn compile_never_panics_on_a_valid_file_with_random_bytes(
        at in any::<Index>(),
        bytes in prop::collection::vec(any::<u8>(), 1..6),
    ) {
        let mut file = VALID.as_bytes().to_vec();
        let at = at.index(file.len() + 1);
        file.splice(at..at, bytes);
        assert_spans_valid(&compile_bytes(&file));
    }

    #[test]
    fn compile_never_panics_on_well_formed_rule_files(text in rule_file()) {
        let compilation = compile_bytes(text.as_bytes());
        assert_spans_valid(&compilation);
        assert_model_usable(&compilation);
    }

    #[test]
    fn mostly_valid_rule_files_compile_emit_and_render(text in mostly_valid_rule_file()) {
        let compilation = compile_bytes(text.as_bytes());
        assert_spans_valid(&compilation);
        assert_model_usable(&compilation);
    }

    #[test]
    fn compile_never_panics_on_mutated_well_formed_rule_files(
        text in rule_file(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let compilation = compile_bytes(apply(&text, &edits).as_bytes());
        assert_spans_valid(&compilation);
        assert_model_usable(&compilation);
    }

    /// Two files: a mutated copy never breaks the diagnostics of the other one.
    #[test]
    fn compile_never_panics_on_two_mutated_files(
        first in prop::collection::vec(edit(), 0..4),
        second in prop::collection::vec(edit(), 1..4),
    ) {
        let header_free = VALID.replacen("spec \"测试规范\" version \"1.0\"", "", 1);
        let compilation = compile(&[
            Input { name: "a.phr".to_owned(), bytes: apply(VALID, &first).into_bytes() },
            Input { name: "b.phr".to_owned(), bytes: apply(&header_free, &second).into_bytes() },
        ]);
        assert_spans_valid(&compilation);
        assert_model_usable(&compilation);
    }
}
