//! Deterministic rule corpora for the check benchmark (`benches/check.rs`) and its test
//! (`tests/it/check_corpus.rs`): many decisions over 12 facts of up to 16 values each.
//!
//! Each decision's articles are the leaves of a random decision tree over the decision's
//! facts and the customer segment, so together they partition its case space exactly:
//! no gap and no overlap. Some general leaves get a segment-specific override (an article
//! restricted to one or two segments on part of the leaf), which takes precedence; the
//! general article then says `general for` the other segments. Some nodes whose children are
//! all leaves become one article with a `case` per child. Two `never` declarations make some
//! cases impossible: leaves that are entirely impossible get no article, and a test that
//! would only exclude impossible cases is left out (so no W0204). A few articles outside any
//! decision are mixed in and fill the corpus to exactly the requested size.
//!
//! [`Variant::Gaps`] runs the same generator but removes about [`GAP_PERCENT`] % of each
//! decision's articles (drawn from a second generator). The removals change how many
//! articles each decision contributes, so after the first one the two corpora draw different
//! decisions; they have the same shape and size, not the same trees.

use std::fmt::Write as _;

pub use super::lcg::Lcg;

/// The seed the benchmark and the test use.
pub const SEED: u64 = 2024;

/// Whether the decisions cover their case space exactly, or have articles removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    NoGaps,
    Gaps,
}

/// Percentage of decision articles removed in [`Variant::Gaps`].
pub const GAP_PERCENT: usize = 5;

/// A generated corpus.
pub struct Corpus {
    pub text: String,
    /// Number of articles (exactly the number asked for).
    pub articles: usize,
    /// Number of decisions.
    pub decisions: usize,
    /// Articles in a decision (the rest are outside any decision).
    pub decision_articles: usize,
    /// Articles removed from decisions ([`Variant::Gaps`] only).
    pub removed: usize,
}

/// The facts: name, label, value-name prefix, number of values.
const FACTS: [(&str, &str, &str, usize); 12] = [
    ("cause", "故障原因", "c", 16),
    ("stage", "处理阶段", "s", 16),
    ("product", "产品", "p", 12),
    ("channel", "受理渠道", "ch", 16),
    ("region", "区域", "r", 8),
    ("plan", "套餐", "pl", 16),
    ("severity", "严重程度", "sv", 6),
    ("device", "终端类型", "d", 16),
    ("tenure", "在网时长", "t", 10),
    ("history", "投诉次数", "h", 4),
    ("weekday", "受理时段", "w", 16),
    ("language", "沟通语言", "l", 3),
];

/// The customer segments.
const SEGMENTS: [(&str, &str); 4] = [
    ("enterprise", "政企客户群"),
    ("household", "家庭及个人客户群"),
    ("vip", "高端客户群"),
    ("smb", "中小企业客户群"),
];

/// Dimensions of a cube: the 12 facts, then the segment.
const DIMS: usize = FACTS.len() + 1;
const SEGMENT_DIM: usize = FACTS.len();

/// `never` declarations: (fact, value, fact, value). Their facts are pairwise distinct, so a
/// cube lies in their union only if it lies in one of them.
const NEVERS: [(usize, usize, usize, usize); 2] = [(0, 15, 1, 15), (2, 11, 3, 15)];

type Cube = [u64; DIMS];

fn size(dim: usize) -> usize {
    if dim == SEGMENT_DIM {
        SEGMENTS.len()
    } else {
        FACTS[dim].3
    }
}

fn full(dim: usize) -> u64 {
    (1u64 << size(dim)) - 1
}

fn full_cube() -> Cube {
    std::array::from_fn(full)
}

fn never_cube(never: (usize, usize, usize, usize)) -> Cube {
    let mut cube = full_cube();
    cube[never.0] = 1 << never.1;
    cube[never.2] = 1 << never.3;
    cube
}

