//! The coverage algorithm: gaps, overlaps and shadowed rules over a finite product space,
//! without enumerating the product.
//!
//! A rule is a cube (one set of allowed values per dimension, as a bit mask). The walk
//! specialises dimension by dimension, like the usefulness algorithm of pattern matching:
//! at each dimension the values are grouped by which active rules (and impossible cubes)
//! allow them, and each group is explored once. A leaf is a cube of cases on which every
//! rule either matches all cases or none. Work is proportional to the number of distinct
//! regions the rules carve, not to the size of the product.

use std::collections::BTreeMap;

/// One set of values per dimension; bit `v` of `cube[d]` allows value `v` of dimension `d`.
pub type Cube = Vec<u64>;

/// Dimensions may have at most this many values.
pub const MAX_VALUES: usize = 64;

/// A rule for the algorithm: its cube and its precedence level (higher wins).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageRule {
    pub cube: Cube,
    pub level: u8,
}

/// Whether the report lists every leaf (needed for segment-asymmetry checks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LeafRecording {
    #[default]
    Skip,
    Record,
}

/// The question: a space, rules over it, and cubes of impossible cases.
#[derive(Clone, Debug, Default)]
pub struct CoverageInput {
    pub leaf_recording: LeafRecording,
    /// Number of values of each dimension (1..=64).
    pub sizes: Vec<usize>,
    pub rules: Vec<CoverageRule>,
    pub impossible: Vec<Cube>,
}

/// Two or more rules of the same, highest level that all match a cube of possible cases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlap {
    /// Rule indices, ascending.
    pub rules: Vec<usize>,
    /// Disjoint cubes where exactly these rules tie.
    pub cubes: Vec<Cube>,
}

/// What happens on a cube of cases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeafOutcome {
    /// These rules (one, unless they overlap) are chosen.
    Chosen(Vec<usize>),
    /// No rule matches.
    Uncovered,
    /// The cases are declared impossible.
    Impossible,
}

/// A cube of cases on which every rule matches all cases or none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf {
    pub cube: Cube,
    pub outcome: LeafOutcome,
}

/// The answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CoverageReport {
    /// Disjoint cubes of possible cases that no rule matches.
    pub gaps: Vec<Cube>,
    pub overlaps: Vec<Overlap>,
    /// Per rule: it matches at least one possible case.
    pub reachable: Vec<bool>,
    /// Per rule: it is the chosen rule (alone or tied) for at least one possible case.
    pub chosen: Vec<bool>,
    /// Per rule: the rules that win over it somewhere it matches.
    pub beaten_by: Vec<Vec<usize>>,
    /// With [`LeafRecording::Record`]: disjoint cubes that together cover the whole space,
    /// each with what happens there.
    pub leaves: Vec<Leaf>,
    /// True when the walk stopped at the leaf limit; the report is then partial.
    pub truncated: bool,
}

/// At most this many leaves are visited before the walk gives up (the report says so).
pub const MAX_LEAVES: usize = 2_000_000;

/// Mask with the first `size` bits set.
pub fn full_mask(size: usize) -> u64 {
    if size >= 64 {
        u64::MAX
    } else {
        (1u64 << size) - 1
    }
}

/// Runs the analysis.
pub fn analyse(input: &CoverageInput) -> CoverageReport {
    let n_rules = input.rules.len();
    let mut walker = Walker {
        input,
        full: input.sizes.iter().map(|&size| full_mask(size)).collect(),
        report: CoverageReport {
            reachable: vec![false; n_rules],
            chosen: vec![false; n_rules],
            beaten_by: vec![Vec::new(); n_rules],
            ..CoverageReport::default()
        },
        overlaps: BTreeMap::new(),
        n_leaves: 0,
    };
    let rules: Vec<usize> = (0..n_rules)
        .filter(|&idx| !is_empty(&input.rules[idx].cube, &walker.full))
        .collect();
    let impossible: Vec<usize> = (0..input.impossible.len())
        .filter(|&idx| !is_empty(&input.impossible[idx], &walker.full))
        .collect();
    let mut prefix = walker.full.clone();
    if !input.sizes.contains(&0) {
        walker.walk(0, &mut prefix, &rules, &impossible);
    }
    let mut report = walker.report;
    for beaten in &mut report.beaten_by {
        beaten.sort_unstable();
        beaten.dedup();
    }
    report.gaps = merge_cubes(report.gaps);
    report.overlaps = walker
        .overlaps
        .into_iter()
        .map(|(rules, cubes)| Overlap {
            rules,
            cubes: merge_cubes(cubes),
        })
        .collect();
    report
}

fn is_empty(cube: &Cube, full: &[u64]) -> bool {
    cube.iter().zip(full).any(|(mask, full)| mask & full == 0)
}

struct Walker<'a> {
    input: &'a CoverageInput,
    full: Vec<u64>,
    report: CoverageReport,
    overlaps: BTreeMap<Vec<usize>, Vec<Cube>>,
    n_leaves: usize,
}

