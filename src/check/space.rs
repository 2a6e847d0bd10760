//! The case space of a decision (or of all facts): dimensions, cubes of conditions, and
//! human-readable witnesses such as `cause = customer, stage = resolved, segment = household`.
//!
//! A fact of more than [`MAX_VALUES`] values is seen as classes of values: values that no
//! condition of the rule set tells apart (every test allows all of them or none) behave alike
//! in every analysis, so one bit stands for each class. A fact of 1,000 values of which the
//! rules name a handful has a handful of classes and one for the rest.

use super::coverage::{Cube, MAX_VALUES, full_mask};
use super::model::{BodyItem, Condition, DecisionIdx, Dimension, Model, Test, ValueIdx, ValueSet};

/// Dimensions in order: the facts (in the decision's order), then the customer segment.
#[derive(Clone, Debug)]
pub struct Space {
    pub dims: Vec<Dimension>,
    /// The number of bits of each dimension: its values, or its classes of values.
    pub sizes: Vec<usize>,
    /// For a dimension seen as classes, which class each value is in and the values of each
    /// class; `None` when each bit is one value.
    classes: Vec<Option<Classes>>,
}

/// The classes of values of one dimension.
#[derive(Clone, Debug)]
struct Classes {
    of_value: Vec<usize>,
    members: Vec<Vec<ValueIdx>>,
}

impl Space {
    /// The space of one decision.
    pub fn for_decision(model: &Model, decision: DecisionIdx) -> Space {
        let facts = model.decisions[decision].facts.iter().copied();
        Space::new(model, facts)
    }

    /// The space of every fact.
    pub fn global(model: &Model) -> Space {
        Space::new(model, 0..model.facts.len())
    }

    fn new(model: &Model, facts: impl Iterator<Item = usize>) -> Space {
        let mut dims: Vec<Dimension> = facts.map(Dimension::Fact).collect();
        dims.push(Dimension::Segment);
        let value_count = |dim: &Dimension| match dim {
            // With no segments declared, the segment dimension has one anonymous value.
            Dimension::Segment => model.segments.len().max(1),
            Dimension::Fact(fact) => model.facts[*fact].values.len(),
        };
        let classes: Vec<Option<Classes>> = dims
            .iter()
            .map(|dim| match dim {
                Dimension::Fact(_) if value_count(dim) > MAX_VALUES => {
                    Some(Classes::of(model, *dim, value_count(dim)))
                }
                _ => None,
            })
            .collect();
        let sizes = dims
            .iter()
            .zip(&classes)
            .map(|(dim, classes)| match classes {
                Some(classes) => classes.members.len(),
                None => value_count(dim),
            })
            .collect();
        Space {
            dims,
            sizes,
            classes,
        }
    }

    /// True when some dimension has more values (or classes of values) than the coverage
    /// algorithm handles.
    pub fn too_large(&self) -> bool {
        self.sizes.iter().any(|&size| size > MAX_VALUES)
    }

    /// True when some dimension is seen as classes of values.
    pub fn has_classes(&self) -> bool {
        self.classes.iter().any(Option::is_some)
    }

    /// The number of values of dimension `dim` (not of its classes).
    pub fn value_count(&self, dim: usize) -> usize {
        match &self.classes[dim] {
            Some(classes) => classes.of_value.len(),
            None => self.sizes[dim],
        }
    }

    /// The values a mask of dimension `dim` allows, ascending.
    pub fn values_in(&self, dim: usize, mask: u64) -> Vec<ValueIdx> {
        let bits = (0..self.sizes[dim].min(MAX_VALUES)).filter(|&bit| mask >> bit & 1 == 1);
        match &self.classes[dim] {
            None => bits.collect(),
            Some(classes) => {
                let mut values: Vec<ValueIdx> = bits
                    .flat_map(|bit| classes.members[bit].iter().copied())
                    .collect();
                values.sort_unstable();
                values
            }
        }
    }

    pub fn full(&self) -> Cube {
        self.sizes.iter().map(|&size| full_mask(size)).collect()
    }

    pub fn dim_index(&self, dimension: Dimension) -> Option<usize> {
        self.dims.iter().position(|&dim| dim == dimension)
    }

    /// The cube of cases where `condition` holds, or `None` if it tests a dimension outside
    /// this space.
    pub fn cube(&self, condition: &Condition) -> Option<Cube> {
        let mut cube = self.full();
        self.restrict(&mut cube, condition).then_some(cube)
    }

    /// Intersects `cube` with `condition`; false if it tests a dimension outside this space.
    pub fn restrict(&self, cube: &mut Cube, condition: &Condition) -> bool {
        for test in &condition.tests {
            let Some(dim) = self.dim_index(test.dimension) else {
                return false;
            };
            cube[dim] &= self.test_mask(dim, test);
        }
        true
    }

