//! The bundled rule files (`rules/*.phr`), read in the order of their names.

use phrasec::Input;

/// The bundled rules as inputs named as a user would give them (`rules/…`).
pub fn bundled_rules() -> Vec<Input> {
    let mut paths: Vec<_> = std::fs::read_dir("rules")
        .expect("rules/")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "phr"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| Input {
            name: path.to_string_lossy().into_owned(),
            bytes: std::fs::read(&path).expect("readable"),
        })
        .collect()
}

/// The bundled rules, compiled.
pub fn compile_bundled_rules() -> phrasec::Compilation {
    phrasec::compile(&bundled_rules())
}
