//! The `.txt` format: an article as a reader would copy it from the page, optionally opened by a
//! front-matter block (`---`, `key: value` lines, `---`).
//!
//! The text is the file decoded (a byte-order mark dropped, invalid bytes replaced by U+FFFD and
//! reported); line breaks are kept, so text offsets are file offsets up to the shift and the
//! replacements the source map records. Paragraphs are runs of lines between blank lines; a run
//! whose lines are all short is one hard-wrapped paragraph, otherwise each line is a paragraph
//! (copy pasted from the web often has no blank lines).

use std::ops::Range;

use super::{Block, BlockRole, DocKind, LineIndex, Loaded, Loader, Meta, SourceMap, assemble};
use crate::diagnostics::{Diagnostic, Severity};
use crate::lexicon;

/// Invalid-UTF-8 warnings reported per file before they are summarised.
const MAX_ENCODING_WARNINGS: usize = 20;
/// How far into a file a NUL byte marks it as binary.
const BINARY_SNIFF_BYTES: usize = 64 * 1024;
/// Lines a front-matter block may span before it is taken for text.
const MAX_FRONT_MATTER_LINES: usize = 100;
/// A line longer than this (in bytes) never belongs to a hard-wrapped paragraph.
const HARD_WRAP_MAX_LINE: usize = 100;
/// A line shorter than this (in bytes) does not show that a run is hard-wrapped.
const HARD_WRAP_MIN_LINE: usize = 40;

/// Twelve words of news copy never take more bytes than this.
const MAX_SUBHEADING_BYTES: usize = 200;

pub struct TxtLoader;

impl Loader for TxtLoader {
    fn extensions(&self) -> &'static [&'static str] {
        &["txt", "text"]
    }

    fn reads(&self) -> &'static str {
        "UTF-8 text articles"
    }

    fn load_text(&self, path: &str, bytes: &[u8]) -> Loaded {
        let mut loaded = Loaded::default();
        let decoded = decode(path, bytes, &mut loaded.diagnostics);
        if decoded.text.trim().is_empty() {
            loaded
                .diagnostics
                .push(super::empty_warning(path, "the file is empty"));
        }
        let lines = if decoded.exact {
            LineIndex::for_shifted_text(bytes, decoded.shift)
        } else {
            LineIndex::for_original(bytes, decoded.shift)
        };
        let layout = lay_out(&decoded.text);
        loaded.diagnostics.extend(front_matter_diagnostics(
            path,
            &layout.front_matter_warnings,
        ));
        loaded.documents.push(assemble(
            path,
            layout.title,
            layout.meta,
            decoded.text,
            layout.blocks,
            decoded.map,
            lines,
        ));
        loaded
    }
}

pub(super) fn binary_problem(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some("UTF-16 text; convert it to UTF-8".to_string());
    }
    let sniffed = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    memchr::memchr(0, sniffed).map(|at| format!("binary file (NUL byte at offset {at})"))
}

struct Decoded {
    text: String,
    map: SourceMap,
    /// Bytes after `shift` are the text's bytes exactly.
    exact: bool,
    shift: usize,
}

