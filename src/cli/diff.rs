//! `phrasec diff`: compares two rule sets (paths or git revisions) and prints what changes for
//! customers and what breaks callers; a side that cannot be compared is reported in the
//! chosen format.

use std::path::{Path, PathBuf};

use phrasec::diagnostics::{Code, Coloring, Diagnostic, OutputFormat, render_diagnostics};
use phrasec::diff::render::{DiffFormat, render_failure};
use phrasec::io::{
    ReadOptions, Scope, describe_io_error, display_name, read_rule_files, repository_name,
    repository_root,
};
use phrasec::source::SourceMap;
use phrasec::{Input, compile};

use super::streams::{EXIT_FAILURE, Stdout, Stream, write_stderr};
use super::{ColorArg, DiagnosticArgs, EXIT_CLEAN, EXIT_ERRORS};

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

pub(super) fn semantic_diff(
    old: &str,
    new: &str,
    paths: &[PathBuf],
    format: DiffFormat,
    denied: &[phrasec::diff::Impact],
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
    if denied.iter().any(|&impact| report.has(impact)) {
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
    let base = std::env::current_dir()
        .ok()
        .filter(|_| annotated)
        .map(|current| {
            let root = repository_root(&current);
            (current, root)
        });
    files
        .into_iter()
        .map(|(path, mut input)| {
            if let Some((current, root)) = &base {
                input.name = repository_name(&path, current, root);
            }
            input
        })
        .collect()
}

/// Reports why `diff` could not compare: in a machine format, on standard output and valid in
/// that format (`diff::render::render_failure`); for people, on stderr.
fn diff_failure(
    format: DiffFormat,
    sources: &SourceMap,
    problems: &[Diagnostic],
    stdout: &mut Stdout,
    status: u8,
) -> u8 {
    if matches!(format, DiffFormat::Human | DiffFormat::Markdown) {
        write_stderr(&render_diagnostics(
            sources,
            problems,
            OutputFormat::Concise,
            Coloring::Plain,
        ));
    }
    stdout.write(&render_failure(sources, problems, format));
    status
}
