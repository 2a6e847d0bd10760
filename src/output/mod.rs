//! The one output pipeline: every format is written by one emitter, in one file, from
//! [`Finding`] values. A checker `Diagnostic` (`diagnostics::render`) and a semantic-diff
//! `Entry` (`diff::render`) both convert to findings; neither writes a format itself.
//!
//! Emitters are pure: they write to a `std::io::Write` given by the caller and never print.
//! This module imports nothing of `diagnostics` or `diff`; they import it.

pub mod clip;
pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod json_lines;
pub mod markdown;
pub mod sarif;

use std::borrow::Cow;
use std::ops::Range;

use crate::source::{Location, SourceMap, Span};

/// Whether ANSI colour codes are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coloring {
    Plain,
    Ansi,
}

/// How serious a finding is, in SARIF's words (GitHub: `error`, `warning`, `notice`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl Level {
    /// The word the concise and SARIF formats print.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// A GitLab Code Quality severity (its own scale, finer than [`Level`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quality {
    Info,
    Minor,
    Major,
}

/// Which version of the rules a place is in: the one on disk now, or an earlier one (the
/// diff's old side). Annotations on the current tree (GitHub) use only current places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Current,
    Previous,
}

/// A span with the sources it points into.
#[derive(Clone, Copy)]
pub struct Place<'a> {
    pub sources: &'a SourceMap,
    pub span: Span,
    pub side: Side,
}

impl Place<'_> {
    pub fn location(&self) -> Location {
        self.sources.location(self.span)
    }
}

/// Whether a label is what the finding is about or context (also the style of a
/// `Diagnostic`'s labels, which `diagnostics` re-exports).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LabelStyle {
    Primary,
    Secondary,
}

/// A labelled place.
#[derive(Clone)]
pub struct FindingLabel<'a> {
    pub place: Place<'a>,
    pub message: &'a str,
    pub style: LabelStyle,
}

/// One piece of a message: our own wording, or text written by a user (a title, a phrase),
/// which markup formats escape in full.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Prose(Cow<'a, str>),
    Quoted(Cow<'a, str>),
}

/// A one-line message made of pieces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Message<'a> {
    pub pieces: Vec<Piece<'a>>,
}

impl<'a> Message<'a> {
    /// A message that is all prose.
    pub fn prose(text: impl Into<Cow<'a, str>>) -> Message<'a> {
        Message {
            pieces: vec![Piece::Prose(text.into())],
        }
    }

    pub fn and_prose(mut self, text: impl Into<Cow<'a, str>>) -> Message<'a> {
        self.pieces.push(Piece::Prose(text.into()));
        self
    }

    pub fn and_quoted(mut self, text: impl Into<Cow<'a, str>>) -> Message<'a> {
        self.pieces.push(Piece::Quoted(text.into()));
        self
    }

    /// The text as it reads, without markup.
    pub fn plain(&self) -> Cow<'_, str> {
        match self.pieces.as_slice() {
            [Piece::Prose(text) | Piece::Quoted(text)] => Cow::Borrowed(text),
            pieces => Cow::Owned(
                pieces
                    .iter()
                    .map(|piece| match piece {
                        Piece::Prose(text) | Piece::Quoted(text) => &**text,
                    })
                    .collect(),
            ),
        }
    }
}

/// How a run of a detail line compares with the other line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emphasis {
    Same,
    Deleted,
    Inserted,
}

/// A run of a detail line: a byte range of its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub bytes: Range<usize>,
    pub emphasis: Emphasis,
}

/// Whether a detail line shows the old text or the new.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    Removed,
    Added,
}

impl Sign {
    fn as_str(self) -> &'static str {
        match self {
            Sign::Removed => "-",
            Sign::Added => "+",
        }
    }
}

/// One line of a detail block: `- old text` or `+ new text` (user text), changed runs
/// marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DetailLine<'a> {
    pub sign: Sign,
    pub text: &'a str,
    /// Consecutive runs covering `text`.
    pub runs: Vec<Run>,
}

/// Marks around deleted and inserted runs in one format.
pub struct Marks {
    pub delete: (&'static str, &'static str),
    pub insert: (&'static str, &'static str),
}

/// `[-deleted-]` and `{+inserted+}` (wdiff's marks), for plain text.
pub const PLAIN_MARKS: Marks = Marks {
    delete: ("[-", "-]"),
    insert: ("{+", "+}"),
};

impl DetailLine<'_> {
    /// The line's text with changed runs marked, each run passed through `escape`.
    pub fn marked(&self, marks: &Marks, escape: fn(&str) -> Cow<'_, str>) -> String {
        let mut out = String::new();
        for run in &self.runs {
            let (open, close) = match run.emphasis {
                Emphasis::Same => ("", ""),
                Emphasis::Deleted => marks.delete,
                Emphasis::Inserted => marks.insert,
            };
            out.push_str(open);
            out.push_str(&escape(
                self.text.get(run.bytes.clone()).unwrap_or_default(),
            ));
            out.push_str(close);
        }
        out
    }
}

/// Text as it is (the `escape` of formats without markup).
pub fn verbatim(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

/// Whether a finding is a result, or says that the run itself could not complete (an input
/// that cannot be read; SARIF reports it as a tool execution notification).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Result,
    RunFailure,
}

/// How the human format shows a finding: drawn over its source lines (codespan-reporting),
/// or as a line tagged with a word (`[breaking] …`) followed by its detail block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HumanForm {
    Drawn,
    Tagged(&'static str),
}

/// Everything every format needs of one finding. `R` is its JSON record: a typed struct the
/// source of the finding defines (the JSON formats' schemas are the sources' own).
pub struct Finding<'a, R> {
    /// The rule: a diagnostic code (`E0101`) or a kind of change (`phrase-changed`).
    pub rule_id: &'a str,
    /// The rule's place in the run's rule list ([`sarif::Tool`]).
    pub rule_index: usize,
    /// A short title for annotations (`E0101 duplicate-article`).
    pub title: Cow<'a, str>,
    pub level: Level,
    pub quality: Quality,
    pub role: Role,
    pub human: HumanForm,
    pub message: Message<'a>,
    /// Lines shown under the message (the diff's old and new text).
    pub detail: Vec<DetailLine<'a>>,
    /// Labelled places; the first primary one is where the finding is.
    pub labels: Vec<FindingLabel<'a>>,
    pub notes: &'a [String],
    pub help: Option<&'a str>,
    /// The justification of a finding silenced in the source (SARIF `suppressions`).
    pub suppression: Option<&'a str>,
    pub record: R,
}

impl<'a, R> Finding<'a, R> {
    /// The first primary label's place.
    pub fn primary(&self) -> Option<Place<'a>> {
        self.labels
            .iter()
            .find(|label| label.style == LabelStyle::Primary)
            .map(|label| label.place)
    }

    /// The message and its detail lines (changed runs marked in plain text).
    pub fn text(&self) -> String {
        let mut text = self.message.plain().into_owned();
        for line in &self.detail {
            text.push_str("\n  ");
            text.push_str(line.sign.as_str());
            text.push(' ');
            text.push_str(&line.marked(&PLAIN_MARKS, verbatim));
        }
        text
    }

    /// [`Finding::text`] and a `help:` line.
    pub fn text_with_help(&self) -> String {
        let mut text = self.text();
        if let Some(help) = self.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        text
    }

    /// [`Finding::text`], then `note:` lines and a `help:` line.
    pub fn text_with_notes_and_help(&self) -> String {
        let mut text = self.text();
        for note in self.notes {
            text.push_str("\nnote: ");
            text.push_str(note);
        }
        if let Some(help) = self.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        text
    }
}
