//! Folding ranges: chapters, sections and articles (the ranges of the document outline) and
//! blocks of two or more comment lines.

use lsp_types::{DocumentSymbol, FoldingRange, FoldingRangeKind};
use phrasec::source::FileId;

use crate::lsp::documents::Documents;
use crate::lsp::handlers::navigation::symbols;
use crate::lsp::workspace::Snapshot;

/// The folding ranges of `file`, in order of their first line.
pub fn ranges(snapshot: &Snapshot, documents: &Documents, file: FileId) -> Vec<FoldingRange> {
    let mut found = Vec::new();
    outline_ranges(&symbols(snapshot, documents, file), &mut found);
    let text = snapshot.text(file);
    found.extend(
        comment_blocks(text)
            .into_iter()
            .map(|(first, last)| fold(first, last, FoldingRangeKind::Comment)),
    );
    found.sort_by_key(|range| (range.start_line, range.end_line));
    found
}

fn outline_ranges(symbols: &[DocumentSymbol], found: &mut Vec<FoldingRange>) {
    for symbol in symbols {
        let (first, last) = (symbol.range.start.line, symbol.range.end.line);
        if first < last {
            found.push(fold(first, last, FoldingRangeKind::Region));
        }
        outline_ranges(symbol.children.as_deref().unwrap_or_default(), found);
    }
}

fn fold(first: u32, last: u32, kind: FoldingRangeKind) -> FoldingRange {
    FoldingRange {
        start_line: first,
        end_line: last,
        kind: Some(kind),
        ..FoldingRange::default()
    }
}

/// The first and last line of every run (lines end as `phrasec::source::line_starts` says) of two or more lines that hold only a comment.
fn comment_blocks(text: &str) -> Vec<(u32, u32)> {
    let mut blocks = Vec::new();
    let mut run: Option<(u32, u32)> = None;
    let starts = phrasec::source::line_starts(text);
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    let lines = starts
        .iter()
        .zip(ends)
        .map(|(&start, end)| text[start..end].trim_start().starts_with('#'));
    for (number, is_comment) in (0u32..).zip(lines.chain([false])) {
        match (is_comment, run) {
            (true, None) => run = Some((number, number)),
            (true, Some((first, _))) => run = Some((first, number)),
            (false, Some((first, last))) => {
                if first < last {
                    blocks.push((first, last));
                }
                run = None;
            }
            (false, None) => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_two_or_more_comment_lines_fold() {
        let text = "# one\nspec \"s\"\n  # two\n# three\r\n# four\rfact x \"x\" { a \"a\" }\n# last\n# line";
        assert_eq!(comment_blocks(text), [(2, 4), (6, 7)]);
    }
}
