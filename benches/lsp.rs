//! `phrasec lsp` on a rule set of 10k articles (the generated corpus of
//! `tests/it/support/corpus.rs`, cut at its chapters into 101 files of about 100 articles),
//! the server driven as an editor drives it, over an in-memory connection (lsp-server's, the
//! same message loop as over stdio, without the pipe):
//!
//! - `lsp/diagnostics-after-edit/10k`: a one-line incremental edit of one file, until the
//!   diagnostics of every file of the rule set are published (the rule set compiled whole).
//! - `lsp/hover/10k`: hover on a fact name in a condition of that file.
//! - `lsp/completion/10k`: completion after `FACT = ` in that file.
//!
//! Then, unless `PHRASEC_BENCH_SKIP_MEMORY` is set, the live heap over 1,000 edits (each
//! waited for until published) of the 1k-article corpus cut the same way, measured with a
//! counting allocator around the binary's allocator.
//!
//! Run: `CARGO_TARGET_DIR=target/bench cargo bench --bench lsp` (`target/release` works too)
// A counting global allocator implements `GlobalAlloc`, which is unsafe to implement.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};
use std::thread::JoinHandle;

use criterion::Criterion;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

#[allow(dead_code, unused_imports)]
#[path = "../src/lsp/mod.rs"]
mod lsp;

#[path = "../tests/it/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;
#[path = "../tests/it/support/lcg.rs"]
#[allow(dead_code)]
mod lcg;

#[cfg(feature = "mimalloc")]
static INNER: mimalloc::MiMalloc = mimalloc::MiMalloc;
#[cfg(not(feature = "mimalloc"))]
static INNER: std::alloc::System = std::alloc::System;

/// The binary's allocator, counting the bytes live while `COUNTING` is on (only in the
/// memory run: a shared counter touched by every allocation of every thread would slow the
/// latency benches, which `phrasec lsp` with its plain allocator does not pay).
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static COUNTING: AtomicBool = AtomicBool::new(false);

fn count(bytes: isize) {
    if COUNTING.load(Relaxed) {
        LIVE.fetch_add(bytes, Relaxed);
    }
}

// SAFETY: every call is forwarded to the inner allocator unchanged; only a counter is updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { INNER.alloc(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { INNER.alloc_zeroed(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { INNER.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { INNER.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The corpus of `articles` articles written to `dir` as one file per chapter; the path of
/// the file edited (the second, a chapter of ordinary articles) and its text.
fn write_rule_set(dir: &Path, articles: usize) -> (String, String) {
    let text = corpus::generate(articles, 7);
    let mut files: Vec<String> = Vec::new();
    for (idx, part) in text.split("\nchapter ").enumerate() {
        files.push(if idx == 0 {
            format!("{part}\n")
        } else {
            format!("chapter {part}\n")
        });
    }
    for (idx, file) in files.iter().enumerate() {
        std::fs::write(dir.join(format!("{idx:03}.phr")), file).unwrap();
    }
    let edited = dir.join("001.phr");
    (format!("file://{}", edited.display()), files[1].clone())
}

/// A server on its own thread, initialized with `root` as its workspace.
struct Session {
    client: Connection,
    server: Option<JoinHandle<()>>,
    next_id: i32,
    uri: String,
    /// The number of files whose diagnostics each compilation publishes.
    files: usize,
    edits: usize,
}

