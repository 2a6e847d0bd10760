//! Command-line tests: exit codes, standard output and standard error of every subcommand.
//!
//! The binary runs with the crate root as its working directory and gets relative paths, so
//! the snapshots (exit code, stdout and stderr together) are the same on every machine.

use std::path::Path;
use std::process::Command as StdCommand;

use assert_cmd::Command;

const CLEAN: &str = "tests/fixtures/clean.phr";
const ERRORS: &str = "tests/fixtures/errors.phr";
const WARNINGS: &str = "tests/fixtures/warnings.phr";
const MULTI: &str = "tests/fixtures/multi";

/// The binary, run from the crate root with no colour-related environment.
fn phrasec() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("phrasec");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    for variable in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"] {
        cmd.env_remove(variable);
    }
    cmd
}

/// What one run produced.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for a snapshot.
    fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// The transcript with a temporary directory's path replaced by `[TMP]`.
    fn transcript_in(&self, dir: &Path) -> String {
        self.transcript()
            .replace(&dir.display().to_string(), "[TMP]")
    }
}

fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("the binary runs");
    let run = Run {
        code: output
            .status
            .code()
            .expect("the binary exits, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "the binary panicked:\n{}",
        run.stderr
    );
    run
}

fn phrasec_run<const N: usize>(args: [&str; N]) -> Run {
    run(phrasec().args(args))
}

fn has_ansi(text: &str) -> bool {
    text.contains("\x1b[")
}

/// Removes ANSI escape sequences (`ESC [ … letter`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch == '\x1b' {
            for next in chars.by_ref() {
                if next.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(ch);
        }
    }
    out
}

/// Every file name in a directory, sorted.
fn dir_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the directory is readable")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn diagnostic_codes(json: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(json).expect("diagnostics are JSON");
    value
        .as_array()
        .expect("diagnostics are a JSON array")
        .iter()
        .map(|d| d["code"].as_str().expect("each has a code").to_owned())
        .collect()
}

// ---------------------------------------------------------------- check

