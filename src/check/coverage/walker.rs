//! The walk: specialisation dimension by dimension, with its survey of the rules that can
//! meet, recording leaves, overlaps and shadowed rules into the report.

use super::*;

/// The survey stopped at its work limit.
pub(super) struct Exhausted;

/// Cells the survey may visit: a base plus this many per rule or impossible cube.
pub(super) const SURVEY_BASE: usize = 4_096;
pub(super) const SURVEY_PER_RULE: usize = 256;
/// The survey's work budget, in units of one rule weighed in one dimension, is this many
/// times the walk's; past it the survey gives up and the walk goes everywhere.
const SURVEY_WORK_FACTOR: usize = 4;

pub(super) struct Walker<'a> {
    pub(super) input: &'a CoverageInput,
    pub(super) full: Vec<u64>,
    pub(super) report: CoverageReport,
    pub(super) overlaps: BTreeMap<Vec<usize>, Vec<Cube>>,
    pub(super) n_leaves: usize,
    /// Work units spent so far (see [`WORK_BUDGET`]).
    pub(super) work: usize,
    /// The walk's budget ([`WORK_BUDGET`] unless the caller gives another).
    pub(super) budget: usize,
    /// The survey's work so far (see [`SURVEY_WORK_FACTOR`]).
    pub(super) survey_work: usize,
    /// Lists of active rule and impossible indices, stacked by the walk; a node's lists are
    /// ranges of it.
    pub(super) arena: Vec<usize>,
    /// The same for the survey.
    pub(super) survey: Vec<usize>,
    /// The cells the survey kept: where something may need reporting.
    pub(super) kept: Vec<Cube>,
    /// Lists of indices into `kept`, stacked by the walk like `arena`.
    pub(super) kept_arena: Vec<usize>,
    /// The value groups of the nodes being walked, stacked.
    pub(super) groups: Vec<u64>,
    /// The groups each node being walked will enter, stacked.
    pub(super) branches: Vec<Branch>,
    pub(super) winners: Vec<usize>,
    /// The uncovered cases as disjoint cubes, one after another (`n_gaps` of them, each a
    /// cube's masks): the walk's uncovered leaves, or the survey's uncovered cells.
    pub(super) gap_masks: Vec<u64>,
    pub(super) n_gaps: usize,
    /// Whether the survey recorded the gaps (so the walk must not record them again).
    pub(super) gaps_from_survey: bool,
    /// Whether uncovered and impossible leaves are recorded (the pruned walk leaves them
    /// out: its callers only need chosen leaves).
    pub(super) other_leaves: LeafRecording,
}

/// A group of values the walk enters, with its lists (ranges of `arena` and `kept_arena`).
#[derive(Clone, Debug)]
pub(super) struct Branch {
    mask: u64,
    rules: Range<usize>,
    impossible: Range<usize>,
    kept: Option<Range<usize>>,
}

impl Walker<'_> {
    /// True when `cube` allows every value of every dimension from `dim` on.
    pub(super) fn covers_rest(&self, cube: &[u64], dim: usize) -> bool {
        (dim..self.full.len()).all(|d| cube[d] & self.full[d] == self.full[d])
    }

    /// Walks the part `prefix` of the space (restricted on the dimensions before `dim`),
    /// whose intersecting rules and impossible cubes are `rules` and `impossible` in
    /// `arena`. With `kept`, the kept cells that meet it (in `kept_arena`): the part is
    /// skipped if there are none.
    pub(super) fn walk(
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
    pub(super) fn spend(&mut self, units: usize) -> bool {
        self.work += units;
        if self.work > self.budget {
            self.report.truncated = true;
        }
        !self.report.truncated
    }

    pub(super) fn leaf(&mut self, cube: &Cube, rules: Range<usize>) {
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
        if winners.len() > 1 && self.input.overlap_recording == OverlapRecording::Record {
            self.overlaps
                .entry(winners.clone())
                .or_default()
                .push(cube.clone());
        }
        self.winners = winners;
    }

    pub(super) fn record(&mut self, cube: &Cube, outcome: LeafOutcome) {
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
    pub(super) fn survey(
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
    pub(super) fn survey_cell(
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
    pub(super) fn survey_uniform(
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
    pub(super) fn split_dimension(
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
    pub(super) fn groups_of(
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
