//! The requests the server answers, each from the rule set of the document asked about:
//! hover, go to definition, references, document symbols, completion and formatting. A request for a document
//! outside any rule set, or for a place on nothing, gets a null result.

mod completion;
pub mod diagnostics;
mod formatting;
mod hover;
mod navigation;

use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, References,
    Request as _,
};
use lsp_types::{
    CompletionParams, CompletionResponse, DocumentFormattingParams, DocumentSymbolParams,
    DocumentSymbolResponse, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents,
    HoverParams, Location, MarkupContent, MarkupKind, Position, ReferenceParams, Uri,
};
use phrasec::source::FileId;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::lsp::documents::Documents;
use crate::lsp::lookup::{Target, target_at};
use crate::lsp::positions::Encoding;
use crate::lsp::uris::path_of;
use crate::lsp::workspace::{Snapshot, Workspace};

/// The answer to `request`.
pub fn answer(workspace: &mut Workspace, encoding: Encoding, request: Request) -> Response {
    let id = request.id.clone();
    let result = match request.method.as_str() {
        HoverRequest::METHOD => run(request, |params: HoverParams| {
            let at = params.text_document_position_params;
            hover_at(workspace, encoding, &at.text_document.uri, at.position)
        }),
        GotoDefinition::METHOD => run(request, |params: GotoDefinitionParams| {
            let at = params.text_document_position_params;
            definition_at(workspace, encoding, &at.text_document.uri, at.position)
        }),
        DocumentSymbolRequest::METHOD => run(request, |params: DocumentSymbolParams| {
            symbols_of(workspace, encoding, &params.text_document.uri)
        }),
        References::METHOD => run(request, |params: ReferenceParams| {
            let at = params.text_document_position;
            let declaration = if params.context.include_declaration {
                navigation::Declaration::Include
            } else {
                navigation::Declaration::Exclude
            };
            references_at(
                workspace,
                encoding,
                &at.text_document.uri,
                at.position,
                declaration,
            )
        }),
        Completion::METHOD => run(request, |params: CompletionParams| {
            let at = params.text_document_position;
            completion_at(workspace, encoding, &at.text_document.uri, at.position)
        }),
        Formatting::METHOD => run(request, |params: DocumentFormattingParams| {
            let path = path_of(&params.text_document.uri)?;
            let text = workspace.open.get(&path)?;
            formatting::format(text, encoding)
        }),
        _ => Err((
            ErrorCode::MethodNotFound,
            format!("`{}` is not supported", request.method),
        )),
    };
    match result {
        Ok(value) => Response::new_ok(id, value),
        Err((code, message)) => Response::new_err(id, code as i32, message),
    }
}

type Answer = Result<serde_json::Value, (ErrorCode, String)>;

/// Decodes the request's parameters and encodes `handle`'s result (`None` as null).
fn run<P: DeserializeOwned, R: Serialize>(
    request: Request,
    handle: impl FnOnce(P) -> Option<R>,
) -> Answer {
    let params: P = serde_json::from_value(request.params)
        .map_err(|error| (ErrorCode::InvalidParams, error.to_string()))?;
    serde_json::to_value(handle(params))
        .map_err(|error| (ErrorCode::InternalError, error.to_string()))
}

/// `handle` run on the compiled rule set of the document at `uri` and the file it is in it.
fn in_document<R>(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
    handle: impl FnOnce(&Snapshot, &Documents, FileId) -> Option<R>,
) -> Option<R> {
    let path = path_of(uri)?;
    let root = workspace.ensure_compiled(&path);
    let snapshot = &workspace.rule_sets.get(&root)?.snapshot;
    let documents = Documents {
        open: &workspace.open,
        encoding,
    };
    let file = snapshot.file_of(&path)?;
    handle(snapshot, &documents, file)
}

/// The declaration or article at `position` of `file`.
fn target_at_position(
    snapshot: &Snapshot,
    documents: &Documents,
    file: FileId,
    position: Position,
) -> Option<Target> {
    let offset = documents.index(snapshot, file).offset(position);
    let model = &snapshot.compilation.model;
    target_at(model, file, snapshot.text(file), offset)
}

fn hover_at(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
    position: Position,
) -> Option<Hover> {
    in_document(workspace, encoding, uri, |snapshot, documents, file| {
        let found = target_at_position(snapshot, documents, file, position)?;
        let markdown = hover::describe(&snapshot.compilation.model, found);
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: None,
        })
    })
}

fn definition_at(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
    position: Position,
) -> Option<GotoDefinitionResponse> {
    in_document(workspace, encoding, uri, |snapshot, documents, file| {
        let found = target_at_position(snapshot, documents, file, position)?;
        let location = navigation::definition(snapshot, documents, found)?;
        Some(GotoDefinitionResponse::Scalar(location))
    })
}

fn references_at(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
    position: Position,
    declaration: navigation::Declaration,
) -> Option<Vec<Location>> {
    in_document(workspace, encoding, uri, |snapshot, documents, file| {
        let found = target_at_position(snapshot, documents, file, position)?;
        Some(navigation::references(
            snapshot,
            documents,
            found,
            declaration,
        ))
    })
}

fn symbols_of(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
) -> Option<DocumentSymbolResponse> {
    in_document(workspace, encoding, uri, |snapshot, documents, file| {
        let symbols = navigation::symbols(snapshot, documents, file);
        Some(DocumentSymbolResponse::Nested(symbols))
    })
}

fn completion_at(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
    position: Position,
) -> Option<CompletionResponse> {
    in_document(workspace, encoding, uri, |snapshot, documents, file| {
        let offset = documents.index(snapshot, file).offset(position);
        let text = snapshot.text(file);
        let offset = offset.min(text.len());
        let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
        let items = completion::complete(&snapshot.compilation.model, &text[line_start..offset]);
        Some(CompletionResponse::Array(items))
    })
}
