//! Holds the diff's situation entries to brute force: for every case two versions of a
//! decision share, what each version chooses (through `phrasec::situation::choose`, the
//! code behind `render --given`) against what the diff lists.

use std::collections::BTreeMap;

use phrasec::check::model::Model;
use phrasec::diff::{Change, DiffReport};
use phrasec::situation::{Outcome, Situation, choose};

/// Above this many shared cases a decision is not enumerated.
const MAX_CASES: usize = 100_000;

/// One dimension of a decision as the diff names it, with the value names both versions have.
struct SharedDimension {
    name: String,
    values: Vec<String>,
}

/// `Ok` when, for every decision in both versions (small enough to enumerate), a case is
/// listed by a `situation_changed` entry exactly when the versions choose differently there,
/// with the entry's old and new choice.
pub fn agree(old: &Model, new: &Model, report: &DiffReport) -> Result<(), String> {
    for decision in &old.decisions {
        let Some(new_decision) = new.decisions.iter().find(|d| d.name == decision.name) else {
            continue;
        };
        let old_names: Vec<&str> = decision
            .facts
            .iter()
            .map(|&f| old.facts[f].name.as_str())
            .collect();
        let new_names: Vec<&str> = new_decision
            .facts
            .iter()
            .map(|&f| new.facts[f].name.as_str())
            .collect();
        if old_names != new_names {
            continue;
        }
        let mut dims: Vec<SharedDimension> = old_names
            .iter()
            .map(|name| SharedDimension {
                name: (*name).to_owned(),
                values: shared(values_of(old, name), values_of(new, name)),
            })
            .collect();
        dims.push(SharedDimension {
            name: "segment".to_owned(),
            values: shared(segments_of(old), segments_of(new)),
        });
        let n_cases: usize = dims.iter().map(|d| d.values.len()).product();
        if n_cases > MAX_CASES {
            continue;
        }
        if report.entries.iter().any(|entry| {
            matches!(&entry.change, Change::SituationsNotListed { decision: d, .. } if *d == decision.name)
        }) {
            return Err(format!("situations of `{}` not listed", decision.name));
        }
        // What the diff lists: case (value per dimension) → (old, new).
        let mut listed: BTreeMap<Vec<String>, (Option<String>, Option<String>)> = BTreeMap::new();
        for entry in &report.entries {
            let Change::SituationChanged {
                decision: name,
                cases,
                old: was,
                new: now,
            } = &entry.change
            else {
                continue;
            };
            if *name != decision.name {
                continue;
            }
            for case in cases_of(&dims, cases)? {
                if listed
                    .insert(case.clone(), (was.clone(), now.clone()))
                    .is_some()
                {
                    return Err(format!("case {case:?} listed twice"));
                }
            }
        }
        for case in every_case(&dims) {
            let was = chosen(old, &decision.name, &dims, &case);
            let now = chosen(new, &decision.name, &dims, &case);
            let identity = |choice: &Choice| choice.as_ref().map(|c| c.0);
            let shown = |choice: Choice| choice.map(|c| c.1);
            let expected = match (was, now) {
                (Some(was), Some(now)) if identity(&was) != identity(&now) => {
                    Some((shown(was), shown(now)))
                }
                _ => None,
            };
            let found = listed.remove(&case);
            if expected != found {
                return Err(format!(
                    "decision `{}`, case {case:?}: choosing gives {expected:?}, the diff {found:?}",
                    decision.name
                ));
            }
        }
        if let Some((case, _)) = listed.into_iter().next() {
            return Err(format!("case {case:?} listed but not a shared case"));
        }
    }
    Ok(())
}

fn values_of(model: &Model, fact: &str) -> Vec<String> {
    let fact = model.facts.iter().find(|f| f.name == fact);
    fact.map(|f| f.values.iter().map(|v| v.name.clone()).collect())
        .unwrap_or_default()
}

fn segments_of(model: &Model) -> Vec<String> {
    if model.segments.is_empty() {
        return vec!["all".to_owned()];
    }
    model.segments.iter().map(|s| s.name.clone()).collect()
}

/// The names of `old` that `new` has too, in `old`'s order.
fn shared(old: Vec<String>, new: Vec<String>) -> Vec<String> {
    old.into_iter().filter(|name| new.contains(name)).collect()
}

fn every_case(dims: &[SharedDimension]) -> Vec<Vec<String>> {
    let mut cases = vec![Vec::new()];
    for dim in dims {
        cases = cases
            .into_iter()
            .flat_map(|case| {
                dim.values.iter().map(move |value| {
                    let mut longer = case.clone();
                    longer.push(value.clone());
                    longer
                })
            })
            .collect();
    }
    cases
}

/// The cases of a description such as `cause = customer, stage in {a, b}` (or `every case`).
fn cases_of(dims: &[SharedDimension], text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut allowed: Vec<Vec<String>> = dims.iter().map(|d| d.values.clone()).collect();
    if text != "every case" {
        for part in split_top_level(text) {
            let (name, values) = if let Some((name, value)) = part.split_once(" = ") {
                (name, vec![value.to_owned()])
            } else if let Some((name, list)) = part.split_once(" in {") {
                let list = list.strip_suffix('}').ok_or(format!("bad part `{part}`"))?;
                (name, list.split(", ").map(str::to_owned).collect())
            } else {
                return Err(format!("bad part `{part}` in `{text}`"));
            };
            let dim = dims
                .iter()
                .position(|d| d.name == name)
                .ok_or(format!("unknown dimension `{name}` in `{text}`"))?;
            allowed[dim] = values;
        }
    }
    let restricted: Vec<SharedDimension> = dims
        .iter()
        .zip(allowed)
        .map(|(dim, values)| SharedDimension {
            name: dim.name.clone(),
            values,
        })
        .collect();
    Ok(every_case(&restricted))
}

fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..at]);
                start = at + 2;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// What a version chooses: the article and case (compared), and how the diff shows it; `None`
/// when no article covers the case.
type Choice = Option<((u32, Option<usize>), String)>;

/// What `model` chooses for `decision` in `case`; `None` when the case is impossible (or not
/// a case of this model).
fn chosen(
    model: &Model,
    decision: &str,
    dims: &[SharedDimension],
    case: &[String],
) -> Option<Choice> {
    let decision_idx = model.decisions.iter().position(|d| d.name == decision)?;
    let mut situation = Situation::default();
    for (dim, value) in dims.iter().zip(case) {
        if dim.name == "segment" {
            situation.segment = model.segments.iter().position(|s| s.name == *value);
            continue;
        }
        let fact = model.facts.iter().position(|f| f.name == dim.name)?;
        let value = model.facts[fact]
            .values
            .iter()
            .position(|v| v.name == *value)?;
        situation.values.insert(fact, value);
    }
    let outcomes = choose(model, &situation).ok()?;
    let outcome = outcomes.into_iter().find(|o| o.decision == decision_idx)?;
    let applying = match outcome.outcome {
        Outcome::Chosen { chosen, .. } => chosen,
        Outcome::Tied(tied) => *tied.first()?,
        Outcome::Uncovered => return Some(None),
        Outcome::Impossible { .. } => return None,
    };
    let article = &model.articles[applying.article];
    let number = article.number;
    let label = applying
        .case
        .and_then(|position| article.case(position))
        .and_then(|case| case.label.clone());
    let shown = match (label, applying.case) {
        (Some(label), _) => format!("article {number} (case `{label}`)"),
        (None, Some(case)) => format!("article {number} (case {case})"),
        (None, None) => format!("article {number}"),
    };
    Some(Some(((number, applying.case), shown)))
}
