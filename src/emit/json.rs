//! The JSON phrase table (format `phrasec.phrases`, version 5); its schema is generated from
//! these types with schemars and committed at `schema/phrasec.schema.json`.

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::check::coverage::{Leaf, LeafOutcome};
use crate::check::decisions::analyse_decision;
use crate::check::model::{self as m, Model};
use crate::source::{SourceMap, Span};

/// The value of `format` in every document.
pub const FORMAT_NAME: &str = "phrasec.phrases";
/// Bumped on any incompatible change to the document's shape.
pub const FORMAT_VERSION: u32 = 5;

/// A compiled rule set: the phrase table for programs that are not written in Rust.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always `phrasec.phrases`.
    pub format: String,
    /// Version of this format; readers reject versions they do not know.
    pub format_version: u32,
    pub spec: Spec,
    pub segments: Vec<Named>,
    /// The segment declared `default`, which callers outside every named segment belong to.
    pub default_segment: Option<String>,
    pub facts: Vec<Fact>,
    /// Combinations of fact values that cannot occur (`never …`).
    pub impossible: Vec<Impossible>,
    pub constants: Vec<Constant>,
    pub slots: Vec<Slot>,
    /// Non-verbal actions (for example staying silent).
    pub actions: Vec<Named>,
    pub decisions: Vec<Decision>,
    pub chapters: Vec<Chapter>,
    pub sections: Vec<Section>,
    pub articles: Vec<Article>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub title: String,
    pub version: Option<String>,
}

/// A position in a rule file: 1-based line, 1-based column in Unicode characters.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// The file name as given to phrasec (relative paths stay relative).
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// A declared name with its Chinese label.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Named {
    pub name: String,
    pub label: String,
    pub location: Location,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub name: String,
    pub label: String,
    pub values: Vec<Named>,
    pub location: Location,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Impossible {
    pub condition: Vec<Test>,
    pub reason: Option<String>,
    pub location: Location,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Constant {
    pub name: String,
    pub label: String,
    pub value: String,
    /// `rules` when the value is written in the rule files, `deployment` when it was supplied
    /// for this build (`--const`, `phrasec.toml` `[constants]`, `Builder::constant`).
    pub supplied: Supplied,
    pub location: Location,
}

/// Where a constant's value comes from.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Supplied {
    Rules,
    Deployment,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Slot {
    pub name: String,
    pub label: String,
    #[serde(rename = "type")]
    pub ty: SlotType,
    /// How a value of the slot is said: the same text `phrasec render`, the interpreter and
    /// the generated Rust give.
    pub rendering: Rendering,
    /// Descriptions of the slot (the source's bracketed notes).
    pub notes: Vec<String>,
    pub examples: Vec<String>,
    pub location: Location,
}

/// A slot's type.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SlotType {
    Text,
    Number {
        /// The lower end (always included), exact, as a decimal string such as `"1"` or
        /// `"-2.5"` (JSON numbers are read as binary floating point by many consumers).
        #[cfg_attr(
            feature = "schema",
            schemars(pattern(r"^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$"))
        )]
        min: Option<String>,
        /// The upper end, exact, as a decimal string.
        #[cfg_attr(
            feature = "schema",
            schemars(pattern(r"^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$"))
        )]
        max: Option<String>,
        /// True when `max` itself is outside the range (`0..1`), false when it is inside
        /// (`1..=60`) or there is no `max`.
        max_excluded: bool,
        /// The one unit the phrase writes after the value (`个`); absent with `said_units`.
        unit: Option<String>,
        /// The units the speaker chooses from, said with the value (rendering
        /// `number_and_unit`: `3工作日`); empty for a number without them.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        said_units: Vec<String>,
    },
    /// An amount of money: an exact decimal of at most two decimals in the range, written
    /// as `number`'s (`min`, `max`, `max_excluded`); `unit` is the currency the phrase says.
    Money {
        #[cfg_attr(
            feature = "schema",
            schemars(pattern(r"^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$"))
        )]
        min: Option<String>,
        #[cfg_attr(
            feature = "schema",
            schemars(pattern(r"^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$"))
        )]
        max: Option<String>,
        max_excluded: bool,
        unit: Option<String>,
    },
    Duration {
        /// Allowed units: `second`, `minute`, `hour`, `day`, `workday`.
        units: Vec<String>,
        /// The word said after the amount for each of `units`, in the same order (`分钟`).
        unit_labels: Vec<String>,
    },
    Phone,
    Person,
    Org,
    Time,
    /// A string of ASCII digits, leading zeros kept, of `min_length` to `max_length` digits.
    Id {
        min_length: u8,
        max_length: u8,
    },
    /// A date: a month and a day, and the year when `with_year`.
    Date {
        with_year: bool,
    },
    Enum {
        values: Vec<EnumValue>,
    },
}

