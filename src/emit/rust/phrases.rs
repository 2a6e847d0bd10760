//! The typed phrase API (`pub mod articles`): one generic argument struct per phrase *shape*,
//! and each phrase a type alias of it.
//!
//! Two phrases have the same shape when their slots (in order) and the code that renders them
//! are the same and only their texts differ (`"请您拨打{phone}号码"`, `"请拨{phone}"`,
//! `"{phone}"`: a text, empty if need be, comes before, between and after the slots). A shape is a
//! struct `PhraseK<'a, const P: usize>` with one field per slot, one `render` and (by default)
//! one `Clone`/`Copy`/`Debug`/`Display` for all its phrases; phrase `P` of the shape finds its
//! texts in a constant table at compile time (`const { PHRASEK_TEXTS[P] }`). Each phrase is
//! `pub type Art45<'a> = PhraseK<'a, P>;` (plus a constant of the same name when it has no
//! slots, so `Art35.render(…)` reads as for a unit struct). rustc type-checks one function
//! body per shape instead of one per phrase: that is what keeps generated code for 10,000
//! phrases compiling in about a second (see `docs/performance-codegen.md`). Up to
//! [`NAMED_PHRASES_LIMIT`] phrases with slots, each is instead a struct of its own that hands
//! its fields to its shape, so that rustc's errors name the phrase ([`PhraseNaming`]).

use std::collections::HashMap;

use super::{FieldKind, Generator, PhraseTraits, Writer, string_literal};
use crate::check::model::collect_slots;
use crate::check::model::{Article, Modal, Piece, Select, SlotIdx, Template};

/// The field of a phrase that chooses by the customer segment (`{segment ? …}`); no slot's
/// field takes this name.
pub(super) const SEGMENT_FIELD: &str = "segment";

/// A field of a phrase's struct: a slot's value, or the customer's segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Field {
    Slot(SlotIdx),
    Segment,
}

/// Up to this many phrases with slots, each is a struct of its own, whose name rustc's errors
/// give; past it, every phrase is an alias of its shape (see `docs/codegen.md`).
pub const NAMED_PHRASES_LIMIT: usize = 500;

/// How phrases with slots are typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PhraseNaming {
    /// A struct per phrase (`pub struct Art45<'a> { … }`) whose `render` calls its shape's:
    /// a missing slot is "missing field `third_party` in initializer of `Art45<'_>`". Costs
    /// rustc two or three small function bodies per phrase (about a millisecond), so it is
    /// used up to [`NAMED_PHRASES_LIMIT`] phrases with slots.
    Named,
    /// A type alias of the shape per phrase (`pub type Art45<'a> = Phrase6<'a, 15>;`): rustc's
    /// errors name the shape, but a rule set of 10,000 phrases compiles in about a second.
    Aliases,
}

/// One thing `render` writes: a `&str` expression, or a number slot, which writes itself in
/// up to seven pieces (`NumberText::write_to`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Code {
    Str(String),
    Number(String),
}

/// One piece of a phrase's render code.
enum Part {
    /// Literal text (texts and constants next to each other are merged).
    Text(String),
    /// A `&str` expression over the slots (`self.name`, a formatted duration…).
    Expression(String),
    /// A number slot's field.
    Number(String),
    /// The text chosen by an enum slot: the match on `self.field` and one text per variant.
    Choice {
        field: String,
        variants: Vec<String>,
        texts: Vec<String>,
    },
}

/// Phrases that share one generic struct.
struct Shape {
    fields: Vec<Field>,
    /// What `render` writes, texts as `t[i]`.
    code: Vec<Code>,
    text_count: usize,
    /// Indices into the placed phrases.
    members: Vec<usize>,
}

/// A phrase: its alias, its shape, and the texts its shape's `render` writes, in order.
struct Placed<'m> {
    alias: &'m str,
    article: &'m Article,
    template: &'m Template,
    shape: usize,
    texts: Vec<String>,
}

