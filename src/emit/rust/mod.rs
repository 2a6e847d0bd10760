//! Rust code generation: a typed phrase table with no runtime dependency (only `core`).
//!
//! Reads the checked model and the coverage analysis of each decision (so `select` implements
//! exactly the checker's precedence as an exhaustive `match`). Every rule name becomes an
//! identifier by the rule in [`super::rust_names`]; every text is written as an escaped
//! string literal, never into a format string.

use std::fmt::Write as _;

mod phrases;

pub use phrases::NAMED_PHRASES_LIMIT;
mod select;
mod table;
mod table_types;
mod value_slots;
mod value_types;

use value_types::VALUE_TYPES;

use crate::check::coverage::{Cube, LeafOutcome};
use crate::check::decisions::{DecisionRule, analyse_decision, decision_rules};
use crate::check::model::*;
use crate::check::space::Space;
use crate::emit::rust_names::{Namespace, constant_name, field_name, type_name};

/// Which standard traits the phrase structs implement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum PhraseTraits {
    /// `Clone, Copy, Debug` and `Display` for every phrase (one impl each per phrase shape).
    #[default]
    Standard,
    /// None: a phrase has its `render` method only. Quicker for rustc when a large rule set
    /// has many phrase shapes (each impl costs it about 0.3 ms per shape).
    Minimal,
}

/// Whether the static table of articles (`ARTICLES`, `SLOTS`, `article(n)`) is generated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Table {
    /// Generate it.
    #[default]
    Include,
    /// Leave it out: it is most of rustc's time on the code of a large rule set.
    Omit,
}

/// What the generated file contains beyond the typed phrases and decisions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub phrase_traits: PhraseTraits,
    pub table: Table,
}

/// Generates the Rust source for a model without errors, with the default [`Options`].
pub fn generate(model: &Model) -> String {
    generate_with(model, Options::default())
}

/// Generates the Rust source for a model without errors.
pub fn generate_with(model: &Model, options: Options) -> String {
    let names = Names::new(model);
    let mut writer = Writer::default();
    let generator = Generator {
        model,
        names: &names,
        options,
    };
    generator.header(&mut writer);
    generator.value_types(&mut writer);
    generator.segments(&mut writer);
    generator.actions(&mut writer);
    generator.facts(&mut writer);
    generator.enum_slots(&mut writer);
    generator.constants(&mut writer);
    generator.phrases(&mut writer);
    generator.decisions(&mut writer);
    if options.table == Table::Include {
        generator.table(&mut writer);
    }
    writer.out
}

/// Identifiers for every rule name, decided once.
struct Names {
    segments: Vec<String>,
    actions: Vec<String>,
    facts: Vec<String>,
    fact_values: Vec<Vec<String>>,
    /// For enum slots: the type name and its variants.
    slot_types: Vec<Option<(String, Vec<String>)>>,
    /// For number and duration slots: the checked type in `slots`, and for durations the
    /// enum of the slot's units.
    value_types: Vec<Option<(String, Option<String>)>>,
    slot_fields: Vec<String>,
    constants: Vec<String>,
    /// One per say-template, in model order.
    phrases: Vec<PhraseName>,
    decisions: Vec<DecisionNames>,
}

struct PhraseName {
    article: usize,
    /// Position of the template among the article's say-templates.
    position: usize,
    struct_name: String,
}

struct DecisionNames {
    struct_name: String,
    rule_enum: String,
    fields: Vec<String>,
    segment_field: String,
    rule_variants: Vec<String>,
}

fn variant_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut namespace = Namespace::default();
    names.map(|name| namespace.claim(type_name(name))).collect()
}