    /// The values (or classes) of dimension `dim` for which `test` holds, as a mask.
    pub fn test_mask(&self, dim: usize, test: &Test) -> u64 {
        match (&self.classes[dim], &test.allowed) {
            (None, ValueSet::Mask(mask)) => *mask,
            (None, ValueSet::List(values)) => values
                .iter()
                .filter(|&&value| value < MAX_VALUES)
                .fold(0u64, |mask, &value| mask | (1u64 << value)),
            // A class is all in or all out of every test: one member says which.
            (Some(classes), allowed) => classes
                .members
                .iter()
                .enumerate()
                .filter(|(_, members)| allowed.contains(members[0]))
                .fold(0u64, |mask, (class, _)| mask | (1u64 << class.min(63))),
        }
    }

    /// `cause = customer, stage in {repairing, resolved}`; dimensions that allow every value
    /// are left out; a cube with no restriction reads `every case`.
    pub fn describe(&self, model: &Model, cube: &Cube) -> String {
        self.describe_with(
            model,
            cube,
            |dim, value| model.value_name(dim, value).to_owned(),
            Style::Names,
        )
    }

    /// The same in the labels policy editors use: `故障原因：用户方原因，处理进度：已处理完毕`.
    pub fn describe_labels(&self, model: &Model, cube: &Cube) -> String {
        self.describe_with(
            model,
            cube,
            |dim, value| match dim {
                Dimension::Segment => model
                    .segments
                    .get(value)
                    .map_or("所有客户", |s| s.label.as_str())
                    .to_owned(),
                Dimension::Fact(fact) => model.facts[fact].values[value].label.clone(),
            },
            Style::Labels,
        )
    }

    fn describe_with(
        &self,
        model: &Model,
        cube: &Cube,
        value_text: impl Fn(Dimension, usize) -> String,
        style: Style,
    ) -> String {
        let full = self.full();
        let mut parts = Vec::new();
        for (idx, &dim) in self.dims.iter().enumerate() {
            if cube[idx] & full[idx] == full[idx] {
                continue;
            }
            if dim == Dimension::Segment && model.segments.is_empty() {
                continue;
            }
            let all_values = self.values_in(idx, cube[idx]);
            let mut values: Vec<String> = all_values
                .iter()
                .take(MAX_LISTED)
                .map(|&value| value_text(dim, value))
                .collect();
            if all_values.len() > MAX_LISTED {
                values.push(format!("… {} more", all_values.len() - MAX_LISTED));
            }
            let part = match style {
                Style::Names => {
                    let subject = model.dimension_name(dim);
                    match values.as_slice() {
                        [only] => format!("{subject} = {only}"),
                        _ => format!("{subject} in {{{}}}", values.join(", ")),
                    }
                }
                Style::Labels => {
                    let subject = match dim {
                        Dimension::Segment => "客户群",
                        Dimension::Fact(fact) => model.facts[fact].label.as_str(),
                    };
                    format!("{subject}：{}", values.join("或"))
                }
            };
            parts.push(part);
        }
        if parts.is_empty() {
            return match style {
                Style::Names => "every case".to_owned(),
                Style::Labels => "所有情形".to_owned(),
            };
        }
        match style {
            Style::Names => parts.join(", "),
            Style::Labels => parts.join("，"),
        }
    }
}

/// At most this many values of one dimension are listed in a description; the rest are
/// counted (`… 897 more`).
const MAX_LISTED: usize = 12;

impl Classes {
    /// The classes of the values of `dimension`: values are in one class when every test of
    /// every condition of the rule set on the dimension allows both or neither. Classes are
    /// numbered in the order of their first value.
    fn of(model: &Model, dimension: Dimension, n_values: usize) -> Classes {
        // Each value's signature: the tests that allow it, in order.
        let mut signatures: Vec<Vec<u32>> = vec![Vec::new(); n_values];
        let tests = all_conditions(model)
            .flat_map(|condition| &condition.tests)
            .filter(|test| test.dimension == dimension);
        for (idx, test) in tests.enumerate() {
            for value in test.allowed.iter().filter(|&value| value < n_values) {
                signatures[value].push(idx as u32);
            }
        }
        let mut by_signature: std::collections::BTreeMap<&[u32], usize> =
            std::collections::BTreeMap::new();
        let mut of_value = Vec::with_capacity(n_values);
        let mut members: Vec<Vec<ValueIdx>> = Vec::new();
        for (value, signature) in signatures.iter().enumerate() {
            let class = *by_signature.entry(signature).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[class].push(value);
            of_value.push(class);
        }
        Classes { of_value, members }
    }
}

/// Every condition of the rule set: articles', cases', steps' and `never` rules'.
fn all_conditions(model: &Model) -> impl Iterator<Item = &Condition> {
    let in_articles = model.articles.iter().flat_map(|article| {
        let in_body = article.body.iter().filter_map(|item| match item {
            BodyItem::Case(case) => Some(&case.condition),
            BodyItem::Step(step) => step.condition.as_ref(),
            _ => None,
        });
        std::iter::once(&article.condition).chain(in_body)
    });
    in_articles.chain(model.impossible.iter().map(|never| &never.condition))
}

#[derive(Clone, Copy)]
enum Style {
    Names,
    Labels,
}
