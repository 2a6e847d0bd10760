//! A grammar-directed generator of rule files (`grammar/phrasec.pest`) that stresses the lexical
//! corners where a hand-written parser can read differently from pest: every blank the grammar
//! skips between tokens (and a few Unicode spaces it does not), comments between any two tokens,
//! names that are keywords or look like them, Unicode letters on either side of the
//! identifier tables, numbers and ranges, escapes, template slots, choices and free variation.
//!
//! Files are built token by token from valid pools, so an uncorrupted file follows the grammar;
//! about a third get one local corruption (a token dropped, duplicated, swapped or replaced by
//! an invalid one, a stray character or keyword inserted).

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;

/// The tokens of one construct, in order; separators are chosen when the file is rendered.
type Toks = Vec<String>;

/// Every keyword of the grammar (`kw_*`): reserved as names, allowed as compared values.
pub use phrasec::syntax::keywords::KEYWORDS;

/// What the grammar skips between tokens (`WHITESPACE`).
pub fn is_grammar_blank(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\n' | '\r' | '\u{3000}' | '\u{FEFF}')
}

/// A character that continues a name (`XID_CONTINUE | "_"`), by pest's own tables.
pub fn is_name_char(ch: char) -> bool {
    ch == '_' || pest::unicode::XID_CONTINUE(ch)
}

/// A character that starts a name (`XID_START | "_"`), by pest's own tables.
pub fn is_name_start(ch: char) -> bool {
    ch == '_' || pest::unicode::XID_START(ch)
}

/// Whether `text` is a name by the grammar (`ident`): a keyword is not.
pub fn is_valid_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char) && !KEYWORDS.contains(&text)
}

/// Characters on which Rust's `char` classification and the grammar's tables disagree,
/// found by scanning every code point once: the places where a hand-written parser that used
/// `is_alphanumeric` or `is_whitespace` would read differently.
pub struct EdgeChars {
    /// `XID_START` but not `is_alphabetic` (`℘`, `゛`…).
    pub start_not_alphabetic: Vec<char>,
    /// `is_alphabetic` but not `XID_START` (many combining marks, `ͅ`…).
    pub alphabetic_not_start: Vec<char>,
    /// `XID_CONTINUE` but not `is_alphanumeric` (combining marks, `·`, `‿`…).
    pub continue_not_alphanumeric: Vec<char>,
    /// `is_alphanumeric` but not `XID_CONTINUE` (`½`, `²`, `ⅰ`…).
    pub alphanumeric_not_continue: Vec<char>,
    /// `is_whitespace` but not skipped by the grammar (U+000B, U+0085, U+00A0, U+2028…).
    pub space_not_blank: Vec<char>,
}

/// At most this many characters of each kind, spread over the code space.
const EDGE_SAMPLE: usize = 24;

fn spread(all: Vec<char>) -> Vec<char> {
    if all.len() <= EDGE_SAMPLE {
        return all;
    }
    let step = all.len() / EDGE_SAMPLE;
    all.into_iter().step_by(step).take(EDGE_SAMPLE).collect()
}

pub fn edge_chars() -> &'static EdgeChars {
    static EDGES: OnceLock<EdgeChars> = OnceLock::new();
    EDGES.get_or_init(|| {
        let (mut a, mut b, mut c, mut d, mut e) = (vec![], vec![], vec![], vec![], vec![]);
        for ch in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let start = pest::unicode::XID_START(ch);
            let cont = pest::unicode::XID_CONTINUE(ch);
            if start && !ch.is_alphabetic() {
                a.push(ch);
            }
            if ch.is_alphabetic() && !start {
                b.push(ch);
            }
            if cont && !ch.is_alphanumeric() && ch != '_' {
                c.push(ch);
            }
            if ch.is_alphanumeric() && !cont {
                d.push(ch);
            }
            if ch.is_whitespace() && !is_grammar_blank(ch) {
                e.push(ch);
            }
        }
        EdgeChars {
            start_not_alphabetic: spread(a),
            alphabetic_not_start: spread(b),
            continue_not_alphanumeric: spread(c),
            alphanumeric_not_continue: spread(d),
            space_not_blank: e,
        }
    })
}