impl Names {
    fn new(model: &Model) -> Names {
        let segments = if model.segments.is_empty() {
            vec!["All".to_owned()]
        } else {
            variant_names(model.segments.iter().map(|s| s.name.as_str()))
        };
        let actions = variant_names(model.actions.iter().map(|a| a.name.as_str()));
        let mut fact_space = Namespace::default();
        let facts = model
            .facts
            .iter()
            .map(|fact| fact_space.claim(type_name(&fact.name)))
            .collect();
        let fact_values = model
            .facts
            .iter()
            .map(|fact| variant_names(fact.values.iter().map(|v| v.name.as_str())))
            .collect();
        let mut slot_space = Namespace::default();
        let mut slot_types = Vec::with_capacity(model.slots.len());
        let mut value_types = Vec::with_capacity(model.slots.len());
        for slot in &model.slots {
            let (enum_type, value_type) = match &slot.ty {
                SlotType::Enum { values } => (
                    Some((
                        slot_space.claim(type_name(&slot.name)),
                        variant_names(values.iter().map(|v| v.name.as_str())),
                    )),
                    None,
                ),
                SlotType::Number { said_units, .. } if !said_units.is_empty() => {
                    let name = slot_space.claim(type_name(&slot.name));
                    let unit = slot_space.claim(type_name(&format!("{}_unit", slot.name)));
                    (None, Some((name, Some(unit))))
                }
                SlotType::Number { .. } | SlotType::Money { .. } | SlotType::Id { .. } => {
                    (None, Some((slot_space.claim(type_name(&slot.name)), None)))
                }
                SlotType::Duration { .. } => {
                    let name = slot_space.claim(type_name(&slot.name));
                    let unit = slot_space.claim(type_name(&format!("{}_unit", slot.name)));
                    (None, Some((name, Some(unit))))
                }
                _ => (None, None),
            };
            slot_types.push(enum_type);
            value_types.push(value_type);
        }
        // A phrase that chooses by segment has a `segment` field (see `phrases::Field`).
        let mut field_space = Namespace::with_reserved(&[phrases::SEGMENT_FIELD]);
        let slot_fields = model
            .slots
            .iter()
            .map(|slot| field_space.claim(field_name(&slot.name)))
            .collect();
        let mut constant_space = Namespace::default();
        let constants = model
            .constants
            .iter()
            .map(|c| constant_space.claim(constant_name(&c.name)))
            .collect();
        let mut phrase_space = Namespace::default();
        let mut phrases = Vec::new();
        for (article_idx, article) in model.articles.iter().enumerate() {
            let n_templates = article.say_templates().count();
            for position in 0..n_templates {
                let wanted = if n_templates == 1 {
                    format!("Art{}", article.number)
                } else {
                    format!("Art{}P{}", article.number, position + 1)
                };
                phrases.push(PhraseName {
                    article: article_idx,
                    position,
                    struct_name: phrase_space.claim(wanted),
                });
            }
        }
        let mut decision_space = Namespace::default();
        let decisions = (0..model.decisions.len())
            .map(|decision_idx| {
                let decision = &model.decisions[decision_idx];
                let struct_name = decision_space.claim(type_name(&decision.name));
                // `Self_` (from `self`) gives `SelfRule`: `Self_Rule` is not `UpperCamelCase`.
                let stem = struct_name.strip_suffix('_').unwrap_or(&struct_name);
                let rule_enum = decision_space.claim(format!("{stem}Rule"));
                let mut field_space = Namespace::with_reserved(&["segment"]);
                let fields = decision
                    .facts
                    .iter()
                    .map(|&fact| field_space.claim(field_name(&model.facts[fact].name)))
                    .collect();
                let space = Space::for_decision(model, decision_idx);
                let rules = decision_rules(model, decision_idx, &space);
                let mut variant_space = Namespace::default();
                let rule_variants = rule_variant_names(model, &rules)
                    .into_iter()
                    .map(|wanted| variant_space.claim(wanted))
                    .collect();
                DecisionNames {
                    struct_name,
                    rule_enum,
                    fields,
                    segment_field: "segment".to_owned(),
                    rule_variants,
                }
            })
            .collect();
        Names {
            segments,
            actions,
            facts,
            fact_values,
            slot_types,
            value_types,
            slot_fields,
            constants,
            phrases,
            decisions,
        }
    }
}

/// `Art41` for an article, `Art58C1` for its first case.
fn rule_variant_names(model: &Model, rules: &[DecisionRule]) -> Vec<String> {
    rules
        .iter()
        .map(|rule| {
            let number = model.articles[rule.article].number;
            match rule.case_number {
                Some(case) => format!("Art{number}C{case}"),
                None => format!("Art{number}"),
            }
        })
        .collect()
}

