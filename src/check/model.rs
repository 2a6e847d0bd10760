//! The checked model: every name resolved to an index, conditions normalised to value sets.
//!
//! Emitters, the renderer and the coverage checker read only this; it holds no AST.

use std::borrow::Cow;
use std::sync::Arc;

use compact_str::CompactString;

use crate::source::{FileId, Span};

pub use super::number::{Decimal, NumberRange, UpperEnd};

/// Index of a segment in [`Model::segments`].
pub type SegmentIdx = usize;
/// Index of a fact in [`Model::facts`].
pub type FactIdx = usize;
/// Index of a value inside its fact (or its enum slot).
pub type ValueIdx = usize;
/// Index of a slot in [`Model::slots`].
pub type SlotIdx = usize;
/// Index of a constant in [`Model::constants`].
pub type ConstIdx = usize;
/// Index of an action in [`Model::actions`].
pub type ActionIdx = usize;
/// Index of a decision in [`Model::decisions`].
pub type DecisionIdx = usize;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    pub spec: Spec,
    pub segments: Vec<Segment>,
    /// The segment declared `default`: the one callers outside every named segment belong to.
    pub default_segment: Option<SegmentIdx>,
    pub facts: Vec<Fact>,
    pub impossible: Vec<Impossible>,
    pub constants: Vec<Constant>,
    pub slots: Vec<Slot>,
    pub actions: Vec<Action>,
    pub decisions: Vec<Decision>,
    pub chapters: Vec<Chapter>,
    pub sections: Vec<Section>,
    pub articles: Vec<Article>,
    /// The rule files' texts, shared with the sources, in the order of their ids: phrase
    /// texts are read from them.
    pub sources: Vec<(FileId, Arc<str>)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spec {
    pub title: String,
    pub version: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub name: String,
    pub label: String,
    pub span: Span,
}

/// A named, labelled value of a fact or an enum slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub name: String,
    pub label: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub name: String,
    pub label: String,
    pub values: Vec<Value>,
    pub span: Span,
}

/// A declared impossible combination (`never …`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Impossible {
    pub condition: Condition,
    pub reason: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constant {
    pub name: String,
    pub label: String,
    /// What is said: the value written in the rules or supplied at deployment; while a
    /// deployment value is awaited, the label as a placeholder (`〔公司名称〕`), as for a slot
    /// without a value.
    pub value: String,
    pub source: ConstantSource,
    pub span: Span,
}

/// Where a constant's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstantSource {
    /// `const hotline "客服热线" = "10000"`.
    Written,
    /// `const company "公司名称"`, its value supplied at deployment (`phrasec.toml`
    /// `[constants]`, `--const`, `Builder::constant`).
    Supplied,
    /// `const company "公司名称"` with no value supplied yet: `build` refuses (E0128).
    Awaited,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub name: String,
    pub label: String,
    pub ty: SlotType,
    pub notes: Vec<String>,
    pub examples: Vec<Example>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    pub span: Span,
}

/// What a slot holds.
#[derive(Clone, Debug, PartialEq)]
pub enum SlotType {
    /// Free text (`text`).
    Text,
    /// A number, optionally bounded and with a unit (`number(1..=60) unit "个"`); the range's
    /// bounds are exact. One unit is written in the phrase (`{count}个`); with several
    /// (`unit "小时" | "工作日"`, `said_units`), the speaker chooses one and it is said with
    /// the value (`3工作日`).
    Number {
        range: NumberRange,
        unit: Option<String>,
        said_units: Vec<String>,
    },
    /// A length of time in one of the listed units (`duration(minute, hour)`).
    Duration { units: Vec<DurationUnit> },
    /// A telephone number (`phone`).
    Phone,
    /// A person's name (`person`).
    Person,
    /// A company or other organisation (`org`).
    Organisation,
    /// A time of day (`time`).
    TimeOfDay,
    /// A string of digits said as written, leading zeros kept (`id`, `id(8)`, `id(6..=10)`:
    /// any length from 1 to 64, exactly 8, or 6 to 10): staff and account numbers.
    Id { length: IdLength },
    /// An amount of money (`money`, `money(0..=10000)`): an exact decimal of at most two
    /// decimals in the range; the currency `unit` is written in the phrase (`{fee}元`).
    Money {
        range: NumberRange,
        unit: Option<String>,
    },
    /// A calendar date (`date`: month and day, `3月15日`; `date(year)`: `2026年3月15日`).
    Date { form: DateForm },
    /// One of the listed values (`enum { male "先生", female "小姐" }`).
    Enum { values: Vec<Value> },
}

