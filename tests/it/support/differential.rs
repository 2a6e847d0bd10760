//! The harness of `tests/it/descent_differential.rs`: comparing the descent with pest on one
//! input, reducing a disagreement to a minimal input, checking many inputs and properties, and
//! the repository's rule files and Markdown examples as inputs.

use std::cell::Cell;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use phrasec::diagnostics::{Code, Diagnostic};
use phrasec::source::FileId;
use phrasec::syntax::{Threads, ast, parse_descent, parse_reference, parse_with};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestError, TestRunner};

use super::generators;
use super::markdown::fenced_blocks;

// ---------------------------------------------------------------- comparing the parsers

/// What pest made of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No syntax error (an empty or comment-only file gets E0004, which is not one).
    Accepted,
    Rejected,
}

/// How the parsers disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// pest accepts the text, the descent gives up.
    GaveUp,
    /// pest rejects the text, the descent returns a tree.
    AcceptedInvalid,
    /// Both accept the text; the trees differ.
    TreesDiffer,
    /// The descent (or the production path) panicked.
    Panicked,
    /// `parse_with` returns another tree or other diagnostics than `parse_reference`.
    ProductionDiffers,
}

#[derive(Debug)]
pub struct Disagreement {
    pub kind: Kind,
    pub detail: String,
}

impl Disagreement {
    fn new(kind: Kind, detail: String) -> Disagreement {
        Disagreement { kind, detail }
    }
}

pub fn verdict(diagnostics: &[Diagnostic]) -> Verdict {
    if diagnostics.iter().all(|d| d.code == Code::E0004) {
        Verdict::Accepted
    } else {
        Verdict::Rejected
    }
}

pub fn reference(text: &str) -> (ast::File, Vec<Diagnostic>, Verdict) {
    let (tree, diagnostics) = parse_reference(FileId(0), text, Threads::One);
    let verdict = verdict(&diagnostics);
    (tree, diagnostics, verdict)
}

pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".to_owned())
}

pub fn describe_diagnostic(diagnostic: &Diagnostic) -> String {
    let at = diagnostic
        .labels
        .first()
        .map(|label| format!(" at {}..{}", label.span.start, label.span.end))
        .unwrap_or_default();
    format!("{} {}{at}", diagnostic.code.as_str(), diagnostic.message)
}

/// A reader that stands for the descent: `parse_descent`, or a broken one that shows the
/// comparison catches what it should.
pub type Descent = fn(FileId, &str) -> Option<ast::File>;

/// What a text is checked with.
#[derive(Clone, Copy)]
pub struct Setup {
    /// The descent.
    pub read: Descent,
    /// The threads the production path runs on, each compared with pest on one thread. In
    /// parts, the descent reads each part at its offset in the file.
    pub threads: &'static [Threads],
}

/// The descent, the production path on one thread.
pub const ONE: Setup = Setup {
    read: parse_descent,
    threads: &[Threads::One],
};

/// The descent, the production path on one thread and in three parts.
pub const IN_PARTS: Setup = Setup {
    read: parse_descent,
    threads: &[Threads::One, Threads::Exactly(3)],
};

/// `read` for the descent, the production path on one thread.
pub fn with_descent(read: Descent) -> Setup {
    Setup {
        read,
        threads: &[Threads::One],
    }
}

/// Runs both parsers and the production path on `text`.
pub fn compare(text: &str) -> Result<Verdict, Disagreement> {
    compare_with(text, ONE)
}

/// [`compare`] with another setup.
pub fn compare_with(text: &str, setup: Setup) -> Result<Verdict, Disagreement> {
    let (tree, diagnostics, verdict) = reference(text);
    let read = setup.read;
    let descent = catch_unwind(AssertUnwindSafe(|| read(FileId(0), text))).map_err(|payload| {
        Disagreement::new(
            Kind::Panicked,
            format!("the descent panicked: {}", panic_message(&*payload)),
        )
    })?;
    match (verdict, &descent) {
        (Verdict::Accepted, None) => {
            return Err(Disagreement::new(
                Kind::GaveUp,
                format!(
                    "pest accepts ({} declarations, {} comments); the descent gave up",
                    tree.items.len(),
                    tree.comments.len()
                ),
            ));
        }
        (Verdict::Accepted, Some(descent)) if *descent != tree => {
            return Err(Disagreement::new(
                Kind::TreesDiffer,
                tree_diff(&tree, descent),
            ));
        }
        (Verdict::Rejected, Some(descent)) => {
            return Err(Disagreement::new(
                Kind::AcceptedInvalid,
                format!(
                    "pest rejects ({}); the descent returned {} declarations, {} comments",
                    describe_diagnostic(&diagnostics[0]),
                    descent.items.len(),
                    descent.comments.len()
                ),
            ));
        }
        _ => {}
    }
    for &threads in setup.threads {
        check_production(text, threads, &tree, &diagnostics)?;
    }
    Ok(verdict)
}

