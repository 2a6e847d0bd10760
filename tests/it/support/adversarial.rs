//! Small adversarial inputs whose cost used to grow faster than their size (issue 13): long
//! lines full of diagnostics, a decision with many overlapping articles, a long phrase edited.
//!
//! Used by `tests/it/bounded_cost.rs`; `benches/stress.rs` includes it with `#[path]`.

use std::fmt::Write as _;

use super::lcg;
use lcg::Lcg;

/// The seed the stress benchmarks and tests use.
pub const SEED: u64 = 13;

const HEADER: &str = "spec \"客户端作业规范\" version \"2.0\"\n\n";

/// One article whose phrase is `好,` repeated: about `bytes` bytes on one line, one W0301
/// (ASCII comma in Chinese text) every four bytes.
pub fn comma_phrase(bytes: usize) -> String {
    let repeats = bytes / "好,".len();
    format!(
        "{HEADER}article 1 \"通话\"\n  say \"{}好。\"\n",
        "好,".repeat(repeats)
    )
}

/// A decision over one fact whose first article's condition is `terms` copies of `f = a`
/// joined by `and` on one line: one W0204 (a test that always holds) per term.
pub fn long_condition(terms: usize) -> String {
    let condition = vec!["f = a"; terms].join(" and ");
    format!(
        "{HEADER}fact f \"事实\" {{ a \"甲\", b \"乙\" }}\n\
         decision d \"情形\" over f\n\n\
         article 1 \"甲\"\n  in d when {condition}\n  say \"好。\"\n\n\
         article 2 \"乙\"\n  in d when f = b\n  say \"好。\"\n"
    )
}

/// One decision over `facts` facts of four values and `segments` segments: a general article,
/// and for each segment an article restricted to it that excludes one value of two random
/// facts. The general article is chosen beside the specific ones in a number of distinct
/// ways that grows exponentially with the facts: the segment-asymmetry check (W0203) and the
/// diff used to keep a witness for each (6 GB for 11 facts and 22 segments).
pub fn segment_specific_decision(facts: usize, segments: usize, seed: u64) -> String {
    let mut rng = Lcg::new(seed);
    let mut text = String::from(HEADER);
    for segment in 0..segments {
        let _ = writeln!(text, "segment s{segment} \"客户群\"");
    }
    for fact in 0..facts {
        let _ = writeln!(
            text,
            "fact f{fact} \"情形\" {{ a \"甲\", b \"乙\", c \"丙\", d \"丁\" }}"
        );
    }
    let over: Vec<String> = (0..facts).map(|fact| format!("f{fact}")).collect();
    let _ = writeln!(text, "decision d \"客户来电\" over {}\n", over.join(", "));
    text.push_str("article 1 \"通用\"\n  in d\n  say \"好的。\"\n\n");
    let letters = ["a", "b", "c", "d"];
    for segment in 0..segments {
        let first = rng.below(facts);
        let second = (first + 1 + rng.below(facts - 1)) % facts;
        let _ = writeln!(
            text,
            "article {} \"专门\"\n  in d\n  when segment = s{segment} and f{first} != {} and f{second} != {}\n  say \"好的。\"\n",
            segment + 2,
            letters[rng.below(4)],
            letters[rng.below(4)],
        );
    }
    text
}

/// One decision over `facts` facts of `values` values each, and `articles` articles whose
/// conditions each exclude one value of two random facts: nearly all of them apply to nearly
/// every case, so the articles overlap in a number of distinct ways that grows exponentially.
pub fn overlapping_decision(facts: usize, values: usize, articles: usize, seed: u64) -> String {
    let mut rng = Lcg::new(seed);
    let mut text = String::from(HEADER);
    for fact in 0..facts {
        let listed: Vec<String> = (0..values)
            .map(|value| format!("v{value} \"值\""))
            .collect();
        let _ = writeln!(text, "fact f{fact} \"事实\" {{ {} }}", listed.join(", "));
    }
    let over: Vec<String> = (0..facts).map(|fact| format!("f{fact}")).collect();
    let _ = writeln!(text, "decision d \"情形\" over {}\n", over.join(", "));
    for article in 1..=articles {
        let first = rng.below(facts);
        let second = (first + 1 + rng.below(facts - 1)) % facts;
        let _ = writeln!(
            text,
            "article {article} \"条\"\n  in d when f{first} != v{} and f{second} != v{}\n  say \"好。\"\n",
            rng.below(values),
            rng.below(values),
        );
    }
    text
}

/// How the second version of a long phrase differs from the first.
#[derive(Clone, Copy, Debug)]
pub enum Edit {
    /// One character in every hundred changed.
    Sprinkled,
    /// Every character drawn anew: the worst case of Myers's diff (the finding: 20k / 40k /
    /// 80k characters took 1.4 / 5.7 / 24 s).
    Rewritten,
}

/// Two versions of a rule set with one phrase of about `chars` Chinese characters.
pub fn long_phrase_pair(chars: usize, edit: Edit, seed: u64) -> (String, String) {
    let mut rng = Lcg::new(seed);
    let alphabet: Vec<char> = "您好我们正在为处理问题请稍等谢".chars().collect();
    let old: Vec<char> = (0..chars)
        .map(|_| alphabet[rng.below(alphabet.len())])
        .collect();
    let new: Vec<char> = old
        .iter()
        .map(|&c| match edit {
            Edit::Sprinkled if !rng.chance(1) => c,
            _ => alphabet[rng.below(alphabet.len())],
        })
        .collect();
    let wrap = |phrase: &[char]| {
        let phrase: String = phrase.iter().collect();
        format!("{HEADER}article 1 \"通话\"\n  say \"{phrase}。\"\n")
    };
    (wrap(&old), wrap(&new))
}
