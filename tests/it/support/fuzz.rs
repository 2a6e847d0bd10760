//! The bodies of the fuzz targets, shared by the stable driver (`tests/it/fuzz.rs`, proptest inside
//! `cargo test`) and the coverage-guided one (`fuzz/fuzz_targets/*.rs`, cargo-fuzz), so both test
//! the same thing. Each target takes arbitrary bytes, panics when a property fails and says how
//! deep the input went.
//!
//! The cargo-fuzz targets (`fuzz/`) include this file with `#[path]`.

use std::sync::OnceLock;

use phrasec::check::model::BodyItem;
use phrasec::diagnostics::{Code, Coloring, OutputFormat, render_diagnostics};
use phrasec::emit;
use phrasec::render::{RenderOptions, Variants, render_article, to_text};
use phrasec::source::FileId;
use phrasec::{Compilation, Input, compile};

/// How far an input got into a target's property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reached {
    /// The input did not qualify (not decodable, syntax errors, or errors in the rule set);
    /// only "no panic" was tested.
    Rejected,
    /// The whole property was tested on it.
    Tested,
}

/// A target's body.
pub type Target = fn(&[u8]) -> Reached;

/// The targets by name (the names of `fuzz/fuzz_targets/*.rs` and `fuzz/corpus/*/`).
pub const TARGETS: [(&str, Target); 4] = [
    ("compile", compile_never_panics),
    ("fmt", fmt_keeps_the_model),
    ("emit_rust", emitted_rust_parses),
    ("emit_json_render", json_round_trips_and_render_succeeds),
];

/// Compiles `bytes` as the single file `fuzz.phr`.
pub fn compile_bytes(bytes: &[u8]) -> Compilation {
    compile(&[Input {
        name: "fuzz.phr".to_owned(),
        bytes: bytes.to_vec(),
    }])
}

// ---------------------------------------------------------------- (a) compile

/// (a) Decoding, parsing and checking never panic; every diagnostic span lies inside its file
/// on character boundaries, and the diagnostics render in every output format.
pub fn compile_never_panics(bytes: &[u8]) -> Reached {
    let compilation = compile_bytes(bytes);
    assert_spans_valid(&compilation);
    Reached::Tested
}

/// Checks every label span of every diagnostic against the compiled sources, then renders the
/// diagnostics in every format (the renderers index the text by those spans).
pub fn assert_spans_valid(compilation: &Compilation) {
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
    for format in OutputFormat::ALL {
        let text = render_diagnostics(
            &compilation.sources,
            &compilation.diagnostics,
            format,
            Coloring::Plain,
        );
        if matches!(format, OutputFormat::Human | OutputFormat::Concise) {
            assert_eq!(
                text.is_empty(),
                compilation.diagnostics.is_empty(),
                "{format:?}"
            );
        }
        if compilation.diagnostics.is_empty() {
            continue;
        }
        assert!(!text.is_empty(), "{format:?} printed nothing");
        if matches!(
            format,
            OutputFormat::Json | OutputFormat::Sarif | OutputFormat::Gitlab
        ) {
            assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "{format:?} output is not JSON:\n{text}"
            );
        }
    }
}

// ---------------------------------------------------------------- (b) fmt

/// (b) For every input that decodes and parses: formatting is idempotent, keeps every comment,
/// and the formatted text compiles to the same model (source locations aside) with the same
/// errors.
pub fn fmt_keeps_the_model(bytes: &[u8]) -> Reached {
    // As `phrasec fmt` reads a file: decoded, and only when decoding found nothing wrong.
    let decoded = phrasec::syntax::decode(FileId(0), bytes);
    if !decoded.diagnostics.is_empty() {
        return Reached::Rejected;
    }
    let text: &str = &decoded.text;
    let Ok(formatted) = phrasec::fmt::format_source(text) else {
        return Reached::Rejected;
    };
    let again = phrasec::fmt::format_source(&formatted)
        .unwrap_or_else(|errors| panic!("the formatted text does not parse: {errors:?}"));
    assert!(
        again == formatted,
        "fmt is not idempotent\n--- once:\n{formatted}\n--- twice:\n{again}"
    );
    let n_comments = |text: &str| phrasec::syntax::parse(FileId(0), text).0.comments.len();
    assert_eq!(n_comments(&formatted), n_comments(text), "comments lost");
    let before = phrasec::compile_str("x.phr", text);
    let after = phrasec::compile_str("x.phr", &formatted);
    assert_eq!(
        error_codes(&after),
        error_codes(&before),
        "fmt changed the errors\n--- formatted:\n{formatted}"
    );
    assert!(
        model_without_locations(&after) == model_without_locations(&before),
        "fmt changed the model\n--- formatted:\n{formatted}"
    );
    Reached::Tested
}

fn error_codes(compilation: &Compilation) -> Vec<Code> {
    let mut codes: Vec<Code> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    codes.sort_by_key(|code| format!("{code:?}"));
    codes
}

/// The model as its JSON document, without source locations (which move when the layout
/// changes).
pub fn model_without_locations(compilation: &Compilation) -> serde_json::Value {
    let document = emit::json::document(&compilation.model, &compilation.sources);
    let mut value = serde_json::to_value(document).expect("the document serialises");
    strip_locations(&mut value);
    value
}

fn strip_locations(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("location");
            map.values_mut().for_each(strip_locations);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_locations),
        _ => {}
    }
}

// ---------------------------------------------------------------- (c) emit rust

