//! The typed API generated from `rules/`: phrase structs render the rule texts with their slot
//! values, `select` applies the checker's precedence, and the static table matches the structs.

use callcenter::phrases::decisions::{AsksCause, AsksCauseRule, SlowComplaint, SlowComplaintRule};
use callcenter::phrases::{
    self, Action, BodyItem, Duration, Modal, Number, Phone, Piece, Segment, TimeOfDay, Utterance,
    articles, constants, facts, slots,
};
use callcenter::{Fault, answer_cause, answer_slow_complaint};

const FAULT: Fault<'static> = Fault {
    customer_issue: "光猫电源未接通",
    check_steps: "重启光猫后再试",
    third_party_issue: "小区停电",
    third_party: "物业公司",
};

#[test]
fn phrase_structs_fill_in_their_slots() {
    assert_eq!(
        articles::Art45 {
            third_party_issue: "小区停电",
            third_party: "物业公司",
        }
        .to_string(),
        "根据我们对故障情况的判断，本次故障是由小区停电引起的，我们正在协助物业公司进行故障处理，相信很快就能修复"
    );
    assert_eq!(
        articles::Art53 {
            customer_name: "王",
            gender: slots::Gender::Female,
        }
        .to_string(),
        "王小姐，请问您对我们的维修服务是否满意，希望您对我们的维修服务提出意见和建议"
    );
    assert_eq!(
        articles::Art53 {
            customer_name: "王",
            gender: slots::Gender::Male,
        }
        .to_string(),
        "王先生，请问您对我们的维修服务是否满意，希望您对我们的维修服务提出意见和建议"
    );
    assert_eq!(
        articles::Art34 {
            reply_minutes: minutes(30)
        }
        .to_string(),
        "您好，我会马上为您咨询这个问题，请您稍等片刻或挂机等待我们的回复，我们会在30分钟内答复您"
    );
    assert_eq!(
        articles::Art60 {
            colleague_gender: slots::ColleagueGender::Female,
        }
        .to_string(),
        "请问您处哪位对本次故障处理比较了解，麻烦您请她接受本次回访，谢谢您"
    );
}

/// Phrases that differ only in their texts share one generic struct, but each keeps its own
/// name, article and `Debug` output, and renders its own texts.
#[test]
fn phrases_of_one_shape_keep_their_own_identity() {
    // Articles 45 and 46 have the same slots in the same places.
    let art45 = articles::Art45 {
        third_party_issue: "小区停电",
        third_party: "物业公司",
    };
    let art46 = articles::Art46 {
        third_party_issue: "小区停电",
        third_party: "物业公司",
    };
    assert_ne!(art45.to_string(), art46.to_string());
    assert_eq!(
        (articles::Art45::ARTICLE, articles::Art46::ARTICLE),
        (45, 46)
    );
    assert_eq!(
        format!("{art46:?}").split_once(' ').map(|(name, _)| name),
        Some("Art46")
    );
    assert_eq!(
        format!("{art45:?}"),
        r#"Art45 { third_party_issue: "小区停电", third_party: "物业公司" }"#
    );
    // Phrases without slots are values, as unit structs are.
    assert_eq!(format!("{:?}", articles::Art58P2), "Art58P2");
    assert_eq!(articles::Art58P2::ARTICLE, 58);
    assert_eq!(
        (articles::Art35.to_string(), articles::Art36.to_string()),
        (
            "您好，感谢您耐心等待，对于您提出的问题，我们已经进行了详细的咨询，现在为您解答这个问题".to_owned(),
            "感谢您提出的宝贵意见，我们会及时反馈给公司相关部门，并在以后的工作中不断改进，再次感谢您对我们工作的支持和关心".to_owned()
        )
    );
    let copy = art45;
    assert_eq!(copy.to_string(), art45.to_string());
}

