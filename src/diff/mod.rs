//! The semantic diff of two rule sets: every change to the checked model (declarations,
//! articles and their parts, phrases, the situations whose chosen article changes, slots),
//! each classified by who it affects ([`Impact`]).
//!
//! Reads only the two checked models; rendering is in [`render`].

mod article_parts;
mod declarations;
pub mod render;
mod situations;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::check::model::{Article, Model, Piece, SlotType, Utterance};
use crate::check::values::SlotValue;
use crate::render::{RenderOptions, Variants, render_template};
use crate::source::Span;

/// Who a change affects. Each change has the first class that applies, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Impact {
    /// Callers of the generated code must change (a type, variant, field or function of the
    /// old code is gone or different).
    Breaking,
    /// Which article (or case) is chosen in some situation changes, or which situations are
    /// possible.
    Selection,
    /// What customers hear (or see done) changes: a phrase, a constant's value, a unit, when a
    /// step is said.
    Wording,
    /// Only what staff and developers read: titles, labels, guidance, notes, examples, and
    /// additions nobody uses yet.
    Documentation,
}

impl Impact {
    pub const ALL: [Impact; 4] = [
        Impact::Breaking,
        Impact::Selection,
        Impact::Wording,
        Impact::Documentation,
    ];

    /// The class's name in every output (`breaking`, `selection`, `wording`, `documentation`).
    pub fn word(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Selection => "selection",
            Impact::Wording => "wording",
            Impact::Documentation => "documentation",
        }
    }
}

/// One change, in the order articles, phrases, situations, slots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    ArticleAdded {
        number: u32,
        title: String,
    },
    ArticleRemoved {
        number: u32,
        title: String,
    },
    ArticleRenumbered {
        old: u32,
        new: u32,
        title: String,
    },
    PhraseChanged {
        article: u32,
        /// Position among the article's phrases (1-based).
        phrase: usize,
        old: String,
        new: String,
    },
    PhraseAdded {
        article: u32,
        phrase: usize,
        text: String,
    },
    PhraseRemoved {
        article: u32,
        phrase: usize,
        text: String,
    },
    SituationChanged {
        decision: String,
        /// The cases, as `cause = unknown, segment = household`.
        cases: String,
        old: Option<String>,
        new: Option<String>,
    },
    SlotAdded {
        slot: String,
        ty: String,
    },
    SlotRemoved {
        slot: String,
        ty: String,
    },
    SlotRetyped {
        slot: String,
        old: String,
        new: String,
    },
    PhraseSlotsChanged {
        article: u32,
        phrase: usize,
        added: Vec<String>,
        removed: Vec<String>,
    },
    /// A declaration (the spec line, a segment, fact, fact value, `never` rule, constant,
    /// slot, action, decision, chapter or section) added, removed or changed.
    DeclarationChanged {
        /// As `fact \`cause\``.
        declaration: String,
        /// As `value \`ours\` added`.
        detail: String,
    },
    /// A part of an article kept under its number: title, place, decision, condition,
    /// precedence, a step's or case's label or condition, guidance.
    ArticleChanged {
        article: u32,
        part: String,
        old: String,
        new: String,
    },
    /// Some situations of a decision whose chosen article changes are not listed (too many
    /// cases, or a fact too large to compare case by case); the changes of conditions that
    /// move them are listed as article parts.
    SituationsNotListed {
        decision: String,
        reason: String,
    },
}

/// Which rule set a location points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Version {
    Old,
    New,
}

/// A change with its impact and where it is (in the new rule set when it exists there).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub impact: Impact,
    #[serde(flatten)]
    pub change: Change,
    #[serde(skip)]
    pub at: Option<(Version, Span)>,
}

/// The whole diff.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DiffReport {
    pub entries: Vec<Entry>,
}

impl DiffReport {
    pub fn has_breaking(&self) -> bool {
        self.has(Impact::Breaking)
    }

