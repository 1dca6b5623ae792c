//! The report formats and the CI workflow around them: a snapshot of every format on the demo
//! corpus (each read and checked by hand when accepted), SARIF that code scanning accepts,
//! GitHub workflow commands, the baseline, accepting a finding with a reason, and reporting
//! only what changed.

mod binary;

use std::fs;
use std::path::Path;

use binary::{quotecheck, write};
use serde_json::Value;
use tempfile::TempDir;

fn demo(format: &str) -> String {
    let output = quotecheck(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["check", "corpus", "--color", "never", "--format", format])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "the demo corpus has warnings"
    );
    String::from_utf8(output.stdout).unwrap()
}

/// One snapshot per format, named for it (`tests/snapshots/reports__FORMAT.snap`).
#[test]
fn every_format_matches_its_snapshot() {
    for format in [
        "human", "markdown", "github", "sarif", "jsonl", "html", "json",
    ] {
        insta::assert_snapshot!(format, demo(format));
    }
}

#[test]
fn sarif_has_what_code_scanning_requires() {
    let text = demo("sarif");
    let sarif: serde_sarif::sarif::Sarif = serde_json::from_str(&text).expect("SARIF types");
    assert_eq!(sarif.version, Value::from("2.1.0"));
    let run = &sarif.runs[0];
    assert_eq!(run.tool.driver.name, "quotecheck");
    let rules: Vec<&str> = run
        .tool
        .driver
        .rules
        .as_ref()
        .unwrap()
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let results = run.results.as_ref().unwrap();
    assert!(!results.is_empty());
    for result in results {
        assert!(rules.contains(&result.rule_id.as_deref().unwrap()));
        assert!(!result.message.text.as_deref().unwrap().is_empty());
        let location = result.locations.as_ref().unwrap()[0]
            .physical_location
            .as_ref()
            .unwrap();
        let uri = location
            .artifact_location
            .as_ref()
            .unwrap()
            .uri
            .as_ref()
            .unwrap();
        assert!(
            uri.starts_with("corpus/") && !uri.contains(".jsonl:"),
            "{uri}"
        );
        let region = location.region.as_ref().unwrap();
        assert!(region.start_line.unwrap() >= 1 && region.start_column.unwrap() >= 1);
        let fingerprint = &result.partial_fingerprints.as_ref().unwrap()["quotecheck/v1"];
        assert_eq!(fingerprint.len(), 16);
        assert!(!result.related_locations.as_ref().unwrap().is_empty());
    }
    assert_eq!(run.column_kind, Some(Value::from("unicodeCodePoints")));
}

/// Two articles: a quote with `%`, `:` and `,` in it, rendered with a word changed, and a
/// quote over two paragraphs cut short.
fn escaping_corpus() -> TempDir {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("corpus");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("a.txt"),
        "Fares to rise\n\n\
         “Fares will rise by 5%, no more: that is a promise,” said Mayor Ines Marlow.\n",
    )
    .unwrap();
    fs::write(
        dir.join("b.txt"),
        "Fares up again\n\n\
         “Fares will rise by 9%, no more: that is a promise,” said Mayor Ines Marlow.\n",
    )
    .unwrap();
    let budget = |years: &str| {
        format!(
            "Budget news\n\n“The budget is balanced for the first time in {years}.\n\n\
             “We will keep it that way through the next election,” said Treasurer Omar Feld.\n"
        )
    };
    fs::write(dir.join("c.txt"), budget("a decade")).unwrap();
    fs::write(dir.join("d.txt"), budget("nine years")).unwrap();
    tmp
}

