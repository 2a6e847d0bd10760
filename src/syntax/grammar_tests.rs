//! Grammar tests: for every rule of `grammar/phrasec.pest`, inputs it accepts whole and inputs
//! it rejects (pest's `parses_to!` style), plus a check that every rule has a case and that no
//! rule is recursive.

use std::collections::{BTreeMap, BTreeSet};

use pest::Parser as _;

use super::{Rule, RuleParser};

const GRAMMAR: &str = include_str!("../../grammar/phrasec.pest");

/// How a rule's case is judged.
#[derive(Clone, Copy, Debug)]
enum Shape {
    /// The rule produces a pair: accepted means that pair spans the whole input.
    Visible,
    /// A silent rule (`_{ … }`) leaves only its children's pairs: accepted means the parse
    /// succeeds and the last pair ends at the end of the input.
    Silent,
    /// A silent rule that leaves no pair at all (blanks, lookahead helpers): accepted means
    /// the parse succeeds; the cases are chosen so that success is meaningful.
    Bare,
}

struct Case {
    rule: Rule,
    shape: Shape,
    accepts: Inputs,
    rejects: Inputs,
}

fn accepted(rule: Rule, shape: Shape, input: &str) -> bool {
    let Ok(pairs) = RuleParser::parse(rule, input) else {
        return false;
    };
    match shape {
        Shape::Visible => {
            let mut pairs = pairs;
            pairs.next().is_some_and(|pair| pair.as_str() == input)
        }
        Shape::Silent => pairs.last().is_some_and(|pair| {
            let end = pair.as_span().end();
            input[end..].trim().is_empty()
        }),
        Shape::Bare => true,
    }
}

type Inputs = &'static [&'static str];

const fn visible(rule: Rule, accepts: Inputs, rejects: Inputs) -> Case {
    Case {
        rule,
        shape: Shape::Visible,
        accepts,
        rejects,
    }
}

const fn silent(rule: Rule, accepts: Inputs, rejects: Inputs) -> Case {
    Case {
        rule,
        shape: Shape::Silent,
        accepts,
        rejects,
    }
}

const fn bare(rule: Rule, accepts: Inputs, rejects: Inputs) -> Case {
    Case {
        rule,
        shape: Shape::Bare,
        accepts,
        rejects,
    }
}

const ARTICLE: &str =
    "article 45 \"第三方原因\" in asks_cause when cause = third_party\n  say \"您好\"";

