//! GitLab Code Quality reports: a JSON array of issues with a stable fingerprint each.

use serde::Serialize;

use super::{Diagnostic, Severity};
use crate::source::SourceMap;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// FNV-1a, 64 bits: a fingerprint that is the same on every machine and run.
pub fn stable_fingerprint(parts: &[&str]) -> String {
    fingerprint(parts)
}

fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Renders the diagnostics as a Code Quality report.
pub fn render_gitlab(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let issues: Vec<Issue> = diagnostics
        .iter()
        .map(|diagnostic| {
            let (path, begin, end) = match diagnostic.primary_span() {
                Some(span) => {
                    let found = sources.location(span);
                    (found.file, found.line, found.end_line)
                }
                None => (String::new(), 1, 1),
            };
            let snippet = diagnostic
                .primary_span()
                .map(|span| sources.snippet(span).to_owned())
                .unwrap_or_default();
            Issue {
                description: format!("{}: {}", diagnostic.code, diagnostic.message),
                check_name: diagnostic.code.as_str(),
                fingerprint: fingerprint(&[
                    diagnostic.code.as_str(),
                    &path,
                    &diagnostic.message,
                    &snippet,
                ]),
                severity: match diagnostic.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: IssueLocation {
                    path,
                    lines: Lines { begin, end },
                },
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
    }
}
