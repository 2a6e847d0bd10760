//! The descent's tokens: blanks and comments, keywords, names, numbers, strings and the
//! atomic rules of templates (`template`, `slot_ref`, `choice`, `alternatives`), each written
//! from its rule in `grammar/phrasec.pest`.

use pest::unicode::{XID_CONTINUE, XID_START};

use super::Descent;
use crate::syntax::ast::{Alternatives, Comment, Name, Number, Piece, Reference, Str, Template};
use crate::syntax::keywords::is_keyword;
use crate::syntax::lower::BLANKS;

/// Where a run of literal text stands: a template's text (`template_text`) may hold `|`, the
/// text of a branch of free variation (`alt_text`) may not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextIn {
    Template,
    Branch,
}

/// A table of the bytes that end a run of literal text: line ends, `"`, brackets, braces and
/// `\` (which goes on only as an escape), and `extra`.
const fn stop_bytes(extra: u8) -> [bool; 256] {
    let mut table = [false; 256];
    let stops = *b"\"[]{}\n\r\\";
    let mut idx = 0;
    while idx < stops.len() {
        table[stops[idx] as usize] = true;
        idx += 1;
    }
    table[extra as usize] = true;
    table
}

/// The bytes that end `template_text` (`"` stands in for "nothing more").
const TEMPLATE_TEXT_STOPS: [bool; 256] = stop_bytes(b'"');
/// The bytes that end `alt_text`: those of `template_text` and `|`.
const BRANCH_TEXT_STOPS: [bool; 256] = stop_bytes(b'|');

/// The characters `escape` accepts after a backslash.
pub(super) fn is_escaped(byte: Option<&u8>) -> bool {
    matches!(
        byte,
        Some(b'"' | b'\\' | b'{' | b'}' | b'[' | b']' | b'|' | b'n' | b't')
    )
}

