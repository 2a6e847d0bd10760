//! W0305: a space between Chinese characters and Latin letters or digits, as the Chinese
//! copy-writing guidelines (and the `autocorrect` tool) ask: `请按 1 键`, `使用 Wi-Fi 时`.

use super::{TextRun, is_ideograph};
use crate::diagnostics::{Applicability, Code, Diagnostic, Edit};
use crate::source::Span;

fn is_latin(ch: char) -> bool {
    ch.is_ascii_alphanumeric()
}

pub fn cjk_latin_spacing(run: &TextRun<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut previous: Option<(usize, char)> = None;
    for (second_offset, second) in run.char_iter() {
        let Some((first_offset, first)) = previous.replace((second_offset, second)) else {
            continue;
        };
        let boundary =
            (is_ideograph(first) && is_latin(second)) || (is_latin(first) && is_ideograph(second));
        if !boundary {
            continue;
        }
        let at = Span::new(run.span.file, second_offset, second_offset);
        let shown = Span::new(
            run.span.file,
            first_offset,
            second_offset + second.len_utf8(),
        );
        diagnostics.push(
            Diagnostic::new(
                Code::W0305,
                format!("no space between `{first}` and `{second}`"),
            )
            .primary(shown, "Chinese next to a Latin letter or digit")
            .help("put one space between Chinese characters and Latin letters or digits")
            .fix(
                "insert a space",
                vec![Edit {
                    span: at,
                    replacement: " ".to_owned(),
                }],
                Applicability::MachineApplicable,
            ),
        );
    }
}
