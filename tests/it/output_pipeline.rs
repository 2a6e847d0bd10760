//! The one output pipeline (`src/output/`): the diff's markdown cannot be broken by what
//! policy editors write (HTML comments, images, backticks in a phrase or a title), and a
//! checker diagnostic and a diff change come out of the same emitters with the same fields.

use crate::support::rules::bundled_rules;
use phrasec::diagnostics::{Coloring, OutputFormat, render_diagnostics};
use phrasec::diff::render::{DiffFormat, Sources, render_located};
use phrasec::diff::{DiffReport, diff};
use phrasec::{Compilation, Input};

/// The bundled rules with `from` replaced by `to` in the file whose name ends with `file`.
fn edit(inputs: &mut [Input], file: &str, from: &str, to: &str) {
    let input = inputs
        .iter_mut()
        .find(|input| input.name.ends_with(file))
        .expect("file exists");
    let text = String::from_utf8(input.bytes.clone()).expect("utf-8");
    assert!(text.contains(from), "{from}");
    input.bytes = text.replacen(from, to, 1).into_bytes();
}

fn compiled(inputs: &[Input]) -> Compilation {
    let compilation = phrasec::compile(inputs);
    assert!(!compilation.has_errors(), "{:#?}", compilation.diagnostics);
    compilation
}

/// A phrase and a title that hold an HTML comment, an image and backticks.
fn hostile_edits() -> Vec<Input> {
    let mut inputs = bundled_rules();
    edit(
        &mut inputs,
        "20-fault-handling.phr",
        "我们正在加紧抢修",
        "我们正在<!-- 全力 <img src=x onerror=alert(1)> `code` *强调*抢修",
    );
    edit(
        &mut inputs,
        "32-household.phr",
        "article 63 \"当客户业务不能正常使用",
        "article 65 \"<!-- 当客户业务`不能`正常使用",
    );
    inputs
}

/// The bundled rules, the rules with [`hostile_edits`], and their diff.
fn hostile_diff() -> (Compilation, Compilation, DiffReport) {
    let old = compiled(&bundled_rules());
    let new = compiled(&hostile_edits());
    let report = diff(&old.model, &new.model);
    (old, new, report)
}

#[test]
fn markdown_escapes_html_and_markup_in_phrases_and_titles() {
    let (old, new, report) = hostile_diff();
    let sources = Sources {
        old: &old.sources,
        new: &new.sources,
    };
    let markdown = render_located(&report, DiffFormat::Markdown, Coloring::Plain, &sources);
    // The only HTML is the format's own: every `<` opens one of its tags.
    for (at, _) in markdown.match_indices('<') {
        let rest = &markdown[at..];
        assert!(
            ["<del>", "</del>", "<ins>", "</ins>", "<br>"]
                .iter()
                .any(|tag| rest.starts_with(tag)),
            "raw HTML at {at}: {rest}"
        );
    }
    assert!(
        markdown.contains(
            "&lt;!-- 全力 &lt;img src=x onerror=alert(1)&gt; &#96;code&#96; &#42;强调&#42;"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("&lt;!-- 当客户业务&#96;不能&#96;正常使用"),
        "{markdown}"
    );
    // Nothing hides what follows: every change is a list item, and the names in our own
    // wording keep their code spans.
    let items = markdown
        .lines()
        .filter(|line| line.starts_with("- "))
        .count();
    assert_eq!(items, report.entries.len(), "{markdown}");
    assert!(
        markdown.contains("- decision `asks_cause`: when"),
        "{markdown}"
    );
    // The plain formats keep the text as written.
    let human = render_located(&report, DiffFormat::Human, Coloring::Plain, &sources);
    assert!(
        human.contains("<img src=x onerror=alert(1)> `code`"),
        "{human}"
    );
}

/// The GitHub property names of one annotation line.
fn github_properties(line: &str) -> Vec<String> {
    let properties = line
        .split_once(' ')
        .and_then(|(_, rest)| rest.split_once("::"))
        .map(|(properties, _)| properties)
        .expect("a workflow command");
    properties
        .split(',')
        .map(|property| property.split('=').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn a_diagnostic_and_a_change_get_the_same_annotation_fields() {
    let (old, new, report) = hostile_diff();
    let sources = Sources {
        old: &old.sources,
        new: &new.sources,
    };
    let changes = render_located(&report, DiffFormat::Github, Coloring::Plain, &sources);
    let checked = render_diagnostics(
        &new.sources,
        &new.diagnostics,
        OutputFormat::Github,
        Coloring::Plain,
    );
    let located = |text: &str| -> String {
        let line = text.lines().find(|line| line.contains(" file="));
        line.expect("a located annotation").to_owned()
    };
    let (change, diagnostic) = (located(&changes), located(&checked));
    assert_eq!(github_properties(&change), github_properties(&diagnostic));
    assert_eq!(
        github_properties(&change),
        ["file", "line", "col", "endLine", "endColumn", "title"]
    );

    let gitlab = |text: &str| -> serde_json::Value { serde_json::from_str(text).expect("json") };
    let changes = gitlab(&render_located(
        &report,
        DiffFormat::Gitlab,
        Coloring::Plain,
        &sources,
    ));
    let checked = gitlab(&render_diagnostics(
        &new.sources,
        &new.diagnostics,
        OutputFormat::Gitlab,
        Coloring::Plain,
    ));
    for issues in [&changes, &checked] {
        let first = &issues[0];
        let description = first["description"].as_str().expect("description");
        let rule = first["check_name"].as_str().expect("check name");
        assert!(description.starts_with(&format!("{rule}: ")), "{first}");
        assert!(first["location"]["lines"]["end"].is_u64(), "{first}");
    }

    let sarif: serde_json::Value = serde_json::from_str(&render_located(
        &report,
        DiffFormat::Sarif,
        Coloring::Plain,
        &sources,
    ))
    .expect("json");
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}
