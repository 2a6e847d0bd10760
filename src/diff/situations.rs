//! The situations whose chosen article (or case) changes: both versions' rules and `never`
//! cubes go into one coverage walk over the values the two versions share, so each leaf
//! says what each version chooses there; cost is that of one walk, not of comparing every
//! leaf of one version with every leaf of the other.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, DiffReport, Impact, Version};
use crate::check::coverage::{
    CoverageInput, CoverageRule, Cube, LeafOutcome, LeafRecording, OverlapRecording, analyse,
    merge_cubes,
};
use crate::check::decisions::{DecisionRule, decision_rules};
use crate::check::model::{DecisionIdx, Dimension, Model};
use crate::check::space::Space;

/// At most this many changed situations are listed per decision; an entry says how many
/// more there were.
pub const MAX_SITUATIONS_PER_DECISION: usize = 100;

/// For each decision in both versions: the cases whose chosen article (or case) changes.
pub(super) fn situations(old: &Model, new: &Model, report: &mut DiffReport) {
    for (old_idx, decision) in old.decisions.iter().enumerate() {
        let Some(new_idx) = new.decisions.iter().position(|d| d.name == decision.name) else {
            continue;
        };
        let old_space = Space::for_decision(old, old_idx);
        let new_space = Space::for_decision(new, new_idx);
        let not_listed = |report: &mut DiffReport, reason: String| {
            report.push(
                Impact::Selection,
                Change::SituationsNotListed {
                    decision: decision.name.clone(),
                    reason,
                },
                Some((Version::New, new.decisions[new_idx].span)),
            );
        };
        let common = if old_space.has_classes()
            || new_space.has_classes()
            || old_space.too_large()
            || new_space.too_large()
        {
            None
        } else {
            CommonSpace::new(old, &old_space, new, &new_space)
        };
        let Some(common) = common else {
            // The conditions are compared as parts of the articles; only the list of cases
            // is missing. Said only when something that moves situations did change.
            if report.has(Impact::Selection) {
                not_listed(
                    report,
                    "a fact has more than 64 values, or the decision's facts changed".to_owned(),
                );
            }
            continue;
        };
        let old_side = Side::new(old, old_idx, &old_space, &common);
        let new_side = Side::new(new, new_idx, &new_space, &common);
        let Some(hull) = changed_hull(&old_side, &new_side) else {
            continue;
        };
        let compared = compare(&common, &old_side, &new_side, &hull);
        let mut listed = 0;
        let mut left_out = 0;
        for ((old_choice, new_choice), cubes) in compared.changes {
            for cube in merge_cubes(cubes) {
                if listed == MAX_SITUATIONS_PER_DECISION {
                    left_out += 1;
                    continue;
                }
                listed += 1;
                report.push(
                    Impact::Selection,
                    Change::SituationChanged {
                        decision: decision.name.clone(),
                        cases: common.describe(&cube),
                        old: old_choice.as_ref().map(|choice| choice.shown.clone()),
                        new: new_choice.as_ref().map(|choice| choice.shown.clone()),
                    },
                    Some((Version::New, new.decisions[new_idx].span)),
                );
            }
        }
        if left_out > 0 {
            not_listed(
                report,
                format!(
                    "{left_out} more changed situations (at most {MAX_SITUATIONS_PER_DECISION} are listed per decision)"
                ),
            );
        }
        if compared.partial {
            not_listed(
                report,
                "too many distinct cases to compare: the situations listed are real, others may be missing".to_owned(),
            );
        }
    }
}

/// One version of a decision in the common space.
struct Side<'m> {
    model: &'m Model,
    rules: Vec<DecisionRule>,
    /// The rules' cubes in the common space.
    cubes: Vec<Cube>,
    /// The `never` cubes in the common space.
    impossible: Vec<Cube>,
}

impl<'m> Side<'m> {
    fn new(model: &'m Model, decision: DecisionIdx, space: &Space, common: &CommonSpace) -> Self {
        let rules = decision_rules(model, decision, space);
        let cubes = rules
            .iter()
            .map(|rule| common.map(model, space, &rule.cube))
            .collect();
        let impossible = model
            .impossible
            .iter()
            .filter_map(|never| space.cube(&never.condition))
            .map(|cube| common.map(model, space, &cube))
            .collect();
        Side {
            model,
            rules,
            cubes,
            impossible,
        }
    }

