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
use std::ops::Range;

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

/// The survey stopped at its work limit.
struct Exhausted;

/// Cells the survey may visit: a base plus this many per rule or impossible cube.
const SURVEY_BASE: usize = 4_096;
const SURVEY_PER_RULE: usize = 256;
/// The survey's work budget, in units of one rule weighed in one dimension, is this many
/// times the walk's; past it the survey gives up and the walk goes everywhere.
const SURVEY_WORK_FACTOR: usize = 4;

struct Walker<'a> {
    input: &'a CoverageInput,
    full: Vec<u64>,
    report: CoverageReport,
    overlaps: BTreeMap<Vec<usize>, Vec<Cube>>,
    n_leaves: usize,
    /// Work units spent so far (see [`WORK_BUDGET`]).
    work: usize,
    /// The walk's budget ([`WORK_BUDGET`] unless the caller gives another).
    budget: usize,
    /// The survey's work so far (see [`SURVEY_WORK_FACTOR`]).
    survey_work: usize,
    /// Lists of active rule and impossible indices, stacked by the walk; a node's lists are
    /// ranges of it.
    arena: Vec<usize>,
    /// The same for the survey.
    survey: Vec<usize>,
    /// The cells the survey kept: where something may need reporting.
    kept: Vec<Cube>,
    /// Lists of indices into `kept`, stacked by the walk like `arena`.
    kept_arena: Vec<usize>,
    /// The value groups of the nodes being walked, stacked.
    groups: Vec<u64>,
    /// The groups each node being walked will enter, stacked.
    branches: Vec<Branch>,
    winners: Vec<usize>,
    /// The uncovered cases as disjoint cubes, one after another (`n_gaps` of them, each a
    /// cube's masks): the walk's uncovered leaves, or the survey's uncovered cells.
    gap_masks: Vec<u64>,
    n_gaps: usize,
    /// Whether the survey recorded the gaps (so the walk must not record them again).
    gaps_from_survey: bool,
    /// Whether uncovered and impossible leaves are recorded (the pruned walk leaves them
    /// out: its callers only need chosen leaves).
    other_leaves: LeafRecording,
}

/// A group of values the walk enters, with its lists (ranges of `arena` and `kept_arena`).
#[derive(Clone, Debug)]
struct Branch {
    mask: u64,
    rules: Range<usize>,
    impossible: Range<usize>,
    kept: Option<Range<usize>>,
}

