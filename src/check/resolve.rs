//! Name resolution: AST files → [`Model`], reporting duplicates, unknown names and misused
//! slot types. Keeps going after every error so one run reports them all.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use compact_str::CompactString;

use super::model::*;
use super::suggest::{UnknownName, did_you_mean};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::syntax::ast;

mod articles;
mod outline;
mod segment_choices;
mod slot_types;

/// Resolves the files of one rule set, in order, into a model. The articles are resolved side
/// by side on rayon's threads; the order of the diagnostics is the caller's to fix
/// (`diagnostics::sort_diagnostics`).
pub fn resolve(files: &[ast::ParsedFile<'_>]) -> (Model, Vec<Diagnostic>) {
    let files = files.iter().map(|parsed| Input {
        id: parsed.id,
        text: Arc::clone(parsed.text),
        tree: Cow::Borrowed(parsed.tree),
    });
    resolve_files(files.collect())
}

/// [`resolve`], taking the syntax trees: each article's tree is dropped as soon as it is
/// resolved, so that the trees and the model are never both whole in memory.
pub fn resolve_owned(files: Vec<ast::OwnedParsedFile>) -> (Model, Vec<Diagnostic>) {
    let files = files.into_iter().map(|parsed| Input {
        id: parsed.id,
        text: parsed.text,
        tree: Cow::Owned(ast::File {
            items: parsed.tree.items,
            // Resolution reads no comments: they go at once.
            comments: Vec::new(),
            unreadable_names: Vec::new(),
        }),
    });
    resolve_files(files.collect())
}

/// A file to resolve: its syntax tree borrowed from the caller, or given up by it.
struct Input<'t> {
    id: FileId,
    text: Arc<str>,
    tree: Cow<'t, ast::File>,
}

fn resolve_files(files: Vec<Input<'_>>) -> (Model, Vec<Diagnostic>) {
    // The model keeps the texts: its phrase texts are read from them.
    let mut sources: Vec<(FileId, Arc<str>)> = files
        .iter()
        .map(|input| (input.id, Arc::clone(&input.text)))
        .collect();
    sources.sort_by_key(|(id, _)| *id);
    let mut resolver = Resolver::new(ast::Texts::new(
        sources.iter().map(|(id, text)| (*id, &**text)),
    ));
    resolver.declare(files.iter().map(|input| &*input.tree));
    let no_declarations = files.iter().all(|input| input.tree.items.is_empty());
    let first_file = files.first().map(|input| input.id).unwrap_or_default();
    resolver.define_articles(files.into_iter().map(|input| input.tree).collect());
    resolver.check_spec(no_declarations, first_file);
    let Resolver {
        model, diagnostics, ..
    } = resolver;
    // The copies that resolved the articles are gone: this is the only one left.
    let mut model = Arc::unwrap_or_clone(model);
    model.sources = sources;
    (model, diagnostics)
}

/// The resolver: what has been declared so far, and the diagnostics found. The declarations
/// are shared (`Arc`): the copies that resolve articles side by side cost a few reference
/// counts, and the declaring pass, which holds the only copy, changes them in place
/// (`Arc::make_mut`).
#[derive(Clone)]
struct Resolver<'a> {
    /// The rule set's texts, which the syntax trees' names and strings point into.
    texts: ast::Texts<'a>,
    model: Arc<Model>,
    diagnostics: Vec<Diagnostic>,
    segment_names: Arc<BTreeMap<String, SegmentIdx>>,
    fact_names: Arc<BTreeMap<String, FactIdx>>,
    slot_names: Arc<BTreeMap<String, SlotIdx>>,
    const_names: Arc<BTreeMap<String, ConstIdx>>,
    action_names: Arc<BTreeMap<String, ActionIdx>>,
    decision_names: Arc<BTreeMap<String, DecisionIdx>>,
    spec_spans: Vec<Span>,
}

/// Records `name` in `names`, or reports E0101 (with `message`) pointing at the first definition.
fn claim(
    names: &mut BTreeMap<String, usize>,
    name: &str,
    span: Span,
    idx: usize,
    first_span: impl Fn(usize) -> Span,
    message: String,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if let Some(&existing) = names.get(name) {
        diagnostics.push(
            Diagnostic::new(Code::E0101, message)
                .primary(span, "defined again here")
                .secondary(first_span(existing), "first defined here")
                .help(format!(
                    "rename one of them or delete the second `{}`",
                    name
                )),
        );
        return false;
    }
    names.insert(name.to_owned(), idx);
    true
}