#[test]
fn numbers_render_as_rust_formats_them() {
    // 0 to 999,999 are sliced from a table, the others formatted two digits at a time.
    for value in [
        0,
        1,
        9,
        10,
        30,
        99,
        100,
        101,
        120,
        999,
        1000,
        1001,
        12_345,
        100_005,
        999_999,
        1_000_000,
        -1,
        -99,
        -100,
        -1000,
        i64::MAX,
        i64::MIN,
    ] {
        assert_eq!(Number::from_integer(value).to_string(), value.to_string());
        let Some(reply_minutes) = slots::ReplyMinutes::new(value) else {
            assert!(
                !(1..=120).contains(&value),
                "{value} is in the slot's range"
            );
            continue;
        };
        assert_eq!(
            articles::Art34 { reply_minutes }.to_string(),
            format!(
                "您好，我会马上为您咨询这个问题，请您稍等片刻或挂机等待我们的回复，我们会在{value}分钟内答复您"
            )
        );
    }
    for amount in [0, 7, 59, 100, u32::MAX] {
        assert_eq!(Duration::seconds(amount).to_string(), format!("{amount}秒"));
    }
    assert_eq!(time(0, 5).to_string(), "0时5分");
}

/// The generated constructors refuse what `phrasec render` refuses (E0301).
#[test]
fn slot_values_are_checked_like_render_checks_them() {
    assert_eq!(slots::ReplyMinutes::new(-5), None);
    assert_eq!(slots::ReplyMinutes::new(0), None);
    assert_eq!(slots::ReplyMinutes::new(121), None);
    assert!(slots::ReplyMinutes::try_from(120).is_ok());
    // Decimals are exact: 30.5 is in 1..=120, 120.5 is not.
    let decimal = |mantissa, scale| Number::new(mantissa, scale).expect("a number");
    let half = slots::ReplyMinutes::from_number(decimal(305, 1)).expect("in range");
    assert_eq!(
        articles::Art34 {
            reply_minutes: half
        }
        .to_string(),
        "您好，我会马上为您咨询这个问题，请您稍等片刻或挂机等待我们的回复，我们会在30.5分钟内答复您"
    );
    assert_eq!(slots::ReplyMinutes::from_number(decimal(1205, 1)), None);
    assert_eq!(decimal(500, 3).to_string(), "0.5");
    assert_eq!(Phone::new("abc"), None);
    assert_eq!(Phone::new("12"), None);
    assert_eq!(Phone::new("-10086"), None);
    assert_eq!(
        Phone::new(" 010-12345678 ").map(Phone::as_str),
        Some("010-12345678")
    );
    assert_eq!(TimeOfDay::new(99, 99), None);
    assert_eq!(TimeOfDay::try_from((23, 60)), Err(phrases::OutOfRange));
}

/// Every unit of a `duration(minute, hour)` slot can be said (the free variation `X[分钟|小时]`
/// it replaces could only say its first).
#[test]
fn a_duration_slot_says_every_unit_it_lists() {
    let say = |amount, unit| {
        articles::Art61 {
            revisit_after: slots::RevisitAfter::new(amount, unit),
        }
        .to_string()
    };
    assert!(say(30, slots::RevisitAfterUnit::Minute).contains("我们会在30分钟后再次回访"));
    assert!(say(2, slots::RevisitAfterUnit::Hour).contains("我们会在2小时后再次回访"));
    assert_eq!(slots::RevisitAfterUnit::ALL.len(), 2);
    assert!(slots::RevisitAfter::try_from(Duration::days(1)).is_err());
}

fn time(hour: u8, minute: u8) -> TimeOfDay {
    TimeOfDay::new(hour, minute).expect("a time of day")
}

fn minutes(value: i64) -> slots::ReplyMinutes {
    slots::ReplyMinutes::new(value).expect("in the slot's range")
}

