//! Rename: the name under the cursor (a declaration or a use of one) renamed at its
//! declaration and every use, in every rule file of the rule set. A new name is refused, with
//! the reason, when it is a keyword, is not a name, or is already the name of a declaration
//! that shares the renamed one's namespace (slots and constants share one: both are written
//! `{name}`; a value clashes only with the values of its own fact or enum slot).

use lsp_types::{
    DocumentChanges, Location, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit,
    TextEdit, WorkspaceEdit,
};
use pest::unicode::{XID_CONTINUE, XID_START};
use phrasec::check::model::{FactIdx, Model};
use phrasec::syntax::keywords::is_keyword;

use crate::lsp::documents::Documents;
use crate::lsp::handlers::navigation::{Declaration, references};
use crate::lsp::lookup::{Target, declarations, name_of};
use crate::lsp::workspace::Snapshot;

/// The set of names a declaration's name must be unique in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Namespace {
    Segments,
    Facts,
    ValuesOf(FactIdx),
    ValuesOfSlot(usize),
    /// Slots and constants.
    Templates,
    Actions,
    Decisions,
}

fn namespace_of(target: Target) -> Option<Namespace> {
    Some(match target {
        Target::Segment(_) => Namespace::Segments,
        Target::Fact(_) => Namespace::Facts,
        Target::Value(fact, _) => Namespace::ValuesOf(fact),
        Target::SlotValue(slot, _) => Namespace::ValuesOfSlot(slot),
        Target::Constant(_) | Target::Slot(_) => Namespace::Templates,
        Target::Action(_) => Namespace::Actions,
        Target::Decision(_) => Namespace::Decisions,
        Target::Article(_) => return None,
    })
}

fn kind_of(namespace: Namespace) -> &'static str {
    match namespace {
        Namespace::Segments => "a segment",
        Namespace::Facts => "a fact",
        Namespace::ValuesOf(_) => "a value of the same fact",
        Namespace::ValuesOfSlot(_) => "a value of the same slot",
        Namespace::Templates => "a slot or constant",
        Namespace::Actions => "an action",
        Namespace::Decisions => "a decision",
    }
}

/// Whether `text` is a name of the grammar (`ident` without the keyword test).
fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| XID_START(first) || first == '_')
        && chars.all(|ch| XID_CONTINUE(ch) || ch == '_')
}

/// Why `target` cannot be renamed to `new_name`, if it cannot.
pub fn refusal(model: &Model, target: Target, new_name: &str) -> Option<String> {
    let Some(namespace) = namespace_of(target) else {
        return Some("an article has no name to rename; edit its number or title".to_owned());
    };
    if is_keyword(new_name) {
        return Some(format!(
            "`{new_name}` is a keyword of the rule language and cannot be a name"
        ));
    }
    if !is_name(new_name) {
        return Some(format!(
            "`{new_name}` is not a name: a name starts with a letter or `_` and goes on with letters, digits or `_`"
        ));
    }
    let clash = declarations(model).into_iter().find(|&(other, _, name)| {
        other != target && name == new_name && namespace_of(other) == Some(namespace)
    });
    clash.map(|_| format!("`{new_name}` is already the name of {}", kind_of(namespace)))
}

/// The edits renaming `target` to `new_name` in every rule file of the snapshot.
pub fn rename(
    snapshot: &Snapshot,
    documents: &Documents,
    target: Target,
    new_name: &str,
) -> Result<WorkspaceEdit, String> {
    let model = &snapshot.compilation.model;
    if let Some(reason) = refusal(model, target, new_name) {
        return Err(reason);
    }
    // One entry per file, in the rule set's order of files (a list, not a map: the order
    // of the answer is defined).
    let mut files: Vec<TextDocumentEdit> = Vec::new();
    if name_of(model, target) != Some(new_name) {
        let places = references(snapshot, documents, target, Declaration::Include);
        for Location { uri, range } in places {
            if !uri.as_str().ends_with(".phr") {
                continue;
            }
            let edit = OneOf::Left(TextEdit::new(range, new_name.to_owned()));
            match files.last_mut() {
                Some(file) if file.text_document.uri == uri => file.edits.push(edit),
                _ => files.push(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                    edits: vec![edit],
                }),
            }
        }
    }
    Ok(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(files)),
        ..WorkspaceEdit::default()
    })
}

#[cfg(test)]
mod tests {
    use phrasec::{Input, compile};

    use super::*;

    const RULES: &str = r#"spec "s"
fact cause "原因" {
  ours "我方",
  theirs "对方",
}
fact other "其他" {
  ours "我方",
  no "无",
}
const hotline "热线" = "10000"
slot minutes: number "分钟"
  example 3
decision asks "询问" over cause
article 1 "一"
  in asks when cause = ours
  say "{hotline}{minutes}"
article 2 "二"
  in asks when cause = theirs
  say "好"
"#;

    #[test]
    fn a_keyword_an_invalid_name_or_a_clash_is_refused_with_the_reason() {
        let compilation = compile(&[Input {
            name: "rules.phr".to_owned(),
            bytes: RULES.as_bytes().to_vec(),
        }]);
        assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
        let model = &compilation.model;
        let refused = |target, name| refusal(model, target, name);
        let hotline = Target::Constant(0);
        assert_eq!(
            refused(hotline, "article").unwrap(),
            "`article` is a keyword of the rule language and cannot be a name"
        );
        assert!(
            refused(hotline, "9lines")
                .unwrap()
                .contains("is not a name")
        );
        assert!(
            refused(hotline, "hot line")
                .unwrap()
                .contains("is not a name")
        );
        assert!(refused(hotline, "").unwrap().contains("is not a name"));
        assert_eq!(
            refused(hotline, "minutes").unwrap(),
            "`minutes` is already the name of a slot or constant"
        );
        assert_eq!(refused(hotline, "热线电话"), None);
        assert_eq!(refused(hotline, "hotline"), None);
        // A value clashes with its own fact's values only.
        assert_eq!(
            refused(Target::Value(0, 1), "ours").unwrap(),
            "`ours` is already the name of a value of the same fact"
        );
        assert_eq!(refused(Target::Value(0, 1), "no"), None);
        assert_eq!(refused(Target::Fact(0), "asks"), None);
        assert_eq!(
            refused(Target::Fact(0), "other").unwrap(),
            "`other` is already the name of a fact"
        );
        assert!(refused(Target::Article(0), "x").is_some());
    }
}
