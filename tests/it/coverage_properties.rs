//! The coverage algorithm agrees exactly with brute-force enumeration on small random
//! domains: gaps, overlaps, reachability, the chosen rules and what beats each rule. The
//! pruned walk the checks use reports exactly what the full walk reports; `covered` agrees
//! with enumeration, and `merge_cubes` with the plain pairwise scan it replaces.

use std::collections::{BTreeMap, BTreeSet};

use phrasec::check::coverage::{
    CoverageInput, CoverageRule, Cube, Leaf, LeafOutcome, LeafRecording, analyse, analyse_pruned,
    covered, merge_cubes,
};
use proptest::prelude::*;

type Point = Vec<usize>;

fn points(sizes: &[usize]) -> Vec<Point> {
    let mut all = vec![Vec::new()];
    for &size in sizes {
        all = all
            .into_iter()
            .flat_map(|prefix: Point| {
                (0..size).map(move |value| {
                    let mut point = prefix.clone();
                    point.push(value);
                    point
                })
            })
            .collect();
    }
    all
}

fn contains(cube: &Cube, point: &Point) -> bool {
    cube.iter()
        .zip(point)
        .all(|(mask, &value)| mask & (1u64 << value) != 0)
}

fn points_of(cubes: &[Cube], sizes: &[usize]) -> BTreeSet<Point> {
    points(sizes)
        .into_iter()
        .filter(|point| cubes.iter().any(|cube| contains(cube, point)))
        .collect()
}

struct Brute {
    gaps: BTreeSet<Point>,
    overlaps: BTreeMap<Vec<usize>, BTreeSet<Point>>,
    reachable: Vec<bool>,
    chosen: Vec<bool>,
    beaten_by: Vec<Vec<usize>>,
}

fn brute_force(input: &CoverageInput) -> Brute {
    let n_rules = input.rules.len();
    let mut brute = Brute {
        gaps: BTreeSet::new(),
        overlaps: BTreeMap::new(),
        reachable: vec![false; n_rules],
        chosen: vec![false; n_rules],
        beaten_by: vec![Vec::new(); n_rules],
    };
    for point in points(&input.sizes) {
        if input.impossible.iter().any(|cube| contains(cube, &point)) {
            continue;
        }
        let matching: Vec<usize> = (0..n_rules)
            .filter(|&idx| contains(&input.rules[idx].cube, &point))
            .collect();
        let Some(best) = matching.iter().map(|&idx| input.rules[idx].level).max() else {
            brute.gaps.insert(point);
            continue;
        };
        let winners: Vec<usize> = matching
            .iter()
            .copied()
            .filter(|&idx| input.rules[idx].level == best)
            .collect();
        for &idx in &matching {
            brute.reachable[idx] = true;
            if input.rules[idx].level == best {
                brute.chosen[idx] = true;
            } else {
                brute.beaten_by[idx].extend(winners.iter().copied());
            }
        }
        if winners.len() > 1 {
            brute.overlaps.entry(winners).or_default().insert(point);
        }
    }
    for beaten in &mut brute.beaten_by {
        beaten.sort_unstable();
        beaten.dedup();
    }
    brute
}

fn cube_strategy(sizes: Vec<usize>) -> impl Strategy<Value = Cube> {
    sizes
        .into_iter()
        .map(|size| {
            let full = (1u64 << size) - 1;
            // Mostly non-empty masks, sometimes the full dimension.
            prop_oneof![Just(full), 1..=full]
        })
        .collect::<Vec<_>>()
}

