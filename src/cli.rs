//! The command line (clap): the only module that reads files, writes files or prints.
//!
//! Exit codes: 0 clean (warnings allowed), 1 errors found, 2 usage or I/O failure.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use phrasec::diagnostics::{
    CODES, Code, Coloring, Diagnostic, OutputFormat, Severity, lookup, render_diagnostics,
};
use phrasec::io::{collect_inputs, describe_io_error, display_name, write_atomically};
use phrasec::render::{RenderOptions, Variants, parse_slot_arguments, render_article, to_text};
use phrasec::source::SourceMap;
use phrasec::{Compilation, Input, compile, emit};

#[derive(Parser)]
#[command(
    name = "phrasec",
    version,
    about = "Check rule files of standard service phrases and compile them to JSON or Rust",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DiagnosticArgs {
    /// How diagnostics are printed.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    output_format: FormatArg,
    /// When to colour output; `auto` honours NO_COLOR and whether stderr is a terminal.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Treat warnings as errors (exit code 1 when any is found).
    #[arg(long)]
    deny_warnings: bool,
    /// The configuration file; by default the first `phrasec.toml` found walking up from the
    /// first input.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and check a rule set; print its diagnostics.
    Check {
        /// Rule files or directories (searched for `*.phr`); `-` reads standard input.
        #[arg(default_value = "rules")]
        paths: Vec<PathBuf>,
        /// Apply every machine-applicable fix to the files, then report what remains.
        #[arg(long)]
        fix: bool,
        #[command(flatten)]
        diagnostics: DiagnosticArgs,
    },
    /// Compile a rule set and write the result (only when it has no errors).
    Build {
        #[arg(default_value = "rules")]
        paths: Vec<PathBuf>,
        /// What to produce.
        #[arg(long, value_enum, default_value_t = EmitArg::Json)]
        emit: EmitArg,
        /// Where to write it; `-` writes to standard output.
        #[arg(short, long)]
        output: PathBuf,
        /// Write nothing; exit 1 if the output file is missing or out of date (for CI, when
        /// the generated file is committed).
        #[arg(long)]
        check: bool,
        /// With `--emit rust`: `minimal` leaves out the derives and `Display` of phrase structs
        /// (much quicker for rustc on large rule sets).
        #[arg(long, value_enum, default_value_t = PhraseTraitsArg::Standard)]
        phrase_traits: PhraseTraitsArg,
        /// With `--emit rust`: `omit` leaves out the static table of articles (`ARTICLES`,
        /// `SLOTS`, `article(n)`).
        #[arg(long, value_enum, default_value_t = TableArg::Include)]
        table: TableArg,
        #[command(flatten)]
        diagnostics: DiagnosticArgs,
    },
    /// Print the phrase(s) of one article as staff would say them.
    Render {
        #[arg(default_value = "rules")]
        paths: Vec<PathBuf>,
        /// The article number, e.g. 45.
        #[arg(long)]
        article: u32,
        /// Render for this customer segment (sub-cases for other segments are left out).
        #[arg(long)]
        segment: Option<String>,
        /// A slot value, `NAME=VALUE`; repeat for several slots.
        #[arg(long = "slot", value_parser = parse_key_value)]
        slots: Vec<(String, String)>,
        /// Show only the canonical choice of free variations, or all of them.
        #[arg(long, value_enum, default_value_t = VariantsArg::Canonical)]
        variants: VariantsArg,
        #[command(flatten)]
        diagnostics: DiagnosticArgs,
    },
    /// Format rule files in the canonical layout (comments and blank-line groups are kept).
    Fmt {
        /// Rule files or directories; `-` formats standard input to standard output.
        #[arg(default_value = "rules")]
        paths: Vec<PathBuf>,
        /// Write nothing; exit 1 if a file would change.
        #[arg(long)]
        check: bool,
        /// Write nothing; print a unified diff of what would change (exit 1 if any).
        #[arg(long)]
        diff: bool,
        #[command(flatten)]
        diagnostics: DiagnosticArgs,
    },
    /// Compare two rule sets: paths, or git revisions (`phrasec diff main HEAD -- rules`).
    Diff {
        /// The old rule set: a path, or a git revision.
        old: String,
        /// The new rule set: a path, or a git revision.
        new: String,
        /// With revisions: the rule files or directories to compare (default `rules`).
        #[arg(last = true)]
        paths: Vec<PathBuf>,
        /// How the changes are printed.
        #[arg(long, value_enum, default_value_t = DiffFormatArg::Human)]
        output_format: DiffFormatArg,
        /// Exit with 1 when a change breaks callers of the generated code.
        #[arg(long)]
        deny_breaking: bool,
        #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
        color: ColorArg,
    },
    /// Explain a diagnostic code, e.g. `phrasec explain E0107`; without a code, list them all.
    Explain { code: Option<String> },
    /// Print the JSON Schema of the `--emit json` output.
    Schema,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Concise,
    Json,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// One JSON object per line.
    JsonLines,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormatArg {
    Human,
    Json,
    Markdown,
    JsonLines,
    Github,
    Gitlab,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum EmitArg {
    /// The JSON phrase table (`schema/phrasec.schema.json`).
    Json,
    /// A typed Rust phrase table (std-free; see `docs/codegen.md`).
    Rust,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PhraseTraitsArg {
    /// `Clone, Copy, Debug` and `Display` for every phrase struct.
    Standard,
    /// Only the `render` method.
    Minimal,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TableArg {
    /// Generate the static table of articles.
    Include,
    /// Leave it out.
    Omit,
}

/// The `--emit rust` options of `build`, as the generator takes them.
fn rust_options(phrase_traits: PhraseTraitsArg, table: TableArg) -> emit::rust::Options {
    emit::rust::Options {
        phrase_traits: match phrase_traits {
            PhraseTraitsArg::Standard => emit::rust::PhraseTraits::Standard,
            PhraseTraitsArg::Minimal => emit::rust::PhraseTraits::Minimal,
        },
        table: match table {
            TableArg::Include => emit::rust::Table::Include,
            TableArg::Omit => emit::rust::Table::Omit,
        },
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum VariantsArg {
    Canonical,
    All,
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!("expected NAME=VALUE, found `{text}`")),
    }
}

/// `check --fix` stops after this many rounds of fixes.
const MAX_FIX_ROUNDS: usize = 10;

const EXIT_CLEAN: u8 = 0;
const EXIT_ERRORS: u8 = 1;
const EXIT_FAILURE: u8 = 2;

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_CLEAN
            });
        }
    };
    ExitCode::from(match cli.command {
        Command::Check {
            paths,
            fix,
            diagnostics,
        } => {
            let mode = if fix { FixMode::Apply } else { FixMode::Report };
            check(&paths, &diagnostics, mode)
        }
        Command::Build {
            paths,
            emit,
            output,
            check,
            phrase_traits,
            table,
            diagnostics,
        } => {
            let mode = if check {
                BuildMode::Check
            } else {
                BuildMode::Write
            };
            match emit {
                EmitArg::Json
                    if phrase_traits != PhraseTraitsArg::Standard || table != TableArg::Include =>
                {
                    eprintln!(
                        "error: `--phrase-traits` and `--table` apply to `--emit rust` only\n\n\
                         help: drop them, or add `--emit rust`"
                    );
                    EXIT_FAILURE
                }
                EmitArg::Json => build(&paths, Output::Json, &output, mode, &diagnostics),
                EmitArg::Rust => {
                    let options = rust_options(phrase_traits, table);
                    build(&paths, Output::Rust(options), &output, mode, &diagnostics)
                }
            }
        }
        Command::Render {
            paths,
            article,
            segment,
            slots,
            variants,
            diagnostics,
        } => render(
            &paths,
            article,
            segment.as_deref(),
            &slots,
            variants,
            &diagnostics,
        ),
        Command::Fmt {
            paths,
            check,
            diff,
            diagnostics,
        } => {
            let mode = match (check, diff) {
                (_, true) => FmtMode::Diff,
                (true, false) => FmtMode::Check,
                (false, false) => FmtMode::Write,
            };
            format_files(&paths, mode, &diagnostics)
        }
        Command::Diff {
            old,
            new,
            paths,
            output_format,
            deny_breaking,
            color,
        } => semantic_diff(&old, &new, &paths, output_format, deny_breaking, color),
        Command::Explain { code } => explain(code.as_deref()),
        Command::Schema => {
            let _ = write_stdout(&emit::json::schema_json());
            EXIT_CLEAN
        }
    })
}

