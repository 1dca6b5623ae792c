//! Every input format reads the same articles the same way, and every location points into the
//! file the user has.
//!
//! - fixtures/formats: a browser-saved page, a Markdown note and a JSONL export written by hand,
//!   each quote's text, line and column worked out from the raw file (`expected.json`), and the
//!   quoted words of page furniture that must not be reported.
//! - The demo corpus converted here into `.txt`, `.md`, `.html` and `.jsonl` (entities, escapes
//!   and markup in place of the plain characters) yields the same quotes, speakers, groups and
//!   findings as the corpus itself.
//! - In every one of those files, each quote's `start` is the byte where the reported line and
//!   column are, and the file's text there is the quote's first character (or the `&`/`\` of
//!   the entity or escape that writes it).

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quotecheck::corpus::{BlockRole, DocKind, Document};
use quotecheck::report::Report;
use serde_json::Value;

fn analysis_of(paths: &[PathBuf]) -> quotecheck::Analysis {
    quotecheck::analyze(paths, &Default::default())
}

/// The file a document was read from (a JSONL record's path is `FILE:ID`).
fn file_of(doc_path: &str) -> &str {
    match doc_path.find(".jsonl:") {
        Some(at) => &doc_path[..at + ".jsonl".len()],
        None => doc_path,
    }
}

/// Checks that each quote's `start`, `line` and `column` agree with the file's bytes (document
/// paths relative to `root`, or absolute).
fn locations_point_at_quotes(report: &Report, root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for quote in &report.quotes {
        let file = std::fs::read(root.join(file_of(quote.doc))).unwrap();
        let before = &file[..quote.start];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&file[line_start..quote.start])
            .chars()
            .count()
            + 1;
        let at = String::from_utf8_lossy(&file[quote.start..]);
        let first = quote.text.chars().next().unwrap();
        let written = at.starts_with(first) || at.starts_with('&') || at.starts_with('\\');
        if (line, column) != (quote.line, quote.column) || !written {
            problems.push(format!(
                "{}: reported {}:{}, start {} is {line}:{column} and reads {:?}",
                quote.id,
                quote.line,
                quote.column,
                quote.start,
                at.chars().take(12).collect::<String>()
            ));
        }
    }
    problems
}

