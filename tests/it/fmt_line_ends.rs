//! `phrasec fmt` keeps a file's line ends and BOM (issue 15, item 5), as `check --fix` does:
//! the first line end of the file decides (`\r\n`, `\n` or a lone `\r`).

use std::path::Path;

const CANONICAL: &str = "spec \"s\"\n\n# 批注\narticle 1 \"t\"\n  say \"您好\"\n";

/// Runs `phrasec fmt ARGS`; exit code and everything printed.
fn fmt(args: &[&str], dir: &Path) -> (i32, String) {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("phrasec");
    command.current_dir(dir);
    command.env("NO_COLOR", "1");
    command.arg("fmt").args(args);
    let output = command.output().expect("the binary runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!printed.contains("panicked"), "{printed}");
    (output.status.code().expect("exits"), printed)
}

/// Found: `fmt` rewrote CRLF to LF and dropped a BOM.
#[test]
fn a_formatted_file_with_crlf_and_a_bom_is_left_as_it_is() {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (name, bytes) in [
        ("crlf.phr", CANONICAL.replace('\n', "\r\n").into_bytes()),
        ("cr.phr", CANONICAL.replace('\n', "\r").into_bytes()),
        ("bom.phr", format!("\u{FEFF}{CANONICAL}").into_bytes()),
        (
            "both.phr",
            format!("\u{FEFF}{}", CANONICAL.replace('\n', "\r\n")).into_bytes(),
        ),
    ] {
        std::fs::write(dir.path().join(name), &bytes).expect("written");
        let (code, printed) = fmt(&["--check", name], dir.path());
        assert_eq!(code, 0, "{name}: {printed}");
        let (code, printed) = fmt(&[name], dir.path());
        assert_eq!(code, 0, "{name}: {printed}");
        assert_eq!(
            std::fs::read(dir.path().join(name)).expect("read"),
            bytes,
            "{name} was changed"
        );
    }
}

/// Reformatting keeps the file's line ends and BOM; with mixed line ends the first decides.
#[test]
fn reformatting_keeps_line_ends_and_the_bom() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let messy = "spec   \"s\"\r\n\r\n\r\n# 批注\r\narticle 1 \"t\"\n      say \"您好\"\r";
    std::fs::write(dir.path().join("messy.phr"), format!("\u{FEFF}{messy}")).expect("written");
    let (code, printed) = fmt(&["messy.phr"], dir.path());
    assert_eq!(code, 0, "{printed}");
    let written = std::fs::read_to_string(dir.path().join("messy.phr")).expect("read");
    assert_eq!(
        written,
        format!("\u{FEFF}{}", CANONICAL.replace('\n', "\r\n"))
    );
}
