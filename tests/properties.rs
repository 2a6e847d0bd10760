//! Property tests: parsing and compiling never panic, whatever the input, and every diagnostic
//! span lies inside its file on character boundaries (and renders in every output format).

use phrasec::diagnostics::{Coloring, OutputFormat, render_diagnostics};
use phrasec::render::{RenderOptions, Variants, render_article, to_text};
use phrasec::source::FileId;
use phrasec::{Compilation, Input, compile, emit};
use proptest::prelude::*;
use proptest::sample::Index;

/// A valid rule file using every kind of declaration and template piece.
const VALID: &str = include_str!("fixtures/clean.phr");

/// `cases` per property, unless `PROPTEST_CASES` asks for more (or fewer) for a longer run.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Checks every label span of every diagnostic against the compiled sources, then renders
/// the diagnostics in every format (the renderers index the text by those spans).
fn assert_spans_valid(compilation: &Compilation) {
    let n_files = compilation.sources.len();
    for diagnostic in &compilation.diagnostics {
        for label in &diagnostic.labels {
            let span = label.span;
            assert!(
                (span.file.0 as usize) < n_files,
                "{diagnostic:?}: file out of range"
            );
            let text = &compilation.sources.get(span.file).text;
            let (start, end) = (span.start as usize, span.end as usize);
            assert!(start <= end, "{diagnostic:?}: span runs backwards");
            assert!(
                end <= text.len(),
                "{diagnostic:?}: span past the end ({})",
                text.len()
            );
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{diagnostic:?}: span not on character boundaries"
            );
        }
    }
    for format in [
        OutputFormat::Human,
        OutputFormat::Concise,
        OutputFormat::Json,
    ] {
        let text = render_diagnostics(
            &compilation.sources,
            &compilation.diagnostics,
            format,
            Coloring::Plain,
        );
        assert_eq!(
            text.is_empty(),
            compilation.diagnostics.is_empty() && format != OutputFormat::Json
        );
    }
}

fn compile_bytes(bytes: &[u8]) -> Compilation {
    compile(&[Input {
        name: "fuzz.phr".to_owned(),
        bytes: bytes.to_vec(),
    }])
}

/// Parses `text` directly and checks the syntax diagnostics' spans.
fn assert_parse_spans_valid(text: &str) {
    let (_file, diagnostics) = phrasec::syntax::parse(FileId(0), text);
    for diagnostic in &diagnostics {
        for label in &diagnostic.labels {
            let (start, end) = (label.span.start as usize, label.span.end as usize);
            assert!(start <= end && end <= text.len(), "{diagnostic:?}");
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{diagnostic:?}"
            );
        }
    }
}

/// Text made of the characters that matter to the grammar, plus Chinese and odd spacing.
fn grammar_soup() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => prop::sample::select(vec![
            "\"", "{", "}", "[", "]", "|", "?", "#", "\n", "\r\n", "\r", " ", "\t", "\\", "=",
            "!=", ",", ":", "(", ")", "..", "..=", "-", ".", "\u{3000}", "\u{FEFF}", "0", "45",
        ]),
        3 => prop::sample::select(vec![
            "spec", "article", "say", "act", "or", "case", "step", "when", "in", "not", "and",
            "fact", "slot", "enum", "const", "never", "because", "segment", "decision", "over",
            "chapter", "section", "for", "guidance", "incomplete", "note", "example", "unit",
            "version", "action", "duration", "number", "text",
        ]),
        3 => prop::sample::select(vec![
            "故障", "原因", "对不起", "您好", "先生", "女士", "〔", "〕", "，", "。", "x", "_a",
            "minutes", "gender", "cause", "ours", "é", "😀",
        ]),
    ];
    prop::collection::vec(pieces, 0..80).prop_map(|pieces| pieces.concat())
}

