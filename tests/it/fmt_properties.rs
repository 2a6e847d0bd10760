//! The formatter: the canonical layout does not depend on the author's layout, `fmt` is
//! idempotent, keeps every comment and never changes the model (proptest over layout
//! perturbations of the bundled rules and of the language reference's examples).

use phrasec::fmt::format_source;
use proptest::prelude::*;

use crate::support::fuzz;

/// Every rule text the formatter is tried on: the bundled rule files and the reference's
/// complete examples.
fn corpus() -> Vec<String> {
    let mut texts: Vec<String> = std::fs::read_dir("rules")
        .expect("rules/")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "phr"))
        .map(|path| std::fs::read_to_string(path).expect("readable"))
        .collect();
    texts.sort();
    let reference = std::fs::read_to_string("docs/language.md").expect("reference");
    let mut block: Option<String> = None;
    for line in reference.lines() {
        match (&mut block, line) {
            (None, "```phr,check") => block = Some(String::new()),
            (Some(_), "```") => texts.extend(block.take()),
            (Some(code), _) => {
                code.push_str(line);
                code.push('\n');
            }
            (None, _) => {}
        }
    }
    texts
}

/// The model as JSON, without source locations (which move when the layout changes).
fn model_without_locations(text: &str) -> serde_json::Value {
    fuzz::model_without_locations(&phrasec::compile_str("x.phr", text))
}

/// Byte ranges of whitespace between tokens: outside strings, not right after a comment.
fn whitespace_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    let mut run_start: Option<usize> = None;
    for (idx, ch) in text.char_indices() {
        if in_comment {
            if ch == '\n' {
                in_comment = false;
            }
            continue;
        }
        if in_string {
            match (escaped, ch) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        let is_space = matches!(ch, ' ' | '\n');
        match (run_start, is_space) {
            (None, true) => run_start = Some(idx),
            (Some(start), false) => {
                runs.push((start, idx));
                run_start = None;
            }
            _ => {}
        }
        match ch {
            '"' => in_string = true,
            '#' => in_comment = true,
            _ => {}
        }
    }
    runs
}

/// Replaces whitespace runs by other whitespace (never joining a line-based construct:
/// runs holding a line break keep one).
fn perturb(text: &str, choices: &[u8], with_comments: bool) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (idx, (start, end)) in whitespace_runs(text).into_iter().enumerate() {
        out.push_str(&text[last..start]);
        let original = &text[start..end];
        let choice = choices
            .get(idx % choices.len().max(1))
            .copied()
            .unwrap_or(0);
        // The number of line breaks is kept apart from "one" versus "several": blank-line
        // grouping is the author's and survives formatting.
        let blank = original.matches('\n').count() >= 2;
        let replacement = match (original.contains('\n'), blank, choice % 4) {
            (false, _, 0) => " ",
            (false, _, 1) => "   ",
            (false, _, _) => original,
            (true, false, 0) => "\n",
            (true, false, 2) if with_comments => "  # 批注\n",
            (true, false, _) => "\n      ",
            (true, true, 0) => "\n\n",
            (true, true, 1) => "\n  \n\n\n",
            (true, true, _) => "\n\n   ",
        };
        out.push_str(replacement);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

#[test]
fn every_corpus_text_is_formatted_and_the_bundled_rules_are_canonical() {
    let texts = corpus();
    assert!(texts.len() >= 12, "{} texts", texts.len());
    for text in &texts {
        let formatted = format_source(text).expect("formats");
        assert_eq!(format_source(&formatted).expect("formats"), formatted);
        assert_eq!(
            model_without_locations(&formatted),
            model_without_locations(text)
        );
    }
    for entry in std::fs::read_dir("rules").expect("rules/") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("readable");
        assert_eq!(
            format_source(&text).expect("formats"),
            text,
            "{} is not formatted",
            path.display()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn layout_does_not_change_the_canonical_form(
        text_idx in 0usize..64,
        choices in prop::collection::vec(any::<u8>(), 1..40),
    ) {
        let texts = corpus();
        let text = &texts[text_idx % texts.len()];
        let perturbed = perturb(text, &choices, false);
        let expected = format_source(text).expect("formats");
        let formatted = format_source(&perturbed).expect("perturbed text still parses");
        prop_assert_eq!(formatted, expected);
    }

    #[test]
    fn fmt_is_idempotent_keeps_comments_and_the_model(
        text_idx in 0usize..64,
        choices in prop::collection::vec(any::<u8>(), 1..40),
    ) {
        let texts = corpus();
        let text = &texts[text_idx % texts.len()];
        let perturbed = perturb(text, &choices, true);
        let formatted = format_source(&perturbed).expect("formats");
        prop_assert_eq!(&format_source(&formatted).expect("formats"), &formatted);
        prop_assert_eq!(model_without_locations(&formatted), model_without_locations(&perturbed));
        let n_comments = |t: &str| phrasec::syntax::parse(phrasec::source::FileId(0), t).0.comments.len();
        prop_assert_eq!(n_comments(&formatted), n_comments(&perturbed));
    }
}
