//! The keywords of the rule language, defined once. The grammar spells them twice (a `kw_*`
//! rule each, and the `keyword` rule that names may not match); the tests below hold both to
//! this list. The descent, the splitter and the error wording read it from here.

/// Defines [`KEYWORDS`] and [`is_keyword`] from one list: the list for iteration, a `match`
/// for the test (which the compiler turns into a switch on the length and a comparison or two;
/// the descent asks it for every name).
macro_rules! keywords {
    ($($word:literal),* $(,)?) => {
        /// Every keyword: the words of the grammar's `kw_*` rules, which are not names.
        pub const KEYWORDS: &[&str] = &[$($word),*];

        /// Whether `text` is a keyword.
        pub fn is_keyword(text: &str) -> bool {
            matches!(text, $($word)|*)
        }
    };
}

keywords![
    "spec",
    "version",
    "segment",
    "fact",
    "never",
    "because",
    "const",
    "slot",
    "note",
    "example",
    "unit",
    "enum",
    "action",
    "decision",
    "over",
    "chapter",
    "section",
    "for",
    "article",
    "in",
    "when",
    "and",
    "not",
    "incomplete",
    "general",
    "say",
    "act",
    "or",
    "case",
    "step",
    "guidance",
    "until",
    "must",
    "may",
    "lang",
    "default",
];

/// The keywords that start a top-level declaration (the first word of each `*_decl` rule that
/// `item` lists).
pub const TOP_LEVEL: [&str; 11] = [
    "spec", "segment", "fact", "never", "const", "slot", "action", "decision", "chapter",
    "section", "article",
];

/// Whether a line starts with `keyword` as a whole word, after spaces and tabs.
pub fn line_starts_with_keyword(line: &str, keyword: &str) -> bool {
    let trimmed = line.trim_start_matches([' ', '\t']);
    trimmed.strip_prefix(keyword).is_some_and(|rest| {
        rest.chars()
            .next()
            .is_none_or(|next| !(next.is_alphanumeric() || next == '_'))
    })
}

#[cfg(test)]
mod tests {
    use pest::Parser as _;

    use super::{KEYWORDS, TOP_LEVEL, is_keyword};
    use crate::syntax::{Rule, RuleParser};

    const GRAMMAR: &str = include_str!("../../grammar/phrasec.pest");

    fn is_name(input: &str) -> bool {
        RuleParser::parse(Rule::ident, input)
            .is_ok_and(|mut pairs| pairs.next().is_some_and(|pair| pair.as_str() == input))
    }

    /// The words of the grammar's `kw_*` rules, in order.
    fn grammar_keywords() -> Vec<&'static str> {
        GRAMMAR
            .lines()
            .filter(|line| line.starts_with("kw_"))
            .filter_map(|line| line.split('"').nth(1))
            .collect()
    }

    #[test]
    fn the_grammars_kw_rules_are_exactly_the_keywords() {
        assert_eq!(grammar_keywords(), KEYWORDS);
    }

    /// The grammar's `keyword` rule spells the words out as strings (much faster than trying
    /// every `kw_*` rule): it must reject exactly the keywords, and only whole words.
    #[test]
    fn the_grammar_rejects_exactly_the_keywords_as_names() {
        for word in KEYWORDS {
            assert!(!is_name(word), "`{word}` is accepted as a name");
            for name in [format!("{word}_x"), format!("{word}2"), format!("{word}中")] {
                assert!(is_name(&name), "`{name}` is rejected as a name");
            }
            for end in 1..word.len() {
                let prefix = &word[..end];
                assert_eq!(is_name(prefix), !KEYWORDS.contains(&prefix), "`{prefix}`");
            }
        }
    }

    #[test]
    fn is_keyword_matches_whole_words_only() {
        for word in KEYWORDS {
            assert!(is_keyword(word), "{word}");
            assert!(!is_keyword(&format!("{word}s")), "{word}s");
            assert!(!is_keyword(&word.to_uppercase()), "{word}");
            for end in 1..word.len() {
                let (prefix, tail) = word.split_at(end);
                assert_eq!(is_keyword(prefix), KEYWORDS.contains(&prefix), "{prefix}");
                assert_eq!(is_keyword(tail), KEYWORDS.contains(&tail), "{tail}");
            }
        }
    }

    /// Every top-level declaration rule starts with its keyword, and those are [`TOP_LEVEL`].
    #[test]
    fn top_level_keywords_start_the_declarations() {
        let mut starts: Vec<&str> = GRAMMAR
            .lines()
            .filter(|line| line.contains("_decl = {"))
            .filter_map(|line| line.split("kw_").nth(1))
            .filter_map(|rest| rest.split_whitespace().next())
            .collect();
        let mut expected = TOP_LEVEL.to_vec();
        starts.sort_unstable();
        expected.sort_unstable();
        assert_eq!(starts, expected);
    }
}
