//! Bad input through the binary: broken encodings, control characters, empty, huge and
//! unterminated files, unreadable paths. Each ends in a diagnostic and exit 1 or 2: never a
//! panic, never an output file.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::slow::skip_slow_test;
use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The name every bad input is written under, relative to its temporary directory.
const INPUT: &str = "input.phr";

fn phrasec(dir: &Path) -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("phrasec");
    cmd.current_dir(dir).env_remove("NO_COLOR");
    cmd.timeout(Duration::from_secs(120));
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
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "the binary panicked:\n{}",
        run.stderr
    );
    run
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable directory")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The outcome of `check --output-format json` on one input.
struct Checked {
    code: i32,
    diagnostics: Vec<Value>,
    /// Kept alive so the input file stays while the test looks at it.
    _dir: TempDir,
}

impl Checked {
    fn codes(&self) -> Vec<&str> {
        self.diagnostics
            .iter()
            .map(|d| d["code"].as_str().expect("a code"))
            .collect()
    }

    /// The first diagnostic with this code.
    fn find(&self, code: &str) -> &Value {
        self.diagnostics
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("no {code} among {:?}", self.codes()))
    }

    /// Line and column of the first diagnostic with this code.
    fn position(&self, code: &str) -> (u64, u64) {
        let location = &self.find(code)["location"];
        (
            location["line"].as_u64().expect("a line"),
            location["column"].as_u64().expect("a column"),
        )
    }
}

/// Writes `bytes` to a fresh directory and runs `check`, then `build` and `render` on it.
/// `build` and `render` must fail exactly when `check` does, and `build` must leave nothing
/// but the input in the directory when it fails.
fn check_bytes(bytes: &[u8]) -> Checked {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(INPUT), bytes).unwrap();
    let checked = run(phrasec(dir.path()).args(["check", INPUT, "--output-format", "json"]));
    assert!(
        matches!(checked.code, 0 | 1),
        "exit {}: {}",
        checked.code,
        checked.stderr
    );
    let diagnostics: Value = serde_json::from_str(&checked.stdout).expect("JSON diagnostics");
    let diagnostics = diagnostics.as_array().expect("an array").clone();
    assert_eq!(
        checked.code == 1,
        diagnostics.iter().any(|d| d["severity"] == "error"),
        "exit 1 exactly when there are errors"
    );

    let built = run(phrasec(dir.path()).args(["build", INPUT, "-o", "out.json"]));
    assert_eq!(built.code, checked.code, "build: {}", built.stderr);
    if built.code == 0 {
        assert_eq!(entries(dir.path()), ["input.phr", "out.json"]);
    } else {
        assert!(
            built.stderr.contains("no output written"),
            "{}",
            built.stderr
        );
        assert_eq!(entries(dir.path()), ["input.phr"], "nothing written");
    }

    if checked.code == 1 {
        let rendered = run(phrasec(dir.path()).args(["render", INPUT, "--article", "1"]));
        assert_eq!(rendered.code, 1);
        assert_eq!(rendered.stdout, "");
    }
    Checked {
        code: checked.code,
        diagnostics,
        _dir: dir,
    }
}

/// A small valid rule file with an article 1.
const VALID: &str = "spec \"测试\" version \"1.0\"\n\
                     slot minutes: duration(minute) \"时限\"\n\
                     article 1 \"第一条\"\n  say \"[对不起|抱歉]，请在{minutes}后再试。\"\n";

// ---------------------------------------------------------------- encodings

#[test]
fn valid_file_is_clean() {
    let checked = check_bytes(VALID.as_bytes());
    assert_eq!(checked.code, 0);
    assert_eq!(checked.codes(), Vec::<&str>::new());
}

#[test]
fn invalid_utf8_is_e0003_with_the_byte_offset() {
    let checked = check_bytes(b"spec \"a\xff\" version \"1\"\n");
    assert_eq!(checked.code, 1);
    assert_eq!(checked.codes(), ["E0003"]);
    let message = checked.find("E0003")["message"].as_str().unwrap();
    assert!(message.contains("byte 7"), "{message}");
    assert_eq!(checked.position("E0003"), (1, 8));
}

