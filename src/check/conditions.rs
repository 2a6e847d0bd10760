//! Condition checks: conditions that can never hold (contradictions, or only impossible
//! cases), and tests that always hold where they stand.

use super::coverage::{Cube, covered};
use super::model::{BodyItem, Case, Condition, Model, Test, TestOrigin};
use super::space::Space;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;

/// Checks every article, case and step condition of the model.
pub fn check_conditions(model: &Model) -> Vec<Diagnostic> {
    let space = Space::global(model);
    if space.too_large() {
        return Vec::new();
    }
    let impossible: Vec<(Cube, Span)> = model
        .impossible
        .iter()
        .filter_map(|never| space.cube(&never.condition).map(|cube| (cube, never.span)))
        .collect();
    let checker = ConditionChecker {
        model,
        full: space.full(),
        impossible_cubes: impossible.iter().map(|(cube, _)| cube.as_slice()).collect(),
        space: &space,
        impossible: &impossible,
    };
    let mut diagnostics = Vec::new();
    let always = Condition::default();
    for article in &model.articles {
        let what = || format!("article {}", article.number);
        let reachable = checker.check(&always, &article.condition, what, &mut diagnostics);
        if !reachable {
            continue;
        }
        let mut step_number = 0;
        for item in &article.body {
            match item {
                BodyItem::Case(case) => {
                    let Case {
                        condition, label, ..
                    } = &**case;
                    let what = || match label {
                        Some(label) => format!("the case `{label}` of article {}", article.number),
                        None => format!("a case of article {}", article.number),
                    };
                    checker.check(&article.condition, condition, what, &mut diagnostics);
                }
                BodyItem::Step(step) => {
                    step_number += 1;
                    let Some(condition) = &step.condition else {
                        continue;
                    };
                    let what = || match &step.label {
                        Some(label) => format!("the step `{label}` of article {}", article.number),
                        None => format!("step {step_number} of article {}", article.number),
                    };
                    checker.check(&article.condition, condition, what, &mut diagnostics);
                }
                BodyItem::Guidance { .. } | BodyItem::Utterances(_) => {}
            }
        }
    }
    diagnostics
}

struct ConditionChecker<'a> {
    model: &'a Model,
    full: Cube,
    /// The cubes of `impossible`.
    impossible_cubes: Vec<&'a [u64]>,
    space: &'a Space,
    impossible: &'a [(Cube, Span)],
}

