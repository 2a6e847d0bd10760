//! Checking: name resolution into the [`model::Model`] (and, later, type and coverage checks).
//!
//! Reads the AST; never parses text and never does I/O.

pub mod model;
mod resolve;
pub mod suggest;
pub mod values;

pub use resolve::resolve;