impl DiagnosticArgs {
    fn format(&self) -> OutputFormat {
        match self.output_format {
            FormatArg::Human => OutputFormat::Human,
            FormatArg::Concise => OutputFormat::Concise,
            FormatArg::Json => OutputFormat::Json,
            FormatArg::Sarif => OutputFormat::Sarif,
            FormatArg::Github => OutputFormat::Github,
            FormatArg::Gitlab => OutputFormat::Gitlab,
            FormatArg::JsonLines => OutputFormat::JsonLines,
        }
    }

    /// Whether file names should be relative to the repository root (for annotations).
    fn wants_repository_paths(&self) -> bool {
        matches!(
            self.output_format,
            FormatArg::Sarif | FormatArg::Github | FormatArg::Gitlab
        )
    }

    fn coloring(&self, stream_is_terminal: bool) -> Coloring {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        match self.color {
            ColorArg::Always => Coloring::Ansi,
            ColorArg::Never => Coloring::Plain,
            ColorArg::Auto if stream_is_terminal && !no_color => Coloring::Ansi,
            ColorArg::Auto => Coloring::Plain,
        }
    }
}

/// Reads every input; on failure prints an E0006 diagnostic and returns `None`.
fn read_inputs(paths: &[PathBuf], args: &DiagnosticArgs) -> Option<Vec<Input>> {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if let Err(diagnostic) = collect_inputs(path, &mut inputs) {
            failures.push(diagnostic);
        }
    }
    if failures.is_empty() {
        return Some(inputs);
    }
    let text = render_diagnostics(
        &SourceMap::new(),
        &failures,
        args.format(),
        args.coloring(std::io::stderr().is_terminal()),
    );
    eprint!("{text}");
    None
}

