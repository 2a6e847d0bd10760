//! `phrasec check --fix`: for each lint with a machine-applicable fix, a snapshot of a rule file
//! before and after fixing (the binary runs on a copy in a temporary directory), and checks that
//! the fixed file is clean of that code, that a second `--fix` changes nothing, and that
//! `MaybeIncorrect` suggestions (W0302, W0304) are never applied.

use std::path::Path;

use phrasec::diagnostics::{Applicability, Code, Diagnostic};

/// What one run of the binary produced.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `phrasec ARGS` in `dir` without colour.
fn phrasec_in(dir: &Path, args: &[&str]) -> Run {
    let output = assert_cmd::cargo::cargo_bin_cmd!("phrasec")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("the binary runs");
    let run = Run {
        code: output.status.code().expect("the binary exits"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// A temporary directory with `rules.phr`, and `phrasec.toml` when a configuration is given.
/// A configuration that asks W0305 for spaces around digits too (off by default).
const DIGITS_SPACED: &str = "[lint]\nspacing-digits = true\n";

fn workspace(text: &str, config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(dir.path().join("rules.phr"), text).expect("write the rule file");
    if let Some(config) = config {
        std::fs::write(dir.path().join("phrasec.toml"), config).expect("write the configuration");
    }
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("the file is readable")
}

/// The diagnostics of a rule text under a configuration, from the library.
fn diagnostics(text: &str, config: Option<&str>) -> Vec<Diagnostic> {
    let config = config.map(|text| phrasec::Input {
        name: "phrasec.toml".to_owned(),
        bytes: text.as_bytes().to_vec(),
    });
    phrasec::compile_with_config(
        &[phrasec::Input {
            name: "rules.phr".to_owned(),
            bytes: text.as_bytes().to_vec(),
        }],
        config.as_ref(),
    )
    .diagnostics
}

fn count(diagnostics: &[Diagnostic], code: Code) -> usize {
    diagnostics.iter().filter(|d| d.code == code).count()
}

/// Fixes `text` with `check --fix`, checks that the result is clean of `code` and that a second
/// `--fix` changes nothing; returns the snapshot: the file before and after, and the transcript.
fn fix_and_check(code: Code, text: &str, config: Option<&str>) -> String {
    let before = diagnostics(text, config);
    assert!(count(&before, code) > 0, "the input has no {code}");
    let dir = workspace(text, config);
    let first = phrasec_in(dir.path(), &["check", "--fix", "rules.phr"]);
    let fixed = read(dir.path(), "rules.phr");
    assert_ne!(fixed, text, "--fix changed nothing");
    assert!(first.stderr.starts_with("fixed "), "{}", first.stderr);
    let after = diagnostics(&fixed, config);
    assert_eq!(count(&after, code), 0, "{code} remains: {after:#?}");
    assert!(
        !first.stdout.contains(&format!("[{code}]")),
        "the report after fixing still shows {code}:\n{}",
        first.stdout
    );

    let second = phrasec_in(dir.path(), &["check", "--fix", "rules.phr"]);
    assert_eq!(
        read(dir.path(), "rules.phr"),
        fixed,
        "a second --fix changed the file"
    );
    assert!(!second.stderr.contains("fixed"), "{}", second.stderr);
    assert_eq!((second.code, &second.stdout), (first.code, &first.stdout));
    format!(
        "----- BEFORE\n{text}----- AFTER\n{fixed}----- phrasec check --fix rules.phr\n{}",
        first.transcript()
    )
}

/// The fixed file in a snapshot of [`fix_and_check`].
fn after_section(snapshot: &str) -> &str {
    let start = snapshot.find("----- AFTER\n").expect("AFTER") + "----- AFTER\n".len();
    let end = snapshot.find("----- phrasec").expect("transcript");
    &snapshot[start..end]
}

#[test]
fn ascii_punctuation_is_replaced() {
    let text = r#"spec "客户端作业规范(V2.0)" version "2.0"

const hotline "客服热线" = "10000"

article 31 "通话过程中如客户所说的某一句话听不清楚"
  say "不好意思,您的电话听不清楚,麻烦您重复一遍,好吗?"

article 45 "第三方原因"
  say "本次故障是由第三方(物业公司)引起的 , 详情请拨打热线({hotline})"

article 46 "预约"
  say "工程师将于 16:30 上门。请注意:届时请保持电话畅通."
"#;
    let snapshot = fix_and_check(Code::W0301, text, None);
    // Brackets change in pairs, spaces around a mark go, times stay.
    assert!(snapshot.contains("规范（V2.0）"));
    assert!(snapshot.contains("热线（{hotline}）"));
    assert!(snapshot.contains("引起的，详情"));
    assert!(snapshot.contains("于 16:30 上门"));
    insta::assert_snapshot!(snapshot);
}

#[test]
fn doubled_punctuation_keeps_one_mark() {
    let text = r#"spec "客户端作业规范" version "2.0"

article 39 "回访时"
  guidance "应使用礼节性用语。。"

article 46 "第三方已完成故障的处理工作时"
  say "我们已协助他们完成了对本次故障的处理，现在业务已恢复。。"

article 47 "维护人员遇到现场无法解决的问题时"
  say "您反映的问题我已经记录下来，，。会及时向您反馈。"

article 49 "客户抱怨有故障时"
  say "非常抱歉，我们正在全力处理！！！故障将很快解决。"

article 55 "如客户对故障处理表示不满意时"
  say "请问您主要是在哪方面对我们的维修服务感到不满意呢？！。"
"#;
    let snapshot = fix_and_check(Code::W0303, text, None);
    // A row of three is fixed in one pass, and a question stays a question.
    assert!(snapshot.contains("全力处理！故障"));
    assert!(snapshot.contains("不满意呢？\""));
    insta::assert_snapshot!(snapshot);
}

#[test]
fn spaces_are_inserted_between_chinese_and_latin() {
    let text = r#"spec "客户端作业规范V2.0" version "2.0"

slot gender: enum { male "先生", female "小姐" } "客户称谓"

article 38 "对客户远程服务结束时"
  say "如遇问题，请及时与10000号联系。"

article 60 "使用Wi-Fi时"
  say "请{gender ? 先生 | 小姐}连接名为ChinaNet的Wi-Fi网络，然后按1键。"
  guidance "提醒客户密码区分大小写，如Abc。"
"#;
    let snapshot = fix_and_check(Code::W0305, text, Some(DIGITS_SPACED));
    // Titles are not phrases: `V2.0` and `Wi-Fi时` in titles stay as they are.
    assert!(snapshot.contains("spec \"客户端作业规范V2.0\""));
    assert!(snapshot.contains("article 60 \"使用Wi-Fi时\""));
    assert!(snapshot.contains("连接名为 ChinaNet 的 Wi-Fi 网络，然后按 1 键。"));
    insta::assert_snapshot!(snapshot);
}

#[test]
fn misspellings_are_replaced() {
    let text = r#"spec "客户端作业规范" version "2.0"

slot account: text "帐户类型" example "宽带"

article 38 "对客户远程服务结束时"
  say "您的{account}帐户已恢复正常，我们将歇诚为您服务！"
  or say "我们将[歇诚|竭力]为您服务！"
"#;
    let config = "[lint.misspellings]\n\"帐户\" = \"账户\"\n";
    let snapshot = fix_and_check(Code::W0306, text, Some(config));
    let fixed = after_section(&snapshot);
    assert!(
        !fixed.contains("帐户") && !fixed.contains("歇诚"),
        "{fixed}"
    );
    assert!(
        fixed.contains("slot account: text \"账户类型\""),
        "labels are fixed too"
    );
    insta::assert_snapshot!(snapshot);
}

/// Six fixes of four lints on one line, applied together in one pass.
#[test]
fn several_fixes_on_one_line() {
    let text = r#"spec "客户端作业规范" version "2.0"

article 38 "对客户远程服务结束时"
  say "您好,如遇问题请拨打10000咨询 , 我们将歇诚为您服务。。"
"#;
    let dir = workspace(text, Some(DIGITS_SPACED));
    let first = phrasec_in(dir.path(), &["check", "--fix", "rules.phr"]);
    let fixed = read(dir.path(), "rules.phr");
    assert_eq!(first.stderr, "fixed 6 problems\n");
    assert!(fixed.contains("say \"您好，如遇问题请拨打 10000 咨询，我们将竭诚为您服务。\""));
    assert!(diagnostics(&fixed, None).is_empty());
    let second = phrasec_in(dir.path(), &["check", "--fix", "rules.phr"]);
    assert_eq!(read(dir.path(), "rules.phr"), fixed);
    assert_eq!(second.stderr, "");
    insta::assert_snapshot!(format!(
        "----- BEFORE\n{text}----- AFTER\n{fixed}----- phrasec check --fix rules.phr\n{}",
        first.transcript()
    ));
}

/// Applies the edits of every fix of a diagnostic with `code`, as a person accepting the
/// suggestions would; checks they are all `MaybeIncorrect`.
fn apply_suggestions(text: &str, config: Option<&str>, code: Code) -> String {
    let mut edits: Vec<_> = diagnostics(text, config)
        .into_iter()
        .filter(|d| d.code == code)
        .flat_map(|d| {
            let fix = d.fix.expect("every such warning has a suggestion");
            assert_eq!(fix.applicability, Applicability::MaybeIncorrect);
            fix.edits
        })
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut out = text.to_owned();
    for edit in edits {
        out.replace_range(edit.span.range(), &edit.replacement);
    }
    out
}

/// W0302 and W0304 suggest a change but `--fix` does not make it: where a quotation ends, or
/// whether a phrase is a question, is for a person to decide.
#[test]
fn maybe_incorrect_suggestions_are_not_applied() {
    let text = r#"spec "客户端作业规范" version "2.0"

article 33 "对不属于本部门处理的报障"
  say "十分抱歉，这个问题不属于本部门处理范围，请您按“转接键后稍候。"

article 37 "客户对我们的服务表示感谢时"
  say "不客气，这是我们的工作，希望能再次为您服务"

article 39 "回访时"
  guidance "应使用礼节性用语（主要包括故障原因解释等内容。"

article 52 "客户反映反馈渠道不畅通"
  say "关于此事，我们会将您的意见转达相关部门，"
"#;
    let config = "[lint.levels]\nW0304 = \"warn\"\n";
    let dir = workspace(text, Some(config));
    let run = phrasec_in(dir.path(), &["check", "--fix", "rules.phr"]);
    assert_eq!(read(dir.path(), "rules.phr"), text, "the file was changed");
    assert_eq!(run.code, 0);
    assert!(!run.stderr.contains("fixed"), "{}", run.stderr);
    assert_eq!(run.stdout.matches("warning[W0302]").count(), 2);
    assert_eq!(run.stdout.matches("warning[W0304]").count(), 2);
    insta::assert_snapshot!(run.transcript());

    // The suggestions themselves are sound: the closing mark goes before the closing quote of
    // the phrase or guidance text, and a trailing `，` is replaced rather than followed by `。`.
    let balanced = apply_suggestions(text, Some(config), Code::W0302);
    assert!(balanced.contains("请您按“转接键后稍候。”\""));
    assert!(balanced.contains("等内容。）\""));
    assert!(
        diagnostics(&balanced, Some(config))
            .iter()
            .all(|d| d.code == Code::W0304)
    );
    let punctuated = apply_suggestions(text, Some(config), Code::W0304);
    assert!(punctuated.contains("为您服务。\""));
    assert!(punctuated.contains("转达相关部门。\""));
    assert!(
        diagnostics(&punctuated, Some(config))
            .iter()
            .all(|d| d.code == Code::W0302)
    );
}

/// Fixes reach every file of a directory; an allowed lint is not fixed, a denied one is, and the
/// exit code is that of the fixed files.
#[test]
fn fixes_follow_the_configured_levels_in_every_file() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).expect("create rules/");
    let header =
        "spec \"客户端作业规范\" version \"2.0\"\n\narticle 30 \"一\"\n  say \"您好,请讲。\"\n";
    let other = "article 31 \"二\"\n  say \"请拨打10000,我们将歇诚为您服务。\"\n";
    std::fs::write(rules.join("a.phr"), header).expect("write");
    std::fs::write(rules.join("b.phr"), other).expect("write");
    std::fs::write(
        dir.path().join("phrasec.toml"),
        "[lint]\nspacing-digits = true\n\n[lint.levels]\nascii-punctuation = \"allow\"\nW0306 = \"deny\"\n",
    )
    .expect("write config");

    let before = phrasec_in(dir.path(), &["check", "rules"]);
    assert_eq!(
        before.code, 1,
        "the misspelling is denied:\n{}",
        before.stdout
    );

    let run = phrasec_in(dir.path(), &["check", "--fix", "rules"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stderr, "fixed 2 problems\n");
    assert_eq!(read(&rules, "a.phr"), header, "W0301 is allowed: not fixed");
    assert_eq!(
        read(&rules, "b.phr"),
        "article 31 \"二\"\n  say \"请拨打 10000,我们将竭诚为您服务。\"\n"
    );
    insta::assert_snapshot!(run.transcript());
}

/// Standard input cannot be written back: the warnings are reported and nothing is fixed.
#[test]
fn standard_input_is_reported_not_fixed() {
    let dir = workspace("", None);
    let output = assert_cmd::cargo::cargo_bin_cmd!("phrasec")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "--fix", "-", "--output-format", "concise"])
        .write_stdin("spec \"规范\" version \"1\"\narticle 1 \"一\"\n  say \"您好,请讲。\"\n")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("<stdin>:3:10: warning[W0301]"),
        "{stdout}"
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Found (issue 16): W0305 "fixed" `户号为XX的` into `户号为 XX 的`, after which `check` was
/// clean, and spaced out the source's own `12345政务服务热线`. Placeholders are W0308 and no fix
/// touches them; digits are left as written unless `spacing-digits` is set.
#[test]
fn fixes_leave_placeholders_and_digits_as_the_source_wrote_them() {
    let text = r#"spec "客户端作业规范" version "2.0"

article 30 "查询"
  say "您好，户号为XX的账户已欠费，详情请拨打12345政务服务热线。"
  guidance "原文为“户号为XX的”。"
"#;
    let dir = workspace(text, None);
    let run = phrasec_in(dir.path(), &["check", "--fix", "rules.phr"]);
    assert_eq!(read(dir.path(), "rules.phr"), text, "{}", run.transcript());
    let codes: Vec<String> = diagnostics(text, None)
        .iter()
        .map(|d| d.code.as_str().to_owned())
        .collect();
    assert_eq!(codes, ["W0308"]);
    let spaced = diagnostics(text, Some(DIGITS_SPACED));
    assert_eq!(count(&spaced, Code::W0305), 2, "{spaced:#?}");
}
