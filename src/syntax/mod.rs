//! Parsing: bytes → text → pest parse tree → AST, with syntax errors as diagnostics.
//!
//! Never imports `check`; pest's `Pair` and `Rule` never leave this module.

pub mod ast;
mod decode;
mod errors;
mod lower;

pub use decode::decode;
pub use lower::unescape;

use pest::Parser as _;
use pest_derive::Parser;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

#[derive(Parser)]
#[grammar = "../grammar/phrasec.pest"]
struct RuleParser;

/// At most this many syntax errors are reported per file; the rest are summarised.
const MAX_SYNTAX_ERRORS: usize = 50;

/// Parses one file. Never fails: syntax errors become diagnostics and the AST holds every
/// declaration that could be read, including those after an error.
pub fn parse(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    let mut out = ast::File::default();
    let mut diagnostics = Vec::new();
    match RuleParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let lowerer = lower::Lowerer { file, base: 0 };
            if let Some(top) = pairs.next() {
                lowerer.lower_top(top, &mut out);
            }
        }
        Err(_) => parse_in_chunks(file, text, &mut out, &mut diagnostics),
    }
    if out.items.is_empty() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::E0004, "the rule file contains no declarations")
                .primary(Span::new(file, 0, 0), "nothing to read here")
                .help("start with a `spec \"…\" version \"…\"` header or an `article`"),
        );
    }
    (out, diagnostics)
}

/// Error recovery: re-parses the file one chunk at a time, a chunk starting at each line that
/// begins with a top-level keyword, so one run reports the errors of every article.
fn parse_in_chunks(
    file: FileId,
    text: &str,
    out: &mut ast::File,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let starts = chunk_starts(text);
    let mut n_errors = 0usize;
    for (idx, &start) in starts.iter().enumerate() {
        let end = starts.get(idx + 1).copied().unwrap_or(text.len());
        let chunk = &text[start..end];
        match RuleParser::parse(Rule::chunk, chunk) {
            Ok(mut pairs) => {
                let lowerer = lower::Lowerer { file, base: start };
                if let Some(top) = pairs.next() {
                    lowerer.lower_top(top, out);
                }
            }
            Err(error) => {
                n_errors += 1;
                if n_errors <= MAX_SYNTAX_ERRORS {
                    diagnostics.push(errors::syntax_error(file, text, start, &error));
                }
            }
        }
    }
    if n_errors > MAX_SYNTAX_ERRORS
        && let Some(last) = diagnostics.last_mut()
    {
        last.notes.push(format!(
            "{} more syntax errors in this file are not shown",
            n_errors - MAX_SYNTAX_ERRORS
        ));
    }
}

/// Byte offsets where a chunk starts: 0 and every line whose first word is a top-level keyword.
fn chunk_starts(text: &str) -> Vec<usize> {
    const TOP_LEVEL: [&str; 11] = [
        "spec", "segment", "fact", "never", "const", "slot", "action", "decision", "chapter",
        "section", "article",
    ];
    let mut starts = vec![0];
    let mut line_start = 0usize;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '\t']);
        let is_item_start = TOP_LEVEL.iter().any(|keyword| {
            trimmed.strip_prefix(keyword).is_some_and(|rest| {
                rest.chars()
                    .next()
                    .is_none_or(|next| !(next.is_alphanumeric() || next == '_'))
            })
        });
        if is_item_start && line_start != 0 {
            starts.push(line_start);
        }
        line_start += line.len();
    }
    starts
}

#[cfg(test)]
mod grammar_tests;
