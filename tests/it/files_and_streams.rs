//! Nothing lost: the binary on odd file names, outputs that must not be replaced, special
//! files among the inputs, one file of a rule set given alone, and standard output that fails
//! or closes. Each test is a regression test for a way phrasec once destroyed or misread a
//! user's file, or hung.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use crate::support::slow::skip_slow_test;
use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A clean one-file rule set whose phrase has one fixable problem (W0301: an ASCII comma).
const FIXABLE: &str = "spec \"测试\" version \"1\"\narticle 1 \"问候\"\n  say \"您好,请讲。\"\n";
/// A clean one-file rule set, laid out as `fmt` would not leave it.
const UNFORMATTED: &str = "spec \"测试\" version \"1\"\narticle 1 \"问候\"\n      say \"您好。\"\n";
/// What `fmt` makes of [`UNFORMATTED`].
const FORMATTED: &str = "spec \"测试\" version \"1\"\narticle 1 \"问候\"\n  say \"您好。\"\n";

fn phrasec(dir: &Path) -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("phrasec");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    // A hang (a FIFO opened for reading) fails the test instead of stalling the suite.
    cmd.timeout(Duration::from_secs(60));
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("the binary runs");
    let run = Run {
        code: output
            .status
            .code()
            .expect("the binary exits by itself (no signal, no timeout)"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "the binary panicked:\n{}",
        run.stderr
    );
    run
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    std::fs::write(path, text).expect("write a test file");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read a test file")
}

/// The entries of a folder, sorted, hidden ones included.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list a folder")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// A copy of the bundled rule set in `dir/rules`.
fn copy_bundled_rules(dir: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let target = dir.join("rules");
    std::fs::create_dir_all(&target).expect("create rules");
    for entry in std::fs::read_dir(source).expect("list rules") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|ext| ext == "phr") {
            let name = path.file_name().expect("a file name");
            std::fs::copy(&path, target.join(name)).expect("copy a rule file");
        }
    }
    target
}

// ---------------------------------------------------------------- the path read is the path written

#[cfg(unix)]
#[test]
fn fmt_writes_a_file_named_with_a_backslash_and_nothing_else() {
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("a\\b.phr"), UNFORMATTED);
    write(&dir.path().join("a/b.phr"), UNFORMATTED);
    let done = run(phrasec(dir.path()).args(["fmt", "a\\b.phr"]));
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(read(&dir.path().join("a\\b.phr")), FORMATTED);
    assert_eq!(read(&dir.path().join("a/b.phr")), UNFORMATTED);
}

#[cfg(unix)]
#[test]
fn fmt_never_writes_outside_the_folder_of_a_file_named_dot_dot_backslash() {
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("rules/..\\victim.phr"), UNFORMATTED);
    write(&dir.path().join("victim.phr"), "keep me");
    let done = run(phrasec(dir.path()).args(["fmt", "rules/..\\victim.phr"]));
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(read(&dir.path().join("rules/..\\victim.phr")), FORMATTED);
    assert_eq!(read(&dir.path().join("victim.phr")), "keep me");
}

#[cfg(target_os = "linux")]
#[test]
fn check_fix_writes_back_to_a_file_whose_name_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new().expect("temporary directory");
    let name = std::ffi::OsStr::from_bytes(b"\xff\xfe.phr");
    write(&dir.path().join("rules").join(name), FIXABLE);
    let done = run(phrasec(dir.path()).args(["check", "--fix", "rules"]));
    assert_eq!(done.code, 0, "{}{}", done.stdout, done.stderr);
    assert_eq!(done.stderr, "fixed 1 problem\n");
    // One file, fixed in place: no second file with U+FFFD in its name.
    assert_eq!(
        std::fs::read_dir(dir.path().join("rules"))
            .expect("list")
            .count(),
        1
    );
    assert!(read(&dir.path().join("rules").join(name)).contains("您好，请讲。"));
    let again = run(phrasec(dir.path()).args(["check", "rules"]));
    assert_eq!(again.code, 0);
    assert!(
        again
            .stdout
            .ends_with("checked 1 file, 1 article: 0 errors, 0 warnings\n")
    );
}

