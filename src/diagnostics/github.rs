//! GitHub Actions workflow commands: one `::error` or `::warning` line per diagnostic, which
//! GitHub shows as annotations on the pull request. File names are printed as given; the CLI
//! makes them relative to the repository root.

use super::{Diagnostic, Severity};
use crate::source::SourceMap;

/// Renders diagnostics as workflow commands.
pub fn render_github(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = Vec::new();
        if let Some(span) = diagnostic.primary_span() {
            let found = sources.location(span);
            properties.push(format!("file={}", escape_property(&found.file)));
            properties.push(format!("line={}", found.line));
            properties.push(format!("col={}", found.column));
            properties.push(format!("endLine={}", found.end_line));
            properties.push(format!("endColumn={}", found.end_column));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!(
                "{} {}",
                diagnostic.code,
                diagnostic.code.info().name
            ))
        ));
        let mut message = diagnostic.message.clone();
        for note in &diagnostic.notes {
            message.push_str(&format!("\nnote: {note}"));
        }
        if let Some(help) = &diagnostic.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&message)
        ));
    }
    out
}

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as data, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_workflow_commands_need() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
