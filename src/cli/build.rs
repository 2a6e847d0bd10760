//! `phrasec build`: compiles the rule set and writes JSON or Rust, only when it has no errors;
//! the output path is checked (E0008) before anything is compiled or written.

use std::path::{Path, PathBuf};

use phrasec::diagnostics::{Code, Coloring, Diagnostic, OutputFormat, render_diagnostics};
use phrasec::emit;
use phrasec::io::{OutputTarget, Scope, WriteError, display_name, refuse_output_among_inputs};
use phrasec::source::SourceMap;

use super::streams::{EXIT_FAILURE, Stdout, StdoutUse, Stream, write_stderr};
use super::{DiagnosticArgs, EXIT_CLEAN, EXIT_ERRORS, compile_for, load_config, supply_constants};

/// What `build` produces.
#[derive(Clone, Copy)]
pub(super) enum Output {
    Json,
    Rust(emit::rust::Options),
}

/// Whether `build` writes its output or only compares it with the file on disk.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum BuildMode {
    Write,
    Check,
}

/// E0008 for an output that is refused or cannot be written.
pub(super) fn unwritable(output: &Path, error: &WriteError) -> Diagnostic {
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

/// What `build` makes: the kind of output, where, whether it only compares, and the values of
/// constants supplied at deployment.
pub(super) struct Product<'a> {
    pub kind: Output,
    pub output: &'a Path,
    pub mode: BuildMode,
    pub constants: &'a [(String, String)],
}

pub(super) fn build(
    paths: &[PathBuf],
    product: Product<'_>,
    args: &DiagnosticArgs,
    stdout: &mut Stdout,
) -> u8 {
    let Product {
        kind: output_kind,
        output,
        mode,
        constants,
    } = product;
    let to_stdout = output.as_os_str() == "-";
    let stdout_use = if to_stdout {
        StdoutUse::Product
    } else {
        StdoutUse::Free
    };
    let mut rule_files = match args.read(paths, Scope::RuleSet, stdout_use, stdout) {
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
    let mut compilation = compile_for(&mut rule_files, args, config.as_ref());
    supply_constants(&mut compilation, constants);
    // Generated code must not say a placeholder: every deployment value is needed.
    if !compilation.has_errors() {
        let awaited = phrasec::check::constants::awaited_constants(&compilation.model);
        compilation.diagnostics.extend(awaited);
    }
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