#[test]
fn fmt_of_a_dot_slash_slash_path_writes_the_relative_file() {
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("X/v.phr"), UNFORMATTED);
    let done = run(phrasec(dir.path()).args(["fmt", "--check", ".//X/v.phr"]));
    assert_eq!(done.stdout, "would reformat X/v.phr\n");
    let done = run(phrasec(dir.path()).args(["fmt", ".//X/v.phr"]));
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(read(&dir.path().join("X/v.phr")), FORMATTED);
}

#[test]
fn names_with_spaces_are_read_fixed_formatted_and_written() {
    let dir = TempDir::new().expect("temporary directory");
    let file = dir.path().join("my rules/a b.phr");
    write(&file, FIXABLE);
    let fixed = run(phrasec(dir.path()).args(["check", "--fix", "my rules/a b.phr"]));
    assert_eq!(
        (fixed.code, fixed.stderr.as_str()),
        (0, "fixed 1 problem\n")
    );
    write(&file, UNFORMATTED);
    assert_eq!(run(phrasec(dir.path()).args(["fmt", "my rules"])).code, 0);
    assert_eq!(read(&file), FORMATTED);
    let built = run(phrasec(dir.path()).args(["build", "my rules", "-o", "out put.json"]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(read(&dir.path().join("out put.json")).contains("\"file\": \"my rules/a b.phr\""));
}

// ---------------------------------------------------------------- outputs

#[test]
fn build_refuses_to_overwrite_its_input() {
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("x.phr"), FORMATTED);
    let done = run(phrasec(dir.path()).args(["build", "x.phr", "-o", "x.phr"]));
    assert_eq!(done.code, 2);
    assert!(
        done.stderr
            .contains("error[E0008]: refusing to write `x.phr`"),
        "{}",
        done.stderr
    );
    assert_eq!(read(&dir.path().join("x.phr")), FORMATTED);
    // The same file under another spelling.
    let done = run(phrasec(dir.path()).args(["build", "x.phr", "-o", "./sub/../x.phr"]));
    assert_eq!(done.code, 2, "{}", done.stderr);
    assert_eq!(read(&dir.path().join("x.phr")), FORMATTED);
}

#[test]
fn build_refuses_a_phr_output_inside_the_rule_set_but_not_other_outputs() {
    let dir = TempDir::new().expect("temporary directory");
    let rules = copy_bundled_rules(dir.path());
    let done = run(phrasec(dir.path()).args(["build", "rules", "-o", "rules/out.phr"]));
    assert_eq!(done.code, 2);
    assert!(
        done.stderr.contains("which the rule set is read from"),
        "{}",
        done.stderr
    );
    assert!(!rules.join("out.phr").exists());
    let done = run(phrasec(dir.path()).args(["build", "rules", "-o", "rules/gen/out.phr"]));
    assert_eq!(done.code, 2, "a sub-folder is read too");
    let done = run(phrasec(&rules).args(["build", ".", "-o", "phrases.json"]));
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(rules.join("phrases.json").is_file());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_written_through_and_the_mode_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("x.phr"), FORMATTED);
    write(&dir.path().join("real.json"), "old");
    std::fs::set_permissions(
        dir.path().join("real.json"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    std::os::unix::fs::symlink("real.json", dir.path().join("link.json")).expect("symlink");
    let done = run(phrasec(dir.path()).args(["build", "x.phr", "-o", "link.json"]));
    assert_eq!(done.code, 0, "{}", done.stderr);
    let link = std::fs::symlink_metadata(dir.path().join("link.json")).expect("stat");
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let target = dir.path().join("real.json");
    assert!(read(&target).contains("\"articles\""));
    let mode = std::fs::metadata(&target)
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[cfg(unix)]
#[test]
fn read_only_files_and_hard_links_are_refused_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("x.phr"), FORMATTED);
    write(&dir.path().join("ro.json"), "old");
    std::fs::set_permissions(
        dir.path().join("ro.json"),
        std::fs::Permissions::from_mode(0o444),
    )
    .expect("chmod");
    let done = run(phrasec(dir.path()).args(["build", "x.phr", "-o", "ro.json"]));
    assert_eq!(done.code, 2);
    assert!(done.stderr.contains("read-only"), "{}", done.stderr);
    assert_eq!(read(&dir.path().join("ro.json")), "old");

    write(&dir.path().join("one.json"), "old");
    std::fs::hard_link(dir.path().join("one.json"), dir.path().join("two.json")).expect("link");
    let done = run(phrasec(dir.path()).args(["build", "x.phr", "-o", "two.json"]));
    assert_eq!(done.code, 2);
    assert!(done.stderr.contains("hard links"), "{}", done.stderr);
    assert_eq!(read(&dir.path().join("one.json")), "old");
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_folders_are_refused_as_outputs() {
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("x.phr"), FORMATTED);
    let fifo = dir.path().join("pipe.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs")
            .success()
    );
    for output in ["pipe.json", "/dev/null", "."] {
        let done = run(phrasec(dir.path()).args(["build", "x.phr", "-o", output]));
        assert_eq!(done.code, 2, "{output}: {}", done.stderr);
        assert!(done.stderr.contains("error[E0008]"), "{}", done.stderr);
    }
    let metadata = std::fs::symlink_metadata(&fifo).expect("stat");
    assert!(!metadata.is_file(), "the FIFO was not replaced");
    // `-o -` is standard output.
    let done = run(phrasec(dir.path()).args(["build", "x.phr", "-o", "-"]));
    assert_eq!(done.code, 0);
    assert!(done.stdout.contains("\"articles\""));
}