#[test]
fn times_and_durations_render_in_chinese() {
    let at = |hour, minute| articles::Art58P1 {
        finish_time: time(hour, minute),
    };
    assert_eq!(
        at(15, 0).to_string(),
        "非常抱歉，给您们的工作带来了不便，我们会在15时完成，请您谅解"
    );
    assert_eq!(
        at(16, 30).to_string(),
        "非常抱歉，给您们的工作带来了不便，我们会在16时30分完成，请您谅解"
    );
    assert_eq!(TimeOfDay::new(24, 0), None);
    assert_eq!(TimeOfDay::new(23, 59), Some(time(23, 59)));
    assert_eq!(time(23, 59).hour(), 23);
    assert_eq!(Duration::minutes(30).to_string(), "30分钟");
    assert_eq!(Duration::hours(2).to_string(), "2小时");
    assert_eq!(Duration::days(1).to_string(), "1天");
    assert_eq!(Duration::seconds(45).to_string(), "45秒");
}

#[test]
fn constants_are_spliced_into_phrases() {
    assert_eq!(constants::OPERATOR, "中国电信");
    assert_eq!(constants::HOTLINE, "10000");
    assert!(
        articles::Art54
            .to_string()
            .ends_with("感谢您使用中国电信业务")
    );
    assert!(
        articles::Art38 { product: "宽带" }
            .to_string()
            .contains("请及时与10000号联系")
    );
}

#[test]
fn render_writes_into_any_writer() {
    let mut out = String::from("前缀：");
    articles::Art49
        .render(&mut out)
        .expect("a String never fails");
    assert_eq!(out, "前缀：对不起，我们正在全力处理，故障将很快解决");
    // `Display` and `render` give the same text.
    assert_eq!(articles::Art49.to_string(), out["前缀：".len()..]);
}

