//! The cases of an article checked like a small decision: together they must cover every
//! situation the article applies to (W0206) and never two at once (E0204); and a plain phrase
//! written after a step or case, which would be said unconditionally, is refused (E0205).
//!
//! An article of a decision is left to the decision's coverage (`decisions.rs`), whose rules
//! its cases are; this pass checks the cases of the other articles, over every fact.

use super::conditions::condition_span;
use super::coverage::{
    CoverageInput, CoverageRule, Cube, LeafRecording, OverlapRecording, analyse,
};
use super::decisions::MAX_WITNESSES;
use super::model::{Article, BodyItem, Case, Dimension, Model};
use super::space::Space;
use crate::diagnostics::{Applicability, Code, Diagnostic, Edit};
use crate::source::Span;

/// Checks the bodies of every article: the order of their items, and the coverage of their
/// cases.
pub fn check_cases(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for article in &model.articles {
        phrases_after_steps(model, article, &mut diagnostics);
    }
    let space = Space::global(model);
    if space.too_large() || space.sizes.contains(&0) {
        return diagnostics;
    }
    let impossible: Vec<Cube> = model
        .impossible
        .iter()
        .filter_map(|never| space.cube(&never.condition))
        .collect();
    for article in &model.articles {
        if article.decision.is_none() {
            CaseCheck {
                model,
                space: &space,
                article,
            }
            .run(&impossible, &mut diagnostics);
        }
    }
    diagnostics
}

/// E0205: a plain phrase after a step or a case belongs to neither, so nothing written in the
/// step's or case's condition governs it, although the layout suggests it does.
fn phrases_after_steps(model: &Model, article: &Article, diagnostics: &mut Vec<Diagnostic>) {
    let mut governing: Option<(&str, Span)> = None;
    for item in &article.body {
        match item {
            BodyItem::Step(step) => governing = Some(("step", step.span)),
            BodyItem::Case(case) => governing = Some(("case", case.span)),
            BodyItem::Guidance { .. } => {}
            BodyItem::Utterances(utterances) => {
                let Some((kind, span)) = governing else {
                    continue;
                };
                let first = utterances_text(model, utterances);
                diagnostics.push(
                    Diagnostic::new(
                        Code::E0205,
                        format!(
                            "`{first}` follows a {kind} of article {} but is not part of it",
                            article.number
                        ),
                    )
                    .primary(utterances.span, format!("said whatever the {kind}'s condition"))
                    .secondary(span, format!("the {kind} ends here"))
                    .help(format!(
                        "join it to the {kind} with `or`, start a new `{kind}` with it (repeating the condition), or move it before the first {kind}"
                    )),
                );
            }
        }
    }
}

/// The first option of a phrase, as written: `act hang_up` or the start of the phrase.
fn utterances_text(model: &Model, utterances: &super::model::Utterances) -> String {
    match utterances.options.first() {
        Some(super::model::Utterance::Act { action, .. }) => {
            format!("act {}", model.actions[*action].name)
        }
        Some(super::model::Utterance::Say(template)) => {
            let text: String = model.text(template.span).chars().take(12).collect();
            format!("say {text}…")
        }
        None => String::new(),
    }
}

struct CaseCheck<'a> {
    model: &'a Model,
    space: &'a Space,
    article: &'a Article,
}

