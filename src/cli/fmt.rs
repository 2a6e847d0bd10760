//! `phrasec fmt`: formats rule files in place (each written back to the path it was read
//! from), checks them (`--check`) or prints the change (`--diff`); standard input goes to
//! standard output.

use std::path::PathBuf;

use phrasec::compile;
use phrasec::diagnostics::Diagnostic;
use phrasec::io::{Scope, write_atomically};

use super::build::unwritable;
use super::streams::{Stdout, StdoutUse, write_stderr};
use super::{DiagnosticArgs, EXIT_CLEAN, EXIT_ERRORS};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum FmtMode {
    Write,
    Check,
    Diff,
}

pub(super) fn format_files(
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
        let original = String::from_utf8_lossy(&input.bytes);
        // Decoded without a problem, the bytes are the text with its BOM, if any, which the
        // formatter keeps (as it keeps the line ends).
        let formatted = match decoded.diagnostics.is_empty() {
            true => phrasec::fmt::format_file_text(&original).ok(),
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
        if formatted == original {
            continue;
        }
        match mode {
            FmtMode::Check => {
                stdout.write(&format!("would reformat {}\n", input.name));
                status = EXIT_ERRORS;
            }
            FmtMode::Diff => {
                // Linear past a size (`text_diff`): a rewritten 50 MB file cannot stall it.
                stdout.write(&phrasec::text_diff::unified_line_diff(
                    original.as_ref(),
                    &formatted,
                    &input.name,
                    &format!("{} (formatted)", input.name),
                ));
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
