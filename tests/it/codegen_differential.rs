//! Differential tests of the Rust code generator: for every phrase, the generated code (compiled
//! with rustc under `#![deny(warnings)]` and run) renders exactly what the interpreter
//! (`render_template`) renders and what a render from the JSON output gives, with the same
//! slot values; for the bundled rules, for a rule set of adversarial names, and for random
//! rule sets (proptest). Where the article table is generated, the program also prints every
//! article of it (body items, options, pieces with their alternatives and choices), compared
//! with the same dump of the model.
//!
//! The test derives every Rust name itself from the rule in `docs/codegen.md` (with the
//! functions of `phrasec::emit::rust_names`), so it also checks that the generator follows it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::lcg::Lcg;
use crate::support::rules::compile_bundled_rules;
use crate::support::slot_values::{Held, TypeNames, Value, candidates, json_text, random_value};
use crate::support::slow::skip_slow_test;
use phrasec::Compilation;
use phrasec::check::model::{BodyItem, Modal, Model, Piece, SlotType, Utterance, collect_slots};
use phrasec::check::values::{SlotValue, parse_slot_value};
use phrasec::emit::json;
use phrasec::emit::rust::{Options, PhraseTraits, Table};
use phrasec::emit::rust_names::{Namespace, field_name, type_name};
use phrasec::fmt::quoted;
use phrasec::render::{RenderOptions, render_template};
use proptest::prelude::*;

// ---------------------------------------------------------------- names, per docs/codegen.md

/// The Rust names a rule set's phrases are used by.
struct RustNames {
    /// Per slot: its field name in phrase structs.
    fields: Vec<String>,
    /// Per slot: for enum slots, the type in `slots` and its variants.
    enums: Vec<Option<(String, Vec<String>)>>,
    /// Per slot: for number and duration slots, the checked type in `slots` and, for
    /// durations, the enum of its units (claimed in the same namespace, in slot order).
    value_types: Vec<(Option<String>, Option<String>)>,
    /// Every say-template, in article and body order, with its struct name.
    phrases: Vec<(String, TemplateRef)>,
    /// Per segment: its variant of `Segment`.
    segments: Vec<String>,
}

/// An article's template by position: (article index, template index in body order).
type TemplateRef = (usize, usize);

fn rust_names(model: &Model) -> RustNames {
    // A phrase that chooses by segment has the field `segment`.
    let mut field_space = Namespace::with_reserved(&["segment"]);
    let fields = model
        .slots
        .iter()
        .map(|slot| field_space.claim(field_name(&slot.name)))
        .collect();
    let mut type_space = Namespace::default();
    let mut enums = Vec::new();
    let mut value_types = Vec::new();
    for slot in &model.slots {
        match &slot.ty {
            SlotType::Enum { values } => {
                let type_name_ = type_space.claim(type_name(&slot.name));
                let mut variant_space = Namespace::default();
                let variants = values
                    .iter()
                    .map(|value| variant_space.claim(type_name(&value.name)))
                    .collect();
                enums.push(Some((type_name_, variants)));
                value_types.push((None, None));
            }
            SlotType::Number { said_units, .. } if !said_units.is_empty() => {
                enums.push(None);
                let value_type = type_space.claim(type_name(&slot.name));
                let unit = type_space.claim(type_name(&format!("{}_unit", slot.name)));
                value_types.push((Some(value_type), Some(unit)));
            }
            SlotType::Number { .. } | SlotType::Money { .. } | SlotType::Id { .. } => {
                enums.push(None);
                value_types.push((Some(type_space.claim(type_name(&slot.name))), None));
            }
            SlotType::Duration { .. } => {
                enums.push(None);
                let value_type = type_space.claim(type_name(&slot.name));
                let unit = type_space.claim(type_name(&format!("{}_unit", slot.name)));
                value_types.push((Some(value_type), Some(unit)));
            }
            _ => {
                enums.push(None);
                value_types.push((None, None));
            }
        }
    }
    let mut phrase_space = Namespace::default();
    let mut phrases = Vec::new();
    for (article_idx, article) in model.articles.iter().enumerate() {
        let n = article.say_templates().count();
        for position in 0..n {
            let wanted = if n == 1 {
                format!("Art{}", article.number)
            } else {
                format!("Art{}P{}", article.number, position + 1)
            };
            phrases.push((phrase_space.claim(wanted), (article_idx, position)));
        }
    }
    let mut segment_space = Namespace::default();
    let segments = model
        .segments
        .iter()
        .map(|segment| segment_space.claim(type_name(&segment.name)))
        .collect();
    RustNames {
        segments,
        fields,
        enums,
        value_types,
        phrases,
    }
}

// ---------------------------------------------------------------- slot values

/// The `k`-th set of slot values: random values of every type (`support::slot_values`), spelled
/// at random for `render`; `texts` are used for text-like slots, in turn.
fn slot_values(model: &Model, names: &RustNames, k: usize, texts: &[&str]) -> Vec<Value> {
    let mut lcg = Lcg::new(k as u64);
    model
        .slots
        .iter()
        .enumerate()
        .map(|(idx, slot)| {
            let text = texts
                .get((idx + k) % texts.len().max(1))
                .copied()
                .unwrap_or("示例");
            match &slot.ty {
                SlotType::Enum { values } => {
                    let value = (idx + k) % values.len();
                    let (type_name_, variants) = names.enums[idx]
                        .as_ref()
                        .expect("an enum slot has an enum type");
                    Value {
                        rust: format!("$::slots::{type_name_}::{}", variants[value]),
                        raw: values[value].name.clone(),
                        held: Held::Enum(values[value].name.clone()),
                    }
                }
                ty => random_value(&mut lcg, ty, &type_names(names, idx), text),
            }
        })
        .collect()
}

fn type_names(names: &RustNames, slot: usize) -> TypeNames<'_> {
    let (value_type, unit_enum) = &names.value_types[slot];
    TypeNames {
        value_type: value_type.as_deref(),
        unit_enum: unit_enum.as_deref(),
    }
}

// ---------------------------------------------------------------- the three renderers

/// What the interpreter renders for every phrase, each as a Rust debug string.
fn interpreted(
    model: &Model,
    names: &RustNames,
    values: &[Value],
    segment: Option<usize>,
) -> Vec<String> {
    let mut options = RenderOptions {
        segment,
        ..RenderOptions::default()
    };
    for (idx, (slot, value)) in model.slots.iter().zip(values).enumerate() {
        let parsed: SlotValue = parse_slot_value(&slot.ty, &value.raw)
            .unwrap_or_else(|expected| panic!("`{}` for {}: {expected}", value.raw, slot.name));
        options.values.insert(idx, parsed);
    }
    names
        .phrases
        .iter()
        .map(|(_, (article, position))| {
            let template = model.articles[*article]
                .say_templates()
                .nth(*position)
                .unwrap();
            format!("{:?}", render_template(model, template, &options))
        })
        .collect()
}