impl Generator<'_> {
    pub(super) fn phrases(&self, w: &mut Writer) {
        let (shapes, placed) = self.shapes();
        w.line(
            "/// The typed phrases: `ArtN` (or `ArtNPk` for the k-th phrase of article N) is the",
        );
        w.line("/// phrase's argument struct, with one field per slot; a missing or mistyped slot does");
        w.line("/// not compile. Phrases that differ only in their texts share one generic struct");
        w.line("/// (`PhraseK<'a, P>`), and each phrase is a type alias of it.");
        w.open("pub mod articles {");
        // Phrases without slots are constants named like their type, as unit structs are; the
        // tables are constants so that `render` reads its texts at compile time.
        w.line("#![allow(non_upper_case_globals, clippy::large_const_arrays)]");
        w.line("");
        if !placed.is_empty() {
            self.phrase_tables(w, &placed);
        }
        for (shape_idx, shape) in shapes.iter().enumerate() {
            self.shape(w, shape_idx, shape, &placed);
        }
        let with_slots = placed
            .iter()
            .filter(|phrase| !shapes[phrase.shape].fields.is_empty())
            .count();
        let naming = if with_slots <= NAMED_PHRASES_LIMIT {
            PhraseNaming::Named
        } else {
            PhraseNaming::Aliases
        };
        for (phrase_idx, phrase) in placed.iter().enumerate() {
            let shape = &shapes[phrase.shape];
            match naming {
                PhraseNaming::Named if !shape.fields.is_empty() => {
                    self.named(w, shape, phrase_idx, phrase);
                }
                _ => self.alias(w, shape, phrase_idx, phrase),
            }
        }
        w.close("}");
        w.line("");
    }

    /// Groups the phrases into shapes, in order of first appearance (so the output is
    /// deterministic).
    fn shapes(&self) -> (Vec<Shape>, Vec<Placed<'_>>) {
        let mut shapes: Vec<Shape> = Vec::new();
        let mut by_key: HashMap<(Vec<Field>, Vec<Code>), usize> = HashMap::new();
        let mut placed = Vec::new();
        // `names.phrases` lists every say-template in model order, with its place.
        for name in &self.names.phrases {
            let article = &self.model.articles[name.article];
            let alias = name.struct_name.as_str();
            if let Some(template) = article.say_templates().nth(name.position) {
                let mut slots = Vec::new();
                collect_slots(&template.pieces, &mut slots);
                let mut fields: Vec<Field> = slots.into_iter().map(Field::Slot).collect();
                if template.chooses_by_segment() {
                    fields.push(Field::Segment);
                }
                let mut parts = Vec::new();
                self.render_parts(&template.pieces, &mut parts);
                let (code, texts) = code_and_texts(parts);
                let key = (fields, code);
                let shape_idx = *by_key.entry(key.clone()).or_insert_with(|| {
                    shapes.push(Shape {
                        text_count: texts.len(),
                        fields: key.0,
                        code: key.1,
                        members: Vec::new(),
                    });
                    shapes.len() - 1
                });
                shapes[shape_idx].members.push(placed.len());
                placed.push(Placed {
                    alias,
                    article,
                    template,
                    shape: shape_idx,
                    texts,
                });
            }
        }
        (shapes, placed)
    }

    fn has_lifetime(&self, fields: &[Field]) -> bool {
        fields.iter().any(|&field| match field {
            Field::Slot(slot) => matches!(
                self.field_kind(slot),
                FieldKind::Str | FieldKind::Phone | FieldKind::Id(_)
            ),
            Field::Segment => false,
        })
    }

    /// The Rust name of a phrase's field.
    fn field_name(&self, field: Field) -> &str {
        match field {
            Field::Slot(slot) => &self.names.slot_fields[slot],
            Field::Segment => SEGMENT_FIELD,
        }
    }

    fn shape(&self, w: &mut Writer, shape_idx: usize, shape: &Shape, placed: &[Placed<'_>]) {
        let name = shape_name(shape_idx);
        let lifetime = self.has_lifetime(&shape.fields);
        let (generics, applied) = if lifetime {
            ("<'a, const P: usize>", "<'_, P>")
        } else {
            ("<const P: usize>", "<P>")
        };
        let listed: Vec<String> = shape
            .members
            .iter()
            .take(4)
            .map(|&member| format!("`{}`", placed[member].alias))
            .collect();
        let more = if shape.members.len() > 4 {
            format!(" and {} more", shape.members.len() - 4)
        } else {
            String::new()
        };
        w.doc(&format!(
            "The slots of {}{more}; `P` says which of them (use the aliases).",
            listed.join(", ")
        ));
        if self.options.phrase_traits == PhraseTraits::Standard {
            // Not `PartialEq, Eq`: rarely useful on arguments. `Debug` is written below, to
            // print the phrase's own name.
            w.line("#[derive(Clone, Copy)]");
        }
        if shape.fields.is_empty() {
            w.line(&format!("pub struct {name}{generics};"));
        } else {
            w.open(&format!("pub struct {name}{generics} {{"));
            self.struct_fields(w, &shape.fields);
            w.close("}");
        }
        w.line("");
        w.open(&format!("impl<const P: usize> {name}{applied} {{"));
        w.line("/// The article this phrase belongs to.");
        w.line("pub const ARTICLE: u32 = PHRASE_ARTICLES[P];");
        w.line("/// Whether staff must (应使用) or may (可使用) use this phrase.");
        w.line("pub const MODAL: super::Modal = phrase_modal(P);");
        w.line("/// The phrase's language tag; `None` for Chinese.");
        w.line("pub const LANGUAGE: Option<&'static str> = phrase_language(P);");
        w.line("");
        open_render(w);
        // Evaluated at compile time: phrase `P`'s texts, and a `P` of another shape (or out of
        // range) does not compile. No table is left in the binary.
        let check = format!(
            "assert!(PHRASE_SHAPES[P] == {}, \"not a phrase of this shape\");",
            shape_idx + 1
        );
        if shape.text_count > 0 {
            w.open("let t = const {");
            w.line(&check);
            w.line(&format!(
                "texts::<{}>(PHRASE_TEXT_STARTS[P])",
                shape.text_count
            ));
            w.close("};");
        } else {
            w.line(&format!("const {{ {check} }};"));
        }
        render_body(w, &shape.code);
        w.close("}");
        w.close("}");
        w.line("");
        if self.options.phrase_traits == PhraseTraits::Standard {
            let implemented = format!("<const P: usize> {{}} for {name}{applied}");
            self.display_and_debug(w, &implemented, "PHRASE_NAMES[P]", &shape.fields);
        }
    }

    /// The tables every shape reads, indexed by phrase (`P`): one constant each, since rustc's
    /// cost is per item far more than per element.
    fn phrase_tables(&self, w: &mut Writer, placed: &[Placed<'_>]) {
        let list = |items: Vec<String>| items.join(", ");
        let n = placed.len();
        w.line("/// The shape of each phrase (the `K` of `PhraseK`).");
        w.line(&format!(
            "const PHRASE_SHAPES: [u32; {n}] = [{}];",
            list(placed.iter().map(|p| (p.shape + 1).to_string()).collect())
        ));
        w.line("/// The article of each phrase.");
        w.line(&format!(
            "const PHRASE_ARTICLES: [u32; {n}] = [{}];",
            list(
                placed
                    .iter()
                    .map(|p| p.article.number.to_string())
                    .collect()
            )
        ));
        if self.options.phrase_traits == PhraseTraits::Standard {
            w.line("/// The name of each phrase, for `Debug`.");
            w.line(&format!(
                "const PHRASE_NAMES: [&str; {n}] = [{}];",
                list(placed.iter().map(|p| string_literal(p.alias)).collect())
            ));
        }
        // Most phrases are Chinese and prescribed: only the others are listed.
        w.line("/// Whether staff must or may use each phrase.");
        w.open("const fn phrase_modal(phrase: usize) -> super::Modal {");
        let may: Vec<String> = placed
            .iter()
            .enumerate()
            .filter(|(_, p)| p.template.modal == Modal::May)
            .map(|(idx, _)| idx.to_string())
            .collect();
        match may.is_empty() {
            true => {
                w.line("let _ = phrase;");
                w.line("super::Modal::Must");
            }
            false => {
                w.open("match phrase {");
                w.line(&format!("{} => super::Modal::May,", may.join(" | ")));
                w.line("_ => super::Modal::Must,");
                w.close("}");
            }
        }
        w.close("}");
        w.line("/// The language tag of each phrase; `None` for Chinese.");
        w.open("const fn phrase_language(phrase: usize) -> Option<&'static str> {");
        let tagged: Vec<(usize, &str)> = placed
            .iter()
            .enumerate()
            .filter_map(|(idx, p)| Some((idx, p.template.language.as_deref()?)))
            .collect();
        match tagged.is_empty() {
            true => {
                w.line("let _ = phrase;");
                w.line("None");
            }
            false => {
                w.open("match phrase {");
                for (idx, tag) in tagged {
                    w.line(&format!("{idx} => {},", language_literal(Some(tag))));
                }
                w.line("_ => None,");
                w.close("}");
            }
        }
        w.close("}");
        w.line("");
        if placed.iter().all(|p| p.texts.is_empty()) {
            return;
        }
        let mut start = 0;
        let mut starts = Vec::with_capacity(n);
        for phrase in placed {
            starts.push(start.to_string());
            start += phrase.texts.len();
        }
        w.line("/// Where each phrase's texts start in `PHRASE_TEXTS`.");
        w.line(&format!(
            "const PHRASE_TEXT_STARTS: [usize; {n}] = [{}];",
            starts.join(", ")
        ));
        w.line("/// The texts of every phrase, one after the other.");
        w.open("const PHRASE_TEXTS: &[&str] = &[");
        for phrase in placed {
            if !phrase.texts.is_empty() {
                let texts: Vec<String> = phrase.texts.iter().map(|t| string_literal(t)).collect();
                w.line(&format!("{},", texts.join(", ")));
            }
        }
        w.close("];");
        w.line("");
        w.line("/// The `K` texts from `start` on (run at compile time by `render`).");
        w.open("const fn texts<const K: usize>(start: usize) -> [&'static str; K] {");
        w.line("let mut row = [\"\"; K];");
        w.line("let mut idx = 0;");
        w.open("while idx < K {");
        w.line("row[idx] = PHRASE_TEXTS[start + idx];");
        w.line("idx += 1;");
        w.close("}");
        w.line("row");
        w.close("}");
        w.line("");
    }

    /// The doc comment of a phrase's type: its article and its text.
    fn phrase_doc(&self, phrase: &Placed<'_>) -> String {
        let preview = crate::render::render_template(
            self.model,
            phrase.template,
            &crate::render::RenderOptions::default(),
        );
        format!(
            "第{}条 {}\n\n“{preview}”",
            phrase.article.number, phrase.article.title
        )
    }

    /// A phrase with slots as a struct of its own, whose `render` hands its fields to its
    /// shape's: rustc's errors then name the phrase (`Art45`), not its shape.
    fn named(&self, w: &mut Writer, shape: &Shape, phrase_idx: usize, phrase: &Placed<'_>) {
        let shape_type = shape_name(phrase.shape);
        let name = phrase.alias;
        let lifetime = self.has_lifetime(&shape.fields);
        let (declared, applied, shape_args) = if lifetime {
            ("<'a>", "<'_>", format!("<'_, {phrase_idx}>"))
        } else {
            ("", "", format!("<{phrase_idx}>"))
        };
        w.doc(&self.phrase_doc(phrase));
        if self.options.phrase_traits == PhraseTraits::Standard {
            w.line("#[derive(Clone, Copy)]");
        }
        w.open(&format!("pub struct {name}{declared} {{"));
        self.struct_fields(w, &shape.fields);
        w.close("}");
        w.line("");
        w.open(&format!("impl {name}{applied} {{"));
        w.line("/// The article this phrase belongs to.");
        w.line(&format!(
            "pub const ARTICLE: u32 = {};",
            phrase.article.number
        ));
        w.line("/// Whether staff must (应使用) or may (可使用) use this phrase.");
        w.line(&format!(
            "pub const MODAL: super::Modal = super::Modal::{};",
            modal_variant(phrase.template.modal)
        ));
        w.line("/// The phrase's language tag; `None` for Chinese.");
        w.line(&format!(
            "pub const LANGUAGE: Option<&'static str> = {};",
            language_literal(phrase.template.language.as_deref())
        ));
        w.line("");
        open_render(w);
        let fields: Vec<String> = shape
            .fields
            .iter()
            .map(|&field| {
                let field = self.field_name(field);
                format!("{field}: self.{field}")
            })
            .collect();
        w.line(&format!(
            "{shape_type}::{shape_args} {{ {} }}.render(out)",
            fields.join(", ")
        ));
        w.close("}");
        w.close("}");
        w.line("");
        if self.options.phrase_traits == PhraseTraits::Standard {
            let implemented = format!(" {{}} for {name}{applied}");
            self.display_and_debug(w, &implemented, &string_literal(name), &shape.fields);
        }
    }

    /// The fields of a phrase's struct: one per slot, with the slot's label as its doc, and
    /// the customer's segment when the phrase chooses by it.
    fn struct_fields(&self, w: &mut Writer, fields: &[Field]) {
        for &field in fields {
            match field {
                Field::Slot(slot) => {
                    w.doc(&self.slot_doc(slot));
                    w.line(&format!(
                        "pub {}: {},",
                        self.names.slot_fields[slot],
                        self.field_type(slot)
                    ));
                }
                Field::Segment => {
                    w.doc("客户群：the customer's segment, which chooses the phrase's words");
                    w.line(&format!("pub {SEGMENT_FIELD}: super::Segment,"));
                }
            }
        }
    }

    /// `Display` (the rendered phrase) and `Debug` (the phrase's name, `name`, and its
    /// fields) for the type of `implemented`: `<generics> {} for Type`, `{}` the trait.
    fn display_and_debug(&self, w: &mut Writer, implemented: &str, name: &str, fields: &[Field]) {
        let header = |trait_path: &str| format!("impl{} {{", implemented.replace("{}", trait_path));
        w.open(&header("::core::fmt::Display"));
        w.line("#[inline]");
        w.open("fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {");
        w.line("self.render(f)");
        w.close("}");
        w.close("}");
        w.line("");
        w.open(&header("::core::fmt::Debug"));
        w.open("fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {");
        if fields.is_empty() {
            w.line(&format!("f.write_str({name})"));
        } else {
            w.line(&format!("f.debug_struct({name})"));
            for &field in fields {
                let field = self.field_name(field);
                w.line(&format!(
                    "    .field({}, &self.{field})",
                    string_literal(field)
                ));
            }
            w.line("    .finish()");
        }
        w.close("}");
        w.close("}");
        w.line("");
    }

    fn alias(&self, w: &mut Writer, shape: &Shape, phrase_idx: usize, phrase: &Placed<'_>) {
        let name = shape_name(phrase.shape);
        let alias = phrase.alias;
        let doc = self.phrase_doc(phrase);
        w.doc(&doc);
        if self.has_lifetime(&shape.fields) {
            w.line(&format!("pub type {alias}<'a> = {name}<'a, {phrase_idx}>;"));
        } else {
            w.line(&format!("pub type {alias} = {name}<{phrase_idx}>;"));
        }
        if shape.fields.is_empty() {
            w.doc(&doc);
            w.line(&format!("pub const {alias}: {alias} = {name};"));
        }
        w.line("");
    }

    /// A slot's label, notes and examples, for the doc comment of its field.
    fn slot_doc(&self, slot: SlotIdx) -> String {
        let declared = &self.model.slots[slot];
        let mut doc = declared.label.clone();
        for note in &declared.notes {
            doc.push('：');
            doc.push_str(note);
        }
        if !declared.examples.is_empty() {
            let examples: Vec<&str> = declared.examples.iter().map(|e| e.text.as_str()).collect();
            doc.push_str(&format!("（例：{}）", examples.join("、")));
        }
        doc
    }

    /// The parts that write the pieces (the canonical branch of free variation).
    fn render_parts(&self, pieces: &[Piece], out: &mut Vec<Part>) {
        for piece in pieces {
            match piece {
                Piece::Text(span) => push_text(out, &self.model.text(*span)),
                Piece::Constant { constant, .. } => {
                    push_text(out, &self.model.constants[*constant].value);
                }
                Piece::Slot { slot, .. } => {
                    let field = &self.names.slot_fields[*slot];
                    let expression = |code: String| Part::Expression(code);
                    match self.field_kind(*slot) {
                        // Said without white space at its edges, as `render` says it.
                        FieldKind::Str => out.push(expression(format!("self.{field}.trim()"))),
                        FieldKind::Phone => out.push(expression(format!("self.{field}.as_str()"))),
                        FieldKind::Enum(_) => out.push(expression(format!("self.{field}.label()"))),
                        // Written as slices of a table (see `NumberText`).
                        FieldKind::Number(_) => out.push(Part::Number(field.clone())),
                        // The amount, then the chosen unit (`3工作日`).
                        FieldKind::NumberAndUnit(..) => {
                            out.push(Part::Number(format!("{field}.0")));
                            out.push(expression(format!("self.{field}.1.label()")));
                        }
                        FieldKind::Duration(_) => out.push(expression(format!(
                            "super::Scratch::duration(self.{field}.duration()).as_str()"
                        ))),
                        FieldKind::Time => out.push(expression(format!(
                            "super::Scratch::time(self.{field}).as_str()"
                        ))),
                        FieldKind::Id(_) => out.push(expression(format!("self.{field}.as_str()"))),
                        FieldKind::Money(_) => out.push(expression(format!(
                            "super::Scratch::money(self.{field}.number()).as_str()"
                        ))),
                        FieldKind::MonthDay => out.push(expression(format!(
                            "super::Scratch::month_day(self.{field}).as_str()"
                        ))),
                        FieldKind::Date => out.push(expression(format!(
                            "super::Scratch::date(self.{field}).as_str()"
                        ))),
                    }
                }
                Piece::Select(select) => {
                    let Select { slot, choices, .. } = &**select;
                    let Some((type_name, variants)) = &self.names.slot_types[*slot] else {
                        continue;
                    };
                    out.push(Part::Choice {
                        field: self.names.slot_fields[*slot].clone(),
                        variants: variants
                            .iter()
                            .map(|variant| format!("super::slots::{type_name}::{variant}"))
                            .collect(),
                        texts: choices.iter().map(ToString::to_string).collect(),
                    });
                }
                Piece::SegmentSelect(select) => out.push(Part::Choice {
                    field: SEGMENT_FIELD.to_owned(),
                    variants: self
                        .names
                        .segments
                        .iter()
                        .map(|variant| format!("super::Segment::{variant}"))
                        .collect(),
                    texts: (0..self.names.segments.len())
                        .map(|segment| select.text(segment).to_owned())
                        .collect(),
                }),
                Piece::Alternatives(alternatives) => {
                    if let Some(first) = alternatives.branches.first() {
                        self.render_parts(first, out);
                    }
                }
            }
        }
    }
}

/// Opens `render`, with its doc comment.
fn open_render(w: &mut Writer) {
    w.line("/// Writes the phrase (canonical choice of every free variation); never allocates.");
    w.line("///");
    w.line("/// # Errors");
    w.line("///");
    w.line("/// Only those of the writer.");
    w.line("#[inline]");
    w.open(
        "pub fn render<W: ::core::fmt::Write + ?Sized>(&self, out: &mut W) -> ::core::fmt::Result {",
    );
}

/// The variant of the generated `Modal`.
fn modal_variant(modal: Modal) -> &'static str {
    match modal {
        Modal::Must => "Must",
        Modal::May => "May",
    }
}