fn decode(path: &str, bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Decoded {
    let shift = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &bytes[shift..];
    if let Ok(text) = std::str::from_utf8(body) {
        return Decoded {
            text: text.to_string(),
            map: SourceMap::shifted(shift),
            exact: true,
            shift,
        };
    }
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
        .collect();
    let mut text = String::with_capacity(body.len() + 16);
    let mut map = SourceMap::shifted(shift);
    let mut file_offset = shift;
    let mut bad_sequences = 0usize;
    for chunk in body.utf8_chunks() {
        text.push_str(chunk.valid());
        file_offset += chunk.valid().len();
        let invalid = chunk.invalid();
        if invalid.is_empty() {
            continue;
        }
        bad_sequences += 1;
        if bad_sequences <= MAX_ENCODING_WARNINGS {
            let line = line_starts.partition_point(|&s| s <= file_offset);
            // A byte-order mark is not a character of line 1.
            let line_start = line_starts[line - 1].max(shift);
            let column = super::count_scalars(&bytes[line_start..file_offset]) + 1;
            let shown: Vec<String> = invalid.iter().map(|b| format!("\\x{b:02X}")).collect();
            diagnostics.push(Diagnostic::at(
                Severity::Warning,
                path,
                (line, column),
                "invalid-utf8",
                format!(
                    "invalid UTF-8 ({}) at byte {file_offset}, replaced with U+FFFD; \
                     re-save the file as UTF-8",
                    shown.join("")
                ),
            ));
        }
        map.push(text.len(), file_offset);
        text.push('\u{FFFD}');
        file_offset += invalid.len();
        map.push(text.len(), file_offset);
    }
    if bad_sequences > MAX_ENCODING_WARNINGS {
        diagnostics.push(Diagnostic::file(
            Severity::Warning,
            path,
            "invalid-utf8",
            format!(
                "{} more invalid UTF-8 sequences replaced with U+FFFD; re-save the file as UTF-8",
                bad_sequences - MAX_ENCODING_WARNINGS
            ),
        ));
    }
    Decoded {
        text,
        map,
        exact: false,
        shift,
    }
}

/// A line of the text: its byte range without the line break (and without a CR before it).
#[derive(Debug, Clone)]
struct Line {
    span: Range<usize>,
    number: usize,
}

fn split_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (number, end) in memchr::memchr_iter(b'\n', bytes)
        .chain(std::iter::once(bytes.len()))
        .enumerate()
    {
        let mut content_end = end;
        if content_end > start && bytes[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        lines.push(Line {
            span: start..content_end,
            number: number + 1,
        });
        start = end + 1;
        if start > bytes.len() {
            break;
        }
    }
    lines
}

struct Layout {
    title: Option<String>,
    meta: Meta,
    blocks: Vec<Block>,
    front_matter_warnings: Vec<(usize, String)>,
}

fn lay_out(text: &str) -> Layout {
    let lines = split_lines(text);
    let mut meta = Meta::default();
    let mut warnings = Vec::new();
    let front = front_matter(text, &lines, &mut meta, &mut warnings);
    let (title, blocks) = lay_out_body(text, &lines[front.body_from..], front.title, true);
    Layout {
        title,
        meta,
        blocks,
        front_matter_warnings: warnings,
    }
}

/// Lays out the `text` field of a record as a plain-text body: paragraphs and teasers, with
/// `title` (its span in `text`) as the headline; a record without a title has none, since its
/// format keeps the headline apart from the text. Returns the title and the blocks.
pub(super) fn lay_out_record_body(
    text: &str,
    body_from: usize,
    title: Option<Range<usize>>,
) -> (Option<String>, Vec<Block>) {
    let lines = split_lines(text);
    let first_body_line = lines.partition_point(|l| l.span.start < body_from);
    let detect_headline = false;
    lay_out_body(text, &lines[first_body_line..], title, detect_headline)
}

/// Paragraphs, teasers and the headline of a body: `title_span` where the file names its
/// title, else (with `detect_headline`) the first headline-like line.
fn lay_out_body(
    text: &str,
    body_lines: &[Line],
    title_span: Option<Range<usize>>,
    detect_headline: bool,
) -> (Option<String>, Vec<Block>) {
    let mut blocks = paragraph_blocks(text, body_lines);
    super::mark_boilerplate(text, &mut blocks);
    let mut title = None;
    if let Some(span) = title_span {
        let fm_title = text[span.clone()].to_string();
        let repeated = blocks
            .iter()
            .position(|b| text[b.span()].trim() == fm_title.trim());
        match repeated {
            Some(index) if index <= 2 => blocks[index].role = BlockRole::Title,
            _ => blocks.insert(0, Block::new(span, BlockRole::Title)),
        }
        title = Some(fm_title);
    } else if let Some(index) = headline_block(text, &blocks).filter(|_| detect_headline) {
        blocks[index].role = BlockRole::Title;
        title = Some(text[blocks[index].span()].to_string());
    }
    (title, blocks)
}

/// The warnings of a front-matter block (by line) as diagnostics of `path`.
pub(super) fn front_matter_diagnostics<'a>(
    path: &'a str,
    warnings: &'a [(usize, String)],
) -> impl Iterator<Item = Diagnostic> + 'a {
    warnings.iter().map(move |(line, message)| {
        Diagnostic::at(
            Severity::Warning,
            path,
            (*line, 1),
            "front-matter",
            message.clone(),
        )
    })
}