fn render_json_pieces(
    pieces: &[json::Piece],
    document: &json::Document,
    values: &[Value],
    segment: Option<usize>,
    out: &mut String,
) {
    let slot = |name: &str| {
        let idx = document
            .slots
            .iter()
            .position(|slot| slot.name == name)
            .expect("slot declared");
        (&document.slots[idx], &values[idx])
    };
    let enum_index = |ty: &json::SlotType, raw: &str| match ty {
        json::SlotType::Enum { values } => values.iter().position(|v| v.name == raw),
        _ => None,
    };
    for piece in pieces {
        match piece {
            json::Piece::Text { text } => out.push_str(text),
            json::Piece::Constant { value, .. } => out.push_str(value),
            json::Piece::Slot { slot: name } => {
                let (declared, value) = slot(name);
                out.push_str(&json_text(declared, &value.held));
            }
            json::Piece::Select {
                slot: name,
                choices,
            } => {
                let (declared, value) = slot(name);
                let idx = enum_index(&declared.ty, &value.raw).expect("an enum value");
                out.push_str(&choices[idx]);
            }
            json::Piece::Alternatives { branches } => {
                render_json_pieces(&branches[0], document, values, segment, out);
            }
            json::Piece::SegmentSelect { choices } => {
                let name = &document.segments[segment.expect("a segment")].name;
                let choice = choices.iter().find(|choice| &choice.segment == name);
                out.push_str(choice.map_or("", |choice| choice.text.as_str()));
            }
        }
    }
}

/// What a program reading the JSON output renders for every phrase, as debug strings.
fn from_json(compilation: &Compilation, values: &[Value], segment: Option<usize>) -> Vec<String> {
    let text = json::to_json(&json::document(&compilation.model, &compilation.sources));
    let document: json::Document = serde_json::from_str(&text).expect("the JSON output parses");
    let mut lines = Vec::new();
    for article in &document.articles {
        for item in &article.body {
            let options = match item {
                json::BodyItem::Phrase { options }
                | json::BodyItem::Case { options, .. }
                | json::BodyItem::Step { options, .. } => options,
                json::BodyItem::Guidance { .. } => continue,
            };
            for option in options {
                if let json::Utterance::Say { pieces, .. } = option {
                    let mut out = String::new();
                    render_json_pieces(pieces, &document, values, segment, &mut out);
                    lines.push(format!("{out:?}"));
                }
            }
        }
    }
    lines
}

/// Statements of `main` that print every phrase rendered by the generated code at `module`.
/// With `PhraseTraits::Standard`, each phrase's `Display` is checked to agree with `render`.
fn print_statements(
    model: &Model,
    names: &RustNames,
    values: &[Value],
    segment: Option<usize>,
    module: &str,
    traits: PhraseTraits,
) -> String {
    let mut out = String::new();
    for (struct_name, (article, position)) in &names.phrases {
        let template = model.articles[*article]
            .say_templates()
            .nth(*position)
            .unwrap();
        let mut slots = Vec::new();
        collect_slots(&template.pieces, &mut slots);
        let mut fields: Vec<String> = slots
            .iter()
            .map(|&slot| {
                format!(
                    "{}: {}",
                    names.fields[slot],
                    values[slot].rust.replace('$', module)
                )
            })
            .collect();
        if template.chooses_by_segment() {
            let variant = &names.segments[segment.expect("a segment")];
            fields.push(format!("segment: {module}::Segment::{variant}"));
        }
        let expression = if fields.is_empty() {
            format!("{module}::articles::{struct_name}")
        } else {
            format!(
                "{module}::articles::{struct_name} {{ {} }}",
                fields.join(", ")
            )
        };
        let display = match traits {
            PhraseTraits::Standard => "assert_eq!(s, phrase.to_string()); ",
            PhraseTraits::Minimal => "",
        };
        let _ = writeln!(
            out,
            "    {{ let phrase = {expression}; let mut s = String::new(); \
             phrase.render(&mut s).unwrap(); {display}println!(\"{{s:?}}\"); }}"
        );
    }
    out
}

/// One line per article of the model, in the form the generated table dump prints: every body
/// item with every option, pieces written out with `{slot}`, `{slot?a|b}` and `[a|b]`.
fn table_lines_from_model(model: &Model) -> Vec<String> {
    fn pieces(model: &Model, list: &[Piece], out: &mut String) {
        for piece in list {
            match piece {
                Piece::Text(span) => out.push_str(&model.text(*span)),
                Piece::Slot { slot, .. } => {
                    let _ = write!(out, "{{{}}}", model.slots[*slot].name);
                }
                Piece::Constant { constant, .. } => out.push_str(&model.constants[*constant].value),
                Piece::Select(select) => {
                    let name = &model.slots[select.slot].name;
                    let _ = write!(out, "{{{}?{}}}", name, select.choices.join("|"));
                }
                Piece::SegmentSelect(select) => {
                    let texts: Vec<&str> = (0..model.segments.len())
                        .map(|segment| select.text(segment))
                        .collect();
                    let _ = write!(out, "{{segment?{}}}", texts.join("|"));
                }
                Piece::Alternatives(alternatives) => {
                    out.push('[');
                    for (idx, branch) in alternatives.branches.iter().enumerate() {
                        if idx > 0 {
                            out.push('|');
                        }
                        pieces(model, branch, out);
                    }
                    out.push(']');
                }
            }
        }
    }
    let mut lines = Vec::new();
    for article in &model.articles {
        let condition = model.condition_text(&article.condition);
        let mut line = format!(
            "{} {} W({}):",
            article.number,
            article.title,
            condition.as_deref().unwrap_or("-")
        );
        for item in &article.body {
            let (label, condition, utterances) = match item {
                BodyItem::Guidance { text, .. } => {
                    let _ = write!(line, " G:{text}");
                    continue;
                }
                BodyItem::Utterances(utterances) => (None, None, utterances),
                BodyItem::Case(case) => (
                    case.label.as_deref(),
                    model.condition_text(&case.condition),
                    &case.utterances,
                ),
                BodyItem::Step(step) => (
                    step.label.as_deref(),
                    step.condition
                        .as_ref()
                        .and_then(|c| model.condition_text(c)),
                    &step.utterances,
                ),
            };
            let _ = write!(
                line,
                " P({}) W({}):",
                label.unwrap_or("-"),
                condition.as_deref().unwrap_or("-")
            );
            for option in &utterances.options {
                match option {
                    Utterance::Say(template) => {
                        line.push('<');
                        pieces(model, &template.pieces, &mut line);
                        line.push('>');
                        let modal = match template.modal {
                            Modal::Must => "Must",
                            Modal::May => "May",
                        };
                        let _ = write!(line, "{modal}{:?}", template.language.as_deref());
                    }
                    Utterance::Act {
                        action, details, ..
                    } => {
                        let _ = write!(line, "act:{}", model.actions[*action].name);
                        let details = details.as_deref();
                        if let Some(argument) = details.and_then(|d| d.argument.as_ref()) {
                            line.push('(');
                            pieces(model, std::slice::from_ref(argument), &mut line);
                            line.push(')');
                        }
                        let note = details.and_then(|d| d.note.as_deref());
                        let until = details.and_then(|d| d.until.as_deref());
                        let _ = write!(line, " note:{note:?} until:{until:?}");
                    }
                }
            }
        }
        lines.push(format!("{line:?}"));
    }
    lines
}