/// One edit of a text: insert a character that matters to the grammar, or delete one.
#[derive(Clone, Debug)]
enum Edit {
    Insert(Index, char),
    Delete(Index),
    /// Deletes a run of up to 20 characters.
    DeleteRun(Index, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let inserted = prop::sample::select(vec![
        '"', '{', '}', '[', ']', '|', '#', '\n', '\r', '?', '\\', '=', ',', ' ', '\t', '\0',
        '\u{FEFF}', '故', '障', '您', '〔', '，', '😀',
    ]);
    prop_oneof![
        3 => (any::<Index>(), inserted).prop_map(|(at, ch)| Edit::Insert(at, ch)),
        2 => any::<Index>().prop_map(Edit::Delete),
        1 => (any::<Index>(), 1..20usize).prop_map(|(at, len)| Edit::DeleteRun(at, len)),
    ]
}

/// Applies edits at character positions, so the text stays valid UTF-8.
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        match edit {
            Edit::Insert(at, ch) => {
                let at = at.index(chars.len() + 1);
                chars.insert(at, *ch);
            }
            Edit::Delete(at) if !chars.is_empty() => {
                chars.remove(at.index(chars.len()));
            }
            Edit::DeleteRun(at, len) if !chars.is_empty() => {
                let start = at.index(chars.len());
                let end = (start + len).min(chars.len());
                chars.drain(start..end);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

// ---------------------------------------------------------------- well-formed rule files

/// Names drawn from a small pool, so declarations collide and references sometimes resolve.
fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "cause", "stage", "x", "原因", "minutes", "gender", "hotline", "a",
    ])
    .prop_map(str::to_owned)
}

fn value_name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["ours", "unknown", "a", "b", "已解决"]).prop_map(str::to_owned)
}

fn label() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["\"标签\"", "\"\"", "\"a\\\"b\"", "\"原因 {x}\""])
        .prop_map(str::to_owned)
}

/// `{ a "A", b "B" }`, sometimes empty, sometimes with 70 values (more than a bit mask holds).
fn value_list() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(value_name(), 0..4).prop_map(|values| {
            let items: Vec<String> = values.iter().map(|v| format!("{v} \"{v}\"")).collect();
            format!("{{ {} }}", items.join(", "))
        }),
        1 => Just({
            let items: Vec<String> = (0..70).map(|i| format!("v{i} \"值{i}\"")).collect();
            format!("{{ {} }}", items.join(", "))
        }),
    ]
}

fn subject() -> impl Strategy<Value = String> {
    prop_oneof![4 => name(), 1 => Just("segment".to_owned())]
}

fn comparison() -> impl Strategy<Value = String> {
    (
        subject(),
        0..4usize,
        prop::collection::vec(prop_oneof![value_name(), Just("v65".to_owned())], 1..4),
    )
        .prop_map(|(subject, op, values)| match op {
            0 => format!("{subject} = {}", values[0]),
            1 => format!("{subject} != {}", values[0]),
            2 => format!("{subject} in {{{}}}", values.join(", ")),
            _ => format!("{subject} not in {{{}}}", values.join(", ")),
        })
}

fn condition() -> impl Strategy<Value = String> {
    prop::collection::vec(comparison(), 1..4).prop_map(|tests| tests.join(" and "))
}

fn template() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(vec!["您好", "，", "x y", "\\{", "\\|"]).prop_map(str::to_owned),
        3 => name().prop_map(|name| format!("{{{name}}}")),
        2 => (name(), prop::collection::vec("[a-c先生女士]{0,3}", 1..4))
            .prop_map(|(name, choices)| format!("{{{name} ? {}}}", choices.join(" | "))),
        2 => (name(), "[a-z]{0,3}").prop_map(|(name, text)| format!("[{text}|{{{name}}}|对不起]")),
    ];
    prop::collection::vec(piece, 0..5).prop_map(|pieces| format!("\"{}\"", pieces.concat()))
}

fn utterances() -> impl Strategy<Value = String> {
    let one = prop_oneof![
        3 => template().prop_map(|t| format!("say {t}")),
        1 => name().prop_map(|n| format!("act {n}")),
    ];
    prop::collection::vec(one, 1..3).prop_map(|options| options.join(" or "))
}