impl CaseCheck<'_> {
    fn run(&self, impossible: &[Cube], diagnostics: &mut Vec<Diagnostic>) {
        let cases: Vec<&Case> = self
            .article
            .body
            .iter()
            .filter_map(|item| match item {
                BodyItem::Case(case) => Some(&**case),
                _ => None,
            })
            .collect();
        if cases.is_empty() {
            return;
        }
        let Some(context) = self.space.cube(&self.article.condition) else {
            return;
        };
        // Outside the article's situation nothing is asked of its cases: those cases count as
        // impossible here.
        let full = self.space.full();
        let mut impossible = impossible.to_vec();
        for dim in 0..full.len() {
            if context[dim] != full[dim] {
                let mut outside = full.clone();
                outside[dim] = full[dim] & !context[dim];
                impossible.push(outside);
            }
        }
        let rules: Vec<CoverageRule> = cases
            .iter()
            .map(|case| {
                let mut cube = context.clone();
                self.space.restrict(&mut cube, &case.condition);
                CoverageRule { cube, level: 0 }
            })
            .collect();
        let input = CoverageInput {
            leaf_recording: LeafRecording::Skip,
            overlap_recording: OverlapRecording::Record,
            sizes: self.space.sizes.clone(),
            rules,
            impossible,
        };
        let report = analyse(&input);
        if !report.gaps.is_empty() {
            diagnostics.push(self.gaps(&report.gaps, &context, &cases));
        }
        for overlap in &report.overlaps {
            let (Some(&last), Some(cube)) = (overlap.rules.last(), overlap.cubes.first()) else {
                continue;
            };
            let names: Vec<String> = overlap
                .rules
                .iter()
                .map(|&idx| case_name(cases[idx], idx))
                .collect();
            let mut diagnostic = Diagnostic::new(
                Code::E0204,
                format!(
                    "the cases {} of article {} {} apply when `{}`",
                    join_and(&names),
                    self.article.number,
                    if names.len() == 2 { "both" } else { "all" },
                    self.space
                        .describe(self.model, &self.relative(cube, &context))
                ),
            )
            .primary(self.case_span(cases[last]), "applies here");
            for &earlier in &overlap.rules[..overlap.rules.len() - 1] {
                diagnostic =
                    diagnostic.secondary(self.case_span(cases[earlier]), "and so does this");
            }
            if overlap.cubes.len() > 1 {
                diagnostic = diagnostic.note(format!(
                    "they also overlap in {} more case groups",
                    overlap.cubes.len() - 1
                ));
            }
            diagnostics.push(diagnostic.help(
                "make the cases' conditions exclude each other: one phrase is said per situation",
            ));
        }
    }

    fn case_span(&self, case: &Case) -> Span {
        let span = condition_span(&case.condition);
        if span == Span::default() {
            case.span
        } else {
            span
        }
    }

    /// `gap` with every dimension the article's own condition already fixes written as
    /// unrestricted, so that a witness says only what the cases leave out.
    fn relative(&self, gap: &Cube, context: &Cube) -> Cube {
        let full = self.space.full();
        gap.iter()
            .zip(context)
            .zip(&full)
            .map(|((&gap, &context), &full)| if gap == context { full } else { gap })
            .collect()
    }

    /// W0206, with the missing situations as witnesses and a case for each as the fix.
    fn gaps(&self, gaps: &[Cube], context: &Cube, cases: &[&Case]) -> Diagnostic {
        let number = self.article.number;
        let witnesses: Vec<Cube> = gaps.iter().map(|gap| self.relative(gap, context)).collect();
        let shown: Vec<String> = witnesses
            .iter()
            .take(3)
            .map(|cube| format!("`{}`", self.space.describe(self.model, cube)))
            .collect();
        let more = witnesses.len() - shown.len();
        let listed = if more == 0 {
            join_and(&shown)
        } else {
            format!("{} and {more} more", shown.join(", "))
        };
        let mut diagnostic = Diagnostic::new(
            Code::W0206,
            format!("no case of article {number} applies to some of its situations: {listed} not covered"),
        )
        .primary(
            self.article.number_span,
            match gaps.len() {
                1 => "1 uncovered case group".to_owned(),
                n => format!("{n} uncovered case groups"),
            },
        );
        for cube in witnesses.iter().take(MAX_WITNESSES) {
            diagnostic = diagnostic.note(format!(
                "not covered: `{}`（{}）",
                self.space.describe(self.model, cube),
                self.space.describe_labels(self.model, cube)
            ));
        }
        if witnesses.len() > MAX_WITNESSES {
            diagnostic = diagnostic.note(format!(
                "{} more uncovered case groups are not listed",
                witnesses.len() - MAX_WITNESSES
            ));
        }
        diagnostic = diagnostic
            .help("add a case for these situations, or declare them impossible with `never …`");
        let skeletons: Vec<String> = witnesses
            .iter()
            .take(MAX_WITNESSES)
            .filter_map(|cube| self.condition_text(cube))
            .map(|condition| format!("\n  case \"…\" when {condition}\n    say \"…\""))
            .collect();
        match cases.last() {
            Some(last) if !skeletons.is_empty() => {
                let at = Span {
                    start: last.span.end,
                    ..last.span
                };
                diagnostic.fix(
                    "add a case for each missing situation",
                    vec![Edit {
                        span: at,
                        replacement: skeletons.concat(),
                    }],
                    Applicability::MaybeIncorrect,
                )
            }
            _ => diagnostic,
        }
    }

    /// The cube as a condition in the rule language (`delay = repair and segment in {a, b}`);
    /// `None` for a cube with no restriction.
    fn condition_text(&self, cube: &Cube) -> Option<String> {
        let full = self.space.full();
        let mut tests = Vec::new();
        for (idx, &dim) in self.space.dims.iter().enumerate() {
            if cube[idx] == full[idx]
                || (dim == Dimension::Segment && self.model.segments.is_empty())
            {
                continue;
            }
            let values: Vec<&str> = self
                .space
                .values_in(idx, cube[idx])
                .into_iter()
                .map(|value| self.model.value_name(dim, value))
                .collect();
            let subject = self.model.dimension_name(dim);
            tests.push(match values.as_slice() {
                [only] => format!("{subject} = {only}"),
                _ => format!("{subject} in {{{}}}", values.join(", ")),
            });
        }
        (!tests.is_empty()).then(|| tests.join(" and "))
    }
}

/// `` `设备安装时限长` `` or, for a case without a label, `case 2`.
fn case_name(case: &Case, idx: usize) -> String {
    match &case.label {
        Some(label) => format!("`{label}`"),
        None => format!("case {}", idx + 1),
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