/// A leading front-matter block of `text`: its metadata, the title's span, the byte offset the
/// body starts at, and warnings by line number.
pub(super) struct FrontMatterBlock {
    pub meta: Meta,
    pub title: Option<Range<usize>>,
    pub body_from: usize,
    pub warnings: Vec<(usize, String)>,
}

pub(super) fn leading_front_matter(text: &str) -> FrontMatterBlock {
    let lines = split_lines(text);
    let mut meta = Meta::default();
    let mut warnings = Vec::new();
    let front = front_matter(text, &lines, &mut meta, &mut warnings);
    FrontMatterBlock {
        meta,
        title: front.title,
        body_from: lines
            .get(front.body_from)
            .map_or(text.len(), |l| l.span.start),
        warnings,
    }
}

struct FrontMatter {
    body_from: usize,
    title: Option<Range<usize>>,
}

fn front_matter(
    text: &str,
    lines: &[Line],
    meta: &mut Meta,
    warnings: &mut Vec<(usize, String)>,
) -> FrontMatter {
    let none = FrontMatter {
        body_from: 0,
        title: None,
    };
    if lines
        .first()
        .is_none_or(|l| text[l.span.clone()].trim_end() != "---")
    {
        return none;
    }
    let Some(close) = lines
        .iter()
        .take(MAX_FRONT_MATTER_LINES)
        .skip(1)
        .position(|l| matches!(text[l.span.clone()].trim_end(), "---" | "..."))
        .map(|i| i + 1)
    else {
        warnings.push((
            1,
            "front matter opened with `---` is never closed; read the file as plain text"
                .to_string(),
        ));
        return none;
    };
    let mut title = None;
    for line in &lines[1..close] {
        let raw = &text[line.span.clone()];
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, _)) = raw.split_once(':') else {
            warnings.push((
                line.number,
                format!("front-matter line {raw:?} is not `key: value`; ignored"),
            ));
            continue;
        };
        let value = value_span(text, line.span.start + key.len() + 1, line.span.end);
        let value_text = text[value.clone()].to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" | "headline" => title = (!value.is_empty()).then_some(value),
            "outlet" | "source" | "publisher" => meta.outlet = non_empty(value_text),
            "date" | "published" => meta.date = non_empty(value_text),
            "url" | "link" => meta.url = non_empty(value_text),
            "kind" | "type" => match value_text.to_ascii_lowercase().as_str() {
                "article" | "" => meta.kind = DocKind::Article,
                "transcript" => meta.kind = DocKind::Transcript,
                other => warnings.push((
                    line.number,
                    format!(
                        "unknown kind {other:?}: use `article` or `transcript`; read as article"
                    ),
                )),
            },
            _ => {}
        }
    }
    FrontMatter {
        body_from: close + 1,
        title,
    }
}

/// The value of a `key: value` line: trimmed, and without quotes that wrap all of it.
fn value_span(text: &str, start: usize, end: usize) -> Range<usize> {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    let (mut s, mut e) = (start + lead, start + lead + trimmed.len());
    for wrap in ['"', '\''] {
        if trimmed.len() >= 2 && trimmed.starts_with(wrap) && trimmed.ends_with(wrap) {
            let inner = &trimmed[1..trimmed.len() - 1];
            if !inner.contains(wrap) {
                s += 1;
                e -= 1;
            }
        }
    }
    s..e
}

fn non_empty(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// Paragraph blocks of the body lines.
fn paragraph_blocks(text: &str, lines: &[Line]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut run: Vec<&Line> = Vec::new();
    let flush = |run: &mut Vec<&Line>, blocks: &mut Vec<Block>| {
        if run.is_empty() {
            return;
        }
        let widths: Vec<usize> = run
            .iter()
            .map(|l| text[l.span.clone()].trim().len())
            .collect();
        let hard_wrapped = run.len() > 1
            && widths[..widths.len() - 1]
                .iter()
                .all(|&w| (HARD_WRAP_MIN_LINE..=HARD_WRAP_MAX_LINE).contains(&w));
        if hard_wrapped {
            let span = trim_span(text, run[0].span.start..run[run.len() - 1].span.end);
            blocks.push(Block::new(span, BlockRole::Paragraph));
        } else {
            let single = run.len() == 1;
            for line in run.iter() {
                let span = trim_span(text, line.span.clone());
                let role = if single && is_subheading(&text[span.clone()]) {
                    BlockRole::Subheading
                } else {
                    BlockRole::Paragraph
                };
                blocks.push(Block::new(span, role));
            }
        }
        run.clear();
    };
    for line in lines {
        if text[line.span.clone()].trim().is_empty() {
            flush(&mut run, &mut blocks);
        } else {
            run.push(line);
        }
    }
    flush(&mut run, &mut blocks);
    blocks
}

fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let raw = &text[span.clone()];
    let lead = raw.len() - raw.trim_start().len();
    span.start + lead..span.start + lead + raw.trim().len()
}