/// `parse_with` on `threads` returns pest's tree and diagnostics.
pub fn check_production(
    text: &str,
    threads: Threads,
    tree: &ast::File,
    diagnostics: &[Diagnostic],
) -> Result<(), Disagreement> {
    let (production, production_diagnostics) =
        catch_unwind(AssertUnwindSafe(|| parse_with(FileId(0), text, threads))).map_err(
            |payload| {
                Disagreement::new(
                    Kind::Panicked,
                    format!("parse_with panicked: {}", panic_message(&*payload)),
                )
            },
        )?;
    if production != *tree {
        return Err(Disagreement::new(
            Kind::ProductionDiffers,
            format!(
                "parse_with ({threads:?}) and parse_reference build different trees\n{}",
                tree_diff(tree, &production)
            ),
        ));
    }
    if production_diagnostics != diagnostics {
        return Err(Disagreement::new(
            Kind::ProductionDiffers,
            format!(
                "parse_with ({threads:?}) and parse_reference report different diagnostics\n{}",
                debug_diff(&diagnostics, &production_diagnostics.as_slice())
            ),
        ));
    }
    Ok(())
}

/// A unified diff of two values' pretty `Debug` forms.
pub fn debug_diff<T: std::fmt::Debug>(pest: &T, descent: &T) -> String {
    let (pest, descent) = (format!("{pest:#?}\n"), format!("{descent:#?}\n"));
    similar::TextDiff::from_lines(&pest, &descent)
        .unified_diff()
        .context_radius(6)
        .header("pest", "descent")
        .to_string()
}

/// Where two trees first differ: the first differing declaration and comment, diffed.
pub fn tree_diff(pest: &ast::File, descent: &ast::File) -> String {
    let mut out = String::new();
    first_difference(&mut out, "declaration", &pest.items, &descent.items);
    first_difference(&mut out, "comment", &pest.comments, &descent.comments);
    truncate(out, 8_000)
}

/// Writes how two lists of `what`s differ in length, and the first entry that differs, diffed.
fn first_difference<T: PartialEq + std::fmt::Debug>(
    out: &mut String,
    what: &str,
    pest: &[T],
    descent: &[T],
) {
    if pest.len() != descent.len() {
        let _ = writeln!(
            out,
            "pest: {} {what}s, descent: {}",
            pest.len(),
            descent.len()
        );
    }
    let n_entries = pest.len().max(descent.len());
    if let Some(idx) = (0..n_entries).find(|&idx| pest.get(idx) != descent.get(idx)) {
        let _ = writeln!(out, "{what} #{idx} differs:");
        out.push_str(&debug_diff(&pest.get(idx), &descent.get(idx)));
    }
}

pub fn truncate(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("\n… (cut)");
    }
    text
}

// ---------------------------------------------------------------- minimizing a disagreement

/// The keywords that start a top-level declaration.
pub const TOP_LEVEL: [&str; 11] = [
    "spec", "segment", "fact", "never", "const", "slot", "action", "decision", "chapter",
    "section", "article",
];

/// The text cut before every line that starts with a top-level keyword.
pub fn declaration_chunks(text: &str) -> Vec<String> {
    let mut chunks: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let starts = TOP_LEVEL.iter().any(|kw| trimmed.starts_with(kw));
        match chunks.last_mut() {
            Some(chunk) if !starts => chunk.push_str(line),
            _ => chunks.push(line.to_owned()),
        }
    }
    chunks
}

/// Removes runs of `units`, halving the run length down to one unit, while `fails` holds for
/// the rest; stops at `deadline`. Runs start anywhere when there are few units, at multiples
/// of the run length otherwise.
pub fn reduce(
    mut units: Vec<String>,
    fails: &dyn Fn(&str) -> bool,
    deadline: Instant,
) -> Vec<String> {
    let mut run = units.len().div_ceil(2).max(1);
    loop {
        let mut removed = false;
        let mut start = 0;
        while start < units.len() {
            if Instant::now() >= deadline {
                return units;
            }
            let end = (start + run).min(units.len());
            let candidate = units[..start].concat() + &units[end..].concat();
            if fails(&candidate) {
                units.drain(start..end);
                removed = true;
            } else if units.len() <= 256 {
                start += 1;
            } else {
                start += run;
            }
        }
        if run == 1 && !removed {
            return units;
        }
        run = run.div_ceil(2);
    }
}

