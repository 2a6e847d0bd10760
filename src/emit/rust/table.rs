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
        for line in TABLE_TYPES.lines() {
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

/// Types and decoders of the article table, the same in every generated file. The record
/// layouts are those the builder above writes.
const TABLE_TYPES: &str = r#"/// Defines a list type of the article table: entries `start..start + len` of one kind of
/// packed record, decoded on access. Iterate it (`for item in list`), index it with `get`,
/// compare it (by entries), print it with `{:?}`.
macro_rules! packed_list {
    ($(#[$doc:meta])* $name:ident, $iter:ident, $item:ty, $decode:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $name {
            start: u32,
            len: u32,
        }

        impl $name {
            /// The number of entries.
            #[must_use]
            pub const fn len(self) -> usize {
                self.len as usize
            }

            /// Whether there is no entry.
            #[must_use]
            pub const fn is_empty(self) -> bool {
                self.len == 0
            }

            /// The entry at `index`, or `None` past the end.
            #[must_use]
            pub fn get(self, index: usize) -> Option<$item> {
                if index < self.len() {
                    Some($decode(self.start as usize + index))
                } else {
                    None
                }
            }

            /// The first entry: the canonical one of options and of branches.
            #[must_use]
            pub fn first(self) -> Option<$item> {
                self.get(0)
            }

            /// The entries, in order.
            #[must_use]
            pub fn iter(self) -> $iter {
                $iter { list: self, front: 0, back: self.len }
            }

            /// Whether an entry equals `item`.
            #[must_use]
            pub fn contains(self, item: &$item) -> bool {
                self.iter().any(|entry| entry == *item)
            }
        }

        #[doc = concat!("The entries of a [`", stringify!($name), "`], in order.")]
        #[derive(Clone, Debug)]
        pub struct $iter {
            list: $name,
            front: u32,
            back: u32,
        }

        impl Iterator for $iter {
            type Item = $item;

            fn next(&mut self) -> Option<$item> {
                if self.front < self.back {
                    let item = self.list.get(self.front as usize);
                    self.front += 1;
                    item
                } else {
                    None
                }
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                let remaining = (self.back - self.front) as usize;
                (remaining, Some(remaining))
            }
        }

        impl DoubleEndedIterator for $iter {
            fn next_back(&mut self) -> Option<$item> {
                if self.front < self.back {
                    self.back -= 1;
                    self.list.get(self.back as usize)
                } else {
                    None
                }
            }
        }

        impl ExactSizeIterator for $iter {}

        impl ::core::iter::FusedIterator for $iter {}

        impl IntoIterator for $name {
            type Item = $item;
            type IntoIter = $iter;
            fn into_iter(self) -> $iter {
                self.iter()
            }
        }

        impl IntoIterator for &$name {
            type Item = $item;
            type IntoIter = $iter;
            fn into_iter(self) -> $iter {
                self.iter()
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.iter().eq(other.iter())
            }
        }

        impl Eq for $name {}
    };
}

packed_list!(
    /// Articles of the table.
    Articles, ArticlesIter, ArticleInfo, article_at
);
packed_list!(
    /// The items of an article's body.
    Body, BodyIter, BodyItem, body_item_at
);
packed_list!(
    /// The options of a body item: what may be said or done.
    Options, OptionsIter, Utterance, utterance_at
);
packed_list!(
    /// The pieces of a template or of a branch.
    Pieces, PiecesIter, Piece, piece_at
);
packed_list!(
    /// The branches of a free variation.
    Branches, BranchesIter, Pieces, branch_at
);
packed_list!(
    /// The texts of a `Select`, one per value of the enum slot (or, for a `SegmentSelect`, per
    /// segment: empty for a segment the phrase is never said to).
    Choices, ChoicesIter, &'static str, choice_at
);

/// A piece of a phrase template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text spoken as written.
    Text(&'static str),
    /// A slot's value.
    Slot { name: &'static str, label: &'static str },
    /// A constant's value.
    Constant { name: &'static str, value: &'static str },
    /// The text for the enum slot's value (`choices.get(i)` for its i-th value).
    Select { slot: &'static str, choices: Choices },
    /// Free variation: any branch may be said; the first is canonical.
    Alternatives(Branches),
    /// The text for the customer's segment (`choices.get(segment as usize)`).
    SegmentSelect(Choices),
}

impl Piece {
    /// For free variation, the canonical (first) branch.
    #[must_use]
    pub fn canonical(&self) -> Option<Pieces> {
        match self {
            Piece::Alternatives(branches) => branches.first(),
            _ => None,
        }
    }
}

/// One option of what to say or do; the first option of a list is canonical.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utterance {
    /// A phrase.
    Say(Say),
    /// A non-verbal action.
    Act(Act),
}

/// A phrase of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Say {
    pub pieces: Pieces,
    /// Whether staff must (应使用) or may (可使用) use it.
    pub modal: Modal,
    /// Its language tag; `None` for Chinese.
    pub language: Option<&'static str>,
}

/// A non-verbal action, with what the rule gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Act {
    pub action: Action,
    /// The slot or constant it takes (`act transfer_to {department}`): a `Piece::Slot` or a
    /// `Piece::Constant`.
    pub argument: Option<Piece>,
    /// A note to staff (`note "出示工作证"`).
    pub note: Option<&'static str>,
    /// The condition to go on after it, as written (`until "客户情绪平复后"`).
    pub until: Option<&'static str>,
}

/// An item of an article's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyItem {
    /// Guidance without a phrase.
    Guidance(&'static str),
    /// Things to say or do.
    Phrase(Options),
    /// One of several sub-cases; `condition` is when it applies, as the rules write it.
    Case { label: Option<&'static str>, condition: &'static str, options: Options },
    /// One of several ordered steps; a step with a `condition` (as the rules write it) is
    /// said only when it holds.
    Step { label: Option<&'static str>, condition: Option<&'static str>, options: Options },
}

