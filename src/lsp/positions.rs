//! Byte offsets in a document's text to LSP positions and back, in the position encoding
//! agreed with the client: a position's `character` counts UTF-16 code units (the protocol's
//! default) or bytes (UTF-8, when the client offers it) from the start of its line.
//!
//! Lines end at `\n`; a `\r` before it belongs to the line's end, not to a character the
//! client could point between (a position inside `\r\n` is taken as the line's end).

use lsp_types::Position;

/// How a position's `character` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The line starts of one text, to convert offsets in it.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> LineIndex<'a> {
        LineIndex {
            text,
            starts: phrasec::source::line_starts(text),
            encoding,
        }
    }

    /// The position of byte `offset` (clamped to the text; an offset inside a character is
    /// taken at the character's start).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let before = &self.text[self.starts[line]..offset];
        let character = match self.encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of `position`: a line past the end is the end of the text, a
    /// character past the line's end (or inside a character, or inside `\r\n`) the nearest
    /// place before it.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let end = self.line_end(line);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (at, ch) in self.text[start..end].char_indices() {
            let width = match self.encoding {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
            };
            if counted + width > wanted {
                return start + at;
            }
            counted += width;
        }
        end
    }

    /// The end of `line`'s text, before its `\n` or `\r\n`.
    fn line_end(&self, line: usize) -> usize {
        let next = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next);
        let content = &self.text[self.starts[line]..next];
        let content = content.strip_suffix('\n').unwrap_or(content);
        let content = content.strip_suffix('\r').unwrap_or(content);
        self.starts[line] + content.len()
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str, encoding: Encoding) {
        let index = LineIndex::new(text, encoding);
        for (offset, _) in text.char_indices() {
            if text[offset..].starts_with('\n') && text[..offset].ends_with('\r') {
                continue;
            }
            assert_eq!(index.offset(index.position(offset)), offset, "at {offset}");
        }
    }

    #[test]
    fn cjk_counts_one_utf16_unit_and_three_bytes() {
        let text = "say \"您好{name}\"\n";
        let utf16 = LineIndex::new(text, Encoding::Utf16);
        let utf8 = LineIndex::new(text, Encoding::Utf8);
        let brace = text.find('{').unwrap();
        assert_eq!(utf16.position(brace), Position::new(0, 7));
        assert_eq!(utf8.position(brace), Position::new(0, 11));
        assert_eq!(utf16.offset(Position::new(0, 7)), brace);
        assert_eq!(utf8.offset(Position::new(0, 11)), brace);
        round_trip(text, Encoding::Utf16);
        round_trip(text, Encoding::Utf8);
    }

    #[test]
    fn astral_characters_are_surrogate_pairs() {
        let text = "a𠀀b\n𝄞x";
        let index = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(index.position(text.find('b').unwrap()), Position::new(0, 3));
        assert_eq!(index.position(text.find('x').unwrap()), Position::new(1, 2));
        // Between the two halves of a surrogate pair: the character's start.
        assert_eq!(index.offset(Position::new(0, 2)), 1);
        assert_eq!(index.offset(Position::new(0, 3)), text.find('b').unwrap());
        // Inside a character's bytes: its start.
        assert_eq!(index.position(2), Position::new(0, 1));
        round_trip(text, Encoding::Utf16);
        round_trip(text, Encoding::Utf8);
    }

    #[test]
    fn crlf_ends_lines_without_characters() {
        let text = "ab\r\n中\r\n";
        let index = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(
            index.position(text.find('中').unwrap()),
            Position::new(1, 0)
        );
        assert_eq!(index.position(2), Position::new(0, 2));
        // Past the line's end, and inside `\r\n`: the end of the line's text.
        assert_eq!(index.offset(Position::new(0, 3)), 2);
        assert_eq!(index.offset(Position::new(0, 99)), 2);
        assert_eq!(
            index.offset(Position::new(1, 1)),
            text.find('中').unwrap() + 3
        );
        // The empty last line, and lines past the end.
        assert_eq!(index.position(text.len()), Position::new(2, 0));
        assert_eq!(index.offset(Position::new(7, 0)), text.len());
        round_trip(text, Encoding::Utf16);
        round_trip(text, Encoding::Utf8);
    }
}
