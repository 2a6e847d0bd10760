//! The rule sets the editor works on: a rule set is the `*.phr` files below its root (the
//! nearest folder of a document with a `phrasec.toml`, else the workspace folder holding it,
//! else the document's own folder), read from disk through `phrasec::io`, with the texts of
//! the documents open in the editor in place of the files on disk. A rule set is compiled
//! whole again after every change; each snapshot keeps which file of the compilation is
//! which path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use phrasec::io::{ReadOptions, Scope, find_config, read_rule_files, relative_to};
use phrasec::source::FileId;
use phrasec::{Compilation, Input};

/// One compiled rule set: the compilation and the path of each of its files.
pub struct Snapshot {
    pub compilation: Compilation,
    /// Indexed by `FileId`: the file's path on disk (also for the configuration file).
    pub paths: Vec<PathBuf>,
    /// Where the explanation of a diagnostic's code is read (`None`: no link).
    pub explain_url: Option<String>,
}

impl Snapshot {
    pub fn file_of(&self, path: &Path) -> Option<FileId> {
        let at = self.paths.iter().position(|known| known == path)?;
        Some(FileId(u32::try_from(at).ok()?))
    }

    pub fn path_of(&self, file: FileId) -> Option<&Path> {
        self.paths.get(file.0 as usize).map(PathBuf::as_path)
    }

    /// The text of `file` as compiled (a byte-order mark removed).
    pub fn text(&self, file: FileId) -> &str {
        &self.compilation.sources.get(file).text
    }
}

/// A rule set's root and the files its last diagnostics were published for.
pub struct RuleSet {
    pub snapshot: Snapshot,
    pub published: BTreeSet<PathBuf>,
}

/// The workspace folders, the open documents and the rule sets compiled.
#[derive(Default)]
pub struct Workspace {
    pub folders: Vec<PathBuf>,
    /// The editor's text of every open document.
    pub open: BTreeMap<PathBuf, String>,
    pub rule_sets: BTreeMap<PathBuf, RuleSet>,
    /// The link to a code's explanation, `{code}` standing for the code: from the client's
    /// `initializationOptions.explainUrl`, else the repository's `docs/codes/` when Cargo.toml
    /// names a repository, else none.
    pub explain_url: Option<String>,
}

impl Workspace {
    /// The root of the rule set `document` belongs to.
    pub fn root_of(&self, document: &Path) -> PathBuf {
        let folder = document.parent().unwrap_or(Path::new("/"));
        if let Ok(Some((config, _))) = find_config(folder, folder)
            && let Some(root) = config.parent()
        {
            return root.to_path_buf();
        }
        self.folders
            .iter()
            .filter(|workspace| document.starts_with(workspace))
            .max_by_key(|workspace| workspace.components().count())
            .cloned()
            .unwrap_or_else(|| folder.to_path_buf())
    }

    /// Compiles the rule set at `root` again (the open documents' texts over the files) and
    /// returns the rule set, its previous `published` kept.
    pub fn recompile(&mut self, root: &Path) -> &mut RuleSet {
        let snapshot = self.compile(root);
        let published = self
            .rule_sets
            .remove(root)
            .map(|old| old.published)
            .unwrap_or_default();
        self.rule_sets.entry(root.to_path_buf()).or_insert(RuleSet {
            snapshot,
            published,
        })
    }

    /// The root of the rule set a document belongs to, compiled if it was not yet.
    pub fn ensure_compiled(&mut self, document: &Path) -> PathBuf {
        let root = self.root_of(document);
        if !self.rule_sets.contains_key(&root) {
            self.recompile(&root);
        }
        root
    }

    fn compile(&self, root: &Path) -> Snapshot {
        let options = ReadOptions {
            scope: Scope::AsGiven,
            stdin_name: None,
        };
        let read = read_rule_files(&[root.to_path_buf()], &options);
        let mut files: BTreeMap<PathBuf, Vec<u8>> = read
            .files
            .into_iter()
            .filter_map(|file| Some((file.path()?.to_path_buf(), file.input.bytes)))
            .collect();
        for (path, text) in &self.open {
            let is_rule_file = path.extension().is_some_and(|ext| ext == "phr");
            if is_rule_file && path.starts_with(root) {
                files.insert(path.clone(), text.clone().into_bytes());
            }
        }
        let mut paths: Vec<PathBuf> = Vec::with_capacity(files.len() + 1);
        let mut inputs = Vec::with_capacity(files.len());
        for (path, bytes) in files {
            inputs.push(Input {
                name: relative_to(&path, root).display().to_string(),
                bytes,
            });
            paths.push(path);
        }
        // The configuration's errors point into it, so it is one of the files.
        let config = match find_config(root, root) {
            Ok(Some((path, input))) => {
                paths.push(path);
                Some(input)
            }
            _ => None,
        };
        let compilation = phrasec::compile_owned(inputs, config.as_ref());
        Snapshot {
            compilation,
            paths,
            explain_url: self.explain_url.clone(),
        }
    }
}