/// A function for the printing program that prints one line per article of the generated
/// article table at `module`, as `table_lines_from_model` does from the model.
fn table_dump_function(module: &str, function: &str) -> String {
    format!(
        r#"
fn {function}() {{
    use {module}::{{ARTICLES, BodyItem, Piece, Pieces, Utterance}};
    fn pieces(list: Pieces, out: &mut String) {{
        assert_eq!(list.iter().count(), list.len());
        for piece in list {{
            match piece {{
                Piece::Text(text) => out.push_str(text),
                Piece::Slot {{ name, .. }} => {{ out.push('{{'); out.push_str(name); out.push('}}'); }}
                Piece::Constant {{ value, .. }} => out.push_str(value),
                Piece::Select {{ slot, choices }} => {{
                    out.push('{{'); out.push_str(slot); out.push('?');
                    out.push_str(&choices.iter().collect::<Vec<_>>().join("|")); out.push('}}');
                }}
                Piece::SegmentSelect(choices) => {{
                    out.push_str("{{segment?");
                    out.push_str(&choices.iter().collect::<Vec<_>>().join("|")); out.push('}}');
                }}
                Piece::Alternatives(branches) => {{
                    assert_eq!(piece.canonical(), branches.get(0));
                    out.push('[');
                    for (idx, branch) in branches.iter().enumerate() {{
                        if idx > 0 {{ out.push('|'); }}
                        pieces(branch, out);
                    }}
                    out.push(']');
                }}
            }}
        }}
    }}
    for article in ARTICLES {{
        let mut line = format!("{{}} {{}} W({{}}):", article.number, article.title, article.condition.unwrap_or("-"));
        for item in article.body.iter() {{
            let (label, condition, options) = match item {{
                BodyItem::Guidance(text) => {{ line.push_str(" G:"); line.push_str(text); continue; }}
                BodyItem::Phrase(options) => (None, None, options),
                BodyItem::Case {{ label, condition, options }} => (label, Some(condition), options),
                BodyItem::Step {{ label, condition, options }} => (label, condition, options),
            }};
            line.push_str(&format!(" P({{}}) W({{}}):", label.unwrap_or("-"), condition.unwrap_or("-")));
            for option in options.iter() {{
                match option {{
                    Utterance::Say(say) => {{
                        line.push('<'); pieces(say.pieces, &mut line); line.push('>');
                        line.push_str(&format!("{{:?}}{{:?}}", say.modal, say.language));
                    }}
                    Utterance::Act(act) => {{
                        line.push_str("act:"); line.push_str(act.action.name());
                        if let Some(argument) = act.argument {{
                            line.push('(');
                            match argument {{
                                Piece::Slot {{ name, .. }} => {{ line.push('{{'); line.push_str(name); line.push('}}'); }}
                                Piece::Constant {{ value, .. }} => line.push_str(value),
                                _ => line.push_str("?"),
                            }}
                            line.push(')');
                        }}
                        line.push_str(&format!(" note:{{:?}} until:{{:?}}", act.note, act.until));
                    }}
                }}
            }}
        }}
        println!("{{line:?}}");
    }}
}}
"#
    )
}

// ---------------------------------------------------------------- compiling and running

/// The lean output: phrase structs without derives or `Display`, no article table.
const LEAN: Options = Options {
    phrase_traits: PhraseTraits::Minimal,
    table: Table::Omit,
};

/// A compiled rule set and the slot-value sets to render it with.
struct Case {
    module: String,
    compilation: Compilation,
    texts: Vec<&'static str>,
    options: Options,
}

fn rustc() -> Command {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut command = Command::new(rustc);
    command.args(["-C", "debuginfo=0"]);
    command
}

fn run(mut command: Command, what: &str, dir: &Path) -> String {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("{what}: cannot run: {error}"));
    assert!(
        output.status.success(),
        "{what} failed (files kept in {}):\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Generates Rust for every case, compiles it as one library (`#![no_std]`,
/// `#![deny(warnings)]`, editions 2021 and 2024), runs a program that prints every phrase, and
/// compares the lines with the interpreter and the JSON render. Returns the number of phrases compared.
fn check_cases(cases: &[Case]) -> usize {
    const VALUE_SETS: usize = 4;
    const CANDIDATES: usize = 40;
    // Kept when a check fails, for a look; removed at the end otherwise.
    let path: PathBuf = tempfile::Builder::new()
        .prefix("phrasec-codegen-")
        .tempdir()
        .expect("temp dir")
        .keep();
    // `no_std`: the generated code needs only `core`.
    let mut lib = String::from("#![no_std]\n#![deny(warnings)]\n");
    let mut main = String::from("fn main() {\n");
    let mut dumps = String::new();
    let mut expected = Vec::new();
    let mut labels = Vec::new();
    for case in cases {
        assert!(
            !case.compilation.has_errors(),
            "{}: {:#?}",
            case.module,
            case.compilation.diagnostics
        );
        let model = &case.compilation.model;
        let generated = phrasec::emit::rust::generate_with(model, case.options);
        std::fs::write(path.join(format!("{}.rs", case.module)), &generated).expect("written");
        let _ = writeln!(lib, "pub mod {0} {{ include!(\"{0}.rs\"); }}", case.module);
        let names = rust_names(model);
        for k in 0..VALUE_SETS {
            let values = slot_values(model, &names, k, &case.texts);
            // Each value set is said to another segment, in turn.
            let segment = (!model.segments.is_empty()).then(|| k % model.segments.len());
            let module = format!("generated::{}", case.module);
            main.push_str(&print_statements(
                model,
                &names,
                &values,
                segment,
                &module,
                case.options.phrase_traits,
            ));
            let interpreter = interpreted(model, &names, &values, segment);
            let json = from_json(&case.compilation, &values, segment);
            assert_eq!(interpreter.len(), names.phrases.len());
            for (idx, (from_interpreter, from_json)) in interpreter.iter().zip(&json).enumerate() {
                assert_eq!(
                    from_interpreter, from_json,
                    "{}: the JSON render of {} differs from the interpreter",
                    case.module, names.phrases[idx].0
                );
            }
            assert_eq!(interpreter.len(), json.len(), "{}", case.module);
            for (struct_name, _) in &names.phrases {
                labels.push(format!("{}::{struct_name} (value set {k})", case.module));
            }
            expected.extend(interpreter);
        }
        // Values the checker rejects are rejected by the generated constructors, and those it
        // accepts are said as the checker normalises them.
        let mut lcg = Lcg::new(7);
        for (idx, slot) in model.slots.iter().enumerate() {
            for (raw, rust) in candidates(&mut lcg, &slot.ty, &type_names(&names, idx), CANDIDATES)
            {
                let module = format!("generated::{}", case.module);
                let _ = writeln!(
                    main,
                    "    println!(\"{{:?}}\", {});",
                    rust.replace('$', &module)
                );
                let checked = parse_slot_value(&slot.ty, &raw)
                    .ok()
                    .map(|value| match value {
                        SlotValue::Text(text) => text,
                        SlotValue::Enum(_) => unreachable!("no enum candidates"),
                    });
                expected.push(format!("{checked:?}"));
                labels.push(format!("{}: slot {} given {raw:?}", case.module, slot.name));
            }
        }
        if case.options.table == Table::Include {
            // The article table holds every article, body item, option and piece.
            let function = format!("dump_{}", case.module);
            dumps.push_str(&table_dump_function(
                &format!("generated::{}", case.module),
                &function,
            ));
            let _ = writeln!(main, "    {function}();");
            let lines = table_lines_from_model(model);
            for article in &model.articles {
                labels.push(format!(
                    "{}: table, article {}",
                    case.module, article.number
                ));
            }
            expected.extend(lines);
        }
    }
    main.push_str("}\n");
    main.push_str(&dumps);
    let lib_path = path.join("lib.rs");
    let main_path = path.join("main.rs");
    std::fs::write(&lib_path, &lib).expect("written");
    std::fs::write(&main_path, &main).expect("written");

    let mut check_2024 = rustc();
    check_2024
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "--emit=metadata",
        ])
        .args(["--crate-name", "generated", "-o"])
        .arg(path.join("libgenerated2024.rmeta"))
        .arg(&lib_path);
    run(check_2024, "rustc --edition 2024 (generated code)", &path);
    let mut build_lib = rustc();
    build_lib
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--crate-name",
            "generated",
        ])
        .arg("-o")
        .arg(path.join("libgenerated.rlib"))
        .arg(&lib_path);
    run(build_lib, "rustc --edition 2021 (generated code)", &path);
    let mut build_main = rustc();
    build_main
        .args(["--edition", "2021", "--crate-name", "differential", "-L"])
        .arg(&path)
        .arg("--extern")
        .arg(format!(
            "generated={}",
            path.join("libgenerated.rlib").display()
        ))
        .arg("-o")
        .arg(path.join("differential"))
        .arg(&main_path);
    run(build_main, "rustc (printing program)", &path);
    let stdout = run(
        Command::new(path.join("differential")),
        "the printing program",
        &path,
    );
    let actual: Vec<&str> = stdout.lines().collect();
    for (idx, expected_line) in expected.iter().enumerate() {
        assert_eq!(
            actual.get(idx).copied(),
            Some(expected_line.as_str()),
            "{}: generated code vs interpreter (files in {})",
            labels[idx],
            path.display()
        );
    }
    assert_eq!(actual.len(), expected.len());
    let _ = std::fs::remove_dir_all(&path);
    expected.len()
}

