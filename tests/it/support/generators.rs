//! Generators of rule-file text shared by the property tests (`tests/it/properties.rs`) and the
//! parser differential (`tests/it/descent_differential.rs`): grammar soup, random edits of a text,
//! and well-formed or mostly valid rule files.
//!

use proptest::prelude::*;
use proptest::sample::Index;

/// `cases` per property, unless `PROPTEST_CASES` asks for more (or fewer) for a longer run.
pub fn config(cases: u32) -> ProptestConfig {
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

/// Text made of the characters that matter to the grammar, plus Chinese and odd spacing.
pub fn grammar_soup() -> impl Strategy<Value = String> {
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
pub enum Edit {
    Insert(Index, char),
    Delete(Index),
    /// Deletes a run of up to 20 characters.
    DeleteRun(Index, usize),
}

pub fn edit() -> impl Strategy<Value = Edit> {
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
pub fn apply(text: &str, edits: &[Edit]) -> String {
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

/// One character edit: inserted, deleted or replaced.
#[derive(Clone, Debug)]
pub enum CharEdit {
    Insert(Index, char),
    Delete(Index),
    Replace(Index, char),
}

/// Characters that matter to the grammar, Chinese, and every kind of blank.
pub const EDIT_CHARS: &[char] = &[
    '"', '{', '}', '[', ']', '|', '\\', '#', '=', ',', ':', '.', '-', '?', '!', '(', ')', '_', '0',
    '7', 'a', 'n', '故', '障', '〔', '，', ' ', '\t', '\n', '\r', '\u{3000}', '\u{FEFF}', '\u{0B}',
    '\u{A0}', '\u{2028}', '\u{301}', '·',
];

pub fn char_edit() -> impl Strategy<Value = CharEdit> {
    let ch = prop::sample::select(EDIT_CHARS);
    prop_oneof![
        2 => (any::<Index>(), ch.clone()).prop_map(|(at, ch)| CharEdit::Insert(at, ch)),
        1 => any::<Index>().prop_map(CharEdit::Delete),
        2 => (any::<Index>(), ch).prop_map(|(at, ch)| CharEdit::Replace(at, ch)),
    ]
}

pub fn apply_char_edits(text: &str, edits: &[CharEdit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        match *edit {
            CharEdit::Insert(at, ch) => {
                let at = at.index(chars.len() + 1);
                chars.insert(at, ch);
            }
            CharEdit::Delete(at) if !chars.is_empty() => {
                chars.remove(at.index(chars.len()));
            }
            CharEdit::Replace(at, ch) if !chars.is_empty() => {
                let at = at.index(chars.len());
                chars[at] = ch;
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

// ---------------------------------------------------------------- well-formed rule files

/// Names drawn from a small pool, so declarations collide and references sometimes resolve.
pub fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "cause", "stage", "x", "原因", "minutes", "gender", "hotline", "a",
    ])
    .prop_map(str::to_owned)
}

pub fn value_name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["ours", "unknown", "a", "b", "已解决"]).prop_map(str::to_owned)
}

pub fn label() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["\"标签\"", "\"\"", "\"a\\\"b\"", "\"原因 {x}\""])
        .prop_map(str::to_owned)
}

/// `{ a "A", b "B" }`, sometimes empty, sometimes with 70 values (more than a bit mask holds).
pub fn value_list() -> impl Strategy<Value = String> {
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

pub fn subject() -> impl Strategy<Value = String> {
    prop_oneof![4 => name(), 1 => Just("segment".to_owned())]
}

pub fn comparison() -> impl Strategy<Value = String> {
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

pub fn condition() -> impl Strategy<Value = String> {
    prop::collection::vec(comparison(), 1..4).prop_map(|tests| tests.join(" and "))
}

pub fn template() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(vec!["您好", "，", "x y", "\\{", "\\|"]).prop_map(str::to_owned),
        3 => name().prop_map(|name| format!("{{{name}}}")),
        2 => (name(), prop::collection::vec("[a-c先生女士]{0,3}", 1..4))
            .prop_map(|(name, choices)| format!("{{{name} ? {}}}", choices.join(" | "))),
        2 => (name(), "[a-z]{0,3}").prop_map(|(name, text)| format!("[{text}|{{{name}}}|对不起]")),
    ];
    prop::collection::vec(piece, 0..5).prop_map(|pieces| format!("\"{}\"", pieces.concat()))
}

pub fn utterances() -> impl Strategy<Value = String> {
    let one = prop_oneof![
        3 => template().prop_map(|t| format!("say {t}")),
        1 => name().prop_map(|n| format!("act {n}")),
    ];
    prop::collection::vec(one, 1..3).prop_map(|options| options.join(" or "))
}

pub fn body_item() -> impl Strategy<Value = String> {
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

pub fn slot_type() -> impl Strategy<Value = String> {
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

pub fn declaration() -> impl Strategy<Value = String> {
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
        1 => (name(), label()).prop_map(|(n, l)| format!("const {n} {l}")),
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
pub fn rule_file() -> impl Strategy<Value = String> {
    prop::collection::vec(declaration(), 0..14).prop_map(|items| items.join("\n") + "\n")
}

/// The declarations every generated "mostly valid" rule set starts with.
pub const HEADER: &str = "spec \"生成\" version \"1\"\n\
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
pub fn valid_condition() -> impl Strategy<Value = String> {
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
pub fn valid_template() -> impl Strategy<Value = String> {
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

pub fn valid_utterances() -> impl Strategy<Value = String> {
    let one = prop_oneof![
        4 => valid_template().prop_map(|t| format!("say {t}")),
        1 => Just("act wait".to_owned()),
    ];
    prop::collection::vec(one, 1..3).prop_map(|options| options.join(" or "))
}

pub fn valid_article_body() -> impl Strategy<Value = Vec<String>> {
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
pub fn mostly_valid_rule_file() -> impl Strategy<Value = String> {
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
