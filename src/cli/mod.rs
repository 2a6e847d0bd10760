//! The command line (clap): the only module that reads files, writes files or prints. This
//! file holds the arguments, the options every command shares (`DiagnosticArgs`), reading the
//! configuration and compiling; each command has its own file (`check.rs`, `build.rs`,
//! `render.rs`, `fmt.rs`, `diff.rs`, `explain.rs`), standard output is `streams.rs`.
//!
//! Exit codes: 0 clean (warnings allowed), 1 errors found, 2 usage or I/O failure.

mod build;
mod check;
mod diff;
mod explain;
mod fix;
mod fmt;
mod render;
mod streams;
mod watch;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use phrasec::builder::Emit;
use phrasec::diagnostics::{Coloring, Diagnostic, OutputFormat, Suppressed, write_report};
use phrasec::diff::render::DiffFormat;
use phrasec::emit::rust::{PhraseTraits, Table};
use phrasec::io::{
    Origin, ReadOptions, RuleFiles, Scope, read_rule_files, repository_name, repository_root,
};
use phrasec::render::Variants;
use phrasec::source::SourceMap;
use phrasec::{Compilation, Input, emit};
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
        /// Check again after every change of a rule file or `phrasec.toml`, redrawing the
        /// report, until interrupted.
        #[arg(long)]
        watch: bool,
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
        /// The value of a constant supplied at deployment, `NAME=VALUE` (after those of
        /// `phrasec.toml`'s `[constants]`); repeat for several.
        #[arg(long = "const", value_parser = parse_key_value, value_name = "NAME=VALUE")]
        constants: Vec<(String, String)>,
        #[command(flatten)]
        diagnostics: DiagnosticArgs,
    },
    /// Print the phrase(s) of one article as staff would say them.
    Render {
        #[arg(default_value = "rules")]
        paths: Vec<PathBuf>,
        /// The article number, e.g. 45.
        #[arg(long, required_unless_present = "given", conflicts_with = "given")]
        article: Option<u32>,
        /// Instead of an article, a situation: `FACT=VALUE` for each fact of a decision,
        /// repeated or joined by commas (`--given cause=ours,stage=repairing`), with
        /// `--segment`; prints which article each decision chooses, and why, then what is said.
        #[arg(
            long = "given",
            value_parser = parse_key_value,
            value_name = "FACT=VALUE",
            value_delimiter = ','
        )]
        given: Vec<(String, String)>,
        /// Render for this customer segment (sub-cases for other segments are left out).
        #[arg(long)]
        segment: Option<String>,
        /// A slot value, `NAME=VALUE`; repeat for several slots.
        #[arg(long = "slot", value_parser = parse_key_value)]
        slots: Vec<(String, String)>,
        /// Show only the canonical choice of free variations, or all of them.
        #[arg(long, value_enum, default_value_t = Variants::Canonical)]
        variants: Variants,
        /// The value of a constant supplied at deployment, `NAME=VALUE`; without one, its
        /// placeholder is shown.
        #[arg(long = "const", value_parser = parse_key_value, value_name = "NAME=VALUE")]
        constants: Vec<(String, String)>,
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
        /// Exit with 1 when a change breaks callers of the generated code (`--deny breaking`).
        #[arg(long)]
        deny_breaking: bool,
        /// Exit with 1 when a change of this class is found (repeatable): `breaking`,
        /// `selection` (which article is chosen), `wording` (what customers hear) or
        /// `documentation`.
        #[arg(long, value_enum, value_name = "CLASS")]
        deny: Vec<phrasec::diff::Impact>,
        #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
        color: ColorArg,
    },
    /// Explain a diagnostic code, e.g. `phrasec explain E0107`; without a code, list them all.
    Explain { code: Option<String> },
    /// Print the JSON Schema of the `--emit json` output.
    Schema,
    /// Run the language server over standard input and output (for editors).
    Lsp,
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
    // The server owns standard output: nothing else may write to it.
    if let Command::Lsp = cli.command {
        return ExitCode::from(crate::lsp::run());
    }
    let mut stdout = Stdout::new();
    let status = match cli.command {
        Command::Check {
            paths,
            fix,
            watch,
            diagnostics,
        } => {
            let mode = if fix {
                fix::FixMode::Apply
            } else {
                fix::FixMode::Report
            };
            if watch {
                watch::watch(&paths, &diagnostics, mode, &mut stdout)
            } else {
                check::check(&paths, &diagnostics, mode, &mut stdout)
            }
        }
        Command::Build {
            paths,
            emit,
            output,
            check,
            phrase_traits,
            table,
            constants,
            diagnostics,
        } => {
            let mode = if check {
                build::BuildMode::Check
            } else {
                build::BuildMode::Write
            };
            let output_kind = match emit {
                Emit::Json
                    if phrase_traits != PhraseTraits::Standard || table != Table::Include =>
                {
                    None
                }
                Emit::Json => Some(build::Output::Json),
                Emit::Rust => Some(build::Output::Rust(emit::rust::Options {
                    phrase_traits,
                    table,
                })),
            };
            match output_kind {
                Some(kind) => build::build(
                    &paths,
                    build::Product {
                        kind,
                        output: &output,
                        mode,
                        constants: &constants,
                    },
                    &diagnostics,
                    &mut stdout,
                ),
                None => {
                    write_stderr(
                        "error: `--phrase-traits` and `--table` apply to `--emit rust` only\n\n\
                         help: drop them, or add `--emit rust`\n",
                    );
                    EXIT_FAILURE
                }
            }
        }
        Command::Render {
            paths,
            article,
            given,
            segment,
            slots,
            variants,
            constants,
            diagnostics,
        } => render::render(
            &paths,
            match article {
                Some(number) => render::Subject::Article(number),
                None => render::Subject::Situation(given),
            },
            render::Arguments {
                segment: segment.as_deref(),
                slots: &slots,
                variants,
                constants: &constants,
            },
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
                (_, true) => fmt::FmtMode::Diff,
                (true, false) => fmt::FmtMode::Check,
                (false, false) => fmt::FmtMode::Write,
            };
            fmt::format_files(&paths, mode, &diagnostics, &mut stdout)
        }
        Command::Diff {
            old,
            new,
            paths,
            output_format,
            deny_breaking,
            mut deny,
            color,
        } => diff::semantic_diff(
            &old,
            &new,
            &paths,
            output_format,
            {
                if deny_breaking {
                    deny.push(phrasec::diff::Impact::Breaking);
                }
                &deny
            },
            color,
            &mut stdout,
        ),
        Command::Explain { code } => explain::explain(code.as_deref(), &mut stdout),
        Command::Schema => {
            stdout.write(&emit::json::schema_json());
            EXIT_CLEAN
        }
        Command::Lsp => EXIT_CLEAN,
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
        self.emit_report(sources, diagnostics, &[], stream, stdout);
    }

    /// [`DiagnosticArgs::emit`] with the warnings silenced in the source, which the machine
    /// formats list as suppressed.
    fn emit_report(
        &self,
        sources: &SourceMap,
        diagnostics: &[Diagnostic],
        suppressed: &[Suppressed],
        stream: Stream,
        stdout: &mut Stdout,
    ) {
        let (format, coloring) = (self.output_format, self.coloring(stream));
        // Streamed diagnostic by diagnostic: the output is never held whole in memory.
        let write = |out: &mut dyn std::io::Write| {
            write_report(out, sources, diagnostics, suppressed, format, coloring)
        };
        match stream {
            Stream::Stdout => stdout.write_with(write),
            Stream::Stderr => {
                // Standard error's own failures cannot be reported anywhere.
                let _ = write(&mut std::io::stderr().lock());
            }
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

/// Compiles the rule files, applying `--deny-warnings` and, for annotation formats, naming
/// files relative to the repository root.
/// The rule files' bytes are moved into the compilation (its sources hold the texts).
fn compile_for(
    rule_files: &mut RuleFiles,
    args: &DiagnosticArgs,
    config: Option<&Input>,
) -> Compilation {
    let mut inputs = rule_files.take_inputs();
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

/// Applies `--const NAME=VALUE` values to the compiled model; problems (E0129) join its
/// diagnostics.
fn supply_constants(compilation: &mut Compilation, constants: &[(String, String)]) {
    let problems = phrasec::check::constants::supply_constants(&mut compilation.model, constants);
    if !problems.is_empty() {
        compilation.diagnostics.extend(problems);
        phrasec::diagnostics::sort_diagnostics(&mut compilation.diagnostics);
    }
}

/// The configuration: `--config FILE`, or the first `phrasec.toml` found walking up from the
/// first input. An unreadable `--config` file is reported as a configuration error.
fn load_config(args: &DiagnosticArgs, paths: &[PathBuf]) -> Result<Option<Input>, Diagnostic> {
    if let Some(path) = &args.config {
        return phrasec::io::read_config(path).map(Some);
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
    Ok(phrasec::io::find_config(first, &current)?.map(|(_, input)| input))
}
