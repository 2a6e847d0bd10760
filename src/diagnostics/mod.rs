//! The diagnostic value every pass returns, and how it reaches the output formats.
//!
//! Passes build [`Diagnostic`] values; [`render`] turns them into findings for the emitters
//! of `src/output/`.

mod cap;
mod codes;
mod fixes;
mod miette_impl;
pub mod render;
mod suppressions;

pub use crate::output::{Coloring, LabelStyle};
pub use cap::{MAX_PER_CODE, cap_per_code, cap_per_code_at};
pub use codes::{CODES, Code, CodeInfo, Severity, lookup};
pub use fixes::{FixedText, apply_machine_applicable};
pub use miette_impl::MietteDiagnostic;
pub use render::{OutputFormat, render_diagnostics, write_diagnostics, write_report};
pub use suppressions::{Suppressed, UnusedSuppressions, apply_suppressions};

use crate::source::Span;

/// A labelled span: the primary label says what is wrong there, secondary ones give context.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Label {
    pub span: Span,
    pub message: String,
    pub style: LabelStyle,
}

/// One finding: a stable code, its severity, a one-line message, labelled spans and help.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// A suggested change to the source, if one can be given (boxed: most have none).
    pub fix: Option<Box<Fix>>,
}

/// Replace the text of `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// How safe it is to apply a fix without looking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// `phrasec check --fix` applies it.
    MachineApplicable,
    /// Shown as a suggestion only.
    MaybeIncorrect,
}

/// A suggested change: non-overlapping edits in one file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.info().severity,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            fix: None,
        }
    }

    /// Attaches a fix.
    pub fn fix(
        mut self,
        message: impl Into<String>,
        edits: Vec<Edit>,
        applicability: Applicability,
    ) -> Diagnostic {
        self.fix = Some(Box::new(Fix {
            message: message.into(),
            edits,
            applicability,
        }));
        self
    }

    pub fn primary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
            style: LabelStyle::Primary,
        });
        self
    }

    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
            style: LabelStyle::Secondary,
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The span of the first primary label, if any.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels
            .iter()
            .find(|label| label.style == LabelStyle::Primary)
            .map(|label| label.span)
    }
}

/// Sorts diagnostics into the one order every output uses: by the primary label's file and
/// position (diagnostics without one first), then code, then message, then the rest of the
/// diagnostic (labels, help, notes, fix), so that the order is total and never depends on the
/// order the passes, or their threads, found them in.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|left, right| {
        let left_key = (left.primary_span(), left.code.as_str(), &left.message);
        let right_key = (right.primary_span(), right.code.as_str(), &right.message);
        left_key.cmp(&right_key).then_with(|| left.cmp(right))
    });
}

/// Promotes every warning to an error (`--deny-warnings`).
pub fn deny_warnings(diagnostics: &mut [Diagnostic]) {
    for diagnostic in diagnostics {
        diagnostic.severity = Severity::Error;
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
