//! Issue 15, item 3: facts of any size. Decisions over a fact of 1, 63, 64, 65, 200 and 1,000
//! values (and a small one, and two segments), with random articles, are checked against
//! brute force over every case: overlaps (E0203), gaps (W0201) and never-chosen articles
//! (W0202) are reported exactly when a case has them, and the JSON's selection says, on every
//! case, what `render --given` (which reads the conditions one case at a time) says.

use std::collections::BTreeSet;

use phrasec::emit::json::{self, Outcome};
use phrasec::situation::{self, Situation};

use crate::support::lcg::Lcg;

const SIZES: [usize; 6] = [1, 63, 64, 65, 200, 1000];

/// A random rule set: fact `f` of `size` values, fact `g` of three, segments `a` and `b`, and
/// a few articles of decision `d` over both.
fn rule_set(size: usize, rng: &mut Lcg) -> String {
    let values: Vec<String> = (0..size).map(|i| format!("v{i} \"值{i}\"")).collect();
    let mut text = format!(
        "spec \"s\"\nsegment a \"甲\"\nsegment b \"乙\"\nfact f \"F\" {{ {} }}\n\
         fact g \"G\" {{ x \"X\", y \"Y\", z \"Z\" }}\ndecision d \"D\" over f, g\n",
        values.join(", ")
    );
    if rng.chance(30) {
        text += &format!("never f = v{} and g = z\n", rng.below(size));
    }
    let n_articles = 1 + rng.below(6);
    for number in 1..=n_articles {
        let mut tests = Vec::new();
        if rng.chance(70) {
            let picked: BTreeSet<usize> = (0..1 + rng.below(4)).map(|_| rng.below(size)).collect();
            let names: Vec<String> = picked.iter().map(|v| format!("v{v}")).collect();
            let operator = if rng.chance(30) { "not in" } else { "in" };
            tests.push(format!("f {operator} {{{}}}", names.join(", ")));
        }
        if rng.chance(40) {
            tests.push(format!("g = {}", rng.pick(&["x", "y", "z"])));
        }
        if rng.chance(30) {
            tests.push(format!("segment = {}", rng.pick(&["a", "b"])));
        }
        let condition = match tests.is_empty() {
            true => String::new(),
            false => format!(" when {}", tests.join(" and ")),
        };
        text += &format!(
            "article {number} \"第{number}条\" in d{condition}\n  say \"第{number}条。\"\n"
        );
    }
    text
}

/// What brute force finds over every case: whether some case has a tie, some an uncovered
/// case, and which articles are chosen somewhere.
struct Found {
    tie: bool,
    gap: bool,
    chosen: BTreeSet<u32>,
}

fn brute_force(model: &phrasec::check::model::Model) -> Found {
    let mut found = Found {
        tie: false,
        gap: false,
        chosen: BTreeSet::new(),
    };
    for f in 0..model.facts[0].values.len() {
        for g in 0..3 {
            for segment in 0..2 {
                let situation = Situation {
                    segment: Some(segment),
                    values: [(0, f), (1, g)].into_iter().collect(),
                };
                let outcomes = situation::choose(model, &situation).expect("d is answered");
                match &outcomes[0].outcome {
                    situation::Outcome::Chosen { chosen, .. } => {
                        found.chosen.insert(model.articles[chosen.article].number);
                    }
                    situation::Outcome::Tied(_) => found.tie = true,
                    situation::Outcome::Uncovered => found.gap = true,
                    situation::Outcome::Impossible { .. } => {}
                }
            }
        }
    }
    found
}

