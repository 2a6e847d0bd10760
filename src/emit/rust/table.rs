//! The article table as packed records: every text of the table in one string, every entry
//! (article, body item, utterance, piece, branch, choice) a fixed number of little-endian `u32`
//! words in one byte string per kind, read back into typed values by the generated code.
//!
//! Why packed: rustc type-checks and const-evaluates every entry of a static array literal,
//! which on 10,000 articles (70,000 entries) took it more than 2 s of a debug build, while a
//! byte string literal of any length is one token (see `docs/performance-codegen.md`). The
//! generated list types (`Body`, `Options`, `Pieces`, …) decode their entries on access.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

use super::{Names, Writer, string_literal};
use crate::check::model::{
    ActDetails, Article, BodyItem, Condition, Modal, Model, Piece, Select, Utterance, Utterances,
};

/// Words per record of each kind; written into the generated code, whose decoders destructure
/// records of exactly these widths (so a mismatch does not compile).
const ARTICLE_WIDTH: usize = 16;
const BODY_ITEM_WIDTH: usize = 7;
const UTTERANCE_WIDTH: usize = 6;
const PIECE_WIDTH: usize = 5;
const BRANCH_WIDTH: usize = 2;
const CHOICE_WIDTH: usize = 2;
const ACT_WIDTH: usize = 6;

/// `start` of an absent optional text.
const NO_TEXT: u32 = u32::MAX;

/// The first word of a body item, an utterance or a piece: which kind it is. The generated
/// decoders match on the same constants ([`KINDS`]); the kind each decoder falls back to
/// (`BODY_PHRASE`, `UTTERANCE_SAY`, `PIECE_TEXT`) is its `_` arm and not written out.
const BODY_GUIDANCE: u32 = 0;
const BODY_PHRASE: u32 = 1;
const BODY_CASE: u32 = 2;
const BODY_STEP: u32 = 3;
const UTTERANCE_SAY: u32 = 0;
const UTTERANCE_ACT: u32 = 1;
const PIECE_TEXT: u32 = 0;
const PIECE_SLOT: u32 = 1;
const PIECE_CONSTANT: u32 = 2;
const PIECE_SELECT: u32 = 3;
const PIECE_ALTERNATIVES: u32 = 4;
const PIECE_SEGMENT_SELECT: u32 = 5;

/// The kind constants the generated decoders match on.
const KINDS: [(&str, u32); 9] = [
    ("BODY_GUIDANCE", BODY_GUIDANCE),
    ("BODY_CASE", BODY_CASE),
    ("BODY_STEP", BODY_STEP),
    ("UTTERANCE_ACT", UTTERANCE_ACT),
    ("PIECE_SLOT", PIECE_SLOT),
    ("PIECE_CONSTANT", PIECE_CONSTANT),
    ("PIECE_SELECT", PIECE_SELECT),
    ("PIECE_ALTERNATIVES", PIECE_ALTERNATIVES),
    ("PIECE_SEGMENT_SELECT", PIECE_SEGMENT_SELECT),
];

/// The records of one kind of entry, `width` words each, written as `{KIND}_RECORDS` with
/// their width as `{KIND}_WIDTH`.
struct Records {
    kind: &'static str,
    what: &'static str,
    width: usize,
    words: Vec<u32>,
}

impl Records {
    fn new(kind: &'static str, what: &'static str, width: usize) -> Records {
        Records {
            kind,
            what,
            width,
            words: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.words.len() / self.width
    }

    /// Reserves `count` records at the end (filled in later, so that a nested list's own
    /// entries can follow) and returns the index of the first.
    fn reserve(&mut self, count: usize) -> usize {
        let start = self.len();
        self.words.resize((start + count) * self.width, 0);
        start
    }

    fn set(&mut self, index: usize, record: &[u32]) {
        debug_assert_eq!(record.len(), self.width);
        let at = index * self.width;
        self.words[at..at + self.width].copy_from_slice(record);
    }
}

/// The table, ready to be written.
pub(super) struct PackedTable<'m> {
    /// Every distinct text, one after the other (borrowed from the model, unless escapes in
    /// a phrase text had to be decoded).
    texts: Vec<Cow<'m, str>>,
    text_len: u32,
    articles: Records,
    body_items: Records,
    utterances: Records,
    pieces: Records,
    branches: Records,
    choices: Records,
    acts: Records,
    /// Distinct segment lists, each a Rust slice expression.
    segment_lists: Vec<String>,
}

/// Builds the table; holds what the model and the names are needed for.
struct Builder<'a> {
    model: &'a Model,
    names: &'a Names,
    table: PackedTable<'a>,
    text_index: HashMap<Cow<'a, str>, u32>,
    /// The index of each distinct list of segment indices in `segment_lists`.
    segment_list_index: HashMap<Vec<usize>, u32>,
}

