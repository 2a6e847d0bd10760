//! Unit tests of the descent: trees against pest's on small inputs (the differential tests in `tests/it/descent_differential.rs` cover the rest).

use super::tokens::is_escaped;
use crate::source::FileId;
use crate::syntax::{Threads, parse_descent, parse_reference};

/// The descent reads `text` into exactly the tree pest's parse gives.
fn assert_same_as_pest(text: &str) {
    let (reference, diagnostics) = parse_reference(FileId(0), text, Threads::One);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let descent = parse_descent(FileId(0), text).expect("the descent gave up");
    assert_eq!(descent, reference);
}

/// The descent gives up where pest reports a syntax error.
fn assert_gives_up(text: &str) {
    let (_, diagnostics) = parse_reference(FileId(0), text, Threads::One);
    assert!(!diagnostics.is_empty());
    assert_eq!(parse_descent(FileId(0), text), None);
}

#[test]
fn every_declaration() {
    assert_same_as_pest(include_str!("../../../tests/fixtures/clean.phr"));
}

#[test]
fn comments_and_blanks_between_tokens() {
    assert_same_as_pest(
        "# head \u{3000}\n\u{FEFF}spec \"s\" # after\n version\t\"2\"\r\n\
         article 1 \"t\" when a = b # c1\n  say \"x\" # c2\n  # c3\n\
         article 2 \"u\" when a\n# in\n!= b and c not in {x, y, } say \"{ g ? 先生 | 小姐 }\"\n",
    );
}

#[test]
fn choices_keep_inner_spaces_and_tabs() {
    assert_same_as_pest("article 1 \"t\" say \"{g ? a b |\tc\t| }[x|{y}z|]\\{\"\n");
}

#[test]
fn ranges_names_and_numbers_as_type_arguments() {
    assert_same_as_pest(
        "slot n: number(1..=60, ..5, 3.., -2..-1, minute, 7) \"n\" example 1.5 unit \"分\"\n\
         slot m: text() \"m\" example \"x\" note \"y\"\n\
         slot g: enum { m \"男\", f \"女\", } \"性别\"\n",
    );
}

#[test]
fn keywords_are_names_only_when_followed_by_name_characters() {
    assert_same_as_pest("segment inx \"a\"\nsegment actions \"b\"\nsegment 原因 \"c\"\n");
    assert_gives_up("segment in \"a\"\n");
}

#[test]
fn gives_up_on_syntax_errors() {
    assert_gives_up("article 1 \"t\" say \"x\" or\n");
    assert_gives_up("article 1 \"t\" when cause = say \"x\"\n");
    assert_gives_up("article 1 \"t\" say \"[a]\"\n");
    assert_gives_up("spec \"unterminated\n");
    assert_gives_up("article 1 \"t\" say \"\\q\"\n");
}

/// The grammar spells its `escape` rule out again in `template_text` and `alt_text` (a rule
/// call is costly there): every spelling accepts the same characters after `\`, and so does
/// the descent.
#[test]
fn every_spelling_of_the_escape_rule_agrees() {
    let grammar = include_str!("../../../grammar/phrasec.pest");
    let spellings: Vec<&str> = grammar
        .match_indices("\"\\\\\" ~ (")
        .map(|(at, opening)| {
            let rest = &grammar[at + opening.len()..];
            &rest[..rest.find(')').expect("the alternatives close")]
        })
        .collect();
    assert_eq!(
        spellings.len(),
        5,
        "escape, and twice in each of two text rules"
    );
    assert!(
        spellings.iter().all(|spelling| *spelling == spellings[0]),
        "{spellings:?}"
    );
    let escaped: Vec<u8> = spellings[0]
        .split(" | ")
        .map(|literal| {
            let trimmed = literal.trim();
            let inner = trimmed
                .strip_prefix('"')
                .and_then(|rest| rest.strip_suffix('"'))
                .expect("a quoted literal")
                .as_bytes();
            // A pest string literal: `"\""` is `"`, `"\\"` is `\`.
            if inner[0] == b'\\' {
                inner[1]
            } else {
                inner[0]
            }
        })
        .collect();
    assert_eq!(escaped, b"\"\\{}[]|nt");
    for byte in 0..=u8::MAX {
        assert_eq!(is_escaped(Some(&byte)), escaped.contains(&byte), "{byte}");
    }
}
