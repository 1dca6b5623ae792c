//! Extract: find every quotation in a document.
//!
//! One left-to-right scan over the document's blocks with a table of opening → closing marks
//! (the private `marks` module), never pairing marks by count. Context decides what a straight
//! `"` or `'`, or a `’`, is: an apostrophe (don’t, the union’s, ’90s, rock ’n’ roll), an opening
//! mark or a closing one. A quote opened inside another is recorded in the outer quote's
//! `nested` list. A quote that runs over paragraphs in the news convention (no closing mark at
//! the end of a paragraph, an opening mark at the start of the next) is one quote with one
//! segment per paragraph.
//!
//! Copy that breaks the conventions is read the way a person reads it, and each guess is a
//! warning diagnostic saying what was assumed:
//! - a paragraph that does not repeat the opening mark but closes the quote continues it;
//! - an orphan closing mark ending a paragraph right after a quoted paragraph makes that
//!   paragraph a quote;
//! - an opening mark that is never closed is taken to the end of its paragraph.
//!
//! Nothing may swallow the rest of a document: a quote continues into another paragraph only
//! under the rules above, and never over more than [`MAX_QUOTE_PARAGRAPHS`].
//!
//! Invariants: quotes come out in document order; every segment lies on char boundaries inside
//! its block and excludes the marks and the whitespace next to them; the scan is linear in the
//! size of the text.

pub(crate) mod classify;
mod marks;

use std::borrow::Cow;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::corpus::{Block, BlockRole, DocKind, Document};
use crate::diagnostics::{Diagnostic, Severity};
use marks::{Action, Family, MarkContext};

/// A quote never spans more paragraphs than this; longer runs are cut with a warning.
pub const MAX_QUOTE_PARAGRAPHS: usize = 30;
/// Quotes nested deeper than this are not tracked (the marks are ignored, with a warning).
pub const MAX_NESTING: usize = 8;
/// Scan warnings of one kind reported per document before the rest are only counted.
const MAX_SCAN_WARNINGS: usize = 20;

/// What sort of quotation a quote is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A clause or sentence quoted on its own.
    Direct,
    /// A few words embedded in the writer's own sentence.
    Fragment,
    /// A quote in the headline or a sub-heading.
    Headline,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Fragment => "fragment",
            Self::Headline => "headline",
        }
    }
}

/// One quotation: where its words are in the document text, and what sort it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Byte ranges of [`Document::text`], one per paragraph, each inside the marks and trimmed
    /// (boxed, as the nested ranges: never grown once found, so no room is kept to grow).
    pub segments: Box<[Range<usize>]>,
    /// Quotes inside this one (byte ranges of the text, in order).
    pub nested: Box<[Range<usize>]>,
    /// Index (in the document's quotes) of the quote this one resumes after an interruption
    /// (`“We are ready,” she said, “to talk.”`). This and the offsets below are 32-bit (see
    /// [`crate::narrow`]): a corpus holds a quote by the million.
    continues: Option<u32>,
    pub kind: QuoteKind,
    /// Index of the block the quote starts in.
    block: u32,
    /// Byte offset of the opening mark, or of the paragraph start when the mark is missing.
    open_at: u32,
    /// Byte offset just past the closing mark (or the end of the last segment).
    close_end: u32,
    /// In a transcript, the speaker label the words follow (`VENN:`), as a byte range.
    speaker_label: Option<Range<u32>>,
}

impl Quote {
    /// Index (in the document's quotes) of the quote this one resumes after an interruption.
    pub fn continues(&self) -> Option<usize> {
        self.continues.map(|first| first as usize)
    }

    /// Index of the block the quote starts in.
    pub fn block(&self) -> usize {
        self.block as usize
    }

    /// Byte offset of the opening mark, or of the paragraph start when the mark is missing.
    pub fn open_at(&self) -> usize {
        self.open_at as usize
    }

    /// Byte offset just past the closing mark (or the end of the last segment).
    pub fn close_end(&self) -> usize {
        self.close_end as usize
    }

    /// In a transcript, the speaker label the words follow (`VENN:`), as a byte range.
    pub fn speaker_label(&self) -> Option<Range<usize>> {
        self.speaker_label.as_ref().map(crate::widen)
    }

    pub fn start(&self) -> usize {
        self.segments[0].start
    }

