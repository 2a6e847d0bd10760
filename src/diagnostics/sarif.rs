//! SARIF 2.1.0 output for code-scanning tools. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`); there are no timestamps, so output is deterministic.
//! File names are relative to `%SRCROOT%` (the repository root: `originalUriBaseIds` names it
//! without an absolute path, which the uploader supplies). A failure to read an input or write
//! an output (E0006, E0008 without a location) is a tool execution notification, not a
//! result: the run did not complete.

use serde::Serialize;

use super::{CODES, Code, Diagnostic, LabelStyle, Severity};
use crate::source::{SourceMap, Span};

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    original_uri_base_ids: BaseIds,
    invocations: Vec<Invocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

/// The one base every location's `uri` is relative to.
#[derive(Serialize)]
struct BaseIds {
    #[serde(rename = "%SRCROOT%")]
    source_root: BaseId,
}

#[derive(Serialize)]
struct BaseId {
    description: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    descriptor: Descriptor,
}

#[derive(Serialize)]
struct Descriptor {
    id: &'static str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

/// The base of every location's `uri`.
pub const SOURCE_ROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn physical(sources: &SourceMap, span: Span) -> PhysicalLocation {
    let found = sources.location(span);
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: uri_path(&found.file),
            uri_base_id: SOURCE_ROOT,
        },
        region: Region {
            start_line: found.line,
            start_column: found.column,
            end_line: found.end_line,
            end_column: found.end_column,
        },
    }
}

/// Renders a SARIF log with one run.
pub fn render_sarif(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let rules = CODES
        .iter()
        .map(|info| Rule {
            id: info.code.as_str(),
            name: info.name,
            short_description: Text {
                text: info.summary.to_owned(),
            },
            full_description: Text {
                text: first_paragraph(info.explanation),
            },
            help: Help {
                text: format!("run `phrasec explain {}`", info.code),
                markdown: info.explanation.to_owned(),
            },
            default_configuration: Configuration {
                level: level(info.severity),
            },
        })
        .collect();
    let (failures, findings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diagnostics.iter().partition(|d| is_execution_failure(d));
    let notifications = failures
        .iter()
        .map(|failure| Notification {
            level: "error",
            message: Text {
                text: message_with_help(failure),
            },
            descriptor: Descriptor {
                id: failure.code.as_str(),
            },
        })
        .collect();
    let results = findings
        .into_iter()
        .map(|diagnostic| {
            let text = message_with_help(diagnostic);
            let primary = diagnostic.primary_span();
            let related_locations = diagnostic
                .labels
                .iter()
                .filter(|label| label.style == LabelStyle::Secondary || Some(label.span) != primary)
                .enumerate()
                .map(|(idx, label)| SarifLocation {
                    id: Some(idx),
                    physical_location: physical(sources, label.span),
                    message: Some(Text {
                        text: if label.message.is_empty() {
                            "related".to_owned()
                        } else {
                            label.message.clone()
                        },
                    }),
                })
                .collect();
            SarifResult {
                rule_id: diagnostic.code.as_str(),
                rule_index: diagnostic.code as usize,
                level: level(diagnostic.severity),
                message: Text { text },
                locations: primary
                    .map(|span| SarifLocation {
                        id: None,
                        physical_location: physical(sources, span),
                        message: None,
                    })
                    .into_iter()
                    .collect(),
                related_locations,
            }
        })
        .collect();
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "phrasec",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            original_uri_base_ids: BaseIds {
                source_root: BaseId {
                    description: Text {
                        text: "the root of the repository (git's top level) that phrasec ran in"
                            .to_owned(),
                    },
                },
            },
            invocations: vec![Invocation {
                execution_successful: failures.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether a diagnostic says the run could not complete: an input that cannot be read or an
/// output that cannot be written, with nothing in a rule file to point at.
fn is_execution_failure(diagnostic: &Diagnostic) -> bool {
    matches!(diagnostic.code, Code::E0006 | Code::E0008) && diagnostic.primary_span().is_none()
}

fn message_with_help(diagnostic: &Diagnostic) -> String {
    match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
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

/// A file name as the path of a relative URI: `/` and unreserved characters as they are,
/// every other byte (spaces, `%`, Chinese, …) percent-encoded.
pub fn uri_path(name: &str) -> String {
    let mut uri = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_percent_encode_what_is_not_unreserved() {
        assert_eq!(uri_path("rules/a b.phr"), "rules/a%20b.phr");
        assert_eq!(uri_path("rules/通话.phr"), "rules/%E9%80%9A%E8%AF%9D.phr");
        assert_eq!(uri_path("100%.phr"), "100%25.phr");
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