/// True when every case of `cube` is declared impossible.
fn impossible(cube: &Cube) -> bool {
    NEVERS.iter().any(|&never| {
        let never = never_cube(never);
        cube.iter().zip(&never).all(|(c, n)| c & !n == 0)
    })
}

/// Widens `cube` where a restriction only excludes impossible cases (the checker would
/// report such a test as always holding, W0204). Only impossible cases are added.
fn prune(mut cube: Cube) -> Cube {
    'again: loop {
        for dim in 0..DIMS {
            if cube[dim] == full(dim) {
                continue;
            }
            let mut others = cube;
            others[dim] = full(dim) & !cube[dim];
            if impossible(&others) {
                cube[dim] = full(dim);
                continue 'again;
            }
        }
        return cube;
    }
}

fn values(mask: u64) -> Vec<usize> {
    (0..64).filter(|&v| mask & (1u64 << v) != 0).collect()
}

fn value_name(dim: usize, value: usize, out: &mut String) {
    if dim == SEGMENT_DIM {
        out.push_str(SEGMENTS[value].0);
    } else {
        let _ = write!(out, "{}{value}", FACTS[dim].2);
    }
}

/// One comparison for `mask` on `dim` (which must not be the full set): `=`, `!=`, `in` or
/// `not in`, whichever is shortest.
fn test(dim: usize, mask: u64, out: &mut String) {
    out.push_str(if dim == SEGMENT_DIM {
        "segment"
    } else {
        FACTS[dim].0
    });
    let inside = values(mask);
    let outside = values(full(dim) & !mask);
    let (operator, listed) = match (inside.len(), outside.len()) {
        (1, _) => (" = ", inside),
        (_, 1) => (" != ", outside),
        (i, o) if i <= o => (" in {", inside),
        _ => (" not in {", outside),
    };
    out.push_str(operator);
    for (idx, &value) in listed.iter().enumerate() {
        if idx > 0 {
            out.push_str(", ");
        }
        value_name(dim, value, out);
    }
    if operator.ends_with('{') {
        out.push('}');
    }
}

/// ` when a = x and b in {…}` for the restricted dimensions of `cube`; nothing if none is.
fn condition(cube: &Cube, out: &mut String) {
    let mut first = true;
    for (dim, &mask) in cube.iter().enumerate() {
        if mask == full(dim) {
            continue;
        }
        out.push_str(if first { " when " } else { " and " });
        first = false;
        test(dim, mask, out);
    }
}

const PHRASES: [&str; 6] = [
    "您好，{name}{gender ? 先生 | 女士}，您反映的问题我们已经记录。",
    "[对不起|非常抱歉]，我们会在{minutes}内答复您。",
    "如有疑问请拨打{hotline}，或留下您的电话{phone}。",
    "感谢您的耐心等待，工作人员正在处理。",
    "[请您放心|请您谅解]，我们会尽快[处理|解决]。",
    "给您添麻烦了，我们深表歉意。",
];

const TITLES: [&str; 6] = [
    "客户询问处理进度时",
    "客户询问故障原因时",
    "客户抱怨时限长时",
    "客户要求上门服务时",
    "回访客户时",
    "客户要求补偿时",
];

fn header() -> String {
    let mut out = String::from(
        "# 客户端作业规范：覆盖检查基准语料（自动生成，请勿手工编辑）\n\
         spec \"客户端作业规范\" version \"2.0\"\n\n",
    );
    for (name, label) in SEGMENTS {
        let _ = writeln!(out, "segment {name} \"{label}\"");
    }
    out.push('\n');
    for (dim, (name, label, _, n_values)) in FACTS.iter().enumerate() {
        let _ = write!(out, "fact {name} \"{label}\" {{");
        for value in 0..*n_values {
            if value > 0 {
                out.push(',');
            }
            out.push(' ');
            value_name(dim, value, &mut out);
            let _ = write!(out, " \"{label}{value}\"");
        }
        out.push_str(" }\n");
    }
    out.push('\n');
    for (f1, v1, f2, v2) in NEVERS {
        out.push_str("never ");
        test(f1, 1 << v1, &mut out);
        out.push_str(" and ");
        test(f2, 1 << v2, &mut out);
        out.push_str(" because \"这两种情形不会同时出现\"\n");
    }
    out.push_str(
        "\nconst hotline \"客服热线\" = \"10000\"\n\
         slot name: person \"客户姓氏\" example \"张\"\n\
         slot gender: enum { male \"先生\", female \"女士\" } \"客户称谓\"\n\
         slot minutes: duration(minute) \"答复时限\" example \"30分钟\"\n\
         slot phone: phone \"联系电话\" example \"13800000000\"\n\
         action transfer \"转接专席\"\n\n",
    );
    out
}