/// A body item's record: its first five words, then its condition's two.
fn concat_words(first: [u32; 5], condition: [u32; 2]) -> [u32; BODY_ITEM_WIDTH] {
    let [a, b, c, d, e] = first;
    let [f, g] = condition;
    [a, b, c, d, e, f, g]
}

/// Converts a count or index of the table to a record word.
fn word(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

impl<'m> PackedTable<'m> {
    pub(super) fn new(model: &'m Model, names: &'m Names) -> PackedTable<'m> {
        let mut builder = Builder {
            model,
            names,
            table: PackedTable {
                texts: Vec::new(),
                text_len: 0,
                articles: Records::new("ARTICLE", "articles", ARTICLE_WIDTH),
                body_items: Records::new("BODY_ITEM", "body items", BODY_ITEM_WIDTH),
                utterances: Records::new("UTTERANCE", "utterances", UTTERANCE_WIDTH),
                pieces: Records::new("PIECE", "pieces", PIECE_WIDTH),
                branches: Records::new("BRANCH", "branches", BRANCH_WIDTH),
                choices: Records::new("CHOICE", "choices", CHOICE_WIDTH),
                acts: Records::new("ACT", "actions", ACT_WIDTH),
                segment_lists: Vec::new(),
            },
            text_index: HashMap::new(),
            segment_list_index: HashMap::new(),
        };
        let start = builder.table.articles.reserve(model.articles.len());
        for (offset, article) in model.articles.iter().enumerate() {
            let record = builder.article(article);
            builder.table.articles.set(start + offset, &record);
        }
        builder.table
    }

    /// Writes the records, the decoders and the list types.
    pub(super) fn write(&self, w: &mut Writer) {
        for line in super::table_types::TABLE_TYPES.lines() {
            w.line(line);
        }
        w.line("");
        let all_records = [
            &self.articles,
            &self.body_items,
            &self.utterances,
            &self.pieces,
            &self.branches,
            &self.choices,
            &self.acts,
        ];
        w.line("/// Words per record of each kind of entry.");
        for records in all_records {
            w.line(&format!(
                "const {}_WIDTH: usize = {};",
                records.kind, records.width
            ));
        }
        w.line("");
        w.line("/// The first word of a record: which kind of body item, utterance or piece.");
        for (name, kind) in KINDS {
            w.line(&format!("const {name}: u32 = {kind};"));
        }
        w.line("");
        w.line("/// Every text of the article table, one after the other.");
        if self.texts.is_empty() {
            w.line("static TABLE_TEXT: &str = \"\";");
        } else {
            w.line("static TABLE_TEXT: &str = \"\\");
            for text in &self.texts {
                w.line(&format!("{}\\", continued_literal_body(text)));
            }
            w.line("\";");
        }
        w.line("");
        w.line("/// The segments of the articles: each distinct list once.");
        w.open("static SEGMENT_LISTS: &[&[Segment]] = &[");
        for segments in &self.segment_lists {
            w.line(&format!("&[{segments}],"));
        }
        w.close("];");
        w.line("");
        for records in all_records {
            write_records(w, records);
        }
        w.line("/// Every article, in order.");
        w.line(&format!(
            "pub const ARTICLES: Articles = Articles {{ start: 0, len: {} }};",
            self.articles.len()
        ));
        w.line("");
        w.line("/// The article with this number.");
        w.line("#[must_use]");
        w.open("pub fn article(number: u32) -> Option<ArticleInfo> {");
        w.line("ARTICLES.iter().find(|article| article.number == number)");
        w.close("}");
    }
}

/// The inside of a string literal for `text`, for a line of a literal continued with `\`: a
/// leading whitespace character is escaped, as the continuation would skip it.
fn continued_literal_body(text: &str) -> String {
    let literal = string_literal(text);
    let body = &literal[1..literal.len() - 1];
    match body.chars().next() {
        Some(first) if first.is_whitespace() => {
            format!("\\u{{{:x}}}{}", u32::from(first), &body[first.len_utf8()..])
        }
        _ => body.to_owned(),
    }
}

/// `static {KIND}_RECORDS: &[u8] = b"…";`, one record per line.
fn write_records(w: &mut Writer, records: &Records) {
    let name = format!("{}_RECORDS", records.kind);
    let what = records.what;
    w.line(&format!(
        "/// The {what}: {} records of {} little-endian `u32` words.",
        records.len(),
        records.width
    ));
    if records.words.is_empty() {
        w.line(&format!("static {name}: &[u8] = b\"\";"));
        w.line("");
        return;
    }
    w.line(&format!("static {name}: &[u8] = b\"\\"));
    let mut line = String::new();
    for record in records.words.chunks(records.width) {
        line.clear();
        for value in record {
            for byte in value.to_le_bytes() {
                if byte == 0 {
                    line.push_str("\\0");
                } else {
                    let _ = write!(line, "\\x{byte:02x}");
                }
            }
        }
        line.push('\\');
        w.line(&line);
    }
    w.line("\";");
    w.line("");
}