impl SlotType {
    /// The keyword that names the type in rule files.
    pub fn keyword(&self) -> &'static str {
        match self {
            SlotType::Text => "text",
            SlotType::Number { .. } => "number",
            SlotType::Duration { .. } => "duration",
            SlotType::Phone => "phone",
            SlotType::Person => "person",
            SlotType::Organisation => "org",
            SlotType::TimeOfDay => "time",
            SlotType::Id { .. } => "id",
            SlotType::Money { .. } => "money",
            SlotType::Date { .. } => "date",
            SlotType::Enum { .. } => "enum",
        }
    }

    /// The type as written in a rule file, without its `unit` attribute and with an enum's
    /// values by name: `number(1..=120)`, `id(8)`, `money(0..=10000)`, `date(year)`,
    /// `duration(minute, hour)`, `enum { male, female }`.
    pub fn written(&self) -> String {
        let keyword = self.keyword();
        match self {
            SlotType::Number { range, .. } | SlotType::Money { range, .. }
                if !range.is_unbounded() =>
            {
                format!("{keyword}({range})")
            }
            SlotType::Duration { units } => {
                let units: Vec<&str> = units.iter().map(|unit| unit.keyword()).collect();
                format!("duration({})", units.join(", "))
            }
            SlotType::Id { length } if *length == IdLength::ANY => keyword.to_owned(),
            SlotType::Id { length } if length.min == length.max => format!("id({})", length.min),
            SlotType::Id { length } => format!("id({}..={})", length.min, length.max),
            SlotType::Date {
                form: DateForm::Full,
            } => "date(year)".to_owned(),
            SlotType::Enum { values } => {
                let values: Vec<&str> = values.iter().map(|value| value.name.as_str()).collect();
                format!("enum {{ {} }}", values.join(", "))
            }
            _ => keyword.to_owned(),
        }
    }
}

/// How many digits an `id` slot's value has: from `min` to `max`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdLength {
    pub min: u8,
    pub max: u8,
}

impl IdLength {
    /// The longest id any slot takes.
    pub const LONGEST: u8 = 64;
    /// `id` with no length: 1 to [`IdLength::LONGEST`] digits.
    pub const ANY: IdLength = IdLength {
        min: 1,
        max: IdLength::LONGEST,
    };

    pub fn holds(self, digits: usize) -> bool {
        (usize::from(self.min)..=usize::from(self.max)).contains(&digits)
    }

    /// As the rule files write it: `8`, `6..=10`, or empty for any length.
    pub fn written(self) -> String {
        if self == IdLength::ANY {
            String::new()
        } else if self.min == self.max {
            self.min.to_string()
        } else {
            format!("{}..={}", self.min, self.max)
        }
    }
}

/// A `date` slot's value: the year only for `date(year)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: Option<u16>,
    pub month: u8,
    pub day: u8,
}

/// What a `date` slot's value says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateForm {
    /// `date`: a month and a day (`3月15日`); 29 February is a date.
    MonthDay,
    /// `date(year)`: a year, month and day (`2026年3月15日`).
    Full,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DurationUnit {
    Second,
    Minute,
    Hour,
    Day,
    /// A working day (工作日): time limits of service promises are often counted in them.
    Workday,
}

impl DurationUnit {
    pub const ALL: [DurationUnit; 5] = [
        DurationUnit::Second,
        DurationUnit::Minute,
        DurationUnit::Hour,
        DurationUnit::Day,
        DurationUnit::Workday,
    ];

    pub fn keyword(self) -> &'static str {
        match self {
            DurationUnit::Second => "second",
            DurationUnit::Minute => "minute",
            DurationUnit::Hour => "hour",
            DurationUnit::Day => "day",
            DurationUnit::Workday => "workday",
        }
    }

    /// The Chinese unit word used when rendering (`30分钟`).
    pub fn label(self) -> &'static str {
        match self {
            DurationUnit::Second => "秒",
            DurationUnit::Minute => "分钟",
            DurationUnit::Hour => "小时",
            DurationUnit::Day => "天",
            DurationUnit::Workday => "工作日",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub name: String,
    pub label: String,
    pub span: Span,
}

/// A situation whose articles are checked together for coverage. The customer segment is
/// always one of its dimensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub name: String,
    pub label: String,
    pub facts: Vec<FactIdx>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chapter {
    pub number: u32,
    pub title: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub chapter: Option<usize>,
    pub number: u32,
    pub title: String,
    pub segment: Option<SegmentIdx>,
    pub span: Span,
}

/// What a test looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Segment,
    Fact(FactIdx),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Equal,
    NotEqual,
    In,
    NotIn,
}