/// A smallest text found within `time` that still disagrees the way `text` does: whole
/// declarations removed first, then lines, then characters.
pub fn minimize(text: &str, kind: Kind, time: Duration, setup: Setup) -> String {
    let deadline = Instant::now() + time;
    let fails = |candidate: &str| compare_with(candidate, setup).is_err_and(|d| d.kind == kind);
    let text = reduce(declaration_chunks(text), &fails, deadline).concat();
    let lines = text.split_inclusive('\n').map(str::to_owned).collect();
    let text = reduce(lines, &fails, deadline).concat();
    let chars = text.chars().map(String::from).collect();
    reduce(chars, &fails, deadline).concat()
}

/// The report of one disagreement, with a minimal input that disagrees the same way.
pub fn report(
    name: &str,
    text: &str,
    disagreement: &Disagreement,
    time: Duration,
    setup: Setup,
) -> String {
    let minimal = minimize(text, disagreement.kind, time, setup);
    let minimal_detail = compare_with(&minimal, setup)
        .err()
        .map(|d| d.detail)
        .unwrap_or_default();
    format!(
        "--- {name}: {:?}\n{}\ninput ({} bytes): {}\nminimal input: {minimal:?}\n{minimal_detail}\n",
        disagreement.kind,
        truncate(disagreement.detail.clone(), 4_000),
        text.len(),
        truncate(format!("{text:?}"), 600),
    )
}

// ---------------------------------------------------------------- checking many inputs

/// Compares the parsers on every input; panics with a report of the first disagreements.
/// Returns how many inputs pest accepted.
pub fn assert_all_agree(what: &str, inputs: &[(String, String)], setup: Setup) -> usize {
    disagreements(what, inputs, setup).unwrap_or_else(|report| panic!("{report}"))
}

/// How many of `inputs` pest accepts, or the report of the first disagreements (each kind's
/// first one reduced to a minimal input).
pub fn disagreements(
    what: &str,
    inputs: &[(String, String)],
    setup: Setup,
) -> Result<usize, String> {
    let mut accepted = 0;
    let mut failures = Vec::new();
    for (name, text) in inputs {
        match compare_with(text, setup) {
            Ok(Verdict::Accepted) => accepted += 1,
            Ok(Verdict::Rejected) => {}
            Err(disagreement) => {
                if matches!(disagreement.kind, Kind::GaveUp | Kind::TreesDiffer) {
                    accepted += 1;
                }
                failures.push((name, text, disagreement));
            }
        }
    }
    println!(
        "{what}: {} inputs, {accepted} accepted by pest, {} disagreements",
        inputs.len(),
        failures.len()
    );
    if failures.is_empty() {
        return Ok(accepted);
    }
    let mut message = format!(
        "{what}: the parsers disagree on {} of {} inputs ({accepted} accepted by pest):",
        failures.len(),
        inputs.len()
    );
    for kind in [
        Kind::GaveUp,
        Kind::AcceptedInvalid,
        Kind::TreesDiffer,
        Kind::Panicked,
        Kind::ProductionDiffers,
    ] {
        let count = failures.iter().filter(|(_, _, d)| d.kind == kind).count();
        if count > 0 {
            let _ = write!(message, " {count} {kind:?}");
        }
    }
    message.push('\n');
    for (name, _, _) in failures.iter().take(20) {
        let _ = writeln!(message, "  {name}");
    }
    // The first failure of each kind, reduced.
    let mut reported = Vec::new();
    for (name, text, disagreement) in &failures {
        if !reported.contains(&disagreement.kind) && reported.len() < 3 {
            reported.push(disagreement.kind);
            message.push_str(&report(
                name,
                text,
                disagreement,
                Duration::from_secs(5),
                setup,
            ));
        }
    }
    Err(message)
}

/// Runs a property: `cases` texts from `strategy` (or `PROPTEST_CASES`), each compared (the
/// production path on one thread and in three parts); proptest shrinks a failure, which is
/// then reduced further, down to single characters.
pub fn check_property(what: &str, cases: u32, strategy: impl Strategy<Value = String>) {
    if let Err(report) = property(what, cases, strategy, IN_PARTS) {
        panic!("{report}");
    }
}

