//! Every rule example in `docs/language.md` and `README.md` is checked, so the documentation
//! cannot rot: ```` ```phr ```` blocks must parse, ```` ```phr,check ```` blocks must compile
//! without errors.

use phrasec::source::FileId;

use crate::support::markdown;

use markdown::fenced_blocks;

fn check_document(path: &str) -> usize {
    let markdown = std::fs::read_to_string(path).expect("document exists");
    let mut n_checked = 0;
    for (info, code) in fenced_blocks(&markdown) {
        match info.as_str() {
            "phr" => {
                let (_, diagnostics) = phrasec::syntax::parse(FileId(0), &code);
                assert!(
                    diagnostics.is_empty(),
                    "{path}: block does not parse:\n{code}\n{diagnostics:#?}"
                );
            }
            "phr,check" => {
                let compilation = phrasec::compile_str("example.phr", &code);
                assert!(
                    !compilation.has_errors(),
                    "{path}: block has errors:\n{code}\n{:#?}",
                    compilation.diagnostics
                );
            }
            _ => continue,
        }
        n_checked += 1;
    }
    n_checked
}

#[test]
fn language_reference_examples_are_valid() {
    let n_checked = check_document("docs/language.md");
    assert!(n_checked >= 15, "only {n_checked} examples checked");
}

#[test]
fn readme_examples_are_valid() {
    check_document("README.md");
}

#[test]
fn a_broken_example_would_be_caught() {
    let blocks = fenced_blocks("text\n```phr,check\narticle 1 \"x\"\n  say \"{nope}\"\n```\n");
    assert_eq!(blocks.len(), 1);
    let compilation = phrasec::compile_str("example.phr", &blocks[0].1);
    assert!(compilation.has_errors());
}
