//! The formatter: one canonical layout for rule files, keeping every comment and the author's
//! blank-line grouping (several blank lines become one). Works on the AST and the source
//! text; never changes meaning. Files with syntax errors are not formatted.

use crate::diagnostics::Diagnostic;
use crate::source::FileId;
use crate::syntax::ast::*;
use crate::syntax::parse;

/// Formats a file, or returns its syntax errors.
pub fn format_source(text: &str) -> Result<String, Vec<Diagnostic>> {
    let (file, diagnostics) = parse(FileId(0), text);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok(format_file(&file, text))
}

/// How a file's lines end. The first line end of the file decides (a file without one gets
/// `\n`): the formatter writes every line end that way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
    Cr,
}

impl LineEnding {
    /// The line ending of `text`: that of its first line end.
    pub fn of(text: &str) -> LineEnding {
        let Some(idx) = text.find(['\n', '\r']) else {
            return LineEnding::Lf;
        };
        match &text.as_bytes()[idx..] {
            [b'\r', b'\n', ..] => LineEnding::CrLf,
            [b'\r', ..] => LineEnding::Cr,
            _ => LineEnding::Lf,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }
}

/// Formats a whole file as it was read (valid UTF-8, a leading BOM still in it): the layout of
/// [`format_source`], with the file's BOM kept and every line ending as its first line does,
/// as `check --fix` keeps them. Returns the syntax errors of a file that does not parse.
pub fn format_file_text(text: &str) -> Result<String, Vec<Diagnostic>> {
    let (bom, body) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", text),
    };
    let formatted = format_source(body)?;
    // The layout's only line breaks are its `\n`s: texts and comments hold none.
    Ok(match LineEnding::of(body) {
        LineEnding::Lf => format!("{bom}{formatted}"),
        ending => format!("{bom}{}", formatted.replace('\n', ending.as_str())),
    })
}

/// Formats a parsed file; `text` is the source it was parsed from.
pub fn format_file(file: &File, text: &str) -> String {
    let mut formatter = Formatter {
        text,
        comments: &file.comments,
        next_comment: 0,
        out: String::new(),
        last_end: 0,
        last_line_start: None,
        comments_on_last_line: 0,
    };
    for item in &file.items {
        formatter.item(item);
    }
    formatter.finish()
}

struct Formatter<'a> {
    text: &'a str,
    comments: &'a [Comment],
    next_comment: usize,
    out: String,
    /// Source offset up to which everything has been emitted.
    last_end: usize,
    /// Where in `out` the last line starts (for trailing comments).
    last_line_start: Option<usize>,
    /// Trailing comments already on the last line (a second one gets its own line, or it
    /// would become part of the first).
    comments_on_last_line: usize,
}

const INDENT: &str = "  ";

