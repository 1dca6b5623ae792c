//! Review: what a desk has already looked at, and what a run should report.
//!
//! After judging, each finding is checked against the editors' acceptances (an accept comment
//! before the quote in a `.md`/`.html` article, or an `[[accept]]` fingerprint in the
//! configuration), against a baseline of findings recorded earlier, and against the set of
//! changed files a CI run asks about. Accepted findings stay in the report, marked with the
//! reason; findings in the baseline and findings with no version in a changed file are left
//! out and counted; baseline entries no finding matches any more are listed as stale.
//!
//! Invariants: the whole corpus is always read and judged first, so a new article is checked
//! against everything before it; only the reporting is narrowed. Findings keep their order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Analysis;
use crate::findings::{Fingerprint, Level};

/// The version of the baseline file format.
pub const BASELINE_VERSION: u32 = 1;

/// A finding recorded as known: matched by fingerprint, the rest is for people reading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub severity: Level,
    pub quote: String,
    pub reference: String,
    pub message: String,
}

/// A baseline file: the findings a desk has seen and decided to live with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

impl Baseline {
    /// Parses a baseline file's text; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Self, String> {
        let baseline: Self = serde_json::from_str(text).map_err(|e| {
            format!(
                "{path}:{}:{}: not a quotecheck baseline ({e}); write one with --write-baseline",
                e.line(),
                e.column()
            )
        })?;
        if baseline.version != BASELINE_VERSION {
            return Err(format!(
                "{path}: baseline version {} is not {BASELINE_VERSION}; write it again with --write-baseline",
                baseline.version
            ));
        }
        Ok(baseline)
    }
}

/// Why a finding is accepted, and where that was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acceptance {
    pub reason: String,
    /// `path:line` of the accept comment, or the configuration file.
    pub by: String,
}

/// What narrows a run's report.
#[derive(Debug, Clone, Default)]
pub struct Review {
    pub baseline: Option<Baseline>,
    /// `[[accept]]` entries of the configuration: fingerprint → reason.
    pub accepted_fingerprints: BTreeMap<String, String>,
    /// Where those come from, for the report.
    pub config_name: String,
    /// Report only findings with a version in one of these files (canonical paths).
    pub changed: Option<BTreeSet<PathBuf>>,
}

/// What the review left out of the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Findings left out because the baseline has them.
    pub baselined: usize,
    /// Baseline entries that match no finding any more (fixed, or the article changed).
    pub stale: Vec<BaselineEntry>,
    /// Findings left out because no version is in a changed file (`None`: not asked).
    pub outside_changed_files: Option<usize>,
}

/// The file a document path names (a JSONL record's path is `FILE:ID`).
fn canonical(path: &str) -> PathBuf {
    let path = Path::new(path);
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Marks accepted findings and leaves out baselined ones and those outside the changed files.
pub fn apply(analysis: &mut Analysis, review: &Review) {
    // Entries are read as fingerprints once; one that is not a fingerprint matches nothing.
    let baseline: BTreeSet<Fingerprint> = review
        .baseline
        .iter()
        .flat_map(|b| &b.findings)
        .filter_map(|e| e.fingerprint.parse().ok())
        .collect();
    let accepted: BTreeMap<Fingerprint, &String> = review
        .accepted_fingerprints
        .iter()
        .filter_map(|(fingerprint, reason)| Some((fingerprint.parse().ok()?, reason)))
        .collect();
    let mut matched: BTreeSet<Fingerprint> = BTreeSet::new();
    let mut summary = Summary {
        outside_changed_files: review.changed.as_ref().map(|_| 0),
        ..Summary::default()
    };
    let changed_doc: Vec<bool> = analysis
        .documents
        .iter()
        .map(|doc| {
            review
                .changed
                .as_ref()
                .is_none_or(|changed| changed.contains(&canonical(&doc.file)))
        })
        .collect();
    // Kept in place: a corpus's findings are not held twice.
    let mut findings = std::mem::take(&mut analysis.findings);
    findings.retain_mut(|finding| {
        let pair = &analysis.groups[finding.group].pairs[finding.pair];
        if baseline.contains(&finding.fingerprint) {
            matched.insert(finding.fingerprint);
            summary.baselined += 1;
            return false;
        }
        let (a, b) = (&analysis.versions[pair.a], &analysis.versions[pair.b]);
        if !changed_doc[a.doc] && !changed_doc[b.doc] {
            if let Some(outside) = &mut summary.outside_changed_files {
                *outside += 1;
            }
            return false;
        }
        finding.accepted = accepted
            .get(&finding.fingerprint)
            .map(|&reason| Acceptance {
                reason: reason.clone(),
                by: review.config_name.clone(),
            })
            .or_else(|| accepted_by_comment(analysis, b.doc, b.quote, &finding.reasons))
            .map(Box::new);
        true
    });
    analysis.findings = findings;
    summary.stale = review
        .baseline
        .iter()
        .flat_map(|b| &b.findings)
        .filter(|e| {
            e.fingerprint
                .parse()
                .ok()
                .is_none_or(|fingerprint| !matched.contains(&fingerprint))
        })
        .cloned()
        .collect();
    analysis.review = summary;
}

/// The accept comment covering quote `quote` of document `doc` (the last comment before it
/// with no other quote between), when it accepts every reason of the finding.
fn accepted_by_comment(
    analysis: &Analysis,
    doc: usize,
    quote: usize,
    reasons: &[&str],
) -> Option<Acceptance> {
    let document = &analysis.documents[doc];
    let quotes = &analysis.extractions[doc].quotes;
    let start = quotes[quote].start();
    let previous_start = quote.checked_sub(1).map(|q| quotes[q].start());
    let comment = document
        .accepts
        .iter()
        .rev()
        .find(|c| c.at <= start && previous_start.is_none_or(|p| p < c.at))?;
    let covered = reasons
        .iter()
        .all(|r| comment.kinds.iter().any(|kind| kind == r));
    covered.then(|| Acceptance {
        reason: comment.reason.clone(),
        by: format!("{}:{}", document.file, comment.line),
    })
}

/// The files changed since a git revision, with the untracked ones (a new article), as
/// canonical paths.
pub fn changed_since(revision: &str) -> Result<BTreeSet<PathBuf>, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let output = std::process::Command::new("git")
            .args(args)
            .output()
            .map_err(|e| format!("could not run git: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let root = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?.trim());
    let mut files = BTreeSet::new();
    let diff = git(&["diff", "--name-only", revision, "--"])?;
    let untracked = git(&["ls-files", "--others", "--exclude-standard", "--full-name"])?;
    for name in diff.lines().chain(untracked.lines()) {
        if !name.is_empty() {
            files.insert(canonical(&root.join(name).display().to_string()));
        }
    }
    Ok(files)
}

/// The files listed one a line (as `--files-from` reads them), as canonical paths.
pub fn files_listed(list: &str) -> BTreeSet<PathBuf> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(canonical)
        .collect()
}
