//! Issue 13 item 8: the cost of small adversarial inputs stays bounded. Each test asserts the
//! bound structurally (bytes per printed diagnostic, diagnostics printed, W0205 present, diff
//! size), never by timing; `benches/stress.rs` measures the growth.

use phrasec::diagnostics::{
    Code, Coloring, Diagnostic, MAX_PER_CODE, OutputFormat, cap_per_code_at, render_diagnostics,
    write_diagnostics,
};
use phrasec::{Compilation, compile_str};

use crate::support::adversarial;

use adversarial::{
    Edit, SEED, comma_phrase, long_condition, long_phrase_pair, overlapping_decision,
    segment_specific_decision,
};

fn human(compilation: &Compilation) -> String {
    render_diagnostics(
        &compilation.sources,
        &compilation.diagnostics,
        OutputFormat::Human,
        Coloring::Plain,
    )
}

fn count(diagnostics: &[Diagnostic], code: Code) -> usize {
    diagnostics.iter().filter(|d| d.code == code).count()
}

/// Human diagnostics printed (one header line each).
fn printed(text: &str) -> usize {
    text.lines()
        .filter(|line| line.starts_with("warning[") || line.starts_with("error["))
        .count()
}

#[test]
fn a_long_line_of_diagnostics_prints_clipped_and_capped() {
    let source = comma_phrase(32_000);
    let compilation = compile_str("commas.phr", &source);
    assert_eq!(count(&compilation.diagnostics, Code::W0301), 8_000);
    let text = human(&compilation);
    assert_eq!(printed(&text), MAX_PER_CODE);
    // Each diagnostic shows a window of the 32 KB line, not the line.
    assert!(
        text.len() < MAX_PER_CODE * 1_000,
        "{} bytes for {MAX_PER_CODE} diagnostics",
        text.len()
    );
    assert!(text.contains("and 7900 more `W0301` diagnostics not shown"));
    assert!(
        text.contains("4 │ ...,好,好,"),
        "the window starts with `...`"
    );
}

#[test]
fn a_clipped_line_keeps_the_true_columns() {
    // The 100th comma on line 4 is at character column 7 + 2 × 100.
    let source = comma_phrase(1_000);
    let compilation = compile_str("commas.phr", &source);
    let text = human(&compilation);
    let concise = render_diagnostics(
        &compilation.sources,
        &compilation.diagnostics,
        OutputFormat::Concise,
        Coloring::Plain,
    );
    assert!(concise.contains("commas.phr:4:207:"));
    let block = text
        .split("\n\n")
        .find(|block| block.contains("commas.phr:4:207"))
        .expect("the 100th comma is printed");
    let source_line = block
        .lines()
        .find(|line| line.starts_with("4 │"))
        .expect("source line");
    let caret_line = block
        .lines()
        .find(|line| line.contains('^'))
        .expect("caret line");
    // The caret points at a comma of the clipped line (CJK characters are two columns wide).
    let caret_width = caret_line.find('^').expect("caret");
    let prefix_width: usize = caret_line[..caret_width]
        .chars()
        .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
        .sum();
    let mut column_width = 0;
    let pointed = source_line
        .chars()
        .find(|&c| {
            let at = column_width;
            column_width += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            at == prefix_width
        })
        .expect("a character under the caret");
    assert_eq!(pointed, ',');
}

#[test]
fn a_long_condition_prints_a_bounded_amount() {
    // 80,000 tests (800 KB): checking each test against the others took 18 s.
    let source = long_condition(80_000);
    let compilation = compile_str("condition.phr", &source);
    assert_eq!(count(&compilation.diagnostics, Code::W0204), 80_000);
    let text = human(&compilation);
    assert_eq!(printed(&text), MAX_PER_CODE);
    assert!(text.len() < MAX_PER_CODE * 1_000, "{} bytes", text.len());
}

