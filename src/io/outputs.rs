//! Writing outputs without ever losing a file: the bytes go to a temporary file beside the
//! target, which is then renamed over it, so a reader sees the old file or the new one, never
//! half of one.
//!
//! What stands at the path is respected: a symbolic link is written through (its target is
//! replaced), a replaced file keeps its permissions, and a directory, FIFO, socket, device,
//! read-only file or file with other hard links is refused, untouched. Temporary files are
//! named `.NAME.phrasec-PID-XXXXXX.tmp`; one left behind by a run that was killed is removed
//! by the next run that writes `NAME`.

use std::fs::Permissions;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::inputs::{file_key, file_kind};
use super::{RuleFiles, describe_io_error, display_name};

/// What phrasec's temporary file names carry after the target's name.
pub const TEMPORARY_MARKER: &str = ".phrasec-";

/// Why an output was not written.
#[derive(Debug)]
pub enum WriteError {
    /// What stands at the path must not be replaced; nothing was touched.
    Refused(String),
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(reason) => formatter.write_str(reason),
            WriteError::Io(error) => formatter.write_str(&describe_io_error(error)),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(error: std::io::Error) -> WriteError {
        WriteError::Io(error)
    }
}

/// The file an output replaces, once checked.
#[derive(Debug)]
pub struct OutputTarget {
    /// The path renamed over: the output path, or the file its symbolic link points to.
    path: PathBuf,
    /// The permissions of the file replaced, kept; `None` for a new file.
    permissions: Option<Permissions>,
}

impl OutputTarget {
    /// Finds what writing `path` would replace, or refuses.
    pub fn resolve(path: &Path) -> Result<OutputTarget, WriteError> {
        let link = match std::fs::symlink_metadata(path) {
            Ok(link) => link,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(OutputTarget {
                    path: path.to_path_buf(),
                    permissions: None,
                });
            }
            Err(error) => return Err(error.into()),
        };
        let target = if link.file_type().is_symlink() {
            std::fs::canonicalize(path).map_err(|_| {
                WriteError::Refused(
                    "it is a symbolic link to a file that does not exist".to_owned(),
                )
            })?
        } else {
            path.to_path_buf()
        };
        let metadata = std::fs::metadata(&target)?;
        if !metadata.is_file() {
            return Err(WriteError::Refused(format!(
                "it is {}: phrasec replaces only regular files (`-o -` writes to standard output)",
                file_kind(&metadata)
            )));
        }
        if metadata.permissions().readonly() {
            return Err(WriteError::Refused(
                "it is read-only: make it writable first if it should be replaced".to_owned(),
            ));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if metadata.nlink() > 1 {
                return Err(WriteError::Refused(format!(
                    "it has {} hard links, which replacing it would break: remove the other links or write elsewhere",
                    metadata.nlink()
                )));
            }
        }
        Ok(OutputTarget {
            path: target,
            permissions: Some(metadata.permissions()),
        })
    }

    /// Writes `bytes` to a temporary file beside the target and renames it over the target.
    pub fn replace_with(&self, bytes: &[u8]) -> Result<(), WriteError> {
        let dir = match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = self
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = temporary_prefix(&name);
        remove_stale_temporaries(&dir, &prefix);
        let own_prefix = format!("{prefix}{}-", std::process::id());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&own_prefix).suffix(".tmp");
        // Temporary files are private (0600); a new output gets what any new file gets (umask).
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let mut temporary = builder.tempfile_in(&dir)?;
        if let Some(permissions) = &self.permissions {
            temporary.as_file().set_permissions(permissions.clone())?;
        }
        temporary.write_all(bytes)?;
        temporary.as_file().sync_all()?;
        temporary
            .persist(&self.path)
            .map_err(|error| WriteError::Io(error.error))?;
        Ok(())
    }
}

/// `.NAME.phrasec-`: what every temporary file for `NAME` starts with.
fn temporary_prefix(name: &str) -> String {
    format!(".{name}{TEMPORARY_MARKER}")
}

/// Removes `PREFIX<pid>-XXXXXX.tmp` files in `dir` left by runs that no longer run.
fn remove_stale_temporaries(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|name| name.strip_prefix(prefix))
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some(pid) = rest
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !process_is_running(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id runs. Where that cannot be told, it is taken to run, and its
/// temporary file is left alone.
fn process_is_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Writes `path` atomically (see [`OutputTarget`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    OutputTarget::resolve(path)?.replace_with(bytes)
}

/// Whether a write happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    Unchanged,
}

/// Writes atomically, but only when the file's content would change (so cargo does not
/// rebuild what includes it).
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<WriteOutcome, WriteError> {
    let target = OutputTarget::resolve(path)?;
    if target.permissions.is_some() && std::fs::read(&target.path).is_ok_and(|old| old == bytes) {
        return Ok(WriteOutcome::Unchanged);
    }
    target.replace_with(bytes)?;
    Ok(WriteOutcome::Written)
}

/// Refuses an output path that is one of the rule files read, or a `*.phr` file inside a
/// folder the rule set was read from (the next run would read it as a rule file).
pub fn refuse_output_among_inputs(output: &Path, rule_files: &RuleFiles) -> Result<(), String> {
    if let Some(output_key) = file_key(output) {
        for file in &rule_files.files {
            if file.path().and_then(file_key).as_ref() == Some(&output_key) {
                return Err(format!(
                    "it is the rule file `{}`, read by this run: writing it would destroy it",
                    file.input.name
                ));
            }
        }
    }
    if output.extension().is_none_or(|ext| ext != "phr") {
        return Ok(());
    }
    let Some(output_dir) = canonical_parent(output) else {
        return Ok(());
    };
    for folder in rule_files.folders() {
        let Ok(folder_canonical) = std::fs::canonicalize(&folder) else {
            continue;
        };
        if output_dir.starts_with(&folder_canonical) {
            return Err(format!(
                "it is a `.phr` file inside `{}`, which the rule set is read from: the next run would read it as a rule file",
                display_name(&folder)
            ));
        }
    }
    Ok(())
}

fn canonical_parent(path: &Path) -> Option<PathBuf> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::canonicalize(parent).ok()
}
