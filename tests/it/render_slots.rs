//! `phrasec render --slot` (issue 15, item 8): a slot the article does not use, a slot given
//! twice, an unknown name and a constant given as a slot are reported with a code, and the
//! help names the article's own slots.

const RULES: &str = "spec \"s\"\n\
const hotline \"客服热线\" = \"10000\"\n\
slot name: person \"姓名\"\n\
slot minutes: number(1..=60) \"分钟数\"\n\
slot gender: enum { male \"先生\", female \"小姐\" } \"称谓\"\n\
article 1 \"a\"\n  say \"{name}{gender ? 先生 | 小姐}，请拨打{hotline}\"\n\
article 2 \"b\"\n  say \"您好\"\n\
article 3 \"c\"\n  say \"请在{minutes}分钟内回复\"\n";

/// Exit code and everything printed, for `phrasec render - ARGS` on [`RULES`].
fn render(args: &[&str]) -> (i32, String) {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("phrasec");
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command.env("NO_COLOR", "1");
    command.args(["render", "-", "--output-format", "concise"]);
    command.args(args);
    command.write_stdin(RULES);
    let output = command.output().expect("the binary runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!printed.contains("panicked"), "{printed}");
    (output.status.code().expect("exits"), printed)
}

#[test]
fn the_rules_render_with_the_slots_they_use() {
    let (code, printed) = render(&[
        "--article",
        "1",
        "--slot",
        "name=王",
        "--slot",
        "gender=小姐",
    ]);
    assert_eq!(code, 0, "{printed}");
    assert!(printed.contains("王小姐，请拨打10000"), "{printed}");
}

/// Found: a `--slot` the article does not use was ignored silently.
#[test]
fn a_slot_the_article_does_not_use_is_an_error() {
    let (code, printed) = render(&["--article", "1", "--slot", "minutes=5"]);
    assert_eq!(code, 1, "{printed}");
    assert!(printed.contains("E0304"), "{printed}");
    assert!(
        printed.contains("article 1 does not use the slot `minutes`"),
        "{printed}"
    );
    assert!(printed.contains("`name`, `gender`"), "{printed}");
}

/// Found: a repeated `--slot` kept the last value.
#[test]
fn a_slot_given_twice_is_an_error() {
    let (code, printed) = render(&[
        "--article",
        "1",
        "--slot",
        "name=张三",
        "--slot",
        "name=李四",
    ]);
    assert_eq!(code, 1, "{printed}");
    assert!(printed.contains("E0305"), "{printed}");
    assert!(printed.contains("`name` is given twice"), "{printed}");
    assert!(!printed.contains("李四，"), "{printed}");
}

/// Found: on an article without slots, an unknown slot listed every slot of the rule set.
#[test]
fn an_unknown_slot_lists_the_articles_own_slots() {
    let (code, printed) = render(&["--article", "2", "--slot", "zzz=1"]);
    assert_eq!(code, 1, "{printed}");
    assert!(printed.contains("E0301"), "{printed}");
    assert!(printed.contains("article 2 uses no slot"), "{printed}");
    assert!(!printed.contains("`minutes`"), "{printed}");
    let (code, printed) = render(&["--article", "1", "--slot", "zzz=1"]);
    assert_eq!(code, 1, "{printed}");
    assert!(
        printed.contains("article 1 uses `name`, `gender`"),
        "{printed}"
    );
    assert!(!printed.contains("`minutes`"), "{printed}");
    // A misspelling of one of the article's slots is suggested.
    let (_, printed) = render(&["--article", "3", "--slot", "minutse=1"]);
    assert!(printed.contains("did you mean `minutes`?"), "{printed}");
}

/// A constant is named as a constant, with its fixed value.
#[test]
fn a_constant_given_as_a_slot_is_named_as_a_constant() {
    let (code, printed) = render(&["--article", "1", "--slot", "hotline=123"]);
    assert_eq!(code, 1, "{printed}");
    assert!(printed.contains("E0301"), "{printed}");
    assert!(
        printed.contains("`hotline` is a constant, not a slot"),
        "{printed}"
    );
    assert!(printed.contains("`10000`"), "{printed}");
}