/// Names that are Rust keywords, collide after conversion, shadow the prelude or the
/// generated file's own items, and texts that would break a string literal or a comment.
const ADVERSARIAL: &str = r#"
spec "标题\"*/ \\ {} #\u202e" version "1\n2"
segment Segment "客户群\u2066"
segment segment_ "另一群"
fact gen "G" { a_b "1", aB "2", type "3", Self "4", self "5", ALL "6" }
fact Option "O" { Some "有", None "无" }
slot self: text "自" note "注\"释\n*/" example "例\u202e"
slot Self: enum { match "m", Match "M", _ "下划线" } "枚举"
slot gen: number(1..=40) "n" unit "个"
slot a_b: duration(hour, minute) "d"
slot aB: time "t"
slot _1: phone "p"
slot n1: org "o"
slot type_: person "人"
slot Ok: number(-0.5..2.25) "prelude 名"
slot Id: id(3..=8) "号"
slot fee: money(-5..=99999.99) "费" unit "元"
slot date: date "日"
slot Date: date(year) "年月日"
slot Segment: text "与字段 segment 同名"
slot reply_within: duration(hour, workday) "答复时限"
slot within: number(0.5..=72) "时限" unit "小时" | "工作日" | "个工作日"
const A_B "c" = "值\"\\{x}\u200b"
action type "动作"
decision Some "d" over gen, Option
decision None "d2" over gen
decision Option "d3" over Option
decision some_rule "d4" over gen
decision self "d5" over Option
article 1 "t\"\n" in Some when gen = a_b
  say "x{self}{Self ? 甲 | \|乙\} | 丙}{gen}{A_B}\{\[\]\"\\#\n\t\u202e"
  or act type
article 2 "t" in Some when gen in { aB, type } and segment = Segment
  say "{a_b}[{aB}|{_1}]{n1}{type_}{Ok}{Id}{date}前{Date}{fee}元{reply_within}内{within}"
article 3 "t" in None
  case "c\"" when gen = a_b
    say "一"
  case when gen = Self
    say "二{Self ? 甲 | 乙 | 丙}"
article 4 "t" in Option when Option = Some
  say "三{segment ? \| | 乙\}}"
article 5 "t" in some_rule when gen != ALL
  say ""
  or may say "Hello {self}" lang "en-GB"
  or must say "好" lang "zh-Hant"
article 6 "t"
  in self when Option = None
  say "四{segment ? segment_: 另 | 默认\"}{Segment}[{segment ? Segment: 甲 | segment_: 乙}|丙]"
article 7 "t"
  step act type {A_B} note "注\"意" until "直到\\"
  step act type {gen}
  step "s" say "[|{self}]"
  step when gen = self say "步{Self}"
  guidance "指引\u2028"
"#;