fn input_strategy() -> impl Strategy<Value = CoverageInput> {
    prop::collection::vec(1usize..=4, 1..=4).prop_flat_map(|sizes| {
        let rules = prop::collection::vec(
            (cube_strategy(sizes.clone()), 0u8..=1)
                .prop_map(|(cube, level)| CoverageRule { cube, level }),
            0..=7,
        );
        let impossible = prop::collection::vec(cube_strategy(sizes.clone()), 0..=2);
        (Just(sizes), rules, impossible).prop_map(|(sizes, rules, impossible)| CoverageInput {
            sizes,
            rules,
            impossible,
            ..CoverageInput::default()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn coverage_agrees_with_brute_force(input in input_strategy()) {
        let report = analyse(&input);
        let brute = brute_force(&input);

        prop_assert_eq!(points_of(&report.gaps, &input.sizes), brute.gaps.clone());
        let n_gap_points: u128 = report.gaps.iter().map(phrasec::check::coverage::cube_size).sum();
        prop_assert_eq!(n_gap_points, brute.gaps.len() as u128, "gap cubes are disjoint");

        let overlaps: BTreeMap<Vec<usize>, BTreeSet<Point>> = report
            .overlaps
            .iter()
            .map(|overlap| (overlap.rules.clone(), points_of(&overlap.cubes, &input.sizes)))
            .collect();
        prop_assert_eq!(&overlaps, &brute.overlaps);
        prop_assert_eq!(&report.reachable, &brute.reachable);
        prop_assert_eq!(&report.chosen, &brute.chosen);
        prop_assert_eq!(&report.beaten_by, &brute.beaten_by);
        prop_assert!(!report.truncated);

        // The pruned walk the checks run, wanting no leaf, against the same enumeration.
        let pruned = analyse_pruned(&input, &|_: &[u64], _: &[usize]| false);
        prop_assert_eq!(points_of(&pruned.gaps, &input.sizes), brute.gaps.clone());
        let pruned_overlaps: BTreeMap<Vec<usize>, BTreeSet<Point>> = pruned
            .overlaps
            .iter()
            .map(|overlap| (overlap.rules.clone(), points_of(&overlap.cubes, &input.sizes)))
            .collect();
        prop_assert_eq!(pruned_overlaps, brute.overlaps);
        prop_assert_eq!(pruned.reachable, brute.reachable);
        prop_assert_eq!(pruned.chosen, brute.chosen);
        prop_assert_eq!(pruned.beaten_by, brute.beaten_by);
        prop_assert!(!pruned.truncated);
    }
}

/// A monotone filter for `analyse_pruned`: wants a cube if it meets `probe` and `rule` is
/// among the winners (or always, or never).
#[derive(Clone, Debug)]
enum Filter {
    Never,
    Always,
    Meets { probe: Cube, rule: usize },
}

impl Filter {
    fn wants(&self, cube: &[u64], winners: &[usize]) -> bool {
        match self {
            Filter::Never => false,
            Filter::Always => true,
            Filter::Meets { probe, rule } => {
                winners.contains(rule) && probe.iter().zip(cube).all(|(p, c)| p & c != 0)
            }
        }
    }
}

fn pruned_strategy() -> impl Strategy<Value = (CoverageInput, Filter)> {
    input_strategy().prop_flat_map(|input| {
        let sizes = input.sizes.clone();
        let n_rules = input.rules.len().max(1);
        let filter = prop_oneof![
            Just(Filter::Never),
            Just(Filter::Always),
            (cube_strategy(sizes), 0..n_rules)
                .prop_map(|(probe, rule)| Filter::Meets { probe, rule }),
        ];
        (Just(input), filter)
    })
}

/// True when `part` is `whole` with some elements left out.
fn is_subsequence(part: &[Leaf], whole: &[Leaf]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|leaf| rest.any(|other| other == leaf))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The pruned walk reports exactly what the full walk reports, and keeps every chosen
    /// leaf the filter wants (and every overlap), in the same order.
    #[test]
    fn pruned_analysis_agrees_with_full_analysis((input, filter) in pruned_strategy()) {
        let mut input = input;
        input.leaf_recording = LeafRecording::Record;
        let full = analyse(&input);
        let pruned = analyse_pruned(&input, &|cube: &[u64], winners: &[usize]| {
            filter.wants(cube, winners)
        });
        // The same uncovered cases, as disjoint cubes (the pruned walk takes them from the
        // survey's cells, which are cut differently from the full walk's leaves).
        prop_assert_eq!(
            points_of(&pruned.gaps, &input.sizes),
            points_of(&full.gaps, &input.sizes)
        );
        let n_pruned_gap_points: u128 = pruned.gaps.iter().map(phrasec::check::coverage::cube_size).sum();
        let n_full_gap_points: u128 = full.gaps.iter().map(phrasec::check::coverage::cube_size).sum();
        prop_assert_eq!(n_pruned_gap_points, n_full_gap_points, "gap cubes are disjoint");
        prop_assert_eq!(&pruned.overlaps, &full.overlaps);
        prop_assert_eq!(&pruned.reachable, &full.reachable);
        prop_assert_eq!(&pruned.chosen, &full.chosen);
        prop_assert_eq!(&pruned.beaten_by, &full.beaten_by);
        prop_assert!(!pruned.truncated);
        prop_assert!(is_subsequence(&pruned.leaves, &full.leaves));
        for leaf in &full.leaves {
            let needed = match &leaf.outcome {
                LeafOutcome::Chosen(winners) => winners.len() > 1 || filter.wants(&leaf.cube, winners),
                LeafOutcome::Uncovered | LeafOutcome::Impossible => false,
            };
            if needed {
                prop_assert!(pruned.leaves.contains(leaf), "missing leaf {:?}", leaf);
            }
        }
        // Only chosen leaves are listed; wanting every one, all of them.
        prop_assert!(pruned.leaves.iter().all(|leaf| matches!(leaf.outcome, LeafOutcome::Chosen(_))));
        if matches!(filter, Filter::Always) {
            let chosen: Vec<&Leaf> = full
                .leaves
                .iter()
                .filter(|leaf| matches!(leaf.outcome, LeafOutcome::Chosen(_)))
                .collect();
            prop_assert_eq!(pruned.leaves.iter().collect::<Vec<_>>(), chosen);
        }
    }

    /// `merge_cubes` (which indexes long lists) merges exactly as the plain pairwise scan.
    #[test]
    fn merge_cubes_agrees_with_the_plain_scan(
        cubes in prop::collection::vec(prop::collection::vec(1u64..=15, 3), 0..=160)
    ) {
        prop_assert_eq!(merge_cubes(cubes.clone()), merge_by_scanning(cubes));
    }

    /// The same on lists of disjoint cases, which merge in long chains as the walk's
    /// fragments do: a random subset of the cases of a small space, in random order.
    #[test]
    fn merge_cubes_agrees_with_the_plain_scan_on_fragments(
        (sizes, keep, order) in prop::collection::vec(1usize..=4, 3..=5).prop_flat_map(|sizes| {
            let n_points = sizes.iter().product::<usize>();
            (
                Just(sizes),
                prop::collection::vec(prop::bool::weighted(0.7), n_points),
                Just((0..n_points).collect::<Vec<usize>>()).prop_shuffle(),
            )
        })
    ) {
        let points = points(&sizes);
        let cubes: Vec<Cube> = order
            .iter()
            .filter(|&&idx| keep[idx])
            .map(|&idx| points[idx].iter().map(|&value| 1u64 << value).collect())
            .collect();
        let merged = merge_cubes(cubes.clone());
        let cases: u128 = merged.iter().map(phrasec::check::coverage::cube_size).sum();
        prop_assert_eq!(cases, cubes.len() as u128);
        prop_assert_eq!(merged, merge_by_scanning(cubes));
    }

    /// `covered` agrees with enumeration.
    #[test]
    fn covered_agrees_with_brute_force(input in input_strategy()) {
        let cubes: Vec<&[u64]> = input.impossible.iter().map(Vec::as_slice).collect();
        for rule in &input.rules {
            let brute = points(&input.sizes)
                .into_iter()
                .filter(|point| contains(&rule.cube, point))
                .all(|point| input.impossible.iter().any(|cube| contains(cube, &point)));
            prop_assert_eq!(covered(&rule.cube, &cubes), brute);
        }
    }
}

/// The merge of `merge_cubes` as first written: each cube absorbs every later cube that
/// differs from it in one dimension, in passes until none does.
fn merge_by_scanning(mut cubes: Vec<Cube>) -> Vec<Cube> {
    let merge_pair = |left: &Cube, right: &Cube| -> Option<Cube> {
        let differing: Vec<usize> = (0..left.len()).filter(|&d| left[d] != right[d]).collect();
        let [dim] = differing.as_slice() else {
            return None;
        };
        let mut merged = left.clone();
        merged[*dim] |= right[*dim];
        Some(merged)
    };
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

#[test]
fn merging_a_long_list_of_cubes() {
    // 4 × 4 × 4 single cases, shuffled: merged into one cube, whichever way.
    let mut cubes: Vec<Cube> = (0..64u64)
        .map(|n| vec![1 << (n % 4), 1 << (n / 4 % 4), 1 << (n / 16)])
        .collect();
    cubes.reverse();
    cubes.swap(3, 40);
    let merged = merge_cubes(cubes.clone());
    assert_eq!(merged, merge_by_scanning(cubes));
    let cases: u128 = merged.iter().map(phrasec::check::coverage::cube_size).sum();
    assert_eq!(cases, 64);
}

/// A decision tree that splits dimension 2 first: the full walk, which goes in dimension
/// order, cuts its 4 rules into 6 leaves; the pruned walk finds nothing to report and
/// records no leaf.
#[test]
fn pruned_walk_skips_a_clean_partition() {
    let rule = |cube: &[u64]| CoverageRule {
        cube: cube.to_vec(),
        level: 0,
    };
    let input = CoverageInput {
        sizes: vec![4, 2, 4],
        rules: vec![
            rule(&[0b0001, 0b11, 0b0011]),
            rule(&[0b1110, 0b11, 0b0011]),
            rule(&[0b0111, 0b11, 0b1100]),
            rule(&[0b1000, 0b11, 0b1100]),
        ],
        leaf_recording: LeafRecording::Record,
        ..CoverageInput::default()
    };
    let full = analyse(&input);
    let pruned = analyse_pruned(&input, &|_: &[u64], _: &[usize]| false);
    assert!(full.gaps.is_empty() && full.overlaps.is_empty());
    assert_eq!(full.leaves.len(), 6);
    assert!(pruned.leaves.is_empty());
    assert_eq!(pruned.chosen, vec![true; 4]);
    assert_eq!(pruned.reachable, full.reachable);
}

#[test]
fn brute_force_oracle_sees_a_known_gap() {
    let input = CoverageInput {
        sizes: vec![2],
        rules: vec![CoverageRule {
            cube: vec![0b01],
            level: 0,
        }],
        ..CoverageInput::default()
    };
    assert_eq!(brute_force(&input).gaps, BTreeSet::from([vec![1]]));
}
