//! Exact numbers (issue 15, item 4): number ranges hold exact integers and decimals, an
//! excluded upper end is right for decimals, empty or malformed ranges and duration unit lists
//! are errors, and article, chapter and section numbers too large to hold are errors.

use phrasec::Compilation;
use phrasec::check::values::parse_slot_value;

/// Compiles a rule set with one slot `n` of type `ty`, used by one article.
fn with_slot(ty: &str) -> Compilation {
    phrasec::compile_str(
        "n.phr",
        &format!("spec \"s\"\nslot n: {ty} \"数\"\narticle 1 \"t\"\n  say \"共{{n}}个\"\n"),
    )
}

/// Whether `value` is accepted for the slot `n` of type `ty` (which must compile cleanly).
fn accepts(ty: &str, value: &str) -> bool {
    let compilation = with_slot(ty);
    assert!(
        !compilation.has_errors(),
        "{ty}: {:#?}",
        compilation.diagnostics
    );
    parse_slot_value(&compilation.model.slots[0].ty, value).is_ok()
}

/// The codes of the errors of compiling `text` (after a `spec` header).
fn error_codes(text: &str) -> Vec<String> {
    let compilation = phrasec::compile_str("n.phr", &format!("spec \"s\"\n{text}"));
    for diagnostic in compilation.diagnostics.iter().filter(|d| d.is_error()) {
        assert!(
            diagnostic.primary_span().is_some() && diagnostic.help.is_some(),
            "no location or help: {diagnostic:#?}"
        );
    }
    compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.as_str().to_owned())
        .collect()
}

/// The slot type of `n` as the JSON document writes it.
fn json_type(ty: &str) -> serde_json::Value {
    let compilation = with_slot(ty);
    let document = phrasec::emit::json::document(&compilation.model, &compilation.sources);
    let value = serde_json::to_value(&document).expect("serialisable");
    value["slots"][0]["type"].clone()
}

/// Found: `number(0..1)` rejected 0.5 ("a number from 0 to 0"): the excluded end was made
/// inclusive by subtracting 1.
#[test]
fn an_excluded_end_is_right_for_decimals() {
    for value in ["0", "0.5", "0.999999999999999999999"] {
        assert!(accepts("number(0..1)", value), "{value}");
    }
    for value in ["1", "1.0", "-0.1", "2"] {
        assert!(!accepts("number(0..1)", value), "{value}");
    }
    let compilation = with_slot("number(0..1)");
    let expected = parse_slot_value(&compilation.model.slots[0].ty, "7").unwrap_err();
    assert!(!expected.contains("to 0"), "{expected}");
    assert!(expected.contains("less than 1"), "{expected}");
    assert!(accepts("number(..0.5)", "0.4"));
    assert!(!accepts("number(..0.5)", "0.5"));
    assert!(accepts("number(0.25..=0.75)", "0.75"));
    assert!(!accepts("number(0.25..=0.75)", "0.7500001"));
}

/// Found: the JSON wrote `max: 0.0` for `number(0..1)`.
#[test]
fn json_writes_exact_bounds_and_whether_the_upper_is_excluded() {
    let ty = json_type("number(0..1)");
    assert_eq!(ty["min"], "0");
    assert_eq!(ty["max"], "1");
    assert_eq!(ty["max_excluded"], true);
    let ty = json_type("number(1..=9007199254740993)");
    assert_eq!(ty["max"], "9007199254740993");
    assert_eq!(ty["max_excluded"], false);
    let ty = json_type("number(-2.50..)");
    assert_eq!(ty["min"], "-2.5");
    assert_eq!(ty["max"], serde_json::Value::Null);
}

/// Found: bounds were f64, so `number(1..=9007199254740992)` accepted 9007199254740993.
#[test]
fn integers_are_exact() {
    let ty = "number(1..=9007199254740992)";
    assert!(accepts(ty, "9007199254740992"));
    assert!(!accepts(ty, "9007199254740993"));
    let ty = "number(-9223372036854775808..=9223372036854775807)";
    assert!(accepts(ty, "-9223372036854775808"));
    assert!(accepts(ty, "9223372036854775807"));
    assert!(!accepts(ty, "9223372036854775808"));
    assert!(!accepts(ty, "-9223372036854775809"));
    // 38 digits, beyond i64 and f64.
    let ty = "number(0..10000000000000000000000000000000000001)";
    assert!(accepts(ty, "10000000000000000000000000000000000000"));
    assert!(accepts(ty, "1000000000000000000000000000000000000.5"));
    assert!(!accepts(ty, "10000000000000000000000000000000000001"));
}

