//! The hand-written descent parser (`syntax::parse_descent`) reads exactly the language of the
//! pest grammar: for every text pest accepts it builds the same syntax tree (spans and comments
//! included), for every text pest rejects it gives up; and the production path (`parse_with`:
//! descent first, pest when it gives up) returns what pest alone returns, tree and diagnostics.
//!
//! Inputs: every rule file and Markdown example of the repository (and their other line ends
//! and formatted layouts), the benchmark corpora, the property generators of
//! `tests/properties.rs`, a grammar-directed generator of lexical corners
//! (`tests/support/corners.rs`), random edits of the bundled rules, and one test per corner.
//! A disagreement is reported with pest's and the descent's trees side by side and the input
//! reduced to a minimal one that still disagrees the same way.

use std::cell::Cell;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use phrasec::diagnostics::{Code, Diagnostic};
use phrasec::source::FileId;
use phrasec::syntax::{Threads, ast, parse_descent, parse_reference, parse_with};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree as _;
use proptest::test_runner::{TestCaseError, TestError, TestRunner};

// Both corpora include `benches/support/lcg.rs` as their own module.
#[allow(clippy::duplicate_mod)]
#[path = "../benches/support/check_corpus.rs"]
mod check_corpus;
#[path = "support/corners.rs"]
mod corners;
#[path = "../benches/support/corpus.rs"]
mod corpus;
#[path = "support/generators.rs"]
mod generators;
#[path = "support/markdown.rs"]
mod markdown;

use markdown::fenced_blocks;

/// A valid rule file using every kind of declaration and template piece.
const VALID: &str = include_str!("fixtures/clean.phr");

// ---------------------------------------------------------------- comparing the parsers

/// What pest made of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// No syntax error (an empty or comment-only file gets E0004, which is not one).
    Accepted,
    Rejected,
}

/// How the parsers disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
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
struct Disagreement {
    kind: Kind,
    detail: String,
}

impl Disagreement {
    fn new(kind: Kind, detail: String) -> Disagreement {
        Disagreement { kind, detail }
    }
}

fn verdict(diagnostics: &[Diagnostic]) -> Verdict {
    if diagnostics.iter().all(|d| d.code == Code::E0004) {
        Verdict::Accepted
    } else {
        Verdict::Rejected
    }
}

fn reference(text: &str) -> (ast::File, Vec<Diagnostic>, Verdict) {
    let (tree, diagnostics) = parse_reference(FileId(0), text, Threads::One);
    let verdict = verdict(&diagnostics);
    (tree, diagnostics, verdict)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".to_owned())
}

fn describe_diagnostic(diagnostic: &Diagnostic) -> String {
    let at = diagnostic
        .labels
        .first()
        .map(|label| format!(" at {}..{}", label.span.start, label.span.end))
        .unwrap_or_default();
    format!("{} {}{at}", diagnostic.code.as_str(), diagnostic.message)
}

/// A reader that stands for the descent: `parse_descent`, or a broken one that shows the
/// comparison catches what it should.
type Descent = fn(FileId, &str) -> Option<ast::File>;

/// What a text is checked with.
#[derive(Clone, Copy)]
struct Setup {
    /// The descent.
    read: Descent,
    /// The threads the production path runs on, each compared with pest on one thread. In
    /// parts, the descent reads each part at its offset in the file.
    threads: &'static [Threads],
}

/// The descent, the production path on one thread.
const ONE: Setup = Setup {
    read: parse_descent,
    threads: &[Threads::One],
};

/// The descent, the production path on one thread and in three parts.
const IN_PARTS: Setup = Setup {
    read: parse_descent,
    threads: &[Threads::One, Threads::Exactly(3)],
};

/// `read` for the descent, the production path on one thread.
fn with_descent(read: Descent) -> Setup {
    Setup {
        read,
        threads: &[Threads::One],
    }
}

/// Runs both parsers and the production path on `text`.
fn compare(text: &str) -> Result<Verdict, Disagreement> {
    compare_with(text, ONE)
}

