//! The check benchmark's corpora measure what they claim, at every size the benchmark uses:
//! without gaps the decisions are covered exactly (no error, no W0201, in fact no diagnostic
//! at all); with gaps, decisions report uncovered cases (W0201) and nothing else.

use phrasec::diagnostics::Code;

use crate::support::check_corpus;

use crate::support::slow::skip_slow_test;
use check_corpus::{SEED, Variant, generate};

fn codes(compilation: &phrasec::Compilation) -> Vec<Code> {
    compilation.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn corpus_without_gaps_compiles_cleanly() {
    if skip_slow_test("check_corpus::corpus_without_gaps_compiles_cleanly") {
        return;
    }
    for (articles, seed) in [
        (1_000, SEED),
        (10_000, SEED),
        (100_000, SEED),
        (3_000, SEED + 7),
    ] {
        let corpus = generate(articles, Variant::NoGaps, seed);
        let compilation = phrasec::compile_str("check-corpus.phr", &corpus.text);
        let shown: Vec<String> = compilation
            .diagnostics
            .iter()
            .take(5)
            .map(|d| format!("{d:?}"))
            .collect();
        assert!(
            compilation.diagnostics.is_empty(),
            "{articles} articles, seed {seed}: {} diagnostics, first: {shown:#?}",
            compilation.diagnostics.len()
        );
        assert!(!compilation.has_errors());
        assert_eq!(compilation.model.articles.len(), articles);
        assert_eq!(compilation.model.decisions.len(), corpus.decisions);
        assert_eq!(compilation.model.facts.len(), 12);
        assert!(compilation.model.facts.iter().all(|f| f.values.len() <= 16));
        // Most articles are in a decision, with overrides, cases and every operator.
        assert!(corpus.decision_articles * 10 > articles * 9);
        let with_cases = compilation
            .model
            .articles
            .iter()
            .filter(|a| {
                a.body
                    .iter()
                    .any(|item| matches!(item, phrasec::check::model::BodyItem::Case(_)))
            })
            .count();
        assert!(
            with_cases > articles / 100,
            "{with_cases} articles with cases"
        );
        let overrides = compilation
            .model
            .articles
            .iter()
            .filter(|a| !a.general_for.is_empty())
            .count();
        assert!(
            overrides > articles / 100,
            "{overrides} overridden articles"
        );
        for operator in ["!=", " in {", "not in {", "segment ="] {
            assert!(corpus.text.contains(operator), "no `{operator}`");
        }
    }
}

#[test]
fn corpus_with_gaps_reports_uncovered_cases() {
    if skip_slow_test("check_corpus::corpus_with_gaps_reports_uncovered_cases") {
        return;
    }
    for (articles, seed, at_least) in [
        (1_000, SEED, 1),
        (10_000, SEED, 50),
        (100_000, SEED, 500),
        (3_000, SEED + 7, 1),
    ] {
        let corpus = generate(articles, Variant::Gaps, seed);
        assert!(corpus.removed > 0);
        let compilation = phrasec::compile_str("check-corpus.phr", &corpus.text);
        assert!(!compilation.has_errors());
        assert_eq!(compilation.model.articles.len(), articles);
        let codes = codes(&compilation);
        let uncovered = codes.iter().filter(|&&code| code == Code::W0201).count();
        assert!(
            uncovered >= at_least,
            "{articles} articles, seed {seed}: {uncovered} decisions with gaps"
        );
        assert!(
            codes.iter().all(|&code| code == Code::W0201),
            "{articles} articles, seed {seed}: only W0201 expected: {codes:?}"
        );
    }
}

#[test]
fn corpora_are_deterministic() {
    let a = generate(1_500, Variant::NoGaps, SEED);
    let b = generate(1_500, Variant::NoGaps, SEED);
    assert_eq!(a.text, b.text);
    assert_eq!(a.articles, 1_500);
    assert_ne!(a.text, generate(1_500, Variant::NoGaps, SEED + 1).text);
    let gaps = generate(1_500, Variant::Gaps, SEED);
    assert_eq!(gaps.text, generate(1_500, Variant::Gaps, SEED).text);
    assert_ne!(gaps.text, a.text);
}

/// Decisions are checked side by side on rayon's threads: the diagnostics are the same, in the
/// same order, as on one thread.
#[test]
fn decisions_checked_in_parallel_report_what_one_thread_reports() {
    let corpus = generate(10_000, Variant::Gaps, SEED);
    let compilation = phrasec::compile_str("check-corpus.phr", &corpus.text);
    let on_threads = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        pool.install(|| phrasec::check::decisions::check_decisions(&compilation.model))
    };
    let one = on_threads(1);
    assert!(one.len() >= 50, "{} diagnostics", one.len());
    for threads in [2, 3, 8] {
        assert_eq!(one, on_threads(threads), "{threads} threads");
    }
}
