//! `miette::Diagnostic` for phrasec's diagnostics, so build scripts and library users can
//! return them through miette with the source attached.

use std::fmt;

use miette::{LabeledSpan, NamedSource, SourceSpan};

use super::{Diagnostic, LabelStyle, Severity};
use crate::source::SourceMap;

/// A diagnostic bundled with the text of the file it points into.
#[derive(Debug)]
pub struct MietteDiagnostic {
    diagnostic: Diagnostic,
    source: Option<NamedSource<std::sync::Arc<str>>>,
}

impl MietteDiagnostic {
    /// Attaches the file of the diagnostic's first label (labels in other files are dropped).
    pub fn new(diagnostic: Diagnostic, sources: &SourceMap) -> MietteDiagnostic {
        let source = diagnostic.primary_span().map(|span| {
            let file = sources.get(span.file);
            NamedSource::new(file.name.clone(), file.text.clone()).with_language("phrasec")
        });
        MietteDiagnostic { diagnostic, source }
    }

    pub fn inner(&self) -> &Diagnostic {
        &self.diagnostic
    }
}

impl fmt::Display for MietteDiagnostic {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for MietteDiagnostic {}

impl miette::Diagnostic for MietteDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source
            .as_ref()
            .map(|source| source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary_file = self.diagnostic.primary_span().map(|span| span.file);
        let labels = self
            .diagnostic
            .labels
            .iter()
            .filter(move |label| Some(label.span.file) == primary_file)
            .map(|label| {
                let span = SourceSpan::from(label.span.range());
                let message = Some(label.message.clone()).filter(|text| !text.is_empty());
                match label.style {
                    LabelStyle::Primary => LabeledSpan::new_primary_with_span(message, span),
                    LabelStyle::Secondary => LabeledSpan::new_with_span(message, span),
                }
            });
        Some(Box::new(labels))
    }
}

impl Diagnostic {
    /// Wraps this diagnostic for miette, attaching its source text.
    pub fn into_miette(self, sources: &SourceMap) -> MietteDiagnostic {
        MietteDiagnostic::new(self, sources)
    }
}
