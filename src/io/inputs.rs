//! Finding and reading rule files: directories are walked for regular `*.phr` files (hidden
//! and git-ignored folders skipped, as ruff does), every file is read once however it was
//! named, files over [`MAX_INPUT_BYTES`] are refused, and a file given alone brings the rest
//! of its rule set along.
//!
//! The rule set is always returned in one order (by display name), whatever order the paths
//! came in, so that the order of arguments never changes what is checked.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{describe_io_error, display_name, io_failure, relative_to};
use crate::Input;
use crate::diagnostics::Diagnostic;

/// The largest rule file read: 256 MiB. Checking takes a few times the file's size in memory,
/// so a larger file (or `/dev/zero` behind a symbolic link) is refused instead of read.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Whether a rule file was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Named on the command line (or in a directory that was).
    Given,
    /// Read only because it belongs to the rule set of a given file: its diagnostics are not
    /// shown and it is never written.
    Context,
}

/// Where a rule file's bytes came from; a file is only ever written back to this path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Stdin,
}

/// One rule file read: where from, whether it was asked for, and its display name and bytes.
#[derive(Clone, Debug)]
pub struct RuleFile {
    pub origin: Origin,
    pub role: Role,
    pub input: Input,
}

impl RuleFile {
    /// The path the file was read from, if it came from a file.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(path) => Some(path),
            Origin::Stdin => None,
        }
    }
}

/// Whether a file given on its own is read with the rest of its rule set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A file without its own `spec` header (or alone in its folder with one) is checked as
    /// part of the rule set it belongs to: the `*.phr` files below the folder of the nearest
    /// `phrasec.toml`, or else below the file's folder.
    RuleSet,
    /// Exactly the files named (a build script lists its inputs).
    AsGiven,
}

/// How to read the paths.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    pub scope: Scope,
    /// `--stdin-filename`: the path standard input (`-`) stands for. Its rule set is found from
    /// it, and it replaces the file at that path.
    pub stdin_name: Option<PathBuf>,
}

/// The files read, sorted by display name, and the paths that could not be read.
#[derive(Debug, Default)]
pub struct RuleFiles {
    pub files: Vec<RuleFile>,
    pub problems: Vec<Diagnostic>,
    /// The folders searched for rule files (given directories and rule-set roots).
    pub searched: Vec<PathBuf>,
}

impl RuleFiles {
    /// The inputs to compile, in the rule set's order (copies: for `check --fix`'s rounds).
    pub fn inputs(&self) -> Vec<Input> {
        self.files.iter().map(|file| file.input.clone()).collect()
    }

    /// The inputs to compile, their bytes moved out (not copied: `compile_owned` turns them
    /// into the sources' texts); the files keep their origin, role and name, their bytes empty.
    pub fn take_inputs(&mut self) -> Vec<Input> {
        self.files
            .iter_mut()
            .map(|file| Input {
                name: file.input.name.clone(),
                bytes: std::mem::take(&mut file.input.bytes),
            })
            .collect()
    }

    /// Every folder rule files were read from: those searched and those of the files read.
    pub fn folders(&self) -> Vec<PathBuf> {
        let mut folders = self.searched.clone();
        for file in &self.files {
            if let Some(parent) = file.path().and_then(Path::parent) {
                let parent = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
                folders.push(parent.to_path_buf());
            }
        }
        folders.sort();
        folders.dedup();
        folders
    }

    /// Whether some files were read only as the context of a given file.
    pub fn has_context(&self) -> bool {
        self.files.iter().any(|file| file.role == Role::Context)
    }
}

/// Reads the rule files at `paths`: files, directories (searched for `*.phr`) and `-` for
/// standard input.
pub fn read_rule_files(paths: &[PathBuf], options: &ReadOptions) -> RuleFiles {
    let mut reader = Reader::default();
    for path in paths {
        if path.as_os_str() == "-" {
            reader.read_stdin(options);
            continue;
        }
        match std::fs::metadata(path) {
            Err(error) => reader.fail(io_failure(path, &describe_io_error(&error))),
            Ok(metadata) if metadata.is_dir() => {
                reader.searched.push(path.clone());
                let (files, problems) = walk(path);
                reader.problems.extend(problems);
                if files.is_empty() {
                    reader.fail(io_failure(path, "the directory holds no `.phr` files"));
                }
                for file in files {
                    reader.read_file(&file, display_name(&file), Role::Given);
                }
            }
            Ok(_) => {
                if let Some(key) = reader.read_file(path, display_name(path), Role::Given)
                    && options.scope == Scope::RuleSet
                {
                    let has_spec = HasSpec::of(&reader.files[&key].input.bytes);
                    reader.add_rule_set_of(path, has_spec);
                }
            }
        }
    }
    reader.finish()
}

