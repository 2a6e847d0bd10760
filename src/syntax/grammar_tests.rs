//! Grammar tests: each rule consumes exactly its input (pest's `parses_to!` style).

use pest::Parser as _;

use super::{Rule, RuleParser};

fn consumes_all(rule: Rule, input: &str) -> bool {
    match RuleParser::parse(rule, input) {
        Ok(mut pairs) => pairs.next().is_some_and(|pair| pair.as_str() == input),
        Err(_) => false,
    }
}

#[test]
fn keywords_do_not_match_prefixes_of_names() {
    assert!(consumes_all(Rule::kw_and, "and"));
    assert!(!consumes_all(Rule::kw_and, "android"));
    assert!(consumes_all(Rule::ident, "android"));
    assert!(!consumes_all(Rule::ident, "and"));
    assert!(consumes_all(Rule::ident, "故障原因"));
    assert!(consumes_all(Rule::ident, "_x1"));
    assert!(!consumes_all(Rule::ident, "1x"));
}