/// A decision tree over a region of the case space.
enum Node {
    Leaf(Cube),
    Split {
        cube: Cube,
        dim: usize,
        children: Vec<Node>,
    },
}

/// Splits `region` into about `budget` leaves, on the decision's facts (`dims`) and,
/// sometimes, the segment.
fn tree(rng: &mut Lcg, dims: &[usize], region: Cube, budget: usize) -> Node {
    if budget <= 1 {
        return Node::Leaf(region);
    }
    let splittable: Vec<usize> = dims
        .iter()
        .copied()
        .filter(|&dim| region[dim].count_ones() >= 2)
        .collect();
    if splittable.is_empty() {
        return Node::Leaf(region);
    }
    let segment_ok = region[SEGMENT_DIM].count_ones() >= 2;
    let dim = if segment_ok && rng.chance(8) {
        SEGMENT_DIM
    } else {
        splittable[rng.below(splittable.len())]
    };
    let mut vals = values(region[dim]);
    rng.shuffle(&mut vals);
    let parts = (2 + rng.below(3)).min(vals.len()).min(budget);
    let mut masks = vec![0u64; parts];
    for (idx, &value) in vals.iter().enumerate() {
        let part = if idx < parts { idx } else { rng.below(parts) };
        masks[part] |= 1 << value;
    }
    // Budgets: one each, the rest cut at random points (skewed, like real rule sets).
    let rest = budget - parts;
    let mut cuts: Vec<usize> = (0..parts - 1).map(|_| rng.below(rest + 1)).collect();
    cuts.sort_unstable();
    cuts.push(rest);
    let mut previous = 0;
    let children = masks
        .into_iter()
        .zip(cuts)
        .map(|(mask, cut)| {
            let mut child = region;
            child[dim] = mask;
            let child_budget = 1 + cut - previous;
            previous = cut;
            tree(rng, dims, child, child_budget)
        })
        .collect();
    Node::Split {
        cube: region,
        dim,
        children,
    }
}

/// An article before numbering.
struct Article {
    /// The condition's cube (dimensions left full are not tested).
    cube: Cube,
    /// `case` sub-conditions: (dimension, mask) each.
    cases: Vec<(usize, u64)>,
    general_for: u64,
}

fn articles_of(rng: &mut Lcg, dims: &[usize], node: &Node, out: &mut Vec<Article>) {
    match node {
        Node::Leaf(cube) => leaf(rng, dims, cube, out),
        Node::Split {
            cube,
            dim,
            children,
        } => {
            let all_leaves = children.iter().all(|child| matches!(child, Node::Leaf(_)));
            if all_leaves
                && *dim != SEGMENT_DIM
                && rng.chance(15)
                && let Some(article) = case_article(cube, *dim, children)
            {
                out.push(article);
                return;
            }
            for child in children {
                articles_of(rng, dims, child, out);
            }
        }
    }
}