/// `Some("en")` or `None`.
fn language_literal(language: Option<&str>) -> String {
    match language {
        Some(tag) => format!("Some({})", string_literal(tag)),
        None => "None".to_owned(),
    }
}

/// `Phrase1`, `Phrase2`, … in order of first appearance.
fn shape_name(shape_idx: usize) -> String {
    format!("Phrase{}", shape_idx + 1)
}

fn push_text(out: &mut Vec<Part>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Part::Text(previous)) = out.last_mut() {
        previous.push_str(text);
    } else {
        out.push(Part::Text(text.to_owned()));
    }
}

/// `parts` with a text (empty if need be) first, last and between any two other parts, so that
/// phrases whose slots come in the same order share a shape whatever text surrounds them
/// (`"{phone}"`, `"请拨{phone}"`, `"请拨{phone}号码"`); writing an empty text costs nothing.
fn with_texts_between(parts: Vec<Part>) -> Vec<Part> {
    let mut out = Vec::with_capacity(parts.len() * 2 + 1);
    for part in parts {
        let is_text = matches!(part, Part::Text(_));
        if !is_text && !matches!(out.last(), Some(Part::Text(_))) {
            out.push(Part::Text(String::new()));
        }
        out.push(part);
    }
    if !matches!(out.last(), Some(Part::Text(_))) {
        out.push(Part::Text(String::new()));
    }
    out
}

