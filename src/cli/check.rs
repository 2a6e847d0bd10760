//! `phrasec check`: reads the rule set, applies fixes with `--fix`, and prints the diagnostics
//! of the files asked for (those of a file's rule-set context are counted, not shown).

use std::path::PathBuf;

use phrasec::Compilation;
use phrasec::diagnostics::{Diagnostic, Severity, Suppressed};
use phrasec::io::{Role, RuleFiles, Scope};

use super::fix::{self, FixMode};
use super::streams::{Stdout, StdoutUse, Stream, write_stderr};
use super::{DiagnosticArgs, EXIT_CLEAN, EXIT_ERRORS, compile_for, load_config};

/// A file, or `file of a rule set of N files` when context files were read.
fn summary(
    compilation: &Compilation,
    shown: &[Diagnostic],
    n_suppressed: usize,
    rule_files: &RuleFiles,
    n_hidden: usize,
) -> String {
    let n_errors = shown
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let n_warnings = shown.len() - n_errors;
    let plural = |count: usize, word: &str| {
        if count == 1 {
            format!("{count} {word}")
        } else {
            format!("{count} {word}s")
        }
    };
    let n_given = rule_files
        .files
        .iter()
        .filter(|file| file.role == Role::Given)
        .count();
    let files = if rule_files.has_context() {
        format!(
            "{} of a rule set of {}",
            plural(n_given, "file"),
            rule_files.files.len()
        )
    } else {
        plural(n_given, "file")
    };
    let suppressed = match n_suppressed {
        0 => String::new(),
        n => format!(" ({n} suppressed in the source)"),
    };
    let mut text = format!(
        "checked {files}, {}: {}, {}{suppressed}\n",
        plural(compilation.model.articles.len(), "article"),
        plural(n_errors, "error"),
        plural(n_warnings, "warning"),
    );
    if n_hidden > 0 {
        text += &format!(
            "{} in the rule set's other files not shown: check its folder to see them\n",
            plural(n_hidden, "diagnostic"),
        );
    }
    text
}

/// The diagnostics of the files that were asked for: those of context files (read only to
/// complete a given file's rule set) are left out; so are diagnostics without a location.
/// Returns them and how many were left out.
fn given_files_diagnostics(
    compilation: &Compilation,
    rule_files: &RuleFiles,
) -> (Vec<Diagnostic>, usize) {
    if !rule_files.has_context() {
        return (compilation.diagnostics.clone(), 0);
    }
    let shown: Vec<Diagnostic> = compilation
        .diagnostics
        .iter()
        .filter(|diagnostic| is_in_given_file(diagnostic, rule_files))
        .cloned()
        .collect();
    let n_hidden = compilation.diagnostics.len() - shown.len();
    (shown, n_hidden)
}

/// Whether a diagnostic is about a file that was asked for (or about no file).
fn is_in_given_file(diagnostic: &Diagnostic, rule_files: &RuleFiles) -> bool {
    diagnostic.primary_span().is_none_or(|span| {
        rule_files
            .files
            .get(span.file.0 as usize)
            .is_none_or(|file| file.role == Role::Given)
    })
}

pub(super) fn check(
    paths: &[PathBuf],
    args: &DiagnosticArgs,
    fix: FixMode,
    stdout: &mut Stdout,
) -> u8 {
    let mut rule_files = match args.read(paths, Scope::RuleSet, StdoutUse::Free, stdout) {
        Ok(rule_files) => rule_files,
        Err(code) => return code,
    };
    let config = match load_config(args, paths) {
        Ok(config) => config,
        Err(problem) => return args.fail(&[problem], StdoutUse::Free, stdout),
    };
    if fix == FixMode::Apply {
        match fix::apply_until_fixed(&mut rule_files, config.as_ref()) {
            Ok(0) => {}
            Ok(n_fixed) => write_stderr(&format!(
                "fixed {n_fixed} problem{}\n",
                if n_fixed == 1 { "" } else { "s" }
            )),
            Err(problem) => return args.fail(&[problem], StdoutUse::Free, stdout),
        }
    }
    let compilation = compile_for(&mut rule_files, args, config.as_ref());
    let (shown, n_hidden) = given_files_diagnostics(&compilation, &rule_files);
    let suppressed: Vec<Suppressed> = compilation
        .suppressed
        .iter()
        .filter(|s| is_in_given_file(&s.diagnostic, &rule_files))
        .cloned()
        .collect();
    args.emit_report(
        &compilation.sources,
        &shown,
        &suppressed,
        Stream::Stdout,
        stdout,
    );
    if !args.is_machine_format() {
        stdout.write(&summary(
            &compilation,
            &shown,
            suppressed.len(),
            &rule_files,
            n_hidden,
        ));
    }
    if phrasec::diagnostics::has_errors(&shown) {
        EXIT_ERRORS
    } else {
        EXIT_CLEAN
    }
}
