//! How long rustc takes on the generated code of a large rule set: 10,000 articles with every
//! kind of template piece. Ignored by default (it measures, and takes a while in debug builds):
//!
//! ```sh
//! cargo test --release --test codegen_scale -- --ignored --nocapture
//! ```
//!
//! Set `PHRASEC_SCALE_DIR` to keep the rule file and the generated code there.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Declarations for the generated articles: every slot type, a constant and an action.
const DECLARATIONS: &str = r#"spec "规模测试" version "1"
segment enterprise "政企客户群"
segment household "家庭及个人客户群"
fact cause "故障原因" { unknown "原因不明", ours "我方原因", customer "用户方原因" }
const hotline "客服热线" = "10000"
slot product: text "业务名称"
slot department_phone: phone "受理部门号码"
slot reply_minutes: number(1..=120) "答复时限"
slot wait: duration(minute, hour) "等待时间"
slot finish_time: time "完成时间"
slot engineer: person "工程师姓名"
slot third_party: org "第三方名称"
slot gender: enum { male "先生", female "小姐" } "客户称谓"
action stay_silent "保持沉默"
decision asks_cause "客户询问故障原因" over cause
article 1 "原因不明" in asks_cause when cause = unknown
  say "我们正在排查，原因查明后将及时向您反馈"
article 2 "我方原因" in asks_cause when cause = ours
  say "对不起，由于我方原因，使您的业务无法正常使用"
article 3 "用户方原因" in asks_cause when cause = customer and segment = enterprise
  say "请您先检查一下设备，好吗？"
"#;

/// A rule set with `n` articles (numbered from 10): one phrase each, one in ten with a second
/// phrase or an action, cycling through texts, every slot type, choices, free variation and
/// constants.
fn rule_set(n: u32) -> String {
    let mut out = String::from(DECLARATIONS);
    for idx in 0..n {
        let number = idx + 10;
        let _ = writeln!(
            out,
            "article {number} \"第{number}种情形：客户来电咨询业务时\""
        );
        let phrase = match idx % 8 {
            0 => format!("您好，这是第{number}条规范用语，感谢您的耐心等待"),
            1 => format!("尊敬的{{product}}业务用户，第{number}条，请及时与{{hotline}}号联系"),
            2 => format!("请您拨打{{department_phone}}号码（第{number}条）"),
            3 => format!("我们会在{{reply_minutes}}分钟内答复您，第{number}条"),
            4 => format!("[对不起|非常抱歉]，请您等待{{wait}}，第{number}条"),
            5 => format!("我们会在{{finish_time}}完成，请您谅解（第{number}条）"),
            6 => format!(
                "您好！我是{{engineer}}工程师，请问您是{{gender ? 先生 | 小姐}}吗？第{number}条"
            ),
            _ => format!("我们正在协助{{third_party}}进行故障处理，第{number}条"),
        };
        let _ = writeln!(out, "  say \"{phrase}\"");
        match idx % 20 {
            0 => out.push_str("  or act stay_silent\n"),
            10 => {
                let _ = writeln!(out, "  step say \"第{number}条的第二句\"");
            }
            _ => {}
        }
    }
    out
}

fn timed(mut command: Command, what: &str) -> Duration {
    let start = Instant::now();
    let output = command.output().expect("the command runs");
    let elapsed = start.elapsed();
    assert!(
        output.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    elapsed
}

fn rustc(dir: &Path, flags: &[&str]) -> Command {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut command = Command::new(rustc);
    command
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--crate-name",
            "phrases",
        ])
        .args(flags)
        .arg("--out-dir")
        .arg(dir)
        .arg(dir.join("phrases.rs"));
    command
}

#[test]
#[ignore = "measures compile time; run with --ignored --nocapture"]
fn ten_thousand_phrases_compile_quickly() {
    const N: u32 = 10_000;
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = std::env::var_os("PHRASEC_SCALE_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("dir");
    let rules = dir.join("scale.phr");
    std::fs::write(&rules, rule_set(N)).expect("written");

    let mut build = Command::new(env!("CARGO_BIN_EXE_phrasec"));
    build
        .arg("build")
        .arg(&rules)
        .args(["--emit", "rust", "-o"])
        .arg(dir.join("phrases.rs"));
    let generate = timed(build, "phrasec build --emit rust");
    let generated = std::fs::read_to_string(dir.join("phrases.rs")).expect("generated");
    let n_structs = generated.matches("    pub struct Art").count();
    assert!(n_structs > N as usize, "{n_structs} phrase structs");

    // A debug build as rustc does it by default (opt-level 0, no debug info), as cargo's
    // `dev` profile does it (with debug info), and a metadata-only check (`cargo check`).
    let plain = timed(rustc(&dir, &["-D", "warnings"]), "rustc");
    let with_debuginfo = timed(rustc(&dir, &["-C", "debuginfo=2"]), "rustc -g");
    let check = timed(rustc(&dir, &["--emit=metadata"]), "rustc --emit=metadata");
    println!(
        "{N} articles, {n_structs} phrase structs, {} lines, {} KiB of Rust",
        generated.lines().count(),
        generated.len() / 1024
    );
    println!("phrasec build --emit rust:                   {generate:.2?}");
    println!("rustc --edition 2021 --crate-type lib:       {plain:.2?}");
    println!("rustc … -C debuginfo=2:                      {with_debuginfo:.2?}");
    println!("rustc … --emit=metadata:                     {check:.2?}");
    // Generous, to guard against a regression on a loaded machine; the target is 3 s.
    assert!(
        plain < Duration::from_secs(15),
        "rustc took {plain:.2?} on the generated code of {N} articles"
    );
}
