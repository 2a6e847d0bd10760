//! The hand-written descent parser (`syntax::parse_descent`) reads exactly the language of the
//! pest grammar: for every text pest accepts it builds the same syntax tree (spans and comments
//! included), for every text pest rejects it gives up; and the production path (`parse_with`:
//! descent first, pest when it gives up) returns what pest alone returns, tree and diagnostics.
//!
//! Inputs: every rule file and Markdown example of the repository (and their other line ends
//! and formatted layouts), the benchmark corpora, the property generators of
//! `tests/it/properties.rs`, a grammar-directed generator of lexical corners
//! (`tests/it/support/corners.rs`), random edits of the bundled rules, and one test per corner.
//! A disagreement is reported with pest's and the descent's trees side by side and the input
//! reduced to a minimal one that still disagrees the same way.

use std::time::Duration;

use phrasec::diagnostics::Code;
use phrasec::syntax::{Threads, ast, parse_descent};
use proptest::prelude::*;
use proptest::strategy::ValueTree as _;
use proptest::test_runner::TestRunner;

use crate::support::differential::*;
use crate::support::{check_corpus, corners, corpus, generators};

/// A valid rule file using every kind of declaration and template piece.
const VALID: &str = include_str!("../fixtures/clean.phr");

// ---------------------------------------------------------------- the comparison itself

/// The comparison is not vacuous: stand-ins for the descent broken in each way are caught as
/// that kind of disagreement, and the input is reduced to a minimal one.
#[test]
fn a_broken_descent_is_caught_and_reduced() {
    let time = Duration::from_secs(5);
    let clean = vec![("clean.phr".to_owned(), VALID.to_owned())];

    let gives_up: Descent = |_, _| None;
    let report = disagreements("gives up", &clean, with_descent(gives_up)).expect_err("caught");
    assert!(report.contains(" 1 GaveUp"), "{report}");
    assert_eq!(
        minimize(VALID, Kind::GaveUp, time, with_descent(gives_up)),
        ""
    );

    let accepts_anything: Descent = |_, _| Some(ast::File::default());
    let broken = "spec \"a\"\narticle 1\n";
    assert!(matches!(
        compare_with(broken, with_descent(accepts_anything)),
        Err(Disagreement {
            kind: Kind::AcceptedInvalid,
            ..
        })
    ));
    let minimal = minimize(
        broken,
        Kind::AcceptedInvalid,
        time,
        with_descent(accepts_anything),
    );
    assert_eq!(minimal.chars().count(), 1, "{minimal:?}");

    let drops_a_comment: Descent = |file, text| {
        parse_descent(file, text).map(|mut tree| {
            tree.comments.pop();
            tree
        })
    };
    let report = disagreements("drops a comment", &clean, with_descent(drops_a_comment))
        .expect_err("caught");
    assert!(
        report.contains(" 1 TreesDiffer") && report.contains("comment #0 differs"),
        "{report}"
    );
    assert_eq!(
        minimize(
            VALID,
            Kind::TreesDiffer,
            time,
            with_descent(drops_a_comment)
        ),
        "#"
    );

    let stretches_a_span: Descent = |file, text| {
        parse_descent(file, text).map(|mut tree| {
            if let Some(ast::Item::Article(article)) = tree.items.last_mut() {
                article.span.end += 1;
            }
            tree
        })
    };
    let report = disagreements("stretches a span", &clean, with_descent(stretches_a_span))
        .expect_err("caught");
    assert!(
        report.contains(" 1 TreesDiffer") && report.contains("declaration #"),
        "{report}"
    );
    let minimal = minimize(
        VALID,
        Kind::TreesDiffer,
        time,
        with_descent(stretches_a_span),
    );
    assert!(
        minimal.len() < 20 && minimal.contains("article"),
        "{minimal:?}"
    );

    let report = property(
        "gives up",
        8,
        generators::rule_file(),
        with_descent(gives_up),
    )
    .expect_err("caught");
    assert!(
        report.contains("GaveUp") && report.contains("minimal input: \"\""),
        "{report}"
    );

    let panics: Descent = |_, _| panic!("a deliberate panic");
    let disagreement = compare_with("spec \"a\"", with_descent(panics)).expect_err("caught");
    assert_eq!(disagreement.kind, Kind::Panicked);
    assert!(disagreement.detail.contains("a deliberate panic"));
}

