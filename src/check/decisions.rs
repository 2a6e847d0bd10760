//! Coverage of each decision over its facts and the customer segment: gaps (with grouped
//! witnesses), overlaps of equal precedence, shadowed articles, and segment asymmetries.
//!
//! Precedence: an article or case restricted to some segments wins over a general one.

use std::cell::{Cell, OnceCell};
use std::collections::BTreeMap;

use super::conditions::condition_span;
use super::coverage::{
    CoverageInput, CoverageReport, CoverageRule, Cube, LeafFilter, LeafOutcome, LeafRecording,
    OverlapRecording, WORK_BUDGET, analyse, analyse_pruned_within, merge_cubes,
};
use super::model::{BodyItem, Case, Condition, DecisionIdx, Dimension, Model};
use super::space::Space;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;
use rayon::prelude::*;

/// At most this many witnesses are listed per diagnostic.
pub const MAX_WITNESSES: usize = 8;

/// At most this many overlap (E0203), never-chosen (W0202) and segment-asymmetry (W0203)
/// diagnostics are reported per decision; the last one says how many more there were.
pub const MAX_PER_DECISION: usize = 20;

/// One rule of a decision: an article, or one case of an article.
#[derive(Clone, Debug)]
pub struct DecisionRule {
    pub article: usize,
    /// For a case: its position among the article's cases (1-based).
    pub case_number: Option<usize>,
    pub case_label: Option<String>,
    pub cube: Cube,
    pub level: u8,
    /// Where to point: the rule's condition, or the article number.
    pub span: Span,
}

/// Precedence level of a rule restricted to some segments.
pub const LEVEL_SEGMENT_SPECIFIC: u8 = 1;
/// Precedence level of a general rule.
pub const LEVEL_GENERAL: u8 = 0;

/// The rules, space and analysis of one decision.
pub struct DecisionCoverage {
    pub space: Space,
    pub rules: Vec<DecisionRule>,
    pub report: CoverageReport,
}

/// Builds the rules of a decision from its articles and cases.
pub fn decision_rules(model: &Model, decision: DecisionIdx, space: &Space) -> Vec<DecisionRule> {
    rules_of(model, &articles_of(model, decision), space)
}

/// The indices of the articles of a decision, in order.
fn articles_of(model: &Model, decision: DecisionIdx) -> Vec<usize> {
    (0..model.articles.len())
        .filter(|&idx| model.articles[idx].decision == Some(decision))
        .collect()
}

/// The rules of the articles `articles` (all of one decision, in order).
fn rules_of(model: &Model, articles: &[usize], space: &Space) -> Vec<DecisionRule> {
    let segment_dim = space.dims.len() - 1;
    let full = space.full();
    let level_of = |cube: &Cube| {
        if cube[segment_dim] & full[segment_dim] != full[segment_dim] {
            LEVEL_SEGMENT_SPECIFIC
        } else {
            LEVEL_GENERAL
        }
    };
    let mut rules = Vec::new();
    for &article_idx in articles {
        let article = &model.articles[article_idx];
        let Some(base) = space.cube(&article.condition) else {
            continue;
        };
        let article_span = span_or(&article.condition, article.number_span);
        let mut has_plain_body = false;
        let mut case_number = 0;
        for item in &article.body {
            let BodyItem::Case(case) = item else {
                has_plain_body = true;
                continue;
            };
            let Case {
                label, condition, ..
            } = &**case;
            case_number += 1;
            let mut cube = base.clone();
            if !space.restrict(&mut cube, condition) {
                continue;
            }
            rules.push(DecisionRule {
                article: article_idx,
                case_number: Some(case_number),
                case_label: label.clone(),
                level: level_of(&cube),
                cube,
                span: span_or(condition, article_span),
            });
        }
        if has_plain_body || article.body.is_empty() {
            rules.push(DecisionRule {
                article: article_idx,
                case_number: None,
                case_label: None,
                level: level_of(&base),
                cube: base,
                span: article_span,
            });
        }
    }
    rules
}

