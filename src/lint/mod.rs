//! Text lints on what staff will say and read: punctuation, brackets and quotes, spacing,
//! misspellings and channel length limits. Each finding carries a fix where one is clear.
//!
//! Reads the AST (for exact source spans of text) and the model (for rendered lengths).

mod brackets;
mod length;
mod placeholders;
mod punctuation;
mod spacing;
mod words;

use crate::check::model::Model;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::source::{SourceMap, Span};
use crate::syntax::ast;

/// A run of text as written in the source (escapes not decoded), with its span.
#[derive(Clone, Debug)]
pub struct TextRun<'a> {
    pub raw: &'a str,
    pub span: Span,
}

impl TextRun<'_> {
    /// Characters of the run with their byte offsets in the file; an escape (`\"`) is
    /// reported as one opaque character `\0` so no lint looks inside it.
    pub fn chars(&self) -> Vec<(usize, char)> {
        self.char_iter().collect()
    }

    /// [`TextRun::chars`] without collecting them.
    pub fn char_iter(&self) -> impl Iterator<Item = (usize, char)> + '_ {
        let base = self.span.start as usize;
        let mut iter = self.raw.char_indices();
        std::iter::from_fn(move || {
            let (idx, ch) = iter.next()?;
            if ch == '\\' {
                iter.next();
                Some((base + idx, '\0'))
            } else {
                Some((base + idx, ch))
            }
        })
    }
}

/// A phrase template: its text runs in reading order (canonical branch of each free
/// variation), and all runs of the other branches and choices.
#[derive(Clone, Debug)]
pub struct TemplateRuns<'a> {
    pub canonical: Vec<TextRun<'a>>,
    /// Whether the template ends with text (not with a slot or a choice).
    pub ends_with_text: bool,
    pub span: Span,
}

/// The lints on what the model says rather than how the text is written: channel length
/// limits of rendered phrases.
pub fn model_lints(model: &Model, config: &Config) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    length::channel_limits(model, &config.channels, &mut diagnostics);
    diagnostics
}

