//! Turns pest's parse errors into diagnostics worded for policy editors (never rule names).

use std::collections::BTreeSet;

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use super::keywords::is_keyword;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Builds the diagnostic for a failed parse of the chunk starting at `base` in `text`.
pub(super) fn syntax_error(
    file: FileId,
    text: &str,
    base: usize,
    chunk: &str,
    error: &Error<Rule>,
) -> Diagnostic {
    let offset = base
        + match error.location {
            InputLocation::Pos(pos) => pos,
            InputLocation::Span((start, _)) => start,
        };
    if let Some(quote) = unclosed_quote_on_line(text, offset) {
        let line_end = text[quote..]
            .find(['\n', '\r'])
            .map_or(text.len(), |idx| quote + idx);
        return Diagnostic::new(Code::E0002, "this quoted text has no closing `\"`")
            .primary(
                Span::new(file, quote, line_end),
                "the text starts here and runs to the end of the line",
            )
            .help("add `\"` where the text ends; a phrase must stay on one line");
    }
    let (offset, expected) = match keyword_taken_as_value(text, base, offset) {
        Some(keyword_start) => (keyword_start, "a name".to_owned()),
        None => match &error.variant {
            ErrorVariant::ParsingError { positives, .. } => {
                let expected = describe_expected(positives);
                let expected = match expected.as_str() {
                    NOTHING_NAMED => expected_literals(chunk).unwrap_or(expected),
                    _ => expected,
                };
                (offset, expected)
            }
            ErrorVariant::CustomError { message } => (offset, message.clone()),
        },
    };
    let found = describe_found(text, offset);
    let end = next_token_end(text, offset);
    // `decision d "…" over` with nothing after it: say what a decision is over.
    if expected == "a name" && word_before(text, offset) == Some("over") {
        return Diagnostic::new(
            Code::E0001,
            format!("a decision must be over one or more facts, or `segment`; found {found}"),
        )
        .primary(
            Span::new(file, offset, end),
            "expected a fact or `segment` here",
        )
        .help(
            "list what the decision's articles differ by: `over cause, stage`, or `over segment` \
             for articles that differ only by customer segment",
        );
    }
    // Inside a phrase, a stray `]` or `}` is a broken free variation or slot, not a typo.
    let in_phrase = expected.ends_with(" or text");
    let help = match text.get(offset..).and_then(|rest| rest.chars().next()) {
        Some(']') if in_phrase => "free variation `[…|…]` needs two or more choices separated by \
                                   `|`; write `\\[` and `\\]` for brackets"
            .to_owned(),
        Some('}') if in_phrase => {
            "`}` only closes a slot such as `{name}`; write `\\}` for a brace".to_owned()
        }
        Some(first)
            if expected == "a quoted text"
                && first != '"'
                && !first.is_whitespace()
                && keyword_at(text, offset).is_none() =>
        {
            let token = text.get(offset..end).unwrap_or_default();
            format!("text is written in double quotes: `\"{token}\"`")
        }
        _ => match keyword_at(text, offset) {
            Some(keyword) if expected == "a name" => format!(
                "`{keyword}` is a keyword and cannot be a name; add the missing name before it, \
                 or choose another name"
            ),
            _ => help_for(&expected),
        },
    };
    Diagnostic::new(Code::E0001, format!("expected {expected}, found {found}"))
        .primary(
            Span::new(file, offset, end),
            format!("expected {expected} here"),
        )
        .help(help)
}

