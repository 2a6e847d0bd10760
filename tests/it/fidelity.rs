//! Fidelity: every article of an encoded document renders (with placeholders and all free
//! variations) to the phrases of its source text, after punctuation normalisation, so the
//! encoding cannot drift from the source document. Two documents: `rules/` (the telecom
//! excerpt) and `examples/electricity/rules/` (the electricity supplier's specification).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use crate::support::rules::{compile_bundled_rules, compile_electricity_rules};
use phrasec::Compilation;
use phrasec::check::model::{BodyItem, Model, Utterance, Utterances};
use phrasec::render::{RenderOptions, Variants, render_template};

/// An encoded document: its source text, its rules, the articles it has, and the deliberate
/// differences between the two.
struct Document {
    source: &'static str,
    compile: fn() -> Compilation,
    articles: RangeInclusive<u32>,
    /// Applied to the normalised source, after placeholders became `◇`: (article, from, to).
    rewrites: &'static [(u32, &'static str, &'static str)],
    /// What the source says one segment hears instead (article, segment, from, to): checked on
    /// the phrases that choose by segment, rendered for that segment.
    segment_rewrites: &'static [(u32, &'static str, &'static str, &'static str)],
}

const TELECOM: Document = Document {
    source: "docs/source/client-service-spec-v2.0-excerpt.txt",
    compile: compile_bundled_rules,
    articles: 30..=64,
    rewrites: TELECOM_REWRITES,
    segment_rewrites: &[],
};

const ELECTRICITY: Document = Document {
    source: "docs/source/electricity-service-spec-v1.0.txt",
    compile: compile_electricity_rules,
    articles: 1..=12,
    rewrites: &[
        // the deployment constant `{company}` is the company's whole name
        (1, "◇供电公司", "◇"),
        (2, "◇供电公司", "◇"),
        (5, "◇供电公司", "◇"),
        (9, "◇供电公司", "◇"),
        (11, "◇供电公司", "◇"),
        (12, "◇供电公司", "◇"),
        // date, time and duration slots say their own units (`2026年3月15日`, `8时`, `2小时`)
        (6, "◇年◇月◇日", "◇"),
        (6, "◇时", "◇"),
        (8, "◇小时", "◇"),
        (11, "◇月◇日", "◇"),
        (12, "◇月◇日", "◇"),
        // free variation written as `A（B）` in the source, `[A|B]` in the rules
        (10, "检查一下（试用一下）", "检查一下/试用一下"),
        // ‘为您’, ‘为贵单位’ for 企业用户: a segment choice, both shown when no segment is given
        (5, "竭诚为您服务", "竭诚为您/为贵单位服务"),
    ],
    segment_rewrites: &[(5, "business", "为您", "为贵单位")],
};

/// Deliberate differences between the excerpt and `rules/`, each explained in a comment of
/// the rule file. Applied to the normalised source, after placeholders became `◇`.
const TELECOM_REWRITES: &[(u32, &str, &str)] = &[
    // free variation written as `A（B）` in the source, `[A|B]` in the rules
    (
        31,
        "您的电话听不清楚（刚才听不清楚）",
        "您的电话听不清楚/刚才听不清楚",
    ),
    (47, "问题（现象）", "问题/现象"),
    (57, "设备（线路）", "设备/线路"),
    (63, "设备（线路）", "设备/线路"),
    // source defects: misprints corrected in the rules
    (35, "保障", "报障"),
    (38, "歇诚", "竭诚"),
    // a bracketed instruction to staff became the slot `check_steps`
    (44, "检查一下（按照如下方式进行操作）", "检查一下（◇）"),
    // organisation and time slots hold the whole value (`物业公司`, `15时`)
    (45, "◇公司", "◇"),
    (58, "◇时", "◇"),
    // `X分钟/小时`: the amount and its unit are one `duration(minute, hour)` slot
    (61, "◇分钟/小时", "◇"),
    (59, "◇公司◇", "◇◇"),
    // the bracketed note on the fault became the slot's note and examples
    (59, "故障（具体故障现象：如专线不通、专线丢包等）", "故障"),
];

struct SourceArticle {
    title: String,
    /// Quoted phrases in order; for a guidance-only article, its text.
    phrases: Vec<String>,
}

fn full_width(text: &str) -> String {
    text.chars()
        .map(|ch| match ch {
            ',' => '，',
            '?' => '？',
            '!' => '！',
            '(' => '（',
            ')' => '）',
            ':' => '：',
            other => other,
        })
        .collect()
}