#[test]
fn invalid_utf8_after_chinese_text_and_a_bom() {
    // BOM (3 bytes) + `spec "` (6) + `规范` (6) = byte 15 is the bad one.
    let mut bytes = b"\xEF\xBB\xBFspec \"".to_vec();
    bytes.extend_from_slice("规范".as_bytes());
    bytes.extend_from_slice(b"\xC3\x28\"\n");
    let checked = check_bytes(&bytes);
    assert_eq!(checked.code, 1);
    assert_eq!(checked.codes(), ["E0003"]);
    let message = checked.find("E0003")["message"].as_str().unwrap();
    assert!(message.contains("byte 15"), "{message}");
    assert_eq!(checked.position("E0003"), (1, 9));
}

#[test]
fn invalid_utf8_on_a_later_line() {
    let mut bytes = VALID.as_bytes().to_vec();
    bytes.extend_from_slice(b"article 2 \"t\"\n  say \"\xE4\xBD\"\n");
    let checked = check_bytes(&bytes);
    assert_eq!(checked.codes(), ["E0003"]);
    let message = checked.find("E0003")["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("byte {}", VALID.len() + 21)),
        "{message}"
    );
    assert_eq!(checked.position("E0003"), (6, 8));
}

#[test]
fn truncated_utf8_at_end_of_file() {
    let mut bytes = VALID.as_bytes().to_vec();
    bytes.extend_from_slice("规".as_bytes().split_last().unwrap().1);
    let checked = check_bytes(&bytes);
    assert_eq!(checked.codes(), ["E0003"]);
}

#[test]
fn utf16_file_is_not_utf8() {
    let bytes: Vec<u8> = std::iter::once(0xFEFFu16)
        .chain(VALID.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    let checked = check_bytes(&bytes);
    assert_eq!(checked.code, 1);
    assert!(
        checked
            .codes()
            .iter()
            .all(|code| ["E0003", "E0005"].contains(code)),
        "{:?}",
        checked.codes()
    );
}

#[test]
fn bom_parses_cleanly() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(VALID.as_bytes());
    let checked = check_bytes(&bytes);
    assert_eq!(checked.code, 0);
    assert_eq!(checked.codes(), Vec::<&str>::new());
}

#[test]
fn bom_does_not_shift_columns() {
    // `verison` is a typo: the error is at line 1, column 10 whether or not a BOM comes first.
    for prefix in [&b""[..], b"\xEF\xBB\xBF"] {
        let mut bytes = prefix.to_vec();
        bytes.extend_from_slice(b"spec \"a\" verison \"1\"\narticle 1 \"t\"\n  say \"{x}\"\n");
        let checked = check_bytes(&bytes);
        assert_eq!(checked.code, 1);
        assert_eq!(checked.position("E0001"), (1, 10), "prefix {prefix:?}");
        assert_eq!(checked.position("E0107"), (3, 9), "prefix {prefix:?}");
    }
}

#[test]
fn crlf_line_ends_parse_cleanly() {
    let checked = check_bytes(VALID.replace('\n', "\r\n").as_bytes());
    assert_eq!(checked.code, 0);
    assert_eq!(checked.codes(), Vec::<&str>::new());
}

#[test]
fn crlf_line_ends_keep_lines_and_columns() {
    let text = "spec \"测试\"\r\n\
                fact cause \"原因\" { ours \"我方\" }\r\n\
                article 1 \"一\" when cause = theirs\r\n\
                \x20 say \"您好，{客户}。\"\r\n\
                article 2 \"二\"\r\n\
                \x20 say \"没有结尾的引号\r\n\
                article 3 \"三\"\r\n\
                \x20 say \"好\" or\r\n";
    let lf = check_bytes(text.replace("\r\n", "\n").as_bytes());
    let crlf = check_bytes(text.as_bytes());
    assert_eq!(crlf.code, 1);
    assert_eq!(crlf.codes(), lf.codes());
    for (with_cr, without) in crlf.diagnostics.iter().zip(&lf.diagnostics) {
        for key in ["line", "column", "end_line", "end_column"] {
            assert_eq!(
                with_cr["location"][key], without["location"][key],
                "{key} of {}",
                with_cr["message"]
            );
        }
    }
    assert_eq!(crlf.position("E0104"), (3, 28));
    assert_eq!(crlf.position("E0107"), (4, 12));
    assert_eq!(crlf.position("E0002"), (6, 7));
    // The unterminated phrase runs to the end of its line, not over the `\r`.
    let end = &crlf.find("E0002")["location"];
    assert_eq!(
        (end["end_line"].as_u64(), end["end_column"].as_u64()),
        (Some(6), Some(15))
    );
}

