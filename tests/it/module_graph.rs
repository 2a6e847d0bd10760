//! No import cycle in `src/`: every file is read as Rust tokens (comments and strings are not
//! paths), every `crate::…`, `super::…` and (in the binary) `phrasec::…` path is resolved to
//! the module it names, and the graph of those references must have no cycle, at two levels:
//! the top-level modules (`syntax`, `check`, `diagnostics`, `output`, `diff`, …), and their
//! submodules (`diagnostics::render`, `output::sarif`, …; deeper files count as their
//! second-level ancestor). A module's references to its own descendants (a parent declares
//! and re-exports its children) are not edges; a child's references to its parent are.
//! Unit-test modules (`#[cfg(test)] mod … { … }`) are left out: they are not the build's
//! graph. The level is stated in ARCHITECTURE.md's invariants.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// A module path, `[]` for a crate root; the binary's modules start with `"bin"`.
type Module = Vec<String>;

/// One file of `src/`: its module and its text.
struct SourceFile {
    module: Module,
    text: String,
}

fn module_of(relative: &Path) -> Module {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().expect("a file name");
    let stem = file.trim_end_matches(".rs");
    let in_binary = parts.first().is_some_and(|first| first == "cli") || stem == "main";
    if stem != "mod" && stem != "lib" && stem != "main" {
        parts.push(stem.to_owned());
    }
    if in_binary {
        parts.insert(0, "bin".to_owned());
    }
    parts
}

fn read_sources() -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut pending = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    let root = pending[0].clone();
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory).expect("src is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(&root).expect("under src");
                files.push(SourceFile {
                    module: module_of(relative),
                    text: std::fs::read_to_string(&path).expect("a source file"),
                });
            }
        }
    }
    files.sort_by(|left, right| left.module.cmp(&right.module));
    files
}

/// Whether a file is a directory's `mod.rs` or a crate root, known by its module having
/// children among the files (its `super` is then its own parent).
fn owns_directory(module: &Module, modules: &BTreeSet<Module>) -> bool {
    module.is_empty()
        || module == &["bin".to_owned()]
        || modules
            .iter()
            .any(|other| other.len() > module.len() && other.starts_with(module))
}

/// Every path the tokens name, as segments (groups `{a, b::c}` expanded), unit-test modules
/// skipped.
fn paths(tokens: TokenStream) -> Vec<Vec<String>> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut found = Vec::new();
    let mut idx = 0;
    while idx < trees.len() {
        if is_test_module(&trees, idx) {
            // `#` `[cfg(test)]` `mod` name `{…}`
            idx += 5;
            continue;
        }
        match &trees[idx] {
            TokenTree::Ident(ident)
                if path_start(&ident.to_string()) && is_colons(&trees, idx + 1) =>
            {
                let (mut prefixes, next) = path_at(&trees, idx);
                found.append(&mut prefixes);
                idx = next;
                continue;
            }
            TokenTree::Group(group) => found.extend(paths(group.stream())),
            _ => {}
        }
        idx += 1;
    }
    found
}

fn path_start(word: &str) -> bool {
    matches!(word, "crate" | "super" | "phrasec")
}

fn is_test_module(trees: &[TokenTree], idx: usize) -> bool {
    let is_hash = matches!(&trees[idx], TokenTree::Punct(p) if p.as_char() == '#');
    let is_cfg_test = matches!(trees.get(idx + 1), Some(TokenTree::Group(g))
        if g.delimiter() == Delimiter::Bracket && g.stream().to_string().replace(' ', "") == "cfg(test)");
    let is_mod = matches!(trees.get(idx + 2), Some(TokenTree::Ident(i)) if i == "mod");
    let has_body = matches!(trees.get(idx + 4), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace);
    is_hash && is_cfg_test && is_mod && has_body
}

