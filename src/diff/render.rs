//! Writes a [`DiffReport`] in every [`DiffFormat`]: each entry becomes an [`output::Finding`]
//! (the kind of change is its rule, the impact its level, a changed phrase's old and new text
//! its detail lines, highlighted per character so it works for Chinese text) and the
//! format's one emitter in `src/output/` writes it.

use serde::Serialize;
use similar::ChangeTag;

use super::{Change, DiffReport, Entry, Impact, Version};
use crate::diagnostics::{Diagnostic, OutputFormat, render_diagnostics};
use crate::output::human::Report;
use crate::output::markdown::{Document, Section};
use crate::output::sarif::{Help, RuleDescriptor, Text, Tool};
use crate::output::{
    self, Coloring, DetailLine, Emphasis, Finding, FindingLabel, HumanForm, LabelStyle, Level,
    Message, Place, Quality, Role, Run, Side, Sign,
};
use crate::source::{Location, SourceMap};

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
        Change::DeclarationChanged { .. } => "declaration-changed",
        Change::ArticleChanged { .. } => "article-changed",
        Change::SituationsNotListed { .. } => "situations-not-listed",
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
        "declaration-changed" => {
            "A fact or one of its values, a segment, an action or a constant was added, removed or changed: values, segments and actions are enums of the generated code."
        }
        "article-changed" => {
            "A part of an article changed: its title, its condition, a step's or case's condition, its actions or its guidance."
        }
        "situations-not-listed" => {
            "Some situations of a decision whose article changes are not listed: too many to compare or to list. The changed conditions behind them are listed."
        }
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
    let mut bytes: Vec<u8> = Vec::new();
    // Writing to a `Vec` cannot fail.
    let _ = write_report(&mut bytes, report, format, coloring, Some(sources));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Renders a report without locations.
