//! Slot checks: declarations never used, examples that do not fit their type, and gendered
//! choices that disagree (先生 with 她) or do not follow an enum slot.

use compact_str::CompactString;
use std::collections::BTreeMap;

use super::model::{Alternatives, Model, Piece, SlotIdx, SlotType, Template, Utterance};
use super::values::parse_slot_value;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;

/// Runs every slot check.
pub fn check_slots(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    check_examples(model, &mut diagnostics);
    let mut used = Usage::default();
    for article in &model.articles {
        for utterances in article.utterances() {
            for option in &utterances.options {
                match option {
                    Utterance::Say(template) => {
                        used.pieces(&template.pieces);
                        check_choices(model, template, &mut diagnostics);
                    }
                    Utterance::Act {
                        action, details, ..
                    } => {
                        used.actions.insert(*action, ());
                        if let Some(details) = details {
                            used.pieces(details.argument.as_slice());
                        }
                    }
                }
            }
        }
    }
    unused(model, &used, &mut diagnostics);
    diagnostics
}

#[derive(Default)]
struct Usage {
    slots: BTreeMap<usize, ()>,
    constants: BTreeMap<usize, ()>,
    actions: BTreeMap<usize, ()>,
}

impl Usage {
    fn pieces(&mut self, pieces: &[Piece]) {
        for piece in pieces {
            if let Some(slot) = piece.slot() {
                self.slots.insert(slot, ());
            }
            match piece {
                Piece::Constant { constant } => {
                    self.constants.insert(*constant, ());
                }
                Piece::Alternatives(alternatives) => {
                    for branch in &alternatives.branches {
                        self.pieces(branch);
                    }
                }
                Piece::Text(_)
                | Piece::Slot { .. }
                | Piece::Select(_)
                | Piece::SegmentSelect(_) => {}
            }
        }
    }
}

fn unused(model: &Model, used: &Usage, diagnostics: &mut Vec<Diagnostic>) {
    let mut report = |kind: &str, name: &str, span: Span| {
        diagnostics.push(
            Diagnostic::new(Code::W0101, format!("the {kind} `{name}` is never used"))
                .primary(span, "declared here")
                .help("use it in a phrase, or delete the declaration"),
        );
    };
    for (idx, slot) in model.slots.iter().enumerate() {
        if !used.slots.contains_key(&idx) {
            report("slot", &slot.name, slot.span);
        }
    }
    for (idx, constant) in model.constants.iter().enumerate() {
        if !used.constants.contains_key(&idx) {
            report("constant", &constant.name, constant.span);
        }
    }
    for (idx, action) in model.actions.iter().enumerate() {
        if !used.actions.contains_key(&idx) {
            report("action", &action.name, action.span);
        }
    }
}

fn check_examples(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    for slot in &model.slots {
        for example in &slot.examples {
            if let Err(expected) = parse_slot_value(&slot.ty, &example.text) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::E0122,
                        format!(
                            "the example `{}` does not fit the slot `{}` of type `{}`",
                            example.text,
                            slot.name,
                            slot.ty.keyword()
                        ),
                    )
                    .primary(example.span, "not a valid value")
                    .secondary(slot.span, "slot declared here")
                    .help(format!("`{}` takes {expected}", slot.name)),
                );
            }
        }
    }
}

/// The grammatical gender a text marks, if it marks exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

const MALE_WORDS: [&str; 5] = ["先生", "他", "男", "男士", "爸爸"];
const FEMALE_WORDS: [&str; 6] = ["小姐", "她", "女", "女士", "太太", "妈妈"];

/// The first characters of [`MALE_WORDS`] and [`FEMALE_WORDS`].
const GENDER_INITIALS: [char; 9] = ['先', '他', '男', '爸', '小', '她', '女', '太', '妈'];

fn gender_of(text: &str) -> Option<Gender> {
    // Most texts have none of the words; one pass over the text says so.
    if !text.contains(GENDER_INITIALS) {
        return None;
    }
    let male = MALE_WORDS.iter().any(|word| text.contains(word));
    let female = FEMALE_WORDS.iter().any(|word| text.contains(word));
    match (male, female) {
        (true, false) => Some(Gender::Male),
        (false, true) => Some(Gender::Female),
        _ => None,
    }
}

fn gender_name(gender: Gender) -> &'static str {
    match gender {
        Gender::Male => "male",
        Gender::Female => "female",
    }
}

struct SelectUse<'a> {
    slot: SlotIdx,
    choices: &'a [CompactString],
    span: Span,
}

fn collect_selects<'a>(
    pieces: &'a [Piece],
    out: &mut Vec<SelectUse<'a>>,
    free: &mut Vec<(&'a [Vec<Piece>], Span)>,
) {
    for piece in pieces {
        match piece {
            Piece::Select(select) => out.push(SelectUse {
                slot: select.slot,
                choices: &select.choices,
                span: select.span,
            }),
            Piece::Alternatives(alternatives) => {
                let Alternatives { branches, span } = &**alternatives;
                free.push((branches, *span));
                for branch in branches {
                    collect_selects(branch, out, free);
                }
            }
            Piece::Text(_)
            | Piece::Slot { .. }
            | Piece::Constant { .. }
            | Piece::SegmentSelect(_) => {}
        }
    }
}

fn plain_text(model: &Model, pieces: &[Piece]) -> String {
    pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Text(span) => Some(model.text(*span)),
            _ => None,
        })
        .collect()
}