/// The body of `render`: the `&str`s in one `write_strs` call (one call, as quick to run as
/// writing each text and much quicker to compile than a statement each), numbers written
/// between such calls.
fn render_body(w: &mut Writer, code: &[Code]) {
    let strs: Vec<&str> = code
        .iter()
        .filter_map(|part| match part {
            Code::Str(expression) => Some(expression.as_str()),
            Code::Number(_) => None,
        })
        .collect();
    if strs.len() == code.len() {
        write_strs(w, &strs, "");
        return;
    }
    let mut pending: Vec<&str> = Vec::new();
    for part in code {
        match part {
            Code::Str(expression) => pending.push(expression),
            Code::Number(field) => {
                if !pending.is_empty() {
                    write_strs(w, &pending, "?;");
                    pending.clear();
                }
                w.line(&format!("self.{field}.number().write_to(out)?;"));
            }
        }
    }
    if pending.is_empty() {
        w.line("Ok(())");
    } else {
        write_strs(w, &pending, "");
    }
}

/// One call that writes `strs`, followed by `end` (`?;` or nothing).
fn write_strs(w: &mut Writer, strs: &[&str], end: &str) {
    match strs {
        [] => w.line(&format!("super::write_strs(out, &[]){end}")),
        [only] => w.line(&format!("super::write_strs(out, &[{only}]){end}")),
        _ => {
            w.open("super::write_strs(");
            w.line("out,");
            w.open("&[");
            for part in strs {
                w.line(&format!("{part},"));
            }
            w.close("],");
            w.close(&format!("){end}"));
        }
    }
}

