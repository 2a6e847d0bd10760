//! GitLab Code Quality reports: a JSON array of issues, each with a fingerprint that is the
//! same on every machine and run (of its rule, path, text and source snippet).

use std::io::Write;

use serde::Serialize;

use super::{Finding, Quality};

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
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

/// Writes the findings as a Code Quality report.
pub fn write<'a, R>(
    out: &mut dyn Write,
    findings: impl IntoIterator<Item = Finding<'a, R>>,
) -> std::io::Result<()> {
    let issues: Vec<Issue> = findings
        .into_iter()
        .map(|finding| issue(&finding))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    out.write_all(b"\n")
}

fn issue<R>(finding: &Finding<'_, R>) -> Issue {
    let place = finding.primary();
    let (path, begin, end) = match place {
        Some(place) => {
            let found = place.location();
            (found.file, found.line, found.end_line)
        }
        None => (String::new(), 1, 1),
    };
    let snippet = place.map_or("", |place| place.sources.snippet(place.span));
    let text = finding.text();
    Issue {
        description: format!("{}: {text}", finding.rule_id),
        check_name: finding.rule_id.to_owned(),
        fingerprint: fingerprint(&[finding.rule_id, &path, &text, snippet]),
        severity: match finding.quality {
            Quality::Info => "info",
            Quality::Minor => "minor",
            Quality::Major => "major",
        },
        location: IssueLocation {
            path,
            lines: Lines { begin, end },
        },
    }
}

/// FNV-1a, 64 bits, over the parts each followed by a NUL byte.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
    }
}