/// One article with a `case` per child, or `None` if a case test would only exclude
/// impossible cases.
fn case_article(cube: &Cube, dim: usize, children: &[Node]) -> Option<Article> {
    let context = prune(*cube);
    let mut cases = Vec::new();
    for child in children {
        let Node::Leaf(child) = child else {
            return None;
        };
        if impossible(child) {
            continue;
        }
        let mut others = context;
        others[dim] &= !child[dim];
        if others[dim] == 0 || impossible(&others) {
            return None;
        }
        cases.push((dim, child[dim]));
    }
    (!cases.is_empty()).then_some(Article {
        cube: context,
        cases,
        general_for: 0,
    })
}

fn leaf(rng: &mut Lcg, dims: &[usize], cube: &Cube, out: &mut Vec<Article>) {
    if impossible(cube) {
        return;
    }
    let mut article = Article {
        cube: prune(*cube),
        cases: Vec::new(),
        general_for: 0,
    };
    let general = cube[SEGMENT_DIM] == full(SEGMENT_DIM);
    if !(general && rng.chance(10)) {
        out.push(article);
        return;
    }
    // A segment-specific override on part of this leaf.
    let mut special = *cube;
    let narrowable: Vec<usize> = dims
        .iter()
        .copied()
        .filter(|&dim| cube[dim].count_ones() >= 2)
        .collect();
    if !narrowable.is_empty() && rng.chance(50) {
        let dim = narrowable[rng.below(narrowable.len())];
        let mut vals = values(cube[dim]);
        rng.shuffle(&mut vals);
        let keep = 1 + rng.below(vals.len() - 1);
        special[dim] = vals[..keep].iter().fold(0, |mask, &v| mask | (1 << v));
    }
    let mut segments = values(full(SEGMENT_DIM));
    rng.shuffle(&mut segments);
    let keep = 1 + rng.below(2);
    special[SEGMENT_DIM] = segments[..keep].iter().fold(0, |mask, &v| mask | (1 << v));
    if impossible(&special) {
        out.push(article);
        return;
    }
    article.general_for = full(SEGMENT_DIM) & !special[SEGMENT_DIM];
    out.push(article);
    out.push(Article {
        cube: prune(special),
        cases: Vec::new(),
        general_for: 0,
    });
}

fn phrase(rng: &mut Lcg, out: &mut String) {
    out.push_str("say \"");
    out.push_str(PHRASES[rng.below(PHRASES.len())]);
    out.push('"');
    if rng.chance(10) {
        out.push_str(" or act transfer");
    }
}

struct Writer {
    text: String,
    number: usize,
    chapter: usize,
    section: usize,
    phrases_used: usize,
}

impl Writer {
    fn title(&self) -> &'static str {
        TITLES[self.number % TITLES.len()]
    }

    /// Every phrase is used once before phrases are drawn at random (no unused slot).
    fn body(&mut self, rng: &mut Lcg) {
        if self.phrases_used < PHRASES.len() {
            let _ = write!(self.text, "say \"{}\"", PHRASES[self.phrases_used]);
            self.phrases_used += 1;
            if self.phrases_used == 1 {
                self.text.push_str(" or act transfer");
            }
        } else {
            phrase(rng, &mut self.text);
        }
    }

    fn article(&mut self, rng: &mut Lcg, decision: usize, article: &Article) {
        self.number += 1;
        let _ = write!(
            self.text,
            "article {} \"{}\" in d{decision}",
            self.number,
            self.title()
        );
        condition(&article.cube, &mut self.text);
        if article.general_for != 0 {
            self.text.push_str(" general for ");
            for (idx, segment) in values(article.general_for).into_iter().enumerate() {
                if idx > 0 {
                    self.text.push_str(", ");
                }
                self.text.push_str(SEGMENTS[segment].0);
            }
        }
        if article.cases.is_empty() {
            self.text.push_str("\n  ");
            self.body(rng);
            self.text.push('\n');
            return;
        }
        self.text.push('\n');
        for (idx, &(dim, mask)) in article.cases.iter().enumerate() {
            let _ = write!(self.text, "  case \"情形{}\" when ", idx + 1);
            test(dim, mask, &mut self.text);
            self.text.push_str("\n    ");
            self.body(rng);
            self.text.push('\n');
        }
    }

    /// An article outside any decision: no condition, or a test of one fact without a
    /// `never` declaration.
    fn standalone(&mut self, rng: &mut Lcg) {
        self.number += 1;
        let _ = write!(self.text, "article {} \"{}\"", self.number, self.title());
        if rng.chance(70) {
            let dim = 4 + rng.below(FACTS.len() - 4);
            self.text.push_str(" when ");
            let value = rng.below(size(dim));
            test(dim, 1 << value, &mut self.text);
        }
        self.text.push_str("\n  ");
        self.body(rng);
        self.text.push('\n');
    }

    fn section(&mut self, title: &str) {
        if self.section.is_multiple_of(20) {
            self.chapter += 1;
            self.section = 0;
            let _ = writeln!(
                self.text,
                "\nchapter {} \"第{}章\"",
                self.chapter, self.chapter
            );
        }
        self.section += 1;
        let _ = writeln!(self.text, "\nsection {} \"{title}\"\n", self.section);
    }
}