/// Names built around the edge characters that the grammar accepts: `x·`, `℘x`, `say·`.
fn edge_valid_names() -> Vec<String> {
    let edges = edge_chars();
    let mut names = vec!["a·b".to_owned(), "e\u{301}".to_owned()];
    for &ch in &edges.continue_not_alphanumeric {
        names.push(format!("x{ch}"));
        names.push(format!("say{ch}"));
        names.push(format!("in{ch}"));
    }
    for &ch in &edges.start_not_alphabetic {
        names.push(format!("{ch}x"));
    }
    names.retain(|name| is_valid_name(name));
    names
}

/// Names built around the edge characters that the grammar rejects: `ͅx`, `x½`, `½`.
fn edge_invalid_names() -> Vec<String> {
    let edges = edge_chars();
    let mut names = vec!["\u{301}x".to_owned(), "1x".to_owned(), "٣x".to_owned()];
    for &ch in edges
        .alphabetic_not_start
        .iter()
        .chain(&edges.alphanumeric_not_continue)
        .chain(&edges.continue_not_alphanumeric)
    {
        names.push(format!("{ch}x"));
    }
    for &ch in &edges.alphanumeric_not_continue {
        names.push(format!("x{ch}"));
    }
    names.retain(|name| !is_valid_name(name));
    names
}

/// Valid names: plain, Chinese, keyword prefixes and extensions, Unicode letters and marks.
pub const NAMES: &[&str] = &[
    "a",
    "x",
    "_",
    "_x",
    "x1",
    "cause",
    "gender",
    "原因",
    "故障_原因2",
    "inx",
    "i",
    "incomplet",
    "incompletely",
    "actions",
    "acti",
    "ac",
    "segments",
    "segmen",
    "order",
    "o",
    "notes",
    "no",
    "nothing",
    "fo",
    "fore",
    "says",
    "sa",
    "stepx",
    "when_",
    "when1",
    "when中",
    "versions",
    "enumerate",
    "unit8",
    "becausee",
    "generals",
    "guidance_",
    "spec2",
    "overs",
    "fact_",
    "consts",
    "slot中",
    "example_",
    "chapters",
    "articles",
    "é",
    "e\u{301}",
    "ǅ",
    "Ⅷ",
    "〇",
    "々",
    "ａｂ",
    "x１",
    "a·b",
    "x‿y",
    "ー",
    "ℼ",
];

