//! Writes the checker's diagnostics in every [`OutputFormat`]: each diagnostic becomes an
//! [`output::Finding`] (its JSON record is `DiagnosticRecord`) and the format's one emitter
//! in `src/output/` writes it.
//!
//! Pure functions from values to bytes; printing is the CLI's business.

use serde::Serialize;

use super::{Applicability, CODES, Code, Diagnostic, LabelStyle, Severity, Suppressed};
use crate::output::sarif::{Configuration, Help, RuleDescriptor, Text, Tool};
use crate::output::{
    self, Coloring, Finding, FindingLabel, HumanForm, Level, Message, Place, Quality, Role, Side,
};
use crate::source::{Location, SourceMap};

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum OutputFormat {
    Human,
    Concise,
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`), shown as pull-request annotations.
    Github,
    /// GitLab Code Quality report (a JSON array).
    Gitlab,
    /// One JSON object per line.
    JsonLines,
}

impl OutputFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [OutputFormat; 7] = [
        OutputFormat::Human,
        OutputFormat::Concise,
        OutputFormat::Json,
        OutputFormat::Sarif,
        OutputFormat::Github,
        OutputFormat::Gitlab,
        OutputFormat::JsonLines,
    ];
}

/// Renders all diagnostics in one format (a wrapper over [`write_diagnostics`]). JSON output
/// is one array, always ending in a newline.
pub fn render_diagnostics(
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    format: OutputFormat,
    coloring: Coloring,
) -> String {
    let mut bytes: Vec<u8> = Vec::new();
    // Writing to a `Vec` cannot fail.
    let _ = write_diagnostics(&mut bytes, sources, diagnostics, format, coloring);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Writes all diagnostics in one format to `out`, one diagnostic after another (the human,
/// concise, JSON and JSON Lines formats never hold more than one diagnostic's text). At most
/// [`MAX_PER_CODE`](super::cap::MAX_PER_CODE) diagnostics of a code are written; the last one
/// written says how many more there were. Errors are those of `out`.
pub fn write_diagnostics(
    out: &mut dyn std::io::Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    format: OutputFormat,
    coloring: Coloring,
) -> std::io::Result<()> {
    write_report(out, sources, diagnostics, &[], format, coloring)
}

/// [`write_diagnostics`] with the warnings silenced in the source: the JSON, JSON Lines and
/// SARIF formats list them too, marked as suppressed with their justification (SARIF
/// `suppressions`); the formats people read leave them out.
pub fn write_report(
    out: &mut dyn std::io::Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    suppressed: &[Suppressed],
    format: OutputFormat,
    coloring: Coloring,
) -> std::io::Result<()> {
    let capped = super::cap::cap_per_code(diagnostics);
    let lists_suppressed = matches!(
        format,
        OutputFormat::Json | OutputFormat::JsonLines | OutputFormat::Sarif
    );
    if lists_suppressed && !suppressed.is_empty() {
        let mut all: Vec<(&Diagnostic, Option<&str>)> =
            capped.iter().map(|diagnostic| (diagnostic, None)).collect();
        all.extend(
            suppressed
                .iter()
                .map(|s| (&s.diagnostic, Some(s.justification.as_str()))),
        );
        all.sort_by(|a, b| a.0.cmp(b.0));
        let findings = all
            .into_iter()
            .map(|(diagnostic, suppression)| finding(sources, diagnostic, suppression));
        return match format {
            OutputFormat::Json => output::json::write(out, findings, output::json::Shape::Array),
            OutputFormat::Sarif => output::sarif::write(out, sarif_tool(), findings),
            _ => output::json_lines::write(out, findings),
        };
    }
    let findings = findings(sources, &capped);
    match format {
        OutputFormat::Human => output::human::write(out, findings, coloring, None),
        OutputFormat::Concise => output::concise::write(out, findings),
        OutputFormat::Json => output::json::write(out, findings, output::json::Shape::Array),
        OutputFormat::JsonLines => output::json_lines::write(out, findings),
        OutputFormat::Sarif => output::sarif::write(out, sarif_tool(), findings),
        OutputFormat::Github => output::github::write(out, findings),
        OutputFormat::Gitlab => output::gitlab::write(out, findings),
    }
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    }
}

/// The diagnostics as findings, for an emitter of `crate::output`.
pub fn findings<'a>(
    sources: &'a SourceMap,
    diagnostics: &'a [Diagnostic],
) -> impl Iterator<Item = Finding<'a, DiagnosticRecord<'a>>> {
    diagnostics
        .iter()
        .map(move |diagnostic| finding(sources, diagnostic, None))
}

/// A diagnostic as a finding: its code is the rule, its labels the places (all in
/// `sources`, the rule set on disk); `suppression` is the justification of a warning silenced
/// in the source.
fn finding<'a>(
    sources: &'a SourceMap,
    diagnostic: &'a Diagnostic,
    suppression: Option<&'a str>,
) -> Finding<'a, DiagnosticRecord<'a>> {
    Finding {
        rule_id: diagnostic.code.as_str(),
        rule_index: diagnostic.code as usize,
        title: format!("{} {}", diagnostic.code, diagnostic.code.info().name).into(),
        level: level(diagnostic.severity),
        quality: match diagnostic.severity {
            Severity::Error => Quality::Major,
            Severity::Warning => Quality::Minor,
        },
        role: if is_execution_failure(diagnostic) {
            Role::RunFailure
        } else {
            Role::Result
        },
        human: HumanForm::Drawn,
        message: Message::prose(diagnostic.message.as_str()),
        detail: Vec::new(),
        labels: diagnostic
            .labels
            .iter()
            .map(|label| FindingLabel {
                place: Place {
                    sources,
                    span: label.span,
                    side: Side::Current,
                },
                message: &label.message,
                style: label.style,
            })
            .collect(),
        notes: &diagnostic.notes,
        help: diagnostic.help.as_deref(),
        suppression,
        record: DiagnosticRecord {
            sources,
            diagnostic,
            suppression,
        },
    }
}

/// Whether a diagnostic says the run could not complete: an input that cannot be read or an
/// output that cannot be written, with nothing in a rule file to point at.
fn is_execution_failure(diagnostic: &Diagnostic) -> bool {
    matches!(diagnostic.code, Code::E0006 | Code::E0008) && diagnostic.primary_span().is_none()
}

/// Every code of the registry as a SARIF rule, in registry order (a result's `ruleIndex` is
/// its code's place).
fn sarif_tool() -> Tool<'static> {
    let rules = CODES
        .iter()
        .map(|info| RuleDescriptor {
            id: info.code.as_str(),
            name: Some(info.name),
            short_description: Text {
                text: info.summary.to_owned(),
            },
            full_description: Text {
                text: first_paragraph(info.explanation),
            },
            help: Some(Help {
                text: format!("run `phrasec explain {}`", info.code),
                markdown: info.explanation.to_owned(),
            }),
            default_configuration: Some(Configuration::of(level(info.severity))),
        })
        .collect();
    Tool {
        name: "phrasec",
        rules,
    }
}

/// The first paragraph of an explanation (after its `# CODE: name` heading), on one line.
fn first_paragraph(explanation: &str) -> String {
    explanation
        .lines()
        .skip_while(|line| line.starts_with('#') || line.trim().is_empty())
        .take_while(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A diagnostic's JSON record, built when it is serialised (so that the other formats never
/// compute its locations).
pub struct DiagnosticRecord<'a> {
    sources: &'a SourceMap,
    diagnostic: &'a Diagnostic,
    suppression: Option<&'a str>,
}

impl Serialize for DiagnosticRecord<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut record = JsonDiagnostic::new(self.sources, self.diagnostic);
        record.suppressed = self.suppression.map(|justification| JsonSuppression {
            kind: "in-source",
            justification,
        });
        record.serialize(serializer)
    }
}