/// The rule a slot's values are said by (`docs/language.md`, Slots). Each names one
/// function of `check::slot_text`.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rendering {
    /// `text`, `person`, `org`, `phone`: the value as given, without white space at its
    /// edges. A `text`, `person` or `org` value is not empty; a `phone` value has 3 to 20
    /// ASCII digits and otherwise only `-`, `+` and spaces, and does not start with `-`.
    AsGiven,
    /// `number`: the value is an exact decimal of at most 38 significant digits inside the
    /// range (`min`, `max`, `max_excluded`), said in its shortest exact form: `-` for a
    /// negative number, the integer part without leading zeros (`0` when it is zero), and,
    /// when the number is not whole, `.` and the fraction without trailing zeros (`30`,
    /// `-2.5`, `0.05`). The `unit` is not said (the phrase's text says it).
    Decimal,
    /// `number` with `said_units`: as `Decimal`, then the chosen unit as written (`3工作日`).
    DecimalAndUnit,
    /// `duration`: a whole amount from 0 to 4294967295 and one of `units`, said as the
    /// amount's digits without leading zeros, then the unit's word from `unit_labels`
    /// (`30分钟`).
    AmountAndUnit,
    /// `time`: an hour from 0 to 23 and a minute from 0 to 59, said as the hour's digits and
    /// `时`, then, unless the minute is 0, the minute's digits and `分`; no leading zeros
    /// (`15时`, `16时30分`, `9时5分`).
    HourMinute,
    /// `enum`: the chosen value's `label`.
    EnumLabel,
    /// `money`: an exact decimal of at most two decimals inside the range, said as `-` for a
    /// negative amount, the integer part without leading zeros, and, unless the amount is
    /// whole, `.` and exactly two decimals (`100`, `128.50`, `0.05`). The `unit` is not said.
    Money,
    /// `date`: a month from 1 to 12 and a day that month has (29 February included), said as
    /// the month's digits and `月`, the day's digits and `日`; no leading zeros (`3月15日`).
    MonthDay,
    /// `date(year)`: a date that exists (year 1 to 9999, leap years by the Gregorian rule),
    /// said as the year's digits and `年`, then as `MonthDay` (`2026年3月15日`).
    YearMonthDay,
}

impl From<crate::check::slot_text::RenderingRule> for Rendering {
    fn from(rule: crate::check::slot_text::RenderingRule) -> Rendering {
        use crate::check::slot_text::RenderingRule as R;
        match rule {
            R::AsGiven => Rendering::AsGiven,
            R::Decimal => Rendering::Decimal,
            R::DecimalAndUnit => Rendering::DecimalAndUnit,
            R::AmountAndUnit => Rendering::AmountAndUnit,
            R::HourMinute => Rendering::HourMinute,
            R::EnumLabel => Rendering::EnumLabel,
            R::Money => Rendering::Money,
            R::MonthDay => Rendering::MonthDay,
            R::YearMonthDay => Rendering::YearMonthDay,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub name: String,
    pub label: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub name: String,
    pub label: String,
    /// The facts it is over; the customer segment is always a dimension too.
    pub facts: Vec<String>,
    /// Which rule is chosen in which case, after precedence: disjoint groups of cases that
    /// together make up every case of the decision, as the generated Rust `select` chooses.
    /// `null` when the decision is too large to analyse.
    pub selection: Option<Vec<Selection>>,
    pub location: Location,
}

/// A group of cases of a decision and what is chosen there.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// The values each restricted dimension takes in the group; a fact (or `segment`) that is
    /// not listed takes any value.
    pub cases: Vec<CaseValues>,
    pub outcome: Outcome,
}

/// The values one dimension of a decision takes in a group of cases.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseValues {
    /// A fact name, or `segment`.
    pub subject: String,
    pub values: Vec<String>,
}

