//! The requests the server answers, each from the rule set of the document asked about:
//! hover, go to definition, references, document highlights, rename, document and workspace
//! symbols, completion, formatting, folding ranges, code actions and semantic tokens. A request for a document outside any rule set, or for
//! a place on nothing, gets a null result; a rename refused gets an error saying why.

mod code_actions;
mod completion;
pub mod diagnostics;
mod folding;
mod formatting;
mod hover;
mod navigation;
mod rename;
pub mod semantic_tokens;
mod workspace_symbols;

use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentHighlightRequest, DocumentSymbolRequest,
    FoldingRangeRequest, Formatting, GotoDefinition, HoverRequest, PrepareRenameRequest,
    References, Rename, Request as _, SemanticTokensFullRequest, WorkspaceSymbolRequest,
};
use lsp_types::{
    CodeActionOrCommand, CodeActionParams, CompletionParams, CompletionResponse,
    DocumentFormattingParams, DocumentHighlight, DocumentHighlightParams, DocumentSymbolParams,
    DocumentSymbolResponse, FoldingRange, FoldingRangeParams, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverContents, HoverParams, Location, MarkupContent, MarkupKind,
    Position, PrepareRenameResponse, ReferenceParams, RenameParams, SemanticTokens,
    SemanticTokensParams, SymbolInformation, TextDocumentPositionParams, Uri, WorkspaceEdit,
    WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use phrasec::source::FileId;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::lsp::documents::Documents;
use crate::lsp::lookup::{Target, target_at, word_at};
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
        DocumentHighlightRequest::METHOD => run(request, |params: DocumentHighlightParams| {
            let at = params.text_document_position_params;
            highlights_at(workspace, encoding, &at.text_document.uri, at.position)
        }),
        PrepareRenameRequest::METHOD => run_refusable(request, |at: TextDocumentPositionParams| {
            prepare_rename_at(workspace, encoding, &at.text_document.uri, at.position)
        }),
        Rename::METHOD => run_refusable(request, |params: RenameParams| {
            let at = params.text_document_position;
            let uri = &at.text_document.uri;
            rename_at(workspace, encoding, uri, at.position, &params.new_name)
        }),
        WorkspaceSymbolRequest::METHOD => run(request, |params: WorkspaceSymbolParams| {
            Some(workspace_symbols(workspace, encoding, &params.query))
        }),
        FoldingRangeRequest::METHOD => run(request, |params: FoldingRangeParams| {
            folding_ranges_of(workspace, encoding, &params.text_document.uri)
        }),
        CodeActionRequest::METHOD => run(request, |params: CodeActionParams| {
            code_actions_at(workspace, encoding, &params.text_document.uri, params.range)
        }),
        SemanticTokensFullRequest::METHOD => run(request, |params: SemanticTokensParams| {
            semantic_tokens_of(workspace, encoding, &params.text_document.uri)
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

/// As [`run`], for a handler that may refuse with a reason (answered `RequestFailed`).
fn run_refusable<P: DeserializeOwned, R: Serialize>(
    request: Request,
    handle: impl FnOnce(P) -> Option<Result<R, String>>,
) -> Answer {
    let params: P = serde_json::from_value(request.params)
        .map_err(|error| (ErrorCode::InvalidParams, error.to_string()))?;
    let result = handle(params)
        .transpose()
        .map_err(|reason| (ErrorCode::RequestFailed, reason))?;
    serde_json::to_value(result).map_err(|error| (ErrorCode::InternalError, error.to_string()))
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

fn highlights_at(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
    position: Position,
) -> Option<Vec<DocumentHighlight>> {
    in_document(workspace, encoding, uri, |snapshot, documents, file| {
        let found = target_at_position(snapshot, documents, file, position)?;
        Some(navigation::highlights(snapshot, documents, file, found))
    })
}

/// The name under the cursor, if it can be renamed (else the reason).
fn prepare_rename_at(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
    position: Position,
) -> Option<Result<PrepareRenameResponse, String>> {
    in_document(workspace, encoding, uri, |snapshot, documents, file| {
        let found = target_at_position(snapshot, documents, file, position)?;
        if let Target::Article(_) = found {
            let model = &snapshot.compilation.model;
            return rename::refusal(model, found, "").map(Err);
        }
        let offset = documents.index(snapshot, file).offset(position);
        let word = word_at(snapshot.text(file), offset)?;
        let span = phrasec::source::Span::new(file, word.start, word.end);
        let range = diagnostics::range(snapshot, documents, span);
        Some(Ok(PrepareRenameResponse::Range(range)))
    })
}

fn rename_at(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
    position: Position,
    new_name: &str,
) -> Option<Result<WorkspaceEdit, String>> {
    in_document(workspace, encoding, uri, |snapshot, documents, file| {
        let found = target_at_position(snapshot, documents, file, position)?;
        Some(rename::rename(snapshot, documents, found, new_name))
    })
}

/// The symbols matching `query` in every rule set (each workspace folder compiled first if
/// no rule set of it is).
fn workspace_symbols(
    workspace: &mut Workspace,
    encoding: Encoding,
    query: &str,
) -> WorkspaceSymbolResponse {
    for folder in workspace.folders.clone() {
        let compiled = workspace
            .rule_sets
            .keys()
            .any(|root| root.starts_with(&folder));
        if !compiled {
            workspace.recompile(&folder);
        }
    }
    let documents = Documents {
        open: &workspace.open,
        encoding,
    };
    let mut found: Vec<SymbolInformation> = Vec::new();
    for rule_set in workspace.rule_sets.values() {
        workspace_symbols::search(&rule_set.snapshot, &documents, query, &mut found);
    }
    WorkspaceSymbolResponse::Flat(found)
}

fn folding_ranges_of(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
) -> Option<Vec<FoldingRange>> {
    in_document(workspace, encoding, uri, |snapshot, documents, file| {
        Some(folding::ranges(snapshot, documents, file))
    })
}

fn code_actions_at(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
    asked: lsp_types::Range,
) -> Option<Vec<CodeActionOrCommand>> {
    in_document(workspace, encoding, uri, |snapshot, documents, file| {
        let actions = code_actions::actions(snapshot, documents, file, asked);
        Some(
            actions
                .into_iter()
                .map(CodeActionOrCommand::CodeAction)
                .collect(),
        )
    })
}

fn semantic_tokens_of(
    workspace: &mut Workspace,
    encoding: Encoding,
    uri: &Uri,
) -> Option<SemanticTokens> {
    in_document(workspace, encoding, uri, |snapshot, documents, file| {
        Some(semantic_tokens::tokens(snapshot, documents, file))
    })
}