    pub fn end(&self) -> usize {
        self.segments[self.segments.len() - 1].end
    }

    /// The quoted words: the segments joined by one space (borrowed when there is one).
    pub fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match &*self.segments {
            [single] => Cow::Borrowed(&text[single.clone()]),
            segments => Cow::Owned(
                segments
                    .iter()
                    .map(|s| &text[s.clone()])
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }
}

/// Quoted words that are not a quotation, and why (listed with `--verbose`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub span: Range<usize>,
    #[serde(deserialize_with = "crate::cache::interned")]
    pub reason: crate::cache::Name,
}

/// Everything the extractor found in one document.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Extraction {
    pub quotes: Vec<Quote>,
    pub rejected: Vec<Rejected>,
    pub diagnostics: Vec<Diagnostic>,
    /// The body's fingerprint ([`body_hash`]): documents with the same one are syndicated
    /// copies. Found with the quotes, so a cached document is not read again for it.
    pub body: Option<u64>,
}

/// Finds the quotations of a document.
pub fn extract(doc: &Document) -> Extraction {
    let mut scanner = Scanner::new(doc);
    for index in 0..doc.blocks.len() {
        scanner.scan_block(index);
    }
    scanner.finish_document();
    let Scanner {
        raw, diagnostics, ..
    } = scanner;
    let (quotes, rejected) = classify::classify(doc, raw);
    Extraction {
        quotes,
        rejected,
        diagnostics,
        body: body_hash(doc),
    }
}

/// A hash of a document's body (its blocks but the headline, words compared case-blind):
/// identical bodies are syndicated copies. `None` for a body without words. (Holding the
/// bodies themselves would keep the corpus in memory twice.)
pub fn body_hash(doc: &Document) -> Option<u64> {
    // The body's letters and digits, lower-cased, with one separator for each run of anything
    // else between them: hashed in one go.
    let mut letters: Vec<u8> = Vec::with_capacity(doc.text.len());
    let mut utf8 = [0; 4];
    for block in doc.blocks.iter().filter(|b| b.role != BlockRole::Title) {
        for c in doc.text[block.span()].chars().chain([' ']) {
            if c.is_ascii_alphanumeric() {
                letters.push(c.to_ascii_lowercase() as u8);
            } else if c.is_alphanumeric() {
                for lower in c.to_lowercase() {
                    letters.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
                }
            } else if letters.last().is_some_and(|&last| last != SEPARATOR) {
                letters.push(SEPARATOR);
            }
        }
    }
    (!letters.is_empty()).then(|| xxhash_rust::xxh3::xxh3_64(&letters))
}

/// Stands for the spaces and punctuation between words in [`body_hash`] (a control character:
/// never a letter's byte).
const SEPARATOR: u8 = 0x1f;

/// A quote as the scan found it, before it is classified.
#[derive(Debug, Clone)]
struct RawQuote {
    segments: Vec<Range<usize>>,
    nested: Vec<Range<usize>>,
    block: usize,
    open_at: usize,
    close_end: usize,
    /// The opening mark was missing (the paragraph was read as a quote).
    inferred_open: bool,
    /// A transcript's speaker label (`VENN:`) the words follow.
    speaker_label: Option<Range<usize>>,
}

/// A mark opened and not yet closed.
#[derive(Debug, Clone)]
struct OpenMark {
    family: Family,
    content_start: usize,
}

/// The top-level quote being read, possibly over several paragraphs.
#[derive(Debug, Clone)]
struct Pending {
    family: Family,
    /// The opening mark as written, for messages.
    mark: marks::Mark,
    mark_at: usize,
    first_block: usize,
    segments: Vec<Range<usize>>,
    nested: Vec<Range<usize>>,
}

/// How the block being scanned relates to a quote left open by the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carry {
    None,
    /// News convention: this block opens with a mark that resumes the quote.
    Reopen,
    /// This block does not reopen; its first mark must close the quote, else it was unclosed.
    Probe,
}

struct Scanner<'d> {
    doc: &'d Document,
    text: &'d str,
    raw: Vec<RawQuote>,
    diagnostics: Vec<Diagnostic>,
    /// Warnings issued so far, per code.
    warnings: Vec<(&'static str, usize)>,
    /// stack[0] is the top-level quote; the rest are nested in it.
    stack: Vec<OpenMark>,
    pending: Option<Pending>,
    carry: Carry,
    /// Where the previous block's last top-level quote closed, and how many words followed it.
    previous_block_quote_tail: Option<usize>,
}

