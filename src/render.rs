//! Renders an article's phrases as staff would say them: the interpreter of templates.
//!
//! Reads only the checked model. Missing slot values become visible placeholders (`〔名称〕`).

use std::collections::{BTreeMap, BTreeSet};

use crate::check::model::*;
use crate::check::values::{SlotValue, parse_slot_value};
use crate::diagnostics::{Code, Diagnostic};

/// How free-variation alternatives (`[对不起|非常抱歉]`) are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Variants {
    /// The first, canonical choice only.
    #[default]
    Canonical,
    /// Every choice, joined with `/`, as the source document writes them.
    All,
}

/// What to render with.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    pub segment: Option<SegmentIdx>,
    pub values: BTreeMap<SlotIdx, SlotValue>,
    pub variants: Variants,
}

/// One rendered option: a phrase, or a non-verbal action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenderedOption {
    Say {
        text: String,
        /// `must` (应使用) or `may` (可使用).
        modal: Modal,
        /// The phrase's language tag; `None` for Chinese.
        language: Option<String>,
    },
    Act {
        name: String,
        label: String,
        /// The value of the slot or constant the action takes (`〔label〕` when not given).
        argument: Option<String>,
        /// A note to staff, as written.
        note: Option<String>,
        /// The condition to go on after the action, as written.
        until: Option<String>,
    },
}

/// What kind of body item a rendered line comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineKind {
    Phrase,
    Guidance,
    Case {
        label: Option<String>,
    },
    Step {
        number: usize,
        label: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedLine {
    pub kind: LineKind,
    /// For guidance, a single `Say` holding the guidance text.
    pub options: Vec<RenderedOption>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedArticle {
    pub number: u32,
    pub title: String,
    pub incomplete: Option<String>,
    pub lines: Vec<RenderedLine>,
}

/// Parses `NAME=VALUE` pairs against the slots of article `number`: an unknown name or a
/// constant (E0301), a slot the article does not use (E0304) and a name given twice (E0305)
/// are reported, as is a value that does not fit its slot (E0301). When there is no such
/// article, names are checked against the whole rule set (`render_article` reports E0302).
pub fn parse_slot_arguments(
    model: &Model,
    number: u32,
    arguments: &[(String, String)],
) -> (BTreeMap<SlotIdx, SlotValue>, Vec<Diagnostic>) {
    let article = model.article(number);
    let used = article.map(Article::slots);
    let mut values = BTreeMap::new();
    let mut given = BTreeSet::new();
    let mut diagnostics = Vec::new();
    for (name, raw) in arguments {
        if !given.insert(name.as_str()) {
            diagnostics.push(
                Diagnostic::new(Code::E0305, format!("the slot `{name}` is given twice"))
                    .help(format!("give `--slot {name}=…` once")),
            );
            continue;
        }
        let Some(slot_idx) = model.slot_by_name(name) else {
            diagnostics.push(unknown_slot(model, article, name));
            continue;
        };
        if let (Some(article), Some(used)) = (article, &used)
            && !used.contains(&slot_idx)
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::E0304,
                    format!("article {} does not use the slot `{name}`", article.number),
                )
                .help(uses(model, article, used)),
            );
            continue;
        }
        let slot = &model.slots[slot_idx];
        match parse_slot_value(&slot.ty, raw) {
            Ok(value) => {
                values.insert(slot_idx, value);
            }
            Err(expected) => diagnostics.push(
                Diagnostic::new(
                    Code::E0301,
                    format!(
                        "`{raw}` is not a valid value for the slot `{name}` of type `{}`",
                        slot.ty.keyword()
                    ),
                )
                .help(format!("`{name}` ({}) takes {expected}", slot.label)),
            ),
        }
    }
    (values, diagnostics)
}