#[test]
fn check_clean_file() {
    let run = phrasec_run(["check", CLEAN]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_warnings_only_exits_zero() {
    let run = phrasec_run(["check", WARNINGS, "--color", "never"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("warning[W0001]") && run.stdout.contains("warning[W0002]"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_errors_human() {
    let run = phrasec_run(["check", ERRORS, "--output-format", "human"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("┌─ tests/fixtures/errors.phr:9:13"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_errors_human_is_the_default_format() {
    let default = phrasec_run(["check", ERRORS]);
    let human = phrasec_run(["check", ERRORS, "--output-format", "human"]);
    assert_eq!(default.transcript(), human.transcript());
}

#[test]
fn check_errors_concise() {
    let run = phrasec_run(["check", ERRORS, "--output-format", "concise"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "three diagnostics and the summary");
    assert!(lines[0].starts_with("tests/fixtures/errors.phr:9:13: error[E0107]: "));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_errors_json() {
    let run = phrasec_run(["check", ERRORS, "--output-format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(diagnostic_codes(&run.stdout), ["E0107", "E0104", "E0001"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let location = &value[0]["location"];
    assert_eq!(location["file"], "tests/fixtures/errors.phr");
    assert_eq!(
        (location["line"].as_u64(), location["column"].as_u64()),
        (Some(9), Some(13))
    );
    assert!(
        !run.stdout.contains("checked 1 file"),
        "no summary in JSON mode"
    );
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_clean_file_json_is_an_empty_array() {
    let run = phrasec_run(["check", CLEAN, "--output-format", "json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "[]\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn check_directory_reads_every_phr_file() {
    let run = phrasec_run(["check", MULTI]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_several_paths_form_one_rule_set() {
    let run = phrasec_run(["check", CLEAN, MULTI, "--output-format", "concise"]);
    // Both clean.phr and the directory have a `spec` header: together that is E0110.
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("checked 3 files"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn color_never_writes_no_ansi_codes() {
    let run = phrasec_run(["check", ERRORS, "--color", "never"]);
    assert_eq!(run.code, 1);
    assert!(!has_ansi(&run.stdout), "{}", run.stdout);
}

#[test]
fn color_always_writes_ansi_codes_and_the_same_text() {
    let colored = phrasec_run(["check", ERRORS, "--color", "always"]);
    let plain = phrasec_run(["check", ERRORS, "--color", "never"]);
    assert_eq!(colored.code, 1);
    assert!(has_ansi(&colored.stdout));
    assert_eq!(strip_ansi(&colored.stdout), plain.stdout);
}

#[test]
fn color_always_wins_over_no_color() {
    let run = run(phrasec()
        .env("NO_COLOR", "1")
        .args(["check", ERRORS, "--color", "always"]));
    assert!(has_ansi(&run.stdout));
}

#[test]
fn color_auto_with_no_color_writes_no_ansi_codes() {
    let run = run(phrasec()
        .env("NO_COLOR", "1")
        .args(["check", ERRORS, "--color", "auto"]));
    assert_eq!(run.code, 1);
    assert!(!has_ansi(&run.stdout));
    assert!(!has_ansi(&run.stderr));
}

/// Runs `phrasec check ERRORS --color auto` on a pseudo-terminal through util-linux `script`;
/// `None` when `script` is not installed.
fn check_on_terminal(no_color: Option<&str>) -> Option<String> {
    let binary = assert_cmd::cargo::cargo_bin!("phrasec");
    let mut cmd = StdCommand::new("script");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-q", "-e", "-c"])
        .arg(format!("{} check {ERRORS} --color auto", binary.display()))
        .arg("/dev/null")
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null());
    if let Some(value) = no_color {
        cmd.env("NO_COLOR", value);
    }
    let output = cmd.output().ok()?;
    let code = output.status.code()?;
    if !(0..=2).contains(&code) || output.stdout.is_empty() {
        return None;
    }
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn color_auto_on_a_terminal_honours_no_color() {
    let Some(colored) = check_on_terminal(None) else {
        eprintln!("skipped: util-linux `script` is not available to provide a terminal");
        return;
    };
    assert!(has_ansi(&colored), "a terminal gets colours: {colored:?}");
    let plain = check_on_terminal(Some("1")).expect("`script` ran before");
    assert!(!has_ansi(&plain), "NO_COLOR=1 turns them off: {plain:?}");
    // An empty NO_COLOR does not count (https://no-color.org).
    let empty = check_on_terminal(Some("")).expect("`script` ran before");
    assert!(has_ansi(&empty));
}

// ---------------------------------------------------------------- standard input

#[test]
fn check_reads_standard_input() {
    let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN)).unwrap();
    let run = run(phrasec().args(["check", "-"]).write_stdin(text));
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_standard_input_with_errors_names_stdin() {
    let text = "spec \"标准输入\"\narticle 1 \"一\"\n  say \"您好，{客户}。\"\n";
    let run = run(phrasec()
        .args(["check", "-", "--output-format", "concise"])
        .write_stdin(text));
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn render_reads_standard_input() {
    let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN)).unwrap();
    let from_stdin = run(phrasec()
        .args(["render", "-", "--article", "46"])
        .write_stdin(text));
    let from_file = phrasec_run(["render", CLEAN, "--article", "46"]);
    assert_eq!(from_stdin.code, 0);
    assert_eq!(from_stdin.transcript(), from_file.transcript());
}

// ---------------------------------------------------------------- build

#[test]
fn build_json_writes_the_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("phrases.json");
    let run = run(phrasec()
        .args(["build", CLEAN, "--emit", "json", "-o"])
        .arg(&out));
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.transcript_in(dir.path()));
    assert_eq!(
        dir_entries(dir.path()),
        ["phrases.json"],
        "no stray temporary file"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).expect("the output is JSON");
    assert_eq!(value["spec"]["title"], "测试规范");
    let text = text.as_str();
    assert!(
        text.contains("\"file\": \"tests/fixtures/clean.phr\""),
        "paths stay relative"
    );
    assert!(!text.contains(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn build_output_is_byte_identical_on_two_runs() {
    let dir = tempfile::tempdir().unwrap();
    // Two processes: hash maps are seeded differently in each, so any iteration over one that
    // reached the output would show.
    for input in [CLEAN, MULTI, "rules"] {
        for emit in ["json", "rust"] {
            let first = dir.path().join(format!("first.{emit}"));
            let second = dir.path().join(format!("second.{emit}"));
            for out in [&first, &second] {
                let run = run(phrasec()
                    .args(["build", input, "--emit", emit, "-o"])
                    .arg(out));
                assert_eq!(run.code, 0, "{}", run.stderr);
            }
            let first = std::fs::read(&first).unwrap();
            let second = std::fs::read(&second).unwrap();
            assert!(first.len() > 100);
            assert!(first == second, "two {emit} builds of {input} differ");
        }
    }
}

fn run_build_clean(out: &Path) -> Run {
    run(phrasec().args(["build", CLEAN, "-o"]).arg(out))
}

#[test]
fn build_to_standard_output_matches_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("phrases.json");
    assert_eq!(run_build_clean(&out).code, 0);
    let to_stdout = phrasec_run(["build", CLEAN, "-o", "-"]);
    assert_eq!(to_stdout.code, 0);
    assert_eq!(to_stdout.stderr, "");
    assert_eq!(to_stdout.stdout, std::fs::read_to_string(&out).unwrap());
}

#[test]
fn build_with_errors_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("phrases.json");
    let run = run(phrasec()
        .args(["build", ERRORS, "--output-format", "concise", "-o"])
        .arg(&out));
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript_in(dir.path()));
    assert!(!out.exists());
    assert!(
        dir_entries(dir.path()).is_empty(),
        "no temporary file left: {:?}",
        dir_entries(dir.path())
    );
}

#[test]
fn build_with_errors_keeps_an_existing_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("phrases.json");
    std::fs::write(&out, "previous build\n").unwrap();
    let run = run(phrasec().args(["build", ERRORS, "-o"]).arg(&out));
    assert_eq!(run.code, 1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous build\n");
    assert_eq!(dir_entries(dir.path()), ["phrases.json"]);
}

#[test]
fn build_replaces_an_existing_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("phrases.json");
    std::fs::write(&out, "previous build\n").unwrap();
    assert_eq!(run_build_clean(&out).code, 0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('{'));
    assert_eq!(dir_entries(dir.path()), ["phrases.json"]);
}

/// The output is written to a private temporary file and renamed; it must still end up with
/// the permissions any new file gets (0666 less the umask), not the temporary file's 0600.
#[cfg(unix)]
#[test]
fn build_output_gets_the_usual_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference.txt");
    std::fs::write(&reference, "").unwrap();
    let out = dir.path().join("phrases.json");
    assert_eq!(run_build_clean(&out).code, 0);
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        format!("{:o}", mode(&out)),
        format!("{:o}", mode(&reference))
    );
}

#[test]
fn build_with_only_warnings_writes_the_file_and_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("phrases.json");
    let run = run(phrasec()
        .args(["build", WARNINGS, "--output-format", "concise", "-o"])
        .arg(&out));
    assert_eq!(run.code, 0);
    assert!(out.is_file());
    insta::assert_snapshot!(run.transcript_in(dir.path()));
}

#[test]
fn build_without_output_is_a_usage_error() {
    let run = phrasec_run(["build", CLEAN]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn build_into_a_missing_directory_fails_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no/such/dir/phrases.json");
    let run = run(phrasec().args(["build", CLEAN, "-o"]).arg(&out));
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript_in(dir.path()));
    assert!(dir_entries(dir.path()).is_empty());
}

// ---------------------------------------------------------------- render

/// Issue 16: `render --given` answers "what does a caller in this situation hear?": which
/// article each decision chooses (and over which, by precedence), then what is said.
#[test]
fn render_given_a_situation_says_which_article_applies_and_why() {
    let run = phrasec_run([
        "render",
        "rules",
        "--given",
        "cause=unknown",
        "--given",
        "stage=investigating",
        "--given",
        "question=cause",
        "--segment",
        "enterprise",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout
            .starts_with("【客户询问故障原因】适用第57条（限于该客户群，优先于第40条）\n第57条 "),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.transcript());
    // The same situation with the facts joined by commas.
    let joined = phrasec_run([
        "render",
        "rules",
        "--given",
        "cause=unknown,stage=investigating",
        "--given",
        "question=cause",
        "--segment",
        "enterprise",
    ]);
    assert_eq!(joined.transcript(), run.transcript());
    let json = phrasec_run([
        "render",
        "rules",
        "--given",
        "delay=installation",
        "--segment",
        "household",
        "--output-format",
        "json",
    ]);
    let answers: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(answers[0]["decision"], "slow_complaint");
    assert_eq!(answers[0]["article"], 64);
    assert_eq!(answers[0]["case"], 1);
    assert_eq!(answers[0]["precedence"], "segment-specific");
    // A situation no article covers exits 1; one ruled out by `never` says why and exits 0.
    let uncovered = phrasec_run([
        "render",
        "rules",
        "--given",
        "delay=repair",
        "--segment",
        "household",
    ]);
    assert_eq!(uncovered.code, 1);
    assert_eq!(
        uncovered.stdout,
        "【客户抱怨时限长】没有适用的条款（W0201）\n"
    );
    let impossible = phrasec_run([
        "render",
        "rules",
        "--given",
        "cause=unknown",
        "--given",
        "stage=resolved",
        "--given",
        "question=cause",
        "--segment",
        "household",
    ]);
    assert_eq!(impossible.code, 0);
    assert!(
        impossible
            .stdout
            .contains("此情形不可能：原因尚未查明的故障不可能已处理完毕")
    );
}

/// Without `--segment`, `render --given` puts the caller in the segment declared `default`,
/// and a choice by segment says that segment's text.
#[test]
fn render_given_without_a_segment_uses_the_default_segment() {
    let fixture = "tests/fixtures/default-segment.phr";
    let by_default = phrasec_run(["render", fixture, "--given", "topic=complaint"]);
    assert_eq!(by_default.code, 0, "{}", by_default.transcript());
    assert!(
        by_default
            .stdout
            .starts_with("【来电人说明事项后】适用第2条"),
        "{}",
        by_default.stdout
    );
    let citizen = phrasec_run([
        "render",
        fixture,
        "--given",
        "topic=complaint",
        "--segment",
        "citizen",
    ]);
    assert!(
        citizen.stdout.contains("将在三个工作日内答复您"),
        "{}",
        citizen.stdout
    );
    let json = phrasec_run(["build", fixture, "--emit", "json", "-o", "-"]);
    let document: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(document["default_segment"], "other");
}

#[test]
fn render_given_too_little_is_e0307_and_unknown_names_are_reported() {
    let run = phrasec_run(["render", "rules", "--given", "delay=repair"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("E0307") || run.stdout.contains("E0307"),
        "{}",
        run.transcript()
    );
    let run = phrasec_run([
        "render",
        "rules",
        "--given",
        "delay=slow",
        "--given",
        "mood=angry",
        "--segment",
        "household",
    ]);
    assert_eq!(run.code, 1);
    let all = run.transcript();
    assert!(all.contains("E0104") && all.contains("E0103"), "{all}");
    let run = phrasec_run([
        "render",
        "rules",
        "--given",
        "delay=repair",
        "--article",
        "58",
    ]);
    assert_eq!(run.code, 2, "--article and --given exclude each other");
}

#[test]
fn render_with_slot_values() {
    let run = phrasec_run([
        "render",
        CLEAN,
        "--article",
        "45",
        "--slot",
        "name=张三",
        "--slot",
        "gender=female",
        "--slot",
        "minutes=30分钟",
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("张三女士"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn render_shows_a_missing_slot_as_its_label() {
    let run = phrasec_run(["render", CLEAN, "--article", "45", "--slot", "name=张三"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("〔答复时限〕"), "{}", run.stdout);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn render_all_variants() {
    let run = phrasec_run(["render", CLEAN, "--article", "45", "--variants", "all"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("对不起/非常抱歉"), "{}", run.stdout);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn render_steps_across_files() {
    let run = phrasec_run(["render", MULTI, "--article", "2"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn render_cases_and_steps() {
    let steps = phrasec_run(["render", CLEAN, "--article", "47"]);
    let cases = phrasec_run([
        "render",
        CLEAN,
        "--article",
        "48",
        "--segment",
        "enterprise",
    ]);
    assert_eq!((steps.code, cases.code), (0, 0));
    assert!(
        steps
            .stdout
            .contains("2. “已为您派单，请保持电话10000畅通。”")
    );
    insta::assert_snapshot!(format!("{}{}", steps.transcript(), cases.transcript()));
}

#[test]
fn render_for_another_segment_is_e0303() {
    let run = phrasec_run(["render", CLEAN, "--article", "48", "--segment", "public"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E0303"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn render_unknown_segment_is_e0102() {
    let run = phrasec_run(["render", CLEAN, "--article", "45", "--segment", "vip"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E0102") && run.stderr.contains("`enterprise`, `public`"));
}

#[test]
fn render_wrong_slot_type_is_e0301() {
    let run = phrasec_run(["render", CLEAN, "--article", "45", "--slot", "minutes=abc"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("E0301"));
    assert!(run.stderr.contains("`minutes`") && run.stderr.contains("`duration`"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn render_number_out_of_range_is_e0301() {
    let run = phrasec_run(["render", MULTI, "--article", "1", "--slot", "hours=100"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E0301") && run.stderr.contains("`number`"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn render_unknown_slot_is_e0301() {
    let run = phrasec_run(["render", CLEAN, "--article", "45", "--slot", "minute=30"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E0301") && run.stderr.contains("minutes"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn render_unknown_article_is_e0302() {
    let run = phrasec_run(["render", CLEAN, "--article", "99"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E0302"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn render_unknown_article_as_json() {
    let run = phrasec_run([
        "render",
        CLEAN,
        "--article",
        "99",
        "--output-format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    // Nothing was rendered, so the JSON diagnostics have standard output to themselves.
    assert_eq!(diagnostic_codes(&run.stdout), ["E0302"]);
}

#[test]
fn render_a_rule_set_with_errors_exits_1() {
    let run = phrasec_run([
        "render",
        ERRORS,
        "--article",
        "13",
        "--output-format",
        "concise",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("error[E0107]"));
}

#[test]
fn render_bad_slot_argument_is_a_usage_error() {
    let run = phrasec_run([
        "render",
        CLEAN,
        "--article",
        "45",
        "--slot",
        "no-equals-sign",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("NAME=VALUE"), "{}", run.stderr);
}

// ---------------------------------------------------------------- explain and schema

#[test]
fn explain_a_code() {
    let run = phrasec_run(["explain", "E0107"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    assert!(run.stdout.contains("E0107"), "{}", run.stdout);
    assert!(run.stdout.ends_with('\n'));
    // Codes are found by name and in any case, too.
    assert_eq!(phrasec_run(["explain", "e0107"]).stdout, run.stdout);
    assert_eq!(phrasec_run(["explain", "unknown-slot"]).stdout, run.stdout);
    assert_ne!(phrasec_run(["explain", "E0301"]).stdout, run.stdout);
}

#[test]
fn explain_without_a_code_lists_every_code() {
    let run = phrasec_run(["explain"]);
    assert_eq!(run.code, 0);
    let codes: Vec<&str> = run
        .stdout
        .lines()
        .map(|line| line.split_whitespace().next().unwrap_or(""))
        .collect();
    for code in ["E0001", "E0006", "E0107", "E0301", "E0302", "W0001"] {
        assert!(codes.contains(&code), "{code} is listed");
    }
    assert!(
        codes
            .iter()
            .all(|code| code.len() == 5 && (code.starts_with('E') || code.starts_with('W')))
    );
}

#[test]
fn explain_unknown_code_exits_2() {
    let run = phrasec_run(["explain", "E9999"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn schema_is_json() {
    let run = phrasec_run(["schema"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("schema is JSON");
    assert!(schema.is_object());
}

// ---------------------------------------------------------------- usage errors

#[test]
fn unknown_subcommand_exits_2() {
    let run = phrasec_run(["frobnicate"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn unknown_flag_exits_2() {
    let run = phrasec_run(["check", "--bogus", CLEAN]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn bad_flag_value_exits_2() {
    let run = phrasec_run(["check", CLEAN, "--output-format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("xml"));
    let run = phrasec_run(["render", CLEAN, "--article", "forty-five"]);
    assert_eq!(run.code, 2);
}

#[test]
fn no_subcommand_exits_2() {
    let run = phrasec_run([]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("Usage"), "{}", run.stderr);
}

#[test]
fn help_and_version_exit_0() {
    let help = phrasec_run(["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("check") && help.stdout.contains("render"));
    let version = phrasec_run(["--version"]);
    assert_eq!(version.code, 0);
    assert_eq!(
        version.stdout,
        format!("phrasec {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// Runs the binary with standard output a pipe whose reading end is already closed, as in
/// `phrasec explain | head -0`; returns the exit code and standard error.
fn run_into_closed_pipe(args: &[&str]) -> (i32, String) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = StdCommand::new(assert_cmd::cargo::cargo_bin!("phrasec"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr)
}

#[test]
fn closed_standard_output_is_not_a_panic() {
    for args in [
        &["explain"][..],
        &["explain", "E0107"],
        &["schema"],
        &["render", CLEAN, "--article", "45"],
        &["check", ERRORS],
    ] {
        let (code, stderr) = run_into_closed_pipe(args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(
            code,
            if args[0] == "check" { 1 } else { 0 },
            "{args:?}: {stderr}"
        );
    }
    // The reader closed the pipe: it wanted no more, and phrasec ends quietly.
    let (code, stderr) = run_into_closed_pipe(&["build", CLEAN, "-o", "-"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn missing_input_file_exits_2() {
    let run = phrasec_run(["check", "tests/fixtures/no-such-file.phr"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn build_rust_lean_options_leave_out_traits_and_table() {
    let standard = phrasec_run(["build", CLEAN, "--emit", "rust", "-o", "-"]);
    let lean = phrasec_run([
        "build",
        CLEAN,
        "--emit",
        "rust",
        "--phrase-traits",
        "minimal",
        "--table",
        "omit",
        "-o",
        "-",
    ]);
    assert_eq!((standard.code, lean.code), (0, 0), "{}", lean.stderr);
    assert!(standard.stdout.contains("pub const ARTICLES"));
    assert!(
        standard
            .stdout
            .contains("::core::fmt::Display for Phrase1<'_, P>")
    );
    assert!(!lean.stdout.contains("pub const ARTICLES"));
    assert!(
        !lean
            .stdout
            .contains("::core::fmt::Display for Phrase1<'_, P>")
    );
    assert!(lean.stdout.contains("pub fn render"));
    assert!(lean.stdout.len() < standard.stdout.len());
}

#[test]
fn build_json_rejects_rust_only_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("phrases.json");
    let run = run(phrasec()
        .args(["build", CLEAN, "--table", "omit", "-o"])
        .arg(&out));
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript_in(dir.path()));
    assert!(dir_entries(dir.path()).is_empty(), "nothing written");
}

/// A build script's `main` that returns the `BuildError` prints its `Debug` form: the
/// diagnostics as `phrasec check` shows them, not a dump of the sources (issue 15).
#[test]
fn a_build_error_prints_as_the_rendered_diagnostics() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("bad.phr");
    let mut text = String::from("spec \"s\" version \"1\"\n");
    for number in 1..=200 {
        text.push_str(&format!("article {number} \"标题{number}\" say \"您好\"\n"));
    }
    text.push_str("article 201 \"坏\" say \"{nobody}\"\n");
    std::fs::write(&rules, &text).expect("write rules");
    let error = phrasec::builder::Builder::new()
        .input(&rules)
        .output(dir.path().join("out.rs"))
        .cargo_directives(phrasec::builder::CargoDirectives::Quiet)
        .compile()
        .expect_err("the rules have an error");
    let printed = format!("{error:?}");
    assert!(printed.contains("error[E0107]"), "{printed}");
    assert!(printed.contains("bad.phr:202:"), "{printed}");
    assert!(
        !printed.contains("SourceMap") && !printed.contains("Rules {"),
        "{printed}"
    );
    assert!(
        printed.len() < text.len() / 2,
        "{} bytes: {printed}",
        printed.len()
    );
    assert!(!dir.path().join("out.rs").exists());
}

/// The build-script API applies the rule set's `phrasec.toml` as `phrasec check` does: a
/// warning denied there stops `cargo build` too, and `Builder::config` names a file explicitly
/// (issue 15).
#[test]
fn the_builder_reads_phrasec_toml_as_the_cli_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).expect("rules dir");
    // W0301: ASCII punctuation in Chinese text.
    std::fs::write(
        rules.join("a.phr"),
        "spec \"s\" version \"1\"\narticle 1 \"标题\" say \"您好,请稍等。\"\n",
    )
    .expect("write rules");
    let build = |config: Option<&std::path::Path>| {
        let mut builder = phrasec::builder::Builder::new()
            .input(&rules)
            .output(dir.path().join("out.rs"))
            .cargo_directives(phrasec::builder::CargoDirectives::Quiet);
        if let Some(config) = config {
            builder = builder.config(config);
        }
        builder.compile()
    };
    let report = build(None).expect("a warning only, without configuration");
    assert!(report.warnings.iter().any(|d| d.code.as_str() == "W0301"));
    std::fs::write(
        dir.path().join("phrasec.toml"),
        "[lint.levels]\nW0301 = \"deny\"\n",
    )
    .expect("write config");
    let error = build(None).expect_err("the nearest phrasec.toml denies W0301");
    assert!(format!("{error:?}").contains("W0301"), "{error:?}");
    let lenient = dir.path().join("lenient.toml");
    std::fs::write(&lenient, "[lint.levels]\nW0301 = \"allow\"\n").expect("write config");
    let report = build(Some(&lenient)).expect("the named file allows W0301");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

/// A configuration that is a device or a directory is refused at once (E0007), not read
/// forever: `/dev/zero` never ends.
#[test]
fn a_configuration_that_is_not_a_regular_file_is_refused() {
    for config in ["/dev/zero", "rules"] {
        if !std::path::Path::new(config).exists() {
            continue;
        }
        let mut command = phrasec();
        command
            .args(["check", "rules", "--config", config])
            .timeout(std::time::Duration::from_secs(20));
        let run = run(&mut command);
        assert_eq!(run.code, 2, "{config}: {}", run.stderr);
        assert!(run.stderr.contains("E0007"), "{config}: {}", run.stderr);
        assert!(
            run.stderr.contains("not a regular file"),
            "{config}: {}",
            run.stderr
        );
    }
}

/// Issue 16: a constant declared without a value is supplied at deployment: the build script
/// takes it from `Builder::constant` (after `phrasec.toml`'s `[constants]`), and fails with
/// E0128 without one; `render` shows the placeholder until `--const` gives it.
#[test]
fn deployment_constants_come_from_the_builder_the_config_or_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).expect("rules dir");
    std::fs::write(
        rules.join("a.phr"),
        "spec \"s\" version \"1\"\nconst company \"公司名称\"\narticle 1 \"接听来电时\"\n  say \"您好，{company}客服热线。\"\n",
    )
    .expect("write rules");
    let out = dir.path().join("out.rs");
    let builder = || {
        phrasec::builder::Builder::new()
            .input(&rules)
            .output(&out)
            .cargo_directives(phrasec::builder::CargoDirectives::Quiet)
    };
    let error = builder().compile().expect_err("no value for `company`");
    assert!(format!("{error:?}").contains("E0128"), "{error:?}");
    assert!(!out.exists());
    builder()
        .constant("company", "XX燃气")
        .compile()
        .expect("built");
    let generated = std::fs::read_to_string(&out).expect("written");
    assert!(generated.contains("pub const COMPANY: &str = \"XX燃气\";"));
    assert!(
        generated.contains("XX燃气客服热线"),
        "phrases say the value"
    );
    std::fs::write(
        dir.path().join("phrasec.toml"),
        "[constants]\ncompany = \"YY燃气\"\n",
    )
    .expect("write config");
    builder()
        .compile()
        .expect("the configuration gives the value");
    assert!(
        std::fs::read_to_string(&out)
            .expect("written")
            .contains("\"YY燃气\"")
    );
    std::fs::remove_file(dir.path().join("phrasec.toml")).expect("remove config");
    let placeholder = run(phrasec()
        .args(["render"])
        .arg(&rules)
        .args(["--article", "1"]));
    assert!(
        placeholder.stdout.contains("〔公司名称〕"),
        "{}",
        placeholder.transcript()
    );
    let given = run(phrasec().args(["render"]).arg(&rules).args([
        "--article",
        "1",
        "--const",
        "company=ZZ燃气",
    ]));
    assert!(
        given.stdout.contains("您好，ZZ燃气客服热线。"),
        "{}",
        given.transcript()
    );
}

/// Issue 15, item 2: `render` says a slot value as the generated code says it: `16:30` is
/// `16时30分` (the generated `TimeOfDay`), `030` is `30`; a fractional duration is refused, as
/// the generated `Duration` holds a whole amount.
#[test]
fn render_says_slot_values_as_the_generated_code_does() {
    let run = phrasec_run([
        "render",
        "rules",
        "--article",
        "58",
        "--segment",
        "enterprise",
        "--slot",
        "finish_time=16:30",
    ]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("我们会在16时30分完成"),
        "{}",
        run.stdout
    );
    let run = phrasec_run([
        "render",
        "rules",
        "--article",
        "34",
        "--slot",
        "reply_minutes=030",
    ]);
    assert!(
        run.stdout.contains("我们会在30分钟内答复您"),
        "{}",
        run.transcript()
    );
    let run = phrasec_run([
        "render",
        "rules",
        "--article",
        "58",
        "--segment",
        "enterprise",
        "--slot",
        "finish_time=9:05",
    ]);
    assert!(
        run.stdout.contains("我们会在9时5分完成"),
        "{}",
        run.transcript()
    );
}