fn body_item() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => utterances(),
        2 => (prop::option::of(label()), condition(), utterances())
            .prop_map(|(l, c, u)| format!("case {} when {c} {u}", l.unwrap_or_default())),
        2 => (prop::option::of(label()), prop::option::of(condition()), utterances()).prop_map(
            |(l, c, u)| {
                let when = c.map(|c| format!("when {c}")).unwrap_or_default();
                format!("step {} {when} {u}", l.unwrap_or_default())
            }
        ),
        1 => label().prop_map(|l| format!("guidance {l}")),
    ]
}

fn slot_type() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "text",
            "phone",
            "person",
            "org",
            "time",
            "number",
            "number(1..=5)",
            "number(..3)",
            "number(5..1)",
            "number(-1.5..)",
            "duration(minute)",
            "duration(hour, minute)",
            "duration(fortnight)",
            "duration",
            "text(3)",
            "bogus(1, a, 1..2)",
            "enum {}",
        ])
        .prop_map(str::to_owned),
        value_list().prop_map(|values| format!("enum {values}")),
    ]
}

fn declaration() -> impl Strategy<Value = String> {
    let number = 1..6u32;
    prop_oneof![
        1 => (label(), prop::option::of(label()))
            .prop_map(|(t, v)| format!("spec {t}{}", v.map(|v| format!(" version {v}")).unwrap_or_default())),
        2 => (value_name(), label()).prop_map(|(n, l)| format!("segment {n} {l}")),
        3 => (name(), label(), value_list()).prop_map(|(n, l, v)| format!("fact {n} {l} {v}")),
        1 => (condition(), prop::option::of(label())).prop_map(|(c, r)| {
            format!("never {c}{}", r.map(|r| format!(" because {r}")).unwrap_or_default())
        }),
        1 => (name(), label(), label()).prop_map(|(n, l, v)| format!("const {n} {l} = {v}")),
        3 => (name(), slot_type(), label(), prop::sample::select(vec![
                "", "example \"30分钟\"", "example 7", "unit \"分钟\"", "note \"n\" example \"13800000000\"",
            ]))
            .prop_map(|(n, t, l, a)| format!("slot {n}: {t} {l} {a}")),
        1 => (name(), label()).prop_map(|(n, l)| format!("action {n} {l}")),
        2 => (name(), label(), prop::collection::vec(subject(), 1..4))
            .prop_map(|(n, l, over)| format!("decision {n} {l} over {}", over.join(", "))),
        1 => (number.clone(), label()).prop_map(|(i, t)| format!("chapter {i} {t}")),
        1 => (number.clone(), label(), prop::option::of(value_name()))
            .prop_map(|(i, t, s)| format!("section {i} {t}{}", s.map(|s| format!(" for {s}")).unwrap_or_default())),
        6 => (
            number,
            label(),
            prop::option::of(name()),
            prop::option::of(condition()),
            prop::option::of(label()),
            prop::collection::vec(body_item(), 0..4),
        )
            .prop_map(|(i, t, d, c, inc, body)| {
                let mut text = format!("article {i} {t}");
                if let Some(d) = d {
                    text += &format!(" in {d}");
                }
                if let Some(c) = c {
                    text += &format!(" when {c}");
                }
                if let Some(inc) = inc {
                    text += &format!(" incomplete {inc}");
                }
                for item in body {
                    text += &format!("\n  {item}");
                }
                text
            }),
    ]
}

/// A rule file of well-formed declarations that may still be wrong in every other way.
fn rule_file() -> impl Strategy<Value = String> {
    prop::collection::vec(declaration(), 0..14).prop_map(|items| items.join("\n") + "\n")
}

/// The declarations every generated "mostly valid" rule set starts with.
const HEADER: &str = "spec \"生成\" version \"1\"\n\
    segment ent \"政企\"\n\
    segment pub \"公众\"\n\
    fact cause \"原因\" { ours \"我方\", theirs \"对方\", unknown \"不明\" }\n\
    fact stage \"阶段\" { open \"处理中\", done \"已解决\" }\n\
    slot minutes: duration(minute) \"时限\" example \"30分钟\"\n\
    slot g: enum { m \"男\", f \"女\" } \"性别\"\n\
    slot n: number(1..=9) \"数\"\n\
    slot who: person \"姓名\"\n\
    const tel \"电话\" = \"10000\"\n\
    action wait \"等待\"\n";