/// Escapes text as the inside of a Rust string literal: quotes, backslashes, control and
/// invisible formatting characters (bidirectional marks included) become escapes.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ch if needs_escape(ch) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(ch));
            }
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

fn needs_escape(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Text inside a `///` comment: one line, no control or bidirectional characters.
fn doc_text(text: &str) -> String {
    text.chars()
        .map(|ch| if needs_escape(ch) { ' ' } else { ch })
        .collect()
}

#[derive(Default)]
struct Writer {
    out: String,
    indent: usize,
}

impl Writer {
    fn line(&mut self, text: &str) {
        if text.is_empty() {
            self.out.push('\n');
            return;
        }
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn open(&mut self, text: &str) {
        self.line(text);
        self.indent += 1;
    }

    fn close(&mut self, text: &str) {
        self.indent = self.indent.saturating_sub(1);
        self.line(text);
    }

    fn doc(&mut self, text: &str) {
        for line in text.lines() {
            let line = doc_text(line);
            if line.is_empty() {
                self.line("///");
            } else {
                self.line(&format!("/// {line}"));
            }
        }
    }
}

struct Generator<'a> {
    model: &'a Model,
    names: &'a Names,
    options: Options,
}

/// How a slot's value is held in an argument struct.
enum FieldKind {
    Str,
    Phone,
    /// The slot's checked number type in `slots`.
    Number(String),
    /// The slot's checked number type and its unit enum in `slots`, held as a pair.
    NumberAndUnit(String, String),
    /// The slot's duration type in `slots`.
    Duration(String),
    /// The slot's money type in `slots`.
    Money(String),
    /// The slot's id type in `slots` (digits, with a lifetime).
    Id(String),
    Time,
    MonthDay,
    Date,
    Enum(String),
}

impl Generator<'_> {
    fn header(&self, w: &mut Writer) {
        let spec = &self.model.spec;
        w.line(&format!(
            "// @generated by phrasec {} from the rule set `{}`{}. Do not edit.",
            env!("CARGO_PKG_VERSION"),
            doc_text(&spec.title),
            spec.version
                .as_ref()
                .map(|v| format!(" version `{}`", doc_text(v)))
                .unwrap_or_default()
        ));
        w.line("//");
        w.line("// Needs only `core` (usable in `no_std`). Include it in a module:");
        w.line("//     pub mod phrases { include!(concat!(env!(\"OUT_DIR\"), \"/phrases.rs\")); }");
        w.line("");
        w.line("/// Title of the specification the phrases come from.");
        w.line(&format!(
            "pub const SPEC_TITLE: &str = {};",
            string_literal(&spec.title)
        ));
        w.line("/// Version of the specification, if given.");
        match &spec.version {
            Some(version) => w.line(&format!(
                "pub const SPEC_VERSION: Option<&str> = Some({});",
                string_literal(version)
            )),
            None => w.line("pub const SPEC_VERSION: Option<&str> = None;"),
        }
        w.line("");
    }

    fn value_types(&self, w: &mut Writer) {
        for line in VALUE_TYPES.lines() {
            w.line(line);
        }
        w.line("");
        let digits: String = (0..1000).map(|n| format!("{n:03}")).collect();
        w.line("/// `000` to `999`, for writing numbers without `core::fmt`.");
        w.line(&format!("const DIGITS: &str = \"{digits}\";"));
        w.line("");
    }

    /// An enum with `ALL`, `name()` and `label()`.
    fn labelled_enum(
        &self,
        w: &mut Writer,
        doc: &str,
        type_name: &str,
        variants: &[String],
        names: &[&str],
        labels: &[&str],
    ) {
        w.doc(doc);
        w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]");
        w.open(&format!("pub enum {type_name} {{"));
        for (variant, label) in variants.iter().zip(labels) {
            w.doc(label);
            w.line(&format!("{variant},"));
        }
        w.close("}");
        w.line("");
        w.open(&format!("impl {type_name} {{"));
        w.line("/// Every value, in declaration order.");
        let all: Vec<String> = variants
            .iter()
            .map(|v| format!("{type_name}::{v}"))
            .collect();
        w.line(&format!(
            "pub const ALL: &[{type_name}] = &[{}];",
            all.join(", ")
        ));
        w.line("");
        for (method, texts, what) in [
            ("name", names, "The name used in rule files."),
            ("label", labels, "The Chinese label."),
        ] {
            w.line(&format!("/// {what}"));
            w.line("#[must_use]");
            w.open(&format!("pub const fn {method}(self) -> &'static str {{"));
            if variants.is_empty() {
                w.line("match self {}");
            } else {
                w.open("match self {");
                for (variant, text) in variants.iter().zip(texts) {
                    w.line(&format!(
                        "{type_name}::{variant} => {},",
                        string_literal(text)
                    ));
                }
                w.close("}");
            }
            w.close("}");
        }
        w.close("}");
        w.line("");
    }

    fn segments(&self, w: &mut Writer) {
        let (names, labels): (Vec<&str>, Vec<&str>) = if self.model.segments.is_empty() {
            (vec!["all"], vec!["所有客户"])
        } else {
            self.model
                .segments
                .iter()
                .map(|s| (s.name.as_str(), s.label.as_str()))
                .unzip()
        };
        self.labelled_enum(
            w,
            "A customer segment.",
            "Segment",
            &self.names.segments,
            &names,
            &labels,
        );
        w.open("impl Segment {");
        w.line(
            "/// The segment declared `default`: callers outside every named segment belong to it.",
        );
        let default = match self.model.default_segment {
            Some(segment) => format!("Some(Segment::{})", self.names.segments[segment]),
            None => "None".to_owned(),
        };
        w.line(&format!("pub const DEFAULT: Option<Segment> = {default};"));
        w.close("}");
        w.line("");
    }

    fn actions(&self, w: &mut Writer) {
        let (names, labels): (Vec<&str>, Vec<&str>) = self
            .model
            .actions
            .iter()
            .map(|a| (a.name.as_str(), a.label.as_str()))
            .unzip();
        self.labelled_enum(
            w,
            "A non-verbal action staff may take instead of speaking.",
            "Action",
            &self.names.actions,
            &names,
            &labels,
        );
    }

    fn facts(&self, w: &mut Writer) {
        w.line("/// The facts (dimensions) that situations are described by.");
        w.open("pub mod facts {");
        for (idx, fact) in self.model.facts.iter().enumerate() {
            let (names, labels): (Vec<&str>, Vec<&str>) = fact
                .values
                .iter()
                .map(|v| (v.name.as_str(), v.label.as_str()))
                .unzip();
            self.labelled_enum(
                w,
                &format!("{}（`{}`）", fact.label, fact.name),
                &self.names.facts[idx],
                &self.names.fact_values[idx],
                &names,
                &labels,
            );
        }
        w.close("}");
        w.line("");
    }

    fn enum_slots(&self, w: &mut Writer) {
        w.line("/// The types of enum slots, and the checked types of number and duration slots.");
        w.open("pub mod slots {");
        for (idx, (slot, names)) in self
            .model
            .slots
            .iter()
            .zip(&self.names.slot_types)
            .enumerate()
        {
            if let Some((type_name, unit)) = &self.names.value_types[idx] {
                self.value_type(w, slot, type_name, unit.as_deref());
                continue;
            }
            let (Some((type_name, variants)), SlotType::Enum { values }) = (names, &slot.ty) else {
                continue;
            };
            let (value_names, labels): (Vec<&str>, Vec<&str>) = values
                .iter()
                .map(|v| (v.name.as_str(), v.label.as_str()))
                .unzip();
            self.labelled_enum(
                w,
                &format!("{}（slot `{}`）", slot.label, slot.name),
                type_name,
                variants,
                &value_names,
                &labels,
            );
        }
        w.close("}");
        w.line("");
    }

    fn constants(&self, w: &mut Writer) {
        w.line("/// Named texts used in phrases.");
        w.open("pub mod constants {");
        for (constant, name) in self.model.constants.iter().zip(&self.names.constants) {
            w.doc(&format!("{}（`{}`）", constant.label, constant.name));
            if constant.source != crate::check::model::ConstantSource::Written {
                w.doc("");
                w.doc("Supplied at deployment, for this build.");
            }
            w.line(&format!(
                "pub const {name}: &str = {};",
                string_literal(&constant.value)
            ));
        }
        w.close("}");
        w.line("");
    }

    fn field_kind(&self, slot: SlotIdx) -> FieldKind {
        let value_type = || {
            self.names.value_types[slot]
                .as_ref()
                .map(|(name, _)| name.clone())
                .unwrap_or_default()
        };
        match &self.model.slots[slot].ty {
            SlotType::Text | SlotType::Person | SlotType::Organisation => FieldKind::Str,
            SlotType::Phone => FieldKind::Phone,
            SlotType::Number { said_units, .. } if !said_units.is_empty() => {
                let unit = self.names.value_types[slot]
                    .as_ref()
                    .and_then(|(_, unit)| unit.clone())
                    .unwrap_or_default();
                FieldKind::NumberAndUnit(value_type(), unit)
            }
            SlotType::Number { .. } => FieldKind::Number(value_type()),
            SlotType::Duration { .. } => FieldKind::Duration(value_type()),
            SlotType::TimeOfDay => FieldKind::Time,
            SlotType::Id { .. } => FieldKind::Id(value_type()),
            SlotType::Money { .. } => FieldKind::Money(value_type()),
            SlotType::Date {
                form: DateForm::MonthDay,
            } => FieldKind::MonthDay,
            SlotType::Date {
                form: DateForm::Full,
            } => FieldKind::Date,
            SlotType::Enum { .. } => {
                let type_name = self.names.slot_types[slot]
                    .as_ref()
                    .map(|(name, _)| name.clone())
                    .unwrap_or_default();
                FieldKind::Enum(type_name)
            }
        }
    }

    fn field_type(&self, slot: SlotIdx) -> String {
        match self.field_kind(slot) {
            FieldKind::Str => "&'a str".to_owned(),
            FieldKind::Phone => "super::Phone<'a>".to_owned(),
            FieldKind::Time => "super::TimeOfDay".to_owned(),
            FieldKind::MonthDay => "super::MonthDay".to_owned(),
            FieldKind::Date => "super::Date".to_owned(),
            FieldKind::Id(name) => format!("super::slots::{name}<'a>"),
            FieldKind::NumberAndUnit(name, unit) => {
                format!("(super::slots::{name}, super::slots::{unit})")
            }
            FieldKind::Number(name)
            | FieldKind::Money(name)
            | FieldKind::Duration(name)
            | FieldKind::Enum(name) => {
                format!("super::slots::{name}")
            }
        }
    }

    fn table(&self, w: &mut Writer) {
        w.line("/// Every slot, in declaration order.");
        w.open("pub static SLOTS: &[SlotInfo] = &[");
        for slot in &self.model.slots {
            let notes: Vec<String> = slot.notes.iter().map(|n| string_literal(n)).collect();
            let examples: Vec<String> = slot
                .examples
                .iter()
                .map(|e| string_literal(&e.text))
                .collect();
            w.line(&format!(
                "SlotInfo {{ name: {}, label: {}, kind: {}, notes: &[{}], examples: &[{}] }},",
                string_literal(&slot.name),
                string_literal(&slot.label),
                string_literal(slot.ty.keyword()),
                notes.join(", "),
                examples.join(", ")
            ));
        }
        w.close("];");
        w.line("");
        table::PackedTable::new(self.model, self.names).write(w);
    }
}

/// `(a,)` for one element, `(a, b)` for more.
fn tuple(parts: &[String]) -> String {
    match parts {
        [only] => format!("({only},)"),
        _ => format!("({})", parts.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_escape_everything_dangerous() {
        assert_eq!(string_literal("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string_literal("x\u{202E}y"), r#""x\u{202e}y""#);
        assert_eq!(string_literal("{} #"), r#""{} #""#);
        assert_eq!(string_literal("\0"), r#""\u{0}""#);
    }
}
