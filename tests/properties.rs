//! Property tests: parsing and compiling never panic, whatever the input, and every diagnostic
//! span lies inside its file on character boundaries (and renders in every output format).

use phrasec::diagnostics::{Coloring, OutputFormat, render_diagnostics};
use phrasec::render::{RenderOptions, Variants, render_article, to_text};
use phrasec::source::FileId;
use phrasec::{Compilation, Input, compile, emit};
use proptest::prelude::*;
use proptest::sample::Index;

#[path = "support/generators.rs"]
mod generators;

use generators::{apply, config, edit, grammar_soup, mostly_valid_rule_file, rule_file};

/// A valid rule file using every kind of declaration and template piece.
const VALID: &str = include_str!("fixtures/clean.phr");

/// Checks every label span of every diagnostic against the compiled sources, then renders
/// the diagnostics in every format (the renderers index the text by those spans).
fn assert_spans_valid(compilation: &Compilation) {
    let n_files = compilation.sources.len();
    for diagnostic in &compilation.diagnostics {
        for label in &diagnostic.labels {
            let span = label.span;
            assert!(
                (span.file.0 as usize) < n_files,
                "{diagnostic:?}: file out of range"
            );
            let text = &compilation.sources.get(span.file).text;
            let (start, end) = (span.start as usize, span.end as usize);
            assert!(start <= end, "{diagnostic:?}: span runs backwards");
            assert!(
                end <= text.len(),
                "{diagnostic:?}: span past the end ({})",
                text.len()
            );
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{diagnostic:?}: span not on character boundaries"
            );
        }
    }
    for format in [
        OutputFormat::Human,
        OutputFormat::Concise,
        OutputFormat::Json,
    ] {
        let text = render_diagnostics(
            &compilation.sources,
            &compilation.diagnostics,
            format,
            Coloring::Plain,
        );
        assert_eq!(
            text.is_empty(),
            compilation.diagnostics.is_empty() && format != OutputFormat::Json
        );
    }
}

fn compile_bytes(bytes: &[u8]) -> Compilation {
    compile(&[Input {
        name: "fuzz.phr".to_owned(),
        bytes: bytes.to_vec(),
    }])
}

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

/// With no errors, the model can be emitted and every article rendered, for every segment.
fn assert_model_usable(compilation: &Compilation) {
    if compilation.has_errors() {
        return;
    }
    let model = &compilation.model;
    let json = emit::json::to_json(&emit::json::document(model, &compilation.sources));
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    let segments = std::iter::once(None).chain((0..model.segments.len()).map(Some));
    for segment in segments {
        for article in &model.articles {
            for variants in [Variants::Canonical, Variants::All] {
                let options = RenderOptions {
                    segment,
                    variants,
                    ..RenderOptions::default()
                };
                if let Ok(rendered) = render_article(model, article.number, &options) {
                    assert!(to_text(&rendered).starts_with(&format!("第{}条", article.number)));
                }
            }
        }
    }
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
