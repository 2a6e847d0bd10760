//! File-system access shared by the CLI and the build-script API: finding and reading rule
//! files, and writing outputs atomically. The library's passes never call this.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::Input;
use crate::diagnostics::{Code, Diagnostic};

/// Reads the rule files at `path`: a file, a directory (searched recursively for `*.phr`,
/// in path order), or `-` for standard input.
pub fn collect_inputs(path: &Path, inputs: &mut Vec<Input>) -> Result<(), Diagnostic> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|error| io_failure(path, &describe_io_error(&error)))?;
        inputs.push(Input {
            name: "<stdin>".to_owned(),
            bytes,
        });
        return Ok(());
    }
    let metadata =
        std::fs::metadata(path).map_err(|error| io_failure(path, &describe_io_error(&error)))?;
    if metadata.is_dir() {
        let files = rule_files(path)?;
        for file in files {
            read_file(&file, inputs)?;
        }
        return Ok(());
    }
    read_file(path, inputs)
}

/// The `*.phr` files below a directory, sorted; an error when there are none.
pub fn rule_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    walk(dir, &mut files, &mut Vec::new())
        .map_err(|error| io_failure(dir, &describe_io_error(&error)))?;
    if files.is_empty() {
        return Err(io_failure(dir, "the directory holds no `.phr` files"));
    }
    files.sort();
    Ok(files)
}

/// E0006 for a path that cannot be read.
pub fn io_failure(path: &Path, reason: &str) -> Diagnostic {
    Diagnostic::new(
        Code::E0006,
        format!("cannot read `{}`: {reason}", path.display()),
    )
    .help("check the path and its permissions; directories are searched for `*.phr` files")
}

fn read_file(path: &Path, inputs: &mut Vec<Input>) -> Result<(), Diagnostic> {
    let bytes =
        std::fs::read(path).map_err(|error| io_failure(path, &describe_io_error(&error)))?;
    inputs.push(Input {
        name: display_name(path),
        bytes,
    });
    Ok(())
}

/// The path as given, with `/` separators and without a leading `./`.
pub fn display_name(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_owned()
}

/// `visited` holds the canonical directories already searched, so a symbolic link back up the
/// tree is not followed round and round.
fn walk(dir: &Path, files: &mut Vec<PathBuf>, visited: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let canonical = std::fs::canonicalize(dir)?;
    if visited.contains(&canonical) {
        return Ok(());
    }
    visited.push(canonical);
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files, visited)?;
        } else if path.extension().is_some_and(|ext| ext == "phr") {
            files.push(path);
        }
    }
    Ok(())
}

/// A short, lowercase description of an I/O error.
pub fn describe_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string().to_lowercase(),
    }
}

/// Writes to a temporary file in the target's directory, then renames it over the target, so
/// no reader ever sees a half-written file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    // Temporary files are private (0600); the output gets what any new file gets (umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temporary = builder.tempfile_in(&dir)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// Whether a write happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    Unchanged,
}

/// Writes atomically, but only when the file's content would change (so cargo does not
/// rebuild what includes it).
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<WriteOutcome> {
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(WriteOutcome::Unchanged);
    }
    write_atomically(path, bytes)?;
    Ok(WriteOutcome::Written)
}
