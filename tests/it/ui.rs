//! UI tests: each `tests/ui/<CODE>-<name>.phr` is compiled and its source and human-readable
//! diagnostics are snapshotted (`tests/ui/snapshots/`); the file's code must be among them.
//! A `tests/ui/<CODE>-<name>.toml` next to it is its `phrasec.toml` (lint levels, channels,
//! or a configuration error) and is shown in the snapshot too.

use std::path::Path;

use phrasec::diagnostics::{CODES, Code, Coloring, OutputFormat, render_diagnostics};

/// The file name as a user would give it: relative to the crate, with `/` separators.
fn relative_name(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.to_string_lossy().replace('\\', "/")
}

/// The code a UI file is about: the part of its name before the first `-`.
fn expected_code(path: &Path) -> Code {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let code = stem.split('-').next().unwrap_or_default();
    Code::parse(code).unwrap_or_else(|| panic!("{stem}: no diagnostic code `{code}`"))
}

#[test]
fn ui() {
    insta::with_settings!({
        snapshot_path => "../ui/snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("../ui", "*.phr", |path| {
            let name = relative_name(path);
            assert!(name.starts_with("tests/ui/"), "not relative: {name}");
            let bytes = std::fs::read(path).expect("UI file is readable");
            let config_path = path.with_extension("toml");
            let config = config_path.exists().then(|| phrasec::Input {
                name: relative_name(&config_path),
                bytes: std::fs::read(&config_path).expect("UI configuration is readable"),
            });
            let compilation = phrasec::compile_with_config(
                &[phrasec::Input {
                    name: name.clone(),
                    bytes,
                }],
                config.as_ref(),
            );
            let code = expected_code(path);
            assert!(
                compilation.diagnostics.iter().any(|d| d.code == code),
                "{name}: no {code} among {:#?}",
                compilation.diagnostics
            );
            let rendered = render_diagnostics(
                &compilation.sources,
                &compilation.diagnostics,
                OutputFormat::Human,
                Coloring::Plain,
            );
            let mut files = compilation.sources.files().map(|(_, file)| file);
            let source = files.next().expect("one source file");
            let mut snapshot = format!("----- SOURCE ({name})\n{}\n", source.text.trim_end());
            if let Some(config) = files.next() {
                snapshot += &format!(
                    "----- CONFIG ({})\n{}\n",
                    config.name,
                    config.text.trim_end()
                );
            }
            snapshot += &format!("----- DIAGNOSTICS\n{rendered}");
            insta::assert_snapshot!("ui", snapshot);
        });
    });
}

/// Every configuration file belongs to a rule file.
#[test]
fn every_ui_configuration_has_a_rule_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    for entry in std::fs::read_dir(&dir).expect("tests/ui exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|ext| ext == "toml") {
            assert!(
                path.with_extension("phr").exists(),
                "{}: no rule file next to it",
                path.display()
            );
        }
    }
}

/// Every code that a rule file can trigger has at least one UI file.
#[test]
fn every_file_code_has_a_ui_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut covered = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/ui exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|ext| ext == "phr") {
            covered.push(expected_code(&path));
        }
    }
    // Not from a rule file's text: unreadable paths (E0006), refused outputs (E0008) and
    // `render` arguments (E03xx).
    let not_from_files = [
        Code::E0006,
        Code::E0008,
        Code::E0301,
        Code::E0302,
        Code::E0303,
        Code::E0304,
        Code::E0305,
        Code::E0306,
        Code::E0307,
        Code::E0128,
    ];
    let missing: Vec<&str> = CODES
        .iter()
        .map(|info| info.code)
        .filter(|code| !not_from_files.contains(code) && !covered.contains(code))
        .map(Code::as_str)
        .collect();
    assert!(missing.is_empty(), "codes without a UI file: {missing:?}");
    assert!(
        covered.iter().filter(|&&code| code == Code::E0101).count() >= 5,
        "E0101 has several distinct messages"
    );
}
