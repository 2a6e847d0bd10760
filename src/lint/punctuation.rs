//! W0301 ASCII punctuation in Chinese text, W0303 doubled sentence-final punctuation,
//! W0304 a phrase without sentence-final punctuation.

use super::{TemplateRuns, TextRun, is_cjk};
use crate::diagnostics::{Applicability, Code, Diagnostic, Edit};
use crate::source::Span;

/// The full-width form of ASCII punctuation, and whether one CJK neighbour suffices
/// (`,` `?` `;` `(` `)`) or the character needs CJK before it (`!` `:` `.`, which also occur
/// in times and numbers).
fn full_width(ch: char) -> Option<(char, Neighbours)> {
    Some(match ch {
        ',' => ('，', Neighbours::Either),
        '?' => ('？', Neighbours::Either),
        ';' => ('；', Neighbours::Either),
        '(' => ('（', Neighbours::Either),
        ')' => ('）', Neighbours::Either),
        '!' => ('！', Neighbours::Before),
        ':' => ('：', Neighbours::Before),
        '.' => ('。', Neighbours::Before),
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Neighbours {
    Either,
    Before,
}

pub fn ascii_punctuation(run: &TextRun<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let chars = run.chars();
    for (idx, &(offset, ch)) in chars.iter().enumerate() {
        let Some((replacement, neighbours)) = full_width(ch) else {
            continue;
        };
        let before = chars[..idx]
            .iter()
            .rev()
            .map(|&(_, c)| c)
            .find(|c| *c != ' ');
        let after = chars[idx + 1..].iter().map(|&(_, c)| c).find(|c| *c != ' ');
        let cjk_before = before.is_some_and(is_cjk);
        let cjk_after = after.is_some_and(is_cjk);
        let in_chinese = match neighbours {
            Neighbours::Either => cjk_before || cjk_after,
            Neighbours::Before => cjk_before && (cjk_after || after.is_none()),
        };
        if !in_chinese {
            continue;
        }
        let span = Span::new(run.span.file, offset, offset + 1);
        diagnostics.push(
            Diagnostic::new(Code::W0301, format!("ASCII `{ch}` in Chinese text"))
                .primary(span, format!("use `{replacement}`"))
                .help(format!(
                    "Chinese text takes full-width punctuation: `{replacement}`"
                ))
                .fix(
                    format!("replace `{ch}` with `{replacement}`"),
                    vec![Edit {
                        span,
                        replacement: replacement.to_string(),
                    }],
                    Applicability::MachineApplicable,
                ),
        );
    }
}

const FINAL: [char; 3] = ['。', '！', '？'];
const PAUSE: [char; 3] = ['，', '、', '；'];

/// Two punctuation marks in a row where one is sentence-final (`。。`, `，。`, `！！`).
pub fn doubled_final(runs: &[TextRun<'_>], diagnostics: &mut Vec<Diagnostic>) {
    let chars: Vec<(usize, char, &TextRun<'_>)> = runs
        .iter()
        .flat_map(|run| run.chars().into_iter().map(move |(o, c)| (o, c, run)))
        .collect();
    for pair in chars.windows(2) {
        let (first_offset, first, run) = pair[0];
        let (second_offset, second, _) = pair[1];
        let doubled = (FINAL.contains(&first) || PAUSE.contains(&first)) && FINAL.contains(&second)
            || FINAL.contains(&first) && PAUSE.contains(&second);
        if !doubled || second_offset != first_offset + first.len_utf8() {
            continue;
        }
        let span = Span::new(
            run.span.file,
            first_offset,
            second_offset + second.len_utf8(),
        );
        // Keep the sentence-final mark; drop the other (or the repeat).
        let keep = if FINAL.contains(&second) {
            second
        } else {
            first
        };
        diagnostics.push(
            Diagnostic::new(
                Code::W0303,
                format!("doubled punctuation `{first}{second}`"),
            )
            .primary(span, "one mark too many")
            .help(format!("keep one mark: `{keep}`"))
            .fix(
                format!("replace `{first}{second}` with `{keep}`"),
                vec![Edit {
                    span,
                    replacement: keep.to_string(),
                }],
                Applicability::MachineApplicable,
            ),
        );
    }
}

/// Marks that may end a phrase.
const ENDINGS: [char; 12] = [
    '。', '！', '？', '…', '”', '」', '』', '）', '～', '~', '.', '!',
];

/// A phrase whose last text has no sentence-final punctuation.
pub fn missing_final(template: &TemplateRuns<'_>, diagnostics: &mut Vec<Diagnostic>) {
    if !template.ends_with_text {
        return;
    }
    let Some(last_run) = template.canonical.last() else {
        return;
    };
    let Some(&(offset, last)) = last_run.chars().last() else {
        return;
    };
    if ENDINGS.contains(&last) || last == '?' || !is_cjk(last) {
        return;
    }
    let end = offset + last.len_utf8();
    let span = Span::new(last_run.span.file, offset, end);
    diagnostics.push(
        Diagnostic::new(
            Code::W0304,
            "the phrase does not end with sentence-final punctuation",
        )
        .primary(span, "ends here")
        .help("end the phrase with `。`, `？` or `！`")
        .fix(
            "add `。`",
            vec![Edit {
                span: Span::new(last_run.span.file, end, end),
                replacement: "。".to_owned(),
            }],
            Applicability::MaybeIncorrect,
        ),
    );
}