impl<'d> Scanner<'d> {
    fn new(doc: &'d Document) -> Self {
        Self {
            doc,
            text: &doc.text,
            raw: Vec::new(),
            diagnostics: Vec::new(),
            warnings: Vec::new(),
            stack: Vec::new(),
            pending: None,
            carry: Carry::None,
            previous_block_quote_tail: None,
        }
    }

    fn warn(&mut self, at: usize, code: &'static str, message: String) {
        let index = match self.warnings.iter().position(|(c, _)| *c == code) {
            Some(index) => index,
            None => {
                self.warnings.push((code, 0));
                self.warnings.len() - 1
            }
        };
        self.warnings[index].1 += 1;
        if self.warnings[index].1 <= MAX_SCAN_WARNINGS {
            self.diagnostics.push(Diagnostic::at(
                Severity::Warning,
                &self.doc.path,
                self.doc.line_col(at),
                code,
                message,
            ));
        }
    }

    fn where_is(&self, at: usize) -> String {
        let (line, column) = self.doc.line_col(at);
        format!("{line}:{column}")
    }

    fn scan_block(&mut self, index: usize) {
        let block = &self.doc.blocks[index];
        let span = block.span();
        if self.doc.meta.kind == DocKind::Transcript
            && self.pending.is_none()
            && let Some(label) = speaker_label(&self.text[span.clone()])
        {
            // A transcript's speech is its speaker's own words, with no marks around them.
            let words = trim(self.text, span.start + label.end..span.end);
            if !words.is_empty() {
                self.raw.push(RawQuote {
                    segments: vec![words],
                    nested: Vec::new(),
                    block: index,
                    open_at: span.start,
                    close_end: span.end,
                    inferred_open: true,
                    speaker_label: Some(span.start..span.start + label.start),
                });
            }
            self.previous_block_quote_tail = None;
            return;
        }
        let mut context = MarkContext::new(self.text, span.clone());
        let mut quotes_closed_here = 0usize;
        let mut last_close_end = None;
        let mut first_event = true;
        let mut cursor = span.start;

        let carried = self.pending.as_ref().map(|p| p.family);
        match (self.carry, carried) {
            (Carry::Reopen, Some(family)) => {
                // The opening mark that resumes the quote is the block's first character.
                let mark_len = marks::mark_at(self.text, span.start).map_or(0, |(len, _)| len);
                cursor = span.start + mark_len;
                self.stack.push(OpenMark {
                    family,
                    content_start: cursor,
                });
                first_event = false;
                self.carry = Carry::None;
            }
            (Carry::Probe, Some(family)) => self.stack.push(OpenMark {
                family,
                content_start: span.start,
            }),
            _ => self.carry = Carry::None,
        }

        while let Some(at) = marks::next_candidate(self.text, cursor, span.end) {
            let Some((len, mark)) = marks::mark_at(self.text, at) else {
                cursor = at + 1;
                continue;
            };
            cursor = at + len;
            let mut families = [Family::CurlyDouble; MAX_NESTING];
            for (slot, open) in families.iter_mut().zip(&self.stack) {
                *slot = open.family;
            }
            let action = context.decide(mark, at, len, &families[..self.stack.len()]);
            if self.carry == Carry::Probe && first_event && !matches!(action, Action::Ignore) {
                first_event = false;
                self.carry = Carry::None;
                if action != Action::Close(0) {
                    self.close_unclosed();
                    // Read this mark again with nothing open.
                    cursor = at;
                    continue;
                }
                let pending_at = self.pending.as_ref().map_or(at, |p| p.mark_at);
                let message = format!(
                    "the quote opened at {} runs on into this paragraph without a new opening \
                     mark; read the two paragraphs as one quote",
                    self.where_is(pending_at)
                );
                self.warn(span.start, "quote-runs-on", message);
            }
            match action {
                Action::Ignore if mark.only_opens() || mark == marks::Mark::LeftDouble => {
                    let followed = self.text[at + len..span.end]
                        .chars()
                        .next()
                        .is_some_and(|c| !c.is_whitespace());
                    if !followed {
                        let message = format!(
                            "opening mark {mark} at {} is followed by no words; ignored (delete it if it is a \
                             typo)",
                            self.where_is(at)
                        );
                        self.warn(at, "stray-opening-mark", message);
                    }
                }
                Action::Ignore => {}
                Action::Open(family) => {
                    first_event = false;
                    if self.stack.len() >= MAX_NESTING {
                        let message = format!(
                            "quotes nested more than {MAX_NESTING} deep; this mark is ignored (look for a \
                             closing mark missing before it)"
                        );
                        self.warn(at, "nesting-too-deep", message);
                        continue;
                    }
                    if self.stack.is_empty() {
                        self.pending = Some(Pending {
                            family,
                            mark,
                            mark_at: at,
                            first_block: index,
                            segments: Vec::new(),
                            nested: Vec::new(),
                        });
                    }
                    self.stack.push(OpenMark {
                        family,
                        content_start: at + len,
                    });
                }
                Action::Close(depth) => {
                    first_event = false;
                    self.stack.truncate(depth + 1);
                    let open = self.stack.pop().expect("depth is on the stack");
                    let content = trim(self.text, open.content_start..at);
                    let pending = self.pending.as_mut().expect("an open quote is pending");
                    if depth > 0 {
                        if !content.is_empty() {
                            pending.nested.push(content);
                        }
                        continue;
                    }
                    let mut pending = self.pending.take().expect("checked");
                    if !content.is_empty() {
                        pending.segments.push(content);
                    }
                    quotes_closed_here += 1;
                    last_close_end = Some(at + len);
                    self.emit(pending, at + len);
                }
                Action::Orphan => {
                    let was_first = first_event;
                    first_event = false;
                    let rest = &self.text[at + len..span.end];
                    let ends_paragraph = rest.trim().is_empty();
                    let quoted_before = self.previous_block_quote_tail.is_some();
                    if was_first
                        && ends_paragraph
                        && quoted_before
                        && self.stack.is_empty()
                        && !classify::opens_with_attribution(&self.text[span.start..at])
                    {
                        let content = trim(self.text, span.start..at);
                        if !content.is_empty() {
                            let message = format!(
                                "closing mark {mark} at {} has no opening mark; read its \
                                 paragraph as a quote continuing the quoted paragraph before it \
                                 (if it is not, add the opening mark)",
                                self.where_is(at)
                            );
                            self.warn(at, "orphan-closing-mark", message);
                            self.raw.push(RawQuote {
                                segments: vec![content],
                                nested: Vec::new(),
                                block: index,
                                open_at: span.start,
                                close_end: at + len,
                                inferred_open: true,
                                speaker_label: None,
                            });
                            quotes_closed_here += 1;
                            last_close_end = Some(at + len);
                        }
                    } else if mark.is_unambiguous_closer() {
                        let message = format!(
                            "closing mark {mark} at {} has no opening mark; ignored (add the opening mark, \
                             or delete this one)",
                            self.where_is(at)
                        );
                        self.warn(at, "orphan-closing-mark", message);
                    }
                }
            }
        }

        if self.carry == Carry::Probe {
            // No mark at all in this block: the quote did not run on.
            self.carry = Carry::None;
            self.close_unclosed();
        }
        self.end_block(index);
        self.previous_block_quote_tail = match last_close_end {
            Some(end) if quotes_closed_here > 0 && self.pending.is_none() => {
                let words_after = self.text[end..span.end].split_whitespace().take(9).count();
                (words_after <= 8).then_some(end)
            }
            _ => None,
        };
    }