fn span_or(condition: &Condition, fallback: Span) -> Span {
    let span = condition_span(condition);
    if span == Span::default() {
        fallback
    } else {
        span
    }
}

/// Analyses one decision completely: the report lists every leaf.
pub fn analyse_decision(model: &Model, decision: DecisionIdx) -> Option<DecisionCoverage> {
    analyse_articles(
        model,
        decision,
        &articles_of(model, decision),
        Leaves::All,
        WORK_BUDGET,
    )
}

/// Which leaves an analysis lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Leaves {
    /// Every leaf (code generation and the diff read them all).
    All,
    /// Only those the checks below need: exact gaps, overlaps and flags, but only the leaves
    /// where a general article is chosen beside a segment-specific one (see
    /// [`AsymmetryFilter`]).
    ForChecks,
}

/// Analyses one decision whose articles are `articles`, listing the leaves `leaves` asks for.
fn analyse_articles(
    model: &Model,
    decision: DecisionIdx,
    articles: &[usize],
    leaves: Leaves,
    budget: usize,
) -> Option<DecisionCoverage> {
    let space = Space::for_decision(model, decision);
    if space.too_large() {
        return None;
    }
    let rules = rules_of(model, articles, &space);
    let impossible = model
        .impossible
        .iter()
        .filter_map(|never| space.cube(&never.condition))
        .collect();
    let input = CoverageInput {
        sizes: space.sizes.clone(),
        rules: rules
            .iter()
            .map(|rule| CoverageRule {
                cube: rule.cube.clone(),
                level: rule.level,
            })
            .collect(),
        impossible,
        leaf_recording: LeafRecording::Record,
        overlap_recording: OverlapRecording::Record,
    };
    let report = if leaves == Leaves::ForChecks {
        let segment_dim = space.dims.len() - 1;
        let specific: Vec<usize> = (0..rules.len())
            .filter(|&idx| rules[idx].level == LEVEL_SEGMENT_SPECIFIC)
            .collect();
        let filter = AsymmetryFilter {
            model,
            rules: &rules,
            specific,
            meeting: vec![OnceCell::new(); rules.len()],
            segment_dim,
            n_segments: space.sizes[segment_dim],
        };
        analyse_pruned_within(&input, &filter, budget)
    } else {
        analyse(&input)
    };
    Some(DecisionCoverage {
        space,
        rules,
        report,
    })
}

/// The chosen leaves [`Reporter::asymmetries`] looks at: general articles chosen for a
/// segment they are not kept for, where a segment-specific rule applies to the same facts.
struct AsymmetryFilter<'a> {
    model: &'a Model,
    rules: &'a [DecisionRule],
    /// The segment-specific rules.
    specific: Vec<usize>,
    /// Per rule, once asked: the segment-specific rules that share a case of its facts.
    meeting: Vec<OnceCell<Vec<usize>>>,
    segment_dim: usize,
    n_segments: usize,
}

impl LeafFilter for AsymmetryFilter<'_> {
    fn wants(&self, cube: &[u64], winners: &[usize]) -> bool {
        if self.model.segments.is_empty() || self.specific.is_empty() {
            return false;
        }
        if winners
            .iter()
            .any(|&w| self.rules[w].level != LEVEL_GENERAL)
        {
            return false;
        }
        let not_kept = (0..self.n_segments)
            .filter(|&segment| cube[self.segment_dim] & (1u64 << segment) != 0)
            .any(|segment| {
                winners.iter().any(|&general| {
                    !self.model.articles[self.rules[general].article]
                        .general_for
                        .contains(&segment)
                })
            });
        if !not_kept {
            return false;
        }
        // The cube lies within every winner, so only the specific rules that meet the facts of
        // the first winner can meet it.
        let Some(&first) = winners.first() else {
            return false;
        };
        let facts_meet = |a: &[u64], b: &[u64]| (0..self.segment_dim).all(|d| a[d] & b[d] != 0);
        let candidates = self.meeting[first].get_or_init(|| {
            self.specific
                .iter()
                .copied()
                .filter(|&specific| facts_meet(&self.rules[specific].cube, &self.rules[first].cube))
                .collect()
        });
        candidates
            .iter()
            .any(|&specific| facts_meet(&self.rules[specific].cube, cube))
    }
}

