//! Markdown (`--format markdown`), for a pull-request comment or a CI job summary: a summary
//! table, then each open finding with the reference and the version side by side and the
//! changed words marked (~~dropped~~ in the reference, **added** in the version), then the
//! accepted findings with their reasons and any stale baseline entries.
//!
//! Article text is untrusted: every character Markdown (or the HTML GitHub allows in it) would
//! read as syntax is escaped.

use std::io::{self, Write};

use super::{FindingEntry, Printer, Report, View};
use crate::diverge::DiffOp;

pub struct MarkdownPrinter;

/// Escapes text for a Markdown table cell or paragraph.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::one_line(text).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// The reference and the version with their differences marked.
fn sides(finding: &FindingEntry) -> (String, String) {
    let mut reference = Vec::new();
    let mut version = Vec::new();
    for piece in finding.diff {
        let text = escape(&piece.text);
        match piece.op {
            DiffOp::Equal => {
                reference.push(text.clone());
                version.push(text);
            }
            DiffOp::Removed => reference.push(format!("~~{text}~~")),
            DiffOp::Added => version.push(format!("**{text}**")),
        }
    }
    (reference.join(" "), version.join(" "))
}

fn count(report: &Report, severity: &str) -> usize {
    report
        .totals
        .open_by_severity
        .get(severity)
        .copied()
        .unwrap_or(0)
}

impl Printer for MarkdownPrinter {
    fn print(&self, report: &Report, _view: View, out: &mut dyn Write) -> io::Result<()> {
        let totals = &report.totals;
        let open: Vec<FindingEntry> = report
            .findings
            .iter()
            .filter(|f| f.accepted.is_none())
            .collect();
        writeln!(out, "## quotecheck: {} open findings\n", open.len())?;
        writeln!(
            out,
            "{} documents, {} quotes, {} speakers, {} groups of the same words.\n",
            totals.documents, totals.quotes, totals.speakers, totals.groups
        )?;
        writeln!(out, "| severity | open |\n|---|---:|")?;
        for severity in ["error", "warning", "note"] {
            writeln!(out, "| {severity} | {} |", count(report, severity))?;
        }
        writeln!(out, "| accepted | {} |", totals.accepted)?;
        if !totals.open_by_class.is_empty() {
            writeln!(out, "\n| divergence | open |\n|---|---:|")?;
            for (class, n) in &totals.open_by_class {
                writeln!(out, "| {class} | {n} |")?;
            }
        }
        if report.review.baselined > 0 {
            writeln!(
                out,
                "\n{} findings are in the baseline.",
                report.review.baselined
            )?;
        }
        if let Some(outside) = report.review.outside_changed_files {
            writeln!(
                out,
                "\n{outside} findings have no version in the changed files."
            )?;
        }
        for finding in &open {
            let (reference, version) = sides(finding);
            writeln!(
                out,
                "\n### {}: {} — {}\n",
                finding.severity.as_str(),
                finding.reasons.join(", "),
                escape(finding.speaker.unwrap_or("unnamed speaker"))
            )?;
            writeln!(
                out,
                "`{}:{}:{}` compared with `{}:{}`\n",
                finding.path,
                finding.line,
                finding.column,
                finding.reference_path,
                finding.reference_line
            )?;
            writeln!(out, "| compared with | this version |\n|---|---|")?;
            writeln!(out, "| {reference} | {version} |")?;
            writeln!(out, "\n<sub>fingerprint `{}`</sub>", finding.fingerprint)?;
        }
        let accepted: Vec<FindingEntry> = report
            .findings
            .iter()
            .filter(|f| f.accepted.is_some())
            .collect();
        if !accepted.is_empty() {
            writeln!(out, "\n### Accepted\n")?;
            for finding in accepted {
                let acceptance = finding.accepted.as_ref().expect("filtered");
                writeln!(
                    out,
                    "- `{}:{}` {}: {} (accepted at `{}`)",
                    finding.path,
                    finding.line,
                    finding.reasons.join(", "),
                    escape(&acceptance.reason),
                    acceptance.by
                )?;
            }
        }
        if !report.review.stale.is_empty() {
            writeln!(out, "\n### Stale baseline entries\n")?;
            for entry in &report.review.stale {
                writeln!(
                    out,
                    "- `{}` {}: {}",
                    entry.fingerprint,
                    entry.quote,
                    escape(&entry.message)
                )?;
            }
        }
        Ok(())
    }
}
