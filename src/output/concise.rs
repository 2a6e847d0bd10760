//! The `concise` format: one line per finding,
//! `path:line:column: level[RULE]: message (help: …)`, the position left out when there is none.

use std::io::Write;

use super::Finding;

/// Writes one line per finding.
pub fn write<'a, R>(
    out: &mut dyn Write,
    findings: impl IntoIterator<Item = Finding<'a, R>>,
) -> std::io::Result<()> {
    for finding in findings {
        out.write_all(line(&finding).as_bytes())?;
    }
    Ok(())
}

/// One finding's line, ending in `\n`.
pub fn line<R>(finding: &Finding<'_, R>) -> String {
    let position = finding
        .primary()
        .map(|place| {
            let location = place.location();
            format!("{}:{}:{}: ", location.file, location.line, location.column)
        })
        .unwrap_or_default();
    let help = finding
        .help
        .map(|help| format!(" (help: {help})"))
        .unwrap_or_default();
    format!(
        "{position}{}[{}]: {}{help}\n",
        finding.level.as_str(),
        finding.rule_id,
        finding.text()
    )
}
