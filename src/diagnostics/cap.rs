//! The cap on diagnostics printed per code: past [`MAX_PER_CODE`], the rest of a code's
//! diagnostics are left out and the last one printed says how many.
//!
//! The cap applies to what is printed (every output format), not to the diagnostics a
//! compilation returns: `check --fix`, counts and exit codes still see them all.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{Code, Diagnostic};

/// At most this many diagnostics of one code are printed.
pub const MAX_PER_CODE: usize = 100;

/// `diagnostics` with at most [`MAX_PER_CODE`] of each code, in their order; the last one kept
/// of a code that had more gets a note saying how many were left out. Borrowed when no code
/// is over the cap.
pub fn cap_per_code(diagnostics: &[Diagnostic]) -> Cow<'_, [Diagnostic]> {
    cap_per_code_at(diagnostics, MAX_PER_CODE)
}

/// [`cap_per_code`] with a cap of `limit`.
pub fn cap_per_code_at(diagnostics: &[Diagnostic], limit: usize) -> Cow<'_, [Diagnostic]> {
    let mut counts: BTreeMap<Code, usize> = BTreeMap::new();
    for diagnostic in diagnostics {
        *counts.entry(diagnostic.code).or_default() += 1;
    }
    if counts.values().all(|&count| count <= limit) {
        return Cow::Borrowed(diagnostics);
    }
    let mut kept: Vec<Diagnostic> = Vec::new();
    let mut seen: BTreeMap<Code, usize> = BTreeMap::new();
    for diagnostic in diagnostics {
        let seen = seen.entry(diagnostic.code).or_default();
        *seen += 1;
        if *seen > limit {
            continue;
        }
        let total = counts[&diagnostic.code];
        let mut diagnostic = diagnostic.clone();
        if *seen == limit && total > limit {
            let more = total - limit;
            diagnostic.notes.push(format!(
                "and {more} more `{}` {} not shown (at most {limit} of a code are printed)",
                diagnostic.code,
                if more == 1 {
                    "diagnostic"
                } else {
                    "diagnostics"
                }
            ));
        }
        kept.push(diagnostic);
    }
    Cow::Owned(kept)
}