impl<'a> Resolver<'a> {
    fn new(texts: ast::Texts<'a>) -> Resolver<'a> {
        Resolver {
            texts,
            model: Arc::default(),
            diagnostics: Vec::new(),
            segment_names: Arc::default(),
            fact_names: Arc::default(),
            slot_names: Arc::default(),
            const_names: Arc::default(),
            action_names: Arc::default(),
            decision_names: Arc::default(),
            spec_spans: Vec::new(),
        }
    }

    /// First pass: every declaration except articles, so articles may refer to names declared
    /// later or in other files.
    fn declare<'f>(&mut self, files: impl Iterator<Item = &'f ast::File> + Clone) {
        for file in files.clone() {
            for item in &file.items {
                match item {
                    ast::Item::Spec(decl) => {
                        self.spec_spans.push(decl.span);
                        if self.spec_spans.len() == 1 {
                            Arc::make_mut(&mut self.model).spec = Spec {
                                title: self.texts.str(&decl.title).into_owned(),
                                version: decl
                                    .version
                                    .as_ref()
                                    .map(|v| self.texts.str(v).into_owned()),
                                span: decl.span,
                            };
                        }
                    }
                    ast::Item::Segment(decl) => self.declare_segment(decl),
                    ast::Item::Fact(decl) => self.declare_fact(decl),
                    ast::Item::Const(decl) => self.declare_constant(decl),
                    ast::Item::Slot(decl) => self.declare_slot(decl),
                    ast::Item::Action(decl) => self.declare_action(decl),
                    _ => {}
                }
            }
        }
        // Decisions and impossible combinations refer to facts: declare them second.
        for file in files {
            for item in &file.items {
                match item {
                    ast::Item::Decision(decl) => self.declare_decision(decl),
                    ast::Item::Never(decl) => {
                        let condition = self.condition(&decl.condition, None);
                        Arc::make_mut(&mut self.model).impossible.push(Impossible {
                            condition,
                            reason: decl.reason.as_ref().map(|r| self.texts.str(r).into_owned()),
                            span: decl.span,
                        });
                    }
                    _ => {}
                }
            }
        }
    }

    fn declare_segment(&mut self, decl: &ast::SegmentDecl) {
        let idx = self.model.segments.len();
        let segments = &self.model.segments;
        if claim(
            Arc::make_mut(&mut self.segment_names),
            self.texts.name(&decl.name),
            decl.name.span,
            idx,
            |i| segments[i].span,
            format!(
                "the segment `{}` is defined twice",
                self.texts.name(&decl.name)
            ),
            &mut self.diagnostics,
        ) {
            Arc::make_mut(&mut self.model).segments.push(Segment {
                name: self.texts.name(&decl.name).to_string(),
                label: self.texts.str(&decl.label).into_owned(),
                span: decl.name.span,
            });
            if let Some(keyword) = decl.default {
                self.declare_default_segment(idx, keyword);
            }
        }
    }

    /// `default` on the segment `idx`; E0133 when another segment is already the default.
    fn declare_default_segment(&mut self, idx: SegmentIdx, keyword: Span) {
        match self.model.default_segment {
            None => Arc::make_mut(&mut self.model).default_segment = Some(idx),
            Some(first) => {
                let first_segment = &self.model.segments[first];
                let diagnostic = Diagnostic::new(
                    Code::E0133,
                    format!(
                        "`{}` and `{}` are both declared the default segment",
                        first_segment.name, self.model.segments[idx].name
                    ),
                )
                .primary(keyword, "second `default`")
                .secondary(first_segment.span, "the default segment")
                .help("keep `default` on one segment: callers outside every named segment belong to it");
                self.diagnostics.push(diagnostic);
            }
        }
    }