/// Where the first keyword that the grammar took as a compared value starts, in `text`
/// from `base` to `offset` (outside quotes and comments): a keyword right after `=`, `!=`, `,`
/// or `{`, such as `when cause =` with the value left out and `say …` on the next line.
/// Values are not checked against keywords while parsing (`value_name`), so the parse fails
/// only later; the error belongs at the keyword, as a missing name. (`segment` after `,` is
/// a subject: `over cause, segment`.)
fn keyword_taken_as_value(text: &str, base: usize, offset: usize) -> Option<usize> {
    let part = text.get(base..offset)?;
    let mut last = ' ';
    let mut chars = part.char_indices().peekable();
    while let Some((idx, ch)) = chars.next() {
        match ch {
            '"' => {
                // Up to the closing quote, over escapes.
                while let Some((_, inner)) = chars.next() {
                    match inner {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                last = '"';
            }
            '#' => while chars.next_if(|&(_, inner)| inner != '\n').is_some() {},
            ch if ch.is_alphanumeric() || ch == '_' => {
                let mut end = idx + ch.len_utf8();
                while let Some((next, inner)) =
                    chars.next_if(|&(_, inner)| inner.is_alphanumeric() || inner == '_')
                {
                    end = next + inner.len_utf8();
                }
                let word = &part[idx..end];
                if matches!(last, '=' | ',' | '{')
                    && word != "segment"
                    && keyword_at(text, base + idx) == Some(word)
                {
                    return Some(base + idx);
                }
                last = 'a';
            }
            ch if ch.is_whitespace() => {}
            ch => last = ch,
        }
    }
    None
}

/// The word that ends right before `offset`, spaces and line breaks between them skipped.
fn word_before(text: &str, offset: usize) -> Option<&str> {
    let before = text.get(..offset)?.trim_end();
    let start = before
        .rfind(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
        .map_or(0, |idx| {
            idx + before[idx..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[start..];
    (!word.is_empty()).then_some(word)
}

/// The keyword of the rule language that starts at `offset`, if one does (`case` in `case:`).
fn keyword_at(text: &str, offset: usize) -> Option<&str> {
    let rest = text.get(offset..)?;
    let end = rest
        .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
        .unwrap_or(rest.len());
    let word = &rest[..end];
    is_keyword(word).then_some(word)
}

/// If the line holding `offset` has an opening `"` without a closing one before the line end,
/// returns the byte offset of that quote.
fn unclosed_quote_on_line(text: &str, offset: usize) -> Option<usize> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |idx| idx + 1);
    let line_end = text[line_start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |idx| line_start + idx);
    let line = &text[line_start..line_end];
    let mut open: Option<usize> = None;
    let mut escaped = false;
    for (idx, ch) in line.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '\\' if open.is_some() => escaped = true,
            '"' => {
                open = if open.is_some() {
                    None
                } else {
                    Some(line_start + idx)
                }
            }
            '#' if open.is_none() => break,
            _ => {}
        }
    }
    open
}

fn word(rule: &Rule) -> Option<&'static str> {
    let text = match rule {
        Rule::kw_spec => "`spec`",
        Rule::kw_version => "`version`",
        Rule::kw_segment => "`segment`",
        Rule::kw_fact => "`fact`",
        Rule::kw_never => "`never`",
        Rule::kw_because => "`because`",
        Rule::kw_const => "`const`",
        Rule::kw_slot => "`slot`",
        Rule::kw_note => "`note`",
        Rule::kw_example => "`example`",
        Rule::kw_unit => "`unit`",
        Rule::kw_enum => "`enum`",
        Rule::kw_action => "`action`",
        Rule::kw_decision => "`decision`",
        Rule::kw_over => "`over`",
        Rule::kw_chapter => "`chapter`",
        Rule::kw_section => "`section`",
        Rule::kw_for => "`for`",
        Rule::kw_article => "`article`",
        Rule::kw_in | Rule::op_in => "`in`",
        Rule::kw_when => "`when`",
        Rule::kw_and => "`and`",
        Rule::kw_not | Rule::op_not_in => "`not in`",
        Rule::kw_incomplete => "`incomplete`",
        Rule::kw_general | Rule::general_attr => "`general for`",
        Rule::kw_say | Rule::say => "`say`",
        Rule::kw_act | Rule::act => "`act`",
        Rule::kw_or => "`or`",
        Rule::kw_case | Rule::case_item => "`case`",
        Rule::kw_step | Rule::step_item => "`step`",
        Rule::kw_guidance | Rule::guidance_item => "`guidance`",
        Rule::ident | Rule::ref_name | Rule::subject | Rule::value_name => "a name",
        Rule::int => "a whole number",
        Rule::number | Rule::type_arg | Rule::range => "a number",
        Rule::string | Rule::string_text => "a quoted text",
        Rule::template => "a phrase in quotes",
        Rule::condition | Rule::comparison => "a condition such as `cause = ours`",
        Rule::op_eq => "`=`",
        Rule::op_ne => "`!=`",
        Rule::value_set => "a list of values in braces",
        Rule::slot_type | Rule::named_type | Rule::enum_type => "a slot type",
        Rule::slot_attr | Rule::note_attr | Rule::example_attr | Rule::unit_attr => {
            "`note`, `example` or `unit`"
        }
        Rule::fact_value => "a value such as `ours \"我方\"`",
        Rule::EOI => "the end of the file",
        Rule::spec_decl
        | Rule::segment_decl
        | Rule::fact_decl
        | Rule::never_decl
        | Rule::const_decl
        | Rule::slot_decl
        | Rule::action_decl
        | Rule::decision_decl
        | Rule::chapter_decl
        | Rule::section_decl
        | Rule::article_decl => "a declaration (`article`, `slot`, `fact`, …)",
        Rule::utterances => "`say` or `act`",
        Rule::in_attr | Rule::when_attr | Rule::incomplete_attr => {
            "`in`, `when`, `incomplete` or `general for`"
        }
        Rule::template_text | Rule::alt_text | Rule::choice | Rule::choice_text => "text",
        Rule::slot_ref => "`{`",
        Rule::alternatives | Rule::alt_branch => "`[`",
        Rule::escape => "an escape such as `\\\"`",
        Rule::range_op => "`..` or `..=`",
        _ => return None,
    };
    Some(text)
}

/// Keywords that start a top-level declaration; when several are expected they are named as one.
const DECLARATION_WORDS: [&str; 11] = [
    "`spec`",
    "`segment`",
    "`fact`",
    "`never`",
    "`const`",
    "`slot`",
    "`action`",
    "`decision`",
    "`chapter`",
    "`section`",
    "`article`",
];
const ANY_DECLARATION: &str = "a new declaration (`article`, `slot`, …)";

/// What [`describe_expected`] says when no rule it can name was expected.
const NOTHING_NAMED: &str = "something else";

/// Serialises the re-parses with pest's error detail on (a process-wide switch).
static ERROR_DETAIL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The punctuation the parser expected where `chunk` fails, when no rule was expected there
/// (a missing `:` after a slot's name): `chunk` is parsed again with pest's error detail on,
/// which records the literal tokens tried. Only on this error path, so parsing pays nothing.
fn expected_literals(chunk: &str) -> Option<String> {
    use pest::Parser as _;
    let guard = ERROR_DETAIL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    pest::set_error_detail(true);
    let parsed = super::RuleParser::parse(Rule::chunk, chunk);
    pest::set_error_detail(false);
    drop(guard);
    let attempts = parsed.err()?.parse_attempts()?;
    let tokens: BTreeSet<String> = attempts
        .expected_tokens()
        .into_iter()
        .map(|token| token.to_string())
        // Punctuation only: keywords and names are rules, named by `describe_expected`.
        .filter(|token| !token.is_empty() && token.chars().all(|c| c.is_ascii_punctuation()))
        // `..` is a range of characters, `#` a comment, which may start almost anywhere.
        .filter(|token| !token.contains("..") && token != "#")
        .map(|token| format!("`{token}`"))
        .collect();
    let tokens: Vec<String> = tokens.into_iter().collect();
    match tokens.as_slice() {
        [] => None,
        [only] => Some(only.clone()),
        [init @ .., last] => Some(format!("{} or {last}", init.join(", "))),
    }
}

fn describe_expected(positives: &[Rule]) -> String {
    let mut words: BTreeSet<&'static str> = positives.iter().filter_map(word).collect();
    let n_declarations = DECLARATION_WORDS
        .iter()
        .filter(|w| words.contains(*w))
        .count();
    if n_declarations >= 3 {
        words.retain(|w| !DECLARATION_WORDS.contains(w) && *w != "the end of the file");
        words.insert(ANY_DECLARATION);
    }
    if words.contains("`say` or `act`") {
        words.remove("`say` or `act`");
        words.insert("`say`");
        words.insert("`act`");
    }
    let words: Vec<&str> = words.into_iter().collect();
    match words.as_slice() {
        [] => NOTHING_NAMED.to_owned(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn next_token_end(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let rest = &text[offset..];
    let len: usize = rest
        .chars()
        .take_while(|ch| !ch.is_whitespace())
        .take(20)
        .map(char::len_utf8)
        .sum();
    offset + len.max(rest.chars().next().map_or(0, char::len_utf8))
}

fn describe_found(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let end = next_token_end(text, offset);
    let token = &text[offset..end];
    if token.is_empty() {
        "the end of the file".to_owned()
    } else if token.trim().is_empty() {
        "a line break".to_owned()
    } else {
        // Shown as written: control characters never get this far (E0005), and escaping `"` as
        // `\"` would suggest a backslash that is not in the file.
        let cut = if end < text.len() && !text[end..].starts_with(char::is_whitespace) {
            "…"
        } else {
            ""
        };
        format!("`{token}{cut}`")
    }
}

fn help_for(expected: &str) -> String {
    if expected.contains("condition") {
        "write a condition as `fact = value`, joined with `and`".to_owned()
    } else if expected.contains("`say`") {
        "an article's phrase is written `say \"…\"`; a non-verbal option `act name`".to_owned()
    } else if expected.contains("declaration") {
        "each declaration starts on a new line with a keyword such as `article` or `slot`"
            .to_owned()
    } else {
        "see `docs/language.md` for the syntax of each declaration".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyword_after_an_operator_or_a_separator_is_found() {
        let text = "article 5 \"情形\" when cause =\n  say \"您好\"";
        let at = text.find("say").expect("say");
        assert_eq!(keyword_taken_as_value(text, 0, text.len()), Some(at));
        let text = "article 7 \"x\" when cause = and segment = x";
        assert_eq!(
            keyword_taken_as_value(text, 0, text.len()),
            text.find("and")
        );
        let text = "article 8 \"x\" when cause in {ours, in} say";
        assert_eq!(
            keyword_taken_as_value(text, 0, text.len()),
            text.find("in}")
        );
    }

    #[test]
    fn keywords_in_quotes_comments_or_their_own_places_are_not() {
        for text in [
            "article 5 \"a = say\" when cause = ours\n  say \"=and\"",
            "decision d \"x\" over cause, segment foo",
            "article 5 \"x\" # = say\n  say \"您好\"",
            "article 5 \"x\" when cause = ours and stage = in2",
        ] {
            assert_eq!(keyword_taken_as_value(text, 0, text.len()), None, "{text}");
        }
        // Only from the chunk's start on.
        let text = "when cause = say\narticle 5 \"x\" foo";
        let chunk = text.find("article").expect("article");
        assert_eq!(keyword_taken_as_value(text, chunk, text.len()), None);
    }

    #[test]
    fn a_value_left_out_before_a_keyword_is_reported_at_the_keyword() {
        let compilation = crate::compile_str(
            "kv.phr",
            "fact cause \"原因\" { ours \"我方\" }\narticle 5 \"情形\" when cause =\n  say \"您好\"\n",
        );
        let errors: Vec<_> = compilation
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].code, Code::E0001);
        assert_eq!(errors[0].message, "expected a name, found `say`");
        let source = "fact cause \"原因\" { ours \"我方\" }\narticle 5 \"情形\" when cause =\n  ";
        assert_eq!(errors[0].labels[0].span.start as usize, source.len());
    }
}