/// Replaces source placeholders (`XX`, `X`, `**`, `***`, optionally followed by a bracketed
/// note such as ` (第三方问题)`) with `◇`.
fn placeholders(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut idx = 0;
    while idx < chars.len() {
        if chars[idx] == 'X' || chars[idx] == '*' {
            let marker = chars[idx];
            while idx < chars.len() && chars[idx] == marker {
                idx += 1;
            }
            let mut look = idx;
            while look < chars.len() && chars[look] == ' ' {
                look += 1;
            }
            if look < chars.len()
                && chars[look] == '（'
                && let Some(close) = chars[look..].iter().position(|&c| c == '）')
            {
                idx = look + close + 1;
            }
            out.push('◇');
            continue;
        }
        out.push(chars[idx]);
        idx += 1;
    }
    out
}

fn normalise_source(document: &Document, number: u32, text: &str) -> String {
    let mut text = placeholders(&full_width(text.trim()));
    for (article, from, to) in document.rewrites {
        if *article == number {
            text = text.replace(from, to);
        }
    }
    text
}

/// Splits the source into articles: page numbers dropped, broken lines joined.
fn source_articles(document: &Document) -> BTreeMap<u32, SourceArticle> {
    let raw = std::fs::read_to_string(document.source).expect("the source is in the repository");
    let joined: String = raw
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let mut starts: Vec<(usize, u32, usize)> = Vec::new();
    for (idx, _) in joined.match_indices('第') {
        let rest = &joined[idx + '第'.len_utf8()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && rest[digits.len()..].starts_with('条') {
            let body_start = idx + '第'.len_utf8() + digits.len() + '条'.len_utf8();
            starts.push((idx, digits.parse().expect("digits"), body_start));
        }
    }
    let mut articles = BTreeMap::new();
    for (pos, &(_, number, body_start)) in starts.iter().enumerate() {
        let end = starts.get(pos + 1).map_or(joined.len(), |next| next.0);
        let body = joined[body_start..end].trim();
        let title_end = [
            ",应分别使用",
            ",应使用",
            "，应分别使用",
            "，应使用",
            "应使用",
        ]
        .iter()
        .filter_map(|marker| body.find(marker))
        .min()
        .expect("every article says what to use");
        let title = body[..title_end].to_owned();
        let mut phrases = Vec::new();
        let mut rest = &body[title_end..];
        while let Some(open) = rest.find('“') {
            let after = &rest[open + '“'.len_utf8()..];
            let (phrase, next) = match (after.find('”'), after.find('“')) {
                (Some(close), Some(next_open)) if next_open < close => {
                    (&after[..next_open], &after[next_open..])
                }
                (Some(close), _) => (&after[..close], &after[close + '”'.len_utf8()..]),
                // no closing quote (article 33, and 64 cut off): the phrase runs to the end
                (None, _) => (after, ""),
            };
            phrases.push(phrase.to_owned());
            rest = next;
        }
        if phrases.is_empty() {
            // guidance only (article 39): what follows the situation
            let guidance = body[title_end..].trim_start_matches(',');
            phrases.push(guidance.to_owned());
        }
        articles.insert(number, SourceArticle { title, phrases });
    }
    articles
}

fn say_texts(
    model: &Model,
    utterances: &Utterances,
    segment: Option<usize>,
    out: &mut Vec<String>,
) {
    let options = RenderOptions {
        variants: Variants::All,
        segment,
        ..RenderOptions::default()
    };
    for option in &utterances.options {
        if let Utterance::Say(template) = option {
            let text = render_template(model, template, &options);
            out.push(placeholder_marks(&text));
        }
    }
}

/// `〔label〕` → `◇`.
fn placeholder_marks(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for ch in text.chars() {
        match ch {
            '〔' => {
                inside = true;
                out.push('◇');
            }
            '〕' => inside = false,
            _ if inside => {}
            other => out.push(other),
        }
    }
    out
}

/// Every article of `document` is encoded, in order, and renders as the source says it; the
/// phrases that choose by segment also render, for each segment, as the source says that
/// segment hears them.
fn renders_as_the_source(document: &Document) {
    let compilation = (document.compile)();
    assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
    let model = &compilation.model;
    let source = source_articles(document);
    let source_numbers: Vec<u32> = source.keys().copied().collect();
    let encoded_numbers: Vec<u32> = model.articles.iter().map(|a| a.number).collect();
    assert_eq!(encoded_numbers, source_numbers, "every article, in order");
    assert_eq!(source_numbers.first(), Some(document.articles.start()));
    assert_eq!(source_numbers.last(), Some(document.articles.end()));

    let mut mismatches = Vec::new();
    for article in &model.articles {
        let expected = &source[&article.number];
        let expected_title = normalise_source(document, article.number, &expected.title);
        if article.title != expected_title {
            mismatches.push(format!(
                "article {} title\n  source: {expected_title}\n  rules:  {}",
                article.number, article.title
            ));
        }
        let rendered = rendered_phrases(model, article, None);
        let expected_phrases: Vec<String> = expected
            .phrases
            .iter()
            .map(|phrase| normalise_source(document, article.number, phrase))
            .collect();
        if rendered != expected_phrases {
            mismatches.push(format!(
                "article {}\n  source: {expected_phrases:?}\n  rules:  {rendered:?}",
                article.number
            ));
        }
        mismatches.extend(segment_mismatches(
            document,
            model,
            article,
            &expected.phrases,
        ));
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The article's phrases (and guidance) rendered with every free variation, for `segment`.
fn rendered_phrases(
    model: &Model,
    article: &phrasec::check::model::Article,
    segment: Option<usize>,
) -> Vec<String> {
    let mut rendered = Vec::new();
    for item in &article.body {
        match item {
            BodyItem::Guidance { text, .. } => rendered.push(text.clone()),
            BodyItem::Utterances(utterances) => {
                say_texts(model, utterances, segment, &mut rendered);
            }
            BodyItem::Case(case) => say_texts(model, &case.utterances, segment, &mut rendered),
            BodyItem::Step(step) => say_texts(model, &step.utterances, segment, &mut rendered),
        }
    }
    rendered
}

/// For an article with a phrase that chooses by segment: for each segment it applies to, its
/// phrases rendered for that segment against the source's phrases with that segment's
/// rewrites (and not the rewrites that show every segment's text).
fn segment_mismatches(
    document: &Document,
    model: &Model,
    article: &phrasec::check::model::Article,
    source_phrases: &[String],
) -> Vec<String> {
    if !article.say_templates().any(|t| t.chooses_by_segment()) {
        return Vec::new();
    }
    let mut mismatches = Vec::new();
    for segment in article.segments_allowed(model.segments.len()) {
        let name = model.segments[segment].name.as_str();
        let expected: Vec<String> = source_phrases
            .iter()
            .map(|phrase| {
                let mut text = placeholders(&full_width(phrase.trim()));
                for (number, from, to) in document.rewrites {
                    // The rewrites that show every segment's text do not apply to one segment.
                    if *number == article.number && !to.contains('/') {
                        text = text.replace(from, to);
                    }
                }
                for (number, for_segment, from, to) in document.segment_rewrites {
                    if *number == article.number && *for_segment == name {
                        text = text.replace(from, to);
                    }
                }
                text
            })
            .collect();
        let rendered = rendered_phrases(model, article, Some(segment));
        if rendered != expected {
            mismatches.push(format!(
                "article {} for `{name}`\n  source: {expected:?}\n  rules:  {rendered:?}",
                article.number
            ));
        }
    }
    mismatches
}

#[test]
fn every_article_of_the_excerpt_is_encoded_and_renders_as_the_source() {
    renders_as_the_source(&TELECOM);
}

#[test]
fn every_article_of_the_electricity_document_is_encoded_and_renders_as_the_source() {
    renders_as_the_source(&ELECTRICITY);
}

#[test]
fn the_excerpt_splitter_finds_quotes_and_guidance() {
    let source = source_articles(&TELECOM);
    assert_eq!(
        source[&51].phrases.len(),
        2,
        "对不起 / long apology; silence is an action"
    );
    assert_eq!(source[&32].phrases.len(), 2);
    assert_eq!(source[&58].phrases.len(), 2);
    assert!(
        source[&33].phrases[0].ends_with("号码。"),
        "no closing quote in the source"
    );
    assert!(source[&39].phrases[0].starts_with("应使用礼节性用语"));
    assert_eq!(source[&64].phrases, vec!["非常抱歉,给您们".to_owned()]);
}

#[test]
fn rewrites_are_all_used() {
    for document in [&TELECOM, &ELECTRICITY] {
        let source = source_articles(document);
        let segment_rewrites = document
            .segment_rewrites
            .iter()
            .map(|(article, _, from, _)| (article, from));
        for (article, from) in document
            .rewrites
            .iter()
            .map(|(article, from, _)| (article, from))
            .chain(segment_rewrites)
        {
            let found = source[article]
                .phrases
                .iter()
                .chain(std::iter::once(&source[article].title))
                .any(|text| placeholders(&full_width(text)).contains(from));
            assert!(
                found,
                "{}: rewrite for article {article} (`{from}`) matches nothing",
                document.source
            );
        }
    }
}

#[test]
fn the_electricity_splitter_finds_steps_and_skips_notes() {
    let source = source_articles(&ELECTRICITY);
    assert_eq!(source.len(), 12);
    assert_eq!(source[&2].phrases.len(), 2, "two steps");
    assert_eq!(source[&4].phrases.len(), 1, "silence is an action");
    assert_eq!(source[&1].title, "接听客户来电时");
    assert!(source[&7].phrases[0].contains("（具体停电原因"));
}