/// The adversarial rule set with `\u…` written as the characters themselves.
fn adversarial_source() -> String {
    let mut out = String::new();
    let mut rest = ADVERSARIAL;
    while let Some(start) = rest.find("\\u") {
        let hex = &rest[start + 2..start + 6];
        match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
            Some(ch) => {
                out.push_str(&rest[..start]);
                out.push(ch);
                rest = &rest[start + 6..];
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn generated_code_renders_what_the_interpreter_and_json_render() {
    if skip_slow_test(
        "codegen_differential::generated_code_renders_what_the_interpreter_and_json_render",
    ) {
        return;
    }
    let bundled = compile_bundled_rules();
    let adversarial = phrasec::compile_str("adversarial.phr", &adversarial_source());
    let n_bundled: usize = bundled
        .model
        .articles
        .iter()
        .map(|article| article.say_templates().count())
        .sum();
    assert!(
        n_bundled >= 36,
        "the bundled rules have {n_bundled} phrases"
    );
    let cases = [
        Case {
            module: "bundled".to_owned(),
            compilation: bundled,
            // Texts are said without the white space at their edges, by every renderer.
            texts: vec!["示例", " 小区停电\u{3000}"],
            options: Options::default(),
        },
        // The lean output of `PhraseTraits::Minimal` and `Table::Omit` renders the same.
        Case {
            module: "bundled_lean".to_owned(),
            compilation: compile_bundled_rules(),
            texts: vec!["示例"],
            options: LEAN,
        },
        Case {
            module: "adversarial".to_owned(),
            compilation: adversarial,
            texts: vec!["示例", "值\"{x}\\#\u{202e}", "a\nb"],
            options: Options::default(),
        },
    ];
    let compared = check_cases(&cases);
    assert!(compared > 4 * n_bundled, "compared {compared} renderings");
}

/// `phrasec render` (the binary) says what the interpreter says for every phrase of the bundled
/// rules, with the value sets the generated code is compared on.
#[test]
fn the_render_command_says_what_the_interpreter_says() {
    let compilation = compile_bundled_rules();
    let model = &compilation.model;
    let names = rust_names(model);
    for k in 0..4 {
        let values = slot_values(model, &names, k, &["示例", " 小区停电 "]);
        let interpreter = interpreted(model, &names, &values, None);
        for (article_idx, article) in model.articles.iter().enumerate() {
            let mut used = Vec::new();
            for template in article.say_templates() {
                collect_slots(&template.pieces, &mut used);
            }
            used.sort_unstable();
            used.dedup();
            let mut command = Command::new(env!("CARGO_BIN_EXE_phrasec"));
            command.current_dir(env!("CARGO_MANIFEST_DIR"));
            command.args(["render", "rules", "--article", &article.number.to_string()]);
            for &slot in &used {
                command
                    .arg("--slot")
                    .arg(format!("{}={}", model.slots[slot].name, values[slot].raw));
            }
            if article.number == 58 && k == 0 {
                // Found: `render` said `16:30` where the generated `TimeOfDay` says `16时30分`.
                let mut fixed = Command::new(env!("CARGO_BIN_EXE_phrasec"));
                fixed.current_dir(env!("CARGO_MANIFEST_DIR"));
                fixed.args([
                    "render",
                    "rules",
                    "--article",
                    "58",
                    "--slot",
                    "finish_time=16:30",
                ]);
                let said = fixed.output().expect("phrasec runs");
                assert!(String::from_utf8_lossy(&said.stdout).contains("我们会在16时30分完成"));
            }
            let output = command.output().expect("phrasec runs");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "article {}: {}",
                article.number,
                String::from_utf8_lossy(&output.stderr)
            );
            for (idx, (_, (phrase_article, _))) in names.phrases.iter().enumerate() {
                if *phrase_article != article_idx {
                    continue;
                }
                let said: String =
                    serde_json::from_str(&interpreter[idx]).expect("a debug string of text");
                assert!(
                    stdout.contains(&format!("“{said}”")),
                    "article {}, value set {k}: `render` does not say {said:?}:\n{stdout}",
                    article.number
                );
            }
        }
    }
}

#[test]
fn adversarial_names_follow_the_documented_rule() {
    let compilation = phrasec::compile_str("adversarial.phr", &adversarial_source());
    assert!(!compilation.has_errors(), "{:#?}", compilation.diagnostics);
    let generated = phrasec::emit::rust::generate(&compilation.model);
    for expected in [
        "pub self_: &'a str,",
        "pub gen_: super::slots::Gen,",
        "pub struct Gen(super::Number);",
        // A slot type named like a prelude item (`Ok`) does not break the checked constructors.
        "pub struct Ok(super::Number);",
        "pub a_b: super::slots::AB,",
        "pub struct AB {",
        "pub enum ABUnit {",
        // `aB` becomes `a_b` too, and is numbered.
        "pub a_b2: super::TimeOfDay,",
        "pub n1: super::Phone<'a>,",
        // `n1` is taken by `_1` (a leading digit gets `n`).
        "pub n12: &'a str,",
        "pub type_: &'a str,",
        "pub enum Self_ {",
        "pub enum Gen {",
        "pub enum Option {",
        "Match2,",
        "Self_,",
        "Self2,",
        "pub struct Some {",
        "pub struct SomeRule2 {",
        "pub enum SomeRule {",
        "pub enum SomeRule2Rule {",
        // `self` gives `Self_`, and its rules `SelfRule` (`Self_Rule` is not camel case).
        "pub struct Self_ {",
        "pub enum SelfRule {",
        "pub const A_B: &str = \"值\\\"\\\\{x}\\u{200b}\";",
        "Segment2,",
    ] {
        assert!(
            generated.contains(expected),
            "`{expected}` is missing from the generated code:\n{generated}"
        );
    }
    // A number's said units: words of duration units take those units' names, others the
    // identifier rule.
    let within_units = &generated[generated.find("pub enum WithinUnit {").expect("the enum")..];
    let within_units = &within_units[..within_units.find('}').expect("its end")];
    let variants: Vec<&str> = within_units
        .lines()
        .map(str::trim)
        .filter(|line| line.ends_with(',') && !line.starts_with("//"))
        .collect();
    assert_eq!(
        variants,
        ["Hour,", "Workday,", "U4e2au5de5u4f5cu65e5,"],
        "{within_units}"
    );
    // No bidirectional control character reaches the file, not even in a comment.
    assert!(!generated.contains('\u{202e}') && !generated.contains('\u{2066}'));
    assert!(!generated.contains('\u{2028}') && !generated.contains('\u{200b}'));
}

// ---------------------------------------------------------------- random rule sets

/// Names for declarations: Rust keywords (and words reserved in 2024), names that collide
/// after conversion, Chinese, and names of the prelude and of the generated file's items.
const NAMES: &[&str] = &[
    "a_b",
    "aB",
    "A_B",
    "ab",
    "type",
    "Type",
    "type_",
    "match",
    "self",
    "Self",
    "self_",
    "gen",
    "Gen",
    "fn",
    "crate",
    "super",
    "async",
    "try",
    "union",
    "故障",
    "故障_",
    "原因_类型",
    "ÿ_x",
    "_",
    "__",
    "_1",
    "n",
    "n1",
    "x1",
    "X_1",
    "Some",
    "some",
    "None",
    "Option",
    "Ok",
    "Err",
    "Segment",
    "facts",
    "slots",
    "Duration",
    "TimeOfDay",
    "Piece",
    "ALL",
    "name",
    "label",
    "render",
    "out",
    "f",
    "write",
    "core",
    "std",
    "str",
    "i64",
    "Art1",
    "art_1",
];

/// Names for values of facts and enum slots.
const VALUE_NAMES: &[&str] = &[
    "a_b", "aB", "ab", "type", "self", "Self", "ALL", "all", "name", "label", "值", "_", "x1",
    "gen", "None", "Some", "Ok",
];

/// Characters of texts: quotes, escapes, braces, `#`, control characters (`\n`, `\t`),
/// bidirectional and invisible formatting characters.
const TEXT_CHARS: &[char] = &[
    'a', 'Z', '0', ' ', '中', '文', '甲', '乙', '"', '\\', '{', '}', '[', ']', '|', '#', '\n',
    '\t', '\u{202E}', '\u{2066}', '\u{200B}', '\u{FEFF}', '\u{2028}', '*', '/', '`', '\'', 'é',
    '😀', '$', '%',
];

const SLOT_TYPES: &[&str] = &[
    "text",
    "number",
    "number(1..=120)",
    "number(-10..)",
    "duration(minute)",
    "duration(hour, day)",
    "duration(second, minute, hour, day)",
    "phone",
    "person",
    "org",
    "time",
    "enum",
    "enum",
    "enum",
    "text",
];

#[derive(Clone, Debug)]
enum BranchPiece {
    Text(String),
    Slot(usize),
}

#[derive(Clone, Debug)]
enum PieceBp {
    Text(String),
    Slot(usize),
    Constant(usize),
    Select(usize, Vec<String>),
    Alternatives(Vec<Vec<BranchPiece>>),
}

#[derive(Clone, Debug)]
struct SlotBp {
    ty: usize,
    label: String,
    note: Option<String>,
    enum_labels: Vec<String>,
    enum_values: Vec<usize>,
}

#[derive(Clone, Debug)]
struct DecisionBp {
    two_facts: bool,
    label: String,
    /// Per value of the first fact: 0 no article, 1 an article of its own, 2 a case.
    owners: Vec<u8>,
    /// (value, segment) of segment-specific articles.
    specific: Vec<(usize, usize)>,
}

#[derive(Clone, Debug)]
struct ArticleBp {
    kind: u8,
    title: String,
    label: Option<String>,
    n_items: usize,
    act: bool,
    incomplete: Option<String>,
}

#[derive(Clone, Debug)]
struct Blueprint {
    names: Vec<usize>,
    title: String,
    segments: Vec<String>,
    facts: Vec<(String, Vec<(usize, String)>)>,
    constants: Vec<(String, String)>,
    slots: Vec<SlotBp>,
    actions: Vec<String>,
    decisions: Vec<DecisionBp>,
    articles: Vec<ArticleBp>,
    templates: Vec<Vec<PieceBp>>,
    never: bool,
    section: bool,
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TEXT_CHARS), 0..8)
        .prop_map(|chars| chars.into_iter().collect())
}

