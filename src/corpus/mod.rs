//! Load: turn the PATH arguments into [`Document`]s.
//!
//! This module owns walking (gitignore- and `.quotecheckignore`-aware, in sorted order, each
//! file once), reading, and
//! the document model every later stage works on. A format plugs in as a [`Loader`]; the one
//! chosen for a file is picked by its extension, and a file no loader takes is skipped and
//! reported as such.
//!
//! Invariants:
//! - A document's `path` is the path as found from its PATH argument (`corpus/a.txt` for
//!   `corpus`), and no two documents of a run share one.
//! - Offsets into [`Document::text`] map to byte offsets of the original file through the
//!   document's source map; line and column are derived from those, never stored.
//! - Documents come out in walk order, which depends only on the arguments and the names of the
//!   files, never on timing.

mod build;
mod html;
mod jsonl;
mod markdown;
mod text;

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};

pub use html::HtmlLoader;
pub use jsonl::JsonlLoader;
pub use markdown::MarkdownLoader;
pub use text::TxtLoader;

/// What kind of source a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    #[default]
    Article,
    /// The speaker's own words as delivered (a transcript of a speech or press conference).
    Transcript,
}

/// Metadata a format carries (front matter, meta tags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub kind: DocKind,
}

/// The role a block of text plays on the page; headline quotes come from `Title` and
/// `Subheading` blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockRole {
    Title,
    Subheading,
    Paragraph,
}

/// A paragraph-like unit of the text: quotes never run across blocks except by the
/// multi-paragraph conventions the extractor knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Byte range in [`Document::text`], without surrounding whitespace or line breaks: 32-bit
    /// (see [`crate::narrow`]), as a corpus holds millions of blocks.
    span: Range<u32>,
    pub role: BlockRole,
    /// Site furniture around the article: teasers for other stories, "Recommended" lists.
    pub boilerplate: bool,
}

impl Block {
    /// A block of `role` at `span` of the text, not (yet) marked as boilerplate.
    pub fn new(span: Range<usize>, role: BlockRole) -> Self {
        Self {
            span: crate::narrow_range(span),
            role,
            boilerplate: false,
        }
    }

    /// Byte range in [`Document::text`].
    pub fn span(&self) -> Range<usize> {
        crate::widen(&self.span)
    }
}

/// Blocks a teaser may span between two lines of site furniture.
const MAX_TEASER_BLOCKS: usize = 6;

/// Marks as boilerplate the blocks sandwiched between lines of site furniture ("Recommended
/// Stories", "keep reading", "Top photo credit") no more than a few blocks apart: the teasers
/// for other stories that pages carry. The furniture lines themselves are boilerplate too.
pub(crate) fn mark_boilerplate(text: &str, blocks: &mut [Block]) {
    let furniture: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| crate::lexicon::is_furniture(&text[b.span()]))
        .map(|(i, _)| i)
        .collect();
    for &i in &furniture {
        blocks[i].boilerplate = true;
    }
    // Lines repeated through an article body ("Advertisement", "Share") do not bound teasers.
    let bounds: Vec<usize> = furniture
        .iter()
        .copied()
        .filter(|&i| {
            let line = text[blocks[i].span()].trim_start().to_ascii_lowercase();
            !(line.starts_with("advertisement") || line.starts_with("share"))
        })
        .collect();
    for pair in bounds.windows(2) {
        if pair[1] - pair[0] <= MAX_TEASER_BLOCKS + 1 {
            for block in &mut blocks[pair[0]..pair[1]] {
                block.boilerplate = true;
            }
        }
    }
}

/// An editor's acceptance of a divergence, written before the quote in the article's source:
/// `<!-- quotecheck: accept truncated reason="cut for length, checked with the desk" -->`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptComment {
    /// Text offset the comment stands at: it covers the first quote that starts after it.
    pub at: usize,
    /// The classes or flags accepted (`truncated`, `hedge_dropped`, `framing`…).
    pub kinds: Vec<String>,
    pub reason: String,
    /// Where the comment is in the file (1-based line).
    pub line: usize,
}

