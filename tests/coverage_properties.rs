//! The coverage algorithm agrees exactly with brute-force enumeration on small random
//! domains: gaps, overlaps, reachability, the chosen rules and what beats each rule.

use std::collections::{BTreeMap, BTreeSet};

use phrasec::check::coverage::{CoverageInput, CoverageRule, Cube, analyse};
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
        prop_assert_eq!(overlaps, brute.overlaps);
        prop_assert_eq!(report.reachable, brute.reachable);
        prop_assert_eq!(report.chosen, brute.chosen);
        prop_assert_eq!(report.beaten_by, brute.beaten_by);
        prop_assert!(!report.truncated);
    }
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