fn branch_piece() -> impl Strategy<Value = BranchPiece> {
    prop_oneof![
        text().prop_map(BranchPiece::Text),
        (0..8usize).prop_map(BranchPiece::Slot),
    ]
}

fn piece() -> impl Strategy<Value = PieceBp> {
    prop_oneof![
        3 => text().prop_map(PieceBp::Text),
        3 => (0..8usize).prop_map(PieceBp::Slot),
        1 => (0..4usize).prop_map(PieceBp::Constant),
        2 => (0..8usize, prop::collection::vec(text(), 4))
            .prop_map(|(slot, choices)| PieceBp::Select(slot, choices)),
        2 => prop::collection::vec(prop::collection::vec(branch_piece(), 0..3), 2..4)
            .prop_map(PieceBp::Alternatives),
    ]
}

fn slot_bp() -> impl Strategy<Value = SlotBp> {
    (
        0..SLOT_TYPES.len(),
        text(),
        prop::option::of(text()),
        prop::collection::vec(text(), 1..4),
        Just((0..VALUE_NAMES.len()).collect::<Vec<_>>()).prop_shuffle(),
    )
        .prop_map(|(ty, label, note, enum_labels, enum_values)| SlotBp {
            ty,
            label,
            note,
            enum_labels,
            enum_values,
        })
}

fn decision_bp() -> impl Strategy<Value = DecisionBp> {
    (
        any::<bool>(),
        text(),
        prop::collection::vec(0..3u8, 4),
        prop::collection::vec((0..4usize, 0..3usize), 0..3),
    )
        .prop_map(|(two_facts, label, owners, specific)| DecisionBp {
            two_facts,
            label,
            owners,
            specific,
        })
}

fn article_bp() -> impl Strategy<Value = ArticleBp> {
    (
        0..4u8,
        text(),
        prop::option::of(text()),
        1..4usize,
        any::<bool>(),
        prop::option::weighted(0.2, text()),
    )
        .prop_map(|(kind, title, label, n_items, act, incomplete)| ArticleBp {
            kind,
            title,
            label,
            n_items,
            act,
            incomplete,
        })
}

fn fact_bp() -> impl Strategy<Value = (String, Vec<(usize, String)>)> {
    (
        text(),
        Just((0..VALUE_NAMES.len()).collect::<Vec<_>>()).prop_shuffle(),
        prop::collection::vec(text(), 1..5),
    )
        .prop_map(|(label, order, labels)| {
            let values = labels
                .into_iter()
                .zip(order)
                .map(|(label, name)| (name, label))
                .collect();
            (label, values)
        })
}

fn blueprint() -> impl Strategy<Value = Blueprint> {
    let declarations = (
        Just((0..NAMES.len()).collect::<Vec<_>>()).prop_shuffle(),
        text(),
        prop::collection::vec(text(), 0..4),
        prop::collection::vec(fact_bp(), 1..4),
        prop::collection::vec((text(), text()), 0..3),
        prop::collection::vec(slot_bp(), 1..8),
        prop::collection::vec(text(), 0..3),
    );
    let body = (
        prop::collection::vec(decision_bp(), 0..3),
        prop::collection::vec(article_bp(), 1..6),
        prop::collection::vec(prop::collection::vec(piece(), 0..6), 1..10),
        any::<bool>(),
        any::<bool>(),
    );
    (declarations, body).prop_map(
        |(
            (names, title, segments, facts, constants, slots, actions),
            (decisions, articles, templates, never, section),
        )| Blueprint {
            names,
            title,
            segments,
            facts,
            constants,
            slots,
            actions,
            decisions,
            articles,
            templates,
            never,
            section,
        },
    )
}

