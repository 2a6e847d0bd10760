//! Slow tests (a 50 MB input, 100k-article corpora, runs of rustc and of the SARIF validator)
//! skip themselves when `PHRASEC_SKIP_SLOW=1`; CI sets nothing and runs them all.

/// Whether the slow test `name` is to be skipped; says so on standard error when it is.
pub fn skip_slow_test(name: &str) -> bool {
    let skip = std::env::var_os("PHRASEC_SKIP_SLOW").is_some_and(|value| value == "1");
    if skip {
        eprintln!("{name}: skipped (PHRASEC_SKIP_SLOW=1)");
    }
    skip
}
