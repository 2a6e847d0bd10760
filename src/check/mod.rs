//! Checking: name resolution into the [`model::Model`], then slot, condition and coverage
//! checks over the model.
//!
//! Reads the AST only in `resolve`; every other pass reads the model. Never parses text and
//! never does I/O.

mod conditions;
pub mod coverage;
pub mod decisions;
pub mod model;
#[cfg(test)]
mod model_tests;
pub mod number;
mod resolve;
mod slots;
pub mod space;
pub mod suggest;
pub mod values;

pub use resolve::{resolve, resolve_owned};

use crate::diagnostics::Diagnostic;
use model::Model;

/// The checks that run on a resolved model: slots, conditions, coverage of decisions.
pub fn check_model(model: &Model) -> Vec<Diagnostic> {
    let per_article = || {
        let mut diagnostics = slots::check_slots(model);
        diagnostics.extend(conditions::check_conditions(model));
        diagnostics
    };
    if model.articles.len() < PARALLEL_MIN_ARTICLES {
        let mut diagnostics = per_article();
        diagnostics.extend(decisions::check_decisions(model));
        return diagnostics;
    }
    // On a large model the slot and condition checks run beside the decisions' coverage;
    // the diagnostics are joined in the same order as on one thread.
    let (coverage, mut diagnostics) =
        crate::parallel::join(|| decisions::check_decisions(model), per_article);
    diagnostics.extend(coverage);
    diagnostics
}

/// Models (or decisions) with fewer articles than this are checked on one thread.
const PARALLEL_MIN_ARTICLES: usize = 2_000;
