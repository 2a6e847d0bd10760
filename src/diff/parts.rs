//! The parts of a rule set the phrase and slot comparisons do not see: the declarations (facts
//! and their values, segments, actions, constants) and, inside an article kept under its
//! number, its title, condition, guidance, actions and the conditions of its steps and cases.

use std::collections::BTreeMap;

use super::{Change, DiffReport, Impact, Version};
use crate::check::model::{Article, BodyItem, Condition, Fact, Model, Utterance};
use crate::source::Span;

/// Declarations added, removed or changed. A fact's values, the segments and the actions are
/// enums of the generated code: adding or removing one breaks its callers (an exhaustive
/// `match`, a variant gone). A constant's value is said to customers; labels are only read.
pub(super) fn declarations(old: &Model, new: &Model, report: &mut DiffReport) {
    let (old_facts, new_facts) = (facts_by_name(old), facts_by_name(new));
    for (name, old_fact) in &old_facts {
        let Some(new_fact) = new_facts.get(name) else {
            push(
                report,
                Impact::Breaking,
                format!("fact `{name}`"),
                "removed",
                Version::Old,
                old_fact.span,
            );
            continue;
        };
        let new_span = &new_fact.span;
        let (old_label, new_label) = (&old_fact.label, &new_fact.label);
        let values = |fact: &Fact| -> BTreeMap<String, String> {
            fact.values
                .iter()
                .map(|value| (value.name.clone(), value.label.clone()))
                .collect()
        };
        let (old_names, new_names) = (values(old_fact), values(new_fact));
        for value in old_names.keys().filter(|v| !new_names.contains_key(*v)) {
            let detail = format!("value `{value}` removed");
            push(
                report,
                Impact::Breaking,
                format!("fact `{name}`"),
                &detail,
                Version::New,
                *new_span,
            );
        }
        for value in new_names.keys().filter(|v| !old_names.contains_key(*v)) {
            let detail = format!("value `{value}` added");
            push(
                report,
                Impact::Breaking,
                format!("fact `{name}`"),
                &detail,
                Version::New,
                *new_span,
            );
        }
        for (value, old_value_label) in &old_names {
            if let Some(new_value_label) = new_names.get(value)
                && new_value_label != old_value_label
            {
                let detail = format!(
                    "label of `{value}` changed from `{old_value_label}` to `{new_value_label}`"
                );
                push(
                    report,
                    Impact::Compatible,
                    format!("fact `{name}`"),
                    &detail,
                    Version::New,
                    *new_span,
                );
            }
        }
        if old_label != new_label {
            let detail = format!("label changed from `{old_label}` to `{new_label}`");
            push(
                report,
                Impact::Compatible,
                format!("fact `{name}`"),
                &detail,
                Version::New,
                *new_span,
            );
        }
    }
    for (name, fact) in new_facts
        .iter()
        .filter(|(n, _)| !old_facts.contains_key(*n))
    {
        push(
            report,
            Impact::Breaking,
            format!("fact `{name}`"),
            "added",
            Version::New,
            fact.span,
        );
    }
    // Slots added, removed or retyped are the slot comparison's (`slots`); here only their
    // labels, which staff read and customers never hear.
    let kinds = [
        (
            "slot",
            slot_labels(old),
            slot_labels(new),
            None,
            Impact::Compatible,
        ),
        (
            "segment",
            segment_labels(old),
            segment_labels(new),
            Some(Impact::Breaking),
            Impact::Compatible,
        ),
        (
            "action",
            action_labels(old),
            action_labels(new),
            Some(Impact::Breaking),
            Impact::Compatible,
        ),
        (
            "constant",
            constant_values(old),
            constant_values(new),
            Some(Impact::Compatible),
            Impact::Behaviour,
        ),
    ];
    for (kind, old_named, new_named, presence, text_change) in kinds {
        named_declarations(report, kind, &old_named, &new_named, presence, text_change);
    }
}

/// Declarations by name: each one's text (a label, or a constant's value) and span.
type Named<'m> = BTreeMap<&'m str, (&'m str, Span)>;

fn slot_labels(model: &Model) -> Named<'_> {
    by_name(&model.slots, |s| (&s.name, &s.label, s.span))
}

fn segment_labels(model: &Model) -> Named<'_> {
    by_name(&model.segments, |s| (&s.name, &s.label, s.span))
}

fn action_labels(model: &Model) -> Named<'_> {
    by_name(&model.actions, |a| (&a.name, &a.label, a.span))
}

fn constant_values(model: &Model) -> Named<'_> {
    by_name(&model.constants, |c| (&c.name, &c.value, c.span))
}

fn by_name<'m, T>(
    items: &'m [T],
    entry: impl Fn(&'m T) -> (&'m String, &'m String, Span),
) -> Named<'m> {
    items
        .iter()
        .map(|item| {
            let (name, text, span) = entry(item);
            (name.as_str(), (text.as_str(), span))
        })
        .collect()
}

