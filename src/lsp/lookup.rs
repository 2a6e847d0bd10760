//! What the cursor is on: a declared name (at its declaration or at a use) or an article's
//! header.
//!
//! The model keeps the span of every declaration and article, but not of every use (a
//! `{slot}` in a template or a fact in a condition is resolved to an index without one). So
//! the name under the cursor is found by a small text scan (the run of identifier characters
//! around it) and looked up by name among the declarations. When several declarations share
//! the name (a fact value named like a fact), the narrowest declaration around the cursor
//! wins; else a value of a fact named earlier on the same line (`when cause = ours`); else a
//! declaration that is not a value.

use std::ops::Range;

use phrasec::check::model::{FactIdx, Model, SlotType, ValueIdx};
use phrasec::source::{FileId, SourceMap, Span};

/// A declaration or article of the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Segment(usize),
    Fact(FactIdx),
    Value(FactIdx, ValueIdx),
    /// A value of an enum slot.
    SlotValue(usize, ValueIdx),
    Constant(usize),
    Slot(usize),
    Action(usize),
    Decision(usize),
    Article(usize),
}

/// The run of identifier characters around byte `offset` of `text`, if any.
pub fn word_at(text: &str, offset: usize) -> Option<Range<usize>> {
    let is_word = |ch: char| ch.is_alphanumeric() || ch == '_';
    let offset = offset.min(text.len());
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, ch)| is_word(ch))
        .last()
        .map_or(offset, |(at, _)| at);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, ch)| !is_word(ch))
        .map_or(text.len(), |(at, _)| offset + at);
    (start < end).then_some(start..end)
}

/// Every declaration with its span and name.
pub fn declarations(model: &Model) -> Vec<(Target, Span, &str)> {
    let mut all = Vec::new();
    for (idx, segment) in model.segments.iter().enumerate() {
        all.push((Target::Segment(idx), segment.span, segment.name.as_str()));
    }
    for (idx, fact) in model.facts.iter().enumerate() {
        all.push((Target::Fact(idx), fact.span, fact.name.as_str()));
        for (value_idx, value) in fact.values.iter().enumerate() {
            all.push((
                Target::Value(idx, value_idx),
                value.span,
                value.name.as_str(),
            ));
        }
    }
    for (idx, constant) in model.constants.iter().enumerate() {
        all.push((Target::Constant(idx), constant.span, constant.name.as_str()));
    }
    for (idx, slot) in model.slots.iter().enumerate() {
        all.push((Target::Slot(idx), slot.span, slot.name.as_str()));
        if let SlotType::Enum { values } = &slot.ty {
            for (value_idx, value) in values.iter().enumerate() {
                let target = Target::SlotValue(idx, value_idx);
                all.push((target, value.span, value.name.as_str()));
            }
        }
    }
    for (idx, action) in model.actions.iter().enumerate() {
        all.push((Target::Action(idx), action.span, action.name.as_str()));
    }
    for (idx, decision) in model.decisions.iter().enumerate() {
        all.push((Target::Decision(idx), decision.span, decision.name.as_str()));
    }
    all
}

/// The target at byte `offset` of `file` (whose text is `text`).
pub fn target_at(model: &Model, file: FileId, text: &str, offset: usize) -> Option<Target> {
    if let Some(article) = article_header_at(model, file, text, offset) {
        return Some(Target::Article(article));
    }
    let word = word_at(text, offset)?;
    let name = &text[word.clone()];
    let candidates: Vec<(Target, Span)> = declarations(model)
        .into_iter()
        .filter(|&(_, _, declared)| declared == name)
        .map(|(target, span, _)| (target, span))
        .collect();
    let around = candidates
        .iter()
        .filter(|(_, span)| span.file == file && span.range().contains(&word.start))
        .min_by_key(|(_, span)| span.end - span.start);
    if let Some(&(target, _)) = around {
        return Some(target);
    }
    let line_start = text[..word.start].rfind('\n').map_or(0, |at| at + 1);
    let before = &text[line_start..word.start];
    let of_named_fact = candidates.iter().find(|(target, _)| match target {
        Target::Value(fact, _) => names_word(before, &model.facts[*fact].name),
        _ => false,
    });
    if let Some(&(target, _)) = of_named_fact {
        return Some(target);
    }
    candidates
        .iter()
        .find(|(target, _)| !matches!(target, Target::Value(..) | Target::SlotValue(..)))
        .or(candidates.first())
        .map(|&(target, _)| target)
}

