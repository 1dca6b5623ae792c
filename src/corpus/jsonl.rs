//! The `.jsonl` format: one article per line, as a CMS or crawler exports them:
//! `{"id", "title", "text", "outlet", "date", "url", "kind"}`, other fields ignored.
//!
//! A record's path is `FILE:ID` where it has an `id`, else `FILE:LINE`. Its text is the title,
//! a paragraph break, then the `text` field, laid out as a `.txt` body; JSON escapes (`\n`,
//! `\u201c`, surrogate pairs) are decoded in the text and mapped back to the escape, so every
//! location is a byte offset into the file and a line:column of the record's own line. A line
//! that is not a JSON object with a `text` string is an error for that line; the other lines
//! are read.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::Value;

use super::build::{Piece, TextBuilder};
use super::{DocKind, LineIndex, Loaded, Loader, Meta, assemble, text};
use crate::diagnostics::{Diagnostic, Severity};

pub struct JsonlLoader;

impl Loader for JsonlLoader {
    fn extensions(&self) -> &'static [&'static str] {
        &["jsonl", "ndjson"]
    }

    fn reads(&self) -> &'static str {
        "UTF-8 JSON Lines"
    }

    fn load_text(&self, path: &str, bytes: &[u8]) -> Loaded {
        let mut loaded = Loaded::default();
        let mut offset = 0;
        for (index, raw_line) in bytes.split(|&b| b == b'\n').enumerate() {
            let line_offset = offset;
            offset += raw_line.len() + 1;
            let line = raw_line.strip_suffix(b"\r").unwrap_or(raw_line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match record(path, line, line_offset, index) {
                Ok(document) => loaded.documents.push(document),
                Err((column, message)) => loaded.diagnostics.push(Diagnostic::at(
                    Severity::Error,
                    path,
                    (index + 1, column),
                    "bad-record",
                    format!("{message}; this line is skipped, the others are read"),
                )),
            }
        }
        if loaded.documents.is_empty() && loaded.diagnostics.is_empty() {
            loaded
                .diagnostics
                .push(super::empty_warning(path, "the file has no records"));
        }
        loaded
    }
}

