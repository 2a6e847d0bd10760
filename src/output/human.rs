//! The `human` format. A finding is drawn over its source lines by codespan-reporting (long
//! lines clipped by [`ClippedSources`]), or, when it has no source to draw (the diff's
//! changes), written as `[tag] message` with its detail lines, changed runs highlighted.

use std::io::Write;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{Buffer, WriteColor};

use super::clip::ClippedSources;
use super::{Coloring, Finding, HumanForm, LabelStyle, Level, Marks, PLAIN_MARKS, verbatim};
use crate::source::{FileId, SourceMap};

/// Red struck-through deletions, bold green insertions.
const ANSI_MARKS: Marks = Marks {
    delete: ("\x1b[31;9m", "\x1b[0m"),
    insert: ("\x1b[32;1m", "\x1b[0m"),
};

/// What a whole report says around its findings: a line when there are none, a summary
/// line after them.
pub struct Report<'s> {
    pub empty: &'s str,
    pub summary: String,
}

/// Writes each finding; with a `report`, its empty line or its summary after them.
pub fn write<'a, R>(
    out: &mut dyn Write,
    findings: impl IntoIterator<Item = Finding<'a, R>>,
    coloring: Coloring,
    report: Option<&Report<'_>>,
) -> std::io::Result<()> {
    let config = term::Config::default();
    let mut written = 0_usize;
    for finding in findings {
        match finding.human {
            HumanForm::Drawn => write_drawn(out, &config, &finding, coloring)?,
            HumanForm::Tagged(tag) => write_tagged(out, &finding, tag, coloring)?,
        }
        written += 1;
    }
    if let Some(report) = report {
        let closing = if written == 0 {
            report.empty
        } else {
            &report.summary
        };
        out.write_all(closing.as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn write_tagged<R>(
    out: &mut dyn Write,
    finding: &Finding<'_, R>,
    tag: &str,
    coloring: Coloring,
) -> std::io::Result<()> {
    let marks = match coloring {
        Coloring::Plain => &PLAIN_MARKS,
        Coloring::Ansi => &ANSI_MARKS,
    };
    let mut text = format!("[{tag}] {}\n", finding.message.plain());
    for line in &finding.detail {
        text.push_str(&format!(
            "  {} {}\n",
            line.sign.as_str(),
            line.marked(marks, verbatim)
        ));
    }
    out.write_all(text.as_bytes())
}

/// codespan-reporting's drawing, from the finding's own clipped view of the sources, into a
/// buffer, then written.
fn write_drawn<R>(
    out: &mut dyn Write,
    config: &term::Config,
    finding: &Finding<'_, R>,
    coloring: Coloring,
) -> std::io::Result<()> {
    let empty = SourceMap::new();
    let sources = finding
        .labels
        .first()
        .map_or(&empty, |label| label.place.sources);
    let view = ClippedSources::new(sources, finding.labels.iter().map(|label| label.place.span));
    let converted = to_codespan(finding, &view);
    let mut buffer = match coloring {
        Coloring::Plain => Buffer::no_color(),
        Coloring::Ansi => Buffer::ansi(),
    };
    if term::emit_to_write_style(&mut buffer, config, &view, &converted).is_err() {
        // A span outside its file is an internal error; fall back to the concise line.
        buffer.clear();
        buffer.write_all(super::concise::line(finding).as_bytes())?;
    }
    buffer.reset()?;
    out.write_all(buffer.as_slice())
}

fn to_codespan<R>(finding: &Finding<'_, R>, view: &ClippedSources) -> cs::Diagnostic<FileId> {
    let severity = match finding.level {
        Level::Error => cs::Severity::Error,
        Level::Warning => cs::Severity::Warning,
        Level::Note => cs::Severity::Note,
    };
    let labels = finding
        .labels
        .iter()
        .map(|label| {
            let style = match label.style {
                LabelStyle::Primary => cs::LabelStyle::Primary,
                LabelStyle::Secondary => cs::LabelStyle::Secondary,
            };
            let span = label.place.span;
            let range = view.map(span.file, span.range());
            cs::Label::new(style, span.file, range).with_message(label.message)
        })
        .collect();
    let mut notes: Vec<String> = finding
        .notes
        .iter()
        .map(|note| format!("note: {note}"))
        .collect();
    if let Some(help) = finding.help {
        notes.push(format!("help: {help}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(finding.rule_id)
        .with_message(finding.text())
        .with_labels(labels)
        .with_notes(notes)
}