fn summary(compilation: &Compilation, n_files: usize) -> String {
    let n_errors = compilation
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let n_warnings = compilation.diagnostics.len() - n_errors;
    let plural = |count: usize, word: &str| {
        if count == 1 {
            format!("{count} {word}")
        } else {
            format!("{count} {word}s")
        }
    };
    format!(
        "checked {}, {}: {}, {}\n",
        plural(n_files, "file"),
        plural(compilation.model.articles.len(), "article"),
        plural(n_errors, "error"),
        plural(n_warnings, "warning"),
    )
}

/// Compiles the inputs, applying `--deny-warnings` and, for annotation formats, naming files
/// relative to the repository root.
fn compile_for(
    mut inputs: Vec<Input>,
    args: &DiagnosticArgs,
    config: Option<&Input>,
) -> Compilation {
    if args.wants_repository_paths() {
        let prefix = repository_prefix();
        for input in &mut inputs {
            if input.name != "<stdin>" && !Path::new(&input.name).is_absolute() {
                input.name = format!("{prefix}{}", input.name);
            }
        }
    }
    let mut compilation = phrasec::compile_owned(inputs, config);
    if args.deny_warnings {
        phrasec::diagnostics::deny_warnings(&mut compilation.diagnostics);
    }
    compilation
}