    /// The quote still open was never closed (the probed paragraph did not close it, or the
    /// document ended): it ends with its last paragraph, and a warning says so.
    fn close_unclosed(&mut self) {
        self.stack.clear();
        if let Some(pending) = self.pending.take() {
            let end = pending.segments.last().map_or(pending.mark_at, |s| s.end);
            self.warn_unclosed(&pending);
            self.emit(pending, end);
        }
    }

    fn warn_unclosed(&mut self, pending: &Pending) {
        let message = format!(
            "opening mark {} at {} is never closed; took the quote to the end of its paragraph \
             (add the closing mark where the quote ends)",
            pending.mark,
            self.where_is(pending.mark_at)
        );
        self.warn(pending.mark_at, "unclosed-quote", message);
    }

    /// At the end of a block: decide what becomes of a quote still open.
    fn end_block(&mut self, index: usize) {
        let Some(top) = self.stack.first().cloned() else {
            return;
        };
        let span = self.doc.blocks[index].span();
        let segment = trim(self.text, top.content_start..span.end);
        let pending = self.pending.as_mut().expect("an open quote is pending");
        // Marks nested in the paragraph and never closed were not quotes.
        self.stack.truncate(1);
        if !segment.is_empty() {
            pending.segments.push(segment.clone());
        }
        let segment_text = &self.text[segment.clone()];
        let ends_sentence = segment_text
            .trim_end()
            .ends_with(['.', '!', '?', ':', ';', '…', '—', '–', '-', ',']);
        let next = self.doc.blocks.get(index + 1);
        let too_long = pending.segments.len() >= MAX_QUOTE_PARAGRAPHS;
        // Only a quotation standing on its own (at a sentence start, after a colon, comma or
        // cue) runs on into the next paragraph; a stray mark inside a sentence does not.
        let first_block = self.doc.blocks[pending.first_block].span();
        let can_continue = ends_sentence
            && !too_long
            && classify::opens_standalone(self.text, &first_block, pending.mark_at);
        let reopens = next.is_some_and(|b| starts_with_reopening(self.text, b, top.family));
        self.stack.clear();
        if can_continue && reopens {
            self.carry = Carry::Reopen;
        } else if can_continue && next.is_some_and(|b| b.role == BlockRole::Paragraph) {
            self.carry = Carry::Probe;
        } else {
            let pending = self.pending.take().expect("checked");
            if too_long {
                let message = format!(
                    "the quote opened at {} runs over more than {MAX_QUOTE_PARAGRAPHS} paragraphs; \
                     cut it here (add the closing mark where the quote ends)",
                    self.where_is(pending.mark_at)
                );
                self.warn(pending.mark_at, "unclosed-quote", message);
            } else {
                self.warn_unclosed(&pending);
            }
            self.emit(pending, span.end);
        }
    }

