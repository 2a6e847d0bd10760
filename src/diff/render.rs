//! Renders a [`DiffReport`] as `human` text, `json` or `markdown` (for a pull-request
//! comment). Changed phrases get an intra-line highlight computed per character, so it works
//! for Chinese text.

use similar::ChangeTag;

use serde::Serialize;

use super::{Change, DiffReport, Entry, Impact, Version};
use crate::diagnostics::Coloring;
use crate::source::Location;
use crate::source::SourceMap;

/// Output format of `phrasec diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
    /// One JSON object per change, with its location.
    JsonLines,
    /// GitHub Actions annotations: breaking changes as warnings, others as notices.
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// SARIF 2.1.0 (one result per change).
    Sarif,
}

/// The rule sets a report was computed from, to print locations.
pub struct Sources<'a> {
    pub old: &'a SourceMap,
    pub new: &'a SourceMap,
}

impl Sources<'_> {
    fn locate(&self, entry: &Entry) -> Option<Location> {
        let (version, span) = entry.at?;
        let sources = match version {
            Version::Old => self.old,
            Version::New => self.new,
        };
        Some(sources.location(span))
    }
}

/// The kind of a change as a stable identifier (`phrase-changed`).
pub fn kind(change: &Change) -> &'static str {
    match change {
        Change::ArticleAdded { .. } => "article-added",
        Change::ArticleRemoved { .. } => "article-removed",
        Change::ArticleRenumbered { .. } => "article-renumbered",
        Change::PhraseChanged { .. } => "phrase-changed",
        Change::PhraseAdded { .. } => "phrase-added",
        Change::PhraseRemoved { .. } => "phrase-removed",
        Change::SituationChanged { .. } => "situation-changed",
        Change::SlotAdded { .. } => "slot-added",
        Change::SlotRemoved { .. } => "slot-removed",
        Change::SlotRetyped { .. } => "slot-retyped",
        Change::PhraseSlotsChanged { .. } => "phrase-slots-changed",
    }
}

/// What a kind of change means, for SARIF's `fullDescription`.
fn kind_description(kind: &str) -> &'static str {
    match kind {
        "article-added" => "An article was added: customers in its situations now hear its phrase.",
        "article-removed" => {
            "An article was removed: its situations fall to another article or to none, and callers of its phrase break."
        }
        "article-renumbered" => {
            "An article has a new number: callers that name it by number break."
        }
        "phrase-changed" => "The text of a phrase changed: customers hear something else.",
        "phrase-added" => "An article has a new phrase.",
        "phrase-removed" => "An article lost a phrase: callers of it break.",
        "situation-changed" => {
            "A situation now gets another article (or none): customers in it hear something else."
        }
        "slot-added" => "A slot was declared.",
        "slot-removed" => "A slot was removed: callers that fill it break.",
        "slot-retyped" => "A slot has a new type: callers that fill it break.",
        "phrase-slots-changed" => "A phrase takes other slots: callers that fill it break.",
        _ => "A change between the two rule sets.",
    }
}

/// Renders a report; `sources` gives locations to the formats that print them.
pub fn render_located(
    report: &DiffReport,
    format: DiffFormat,
    coloring: Coloring,
    sources: &Sources<'_>,
) -> String {
    match format {
        DiffFormat::JsonLines => json_lines(report, sources),
        DiffFormat::Github => github(report, sources),
        DiffFormat::Gitlab => gitlab(report, sources),
        DiffFormat::Sarif => sarif(report, sources),
        other => render(report, other, coloring),
    }
}

#[derive(Serialize)]
struct LocatedEntry<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    location: Option<Location>,
}

fn json_lines(report: &DiffReport, sources: &Sources<'_>) -> String {
    report
        .entries
        .iter()
        .map(|entry| {
            let line = LocatedEntry {
                entry,
                location: sources.locate(entry),
            };
            serde_json::to_string(&line).unwrap_or_default() + "\n"
        })
        .collect()
}

fn github(report: &DiffReport, sources: &Sources<'_>) -> String {
    use crate::diagnostics::github_escape::{escape_data, escape_property};
    let mut out = String::new();
    for entry in &report.entries {
        let command = if entry.impact == Impact::Breaking {
            "warning"
        } else {
            "notice"
        };
        let mut properties = Vec::new();
        if let Some(found) = sources
            .locate(entry)
            .filter(|_| entry.at.is_some_and(|(v, _)| v == Version::New))
        {
            properties.push(format!("file={}", escape_property(&found.file)));
            properties.push(format!("line={}", found.line));
            properties.push(format!("col={}", found.column));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!(
                "{} ({})",
                kind(&entry.change),
                impact_word(entry.impact)
            ))
        ));
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&describe(entry, &PLAIN_MARKS))
        ));
    }
    out
}