impl Operator {
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Equal => "=",
            Operator::NotEqual => "!=",
            Operator::In => "in",
            Operator::NotIn => "not in",
        }
    }
}

/// Where a test comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestOrigin {
    /// Written in the condition.
    Written,
    /// Implied by the `for SEGMENT` of the article's section.
    Section,
}

/// One comparison of a conjunction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Test {
    pub origin: TestOrigin,
    pub dimension: Dimension,
    pub operator: Operator,
    /// The values as written.
    pub values: Box<[ValueIdx]>,
    /// The values for which the test holds.
    pub allowed: ValueSet,
    pub span: Span,
}

/// A set of values of one dimension: a bit mask while every value is below 64 (as in any
/// real specification), a list in ascending order beyond. Which one depends only on the
/// values, so equal sets compare equal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueSet {
    Mask(u64),
    List(Box<[ValueIdx]>),
}

impl ValueSet {
    /// The set of `values`, which must be ascending.
    pub fn from_ascending(values: impl IntoIterator<Item = ValueIdx>) -> ValueSet {
        let mut values = values.into_iter();
        let mut mask = 0u64;
        while let Some(value) = values.next() {
            if value >= 64 {
                // Rare: the set so far, this value and the rest, as a list.
                let below = ValueSet::Mask(mask);
                let list = below.iter().chain(std::iter::once(value)).chain(values);
                return ValueSet::List(list.collect());
            }
            mask |= 1 << value;
        }
        ValueSet::Mask(mask)
    }

    pub fn contains(&self, value: ValueIdx) -> bool {
        match self {
            ValueSet::Mask(mask) => value < 64 && mask >> value & 1 == 1,
            ValueSet::List(values) => values.binary_search(&value).is_ok(),
        }
    }

    /// The values, ascending.
    pub fn iter(&self) -> impl Iterator<Item = ValueIdx> + '_ {
        let (mask, list): (u64, &[ValueIdx]) = match self {
            ValueSet::Mask(mask) => (*mask, &[]),
            ValueSet::List(values) => (0, values),
        };
        (0..64)
            .filter(move |value| mask >> value & 1 == 1)
            .chain(list.iter().copied())
    }
}

/// A conjunction of tests; empty means "always".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Condition {
    pub tests: Vec<Test>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    pub number: u32,
    /// The span of the article's number, for short labels.
    pub number_span: Span,
    pub title: String,
    pub chapter: Option<usize>,
    pub section: Option<usize>,
    pub decision: Option<DecisionIdx>,
    /// The article's own `when` plus the segment of its section.
    pub condition: Condition,
    pub incomplete: Option<Box<str>>,
    /// Segments for which this general article is deliberately kept (`general for …`).
    pub general_for: Box<[SegmentIdx]>,
    pub body: Box<[BodyItem]>,
    pub span: Span,
}

impl Article {
    /// The segment this article is restricted to by its section, if any.
    pub fn segments_allowed(&self, n_segments: usize) -> Vec<SegmentIdx> {
        let mut allowed: Vec<SegmentIdx> = (0..n_segments).collect();
        for test in &self.condition.tests {
            if test.dimension == Dimension::Segment {
                allowed.retain(|&idx| test.allowed.contains(idx));
            }
        }
        allowed
    }

    /// The slots the article's phrases show (values and enum choices), then those its actions
    /// take, in order of first use, each once.
    pub fn slots(&self) -> Vec<SlotIdx> {
        let mut out = Vec::new();
        for template in self.say_templates() {
            collect_slots(&template.pieces, &mut out);
        }
        for utterances in self.utterances() {
            for option in &utterances.options {
                if let Utterance::Act {
                    details: Some(details),
                    ..
                } = option
                {
                    collect_slots(details.argument.as_slice(), &mut out);
                }
            }
        }
        out
    }

    /// The utterance lists of the body, in order (guidance has none).
    pub fn utterances(&self) -> impl Iterator<Item = &Utterances> {
        self.body.iter().filter_map(BodyItem::utterances)
    }

    /// The article's cases, in order.
    pub fn cases(&self) -> impl Iterator<Item = &Case> {
        self.body.iter().filter_map(|item| match item {
            BodyItem::Case(case) => Some(&**case),
            _ => None,
        })
    }

    /// The case at `position` among the article's cases (1-based, as decision rules and
    /// the JSON number them).
    pub fn case(&self, position: usize) -> Option<&Case> {
        self.cases().nth(position.checked_sub(1)?)
    }