// ---------------------------------------------------------------- pest-only sanity checks

/// The bundled rules and the documentation's valid examples are accepted by pest, so the
/// agreement tests below compare trees on them, not only verdicts.
#[test]
fn pest_accepts_the_bundled_rules_and_valid_examples() {
    let rules = bundled_rules();
    assert!(rules.len() >= 5, "only {} rule files", rules.len());
    for (name, text) in &rules {
        let (tree, diagnostics, verdict) = reference(text);
        assert_eq!(verdict, Verdict::Accepted, "{name}: {diagnostics:#?}");
        assert!(diagnostics.is_empty() && !tree.items.is_empty(), "{name}");
    }
    let mut n_valid_blocks = 0;
    for (name, info, code) in documentation_blocks() {
        if is_valid_rule_block(&info) {
            let (_, diagnostics, verdict) = reference(&code);
            assert_eq!(
                verdict,
                Verdict::Accepted,
                "{name}:\n{code}\n{diagnostics:#?}"
            );
            n_valid_blocks += 1;
        }
    }
    assert!(
        n_valid_blocks >= 40,
        "only {n_valid_blocks} valid rule blocks"
    );
    let accepted = repository_inputs()
        .iter()
        .filter(|(_, text)| reference(text).2 == Verdict::Accepted)
        .count();
    assert!(accepted >= 60, "only {accepted} repository inputs accepted");
}

/// pest's reference reading (a few declarations at a time, then error recovery) accepts
/// exactly what the grammar's `file` rule accepts, on every input of these tests: "accepted
/// by pest" means one thing.
#[test]
fn the_reference_accepts_what_the_file_rule_accepts() {
    let mut texts: Vec<String> = repository_inputs()
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    let mut runner = TestRunner::deterministic();
    let strategy = corners::rule_file();
    for _ in 0..300 {
        texts.push(strategy.new_tree(&mut runner).expect("a file").current());
    }
    for text in &texts {
        let by_file_rule = phrasec::syntax::pest_parse_only(text) > 0;
        let (_, diagnostics, verdict) = reference(text);
        assert_eq!(
            verdict == Verdict::Accepted,
            by_file_rule,
            "{text:?}\n{diagnostics:#?}"
        );
    }
}

/// The corner generator is not vacuous: most of its files are accepted (so trees are
/// compared), a good share rejected (so giving up is tested), and every file it did not
/// corrupt follows the grammar.
#[test]
fn the_corner_generator_yields_mostly_valid_files() {
    let mut runner = TestRunner::deterministic();
    let strategy = corners::generated_file();
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..300 {
        let file = strategy.new_tree(&mut runner).expect("a file").current();
        let text = file.render();
        let (_, diagnostics, verdict) = reference(&text);
        if file.corruption.is_none() {
            assert_eq!(
                verdict,
                Verdict::Accepted,
                "an uncorrupted file is rejected: {text:?}\n{:?}",
                diagnostics
                    .iter()
                    .map(describe_diagnostic)
                    .collect::<Vec<_>>()
            );
        }
        match verdict {
            Verdict::Accepted => accepted += 1,
            Verdict::Rejected => rejected += 1,
        }
    }
    println!("corner generator: {accepted} of 300 accepted, {rejected} rejected");
    assert!(accepted >= 150, "only {accepted} of 300 accepted");
    assert!(rejected >= 30, "only {rejected} of 300 rejected");
}

/// Whether pest accepts `text`.
fn pest_accepts_text(text: &str) -> bool {
    reference(text).2 == Verdict::Accepted
}