/// One diagnostic in the `json` and `json-lines` formats.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    location: Option<Location>,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    notes: &'a [String],
    fix: Option<JsonFix<'a>>,
    /// Present when a `# phrasec: allow(…)` comment silences the warning.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<JsonSuppression<'a>>,
}

#[derive(Serialize)]
struct JsonSuppression<'a> {
    kind: &'static str,
    justification: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    #[serde(flatten)]
    location: Location,
    message: &'a str,
    primary: bool,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    location: Location,
    replacement: &'a str,
}

impl<'a> JsonDiagnostic<'a> {
    fn new(sources: &SourceMap, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
        JsonDiagnostic {
            code: diagnostic.code.as_str(),
            name: diagnostic.code.info().name,
            severity: diagnostic.severity.as_str(),
            message: &diagnostic.message,
            location: diagnostic.primary_span().map(|span| sources.location(span)),
            labels: diagnostic
                .labels
                .iter()
                .map(|label| JsonLabel {
                    location: sources.location(label.span),
                    message: &label.message,
                    primary: label.style == LabelStyle::Primary,
                })
                .collect(),
            help: diagnostic.help.as_deref(),
            notes: &diagnostic.notes,
            fix: diagnostic.fix.as_ref().map(|fix| JsonFix {
                message: &fix.message,
                applicability: match fix.applicability {
                    Applicability::MachineApplicable => "machine-applicable",
                    Applicability::MaybeIncorrect => "maybe-incorrect",
                },
                edits: fix
                    .edits
                    .iter()
                    .map(|edit| JsonEdit {
                        location: sources.location(edit.span),
                        replacement: &edit.replacement,
                    })
                    .collect(),
            }),
            suppressed: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ALL` lists every format once: a new variant fails this `match` until it is added.
    #[test]
    fn all_lists_every_format_once() {
        for (idx, format) in OutputFormat::ALL.into_iter().enumerate() {
            let expected = match format {
                OutputFormat::Human => 0,
                OutputFormat::Concise => 1,
                OutputFormat::Json => 2,
                OutputFormat::Sarif => 3,
                OutputFormat::Github => 4,
                OutputFormat::Gitlab => 5,
                OutputFormat::JsonLines => 6,
            };
            assert_eq!(idx, expected, "{format:?}");
        }
    }

    #[test]
    fn full_descriptions_are_the_explanations_first_paragraph() {
        let text = first_paragraph(Code::E0107.info().explanation);
        assert!(
            !text.is_empty() && !text.starts_with('#') && !text.contains('\n'),
            "{text}"
        );
    }
}
