//! The command line (clap): the only module that reads files, writes files or prints.
//!
//! Exit codes: 0 clean (warnings allowed), 1 errors found, 2 usage or I/O failure.

mod fix;
mod streams;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use phrasec::builder::Emit;
use phrasec::diagnostics::{
    CODES, Code, Coloring, Diagnostic, OutputFormat, Severity, lookup, render_diagnostics,
};
use phrasec::diff::render::DiffFormat;
use phrasec::emit::rust::{PhraseTraits, Table};
use phrasec::io::{
    Origin, OutputTarget, ReadOptions, Role, RuleFiles, Scope, WriteError, describe_io_error,
    display_name, read_rule_files, refuse_output_among_inputs, relative_to, repository_name,
    repository_root, write_atomically,
};
use phrasec::render::{RenderOptions, Variants, parse_slot_arguments, render_article, to_text};
use phrasec::source::SourceMap;
use phrasec::{Compilation, Input, compile, emit};
use streams::{EXIT_FAILURE, Stdout, StdoutUse, Stream, write_stderr};

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
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    output_format: OutputFormat,
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
    /// The path that standard input (`-`) stands for: names it in messages, and finds the
    /// rule set it belongs to (the file on disk at that path is replaced by standard input).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
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
        #[arg(long, value_enum, default_value_t = Emit::Json)]
        emit: Emit,
        /// Where to write it; `-` writes to standard output.
        #[arg(short, long)]
        output: PathBuf,
        /// Write nothing; exit 1 if the output file is missing or out of date (for CI, when
        /// the generated file is committed).
        #[arg(long)]
        check: bool,
        /// With `--emit rust`: `minimal` leaves out the derives and `Display` of phrase structs
        /// (much quicker for rustc on large rule sets).
        #[arg(long, value_enum, default_value_t = PhraseTraits::Standard)]
        phrase_traits: PhraseTraits,
        /// With `--emit rust`: `omit` leaves out the static table of articles (`ARTICLES`,
        /// `SLOTS`, `article(n)`).
        #[arg(long, value_enum, default_value_t = Table::Include)]
        table: Table,
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
        #[arg(long, value_enum, default_value_t = Variants::Canonical)]
        variants: Variants,
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
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        output_format: DiffFormat,
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
enum ColorArg {
    Auto,
    Always,
    Never,
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!("expected NAME=VALUE, found `{text}`")),
    }
}

const EXIT_CLEAN: u8 = 0;
const EXIT_ERRORS: u8 = 1;

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
    let mut stdout = Stdout::new();
    let status = match cli.command {
        Command::Check {
            paths,
            fix,
            diagnostics,
        } => {
            let mode = if fix {
                fix::FixMode::Apply
            } else {
                fix::FixMode::Report
            };
            check(&paths, &diagnostics, mode, &mut stdout)
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
                Emit::Json
                    if phrase_traits != PhraseTraits::Standard || table != Table::Include =>
                {
                    write_stderr(
                        "error: `--phrase-traits` and `--table` apply to `--emit rust` only\n\n\
                         help: drop them, or add `--emit rust`\n",
                    );
                    EXIT_FAILURE
                }
                Emit::Json => build(
                    &paths,
                    Output::Json,
                    &output,
                    mode,
                    &diagnostics,
                    &mut stdout,
                ),
                Emit::Rust => {
                    let options = emit::rust::Options {
                        phrase_traits,
                        table,
                    };
                    build(
                        &paths,
                        Output::Rust(options),
                        &output,
                        mode,
                        &diagnostics,
                        &mut stdout,
                    )
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
            &mut stdout,
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
            format_files(&paths, mode, &diagnostics, &mut stdout)
        }
        Command::Diff {
            old,
            new,
            paths,
            output_format,
            deny_breaking,
            color,
        } => semantic_diff(
            &old,
            &new,
            &paths,
            output_format,
            deny_breaking,
            color,
            &mut stdout,
        ),
        Command::Explain { code } => explain(code.as_deref(), &mut stdout),
        Command::Schema => {
            stdout.write(&emit::json::schema_json());
            EXIT_CLEAN
        }
    };
    ExitCode::from(stdout.finish(status))
}