/// E0301 for a `--slot` name that is no slot: a constant is named as one; otherwise the help
/// suggests or lists the article's own slots (all slots when there is no such article).
fn unknown_slot(model: &Model, article: Option<&Article>, name: &str) -> Diagnostic {
    if let Some(constant) = model.constants.iter().find(|c| c.name == name) {
        return Diagnostic::new(Code::E0301, format!("`{name}` is a constant, not a slot")).help(
            format!(
                "its value is fixed in the rule file (`{}`); remove `--slot {name}=…`",
                constant.value
            ),
        );
    }
    let candidates: Vec<SlotIdx> = match article {
        Some(article) => article.slots(),
        None => (0..model.slots.len()).collect(),
    };
    let names: Vec<&str> = candidates
        .iter()
        .map(|&slot| model.slots[slot].name.as_str())
        .collect();
    let help = match (
        crate::check::suggest::did_you_mean(name, names.iter().copied()),
        article,
    ) {
        (Some(best), _) => format!("did you mean `{best}`?"),
        (None, Some(article)) => uses(model, article, &candidates),
        (None, None) if names.is_empty() => "the rule set declares no slots".to_owned(),
        (None, None) => format!("the slots are {}", quoted(&names)),
    };
    Diagnostic::new(Code::E0301, format!("there is no slot `{name}`")).help(help)
}

/// `article 1 uses `name`, `gender``, or that it uses none.
fn uses(model: &Model, article: &Article, used: &[SlotIdx]) -> String {
    let names: Vec<&str> = used
        .iter()
        .map(|&slot| model.slots[slot].name.as_str())
        .collect();
    match names.is_empty() {
        true => format!("article {} uses no slot", article.number),
        false => format!("article {} uses {}", article.number, quoted(&names)),
    }
}

/// Renders the article with the given number.
pub fn render_article(
    model: &Model,
    number: u32,
    options: &RenderOptions,
) -> Result<RenderedArticle, Diagnostic> {
    let Some(article) = model.article(number) else {
        let numbers: Vec<String> = model
            .articles
            .iter()
            .map(|a| a.number.to_string())
            .collect();
        let help = match numbers.as_slice() {
            [] => "the rule set has no articles".to_owned(),
            [only] => format!("the rule set has only article {only}"),
            _ => format!("the rule set has articles {}", compress_numbers(&numbers)),
        };
        return Err(
            Diagnostic::new(Code::E0302, format!("there is no article {number}")).help(help),
        );
    };
    if let Some(segment) = options.segment {
        let allowed = article.segments_allowed(model.segments.len());
        if !allowed.contains(&segment) {
            let names: Vec<&str> = allowed
                .iter()
                .map(|&s| model.segments[s].name.as_str())
                .collect();
            return Err(Diagnostic::new(
                Code::E0303,
                format!(
                    "article {number} does not apply to the segment `{}`",
                    model.segments[segment].name
                ),
            )
            .help(if names.is_empty() {
                "it applies to no segment: its conditions exclude them all".to_owned()
            } else {
                format!("it applies only to {}", quoted(&names))
            }));
        }
    }
    let renderer = Renderer { model, options };
    if let Some(segment) = options.segment {
        no_case_for_segment(model, article, &renderer, segment)?;
    }
    let mut lines = Vec::new();
    let mut step_number = 0;
    for item in &article.body {
        let line = match item {
            BodyItem::Guidance { text, .. } => RenderedLine {
                kind: LineKind::Guidance,
                options: vec![RenderedOption::Say {
                    text: text.clone(),
                    modal: Modal::Must,
                    language: None,
                }],
            },
            BodyItem::Utterances(utterances) => RenderedLine {
                kind: LineKind::Phrase,
                options: renderer.utterances(utterances),
            },
            BodyItem::Case(case) => {
                let Case {
                    label,
                    condition,
                    utterances,
                    ..
                } = &**case;
                if !renderer.segment_admits(condition) {
                    continue;
                }
                RenderedLine {
                    kind: LineKind::Case {
                        label: label.clone(),
                    },
                    options: renderer.utterances(utterances),
                }
            }
            BodyItem::Step(step) => {
                let Step {
                    label,
                    condition,
                    utterances,
                    ..
                } = &**step;
                step_number += 1;
                let shown_label = label
                    .clone()
                    .or_else(|| condition.as_ref().map(|c| describe_condition(model, c)));
                RenderedLine {
                    kind: LineKind::Step {
                        number: step_number,
                        label: shown_label,
                    },
                    options: renderer.utterances(utterances),
                }
            }
        };
        lines.push(line);
    }
    Ok(RenderedArticle {
        number: article.number,
        title: article.title.clone(),
        incomplete: article.incomplete.as_deref().map(str::to_owned),
        lines,
    })
}