    fn finish_document(&mut self) {
        self.close_unclosed();
        for &(code, count) in &self.warnings {
            if count > MAX_SCAN_WARNINGS {
                self.diagnostics.push(Diagnostic::file(
                    Severity::Warning,
                    &self.doc.path,
                    code,
                    format!(
                        "{} more {code} warnings in this file were not listed",
                        count - MAX_SCAN_WARNINGS
                    ),
                ));
            }
        }
    }

    fn emit(&mut self, pending: Pending, close_end: usize) {
        if pending.segments.is_empty() {
            return;
        }
        self.raw.push(RawQuote {
            segments: pending.segments,
            nested: pending.nested,
            block: pending.first_block,
            open_at: pending.mark_at,
            close_end,
            inferred_open: false,
            speaker_label: None,
        });
    }
}

/// `VENN: Thank you…`: the speaker label opening a transcript paragraph — the label's length
/// (`start`) and where the words begin after the colon (`end`), relative to the paragraph.
fn speaker_label(paragraph: &str) -> Option<Range<usize>> {
    const MAX_LABEL: usize = 40;
    let colon = paragraph
        .char_indices()
        .take(MAX_LABEL)
        .find(|&(_, c)| c == ':')
        .map(|(i, _)| i)?;
    let label = &paragraph[..colon];
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let upper = label
        .chars()
        .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '’' | '-'));
    (letters >= 2 && upper).then_some(colon..colon + 1)
}

/// Whether a block opens with a mark that resumes a quote of `family` (news convention).
fn starts_with_reopening(text: &str, block: &Block, family: Family) -> bool {
    marks::mark_at(text, block.span().start).is_some_and(|(_, mark)| mark.reopens(family))
}

/// A range without the whitespace (including no-break and thin spaces) at its ends.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    if range.start >= range.end {
        return range.start..range.start;
    }
    let raw = &text[range.clone()];
    let trimmed_start = raw.trim_start();
    let start = range.start + (raw.len() - trimmed_start.len());
    let end = start + trimmed_start.trim_end().len();
    start..end
}

#[cfg(test)]
mod tests;