/// A model's facts by name.
fn facts_by_name(model: &Model) -> BTreeMap<&str, &Fact> {
    model
        .facts
        .iter()
        .map(|fact| (fact.name.as_str(), fact))
        .collect()
}

/// Declarations known by name with one text each (a label, or a constant's value): added or
/// removed (reported with `presence`, unless another comparison reports that), or their text
/// changed (`text_change`).
fn named_declarations(
    report: &mut DiffReport,
    kind: &str,
    old: &Named<'_>,
    new: &Named<'_>,
    presence: Option<Impact>,
    text_change: Impact,
) {
    let what = if kind == "constant" { "value" } else { "label" };
    for (name, (old_text, old_span)) in old {
        match new.get(name) {
            None => {
                if let Some(presence) = presence {
                    push(
                        report,
                        presence,
                        format!("{kind} `{name}`"),
                        "removed",
                        Version::Old,
                        *old_span,
                    );
                }
            }
            Some((new_text, new_span)) if new_text != old_text => {
                let detail = format!("{what} changed from `{old_text}` to `{new_text}`");
                push(
                    report,
                    text_change,
                    format!("{kind} `{name}`"),
                    &detail,
                    Version::New,
                    *new_span,
                );
            }
            Some(_) => {}
        }
    }
    let Some(presence) = presence else {
        return;
    };
    for (name, (_, span)) in new.iter().filter(|(n, _)| !old.contains_key(*n)) {
        push(
            report,
            presence,
            format!("{kind} `{name}`"),
            "added",
            Version::New,
            *span,
        );
    }
}

fn push(
    report: &mut DiffReport,
    impact: Impact,
    declaration: String,
    detail: &str,
    version: Version,
    span: Span,
) {
    report.push(
        impact,
        Change::DeclarationChanged {
            declaration,
            detail: detail.to_owned(),
        },
        Some((version, span)),
    );
}

/// An article kept under its number: its title (read, not heard), its condition and those of
/// its steps and cases (which article or phrase is said, and when), its actions and its
/// guidance (read by staff).
pub(super) fn article_parts(
    old_model: &Model,
    new_model: &Model,
    old: &Article,
    new: &Article,
    report: &mut DiffReport,
) {
    let at = Some((Version::New, new.number_span));
    let mut changed = |impact: Impact, part: String, before: String, after: String| {
        if before != after {
            report.push(
                impact,
                Change::ArticleChanged {
                    article: new.number,
                    part,
                    old: before,
                    new: after,
                },
                at,
            );
        }
    };
    changed(
        Impact::Compatible,
        "title".to_owned(),
        old.title.clone(),
        new.title.clone(),
    );
    let condition = |model: &Model, condition: &Condition| {
        model
            .condition_text(condition)
            .unwrap_or_else(|| "always".to_owned())
    };
    changed(
        Impact::Behaviour,
        "condition".to_owned(),
        condition(old_model, &old.condition),
        condition(new_model, &new.condition),
    );
    let shape = |model: &Model, article: &Article| -> Vec<(String, String)> {
        let mut parts = Vec::new();
        let (mut steps, mut cases, mut guidance) = (0, 0, 0);
        for item in article.body.iter() {
            let (part, text) = match item {
                BodyItem::Guidance { text, .. } => {
                    guidance += 1;
                    (format!("guidance {guidance}"), text.clone())
                }
                BodyItem::Step(step) => {
                    steps += 1;
                    let text = step
                        .condition
                        .as_ref()
                        .map_or_else(|| "always".to_owned(), |c| condition(model, c));
                    (format!("condition of step {steps}"), text)
                }
                BodyItem::Case(case) => {
                    cases += 1;
                    (
                        format!("condition of case {cases}"),
                        condition(model, &case.condition),
                    )
                }
                BodyItem::Utterances(_) => continue,
            };
            parts.push((part, text));
        }
        let actions: Vec<&str> = article
            .utterances()
            .flat_map(|utterances| &utterances.options)
            .filter_map(|option| match option {
                Utterance::Act { action, .. } => Some(model.actions[*action].name.as_str()),
                Utterance::Say(_) => None,
            })
            .collect();
        parts.push(("actions".to_owned(), actions.join(", ")));
        parts
    };
    let before: BTreeMap<String, String> = shape(old_model, old).into_iter().collect();
    let after: BTreeMap<String, String> = shape(new_model, new).into_iter().collect();
    for (part, old_text) in &before {
        let impact = if part.starts_with("guidance") {
            Impact::Compatible
        } else {
            Impact::Behaviour
        };
        let new_text = after
            .get(part)
            .cloned()
            .unwrap_or_else(|| "(none)".to_owned());
        changed(impact, part.clone(), old_text.clone(), new_text);
    }
    for (part, new_text) in after.iter().filter(|(part, _)| !before.contains_key(*part)) {
        let impact = if part.starts_with("guidance") {
            Impact::Compatible
        } else {
            Impact::Behaviour
        };
        changed(impact, part.clone(), "(none)".to_owned(), new_text.clone());
    }
}