/// Reads an accept comment's contents (between `<!--` and `-->`): `Ok(None)` when it is not a
/// quotecheck comment, `Err` with what to fix when it is one but is malformed.
pub(crate) fn parse_accept_comment(comment: &str) -> Result<Option<(Vec<String>, String)>, String> {
    let Some(rest) = comment.trim().strip_prefix("quotecheck:") else {
        return Ok(None);
    };
    let rest = rest.trim();
    let Some(rest) = rest.strip_prefix("accept") else {
        return Err(format!(
            "unknown quotecheck comment {rest:?}; write `quotecheck: accept CLASS reason=\"…\"`"
        ));
    };
    let (kinds, reason) = match rest.split_once("reason=") {
        Some((kinds, reason)) => (kinds, reason.trim()),
        None => (rest, ""),
    };
    let reason = reason
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(reason)
        .trim();
    let kinds: Vec<String> = kinds.split_whitespace().map(str::to_string).collect();
    if kinds.is_empty() {
        return Err("the accept comment names no class; write e.g. `accept truncated`".into());
    }
    if reason.is_empty() {
        return Err(
            "an accept comment needs a reason: add reason=\"…\" saying why it is acceptable".into(),
        );
    }
    Ok(Some((kinds, reason.to_string())))
}

/// The contents of the `<!-- … -->` comments in a run of HTML.
pub(crate) fn html_comments(html: &str) -> impl Iterator<Item = &str> {
    html.split("<!--")
        .skip(1)
        .filter_map(|rest| rest.split_once("-->").map(|(comment, _)| comment))
}

/// One article (or transcript) as the pipeline sees it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document's name in reports: the file's path, or `FILE:ID` for a record of a file
    /// holding several.
    pub path: String,
    /// The file it was read from, as found from its PATH argument.
    pub file: String,
    pub title: Option<String>,
    pub meta: Meta,
    /// The text the stages read. For plain text this is the file itself, decoded. Shared: the
    /// versions of its quotes are ranges of it, not copies (an `Arc<String>`, not `Arc<str>`,
    /// so that the loader's string is taken as it is, not copied once more).
    pub text: std::sync::Arc<String>,
    /// Blocks in text order, not overlapping.
    pub blocks: Vec<Block>,
    /// `<!-- quotecheck: accept … -->` comments of a marked-up file, in text order.
    pub accepts: Vec<AcceptComment>,
    source_map: SourceMap,
    lines: LineIndex,
}

impl Document {
    /// Byte offset in the original file of a byte offset in [`Document::text`].
    pub fn file_offset(&self, text_offset: usize) -> usize {
        self.source_map.file_offset(text_offset)
    }

    /// 1-based line and column (in Unicode scalar values) in the original file of a byte
    /// offset in [`Document::text`].
    pub fn line_col(&self, text_offset: usize) -> (usize, usize) {
        self.lines
            .line_col(self.file_offset(text_offset), &self.text)
    }
}

/// Maps text offsets to file offsets: a sorted list of anchors, each saying "from this text
/// offset on, file offset = anchor's file offset + distance".
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    anchors: Vec<(usize, usize)>,
}

impl SourceMap {
    /// A text that is the file from byte `shift` on (after a byte-order mark, say).
    pub fn shifted(shift: usize) -> Self {
        Self {
            anchors: vec![(0, shift)],
        }
    }

    /// Records that text offset `text` corresponds to file offset `file`. Calls come in
    /// increasing order of `text`; `file` may go back (a JSON object's title after its text).
    pub fn push(&mut self, text: usize, file: usize) {
        if let Some(last) = self.anchors.last_mut()
            && last.0 == text
        {
            last.1 = file;
            return;
        }
        self.anchors.push((text, file));
    }

    pub fn file_offset(&self, text_offset: usize) -> usize {
        let index = self.anchors.partition_point(|&(t, _)| t <= text_offset);
        if index == 0 {
            return text_offset;
        }
        let (t, f) = self.anchors[index - 1];
        let mapped = f + (text_offset - t);
        match self.anchors.get(index) {
            // Inside a replaced stretch (one U+FFFD for several bad bytes, an entity, an
            // inserted mark): stay inside it.
            Some(&(_, next_file)) if next_file >= f => mapped.min(next_file),
            _ => mapped,
        }
    }
}

