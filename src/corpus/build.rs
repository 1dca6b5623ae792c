//! Building a document's text from pieces of a marked-up file, keeping the source map.
//!
//! Loaders of marked-up formats (Markdown, HTML, JSONL) do not read the file as the text: they
//! copy runs of it, decode entities and escapes, and insert what the markup means (a paragraph
//! break, a quotation mark for `<q>`). [`TextBuilder`] records, for each piece, where it came
//! from, so every offset of the text maps back to the file byte a person would look at:
//! a copied run maps byte for byte, a decoded entity maps to the entity's first byte, and an
//! inserted piece to the markup that implies it.
//!
//! Invariants: blocks come out in text order, never empty and never overlapping, trimmed of
//! surrounding whitespace; pieces are appended in text order (their file offsets may go back,
//! as a JSON object's title after its text).

use std::ops::Range;

use super::{Block, BlockRole, SourceMap};
use crate::diagnostics::{Diagnostic, Severity};

/// One piece of a document's text and where it comes from in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// The file's bytes in this range, valid UTF-8, copied as they are.
    Copied(Range<usize>),
    /// Text decoded from the file's bytes in this range (an entity, an escape).
    Decoded(String, Range<usize>),
    /// Text the markup implies, placed at this file offset (a `<q>` tag's quotation mark).
    Inserted(&'static str, usize),
}

/// The text of a document being built, its source map and its blocks.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder {
    text: String,
    map: SourceMap,
    blocks: Vec<Block>,
    open: Option<(usize, BlockRole)>,
    /// File offset of the source the pieces index (a JSONL record's line).
    base: usize,
}

impl TextBuilder {
    /// A builder for pieces indexing a source that starts at file offset `base`.
    pub(crate) fn at_offset(base: usize) -> Self {
        Self {
            base,
            ..Self::default()
        }
    }

    /// Appends a piece of `source`.
    pub(crate) fn push(&mut self, piece: &Piece, source: &str) {
        let base = self.base;
        match piece {
            Piece::Copied(range) => {
                self.map.push(self.text.len(), base + range.start);
                self.text.push_str(&source[range.clone()]);
            }
            Piece::Decoded(decoded, range) => {
                self.map.push(self.text.len(), base + range.start);
                self.text.push_str(decoded);
                self.map.push(self.text.len(), base + range.end);
            }
            Piece::Inserted(inserted, at) => {
                self.map.push(self.text.len(), base + at);
                self.text.push_str(inserted);
                self.map.push(self.text.len(), base + at);
            }
        }
    }

    /// Text between blocks (a paragraph break), mapped to `at` in the source.
    pub(crate) fn separate(&mut self, at: usize) {
        if !self.text.is_empty() {
            self.push(&Piece::Inserted("\n\n", at), "");
        }
    }

    /// Starts a block: what is pushed until [`Self::end_block`] is its text.
    pub(crate) fn begin_block(&mut self, role: BlockRole, at: usize) {
        self.end_block();
        self.separate(at);
        self.open = Some((self.text.len(), role));
    }

    /// Ends the open block, if any; a block of whitespace only is dropped.
    pub(crate) fn end_block(&mut self) {
        let Some((start, role)) = self.open.take() else {
            return;
        };
        let raw = &self.text[start..];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim().len();
        if trimmed > 0 {
            self.blocks
                .push(Block::new(start + lead..start + lead + trimmed, role));
        }
    }

    /// Gives the open block another role (a heading found to be the headline).
    pub(crate) fn retitle_open_block(&mut self, role: BlockRole) {
        if let Some(open) = &mut self.open {
            open.1 = role;
        }
    }

    pub(crate) fn has_open_block(&self) -> bool {
        self.open.is_some()
    }

    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn finish(mut self) -> (String, SourceMap, Vec<Block>) {
        self.end_block();
        (self.text, self.map, self.blocks)
    }
}

/// Replaces each byte of an invalid UTF-8 sequence with U+001A (SUBSTITUTE), one byte for one
/// byte, so a marked-up file can be parsed as text with every offset unchanged; warns once,
/// at the first bad byte, with the number of sequences replaced.
pub(crate) fn substitute_invalid_utf8<'a>(
    path: &str,
    bytes: &'a [u8],
    diagnostics: &mut Vec<Diagnostic>,
) -> std::borrow::Cow<'a, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut text = String::with_capacity(bytes.len());
    let mut first_bad = None;
    let mut sequences = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            first_bad.get_or_insert(text.len());
            sequences += 1;
            text.extend(std::iter::repeat_n('\u{1A}', chunk.invalid().len()));
        }
    }
    let at = first_bad.unwrap_or(0);
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    diagnostics.push(Diagnostic::at(
        Severity::Warning,
        path,
        (line, super::count_scalars(&bytes[line_start..at]) + 1),
        "invalid-utf8",
        format!(
            "{sequences} invalid UTF-8 sequence(s), the first at byte {at}, read as U+001A; \
             re-save the file as UTF-8"
        ),
    ));
    std::borrow::Cow::Owned(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_and_inserted_pieces_map_to_their_markup() {
        // `&ldquo;` at 3..10 decodes to one character; the text after it maps byte for byte.
        let file = "<p>&ldquo;Yes<q>no</q></p>";
        let mut builder = TextBuilder::default();
        builder.begin_block(BlockRole::Paragraph, 0);
        builder.push(&Piece::Decoded("“".to_string(), 3..10), file);
        builder.push(&Piece::Copied(10..13), file);
        builder.push(&Piece::Inserted("‘", 13), file);
        builder.push(&Piece::Copied(16..18), file);
        let (text, map, blocks) = builder.finish();
        assert_eq!(text, "“Yes‘no");
        assert_eq!(blocks[0].span(), 0..text.len());
        assert_eq!(map.file_offset(0), 3);
        assert_eq!(map.file_offset("“".len()), 10, "Y");
        assert_eq!(
            map.file_offset("“Yes".len()),
            13,
            "the inserted mark sits at <q>"
        );
        assert_eq!(map.file_offset("“Yes‘".len()), 16, "n");
    }
}