const QUOTE_MARKS: &[char] = &[
    '"', '\'', '“', '”', '‘', '’', '„', '‚', '«', '»', '‹', '›', '「', '」', '″',
];

/// A one-line paragraph between blank lines that reads like a sub-heading: at most twelve words,
/// no sentence-final punctuation, not a quotation standing alone.
fn is_subheading(line: &str) -> bool {
    const MAX_WORDS: usize = 12;
    if line.len() > MAX_SUBHEADING_BYTES {
        return false;
    }
    let words = line.split_whitespace().take(MAX_WORDS + 1).count();
    let Some(last) = line.trim_end_matches(QUOTE_MARKS).chars().last() else {
        return false;
    };
    let first = line.chars().next().unwrap_or(' ');
    let quote_only = QUOTE_MARKS.contains(&first)
        && line
            .trim_end_matches(['.', ',', '!', '?'])
            .ends_with(QUOTE_MARKS);
    words <= MAX_WORDS && !".!?:;,。！？".contains(last) && !first.is_lowercase() && !quote_only
}

/// The first block before the body that reads like a headline.
fn headline_block(text: &str, blocks: &[Block]) -> Option<usize> {
    for (index, block) in blocks.iter().enumerate() {
        let line = &text[block.span()];
        if looks_like_body(line) {
            return None;
        }
        if looks_like_headline(line) {
            return Some(index);
        }
    }
    None
}

fn looks_like_body(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words >= 25 || (words >= 12 && line.trim_end().ends_with(['.', '"', '”', '’']))
}