/// The configuration: `--config FILE`, or the first `phrasec.toml` found walking up from the
/// first input. An unreadable `--config` file is reported as a configuration error.
fn load_config(args: &DiagnosticArgs, paths: &[PathBuf]) -> Result<Option<Input>, String> {
    if let Some(path) = &args.config {
        let bytes = std::fs::read(path).map_err(|error| {
            format!(
                "cannot read `{}`: {}",
                path.display(),
                describe_io_error(&error)
            )
        })?;
        return Ok(Some(Input {
            name: display_name(path),
            bytes,
        }));
    }
    let Some(first) = paths.iter().find(|path| path.as_os_str() != "-") else {
        return Ok(None);
    };
    let Ok(current) = std::env::current_dir() else {
        return Ok(None);
    };
    let absolute = current.join(first);
    let start = if absolute.is_dir() {
        absolute
    } else {
        match absolute.parent() {
            Some(parent) => parent.to_path_buf(),
            None => return Ok(None),
        }
    };
    let Some(found) = start
        .ancestors()
        .map(|dir| dir.join(phrasec::config::FILE_NAME))
        .find(|candidate| candidate.is_file())
    else {
        return Ok(None);
    };
    let bytes = std::fs::read(&found).map_err(|error| {
        format!(
            "cannot read `{}`: {}",
            found.display(),
            describe_io_error(&error)
        )
    })?;
    Ok(Some(Input {
        name: display_name(&relative_to(&found, &current)),
        bytes,
    }))
}

/// The configuration, or the exit code after reporting why it cannot be read.
fn config_for(args: &DiagnosticArgs, paths: &[PathBuf]) -> Result<Option<Input>, u8> {
    load_config(args, paths).map_err(|message| {
        eprintln!("error: {message}");
        EXIT_FAILURE
    })
}

/// `path` relative to `base` (with `..` where needed); `path` itself when they share nothing.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path_parts: Vec<_> = path.components().collect();
    let base_parts: Vec<_> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut relative = PathBuf::new();
    for _ in common..base_parts.len() {
        relative.push("..");
    }
    for part in &path_parts[common..] {
        relative.push(part);
    }
    relative
}

/// Applies every machine-applicable fix to the files it belongs to; returns how many were
/// applied, or an I/O failure.
fn apply_fixes(compilation: &Compilation, inputs: &[Input]) -> Result<usize, String> {
    use std::collections::BTreeMap;
    let mut edits: BTreeMap<u32, Vec<&phrasec::diagnostics::Edit>> = BTreeMap::new();
    let mut n_fixes = 0;
    for diagnostic in &compilation.diagnostics {
        let Some(fix) = &diagnostic.fix else {
            continue;
        };
        if fix.applicability != phrasec::diagnostics::Applicability::MachineApplicable {
            continue;
        }
        n_fixes += 1;
        for edit in &fix.edits {
            edits.entry(edit.span.file.0).or_default().push(edit);
        }
    }
    let mut n_applied = 0;
    for (file_idx, mut file_edits) in edits {
        let Some(input) = inputs.get(file_idx as usize) else {
            continue;
        };
        if input.name == "<stdin>" {
            continue;
        }
        let mut text = compilation
            .sources
            .get(phrasec::source::FileId(file_idx))
            .text
            .to_string();
        // From the end, so earlier offsets stay valid; overlapping edits are skipped.
        file_edits.sort_by_key(|edit| std::cmp::Reverse((edit.span.start, edit.span.end)));
        let mut limit = usize::MAX;
        for edit in file_edits {
            let range = edit.span.range();
            if range.end > limit || range.end > text.len() {
                continue;
            }
            text.replace_range(range.clone(), &edit.replacement);
            limit = range.start;
            n_applied += 1;
        }
        write_atomically(Path::new(&input.name), text.as_bytes()).map_err(|error| {
            format!(
                "cannot write `{}`: {}",
                input.name,
                describe_io_error(&error)
            )
        })?;
    }
    let _ = n_fixes;
    Ok(n_applied)
}

/// The current directory relative to the enclosing git repository's root, as `sub/dir/`
/// (empty at the root or outside a repository).
fn repository_prefix() -> String {
    let Ok(current) = std::env::current_dir() else {
        return String::new();
    };
    let Some(root) = current.ancestors().find(|dir| dir.join(".git").exists()) else {
        return String::new();
    };
    let relative = current.strip_prefix(root).unwrap_or(Path::new(""));
    let text = display_name(relative);
    if text.is_empty() {
        text
    } else {
        format!("{text}/")
    }
}

