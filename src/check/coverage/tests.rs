//! Unit tests of the coverage walk, cube subtraction and merging.

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
        overlap_recording: OverlapRecording::Record,
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
