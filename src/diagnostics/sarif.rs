//! SARIF 2.1.0 output for code-scanning tools. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`); there are no timestamps, so output is deterministic.

use serde::Serialize;

use super::render::location;
use super::{CODES, Diagnostic, LabelStyle, Severity};
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
    column_kind: &'static str,
    results: Vec<SarifResult>,
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
struct ArtifactLocation {
    uri: String,
}

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
    let found = location(sources, span);
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: found.file.replace(' ', "%20"),
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
            help: Help {
                text: format!("run `phrasec explain {}`", info.code),
                markdown: info.explanation.to_owned(),
            },
            default_configuration: Configuration {
                level: level(info.severity),
            },
        })
        .collect();
    let results = diagnostics
        .iter()
        .map(|diagnostic| {
            let mut text = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
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
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