/// The lints on the text as written (punctuation, brackets, spacing, misspellings): they need
/// the syntax trees only, not the model.
pub fn text_lints(
    files: &[ast::ParsedFile<'_>],
    sources: &SourceMap,
    config: &Config,
) -> Vec<Diagnostic> {
    let mut collector = Collector {
        sources,
        runs: Vec::new(),
        groups: Vec::new(),
        phrase_runs: Vec::new(),
        templates: Vec::new(),
        guidance: Vec::new(),
        said: Vec::new(),
    };
    for parsed in files {
        collector.file(parsed.tree);
    }
    let mut diagnostics = Vec::new();
    for group in &collector.groups {
        punctuation::ascii_punctuation(&collector.runs[group.clone()], &mut diagnostics);
    }
    for run in &collector.runs {
        words::misspellings(run, &config.misspellings, &mut diagnostics);
    }
    // Spacing is a matter of the phrases staff read, not of titles such as `第1条`.
    for run in &collector.phrase_runs {
        spacing::cjk_latin_spacing(run, config.spacing, &mut diagnostics);
    }
    for template in &collector.templates {
        brackets::unbalanced(&template.canonical, template.span, &mut diagnostics);
        punctuation::doubled_final(&template.canonical, &mut diagnostics);
        punctuation::missing_final(template, &mut diagnostics);
    }
    for run in &collector.guidance {
        // The whole string, quotes included, as for a phrase: a missing closer goes before
        // the closing quote.
        let quoted = Span::new(
            run.span.file,
            (run.span.start as usize).saturating_sub(1),
            run.span.end as usize + 1,
        );
        brackets::unbalanced(std::slice::from_ref(run), quoted, &mut diagnostics);
        punctuation::doubled_final(std::slice::from_ref(run), &mut diagnostics);
    }
    // Placeholders are reported where they are said; no fix touches one anywhere staff read.
    let mut found = Vec::new();
    for run in &collector.said {
        placeholders::placeholders(run, &mut found);
    }
    let mut in_guidance = Vec::new();
    for run in &collector.guidance {
        placeholders::placeholders(run, &mut in_guidance);
    }
    let placeholders: Vec<&Diagnostic> = found.iter().chain(&in_guidance).collect();
    leave_placeholders_alone(&mut diagnostics, &placeholders);
    diagnostics.extend(found);
    diagnostics
}

/// Drops the findings whose fix would touch a placeholder (edit or border): the placeholder
/// is reported once, as itself, and no fix rewrites what the source wrote there.
fn leave_placeholders_alone(diagnostics: &mut Vec<Diagnostic>, placeholders: &[&Diagnostic]) {
    let spans: Vec<Span> = placeholders
        .iter()
        .filter_map(|placeholder| placeholder.primary_span())
        .collect();
    let touches = |edit: Span| {
        spans.iter().any(|placeholder| {
            placeholder.file == edit.file
                && edit.start <= placeholder.end
                && edit.end >= placeholder.start
        })
    };
    diagnostics.retain(|diagnostic| {
        diagnostic
            .fix
            .as_ref()
            .is_none_or(|fix| !fix.edits.iter().any(|edit| touches(edit.span)))
    });
}

struct Collector<'a> {
    sources: &'a SourceMap,
    /// Every text: labels, titles, notes, phrases.
    runs: Vec<TextRun<'a>>,
    /// Ranges of `runs` that belong together, in source order: one string, or every run of
    /// one phrase (all branches and choices), so that a `(` and its `)` are fixed together.
    groups: Vec<std::ops::Range<usize>>,
    /// Texts staff read out: phrases, their choices, guidance.
    phrase_runs: Vec<TextRun<'a>>,
    templates: Vec<TemplateRuns<'a>>,
    guidance: Vec<TextRun<'a>>,
    /// Texts said to customers: phrases and their choices.
    said: Vec<TextRun<'a>>,
}