/// The corner generator's pools are what they claim: its keywords are the grammar's, its
/// names are names, its strings, numbers and phrases valid or invalid as labelled.
#[test]
fn the_corner_pools_follow_the_grammar() {
    let grammar = std::fs::read_to_string("grammar/phrasec.pest").expect("grammar");
    let mut grammar_keywords: Vec<&str> = grammar
        .lines()
        .filter(|line| line.starts_with("kw_"))
        .filter_map(|line| line.split('"').nth(1))
        .collect();
    grammar_keywords.sort_unstable();
    let mut keywords = corners::KEYWORDS.to_vec();
    keywords.sort_unstable();
    assert_eq!(keywords, grammar_keywords);
    for keyword in corners::KEYWORDS {
        assert!(
            !pest_accepts_text(&format!("action {keyword} \"x\"")),
            "{keyword}"
        );
        assert!(
            pest_accepts_text(&format!("never a = {keyword}")),
            "{keyword}"
        );
    }
    for name in corners::NAMES {
        assert!(corners::is_valid_name(name), "{name:?}");
        assert!(
            pest_accepts_text(&format!("action {name} \"x\"")),
            "{name:?}"
        );
    }
    let edges = corners::edge_chars();
    assert!(!edges.continue_not_alphanumeric.is_empty());
    assert!(!edges.space_not_blank.is_empty());
    for string in corners::STRINGS {
        assert!(pest_accepts_text(&format!("spec {string}")), "{string:?}");
    }
    for string in corners::BAD_STRINGS {
        assert!(!pest_accepts_text(&format!("spec {string}")), "{string:?}");
    }
    for &ch in &edges.space_not_blank {
        assert!(!pest_accepts_text(&format!("spec{ch}\"x\"")), "{ch:?}");
    }
}

// ---------------------------------------------------------------- agreement on the repository

/// Every rule file and documentation block, also through the production path in parts.
#[test]
fn repository_rule_files_and_examples_agree() {
    let inputs = repository_inputs();
    let accepted = assert_all_agree("repository files and examples", &inputs, IN_PARTS);
    assert!(accepted >= 60, "only {accepted} inputs accepted by pest");
}

/// The accepted repository inputs with `\r\n` and lone `\r` line ends, with tabs for
/// indentation, and in the formatter's layout.
#[test]
fn other_layouts_of_the_repository_files_agree() {
    let mut inputs = Vec::new();
    for (name, text) in repository_inputs() {
        if reference(&text).2 != Verdict::Accepted {
            continue;
        }
        inputs.push((format!("{name} (CRLF)"), text.replace('\n', "\r\n")));
        inputs.push((format!("{name} (CR)"), text.replace('\n', "\r")));
        inputs.push((
            format!("{name} (tabs, U+3000)"),
            text.replace("  ", "\t").replace(' ', "\u{3000}"),
        ));
        if let Ok(formatted) = phrasec::fmt::format_source(&text) {
            inputs.push((format!("{name} (formatted)"), formatted));
        }
    }
    assert_all_agree("other layouts", &inputs, ONE);
}

/// The benchmark corpora (300 articles each), also through the production path in parts,
/// where the descent reads each part at its offset in the file.
#[test]
fn benchmark_corpora_agree() {
    let inputs = vec![
        ("corpus".to_owned(), corpus::generate(300, corpus::SEED)),
        (
            "check corpus".to_owned(),
            check_corpus::generate(300, check_corpus::Variant::NoGaps, check_corpus::SEED).text,
        ),
        (
            "check corpus with gaps".to_owned(),
            check_corpus::generate(300, check_corpus::Variant::Gaps, check_corpus::SEED + 1).text,
        ),
    ];
    let in_four_parts = Setup {
        read: parse_descent,
        threads: &[Threads::One, Threads::Exactly(4)],
    };
    let accepted = assert_all_agree("benchmark corpora", &inputs, in_four_parts);
    assert_eq!(accepted, inputs.len());
}

// ---------------------------------------------------------------- properties

#[test]
fn well_formed_rule_files_agree() {
    check_property("well-formed rule files", 256, generators::rule_file());
}

#[test]
fn mostly_valid_rule_files_agree() {
    check_property(
        "mostly valid rule files",
        256,
        generators::mostly_valid_rule_file(),
    );
}

#[test]
fn grammar_soup_agrees() {
    check_property("grammar soup", 256, generators::grammar_soup());
}

#[test]
fn mutated_valid_file_agrees() {
    check_property(
        "mutated valid file",
        256,
        prop::collection::vec(generators::edit(), 1..8)
            .prop_map(|edits| generators::apply(VALID, &edits)),
    );
}

#[test]
fn mutated_well_formed_rule_files_agree() {
    check_property(
        "mutated well-formed rule files",
        256,
        (
            generators::rule_file(),
            prop::collection::vec(generators::edit(), 1..4),
        )
            .prop_map(|(text, edits)| generators::apply(&text, &edits)),
    );
}