#[cfg(target_os = "linux")]
#[test]
fn a_temporary_file_left_by_a_killed_run_is_removed_by_the_next() {
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("x.phr"), FORMATTED);
    // Linux process ids stay below 2^22: no process has this one.
    let stale = dir.path().join(".out.json.phrasec-4194999-aBcDeF.tmp");
    write(&stale, "half a file");
    let other = dir.path().join(".other.json.phrasec-4194999-aBcDeF.tmp");
    write(&other, "not ours to remove");
    let done = run(phrasec(dir.path()).args(["build", "x.phr", "-o", "out.json"]));
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(
        entries(dir.path()),
        [
            ".other.json.phrasec-4194999-aBcDeF.tmp",
            "out.json",
            "x.phr"
        ]
    );
}

// ---------------------------------------------------------------- inputs

#[cfg(unix)]
#[test]
fn special_files_among_the_inputs_are_reported_not_opened() {
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("rules/a.phr"), FORMATTED);
    assert!(
        std::process::Command::new("mkfifo")
            .arg(dir.path().join("rules/fifo.phr"))
            .status()
            .expect("mkfifo runs")
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("rules/zero.phr")).expect("symlink");
    let done = run(phrasec(dir.path()).args(["check", "rules"]));
    assert_eq!(done.code, 2);
    assert!(
        done.stderr
            .contains("cannot read `rules/fifo.phr`: it is a named pipe (FIFO)"),
        "{}",
        done.stderr
    );
    assert!(
        done.stderr
            .contains("`rules/zero.phr`: it is a character device")
    );
    let done = run(phrasec(dir.path()).args(["check", "rules/fifo.phr"]));
    assert_eq!(done.code, 2, "a FIFO given by name is refused too");
}