/// Old Mac files end lines with a lone `\r`: lines, columns and error recovery are as with `\n`.
#[test]
fn cr_only_line_ends_keep_lines_columns_and_recovery() {
    let text = "spec \"测试\"\n\
                fact cause \"原因\" { ours \"我方\" }\n\
                # 注释\n\
                article 1 \"一\" when cause = theirs\n\
                \x20 say \"您好，{客户}。\"\n\
                article 2 \"二\"\n\
                \x20 say \"没有结尾的引号\n\
                article 3 \"三\"\n\
                \x20 say \"好\" or\n";
    let lf = check_bytes(text.as_bytes());
    let cr = check_bytes(text.replace('\n', "\r").as_bytes());
    assert_eq!(cr.code, 1);
    // Recovery starts a chunk at each article, so all three articles' errors are reported.
    assert_eq!(cr.codes(), lf.codes());
    assert!(cr.codes().len() >= 4, "{:?}", cr.codes());
    for (with_cr, without) in cr.diagnostics.iter().zip(&lf.diagnostics) {
        for key in ["line", "column", "end_line", "end_column"] {
            assert_eq!(
                with_cr["location"][key], without["location"][key],
                "{key} of {}",
                with_cr["message"]
            );
        }
    }
    assert_eq!(cr.position("E0104"), (4, 28));
    assert_eq!(cr.position("E0002"), (7, 7));
}

#[test]
fn crlf_human_output_matches_lf_and_has_no_carriage_returns() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "spec \"a\"\narticle 1 \"t\" when x = y\n  say \"{x}\"\narticle 2 \"u\"\n  say \"abc\n";
    std::fs::write(dir.path().join("lf.phr"), text).unwrap();
    std::fs::write(dir.path().join("crlf.phr"), text.replace('\n', "\r\n")).unwrap();
    let lf = run(phrasec(dir.path()).args(["check", "lf.phr", "--color", "never"]));
    let crlf = run(phrasec(dir.path()).args(["check", "crlf.phr", "--color", "never"]));
    assert_eq!(crlf.code, 1);
    assert!(!crlf.stdout.contains('\r'), "{:?}", crlf.stdout);
    assert_eq!(crlf.stdout.replace("crlf.phr", "lf.phr"), lf.stdout);
}

#[test]
fn nul_byte_is_e0005() {
    let checked = check_bytes(b"spec \"a\"\0 version \"1\"\n");
    assert_eq!(checked.code, 1);
    assert_eq!(checked.codes(), ["E0005"]);
    let message = checked.find("E0005")["message"].as_str().unwrap();
    assert!(
        message.contains("NUL") && message.contains("byte 8"),
        "{message}"
    );
    assert_eq!(checked.position("E0005"), (1, 9));
}

#[test]
fn nul_byte_after_a_bom_counts_bom_bytes() {
    let checked = check_bytes(b"\xEF\xBB\xBFspec \"a\"\0\n");
    assert_eq!(checked.codes(), ["E0005"]);
    let message = checked.find("E0005")["message"].as_str().unwrap();
    assert!(message.contains("byte 11"), "{message}");
    assert_eq!(checked.position("E0005"), (1, 9));
}

#[test]
fn many_control_characters_are_reported_a_few_times() {
    let text = format!("{VALID}{}", "\0\x07\x1b".repeat(1000));
    let checked = check_bytes(text.as_bytes());
    assert_eq!(checked.code, 1);
    let codes = checked.codes();
    assert!(
        !codes.is_empty() && codes.len() <= 20,
        "{} reports",
        codes.len()
    );
    assert!(codes.iter().all(|code| *code == "E0005"));
}

#[test]
fn control_character_in_a_phrase_is_e0005() {
    let text = VALID.replace("请在", "请\u{7}在");
    let checked = check_bytes(text.as_bytes());
    assert_eq!(checked.codes(), ["E0005"]);
    assert_eq!(checked.position("E0005"), (4, 18));
}

// ---------------------------------------------------------------- empty files

