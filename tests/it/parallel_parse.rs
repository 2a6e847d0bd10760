//! Parsing a file in parts on several threads gives exactly what parsing it on one thread
//! gives: the same syntax tree (spans included), the same comments, the same diagnostics.

use phrasec::source::FileId;
use phrasec::syntax::{Threads, parse_with};
use proptest::prelude::*;

use crate::support::corpus;

fn assert_same_in_parts(text: &str, parts: &[usize]) {
    let one = parse_with(FileId(0), text, Threads::One);
    for &count in parts {
        let split = parse_with(FileId(0), text, Threads::Exactly(count));
        assert!(split.0 == one.0, "syntax trees differ in {count} parts");
        assert_eq!(split.1, one.1, "diagnostics differ in {count} parts");
    }
}

#[test]
fn generated_corpus_in_parts() {
    let text = corpus::generate(1_000, corpus::SEED);
    let (file, diagnostics) = parse_with(FileId(0), &text, Threads::One);
    assert!(diagnostics.is_empty());
    assert!(file.items.len() > 1_000 && !file.comments.is_empty());
    assert_same_in_parts(&text, &[2, 3, 5, 8, 64]);
}

#[test]
fn bundled_rules_in_parts() {
    for entry in std::fs::read_dir("rules").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_same_in_parts(&text, &[2, 3, 4, 6, 100]);
    }
}

/// `segment` is the one top-level keyword that may stand inside a declaration (as a subject);
/// a cut before it leaves the part before it incomplete, so parsing falls back to one piece.
#[test]
fn a_line_starting_with_segment_inside_a_declaration() {
    let text = "segment a \"甲\"\nfact f \"事\" { x \"叉\" }\n\
                decision d \"决\" over f,\nsegment\n\
                never f = x and\nsegment = a\n\
                article 1 \"一\" in d when\n  segment = a\n  say \"好\"\n\
                article 2 \"二\" in d when f = x and\nsegment != a\n  say \"好\"\n";
    let (file, diagnostics) = parse_with(FileId(0), text, Threads::One);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(file.items.len(), 6);
    assert_same_in_parts(text, &[2, 3, 4, 5, 6, 7, 8, 20]);
}

#[test]
fn files_with_syntax_errors_in_parts() {
    let text = "spec \"a\"\narticle 1 \"x\"\n  say \"没有结尾\narticle 2 \"y\" when\n\
                article 3 \"z\"\n  say \"好\"\nsegment\n";
    let (_, diagnostics) = parse_with(FileId(0), text, Threads::One);
    assert!(diagnostics.len() >= 2, "{diagnostics:?}");
    assert_same_in_parts(text, &[2, 3, 4, 8]);
}

/// Declarations, some broken over lines before `segment` or before other keywords, some
/// invalid, in any order.
const FRAGMENTS: &[&str] = &[
    "segment a \"甲\"",
    "segment b \"乙\"",
    "fact f \"事\" { x \"叉\", y \"歪\" }",
    "decision d \"决\" over f,\nsegment",
    "decision e \"定\" over\nsegment",
    "never f = x and\nsegment = a",
    "article 1 \"一\" in d when f = x\n  say \"您好，[对不起|抱歉]\"",
    "article 2 \"二\" when\nsegment = b\n  say \"好\" or act stay",
    "# 注释 article 3\narticle 3 \"三\"\n  case \"甲\" when f = y say \"嗯\"",
    "action stay \"沉默\"",
    "section 1 \"节\"\nfor a",
    "section 2 \"节\" for\nsegment",
    "article 4 \"四\"\n  say \"未完",
    "chapter 3 \"章\"",
    "slot n: number(1..=5) \"次数\"\n  example 2",
    "",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_declarations_in_parts(
        picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..24),
        separators in proptest::collection::vec(prop_oneof!["\n", "\r\n", "\r", "\n\n  "], 24),
        parts in 2usize..9,
    ) {
        let mut text = String::new();
        for (pick, separator) in picks.iter().zip(&separators) {
            text.push_str(FRAGMENTS[*pick]);
            text.push_str(separator);
        }
        let one = parse_with(FileId(0), &text, Threads::One);
        let split = parse_with(FileId(0), &text, Threads::Exactly(parts));
        prop_assert!(split.0 == one.0, "syntax trees differ");
        prop_assert_eq!(split.1, one.1);
    }
}

/// The bundled rules padded with a comment past the size at which a file is parsed on several
/// threads and the checks and lints run side by side: every diagnostic (checks and lints, with
/// their spans) is the same as without.
#[test]
fn large_rule_sets_get_the_same_diagnostics() {
    let mut paths: Vec<_> = std::fs::read_dir("rules")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    let inputs: Vec<phrasec::Input> = paths
        .iter()
        .map(|path| phrasec::Input {
            name: path.display().to_string(),
            bytes: std::fs::read(path).unwrap(),
        })
        .collect();
    let mut padded = inputs.clone();
    let last = padded.last_mut().unwrap();
    last.bytes.extend_from_slice(b"\n");
    for _ in 0..(phrasec::syntax::PARALLEL_MIN_BYTES / 40 + 1) {
        last.bytes
            .extend_from_slice("# 填充注释，使规则集超过并行阈值。\n".as_bytes());
    }
    let small = phrasec::compile(&inputs);
    let large = phrasec::compile(&padded);
    assert!(
        padded.iter().map(|input| input.bytes.len()).sum::<usize>()
            >= phrasec::syntax::PARALLEL_MIN_BYTES
    );
    assert!(
        !small.diagnostics.is_empty(),
        "the bundled rules have warnings to compare"
    );
    assert_eq!(small.diagnostics, large.diagnostics);
}

/// A whole compilation (files parsed, articles resolved, checks and decisions run side by side
/// on rayon's threads) gives the same diagnostics, in the same order, and the same JSON on one
/// thread as on several.
#[test]
fn a_compilation_does_not_depend_on_the_number_of_threads() {
    let mut inputs: Vec<phrasec::Input> = ["a.phr", "b.phr", "c.phr"]
        .iter()
        .enumerate()
        .map(|(idx, name)| phrasec::Input {
            name: (*name).to_owned(),
            bytes: corpus::generate(300, corpus::SEED + idx as u64).into_bytes(),
        })
        .collect();
    // Errors and warnings from every pass: a duplicate article, an unknown name.
    inputs[1]
        .bytes
        .extend_from_slice("\narticle 1 \"重复\" say \"{nobody}\"\n".as_bytes());
    let on_threads = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        pool.install(|| {
            let compilation = phrasec::compile(&inputs);
            let document = phrasec::emit::json::document(&compilation.model, &compilation.sources);
            let json = phrasec::emit::json::to_json(&document);
            (compilation.diagnostics, json)
        })
    };
    let (one, one_json) = on_threads(1);
    assert!(one.len() > 3, "{one:#?}");
    for threads in [2, 4] {
        let (many, many_json) = on_threads(threads);
        assert_eq!(one, many, "{threads} threads");
        assert_eq!(one_json, many_json, "{threads} threads");
    }
}