fn looks_like_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let first = line.chars().next().unwrap_or(' ');
    let last = line.chars().last().unwrap_or('.');
    !line.contains('\n')
        && (3..=25).contains(&words)
        && line.len() <= 200
        && !".,;:".contains(last)
        && (first.is_uppercase() || first.is_numeric() || QUOTE_MARKS.contains(&first))
        && !lexicon::is_furniture(line)
        && !line.to_lowercase().contains(" ago")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::MAX_FILE_BYTES;

    fn load(bytes: &[u8]) -> Loaded {
        TxtLoader.load("a.txt", bytes)
    }

    #[test]
    fn front_matter_sets_metadata_and_title() {
        let src = "---\ntitle: \"Minister: 'We are close'\"\noutlet: The Ledger\ndate: 2026-03-10\nkind: transcript\n---\n\nBody text here.\n";
        let loaded = load(src.as_bytes());
        let doc = &loaded.documents[0];
        assert_eq!(doc.title.as_deref(), Some("Minister: 'We are close'"));
        assert_eq!(doc.meta.outlet.as_deref(), Some("The Ledger"));
        assert_eq!(doc.meta.date.as_deref(), Some("2026-03-10"));
        assert_eq!(doc.meta.kind, DocKind::Transcript);
        assert_eq!(doc.blocks[0].role, BlockRole::Title);
        assert_eq!(doc.line_col(doc.blocks[0].span().start), (2, 9));
    }

    #[test]
    fn headline_skips_site_furniture_and_names() {
        let src = "Follow us on social\n\nAna Duarte\n\nDuarte: talks will resume on Monday\n\nThe foreign minister said on Friday that talks would resume after a short pause in the negotiations.\n";
        let doc = &load(src.as_bytes()).documents[0];
        assert_eq!(
            doc.title.as_deref(),
            Some("Duarte: talks will resume on Monday")
        );
    }

    #[test]
    fn body_first_file_has_no_title() {
        let src = "The minister addressed reporters on Friday, giving an update on the talks that have run for three weeks.\nShe said more work was needed.\n";
        let doc = &load(src.as_bytes()).documents[0];
        assert_eq!(doc.title, None);
        assert_eq!(doc.blocks.len(), 2, "each long line is a paragraph");
    }

    #[test]
    fn hard_wrapped_lines_form_one_paragraph() {
        let src = "Talks resume\n\nThe minister said on Friday that the talks would resume on\nMonday after a pause, and that both sides had agreed to\nmeet again.\n";
        let doc = &load(src.as_bytes()).documents[0];
        assert_eq!(doc.blocks.len(), 2);
        assert!(doc.text[doc.blocks[1].span()].ends_with("meet again."));
    }

    #[test]
    fn bom_and_crlf_keep_file_positions() {
        let src =
            b"\xEF\xBB\xBFHeadline here today\r\n\r\nShe said \xE2\x80\x9Cyes\xE2\x80\x9D.\r\n";
        let doc = &load(src).documents[0];
        assert_eq!(doc.title.as_deref(), Some("Headline here today"));
        let yes = doc.text.find("yes").unwrap();
        assert_eq!(doc.file_offset(yes), yes + 3);
        assert_eq!(doc.line_col(yes), (3, 11));
    }

    #[test]
    fn invalid_bytes_are_replaced_and_reported_with_offset() {
        let src = b"Headline here today\n\nBad \xFF byte, then \xE2\x80\x9Cquote\xE2\x80\x9D.\n";
        let loaded = load(src);
        let doc = &loaded.documents[0];
        assert_eq!(loaded.diagnostics.len(), 1);
        let diagnostic = &loaded.diagnostics[0];
        assert_eq!((diagnostic.line, diagnostic.column), (Some(3), Some(5)));
        assert!(
            diagnostic.message.contains("byte 25"),
            "{}",
            diagnostic.message
        );
        let quote = doc.text.find("quote").unwrap();
        let file_quote = src.windows(5).position(|w| w == b"quote").unwrap();
        assert_eq!(doc.file_offset(quote), file_quote);
        assert_eq!(doc.line_col(quote), (3, 19));
    }

    #[test]
    fn binary_and_empty_files_are_diagnosed() {
        let loaded = load(b"PK\x03\x04\x00\x00binary");
        assert!(loaded.documents.is_empty());
        assert_eq!(loaded.diagnostics[0].severity, Severity::Error);
        let loaded = load(b"");
        assert_eq!(loaded.diagnostics[0].code, "empty-file");
        assert_eq!(loaded.diagnostics[0].severity, Severity::Warning);
    }

    #[test]
    fn a_file_too_large_for_32_bit_offsets_is_refused_unread() {
        // Zeroed pages the allocator maps but nobody touches: the loader refuses the file on
        // its length alone, before reading a byte of it.
        let huge = vec![0u8; MAX_FILE_BYTES];
        let loaded = load(&huge);
        assert!(loaded.documents.is_empty());
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(loaded.diagnostics[0].code, "file-too-large");
        assert_eq!(loaded.diagnostics[0].severity, Severity::Error);
        assert!(loaded.diagnostics[0].message.contains("split it"));
        let just_under = &huge[..MAX_FILE_BYTES - 1];
        assert_ne!(load(just_under).diagnostics[0].code, "file-too-large");
    }

    #[test]
    fn columns_on_a_very_long_line_count_characters() {
        let mut src = String::from("Headline of the day\n\n");
        for _ in 0..3000 {
            src.push_str("Café “talks” résumé — ");
        }
        let loaded = load(src.as_bytes());
        let doc = &loaded.documents[0];
        let last = doc.text.rfind('—').unwrap();
        let expected_column = doc.text[21..last].chars().count() + 1;
        assert_eq!(doc.line_col(last), (3, expected_column));
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(src.as_bytes());
        with_bom.push(0xFF);
        let loaded = load(&with_bom);
        let doc = &loaded.documents[0];
        let last = doc.text.rfind('—').unwrap();
        assert_eq!(doc.line_col(last), (3, expected_column));
    }

    #[test]
    fn teasers_between_furniture_lines_are_boilerplate() {
        let src = "Minister opens new line today\n\nThe minister opened the line on Friday, saying it was “a new start” for the region and its commuters.\n\nRecommended Stories\n\nCouncil approves budget\n\nThe council said the plan was “fair”.\n\nRead more\n\nThe line will run every ten minutes from Monday, the operator said in a statement to passengers.\n";
        let doc = &load(src.as_bytes()).documents[0];
        let flags: Vec<bool> = doc.blocks.iter().map(|b| b.boilerplate).collect();
        assert_eq!(flags, [false, false, true, true, true, true, false]);
    }
}