impl Formatter<'_> {
    /// True when the source between `from` and `to` holds an empty line.
    fn blank_line_between(&self, from: usize, to: usize) -> bool {
        let gap = self.text.get(from..to).unwrap_or("");
        let mut newlines = 0;
        let mut chars = gap.chars().peekable();
        while let Some(ch) = chars.next() {
            match ch {
                // A line ends at `\n`, `\r\n` or a lone `\r` (`source::line_starts`).
                '\n' | '\r' => {
                    if ch == '\r' {
                        chars.next_if_eq(&'\n');
                    }
                    newlines += 1;
                    if newlines >= 2 {
                        return true;
                    }
                }
                ' ' | '\t' | '\u{FEFF}' | '\u{3000}' => {}
                _ => newlines = 0,
            }
        }
        false
    }

    /// True when the comment has code before it on its line.
    fn is_trailing(&self, comment: &Comment) -> bool {
        let start = comment.span.start as usize;
        let line_start = self.text[..start]
            .rfind(['\n', '\r'])
            .map_or(0, |idx| idx + 1);
        !self.text[line_start..start].trim().is_empty()
    }

    fn push_line(&mut self, depth: usize, text: &str) {
        self.last_line_start = Some(self.out.len());
        self.comments_on_last_line = 0;
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn push_blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// Emits comments that start before `until`, then remembers `until` as emitted.
    fn flush_comments(&mut self, depth: usize, until: usize) {
        while let Some(comment) = self.comments.get(self.next_comment) {
            let start = comment.span.start as usize;
            if start >= until {
                break;
            }
            let last_line_has_comment = self.comments_on_last_line > 0;
            if self.is_trailing(comment) && self.last_line_start.is_some() && !last_line_has_comment
            {
                self.comments_on_last_line += 1;
                // Append to the last line written.
                if self.out.ends_with('\n') {
                    self.out.pop();
                }
                self.out.push_str("  ");
                self.out.push_str(comment.text.trim_end());
                self.out.push('\n');
            } else {
                if self.blank_line_between(self.last_end, start) {
                    self.push_blank();
                }
                self.push_line(depth, comment.text.trim_end());
                self.comments_on_last_line = 1;
            }
            self.last_end = comment.span.end as usize;
            self.next_comment += 1;
        }
    }

    /// Starts an output line for the source element beginning at `start`.
    fn line(&mut self, depth: usize, start: u32, text: &str) {
        let start = start as usize;
        self.flush_comments(depth, start);
        if self.blank_line_between(self.last_end, start) {
            self.push_blank();
        }
        self.push_line(depth, text);
        self.last_end = self.last_end.max(start);
    }

    /// Marks the source up to `end` as emitted (comments inside stay pending). Spans end at a
    /// node's last token; the end is still moved back over any blanks and comments before it,
    /// so that a span ending there never swallows a comment.
    fn covered(&mut self, end: u32) {
        let end = self.code_end(end as usize);
        self.last_end = self.last_end.max(end);
    }

    fn code_end(&self, mut end: usize) -> usize {
        loop {
            let trimmed = self.text[..end].trim_end_matches([' ', '\t', '\r', '\n', '\u{3000}']);
            end = trimmed.len();
            // Comments are in source order, so their ends are sorted.
            match self
                .comments
                .binary_search_by_key(&end, |comment| comment.span.end as usize)
            {
                Ok(idx) => end = self.comments[idx].span.start as usize,
                Err(_) => return end,
            }
        }
    }

    fn finish(mut self) -> String {
        self.flush_comments(0, usize::MAX);
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Spec(decl) => {
                let version = decl
                    .version
                    .as_ref()
                    .map(|v| format!(" version {}", quoted(&v.value(self.text))))
                    .unwrap_or_default();
                self.line(
                    0,
                    decl.span.start,
                    &format!("spec {}{version}", quoted(&decl.title.value(self.text))),
                );
            }
            Item::Segment(decl) => self.line(
                0,
                decl.span.start,
                &format!(
                    "segment {} {}{}",
                    decl.name.text(self.text),
                    quoted(&decl.label.value(self.text)),
                    if decl.default.is_some() {
                        " default"
                    } else {
                        ""
                    }
                ),
            ),
            Item::Fact(decl) => {
                self.line(
                    0,
                    decl.span.start,
                    &format!(
                        "fact {} {} {{",
                        decl.name.text(self.text),
                        quoted(&decl.label.value(self.text))
                    ),
                );
                for value in &decl.values {
                    self.line(
                        1,
                        value.span.start,
                        &format!(
                            "{} {},",
                            value.name.text(self.text),
                            quoted(&value.label.value(self.text))
                        ),
                    );
                }
                self.flush_comments(1, decl.span.end as usize);
                self.push_line(0, "}");
            }
            Item::Never(decl) => {
                let reason = decl
                    .reason
                    .as_ref()
                    .map(|r| format!(" because {}", quoted(&r.value(self.text))))
                    .unwrap_or_default();
                self.line(
                    0,
                    decl.span.start,
                    &format!("never {}{reason}", condition(self.text, &decl.condition)),
                );
            }
            Item::Const(decl) => {
                let value = decl
                    .value
                    .as_ref()
                    .map(|value| format!(" = {}", quoted(&value.value(self.text))))
                    .unwrap_or_default();
                self.line(
                    0,
                    decl.span.start,
                    &format!(
                        "const {} {}{value}",
                        decl.name.text(self.text),
                        quoted(&decl.label.value(self.text)),
                    ),
                )
            }
            Item::Slot(decl) => self.slot(decl),
            Item::Action(decl) => self.line(
                0,
                decl.span.start,
                &format!(
                    "action {} {}",
                    decl.name.text(self.text),
                    quoted(&decl.label.value(self.text))
                ),
            ),
            Item::Decision(decl) => {
                let over: Vec<&str> = decl.over.iter().map(|s| s.text(self.text)).collect();
                self.line(
                    0,
                    decl.span.start,
                    &format!(
                        "decision {} {} over {}",
                        decl.name.text(self.text),
                        quoted(&decl.label.value(self.text)),
                        over.join(", ")
                    ),
                );
            }
            Item::Chapter(decl) => self.line(
                0,
                decl.span.start,
                &format!(
                    "chapter {} {}",
                    decl.number,
                    quoted(&decl.title.value(self.text))
                ),
            ),
            Item::Section(decl) => {
                let segment = decl
                    .segment
                    .as_ref()
                    .map(|s| format!(" for {}", s.text(self.text)))
                    .unwrap_or_default();
                self.line(
                    0,
                    decl.span.start,
                    &format!(
                        "section {} {}{segment}",
                        decl.number,
                        quoted(&decl.title.value(self.text))
                    ),
                );
            }
            Item::Article(decl) => self.article(decl),
        }
        self.covered(item.span().end);
    }

    fn slot(&mut self, decl: &SlotDecl) {
        let ty = match &decl.ty {
            SlotType::Enum { values, .. } => {
                let values: Vec<String> = values
                    .iter()
                    .map(|v| {
                        format!(
                            "{} {}",
                            v.name.text(self.text),
                            quoted(&v.label.value(self.text))
                        )
                    })
                    .collect();
                format!("enum {{ {} }}", values.join(", "))
            }
            SlotType::Named {
                name, arguments, ..
            } => {
                if arguments.is_empty() {
                    name.text(self.text).to_string()
                } else {
                    let arguments: Vec<String> = arguments
                        .iter()
                        .map(|a| type_argument(self.text, a))
                        .collect();
                    format!("{}({})", name.text(self.text), arguments.join(", "))
                }
            }
        };
        self.line(
            0,
            decl.span.start,
            &format!(
                "slot {}: {ty} {}",
                decl.name.text(self.text),
                quoted(&decl.label.value(self.text))
            ),
        );
        for attribute in &decl.attributes {
            let (start, text) = match attribute {
                SlotAttribute::Note(note) => (
                    note.span.start,
                    format!("note {}", quoted(&note.value(self.text))),
                ),
                SlotAttribute::Unit(units) => {
                    let quoted_units: Vec<String> = units
                        .iter()
                        .map(|unit| quoted(&unit.value(self.text)))
                        .collect();
                    (
                        units.first().map_or(0, |unit| unit.span.start),
                        format!("unit {}", quoted_units.join(" | ")),
                    )
                }
                SlotAttribute::Example(ExampleValue::Text(text)) => (
                    text.span.start,
                    format!("example {}", quoted(&text.value(self.text))),
                ),
                SlotAttribute::Example(ExampleValue::Number(number)) => (
                    number.span.start,
                    format!("example {}", number.text(self.text)),
                ),
            };
            // The keyword precedes the value; place comments before the keyword's line.
            let keyword_start = self.text[..start as usize]
                .trim_end()
                .rfind(char::is_whitespace)
                .map_or(start as usize, |idx| idx + 1);
            self.line(1, u32::try_from(keyword_start).unwrap_or(start), &text);
        }
    }

    fn article(&mut self, decl: &ArticleDecl) {
        self.line(
            0,
            decl.span.start,
            &format!(
                "article {} {}",
                decl.number,
                quoted(&decl.title.value(self.text))
            ),
        );
        let mut head = Vec::new();
        let mut head_start = None;
        if let Some(decision) = &decl.decision {
            head.push(format!("in {}", decision.text(self.text)));
            head_start = Some(decision.span.start);
        }
        if let Some(when) = &decl.condition {
            head.push(format!("when {}", condition(self.text, when)));
            head_start.get_or_insert(when.span.start);
        }
        if let Some(start) = head_start {
            let start = keyword_before(self.text, start);
            self.line(1, start, &head.join(" "));
        }
        if let Some(incomplete) = &decl.incomplete {
            let start = keyword_before(self.text, incomplete.span.start);
            self.line(
                1,
                start,
                &format!("incomplete {}", quoted(&incomplete.value(self.text))),
            );
        }
        if let Some(first) = decl.general_for.first() {
            let names: Vec<&str> = decl.general_for.iter().map(|n| n.text(self.text)).collect();
            let start = keyword_before(self.text, keyword_before(self.text, first.span.start));
            self.line(1, start, &format!("general for {}", names.join(", ")));
        }
        for item in &decl.body {
            match item {
                BodyItem::Guidance(text) => {
                    let start = keyword_before(self.text, text.span.start);
                    self.line(
                        1,
                        start,
                        &format!("guidance {}", quoted(&text.value(self.text))),
                    );
                }
                BodyItem::Utterances(utterances) => self.utterances(1, utterances),
                BodyItem::Case(case) => {
                    let label = case
                        .label
                        .as_ref()
                        .map(|l| format!(" {}", quoted(&l.value(self.text))))
                        .unwrap_or_default();
                    self.line(
                        1,
                        case.span.start,
                        &format!("case{label} when {}", condition(self.text, &case.condition)),
                    );
                    self.utterances(2, &case.utterances);
                }
                BodyItem::Step(step) => {
                    let label = step
                        .label
                        .as_ref()
                        .map(|l| format!(" {}", quoted(&l.value(self.text))))
                        .unwrap_or_default();
                    match &step.condition {
                        Some(when) => {
                            self.line(
                                1,
                                step.span.start,
                                &format!("step{label} when {}", condition(self.text, when)),
                            );
                            self.utterances(2, &step.utterances);
                        }
                        None => {
                            // `step say …` on one line when the step has no condition.
                            let mut lines =
                                utterance_lines(self.text, &step.utterances).into_iter();
                            let first = lines.next().unwrap_or_default();
                            self.line(1, step.span.start, &format!("step{label} {}", first.1));
                            for (start, text) in lines {
                                self.line(2, start, &text);
                            }
                        }
                    }
                }
            }
        }
    }

    fn utterances(&mut self, depth: usize, utterances: &Utterances) {
        for (start, text) in utterance_lines(self.text, utterances) {
            self.line(depth, start, &text);
        }
    }
}

