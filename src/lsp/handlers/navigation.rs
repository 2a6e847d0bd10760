//! Go to definition (the declaration of the name under the cursor, or an article's number)
//! and document symbols (the chapters, sections and articles of a file, in file order).

use lsp_types::{DocumentSymbol, Location, SymbolKind};
use phrasec::source::{FileId, Span};

use crate::lsp::documents::Documents;
use crate::lsp::handlers::diagnostics::range;
use crate::lsp::lookup::{Target, declaration_span};
use crate::lsp::uris::uri_of;
use crate::lsp::workspace::Snapshot;

/// Where `target` is declared: its name inside its declaration.
pub fn definition(snapshot: &Snapshot, documents: &Documents, target: Target) -> Option<Location> {
    let compilation = &snapshot.compilation;
    let (_, name) = declaration_span(&compilation.model, &compilation.sources, target);
    let uri = uri_of(snapshot.path_of(name.file)?)?;
    Some(Location::new(uri, range(snapshot, documents, name)))
}

/// The chapters (`第N章`), sections (`第N节`) and articles (`第N条`) declared in `file`.
pub fn symbols(snapshot: &Snapshot, documents: &Documents, file: FileId) -> Vec<DocumentSymbol> {
    let model = &snapshot.compilation.model;
    let mut found: Vec<(Span, String, SymbolKind, Span)> = Vec::new();
    for chapter in &model.chapters {
        let name = format!("第{}章 {}", chapter.number, chapter.title);
        found.push((chapter.span, name, SymbolKind::NAMESPACE, chapter.span));
    }
    for section in &model.sections {
        let name = format!("第{}节 {}", section.number, section.title);
        found.push((section.span, name, SymbolKind::MODULE, section.span));
    }
    for article in &model.articles {
        let name = format!("第{}条 {}", article.number, article.title);
        found.push((
            article.span,
            name,
            SymbolKind::FUNCTION,
            article.number_span,
        ));
    }
    found.retain(|(span, ..)| span.file == file);
    found.sort_by_key(|(span, ..)| (span.start, span.end));
    found
        .into_iter()
        .map(|(span, name, kind, selection)| {
            #[allow(deprecated)] // `deprecated` is a field every client still reads.
            DocumentSymbol {
                name,
                detail: None,
                kind,
                tags: None,
                deprecated: None,
                range: range(snapshot, documents, span),
                selection_range: range(snapshot, documents, selection),
                children: None,
            }
        })
        .collect()
}
