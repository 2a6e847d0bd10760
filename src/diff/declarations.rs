//! The declarations of two rule sets compared: the spec line, segments, facts and their
//! values, `never` rules, constants, the parts of slots that are not their type, actions,
//! decisions, chapters and sections. Each is added, removed, or has a part changed; each
//! change is classified by who it affects.

use std::collections::BTreeMap;

use super::{Change, DiffReport, Impact, Version};
use crate::check::model::{ConstantSource, Model, SlotType, Value};
use crate::source::Span;

/// One declaration as the diff sees it: where it is, and its parts as comparable text.
struct Declared {
    span: Span,
    parts: Vec<Part>,
}

/// A part of a declaration: its name in messages, who a change to it affects, its text.
struct Part {
    name: String,
    impact: Impact,
    text: String,
}

fn part(name: impl Into<String>, impact: Impact, text: impl Into<String>) -> Part {
    Part {
        name: name.into(),
        impact,
        text: text.into(),
    }
}

/// One kind of declaration, in both versions, by name.
struct Kind {
    /// The declaration the entries are about when the kind belongs to another one
    /// (`fact \`cause\`` for its values); otherwise each named declaration.
    owner: Option<String>,
    /// As `fact`, `value`.
    noun: &'static str,
    /// Who adding one affects; `None` when another comparison reports it.
    added: Option<Impact>,
    /// Who removing one affects; `None` when another comparison reports it.
    removed: Option<Impact>,
    old: BTreeMap<String, Declared>,
    new: BTreeMap<String, Declared>,
}

/// Declarations added, removed or changed. A fact's values, the segments and the actions are
/// enums of the generated code: adding or removing one breaks its callers (an exhaustive
/// `match`, a variant gone). A constant's value and a number's unit are said to customers;
/// labels, titles, notes and examples are only read.
pub(super) fn declarations(old: &Model, new: &Model, report: &mut DiffReport) {
    for kind in kinds(old, new) {
        compare(&kind, report);
    }
}

type Reader = fn(&Model) -> BTreeMap<String, Declared>;

