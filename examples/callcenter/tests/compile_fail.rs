//! Misusing the generated phrases does not compile: a missing slot, a slot value of the wrong
//! type, an enum of another slot, and a `match` on a decision's rules that leaves one out.
//! The expected compiler errors are committed next to each case (`TRYBUILD=overwrite` updates
//! them).

#[test]
fn misuse_of_the_generated_api_does_not_compile() {
    // Slow (it compiles each case); skipped with the integration tests' switch (CONTRIBUTING.md).
    if std::env::var_os("PHRASEC_SKIP_SLOW").is_some_and(|value| value == "1") {
        eprintln!("skipped (PHRASEC_SKIP_SLOW=1)");
        return;
    }
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/compile_fail/*.rs");
}
