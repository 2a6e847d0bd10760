//! `phrasec explain`: the explanation of a diagnostic code, or the list of every code.

use phrasec::diagnostics::{CODES, lookup};

use super::EXIT_CLEAN;
use super::streams::{EXIT_FAILURE, Stdout, write_stderr};

pub(super) fn explain(code: Option<&str>, stdout: &mut Stdout) -> u8 {
    let Some(code) = code else {
        for info in CODES {
            stdout.write(&format!(
                "{}  {:<8} {:<24} {}\n",
                info.code,
                info.severity.as_str(),
                info.name,
                info.summary
            ));
        }
        return EXIT_CLEAN;
    };
    match lookup(code) {
        Some(info) => {
            stdout.write(info.explanation);
            if !info.explanation.ends_with('\n') {
                stdout.write("\n");
            }
            EXIT_CLEAN
        }
        None => {
            write_stderr(&format!(
                "error: there is no diagnostic code `{code}`\n  = help: run `phrasec explain` to list every code\n"
            ));
            EXIT_FAILURE
        }
    }
}