/// A condition over the header's facts with values they have.
fn valid_condition() -> impl Strategy<Value = String> {
    let test = prop_oneof![
        prop::sample::select(vec!["ours", "theirs", "unknown"])
            .prop_map(|v| format!("cause = {v}")),
        prop::sample::select(vec!["ours", "theirs", "unknown"])
            .prop_map(|v| format!("cause != {v}")),
        prop::sample::select(vec!["open", "done"]).prop_map(|v| format!("stage = {v}")),
        Just("cause in {ours, unknown}".to_owned()),
        Just("stage not in {done}".to_owned()),
        prop::sample::select(vec!["ent", "pub"]).prop_map(|v| format!("segment = {v}")),
    ];
    prop::collection::vec(test, 1..3).prop_map(|tests| tests.join(" and "))
}

/// A phrase using only the header's slots and constants, correctly.
fn valid_template() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "您好",
        "，",
        "{minutes}",
        "{who}",
        "{tel}",
        "{n}",
        "{g ? 先生 | 女士}",
        "{ g?a|b }",
        "[对不起|非常抱歉]",
        "[{who}|您]",
        "\\[",
        "\\\"",
        "\\|",
        "〔x〕",
    ]);
    prop::collection::vec(piece, 1..6).prop_map(|pieces| format!("\"{}\"", pieces.concat()))
}

fn valid_utterances() -> impl Strategy<Value = String> {
    let one = prop_oneof![
        4 => valid_template().prop_map(|t| format!("say {t}")),
        1 => Just("act wait".to_owned()),
    ];
    prop::collection::vec(one, 1..3).prop_map(|options| options.join(" or "))
}

fn valid_article_body() -> impl Strategy<Value = Vec<String>> {
    let item = prop_oneof![
        4 => valid_utterances(),
        2 => (prop::option::of("\"[a-z情形]{1,3}\""), valid_condition(), valid_utterances())
            .prop_map(|(l, c, u)| format!("case {} when {c} {u}", l.unwrap_or_default())),
        2 => (prop::option::of("\"[a-z步骤]{1,3}\""), prop::option::of(valid_condition()), valid_utterances())
            .prop_map(|(l, c, u)| {
                let when = c.map(|c| format!("when {c}")).unwrap_or_default();
                format!("step {} {when} {u}", l.unwrap_or_default())
            }),
        1 => Just("guidance \"语气平和\"".to_owned()),
    ];
    prop::collection::vec(item, 1..4)
}

/// The header and numbered articles that refer only to declared names: many compile without
/// errors, so emitting and rendering get exercised too.
fn mostly_valid_rule_file() -> impl Strategy<Value = String> {
    let article = (
        prop::option::of(valid_condition()),
        prop::option::of(Just("incomplete \"待补充\"")),
        valid_article_body(),
        prop::sample::select(vec![
            "",
            "",
            "",
            "chapter",
            "section",
            "section ent",
            "section pub",
        ]),
    );
    prop::collection::vec(article, 0..8).prop_map(|articles| {
        let mut text = HEADER.to_owned();
        for (idx, (condition, incomplete, body, heading)) in articles.into_iter().enumerate() {
            let n = idx + 1;
            text += &match heading.split_once(' ') {
                _ if heading.is_empty() => String::new(),
                None => format!("{heading} {n} \"标题\"\n"),
                Some((heading, segment)) => format!("{heading} {n} \"标题\" for {segment}\n"),
            };
            text += &format!("article {} \"第{}条\"", idx + 1, idx + 1);
            if let Some(condition) = condition {
                text += &format!(" when {condition}");
            }
            if let Some(incomplete) = incomplete {
                text += &format!(" {incomplete}");
            }
            for item in body {
                text += &format!("\n  {item}");
            }
            text += "\n";
        }
        text
    })
}