/// A file's identity on disk, so that one file named twice is read once.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum FileKey {
    #[cfg(unix)]
    Inode {
        device: u64,
        inode: u64,
    },
    #[cfg_attr(unix, allow(dead_code))]
    Canonical(PathBuf),
    Stdin,
}

pub(super) fn file_key(path: &Path) -> Option<FileKey> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(path).ok()?;
        Some(FileKey::Inode {
            device: metadata.dev(),
            inode: metadata.ino(),
        })
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(FileKey::Canonical)
    }
}

#[derive(Default)]
struct Reader {
    /// Every file read, by identity; a given file wins over the same file read as context.
    files: BTreeMap<FileKey, RuleFile>,
    problems: Vec<Diagnostic>,
    /// Set when `--stdin-filename` names a file on disk: that file is standard input's.
    stdin_replaces: Option<FileKey>,
    searched: Vec<PathBuf>,
}

impl Reader {
    fn fail(&mut self, problem: Diagnostic) {
        self.problems.push(problem);
    }

    fn read_stdin(&mut self, options: &ReadOptions) {
        let mut bytes = Vec::new();
        let read = std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes);
        let name = options
            .stdin_name
            .as_deref()
            .map_or_else(|| "<stdin>".to_owned(), display_name);
        if let Err(error) = read {
            self.fail(io_failure(Path::new("-"), &describe_io_error(&error)));
            return;
        }
        if bytes.len() as u64 > MAX_INPUT_BYTES {
            self.fail(too_large(Path::new("-")));
            return;
        }
        let has_spec = HasSpec::of(&bytes);
        self.files.insert(
            FileKey::Stdin,
            RuleFile {
                origin: Origin::Stdin,
                role: Role::Given,
                input: Input { name, bytes },
            },
        );
        if let Some(stand_in) = &options.stdin_name {
            self.stdin_replaces = file_key(stand_in);
            if options.scope == Scope::RuleSet {
                self.add_rule_set_of(stand_in, has_spec);
            }
        }
    }

    /// Reads one file unless it was read already; returns its key when it was read now.
    fn read_file(&mut self, path: &Path, name: String, role: Role) -> Option<FileKey> {
        let key = file_key(path).unwrap_or_else(|| FileKey::Canonical(path.to_path_buf()));
        if let Some(existing) = self.files.get_mut(&key) {
            existing.role = existing.role.min(role);
            return None;
        }
        match read_regular_file(path) {
            Ok(bytes) => {
                self.insert(key.clone(), path, name, role, bytes);
                Some(key)
            }
            Err(problem) => {
                self.fail(problem);
                None
            }
        }
    }

    fn insert(&mut self, key: FileKey, path: &Path, name: String, role: Role, bytes: Vec<u8>) {
        let file = RuleFile {
            origin: Origin::File(path.to_path_buf()),
            role,
            input: Input { name, bytes },
        };
        self.files.insert(key, file);
    }

    /// Adds the other files of the rule set that `path` belongs to.
    fn add_rule_set_of(&mut self, path: &Path, has_spec: HasSpec) {
        let Some((root, root_name)) = rule_set_root(path).filter(|(root, _)| root.is_dir()) else {
            return;
        };
        let (members, mut problems) = walk(&root);
        let own_key = file_key(path);
        let mut others = Vec::new();
        for member in members {
            let key = file_key(&member).unwrap_or_else(|| FileKey::Canonical(member.clone()));
            if Some(&key) == own_key.as_ref() {
                continue;
            }
            match read_regular_file(&member) {
                Ok(bytes) => others.push((key, member, bytes)),
                Err(problem) => problems.push(problem),
            }
        }
        // A folder of several independent rule sets (each file with its own `spec`): a file
        // that has a header of its own is one of them, and stands alone.
        if has_spec == HasSpec::Yes
            && others
                .iter()
                .any(|(_, _, bytes)| HasSpec::of(bytes) == HasSpec::Yes)
        {
            return;
        }
        self.problems.extend(problems);
        self.searched.push(root.clone());
        for (key, member, bytes) in others {
            if let Some(existing) = self.files.get_mut(&key) {
                existing.role = existing.role.min(Role::Context);
                continue;
            }
            let relative = member.strip_prefix(&root).unwrap_or(&member);
            let name = display_name(&root_name.join(relative));
            self.insert(key, &member, name, Role::Context, bytes);
        }
    }

    fn finish(mut self) -> RuleFiles {
        if let Some(replaced) = &self.stdin_replaces {
            self.files.remove(replaced);
        }
        let mut files: Vec<RuleFile> = self.files.into_values().collect();
        files.sort_by(|left, right| left.input.name.cmp(&right.input.name));
        RuleFiles {
            files,
            problems: self.problems,
            searched: self.searched,
        }
    }
}