/// The offset of the first token at or after `from`, skipping spaces, line breaks and
/// comments.
fn next_token_start(text: &str, from: u32) -> u32 {
    let rest = text.get(from as usize..).unwrap_or_default();
    let mut in_comment = false;
    for (offset, ch) in rest.char_indices() {
        match ch {
            '\n' | '\r' => in_comment = false,
            // The grammar's blanks (`WHITESPACE`), U+3000 and the BOM among them.
            ' ' | '\t' | '\u{3000}' | '\u{FEFF}' => {}
            '#' => in_comment = true,
            _ if in_comment => {}
            _ => return from + u32::try_from(offset).unwrap_or(0),
        }
    }
    from + u32::try_from(rest.len()).unwrap_or(0)
}

/// `may say "…" lang "en"` in canonical form (a written `must` is kept).
fn say_text(text: &str, say: &crate::syntax::ast::Say) -> String {
    let mut out = String::new();
    if let Some((modal, _)) = say.modal {
        out.push_str(modal.keyword());
        out.push(' ');
    }
    out.push_str(&format!("say {}", template_text(text, &say.template)));
    if let Some(language) = &say.language {
        out.push_str(&format!(" lang {}", quoted(&language.value(text))));
    }
    out
}

/// `act transfer_to {department} note "…" until "…"` in canonical form.
fn act_text(text: &str, act: &crate::syntax::ast::Act) -> String {
    let mut out = format!("act {}", act.name.text(text));
    if let Some(argument) = &act.argument {
        out.push_str(&format!(" {{{}}}", argument.text(text)));
    }
    if let Some(note) = &act.note {
        out.push_str(&format!(" note {}", quoted(&note.value(text))));
    }
    if let Some(until) = &act.until {
        out.push_str(&format!(" until {}", quoted(&until.value(text))));
    }
    out
}