#[test]
fn empty_file_is_e0004() {
    let checked = check_bytes(b"");
    assert_eq!(checked.code, 1);
    assert!(checked.codes().contains(&"E0004"), "{:?}", checked.codes());
    assert_eq!(checked.position("E0004"), (1, 1));
}

#[test]
fn whitespace_only_file_is_e0004() {
    let checked = check_bytes(b"  \n\t\r\n\n   ");
    assert_eq!(checked.code, 1);
    assert!(checked.codes().contains(&"E0004"), "{:?}", checked.codes());
}

#[test]
fn comment_only_file_is_e0004() {
    let checked = check_bytes("# 只有注释\n   # 另一行注释\n#".as_bytes());
    assert_eq!(checked.code, 1);
    assert!(checked.codes().contains(&"E0004"), "{:?}", checked.codes());
}

#[test]
fn bom_only_file_is_e0004() {
    let checked = check_bytes(b"\xEF\xBB\xBF");
    assert_eq!(checked.code, 1);
    assert!(checked.codes().contains(&"E0004"), "{:?}", checked.codes());
}

// ---------------------------------------------------------------- unterminated at end of file

#[test]
fn unterminated_phrase_at_eof_is_e0002() {
    let checked = check_bytes(b"spec \"a\"\narticle 1 \"t\"\n  say \"abc");
    assert_eq!(checked.code, 1);
    assert_eq!(checked.codes(), ["E0002"]);
    assert_eq!(checked.position("E0002"), (3, 7));
}

#[test]
fn unterminated_title_at_eof_is_e0002() {
    let checked = check_bytes("spec \"a\"\narticle 1 \"第一".as_bytes());
    assert_eq!(checked.codes(), ["E0002"]);
    assert_eq!(checked.position("E0002"), (2, 11));
}

#[test]
fn open_fact_at_eof_is_e0001() {
    let checked = check_bytes(b"spec \"a\"\nfact x \"l\" {");
    assert_eq!(checked.code, 1);
    assert_eq!(checked.codes(), ["E0001"]);
    assert_eq!(checked.position("E0001"), (2, 13));
}

#[test]
fn open_enum_slot_at_eof_is_e0001() {
    let checked = check_bytes(b"spec \"a\"\nslot g: enum { male \"m\",");
    assert_eq!(checked.codes(), ["E0001"]);
}

#[test]
fn keyword_alone_at_eof_is_e0001() {
    for tail in [
        "article",
        "article 1",
        "article 1 \"t\" when",
        "slot x:",
        "never",
    ] {
        let checked = check_bytes(format!("spec \"a\"\n{tail}").as_bytes());
        assert_eq!(checked.code, 1, "{tail}");
        assert!(
            checked.codes().contains(&"E0001"),
            "{tail}: {:?}",
            checked.codes()
        );
    }
}

#[test]
fn ten_thousand_open_brackets_in_a_phrase() {
    let text = format!(
        "spec \"a\"\narticle 1 \"t\"\n  say \"{}\"\n",
        "[".repeat(10_000)
    );
    let checked = check_bytes(text.as_bytes());
    assert_eq!(checked.code, 1);
    assert_eq!(checked.codes(), ["E0001"]);
    assert_eq!(checked.position("E0001"), (3, 9));
}

#[test]
fn ten_thousand_open_brackets_at_eof() {
    let text = format!(
        "spec \"a\"\narticle 1 \"t\"\n  say \"{}",
        "[".repeat(10_000)
    );
    let checked = check_bytes(text.as_bytes());
    assert_eq!(checked.code, 1);
    assert_eq!(checked.codes(), ["E0002"]);
}

#[test]
fn ten_thousand_nested_alternatives() {
    let text = format!(
        "spec \"a\"\narticle 1 \"t\"\n  say \"{}{}\"\n",
        "[a|".repeat(10_000),
        "]".repeat(10_000)
    );
    let checked = check_bytes(text.as_bytes());
    assert_eq!(checked.code, 1);
    assert_eq!(checked.codes(), ["E0001"]);
}

#[test]
fn ten_thousand_open_braces() {
    for tail in ["\"\n", ""] {
        let text = format!(
            "spec \"a\"\narticle 1 \"t\"\n  say \"{}{tail}",
            "{".repeat(10_000)
        );
        let checked = check_bytes(text.as_bytes());
        assert_eq!(checked.code, 1);
        assert!(
            checked.codes() == ["E0001"] || checked.codes() == ["E0002"],
            "{:?}",
            checked.codes()
        );
    }
}