/// What a decision chooses in a group of cases.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    /// This article (and, when `case` is given, this case of it: its 1-based position among
    /// the article's cases) is chosen.
    Chosen {
        article: u32,
        case: Option<usize>,
        case_label: Option<String>,
    },
    /// No article covers these cases (the check warned: W0201).
    Uncovered,
    /// The cases are declared impossible (`never …`).
    Impossible,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    pub number: u32,
    pub title: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub chapter: Option<u32>,
    pub number: u32,
    pub title: String,
    /// The segment every article of the section is restricted to.
    pub segment: Option<String>,
}

/// One comparison of a condition; a condition is the conjunction of its tests.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Test {
    /// A fact name, or `segment`.
    pub subject: String,
    /// `=`, `!=`, `in` or `not in`.
    pub operator: String,
    /// The values as written.
    pub values: Vec<String>,
    /// The values for which the test holds.
    pub allowed: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub number: u32,
    /// The situation, as the source words it.
    pub title: String,
    pub chapter: Option<u32>,
    pub section: Option<u32>,
    pub decision: Option<String>,
    /// The article's own condition and its section's segment.
    pub condition: Vec<Test>,
    /// Segments for which this general article is deliberately kept although another
    /// article is specialised for them (`general for …`).
    pub general_for: Vec<String>,
    /// Why the article is incomplete, when it is.
    pub incomplete: Option<String>,
    pub body: Vec<BodyItem>,
    pub location: Location,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum BodyItem {
    /// Guidance without a phrase.
    Guidance { text: String },
    /// Things to say or do; the first option is canonical.
    Phrase { options: Vec<Utterance> },
    /// One of several sub-cases, chosen by its condition.
    Case {
        label: Option<String>,
        condition: Vec<Test>,
        options: Vec<Utterance>,
    },
    /// One of several ordered steps.
    Step {
        label: Option<String>,
        condition: Option<Vec<Test>>,
        options: Vec<Utterance>,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Utterance {
    /// A phrase: `modal` says whether staff must (应使用) or may (可使用) use it, `language` its
    /// language tag (absent for Chinese).
    Say {
        pieces: Vec<Piece>,
        modal: Modal,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
    },
    /// A non-verbal action, by name; `argument` is the slot or constant it takes (a `slot` or
    /// `constant` piece), `note` a note to staff and `until` the condition to go on after it.
    Act {
        action: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        argument: Option<Piece>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<String>,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Piece {
    Text {
        text: String,
    },
    Slot {
        slot: String,
    },
    Constant {
        constant: String,
        value: String,
    },
    /// Text chosen by an enum slot's value (`choices[i]` for the slot's i-th value).
    Select {
        slot: String,
        choices: Vec<String>,
    },
    /// Free variation; the first branch is canonical.
    Alternatives {
        branches: Vec<Vec<Piece>>,
    },
    /// Text chosen by the customer segment, in the order the segments are declared. A segment
    /// the phrase is never said to may have no entry.
    SegmentSelect {
        choices: Vec<SegmentChoice>,
    },
}

/// How strongly a phrase is prescribed.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Modal {
    /// 应使用: the phrase staff must use.
    Must,
    /// 可使用: a phrase staff may use.
    May,
}

/// The text a segment choice gives one segment.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SegmentChoice {
    pub segment: String,
    pub text: String,
}

/// Builds the document from a checked model.
pub fn document(model: &Model, sources: &SourceMap) -> Document {
    let emitter = Emitter { model, sources };
    emitter.document()
}

/// Serialises the document: pretty-printed, key order fixed, ending in a newline.
pub fn to_json(document: &Document) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema of [`Document`], pretty-printed with a final newline.
#[cfg(feature = "schema")]
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Document);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

struct Emitter<'a> {
    model: &'a Model,
    sources: &'a SourceMap,
}

