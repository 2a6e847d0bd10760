//! Go to definition (the declaration of the name under the cursor, or an article's number),
//! references (its declaration and uses, found as `lookup` finds a name), document
//! highlights (the same, in one file) and document symbols (the chapters, sections and articles of a file, in file order).

use lsp_types::{DocumentHighlight, DocumentHighlightKind, DocumentSymbol, Location, SymbolKind};
use phrasec::source::{FileId, Span};

use crate::lsp::documents::Documents;
use crate::lsp::handlers::diagnostics::range;
use crate::lsp::lookup::{Target, declaration_span, occurrences};
use crate::lsp::uris::uri_of;
use crate::lsp::workspace::Snapshot;

/// Where `target` is declared: its name inside its declaration.
pub fn definition(snapshot: &Snapshot, documents: &Documents, target: Target) -> Option<Location> {
    let compilation = &snapshot.compilation;
    let (_, name) = declaration_span(&compilation.model, &compilation.sources, target);
    let uri = uri_of(snapshot.path_of(name.file)?)?;
    Some(Location::new(uri, range(snapshot, documents, name)))
}

/// Every place in the rule set that names `target` (its declaration included when asked).
pub fn references(
    snapshot: &Snapshot,
    documents: &Documents,
    target: Target,
    declaration: Declaration,
) -> Vec<Location> {
    let compilation = &snapshot.compilation;
    let model = &compilation.model;
    let (_, declared) = declaration_span(model, &compilation.sources, target);
    let mut found = Vec::new();
    for (file, source) in compilation.sources.files() {
        let Some(uri) = snapshot.path_of(file).and_then(uri_of) else {
            continue;
        };
        for place in occurrences(model, file, &source.text, target) {
            let span = Span::new(file, place.start, place.end);
            if declaration == Declaration::Exclude && span == declared {
                continue;
            }
            found.push(Location::new(uri.clone(), range(snapshot, documents, span)));
        }
    }
    found
}

/// Every place in `file` that names `target`.
pub fn highlights(
    snapshot: &Snapshot,
    documents: &Documents,
    file: FileId,
    target: Target,
) -> Vec<DocumentHighlight> {
    let model = &snapshot.compilation.model;
    occurrences(model, file, snapshot.text(file), target)
        .into_iter()
        .map(|place| DocumentHighlight {
            range: range(snapshot, documents, Span::new(file, place.start, place.end)),
            kind: Some(DocumentHighlightKind::TEXT),
        })
        .collect()
}

/// Whether [`references`] lists the declaration too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declaration {
    Include,
    Exclude,
}

