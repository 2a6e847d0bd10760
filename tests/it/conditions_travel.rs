//! Issue 15, item 9: conditions travel with what they govern. The JSON carries each decision's
//! selection (which article, and which case of it, is chosen in which case, after precedence)
//! and `general for`; here a consumer's brute-force reading of the JSON's own conditions and
//! precedence agrees with the selection on every case of every decision. (The generated Rust
//! table's conditions are compared with the model by `codegen_differential`.)

use std::collections::BTreeMap;

use crate::support::rules::compile_bundled_rules;
use phrasec::emit::json::{self, Document, Outcome, Test};
use phrasec::{Compilation, Input, situation};

fn compile(name: &str, text: &str) -> Compilation {
    phrasec::compile(&[Input {
        name: name.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }])
}

fn document(compilation: &Compilation) -> Document {
    json::document(&compilation.model, &compilation.sources)
}

/// A case of a decision: a value per subject (facts and `segment`).
type Case = BTreeMap<String, String>;

fn holds(tests: &[Test], case: &Case) -> bool {
    tests.iter().all(|test| {
        case.get(&test.subject)
            .is_none_or(|value| test.allowed.contains(value))
    })
}

/// What a consumer that re-implements precedence from the JSON's conditions finds.
fn brute_force(document: &Document, decision: &str, case: &Case) -> Outcome {
    let within = |tests: &[Test]| tests.iter().all(|test| case.contains_key(&test.subject));
    if document
        .impossible
        .iter()
        .any(|never| within(&never.condition) && holds(&never.condition, case))
    {
        return Outcome::Impossible;
    }
    let all_segments = document.segments.len();
    let restricts_segment = |tests: &[&Test]| {
        tests
            .iter()
            .any(|test| test.subject == "segment" && test.allowed.len() < all_segments)
    };
    // (level, article, case position, case label) of every matching rule, in order.
    let mut matching = Vec::new();
    for article in document
        .articles
        .iter()
        .filter(|article| article.decision.as_deref() == Some(decision))
    {
        let mut position = 0;
        let mut plain = article.body.is_empty();
        for item in &article.body {
            match item {
                json::BodyItem::Case {
                    label, condition, ..
                } => {
                    position += 1;
                    let tests: Vec<&Test> = article.condition.iter().chain(condition).collect();
                    let owned: Vec<Test> = tests.iter().map(|&t| t.clone()).collect();
                    if holds(&owned, case) {
                        let level = u8::from(restricts_segment(&tests));
                        matching.push((level, article.number, Some(position), label.clone()));
                    }
                }
                _ => plain = true,
            }
        }
        if plain && holds(&article.condition, case) {
            let tests: Vec<&Test> = article.condition.iter().collect();
            let level = u8::from(restricts_segment(&tests));
            matching.push((level, article.number, None, None));
        }
    }
    let Some(top) = matching.iter().map(|rule| rule.0).max() else {
        return Outcome::Uncovered;
    };
    let (_, article, case, case_label) = matching
        .into_iter()
        .find(|rule| rule.0 == top)
        .expect("a rule of the top level");
    Outcome::Chosen {
        article,
        case,
        case_label,
    }
}

/// Every case of the decision, as values per subject.
fn every_case(document: &Document, decision: &json::Decision) -> Vec<Case> {
    let mut cases = vec![Case::new()];
    let mut dimensions: Vec<(String, Vec<String>)> = decision
        .facts
        .iter()
        .map(|fact| {
            let fact = document
                .facts
                .iter()
                .find(|f| &f.name == fact)
                .expect("a declared fact");
            (
                fact.name.clone(),
                fact.values.iter().map(|v| v.name.clone()).collect(),
            )
        })
        .collect();
    if !document.segments.is_empty() {
        let segments = document.segments.iter().map(|s| s.name.clone()).collect();
        dimensions.push(("segment".to_owned(), segments));
    }
    for (subject, values) in dimensions {
        let mut next = Vec::new();
        for case in &cases {
            for value in &values {
                let mut case = case.clone();
                case.insert(subject.clone(), value.clone());
                next.push(case);
            }
        }
        cases = next;
    }
    cases
}