fn select(items: &[&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(items.to_vec())
        .prop_map(str::to_owned)
        .boxed()
}

pub fn name() -> BoxedStrategy<String> {
    prop_oneof![
        12 => select(NAMES),
        1 => prop::sample::select(edge_valid_names()),
    ]
    .boxed()
}

/// A compared value (`value_name`): any name, keywords included.
fn value() -> BoxedStrategy<String> {
    prop_oneof![
        6 => name(),
        2 => select(KEYWORDS),
    ]
    .boxed()
}

/// Quoted strings that follow the grammar: escapes, `#`, braces, control characters, spaces.
pub const STRINGS: &[&str] = &[
    "\"标签\"",
    "\"\"",
    "\"a\\\"b\"",
    "\"\\\\\"",
    "\"\\{\\}\\[\\]\\|\\n\\t\\\"\\\\\"",
    "\"# 不是注释\"",
    "\"{x}\"",
    "\"[a|b]\"",
    "\"a|b\"",
    "\"  spaced  \"",
    "\"\u{3000}全角\u{3000}\"",
    "\"tab\there\"",
    "\"\u{0B}\u{0C}\u{1F}\u{7F}\"",
    "\"\u{0}\"",
    "\"\u{85}\u{2028}\u{A0}\"",
    "\"\u{FEFF}\"",
    "\"😀\"",
    "\"'\"",
    "\"}\"",
    "\"say \\\"x\\\"\"",
];

/// Quoted strings the grammar rejects.
pub const BAD_STRINGS: &[&str] = &[
    "\"\\q\"",
    "\"unterminated",
    "\"a\\\"",
    "\"line\nbreak\"",
    "\"cr\rx\"",
    "\"\\\"",
    "\"\\u{41}\"",
    "'single'",
    "“curly”",
];

/// Whole numbers for articles, chapters and sections, beyond `u32` too.
const INTS: &[&str] = &[
    "1",
    "45",
    "0",
    "007",
    "4294967295",
    "4294967296",
    "99999999999999999999999",
];

const BAD_INTS: &[&str] = &["-1", "2.5", "1.", "x", "0x10", "١", "+1", "1_000"];

/// Numbers (`number`): signs, fractions, leading zeros, far beyond `u64`.
const NUMBERS: &[&str] = &[
    "30",
    "-1",
    "2.5",
    "0",
    "-0",
    "01",
    "1.50",
    "-2.25",
    "123456789012345678901234567890",
    "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
];

const BAD_NUMBERS: &[&str] = &["1.", ".5", "+1", "1e3", "--1", "1.2.3", "- 1", "1..", "…"];

fn int() -> BoxedStrategy<String> {
    select(INTS)
}

fn number() -> BoxedStrategy<String> {
    select(NUMBERS)
}

fn string() -> BoxedStrategy<String> {
    select(STRINGS)
}

/// Literal text of a phrase, outside free variation: `|` is text here.
const TEXTS: &[&str] = &[
    "您好", "，", "x y", " ", "  ", "a|b", "|", "\\{", "\\}", "\\[", "\\]", "\\|", "\\\"", "\\\\",
    "\\n", "\\t", "#", "# x", "〔x〕", "\u{3000}", "'", "?", "!", ":", "\t", "~^`", "\u{0B}", "😀",
    "=", "..", "(a)",
];

/// Literal text of a branch of free variation: no unescaped `|`.
const ALT_TEXTS: &[&str] = &[
    "对不起",
    "非常抱歉",
    "x y",
    " ",
    "\\|",
    "\\]",
    "\\[",
    "#",
    "\u{3000}",
    "\t",
    "?",
    "！",
];

/// The text of one choice of `{name ? … | …}`: inner spaces, tabs (which are text), U+3000.
const CHOICE_TEXTS: &[&str] = &[
    "先生",
    "小姐",
    "",
    "a b",
    "a  b",
    "a\t",
    "a \t",
    "\t",
    "\\|",
    "\\}",
    "\\{",
    "#",
    "x\u{3000}",
    "\u{3000}",
    "?",
    "!",
    "é",
    "a\u{0B}",
];

/// Spaces allowed inside `{ … }` (`ref_space`: spaces and tabs only).
const REF_SPACES: &[&str] = &["", "", " ", "\t", " \t", "  "];

fn slot_ref() -> BoxedStrategy<String> {
    // A choice may start with a segment's `name:` (read by name resolution, text to the parser).
    let prefix = prop_oneof![3 => Just(String::new()), 1 => name().prop_map(|n| format!("{n}:"))];
    let choice = (
        select(REF_SPACES),
        prefix,
        select(CHOICE_TEXTS),
        select(REF_SPACES),
    )
        .prop_map(|(before, prefix, text, after)| format!("{before}{prefix}{text}{after}"));
    let reference = prop_oneof![5 => name(), 1 => Just("segment".to_owned())];
    (
        select(REF_SPACES),
        reference,
        select(REF_SPACES),
        prop::option::weighted(0.5, prop::collection::vec(choice, 1..4)),
    )
        .prop_map(|(before, name, after, choices)| match choices {
            None => format!("{{{before}{name}{after}}}"),
            Some(choices) => format!("{{{before}{name}{after}?{}}}", choices.join("|")),
        })
        .boxed()
}

fn alternatives() -> BoxedStrategy<String> {
    let piece = prop_oneof![3 => select(ALT_TEXTS), 1 => slot_ref()];
    let branch = prop::collection::vec(piece, 0..3).prop_map(|pieces| pieces.concat());
    prop::collection::vec(branch, 2..4)
        .prop_map(|branches| format!("[{}]", branches.join("|")))
        .boxed()
}

/// A phrase: text, slots, choices, free variation.
pub fn template() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        4 => select(TEXTS),
        3 => slot_ref(),
        2 => alternatives(),
    ];
    prop::collection::vec(piece, 0..6)
        .prop_map(|pieces| format!("\"{}\"", pieces.concat()))
        .boxed()
}

