//! The benchmark corpus is valid input: it compiles with no diagnostics at all, so the
//! benchmarks in `benches/parse.rs` measure the fast path (no error recovery).

use crate::support::corpus;

#[test]
fn generated_corpus_compiles_without_diagnostics() {
    let text = corpus::generate(2_000, corpus::SEED);
    let compilation = phrasec::compile_str("corpus.phr", &text);
    let shown: Vec<String> = compilation
        .diagnostics
        .iter()
        .take(5)
        .map(|d| format!("{d:?}"))
        .collect();
    assert!(
        compilation.diagnostics.is_empty(),
        "{} diagnostics, first: {shown:#?}",
        compilation.diagnostics.len()
    );
    assert_eq!(compilation.model.articles.len(), 2_000);
    assert_eq!(compilation.model.chapters.len(), 21);
    assert_eq!(compilation.model.sections.len(), 103);
}

#[test]
fn generated_corpus_is_deterministic() {
    assert_eq!(
        corpus::generate(300, corpus::SEED),
        corpus::generate(300, corpus::SEED)
    );
    assert_ne!(
        corpus::generate(300, corpus::SEED),
        corpus::generate(300, corpus::SEED + 1)
    );
}
