//! `fmt` on every construct of the language: a rule file in an untidy layout, snapshotted
//! with its canonical form; the result parses to the same model and is a fixed point.

#[test]
fn every_construct_in_canonical_layout() {
    let source = std::fs::read_to_string("tests/fmt/every-construct.phr").expect("fixture");
    let formatted = phrasec::fmt::format_source(&source).expect("formats");
    assert_eq!(
        phrasec::fmt::format_source(&formatted).expect("formats"),
        formatted
    );
    let before = phrasec::compile_str("x.phr", &source);
    let after = phrasec::compile_str("x.phr", &formatted);
    assert_eq!(before.diagnostics.len(), after.diagnostics.len());
    assert_eq!(before.model.articles.len(), after.model.articles.len());
    insta::assert_snapshot!(formatted);
}