/// E0306 when the article's phrases are all cases and none applies to `segment`.
fn no_case_for_segment(
    model: &Model,
    article: &Article,
    renderer: &Renderer<'_>,
    segment: SegmentIdx,
) -> Result<(), Diagnostic> {
    let mut case_labels = Vec::new();
    for item in &article.body {
        match item {
            BodyItem::Case(case) if renderer.segment_admits(&case.condition) => return Ok(()),
            BodyItem::Case(case) => case_labels.push(case.label.as_deref().unwrap_or("…")),
            BodyItem::Utterances(_) | BodyItem::Step(_) | BodyItem::Guidance { .. } => {
                return Ok(());
            }
        }
    }
    if case_labels.is_empty() {
        return Ok(());
    }
    Err(Diagnostic::new(
        Code::E0306,
        format!(
            "no case of article {} applies to the segment `{}`",
            article.number, model.segments[segment].name
        ),
    )
    .note(format!("its cases are {}", quoted(&case_labels)))
    .help("render it for a segment one of its cases names, or add a case for this segment"))
}

/// Renders one template to text.
pub fn render_template(model: &Model, template: &Template, options: &RenderOptions) -> String {
    render_pieces(model, &template.pieces, options)
}

/// Renders pieces (of a template, or an action's argument) to text.
pub fn render_pieces(model: &Model, pieces: &[Piece], options: &RenderOptions) -> String {
    let renderer = Renderer { model, options };
    let mut out = String::new();
    renderer.pieces(pieces, &mut out);
    out
}

struct Renderer<'a> {
    model: &'a Model,
    options: &'a RenderOptions,
}

impl Renderer<'_> {
    fn segment_admits(&self, condition: &Condition) -> bool {
        let Some(segment) = self.options.segment else {
            return true;
        };
        condition
            .tests
            .iter()
            .filter(|test| test.dimension == Dimension::Segment)
            .all(|test| test.allowed.contains(segment))
    }

    fn utterances(&self, utterances: &Utterances) -> Vec<RenderedOption> {
        utterances
            .options
            .iter()
            .map(|option| match option {
                Utterance::Say(template) => {
                    let mut out = String::new();
                    self.pieces(&template.pieces, &mut out);
                    RenderedOption::Say {
                        text: out,
                        modal: template.modal,
                        language: template.language.as_deref().map(str::to_owned),
                    }
                }
                Utterance::Act {
                    action, details, ..
                } => {
                    let details = details.as_deref();
                    RenderedOption::Act {
                        name: self.model.actions[*action].name.clone(),
                        label: self.model.actions[*action].label.clone(),
                        argument: details.and_then(|d| d.argument.as_ref()).map(|argument| {
                            let mut out = String::new();
                            self.pieces(std::slice::from_ref(argument), &mut out);
                            out
                        }),
                        note: details.and_then(|d| d.note.clone()),
                        until: details.and_then(|d| d.until.clone()),
                    }
                }
            })
            .collect()
    }

    fn pieces(&self, pieces: &[Piece], out: &mut String) {
        for piece in pieces {
            match piece {
                Piece::Text(span) => out.push_str(&self.model.text(*span)),
                Piece::Constant { constant, .. } => {
                    out.push_str(&self.model.constants[*constant].value);
                }
                Piece::Slot { slot, .. } => match self.options.values.get(slot) {
                    Some(SlotValue::Text(text)) => out.push_str(text),
                    Some(SlotValue::Enum(value)) => {
                        out.push_str(&enum_label(self.model, *slot, *value))
                    }
                    None => {
                        out.push('〔');
                        out.push_str(&self.model.slots[*slot].label);
                        out.push('〕');
                    }
                },
                Piece::Select(select) => match self.options.values.get(&select.slot) {
                    Some(SlotValue::Enum(value)) => {
                        out.push_str(
                            select
                                .choices
                                .get(*value)
                                .map_or("", compact_str::CompactString::as_str),
                        );
                    }
                    _ => out.push_str(&select.choices.join("/")),
                },
                Piece::SegmentSelect(select) => match self.options.segment {
                    Some(segment) => out.push_str(select.text(segment)),
                    None => out.push_str(&select.distinct_texts().join("/")),
                },
                Piece::Alternatives(alternatives) => match self.options.variants {
                    Variants::Canonical => {
                        if let Some(first) = alternatives.branches.first() {
                            self.pieces(first, out);
                        }
                    }
                    Variants::All => {
                        for (idx, branch) in alternatives.branches.iter().enumerate() {
                            if idx > 0 {
                                out.push('/');
                            }
                            self.pieces(branch, out);
                        }
                    }
                },
            }
        }
    }
}