    fn identity(&self, rule: &DecisionRule) -> (u32, Option<usize>) {
        (self.model.articles[rule.article].number, rule.case_number)
    }

    /// What this version chooses where the rules `matching` (indices into this side's rules)
    /// match: the first of the highest level, as the generated `select` does.
    fn choice(&self, matching: impl Iterator<Item = usize>) -> Option<Choice> {
        let mut best: Option<usize> = None;
        for idx in matching {
            if best.is_none_or(|b| self.rules[idx].level > self.rules[b].level) {
                best = Some(idx);
            }
        }
        let rule = &self.rules[best?];
        let number = self.model.articles[rule.article].number;
        let shown = match (&rule.case_label, rule.case_number) {
            (Some(label), _) => format!("article {number} (case `{label}`)"),
            (None, Some(case)) => format!("article {number} (case {case})"),
            (None, None) => format!("article {number}"),
        };
        Some(Choice {
            identity: self.identity(rule),
            shown,
        })
    }
}

/// The article (or case) chosen on some cases: its identity (compared) and how it is shown (a
/// case by its label, which is read, not compared).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Choice {
    identity: (u32, Option<usize>),
    shown: String,
}

/// The cases where the versions choose differently, by (old choice, new choice).
struct Compared {
    changes: BTreeMap<(Option<Choice>, Option<Choice>), Vec<Cube>>,
    /// True when the walk stopped at its budget.
    partial: bool,
}

/// The smallest cube that holds every rule and `never` cube not alike in both versions (same
/// article or case, level and cases); `None` when all are alike. Outside it the same rules
/// and `never` cubes hold in both versions, so both choose the same.
fn changed_hull(old: &Side<'_>, new: &Side<'_>) -> Option<Cube> {
    type Key = (Option<(u32, Option<usize>)>, u8, Cube);
    let keys = |side: &Side<'_>| -> BTreeSet<Key> {
        let rules = side
            .rules
            .iter()
            .zip(&side.cubes)
            .map(|(rule, cube)| (Some(side.identity(rule)), rule.level, cube.clone()));
        let impossible = side.impossible.iter().map(|cube| (None, 0, cube.clone()));
        rules.chain(impossible).collect()
    };
    let (old_keys, new_keys) = (keys(old), keys(new));
    old_keys
        .symmetric_difference(&new_keys)
        .map(|(_, _, cube)| cube)
        .fold(None, |hull: Option<Cube>, cube| {
            Some(match hull {
                None => cube.clone(),
                Some(hull) => hull.iter().zip(cube).map(|(a, b)| a | b).collect(),
            })
        })
}

/// One walk over both versions' rules and `never` cubes within `hull`, all at one level, so
/// each leaf lists every rule and cube that holds there.
fn compare(common: &CommonSpace, old: &Side<'_>, new: &Side<'_>, hull: &Cube) -> Compared {
    let n_old = old.cubes.len();
    let n_new = new.cubes.len();
    let all_cubes = old
        .cubes
        .iter()
        .chain(&new.cubes)
        .chain(&old.impossible)
        .chain(&new.impossible);
    let input = CoverageInput {
        sizes: common.dims.iter().map(|(_, values)| values.len()).collect(),
        rules: all_cubes
            .map(|cube| CoverageRule {
                cube: cube.iter().zip(hull).map(|(a, b)| a & b).collect(),
                level: 0,
            })
            .collect(),
        impossible: Vec::new(),
        leaf_recording: LeafRecording::Record,
        overlap_recording: OverlapRecording::Skip,
    };
    let coverage = analyse(&input);
    let mut changes: BTreeMap<(Option<Choice>, Option<Choice>), Vec<Cube>> = BTreeMap::new();
    for leaf in &coverage.leaves {
        let matching: &[usize] = match &leaf.outcome {
            LeafOutcome::Chosen(matching) => matching,
            LeafOutcome::Uncovered => &[],
            LeafOutcome::Impossible => continue,
        };
        // Indices: the old rules, the new rules, then both versions' `never` cubes.
        let rules_end = n_old + n_new;
        if matching.iter().any(|&idx| idx >= rules_end) {
            // Impossible in one version (or both): not a situation either can be asked about.
            continue;
        }
        let old_choice = old.choice(matching.iter().copied().filter(|&idx| idx < n_old));
        let new_choice = new.choice(
            matching
                .iter()
                .filter(|&&idx| idx >= n_old)
                .map(|&idx| idx - n_old),
        );
        let identity = |choice: &Option<Choice>| choice.as_ref().map(|c| c.identity);
        if identity(&old_choice) == identity(&new_choice) {
            continue;
        }
        changes
            .entry((old_choice, new_choice))
            .or_default()
            .push(leaf.cube.clone());
    }
    Compared {
        changes,
        partial: coverage.truncated,
    }
}