/// What `phrasec render --given` finds for `case` (the library's `situation::choose`).
fn situation_outcome(compilation: &Compilation, decision: &str, case: &Case) -> Outcome {
    let model = &compilation.model;
    let given: Vec<(String, String)> = case
        .iter()
        .filter(|(subject, _)| *subject != "segment")
        .map(|(subject, value)| (subject.clone(), value.clone()))
        .collect();
    let segment = case
        .get("segment")
        .filter(|_| !model.segments.is_empty())
        .map(String::as_str);
    let situation = situation::parse_situation(model, &given, segment).expect("a valid case");
    let outcomes = situation::choose(model, &situation).expect("a decision applies");
    let found = outcomes
        .iter()
        .find(|o| model.decisions[o.decision].name == decision)
        .expect("the decision is answered");
    match &found.outcome {
        situation::Outcome::Chosen { chosen, .. } => {
            let article = &model.articles[chosen.article];
            let case_label = chosen
                .case
                .and_then(|position| article.case(position))
                .and_then(|case| case.label.clone());
            Outcome::Chosen {
                article: article.number,
                case: chosen.case,
                case_label,
            }
        }
        situation::Outcome::Uncovered => Outcome::Uncovered,
        situation::Outcome::Impossible { .. } => Outcome::Impossible,
        situation::Outcome::Tied(tied) => panic!("{decision}: {case:?} tied: {tied:?}"),
    }
}

/// The selection's groups partition the cases, and each says what brute force over the JSON
/// finds, and what `render --given` (the library's `situation::choose`) finds.
fn assert_selection_agrees(compilation: &Compilation, document: &Document) -> usize {
    let mut checked = 0;
    for decision in &document.decisions {
        let selection = decision
            .selection
            .as_ref()
            .expect("a small decision is analysed");
        for case in every_case(document, decision) {
            let groups: Vec<&json::Selection> = selection
                .iter()
                .filter(|group| {
                    group
                        .cases
                        .iter()
                        .all(|values| values.values.contains(&case[&values.subject]))
                })
                .collect();
            assert_eq!(groups.len(), 1, "{}: {case:?} in {groups:?}", decision.name);
            assert_eq!(
                groups[0].outcome,
                brute_force(document, &decision.name, &case),
                "{}: {case:?}",
                decision.name
            );
            assert_eq!(
                groups[0].outcome,
                situation_outcome(compilation, &decision.name, &case),
                "render --given, {}: {case:?}",
                decision.name
            );
            checked += 1;
        }
    }
    checked
}

/// Found: the JSON had no table of which article a decision picks in which case, so a
/// consumer had to re-implement precedence.
#[test]
fn the_bundled_decisions_selection_is_the_precedence_of_their_conditions() {
    let compilation = compile_bundled_rules();
    assert!(!compilation.has_errors());
    let document = document(&compilation);
    let checked = assert_selection_agrees(&compilation, &document);
    assert!(checked > 50, "only {checked} cases checked");
}

const PRECEDENCE: &str = "spec \"x\" version \"1\"
segment enterprise \"政企客户群\"
segment household \"家庭及个人客户群\"
fact cause \"故障原因\" { ours \"我方原因\", customer \"用户方原因\" }
fact abuse \"客户辱骂\" { once \"初次\", persisted \"劝阻无效\" }
action hang_up \"挂断电话\"
never cause = customer and segment = household
decision asks \"客户询问\" over cause
article 40 \"一般\" in asks general for household
  say \"一般。\"
article 41 \"政企，我方\" in asks when segment = enterprise and cause = ours
  say \"政企。\"
article 42 \"政企，用户方\" in asks when segment = enterprise
  case \"用户方\" when cause = customer
    say \"用户方。\"
article 52 \"客户辱骂运维人员时\"
  step say \"请您文明用语。\"
  step when abuse = persisted say \"对不起，我们将结束通话。\" or act hang_up
";

#[test]
fn selection_follows_precedence_cases_and_never() {
    let compilation = compile("precedence.phr", PRECEDENCE);
    assert!(
        compilation.diagnostics.is_empty(),
        "{:#?}",
        compilation.diagnostics
    );
    let document = document(&compilation);
    assert_eq!(assert_selection_agrees(&compilation, &document), 4);
    let selection = document.decisions[0].selection.as_ref().expect("analysed");
    let outcomes: Vec<&Outcome> = selection.iter().map(|group| &group.outcome).collect();
    assert!(outcomes.contains(&&Outcome::Impossible), "{outcomes:?}");
    assert!(
        outcomes.contains(&&Outcome::Chosen {
            article: 42,
            case: Some(1),
            case_label: Some("用户方".to_owned())
        }),
        "{outcomes:?}"
    );
}

/// Found: the JSON dropped `general for`.
#[test]
fn json_carries_general_for() {
    let document = document(&compile("precedence.phr", PRECEDENCE));
    let article = document
        .articles
        .iter()
        .find(|article| article.number == 40)
        .expect("article 40");
    assert_eq!(article.general_for, ["household"]);
}

/// Found: the generated table dropped step and article conditions, so a hang-up step read as
/// unconditional. The table now holds each as the rules write it.
#[test]
fn generated_table_carries_step_and_article_conditions() {
    let compilation = compile("precedence.phr", PRECEDENCE);
    let code = phrasec::emit::rust::generate(&compilation.model);
    assert!(code.contains("abuse = persisted"), "step condition missing");
    assert!(
        code.contains("segment = enterprise and cause = ours"),
        "article condition missing"
    );
}
