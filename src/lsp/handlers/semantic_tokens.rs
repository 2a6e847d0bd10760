//! Semantic tokens of a whole document: keywords, declared names by kind (the declaration
//! itself marked), strings, the slots and constants named inside a phrase's `{…}` (and a
//! segment choice's keyword and branch names), numbers and comments. A lexical scan of the text (the grammar's tokens: `#` comments, one-line
//! strings with `\` escapes, names, numbers); each name is told apart as `lookup` does.

use std::collections::{BTreeMap, BTreeSet};

use lsp_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
};
use pest::unicode::{XID_CONTINUE, XID_START};
use phrasec::source::FileId;
use phrasec::syntax::keywords::is_keyword;

use crate::lsp::documents::Documents;
use crate::lsp::lookup::{Target, declaration_span, declarations, target_at};
use crate::lsp::workspace::Snapshot;

/// The token types, in the order of the legend (a token's type is its index here).
const TYPES: [SemanticTokenType; 11] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::COMMENT,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::ENUM,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::INTERFACE,
    SemanticTokenType::PARAMETER,
];
const KEYWORD: u32 = 0;
const STRING: u32 = 1;
const NUMBER: u32 = 2;
const COMMENT: u32 = 3;

/// The modifiers, in the order of the legend (bit `1 << index`).
const MODIFIERS: [SemanticTokenModifier; 2] = [
    SemanticTokenModifier::DECLARATION,
    SemanticTokenModifier::READONLY,
];
const DECLARATION: u32 = 1;
const READONLY: u32 = 2;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: MODIFIERS.to_vec(),
    }
}

/// The token type and modifiers of a declared name.
fn classify(target: Target) -> (u32, u32) {
    match target {
        Target::Segment(_) => (4, 0),
        Target::Fact(_) => (5, 0),
        Target::Value(..) | Target::SlotValue(..) => (6, 0),
        Target::Slot(_) => (7, 0),
        Target::Constant(_) => (7, READONLY),
        Target::Action(_) => (8, 0),
        Target::Decision(_) => (9, 0),
        Target::Article(_) => (10, 0),
    }
}

/// One token: byte range in the compiled text, type and modifiers.
#[derive(Debug, PartialEq, Eq)]
struct Token {
    start: usize,
    end: usize,
    kind: u32,
    modifiers: u32,
}

/// The tokens of `file`, encoded relative to each other as the protocol wants.
pub fn tokens(snapshot: &Snapshot, documents: &Documents, file: FileId) -> SemanticTokens {
    let model = &snapshot.compilation.model;
    let text = snapshot.text(file);
    let mut by_name: BTreeMap<&str, Vec<Target>> = BTreeMap::new();
    let mut declared_at: BTreeSet<usize> = BTreeSet::new();
    for (target, _, name) in declarations(model) {
        by_name.entry(name).or_default().push(target);
        let (_, span) = declaration_span(model, &snapshot.compilation.sources, target);
        if span.file == file {
            declared_at.insert(span.start as usize);
        }
    }
    let name_kind = |start: usize, end: usize| -> Option<(u32, u32)> {
        let targets = by_name.get(&text[start..end])?;
        let target = match targets.as_slice() {
            [only] => *only,
            _ => target_at(model, file, text, start)?,
        };
        let (kind, modifiers) = classify(target);
        let declaration = if declared_at.contains(&start) {
            DECLARATION
        } else {
            0
        };
        Some((kind, modifiers | declaration))
    };
    let raw = scan(text, &name_kind);
    let index = documents.index(snapshot, file);
    let mut data = Vec::with_capacity(raw.len());
    let (mut line, mut character) = (0, 0);
    for token in raw {
        let start = index.position(token.start);
        let end = index.position(token.end);
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        let delta_line = start.line - line;
        let delta_start = if delta_line == 0 {
            start.character - character
        } else {
            start.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: token.kind,
            token_modifiers_bitset: token.modifiers,
        });
        (line, character) = (start.line, start.character);
    }
    SemanticTokens {
        result_id: None,
        data,
    }
}

fn is_name_start(ch: char) -> bool {
    XID_START(ch) || ch == '_'
}

fn is_name_continue(ch: char) -> bool {
    XID_CONTINUE(ch) || ch == '_'
}

fn is_line_end(ch: char) -> bool {
    ch == '\n' || ch == '\r'
}

/// The tokens of `text` in order; `name_kind` classifies a name (`None`: no token).
fn scan(text: &str, name_kind: &dyn Fn(usize, usize) -> Option<(u32, u32)>) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let token = |start, end, kind, modifiers| Token {
        start,
        end,
        kind,
        modifiers,
    };
    let run_end = |from: usize, keep: &dyn Fn(char) -> bool| -> usize {
        text[from..]
            .char_indices()
            .find(|&(_, ch)| !keep(ch))
            .map_or(text.len(), |(at, _)| from + at)
    };
    while let Some((at, ch)) = chars.next() {
        let end = if ch == '#' {
            let end = run_end(at, &|ch| !is_line_end(ch));
            tokens.push(token(at, end, COMMENT, 0));
            end
        } else if ch == '"' {
            let end = string_end(text, at);
            string_tokens(text, at, end, name_kind, &mut tokens);
            end
        } else if ch.is_ascii_digit()
            || (ch == '-' && text[at + 1..].starts_with(|c: char| c.is_ascii_digit()))
        {
            // `-`? digits (`.` digits)?: the `.` of a range `1..=60` is not a decimal point.
            let mut end = run_end(at + 1, &|ch| ch.is_ascii_digit());
            let fraction = text[end..].strip_prefix('.');
            if fraction.is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit())) {
                end = run_end(end + 1, &|ch| ch.is_ascii_digit());
            }
            tokens.push(token(at, end, NUMBER, 0));
            end
        } else if is_name_start(ch) {
            let end = run_end(at, &is_name_continue);
            if is_keyword(&text[at..end]) {
                tokens.push(token(at, end, KEYWORD, 0));
            } else if let Some((kind, modifiers)) = name_kind(at, end) {
                tokens.push(token(at, end, kind, modifiers));
            }
            end
        } else {
            continue;
        };
        while chars.next_if(|&(next, _)| next < end).is_some() {}
    }
    tokens
}

