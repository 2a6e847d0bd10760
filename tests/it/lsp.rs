//! `phrasec lsp` end to end: the binary is started and spoken to over its standard input and
//! output with Content-Length framing, as an editor does: initialize (position encodings
//! negotiated), open, incremental change, the diagnostics published, hover, go to definition,
//! document symbols, formatting, shutdown and exit.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// How long one answer may take before the test fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(20);

const DECLARATIONS: &str = r#"spec "测试规范"

fact cause "故障原因" {
  ours "我方原因",
  theirs "对方原因",
}

const hotline "客服热线" = "10000"

slot minutes: number(1..=120) "答复时限"
  unit "分钟"
  note "在多少分钟内答复客户"
  example 30

slot spare: text "备用"

decision asks "客户询问故障原因" over cause
"#;

const ARTICLES: &str = r#"chapter 1 "通话"

article 1 "答复"
  say "您好，我们会在{minuts}分钟内答复，请拨打{hotline}"

article 2 "我方原因"
  in asks when cause = ours
  say "对不起"

article 3 "对方原因"
  in asks when cause = theirs
  say "请稍候"
"#;

/// A running `phrasec lsp` and the messages it sent, read on a thread.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_phrasec"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its response (notifications before it are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.receive(|message| message["id"] == id)
    }

    /// The next message that `wanted` accepts.
    fn receive(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(PATIENCE)
                .expect("a message in time");
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The next diagnostics published for each of the files named `names` (the server
    /// publishes every file of the rule set after a change, in no promised order).
    fn published(&mut self, names: &[&str]) -> BTreeMap<String, Vec<Value>> {
        let mut found = BTreeMap::new();
        while found.len() < names.len() {
            let message =
                self.receive(|message| message["method"] == "textDocument/publishDiagnostics");
            let uri = message["params"]["uri"].as_str().unwrap();
            if let Some(name) = names.iter().find(|name| uri.ends_with(*name)) {
                let diagnostics = message["params"]["diagnostics"].as_array().unwrap();
                found.insert((*name).to_owned(), diagnostics.clone());
            }
        }
        found
    }

    fn initialize(&mut self, root: &Path, encodings: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": {"general": {"positionEncodings": encodings}},
                "workspaceFolders": [{"uri": uri(root), "name": "rules"}],
            }),
        );
        self.notify("initialized", json!({}));
        response
    }

    /// shutdown, then exit: the process ends with status 0.
    fn stop(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The UTF-16 position of the first `needle` in `text`, plus `extra` units.
fn position_of(text: &str, needle: &str, extra: usize) -> Value {
    let at = text.find(needle).unwrap();
    let line_start = text[..at].rfind('\n').map_or(0, |start| start + 1);
    let line = text[..at].matches('\n').count();
    let character = text[line_start..at].encode_utf16().count() + extra;
    json!({"line": line, "character": character})
}

fn rule_set() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("00-decl.phr"), DECLARATIONS).unwrap();
    std::fs::write(dir.path().join("10-articles.phr"), ARTICLES).unwrap();
    dir
}

fn at(document: &str, position: Value) -> Value {
    json!({"textDocument": {"uri": document}, "position": position})
}