pub fn render(report: &DiffReport, format: DiffFormat, coloring: Coloring) -> String {
    let mut bytes: Vec<u8> = Vec::new();
    // Writing to a `Vec` cannot fail.
    let _ = write_report(&mut bytes, report, format, coloring, None);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Why a diff could not compare, for standard output in `format`: the JSON report with no
/// entries and an `errors` list, a markdown comment quoting the problems, or the problems in
/// the matching `check` format. Empty for `human` (the CLI prints them on standard error).
pub fn render_failure(sources: &SourceMap, problems: &[Diagnostic], format: DiffFormat) -> String {
    let mut bytes: Vec<u8> = Vec::new();
    let findings = crate::diagnostics::render::findings(sources, problems);
    let same_as_check = |format| render_diagnostics(sources, problems, format, Coloring::Plain);
    // Writing to a `Vec` cannot fail.
    let _ = match format {
        DiffFormat::Human => Ok(()),
        DiffFormat::Markdown => {
            let heading = "phrasec could not compare the rule sets";
            output::markdown::write_quoted(&mut bytes, heading, findings)
        }
        DiffFormat::Json => {
            let shape = output::json::Shape::Object {
                empty: &["entries"],
                key: "errors",
            };
            output::json::write(&mut bytes, findings, shape)
        }
        DiffFormat::JsonLines => return same_as_check(OutputFormat::JsonLines),
        DiffFormat::Github => return same_as_check(OutputFormat::Github),
        DiffFormat::Gitlab => return same_as_check(OutputFormat::Gitlab),
        DiffFormat::Sarif => return same_as_check(OutputFormat::Sarif),
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

fn write_report(
    out: &mut dyn std::io::Write,
    report: &DiffReport,
    format: DiffFormat,
    coloring: Coloring,
    sources: Option<&Sources<'_>>,
) -> std::io::Result<()> {
    let rules = rule_ids(report);
    let findings = report
        .entries
        .iter()
        .map(|entry| finding(entry, sources, &rules));
    match format {
        DiffFormat::Human => {
            let closing = Report {
                empty: "no semantic changes",
                summary: summary(report),
            };
            output::human::write(out, findings, coloring, Some(&closing))
        }
        DiffFormat::Json => {
            let shape = output::json::Shape::Object {
                empty: &[],
                key: "entries",
            };
            output::json::write(out, findings, shape)
        }
        DiffFormat::Markdown => {
            let document = Document {
                heading: "phrasec: rule changes",
                empty: "No semantic changes.",
                summary: summary(report),
            };
            let mut sections = Impact::ALL.map(|impact| Section {
                heading: heading(impact),
                findings: Vec::new(),
            });
            for (entry, finding) in report.entries.iter().zip(findings) {
                sections[entry.impact as usize].findings.push(finding);
            }
            output::markdown::write(out, &document, &sections)
        }
        DiffFormat::JsonLines => output::json_lines::write(out, findings),
        DiffFormat::Github => output::github::write(out, findings),
        DiffFormat::Gitlab => output::gitlab::write(out, findings),
        DiffFormat::Sarif => {
            let tool = Tool {
                name: "phrasec-diff",
                rules: rules
                    .iter()
                    .map(|id| RuleDescriptor {
                        id,
                        name: None,
                        short_description: Text {
                            text: id.replace('-', " "),
                        },
                        full_description: Text {
                            text: kind_description(id).to_owned(),
                        },
                        // GitHub code scanning rejects a rule without help.
                        help: Some(Help {
                            text: kind_description(id).to_owned(),
                            markdown: kind_description(id).to_owned(),
                        }),
                        default_configuration: None,
                    })
                    .collect(),
            };
            output::sarif::write(out, tool, findings)
        }
    }
}

/// The kinds of change in the report, sorted: the run's rules.
fn rule_ids(report: &DiffReport) -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = report.entries.iter().map(|e| kind(&e.change)).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
}

/// An entry as a finding: its kind is the rule, its place the one in the version it is in.
fn finding<'a>(
    entry: &'a Entry,
    sources: Option<&Sources<'a>>,
    rules: &[&'static str],
) -> Finding<'a, JsonEntry<'a>> {
    let rule_id = kind(&entry.change);
    let place = sources
        .zip(entry.at)
        .map(|(sources, (version, span))| match version {
            Version::Old => Place {
                sources: sources.old,
                span,
                side: Side::Previous,
            },
            Version::New => Place {
                sources: sources.new,
                span,
                side: Side::Current,
            },
        });
    let (message, detail) = describe(entry);
    Finding {
        rule_id,
        rule_index: rules.iter().position(|id| *id == rule_id).unwrap_or(0),
        title: format!("{rule_id} ({})", impact_word(entry.impact)).into(),
        level: match entry.impact {
            Impact::Breaking => Level::Warning,
            Impact::Selection | Impact::Wording | Impact::Documentation => Level::Note,
        },
        quality: match entry.impact {
            Impact::Breaking => Quality::Major,
            Impact::Selection | Impact::Wording => Quality::Minor,
            Impact::Documentation => Quality::Info,
        },
        role: Role::Result,
        human: HumanForm::Tagged(impact_word(entry.impact)),
        message,
        detail,
        labels: place
            .into_iter()
            .map(|place| FindingLabel {
                place,
                message: "",
                style: LabelStyle::Primary,
            })
            .collect(),
        notes: &[],
        help: None,
        suppression: None,
        record: JsonEntry {
            entry,
            location: place.map(|place| place.location()),
        },
    }
}

/// One change in the `json` and `json-lines` formats: the entry, and where it is when known.
#[derive(Serialize)]
struct JsonEntry<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
}

fn impact_word(impact: Impact) -> &'static str {
    impact.word()
}

/// The heading of a class's section in the pull-request comment.
fn heading(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "Breaking for callers of the generated code",
        Impact::Selection => "Which article is chosen changes",
        Impact::Wording => "What customers hear changes",
        Impact::Documentation => "Documentation only",
    }
}

fn choice(text: &Option<String>) -> &str {
    text.as_deref().unwrap_or("no phrase")
}