/// Whether a rule file declares a `spec` header of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HasSpec {
    Yes,
    No,
}

impl HasSpec {
    fn of(bytes: &[u8]) -> HasSpec {
        // Borrowed, not copied, when the bytes are UTF-8.
        if crate::syntax::declares_spec(&String::from_utf8_lossy(bytes)) {
            HasSpec::Yes
        } else {
            HasSpec::No
        }
    }
}

/// The folder whose `*.phr` files form the rule set of `path`: that of the nearest
/// `phrasec.toml` above it, else the file's own; with the name to show it by.
fn rule_set_root(path: &Path) -> Option<(PathBuf, PathBuf)> {
    let current = std::env::current_dir().ok()?;
    let lexical_parent = path.parent().unwrap_or(Path::new(""));
    let absolute_parent = current.join(lexical_parent);
    let configured = absolute_parent
        .ancestors()
        .find(|dir| dir.join(crate::config::FILE_NAME).is_file());
    match configured {
        Some(dir) => {
            let name = relative_to(dir, &current);
            Some((dir.to_path_buf(), name))
        }
        None => {
            let dir = if lexical_parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                lexical_parent.to_path_buf()
            };
            Some((dir.clone(), dir))
        }
    }
}

/// Reads a file that must be a regular file of at most [`MAX_INPUT_BYTES`]. A FIFO, socket or
/// device is refused before it is opened (opening a FIFO would wait for a writer).
fn read_regular_file(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let failure = |error: std::io::Error| io_failure(path, &describe_io_error(&error));
    let metadata = std::fs::metadata(path).map_err(failure)?;
    if !metadata.is_file() {
        return Err(not_regular(path, &metadata));
    }
    if metadata.len() > MAX_INPUT_BYTES {
        return Err(too_large(path));
    }
    let file = File::open(path).map_err(failure)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(failure)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(path));
    }
    Ok(bytes)
}

fn not_regular(path: &Path, metadata: &std::fs::Metadata) -> Diagnostic {
    let mut problem = io_failure(
        path,
        &format!("it is {}, not a regular file", file_kind(metadata)),
    );
    problem.help = Some(
        "phrasec reads only regular files: remove it, or rename it so that its name does not end in `.phr`"
            .to_owned(),
    );
    problem
}

fn too_large(path: &Path) -> Diagnostic {
    io_failure(
        path,
        &format!(
            "it is larger than {} MiB, the largest rule file phrasec reads",
            MAX_INPUT_BYTES / (1024 * 1024)
        ),
    )
}

/// What kind of file system object this is, for a message.
pub(super) fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return "a directory";
    }
    if file_type.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_file() {
        return "a regular file";
    }
    "a special file"
}

/// The `*.phr` files below `dir`, sorted by path, skipping hidden entries and what
/// `.gitignore`, `.ignore` and git's exclude files ignore (also outside a git repository);
/// symbolic links are followed, loops are not. A `*.phr` entry that is not a regular file is
/// reported and skipped.
fn walk(dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .ignore(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(true)
        .parents(true)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_name(|left, right| left.cmp(right))
        .build();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) if is_loop(&error) => continue,
            Err(error) => {
                let path = error_path(&error).unwrap_or(dir).to_path_buf();
                let reason = match error.io_error() {
                    Some(io_error) => describe_io_error(io_error),
                    None => error.to_string(),
                };
                problems.push(io_failure(&path, &reason));
                continue;
            }
        };
        if entry.depth() == 0 || entry.path().extension().is_none_or(|ext| ext != "phr") {
            continue;
        }
        match std::fs::metadata(entry.path()) {
            Ok(metadata) if metadata.is_file() => files.push(entry.into_path()),
            Ok(metadata) if metadata.is_dir() => {}
            Ok(metadata) => problems.push(not_regular(entry.path(), &metadata)),
            Err(error) => problems.push(io_failure(entry.path(), &describe_io_error(&error))),
        }
    }
    files.sort();
    (files, problems)
}

fn is_loop(error: &ignore::Error) -> bool {
    match error {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}
