//! Fidelity: every article of `rules/` renders (with placeholders and all free variations) to
//! the phrases of the source excerpt, after punctuation normalisation, so the encoding
//! cannot drift from the source document.

use std::collections::BTreeMap;

use crate::support::rules::compile_bundled_rules;
use phrasec::check::model::{BodyItem, Model, Utterance, Utterances};
use phrasec::render::{RenderOptions, Variants, render_template};

const EXCERPT: &str = "docs/source/client-service-spec-v2.0-excerpt.txt";

/// Deliberate differences between the excerpt and `rules/`, each explained in a comment of
/// the rule file. Applied to the normalised source, after placeholders became `◇`.
const REWRITES: &[(u32, &str, &str)] = &[
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

fn normalise_source(number: u32, text: &str) -> String {
    let mut text = placeholders(&full_width(text.trim()));
    for (article, from, to) in REWRITES {
        if *article == number {
            text = text.replace(from, to);
        }
    }
    text
}

/// Splits the excerpt into articles: page numbers dropped, broken lines joined.
fn source_articles() -> BTreeMap<u32, SourceArticle> {
    let raw = std::fs::read_to_string(EXCERPT).expect("excerpt is in the repository");
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
        let title_end = [",应分别使用", ",应使用", "应使用"]
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

fn say_texts(model: &Model, utterances: &Utterances, out: &mut Vec<String>) {
    let options = RenderOptions {
        variants: Variants::All,
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

#[test]
fn every_article_of_the_excerpt_is_encoded_and_renders_as_the_source() {
    let compilation = compile_bundled_rules();
    assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
    let model = &compilation.model;
    let source = source_articles();
    let source_numbers: Vec<u32> = source.keys().copied().collect();
    let encoded_numbers: Vec<u32> = model.articles.iter().map(|a| a.number).collect();
    assert_eq!(encoded_numbers, source_numbers, "articles 30–64, in order");
    assert_eq!(source_numbers.first(), Some(&30));
    assert_eq!(source_numbers.last(), Some(&64));

    let mut mismatches = Vec::new();
    for article in &model.articles {
        let expected = &source[&article.number];
        let expected_title = normalise_source(article.number, &expected.title);
        if article.title != expected_title {
            mismatches.push(format!(
                "article {} title\n  source: {expected_title}\n  rules:  {}",
                article.number, article.title
            ));
        }
        let mut rendered = Vec::new();
        for item in &article.body {
            match item {
                BodyItem::Guidance { text, .. } => rendered.push(text.clone()),
                BodyItem::Utterances(utterances) => say_texts(model, utterances, &mut rendered),
                BodyItem::Case(case) => say_texts(model, &case.utterances, &mut rendered),
                BodyItem::Step(step) => say_texts(model, &step.utterances, &mut rendered),
            }
        }
        let expected_phrases: Vec<String> = expected
            .phrases
            .iter()
            .map(|phrase| normalise_source(article.number, phrase))
            .collect();
        if rendered != expected_phrases {
            mismatches.push(format!(
                "article {}\n  source: {expected_phrases:?}\n  rules:  {rendered:?}",
                article.number
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn the_excerpt_splitter_finds_quotes_and_guidance() {
    let source = source_articles();
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
    let source = source_articles();
    for (article, from, _) in REWRITES {
        let found = source[article]
            .phrases
            .iter()
            .chain(std::iter::once(&source[article].title))
            .any(|text| placeholders(&full_width(text)).contains(from));
        assert!(
            found,
            "rewrite for article {article} (`{from}`) matches nothing"
        );
    }
}
