//! Workspace symbols: the articles whose number starts with the query (`12`, `第12条`) or
//! whose title holds every word of it, and the declarations whose name holds it (letter
//! case ignored), in every rule set compiled, articles first, in the rule sets' order.

use lsp_types::{Location, SymbolInformation, SymbolKind};

use crate::lsp::documents::Documents;
use crate::lsp::handlers::diagnostics::range;
use crate::lsp::lookup::{Target, declaration_span, declarations};
use crate::lsp::uris::uri_of;
use crate::lsp::workspace::Snapshot;

/// At most this many symbols are listed (the editor narrows as the query grows).
pub const LIMIT: usize = 256;

/// Adds the symbols of `snapshot` matching `query` to `found`, up to [`LIMIT`].
pub fn search(
    snapshot: &Snapshot,
    documents: &Documents,
    query: &str,
    found: &mut Vec<SymbolInformation>,
) {
    let model = &snapshot.compilation.model;
    let query = query.trim().to_lowercase();
    let number = query.trim_start_matches('第').trim_end_matches('条');
    let by_number = !number.is_empty() && number.chars().all(|ch| ch.is_ascii_digit());
    let words: Vec<&str> = query.split_whitespace().collect();
    for article in &model.articles {
        let matches = if by_number {
            article.number.to_string().starts_with(number)
        } else {
            let title = article.title.to_lowercase();
            words.iter().all(|word| title.contains(word))
        };
        if matches {
            let name = format!("第{}条 {}", article.number, article.title);
            push(
                snapshot,
                documents,
                found,
                name,
                SymbolKind::FUNCTION,
                article.span,
            );
        }
    }
    if by_number {
        return;
    }
    let compilation = &snapshot.compilation;
    for (target, _, name) in declarations(model) {
        if name.to_lowercase().contains(&query) {
            let (_, span) = declaration_span(model, &compilation.sources, target);
            push(
                snapshot,
                documents,
                found,
                name.to_owned(),
                kind(target),
                span,
            );
        }
    }
}

fn push(
    snapshot: &Snapshot,
    documents: &Documents,
    found: &mut Vec<SymbolInformation>,
    name: String,
    kind: SymbolKind,
    span: phrasec::source::Span,
) {
    let Some(uri) = snapshot.path_of(span.file).and_then(uri_of) else {
        return;
    };
    if found.len() >= LIMIT {
        return;
    }
    #[allow(deprecated)] // `deprecated` is a field every client still reads.
    found.push(SymbolInformation {
        name,
        kind,
        tags: None,
        deprecated: None,
        location: Location::new(uri, range(snapshot, documents, span)),
        container_name: None,
    });
}

fn kind(target: Target) -> SymbolKind {
    match target {
        Target::Segment(_) | Target::Fact(_) => SymbolKind::ENUM,
        Target::Value(..) | Target::SlotValue(..) => SymbolKind::ENUM_MEMBER,
        Target::Constant(_) => SymbolKind::CONSTANT,
        Target::Slot(_) => SymbolKind::VARIABLE,
        Target::Action(_) => SymbolKind::EVENT,
        Target::Decision(_) => SymbolKind::INTERFACE,
        Target::Article(_) => SymbolKind::FUNCTION,
    }
}
