//! The closed registry of diagnostic codes: E00xx syntax, E01xx names and slots,
//! E02xx conditions and coverage, E03xx rendering input, W0xxx warnings.
//!
//! A code is never reused or removed; a retired code keeps its explanation.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Everything the registry knows about one code.
#[derive(Debug)]
pub struct CodeInfo {
    pub code: Code,
    /// Short kebab-case name, e.g. `unknown-slot`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line, lowercase, for listings.
    pub summary: &'static str,
    /// Markdown: what the code means, an erroneous example and a fixed one.
    pub explanation: &'static str,
}

macro_rules! registry {
    ($($variant:ident => $name:literal, $severity:ident, $summary:literal;)*) => {
        /// A diagnostic code. The variant name is the code as printed.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        /// Every code, in order.
        pub static CODES: &[CodeInfo] = &[
            $(CodeInfo {
                code: Code::$variant,
                name: $name,
                severity: Severity::$severity,
                summary: $summary,
                explanation: include_str!(concat!("../../docs/codes/", stringify!($variant), ".md")),
            },)*
        ];

        impl Code {
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => stringify!($variant),)*
                }
            }
        }
    };
}

registry! {
    E0001 => "syntax-error", Error, "the text does not follow the rule language";
    E0002 => "unterminated-string", Error, "a quoted string or phrase has no closing quote";
    E0003 => "invalid-utf8", Error, "the file is not valid UTF-8";
    E0004 => "empty-file", Error, "the rule file contains no declarations";
    E0005 => "control-character", Error, "the file contains a NUL or other control character";
    E0006 => "unreadable-input", Error, "an input path cannot be read or holds no rule files";
    E0007 => "invalid-config", Error, "`phrasec.toml` has an unknown key or a bad value";
    E0008 => "unwritable-output", Error, "an output cannot or must not be written";
    E0009 => "invalid-suppression", Error, "a `# phrasec: allow(…)` comment is malformed, names no warning, or gives no reason";
    E0101 => "duplicate-definition", Error, "a name or number is defined twice";
    E0102 => "unknown-segment", Error, "a customer segment that is not declared";
    E0103 => "unknown-fact", Error, "a fact that is not declared";
    E0104 => "unknown-value", Error, "a value that the fact does not have";
    E0105 => "unknown-decision", Error, "a decision that is not declared";
    E0106 => "unknown-action", Error, "a non-verbal action that is not declared";
    E0107 => "unknown-slot", Error, "a phrase uses a slot or constant that is not declared";
    E0108 => "unknown-slot-type", Error, "a slot type that does not exist";
    E0109 => "missing-spec-header", Error, "the rule set has no `spec` header";
    E0110 => "duplicate-spec-header", Error, "the rule set has more than one `spec` header";
    E0111 => "invalid-type-argument", Error, "a slot type is given an argument it does not take";
    E0112 => "selector-not-enum", Error, "a choice `{x ? a | b}` is driven by something that is not an enum slot";
    E0113 => "choice-count-mismatch", Error, "a choice lists a different number of texts than its enum has values (or the rule set has segments)";
    E0114 => "fact-outside-decision", Error, "an article of a decision tests a fact the decision is not over";
    E0115 => "empty-enumeration", Error, "a fact or enum slot has no values";
    E0116 => "empty-article", Error, "an article has no phrase, action or guidance";
    E0121 => "choice-disagreement", Error, "choices that follow the same person disagree (先生 with 她)";
    E0122 => "invalid-example", Error, "a slot's example value does not fit the slot's type";
    E0123 => "wrong-enum-driver", Error, "a choice lists the values of one enum slot but is driven by another";
    E0124 => "empty-range", Error, "a number range holds no number (`5..=1`, `1..1`)";
    E0125 => "malformed-range", Error, "a number range has `..=` with no upper end, an end with too many digits, or is missing from `number()`";
    E0126 => "invalid-duration-units", Error, "a duration lists no unit, or one unit twice";
    E0127 => "number-too-large", Error, "an article, chapter or section number is above 4294967295";
    E0128 => "missing-deployment-value", Error, "`build` was given no value for a constant supplied at deployment";
    E0129 => "invalid-constant-value", Error, "a value is supplied for a name that is no deployment constant";
    E0130 => "segment-choice-gap", Error, "a choice by segment gives no text for a segment its phrase can be said to";
    E0131 => "malformed-segment-choice", Error, "`{segment}` without texts, a segment named twice in a choice, or two texts without a name";
    E0132 => "invalid-language-tag", Error, "a phrase's `lang` is not a language tag";
    E0133 => "duplicate-default-segment", Error, "more than one segment is declared `default`";
    E0201 => "value-of-other-fact", Error, "a condition compares a fact with a value of another fact";
    E0202 => "unreachable-condition", Error, "a condition can never hold, so its article or case is never used";
    E0203 => "overlapping-articles", Error, "two articles of equal precedence apply to the same case";
    E0204 => "overlapping-cases", Error, "two cases of an article apply to the same situation";
    E0205 => "phrase-after-step", Error, "a plain phrase follows a step or case, so no condition governs it";
    E0301 => "invalid-slot-value", Error, "a slot value given to `render` does not fit the slot's type";
    E0302 => "unknown-article", Error, "`render` was asked for an article that does not exist";
    E0303 => "segment-mismatch", Error, "`render --segment` names a segment the article does not apply to";
    E0304 => "unused-slot-argument", Error, "`render --slot` names a slot the article does not use";
    E0305 => "repeated-slot-argument", Error, "`render --slot` gives the same slot twice, or `render --given` the same fact";
    E0306 => "no-case-for-segment", Error, "`render --segment` names a segment that none of the article's cases applies to";
    E0307 => "incomplete-situation", Error, "`render --given` does not give every fact (and the segment) of any decision";
    W0001 => "article-order", Warning, "article numbers do not increase through the rule set";
    W0002 => "incomplete-article", Warning, "an article is marked incomplete";
    W0003 => "unused-suppression", Warning, "a `# phrasec: allow(…)` comment allows a warning the item after it does not have";
    W0101 => "unused-declaration", Warning, "a slot, constant or action is declared but never used";
    W0102 => "gendered-free-variation", Warning, "a free variation offers gendered words (先生/小姐) instead of following an enum slot";
    W0301 => "ascii-punctuation", Warning, "ASCII punctuation in Chinese text";
    W0302 => "unbalanced-brackets", Warning, "a quote or bracket in a phrase is not closed, or closes nothing";
    W0303 => "doubled-punctuation", Warning, "two punctuation marks in a row at the end of a sentence";
    W0304 => "missing-final-punctuation", Warning, "a phrase does not end with sentence-final punctuation";
    W0305 => "cjk-latin-spacing", Warning, "no space between Chinese characters and Latin letters (or digits, when configured)";
    W0306 => "misspelling", Warning, "a known misspelling";
    W0307 => "channel-length", Warning, "a phrase is longer than its channel allows";
    W0308 => "placeholder", Warning, "a phrase holds a placeholder or a note to staff copied from the source";
    W0201 => "uncovered-cases", Warning, "some cases of a decision have no phrase";
    W0202 => "shadowed-article", Warning, "an article is never chosen because more specific articles cover all its cases";
    W0203 => "segment-asymmetry", Warning, "a situation is specialised for one segment but falls back to a general article for another";
    W0204 => "condition-always-holds", Warning, "a test in a condition always holds and says nothing";
    W0205 => "coverage-not-checked", Warning, "coverage of a decision could not be checked completely";
    W0207 => "unused-segment-default", Warning, "a choice by segment has a text without a name, but names every segment";
    W0206 => "uncovered-article-cases", Warning, "the cases of an article leave some of its situations without a phrase";
}

impl Code {
    pub fn info(self) -> &'static CodeInfo {
        &CODES[self as usize]
    }

    /// Parses `E0107` (any case) into a code.
    pub fn parse(text: &str) -> Option<Code> {
        lookup(text).map(|info| info.code)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Finds a code by its identifier (`E0107`) or its name (`unknown-slot`).
pub fn lookup(text: &str) -> Option<&'static CodeInfo> {
    let wanted = text.trim();
    CODES.iter().find(|info| {
        info.code.as_str().eq_ignore_ascii_case(wanted) || info.name.eq_ignore_ascii_case(wanted)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_indexed_by_discriminant() {
        for (idx, info) in CODES.iter().enumerate() {
            assert_eq!(info.code as usize, idx);
            assert!(info.code.as_str().starts_with(match info.severity {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            }));
        }
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(Code::parse("e0107"), Some(Code::E0107));
        assert_eq!(
            lookup("unknown-slot").map(|info| info.code),
            Some(Code::E0107)
        );
        assert!(lookup("E9999").is_none());
    }
}
