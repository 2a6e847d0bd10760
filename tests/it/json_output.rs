//! JSON output: the committed schema is current, output validates against it, is
//! byte-deterministic, round-trips through serde, and renders what the interpreter renders.

use crate::support::rules::compile_bundled_rules;
use phrasec::emit::json::{self, Document, Piece};
use phrasec::render::{RenderOptions, render_template};

const SCHEMA_PATH: &str = "schema/phrasec.schema.json";

#[test]
fn committed_schema_is_current() {
    let generated = json::schema_json();
    if std::env::var_os("PHRASEC_UPDATE_SCHEMA").is_some() {
        std::fs::write(SCHEMA_PATH, &generated).expect("schema written");
    }
    let committed = std::fs::read_to_string(SCHEMA_PATH).expect("schema committed");
    assert!(
        committed == generated,
        "{SCHEMA_PATH} is stale: run `PHRASEC_UPDATE_SCHEMA=1 cargo test --test it json_output::`"
    );
}

#[test]
fn output_of_the_bundled_rules_validates_against_the_schema() {
    let compilation = compile_bundled_rules();
    assert!(!compilation.has_errors());
    let text = json::to_json(&json::document(&compilation.model, &compilation.sources));
    let instance: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA_PATH).expect("schema")).expect("json");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(instance["format"], "phrasec.phrases");
    assert_eq!(instance["articles"].as_array().map(Vec::len), Some(35));
}

#[test]
fn schema_rejects_a_document_with_a_missing_field() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA_PATH).expect("schema")).expect("json");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let compilation = compile_bundled_rules();
    let mut instance =
        serde_json::to_value(json::document(&compilation.model, &compilation.sources))
            .expect("json");
    instance["articles"][0]
        .as_object_mut()
        .expect("object")
        .remove("body");
    assert!(!validator.is_valid(&instance));
}

#[test]
fn output_is_byte_identical_across_runs_and_round_trips() {
    let first = compile_bundled_rules();
    let second = compile_bundled_rules();
    let first_text = json::to_json(&json::document(&first.model, &first.sources));
    let second_text = json::to_json(&json::document(&second.model, &second.sources));
    assert_eq!(first_text, second_text);
    assert!(!first_text.contains("/work/"), "no absolute paths");
    let parsed: Document = serde_json::from_str(&first_text).expect("deserialises");
    assert_eq!(json::to_json(&parsed), first_text);
}

fn render_json_pieces(pieces: &[Piece], out: &mut String, document: &Document) {
    for piece in pieces {
        match piece {
            Piece::Text { text } => out.push_str(text),
            Piece::Slot { slot } => {
                let label = &document
                    .slots
                    .iter()
                    .find(|s| &s.name == slot)
                    .expect("slot declared")
                    .label;
                out.push_str(&format!("〔{label}〕"));
            }
            Piece::Constant { value, .. } => out.push_str(value),
            Piece::Select { choices, .. } => out.push_str(&choices.join("/")),
            Piece::SegmentSelect { choices } => {
                let mut texts: Vec<&str> = Vec::new();
                for choice in choices {
                    if !texts.contains(&choice.text.as_str()) {
                        texts.push(&choice.text);
                    }
                }
                out.push_str(&texts.join("/"));
            }
            Piece::Alternatives { branches } => {
                render_json_pieces(&branches[0], out, document);
            }
        }
    }
}

#[test]
fn json_pieces_render_what_the_interpreter_renders() {
    let compilation = compile_bundled_rules();
    let model = &compilation.model;
    let document = json::document(model, &compilation.sources);
    let mut n_compared = 0;
    for (article, json_article) in model.articles.iter().zip(&document.articles) {
        let mut interpreted = Vec::new();
        for template in article.say_templates() {
            interpreted.push(render_template(model, template, &RenderOptions::default()));
        }
        let mut from_json = Vec::new();
        for item in &json_article.body {
            let options = match item {
                json::BodyItem::Phrase { options }
                | json::BodyItem::Case { options, .. }
                | json::BodyItem::Step { options, .. } => options,
                json::BodyItem::Guidance { .. } => continue,
            };
            for option in options {
                if let json::Utterance::Say { pieces, .. } = option {
                    let mut text = String::new();
                    render_json_pieces(pieces, &mut text, &document);
                    from_json.push(text);
                }
            }
        }
        assert_eq!(interpreted, from_json, "article {}", article.number);
        n_compared += interpreted.len();
    }
    assert!(n_compared >= 36, "compared {n_compared} phrases");
}
