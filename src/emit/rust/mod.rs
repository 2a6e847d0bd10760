//! Rust code generation: a typed phrase table with no runtime dependency (only `core`).
//!
//! Reads the checked model and the coverage analysis of each decision (so `select` implements
//! exactly the checker's precedence as an exhaustive `match`). Every rule name becomes an
//! identifier by the rule in [`super::rust_names`]; every text is written as an escaped
//! string literal, never into a format string.

use std::fmt::Write as _;

mod phrases;
mod table;

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
        let slot_types = model
            .slots
            .iter()
            .map(|slot| match &slot.ty {
                SlotType::Enum { values } => Some((
                    slot_space.claim(type_name(&slot.name)),
                    variant_names(values.iter().map(|v| v.name.as_str())),
                )),
                _ => None,
            })
            .collect();
        let mut field_space = Namespace::default();
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
    Number,
    Duration,
    Time,
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
        w.line("/// The types of enum slots.");
        w.open("pub mod slots {");
        for (slot, names) in self.model.slots.iter().zip(&self.names.slot_types) {
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
            w.line(&format!(
                "pub const {name}: &str = {};",
                string_literal(&constant.value)
            ));
        }
        w.close("}");
        w.line("");
    }

    fn field_kind(&self, slot: SlotIdx) -> FieldKind {
        match &self.model.slots[slot].ty {
            SlotType::Text | SlotType::Phone | SlotType::Person | SlotType::Organisation => {
                FieldKind::Str
            }
            SlotType::Number { .. } => FieldKind::Number,
            SlotType::Duration { .. } => FieldKind::Duration,
            SlotType::TimeOfDay => FieldKind::Time,
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
            FieldKind::Number => "i64".to_owned(),
            FieldKind::Duration => "super::Duration".to_owned(),
            FieldKind::Time => "super::TimeOfDay".to_owned(),
            FieldKind::Enum(name) => format!("super::slots::{name}"),
        }
    }

    fn decisions(&self, w: &mut Writer) {
        w.line("/// Situations and the rule chosen for each, with the checker's precedence.");
        w.open("pub mod decisions {");
        for (decision_idx, decision) in self.model.decisions.iter().enumerate() {
            self.decision(w, decision_idx, decision);
        }
        w.close("}");
        w.line("");
    }

    fn decision(&self, w: &mut Writer, decision_idx: DecisionIdx, decision: &Decision) {
        let names = &self.names.decisions[decision_idx];
        let space = Space::for_decision(self.model, decision_idx);
        let rules = decision_rules(self.model, decision_idx, &space);
        w.doc(&format!(
            "{}（decision `{}`）: a situation to choose a phrase for.",
            decision.label, decision.name
        ));
        w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
        w.open(&format!("pub struct {} {{", names.struct_name));
        for (&fact, field) in decision.facts.iter().zip(&names.fields) {
            w.doc(&self.model.facts[fact].label);
            w.line(&format!(
                "pub {field}: super::facts::{},",
                self.names.facts[fact]
            ));
        }
        w.line("/// 客户群");
        w.line(&format!("pub {}: super::Segment,", names.segment_field));
        w.close("}");
        w.line("");
        w.doc(&format!("The rules of `{}`.", decision.name));
        w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]");
        w.open(&format!("pub enum {} {{", names.rule_enum));
        for (rule, variant) in rules.iter().zip(&names.rule_variants) {
            let article = &self.model.articles[rule.article];
            let case = rule
                .case_label
                .as_ref()
                .map(|label| format!("（{label}）"))
                .unwrap_or_default();
            w.doc(&format!("第{}条{case}", article.number));
            w.line(&format!("{variant},"));
        }
        w.close("}");
        w.line("");
        w.open(&format!("impl {} {{", names.rule_enum));
        w.line("/// The number of the article the rule belongs to.");
        w.line("#[must_use]");
        w.open("pub const fn article(self) -> u32 {");
        if rules.is_empty() {
            w.line("match self {}");
        } else {
            w.open("match self {");
            for (rule, variant) in rules.iter().zip(&names.rule_variants) {
                w.line(&format!(
                    "{}::{variant} => {},",
                    names.rule_enum, self.model.articles[rule.article].number
                ));
            }
            w.close("}");
        }
        w.close("}");
        w.close("}");
        w.line("");
        w.open(&format!("impl {} {{", names.struct_name));
        w.line("/// The rule that applies; `None` where no article covers the situation or it is");
        w.line(
            "/// declared impossible. Segment-specific rules take precedence over general ones.",
        );
        w.line("#[must_use]");
        w.open(&format!(
            "pub const fn select(self) -> ::core::option::Option<{}> {{",
            names.rule_enum
        ));
        self.select_body(w, decision_idx, &space, &rules);
        w.close("}");
        w.close("}");
        w.line("");
    }

    fn select_body(
        &self,
        w: &mut Writer,
        decision_idx: DecisionIdx,
        space: &Space,
        rules: &[DecisionRule],
    ) {
        let names = &self.names.decisions[decision_idx];
        let coverage = analyse_decision(self.model, decision_idx);
        let scrutinee: Vec<String> = names
            .fields
            .iter()
            .chain(std::iter::once(&names.segment_field))
            .map(|field| format!("self.{field}"))
            .collect();
        let scrutinee = tuple(&scrutinee);
        let Some(coverage) = coverage.filter(|c| !c.report.truncated) else {
            // Too large to analyse: first matching rule by precedence, then order. The patterns
            // are read from the conditions, not the cubes: a cube's masks leave out the values
            // of a fact beyond the 64th. A rule whose conditions never hold is left out.
            let mut order: Vec<usize> = (0..rules.len()).collect();
            order.sort_by_key(|&idx| std::cmp::Reverse(rules[idx].level));
            for idx in order {
                let Some(pattern) =
                    self.conditions_pattern(space, &self.rule_conditions(&rules[idx]))
                else {
                    continue;
                };
                w.open(&format!("if matches!({scrutinee}, {pattern}) {{"));
                w.line(&format!(
                    "return ::core::option::Option::Some({}::{});",
                    names.rule_enum, names.rule_variants[idx]
                ));
                w.close("}");
            }
            w.line("::core::option::Option::None");
            return;
        };
        let mut leaves: Vec<&crate::check::coverage::Leaf> =
            coverage.report.leaves.iter().collect();
        // Arms in the order of the values they match, for a reader.
        leaves.sort_by_key(|leaf| {
            leaf.cube
                .iter()
                .map(|mask| mask.trailing_zeros())
                .collect::<Vec<_>>()
        });
        if let [only] = leaves.as_slice() {
            w.line("let _ = self;");
            w.line(&self.outcome(&only.outcome, names));
            return;
        }
        w.open(&format!("match {scrutinee} {{"));
        for leaf in leaves {
            let pattern = self.pattern(space, &leaf.cube);
            let outcome = self.outcome(&leaf.outcome, names);
            let comment = match leaf.outcome {
                LeafOutcome::Uncovered => " // no article covers these cases",
                LeafOutcome::Impossible => " // declared impossible",
                LeafOutcome::Chosen(_) => "",
            };
            w.line(&format!("{pattern} => {outcome},{comment}"));
        }
        w.close("}");
    }

    fn outcome(&self, outcome: &LeafOutcome, names: &DecisionNames) -> String {
        match outcome {
            LeafOutcome::Chosen(winners) => match winners.first() {
                Some(&winner) => format!(
                    "::core::option::Option::Some({}::{})",
                    names.rule_enum, names.rule_variants[winner]
                ),
                None => "::core::option::Option::None".to_owned(),
            },
            LeafOutcome::Uncovered | LeafOutcome::Impossible => {
                "::core::option::Option::None".to_owned()
            }
        }
    }

    /// A tuple pattern for a cube (of a space of at most 64 values per dimension, as the
    /// coverage analysis has): `_` for a dimension that allows every value.
    fn pattern(&self, space: &Space, cube: &Cube) -> String {
        let full = space.full();
        let parts: Vec<String> = space
            .dims
            .iter()
            .enumerate()
            .map(|(dim_idx, &dimension)| {
                if cube[dim_idx] & full[dim_idx] == full[dim_idx] {
                    return "_".to_owned();
                }
                let values: Vec<String> = (0..space.sizes[dim_idx])
                    .filter(|&value| value < 64 && cube[dim_idx] >> value & 1 == 1)
                    .map(|value| self.value_path(dimension, value))
                    .collect();
                values.join(" | ")
            })
            .collect();
        tuple(&parts)
    }

    /// The conditions a rule stands for: its article's and, for a case, the case's.
    fn rule_conditions(&self, rule: &DecisionRule) -> Vec<&Condition> {
        let article = &self.model.articles[rule.article];
        let case = rule.case_number.and_then(|number| {
            article
                .body
                .iter()
                .filter_map(|item| match item {
                    BodyItem::Case(case) => Some(&case.condition),
                    _ => None,
                })
                .nth(number - 1)
        });
        std::iter::once(&article.condition).chain(case).collect()
    }

    /// A tuple pattern for the cases where all of `conditions` hold, read from their value
    /// sets (facts of any size); `None` when they never hold together.
    fn conditions_pattern(&self, space: &Space, conditions: &[&Condition]) -> Option<String> {
        let mut parts = Vec::new();
        for (dim_idx, &dimension) in space.dims.iter().enumerate() {
            let tests: Vec<&Test> = conditions
                .iter()
                .flat_map(|condition| &condition.tests)
                .filter(|test| test.dimension == dimension)
                .collect();
            let values: Vec<usize> = (0..space.sizes[dim_idx])
                .filter(|&value| tests.iter().all(|test| test.allowed.contains(value)))
                .collect();
            parts.push(match values.len() {
                0 => return None,
                n if n == space.sizes[dim_idx] => "_".to_owned(),
                _ => {
                    let paths: Vec<String> = values
                        .into_iter()
                        .map(|value| self.value_path(dimension, value))
                        .collect();
                    paths.join(" | ")
                }
            });
        }
        Some(tuple(&parts))
    }

    /// The path of one value of a dimension in the generated code.
    fn value_path(&self, dimension: Dimension, value: usize) -> String {
        match dimension {
            Dimension::Segment => format!("super::Segment::{}", self.names.segments[value]),
            Dimension::Fact(fact) => format!(
                "super::facts::{}::{}",
                self.names.facts[fact], self.names.fact_values[fact][value]
            ),
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

/// Value types shared by every generated file.
const VALUE_TYPES: &str = r#"/// A unit of a [`Duration`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DurationUnit {
    /// 秒
    Second,
    /// 分钟
    Minute,
    /// 小时
    Hour,
    /// 天
    Day,
}

impl DurationUnit {
    /// The Chinese unit word, as spoken after the amount.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            DurationUnit::Second => "秒",
            DurationUnit::Minute => "分钟",
            DurationUnit::Hour => "小时",
            DurationUnit::Day => "天",
        }
    }
}