/// Phrases the grammar rejects: broken slots and variation, keywords as slot names.
const BAD_TEMPLATES: &[&str] = &[
    "\"[a]\"",
    "\"[\"",
    "\"]\"",
    "\"}\"",
    "\"{\"",
    "\"{ x\"",
    "\"{say}\"",
    "\"{in}\"",
    "\"{segment}\"",
    "\"{1x}\"",
    "\"[a|[b|c]]\"",
    "\"\\q\"",
    "\"{x ? a | b\"",
    "\"{x y}\"",
    "\"{#}\"",
    "\"{\u{3000}x}\"",
    "\"{x ? a\nb}\"",
    "\"text",
    "\"{x ? [a|b]}\"",
    "\"{x ? \\q}\"",
    "\"[\\q|a]\"",
    "\"{x ? a \"",
];

fn toks(parts: &[&str]) -> Toks {
    parts.iter().map(|part| (*part).to_owned()).collect()
}

/// `a = b`, `a != b`, `a in {x, y,}`, `a not in {x}`, with `segment` as a subject too.
fn comparison() -> BoxedStrategy<Toks> {
    let subject = prop_oneof![4 => name(), 1 => Just("segment".to_owned())];
    let set = (prop::collection::vec(value(), 1..4), any::<bool>()).prop_map(|(values, comma)| {
        let mut out = vec!["{".to_owned()];
        for (idx, value) in values.into_iter().enumerate() {
            if idx > 0 {
                out.push(",".to_owned());
            }
            out.push(value);
        }
        if comma {
            out.push(",".to_owned());
        }
        out.push("}".to_owned());
        out
    });
    (subject, 0..4usize, value(), set)
        .prop_map(|(subject, op, value, set)| {
            let mut out = vec![subject];
            match op {
                0 => out.extend(["=".to_owned(), value]),
                1 => out.extend(["!=".to_owned(), value]),
                2 => {
                    out.push("in".to_owned());
                    out.extend(set);
                }
                _ => {
                    out.extend(["not".to_owned(), "in".to_owned()]);
                    out.extend(set);
                }
            }
            out
        })
        .boxed()
}

fn condition() -> BoxedStrategy<Toks> {
    prop::collection::vec(comparison(), 1..4)
        .prop_map(|comparisons| join(comparisons, "and"))
        .boxed()
}

/// Joins token lists with a separator token.
fn join(lists: Vec<Toks>, separator: &str) -> Toks {
    let mut out = Vec::new();
    for (idx, list) in lists.into_iter().enumerate() {
        if idx > 0 {
            out.push(separator.to_owned());
        }
        out.extend(list);
    }
    out
}