#[test]
fn every_format_streams_what_it_renders() {
    let source = comma_phrase(2_000);
    let compilation = compile_str("commas.phr", &source);
    for format in OutputFormat::ALL {
        let mut written: Vec<u8> = Vec::new();
        write_diagnostics(
            &mut written,
            &compilation.sources,
            &compilation.diagnostics,
            format,
            Coloring::Plain,
        )
        .expect("a Vec takes every write");
        let rendered = render_diagnostics(
            &compilation.sources,
            &compilation.diagnostics,
            format,
            Coloring::Plain,
        );
        assert_eq!(String::from_utf8(written).expect("utf-8"), rendered);
    }
    // The JSON array is the one `serde_json::to_string_pretty` gives, and capped.
    let json = render_diagnostics(
        &compilation.sources,
        &compilation.diagnostics,
        OutputFormat::Json,
        Coloring::Plain,
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let items = value.as_array().expect("an array");
    assert_eq!(items.len(), MAX_PER_CODE);
    assert_eq!(
        json,
        serde_json::to_string_pretty(&value).expect("serialises") + "\n"
    );
}

#[test]
fn the_cap_keeps_order_and_says_how_many_more() {
    let source = comma_phrase(40);
    let compilation = compile_str("commas.phr", &source);
    let total = count(&compilation.diagnostics, Code::W0301);
    assert_eq!(total, 10);
    let capped = cap_per_code_at(&compilation.diagnostics, 4);
    let kept: Vec<&Diagnostic> = capped.iter().filter(|d| d.code == Code::W0301).collect();
    assert_eq!(kept.len(), 4);
    let first_four: Vec<&Diagnostic> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::W0301)
        .take(4)
        .collect();
    for (kept, original) in kept.iter().zip(&first_four) {
        assert_eq!(kept.labels, original.labels);
    }
    assert!(kept[3].notes.iter().any(|note| note.contains("and 6 more")));
    assert!(kept[..3].iter().all(|d| d.notes == first_four[0].notes));
    // Under the cap, nothing changes.
    assert_eq!(
        &*cap_per_code_at(&compilation.diagnostics, 10),
        &compilation.diagnostics[..]
    );
}

fn check_overlapping(facts: usize, articles: usize) -> Compilation {
    let source = overlapping_decision(facts, 4, articles, SEED);
    compile_str("overlap.phr", &source)
}

#[test]
fn a_decision_with_many_overlaps_is_capped_and_says_what_was_checked() {
    for (facts, articles) in [(30, 90), (300, 900)] {
        let compilation = check_overlapping(facts, articles);
        let diagnostics = &compilation.diagnostics;
        assert_eq!(count(diagnostics, Code::W0205), 1, "{facts} facts");
        let w0205 = diagnostics
            .iter()
            .find(|d| d.code == Code::W0205)
            .expect("W0205");
        assert!(w0205.notes.iter().any(|n| n.starts_with("checked:")));
        assert!(w0205.notes.iter().any(|n| n.starts_with("not checked:")));
        let overlaps = count(diagnostics, Code::E0203);
        assert_eq!(overlaps, phrasec::check::decisions::MAX_PER_DECISION);
        assert!(
            diagnostics
                .iter()
                .filter(|d| d.code == Code::E0203)
                .any(|d| d.notes.iter().any(|n| n.contains("more overlaps")))
        );
        // No overlap diagnostic marks more than a few articles.
        assert!(
            diagnostics
                .iter()
                .all(|d| d.labels.len() <= phrasec::check::decisions::MAX_WITNESSES)
        );
        assert!(human(&compilation).len() < 400 * facts * 20);
    }
}

#[test]
fn a_small_decision_is_still_checked_completely() {
    let compilation = check_overlapping(3, 6);
    assert_eq!(count(&compilation.diagnostics, Code::W0205), 0);
}

#[test]
fn a_long_phrase_diff_stays_linear() {
    // Rewritten entirely, 80,000 characters took 24 s.
    for chars in [20_000, 80_000] {
        let (old, new) = long_phrase_pair(chars, Edit::Rewritten, SEED);
        let old = compile_str("old.phr", &old);
        let new = compile_str("new.phr", &new);
        let report = phrasec::diff::diff(&old.model, &new.model);
        let text = phrasec::diff::render::render(
            &report,
            phrasec::diff::render::DiffFormat::Human,
            Coloring::Plain,
        );
        // Both texts once, with marks: linear in the phrase.
        assert!(text.len() < 2 * 3 * (chars + 100) + 1_000, "{}", text.len());
        assert!(text.contains("[-") && text.contains("{+"));
    }
}

/// Joins the runs of `changes` that `keep` keeps.
fn joined(changes: &[(similar::ChangeTag, &str)], keep: similar::ChangeTag) -> String {
    changes
        .iter()
        .filter(|(tag, _)| *tag == similar::ChangeTag::Equal || *tag == keep)
        .map(|(_, text)| *text)
        .collect()
}

#[test]
fn the_bounded_char_diff_rebuilds_both_texts() {
    for (chars, edit) in [
        (100, Edit::Sprinkled),
        (3_000, Edit::Sprinkled),
        (20_000, Edit::Sprinkled),
        (20_000, Edit::Rewritten),
    ] {
        let (old, new) = long_phrase_pair(chars, edit, SEED);
        let changes = phrasec::text_diff::char_changes(&old, &new);
        assert_eq!(joined(&changes, similar::ChangeTag::Delete), old);
        assert_eq!(joined(&changes, similar::ChangeTag::Insert), new);
        // The common prefix (the header and the first characters) is never marked.
        assert_eq!(changes[0].0, similar::ChangeTag::Equal);
    }
}

