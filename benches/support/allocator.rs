//! The benchmarks allocate as the `phrasec` binary does (`src/main.rs`): with mimalloc while
//! the `mimalloc` feature is on, as it is by default, so that they measure what a `phrasec`
//! command costs. `cargo bench --no-default-features` measures the system allocator, which a
//! build script using the library gets.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