fn gitlab(report: &DiffReport, sources: &Sources<'_>) -> String {
    let issues: Vec<serde_json::Value> = report
        .entries
        .iter()
        .map(|entry| {
            let found = sources.locate(entry);
            let description = describe(entry, &PLAIN_MARKS);
            let path = found.as_ref().map(|f| f.file.clone()).unwrap_or_default();
            let line = found.as_ref().map_or(1, |f| f.line);
            serde_json::json!({
                "description": description,
                "check_name": kind(&entry.change),
                "fingerprint": crate::diagnostics::stable_fingerprint(&[kind(&entry.change), &path, &description]),
                "severity": match entry.impact {
                    Impact::Breaking => "major",
                    Impact::Behaviour => "minor",
                    Impact::Compatible => "info",
                },
                "location": { "path": path, "lines": { "begin": line } },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}

fn sarif(report: &DiffReport, sources: &Sources<'_>) -> String {
    let mut kinds: Vec<&'static str> = report.entries.iter().map(|e| kind(&e.change)).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let rules: Vec<serde_json::Value> = kinds
        .iter()
        .map(|k| {
            serde_json::json!({
                "id": k,
                "shortDescription": { "text": k.replace('-', " ") },
                "fullDescription": { "text": kind_description(k) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = report
        .entries
        .iter()
        .map(|entry| {
            let mut result = serde_json::json!({
                "ruleId": kind(&entry.change),
                "ruleIndex": kinds.iter().position(|k| *k == kind(&entry.change)).unwrap_or(0),
                "level": match entry.impact {
                    Impact::Breaking => "warning",
                    Impact::Behaviour | Impact::Compatible => "note",
                },
                "message": { "text": describe(entry, &PLAIN_MARKS) },
            });
            if let Some(found) = sources.locate(entry) {
                result["locations"] = serde_json::json!([{
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": crate::diagnostics::sarif_uri_path(&found.file),
                            "uriBaseId": crate::diagnostics::SARIF_SOURCE_ROOT,
                        },
                        "region": {
                            "startLine": found.line,
                            "startColumn": found.column,
                            "endLine": found.end_line,
                            "endColumn": found.end_column,
                        }
                    }
                }]);
            }
            result
        })
        .collect();
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "phrasec-diff", "version": env!("CARGO_PKG_VERSION"), "rules": rules } },
            "originalUriBaseIds": {
                crate::diagnostics::SARIF_SOURCE_ROOT: {
                    "description": { "text": "the root of the repository (git's top level) that phrasec ran in" }
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// Renders the formats that need no locations.
pub fn render(report: &DiffReport, format: DiffFormat, coloring: Coloring) -> String {
    match format {
        DiffFormat::Human => human(report, coloring),
        DiffFormat::Json => {
            let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
            text.push('\n');
            text
        }
        DiffFormat::Markdown => markdown(report),
        DiffFormat::JsonLines | DiffFormat::Github | DiffFormat::Gitlab | DiffFormat::Sarif => {
            let empty = SourceMap::new();
            render_located(
                &strip_locations(report),
                format,
                coloring,
                &Sources {
                    old: &empty,
                    new: &empty,
                },
            )
        }
    }
}

fn strip_locations(report: &DiffReport) -> DiffReport {
    DiffReport {
        entries: report
            .entries
            .iter()
            .map(|entry| Entry {
                at: None,
                ..entry.clone()
            })
            .collect(),
    }
}

/// Highlight style for removed and inserted characters.
struct Marks {
    delete: (&'static str, &'static str),
    insert: (&'static str, &'static str),
}

const PLAIN_MARKS: Marks = Marks {
    delete: ("[-", "-]"),
    insert: ("{+", "+}"),
};
const ANSI_MARKS: Marks = Marks {
    delete: ("\x1b[31;9m", "\x1b[0m"),
    insert: ("\x1b[32;1m", "\x1b[0m"),
};
const MARKDOWN_MARKS: Marks = Marks {
    delete: ("<del>", "</del>"),
    insert: ("<ins>", "</ins>"),
};

/// The old and new text with changed runs marked, character by character.
fn highlight(old: &str, new: &str, marks: &Marks) -> (String, String) {
    let mut old_out = String::new();
    let mut new_out = String::new();
    let mut last: Option<ChangeTag> = None;
    let close = |out: &mut String, tag: Option<ChangeTag>| match tag {
        Some(ChangeTag::Delete) => out.push_str(marks.delete.1),
        Some(ChangeTag::Insert) => out.push_str(marks.insert.1),
        _ => {}
    };
    for (tag, text) in crate::text_diff::char_changes(old, new) {
        match tag {
            ChangeTag::Equal => {
                if last == Some(ChangeTag::Delete) {
                    close(&mut old_out, last);
                }
                if last == Some(ChangeTag::Insert) {
                    close(&mut new_out, last);
                }
                old_out.push_str(text);
                new_out.push_str(text);
            }
            ChangeTag::Delete => {
                if last == Some(ChangeTag::Insert) {
                    close(&mut new_out, last);
                }
                if last != Some(ChangeTag::Delete) {
                    old_out.push_str(marks.delete.0);
                }
                old_out.push_str(text);
            }
            ChangeTag::Insert => {
                if last == Some(ChangeTag::Delete) {
                    close(&mut old_out, last);
                }
                if last != Some(ChangeTag::Insert) {
                    new_out.push_str(marks.insert.0);
                }
                new_out.push_str(text);
            }
        }
        last = Some(tag);
    }
    match last {
        Some(ChangeTag::Delete) => close(&mut old_out, last),
        Some(ChangeTag::Insert) => close(&mut new_out, last),
        _ => {}
    }
    (old_out, new_out)
}

fn impact_word(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "breaking",
        Impact::Behaviour => "behaviour",
        Impact::Compatible => "compatible",
    }
}

fn choice(text: &Option<String>) -> String {
    text.clone().unwrap_or_else(|| "no phrase".to_owned())
}

/// One line (or a few) describing a change.
fn describe(entry: &Entry, marks: &Marks) -> String {
    match &entry.change {
        Change::ArticleAdded { number, title } => format!("article {number} added: {title}"),
        Change::ArticleRemoved { number, title } => format!("article {number} removed: {title}"),
        Change::ArticleRenumbered { old, new, title } => {
            format!("article {old} renumbered to {new}: {title}")
        }
        Change::PhraseChanged {
            article,
            phrase,
            old,
            new,
        } => {
            let (old, new) = highlight(old, new, marks);
            format!("article {article} phrase {phrase} changed\n  - {old}\n  + {new}")
        }
        Change::PhraseAdded {
            article,
            phrase,
            text,
        } => format!("article {article} phrase {phrase} added\n  + {text}"),
        Change::PhraseRemoved {
            article,
            phrase,
            text,
        } => format!("article {article} phrase {phrase} removed\n  - {text}"),
        Change::SituationChanged {
            decision,
            cases,
            old,
            new,
        } => format!(
            "decision `{decision}`: when {cases}, {} → {}",
            choice(old),
            choice(new)
        ),
        Change::SlotAdded { slot, ty } => format!("slot `{slot}` added ({ty})"),
        Change::SlotRemoved { slot, ty } => format!("slot `{slot}` removed (was {ty})"),
        Change::SlotRetyped { slot, old, new } => {
            format!("slot `{slot}` retyped: {old} → {new}")
        }
        Change::PhraseSlotsChanged {
            article,
            phrase,
            added,
            removed,
        } => {
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("now needs `{}`", added.join("`, `")));
            }
            if !removed.is_empty() {
                parts.push(format!("no longer takes `{}`", removed.join("`, `")));
            }
            format!("article {article} phrase {phrase} {}", parts.join(" and "))
        }
    }
}

fn summary(report: &DiffReport) -> String {
    let count = |impact| report.entries.iter().filter(|e| e.impact == impact).count();
    format!(
        "{} changes: {} breaking, {} behaviour, {} compatible",
        report.entries.len(),
        count(Impact::Breaking),
        count(Impact::Behaviour),
        count(Impact::Compatible)
    )
}

fn human(report: &DiffReport, coloring: Coloring) -> String {
    if report.is_empty() {
        return "no semantic changes\n".to_owned();
    }
    let marks = match coloring {
        Coloring::Plain => &PLAIN_MARKS,
        Coloring::Ansi => &ANSI_MARKS,
    };
    let mut out = String::new();
    for entry in &report.entries {
        out.push_str(&format!(
            "[{}] {}\n",
            impact_word(entry.impact),
            describe(entry, marks)
        ));
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn markdown(report: &DiffReport) -> String {
    let mut out = String::from("### phrasec: rule changes\n\n");
    if report.is_empty() {
        out.push_str("No semantic changes.\n");
        return out;
    }
    out.push_str(&format!("{}\n\n", summary(report)));
    for (impact, heading) in [
        (
            Impact::Breaking,
            "Breaking for callers of the generated code",
        ),
        (Impact::Behaviour, "What customers hear changes"),
        (Impact::Compatible, "Compatible"),
    ] {
        let entries: Vec<&Entry> = report
            .entries
            .iter()
            .filter(|e| e.impact == impact)
            .collect();
        if entries.is_empty() {
            continue;
        }
        out.push_str(&format!("#### {heading}\n\n"));
        for entry in entries {
            let text = describe(entry, &MARKDOWN_MARKS);
            let mut lines = text.lines();
            out.push_str(&format!("- {}\n", lines.next().unwrap_or_default()));
            for line in lines {
                out.push_str(&format!("  {}<br>\n", line.trim_start()));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_changed_chinese_characters() {
        let (old, new) = highlight("我们正在加紧抢修", "我们正在全力抢修", &PLAIN_MARKS);
        assert_eq!(old, "我们正在[-加紧-]抢修");
        assert_eq!(new, "我们正在{+全力+}抢修");
    }
}