impl ConditionChecker<'_> {
    /// Checks `own` in the context of `context`; returns whether the combination can hold.
    /// `what` names the condition in messages.
    fn check(
        &self,
        context: &Condition,
        own: &Condition,
        what: impl Fn() -> String,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> bool {
        if own.tests.is_empty() {
            return true;
        }
        let Some(context_cube) = self.space.cube(context) else {
            return true;
        };
        // Each test as (dimension, the cube's mask for it); `None` if one tests a dimension
        // outside the space.
        let masks: Option<Vec<(usize, u64)>> = own
            .tests
            .iter()
            .map(|test| {
                let dim = self.space.dim_index(test.dimension)?;
                Some((dim, self.space.test_mask(dim, test) & self.full[dim]))
            })
            .collect();
        let Some(masks) = masks else {
            return true;
        };
        let mut cube = context_cube.clone();
        for &(dim, mask) in &masks {
            cube[dim] &= mask;
        }
        if let Some(dim) = cube.iter().position(|&mask| mask == 0) {
            diagnostics.push(self.contradiction(context, own, dim, &what()));
            return false;
        }
        if !self.possible(&cube) {
            diagnostics.push(self.only_impossible(own, &cube, &what()));
            return false;
        }
        // Per test, the masks of the other tests on its dimension, joined: the running join
        // of those before it, then of those after it (linear in the number of tests).
        let mut others_on_dim = vec![u64::MAX; masks.len()];
        let mut running = vec![u64::MAX; cube.len()];
        for (idx, &(dim, mask)) in masks.iter().enumerate() {
            others_on_dim[idx] = running[dim];
            running[dim] &= mask;
        }
        running.fill(u64::MAX);
        for (idx, &(dim, mask)) in masks.iter().enumerate().rev() {
            others_on_dim[idx] &= running[dim];
            running[dim] &= mask;
        }
        let mut others = cube.clone();
        for (idx, test) in own.tests.iter().enumerate() {
            if test.origin == TestOrigin::Section {
                continue;
            }
            // The cases where every other test holds and this one does not.
            others.copy_from_slice(&cube);
            let (dim, mask) = masks[idx];
            others[dim] = context_cube[dim] & others_on_dim[idx] & !mask;
            if !self.possible(&others) {
                diagnostics.push(self.always_holds(test, &others, &what()));
            }
        }
        true
    }

    /// Whether some case of `cube` is not excluded by a `never` declaration.
    fn possible(&self, cube: &Cube) -> bool {
        if cube.contains(&0) || self.space.sizes.contains(&0) {
            return false;
        }
        !covered(cube, &self.impossible_cubes)
    }

    fn contradiction(
        &self,
        context: &Condition,
        own: &Condition,
        dim: usize,
        what: &str,
    ) -> Diagnostic {
        let dimension = self.space.dims[dim];
        let tests: Vec<&Test> = context
            .tests
            .iter()
            .chain(&own.tests)
            .filter(|test| test.dimension == dimension)
            .collect();
        let texts: Vec<String> = tests
            .iter()
            .map(|test| format!("`{}`", self.model.test_text(test)))
            .collect();
        let subject = self.model.dimension_name(dimension);
        let mut diagnostic = Diagnostic::new(
            Code::E0202,
            format!("the condition of {what} can never hold"),
        );
        for (idx, test) in tests.iter().enumerate() {
            diagnostic = if idx + 1 == tests.len() {
                diagnostic.primary(test.span, "cannot hold together with the rest")
            } else {
                diagnostic.secondary(test.span, "")
            };
        }
        diagnostic
            .note(format!(
                "no value of `{subject}` satisfies {}",
                join_and(&texts)
            ))
            .help(format!(
                "a fact has one value at a time; use `{subject} in {{…}}` to allow several"
            ))
    }

    fn only_impossible(&self, own: &Condition, cube: &Cube, what: &str) -> Diagnostic {
        let span = condition_span(own);
        let mut diagnostic = Diagnostic::new(
            Code::E0202,
            format!("the condition of {what} holds only in impossible cases"),
        )
        .primary(
            span,
            format!("holds only when {}", self.space.describe(self.model, cube)),
        );
        for (never, never_span) in self.impossible {
            if never.iter().zip(cube).all(|(n, c)| n & c != 0) {
                diagnostic = diagnostic.secondary(*never_span, "declared impossible here");
            }
        }
        diagnostic
            .help("change the condition, or remove the `never` declaration if the case can happen")
    }

    fn always_holds(&self, test: &Test, others: &Cube, what: &str) -> Diagnostic {
        let text = self.model.test_text(test);
        let mut diagnostic = Diagnostic::new(
            Code::W0204,
            format!("the test `{text}` in {what} always holds"),
        )
        .primary(test.span, "always true here");
        let excluded_by_never = !others.contains(&0);
        if excluded_by_never {
            for (never, never_span) in self.impossible {
                if never.iter().zip(others).all(|(n, c)| n & c != 0) {
                    diagnostic =
                        diagnostic.secondary(*never_span, "the other cases are impossible");
                }
            }
        }
        diagnostic.help("remove the test, or check whether another value was meant")
    }
}

/// The span from the first to the last written test of a condition.
pub fn condition_span(condition: &Condition) -> Span {
    let mut tests = condition
        .tests
        .iter()
        .filter(|test| test.origin == TestOrigin::Written);
    let Some(first) = tests.next() else {
        return Span::default();
    };
    tests
        .filter(|test| test.span.file == first.span.file)
        .fold(first.span, |span, test| span.to(test.span))
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
