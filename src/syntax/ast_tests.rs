//! The tree's names and strings read back from the source: quotes, escapes, several files.

use std::borrow::Cow;

use super::ast::{Item, Piece, Texts, Utterance};
use super::parse;
use crate::source::FileId;

const TEXT: &str = r#"spec "客户端\"作业\"规范" version "2.0"
segment home "家庭"
article 1 "标题" when segment = home
  say "您好，{name}[先生|小姐]，请点击\"确认\"。"
"#;

#[test]
fn names_and_strings_are_read_from_the_source() {
    let (file, diagnostics) = parse(FileId(0), TEXT);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let Item::Spec(spec) = &file.items[0] else {
        panic!("not a spec");
    };
    assert_eq!(spec.title.value(TEXT), "客户端\"作业\"规范");
    assert!(matches!(spec.title.value(TEXT), Cow::Owned(_)));
    let version = spec.version.as_ref().expect("a version");
    assert_eq!(version.value(TEXT), "2.0");
    assert!(matches!(version.value(TEXT), Cow::Borrowed(_)));
    let Item::Segment(segment) = &file.items[1] else {
        panic!("not a segment");
    };
    assert_eq!(segment.name.text(TEXT), "home");
    assert_eq!(segment.label.value(TEXT), "家庭");
    let Item::Article(article) = &file.items[2] else {
        panic!("not an article");
    };
    let super::ast::BodyItem::Utterances(utterances) = &article.body[0] else {
        panic!("not a phrase");
    };
    let Utterance::Say(say) = &utterances.options[0] else {
        panic!("not a phrase");
    };
    let texts: Vec<String> = say
        .template
        .pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Text(run) => Some(run.value(TEXT).into_owned()),
            _ => None,
        })
        .collect();
    // A run of phrase text keeps no quotes to strip; its escapes are decoded.
    assert_eq!(texts, ["您好，", "，请点击\"确认\"。"]);
}

#[test]
fn texts_of_a_rule_set_are_found_by_file() {
    let first = "segment a \"甲\"";
    let second = "segment bb \"乙\"";
    let (first_tree, _) = parse(FileId(3), first);
    let (second_tree, _) = parse(FileId(1), second);
    let texts = Texts::new([(FileId(3), first), (FileId(1), second)]);
    let name = |tree: &super::ast::File| match &tree.items[0] {
        Item::Segment(segment) => texts.name(&segment.name),
        _ => panic!("not a segment"),
    };
    assert_eq!(name(&first_tree), "a");
    assert_eq!(name(&second_tree), "bb");
    // A file not in the set reads as empty instead of panicking.
    assert_eq!(texts.of_file(FileId(2)), "");
    assert_eq!(texts.of_file(FileId(9)), "");
}

#[test]
fn a_leading_name_is_a_name_then_a_colon() {
    use super::ast::leading_name;
    assert_eq!(leading_name("business: 为贵单位"), Some((8, 10)));
    assert_eq!(leading_name("business :\t为贵单位"), Some((8, 11)));
    assert_eq!(leading_name("企业:贵单位"), Some((6, 7)));
    assert_eq!(leading_name("_x:"), Some((2, 3)));
    // Not a name first, or no colon after the name: plain text.
    assert_eq!(leading_name("为贵单位"), None);
    assert_eq!(leading_name("1a: x"), None);
    assert_eq!(leading_name(": x"), None);
    assert_eq!(leading_name("a b: x"), None);
    assert_eq!(leading_name("企业：贵单位"), None);
    assert_eq!(leading_name(""), None);
}
