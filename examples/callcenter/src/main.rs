//! Prints what staff say in a few situations, using the typed phrases generated from `rules/`.
//!
//! Run with `cargo run -p callcenter`.

use std::fmt::Write as _;

use callcenter::phrases::decisions::{AsksCause, SlowComplaint};
use callcenter::phrases::{
    self, Action, BodyItem, Segment, TimeOfDay, Utterance, articles, facts, slots,
};
use callcenter::{Fault, answer_cause, answer_slow_complaint};

fn main() -> Result<(), std::fmt::Error> {
    let fault = Fault {
        customer_issue: "光猫电源未接通",
        check_steps: "重启光猫后再试",
        third_party_issue: "小区停电",
        third_party: "物业公司",
    };
    let situations = [
        (
            "政企客户问原因，原因不明",
            AsksCause {
                cause: facts::Cause::Unknown,
                stage: facts::Stage::Investigating,
                question: facts::Question::Cause,
                segment: Segment::Enterprise,
            },
        ),
        (
            "家庭客户问原因，原因不明",
            AsksCause {
                cause: facts::Cause::Unknown,
                stage: facts::Stage::Investigating,
                question: facts::Question::Cause,
                segment: Segment::Household,
            },
        ),
        (
            "第三方原因，正在处理",
            AsksCause {
                cause: facts::Cause::ThirdParty,
                stage: facts::Stage::Repairing,
                question: facts::Question::Cause,
                segment: Segment::Household,
            },
        ),
        (
            "用户方原因",
            AsksCause {
                cause: facts::Cause::Customer,
                stage: facts::Stage::Repairing,
                question: facts::Question::Cause,
                segment: Segment::Enterprise,
            },
        ),
        (
            "第三方原因，客户追问确切原因",
            AsksCause {
                cause: facts::Cause::ThirdParty,
                stage: facts::Stage::Resolved,
                question: facts::Question::ExactCause,
                segment: Segment::Enterprise,
            },
        ),
    ];
    println!(
        "{} {}",
        phrases::SPEC_TITLE,
        phrases::SPEC_VERSION.unwrap_or("")
    );
    println!();
    println!("== 客户询问故障原因");
    let mut line = String::with_capacity(512);
    for (description, situation) in situations {
        line.clear();
        match answer_cause(situation, &fault, &mut line)? {
            Some(rule) => println!("[{description}] 第{}条：{line}", rule.article()),
            None => println!("[{description}] 没有适用的条文"),
        }
    }

    println!();
    println!("== 客户抱怨时限长");
    let finish_time = TimeOfDay::new(15, 0).ok_or(std::fmt::Error)?;
    for segment in Segment::ALL {
        for delay in facts::Delay::ALL {
            line.clear();
            let situation = SlowComplaint {
                delay: *delay,
                segment: *segment,
            };
            let shown = format!("{}，{}", segment.label(), delay.label());
            match answer_slow_complaint(situation, finish_time, &mut line)? {
                Some(rule) => println!("[{shown}] 第{}条：{line}", rule.article()),
                None => println!("[{shown}] 没有适用的条文"),
            }
        }
    }

    println!();
    println!("== 回访");
    println!(
        "{}",
        articles::Art53 {
            customer_name: "王",
            gender: slots::Gender::Female,
        }
    );
    println!(
        "{}",
        articles::Art59 {
            engineer: "李明",
            customer_company: "某某科技有限公司",
            customer_name: "张",
            gender: slots::Gender::Male,
            fault_kind: "专线不通",
        }
    );
    let revisit_after = slots::RevisitAfter::new(2, slots::RevisitAfterUnit::Hour);
    println!("{}", articles::Art61 { revisit_after });
    let reply_minutes = slots::ReplyMinutes::new(30).ok_or(std::fmt::Error)?;
    println!("{}", articles::Art34 { reply_minutes });

    println!();
    println!("== 第51条的全部做法（来自 ARTICLES 表）");
    if let Some(article) = phrases::article(51) {
        for item in article.body {
            if let BodyItem::Phrase(options) = item {
                for option in options {
                    let mut shown = String::new();
                    match option {
                        Utterance::Say(say) => {
                            for piece in say.pieces {
                                if let phrases::Piece::Text(text) = piece {
                                    shown.push_str(text);
                                }
                            }
                            write!(shown, "（说）")?;
                        }
                        Utterance::Act(act) => {
                            write!(shown, "{}（{}）", act.action.label(), act.action.name())?;
                            if let Some(until) = act.until {
                                write!(shown, "，直到{until}")?;
                            }
                        }
                    }
                    println!("  {shown}");
                }
            }
        }
    }
    println!(
        "共{}条，其中{}条可以{}",
        phrases::ARTICLES.len(),
        phrases::ARTICLES
            .iter()
            .filter(|article| article
                .body
                .iter()
                .any(|item| allows(item, Action::StaySilent)))
            .count(),
        Action::StaySilent.label()
    );
    Ok(())
}

/// Whether an item offers the action as one of its options.
fn allows(item: BodyItem, action: Action) -> bool {
    let options = match item {
        BodyItem::Guidance(_) => return false,
        BodyItem::Phrase(options)
        | BodyItem::Case { options, .. }
        | BodyItem::Step { options, .. } => options,
    };
    options
        .iter()
        .any(|option| matches!(option, Utterance::Act(act) if act.action == action))
}