impl<'a> Builder<'a> {
    /// Where `text` is in the table's text: `[start, len]`.
    fn text(&mut self, text: impl Into<Cow<'a, str>>) -> [u32; 2] {
        let text = text.into();
        let len = word(text.len());
        let next = self.table.text_len;
        let start = *self.text_index.entry(text.clone()).or_insert(next);
        if start == next {
            self.table.text_len = next.saturating_add(len);
            self.table.texts.push(text);
        }
        [start, len]
    }

    fn optional_text(&mut self, text: Option<&'a str>) -> [u32; 2] {
        match text {
            Some(text) => self.text(text),
            None => [NO_TEXT, 0],
        }
    }

    fn segment_list(&mut self, article: &Article) -> u32 {
        let n_segments = self.names.segments.len();
        let segments: Vec<usize> = article
            .segments_allowed(self.model.segments.len().max(1))
            .into_iter()
            .filter(|&s| s < n_segments)
            .collect();
        let next = word(self.table.segment_lists.len());
        if let Some(&index) = self.segment_list_index.get(&segments) {
            return index;
        }
        let listed: Vec<String> = segments
            .iter()
            .map(|&s| format!("Segment::{}", self.names.segments[s]))
            .collect();
        self.table.segment_lists.push(listed.join(", "));
        self.segment_list_index.insert(segments, next);
        next
    }

    fn article(&mut self, article: &'a Article) -> [u32; ARTICLE_WIDTH] {
        let segments = self.segment_list(article);
        let start = self.table.body_items.reserve(article.body.len());
        for (offset, item) in article.body.iter().enumerate() {
            let record = match item {
                BodyItem::Guidance { text, .. } => {
                    let [text, text_len] = self.text(text);
                    [BODY_GUIDANCE, text, text_len, 0, 0, NO_TEXT, 0]
                }
                BodyItem::Utterances(utterances) => {
                    let [options, options_len] = self.utterances(utterances);
                    [BODY_PHRASE, NO_TEXT, 0, options, options_len, NO_TEXT, 0]
                }
                BodyItem::Case(case) => {
                    let [label, label_len] = self.optional_text(case.label.as_deref());
                    let [options, options_len] = self.utterances(&case.utterances);
                    let [condition, condition_len] = self.condition(Some(&case.condition));
                    let record = [BODY_CASE, label, label_len, options, options_len];
                    concat_words(record, [condition, condition_len])
                }
                BodyItem::Step(step) => {
                    let [label, label_len] = self.optional_text(step.label.as_deref());
                    let [options, options_len] = self.utterances(&step.utterances);
                    let [condition, condition_len] = self.condition(step.condition.as_ref());
                    let record = [BODY_STEP, label, label_len, options, options_len];
                    concat_words(record, [condition, condition_len])
                }
            };
            self.table.body_items.set(start + offset, &record);
        }
        let model = self.model;
        let optional_number = |number: Option<u32>| match number {
            Some(number) => [1, number],
            None => [0, 0],
        };
        let [has_chapter, chapter] =
            optional_number(article.chapter.map(|c| model.chapters[c].number));
        let [has_section, section] =
            optional_number(article.section.map(|s| model.sections[s].number));
        let [title, title_len] = self.text(&article.title);
        let [decision, decision_len] =
            self.optional_text(article.decision.map(|d| model.decisions[d].name.as_str()));
        let [incomplete, incomplete_len] = self.optional_text(article.incomplete.as_deref());
        let [condition, condition_len] = self.condition(Some(&article.condition));
        [
            article.number,
            title,
            title_len,
            has_chapter,
            chapter,
            has_section,
            section,
            segments,
            decision,
            decision_len,
            incomplete,
            incomplete_len,
            word(start),
            word(article.body.len()),
            condition,
            condition_len,
        ]
    }

    /// A condition's written tests as text (`cause = ours and stage != resolved`), or an
    /// absent text when nothing is written.
    fn condition(&mut self, condition: Option<&Condition>) -> [u32; 2] {
        match condition.and_then(|condition| self.model.condition_text(condition)) {
            Some(text) => self.text(text),
            None => [NO_TEXT, 0],
        }
    }

