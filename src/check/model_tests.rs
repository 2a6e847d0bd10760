//! Phrase texts in the model are spans into the shared file texts: read back, escapes decoded.

use super::model::{BodyItem, Piece, Utterance};
use crate::source::{FileId, Span};

#[test]
fn phrase_texts_are_read_from_the_shared_file_text() {
    let text = "spec \"s\" version \"1\"\nslot name: person \"姓名\"\n\
                article 1 \"标题\"\n  say \"请点击\\\"确认\\\"，{name}。\"\n";
    let compilation = crate::compile_str("rules.phr", text);
    assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
    let model = &compilation.model;
    // The model shares the source map's text instead of copying it.
    let shared = &compilation.sources.get(FileId(0)).text;
    assert!(std::sync::Arc::ptr_eq(&model.sources[0].1, shared));
    let BodyItem::Utterances(utterances) = &model.articles[0].body[0] else {
        panic!("not a phrase");
    };
    let Utterance::Say(template) = &utterances.options[0] else {
        panic!("not a phrase");
    };
    let texts: Vec<String> = template
        .pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Text(span) => Some(model.text(*span).into_owned()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["请点击\"确认\"，", "。"]);
    // A span of a file the model does not hold reads as empty.
    assert_eq!(model.text(Span::new(FileId(7), 0, 3)), "");
}

#[test]
fn value_sets_keep_their_values_in_either_form() {
    use super::model::ValueSet;
    let small = ValueSet::from_ascending([1, 3, 63]);
    assert_eq!(small, ValueSet::Mask(1 << 1 | 1 << 3 | 1 << 63));
    assert_eq!(small.iter().collect::<Vec<_>>(), [1, 3, 63]);
    assert!(small.contains(3) && !small.contains(2) && !small.contains(64));
    let large = ValueSet::from_ascending([2, 5, 70, 80]);
    assert_eq!(large, ValueSet::List(Box::new([2, 5, 70, 80])));
    assert_eq!(large.iter().collect::<Vec<_>>(), [2, 5, 70, 80]);
    assert!(large.contains(70) && large.contains(5) && !large.contains(3));
    assert_eq!(ValueSet::from_ascending([]), ValueSet::Mask(0));
}

/// A slot type reads back as written (without its unit, an enum's values by name): the line
/// the diff compares and hover shows.
#[test]
fn slot_types_read_back_as_written() {
    let written = [
        "text",
        "number",
        "number(1..=120)",
        "number(0..1)",
        "money",
        "money(0..=10000)",
        "id",
        "id(8)",
        "id(6..=10)",
        "date",
        "date(year)",
        "duration(minute, hour)",
        "enum { male, female }",
    ];
    let mut text = String::from("spec \"s\"\n");
    for (idx, ty) in written.iter().enumerate() {
        let ty = ty
            .replace("male,", "male \"先生\",")
            .replace("female }", "female \"女士\" }");
        text.push_str(&format!("slot s{idx}: {ty} \"槽\"\n"));
    }
    let compilation = crate::compile_str("rules.phr", &text);
    let read: Vec<String> = compilation
        .model
        .slots
        .iter()
        .map(|slot| slot.ty.written())
        .collect();
    assert_eq!(read, written, "{:?}", compilation.diagnostics);
}