impl Walker<'_> {
    /// True when `cube` allows every value of every dimension from `dim` on.
    fn covers_rest(&self, cube: &[u64], dim: usize) -> bool {
        (dim..self.full.len()).all(|d| cube[d] & self.full[d] == self.full[d])
    }

    /// Walks the part `prefix` of the space (restricted on the dimensions before `dim`),
    /// whose intersecting rules and impossible cubes are `rules` and `impossible` in
    /// `arena`. With `kept`, the kept cells that meet it (in `kept_arena`): the part is
    /// skipped if there are none.
    fn walk(
        &mut self,
        dim: usize,
        prefix: &mut Cube,
        rules: Range<usize>,
        impossible: Range<usize>,
        kept: Option<Range<usize>>,
    ) {
        if self.report.truncated || kept.as_ref().is_some_and(Range::is_empty) {
            return;
        }
        if !self.spend(1 + rules.len() + impossible.len()) {
            return;
        }
        let input = self.input;
        if impossible
            .clone()
            .any(|k| self.covers_rest(&input.impossible[self.arena[k]], dim))
        {
            if self.other_leaves == LeafRecording::Record {
                self.record(prefix, LeafOutcome::Impossible);
            }
            return;
        }
        let uniform = impossible.is_empty()
            && rules
                .clone()
                .all(|k| self.covers_rest(&input.rules[self.arena[k]].cube, dim));
        if dim == self.full.len() || uniform {
            self.leaf(prefix, rules);
            return;
        }
        // Group this dimension's values by the rules and impossible cubes that allow them:
        // split the values by each one's mask.
        let groups_base = self.groups.len();
        self.groups.push(self.full[dim]);
        for k in rules.clone() {
            refine_stacked(
                &mut self.groups,
                groups_base,
                input.rules[self.arena[k]].cube[dim],
            );
        }
        for k in impossible.clone() {
            refine_stacked(
                &mut self.groups,
                groups_base,
                input.impossible[self.arena[k]][dim],
            );
        }
        let groups_end = self.groups.len();
        // List the rules and cubes of each group to enter (with kept cells: the groups that
        // meet one).
        let arena_base = self.arena.len();
        let kept_base = self.kept_arena.len();
        let branches_base = self.branches.len();
        for g in groups_base..groups_end {
            let group = self.groups[g];
            let kept_here = match &kept {
                Some(kept) => {
                    let from = self.kept_arena.len();
                    for k in kept.clone() {
                        let cell = self.kept_arena[k];
                        if self.kept[cell][dim] & group != 0 {
                            self.kept_arena.push(cell);
                        }
                    }
                    if self.kept_arena.len() == from {
                        continue;
                    }
                    Some(from..self.kept_arena.len())
                }
                None => None,
            };
            let start = self.arena.len();
            for k in rules.clone() {
                let idx = self.arena[k];
                if input.rules[idx].cube[dim] & group != 0 {
                    self.arena.push(idx);
                }
            }
            let middle = self.arena.len();
            for k in impossible.clone() {
                let idx = self.arena[k];
                if input.impossible[idx][dim] & group != 0 {
                    self.arena.push(idx);
                }
            }
            self.branches.push(Branch {
                mask: group,
                rules: start..middle,
                impossible: middle..self.arena.len(),
                kept: kept_here,
            });
        }
        // The lists stay on the stack while the walk goes deeper: they are work too (and
        // the budget bounds the stack's memory).
        if !self.spend(self.arena.len() - arena_base) {
            self.branches.truncate(branches_base);
            self.groups.truncate(groups_base);
            self.arena.truncate(arena_base);
            self.kept_arena.truncate(kept_base);
            return;
        }
        // Groups in the order of their lists (rules, then impossible cubes), as a map keyed
        // by the lists would give them.
        let arena = &self.arena;
        self.branches[branches_base..].sort_unstable_by(|a, b| {
            (&arena[a.rules.clone()], &arena[a.impossible.clone()])
                .cmp(&(&arena[b.rules.clone()], &arena[b.impossible.clone()]))
        });
        for b in branches_base..self.branches.len() {
            let branch = self.branches[b].clone();
            prefix[dim] = branch.mask;
            self.walk(
                dim + 1,
                prefix,
                branch.rules,
                branch.impossible,
                branch.kept,
            );
        }
        prefix[dim] = self.full[dim];
        self.branches.truncate(branches_base);
        self.groups.truncate(groups_base);
        self.arena.truncate(arena_base);
        self.kept_arena.truncate(kept_base);
    }

    /// Spends `units` of the work budget; false (and the report truncated) when it is gone.
    fn spend(&mut self, units: usize) -> bool {
        self.work += units;
        if self.work > self.budget {
            self.report.truncated = true;
        }
        !self.report.truncated
    }

    fn leaf(&mut self, cube: &Cube, rules: Range<usize>) {
        self.n_leaves += 1;
        if self.n_leaves > MAX_LEAVES {
            self.report.truncated = true;
            return;
        }
        if !self.spend(cube.len() + rules.len()) {
            return;
        }
        let input = self.input;
        let mut winners = std::mem::take(&mut self.winners);
        let listed = rules.map(|k| self.arena[k]);
        let Some(best) = highest(input, listed.clone(), &mut winners) else {
            self.winners = winners;
            if !self.gaps_from_survey {
                self.gap_masks.extend_from_slice(cube);
                self.n_gaps += 1;
            }
            if self.other_leaves == LeafRecording::Record {
                self.record(cube, LeafOutcome::Uncovered);
            }
            return;
        };
        mark(&mut self.report, input, listed, best, &winners);
        if self.input.leaf_recording == LeafRecording::Record {
            self.record(cube, LeafOutcome::Chosen(winners.clone()));
        }
        if winners.len() > 1 {
            self.overlaps
                .entry(winners.clone())
                .or_default()
                .push(cube.clone());
        }
        self.winners = winners;
    }

    fn record(&mut self, cube: &Cube, outcome: LeafOutcome) {
        if self.input.leaf_recording == LeafRecording::Record {
            self.report.leaves.push(Leaf {
                cube: cube.clone(),
                outcome,
            });
        }
    }

    /// Surveys the whole space (the first `n_rules` indices of `arena` are the rules, the
    /// next `n_impossible` the impossible cubes). Records the flags of the cells where
    /// nothing needs reporting and returns the other cells, as a list in `kept_arena`; or
    /// `None` at the work limit.
    fn survey(
        &mut self,
        filter: &dyn LeafFilter,
        n_rules: usize,
        n_impossible: usize,
        mut budget: usize,
    ) -> Option<Range<usize>> {
        self.survey.clear();
        self.survey
            .extend_from_slice(&self.arena[..n_rules + n_impossible]);
        let mut cell = self.full.clone();
        let surveyed = self.survey_cell(
            filter,
            &mut cell,
            0..n_rules,
            n_rules..n_rules + n_impossible,
            &mut budget,
        );
        self.survey.clear();
        if surveyed.is_err() {
            // The walk goes everywhere and finds the gaps itself.
            self.kept.clear();
            self.gap_masks.clear();
            self.n_gaps = 0;
            return None;
        }
        self.gaps_from_survey = true;
        self.kept_arena.clear();
        self.kept_arena.extend(0..self.kept.len());
        Some(0..self.kept.len())
    }

    /// Surveys `cell`, whose intersecting rules and impossible cubes are `rules` and
    /// `impossible` in `survey`.
    fn survey_cell(
        &mut self,
        filter: &dyn LeafFilter,
        cell: &mut Cube,
        rules: Range<usize>,
        impossible: Range<usize>,
        budget: &mut usize,
    ) -> Result<(), Exhausted> {
        if *budget == 0 {
            return Err(Exhausted);
        }
        *budget -= 1;
        // Choosing the dimension to split weighs every listed rule in every dimension.
        self.survey_work += (1 + rules.len() + impossible.len()) * cell.len();
        if self.survey_work > SURVEY_WORK_FACTOR * self.budget {
            return Err(Exhausted);
        }
        let input = self.input;
        if impossible
            .clone()
            .any(|k| contains(&input.impossible[self.survey[k]], cell))
        {
            return Ok(());
        }
        let all_cover = rules
            .clone()
            .all(|k| contains(&input.rules[self.survey[k]].cube, cell));
        if all_cover {
            self.survey_uniform(filter, cell, rules, impossible);
            return Ok(());
        }
        let Some((dim, groups, n_groups)) = self.split_dimension(cell, rules.clone()) else {
            // Cannot happen (a rule that does not hold all of the cell splits it somewhere);
            // should it, the walk without a survey is exact.
            return Err(Exhausted);
        };
        let saved = cell[dim];
        let mut surveyed = Ok(());
        for &group in &groups[..n_groups] {
            cell[dim] = group;
            let start = self.survey.len();
            for k in rules.clone() {
                let idx = self.survey[k];
                if input.rules[idx].cube[dim] & group != 0 {
                    self.survey.push(idx);
                }
            }
            let middle = self.survey.len();
            for k in impossible.clone() {
                let idx = self.survey[k];
                if input.impossible[idx][dim] & group != 0 {
                    self.survey.push(idx);
                }
            }
            let end = self.survey.len();
            surveyed = self.survey_cell(filter, cell, start..middle, middle..end, budget);
            self.survey.truncate(start);
            if surveyed.is_err() {
                break;
            }
        }
        cell[dim] = saved;
        surveyed
    }

    /// A cell that every active rule holds entirely: kept if it is uncovered, an overlap or
    /// wanted; otherwise its flags are recorded.
    fn survey_uniform(
        &mut self,
        filter: &dyn LeafFilter,
        cell: &Cube,
        rules: Range<usize>,
        impossible: Range<usize>,
    ) {
        let input = self.input;
        // (The cell meets every listed impossible cube and none holds all of it: with one
        // cube, some case is possible.)
        if impossible.len() > 1 {
            let cubes: Vec<&[u64]> = impossible
                .clone()
                .map(|k| input.impossible[self.survey[k]].as_slice())
                .collect();
            if covered(cell, &cubes) {
                return;
            }
        }
        let mut winners = std::mem::take(&mut self.winners);
        let listed = rules.map(|k| self.survey[k]);
        match highest(input, listed.clone(), &mut winners) {
            // No rule: the cell's possible cases are gaps, recorded here rather than walked
            // (the walk would cut them into many small leaves for the merge to join again).
            None => {
                let cubes: Vec<&[u64]> = impossible
                    .map(|k| input.impossible[self.survey[k]].as_slice())
                    .collect();
                self.n_gaps += subtract(cell, &cubes, &mut self.gap_masks);
            }
            Some(best) if winners.len() == 1 && !filter.wants(cell, &winners) => {
                mark(&mut self.report, input, listed, best, &winners);
            }
            _ => self.kept.push(cell.clone()),
        }
        self.winners = winners;
    }

    /// The dimension to split `cell` on: the one after which the active rules appear in the
    /// fewest groups in total (a rule appears in every group it allows), with its groups.
    fn split_dimension(
        &self,
        cell: &Cube,
        rules: Range<usize>,
    ) -> Option<(usize, [u64; MAX_VALUES], usize)> {
        let input = self.input;
        let mut best: Option<(usize, usize)> = None;
        let mut groups = [0u64; MAX_VALUES];
        for dim in 0..cell.len() {
            if cell[dim].count_ones() < 2 {
                continue;
            }
            let n_groups = self.groups_of(cell, dim, rules.clone(), &mut groups);
            if n_groups < 2 {
                continue;
            }
            let score: usize = rules
                .clone()
                .map(|k| {
                    let mask = input.rules[self.survey[k]].cube[dim];
                    groups[..n_groups]
                        .iter()
                        .filter(|&&group| group & mask != 0)
                        .count()
                })
                .sum();
            if best.is_none_or(|(best_score, _)| score < best_score) {
                best = Some((score, dim));
            }
        }
        let (_, dim) = best?;
        let n_groups = self.groups_of(cell, dim, rules, &mut groups);
        Some((dim, groups, n_groups))
    }

    /// The values of `cell` on `dim`, grouped by the rules that allow them.
    fn groups_of(
        &self,
        cell: &Cube,
        dim: usize,
        rules: Range<usize>,
        groups: &mut [u64; MAX_VALUES],
    ) -> usize {
        groups[0] = cell[dim];
        let mut n_groups = 1;
        for k in rules {
            refine(
                groups,
                &mut n_groups,
                self.input.rules[self.survey[k]].cube[dim],
            );
        }
        n_groups
    }
}