/// Runs the coverage checks of every decision, side by side on rayon's threads (decisions are
/// independent); the diagnostics come back in decision order.
pub fn check_decisions(model: &Model) -> Vec<Diagnostic> {
    let mut articles: Vec<Vec<usize>> = vec![Vec::new(); model.decisions.len()];
    for (idx, article) in model.articles.iter().enumerate() {
        if let Some(list) = article.decision.and_then(|d| articles.get_mut(d)) {
            list.push(idx);
        }
    }
    let budget = decision_budget(articles.iter().filter(|list| !list.is_empty()).count());
    // A few gappy decisions cost most, whatever their size, so they are handed out largest
    // first to whichever thread is free (`par_bridge`), then put back in decision order.
    let mut largest_first: Vec<DecisionIdx> = (0..articles.len()).collect();
    largest_first.sort_by_key(|&idx| std::cmp::Reverse(articles[idx].len()));
    let mut checked: Vec<(DecisionIdx, Vec<Diagnostic>)> = largest_first
        .into_iter()
        .par_bridge()
        .map(|decision_idx| {
            let mut diagnostics = Vec::new();
            check_decision(
                model,
                decision_idx,
                &articles[decision_idx],
                budget,
                &mut diagnostics,
            );
            (decision_idx, diagnostics)
        })
        .collect();
    checked.sort_unstable_by_key(|(decision_idx, _)| *decision_idx);
    checked
        .into_iter()
        .flat_map(|(_, diagnostics)| diagnostics)
        .collect()
}

/// The work budget of all decisions' coverage checks together (about 2.5 s in a release
/// build); each decision gets an equal share, between [`MIN_DECISION_BUDGET`] and
/// [`WORK_BUDGET`]. Fixed before any decision is checked, so it never depends on threads.
pub const TOTAL_WORK_BUDGET: usize = 200_000_000;
/// The least budget a decision gets, however many there are.
pub const MIN_DECISION_BUDGET: usize = 1_000_000;

/// The work budget of each of `n_decisions` decisions.
pub fn decision_budget(n_decisions: usize) -> usize {
    (TOTAL_WORK_BUDGET / n_decisions.max(1)).clamp(MIN_DECISION_BUDGET, WORK_BUDGET)
}

/// The coverage diagnostics of one decision, whose articles are `articles`, within `budget`.
fn check_decision(
    model: &Model,
    decision_idx: DecisionIdx,
    articles: &[usize],
    budget: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let decision = &model.decisions[decision_idx];
    let Some(coverage) = analyse_articles(model, decision_idx, articles, Leaves::ForChecks, budget)
    else {
        diagnostics.push(
            Diagnostic::new(
                Code::W0205,
                format!(
                    "coverage of the decision `{}` was not checked",
                    decision.name
                ),
            )
            .primary(
                decision.span,
                "a fact of this decision has more than 64 groups of values that conditions tell apart",
            )
            .help("split the fact into smaller facts, or name fewer of its values one by one"),
        );
        return;
    };
    let reporter = Reporter {
        model,
        decision: decision_idx,
        coverage: &coverage,
        listed: Cell::new(0),
        left_out: Cell::new(0),
        asymmetry_budget: ASYMMETRY_WORK_FACTOR * budget,
    };
    if coverage.report.truncated {
        diagnostics.push(
            Diagnostic::new(
                Code::W0205,
                format!(
                    "coverage of the decision `{}` was only partly checked",
                    decision.name
                ),
            )
            .primary(decision.span, "too many distinct cases to examine")
            .note(format!(
                "checked: the cases examined within the work budget ({budget} units), in the order of the decision's facts; the gaps and overlaps reported there are real"
            ))
            .note("not checked: the remaining cases, where gaps and overlaps may be missing; whether an article is never chosen (W0202) was not checked")
            .help("split the decision into smaller decisions, or write conditions that exclude each other"),
        );
    }
    reporter.gaps(diagnostics);
    reporter.overlaps(diagnostics);
    if !coverage.report.truncated {
        reporter.shadowed(diagnostics);
    }
    reporter.asymmetries(diagnostics);
    let left_out = reporter.left_out.get();
    if left_out > 0
        && let Some(last) = diagnostics.last_mut()
    {
        last.notes.push(format!(
            "and {left_out} more overlaps, never-chosen articles or segment asymmetries of `{}` are not listed (at most {MAX_PER_DECISION} per decision)",
            decision.name
        ));
    }
}