impl DiagnosticArgs {
    /// Whether file names should be relative to the repository root (for annotations).
    fn wants_repository_paths(&self) -> bool {
        matches!(
            self.output_format,
            OutputFormat::Sarif | OutputFormat::Github | OutputFormat::Gitlab
        )
    }

    /// Whether the format is read by a program: such output always goes to standard output
    /// (unless that carries the command's product) and stays one valid document.
    fn is_machine_format(&self) -> bool {
        !matches!(
            self.output_format,
            OutputFormat::Human | OutputFormat::Concise
        )
    }

    /// Where diagnostics go: machine formats to standard output when it is free, human text
    /// to standard error (except for `check`, whose product is the diagnostics).
    fn stream(&self, stdout_use: StdoutUse) -> Stream {
        match (self.is_machine_format(), stdout_use) {
            (true, StdoutUse::Free) => Stream::Stdout,
            _ => Stream::Stderr,
        }
    }

    fn coloring(&self, stream: Stream) -> Coloring {
        let stream_is_terminal = match stream {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        };
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        match self.color {
            ColorArg::Always => Coloring::Ansi,
            ColorArg::Never => Coloring::Plain,
            ColorArg::Auto if stream_is_terminal && !no_color => Coloring::Ansi,
            ColorArg::Auto => Coloring::Plain,
        }
    }

    fn read_options(&self, scope: Scope) -> ReadOptions {
        ReadOptions {
            scope,
            stdin_name: self.stdin_filename.clone(),
        }
    }

    /// Prints diagnostics to `stream` in the chosen format.
    fn emit(
        &self,
        sources: &SourceMap,
        diagnostics: &[Diagnostic],
        stream: Stream,
        stdout: &mut Stdout,
    ) {
        let text = render_diagnostics(
            sources,
            diagnostics,
            self.output_format,
            self.coloring(stream),
        );
        match stream {
            Stream::Stdout => stdout.write(&text),
            Stream::Stderr => write_stderr(&text),
        }
    }

    /// Reports problems that stop the command before anything is compiled (unreadable inputs,
    /// a bad configuration file, a refused output): in a machine format, as one valid document.
    fn fail(&self, problems: &[Diagnostic], stdout_use: StdoutUse, stdout: &mut Stdout) -> u8 {
        self.emit(&SourceMap::new(), problems, self.stream(stdout_use), stdout);
        EXIT_FAILURE
    }

    /// Reads the rule files of `paths`, or reports why they cannot be read.
    fn read(
        &self,
        paths: &[PathBuf],
        scope: Scope,
        stdout_use: StdoutUse,
        stdout: &mut Stdout,
    ) -> Result<RuleFiles, u8> {
        let read = read_rule_files(paths, &self.read_options(scope));
        if read.problems.is_empty() {
            return Ok(read);
        }
        Err(self.fail(&read.problems, stdout_use, stdout))
    }
}

