//! Adversarial input in small sizes (fast in a debug build): every run ends in a report, with a
//! diagnostic wherever a limit was hit, never a panic or a silent drop. `bench/adversarial.sh`
//! times the full sizes.

#[path = "support/adversarial.rs"]
mod adversarial;
mod binary;

use std::path::Path;

use binary::{quotecheck, write};
use serde_json::Value;

/// Writes adversarial input `kind` at `size` into `dir/corpus`.
fn corpus(dir: &Path, kind: &str, size: usize) {
    for (path, bytes) in adversarial::generate(kind, size) {
        write(dir, &format!("corpus/{path}"), bytes);
    }
}

/// `check --format json` on `dir/corpus`: the report, once the run ended with `code`.
fn report(dir: &Path, code: i32) -> Value {
    let output = quotecheck(dir)
        .args(["check", "corpus", "--format", "json", "--no-cache"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn codes(report: &Value) -> Vec<&str> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

fn quotes(report: &Value) -> Vec<&str> {
    report["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["text"].as_str().unwrap())
        .collect()
}

#[test]
fn twenty_thousand_mixed_marks_end_in_a_report_with_bounded_warnings() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "marks", 20_000);
    let report = report(dir.path(), 0);
    let codes = codes(&report);
    assert!(!codes.is_empty());
    // Warnings of one kind are counted after the first twenty, not listed one by one.
    assert!(codes.len() < 200, "{} diagnostics", codes.len());
    // Each listed warning has its line and column; the counts of the rest name the file.
    for diagnostic in report["diagnostics"].as_array().unwrap() {
        assert_eq!(diagnostic["path"], "corpus/marks.txt");
        let message = diagnostic["message"].as_str().unwrap();
        if message.contains("more") && message.contains("were not listed") {
            assert!(diagnostic["line"].is_null());
        } else {
            assert!(diagnostic["line"].as_u64().is_some(), "{diagnostic}");
            assert!(diagnostic["column"].as_u64().is_some(), "{diagnostic}");
        }
    }
}

#[test]
fn quotes_nested_a_thousand_deep_keep_the_outer_quote_and_say_what_was_ignored() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "nested", 1_000);
    let report = report(dir.path(), 0);
    assert!(codes(&report).contains(&"nesting-too-deep"), "{report}");
    let quotes = quotes(&report);
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    // The outer quote holds every level, the marks past the limit read as words.
    assert!(
        quotes[0].starts_with("he wrote \u{2018}he wrote"),
        "{}",
        &quotes[0][..40]
    );
    assert!(quotes[0].contains("the end"));
    assert!(quotes[0].len() > 9_000);
}

#[test]
fn a_two_megabyte_article_is_read_whole_and_the_speaker_limit_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "big-article", 2_000_000);
    // One council leader says the same line for ten thousand wards: each is the first ward's
    // line with its number changed.
    let report = report(dir.path(), 1);
    let quotes = quotes(&report);
    assert!(quotes.len() > 10_000, "{}", quotes.len());
    assert!(
        quotes
            .iter()
            .all(|q| q.starts_with("We will publish the figures for ward"))
    );
    assert!(codes(&report).contains(&"speaker-too-many-quotes"));
    let group = &report["groups"][0];
    assert_eq!(group["members"].as_array().unwrap().len(), 2_000);
    assert_eq!(group["pairs"][0]["flags"][0], "number_changed");
}

#[test]
fn a_quote_too_long_to_align_is_named_in_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "big-quote", 100_000);
    let report = report(dir.path(), 0);
    assert_eq!(quotes(&report).len(), 2);
    let diagnostic = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "alignment-too-large")
        .unwrap_or_else(|| panic!("no alignment-too-large diagnostic in {report}"));
    assert_eq!(diagnostic["severity"], "warning");
    assert!(diagnostic["path"].as_str().unwrap().ends_with(".txt"));
    assert_eq!(diagnostic["line"], 3);
    let message = diagnostic["message"].as_str().unwrap();
    assert!(message.contains("words"), "{message}");
}