/// With no errors, the model can be emitted and every article rendered, for every segment.
fn assert_model_usable(compilation: &Compilation) {
    if compilation.has_errors() {
        return;
    }
    let model = &compilation.model;
    let json = emit::json::to_json(&emit::json::document(model, &compilation.sources));
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    let segments = std::iter::once(None).chain((0..model.segments.len()).map(Some));
    for segment in segments {
        for article in &model.articles {
            for variants in [Variants::Canonical, Variants::All] {
                let options = RenderOptions {
                    segment,
                    variants,
                    ..RenderOptions::default()
                };
                if let Ok(rendered) = render_article(model, article.number, &options) {
                    assert!(to_text(&rendered).starts_with(&format!("第{}条", article.number)));
                }
            }
        }
    }
}

#[test]
fn the_valid_file_is_clean() {
    // The mutation properties start from this file; it must itself be clean.
    let compilation = phrasec::compile_str("clean.phr", VALID);
    assert!(
        compilation.diagnostics.is_empty(),
        "{:?}",
        compilation.diagnostics
    );
    assert_model_usable(&compilation);
    assert_eq!(apply(VALID, &[]), VALID);
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn parse_never_panics_on_arbitrary_strings(text in any::<String>()) {
        assert_parse_spans_valid(&text);
    }

    #[test]
    fn compile_never_panics_on_arbitrary_strings(text in any::<String>()) {
        assert_spans_valid(&compile_bytes(text.as_bytes()));
    }

    #[test]
    fn compile_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        assert_spans_valid(&compile_bytes(&bytes));
    }

    #[test]
    fn compile_never_panics_on_grammar_soup(text in grammar_soup()) {
        assert_parse_spans_valid(&text);
        assert_spans_valid(&compile_bytes(text.as_bytes()));
    }

    #[test]
    fn compile_never_panics_on_a_mutated_valid_file(edits in prop::collection::vec(edit(), 1..8)) {
        let text = apply(VALID, &edits);
        assert_parse_spans_valid(&text);
        assert_spans_valid(&compile_bytes(text.as_bytes()));
    }

    #[test]
    fn compile_never_panics_on_a_valid_file_with_random_bytes(
        at in any::<Index>(),
        bytes in prop::collection::vec(any::<u8>(), 1..6),
    ) {
        let mut file = VALID.as_bytes().to_vec();
        let at = at.index(file.len() + 1);
        file.splice(at..at, bytes);
        assert_spans_valid(&compile_bytes(&file));
    }

    #[test]
    fn compile_never_panics_on_well_formed_rule_files(text in rule_file()) {
        let compilation = compile_bytes(text.as_bytes());
        assert_spans_valid(&compilation);
        assert_model_usable(&compilation);
    }

    #[test]
    fn mostly_valid_rule_files_compile_emit_and_render(text in mostly_valid_rule_file()) {
        let compilation = compile_bytes(text.as_bytes());
        assert_spans_valid(&compilation);
        assert_model_usable(&compilation);
    }

    #[test]
    fn compile_never_panics_on_mutated_well_formed_rule_files(
        text in rule_file(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let compilation = compile_bytes(apply(&text, &edits).as_bytes());
        assert_spans_valid(&compilation);
        assert_model_usable(&compilation);
    }

    /// Two files: a mutated copy never breaks the diagnostics of the other one.
    #[test]
    fn compile_never_panics_on_two_mutated_files(
        first in prop::collection::vec(edit(), 0..4),
        second in prop::collection::vec(edit(), 1..4),
    ) {
        let header_free = VALID.replacen("spec \"测试规范\" version \"1.0\"", "", 1);
        let compilation = compile(&[
            Input { name: "a.phr".to_owned(), bytes: apply(VALID, &first).into_bytes() },
            Input { name: "b.phr".to_owned(), bytes: apply(&header_free, &second).into_bytes() },
        ]);
        assert_spans_valid(&compilation);
        assert_model_usable(&compilation);
    }
}
