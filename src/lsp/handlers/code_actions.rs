//! Code actions: every fix the linter offers for a diagnostic in the asked range, as a quick
//! fix (preferred when `check --fix` would apply it), and for W0201 (a decision with uncovered
//! cases) one skeleton article per uncovered case group, its condition the witness, inserted
//! at the end of the file that declares the decision.

use lsp_types::{
    CodeAction, CodeActionKind, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    Range, TextDocumentEdit, TextEdit, WorkspaceEdit,
};
use phrasec::check::coverage::Cube;
use phrasec::check::decisions::analyse_decision;
use phrasec::check::model::{Dimension, Model};
use phrasec::check::space::Space;
use phrasec::diagnostics::{Applicability, Code, Diagnostic, Edit};
use phrasec::source::{FileId, Span};

use crate::lsp::documents::Documents;
use crate::lsp::handlers::diagnostics::{convert, primary_span, range};
use crate::lsp::uris::uri_of;
use crate::lsp::workspace::Snapshot;

/// At most this many skeleton articles are offered for one W0201.
const MAX_SKELETONS: usize = 8;

/// The actions for the diagnostics of `file` whose range meets `asked`.
pub fn actions(
    snapshot: &Snapshot,
    documents: &Documents,
    file: FileId,
    asked: Range,
) -> Vec<CodeAction> {
    let mut found = Vec::new();
    for diagnostic in &snapshot.compilation.diagnostics {
        let Some(primary) = primary_span(diagnostic) else {
            continue;
        };
        let at = range(snapshot, documents, primary);
        if primary.file != file || at.end < asked.start || asked.end < at.start {
            continue;
        }
        let protocol = convert(snapshot, documents, diagnostic, primary);
        if let Some(fix) = &diagnostic.fix
            && let Some(edit) = workspace_edit(snapshot, documents, &fix.edits)
        {
            found.push(CodeAction {
                title: fix.message.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![protocol.clone()]),
                edit: Some(edit),
                is_preferred: Some(fix.applicability == Applicability::MachineApplicable),
                ..CodeAction::default()
            });
        }
        if diagnostic.code == Code::W0201 {
            for (title, edit) in skeletons(snapshot, documents, diagnostic) {
                found.push(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![protocol.clone()]),
                    edit: Some(edit),
                    ..CodeAction::default()
                });
            }
        }
    }
    found
}

/// The edits (all in one file) as a workspace edit.
fn workspace_edit(
    snapshot: &Snapshot,
    documents: &Documents,
    edits: &[Edit],
) -> Option<WorkspaceEdit> {
    let file = edits.first()?.span.file;
    let uri = uri_of(snapshot.path_of(file)?)?;
    let edits = edits
        .iter()
        .map(|edit| {
            let at = range(snapshot, documents, edit.span);
            OneOf::Left(TextEdit::new(at, edit.replacement.clone()))
        })
        .collect();
    Some(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits,
        }])),
        ..WorkspaceEdit::default()
    })
}

/// For a W0201, one article per uncovered case group (up to [`MAX_SKELETONS`]), each with its
/// title and the edit that appends it to the decision's file.
fn skeletons(
    snapshot: &Snapshot,
    documents: &Documents,
    diagnostic: &Diagnostic,
) -> Vec<(String, WorkspaceEdit)> {
    let model = &snapshot.compilation.model;
    let Some(primary) = primary_span(diagnostic) else {
        return Vec::new();
    };
    let Some(decision) = model.decisions.iter().position(|d| d.span == primary) else {
        return Vec::new();
    };
    let Some(coverage) = analyse_decision(model, decision) else {
        return Vec::new();
    };
    let text = snapshot.text(primary.file);
    let end = Span::new(primary.file, text.len(), text.len());
    let separator = if text.ends_with('\n') { "\n" } else { "\n\n" };
    let mut number = model.articles.iter().map(|a| a.number).max().unwrap_or(0);
    let mut found = Vec::new();
    for cube in coverage.report.gaps.iter().take(MAX_SKELETONS) {
        number += 1;
        let article = skeleton(model, &coverage.space, cube, decision, number);
        let title = format!(
            "add article {number} for `{}`",
            coverage.space.describe(model, cube)
        );
        let edit = Edit {
            span: end,
            replacement: format!("{separator}{article}"),
        };
        if let Some(edit) = workspace_edit(snapshot, documents, &[edit]) {
            found.push((title, edit));
        }
    }
    found
}

/// `article N "labels"`, in the decision when the witness holds, marked incomplete.
pub fn skeleton(model: &Model, space: &Space, cube: &Cube, decision: usize, number: u32) -> String {
    let title = space.describe_labels(model, cube).replace(['"', '\\'], "");
    let condition = condition_of(model, space, cube);
    let when = if condition.is_empty() {
        String::new()
    } else {
        format!(" when {condition}")
    };
    format!(
        "article {number} \"{title}\"\n  in {}{when}\n  incomplete \"待补充话术\"\n  say \"您好。\"\n",
        model.decisions[decision].name
    )
}

/// The witness as a condition: `cause = ours and stage in {a, b}` (every value listed).
fn condition_of(model: &Model, space: &Space, cube: &Cube) -> String {
    let full = space.full();
    let mut tests = Vec::new();
    for (idx, &dimension) in space.dims.iter().enumerate() {
        let no_segments = dimension == Dimension::Segment && model.segments.is_empty();
        if cube[idx] & full[idx] == full[idx] || no_segments {
            continue;
        }
        let subject = model.dimension_name(dimension);
        let values: Vec<&str> = space
            .values_in(idx, cube[idx])
            .into_iter()
            .map(|value| model.value_name(dimension, value))
            .collect();
        tests.push(match values.as_slice() {
            [only] => format!("{subject} = {only}"),
            _ => format!("{subject} in {{{}}}", values.join(", ")),
        });
    }
    tests.join(" and ")
}