/// A change's message and its detail lines (a phrase's old and new text).
fn describe(entry: &Entry) -> (Message<'_>, Vec<DetailLine<'_>>) {
    let message = match &entry.change {
        Change::ArticleAdded { number, title } => {
            Message::prose(format!("article {number} added: ")).and_quoted(title.as_str())
        }
        Change::ArticleRemoved { number, title } => {
            Message::prose(format!("article {number} removed: ")).and_quoted(title.as_str())
        }
        Change::ArticleRenumbered { old, new, title } => {
            Message::prose(format!("article {old} renumbered to {new}: "))
                .and_quoted(title.as_str())
        }
        Change::PhraseChanged {
            article,
            phrase,
            old,
            new,
        } => {
            let message = Message::prose(format!("article {article} phrase {phrase} changed"));
            return (message, highlight(old, new));
        }
        Change::PhraseAdded {
            article,
            phrase,
            text,
        } => {
            let message = Message::prose(format!("article {article} phrase {phrase} added"));
            return (message, vec![whole_line(Sign::Added, text)]);
        }
        Change::PhraseRemoved {
            article,
            phrase,
            text,
        } => {
            let message = Message::prose(format!("article {article} phrase {phrase} removed"));
            return (message, vec![whole_line(Sign::Removed, text)]);
        }
        Change::SituationChanged {
            decision,
            cases,
            old,
            new,
        } => Message::prose(format!(
            "decision `{decision}`: when {cases}, {} → {}",
            choice(old),
            choice(new)
        )),
        Change::SlotAdded { slot, ty } => Message::prose(format!("slot `{slot}` added ({ty})")),
        Change::SlotRemoved { slot, ty } => {
            Message::prose(format!("slot `{slot}` removed (was {ty})"))
        }
        Change::SlotRetyped { slot, old, new } => {
            Message::prose(format!("slot `{slot}` retyped: {old} → {new}"))
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
            Message::prose(format!(
                "article {article} phrase {phrase} {}",
                parts.join(" and ")
            ))
        }
        Change::DeclarationChanged {
            declaration,
            detail,
        } => Message::prose(format!("{declaration}: ")).and_quoted(detail.as_str()),
        Change::ArticleChanged {
            article,
            part,
            old,
            new,
        } => {
            let message = Message::prose(format!("article {article} {part} changed"));
            return (message, highlight(old, new));
        }
        Change::SituationsNotListed { decision, reason } => Message::prose(format!(
            "decision `{decision}`: changed situations not all listed: {reason}"
        )),
    };
    (message, Vec::new())
}

fn whole_line(sign: Sign, text: &str) -> DetailLine<'_> {
    DetailLine {
        sign,
        text,
        runs: vec![Run {
            bytes: 0..text.len(),
            emphasis: Emphasis::Same,
        }],
    }
}

/// The old and new text as detail lines, the changed runs marked, character by character.
fn highlight<'a>(old: &'a str, new: &'a str) -> Vec<DetailLine<'a>> {
    let mut old_line = DetailLine {
        sign: Sign::Removed,
        text: old,
        runs: Vec::new(),
    };
    let mut new_line = DetailLine {
        sign: Sign::Added,
        text: new,
        runs: Vec::new(),
    };
    let mut last: Option<ChangeTag> = None;
    for (tag, text) in crate::text_diff::char_changes(old, new) {
        let (lines, emphasis): (&mut [&mut DetailLine], Emphasis) = match tag {
            ChangeTag::Equal => (&mut [&mut old_line, &mut new_line], Emphasis::Same),
            ChangeTag::Delete => (&mut [&mut old_line], Emphasis::Deleted),
            ChangeTag::Insert => (&mut [&mut new_line], Emphasis::Inserted),
        };
        for line in lines {
            let start = line.runs.last().map_or(0, |run| run.bytes.end);
            let end = start + text.len();
            match line.runs.last_mut() {
                // Consecutive changes of one kind are one marked run.
                Some(run) if last == Some(tag) => run.bytes.end = end,
                _ => line.runs.push(Run {
                    bytes: start..end,
                    emphasis,
                }),
            }
        }
        last = Some(tag);
    }
    vec![old_line, new_line]
}

fn summary(report: &DiffReport) -> String {
    let count = |impact| report.entries.iter().filter(|e| e.impact == impact).count();
    let classes: Vec<String> = Impact::ALL
        .iter()
        .map(|&impact| format!("{} {}", count(impact), impact.word()))
        .collect();
    format!("{} changes: {}", report.entries.len(), classes.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::PLAIN_MARKS;

    #[test]
    fn highlights_changed_chinese_characters() {
        let lines = highlight("我们正在加紧抢修", "我们正在全力抢修");
        let marked: Vec<String> = lines
            .iter()
            .map(|line| line.marked(&PLAIN_MARKS, output::verbatim))
            .collect();
        assert_eq!(marked, ["我们正在[-加紧-]抢修", "我们正在{+全力+}抢修"]);
    }
}