struct Reporter<'a> {
    model: &'a Model,
    decision: DecisionIdx,
    coverage: &'a DecisionCoverage,
    /// Diagnostics of the capped kinds reported so far, and left out past the cap.
    listed: Cell<usize>,
    left_out: Cell<usize>,
    /// Work units for [`Reporter::asymmetry_witnesses`].
    asymmetry_budget: usize,
}

impl Reporter<'_> {
    /// Whether one more diagnostic of the capped kinds may be reported (counts it either way).
    fn has_room(&self) -> bool {
        if self.listed.get() < MAX_PER_DECISION {
            self.listed.set(self.listed.get() + 1);
            true
        } else {
            self.left_out.set(self.left_out.get() + 1);
            false
        }
    }

    fn rule_name(&self, rule_idx: usize) -> String {
        let rule = &self.coverage.rules[rule_idx];
        let number = self.model.articles[rule.article].number;
        match &rule.case_label {
            Some(label) => format!("article {number} (case `{label}`)"),
            None => format!("article {number}"),
        }
    }

    fn witness(&self, cube: &Cube) -> String {
        format!("`{}`", self.coverage.space.describe(self.model, cube))
    }

    fn gaps(&self, diagnostics: &mut Vec<Diagnostic>) {
        let gaps = &self.coverage.report.gaps;
        if gaps.is_empty() {
            return;
        }
        let decision = &self.model.decisions[self.decision];
        let shown: Vec<String> = gaps
            .iter()
            .take(MAX_WITNESSES.min(3))
            .map(|cube| self.witness(cube))
            .collect();
        let more = gaps.len().saturating_sub(shown.len());
        let listed = if more == 0 {
            join_and(&shown)
        } else {
            format!("{} and {more} more", shown.join(", "))
        };
        let mut diagnostic = Diagnostic::new(
            Code::W0201,
            format!(
                "no phrase for some cases of `{}`: {listed} not covered",
                decision.name
            ),
        )
        .primary(
            decision.span,
            match gaps.len() {
                1 => "1 uncovered case group".to_owned(),
                n => format!("{n} uncovered case groups"),
            },
        );
        for cube in gaps.iter().take(MAX_WITNESSES) {
            diagnostic = diagnostic.note(format!(
                "not covered: {}（{}）",
                self.witness(cube),
                self.coverage.space.describe_labels(self.model, cube)
            ));
        }
        if gaps.len() > MAX_WITNESSES {
            diagnostic = diagnostic.note(format!(
                "{} more uncovered case groups are not listed",
                gaps.len() - MAX_WITNESSES
            ));
        }
        diagnostics.push(
            diagnostic
                .help("add an article for these cases, or declare them impossible with `never …`"),
        );
    }

    fn overlaps(&self, diagnostics: &mut Vec<Diagnostic>) {
        for overlap in &self.coverage.report.overlaps {
            if !self.has_room() {
                continue;
            }
            let Some((&last, earlier)) = overlap.rules.split_last() else {
                continue;
            };
            // With many rules, the first few earlier ones are named and marked, and the last.
            let marked = &earlier[..earlier.len().min(MAX_WITNESSES - 1)];
            let unmarked = earlier.len() - marked.len();
            let mut names: Vec<String> = marked.iter().map(|&r| self.rule_name(r)).collect();
            if unmarked > 0 {
                names.push(format!("{unmarked} more articles"));
            }
            names.push(self.rule_name(last));
            let witness = overlap
                .cubes
                .first()
                .map(|cube| self.witness(cube))
                .unwrap_or_default();
            let mut diagnostic = Diagnostic::new(
                Code::E0203,
                format!("{} both apply when {witness}", join_and(&names)),
            )
            .primary(self.coverage.rules[last].span, "applies here");
            for &rule in marked {
                diagnostic =
                    diagnostic.secondary(self.coverage.rules[rule].span, "and so does this");
            }
            if overlap.cubes.len() > 1 {
                diagnostic = diagnostic.note(format!(
                    "they also overlap in {} more case groups",
                    overlap.cubes.len() - 1
                ));
            }
            // Restricting one to a segment only helps when one of them is still general.
            let all_segment_specific = overlap
                .rules
                .iter()
                .all(|&rule| self.coverage.rules[rule].level == LEVEL_SEGMENT_SPECIFIC);
            diagnostics.push(diagnostic.help(match all_segment_specific {
                true => "make the conditions exclude each other: both are already for the same segment, so neither takes precedence",
                false => "make the conditions exclude each other, or restrict one to a segment so it takes precedence",
            }));
        }
    }

    fn shadowed(&self, diagnostics: &mut Vec<Diagnostic>) {
        let report = &self.coverage.report;
        for (rule_idx, rule) in self.coverage.rules.iter().enumerate() {
            if !report.reachable[rule_idx] || report.chosen[rule_idx] || !self.has_room() {
                continue;
            }
            let winners = &report.beaten_by[rule_idx];
            let names: Vec<String> = winners.iter().map(|&w| self.rule_name(w)).collect();
            let mut diagnostic = Diagnostic::new(
                Code::W0202,
                format!(
                    "{} is never chosen: {} {} precedence in all its cases",
                    self.rule_name(rule_idx),
                    join_and(&names),
                    if names.len() == 1 { "takes" } else { "take" }
                ),
            )
            .primary(rule.span, "never chosen");
            for &winner in winners {
                diagnostic = diagnostic.secondary(
                    self.coverage.rules[winner].span,
                    "restricted to a segment, so it takes precedence",
                );
            }
            diagnostics.push(diagnostic.help(
                "delete the article, or narrow the segment-specific articles if it should still apply somewhere",
            ));
        }
    }

    fn asymmetries(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.model.segments.is_empty() {
            return;
        }
        let rules = &self.coverage.rules;
        let space = &self.coverage.space;
        let segment_dim = space.dims.len() - 1;
        let found = self.asymmetry_witnesses(segment_dim);
        if found.cut_short {
            let decision = &self.model.decisions[self.decision];
            diagnostics.push(
                Diagnostic::new(
                    Code::W0205,
                    format!(
                        "segment asymmetries of the decision `{}` were only partly checked",
                        decision.name
                    ),
                )
                .primary(decision.span, "too many pairs of general and segment-specific articles to compare")
                .note(format!(
                    "checked: the first {} comparisons of a general article chosen somewhere with a segment-specific article of the same facts; the asymmetries (W0203) reported there are real",
                    self.asymmetry_budget
                ))
                .note("not checked: the remaining cases, where asymmetries may be missing")
                .help("split the decision into smaller decisions, or restrict fewer articles to single segments"),
            );
        }
        let found = found.witnesses;
        for ((general, specific, segment), cubes) in found {
            if !self.has_room() {
                continue;
            }
            let cubes = merge_cubes(cubes);
            let mut situation = cubes[0].clone();
            situation[segment_dim] = space.full()[segment_dim];
            let specific_segments: Vec<&str> = (0..space.sizes[segment_dim])
                .filter(|&s| rules[specific].cube[segment_dim] & (1u64 << s) != 0)
                .map(|s| self.model.value_name(Dimension::Segment, s))
                .collect();
            let segment_name = self.model.value_name(Dimension::Segment, segment);
            let general_number = self.model.articles[rules[general].article].number;
            let diagnostic = Diagnostic::new(
                Code::W0203,
                format!(
                    "{} is specialised for `{}` by {}, but `{segment_name}` still gets the general article {general_number}",
                    self.witness(&situation),
                    specific_segments.join("`, `"),
                    self.rule_name(specific)
                ),
            )
            .primary(rules[general].span, format!("general article used for `{segment_name}`"))
            .secondary(rules[specific].span, "specialised here")
            .help(format!(
                "add an article for `{segment_name}`, or write `general for {segment_name}` on article {general_number} to keep it deliberately"
            ));
            diagnostics.push(diagnostic);
        }
    }
}

