//! Source files, byte spans and line/column positions (columns count Unicode characters).
//!
//! Byte offsets are the only positions stored anywhere; lines and columns are computed here,
//! on demand, for output.

use std::ops::Range;
use std::sync::Arc;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A byte range inside one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both (which must be in the same file).
    pub fn to(&self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

fn clamp_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// One rule file: its display name (as given on the command line, never made absolute) and text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    /// Shared with the model, whose phrase texts are read from it.
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

/// A 1-based line and a 1-based column counted in Unicode characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        let text = text.into();
        let line_starts = line_starts(&text);
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// Line and column of a byte offset; offsets inside a character round down to it.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let offset = offset.min(self.text.len());
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(idx) => idx,
            Err(idx) => idx - 1,
        };
        let line_start = self.line_starts[line_idx];
        let mut boundary = offset;
        while !self.text.is_char_boundary(boundary) {
            boundary -= 1;
        }
        let column = self.text[line_start..boundary].chars().count() + 1;
        LineColumn {
            line: line_idx + 1,
            column,
        }
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }
}

/// Byte offsets where lines start. A line ends with `\n`, `\r\n` or a lone `\r` (old Mac
/// files), as the grammar treats all three as blanks.
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    // `memchr2` finds the line ends many bytes at a time (the byte loop was 10 instructions a
    // byte, 1 % of a whole compile).
    for idx in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        let ends_line = bytes[idx] == b'\n' || bytes.get(idx + 1) != Some(&b'\n');
        if ends_line {
            starts.push(idx + 1);
        }
    }
    starts
}

/// All files of one run, indexed by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(clamp_u32(self.files.len() - 1))
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(idx, file)| (FileId(clamp_u32(idx)), file))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Replaces a file's text (used once, after decoding its bytes).
    pub fn replace_text(&mut self, id: FileId, text: impl Into<Arc<str>>) {
        let name = std::mem::take(&mut self.files[id.0 as usize].name);
        self.files[id.0 as usize] = SourceFile::new(name, text);
    }

    /// The text a span covers.
    pub fn snippet(&self, span: Span) -> &str {
        let text = &self.get(span.file).text;
        text.get(span.range()).unwrap_or("")
    }
}

/// A position for output: file name as given, 1-based line, 1-based column in characters
/// (and the byte offsets it was computed from).
#[derive(Clone, Debug, serde::Serialize, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start_byte: u32,
    pub end_byte: u32,
}

impl SourceMap {
    /// The printable location of a span.
    pub fn location(&self, span: Span) -> Location {
        let file = self.get(span.file);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile::new("a.phr", "第一行\n故障 原因");
        let offset = "第一行\n故障 ".len();
        assert_eq!(file.line_column(offset), LineColumn { line: 2, column: 4 });
        assert_eq!(file.line_column(0), LineColumn { line: 1, column: 1 });
    }

    proptest::proptest! {
        /// Lines end at `\n`, `\r\n` and a lone `\r`, as a byte-by-byte scan finds them.
        #[test]
        fn line_starts_are_found_after_every_line_end(text in "[a\r\n故]{0,40}") {
            let bytes = text.as_bytes();
            let mut expected = vec![0];
            for (idx, &byte) in bytes.iter().enumerate() {
                if byte == b'\n' || (byte == b'\r' && bytes.get(idx + 1) != Some(&b'\n')) {
                    expected.push(idx + 1);
                }
            }
            proptest::prop_assert_eq!(line_starts(&text), expected);
        }
    }

    #[test]
    fn offset_inside_a_character_rounds_down() {
        let file = SourceFile::new("a.phr", "故障");
        assert_eq!(file.line_column(1), LineColumn { line: 1, column: 1 });
    }
}
