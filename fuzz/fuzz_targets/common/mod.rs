//! What the fuzz targets check, one function a target: a loader turns any bytes into documents
//! (or diagnostics) without panicking, the documents, quotes and attributions keep their
//! invariants, the pipeline ends in every report, the configuration parser reads or refuses.
//! `tests/fuzz_regressions.rs` runs the crashes kept in `fixtures/fuzz/` through the same
//! functions.
#![allow(dead_code)]

use quotecheck::corpus::{Document, HtmlLoader, JsonlLoader, Loader, MarkdownLoader, TxtLoader};
use quotecheck::report::{Format, PrintOptions, Report, View, printer_for};

/// Runs the check of fuzz target `target` on `data`.
pub fn check(target: &str, data: &[u8]) {
    match target {
        "extract" => extract(data),
        "load_txt" => check_loader(&TxtLoader, "a.txt", data),
        "load_md" => check_loader(&MarkdownLoader, "a.md", data),
        "load_html" => check_loader(&HtmlLoader, "a.html", data),
        "load_jsonl" => check_loader(&JsonlLoader, "a.jsonl", data),
        "pipeline" => pipeline(data),
        "config" => config(data),
        _ => panic!("no fuzz target {target:?}"),
    }
}

/// Extraction and attribution on arbitrary text: the bytes, made valid UTF-8, as the
/// plain-text loader reads text (past its binary check, so control characters and lone marks
/// reach the extractor).
pub fn extract(data: &[u8]) {
    let text = String::from_utf8_lossy(data).replace('\0', " ");
    let loaded = TxtLoader.load_text("a.txt", text.as_bytes());
    for doc in &loaded.documents {
        check_document(doc, text.len());
    }
}

/// The whole pipeline on up to six documents: the input split at 0xFF bytes, each part read
/// by the loader its first byte picks; every report format is printed.
pub fn pipeline(data: &[u8]) {
    let files: Vec<_> = data
        .split(|&b| b == 0xFF)
        .take(6)
        .enumerate()
        .map(|(i, part)| {
            let (pick, bytes) = part.split_first().unwrap_or((&0, &[]));
            let (loader, ext): (&dyn Loader, &str) = match pick % 4 {
                0 => (&TxtLoader, "txt"),
                1 => (&MarkdownLoader, "md"),
                2 => (&HtmlLoader, "html"),
                _ => (&JsonlLoader, "jsonl"),
            };
            loader.load(&format!("corpus/{i}.{ext}"), bytes)
        })
        .collect();
    let analysis = quotecheck::analyze_loaded(files, &Default::default(), &Default::default());
    for group in &analysis.groups {
        assert!(group.group.reference < analysis.versions.len());
        for &member in &group.group.members {
            assert!(member < analysis.versions.len());
        }
    }
    let report = Report::build_with(&analysis, true);
    let options = PrintOptions::default();
    for format in [
        Format::Human,
        Format::Json,
        Format::Jsonl,
        Format::Markdown,
        Format::Html,
        Format::Sarif,
        Format::Github,
    ] {
        let mut out = Vec::new();
        printer_for(format, &options)
            .print(&report, View::Check, &mut out)
            .expect("printing to memory cannot fail");
        assert!(std::str::from_utf8(&out).is_ok());
    }
}

/// The configuration parser on arbitrary text: a configuration is read or refused with an
/// error naming the file; one that is read gives judging options or an error, and its TOML
/// dump reads back to the same configuration.
pub fn config(data: &[u8]) {
    use quotecheck::config::Config;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(text, "quotecheck.toml") {
        Ok(config) => {
            let _ = config.judging("quotecheck.toml");
            let dumped = config.to_toml();
            let again = Config::parse(&dumped, "dump.toml").expect("a dumped config reads back");
            assert_eq!(again.to_toml(), dumped);
        }
        Err(error) => assert!(error.to_string().contains("quotecheck.toml"), "{error}"),
    }
}

/// Loads `data` with `loader` and checks every document it makes.
pub fn check_loader(loader: &dyn Loader, path: &str, data: &[u8]) {
    let loaded = loader.load(path, data);
    for doc in &loaded.documents {
        check_document(doc, data.len());
    }
    for diagnostic in &loaded.diagnostics {
        assert!(!diagnostic.message.is_empty());
        assert!(diagnostic.path.starts_with(path));
    }
}

/// A document's blocks lie in its text, in order, on character boundaries; every offset maps
/// into the file; its quotes and their attributions do too.
pub fn check_document(doc: &Document, file_len: usize) {
    let text = &doc.text;
    let mut last_end = 0;
    for block in &doc.blocks {
        let span = block.span();
        assert!(span.start <= span.end, "{span:?}");
        assert!(span.end <= text.len());
        assert!(span.start >= last_end, "blocks overlap");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        last_end = span.end;
        assert!(doc.file_offset(span.start) <= file_len);
        assert!(doc.file_offset(span.end) <= file_len);
        let (line, column) = doc.line_col(span.start);
        assert!(line >= 1 && column >= 1);
    }
    let extraction = quotecheck::extract::extract(doc);
    for quote in &extraction.quotes {
        assert!(!quote.segments.is_empty());
        for segment in &quote.segments {
            assert!(segment.start <= segment.end && segment.end <= text.len());
            assert!(text.is_char_boundary(segment.start) && text.is_char_boundary(segment.end));
        }
        assert!(quote.open_at() <= quote.start() && quote.end() <= quote.close_end());
        assert!(quote.close_end() <= text.len());
        assert!(quote.block() < doc.blocks.len());
        let _ = quote.text(text);
        assert!(doc.file_offset(quote.start()) <= file_len);
    }
    for rejected in &extraction.rejected {
        assert!(rejected.span.end <= text.len());
    }
    let attributed = quotecheck::attribute::attribute(doc, &extraction.quotes);
    assert_eq!(attributed.quotes.len(), extraction.quotes.len());
    for attribution in &attributed.quotes {
        if let Some((_, span)) = &attribution.mention {
            assert!(span.start <= span.end && span.end <= text.len());
        }
    }
}
