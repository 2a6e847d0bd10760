//! SARIF 2.1.0 output for code-scanning tools. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`); there are no timestamps, so output is deterministic.
//! File names are relative to `%SRCROOT%` (the repository root: `originalUriBaseIds` names it
//! without an absolute path, which the uploader supplies). A finding whose role is
//! [`Role::RunFailure`] is a tool execution notification, not a result: the run did not
//! complete.

use std::io::Write;

use serde::Serialize;

use super::{Finding, LabelStyle, Level, Place, Role};

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base of every location's `uri`.
const SOURCE_ROOT: &str = "%SRCROOT%";

/// The tool that ran: its name and the rules its findings refer to by index.
pub struct Tool<'a> {
    pub name: &'static str,
    pub rules: Vec<RuleDescriptor<'a>>,
}

/// One rule's metadata (`reportingDescriptor`); what a source does not know is left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleDescriptor<'a> {
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    pub short_description: Text,
    pub full_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Help>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_configuration: Option<Configuration>,
}

#[derive(Serialize)]
pub struct Text {
    pub text: String,
}

#[derive(Serialize)]
pub struct Help {
    pub text: String,
    pub markdown: String,
}

#[derive(Serialize)]
pub struct Configuration {
    pub level: &'static str,
}

impl Configuration {
    pub fn of(level: Level) -> Configuration {
        Configuration {
            level: level.as_str(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: ToolJson<'a>,
    original_uri_base_ids: BaseIds,
    invocations: Vec<Invocation<'a>>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct ToolJson<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    rules: Vec<RuleDescriptor<'a>>,
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
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text,
    descriptor: Descriptor<'a>,
}

#[derive(Serialize)]
struct Descriptor<'a> {
    id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    /// A result silenced in the source, with the justification written there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    justification: &'a str,
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn physical(place: Place<'_>) -> PhysicalLocation {
    let found = place.location();
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

/// Writes a SARIF log with one run of `tool`.
pub fn write<'a, R>(
    out: &mut dyn Write,
    tool: Tool<'a>,
    findings: impl IntoIterator<Item = Finding<'a, R>>,
) -> std::io::Result<()> {
    let mut notifications = Vec::new();
    let mut results = Vec::new();
    for finding in findings {
        match finding.role {
            Role::RunFailure => notifications.push(Notification {
                level: "error",
                message: Text {
                    text: finding.text_with_help(),
                },
                descriptor: Descriptor {
                    id: finding.rule_id,
                },
            }),
            Role::Result => results.push(result(&finding)),
        }
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: ToolJson {
                driver: Driver {
                    name: tool.name,
                    version: env!("CARGO_PKG_VERSION"),
                    rules: tool.rules,
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
                execution_successful: notifications.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

fn result<'a, R>(finding: &Finding<'a, R>) -> SarifResult<'a> {
    let primary = finding.primary();
    let related_locations = finding
        .labels
        .iter()
        .filter(|label| {
            label.style == LabelStyle::Secondary
                || Some(label.place.span) != primary.map(|p| p.span)
        })
        .enumerate()
        .map(|(idx, label)| SarifLocation {
            id: Some(idx),
            physical_location: physical(label.place),
            message: Some(Text {
                text: if label.message.is_empty() {
                    "related".to_owned()
                } else {
                    label.message.to_owned()
                },
            }),
        })
        .collect();
    SarifResult {
        rule_id: finding.rule_id,
        rule_index: finding.rule_index,
        level: finding.level.as_str(),
        message: Text {
            text: finding.text_with_help(),
        },
        locations: primary
            .map(|place| SarifLocation {
                id: None,
                physical_location: physical(place),
                message: None,
            })
            .into_iter()
            .collect(),
        related_locations,
        suppressions: finding
            .suppression
            .map(|justification| {
                vec![Suppression {
                    kind: "inSource",
                    justification,
                }]
            })
            .unwrap_or_default(),
    }
}

/// A file name as the path of a relative URI: `/` and unreserved characters as they are,
/// every other byte (spaces, `%`, Chinese, …) percent-encoded.
fn uri_path(name: &str) -> String {
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
}