#[test]
fn github_annotations_follow_the_workflow_command_syntax() {
    let tmp = escaping_corpus();
    let output = quotecheck(tmp.path())
        .args(["check", "corpus", "--format", "github"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let annotation_for = |file: &str| {
        *lines
            .iter()
            .find(|l| l.contains(&format!("file={file},")))
            .unwrap()
    };
    let line = annotation_for("corpus/b.txt");
    assert!(
        line.starts_with("::error file=corpus/b.txt,line=3,col=2,endColumn="),
        "{line}"
    );
    let (properties, message) = line[2..].split_once("::").unwrap();
    // Properties escape `:` and `,` inside values; the message escapes `%`.
    assert!(properties.contains("title=quotecheck%3A altered%2C number_changed (Ines Marlow)"));
    assert!(message.contains("by 9%25, no more: that"), "{message}");
    assert!(
        message.contains("corpus/a.txt:3"),
        "the reference is cited: {message}"
    );
    // A quote over two paragraphs: the annotation spans the lines and has no column.
    let spanning = annotation_for("corpus/d.txt");
    assert!(
        spanning.starts_with("::error file=corpus/d.txt,line=3,endLine=5,title="),
        "{spanning}"
    );
    let demo = demo("github");
    let annotations: Vec<&str> = demo.lines().collect();
    assert_eq!(annotations.len(), 51, "50 annotations and a closing line");
    assert!(annotations[50].starts_with("::notice title=quotecheck::"));
    assert!(annotations[50].contains("more findings not annotated (--max-annotations 50)"));
}

fn json(cmd: &mut assert_cmd::Command) -> (Option<i32>, Value) {
    let output = cmd.output().unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.code(), report)
}

const ORIGINAL: &str = "Council backs seawall\n\n\
    Councillor Priya Natarajan spoke after the vote.\n\n\
    “We will finish the seawall before the winter storms, and not a day later,” Natarajan said.\n";
const CUT: &str = "Seawall vote passes\n\n\
    “We will finish the seawall before the winter storms,” said Natarajan.\n";

#[test]
fn a_baseline_survives_edits_elsewhere_and_fuller_names_and_goes_stale_when_fixed() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    write(dir, "corpus/a.txt", ORIGINAL);
    write(dir, "corpus/b.txt", CUT);
    let (code, report) =
        json(quotecheck(dir).args(["check", "corpus", "--format", "json", "--fail-on", "note"]));
    assert_eq!(code, Some(1));
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    assert_eq!(report["findings"][0]["divergence"], "truncated");
    quotecheck(dir)
        .args([
            "check",
            "corpus",
            "--write-baseline",
            "baseline.json",
            "--fail-on",
            "note",
        ])
        .assert()
        .code(0);
    let baseline: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("baseline.json")).unwrap()).unwrap();
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 1);
    let check = |dir: &Path| {
        json(quotecheck(dir).args([
            "check",
            "corpus",
            "--format",
            "json",
            "--fail-on",
            "note",
            "--baseline",
            "baseline.json",
        ]))
    };
    // A line added above the quote moves it; the baseline still holds.
    write(
        dir,
        "corpus/b.txt",
        CUT.replace("\n\n", "\n\nBy Ana Duarte\n\nThe vote was 9 to 2.\n\n"),
    );
    // An article that gives the speaker's full name and role arrives.
    write(
        dir,
        "corpus/c.txt",
        "Storm season nears\n\nCouncillor Priya Natarajan, who chairs the coastal committee, \
         visited the harbour on Monday.\n",
    );
    let (code, report) = check(dir);
    assert_eq!(code, Some(0), "{report}");
    assert!(report["findings"].as_array().unwrap().is_empty());
    assert_eq!(report["review"]["baselined"], 1);
    assert!(report["review"]["stale"].as_array().unwrap().is_empty());
    // The cut is fixed: the entry no longer matches any finding and is reported stale.
    write(
        dir,
        "corpus/b.txt",
        ORIGINAL.replace("Council backs seawall", "Seawall vote passes"),
    );
    let (code, report) = check(dir);
    assert_eq!(code, Some(0));
    assert_eq!(report["review"]["baselined"], 0);
    let stale = report["review"]["stale"].as_array().unwrap();
    assert_eq!(stale.len(), 1);
    assert_eq!(
        stale[0]["fingerprint"],
        baseline["findings"][0]["fingerprint"]
    );
}

#[test]
fn an_accept_comment_with_a_reason_accepts_that_class_for_the_quote_after_it() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    write(dir, "corpus/a.txt", ORIGINAL);
    write(
        dir,
        "corpus/b.md",
        "# Seawall vote passes\n\n\
         <!-- quotecheck: accept truncated reason=\"cut for length, checked with the desk\" -->\n\
         “We will finish the seawall before the winter storms,” said Natarajan.\n",
    );
    let (code, report) =
        json(quotecheck(dir).args(["check", "corpus", "--format", "json", "--fail-on", "note"]));
    assert_eq!(code, Some(0), "an accepted finding fails no run: {report}");
    let finding = &report["findings"][0];
    assert_eq!(
        finding["accepted"]["reason"],
        "cut for length, checked with the desk"
    );
    assert_eq!(finding["accepted"]["by"], "corpus/b.md:3");
    // Listed, not hidden.
    let human = quotecheck(dir)
        .args(["check", "corpus", "--format", "markdown"])
        .output()
        .unwrap();
    let markdown = String::from_utf8(human.stdout).unwrap();
    assert!(markdown.contains("### Accepted"), "{markdown}");
    assert!(markdown.contains("cut for length, checked with the desk"));

    // Without a reason the comment is ignored, with a warning saying what to add.
    write(
        dir,
        "corpus/b.md",
        "# Seawall vote passes\n\n<!-- quotecheck: accept truncated -->\n\
         “We will finish the seawall before the winter storms,” said Natarajan.\n",
    );
    let output = quotecheck(dir)
        .args(["check", "corpus", "--fail-on", "note"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("corpus/b.md:3:1: warning: an accept comment needs a reason"),
        "{stderr}"
    );
}