/// A condition in the labels policy editors use: `改说普通话后：仍然听不懂或无法沟通`.
pub fn describe_condition(model: &Model, condition: &Condition) -> String {
    let parts: Vec<String> = condition
        .tests
        .iter()
        .map(|test| {
            let (subject, labels): (&str, Vec<&str>) = match test.dimension {
                Dimension::Segment => (
                    "客户群",
                    test.allowed
                        .iter()
                        .map(|v| model.segments[v].label.as_str())
                        .collect(),
                ),
                Dimension::Fact(fact) => (
                    model.facts[fact].label.as_str(),
                    test.allowed
                        .iter()
                        .map(|v| model.facts[fact].values[v].label.as_str())
                        .collect(),
                ),
            };
            format!("{subject}：{}", labels.join("或"))
        })
        .collect();
    parts.join("，")
}

fn enum_label(model: &Model, slot: SlotIdx, value: ValueIdx) -> String {
    match &model.slots[slot].ty {
        SlotType::Enum { values } => values
            .get(value)
            .map(|v| v.label.clone())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// `a, b` → `` `a`, `b` ``: names the user wrote are shown in backticks.
fn quoted(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    quoted.join(", ")
}

/// `30, 31, 32, 40` → `30–32, 40`.
fn compress_numbers(numbers: &[String]) -> String {
    let parsed: Vec<u32> = numbers.iter().filter_map(|n| n.parse().ok()).collect();
    let mut runs: Vec<String> = Vec::new();
    let mut idx = 0;
    while idx < parsed.len() {
        let start = parsed[idx];
        let mut end = start;
        while idx + 1 < parsed.len() && parsed[idx + 1] == end + 1 {
            idx += 1;
            end = parsed[idx];
        }
        runs.push(if start == end {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
        idx += 1;
    }
    runs.join(", ")
}

/// An action as staff read it: `［转接至：客服部］（出示工作证）（直到：客户情绪平复后）`.
pub fn act_text(
    label: &str,
    argument: Option<&str>,
    note: Option<&str>,
    until: Option<&str>,
) -> String {
    let mut out = match argument {
        Some(argument) => format!("［{label}：{argument}］"),
        None => format!("［{label}］"),
    };
    if let Some(note) = note {
        out.push_str(&format!("（{note}）"));
    }
    if let Some(until) = until {
        out.push_str(&format!("（直到：{until}）"));
    }
    out
}

/// Formats a rendered article as text, one phrase per line.
pub fn to_text(article: &RenderedArticle) -> String {
    let mut out = format!("第{}条 {}\n", article.number, article.title);
    for line in &article.lines {
        let prefix = match &line.kind {
            LineKind::Phrase => String::new(),
            LineKind::Guidance => "（指引）".to_owned(),
            LineKind::Case { label } => match label {
                Some(label) => format!("【{label}】"),
                None => "【分情形】".to_owned(),
            },
            LineKind::Step { number, label } => match label {
                Some(label) => format!("{number}. （{label}）"),
                None => format!("{number}. "),
            },
        };
        for (idx, option) in line.options.iter().enumerate() {
            let joiner = if idx == 0 { "  " } else { "  或 " };
            let text = match option {
                RenderedOption::Say {
                    text,
                    modal,
                    language,
                } => {
                    let mut shown = format!("“{text}”");
                    if *modal == Modal::May {
                        shown.push_str("（可使用）");
                    }
                    if let Some(language) = language {
                        shown.push_str(&format!("（语言：{language}）"));
                    }
                    shown
                }
                RenderedOption::Act {
                    label,
                    argument,
                    note,
                    until,
                    ..
                } => act_text(
                    label,
                    argument.as_deref(),
                    note.as_deref(),
                    until.as_deref(),
                ),
            };
            let shown = if line.kind == LineKind::Guidance {
                match option {
                    RenderedOption::Say { text, .. } => text.clone(),
                    RenderedOption::Act { .. } => text,
                }
            } else {
                text
            };
            out.push_str(&format!("{joiner}{prefix}{shown}\n"));
        }
    }
    if let Some(reason) = &article.incomplete {
        out.push_str(&format!("  （不完整：{reason}）\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compresses_runs_of_numbers() {
        let numbers: Vec<String> = [30, 31, 32, 40, 42, 43]
            .iter()
            .map(u32::to_string)
            .collect();
        assert_eq!(compress_numbers(&numbers), "30–32, 40, 42–43");
    }
}
