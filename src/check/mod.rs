//! Checking: name resolution into the [`model::Model`], then slot, condition and coverage
//! checks over the model.
//!
//! Reads the AST only in `resolve`; every other pass reads the model. Never parses text and
//! never does I/O.

mod cases;
mod conditions;
pub mod constants;
pub mod coverage;
pub mod decisions;
pub mod model;
#[cfg(test)]
mod model_tests;
pub mod number;
mod resolve;
pub mod slot_text;
mod slots;
pub mod space;
pub mod suggest;
pub mod values;

pub use resolve::{resolve, resolve_owned};

use crate::diagnostics::Diagnostic;
use model::Model;

/// The checks that run on a resolved model: slots, conditions, cases, coverage of decisions. The
/// decisions' coverage runs beside the per-article checks (rayon's `join`); the order of the
/// diagnostics is the caller's to fix (`diagnostics::sort_diagnostics`).
pub fn check_model(model: &Model) -> Vec<Diagnostic> {
    let (coverage, mut diagnostics) = rayon::join(
        || decisions::check_decisions(model),
        || {
            let mut diagnostics = slots::check_slots(model);
            diagnostics.extend(conditions::check_conditions(model));
            diagnostics.extend(cases::check_cases(model));
            diagnostics
        },
    );
    diagnostics.extend(coverage);
    diagnostics
}
