//! A compilation's diagnostics as the protocol's, per file: the primary label's range, the
//! code, the help and notes after the message, secondary labels as related information, and
//! W0101 (unused declaration) tagged unnecessary so editors grey the declaration out, and a
//! link to the code's explanation (`docs/codes/CODE.md` in the repository named by
//! Cargo.toml's `repository`; none when it names none).

use std::collections::BTreeMap;
use std::path::PathBuf;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, Range,
};
use phrasec::diagnostics::{Code, Diagnostic, LabelStyle, Severity};
use phrasec::source::Span;

use crate::lsp::documents::Documents;
use crate::lsp::uris::uri_of;
use crate::lsp::workspace::Snapshot;

/// The diagnostics of every file of the snapshot (an empty list for a clean file), by path.
pub fn per_file(
    snapshot: &Snapshot,
    documents: &Documents,
) -> BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> {
    let mut files: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> = snapshot
        .paths
        .iter()
        .map(|path| (path.clone(), Vec::new()))
        .collect();
    for diagnostic in &snapshot.compilation.diagnostics {
        let Some(primary) = primary_span(diagnostic) else {
            continue;
        };
        let Some(path) = snapshot.path_of(primary.file) else {
            continue;
        };
        let converted = convert(snapshot, documents, diagnostic, primary);
        files.entry(path.to_path_buf()).or_default().push(converted);
    }
    files
}

pub fn primary_span(diagnostic: &Diagnostic) -> Option<Span> {
    let primary = diagnostic
        .labels
        .iter()
        .find(|label| label.style == LabelStyle::Primary)
        .or(diagnostic.labels.first())?;
    Some(primary.span)
}

pub fn convert(
    snapshot: &Snapshot,
    documents: &Documents,
    diagnostic: &Diagnostic,
    primary: Span,
) -> lsp_types::Diagnostic {
    let mut message = diagnostic.message.clone();
    if let Some(primary_label) = diagnostic
        .labels
        .iter()
        .find(|label| label.span == primary && !label.message.is_empty())
    {
        message.push_str(&format!(": {}", primary_label.message));
    }
    if let Some(help) = &diagnostic.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    for note in &diagnostic.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .filter(|label| label.style == LabelStyle::Secondary)
        .filter_map(|label| {
            let path = snapshot.path_of(label.span.file)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri_of(path)?, range(snapshot, documents, label.span)),
                message: label.message.clone(),
            })
        })
        .collect();
    let tags = (diagnostic.code == Code::W0101).then(|| vec![DiagnosticTag::UNNECESSARY]);
    lsp_types::Diagnostic {
        range: range(snapshot, documents, primary),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_owned())),
        code_description: code_description(snapshot.explain_url.as_deref(), diagnostic.code),
        source: Some("phrasec".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags,
        data: None,
    }
}

/// The link to the explanation of `code`: `explain_url` with `{code}` replaced (none without
/// one, or when the result is not a URI).
fn code_description(explain_url: Option<&str>, code: Code) -> Option<CodeDescription> {
    let href = explain_url?.replace("{code}", code.as_str());
    Some(CodeDescription {
        href: href.parse().ok()?,
    })
}

/// The range of `span` in the editor's text of its file.
pub fn range(snapshot: &Snapshot, documents: &Documents, span: Span) -> Range {
    let index = documents.index(snapshot, span.file);
    Range::new(
        index.position(span.start as usize),
        index.position(span.end as usize),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_links_to_its_explanation() {
        let description =
            code_description(Some("https://example.org/codes/{code}.md"), Code::W0101);
        assert_eq!(
            description.unwrap().href.as_str(),
            "https://example.org/codes/W0101.md"
        );
        assert_eq!(code_description(None, Code::W0101), None);
    }
}