/// `say …` / `or act …` lines with the source offset each starts at (the `or` keyword).
fn utterance_lines(text: &str, utterances: &Utterances) -> Vec<(u32, String)> {
    let mut start = utterances.span.start;
    utterances
        .options
        .iter()
        .enumerate()
        .map(|(idx, option)| {
            let (line_text, end) = match option {
                Utterance::Say(say) => (say_text(text, say), say.span_end()),
                Utterance::Act(act) => (act_text(text, act), act.span.end),
            };
            let line = if idx == 0 {
                line_text
            } else {
                format!("or {line_text}")
            };
            let line_start = if idx == 0 {
                start
            } else {
                next_token_start(text, start)
            };
            start = end;
            (line_start, line)
        })
        .collect()
}

/// The start of the keyword before the token at `start` (`in` before a decision name).
fn keyword_before(text: &str, start: u32) -> u32 {
    let before = text[..start as usize].trim_end();
    // After the blank before the keyword, which may be wider than a byte (U+3000).
    let keyword_start = before
        .char_indices()
        .rev()
        .find(|(_, ch)| ch.is_whitespace())
        .map_or(0, |(idx, ch)| idx + ch.len_utf8());
    u32::try_from(keyword_start).unwrap_or(start)
}

fn type_argument(text: &str, argument: &TypeArgument) -> String {
    match argument {
        TypeArgument::Name(name) => name.text(text).to_string(),
        TypeArgument::Number(number) => number.text(text).to_owned(),
        TypeArgument::Range(range) => {
            let low = range.low.as_ref().map_or("", |n| n.text(text));
            let high = range.high.as_ref().map_or("", |n| n.text(text));
            let operator = match range.inclusive {
                RangeEnd::Included => "..=",
                RangeEnd::Excluded => "..",
            };
            format!("{low}{operator}{high}")
        }
    }
}

