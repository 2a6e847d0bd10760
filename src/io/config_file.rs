//! Finding and reading a rule set's `phrasec.toml`, the same way for the CLI and for build
//! scripts: a file named explicitly, else the nearest one in the folder of the first rule file
//! (or the folder given) and its ancestors.

use std::path::{Path, PathBuf};

use super::{describe_io_error, display_name, relative_to};
use crate::Input;
use crate::diagnostics::{Code, Diagnostic};

/// A configuration is a few lines; anything larger than this is not one.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The configuration read from `path`, named as given.
pub fn read_config(path: &Path) -> Result<Input, Diagnostic> {
    let bytes = read_regular_file(path)?;
    Ok(Input {
        name: display_name(path),
        bytes,
    })
}

/// The nearest `phrasec.toml` of the rule file or folder `first` (relative to `current_dir`
/// or absolute): in its folder (the folder itself for a folder) or an ancestor; named relative
/// to `current_dir`. `None` when there is none.
pub fn find_config(
    first: &Path,
    current_dir: &Path,
) -> Result<Option<(PathBuf, Input)>, Diagnostic> {
    let absolute = current_dir.join(first);
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
        .map(|dir| dir.join(crate::config::FILE_NAME))
        .find(|candidate| candidate.is_file())
    else {
        return Ok(None);
    };
    let bytes = read_regular_file(&found)?;
    let input = Input {
        name: display_name(&relative_to(&found, current_dir)),
        bytes,
    };
    Ok(Some((found, input)))
}

/// The bytes of `path` if it is a regular file (after symbolic links) of at most
/// [`MAX_CONFIG_BYTES`]: a device such as `/dev/zero` or a FIFO would never end.
fn read_regular_file(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let metadata = std::fs::metadata(path).map_err(|error| unreadable(path, &error))?;
    let refused = |reason: String| {
        Diagnostic::new(
            Code::E0007,
            format!("cannot read `{}`: {reason}", display_name(path)),
        )
        .help("give `--config` a `phrasec.toml` file")
    };
    if !metadata.is_file() {
        return Err(refused("not a regular file".to_owned()));
    }
    if metadata.len() > MAX_CONFIG_BYTES {
        return Err(refused(format!(
            "larger than {} KiB",
            MAX_CONFIG_BYTES / 1024
        )));
    }
    std::fs::read(path).map_err(|error| unreadable(path, &error))
}

fn unreadable(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        Code::E0007,
        format!(
            "cannot read `{}`: {}",
            display_name(path),
            describe_io_error(error)
        ),
    )
    .help("check the path of the configuration file and its permissions")
}