/// Text inside a template: also `{`, `}`, `[`, `]` (and `|` where it separates) escaped.
fn template_text(text: &str, escape_bar: bool) -> String {
    let quoted = quoted(text);
    let inner = &quoted[1..quoted.len() - 1];
    let mut out = String::new();
    for ch in inner.chars() {
        if matches!(ch, '{' | '}' | '[' | ']') || (escape_bar && ch == '|') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Builds a rule set without errors from a blueprint.
struct Builder<'a> {
    bp: &'a Blueprint,
    next_name: usize,
    next_template: usize,
    next_article: u32,
    slot_names: Vec<String>,
    /// Per slot: the number of values of an enum slot.
    enum_sizes: Vec<Option<usize>>,
    constant_names: Vec<String>,
    action_names: Vec<String>,
    facts: Vec<(String, Vec<String>)>,
    segments: Vec<String>,
    /// (fact, value) pairs that some condition tests.
    tested: Vec<(usize, usize)>,
    out: String,
}

impl Builder<'_> {
    fn name(&mut self) -> String {
        let idx = self.next_name;
        self.next_name += 1;
        let pool = &self.bp.names;
        let name = NAMES[pool[idx % pool.len()]];
        if idx < pool.len() {
            name.to_owned()
        } else {
            format!("{name}{}", idx / pool.len())
        }
    }

    fn template(&mut self) -> String {
        let templates = &self.bp.templates;
        let pieces = &templates[self.next_template % templates.len()];
        self.next_template += 1;
        let slot_ref = |slot: usize, names: &[String]| format!("{{{}}}", names[slot % names.len()]);
        let enum_slots: Vec<usize> = (0..self.slot_names.len())
            .filter(|&s| self.enum_sizes[s].is_some())
            .collect();
        let mut out = String::from("\"");
        for piece in pieces {
            match piece {
                PieceBp::Text(text) => out.push_str(&template_text(text, false)),
                PieceBp::Slot(slot) => out.push_str(&slot_ref(*slot, &self.slot_names)),
                PieceBp::Constant(constant) => {
                    if !self.constant_names.is_empty() {
                        let name = &self.constant_names[constant % self.constant_names.len()];
                        out.push_str(&format!("{{{name}}}"));
                    }
                }
                PieceBp::Select(slot, choices) => {
                    if enum_slots.is_empty() {
                        continue;
                    }
                    let slot = enum_slots[slot % enum_slots.len()];
                    let n = self.enum_sizes[slot].unwrap_or(1);
                    let texts: Vec<String> = (0..n)
                        .map(|i| {
                            let choice = choices[i % choices.len()].trim_matches(' ');
                            // Never exactly the labels of another slot (E0123).
                            format!("选{}", template_text(choice, true))
                        })
                        .collect();
                    out.push_str(&format!(
                        "{{{} ? {}}}",
                        self.slot_names[slot],
                        texts.join(" | ")
                    ));
                }
                PieceBp::Alternatives(branches) => {
                    let rendered: Vec<String> = branches
                        .iter()
                        .map(|branch| {
                            branch
                                .iter()
                                .map(|piece| match piece {
                                    BranchPiece::Text(text) => template_text(text, true),
                                    BranchPiece::Slot(slot) => slot_ref(*slot, &self.slot_names),
                                })
                                .collect()
                        })
                        .collect();
                    out.push_str(&format!("[{}]", rendered.join("|")));
                }
            }
        }
        out.push('"');
        out
    }

    fn article_header(&mut self, title: &str) -> String {
        self.next_article += 1;
        format!("article {} {}", self.next_article, quoted(title))
    }

    fn test(&mut self, fact: usize, value: usize) -> String {
        self.tested.push((fact, value));
        format!("{} = {}", self.facts[fact].0, self.facts[fact].1[value])
    }

    fn decisions(&mut self) -> String {
        let mut out = String::new();
        let bp = self.bp;
        for (k, decision) in bp.decisions.iter().enumerate() {
            let name = self.name();
            let first = k % self.facts.len();
            let mut over = self.facts[first].0.clone();
            if decision.two_facts && self.facts.len() > 1 {
                over.push_str(&format!(", {}", self.facts[(k + 1) % self.facts.len()].0));
            }
            let _ = writeln!(
                self.out,
                "decision {name} {} over {over}",
                quoted(&decision.label)
            );
            let n_values = self.facts[first].1.len();
            let mut cases = Vec::new();
            for value in 0..n_values {
                match decision.owners[value % decision.owners.len()] {
                    1 => {
                        let header = self.article_header(&decision.label);
                        let test = self.test(first, value);
                        let template = self.template();
                        let _ = writeln!(out, "{header} in {name} when {test}\n  say {template}");
                    }
                    2 => cases.push(value),
                    _ => {}
                }
            }
            if !cases.is_empty() {
                let header = self.article_header(&decision.label);
                let _ = writeln!(out, "{header} in {name}");
                for value in cases {
                    let test = self.test(first, value);
                    let template = self.template();
                    let _ = writeln!(
                        out,
                        "  case {} when {test}\n    say {template}",
                        quoted(&decision.label)
                    );
                }
            }
            let mut specific_segments = Vec::new();
            for &(value, segment) in &decision.specific {
                // With one segment a `segment` test always holds and restricts nothing.
                if self.segments.len() < 2 {
                    break;
                }
                let segment = segment % self.segments.len();
                if specific_segments.contains(&segment) {
                    continue;
                }
                specific_segments.push(segment);
                let header = self.article_header(&decision.label);
                let test = self.test(first, value % n_values);
                let template = self.template();
                let _ = writeln!(
                    out,
                    "{header} in {name} when {test} and segment = {}\n  say {template}",
                    self.segments[segment]
                );
            }
        }
        out
    }

    fn articles(&mut self) -> String {
        let mut out = String::new();
        let bp = self.bp;
        for (idx, article) in bp.articles.iter().enumerate() {
            if bp.section && idx + 1 == bp.articles.len() && !self.segments.is_empty() {
                let _ = writeln!(
                    out,
                    "section 1 {} for {}",
                    quoted(&article.title),
                    self.segments[0]
                );
            }
            let header = self.article_header(&article.title);
            let _ = writeln!(out, "{header}");
            if let Some(why) = &article.incomplete {
                let _ = writeln!(out, "  incomplete {}", quoted(why));
            }
            let label = article
                .label
                .as_ref()
                .map(|label| format!("{} ", quoted(label)))
                .unwrap_or_default();
            let fact = idx % self.facts.len();
            let n_values = self.facts[fact].1.len();
            match article.kind {
                0 => {
                    let template = self.template();
                    let _ = write!(out, "  say {template}");
                    for option in 1..article.n_items {
                        if article.act && option == 1 && !self.action_names.is_empty() {
                            let action = &self.action_names[idx % self.action_names.len()];
                            let _ = write!(out, "\n  or act {action}");
                        } else {
                            let template = self.template();
                            let _ = write!(out, "\n  or say {template}");
                        }
                    }
                    out.push('\n');
                }
                1 => {
                    for step in 0..article.n_items {
                        let condition = if step % 2 == 1 {
                            format!("when {} ", self.test(fact, step % n_values))
                        } else {
                            String::new()
                        };
                        let template = self.template();
                        let _ = writeln!(out, "  step {label}{condition}say {template}");
                    }
                }
                2 => {
                    for value in 0..article.n_items.min(n_values) {
                        let test = self.test(fact, value);
                        let template = self.template();
                        let _ = writeln!(out, "  case {label}when {test}\n    say {template}");
                    }
                }
                _ => {
                    // Every article has a phrase, so every rule set has one to compare.
                    let _ = writeln!(out, "  guidance {}", quoted(&article.title));
                    let template = self.template();
                    let _ = writeln!(out, "  say {template}");
                }
            }
        }
        out
    }
}

/// The rule file of a blueprint.
fn rule_source(bp: &Blueprint) -> String {
    let mut builder = Builder {
        bp,
        next_name: 0,
        next_template: 0,
        next_article: 0,
        slot_names: Vec::new(),
        enum_sizes: Vec::new(),
        constant_names: Vec::new(),
        action_names: Vec::new(),
        facts: Vec::new(),
        segments: Vec::new(),
        tested: Vec::new(),
        out: String::new(),
    };
    let _ = writeln!(builder.out, "spec {} version \"1\"", quoted(&bp.title));
    for label in &bp.segments {
        let name = builder.name();
        let _ = writeln!(builder.out, "segment {name} {}", quoted(label));
        builder.segments.push(name);
    }
    for (label, values) in &bp.facts {
        let name = builder.name();
        let value_names: Vec<String> = values
            .iter()
            .map(|(value, _)| VALUE_NAMES[*value].to_owned())
            .collect();
        let listed: Vec<String> = values
            .iter()
            .map(|(value, label)| format!("{} {}", VALUE_NAMES[*value], quoted(label)))
            .collect();
        let _ = writeln!(
            builder.out,
            "fact {name} {} {{ {} }}",
            quoted(label),
            listed.join(", ")
        );
        builder.facts.push((name, value_names));
    }
    for (label, value) in &bp.constants {
        let name = builder.name();
        let _ = writeln!(
            builder.out,
            "const {name} {} = {}",
            quoted(label),
            quoted(value)
        );
        builder.constant_names.push(name);
    }
    for (idx, slot) in bp.slots.iter().enumerate() {
        let name = builder.name();
        let ty = SLOT_TYPES[slot.ty];
        let ty = if ty == "enum" {
            let values: Vec<String> = slot
                .enum_labels
                .iter()
                .zip(&slot.enum_values)
                .enumerate()
                .map(|(v, (label, value))| {
                    // Labels of different slots never coincide (E0123).
                    let label = format!("{idx}_{v}{label}");
                    format!("{} {}", VALUE_NAMES[*value], quoted(&label))
                })
                .collect();
            builder.enum_sizes.push(Some(values.len()));
            format!("enum {{ {} }}", values.join(", "))
        } else {
            builder.enum_sizes.push(None);
            ty.to_owned()
        };
        let _ = write!(builder.out, "slot {name}: {ty} {}", quoted(&slot.label));
        if let Some(note) = &slot.note {
            let _ = write!(builder.out, " note {}", quoted(note));
        }
        if ty == "text" {
            let _ = write!(
                builder.out,
                " example {}",
                quoted(&format!("例{}", slot.label))
            );
        }
        if ty.starts_with("number") {
            let _ = write!(builder.out, " unit {}", quoted(&slot.label));
        }
        builder.out.push('\n');
        builder.slot_names.push(name);
    }
    for label in &bp.actions {
        let name = builder.name();
        let _ = writeln!(builder.out, "action {name} {}", quoted(label));
        builder.action_names.push(name);
    }
    let decisions = builder.decisions();
    let articles = builder.articles();
    if bp.never {
        // One value that no condition tests, of a fact with more than one value.
        let untested = (0..builder.facts.len()).find_map(|fact| {
            let n = builder.facts[fact].1.len();
            (n > 1)
                .then(|| (0..n).find(|&value| !builder.tested.contains(&(fact, value))))
                .flatten()
                .map(|value| (fact, value))
        });
        if let Some((fact, value)) = untested {
            let (name, values) = &builder.facts[fact];
            let _ = writeln!(
                builder.out,
                "never {name} = {} because {}",
                values[value],
                quoted(&bp.title)
            );
        }
    }
    builder.out.push_str("chapter 1 \"章\"\n");
    builder.out.push_str(&decisions);
    builder.out.push_str(&articles);
    builder.out
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 4,
        max_shrink_iters: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Five random rule sets per case, compiled together: 3 rustc runs per case, 12 in all.
    #[test]
    fn random_rule_sets_compile_and_render_what_the_interpreter_renders(
        blueprints in prop::collection::vec(blueprint(), 5)
    ) {
        if skip_slow_test("codegen_differential::random_rule_sets_compile_and_render_what_the_interpreter_renders") {
            return Ok(());
        }
        let mut cases = Vec::new();
        for (idx, bp) in blueprints.iter().enumerate() {
            let source = rule_source(bp);
            let compilation = phrasec::compile_str("random.phr", &source);
            prop_assert!(
                !compilation.has_errors(),
                "the generated rule set has errors:\n{source}\n{:#?}",
                compilation.diagnostics
            );
            cases.push(Case {
                module: format!("random{idx}"),
                compilation,
                texts: vec!["示例", "值\"{x}\\#\u{202e}\u{2066}", "a\tb\nc"],
                // Every other rule set gets the lean output.
                options: if idx % 2 == 0 { Options::default() } else { LEAN },
            });
        }
        let compared = check_cases(&cases);
        prop_assert!(compared >= 2 * cases.len(), "compared {compared} renderings");
    }
}

