//! The semantic diff against the checked model, over single edits of the bundled rules: for
//! every edit of every kind below (each occurrence in `rules/`), the checked models differ
//! exactly when the diff is non-empty, and the diff's classes are the ones the kind of edit
//! affects. Then random pairs of edits, with proptest. "The models differ" is read from the
//! JSON output with its locations removed: the JSON carries the whole model.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use phrasec::diff::{DiffReport, Impact, diff};
use phrasec::{Compilation, Input};
use proptest::prelude::*;

use crate::support::rules::bundled_rules;

use Impact::{Breaking, Documentation, Selection, Wording};

/// One kind of edit: where it applies (after each occurrence of `anchor` on a line that is
/// not a comment), what it does there, and the classes of change it must give: `required`
/// among them, and nothing outside `allowed` (no class at all for an edit that says the
/// same thing differently).
struct EditKind {
    name: &'static str,
    anchor: &'static str,
    edit: fn(&str, usize) -> Option<String>,
    required: Option<Impact>,
    allowed: &'static [Impact],
}

/// Inserts `text` at `at`.
fn insert(text: &str, at: usize, inserted: &str) -> String {
    format!("{}{inserted}{}", &text[..at], &text[at..])
}

/// The range of the line that holds byte `at`, without its line end.
fn line_at(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    (start, end)
}

/// After the first `"` at or after `at` on its line.
fn into_first_string(text: &str, at: usize, inserted: &str) -> Option<String> {
    let (_, end) = line_at(text, at);
    let quote = text[at..end].find('"')? + at;
    Some(insert(text, quote + 1, inserted))
}

/// After the opening `"` of the last string on the line of `at` (a declaration's label).
fn into_last_string(text: &str, at: usize, inserted: &str) -> Option<String> {
    let (start, end) = line_at(text, at);
    let closing = text[start..end].rfind('"')? + start;
    let opening = text[start..closing].rfind('"')? + start;
    Some(insert(text, opening + 1, inserted))
}