fn check(paths: &[PathBuf], args: &DiagnosticArgs, fix: FixMode) -> u8 {
    let Some(mut inputs) = read_inputs(paths, args) else {
        return EXIT_FAILURE;
    };
    let config = match config_for(args, paths) {
        Ok(config) => config,
        Err(code) => return code,
    };
    if fix == FixMode::Apply {
        // Fixes can enable each other (`.。` becomes `。。`, then `。`): repeat until none apply.
        let mut n_total = 0;
        for _ in 0..MAX_FIX_ROUNDS {
            let before = phrasec::compile_with_config(&inputs, config.as_ref());
            match apply_fixes(&before, &inputs) {
                Ok(0) => break,
                Ok(n_applied) => {
                    n_total += n_applied;
                    let Some(reread) = read_inputs(paths, args) else {
                        return EXIT_FAILURE;
                    };
                    inputs = reread;
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    return EXIT_FAILURE;
                }
            }
        }
        if n_total > 0 {
            eprintln!(
                "fixed {n_total} problem{}",
                if n_total == 1 { "" } else { "s" }
            );
        }
    }
    let n_files = inputs.len();
    let compilation = compile_for(inputs, args, config.as_ref());
    let text = render_diagnostics(
        &compilation.sources,
        &compilation.diagnostics,
        args.format(),
        args.coloring(std::io::stdout().is_terminal()),
    );
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    if matches!(args.format(), OutputFormat::Human | OutputFormat::Concise) {
        let _ = stdout.write_all(summary(&compilation, n_files).as_bytes());
    }
    if compilation.has_errors() {
        EXIT_ERRORS
    } else {
        EXIT_CLEAN
    }
}

/// Prints diagnostics of a compilation to stderr.
fn report(compilation: &Compilation, diagnostics: &[Diagnostic], args: &DiagnosticArgs) {
    if diagnostics.is_empty() {
        return;
    }
    let text = render_diagnostics(
        &compilation.sources,
        diagnostics,
        args.format(),
        args.coloring(std::io::stderr().is_terminal()),
    );
    eprint!("{text}");
}

/// What `build` produces.
#[derive(Clone, Copy)]
enum Output {
    Json,
    Rust(emit::rust::Options),
}

/// Whether `build` writes its output or only compares it with the file on disk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BuildMode {
    Write,
    Check,
}

fn build(
    paths: &[PathBuf],
    output_kind: Output,
    output: &Path,
    mode: BuildMode,
    args: &DiagnosticArgs,
) -> u8 {
    let Some(inputs) = read_inputs(paths, args) else {
        return EXIT_FAILURE;
    };
    let config = match config_for(args, paths) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let compilation = compile_for(inputs, args, config.as_ref());
    report(&compilation, &compilation.diagnostics, args);
    if compilation.has_errors() {
        eprintln!("error: no output written: the rule set has errors");
        return EXIT_ERRORS;
    }
    let text = match output_kind {
        Output::Json => emit::json::to_json(&emit::json::document(
            &compilation.model,
            &compilation.sources,
        )),
        Output::Rust(options) => emit::rust::generate_with(&compilation.model, options),
    };
    if mode == BuildMode::Check {
        let current = std::fs::read(output).unwrap_or_default();
        if current == text.as_bytes() {
            return EXIT_CLEAN;
        }
        eprintln!(
            "error: `{}` is out of date: run `phrasec build` without `--check` to regenerate it",
            output.display()
        );
        return EXIT_ERRORS;
    }
    if output.as_os_str() == "-" {
        if let Err(error) = write_stdout(&text) {
            eprintln!(
                "error: cannot write to standard output: {}",
                describe_io_error(&error)
            );
            return EXIT_FAILURE;
        }
        return EXIT_CLEAN;
    }
    match write_atomically(output, text.as_bytes()) {
        Ok(()) => EXIT_CLEAN,
        Err(error) => {
            eprintln!(
                "error: cannot write `{}`: {}",
                output.display(),
                describe_io_error(&error)
            );
            EXIT_FAILURE
        }
    }
}

/// Writes to standard output; a closed pipe (`phrasec explain | head -1`) is an error, not a
/// panic as with `print!`.
fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

