//! W0308: placeholders copied from the source document into what staff say: runs of `X`
//! (`XX号码`, `X分钟`), of `*` (`**时`, `***`), of `_` or `□`, and bracketed notes to staff
//! (`（具体故障现象：如专线不通）`). Each should be a slot. Other lints leave them alone: a fix
//! that would touch one (a space before `XX`, a full-width `（`) is not offered.

use super::TextRun;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;

/// One placeholder in a run: where it is, and what kind.
struct Found {
    start: usize,
    end: usize,
    kind: Kind,
}

enum Kind {
    /// `XX`, `**`, `__`, `□□`: something to fill in.
    Filler,
    /// `（具体故障现象：…）`: a note to staff.
    Note,
}

/// Words after a filler that say it is a number (`X分钟`, `**时`, `XX元`).
const NUMBER_UNITS: [&str; 12] = [
    "分钟",
    "小时",
    "工作日",
    "天",
    "日",
    "月",
    "年",
    "时",
    "分",
    "秒",
    "元",
    "个",
];

/// Words a bracketed note to staff starts with.
const NOTE_OPENINGS: [&str; 6] = ["如", "例如", "比如", "具体", "按照", "注"];

pub fn placeholders(run: &TextRun<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let chars = run.chars();
    let end_of_run = run.span.end as usize;
    for found in find(&chars, end_of_run) {
        let span = Span::new(run.span.file, found.start, found.end);
        let base = run.span.start as usize;
        let written = &run.raw[found.start - base..found.end - base];
        let after = &run.raw[found.end - base..];
        diagnostics.push(match found.kind {
            Kind::Filler => {
                let help = if NUMBER_UNITS.iter().any(|unit| after.starts_with(unit)) {
                    "declare a slot for the number said here (`slot name: number \"…\"`) and write `{name}` in its place"
                } else {
                    "declare a slot for what is said here (`slot name: text \"…\"`) and write `{name}` in its place"
                };
                Diagnostic::new(
                    Code::W0308,
                    format!("`{written}` looks like a placeholder left from the source document"),
                )
                .primary(span, "placeholder")
                .help(help)
            }
            Kind::Note => Diagnostic::new(
                Code::W0308,
                format!("`{written}` looks like a note to staff left in the phrase"),
            )
            .primary(span, "note to staff")
            .help(
                "say what goes here with a slot, and move the note to the slot's `note` or to the article's `guidance`",
            ),
        });
    }
}

/// The placeholders among `chars` (offsets in the file); `end` is the offset after the last.
fn find(chars: &[(usize, char)], end: usize) -> Vec<Found> {
    let offset_after = |idx: usize| chars.get(idx).map_or(end, |&(offset, _)| offset);
    let ahead = Ahead::of(chars);
    let mut found = Vec::new();
    let mut idx = 0;
    while idx < chars.len() {
        let ch = chars[idx].1;
        if let Some(close) = note_end(chars, &ahead, idx) {
            found.push(Found {
                start: chars[idx].0,
                end: offset_after(close + 1),
                kind: Kind::Note,
            });
            idx = close + 1;
            continue;
        }
        if is_filler(ch) {
            let run_end = (idx..chars.len())
                .find(|&k| chars[k].1 != ch)
                .unwrap_or(chars.len());
            let before = idx.checked_sub(1).map(|k| chars[k].1);
            let after = chars.get(run_end).map(|&(_, c)| c);
            // `X` inside a word (`XML`, `Xbox`, `X光` excepted) is not a placeholder.
            let in_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let letter = matches!(ch, 'X' | 'Ｘ');
            let single_underscore = ch == '_' && run_end - idx < 2;
            let word = letter && (in_word(before) || in_word(after) || after == Some('光'));
            if !(word || single_underscore) {
                found.push(Found {
                    start: chars[idx].0,
                    end: offset_after(run_end),
                    kind: Kind::Filler,
                });
            }
            idx = run_end;
            continue;
        }
        idx += 1;
    }
    found
}

/// Characters that stand for something to fill in when written in a run (`_` only doubled).
fn is_filler(ch: char) -> bool {
    matches!(ch, 'X' | 'Ｘ' | '*' | '＊' | '□' | '_')
}

/// For each position, where the next closing brackets and colon are (at or after it), so
/// that finding notes stays linear in the run however many brackets it has.
struct Ahead {
    full_close: Vec<usize>,
    ascii_close: Vec<usize>,
    colon: Vec<usize>,
}

impl Ahead {
    fn of(chars: &[(usize, char)]) -> Ahead {
        let n = chars.len();
        let mut ahead = Ahead {
            full_close: vec![n; n + 1],
            ascii_close: vec![n; n + 1],
            colon: vec![n; n + 1],
        };
        for idx in (0..n).rev() {
            let ch = chars[idx].1;
            let next = |list: &Vec<usize>, hit: bool| if hit { idx } else { list[idx + 1] };
            ahead.full_close[idx] = next(&ahead.full_close, ch == '）');
            ahead.ascii_close[idx] = next(&ahead.ascii_close, ch == ')');
            ahead.colon[idx] = next(&ahead.colon, matches!(ch, '：' | ':'));
        }
        ahead
    }
}

/// When a bracket opens at `idx` and holds a note to staff (a colon, or one of
/// [`NOTE_OPENINGS`] first), the index of its closing bracket.
fn note_end(chars: &[(usize, char)], ahead: &Ahead, idx: usize) -> Option<usize> {
    let closes = match chars[idx].1 {
        '（' => &ahead.full_close,
        '(' => &ahead.ascii_close,
        _ => return None,
    };
    let close = closes[idx + 1];
    if close == chars.len() {
        return None;
    }
    let has_colon = ahead.colon[idx + 1] < close;
    // The openings are at most two characters long: only the first two are read.
    let first: String = chars[idx + 1..close.min(idx + 3)]
        .iter()
        .map(|&(_, c)| c)
        .collect();
    let opens_note = NOTE_OPENINGS
        .iter()
        .any(|opening| first.starts_with(opening));
    (has_colon || opens_note).then_some(close)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders_in(text: &str) -> Vec<String> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        find(&chars, text.len())
            .iter()
            .map(|found| text[found.start..found.end].to_owned())
            .collect()
    }

    #[test]
    fn finds_fillers_and_notes() {
        assert_eq!(placeholders_in("请拨打XX号码"), ["XX"]);
        assert_eq!(placeholders_in("我们会在X分钟内答复"), ["X"]);
        assert_eq!(placeholders_in("**时完成，***先生"), ["**", "***"]);
        assert_eq!(placeholders_in("户号为__的"), ["__"]);
        assert_eq!(
            placeholders_in("出现***故障（具体故障现象：如专线不通）"),
            ["***", "（具体故障现象：如专线不通）"]
        );
        assert_eq!(
            placeholders_in("请您先检查一下(按照如下方式进行操作)"),
            ["(按照如下方式进行操作)"]
        );
    }

    #[test]
    fn many_open_brackets_leave_one_note() {
        let text = format!("{}如专线不通）", "（".repeat(1000));
        assert_eq!(placeholders_in(&text), ["（如专线不通）"]);
    }

    #[test]
    fn leaves_words_and_plain_brackets() {
        assert!(placeholders_in("使用 Wi-Fi 时请打开 XML 文件").is_empty());
        assert!(placeholders_in("请做X光检查").is_empty());
        assert!(placeholders_in("snake_case").is_empty());
        assert!(placeholders_in("您好（您的来电已接通）").is_empty());
        assert!(placeholders_in("按 1 键").is_empty());
    }
}
