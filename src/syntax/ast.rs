//! The syntax tree: what the author wrote, with a byte span on every node and comments kept.
//!
//! Nothing here is resolved or checked. Names and quoted texts are not copied: a node holds
//! the span of its text in the source, and [`Texts`] (or [`Name::text`], [`Str::value`]) reads
//! it from there, so that the tree stays a small multiple of the source.

use std::borrow::Cow;
use std::sync::Arc;

use crate::source::{FileId, Span};

/// A name as written: its text is the source under its span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    pub span: Span,
}

impl Name {
    /// The name as written, read from `source` (the text of the name's file).
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        source.get(self.span.range()).unwrap_or_default()
    }
}

/// A quoted string, or a run of text in a phrase or a choice: its span covers the text as
/// written (with the quotes, for a quoted string).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Str {
    pub span: Span,
}

impl Str {
    /// The text without its quotes and with its escapes decoded, read from `source` (the text
    /// of the string's file). Borrowed unless it has escapes.
    pub fn value<'s>(&self, source: &'s str) -> Cow<'s, str> {
        let raw = source.get(self.span.range()).unwrap_or_default();
        // A run of phrase text never starts with an unescaped quote, so a leading quote marks
        // a quoted string.
        let inner = match raw.strip_prefix('"') {
            Some(rest) => rest.strip_suffix('"').unwrap_or(rest),
            None => raw,
        };
        unescape(inner)
    }
}

/// Decodes the grammar's escapes (`\"`, `\\`, `\{`, `\}`, `\[`, `\]`, `\|`, `\n`, `\t`);
/// borrowed when there are none.
pub fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains('\\') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// A syntax tree with the text its spans point into.
#[derive(Clone, Copy, Debug)]
pub struct ParsedFile<'a> {
    pub id: FileId,
    pub text: &'a Arc<str>,
    pub tree: &'a File,
}

/// A syntax tree its owner gives up (to `check::resolve_owned`), with the text its spans point
/// into.
#[derive(Clone, Debug)]
pub struct OwnedParsedFile {
    pub id: FileId,
    pub text: Arc<str>,
    pub tree: File,
}

/// Reads the text under the spans of any file of a rule set.
#[derive(Clone, Debug, Default)]
pub struct Texts<'a> {
    /// By file number (`FileId`); files not in the set have an empty text.
    by_file: Vec<&'a str>,
}

impl<'a> Texts<'a> {
    /// The texts of a rule set's files.
    pub fn new(files: impl IntoIterator<Item = (FileId, &'a str)>) -> Texts<'a> {
        let mut by_file = Vec::new();
        for (id, text) in files {
            let idx = id.0 as usize;
            if by_file.len() <= idx {
                by_file.resize(idx + 1, "");
            }
            by_file[idx] = text;
        }
        Texts { by_file }
    }

    /// The text of `file`; empty for a file not in the set.
    pub fn of_file(&self, file: FileId) -> &'a str {
        self.by_file
            .get(file.0 as usize)
            .copied()
            .unwrap_or_default()
    }

    /// A name as written.
    pub fn name(&self, name: &Name) -> &'a str {
        name.text(self.of_file(name.span.file))
    }

    /// The text of `span` as written.
    pub fn raw(&self, span: Span) -> &'a str {
        self.of_file(span.file)
            .get(span.range())
            .unwrap_or_default()
    }

    /// A quoted string's or a text run's value (quotes removed, escapes decoded).
    pub fn str(&self, text: &Str) -> Cow<'a, str> {
        text.value(self.of_file(text.span.file))
    }
}

/// A number (`30`, `-1`, `2.5`): the span of its digits as written. Its value is read from
/// the text by whoever needs it, exactly (`check::number::Decimal`).
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub span: Span,
}

impl Number {
    /// The number as written, read from `source` (the text of the number's file).
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        source.get(self.span.range()).unwrap_or_default()
    }
}

/// A `# …` comment, kept for the formatter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

/// One parsed file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct File {
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
    /// The names declared by declarations that could not be parsed (`slot m: …` with a syntax
    /// error): a use of one is not reported as an unknown name, the syntax error is the cause.
    pub unreadable_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
