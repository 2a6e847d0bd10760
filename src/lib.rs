//! phrasec: a compiler and linter for rule files of standard service phrases (规范用语).
//!
//! Data flows one way: source text → [`syntax`] (AST) → [`check`] (model) → [`emit`] and
//! [`render`]. Only the binary's `cli` module reads files or prints.

// No bare `unwrap()` outside tests: an invariant is named with `expect("invariant: ...")`,
// a user error is a diagnostic (tests may unwrap: `clippy.toml`).
#![warn(clippy::unwrap_used)]

// pest is used without its `std` feature (see Cargo.toml); the parser it generates names
// `alloc::` from the crate root.
extern crate alloc;

pub mod builder;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod fmt;
pub mod io;
pub mod lint;
pub mod output;
pub mod render;
pub mod situation;
pub mod source;
pub mod syntax;
pub mod text_diff;

use check::model::Model;
use diagnostics::{Code, Diagnostic, Suppressed, UnusedSuppressions, sort_diagnostics};
use rayon::prelude::*;
use source::{FileId, SourceFile, SourceMap};

/// One input file: the name to show (as given, never made absolute) and its bytes.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The result of compiling a rule set: sources, the model and all diagnostics, sorted by
/// position. (The syntax trees are dropped once resolved; `syntax::parse` gives them.)
#[derive(Debug)]
pub struct Compilation {
    pub sources: SourceMap,
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings silenced by `# phrasec: allow(…) reason` comments: not in `diagnostics`, shown
    /// as suppressed by the JSON and SARIF outputs.
    pub suppressed: Vec<Suppressed>,
}

impl Compilation {
    pub fn has_errors(&self) -> bool {
        diagnostics::has_errors(&self.diagnostics)
    }
}

/// Parses and checks a rule set with the default configuration. Never fails: problems are
/// diagnostics.
pub fn compile(inputs: &[Input]) -> Compilation {
    compile_with_config(inputs, None)
}

/// Parses, checks and lints a rule set; `config` is the text of a `phrasec.toml`, which is
/// added to the compilation's sources (after the rule files) so its errors can point into it.
pub fn compile_with_config(inputs: &[Input], config: Option<&Input>) -> Compilation {
    compile_owned(inputs.to_vec(), config)
}

/// [`compile_with_config`] of inputs the caller gives up: their bytes become the sources'
/// texts without a copy.
pub fn compile_owned(inputs: Vec<Input>, config: Option<&Input>) -> Compilation {
    let n_inputs = inputs.len();
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    // Files are decoded and parsed side by side on rayon's threads, then added in order.
    let files: Vec<(FileId, Vec<u8>)> = inputs
        .into_iter()
        .map(|input| {
            let id = sources.add(SourceFile::new(input.name, String::new()));
            (id, input.bytes)
        })
        .collect();
    let read: Vec<_> = files
        .into_par_iter()
        .map(|(id, bytes)| {
            let decoded = syntax::decode_owned(id, bytes);
            let tree = decoded
                .diagnostics
                .is_empty()
                .then(|| syntax::parse(id, &decoded.text));
            (id, decoded, tree)
        })
        .collect();
    for (id, decoded, tree) in read {
        diagnostics.extend(decoded.diagnostics);
        sources.replace_text(id, decoded.text);
        if let Some((file, file_diagnostics)) = tree {
            diagnostics.extend(file_diagnostics);
            parsed.push((id, file));
        }
    }
    let (config, config_diagnostics) = match config {
        Some(config_input) => {
            let id = sources.add(SourceFile::new(
                config_input.name.clone(),
                String::from_utf8_lossy(&config_input.bytes).into_owned(),
            ));
            config::parse(id, &sources.get(id).text)
        }
        None => (config::Config::default(), Vec::new()),
    };
    let refs: Vec<syntax::ast::ParsedFile<'_>> = parsed
        .iter()
        .map(|(id, tree)| syntax::ast::ParsedFile {
            id: *id,
            text: &sources.get(*id).text,
            tree,
        })
        .collect();
    let read_cleanly = !diagnostics::has_errors(&diagnostics) && parsed.len() == n_inputs;
    // A `spec` header with a syntax error is left out of the model; it is not missing.
    let spec_unreadable = diagnostics
        .iter()
        .any(|d| matches!(d.code, Code::E0001 | Code::E0002));
    diagnostics.extend(config_diagnostics);
    // The text lints read the syntax trees; name resolution then takes the trees and drops
    // each article's once it is resolved, so that the trees and the model are never both
    // whole in memory.
    let text_lint_diagnostics = if read_cleanly {
        lint::text_lints(&refs, &sources, &config)
    } else {
        Vec::new()
    };
    drop(refs);
    let unreadable_names: std::collections::BTreeSet<String> = parsed
        .iter_mut()
        .flat_map(|(_, tree)| std::mem::take(&mut tree.unreadable_names))
        .collect();
    let n_parsed = parsed.len();
    let trees: Vec<syntax::ast::OwnedParsedFile> = parsed
        .into_iter()
        .map(|(id, tree)| syntax::ast::OwnedParsedFile {
            id,
            text: std::sync::Arc::clone(&sources.get(id).text),
            tree,
        })
        .collect();
    let (mut model, mut check_diagnostics) = check::resolve_owned(trees);
    check_diagnostics.extend(check::constants::supply_constants(
        &mut model,
        &config.constants,
    ));
    if spec_unreadable {
        check_diagnostics.retain(|d| d.code != Code::E0109);
    }
    // A name whose declaration has a syntax error is not unknown: that error is the cause.
    if !unreadable_names.is_empty() {
        check_diagnostics.retain(|d| {
            let is_unknown_name = matches!(
                d.code,
                Code::E0102 | Code::E0103 | Code::E0105 | Code::E0106 | Code::E0107
            );
            !(is_unknown_name
                && d.primary_span().is_some_and(|span| {
                    let text = &sources.get(span.file).text;
                    text.get(span.range())
                        .is_some_and(|name| unreadable_names.contains(name))
                }))
        });
    }
    // Later checks assume every name resolved; after an error they would only add noise.
    let every_check_runs = read_cleanly && !diagnostics::has_errors(&check_diagnostics);
    if every_check_runs {
        check_diagnostics.extend(check::check_model(&model));
    }
    check_diagnostics.extend(text_lint_diagnostics);
    if read_cleanly {
        check_diagnostics.extend(lint::model_lints(&model, &config));
    }
    if n_parsed == n_inputs {
        diagnostics.extend(check_diagnostics);
    } else {
        // A file that could not be decoded would make every name it declares look unknown.
        diagnostics.extend(check_diagnostics.into_iter().filter(|d| !d.is_error()));
    }
    let rule_files: Vec<(FileId, &str)> = (0..n_inputs)
        .map(|idx| {
            let id = FileId(idx as u32);
            (id, &*sources.get(id).text)
        })
        .collect();
    let mut suppressed = diagnostics::apply_suppressions(
        &rule_files,
        &mut diagnostics,
        match every_check_runs {
            true => UnusedSuppressions::Report,
            false => UnusedSuppressions::Skip,
        },
    );
    config::apply_levels(&config, &mut diagnostics);
    sort_diagnostics(&mut diagnostics);
    suppressed.sort_by(|a, b| a.diagnostic.cmp(&b.diagnostic));
    Compilation {
        sources,
        model,
        diagnostics,
        suppressed,
    }
}

/// Compiles a single in-memory file; convenient for tests and tools.
pub fn compile_str(name: &str, text: &str) -> Compilation {
    compile(&[Input {
        name: name.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }])
}
