//! `phrasec diff` on realistic edits of the bundled rules: a changed phrase, a moved
//! (renumbered) article, a removed slot, a new segment-specific article; human, JSON and
//! markdown output, and `--deny-breaking`.

use crate::support::rules::bundled_rules;
use phrasec::diff::render::{DiffFormat, render};
use phrasec::diff::{Impact, diff};
use phrasec::{Compilation, Input};

/// The bundled rules with `edit` applied to the file whose name ends with `file`.
fn edited(file: &str, edit: impl Fn(&str) -> String) -> Vec<Input> {
    let mut inputs = bundled_rules();
    let input = inputs
        .iter_mut()
        .find(|input| input.name.ends_with(file))
        .expect("file exists");
    let text = String::from_utf8(input.bytes.clone()).expect("utf-8");
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit changes the file");
    input.bytes = changed.into_bytes();
    inputs
}

fn compiled(inputs: &[Input]) -> Compilation {
    let compilation = phrasec::compile(inputs);
    assert!(!compilation.has_errors(), "{:#?}", compilation.diagnostics);
    compilation
}

fn report_text(new: &[Input], format: DiffFormat) -> (String, bool) {
    let old = compiled(&bundled_rules());
    let new = compiled(new);
    let report = diff(&old.model, &new.model);
    (
        render(&report, format, phrasec::diagnostics::Coloring::Plain),
        report.has_breaking(),
    )
}

#[test]
fn identical_rule_sets_have_no_changes() {
    let (text, breaking) = report_text(&bundled_rules(), DiffFormat::Human);
    assert_eq!(text, "no semantic changes\n");
    assert!(!breaking);
}

#[test]
fn a_changed_phrase_is_highlighted_and_not_breaking() {
    let new = edited("20-fault-handling.phr", |text| {
        text.replace("我们正在加紧抢修", "我们正在全力抢修")
    });
    let (text, breaking) = report_text(&new, DiffFormat::Human);
    insta::assert_snapshot!(text);
    assert!(!breaking);
}

#[test]
fn a_moved_article_is_a_renumbering_and_breaking() {
    let new = edited("32-household.phr", |text| {
        text.replace("article 63 ", "article 65 ")
    });
    let (text, breaking) = report_text(&new, DiffFormat::Human);
    insta::assert_snapshot!(text);
    assert!(breaking);
}

#[test]
fn a_removed_slot_breaks_callers() {
    let new = edited("31-enterprise.phr", |text| {
        text.replace("我们会在{finish_time}完成", "我们会尽快完成")
    });
    let new = {
        let mut inputs = new;
        let declarations = inputs
            .iter_mut()
            .find(|i| i.name.ends_with("00-declarations.phr"))
            .expect("declarations");
        let text = String::from_utf8(declarations.bytes.clone()).expect("utf-8");
        let start = text.find("# 第58条：原文“**时”。").expect("slot comment");
        let end = text[start..].find("\n\n").expect("blank line") + start;
        declarations.bytes = format!("{}{}", &text[..start], &text[end + 1..]).into_bytes();
        inputs
    };
    let (text, breaking) = report_text(&new, DiffFormat::Human);
    insta::assert_snapshot!(text);
    assert!(breaking);
    assert!(text.contains("slot `finish_time` removed (was time)"));
}

#[test]
fn a_new_segment_specific_article_changes_situations() {
    let new = edited("32-household.phr", |text| {
        format!(
            "{text}\narticle 65 \"客户抱怨故障处理时限长时\" in slow_complaint when delay = repair\n  say \"对不起，由于故障原因比较复杂，我们会尽快完成。\"\n"
        )
    });
    let old = compiled(&bundled_rules());
    let new = compiled(&new);
    let report = diff(&old.model, &new.model);
    let situation = report
        .entries
        .iter()
        .find(|e| matches!(e.change, phrasec::diff::Change::SituationChanged { .. }))
        .expect("a situation changes");
    assert_eq!(situation.impact, Impact::Selection);
    insta::assert_snapshot!(render(
        &report,
        DiffFormat::Markdown,
        phrasec::diagnostics::Coloring::Plain
    ));
    insta::assert_snapshot!(render(
        &report,
        DiffFormat::Json,
        phrasec::diagnostics::Coloring::Plain
    ));
}

#[test]
fn deny_breaking_sets_the_exit_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    let new_dir = dir.path().join("new");
    std::fs::create_dir(&new_dir).expect("dir");
    for input in edited("32-household.phr", |text| {
        text.replace("article 63 ", "article 65 ")
    }) {
        let name = std::path::Path::new(&input.name)
            .file_name()
            .expect("name")
            .to_owned();
        std::fs::write(new_dir.join(name), &input.bytes).expect("written");
    }
    let mut command = assert_cmd::Command::cargo_bin("phrasec").expect("binary");
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["diff", "rules"])
        .arg(&new_dir)
        .arg("--deny-breaking")
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "[breaking] article 63 renumbered to 65",
        ));
    let mut command = assert_cmd::Command::cargo_bin("phrasec").expect("binary");
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["diff", "rules"])
        .arg(&new_dir)
        .assert()
        .code(0);
}