/// A top-level declaration. Boxed, so that a file's list of declarations stays small (it is
/// joined from the parts of a file parsed on several threads) and an article can be handed on
/// without copying it.
pub enum Item {
    Spec(Box<SpecDecl>),
    Segment(Box<SegmentDecl>),
    Fact(Box<FactDecl>),
    Never(Box<NeverDecl>),
    Const(Box<ConstDecl>),
    Slot(Box<SlotDecl>),
    Action(Box<ActionDecl>),
    Decision(Box<DecisionDecl>),
    Chapter(Box<ChapterDecl>),
    Section(Box<SectionDecl>),
    Article(Box<ArticleDecl>),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Spec(decl) => decl.span,
            Item::Segment(decl) => decl.span,
            Item::Fact(decl) => decl.span,
            Item::Never(decl) => decl.span,
            Item::Const(decl) => decl.span,
            Item::Slot(decl) => decl.span,
            Item::Action(decl) => decl.span,
            Item::Decision(decl) => decl.span,
            Item::Chapter(decl) => decl.span,
            Item::Section(decl) => decl.span,
            Item::Article(decl) => decl.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecDecl {
    pub title: Str,
    pub version: Option<Str>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentDecl {
    pub name: Name,
    pub label: Str,
    /// The span of `default`, when written.
    pub default: Option<Span>,
    pub span: Span,
}

/// A named value with a label: a fact's value or an enum slot's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueDecl {
    pub name: Name,
    pub label: Str,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactDecl {
    pub name: Name,
    pub label: Str,
    pub values: Vec<ValueDecl>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeverDecl {
    pub condition: Condition,
    pub reason: Option<Str>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstDecl {
    pub name: Name,
    pub label: Str,
    /// `None` for a constant whose value is supplied at deployment.
    pub value: Option<Str>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SlotDecl {
    pub name: Name,
    pub ty: SlotType,
    pub label: Str,
    pub attributes: Vec<SlotAttribute>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SlotType {
    Enum {
        values: Vec<ValueDecl>,
        span: Span,
    },
    Named {
        name: Name,
        arguments: Vec<TypeArgument>,
        span: Span,
    },
}

impl SlotType {
    pub fn span(&self) -> Span {
        match self {
            SlotType::Enum { span, .. } | SlotType::Named { span, .. } => *span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeArgument {
    Range(RangeArg),
    Name(Name),
    Number(Number),
}

/// `lo..hi` or `lo..=hi`, either end optional.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeArg {
    pub low: Option<Number>,
    pub high: Option<Number>,
    pub inclusive: RangeEnd,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeEnd {
    Included,
    Excluded,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SlotAttribute {
    Note(Str),
    Example(ExampleValue),
    /// `unit "个"`, or several: `unit "小时" | "工作日"`.
    Unit(Box<[Str]>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExampleValue {
    Text(Str),
    Number(Number),
}

impl ExampleValue {
    pub fn span(&self) -> Span {
        match self {
            ExampleValue::Text(text) => text.span,
            ExampleValue::Number(number) => number.span,
        }
    }

    /// The example as written (a text's value, a number's digits); `source` is its file's text.
    pub fn text<'s>(&'s self, source: &'s str) -> Cow<'s, str> {
        match self {
            ExampleValue::Text(text) => text.value(source),
            ExampleValue::Number(number) => Cow::Borrowed(number.text(source)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionDecl {
    pub name: Name,
    pub label: Str,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionDecl {
    pub name: Name,
    pub label: Str,
    pub over: Vec<Subject>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChapterDecl {
    pub number: u32,
    pub number_span: Span,
    pub title: Str,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionDecl {
    pub number: u32,
    pub number_span: Span,
    pub title: Str,
    pub segment: Option<Name>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleDecl {
    pub number: u32,
    pub number_span: Span,
    pub title: Str,
    pub decision: Option<Name>,
    pub condition: Option<Condition>,
    pub incomplete: Option<Str>,
    /// Segments named by `general for …`.
    pub general_for: Box<[Name]>,
    pub body: Box<[BodyItem]>,
    pub span: Span,
}

/// What a condition tests: a fact by name, or the customer segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    Segment(Span),
    Fact(Name),
}

impl Subject {
    pub fn span(&self) -> Span {
        match self {
            Subject::Segment(span) => *span,
            Subject::Fact(name) => name.span,
        }
    }

    /// The subject as written; `source` is its file's text.
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        match self {
            Subject::Segment(_) => "segment",
            Subject::Fact(name) => name.text(source),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub comparisons: Box<[Comparison]>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Equal,
    NotEqual,
    In,
    NotIn,
}

impl Operator {
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Equal => "=",
            Operator::NotEqual => "!=",
            Operator::In => "in",
            Operator::NotIn => "not in",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub subject: Subject,
    pub operator: Operator,
    /// One value for `=`/`!=`, the listed values for `in`/`not in`.
    pub values: Box<[Name]>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyItem {
    Guidance(Str),
    Utterances(Utterances),
    /// Boxed, as most body items are plain phrases.
    Case(Box<CaseItem>),
    Step(Box<StepItem>),
}

/// `say … or act … or say …`: the first is canonical.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Utterances {
    pub options: Box<[Utterance]>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Utterance {
    Say(Box<Say>),
    Act(Box<Act>),
}

/// `may say "…" lang "en"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Say {
    /// `must` or `may` before `say`, if written.
    pub modal: Option<(Modal, Span)>,
    pub template: Template,
    /// The string after `lang`.
    pub language: Option<Str>,
}

impl Say {
    /// Where the `say` ends: after its language tag, or its phrase.
    pub fn span_end(&self) -> u32 {
        match &self.language {
            Some(language) => language.span.end,
            None => self.template.span.end,
        }
    }
}

/// How strongly a phrase is prescribed: 应使用 (`must`, the default) or 可使用 (`may`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Modal {
    #[default]
    Must,
    May,
}

impl Modal {
    pub fn keyword(self) -> &'static str {
        match self {
            Modal::Must => "must",
            Modal::May => "may",
        }
    }
}

/// `act transfer_to {department} note "…" until "…"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Act {
    pub name: Name,
    /// The slot or constant in `{…}`.
    pub argument: Option<Name>,
    pub note: Option<Str>,
    pub until: Option<Str>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseItem {
    pub label: Option<Str>,
    pub condition: Condition,
    pub utterances: Utterances,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepItem {
    pub label: Option<Str>,
    pub condition: Option<Condition>,
    pub utterances: Utterances,
    pub span: Span,
}

/// A phrase in quotes, as a list of pieces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub pieces: Box<[Piece]>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Literal text as written (escapes not decoded: see [`Str::value`]).
    Text(Str),
    /// `{name}` or `{name ? a | b}`.
    Reference(Box<Reference>),
    /// `[a|b]`: free variation.
    Alternatives(Box<Alternatives>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub name: Name,
    /// Present for `{name ? a | b}`.
    pub choices: Option<Box<[Str]>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alternatives {
    /// Each branch holds text and references only.
    pub branches: Box<[Box<[Piece]>]>,
    pub span: Span,
}

// The tree is kept a small multiple of the source (issue 2: parse and resolve under 3× the
// source size): these nodes are the many ones, so their sizes are held here.
#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(std::mem::size_of::<Name>() == 12);
    assert!(std::mem::size_of::<Str>() == 12);
    assert!(std::mem::size_of::<Piece>() == 16);
    assert!(std::mem::size_of::<Item>() == 16);
    assert!(std::mem::size_of::<BodyItem>() <= 40);
};

/// A `name:` at the start of a choice's text (`business: 为贵单位`, the branch of a segment
/// choice for `business`): the byte length of the name and the offset where the text after the
/// colon and its spaces starts. `None` when the text does not start with a name and a colon.
pub fn leading_name(text: &str) -> Option<(usize, usize)> {
    use pest::unicode::{XID_CONTINUE, XID_START};
    let mut chars = text.char_indices();
    let (_, first) = chars.next()?;
    if !(XID_START(first) || first == '_') {
        return None;
    }
    let name_len = text
        .char_indices()
        .find(|&(_, ch)| !(XID_CONTINUE(ch) || ch == '_'))
        .map_or(text.len(), |(at, _)| at);
    let rest = &text[name_len..];
    let after_spaces = rest.trim_start_matches([' ', '\t']);
    let after_colon = after_spaces.strip_prefix(':')?;
    let text_start = text.len() - after_colon.trim_start_matches([' ', '\t']).len();
    Some((name_len, text_start))
}
