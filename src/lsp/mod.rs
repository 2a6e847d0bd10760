//! `phrasec lsp`: a language server over standard input and output (lsp-server's framing
//! and threads, lsp-types' messages). Documents are kept as the editor has them (incremental
//! changes applied); after every open, change, save or close the document's rule set is
//! compiled whole again and the diagnostics of each of its files published (an empty list
//! for a file that became clean or left the set). Requests are answered in `handlers`; a
//! handler that panics answers with an error and the server goes on. Only protocol messages
//! are written to standard output.

mod documents;
mod handlers;
mod lookup;
mod positions;
mod uris;
mod workspace;

use std::collections::{BTreeSet, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    Cancel, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Exit, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{Request as _, Shutdown};
use lsp_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, InitializeParams, NumberOrString, OneOf,
    PositionEncodingKind, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    TextDocumentContentChangeEvent, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use serde::de::DeserializeOwned;

use documents::Documents;
use positions::{Encoding, LineIndex};
use uris::{path_of, uri_of};
use workspace::Workspace;

/// The exit code when the connection failed (as for an I/O failure of the other commands).
const EXIT_FAILURE: u8 = 2;

/// Runs the server until the client says `exit`; the process exit code.
pub fn run() -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let status = match serve(&connection) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("phrasec lsp: {error}");
            EXIT_FAILURE
        }
    };
    drop(connection);
    match io_threads.join() {
        Ok(()) => status,
        Err(error) => {
            eprintln!("phrasec lsp: {error}");
            EXIT_FAILURE
        }
    }
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

pub fn serve(connection: &Connection) -> Result<(), Failure> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let encoding = negotiate_encoding(&params);
    let initialize_result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": ServerInfo {
            name: "phrasec".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    });
    connection.initialize_finish(id, initialize_result)?;
    let mut server = Server {
        connection,
        encoding,
        workspace: Workspace {
            folders: workspace_folders(&params),
            explain_url: explain_url(&params, env!("CARGO_PKG_REPOSITORY")),
            ..Workspace::default()
        },
    };
    server.serve_messages()
}

/// The link to a code's explanation (`{code}` for the code): the client's
/// `initializationOptions.explainUrl` when it holds `{code}`, else `docs/codes/{code}.md` in
/// `repository` (Cargo.toml's, empty when unset: then no link).
fn explain_url(params: &InitializeParams, repository: &str) -> Option<String> {
    let given = params
        .initialization_options
        .as_ref()
        .and_then(|options| options.get("explainUrl"))
        .and_then(serde_json::Value::as_str)
        .filter(|url| url.contains("{code}"));
    match given {
        Some(url) => Some(url.to_owned()),
        None if repository.is_empty() => None,
        None => Some(format!(
            "{}/blob/main/docs/codes/{{code}}.md",
            repository.trim_end_matches('/')
        )),
    }
}

/// UTF-8 when the client offers it (no conversion of offsets), else the protocol's UTF-16.
fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(lsp_types::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
        })),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(
            lsp_types::SemanticTokensOptions {
                legend: handlers::semantic_tokens::legend(),
                full: Some(lsp_types::SemanticTokensFullOptions::Bool(true)),
                ..lsp_types::SemanticTokensOptions::default()
            }
            .into(),
        ),
        folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Options(
            lsp_types::CodeActionOptions {
                code_action_kinds: Some(vec![lsp_types::CodeActionKind::QUICKFIX]),
                ..lsp_types::CodeActionOptions::default()
            },
        )),
        completion_provider: Some(lsp_types::CompletionOptions {
            trigger_characters: Some(vec!["{".to_owned(), "=".to_owned(), " ".to_owned()]),
            ..lsp_types::CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// The workspace folders' paths (the root URI when the client sends no folders).
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        return folders
            .iter()
            .filter_map(|folder| path_of(&folder.uri))
            .collect();
    }
    #[allow(deprecated)] // Older clients send only `rootUri`.
    let root = params.root_uri.as_ref().and_then(path_of);
    root.into_iter().collect()
}

struct Server<'a> {
    connection: &'a Connection,
    encoding: Encoding,
    workspace: Workspace,
}