impl Session {
    fn start(root: &Path, uri: String, files: usize) -> Session {
        let (server_side, client) = Connection::memory();
        let server = std::thread::spawn(move || {
            lsp::serve(&server_side).unwrap();
        });
        let mut session = Session {
            client,
            server: Some(server),
            next_id: 0,
            uri,
            files,
            edits: 0,
        };
        let root = format!("file://{}", root.display());
        session.request("initialize", json!({"capabilities": {}, "rootUri": root}));
        session.notify("initialized", json!({}));
        // Compiled once (the first request compiles the rule set).
        session.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": session.uri}}),
        );
        session
    }

    fn notify(&self, method: &str, params: Value) {
        let notification = Notification::new(method.to_owned(), params);
        self.client
            .sender
            .send(Message::Notification(notification))
            .unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_owned(), params);
        self.client.sender.send(Message::Request(request)).unwrap();
        loop {
            if let Message::Response(response) = self.client.receiver.recv().unwrap()
                && response.id == id
            {
                assert!(response.error.is_none(), "{method}: {:?}", response.error);
                return response.result.unwrap_or(Value::Null);
            }
        }
    }

    fn open(&self, text: &str) {
        let document =
            json!({"uri": self.uri, "languageId": "phrasec", "version": 0, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
        self.published();
    }

    /// Inserts a comment line at the top of the file, or takes it out again; waits until
    /// every file's diagnostics are published.
    fn edit(&mut self) {
        self.edits += 1;
        let top = json!({"line": 0, "character": 0});
        let change = if self.edits % 2 == 1 {
            json!({"range": {"start": top, "end": top}, "text": "# 编辑\n"})
        } else {
            let next = json!({"line": 1, "character": 0});
            json!({"range": {"start": top, "end": next}, "text": ""})
        };
        let document = json!({"uri": self.uri, "version": self.edits});
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": document, "contentChanges": [change]}),
        );
        self.published();
    }

    /// Waits for one compilation's diagnostics of every file.
    fn published(&self) {
        let mut seen = 0;
        while seen < self.files {
            if let Message::Notification(notification) = self.client.receiver.recv().unwrap()
                && notification.method == "textDocument/publishDiagnostics"
            {
                seen += 1;
            }
        }
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        if let Some(server) = self.server.take() {
            server.join().unwrap();
        }
    }
}

/// The UTF-16 position just after the first `needle` in `text`.
fn position_after(text: &str, needle: &str) -> Value {
    let at = text.find(needle).unwrap() + needle.len();
    let line_start = text[..at].rfind('\n').map_or(0, |start| start + 1);
    let line = text[..at].matches('\n').count();
    let character = text[line_start..at].encode_utf16().count();
    json!({"line": line, "character": character})
}

fn latency(criterion: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (uri, text) = write_rule_set(dir.path(), 10_000);
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    let mut session = Session::start(dir.path(), uri.clone(), files);
    session.open(&text);
    let mut group = criterion.benchmark_group("lsp");
    group.sample_size(20);
    group.bench_function("diagnostics-after-edit/10k", |bench| {
        bench.iter(|| session.edit())
    });
    // Back to the text the positions below are taken in.
    if session.edits % 2 == 1 {
        session.edit();
    }
    // A fact in a condition, and the place after `FACT = `.
    let on_fact = position_after(&text, " when ");
    let after_equals = position_after(&text, " = ");
    let at = |position: &Value| json!({"textDocument": {"uri": uri}, "position": position});
    let hover = session.request("textDocument/hover", at(&on_fact));
    assert!(hover["contents"]["value"].is_string(), "{hover}");
    let completion = session.request("textDocument/completion", at(&after_equals));
    assert!(!completion.as_array().unwrap().is_empty(), "{completion}");
    group.bench_function("hover/10k", |bench| {
        bench.iter(|| session.request("textDocument/hover", at(&on_fact)))
    });
    group.bench_function("completion/10k", |bench| {
        bench.iter(|| session.request("textDocument/completion", at(&after_equals)))
    });
    group.finish();
    session.stop();
}

/// The live heap over 1,000 edits of the 1k-article rule set, printed every 100 edits.
fn memory_over_edits() {
    // Counted from here: what is freed later of what was allocated before makes the count a
    // little low, never less flat.
    COUNTING.store(true, Relaxed);
    let dir = tempfile::tempdir().unwrap();
    let (uri, text) = write_rule_set(dir.path(), 1_000);
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    let mut session = Session::start(dir.path(), uri, files);
    session.open(&text);
    let megabytes = |bytes: isize| bytes as f64 / 1e6;
    println!(
        "lsp memory, 1k articles in {files} files: live heap after opening {:.2} MB",
        megabytes(LIVE.load(Relaxed))
    );
    for round in 1..=10 {
        for _ in 0..100 {
            session.edit();
        }
        println!(
            "  after {:>4} edits: {:.2} MB",
            round * 100,
            megabytes(LIVE.load(Relaxed))
        );
    }
    session.stop();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    latency(&mut criterion);
    criterion.final_summary();
    if std::env::var_os("PHRASEC_BENCH_SKIP_MEMORY").is_none() {
        memory_over_edits();
    }
}