    fn values(&mut self, values: &[ast::ValueDecl], owner: &ast::Name, what: &str) -> Vec<Value> {
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        let mut out: Vec<Value> = Vec::new();
        for value in values {
            let spans: Vec<Span> = out.iter().map(|v| v.span).collect();
            if claim(
                &mut names,
                self.texts.name(&value.name),
                value.name.span,
                out.len(),
                |i| spans[i],
                format!(
                    "the value `{}` of the {what} `{}` is defined twice",
                    self.texts.name(&value.name),
                    self.texts.name(owner)
                ),
                &mut self.diagnostics,
            ) {
                out.push(Value {
                    name: self.texts.name(&value.name).to_string(),
                    label: self.texts.str(&value.label).into_owned(),
                    span: value.name.span,
                });
            }
        }
        if values.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E0115,
                    format!("the {what} `{}` has no values", self.texts.name(owner)),
                )
                .primary(owner.span, "declared without values")
                .help("list its values in braces, e.g. `{ yes \"是\", no \"否\" }`"),
            );
        }
        out
    }

    fn declare_fact(&mut self, decl: &ast::FactDecl) {
        let idx = self.model.facts.len();
        let facts = &self.model.facts;
        if !claim(
            Arc::make_mut(&mut self.fact_names),
            self.texts.name(&decl.name),
            decl.name.span,
            idx,
            |i| facts[i].span,
            format!(
                "the fact `{}` is defined twice",
                self.texts.name(&decl.name)
            ),
            &mut self.diagnostics,
        ) {
            return;
        }
        let values = self.values(&decl.values, &decl.name, "fact");
        Arc::make_mut(&mut self.model).facts.push(Fact {
            name: self.texts.name(&decl.name).to_string(),
            label: self.texts.str(&decl.label).into_owned(),
            values,
            span: decl.name.span,
        });
    }

    /// Slots and constants share one namespace: both are written `{name}` in phrases.
    fn template_name_taken(&mut self, name: &ast::Name, kind: &str) -> bool {
        let existing = self
            .slot_names
            .get(self.texts.name(name))
            .map(|&i| (self.model.slots[i].span, "slot"))
            .or_else(|| {
                self.const_names
                    .get(self.texts.name(name))
                    .map(|&i| (self.model.constants[i].span, "constant"))
            });
        let Some((first, first_kind)) = existing else {
            return false;
        };
        let diagnostic = if first_kind == kind {
            Diagnostic::new(
                Code::E0101,
                format!("the {kind} `{}` is defined twice", self.texts.name(name)),
            )
            .help(format!(
                "rename one of them or delete the second `{}`",
                self.texts.name(name)
            ))
        } else {
            Diagnostic::new(
                Code::E0101,
                format!(
                    "the name `{}` is both a {first_kind} and a {kind}",
                    self.texts.name(name)
                ),
            )
            .help("slots and constants share one set of names; rename one of them")
        };
        self.diagnostics.push(
            diagnostic
                .primary(name.span, "defined again here")
                .secondary(first, "first defined here"),
        );
        true
    }

    fn declare_constant(&mut self, decl: &ast::ConstDecl) {
        if self.template_name_taken(&decl.name, "constant") {
            return;
        }
        Arc::make_mut(&mut self.const_names).insert(
            self.texts.name(&decl.name).to_string(),
            self.model.constants.len(),
        );
        let label = self.texts.str(&decl.label).into_owned();
        let (value, source) = match &decl.value {
            Some(value) => (self.texts.str(value).into_owned(), ConstantSource::Written),
            None => (format!("〔{label}〕"), ConstantSource::Awaited),
        };
        Arc::make_mut(&mut self.model).constants.push(Constant {
            name: self.texts.name(&decl.name).to_string(),
            label,
            value,
            source,
            span: decl.name.span,
        });
    }

    fn declare_slot(&mut self, decl: &ast::SlotDecl) {
        if self.template_name_taken(&decl.name, "slot") {
            return;
        }
        let mut unit = None;
        let mut notes = Vec::new();
        let mut examples = Vec::new();
        for attribute in &decl.attributes {
            match attribute {
                ast::SlotAttribute::Note(text) => notes.push(self.texts.str(text).into_owned()),
                ast::SlotAttribute::Example(value) => examples.push(Example {
                    text: value
                        .text(self.texts.of_file(value.span().file))
                        .into_owned(),
                    span: value.span(),
                }),
                ast::SlotAttribute::Unit(units) => unit = Some(&**units),
            }
        }
        let ty = self.slot_type(decl, unit);
        Arc::make_mut(&mut self.slot_names).insert(
            self.texts.name(&decl.name).to_string(),
            self.model.slots.len(),
        );
        Arc::make_mut(&mut self.model).slots.push(Slot {
            name: self.texts.name(&decl.name).to_string(),
            label: self.texts.str(&decl.label).into_owned(),
            ty,
            notes,
            examples,
            span: decl.name.span,
        });
    }

    fn declare_action(&mut self, decl: &ast::ActionDecl) {
        let idx = self.model.actions.len();
        let actions = &self.model.actions;
        if claim(
            Arc::make_mut(&mut self.action_names),
            self.texts.name(&decl.name),
            decl.name.span,
            idx,
            |i| actions[i].span,
            format!(
                "the action `{}` is defined twice",
                self.texts.name(&decl.name)
            ),
            &mut self.diagnostics,
        ) {
            Arc::make_mut(&mut self.model).actions.push(Action {
                name: self.texts.name(&decl.name).to_string(),
                label: self.texts.str(&decl.label).into_owned(),
                span: decl.name.span,
            });
        }
    }

    fn declare_decision(&mut self, decl: &ast::DecisionDecl) {
        let idx = self.model.decisions.len();
        let decisions = &self.model.decisions;
        if !claim(
            Arc::make_mut(&mut self.decision_names),
            self.texts.name(&decl.name),
            decl.name.span,
            idx,
            |i| decisions[i].span,
            format!(
                "the decision `{}` is defined twice",
                self.texts.name(&decl.name)
            ),
            &mut self.diagnostics,
        ) {
            return;
        }
        let mut facts: Vec<FactIdx> = Vec::new();
        for subject in &decl.over {
            let ast::Subject::Fact(name) = subject else {
                continue;
            };
            if let Some(fact) = self.fact(name) {
                if facts.contains(&fact) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::E0101,
                            format!("the fact `{}` is listed twice", self.texts.name(name)),
                        )
                        .primary(name.span, "listed again here")
                        .help("list each fact once"),
                    );
                } else {
                    facts.push(fact);
                }
            }
        }
        Arc::make_mut(&mut self.model).decisions.push(Decision {
            name: self.texts.name(&decl.name).to_string(),
            label: self.texts.str(&decl.label).into_owned(),
            facts,
            span: decl.name.span,
        });
    }

    fn fact(&mut self, name: &ast::Name) -> Option<FactIdx> {
        if let Some(&idx) = self.fact_names.get(self.texts.name(name)) {
            return Some(idx);
        }
        let unknown = UnknownName {
            code: Code::E0103,
            kind: "fact",
            declaration: "fact {} \"…\" { value \"…\" }",
        };
        self.diagnostics.push(unknown.diagnostic(
            self.texts.name(name),
            name.span,
            self.fact_names.keys().map(String::as_str),
        ));
        None
    }

    fn segment(&mut self, name: &ast::Name) -> Option<SegmentIdx> {
        if let Some(&idx) = self.segment_names.get(self.texts.name(name)) {
            return Some(idx);
        }
        let unknown = UnknownName {
            code: Code::E0102,
            kind: "customer segment",
            declaration: "segment {} \"…\"",
        };
        self.diagnostics.push(unknown.diagnostic(
            self.texts.name(name),
            name.span,
            self.segment_names.keys().map(String::as_str),
        ));
        None
    }

    /// Resolves a condition. With `decision`, every fact tested must be one the decision is over.
    fn condition(
        &mut self,
        condition: &ast::Condition,
        decision: Option<DecisionIdx>,
    ) -> Condition {
        let mut tests = Vec::with_capacity(condition.comparisons.len());
        for comparison in &condition.comparisons {
            let dimension = match &comparison.subject {
                ast::Subject::Segment(_) => Dimension::Segment,
                ast::Subject::Fact(name) => match self.fact(name) {
                    Some(fact) => Dimension::Fact(fact),
                    None => continue,
                },
            };
            if let (Some(decision_idx), Dimension::Fact(fact)) = (decision, dimension) {
                let decision = &self.model.decisions[decision_idx];
                if !decision.facts.contains(&fact) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::E0114,
                            format!(
                                "the decision `{}` is not over the fact `{}`",
                                decision.name, self.model.facts[fact].name
                            ),
                        )
                        .primary(comparison.subject.span(), "tested here")
                        .secondary(decision.span, "decision declared here")
                        .help(format!(
                            "add `{}` to the decision's `over` list, or move the test elsewhere",
                            self.model.facts[fact].name
                        )),
                    );
                    continue;
                }
            }
            let mut values = Vec::with_capacity(comparison.values.len());
            for value in &comparison.values {
                if let Some(idx) = self.value(dimension, value) {
                    values.push(idx);
                }
            }
            if values.len() != comparison.values.len() {
                continue;
            }
            let n_values = match dimension {
                Dimension::Segment => self.model.segments.len(),
                Dimension::Fact(fact) => self.model.facts[fact].values.len(),
            };
            let operator = match comparison.operator {
                ast::Operator::Equal => Operator::Equal,
                ast::Operator::NotEqual => Operator::NotEqual,
                ast::Operator::In => Operator::In,
                ast::Operator::NotIn => Operator::NotIn,
            };
            let positive = matches!(operator, Operator::Equal | Operator::In);
            let allowed = ValueSet::from_ascending(
                (0..n_values).filter(|idx| values.contains(idx) == positive),
            );
            tests.push(Test {
                origin: TestOrigin::Written,
                dimension,
                operator,
                values: values.into(),
                allowed,
                span: comparison.span,
            });
        }
        Condition { tests }
    }

    fn value(&mut self, dimension: Dimension, value: &ast::Name) -> Option<ValueIdx> {
        let fact = match dimension {
            Dimension::Segment => {
                return self.segment(value);
            }
            Dimension::Fact(fact) => &self.model.facts[fact],
        };
        if let Some(idx) = fact
            .values
            .iter()
            .position(|v| v.name == self.texts.name(value))
        {
            return Some(idx);
        }
        let owner = fact.name.clone();
        let names: Vec<&str> = fact.values.iter().map(|v| v.name.as_str()).collect();
        let other_owner = self
            .model
            .facts
            .iter()
            .find(|fact| fact.values.iter().any(|v| v.name == self.texts.name(value)));
        let mut diagnostic = match other_owner {
            Some(other) => Diagnostic::new(
                Code::E0201,
                format!(
                    "`{}` is a value of the fact `{}`, not of `{owner}`",
                    self.texts.name(value),
                    other.name
                ),
            )
            .primary(value.span, format!("a value of `{}`", other.name))
            .secondary(other.span, format!("`{}` declared here", other.name)),
            None => Diagnostic::new(
                Code::E0104,
                format!(
                    "the fact `{owner}` has no value `{}`",
                    self.texts.name(value)
                ),
            )
            .primary(value.span, "not a value of this fact"),
        };
        diagnostic = match did_you_mean(self.texts.name(value), names.iter().copied()) {
            Some(best) => diagnostic.help(format!("did you mean `{owner} = {best}`?")),
            None => match other_owner {
                Some(other) => diagnostic.help(format!(
                    "compare `{}` instead, or use one of the values of `{owner}`: `{}`",
                    other.name,
                    names.join("`, `")
                )),
                None => diagnostic.help(format!(
                    "the values of `{owner}` are `{}`",
                    names.join("`, `")
                )),
            },
        };
        self.diagnostics.push(diagnostic);
        None
    }

    /// The rule set's `spec` header: one, in any file. `first_file` is where a missing one is
    /// reported.
    fn check_spec(&mut self, no_declarations: bool, first_file: FileId) {
        match self.spec_spans.as_slice() {
            // With no declarations at all, E0004 has already said so.
            [] if no_declarations => {}
            [] => {
                let file = first_file;
                self.diagnostics.push(
                    Diagnostic::new(Code::E0109, "the rule set has no `spec` header")
                        .primary(Span::new(file, 0, 0), "expected a header in some file")
                        .help("add `spec \"规范名称\" version \"1.0\"` at the top of one file"),
                );
            }
            [_] => {}
            [first, rest @ ..] => {
                for span in rest {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::E0110,
                            "the rule set has more than one `spec` header",
                        )
                        .primary(*span, "another header")
                        .secondary(*first, "first header")
                        .help("keep one `spec` header for the whole rule set"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
