//! A hand-written recursive-descent reading of `grammar/phrasec.pest` for files without syntax
//! errors: the same syntax tree as pest's parse lowered by `lower`, many times faster.
//!
//! Each rule of the grammar is a function here, read as a PEG parser reads it: alternatives in
//! order, repetitions greedy, blanks and comments skipped between the tokens of non-atomic
//! rules, and a failed optional or repeated part undone (position, last token and the comments
//! it read, as pest truncates its token queue). It gives up at the first thing the grammar does
//! not accept there; the caller then parses the file with pest, which reports the syntax
//! errors. So the grammar stays the definition of the language: the descent accepts exactly
//! the files pest accepts, with exactly the same tree (`tests/it/descent_differential.rs`).
//!
//! Spans are as `lower` makes them: from a rule's first token to the end of its last token.

mod tokens;

use super::ast::*;
use crate::source::{FileId, Span};

/// Reads `text`, which starts at byte `base` of the file, appending its declarations and
/// comments to `out`. Fails where the grammar does not accept the text; `out` is then
/// incomplete and must be thrown away.
pub(super) fn parse(file: FileId, text: &str, base: usize, out: &mut File) -> Result<(), ()> {
    let File {
        items, comments, ..
    } = out;
    let mut descent = Descent {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        token_end: 0,
        file,
        base,
        comments,
        pieces: Vec::new(),
    };
    descent.skip();
    while descent.pos < text.len() {
        items.push(descent.item().ok_or(())?);
        descent.skip();
    }
    Ok(())
}

/// The state of one reading.
struct Descent<'t, 'o> {
    text: &'t str,
    bytes: &'t [u8],
    /// The next byte to read.
    pos: usize,
    /// The end of the last token read: where a rule's span ends.
    token_end: usize,
    file: FileId,
    base: usize,
    comments: &'o mut Vec<Comment>,
    /// The pieces of the templates and branches being read, innermost last: each takes its
    /// own off the end when complete, so its list is allocated once at its exact length.
    pieces: Vec<Piece>,
}

/// Where to go back to when an optional or repeated part turns out not to be there.
#[derive(Clone, Copy)]
struct Mark {
    pos: usize,
    token_end: usize,
    comments: usize,
    pieces: usize,
}

/// One attribute of an article (`article_attr`).
enum ArticleAttribute {
    In(Name),
    When(Condition),
    Incomplete(Str),
    General(Vec<Name>),
}