#[test]
fn lexical_corners_agree() {
    check_property("lexical corners", 2048, corners::rule_file());
}

#[test]
fn edited_bundled_rules_agree() {
    let mut texts: Vec<String> = bundled_rules().into_iter().map(|(_, text)| text).collect();
    texts.push(VALID.to_owned());
    check_property(
        "edited bundled rules",
        512,
        (
            prop::sample::select(texts),
            prop::collection::vec(generators::char_edit(), 1..4),
        )
            .prop_map(|(text, edits)| generators::apply_char_edits(&text, &edits)),
    );
}

// ---------------------------------------------------------------- one test per corner

/// pest accepts `text`: returns its tree for the test's own checks of the corner.
#[track_caller]
fn pest_accepts(text: &str) -> ast::File {
    let (tree, diagnostics, verdict) = reference(text);
    assert_eq!(
        verdict,
        Verdict::Accepted,
        "pest rejects {text:?}: {:?}",
        diagnostics
            .iter()
            .map(describe_diagnostic)
            .collect::<Vec<_>>()
    );
    tree
}

#[track_caller]
fn pest_rejects(text: &str) {
    assert_eq!(
        reference(text).2,
        Verdict::Rejected,
        "pest accepts {text:?}"
    );
}

/// The descent and the production path agree with pest on `text`.
#[track_caller]
fn agrees(text: &str) {
    if let Err(disagreement) = compare(text) {
        panic!("{text:?}: {:?}\n{}", disagreement.kind, disagreement.detail);
    }
}

fn article(tree: &ast::File, idx: usize) -> &ast::ArticleDecl {
    match &tree.items[idx] {
        ast::Item::Article(article) => article,
        other => panic!("not an article: {other:?}"),
    }
}

/// The text of a span of `text`.
fn spanned(text: &str, span: phrasec::source::Span) -> &str {
    &text[span.range()]
}

/// The choices of the first slot reference of the first phrase of article 0.
fn first_choices(text: &str, tree: &ast::File) -> Vec<String> {
    let ast::BodyItem::Utterances(utterances) = &article(tree, 0).body[0] else {
        panic!("not a phrase");
    };
    let ast::Utterance::Say(template) = &utterances.options[0] else {
        panic!("not a phrase");
    };
    template
        .template
        .pieces
        .iter()
        .find_map(|piece| match piece {
            ast::Piece::Reference(reference) => reference.choices.clone(),
            _ => None,
        })
        .expect("a reference with choices")
        .iter()
        .map(|choice| choice.value(text).into_owned())
        .collect()
}

/// pest reads `text` with `expected` as the choices of its first slot reference, and the
/// descent agrees with pest.
fn assert_choices(text: &str, expected: &[&str]) {
    assert_eq!(
        first_choices(text, &pest_accepts(text)),
        expected,
        "{text:?}"
    );
    agrees(text);
}

#[test]
fn an_article_span_ends_at_its_last_token_not_after_the_comments() {
    let text = "article 1 \"x\"\n  say \"a\"  \n  # 注释\n# 另一个\r\narticle 2 \"y\" # 行尾\n";
    let tree = pest_accepts(text);
    assert!(spanned(text, tree.items[0].span()).ends_with("say \"a\""));
    assert!(spanned(text, tree.items[1].span()).ends_with("\"y\""));
    assert_eq!(tree.comments.len(), 3);
    agrees(text);
}

#[test]
fn a_comment_span_excludes_trailing_blanks_its_text_keeps_them() {
    let text = "# c \t\u{3000}\u{FEFF}\nspec \"a\" #  \t\n#\u{3000}";
    let tree = pest_accepts(text);
    assert_eq!(tree.comments[0].text, "# c \t\u{3000}\u{FEFF}");
    assert_eq!(spanned(text, tree.comments[0].span), "# c");
    assert_eq!(spanned(text, tree.comments[1].span), "#");
    assert_eq!(spanned(text, tree.comments[2].span), "#");
    agrees(text);
}

#[test]
fn choices_keep_inner_spaces_not_outer_ones() {
    assert_choices("article 1 \"x\" say \"{g ? a b | c }\"", &["a b", "c"]);
}

