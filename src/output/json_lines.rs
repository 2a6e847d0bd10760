//! The `json-lines` format: each finding's record as one compact JSON object on its own line
//! (the same records as `json`).

use std::io::Write;

use serde::Serialize;

use super::Finding;

/// Writes one line per finding.
pub fn write<'a, R: Serialize>(
    out: &mut dyn Write,
    findings: impl IntoIterator<Item = Finding<'a, R>>,
) -> std::io::Result<()> {
    for finding in findings {
        serde_json::to_writer(&mut *out, &finding.record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
