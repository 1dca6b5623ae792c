//! Whatever it is given, `quotecheck check` ends with a clear message and the right exit code:
//! random binary files, an empty folder, a missing path, ten thousand empty files. And the same
//! corpus gives byte-identical JSON across runs, thread counts and the order files were
//! created in. And an interrupted run leaves no partial file.

mod binary;

use std::fs;
use std::path::Path;

use binary::{quotecheck, write};

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Bytes from a fixed xorshift sequence: the same "random" file on every run.
fn random_bytes(len: usize, mut state: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn random_binary_files_are_named_as_unreadable_and_the_articles_beside_them_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    for (i, name) in ["noise.txt", "noise.md", "noise.html", "noise.jsonl"]
        .iter()
        .enumerate()
    {
        write(
            dir.path(),
            &format!("corpus/{name}"),
            random_bytes(64 * 1024, 7 + i as u64),
        );
    }
    write(
        dir.path(),
        "corpus/real.txt",
        "Ferry fares\n\n\u{201c}Fares will stay as they are,\u{201d} Mayor Ida Roan said.\n",
    );
    let output = quotecheck(dir.path())
        .args(["check", "corpus", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = stderr_of(&output);
    for name in ["noise.txt", "noise.md", "noise.html", "noise.jsonl"] {
        let line = stderr
            .lines()
            .find(|l| l.starts_with(&format!("corpus/{name}")))
            .unwrap_or_else(|| panic!("{name} not named in {stderr}"));
        assert!(line.contains("error: binary"), "{line}");
        assert!(line.contains("skipped"), "{line}");
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["quotes"][0]["speaker"], "Ida Roan");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn an_empty_folder_says_there_is_nothing_to_check() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("corpus")).unwrap();
    let output = quotecheck(dir.path())
        .args(["check", "corpus"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("corpus: warning: no articles found"),
        "{stderr}"
    );
    assert!(stderr.contains(".txt"), "{stderr}");
}

#[test]
fn a_missing_path_is_named_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let output = quotecheck(dir.path())
        .args(["check", "no-such-folder", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("no-such-folder: error: no such file or folder; check the PATH argument"),
        "{stderr}"
    );
}

#[test]
fn ten_thousand_empty_files_give_one_warning_each_and_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        write(dir.path(), &format!("corpus/{:02}/{i:05}.txt", i / 500), "");
    }
    let output = quotecheck(dir.path())
        .args(["check", "corpus", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 10_000);
    assert!(
        diagnostics
            .iter()
            .all(|d| d["code"] == "empty-file" && d["severity"] == "warning")
    );
    assert_eq!(report["quotes"].as_array().unwrap().len(), 0);
}

/// The demo corpus, copied into `dir/corpus` file by file in the given order.
fn copy_demo_corpus(dir: &Path, reverse: bool) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut names: Vec<_> = fs::read_dir(&source)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    if reverse {
        names.reverse();
    }
    fs::create_dir_all(dir.join("corpus")).unwrap();
    for name in names {
        fs::copy(source.join(&name), dir.join("corpus").join(&name)).unwrap();
    }
}

#[test]
fn the_json_is_byte_identical_across_runs_thread_counts_and_creation_orders() {
    let run = |dir: &Path, threads: &str| {
        let output = quotecheck(dir)
            .args([
                "check",
                "corpus",
                "--format",
                "json",
                "--no-cache",
                "--threads",
                threads,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        output.stdout
    };
    let forward = tempfile::tempdir().unwrap();
    copy_demo_corpus(forward.path(), false);
    let backward = tempfile::tempdir().unwrap();
    copy_demo_corpus(backward.path(), true);
    let first = run(forward.path(), "1");
    assert!(first.len() > 10_000);
    for (dir, threads) in [
        (forward.path(), "1"),
        (forward.path(), "2"),
        (forward.path(), "4"),
        (backward.path(), "1"),
        (backward.path(), "3"),
    ] {
        assert!(
            run(dir, threads) == first,
            "differs with {threads} threads in {dir:?}"
        );
    }
}

/// Interrupting a run at any moment leaves either the whole report or no report, and never a
/// temporary file. The moments are spread over the run, its writing included.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_partial_file() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        write(
            dir.path(),
            &format!("corpus/{i:03}.txt"),
            format!(
                "Harbour report {i}\n\n\u{201c}We will not spend money we do not have on a wall \
                 nobody has costed, not in year {i},\u{201d} board chair Ines Halloran said.\n\n\
                 Ines Halloran told reporters: \u{201c}We will not spend money we do not have on \
                 a wall.\u{201d}\n"
            ),
        );
    }
    let binary = env!("CARGO_BIN_EXE_quotecheck");
    let run_for = |delay: Duration| {
        let mut child = Command::new(binary)
            .current_dir(dir.path())
            .args([
                "check",
                "corpus",
                "--format",
                "html",
                "--no-cache",
                "-o",
                "out/report.html",
            ])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        std::thread::sleep(delay);
        // SIGINT, as Ctrl-C sends it.
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        // A signal in the first moments of the process, before its handler is installed, ends
        // it the default way; nothing has been written by then.
        use std::os::unix::process::ExitStatusExt;
        let code = status
            .code()
            .or_else(|| (status.signal() == Some(2)).then_some(130));
        (code, started.elapsed())
    };
    fs::create_dir(dir.path().join("out")).unwrap();
    let mut interrupted = 0;
    for delay_ms in [0, 5, 10, 20, 40, 60, 80, 120, 160, 240] {
        let (code, _) = run_for(Duration::from_millis(delay_ms));
        let leftovers: Vec<String> = fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != "report.html")
            .collect();
        assert!(leftovers.is_empty(), "after {delay_ms} ms: {leftovers:?}");
        let report = dir.path().join("out/report.html");
        match code {
            Some(130) => interrupted += 1,
            Some(1) => assert!(report.exists(), "a finished run wrote no report"),
            other => panic!("after {delay_ms} ms: exit {other:?}"),
        }
        // A report that is there is whole (the signal came after it was renamed into place).
        if report.exists() {
            let html = fs::read_to_string(&report).unwrap();
            assert!(html.trim_end().ends_with("</html>"), "a partial report");
            fs::remove_file(&report).unwrap();
        }
    }
    assert!(
        interrupted > 0,
        "no run was interrupted: the runs are too quick to test"
    );
    // Neither the cache folder nor anything else appeared in the corpus.
    assert_eq!(
        fs::read_dir(dir.path().join("corpus")).unwrap().count(),
        300
    );
}
