//! What applies in one situation: given the values of the facts and the customer's segment,
//! the article (and case) each decision chooses, by the precedence the checker uses
//! (segment-specific before general), or that `never` rules the situation out, or that no
//! article covers it. This is `phrasec render --given`; a test holds it to the decision
//! tables the checker computes (the JSON `selection`).

use std::collections::BTreeMap;

use crate::check::model::{
    Article, BodyItem, Condition, DecisionIdx, Dimension, FactIdx, Model, SegmentIdx, ValueIdx,
};
use crate::diagnostics::{Code, Diagnostic};
use crate::render::{
    LineKind, RenderOptions, RenderedArticle, Variants, parse_slot_arguments, render_article,
    to_text,
};

/// The situation a caller is in: a value for facts, and the customer's segment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Situation {
    pub segment: Option<SegmentIdx>,
    pub values: BTreeMap<FactIdx, ValueIdx>,
}

/// An article, or one case of it, that applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Applying {
    pub article: usize,
    /// The case's 1-based position among the article's cases.
    pub case: Option<usize>,
    pub precedence: Precedence,
}

/// Which applying rules win: those for the customer's segment before general ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precedence {
    General,
    SegmentSpecific,
}

/// What a decision does in a situation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `chosen` applies and wins over `beaten` (which apply too, with lower precedence).
    Chosen {
        chosen: Applying,
        beaten: Vec<Applying>,
    },
    /// Several apply with the same precedence (the checker reports E0203).
    Tied(Vec<Applying>),
    /// Nothing applies (the checker warns: W0201).
    Uncovered,
    /// A `never` rule (its index) rules the situation out.
    Impossible { rule: usize },
}

/// A decision and its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionOutcome {
    pub decision: DecisionIdx,
    pub outcome: Outcome,
}

/// Reads `FACT=VALUE` pairs and a segment name into a situation; unknown names are E0103
/// (fact), E0104 (value) and E0102 (segment), a fact given twice E0305. Without a segment
/// name, the segment is the rule set's default segment, if it declares one.
pub fn parse_situation(
    model: &Model,
    given: &[(String, String)],
    segment: Option<&str>,
) -> Result<Situation, Vec<Diagnostic>> {
    let mut situation = Situation::default();
    let mut problems = Vec::new();
    for (fact_name, value_name) in given {
        let Some(fact) = model.facts.iter().position(|f| f.name == *fact_name) else {
            let names: Vec<&str> = model.facts.iter().map(|f| f.name.as_str()).collect();
            problems.push(
                Diagnostic::new(Code::E0103, format!("there is no fact `{fact_name}`"))
                    .help(format!("the facts are `{}`", names.join("`, `"))),
            );
            continue;
        };
        let values = &model.facts[fact].values;
        let Some(value) = values.iter().position(|v| v.name == *value_name) else {
            let names: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
            problems.push(
                Diagnostic::new(
                    Code::E0104,
                    format!("the fact `{fact_name}` has no value `{value_name}`"),
                )
                .help(format!("its values are `{}`", names.join("`, `"))),
            );
            continue;
        };
        if situation.values.insert(fact, value).is_some() {
            problems.push(
                Diagnostic::new(Code::E0305, format!("`{fact_name}` is given twice"))
                    .help("give each fact once"),
            );
        }
    }
    match segment {
        Some(name) => match segment_named(model, name) {
            Ok(found) => situation.segment = Some(found),
            Err(problem) => problems.push(problem),
        },
        // A caller outside every named segment belongs to the default segment, if any.
        None => situation.segment = model.default_segment,
    }
    match problems.is_empty() {
        true => Ok(situation),
        false => Err(problems),
    }
}

/// The segment called `name`; E0102, with the segments, when there is none.
pub fn segment_named(model: &Model, name: &str) -> Result<SegmentIdx, Diagnostic> {
    model.segment_by_name(name).ok_or_else(|| {
        let names: Vec<&str> = model.segments.iter().map(|s| s.name.as_str()).collect();
        Diagnostic::new(
            Code::E0102,
            format!("there is no customer segment `{name}`"),
        )
        .help(format!("the segments are `{}`", names.join("`, `")))
    })
}

/// The outcome of every decision whose facts (and segment, when the rule set has segments)
/// the situation gives, in the order of the decisions. E0307 when it gives none.
pub fn choose(model: &Model, situation: &Situation) -> Result<Vec<DecisionOutcome>, Diagnostic> {
    let segment_known = model.segments.is_empty() || situation.segment.is_some();
    let outcomes: Vec<DecisionOutcome> = model
        .decisions
        .iter()
        .enumerate()
        .filter(|(_, decision)| {
            segment_known
                && decision
                    .facts
                    .iter()
                    .all(|fact| situation.values.contains_key(fact))
        })
        .map(|(idx, _)| DecisionOutcome {
            decision: idx,
            outcome: decide(model, idx, situation),
        })
        .collect();
    if outcomes.is_empty() {
        let needs: Vec<String> = model
            .decisions
            .iter()
            .map(|decision| {
                let mut names: Vec<&str> = decision
                    .facts
                    .iter()
                    .map(|&fact| model.facts[fact].name.as_str())
                    .collect();
                if !model.segments.is_empty() {
                    names.push("--segment");
                }
                format!("`{}` needs {}", decision.name, names.join(", "))
            })
            .collect();
        let help = match needs.is_empty() {
            true => {
                "the rule set has no decisions: render an article with `--article N`".to_owned()
            }
            false => format!("give every fact of a decision: {}", needs.join("; ")),
        };
        return Err(Diagnostic::new(
            Code::E0307,
            "the situation does not give every fact of any decision",
        )
        .help(help));
    }
    Ok(outcomes)
}

