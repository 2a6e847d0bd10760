use phrasec::check::model;
use phrasec::syntax::ast;
use std::mem::size_of;
#[test]
fn sizes() {
    println!(
        "ast Piece {} Str {} Name {} Reference {} Item {} Article {} BodyItem {} Utterance {} Comparison {} Condition {} Template {} Comment {} Case {} Alternatives {}",
        size_of::<ast::Piece>(),
        size_of::<ast::Str>(),
        size_of::<ast::Name>(),
        size_of::<ast::Reference>(),
        size_of::<ast::Item>(),
        size_of::<ast::ArticleDecl>(),
        size_of::<ast::BodyItem>(),
        size_of::<ast::Utterance>(),
        size_of::<ast::Comparison>(),
        size_of::<ast::Condition>(),
        size_of::<ast::Template>(),
        size_of::<ast::Comment>(),
        size_of::<ast::CaseItem>(),
        size_of::<ast::Alternatives>()
    );
    println!(
        "model Piece {} Article {} BodyItem {} Utterance {} Test {} Template {}",
        size_of::<model::Piece>(),
        size_of::<model::Article>(),
        size_of::<model::BodyItem>(),
        size_of::<model::Utterance>(),
        size_of::<model::Test>(),
        size_of::<model::Template>()
    );
}
