//! The incremental cache: unchanged files are reused, edited ones scanned again, corrupt or
//! foreign entries rebuilt, and the report is the same as without the cache.

mod binary;

use std::fs;
use std::path::Path;

use binary::{quotecheck, write};

const HARBOUR: &str = "Harbour board delays vote on sea wall\n\n\
The harbour board put off its vote on the sea wall on Tuesday.\n\n\
\u{201c}We will not spend money we do not have on a wall nobody has costed,\u{201d} \
board chair Ines Halloran said. \u{201c}The town deserves a proper plan.\u{201d}\n";

const HARBOUR_ECHO: &str = "Sea wall plan stalls\n\n\
Board chair Ines Halloran told reporters: \u{201c}We will not spend money we do not have \
on a wall.\u{201d}\n\n\
Fishermen had asked for the wall since the storms of last winter.\n";

const SCHOOLS: &str = "Schools to get new heating\n\n\
\u{201c}Every classroom will be warm by January,\u{201d} said Education Minister Tomas Wren.\n";

fn corpus(dir: &Path) {
    write(dir, "corpus/harbour.txt", HARBOUR);
    write(dir, "corpus/echo.txt", HARBOUR_ECHO);
    write(dir, "corpus/schools.txt", SCHOOLS);
}

/// Runs `check --format json -v` with the cache in `cache`; returns (report, stderr).
fn check(dir: &Path, cache: &str) -> (String, String) {
    check_with(dir, cache, &[])
}

fn uncached(dir: &Path) -> String {
    let output = quotecheck(dir)
        .args([
            "check",
            "corpus",
            "--format",
            "json",
            "--exit-zero",
            "--no-cache",
        ])
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn unchanged_files_are_reused_and_an_edited_one_is_scanned_again() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (first, stderr) = check(dir.path(), "cache");
    assert!(
        stderr.contains("cache: 0 files reused, 3 scanned"),
        "{stderr}"
    );
    assert!(dir.path().join("cache/extractions.pack").is_file());
    let (second, stderr) = check(dir.path(), "cache");
    assert!(
        stderr.contains("cache: 3 files reused, 0 scanned"),
        "{stderr}"
    );
    assert_eq!(first, second);
    assert_eq!(first, uncached(dir.path()));
    assert!(first.contains("Ines Halloran"));

    // The echo now cuts the quote shorter still: only that file is read again, and the report
    // says so exactly as a run without the cache does.
    write(
        dir.path(),
        "corpus/echo.txt",
        HARBOUR_ECHO.replace(" on a wall", ""),
    );
    let (third, stderr) = check(dir.path(), "cache");
    assert!(
        stderr.contains("cache: 2 files reused, 1 scanned"),
        "{stderr}"
    );
    assert_ne!(third, first);
    assert_eq!(third, uncached(dir.path()));

    // The pack that run rewrote holds the reused entries as well as the new one.
    let (fourth, stderr) = check(dir.path(), "cache");
    assert!(
        stderr.contains("cache: 3 files reused, 0 scanned"),
        "{stderr}"
    );
    assert_eq!(fourth, third);
}

#[test]
fn a_corrupt_entry_is_rebuilt_and_never_trusted() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (first, _) = check(dir.path(), "cache");
    let pack = dir.path().join("cache/extractions.pack");
    let mut bytes = fs::read(&pack).unwrap();
    // The last byte belongs to the last entry's payload: its checksum no longer matches.
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    fs::write(&pack, &bytes).unwrap();
    let (second, stderr) = check(dir.path(), "cache");
    assert!(
        stderr.contains("2 files reused, 1 scanned (1 corrupt entries rebuilt)"),
        "{stderr}"
    );
    assert_eq!(first, second);
    // The rebuilt pack is whole again.
    let (_, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains("3 files reused, 0 scanned"), "{stderr}");
}

#[test]
fn a_truncated_or_foreign_pack_is_ignored_and_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (first, _) = check(dir.path(), "cache");
    let pack = dir.path().join("cache/extractions.pack");
    let bytes = fs::read(&pack).unwrap();
    fs::write(&pack, &bytes[..bytes.len() / 2]).unwrap();
    let (second, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains("0 files reused, 3 scanned"), "{stderr}");
    assert!(stderr.contains("the cache file was damaged"), "{stderr}");
    assert_eq!(first, second);

    // Another configuration is another key: its pack is not used.
    write(
        dir.path(),
        "quotecheck.toml",
        "[severity]\ntruncated = \"error\"\n",
    );
    let (_, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains("0 files reused, 3 scanned"), "{stderr}");
    assert!(stderr.contains("written by another version"), "{stderr}");
    let (_, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains("3 files reused, 0 scanned"), "{stderr}");
}