fn cases() -> Vec<Case> {
    let mut cases = vec![
        bare(
            Rule::WHITESPACE,
            &[" ", "\t", "\n", "\r", "\u{3000}", "\u{FEFF}"],
            &["a", "#"],
        ),
        visible(
            Rule::COMMENT,
            &["# 注释", "#", "# a \"b\" {c}"],
            &["注释", " # x"],
        ),
        visible(
            Rule::file,
            &[
                "",
                "# 只有注释\n",
                "spec \"规范\" version \"2.0\"\nsegment a \"甲\"\n",
            ],
            &["spec", "oops", "article 1"],
        ),
        visible(Rule::chunk, &["", "segment a \"甲\""], &["segment a"]),
        visible(
            Rule::file_items,
            &["segment a \"甲\"", "# c\nsegment a \"甲\" segment b \"乙\""],
            &["", "# c"],
        ),
        visible(Rule::file_end, &["", "  # c\n"], &["segment a \"甲\""]),
        silent(
            Rule::item,
            &["segment a \"甲\"", "chapter 3 \"标题\"", ARTICLE],
            &["say \"x\"", "oops"],
        ),
        bare(Rule::ident_char, &["a", "中", "_", "1"], &[" ", "-", "，"]),
        bare(
            Rule::keyword,
            &["and", "article", "act", "in", "because", "when"],
            &["android", "中", "x", "ins"],
        ),
        visible(
            Rule::ident,
            &["cause", "故障原因", "_x1", "android", "in2"],
            &["1x", "and", "in", "a-b", ""],
        ),
        visible(
            Rule::value_name,
            &["ours", "故障原因", "_x1", "say", "in2"],
            &["1x", "a-b", "", "{a}"],
        ),
        visible(Rule::int, &["0", "45", "007"], &["-1", "4.5", "x"]),
        visible(
            Rule::number,
            &["30", "-1", "2.5"],
            &["2.", ".5", "+1", "1e3"],
        ),
        visible(
            Rule::string,
            &["\"\"", "\"您好\"", "\"a\\\"b\"", "\"a\\\\\""],
            &["\"a", "\"a\nb\"", "'a'", "\"\\q\""],
        ),
        visible(
            Rule::string_text,
            &["您好", "a\\\"b", "{x}[y]"],
            &["a\"b", "a\nb"],
        ),
        visible(
            Rule::escape,
            &[
                "\\\"", "\\\\", "\\{", "\\}", "\\[", "\\]", "\\|", "\\n", "\\t",
            ],
            &["\\q", "\\", "n"],
        ),
        visible(
            Rule::spec_decl,
            &["spec \"规范\"", "spec \"规范\" version \"2.0\""],
            &["spec", "spec 规范"],
        ),
        visible(
            Rule::segment_decl,
            &[
                "segment enterprise \"政企客户群\"",
                "segment other \"其他来电人\" default",
            ],
            &["segment \"政企\"", "segment a", "segment a default \"x\""],
        ),
        visible(
            Rule::fact_decl,
            &[
                "fact cause \"原因\" { ours \"我方\", third \"第三方\", }",
                "fact f \"空\" {}",
            ],
            &[
                "fact cause \"原因\" { ours }",
                "fact cause { ours \"我方\" }",
            ],
        ),
        visible(Rule::fact_value, &["ours \"我方\""], &["ours", "\"我方\""]),
        visible(
            Rule::never_decl,
            &[
                "never cause = unknown and stage = resolved",
                "never a = b because \"理由\"",
            ],
            &["never", "never because \"x\""],
        ),
        visible(
            Rule::const_decl,
            &["const hotline \"客服热线\" = \"10000\""],
            &["const hotline = \"10000\""],
        ),
        visible(
            Rule::slot_decl,
            &[
                "slot minutes: duration(minute) \"答复时限\" example \"30分钟\"",
                "slot gender: enum { male \"男\", female \"女\" } \"性别\"",
                "slot n: number(1..=5) \"次数\" unit \"次\" note \"说明\" example 2",
            ],
            &["slot minutes \"答复时限\"", "slot m: duration(minute)"],
        ),
        visible(
            Rule::slot_type,
            &["text", "enum { a \"甲\" }", "number(0..10)"],
            &["enum", "(x)"],
        ),
        visible(
            Rule::enum_type,
            &["enum { a \"甲\", b \"乙\" }", "enum {}"],
            &["enum { a }", "enum"],
        ),
        visible(
            Rule::named_type,
            &[
                "text",
                "duration(hour, minute)",
                "number(..=10)",
                "number()",
            ],
            &["(x)", "text("],
        ),
        visible(Rule::type_arg, &["1..=60", "minute", "2.5"], &["\"x\"", ""]),
        visible(
            Rule::range,
            &["1..=60", "1..60", "..=5", "1..", ".."],
            &["1...2", "1"],
        ),
        visible(Rule::range_op, &["..=", ".."], &["=", "."]),
        visible(
            Rule::slot_attr,
            &["note \"说明\"", "example 2", "unit \"元\""],
            &["label \"x\"", "note"],
        ),
        visible(Rule::note_attr, &["note \"说明\""], &["note 1"]),
        visible(
            Rule::example_attr,
            &["example \"张\"", "example -3.5"],
            &["example x"],
        ),
        visible(
            Rule::unit_attr,
            &["unit \"元\"", "unit \"小时\" | \"工作日\""],
            &["unit 元", "unit \"a\" |", "unit \"a\" | b"],
        ),
        visible(
            Rule::action_decl,
            &["action stay_silent \"保持沉默\""],
            &["action stay_silent", "action \"x\""],
        ),
        visible(
            Rule::decision_decl,
            &["decision asks_cause \"客户询问故障原因\" over cause, stage, segment"],
            &["decision d \"x\" over", "decision d \"x\""],
        ),
        visible(
            Rule::chapter_decl,
            &["chapter 3 \"故障处理\""],
            &["chapter \"故障处理\"", "chapter three \"x\""],
        ),
        visible(
            Rule::section_decl,
            &[
                "section 1 \"政企客户群要求\"",
                "section 1 \"政企\" for enterprise",
            ],
            &["section 1", "section 1 \"x\" for"],
        ),
        visible(
            Rule::article_decl,
            &[
                ARTICLE,
                "article 39 \"指导\" guidance \"应使用礼节性用语\"",
                "article 64 \"截断\" incomplete \"原文在此截断\"",
                "article 40 \"通用\" general for household, vip say \"好\"",
            ],
            &["article \"x\"", "article 1", "article 1 \"x\" say"],
        ),
        silent(
            Rule::article_attr,
            &[
                "in asks_cause",
                "when a = b",
                "incomplete \"原因\"",
                "general for household",
            ],
            &["say \"x\"", "for household"],
        ),
        visible(Rule::in_attr, &["in asks_cause"], &["in", "in \"x\""]),
        visible(
            Rule::when_attr,
            &["when cause = ours and stage != resolved"],
            &["when", "when cause"],
        ),
        visible(
            Rule::incomplete_attr,
            &["incomplete \"原文截断\""],
            &["incomplete"],
        ),
        visible(
            Rule::general_attr,
            &["general for household", "general for a, b"],
            &["general household", "general for"],
        ),
        visible(
            Rule::condition,
            &[
                "cause = ours",
                "cause = ours and segment in {a, b} and stage not in {x}",
            ],
            &["cause", "cause = ours and", "cause = ours or stage = x"],
        ),
        visible(
            Rule::comparison,
            &[
                "cause = ours",
                "stage != resolved",
                "cause in {ours, third_party,}",
                "cause not in {x}",
                "segment = vip",
            ],
            &[
                "cause == ours",
                "cause in ours",
                "cause not = x",
                "cause in {}",
            ],
        ),
        visible(
            Rule::subject,
            &["segment", "cause", "故障原因"],
            &["and", "1x"],
        ),
        visible(Rule::op_eq, &["="], &["==", "!="]),
        visible(Rule::op_ne, &["!="], &["=", "! ="]),
        visible(Rule::op_in, &["in"], &["inside", "not in"]),
        visible(Rule::op_not_in, &["not in", "not  in"], &["notin", "in"]),
        visible(
            Rule::value_set,
            &["{a}", "{a, b,}", "{ 甲 , 乙 }"],
            &["{}", "{a b}", "a, b"],
        ),
        silent(
            Rule::body_item,
            &[
                "say \"好\"",
                "act stay_silent",
                "case when a = b say \"x\"",
                "step say \"x\"",
                "guidance \"说明\"",
            ],
            &["when a = b", "\"x\""],
        ),
        visible(
            Rule::guidance_item,
            &["guidance \"应使用礼节性用语\""],
            &["guidance", "guidance x"],
        ),
        visible(
            Rule::utterances,
            &["say \"好\"", "say \"好\" or act stay_silent or say \"嗯\""],
            &["say \"好\" or", "or say \"x\""],
        ),
        silent(
            Rule::utterance,
            &["say \"好\"", "act transfer"],
            &["say", "act \"x\""],
        ),
        visible(
            Rule::say,
            &[
                "say \"您好\"",
                "say \"\"",
                "may say \"您好\"",
                "must say \"x\" lang \"en\"",
            ],
            &["say", "say 您好", "may \"x\"", "say lang \"en\" \"x\""],
        ),
        visible(Rule::modal, &["must", "may"], &["mayor", "should"]),
        visible(Rule::lang_attr, &["lang \"en\""], &["lang en", "lang"]),
        visible(
            Rule::act,
            &[
                "act stay_silent",
                "act transfer_to {department}",
                "act x { y } note \"说明\" until \"之后\"",
                "act x until \"之后\"",
            ],
            &["act", "act \"x\"", "act x {}", "act x {1}"],
        ),
        visible(
            Rule::act_argument,
            &["{department}", "{ a }"],
            &["{}", "{say}", "{a"],
        ),
        visible(
            Rule::until_attr,
            &["until \"客户情绪平复后\""],
            &["until", "until x"],
        ),
        visible(
            Rule::case_item,
            &[
                "case \"装机\" when delay = installation say \"x\"",
                "case when a = b act c",
            ],
            &["case \"装机\" say \"x\"", "case when a = b"],
        ),
        visible(
            Rule::step_item,
            &[
                "step say \"您好\"",
                "step \"二\" when tried = failed say \"x\" or act y",
            ],
            &["step", "step when a = b"],
        ),
        visible(
            Rule::template,
            &[
                "\"您好\"",
                "\"\"",
                "\"{name}{gender ? 先生 | 小姐}，您好\"",
                "\"[对不起|非常抱歉]\"",
                "\"a\\{b\\}\"",
            ],
            &["\"{name\"", "\"[a]\"", "\"a]\"", "\"a}\"", "\"a\nb\""],
        ),
        silent(
            Rule::template_piece,
            &["您好", "{name}", "[a|b]"],
            &["}", "]"],
        ),
        visible(
            Rule::template_text,
            &["您好", "a|b", "a\\[b", "x y"],
            &["", "a{b", "a]", "a\"", "a\\q"],
        ),
        visible(
            Rule::slot_ref,
            &[
                "{name}",
                "{ name }",
                "{gender ? 先生 | 小姐}",
                "{g?a|b|c}",
                "{segment ? business: 贵单位 | 您}",
            ],
            &["{}", "{1x}", "{name", "{g ? a"],
        ),
        bare(Rule::ref_space, &["", " ", "\t\t"], &[]),
        visible(
            Rule::ref_name,
            &["segment", "name", "segments", "故障"],
            &["say", "1x", ""],
        ),
        visible(Rule::choice, &[" 先生 ", "小姐", "a b"], &["a|b", "a}b"]),
        visible(Rule::choice_text, &["先生", "a b", ""], &["a |", "a }"]),
        visible(
            Rule::alternatives,
            &["[对不起|非常抱歉]", "[a||{x}b]"],
            &["[a]", "[a|b", "[a[b]|c]"],
        ),
        visible(Rule::alt_branch, &["对不起", "{x}的", ""], &["a|b", "a]"]),
        visible(Rule::alt_text, &["非常抱歉", "a\\|b"], &["", "a|b", "a[b"]),
    ];
    for (rule, word) in KEYWORDS {
        cases.push(Case {
            rule: *rule,
            shape: Shape::Visible,
            accepts: std::slice::from_ref(word),
            rejects: &["x", "sayings_", "中文"],
        });
    }
    cases
}

