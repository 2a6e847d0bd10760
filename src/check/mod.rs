//! Checking: name resolution into the [`model::Model`], then slot, condition and coverage
//! checks over the model.
//!
//! Reads the AST only in `resolve`; every other pass reads the model. Never parses text and
//! never does I/O.

mod conditions;
pub mod coverage;
pub mod decisions;
pub mod model;
mod resolve;
mod slots;
pub mod space;
pub mod suggest;
pub mod values;

pub use resolve::resolve;

use crate::diagnostics::Diagnostic;
use model::Model;

/// The checks that run on a resolved model: slots, conditions, coverage of decisions.
pub fn check_model(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = slots::check_slots(model);
    diagnostics.extend(conditions::check_conditions(model));
    diagnostics.extend(decisions::check_decisions(model));
    diagnostics
}