/// Splits render parts into the shape's code (texts as `t[i]`) and this phrase's texts.
fn code_and_texts(parts: Vec<Part>) -> (Vec<Code>, Vec<String>) {
    let mut code = Vec::with_capacity(parts.len() * 2 + 1);
    let mut texts = Vec::new();
    for part in with_texts_between(parts) {
        match part {
            Part::Text(text) => {
                code.push(Code::Str(format!("t[{}]", texts.len())));
                texts.push(text);
            }
            Part::Expression(expression) => code.push(Code::Str(expression)),
            Part::Number(field) => code.push(Code::Number(field)),
            Part::Choice {
                field,
                variants,
                texts: choices,
            } => {
                let arms: Vec<String> = variants
                    .iter()
                    .zip(choices)
                    .map(|(variant, choice)| {
                        let arm = format!("{variant} => t[{}]", texts.len());
                        texts.push(choice);
                        arm
                    })
                    .collect();
                code.push(Code::Str(format!(
                    "match self.{field} {{ {} }}",
                    arms.join(", ")
                )));
            }
        }
    }
    (code, texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_become_table_columns_and_code_is_shared() {
        let parts = vec![
            Part::Text("请拨".to_owned()),
            Part::Expression("self.phone".to_owned()),
            Part::Choice {
                field: "gender".to_owned(),
                variants: vec!["G::Male".to_owned(), "G::Female".to_owned()],
                texts: vec!["先生".to_owned(), "小姐".to_owned()],
            },
            Part::Text("。".to_owned()),
        ];
        let (code, texts) = code_and_texts(parts);
        let strs = |list: &[&str]| -> Vec<Code> {
            list.iter().map(|s| Code::Str((*s).to_owned())).collect()
        };
        assert_eq!(
            code,
            strs(&[
                "t[0]",
                "self.phone",
                "t[1]",
                "match self.gender { G::Male => t[2], G::Female => t[3] }",
                "t[4]"
            ])
        );
        assert_eq!(texts, ["请拨", "", "先生", "小姐", "。"]);
    }

    #[test]
    fn adjacent_texts_merge() {
        let mut parts = Vec::new();
        push_text(&mut parts, "请与");
        push_text(&mut parts, "");
        push_text(&mut parts, "10000");
        parts.push(Part::Expression("self.x".to_owned()));
        parts.push(Part::Number("n".to_owned()));
        push_text(&mut parts, "联系");
        let (code, texts) = code_and_texts(parts);
        assert_eq!(
            code,
            [
                Code::Str("t[0]".to_owned()),
                Code::Str("self.x".to_owned()),
                Code::Str("t[1]".to_owned()),
                Code::Number("n".to_owned()),
                Code::Str("t[2]".to_owned())
            ]
        );
        assert_eq!(texts, ["请与10000", "", "联系"]);
    }

    #[test]
    fn phrases_with_slots_in_the_same_order_share_code_whatever_their_texts() {
        let phrase = |before: &str, after: &str| {
            let mut parts = Vec::new();
            push_text(&mut parts, before);
            parts.push(Part::Expression("self.phone".to_owned()));
            push_text(&mut parts, after);
            code_and_texts(parts)
        };
        let (bare, bare_texts) = phrase("", "");
        let (full, full_texts) = phrase("请拨", "号码");
        assert_eq!(bare, full);
        assert_eq!(bare_texts, ["", ""]);
        assert_eq!(full_texts, ["请拨", "号码"]);
    }
}
