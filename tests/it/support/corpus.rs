//! Deterministic rule corpora for the benchmarks and the corpus test.
//!
//! The benchmarks (`benches/parse.rs`, `benches/memory.rs`, `benches/review.rs`) include it with
//! `#[path]`, next to `lcg.rs`.

use std::fmt::Write as _;

pub use super::lcg::Lcg;

/// The seed the benchmarks use.
pub const SEED: u64 = 2024;

/// Declarations shared by every corpus: spec header, segments, facts, constants, slots,
/// actions and decisions, each declared once.
pub const HEADER: &str = r#"# 客户端作业规范：基准测试语料（自动生成，请勿手工编辑）
spec "客户端作业规范" version "2.0"

segment enterprise "政企客户群"
segment public "公众客户群"
segment vip "高端客户群"

# 故障处理相关事实
fact cause "故障原因" { unknown "不明", ours "我方", third_party "第三方", customer "客户自身" }
fact stage "处理阶段" { accepted "已受理", dispatched "已派单", repairing "修复中", resolved "已修复" }
fact delay "延误类型" { installation "装机", repair "修障", relocation "移机" }
fact tried "回访结果" { reached "已联系上", failed "未联系上" }

never cause = unknown and stage = resolved because "故障修复后原因应已查明"

const hotline "客服热线" = "10000"
const website "网上营业厅" = "www.189.cn"
const company "公司名称" = "中国电信"

slot minutes: duration(minute) "答复时限" example "30分钟"
slot hours: duration(hour, minute) "修复时限" example "2小时" note "按工单承诺时限填写"
slot gender: enum { male "男", female "女" } "客户性别"
slot name: person "客户姓名" example "张"
slot staff: text "工号" example "8023"
slot phone: phone "联系电话" example "13800000000"
slot amount: number(0..=10000) "补偿金额" unit "元" example 50
slot visits: number(1..=5) "上门次数" example 2
slot appointment: time "预约时间" example "14:30"
slot partner: org "合作单位" example "市政施工队"

action stay_silent "保持沉默，耐心倾听"
action transfer "转接专席"
action hang_up "礼貌挂机"

decision asks_cause "客户询问故障原因" over cause, stage, segment
decision complains_delay "客户投诉处理延误" over delay, stage, segment
decision follow_up "回访客户" over stage, tried
"#;

const GREETINGS: &[&str] = &[
    "您好",
    "[您好|你好]",
    "{name}{gender ? 先生 | 小姐}，您好",
    "尊敬的{name}{gender ? 先生 | 女士}",
    "[您好|您好，这里是{company}]",
];

const APOLOGIES: &[&str] = &[
    "[对不起|非常抱歉]",
    "非常抱歉给您带来不便",
    "[实在抱歉|真的很抱歉]，让您久等了",
    "感谢您的耐心等待",
    "给您添麻烦了，我们深表歉意",
];

const CLAUSES: &[&str] = &[
    "您反映的问题我们已经记录",
    "我们已安排工作人员尽快处理",
    "维修人员会在{minutes}内与您联系",
    "预计在{hours}内恢复正常使用",
    "由于{partner}施工导致线路中断",
    "目前故障原因正在进一步排查中",
    "我们会持续跟进处理进度",
    "工作人员将于{appointment}上门服务",
    "本次上门是第{visits}次",
    "按照规定将为您补偿{amount}元",
    "您的工单已转交相关部门处理",
    "请您保持电话{phone}畅通",
    "如需帮助可登录{website}查询",
    "我的工号是{staff}",
    "我们已联系第三方单位协调抢修",
    "经核查是我方设备故障所致",
    "建议您先重启光猫后再试",
    r#"请点击\"确认\"按钮完成预约"#,
    "您也可以拨打{hotline}咨询",
    "[请您放心|请您谅解]，我们会尽快[处理|解决]",
];

const CLOSINGS: &[&str] = &[
    "感谢您的理解与支持。",
    "请问还有什么可以帮您？",
    "祝您生活愉快！",
    "如有疑问请随时拨打{hotline}。",
    "[感谢您的来电|谢谢您的配合]，再见。",
];

const TITLE_HEADS: &[&str] = &[
    "第三方原因",
    "我方原因",
    "原因不明",
    "客户自身原因",
    "装机延误",
    "修障超时",
    "移机延误",
    "回访未联系上",
    "重复投诉",
    "预约上门",
];

const TITLE_TAILS: &[&str] = &[
    "导致故障的答复",
    "的解释口径",
    "的安抚用语",
    "的处理说明",
    "的回访话术",
];