#[test]
fn an_editing_session() {
    let dir = rule_set();
    let articles = uri(&dir.path().join("10-articles.phr"));
    let declarations = uri(&dir.path().join("00-decl.phr"));
    let mut server = Server::start();
    let initialized = server.initialize(dir.path(), json!(["utf-16"]));
    let capabilities = &initialized["result"]["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2, "incremental");

    // Opening a file with a misspelt slot: an error on it (its range in UTF-16 columns,
    // after CJK text); the other file of the set is published too, clean (unused
    // declarations are only looked for in a rule set without errors).
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": articles, "languageId": "phrasec", "version": 1, "text": ARTICLES}}),
    );
    let mut published = server.published(&["10-articles.phr", "00-decl.phr"]);
    let errors = published.remove("10-articles.phr").unwrap();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["severity"], 1);
    assert_eq!(errors[0]["code"], "E0107");
    assert_eq!(errors[0]["source"], "phrasec");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("`minuts`"), "{message}");
    assert!(
        message.contains("help: did you mean `minutes`?"),
        "{message}"
    );
    let start = position_of(ARTICLES, "minuts", 0);
    let end = position_of(ARTICLES, "minuts", "minuts".len());
    assert_eq!(errors[0]["range"], json!({"start": start, "end": end}));
    assert_eq!(published["00-decl.phr"], Vec::<Value>::new());

    // An incremental change fixing the typo: the file becomes clean, and the unused slot of
    // the other file is reported, tagged unnecessary.
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": articles, "version": 2},
            "contentChanges": [{"range": {"start": start, "end": end}, "text": "minutes"}],
        }),
    );
    let mut published = server.published(&["10-articles.phr", "00-decl.phr"]);
    assert_eq!(published["10-articles.phr"], Vec::<Value>::new());
    let unused = published.remove("00-decl.phr").unwrap();
    assert_eq!(unused.len(), 1, "{unused:#?}");
    assert_eq!(unused[0]["code"], "W0101");
    assert_eq!(unused[0]["severity"], 2);
    assert_eq!(unused[0]["tags"], json!([1]), "unnecessary");
    let spare = position_of(DECLARATIONS, "spare", 0);
    assert_eq!(unused[0]["range"]["start"], spare);
    let fixed = ARTICLES.replace("minuts", "minutes");

    // Hover on a slot's use, a constant's use, a fact value and an article's header.
    let mut hover = |needle: &str, into: usize| {
        let place = at(&articles, position_of(&fixed, needle, into));
        server.request("textDocument/hover", place)
    };
    let on_slot = hover("minutes", 2);
    let on_constant = hover("hotline", 0);
    let on_value = hover("theirs", 1);
    let on_article = hover("答复\"", 0);
    let on_nothing = hover("\n\narticle 1", 0);
    assert_eq!(on_nothing["result"], Value::Null);
    let hovers = [on_slot, on_constant, on_value, on_article]
        .iter()
        .map(|response| {
            response["result"]["contents"]["value"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n---\n");
    insta::assert_snapshot!(hovers);

    // Go to definition from a use in one file to the declaration in the other.
    let definition = server.request(
        "textDocument/definition",
        at(&articles, position_of(&fixed, "hotline", 3)),
    );
    assert_eq!(definition["result"]["uri"], declarations.as_str());
    let hotline = position_of(DECLARATIONS, "hotline", 0);
    assert_eq!(definition["result"]["range"]["start"], hotline);
    assert_eq!(
        definition["result"]["range"]["end"]["character"],
        hotline["character"].as_u64().unwrap() + 7
    );

    // References: the declaration (when asked for) and the use, in both files.
    let place = |include: bool| {
        let mut params = at(&articles, position_of(&fixed, "minutes", 1));
        params["context"] = json!({"includeDeclaration": include});
        params
    };
    let references = server.request("textDocument/references", place(true));
    let references = references["result"].as_array().unwrap().clone();
    let found: Vec<(&str, &Value)> = references
        .iter()
        .map(|location| {
            (
                location["uri"].as_str().unwrap(),
                &location["range"]["start"],
            )
        })
        .collect();
    let declared = position_of(DECLARATIONS, "minutes", 0);
    let used = position_of(&fixed, "minutes", 0);
    assert_eq!(
        found,
        [
            (declarations.as_str(), &declared),
            (articles.as_str(), &used)
        ]
    );
    let uses = server.request("textDocument/references", place(false));
    assert_eq!(uses["result"].as_array().unwrap().len(), 1, "{uses}");

    // The outline of the file: the articles inside their chapter.
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": articles}}),
    );
    let names = |list: &Value| -> Vec<String> {
        let list = list.as_array().unwrap();
        list.iter()
            .map(|symbol| symbol["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let chapters = &symbols["result"];
    assert_eq!(names(chapters), ["第1章 通话"]);
    assert_eq!(
        names(&chapters[0]["children"]),
        ["第1条 答复", "第2条 我方原因", "第3条 对方原因"]
    );
    // The chapter reaches to the end of its last article.
    let last_line = fixed.trim_end().lines().count() - 1;
    assert_eq!(chapters[0]["range"]["end"]["line"], last_line);
    let article_1 = position_of(&fixed, "1 \"答复\"", 0);
    assert_eq!(
        chapters[0]["children"][0]["selectionRange"]["start"],
        article_1
    );

    // Completion: the values of the fact tested, and the slots and constants after `{`.
    let values = server.request(
        "textDocument/completion",
        at(&articles, position_of(&fixed, "ours", 0)),
    );
    assert_eq!(labels(&values), ["ours", "theirs"]);
    let slots = server.request(
        "textDocument/completion",
        at(&articles, position_of(&fixed, "minutes", 0)),
    );
    assert_eq!(labels(&slots), ["minutes", "spare", "hotline"]);

    // Formatting: a badly spaced header comes back in the canonical layout.
    let untidy = fixed.replace("article 2 \"我方原因\"", "article    2   \"我方原因\"");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": articles, "version": 3}, "contentChanges": [{"text": untidy}]}),
    );
    let edits = server.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": articles}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits["result"].as_array().unwrap().clone();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], fixed.as_str());
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );

    // Closed, the document is read from disk again, where the typo still is; fixed on disk
    // (the editor reports the change of a watched file), it is clean.
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": articles}}),
    );
    let published = server.published(&["10-articles.phr"]);
    assert_eq!(published["10-articles.phr"][0]["code"], "E0107");
    std::fs::write(dir.path().join("10-articles.phr"), &fixed).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": articles, "type": 2}]}),
    );
    let published = server.published(&["10-articles.phr"]);
    assert_eq!(published["10-articles.phr"], Vec::<Value>::new());

    server.stop();
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = rule_set();
    let mut server = Server::start();
    let initialized = server.initialize(dir.path(), json!(["utf-8", "utf-16"]));
    assert_eq!(
        initialized["result"]["capabilities"]["positionEncoding"],
        "utf-8"
    );
    let articles = uri(&dir.path().join("10-articles.phr"));
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": articles, "languageId": "phrasec", "version": 1, "text": ARTICLES}}),
    );
    let errors = server
        .published(&["10-articles.phr"])
        .remove("10-articles.phr")
        .unwrap();
    let line_start = ARTICLES[..ARTICLES.find("minuts").unwrap()]
        .rfind('\n')
        .unwrap()
        + 1;
    let bytes = ARTICLES.find("minuts").unwrap() - line_start;
    let error = errors.iter().find(|d| d["severity"] == 1).unwrap();
    assert_eq!(error["range"]["start"]["character"], bytes);
    assert_eq!(error["range"]["end"]["character"], bytes + "minuts".len());
    server.stop();
}