#[test]
fn ci_formats_locate_changes_and_sarif_is_valid() {
    let old = compiled(&bundled_rules());
    let new_inputs = edited("20-fault-handling.phr", |text| {
        text.replace("我们正在加紧抢修", "我们正在全力抢修")
    });
    let new = compiled(&new_inputs);
    let report = diff(&old.model, &new.model);
    let sources = phrasec::diff::render::Sources {
        old: &old.sources,
        new: &new.sources,
    };
    let plain = phrasec::diagnostics::Coloring::Plain;
    let github =
        phrasec::diff::render::render_located(&report, DiffFormat::Github, plain, &sources);
    assert!(
        github.starts_with("::notice file=rules/20-fault-handling.phr,line=15,col=9,endLine=15,endColumn=11,title=phrase-changed (wording)::article 41 phrase 1 changed%0A"),
        "{github}"
    );
    let lines =
        phrasec::diff::render::render_located(&report, DiffFormat::JsonLines, plain, &sources);
    let first: serde_json::Value =
        serde_json::from_str(lines.lines().next().expect("a line")).expect("json");
    assert_eq!(first["kind"], "phrase_changed");
    assert_eq!(first["location"]["line"], 15);
    let sarif = phrasec::diff::render::render_located(&report, DiffFormat::Sarif, plain, &sources);
    let log: serde_json::Value = serde_json::from_str(&sarif).expect("json");
    let schema_text =
        std::fs::read_to_string("tests/fixtures/sarif-schema-2.1.0.json").expect("schema");
    // See tests/it/output_formats.rs: a bare `]` in one pattern is escaped for Rust's regex.
    let schema_text = schema_text.replace(r#"-[a-zA-Z]{2}]?$"#, r#"-[a-zA-Z]{2}\\]?$"#);
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let gitlab =
        phrasec::diff::render::render_located(&report, DiffFormat::Gitlab, plain, &sources);
    let issues: serde_json::Value = serde_json::from_str(&gitlab).expect("json");
    assert_eq!(issues[0]["location"]["path"], "rules/20-fault-handling.phr");
}

/// The diff sees a change of each newer construct: a segment choice's text, an action's
/// argument, note and resume condition, a phrase's modal word and language, a number's units,
/// the arguments of id, money and date slots, an amount's unit and the default segment.
#[test]
fn changes_to_segment_choices_actions_modals_and_units_are_reported() {
    let base = include_str!("../fmt/every-construct.phr");
    let compile = |text: &str| {
        let compilation = phrasec::compile_str("every-construct.phr", text);
        assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
        compilation
    };
    let old = compile(base);
    let edits: [(&str, &str, &str, Impact); 13] = [
        (
            "enterprise:为贵单位",
            "enterprise:为您单位",
            "phrase-changed",
            Impact::Wording,
        ),
        (
            "| 为您}办理",
            "| 为你}办理",
            "phrase-changed",
            Impact::Wording,
        ),
        (
            "{ department }",
            "{ org_name }",
            "phrase-changed",
            Impact::Wording,
        ),
        (
            "note \"转接前告知\"",
            "note \"转接后告知\"",
            "phrase-changed",
            Impact::Wording,
        ),
        (
            "until \"对方接听后\"",
            "until \"对方接听时\"",
            "phrase-changed",
            Impact::Wording,
        ),
        ("or  may   say", "or say", "phrase-changed", Impact::Wording),
        (
            "lang  \"en\"",
            "lang \"en-GB\"",
            "phrase-changed",
            Impact::Wording,
        ),
        (
            "unit \"小时\"|\"工作日\"",
            "unit \"小时\"|\"工作日\"|\"天\"",
            "slot-retyped",
            Impact::Breaking,
        ),
        // The arguments of id, money and date slots are their types; an amount's unit is
        // said.
        ("id(10)", "id(8)", "slot-retyped", Impact::Breaking),
        (
            "money(0..)",
            "money(0..=500)",
            "slot-retyped",
            Impact::Breaking,
        ),
        (
            "date \"截止日期\"",
            "date(year) \"截止日期\"",
            "slot-retyped",
            Impact::Breaking,
        ),
        (
            "\"欠费\" unit \"元\"",
            "\"欠费\" unit \"美元\"",
            "declaration-changed",
            Impact::Wording,
        ),
        (
            "\"其他来电人\"   default",
            "\"其他来电人\"",
            "declaration-changed",
            Impact::Selection,
        ),
    ];
    for (from, to, kind, impact) in edits {
        assert!(base.contains(from), "`{from}` is in the base file");
        let new = compile(&base.replacen(from, to, 1));
        let report = diff(&old.model, &new.model);
        let kinds: Vec<(&str, Impact)> = report
            .entries
            .iter()
            .map(|entry| (phrasec::diff::render::kind(&entry.change), entry.impact))
            .collect();
        assert!(
            kinds.contains(&(kind, impact)),
            "`{from}` → `{to}`: expected {kind} ({impact:?}), found {kinds:?}"
        );
    }
}