/// Starts of lines of the original file, for byte → line:column.
///
/// Columns count characters from the line start; on long lines a checkpoint every 512 bytes
/// (`COLUMN_CHECKPOINT_BYTES`) records the count so far, so finding a column never scans more
/// than that (a 50 MB article on one line stays linear).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte offsets (in the indexed bytes) where lines start: `u32`, as every file read is
    /// smaller than [`MAX_FILE_BYTES`], so a corpus's line index takes half the room.
    line_starts: Vec<u32>,
    /// Bytes before the text proper (a byte-order mark): not part of line 1's columns.
    skip: usize,
    /// (file offset at a character start, characters from its line's start to it), sorted.
    checkpoints: Vec<(u32, u32)>,
    /// How columns are counted: on the text, when it is the file from some byte on, else on a
    /// copy of the original bytes.
    columns: ColumnSource,
    /// Where the indexed bytes sit in the file: (byte offset, lines before them). A JSONL
    /// document indexes its own line only.
    origin: (usize, usize),
}

/// Distance between column checkpoints on long lines.
const COLUMN_CHECKPOINT_BYTES: usize = 512;

#[derive(Debug, Clone)]
enum ColumnSource {
    /// The text is the file's bytes from this offset on (0, or 3 after a byte-order mark).
    TextFrom(usize),
    Original(Vec<u8>),
}

impl Default for ColumnSource {
    fn default() -> Self {
        Self::TextFrom(0)
    }
}

impl LineIndex {
    /// For a text that is the file's bytes from `shift` on.
    pub fn for_shifted_text(file: &[u8], shift: usize) -> Self {
        Self::new(file, shift, ColumnSource::TextFrom(shift))
    }

    /// For a text that differs from the file: keeps a copy of the file to count columns on.
    /// The first `skip` bytes (a byte-order mark) are not counted.
    pub fn for_original(file: &[u8], skip: usize) -> Self {
        Self::new(file, skip, ColumnSource::Original(file.to_vec()))
    }

    /// For one line of a file (a JSONL record): `bytes` start at file offset `offset`, after
    /// `lines_before` lines.
    pub fn for_line(bytes: &[u8], offset: usize, lines_before: usize) -> Self {
        Self {
            origin: (offset, lines_before),
            ..Self::new(bytes, 0, ColumnSource::Original(bytes.to_vec()))
        }
    }

    fn new(file: &[u8], skip: usize, columns: ColumnSource) -> Self {
        let mut index = Self {
            line_starts: line_starts(file),
            skip,
            checkpoints: Vec::new(),
            columns,
            origin: (0, 0),
        };
        let starts = index.line_starts.iter().map(|&start| start as usize);
        let ends = starts.clone().skip(1).chain([file.len()]);
        let mut checkpoints = Vec::new();
        for (start, end) in starts.zip(ends) {
            let start = start.max(skip);
            let mut from = start;
            let mut counted = 0;
            let mut at = start + COLUMN_CHECKPOINT_BYTES;
            while at < end {
                while at < end && (file[at] & 0xC0) == 0x80 {
                    at += 1;
                }
                counted += index.count(from, at, file);
                checkpoints.push((crate::narrow(at), crate::narrow(counted)));
                from = at;
                at += COLUMN_CHECKPOINT_BYTES;
            }
        }
        index.checkpoints = checkpoints;
        index
    }

    /// Characters between two file offsets (both at character starts).
    fn count(&self, from: usize, to: usize, file: &[u8]) -> usize {
        let bytes = &file[from.min(file.len())..to.min(file.len())];
        match self.columns {
            // Valid UTF-8: every byte that is not a continuation byte starts a character.
            ColumnSource::TextFrom(_) => bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count(),
            ColumnSource::Original(_) => count_scalars(bytes),
        }
    }

    fn line_col(&self, file_offset: usize, text: &str) -> (usize, usize) {
        let (line, column) = self.local_line_col(file_offset.saturating_sub(self.origin.0), text);
        (line + self.origin.1, column)
    }

    fn local_line_col(&self, file_offset: usize, text: &str) -> (usize, usize) {
        let line = self
            .line_starts
            .partition_point(|&s| s as usize <= file_offset)
            .max(1);
        let line_start = (self.line_starts[line - 1] as usize).max(self.skip);
        let checkpoint = self
            .checkpoints
            .partition_point(|&(at, _)| at as usize <= file_offset);
        let (from, before) = match checkpoint.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some((at, counted)) if at as usize > line_start => (at as usize, counted as usize),
            _ => (line_start, 0),
        };
        let counted = match &self.columns {
            ColumnSource::TextFrom(shift) => {
                let to = (file_offset.max(*shift) - shift).min(text.len());
                let from = (from - shift).min(to);
                self.count(from, to, text.as_bytes())
            }
            ColumnSource::Original(bytes) => self.count(from, file_offset, bytes),
        };
        (line, before + counted + 1)
    }
}

