//! In-source suppressions: `# phrasec: allow(W0202) 第40条被第57、63条取代，保留以对照原文` on the
//! line before an item silences those warnings inside the item, with the reason as its
//! justification. Suppressed findings are kept aside (JSON and SARIF show them as suppressed);
//! a suppression that silences nothing is W0003, a malformed one E0009.
//!
//! The item after the comment is read from the text's layout, as `fmt` writes it: a line at
//! the left margin (a declaration or an article) reaches to the next line at the margin; an
//! indented line (a phrase, a step) reaches over the lines indented deeper than it.

use std::ops::Range;

use super::codes::lookup;
use super::{Applicability, Code, Diagnostic, Edit, Severity};
use crate::source::{FileId, Span};

/// A diagnostic silenced in the source, with the reason written there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppressed {
    pub diagnostic: Diagnostic,
    pub justification: String,
}

/// One `# phrasec: allow(…) reason` comment.
struct Suppression {
    file: FileId,
    /// The byte range of the comment line (without its line end).
    line: Range<usize>,
    /// The codes, each with the span of its name in the comment and whether it silenced
    /// something.
    codes: Vec<(Code, Span, Usage)>,
    justification: String,
    /// The item it applies to.
    region: Range<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Usage {
    Unused,
    Used,
}

/// What the comments of `files` say: the suppressions, and E0009 for each malformed one.
fn read_suppressions(files: &[(FileId, &str)]) -> (Vec<Suppression>, Vec<Diagnostic>) {
    let mut suppressions = Vec::new();
    let mut problems = Vec::new();
    for &(file, text) in files {
        for (start, line) in lines(text) {
            let Some(directive) = directive(line) else {
                continue;
            };
            let at = |range: Range<usize>| Span::new(file, start + range.start, start + range.end);
            let problem = |(range, message, help): Problem| {
                Diagnostic::new(Code::E0009, message)
                    .primary(at(range), "here")
                    .help(help)
            };
            match parse(line, directive) {
                Ok(parsed) => {
                    problems.extend(parsed.missing_reason.map(problem));
                    suppressions.push(Suppression {
                        file,
                        line: start..start + line.len(),
                        codes: parsed
                            .codes
                            .into_iter()
                            .map(|(code, range)| (code, at(range), Usage::Unused))
                            .collect(),
                        justification: parsed.justification,
                        region: region_after(text, start + line.len()),
                    });
                }
                Err(found) => problems.push(problem(found)),
            }
        }
    }
    (suppressions, problems)
}

/// The lines of `text` with their byte offsets, without line ends.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |line| {
        let at = start;
        start += line.len();
        (at, line.trim_end_matches(['\n', '\r']))
    })
}

/// Where the directive starts in a comment line `# phrasec: …` (after `phrasec:`).
fn directive(line: &str) -> Option<usize> {
    let comment = line.trim_start();
    let body = comment.strip_prefix('#')?.trim_start();
    let rest = body.strip_prefix("phrasec:")?;
    Some(line.len() - rest.len())
}

struct Parsed {
    codes: Vec<(Code, Range<usize>)>,
    justification: String,
    /// E0009 for a suppression without a reason, which still applies (so that the warning it
    /// names is not reported on top of the error).
    missing_reason: Option<Problem>,
}