/// A slot as declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotInfo {
    pub name: &'static str,
    pub label: &'static str,
    /// `text`, `number`, `duration`, `phone`, `person`, `org`, `time` or `enum`.
    pub kind: &'static str,
    pub notes: &'static [&'static str],
    pub examples: &'static [&'static str],
}

/// An article of the specification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArticleInfo {
    pub number: u32,
    /// The situation.
    pub title: &'static str,
    pub chapter: Option<u32>,
    pub section: Option<u32>,
    /// The segments the article applies to.
    pub segments: &'static [Segment],
    pub decision: Option<&'static str>,
    /// Why the article is incomplete, when it is.
    pub incomplete: Option<&'static str>,
    pub body: Body,
    /// When the article applies, as the rules write it (`cause = ours and stage != resolved`);
    /// `None` when its condition is only its section's segment, or nothing.
    pub condition: Option<&'static str>,
}

/// Record `index` of `records`, `WIDTH` little-endian words long (zeros past the end, which
/// the generator never refers to).
fn record<const WIDTH: usize>(records: &[u8], index: usize) -> [u32; WIDTH] {
    let mut words = [0; WIDTH];
    let start = index * WIDTH * 4;
    if let Some(bytes) = records.get(start..start + WIDTH * 4) {
        for (word, chunk) in words.iter_mut().zip(bytes.chunks_exact(4)) {
            *word = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
    }
    words
}

/// Bytes `start..start + len` of the table's text.
fn text(start: u32, len: u32) -> &'static str {
    let start = start as usize;
    TABLE_TEXT.get(start..start + len as usize).unwrap_or("")
}

/// A text, or `None` when `start` is `u32::MAX`.
fn optional_text(start: u32, len: u32) -> Option<&'static str> {
    if start == u32::MAX { None } else { Some(text(start, len)) }
}

/// A number, or `None` when `present` is 0.
fn optional_number(present: u32, number: u32) -> Option<u32> {
    if present == 0 { None } else { Some(number) }
}

fn article_at(index: usize) -> ArticleInfo {
    let [
        number,
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
        body,
        body_len,
        condition,
        condition_len,
    ] = record::<ARTICLE_WIDTH>(ARTICLE_RECORDS, index);
    ArticleInfo {
        number,
        title: text(title, title_len),
        chapter: optional_number(has_chapter, chapter),
        section: optional_number(has_section, section),
        segments: SEGMENT_LISTS.get(segments as usize).copied().unwrap_or(&[]),
        decision: optional_text(decision, decision_len),
        incomplete: optional_text(incomplete, incomplete_len),
        body: Body { start: body, len: body_len },
        condition: optional_text(condition, condition_len),
    }
}

fn body_item_at(index: usize) -> BodyItem {
    let [kind, label, label_len, options, options_len, condition, condition_len] =
        record::<BODY_ITEM_WIDTH>(BODY_ITEM_RECORDS, index);
    let options = Options { start: options, len: options_len };
    let label = optional_text(label, label_len);
    let condition = optional_text(condition, condition_len);
    match kind {
        BODY_GUIDANCE => BodyItem::Guidance(label.unwrap_or("")),
        BODY_CASE => BodyItem::Case { label, condition: condition.unwrap_or(""), options },
        BODY_STEP => BodyItem::Step { label, condition, options },
        _ => BodyItem::Phrase(options),
    }
}

fn utterance_at(index: usize) -> Utterance {
    let [kind, first, second, modal, language, language_len] =
        record::<UTTERANCE_WIDTH>(UTTERANCE_RECORDS, index);
    match (kind, act_at(first as usize)) {
        (UTTERANCE_ACT, Some(act)) => Utterance::Act(act),
        _ => Utterance::Say(Say {
            pieces: Pieces { start: first, len: second },
            modal: if modal == 1 { Modal::May } else { Modal::Must },
            language: optional_text(language, language_len),
        }),
    }
}

fn act_at(index: usize) -> Option<Act> {
    let [action, argument, note, note_len, until, until_len] = record::<ACT_WIDTH>(ACT_RECORDS, index);
    Some(Act {
        action: *Action::ALL.get(action as usize)?,
        argument: if argument == u32::MAX { None } else { Some(piece_at(argument as usize)) },
        note: optional_text(note, note_len),
        until: optional_text(until, until_len),
    })
}

fn piece_at(index: usize) -> Piece {
    let [kind, first, first_len, second, second_len] = record::<PIECE_WIDTH>(PIECE_RECORDS, index);
    match kind {
        PIECE_SLOT => Piece::Slot { name: text(first, first_len), label: text(second, second_len) },
        PIECE_CONSTANT => Piece::Constant { name: text(first, first_len), value: text(second, second_len) },
        PIECE_SELECT => Piece::Select {
            slot: text(first, first_len),
            choices: Choices { start: second, len: second_len },
        },
        PIECE_ALTERNATIVES => Piece::Alternatives(Branches { start: second, len: second_len }),
        PIECE_SEGMENT_SELECT => Piece::SegmentSelect(Choices { start: second, len: second_len }),
        _ => Piece::Text(text(first, first_len)),
    }
}

fn branch_at(index: usize) -> Pieces {
    let [start, len] = record::<BRANCH_WIDTH>(BRANCH_RECORDS, index);
    Pieces { start, len }
}

fn choice_at(index: usize) -> &'static str {
    let [start, len] = record::<CHOICE_WIDTH>(CHOICE_RECORDS, index);
    text(start, len)
}"#;

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