/// A length of time for a `duration` slot; rendered as `30分钟`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
}

impl Duration {
    #[must_use]
    pub const fn seconds(amount: u32) -> Duration {
        Duration { amount, unit: DurationUnit::Second }
    }
    #[must_use]
    pub const fn minutes(amount: u32) -> Duration {
        Duration { amount, unit: DurationUnit::Minute }
    }
    #[must_use]
    pub const fn hours(amount: u32) -> Duration {
        Duration { amount, unit: DurationUnit::Hour }
    }
    #[must_use]
    pub const fn days(amount: u32) -> Duration {
        Duration { amount, unit: DurationUnit::Day }
    }
}

impl ::core::fmt::Display for Duration {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(Scratch::duration(*self).as_str())
    }
}

/// A time of day for a `time` slot; rendered as `15时` or `15时30分`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    /// 0 to 23.
    pub hour: u8,
    /// 0 to 59.
    pub minute: u8,
}

impl TimeOfDay {
    /// `None` unless `hour < 24` and `minute < 60`.
    #[must_use]
    pub const fn new(hour: u8, minute: u8) -> Option<TimeOfDay> {
        if hour < 24 && minute < 60 {
            Some(TimeOfDay { hour, minute })
        } else {
            None
        }
    }
}

impl ::core::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(Scratch::time(*self).as_str())
    }
}