/// Every `kw_*` rule and its word: each accepts exactly its word (and not when the word goes on,
/// tested in `keyword_rules_stop_at_word_ends`).
const KEYWORDS: &[(Rule, &str)] = &[
    (Rule::kw_spec, "spec"),
    (Rule::kw_version, "version"),
    (Rule::kw_segment, "segment"),
    (Rule::kw_fact, "fact"),
    (Rule::kw_never, "never"),
    (Rule::kw_because, "because"),
    (Rule::kw_const, "const"),
    (Rule::kw_slot, "slot"),
    (Rule::kw_note, "note"),
    (Rule::kw_example, "example"),
    (Rule::kw_unit, "unit"),
    (Rule::kw_enum, "enum"),
    (Rule::kw_action, "action"),
    (Rule::kw_decision, "decision"),
    (Rule::kw_over, "over"),
    (Rule::kw_chapter, "chapter"),
    (Rule::kw_section, "section"),
    (Rule::kw_for, "for"),
    (Rule::kw_article, "article"),
    (Rule::kw_in, "in"),
    (Rule::kw_when, "when"),
    (Rule::kw_and, "and"),
    (Rule::kw_not, "not"),
    (Rule::kw_incomplete, "incomplete"),
    (Rule::kw_general, "general"),
    (Rule::kw_say, "say"),
    (Rule::kw_act, "act"),
    (Rule::kw_or, "or"),
    (Rule::kw_case, "case"),
    (Rule::kw_step, "step"),
    (Rule::kw_guidance, "guidance"),
    (Rule::kw_until, "until"),
    (Rule::kw_must, "must"),
    (Rule::kw_may, "may"),
    (Rule::kw_lang, "lang"),
    (Rule::kw_default, "default"),
];

