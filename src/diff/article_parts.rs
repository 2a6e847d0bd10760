//! The parts of an article kept under its number that are not its phrases: title and place
//! (read), decision, condition, segment and precedence (which article is chosen), its cases'
//! conditions (which case is chosen), its steps' conditions (when a phrase is said), the
//! labels of steps and cases and its guidance (read).

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, DiffReport, Impact, Version};
use crate::check::model::{Article, BodyItem, Condition, Model, TestOrigin};

/// A part's name in messages, who a change to it affects, and its text.
type Part = (String, Impact, String);

pub(super) fn article_parts(
    old_model: &Model,
    new_model: &Model,
    old: &Article,
    new: &Article,
    report: &mut DiffReport,
) {
    let before: BTreeMap<String, (Impact, String)> = parts(old_model, old)
        .into_iter()
        .map(|(name, impact, text)| (name, (impact, text)))
        .collect();
    let after: BTreeMap<String, (Impact, String)> = parts(new_model, new)
        .into_iter()
        .map(|(name, impact, text)| (name, (impact, text)))
        .collect();
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let none = (Impact::Documentation, "(none)".to_owned());
    for name in names {
        let (old_impact, old_text) = before.get(name).unwrap_or(&none);
        let (new_impact, new_text) = after.get(name).unwrap_or(&none);
        if old_text == new_text {
            continue;
        }
        // A part that appears or disappears affects whom the part it is affects.
        let impact = if after.contains_key(name) {
            *new_impact
        } else {
            *old_impact
        };
        report.push(
            impact,
            Change::ArticleChanged {
                article: new.number,
                part: name.clone(),
                old: old_text.clone(),
                new: new_text.clone(),
            },
            Some((Version::New, new.number_span)),
        );
    }
}

/// An article's parts, in the order of the source.
fn parts(model: &Model, article: &Article) -> Vec<Part> {
    let condition = |condition: &Condition| {
        model
            .condition_text(condition)
            .unwrap_or_else(|| "always".to_owned())
    };
    let chapter = article.chapter.map_or("(none)".to_owned(), |c| {
        model.chapters[c].number.to_string()
    });
    let section = article.section.map_or("(none)".to_owned(), |s| {
        model.sections[s].number.to_string()
    });
    let decision = article
        .decision
        .map_or("(none)", |d| model.decisions[d].name.as_str());
    // The tests its section implies (`for household`); written tests are its condition.
    let from_section: Vec<String> = article
        .condition
        .tests
        .iter()
        .filter(|test| test.origin == TestOrigin::Section)
        .map(|test| model.test_text(test))
        .collect();
    let general_for: Vec<&str> = article
        .general_for
        .iter()
        .map(|&segment| model.segments[segment].name.as_str())
        .collect();
    let mut parts: Vec<Part> = vec![
        ("title".into(), Impact::Documentation, article.title.clone()),
        ("chapter".into(), Impact::Documentation, chapter),
        ("section".into(), Impact::Documentation, section),
        ("decision".into(), Impact::Selection, decision.to_owned()),
        (
            "condition".into(),
            Impact::Selection,
            condition(&article.condition),
        ),
        (
            "segment from its section".into(),
            Impact::Selection,
            from_section.join(" and "),
        ),
        (
            "general for".into(),
            Impact::Selection,
            general_for.join(", "),
        ),
        (
            "incomplete".into(),
            Impact::Documentation,
            article.incomplete.as_deref().unwrap_or("(none)").to_owned(),
        ),
    ];
    let (mut steps, mut cases, mut guidance) = (0, 0, 0);
    for item in article.body.iter() {
        match item {
            BodyItem::Guidance { text, .. } => {
                guidance += 1;
                parts.push((
                    format!("guidance {guidance}"),
                    Impact::Documentation,
                    text.clone(),
                ));
            }
            BodyItem::Step(step) => {
                steps += 1;
                let when = step
                    .condition
                    .as_ref()
                    .map_or("always".to_owned(), condition);
                parts.push((format!("condition of step {steps}"), Impact::Wording, when));
                let label = step.label.as_deref().unwrap_or("(none)").to_owned();
                parts.push((
                    format!("label of step {steps}"),
                    Impact::Documentation,
                    label,
                ));
            }
            BodyItem::Case(case) => {
                cases += 1;
                parts.push((
                    format!("condition of case {cases}"),
                    Impact::Selection,
                    condition(&case.condition),
                ));
                let label = case.label.as_deref().unwrap_or("(none)").to_owned();
                parts.push((
                    format!("label of case {cases}"),
                    Impact::Documentation,
                    label,
                ));
            }
            BodyItem::Utterances(_) => {}
        }
    }
    parts
}
