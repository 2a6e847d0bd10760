//! The static article table as flat lists: one array per kind of entry (articles, body items,
//! utterances, pieces, branches, choices), nested lists written as `Pieces { start, len }` (and the
//! like) into them.
//!
//! Why flat: rustc evaluates every nested `&[…]` of a static as its own allocation, which on
//! 10,000 articles took it about 7 s; a few large arrays of plain values take a fraction of
//! that (see `docs/performance-codegen.md`). The generated list types dereference to
//! `&'static [T]`, so readers of the table still get slices.

use std::collections::HashMap;

use super::{Names, Writer, string_literal};
use crate::check::model::{Article, BodyItem, Model, Piece, Utterance, Utterances};

/// The table's lists, each entry a Rust expression.
pub(super) struct FlatTable {
    articles: Vec<String>,
    body_items: Vec<String>,
    utterances: Vec<String>,
    pieces: Vec<String>,
    branches: Vec<String>,
    choices: Vec<String>,
    /// Distinct segment lists, each a constant.
    segment_lists: Vec<String>,
    /// Distinct optional values (`None`, `Some(3)`, `Some("…")`) with their types, each a
    /// constant: rustc infers the type of every `Some`/`None` written in place, which on large
    /// tables costs more than the rest of the entry.
    options: Vec<(String, &'static str)>,
}

/// `Pieces { start, len }` (or another list type) for entries `start..start + len` of its
/// flat list.
fn list(ty: &str, start: usize, len: usize) -> String {
    format!("{ty} {{ start: {start}, len: {len} }}")
}

/// Builds the lists; holds what the model and the names are needed for.
struct Builder<'a> {
    model: &'a Model,
    names: &'a Names,
    table: FlatTable,
    segment_list_index: HashMap<String, usize>,
    option_index: HashMap<String, usize>,
}

impl FlatTable {
    pub(super) fn new(model: &Model, names: &Names) -> FlatTable {
        let mut builder = Builder {
            model,
            names,
            table: FlatTable {
                articles: Vec::new(),
                body_items: Vec::new(),
                utterances: Vec::new(),
                pieces: Vec::new(),
                branches: Vec::new(),
                choices: Vec::new(),
                segment_lists: Vec::new(),
                options: Vec::new(),
            },
            segment_list_index: HashMap::new(),
            option_index: HashMap::new(),
        };
        for article in &model.articles {
            let entry = builder.article(article);
            builder.table.articles.push(entry);
        }
        builder.table
    }

    pub(super) fn write(&self, w: &mut Writer) {
        for (idx, segments) in self.segment_lists.iter().enumerate() {
            w.line(&format!(
                "const SEGMENTS_{idx}: &[Segment] = &[{segments}];"
            ));
        }
        for (idx, (value, ty)) in self.options.iter().enumerate() {
            w.line(&format!("const OPTION_{idx}: {ty} = {value};"));
        }
        w.line("");
        array(w, "ARTICLE_LIST", "ArticleInfo", &self.articles);
        array(w, "BODY_ITEMS", "BodyItem", &self.body_items);
        array(w, "UTTERANCES", "Utterance", &self.utterances);
        array(w, "PIECES", "Piece", &self.pieces);
        array(w, "BRANCHES", "Pieces", &self.branches);
        array(w, "CHOICES", "&str", &self.choices);
    }
}

/// `static NAME: [TYPE; N] = [...];`
fn array(w: &mut Writer, name: &str, ty: &str, entries: &[String]) {
    w.open(&format!("static {name}: [{ty}; {}] = [", entries.len()));
    for entry in entries {
        w.line(&format!("{entry},"));
    }
    w.close("];");
    w.line("");
}

/// Reserves `len` entries at the end of `list` (filled in later, so that a nested list's own
/// entries can follow) and returns where they start.
fn reserve(list: &mut Vec<String>, len: usize) -> usize {
    let start = list.len();
    list.resize(start + len, String::new());
    start
}