/// A problem: where in the line, the message and the help.
type Problem = (Range<usize>, String, &'static str);

const FORM: &str = "write `# phrasec: allow(W0202) the reason`, on the line before the item";

/// Parses `allow(CODE, …) reason` from byte `from` of `line`.
fn parse(line: &str, from: usize) -> Result<Parsed, Problem> {
    let skip = |at: usize| at + (line[at..].len() - line[at..].trim_start().len());
    let start = skip(from);
    let Some(after_allow) = line[start..].strip_prefix("allow(") else {
        let end = line.len();
        return Err((
            start..end,
            "a `phrasec:` comment must be `allow(…)` with a reason".to_owned(),
            FORM,
        ));
    };
    let open = line.len() - after_allow.len();
    let Some(close) = line[open..].find(')').map(|i| open + i) else {
        return Err((start..line.len(), "`allow(` is not closed".to_owned(), FORM));
    };
    let mut codes = Vec::new();
    let mut at = open;
    for name in line[open..close].split(',') {
        let range = {
            let lead = name.len() - name.trim_start().len();
            at + lead..at + lead + name.trim().len()
        };
        at += name.len() + 1;
        let written = name.trim();
        match lookup(written) {
            Some(info) if info.severity == Severity::Warning => codes.push((info.code, range)),
            Some(info) => {
                return Err((
                    range,
                    format!("`{}` is an error and cannot be allowed", info.code),
                    "fix the error; only warnings can be allowed",
                ));
            }
            None => {
                return Err((
                    range,
                    format!("there is no warning `{written}`"),
                    "name a warning by its code (`W0202`) or its name (`shadowed-article`); `phrasec explain` lists them",
                ));
            }
        }
    }
    if codes.is_empty() {
        return Err((
            open - 1..close + 1,
            "`allow()` names no warning".to_owned(),
            FORM,
        ));
    }
    let justification = line[close + 1..].trim();
    let missing_reason = justification.is_empty().then(|| {
        (
            start..close + 1,
            "the suppression gives no reason".to_owned(),
            "write why the warning is accepted after the parenthesis: `# phrasec: allow(W0202) 第40条被取代，保留以对照原文`",
        )
    });
    Ok(Parsed {
        codes,
        justification: justification.to_owned(),
        missing_reason,
    })
}

/// The item after byte `from` (the end of the comment line): from its first line that is
/// neither blank nor a comment, over the lines that belong to it.
fn region_after(text: &str, from: usize) -> Range<usize> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let is_content = |line: &str| {
        let trimmed = line.trim_start();
        !trimmed.is_empty() && !trimmed.starts_with('#')
    };
    let mut following = lines(&text[from..]).map(|(at, line)| (from + at, line));
    let Some((start, first)) = following.by_ref().find(|(_, line)| is_content(line)) else {
        return from..from;
    };
    let depth = indent(first);
    let mut end = start + first.len();
    for (at, line) in following {
        if is_content(line) {
            if indent(line) <= depth {
                break;
            }
            end = at + line.len();
        }
    }
    start..end
}

/// Takes out of `diagnostics` the warnings that a suppression in `files` silences; adds E0009
/// for malformed suppressions and, when `report_unused` says so (the checks that could have
/// found them ran), W0003 for each allowed code that silenced nothing.
pub fn apply_suppressions(
    files: &[(FileId, &str)],
    diagnostics: &mut Vec<Diagnostic>,
    report_unused: UnusedSuppressions,
) -> Vec<Suppressed> {
    let (mut suppressions, problems) = read_suppressions(files);
    let mut suppressed = Vec::new();
    if !suppressions.is_empty() {
        let mut kept = Vec::with_capacity(diagnostics.len());
        for diagnostic in diagnostics.drain(..) {
            match silencing(&mut suppressions, &diagnostic) {
                Some(justification) => suppressed.push(Suppressed {
                    diagnostic,
                    justification,
                }),
                None => kept.push(diagnostic),
            }
        }
        *diagnostics = kept;
    }
    diagnostics.extend(problems);
    if report_unused == UnusedSuppressions::Report {
        for suppression in &suppressions {
            diagnostics.extend(unused(suppression));
        }
    }
    suppressed
}

/// Whether W0003 is reported: only when every check ran (after an error, later checks do
/// not, and the warnings a suppression names may simply not have been looked for).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnusedSuppressions {
    Report,
    Skip,
}

