//! The coverage algorithm: gaps, overlaps and shadowed rules over a finite product space,
//! without enumerating the product.
//!
//! A rule is a cube (one set of allowed values per dimension, as a bit mask). The walk
//! specialises dimension by dimension, like the usefulness algorithm of pattern matching:
//! at each dimension the values are grouped by which active rules (and impossible cubes)
//! allow them, and each group is explored once. A leaf is a cube of cases on which every
//! rule either matches all cases or none. Work is proportional to the number of distinct
//! regions the rules carve, not to the size of the product.

mod merge;
mod walker;

use std::collections::BTreeMap;
use std::ops::Range;

pub use merge::merge_cubes;
use merge::merge_flat;
use walker::{SURVEY_BASE, SURVEY_PER_RULE, Walker};

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

/// Whether the report lists the overlaps (a caller that reads every leaf's rules may not
/// need them, and they hold a cube per leaf where rules tie).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OverlapRecording {
    #[default]
    Record,
    Skip,
}

/// The question: a space, rules over it, and cubes of impossible cases.
#[derive(Clone, Debug, Default)]
pub struct CoverageInput {
    pub leaf_recording: LeafRecording,
    pub overlap_recording: OverlapRecording,
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

/// The walk's budget, in work units: a node costs one unit plus one per rule and impossible
/// cube it lists and one per entry of the lists it builds for its branches, a leaf one per
/// dimension and per rule it weighs. Past it the walk gives up
/// and the report is truncated. Counted, never timed, so the result never depends on the
/// machine. Checking a decision costs about a second per 10 million units in a release build
/// (docs/performance-bounds.md); ordinary decisions use a few thousand.
pub const WORK_BUDGET: usize = 20_000_000;

/// Mask with the first `size` bits set.
pub fn full_mask(size: usize) -> u64 {
    if size >= 64 {
        u64::MAX
    } else {
        (1u64 << size) - 1
    }
}

/// Chooses which chosen leaves a caller of [`analyse_pruned`] needs to see.
pub trait LeafFilter {
    /// Whether the caller needs the leaves inside `cube`, on whose possible cases `winners`
    /// (ascending) are chosen. Must be decided case by case: it holds for a cube exactly when
    /// it holds for the one-case cube of some case in it.
    fn wants(&self, cube: &[u64], winners: &[usize]) -> bool;
}

impl<F: Fn(&[u64], &[usize]) -> bool> LeafFilter for F {
    fn wants(&self, cube: &[u64], winners: &[usize]) -> bool {
        self(cube, winners)
    }
}

/// Runs the analysis.
pub fn analyse(input: &CoverageInput) -> CoverageReport {
    run(input, None, None, WORK_BUDGET)
}

/// Runs the analysis, but skips the parts of the space where nothing needs reporting: no
/// gap, no overlap and no chosen leaf that `filter` wants. `gaps`, `overlaps`, `reachable`,
/// `chosen` and `beaten_by` are exactly those of [`analyse`]; with
/// [`LeafRecording::Record`], `leaves` is a subsequence of [`analyse`]'s chosen leaves that
/// holds every one the filter wants (uncovered and impossible leaves are left out: `gaps`
/// has the uncovered cases). The walk stops at [`MAX_LEAVES`] visited leaves or past
/// [`WORK_BUDGET`] as [`analyse`] does, but visits fewer nodes with the same lists, so it is
/// truncated only where [`analyse`] would be.
///
/// First a survey, which picks its dimensions adaptively (where the walk takes them in
/// order), cuts the space into cells on which every rule matches all cases or none; it
/// records what it can of the cells where nothing needs reporting, and keeps the others.
/// The walk then enters only the parts of the space that meet a kept cell. The survey has a
/// work limit; where it runs out, the walk goes everywhere, as [`analyse`] does.
pub fn analyse_pruned(input: &CoverageInput, filter: &dyn LeafFilter) -> CoverageReport {
    run(input, Some(filter), None, WORK_BUDGET)
}

/// [`analyse_pruned`] with a work budget of `budget` units instead of [`WORK_BUDGET`] (the
/// survey gets four times as much).
pub fn analyse_pruned_within(
    input: &CoverageInput,
    filter: &dyn LeafFilter,
    budget: usize,
) -> CoverageReport {
    run(input, Some(filter), None, budget)
}

/// The analysis; `survey_limit` overrides the survey's work limit (for tests).
fn run(
    input: &CoverageInput,
    filter: Option<&dyn LeafFilter>,
    survey_limit: Option<usize>,
    budget: usize,
) -> CoverageReport {
    let n_rules = input.rules.len();
    let full: Vec<u64> = input.sizes.iter().map(|&size| full_mask(size)).collect();
    let mut arena: Vec<usize> = (0..n_rules)
        .filter(|&idx| !is_empty(&input.rules[idx].cube, &full))
        .collect();
    let n_active = arena.len();
    arena.extend(
        (0..input.impossible.len()).filter(|&idx| !is_empty(&input.impossible[idx], &full)),
    );
    let n_listed = arena.len();
    let mut walker = Walker {
        input,
        full,
        report: CoverageReport {
            reachable: vec![false; n_rules],
            chosen: vec![false; n_rules],
            beaten_by: vec![Vec::new(); n_rules],
            ..CoverageReport::default()
        },
        overlaps: BTreeMap::new(),
        n_leaves: 0,
        work: 0,
        survey_work: 0,
        budget,
        arena,
        survey: Vec::new(),
        kept: Vec::new(),
        kept_arena: Vec::new(),
        groups: Vec::new(),
        branches: Vec::new(),
        winners: Vec::new(),
        gap_masks: Vec::new(),
        n_gaps: 0,
        gaps_from_survey: false,
        other_leaves: match filter {
            Some(_) => LeafRecording::Skip,
            None => input.leaf_recording,
        },
    };
    let mut prefix = walker.full.clone();
    if !input.sizes.contains(&0) {
        let kept = match filter {
            Some(filter) => {
                let limit = survey_limit.unwrap_or(SURVEY_BASE + SURVEY_PER_RULE * n_listed);
                walker.survey(filter, n_active, n_listed - n_active, limit)
            }
            None => None,
        };
        walker.walk(0, &mut prefix, 0..n_active, n_active..n_listed, kept);
    }
    let mut report = walker.report;
    for beaten in &mut report.beaten_by {
        beaten.sort_unstable();
        beaten.dedup();
    }
    report.gaps = merge_flat(input.sizes.len(), walker.n_gaps, walker.gap_masks);
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

/// Appends `cell` less every cube of `cubes` to `out`, as disjoint cubes (masks one after
/// another), and returns how many.
fn subtract(cell: &[u64], cubes: &[&[u64]], out: &mut Vec<u64>) -> usize {
    let dims = cell.len();
    if dims == 0 {
        // One case, the empty one, which any cube holds.
        return usize::from(cubes.is_empty());
    }
    let mut pieces: Vec<u64> = cell.to_vec();
    let mut next: Vec<u64> = Vec::new();
    for cube in cubes {
        next.clear();
        for piece in pieces.chunks(dims) {
            if !meets(piece, cube) {
                next.extend_from_slice(piece);
                continue;
            }
            // The part outside `cube` in the first dimension, then the part inside it there
            // but outside in the second, and so on; what is inside in every one goes.
            let mut inside = piece.to_vec();
            for dim in 0..dims {
                let outside = inside[dim] & !cube[dim];
                if outside != 0 {
                    let start = next.len();
                    next.extend_from_slice(&inside);
                    next[start + dim] = outside;
                }
                inside[dim] &= cube[dim];
            }
        }
        std::mem::swap(&mut pieces, &mut next);
    }
    out.extend_from_slice(&pieces);
    pieces.len() / dims
}

fn is_empty(cube: &Cube, full: &[u64]) -> bool {
    cube.iter().zip(full).any(|(mask, full)| mask & full == 0)
}

/// True when `outer` holds every case of `inner`.
fn contains(outer: &[u64], inner: &[u64]) -> bool {
    outer.iter().zip(inner).all(|(o, i)| i & !o == 0)
}

/// True when `a` and `b` share a case.
fn meets(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).all(|(a, b)| a & b != 0)
}

/// True when every case of `cube` lies in one of `cubes` (a cube with an empty dimension has
/// no case, so it is covered).
pub fn covered(cube: &[u64], cubes: &[&[u64]]) -> bool {
    if cube.contains(&0) {
        return true;
    }
    // The usual answers, without allocating: no cube meets it, one holds all of it, or only
    // one meets it (and so misses some case).
    let mut meeting = 0;
    for other in cubes {
        if meets(cube, other) {
            if contains(other, cube) {
                return true;
            }
            meeting += 1;
        }
    }
    if meeting <= 1 {
        return false;
    }
    // Look for a cube of uncovered cases greedily: step out of each cube in turn on some
    // dimension. If that gets stuck, decide exactly by splitting.
    let mut outside = cube.to_vec();
    for other in cubes {
        if !meets(&outside, other) {
            continue;
        }
        let Some(dim) = (0..outside.len()).find(|&d| outside[d] & !other[d] != 0) else {
            outside.copy_from_slice(cube);
            return covered_rec(&mut outside, cubes);
        };
        outside[dim] &= !other[dim];
    }
    false
}

fn covered_rec(cube: &mut [u64], cubes: &[&[u64]]) -> bool {
    let active: Vec<&[u64]> = cubes
        .iter()
        .copied()
        .filter(|other| meets(cube, other))
        .collect();
    let Some(&first) = active.first() else {
        return false;
    };
    if active.iter().any(|other| contains(other, cube)) {
        return true;
    }
    // Split on a dimension where the first cube does not hold all of `cube`.
    let Some(dim) = (0..cube.len()).find(|&d| cube[d] & !first[d] != 0) else {
        return true;
    };
    let saved = cube[dim];
    cube[dim] = saved & first[dim];
    let mut all = covered_rec(cube, &active);
    if all {
        cube[dim] = saved & !first[dim];
        all = covered_rec(cube, &active);
    }
    cube[dim] = saved;
    all
}

/// Splits every group of `groups[from..]` by `mask`.
fn refine_stacked(groups: &mut Vec<u64>, from: usize, mask: u64) {
    for idx in from..groups.len() {
        let inside = groups[idx] & mask;
        let outside = groups[idx] & !mask;
        if inside != 0 && outside != 0 {
            groups[idx] = inside;
            groups.push(outside);
        }
    }
}

/// Splits every group of `groups[..*n]` by `mask`.
fn refine(groups: &mut [u64; MAX_VALUES], n: &mut usize, mask: u64) {
    for idx in 0..*n {
        let inside = groups[idx] & mask;
        let outside = groups[idx] & !mask;
        if inside != 0 && outside != 0 {
            groups[idx] = inside;
            groups[*n] = outside;
            *n += 1;
        }
    }
}

/// Number of cases in a cube.
pub fn cube_size(cube: &Cube) -> u128 {
    cube.iter()
        .map(|mask| u128::from(mask.count_ones()))
        .product()
}

#[cfg(test)]
mod tests;
