//! The second pass: chapters, sections and articles in file order (numbers taken twice or out
//! of order), then every article resolved side by side on rayon's threads.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use super::articles::Place;
use super::*;

/// An article to resolve, with where it stands.
struct PendingArticle<'t> {
    decl: PendingDecl<'t>,
    place: Place,
}

/// An article's syntax tree: borrowed, or taken from a tree the caller gave up, and then
/// dropped once the article is resolved.
enum PendingDecl<'t> {
    Borrowed(&'t ast::ArticleDecl),
    Owned(Box<ast::ArticleDecl>),
}

impl PendingDecl<'_> {
    fn get(&self) -> &ast::ArticleDecl {
        match self {
            PendingDecl::Borrowed(decl) => decl,
            PendingDecl::Owned(decl) => decl,
        }
    }
}

/// Where the pass over chapters, sections and articles stands. The chapters and sections are
/// kept here, not in the model, until the articles are resolved: the copies of the
/// declarations that resolve articles need none of them.
#[derive(Default)]
struct Outline {
    chapters: Vec<Chapter>,
    sections: Vec<Section>,
    chapter: Option<usize>,
    section: Option<usize>,
    article_spans: BTreeMap<u32, Span>,
    last_number: Option<(u32, Span)>,
    /// The first chapter with each number, the first section with each number per chapter.
    chapter_numbers: BTreeMap<u32, Span>,
    section_numbers: BTreeMap<(Option<usize>, u32), Span>,
}