#[test]
fn builder_options_leave_out_phrase_traits_and_the_table() {
    use phrasec::builder::{Builder, CargoDirectives};

    let dir = tempfile::tempdir().expect("temp dir");
    let build = |name: &str, traits: PhraseTraits, table: Table| {
        let output = dir.path().join(name);
        Builder::new()
            .input("rules")
            .output(&output)
            .cargo_directives(CargoDirectives::Quiet)
            .phrase_traits(traits)
            .table(table)
            .compile()
            .expect("the bundled rules compile");
        std::fs::read_to_string(output).expect("written")
    };
    let default = build("default.rs", PhraseTraits::Standard, Table::Include);
    assert_eq!(
        default,
        phrasec::emit::rust::generate(&compile_bundled_rules().model),
        "`Standard` and `Include` give what `generate` (the default) gives"
    );
    let lean = build("lean.rs", PhraseTraits::Minimal, Table::Omit);
    for (text, in_default, in_lean) in [
        (
            "#[derive(Clone, Copy)]\n    pub struct Phrase6<'a, const P: usize> {",
            true,
            false,
        ),
        (
            "impl<const P: usize> ::core::fmt::Display for Phrase6<'_, P> {",
            true,
            false,
        ),
        ("pub const ARTICLES: Articles", true, false),
        ("pub fn article(number: u32)", true, false),
        // Article 45's phrase is a struct of its own (a small rule set), rendered by its shape.
        ("    pub struct Art45<'a> {", true, true),
        ("Phrase6::<'_, 15> { third_party_issue", true, true),
        ("impl ::core::fmt::Display for Art45<'_> {", true, false),
        ("    pub type Art30 = Phrase1<0>;", true, true),
        ("pub fn render<W: ::core::fmt::Write + ?Sized>", true, true),
        ("pub const fn select(self)", true, true),
    ] {
        assert_eq!(default.contains(text), in_default, "default output: {text}");
        assert_eq!(lean.contains(text), in_lean, "lean output: {text}");
    }
    let mixed = build("mixed.rs", PhraseTraits::Minimal, Table::Include);
    assert!(mixed.contains("pub const ARTICLES: Articles"));
    assert!(!mixed.contains("impl<const P: usize> ::core::fmt::Display for Phrase6<'_, P> {"));
}

/// `PhraseK<P>` with the index of a phrase of another shape does not build: `render` asserts
/// the shape at compile time (when it is instantiated, so `cargo check` alone does not see it;
/// hence a real build here, not a trybuild case). The aliases never do this.
#[test]
fn a_phrase_index_of_another_shape_does_not_build() {
    if skip_slow_test("codegen_differential::a_phrase_index_of_another_shape_does_not_build") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let code = phrasec::emit::rust::generate(&compile_bundled_rules().model);
    // Article 45's phrase hands its fields to its shape, `PhraseK::<'_, P>`: that `P` is an
    // index of another shape than `Phrase1`'s.
    let call = "::<'_, ";
    let line = code
        .lines()
        .find(|line| line.contains(call) && line.contains("{ third_party_issue"))
        .expect("article 45's render calls its shape");
    let after = &line[line.find(call).expect("a call") + call.len()..];
    let index: String = after.chars().take_while(char::is_ascii_digit).collect();
    assert!(!index.is_empty(), "{line}");
    let good = "let _ = articles::Phrase1::<0>.render(&mut out);";
    let bad = format!("let _ = articles::Phrase1::<{index}>.render(&mut out);");
    for (body, builds) in [(good, true), (bad.as_str(), false)] {
        let source = format!(
            "mod phrases {{\n{code}\n}}\nuse phrases::articles;\nfn main() {{\n    let mut out = String::new();\n    {body}\n    print!(\"{{out}}\");\n}}\n"
        );
        let file = dir.path().join("main.rs");
        std::fs::write(&file, source).expect("written");
        let output = rustc()
            .args(["--edition", "2024", "--crate-type", "bin", "-o"])
            .arg(dir.path().join("main"))
            .arg(&file)
            .output()
            .expect("rustc runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.success(), builds, "{body}\n{stderr}");
        if !builds {
            assert!(stderr.contains("not a phrase of this shape"), "{stderr}");
        }
    }
}

/// Up to `NAMED_PHRASES_LIMIT` phrases with slots each get a struct of their own (rustc's
/// errors name the phrase); one more and they are aliases of their shapes (a large rule set
/// compiles fast). Phrases without slots are aliases either way.
#[test]
fn phrases_are_named_structs_up_to_the_limit() {
    use phrasec::emit::rust::NAMED_PHRASES_LIMIT;
    let rule_set = |with_slots: usize| {
        let mut text = String::from(
            "spec \"客户端作业规范\" version \"2.0\"\nslot name: text \"姓名\"\n\narticle 1 \"问候\"\n  say \"您好。\"\n\n",
        );
        for n in 0..with_slots {
            text.push_str(&format!(
                "article {} \"称呼\"\n  say \"{{name}}您好。\"\n\n",
                n + 2
            ));
        }
        let compilation = phrasec::compile_str("limit.phr", &text);
        assert!(!compilation.has_errors());
        phrasec::emit::rust::generate(&compilation.model)
    };
    let at_limit = rule_set(NAMED_PHRASES_LIMIT);
    assert_eq!(
        at_limit.matches("    pub struct Art").count(),
        NAMED_PHRASES_LIMIT
    );
    assert!(at_limit.contains("    pub type Art1 = Phrase1<0>;"));
    let past_limit = rule_set(NAMED_PHRASES_LIMIT + 1);
    assert_eq!(past_limit.matches("    pub struct Art").count(), 0);
    assert_eq!(
        past_limit.matches("    pub type Art").count(),
        NAMED_PHRASES_LIMIT + 2
    );
}
