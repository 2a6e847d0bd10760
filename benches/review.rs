//! The review tools on generated corpora of 1k, 10k and 100k articles: `fmt` (parse and
//! print in canonical layout) and `diff` (compile both versions and compare their models;
//! the new version rewords one phrase in ten and renumbers nothing). Reports source bytes
//! per second, so linear cost shows as flat throughput.
//!
//! Run: `CARGO_TARGET_DIR=target/bench cargo bench --bench review`

use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/allocator.rs"]
mod allocator;
#[path = "../tests/it/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;
#[path = "../tests/it/support/lcg.rs"]
#[allow(dead_code)]
mod lcg;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn label(articles: usize) -> String {
    format!("{}k", articles / 1_000)
}

fn fmt(c: &mut Criterion) {
    let mut group = c.benchmark_group("fmt");
    for articles in SIZES {
        let text = corpus::generate(articles, corpus::SEED);
        group.throughput(Throughput::Bytes(text.len() as u64));
        if articles >= 100_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(20));
        } else {
            group
                .sample_size(20)
                .measurement_time(Duration::from_secs(5));
        }
        group.bench_with_input(
            BenchmarkId::from_parameter(label(articles)),
            &text,
            |b, text| b.iter(|| phrasec::fmt::format_source(text).map(|out| out.len())),
        );
    }
    group.finish();
}

/// Every tenth `加紧` … reworded: a realistic edit that changes phrases but not the API.
fn edited(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (idx, line) in text.lines().enumerate() {
        if idx % 10 == 0 && line.trim_start().starts_with("say ") {
            out.push_str(&line.replacen('，', "、", 1));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn diff(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    for articles in SIZES {
        let old = corpus::generate(articles, corpus::SEED);
        let new = edited(&old);
        group.throughput(Throughput::Bytes((old.len() + new.len()) as u64));
        if articles >= 100_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(30));
        } else {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(5));
        }
        group.bench_with_input(
            BenchmarkId::from_parameter(label(articles)),
            &(old, new),
            |b, (old, new)| {
                b.iter_batched(
                    || (),
                    |()| {
                        let before = phrasec::compile_str("old.phr", old);
                        let after = phrasec::compile_str("new.phr", new);
                        phrasec::diff::diff(&before.model, &after.model)
                            .entries
                            .len()
                    },
                    BatchSize::PerIteration,
                )
            },
        );
    }
    group.finish();
}

criterion_group!(benches, fmt, diff);
criterion_main!(benches);