impl Descent<'_, '_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, self.base + start, self.base + end)
    }

    /// The span from `start` to the end of the last token read.
    fn span_from(&self, start: usize) -> Span {
        self.span(start, self.token_end)
    }

    fn mark(&self) -> Mark {
        Mark {
            pos: self.pos,
            token_end: self.token_end,
            comments: self.comments.len(),
            pieces: self.pieces.len(),
        }
    }

    fn reset(&mut self, mark: Mark) {
        self.pos = mark.pos;
        self.token_end = mark.token_end;
        self.comments.truncate(mark.comments);
        self.pieces.truncate(mark.pieces);
    }

    /// Runs `read`; if it fails, undoes everything it read.
    fn attempt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let mark = self.mark();
        let result = read(self);
        if result.is_none() {
            self.reset(mark);
        }
        result
    }

    /// Blanks, then `read` (a part of a rule after its first token), undone if it fails.
    fn then<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        self.attempt(|descent| {
            descent.skip();
            read(descent)
        })
    }

    /// `"," ~ read`, after blanks; undone if either is missing.
    fn comma_then<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        self.then(|descent| {
            descent.punctuation(b',')?;
            descent.skip();
            read(descent)
        })
    }

    /// `first` and every further item `next` reads, in a list of exactly their number (the
    /// syntax tree is kept for the whole run: no room to grow).
    fn list<T>(&mut self, first: T, mut next: impl FnMut(&mut Self) -> Option<T>) -> Vec<T> {
        let Some(second) = next(self) else {
            return vec![first];
        };
        let mut items = vec![first, second];
        while let Some(item) = next(self) {
            items.push(item);
        }
        items.shrink_to_fit();
        items
    }

    /// `item`: one top-level declaration, chosen by its keyword.
    fn item(&mut self) -> Option<Item> {
        let word = self.word();
        let start = self.take_word(word);
        match word {
            "article" => self
                .article(start)
                .map(|decl| Item::Article(Box::new(decl))),
            "section" => self
                .section(start)
                .map(|decl| Item::Section(Box::new(decl))),
            "chapter" => self
                .chapter(start)
                .map(|decl| Item::Chapter(Box::new(decl))),
            "spec" => self.spec(start).map(|decl| Item::Spec(Box::new(decl))),
            "segment" => self
                .segment(start)
                .map(|decl| Item::Segment(Box::new(decl))),
            "fact" => self.fact(start).map(|decl| Item::Fact(Box::new(decl))),
            "never" => self.never(start).map(|decl| Item::Never(Box::new(decl))),
            "const" => self.constant(start).map(|decl| Item::Const(Box::new(decl))),
            "slot" => self.slot(start).map(|decl| Item::Slot(Box::new(decl))),
            "action" => self.action(start).map(|decl| Item::Action(Box::new(decl))),
            "decision" => self
                .decision(start)
                .map(|decl| Item::Decision(Box::new(decl))),
            _ => None,
        }
    }

    /// After a keyword: blanks, then a name.
    fn next_ident(&mut self) -> Option<Name> {
        self.skip();
        self.ident()
    }

    /// After a token: blanks, then a quoted string.
    fn next_string(&mut self) -> Option<Str> {
        self.skip();
        self.string()
    }

    /// `spec_decl`
    fn spec(&mut self, start: usize) -> Option<SpecDecl> {
        let title = self.next_string()?;
        let version = self.then(|descent| {
            descent.keyword("version")?;
            descent.next_string()
        });
        Some(SpecDecl {
            title,
            version,
            span: self.span_from(start),
        })
    }

    /// `segment_decl`
    fn segment(&mut self, start: usize) -> Option<SegmentDecl> {
        let name = self.next_ident()?;
        let label = self.next_string()?;
        let default = self.then(|descent| {
            let at = descent.keyword("default")?;
            Some(descent.span(at, at + "default".len()))
        });
        Some(SegmentDecl {
            name,
            label,
            default,
            span: self.span_from(start),
        })
    }

    /// `fact_decl`
    fn fact(&mut self, start: usize) -> Option<FactDecl> {
        let name = self.next_ident()?;
        let label = self.next_string()?;
        let values = self.value_list()?;
        Some(FactDecl {
            name,
            label,
            values,
            span: self.span_from(start),
        })
    }

    /// `"{" ~ (fact_value ~ ("," ~ fact_value)* ~ ","?)? ~ "}"`, after blanks.
    fn value_list(&mut self) -> Option<Vec<ValueDecl>> {
        self.skip();
        self.punctuation(b'{')?;
        let values = self
            .then(|descent| {
                let first = descent.value_decl()?;
                let values = descent.list(first, |descent| descent.comma_then(Self::value_decl));
                descent.then(|descent| descent.punctuation(b','));
                Some(values)
            })
            .unwrap_or_default();
        self.skip();
        self.punctuation(b'}')?;
        Some(values)
    }

    /// `fact_value`
    fn value_decl(&mut self) -> Option<ValueDecl> {
        let start = self.pos;
        let name = self.ident()?;
        let label = self.next_string()?;
        Some(ValueDecl {
            name,
            label,
            span: self.span_from(start),
        })
    }

    /// `never_decl`
    fn never(&mut self, start: usize) -> Option<NeverDecl> {
        self.skip();
        let condition = self.condition()?;
        let reason = self.then(|descent| {
            descent.keyword("because")?;
            descent.next_string()
        });
        Some(NeverDecl {
            condition,
            reason,
            span: self.span_from(start),
        })
    }

    /// `const_decl`
    fn constant(&mut self, start: usize) -> Option<ConstDecl> {
        let name = self.next_ident()?;
        let label = self.next_string()?;
        self.skip();
        let value = match self.punctuation(b'=') {
            Some(_) => Some(self.next_string()?),
            None => None,
        };
        Some(ConstDecl {
            name,
            label,
            value,
            span: self.span_from(start),
        })
    }

    /// `slot_decl`
    fn slot(&mut self, start: usize) -> Option<SlotDecl> {
        let name = self.next_ident()?;
        self.skip();
        self.punctuation(b':')?;
        self.skip();
        let ty = self.slot_type()?;
        let label = self.next_string()?;
        let mut attributes = Vec::new();
        while let Some(attribute) = self.then(Self::slot_attribute) {
            attributes.push(attribute);
        }
        attributes.shrink_to_fit();
        Some(SlotDecl {
            name,
            ty,
            label,
            attributes,
            span: self.span_from(start),
        })
    }

    /// `slot_type`: `enum_type | named_type`.
    fn slot_type(&mut self) -> Option<SlotType> {
        let start = self.pos;
        if self.keyword("enum").is_some() {
            let values = self.value_list()?;
            return Some(SlotType::Enum {
                values,
                span: self.span_from(start),
            });
        }
        let name = self.ident()?;
        let arguments = self
            .then(|descent| {
                descent.punctuation(b'(')?;
                let arguments = descent
                    .then(|descent| {
                        let first = descent.type_argument()?;
                        Some(descent.list(first, |descent| descent.comma_then(Self::type_argument)))
                    })
                    .unwrap_or_default();
                descent.skip();
                descent.punctuation(b')')?;
                Some(arguments)
            })
            .unwrap_or_default();
        Some(SlotType::Named {
            name,
            arguments,
            span: self.span_from(start),
        })
    }

    /// `type_arg`: `range | ident | number`.
    fn type_argument(&mut self) -> Option<TypeArgument> {
        if let Some(range) = self.attempt(Self::range) {
            return Some(TypeArgument::Range(range));
        }
        if let Some(name) = self.attempt(Self::ident) {
            return Some(TypeArgument::Name(name));
        }
        self.attempt(Self::number).map(TypeArgument::Number)
    }

    /// `range`: `number? ~ range_op ~ number?`.
    fn range(&mut self) -> Option<RangeArg> {
        let start = self.pos;
        let low = self.attempt(Self::number);
        self.skip();
        let inclusive = if self.punctuation_str("..=").is_some() {
            RangeEnd::Included
        } else {
            self.punctuation_str("..")?;
            RangeEnd::Excluded
        };
        let high = self.then(Self::number);
        Some(RangeArg {
            low,
            high,
            inclusive,
            span: self.span_from(start),
        })
    }

    /// `slot_attr`: `note_attr | example_attr | unit_attr`.
    fn slot_attribute(&mut self) -> Option<SlotAttribute> {
        let word = self.word();
        self.take_word(word);
        match word {
            "note" => self.next_string().map(SlotAttribute::Note),
            "unit" => {
                let first = self.next_string()?;
                let units = self.list(first, |descent| {
                    descent.then(|descent| {
                        descent.punctuation(b'|')?;
                        descent.next_string()
                    })
                });
                Some(SlotAttribute::Unit(units.into()))
            }
            "example" => {
                self.skip();
                let value = match self.attempt(Self::string) {
                    Some(text) => ExampleValue::Text(text),
                    None => ExampleValue::Number(self.number()?),
                };
                Some(SlotAttribute::Example(value))
            }
            _ => None,
        }
    }

    /// `action_decl`
    fn action(&mut self, start: usize) -> Option<ActionDecl> {
        let name = self.next_ident()?;
        let label = self.next_string()?;
        Some(ActionDecl {
            name,
            label,
            span: self.span_from(start),
        })
    }

    /// `decision_decl`
    fn decision(&mut self, start: usize) -> Option<DecisionDecl> {
        let name = self.next_ident()?;
        let label = self.next_string()?;
        self.skip();
        self.keyword("over")?;
        self.skip();
        let first = self.subject()?;
        let over = self.list(first, |descent| descent.comma_then(Self::subject));
        Some(DecisionDecl {
            name,
            label,
            over,
            span: self.span_from(start),
        })
    }

    /// `chapter_decl`
    fn chapter(&mut self, start: usize) -> Option<ChapterDecl> {
        self.skip();
        let (number, number_start) = self.int()?;
        let number_span = self.span_from(number_start);
        let title = self.next_string()?;
        Some(ChapterDecl {
            number,
            number_span,
            title,
            span: self.span_from(start),
        })
    }

    /// `section_decl`
    fn section(&mut self, start: usize) -> Option<SectionDecl> {
        self.skip();
        let (number, number_start) = self.int()?;
        let number_span = self.span_from(number_start);
        let title = self.next_string()?;
        let segment = self.then(|descent| {
            descent.keyword("for")?;
            descent.next_ident()
        });
        Some(SectionDecl {
            number,
            number_span,
            title,
            segment,
            span: self.span_from(start),
        })
    }

    /// `article_decl`: number, title, attributes, body.
    fn article(&mut self, start: usize) -> Option<ArticleDecl> {
        self.skip();
        let (number, number_start) = self.int()?;
        let number_span = self.span_from(number_start);
        let title = self.next_string()?;
        let mut article = ArticleDecl {
            number,
            number_span,
            title,
            decision: None,
            condition: None,
            incomplete: None,
            general_for: Box::default(),
            body: Box::default(),
            span: Span::default(),
        };
        while let Some(attribute) = self.then(Self::article_attribute) {
            match attribute {
                ArticleAttribute::In(name) => article.decision = Some(name),
                ArticleAttribute::When(condition) => article.condition = Some(condition),
                ArticleAttribute::Incomplete(text) => article.incomplete = Some(text),
                ArticleAttribute::General(names) => article.general_for = names.into(),
            }
        }
        let mut body = Vec::new();
        while let Some(item) = self.then(Self::body_item) {
            body.push(item);
        }
        article.body = body.into();
        article.span = self.span_from(start);
        Some(article)
    }

    /// `article_attr`: `in_attr | when_attr | incomplete_attr | general_attr`.
    fn article_attribute(&mut self) -> Option<ArticleAttribute> {
        let word = self.word();
        self.take_word(word);
        match word {
            "in" => self.next_ident().map(ArticleAttribute::In),
            "when" => {
                self.skip();
                self.condition().map(ArticleAttribute::When)
            }
            "incomplete" => self.next_string().map(ArticleAttribute::Incomplete),
            "general" => {
                self.skip();
                self.keyword("for")?;
                let first = self.next_ident()?;
                let names = self.list(first, |descent| descent.comma_then(Self::ident));
                Some(ArticleAttribute::General(names))
            }
            _ => None,
        }
    }

    /// `condition`: comparisons joined by `and`.
    fn condition(&mut self) -> Option<Condition> {
        let start = self.pos;
        let first = self.comparison()?;
        let comparisons = self.list(first, |descent| {
            descent.then(|descent| {
                descent.keyword("and")?;
                descent.skip();
                descent.comparison()
            })
        });
        Some(Condition {
            comparisons: comparisons.into(),
            span: self.span_from(start),
        })
    }

    /// `comparison`: a subject, then `= v`, `!= v`, `not in {…}` or `in {…}` (in that order).
    fn comparison(&mut self) -> Option<Comparison> {
        let start = self.pos;
        let subject = self.subject()?;
        self.skip();
        let (operator, values) = if let Some(value) = self.attempt(|descent| {
            descent.punctuation(b'=')?;
            descent.skip();
            descent.value_name()
        }) {
            (Operator::Equal, vec![value])
        } else if let Some(value) = self.attempt(|descent| {
            descent.punctuation_str("!=")?;
            descent.skip();
            descent.value_name()
        }) {
            (Operator::NotEqual, vec![value])
        } else if let Some(values) = self.attempt(|descent| {
            descent.keyword("not")?;
            descent.skip();
            descent.keyword("in")?;
            descent.skip();
            descent.value_set()
        }) {
            (Operator::NotIn, values)
        } else {
            self.keyword("in")?;
            self.skip();
            (Operator::In, self.value_set()?)
        };
        Some(Comparison {
            subject,
            operator,
            values: values.into(),
            span: self.span_from(start),
        })
    }

    /// `subject`: the keyword `segment` or a fact's name.
    fn subject(&mut self) -> Option<Subject> {
        if let Some(start) = self.keyword("segment") {
            return Some(Subject::Segment(self.span_from(start)));
        }
        self.ident().map(Subject::Fact)
    }

    /// `value_set`: `{a, b}`, a trailing comma allowed.
    fn value_set(&mut self) -> Option<Vec<Name>> {
        self.punctuation(b'{')?;
        self.skip();
        let first = self.value_name()?;
        let values = self.list(first, |descent| descent.comma_then(Self::value_name));
        self.then(|descent| descent.punctuation(b','));
        self.skip();
        self.punctuation(b'}')?;
        Some(values)
    }

    /// `body_item`: `utterances | case_item | step_item | guidance_item`.
    fn body_item(&mut self) -> Option<BodyItem> {
        let word = self.word();
        match word {
            "case" => {
                let start = self.take_word(word);
                let label = self.then(Self::string);
                self.skip();
                self.keyword("when")?;
                self.skip();
                let condition = self.condition()?;
                self.skip();
                let utterances = self.utterances()?;
                Some(BodyItem::Case(Box::new(CaseItem {
                    label,
                    condition,
                    utterances,
                    span: self.span_from(start),
                })))
            }
            "step" => {
                let start = self.take_word(word);
                let label = self.then(Self::string);
                let condition = self.then(|descent| {
                    descent.keyword("when")?;
                    descent.skip();
                    descent.condition()
                });
                self.skip();
                let utterances = self.utterances()?;
                Some(BodyItem::Step(Box::new(StepItem {
                    label,
                    condition,
                    utterances,
                    span: self.span_from(start),
                })))
            }
            "guidance" => {
                self.take_word(word);
                self.next_string().map(BodyItem::Guidance)
            }
            _ => self.utterances().map(BodyItem::Utterances),
        }
    }

    /// `utterances`: `say`s and `act`s joined by `or`.
    fn utterances(&mut self) -> Option<Utterances> {
        let start = self.pos;
        let first = self.utterance()?;
        let options = self.list(first, |descent| {
            descent.then(|descent| {
                descent.keyword("or")?;
                descent.skip();
                descent.utterance()
            })
        });
        Some(Utterances {
            options: options.into(),
            span: self.span_from(start),
        })
    }

    /// `utterance`: `say "…"` or `act name`.
    fn utterance(&mut self) -> Option<Utterance> {
        let word = self.word();
        let start = self.take_word(word);
        match word {
            "must" | "may" => {
                let modal = match word {
                    "may" => Modal::May,
                    _ => Modal::Must,
                };
                let span = self.span(start, start + word.len());
                self.skip();
                self.keyword("say")?;
                self.say(Some((modal, span)))
            }
            "say" => self.say(None),
            "act" => self.act(start).map(|act| Utterance::Act(Box::new(act))),
            _ => None,
        }
    }

    /// `say`, after its keyword: a template, then `lang "…"`, optional.
    fn say(&mut self, modal: Option<(Modal, Span)>) -> Option<Utterance> {
        self.skip();
        let template = self.template()?;
        let language = self.then(|descent| {
            descent.keyword("lang")?;
            descent.next_string()
        });
        Some(Utterance::Say(Box::new(Say {
            modal,
            template,
            language,
        })))
    }

    /// `act`, after its keyword: a name, then `{argument}`, `note "…"` and `until "…"`, each
    /// optional.
    fn act(&mut self, start: usize) -> Option<Act> {
        let name = self.next_ident()?;
        let argument = self.then(|descent| {
            descent.punctuation(b'{')?;
            let name = descent.next_ident()?;
            descent.skip();
            descent.punctuation(b'}')?;
            Some(name)
        });
        let note = self.then(|descent| {
            descent.keyword("note")?;
            descent.next_string()
        });
        let until = self.then(|descent| {
            descent.keyword("until")?;
            descent.next_string()
        });
        Some(Act {
            name,
            argument,
            note,
            until,
            span: self.span_from(start),
        })
    }
}

#[cfg(test)]
mod tests;