    /// Whether some change is of class `impact`.
    pub fn has(&self, impact: Impact) -> bool {
        self.entries.iter().any(|e| e.impact == impact)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn push(&mut self, impact: Impact, change: Change, at: Option<(Version, Span)>) {
        self.entries.push(Entry { impact, change, at });
    }
}

/// A phrase: its rendered canonical text (placeholders for slots, shown by their labels), the
/// same text with the slots' names instead (what is compared: a slot's label is never heard),
/// and the slots it uses.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PhraseView {
    text: String,
    compared: String,
    slots: BTreeSet<String>,
}

/// Reads the phrases of a model's articles; the render options are built once per model.
struct PhraseReader<'m> {
    model: &'m Model,
    /// Every free variation (all are said by someone), slots by name: what is compared.
    by_name: RenderOptions,
    /// Every free variation, slots as placeholders with their labels: what is shown.
    every_variant: RenderOptions,
}

impl<'m> PhraseReader<'m> {
    fn new(model: &'m Model) -> PhraseReader<'m> {
        let by_name = RenderOptions {
            variants: Variants::All,
            values: (0..model.slots.len())
                .map(|slot| {
                    let name = format!("〔{}〕", model.slots[slot].name);
                    (slot, SlotValue::Text(name))
                })
                .collect(),
            ..RenderOptions::default()
        };
        let every_variant = RenderOptions {
            variants: Variants::All,
            ..RenderOptions::default()
        };
        PhraseReader {
            model,
            by_name,
            every_variant,
        }
    }

    /// The article's phrases and actions, in order. Guidance is read by staff, not said: it is
    /// compared as a part of the article (`article_parts.rs`).
    fn phrases(&self, article: &Article) -> Vec<PhraseView> {
        let model = self.model;
        article
            .utterances()
            .flat_map(|utterances| &utterances.options)
            .map(|option| match option {
                Utterance::Say(template) => {
                    let mut slots = BTreeSet::new();
                    collect_slot_names(model, &template.pieces, &mut slots);
                    if template.chooses_by_segment() {
                        // The generated phrase takes the segment as its field `segment`, a
                        // name no slot can have.
                        slots.insert("segment".to_owned());
                    }
                    PhraseView {
                        text: self.per_segment(template, &self.every_variant, " | ")
                            + &modal_and_language(template),
                        compared: self.per_segment(template, &self.by_name, "\n")
                            + &modal_and_language(template),
                        slots,
                    }
                }
                Utterance::Act {
                    action, details, ..
                } => {
                    let details = details.as_deref();
                    let argument = details.and_then(|d| d.argument.as_ref());
                    let said = |options: &RenderOptions| {
                        argument.map(|piece| {
                            crate::render::render_pieces(
                                model,
                                std::slice::from_ref(piece),
                                options,
                            )
                        })
                    };
                    let note = details.and_then(|d| d.note.as_deref());
                    let until = details.and_then(|d| d.until.as_deref());
                    let action = &model.actions[*action];
                    PhraseView {
                        text: crate::render::act_text(
                            &action.label,
                            said(&self.every_variant).as_deref(),
                            note,
                            until,
                        ),
                        compared: crate::render::act_text(
                            &action.name,
                            said(&self.by_name).as_deref(),
                            note,
                            until,
                        ),
                        // Actions are not typed phrases: the generated code has no field for
                        // what they take.
                        slots: BTreeSet::new(),
                    }
                }
            })
            .collect()
    }
}

impl PhraseReader<'_> {
    /// The phrase rendered with `options`; when it chooses by segment, what each segment hears,
    /// `business: …` joined by `separator` (by the segment's name, so that the versions compare
    /// whatever order they declare segments in).
    fn per_segment(
        &self,
        template: &crate::check::model::Template,
        options: &RenderOptions,
        separator: &str,
    ) -> String {
        let model = self.model;
        if !template.chooses_by_segment() {
            return render_template(model, template, options);
        }
        let heard: Vec<String> = model
            .segments
            .iter()
            .enumerate()
            .map(|(segment_idx, segment)| {
                let options = RenderOptions {
                    segment: Some(segment_idx),
                    ..options.clone()
                };
                format!(
                    "{}: {}",
                    segment.name,
                    render_template(model, template, &options)
                )
            })
            .collect();
        heard.join(separator)
    }
}