    /// Records the options; returns their list, `[start, len]`.
    fn utterances(&mut self, utterances: &'a Utterances) -> [u32; 2] {
        let len = utterances.options.len();
        let start = self.table.utterances.reserve(len);
        for (offset, option) in utterances.options.iter().enumerate() {
            let record = match option {
                Utterance::Say(template) => {
                    let [pieces, pieces_len] = self.pieces(&template.pieces);
                    let modal = match template.modal {
                        Modal::Must => 0,
                        Modal::May => 1,
                    };
                    let [language, language_len] = self.optional_text(template.language.as_deref());
                    [
                        UTTERANCE_SAY,
                        pieces,
                        pieces_len,
                        modal,
                        language,
                        language_len,
                    ]
                }
                Utterance::Act {
                    action, details, ..
                } => {
                    let act = self.act(*action, details.as_deref());
                    [UTTERANCE_ACT, act, 0, 0, NO_TEXT, 0]
                }
            };
            self.table.utterances.set(start + offset, &record);
        }
        [word(start), word(len)]
    }

    /// Records an action with what it is given; returns its index.
    fn act(&mut self, action: usize, details: Option<&'a ActDetails>) -> u32 {
        let argument = match details.and_then(|details| details.argument.as_ref()) {
            // The argument is a piece of its own, a list of one.
            Some(argument) => self.pieces(std::slice::from_ref(argument))[0],
            None => NO_TEXT,
        };
        let [note, note_len] = self.optional_text(details.and_then(|d| d.note.as_deref()));
        let [until, until_len] = self.optional_text(details.and_then(|d| d.until.as_deref()));
        let index = self.table.acts.reserve(1);
        self.table.acts.set(
            index,
            &[word(action), argument, note, note_len, until, until_len],
        );
        word(index)
    }

    /// Records the pieces; returns their list, `[start, len]`.
    fn pieces(&mut self, pieces: &'a [Piece]) -> [u32; 2] {
        let start = self.table.pieces.reserve(pieces.len());
        for (offset, piece) in pieces.iter().enumerate() {
            let record = match piece {
                Piece::Text(span) => {
                    let model = self.model;
                    let [text, text_len] = self.text(model.text(*span));
                    [PIECE_TEXT, text, text_len, 0, 0]
                }
                Piece::Slot { slot, .. } => {
                    let declared = &self.model.slots[*slot];
                    let [name, name_len] = self.text(&declared.name);
                    let [label, label_len] = self.text(&declared.label);
                    [PIECE_SLOT, name, name_len, label, label_len]
                }
                Piece::Constant { constant, .. } => {
                    let declared = &self.model.constants[*constant];
                    let [name, name_len] = self.text(&declared.name);
                    let [value, value_len] = self.text(&declared.value);
                    [PIECE_CONSTANT, name, name_len, value, value_len]
                }
                Piece::Select(select) => {
                    let Select { slot, choices, .. } = &**select;
                    let [name, name_len] = self.text(&self.model.slots[*slot].name);
                    let choices_start = self.table.choices.reserve(choices.len());
                    for (choice_offset, choice) in choices.iter().enumerate() {
                        let record = self.text(choice.as_str());
                        self.table
                            .choices
                            .set(choices_start + choice_offset, &record);
                    }
                    [
                        PIECE_SELECT,
                        name,
                        name_len,
                        word(choices_start),
                        word(choices.len()),
                    ]
                }
                Piece::SegmentSelect(select) => {
                    let texts = &select.texts;
                    let choices_start = self.table.choices.reserve(texts.len());
                    for (choice_offset, choice) in texts.iter().enumerate() {
                        let record = self.text(choice.as_deref().unwrap_or_default());
                        self.table
                            .choices
                            .set(choices_start + choice_offset, &record);
                    }
                    [
                        PIECE_SEGMENT_SELECT,
                        0,
                        0,
                        word(choices_start),
                        word(texts.len()),
                    ]
                }
                Piece::Alternatives(alternatives) => {
                    let branches = &alternatives.branches;
                    let branches_start = self.table.branches.reserve(branches.len());
                    for (branch_offset, branch) in branches.iter().enumerate() {
                        let record = self.pieces(branch);
                        self.table
                            .branches
                            .set(branches_start + branch_offset, &record);
                    }
                    [
                        PIECE_ALTERNATIVES,
                        0,
                        0,
                        word(branches_start),
                        word(branches.len()),
                    ]
                }
            };
            self.table.pieces.set(start + offset, &record);
        }
        [word(start), word(pieces.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_continued_line_keeps_its_leading_whitespace() {
        assert_eq!(continued_literal_body(" a"), "\\u{20}a");
        assert_eq!(continued_literal_body("\u{3000}问"), "\\u{3000}问");
        assert_eq!(continued_literal_body("\t"), "\\t");
        assert_eq!(continued_literal_body("a \""), "a \\\"");
    }
}