fn line_starts(file: &[u8]) -> Vec<u32> {
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', file).map(|i| crate::narrow(i + 1)));
    // Held as long as the document.
    crate::exact_len(starts)
}

/// Characters in a byte run as a reader sees them once decoded: each invalid sequence counts
/// as the one U+FFFD that replaces it.
pub(crate) fn count_scalars(bytes: &[u8]) -> usize {
    bytes
        .utf8_chunks()
        .map(|chunk| chunk.valid().chars().count() + usize::from(!chunk.invalid().is_empty()))
        .sum()
}

/// What a loader made of one file.
#[derive(Debug, Default)]
pub struct Loaded {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A format: turns the bytes of one file into documents.
pub trait Loader: Sync {
    /// File extensions (lower case, without the dot) this loader reads.
    fn extensions(&self) -> &'static [&'static str];
    /// What the format holds, for messages ("UTF-8 Markdown").
    fn reads(&self) -> &'static str;
    /// Reads a file that is text (not binary, not UTF-16).
    fn load_text(&self, path: &str, bytes: &[u8]) -> Loaded;

    /// Reads a file: a binary or UTF-16 one is an error naming what the format wants, and
    /// gives no document.
    fn load(&self, path: &str, bytes: &[u8]) -> Loaded {
        if bytes.len() >= MAX_FILE_BYTES {
            return Loaded {
                documents: Vec::new(),
                diagnostics: vec![Diagnostic::file(
                    Severity::Error,
                    path,
                    "file-too-large",
                    format!(
                        "{} bytes, and quotecheck reads files of less than 1 GiB; skipped \
                         (split it into smaller files)",
                        bytes.len()
                    ),
                )],
            };
        }
        match text::binary_problem(bytes) {
            Some(problem) => Loaded {
                documents: Vec::new(),
                diagnostics: vec![Diagnostic::file(
                    Severity::Error,
                    path,
                    "binary-file",
                    format!("{problem}; skipped (quotecheck reads {})", self.reads()),
                )],
            },
            None => self.load_text(path, bytes),
        }
    }
}

/// Files this size or larger are not read: offsets into a file and into its documents' text
/// are held in 32 bits, and a text can be three times its file's bytes (every invalid byte
/// becomes a U+FFFD of three).
pub const MAX_FILE_BYTES: usize = 1 << 30;

/// The warning for a file with nothing to read: `what` says what it lacks.
pub(crate) fn empty_warning(path: &str, what: &str) -> Diagnostic {
    Diagnostic::file(
        Severity::Warning,
        path,
        "empty-file",
        format!("{what}; it has no quotes to check"),
    )
}

/// The loaders of every supported format.
pub fn loaders() -> Vec<Box<dyn Loader>> {
    vec![
        Box::new(TxtLoader),
        Box::new(MarkdownLoader),
        Box::new(HtmlLoader),
        Box::new(JsonlLoader),
    ]
}

/// A file in a corpus folder listing files to leave out (gitignore syntax).
pub const IGNORE_FILE_NAME: &str = ".quotecheckignore";

/// A file found from the PATH arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The path as found from its argument, for display and reports.
    pub display: String,
    pub fs_path: PathBuf,
}

/// A file found but not read, and why (listed with `--verbose`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// The files to read, in walk order.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Found>,
    pub skipped: Vec<Skipped>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks the PATH arguments: folders gitignore-aware in sorted order, files as given; a file
