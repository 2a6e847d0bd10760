//! Issue 15, item 6: the cases of an article are checked like a small decision (W0206 gaps
//! with witnesses and a fix, E0204 overlaps), steps' conditions like articles' (E0202, W0204),
//! a phrase after a step is refused (E0205), and `render` of an article with no case for the
//! asked segment fails (E0306).

use phrasec::compile_str;
use phrasec::diagnostics::{Applicability, Code, Diagnostic};
use phrasec::render::{RenderOptions, render_article};

const HEADER: &str = "spec \"x\" version \"1\"
segment enterprise \"政企客户群\"
segment household \"家庭及个人客户群\"
segment public \"公众客户群\"
fact delay \"时限长的环节\" { installation \"设备安装\", repair \"故障处理\" }
fact abuse \"客户辱骂\" { once \"初次\", persisted \"劝阻无效\" }
";

fn diagnostics(body: &str) -> Vec<Diagnostic> {
    compile_str("cases.phr", &format!("{HEADER}{body}")).diagnostics
}

fn with_code(diagnostics: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.code == code).collect()
}

/// Found: an article whose cases by segment miss a segment passed `check`.
#[test]
fn cases_that_miss_a_segment_are_a_warning_with_the_segment_as_witness() {
    let diagnostics = diagnostics(
        "article 62 \"若客户证实故障未修复\"
  case \"政企\" when segment = enterprise
    say \"非常抱歉。\"
  case \"家庭\" when segment = household
    say \"给您带来了不便。\"
",
    );
    let found = with_code(&diagnostics, Code::W0206);
    assert_eq!(found.len(), 1, "{diagnostics:#?}");
    assert!(
        found[0].message.contains("`segment = public` not covered"),
        "{}",
        found[0].message
    );
    assert!(
        found[0]
            .notes
            .iter()
            .any(|note| note.contains("客户群：公众客户群")),
        "{:?}",
        found[0].notes
    );
    let fix = found[0].fix.as_ref().expect("a fix adding the case");
    assert_eq!(fix.applicability, Applicability::MaybeIncorrect);
    assert_eq!(fix.edits.len(), 1);
    assert_eq!(
        fix.edits[0].replacement,
        "\n  case \"…\" when segment = public\n    say \"…\""
    );
}

/// The fix's skeleton case, once written, makes the warning go away: its condition is exactly
/// the missing situation.
#[test]
fn the_skeleton_case_covers_the_gap() {
    let text = format!(
        "{HEADER}article 58 \"客户抱怨时限长时\"
  when segment = enterprise
  case \"设备安装时限长\" when delay = installation
    say \"非常抱歉。\"
"
    );
    let compilation = compile_str("cases.phr", &text);
    let warning = with_code(&compilation.diagnostics, Code::W0206);
    assert_eq!(warning.len(), 1, "{:#?}", compilation.diagnostics);
    // The article's own condition (segment = enterprise) is not repeated in the witness.
    assert!(
        warning[0].message.contains("`delay = repair` not covered"),
        "{}",
        warning[0].message
    );
    let edit = &warning[0].fix.as_ref().expect("a fix").edits[0];
    let mut fixed = text.clone();
    fixed.replace_range(edit.span.range(), &edit.replacement);
    let fixed = fixed.replace("\"…\"", "\"好的。\"");
    let after = compile_str("cases.phr", &fixed).diagnostics;
    assert!(with_code(&after, Code::W0206).is_empty(), "{after:#?}");
    assert!(!phrasec::diagnostics::has_errors(&after), "{after:#?}");
}

/// Combinations of facts count, and `never` removes what cannot happen.
#[test]
fn fact_combinations_less_never_must_be_covered() {
    let body = "article 58 \"客户抱怨时限长时\"
  case \"安装\" when delay = installation
    say \"非常抱歉。\"
  case \"处理，初次\" when delay = repair and abuse = once
    say \"对不起。\"
";
    let open = diagnostics(body);
    let found = with_code(&open, Code::W0206);
    assert_eq!(found.len(), 1, "{open:#?}");
    assert!(
        found[0]
            .message
            .contains("`delay = repair, abuse = persisted` not covered"),
        "{}",
        found[0].message
    );
    let closed = diagnostics(&format!(
        "never delay = repair and abuse = persisted\n{body}"
    ));
    assert!(with_code(&closed, Code::W0206).is_empty(), "{closed:#?}");
}

