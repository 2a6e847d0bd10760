//! W0307: a phrase longer than its channel allows (`[channels.NAME] max-chars` in
//! `phrasec.toml`). Slots count as their longest example, or their label and brackets.

use crate::check::model::{Model, Piece, SlotIdx};
use crate::config::Channel;
use crate::diagnostics::{Code, Diagnostic};

fn slot_length(model: &Model, slot: SlotIdx) -> usize {
    let declared = &model.slots[slot];
    declared
        .examples
        .iter()
        .map(|example| example.text.chars().count())
        .max()
        .unwrap_or(declared.label.chars().count() + 2)
}

fn length(model: &Model, pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text(span) => model.text(*span).chars().count(),
            Piece::Slot { slot, .. } => slot_length(model, *slot),
            Piece::Constant { constant, .. } => model.constants[*constant].value.chars().count(),
            Piece::Select(select) => select
                .choices
                .iter()
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0),
            Piece::SegmentSelect(select) => select
                .distinct_texts()
                .iter()
                .map(|text| text.chars().count())
                .max()
                .unwrap_or(0),
            Piece::Alternatives(alternatives) => alternatives
                .branches
                .iter()
                .map(|branch| length(model, branch))
                .max()
                .unwrap_or(0),
        })
        .sum()
}

pub fn channel_limits(model: &Model, channels: &[Channel], diagnostics: &mut Vec<Diagnostic>) {
    for channel in channels {
        for article in model.articles.iter().filter(|a| channel.includes(a.number)) {
            for template in article.say_templates() {
                let n_chars = length(model, &template.pieces);
                if n_chars <= channel.max_chars {
                    continue;
                }
                diagnostics.push(
                    Diagnostic::new(
                        Code::W0307,
                        format!(
                            "a phrase of article {} is {n_chars} characters long, over the {} allowed on the channel `{}`",
                            article.number, channel.max_chars, channel.name
                        ),
                    )
                    .primary(template.span, format!("{n_chars} characters"))
                    .help(format!(
                        "shorten the phrase, or raise `max-chars` of `[channels.{}]` in `phrasec.toml`",
                        channel.name
                    )),
                );
            }
        }
    }
}
