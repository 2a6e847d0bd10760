//! The semantic diff sees every change issue 15 lists as missed: a fact's values, segments,
//! actions, an article's title, a step's or a case's condition — each with its impact.

use phrasec::diff::{Change, Impact, diff};

use crate::support::rules::bundled_rules;

/// The diff of the bundled rules against themselves with `old` replaced by `new` in `file`.
fn diff_after(file: &str, old: &str, new: &str) -> phrasec::diff::DiffReport {
    let (before, after) = compiled(file, old, new);
    diff(&before.model, &after.model)
}

/// The bundled rules, and the same with `old` replaced by `new` in `file`, compiled.
fn compiled(file: &str, old: &str, new: &str) -> (phrasec::Compilation, phrasec::Compilation) {
    let before = bundled_rules();
    let mut after = before.clone();
    let input = after
        .iter_mut()
        .find(|input| input.name.ends_with(file))
        .expect("the rule file");
    let text = String::from_utf8(input.bytes.clone()).expect("UTF-8");
    assert_eq!(text.matches(old).count(), 1, "`{old}` once in {file}");
    input.bytes = text.replacen(old, new, 1).into_bytes();
    let old_compilation = phrasec::compile(&before);
    let new_compilation = phrasec::compile(&after);
    assert!(
        !new_compilation.has_errors(),
        "{:#?}",
        new_compilation.diagnostics
    );
    (old_compilation, new_compilation)
}

/// The entries of one kind, as (impact, message words).
fn declaration_entries(report: &phrasec::diff::DiffReport) -> Vec<(Impact, String)> {
    report
        .entries
        .iter()
        .filter_map(|entry| match &entry.change {
            Change::DeclarationChanged {
                declaration,
                detail,
            } => Some((entry.impact, format!("{declaration}: {detail}"))),
            _ => None,
        })
        .collect()
}