/// The name of a named target (`None` for an article).
pub fn name_of(model: &Model, target: Target) -> Option<&str> {
    declarations(model)
        .into_iter()
        .find(|&(declared, ..)| declared == target)
        .map(|(_, _, name)| name)
}

/// Every place in `text` (file `file`) that names `target`: its declaration and its uses, each
/// told apart from a like-named declaration as [`target_at`] does.
pub fn occurrences(model: &Model, file: FileId, text: &str, target: Target) -> Vec<Range<usize>> {
    let Some(name) = name_of(model, target) else {
        return Vec::new();
    };
    text.match_indices(name)
        .filter(|&(at, _)| whole_word(text, at, name.len()))
        .filter(|&(at, _)| target_at(model, file, text, at) == Some(target))
        .map(|(at, _)| at..at + name.len())
        .collect()
}

/// Whether `text` holds `name` as a whole word.
fn names_word(text: &str, name: &str) -> bool {
    text.match_indices(name)
        .any(|(at, _)| whole_word(text, at, name.len()))
}

/// The article whose header line (`article N "title"`) holds `offset`.
fn article_header_at(model: &Model, file: FileId, text: &str, offset: usize) -> Option<usize> {
    model.articles.iter().position(|article| {
        let span = article.span;
        // Another file's offsets mean nothing in this text (and may fall inside a character).
        if span.file != file {
            return false;
        }
        let start = (span.start as usize).min(text.len());
        let header_end = text[start..].find('\n').map_or(text.len(), |at| start + at);
        (start..=header_end).contains(&offset)
    })
}

/// The span of the declaration of `target` and, inside it, of its name (the first whole-word
/// occurrence of the name in the declaration's text; the whole span if none).
pub fn declaration_span(model: &Model, sources: &SourceMap, target: Target) -> (Span, Span) {
    let (span, name): (Span, &str) = match target {
        Target::Segment(idx) => (model.segments[idx].span, &model.segments[idx].name),
        Target::Fact(idx) => (model.facts[idx].span, &model.facts[idx].name),
        Target::Value(fact, idx) => {
            let value = &model.facts[fact].values[idx];
            (value.span, &value.name)
        }
        Target::SlotValue(slot, idx) => match &model.slots[slot].ty {
            SlotType::Enum { values } => (values[idx].span, &values[idx].name),
            _ => (model.slots[slot].span, &model.slots[slot].name),
        },
        Target::Constant(idx) => (model.constants[idx].span, &model.constants[idx].name),
        Target::Slot(idx) => (model.slots[idx].span, &model.slots[idx].name),
        Target::Action(idx) => (model.actions[idx].span, &model.actions[idx].name),
        Target::Decision(idx) => (model.decisions[idx].span, &model.decisions[idx].name),
        Target::Article(idx) => {
            let article = &model.articles[idx];
            return (article.span, article.number_span);
        }
    };
    let text = sources.snippet(span);
    let name_span = text
        .match_indices(name)
        .find(|&(at, _)| whole_word(text, at, name.len()))
        .map_or(span, |(at, _)| {
            let start = span.start as usize + at;
            Span::new(span.file, start, start + name.len())
        });
    (span, name_span)
}

fn whole_word(text: &str, at: usize, len: usize) -> bool {
    let is_word = |ch: char| ch.is_alphanumeric() || ch == '_';
    text[..at].chars().next_back().is_none_or(|ch| !is_word(ch))
        && text[at + len..]
            .chars()
            .next()
            .is_none_or(|ch| !is_word(ch))
}

#[cfg(test)]
mod tests {
    use phrasec::{Compilation, Input, compile};

    use super::*;

    const RULES: &str = r#"spec "s"

fact cause "原因" {
  ours "我方",
  theirs "对方",
}

fact question "所问" {
  cause "原因",
  other "其他",
}

const hotline "热线" = "10000"

decision asks "询问" over cause, question

article 1 "我方原因"
  in asks when cause = ours and question = cause
  say "请拨打{hotline}"

article 2 "其他"
  in asks when cause = ours and question = other
  say "好"

article 3 "对方"
  in asks when cause = theirs
  say "好"
"#;

    fn compiled() -> Compilation {
        let compilation = compile(&[Input {
            name: "rules.phr".to_owned(),
            bytes: RULES.as_bytes().to_vec(),
        }]);
        assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
        compilation
    }

    /// The target at the `nth` (from 0) occurrence of `needle`, `into` bytes into it.
    fn at(compilation: &Compilation, needle: &str, nth: usize, into: usize) -> Option<Target> {
        let (offset, _) = RULES.match_indices(needle).nth(nth).unwrap();
        target_at(&compilation.model, FileId(0), RULES, offset + into)
    }