/// A file, or `file of a rule set of N files` when context files were read.
fn summary(
    compilation: &Compilation,
    shown: &[Diagnostic],
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
    let mut text = format!(
        "checked {files}, {}: {}, {}\n",
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

/// Compiles the rule files, applying `--deny-warnings` and, for annotation formats, naming
/// files relative to the repository root.
fn compile_for(
    rule_files: &RuleFiles,
    args: &DiagnosticArgs,
    config: Option<&Input>,
) -> Compilation {
    let mut inputs = rule_files.inputs();
    let mut config = config.cloned();
    if args.wants_repository_paths()
        && let Ok(current) = std::env::current_dir()
    {
        let root = repository_root(&current);
        for (input, file) in inputs.iter_mut().zip(&rule_files.files) {
            let path = match &file.origin {
                Origin::File(path) => Some(path.as_path()),
                Origin::Stdin => args.stdin_filename.as_deref(),
            };
            if let Some(path) = path {
                input.name = repository_name(path, &current, &root);
            }
        }
        if let Some(config) = &mut config {
            config.name = repository_name(Path::new(&config.name), &current, &root);
        }
    }
    let mut compilation = phrasec::compile_owned(inputs, config.as_ref());
    if args.deny_warnings {
        phrasec::diagnostics::deny_warnings(&mut compilation.diagnostics);
    }
    compilation
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
        .filter(|diagnostic| {
            diagnostic.primary_span().is_none_or(|span| {
                rule_files
                    .files
                    .get(span.file.0 as usize)
                    .is_none_or(|file| file.role == Role::Given)
            })
        })
        .cloned()
        .collect();
    let n_hidden = compilation.diagnostics.len() - shown.len();
    (shown, n_hidden)
}

/// The configuration: `--config FILE`, or the first `phrasec.toml` found walking up from the
/// first input. An unreadable `--config` file is reported as a configuration error.
fn load_config(args: &DiagnosticArgs, paths: &[PathBuf]) -> Result<Option<Input>, Diagnostic> {
    let unreadable = |path: &Path, error: std::io::Error| {
        Diagnostic::new(
            Code::E0007,
            format!(
                "cannot read `{}`: {}",
                display_name(path),
                describe_io_error(&error)
            ),
        )
        .help("check the path of the configuration file and its permissions")
    };
    if let Some(path) = &args.config {
        let bytes = std::fs::read(path).map_err(|error| unreadable(path, error))?;
        return Ok(Some(Input {
            name: display_name(path),
            bytes,
        }));
    }
    let first = paths.iter().find_map(|path| match path.as_os_str() == "-" {
        true => args.stdin_filename.as_ref(),
        false => Some(path),
    });
    let Some(first) = first else {
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
    let bytes = std::fs::read(&found).map_err(|error| unreadable(&found, error))?;
    Ok(Some(Input {
        name: display_name(&relative_to(&found, &current)),
        bytes,
    }))
}

fn check(paths: &[PathBuf], args: &DiagnosticArgs, fix: fix::FixMode, stdout: &mut Stdout) -> u8 {
    let mut rule_files = match args.read(paths, Scope::RuleSet, StdoutUse::Free, stdout) {
        Ok(rule_files) => rule_files,
        Err(code) => return code,
    };
    let config = match load_config(args, paths) {
        Ok(config) => config,
        Err(problem) => return args.fail(&[problem], StdoutUse::Free, stdout),
    };
    if fix == fix::FixMode::Apply {
        match fix::apply_until_fixed(&mut rule_files, config.as_ref()) {
            Ok(0) => {}
            Ok(n_fixed) => write_stderr(&format!(
                "fixed {n_fixed} problem{}\n",
                if n_fixed == 1 { "" } else { "s" }
            )),
            Err(problem) => return args.fail(&[problem], StdoutUse::Free, stdout),
        }
    }
    let compilation = compile_for(&rule_files, args, config.as_ref());
    let (shown, n_hidden) = given_files_diagnostics(&compilation, &rule_files);
    args.emit(&compilation.sources, &shown, Stream::Stdout, stdout);
    if !args.is_machine_format() {
        stdout.write(&summary(&compilation, &shown, &rule_files, n_hidden));
    }
    if phrasec::diagnostics::has_errors(&shown) {
        EXIT_ERRORS
    } else {
        EXIT_CLEAN
    }
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

/// E0008 for an output that is refused or cannot be written.
fn unwritable(output: &Path, error: &WriteError) -> Diagnostic {
    let name = display_name(output);
    match error {
        WriteError::Refused(_) => {
            Diagnostic::new(Code::E0008, format!("refusing to write `{name}`: {error}")).help(
                "write the output elsewhere, e.g. `-o phrases.json`, or `-o -` for standard output",
            )
        }
        WriteError::Io(_) => {
            Diagnostic::new(Code::E0008, format!("cannot write `{name}`: {error}"))
                .help("check that the output's folder exists and is writable")
        }
    }
}

fn build(
    paths: &[PathBuf],
    output_kind: Output,
    output: &Path,
    mode: BuildMode,
    args: &DiagnosticArgs,
    stdout: &mut Stdout,
) -> u8 {
    let to_stdout = output.as_os_str() == "-";
    let stdout_use = if to_stdout {
        StdoutUse::Product
    } else {
        StdoutUse::Free
    };
    let rule_files = match args.read(paths, Scope::RuleSet, stdout_use, stdout) {
        Ok(rule_files) => rule_files,
        Err(code) => return code,
    };
    // Refused outputs are reported before anything is compiled or written.
    let target = match (to_stdout, mode) {
        (true, _) | (false, BuildMode::Check) => None,
        (false, BuildMode::Write) => {
            let resolved = refuse_output_among_inputs(output, &rule_files)
                .map_err(WriteError::Refused)
                .and_then(|()| OutputTarget::resolve(output));
            match resolved {
                Ok(target) => Some(target),
                Err(error) => return args.fail(&[unwritable(output, &error)], stdout_use, stdout),
            }
        }
    };
    let config = match load_config(args, paths) {
        Ok(config) => config,
        Err(problem) => return args.fail(&[problem], stdout_use, stdout),
    };
    let compilation = compile_for(&rule_files, args, config.as_ref());
    let stream = args.stream(stdout_use);
    if !compilation.diagnostics.is_empty() || stream == Stream::Stdout {
        args.emit(
            &compilation.sources,
            &compilation.diagnostics,
            stream,
            stdout,
        );
    }
    if compilation.has_errors() {
        write_stderr("error: no output written: the rule set has errors\n");
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
        write_stderr(&format!(
            "error: `{}` is out of date: run `phrasec build` without `--check` to regenerate it\n",
            display_name(output)
        ));
        return EXIT_ERRORS;
    }
    let Some(target) = target else {
        stdout.write(&text);
        return EXIT_CLEAN;
    };
    match target.replace_with(text.as_bytes()) {
        Ok(()) => EXIT_CLEAN,
        Err(error) => {
            // The diagnostics may have gone to standard output: the failure goes to stderr.
            write_stderr(&render_diagnostics(
                &SourceMap::new(),
                &[unwritable(output, &error)],
                OutputFormat::Human,
                Coloring::Plain,
            ));
            EXIT_FAILURE
        }
    }
}

fn render(
    paths: &[PathBuf],
    article: u32,
    segment: Option<&str>,
    slots: &[(String, String)],
    variants: Variants,
    args: &DiagnosticArgs,
    stdout: &mut Stdout,
) -> u8 {
    let rule_files = match args.read(paths, Scope::RuleSet, StdoutUse::Free, stdout) {
        Ok(rule_files) => rule_files,
        Err(code) => return code,
    };
    let config = match load_config(args, paths) {
        Ok(config) => config,
        Err(problem) => return args.fail(&[problem], StdoutUse::Free, stdout),
    };
    let compilation = compile_for(&rule_files, args, config.as_ref());
    let stream = args.stream(StdoutUse::Free);
    if compilation.has_errors() {
        args.emit(
            &compilation.sources,
            &compilation.diagnostics,
            stream,
            stdout,
        );
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
        args.emit(&compilation.sources, &problems, stream, stdout);
        return EXIT_ERRORS;
    }
    let options = RenderOptions {
        segment: segment_idx,
        values,
        variants,
    };
    match render_article(model, article, &options) {
        Ok(rendered) => {
            stdout.write(&to_text(&rendered));
            EXIT_CLEAN
        }
        Err(diagnostic) => {
            args.emit(&compilation.sources, &[diagnostic], stream, stdout);
            EXIT_ERRORS
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FmtMode {
    Write,
    Check,
    Diff,
}

fn format_files(
    paths: &[PathBuf],
    mode: FmtMode,
    args: &DiagnosticArgs,
    stdout: &mut Stdout,
) -> u8 {
    let reads_stdin = paths.iter().any(|path| path.as_os_str() == "-");
    let stdout_use = if reads_stdin {
        StdoutUse::Product
    } else {
        StdoutUse::Free
    };
    let rule_files = match args.read(paths, Scope::AsGiven, stdout_use, stdout) {
        Ok(rule_files) => rule_files,
        Err(code) => return code,
    };
    let mut status = EXIT_CLEAN;
    for file in &rule_files.files {
        let input = &file.input;
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
            args.emit(
                &compilation.sources,
                &syntax_errors,
                args.stream(stdout_use),
                stdout,
            );
            write_stderr(&format!(
                "error: `{}` has syntax errors and was not formatted\n",
                input.name
            ));
            status = EXIT_ERRORS;
            continue;
        };
        let Some(path) = file.path() else {
            stdout.write(&formatted);
            continue;
        };
        let original = String::from_utf8_lossy(&input.bytes);
        if formatted == original {
            continue;
        }
        match mode {
            FmtMode::Check => {
                stdout.write(&format!("would reformat {}\n", input.name));
                status = EXIT_ERRORS;
            }
            FmtMode::Diff => {
                let diff = similar::TextDiff::from_lines(original.as_ref(), formatted.as_str());
                stdout.write(
                    &diff
                        .unified_diff()
                        .header(&input.name, &format!("{} (formatted)", input.name))
                        .to_string(),
                );
                status = EXIT_ERRORS;
            }
            FmtMode::Write => {
                if let Err(error) = write_atomically(path, formatted.as_bytes()) {
                    return args.fail(&[unwritable(path, &error)], stdout_use, stdout);
                }
            }
        }
    }
    status
}

/// Reads a rule set for `diff`: a path on disk, or the `*.phr` files of `paths` at a git
/// revision; each file with its path (relative to the current folder).
fn rule_set_at(spec: &str, paths: &[PathBuf]) -> Result<Vec<(PathBuf, Input)>, Diagnostic> {
    let path = Path::new(spec);
    if path.exists() {
        let options = ReadOptions {
            scope: Scope::AsGiven,
            stdin_name: None,
        };
        let read = read_rule_files(&[path.to_path_buf()], &options);
        if let Some(problem) = read.problems.into_iter().next() {
            return Err(problem);
        }
        return Ok(read
            .files
            .into_iter()
            .map(|file| {
                let path = file.path().map(Path::to_path_buf).unwrap_or_default();
                (path, file.input)
            })
            .collect());
    }
    git_rule_set(spec, paths).map_err(|reason| {
        Diagnostic::new(Code::E0006, format!("cannot read `{spec}`: {reason}"))
            .help("give a rule file, a folder of rule files, or a git revision")
    })
}

/// The `*.phr` files of `paths` at the git revision `spec`. Names are listed NUL-separated
/// (`-z`), so that git does not quote names that are not ASCII.
fn git_rule_set(spec: &str, paths: &[PathBuf]) -> Result<Vec<(PathBuf, Input)>, String> {
    let default_paths = [PathBuf::from("rules")];
    let paths = if paths.is_empty() {
        &default_paths[..]
    } else {
        paths
    };
    let git = |args: &[&std::ffi::OsStr]| -> Result<Vec<u8>, String> {
        let output = std::process::Command::new("git")
            .args(args)
            .output()
            .map_err(|error| format!("cannot run git: {}", describe_io_error(&error)))?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(format!(
                "it is neither a path nor a git revision: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    };
    let mut list_args: Vec<&std::ffi::OsStr> = ["ls-tree", "-r", "-z", "--name-only", spec, "--"]
        .into_iter()
        .map(std::ffi::OsStr::new)
        .collect();
    list_args.extend(paths.iter().map(|path| path.as_os_str()));
    let listing = git(&list_args)?;
    let mut names: Vec<PathBuf> = listing
        .split(|&byte| byte == 0)
        .filter(|name| name.ends_with(b".phr"))
        .map(path_from_bytes)
        .collect();
    names.sort();
    if names.is_empty() {
        let path_texts: Vec<String> = paths.iter().map(|p| display_name(p)).collect();
        return Err(format!(
            "no `.phr` files under {} at `{spec}`",
            path_texts.join(", ")
        ));
    }
    names
        .into_iter()
        .map(|name| {
            let mut object = std::ffi::OsString::from(format!("{spec}:./"));
            object.push(name.as_os_str());
            let bytes = git(&[std::ffi::OsStr::new("show"), &object])?;
            let input = Input {
                name: display_name(&name),
                bytes,
            };
            Ok((name, input))
        })
        .collect()
}

/// A path from the bytes git printed (any bytes on Unix; UTF-8 elsewhere).
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

fn semantic_diff(
    old: &str,
    new: &str,
    paths: &[PathBuf],
    format: DiffFormat,
    deny_breaking: bool,
    color: ColorArg,
    stdout: &mut Stdout,
) -> u8 {
    let mut compiled = Vec::new();
    for spec in [old, new] {
        let files = match rule_set_at(spec, paths) {
            Ok(files) => files,
            Err(problem) => {
                return diff_failure(format, &SourceMap::new(), &[problem], stdout, EXIT_FAILURE);
            }
        };
        let inputs = diff_inputs(files, format);
        let compilation = compile(&inputs);
        if compilation.has_errors() {
            let errors: Vec<Diagnostic> = compilation
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            write_stderr(&format!(
                "error: `{spec}` has errors; fix them before comparing\n"
            ));
            return diff_failure(format, &compilation.sources, &errors, stdout, EXIT_ERRORS);
        }
        compiled.push(compilation);
    }
    let report = phrasec::diff::diff(&compiled[0].model, &compiled[1].model);
    let coloring = DiagnosticArgs {
        output_format: OutputFormat::Human,
        color,
        deny_warnings: false,
        config: None,
        stdin_filename: None,
    }
    .coloring(Stream::Stdout);
    let sources = phrasec::diff::render::Sources {
        old: &compiled[0].sources,
        new: &compiled[1].sources,
    };
    stdout.write(&phrasec::diff::render::render_located(
        &report, format, coloring, &sources,
    ));
    if deny_breaking && report.has_breaking() {
        EXIT_ERRORS
    } else {
        EXIT_CLEAN
    }
}

/// The inputs of one side of `diff`; for annotation formats, named relative to the
/// repository root.
fn diff_inputs(files: Vec<(PathBuf, Input)>, format: DiffFormat) -> Vec<Input> {
    let annotated = matches!(
        format,
        DiffFormat::Github | DiffFormat::Gitlab | DiffFormat::Sarif
    );
    let current = std::env::current_dir().ok().filter(|_| annotated);
    files
        .into_iter()
        .map(|(path, mut input)| {
            if let Some(current) = &current {
                input.name = repository_name(&path, current, &repository_root(current));
            }
            input
        })
        .collect()
}

/// Reports why `diff` could not compare: in a machine format, on standard output and valid in
/// that format (the JSON report gets an `errors` list and no entries); otherwise on stderr.
fn diff_failure(
    format: DiffFormat,
    sources: &SourceMap,
    problems: &[Diagnostic],
    stdout: &mut Stdout,
    status: u8,
) -> u8 {
    let render = |format| render_diagnostics(sources, problems, format, Coloring::Plain);
    match format {
        DiffFormat::Human => write_stderr(&render(OutputFormat::Concise)),
        DiffFormat::Markdown => {
            write_stderr(&render(OutputFormat::Concise));
            stdout.write(&format!(
                "### phrasec could not compare the rule sets\n\n```text\n{}```\n",
                render(OutputFormat::Concise).replace("```", "`\u{200b}``")
            ));
        }
        DiffFormat::Json => {
            let errors: serde_json::Value =
                serde_json::from_str(&render(OutputFormat::Json)).unwrap_or_default();
            let document = serde_json::json!({ "entries": [], "errors": errors });
            stdout.write(&format!(
                "{}\n",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            ));
        }
        DiffFormat::JsonLines => stdout.write(&render(OutputFormat::JsonLines)),
        DiffFormat::Github => stdout.write(&render(OutputFormat::Github)),
        DiffFormat::Gitlab => stdout.write(&render(OutputFormat::Gitlab)),
        DiffFormat::Sarif => stdout.write(&render(OutputFormat::Sarif)),
    }
    status
}

fn explain(code: Option<&str>, stdout: &mut Stdout) -> u8 {
    let Some(code) = code else {
        for info in CODES {
            stdout.write(&format!(
                "{}  {:<8} {:<24} {}\n",
                info.code,
                info.severity.as_str(),
                info.name,
                info.summary
            ));
        }
        return EXIT_CLEAN;
    };
    match lookup(code) {
        Some(info) => {
            stdout.write(info.explanation);
            if !info.explanation.ends_with('\n') {
                stdout.write("\n");
            }
            EXIT_CLEAN
        }
        None => {
            write_stderr(&format!(
                "error: there is no diagnostic code `{code}`\n  = help: run `phrasec explain` to list every code\n"
            ));
            EXIT_FAILURE
        }
    }
}