/// The dimensions two versions of a decision share: for each, the value names present in
/// both versions.
struct CommonSpace {
    /// (dimension name, common value names)
    dims: Vec<(String, Vec<String>)>,
}

impl CommonSpace {
    fn new(old: &Model, old_space: &Space, new: &Model, new_space: &Space) -> Option<CommonSpace> {
        let names = |model: &Model, space: &Space| -> Vec<String> {
            space
                .dims
                .iter()
                .map(|&d| model.dimension_name(d).to_owned())
                .collect()
        };
        // Classes of values differ between versions: their situations are not compared
        // (the articles' conditions are, as article parts).
        if names(old, old_space) != names(new, new_space)
            || old_space.has_classes()
            || new_space.has_classes()
        {
            return None;
        }
        let dims = old_space
            .dims
            .iter()
            .zip(&new_space.dims)
            .zip(&old_space.sizes)
            .map(|((&old_dim, &new_dim), &old_size)| {
                let new_values: BTreeSet<String> = values(new, new_dim, new_space);
                let common = (0..old_size)
                    .map(|v| value_name(old, old_dim, v))
                    .filter(|name| new_values.contains(name))
                    .collect();
                (old.dimension_name(old_dim).to_owned(), common)
            })
            .collect();
        Some(CommonSpace { dims })
    }

    /// Maps a cube of one version into the common space.
    fn map(&self, model: &Model, space: &Space, cube: &Cube) -> Cube {
        self.dims
            .iter()
            .enumerate()
            .map(|(dim_idx, (_, common))| {
                let dimension = space.dims[dim_idx];
                common
                    .iter()
                    .enumerate()
                    .filter(|(_, name)| {
                        (0..space.sizes[dim_idx]).any(|v| {
                            cube[dim_idx] & (1u64 << v) != 0
                                && value_name(model, dimension, v) == **name
                        })
                    })
                    .fold(0u64, |mask, (idx, _)| mask | (1u64 << idx))
            })
            .collect()
    }

    fn describe(&self, cube: &Cube) -> String {
        let mut parts = Vec::new();
        for (dim_idx, (name, common)) in self.dims.iter().enumerate() {
            let full = if common.len() >= 64 {
                u64::MAX
            } else {
                (1u64 << common.len()) - 1
            };
            if cube[dim_idx] & full == full {
                continue;
            }
            let chosen: Vec<&str> = common
                .iter()
                .enumerate()
                .filter(|(v, _)| cube[dim_idx] & (1u64 << v) != 0)
                .map(|(_, n)| n.as_str())
                .collect();
            parts.push(match chosen.as_slice() {
                [only] => format!("{name} = {only}"),
                _ => format!("{name} in {{{}}}", chosen.join(", ")),
            });
        }
        if parts.is_empty() {
            "every case".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

fn value_name(model: &Model, dimension: Dimension, value: usize) -> String {
    match dimension {
        Dimension::Segment if model.segments.is_empty() => "all".to_owned(),
        _ => model.value_name(dimension, value).to_owned(),
    }
}

fn values(model: &Model, dimension: Dimension, space: &Space) -> BTreeSet<String> {
    let idx = space.dim_index(dimension).unwrap_or(0);
    (0..space.sizes[idx])
        .map(|v| value_name(model, dimension, v))
        .collect()
}