impl Server<'_> {
    /// The message loop until `shutdown`. Every message already received is queued before
    /// one is handled, so that a run of changes is applied before the rule set is compiled
    /// once (debouncing without timers), and a request cancelled while still queued is
    /// answered `RequestCanceled` instead of being run. A rule set changed by notifications
    /// is compiled and published before the next request is answered, or when the queue is
    /// empty.
    fn serve_messages(&mut self) -> Result<(), Failure> {
        let mut queue: VecDeque<Message> = VecDeque::new();
        let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
        loop {
            self.receive_queued(&mut queue)?;
            let Some(message) = queue.pop_front() else {
                if !changed.is_empty() {
                    self.publish_all(&mut changed)?;
                    continue;
                }
                match self.connection.receiver.recv() {
                    Ok(message) => self.enqueue(&mut queue, message)?,
                    Err(_) => return Ok(()),
                }
                continue;
            };
            match message {
                Message::Request(request) => {
                    self.publish_all(&mut changed)?;
                    if request.method == Shutdown::METHOD {
                        return self.shut_down(request.id, &queue);
                    }
                    self.answer(request)?;
                }
                Message::Notification(notification) => {
                    changed.extend(self.notice(notification));
                }
                Message::Response(_) => {}
            }
        }
    }

    /// Answers `shutdown`, then waits for `exit` (which may be queued already).
    fn shut_down(&self, id: RequestId, queue: &VecDeque<Message>) -> Result<(), Failure> {
        let response = Response::new_ok(id, serde_json::Value::Null);
        self.connection.sender.send(Message::Response(response))?;
        let is_exit = |message: &Message| matches!(message, Message::Notification(notification) if notification.method == Exit::METHOD);
        if queue.iter().any(is_exit) {
            return Ok(());
        }
        for message in &self.connection.receiver {
            if is_exit(&message) {
                break;
            }
        }
        Ok(())
    }

    /// Moves every message already received to `queue`.
    fn receive_queued(&self, queue: &mut VecDeque<Message>) -> Result<(), Failure> {
        while let Ok(message) = self.connection.receiver.try_recv() {
            self.enqueue(queue, message)?;
        }
        Ok(())
    }

    /// Queues `message`; a cancellation instead answers the queued request it names.
    fn enqueue(&self, queue: &mut VecDeque<Message>, message: Message) -> Result<(), Failure> {
        let Message::Notification(notification) = &message else {
            queue.push_back(message);
            return Ok(());
        };
        if notification.method != Cancel::METHOD {
            queue.push_back(message);
            return Ok(());
        }
        let Some(params) = params::<lsp_types::CancelParams>(notification.clone()) else {
            return Ok(());
        };
        let id: RequestId = match params.id {
            NumberOrString::Number(number) => number.into(),
            NumberOrString::String(text) => text.into(),
        };
        let queued = queue
            .iter()
            .position(|message| matches!(message, Message::Request(request) if request.id == id));
        if let Some(at) = queued {
            queue.remove(at);
            let response = Response::new_err(
                id,
                ErrorCode::RequestCanceled as i32,
                "the request was cancelled".to_owned(),
            );
            self.connection.sender.send(Message::Response(response))?;
        }
        Ok(())
    }

    /// Compiles and publishes each rule set in `roots`, then empties it.
    fn publish_all(&mut self, roots: &mut BTreeSet<PathBuf>) -> Result<(), Failure> {
        for root in std::mem::take(roots) {
            match catch_unwind(AssertUnwindSafe(|| self.publish(&root))) {
                Ok(published) => published?,
                Err(_) => eprintln!("phrasec lsp: failed while compiling a rule set"),
            }
        }
        Ok(())
    }

    fn answer(&mut self, request: Request) -> Result<(), Failure> {
        let id = request.id.clone();
        let method = request.method.clone();
        let workspace = &mut self.workspace;
        let encoding = self.encoding;
        let response = guarded(id, &method, || {
            handlers::answer(workspace, encoding, request)
        });
        self.connection.sender.send(Message::Response(response))?;
        Ok(())
    }

    /// Applies a notification; the roots of the rule sets it touched.
    fn notice(&mut self, notification: Notification) -> BTreeSet<PathBuf> {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            self.apply(notification)
                .iter()
                .map(|path| self.workspace.root_of(path))
                .collect()
        }));
        outcome.unwrap_or_else(|_| {
            eprintln!("phrasec lsp: failed while applying a notification");
            BTreeSet::new()
        })
    }

    /// Applies a document notification; the paths of the files it changed.
    fn apply(&mut self, notification: Notification) -> Vec<PathBuf> {
        let open = &mut self.workspace.open;
        let changed = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                params(notification).and_then(|params: DidOpenTextDocumentParams| {
                    let path = path_of(&params.text_document.uri)?;
                    open.insert(path.clone(), params.text_document.text);
                    Some(path)
                })
            }
            DidChangeTextDocument::METHOD => {
                params(notification).and_then(|params: DidChangeTextDocumentParams| {
                    let path = path_of(&params.text_document.uri)?;
                    let text = open.get_mut(&path)?;
                    for change in params.content_changes {
                        apply_change(text, change, self.encoding);
                    }
                    Some(path)
                })
            }
            DidSaveTextDocument::METHOD => params(notification)
                .and_then(|params: DidSaveTextDocumentParams| path_of(&params.text_document.uri)),
            DidCloseTextDocument::METHOD => {
                params(notification).and_then(|params: DidCloseTextDocumentParams| {
                    let path = path_of(&params.text_document.uri)?;
                    open.remove(&path);
                    Some(path)
                })
            }
            // Files created, changed or deleted on disk (the VS Code extension watches
            // `*.phr` and `phrasec.toml`).
            DidChangeWatchedFiles::METHOD => {
                return params(notification)
                    .map(|params: DidChangeWatchedFilesParams| {
                        params
                            .changes
                            .iter()
                            .filter_map(|change| path_of(&change.uri))
                            .collect()
                    })
                    .unwrap_or_default();
            }
            _ => None,
        };
        changed.into_iter().collect()
    }

    /// Compiles the rule set at `root` again and publishes the diagnostics of its files, and
    /// empty lists for the files published last time that are no longer in it.
    fn publish(&mut self, root: &Path) -> Result<(), Failure> {
        self.workspace.recompile(root);
        let workspace = &mut self.workspace;
        let Some(rule_set) = workspace.rule_sets.get_mut(root) else {
            return Ok(());
        };
        let documents = Documents {
            open: &workspace.open,
            encoding: self.encoding,
        };
        let mut per_file = handlers::diagnostics::per_file(&rule_set.snapshot, &documents);
        for gone in &rule_set.published {
            per_file.entry(gone.clone()).or_default();
        }
        for (path, diagnostics) in &per_file {
            let Some(uri) = uri_of(path) else {
                continue;
            };
            let params = PublishDiagnosticsParams::new(uri, diagnostics.clone(), None);
            let notification = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
            self.connection
                .sender
                .send(Message::Notification(notification))?;
        }
        rule_set.published = rule_set.snapshot.paths.iter().cloned().collect();
        Ok(())
    }
}