impl<'a> Collector<'a> {
    /// The inside of a quoted string.
    fn string(&mut self, text: &ast::Str) -> Option<TextRun<'a>> {
        let span = Span::new(
            text.span.file,
            text.span.start as usize + 1,
            (text.span.end as usize).saturating_sub(1),
        );
        let raw = self.sources.get(span.file).text.get(span.range())?;
        let run = TextRun { raw, span };
        self.groups.push(self.runs.len()..self.runs.len() + 1);
        self.runs.push(run.clone());
        Some(run)
    }

    /// A run of phrase text (template text or a choice), given by its exact span.
    fn raw(&mut self, span: Span) -> Option<TextRun<'a>> {
        let raw = self.sources.get(span.file).text.get(span.range())?;
        let run = TextRun { raw, span };
        self.runs.push(run.clone());
        self.phrase_runs.push(run.clone());
        self.said.push(run.clone());
        Some(run)
    }

    fn file(&mut self, file: &ast::File) {
        for item in &file.items {
            match item {
                ast::Item::Spec(decl) => {
                    self.string(&decl.title);
                }
                ast::Item::Segment(decl) => {
                    self.string(&decl.label);
                }
                ast::Item::Fact(decl) => {
                    self.string(&decl.label);
                    for value in &decl.values {
                        self.string(&value.label);
                    }
                }
                ast::Item::Never(decl) => {
                    if let Some(reason) = &decl.reason {
                        self.string(reason);
                    }
                }
                ast::Item::Const(decl) => {
                    self.string(&decl.label);
                    if let Some(value) = &decl.value {
                        self.string(value);
                    }
                }
                ast::Item::Slot(decl) => {
                    self.string(&decl.label);
                    if let ast::SlotType::Enum { values, .. } = &decl.ty {
                        for value in values {
                            self.string(&value.label);
                        }
                    }
                    for attribute in &decl.attributes {
                        if let ast::SlotAttribute::Note(note) = attribute {
                            self.string(note);
                        }
                    }
                }
                ast::Item::Action(decl) => {
                    self.string(&decl.label);
                }
                ast::Item::Decision(decl) => {
                    self.string(&decl.label);
                }
                ast::Item::Chapter(decl) => {
                    self.string(&decl.title);
                }
                ast::Item::Section(decl) => {
                    self.string(&decl.title);
                }
                ast::Item::Article(decl) => self.article(decl),
            }
        }
    }

    /// Whether a phrase is Chinese: it has no language tag, or a tag of a Chinese language
    /// (`zh`, `zh-Hant`, `cmn`, `yue`).
    fn is_chinese(&self, say: &ast::Say) -> bool {
        let Some(language) = &say.language else {
            return true;
        };
        let text = language.value(&self.sources.get(language.span.file).text);
        let primary = text
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        matches!(primary.as_str(), "zh" | "cmn" | "yue")
    }

    fn article(&mut self, decl: &ast::ArticleDecl) {
        self.string(&decl.title);
        if let Some(incomplete) = &decl.incomplete {
            self.string(incomplete);
        }
        for item in &decl.body {
            let utterances = match item {
                ast::BodyItem::Guidance(text) => {
                    if let Some(run) = self.string(text) {
                        self.phrase_runs.push(run.clone());
                        self.guidance.push(run);
                    }
                    continue;
                }
                ast::BodyItem::Utterances(utterances) => utterances,
                ast::BodyItem::Case(case) => {
                    if let Some(label) = &case.label {
                        self.string(label);
                    }
                    &case.utterances
                }
                ast::BodyItem::Step(step) => {
                    if let Some(label) = &step.label {
                        self.string(label);
                    }
                    &step.utterances
                }
            };
            for option in &utterances.options {
                match option {
                    // The Chinese text lints read Chinese phrases only.
                    ast::Utterance::Say(say) if self.is_chinese(say) => {
                        self.template(&say.template)
                    }
                    ast::Utterance::Say(_) => {}
                    ast::Utterance::Act(act) => {
                        for text in [&act.note, &act.until].into_iter().flatten() {
                            self.string(text);
                        }
                    }
                }
            }
        }
    }

    fn template(&mut self, template: &ast::Template) {
        let mut canonical = Vec::new();
        let first = self.runs.len();
        self.pieces(&template.pieces, &mut canonical, Reading::Canonical);
        self.groups.push(first..self.runs.len());
        let ends_with_text = matches!(template.pieces.last(), Some(ast::Piece::Text(_)));
        self.templates.push(TemplateRuns {
            canonical,
            ends_with_text,
            span: template.span,
        });
    }

    fn pieces(
        &mut self,
        pieces: &[ast::Piece],
        canonical: &mut Vec<TextRun<'a>>,
        reading: Reading,
    ) {
        for piece in pieces {
            match piece {
                ast::Piece::Text(text) => {
                    if let Some(run) = self.raw(text.span)
                        && reading == Reading::Canonical
                    {
                        canonical.push(run);
                    }
                }
                ast::Piece::Reference(reference) => {
                    for choice in reference.choices.iter().flatten() {
                        self.raw(choice.span);
                    }
                }
                ast::Piece::Alternatives(alternatives) => {
                    for (idx, branch) in alternatives.branches.iter().enumerate() {
                        let branch_reading = if idx == 0 { reading } else { Reading::Other };
                        self.pieces(branch, canonical, branch_reading);
                    }
                }
            }
        }
    }
}

/// Whether a run is part of the canonical reading of a phrase.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    Canonical,
    Other,
}

/// A CJK ideograph.
pub fn is_ideograph(ch: char) -> bool {
    matches!(ch,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}')
}

/// A CJK ideograph or full-width punctuation.
pub fn is_cjk(ch: char) -> bool {
    is_ideograph(ch)
        || matches!(ch, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’')
}