/// The JSON selection, case by case, against `situation::choose`.
fn assert_selection_matches(compilation: &phrasec::Compilation) {
    let model = &compilation.model;
    let document = json::document(model, &compilation.sources);
    let selection = document.decisions[0]
        .selection
        .as_ref()
        .expect("the decision is analysed");
    let size = model.facts[0].values.len();
    for f in 0..size {
        for g in 0..3 {
            for segment in 0..2 {
                let names = [
                    ("f", model.facts[0].values[f].name.as_str()),
                    ("g", model.facts[1].values[g].name.as_str()),
                    ("segment", model.segments[segment].name.as_str()),
                ];
                let groups: Vec<&json::Selection> = selection
                    .iter()
                    .filter(|group| {
                        group.cases.iter().all(|values| {
                            let (_, value) = names
                                .iter()
                                .find(|(subject, _)| *subject == values.subject)
                                .expect("a subject of the decision");
                            values.values.iter().any(|v| v == value)
                        })
                    })
                    .collect();
                assert_eq!(groups.len(), 1, "f = v{f}, g = {g}, segment = {segment}");
                let situation = Situation {
                    segment: Some(segment),
                    values: [(0, f), (1, g)].into_iter().collect(),
                };
                let outcomes = situation::choose(model, &situation).expect("answered");
                let expected = match &outcomes[0].outcome {
                    situation::Outcome::Chosen { chosen, .. } => Outcome::Chosen {
                        article: model.articles[chosen.article].number,
                        case: None,
                        case_label: None,
                    },
                    situation::Outcome::Uncovered => Outcome::Uncovered,
                    situation::Outcome::Impossible { .. } => Outcome::Impossible,
                    situation::Outcome::Tied(_) => unreachable!("no errors"),
                };
                assert_eq!(
                    groups[0].outcome, expected,
                    "f = v{f}, g = {g}, segment {segment}"
                );
            }
        }
    }
}

#[test]
fn coverage_of_facts_of_any_size_agrees_with_brute_force() {
    let mut rng = Lcg::new(15);
    let mut checked = 0;
    for size in SIZES {
        let checked_before = checked;
        // Fewer rounds for the largest facts: each round looks at every case.
        let rounds = if size >= 200 { 20 } else { 60 };
        for _ in 0..rounds {
            let text = rule_set(size, &mut rng);
            let compilation = phrasec::compile_str("big.phr", &text);
            let codes: BTreeSet<&str> = compilation
                .diagnostics
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            assert!(!codes.contains("W0205"), "not checked:\n{text}");
            // An article whose condition can never hold (E0202) is a different error.
            let other_errors = compilation
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.code.as_str() != "E0203");
            if other_errors {
                continue;
            }
            let found = brute_force(&compilation.model);
            assert_eq!(codes.contains("E0203"), found.tie, "{codes:?}\n{text}");
            if found.tie {
                continue;
            }
            assert_eq!(codes.contains("W0201"), found.gap, "{codes:?}\n{text}");
            let n_articles = compilation.model.articles.len();
            let never_chosen = n_articles - found.chosen.len();
            let shadowed = compilation
                .diagnostics
                .iter()
                .filter(|d| matches!(d.code.as_str(), "W0202" | "W0204"))
                .count();
            assert!(
                (never_chosen == 0) == (shadowed == 0) || codes.contains("W0204"),
                "{never_chosen} never chosen, {codes:?}\n{text}"
            );
            assert_selection_matches(&compilation);
            checked += 1;
        }
        assert!(
            checked - checked_before >= 3,
            "size {size}: too few rule sets checked"
        );
    }
    assert!(checked > 40, "only {checked} rule sets without overlaps");
}

/// A gap in a fact of 1,000 values names the values it misses (a few, then how many more).
#[test]
fn a_gap_in_a_fact_of_a_thousand_values_is_described() {
    let values: Vec<String> = (0..1000).map(|i| format!("v{i} \"值{i}\"")).collect();
    let text = format!(
        "spec \"s\"\nfact f \"F\" {{ {} }}\ndecision d \"D\" over f\n\
         article 1 \"一\" in d when f in {{v0, v999}}\n  say \"一。\"\n",
        values.join(", ")
    );
    let compilation = phrasec::compile_str("big.phr", &text);
    let gap = compilation
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "W0201")
        .expect("the other 998 values are a gap");
    assert!(
        gap.message.contains("f in {v1, v2, v3") && gap.message.contains("… 986 more"),
        "{}",
        gap.message
    );
}