#[test]
fn the_default_cache_is_in_the_working_directory_and_never_read_as_corpus() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    // A .txt inside the cache folder would be read if the walker went in.
    write(dir.path(), ".quotecheck_cache/stray.txt", SCHOOLS);
    let output = quotecheck(dir.path())
        .args(["quotes", ".", "--format", "json", "-v"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains("stray.txt"), "{stdout}");
    assert!(
        dir.path()
            .join(".quotecheck_cache/extractions.pack")
            .is_file()
    );
    assert!(dir.path().join(".quotecheck_cache/CACHEDIR.TAG").is_file());
    assert_eq!(
        fs::read_to_string(dir.path().join(".quotecheck_cache/.gitignore")).unwrap(),
        "*\n"
    );
}

#[test]
fn no_cache_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let before: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    uncached(dir.path());
    let after: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(before.len(), after.len());
    assert!(!dir.path().join(".quotecheck_cache").exists());
}

/// Runs `check --format json -v` with the cache in `cache` and more arguments; returns
/// (report, stderr).
fn check_with(dir: &Path, cache: &str, more: &[&str]) -> (String, String) {
    check_by(quotecheck(dir), cache, more)
}

/// Runs `check --format json -v` with `binary` (in the folder it was set to run in), the cache
/// in `cache` and more arguments; returns (report, stderr).
fn check_by(mut binary: assert_cmd::Command, cache: &str, more: &[&str]) -> (String, String) {
    let output = binary
        .args(["check", "corpus", "--format", "json", "-v", "--exit-zero"])
        .args(["--cache-dir", cache])
        .args(more)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The line of each quote of the JSON report, by quote id.
fn quote_lines(report: &str) -> Vec<(String, u64)> {
    let report: serde_json::Value = serde_json::from_str(report).unwrap();
    report["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["id"].as_str().unwrap().to_string(),
                q["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

const REUSED: &str = "matching and judging reused";
const DONE_AGAIN: &str = "matching and judging done again";
/// Done again for the whole corpus (the message ends the line).
const DONE_AGAIN_WHOLE: &str = "matching and judging done again\n";

/// Done again for the quotes an edit could touch alone.
fn done_again_for(quotes: usize, of: usize) -> String {
    format!("{DONE_AGAIN} for the {quotes} of {of} quotes the changes could touch, the rest reused")
}

#[test]
fn an_edit_to_the_quotes_matches_and_judges_again_only_what_it_could_touch() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (first, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains(DONE_AGAIN_WHOLE), "{stderr}");
    assert!(dir.path().join("cache/matching.index").is_file());

    // The echo cuts the quote shorter: the harbour's quote it renders is grouped and judged
    // again with it; the harbour's other quote and the schools' keep what they had.
    write(
        dir.path(),
        "corpus/echo.txt",
        HARBOUR_ECHO.replace(" on a wall", ""),
    );
    let (cut, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains(&done_again_for(2, 4)), "{stderr}");
    assert_ne!(cut, first);
    assert_eq!(cut, uncached(dir.path()));

    // A new article renders the minister's quote: it joins the schools' group.
    write(
        dir.path(),
        "corpus/heating.txt",
        "Heating for every school

\u{201c}Every classroom will be warm,\u{201d} said \
         Education Minister Tomas Wren.\n",
    );
    let (added, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains(&done_again_for(2, 5)), "{stderr}");
    assert_eq!(added, uncached(dir.path()));
    assert!(added.contains("corpus/heating.txt#1"), "{added}");

    // The harbour article goes: its quotes go from the groups, and the echo stands alone.
    fs::remove_file(dir.path().join("corpus/harbour.txt")).unwrap();
    let (removed, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains(&done_again_for(1, 3)), "{stderr}");
    assert_eq!(removed, uncached(dir.path()));
    assert!(!removed.contains("corpus/harbour.txt"), "{removed}");
}

#[test]
fn a_damaged_index_means_the_whole_corpus_is_matched_again() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    check(dir.path(), "cache");
    let index = dir.path().join("cache/matching.index");
    let mut bytes = fs::read(&index).unwrap();
    let inside = bytes.len() / 2;
    bytes[inside] ^= 0x55;
    fs::write(&index, &bytes).unwrap();
    write(
        dir.path(),
        "corpus/echo.txt",
        HARBOUR_ECHO.replace(" on a wall", ""),
    );
    let (report, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains(DONE_AGAIN_WHOLE), "{stderr}");
    assert_eq!(report, uncached(dir.path()));
    // Written whole again: the next edit is matched on its own.
    write(dir.path(), "corpus/echo.txt", HARBOUR_ECHO);
    let (_, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains(&done_again_for(2, 4)), "{stderr}");
}

#[test]
fn an_edit_that_leaves_every_quote_as_it_was_reuses_matching_and_judging() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (first, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains(DONE_AGAIN), "{stderr}");
    assert!(dir.path().join("cache/matching.memo").is_file());
    let (second, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains(REUSED), "{stderr}");
    assert_eq!(second, first);

    // A paragraph of prose at the end of one article, and two blank lines before the headline
    // of another: every quote, speaker and cue is as it was, so the groups and findings are
    // reused, but the echo's quotes are two lines further down, and the report says so.
    write(
        dir.path(),
        "corpus/harbour.txt",
        format!("{HARBOUR}\nThe board meets again in March.\n"),
    );
    write(dir.path(), "corpus/echo.txt", format!("\n\n{HARBOUR_ECHO}"));
    let (third, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains("1 files reused, 2 scanned"), "{stderr}");
    assert!(stderr.contains(REUSED), "{stderr}");
    assert_eq!(third, uncached(dir.path()));
    let (before, after) = (quote_lines(&first), quote_lines(&third));
    let moved: Vec<_> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|((id, b), (_, a))| (id.as_str(), *b, *a))
        .collect();
    assert_eq!(moved, [("corpus/echo.txt#1", 3, 5)], "{before:?} {after:?}");
    assert!(third.contains("\"findings\""));
}