#[test]
fn hidden_and_ignored_folders_are_skipped_but_a_named_file_is_read() {
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("rules/a.phr"), FORMATTED);
    // Each of these would make a second `spec` header (E0110).
    write(&dir.path().join("rules/.cache/b.phr"), FORMATTED);
    write(&dir.path().join("rules/target/c.phr"), FORMATTED);
    write(&dir.path().join("rules/.gitignore"), "target/\n");
    write(&dir.path().join("rules/skipped/d.phr"), FORMATTED);
    write(&dir.path().join("rules/.ignore"), "skipped/\n");
    let done = run(phrasec(dir.path()).args(["check", "rules"]));
    assert_eq!(done.code, 0, "{}", done.stdout);
    assert!(
        done.stdout
            .ends_with("checked 1 file, 1 article: 0 errors, 0 warnings\n")
    );
    let done = run(phrasec(dir.path()).args(["check", "rules/target/c.phr"]));
    assert_eq!(done.code, 0, "{}", done.stdout);
}

#[test]
fn a_file_named_twice_is_read_once() {
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("rules/a.phr"), FORMATTED);
    let done = run(phrasec(dir.path()).args([
        "check",
        "rules",
        "rules/a.phr",
        "./rules/../rules/a.phr",
        "rules//a.phr",
    ]));
    assert_eq!(done.code, 0, "{}", done.stdout);
    assert!(
        done.stdout
            .ends_with("checked 1 file, 1 article: 0 errors, 0 warnings\n")
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    let dir = TempDir::new().expect("temporary directory");
    let huge = std::fs::File::create(dir.path().join("huge.phr")).expect("create");
    // Sparse: no disk is used, and phrasec must not read it.
    huge.set_len(phrasec::io::MAX_INPUT_BYTES + 1)
        .expect("set the length");
    let done = run(phrasec(dir.path()).args(["check", "huge.phr"]));
    assert_eq!(done.code, 2);
    assert!(
        done.stderr.contains("it is larger than 256 MiB"),
        "{}",
        done.stderr
    );
}

// ---------------------------------------------------------------- one file of a rule set

#[test]
fn one_file_of_the_bundled_rules_is_checked_within_its_rule_set() {
    let dir = TempDir::new().expect("temporary directory");
    copy_bundled_rules(dir.path());
    let done = run(phrasec(dir.path()).args([
        "check",
        "rules/32-household.phr",
        "--output-format",
        "concise",
    ]));
    assert_eq!(done.code, 0, "{}", done.stdout);
    // Only the file's own finding: article 64 is incomplete.
    let findings: Vec<&str> = done.stdout.lines().filter(|l| l.contains("[")).collect();
    assert_eq!(findings.len(), 1, "{}", done.stdout);
    assert!(findings[0].starts_with("rules/32-household.phr:14:14: warning[W0002]"));
    // Article 40 of this file is shadowed, and the file says why it is kept.
    let done = run(phrasec(dir.path()).args(["check", "rules/20-fault-handling.phr"]));
    assert!(
        done.stdout
            .contains("0 errors, 0 warnings (1 suppressed in the source)"),
        "{}",
        done.stdout
    );
    assert!(
        done.stdout
            .contains("checked 1 file of a rule set of 5, 35 articles")
    );
}

#[test]
fn standard_input_stands_for_the_file_named_by_stdin_filename() {
    let dir = TempDir::new().expect("temporary directory");
    let rules = copy_bundled_rules(dir.path());
    let text = read(&rules.join("20-fault-handling.phr")).replace("您好", "您好 ");
    let done = run(phrasec(dir.path())
        .args([
            "check",
            "-",
            "--stdin-filename",
            "rules/20-fault-handling.phr",
            "--output-format",
            "concise",
        ])
        .write_stdin(text.clone()));
    assert_eq!(done.code, 0, "{}", done.stdout);
    assert!(
        done.stdout.contains("checked 1 file of a rule set of 5"),
        "{}",
        done.stdout
    );
    assert!(
        !done.stdout.contains("E0101"),
        "the file on disk is replaced, not added"
    );
    // Formatting standard input names it, and writes to standard output only.
    let formatted = run(phrasec(dir.path())
        .args([
            "fmt",
            "-",
            "--stdin-filename",
            "rules/20-fault-handling.phr",
        ])
        .write_stdin(UNFORMATTED));
    assert_eq!(formatted.stdout, FORMATTED);
}