fn render(
    paths: &[PathBuf],
    article: u32,
    segment: Option<&str>,
    slots: &[(String, String)],
    variants: VariantsArg,
    args: &DiagnosticArgs,
) -> u8 {
    let Some(inputs) = read_inputs(paths, args) else {
        return EXIT_FAILURE;
    };
    let config = match config_for(args, paths) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let compilation = compile_for(inputs, args, config.as_ref());
    if compilation.has_errors() {
        report(&compilation, &compilation.diagnostics, args);
        return EXIT_ERRORS;
    }
    let model = &compilation.model;
    let mut problems = Vec::new();
    let segment_idx = segment.and_then(|name| {
        let found = model.segment_by_name(name);
        if found.is_none() {
            let names: Vec<&str> = model.segments.iter().map(|s| s.name.as_str()).collect();
            problems.push(
                Diagnostic::new(
                    Code::E0102,
                    format!("there is no customer segment `{name}`"),
                )
                .help(format!("the segments are {}", names.join(", "))),
            );
        }
        found
    });
    let (values, slot_problems) = parse_slot_arguments(model, slots);
    problems.extend(slot_problems);
    if !problems.is_empty() {
        report(&compilation, &problems, args);
        return EXIT_ERRORS;
    }
    let options = RenderOptions {
        segment: segment_idx,
        values,
        variants: match variants {
            VariantsArg::Canonical => Variants::Canonical,
            VariantsArg::All => Variants::All,
        },
    };
    match render_article(model, article, &options) {
        Ok(rendered) => {
            let _ = write_stdout(&to_text(&rendered));
            EXIT_CLEAN
        }
        Err(diagnostic) => {
            report(&compilation, &[diagnostic], args);
            EXIT_ERRORS
        }
    }
}

/// Whether `check` applies fixes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FixMode {
    Report,
    Apply,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FmtMode {
    Write,
    Check,
    Diff,
}

fn format_files(paths: &[PathBuf], mode: FmtMode, args: &DiagnosticArgs) -> u8 {
    let Some(inputs) = read_inputs(paths, args) else {
        return EXIT_FAILURE;
    };
    let mut status = EXIT_CLEAN;
    for input in &inputs {
        // Only decoding and parsing are needed; the full compilation runs just to report
        // why a file cannot be formatted.
        let decoded = phrasec::syntax::decode(phrasec::source::FileId(0), &input.bytes);
        let formatted = match decoded.diagnostics.is_empty() {
            true => phrasec::fmt::format_source(&decoded.text).ok(),
            false => None,
        };
        let Some(formatted) = formatted else {
            let compilation = compile(std::slice::from_ref(input));
            let syntax_errors: Vec<Diagnostic> = compilation
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            report(&compilation, &syntax_errors, args);
            eprintln!(
                "error: `{}` has syntax errors and was not formatted",
                input.name
            );
            status = EXIT_ERRORS;
            continue;
        };
        if input.name == "<stdin>" {
            print!("{formatted}");
            continue;
        }
        let original = String::from_utf8_lossy(&input.bytes);
        if formatted == original {
            continue;
        }
        match mode {
            FmtMode::Check => {
                println!("would reformat {}", input.name);
                status = EXIT_ERRORS;
            }
            FmtMode::Diff => {
                let diff = similar::TextDiff::from_lines(original.as_ref(), formatted.as_str());
                print!(
                    "{}",
                    diff.unified_diff()
                        .header(&input.name, &format!("{} (formatted)", input.name))
                );
                status = EXIT_ERRORS;
            }
            FmtMode::Write => {
                if let Err(error) = write_atomically(Path::new(&input.name), formatted.as_bytes()) {
                    eprintln!(
                        "error: cannot write `{}`: {}",
                        input.name,
                        describe_io_error(&error)
                    );
                    return EXIT_FAILURE;
                }
            }
        }
    }
    status
}

