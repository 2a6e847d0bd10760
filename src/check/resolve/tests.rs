//! Resolving articles on several threads, from borrowed or owned trees, gives exactly the model
//! and diagnostics of one thread.

use rayon::ThreadPoolBuilder;

use std::borrow::Cow;

use super::{Input, resolve_files};
use crate::source::FileId;
use crate::syntax::{Threads, parse_with};

/// Articles with every kind of error and warning that resolving an article can raise, among
/// clean ones, so that diagnostics of the pass over declarations and of articles interleave.
fn rule_set(articles: u32) -> String {
    let mut text = String::from(
        "spec \"s\" version \"1\"\nsegment home \"家庭\"\nfact cause \"原因\" { ours \"我方\", theirs \"对方\" }\n\
         slot name: text \"姓名\"\nslot gender: enum { m \"男\", f \"女\" } \"性别\"\nconst hotline \"热线\" = \"10000\"\n\
         action wait \"等待\"\ndecision d \"d\" over cause\nchapter 1 \"一\"\nsection 1 \"甲\" for home\n",
    );
    for number in 1..=articles {
        let body = match number % 7 {
            0 => "say \"您好{nmae}\"".to_owned(),
            1 => format!("in d when cause = ours say \"{{gender ? 先生 | 小姐}}，{{hotline}}{number}\""),
            2 => "when cause = nobody say \"x\"".to_owned(),
            3 => String::new(),
            4 => "act sleep or say \"[对不起|抱歉]{name}\"".to_owned(),
            5 => "in nowhere step when cause != ours say \"y\" case \"c\" when segment = office say \"z\"".to_owned(),
            _ => "incomplete \"缺\" guidance \"g\"".to_owned(),
        };
        // Every tenth number repeats the one before it, every 13th goes backwards.
        let shown = match number {
            n if n % 10 == 0 => n - 1,
            n if n % 13 == 0 => n / 2,
            n => n,
        };
        text.push_str(&format!("article {shown} \"第{number}条\" {body}\n"));
        if number % 50 == 0 {
            text.push_str(&format!("section {} \"乙\"\n", number / 50 + 1));
        }
    }
    text
}

#[test]
fn articles_resolved_on_threads_match_one_thread() {
    let text: std::sync::Arc<str> = rule_set(400).into();
    let (file, syntax) = parse_with(FileId(0), &text, Threads::One);
    assert!(syntax.is_empty(), "{syntax:?}");
    let borrowed = || {
        vec![Input {
            id: FileId(0),
            text: text.clone(),
            tree: Cow::Borrowed(&file),
        }]
    };
    let owned = || {
        vec![Input {
            id: FileId(0),
            text: text.clone(),
            tree: Cow::Owned(file.clone()),
        }]
    };
    let on_threads = |threads: usize, files: Vec<Input<'_>>| {
        let pool = ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        pool.install(|| resolve_files(files))
    };
    let (model, diagnostics) = on_threads(1, borrowed());
    assert!(model.articles.len() > 300);
    assert!(
        diagnostics.len() > 200,
        "only {} diagnostics",
        diagnostics.len()
    );
    for threads in [1, 2, 3, 8] {
        for (trees, files) in [("borrowed", borrowed()), ("owned", owned())] {
            let (threaded_model, threaded_diagnostics) = on_threads(threads, files);
            assert!(
                threaded_model == model,
                "models differ with {trees} trees on {threads} threads"
            );
            assert_eq!(
                threaded_diagnostics, diagnostics,
                "with {trees} trees on {threads} threads"
            );
        }
    }
}
