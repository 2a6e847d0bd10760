//! Turns diagnostics into text: `human` (codespan-reporting), `concise` (one line each), `json`;
//! `sarif` and `github` live in their own modules.
//!
//! Pure functions from values to strings; printing is the CLI's business.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use serde::Serialize;

use super::clip::ClippedSources;
use super::{Diagnostic, LabelStyle, Severity};
use crate::source::{FileId, Location, SourceMap};

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

/// Whether ANSI colour codes are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coloring {
    Plain,
    Ansi,
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
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    format: OutputFormat,
    coloring: Coloring,
) -> std::io::Result<()> {
    let capped = super::cap::cap_per_code(diagnostics);
    let diagnostics = &*capped;
    match format {
        OutputFormat::Human => write_human(out, sources, diagnostics, coloring),
        OutputFormat::Concise => diagnostics
            .iter()
            .try_for_each(|diagnostic| out.write_all(concise_line(sources, diagnostic).as_bytes())),
        OutputFormat::Json => write_json(out, sources, diagnostics),
        OutputFormat::Sarif => {
            out.write_all(super::sarif::render_sarif(sources, diagnostics).as_bytes())
        }
        OutputFormat::Github => {
            out.write_all(super::github::render_github(sources, diagnostics).as_bytes())
        }
        OutputFormat::Gitlab => {
            out.write_all(super::gitlab::render_gitlab(sources, diagnostics).as_bytes())
        }
        OutputFormat::JsonLines => write_json_lines(out, sources, diagnostics),
    }
}

fn to_codespan(diagnostic: &Diagnostic, view: &ClippedSources) -> cs::Diagnostic<FileId> {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let labels = diagnostic
        .labels
        .iter()
        .map(|label| {
            let style = match label.style {
                LabelStyle::Primary => cs::LabelStyle::Primary,
                LabelStyle::Secondary => cs::LabelStyle::Secondary,
            };
            let range = view.map(label.span.file, label.span.range());
            cs::Label::new(style, label.span.file, range).with_message(label.message.clone())
        })
        .collect();
    let mut notes: Vec<String> = diagnostic
        .notes
        .iter()
        .map(|note| format!("note: {note}"))
        .collect();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(diagnostic.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// codespan-reporting's drawing, each diagnostic drawn from its own clipped view of the
/// sources ([`ClippedSources`]) into a buffer, then written.
fn write_human(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    coloring: Coloring,
) -> std::io::Result<()> {
    let config = term::Config::default();
    for diagnostic in diagnostics {
        let view = ClippedSources::new(sources, &diagnostic.labels);
        let converted = to_codespan(diagnostic, &view);
        let mut buffer = match coloring {
            Coloring::Plain => Buffer::no_color(),
            Coloring::Ansi => Buffer::ansi(),
        };
        if term::emit_to_write_style(&mut buffer, &config, &view, &converted).is_err() {
            // A span outside its file is an internal error; fall back to the concise line.
            buffer.clear();
            buffer.write_all(concise_line(sources, diagnostic).as_bytes())?;
        }
        buffer.reset()?;
        out.write_all(buffer.as_slice())?;
    }
    Ok(())
}

use std::io::Write;

/// `path:line:column: severity[CODE]: message` (plus ` (help: …)`), or without position.
fn concise_line(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let position = diagnostic
        .primary_span()
        .map(|span| {
            let location = sources.location(span);
            format!("{}:{}:{}: ", location.file, location.line, location.column)
        })
        .unwrap_or_default();
    let help = diagnostic
        .help
        .as_ref()
        .map(|help| format!(" (help: {help})"))
        .unwrap_or_default();
    format!(
        "{position}{}[{}]: {}{help}\n",
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    )
}

#[derive(Serialize)]
struct JsonLabel {
    #[serde(flatten)]
    location: Location,
    message: String,
    primary: bool,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    location: Option<Location>,
    labels: Vec<JsonLabel>,
    help: Option<&'a str>,
    notes: &'a [String],
    fix: Option<JsonFix<'a>>,
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

fn json_item<'a>(sources: &SourceMap, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
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
                message: label.message.clone(),
                primary: label.style == LabelStyle::Primary,
            })
            .collect(),
        help: diagnostic.help.as_deref(),
        notes: &diagnostic.notes,
        fix: diagnostic.fix.as_ref().map(|fix| JsonFix {
            message: &fix.message,
            applicability: match fix.applicability {
                super::Applicability::MachineApplicable => "machine-applicable",
                super::Applicability::MaybeIncorrect => "maybe-incorrect",
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
    }
}

/// The JSON array, pretty-printed as `serde_json::to_string_pretty` would, one item at a
/// time.
fn write_json(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let items = JsonItems {
        sources,
        diagnostics,
    };
    serde_json::to_writer_pretty(&mut *out, &items)?;
    out.write_all(b"\n")
}

/// Serialises as the array of [`json_item`]s, built one at a time.
struct JsonItems<'a> {
    sources: &'a SourceMap,
    diagnostics: &'a [Diagnostic],
}

impl Serialize for JsonItems<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.diagnostics
                .iter()
                .map(|diagnostic| json_item(self.sources, diagnostic)),
        )
    }
}

/// One compact JSON object per line (the same fields as `json`).
fn write_json_lines(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    for diagnostic in diagnostics {
        serde_json::to_writer(&mut *out, &json_item(sources, diagnostic))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod output_format_tests {
    use super::OutputFormat;

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
}