fn utterances() -> BoxedStrategy<Toks> {
    let one = prop_oneof![
        3 => (
            prop::option::weighted(0.2, select(&["must", "may"])),
            template(),
            prop::option::weighted(0.2, string()),
        )
            .prop_map(|(modal, t, language)| {
                let mut toks: Toks = modal.into_iter().collect();
                toks.extend(["say".to_owned(), t]);
                if let Some(language) = language {
                    toks.extend(["lang".to_owned(), language]);
                }
                toks
            }),
        1 => (
            name(),
            prop::option::weighted(0.3, name()),
            prop::option::weighted(0.3, string()),
            prop::option::weighted(0.3, string()),
        )
            .prop_map(|(n, argument, note, until)| {
                let mut toks = vec!["act".to_owned(), n];
                if let Some(argument) = argument {
                    toks.extend(["{".to_owned(), argument, "}".to_owned()]);
                }
                if let Some(note) = note {
                    toks.extend(["note".to_owned(), note]);
                }
                if let Some(until) = until {
                    toks.extend(["until".to_owned(), until]);
                }
                toks
            }),
    ];
    prop::collection::vec(one, 1..4)
        .prop_map(|options| join(options, "or"))
        .boxed()
}

fn body_item() -> BoxedStrategy<Toks> {
    prop_oneof![
        4 => utterances(),
        2 => (prop::option::of(string()), condition(), utterances()).prop_map(|(l, c, u)| {
            let mut out = vec!["case".to_owned()];
            out.extend(l);
            out.push("when".to_owned());
            out.extend(c);
            out.extend(u);
            out
        }),
        2 => (prop::option::of(string()), prop::option::of(condition()), utterances()).prop_map(
            |(l, c, u)| {
                let mut out = vec!["step".to_owned()];
                out.extend(l);
                if let Some(c) = c {
                    out.push("when".to_owned());
                    out.extend(c);
                }
                out.extend(u);
                out
            }
        ),
        1 => string().prop_map(|s| vec!["guidance".to_owned(), s]),
    ]
    .boxed()
}

fn article_attr() -> BoxedStrategy<Toks> {
    prop_oneof![
        2 => name().prop_map(|n| vec!["in".to_owned(), n]),
        3 => condition().prop_map(|c| {
            let mut out = vec!["when".to_owned()];
            out.extend(c);
            out
        }),
        1 => string().prop_map(|s| vec!["incomplete".to_owned(), s]),
        1 => prop::collection::vec(name(), 1..4).prop_map(|names| {
            let mut out = toks(&["general", "for"]);
            out.extend(join(names.into_iter().map(|n| vec![n]).collect(), ","));
            out
        }),
    ]
    .boxed()
}

fn article() -> BoxedStrategy<Toks> {
    (
        int(),
        string(),
        prop::collection::vec(article_attr(), 0..4),
        prop::collection::vec(body_item(), 0..4),
    )
        .prop_map(|(number, title, attrs, body)| {
            let mut out = vec!["article".to_owned(), number, title];
            out.extend(attrs.into_iter().flatten());
            out.extend(body.into_iter().flatten());
            out
        })
        .boxed()
}

/// `{ a "A", b "B", }`: possibly empty, possibly with a trailing comma.
fn value_decls() -> BoxedStrategy<Toks> {
    (
        prop::collection::vec((name(), string()), 0..4),
        any::<bool>(),
    )
        .prop_map(|(values, comma)| {
            let mut out = vec!["{".to_owned()];
            let any_values = !values.is_empty();
            for (idx, (name, label)) in values.into_iter().enumerate() {
                if idx > 0 {
                    out.push(",".to_owned());
                }
                out.extend([name, label]);
            }
            if comma && any_values {
                out.push(",".to_owned());
            }
            out.push("}".to_owned());
            out
        })
        .boxed()
}

/// `1..5`, `1..=60`, `..5`, `3..`, `-2..-1`, `..`, each end and the operator separate tokens.
fn range() -> BoxedStrategy<Toks> {
    (
        prop::option::of(number()),
        prop::sample::select(vec!["..", "..="]),
        prop::option::of(number()),
    )
        .prop_map(|(low, op, high)| {
            let mut out: Toks = low.into_iter().collect();
            out.push(op.to_owned());
            out.extend(high);
            out
        })
        .boxed()
}

