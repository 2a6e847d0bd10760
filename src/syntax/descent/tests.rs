//! Unit tests of the descent: its keyword list against the grammar, and trees against pest's
//! on small inputs (the differential tests in `tests/descent_differential.rs` cover the rest).

use super::tokens::is_keyword;
use crate::source::FileId;
use crate::syntax::{Threads, parse_descent, parse_reference};

#[test]
fn keywords_are_the_grammars_kw_words() {
    let grammar = include_str!("../../../grammar/phrasec.pest");
    let words: Vec<&str> = grammar
        .lines()
        .filter(|line| line.starts_with("kw_"))
        .filter_map(|line| line.split('"').nth(1))
        .collect();
    assert_eq!(words.len(), 31);
    for word in &words {
        assert!(is_keyword(word), "{word}");
        assert!(!is_keyword(&format!("{word}s")), "{word}s");
        assert!(!is_keyword(&word.to_uppercase()), "{word}");
        for end in 1..word.len() {
            let prefix = &word[..end];
            assert_eq!(is_keyword(prefix), words.contains(&prefix), "{prefix}");
            let tail = &word[end..];
            assert_eq!(is_keyword(tail), words.contains(&tail), "{tail}");
        }
    }
}

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