/// (c) For every input that compiles without errors, the generated Rust (default and lean
/// options) is a valid Rust file.
pub fn emitted_rust_parses(bytes: &[u8]) -> Reached {
    let compilation = compile_bytes(bytes);
    if compilation.has_errors() {
        return Reached::Rejected;
    }
    let lean = emit::rust::Options {
        phrase_traits: emit::rust::PhraseTraits::Minimal,
        table: emit::rust::Table::Omit,
    };
    for options in [emit::rust::Options::default(), lean] {
        assert_valid_rust(&emit::rust::generate_with(&compilation.model, options));
    }
    Reached::Tested
}

/// Panics with the error and the lines around it unless `code` parses as a Rust file.
pub fn assert_valid_rust(code: &str) {
    if let Err(error) = syn::parse_file(code) {
        let start = error.span().start();
        let context: Vec<&str> = code
            .lines()
            .enumerate()
            .skip(start.line.saturating_sub(3))
            .take(5)
            .map(|(_, line)| line)
            .collect();
        panic!(
            "the generated Rust does not parse: {error} at {}:{}\n{}",
            start.line,
            start.column,
            context.join("\n")
        );
    }
}

// ---------------------------------------------------------------- (d) emit json, render

/// (d) For every input that compiles without errors: the JSON document serialises,
/// deserialises into the same document and serialises to the same bytes, and validates against
/// the committed schema; every article renders for no segment and every segment it applies to
/// (and is refused with E0303 for the others), with and without slot values, canonical and all
/// variants.
pub fn json_round_trips_and_render_succeeds(bytes: &[u8]) -> Reached {
    let compilation = compile_bytes(bytes);
    if compilation.has_errors() {
        return Reached::Rejected;
    }
    assert_json_round_trips(&emit::json::document(
        &compilation.model,
        &compilation.sources,
    ));
    assert_every_article_renders(&compilation.model);
    Reached::Tested
}

/// Serialise, deserialise, serialise: the same document and the same bytes; valid per schema.
pub fn assert_json_round_trips(document: &emit::json::Document) {
    let text = emit::json::to_json(document);
    let read: emit::json::Document = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("the JSON does not deserialise: {error}\n{text}"));
    assert!(&read == document, "the document changed on a round trip");
    assert!(
        emit::json::to_json(&read) == text,
        "the JSON changed on a round trip"
    );
    let instance: serde_json::Value = serde_json::from_str(&text).expect("the JSON parses");
    let errors: Vec<String> = schema_validator()
        .iter_errors(&instance)
        .map(|error| error.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "the JSON does not fit the schema: {errors:?}"
    );
}

fn schema_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../../schema/phrasec.schema.json"))
                .expect("the committed schema is JSON");
        jsonschema::validator_for(&schema).expect("the committed schema compiles")
    })
}

/// Renders every article as `phrasec render` would, for every segment and set of values.
pub fn assert_every_article_renders(model: &phrasec::check::model::Model) {
    let value_sets = [BTreeMapOfValues::new(), example_values(model)];
    let segments = std::iter::once(None).chain((0..model.segments.len()).map(Some));
    for segment in segments {
        for article in &model.articles {
            let applies = segment.is_none_or(|segment| {
                article
                    .segments_allowed(model.segments.len())
                    .contains(&segment)
            });
            for values in &value_sets {
                for variants in [Variants::Canonical, Variants::All] {
                    let options = RenderOptions {
                        segment,
                        values: values.clone(),
                        variants,
                    };
                    match render_article(model, article.number, &options) {
                        Ok(rendered) => {
                            assert!(
                                applies,
                                "article {} rendered for {segment:?}",
                                article.number
                            );
                            assert_eq!(rendered.number, article.number);
                            assert_eq!(rendered.title, article.title);
                            assert!(rendered.lines.len() <= article.body.len());
                            let text = to_text(&rendered);
                            assert!(
                                text.starts_with(&format!("第{}条", article.number)),
                                "{text}"
                            );
                        }
                        Err(diagnostic) => assert!(
                            (!applies && diagnostic.code == Code::E0303)
                                || (applies
                                    && diagnostic.code == Code::E0306
                                    && article
                                        .body
                                        .iter()
                                        .all(|item| matches!(item, BodyItem::Case(_)))),
                            "article {} does not render for {segment:?}: {diagnostic:?}",
                            article.number
                        ),
                    }
                }
            }
        }
    }
}

type BTreeMapOfValues =
    std::collections::BTreeMap<phrasec::check::model::SlotIdx, phrasec::check::values::SlotValue>;

/// A value for every slot that has one: its first example that fits its type, else (for an
/// enum slot) one of its values.
fn example_values(model: &phrasec::check::model::Model) -> BTreeMapOfValues {
    use phrasec::check::model::SlotType;
    use phrasec::check::values::{SlotValue, parse_slot_value};
    let mut values = BTreeMapOfValues::new();
    for (idx, slot) in model.slots.iter().enumerate() {
        let example = slot
            .examples
            .iter()
            .find_map(|example| parse_slot_value(&slot.ty, &example.text).ok());
        let value = match (&slot.ty, example) {
            (_, Some(value)) => Some(value),
            (SlotType::Enum { values }, None) if !values.is_empty() => {
                Some(SlotValue::Enum(idx % values.len()))
            }
            _ => None,
        };
        values.extend(value.map(|value| (idx, value)));
    }
    values
}