/// The response `answer` gives, or an internal error if it panics (the server goes on).
fn guarded(id: RequestId, method: &str, answer: impl FnOnce() -> Response) -> Response {
    catch_unwind(AssertUnwindSafe(answer)).unwrap_or_else(|_| {
        Response::new_err(
            id,
            ErrorCode::InternalError as i32,
            format!("phrasec failed while answering `{method}`"),
        )
    })
}

fn params<P: DeserializeOwned>(notification: Notification) -> Option<P> {
    serde_json::from_value(notification.params).ok()
}

/// Applies one change to a document's text: a range replaced, or the whole text.
fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent, encoding: Encoding) {
    match change.range {
        Some(range) => {
            let index = LineIndex::new(text, encoding);
            let start = index.offset(range.start);
            let end = index.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
        None => *text = change.text,
    }
}

#[cfg(test)]
mod tests {
    use lsp_types::{Position, Range};

    use super::*;

    #[test]
    fn the_explanation_link_comes_from_the_client_else_the_repository() {
        let params = |options: serde_json::Value| -> InitializeParams {
            serde_json::from_value(serde_json::json!({
                "capabilities": {},
                "initializationOptions": options,
            }))
            .expect("initialize params")
        };
        let given = params(serde_json::json!({"explainUrl": "https://docs.example/{code}"}));
        assert_eq!(
            explain_url(&given, "https://example.org/phrasec"),
            Some("https://docs.example/{code}".to_owned())
        );
        let without_code = params(serde_json::json!({"explainUrl": "https://docs.example/"}));
        assert_eq!(
            explain_url(&without_code, "https://example.org/phrasec/"),
            Some("https://example.org/phrasec/blob/main/docs/codes/{code}.md".to_owned())
        );
        assert_eq!(explain_url(&params(serde_json::json!(null)), ""), None);
    }

    fn change(range: Range, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(range),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order_in_utf16() {
        let mut text = "say \"您好{nmae}\"\r\nsay \"𠀀x\"\n".to_owned();
        // `nmae` starts after `say "您好{`: 8 UTF-16 units.
        let rename = Range::new(Position::new(0, 8), Position::new(0, 12));
        apply_change(&mut text, change(rename, "name"), Encoding::Utf16);
        // `x` after the surrogate pair: 5 + 2 units.
        let x = Range::new(Position::new(1, 7), Position::new(1, 8));
        apply_change(&mut text, change(x, "y"), Encoding::Utf16);
        assert_eq!(text, "say \"您好{name}\"\r\nsay \"𠀀y\"\n");
    }

    #[test]
    fn a_panicking_handler_answers_with_an_internal_error() {
        let response = guarded(RequestId::from(7), "textDocument/hover", || {
            panic!("a bug in a handler")
        });
        assert_eq!(response.id, RequestId::from(7));
        assert_eq!(response.result, None);
        let error = response.error.unwrap();
        assert_eq!(error.code, ErrorCode::InternalError as i32);
        assert_eq!(
            error.message,
            "phrasec failed while answering `textDocument/hover`"
        );
    }

    const RULES: &str = "spec \"s\"\nconst hotline \"热线\" = \"10000\"\narticle 1 \"答复\"\n  say \"请拨打{hotline}\"\n";

    fn request(id: i32, method: &str, params: serde_json::Value) -> Message {
        Message::Request(Request::new(id.into(), method.to_owned(), params))
    }

    fn notification(method: &str, params: serde_json::Value) -> Message {
        Message::Notification(Notification::new(method.to_owned(), params))
    }

    /// Runs the server on `messages`, all queued before it starts; what it sent.
    fn session(root: &Path, messages: Vec<Message>) -> Vec<Message> {
        let (server_side, client) = Connection::memory();
        let uri = format!("file://{}", root.display());
        let mut all = vec![
            request(
                0,
                "initialize",
                serde_json::json!({"capabilities": {}, "rootUri": uri}),
            ),
            notification("initialized", serde_json::json!({})),
        ];
        all.extend(messages);
        all.push(request(99, "shutdown", serde_json::Value::Null));
        all.push(notification("exit", serde_json::Value::Null));
        for message in all {
            client.sender.send(message).unwrap();
        }
        serve(&server_side).unwrap();
        drop(server_side);
        client.receiver.try_iter().collect()
    }

    #[test]
    fn queued_changes_are_compiled_once_and_queued_requests_can_be_cancelled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rules.phr");
        std::fs::write(&path, RULES).unwrap();
        let uri = format!("file://{}", path.display());
        let text = |version: i32| {
            let name = if version == 3 { "hotlin" } else { "hotline" };
            RULES.replace("{hotline}", &format!("{{{name}}}"))
        };
        let mut messages = vec![notification(
            "textDocument/didOpen",
            serde_json::json!({"textDocument": {"uri": uri, "languageId": "phrasec", "version": 0, "text": RULES}}),
        )];
        for version in 1..=3 {
            messages.push(notification(
                "textDocument/didChange",
                serde_json::json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text(version)}]}),
            ));
        }
        let symbols = serde_json::json!({"textDocument": {"uri": uri}});
        messages.push(request(2, "textDocument/documentSymbol", symbols.clone()));
        messages.push(notification(
            "$/cancelRequest",
            serde_json::json!({"id": 2}),
        ));
        messages.push(request(3, "textDocument/documentSymbol", symbols));
        let sent = session(dir.path(), messages);
        let mut published: Vec<&Notification> = Vec::new();
        let mut responses: Vec<&Response> = Vec::new();
        for message in &sent {
            match message {
                Message::Notification(notification) => published.push(notification),
                Message::Response(response) => responses.push(response),
                Message::Request(_) => {}
            }
        }
        assert_eq!(published.len(), 1, "{published:?}");
        let diagnostics = &published[0].params["diagnostics"];
        assert_eq!(diagnostics[0]["code"], "E0107", "{diagnostics}");
        let ids: Vec<String> = responses.iter().map(|r| r.id.to_string()).collect();
        assert_eq!(ids, ["0", "2", "3", "99"]);
        let cancelled = responses[1].error.as_ref().unwrap();
        assert_eq!(cancelled.code, ErrorCode::RequestCanceled as i32);
        assert!(responses[2].error.is_none(), "{:?}", responses[2]);
    }

    #[test]
    fn utf8_ranges_count_bytes() {
        let mut text = "您好x".to_owned();
        let x = Range::new(Position::new(0, 6), Position::new(0, 7));
        apply_change(&mut text, change(x, "!"), Encoding::Utf8);
        assert_eq!(text, "您好!");
    }
}
