//! W0302: unbalanced quotes and brackets in a phrase (article 33 of the source lost its
//! closing quote).

use super::TextRun;
use crate::diagnostics::{Applicability, Code, Diagnostic, Edit};
use crate::source::Span;

const PAIRS: [(char, char); 7] = [
    ('“', '”'),
    ('‘', '’'),
    ('（', '）'),
    ('《', '》'),
    ('【', '】'),
    ('「', '」'),
    ('『', '』'),
];

/// Checks the runs of one phrase (in reading order) for unmatched pairs.
pub fn unbalanced(runs: &[TextRun<'_>], whole: Span, diagnostics: &mut Vec<Diagnostic>) {
    let mut open: Vec<(usize, char, char, Span)> = Vec::new();
    for run in runs {
        for (offset, ch) in run.char_iter() {
            let span = Span::new(run.span.file, offset, offset + ch.len_utf8());
            if let Some(&(opener, closer)) = PAIRS.iter().find(|(o, _)| *o == ch) {
                open.push((offset, opener, closer, span));
                continue;
            }
            let Some(&(opener, _)) = PAIRS.iter().find(|(_, c)| *c == ch) else {
                continue;
            };
            match open.last() {
                Some(&(_, top, _, _)) if top == opener => {
                    open.pop();
                }
                _ => diagnostics.push(
                    Diagnostic::new(
                        Code::W0302,
                        format!("`{ch}` closes a `{opener}` that was never opened"),
                    )
                    .primary(span, "unmatched")
                    .help(format!("add `{opener}` where the quoted or bracketed text starts, or delete this `{ch}`")),
                ),
            }
        }
    }
    let phrase_end = (whole.end as usize).saturating_sub(1);
    for (_, opener, closer, span) in open {
        diagnostics.push(
            Diagnostic::new(Code::W0302, format!("`{opener}` is never closed"))
                .primary(span, format!("opened here, no `{closer}` follows"))
                .help(format!(
                    "add `{closer}` where the quoted or bracketed text ends"
                ))
                .fix(
                    format!("add `{closer}` at the end of the phrase"),
                    vec![Edit {
                        span: Span::new(whole.file, phrase_end, phrase_end),
                        replacement: closer.to_string(),
                    }],
                    Applicability::MaybeIncorrect,
                ),
        );
    }
}