/// The first enum slot whose values include a male and a female word (`gender`).
fn gendered_enum_slot(model: &Model) -> Option<&str> {
    model.slots.iter().find_map(|slot| match &slot.ty {
        SlotType::Enum { values } => {
            let genders: Vec<Option<Gender>> =
                values.iter().map(|value| gender_of(&value.label)).collect();
            (genders.contains(&Some(Gender::Male)) && genders.contains(&Some(Gender::Female)))
                .then_some(slot.name.as_str())
        }
        _ => None,
    })
}

fn check_choices(model: &Model, template: &Template, diagnostics: &mut Vec<Diagnostic>) {
    let mut selects = Vec::new();
    let mut free = Vec::new();
    collect_selects(&template.pieces, &mut selects, &mut free);
    // Free variation between gendered words: the choice must follow an enum slot.
    for (branches, span) in free {
        let genders: Vec<Option<Gender>> = branches
            .iter()
            .map(|b| gender_of(&plain_text(model, b)))
            .collect();
        if genders.contains(&Some(Gender::Male)) && genders.contains(&Some(Gender::Female)) {
            // The variation's own words, chosen by a gendered enum slot if there is one.
            let words: Vec<String> = branches.iter().map(|b| plain_text(model, b)).collect();
            let slot = gendered_enum_slot(model).unwrap_or("gender");
            diagnostics.push(
                Diagnostic::new(
                    Code::W0102,
                    "this free variation offers both male and female words",
                )
                .primary(span, "the speaker may pick either")
                .help(format!(
                    "let an enum slot choose: `{{{slot} ? {}}}`",
                    words.join(" | ")
                )),
            );
        }
    }
    // The first gender seen for each (slot, value), with where it was seen.
    let mut seen: BTreeMap<(SlotIdx, usize), (Gender, Span, String)> = BTreeMap::new();
    for select in &selects {
        let slot = &model.slots[select.slot];
        let SlotType::Enum { values } = &slot.ty else {
            continue;
        };
        if let Some(other) = other_enum_with_these_labels(model, select) {
            diagnostics.push(
                Diagnostic::new(
                    Code::E0123,
                    format!(
                        "these choices are the values of `{}`, but the slot `{}` chooses them",
                        model.slots[other].name, slot.name
                    ),
                )
                .primary(select.span, format!("chosen by `{}`", slot.name))
                .secondary(model.slots[other].span, "the enum these texts belong to")
                .help(format!(
                    "write `{{{} ? …}}` if the choice follows that slot",
                    model.slots[other].name
                )),
            );
            continue;
        }
        for (value_idx, choice) in select.choices.iter().enumerate() {
            let Some(gender) = gender_of(choice) else {
                continue;
            };
            let value_gender = values.get(value_idx).and_then(|v| gender_of(&v.label));
            if let Some(expected) = value_gender.filter(|expected| *expected != gender) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::E0121,
                        format!(
                            "for the value `{}` of `{}` ({}), this choice says `{choice}`, a {} word",
                            values[value_idx].name,
                            slot.name,
                            gender_name(expected),
                            gender_name(gender)
                        ),
                    )
                    .primary(select.span, "choices out of order")
                    .secondary(slot.span, "values declared here, in this order")
                    .help("list the texts in the order of the slot's values"),
                );
                break;
            }
            let key = (select.slot, value_idx);
            match seen.get(&key) {
                Some((first_gender, first_span, first_choice)) if *first_gender != gender => {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::E0121,
                            format!(
                                "for the same value of `{}` this phrase says both `{first_choice}` and `{choice}`",
                                slot.name
                            ),
                        )
                        .primary(select.span, format!("says `{choice}`"))
                        .secondary(*first_span, format!("says `{first_choice}`"))
                        .help("choices that follow the same person must agree: list them in the same order"),
                    );
                }
                Some(_) => {}
                None => {
                    seen.insert(key, (gender, select.span, choice.to_string()));
                }
            }
        }
    }
}

/// Another enum slot whose value labels are exactly this choice's texts, when the driving
/// slot's own labels are not.
fn other_enum_with_these_labels(model: &Model, select: &SelectUse<'_>) -> Option<SlotIdx> {
    let labels_are_choices = |slot: &super::model::Slot| match &slot.ty {
        SlotType::Enum { values } => values
            .iter()
            .map(|value| value.label.as_str())
            .eq(select.choices.iter().map(CompactString::as_str)),
        _ => false,
    };
    if !matches!(model.slots[select.slot].ty, SlotType::Enum { .. })
        || labels_are_choices(&model.slots[select.slot])
    {
        return None;
    }
    model
        .slots
        .iter()
        .enumerate()
        .find_map(|(idx, slot)| (idx != select.slot && labels_are_choices(slot)).then_some(idx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_gendered_word_starts_with_a_listed_initial() {
        for word in MALE_WORDS.iter().chain(&FEMALE_WORDS) {
            let first = word.chars().next().expect("words are not empty");
            assert!(GENDER_INITIALS.contains(&first), "{word}");
        }
        assert_eq!(gender_of("您好，先生"), Some(Gender::Male));
        assert_eq!(gender_of("麻烦请她接听"), Some(Gender::Female));
        assert_eq!(gender_of("先生或女士"), None);
        assert_eq!(gender_of("您好"), None);
    }
}
