//! W0305: a space between Chinese characters and Latin letters (and, when configured, digits),
//! as the Chinese copy-writing guidelines (and the `autocorrect` tool) ask: `使用 Wi-Fi 时`.

use super::{TextRun, is_ideograph};
use crate::config::Spacing;
use crate::diagnostics::{Applicability, Code, Diagnostic, Edit};
use crate::source::Span;

fn is_spaced(ch: char, spacing: Spacing) -> bool {
    match spacing {
        Spacing::Letters => ch.is_ascii_alphabetic(),
        Spacing::LettersAndDigits => ch.is_ascii_alphanumeric(),
    }
}

pub fn cjk_latin_spacing(run: &TextRun<'_>, spacing: Spacing, diagnostics: &mut Vec<Diagnostic>) {
    let mut previous: Option<(usize, char)> = None;
    for (second_offset, second) in run.char_iter() {
        let Some((first_offset, first)) = previous.replace((second_offset, second)) else {
            continue;
        };
        let boundary = (is_ideograph(first) && is_spaced(second, spacing))
            || (is_spaced(first, spacing) && is_ideograph(second));
        if !boundary {
            continue;
        }
        let at = Span::new(run.span.file, second_offset, second_offset);
        let shown = Span::new(
            run.span.file,
            first_offset,
            second_offset + second.len_utf8(),
        );
        let (label, help) = match spacing {
            Spacing::Letters => (
                "Chinese next to a Latin letter",
                "put one space between Chinese characters and Latin letters",
            ),
            Spacing::LettersAndDigits => (
                "Chinese next to a Latin letter or digit",
                "put one space between Chinese characters and Latin letters or digits",
            ),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::W0305,
                format!("no space between `{first}` and `{second}`"),
            )
            .primary(shown, label)
            .help(help)
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