#[test]
fn a_tab_before_a_bar_belongs_to_the_choice_a_space_does_not() {
    for (text, choices) in [
        ("article 1 \"x\" say \"{g ? a\t| b}\"", ["a\t", "b"]),
        ("article 1 \"x\" say \"{g ? a \t| b }\"", ["a \t", "b"]),
        (
            "article 1 \"x\" say \"{g ?\t\ta\t |\tb\t}\"",
            ["a\t", "b\t"],
        ),
        (
            "article 1 \"x\" say \"{g ? 先生\u{3000}| \u{3000}小姐}\"",
            ["先生\u{3000}", "\u{3000}小姐"],
        ),
    ] {
        assert_choices(text, &choices);
    }
}

#[test]
fn empty_choices() {
    for (text, choices) in [
        ("article 1 \"x\" say \"{g ?| x}\"", vec!["", "x"]),
        ("article 1 \"x\" say \"{g ?}\"", vec![""]),
        ("article 1 \"x\" say \"{g?|}\"", vec!["", ""]),
        ("article 1 \"x\" say \"{g ?   |   }\"", vec!["", ""]),
    ] {
        assert_choices(text, &choices);
    }
}

#[test]
fn escapes_and_odd_characters_in_choices() {
    assert_choices(
        "article 1 \"x\" say \"{g ? a\\|b | \\}\\{ | # | ? | a\u{0B} }\"",
        &["a|b", "}{", "#", "?", "a\u{0B}"],
    );
}

