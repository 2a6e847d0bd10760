//! The `phrasec` binary: hands the command line to [`cli::run`] and exits with its code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