/// Looking for segment asymmetries may spend this many times the decision's work budget:
/// one unit per comparison of a chosen general article with a segment-specific one, and one
/// per witness cube kept. Past it the check stops and says so (W0205). (Every leaf cost the
/// walk at least one unit per dimension, so ordinary decisions never come near it.)
pub const ASYMMETRY_WORK_FACTOR: usize = 5;

/// At most this many witness cubes are kept for one asymmetry; its witness is read from
/// their merge, so more would only make it broader, at a cost without bound.
const MAX_ASYMMETRY_CUBES: usize = 64;

/// The asymmetries found: (general rule, specific rule, segment) → witness cubes.
struct AsymmetryWitnesses {
    witnesses: BTreeMap<(usize, usize, usize), Vec<Cube>>,
    /// True when [`ASYMMETRY_WORK_BUDGET`] ran out.
    cut_short: bool,
}

impl Reporter<'_> {
    /// For each chosen leaf where only general articles win, each segment-specific rule that
    /// meets its facts, and each segment of the leaf a winner is not kept for: a witness.
    fn asymmetry_witnesses(&self, segment_dim: usize) -> AsymmetryWitnesses {
        let rules = &self.coverage.rules;
        let kept_for: Vec<u64> = rules
            .iter()
            .map(|rule| {
                let article = &self.model.articles[rule.article];
                article.general_for.iter().fold(0u64, |mask, &segment| {
                    mask | 1u64.checked_shl(segment as u32).unwrap_or(0)
                })
            })
            .collect();
        let specifics: Vec<usize> = (0..rules.len())
            .filter(|&idx| rules[idx].level == LEVEL_SEGMENT_SPECIFIC)
            .collect();
        let mut found = AsymmetryWitnesses {
            witnesses: BTreeMap::new(),
            cut_short: false,
        };
        let mut work = 0usize;
        for leaf in &self.coverage.report.leaves {
            let LeafOutcome::Chosen(winners) = &leaf.outcome else {
                continue;
            };
            let leaf = &leaf.cube;
            if winners.iter().any(|&w| rules[w].level != LEVEL_GENERAL) {
                continue;
            }
            for &specific_idx in &specifics {
                work += 1;
                if work > self.asymmetry_budget {
                    found.cut_short = true;
                    return found;
                }
                let specific = &rules[specific_idx];
                let facts_meet = (0..segment_dim).all(|d| specific.cube[d] & leaf[d] != 0);
                if !facts_meet {
                    continue;
                }
                for &general in winners {
                    let mut segments = leaf[segment_dim] & !kept_for[general];
                    while segments != 0 {
                        let segment = segments.trailing_zeros() as usize;
                        segments &= segments - 1;
                        let cubes = found
                            .witnesses
                            .entry((general, specific_idx, segment))
                            .or_default();
                        if cubes.len() >= MAX_ASYMMETRY_CUBES {
                            continue;
                        }
                        work += 1;
                        let mut cube: Cube = leaf
                            .iter()
                            .zip(&specific.cube)
                            .map(|(a, b)| a & b)
                            .collect();
                        cube[segment_dim] = 1u64 << segment;
                        cubes.push(cube);
                    }
                }
            }
        }
        found
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