#[test]
fn spaces_and_tabs_inside_slot_braces() {
    for text in [
        "article 1 \"x\" say \"{ x }\"",
        "article 1 \"x\" say \"{\tx\t}\"",
        "article 1 \"x\" say \"{ \t x \t ? a | b \t }\"",
        "article 1 \"x\" say \"{g\t?\ta\t|\tb}\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
    for text in [
        "article 1 \"x\" say \"{\u{3000}x}\"",
        "article 1 \"x\" say \"{x\n}\"",
        "article 1 \"x\" say \"{x y}\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn a_bar_outside_brackets_is_text() {
    let text = "article 1 \"x\" say \"a|b|\" or say \"|\"";
    let tree = pest_accepts(text);
    let ast::BodyItem::Utterances(utterances) = &article(&tree, 0).body[0] else {
        panic!("not a phrase");
    };
    let ast::Utterance::Say(template) = &utterances.options[0] else {
        panic!("not a phrase");
    };
    assert!(
        matches!(&template.template.pieces[..], [ast::Piece::Text(run)] if run.value(text) == "a|b|")
    );
    agrees(text);
}

#[test]
fn free_variation_with_empty_and_slot_branches() {
    for text in [
        "article 1 \"x\" say \"[a|{x}b|]\"",
        "article 1 \"x\" say \"[|]\"",
        "article 1 \"x\" say \"[{x ? a | b}|\\|]c\"",
        "article 1 \"x\" say \"[ a | b ]\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
    for text in [
        "article 1 \"x\" say \"[a]\"",
        "article 1 \"x\" say \"[]\"",
        "article 1 \"x\" say \"[a|[b|c]]\"",
        "article 1 \"x\" say \"[a|b\"",
        "article 1 \"x\" say \"a]\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn escapes_in_phrases_and_strings() {
    let text = "spec \"\\\"\\\\\\{\\}\\[\\]\\|\\n\\t\" version \"#\"\n\
                article 1 \"x\" say \"\\[\\]\\|\\{\\}\\\"\\\\\\n\\t{x}\\{\"";
    pest_accepts(text);
    agrees(text);
    for text in [
        "spec \"\\q\"",
        "article 1 \"x\" say \"\\q\"",
        "spec \"\\u{41}\"",
        "spec \"a\\\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn unterminated_strings_and_line_ends_inside_quotes() {
    for text in [
        "spec \"a",
        "article 1 \"x\"\n  say \"abc\n",
        "spec \"a\nb\"",
        "spec \"a\rb\"",
        "article 1 \"x\" say \"a\rb\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn control_characters_inside_quotes_are_text() {
    let text = "spec \"\u{0}\u{0B}\u{0C}\u{1F}\u{7F}\"\narticle 1 \"x\" say \"\u{0B}\t\u{0}\"";
    pest_accepts(text);
    agrees(text);
    for text in ["spec \"a\"\u{0}", "spec\u{0C}\"a\""] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn a_lone_carriage_return_ends_a_comment() {
    let text = "# c\rarticle 1 \"x\"\r  say \"y\" # z\r";
    let tree = pest_accepts(text);
    assert_eq!(tree.items.len(), 1);
    assert_eq!(tree.comments.len(), 2);
    agrees(text);
}

#[test]
fn unicode_line_separators_do_not_end_a_comment() {
    for text in [
        "# c\u{2028}article 1 \"x\"\n",
        "# c\u{85}article 1 \"x\"\n",
        "# c\u{0B}article 1 \"x\"",
    ] {
        let tree = pest_accepts(text);
        assert!(tree.items.is_empty() && tree.comments.len() == 1);
        agrees(text);
    }
}

#[test]
fn crlf_line_ends_everywhere() {
    let text = VALID.replace('\n', "\r\n");
    pest_accepts(&text);
    agrees(&text);
}

#[test]
fn byte_order_marks_and_ideographic_spaces_are_blanks() {
    let text = "\u{FEFF}spec\u{3000}\"a\"\u{FEFF}version\t\"1\"\u{3000}\n\u{FEFF}# c\u{FEFF}\n\
                action\u{FEFF}x\u{3000}\"y\"";
    assert_eq!(pest_accepts(text).items.len(), 2);
    agrees(text);
}

#[test]
fn other_unicode_spaces_are_not_blanks() {
    for blank in [
        '\u{A0}', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2003}', '\u{200B}',
    ] {
        let text = format!("spec{blank}\"a\"");
        pest_rejects(&text);
        agrees(&text);
        let text = format!("spec \"a\"{blank}");
        pest_rejects(&text);
        agrees(&text);
    }
}

#[test]
fn keywords_are_compared_values() {
    for text in [
        "article 1 \"x\" when a = say say \"y\"",
        "article 1 \"x\" when a = and and b != or say \"y\"",
        "never a in {in, not, and, segment,}",
        "never segment not in {article}",
        "article 1 \"x\" case when a = when say \"y\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
}

#[test]
fn a_condition_missing_its_value() {
    for text in [
        "article 1 \"x\" when a = say \"y\"",
        "never a =",
        "never a = b and",
        "never a = b and say",
        "never a not {x}",
        "never a ! = b",
        "never a in {}",
        "never a in {,}",
        "never = b",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn keyword_prefixes_and_extensions_are_names() {
    let text = "action inx \"a\"\naction actions \"b\"\naction order \"c\"\naction notes \"d\"\n\
                action i \"e\"\naction segments \"f\"\naction no \"g\"\naction when_ \"h\"\n\
                action spec2 \"i\"\naction say· \"j\"\naction _ \"k\"\naction 原因 \"l\"\n\
                action e\u{301} \"m\"\naction 々 \"n\"\naction 〇 \"o\"";
    assert_eq!(pest_accepts(text).items.len(), 15);
    agrees(text);
}

#[test]
fn keywords_are_not_names() {
    for text in [
        "action in \"a\"",
        "segment segment \"x\"",
        "article 1 \"x\" say \"{say}\"",
        "article 1 \"x\" act or",
        "slot x: enum \"l\"",
        "action 1x \"a\"",
        "action \u{301}x \"a\"",
        "action ½ \"a\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn a_keyword_touching_a_name_character() {
    for text in [
        "article 1 \"x\" in原因",
        "article 1 \"x\" say\u{301}\"y\"",
        "article1 \"x\"",
        "article 1 \"x\" sayy \"y\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
    for text in [
        "article 1 \"x\" in 原因",
        "article 45\"x\"say\"y\"or act z",
        "never a in{b}",
        "article 1 \"x\" when a not in{b}say\"y\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
}

#[test]
fn a_number_may_touch_the_keyword_after_it() {
    let text = "slot n: number \"n\" example 30note \"x\" example 2.5unit \"u\"";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn ranges_and_type_arguments() {
    for text in [
        "slot n: number(1..5, 1..=60, ..5, 3.., -2..-1, .., ..=, 2.5..=3.5) \"n\"",
        "slot n: number(1 ..= 5, 1 .. 2) \"n\"",
        "slot n: number(1 # c\n..=\n# d\n60) \"n\"",
        "slot n: number() \"n\"",
        "slot n: number ( ) \"n\"",
        "slot d: duration(minute, hour) \"d\"",
        "slot x: named(a, 1, 2..3, -0, 01, 1.50) \"x\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
    for text in [
        "slot n: number(1.. =5) \"n\"",
        "slot n: number(1...5) \"n\"",
        "slot n: number(1.) \"n\"",
        "slot n: number(.5) \"n\"",
        "slot n: number(a,) \"n\"",
        "slot n: number(- 1) \"n\"",
        "slot n: number(1..5..6) \"n\"",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn numbers_beyond_u32_and_with_leading_zeros() {
    let text = "article 4294967296 \"x\"\nchapter 99999999999999999999 \"y\"\n\
                section 4294967295 \"z\"\narticle 007 \"w\"";
    let tree = pest_accepts(text);
    assert_eq!(article(&tree, 0).number, u32::MAX);
    assert_eq!(article(&tree, 3).number, 7);
    agrees(text);
    let long = "9".repeat(400);
    let text = format!("slot n: number(-{long}..{long}) \"n\" example {long}.{long}");
    pest_accepts(&text);
    agrees(&text);
    for text in ["article -1 \"x\"", "chapter 2.5 \"x\"", "section 1. \"x\""] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn repeated_article_attributes() {
    let text = "article 1 \"x\" in a in b when c = d when e = f incomplete \"1\" \
                incomplete \"2\" general for g general for h, i\n  say \"y\"";
    let tree = pest_accepts(text);
    let decision = article(&tree, 0).decision.as_ref().expect("a decision");
    assert_eq!(decision.text(text), "b");
    agrees(text);
}

#[test]
fn attributes_after_the_body_and_dangling_commas() {
    for text in [
        "article 1 \"x\" say \"a\" when b = c",
        "article 1 \"x\" general for a, say \"y\"",
        "decision d \"x\" over a,",
        "fact f \"x\" { a \"A\" b \"B\" }",
        "fact f \"x\" {,}",
    ] {
        pest_rejects(text);
        agrees(text);
    }
}

#[test]
fn segment_as_subject_and_segments_as_a_name() {
    let text = "decision d \"x\" over segment, segments\n\
                never segment = a and segments != b\n\
                decision e \"y\" over f,\nsegment\n";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn empty_blank_and_comment_only_files() {
    for text in [
        "",
        "  \n\t",
        "\u{FEFF}",
        "# only",
        "# only\n\n# two\r\n",
        "\r\n#\r#",
    ] {
        let (tree, diagnostics, verdict) = reference(text);
        assert_eq!(verdict, Verdict::Accepted);
        assert!(tree.items.is_empty());
        assert!(diagnostics.iter().all(|d| d.code == Code::E0004));
        agrees(text);
    }
}

#[test]
fn a_comment_inside_a_declaration() {
    let text = "spec \"a\" # c\n version \"1\"\nspec \"b\" # d\n";
    let tree = pest_accepts(text);
    assert!(spanned(text, tree.items[0].span()).ends_with("\"1\""));
    assert!(spanned(text, tree.items[1].span()).ends_with("\"b\""));
    agrees(text);
}

#[test]
fn comments_between_every_two_tokens() {
    let text = "article # a\n 1 # b\n \"x\" # c\n when # d\n a # e\n not # f\n in # g\n \
                { # h\n b # i\n , # j\n } # k\n say # l\n \"y\" # m\n or # n\n act # o\n z # p";
    let tree = pest_accepts(text);
    assert_eq!(tree.comments.len(), 16);
    agrees(text);
    let text = "fact # a\n f # b\n \"x\" # c\n { # d\n a # e\n \"A\" # f\n , # g\n } # h\n\
                slot # i\n s # j\n : # k\n number # l\n ( # m\n 1 # n\n .. # o\n ) # p\n \"l\" # q\n";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn a_hash_inside_quotes_is_not_a_comment() {
    for text in [
        "spec \"a # b\" version \"#\"",
        "article 1 \"#\" say \"# {x ? # | b} [#|#]\"",
        "# \"unterminated\nspec \"a\"",
        "# {\nspec \"a\" # [\n",
    ] {
        pest_accepts(text);
        agrees(text);
    }
}

#[test]
fn phrase_texts_keep_their_spaces() {
    let text = "article 1 \"x\" say \"  a  \u{3000}\" say \"\" say \"a{b}[c|d]e\\{\"";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn utterance_chains_cases_steps_and_guidance() {
    let text = "article 1 \"x\" act a or say \"b\" or act c say \"d\"\n\
                case when a = b say \"c\" case \"l\" when a = b act d\n\
                step say \"e\" step \"l\" when a != b and c in {d} say \"f\" or act g\n\
                guidance \"g\"";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn value_lists() {
    let text = "fact f \"x\" {}\nfact g \"y\" { a \"A\", }\nslot s: enum{} \"l\"\n\
                slot t: enum { m \"男\", f \"女\", } \"性别\" note \"n\" unit \"u\" example \"e\"";
    pest_accepts(text);
    agrees(text);
}

#[test]
fn a_file_ending_inside_an_article_or_a_comment() {
    for text in [
        "article 1 \"x\"",
        "spec \"a\" # end",
        "article 1 \"x\" say \"y\"#",
    ] {
        pest_accepts(text);
        agrees(text);
    }
}

#[test]
fn comments_where_an_optional_part_is_tried_and_missing() {
    let text = "spec \"a\" # c1\n\
                section 1 \"t\" # c2\n for x\n\
                slot s: t # c3\n \"l\" # c4\n note \"n\" # c5\n\
                slot u: t ( # c6\n ) \"l\"\n\
                never a = b # c7\n and c = d # c8\n because \"r\" # c9\n\
                decision d \"x\" over a # c10\n , b # c11\n\
                fact f \"x\" { a \"A\" # c12\n , # c13\n }\n\
                article 1 \"x\" # c14\n in d # c15\n say \"y\" # c16\n or act z # c17\n\
                  step \"s\" # c18\n when a = b # c19\n say \"w\" # c20\n";
    let tree = pest_accepts(text);
    assert_eq!(tree.comments.len(), 20);
    for item in &tree.items {
        let item_text = spanned(text, item.span());
        let last_line = item_text.lines().last().unwrap_or_default();
        assert!(!item_text.ends_with(char::is_whitespace), "{item_text:?}");
        assert!(!last_line.contains('#'), "{item_text:?}");
    }
    agrees(text);
}

/// In production a large file is cut at declaration lines (after `\n`, `\r\n` or a lone `\r`)
/// and each part read at its offset.
#[test]
fn a_file_cut_in_parts_reads_the_same() {
    let text = "spec \"a\" # c\r\
                segment s \"甲\"\r\n\
                # 注释 article 9\n\
                article 1 \"x\" when a = b\r  say \"y\"\r\n\
                decision d \"决\" over f,\nsegment\n\
                article 2 \"z\" # 行尾\r\
                article 3 \"w\"";
    let setup = Setup {
        read: parse_descent,
        threads: &[
            Threads::One,
            Threads::Exactly(2),
            Threads::Exactly(3),
            Threads::Exactly(5),
            Threads::Exactly(8),
        ],
    };
    pest_accepts(text);
    if let Err(disagreement) = compare_with(text, setup) {
        panic!("{:?}\n{}", disagreement.kind, disagreement.detail);
    }
}

#[test]
fn segment_choices_parse_alike() {
    for text in [
        "article 1 \"x\" say \"{segment}\"",
        "article 1 \"x\" say \"{segment ? a: 贵单位 | 您}\"",
        "article 1 \"x\" say \"{ segment?a:b|c: d|}\"",
        "article 1 \"x\" say \"[{segment ? 甲 | 乙}|丙]\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
    for text in [
        "article 1 \"x\" say \"{segments ? a}\"",
        "article 1 \"x\" say \"{segment_x}\"",
    ] {
        agrees(text);
    }
    pest_rejects("article 1 \"x\" say \"{say ? a}\"");
    agrees("article 1 \"x\" say \"{say ? a}\"");
}

#[test]
fn unit_lists_parse_alike() {
    for text in [
        "slot h: number \"时限\" unit \"小时\" | \"工作日\"",
        "slot h: number \"时限\" unit \"小时\"|\"工作日\" | \"个工作日\" example \"3小时\"",
        "slot h: number \"时限\" unit \"小时\" # 注释\n | \"天\"",
    ] {
        pest_accepts(text);
        agrees(text);
    }
    for text in [
        "slot h: number \"x\" unit \"a\" |",
        "slot h: number \"x\" unit | \"a\"",
    ] {
        agrees(text);
    }
}