#[test]
fn format_fixtures_yield_their_quotes_at_their_lines_and_columns() {
    let folders = common::fixture_folders("formats");
    assert!(folders.len() >= 3, "fixtures missing");
    let mut failures = Vec::new();
    for folder in &folders {
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(folder.join("expected.json")).unwrap())
                .unwrap();
        let report_analysis = analysis_of(std::slice::from_ref(folder));
        let report = Report::build(&report_analysis);
        let got: Vec<(String, String, usize, usize)> = report
            .quotes
            .iter()
            .map(|q| {
                let file = file_of(q.doc).rsplit('/').next().unwrap().to_string();
                (file, q.text.to_string(), q.line, q.column)
            })
            .collect();
        let want: Vec<(String, String, usize, usize)> = expected["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                (
                    q["file"].as_str().unwrap().to_string(),
                    q["text"].as_str().unwrap().to_string(),
                    q["line"].as_u64().unwrap() as usize,
                    q["column"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let texts: BTreeSet<String> = report.quotes.iter().map(|q| q.text.into_owned()).collect();
        let leaked: Vec<&str> = expected["not_quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .filter(|t| texts.contains(*t))
            .collect();
        let mut problems = locations_point_at_quotes(&report, folder);
        if got != want {
            problems.push(format!("expected {want:#?}\nactual {got:#?}"));
        }
        if !leaked.is_empty() {
            problems.push(format!("furniture read as quotes: {leaked:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n  {}",
                common::name(folder),
                problems.join("\n  ")
            ));
        }
    }
    common::assert_all_match(&failures, folders.len());
}

// ---- The demo corpus in every format ----

/// A name for a document that survives conversion: its path below `corpus/`, with the
/// characters a file name or record id cannot keep replaced.
fn key_of(doc_path: &str) -> String {
    let below = doc_path
        .rsplit_once("corpus/")
        .map_or(doc_path, |(_, rest)| rest);
    below.replace(['.', ':'], "_")
}

/// The key of a converted document: its file stem, or its record id.
fn converted_key(doc_path: &str) -> String {
    match doc_path.split_once(".jsonl:") {
        Some((_, id)) => id.to_string(),
        None => Path::new(doc_path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned(),
    }
}

fn front_matter(doc: &Document) -> String {
    let mut out = String::from("---\n");
    let fields = [
        ("title", doc.title.as_deref()),
        ("outlet", doc.meta.outlet.as_deref()),
        ("date", doc.meta.date.as_deref()),
        ("url", doc.meta.url.as_deref()),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            writeln!(out, "{key}: {value}").unwrap();
        }
    }
    if doc.meta.kind == DocKind::Transcript {
        out.push_str("kind: transcript\n");
    }
    out.push_str("---\n\n");
    out
}

fn blocks(doc: &Document) -> impl Iterator<Item = (BlockRole, &str)> {
    doc.blocks.iter().map(|b| (b.role, &doc.text[b.span()]))
}

fn to_txt(doc: &Document) -> String {
    let mut out = front_matter(doc);
    for (_, text) in blocks(doc) {
        writeln!(out, "{text}\n").unwrap();
    }
    out
}

/// Markdown with the characters Markdown would read as syntax escaped by a backslash, and the
/// curly double quotes written as entities.
fn to_md(doc: &Document) -> String {
    let mut out = front_matter(doc);
    for (role, text) in blocks(doc) {
        let escaped: Vec<String> = text
            .lines()
            .map(|line| {
                let mut line: String = line
                    .trim_start()
                    .chars()
                    .map(|c| match c {
                        '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' | '&' | '#' => {
                            format!("\\{c}")
                        }
                        '“' => "&ldquo;".to_string(),
                        '”' => "&rdquo;".to_string(),
                        c => c.to_string(),
                    })
                    .collect();
                if line.starts_with(['-', '+']) {
                    line.insert(0, '\\');
                }
                line
            })
            .collect();
        let prefix = match role {
            BlockRole::Title => "# ",
            BlockRole::Subheading => "## ",
            BlockRole::Paragraph => "",
        };
        writeln!(out, "{prefix}{}\n", escaped.join("\n")).unwrap();
    }
    out
}

fn html_escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '“' => "&ldquo;".to_string(),
            '”' => "&#8221;".to_string(),
            '’' => "&rsquo;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// A page as a site serves it: metadata in the head, navigation and a teaser list around the
/// story, each with quoted words that are not the story's.
fn to_html(doc: &Document) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    if let Some(title) = &doc.title {
        writeln!(out, "<title>{} | Site</title>", html_escape(title)).unwrap();
        writeln!(
            out,
            "<meta property=\"og:title\" content=\"{}\">",
            html_escape(title)
        )
        .unwrap();
    }
    if let Some(outlet) = &doc.meta.outlet {
        writeln!(
            out,
            "<meta property=\"og:site_name\" content=\"{}\">",
            html_escape(outlet)
        )
        .unwrap();
    }
    if let Some(date) = &doc.meta.date {
        writeln!(
            out,
            "<meta property=\"article:published_time\" content=\"{date}\">"
        )
        .unwrap();
    }
    if let Some(url) = &doc.meta.url {
        writeln!(out, "<link rel=\"canonical\" href=\"{url}\">").unwrap();
    }
    if doc.meta.kind == DocKind::Transcript {
        out.push_str("<meta name=\"quotecheck:kind\" content=\"transcript\">\n");
    }
    out.push_str("<script>var promo = \"“Subscribe today,” says the editor\";</script>\n");
    out.push_str("</head>\n<body>\n<nav class=\"site-nav\"><ul><li><a href=\"/\">Home</a></li><li>“Menu words,” said the site</li></ul></nav>\n<article>\n");
    for (role, text) in blocks(doc) {
        let tag = match role {
            BlockRole::Title => "h1",
            BlockRole::Subheading => "h2",
            BlockRole::Paragraph => "p",
        };
        writeln!(out, "  <{tag}>{}</{tag}>", html_escape(text)).unwrap();
    }
    out.push_str("</article>\n<aside class=\"related\"><h3>Related</h3><ul><li>&ldquo;We are not going anywhere,&rdquo; ferry crews tell bosses</li></ul></aside>\n</body>\n</html>\n");
    out
}

fn to_jsonl_record(doc: &Document, id: &str) -> String {
    let title = doc.title.clone().or_else(|| {
        blocks(doc)
            .find(|(role, _)| *role == BlockRole::Title)
            .map(|(_, t)| t.to_string())
    });
    let body: Vec<&str> = blocks(doc)
        .filter(|(role, _)| *role != BlockRole::Title)
        .map(|(_, t)| t)
        .collect();
    let mut record = serde_json::Map::new();
    record.insert("text".into(), body.join("\n\n").into());
    record.insert("id".into(), id.into());
    if let Some(title) = title {
        record.insert("title".into(), title.into());
    }
    for (key, value) in [
        ("outlet", &doc.meta.outlet),
        ("date", &doc.meta.date),
        ("url", &doc.meta.url),
    ] {
        if let Some(value) = value {
            record.insert(key.into(), value.clone().into());
        }
    }
    if doc.meta.kind == DocKind::Transcript {
        record.insert("kind".into(), "transcript".into());
    }
    record.insert(
        "crawler".into(),
        serde_json::json!({"fetched": [1, 2], "ok": true}),
    );
    // Escape every non-ASCII character (`\u201c`), as many exporters do.
    let json = Value::Object(record).to_string();
    json.chars().fold(String::new(), |mut out, c| {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(out, "\\u{unit:04x}").unwrap();
            }
        }
        out
    })
}