#[test]
fn a_config_accept_entry_accepts_a_finding_of_a_txt_article_by_fingerprint() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    write(dir, "corpus/a.txt", ORIGINAL);
    write(dir, "corpus/b.txt", CUT);
    let (_, report) = json(quotecheck(dir).args(["check", "corpus", "--format", "json"]));
    let fingerprint = report["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    write(
        dir,
        "quotecheck.toml",
        format!(
            "[[accept]]\nfingerprint = \"{fingerprint}\"\nreason = \"the full line is in the next paragraph\"\n"
        ),
    );
    let (code, report) =
        json(quotecheck(dir).args(["check", "corpus", "--format", "json", "--fail-on", "note"]));
    assert_eq!(code, Some(0));
    assert_eq!(
        report["findings"][0]["accepted"]["reason"],
        "the full line is in the next paragraph"
    );
    // A reason is required.
    write(
        dir,
        "quotecheck.toml",
        format!("[[accept]]\nfingerprint = \"{fingerprint}\"\nreason = \"\"\n"),
    );
    let output = quotecheck(dir).args(["check", "corpus"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("has no reason")
    );
}

#[test]
fn files_from_reports_only_findings_in_the_listed_files_against_the_whole_corpus() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    write(dir, "corpus/a.txt", ORIGINAL);
    write(dir, "corpus/b.txt", CUT);
    write(
        dir,
        "corpus/c.txt",
        "Coastal news\n\n“We will finish the seawall before the storms, and not a day later,” Natarajan said.\n",
    );
    let run = |list: &str| {
        let mut cmd = quotecheck(dir);
        cmd.args(["check", "corpus", "--format", "json", "--files-from", "-"])
            .write_stdin(list.to_string());
        json(&mut cmd).1
    };
    let report = run("corpus/b.txt\n");
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f["path"] == "corpus/b.txt" || f["reference_path"] == "corpus/b.txt")
    );
    assert!(report["review"]["outside_changed_files"].as_u64().unwrap() >= 1);
    // A new article is checked against everything before it.
    let report = run("corpus/c.txt\n");
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["path"] == "corpus/c.txt" && f["divergence"] == "altered")
    );
}

#[test]
fn output_is_written_atomically_and_a_missing_folder_is_an_error() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    write(dir, "corpus/a.txt", ORIGINAL);
    write(dir, "corpus/b.txt", CUT);
    quotecheck(dir)
        .args([
            "check",
            "corpus",
            "--format",
            "html",
            "--output",
            "report.html",
        ])
        .assert()
        .code(0)
        .stdout("");
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(
        html.contains("href=\"corpus/b.txt#L3\""),
        "links relative to the report"
    );
    let leftovers: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".quotecheck-"))
        .collect();
    assert!(leftovers.is_empty());
    let output = quotecheck(dir)
        .args(["check", "corpus", "--output", "missing/report.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "missing/report.txt: could not write the report: the folder missing does not exist"
        ),
        "{stderr}"
    );
}

#[test]
fn html_escapes_article_text() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    write(
        dir,
        "corpus/a.txt",
        "Row at the council\n\n“We will not <script>alert(1)</script> back down on the seawall plan,” said Mayor Ines Marlow.\n",
    );
    write(
        dir,
        "corpus/b.txt",
        "Council row\n\n“We will not back down on the seawall plan,” said Mayor Ines Marlow.\n",
    );
    let output = quotecheck(dir)
        .args(["check", "corpus", "--format", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8(output.stdout).unwrap();
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&#60;script&#62;alert(1)"), "shown escaped");
}

#[test]
fn changed_since_reports_findings_in_files_changed_since_a_revision() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "desk")
            .env("GIT_AUTHOR_EMAIL", "desk@example.org")
            .env("GIT_COMMITTER_NAME", "desk")
            .env("GIT_COMMITTER_EMAIL", "desk@example.org")
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    };
    git(&["init", "-q"]);
    write(dir, "corpus/a.txt", ORIGINAL);
    write(dir, "corpus/b.txt", CUT);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "first articles"]);
    // Nothing changed since HEAD: the old finding is not reported, and says why.
    let (code, report) = json(quotecheck(dir).args([
        "check",
        "corpus",
        "--format",
        "json",
        "--fail-on",
        "note",
        "--changed-since",
        "HEAD",
    ]));
    assert_eq!(code, Some(0));
    assert!(report["findings"].as_array().unwrap().is_empty());
    assert_eq!(report["review"]["outside_changed_files"], 1);
    // A new, untracked article is checked against the committed ones.
    write(
        dir,
        "corpus/c.txt",
        "Coastal news\n\n“We will finish the seawall before the storms, and not a day later,” Natarajan said.\n",
    );
    let (code, report) = json(quotecheck(dir).args([
        "check",
        "corpus",
        "--format",
        "json",
        "--fail-on",
        "note",
        "--changed-since",
        "HEAD",
    ]));
    assert_eq!(code, Some(1));
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f["path"] == "corpus/c.txt" || f["reference_path"] == "corpus/c.txt")
    );
    // A revision git does not know is an error that says so.
    let output = quotecheck(dir)
        .args(["check", "corpus", "--changed-since", "no-such-rev"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("git diff --name-only no-such-rev")
    );
}

#[test]
fn the_report_is_byte_identical_whatever_the_number_of_threads() {
    let run = |threads: &str| {
        quotecheck(Path::new(env!("CARGO_MANIFEST_DIR")))
            .args(["check", "corpus", "--format", "json", "--threads", threads])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(one.len() > 100_000);
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
}
