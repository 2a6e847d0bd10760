//! The decisions: their rule enums and the `select` function, generated from the coverage
//! leaves so that it is exactly the checker's precedence.

use super::*;

impl Generator<'_> {
    pub(super) fn decisions(&self, w: &mut Writer) {
        w.line("/// Situations and the rule chosen for each, with the checker's precedence.");
        w.open("pub mod decisions {");
        for (decision_idx, decision) in self.model.decisions.iter().enumerate() {
            self.decision(w, decision_idx, decision);
        }
        w.close("}");
        w.line("");
    }

    fn decision(&self, w: &mut Writer, decision_idx: DecisionIdx, decision: &Decision) {
        let names = &self.names.decisions[decision_idx];
        let space = Space::for_decision(self.model, decision_idx);
        let rules = decision_rules(self.model, decision_idx, &space);
        w.doc(&format!(
            "{}（decision `{}`）: a situation to choose a phrase for.",
            decision.label, decision.name
        ));
        w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
        w.open(&format!("pub struct {} {{", names.struct_name));
        for (&fact, field) in decision.facts.iter().zip(&names.fields) {
            w.doc(&self.model.facts[fact].label);
            w.line(&format!(
                "pub {field}: super::facts::{},",
                self.names.facts[fact]
            ));
        }
        w.line("/// 客户群");
        w.line(&format!("pub {}: super::Segment,", names.segment_field));
        w.close("}");
        w.line("");
        w.doc(&format!("The rules of `{}`.", decision.name));
        w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]");
        w.open(&format!("pub enum {} {{", names.rule_enum));
        for (rule, variant) in rules.iter().zip(&names.rule_variants) {
            let article = &self.model.articles[rule.article];
            let case = rule
                .case_label
                .as_ref()
                .map(|label| format!("（{label}）"))
                .unwrap_or_default();
            w.doc(&format!("第{}条{case}", article.number));
            w.line(&format!("{variant},"));
        }
        w.close("}");
        w.line("");
        w.open(&format!("impl {} {{", names.rule_enum));
        w.line("/// The number of the article the rule belongs to.");
        w.line("#[must_use]");
        w.open("pub const fn article(self) -> u32 {");
        if rules.is_empty() {
            w.line("match self {}");
        } else {
            w.open("match self {");
            for (rule, variant) in rules.iter().zip(&names.rule_variants) {
                w.line(&format!(
                    "{}::{variant} => {},",
                    names.rule_enum, self.model.articles[rule.article].number
                ));
            }
            w.close("}");
        }
        w.close("}");
        w.close("}");
        w.line("");
        w.open(&format!("impl {} {{", names.struct_name));
        w.line("/// The rule that applies; `None` where no article covers the situation or it is");
        w.line(
            "/// declared impossible. Segment-specific rules take precedence over general ones.",
        );
        w.line("#[must_use]");
        w.open(&format!(
            "pub const fn select(self) -> ::core::option::Option<{}> {{",
            names.rule_enum
        ));
        self.select_body(w, decision_idx, &space, &rules);
        w.close("}");
        w.close("}");
        w.line("");
    }

    fn select_body(
        &self,
        w: &mut Writer,
        decision_idx: DecisionIdx,
        space: &Space,
        rules: &[DecisionRule],
    ) {
        let names = &self.names.decisions[decision_idx];
        let coverage = analyse_decision(self.model, decision_idx);
        let scrutinee: Vec<String> = names
            .fields
            .iter()
            .chain(std::iter::once(&names.segment_field))
            .map(|field| format!("self.{field}"))
            .collect();
        let scrutinee = tuple(&scrutinee);
        let Some(coverage) = coverage.filter(|c| !c.report.truncated) else {
            // Too large to analyse: first matching rule by precedence, then order. The patterns
            // are read from the conditions, not the cubes: a cube's masks leave out the values
            // of a fact beyond the 64th. A rule whose conditions never hold is left out.
            let mut order: Vec<usize> = (0..rules.len()).collect();
            order.sort_by_key(|&idx| std::cmp::Reverse(rules[idx].level));
            for idx in order {
                let Some(pattern) =
                    self.conditions_pattern(space, &self.rule_conditions(&rules[idx]))
                else {
                    continue;
                };
                w.open(&format!("if matches!({scrutinee}, {pattern}) {{"));
                w.line(&format!(
                    "return ::core::option::Option::Some({}::{});",
                    names.rule_enum, names.rule_variants[idx]
                ));
                w.close("}");
            }
            w.line("::core::option::Option::None");
            return;
        };
        let mut leaves: Vec<&crate::check::coverage::Leaf> =
            coverage.report.leaves.iter().collect();
        // Arms in the order of the values they match, for a reader.
        leaves.sort_by_key(|leaf| {
            leaf.cube
                .iter()
                .map(|mask| mask.trailing_zeros())
                .collect::<Vec<_>>()
        });
        if let [only] = leaves.as_slice() {
            w.line("let _ = self;");
            w.line(&self.outcome(&only.outcome, names));
            return;
        }
        w.open(&format!("match {scrutinee} {{"));
        for leaf in leaves {
            let pattern = self.pattern(space, &leaf.cube);
            let outcome = self.outcome(&leaf.outcome, names);
            let comment = match leaf.outcome {
                LeafOutcome::Uncovered => " // no article covers these cases",
                LeafOutcome::Impossible => " // declared impossible",
                LeafOutcome::Chosen(_) => "",
            };
            w.line(&format!("{pattern} => {outcome},{comment}"));
        }
        w.close("}");
    }

    fn outcome(&self, outcome: &LeafOutcome, names: &DecisionNames) -> String {
        match outcome {
            LeafOutcome::Chosen(winners) => match winners.first() {
                Some(&winner) => format!(
                    "::core::option::Option::Some({}::{})",
                    names.rule_enum, names.rule_variants[winner]
                ),
                None => "::core::option::Option::None".to_owned(),
            },
            LeafOutcome::Uncovered | LeafOutcome::Impossible => {
                "::core::option::Option::None".to_owned()
            }
        }
    }

    /// A tuple pattern for a cube (of a space of at most 64 values per dimension, as the
    /// coverage analysis has): `_` for a dimension that allows every value.
    fn pattern(&self, space: &Space, cube: &Cube) -> String {
        let full = space.full();
        let parts: Vec<String> = space
            .dims
            .iter()
            .enumerate()
            .map(|(dim_idx, &dimension)| {
                if cube[dim_idx] & full[dim_idx] == full[dim_idx] {
                    return "_".to_owned();
                }
                let values: Vec<String> = space
                    .values_in(dim_idx, cube[dim_idx])
                    .into_iter()
                    .map(|value| self.value_path(dimension, value))
                    .collect();
                values.join(" | ")
            })
            .collect();
        tuple(&parts)
    }

    /// The conditions a rule stands for: its article's and, for a case, the case's.
    fn rule_conditions(&self, rule: &DecisionRule) -> Vec<&Condition> {
        let article = &self.model.articles[rule.article];
        let case = rule
            .case_number
            .and_then(|number| article.case(number))
            .map(|case| &case.condition);
        std::iter::once(&article.condition).chain(case).collect()
    }

    /// A tuple pattern for the cases where all of `conditions` hold, read from their value
    /// sets (facts of any size); `None` when they never hold together.
    fn conditions_pattern(&self, space: &Space, conditions: &[&Condition]) -> Option<String> {
        let mut parts = Vec::new();
        for (dim_idx, &dimension) in space.dims.iter().enumerate() {
            let tests: Vec<&Test> = conditions
                .iter()
                .flat_map(|condition| &condition.tests)
                .filter(|test| test.dimension == dimension)
                .collect();
            let values: Vec<usize> = (0..space.value_count(dim_idx))
                .filter(|&value| tests.iter().all(|test| test.allowed.contains(value)))
                .collect();
            parts.push(match values.len() {
                0 => return None,
                n if n == space.value_count(dim_idx) => "_".to_owned(),
                _ => {
                    let paths: Vec<String> = values
                        .into_iter()
                        .map(|value| self.value_path(dimension, value))
                        .collect();
                    paths.join(" | ")
                }
            });
        }
        Some(tuple(&parts))
    }

    /// The path of one value of a dimension in the generated code.
    fn value_path(&self, dimension: Dimension, value: usize) -> String {
        match dimension {
            Dimension::Segment => format!("super::Segment::{}", self.names.segments[value]),
            Dimension::Fact(fact) => format!(
                "super::facts::{}::{}",
                self.names.facts[fact], self.names.fact_values[fact][value]
            ),
        }
    }
}