/// `（可使用）（语言：en）` after a phrase staff may use, or in another language, as `render`
/// shows them: a change of either is a change of the phrase.
fn modal_and_language(template: &crate::check::model::Template) -> String {
    let mut out = String::new();
    if template.modal == crate::check::model::Modal::May {
        out.push_str("（可使用）");
    }
    if let Some(language) = &template.language {
        out.push_str(&format!("（语言：{language}）"));
    }
    out
}

fn collect_slot_names(model: &Model, pieces: &[Piece], out: &mut BTreeSet<String>) {
    for piece in pieces {
        if let Some(slot) = piece.slot() {
            out.insert(model.slots[slot].name.clone());
        }
        if let Piece::Alternatives(alternatives) = piece {
            for branch in &alternatives.branches {
                collect_slot_names(model, branch, out);
            }
        }
    }
}

/// A slot type as one comparable line, as the generated code sees it: `number(1..=120)`,
/// `id(8)`, `enum { male, female }`. A written unit and an enum's labels are said, not typed:
/// they are compared with the slot's other parts (`declarations.rs`); units said with the
/// value are typed (a unit enum), so they are part of the line.
fn type_text(ty: &SlotType) -> String {
    match ty {
        SlotType::Number { said_units, .. } if !said_units.is_empty() => {
            format!("{} unit {}", ty.written(), said_units.join(" | "))
        }
        _ => ty.written(),
    }
}

/// Compares two models.
pub fn diff(old: &Model, new: &Model) -> DiffReport {
    let mut report = DiffReport::default();
    declarations::declarations(old, new, &mut report);
    articles(old, new, &mut report);
    situations::situations(old, new, &mut report);
    slots(old, new, &mut report);
    report
}

