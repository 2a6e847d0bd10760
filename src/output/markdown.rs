//! The `markdown` format, for a pull-request comment: a heading, a summary, then the findings
//! as list items in sections. Text written by users (titles, phrases) is escaped in full:
//! HTML (`<!--` would hide the rest of the comment, `<img>` would load an image) and the
//! characters of Markdown markup; our own wording keeps its `code` spans, with HTML escaped.

use std::borrow::Cow;
use std::io::Write;

use super::{Finding, Marks, Piece};

/// Deleted and inserted runs as HTML (the only HTML the format writes).
const MARKDOWN_MARKS: Marks = Marks {
    delete: ("<del>", "</del>"),
    insert: ("<ins>", "</ins>"),
};

/// A group of findings under a heading; a section with no findings is left out.
pub struct Section<'a, R> {
    pub heading: &'static str,
    pub findings: Vec<Finding<'a, R>>,
}

/// What a whole document says: its heading, the line when there are no findings, the
/// summary above them.
pub struct Document<'s> {
    pub heading: &'s str,
    pub empty: &'s str,
    pub summary: String,
}

/// Writes the document with its sections.
pub fn write<R>(
    out: &mut dyn Write,
    document: &Document<'_>,
    sections: &[Section<'_, R>],
) -> std::io::Result<()> {
    let mut text = format!("### {}\n\n", document.heading);
    if sections.iter().all(|section| section.findings.is_empty()) {
        text.push_str(document.empty);
        text.push('\n');
        return out.write_all(text.as_bytes());
    }
    text.push_str(&format!("{}\n\n", document.summary));
    for section in sections
        .iter()
        .filter(|section| !section.findings.is_empty())
    {
        text.push_str(&format!("#### {}\n\n", section.heading));
        for finding in &section.findings {
            text.push_str(&item(finding));
        }
        text.push('\n');
    }
    out.write_all(text.as_bytes())
}

/// A document that quotes findings as concise lines in a code block (a run that could not
/// produce its report); a fence in a finding is broken with a zero-width space.
pub fn write_quoted<'a, R>(
    out: &mut dyn Write,
    heading: &str,
    findings: impl IntoIterator<Item = Finding<'a, R>>,
) -> std::io::Result<()> {
    let mut text = format!("### {heading}\n\n```text\n");
    for finding in findings {
        text.push_str(&super::concise::line(&finding).replace("```", "`\u{200b}``"));
    }
    text.push_str("```\n");
    out.write_all(text.as_bytes())
}

fn item<R>(finding: &Finding<'_, R>) -> String {
    let mut text = String::from("- ");
    for piece in &finding.message.pieces {
        match piece {
            Piece::Prose(prose) => text.push_str(&escape_html(prose)),
            Piece::Quoted(quoted) => text.push_str(&escape_user_text(quoted)),
        }
    }
    text.push('\n');
    for line in &finding.detail {
        text.push_str(&format!(
            "  {} {}<br>\n",
            line.sign.as_str(),
            line.marked(&MARKDOWN_MARKS, escape_user_text)
        ));
    }
    text
}

/// `&`, `<` and `>` as character references.
fn escape_html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>']) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;"),
    )
}

/// HTML escaped, and every character that could start Markdown markup as a character
/// reference, so user text reads as written and cannot open a code span, a link or
/// emphasis that swallows what follows.
fn escape_user_text(text: &str) -> Cow<'_, str> {
    const MARKUP: [char; 10] = ['&', '<', '>', '`', '*', '_', '[', ']', '\\', '~'];
    if !text.contains(MARKUP) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other if MARKUP.contains(&other) => out.push_str(&format!("&#{};", u32::from(other))),
            other => out.push(other),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_open_html_or_markup() {
        assert_eq!(
            escape_user_text("a <!-- b `c` <img src=x> *d*"),
            "a &lt;!-- b &#96;c&#96; &lt;img src=x&gt; &#42;d&#42;"
        );
        assert_eq!(escape_user_text("我们正在抢修"), "我们正在抢修");
    }

    #[test]
    fn prose_keeps_code_spans_and_escapes_html() {
        assert_eq!(escape_html("decision `a` <b>"), "decision `a` &lt;b&gt;");
    }
}