fn is_colons(trees: &[TokenTree], idx: usize) -> bool {
    matches!((trees.get(idx), trees.get(idx + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':')
}

/// The path starting at `idx` (and, for a group, each path in it); the index after it.
fn path_at(trees: &[TokenTree], mut idx: usize) -> (Vec<Vec<String>>, usize) {
    let mut segments = Vec::new();
    loop {
        match trees.get(idx) {
            Some(TokenTree::Ident(ident)) => segments.push(ident.to_string()),
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                let mut expanded = Vec::new();
                for item in inner.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
                {
                    if item.is_empty() {
                        continue;
                    }
                    let (tails, _) = path_at(item, 0);
                    for tail in tails {
                        let mut whole = segments.clone();
                        whole.extend(tail.into_iter().filter(|segment| segment != "self"));
                        expanded.push(whole);
                    }
                }
                return (expanded, idx + 1);
            }
            _ => return (vec![segments], idx),
        }
        if !is_colons(trees, idx + 1) {
            return (vec![segments], idx + 1);
        }
        idx += 3;
    }
}

/// The module a path names: its start resolved from `from`, then the longest prefix that is
/// a module.
fn resolve(
    from: &Module,
    owns: bool,
    path: &[String],
    modules: &BTreeSet<Module>,
) -> Option<Module> {
    let binary = from.first().is_some_and(|first| first == "bin");
    let (base, rest): (Module, &[String]) = match path.first().map(String::as_str) {
        Some("crate") if binary => (vec!["bin".to_owned()], &path[1..]),
        Some("crate") | Some("phrasec") => (Vec::new(), &path[1..]),
        Some("super") => {
            let mut base = from.clone();
            if !owns {
                base.pop();
            }
            let mut rest = &path[1..];
            while rest.first().is_some_and(|segment| segment == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => return None,
    };
    let mut module = base;
    for segment in rest {
        let mut longer = module.clone();
        longer.push(segment.clone());
        if modules.contains(&longer) {
            module = longer;
        } else {
            break;
        }
    }
    Some(module)
}

/// The edges between modules cut to `depth` segments (the binary's `bin` not counted),
/// without references to oneself or one's descendants.
fn graph(depth: usize) -> BTreeMap<Module, BTreeSet<Module>> {
    let files = read_sources();
    let modules: BTreeSet<Module> = files.iter().map(|file| file.module.clone()).collect();
    let cut = |module: &Module| -> Module {
        let keep = if module.first().is_some_and(|first| first == "bin") {
            depth + 1
        } else {
            depth
        };
        module.iter().take(keep).cloned().collect()
    };
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for file in &files {
        let tokens: TokenStream = file.text.parse().expect("src files are Rust tokens");
        let owns = owns_directory(&file.module, &modules);
        let from = cut(&file.module);
        for path in paths(tokens) {
            let Some(target) = resolve(&file.module, owns, &path, &modules) else {
                continue;
            };
            let to = cut(&target);
            if !to.starts_with(&from) {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    edges
}

/// A cycle, as the modules along it, if the graph has one.
fn find_cycle(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &Module,
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        marks: &mut BTreeMap<Module, Mark>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = stack.iter().position(|m| m == node).unwrap_or(0);
                let mut cycle = stack[start..].to_vec();
                cycle.push(node.clone());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node.clone(), Mark::Open);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, marks, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        marks.insert(node.clone(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in edges.keys() {
        if let Some(cycle) = visit(node, edges, &mut marks, &mut Vec::new()) {
            return Some(cycle);
        }
    }
    None
}

fn shown(cycle: &[Module]) -> String {
    cycle
        .iter()
        .map(|module| match module.is_empty() {
            true => "crate".to_owned(),
            false => module.join("::"),
        })
        .collect::<Vec<_>>()
        .join(" -> ")
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let edges = graph(1);
    assert!(
        edges.contains_key(&vec!["diagnostics".to_owned()]),
        "{edges:?}"
    );
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle: {}", shown(&cycle));
    }
}

#[test]
fn no_import_cycle_between_submodules() {
    let edges = graph(2);
    let render = vec!["diagnostics".to_owned(), "render".to_owned()];
    assert!(
        edges
            .get(&render)
            .is_some_and(|to| to.contains(&vec!["output".to_owned(), "sarif".to_owned()])),
        "the graph sees diagnostics::render use output::sarif: {:?}",
        edges.get(&render)
    );
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle: {}", shown(&cycle));
    }
}

/// The checker finds the cycle the old `diagnostics` had: `render` importing the format
/// files that imported it.
#[test]
fn a_cycle_between_sibling_files_is_found() {
    let module = |path: &str| -> Module { path.split("::").map(str::to_owned).collect() };
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    edges
        .entry(module("diagnostics::render"))
        .or_default()
        .insert(module("diagnostics::sarif"));
    edges
        .entry(module("diagnostics::sarif"))
        .or_default()
        .insert(module("diagnostics::render"));
    let cycle = find_cycle(&edges).expect("a cycle");
    assert_eq!(
        shown(&cycle),
        "diagnostics::render -> diagnostics::sarif -> diagnostics::render"
    );
}

#[test]
fn paths_in_groups_and_after_super_resolve_to_modules() {
    let modules: BTreeSet<Module> = [
        vec![],
        vec!["output".to_owned()],
        vec!["output".to_owned(), "sarif".to_owned()],
        vec!["diagnostics".to_owned()],
        vec!["diagnostics".to_owned(), "render".to_owned()],
    ]
    .into_iter()
    .collect();
    let tokens: TokenStream = "use crate::output::{self, sarif::Tool, Level}; fn f() { super::x(); } #[cfg(test)] mod tests { use crate::diagnostics::render::y; }"
        .parse()
        .expect("tokens");
    let from = vec!["diagnostics".to_owned(), "render".to_owned()];
    let resolved: Vec<Module> = paths(tokens)
        .iter()
        .filter_map(|path| resolve(&from, false, path, &modules))
        .collect();
    assert_eq!(
        resolved,
        [
            vec!["output".to_owned()],
            vec!["output".to_owned(), "sarif".to_owned()],
            vec!["output".to_owned()],
            vec!["diagnostics".to_owned()],
        ]
    );
}