const GUIDANCE: &[&str] = &[
    "语气平和，不与客户争辩",
    "先安抚情绪，再说明原因",
    "不得透露内部工单流转细节",
    "如客户情绪激动，可先保持沉默",
];

const COMMENTS: &[&str] = &[
    "# 依据2023年版规范修订",
    "# 注意：此条仅适用于已受理工单",
    "# 与营业厅口径保持一致",
];

/// Articles that cover each decision exactly once (no gap, no overlap), and use every slot,
/// constant and action, so that even a small corpus has no coverage or unused warnings.
/// Numbered from 1; [`DECISION_ARTICLES`] of them.
const DECISION_BLOCK: &str = r#"chapter 1 "故障处理及回访对外统一规范用语"

section 1 "客户询问故障原因"

article 1 "原因尚未查明时" in asks_cause when cause = unknown
  say "[对不起|非常抱歉]，{name}{gender ? 先生 | 小姐}，目前故障原因正在查找，我们会在{minutes}内答复您。"
  or act stay_silent
article 2 "确认是我方原因时" in asks_cause when cause = ours
  case "处理中" when stage in {accepted, dispatched, repairing}
    say "对不起，由于我方设备故障，使您的业务不能正常使用，预计在{hours}内修复。"
  case "已修复" when stage = resolved
    say "您好，故障已经修复，给您带来不便，{company}向您深表歉意。"
article 3 "第三方原因，已开始处理" in asks_cause
  when cause = third_party and stage in {repairing, resolved}
  say "由于{partner}施工造成线路中断，我们正在协助第三方进行故障处理。"
article 4 "第三方原因，尚未处理" in asks_cause
  when cause = third_party and stage in {accepted, dispatched}
  say "我们已联系{partner}，工作人员将于{appointment}上门处理。"
# 用户方原因：政企与其他客户群分别答复
article 5 "用户方原因（政企）" in asks_cause when cause = customer and segment = enterprise
  say "经检查是贵单位内部设备的原因，我们的工程师可以协助您处理，请拨打{phone}联系。"
article 6 "用户方原因（其他客户群）" in asks_cause
  when cause = customer and segment in {public, vip}
  say "经检查是您家中设备的原因，如需上门服务请拨打{hotline}，第{visits}次上门免费。"
  or act transfer

section 2 "客户抱怨处理时限长"

article 7 "已处理完毕" in complains_delay when stage = resolved
  say "非常抱歉让您久等了，作为补偿将为您减免{amount}元，详情请登录{website}查询。"
article 8 "尚在处理" in complains_delay when stage != resolved
  case "装机" when delay = installation
    say "非常抱歉，给您的工作带来了不便，我们会尽快完成装机，请您谅解。"
  case "修障" when delay = repair
    say "对不起，由于故障原因比较复杂，需要较长时间，我们会尽快完成。"
  case "移机" when delay = relocation
    say "您的移机工单已加急处理，我的工号是{staff}，请您放心。"

section 3 "回访"

article 9 "回访联系上客户" in follow_up when tried = reached
  step say "您好，我是{company}的工作人员，请问故障是否已经恢复？"
  step "客户仍不满意" say "感谢您的反馈，我们会继续跟进。"
    or act hang_up
article 10 "回访未联系上客户" in follow_up when tried = failed
  guidance "隔两小时后再次回访，最多三次"

"#;

/// The number of articles in [`DECISION_BLOCK`].
pub const DECISION_ARTICLES: usize = 10;

/// Conditions of the other articles (not in a decision). `true`: it tests the segment, so it
/// is not used in a section restricted to a segment.
const CONDITIONS: &[(&str, bool)] = &[
    ("cause = ours", false),
    (
        "cause = third_party and stage in {repairing, resolved}",
        false,
    ),
    ("cause = ours and stage in {repairing, resolved}", false),
    ("cause in {ours, customer} and stage != accepted", false),
    ("cause not in {ours} and segment = enterprise", true),
    ("stage = dispatched", false),
    ("delay = installation", false),
    ("delay in {repair, relocation} and stage != resolved", false),
    ("delay = relocation and segment in {enterprise, vip}", true),
    ("stage not in {resolved}", false),
    ("tried = reached", false),
    ("tried = failed and stage = resolved", false),
];

/// Case labels and conditions of articles with sub-cases (their own condition is on `cause`):
/// two groups, each complete and disjoint, as the checker asks of cases (W0206, E0204).
const CASE_GROUPS: &[&[(&str, &str)]] = &[
    &[
        ("已受理", "stage = accepted"),
        ("已派单", "stage = dispatched"),
        ("修复中或已修复", "stage in {repairing, resolved}"),
    ],
    &[
        ("装机", "delay = installation"),
        ("修障", "delay = repair"),
        ("移机", "delay = relocation"),
    ],
];

