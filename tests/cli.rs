//! End-to-end tests of the `quotecheck` binary: what a person at a terminal (or a script reading
//! the JSON) sees for small news articles written here, in temporary folders.
//!
//! Every command runs with the temporary folder as its working directory and relative PATH
//! arguments, so the printed paths are predictable. Expected lines and positions were worked
//! out by hand from the article texts (columns count characters, 1-based).

mod binary;

use std::fs;

use binary::{quotecheck, write};
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// A short article: a headline with a quoted phrase, a byline, a fragment, an interrupted pair
/// of quotes separated by a full stop, and a quote introduced with a colon.
const PORT_ARTICLE: &str = "\
Minister hails “turning point” at the docks

By Ana Duarte

The ports minister, Clara Venn, said on Tuesday that the deal was “a turning point” for the harbour.

“We are ready,” Venn told reporters. “The cranes will be running again by Monday.”

Union leader Tomas Brandt said: “Our members will vote on the offer next week.”
";

/// The quotes of [`PORT_ARTICLE`] as `quotes` prints them, after `PATH:`.
const PORT_QUOTES: [&str; 5] = [
    "1:17  headline  turning point",
    "5:68  fragment  a turning point",
    "7:2  direct  We are ready,",
    "7:39  direct  The cranes will be running again by Monday.",
    "9:34  direct  Our members will vote on the offer next week.",
];

const ARTICLE_A: &str = "Minister says talks will resume\n\n“We are ready,” the minister said.\n";
const ARTICLE_B: &str =
    "Union weighs offer\n\nThe union leader said: “We will consider the offer carefully.”\n";
const ARTICLE_C: &str =
    "Port strike ends\n\n“It is over,” said the harbour master. “Ships will sail tomorrow.”\n";

/// Expected `quotes` lines of [`ARTICLE_A`], [`ARTICLE_B`] and [`ARTICLE_C`], after `PATH:`.
const QUOTES_A: [&str; 1] = ["3:2  direct  We are ready,"];
const QUOTES_B: [&str; 1] = ["3:25  direct  We will consider the offer carefully."];
const QUOTES_C: [&str; 2] = [
    "3:2  direct  It is over,",
    "3:41  direct  Ships will sail tomorrow.",
];

fn prefixed(path: &str, quotes: &[&str]) -> Vec<String> {
    quotes.iter().map(|q| format!("{path}:{q}")).collect()
}

/// A folder `docs` with b.txt, sub/c.txt and a.txt, written in that (unsorted) order.
fn three_article_folder() -> TempDir {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "docs/b.txt", ARTICLE_B);
    write(tmp.path(), "docs/sub/c.txt", ARTICLE_C);
    write(tmp.path(), "docs/a.txt", ARTICLE_A);
    tmp
}

fn sorted_three() -> Vec<String> {
    let mut want = prefixed("docs/a.txt", &QUOTES_A);
    want.extend(prefixed("docs/b.txt", &QUOTES_B));
    want.extend(prefixed("docs/sub/c.txt", &QUOTES_C));
    want
}

// 1. Human output of `quotes`.