impl Emitter<'_> {
    fn location(&self, span: Span) -> Location {
        let found = self.sources.location(span);
        Location {
            file: found.file,
            line: found.line,
            column: found.column,
            end_line: found.end_line,
            end_column: found.end_column,
        }
    }

    fn named(&self, name: &str, label: &str, span: Span) -> Named {
        Named {
            name: name.to_owned(),
            label: label.to_owned(),
            location: self.location(span),
        }
    }

    fn document(&self) -> Document {
        let model = self.model;
        Document {
            format: FORMAT_NAME.to_owned(),
            format_version: FORMAT_VERSION,
            spec: Spec {
                title: model.spec.title.clone(),
                version: model.spec.version.clone(),
            },
            segments: model
                .segments
                .iter()
                .map(|s| self.named(&s.name, &s.label, s.span))
                .collect(),
            default_segment: model
                .default_segment
                .map(|segment| model.segments[segment].name.clone()),
            facts: model
                .facts
                .iter()
                .map(|fact| Fact {
                    name: fact.name.clone(),
                    label: fact.label.clone(),
                    values: fact
                        .values
                        .iter()
                        .map(|v| self.named(&v.name, &v.label, v.span))
                        .collect(),
                    location: self.location(fact.span),
                })
                .collect(),
            impossible: model
                .impossible
                .iter()
                .map(|never| Impossible {
                    condition: self.condition(&never.condition),
                    reason: never.reason.clone(),
                    location: self.location(never.span),
                })
                .collect(),
            constants: model
                .constants
                .iter()
                .map(|c| Constant {
                    name: c.name.clone(),
                    label: c.label.clone(),
                    value: c.value.clone(),
                    supplied: match c.source {
                        m::ConstantSource::Written => Supplied::Rules,
                        m::ConstantSource::Supplied | m::ConstantSource::Awaited => {
                            Supplied::Deployment
                        }
                    },
                    location: self.location(c.span),
                })
                .collect(),
            slots: model.slots.iter().map(|slot| self.slot(slot)).collect(),
            actions: model
                .actions
                .iter()
                .map(|a| self.named(&a.name, &a.label, a.span))
                .collect(),
            decisions: model
                .decisions
                .iter()
                .enumerate()
                .map(|(idx, d)| Decision {
                    name: d.name.clone(),
                    label: d.label.clone(),
                    facts: d
                        .facts
                        .iter()
                        .map(|&f| model.facts[f].name.clone())
                        .collect(),
                    selection: self.selection(idx),
                    location: self.location(d.span),
                })
                .collect(),
            chapters: model
                .chapters
                .iter()
                .map(|c| Chapter {
                    number: c.number,
                    title: c.title.clone(),
                })
                .collect(),
            sections: model
                .sections
                .iter()
                .map(|s| Section {
                    chapter: s.chapter.map(|c| model.chapters[c].number),
                    number: s.number,
                    title: s.title.clone(),
                    segment: s.segment.map(|seg| model.segments[seg].name.clone()),
                })
                .collect(),
            articles: model.articles.iter().map(|a| self.article(a)).collect(),
        }
    }

    fn slot(&self, slot: &m::Slot) -> Slot {
        let ty = match &slot.ty {
            m::SlotType::Text => SlotType::Text,
            m::SlotType::Number {
                range,
                unit,
                said_units,
            } => SlotType::Number {
                min: range.low.map(|low| low.to_string()),
                max: range.high.map(|high| high.to_string()),
                max_excluded: range.high.is_some() && range.upper_end == m::UpperEnd::Excluded,
                unit: unit.clone(),
                said_units: said_units.clone(),
            },
            m::SlotType::Duration { units } => SlotType::Duration {
                units: units.iter().map(|u| u.keyword().to_owned()).collect(),
                unit_labels: units.iter().map(|u| u.label().to_owned()).collect(),
            },
            m::SlotType::Phone => SlotType::Phone,
            m::SlotType::Person => SlotType::Person,
            m::SlotType::Organisation => SlotType::Org,
            m::SlotType::TimeOfDay => SlotType::Time,
            m::SlotType::Money { range, unit } => SlotType::Money {
                min: range.low.map(|low| low.to_string()),
                max: range.high.map(|high| high.to_string()),
                max_excluded: range.high.is_some() && range.upper_end == m::UpperEnd::Excluded,
                unit: unit.clone(),
            },
            m::SlotType::Id { length } => SlotType::Id {
                min_length: length.min,
                max_length: length.max,
            },
            m::SlotType::Date { form } => SlotType::Date {
                with_year: *form == m::DateForm::Full,
            },
            m::SlotType::Enum { values } => SlotType::Enum {
                values: values
                    .iter()
                    .map(|v| EnumValue {
                        name: v.name.clone(),
                        label: v.label.clone(),
                    })
                    .collect(),
            },
        };
        Slot {
            name: slot.name.clone(),
            label: slot.label.clone(),
            ty,
            rendering: crate::check::slot_text::rendering_rule(&slot.ty).into(),
            notes: slot.notes.clone(),
            examples: slot.examples.iter().map(|e| e.text.clone()).collect(),
            location: self.location(slot.span),
        }
    }

    fn condition(&self, condition: &m::Condition) -> Vec<Test> {
        condition
            .tests
            .iter()
            .map(|test| Test {
                subject: self.model.dimension_name(test.dimension).to_owned(),
                operator: test.operator.as_str().to_owned(),
                values: test
                    .values
                    .iter()
                    .map(|&v| self.model.value_name(test.dimension, v).to_owned())
                    .collect(),
                allowed: test
                    .allowed
                    .iter()
                    .map(|v| self.model.value_name(test.dimension, v).to_owned())
                    .collect(),
            })
            .collect()
    }

    fn article(&self, article: &m::Article) -> Article {
        let model = self.model;
        Article {
            number: article.number,
            title: article.title.clone(),
            chapter: article.chapter.map(|c| model.chapters[c].number),
            section: article.section.map(|s| model.sections[s].number),
            decision: article.decision.map(|d| model.decisions[d].name.clone()),
            condition: self.condition(&article.condition),
            general_for: article
                .general_for
                .iter()
                .map(|&segment| model.segments[segment].name.clone())
                .collect(),
            incomplete: article.incomplete.as_deref().map(str::to_owned),
            body: article
                .body
                .iter()
                .map(|item| self.body_item(item))
                .collect(),
            location: self.location(article.span),
        }
    }

    /// The coverage leaves of a decision, in the order of the values they hold (as the
    /// generated `select` lists them), each with the rule chosen there.
    fn selection(&self, decision: m::DecisionIdx) -> Option<Vec<Selection>> {
        let coverage = analyse_decision(self.model, decision)?;
        if coverage.report.truncated {
            return None;
        }
        let mut leaves: Vec<&Leaf> = coverage.report.leaves.iter().collect();
        leaves.sort_by_key(|leaf| {
            leaf.cube
                .iter()
                .map(|mask| mask.trailing_zeros())
                .collect::<Vec<_>>()
        });
        let space = &coverage.space;
        let full = space.full();
        let selection = leaves
            .into_iter()
            .map(|leaf| {
                let cases = space
                    .dims
                    .iter()
                    .enumerate()
                    .filter(|&(idx, &dim)| {
                        leaf.cube[idx] & full[idx] != full[idx]
                            && !(dim == m::Dimension::Segment && self.model.segments.is_empty())
                    })
                    .map(|(idx, &dim)| CaseValues {
                        subject: self.model.dimension_name(dim).to_owned(),
                        values: space
                            .values_in(idx, leaf.cube[idx])
                            .into_iter()
                            .map(|value| self.model.value_name(dim, value).to_owned())
                            .collect(),
                    })
                    .collect();
                let outcome = match &leaf.outcome {
                    LeafOutcome::Chosen(winners) => match winners.first() {
                        Some(&winner) => {
                            let rule = &coverage.rules[winner];
                            Outcome::Chosen {
                                article: self.model.articles[rule.article].number,
                                case: rule.case_number,
                                case_label: rule.case_label.clone(),
                            }
                        }
                        None => Outcome::Uncovered,
                    },
                    LeafOutcome::Uncovered => Outcome::Uncovered,
                    LeafOutcome::Impossible => Outcome::Impossible,
                };
                Selection { cases, outcome }
            })
            .collect();
        Some(selection)
    }

    fn body_item(&self, item: &m::BodyItem) -> BodyItem {
        match item {
            m::BodyItem::Guidance { text, .. } => BodyItem::Guidance { text: text.clone() },
            m::BodyItem::Utterances(utterances) => BodyItem::Phrase {
                options: self.utterances(utterances),
            },
            m::BodyItem::Case(case) => BodyItem::Case {
                label: case.label.clone(),
                condition: self.condition(&case.condition),
                options: self.utterances(&case.utterances),
            },
            m::BodyItem::Step(step) => BodyItem::Step {
                label: step.label.clone(),
                condition: step.condition.as_ref().map(|c| self.condition(c)),
                options: self.utterances(&step.utterances),
            },
        }
    }

    fn utterances(&self, utterances: &m::Utterances) -> Vec<Utterance> {
        utterances
            .options
            .iter()
            .map(|option| match option {
                m::Utterance::Say(template) => Utterance::Say {
                    pieces: self.pieces(&template.pieces),
                    modal: match template.modal {
                        m::Modal::Must => Modal::Must,
                        m::Modal::May => Modal::May,
                    },
                    language: template.language.as_deref().map(str::to_owned),
                },
                m::Utterance::Act {
                    action, details, ..
                } => {
                    let details = details.as_deref();
                    Utterance::Act {
                        action: self.model.actions[*action].name.clone(),
                        argument: details
                            .and_then(|d| d.argument.as_ref())
                            .and_then(|argument| {
                                self.pieces(std::slice::from_ref(argument))
                                    .into_iter()
                                    .next()
                            }),
                        note: details.and_then(|d| d.note.clone()),
                        until: details.and_then(|d| d.until.clone()),
                    }
                }
            })
            .collect()
    }

    fn pieces(&self, pieces: &[m::Piece]) -> Vec<Piece> {
        pieces
            .iter()
            .map(|piece| match piece {
                m::Piece::Text(span) => Piece::Text {
                    text: self.model.text(*span).into_owned(),
                },
                m::Piece::Slot { slot, .. } => Piece::Slot {
                    slot: self.model.slots[*slot].name.clone(),
                },
                m::Piece::Constant { constant, .. } => Piece::Constant {
                    constant: self.model.constants[*constant].name.clone(),
                    value: self.model.constants[*constant].value.clone(),
                },
                m::Piece::Select(select) => Piece::Select {
                    slot: self.model.slots[select.slot].name.clone(),
                    choices: select.choices.iter().map(ToString::to_string).collect(),
                },
                m::Piece::SegmentSelect(select) => Piece::SegmentSelect {
                    choices: select
                        .texts
                        .iter()
                        .zip(&self.model.segments)
                        .filter_map(|(text, segment)| {
                            Some(SegmentChoice {
                                segment: segment.name.clone(),
                                text: text.as_ref()?.to_string(),
                            })
                        })
                        .collect(),
                },
                m::Piece::Alternatives(alternatives) => Piece::Alternatives {
                    branches: alternatives
                        .branches
                        .iter()
                        .map(|b| self.pieces(b))
                        .collect(),
                },
            })
            .collect()
    }
}