fn kinds(old: &Model, new: &Model) -> Vec<Kind> {
    use Impact::{Breaking, Documentation, Selection};
    let table: [(&'static str, Option<Impact>, Option<Impact>, Reader); 10] = [
        ("spec", Some(Documentation), Some(Documentation), spec),
        ("segment", Some(Breaking), Some(Breaking), segments),
        ("fact", Some(Breaking), Some(Breaking), facts),
        (
            "`never` rule",
            Some(Selection),
            Some(Selection),
            never_rules,
        ),
        // A constant is a `pub const` of the generated code; a new one is used by nobody yet.
        ("constant", Some(Documentation), Some(Breaking), constants),
        // Presence and type: `slots` in the parent module.
        ("slot", None, None, slots),
        ("action", Some(Breaking), Some(Breaking), actions),
        // A decision is a `select` function: a new one is called by nobody yet.
        ("decision", Some(Documentation), Some(Breaking), decisions),
        (
            "chapter",
            Some(Documentation),
            Some(Documentation),
            chapters,
        ),
        (
            "section",
            Some(Documentation),
            Some(Documentation),
            sections,
        ),
    ];
    let mut kinds: Vec<Kind> = table
        .into_iter()
        .map(|(noun, added, removed, read)| Kind {
            owner: None,
            noun,
            added,
            removed,
            old: read(old),
            new: read(new),
        })
        .collect();
    // The values of each fact kept (a fact added or removed is one entry).
    for old_fact in &old.facts {
        if let Some(new_fact) = new.facts.iter().find(|fact| fact.name == old_fact.name) {
            kinds.push(Kind {
                owner: Some(format!("fact `{}`", old_fact.name)),
                noun: "value",
                added: Some(Breaking),
                removed: Some(Breaking),
                old: values(&old_fact.values),
                new: values(&new_fact.values),
            });
        }
    }
    kinds
}

fn compare(kind: &Kind, report: &mut DiffReport) {
    let name_of = |name: &str| match name.is_empty() {
        true => kind.noun.to_owned(),
        false => format!("{} `{name}`", kind.noun),
    };
    // (declaration, detail) of an entry about `name`, where `what` happened.
    let entry = |name: &str, what: &str| match &kind.owner {
        Some(owner) => (owner.clone(), format!("{} {what}", name_of(name))),
        None => (name_of(name), what.to_owned()),
    };
    for (name, old_declared) in &kind.old {
        let Some(new_declared) = kind.new.get(name) else {
            if let Some(impact) = kind.removed {
                let (declaration, detail) = entry(name, "removed");
                push(
                    report,
                    impact,
                    declaration,
                    detail,
                    Version::Old,
                    old_declared.span,
                );
            }
            continue;
        };
        let old_parts: BTreeMap<&str, &Part> = by_name(&old_declared.parts);
        let new_parts: BTreeMap<&str, &Part> = by_name(&new_declared.parts);
        let part_names: std::collections::BTreeSet<&str> =
            old_parts.keys().chain(new_parts.keys()).copied().collect();
        for part_name in part_names {
            let (old_part, new_part) = (
                old_parts.get(part_name).copied(),
                new_parts.get(part_name).copied(),
            );
            fn text(part: Option<&Part>) -> &str {
                part.map_or("(none)", |part| part.text.as_str())
            }
            if text(old_part) == text(new_part) {
                continue;
            }
            let impact = new_part
                .or(old_part)
                .map_or(Impact::Documentation, |p| p.impact);
            let what = format!("changed from `{}` to `{}`", text(old_part), text(new_part));
            let (declaration, detail) = match &kind.owner {
                Some(owner) => (
                    owner.clone(),
                    format!("{part_name} of {} {what}", name_of(name)),
                ),
                None => (name_of(name), format!("{part_name} {what}")),
            };
            push(
                report,
                impact,
                declaration,
                detail,
                Version::New,
                new_declared.span,
            );
        }
    }
    if let Some(impact) = kind.added {
        for (name, declared) in kind.new.iter().filter(|(n, _)| !kind.old.contains_key(*n)) {
            let (declaration, detail) = entry(name, "added");
            push(
                report,
                impact,
                declaration,
                detail,
                Version::New,
                declared.span,
            );
        }
    }
}

fn by_name(parts: &[Part]) -> BTreeMap<&str, &Part> {
    parts
        .iter()
        .map(|part| (part.name.as_str(), part))
        .collect()
}

fn push(
    report: &mut DiffReport,
    impact: Impact,
    declaration: String,
    detail: String,
    version: Version,
    span: Span,
) {
    report.push(
        impact,
        Change::DeclarationChanged {
            declaration,
            detail,
        },
        Some((version, span)),
    );
}

/// `items` by the name `entry` gives each, with its span and parts.
fn declared<T>(
    items: &[T],
    entry: impl Fn(&T) -> (String, Span, Vec<Part>),
) -> BTreeMap<String, Declared> {
    items
        .iter()
        .map(|item| {
            let (name, span, parts) = entry(item);
            (name, Declared { span, parts })
        })
        .collect()
}

fn label(text: &str) -> Part {
    part("label", Impact::Documentation, text)
}

fn spec(model: &Model) -> BTreeMap<String, Declared> {
    let spec = &model.spec;
    let version = spec.version.as_deref().unwrap_or("(none)");
    let parts = vec![
        part("title", Impact::Documentation, spec.title.as_str()),
        part("version", Impact::Documentation, version),
    ];
    BTreeMap::from([(
        String::new(),
        Declared {
            span: spec.span,
            parts,
        },
    )])
}

fn segments(model: &Model) -> BTreeMap<String, Declared> {
    let default = model
        .default_segment
        .map(|idx| model.segments[idx].name.as_str());
    declared(&model.segments, |s| {
        // `default`: callers outside every named segment are treated as this one's, so what
        // they hear may change.
        let is_default = default == Some(s.name.as_str());
        let default = part(
            "default",
            Impact::Selection,
            if is_default { "default" } else { "not default" },
        );
        (s.name.clone(), s.span, vec![label(&s.label), default])
    })
}

fn facts(model: &Model) -> BTreeMap<String, Declared> {
    declared(&model.facts, |f| {
        (f.name.clone(), f.span, vec![label(&f.label)])
    })
}

fn values(values: &[Value]) -> BTreeMap<String, Declared> {
    declared(values, |v| (v.name.clone(), v.span, vec![label(&v.label)]))
}

/// `never` rules by their condition (a rule written twice is named with its rank).
fn never_rules(model: &Model) -> BTreeMap<String, Declared> {
    let mut rules = BTreeMap::new();
    for rule in &model.impossible {
        let condition = model
            .condition_text(&rule.condition)
            .unwrap_or_else(|| "always".to_owned());
        let mut name = condition.clone();
        let mut rank = 1;
        while rules.contains_key(&name) {
            rank += 1;
            name = format!("{condition} ({rank})");
        }
        let reason = rule.reason.as_deref().unwrap_or("(none)");
        let parts = vec![part("reason", Impact::Documentation, reason)];
        rules.insert(
            name,
            Declared {
                span: rule.span,
                parts,
            },
        );
    }
    rules
}

fn constants(model: &Model) -> BTreeMap<String, Declared> {
    declared(&model.constants, |c| {
        let value = match c.source {
            ConstantSource::Written => c.value.as_str(),
            ConstantSource::Supplied | ConstantSource::Awaited => "(supplied at deployment)",
        };
        let parts = vec![label(&c.label), part("value", Impact::Wording, value)];
        (c.name.clone(), c.span, parts)
    })
}

/// A slot's parts that are not its type: its label, notes and examples (read by staff), a
/// number's or an amount's unit and an enum's labels (said).
fn slots(model: &Model) -> BTreeMap<String, Declared> {
    declared(&model.slots, |slot| {
        let mut parts = vec![
            label(&slot.label),
            part("notes", Impact::Documentation, slot.notes.join("; ")),
        ];
        let examples: Vec<&str> = slot.examples.iter().map(|e| e.text.as_str()).collect();
        parts.push(part("examples", Impact::Documentation, examples.join("; ")));
        match &slot.ty {
            SlotType::Number { unit, .. } | SlotType::Money { unit, .. } => {
                let unit = unit.as_deref().unwrap_or("(none)");
                parts.push(part("unit", Impact::Wording, unit));
            }
            SlotType::Enum { values } => {
                parts.extend(values.iter().map(|value| {
                    let name = format!("label of `{}`", value.name);
                    part(name, Impact::Wording, value.label.as_str())
                }));
            }
            _ => {}
        }
        (slot.name.clone(), slot.span, parts)
    })
}

fn actions(model: &Model) -> BTreeMap<String, Declared> {
    declared(&model.actions, |a| {
        (a.name.clone(), a.span, vec![label(&a.label)])
    })
}

/// A decision's label, and the facts it is over (its `select` function's parameters).
fn decisions(model: &Model) -> BTreeMap<String, Declared> {
    declared(&model.decisions, |decision| {
        let facts: Vec<&str> = decision
            .facts
            .iter()
            .map(|&fact| model.facts[fact].name.as_str())
            .collect();
        let parts = vec![
            label(&decision.label),
            part("facts", Impact::Breaking, facts.join(", ")),
        ];
        (decision.name.clone(), decision.span, parts)
    })
}

fn chapters(model: &Model) -> BTreeMap<String, Declared> {
    declared(&model.chapters, |chapter| {
        let parts = vec![part("title", Impact::Documentation, chapter.title.as_str())];
        (chapter.number.to_string(), chapter.span, parts)
    })
}

/// Sections by number within their chapter (`3.2`); the segment a section is for decides
/// which customers its articles apply to.
fn sections(model: &Model) -> BTreeMap<String, Declared> {
    declared(&model.sections, |section| {
        let name = match section.chapter {
            Some(chapter) => format!("{}.{}", model.chapters[chapter].number, section.number),
            None => section.number.to_string(),
        };
        let segment = section.segment.map_or("(every segment)", |segment| {
            model.segments[segment].name.as_str()
        });
        let parts = vec![
            part("title", Impact::Documentation, section.title.as_str()),
            part("segment", Impact::Selection, segment),
        ];
        (name, section.span, parts)
    })
}
