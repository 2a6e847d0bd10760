//! The build-script API, in the style of prost-build: compile rule files from `build.rs`.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), phrasec::builder::BuildError> {
//!     phrasec::builder::Builder::new().input("rules").compile()?;
//!     Ok(())
//! }
//! ```
//!
//! Like the CLI, this is a front end: it reads files, writes the output (atomically, and only
//! when its content changed) and prints `cargo::` directives.

use crate::check::constants::{awaited_constants, supply_constants};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostics::{
    Coloring, Diagnostic, MietteDiagnostic, OutputFormat, deny_warnings, render_diagnostics,
};
use crate::io::{ReadOptions, Scope, WriteOutcome, read_rule_files, write_if_changed};
use crate::source::SourceMap;
use crate::{Compilation, Input, compile_with_config, emit};

pub use crate::emit::rust::{PhraseTraits, Table};

/// What to generate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Emit {
    /// The typed Rust phrase table.
    #[default]
    Rust,
    /// The JSON phrase table.
    Json,
}

/// Whether `cargo::` directives are printed (they are meant for build scripts only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CargoDirectives {
    #[default]
    Print,
    Quiet,
}

/// How warnings are treated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Warnings {
    #[default]
    Allow,
    Deny,
}

/// Configures and runs one compilation.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    inputs: Vec<PathBuf>,
    output: Option<PathBuf>,
    emit: Emit,
    directives: CargoDirectives,
    warnings: Warnings,
    rust: emit::rust::Options,
    config: Option<PathBuf>,
    /// Values of constants supplied at deployment, in the order given.
    constants: Vec<(String, String)>,
}

/// What a successful build did.
#[derive(Clone, Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub write: WriteOutcome,
    /// Warnings found (already printed as `cargo::warning=` lines).
    pub warnings: Vec<Diagnostic>,
}

/// Why a build failed. Its `Debug` form, which `main` prints when it returns the error, is the
/// diagnostics as `phrasec check` shows them (plain text), not a dump of the rule files.
pub enum BuildError {
    /// The builder was not told where to write and `OUT_DIR` is not set.
    NoOutput,
    /// An input could not be read or the output could not be written.
    Io(Diagnostic),
    /// The rules have errors; nothing was written.
    Rules {
        diagnostics: Vec<Diagnostic>,
        sources: SourceMap,
        /// The same diagnostics with their source text, for miette.
        related: Vec<MietteDiagnostic>,
    },
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// The value of a constant supplied at deployment (`const company "公司名称"`), after any
    /// from `phrasec.toml`'s `[constants]`: `.constant("company", "XX燃气")`. A build without
    /// a value for every such constant fails with E0128.
    pub fn constant(mut self, name: impl Into<String>, value: impl Into<String>) -> Builder {
        self.constants.push((name.into(), value.into()));
        self
    }

    /// Adds a rule file or a directory of `*.phr` files.
    pub fn input(mut self, path: impl Into<PathBuf>) -> Builder {
        self.inputs.push(path.into());
        self
    }

    /// The `phrasec.toml` to apply (lint levels, misspellings, channels). By default the
    /// nearest one is used, as `phrasec check` does: in the folder of the first input (the
    /// folder itself for a folder) or an ancestor of it.
    pub fn config(mut self, path: impl Into<PathBuf>) -> Builder {
        self.config = Some(path.into());
        self
    }

    /// The configuration to apply: the one given, else the nearest `phrasec.toml`.
    fn read_config(&self) -> Result<Option<(PathBuf, Input)>, BuildError> {
        if let Some(path) = &self.config {
            let input = crate::io::read_config(path).map_err(BuildError::Io)?;
            return Ok(Some((path.clone(), input)));
        }
        let Some(first) = self.inputs.first() else {
            return Ok(None);
        };
        let current = std::env::current_dir().unwrap_or_default();
        crate::io::find_config(first, &current).map_err(BuildError::Io)
    }

    /// Where to write; by default `$OUT_DIR/phrases.rs` (or `phrases.json`).
    pub fn output(mut self, path: impl Into<PathBuf>) -> Builder {
        self.output = Some(path.into());
        self
    }

    pub fn emit(mut self, emit: Emit) -> Builder {
        self.emit = emit;
        self
    }

    pub fn cargo_directives(mut self, directives: CargoDirectives) -> Builder {
        self.directives = directives;
        self
    }

    pub fn warnings(mut self, warnings: Warnings) -> Builder {
        self.warnings = warnings;
        self
    }

    /// Which standard traits the generated phrase structs implement (Rust only); by default
    /// `Clone, Copy, Debug` and `Display`. [`PhraseTraits::Minimal`] makes the
    /// generated code of a large rule set several times quicker to compile.
    pub fn phrase_traits(mut self, traits: PhraseTraits) -> Builder {
        self.rust.phrase_traits = traits;
        self
    }

    /// Whether the static table of articles is generated (Rust only); by default it is.
    pub fn table(mut self, table: Table) -> Builder {
        self.rust.table = table;
        self
    }

    fn output_path(&self) -> Result<PathBuf, BuildError> {
        if let Some(path) = &self.output {
            return Ok(path.clone());
        }
        let out_dir = std::env::var_os("OUT_DIR").ok_or(BuildError::NoOutput)?;
        let file = match self.emit {
            Emit::Rust => "phrases.rs",
            Emit::Json => "phrases.json",
        };
        Ok(Path::new(&out_dir).join(file))
    }