#[test]
fn ten_thousand_braces_outside_a_phrase() {
    let text = format!("spec \"a\"\nfact x \"l\" {}\n", "{".repeat(10_000));
    let checked = check_bytes(text.as_bytes());
    assert_eq!(checked.codes(), ["E0001"]);
    assert_eq!(checked.position("E0001"), (2, 13));
}

#[test]
fn long_chains_of_conditions_and_options() {
    let conditions = format!("spec \"a\"\nnever {}\n", "x = y and ".repeat(10_000));
    let checked = check_bytes(conditions.as_bytes());
    assert_eq!(checked.codes(), ["E0001"]);
    let options = format!(
        "spec \"a\"\narticle 1 \"t\"\n{}\n",
        "  say \"x\" or".repeat(10_000)
    );
    let checked = check_bytes(options.as_bytes());
    assert_eq!(checked.codes(), ["E0001"]);
}

#[test]
fn ten_thousand_lines_of_syntax_errors_are_capped() {
    let text = format!("spec \"a\"\n{}", "article x\n".repeat(10_000));
    let checked = check_bytes(text.as_bytes());
    assert_eq!(checked.code, 1);
    let n = checked.codes().len();
    assert!((1..=60).contains(&n), "{n} diagnostics");
    let notes = checked.diagnostics.last().unwrap()["notes"].to_string();
    assert!(notes.contains("more syntax errors"), "{notes}");
}

#[test]
fn very_long_line() {
    let text = format!(
        "spec \"a\"\narticle 1 \"t\"\n  say \"{}\" {}\n",
        "很长".repeat(100_000),
        "x"
    );
    let checked = check_bytes(text.as_bytes());
    assert_eq!(checked.codes(), ["E0001"]);
    assert_eq!(checked.position("E0001"), (3, 200_010));
}

// ---------------------------------------------------------------- a 50 MB file

/// Writes a valid rule file of at least `size` bytes; returns the number of articles.
fn write_big_file(path: &Path, size: usize) -> usize {
    let mut text = String::with_capacity(size + 1024);
    text.push_str(
        "spec \"大文件\" version \"1.0\"\n\
         fact cause \"故障原因\" { unknown \"不明\", ours \"我方\" }\n\
         slot minutes: duration(minute) \"答复时限\"\n\
         slot gender: enum { male \"男\", female \"女\" } \"性别\"\n\
         action stay_silent \"保持沉默\"\n",
    );
    let mut n = 0;
    while text.len() < size {
        n += 1;
        text.push_str(&format!(
            "\n# 第{n}条\narticle {n} \"第{n}条\" when cause = ours\n  \
             say \"[对不起|非常抱歉]，{{gender ? 先生 | 女士}}，我们会在{{minutes}}内答复您。\"\n  \
             or act stay_silent\n"
        ));
    }
    std::fs::write(path, text).unwrap();
    n
}

#[test]
fn fifty_megabyte_file_is_checked() {
    if skip_slow_test("bad_input::fifty_megabyte_file_is_checked") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let n = write_big_file(&dir.path().join(INPUT), 50 << 20);
    let started = Instant::now();
    let checked = run(phrasec(dir.path()).args(["check", INPUT]));
    let elapsed = started.elapsed();
    eprintln!("check of a 50 MB file with {n} articles took {elapsed:?}");
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert_eq!(
        checked.stdout,
        format!("checked 1 file, {n} articles: 0 errors, 0 warnings\n")
    );
}

/// 5 MB rather than 50: the position of an error far into a file is the point here, and the
/// 50 MB file above already shows that size alone is handled.
#[test]
fn large_file_with_an_error_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(INPUT);
    let n = write_big_file(&path, 5 << 20);
    let mut text = std::fs::read_to_string(&path).unwrap();
    let n_lines = text.lines().count();
    text.push_str("article 999999999 \"坏\"\n  say \"{没有这个槽位}\"\n");
    std::fs::write(&path, text).unwrap();
    let checked = run(phrasec(dir.path()).args([
        "build",
        INPUT,
        "--output-format",
        "concise",
        "-o",
        "out.json",
    ]));
    assert_eq!(checked.code, 1);
    assert!(
        checked.stderr.starts_with(&format!(
            "input.phr:{}:9: error[E0107]: there is no slot or constant `没有这个槽位`",
            n_lines + 2
        )),
        "{} articles: {}",
        n,
        checked.stderr
    );
    assert_eq!(entries(dir.path()), ["input.phr"]);
}