fn slot_type() -> BoxedStrategy<Toks> {
    let type_name = prop_oneof![
        3 => select(&["text", "number", "duration", "phone", "person", "org", "time"]),
        1 => name(),
    ];
    let argument = prop_oneof![
        3 => range(),
        2 => name().prop_map(|n| vec![n]),
        2 => number().prop_map(|n| vec![n]),
    ];
    let arguments = prop::option::of(prop::collection::vec(argument, 0..4));
    prop_oneof![
        3 => (type_name, arguments).prop_map(|(name, arguments)| {
            let mut out = vec![name];
            if let Some(arguments) = arguments {
                out.push("(".to_owned());
                out.extend(join(arguments, ","));
                out.push(")".to_owned());
            }
            out
        }),
        1 => value_decls().prop_map(|values| {
            let mut out = vec!["enum".to_owned()];
            out.extend(values);
            out
        }),
    ]
    .boxed()
}

fn slot_attr() -> BoxedStrategy<Toks> {
    prop_oneof![
        1 => string().prop_map(|s| vec!["note".to_owned(), s]),
        1 => string().prop_map(|s| vec!["unit".to_owned(), s]),
        1 => string().prop_map(|s| vec!["example".to_owned(), s]),
        1 => number().prop_map(|n| vec!["example".to_owned(), n]),
    ]
    .boxed()
}

/// Every declaration of the grammar, in every form.
pub fn declaration() -> BoxedStrategy<Toks> {
    prop_oneof![
        1 => (string(), prop::option::of(string())).prop_map(|(title, version)| {
            let mut out = vec!["spec".to_owned(), title];
            if let Some(version) = version {
                out.extend(["version".to_owned(), version]);
            }
            out
        }),
        1 => (name(), string()).prop_map(|(n, l)| vec!["segment".to_owned(), n, l]),
        2 => (name(), string(), value_decls()).prop_map(|(n, l, values)| {
            let mut out = vec!["fact".to_owned(), n, l];
            out.extend(values);
            out
        }),
        1 => (condition(), prop::option::of(string())).prop_map(|(c, reason)| {
            let mut out = vec!["never".to_owned()];
            out.extend(c);
            if let Some(reason) = reason {
                out.extend(["because".to_owned(), reason]);
            }
            out
        }),
        1 => (name(), string(), string())
            .prop_map(|(n, l, v)| vec!["const".to_owned(), n, l, "=".to_owned(), v]),
        3 => (name(), slot_type(), string(), prop::collection::vec(slot_attr(), 0..4)).prop_map(
            |(n, ty, label, attrs)| {
                let mut out = vec!["slot".to_owned(), n, ":".to_owned()];
                out.extend(ty);
                out.push(label);
                out.extend(attrs.into_iter().flatten());
                out
            }
        ),
        1 => (name(), string()).prop_map(|(n, l)| vec!["action".to_owned(), n, l]),
        1 => (
            name(),
            string(),
            prop::collection::vec(prop_oneof![3 => name(), 1 => Just("segment".to_owned())], 1..4),
        )
            .prop_map(|(n, l, over)| {
                let mut out = vec!["decision".to_owned(), n, l, "over".to_owned()];
                out.extend(join(over.into_iter().map(|s| vec![s]).collect(), ","));
                out
            }),
        1 => (int(), string()).prop_map(|(i, t)| vec!["chapter".to_owned(), i, t]),
        1 => (int(), string(), prop::option::of(name())).prop_map(|(i, t, segment)| {
            let mut out = vec!["section".to_owned(), i, t];
            if let Some(segment) = segment {
                out.extend(["for".to_owned(), segment]);
            }
            out
        }),
        6 => article(),
    ]
    .boxed()
}

// ---------------------------------------------------------------- separators