#[test]
fn render_and_build_of_one_file_use_its_rule_set() {
    let dir = TempDir::new().expect("temporary directory");
    copy_bundled_rules(dir.path());
    let rendered =
        run(phrasec(dir.path()).args(["render", "rules/20-fault-handling.phr", "--article", "59"]));
    assert_eq!(rendered.code, 0, "{}", rendered.stderr);
    assert!(rendered.stdout.starts_with("第59条"));
    let built = run(phrasec(dir.path()).args([
        "build",
        "rules/20-fault-handling.phr",
        "-o",
        "phrases.json",
    ]));
    assert_eq!(built.code, 0, "{}", built.stderr);
    let whole = run(phrasec(dir.path()).args(["build", "rules", "-o", "-"]));
    assert_eq!(read(&dir.path().join("phrases.json")), whole.stdout);
}

#[test]
fn the_order_of_the_paths_never_changes_the_output() {
    let dir = TempDir::new().expect("temporary directory");
    copy_bundled_rules(dir.path());
    let mut names: Vec<String> = entries(&dir.path().join("rules"))
        .into_iter()
        .map(|name| format!("rules/{name}"))
        .collect();
    let first = run(phrasec(dir.path()).arg("check").args(&names));
    names.reverse();
    let reversed = run(phrasec(dir.path()).arg("check").args(&names));
    names.rotate_left(2);
    let rotated = run(phrasec(dir.path())
        .arg("build")
        .args(&names)
        .args(["-o", "-"]));
    let sorted = run(phrasec(dir.path()).args(["build", "rules", "-o", "-"]));
    assert_eq!(first.stdout, reversed.stdout);
    assert_eq!(rotated.stdout, sorted.stdout);
}

// ---------------------------------------------------------------- streams

