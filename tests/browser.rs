//! The HTML report in a real browser: headless Chromium renders the demo corpus's report; the
//! rendered DOM must hold the groups and the highlighted differences, and the speaker filter
//! (set through the address's fragment, as a shared link would) must hide the other speakers.
//! A screenshot is saved under `target/tmp/browser/` to look at.
//!
//! Without Chromium the test says it did not run, unless `QUOTECHECK_BROWSER_TESTS` is set
//! (as `.ci/run` does, after installing Debian's `chromium`): then a missing browser fails it.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;

const REQUIRED: &str = "QUOTECHECK_BROWSER_TESTS";

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn headless(browser: &Path, profile: &Path) -> Command {
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,2200",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

fn dom(browser: &Path, profile: &Path, url: &str) -> String {
    let output = headless(browser, profile)
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_html_report_renders_and_filters_in_a_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os(REQUIRED).is_none(),
            "{REQUIRED} is set but no chromium is on PATH (apt-get install chromium)"
        );
        eprintln!("browser test did not run: no chromium on PATH (set {REQUIRED} to require it)");
        return;
    };
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&folder).unwrap();
    let report = folder.join("report.html");
    cargo_bin_cmd!("quotecheck")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "corpus", "--format", "html", "--output"])
        .arg(&report)
        .assert()
        .code(1);
    let profile = tempfile::TempDir::new().unwrap();
    let url = format!("file://{}", report.display());

    let all = dom(&browser, profile.path(), &url);
    assert_eq!(all.matches("<article class=\"group\"").count(), 25);
    assert!(
        all.contains("<td class=\"changed\">40</td>"),
        "Northgate's 40 for 14 is highlighted"
    );
    assert!(
        all.contains("<td class=\"added\">probably</td>"),
        "the added hedge is highlighted"
    );
    assert!(
        all.contains("<td class=\"gap\"></td>"),
        "cut words leave gaps"
    );
    assert!(all.contains("25 groups shown"), "the page's script ran");

    let reyke = dom(
        &browser,
        profile.path(),
        &format!("{url}#speaker=Tomas%20Reyke"),
    );
    assert!(
        reyke.contains("1 group shown"),
        "one group is Tomas Reyke’s alone"
    );
    let sections: Vec<&str> = reyke
        .split("<section class=\"speaker\"")
        .skip(1)
        .map(|s| s.split_once('>').unwrap().0)
        .collect();
    assert_eq!(
        sections.len(),
        4,
        "Clara Venn, Clara Venn / Tomas Reyke, Edmund Hale, Tomas Reyke"
    );
    for section in &sections {
        let hidden = section.contains("hidden");
        assert_eq!(
            hidden,
            !section.contains("data-speaker=\"Tomas Reyke\""),
            "{section}"
        );
    }

    let screenshot = folder.join("report.png");
    let shot = headless(&browser, profile.path())
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(shot.status.success());
    assert!(std::fs::metadata(&screenshot).unwrap().len() > 10_000);
}