/// Comment texts after `#`: quotes, braces, more `#`, trailing blanks, Unicode line separators
/// (which do not end a comment), code.
const COMMENT_TEXTS: &[&str] = &[
    "",
    " 注释",
    " \"q\" { } [ | # x",
    " trailing  ",
    " tab\t",
    " 全角\u{3000}",
    " bom\u{FEFF}",
    " say \"x\"",
    " \u{0B}vt",
    " \u{2028}ls article 1 \"x\"",
    " \u{85}nel",
    "#",
    " article 1 \"x\"",
    "\t\u{3000} \t",
];

/// What ends a comment: `\n`, `\r\n` or a lone `\r`.
const LINE_ENDS: &[&str] = &["\n", "\n", "\r\n", "\r"];

fn comment() -> BoxedStrategy<String> {
    (
        select(&["", "", " ", "  ", "\t", "\u{3000}"]),
        select(COMMENT_TEXTS),
        select(LINE_ENDS),
        select(&["", "", "  ", "\t", "\n"]),
    )
        .prop_map(|(before, text, end, after)| format!("{before}#{text}{end}{after}"))
        .boxed()
}

/// A separator between two tokens; the empty one becomes a space between two name characters.
pub fn separator() -> BoxedStrategy<String> {
    prop_oneof![
        40 => Just(" ".to_owned()),
        12 => Just(String::new()),
        8 => Just("\n".to_owned()),
        4 => Just("\r\n".to_owned()),
        2 => Just("\r".to_owned()),
        4 => Just("\t".to_owned()),
        3 => Just("\u{3000}".to_owned()),
        2 => Just("\u{FEFF}".to_owned()),
        3 => Just("\n  ".to_owned()),
        2 => Just("\r\n\t".to_owned()),
        2 => Just(" \t\u{3000}\u{FEFF}\n ".to_owned()),
        10 => comment(),
    ]
    .boxed()
}

/// What may end a file: also a comment without a line end.
fn trailer() -> BoxedStrategy<String> {
    prop_oneof![
        3 => separator(),
        1 => select(&["# 末尾", "# 末尾 \u{3000}\t ", "\n# end", "\r\n#", "#"]),
    ]
    .boxed()
}

// ---------------------------------------------------------------- corruption

/// One local change that (almost always) breaks the file.
#[derive(Clone, Debug)]
pub enum Corruption {
    Drop(Index),
    Duplicate(Index),
    /// Swaps a token with the next one.
    Swap(Index),
    /// Inserts a token before the one at the index.
    Insert(Index, String),
    /// Replaces a token.
    Replace(Index, String),
    /// Replaces a token by itself with an invalid blank glued on.
    Glue(Index, String),
}

fn bad_token() -> BoxedStrategy<String> {
    let edges = edge_chars();
    let stray = "\"{}[]|\\#=,:.-"
        .chars()
        .map(String::from)
        .collect::<Vec<_>>();
    let blanks: Vec<String> = edges
        .space_not_blank
        .iter()
        .map(|ch| ch.to_string())
        .collect();
    prop_oneof![
        3 => prop::sample::select(stray),
        3 => select(KEYWORDS),
        2 => select(BAD_STRINGS),
        2 => select(BAD_INTS),
        2 => select(BAD_NUMBERS),
        3 => select(BAD_TEMPLATES),
        2 => prop::sample::select(edge_invalid_names()),
        2 => prop::sample::select(blanks),
        1 => select(&["!", "?", "==", "=!", "! =", "..=.", "{}", "()", ";", "\u{0}"]),
    ]
    .boxed()
}

