//! Throughput of checking generated rule sets of decisions over 12 facts of up to 16 values
//! each (`support/check_corpus.rs`), at 1k, 10k and 100k articles, without and with gaps.
//!
//! - `compile/{no-gaps,gaps}/N`: `phrasec::compile` end to end (decoding, parse, name
//!   resolution, type and condition checks, coverage of every decision, text lints).
//! - `check-only/{no-gaps,gaps}/N`: name resolution and the checks (`check::resolve` +
//!   `check::check_model`) on a file parsed beforehand: the checker's own cost.
//! - `parse/no-gaps/N`: the parse alone, for comparison.
//!
//! `no-gaps` corpora cover every decision exactly (the leaves of random decision trees, with
//! segment-specific overrides); `gaps` corpora are generated the same way with 5 % of the
//! decision articles removed, so decisions report uncovered cases (W0201).
//! `tests/it/check_corpus.rs` asserts that the corpora are what these names say.
//!
//! Throughput is reported in articles and bytes per second; results are dropped outside the
//! timed region. Every corpus is generated up front; the `check-only` ones are parsed only
//! when a benchmark selected by the filter needs them.
//!
//! Run: `CARGO_TARGET_DIR=target/bench cargo bench --bench check` (or add a filter such as
//! `-- check-only/` after it).

use std::cell::OnceCell;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main,
};
use phrasec::Input;
use phrasec::source::FileId;
use phrasec::syntax::ast::File;

#[path = "support/allocator.rs"]
mod allocator;
#[path = "../tests/it/support/check_corpus.rs"]
#[allow(dead_code)]
mod check_corpus;
#[path = "../tests/it/support/lcg.rs"]
#[allow(dead_code)]
mod lcg;

use check_corpus::{SEED, Variant, generate};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

const VARIANTS: [(&str, Variant); 2] = [("no-gaps", Variant::NoGaps), ("gaps", Variant::Gaps)];

fn label(articles: usize) -> String {
    format!("{}k", articles / 1_000)
}

/// A generated corpus, parsed on first use (only the benchmarks selected parse it).
struct Corpus {
    text: String,
    parsed: OnceCell<File>,
}

impl Corpus {
    fn new(articles: usize, variant: Variant) -> Corpus {
        let corpus = generate(articles, variant, SEED);
        eprintln!(
            "corpus {variant:?} {}: {} articles, {} bytes, {} decisions ({} articles removed)",
            label(articles),
            corpus.articles,
            corpus.text.len(),
            corpus.decisions,
            corpus.removed,
        );
        Corpus {
            text: corpus.text,
            parsed: OnceCell::new(),
        }
    }

    fn parsed(&self) -> &File {
        self.parsed.get_or_init(|| {
            let (file, diagnostics) = phrasec::syntax::parse(FileId(0), &self.text);
            assert!(diagnostics.is_empty(), "the corpus parses cleanly");
            file
        })
    }
}

/// Throughput in articles and bytes; fewer, longer samples for the big corpora so a run
/// stays within a few minutes.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, articles: usize, bytes: usize) {
    group.throughput(Throughput::ElementsAndBytes {
        elements: articles as u64,
        bytes: bytes as u64,
    });
    let (samples, seconds) = match articles {
        0..=1_000 => (50, 5),
        1_001..=10_000 => (20, 8),
        _ => (10, 30),
    };
    group.sample_size(samples);
    group.measurement_time(Duration::from_secs(seconds));
}

/// `phrasec::compile` end to end.
fn compile(c: &mut Criterion, corpora: &[(&str, usize, Corpus)]) {
    for (name, _) in VARIANTS {
        let mut group = c.benchmark_group(format!("compile/{name}"));
        for (_, articles, corpus) in corpora.iter().filter(|(n, _, _)| n == &name) {
            let inputs = [Input {
                name: "check-corpus.phr".to_owned(),
                bytes: corpus.text.as_bytes().to_vec(),
            }];
            configure(&mut group, *articles, corpus.text.len());
            group.bench_function(label(*articles), |b| {
                b.iter_batched(
                    || (),
                    |()| phrasec::compile(&inputs),
                    BatchSize::PerIteration,
                );
            });
        }
        group.finish();
    }
}

/// Name resolution and the checks on an already parsed file.
fn check_only(c: &mut Criterion, corpora: &[(&str, usize, Corpus)]) {
    for (name, _) in VARIANTS {
        let mut group = c.benchmark_group(format!("check-only/{name}"));
        for (_, articles, corpus) in corpora.iter().filter(|(n, _, _)| n == &name) {
            configure(&mut group, *articles, corpus.text.len());
            group.bench_function(label(*articles), |b| {
                let file = corpus.parsed();
                let text: std::sync::Arc<str> = corpus.text.as_str().into();
                b.iter_batched(
                    || (),
                    |()| {
                        let (model, mut diagnostics) =
                            phrasec::check::resolve(&[phrasec::syntax::ast::ParsedFile {
                                id: FileId(0),
                                text: &text,
                                tree: file,
                            }]);
                        diagnostics.extend(phrasec::check::check_model(&model));
                        (model, diagnostics)
                    },
                    BatchSize::PerIteration,
                );
            });
        }
        group.finish();
    }
}

/// The parse alone.
fn parse(c: &mut Criterion, corpora: &[(&str, usize, Corpus)]) {
    let mut group = c.benchmark_group("parse/no-gaps");
    for (_, articles, corpus) in corpora.iter().filter(|(n, _, _)| *n == "no-gaps") {
        configure(&mut group, *articles, corpus.text.len());
        group.bench_function(label(*articles), |b| {
            b.iter_batched(
                || (),
                |()| phrasec::syntax::parse(FileId(0), &corpus.text),
                BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let corpora: Vec<(&str, usize, Corpus)> = VARIANTS
        .iter()
        .flat_map(|&(name, variant)| {
            SIZES
                .iter()
                .map(move |&articles| (name, articles, Corpus::new(articles, variant)))
        })
        .collect();
    compile(c, &corpora);
    check_only(c, &corpora);
    parse(c, &corpora);
}

criterion_group!(check, benches);
criterion_main!(check);
