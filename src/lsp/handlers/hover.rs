//! Hover: what a name under the cursor declares (kind, label, type, notes, examples, value),
//! or an article rendered as staff would say it, with its slots' example values.

use std::collections::BTreeMap;

use phrasec::check::model::{Model, SlotType};
use phrasec::check::values::parse_slot_value;
use phrasec::render::{RenderOptions, render_article, to_text};

use crate::lsp::lookup::Target;

/// The Markdown shown for `target`.
pub fn describe(model: &Model, target: Target) -> String {
    match target {
        Target::Segment(idx) => {
            let segment = &model.segments[idx];
            format!("segment `{}`: {}", segment.name, segment.label)
        }
        Target::Fact(idx) => {
            let fact = &model.facts[idx];
            let mut out = format!("fact `{}`: {}\n\nvalues:\n", fact.name, fact.label);
            for value in &fact.values {
                out.push_str(&format!("- `{}`: {}\n", value.name, value.label));
            }
            out
        }
        Target::Value(fact, idx) => {
            let fact = &model.facts[fact];
            let value = &fact.values[idx];
            format!(
                "value `{}` of fact `{}` ({}): {}",
                value.name, fact.name, fact.label, value.label
            )
        }
        Target::SlotValue(slot, idx) => {
            let slot = &model.slots[slot];
            let label = match &slot.ty {
                SlotType::Enum { values } => values[idx].label.as_str(),
                _ => "",
            };
            format!(
                "value of enum slot `{}` ({}): {label}",
                slot.name, slot.label
            )
        }
        Target::Constant(idx) => {
            let constant = &model.constants[idx];
            format!(
                "constant `{}`: {}\n\nvalue: \"{}\"",
                constant.name, constant.label, constant.value
            )
        }
        Target::Slot(idx) => describe_slot(model, idx),
        Target::Action(idx) => {
            let action = &model.actions[idx];
            format!("action `{}`: {}", action.name, action.label)
        }
        Target::Decision(idx) => {
            let decision = &model.decisions[idx];
            let facts: Vec<String> = decision
                .facts
                .iter()
                .map(|&fact| format!("`{}`", model.facts[fact].name))
                .collect();
            format!(
                "decision `{}`: {}\n\nover {}",
                decision.name,
                decision.label,
                facts.join(", ")
            )
        }
        Target::Article(idx) => describe_article(model, idx),
    }
}

fn describe_slot(model: &Model, idx: usize) -> String {
    let slot = &model.slots[idx];
    let mut out = format!(
        "slot `{}`: {}\n\ntype: `{}`",
        slot.name,
        slot.label,
        type_text(&slot.ty)
    );
    for note in &slot.notes {
        out.push_str(&format!("\n\nnote: {note}"));
    }
    if !slot.examples.is_empty() {
        let examples: Vec<String> = slot
            .examples
            .iter()
            .map(|example| format!("\"{}\"", example.text))
            .collect();
        out.push_str(&format!("\n\nexamples: {}", examples.join(", ")));
    }
    out
}

/// The slot's type as written in a rule file (`number(1..=60) unit "个"`).
fn type_text(ty: &SlotType) -> String {
    let units: &[String] = match ty {
        SlotType::Enum { values } => {
            let values: Vec<String> = values
                .iter()
                .map(|value| format!("{} \"{}\"", value.name, value.label))
                .collect();
            return format!("enum {{ {} }}", values.join(", "));
        }
        SlotType::Number {
            unit: Some(unit), ..
        }
        | SlotType::Money {
            unit: Some(unit), ..
        } => std::slice::from_ref(unit),
        SlotType::Number { said_units, .. } => said_units,
        _ => &[],
    };
    let quoted: Vec<String> = units.iter().map(|unit| format!("\"{unit}\"")).collect();
    match quoted.is_empty() {
        true => ty.written(),
        false => format!("{} unit {}", ty.written(), quoted.join(" | ")),
    }
}

/// The article rendered with the first example of each of its slots that has one.
fn describe_article(model: &Model, idx: usize) -> String {
    let article = &model.articles[idx];
    let mut values = BTreeMap::new();
    for slot_idx in article.slots() {
        let slot = &model.slots[slot_idx];
        let parsed = slot
            .examples
            .iter()
            .find_map(|example| parse_slot_value(&slot.ty, &example.text).ok());
        if let Some(value) = parsed {
            values.insert(slot_idx, value);
        }
    }
    let options = RenderOptions {
        values,
        ..RenderOptions::default()
    };
    match render_article(model, article.number, &options) {
        Ok(rendered) => format!("```text\n{}```", to_text(&rendered)),
        Err(problem) => format!(
            "第{}条 {}\n\n{}",
            article.number, article.title, problem.message
        ),
    }
}
