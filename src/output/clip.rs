//! The source lines one human diagnostic shows, long lines clipped to a window around the
//! labels (as rustc does), so a diagnostic's size does not grow with its line's length.
//!
//! codespan-reporting draws what a [`Files`] gives it. [`ClippedSources`] gives it a small
//! text built for one diagnostic: its visible lines, each clipped to a window with `...` where
//! text was cut, under the original line numbers and columns. Lines codespan never draws (the
//! middle of a long multi-line label) are all the same empty line, so building the view costs
//! the visible lines' length, not the file's.

use std::collections::BTreeMap;
use std::ops::Range;

use codespan_reporting::files::{Error as FilesError, Files};

use crate::source::{FileId, SourceFile, SourceMap, Span};

/// Lines of at most this many characters are shown whole.
pub const MAX_LINE_CHARS: usize = 120;
/// Characters kept on each side of the labelled part of a clipped line.
const CONTEXT_CHARS: usize = 40;
/// At most this many characters of the labelled part of a clipped line are shown.
const MAX_LABELLED_CHARS: usize = 80;
/// Marks text cut from a clipped line.
const ELLIPSIS: &str = "...";
/// Lines after a multi-line label's start, and before its end, that codespan may draw (its
/// default context of 3 and 1, plus the line it draws between two drawn lines).
const LINES_AFTER_START: usize = 4;
const LINES_BEFORE_END: usize = 2;

/// One diagnostic's view of the sources (a [`Files`] for codespan-reporting).
pub struct ClippedSources<'a> {
    sources: &'a SourceMap,
    files: BTreeMap<FileId, ClippedFile>,
}

/// The visible lines of one file, one after another in `text` (which starts with the empty
/// line every other line shares).
struct ClippedFile {
    text: String,
    /// By original line index.
    lines: BTreeMap<usize, ClippedLine>,
    n_lines: usize,
}

/// One visible line: where it lies in the view and which part of the original it shows.
struct ClippedLine {
    /// The line in the view, with its `\n`.
    range: Range<usize>,
    /// Where the shown window of the original begins in the view (after a leading `...`).
    window_start: usize,
    /// The shown window of the original line (bytes of the original file).
    original: Range<usize>,
    /// The 1-based character column of `original.start`.
    column: usize,
}

impl<'a> ClippedSources<'a> {
    /// The view that the labelled spans `spans` need.
    pub fn new(
        sources: &'a SourceMap,
        spans: impl IntoIterator<Item = Span>,
    ) -> ClippedSources<'a> {
        let mut points: BTreeMap<FileId, Vec<(usize, usize)>> = BTreeMap::new();
        for span in spans {
            if (span.file.0 as usize) < sources.len() {
                points
                    .entry(span.file)
                    .or_default()
                    .push((span.start as usize, span.end as usize));
            }
        }
        let files = points
            .into_iter()
            .map(|(id, spans)| (id, ClippedFile::new(sources.get(id), &spans)))
            .collect();
        ClippedSources { sources, files }
    }

    /// Where an original byte range lies in the view (clamped to the shown windows).
    pub fn map(&self, file: FileId, range: Range<usize>) -> Range<usize> {
        let Some(clipped) = self.files.get(&file) else {
            return range;
        };
        let source = self.sources.get(file);
        let start = clipped.map_offset(source, range.start);
        let end = clipped.map_offset(source, range.end).max(start);
        start..end
    }

    fn file(&self, id: FileId) -> Result<&ClippedFile, FilesError> {
        self.files.get(&id).ok_or(FilesError::FileMissing)
    }
}

impl ClippedFile {
    fn new(source: &SourceFile, spans: &[(usize, usize)]) -> ClippedFile {
        let text = &*source.text;
        let starts = source.line_starts();
        let line_of = |offset: usize| line_index(starts, offset.min(text.len()));
        // Byte offsets worth showing, by line: label starts and ends.
        let mut points: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut visible: Vec<usize> = Vec::new();
        for &(start, end) in spans {
            let (start, end) = (start.min(text.len()), end.min(text.len()));
            let (first, last) = (line_of(start), line_of(end));
            points.entry(first).or_default().push(start);
            points.entry(last).or_default().push(end);
            if first == last {
                visible.extend([first.saturating_sub(1), first, first + 1]);
            } else {
                let after_start = (first + LINES_AFTER_START).min(last);
                let before_end = last.saturating_sub(LINES_BEFORE_END).max(first);
                visible.extend(first.saturating_sub(1)..=after_start);
                visible.extend(before_end..=last + 1);
            }
        }
        visible.sort_unstable();
        visible.dedup();
        let mut clipped = ClippedFile {
            text: String::from("\n"),
            lines: BTreeMap::new(),
            n_lines: starts.len(),
        };
        for line in visible.into_iter().filter(|&line| line < starts.len()) {
            let content = line_content(text, starts, line);
            let window = window(text, content.clone(), points.get(&line).map(Vec::as_slice));
            clipped.push_line(text, line, content, window);
        }
        clipped
    }