/// The outline of `file`: its chapters (`第N章`) holding their sections (`第N节`) and
/// articles (`第N条`), sections holding their articles, in file order. A chapter or section
/// reaches to the end of the last of its items in the file.
pub fn symbols(snapshot: &Snapshot, documents: &Documents, file: FileId) -> Vec<DocumentSymbol> {
    let model = &snapshot.compilation.model;
    let in_file = |span: Span| span.file == file;
    let article = |idx: usize| {
        let article = &model.articles[idx];
        Outline {
            name: format!("第{}条 {}", article.number, article.title),
            kind: SymbolKind::FUNCTION,
            span: article.span,
            selection: article.number_span,
            children: Vec::new(),
        }
    };
    let articles_where = |keep: &dyn Fn(usize) -> bool| -> Vec<Outline> {
        (0..model.articles.len())
            .filter(|&idx| in_file(model.articles[idx].span) && keep(idx))
            .map(article)
            .collect()
    };
    let section = |idx: usize| {
        let section = &model.sections[idx];
        Outline {
            name: format!("第{}节 {}", section.number, section.title),
            kind: SymbolKind::MODULE,
            span: section.span,
            selection: section.span,
            children: articles_where(&|article| model.articles[article].section == Some(idx)),
        }
    };
    let mut top: Vec<Outline> = Vec::new();
    for (idx, chapter) in model.chapters.iter().enumerate() {
        if !in_file(chapter.span) {
            continue;
        }
        let mut children: Vec<Outline> = (0..model.sections.len())
            .filter(|&at| in_file(model.sections[at].span))
            .filter(|&at| model.sections[at].chapter == Some(idx))
            .map(section)
            .collect();
        children.extend(articles_where(&|article| {
            let article = &model.articles[article];
            article.chapter == Some(idx) && article.section.is_none()
        }));
        top.push(Outline {
            name: format!("第{}章 {}", chapter.number, chapter.title),
            kind: SymbolKind::NAMESPACE,
            span: chapter.span,
            selection: chapter.span,
            children,
        });
    }
    // Sections outside a chapter of this file, and articles outside any container of it.
    let chapter_here =
        |chapter: Option<usize>| chapter.is_some_and(|at| in_file(model.chapters[at].span));
    top.extend(
        (0..model.sections.len())
            .filter(|&at| in_file(model.sections[at].span))
            .filter(|&at| !chapter_here(model.sections[at].chapter))
            .map(section),
    );
    top.extend(articles_where(&|idx| {
        let article = &model.articles[idx];
        let section_here = article
            .section
            .is_some_and(|at| in_file(model.sections[at].span));
        let in_chapter_here = article.section.is_none() && chapter_here(article.chapter);
        !(section_here || in_chapter_here)
    }));
    top.sort_by_key(|outline| outline.span.start);
    top.into_iter()
        .map(|outline| outline.into_symbol(snapshot, documents))
        .collect()
}

/// One entry of the outline, before its positions are computed.
struct Outline {
    name: String,
    kind: SymbolKind,
    span: Span,
    selection: Span,
    children: Vec<Outline>,
}

impl Outline {
    fn into_symbol(mut self, snapshot: &Snapshot, documents: &Documents) -> DocumentSymbol {
        self.children.sort_by_key(|child| child.span.start);
        let whole = self
            .children
            .iter()
            .fold(self.span, |whole, child| whole.to(child.span));
        let children: Vec<DocumentSymbol> = self
            .children
            .into_iter()
            .map(|child| child.into_symbol(snapshot, documents))
            .collect();
        #[allow(deprecated)] // `deprecated` is a field every client still reads.
        DocumentSymbol {
            name: self.name,
            detail: None,
            kind: self.kind,
            tags: None,
            deprecated: None,
            range: range(snapshot, documents, whole),
            selection_range: range(snapshot, documents, self.selection),
            children: (!children.is_empty()).then_some(children),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use phrasec::{Input, compile};

    use super::*;
    use crate::lsp::positions::Encoding;

    fn outline(symbols: &[DocumentSymbol]) -> Vec<String> {
        let mut lines = Vec::new();
        for symbol in symbols {
            lines.push(symbol.name.clone());
            let children = symbol.children.as_deref().unwrap_or_default();
            lines.extend(
                outline(children)
                    .into_iter()
                    .map(|line| format!("  {line}")),
            );
        }
        lines
    }

    #[test]
    fn chapters_hold_sections_which_hold_articles() {
        let text = r#"spec "s"
segment a "A"
chapter 1 "章"
article 1 "一"
  say "x"
section 1 "节" for a
article 2 "二"
  say "y"
"#;
        let compilation = compile(&[Input {
            name: "rules.phr".to_owned(),
            bytes: text.as_bytes().to_vec(),
        }]);
        assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
        let snapshot = Snapshot {
            compilation,
            paths: vec![PathBuf::from("/rules/rules.phr")],
            explain_url: None,
        };
        let open = BTreeMap::new();
        let documents = Documents {
            open: &open,
            encoding: Encoding::Utf16,
        };
        let symbols = symbols(&snapshot, &documents, FileId(0));
        assert_eq!(
            outline(&symbols),
            ["第1章 章", "  第1条 一", "  第1节 节", "    第2条 二"]
        );
        let section = &symbols[0].children.as_ref().unwrap()[1];
        assert_eq!(section.range.start.line, 5);
        assert_eq!(section.range.end.line, 7);
    }
}
