//! The `phrasec` binary: hands the command line to [`cli::run`] and exits with its code.

// No bare `unwrap()` outside tests: an invariant is named with `expect("invariant: ...")`,
// a user error is a diagnostic (tests may unwrap: `clippy.toml`).
#![warn(clippy::unwrap_used)]

mod cli;
mod lsp;

/// mimalloc rather than the system allocator: the syntax tree and model are many small
/// allocations, made on several threads for large rule sets (see the `mimalloc` feature in
/// `Cargo.toml`).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