#[test]
fn quotes_lists_each_quote_of_an_article_with_path_line_column_and_kind() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "news/port.txt", PORT_ARTICLE);
    let output = quotecheck(tmp.path())
        .args(["quotes", "news"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(
        lines(&stdout_of(&output)),
        prefixed("news/port.txt", &PORT_QUOTES),
    );
    assert_eq!(
        stderr_of(&output),
        "",
        "a clean article prints no diagnostics"
    );
}

#[test]
fn quotes_of_the_simple_example_article() {
    let tmp = TempDir::new().unwrap();
    write(
        tmp.path(),
        "dir/a.txt",
        "Headline here\n\n“We are ready,” the minister said.\n",
    );
    quotecheck(tmp.path())
        .args(["quotes", "dir"])
        .assert()
        .code(0)
        .stdout("dir/a.txt:3:2  direct  We are ready,\n");
}

#[test]
fn a_hard_wrapped_quote_is_printed_on_one_line() {
    let tmp = TempDir::new().unwrap();
    write(
        tmp.path(),
        "wrap.txt",
        "Rail strike talks\n\n\
         The union leader, speaking outside the ministry late on Friday,\n\
         said: “We have waited five months for a serious offer and\n\
         we will not wait another five.”\n",
    );
    quotecheck(tmp.path())
        .args(["quotes", "wrap.txt"])
        .assert()
        .code(0)
        .stdout(
            "wrap.txt:4:8  direct  We have waited five months for a serious offer and we will \
             not wait another five.\n",
        );
}

// 2. Paths as found, each file once, folders in sorted order.

/// The lines `quotecheck quotes PATHS` prints in `dir`, which must exit 0.
fn quotes_listed(dir: &std::path::Path, paths: &[&str]) -> Vec<String> {
    let output = quotecheck(dir)
        .arg("quotes")
        .args(paths)
        .assert()
        .code(0)
        .get_output()
        .clone();
    stdout_of(&output).lines().map(str::to_string).collect()
}

#[test]
fn a_file_reached_twice_is_listed_once_under_the_first_path() {
    let tmp = three_article_folder();
    let listed = quotes_listed(tmp.path(), &["docs", "docs/a.txt"]);
    assert_eq!(listed, sorted_three());

    // Named first, the file keeps its place and the folder walk does not repeat it.
    let listed = quotes_listed(tmp.path(), &["docs/a.txt", "docs"]);
    assert_eq!(listed, sorted_three());
}

/// A symbolic link or a hard link to an article already reached is the same article: read
/// once, under the path that reached it first.
#[cfg(unix)]
#[test]
fn a_file_linked_twice_in_the_corpus_is_read_once() {
    let tmp = three_article_folder();
    let docs = tmp.path().join("docs");
    std::os::unix::fs::symlink(docs.join("b.txt"), docs.join("x-symlink-to-b.txt")).unwrap();
    fs::hard_link(docs.join("a.txt"), docs.join("y-hard-link-to-a.txt")).unwrap();
    let listed = quotes_listed(tmp.path(), &["docs"]);
    assert_eq!(listed, sorted_three());
}

#[test]
fn folders_are_walked_in_sorted_order_and_arguments_in_given_order() {
    let tmp = three_article_folder();
    let listed = quotes_listed(tmp.path(), &["docs"]);
    assert_eq!(listed, sorted_three());

    let listed = quotes_listed(tmp.path(), &["docs/sub/c.txt", "docs/b.txt"]);
    let mut want = prefixed("docs/sub/c.txt", &QUOTES_C);
    want.extend(prefixed("docs/b.txt", &QUOTES_B));
    assert_eq!(listed, want);
}

#[test]
fn the_json_report_holds_a_file_reached_twice_once() {
    let tmp = three_article_folder();
    let output = quotecheck(tmp.path())
        .args([
            "check",
            "--format",
            "json",
            "docs",
            "docs/a.txt",
            "docs/sub",
        ])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["docs/a.txt", "docs/b.txt", "docs/sub/c.txt"]);
    assert_eq!(report["quotes"].as_array().unwrap().len(), 4);
}

// 3. .gitignore and skipped files.