#[test]
fn the_bounded_line_diff_lists_every_changed_line() {
    let old: String = (0..6_000).map(|n| format!("line {n}\n")).collect();
    let new: String = (0..6_000)
        .map(|n| {
            if n % 2 == 0 {
                format!("LINE {n}\n")
            } else {
                format!("line {n}\n")
            }
        })
        .collect();
    let diff = phrasec::text_diff::unified_line_diff(&old, &new, "a.phr", "a.phr (formatted)");
    assert!(diff.starts_with("--- a.phr\n+++ a.phr (formatted)\n@@ -1,"));
    assert_eq!(
        diff.lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        3_000
    );
    // Unchanged lines between anchors are context, not replaced.
    assert!(!diff.contains("+line 1\n") && !diff.contains("-line 1\n"));
    assert!(diff.contains("+LINE 0\n") && diff.contains("-line 0\n"));
    assert!(diff.len() < 3 * (old.len() + new.len()));
    // Short texts: exactly `similar`'s unified diff.
    let short = phrasec::text_diff::unified_line_diff("a\nb\n", "a\nc\n", "x", "y");
    let expected = similar::TextDiff::from_lines("a\nb\n", "a\nc\n")
        .unified_diff()
        .header("x", "y")
        .to_string();
    assert_eq!(short, expected);
}

#[test]
fn a_label_across_long_lines_is_clipped_on_both_ends() {
    use phrasec::source::{SourceFile, SourceMap, Span};
    // 40 lines of 2,000 characters; a label from the middle of line 2 to the middle of 39.
    let line = "甲".repeat(2_000);
    let text: String = (0..40).map(|_| format!("{line}\n")).collect();
    let line_bytes = line.len() + 1;
    let mut sources = SourceMap::new();
    let file = sources.add(SourceFile::new("long.phr", text));
    let start = line_bytes + 3 * 1_000;
    let end = 38 * line_bytes + 3 * 1_500;
    let diagnostic = Diagnostic::new(Code::W0301, "spans many long lines")
        .primary(Span::new(file, start, end), "here")
        .secondary(
            Span::new(file, 39 * line_bytes, 39 * line_bytes + 3),
            "and here",
        );
    let text = render_diagnostics(
        &sources,
        std::slice::from_ref(&diagnostic),
        OutputFormat::Human,
        Coloring::Plain,
    );
    assert!(text.contains("┌─ long.phr:2:1001"), "{text}");
    assert!(text.len() < 6_000, "{} bytes:\n{text}", text.len());
    assert!(text.contains("39 │ │ ..."), "{text}");
}

#[test]
fn many_decisions_share_one_total_budget() {
    use phrasec::check::coverage::WORK_BUDGET;
    use phrasec::check::decisions::{MIN_DECISION_BUDGET, TOTAL_WORK_BUDGET, decision_budget};
    assert_eq!(decision_budget(1), WORK_BUDGET);
    assert_eq!(decision_budget(100), TOTAL_WORK_BUDGET / 100);
    assert_eq!(decision_budget(1_000_000), MIN_DECISION_BUDGET);
    // The W0205 of one decision says the budget it had.
    let compilation = check_overlapping(30, 90);
    let w0205 = compilation
        .diagnostics
        .iter()
        .find(|d| d.code == Code::W0205)
        .expect("W0205");
    assert!(
        w0205
            .notes
            .iter()
            .any(|n| n.contains(&format!("({} units)", decision_budget(1))))
    );
}

/// The segment-asymmetry check keeps a bounded number of witnesses, and the diff walks both
/// versions together within the changed articles, listing exactly the cases whose article
/// changes (checked case by case against `render --given`'s choice).
#[test]
fn a_decision_with_many_segment_articles_stays_bounded_and_the_diff_exact() {
    use phrasec::diff::{Change, diff};
    let source = segment_specific_decision(6, 8, SEED);
    let old = compile_str("old.phr", &source);
    assert!(!old.has_errors(), "{}", human(&old));
    assert_eq!(count(&old.diagnostics, Code::W0205), 0, "{}", human(&old));
    assert!(count(&old.diagnostics, Code::W0203) > 0, "{}", human(&old));
    // Every specific article's first test flipped to its other side, one at a time.
    let mut compared = 0;
    for (at, _) in source.match_indices(" != ") {
        let edited = format!("{} = {}", &source[..at], &source[at + " != ".len()..]);
        let new = compile_str("new.phr", &edited);
        if new.has_errors() {
            continue;
        }
        let report = diff(&old.model, &new.model);
        assert!(
            report
                .entries
                .iter()
                .any(|e| matches!(e.change, Change::SituationChanged { .. })),
            "{:#?}",
            report.entries
        );
        crate::support::situations::agree(&old.model, &new.model, &report)
            .unwrap_or_else(|failure| panic!("edit at byte {at}: {failure}"));
        compared += 1;
    }
    assert_eq!(compared, 16);
}
