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

/// Checks the runs of one text (one string, or every run of one phrase in source order).
pub fn ascii_punctuation(runs: &[TextRun<'_>], diagnostics: &mut Vec<Diagnostic>) {
    // Most texts have no ASCII punctuation at all (an escape's `\` is not punctuation).
    let has_candidate = runs.iter().any(|run| {
        run.raw
            .bytes()
            .any(|byte| full_width(char::from(byte)).is_some())
    });
    if !has_candidate {
        return;
    }
    // Each candidate: its run, its index in the run's characters, whether it is in Chinese.
    let mut found: Vec<(usize, usize, bool)> = Vec::new();
    let chars: Vec<Vec<(usize, char)>> = runs.iter().map(TextRun::chars).collect();
    for (run_idx, run_chars) in chars.iter().enumerate() {
        for (idx, &(_, ch)) in run_chars.iter().enumerate() {
            let Some((_, neighbours)) = full_width(ch) else {
                continue;
            };
            let before = run_chars[..idx]
                .iter()
                .rev()
                .map(|&(_, c)| c)
                .find(|c| *c != ' ');
            let after = run_chars[idx + 1..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| *c != ' ');
            let cjk_before = before.is_some_and(is_cjk);
            let cjk_after = after.is_some_and(is_cjk);
            let in_chinese = match neighbours {
                Neighbours::Either => cjk_before || cjk_after,
                Neighbours::Before => cjk_before && (cjk_after || after.is_none()),
            };
            found.push((run_idx, idx, in_chinese));
        }
    }
    // `(` and its `)` change together, so that `热线(10000)` does not become `热线（10000)`.
    let mut open: Vec<usize> = Vec::new();
    for position in 0..found.len() {
        let (run_idx, idx, _) = found[position];
        match chars[run_idx][idx].1 {
            '(' => open.push(position),
            ')' => {
                if let Some(opener) = open.pop() {
                    let either = found[opener].2 || found[position].2;
                    found[opener].2 = either;
                    found[position].2 = either;
                }
            }
            _ => {}
        }
    }
    for (run_idx, idx, in_chinese) in found {
        if !in_chinese {
            continue;
        }
        let run_chars = &chars[run_idx];
        let (offset, ch) = run_chars[idx];
        let Some((replacement, _)) = full_width(ch) else {
            continue;
        };
        let file = runs[run_idx].span.file;
        let span = Span::new(file, offset, offset + 1);
        // Full-width marks carry their own spacing: the fix also drops spaces around the mark.
        let first_space = run_chars[..idx]
            .iter()
            .rev()
            .take_while(|&&(_, c)| c == ' ')
            .last()
            .map_or(offset, |&(o, _)| o);
        let after_spaces = run_chars[idx + 1..]
            .iter()
            .take_while(|&&(_, c)| c == ' ')
            .last()
            .map_or(offset + 1, |&(o, _)| o + 1);
        diagnostics.push(
            Diagnostic::new(Code::W0301, format!("ASCII `{ch}` in Chinese text"))
                .primary(span, format!("use `{replacement}`"))
                .help(format!(
                    "Chinese text takes full-width punctuation: `{replacement}`"
                ))
                .fix(
                    format!("replace `{ch}` with `{replacement}`"),
                    vec![Edit {
                        span: Span::new(file, first_space, after_spaces),
                        replacement: replacement.to_string(),
                    }],
                    Applicability::MachineApplicable,
                ),
        );
    }
}

const FINAL: [char; 3] = ['。', '！', '？'];
const PAUSE: [char; 3] = ['，', '、', '；'];

/// Two or more punctuation marks in a row where one is sentence-final (`。。`, `，。`, `！！`,
/// `？！`): one diagnostic for the whole row, whose fix keeps one mark.
pub fn doubled_final(runs: &[TextRun<'_>], diagnostics: &mut Vec<Diagnostic>) {
    let chars: Vec<(usize, char, &TextRun<'_>)> = runs
        .iter()
        .flat_map(|run| run.char_iter().map(move |(o, c)| (o, c, run)))
        .collect();
    let is_mark = |c: char| FINAL.contains(&c) || PAUSE.contains(&c);
    let mut idx = 0;
    while idx < chars.len() {
        // The longest row of adjacent marks starting here.
        let mut end = idx;
        while end < chars.len() && is_mark(chars[end].1) {
            let adjacent =
                end == idx || chars[end].0 == chars[end - 1].0 + chars[end - 1].1.len_utf8();
            if !adjacent {
                break;
            }
            end += 1;
        }
        if end == idx {
            idx += 1;
            continue;
        }
        let row = &chars[idx..end];
        idx = end;
        // Keep the mark that says most: a question stays a question.
        let Some(keep) = ['？', '！', '。']
            .into_iter()
            .find(|mark| row.iter().any(|&(_, c, _)| c == *mark))
        else {
            continue;
        };
        if row.len() < 2 {
            continue;
        }
        let text: String = row.iter().map(|&(_, c, _)| c).collect();
        let (first_offset, _, run) = row[0];
        let (last_offset, last, _) = row[row.len() - 1];
        let span = Span::new(run.span.file, first_offset, last_offset + last.len_utf8());
        diagnostics.push(
            Diagnostic::new(Code::W0303, format!("doubled punctuation `{text}`"))
                .primary(span, "one mark is enough")
                .help(format!("keep one mark: `{keep}`"))
                .fix(
                    format!("replace `{text}` with `{keep}`"),
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
    let Some((offset, last)) = last_run.char_iter().last() else {
        return;
    };
    if ENDINGS.contains(&last) || last == '?' || !is_cjk(last) {
        return;
    }
    let end = offset + last.len_utf8();
    let span = Span::new(last_run.span.file, offset, end);
    // `好的，` becomes `好的。`, not `好的，。`.
    let (message, edit) = if PAUSE.contains(&last) {
        (format!("replace `{last}` with `。`"), span)
    } else {
        (
            "add `。`".to_owned(),
            Span::new(last_run.span.file, end, end),
        )
    };
    diagnostics.push(
        Diagnostic::new(
            Code::W0304,
            "the phrase does not end with sentence-final punctuation",
        )
        .primary(span, "ends here")
        .help("end the phrase with `。`, `？` or `！`")
        .fix(
            message,
            vec![Edit {
                span: edit,
                replacement: "。".to_owned(),
            }],
            Applicability::MaybeIncorrect,
        ),
    );
}