/// The text of a number, duration or time slot, formatted on the stack without `core::fmt`
/// (written from the end backwards). Used by the `render` methods.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Scratch {
    bytes: [u8; 24],
    start: usize,
}

impl Scratch {
    const EMPTY: Scratch = Scratch { bytes: [0; 24], start: 24 };

    #[inline]
    fn prepend(&mut self, text: &str) {
        let start = self.start - text.len();
        self.bytes[start..self.start].copy_from_slice(text.as_bytes());
        self.start = start;
    }

    /// Two digits at a time, from the table of [`DIGITS`].
    #[inline]
    fn prepend_digits(&mut self, mut value: u64) {
        let digits = DIGITS.as_bytes();
        while value >= 100 {
            let at = 3 * (value % 100) as usize + 1;
            value /= 100;
            self.start -= 2;
            self.bytes[self.start..self.start + 2].copy_from_slice(&digits[at..at + 2]);
        }
        if value >= 10 {
            let at = 3 * value as usize + 1;
            self.start -= 2;
            self.bytes[self.start..self.start + 2].copy_from_slice(&digits[at..at + 2]);
        } else {
            self.start -= 1;
            self.bytes[self.start] = b'0' + value as u8;
        }
    }

    /// `30分钟`.
    #[inline]
    #[must_use]
    pub fn duration(duration: Duration) -> Scratch {
        let mut scratch = Scratch::EMPTY;
        scratch.prepend(duration.unit.label());
        scratch.prepend_digits(u64::from(duration.amount));
        scratch
    }

