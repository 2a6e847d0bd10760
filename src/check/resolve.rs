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
use crate::syntax::{Threads, ast};

/// Resolves the files of one rule set, in order, into a model.
/// The articles of a rule set of 500 or more are resolved on every core.
pub fn resolve(files: &[ast::ParsedFile<'_>]) -> (Model, Vec<Diagnostic>) {
    let files = files.iter().map(|parsed| Input {
        id: parsed.id,
        text: Arc::clone(parsed.text),
        tree: Cow::Borrowed(parsed.tree),
    });
    resolve_on(files.collect(), Threads::Available)
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
        }),
    });
    resolve_on(files.collect(), Threads::Available)
}

/// A file to resolve: its syntax tree borrowed from the caller, or given up by it.
struct Input<'t> {
    id: FileId,
    text: Arc<str>,
    tree: Cow<'t, ast::File>,
}

/// [`resolve`] with a choice of threads for the articles.
fn resolve_on(files: Vec<Input<'_>>, threads: Threads) -> (Model, Vec<Diagnostic>) {
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
    resolver.define_articles(files.into_iter().map(|input| input.tree).collect(), threads);
    resolver.check_spec(no_declarations, first_file);
    let Resolver {
        mut model,
        diagnostics,
        ..
    } = resolver;
    model.sources = sources;
    (model, diagnostics)
}

/// Rule sets with at least this many articles have them resolved on all cores.
const PARALLEL_MIN_ARTICLES: usize = 500;

/// An article to resolve, with the chapter and section it stands in and how many diagnostics
/// the pass over the declarations had reported before it (so that the article's own come
/// after those, as in one pass).
struct PendingArticle<'t> {
    decl: PendingDecl<'t>,
    chapter: Option<usize>,
    section: Option<usize>,
    diagnostics_before: usize,
}

/// The articles to resolve, cut as they are queued into the runs that resolve them (one per
/// thread), so that they are never all in one list and then copied into the runs.
struct PendingRuns<'t> {
    runs: Vec<Vec<PendingArticle<'t>>>,
    /// The articles per run (the last may have fewer).
    run_len: usize,
}

impl<'t> PendingRuns<'t> {
    /// Runs for up to `planned` articles (those found in the trees, duplicates included).
    fn new(planned: usize, threads: Threads) -> PendingRuns<'t> {
        let threads = threads.parts(planned, PARALLEL_MIN_ARTICLES);
        PendingRuns {
            runs: Vec::with_capacity(threads),
            run_len: planned.div_ceil(threads).max(1),
        }
    }

    fn push(&mut self, article: PendingArticle<'t>) {
        match self.runs.last_mut() {
            Some(run) if run.len() < self.run_len => run.push(article),
            _ => {
                let mut run = Vec::with_capacity(self.run_len);
                run.push(article);
                self.runs.push(run);
            }
        }
    }
}

/// An article's syntax tree: borrowed, or taken from a tree the caller gave up, and then
/// dropped once the article is resolved.
enum PendingDecl<'t> {
    Borrowed(&'t ast::ArticleDecl),
    Owned(Box<ast::ArticleDecl>),
}

impl PendingDecl<'_> {
    fn get(&self) -> &ast::ArticleDecl {
        match self {
            PendingDecl::Borrowed(decl) => decl,
            PendingDecl::Owned(decl) => decl,
        }
    }
}

/// Where the pass over chapters, sections and articles stands.
#[derive(Default)]
struct Outline {
    chapter: Option<usize>,
    section: Option<usize>,
    article_spans: BTreeMap<u32, Span>,
    last_number: Option<(u32, Span)>,
    /// The first chapter with each number, the first section with each number per chapter.
    chapter_numbers: BTreeMap<u32, Span>,
    section_numbers: BTreeMap<(Option<usize>, u32), Span>,
}