    #[test]
    fn a_value_named_like_a_fact_is_told_apart_by_the_fact_before_it() {
        let compilation = compiled();
        let question = compilation
            .model
            .facts
            .iter()
            .position(|f| f.name == "question");
        let question = question.unwrap();
        // `when cause = ours`: the fact.
        assert_eq!(
            at(&compilation, "cause = ours", 0, 2),
            Some(Target::Fact(0))
        );
        // `question = cause`: the value of `question`.
        assert_eq!(
            at(&compilation, "question = cause", 0, 13),
            Some(Target::Value(question, 0))
        );
        // At its declaration inside `fact question { … }`: the value too.
        assert_eq!(
            at(&compilation, "  cause \"原因\"", 0, 3),
            Some(Target::Value(question, 0))
        );
        // The fact's own declaration.
        assert_eq!(at(&compilation, "fact cause", 0, 6), Some(Target::Fact(0)));
    }

    #[test]
    fn uses_in_phrases_and_article_headers_are_found() {
        let compilation = compiled();
        assert_eq!(
            at(&compilation, "{hotline}", 0, 1),
            Some(Target::Constant(0))
        );
        assert_eq!(
            at(&compilation, "{hotline}", 0, 8),
            Some(Target::Constant(0))
        );
        assert_eq!(at(&compilation, "\"其他\"", 1, 1), Some(Target::Article(1)));
        assert_eq!(at(&compilation, "  say \"好\"", 0, 7), None);
    }

    #[test]
    fn occurrences_are_the_declaration_and_uses_of_one_target() {
        let compilation = compiled();
        let model = &compilation.model;
        let found = |target| -> Vec<usize> {
            let ranges = occurrences(model, FileId(0), RULES, target);
            ranges.iter().map(|range| range.start).collect()
        };
        let value_declared = RULES.find("  cause \"原因\"").unwrap() + 2;
        let value_used = RULES.find("question = cause").unwrap() + 11;
        assert_eq!(found(Target::Value(1, 0)), [value_declared, value_used]);
        // The fact `cause`: every other `cause` (`fact cause`, `over cause`, three tests).
        let fact: Vec<usize> = RULES
            .match_indices("cause")
            .map(|(at, _)| at)
            .filter(|&at| at != value_declared && at != value_used)
            .collect();
        assert_eq!(fact.len(), 5);
        assert_eq!(found(Target::Fact(0)), fact);
        assert_eq!(found(Target::Article(0)), Vec::<usize>::new());
    }

    #[test]
    fn an_article_of_another_file_is_not_looked_for_in_this_one() {
        // The article of `b.phr` starts at a byte offset that falls inside a character of
        // `a.phr`: looking for its header in `a.phr`'s text panicked.
        let a = "spec \"s\"\nconst 热线电话 \"热线\" = \"10000\"\n";
        let b = "#              \narticle 1 \"答复\"\n  say \"请拨打{热线电话}。\"\n";
        let compilation = compile(&[
            Input {
                name: "a.phr".to_owned(),
                bytes: a.as_bytes().to_vec(),
            },
            Input {
                name: "b.phr".to_owned(),
                bytes: b.as_bytes().to_vec(),
            },
        ]);
        assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
        assert!(!a.is_char_boundary(b.find("article").unwrap()));
        let model = &compilation.model;
        for offset in (0..a.len()).filter(|&at| a.is_char_boundary(at)) {
            let found = target_at(model, FileId(0), a, offset);
            assert!(!matches!(found, Some(Target::Article(_))), "{offset}");
        }
        let on_name = a.find("热线电话").unwrap();
        assert_eq!(
            target_at(model, FileId(0), a, on_name),
            Some(Target::Constant(0))
        );
    }

    #[test]
    fn a_declaration_s_name_is_its_definition() {
        let compilation = compiled();
        let (_, name) = declaration_span(&compilation.model, &compilation.sources, Target::Fact(0));
        assert_eq!(&RULES[name.range()], "cause");
        assert_eq!(name.start as usize, RULES.find("fact cause").unwrap() + 5);
        let (_, value) = declaration_span(
            &compilation.model,
            &compilation.sources,
            Target::Value(1, 0),
        );
        assert_eq!(&RULES[value.range()], "cause");
        assert_eq!(
            value.start as usize,
            RULES.find("  cause \"原因\"").unwrap() + 2
        );
    }
}
