//! Bytes to text: invalid UTF-8, a byte-order mark and control characters are found here.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// At most this many control characters are reported per file.
const MAX_CONTROL_REPORTS: usize = 10;

/// The text of a file and whether it may be parsed.
pub struct Decoded {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes a file's bytes. Invalid UTF-8 yields E0003 (with the byte offset) and a lossy text;
/// control characters other than tab and line ends yield E0005. A leading BOM is dropped.
/// When any diagnostic is returned the caller should not parse the text.
pub fn decode(file: FileId, bytes: &[u8]) -> Decoded {
    let bom_len = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let bytes = &bytes[bom_len..];
    let mut diagnostics = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(error) => {
            let offset = error.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            diagnostics.push(
                Diagnostic::new(
                    Code::E0003,
                    format!("the file is not valid UTF-8 at byte {}", offset + bom_len),
                )
                .primary(
                    Span::new(file, offset, offset + '\u{FFFD}'.len_utf8()),
                    "this byte does not start a UTF-8 character",
                )
                .help("save the file as UTF-8 (rule files are always UTF-8)"),
            );
            return Decoded {
                text: lossy,
                diagnostics,
            };
        }
    };
    for (offset, ch) in text
        .char_indices()
        .filter(|(_, ch)| ch.is_control() && !matches!(ch, '\t' | '\n' | '\r'))
        .take(MAX_CONTROL_REPORTS)
    {
        let shown = if ch == '\0' {
            "NUL".to_owned()
        } else {
            format!("U+{:04X}", u32::from(ch))
        };
        diagnostics.push(
            Diagnostic::new(
                Code::E0005,
                format!("the file contains the control character {shown} at byte {offset}"),
            )
            .primary(
                Span::new(file, offset, offset + ch.len_utf8()),
                "control character",
            )
            .help("delete it; rule files are plain text"),
        );
    }
    Decoded { text, diagnostics }
}