fn articles(old: &Model, new: &Model, report: &mut DiffReport) {
    let (old_reader, new_reader) = (PhraseReader::new(old), PhraseReader::new(new));
    let old_by_number: BTreeMap<u32, &Article> =
        old.articles.iter().map(|a| (a.number, a)).collect();
    let new_by_number: BTreeMap<u32, &Article> =
        new.articles.iter().map(|a| (a.number, a)).collect();
    let removed: Vec<&Article> = old_by_number
        .iter()
        .filter(|(n, _)| !new_by_number.contains_key(n))
        .map(|(_, a)| *a)
        .collect();
    let added: Vec<&Article> = new_by_number
        .iter()
        .filter(|(n, _)| !old_by_number.contains_key(n))
        .map(|(_, a)| *a)
        .collect();
    // Each added article's phrases, rendered once for all the removed ones compared with it.
    let mut added: Vec<(&Article, Vec<PhraseView>)> = added
        .into_iter()
        .map(|article| (article, new_reader.phrases(article)))
        .collect();
    for old_article in removed {
        let old_phrases = old_reader.phrases(old_article);
        let renumbered = added.iter().position(|(candidate, candidate_phrases)| {
            // Compared as phrases are (slots by name): a slot's label changed elsewhere does
            // not make a moved article another one.
            candidate.title == old_article.title
                && candidate_phrases
                    .iter()
                    .map(|phrase| &phrase.compared)
                    .eq(old_phrases.iter().map(|phrase| &phrase.compared))
        });
        match renumbered {
            Some(idx) => {
                let (new_article, _) = added.remove(idx);
                // The phrase structs are named after the number: callers must follow.
                report.push(
                    Impact::Breaking,
                    Change::ArticleRenumbered {
                        old: old_article.number,
                        new: new_article.number,
                        title: new_article.title.clone(),
                    },
                    Some((Version::New, new_article.number_span)),
                );
            }
            None => report.push(
                Impact::Breaking,
                Change::ArticleRemoved {
                    number: old_article.number,
                    title: old_article.title.clone(),
                },
                Some((Version::Old, old_article.number_span)),
            ),
        }
    }
    // A new article adds phrases someone will say; the situations it takes over are reported
    // as selection changes.
    for (new_article, _) in added {
        report.push(
            Impact::Wording,
            Change::ArticleAdded {
                number: new_article.number,
                title: new_article.title.clone(),
            },
            Some((Version::New, new_article.number_span)),
        );
    }
    for (number, old_article) in &old_by_number {
        let Some(new_article) = new_by_number.get(number) else {
            continue;
        };
        article_parts::article_parts(old, new, old_article, new_article, report);
        let old_phrases = old_reader.phrases(old_article);
        let new_phrases = new_reader.phrases(new_article);
        let at = Some((Version::New, new_article.number_span));
        let n = old_phrases.len().max(new_phrases.len());
        for idx in 0..n {
            match (old_phrases.get(idx), new_phrases.get(idx)) {
                (Some(before), Some(after)) => {
                    if before.compared != after.compared {
                        report.push(
                            Impact::Wording,
                            Change::PhraseChanged {
                                article: *number,
                                phrase: idx + 1,
                                old: before.text.clone(),
                                new: after.text.clone(),
                            },
                            at,
                        );
                    }
                    if before.slots != after.slots {
                        report.push(
                            Impact::Breaking,
                            Change::PhraseSlotsChanged {
                                article: *number,
                                phrase: idx + 1,
                                added: after.slots.difference(&before.slots).cloned().collect(),
                                removed: before.slots.difference(&after.slots).cloned().collect(),
                            },
                            at,
                        );
                    }
                }
                (Some(before), None) => report.push(
                    Impact::Breaking,
                    Change::PhraseRemoved {
                        article: *number,
                        phrase: idx + 1,
                        text: before.text.clone(),
                    },
                    at,
                ),
                (None, Some(after)) => report.push(
                    Impact::Breaking,
                    Change::PhraseAdded {
                        article: *number,
                        phrase: idx + 1,
                        text: after.text.clone(),
                    },
                    at,
                ),
                (None, None) => {}
            }
        }
    }
}

fn slots(old: &Model, new: &Model, report: &mut DiffReport) {
    let old_slots: BTreeMap<&str, (String, Span)> = old
        .slots
        .iter()
        .map(|s| (s.name.as_str(), (type_text(&s.ty), s.span)))
        .collect();
    let new_slots: BTreeMap<&str, (String, Span)> = new
        .slots
        .iter()
        .map(|s| (s.name.as_str(), (type_text(&s.ty), s.span)))
        .collect();
    for (name, (ty, old_span)) in &old_slots {
        match new_slots.get(name) {
            None => report.push(
                Impact::Breaking,
                Change::SlotRemoved {
                    slot: (*name).to_owned(),
                    ty: ty.clone(),
                },
                Some((Version::Old, *old_span)),
            ),
            Some((new_ty, new_span)) if new_ty != ty => report.push(
                Impact::Breaking,
                Change::SlotRetyped {
                    slot: (*name).to_owned(),
                    old: ty.clone(),
                    new: new_ty.clone(),
                },
                Some((Version::New, *new_span)),
            ),
            Some(_) => {}
        }
    }
    for (name, (ty, new_span)) in &new_slots {
        if !old_slots.contains_key(name) {
            // Nobody uses a new slot until a phrase does (that phrase's change is reported).
            report.push(
                Impact::Documentation,
                Change::SlotAdded {
                    slot: (*name).to_owned(),
                    ty: ty.clone(),
                },
                Some((Version::New, *new_span)),
            );
        }
    }
}