impl<'t> Descent<'t, '_> {
    /// `WHITESPACE` and `COMMENT`, as pest skips them between two tokens of a rule.
    pub(super) fn skip(&mut self) {
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(0xE3) if self.bytes[self.pos..].starts_with("\u{3000}".as_bytes()) => {
                    self.pos += 3;
                }
                Some(0xEF) if self.bytes[self.pos..].starts_with("\u{FEFF}".as_bytes()) => {
                    self.pos += 3;
                }
                Some(b'#') => self.comment(),
                _ => return,
            }
        }
    }

    /// `COMMENT`: `#` to the end of the line. Its text is kept whole; its span, like every
    /// span but a text's, ends before trailing blanks.
    fn comment(&mut self) {
        let start = self.pos;
        let end = memchr::memchr2(b'\n', b'\r', &self.bytes[start..])
            .map_or(self.bytes.len(), |length| start + length);
        let text = &self.text[start..end];
        let trimmed = text.trim_end_matches(BLANKS).len();
        self.comments.push(Comment {
            text: text.to_owned(),
            span: self.span(start, start + trimmed),
        });
        self.pos = end;
    }

    /// The name starting here (empty if none starts here), not read yet. A keyword rule
    /// (`kw_*`: the word, not followed by a character that may continue a name) matches
    /// exactly where this is its word.
    pub(super) fn word(&self) -> &'t str {
        let end = self.name_end().unwrap_or(self.pos);
        &self.text[self.pos..end]
    }

    /// Moves past `word`, just returned by [`Self::word`]; returns where it starts.
    pub(super) fn take_word(&mut self, word: &str) -> usize {
        let start = self.pos;
        self.advance_to(start + word.len());
        start
    }

    /// A `kw_*` rule: the keyword `word` here, or nothing read.
    pub(super) fn keyword(&mut self, word: &str) -> Option<usize> {
        (self.word() == word).then(|| self.take_word(word))
    }

    /// One character of punctuation written as a string in a non-atomic rule (`"{"`, `","`).
    pub(super) fn punctuation(&mut self, byte: u8) -> Option<usize> {
        let start = self.pos;
        if self.bytes.get(start) != Some(&byte) {
            return None;
        }
        self.advance_to(start + 1);
        Some(start)
    }

    /// Several characters of punctuation (`"!="`, `"..="`).
    pub(super) fn punctuation_str(&mut self, text: &str) -> Option<usize> {
        let start = self.pos;
        if !self.bytes[start..].starts_with(text.as_bytes()) {
            return None;
        }
        self.advance_to(start + text.len());
        Some(start)
    }

    /// Moves past a token ending at `end`.
    pub(super) fn advance_to(&mut self, end: usize) {
        self.pos = end;
        self.token_end = end;
    }

    /// The end of the name starting here, if one does: `(XID_START | "_") ~ (XID_CONTINUE | "_")*`.
    fn name_end(&self) -> Option<usize> {
        let mut at = self.pos;
        match *self.bytes.get(at)? {
            byte if byte.is_ascii() => {
                if !(byte.is_ascii_alphabetic() || byte == b'_') {
                    return None;
                }
                at += 1;
            }
            _ => {
                let first = self.text[at..].chars().next()?;
                if !XID_START(first) {
                    return None;
                }
                at += first.len_utf8();
            }
        }
        loop {
            match self.bytes.get(at) {
                Some(&byte) if byte.is_ascii() => {
                    if !(byte.is_ascii_alphanumeric() || byte == b'_') {
                        return Some(at);
                    }
                    at += 1;
                }
                Some(_) => match self.text[at..].chars().next() {
                    Some(next) if XID_CONTINUE(next) => at += next.len_utf8(),
                    _ => return Some(at),
                },
                None => return Some(at),
            }
        }
    }

    /// `ident`: a name that is not a keyword.
    pub(super) fn ident(&mut self) -> Option<Name> {
        let end = self.name_end()?;
        let text = &self.text[self.pos..end];
        if is_keyword(text) {
            return None;
        }
        Some(self.name_to(end))
    }

    /// The name in `slot_ref`: `kw_segment` or `ident`.
    fn reference_name(&mut self) -> Option<Name> {
        let end = self.name_end()?;
        let text = &self.text[self.pos..end];
        if text != "segment" && is_keyword(text) {
            return None;
        }
        Some(self.name_to(end))
    }

    /// `value_name`: a name, keywords included.
    pub(super) fn value_name(&mut self) -> Option<Name> {
        let end = self.name_end()?;
        Some(self.name_to(end))
    }

    fn name_to(&mut self, end: usize) -> Name {
        let start = self.pos;
        self.advance_to(end);
        Name {
            span: self.span(start, end),
        }
    }

    fn digits_end(&self, from: usize) -> usize {
        let digits = self.bytes[from.min(self.bytes.len())..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        from + digits
    }

    /// `int`: the value (`u32::MAX` when it does not fit, as the lowering does) and its start.
    pub(super) fn int(&mut self) -> Option<(u32, usize)> {
        let start = self.pos;
        let end = self.digits_end(start);
        if end == start {
            return None;
        }
        self.advance_to(end);
        Some((self.text[start..end].parse().unwrap_or(u32::MAX), start))
    }

    /// `number`: `"-"? ~ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)?`.
    pub(super) fn number(&mut self) -> Option<Number> {
        let start = self.pos;
        let mut at = start;
        if self.bytes.get(at) == Some(&b'-') {
            at += 1;
        }
        let digits_end = self.digits_end(at);
        if digits_end == at {
            return None;
        }
        at = digits_end;
        if self.bytes.get(at) == Some(&b'.') {
            let fraction_end = self.digits_end(at + 1);
            if fraction_end > at + 1 {
                at = fraction_end;
            }
        }
        self.advance_to(at);
        Some(Number {
            span: self.span(start, at),
        })
    }

    /// `string`: a quoted string on one line with escapes.
    pub(super) fn string(&mut self) -> Option<Str> {
        let start = self.pos;
        if self.bytes.get(start) != Some(&b'"') {
            return None;
        }
        let mut at = start + 1;
        loop {
            match self.bytes.get(at) {
                Some(b'"') => break,
                Some(b'\\') if is_escaped(self.bytes.get(at + 1)) => at += 2,
                Some(b'\\' | b'\n' | b'\r') | None => return None,
                Some(_) => at += 1,
            }
        }
        self.advance_to(at + 1);
        Some(Str {
            span: self.span(start, at + 1),
        })
    }

    /// `template`: a phrase in quotes.
    pub(super) fn template(&mut self) -> Option<Template> {
        let start = self.pos;
        if self.bytes.get(start) != Some(&b'"') {
            return None;
        }
        self.pos += 1;
        let first = self.pieces.len();
        loop {
            let piece = match self.bytes.get(self.pos) {
                Some(b'"') => break,
                Some(b'{') => Piece::Reference(Box::new(self.slot_ref()?)),
                Some(b'[') => Piece::Alternatives(Box::new(self.alternatives()?)),
                _ => Piece::Text(self.text_run(TextIn::Template)?),
            };
            self.pieces.push(piece);
        }
        self.advance_to(self.pos + 1);
        Some(Template {
            pieces: self.pieces.drain(first..).collect(),
            span: self.span(start, self.pos),
        })
    }

    /// `template_text` or `alt_text`: a non-empty run of literal text.
    fn text_run(&mut self, place: TextIn) -> Option<Str> {
        let stops = match place {
            TextIn::Template => &TEMPLATE_TEXT_STOPS,
            TextIn::Branch => &BRANCH_TEXT_STOPS,
        };
        let start = self.pos;
        let mut at = start;
        while let Some(&byte) = self.bytes.get(at) {
            if !stops[usize::from(byte)] {
                at += 1;
            } else if byte == b'\\' && is_escaped(self.bytes.get(at + 1)) {
                at += 2;
            } else {
                break;
            }
        }
        if at == start {
            return None;
        }
        self.pos = at;
        Some(Str {
            span: self.span(start, at),
        })
    }

    /// `ref_space`: spaces and tabs inside `{…}`.
    fn ref_space(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// `slot_ref`: `{name}` or `{name ? choice | choice}`.
    fn slot_ref(&mut self) -> Option<Reference> {
        let start = self.pos;
        self.pos += 1;
        self.ref_space();
        let name = self.reference_name()?;
        self.ref_space();
        let mut choices = None;
        if self.bytes.get(self.pos) == Some(&b'?') {
            self.pos += 1;
            let mut list = vec![self.choice()];
            while self.bytes.get(self.pos) == Some(&b'|') {
                self.pos += 1;
                list.push(self.choice());
            }
            list.shrink_to_fit();
            choices = Some(list.into());
        }
        if self.bytes.get(self.pos) != Some(&b'}') {
            return None;
        }
        self.pos += 1;
        Some(Reference {
            name,
            choices,
            span: self.span(start, self.pos),
        })
    }

    /// `choice`: blanks, `choice_text` (spaces inside it are text, spaces before `|` or `}`
    /// are not), blanks. Never fails: the text may be empty.
    fn choice(&mut self) -> Str {
        self.ref_space();
        let start = self.pos;
        let mut at = start;
        loop {
            match self.bytes.get(at) {
                Some(b' ') => {
                    let run_end = at
                        + self.bytes[at..]
                            .iter()
                            .take_while(|&&byte| byte == b' ')
                            .count();
                    if matches!(self.bytes.get(run_end), Some(b'|' | b'}')) {
                        break;
                    }
                    at = run_end;
                }
                Some(b'"' | b'[' | b']' | b'{' | b'|' | b'}' | b'\n' | b'\r') | None => break,
                Some(b'\\') if is_escaped(self.bytes.get(at + 1)) => at += 2,
                Some(b'\\') => break,
                Some(_) => at += 1,
            }
        }
        self.pos = at;
        let choice = Str {
            span: self.span(start, at),
        };
        self.ref_space();
        choice
    }

    /// `alternatives`: `[a|b]`, at least two branches of text and references.
    fn alternatives(&mut self) -> Option<Alternatives> {
        let start = self.pos;
        self.pos += 1;
        let mut branches = vec![self.branch()?];
        while self.bytes.get(self.pos) == Some(&b'|') {
            self.pos += 1;
            branches.push(self.branch()?);
        }
        if branches.len() < 2 || self.bytes.get(self.pos) != Some(&b']') {
            return None;
        }
        self.pos += 1;
        Some(Alternatives {
            branches: branches.into(),
            span: self.span(start, self.pos),
        })
    }

    /// `alt_branch`: text and references up to the next `|` or `]`.
    fn branch(&mut self) -> Option<Box<[Piece]>> {
        let first = self.pieces.len();
        loop {
            let piece = match self.bytes.get(self.pos) {
                Some(b'{') => Piece::Reference(Box::new(self.slot_ref()?)),
                Some(b'|' | b']') => return Some(self.pieces.drain(first..).collect()),
                _ => Piece::Text(self.text_run(TextIn::Branch)?),
            };
            self.pieces.push(piece);
        }
    }
}
