//! Resolving a choice by the customer segment, `{segment ? business: 为贵单位 | 为您}`, and
//! checking that it gives a text to every segment its phrase can be said to (E0130).

use super::*;

/// One branch of a segment choice as written: for a named segment, or the default.
struct Branch {
    segment: Option<(SegmentIdx, Span)>,
    text: CompactString,
    span: Span,
}

impl Resolver<'_> {
    /// `{segment ? …}`. Branches are either all positional (`{segment ? 为贵单位 | 为您}`, one
    /// per segment in declaration order, as an enum slot's choices) or named (`business: …`),
    /// where at most one branch without a name gives the text for every other segment.
    pub(super) fn segment_choice(&mut self, reference: &ast::Reference) -> Option<Piece> {
        let Some(choices) = &reference.choices else {
            self.diagnostics.push(
                Diagnostic::new(Code::E0131, "`{segment}` has no texts to choose from")
                    .primary(reference.span, "the segment itself cannot be said")
                    .help(format!(
                        "give a text for each segment: `{{segment ? {}}}`",
                        self.segment_template()
                    )),
            );
            return None;
        };
        let segment_count = self.model.segments.len();
        let mut branches = Vec::with_capacity(choices.len());
        let mut named = false;
        for choice in choices {
            let raw = self.texts.raw(choice.span);
            match ast::leading_name(raw) {
                Some((name_len, text_start)) => {
                    named = true;
                    let start = choice.span.start as usize;
                    let name = ast::Name {
                        span: Span::new(choice.span.file, start, start + name_len),
                    };
                    let text = ast::Str {
                        span: Span::new(
                            choice.span.file,
                            start + text_start,
                            choice.span.end as usize,
                        ),
                    };
                    let segment = Some((self.segment(&name)?, name.span));
                    let text = CompactString::from(self.texts.str(&text));
                    branches.push(Branch {
                        segment,
                        text,
                        span: choice.span,
                    });
                }
                None => branches.push(Branch {
                    segment: None,
                    text: CompactString::from(self.texts.str(choice)),
                    span: choice.span,
                }),
            }
        }
        let texts = if named {
            self.named_branches(branches)?
        } else {
            if branches.len() != segment_count {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0113,
                        format!(
                            "the rule set has {} but the segment choice gives {}",
                            count(segment_count, "segment"),
                            count(branches.len(), "text")
                        ),
                    )
                    .primary(reference.span, count(branches.len(), "text"))
                    .help(format!(
                        "name the segment of each text: `{{segment ? {}}}`",
                        self.segment_template()
                    )),
                );
                return None;
            }
            branches
                .into_iter()
                .map(|branch| Some(branch.text))
                .collect()
        };
        Some(Piece::SegmentSelect(Box::new(SegmentSelect {
            texts,
            span: reference.span,
        })))
    }

    /// The texts of a named segment choice, or `None` after E0131 (a segment named twice, or
    /// two branches without a name).
    fn named_branches(&mut self, branches: Vec<Branch>) -> Option<Box<[Option<CompactString>]>> {
        let mut texts: Vec<Option<(CompactString, Span)>> = vec![None; self.model.segments.len()];
        let mut default: Option<(CompactString, Span)> = None;
        for branch in branches {
            match branch.segment {
                Some((segment, name_span)) => {
                    if let Some((_, first)) = &texts[segment] {
                        let name = &self.model.segments[segment].name;
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::E0131,
                                format!("the segment choice names `{name}` twice"),
                            )
                            .primary(name_span, "named again here")
                            .secondary(*first, "first here")
                            .help(format!("keep one text for `{name}`")),
                        );
                        return None;
                    }
                    texts[segment] = Some((branch.text, branch.span));
                }
                None => {
                    if let Some((_, first)) = &default {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::E0131,
                                "the segment choice has two texts without a segment name",
                            )
                            .primary(branch.span, "second text without a name")
                            .secondary(*first, "the text for every segment not named")
                            .help(format!(
                                "name the segment of each text (`{{segment ? {}}}`); at most one text may go without a name",
                                self.segment_template()
                            )),
                        );
                        return None;
                    }
                    default = Some((branch.text, branch.span));
                }
            }
        }
        if let Some((_, span)) = &default
            && texts.iter().all(Option::is_some)
        {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::W0207,
                    "the text without a segment name is said to no segment",
                )
                .primary(*span, "every segment is named before it")
                .help("remove it, or remove the branch of the segment that should say it"),
            );
        }
        let default = default.map(|(text, _)| text);
        Some(
            texts
                .into_iter()
                .map(|text| text.map(|(text, _)| text).or_else(|| default.clone()))
                .collect(),
        )
    }

    /// `business: … | household: …`: the segments in declaration order, for help texts.
    fn segment_template(&self) -> String {
        let names: Vec<String> = self
            .model
            .segments
            .iter()
            .map(|segment| format!("{}: …", segment.name))
            .collect();
        match names.is_empty() {
            true => "name: …".to_owned(),
            false => names.join(" | "),
        }
    }

    /// E0130 for each segment that a segment choice of the article gives no text, although the
    /// phrase can be said to it: the segments its article (and case or step) applies to.
    pub(super) fn check_segment_choices(&mut self, article: &Article) {
        let article_segments = article.segments_allowed(self.model.segments.len());
        for item in &article.body {
            let mut segments = article_segments.clone();
            if let Some(condition) = item.condition() {
                for test in &condition.tests {
                    if test.dimension == Dimension::Segment {
                        segments.retain(|&idx| test.allowed.contains(idx));
                    }
                }
            }
            let Some(utterances) = item.utterances() else {
                continue;
            };
            for option in &utterances.options {
                if let Utterance::Say(template) = option {
                    self.segment_gaps(article.number, &template.pieces, &segments);
                }
            }
        }
    }

    fn segment_gaps(&mut self, number: u32, pieces: &[Piece], segments: &[SegmentIdx]) {
        for piece in pieces {
            match piece {
                Piece::SegmentSelect(select) => {
                    let missing: Vec<&str> = segments
                        .iter()
                        .filter(|&&segment| select.texts.get(segment).is_some_and(Option::is_none))
                        .map(|&segment| self.model.segments[segment].name.as_str())
                        .collect();
                    if missing.is_empty() {
                        continue;
                    }
                    let quoted: Vec<String> =
                        missing.iter().map(|name| format!("`{name}`")).collect();
                    let first = missing[0];
                    let diagnostic = Diagnostic::new(
                        Code::E0130,
                        format!("the segment choice gives no text for {}", quoted.join(", ")),
                    )
                    .primary(select.span, "no text for some segments")
                    .note(format!("article {number} can be said to these segments"))
                    .help(format!(
                        "add `{first}: …`, or a text without a name for every segment not named"
                    ));
                    self.diagnostics.push(diagnostic);
                }
                Piece::Alternatives(alternatives) => {
                    for branch in &alternatives.branches {
                        self.segment_gaps(number, branch, segments);
                    }
                }
                Piece::Text(_) | Piece::Slot { .. } | Piece::Constant { .. } | Piece::Select(_) => {
                }
            }
        }
    }
}

/// `1 text`, `3 texts`.
pub(super) fn count(n: usize, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        _ => format!("{n} {word}s"),
    }
}
