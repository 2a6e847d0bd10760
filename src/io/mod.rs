//! File-system access shared by the CLI and the build-script API: finding and reading rule
//! files (`inputs`) and writing outputs without ever losing a file (`outputs`). The library's
//! passes never call this.
//!
//! One rule holds throughout: the path a file was read from is the only path ever written for
//! it. Display names (`Input::name`) are for printing and are never opened.

mod inputs;
mod outputs;

mod config_file;
pub use config_file::{find_config, read_config};
pub use inputs::{
    MAX_INPUT_BYTES, Origin, ReadOptions, Role, RuleFile, RuleFiles, Scope, read_rule_files,
};
pub use outputs::{
    OutputTarget, TEMPORARY_MARKER, WriteError, WriteOutcome, refuse_output_among_inputs,
    write_atomically, write_if_changed,
};

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic};

/// E0006 for a path that cannot be read.
pub fn io_failure(path: &Path, reason: &str) -> Diagnostic {
    Diagnostic::new(
        Code::E0006,
        format!("cannot read `{}`: {reason}", display_name(path)),
    )
    .help("check the path and its permissions; directories are searched for `*.phr` files")
}

/// The path as given, for printing only: `.` components and doubled separators dropped
/// (`.//X/v.phr` is `X/v.phr`), `/` between components. Never opened: a name that is not UTF-8
/// is shown with U+FFFD, and on Unix a `\` is part of a file name, shown as it is.
pub fn display_name(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rooted = false;
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::RootDir => rooted = true,
            Component::Prefix(prefix) => parts.push(prefix.as_os_str().to_string_lossy().into()),
            Component::ParentDir => parts.push("..".to_owned()),
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

/// `path` relative to `base` (with `..` where needed), lexically; `path` itself when they
/// share nothing. Both should be absolute.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
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

/// The folder CI annotations name files from: git's top level (the nearest folder above
/// `current_dir` holding `.git`, a folder or a worktree's file), else `current_dir` itself.
pub fn repository_root(current_dir: &Path) -> PathBuf {
    current_dir
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(current_dir)
        .to_path_buf()
}

/// How CI annotations (SARIF, GitHub, GitLab) name a file: relative to `root` however the
/// path was spelled (`.`, `..`, `//`, absolute), with `/` separators; a file outside `root`
/// gets `..` components, never an absolute path. Lexical: symbolic links are not resolved.
pub fn repository_name(path: &Path, current_dir: &Path, root: &Path) -> String {
    let absolute = normalize_lexically(&current_dir.join(path));
    let root = normalize_lexically(root);
    match absolute.strip_prefix(&root) {
        Ok(inside) => display_name(inside),
        Err(_) => display_name(&relative_to(&absolute, &root)),
    }
}

/// `path` with `.` components dropped and each `..` taking away the component before it.
fn normalize_lexically(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !normal.pop() {
                    normal.push("..");
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

/// A short, lowercase description of an I/O error.
pub fn describe_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::StorageFull => "no space left on device".to_owned(),
        std::io::ErrorKind::BrokenPipe => "the reader closed the pipe".to_owned(),
        _ => lowercase_first(&error.to_string()),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_drop_dot_components_and_doubled_separators() {
        assert_eq!(display_name(Path::new(".//X/v.phr")), "X/v.phr");
        assert_eq!(display_name(Path::new("./rules/a.phr")), "rules/a.phr");
        assert_eq!(display_name(Path::new("rules//./a.phr")), "rules/a.phr");
        assert_eq!(display_name(Path::new("../b.phr")), "../b.phr");
        assert_eq!(display_name(Path::new("/abs/c.phr")), "/abs/c.phr");
        assert_eq!(display_name(Path::new(".")), ".");
    }

    #[cfg(unix)]
    #[test]
    fn a_backslash_is_part_of_a_unix_file_name() {
        assert_eq!(display_name(Path::new("a\\b.phr")), "a\\b.phr");
        assert_eq!(display_name(Path::new("..\\victim.phr")), "..\\victim.phr");
    }

    #[test]
    fn repository_names_do_not_depend_on_the_spelling_or_the_current_folder() {
        let root = Path::new("/repo");
        let in_rules = Path::new("/repo/rules");
        for (path, current) in [
            ("32-household.phr", in_rules),
            ("./32-household.phr", in_rules),
            ("../rules//32-household.phr", in_rules),
            ("rules/32-household.phr", root),
            ("/repo/rules/32-household.phr", Path::new("/elsewhere")),
        ] {
            assert_eq!(
                repository_name(Path::new(path), current, root),
                "rules/32-household.phr",
                "{path} from {current:?}"
            );
        }
        assert_eq!(
            repository_name(Path::new("../broken.phr"), in_rules, root),
            "broken.phr"
        );
        assert_eq!(
            repository_name(Path::new("/tmp/x.phr"), in_rules, root),
            "../tmp/x.phr",
            "outside the repository: relative, never absolute"
        );
    }

    #[test]
    fn relative_paths_climb_with_parent_components() {
        assert_eq!(
            relative_to(Path::new("/r/rules/a.phr"), Path::new("/r/docs")),
            Path::new("../rules/a.phr")
        );
        assert_eq!(
            relative_to(Path::new("/r/rules/a.phr"), Path::new("/r")),
            Path::new("rules/a.phr")
        );
    }
}
