//! Throughput of each loader on the same generated news copy written in its format, at two
//! sizes, to show loading is linear: the MB/s of the small and the large input agree.
//!
//! `cargo bench --bench load` prints MB/s of the file as written (markup included).

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quotecheck::corpus::{HtmlLoader, JsonlLoader, Loader, MarkdownLoader, TxtLoader};

mod common;
use common::article;

/// The article as a saved web page: head metadata, navigation, an ad slot, the story with its
/// curly quotes written as entities, a teaser list.
fn as_html(text: &str) -> String {
    let mut page = String::from(concat!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Rail | Site</title>",
        "<meta property=\"og:site_name\" content=\"The Bench Times\">",
        "<script>var ads = [\"“slot”\"];</script><style>.a{color:red}</style></head><body>",
        "<nav class=\"site-nav\"><ul><li><a href=\"/\">Home</a></li></ul></nav>",
        "<div class=\"ad-slot\"><p>“Buy now,” says the advert.</p></div>\n<main><article>\n"
    ));
    for (index, paragraph) in text.split("\n\n").filter(|p| !p.is_empty()).enumerate() {
        let tag = if index == 0 { "h1" } else { "p" };
        let escaped = paragraph
            .replace('&', "&amp;")
            .replace('“', "&ldquo;")
            .replace('”', "&#8221;");
        writeln!(page, "    <{tag}>{escaped}</{tag}>").unwrap();
    }
    page.push_str("</article></main><section class=\"most-read\"><ol><li>“Teaser”</li></ol></section></body></html>\n");
    page
}

fn as_markdown(text: &str) -> String {
    format!(
        "---\ntitle: Rail\noutlet: The Bench Times\n---\n\n# {}",
        text.replace('“', "&ldquo;")
    )
}

/// The article as JSONL records of about 8 KiB each, non-ASCII written as `\u` escapes.
fn as_jsonl(text: &str) -> String {
    let mut feed = String::new();
    let mut record = String::new();
    let flush = |record: &mut String, feed: &mut String| {
        let json = serde_json::json!({"title": "Rail", "text": record.as_str()}).to_string();
        for c in json.chars() {
            if c.is_ascii() {
                feed.push(c);
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(feed, "\\u{unit:04x}").unwrap();
                }
            }
        }
        feed.push('\n');
        record.clear();
    };
    for paragraph in text.split("\n\n") {
        record.push_str(paragraph);
        record.push_str("\n\n");
        if record.len() > 8 * 1024 {
            flush(&mut record, &mut feed);
        }
    }
    flush(&mut record, &mut feed);
    feed
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for size in [256 * 1024, 8 * 1024 * 1024] {
        let text = article(size, 3);
        let label = format!("{} KiB of news", size / 1024);
        let inputs: [(&str, String, &dyn Loader); 4] = [
            ("txt", text.clone(), &TxtLoader),
            ("md", as_markdown(&text), &MarkdownLoader),
            ("html", as_html(&text), &HtmlLoader),
            ("jsonl", as_jsonl(&text), &JsonlLoader),
        ];
        for (format, input, loader) in inputs {
            let name = format!("bench.{format}");
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_function(format!("{format}: {label}"), |b| {
                b.iter(|| {
                    black_box(loader.load(&name, black_box(input.as_bytes())))
                        .documents
                        .len()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(loading, benches);
criterion_main!(loading);
