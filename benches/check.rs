//! Throughput of checking: `phrasec::compile` (parse, name resolution, type and condition
//! checks, coverage of every decision) on generated rule sets of decisions over 12 facts of
//! up to 16 values each (`support/check_corpus.rs`).
//!
//! `check/no-gaps` has 1k, 10k and 100k articles whose decisions are covered exactly (the
//! leaves of random decision trees, with segment-specific overrides); `check/gaps` is the
//! same generator with 5 % of the decision articles removed, so most decisions report
//! uncovered cases (W0201). `parse/…` and `model/…` split `compile` on the 10k rule sets:
//! the parse alone, and name resolution and the checks on an already parsed file.
//! Throughput is in articles; the results are dropped outside the timed region.
//! `tests/check_corpus.rs` asserts that the corpora are what these names say.
//!
//! Run: `CARGO_TARGET_DIR=target/bench cargo bench --bench check`

use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use phrasec::Input;
use phrasec::source::FileId;

#[path = "support/check_corpus.rs"]
mod check_corpus;

use check_corpus::{Corpus, SEED, Variant, generate};

fn label(articles: usize) -> String {
    format!("{}k", articles / 1_000)
}

/// Generates a corpus and says what it is (articles, bytes, decisions, diagnostics).
fn corpus(articles: usize, variant: Variant) -> Corpus {
    let corpus = generate(articles, variant, SEED);
    let compilation = phrasec::compile_str("check-corpus.phr", &corpus.text);
    eprintln!(
        "corpus {variant:?} {}: {} articles, {} bytes, {} decisions ({} articles removed), {} diagnostics",
        label(articles),
        corpus.articles,
        corpus.text.len(),
        corpus.decisions,
        corpus.removed,
        compilation.diagnostics.len()
    );
    corpus
}

fn compile_group(c: &mut Criterion, name: &str, variant: Variant, sizes: &[usize]) {
    let mut group = c.benchmark_group(name);
    for &articles in sizes {
        let corpus = corpus(articles, variant);
        let inputs = [Input {
            name: "check-corpus.phr".to_owned(),
            bytes: corpus.text.into_bytes(),
        }];
        configure(&mut group, articles);
        group.bench_with_input(
            BenchmarkId::from_parameter(label(articles)),
            &inputs,
            |b, inputs| {
                b.iter_batched(
                    || (),
                    |()| phrasec::compile(inputs),
                    BatchSize::PerIteration,
                );
            },
        );
    }
    group.finish();
}

fn check(c: &mut Criterion) {
    compile_group(
        c,
        "check/no-gaps",
        Variant::NoGaps,
        &[1_000, 10_000, 100_000],
    );
    compile_group(c, "check/gaps", Variant::Gaps, &[10_000]);
}

/// The two halves of `compile` on the 10k rule sets: the parse alone, and resolution and
/// checks without the parse.
fn parts(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    let articles = 10_000;
    let corpus = generate(articles, Variant::NoGaps, SEED);
    configure(&mut group, articles);
    group.bench_with_input(
        BenchmarkId::new("no-gaps", label(articles)),
        corpus.text.as_str(),
        |b, text| {
            b.iter_batched(
                || (),
                |()| phrasec::syntax::parse(FileId(0), text),
                BatchSize::PerIteration,
            );
        },
    );
    group.finish();
    let mut group = c.benchmark_group("model");
    for (name, variant) in [("no-gaps", Variant::NoGaps), ("gaps", Variant::Gaps)] {
        let articles = 10_000;
        let corpus = generate(articles, variant, SEED);
        let (file, parse_diagnostics) = phrasec::syntax::parse(FileId(0), &corpus.text);
        assert!(parse_diagnostics.is_empty());
        configure(&mut group, articles);
        group.bench_with_input(BenchmarkId::new(name, label(articles)), &file, |b, file| {
            b.iter_batched(
                || (),
                |()| {
                    let (model, mut diagnostics) = phrasec::check::resolve(&[(FileId(0), file)]);
                    diagnostics.extend(phrasec::check::check_model(&model));
                    (model, diagnostics)
                },
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

/// Fewer, longer samples for the big corpora so a run stays within a few minutes.
fn configure(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    articles: usize,
) {
    group.throughput(Throughput::Elements(articles as u64));
    let (samples, seconds) = match articles {
        0..=1_000 => (50, 5),
        1_001..=10_000 => (20, 10),
        _ => (10, 40),
    };
    group.sample_size(samples);
    group.measurement_time(Duration::from_secs(seconds));
}

criterion_group!(benches, check, parts);
criterion_main!(benches);
