//! What a compilation does before its checks, as the `parse` and `memory` benches measure it:
//! the bytes as read from a file decoded into the text in place, shared as the sources keep it
//! (the model reads its phrase texts from it), parsed, and resolved taking the syntax tree.

use std::sync::Arc;

use phrasec::check::model::Model;
use phrasec::source::FileId;
use phrasec::syntax::ast::OwnedParsedFile;

/// Decodes, parses and resolves one file's bytes; returns the text and the model.
pub fn parse_and_resolve(bytes: Vec<u8>) -> (Arc<str>, Model) {
    let decoded = phrasec::syntax::decode_owned(FileId(0), bytes);
    let text: Arc<str> = decoded.text.into();
    let (tree, _) = phrasec::syntax::parse(FileId(0), &text);
    let (model, _) = phrasec::check::resolve_owned(vec![OwnedParsedFile {
        id: FileId(0),
        text: Arc::clone(&text),
        tree,
    }]);
    (text, model)
}
