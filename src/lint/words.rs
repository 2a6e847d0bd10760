//! W0306: known misspellings (configurable; by default `歇诚` → `竭诚`, from article 38 of
//! the source).

use super::TextRun;
use crate::diagnostics::{Applicability, Code, Diagnostic, Edit};
use crate::source::Span;

pub fn misspellings(
    run: &TextRun<'_>,
    list: &[(String, String)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (wrong, right) in list {
        if wrong.is_empty() {
            continue;
        }
        for (idx, _) in run.raw.match_indices(wrong.as_str()) {
            let start = run.span.start as usize + idx;
            let span = Span::new(run.span.file, start, start + wrong.len());
            diagnostics.push(
                Diagnostic::new(
                    Code::W0306,
                    format!("`{wrong}` is a misspelling of `{right}`"),
                )
                .primary(span, format!("write `{right}`"))
                .help(
                    "the list of misspellings is set under `[lint.misspellings]` in `phrasec.toml`",
                )
                .fix(
                    format!("replace with `{right}`"),
                    vec![Edit {
                        span,
                        replacement: right.clone(),
                    }],
                    Applicability::MachineApplicable,
                ),
            );
        }
    }
}
