//! Renders a [`DiffReport`] as `human` text, `json` or `markdown` (for a pull-request
//! comment). Changed phrases get an intra-line highlight computed per character, so it works
//! for Chinese text.

use similar::{ChangeTag, TextDiff};

use super::{Change, DiffReport, Entry, Impact};
use crate::diagnostics::Coloring;

/// Output format of `phrasec diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
}

pub fn render(report: &DiffReport, format: DiffFormat, coloring: Coloring) -> String {
    match format {
        DiffFormat::Human => human(report, coloring),
        DiffFormat::Json => {
            let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
            text.push('\n');
            text
        }
        DiffFormat::Markdown => markdown(report),
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
    let diff = TextDiff::from_chars(old, new);
    let mut old_out = String::new();
    let mut new_out = String::new();
    let mut last: Option<ChangeTag> = None;
    let close = |out: &mut String, tag: Option<ChangeTag>| match tag {
        Some(ChangeTag::Delete) => out.push_str(marks.delete.1),
        Some(ChangeTag::Insert) => out.push_str(marks.insert.1),
        _ => {}
    };
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        let text = change.value();
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