    /// `15时` or `15时30分`.
    #[inline]
    #[must_use]
    pub fn time(time: TimeOfDay) -> Scratch {
        let mut scratch = Scratch::EMPTY;
        if time.minute != 0 {
            scratch.prepend("分");
            scratch.prepend_digits(u64::from(time.minute));
        }
        scratch.prepend("时");
        scratch.prepend_digits(u64::from(time.hour));
        scratch
    }

    /// The text.
    #[inline]
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Always UTF-8: ASCII digits and whole `&str`s were written.
        ::core::str::from_utf8(&self.bytes[self.start..]).unwrap_or_default()
    }
}

/// The text of a number slot, written as slices of [`DIGITS`] (never formatted into a buffer,
/// so no bytes need checking): from 0 to 999,999 (nearly all numbers in phrases) the
/// thousands and the rest; other numbers their sign and groups of three digits. Used by the
/// `render` methods.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum NumberText {
    Table { high: usize, low: usize },
    /// Groups of three digits, least significant first (`u64::MAX` has seven).
    Groups { negative: bool, groups: [u16; 7], count: usize },
}

impl NumberText {
    #[inline]
    #[must_use]
    pub fn new(value: i64) -> NumberText {
        match usize::try_from(value) {
            Ok(small) if small < 1_000_000 => NumberText::Table {
                high: small / 1000,
                low: small % 1000,
            },
            _ => {
                let mut rest = value.unsigned_abs();
                let mut groups = [0u16; 7];
                let mut count = 0;
                while count < groups.len() {
                    groups[count] = (rest % 1000) as u16;
                    rest /= 1000;
                    count += 1;
                    if rest == 0 {
                        break;
                    }
                }
                NumberText::Groups { negative: value < 0, groups, count }
            }
        }
    }

    /// Writes the number as Rust's `Display` would.
    ///
    /// # Errors
    ///
    /// Only those of the writer.
    #[inline]
    pub fn write_to<W: ::core::fmt::Write + ?Sized>(&self, out: &mut W) -> ::core::fmt::Result {
        match *self {
            NumberText::Table { high: 0, low } => out.write_str(short_number(low)),
            NumberText::Table { high, low } => {
                out.write_str(short_number(high))?;
                out.write_str(&DIGITS[3 * low..3 * low + 3])
            }
            NumberText::Groups { negative, groups, count } => {
                if negative {
                    out.write_str("-")?;
                }
                let mut idx = count.clamp(1, groups.len()) - 1;
                out.write_str(short_number(usize::from(groups[idx])))?;
                while idx > 0 {
                    idx -= 1;
                    let group = usize::from(groups[idx]);
                    out.write_str(&DIGITS[3 * group..3 * group + 3])?;
                }
                Ok(())
            }
        }
    }
}

/// A number below 1000 without leading zeros.
#[inline]
fn short_number(value: usize) -> &'static str {
    if value < 10 {
        &DIGITS[3 * value + 2..3 * value + 3]
    } else if value < 100 {
        &DIGITS[3 * value + 1..3 * value + 3]
    } else {
        &DIGITS[3 * value..3 * value + 3]
    }
}

/// Writes the texts of a phrase in order, without allocating. Empty texts are skipped: a
/// phrase's render writes a text between any two slots, empty in many phrases, and the test
/// folds away in an optimised build, where those texts are constants.
///
/// # Errors
///
/// Only those of the writer.
#[doc(hidden)]
#[inline]
pub fn write_strs<W: ::core::fmt::Write + ?Sized>(
    out: &mut W,
    texts: &[&str],
) -> ::core::fmt::Result {
    for text in texts {
        if !text.is_empty() {
            out.write_str(text)?;
        }
    }
    Ok(())
}"#;

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
