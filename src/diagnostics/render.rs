//! Turns diagnostics into text: `human` (codespan-reporting), `concise` (one line each), `json`;
//! `sarif` and `github` live in their own modules.
//!
//! Pure functions from values to strings; printing is the CLI's business.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use serde::Serialize;

use super::{Diagnostic, LabelStyle, Severity};
use crate::source::{FileId, SourceMap, Span};

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

/// Whether ANSI colour codes are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coloring {
    Plain,
    Ansi,
}

/// Renders all diagnostics in one format. JSON output is one array, always ending in a newline.
pub fn render_diagnostics(
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    format: OutputFormat,
    coloring: Coloring,
) -> String {
    match format {
        OutputFormat::Human => render_human(sources, diagnostics, coloring),
        OutputFormat::Concise => render_concise(sources, diagnostics),
        OutputFormat::Json => render_json(sources, diagnostics),
        OutputFormat::Sarif => super::sarif::render_sarif(sources, diagnostics),
        OutputFormat::Github => super::github::render_github(sources, diagnostics),
        OutputFormat::Gitlab => super::gitlab::render_gitlab(sources, diagnostics),
        OutputFormat::JsonLines => render_json_lines(sources, diagnostics),
    }
}

struct FilesAdapter<'a>(&'a SourceMap);

impl<'a> Files<'a> for FilesAdapter<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.file(id).map(|file| file.name.as_str())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.file(id).map(|file| &*file.text)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.file(id)?;
        Ok(file.line_column(byte_index).line - 1)
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        let file = self.file(id)?;
        let starts = file.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len().saturating_sub(1),
        })?;
        let end = starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.text.len());
        Ok(start..end)
    }
}

impl FilesAdapter<'_> {
    fn file(&self, id: FileId) -> Result<&crate::source::SourceFile, FilesError> {
        if (id.0 as usize) < self.0.len() {
            Ok(self.0.get(id))
        } else {
            Err(FilesError::FileMissing)
        }
    }
}

fn to_codespan(diagnostic: &Diagnostic) -> cs::Diagnostic<FileId> {
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
            cs::Label::new(style, label.span.file, label.span.range())
                .with_message(label.message.clone())
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

fn render_human(sources: &SourceMap, diagnostics: &[Diagnostic], coloring: Coloring) -> String {
    let files = FilesAdapter(sources);
    let config = term::Config::default();
    let mut buffer = match coloring {
        Coloring::Plain => Buffer::no_color(),
        Coloring::Ansi => Buffer::ansi(),
    };
    for diagnostic in diagnostics {
        let converted = to_codespan(diagnostic);
        if term::emit_to_write_style(&mut buffer, &config, &files, &converted).is_err() {
            // A span outside its file is an internal error; fall back to the concise line.
            let line = concise_line(sources, diagnostic);
            let _ = buffer.write_all(line.as_bytes());
        }
    }
    let _ = buffer.reset();
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

use std::io::Write as _;

/// `path:line:column: severity[CODE]: message` (plus ` (help: …)`), or without position.
fn concise_line(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let position = diagnostic
        .primary_span()
        .map(|span| {
            let location = location(sources, span);
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

fn render_concise(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|diagnostic| concise_line(sources, diagnostic))
        .collect()
}

/// A position for output: file name as given, 1-based line, 1-based column in characters.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start_byte: u32,
    pub end_byte: u32,
}

/// Computes the printable location of a span.
pub fn location(sources: &SourceMap, span: Span) -> Location {
    let file = sources.get(span.file);
    let start = file.line_column(span.start as usize);
    let end = file.line_column(span.end as usize);
    Location {
        file: file.name.clone(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        start_byte: span.start,
        end_byte: span.end,
    }
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

fn json_items<'a>(sources: &SourceMap, diagnostics: &'a [Diagnostic]) -> Vec<JsonDiagnostic<'a>> {
    diagnostics
        .iter()
        .map(|diagnostic| JsonDiagnostic {
            code: diagnostic.code.as_str(),
            name: diagnostic.code.info().name,
            severity: diagnostic.severity.as_str(),
            message: &diagnostic.message,
            location: diagnostic
                .primary_span()
                .map(|span| location(sources, span)),
            labels: diagnostic
                .labels
                .iter()
                .map(|label| JsonLabel {
                    location: location(sources, label.span),
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
                        location: location(sources, edit.span),
                        replacement: &edit.replacement,
                    })
                    .collect(),
            }),
        })
        .collect()
}

fn render_json(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let items = json_items(sources, diagnostics);
    let mut text = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}

/// One compact JSON object per line (the same fields as `json`).
fn render_json_lines(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    json_items(sources, diagnostics)
        .iter()
        .map(|item| serde_json::to_string(item).unwrap_or_default() + "\n")
        .collect()
}