/// What decision `decision` does in `situation`, which gives all its facts.
fn decide(model: &Model, decision: DecisionIdx, situation: &Situation) -> Outcome {
    // A `never` rule counts for a decision when it tests only the decision's facts and the
    // segment, as in the checker's analysis.
    let facts = &model.decisions[decision].facts;
    let within = |condition: &Condition| {
        condition.tests.iter().all(|test| match test.dimension {
            Dimension::Segment => true,
            Dimension::Fact(fact) => facts.contains(&fact),
        })
    };
    if let Some(rule) = model
        .impossible
        .iter()
        .position(|never| within(&never.condition) && holds(&never.condition, situation))
    {
        return Outcome::Impossible { rule };
    }
    let mut applying = Vec::new();
    for (idx, article) in model.articles.iter().enumerate() {
        if article.decision == Some(decision) && holds(&article.condition, situation) {
            applying.extend(applying_parts(model, idx, article, situation));
        }
    }
    let Some(best) = applying.iter().map(|a| a.precedence).max() else {
        return Outcome::Uncovered;
    };
    let (winners, beaten): (Vec<Applying>, Vec<Applying>) =
        applying.into_iter().partition(|a| a.precedence == best);
    match winners.as_slice() {
        [chosen] => Outcome::Chosen {
            chosen: *chosen,
            beaten,
        },
        _ => Outcome::Tied(winners),
    }
}

/// The parts of an article that apply: each case whose condition holds and, when the article
/// says something outside its cases, the article itself.
fn applying_parts(
    model: &Model,
    idx: usize,
    article: &Article,
    situation: &Situation,
) -> Vec<Applying> {
    let n_segments = model.segments.len();
    let article_segments = article.segments_allowed(n_segments);
    let precedence = |segments: usize| match segments < n_segments {
        true => Precedence::SegmentSpecific,
        false => Precedence::General,
    };
    let mut parts: Vec<Applying> = article
        .cases()
        .enumerate()
        .filter(|(_, case)| holds(&case.condition, situation))
        .map(|(position, case)| {
            let segments = article_segments
                .iter()
                .filter(|&&segment| segment_tests_allow(&case.condition, segment))
                .count();
            Applying {
                article: idx,
                case: Some(position + 1),
                precedence: precedence(segments),
            }
        })
        .collect();
    // The article itself applies when it says something outside its cases (or nothing).
    let has_plain_body = article.body.is_empty()
        || article
            .body
            .iter()
            .any(|item| !matches!(item, BodyItem::Case(_)));
    if has_plain_body {
        parts.push(Applying {
            article: idx,
            case: None,
            precedence: precedence(article_segments.len()),
        });
    }
    parts
}

fn segment_tests_allow(condition: &Condition, segment: SegmentIdx) -> bool {
    condition
        .tests
        .iter()
        .filter(|test| test.dimension == Dimension::Segment)
        .all(|test| test.allowed.contains(segment))
}

/// Whether every test of `condition` holds in `situation` (a test of a fact or segment the
/// situation does not give does not hold).
fn holds(condition: &Condition, situation: &Situation) -> bool {
    condition.tests.iter().all(|test| {
        let value = match test.dimension {
            Dimension::Segment => situation.segment,
            Dimension::Fact(fact) => situation.values.get(&fact).copied(),
        };
        value.is_some_and(|value| test.allowed.contains(value))
    })
}

/// One decision's answer to a situation: its outcome and, when an article is chosen, that
/// article rendered as staff say it (its cases for other situations left out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub decision: DecisionIdx,
    pub outcome: Outcome,
    pub rendered: Option<RenderedArticle>,
}

