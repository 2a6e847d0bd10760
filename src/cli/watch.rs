//! `phrasec check --watch`: checks the rule set, then again after every change of a `.phr`
//! file or a `phrasec.toml` below the paths given (or of the configuration file found above
//! them), redrawing the report: the screen is cleared first on a terminal, and a rule is
//! drawn between reports otherwise. Runs until interrupted.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify::{Event, EventKind, RecursiveMode, Watcher};
use phrasec::io::find_config;

use super::DiagnosticArgs;
use super::check::check;
use super::fix::FixMode;
use super::streams::{EXIT_FAILURE, Stdout, write_stderr};

/// Changes that arrive within this time of the first are checked together (an editor's save
/// is often several events; `git checkout` many).
const SETTLE: Duration = Duration::from_millis(100);

/// Clears a terminal's screen and puts the cursor at its top left.
const CLEAR_SCREEN: &str = "\x1b[2J\x1b[H";

pub(super) fn watch(
    paths: &[PathBuf],
    args: &DiagnosticArgs,
    fix: FixMode,
    stdout: &mut Stdout,
) -> u8 {
    if paths.iter().any(|path| path == Path::new("-")) {
        write_stderr(
            "error: `--watch` cannot watch standard input\n  = help: name the rule files or their folder\n",
        );
        return EXIT_FAILURE;
    }
    let (sender, events) = channel();
    let mut watcher = match notify::recommended_watcher(sender) {
        Ok(watcher) => watcher,
        Err(error) => {
            write_stderr(&format!("error: cannot watch the rule files: {error}\n"));
            return EXIT_FAILURE;
        }
    };
    for path in paths {
        if let Err(error) = watcher.watch(path, RecursiveMode::Recursive) {
            write_stderr(&format!(
                "error: cannot watch `{}`: {error}\n",
                path.display()
            ));
            return EXIT_FAILURE;
        }
    }
    // A configuration file above the paths given is watched too.
    let current_dir = std::env::current_dir().unwrap_or_default();
    if let Some(first) = paths.first()
        && let Ok(Some((config, _))) = find_config(first, &current_dir)
    {
        let _ = watcher.watch(&config, RecursiveMode::NonRecursive);
    }
    let terminal = std::io::stdout().is_terminal();
    let mut first = true;
    loop {
        if terminal {
            stdout.write(CLEAR_SCREEN);
        } else if !first {
            stdout.write("\n──── changed: checked again ────\n\n");
        }
        first = false;
        check(paths, args, fix, stdout);
        stdout.flush();
        if !wait_for_change(&events) {
            return EXIT_FAILURE;
        }
    }
}

/// Waits for a change of a rule file or configuration, then for the changes right after it;
/// false if the watcher stopped.
fn wait_for_change(events: &Receiver<notify::Result<Event>>) -> bool {
    loop {
        match events.recv() {
            Ok(Ok(event)) if is_rule_change(&event) => break,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    while events.recv_timeout(SETTLE).is_ok() {}
    true
}

/// Whether `event` creates, changes or removes a `.phr` file or a `phrasec.toml`.
fn is_rule_change(event: &Event) -> bool {
    let changes = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    );
    changes
        && event.paths.iter().any(|path| {
            path.extension().is_some_and(|ext| ext == "phr")
                || path.file_name().is_some_and(|name| name == "phrasec.toml")
        })
}