#[test]
fn unknown_requests_get_an_error_and_the_server_goes_on() {
    let dir = rule_set();
    let mut server = Server::start();
    server.initialize(dir.path(), json!([]));
    let response = server.request("textDocument/inlayHint", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    let response = server.request("textDocument/hover", json!({"nonsense": true}));
    assert_eq!(response["error"]["code"], -32602, "{response}");
    server.stop();
}

/// The rule set with the typo fixed: no diagnostics.
fn clean_rule_set() -> (tempfile::TempDir, String) {
    let dir = rule_set();
    let fixed = ARTICLES.replace("minuts", "minutes");
    std::fs::write(dir.path().join("10-articles.phr"), &fixed).unwrap();
    (dir, fixed)
}

/// The labels of a completion response's items.
fn labels(response: &Value) -> Vec<String> {
    response["result"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item["label"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn range_of(text: &str, needle: &str) -> Value {
    json!({"start": position_of(text, needle, 0), "end": position_of(text, needle, needle.len())})
}

#[test]
fn highlights_and_renames_across_files() {
    let (dir, fixed) = clean_rule_set();
    let articles = uri(&dir.path().join("10-articles.phr"));
    let declarations = uri(&dir.path().join("00-decl.phr"));
    let mut server = Server::start();
    server.initialize(dir.path(), json!(["utf-16"]));

    // Every `cause` of this file (the fact, not the other file's declaration).
    let highlights = server.request(
        "textDocument/documentHighlight",
        at(&articles, position_of(&fixed, "cause = ours", 1)),
    );
    let ranges: Vec<&Value> = highlights["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|highlight| &highlight["range"])
        .collect();
    let first = json!({
        "start": position_of(&fixed, "cause = ours", 0),
        "end": position_of(&fixed, "cause = ours", "cause".len()),
    });
    assert_eq!(ranges.len(), 2, "{highlights}");
    assert_eq!(ranges[0], &first);
    assert_eq!(ranges[1]["start"], position_of(&fixed, "cause = theirs", 0));

    // prepareRename: the name under the cursor; refused on an article's header.
    let prepared = server.request(
        "textDocument/prepareRename",
        at(&articles, position_of(&fixed, "hotline", 3)),
    );
    assert_eq!(prepared["result"], range_of(&fixed, "hotline"));
    let on_article = server.request(
        "textDocument/prepareRename",
        at(&articles, position_of(&fixed, "答复\"", 0)),
    );
    assert_eq!(on_article["error"]["code"], -32803, "{on_article}");

    // A rename across both files, one edit in each, files in the rule set's order.
    let mut rename = |needle: &str, new_name: &str| {
        let mut params = at(&articles, position_of(&fixed, needle, 1));
        params["newName"] = json!(new_name);
        server.request("textDocument/rename", params)
    };
    let renamed = rename("hotline", "phone");
    let expected = json!([
        {"textDocument": {"uri": declarations, "version": null},
         "edits": [{"range": range_of(DECLARATIONS, "hotline"), "newText": "phone"}]},
        {"textDocument": {"uri": articles, "version": null},
         "edits": [{"range": range_of(&fixed, "hotline"), "newText": "phone"}]},
    ]);
    assert_eq!(renamed["result"]["documentChanges"], expected, "{renamed}");

    // Refused, with the reason.
    let refusal = |response: Value| -> String {
        assert_eq!(response["error"]["code"], -32803, "{response}");
        response["error"]["message"].as_str().unwrap().to_owned()
    };
    assert_eq!(
        refusal(rename("hotline", "article")),
        "`article` is a keyword of the rule language and cannot be a name"
    );
    assert_eq!(
        refusal(rename("hotline", "minutes")),
        "`minutes` is already the name of a slot or constant"
    );
    assert!(refusal(rename("theirs", "1st")).contains("`1st` is not a name"));
    server.stop();
}

#[test]
fn workspace_symbols_find_articles_by_number_or_title_and_declarations_by_name() {
    let (dir, _) = clean_rule_set();
    let mut server = Server::start();
    server.initialize(dir.path(), json!(["utf-16"]));
    let mut search = |query: &str| -> Vec<String> {
        let response = server.request("workspace/symbol", json!({"query": query}));
        let symbols = response["result"].as_array().unwrap().clone();
        symbols
            .iter()
            .map(|symbol| {
                let file = symbol["location"]["uri"].as_str().unwrap();
                let file = file.rsplit('/').next().unwrap();
                let line = &symbol["location"]["range"]["start"]["line"];
                format!("{} {file}:{line}", symbol["name"].as_str().unwrap())
            })
            .collect()
    };
    assert_eq!(search("2"), ["第2条 我方原因 10-articles.phr:5"]);
    assert_eq!(search("第3条"), ["第3条 对方原因 10-articles.phr:9"]);
    assert_eq!(
        search("原因"),
        [
            "第2条 我方原因 10-articles.phr:5",
            "第3条 对方原因 10-articles.phr:9"
        ]
    );
    assert_eq!(search("对方 原因"), ["第3条 对方原因 10-articles.phr:9"]);
    assert_eq!(search("HOT"), ["hotline 00-decl.phr:7"]);
    assert_eq!(search("nothing like it"), Vec::<String>::new());
    server.stop();
}

const UNCOVERED: &str = r#"spec "测试规范"

# 故障原因，
# 三种。
fact cause "故障原因" {
  ours "我方原因",
  theirs "对方原因",
  unknown "原因不明",
}

decision asks "客户询问故障原因" over cause

chapter 1 "通话"

article 1 "我方原因"
  in asks when cause = ours
  say "对不起,请稍候。"
"#;

/// The byte offset of a UTF-16 `position` of `text`.
fn offset_of(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (at, ch) in text[start..].char_indices() {
        if units >= character {
            return start + at;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// `text` with the edits of one file of a workspace edit applied.
fn apply_edits(text: &str, edit: &Value) -> String {
    let changes = edit["documentChanges"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{edit}");
    let mut edits = changes[0]["edits"].as_array().unwrap().clone();
    edits.sort_by_key(|edit| std::cmp::Reverse(offset_of(text, &edit["range"]["start"])));
    let mut text = text.to_owned();
    for edit in edits {
        let start = offset_of(&text, &edit["range"]["start"]);
        let end = offset_of(&text, &edit["range"]["end"]);
        text.replace_range(start..end, edit["newText"].as_str().unwrap());
    }
    text
}

#[test]
fn code_actions_offer_the_linter_s_fixes_and_articles_for_uncovered_cases() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.phr");
    std::fs::write(&path, UNCOVERED).unwrap();
    let rules = uri(&path);
    let mut server = Server::start();
    server.initialize(dir.path(), json!(["utf-16"]));
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}});
    let response = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": rules}, "range": whole, "context": {"diagnostics": []}}),
    );
    let actions = response["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|action| action["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "add article 2 for `cause in {theirs, unknown}`",
            "replace `,` with `，`"
        ],
        "{response}"
    );
    let skeleton = apply_edits(UNCOVERED, &actions[0]["edit"]);
    assert_eq!(actions[0]["diagnostics"][0]["code"], "W0201");
    let added = &skeleton[UNCOVERED.len()..];
    assert_eq!(
        added,
        "\narticle 2 \"故障原因：对方原因或原因不明\"\n  in asks when cause in {theirs, unknown}\n  incomplete \"待补充话术\"\n  say \"您好。\"\n"
    );
    // With the skeleton the decision is covered: the article is only marked incomplete.
    let compiled = phrasec::compile(&[phrasec::Input {
        name: "rules.phr".to_owned(),
        bytes: skeleton.into_bytes(),
    }]);
    let codes: Vec<&str> = compiled
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["W0301", "W0002"]);

    let fixed = apply_edits(UNCOVERED, &actions[1]["edit"]);
    assert_eq!(fixed, UNCOVERED.replace("对不起,", "对不起，"));
    assert_eq!(actions[1]["isPreferred"], true);

    // The cursor on the comma: the fix there, no article.
    let comma = position_of(UNCOVERED, ",请", 0);
    let on_line = json!({"start": comma, "end": comma});
    let response = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": rules}, "range": on_line, "context": {"diagnostics": []}}),
    );
    assert_eq!(
        response["result"].as_array().unwrap().len(),
        1,
        "{response}"
    );

    // Folding: the comment block, the chapter (to the end of its article) and the article.
    let response = server.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": rules}}),
    );
    let folds: Vec<(u64, u64, &str)> = response["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|fold| {
            (
                fold["startLine"].as_u64().unwrap(),
                fold["endLine"].as_u64().unwrap(),
                fold["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        folds,
        [(2, 3, "comment"), (12, 16, "region"), (14, 16, "region")]
    );
    server.stop();
}

#[test]
fn semantic_tokens_tell_keywords_names_by_kind_strings_and_slots_apart() {
    let (dir, fixed) = clean_rule_set();
    let articles = uri(&dir.path().join("10-articles.phr"));
    let mut server = Server::start();
    let initialized = server.initialize(dir.path(), json!(["utf-16"]));
    let legend = &initialized["result"]["capabilities"]["semanticTokensProvider"]["legend"];
    let types: Vec<String> = legend["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kind| kind.as_str().unwrap().to_owned())
        .collect();
    let response = server.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": articles}}),
    );
    let data: Vec<u64> = response["result"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|number| number.as_u64().unwrap())
        .collect();
    // Decoded: the text and type of each token, line by line.
    let lines: Vec<&str> = fixed.lines().collect();
    let (mut line, mut start) = (0, 0);
    let mut decoded: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for token in data.chunks(5) {
        line += token[0];
        start = if token[0] == 0 {
            start + token[1]
        } else {
            token[1]
        };
        let units: Vec<u16> = lines[line as usize].encode_utf16().collect();
        let text = String::from_utf16(&units[start as usize..(start + token[2]) as usize]).unwrap();
        let kind = &types[token[3] as usize];
        let readonly = if token[4] & 2 != 0 { " readonly" } else { "" };
        decoded
            .entry(line)
            .or_default()
            .push(format!("{text}: {kind}{readonly}"));
    }
    assert_eq!(
        decoded[&0],
        ["chapter: keyword", "1: number", "\"通话\": string"]
    );
    assert_eq!(
        decoded[&3],
        [
            "say: keyword",
            "\"您好，我们会在{: string",
            "minutes: variable",
            "}分钟内答复，请拨打{: string",
            "hotline: variable readonly",
            "}\": string"
        ]
    );
    assert_eq!(
        decoded[&10],
        [
            "in: keyword",
            "asks: interface",
            "when: keyword",
            "cause: enum",
            "theirs: enumMember"
        ]
    );
    server.stop();
}

/// Text as it is while being typed: one article broken (a syntax error), a condition with
/// nothing after its `=`, a phrase with an unclosed `{`. Hover and go to definition still work
/// in the articles that parse, and completion at the incomplete places offers what fits.
#[test]
fn incomplete_text_keeps_hover_definition_and_completion_working() {
    let (dir, fixed) = clean_rule_set();
    let articles = uri(&dir.path().join("10-articles.phr"));
    let typing = format!(
        "{fixed}\narticle 4 \"坏\" in asks when\n  say \"好\n\narticle 5 \"正在写\"\n  in asks when cause = \n\narticle 6 \"正在写\"\n  say \"请在{{\n"
    );
    let mut server = Server::start();
    server.initialize(dir.path(), json!(["utf-16"]));
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": articles, "languageId": "phrasec", "version": 1, "text": typing}}),
    );
    let published = server.published(&["10-articles.phr"]);
    assert!(
        published["10-articles.phr"]
            .iter()
            .any(|diagnostic| diagnostic["code"] == "E0001"),
        "{published:#?}"
    );
    // Hover on `theirs` in article 3, which parses.
    let hover = server.request(
        "textDocument/hover",
        at(&articles, position_of(&typing, "theirs", 1)),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(shown.contains("对方原因"), "{hover}");
    // Go to definition of `cause` there: its declaration in the other file.
    let definition = server.request(
        "textDocument/definition",
        at(&articles, position_of(&typing, "cause = theirs", 1)),
    );
    let target = definition["result"]["uri"].as_str().unwrap_or_default();
    assert!(target.ends_with("00-decl.phr"), "{definition}");
    // Completion after `cause = ` with nothing after it: the fact's values.
    let after_equals = server.request(
        "textDocument/completion",
        at(
            &articles,
            position_of(&typing, "cause = \n", "cause = ".len()),
        ),
    );
    assert_eq!(labels(&after_equals), ["ours", "theirs"], "{after_equals}");
    // Completion after the unclosed `{`: the slots and constants.
    let in_braces = server.request(
        "textDocument/completion",
        at(&articles, position_of(&typing, "请在{", 3)),
    );
    assert_eq!(
        labels(&in_braces),
        ["minutes", "spare", "hotline"],
        "{in_braces}"
    );
    server.stop();
}

const SEGMENTED: &str = r#"spec "分群"

segment household "居民用户"
segment business "工商户"

slot gender: enum { mr "先生", ms "女士" } "称谓"
action transfer "转接"

article 1 "办结"
  say "已经{segment ? business: 为贵单位 | household: 为您}办理完毕"
"#;

/// A segment choice (`{segment ? business: … | …}`): its branch names complete to the
/// segments, at the start of each branch only; go to definition from a branch name reaches the
/// segment's declaration; an enum slot's choice (branches by position) offers nothing. An
/// action being written completes to the actions, then its argument to the slots.
#[test]
fn segment_choices_complete_and_lead_to_their_segments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.phr");
    let typing = format!(
        "{SEGMENTED}\narticle 2 \"正在写\"\n  say \"{{segment ? business: 贵单位 | \n\narticle 3 \"正在写\"\n  say \"{{segment ? business: 贵\n\narticle 4 \"正在写\"\n  say \"{{gender ? \n\narticle 5 \"正在写\"\n  step act \n  step act transfer {{\n"
    );
    std::fs::write(&path, &typing).unwrap();
    let rules = uri(&path);
    let mut server = Server::start();
    server.initialize(dir.path(), json!(["utf-16"]));
    let next_branch = "贵单位 | \n";
    let at_branch = server.request(
        "textDocument/completion",
        at(
            &rules,
            position_of(&typing, next_branch, next_branch.len() - 1),
        ),
    );
    assert_eq!(labels(&at_branch), ["household", "business"], "{at_branch}");
    let in_text = server.request(
        "textDocument/completion",
        at(
            &rules,
            position_of(&typing, "business: 贵\n", "business: 贵".chars().count()),
        ),
    );
    assert_eq!(labels(&in_text), Vec::<String>::new(), "{in_text}");
    let positional = server.request(
        "textDocument/completion",
        at(
            &rules,
            position_of(&typing, "gender ? \n", "gender ? ".len()),
        ),
    );
    assert_eq!(labels(&positional), Vec::<String>::new(), "{positional}");
    // An action being written: the actions, then the slots and constants as its argument.
    let action = server.request(
        "textDocument/completion",
        at(
            &rules,
            position_of(&typing, "step act \n", "step act ".len()),
        ),
    );
    assert_eq!(labels(&action), ["transfer"], "{action}");
    let argument = server.request(
        "textDocument/completion",
        at(
            &rules,
            position_of(&typing, "transfer {\n", "transfer {".len()),
        ),
    );
    assert_eq!(labels(&argument), ["gender"], "{argument}");
    let definition = server.request(
        "textDocument/definition",
        at(&rules, position_of(&typing, "business: 为贵单位", 2)),
    );
    assert_eq!(
        definition["result"]["range"]["start"],
        position_of(&typing, "business \"工商户\"", 0),
        "{definition}"
    );
    // Renaming the segment renames it in every choice that names it.
    let mut params = at(&rules, position_of(&typing, "business: 为贵单位", 2));
    params["newName"] = json!("enterprise");
    let renamed = server.request("textDocument/rename", params);
    assert_eq!(
        apply_edits(&typing, &renamed["result"]),
        typing.replace("business", "enterprise"),
        "{renamed}"
    );
    server.stop();
}