#[test]
fn select_prefers_segment_specific_articles() {
    let unknown = |segment| AsksCause {
        cause: facts::Cause::Unknown,
        stage: facts::Stage::Investigating,
        question: facts::Question::Cause,
        segment,
    };
    assert_eq!(
        unknown(Segment::Enterprise).select(),
        Some(AsksCauseRule::Art57)
    );
    assert_eq!(
        unknown(Segment::Household).select(),
        Some(AsksCauseRule::Art63)
    );
    // Article 40 is general and is never chosen: 57 and 63 cover all of its cases.
    for cause in facts::Cause::ALL {
        for stage in facts::Stage::ALL {
            for question in facts::Question::ALL {
                for segment in Segment::ALL {
                    let situation = AsksCause {
                        cause: *cause,
                        stage: *stage,
                        question: *question,
                        segment: *segment,
                    };
                    assert_ne!(
                        situation.select(),
                        Some(AsksCauseRule::Art40),
                        "{situation:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn select_returns_none_for_impossible_and_uncovered_cases() {
    let situation = |cause, stage, question| AsksCause {
        cause,
        stage,
        question,
        segment: Segment::Household,
    };
    // `never cause = unknown and stage = resolved`
    assert_eq!(
        situation(
            facts::Cause::Unknown,
            facts::Stage::Resolved,
            facts::Question::Cause
        )
        .select(),
        None
    );
    // No article for a customer-caused fault when the customer asks for the exact cause.
    assert_eq!(
        situation(
            facts::Cause::Customer,
            facts::Stage::Repairing,
            facts::Question::ExactCause
        )
        .select(),
        None
    );
    assert_eq!(
        situation(
            facts::Cause::Ours,
            facts::Stage::Resolved,
            facts::Question::ExactCause
        )
        .select()
        .map(AsksCauseRule::article),
        Some(43)
    );
    let slow = |delay, segment| SlowComplaint { delay, segment }.select();
    assert_eq!(
        slow(facts::Delay::Installation, Segment::Enterprise),
        Some(SlowComplaintRule::Art58C1)
    );
    assert_eq!(
        slow(facts::Delay::Installation, Segment::Household),
        Some(SlowComplaintRule::Art64C1)
    );
    assert_eq!(slow(facts::Delay::Repair, Segment::Household), None);
}

#[test]
fn the_library_answers_with_the_selected_phrase() {
    let mut out = String::new();
    let rule = answer_cause(
        AsksCause {
            cause: facts::Cause::Customer,
            stage: facts::Stage::Resolved,
            question: facts::Question::Cause,
            segment: Segment::Enterprise,
        },
        &FAULT,
        &mut out,
    )
    .expect("String");
    assert_eq!(rule, Some(AsksCauseRule::Art44));
    assert_eq!(
        out,
        "您好，从您反映的情况来看并结合我们的排查判断，本次故障应该是光猫电源未接通引起的，请您先检查一下（重启光猫后再试），好吗？"
    );
    out.clear();
    let rule = answer_slow_complaint(
        SlowComplaint {
            delay: facts::Delay::Repair,
            segment: Segment::Household,
        },
        time(9, 0),
        &mut out,
    )
    .expect("String");
    assert_eq!((rule, out.as_str()), (None, ""));
}

#[test]
fn the_table_lists_every_article_with_its_pieces() {
    assert_eq!(phrases::ARTICLES.len(), 35);
    assert_eq!(phrases::SPEC_TITLE, "客户端作业规范");
    assert_eq!(phrases::SPEC_VERSION, Some("2.0"));
    let article = phrases::article(51).expect("article 51");
    let Some(BodyItem::Phrase(options)) = article.body.first() else {
        panic!("article 51 starts with a phrase: {:?}", article.body);
    };
    let Some(Utterance::Act(act)) = options.get(1) else {
        panic!("article 51's second option is an action: {options:?}");
    };
    assert_eq!(act.action, Action::StaySilent);
    assert_eq!((act.argument, act.note), (None, None));
    assert_eq!(options.get(3), None);
    assert_eq!(Action::StaySilent.label(), "保持沉默");
    assert_eq!(Action::StaySilent.name(), "stay_silent");

    let article = phrases::article(53).expect("article 53");
    assert_eq!(article.segments, Segment::ALL);
    // The lists of the table are decoded on access: `get`, `first`, iterators.
    let Some(BodyItem::Phrase(options)) = article.body.first() else {
        panic!("article 53 starts with a phrase");
    };
    let [Utterance::Say(say)] = options.iter().collect::<Vec<_>>()[..] else {
        panic!("article 53 has one phrase");
    };
    assert_eq!((say.modal, say.language), (Modal::Must, None));
    let pieces = say.pieces;
    assert_eq!(
        pieces.get(0),
        Some(Piece::Slot {
            name: "customer_name",
            label: "客户姓氏",
        })
    );
    let Some(Piece::Select { slot, choices }) = pieces.get(1) else {
        panic!("a choice follows the name: {:?}", pieces.get(1));
    };
    assert_eq!(
        (slot, choices.iter().collect::<Vec<_>>()),
        ("gender", vec!["先生", "小姐"])
    );
    assert_eq!(format!("{choices:?}"), r#"["先生", "小姐"]"#);
    assert_eq!(choices.len(), 2);
    assert_eq!(choices.iter().next_back(), Some("小姐"));
    assert_eq!(pieces.iter().len(), pieces.len());
    // Lists compare by their entries, wherever they sit in the table.
    let article_41 = phrases::article(41).expect("article 41");
    let article_42 = phrases::article(42).expect("article 42");
    assert_eq!(article_41.body.len(), article_42.body.len());
    assert_ne!(article_41.body, article_42.body);
    assert_eq!(article_41.body, phrases::article(41).expect("again").body);
    assert_eq!(articles::Art53::ARTICLE, 53);

    let article = phrases::article(57).expect("article 57");
    assert_eq!(article.segments, [Segment::Enterprise]);
    assert_eq!(article.decision, Some("asks_cause"));
    assert_eq!(
        phrases::article(64).and_then(|a| a.incomplete),
        Some("摘录在此条中间截断，后文缺失")
    );
    assert_eq!(phrases::article(29), None);
    assert_eq!(
        slots::Gender::ALL,
        [slots::Gender::Male, slots::Gender::Female]
    );
    assert_eq!(slots::Gender::Female.label(), "小姐");
}