/// [`compare`] with another setup.
fn compare_with(text: &str, setup: Setup) -> Result<Verdict, Disagreement> {
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
fn check_production(
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
fn debug_diff<T: std::fmt::Debug>(pest: &T, descent: &T) -> String {
    let (pest, descent) = (format!("{pest:#?}\n"), format!("{descent:#?}\n"));
    similar::TextDiff::from_lines(&pest, &descent)
        .unified_diff()
        .context_radius(6)
        .header("pest", "descent")
        .to_string()
}

/// Where two trees first differ: the first differing declaration and comment, diffed.
fn tree_diff(pest: &ast::File, descent: &ast::File) -> String {
    let mut out = String::new();
    if pest.items.len() != descent.items.len() {
        let _ = writeln!(
            out,
            "pest: {} declarations, descent: {}",
            pest.items.len(),
            descent.items.len()
        );
    }
    let n_items = pest.items.len().max(descent.items.len());
    if let Some(idx) = (0..n_items).find(|&idx| pest.items.get(idx) != descent.items.get(idx)) {
        let _ = writeln!(out, "declaration #{idx} differs:");
        out.push_str(&debug_diff(&pest.items.get(idx), &descent.items.get(idx)));
    }
    if pest.comments.len() != descent.comments.len() {
        let _ = writeln!(
            out,
            "pest: {} comments, descent: {}",
            pest.comments.len(),
            descent.comments.len()
        );
    }
    let n_comments = pest.comments.len().max(descent.comments.len());
    if let Some(idx) =
        (0..n_comments).find(|&idx| pest.comments.get(idx) != descent.comments.get(idx))
    {
        let _ = writeln!(out, "comment #{idx} differs:");
        out.push_str(&debug_diff(
            &pest.comments.get(idx),
            &descent.comments.get(idx),
        ));
    }
    truncate(out, 8_000)
}

fn truncate(mut text: String, max: usize) -> String {
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
const TOP_LEVEL: [&str; 11] = [
    "spec", "segment", "fact", "never", "const", "slot", "action", "decision", "chapter",
    "section", "article",
];

/// The text cut before every line that starts with a top-level keyword.
fn declaration_chunks(text: &str) -> Vec<String> {
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
fn reduce(mut units: Vec<String>, fails: &dyn Fn(&str) -> bool, deadline: Instant) -> Vec<String> {
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
fn minimize(text: &str, kind: Kind, time: Duration, setup: Setup) -> String {
    let deadline = Instant::now() + time;
    let fails = |candidate: &str| compare_with(candidate, setup).is_err_and(|d| d.kind == kind);
    let text = reduce(declaration_chunks(text), &fails, deadline).concat();
    let lines = text.split_inclusive('\n').map(str::to_owned).collect();
    let text = reduce(lines, &fails, deadline).concat();
    let chars = text.chars().map(String::from).collect();
    reduce(chars, &fails, deadline).concat()
}

/// The report of one disagreement, with a minimal input that disagrees the same way.
fn report(
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
fn assert_all_agree(what: &str, inputs: &[(String, String)], setup: Setup) -> usize {
    disagreements(what, inputs, setup).unwrap_or_else(|report| panic!("{report}"))
}

/// How many of `inputs` pest accepts, or the report of the first disagreements (each kind's
/// first one reduced to a minimal input).
fn disagreements(what: &str, inputs: &[(String, String)], setup: Setup) -> Result<usize, String> {
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
fn check_property(what: &str, cases: u32, strategy: impl Strategy<Value = String>) {
    if let Err(report) = property(what, cases, strategy, IN_PARTS) {
        panic!("{report}");
    }
}

/// [`check_property`] with another setup: the report of a disagreement, if any.
fn property(
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
fn phr_files(dir: &Path, out: &mut Vec<PathBuf>) {
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
fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
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
fn repository_rule_files() -> Vec<(String, String)> {
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
fn documentation_blocks() -> Vec<(String, String, String)> {
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
fn is_valid_rule_block(info: &str) -> bool {
    matches!(info, "phr" | "phr,check" | "phr,fixed")
}

/// The repository's rule files and documentation blocks.
fn repository_inputs() -> Vec<(String, String)> {
    let mut inputs = repository_rule_files();
    inputs.extend(
        documentation_blocks()
            .into_iter()
            .map(|(name, _, code)| (name, code)),
    );
    inputs
}

/// (name, text) of the bundled rule files, sorted.
fn bundled_rules() -> Vec<(String, String)> {
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

// ---------------------------------------------------------------- the comparison itself

/// The comparison is not vacuous: stand-ins for the descent broken in each way are caught as
/// that kind of disagreement, and the input is reduced to a minimal one.
#[test]
fn a_broken_descent_is_caught_and_reduced() {
    let time = Duration::from_secs(5);
    let clean = vec![("clean.phr".to_owned(), VALID.to_owned())];

    let gives_up: Descent = |_, _| None;
    let report = disagreements("gives up", &clean, with_descent(gives_up)).expect_err("caught");
    assert!(report.contains(" 1 GaveUp"), "{report}");
    assert_eq!(
        minimize(VALID, Kind::GaveUp, time, with_descent(gives_up)),
        ""
    );

    let accepts_anything: Descent = |_, _| Some(ast::File::default());
    let broken = "spec \"a\"\narticle 1\n";
    assert!(matches!(
        compare_with(broken, with_descent(accepts_anything)),
        Err(Disagreement {
            kind: Kind::AcceptedInvalid,
            ..
        })
    ));
    let minimal = minimize(
        broken,
        Kind::AcceptedInvalid,
        time,
        with_descent(accepts_anything),
    );
    assert_eq!(minimal.chars().count(), 1, "{minimal:?}");

    let drops_a_comment: Descent = |file, text| {
        parse_descent(file, text).map(|mut tree| {
            tree.comments.pop();
            tree
        })
    };
    let report = disagreements("drops a comment", &clean, with_descent(drops_a_comment))
        .expect_err("caught");
    assert!(
        report.contains(" 1 TreesDiffer") && report.contains("comment #0 differs"),
        "{report}"
    );
    assert_eq!(
        minimize(
            VALID,
            Kind::TreesDiffer,
            time,
            with_descent(drops_a_comment)
        ),
        "#"
    );

    let stretches_a_span: Descent = |file, text| {
        parse_descent(file, text).map(|mut tree| {
            if let Some(ast::Item::Article(article)) = tree.items.last_mut() {
                article.span.end += 1;
            }
            tree
        })
    };
    let report = disagreements("stretches a span", &clean, with_descent(stretches_a_span))
        .expect_err("caught");
    assert!(
        report.contains(" 1 TreesDiffer") && report.contains("declaration #"),
        "{report}"
    );
    let minimal = minimize(
        VALID,
        Kind::TreesDiffer,
        time,
        with_descent(stretches_a_span),
    );
    assert!(
        minimal.len() < 20 && minimal.contains("article"),
        "{minimal:?}"
    );

    let report = property(
        "gives up",
        8,
        generators::rule_file(),
        with_descent(gives_up),
    )
    .expect_err("caught");
    assert!(
        report.contains("GaveUp") && report.contains("minimal input: \"\""),
        "{report}"
    );

    let panics: Descent = |_, _| panic!("a deliberate panic");
    let disagreement = compare_with("spec \"a\"", with_descent(panics)).expect_err("caught");
    assert_eq!(disagreement.kind, Kind::Panicked);
    assert!(disagreement.detail.contains("a deliberate panic"));
}

// ---------------------------------------------------------------- pest-only sanity checks

/// The bundled rules and the documentation's valid examples are accepted by pest, so the
/// agreement tests below compare trees on them, not only verdicts.
#[test]
fn pest_accepts_the_bundled_rules_and_valid_examples() {
    let rules = bundled_rules();
    assert!(rules.len() >= 5, "only {} rule files", rules.len());
    for (name, text) in &rules {
        let (tree, diagnostics, verdict) = reference(text);
        assert_eq!(verdict, Verdict::Accepted, "{name}: {diagnostics:#?}");
        assert!(diagnostics.is_empty() && !tree.items.is_empty(), "{name}");
    }
    let mut n_valid_blocks = 0;
    for (name, info, code) in documentation_blocks() {
        if is_valid_rule_block(&info) {
            let (_, diagnostics, verdict) = reference(&code);
            assert_eq!(
                verdict,
                Verdict::Accepted,
                "{name}:\n{code}\n{diagnostics:#?}"
            );
            n_valid_blocks += 1;
        }
    }
    assert!(
        n_valid_blocks >= 40,
        "only {n_valid_blocks} valid rule blocks"
    );
    let accepted = repository_inputs()
        .iter()
        .filter(|(_, text)| reference(text).2 == Verdict::Accepted)
        .count();
    assert!(accepted >= 60, "only {accepted} repository inputs accepted");
}

/// pest's reference reading (a few declarations at a time, then error recovery) accepts
/// exactly what the grammar's `file` rule accepts, on every input of these tests: "accepted
/// by pest" means one thing.
#[test]
fn the_reference_accepts_what_the_file_rule_accepts() {
    let mut texts: Vec<String> = repository_inputs()
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    let mut runner = TestRunner::deterministic();
    let strategy = corners::rule_file();
    for _ in 0..300 {
        texts.push(strategy.new_tree(&mut runner).expect("a file").current());
    }
    for text in &texts {
        let by_file_rule = phrasec::syntax::pest_parse_only(text) > 0;
        let (_, diagnostics, verdict) = reference(text);
        assert_eq!(
            verdict == Verdict::Accepted,
            by_file_rule,
            "{text:?}\n{diagnostics:#?}"
        );
    }
}

/// The corner generator is not vacuous: most of its files are accepted (so trees are
/// compared), a good share rejected (so giving up is tested), and every file it did not
/// corrupt follows the grammar.
#[test]
fn the_corner_generator_yields_mostly_valid_files() {
    let mut runner = TestRunner::deterministic();
    let strategy = corners::generated_file();
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..300 {
        let file = strategy.new_tree(&mut runner).expect("a file").current();
        let text = file.render();
        let (_, diagnostics, verdict) = reference(&text);
        if file.corruption.is_none() {
            assert_eq!(
                verdict,
                Verdict::Accepted,
                "an uncorrupted file is rejected: {text:?}\n{:?}",
                diagnostics
                    .iter()
                    .map(describe_diagnostic)
                    .collect::<Vec<_>>()
            );
        }
        match verdict {
            Verdict::Accepted => accepted += 1,
            Verdict::Rejected => rejected += 1,
        }
    }
    println!("corner generator: {accepted} of 300 accepted, {rejected} rejected");
    assert!(accepted >= 150, "only {accepted} of 300 accepted");
    assert!(rejected >= 30, "only {rejected} of 300 rejected");
}

/// Whether pest accepts `text`.
fn pest_accepts_text(text: &str) -> bool {
    reference(text).2 == Verdict::Accepted
}

/// The corner generator's pools are what they claim: its keywords are the grammar's, its
/// names are names, its strings, numbers and phrases valid or invalid as labelled.
#[test]
fn the_corner_pools_follow_the_grammar() {
    let grammar = std::fs::read_to_string("grammar/phrasec.pest").expect("grammar");
    let mut grammar_keywords: Vec<&str> = grammar
        .lines()
        .filter(|line| line.starts_with("kw_"))
        .filter_map(|line| line.split('"').nth(1))
        .collect();
    grammar_keywords.sort_unstable();
    let mut keywords = corners::KEYWORDS.to_vec();
    keywords.sort_unstable();
    assert_eq!(keywords, grammar_keywords);
    for keyword in corners::KEYWORDS {
        assert!(
            !pest_accepts_text(&format!("action {keyword} \"x\"")),
            "{keyword}"
        );
        assert!(
            pest_accepts_text(&format!("never a = {keyword}")),
            "{keyword}"
        );
    }
    for name in corners::NAMES {
        assert!(corners::is_valid_name(name), "{name:?}");
        assert!(
            pest_accepts_text(&format!("action {name} \"x\"")),
            "{name:?}"
        );
    }
    let edges = corners::edge_chars();
    assert!(!edges.continue_not_alphanumeric.is_empty());
    assert!(!edges.space_not_blank.is_empty());
    for string in corners::STRINGS {
        assert!(pest_accepts_text(&format!("spec {string}")), "{string:?}");
    }
    for string in corners::BAD_STRINGS {
        assert!(!pest_accepts_text(&format!("spec {string}")), "{string:?}");
    }
    for &ch in &edges.space_not_blank {
        assert!(!pest_accepts_text(&format!("spec{ch}\"x\"")), "{ch:?}");
    }
}

// ---------------------------------------------------------------- agreement on the repository

/// Every rule file and documentation block, also through the production path in parts.
#[test]
fn repository_rule_files_and_examples_agree() {
    let inputs = repository_inputs();
    let accepted = assert_all_agree("repository files and examples", &inputs, IN_PARTS);
    assert!(accepted >= 60, "only {accepted} inputs accepted by pest");
}

/// The accepted repository inputs with `\r\n` and lone `\r` line ends, with tabs for
/// indentation, and in the formatter's layout.
#[test]
fn other_layouts_of_the_repository_files_agree() {
    let mut inputs = Vec::new();
    for (name, text) in repository_inputs() {
        if reference(&text).2 != Verdict::Accepted {
            continue;
        }
        inputs.push((format!("{name} (CRLF)"), text.replace('\n', "\r\n")));
        inputs.push((format!("{name} (CR)"), text.replace('\n', "\r")));
        inputs.push((
            format!("{name} (tabs, U+3000)"),
            text.replace("  ", "\t").replace(' ', "\u{3000}"),
        ));
        if let Ok(formatted) = phrasec::fmt::format_source(&text) {
            inputs.push((format!("{name} (formatted)"), formatted));
        }
    }
    assert_all_agree("other layouts", &inputs, ONE);
}

/// The benchmark corpora (300 articles each), also through the production path in parts,
/// where the descent reads each part at its offset in the file.
#[test]
fn benchmark_corpora_agree() {
    let inputs = vec![
        ("corpus".to_owned(), corpus::generate(300, corpus::SEED)),
        (
            "check corpus".to_owned(),
            check_corpus::generate(300, check_corpus::Variant::NoGaps, check_corpus::SEED).text,
        ),
        (
            "check corpus with gaps".to_owned(),
            check_corpus::generate(300, check_corpus::Variant::Gaps, check_corpus::SEED + 1).text,
        ),
    ];
    let in_four_parts = Setup {
        read: parse_descent,
        threads: &[Threads::One, Threads::Exactly(4)],
    };
    let accepted = assert_all_agree("benchmark corpora", &inputs, in_four_parts);
    assert_eq!(accepted, inputs.len());
}

// ---------------------------------------------------------------- properties

#[test]
fn well_formed_rule_files_agree() {
    check_property("well-formed rule files", 256, generators::rule_file());
}

#[test]
fn mostly_valid_rule_files_agree() {
    check_property(
        "mostly valid rule files",
        256,
        generators::mostly_valid_rule_file(),
    );
}

#[test]
fn grammar_soup_agrees() {
    check_property("grammar soup", 256, generators::grammar_soup());
}

#[test]
fn mutated_valid_file_agrees() {
    check_property(
        "mutated valid file",
        256,
        prop::collection::vec(generators::edit(), 1..8)
            .prop_map(|edits| generators::apply(VALID, &edits)),
    );
}

#[test]
fn mutated_well_formed_rule_files_agree() {
    check_property(
        "mutated well-formed rule files",
        256,
        (
            generators::rule_file(),
            prop::collection::vec(generators::edit(), 1..4),
        )
            .prop_map(|(text, edits)| generators::apply(&text, &edits)),
    );
}

#[test]
fn lexical_corners_agree() {
    check_property("lexical corners", 2048, corners::rule_file());
}

/// One character edit: inserted, deleted or replaced.
#[derive(Clone, Debug)]
enum CharEdit {
    Insert(Index, char),
    Delete(Index),
    Replace(Index, char),
}

/// Characters that matter to the grammar, Chinese, and every kind of blank.
const EDIT_CHARS: &[char] = &[
    '"', '{', '}', '[', ']', '|', '\\', '#', '=', ',', ':', '.', '-', '?', '!', '(', ')', '_', '0',
    '7', 'a', 'n', '故', '障', '〔', '，', ' ', '\t', '\n', '\r', '\u{3000}', '\u{FEFF}', '\u{0B}',
    '\u{A0}', '\u{2028}', '\u{301}', '·',
];

fn char_edit() -> impl Strategy<Value = CharEdit> {
    let ch = prop::sample::select(EDIT_CHARS);
    prop_oneof![
        2 => (any::<Index>(), ch.clone()).prop_map(|(at, ch)| CharEdit::Insert(at, ch)),
        1 => any::<Index>().prop_map(CharEdit::Delete),
        2 => (any::<Index>(), ch).prop_map(|(at, ch)| CharEdit::Replace(at, ch)),
    ]
}

fn apply_char_edits(text: &str, edits: &[CharEdit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        match *edit {
            CharEdit::Insert(at, ch) => {
                let at = at.index(chars.len() + 1);
                chars.insert(at, ch);
            }
            CharEdit::Delete(at) if !chars.is_empty() => {
                chars.remove(at.index(chars.len()));
            }
            CharEdit::Replace(at, ch) if !chars.is_empty() => {
                let at = at.index(chars.len());
                chars[at] = ch;
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

#[test]
fn edited_bundled_rules_agree() {
    let mut texts: Vec<String> = bundled_rules().into_iter().map(|(_, text)| text).collect();
    texts.push(VALID.to_owned());
    check_property(
        "edited bundled rules",
        512,
        (
            prop::sample::select(texts),
            prop::collection::vec(char_edit(), 1..4),
        )
            .prop_map(|(text, edits)| apply_char_edits(&text, &edits)),
    );
}

// ---------------------------------------------------------------- one test per corner

/// pest accepts `text`: returns its tree for the test's own checks of the corner.
#[track_caller]
fn pest_accepts(text: &str) -> ast::File {
    let (tree, diagnostics, verdict) = reference(text);
    assert_eq!(
        verdict,
        Verdict::Accepted,
        "pest rejects {text:?}: {:?}",
        diagnostics
            .iter()
            .map(describe_diagnostic)
            .collect::<Vec<_>>()
    );
    tree
}

#[track_caller]
fn pest_rejects(text: &str) {
    assert_eq!(
        reference(text).2,
        Verdict::Rejected,
        "pest accepts {text:?}"
    );
}

/// The descent and the production path agree with pest on `text`.
#[track_caller]
fn agrees(text: &str) {
    if let Err(disagreement) = compare(text) {
        panic!("{text:?}: {:?}\n{}", disagreement.kind, disagreement.detail);
    }
}

fn article(tree: &ast::File, idx: usize) -> &ast::ArticleDecl {
    match &tree.items[idx] {
        ast::Item::Article(article) => article,
        other => panic!("not an article: {other:?}"),
    }
}

/// The text of a span of `text`.
fn spanned(text: &str, span: phrasec::source::Span) -> &str {
    &text[span.range()]
}

/// The choices of the first slot reference of the first phrase of article 0.
fn first_choices(tree: &ast::File) -> Vec<String> {
    let ast::BodyItem::Utterances(utterances) = &article(tree, 0).body[0] else {
        panic!("not a phrase");
    };
    let ast::Utterance::Say(template) = &utterances.options[0] else {
        panic!("not a phrase");
    };
    template
        .pieces
        .iter()
        .find_map(|piece| match piece {
            ast::Piece::Reference(reference) => reference.choices.clone(),
            _ => None,
        })
        .expect("a reference with choices")
        .iter()
        .map(|choice| choice.value.to_string())
        .collect()
}

#[test]
fn an_article_span_ends_at_its_last_token_not_after_the_comments() {
    let text = "article 1 \"x\"\n  say \"a\"  \n  # 注释\n# 另一个\r\narticle 2 \"y\" # 行尾\n";
    let tree = pest_accepts(text);
    assert!(spanned(text, tree.items[0].span()).ends_with("say \"a\""));
    assert!(spanned(text, tree.items[1].span()).ends_with("\"y\""));
    assert_eq!(tree.comments.len(), 3);
    agrees(text);
}

#[test]
fn a_comment_span_excludes_trailing_blanks_its_text_keeps_them() {
    let text = "# c \t\u{3000}\u{FEFF}\nspec \"a\" #  \t\n#\u{3000}";
    let tree = pest_accepts(text);
    assert_eq!(tree.comments[0].text, "# c \t\u{3000}\u{FEFF}");
    assert_eq!(spanned(text, tree.comments[0].span), "# c");
    assert_eq!(spanned(text, tree.comments[1].span), "#");
    assert_eq!(spanned(text, tree.comments[2].span), "#");
    agrees(text);
}

#[test]
fn choices_keep_inner_spaces_not_outer_ones() {
    let text = "article 1 \"x\" say \"{g ? a b | c }\"";
    assert_eq!(first_choices(&pest_accepts(text)), ["a b", "c"]);
    agrees(text);
}

#[test]
fn a_tab_before_a_bar_belongs_to_the_choice_a_space_does_not() {
    for (text, choices) in [
        ("article 1 \"x\" say \"{g ? a\t| b}\"", ["a\t", "b"]),
        ("article 1 \"x\" say \"{g ? a \t| b }\"", ["a \t", "b"]),
        (
            "article 1 \"x\" say \"{g ?\t\ta\t |\tb\t}\"",
            ["a\t", "b\t"],
        ),
        (
            "article 1 \"x\" say \"{g ? 先生\u{3000}| \u{3000}小姐}\"",
            ["先生\u{3000}", "\u{3000}小姐"],
        ),
    ] {
        assert_eq!(first_choices(&pest_accepts(text)), choices, "{text:?}");
        agrees(text);
    }
}

#[test]
fn empty_choices() {
    for (text, choices) in [
        ("article 1 \"x\" say \"{g ?| x}\"", vec!["", "x"]),
        ("article 1 \"x\" say \"{g ?}\"", vec![""]),
        ("article 1 \"x\" say \"{g?|}\"", vec!["", ""]),
        ("article 1 \"x\" say \"{g ?   |   }\"", vec!["", ""]),
    ] {
        assert_eq!(first_choices(&pest_accepts(text)), choices, "{text:?}");
        agrees(text);
    }
}

#[test]
fn escapes_and_odd_characters_in_choices() {
    let text = "article 1 \"x\" say \"{g ? a\\|b | \\}\\{ | # | ? | a\u{0B} }\"";
    assert_eq!(
        first_choices(&pest_accepts(text)),
        ["a|b", "}{", "#", "?", "a\u{0B}"]
    );
    agrees(text);
}

#[test]
fn spaces_and_tabs_inside_slot_braces() {
    for text in [
        "article 1 \"x\" say \"{ x }\"",
        "article 1 \"x\" say \"{\tx\t}\"",
        "article 1 \"x\" say \"{ \t x \t ? a | b \t }\"",
        "article 1 \"x\" say \"{g\t?\ta\t|\tb}\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
    for text in [
        "article 1 \"x\" say \"{\u{3000}x}\"",
        "article 1 \"x\" say \"{x\n}\"",
        "article 1 \"x\" say \"{x y}\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn a_bar_outside_brackets_is_text() {
    let text = "article 1 \"x\" say \"a|b|\" or say \"|\"";
    let tree = pest_accepts(text);
    let ast::BodyItem::Utterances(utterances) = &article(&tree, 0).body[0] else {
        panic!("not a phrase");
    };
    let ast::Utterance::Say(template) = &utterances.options[0] else {
        panic!("not a phrase");
    };
    assert!(matches!(&template.pieces[..], [ast::Piece::Text(text)] if text.value == "a|b|"));
    agrees(text);
}

#[test]
fn free_variation_with_empty_and_slot_branches() {
    for text in [
        "article 1 \"x\" say \"[a|{x}b|]\"",
        "article 1 \"x\" say \"[|]\"",
        "article 1 \"x\" say \"[{x ? a | b}|\\|]c\"",
        "article 1 \"x\" say \"[ a | b ]\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
    for text in [
        "article 1 \"x\" say \"[a]\"",
        "article 1 \"x\" say \"[]\"",
        "article 1 \"x\" say \"[a|[b|c]]\"",
        "article 1 \"x\" say \"[a|b\"",
        "article 1 \"x\" say \"a]\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn escapes_in_phrases_and_strings() {
    let text = "spec \"\\\"\\\\\\{\\}\\[\\]\\|\\n\\t\" version \"#\"\n\
                article 1 \"x\" say \"\\[\\]\\|\\{\\}\\\"\\\\\\n\\t{x}\\{\"";
    pest_accepts(text);
    agrees(text);
    for text in [
        "spec \"\\q\"",
        "article 1 \"x\" say \"\\q\"",
        "spec \"\\u{41}\"",
        "spec \"a\\\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn unterminated_strings_and_line_ends_inside_quotes() {
    for text in [
        "spec \"a",
        "article 1 \"x\"\n  say \"abc\n",
        "spec \"a\nb\"",
        "spec \"a\rb\"",
        "article 1 \"x\" say \"a\rb\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn control_characters_inside_quotes_are_text() {
    let text = "spec \"\u{0}\u{0B}\u{0C}\u{1F}\u{7F}\"\narticle 1 \"x\" say \"\u{0B}\t\u{0}\"";
    pest_accepts(text);
    agrees(text);
    for text in ["spec \"a\"\u{0}", "spec\u{0C}\"a\""] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn a_lone_carriage_return_ends_a_comment() {
    let text = "# c\rarticle 1 \"x\"\r  say \"y\" # z\r";
    let tree = pest_accepts(text);
    assert_eq!(tree.items.len(), 1);
    assert_eq!(tree.comments.len(), 2);
    agrees(text);
}

#[test]
fn unicode_line_separators_do_not_end_a_comment() {
    for text in [
        "# c\u{2028}article 1 \"x\"\n",
        "# c\u{85}article 1 \"x\"\n",
        "# c\u{0B}article 1 \"x\"",
    ] {
        let tree = pest_accepts(text);
        assert!(tree.items.is_empty() && tree.comments.len() == 1);
        agrees(text);
    }
}

#[test]
fn crlf_line_ends_everywhere() {
    let text = VALID.replace('\n', "\r\n");
    pest_accepts(&text);
    agrees(&text);
}

#[test]
fn byte_order_marks_and_ideographic_spaces_are_blanks() {
    let text = "\u{FEFF}spec\u{3000}\"a\"\u{FEFF}version\t\"1\"\u{3000}\n\u{FEFF}# c\u{FEFF}\n\
                action\u{FEFF}x\u{3000}\"y\"";
    assert_eq!(pest_accepts(text).items.len(), 2);
    agrees(text);
}

#[test]
fn other_unicode_spaces_are_not_blanks() {
    for blank in [
        '\u{A0}', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2003}', '\u{200B}',
    ] {
        let text = format!("spec{blank}\"a\"");
        pest_rejects(&text);
        agrees(&text);
        let text = format!("spec \"a\"{blank}");
        pest_rejects(&text);
        agrees(&text);
    }
}

#[test]
fn keywords_are_compared_values() {
    for text in [
        "article 1 \"x\" when a = say say \"y\"",
        "article 1 \"x\" when a = and and b != or say \"y\"",
        "never a in {in, not, and, segment,}",
        "never segment not in {article}",
        "article 1 \"x\" case when a = when say \"y\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
}

#[test]
fn a_condition_missing_its_value() {
    for text in [
        "article 1 \"x\" when a = say \"y\"",
        "never a =",
        "never a = b and",
        "never a = b and say",
        "never a not {x}",
        "never a ! = b",
        "never a in {}",
        "never a in {,}",
        "never = b",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn keyword_prefixes_and_extensions_are_names() {
    let text = "action inx \"a\"\naction actions \"b\"\naction order \"c\"\naction notes \"d\"\n\
                action i \"e\"\naction segments \"f\"\naction no \"g\"\naction when_ \"h\"\n\
                action spec2 \"i\"\naction say· \"j\"\naction _ \"k\"\naction 原因 \"l\"\n\
                action e\u{301} \"m\"\naction 々 \"n\"\naction 〇 \"o\"";
    assert_eq!(pest_accepts(text).items.len(), 15);
    agrees(text);
}

#[test]
fn keywords_are_not_names() {
    for text in [
        "action in \"a\"",
        "segment segment \"x\"",
        "article 1 \"x\" say \"{say}\"",
        "article 1 \"x\" say \"{segment}\"",
        "article 1 \"x\" act or",
        "slot x: enum \"l\"",
        "action 1x \"a\"",
        "action \u{301}x \"a\"",
        "action ½ \"a\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn a_keyword_touching_a_name_character() {
    for text in [
        "article 1 \"x\" in原因",
        "article 1 \"x\" say\u{301}\"y\"",
        "article1 \"x\"",
        "article 1 \"x\" sayy \"y\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
    for text in [
        "article 1 \"x\" in 原因",
        "article 45\"x\"say\"y\"or act z",
        "never a in{b}",
        "article 1 \"x\" when a not in{b}say\"y\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
}

#[test]
fn a_number_may_touch_the_keyword_after_it() {
    let text = "slot n: number \"n\" example 30note \"x\" example 2.5unit \"u\"";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn ranges_and_type_arguments() {
    for text in [
        "slot n: number(1..5, 1..=60, ..5, 3.., -2..-1, .., ..=, 2.5..=3.5) \"n\"",
        "slot n: number(1 ..= 5, 1 .. 2) \"n\"",
        "slot n: number(1 # c\n..=\n# d\n60) \"n\"",
        "slot n: number() \"n\"",
        "slot n: number ( ) \"n\"",
        "slot d: duration(minute, hour) \"d\"",
        "slot x: named(a, 1, 2..3, -0, 01, 1.50) \"x\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
    for text in [
        "slot n: number(1.. =5) \"n\"",
        "slot n: number(1...5) \"n\"",
        "slot n: number(1.) \"n\"",
        "slot n: number(.5) \"n\"",
        "slot n: number(a,) \"n\"",
        "slot n: number(- 1) \"n\"",
        "slot n: number(1..5..6) \"n\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn numbers_beyond_u32_and_with_leading_zeros() {
    let text = "article 4294967296 \"x\"\nchapter 99999999999999999999 \"y\"\n\
                section 4294967295 \"z\"\narticle 007 \"w\"";
    let tree = pest_accepts(text);
    assert_eq!(article(&tree, 0).number, u32::MAX);
    assert_eq!(article(&tree, 3).number, 7);
    agrees(text);
    let long = "9".repeat(400);
    let text = format!("slot n: number(-{long}..{long}) \"n\" example {long}.{long}");
    pest_accepts(&text);
    agrees(&text);
    for text in ["article -1 \"x\"", "chapter 2.5 \"x\"", "section 1. \"x\""] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn repeated_article_attributes() {
    let text = "article 1 \"x\" in a in b when c = d when e = f incomplete \"1\" \
                incomplete \"2\" general for g general for h, i\n  say \"y\"";
    let tree = pest_accepts(text);
    let decision = article(&tree, 0).decision.as_ref().expect("a decision");
    assert_eq!(decision.text, "b");
    agrees(text);
}

#[test]
fn attributes_after_the_body_and_dangling_commas() {
    for text in [
        "article 1 \"x\" say \"a\" when b = c",
        "article 1 \"x\" general for a, say \"y\"",
        "decision d \"x\" over a,",
        "fact f \"x\" { a \"A\" b \"B\" }",
        "fact f \"x\" {,}",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn segment_as_subject_and_segments_as_a_name() {
    let text = "decision d \"x\" over segment, segments\n\
                never segment = a and segments != b\n\
                decision e \"y\" over f,\nsegment\n";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn empty_blank_and_comment_only_files() {
    for text in [
        "",
        "  \n\t",
        "\u{FEFF}",
        "# only",
        "# only\n\n# two\r\n",
        "\r\n#\r#",
    ] {
        let (tree, diagnostics, verdict) = reference(text);
        assert_eq!(verdict, Verdict::Accepted);
        assert!(tree.items.is_empty());
        assert!(diagnostics.iter().all(|d| d.code == Code::E0004));
        agrees(text);
    }
}

#[test]
fn a_comment_inside_a_declaration() {
    let text = "spec \"a\" # c\n version \"1\"\nspec \"b\" # d\n";
    let tree = pest_accepts(text);
    assert!(spanned(text, tree.items[0].span()).ends_with("\"1\""));
    assert!(spanned(text, tree.items[1].span()).ends_with("\"b\""));
    agrees(text);
}

#[test]
fn comments_between_every_two_tokens() {
    let text = "article # a\n 1 # b\n \"x\" # c\n when # d\n a # e\n not # f\n in # g\n \
                { # h\n b # i\n , # j\n } # k\n say # l\n \"y\" # m\n or # n\n act # o\n z # p";
    let tree = pest_accepts(text);
    assert_eq!(tree.comments.len(), 16);
    agrees(text);
    let text = "fact # a\n f # b\n \"x\" # c\n { # d\n a # e\n \"A\" # f\n , # g\n } # h\n\
                slot # i\n s # j\n : # k\n number # l\n ( # m\n 1 # n\n .. # o\n ) # p\n \"l\" # q\n";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn a_hash_inside_quotes_is_not_a_comment() {
    for text in [
        "spec \"a # b\" version \"#\"",
        "article 1 \"#\" say \"# {x ? # | b} [#|#]\"",
        "# \"unterminated\nspec \"a\"",
        "# {\nspec \"a\" # [\n",
    ] {
        pest_accepts(text);
        agrees(text);
    }
}

#[test]
fn phrase_texts_keep_their_spaces() {
    let text = "article 1 \"x\" say \"  a  \u{3000}\" say \"\" say \"a{b}[c|d]e\\{\"";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn utterance_chains_cases_steps_and_guidance() {
    let text = "article 1 \"x\" act a or say \"b\" or act c say \"d\"\n\
                case when a = b say \"c\" case \"l\" when a = b act d\n\
                step say \"e\" step \"l\" when a != b and c in {d} say \"f\" or act g\n\
                guidance \"g\"";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn value_lists() {
    let text = "fact f \"x\" {}\nfact g \"y\" { a \"A\", }\nslot s: enum{} \"l\"\n\
                slot t: enum { m \"男\", f \"女\", } \"性别\" note \"n\" unit \"u\" example \"e\"";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn a_file_ending_inside_an_article_or_a_comment() {
    for text in [
        "article 1 \"x\"",
        "spec \"a\" # end",
        "article 1 \"x\" say \"y\"#",
    ] {
        pest_accepts(text);
        agrees(text);
    }
}

#[test]
fn comments_where_an_optional_part_is_tried_and_missing() {
    let text = "spec \"a\" # c1\n\
                section 1 \"t\" # c2\n for x\n\
                slot s: t # c3\n \"l\" # c4\n note \"n\" # c5\n\
                slot u: t ( # c6\n ) \"l\"\n\
                never a = b # c7\n and c = d # c8\n because \"r\" # c9\n\
                decision d \"x\" over a # c10\n , b # c11\n\
                fact f \"x\" { a \"A\" # c12\n , # c13\n }\n\
                article 1 \"x\" # c14\n in d # c15\n say \"y\" # c16\n or act z # c17\n\
                  step \"s\" # c18\n when a = b # c19\n say \"w\" # c20\n";
    let tree = pest_accepts(text);
    assert_eq!(tree.comments.len(), 20);
    for item in &tree.items {
        let item_text = spanned(text, item.span());
        let last_line = item_text.lines().last().unwrap_or_default();
        assert!(!item_text.ends_with(char::is_whitespace), "{item_text:?}");
        assert!(!last_line.contains('#'), "{item_text:?}");
    }
    agrees(text);
}

/// In production a large file is cut at declaration lines (after `\n`, `\r\n` or a lone `\r`)
/// and each part read at its offset.
#[test]
fn a_file_cut_in_parts_reads_the_same() {
    let text = "spec \"a\" # c\r\
                segment s \"甲\"\r\n\
                # 注释 article 9\n\
                article 1 \"x\" when a = b\r  say \"y\"\r\n\
                decision d \"决\" over f,\nsegment\n\
                article 2 \"z\" # 行尾\r\
                article 3 \"w\"";
    let setup = Setup {
        read: parse_descent,
        threads: &[
            Threads::One,
            Threads::Exactly(2),
            Threads::Exactly(3),
            Threads::Exactly(5),
            Threads::Exactly(8),
        ],
    };
    pest_accepts(text);
    if let Err(disagreement) = compare_with(text, setup) {
        panic!("{:?}\n{}", disagreement.kind, disagreement.detail);
    }
}
