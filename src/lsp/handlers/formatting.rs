//! Formatting a whole document with `phrasec fmt`'s layout: one edit replacing the text, none
//! when it is already formatted, and no answer when it does not parse (its diagnostics say
//! why).

use lsp_types::{Position, Range, TextEdit};
use phrasec::fmt::format_file_text;

use crate::lsp::positions::{Encoding, LineIndex};

/// The edits that format `text`; `None` when it cannot be formatted.
pub fn format(text: &str, encoding: Encoding) -> Option<Vec<TextEdit>> {
    let formatted = format_file_text(text).ok()?;
    if formatted == text {
        return Some(Vec::new());
    }
    let end = LineIndex::new(text, encoding).position(text.len());
    let whole = Range::new(Position::new(0, 0), end);
    Some(vec![TextEdit::new(whole, formatted)])
}
