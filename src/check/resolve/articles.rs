//! Resolving one article: its decision, condition (with its section's segment), body, cases,
//! steps, templates and the slots and constants they name.

use super::segment_choices::count;
use super::*;

/// Where an article stands: its chapter and section (indices into the rule set's outline).
#[derive(Clone, Copy)]
pub(super) struct Place {
    pub(super) chapter: Option<usize>,
    pub(super) section: Option<usize>,
}

impl Resolver<'_> {
    /// Resolves one article: a function of the declarations and of the article's tree and
    /// place, which records its diagnostics in `self.diagnostics`. The segment its section is
    /// restricted to, if any, is the first test of its condition.
    pub(super) fn article(
        &mut self,
        decl: &ast::ArticleDecl,
        place: Place,
        sections: &[Section],
    ) -> Article {
        let Place { chapter, section } = place;
        let section_segment = section.and_then(|idx| {
            let section = &sections[idx];
            section.segment.map(|segment| (segment, section.span))
        });
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
        let article = Article {
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
        };
        self.check_segment_choices(&article);
        article
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
                ast::Utterance::Say(say) => Some(Utterance::Say(self.say(say))),
                ast::Utterance::Act(act) => self.act(act),
            };
            options.extend(resolved);
        }
        Utterances {
            options,
            span: utterances.span,
        }
    }

    /// `act name {argument} note "…" until "…"`.
    fn act(&mut self, act: &ast::Act) -> Option<Utterance> {
        let action = self.action(&act.name);
        let argument = match &act.argument {
            Some(name) => Some(self.act_argument(name)?),
            None => None,
        };
        let details = ActDetails {
            argument,
            note: act.note.as_ref().map(|s| self.texts.str(s).into_owned()),
            until: act.until.as_ref().map(|s| self.texts.str(s).into_owned()),
        };
        Some(Utterance::Act {
            action: action?,
            span: act.name.span,
            details: (details != ActDetails::default()).then(|| Box::new(details)),
        })
    }

    /// The slot or constant an action is given (`{department}`).
    fn act_argument(&mut self, name: &ast::Name) -> Option<Piece> {
        let text = self.texts.name(name);
        if let Some(&slot) = self.slot_names.get(text) {
            return Some(Piece::Slot { slot });
        }
        if let Some(&constant) = self.const_names.get(text) {
            return Some(Piece::Constant { constant });
        }
        self.unknown_slot_or_constant(name);
        None
    }

    /// E0107: `name` is neither a slot nor a constant.
    fn unknown_slot_or_constant(&mut self, name: &ast::Name) {
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

    /// A phrase, with its modal word and its language tag (E0132 when the tag is not one).
    fn say(&mut self, say: &ast::Say) -> Template {
        let language = say.language.as_ref().and_then(|tag| {
            let text = self.texts.str(tag);
            if is_language_tag(&text) {
                return Some(CompactString::from(&*text));
            }
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E0132,
                    format!("`{text}` is not a language tag"),
                )
                .primary(tag.span, "not a language tag")
                .help("write a tag such as `en`, `zh-Hant` or `yue`: letters, then `-` and letters or digits"),
            );
            None
        });
        Template {
            pieces: self.pieces(&say.template.pieces),
            span: say.template.span,
            modal: say.modal.map(|(modal, _)| modal).unwrap_or_default(),
            language,
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
        // No slot or constant can be named `segment`, a keyword.
        if self.texts.name(name) == "segment" {
            return self.segment_choice(reference);
        }
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
        self.unknown_slot_or_constant(name);
        None
    }
}

/// A BCP 47 tag in its common shape: a language of 2 or 3 letters, then subtags of 1 to 8
/// letters or digits after `-` (`en`, `yue`, `zh-Hant`, `zh-Hans-CN`).
fn is_language_tag(text: &str) -> bool {
    let mut subtags = text.split('-');
    let primary = subtags.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|ch| ch.is_ascii_alphabetic())
        && subtags.all(|subtag| {
            (1..=8).contains(&subtag.len()) && subtag.chars().all(|ch| ch.is_ascii_alphanumeric())
        })
}
