//! Rendering phrases: through the generated API, against (a) pushing the same precomputed
//! pieces (slot values already text) into a reused `String`, and (b) `fluent-bundle`'s
//! `format_pattern` for the equivalent Fluent messages (and its `write_pattern` into a reused
//! `String`, for comparison). Every approach is checked to give the same text before timing.
//!
//! `CARGO_TARGET_DIR=target/bench cargo bench -p callcenter --bench render`; the figures are in
//! `docs/performance-codegen.md`.

use std::hint::black_box;
use std::time::Duration;

use callcenter::phrases::{articles, slots};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

const ISSUE: &str = "小区停电";
const PARTY: &str = "物业公司";
const NAME: &str = "王";

/// The same three phrases as Fluent messages (isolation marks off, so the text is identical).
const FTL: &str = "\
art45 = 根据我们对故障情况的判断，本次故障是由{ $third_party_issue }引起的，我们正在协助{ $third_party }进行故障处理，相信很快就能修复
art53 = { $customer_name }{ $gender ->
        [male] 先生
       *[female] 小姐
    }，请问您对我们的维修服务是否满意，希望您对我们的维修服务提出意见和建议
art34 = 您好，我会马上为您咨询这个问题，请您稍等片刻或挂机等待我们的回复，我们会在{ $reply_minutes }分钟内答复您
";

/// One phrase rendered the three ways. `generated` is a type parameter, not a function
/// pointer, so that it is called directly, as `push_pieces` is.
struct Phrase<F> {
    /// The benchmark's name.
    id: &'static str,
    /// The Fluent message.
    message: &'static str,
    generated: F,
    pieces: &'static [&'static str],
    args: FluentArgs<'static>,
}

fn push_pieces(pieces: &[&str], out: &mut String) {
    for piece in pieces {
        out.push_str(piece);
    }
}

fn render(c: &mut Criterion) {
    let resource = match FluentResource::try_new(FTL.to_owned()) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("FTL: {errors:?}"),
    };
    let locale: LanguageIdentifier = "zh-CN".parse().expect("a language identifier");
    let mut bundle = FluentBundle::new(vec![locale]);
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .expect("no duplicate messages");

    let mut group = c.benchmark_group("render");
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));

    let mut art45 = FluentArgs::new();
    art45.set("third_party_issue", ISSUE);
    art45.set("third_party", PARTY);
    bench_phrase(
        &mut group,
        &bundle,
        Phrase {
            id: "art45",
            message: "art45",
            generated: |out: &mut String| {
                let phrase = articles::Art45 {
                    third_party_issue: black_box(ISSUE),
                    third_party: black_box(PARTY),
                };
                let _ = phrase.render(out);
            },
            pieces: &[
                "根据我们对故障情况的判断，本次故障是由",
                ISSUE,
                "引起的，我们正在协助",
                PARTY,
                "进行故障处理，相信很快就能修复",
            ],
            args: art45,
        },
    );
    let mut art53 = FluentArgs::new();
    art53.set("customer_name", NAME);
    art53.set("gender", "female");
    bench_phrase(
        &mut group,
        &bundle,
        Phrase {
            id: "art53",
            message: "art53",
            generated: |out: &mut String| {
                let phrase = articles::Art53 {
                    customer_name: black_box(NAME),
                    gender: black_box(slots::Gender::Female),
                };
                let _ = phrase.render(out);
            },
            pieces: &[
                NAME,
                "小姐",
                "，请问您对我们的维修服务是否满意，希望您对我们的维修服务提出意见和建议",
            ],
            args: art53,
        },
    );
    // Numbers from 0 to 999,999 are sliced from a table. `reply_minutes` takes 1 to 120 (its
    // checked type refuses more), so larger numbers are no longer benchmarked through it.
    bench_phrase(&mut group, &bundle, art34("art34", 30, "30"));
    bench_phrase(&mut group, &bundle, art34("art34_120", 120, "120"));
    group.finish();
}

/// Article 34 (a number slot) with `value`, whose text is `digits`.
fn art34(id: &'static str, value: i64, digits: &'static str) -> Phrase<impl Fn(&mut String)> {
    const BEFORE: &str =
        "您好，我会马上为您咨询这个问题，请您稍等片刻或挂机等待我们的回复，我们会在";
    const AFTER: &str = "分钟内答复您";
    let mut args = FluentArgs::new();
    args.set("reply_minutes", FluentValue::from(value));
    // Leaked once per benchmark, to have the same `&'static` pieces as the other phrases.
    let pieces: &'static [&'static str] = Box::leak(Box::new([BEFORE, digits, AFTER]));
    Phrase {
        id,
        message: "art34",
        generated: move |out: &mut String| {
            if let Some(reply_minutes) = slots::ReplyMinutes::new(black_box(value)) {
                let _ = articles::Art34 { reply_minutes }.render(out);
            }
        },
        pieces,
        args,
    }
}

fn bench_phrase(
    group: &mut BenchmarkGroup<'_, WallTime>,
    bundle: &FluentBundle<FluentResource>,
    phrase: Phrase<impl Fn(&mut String)>,
) {
    let pattern = bundle
        .get_message(phrase.message)
        .and_then(|message| message.value())
        .expect("the message has a value");

    // All approaches give the same text.
    let mut generated = String::new();
    (phrase.generated)(&mut generated);
    let mut pushed = String::new();
    push_pieces(phrase.pieces, &mut pushed);
    let mut errors = Vec::new();
    let fluent = bundle.format_pattern(pattern, Some(&phrase.args), &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(generated, pushed);
    assert_eq!(generated, fluent);

    let mut out = String::with_capacity(1024);
    group.bench_function(BenchmarkId::new("generated", phrase.id), |b| {
        b.iter(|| {
            out.clear();
            (phrase.generated)(&mut out);
            black_box(&out);
        });
    });
    group.bench_function(BenchmarkId::new("pieces", phrase.id), |b| {
        b.iter(|| {
            out.clear();
            push_pieces(black_box(phrase.pieces), &mut out);
            black_box(&out);
        });
    });
    group.bench_function(BenchmarkId::new("fluent_format_pattern", phrase.id), |b| {
        b.iter(|| {
            errors.clear();
            let text = bundle.format_pattern(black_box(pattern), Some(&phrase.args), &mut errors);
            black_box(text);
        });
    });
    group.bench_function(BenchmarkId::new("fluent_write_pattern", phrase.id), |b| {
        b.iter(|| {
            out.clear();
            errors.clear();
            let _ = bundle.write_pattern(
                &mut out,
                black_box(pattern),
                Some(&phrase.args),
                &mut errors,
            );
            black_box(&out);
        });
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