#[test]
fn gitignored_files_are_not_read_even_outside_a_git_repository() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "site/.gitignore", "drafts/\n*.draft.txt\n");
    write(tmp.path(), "site/final.txt", ARTICLE_A);
    write(
        tmp.path(),
        "site/budget.draft.txt",
        "Draft copy\n\n“These words must never be printed,” the aide said.\n",
    );
    // Binary: reading it would be an error and exit 2.
    write(
        tmp.path(),
        "site/drafts/scan.txt",
        b"PK\x03\x04\x00\x00\x00",
    );
    assert!(!tmp.path().join(".git").exists());
    let output = quotecheck(tmp.path())
        .args(["quotes", "site"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(
        lines(&stdout_of(&output)),
        prefixed("site/final.txt", &QUOTES_A)
    );
    let stderr = stderr_of(&output);
    assert!(!stderr.contains("scan.txt"), "{stderr}");
    assert!(!stderr.contains("draft"), "{stderr}");

    // Named on the command line, an ignored file is read (as ripgrep does).
    quotecheck(tmp.path())
        .args(["quotes", "site/budget.draft.txt"])
        .assert()
        .code(0)
        .stdout("site/budget.draft.txt:3:2  direct  These words must never be printed,\n");
}

#[test]
fn verbose_lists_skipped_files_in_formats_it_does_not_read() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "site/a.txt", ARTICLE_A);
    write(
        tmp.path(),
        "site/page.rtf",
        "{\\rtf1 “Word processor words,” the spokesman said.}\n",
    );
    let output = quotecheck(tmp.path())
        .args(["quotes", "-v", "site"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(
        lines(&stdout_of(&output)),
        prefixed("site/a.txt", &QUOTES_A)
    );
    let stderr = stderr_of(&output);
    let skipped: Vec<&str> = stderr.lines().filter(|l| l.contains("skipped")).collect();
    assert_eq!(skipped.len(), 1, "{stderr}");
    assert!(skipped[0].starts_with("site/page.rtf: skipped"), "{stderr}");

    // Without -v the skipped file is not mentioned.
    quotecheck(tmp.path())
        .args(["quotes", "site"])
        .assert()
        .code(0)
        .stderr("");
}

#[test]
fn verbose_lists_quoted_words_that_are_not_quotes() {
    let tmp = TempDir::new().unwrap();
    write(
        tmp.path(),
        "reform.txt",
        "Pension reform stalls\n\n\
         The so-called “reform package” was criticised by the opposition on Monday.\n\n\
         “We will not support it,” the opposition leader said.\n",
    );
    let output = quotecheck(tmp.path())
        .args(["quotes", "-v", "reform.txt"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(
        stdout_of(&output),
        "reform.txt:5:2  direct  We will not support it,\n"
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("reform.txt:3:16: not a quote: \"reform package\""),
        "{stderr}"
    );
    quotecheck(tmp.path())
        .args(["quotes", "reform.txt"])
        .assert()
        .code(0)
        .stderr("");
}

// 4. Exit codes and hostile input.

#[test]
fn a_missing_path_exits_2_and_names_the_path() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "a.txt", ARTICLE_A);
    quotecheck(tmp.path())
        .args(["quotes", "no-such-folder"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no-such-folder"));

    // The paths that exist are still read.
    quotecheck(tmp.path())
        .args(["quotes", "a.txt", "missing.txt"])
        .assert()
        .code(2)
        .stdout(format!("a.txt:{}\n", QUOTES_A[0]))
        .stderr(predicate::str::contains("missing.txt: error:"));
}

#[test]
fn a_binary_file_exits_2_and_the_other_files_are_still_reported() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "wire/a.txt", ARTICLE_A);
    write(
        tmp.path(),
        "wire/b.txt",
        b"PK\x03\x04\x14\x00\x00\x00binary junk",
    );
    write(tmp.path(), "wire/c.txt", ARTICLE_C);
    let output = quotecheck(tmp.path())
        .args(["quotes", "wire"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let mut want = prefixed("wire/a.txt", &QUOTES_A);
    want.extend(prefixed("wire/c.txt", &QUOTES_C));
    assert_eq!(lines(&stdout_of(&output)), want);
    let stderr = stderr_of(&output);
    assert!(stderr.contains("wire/b.txt: error: "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    // -q silences the diagnostic but not the exit code.
    quotecheck(tmp.path())
        .args(["quotes", "-q", "wire"])
        .assert()
        .code(2)
        .stderr("");
}

#[test]
fn a_utf16_file_is_an_error() {
    let tmp = TempDir::new().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "Talks resume\n\n“We are ready,” she said.\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    write(tmp.path(), "utf16.txt", bytes);
    quotecheck(tmp.path())
        .args(["quotes", "utf16.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::starts_with("utf16.txt: error: ")
                .and(predicate::str::contains("UTF-16")),
        );
}

#[test]
fn an_empty_file_is_a_warning_and_exits_0() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "empty.txt", "");
    write(tmp.path(), "blank.txt", "\n\n  \n");
    quotecheck(tmp.path())
        .args(["quotes", "empty.txt"])
        .assert()
        .code(0)
        .stdout("")
        .stderr(
            predicate::str::starts_with("empty.txt: warning: ")
                .and(predicate::str::contains("empty")),
        );
    quotecheck(tmp.path())
        .args(["quotes", "blank.txt"])
        .assert()
        .code(0)
        .stderr(predicate::str::starts_with("blank.txt: warning: "));
    quotecheck(tmp.path())
        .args(["quotes", "-q", "empty.txt"])
        .assert()
        .code(0)
        .stderr("");
}

/// Line 3 has a stray 0xFF byte at column 5 (byte 25), then a quote whose words start at
/// column 29.
const BAD_UTF8: &[u8] =
    b"Headline here today\n\nBad \xFF byte, then she said: \xE2\x80\x9CWe will sign.\xE2\x80\x9D\n";

#[test]
fn invalid_utf8_is_a_warning_with_its_position_and_later_quotes_are_listed() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "bad.txt", BAD_UTF8);
    let output = quotecheck(tmp.path())
        .args(["quotes", "bad.txt"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(stdout_of(&output), "bad.txt:3:29  direct  We will sign.\n");
    let stderr = stderr_of(&output);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("bad.txt:3:5: warning: "), "{stderr}");
    assert!(stderr.contains("UTF-8"), "{stderr}");
}

#[test]
fn invalid_utf8_after_a_byte_order_mark_is_reported_at_its_column() {
    let tmp = TempDir::new().unwrap();
    // “Café \xFF talks …”: the bad byte is the 7th character of the line, after the BOM.
    let line = b"\xE2\x80\x9CCaf\xC3\xA9 \xFF talks will go on,\xE2\x80\x9D the minister said.\n";
    write(tmp.path(), "plain.txt", line);
    write(
        tmp.path(),
        "bom.txt",
        [b"\xEF\xBB\xBF".as_slice(), line].concat(),
    );
    for name in ["plain.txt", "bom.txt"] {
        let output = quotecheck(tmp.path())
            .args(["quotes", name])
            .assert()
            .code(0)
            .get_output()
            .clone();
        assert_eq!(
            stdout_of(&output),
            format!("{name}:1:2  direct  Café \u{FFFD} talks will go on,\n")
        );
        let stderr = stderr_of(&output);
        assert!(
            stderr.starts_with(&format!("{name}:1:7: warning: invalid UTF-8")),
            "{stderr}"
        );
    }
}

#[test]
fn many_invalid_bytes_give_a_bounded_number_of_warnings() {
    let tmp = TempDir::new().unwrap();
    let mut bytes = b"Bad copy everywhere\n\n".to_vec();
    for _ in 0..5_000 {
        bytes.extend_from_slice(b"caf\xE9 \xE2\x80\x9CWe will sign,\xE2\x80\x9D she said.\n");
    }
    write(tmp.path(), "latin1.txt", &bytes);
    let output = quotecheck(tmp.path())
        .args(["quotes", "latin1.txt"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(stdout_of(&output).lines().count(), 5_000);
    let stderr = stderr_of(&output);
    assert!(
        stderr.lines().count() <= 60,
        "{} lines",
        stderr.lines().count()
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("latin1.txt:3:4: warning: ")),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("latin1.txt: warning: ") && l.contains("more")),
        "the rest are summarised: {stderr}"
    );
}

#[test]
fn a_hundred_thousand_unclosed_opening_marks_finish_with_bounded_diagnostics() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "marks.txt", "“".repeat(100_000));
    let output = quotecheck(tmp.path())
        .args(["quotes", "marks.txt"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stderr = stderr_of(&output);
    let count = stderr.lines().count();
    assert!((1..=60).contains(&count), "{count} lines on stderr");
    assert!(
        stderr.lines().all(|l| l.starts_with("marks.txt")),
        "{stderr}"
    );
}

#[test]
fn a_hundred_thousand_orphan_closing_marks_finish_with_bounded_diagnostics() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "marks.txt", "”".repeat(100_000));
    let output = quotecheck(tmp.path())
        .args(["quotes", "marks.txt"])
        .assert()
        .code(0)
        .stdout("")
        .get_output()
        .clone();
    let count = stderr_of(&output).lines().count();
    assert!((1..=60).contains(&count), "{count} lines on stderr");
}

/// One sentence of wire copy with one quote; repeated without line breaks it makes a file of
/// one very long line.
const WIRE_SENTENCE: &str = "The minister said: “We are ready to sign the agreement this week.” \
                             Union leaders were unconvinced. ";

#[test]
fn a_five_megabyte_single_line_article_exits_0_with_every_quote() {
    let tmp = TempDir::new().unwrap();
    let repeats = 5_000_000 / WIRE_SENTENCE.len() + 1;
    write(tmp.path(), "long.txt", WIRE_SENTENCE.repeat(repeats));
    let output = quotecheck(tmp.path())
        .args(["quotes", "long.txt"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stdout = stdout_of(&output);
    assert_eq!(stdout.lines().count(), repeats);
    let second_column = 1 + WIRE_SENTENCE.chars().count() + 20;
    assert_eq!(
        stdout.lines().nth(1).unwrap(),
        format!(
            "long.txt:1:{second_column}  direct  We are ready to sign the agreement this week."
        )
    );
}

/// Tens of thousands of quoted paragraphs (about a megabyte) in one article: a guard against work
/// per quote that grows with the number of quotes in the document.
#[test]
fn a_long_article_of_many_quoted_paragraphs_finishes() {
    let tmp = TempDir::new().unwrap();
    let paragraph = "The minister says: “We are ready.”\n\n";
    let paragraphs = 30_000;
    write(
        tmp.path(),
        "long.txt",
        format!("Headline about a deal\n\n{}", paragraph.repeat(paragraphs)),
    );
    let output = quotecheck(tmp.path())
        .args(["quotes", "long.txt"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stdout = stdout_of(&output);
    assert_eq!(stdout.lines().count(), paragraphs);
    assert_eq!(
        stdout.lines().last().unwrap(),
        format!("long.txt:{}:21  direct  We are ready.", 1 + 2 * paragraphs)
    );
}

// 5. The JSON report.

/// Byte-order mark and CRLF line ends; an interrupted quote on line 5.
const CRLF_ARTICLE: &[u8] = "\u{FEFF}Port deal close\r\n\r\n\
    The minister said: “We are ready to sign.”\r\n\r\n\
    “It is a good offer,” she added, “and a fair one.”\r\n"
    .as_bytes();

/// A quote over two paragraphs in the news convention (no closing mark on the first).
const MULTI_PARAGRAPH: &str = "\
Statement from the harbour board

The board said in a statement on Friday:

“The first part of the statement ends with this sentence.

“The second part closes it and thanks the crews.”
";

fn json_corpus() -> TempDir {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "corpus/1-crlf.txt", CRLF_ARTICLE);
    write(tmp.path(), "corpus/2-bad.txt", BAD_UTF8);
    write(tmp.path(), "corpus/3-empty.txt", "");
    write(tmp.path(), "corpus/4-port.txt", PORT_ARTICLE);
    write(tmp.path(), "corpus/5-multi.txt", MULTI_PARAGRAPH);
    tmp
}

#[test]
fn check_json_is_the_versioned_report_with_file_byte_offsets() {
    let tmp = json_corpus();
    let output = quotecheck(tmp.path())
        .args(["check", "--format", "json", "corpus"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(stderr_of(&output), "", "warnings stay in the report");
    let report: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(report["version"], 1);
    for key in ["groups", "findings"] {
        assert!(report[key].is_array(), "{key}");
    }
    let documents = report["documents"].as_array().unwrap();
    let paths: Vec<&str> = documents
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "corpus/1-crlf.txt",
            "corpus/2-bad.txt",
            "corpus/3-empty.txt",
            "corpus/4-port.txt",
            "corpus/5-multi.txt"
        ]
    );
    let counts: Vec<u64> = documents
        .iter()
        .map(|d| d["quotes"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [3, 1, 0, 5, 1]);

    let quotes = report["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 10);
    for document in documents {
        let path = document["path"].as_str().unwrap();
        let ids: Vec<&str> = quotes
            .iter()
            .filter(|q| q["doc"] == path)
            .map(|q| q["id"].as_str().unwrap())
            .collect();
        let want: Vec<String> = (1..=ids.len()).map(|k| format!("{path}#{k}")).collect();
        assert_eq!(ids, want);
    }
    let mut multi_segment = 0;
    for quote in quotes {
        let bytes = fs::read(tmp.path().join(quote["doc"].as_str().unwrap())).unwrap();
        let text = quote["text"].as_str().unwrap();
        let start = quote["start"].as_u64().unwrap() as usize;
        let end = quote["end"].as_u64().unwrap() as usize;
        let segments = quote["segments"].as_array().unwrap();
        assert_eq!(segments[0][0].as_u64().unwrap() as usize, start, "{quote}");
        assert_eq!(
            segments.last().unwrap()[1].as_u64().unwrap() as usize,
            end,
            "{quote}"
        );
        if segments.len() == 1 {
            assert_eq!(&bytes[start..end], text.as_bytes(), "{quote}");
        } else {
            multi_segment += 1;
            let joined: Vec<&str> = segments
                .iter()
                .map(|s| {
                    let (s, e) = (
                        s[0].as_u64().unwrap() as usize,
                        s[1].as_u64().unwrap() as usize,
                    );
                    std::str::from_utf8(&bytes[s..e]).unwrap()
                })
                .collect();
            assert_eq!(joined.join(" "), text, "{quote}");
        }
    }
    assert_eq!(multi_segment, 1);

    let texts: Vec<&str> = quotes.iter().map(|q| q["text"].as_str().unwrap()).collect();
    assert_eq!(
        &texts[..4],
        [
            "We are ready to sign.",
            "It is a good offer,",
            "and a fair one.",
            "We will sign."
        ]
    );
    assert_eq!(quotes[2]["continues"], "corpus/1-crlf.txt#2");
    assert_eq!(
        (&quotes[0]["line"], &quotes[0]["column"]),
        (&3.into(), &21.into())
    );
    assert_eq!(
        (&quotes[2]["line"], &quotes[2]["column"]),
        (&5.into(), &35.into())
    );
    assert_eq!(
        texts[9],
        "The first part of the statement ends with this sentence. \
         The second part closes it and thanks the crews."
    );

    let diagnostics = report["diagnostics"].as_array().unwrap();
    let summary: Vec<(&str, &str, &Value, &Value, &str)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                &d["line"],
                &d["column"],
                d["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "warning",
                "corpus/2-bad.txt",
                &3.into(),
                &5.into(),
                "invalid-utf8"
            ),
            (
                "warning",
                "corpus/3-empty.txt",
                &Value::Null,
                &Value::Null,
                "empty-file"
            ),
        ]
    );
    assert!(
        diagnostics
            .iter()
            .all(|d| d["message"].as_str().is_some_and(|m| !m.is_empty()))
    );
}

#[test]
fn check_json_repeats_errors_on_stderr_but_not_warnings() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "in/a.txt", ARTICLE_A);
    write(tmp.path(), "in/b.txt", b"\x00\x01\x02\x03");
    write(tmp.path(), "in/c.txt", "");
    let output = quotecheck(tmp.path())
        .args(["check", "--format", "json", "in", "gone.txt"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["severity"].as_str().unwrap(), d["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            ("error", "gone.txt"),
            ("error", "in/b.txt"),
            ("warning", "in/c.txt")
        ]
    );
    let stderr = stderr_of(&output);
    let mut error_lines: Vec<&str> = stderr.lines().collect();
    error_lines.sort();
    assert_eq!(error_lines.len(), 2, "{stderr}");
    assert!(error_lines[0].starts_with("gone.txt: error: "), "{stderr}");
    assert!(error_lines[1].starts_with("in/b.txt: error: "), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn check_human_prints_a_summary_and_warnings_on_stderr() {
    let tmp = json_corpus();
    let output = quotecheck(tmp.path())
        .args(["check", "corpus"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stdout = stdout_of(&output);
    // The headline's “turning point” condenses the body's “a turning point”, framed as
    // "hails" where the body says "said".
    assert!(stdout.contains("corpus/4-port.txt:1:17"), "{stdout}");
    assert!(
        stdout.contains("note: truncated, headline, framing: said → hails"),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().last().unwrap(),
        "5 documents, 10 quotes, 2 speakers, 1 group, 1 finding (0 errors, 0 warnings, 1 note); \
         diagnostics: 0 errors, 2 warnings"
    );
    let stderr = stderr_of(&output);
    assert_eq!(
        lines(&stderr)
            .iter()
            .map(|l| l.split(": warning: ").next().unwrap())
            .collect::<Vec<_>>(),
        ["corpus/2-bad.txt:3:5", "corpus/3-empty.txt"]
    );
}

// 6. JSON lines.

#[test]
fn quotes_jsonl_prints_one_quote_object_a_line() {
    let tmp = json_corpus();
    let output = quotecheck(tmp.path())
        .args(["quotes", "--format", "jsonl", "corpus"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(stderr_of(&output), "");
    let stdout = stdout_of(&output);
    let quotes: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(quotes.len(), 10);
    assert!(quotes.iter().all(|q| q["text"].is_string()), "{stdout}");
    assert_eq!(quotes[0]["id"], "corpus/1-crlf.txt#1");
    assert_eq!(quotes[0]["text"], "We are ready to sign.");

    // The same quotes, in the same order, as the human listing.
    let human = quotecheck(tmp.path())
        .args(["quotes", "-q", "corpus"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let human = stdout_of(&human);
    let from_jsonl: Vec<String> = quotes
        .iter()
        .map(|q| {
            let text = q["text"]
                .as_str()
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>();
            format!(
                "{}:{}:{}  {}  {}",
                q["doc"].as_str().unwrap(),
                q["line"],
                q["column"],
                q["kind"].as_str().unwrap(),
                text.join(" ")
            )
        })
        .collect();
    assert_eq!(lines(&human), from_jsonl);
}

// 7. Help and usage errors.

#[test]
fn subcommand_help_shows_examples_and_exit_codes() {
    let tmp = TempDir::new().unwrap();
    for command in ["check", "quotes"] {
        quotecheck(tmp.path())
            .args([command, "--help"])
            .assert()
            .code(0)
            .stdout(
                predicate::str::contains("Examples")
                    .and(predicate::str::contains("Exit codes"))
                    .and(predicate::str::contains(format!("quotecheck {command}"))),
            );
    }
}

#[test]
fn usage_errors_exit_2() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "corpus/a.txt", ARTICLE_A);
    quotecheck(tmp.path())
        .args(["quotes", "--no-such-flag"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--no-such-flag"));
    quotecheck(tmp.path())
        .args(["check", "--format", "xml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("xml"));
    quotecheck(tmp.path())
        .args(["summarise"])
        .assert()
        .code(2)
        .stdout("");
}

// 8. The default PATH.

#[test]
fn without_a_path_the_corpus_folder_is_read() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "corpus/x.txt", ARTICLE_B);
    write(tmp.path(), "elsewhere.txt", ARTICLE_A);
    quotecheck(tmp.path())
        .arg("quotes")
        .assert()
        .code(0)
        .stdout(format!("corpus/x.txt:{}\n", QUOTES_B[0]));
}

#[test]
fn without_a_path_and_without_a_corpus_folder_exits_2() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "article.txt", ARTICLE_A);
    quotecheck(tmp.path())
        .arg("quotes")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("corpus"));
    quotecheck(tmp.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("corpus"));
}

/// Twenty-two articles repeating one remark of Marta Kowal word for word, each with its own
/// surrounding copy (so none is a syndicated copy of another).
fn repeated_remark_corpus() -> TempDir {
    let tmp = TempDir::new().unwrap();
    for n in 1..=22 {
        write(
            tmp.path(),
            &format!("corpus/{n:02}.txt"),
            format!(
                "Bridge works enter week {n}\n\n\
                 “The bridge will reopen to traffic on the first of September,” \
                 Mayor Marta Kowal said on visit number {n}.\n"
            ),
        );
    }
    tmp
}

#[test]
fn all_pairs_is_capped_per_group_and_the_report_says_so() {
    let tmp = repeated_remark_corpus();
    let json = |extra: &[&str]| -> Value {
        let output = quotecheck(tmp.path())
            .args(["check", "corpus", "--format", "json"])
            .args(extra)
            .assert()
            .code(0)
            .get_output()
            .clone();
        serde_json::from_slice(&output.stdout).unwrap()
    };
    // A big group is compared with its reference only, unless asked.
    let report = json(&[]);
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["members"].as_array().unwrap().len(), 22);
    assert_eq!(groups[0]["pairs"].as_array().unwrap().len(), 21);
    assert_eq!(groups[0]["pairs_capped"], false);
    // Every pair would be 21 + 210; the cap keeps 200 and says so.
    let report = json(&["--all-pairs"]);
    let group = &report["groups"][0];
    assert_eq!(group["pairs"].as_array().unwrap().len(), 200);
    assert_eq!(group["pairs_capped"], true);
    let human = quotecheck(tmp.path())
        .args(["check", "corpus", "--all-pairs"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert!(
        stdout_of(&human).contains(
            "(member-to-member comparisons stop at 200 pairs; every member is compared with the \
             reference)"
        ),
        "{}",
        stdout_of(&human)
    );
}

#[test]
fn timings_name_every_stage_in_order_with_its_wall_and_processor_time() {
    let tmp = three_article_folder();
    let output = quotecheck(tmp.path())
        .args(["check", "docs", "--timings", "--no-cache", "-q"])
        .assert()
        .get_output()
        .clone();
    let stderr = stderr_of(&output);
    let stages: Vec<&str> = lines(&stderr)
        .into_iter()
        .filter_map(|line| line.strip_prefix("quotecheck: "))
        .map(|line| {
            let (stage, figures) = line.split_once(": ").expect("stage: figures");
            // "0.012 s (0.020 s processor), 31 MB resident"
            let (wall, rest) = figures.split_once(" s (").expect("wall time first");
            let (processor, _) = rest
                .split_once(" s processor)")
                .expect("then processor time");
            wall.parse::<f64>().expect("wall seconds");
            processor.parse::<f64>().expect("processor seconds");
            stage
        })
        .collect();
    assert_eq!(
        stages,
        [
            "discover",
            "load, extract, attribute",
            "canonical speakers",
            "versions",
            "group",
            "judge",
            "review",
            "report",
            "print"
        ],
        "{stderr}"
    );
}