/// Found: an article whose cases name one segment twice passed `check`.
#[test]
fn two_cases_for_one_situation_are_an_error() {
    let diagnostics = diagnostics(
        "article 62 \"若客户证实故障未修复\"
  case \"政企\" when segment = enterprise
    say \"非常抱歉。\"
  case \"政企又一\" when segment = enterprise
    say \"对不起。\"
  case \"其他\" when segment in {household, public}
    say \"给您带来了不便。\"
",
    );
    let found = with_code(&diagnostics, Code::E0204);
    assert_eq!(found.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        found[0].message,
        "the cases `政企` and `政企又一` of article 62 both apply when `segment = enterprise`"
    );
    assert!(with_code(&diagnostics, Code::W0206).is_empty());
}

/// Complete, disjoint cases are clean.
#[test]
fn complete_disjoint_cases_are_clean() {
    let diagnostics = diagnostics(
        "article 62 \"若客户证实故障未修复\"
  case \"政企\" when segment = enterprise
    say \"非常抱歉。\"
  case \"其他\" when segment != enterprise
    say \"给您带来了不便。\"
",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

/// Steps' conditions are checked as articles' are: one that can never hold is E0202, a test
/// that always holds W0204.
#[test]
fn step_conditions_are_checked() {
    let diagnostics = diagnostics(
        "article 52 \"客户辱骂运维人员时\"
  step say \"请您文明用语。\"
  step when abuse = persisted and abuse = once
    say \"对不起。\"
  step when abuse in {once, persisted}
    say \"再见。\"
",
    );
    let never = with_code(&diagnostics, Code::E0202);
    assert_eq!(never.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        never[0].message,
        "the condition of step 2 of article 52 can never hold"
    );
    let always = with_code(&diagnostics, Code::W0204);
    assert_eq!(always.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        always[0].message,
        "the test `abuse in {once, persisted}` in step 3 of article 52 always holds"
    );
}

/// Found: `step when abuse = persisted say "…" act hang_up` was accepted with 0 warnings and
/// the `act` became a separate, unconditional item. It is refused now.
#[test]
fn an_action_after_a_conditional_step_is_refused() {
    let diagnostics = diagnostics(
        "action hang_up \"挂断电话\"
article 52 \"客户辱骂运维人员时\"
  step when abuse = persisted say \"对不起，我们将结束通话。\" act hang_up
",
    );
    let found = with_code(&diagnostics, Code::E0205);
    assert_eq!(found.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        found[0].message,
        "`act hang_up` follows a step of article 52 but is not part of it"
    );
    let joined = self::diagnostics(
        "action hang_up \"挂断电话\"
article 52 \"客户辱骂运维人员时\"
  step when abuse = persisted say \"对不起，我们将结束通话。\" or act hang_up
",
    );
    assert!(joined.is_empty(), "{joined:#?}");
}

/// A phrase after a case is refused too; one before the cases is said in every situation.
#[test]
fn a_phrase_after_a_case_is_refused_and_one_before_is_not() {
    let after = diagnostics(
        "article 62 \"若客户证实故障未修复\"
  case \"政企\" when segment = enterprise
    say \"非常抱歉。\"
  case \"其他\" when segment != enterprise
    say \"给您带来了不便。\"
  say \"请您谅解。\"
",
    );
    assert_eq!(with_code(&after, Code::E0205).len(), 1, "{after:#?}");
    let before = diagnostics(
        "article 62 \"若客户证实故障未修复\"
  say \"请您谅解。\"
  case \"政企\" when segment = enterprise
    say \"非常抱歉。\"
  case \"其他\" when segment != enterprise
    say \"给您带来了不便。\"
",
    );
    assert!(with_code(&before, Code::E0205).is_empty(), "{before:#?}");
}

/// Found: `render --segment S` of an article with no case for S printed the title with no
/// phrase and succeeded.
#[test]
fn render_of_an_article_with_no_case_for_the_segment_fails() {
    let compilation = compile_str(
        "cases.phr",
        &format!(
            "{HEADER}article 62 \"若客户证实故障未修复\"
  case \"政企\" when segment = enterprise
    say \"非常抱歉。\"
"
        ),
    );
    let model = &compilation.model;
    let options = |segment: &str| RenderOptions {
        segment: model.segment_by_name(segment),
        ..RenderOptions::default()
    };
    let error = render_article(model, 62, &options("public")).expect_err("no case for `public`");
    assert_eq!(error.code, Code::E0306);
    assert_eq!(
        error.message,
        "no case of article 62 applies to the segment `public`"
    );
    let rendered = render_article(model, 62, &options("enterprise")).expect("a case applies");
    assert_eq!(rendered.lines.len(), 1);
}
