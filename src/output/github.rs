//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per
//! finding, which GitHub shows as annotations on the pull request. Only places in the
//! current version of the files are given (a diff's old side has no lines to annotate). File
//! names are printed as given; the CLI makes them relative to the repository root.

use std::io::Write;

use super::{Finding, Level, Side};

/// Writes one workflow command per finding.
pub fn write<'a, R>(
    out: &mut dyn Write,
    findings: impl IntoIterator<Item = Finding<'a, R>>,
) -> std::io::Result<()> {
    for finding in findings {
        out.write_all(command(&finding).as_bytes())?;
    }
    Ok(())
}

fn command<R>(finding: &Finding<'_, R>) -> String {
    let name = match finding.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    };
    let mut properties = Vec::new();
    if let Some(place) = finding
        .primary()
        .filter(|place| place.side == Side::Current)
    {
        let found = place.location();
        properties.push(format!("file={}", escape_property(&found.file)));
        properties.push(format!("line={}", found.line));
        properties.push(format!("col={}", found.column));
        properties.push(format!("endLine={}", found.end_line));
        properties.push(format!("endColumn={}", found.end_column));
    }
    properties.push(format!("title={}", escape_property(&finding.title)));
    format!(
        "::{name} {}::{}\n",
        properties.join(","),
        escape_data(&finding.text_with_notes_and_help())
    )
}

/// Escapes a command's message: `%`, CR and LF.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as data, plus `:` and `,`.
fn escape_property(text: &str) -> String {
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