#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_exits_2_with_a_message() {
    let commands: [&[&str]; 6] = [
        &["check", "rules"],
        &["check", "rules", "--output-format", "sarif"],
        &["render", "rules", "--article", "59"],
        &["explain"],
        &["explain", "E0107"],
        &["schema"],
    ];
    for args in commands {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full opens");
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin!("phrasec"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .stdout(full)
            .output()
            .expect("the binary runs");
        let done = Run {
            code: output.status.code().expect("the binary exits"),
            stdout: String::new(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert_eq!(done.code, 2, "{args:?}");
        assert!(
            done.stderr
                .contains("error[E0008]: cannot write to standard output: no space left on device"),
            "{args:?}: {}",
            done.stderr
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("phrasec"))
        .args(["explain"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Close the reading end before the binary writes (as `| head -0` would).
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("the binary ends");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn machine_formats_stay_valid_on_stdout_when_an_input_cannot_be_read() {
    let dir = TempDir::new().expect("temporary directory");
    let sarif = run(phrasec(dir.path()).args(["check", "missing.phr", "--output-format", "sarif"]));
    assert_eq!(sarif.code, 2);
    let document: Value = serde_json::from_str(&sarif.stdout).expect("SARIF on stdout");
    assert_eq!(document["version"], "2.1.0");
    assert!(sarif.stdout.contains("E0006"));
    let json = run(phrasec(dir.path()).args([
        "build",
        "missing",
        "-o",
        "x.json",
        "--output-format",
        "json",
    ]));
    assert_eq!(json.code, 2);
    let document: Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    assert!(document.to_string().contains("E0006"), "{document}");
}

#[test]
fn diff_with_a_broken_side_keeps_its_machine_format_on_stdout() {
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("old/a.phr"), FORMATTED);
    write(
        &dir.path().join("new/a.phr"),
        "spec \"测试\" version \"1\"\narticle 1 \"问候\"\n  say \"您好。\n",
    );
    let json = run(phrasec(dir.path()).args(["diff", "old", "new", "--output-format", "json"]));
    assert_eq!(json.code, 1);
    let document: Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    assert_eq!(document["entries"], serde_json::json!([]));
    assert_eq!(document["errors"][0]["code"], "E0002");
    let sarif =
        run(phrasec(dir.path()).args(["diff", "old", "missing", "--output-format", "sarif"]));
    assert_eq!(sarif.code, 2);
    let document: Value = serde_json::from_str(&sarif.stdout).expect("SARIF on stdout");
    assert_eq!(document["version"], "2.1.0");
    assert!(sarif.stdout.contains("E0006"));
}

/// A `section … for household` at the end of one file once carried over into the next file,
/// restricting its articles to households: meaning depended on the order of the files.
#[test]
fn a_section_ends_at_the_end_of_its_file_in_either_order() {
    let declarations = phrasec::Input {
        name: "a.phr".to_owned(),
        bytes:
            "spec \"测试\" version \"1\"\nsegment household \"家庭\"\nsegment business \"政企\"\n\
                chapter 1 \"第一章\"\nsection 1 \"家庭客户\" for household\n"
                .as_bytes()
                .to_vec(),
    };
    let articles = phrasec::Input {
        name: "b.phr".to_owned(),
        bytes: "article 1 \"问候\"\n  say \"您好。\"\n".as_bytes().to_vec(),
    };
    for inputs in [
        [declarations.clone(), articles.clone()],
        [articles.clone(), declarations.clone()],
    ] {
        let compilation = phrasec::compile(&inputs);
        assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
        let article = &compilation.model.articles[0];
        assert_eq!(
            article.section, None,
            "the section of a.phr ended with a.phr"
        );
        let json = phrasec::emit::json::to_json(&phrasec::emit::json::document(
            &compilation.model,
            &compilation.sources,
        ));
        let document: Value = serde_json::from_str(&json).expect("JSON");
        let article = &document["articles"][0];
        assert!(article["section"].is_null(), "{article}");
        assert!(!article.to_string().contains("household"), "{article}");
    }
}

// ---------------------------------------------------------------- CI paths

/// A git repository with `rules/a.phr` (committed) and `broken.phr` at its root.
fn repository() -> TempDir {
    let dir = TempDir::new().expect("temporary directory");
    write(&dir.path().join("rules/a.phr"), FIXABLE);
    write(&dir.path().join("broken.phr"), FIXABLE);
    git(dir.path(), &["init", "-q"]);
    dir
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn annotations_name_files_from_the_repository_root_however_they_were_spelled() {
    let dir = repository();
    let rules = dir.path().join("rules");
    let absolute = dir.path().join("rules/a.phr");
    let runs: [(&Path, &[&str]); 4] = [
        (&rules, &["check", ".", "--output-format", "github"]),
        (&rules, &["check", "./a.phr", "--output-format", "github"]),
        (
            dir.path(),
            &["check", "rules//a.phr", "--output-format", "github"],
        ),
        (
            &rules,
            &[
                "check",
                absolute.to_str().expect("a UTF-8 path"),
                "--output-format",
                "github",
            ],
        ),
    ];
    for (current, args) in runs {
        let done = run(phrasec(current).args(args));
        assert!(
            done.stdout.starts_with("::warning file=rules/a.phr,"),
            "{args:?} in {current:?}: {}",
            done.stdout
        );
    }
    let done = run(phrasec(&rules).args(["check", "../broken.phr", "--output-format", "gitlab"]));
    assert!(
        done.stdout.contains("\"path\": \"broken.phr\""),
        "{}",
        done.stdout
    );
    let sarif = run(phrasec(&rules).args([
        "check",
        absolute.to_str().expect("a UTF-8 path"),
        "--output-format",
        "sarif",
    ]));
    let document: Value = serde_json::from_str(&sarif.stdout).expect("SARIF");
    let location = &document["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "rules/a.phr");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert!(document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"].is_object());
    assert!(
        !sarif.stdout.contains(&dir.path().display().to_string()),
        "no absolute path"
    );
}

#[test]
fn diff_of_git_revisions_reads_names_that_are_not_ascii() {
    let dir = repository();
    let name = dir.path().join("rules/通话.phr");
    write(&name, "article 2 \"通话\"\n  say \"请稍候。\"\n");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "one"]);
    std::fs::remove_file(&name).expect("remove");
    write(&name, "article 3 \"通话\"\n  say \"请稍候。\"\n");
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "two"]);
    let done =
        run(phrasec(dir.path()).args(["diff", "HEAD~1", "HEAD", "--deny-breaking", "--", "rules"]));
    assert!(
        done.stdout.contains("article 2"),
        "{}{}",
        done.stdout,
        done.stderr
    );
    assert_eq!(done.code, 1, "renumbering article 2 breaks callers");
    let rules = dir.path().join("rules");
    let github = run(phrasec(&rules).args([
        "diff",
        "HEAD~1",
        "HEAD",
        "--output-format",
        "github",
        "--",
        ".",
    ]));
    assert!(
        github.stdout.contains("file=rules/通话.phr"),
        "{}",
        github.stdout
    );
}

/// Microsoft's SARIF multitool, with the rules GitHub code scanning applies on upload, finds no
/// error in phrasec's SARIF. Runs where `.ci/run` installed the tool (with npm), or where
/// `PHRASEC_SARIF_MULTITOOL` names it; skipped with a note otherwise.
#[test]
fn sarif_passes_githubs_upload_rules() {
    if skip_slow_test("files_and_streams::sarif_passes_githubs_upload_rules") {
        return;
    }
    let tool = std::env::var_os("PHRASEC_SARIF_MULTITOOL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
        });
    if !tool.is_file() {
        eprintln!(
            "skipped: no SARIF multitool at {} (`.ci/run` installs it with npm)",
            tool.display()
        );
        return;
    }
    let dir = repository();
    // A changed phrase and a new article: the diff's SARIF has results.
    let changed = FIXABLE.replace("请讲", "请讲话") + "article 2 \"再见\"\n  say \"再见。\"\n";
    write(&dir.path().join("changed.phr"), &changed);
    let cases: [&[&str]; 4] = [
        &["check", "rules", "--output-format", "sarif"],
        &["check", "missing.phr", "--output-format", "sarif"],
        &["diff", "rules", "broken.phr", "--output-format", "sarif"],
        &["diff", "rules", "changed.phr", "--output-format", "sarif"],
    ];
    for args in cases {
        let sarif = run(phrasec(dir.path()).args(args));
        let input = dir.path().join("out.sarif");
        let report = dir.path().join("validation.sarif");
        std::fs::write(&input, &sarif.stdout).expect("write the log");
        // Invariant globalization: the tool (.NET) then needs no ICU library.
        let output = std::process::Command::new(&tool)
            .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
            .args([
                "validate",
                "--rule-kind",
                "Gh;Sarif",
                "--log",
                "ForceOverwrite",
                "-o",
            ])
            .arg(&report)
            .arg(&input)
            .output()
            .expect("the multitool starts");
        if !report.is_file() {
            // The tool itself could not run here: that says nothing about phrasec's SARIF.
            eprintln!(
                "skipped: the SARIF multitool wrote no report: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            return;
        }
        let validation: Value =
            serde_json::from_str(&read(&report)).expect("the validation log is JSON");
        let errors: Vec<String> = validation["runs"][0]["results"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|result| result["level"] == "error")
            .map(|result| result["message"].to_string())
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
}
