//! `check --fix`: applies the machine-applicable fixes round after round (a fix can enable
//! another: `.。` becomes `。。`, then `。`) and writes each fixed file back to the path it
//! was read from. Files read only as context of the rule set are never written.

use phrasec::diagnostics::{Code, Diagnostic, apply_machine_applicable};
use phrasec::io::{Role, RuleFiles, display_name, write_atomically};
use phrasec::{Input, compile_with_config};

/// Whether `check` applies fixes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    Report,
    Apply,
}

/// `check --fix` stops after this many rounds of fixes.
const MAX_FIX_ROUNDS: usize = 10;

/// Applies fixes until none applies (or [`MAX_FIX_ROUNDS`] rounds), updating `rule_files` to
/// the texts written; returns how many fixes were applied, or the file that could not be
/// written (E0008; files written before it keep their fixes).
pub fn apply_until_fixed(
    rule_files: &mut RuleFiles,
    config: Option<&Input>,
) -> Result<usize, Diagnostic> {
    let mut n_total = 0;
    for _ in 0..MAX_FIX_ROUNDS {
        let compilation = compile_with_config(&rule_files.inputs(), config);
        let mut n_round = 0;
        for fixed in apply_machine_applicable(&compilation.sources, &compilation.diagnostics) {
            let Some(file) = rule_files.files.get_mut(fixed.file.0 as usize) else {
                continue;
            };
            let Some(path) = file.path().filter(|_| file.role == Role::Given) else {
                continue;
            };
            write_atomically(path, fixed.text.as_bytes()).map_err(|error| {
                Diagnostic::new(
                    Code::E0008,
                    format!(
                        "cannot write the fixes to `{}`: {error}",
                        display_name(path)
                    ),
                )
                .help("make the file writable, then run `phrasec check --fix` again")
            })?;
            file.input.bytes = fixed.text.into_bytes();
            n_round += fixed.n_fixes;
        }
        if n_round == 0 {
            break;
        }
        n_total += n_round;
    }
    Ok(n_total)
}
