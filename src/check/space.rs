//! The case space of a decision (or of all facts): dimensions, cubes of conditions, and
//! human-readable witnesses such as `cause = customer, stage = resolved, segment = household`.

use super::coverage::{Cube, MAX_VALUES, full_mask};
use super::model::{Condition, DecisionIdx, Dimension, Model, Test, ValueSet};

/// Dimensions in order: the facts (in the decision's order), then the customer segment.
#[derive(Clone, Debug)]
pub struct Space {
    pub dims: Vec<Dimension>,
    pub sizes: Vec<usize>,
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
        let sizes = dims
            .iter()
            .map(|dim| match dim {
                // With no segments declared, the segment dimension has one anonymous value.
                Dimension::Segment => model.segments.len().max(1),
                Dimension::Fact(fact) => model.facts[*fact].values.len(),
            })
            .collect();
        Space { dims, sizes }
    }

    /// True when some dimension has more values than the coverage algorithm handles.
    pub fn too_large(&self) -> bool {
        self.sizes.iter().any(|&size| size > MAX_VALUES)
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
            cube[dim] &= Space::test_mask(test);
        }
        true
    }

    /// The values for which `test` holds, as a mask (values beyond [`MAX_VALUES`] left out).
    pub fn test_mask(test: &Test) -> u64 {
        match &test.allowed {
            ValueSet::Mask(mask) => *mask,
            ValueSet::List(values) => values
                .iter()
                .filter(|&&value| value < MAX_VALUES)
                .fold(0u64, |mask, &value| mask | (1u64 << value)),
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
            let values: Vec<String> = (0..self.sizes[idx])
                .filter(|&value| cube[idx] & (1u64 << value) != 0)
                .map(|value| value_text(dim, value))
                .collect();
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

#[derive(Clone, Copy)]
enum Style {
    Names,
    Labels,
}