impl Builder<'_> {
    /// The constant that holds an optional value.
    fn option(&mut self, value: String, ty: &'static str) -> String {
        let key = format!("{ty}={value}");
        let next = self.table.options.len();
        let idx = *self.option_index.entry(key).or_insert(next);
        if idx == next {
            self.table.options.push((value, ty));
        }
        format!("OPTION_{idx}")
    }

    /// `Some("…")` or `None`, as a constant.
    fn optional_text(&mut self, text: Option<&str>) -> String {
        let value = match text {
            Some(text) => format!("Some({})", string_literal(text)),
            None => "None".to_owned(),
        };
        self.option(value, "Option<&str>")
    }

    /// `Some(n)` or `None`, as a constant.
    fn optional_number(&mut self, number: Option<u32>) -> String {
        let value = match number {
            Some(number) => format!("Some({number})"),
            None => "None".to_owned(),
        };
        self.option(value, "Option<u32>")
    }

    fn article(&mut self, article: &Article) -> String {
        let n_segments = self.names.segments.len();
        let segments: Vec<String> = article
            .segments_allowed(self.model.segments.len().max(1))
            .into_iter()
            .filter(|&s| s < n_segments)
            .map(|s| format!("Segment::{}", self.names.segments[s]))
            .collect();
        let segments = segments.join(", ");
        let next_index = self.table.segment_lists.len();
        let segment_list = *self
            .segment_list_index
            .entry(segments.clone())
            .or_insert(next_index);
        if segment_list == next_index {
            self.table.segment_lists.push(segments);
        }
        let start = reserve(&mut self.table.body_items, article.body.len());
        for (offset, item) in article.body.iter().enumerate() {
            let entry = match item {
                BodyItem::Guidance { text, .. } => {
                    format!("BodyItem::Guidance({})", string_literal(text))
                }
                BodyItem::Utterances(utterances) => {
                    format!("BodyItem::Phrase({})", self.utterances(utterances))
                }
                BodyItem::Case {
                    label, utterances, ..
                } => {
                    let label = self.optional_text(label.as_deref());
                    let options = self.utterances(utterances);
                    format!("BodyItem::Case {{ label: {label}, options: {options} }}")
                }
                BodyItem::Step {
                    label, utterances, ..
                } => {
                    let label = self.optional_text(label.as_deref());
                    let options = self.utterances(utterances);
                    format!("BodyItem::Step {{ label: {label}, options: {options} }}")
                }
            };
            self.table.body_items[start + offset] = entry;
        }
        let model = self.model;
        let chapter = self.optional_number(article.chapter.map(|c| model.chapters[c].number));
        let section = self.optional_number(article.section.map(|s| model.sections[s].number));
        let decision =
            self.optional_text(article.decision.map(|d| model.decisions[d].name.as_str()));
        let incomplete = self.optional_text(article.incomplete.as_deref());
        format!(
            "ArticleInfo {{ number: {}, title: {}, chapter: {chapter}, section: {section}, segments: SEGMENTS_{segment_list}, decision: {decision}, incomplete: {incomplete}, body: {} }}",
            article.number,
            string_literal(&article.title),
            list("Body", start, article.body.len()),
        )
    }

    fn utterances(&mut self, utterances: &Utterances) -> String {
        let len = utterances.options.len();
        let start = reserve(&mut self.table.utterances, len);
        for (offset, option) in utterances.options.iter().enumerate() {
            let entry = match option {
                Utterance::Say(template) => {
                    format!("Utterance::Say({})", self.pieces(&template.pieces))
                }
                Utterance::Act { action, .. } => {
                    format!("Utterance::Act(Action::{})", self.names.actions[*action])
                }
            };
            self.table.utterances[start + offset] = entry;
        }
        list("Options", start, len)
    }

    fn pieces(&mut self, pieces: &[Piece]) -> String {
        let start = reserve(&mut self.table.pieces, pieces.len());
        for (offset, piece) in pieces.iter().enumerate() {
            let entry = match piece {
                Piece::Text(text) => format!("Piece::Text({})", string_literal(text)),
                Piece::Slot { slot, .. } => {
                    let declared = &self.model.slots[*slot];
                    format!(
                        "Piece::Slot {{ name: {}, label: {} }}",
                        string_literal(&declared.name),
                        string_literal(&declared.label)
                    )
                }
                Piece::Constant { constant, .. } => {
                    let declared = &self.model.constants[*constant];
                    format!(
                        "Piece::Constant {{ name: {}, value: {} }}",
                        string_literal(&declared.name),
                        string_literal(&declared.value)
                    )
                }
                Piece::Select { slot, choices, .. } => {
                    let choices_start = self.table.choices.len();
                    self.table
                        .choices
                        .extend(choices.iter().map(|c| string_literal(c)));
                    format!(
                        "Piece::Select {{ slot: {}, choices: {} }}",
                        string_literal(&self.model.slots[*slot].name),
                        list("Choices", choices_start, choices.len())
                    )
                }
                Piece::Alternatives { branches, .. } => {
                    let branches_start = reserve(&mut self.table.branches, branches.len());
                    for (branch_offset, branch) in branches.iter().enumerate() {
                        let entry = self.pieces(branch);
                        self.table.branches[branches_start + branch_offset] = entry;
                    }
                    format!(
                        "Piece::Alternatives({})",
                        list("Branches", branches_start, branches.len())
                    )
                }
            };
            self.table.pieces[start + offset] = entry;
        }
        list("Pieces", start, pieces.len())
    }
}