/// One record, or the column and message of what is wrong with it.
fn record(
    path: &str,
    line: &[u8],
    line_offset: usize,
    index: usize,
) -> Result<super::Document, (usize, String)> {
    let value: Value = serde_json::from_slice(line).map_err(|e| {
        let message = e.to_string();
        // serde_json names line 1 of the record; the diagnostic names the file's line.
        let reason = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(reason, _)| reason);
        (e.column().max(1), format!("not valid JSON ({reason})"))
    })?;
    let Value::Object(object) = &value else {
        return Err((1, "not a JSON object".to_string()));
    };
    // Valid JSON is valid UTF-8.
    let source = std::str::from_utf8(line).map_err(|e| (1, e.to_string()))?;
    let spans = top_level_string_spans(source);
    let field = |name: &str| object.get(name).and_then(Value::as_str).map(str::to_string);
    let Some(body_span) = spans.get("text") else {
        return Err((1, "the record has no \"text\" string".to_string()));
    };
    let mut builder = TextBuilder::at_offset(line_offset);
    let mut title_span = None;
    if let Some(span) = spans.get("title") {
        for piece in decode_string(source, span.clone()) {
            builder.push(&piece, source);
        }
        title_span = Some(0..builder.text().len());
        builder.separate(span.end);
    }
    let body_from = builder.text().len();
    for piece in decode_string(source, body_span.clone()) {
        builder.push(&piece, source);
    }
    let (text, map, _) = builder.finish();
    let (title, blocks) = text::lay_out_record_body(&text, body_from, title_span);
    let kind = match field("kind")
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("transcript") => DocKind::Transcript,
        _ => DocKind::Article,
    };
    let meta = Meta {
        outlet: field("outlet"),
        date: field("date"),
        url: field("url"),
        kind,
    };
    let id = object.get("id").and_then(|id| match id {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let name = format!("{path}:{}", id.unwrap_or_else(|| (index + 1).to_string()));
    Ok(assemble(
        &name,
        title,
        meta,
        text,
        blocks,
        map,
        LineIndex::for_line(line, line_offset, index),
    ))
}

/// Raw spans (inside the quotes) of the top-level string values of a JSON object, by key.
/// The line has been validated as JSON, so the scan can be simple.
fn top_level_string_spans(source: &str) -> BTreeMap<String, Range<usize>> {
    let bytes = source.as_bytes();
    let mut spans = BTreeMap::new();
    let mut at = 0;
    let mut depth = 0usize;
    let mut key: Option<String> = None;
    let mut expecting_key = false;
    while at < bytes.len() {
        match bytes[at] {
            b'{' | b'[' => {
                depth += 1;
                expecting_key = depth == 1 && bytes[at] == b'{';
                at += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                at += 1;
            }
            b',' => {
                expecting_key = depth == 1;
                at += 1;
            }
            b'"' => {
                let end = string_end(bytes, at + 1);
                if depth == 1 {
                    if expecting_key {
                        key = serde_json::from_str(&source[at..=end.min(bytes.len() - 1)]).ok();
                        expecting_key = false;
                    } else if let Some(name) = key.take() {
                        spans.insert(name, at + 1..end);
                    }
                }
                at = end + 1;
            }
            _ => at += 1,
        }
    }
    spans
}

/// The index of the closing quote of a string whose contents start at `from`.
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The decoded contents of a JSON string (`span` inside its quotes) as pieces of `source`.
fn decode_string(source: &str, span: Range<usize>) -> Vec<Piece> {
    let bytes = source.as_bytes();
    let mut pieces = Vec::new();
    let mut run = span.start;
    let mut at = span.start;
    while at < span.end {
        if bytes[at] != b'\\' {
            at += 1;
            continue;
        }
        if run < at {
            pieces.push(Piece::Copied(run..at));
        }
        let (decoded, len) = escape(source, at, span.end);
        pieces.push(Piece::Decoded(decoded, at..at + len));
        at += len;
        run = at;
    }
    if run < span.end {
        pieces.push(Piece::Copied(run..span.end));
    }
    pieces
}

/// The text an escape at `at` stands for, and its length in bytes.
fn escape(source: &str, at: usize, end: usize) -> (String, usize) {
    let hex = |from: usize| {
        source
            .get(from..from + 4)
            .filter(|_| from + 4 <= end)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let simple = |c: char| (c.to_string(), 2);
    match source.as_bytes().get(at + 1) {
        Some(b'n') => simple('\n'),
        Some(b't') => simple('\t'),
        Some(b'r') => simple('\r'),
        Some(b'b') => simple('\u{8}'),
        Some(b'f') => simple('\u{c}'),
        Some(b'u') => match hex(at + 2) {
            Some(high @ 0xD800..=0xDBFF) => {
                let low = (source.as_bytes().get(at + 6..at + 8) == Some(b"\\u"))
                    .then(|| hex(at + 8))
                    .flatten()
                    .filter(|low| (0xDC00..=0xDFFF).contains(low));
                match low {
                    Some(low) => {
                        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        (char::from_u32(code).unwrap_or('\u{FFFD}').to_string(), 12)
                    }
                    None => ("\u{FFFD}".to_string(), 6),
                }
            }
            Some(code) => (char::from_u32(code).unwrap_or('\u{FFFD}').to_string(), 6),
            None => ("\u{FFFD}".to_string(), 2),
        },
        Some(&other) => simple(other as char),
        None => (String::new(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(source: &str) -> Loaded {
        JsonlLoader.load("feed.jsonl", source.as_bytes())
    }

    #[test]
    fn a_bad_line_is_an_error_for_that_line_and_the_others_are_read() {
        let loaded = load(concat!(
            r#"{"id": "a", "text": "\u201cWe are ready,\u201d she said."}"#,
            "\n{\"id\": \"b\", \"text\": \"cut off\n",
            r#"{"text": "\u201cWe will decide,\u201d he said."}"#,
            "\n"
        ));
        let paths: Vec<&str> = loaded.documents.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["feed.jsonl:a", "feed.jsonl:3"]);
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(loaded.diagnostics[0].line, Some(2));
        assert_eq!(loaded.diagnostics[0].severity, Severity::Error);
    }

    #[test]
    fn escapes_are_decoded_in_the_text_and_mapped_to_the_file() {
        // The title comes after the text; a surrogate pair and a \n are escapes.
        let line = r#"{"text": "Intro.\n\n\u201cWe are ready \ud83d\ude80,\u201d she said.", "extra": {"text": "no"}, "title": "Ready \u201cnow\u201d"}"#;
        let source = format!("\n{line}\n");
        let loaded = load(&source);
        let doc = &loaded.documents[0];
        assert_eq!(doc.path, "feed.jsonl:2");
        assert_eq!(doc.title.as_deref(), Some("Ready “now”"));
        assert!(
            doc.text
                .starts_with("Ready “now”\n\nIntro.\n\n“We are ready 🚀,” she said.")
        );
        let we = doc.text.find("We are").unwrap();
        assert_eq!(&source[doc.file_offset(we)..][..6], "We are");
        assert_eq!(doc.line_col(we), (2, 1 + line.find("We are").unwrap()));
        let rocket = doc.text.find('🚀').unwrap();
        assert_eq!(&source[doc.file_offset(rocket)..][..6], "\\ud83d");
        let now = doc.text.find("now").unwrap();
        assert_eq!(&source[doc.file_offset(now)..][..3], "now");
    }
}