fn article_entries(report: &phrasec::diff::DiffReport) -> Vec<(Impact, u32, String)> {
    report
        .entries
        .iter()
        .filter_map(|entry| match &entry.change {
            Change::ArticleChanged { article, part, .. } => {
                Some((entry.impact, *article, part.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_bundled_rules_against_themselves_have_no_changes() {
    let rules = bundled_rules();
    let compilation = phrasec::compile(&rules);
    assert!(diff(&compilation.model, &compilation.model).is_empty());
}

#[test]
fn a_value_added_to_a_fact_breaks_callers() {
    let report = diff_after(
        "00-declarations.phr",
        "  third_party \"第三方原因\",\n",
        "  third_party \"第三方原因\",\n  weather \"天气原因\",\n",
    );
    assert!(report.has_breaking());
    assert!(
        declaration_entries(&report).contains(&(
            Impact::Breaking,
            "fact `cause`: value `weather` added".to_owned()
        )),
        "{report:#?}"
    );
}

#[test]
fn a_value_removed_from_a_fact_breaks_callers() {
    let (bundled, with_weather) = compiled(
        "00-declarations.phr",
        "  third_party \"第三方原因\",\n",
        "  third_party \"第三方原因\",\n  weather \"天气原因\",\n",
    );
    // From the rules with `weather` back to the bundled ones.
    let report = diff(&with_weather.model, &bundled.model);
    assert!(report.has_breaking());
    assert!(
        declaration_entries(&report).contains(&(
            Impact::Breaking,
            "fact `cause`: value `weather` removed".to_owned()
        )),
        "{report:#?}"
    );
}

#[test]
fn a_segment_and_an_action_added_are_breaking() {
    let report = diff_after(
        "00-declarations.phr",
        "segment household \"家庭及个人客户群\"\n",
        "segment household \"家庭及个人客户群\"\nsegment vip \"贵宾客户群\"\n",
    );
    assert!(
        declaration_entries(&report)
            .contains(&(Impact::Breaking, "segment `vip`: added".to_owned()))
    );
    let report = diff_after(
        "00-declarations.phr",
        "action stay_silent \"保持沉默\"\n",
        "action stay_silent \"保持沉默\"\naction call_back \"回拨\"\n",
    );
    assert!(
        declaration_entries(&report).iter().any(
            |(impact, text)| *impact == Impact::Breaking && text == "action `call_back`: added"
        ),
        "{report:#?}"
    );
}

#[test]
fn a_title_a_step_condition_and_a_case_condition_are_seen() {
    let report = diff_after(
        "10-call-handling.phr",
        "article 30 \"通话过程中发现电话听不清楚\"",
        "article 30 \"通话中听不清楚\"",
    );
    assert_eq!(
        article_entries(&report),
        [(Impact::Documentation, 30, "title".to_owned())]
    );
    let report = diff_after(
        "10-call-handling.phr",
        "  step when mandarin = still_failed\n",
        "  step when mandarin != still_failed\n",
    );
    assert!(
        report
            .entries
            .iter()
            .all(|entry| entry.impact != Impact::Documentation)
    );
    assert_eq!(
        article_entries(&report),
        [(Impact::Wording, 32, "condition of step 2".to_owned())]
    );
    let report = diff_after(
        "31-enterprise.phr",
        "  case \"设备安装时限长\" when delay = installation\n",
        "  case \"设备安装时限长\" when delay = installation and segment = enterprise\n",
    );
    assert!(
        article_entries(&report)
            .iter()
            .any(|(impact, _, part)| *impact == Impact::Selection && part == "condition of case 1"),
        "{report:#?}"
    );
}

/// Guidance is read by staff, never said: a change to it is one `documentation` entry, not a
/// changed phrase.
#[test]
fn a_guidance_change_is_documentation_and_not_a_phrase() {
    let report = diff_after(
        "20-fault-handling.phr",
        "主要包括故障原因解释",
        "主要包括故障原因的解释",
    );
    assert_eq!(report.entries.len(), 1, "{report:#?}");
    assert_eq!(report.entries[0].impact, Impact::Documentation);
    assert!(matches!(
        &report.entries[0].change,
        Change::ArticleChanged { part, .. } if part == "guidance 1"
    ));
}

/// A slot's label is read (in documentation and in placeholders), never heard: changing it is
/// one `documentation` entry, not a changed phrase of every article that uses the slot.
#[test]
fn a_slot_label_change_is_documentation() {
    let report = diff_after(
        "00-declarations.phr",
        "slot product: text \"业务名称\"",
        "slot product: text \"产品名称\"",
    );
    assert_eq!(report.entries.len(), 1, "{report:#?}");
    assert_eq!(report.entries[0].impact, Impact::Documentation);
    assert_eq!(
        declaration_entries(&report),
        [(
            Impact::Documentation,
            "slot `product`: label changed from `业务名称` to `产品名称`".to_owned()
        )]
    );
}

/// Found by the property test over pairs of edits: with a slot's label changed, a moved
/// article whose phrases use the slot was taken for another article (removed and added): its
/// phrases were compared with the labels. It is one renumbering.
#[test]
fn a_moved_article_stays_one_article_when_a_slot_label_changes() {
    let rules = bundled_rules();
    let mut edited = rules.clone();
    for input in &mut edited {
        let text = String::from_utf8(input.bytes.clone()).expect("UTF-8");
        let text = text
            .replace(
                "slot customer_name: person \"客户姓氏\"",
                "slot customer_name: person \"客户的姓氏\"",
            )
            .replace("article 59 \"", "article 959 \"");
        input.bytes = text.into_bytes();
    }
    let (before, after) = (phrasec::compile(&rules), phrasec::compile(&edited));
    assert!(!after.has_errors(), "{:#?}", after.diagnostics);
    let report = diff(&before.model, &after.model);
    assert!(
        report.entries.iter().any(|e| matches!(
            e.change,
            Change::ArticleRenumbered {
                old: 59,
                new: 959,
                ..
            }
        )),
        "{report:#?}"
    );
    assert!(
        !report.entries.iter().any(|e| matches!(
            e.change,
            Change::ArticleRemoved { .. } | Change::ArticleAdded { .. }
        )),
        "{report:#?}"
    );
}