    fn directive(&self, text: &str) {
        if self.directives == CargoDirectives::Print {
            println!("{text}");
        }
    }

    /// Reads, checks and compiles the inputs; writes the output when there are no errors.
    pub fn compile(&self) -> Result<BuildReport, BuildError> {
        let output = self.output_path()?;
        for path in &self.inputs {
            self.directive(&format!("cargo::rerun-if-changed={}", path.display()));
        }
        let options = ReadOptions {
            scope: Scope::AsGiven,
            stdin_name: None,
        };
        let read = read_rule_files(&self.inputs, &options);
        if let Some(problem) = read.problems.into_iter().next() {
            return Err(BuildError::Io(problem));
        }
        // New files in a directory must trigger a rebuild too.
        for file in &read.files {
            if let Some(path) = file.path()
                && !self.inputs.iter().any(|input| input == path)
            {
                self.directive(&format!("cargo::rerun-if-changed={}", path.display()));
            }
        }
        let config = self.read_config()?;
        if let Some((path, _)) = &config {
            self.directive(&format!("cargo::rerun-if-changed={}", path.display()));
        }
        let inputs: Vec<Input> = read.files.into_iter().map(|file| file.input).collect();
        let mut compilation: Compilation =
            compile_with_config(&inputs, config.as_ref().map(|(_, input)| input));
        compilation
            .diagnostics
            .extend(supply_constants(&mut compilation.model, &self.constants));
        if !compilation.has_errors() {
            let awaited = awaited_constants(&compilation.model);
            compilation.diagnostics.extend(awaited);
        }
        if self.warnings == Warnings::Deny {
            deny_warnings(&mut compilation.diagnostics);
        }
        let concise = |diagnostic: &Diagnostic| {
            render_diagnostics(
                &compilation.sources,
                std::slice::from_ref(diagnostic),
                OutputFormat::Concise,
                Coloring::Plain,
            )
            .trim_end()
            .to_owned()
        };
        if compilation.has_errors() {
            if self.directives == CargoDirectives::Print {
                eprint!(
                    "{}",
                    render_diagnostics(
                        &compilation.sources,
                        &compilation.diagnostics,
                        OutputFormat::Human,
                        Coloring::Plain,
                    )
                );
                for diagnostic in compilation.diagnostics.iter().filter(|d| d.is_error()) {
                    self.directive(&format!("cargo::error={}", concise(diagnostic)));
                }
            }
            let related = compilation
                .diagnostics
                .iter()
                .cloned()
                .map(|diagnostic| diagnostic.into_miette(&compilation.sources))
                .collect();
            return Err(BuildError::Rules {
                diagnostics: compilation.diagnostics,
                sources: compilation.sources,
                related,
            });
        }
        for diagnostic in &compilation.diagnostics {
            self.directive(&format!("cargo::warning={}", concise(diagnostic)));
        }
        let text = match self.emit {
            Emit::Rust => emit::rust::generate_with(&compilation.model, self.rust),
            Emit::Json => emit::json::to_json(&emit::json::document(
                &compilation.model,
                &compilation.sources,
            )),
        };
        let write = write_if_changed(&output, text.as_bytes()).map_err(|error| {
            BuildError::Io(
                Diagnostic::new(
                    crate::diagnostics::Code::E0008,
                    format!("cannot write `{}`: {error}", output.display()),
                )
                .help("check that the output directory exists and is writable"),
            )
        })?;
        Ok(BuildReport {
            output,
            write,
            warnings: compilation.diagnostics,
        })
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoOutput => {
                formatter.write_str("no output path given and `OUT_DIR` is not set")
            }
            BuildError::Io(diagnostic) => formatter.write_str(&diagnostic.message),
            BuildError::Rules { diagnostics, .. } => {
                let n_errors = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(formatter, "the rule files have {n_errors} error(s)")
            }
        }
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoOutput => write!(
                formatter,
                "{self}\n  = help: call `.output(path)` outside build scripts"
            ),
            BuildError::Io(diagnostic) => {
                write!(
                    formatter,
                    "error[{}]: {}",
                    diagnostic.code.as_str(),
                    diagnostic.message
                )?;
                match &diagnostic.help {
                    Some(help) => write!(formatter, "\n  = help: {help}"),
                    None => Ok(()),
                }
            }
            BuildError::Rules {
                diagnostics,
                sources,
                ..
            } => {
                writeln!(formatter, "{self}")?;
                formatter.write_str(&render_diagnostics(
                    sources,
                    diagnostics,
                    OutputFormat::Human,
                    Coloring::Plain,
                ))
            }
        }
    }
}

impl std::error::Error for BuildError {}

impl miette::Diagnostic for BuildError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self {
            BuildError::Io(diagnostic) => Some(Box::new(diagnostic.code.as_str())),
            _ => None,
        }
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self {
            BuildError::NoOutput => Some(Box::new("call `.output(path)` outside build scripts")),
            BuildError::Io(diagnostic) => diagnostic
                .help
                .as_ref()
                .map(|help| Box::new(help) as Box<dyn fmt::Display + 'a>),
            BuildError::Rules { .. } => None,
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        match self {
            BuildError::Rules { related, .. } => Some(Box::new(
                related.iter().map(|d| d as &dyn miette::Diagnostic),
            )),
            _ => None,
        }
    }
}