/// What is said in a situation: `FACT=VALUE` pairs, the segment and `--slot` values in, each
/// decision's answer out. With one article chosen, `slots` are checked against it as for
/// `render --article` (E0301, E0304, E0305); with several, a slot one of them does not use is
/// not an error.
pub fn answer(
    model: &Model,
    given: &[(String, String)],
    segment: Option<&str>,
    slots: &[(String, String)],
    variants: Variants,
) -> Result<Vec<Answer>, Vec<Diagnostic>> {
    let situation = parse_situation(model, given, segment)?;
    let outcomes = choose(model, &situation).map_err(|problem| vec![problem])?;
    let n_chosen = outcomes
        .iter()
        .filter(|o| matches!(o.outcome, Outcome::Chosen { .. }))
        .count();
    let mut answers = Vec::new();
    let mut problems = Vec::new();
    for DecisionOutcome { decision, outcome } in outcomes {
        let rendered = match &outcome {
            Outcome::Chosen { chosen, .. } => {
                let article = &model.articles[chosen.article];
                let (values, slot_problems) = parse_slot_arguments(model, article.number, slots);
                problems.extend(
                    slot_problems
                        .into_iter()
                        .filter(|p| n_chosen == 1 || p.code != Code::E0304),
                );
                let options = RenderOptions {
                    segment: situation.segment,
                    values,
                    variants,
                };
                let (rendered, problem) = match render_case(model, article, chosen.case, &options) {
                    Ok(rendered) => (Some(rendered), None),
                    Err(problem) => (None, Some(problem)),
                };
                problems.extend(problem);
                rendered
            }
            _ => None,
        };
        answers.push(Answer {
            decision,
            outcome,
            rendered,
        });
    }
    match problems.is_empty() {
        true => Ok(answers),
        false => Err(problems),
    }
}

/// The article rendered for the situation's segment; when a case is chosen, only that case
/// and what the article says outside its cases.
fn render_case(
    model: &Model,
    article: &Article,
    case: Option<usize>,
    options: &RenderOptions,
) -> Result<RenderedArticle, Diagnostic> {
    let mut rendered = render_article(model, article.number, options)?;
    if let Some(chosen) = case {
        let mut case_number = 0;
        rendered.lines.retain(|line| match line.kind {
            LineKind::Case { .. } => {
                case_number += 1;
                case_number == chosen
            }
            _ => true,
        });
    }
    Ok(rendered)
}

/// The line that says what a decision does, in the words of the source: `【客户询问故障原因】适用
/// 第57条（限于该客户群，优先于第40条）`.
pub fn describe(model: &Model, answer: &Answer) -> String {
    let decision = &model.decisions[answer.decision];
    let head = format!("【{}】", decision.label);
    let name = |applying: &Applying| {
        let article = &model.articles[applying.article];
        let number = article.number;
        let label = applying
            .case
            .and_then(|position| article.case(position))
            .and_then(|case| case.label.as_deref());
        match (applying.case, label) {
            (_, Some(label)) => format!("第{number}条【{label}】"),
            (Some(case), None) => format!("第{number}条（情形{case}）"),
            (None, None) => format!("第{number}条"),
        }
    };
    match &answer.outcome {
        Outcome::Chosen { chosen, beaten } => {
            let mut why = Vec::new();
            if chosen.precedence == Precedence::SegmentSpecific {
                why.push("限于该客户群".to_owned());
            }
            if !beaten.is_empty() {
                let names: Vec<String> = beaten.iter().map(name).collect();
                why.push(format!("优先于{}", names.join("、")));
            }
            match why.is_empty() {
                true => format!("{head}适用{}", name(chosen)),
                false => format!("{head}适用{}（{}）", name(chosen), why.join("，")),
            }
        }
        Outcome::Tied(applying) => {
            let names: Vec<String> = applying.iter().map(name).collect();
            format!("{head}{}同时适用（E0203）", names.join("与"))
        }
        Outcome::Uncovered => format!("{head}没有适用的条款（W0201）"),
        Outcome::Impossible { rule } => match &model.impossible[*rule].reason {
            Some(reason) => format!("{head}此情形不可能：{reason}"),
            None => format!("{head}此情形不可能"),
        },
    }
}

/// The answers as JSON: per decision, its name, what happens and the text said.
pub fn to_json(model: &Model, answers: &[Answer]) -> String {
    let records: Vec<JsonAnswer<'_>> = answers
        .iter()
        .map(|answer| {
            let number = |applying: &Applying| model.articles[applying.article].number;
            let (outcome, chosen, beaten) = match &answer.outcome {
                Outcome::Chosen { chosen, beaten } => ("chosen", Some(chosen), beaten.as_slice()),
                Outcome::Tied(_) => ("tied", None, &[][..]),
                Outcome::Uncovered => ("uncovered", None, &[][..]),
                Outcome::Impossible { .. } => ("impossible", None, &[][..]),
            };
            JsonAnswer {
                decision: &model.decisions[answer.decision].name,
                outcome,
                article: chosen.map(number),
                case: chosen.and_then(|c| c.case),
                precedence: chosen.map(|c| match c.precedence {
                    Precedence::SegmentSpecific => "segment-specific",
                    Precedence::General => "general",
                }),
                beaten: beaten.iter().map(number).collect(),
                described: describe(model, answer),
                text: answer.rendered.as_ref().map(to_text),
            }
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&records).unwrap_or_default();
    json.push('\n');
    json
}

#[derive(serde::Serialize)]
struct JsonAnswer<'a> {
    decision: &'a str,
    outcome: &'static str,
    article: Option<u32>,
    case: Option<usize>,
    precedence: Option<&'static str>,
    beaten: Vec<u32>,
    described: String,
    text: Option<String>,
}
