//! Applying fixes: the machine-applicable fixes of a set of diagnostics, applied to the texts
//! of the files they belong to. Pure: the caller decides which files to write back.

use std::collections::BTreeMap;

use super::{Applicability, Diagnostic, Fix};
use crate::source::{FileId, SourceMap};

/// A file's text after fixing, and how many fixes it took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixedText {
    pub file: FileId,
    pub text: String,
    pub n_fixes: usize,
}

/// Applies every machine-applicable fix whose edits do not overlap an edit applied already
/// (those wait for a later round, on the fixed text). Files whose text no fix changes are
/// left out, so that a round that changes nothing is seen as the last.
pub fn apply_machine_applicable(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Vec<FixedText> {
    let mut by_file: BTreeMap<FileId, Vec<&Fix>> = BTreeMap::new();
    for fix in diagnostics.iter().filter_map(|d| d.fix.as_deref()) {
        let Some(first) = fix.edits.first() else {
            continue;
        };
        if fix.applicability == Applicability::MachineApplicable
            && fix
                .edits
                .iter()
                .all(|edit| edit.span.file == first.span.file)
        {
            by_file.entry(first.span.file).or_default().push(fix);
        }
    }
    let mut fixed = Vec::new();
    for (file, mut fixes) in by_file {
        let original = &sources.get(file).text;
        let mut text = original.to_string();
        // From the end, so earlier offsets stay valid; a fix is applied whole or not at all.
        fixes.sort_by_key(|fix| std::cmp::Reverse(fix_range(fix)));
        let mut limit = text.len();
        let mut n_fixes = 0;
        for fix in fixes {
            let (start, end) = fix_range(fix);
            if end > limit {
                continue;
            }
            let mut edits: Vec<_> = fix.edits.iter().collect();
            edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
            for edit in edits {
                text.replace_range(edit.span.range(), &edit.replacement);
            }
            limit = start;
            n_fixes += 1;
        }
        if text != **original {
            fixed.push(FixedText {
                file,
                text,
                n_fixes,
            });
        }
    }
    fixed
}

/// The bytes a fix touches, from its first edit's start to its last edit's end.
fn fix_range(fix: &Fix) -> (usize, usize) {
    let start = fix.edits.iter().map(|e| e.span.start).min().unwrap_or(0);
    let end = fix.edits.iter().map(|e| e.span.end).max().unwrap_or(0);
    (start as usize, end as usize)
}