/// Sets `winners` to the rules of `rules` (ascending) of the highest level among them, and
/// returns that level; `None` when `rules` is empty.
fn highest(
    input: &CoverageInput,
    rules: impl Iterator<Item = usize> + Clone,
    winners: &mut Vec<usize>,
) -> Option<u8> {
    let best = rules.clone().map(|idx| input.rules[idx].level).max()?;
    winners.clear();
    winners.extend(rules.filter(|&idx| input.rules[idx].level == best));
    Some(best)
}

/// Records a possible case where `rules` match and `winners` (of level `best`) are chosen.
fn mark(
    report: &mut CoverageReport,
    input: &CoverageInput,
    rules: impl Iterator<Item = usize>,
    best: u8,
    winners: &[usize],
) {
    for idx in rules {
        report.reachable[idx] = true;
        if input.rules[idx].level == best {
            report.chosen[idx] = true;
        } else {
            report.beaten_by[idx].extend(winners.iter().copied());
        }
    }
}

/// Merges cubes that differ in exactly one dimension, until none do. Keeps them disjoint.
///
/// In passes: each cube in turn absorbs, in order, every later cube it can be merged with
/// (the absorbed one's place taken by the last cube). The result depends on that order, so
/// longer lists find the next cube to absorb through an index instead of scanning, but absorb
/// exactly the same cubes.
pub fn merge_cubes(cubes: Vec<Cube>) -> Vec<Cube> {
    let same_length = cubes.windows(2).all(|pair| pair[0].len() == pair[1].len());
    let dims = cubes.first().map_or(0, Vec::len);
    if cubes.len() <= MERGE_SCAN_MAX || !same_length || dims == 0 {
        merge_by_scanning(cubes)
    } else {
        let n_cubes = cubes.len();
        merge_with_index(dims, n_cubes, cubes.into_iter().flatten().collect())
    }
}