#[test]
fn every_rule_accepts_and_rejects_its_cases() {
    let mut failures = Vec::new();
    for case in cases() {
        for input in case.accepts {
            if !accepted(case.rule, case.shape, input) {
                failures.push(format!("{:?} should accept {input:?}", case.rule));
            }
        }
        for input in case.rejects {
            if accepted(case.rule, case.shape, input) {
                failures.push(format!("{:?} should reject {input:?}", case.rule));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn keyword_rules_stop_at_word_ends() {
    for (rule, word) in KEYWORDS {
        for longer in [
            format!("{word}x"),
            format!("{word}_"),
            format!("{word}中"),
            format!("{word}1"),
        ] {
            assert!(
                RuleParser::parse(*rule, &longer).is_err(),
                "{rule:?} matched {longer:?}"
            );
        }
    }
}

/// The rule names defined in the grammar file, with the text of each rule's body.
fn grammar_rules() -> BTreeMap<&'static str, String> {
    let mut rules = BTreeMap::new();
    let mut current: Option<(&'static str, String)> = None;
    for line in GRAMMAR.lines() {
        let code = line.split("//").next().unwrap_or("");
        let definition = code
            .split_once('=')
            .map(|(name, _)| name.trim())
            .filter(|name| {
                !code.starts_with(' ')
                    && !name.is_empty()
                    && name
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
            });
        if let Some(name) = definition {
            if let Some((previous, body)) = current.take() {
                rules.insert(previous, body);
            }
            let body = code.split_once('=').map(|(_, body)| body).unwrap_or("");
            current = Some((name, body.to_owned()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push('\n');
            body.push_str(code);
        }
    }
    if let Some((name, body)) = current {
        rules.insert(name, body);
    }
    rules
}

/// The names a rule body refers to: words outside string and character literals.
fn references(body: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for ch in body.chars() {
        if let Some(open) = quote {
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == open {
                quote = None;
            }
            continue;
        }
        if ch.is_ascii_alphanumeric() || ch == '_' {
            word.push(ch);
            continue;
        }
        if !word.is_empty() {
            words.insert(std::mem::take(&mut word));
        }
        if ch == '"' || ch == '\'' {
            quote = Some(ch);
        }
    }
    if !word.is_empty() {
        words.insert(word);
    }
    words
}

#[test]
fn every_grammar_rule_has_cases() {
    let rules = grammar_rules();
    assert_eq!(rules.len(), 110, "rules found: {:?}", rules.keys());
    let covered: BTreeSet<String> = cases()
        .iter()
        .map(|case| format!("{:?}", case.rule))
        .collect();
    let missing: Vec<&&str> = rules
        .keys()
        .filter(|name| !covered.contains(**name))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without grammar test cases: {missing:?}"
    );
}

/// pest is built without `std` (Cargo.toml), so its parser does not guard the native stack.
/// That is safe only while no rule can reach itself: nesting depth is then bounded by the
/// grammar, whatever the input.
#[test]
fn no_rule_is_recursive() {
    let rules = grammar_rules();
    let graph: BTreeMap<&str, Vec<&str>> = rules
        .iter()
        .map(|(name, body)| {
            let called = references(body)
                .into_iter()
                .filter_map(|word| rules.get_key_value(word.as_str()).map(|(key, _)| *key))
                .collect();
            (*name, called)
        })
        .collect();
    // WHITESPACE and COMMENT are called implicitly between tokens of non-atomic rules.
    assert!(
        graph["comparison"].contains(&"subject"),
        "{:?}",
        graph["comparison"]
    );
    for start in graph.keys() {
        let mut reached = BTreeSet::new();
        let mut to_visit = graph[start].clone();
        while let Some(rule) = to_visit.pop() {
            assert!(rule != *start, "`{start}` can reach itself");
            if reached.insert(rule) {
                to_visit.extend(graph[rule].iter().copied());
            }
        }
    }
}

#[test]
fn pest_parse_only_counts_pairs_of_valid_files_only() {
    let one = super::pest_parse_only("segment a \"甲\"");
    let two = super::pest_parse_only("segment a \"甲\"\nsegment b \"乙\"");
    assert!(one > 0 && two > one, "{one} {two}");
    assert_eq!(super::pest_parse_only("segment a"), 0);
}