/// The justification of the suppression that silences `diagnostic`, marking it used.
fn silencing(suppressions: &mut [Suppression], diagnostic: &Diagnostic) -> Option<String> {
    if diagnostic.code.info().severity != Severity::Warning {
        return None;
    }
    let span = diagnostic.primary_span()?;
    let position = span.start as usize;
    let suppression = suppressions.iter_mut().find(|suppression| {
        suppression.file == span.file
            && suppression.region.contains(&position)
            && suppression
                .codes
                .iter()
                .any(|(code, _, _)| *code == diagnostic.code)
    })?;
    for (code, _, usage) in &mut suppression.codes {
        if *code == diagnostic.code {
            *usage = Usage::Used;
        }
    }
    Some(suppression.justification.clone())
}

/// W0003 for each code of `suppression` that silenced nothing; when none did, the fix
/// removes the comment.
fn unused(suppression: &Suppression) -> Vec<Diagnostic> {
    let all_unused = suppression
        .codes
        .iter()
        .all(|(_, _, usage)| *usage == Usage::Unused);
    suppression
        .codes
        .iter()
        .filter(|(_, _, usage)| *usage == Usage::Unused)
        .map(|(code, span, _)| {
            let diagnostic = Diagnostic::new(
                Code::W0003,
                format!("`{code}` is allowed here but not reported"),
            )
            .primary(*span, "nothing to allow")
            .help(format!(
                "remove `{code}` from the comment: the item after it has no {code} warning"
            ));
            if all_unused {
                // The whole line, with its line end.
                let line = Span::new(
                    suppression.file,
                    suppression.line.start,
                    suppression.line.end + 1,
                );
                diagnostic.fix(
                    "remove the comment",
                    vec![Edit {
                        span: line,
                        replacement: String::new(),
                    }],
                    Applicability::MaybeIncorrect,
                )
            } else {
                diagnostic
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions(text: &str) -> Vec<&str> {
        let (suppressions, problems) = read_suppressions(&[(FileId(0), text)]);
        assert!(problems.is_empty(), "{problems:?}");
        suppressions
            .iter()
            .map(|s| &text[s.region.clone()])
            .collect()
    }

    #[test]
    fn a_suppression_covers_the_item_after_it() {
        let text = "# phrasec: allow(W0202) 保留\narticle 40 \"x\"\n  in d when a = b\n  say \"y\"\n\n# c\narticle 41 \"z\"\n";
        assert_eq!(
            regions(text),
            ["article 40 \"x\"\n  in d when a = b\n  say \"y\""]
        );
        let text =
            "article 1 \"x\"\n  # phrasec: allow(W0305) 原文如此\n  say \"a\"\n  say \"b\"\n";
        assert_eq!(regions(text), ["  say \"a\""]);
    }

    #[test]
    fn malformed_suppressions_are_e0009() {
        for line in [
            "# phrasec: allow(W0202)",
            "# phrasec: allow(W0202 原因",
            "# phrasec: allow(E0101) 原因",
            "# phrasec: allow(W9999) 原因",
            "# phrasec: allow() 原因",
            "# phrasec: deny(W0202) 原因",
        ] {
            let text = format!("{line}\narticle 1 \"x\"\n");
            let (_, problems) = read_suppressions(&[(FileId(0), &text)]);
            let codes: Vec<Code> = problems.iter().map(|d| d.code).collect();
            assert_eq!(codes, [Code::E0009], "{line}");
        }
    }

    #[test]
    fn codes_are_read_by_code_or_name() {
        let text = "# phrasec: allow(W0202, cjk-latin-spacing) 原文如此\narticle 1 \"x\"\n";
        let (suppressions, _) = read_suppressions(&[(FileId(0), text)]);
        let codes: Vec<Code> = suppressions[0].codes.iter().map(|c| c.0).collect();
        assert_eq!(codes, [Code::W0202, Code::W0305]);
        assert_eq!(suppressions[0].justification, "原文如此");
    }
}