fn corruption() -> BoxedStrategy<Corruption> {
    let blanks: Vec<String> = edge_chars()
        .space_not_blank
        .iter()
        .map(|ch| ch.to_string())
        .collect();
    prop_oneof![
        2 => any::<Index>().prop_map(Corruption::Drop),
        1 => any::<Index>().prop_map(Corruption::Duplicate),
        1 => any::<Index>().prop_map(Corruption::Swap),
        3 => (any::<Index>(), bad_token()).prop_map(|(at, token)| Corruption::Insert(at, token)),
        3 => (any::<Index>(), bad_token()).prop_map(|(at, token)| Corruption::Replace(at, token)),
        1 => (any::<Index>(), prop::sample::select(blanks))
            .prop_map(|(at, blank)| Corruption::Glue(at, blank)),
    ]
    .boxed()
}

// ---------------------------------------------------------------- files

/// A generated file before rendering (its parts shrink separately).
#[derive(Clone, Debug)]
pub struct Generated {
    pub leader: String,
    pub items: Vec<Toks>,
    pub separators: Vec<String>,
    pub trailer: String,
    pub corruption: Option<Corruption>,
}

/// Whether two tokens would read as one without a blank between them. A number or whole
/// number ends at its last digit whatever follows (`example 30note "…"` is a number and a
/// keyword; `1..5` a number and a range operator), so a number needs one only before a digit,
/// anything else only between two name characters.
fn needs_blank(before: &str, after: &str) -> bool {
    let (Some(last), Some(first)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    let number = before.starts_with(|ch: char| ch.is_ascii_digit() || ch == '-')
        && before
            .chars()
            .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == '-');
    if number {
        return first.is_ascii_digit();
    }
    is_name_char(last) && is_name_char(first)
}

impl Generated {
    pub fn tokens(&self) -> Toks {
        let mut tokens: Toks = self.items.iter().flatten().cloned().collect();
        let Some(corruption) = &self.corruption else {
            return tokens;
        };
        if tokens.is_empty() {
            if let Corruption::Insert(_, token) | Corruption::Replace(_, token) = corruption {
                tokens.push(token.clone());
            }
            return tokens;
        }
        let len = tokens.len();
        match corruption {
            Corruption::Drop(at) => {
                tokens.remove(at.index(len));
            }
            Corruption::Duplicate(at) => {
                let at = at.index(len);
                tokens.insert(at, tokens[at].clone());
            }
            Corruption::Swap(at) => {
                let at = at.index(len);
                if at + 1 < len {
                    tokens.swap(at, at + 1);
                }
            }
            Corruption::Insert(at, token) => tokens.insert(at.index(len + 1), token.clone()),
            Corruption::Replace(at, token) => tokens[at.index(len)] = token.clone(),
            Corruption::Glue(at, blank) => tokens[at.index(len)].push_str(blank),
        }
        tokens
    }

    pub fn render(&self) -> String {
        let tokens = self.tokens();
        let mut out = self.leader.clone();
        for (idx, token) in tokens.iter().enumerate() {
            if idx > 0 {
                let separator = &self.separators[idx % self.separators.len()];
                if separator.is_empty() && needs_blank(&tokens[idx - 1], token) {
                    out.push(' ');
                } else {
                    out.push_str(separator);
                }
            }
            out.push_str(token);
        }
        out.push_str(&self.trailer);
        out
    }
}

/// The structure of a generated file; [`rule_file`] renders it.
pub fn generated_file() -> BoxedStrategy<Generated> {
    (
        prop_oneof![
            4 => Just(String::new()),
            1 => Just("\u{FEFF}".to_owned()),
            1 => comment(),
            1 => separator(),
        ],
        prop::collection::vec(declaration(), 0..8),
        prop::collection::vec(separator(), 64),
        trailer(),
        prop::option::weighted(0.3, corruption()),
    )
        .prop_map(
            |(leader, items, separators, trailer, corruption)| Generated {
                leader,
                items,
                separators,
                trailer,
                corruption,
            },
        )
        .boxed()
}

/// A rule file that stresses the grammar's lexical corners, mostly valid.
pub fn rule_file() -> BoxedStrategy<String> {
    generated_file().prop_map(|file| file.render()).boxed()
}
