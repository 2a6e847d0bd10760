//! Growth of the inputs of issue 13 item 8 whose cost used to be quadratic or unbounded
//! (`support/adversarial.rs`), each at 1×, 2×, 4× and 8× a base size:
//!
//! - `human/commas/N`: compile and print (human format) one phrase of N bytes of `好,`
//!   (a W0301 every four bytes);
//! - `human/condition/N`: the same for a condition of N `f = a` tests on one line (W0204 each);
//! - `coverage/overlap/F`: compile a decision over F facts of 4 values with 3F overlapping
//!   articles (printing included);
//! - `coverage/segments/F`: compile a decision over F facts of 4 values and 22 segments, with a
//!   general article and one segment-specific article per segment (the W0203 check);
//! - `diff/segments/F`: the semantic diff of that decision with one condition flipped;
//! - `diff/phrase/N`: the semantic diff of two compiled versions of a phrase of N characters
//!   (rewritten entirely: Myers's worst case), rendered;
//! - `fmt-diff/articles/N`: the unified diff `phrasec fmt --diff` prints
//!   (`text_diff::unified_line_diff`) for N articles whose every `say` line is misindented.
//!
//! `tests/it/bounded_cost.rs` asserts the bounds structurally; docs/performance-bounds.md has
//! the figures. Run: `cargo bench --bench stress` (or a filter such as `-- diff/`).

use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use phrasec::diagnostics::{Coloring, OutputFormat, write_diagnostics};

#[path = "../tests/it/support/adversarial.rs"]
#[allow(dead_code)]
mod adversarial;
#[path = "support/allocator.rs"]
mod allocator;
#[path = "../tests/it/support/lcg.rs"]
#[allow(dead_code)]
mod lcg;

use adversarial::{
    Edit, SEED, comma_phrase, long_condition, long_phrase_pair, overlapping_decision,
    segment_specific_decision,
};

const SCALES: [usize; 4] = [1, 2, 4, 8];

fn configure(group: &mut BenchmarkGroup<'_, WallTime>, bytes: usize) {
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
}

/// Compiles `source` and prints its diagnostics in the human format; returns the bytes printed.
fn check_and_print(source: &str) -> usize {
    let compilation = phrasec::compile_str("stress.phr", source);
    let mut out: Vec<u8> = Vec::new();
    write_diagnostics(
        &mut out,
        &compilation.sources,
        &compilation.diagnostics,
        OutputFormat::Human,
        Coloring::Plain,
    )
    .expect("a Vec takes every write");
    out.len()
}

/// A group name, its generator and its base size.
type Case = (&'static str, fn(usize) -> String, usize);

fn human(c: &mut Criterion) {
    let cases: [Case; 2] = [
        ("human/commas", comma_phrase, 8_000),
        ("human/condition", long_condition, 1_000),
    ];
    for (name, generate, base) in cases {
        let mut group = c.benchmark_group(name);
        for scale in SCALES {
            let size = base * scale;
            let source = generate(size);
            configure(&mut group, source.len());
            group.bench_function(size.to_string(), |b| b.iter(|| check_and_print(&source)));
        }
        group.finish();
    }
}

fn coverage(c: &mut Criterion) {
    let mut group = c.benchmark_group("coverage/overlap");
    for scale in SCALES {
        let facts = 15 * scale;
        let source = overlapping_decision(facts, 4, 3 * facts, SEED);
        configure(&mut group, source.len());
        group.bench_function(facts.to_string(), |b| b.iter(|| check_and_print(&source)));
    }
    group.finish();
}

/// A general article beside one segment-specific article per segment: the W0203 check.
fn segments(c: &mut Criterion) {
    let mut group = c.benchmark_group("coverage/segments");
    for facts in [4, 6, 8, 11] {
        let source = segment_specific_decision(facts, 22, SEED);
        configure(&mut group, source.len());
        group.bench_function(facts.to_string(), |b| b.iter(|| check_and_print(&source)));
    }
    group.finish();
    // The diff of one condition flipped (`!=` to `=` in the first specific article).
    let mut group = c.benchmark_group("diff/segments");
    for facts in [4, 6, 8, 11] {
        let source = segment_specific_decision(facts, 22, SEED);
        let at = source.find(" != ").expect("a specific article");
        let edited = format!("{} = {}", &source[..at], &source[at + " != ".len()..]);
        let old = phrasec::compile_str("old.phr", &source);
        let new = phrasec::compile_str("new.phr", &edited);
        configure(&mut group, source.len());
        group.bench_function(facts.to_string(), |b| {
            b.iter(|| phrasec::diff::diff(&old.model, &new.model).entries.len())
        });
    }
    group.finish();
}

fn diff(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff/phrase");
    for scale in SCALES {
        let chars = 10_000 * scale;
        let (old, new) = long_phrase_pair(chars, Edit::Rewritten, SEED);
        let old = phrasec::compile_str("old.phr", &old);
        let new = phrasec::compile_str("new.phr", &new);
        configure(&mut group, chars);
        group.bench_function(chars.to_string(), |b| {
            b.iter(|| {
                let report = phrasec::diff::diff(&old.model, &new.model);
                phrasec::diff::render::render(
                    &report,
                    phrasec::diff::render::DiffFormat::Human,
                    Coloring::Plain,
                )
                .len()
            })
        });
    }
    group.finish();
}

/// `phrasec fmt --diff` of a file whose every `say` line is indented wrongly.
fn fmt_diff(c: &mut Criterion) {
    let mut group = c.benchmark_group("fmt-diff/articles");
    for scale in SCALES {
        let articles = 2_000 * scale;
        let source: String =
            std::iter::once("spec \"客户端作业规范\" version \"2.0\"\n\n".to_owned())
                .chain(
                    (1..=articles)
                        .map(|n| format!("article {n} \"条\"\n      say \"您好，请稍等。\"\n\n")),
                )
                .collect();
        let formatted = phrasec::fmt::format_source(&source).expect("the file parses");
        configure(&mut group, source.len());
        group.bench_function(articles.to_string(), |b| {
            b.iter(|| {
                phrasec::text_diff::unified_line_diff(
                    &source,
                    &formatted,
                    "a.phr",
                    "a.phr (formatted)",
                )
                .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, human, coverage, segments, diff, fmt_diff);
criterion_main!(benches);