    /// The phrases (`say` templates) of the body, in order.
    pub fn say_templates(&self) -> impl Iterator<Item = &Template> {
        self.utterances()
            .flat_map(|utterances| &utterances.options)
            .filter_map(|option| match option {
                Utterance::Say(template) => Some(template),
                Utterance::Act { .. } => None,
            })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum BodyItem {
    Guidance {
        text: String,
        span: Span,
    },
    Utterances(Utterances),
    /// A sub-case (boxed, as most body items are plain phrases).
    Case(Box<Case>),
    /// An ordered step (boxed, as most body items are plain phrases).
    Step(Box<Step>),
}

/// `case "…" when …`: phrases for part of the article's situation.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub label: Option<String>,
    pub condition: Condition,
    pub utterances: Utterances,
    pub span: Span,
}

/// `step "…" [when …]`: one of the article's phrases in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub label: Option<String>,
    pub condition: Option<Condition>,
    pub utterances: Utterances,
    pub span: Span,
}

impl BodyItem {
    /// The utterances of a phrase, case or step; `None` for guidance.
    pub fn utterances(&self) -> Option<&Utterances> {
        match self {
            BodyItem::Utterances(utterances) => Some(utterances),
            BodyItem::Case(case) => Some(&case.utterances),
            BodyItem::Step(step) => Some(&step.utterances),
            BodyItem::Guidance { .. } => None,
        }
    }

    /// The condition of a case or step; `None` for the other items.
    pub fn condition(&self) -> Option<&Condition> {
        match self {
            BodyItem::Case(case) => Some(&case.condition),
            BodyItem::Step(step) => step.condition.as_ref(),
            BodyItem::Utterances(_) | BodyItem::Guidance { .. } => None,
        }
    }
}

/// Options the speaker may choose from; the first is canonical.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Utterances {
    pub options: Vec<Utterance>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Utterance {
    Say(Template),
    Act {
        action: ActionIdx,
        span: Span,
        /// What `act` is given beyond the action's name, if anything (boxed: rare).
        details: Option<Box<ActDetails>>,
    },
}

/// `act transfer_to {department} note "出示工作证" until "客户情绪平复后"`: the slot or constant
/// the action takes, a note to staff, and the condition to go on after it, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActDetails {
    /// The slot or constant it takes, as the piece that says its value (a `Piece::Slot` or a
    /// `Piece::Constant`).
    pub argument: Option<Piece>,
    pub note: Option<String>,
    pub until: Option<String>,
}

/// A phrase: its pieces, how strongly it is prescribed and its language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub pieces: Vec<Piece>,
    /// The quoted phrase's span.
    pub span: Span,
    /// `must` (应使用, the default) or `may` (可使用).
    pub modal: Modal,
    /// The language tag given with `lang`; `None` is Chinese.
    pub language: Option<CompactString>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Literal text: where it is written in its rule file (escapes not yet decoded), read by
    /// [`Model::text`]. Phrase texts are not copied out of the rule files.
    Text(Span),
    /// A slot's value. (The phrase's span locates it; pieces keep none, to stay small.)
    Slot { slot: SlotIdx },
    /// A constant's value.
    Constant { constant: ConstIdx },
    /// Text chosen by an enum slot's value (boxed, as the larger and rarer kinds of piece are).
    Select(Box<Select>),
    /// Free variation (boxed).
    Alternatives(Box<Alternatives>),
    /// Text chosen by the customer segment (boxed).
    SegmentSelect(Box<SegmentSelect>),
}

/// `{segment ? business: 为贵单位 | 为您}`: the text for each customer segment, in the order
/// the segments are declared. `None` where the choice gives a segment no text, which is an
/// error (E0130) wherever the phrase can be said to that segment, so checked output never
/// reaches one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentSelect {
    pub texts: Box<[Option<CompactString>]>,
    pub span: Span,
}

impl SegmentSelect {
    /// The text for `segment`; empty where the choice gives none.
    pub fn text(&self, segment: SegmentIdx) -> &str {
        self.texts
            .get(segment)
            .and_then(Option::as_ref)
            .map_or("", CompactString::as_str)
    }

    /// The distinct texts, in the order of the segments: what is shown when no segment is
    /// given (`为贵单位/为您`).
    pub fn distinct_texts(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::with_capacity(self.texts.len());
        for text in self.texts.iter().flatten() {
            if !out.contains(&text.as_str()) {
                out.push(text);
            }
        }
        out
    }
}

/// `[a|b]`: free variation; the first branch is canonical.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternatives {
    pub branches: Box<[Vec<Piece>]>,
    pub span: Span,
}