fn phrase(rng: &mut Lcg, out: &mut String) {
    out.push('"');
    if rng.chance(60) {
        out.push_str(rng.pick(GREETINGS));
        out.push('，');
    }
    if rng.chance(50) {
        out.push_str(rng.pick(APOLOGIES));
        out.push('，');
    }
    let clauses = 1 + rng.below(3);
    for idx in 0..clauses {
        if idx > 0 {
            out.push('，');
        }
        out.push_str(rng.pick(CLAUSES));
    }
    out.push('。');
    if rng.chance(60) {
        out.push_str(rng.pick(CLOSINGS));
    }
    out.push('"');
}

fn utterances(rng: &mut Lcg, out: &mut String, indent: &str) {
    out.push_str("say ");
    phrase(rng, out);
    if rng.chance(25) {
        out.push('\n');
        out.push_str(indent);
        out.push_str("  or say ");
        phrase(rng, out);
    }
    if rng.chance(10) {
        out.push('\n');
        out.push_str(indent);
        out.push_str("  or act ");
        out.push_str(rng.pick(&["stay_silent", "transfer", "hang_up"]));
    }
}

fn article(rng: &mut Lcg, number: usize, segment_section: bool, out: &mut String) {
    if rng.chance(5) {
        out.push_str(rng.pick(COMMENTS));
        out.push('\n');
    }
    let _ = write!(
        out,
        "article {number} \"{}{}\"",
        rng.pick(TITLE_HEADS),
        rng.pick(TITLE_TAILS)
    );
    let shape = rng.below(100);
    if shape < 15 {
        // Sub-cases, each testing one more fact.
        if rng.chance(50) {
            out.push_str(rng.pick(&[
                " when cause = ours",
                " when cause in {third_party, customer}",
            ]));
        }
        out.push('\n');
        for (label, condition) in CASE_GROUPS[rng.below(CASE_GROUPS.len())] {
            out.push_str("  case ");
            if rng.chance(70) {
                let _ = write!(out, "\"{label}\" ");
            }
            let _ = write!(out, "when {condition} ");
            utterances(rng, out, "  ");
            out.push('\n');
        }
    } else if shape < 25 {
        // Ordered steps, the later ones conditional.
        out.push('\n');
        let steps = 2 + rng.below(2);
        for step in 0..steps {
            out.push_str("  step ");
            if step > 0 && rng.chance(50) {
                out.push_str("\"二次回访\" when tried = failed ");
            }
            utterances(rng, out, "  ");
            out.push('\n');
        }
    } else {
        if rng.chance(85) {
            let (condition, tests_segment) = CONDITIONS[rng.below(CONDITIONS.len())];
            if !(segment_section && tests_segment) {
                let _ = write!(out, " when {condition}");
            }
        }
        out.push_str("\n  ");
        utterances(rng, out, "");
        out.push('\n');
    }
    if rng.chance(15) {
        let _ = writeln!(out, "  guidance \"{}\"", rng.pick(GUIDANCE));
    }
    out.push('\n');
}

/// A rule file with the shared header and `articles` articles (at least
/// [`DECISION_ARTICLES`]): first the articles of the decisions, in chapter 1, then articles
/// outside any decision in chapters of 100 articles and sections of 20 (some restricted to a
/// customer segment).
pub fn generate(articles: usize, seed: u64) -> String {
    let mut rng = Lcg::new(seed);
    let mut out = String::with_capacity(HEADER.len() + articles * 420);
    out.push_str(HEADER);
    out.push('\n');
    out.push_str(DECISION_BLOCK);
    let mut segment_section = false;
    for idx in 0..articles.saturating_sub(DECISION_ARTICLES) {
        if idx % 100 == 0 {
            let _ = writeln!(
                out,
                "chapter {} \"{}处理及回访对外统一规范用语\"\n",
                idx / 100 + 2,
                rng.pick(&["故障", "装机", "投诉", "咨询"])
            );
        }
        if idx % 20 == 0 {
            let _ = write!(
                out,
                "section {} \"第 {} 组服务要求\"",
                idx % 100 / 20 + 1,
                idx / 20 + 1
            );
            segment_section = rng.chance(30);
            if segment_section {
                let _ = write!(out, " for {}", rng.pick(&["enterprise", "public", "vip"]));
            }
            out.push_str("\n\n");
        }
        article(
            &mut rng,
            DECISION_ARTICLES + idx + 1,
            segment_section,
            &mut out,
        );
    }
    out
}