impl Resolver<'_> {
    /// Second pass: chapters, sections and articles, in file order; then the articles are
    /// resolved.
    pub(super) fn define_articles<'t>(&mut self, trees: Vec<Cow<'t, ast::File>>) {
        let mut outline = Outline::default();
        let mut pending = Vec::new();
        for tree in trees {
            // A section ends at the end of its file: what a file means never depends on the
            // file read before it. (A chapter goes on: files are read in the order of their
            // names, and one chapter may span several.)
            outline.section = None;
            match tree {
                Cow::Borrowed(file) => {
                    for item in &file.items {
                        match item {
                            ast::Item::Article(decl) => {
                                self.pend(PendingDecl::Borrowed(decl), &mut outline, &mut pending);
                            }
                            other => self.outline(other, &mut outline),
                        }
                    }
                }
                Cow::Owned(file) => {
                    for item in file.items {
                        match item {
                            ast::Item::Article(decl) => {
                                self.pend(PendingDecl::Owned(decl), &mut outline, &mut pending);
                            }
                            other => self.outline(&other, &mut outline),
                        }
                    }
                }
            }
        }
        self.resolve_articles(pending, &outline.sections);
        let model = Arc::make_mut(&mut self.model);
        model.chapters = outline.chapters;
        model.sections = outline.sections;
    }

    /// True when the article, chapter or section number at `span` fits a `u32`; otherwise
    /// reports E0127 (the tree holds it as `u32::MAX`).
    fn number_fits(&mut self, what: &str, span: Span) -> bool {
        let written = self.texts.of_file(span.file);
        let written = written.get(span.range()).unwrap_or_default();
        if written.parse::<u32>().is_ok() {
            return true;
        }
        self.diagnostics.push(
            Diagnostic::new(
                Code::E0127,
                format!("{what} {written} is too large a number"),
            )
            .primary(span, format!("above {}", u32::MAX))
            .help(format!(
                "article, chapter and section numbers go up to {}; number as the source document does",
                u32::MAX
            )),
        );
        false
    }

    /// A chapter or a section: the articles after it stand in it.
    fn outline(&mut self, item: &ast::Item, outline: &mut Outline) {
        match item {
            ast::Item::Chapter(decl) => {
                if !self.number_fits("chapter", decl.number_span) {
                    // Reported; not compared with the other chapters' numbers.
                } else if let Some(existing) = outline.chapter_numbers.get(&decl.number) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::E0101,
                            format!("chapter {} is defined twice", decl.number),
                        )
                        .primary(decl.number_span, "defined again here")
                        .secondary(*existing, "first defined here")
                        .help("give each chapter its own number"),
                    );
                } else {
                    outline.chapter_numbers.insert(decl.number, decl.span);
                }
                outline.chapters.push(Chapter {
                    number: decl.number,
                    title: self.texts.str(&decl.title).into_owned(),
                    span: decl.span,
                });
                outline.chapter = Some(outline.chapters.len() - 1);
                outline.section = None;
            }
            ast::Item::Section(decl) => {
                if !self.number_fits("section", decl.number_span) {
                    // Reported; not compared with the other sections' numbers.
                } else if let Some(existing) =
                    outline.section_numbers.get(&(outline.chapter, decl.number))
                {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::E0101,
                            format!("section {} is defined twice in this chapter", decl.number),
                        )
                        .primary(decl.number_span, "defined again here")
                        .secondary(*existing, "first defined here")
                        .help("give each section of a chapter its own number"),
                    );
                } else {
                    outline
                        .section_numbers
                        .insert((outline.chapter, decl.number), decl.span);
                }
                let segment = decl.segment.as_ref().and_then(|name| self.segment(name));
                outline.sections.push(Section {
                    chapter: outline.chapter,
                    number: decl.number,
                    title: self.texts.str(&decl.title).into_owned(),
                    segment,
                    span: decl.span,
                });
                outline.section = Some(outline.sections.len() - 1);
            }
            _ => {}
        }
    }

    /// Checks an article's number against those before it and queues the article.
    fn pend<'t>(
        &mut self,
        article: PendingDecl<'t>,
        outline: &mut Outline,
        pending: &mut Vec<PendingArticle<'t>>,
    ) {
        let decl = article.get();
        // A number too large to hold is reported, and not compared with the others (it was
        // read as the largest number).
        if self.number_fits("article", decl.number_span) {
            if let Some(first) = outline.article_spans.get(&decl.number) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0101,
                        format!("article {} is defined twice", decl.number),
                    )
                    .primary(decl.number_span, "defined again here")
                    .secondary(*first, "first defined here")
                    .help("give each article its own number, as in the source document"),
                );
                return;
            }
            outline.article_spans.insert(decl.number, decl.number_span);
            if let Some((previous, previous_span)) = outline.last_number
                && decl.number < previous
            {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::W0001,
                        format!("article {} comes after article {previous}", decl.number),
                    )
                    .primary(decl.number_span, "out of order")
                    .secondary(previous_span, "the article before it")
                    .help("keep articles in the order of their numbers"),
                );
            }
            outline.last_number = Some((decl.number, decl.number_span));
        }
        pending.push(PendingArticle {
            decl: article,
            place: Place {
                chapter: outline.chapter,
                section: outline.section,
            },
        });
    }

    /// Resolves the articles side by side on rayon's threads and adds them to the model in
    /// order. Resolving an article reads the declarations and the article's tree and nothing
    /// else: each rayon job gets its own copy of the declarations to collect the diagnostics
    /// in. A tree the caller gave up is dropped as soon as its article is resolved, and the
    /// articles are resolved in [`ARTICLE_BATCHES`] batches, one after the other, so that the
    /// model's list grows as the trees go instead of being allocated whole while they are all
    /// still there. A batch is cut into at most [`ARTICLE_BATCHES`] rayon jobs (each copies the
    /// declarations once).
    fn resolve_articles(&mut self, pending: Vec<PendingArticle<'_>>, sections: &[Section]) {
        // Taken out so that `self` can be shared by the jobs; put back with the articles'.
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        let declarations = &*self;
        let mut articles: Vec<Article> = Vec::new();
        let batch_len = pending.len().div_ceil(ARTICLE_BATCHES).max(1);
        let job_len = batch_len.div_ceil(ARTICLE_BATCHES);
        let mut pending = pending.into_iter();
        loop {
            let batch: Vec<PendingArticle<'_>> = pending.by_ref().take(batch_len).collect();
            if batch.is_empty() {
                break;
            }
            let resolved: Vec<(Article, Vec<Diagnostic>)> = batch
                .into_par_iter()
                .with_min_len(job_len)
                .map_init(
                    || declarations.clone(),
                    |resolver, pending| {
                        let article = resolver.article(pending.decl.get(), pending.place, sections);
                        (article, std::mem::take(&mut resolver.diagnostics))
                    },
                )
                .collect();
            // A quarter more at a time (as the trees go), not double.
            articles.reserve_exact(resolved.len().max(articles.len() / 4));
            for (article, found) in resolved {
                articles.push(article);
                diagnostics.extend(found);
            }
        }
        articles.shrink_to_fit();
        Arc::make_mut(&mut self.model).articles = articles;
        self.diagnostics = diagnostics;
    }
}

/// The articles are resolved in this many batches, each in at most this many rayon jobs (see
/// `Resolver::resolve_articles`).
const ARTICLE_BATCHES: usize = 16;