/// Found: `number(5..=1)` and `number(1..1)` were accepted, and no value fitted them.
#[test]
fn empty_ranges_are_errors() {
    for ty in [
        "number(5..=1)",
        "number(1..1)",
        "number(1..0.5)",
        "number(0.5..=0.4)",
    ] {
        let codes = error_codes(&format!("slot n: {ty} \"数\"\n"));
        assert_eq!(codes, ["E0124"], "{ty}");
    }
    for ty in [
        "number(1..=1)",
        "number(0.5..1)",
        "number(..)",
        "number(-1..0)",
    ] {
        let codes = error_codes(&format!("slot n: {ty} \"数\"\n"));
        assert!(codes.is_empty(), "{ty}: {codes:?}");
    }
}

/// A range with an included end that is not written, a bound with more digits than a number
/// can hold, and a second range are refused rather than read one way silently.
#[test]
fn malformed_ranges_are_errors() {
    let long = "1".repeat(50);
    for ty in [
        "number(1..=)".to_owned(),
        "number(..=)".to_owned(),
        format!("number(1..{long})"),
        format!("number(0.{long}..)"),
    ] {
        let codes = error_codes(&format!("slot n: {ty} \"数\"\n"));
        assert_eq!(codes, ["E0125"], "{ty}");
    }
    let codes = error_codes("slot n: number(1..2, 3..4) \"数\"\n");
    assert_eq!(codes, ["E0111"]);
}

/// Found: `number()` was accepted silently as any number, while `duration()` is E0126.
#[test]
fn a_number_with_empty_parentheses_is_an_error() {
    for ty in ["number()", "number( )"] {
        let codes = error_codes(&format!("slot n: {ty} \"数\"\n"));
        assert_eq!(codes, ["E0125"], "{ty}");
    }
    assert!(error_codes("slot n: number \"数\"\n").is_empty());
}

/// Found: `duration()` and `duration(minute, minute)` were accepted silently.
#[test]
fn empty_or_repeated_duration_units_are_errors() {
    for ty in [
        "duration()",
        "duration(minute, minute)",
        "duration(hour, day, hour)",
    ] {
        let codes = error_codes(&format!("slot d: {ty} \"时长\"\n"));
        assert_eq!(codes, ["E0126"], "{ty}");
    }
    assert!(error_codes("slot d: duration \"时长\"\n").is_empty());
    assert!(error_codes("slot d: duration(minute, hour) \"时长\"\n").is_empty());
}

/// Found: an article number above 4294967295 was capped, then reported as "article 4294967295
/// is defined twice", a number nobody wrote.
#[test]
fn numbers_too_large_for_an_article_chapter_or_section_are_errors() {
    let text = "article 4294967296 \"a\"\n  say \"x\"\narticle 99999999999 \"b\"\n  say \"y\"\n";
    let compilation = phrasec::compile_str("n.phr", &format!("spec \"s\"\n{text}"));
    let errors: Vec<_> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    for error in &errors {
        assert_eq!(error.code.as_str(), "E0127");
        assert!(!error.message.contains("4294967295"), "{}", error.message);
    }
    assert!(errors[0].message.contains("4294967296"));
    assert!(errors[1].message.contains("99999999999"));
    assert!(error_codes("article 4294967295 \"a\"\n  say \"x\"\n").is_empty());
    assert_eq!(
        error_codes("chapter 4294967296 \"c\"\nsection 1 \"s\"\narticle 1 \"a\"\n  say \"x\"\n"),
        ["E0127"]
    );
    assert_eq!(
        error_codes("chapter 1 \"c\"\nsection 4294967296 \"s\"\narticle 1 \"a\"\n  say \"x\"\n"),
        ["E0127"]
    );
}