/// Reads a rule set for `diff`: a path on disk, or the `*.phr` files of `paths` at a git
/// revision.
fn rule_set_at(spec: &str, paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    let path = Path::new(spec);
    if path.exists() {
        let mut inputs = Vec::new();
        collect_inputs(path, &mut inputs).map_err(|diagnostic| diagnostic.message)?;
        return Ok(inputs);
    }
    let default_paths = [PathBuf::from("rules")];
    let paths = if paths.is_empty() {
        &default_paths[..]
    } else {
        paths
    };
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let output = std::process::Command::new("git")
            .args(args)
            .output()
            .map_err(|error| format!("cannot run git: {}", describe_io_error(&error)))?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(format!(
                "`{spec}` is neither a path nor a git revision: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    };
    let mut list_args = vec!["ls-tree", "-r", "--name-only", spec, "--"];
    let path_texts: Vec<String> = paths.iter().map(|p| display_name(p)).collect();
    list_args.extend(path_texts.iter().map(String::as_str));
    let listing = git(&list_args)?;
    let mut names: Vec<String> = String::from_utf8_lossy(&listing)
        .lines()
        .filter(|name| name.ends_with(".phr"))
        .map(str::to_owned)
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!(
            "no `.phr` files under {} at `{spec}`",
            path_texts.join(", ")
        ));
    }
    names
        .into_iter()
        .map(|name| {
            let bytes = git(&["show", &format!("{spec}:./{name}")])?;
            Ok(Input { name, bytes })
        })
        .collect()
}

fn semantic_diff(
    old: &str,
    new: &str,
    paths: &[PathBuf],
    format: DiffFormatArg,
    deny_breaking: bool,
    color: ColorArg,
) -> u8 {
    let mut compiled = Vec::new();
    for spec in [old, new] {
        let inputs = match rule_set_at(spec, paths) {
            Ok(inputs) => inputs,
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_FAILURE;
            }
        };
        let compilation = compile(&inputs);
        if compilation.has_errors() {
            let errors: Vec<Diagnostic> = compilation
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            eprint!(
                "{}",
                render_diagnostics(
                    &compilation.sources,
                    &errors,
                    OutputFormat::Concise,
                    Coloring::Plain
                )
            );
            eprintln!("error: `{spec}` has errors; fix them before comparing");
            return EXIT_ERRORS;
        }
        compiled.push(compilation);
    }
    let report = phrasec::diff::diff(&compiled[0].model, &compiled[1].model);
    let coloring = DiagnosticArgs {
        output_format: FormatArg::Human,
        color,
        deny_warnings: false,
        config: None,
    }
    .coloring(std::io::stdout().is_terminal());
    let format = match format {
        DiffFormatArg::Human => phrasec::diff::render::DiffFormat::Human,
        DiffFormatArg::Json => phrasec::diff::render::DiffFormat::Json,
        DiffFormatArg::Markdown => phrasec::diff::render::DiffFormat::Markdown,
        DiffFormatArg::JsonLines => phrasec::diff::render::DiffFormat::JsonLines,
        DiffFormatArg::Github => phrasec::diff::render::DiffFormat::Github,
        DiffFormatArg::Gitlab => phrasec::diff::render::DiffFormat::Gitlab,
        DiffFormatArg::Sarif => phrasec::diff::render::DiffFormat::Sarif,
    };
    let sources = phrasec::diff::render::Sources {
        old: &compiled[0].sources,
        new: &compiled[1].sources,
    };
    let text = phrasec::diff::render::render_located(&report, format, coloring, &sources);
    if write_stdout(&text).is_err() {
        return EXIT_FAILURE;
    }
    if deny_breaking && report.has_breaking() {
        EXIT_ERRORS
    } else {
        EXIT_CLEAN
    }
}

fn explain(code: Option<&str>) -> u8 {
    let Some(code) = code else {
        let mut text = String::new();
        for info in CODES {
            text += &format!(
                "{}  {:<8} {:<24} {}\n",
                info.code,
                info.severity.as_str(),
                info.name,
                info.summary
            );
        }
        let _ = write_stdout(&text);
        return EXIT_CLEAN;
    };
    match lookup(code) {
        Some(info) => {
            let mut text = info.explanation.to_owned();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            let _ = write_stdout(&text);
            EXIT_CLEAN
        }
        None => {
            eprintln!(
                "error: there is no diagnostic code `{code}`\n  = help: run `phrasec explain` to list every code"
            );
            EXIT_FAILURE
        }
    }
}