/// A condition in canonical spacing.
pub fn condition(text: &str, condition: &Condition) -> String {
    condition
        .comparisons
        .iter()
        .map(|comparison| {
            let values: Vec<&str> = comparison.values.iter().map(|v| v.text(text)).collect();
            match comparison.operator {
                Operator::Equal | Operator::NotEqual => format!(
                    "{} {} {}",
                    comparison.subject.text(text),
                    comparison.operator.as_str(),
                    values.join(", ")
                ),
                Operator::In | Operator::NotIn => format!(
                    "{} {} {{{}}}",
                    comparison.subject.text(text),
                    comparison.operator.as_str(),
                    values.join(", ")
                ),
            }
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A plain string literal.
pub fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for ch in value.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// Where a piece of template text stands, which decides what must be escaped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TextContext {
    Phrase,
    Branch,
}

fn escape_template_text(text: &str, context: TextContext) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '"' | '\\' | '{' | '}' | '[' | ']' => {
                out.push('\\');
                out.push(ch);
            }
            '|' if context == TextContext::Branch => out.push_str("\\|"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            ch => out.push(ch),
        }
    }
    out
}

/// A choice of `{name ? a | b}` as it is written. The parser leaves the spaces and tabs
/// around a choice out of its text, so its text never starts or ends with a space and
/// nothing is trimmed here: other blanks at its edges (U+3000, NBSP, an escaped tab) are text.
fn escape_choice(text: &str) -> String {
    escape_template_text(text, TextContext::Branch)
}

