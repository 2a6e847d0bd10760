//! Where a file may be cut into parts that parse independently: at lines that start a
//! top-level declaration. Used for error recovery and for parsing a large file on several
//! threads.
//!
//! A cut is safe because no rule of the grammar continues with a top-level keyword: the only
//! one that can stand inside a declaration is `segment` as a subject, and every place a
//! subject is expected (`over`, `,`, `when`, `and`, `never`) leaves the text before the cut
//! incomplete, so that part fails to parse and the caller falls back to reading the file
//! whole.

use super::keywords::{TOP_LEVEL, line_starts_with_keyword};

/// Whether a line (the text from a line start on) starts with a top-level keyword, after
/// spaces and tabs.
pub(super) fn starts_declaration(line: &str) -> bool {
    TOP_LEVEL
        .iter()
        .any(|keyword| line_starts_with_keyword(line, keyword))
}

/// Whether the file declares a `spec` header: a line whose first word is `spec` (a keyword
/// cannot stand anywhere else at the start of a line, and texts never span lines). A leading
/// byte order mark is skipped.
pub fn declares_spec(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    crate::source::line_starts(text)
        .into_iter()
        .any(|start| line_starts_with_keyword(&text[start..], "spec"))
}

/// Byte offsets where a chunk starts: 0 and every line whose first word is a top-level
/// keyword. Lines end as in [`crate::source::line_starts`] (`\n`, `\r\n` or a lone `\r`).
/// The name a declaration chunk declares (`m` in `slot m: number …`), read from its words
/// alone, for a chunk that does not parse.
pub(super) fn declared_name(chunk: &str) -> Option<&str> {
    let mut words = chunk.split(|ch: char| !(ch.is_alphanumeric() || ch == '_'));
    let keyword = words.next()?;
    if !matches!(
        keyword,
        "segment" | "fact" | "const" | "slot" | "action" | "decision"
    ) {
        return None;
    }
    words.find(|word| !word.is_empty())
}

pub(super) fn chunk_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        crate::source::line_starts(text)
            .into_iter()
            .skip(1)
            .filter(|&start| starts_declaration(&text[start..])),
    );
    starts
}

/// The first line start after `from` (exclusive) that starts a declaration.
fn declaration_start_after(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut idx = from;
    loop {
        let line_end = bytes
            .get(idx..)?
            .iter()
            .position(|&byte| byte == b'\n' || byte == b'\r')?;
        idx += line_end + 1;
        if starts_declaration(&text[idx..]) {
            return Some(idx);
        }
    }
}

/// Cuts `text` into at most `parts` ranges of about equal size, each cut at a declaration
/// start. Fewer ranges when the text has fewer declarations.
pub(super) fn split(text: &str, parts: usize) -> Vec<std::ops::Range<usize>> {
    let mut cuts = vec![0];
    for part in 1..parts {
        let target = text.len() / parts * part;
        let from = target.max(cuts[cuts.len() - 1]);
        match declaration_start_after(text, from) {
            Some(cut) if cut < text.len() => cuts.push(cut),
            _ => break,
        }
    }
    cuts.push(text.len());
    cuts.windows(2).map(|pair| pair[0]..pair[1]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_only_at_declaration_lines_and_covers_the_text() {
        let text =
            "spec \"a\"\n# c\narticle 1 \"x\"\n  say \"y\"\r\narticle 2 \"z\"\r  say \"w\"\n";
        for parts in 1..8 {
            let ranges = split(text, parts);
            assert_eq!(ranges[0].start, 0);
            assert_eq!(ranges[ranges.len() - 1].end, text.len());
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
                assert!(starts_declaration(&text[pair[1].start..]), "{pair:?}");
            }
            assert!(ranges.len() <= parts.max(1));
        }
        assert_eq!(split(text, 1), vec![(0..text.len())]);
        assert_eq!(split(text, 2), [0..38, 38..text.len()]);
        assert_eq!(&text[38..47], "article 2");
    }

    #[test]
    fn keywords_must_be_whole_words() {
        assert!(starts_declaration("  article 1"));
        assert!(starts_declaration("segment"));
        assert!(!starts_declaration("articles"));
        assert!(!starts_declaration("say \"article\""));
        assert!(!starts_declaration("segment_x"));
    }
}