fn kinds() -> Vec<EditKind> {
    vec![
        EditKind {
            name: "a comment line",
            anchor: "\n",
            edit: |text, at| Some(insert(text, at + 1, "# 审阅备注\n")),
            required: None,
            allowed: &[],
        },
        EditKind {
            name: "a blank line",
            anchor: "\n\n",
            edit: |text, at| Some(insert(text, at + 1, "\n")),
            required: None,
            allowed: &[],
        },
        EditKind {
            name: "a phrase's words",
            anchor: "say \"",
            edit: |text, at| into_first_string(text, at, "您好，"),
            required: Some(Wording),
            allowed: &[Wording],
        },
        EditKind {
            name: "a free variation's second choice",
            anchor: "|",
            edit: |text, at| Some(insert(text, at + 1, "再")),
            required: Some(Wording),
            allowed: &[Wording],
        },
        EditKind {
            name: "a phrase's action replaced by words",
            anchor: "or act stay_silent",
            edit: |text, at| {
                let (_, end) = line_at(text, at);
                Some(format!("{}or say \"请稍候\"{}", &text[..at], &text[end..]))
            },
            required: Some(Wording),
            allowed: &[Wording],
        },
        EditKind {
            name: "an article's title",
            anchor: "\narticle ",
            edit: |text, at| into_first_string(text, at + 1, "新"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "an article's number",
            anchor: "\narticle ",
            edit: |text, at| {
                let digits = at + "\narticle ".len();
                Some(insert(text, digits, "9"))
            },
            required: Some(Breaking),
            allowed: &[Breaking, Selection],
        },
        EditKind {
            name: "guidance",
            anchor: "guidance \"",
            edit: |text, at| into_first_string(text, at, "请"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "an article's condition narrowed",
            anchor: "\n  in ",
            edit: |text, at| {
                let (_, end) = line_at(text, at + 1);
                Some(insert(text, end, " and segment = enterprise"))
            },
            required: Some(Selection),
            allowed: &[Selection],
        },
        EditKind {
            name: "a step's condition negated",
            anchor: "step when ",
            edit: |text, at| {
                let (_, end) = line_at(text, at);
                let equal = text[at..end].find(" = ")? + at;
                Some(format!("{} != {}", &text[..equal], &text[equal + 3..]))
            },
            required: Some(Wording),
            allowed: &[Wording],
        },
        EditKind {
            name: "a case's label",
            anchor: "  case \"",
            edit: |text, at| into_first_string(text, at, "若"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "a fact value's label",
            anchor: "\",\n",
            edit: |text, at| into_last_string(text, at, "已"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "a value added to a fact",
            anchor: "\" {\n",
            edit: |text, at| Some(insert(text, at + 4, "  added_value \"新增的值\",\n")),
            required: Some(Breaking),
            allowed: &[Breaking, Selection],
        },
        EditKind {
            name: "a `never` rule removed",
            anchor: "\nnever ",
            edit: |text, at| {
                let (_, end) = line_at(text, at + 1);
                Some(format!("{}{}", &text[..at], &text[end..]))
            },
            required: Some(Selection),
            allowed: &[Selection],
        },
        EditKind {
            name: "a `never` rule's reason",
            anchor: "because \"",
            edit: |text, at| into_first_string(text, at, "因为"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "a constant's value",
            anchor: "\" = \"",
            edit: |text, at| Some(insert(text, at + 5, "0")),
            required: Some(Wording),
            allowed: &[Wording],
        },
        EditKind {
            name: "a constant's label",
            anchor: "\nconst ",
            edit: |text, at| into_first_string(text, at + 1, "本地"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "a slot's label",
            anchor: "\nslot ",
            edit: |text, at| into_last_string(text, at + 1, "的"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "an enum slot's spoken label",
            anchor: "{ male \"",
            edit: |text, at| into_first_string(text, at, "尊敬的"),
            required: Some(Wording),
            allowed: &[Wording],
        },
        EditKind {
            name: "a number slot's range",
            anchor: "number(1..",
            edit: |text, at| Some(insert(text, at + "number(".len(), "2")),
            required: Some(Breaking),
            allowed: &[Breaking],
        },
        EditKind {
            name: "a number slot's unit",
            anchor: "  unit \"",
            edit: |text, at| into_first_string(text, at, "个"),
            required: Some(Wording),
            allowed: &[Wording],
        },
        EditKind {
            name: "a slot's note",
            anchor: "  note \"",
            edit: |text, at| into_first_string(text, at, "注："),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "a slot's example",
            anchor: "  example \"",
            edit: |text, at| into_first_string(text, at, "1"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "a segment's label",
            anchor: "\nsegment ",
            edit: |text, at| into_first_string(text, at + 1, "重要"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "an action's label",
            anchor: "\naction ",
            edit: |text, at| into_first_string(text, at + 1, "继续"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "a decision's label",
            anchor: "\ndecision ",
            edit: |text, at| into_first_string(text, at + 1, "当"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "a chapter's title",
            anchor: "\nchapter ",
            edit: |text, at| into_first_string(text, at + 1, "附"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "a section's title",
            anchor: "\nsection ",
            edit: |text, at| into_first_string(text, at + 1, "附"),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "the spec's version",
            anchor: "version \"",
            edit: |text, at| into_first_string(text, at, "1."),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
        EditKind {
            name: "an article's incomplete note",
            anchor: "incomplete \"",
            edit: |text, at| into_first_string(text, at, "注意："),
            required: Some(Documentation),
            allowed: &[Documentation],
        },
    ]
}

/// One edit: the kind, the file and the byte after which it applies.
#[derive(Clone, Debug)]
struct Edit {
    kind: usize,
    file: usize,
    at: usize,
}

/// Where the declaration or article an edit changes starts: the last line at or before the
/// edit that starts with neither a space nor `#`.
fn block(input: &Input, kinds: &[EditKind], edit: &Edit) -> usize {
    let text = std::str::from_utf8(&input.bytes).expect("UTF-8");
    let mut at = edit.at + usize::from(kinds[edit.kind].anchor.starts_with('\n'));
    loop {
        let (start, _) = line_at(text, at.min(text.len()));
        let first = text[start..].chars().next();
        if start == 0 || first.is_some_and(|c| !c.is_whitespace() && c != '#') {
            return start;
        }
        at = start - 1;
    }
}

/// Every place each kind of edit applies, outside comments.
fn every_edit(rules: &[Input], kinds: &[EditKind]) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (kind_idx, kind) in kinds.iter().enumerate() {
        for (file, input) in rules.iter().enumerate() {
            let text = std::str::from_utf8(&input.bytes).expect("UTF-8");
            for (at, _) in text.match_indices(kind.anchor) {
                // The line of the anchor's last character that is not a line end.
                let probe = at + kind.anchor.trim_end_matches('\n').len().max(1) - 1;
                let (start, end) = line_at(text, probe.min(text.len()));
                if text[start..end].trim_start().starts_with('#') {
                    continue;
                }
                edits.push(Edit {
                    kind: kind_idx,
                    file,
                    at,
                });
            }
        }
    }
    edits
}

/// The rules with `edits` applied (later places first, so that earlier ones stay valid);
/// `None` when an edit does not apply.
fn edited(rules: &[Input], kinds: &[EditKind], edits: &[Edit]) -> Option<Vec<Input>> {
    let mut inputs = rules.to_vec();
    let mut ordered: Vec<&Edit> = edits.iter().collect();
    ordered.sort_by_key(|edit| std::cmp::Reverse((edit.file, edit.at)));
    for edit in ordered {
        let text = String::from_utf8(inputs[edit.file].bytes.clone()).expect("UTF-8");
        inputs[edit.file].bytes = (kinds[edit.kind].edit)(&text, edit.at)?.into_bytes();
    }
    Some(inputs)
}

/// The JSON output without its locations: the checked model, without where it was written
/// (the fuzz targets' own reading of "the same model").
fn meaning(compilation: &Compilation) -> serde_json::Value {
    crate::support::fuzz::model_without_locations(compilation)
}

struct Original {
    rules: Vec<Input>,
    compilation: Compilation,
    meaning: serde_json::Value,
}

fn original() -> &'static Original {
    static ORIGINAL: OnceLock<Original> = OnceLock::new();
    ORIGINAL.get_or_init(|| {
        let rules = bundled_rules();
        let compilation = phrasec::compile(&rules);
        let meaning = meaning(&compilation);
        Original {
            rules,
            compilation,
            meaning,
        }
    })
}

/// What an edited rule set gives: `None` when it does not compile cleanly of errors (the
/// edit made it invalid; the diff compares only valid rule sets).
struct Outcome {
    models_differ: bool,
    report: DiffReport,
}

fn outcome(inputs: &[Input]) -> Option<Outcome> {
    let original = original();
    let compilation = phrasec::compile(inputs);
    if compilation.has_errors() {
        return None;
    }
    Some(Outcome {
        models_differ: meaning(&compilation) != original.meaning,
        report: diff(&original.compilation.model, &compilation.model),
    })
}

fn classes(report: &DiffReport) -> BTreeSet<Impact> {
    report.entries.iter().map(|entry| entry.impact).collect()
}

#[test]
fn every_single_edit_is_seen_and_classified_by_its_kind() {
    let kinds = kinds();
    let original = original();
    let edits = every_edit(&original.rules, &kinds);
    let mut checked = vec![0usize; kinds.len()];
    let mut failures = Vec::new();
    for edit in &edits {
        let kind = &kinds[edit.kind];
        let Some(inputs) = edited(&original.rules, &kinds, std::slice::from_ref(edit)) else {
            continue;
        };
        let Some(outcome) = outcome(&inputs) else {
            continue;
        };
        checked[edit.kind] += 1;
        let found = classes(&outcome.report);
        let place = format!(
            "{} in {} at byte {}",
            kind.name, original.rules[edit.file].name, edit.at
        );
        if outcome.models_differ == outcome.report.is_empty() {
            failures.push(format!(
                "{place}: models differ: {}, diff: {:#?}",
                outcome.models_differ, outcome.report.entries
            ));
            continue;
        }
        let missing = kind.required.filter(|class| !found.contains(class));
        let outside: Vec<&Impact> = found
            .iter()
            .filter(|class| !kind.allowed.contains(class))
            .collect();
        if missing.is_some() || !outside.is_empty() {
            failures.push(format!(
                "{place}: expected {:?} within {:?}, found {found:?}: {:#?}",
                kind.required, kind.allowed, outcome.report.entries
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Every kind of edit was tried somewhere in the bundled rules (else the test of that
    // kind would pass vacuously).
    let untried: Vec<&str> = kinds
        .iter()
        .zip(&checked)
        .filter(|(_, n)| **n == 0)
        .map(|(kind, _)| kind.name)
        .collect();
    assert!(untried.is_empty(), "never applied: {untried:?}");
}

proptest! {
    #![proptest_config(crate::support::generators::config(64))]

    /// Two edits at once: the diff is non-empty exactly when the models differ, has each
    /// class an edit requires, and none that neither edit allows.
    #[test]
    fn two_random_edits_are_seen_and_classified(first in any::<prop::sample::Index>(), second in any::<prop::sample::Index>()) {
        let kinds = kinds();
        let original = original();
        let edits = every_edit(&original.rules, &kinds);
        let (first, second) = (first.get(&edits).clone(), second.get(&edits).clone());
        // Two edits of one declaration or article can undo or hide each other (an article
        // renumbered and retitled is another article): one of each.
        prop_assume!(first.file != second.file || block(&original.rules[first.file], &kinds, &first) != block(&original.rules[second.file], &kinds, &second));
        let inputs = edited(&original.rules, &kinds, &[first.clone(), second.clone()]);
        prop_assume!(inputs.is_some());
        let inputs = inputs.unwrap_or_default();
        let outcome = outcome(&inputs);
        prop_assume!(outcome.is_some());
        let Some(outcome) = outcome else { return Ok(()) };
        prop_assert_eq!(outcome.models_differ, !outcome.report.is_empty(), "{:#?}", outcome.report.entries);
        let (old, new) = (&original.compilation.model, &phrasec::compile(&inputs).model);
        let agreed = crate::support::situations::agree(old, new, &outcome.report);
        prop_assert!(agreed.is_ok(), "{}", agreed.unwrap_err());
        let found = classes(&outcome.report);
        let (a, b) = (&kinds[first.kind], &kinds[second.kind]);
        for required in [a.required, b.required].into_iter().flatten() {
            prop_assert!(found.contains(&required), "{} and {}: {:#?}", a.name, b.name, outcome.report.entries);
        }
        for class in &found {
            prop_assert!(a.allowed.contains(class) || b.allowed.contains(class), "{} and {}: {:#?}", a.name, b.name, outcome.report.entries);
        }
    }
}

/// Every single edit that may move situations: the diff's situation entries say exactly,
/// case by case, what `phrasec render --given` chooses in each version (brute force over every
/// case the two versions share).
#[test]
fn situations_listed_match_choosing_case_by_case() {
    let kinds = kinds();
    let original = original();
    let edits = every_edit(&original.rules, &kinds);
    let mut compared = 0;
    let mut failures = Vec::new();
    for edit in &edits {
        let kind = &kinds[edit.kind];
        if !kind.allowed.contains(&Selection) {
            continue;
        }
        let Some(inputs) = edited(&original.rules, &kinds, std::slice::from_ref(edit)) else {
            continue;
        };
        let compilation = phrasec::compile(&inputs);
        if compilation.has_errors() {
            continue;
        }
        let old = &original.compilation.model;
        let new = &compilation.model;
        let report = diff(old, new);
        compared += 1;
        if let Err(failure) = crate::support::situations::agree(old, new, &report) {
            failures.push(format!(
                "{} in {} at byte {}: {failure}",
                kind.name, original.rules[edit.file].name, edit.at
            ));
        }
    }
    assert!(compared >= 40, "only {compared} edits compared");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
