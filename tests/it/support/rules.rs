//! The bundled rule files (`rules/*.phr`), read in the order of their names.

use phrasec::Input;

/// The bundled rules as inputs named as a user would give them (`rules/…`).
pub fn bundled_rules() -> Vec<Input> {
    rule_files("rules")
}

/// The `.phr` files of a directory, in the order of their names, as inputs.
pub fn rule_files(dir: &str) -> Vec<Input> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the rule directory")
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

/// The second encoded document (`examples/electricity/rules/`), compiled.
pub fn compile_electricity_rules() -> phrasec::Compilation {
    phrasec::compile(&rule_files("examples/electricity/rules"))
}

/// The bundled rules, compiled.
pub fn compile_bundled_rules() -> phrasec::Compilation {
    phrasec::compile(&bundled_rules())
}