#[test]
fn two_thousand_tiny_articles() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "tiny-articles", 2_000);
    let report = report(dir.path(), 0);
    assert_eq!(report["documents"].as_array().unwrap().len(), 2_000);
    assert_eq!(quotes(&report).len(), 2_000);
    // "Yes" is too short to be a rendering of anything.
    assert_eq!(report["groups"].as_array().unwrap().len(), 0);
}

#[test]
fn one_speaker_with_many_near_identical_quotes_is_bounded_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "one-speaker", 3_000);
    let report = report(dir.path(), 1);
    let groups = report["groups"].as_array().unwrap();
    assert!(!groups.is_empty());
    let diagnostic = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "speaker-too-many-quotes")
        .unwrap_or_else(|| panic!("no speaker-too-many-quotes diagnostic"));
    let message = diagnostic["message"].as_str().unwrap();
    assert!(message.contains("Ida Roan"), "{message}");
    assert!(message.contains("3000"), "{message}");
}

#[test]
fn html_nested_twenty_thousand_elements_deep() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "deep-html", 20_000);
    let report = report(dir.path(), 0);
    assert_eq!(quotes(&report), ["We found it,"]);
    assert_eq!(report["quotes"][0]["speaker"], "Lina Vos");
}

#[test]
fn a_jsonl_record_on_one_two_megabyte_line() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), "jsonl-line", 2_000_000);
    let report = report(dir.path(), 0);
    let quotes = report["quotes"].as_array().unwrap();
    assert!(quotes.len() > 20_000, "{}", quotes.len());
    // Positions are on the one line, at the escape that opens each quote.
    let last = quotes.last().unwrap();
    assert_eq!(last["line"], 1);
    assert!(last["column"].as_u64().unwrap() > 1_000_000);
}

#[test]
fn invisible_and_bidirectional_characters_inside_quotes_do_not_split_a_match() {
    let dir = tempfile::tempdir().unwrap();
    // The same line three times: with an NBSP and a zero-width joiner, with a combining accent
    // instead of a precomposed one, and with Hebrew and an RTL mark inside; control
    // characters around it.
    write(
        dir.path(),
        "corpus/a.txt",
        "Caf\u{e9} tax\n\n\u{201c}The caf\u{e9} tax will\u{a0}stay until the \
         harbour\u{200d} is rebuilt,\u{201d} Treasurer Noa Levi said.\n",
    );
    write(
        dir.path(),
        "corpus/b.txt",
        "Tax stays\n\n\u{7}Treasurer Noa Levi said: \u{201c}The cafe\u{301} tax will stay \
         until the harbour is rebuilt.\u{201d}\u{1b}\n",
    );
    write(
        dir.path(),
        "corpus/c.txt",
        "\u{5de}\u{5e1} \u{5d1}\u{5d9}\u{5ea} \u{5e7}\u{5e4}\u{5d4}\n\n\u{201c}The caf\u{e9} \
         tax will stay until the harbour\u{200f} is rebuilt \u{5e2}\u{5db}\u{5e9}\u{5d9}\u{5d5},\
         \u{201d} Treasurer Noa Levi said.\n",
    );
    let report = report(dir.path(), 0);
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{report}");
    assert_eq!(groups[0]["members"].as_array().unwrap().len(), 3);
    // c, with its Hebrew word, is the fullest: a and b are cut short of it, and differ from
    // each other only in invisible characters, composition and punctuation.
    assert_eq!(groups[0]["reference"], "corpus/c.txt#1");
    let class_of = |a: &str, b: &str| {
        groups[0]["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["a"] == a && p["b"] == b)
            .map(|p| p["divergence"].as_str().unwrap().to_string())
    };
    assert_eq!(
        class_of("corpus/c.txt#1", "corpus/a.txt#1").as_deref(),
        Some("truncated")
    );
    assert_eq!(
        class_of("corpus/c.txt#1", "corpus/b.txt#1").as_deref(),
        Some("truncated")
    );
    assert_eq!(
        class_of("corpus/a.txt#1", "corpus/b.txt#1").as_deref(),
        Some("cosmetic")
    );
    assert_eq!(
        report["quotes"][2]["text"],
        "The caf\u{e9} tax will stay until the harbour\u{200f} is rebuilt \u{5e2}\u{5db}\u{5e9}\u{5d9}\u{5d5},"
    );
}
