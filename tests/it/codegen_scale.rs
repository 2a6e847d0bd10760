//! How long rustc takes on the generated code of a large rule set: 10,000 articles with every
//! kind of template piece. Ignored by default (it measures, and takes a while in debug builds):
//!
//! ```sh
//! cargo test --release --test it codegen_scale:: -- --ignored --nocapture
//! ```
//!
//! It measures the default output (phrase traits and the article table) and the lean one
//! (`PhraseTraits::Minimal`, `Table::Omit`), each with and without debug info; set
//! `PHRASEC_SCALE_VARIED=1` to use phrases of random shapes instead, and `PHRASEC_SCALE_DIR` to
//! keep the rule file and the generated code there.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use phrasec::emit::rust::{Options, PhraseTraits, Table};

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

/// A harder rule set for sharing: each article's phrase has 0 to 3 distinct slots drawn at
/// random (in random order, with or without text around them), so far more phrases differ in
/// shape than in a real specification. Used when `PHRASEC_SCALE_VARIED` is set.
fn varied_rule_set(n: u32) -> String {
    const REFERENCES: [&str; 8] = [
        "{product}",
        "{department_phone}",
        "{reply_minutes}",
        "{wait}",
        "{finish_time}",
        "{engineer}",
        "{third_party}",
        "{gender ? 先生 | 小姐}",
    ];
    let mut out = String::from(DECLARATIONS);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |bound: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % bound
    };
    for idx in 0..n {
        let number = idx + 10;
        let _ = writeln!(out, "article {number} \"第{number}种情形\"");
        let mut phrase = String::new();
        let mut used: Vec<u64> = Vec::new();
        for _ in 0..next(4) {
            let slot = next(8);
            if used.contains(&slot) {
                continue;
            }
            used.push(slot);
            if next(2) == 0 {
                let _ = write!(phrase, "第{number}条");
            }
            phrase.push_str(REFERENCES[slot as usize]);
        }
        if phrase.is_empty() || next(2) == 0 {
            let _ = write!(phrase, "，谢谢（{number}）");
        }
        let _ = writeln!(out, "  say \"{phrase}\"");
    }
    out
}

/// Wall time and CPU time (user + sys) of a command.
struct Timing {
    wall: Duration,
    cpu: Option<Duration>,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:>7.2?} wall", self.wall)?;
        match self.cpu {
            Some(cpu) => write!(f, ", {cpu:>7.2?} CPU (user+sys)"),
            None => f.write_str(", CPU time unknown"),
        }
    }
}

/// CPU time (user + sys) of the waited-for children of this process, from `/proc/self/stat`
/// (Linux; in `USER_HZ` = 100 ticks per second).
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let (_, after_name) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Fields 16 and 17 of the file (`cutime`, `cstime`); `after_name` starts at field 3.
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn timed(mut command: Command, what: &str) -> Timing {
    let cpu_before = children_cpu();
    let start = Instant::now();
    let output = command.output().expect("the command runs");
    let wall = start.elapsed();
    assert!(
        output.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cpu = cpu_before
        .zip(children_cpu())
        .map(|(before, after)| after.saturating_sub(before));
    Timing { wall, cpu }
}

/// `rustc --edition 2024 --crate-type lib -C opt-level=0` (a debug build without debug info).
fn rustc(dir: &Path, file: &str, flags: &[&str]) -> Command {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut command = Command::new(rustc);
    command
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "-C",
            "opt-level=0",
            "--crate-name",
        ])
        .arg(file.trim_end_matches(".rs"))
        .args(flags)
        .arg("--out-dir")
        .arg(dir)
        .arg(dir.join(file));
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
    let varied = std::env::var_os("PHRASEC_SCALE_VARIED").is_some();
    let rule_set = if varied { varied_rule_set } else { rule_set };
    let rules = dir.join("scale.phr");
    std::fs::write(&rules, rule_set(N)).expect("written");

    // The CLI writes the default output (phrase traits and the article table included).
    let mut build = Command::new(env!("CARGO_BIN_EXE_phrasec"));
    build
        .arg("build")
        .arg(&rules)
        .args(["--emit", "rust", "-o"])
        .arg(dir.join("full.rs"));
    let generate = timed(build, "phrasec build --emit rust");
    // The lean output a build script asks for with `PhraseTraits::Minimal` and `Table::Omit`.
    let compilation = phrasec::compile_str("scale.phr", &rule_set(N));
    assert!(!compilation.has_errors());
    let lean = phrasec::emit::rust::generate_with(
        &compilation.model,
        Options {
            phrase_traits: PhraseTraits::Minimal,
            table: Table::Omit,
        },
    );
    std::fs::write(dir.join("lean.rs"), &lean).expect("written");
    let full = std::fs::read_to_string(dir.join("full.rs")).expect("generated");
    let n_phrases = lean.matches("    pub type Art").count();
    assert!(n_phrases > N as usize, "{n_phrases} phrases");
    assert_eq!(full.matches("    pub type Art").count(), n_phrases);
    let n_shapes = lean.matches("    pub struct Phrase").count();
    // Eight kinds of phrase, each a shape (with a few variants for the second phrases).
    assert!(varied || n_shapes < 20, "{n_shapes} phrase structs");

    println!(
        "{N} articles, {n_phrases} phrases of {n_shapes} shapes; lean: {} KiB of Rust, full: {} KiB",
        lean.len() / 1024,
        full.len() / 1024
    );
    println!("phrasec build --emit rust:          {generate}");
    let lean_plain = timed(rustc(&dir, "lean.rs", &["-D", "warnings"]), "rustc lean");
    println!("rustc (lean):                       {lean_plain}");
    let lean_debuginfo = timed(rustc(&dir, "lean.rs", &["-C", "debuginfo=2"]), "rustc -g");
    println!("rustc -C debuginfo=2 (lean):        {lean_debuginfo}");
    let lean_check = timed(rustc(&dir, "lean.rs", &["--emit=metadata"]), "rustc check");
    println!("rustc --emit=metadata (lean):       {lean_check}");
    let full_plain = timed(rustc(&dir, "full.rs", &["-D", "warnings"]), "rustc full");
    println!("rustc (full, the default output):   {full_plain}");
    let full_debuginfo = timed(
        rustc(&dir, "full.rs", &["-C", "debuginfo=2"]),
        "rustc full -g",
    );
    println!("rustc -C debuginfo=2 (full):        {full_debuginfo}");
    // Generous, to guard against a regression on a loaded machine; the target is 3 s.
    let lean_time = lean_plain.cpu.unwrap_or(lean_plain.wall);
    assert!(
        lean_time < Duration::from_secs(12),
        "rustc took {lean_plain} on the lean generated code of {N} articles"
    );
}