#[test]
fn a_changed_quote_cue_or_option_matches_and_judges_again() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    check(dir.path(), "cache");

    // The cue alone changes: the framing differs, so judging runs again.
    write(
        dir.path(),
        "corpus/harbour.txt",
        HARBOUR.replace("Halloran said", "Halloran admitted"),
    );
    let (report, stderr) = check(dir.path(), "cache");
    // Both harbour quotes carry the cue: they are matched and judged again, with the echo
    // grouped with one of them; the schools' quote keeps what it had.
    assert!(stderr.contains(&done_again_for(3, 4)), "{stderr}");
    assert!(report.contains("\"a_cue\": \"admitted\""), "{report}");
    assert_eq!(report, uncached(dir.path()));

    // A judging option is an input of every group: the whole corpus is matched again.
    let (all_pairs, stderr) = check_with(dir.path(), "cache", &["--all-pairs"]);
    assert!(stderr.contains(DONE_AGAIN_WHOLE), "{stderr}");
    let (again, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains(DONE_AGAIN_WHOLE), "{stderr}");
    assert_eq!(again, report);
    let (_, stderr) = check_with(dir.path(), "cache", &["--all-pairs"]);
    assert!(stderr.contains(DONE_AGAIN_WHOLE), "{stderr}");
    let (reused, stderr) = check_with(dir.path(), "cache", &["--all-pairs"]);
    assert!(stderr.contains(REUSED), "{stderr}");
    assert_eq!(reused, all_pairs);
}

#[test]
fn a_damaged_memo_is_rebuilt_and_never_trusted() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (first, _) = check(dir.path(), "cache");
    let memo = dir.path().join("cache/matching.memo");
    let whole = fs::read(&memo).unwrap();

    // A flipped byte in the payload (between the 40 bytes of magic, key and digest and the
    // 8 of the checksum) fails its checksum.
    let mut flipped = whole.clone();
    let inside = 40 + (whole.len() - 48) / 2;
    flipped[inside] ^= 0x55;
    // Cut short, in the header and in the payload.
    let damaged = [
        flipped,
        whole[..20].to_vec(),
        whole[..whole.len() - 3].to_vec(),
    ];
    for bytes in damaged {
        fs::write(&memo, &bytes).unwrap();
        let (report, stderr) = check(dir.path(), "cache");
        assert!(
            stderr.contains("their cache file was damaged and is rebuilt"),
            "{stderr}"
        );
        assert_eq!(report, first);
        assert_eq!(fs::read(&memo).unwrap(), whole, "rewritten whole");
    }
    let (report, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains(REUSED), "{stderr}");
    assert_eq!(report, first);
}

#[test]
fn the_same_binary_installed_again_keeps_its_cache() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    check(dir.path(), "cache");
    // A CI job installs the tool afresh beside a cache it restored: the same bytes, a new
    // file with another modification time.
    let installed = dir.path().join("bin/quotecheck");
    fs::create_dir_all(installed.parent().unwrap()).unwrap();
    fs::copy(env!("CARGO_BIN_EXE_quotecheck"), &installed).unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&installed)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    let mut reinstalled = assert_cmd::Command::new(&installed);
    reinstalled.current_dir(dir.path());
    let (_, stderr) = check_by(reinstalled, "cache", &[]);
    assert!(
        stderr.contains("cache: 3 files reused, 0 scanned"),
        "{stderr}"
    );
    assert!(stderr.contains(REUSED), "{stderr}");
}

#[test]
fn a_memo_that_cannot_be_written_is_a_warning_and_the_report_is_whole() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    // Something else stands where the memo would be written.
    fs::create_dir_all(dir.path().join("cache/matching.memo")).unwrap();
    let (report, stderr) = check(dir.path(), "cache");
    assert!(
        stderr.contains("warning: could not write the cache's memo of matching: cache"),
        "{stderr}"
    );
    assert!(!stderr.contains("could not write the cache:"), "{stderr}");
    assert_eq!(report, uncached(dir.path()));
    // The files' pack was written: the next run scans nothing.
    let (_, stderr) = check(dir.path(), "cache");
    assert!(stderr.contains("3 files reused, 0 scanned"), "{stderr}");
    assert!(stderr.contains(DONE_AGAIN), "{stderr}");
}