impl Walker<'_> {
    /// True when `cube` allows every value of every dimension from `dim` on.
    fn covers_rest(&self, cube: &Cube, dim: usize) -> bool {
        (dim..self.full.len()).all(|d| cube[d] & self.full[d] == self.full[d])
    }

    fn walk(&mut self, dim: usize, prefix: &mut Cube, rules: &[usize], impossible: &[usize]) {
        if self.report.truncated {
            return;
        }
        let input = self.input;
        if impossible
            .iter()
            .any(|&idx| self.covers_rest(&input.impossible[idx], dim))
        {
            self.record(prefix, LeafOutcome::Impossible);
            return;
        }
        let uniform = impossible.is_empty()
            && rules
                .iter()
                .all(|&idx| self.covers_rest(&input.rules[idx].cube, dim));
        if dim == self.full.len() || uniform {
            self.leaf(prefix, rules);
            return;
        }
        // Group this dimension's values by the rules and impossible cubes that allow them.
        let mut groups: BTreeMap<(Vec<usize>, Vec<usize>), u64> = BTreeMap::new();
        for value in 0..input.sizes[dim] {
            let bit = 1u64 << value;
            let rules_here: Vec<usize> = rules
                .iter()
                .copied()
                .filter(|&idx| input.rules[idx].cube[dim] & bit != 0)
                .collect();
            let impossible_here: Vec<usize> = impossible
                .iter()
                .copied()
                .filter(|&idx| input.impossible[idx][dim] & bit != 0)
                .collect();
            *groups.entry((rules_here, impossible_here)).or_insert(0) |= bit;
        }
        for ((rules_here, impossible_here), mask) in groups {
            prefix[dim] = mask;
            self.walk(dim + 1, prefix, &rules_here, &impossible_here);
        }
        prefix[dim] = self.full[dim];
    }

    fn leaf(&mut self, cube: &Cube, rules: &[usize]) {
        self.n_leaves += 1;
        if self.n_leaves > MAX_LEAVES {
            self.report.truncated = true;
            return;
        }
        let input = self.input;
        let Some(best) = rules.iter().map(|&idx| input.rules[idx].level).max() else {
            self.report.gaps.push(cube.clone());
            self.record(cube, LeafOutcome::Uncovered);
            return;
        };
        let winners: Vec<usize> = rules
            .iter()
            .copied()
            .filter(|&idx| input.rules[idx].level == best)
            .collect();
        for &idx in rules {
            self.report.reachable[idx] = true;
            if input.rules[idx].level == best {
                self.report.chosen[idx] = true;
            } else {
                self.report.beaten_by[idx].extend(winners.iter().copied());
            }
        }
        self.record(cube, LeafOutcome::Chosen(winners.clone()));
        if winners.len() > 1 {
            self.overlaps.entry(winners).or_default().push(cube.clone());
        }
    }
}

impl Walker<'_> {
    fn record(&mut self, cube: &Cube, outcome: LeafOutcome) {
        if self.input.leaf_recording == LeafRecording::Record {
            self.report.leaves.push(Leaf {
                cube: cube.clone(),
                outcome,
            });
        }
    }
}

/// Merges cubes that differ in exactly one dimension, until none do. Keeps them disjoint.
pub fn merge_cubes(mut cubes: Vec<Cube>) -> Vec<Cube> {
    loop {
        let mut merged_any = false;
        let mut idx = 0;
        while idx < cubes.len() {
            let mut other = idx + 1;
            while other < cubes.len() {
                if let Some(merged) = merge_pair(&cubes[idx], &cubes[other]) {
                    cubes[idx] = merged;
                    cubes.swap_remove(other);
                    merged_any = true;
                } else {
                    other += 1;
                }
            }
            idx += 1;
        }
        if !merged_any {
            cubes.sort();
            return cubes;
        }
    }
}

fn merge_pair(left: &Cube, right: &Cube) -> Option<Cube> {
    let mut differing = None;
    for (dim, (a, b)) in left.iter().zip(right).enumerate() {
        if a != b {
            if differing.is_some() {
                return None;
            }
            differing = Some(dim);
        }
    }
    let dim = differing?;
    let mut merged = left.clone();
    merged[dim] |= right[dim];
    Some(merged)
}

/// Number of cases in a cube.
pub fn cube_size(cube: &Cube) -> u128 {
    cube.iter()
        .map(|mask| u128::from(mask.count_ones()))
        .product()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(cube: &[u64], level: u8) -> CoverageRule {
        CoverageRule {
            cube: cube.to_vec(),
            level,
        }
    }

    #[test]
    fn finds_a_gap_and_an_overlap() {
        // two dimensions of 2 values: rule 0 covers x=0, rule 1 covers y=0.
        let input = CoverageInput {
            sizes: vec![2, 2],
            rules: vec![rule(&[0b01, 0b11], 0), rule(&[0b11, 0b01], 0)],
            ..CoverageInput::default()
        };
        let report = analyse(&input);
        assert_eq!(report.gaps, vec![vec![0b10, 0b10]]);
        assert_eq!(report.overlaps.len(), 1);
        assert_eq!(report.overlaps[0].rules, vec![0, 1]);
        assert_eq!(report.overlaps[0].cubes, vec![vec![0b01, 0b01]]);
    }

    #[test]
    fn specific_rules_shadow_a_general_one() {
        // dimension 1 is the segment: rules 1 and 2 are specific to one segment each.
        let input = CoverageInput {
            sizes: vec![3, 2],
            rules: vec![
                rule(&[0b001, 0b11], 0),
                rule(&[0b001, 0b01], 1),
                rule(&[0b001, 0b10], 1),
                rule(&[0b110, 0b11], 0),
            ],
            ..CoverageInput::default()
        };
        let report = analyse(&input);
        assert!(report.gaps.is_empty());
        assert!(report.overlaps.is_empty());
        assert_eq!(report.chosen, vec![false, true, true, true]);
        assert_eq!(report.beaten_by[0], vec![1, 2]);
    }

    #[test]
    fn impossible_cases_are_not_gaps() {
        let input = CoverageInput {
            sizes: vec![2, 2],
            rules: vec![rule(&[0b01, 0b11], 0)],
            impossible: vec![vec![0b10, 0b11]],
            ..CoverageInput::default()
        };
        let report = analyse(&input);
        assert!(report.gaps.is_empty());
    }
}