// ---------------------------------------------------------------- unreadable paths and outputs

#[test]
fn missing_file_is_e0006_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["check", "build", "render"] {
        let mut cmd = phrasec(dir.path());
        cmd.args([command, "missing.phr", "--output-format", "json"]);
        match command {
            "build" => cmd.args(["-o", "out.json"]),
            "render" => cmd.args(["--article", "1"]),
            _ => &mut cmd,
        };
        let run = run(&mut cmd);
        assert_eq!(run.code, 2, "{command}");
        // A machine format goes to standard output, as one valid document, even on failure.
        let diagnostics: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
        assert_eq!(diagnostics[0]["code"], "E0006");
        assert!(
            diagnostics[0]["message"]
                .as_str()
                .unwrap()
                .contains("`missing.phr`: no such file or directory")
        );
        assert!(entries(dir.path()).is_empty(), "{command} wrote nothing");
    }
}

#[test]
fn one_missing_file_among_good_ones_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(INPUT), VALID).unwrap();
    let run = run(phrasec(dir.path()).args([
        "build",
        INPUT,
        "missing.phr",
        "--output-format",
        "concise",
        "-o",
        "out.json",
    ]));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error[E0006]: cannot read `missing.phr`: no such file or directory \
         (help: check the path and its permissions; directories are searched for `*.phr` files)\n"
    );
    assert_eq!(entries(dir.path()), ["input.phr"]);
}

#[test]
fn directory_without_rule_files_is_e0006_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("rules/sub")).unwrap();
    std::fs::write(dir.path().join("rules/readme.txt"), "not a rule file").unwrap();
    std::fs::write(dir.path().join("rules/sub/rules.phr.bak"), VALID).unwrap();
    let run = run(phrasec(dir.path()).args(["check", "rules", "--output-format", "concise"]));
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error[E0006]: cannot read `rules`: the directory holds no `.phr` files"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_directory_is_e0006_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let run = run(phrasec(dir.path()).args(["check", "empty"]));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("E0006"), "{}", run.stderr);
}

#[test]
fn default_rules_directory_missing_is_e0006_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(phrasec(dir.path()).args(["check"]));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cannot read `rules`: no such file or directory"),
        "{}",
        run.stderr
    );
}

/// A symbolic link back up the tree must not make the directory search read the same files
/// again and again (once per level until the system refuses to resolve the path).
#[cfg(unix)]
#[test]
fn symlink_loop_in_a_rules_directory_reads_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::write(dir.path().join("rules/a.phr"), VALID).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("rules/up")).unwrap();
    let run = run(phrasec(dir.path()).args(["check", "rules", "--output-format", "concise"]));
    assert_eq!(
        run.code,
        0,
        "{}",
        run.stdout.lines().take(5).collect::<Vec<_>>().join("\n")
    );
    assert!(
        run.stdout.starts_with("checked 1 file, 1 article"),
        "{}",
        run.stdout
    );
}

#[test]
fn directory_as_output_is_exit_2_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(INPUT), VALID).unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let run = run(phrasec(dir.path()).args(["build", INPUT, "-o", "out"]));
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error[E0008]: refusing to write `out`: it is a directory"),
        "{}",
        run.stderr
    );
    assert!(entries(&dir.path().join("out")).is_empty());
    assert_eq!(
        entries(dir.path()),
        ["input.phr", "out"],
        "no stray temporary file"
    );
}

#[test]
fn directory_as_output_with_a_trailing_slash() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(INPUT), VALID).unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let run = run(phrasec(dir.path()).args(["build", INPUT, "-o", "out/"]));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(entries(&dir.path().join("out")).is_empty());
    assert_eq!(entries(dir.path()), ["input.phr", "out"]);
}

#[test]
fn input_that_is_not_a_rule_file_extension_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.txt"), VALID).unwrap();
    let run = run(phrasec(dir.path()).args(["check", "rules.txt"]));
    assert_eq!(run.code, 0, "{}", run.stdout);
}
