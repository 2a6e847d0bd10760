//! Offsets of a compiled file to positions in the editor's text of it. The compiled text is
//! the editor's without a leading byte-order mark; every offset is shifted past it when the
//! editor's text has one.

use std::collections::BTreeMap;
use std::path::PathBuf;

use lsp_types::Position;
use phrasec::source::FileId;

use crate::lsp::positions::{Encoding, LineIndex};
use crate::lsp::workspace::Snapshot;

const BOM: char = '\u{FEFF}';

/// The open documents' texts and the position encoding agreed with the client.
pub struct Documents<'a> {
    pub open: &'a BTreeMap<PathBuf, String>,
    pub encoding: Encoding,
}

impl<'a> Documents<'a> {
    /// The index to convert offsets of `file` of the snapshot.
    pub fn index(&self, snapshot: &'a Snapshot, file: FileId) -> DocumentIndex<'a> {
        let open = snapshot
            .path_of(file)
            .and_then(|path| self.open.get(path))
            .filter(|text| text.starts_with(BOM));
        match open {
            Some(text) => DocumentIndex {
                index: LineIndex::new(text, self.encoding),
                shift: BOM.len_utf8(),
            },
            None => DocumentIndex {
                index: LineIndex::new(snapshot.text(file), self.encoding),
                shift: 0,
            },
        }
    }
}

/// A [`LineIndex`] of the editor's text, taking and giving offsets in the compiled text.
pub struct DocumentIndex<'a> {
    index: LineIndex<'a>,
    shift: usize,
}

impl DocumentIndex<'_> {
    pub fn position(&self, offset: usize) -> Position {
        self.index.position(offset + self.shift)
    }

    pub fn offset(&self, position: Position) -> usize {
        self.index.offset(position).saturating_sub(self.shift)
    }
}
