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
/// control characters other than tab and line ends yield E0005 and a text showing them as
/// control pictures (`␀`). A leading BOM is dropped.
/// When any diagnostic is returned the caller should not parse the text.
pub fn decode(file: FileId, bytes: &[u8]) -> Decoded {
    decode_owned(file, bytes.to_vec())
}

/// [`decode`] of bytes the caller gives up: a valid UTF-8 file becomes its text without a
/// copy (a BOM is removed in place).
pub fn decode_owned(file: FileId, mut bytes: Vec<u8>) -> Decoded {
    let bom_len = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    bytes.drain(..bom_len);
    let mut diagnostics = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
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
    if !has_control_character(text.as_bytes()) {
        return Decoded { text, diagnostics };
    }
    // Control characters are shown as their Unicode control pictures (`␀` for NUL), so the
    // human renderer has something visible to underline; the file is not parsed anyway.
    let mut shown_text = String::with_capacity(text.len());
    for (offset, ch) in text.char_indices() {
        if !ch.is_control() || matches!(ch, '\t' | '\n' | '\r') {
            shown_text.push(ch);
            continue;
        }
        let start = shown_text.len();
        shown_text.push(control_picture(ch));
        if diagnostics.len() == MAX_CONTROL_REPORTS {
            continue;
        }
        let shown = if ch == '\0' {
            "NUL".to_owned()
        } else {
            format!("U+{:04X}", u32::from(ch))
        };
        diagnostics.push(
            Diagnostic::new(
                Code::E0005,
                format!(
                    "the file contains the control character {shown} at byte {}",
                    offset + bom_len
                ),
            )
            .primary(
                Span::new(file, start, shown_text.len()),
                "control character",
            )
            .help("delete it; rule files are plain text"),
        );
    }
    if diagnostics.is_empty() {
        return Decoded { text, diagnostics };
    }
    Decoded {
        text: shown_text,
        diagnostics,
    }
}

/// Whether valid UTF-8 `bytes` hold a control character (`char::is_control`: C0 but tab and
/// line ends, DEL, C1) — a byte scan, so that clean files are not decoded character by
/// character.
fn has_control_character(bytes: &[u8]) -> bool {
    /// Whether the byte may start a control character (C0 but tab and line ends, DEL, or
    /// `0xC2`, the first byte of C1): comparisons the compiler turns into vector
    /// instructions over a whole block.
    fn may_be_control(byte: u8) -> bool {
        (byte < 0x20 && byte != b'\t' && byte != b'\n' && byte != b'\r')
            || byte == 0x7F
            || byte == 0xC2
    }
    const BLOCK: usize = 64;
    // Blocks of clean text are passed over without a branch per byte; a block with a suspect
    // byte is looked at byte by byte (a `0xC2` is a control character only before 0x80..=0x9F,
    // which may be in the next block).
    bytes
        .chunks(BLOCK)
        .enumerate()
        .filter(|(_, block)| {
            block
                .iter()
                .fold(false, |any, &byte| any | may_be_control(byte))
        })
        .any(|(block_idx, block)| {
            let base = block_idx * BLOCK;
            block.iter().enumerate().any(|(offset, &byte)| {
                may_be_control(byte)
                    && (byte != 0xC2
                        || bytes
                            .get(base + offset + 1)
                            .is_some_and(|next| (0x80..=0x9F).contains(next)))
            })
        })
}

/// A visible stand-in for a control character: `␀`…`␟` and `␡` for C0 and DEL, `�` otherwise.
fn control_picture(ch: char) -> char {
    match u32::from(ch) {
        code @ 0..=0x1F => char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte scan finds exactly the characters `char::is_control` reports (but tab and
        /// line ends).
        #[test]
        fn the_byte_scan_finds_every_control_character(text in "(\\PC|[\\x00-\\x1F\\x7F\\u{80}-\\u{9F}]){0,24}") {
            let expected = text
                .chars()
                .any(|ch| ch.is_control() && !matches!(ch, '\t' | '\n' | '\r'));
            proptest::prop_assert_eq!(has_control_character(text.as_bytes()), expected);
        }
    }

    #[test]
    fn a_clean_file_is_returned_as_it_is() {
        let decoded = decode(FileId(0), "第一行\r\n\t故障 ¢\u{A0}".as_bytes());
        assert!(decoded.diagnostics.is_empty());
        assert_eq!(decoded.text, "第一行\r\n\t故障 ¢\u{A0}");
        let decoded = decode(FileId(0), "a\u{85}b".as_bytes());
        assert_eq!(decoded.diagnostics.len(), 1);
    }
}