impl Piece {
    /// The slot whose value the piece shows: a slot's value, or the text an enum slot chooses.
    pub fn slot(&self) -> Option<SlotIdx> {
        match self {
            Piece::Slot { slot } => Some(*slot),
            Piece::Select(select) => Some(select.slot),
            Piece::Text(_)
            | Piece::Constant { .. }
            | Piece::Alternatives(_)
            | Piece::SegmentSelect(_) => None,
        }
    }
}

impl Template {
    /// Whether the template chooses words by the customer segment (`{segment ? …}`), in any
    /// branch of free variation too.
    pub fn chooses_by_segment(&self) -> bool {
        fn any(pieces: &[Piece]) -> bool {
            pieces.iter().any(|piece| match piece {
                Piece::SegmentSelect(_) => true,
                Piece::Alternatives(alternatives) => {
                    alternatives.branches.iter().any(|branch| any(branch))
                }
                Piece::Text(_) | Piece::Slot { .. } | Piece::Constant { .. } | Piece::Select(_) => {
                    false
                }
            })
        }
        any(&self.pieces)
    }
}

pub use crate::syntax::ast::Modal;

/// Adds the slots `pieces` show (values and enum choices; every branch of free variation
/// counts) to `slots`, in order of first use, each once.
pub fn collect_slots(pieces: &[Piece], slots: &mut Vec<SlotIdx>) {
    for piece in pieces {
        if let Some(slot) = piece.slot()
            && !slots.contains(&slot)
        {
            slots.push(slot);
        }
        if let Piece::Alternatives(alternatives) = piece {
            for branch in &alternatives.branches {
                collect_slots(branch, slots);
            }
        }
    }
}

/// `{slot ? a | b}`: the text for each value of an enum slot, in the enum's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Select {
    pub slot: SlotIdx,
    pub choices: Box<[CompactString]>,
    pub span: Span,
}

impl Model {
    /// A phrase text (a [`Piece::Text`]) with its escapes decoded; empty if its file is not
    /// one of the model's.
    pub fn text(&self, span: Span) -> Cow<'_, str> {
        let raw = self
            .sources
            .binary_search_by_key(&span.file, |(file, _)| *file)
            .ok()
            .and_then(|idx| self.sources[idx].1.get(span.range()))
            .unwrap_or_default();
        crate::syntax::unescape(raw)
    }

    /// Finds an article by number.
    pub fn article(&self, number: u32) -> Option<&Article> {
        self.articles
            .iter()
            .find(|article| article.number == number)
    }

    pub fn segment_by_name(&self, name: &str) -> Option<SegmentIdx> {
        self.segments
            .iter()
            .position(|segment| segment.name == name)
    }

    pub fn slot_by_name(&self, name: &str) -> Option<SlotIdx> {
        self.slots.iter().position(|slot| slot.name == name)
    }

    /// The name of a dimension's value, for messages and output.
    pub fn value_name(&self, dimension: Dimension, value: ValueIdx) -> &str {
        match dimension {
            Dimension::Segment => &self.segments[value].name,
            Dimension::Fact(fact) => &self.facts[fact].values[value].name,
        }
    }

    /// A test as the rule language writes it: `cause = ours`, `segment not in {a, b}`.
    pub fn test_text(&self, test: &Test) -> String {
        let values: Vec<&str> = test
            .values
            .iter()
            .map(|&value| self.value_name(test.dimension, value))
            .collect();
        let subject = self.dimension_name(test.dimension);
        match test.operator {
            Operator::Equal | Operator::NotEqual => {
                format!("{subject} {} {}", test.operator.as_str(), values.join(", "))
            }
            Operator::In | Operator::NotIn => format!(
                "{subject} {} {{{}}}",
                test.operator.as_str(),
                values.join(", ")
            ),
        }
    }

    /// A condition's written tests as the rule language writes them, joined by `and`; `None`
    /// when nothing is written (a section's segment is not: it is the article's segments).
    pub fn condition_text(&self, condition: &Condition) -> Option<String> {
        let tests: Vec<String> = condition
            .tests
            .iter()
            .filter(|test| test.origin == TestOrigin::Written)
            .map(|test| self.test_text(test))
            .collect();
        (!tests.is_empty()).then(|| tests.join(" and "))
    }

    pub fn dimension_name(&self, dimension: Dimension) -> &str {
        match dimension {
            Dimension::Segment => "segment",
            Dimension::Fact(fact) => &self.facts[fact].name,
        }
    }
}

// The model is kept a small multiple of the source (issue 2): pieces are the many nodes, so
// their size is held here.
#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(std::mem::size_of::<Piece>() == 16);
    assert!(std::mem::size_of::<BodyItem>() <= 48);
};