/// What must not change with the format: per document, its quotes; the groups with their
/// members and judgements; the findings; the speakers.
fn summary(report: &Report, key: impl Fn(&str) -> String) -> Value {
    let quote_key = |id: &str| {
        let (doc, k) = id.rsplit_once('#').unwrap();
        format!("{}#{k}", key(doc))
    };
    let quotes: Vec<Value> = report
        .quotes
        .iter()
        .map(|q| {
            serde_json::json!([
                quote_key(&q.id),
                q.text,
                q.kind,
                q.speaker,
                q.cue,
                q.rule,
                q.in_boilerplate
            ])
        })
        .collect();
    let mut groups: Vec<Value> = report
        .groups
        .iter()
        .map(|g| {
            let mut members: Vec<String> = g.members.iter().map(|m| quote_key(m)).collect();
            members.sort();
            let mut pairs: Vec<Value> = g
                .pairs
                .iter()
                .map(|p| {
                    serde_json::json!([
                        quote_key(&p.a),
                        quote_key(&p.b),
                        p.divergence,
                        p.flags,
                        p.misattributed,
                        p.framing.rule,
                    ])
                })
                .collect();
            pairs.sort_by_key(|p| p.to_string());
            serde_json::json!({
                "reference": quote_key(&g.reference),
                "members": members,
                "speakers": g.speakers,
                "occasion": g.possibly_different_occasion,
                "pairs": pairs,
            })
        })
        .collect();
    groups.sort_by_key(|g| g.to_string());
    let mut findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| serde_json::json!([f.fingerprint, f.severity, quote_key(&f.quote), f.reasons]))
        .collect();
    findings.sort_by_key(|f| f.to_string());
    let speakers: Vec<&str> = report.speakers.iter().map(|s| s.name.as_str()).collect();
    let mut quotes = quotes;
    quotes.sort_by_key(|q| q.to_string());
    serde_json::json!({"quotes": quotes, "groups": groups, "findings": findings, "speakers": speakers})
}

#[test]
fn the_demo_corpus_reads_the_same_in_every_format() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let analysis = quotecheck::analyze(std::slice::from_ref(&corpus), &Default::default());
    let formats: BTreeSet<&str> = analysis
        .documents
        .iter()
        .map(|d| file_of(&d.path).rsplit('.').next().unwrap())
        .collect();
    assert_eq!(
        formats,
        ["html", "jsonl", "md", "txt"].into_iter().collect(),
        "the demo corpus has an article in each format"
    );
    let original = Report::build(&analysis);
    let want = summary(&original, key_of);
    let tmp = tempfile::TempDir::new().unwrap();
    for format in ["txt", "md", "html", "jsonl"] {
        let folder = tmp.path().join(format);
        std::fs::create_dir_all(&folder).unwrap();
        let mut feed = String::new();
        for doc in &analysis.documents {
            let key = key_of(&doc.path);
            let written = match format {
                "txt" => to_txt(doc),
                "md" => to_md(doc),
                "html" => to_html(doc),
                _ => {
                    feed.push_str(&to_jsonl_record(doc, &key));
                    feed.push('\n');
                    continue;
                }
            };
            std::fs::write(folder.join(format!("{key}.{format}")), written).unwrap();
        }
        if format == "jsonl" {
            std::fs::write(folder.join("feed.jsonl"), feed).unwrap();
        }
        let converted_analysis = analysis_of(std::slice::from_ref(&folder));
        let converted = Report::build(&converted_analysis);
        assert!(
            converted
                .diagnostics
                .iter()
                .all(|d| d.severity != quotecheck::diagnostics::Severity::Error),
            "{format}: {:?}",
            converted.diagnostics
        );
        let got = summary(&converted, converted_key);
        let problems = locations_point_at_quotes(&converted, Path::new("/"));
        assert!(problems.is_empty(), "{format}: {problems:#?}");
        if got != want {
            for part in ["quotes", "groups", "findings", "speakers"] {
                assert_eq!(
                    serde_json::to_string_pretty(&got[part]).unwrap(),
                    serde_json::to_string_pretty(&want[part]).unwrap(),
                    "{format}: {part} differ"
                );
            }
        }
    }
}