fn pieces_text(text: &str, pieces: &[Piece], context: TextContext) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(run) => out.push_str(&escape_template_text(&run.value(text), context)),
            Piece::Reference(reference) => match &reference.choices {
                None => out.push_str(&format!("{{{}}}", reference.name.text(text))),
                Some(choices) => {
                    let by_segment = reference.name.text(text) == "segment";
                    let choices: Vec<String> = choices
                        .iter()
                        .map(|c| {
                            let value = c.value(text);
                            match crate::syntax::ast::leading_name(&value) {
                                // `business:为贵单位` → `business: 为贵单位`
                                Some((name_len, text_start)) if by_segment => {
                                    let rest = escape_choice(&value[text_start..]);
                                    match rest.is_empty() {
                                        true => format!("{}:", &value[..name_len]),
                                        false => format!("{}: {rest}", &value[..name_len]),
                                    }
                                }
                                _ => escape_choice(&value),
                            }
                        })
                        .collect();
                    out.push_str(&format!(
                        "{{{} ? {}}}",
                        reference.name.text(text),
                        choices.join(" | ")
                    ));
                }
            },
            Piece::Alternatives(alternatives) => {
                let branches: Vec<String> = alternatives
                    .branches
                    .iter()
                    .map(|branch| pieces_text(text, branch, TextContext::Branch))
                    .collect();
                out.push_str(&format!("[{}]", branches.join("|")));
            }
        }
    }
    out
}

/// A template in canonical form, with its quotes.
pub fn template_text(text: &str, template: &Template) -> String {
    format!(
        "\"{}\"",
        pieces_text(text, &template.pieces, TextContext::Phrase)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_comments_and_one_blank_line() {
        let source = "# head\nspec \"s\"   version \"1\"\n\n\n\n# about a\nsegment a \"A\" # trailing\narticle 1 \"t\"\n    say   \"x{y ?a|b}[p|q]\"\n";
        let formatted = format_source(source).expect("formats");
        assert_eq!(
            formatted,
            "# head\nspec \"s\" version \"1\"\n\n# about a\nsegment a \"A\"  # trailing\narticle 1 \"t\"\n  say \"x{y ? a | b}[p|q]\"\n"
        );
        assert_eq!(format_source(&formatted).expect("formats"), formatted);
    }

    #[test]
    fn refuses_files_with_syntax_errors() {
        assert!(format_source("article 1 \"t\"\n  say \"x\n").is_err());
    }

    /// Found by `tests/it/fmt_meaning.rs`: a U+3000 before `in` made the formatter cut the text
    /// inside the blank (a panic), and one before `or` was taken for a token.
    #[test]
    fn blanks_wider_than_a_byte_between_tokens() {
        let text =
            "spec \"s\"\narticle 1 \"t\"\u{3000}in\u{3000}d\n  say \"x\"\u{3000}\u{3000}or act a\n";
        assert_eq!(
            format_source(text).expect("formats"),
            "spec \"s\"\narticle 1 \"t\"\n  in d\n  say \"x\"\n  or act a\n"
        );
    }

    #[test]
    fn the_first_line_end_decides_and_a_bom_is_kept() {
        assert_eq!(LineEnding::of("a\r\nb\nc\r"), LineEnding::CrLf);
        assert_eq!(LineEnding::of("a\rb\r\n"), LineEnding::Cr);
        assert_eq!(LineEnding::of("a\nb\r\n"), LineEnding::Lf);
        assert_eq!(LineEnding::of("a"), LineEnding::Lf);
        let text = "\u{FEFF}spec  \"s\"\r\narticle 1 \"t\"\n say \"x\"";
        assert_eq!(
            format_file_text(text).expect("formats"),
            "\u{FEFF}spec \"s\"\r\narticle 1 \"t\"\r\n  say \"x\"\r\n"
        );
        assert!(format_file_text("\u{FEFF}article").is_err());
    }
}
