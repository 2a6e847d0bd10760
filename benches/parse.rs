//! Throughput of the front end on generated rule corpora of 1k, 10k and 100k articles.
//!
//! - `parse`: `syntax::parse`, the hand-written descent (pest only where it gives up, i.e. on
//!   a syntax error), on as many threads as there are cores for files of at least
//!   `syntax::PARALLEL_MIN_BYTES`;
//! - `parse-one-thread`: the same on the calling thread only;
//! - `pest-one-thread`: `syntax::parse_reference`, pest's parse lowered to the AST on the
//!   calling thread: the parser before the descent, and the reference it must agree with;
//! - `parse+resolve`: decoding, `syntax::parse` and `check::resolve` (names resolved into the
//!   model), the front end the performance targets are about;
//! - `compile`: `phrasec::compile`, which also runs the model checks (slots, conditions,
//!   coverage), i.e. everything `phrasec check` does before printing;
//! - `pest-only`: pest's parse of the whole file with `Rule::file` and a walk over its pairs,
//!   without lowering: the ceiling for any parser built on the pest grammar.
//!
//! All report bytes of source per second; results are dropped outside the timed region.
//!
//! Run: `CARGO_TARGET_DIR=target/bench cargo bench -p phrasec --bench parse`

use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use phrasec::Input;
use phrasec::source::FileId;
use phrasec::syntax::Threads;

#[path = "support/allocator.rs"]
mod allocator;
#[path = "../tests/it/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;
#[path = "../tests/it/support/lcg.rs"]
#[allow(dead_code)]
mod lcg;

#[path = "support/front_end.rs"]
mod front_end;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn label(articles: usize) -> String {
    format!("{}k", articles / 1_000)
}

fn compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    for articles in SIZES {
        let text = corpus::generate(articles, corpus::SEED);
        let inputs = [Input {
            name: "corpus.phr".to_owned(),
            bytes: text.into_bytes(),
        }];
        configure(&mut group, articles, inputs[0].bytes.len());
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

fn parse_and_resolve(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse+resolve");
    for articles in SIZES {
        let bytes = corpus::generate(articles, corpus::SEED).into_bytes();
        configure(&mut group, articles, bytes.len());
        group.bench_with_input(
            BenchmarkId::from_parameter(label(articles)),
            bytes.as_slice(),
            |b, bytes| {
                b.iter_batched(
                    // The bytes as read from the file; decoding makes them the text in place.
                    || bytes.to_vec(),
                    front_end::parse_and_resolve,
                    BatchSize::PerIteration,
                );
            },
        );
    }
    group.finish();
}

fn pest_only(c: &mut Criterion) {
    over_text(c, "pest-only", phrasec::syntax::pest_parse_only);
}

fn parse(c: &mut Criterion) {
    over_text(c, "parse", |text| phrasec::syntax::parse(FileId(0), text));
}

fn pest_one_thread(c: &mut Criterion) {
    over_text(c, "pest-one-thread", |text| {
        phrasec::syntax::parse_reference(FileId(0), text, Threads::One)
    });
}

fn parse_one_thread(c: &mut Criterion) {
    over_text(c, "parse-one-thread", |text| {
        phrasec::syntax::parse_with(FileId(0), text, Threads::One)
    });
}

/// A group that runs `run` on the text of each corpus; its result is dropped outside the timing.
fn over_text<R>(c: &mut Criterion, name: &str, run: impl Fn(&str) -> R) {
    let mut group = c.benchmark_group(name);
    for articles in SIZES {
        let text = corpus::generate(articles, corpus::SEED);
        configure(&mut group, articles, text.len());
        group.bench_with_input(
            BenchmarkId::from_parameter(label(articles)),
            text.as_str(),
            |b, text| b.iter_batched(|| (), |()| run(text), BatchSize::PerIteration),
        );
    }
    group.finish();
}

/// Fewer, longer samples for the big corpora so a run stays within a few minutes.
fn configure(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    articles: usize,
    bytes: usize,
) {
    group.throughput(Throughput::Bytes(bytes as u64));
    let (samples, seconds) = match articles {
        0..=1_000 => (50, 5),
        1_001..=10_000 => (20, 8),
        _ => (10, 20),
    };
    group.sample_size(samples);
    group.measurement_time(Duration::from_secs(seconds));
}

criterion_group!(
    benches,
    pest_only,
    pest_one_thread,
    parse_one_thread,
    parse,
    parse_and_resolve,
    compile
);
criterion_main!(benches);
