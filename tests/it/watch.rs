//! `phrasec check --watch`: started on a folder, it reports; after a rule file of the folder
//! is edited, it reports again with the new text; then it is killed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;
use std::time::Duration;

/// How long a report may take before the test fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(30);

const RULES: &str = "spec \"s\"\nconst hotline \"热线\" = \"10000\"\narticle 1 \"答复\"\n  say \"请拨打{hotlin}。\"\n";

#[test]
fn an_edit_is_checked_again_and_the_report_redrawn() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.phr");
    std::fs::write(&path, RULES).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_phrasec"))
        .args(["check", "--watch"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, lines) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if sender.send(line.unwrap_or_default()).is_err() {
                return;
            }
        }
    });
    // The lines up to the next summary (`checked …`).
    let next_report = || -> Vec<String> {
        let mut report = Vec::new();
        loop {
            let line = lines.recv_timeout(PATIENCE).expect("a report in time");
            let done = line.starts_with("checked ");
            report.push(line);
            if done {
                return report;
            }
        }
    };
    let first = next_report();
    let summary = first.last().unwrap();
    assert_eq!(summary, "checked 1 file, 1 article: 1 error, 0 warnings");
    assert!(
        first.iter().any(|line| line.contains("E0107")),
        "{first:#?}"
    );

    std::fs::write(&path, RULES.replace("hotlin}", "hotline}")).unwrap();
    // The report of the new text (one of a half-written file may come first).
    let clean = "checked 1 file, 1 article: 0 errors, 0 warnings";
    let mut second = next_report();
    for _ in 0..3 {
        if second.last().unwrap() == clean {
            break;
        }
        second = next_report();
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(second.last().unwrap(), clean, "{second:#?}");
    assert!(second.iter().any(|line| line.contains("checked again")));
    assert!(
        !second.iter().any(|line| line.contains("E0107")),
        "{second:#?}"
    );
}