/// [`merge_cubes`] of `n_cubes` cubes of `dims` dimensions given one after another.
fn merge_flat(dims: usize, n_cubes: usize, masks: Vec<u64>) -> Vec<Cube> {
    if n_cubes <= MERGE_SCAN_MAX || dims == 0 {
        let cubes = match dims {
            0 => vec![Vec::new(); n_cubes],
            _ => masks.chunks(dims).map(<[u64]>::to_vec).collect(),
        };
        merge_by_scanning(cubes)
    } else {
        merge_with_index(dims, n_cubes, masks)
    }
}

/// Up to this many cubes, [`merge_cubes`] scans.
const MERGE_SCAN_MAX: usize = 48;

fn merge_by_scanning(mut cubes: Vec<Cube>) -> Vec<Cube> {
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

/// The merge of [`merge_cubes`] for `n_cubes` cubes of `dims` (at least one) dimensions given
/// one after another in `masks`.
fn merge_with_index(dims: usize, n_cubes: usize, masks: Vec<u64>) -> Vec<Cube> {
    let mut index = MergeIndex::new(dims, n_cubes, masks);
    // The list the scan works on holds ids (the cubes' places in `masks`, which do not
    // move); like the scan's list it loses absorbed cubes by `swap_remove`.
    let mut at: Vec<usize> = (0..n_cubes).collect();
    let mut merged_any = true;
    while merged_any {
        merged_any = false;
        let mut idx = 0;
        while idx < at.len() {
            // The scan would pass over every cube before `other` and absorb `other`.
            let mut from = idx + 1;
            while let Some((other, dim)) = index.first_mergeable(at[idx], from) {
                let absorbed = at.swap_remove(other);
                if let Some(&moved) = at.get(other) {
                    index.position[moved] = other;
                }
                index.absorb(at[idx], absorbed, dim);
                merged_any = true;
                from = other;
            }
            idx += 1;
        }
    }
    let mut merged: Vec<Cube> = at.iter().map(|&id| index.cube(id).to_vec()).collect();
    merged.sort();
    merged
}

/// For each dimension, the cubes grouped by a hash of their other dimensions: cubes that
/// differ only in that dimension share a group. Groups are found through a table indexed by
/// the hash's top bits, so different hashes, and different dimensions, can share a group:
/// every candidate is checked. A group is a circular doubly linked list through the nodes,
/// one node per cube and dimension, and one more node that stands for the group (so that a
/// cube leaves its group without a look-up); it holds exactly the cubes not yet absorbed,
/// under their current masks.
struct MergeIndex {
    dims: usize,
    /// The masks of every cube, by id, `dims` at a time.
    masks: Vec<u64>,
    /// Per id: [`MergeIndex::whole_of`] its masks.
    whole: Vec<u64>,
    /// Per id: its position in the list, or [`NO_ENTRY`] once absorbed.
    position: Vec<usize>,
    /// The top `64 - shift` bits of a group key → the group's own node, or [`NO_ENTRY`].
    table: Vec<usize>,
    shift: u32,
    /// Per node: the previous and next node of its group. Node `id * dims + dim` is cube
    /// `id`'s for `dim`; the groups' own nodes follow the cubes'.
    links: Vec<(usize, usize)>,
    /// The number of cube nodes.
    n_nodes: usize,
    /// Per cube node: its cube.
    owner: Vec<usize>,
}

const NO_ENTRY: usize = usize::MAX;

impl MergeIndex {
    /// Files `n_cubes` cubes of `dims` dimensions, given one after another in `masks`,
    /// under their ids, their positions.
    fn new(dims: usize, n_cubes: usize, masks: Vec<u64>) -> MergeIndex {
        // At least twice as many places as nodes, so that few groups share one.
        let bits = (2 * n_cubes * dims)
            .next_power_of_two()
            .trailing_zeros()
            .max(1);
        let mut index = MergeIndex {
            dims,
            whole: masks.chunks(dims).map(MergeIndex::whole_of).collect(),
            masks,
            position: (0..n_cubes).collect(),
            table: vec![NO_ENTRY; 1 << bits],
            shift: 64 - bits,
            links: vec![(NO_ENTRY, NO_ENTRY); n_cubes * dims],
            n_nodes: n_cubes * dims,
            owner: (0..n_cubes * dims).map(|node| node / dims).collect(),
        };
        for id in 0..n_cubes {
            for dim in 0..dims {
                index.file(id, dim);
            }
        }
        index
    }

    /// A hash of one dimension's mask.
    fn part(dim: usize, mask: u64) -> u64 {
        // splitmix64's finaliser.
        let mut hash = mask ^ (dim as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        hash = (hash ^ (hash >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        hash = (hash ^ (hash >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        hash ^ (hash >> 31)
    }

    /// The hash of every dimension of `cube`; without dimension `dim`, it is this less
    /// `part(dim, cube[dim])`.
    fn whole_of(cube: &[u64]) -> u64 {
        cube.iter().enumerate().fold(0u64, |hash, (dim, &mask)| {
            hash.wrapping_add(MergeIndex::part(dim, mask))
        })
    }

    fn mask(&self, id: usize, dim: usize) -> u64 {
        self.masks[id * self.dims + dim]
    }

    fn cube(&self, id: usize) -> &[u64] {
        &self.masks[id * self.dims..(id + 1) * self.dims]
    }

    /// The key of the group of `id` for `dim`.
    fn key(&self, id: usize, dim: usize) -> u64 {
        self.whole[id].wrapping_sub(MergeIndex::part(dim, self.mask(id, dim)))
    }

    /// Puts `id` into its group for `dim`, right after the group's own node.
    fn file(&mut self, id: usize, dim: usize) {
        let node = id * self.dims + dim;
        let place = usize::try_from(self.key(id, dim) >> self.shift).unwrap_or(0);
        let mut group = self.table[place];
        if group == NO_ENTRY {
            group = self.links.len();
            self.links.push((group, group));
            self.table[place] = group;
        }
        let next = self.links[group].1;
        self.links[group].1 = node;
        self.links[next].0 = node;
        self.links[node] = (group, next);
    }

    /// Takes `id` out of its group for `dim`.
    fn unfile(&mut self, id: usize, dim: usize) {
        let node = id * self.dims + dim;
        let (previous, next) = self.links[node];
        self.links[previous].1 = next;
        self.links[next].0 = previous;
    }

    /// `id` absorbs `absorbed`, with which it differs only in `dim`.
    fn absorb(&mut self, id: usize, absorbed: usize, dim: usize) {
        for d in 0..self.dims {
            self.unfile(absorbed, d);
        }
        self.position[absorbed] = NO_ENTRY;
        // The group for `dim` ignores `dim`: `id` stays in it.
        for d in (0..self.dims).filter(|&d| d != dim) {
            self.unfile(id, d);
        }
        let grown = self.mask(id, dim) | self.mask(absorbed, dim);
        let old = self.mask(id, dim);
        self.whole[id] = self.whole[id]
            .wrapping_sub(MergeIndex::part(dim, old))
            .wrapping_add(MergeIndex::part(dim, grown));
        self.masks[id * self.dims + dim] = grown;
        for d in (0..self.dims).filter(|&d| d != dim) {
            self.file(id, d);
        }
    }

    /// The first position from `from` on whose cube can be merged with the cube `id`, and
    /// the dimension in which they differ.
    fn first_mergeable(&self, id: usize, from: usize) -> Option<(usize, usize)> {
        let cube = self.cube(id);
        let mut first: Option<(usize, usize)> = None;
        for dim in 0..self.dims {
            // The group is the ring through `id`'s own node.
            let own = id * self.dims + dim;
            let mut node = self.links[own].1;
            while node != own {
                let here = node;
                node = self.links[node].1;
                if here >= self.n_nodes {
                    continue;
                }
                let other = self.owner[here];
                let position = self.position[other];
                if position < from || first.is_some_and(|(best, _)| best <= position) {
                    continue;
                }
                // Hashes can collide, so every candidate is checked.
                if let Some(differing) = differing_dimension(cube, self.cube(other)) {
                    first = Some((position, differing));
                }
            }
        }
        first
    }
}

/// The one dimension in which two cubes differ, if they differ in exactly one.
fn differing_dimension(left: &[u64], right: &[u64]) -> Option<usize> {
    let mut differing = None;
    for (dim, (a, b)) in left.iter().zip(right).enumerate() {
        if a != b {
            if differing.is_some() {
                return None;
            }
            differing = Some(dim);
        }
    }
    differing
}

fn merge_pair(left: &Cube, right: &Cube) -> Option<Cube> {
    let dim = differing_dimension(left, right)?;
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
    fn an_exhausted_survey_leaves_the_walk_unpruned() {
        // A gap, an overlap and shadowed rules; with no work allowed to the survey, the
        // pruned analysis is the full one, and lists every chosen leaf.
        let input = CoverageInput {
            sizes: vec![3, 2, 2],
            rules: vec![
                rule(&[0b001, 0b11, 0b11], 0),
                rule(&[0b001, 0b01, 0b11], 1),
                rule(&[0b110, 0b01, 0b11], 0),
                rule(&[0b110, 0b11, 0b01], 0),
            ],
            impossible: vec![vec![0b100, 0b10, 0b10]],
            leaf_recording: LeafRecording::Record,
        };
        let full = analyse(&input);
        assert!(!full.gaps.is_empty() && !full.overlaps.is_empty());
        let never = |_: &[u64], _: &[usize]| false;
        let chosen_leaves: Vec<Leaf> = full
            .leaves
            .iter()
            .filter(|leaf| matches!(leaf.outcome, LeafOutcome::Chosen(_)))
            .cloned()
            .collect();
        assert!(chosen_leaves.len() < full.leaves.len());
        for limit in [0, 1, 2, 3] {
            let exhausted = run(&input, Some(&never), Some(limit), WORK_BUDGET);
            assert_eq!(
                CoverageReport {
                    leaves: chosen_leaves.clone(),
                    ..full.clone()
                },
                exhausted,
                "limit {limit}"
            );
        }
        let pruned = analyse_pruned(&input, &never);
        assert_eq!(pruned.gaps, full.gaps);
        assert_eq!(pruned.overlaps, full.overlaps);
        assert_eq!(pruned.chosen, full.chosen);
        assert!(pruned.leaves.len() < full.leaves.len());
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

    #[test]
    fn a_cell_less_impossible_cubes_is_cut_into_disjoint_pieces() {
        // A 3 × 3 cell less its middle case, then less the first row.
        let mut out = Vec::new();
        let count = subtract(
            &[0b111, 0b111],
            &[&[0b010, 0b010], &[0b001, 0b111]],
            &mut out,
        );
        let pieces: Vec<&[u64]> = out.chunks(2).collect();
        assert_eq!(pieces.len(), count);
        let cases: u32 = pieces
            .iter()
            .map(|piece| piece[0].count_ones() * piece[1].count_ones())
            .sum();
        assert_eq!(cases, 9 - 1 - 3);
        for (idx, piece) in pieces.iter().enumerate() {
            assert!(!meets(piece, &[0b010, 0b010]) && !meets(piece, &[0b001, 0b111]));
            assert!(pieces[idx + 1..].iter().all(|other| !meets(piece, other)));
        }
        // Without cubes, the cell itself; with no dimension, the one empty case.
        assert_eq!(subtract(&[0b11], &[], &mut out), 1);
        assert_eq!(subtract(&[], &[], &mut Vec::new()), 1);
    }

    #[test]
    fn the_pruned_analysis_takes_gaps_from_the_survey() {
        // Two rules leave the corner `(2, 2)` uncovered; one impossible case sits in it.
        let input = CoverageInput {
            sizes: vec![3, 3],
            rules: vec![rule(&[0b011, 0b111], 0), rule(&[0b100, 0b011], 0)],
            impossible: vec![vec![0b100, 0b100]],
            ..CoverageInput::default()
        };
        let pruned = analyse_pruned(&input, &|_: &[u64], _: &[usize]| false);
        assert!(pruned.gaps.is_empty(), "{:?}", pruned.gaps);
        let input = CoverageInput {
            impossible: Vec::new(),
            ..input
        };
        let pruned = analyse_pruned(&input, &|_: &[u64], _: &[usize]| false);
        assert_eq!(pruned.gaps, [vec![0b100, 0b100]]);
        assert_eq!(analyse(&input).gaps, pruned.gaps);
    }
}