/// [`check_property`] with another setup: the report of a disagreement, if any.
pub fn property(
    what: &str,
    cases: u32,
    strategy: impl Strategy<Value = String>,
    setup: Setup,
) -> Result<(), String> {
    let checked = Cell::new(0usize);
    let accepted = Cell::new(0usize);
    let mut runner = TestRunner::new(generators::config(cases));
    let result = runner.run(&strategy, |text| {
        checked.set(checked.get() + 1);
        match compare_with(&text, setup) {
            Ok(Verdict::Accepted) => {
                accepted.set(accepted.get() + 1);
                Ok(())
            }
            Ok(Verdict::Rejected) => Ok(()),
            Err(disagreement) => Err(TestCaseError::fail(format!(
                "{:?}: {}",
                disagreement.kind, disagreement.detail
            ))),
        }
    });
    match result {
        Ok(()) => {
            println!(
                "{what}: {} inputs, {} accepted by pest",
                checked.get(),
                accepted.get()
            );
            Ok(())
        }
        Err(TestError::Fail(_, text)) => {
            let disagreement = compare_with(&text, setup)
                .err()
                .unwrap_or_else(|| panic!("{what}: a flaky disagreement on {text:?}"));
            Err(format!(
                "{what}: the parsers disagree (after {} inputs, counting proptest's shrinking)\n{}",
                checked.get(),
                report(
                    "input shrunk by proptest",
                    &text,
                    &disagreement,
                    Duration::from_secs(10),
                    setup,
                )
            ))
        }
        Err(TestError::Abort(reason)) => Err(format!("{what}: aborted: {reason}")),
    }
}

// ---------------------------------------------------------------- inputs from the repository

/// Every `.phr` file under `dir`, skipping `target` directories.
pub fn phr_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            if path.file_name().is_none_or(|name| name != "target") {
                phr_files(&path, out);
            }
        } else if path.extension().is_some_and(|ext| ext == "phr") {
            out.push(path);
        }
    }
}

/// Every Markdown file under `dir`.
pub fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            out.push(path);
        }
    }
}

/// (name, text) of every rule file of the repository, as the compiler reads it (decoded:
/// lossy where it is not UTF-8, without a leading byte-order mark) and, where it differs,
/// as it is.
pub fn repository_rule_files() -> Vec<(String, String)> {
    let mut paths = Vec::new();
    for dir in [
        "rules",
        "tests/ui",
        "tests/fixtures",
        "tests/fmt",
        "examples",
    ] {
        phr_files(Path::new(dir), &mut paths);
    }
    paths.sort();
    let mut inputs = Vec::new();
    for path in paths {
        let bytes = std::fs::read(&path).expect("readable rule file");
        let name = path.display().to_string();
        let decoded = phrasec::syntax::decode(FileId(0), &bytes).text;
        if let Ok(raw) = std::str::from_utf8(&bytes)
            && raw != decoded
        {
            inputs.push((format!("{name} (as is)"), raw.to_owned()));
        }
        inputs.push((name, decoded));
    }
    inputs
}

/// (name, info string, code) of every fenced block of the documentation, whatever its
/// language: a block that is not rule text is just another input pest rejects.
pub fn documentation_blocks() -> Vec<(String, String, String)> {
    let mut paths = vec![PathBuf::from("README.md"), PathBuf::from("ARCHITECTURE.md")];
    markdown_files(Path::new("docs"), &mut paths);
    paths.sort();
    let mut blocks = Vec::new();
    for path in paths {
        let markdown = std::fs::read_to_string(&path).expect("readable Markdown");
        for (idx, (info, code)) in fenced_blocks(&markdown).into_iter().enumerate() {
            blocks.push((
                format!("{} block {idx} ({info})", path.display()),
                info,
                code,
            ));
        }
    }
    blocks
}

/// Blocks the documentation presents as valid rule text.
pub fn is_valid_rule_block(info: &str) -> bool {
    matches!(info, "phr" | "phr,check" | "phr,fixed")
}

/// The repository's rule files and documentation blocks.
pub fn repository_inputs() -> Vec<(String, String)> {
    let mut inputs = repository_rule_files();
    inputs.extend(
        documentation_blocks()
            .into_iter()
            .map(|(name, _, code)| (name, code)),
    );
    inputs
}

/// (name, text) of the bundled rule files, sorted.
pub fn bundled_rules() -> Vec<(String, String)> {
    let mut paths = Vec::new();
    phr_files(Path::new("rules"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable rule file");
            (path.display().to_string(), text)
        })
        .collect()
}