/// Number of leaves of a decision's tree: mostly small, some medium, a few large.
fn decision_budget(rng: &mut Lcg) -> usize {
    match rng.below(100) {
        0..70 => 3 + rng.below(30),
        70..95 => 30 + rng.below(120),
        _ => 200 + rng.below(500),
    }
}

/// A corpus of exactly `articles` articles.
pub fn generate(articles: usize, variant: Variant, seed: u64) -> Corpus {
    let mut rng = Lcg::new(seed);
    let mut removal = Lcg::new(seed.wrapping_add(1));
    let mut writer = Writer {
        text: header(),
        number: 0,
        chapter: 0,
        section: 0,
        phrases_used: 0,
    };
    writer.text.reserve(articles * 200);
    let mut corpus = Corpus {
        text: String::new(),
        articles,
        decisions: 0,
        decision_articles: 0,
        removed: 0,
    };
    // Standalone articles first, so that they use every phrase even in a tiny corpus.
    writer.section("通用规范");
    for _ in 0..PHRASES.len().min(articles) {
        writer.standalone(&mut rng);
    }
    let mut misses = 0;
    while writer.number < articles && misses < 20 {
        let n_facts = 2 + rng.below(4);
        let mut facts: Vec<usize> = (0..FACTS.len()).collect();
        rng.shuffle(&mut facts);
        facts.truncate(n_facts);
        let mut dims = facts.clone();
        dims.push(SEGMENT_DIM);
        let budget = decision_budget(&mut rng);
        let root = tree(&mut rng, &dims, full_cube(), budget);
        let mut generated = Vec::new();
        articles_of(&mut rng, &dims, &root, &mut generated);
        let before = generated.len();
        if variant == Variant::Gaps {
            generated.retain(|_| !removal.chance(GAP_PERCENT));
        }
        if generated.is_empty() {
            continue;
        }
        if writer.number + generated.len() > articles {
            misses += 1;
            continue;
        }
        corpus.removed += before - generated.len();
        corpus.decisions += 1;
        corpus.decision_articles += generated.len();
        let decision = corpus.decisions;
        let _ = write!(
            writer.text,
            "\ndecision d{decision} \"{}\" over ",
            TITLES[decision % TITLES.len()]
        );
        for (idx, &fact) in facts.iter().enumerate() {
            if idx > 0 {
                writer.text.push_str(", ");
            }
            writer.text.push_str(FACTS[fact].0);
        }
        writer.text.push('\n');
        writer.section(&format!("决策{decision}"));
        for article in &generated {
            writer.article(&mut rng, decision, article);
        }
        if rng.chance(30) {
            for _ in 0..1 + rng.below(5) {
                if writer.number < articles {
                    writer.standalone(&mut rng);
                }
            }
        }
    }
    while writer.number < articles {
        writer.standalone(&mut rng);
    }
    corpus.text = writer.text;
    corpus
}
