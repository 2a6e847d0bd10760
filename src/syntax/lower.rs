//! Lowers pest's parse tree into the AST. The only place that walks `Pair`s.
//!
//! The grammar guarantees each rule's shape; where a shape is not as expected the lowering
//! records nothing rather than panicking, so a grammar change shows up as a failed test.

use pest::iterators::{Pair, Pairs};

use super::Rule;
use super::ast::*;
use crate::source::{FileId, Span};

/// Lowers one successful parse of `file_items`, `file_end`, `file` or `chunk`. `base` is the
/// byte offset of the parsed text inside the file (non-zero for every group of declarations
/// but the first, and when a chunk is re-parsed during error recovery).
#[derive(Clone, Copy)]
pub(super) struct Lowerer {
    file: FileId,
    base: usize,
    /// Whether the text being lowered contains a `#`. Without one it holds no comment, so
    /// there are no comments to collect and a span only needs its trailing blanks trimmed.
    has_hash: bool,
}

type Children<'i> = std::iter::Filter<Pairs<'i, Rule>, fn(&Pair<'i, Rule>) -> bool>;

/// What the grammar skips between tokens (`WHITESPACE`).
pub(super) const BLANKS: [char; 6] = [' ', '\t', '\r', '\n', '\u{FEFF}', '\u{3000}'];

/// True when `text` holds only whitespace and `#` comments.
fn is_blank(text: &str) -> bool {
    text.split(['\n', '\r']).all(|line| {
        let line = line.trim_start_matches(BLANKS);
        line.is_empty() || line.starts_with('#')
    })
}

fn not_comment(pair: &Pair<'_, Rule>) -> bool {
    pair.as_rule() != Rule::COMMENT
}

fn children(pair: Pair<'_, Rule>) -> Children<'_> {
    pair.into_inner()
        .filter(not_comment as fn(&Pair<'_, Rule>) -> bool)
}

/// The length of a pair's text up to the end of its last token: without the blanks and
/// comments pest skipped before trying an optional or repeated part that was not there, at
/// any depth (an article's last child, its phrases, took the blanks and comments after its
/// last phrase the same way).
fn token_length(pair: &Pair<'_, Rule>) -> usize {
    let start = pair.as_span().start();
    let text = pair.as_str();
    // The last token ends where the last child that is not a comment ends its own last token.
    let last_child = pair.clone().into_inner().rev().find(not_comment);
    if let Some(child) = last_child {
        let child_start = child.as_span().start() - start;
        let child_end = child.as_span().end() - start;
        if is_blank(&text[child_end..]) {
            let child_length = if is_text_rule(child.as_rule()) {
                child.as_str().len()
            } else {
                token_length(&child)
            };
            return child_start + child_length;
        }
    }
    text.trim_end_matches(BLANKS).len()
}

/// Rules whose every character is content: their spans are never trimmed.
fn is_text_rule(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::template_text | Rule::alt_text | Rule::choice_text | Rule::string_text
    )
}

impl Lowerer {
    pub fn new(file: FileId, base: usize) -> Lowerer {
        Lowerer {
            file,
            base,
            has_hash: true,
        }
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = pair.as_span();
        let text = pair.as_str();
        // A rule ending in an optional or repeated part (`spec "…"` without `version`, an
        // article without a body) also takes the whitespace and comments pest skipped before
        // trying that part; a span ends at its last token. In text, spaces are content.
        let length = if is_text_rule(pair.as_rule()) {
            text.len()
        } else if !self.has_hash || !text.contains('#') {
            // Without a comment, what follows the last token is blanks (trimmed here) or the
            // rule's own closing punctuation (not blank): `token_length` gives the same.
            text.trim_end_matches(BLANKS).len()
        } else {
            token_length(pair)
        };
        Span::new(
            self.file,
            self.base + span.start(),
            self.base + span.start() + length,
        )
    }

    /// Lowers the top-level pair (`file_items`, `file_end`, `file` or `chunk`) into items and
    /// comments.
    pub fn lower_top(&self, top: Pair<'_, Rule>, out: &mut File) {
        let lowerer = Lowerer {
            has_hash: top.as_str().contains('#'),
            ..*self
        };
        // Comments may sit between any two tokens, at any depth. Looking for them costs a walk
        // over the whole tree, so it is done only when the text has a `#` at all.
        if lowerer.has_hash {
            for pair in top.clone().into_inner().flatten() {
                if pair.as_rule() == Rule::COMMENT {
                    out.comments.push(Comment {
                        text: pair.as_str().to_owned(),
                        span: lowerer.span(&pair),
                    });
                }
            }
        }
        for pair in children(top) {
            if let Some(item) = lowerer.item(pair) {
                out.items.push(item);
            }
        }
    }

    fn item(&self, pair: Pair<'_, Rule>) -> Option<Item> {
        let item = match pair.as_rule() {
            Rule::spec_decl => Item::Spec(Box::new(self.spec(pair)?)),
            Rule::segment_decl => Item::Segment(Box::new(self.segment(pair)?)),
            Rule::fact_decl => Item::Fact(Box::new(self.fact(pair)?)),
            Rule::never_decl => Item::Never(Box::new(self.never(pair)?)),
            Rule::const_decl => Item::Const(Box::new(self.constant(pair)?)),
            Rule::slot_decl => Item::Slot(Box::new(self.slot(pair)?)),
            Rule::action_decl => Item::Action(Box::new(self.action(pair)?)),
            Rule::decision_decl => Item::Decision(Box::new(self.decision(pair)?)),
            Rule::chapter_decl => Item::Chapter(Box::new(self.chapter(pair)?)),
            Rule::section_decl => Item::Section(Box::new(self.section(pair)?)),
            Rule::article_decl => Item::Article(Box::new(self.article(pair)?)),
            _ => return None,
        };
        Some(item)
    }

    fn name(&self, pair: Pair<'_, Rule>) -> Name {
        Name {
            span: self.span(&pair),
        }
    }

    fn string(&self, pair: Pair<'_, Rule>) -> Str {
        Str {
            span: self.span(&pair),
        }
    }

    fn number(&self, pair: Pair<'_, Rule>) -> Number {
        Number {
            span: self.span(&pair),
        }
    }

    fn int(&self, pair: &Pair<'_, Rule>) -> u32 {
        pair.as_str().parse().unwrap_or(u32::MAX)
    }

    fn spec(&self, pair: Pair<'_, Rule>) -> Option<SpecDecl> {
        let span = self.span(&pair);
        let mut strings = children(pair).filter(|p| p.as_rule() == Rule::string);
        let title = self.string(strings.next()?);
        let version = strings.next().map(|p| self.string(p));
        Some(SpecDecl {
            title,
            version,
            span,
        })
    }

    fn segment(&self, pair: Pair<'_, Rule>) -> Option<SegmentDecl> {
        let span = self.span(&pair);
        let mut inner = children(pair).skip(1);
        let name = self.name(inner.next()?);
        let label = self.string(inner.next()?);
        let default = inner.next().map(|keyword| self.span(&keyword));
        Some(SegmentDecl {
            name,
            label,
            default,
            span,
        })
    }

    fn value_decl(&self, pair: Pair<'_, Rule>) -> Option<ValueDecl> {
        let span = self.span(&pair);
        let mut inner = children(pair);
        let name = self.name(inner.next()?);
        let label = self.string(inner.next()?);
        Some(ValueDecl { name, label, span })
    }

    fn fact(&self, pair: Pair<'_, Rule>) -> Option<FactDecl> {
        let span = self.span(&pair);
        let mut inner = children(pair).skip(1);
        let name = self.name(inner.next()?);
        let label = self.string(inner.next()?);
        let values = inner.filter_map(|p| self.value_decl(p)).collect();
        Some(FactDecl {
            name,
            label,
            values,
            span,
        })
    }

    fn never(&self, pair: Pair<'_, Rule>) -> Option<NeverDecl> {
        let span = self.span(&pair);
        let mut condition = None;
        let mut reason = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::condition => condition = Some(self.condition(child)),
                Rule::string => reason = Some(self.string(child)),
                _ => {}
            }
        }
        Some(NeverDecl {
            condition: condition?,
            reason,
            span,
        })
    }

    fn constant(&self, pair: Pair<'_, Rule>) -> Option<ConstDecl> {
        let span = self.span(&pair);
        let mut inner = children(pair).skip(1);
        let name = self.name(inner.next()?);
        let label = self.string(inner.next()?);
        let value = inner.next().map(|pair| self.string(pair));
        Some(ConstDecl {
            name,
            label,
            value,
            span,
        })
    }

    fn slot(&self, pair: Pair<'_, Rule>) -> Option<SlotDecl> {
        let span = self.span(&pair);
        let mut inner = children(pair).skip(1);
        let name = self.name(inner.next()?);
        let ty = self.slot_type(inner.next()?)?;
        let label = self.string(inner.next()?);
        let attributes = inner.filter_map(|p| self.slot_attribute(p)).collect();
        Some(SlotDecl {
            name,
            ty,
            label,
            attributes,
            span,
        })
    }

    fn slot_type(&self, pair: Pair<'_, Rule>) -> Option<SlotType> {
        let inner = children(pair).next()?;
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::enum_type => {
                let values = children(inner)
                    .filter(|p| p.as_rule() == Rule::fact_value)
                    .filter_map(|p| self.value_decl(p))
                    .collect();
                Some(SlotType::Enum { values, span })
            }
            Rule::named_type => {
                let mut parts = children(inner);
                let name = self.name(parts.next()?);
                let arguments = parts.filter_map(|p| self.type_argument(p)).collect();
                Some(SlotType::Named {
                    name,
                    arguments,
                    span,
                })
            }
            _ => None,
        }
    }

    fn type_argument(&self, pair: Pair<'_, Rule>) -> Option<TypeArgument> {
        let inner = children(pair).next()?;
        match inner.as_rule() {
            Rule::ident => Some(TypeArgument::Name(self.name(inner))),
            Rule::number => Some(TypeArgument::Number(self.number(inner))),
            Rule::range => {
                let span = self.span(&inner);
                let mut low = None;
                let mut high = None;
                let mut inclusive = RangeEnd::Excluded;
                let mut seen_operator = false;
                for part in children(inner) {
                    match part.as_rule() {
                        Rule::range_op => {
                            seen_operator = true;
                            if part.as_str() == "..=" {
                                inclusive = RangeEnd::Included;
                            }
                        }
                        Rule::number if seen_operator => high = Some(self.number(part)),
                        Rule::number => low = Some(self.number(part)),
                        _ => {}
                    }
                }
                Some(TypeArgument::Range(RangeArg {
                    low,
                    high,
                    inclusive,
                    span,
                }))
            }
            _ => None,
        }
    }

    fn slot_attribute(&self, pair: Pair<'_, Rule>) -> Option<SlotAttribute> {
        let inner = children(pair).next()?;
        let rule = inner.as_rule();
        if rule == Rule::unit_attr {
            let units: Vec<Str> = children(inner)
                .filter(|pair| pair.as_rule() == Rule::string)
                .map(|pair| self.string(pair))
                .collect();
            return Some(SlotAttribute::Unit(units.into()));
        }
        let value = children(inner).nth(1)?;
        match (rule, value.as_rule()) {
            (Rule::note_attr, _) => Some(SlotAttribute::Note(self.string(value))),
            (Rule::example_attr, Rule::number) => Some(SlotAttribute::Example(
                ExampleValue::Number(self.number(value)),
            )),
            (Rule::example_attr, _) => Some(SlotAttribute::Example(ExampleValue::Text(
                self.string(value),
            ))),
            _ => None,
        }
    }

    fn action(&self, pair: Pair<'_, Rule>) -> Option<ActionDecl> {
        let span = self.span(&pair);
        let mut inner = children(pair).skip(1);
        let name = self.name(inner.next()?);
        let label = self.string(inner.next()?);
        Some(ActionDecl { name, label, span })
    }

    fn decision(&self, pair: Pair<'_, Rule>) -> Option<DecisionDecl> {
        let span = self.span(&pair);
        let mut inner = children(pair).skip(1);
        let name = self.name(inner.next()?);
        let label = self.string(inner.next()?);
        let over = inner
            .filter(|p| p.as_rule() == Rule::subject)
            .filter_map(|p| self.subject(p))
            .collect();
        Some(DecisionDecl {
            name,
            label,
            over,
            span,
        })
    }

    fn chapter(&self, pair: Pair<'_, Rule>) -> Option<ChapterDecl> {
        let span = self.span(&pair);
        let mut inner = children(pair).skip(1);
        let number_pair = inner.next()?;
        let title = self.string(inner.next()?);
        Some(ChapterDecl {
            number: self.int(&number_pair),
            number_span: self.span(&number_pair),
            title,
            span,
        })
    }

    fn section(&self, pair: Pair<'_, Rule>) -> Option<SectionDecl> {
        let span = self.span(&pair);
        let mut inner = children(pair).skip(1);
        let number_pair = inner.next()?;
        let title = self.string(inner.next()?);
        let segment = inner
            .find(|p| p.as_rule() == Rule::ident)
            .map(|p| self.name(p));
        Some(SectionDecl {
            number: self.int(&number_pair),
            number_span: self.span(&number_pair),
            title,
            segment,
            span,
        })
    }

    fn article(&self, pair: Pair<'_, Rule>) -> Option<ArticleDecl> {
        let span = self.span(&pair);
        let mut inner = children(pair).skip(1);
        let number_pair = inner.next()?;
        let title = self.string(inner.next()?);
        let mut article = ArticleDecl {
            number: self.int(&number_pair),
            number_span: self.span(&number_pair),
            title,
            decision: None,
            condition: None,
            incomplete: None,
            general_for: Box::default(),
            body: Box::default(),
            span,
        };
        let mut body = Vec::with_capacity(
            inner
                .clone()
                .filter(|p| {
                    matches!(
                        p.as_rule(),
                        Rule::utterances | Rule::case_item | Rule::step_item | Rule::guidance_item
                    )
                })
                .count(),
        );
        for child in inner {
            match child.as_rule() {
                Rule::in_attr => article.decision = children(child).nth(1).map(|p| self.name(p)),
                Rule::when_attr => {
                    article.condition = children(child).nth(1).map(|p| self.condition(p));
                }
                Rule::general_attr => {
                    article.general_for = children(child)
                        .filter(|p| p.as_rule() == Rule::ident)
                        .map(|p| self.name(p))
                        .collect();
                }
                Rule::incomplete_attr => {
                    article.incomplete = children(child).nth(1).map(|p| self.string(p));
                }
                _ => {
                    if let Some(body_item) = self.body_item(child) {
                        body.push(body_item);
                    }
                }
            }
        }
        article.body = body.into();
        Some(article)
    }

    fn subject(&self, pair: Pair<'_, Rule>) -> Option<Subject> {
        let inner = children(pair).next()?;
        match inner.as_rule() {
            Rule::kw_segment => Some(Subject::Segment(self.span(&inner))),
            _ => Some(Subject::Fact(self.name(inner))),
        }
    }

    fn condition(&self, pair: Pair<'_, Rule>) -> Condition {
        let span = self.span(&pair);
        let inner = pair.into_inner();
        // `comparison ~ (kw_and ~ comparison)*`: n comparisons are 2n - 1 children (and comments).
        let mut comparisons = Vec::with_capacity(inner.len().div_ceil(2));
        comparisons.extend(
            inner
                .filter(|p| p.as_rule() == Rule::comparison)
                .filter_map(|p| self.comparison(p)),
        );
        Condition {
            comparisons: comparisons.into(),
            span,
        }
    }

    fn comparison(&self, pair: Pair<'_, Rule>) -> Option<Comparison> {
        let span = self.span(&pair);
        let mut inner = children(pair);
        let subject = self.subject(inner.next()?)?;
        let operator = match inner.next()?.as_rule() {
            Rule::op_eq => Operator::Equal,
            Rule::op_ne => Operator::NotEqual,
            Rule::op_in => Operator::In,
            _ => Operator::NotIn,
        };
        let value_pair = inner.next()?;
        let values: Box<[Name]> = match value_pair.as_rule() {
            Rule::value_set => {
                let inner = value_pair.into_inner();
                let mut values = Vec::with_capacity(inner.len());
                values.extend(inner.filter(not_comment).map(|p| self.name(p)));
                values.into()
            }
            _ => Box::new([self.name(value_pair)]),
        };
        Some(Comparison {
            subject,
            operator,
            values,
            span,
        })
    }

    fn body_item(&self, pair: Pair<'_, Rule>) -> Option<BodyItem> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::guidance_item => {
                let text = children(pair).nth(1)?;
                Some(BodyItem::Guidance(self.string(text)))
            }
            Rule::utterances => Some(BodyItem::Utterances(self.utterances(pair))),
            Rule::case_item => {
                let mut label = None;
                let mut condition = None;
                let mut utterances = None;
                for child in children(pair) {
                    match child.as_rule() {
                        Rule::string => label = Some(self.string(child)),
                        Rule::condition => condition = Some(self.condition(child)),
                        Rule::utterances => utterances = Some(self.utterances(child)),
                        _ => {}
                    }
                }
                Some(BodyItem::Case(Box::new(CaseItem {
                    label,
                    condition: condition?,
                    utterances: utterances?,
                    span,
                })))
            }
            Rule::step_item => {
                let mut label = None;
                let mut condition = None;
                let mut utterances = None;
                for child in children(pair) {
                    match child.as_rule() {
                        Rule::string => label = Some(self.string(child)),
                        Rule::condition => condition = Some(self.condition(child)),
                        Rule::utterances => utterances = Some(self.utterances(child)),
                        _ => {}
                    }
                }
                Some(BodyItem::Step(Box::new(StepItem {
                    label,
                    condition,
                    utterances: utterances?,
                    span,
                })))
            }
            _ => None,
        }
    }

    /// `say`: its modal word, its template and its language, each found by its rule.
    fn say(&self, pair: Pair<'_, Rule>) -> Option<Say> {
        let mut modal = None;
        let mut template = None;
        let mut language = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::modal => {
                    let span = self.span(&child);
                    let word = match child.as_str() {
                        "may" => Modal::May,
                        _ => Modal::Must,
                    };
                    modal = Some((word, span));
                }
                Rule::template => template = Some(self.template(child)),
                Rule::lang_attr => language = children(child).nth(1).map(|s| self.string(s)),
                _ => {}
            }
        }
        Some(Say {
            modal,
            template: template?,
            language,
        })
    }

    /// `act`: its name, then what it may take, each found by its rule.
    fn act(&self, pair: Pair<'_, Rule>) -> Option<Act> {
        let span = self.span(&pair);
        let mut name = None;
        let mut argument = None;
        let mut note = None;
        let mut until = None;
        for child in children(pair) {
            match child.as_rule() {
                Rule::ident => name = Some(self.name(child)),
                Rule::act_argument => argument = children(child).next().map(|n| self.name(n)),
                Rule::note_attr => note = children(child).nth(1).map(|s| self.string(s)),
                Rule::until_attr => until = children(child).nth(1).map(|s| self.string(s)),
                _ => {}
            }
        }
        Some(Act {
            name: name?,
            argument,
            note,
            until,
            span,
        })
    }

    fn utterances(&self, pair: Pair<'_, Rule>) -> Utterances {
        let span = self.span(&pair);
        let inner = pair.into_inner();
        // `utterance ~ (kw_or ~ utterance)*`: n options are 2n - 1 children (and comments).
        let mut options = Vec::with_capacity(inner.len().div_ceil(2));
        options.extend(inner.filter_map(|child| match child.as_rule() {
            Rule::say => self.say(child).map(|say| Utterance::Say(Box::new(say))),
            Rule::act => self.act(child).map(|act| Utterance::Act(Box::new(act))),
            _ => None,
        }));
        Utterances {
            options: options.into(),
            span,
        }
    }

    fn template(&self, pair: Pair<'_, Rule>) -> Template {
        let span = self.span(&pair);
        let pieces = self.pieces(pair);
        Template { pieces, span }
    }

    /// The pieces of a template or of a branch of free variation (no comments inside).
    fn pieces(&self, pair: Pair<'_, Rule>) -> Box<[Piece]> {
        let inner = pair.into_inner();
        let mut pieces = Vec::with_capacity(inner.len());
        pieces.extend(inner.filter_map(|p| self.piece(p)));
        pieces.into()
    }

    fn piece(&self, pair: Pair<'_, Rule>) -> Option<Piece> {
        match pair.as_rule() {
            Rule::template_text | Rule::alt_text => Some(Piece::Text(Str {
                span: self.span(&pair),
            })),
            Rule::slot_ref => {
                let span = self.span(&pair);
                let mut inner = pair.into_inner();
                let name = self.name(inner.next()?);
                let mut choices: Vec<Str> = Vec::with_capacity(inner.len());
                choices.extend(inner.filter(|p| p.as_rule() == Rule::choice).map(|choice| {
                    let text = choice.clone().into_inner().next().unwrap_or(choice);
                    Str {
                        span: self.span(&text),
                    }
                }));
                let choices = if choices.is_empty() {
                    None
                } else {
                    Some(choices.into())
                };
                Some(Piece::Reference(Box::new(Reference {
                    name,
                    choices,
                    span,
                })))
            }
            Rule::alternatives => {
                let span = self.span(&pair);
                let inner = pair.into_inner();
                let mut branches = Vec::with_capacity(inner.len());
                branches.extend(inner.map(|branch| self.pieces(branch)));
                Some(Piece::Alternatives(Box::new(Alternatives {
                    branches: branches.into(),
                    span,
                })))
            }
            _ => None,
        }
    }
}