    fn push_line(&mut self, text: &str, line: usize, content: Range<usize>, window: Range<usize>) {
        let start = self.text.len();
        if window.start > content.start {
            self.text.push_str(ELLIPSIS);
        }
        let window_start = self.text.len();
        self.text.push_str(&text[window.clone()]);
        if window.end < content.end {
            self.text.push_str(ELLIPSIS);
        }
        self.text.push('\n');
        let column = text[content.start..window.start].chars().count() + 1;
        self.lines.insert(
            line,
            ClippedLine {
                range: start..self.text.len(),
                window_start,
                original: window,
                column,
            },
        );
    }

    /// The view offset of an original offset, clamped to its line's window.
    fn map_offset(&self, source: &SourceFile, offset: usize) -> usize {
        let offset = offset.min(source.text.len());
        let line = line_index(source.line_starts(), offset);
        let Some(clipped) = self.lines.get(&line) else {
            return 0;
        };
        let inside = offset.clamp(clipped.original.start, clipped.original.end);
        clipped.window_start + (inside - clipped.original.start)
    }

    /// The visible line holding a view offset.
    fn line_at(&self, offset: usize) -> Option<(usize, &ClippedLine)> {
        self.lines
            .iter()
            .find(|(_, line)| line.range.contains(&offset))
            .map(|(&index, line)| (index, line))
    }
}

/// The index of the line holding `offset`.
fn line_index(starts: &[usize], offset: usize) -> usize {
    match starts.binary_search(&offset) {
        Ok(index) => index,
        Err(index) => index.saturating_sub(1),
    }
}

/// The bytes of line `line` without its line ending.
fn line_content(text: &str, starts: &[usize], line: usize) -> Range<usize> {
    let start = starts[line];
    let end = starts.get(line + 1).copied().unwrap_or(text.len());
    let content = text[start..end].trim_end_matches(['\n', '\r']);
    start..start + content.len()
}

/// The part of a line to show: all of it when short; else the labelled part (at most
/// [`MAX_LABELLED_CHARS`] characters from the first point) with [`CONTEXT_CHARS`] either side.
fn window(text: &str, content: Range<usize>, points: Option<&[usize]>) -> Range<usize> {
    let line = &text[content.clone()];
    if line.len() <= MAX_LINE_CHARS || line.chars().count() <= MAX_LINE_CHARS {
        return content;
    }
    let clamp = |offset: usize| offset.clamp(content.start, content.end) - content.start;
    let (low, high) = match points {
        Some(points) => (
            points.iter().map(|&p| clamp(p)).min().unwrap_or(0),
            points.iter().map(|&p| clamp(p)).max().unwrap_or(0),
        ),
        None => (0, 0),
    };
    let high = high.min(chars_forward(line, low, MAX_LABELLED_CHARS));
    let start = chars_back(line, low, CONTEXT_CHARS);
    let end = chars_forward(line, high, CONTEXT_CHARS);
    content.start + start..content.start + end
}

/// The offset `count` characters before `offset` in `line` (or 0).
fn chars_back(line: &str, offset: usize, count: usize) -> usize {
    let offset = floor_char_boundary(line, offset);
    line[..offset]
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(0, |(index, _)| index)
}

/// The offset `count` characters after `offset` in `line` (or its end).
fn chars_forward(line: &str, offset: usize, count: usize) -> usize {
    let offset = floor_char_boundary(line, offset);
    line[offset..]
        .char_indices()
        .nth(count)
        .map_or(line.len(), |(index, _)| offset + index)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl<'a> Files<'a> for ClippedSources<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.file(id)?;
        Ok(self.sources.get(id).name.as_str())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(self.file(id)?.text.as_str())
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.file(id)?;
        file.line_at(byte_index)
            .map(|(index, _)| index)
            .ok_or(FilesError::IndexTooLarge {
                given: byte_index,
                max: file.text.len(),
            })
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.file(id)?;
        if line_index >= file.n_lines {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: file.n_lines.saturating_sub(1),
            });
        }
        Ok(file
            .lines
            .get(&line_index)
            .map_or(0..1, |line| line.range.clone()))
    }

    fn column_number(
        &'a self,
        id: FileId,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let file = self.file(id)?;
        let Some(line) = file.lines.get(&line_index) else {
            return Ok(1);
        };
        let original = &self.sources.get(id).text;
        let inside = byte_index.clamp(line.window_start, line.window_start + line.original.len());
        let end = line.original.start + (inside - line.window_start);
        Ok(line.column + original[line.original.start..end].chars().count())
    }
}