/// Appends `from` to `to` a quarter at a time, making `from` smaller as `to` grows, so that
/// the two lists are never both whole in memory.
fn move_by_quarters(mut from: Vec<Article>, to: &mut Vec<Article>) {
    let step = (from.len() / 4).max(1);
    while !from.is_empty() {
        let count = step.min(from.len());
        to.reserve_exact(count);
        to.extend(from.drain(..count));
        from.shrink_to_fit();
    }
}

/// The articles one run resolved, and the diagnostics of those that raised any (by index
/// among all pending articles).
struct ResolvedRun {
    articles: Vec<Article>,
    diagnostics: Vec<(usize, Vec<Diagnostic>)>,
}

#[derive(Clone)]
struct Resolver<'a> {
    /// The rule set's texts, which the syntax trees' names and strings point into.
    texts: ast::Texts<'a>,
    model: Model,
    diagnostics: Vec<Diagnostic>,
    segment_names: BTreeMap<String, SegmentIdx>,
    fact_names: BTreeMap<String, FactIdx>,
    slot_names: BTreeMap<String, SlotIdx>,
    const_names: BTreeMap<String, ConstIdx>,
    action_names: BTreeMap<String, ActionIdx>,
    decision_names: BTreeMap<String, DecisionIdx>,
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
            model: Model::default(),
            diagnostics: Vec::new(),
            segment_names: BTreeMap::new(),
            fact_names: BTreeMap::new(),
            slot_names: BTreeMap::new(),
            const_names: BTreeMap::new(),
            action_names: BTreeMap::new(),
            decision_names: BTreeMap::new(),
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
                            self.model.spec = Spec {
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
                        self.model.impossible.push(Impossible {
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
            &mut self.segment_names,
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
            self.model.segments.push(Segment {
                name: self.texts.name(&decl.name).to_string(),
                label: self.texts.str(&decl.label).into_owned(),
                span: decl.name.span,
            });
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
            &mut self.fact_names,
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
        self.model.facts.push(Fact {
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
        self.const_names.insert(
            self.texts.name(&decl.name).to_string(),
            self.model.constants.len(),
        );
        self.model.constants.push(Constant {
            name: self.texts.name(&decl.name).to_string(),
            label: self.texts.str(&decl.label).into_owned(),
            value: self.texts.str(&decl.value).into_owned(),
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
                ast::SlotAttribute::Unit(text) => unit = Some(*text),
            }
        }
        let ty = self.slot_type(decl, unit);
        self.slot_names.insert(
            self.texts.name(&decl.name).to_string(),
            self.model.slots.len(),
        );
        self.model.slots.push(Slot {
            name: self.texts.name(&decl.name).to_string(),
            label: self.texts.str(&decl.label).into_owned(),
            ty,
            notes,
            examples,
            span: decl.name.span,
        });
    }

    fn slot_type(&mut self, decl: &ast::SlotDecl, unit: Option<ast::Str>) -> SlotType {
        let (name, arguments) = match &decl.ty {
            ast::SlotType::Enum { values, .. } => {
                let values = self.values(values, &decl.name, "enum slot");
                self.reject_unit(unit.as_ref(), "enum");
                return SlotType::Enum { values };
            }
            ast::SlotType::Named {
                name, arguments, ..
            } => (name, arguments),
        };
        let simple = match self.texts.name(name) {
            "text" => Some(SlotType::Text),
            "phone" => Some(SlotType::Phone),
            "person" => Some(SlotType::Person),
            "org" => Some(SlotType::Organisation),
            "time" => Some(SlotType::TimeOfDay),
            _ => None,
        };
        if let Some(ty) = simple {
            for argument in arguments {
                self.bad_argument(
                    argument_span(argument),
                    self.texts.name(name),
                    "takes no arguments",
                );
            }
            self.reject_unit(unit.as_ref(), self.texts.name(name));
            return ty;
        }
        match self.texts.name(name) {
            "number" => {
                let mut range = None;
                for argument in arguments {
                    match argument {
                        ast::TypeArgument::Range(written) if range.is_none() => {
                            range = Some(self.number_range(written));
                        }
                        ast::TypeArgument::Range(written) => {
                            self.bad_argument(written.span, "number", "takes one range, not two")
                        }
                        other => self.bad_argument(
                            argument_span(other),
                            "number",
                            "takes only a range such as `1..=60`",
                        ),
                    }
                }
                SlotType::Number {
                    range: range.unwrap_or(NumberRange::ALL),
                    unit: unit.map(|u| self.texts.str(&u).into_owned()),
                }
            }
            "duration" => {
                let units = self.duration_units(decl.ty.span(), arguments);
                self.reject_unit(unit.as_ref(), "duration");
                SlotType::Duration { units }
            }
            _ => {
                const KNOWN: [&str; 8] = [
                    "text", "number", "duration", "phone", "person", "org", "time", "enum",
                ];
                let mut diagnostic = Diagnostic::new(
                    Code::E0108,
                    format!("there is no slot type `{}`", self.texts.name(name)),
                )
                .primary(name.span, "unknown type");
                diagnostic = match did_you_mean(self.texts.name(name), KNOWN.iter().copied()) {
                    Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
                    None => diagnostic.help(format!("the slot types are `{}`", KNOWN.join("`, `"))),
                };
                self.diagnostics.push(diagnostic);
                SlotType::Text
            }
        }
    }

    /// A `number` slot's range, exact; an empty range (E0124) or one with an unwritten
    /// included end or a bound too long to hold (E0125) is reported.
    fn number_range(&mut self, written: &ast::RangeArg) -> NumberRange {
        if written.high.is_none() && written.inclusive == ast::RangeEnd::Included {
            self.diagnostics.push(
                Diagnostic::new(Code::E0125, "the range `..=` has no upper end to include")
                    .primary(written.span, "no number after `..=`")
                    .help("write the upper end (`1..=60`), or leave it open with `..` (`1..`)"),
            );
        }
        let range = NumberRange {
            low: written.low.as_ref().and_then(|low| self.range_bound(low)),
            high: written
                .high
                .as_ref()
                .and_then(|high| self.range_bound(high)),
            upper_end: match written.inclusive {
                ast::RangeEnd::Included => UpperEnd::Included,
                ast::RangeEnd::Excluded => UpperEnd::Excluded,
            },
        };
        if range.is_empty() {
            let source = self.texts.of_file(written.span.file);
            let shown = source.get(written.span.range()).unwrap_or_default();
            self.diagnostics.push(
                Diagnostic::new(Code::E0124, format!("the range `{shown}` holds no number"))
                    .primary(written.span, "empty range")
                    .help(match range.upper_end {
                        UpperEnd::Included => "write the smaller end first (`1..=60`)",
                        UpperEnd::Excluded => {
                            "write the smaller end first; `..` leaves out the upper end, so `1..1` is empty (`1..=1` holds 1)"
                        }
                    }),
            );
        }
        range
    }

    /// One end of a range, exactly; `None` (and E0125) for a number too long to hold.
    fn range_bound(&mut self, number: &ast::Number) -> Option<Decimal> {
        let text = number.text(self.texts.of_file(number.span.file));
        match Decimal::parse(text) {
            Ok(value) => Some(value),
            Err(_) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0125,
                        format!(
                            "the number `{text}` has more than {} digits",
                            Decimal::MAX_DIGITS
                        ),
                    )
                    .primary(number.span, "too many digits")
                    .help(format!(
                        "a range's ends hold at most {} significant digits",
                        Decimal::MAX_DIGITS
                    )),
                );
                None
            }
        }
    }

    /// A `duration` slot's units, in the order written; none written means minutes. Every
    /// argument must be a unit, and written once (E0126 for an empty or repeated list).
    fn duration_units(
        &mut self,
        type_span: Span,
        arguments: &[ast::TypeArgument],
    ) -> Vec<DurationUnit> {
        let mut units: Vec<DurationUnit> = Vec::new();
        for argument in arguments {
            let found = match argument {
                ast::TypeArgument::Name(unit_name) => DurationUnit::ALL
                    .into_iter()
                    .find(|u| u.keyword() == self.texts.name(unit_name)),
                _ => None,
            };
            match found {
                Some(found) if !units.contains(&found) => units.push(found),
                Some(found) => self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0126,
                        format!("the unit `{}` is listed twice", found.keyword()),
                    )
                    .primary(argument_span(argument), "listed again here")
                    .help("list each unit once"),
                ),
                None => self.bad_argument(
                    argument_span(argument),
                    "duration",
                    "takes units: `second`, `minute`, `hour` or `day`",
                ),
            }
        }
        if units.is_empty() {
            let written = self.texts.of_file(type_span.file);
            let written = written.get(type_span.range()).unwrap_or_default();
            if arguments.is_empty() && written.ends_with(')') {
                self.diagnostics.push(
                    Diagnostic::new(Code::E0126, "the duration lists no unit")
                        .primary(type_span, "`()` with no unit")
                        .help("list its units, such as `duration(minute, hour)`, or write `duration` for minutes"),
                );
            }
            units.push(DurationUnit::Minute);
        }
        units
    }

    fn reject_unit(&mut self, unit: Option<&ast::Str>, type_name: &str) {
        if let Some(unit) = unit {
            self.bad_argument(
                unit.span,
                type_name,
                "has no unit (only `number` slots take `unit`)",
            );
        }
    }

    fn bad_argument(&mut self, span: Span, type_name: &str, what: &str) {
        self.diagnostics.push(
            Diagnostic::new(Code::E0111, format!("the slot type `{type_name}` {what}"))
                .primary(span, "not accepted here")
                .help("remove it, or choose a type that takes it"),
        );
    }

    fn declare_action(&mut self, decl: &ast::ActionDecl) {
        let idx = self.model.actions.len();
        let actions = &self.model.actions;
        if claim(
            &mut self.action_names,
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
            self.model.actions.push(Action {
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
            &mut self.decision_names,
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
        self.model.decisions.push(Decision {
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

    /// Second pass: chapters, sections and articles, in file order. The articles are resolved
    /// after it, all together (on several threads for a large rule set).
    fn define_articles<'t>(&mut self, trees: Vec<Cow<'t, ast::File>>, threads: Threads) {
        let mut outline = Outline::default();
        let planned = trees
            .iter()
            .flat_map(|tree| &tree.items)
            .filter(|item| matches!(item, ast::Item::Article(_)))
            .count();
        let mut pending = PendingRuns::new(planned, threads);
        for tree in trees {
            // A section ends at the end of its file: what a file means never depends on the
            // file read before it. (A chapter goes on: files are read in the order of their
            // names, and one chapter may span several.)
            outline.section = None;
            let items: Box<dyn Iterator<Item = Cow<'t, ast::Item>>> = match tree {
                Cow::Borrowed(file) => Box::new(file.items.iter().map(Cow::Borrowed)),
                Cow::Owned(file) => Box::new(file.items.into_iter().map(Cow::Owned)),
            };
            for item in items {
                let article = match item {
                    Cow::Borrowed(ast::Item::Article(decl)) => PendingDecl::Borrowed(decl),
                    Cow::Owned(ast::Item::Article(decl)) => PendingDecl::Owned(decl),
                    other => {
                        self.outline(&other, &mut outline);
                        continue;
                    }
                };
                self.pend(article, &mut outline, &mut pending);
            }
        }
        self.resolve_articles(pending);
    }

    /// True when the article, chapter or section number at `span` fits a `u32`; otherwise
    /// reports E0127 (the tree holds it as `u32::MAX`).
    fn number_fits(&mut self, what: &str, span: Span) -> bool {
        let written = self.texts.of_file(span.file);
        let written = written.get(span.range()).unwrap_or_default();
        if written.parse::<u32>().is_ok() {
            return true;
        }
        self.diagnostics.push(
            Diagnostic::new(
                Code::E0127,
                format!("{what} {written} is too large a number"),
            )
            .primary(span, format!("above {}", u32::MAX))
            .help(format!(
                "article, chapter and section numbers go up to {}; number as the source document does",
                u32::MAX
            )),
        );
        false
    }

    /// A chapter or a section: the articles after it stand in it.
    fn outline(&mut self, item: &ast::Item, outline: &mut Outline) {
        match item {
            ast::Item::Chapter(decl) => {
                if !self.number_fits("chapter", decl.number_span) {
                    // Reported; not compared with the other chapters' numbers.
                } else if let Some(existing) = outline.chapter_numbers.get(&decl.number) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::E0101,
                            format!("chapter {} is defined twice", decl.number),
                        )
                        .primary(decl.number_span, "defined again here")
                        .secondary(*existing, "first defined here")
                        .help("give each chapter its own number"),
                    );
                } else {
                    outline.chapter_numbers.insert(decl.number, decl.span);
                }
                self.model.chapters.push(Chapter {
                    number: decl.number,
                    title: self.texts.str(&decl.title).into_owned(),
                    span: decl.span,
                });
                outline.chapter = Some(self.model.chapters.len() - 1);
                outline.section = None;
            }
            ast::Item::Section(decl) => {
                if !self.number_fits("section", decl.number_span) {
                    // Reported; not compared with the other sections' numbers.
                } else if let Some(existing) =
                    outline.section_numbers.get(&(outline.chapter, decl.number))
                {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::E0101,
                            format!("section {} is defined twice in this chapter", decl.number),
                        )
                        .primary(decl.number_span, "defined again here")
                        .secondary(*existing, "first defined here")
                        .help("give each section of a chapter its own number"),
                    );
                } else {
                    outline
                        .section_numbers
                        .insert((outline.chapter, decl.number), decl.span);
                }
                let segment = decl.segment.as_ref().and_then(|name| self.segment(name));
                self.model.sections.push(Section {
                    chapter: outline.chapter,
                    number: decl.number,
                    title: self.texts.str(&decl.title).into_owned(),
                    segment,
                    span: decl.span,
                });
                outline.section = Some(self.model.sections.len() - 1);
            }
            _ => {}
        }
    }

    /// Checks an article's number against those before it and queues the article.
    fn pend<'t>(
        &mut self,
        article: PendingDecl<'t>,
        outline: &mut Outline,
        pending: &mut PendingRuns<'t>,
    ) {
        let decl = article.get();
        // A number too large to hold is reported, and not compared with the others (it was
        // read as the largest number).
        if self.number_fits("article", decl.number_span) {
            if let Some(first) = outline.article_spans.get(&decl.number) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0101,
                        format!("article {} is defined twice", decl.number),
                    )
                    .primary(decl.number_span, "defined again here")
                    .secondary(*first, "first defined here")
                    .help("give each article its own number, as in the source document"),
                );
                return;
            }
            outline.article_spans.insert(decl.number, decl.number_span);
            if let Some((previous, previous_span)) = outline.last_number
                && decl.number < previous
            {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::W0001,
                        format!("article {} comes after article {previous}", decl.number),
                    )
                    .primary(decl.number_span, "out of order")
                    .secondary(previous_span, "the article before it")
                    .help("keep articles in the order of their numbers"),
                );
            }
            outline.last_number = Some((decl.number, decl.number_span));
        }
        pending.push(PendingArticle {
            decl: article,
            chapter: outline.chapter,
            section: outline.section,
            diagnostics_before: self.diagnostics.len(),
        });
    }

    /// Resolves the articles in one run per thread side by side (each thread with its own
    /// copy of the declarations, which articles only read, and the articles it resolves, whose
    /// trees it drops as it goes when the caller gave them up), and adds them to the model in
    /// order, their diagnostics in the order one pass would have reported them.
    fn resolve_articles(&mut self, pending: PendingRuns<'_>) {
        let PendingRuns {
            runs: chunks,
            run_len: chunk_len,
        } = pending;
        let diagnostics_before: Vec<usize> = chunks
            .iter()
            .flatten()
            .map(|article| article.diagnostics_before)
            .collect();
        // The articles' diagnostics are collected per article, then merged with these.
        let earlier = std::mem::take(&mut self.diagnostics);
        let mut runs: Vec<ResolvedRun> = if chunks.len() > 1 {
            let declarations = &*self;
            crate::parallel::each_on_threads(chunks, |idx, chunk| {
                declarations.worker().articles(chunk, idx * chunk_len)
            })
        } else {
            chunks
                .into_iter()
                .map(|chunk| self.articles(chunk, 0))
                .collect()
        };
        let mut earlier = earlier.into_iter();
        let mut merged = 0;
        let article_diagnostics = runs
            .iter_mut()
            .flat_map(|run| std::mem::take(&mut run.diagnostics));
        for (idx, diagnostics) in article_diagnostics {
            let before = diagnostics_before[idx];
            self.diagnostics
                .extend(earlier.by_ref().take(before - merged));
            merged = before;
            self.diagnostics.extend(diagnostics);
        }
        self.diagnostics.extend(earlier);
        let mut runs = runs.into_iter();
        let mut articles = runs.next().map(|run| run.articles).unwrap_or_default();
        for run in runs {
            move_by_quarters(run.articles, &mut articles);
        }
        self.model.articles = articles;
    }

    /// A copy of the declarations resolved so far (and no diagnostics), to resolve articles on
    /// another thread.
    fn worker(&self) -> Resolver<'a> {
        debug_assert!(self.diagnostics.is_empty() && self.model.articles.is_empty());
        self.clone()
    }

    /// Resolves `pending` (which starts at index `first` of all pending articles) in order;
    /// each article's tree is dropped once it is resolved (if the caller gave it up).
    fn articles(&mut self, mut pending: Vec<PendingArticle<'_>>, first: usize) -> ResolvedRun {
        let total = pending.len();
        let mut run = ResolvedRun {
            articles: Vec::new(),
            diagnostics: Vec::new(),
        };
        // Taken from the end, so that the list can be made smaller as it empties.
        pending.reverse();
        let mut idx = first;
        while let Some(article) = pending.pop() {
            let resolved = self.article(article.decl.get(), article.chapter, article.section);
            drop(article);
            if pending.len() < pending.capacity() / 2 {
                pending.shrink_to_fit();
            }
            let articles = &mut run.articles;
            if articles.len() == articles.capacity() {
                // By a quarter at a time, up to the run's length: the list grows as the trees
                // it replaces are dropped, instead of being made whole while they are all
                // still there, and ends exactly as long as it needs to be.
                let room = (articles.len() / 4).max(64).min(total - articles.len());
                articles.reserve_exact(room);
            }
            articles.push(resolved);
            if !self.diagnostics.is_empty() {
                run.diagnostics
                    .push((idx, std::mem::take(&mut self.diagnostics)));
            }
            idx += 1;
        }
        run
    }

    fn article(
        &mut self,
        decl: &ast::ArticleDecl,
        chapter: Option<usize>,
        section: Option<usize>,
    ) -> Article {
        let decision = decl.decision.as_ref().and_then(|name| {
            let found = self.decision_names.get(self.texts.name(name)).copied();
            if found.is_none() {
                let unknown = UnknownName {
                    code: Code::E0105,
                    kind: "decision",
                    declaration: "decision {} \"…\" over fact, …",
                };
                self.diagnostics.push(unknown.diagnostic(
                    self.texts.name(name),
                    name.span,
                    self.decision_names.keys().map(String::as_str),
                ));
            }
            found
        });
        let section_segment = section.and_then(|idx| {
            let section = &self.model.sections[idx];
            section.segment.map(|segment| (segment, section.span))
        });
        let own = decl
            .condition
            .as_ref()
            .map(|own| self.condition(own, decision));
        let condition = match (section_segment, own) {
            (None, Some(own)) => own,
            (section_segment, own) => {
                let mut tests = Vec::with_capacity(
                    usize::from(section_segment.is_some())
                        + own.as_ref().map_or(0, |own| own.tests.len()),
                );
                if let Some((segment, span)) = section_segment {
                    tests.push(Test {
                        origin: TestOrigin::Section,
                        dimension: Dimension::Segment,
                        operator: Operator::Equal,
                        values: Box::new([segment]),
                        allowed: ValueSet::from_ascending([segment]),
                        span,
                    });
                }
                if let Some(own) = own {
                    tests.extend(own.tests);
                }
                Condition { tests }
            }
        };
        if let Some(incomplete) = &decl.incomplete {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::W0002,
                    format!("article {} is marked incomplete", decl.number),
                )
                .primary(incomplete.span, self.texts.str(incomplete).into_owned())
                .help("complete the article from the source, then remove `incomplete`"),
            );
        }
        if decl.body.is_empty() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E0116,
                    format!("article {} has no phrase, action or guidance", decl.number),
                )
                .primary(decl.number_span, "empty article")
                .help("add `say \"…\"`, `act name` or `guidance \"…\"`"),
            );
        }
        let body = decl
            .body
            .iter()
            .map(|item| self.body_item(item, decision))
            .collect();
        let general_for = decl
            .general_for
            .iter()
            .filter_map(|name| self.segment(name))
            .collect();
        Article {
            number: decl.number,
            number_span: decl.number_span,
            title: self.texts.str(&decl.title).into_owned(),
            chapter,
            section,
            decision,
            condition,
            incomplete: decl.incomplete.as_ref().map(|s| self.texts.str(s).into()),
            general_for,
            body,
            span: decl.span,
        }
    }

    fn body_item(&mut self, item: &ast::BodyItem, decision: Option<DecisionIdx>) -> BodyItem {
        match item {
            ast::BodyItem::Guidance(text) => BodyItem::Guidance {
                text: self.texts.str(text).into_owned(),
                span: text.span,
            },
            ast::BodyItem::Utterances(utterances) => {
                BodyItem::Utterances(self.utterances(utterances))
            }
            ast::BodyItem::Case(case) => BodyItem::Case(Box::new(Case {
                label: case.label.as_ref().map(|s| self.texts.str(s).into_owned()),
                condition: self.condition(&case.condition, decision),
                utterances: self.utterances(&case.utterances),
                span: case.span,
            })),
            ast::BodyItem::Step(step) => BodyItem::Step(Box::new(Step {
                label: step.label.as_ref().map(|s| self.texts.str(s).into_owned()),
                condition: step.condition.as_ref().map(|c| self.condition(c, None)),
                utterances: self.utterances(&step.utterances),
                span: step.span,
            })),
        }
    }

    fn utterances(&mut self, utterances: &ast::Utterances) -> Utterances {
        let mut options = Vec::with_capacity(utterances.options.len());
        for option in &utterances.options {
            let resolved = match option {
                ast::Utterance::Say(template) => Some(Utterance::Say(self.template(template))),
                ast::Utterance::Act(name) => self.action(name).map(|action| Utterance::Act {
                    action,
                    span: name.span,
                }),
            };
            options.extend(resolved);
        }
        Utterances {
            options,
            span: utterances.span,
        }
    }

    fn action(&mut self, name: &ast::Name) -> Option<ActionIdx> {
        if let Some(&idx) = self.action_names.get(self.texts.name(name)) {
            return Some(idx);
        }
        let unknown = UnknownName {
            code: Code::E0106,
            kind: "action",
            declaration: "action {} \"…\"",
        };
        self.diagnostics.push(unknown.diagnostic(
            self.texts.name(name),
            name.span,
            self.action_names.keys().map(String::as_str),
        ));
        None
    }

    fn template(&mut self, template: &ast::Template) -> Template {
        Template {
            pieces: self.pieces(&template.pieces),
            span: template.span,
        }
    }

    fn pieces(&mut self, pieces: &[ast::Piece]) -> Vec<Piece> {
        let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
        for piece in pieces {
            let resolved = match piece {
                ast::Piece::Text(text) => Some(Piece::Text(text.span)),
                ast::Piece::Reference(reference) => self.reference(reference),
                ast::Piece::Alternatives(alternatives) => {
                    Some(Piece::Alternatives(Box::new(Alternatives {
                        branches: alternatives
                            .branches
                            .iter()
                            .map(|branch| self.pieces(branch))
                            .collect(),
                        span: alternatives.span,
                    })))
                }
            };
            match (resolved, out.last_mut()) {
                // Texts that meet (around a reference that did not resolve, they do not) are
                // one run.
                (Some(Piece::Text(text)), Some(Piece::Text(previous)))
                    if previous.file == text.file && previous.end == text.start =>
                {
                    previous.end = text.end;
                }
                (Some(piece), _) => out.push(piece),
                (None, _) => {}
            }
        }
        out
    }

    fn reference(&mut self, reference: &ast::Reference) -> Option<Piece> {
        let name = &reference.name;
        if let Some(&slot) = self.slot_names.get(self.texts.name(name)) {
            let Some(choices) = &reference.choices else {
                return Some(Piece::Slot { slot });
            };
            let declared = &self.model.slots[slot];
            let SlotType::Enum { values } = &declared.ty else {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0112,
                        format!(
                            "the slot `{}` is a `{}` slot and cannot choose between texts",
                            self.texts.name(name),
                            declared.ty.keyword()
                        ),
                    )
                    .primary(name.span, "not an enum slot")
                    .secondary(declared.span, "declared here")
                    .help(format!(
                        "write `{{{}}}` to insert its value, or choose with an enum slot",
                        self.texts.name(name)
                    )),
                );
                return None;
            };
            if values.len() != choices.len() {
                let names: Vec<&str> = values.iter().map(|v| v.name.as_str()).collect();
                let count = |n: usize, word: &str| match n {
                    1 => format!("1 {word}"),
                    _ => format!("{n} {word}s"),
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0113,
                        format!(
                            "the slot `{}` has {} but {} {} given",
                            self.texts.name(name),
                            count(values.len(), "value"),
                            count(choices.len(), "text"),
                            if choices.len() == 1 { "is" } else { "are" }
                        ),
                    )
                    .primary(reference.span, count(choices.len(), "text"))
                    .secondary(declared.span, format!("values: {}", names.join(", ")))
                    .help("give one text per value, in the order the values are declared"),
                );
                return None;
            }
            return Some(Piece::Select(Box::new(Select {
                slot,
                choices: choices
                    .iter()
                    .map(|c| CompactString::from(self.texts.str(c)))
                    .collect(),
                span: reference.span,
            })));
        }
        if let Some(&constant) = self.const_names.get(self.texts.name(name)) {
            if reference.choices.is_some() {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0112,
                        format!(
                            "the constant `{}` cannot choose between texts",
                            self.texts.name(name)
                        ),
                    )
                    .primary(name.span, "a constant, not an enum slot")
                    .secondary(self.model.constants[constant].span, "declared here")
                    .help("a constant always has the same value; choose with an enum slot"),
                );
                return None;
            }
            return Some(Piece::Constant { constant });
        }
        let candidates = self
            .slot_names
            .keys()
            .chain(self.const_names.keys())
            .map(String::as_str);
        let unknown = UnknownName {
            code: Code::E0107,
            kind: "slot or constant",
            declaration: "slot {}: text \"…\"",
        };
        self.diagnostics
            .push(unknown.diagnostic(self.texts.name(name), name.span, candidates));
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

fn argument_span(argument: &ast::TypeArgument) -> Span {
    match argument {
        ast::TypeArgument::Range(range) => range.span,
        ast::TypeArgument::Name(name) => name.span,
        ast::TypeArgument::Number(number) => number.span,
    }
}

#[cfg(test)]
mod tests;