/// reached twice (by two paths, a symbolic or a hard link) is kept once, under the first path
/// that reached it.
pub fn discover(paths: &[PathBuf], loaders: &[Box<dyn Loader>]) -> Discovery {
    let mut discovery = Discovery::default();
    let mut seen = HashSet::new();
    for root in paths {
        if !root.exists() {
            discovery.diagnostics.push(Diagnostic::file(
                Severity::Error,
                &root.display().to_string(),
                "missing-path",
                "no such file or folder; check the PATH argument",
            ));
            continue;
        }
        let found_before = discovery.files.len();
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            // Notes kept beside a corpus (a README, a ground truth) are listed here to be left
            // out, in .gitignore syntax.
            .add_custom_ignore_filename(IGNORE_FILE_NAME)
            .sort_by_file_path(|a, b| a.cmp(b))
            .filter_entry(|entry| entry.file_name() != crate::CACHE_DIR_NAME)
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    discovery.diagnostics.push(Diagnostic::file(
                        Severity::Error,
                        &root.display().to_string(),
                        "walk-error",
                        format!("could not read: {error}; check the folder's permissions"),
                    ));
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let display = display_path(path);
            if !seen.insert(FileIdentity::of(path)) {
                continue;
            }
            if loader_for(path, loaders).is_none() {
                discovery.skipped.push(Skipped {
                    path: display,
                    reason: "not a format quotecheck reads (.txt, .md, .html, .jsonl)".to_string(),
                });
                continue;
            }
            discovery.files.push(Found {
                display,
                fs_path: path.to_path_buf(),
            });
        }
        if root.is_dir() && discovery.files.len() == found_before {
            discovery.diagnostics.push(Diagnostic::file(
                Severity::Warning,
                &display_path(root),
                "no-articles",
                "no articles found (quotecheck reads .txt, .md, .html and .jsonl files not \
                 ignored by .gitignore or .quotecheckignore); check the PATH argument",
            ));
        }
    }
    discovery
}

/// What makes two paths one file. On Unix, its device and inode: one `stat`, where resolving
/// the path reads every folder on the way (a tenth of a second over 10,000 files), and a hard
/// link is the same file too. Elsewhere, its canonical path.
#[derive(Debug, PartialEq, Eq, Hash)]
enum FileIdentity {
    #[cfg(unix)]
    Inode {
        device: u64,
        inode: u64,
    },
    Path(PathBuf),
}

impl FileIdentity {
    fn of(path: &Path) -> Self {
        #[cfg(unix)]
        if let Ok(metadata) = std::fs::metadata(path) {
            use std::os::unix::fs::MetadataExt;
            return Self::Inode {
                device: metadata.dev(),
                inode: metadata.ino(),
            };
        }
        Self::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

fn display_path(path: &Path) -> String {
    let shown = path.display().to_string();
    shown
        .strip_prefix("./")
        .map(str::to_string)
        .unwrap_or(shown)
}

/// The loader for a file, by extension (case-insensitive).
pub fn loader_for<'a>(path: &Path, loaders: &'a [Box<dyn Loader>]) -> Option<&'a dyn Loader> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    loaders
        .iter()
        .find(|loader| loader.extensions().contains(&extension.as_str()))
        .map(|loader| loader.as_ref())
}

/// Reads one found file with its loader; an unreadable file becomes an error diagnostic.
/// With the documents comes the file's cache key ([`crate::cache::Cache::file_key`]) when it
/// could be read.
pub fn load_file(found: &Found, loaders: &[Box<dyn Loader>]) -> (Loaded, Option<u128>) {
    let Some(loader) = loader_for(&found.fs_path, loaders) else {
        return (Loaded::default(), None);
    };
    match std::fs::read(&found.fs_path) {
        Ok(bytes) => {
            let mut loaded = loader.load(&found.display, &bytes);
            for doc in &mut loaded.documents {
                doc.file.clone_from(&found.display);
            }
            let key = crate::cache::Cache::file_key(&found.display, &bytes);
            (loaded, Some(key))
        }
        Err(error) => (
            Loaded {
                documents: Vec::new(),
                diagnostics: vec![Diagnostic::file(
                    Severity::Error,
                    &found.display,
                    "unreadable",
                    format!("could not read the file: {error}; check its permissions"),
                )],
            },
            None,
        ),
    }
}

/// Builds a document from its parts; loaders call this so the invariants hold in one place.
pub(crate) fn assemble(
    path: &str,
    title: Option<String>,
    meta: Meta,
    text: String,
    blocks: Vec<Block>,
    source_map: SourceMap,
    lines: LineIndex,
) -> Document {
    debug_assert!(
        blocks
            .windows(2)
            .all(|w| w[0].span().end <= w[1].span().start)
    );
    // Documents are held for the whole run.
    let blocks = crate::exact_len(blocks);
    Document {
        path: path.to_string(),
        file: path.to_string(),
        accepts: Vec::new(),
        title,
        meta,
        text: std::sync::Arc::new(text),
        blocks,
        source_map,
        lines,
    }
}
