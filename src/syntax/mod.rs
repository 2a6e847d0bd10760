//! Parsing: bytes → text → AST (by the hand-written `descent`, or pest's parse tree lowered
//! when the descent gives up), with syntax errors as diagnostics.
//!
//! Never imports `check`; pest's `Pair` and `Rule` never leave this module.

pub mod ast;
mod decode;
mod descent;
mod errors;
pub mod keywords;
mod lower;
mod split;

pub use ast::unescape;
pub use decode::{decode, decode_owned};
pub use split::declares_spec;

use pest::Parser as _;
use pest_derive::Parser;
use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

#[derive(Parser)]
#[grammar = "../grammar/phrasec.pest"]
struct RuleParser;

/// At most this many syntax errors are reported per file; the rest are summarised.
const MAX_SYNTAX_ERRORS: usize = 50;

/// How many parts [`parse_with`] cuts one file into (the parts are parsed on rayon's threads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threads {
    /// Parse on the calling thread only.
    One,
    /// One per thread of rayon's pool when the input is large enough to gain from it: files of
    /// at least [`PARALLEL_MIN_BYTES`] are cut at declaration starts into parts parsed side by
    /// side.
    Available,
    /// Cut into this many parts whatever the file's size (for tests and benchmarks).
    Exactly(usize),
}

impl Threads {
    /// How many parts to cut `size` units of work into (bytes, articles), when a part of its
    /// own is worth a thread only from `min_size` units on.
    pub fn parts(self, size: usize, min_size: usize) -> usize {
        match self {
            Threads::One => 1,
            Threads::Available if size < min_size => 1,
            Threads::Available => rayon::current_num_threads(),
            Threads::Exactly(parts) => parts.max(1),
        }
    }
}

/// Files smaller than this are parsed on one thread: a thread costs more than it saves.
pub const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// Parses one file. Never fails: syntax errors become diagnostics and the AST holds every
/// declaration that could be read, including those after an error. Large files are parsed on
/// several threads ([`Threads::Available`]); the result is the same as on one.
pub fn parse(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    parse_with(file, text, Threads::Available)
}

/// [`parse`] with a choice of threads.
///
/// A file is first read by `descent`, a hand-written reading of the grammar that builds the
/// same tree for a file without syntax errors many times faster than pest and gives up at the
/// first thing it does not accept. Only then does pest parse the file: the grammar in
/// `grammar/` stays the definition of the language and the source of every syntax error.
pub fn parse_with(file: FileId, text: &str, threads: Threads) -> (ast::File, Vec<Diagnostic>) {
    parse_using(file, text, threads, Reader::DescentThenPest)
}

/// Which parsers [`parse_using`] may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reader {
    /// The hand-written descent first, pest if it gives up.
    DescentThenPest,
    /// pest only.
    Pest,
}

/// Parses with pest alone, never with the hand-written descent: the reference that the
/// descent must agree with (`tests/it/descent_differential.rs`), and the benchmarks' baseline.
#[doc(hidden)]
pub fn parse_reference(file: FileId, text: &str, threads: Threads) -> (ast::File, Vec<Diagnostic>) {
    parse_using(file, text, threads, Reader::Pest)
}

/// Reads a file with the hand-written descent alone, on one thread: `None` where it gives up
/// (a syntax error, or anything it does not accept). For tests and benchmarks.
#[doc(hidden)]
pub fn parse_descent(file: FileId, text: &str) -> Option<ast::File> {
    let mut out = ast::File::default();
    descent::parse(file, text, 0, &mut out).ok()?;
    Some(out)
}

fn parse_using(
    file: FileId,
    text: &str,
    threads: Threads,
    reader: Reader,
) -> (ast::File, Vec<Diagnostic>) {
    let parts = threads.parts(text.len(), PARALLEL_MIN_BYTES);
    let mut out = ast::File::default();
    let mut diagnostics = Vec::new();
    let mut parsed = match reader {
        Reader::DescentThenPest => parse_in_parts(file, text, parts, &mut out, descent::parse),
        Reader::Pest => parse_in_parts(file, text, parts, &mut out, parse_by_items),
    };
    if parsed.is_err() && parts > 1 && reader == Reader::DescentThenPest {
        // A cut fell inside a declaration, or the file has a syntax error.
        out = ast::File::default();
        parsed = descent::parse(file, text, 0, &mut out);
    }
    if parsed.is_err() {
        // The file has a syntax error (or, if the descent ever gave up on a file pest
        // accepts, pest reads it here).
        out = ast::File::default();
        parsed = parse_by_items(file, text, 0, &mut out);
    }
    if parsed.is_err() {
        out = ast::File::default();
        parse_in_chunks(file, text, &mut out, &mut diagnostics);
    }
    // The lists grew by doubling; the syntax tree is kept for the whole run.
    out.items.shrink_to_fit();
    out.comments.shrink_to_fit();
    if out.items.is_empty() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::E0004, "the rule file contains no declarations")
                .primary(Span::new(file, 0, 0), "nothing to read here")
                .help("start with a `spec \"…\" version \"…\"` header or an `article`"),
        );
    }
    (out, diagnostics)
}