/// The end of the string starting at `start` (after its closing quote, or at the line end).
fn string_end(text: &str, start: usize) -> usize {
    let mut escaped = false;
    for (at, ch) in text[start + 1..].char_indices() {
        let at = start + 1 + at;
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return at + 1,
            _ if is_line_end(ch) => return at,
            _ => {}
        }
    }
    text.len()
}

/// The tokens of the string `start..end`: string pieces, the name opening each `{…}`, and in a
/// choice by segment (`{segment ? business: 贵单位 | 您}`) the keyword and each branch's
/// segment name.
fn string_tokens(
    text: &str,
    start: usize,
    end: usize,
    name_kind: &dyn Fn(usize, usize) -> Option<(u32, u32)>,
    tokens: &mut Vec<Token>,
) {
    let mut piece_start = start;
    let mut escaped = false;
    // Where a name may stand: right after `{` (a slot, a constant or `segment`), or at the
    // start of a branch of a segment choice (after `?` or `|`, before its `:`).
    let mut name_place = NamePlace::Text;
    let mut in_segment_choice = false;
    for (offset, ch) in text[start..end].char_indices() {
        let at = start + offset;
        if escaped {
            escaped = false;
            continue;
        }
        if name_place != NamePlace::Text && is_name_start(ch) && at >= piece_start {
            let name_end = text[at..end]
                .char_indices()
                .find(|&(_, ch)| !is_name_continue(ch))
                .map_or(end, |(len, _)| at + len);
            let name = &text[at..name_end];
            let found = match name_place {
                NamePlace::AfterBrace if name == "segment" => {
                    in_segment_choice = true;
                    Some((KEYWORD, 0))
                }
                NamePlace::AfterBrace => name_kind(at, name_end),
                NamePlace::BranchStart if text[name_end..end].trim_start().starts_with(':') => {
                    name_kind(at, name_end)
                }
                NamePlace::BranchStart | NamePlace::Text => None,
            };
            if let Some((kind, modifiers)) = found {
                if piece_start < at {
                    tokens.push(Token {
                        start: piece_start,
                        end: at,
                        kind: STRING,
                        modifiers: 0,
                    });
                }
                tokens.push(Token {
                    start: at,
                    end: name_end,
                    kind,
                    modifiers,
                });
                piece_start = name_end;
            }
        }
        name_place = match ch {
            '{' => {
                in_segment_choice = false;
                NamePlace::AfterBrace
            }
            '}' => {
                in_segment_choice = false;
                NamePlace::Text
            }
            '?' | '|' if in_segment_choice => NamePlace::BranchStart,
            ' ' => name_place,
            _ => NamePlace::Text,
        };
        escaped = ch == '\\';
    }
    if piece_start < end {
        tokens.push(Token {
            start: piece_start,
            end,
            kind: STRING,
            modifiers: 0,
        });
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NamePlace {
    Text,
    AfterBrace,
    BranchStart,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each token of `text` as its text and kind.
    fn texts_and_kinds<'t>(
        text: &'t str,
        names: &dyn Fn(usize, usize) -> Option<(u32, u32)>,
    ) -> Vec<(&'t str, u32)> {
        scan(text, names)
            .iter()
            .map(|token| (&text[token.start..token.end], token.kind))
            .collect()
    }

    #[test]
    fn a_line_is_cut_into_its_tokens() {
        let text =
            "slot n: number(1..=60.5) \"数\" # 注释\n  say \"请拨打{ hotline }或\\\"{x}\\\"\"";
        let names = |start: usize, end: usize| match &text[start..end] {
            "hotline" => Some((7, READONLY)),
            "n" => Some((7, DECLARATION)),
            _ => None,
        };
        assert_eq!(
            texts_and_kinds(text, &names),
            [
                ("slot", KEYWORD),
                ("n", 7),
                ("1", NUMBER),
                ("60.5", NUMBER),
                ("\"数\"", STRING),
                ("# 注释", COMMENT),
                ("say", KEYWORD),
                ("\"请拨打{ ", STRING),
                ("hotline", 7),
                (" }或\\\"{x}\\\"\"", STRING),
            ]
        );
    }

    #[test]
    fn a_segment_choice_shows_its_keyword_and_branch_names() {
        let text =
            "  say \"已{segment ? business: 为贵单位\\|b | household:为您}{gender ? a | b}\"";
        let names = |start: usize, end: usize| match &text[start..end] {
            "business" | "household" | "b" | "a" => Some((4, 0)),
            "gender" => Some((6, 0)),
            _ => None,
        };
        assert_eq!(
            texts_and_kinds(text, &names),
            [
                ("say", KEYWORD),
                ("\"已{", STRING),
                ("segment", KEYWORD),
                (" ? ", STRING),
                ("business", 4),
                (": 为贵单位\\|b | ", STRING),
                ("household", 4),
                (":为您}{", STRING),
                ("gender", 6),
                (" ? a | b}\"", STRING),
            ]
        );
    }
}
