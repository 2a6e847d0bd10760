//! Peak heap memory of compiling the generated corpora, measured with a counting global
//! allocator: the most bytes live at once during `parse`, parse and resolve (`+resolve`: decoding,
//! `syntax::parse` and `check::resolve_owned`, which drops each article's tree once resolved, as
//! `compile` does) or `compile`, beyond what was live before the call (the input's bytes, which the
//! caller holds anyway: decoding and `compile_owned` turn them into the text without a copy, as
//! the `phrasec` binary does with a file it has read), divided by the source size. `retained` is what the result still holds;
//! MB/s is from this single run (use the `parse` bench for timings).
//!
//! Run: `CARGO_TARGET_DIR=target/bench cargo bench -p phrasec --bench memory`
//! With `PHRASEC_CORPUS_DIR=dir` it also writes `dir/corpus-{1,10,100}k.phr` for measuring the
//! binary, e.g. `/usr/bin/time -v phrasec check dir/corpus-100k.phr`. With
//! `PHRASEC_BENCH_SIZES=1000` (a comma-separated list of article counts) it measures only those
//! corpora, e.g. to count instructions under `valgrind --tool=callgrind`. With
//! `PHRASEC_BENCH_CORPUS=check` it measures the condition-heavy corpus of the `check` bench.
// A counting global allocator implements `GlobalAlloc`, which is unsafe to implement.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use phrasec::Input;
use phrasec::source::FileId;

#[path = "../tests/it/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;
#[path = "../tests/it/support/lcg.rs"]
#[allow(dead_code)]
mod lcg;

#[path = "support/front_end.rs"]
mod front_end;

#[path = "../tests/it/support/check_corpus.rs"]
#[allow(dead_code)]
mod check_corpus;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            ALLOCATIONS.fetch_add(1, Relaxed);
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak extra heap, heap still held by the result, allocations and seconds for one call.
struct Usage {
    peak: usize,
    retained: usize,
    allocations: usize,
    seconds: f64,
}

fn measure<T>(run: impl FnOnce() -> T) -> (T, Usage) {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let allocations = ALLOCATIONS.load(Relaxed);
    let start = Instant::now();
    let out = run();
    let seconds = start.elapsed().as_secs_f64();
    let usage = Usage {
        peak: PEAK.load(Relaxed) - before,
        retained: LIVE.load(Relaxed).saturating_sub(before),
        allocations: ALLOCATIONS.load(Relaxed) - allocations,
        seconds,
    };
    (out, usage)
}

fn main() {
    let out_dir = std::env::var_os("PHRASEC_CORPUS_DIR").map(std::path::PathBuf::from);
    println!(
        "{:<8} {:>12} {:>8} {:>12} {:>6} {:>12} {:>6} {:>11} {:>8}",
        "corpus", "bytes", "what", "peak", "ratio", "retained", "ratio", "allocs", "MB/s"
    );
    let sizes: Vec<usize> = match std::env::var("PHRASEC_BENCH_SIZES") {
        Ok(list) => list
            .split(',')
            .map(|n| {
                n.trim()
                    .parse()
                    .expect("PHRASEC_BENCH_SIZES: article counts")
            })
            .collect(),
        Err(_) => vec![1_000, 10_000, 100_000],
    };
    // `PHRASEC_BENCH_CORPUS=check`: the condition-heavy corpus of the `check` benchmark
    // (decisions over 12 facts, no gaps) instead of the phrase-heavy one.
    let check_shaped = std::env::var("PHRASEC_BENCH_CORPUS").is_ok_and(|kind| kind == "check");
    for articles in sizes {
        let name = format!("corpus-{}k.phr", articles / 1_000);
        let text = if check_shaped {
            check_corpus::generate(articles, check_corpus::Variant::NoGaps, check_corpus::SEED).text
        } else {
            corpus::generate(articles, corpus::SEED)
        };
        if let Some(dir) = &out_dir {
            std::fs::write(dir.join(&name), &text).expect("write the corpus");
        }
        let bytes = text.len();
        let (file, parse) = measure(|| phrasec::syntax::parse(FileId(0), &text));
        drop(file);
        // The bytes as read from the file, which decoding turns into the text in place.
        let file_bytes = text.clone().into_bytes();
        let (front, resolve) = measure(move || front_end::parse_and_resolve(file_bytes));
        drop(front);
        let inputs = [Input {
            name,
            bytes: text.into_bytes(),
        }];
        let (compilation, compile) = measure(move || phrasec::compile_owned(inputs.into(), None));
        assert!(
            compilation.diagnostics.is_empty(),
            "the corpus must be clean"
        );
        drop(compilation);
        for (what, usage) in [
            ("parse", parse),
            ("+resolve", resolve),
            ("compile", compile),
        ] {
            println!(
                "{:<8} {:>12} {:>8} {:>12} {:>6.2} {:>12} {:>6.2} {:>11} {:>8.1}",
                format!("{}k", articles / 1_000),
                bytes,
                what,
                usage.peak,
                usage.peak as f64 / bytes as f64,
                usage.retained,
                usage.retained as f64 / bytes as f64,
                usage.allocations,
                bytes as f64 / usage.seconds / 1e6,
            );
        }
    }
}