/// How a part of a file without syntax errors is read: `text` starts at byte `base` of the
/// file; the declarations and comments are appended to the `ast::File`.
type PartParser = fn(FileId, &str, usize, &mut ast::File) -> Result<(), ()>;

/// Parses a file without syntax errors in up to `parts` parts cut at declaration starts
/// (`split`), side by side on rayon's threads, and appends them to `out` in order. Fails if any
/// part has a syntax error (also when a cut fell inside a declaration: see `split`).
fn parse_in_parts(
    file: FileId,
    text: &str,
    parts: usize,
    out: &mut ast::File,
    parse_part: PartParser,
) -> Result<(), ()> {
    let ranges = split::split(text, parts);
    if ranges.len() < 2 {
        return parse_part(file, text, 0, out);
    }
    let parsed: Vec<Result<ast::File, ()>> = ranges
        .into_par_iter()
        .map(|range| {
            let mut part = ast::File::default();
            parse_part(file, &text[range.clone()], range.start, &mut part).map(|()| part)
        })
        .collect();
    for part in parsed {
        let part = part?;
        out.items.extend(part.items);
        out.comments.extend(part.comments);
    }
    Ok(())
}

/// Parses a file that has no syntax error: a few declarations at a time (`file_items`: up to
/// 16 declarations and the blanks and comments before them), then `file_end`. This accepts
/// exactly what `file` accepts (`SOI ~ item* ~ EOI`), but each group of declarations is lowered
/// and its parse tree dropped before the next is read, so memory never holds the parse tree of
/// a whole file (pest's token queue is several times the size of the text). Fails on the first
/// syntax error; the caller then starts over with error recovery.
///
/// `text` starts at byte `base` of the file (not 0 for the later parts of a file parsed in
/// parts).
fn parse_by_items(file: FileId, text: &str, base: usize, out: &mut ast::File) -> Result<(), ()> {
    let mut offset = 0;
    loop {
        let rest = &text[offset..];
        let Ok(mut pairs) = RuleParser::parse(Rule::file_items, rest) else {
            // No declaration here: the rest must be blanks and comments.
            let mut pairs = RuleParser::parse(Rule::file_end, rest).map_err(|_| ())?;
            if let Some(top) = pairs.next() {
                lower::Lowerer::new(file, base + offset).lower_top(top, out);
            }
            return Ok(());
        };
        let top = pairs.next().ok_or(())?;
        let end = top.as_span().end();
        lower::Lowerer::new(file, base + offset).lower_top(top, out);
        if end == 0 {
            return Err(());
        }
        offset += end;
    }
}

/// Runs only pest's parse of a whole file (no lowering, no recovery) and counts the pairs it
/// produced. For the benchmark that separates the parser generator's own cost from ours.
#[doc(hidden)]
pub fn pest_parse_only(text: &str) -> usize {
    RuleParser::parse(Rule::file, text).map_or(0, |pairs| pairs.flatten().count())
}

/// Error recovery: re-parses the file one chunk at a time, a chunk starting at each line that
/// begins with a top-level keyword, so one run reports the errors of every article.
fn parse_in_chunks(
    file: FileId,
    text: &str,
    out: &mut ast::File,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let starts = split::chunk_starts(text);
    let mut n_errors = 0usize;
    for (idx, &start) in starts.iter().enumerate() {
        let end = starts.get(idx + 1).copied().unwrap_or(text.len());
        let chunk = &text[start..end];
        match RuleParser::parse(Rule::chunk, chunk) {
            Ok(mut pairs) => {
                let lowerer = lower::Lowerer::new(file, start);
                if let Some(top) = pairs.next() {
                    lowerer.lower_top(top, out);
                }
            }
            Err(error) => {
                if let Some(name) = split::declared_name(chunk) {
                    out.unreadable_names.push(name.to_owned());
                }
                n_errors += 1;
                if n_errors <= MAX_SYNTAX_ERRORS {
                    diagnostics.push(errors::syntax_error(file, text, start, chunk, &error));
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

#[cfg(test)]
mod ast_tests;

#[cfg(test)]
mod grammar_tests;
