//! The HTML report (`--format html`): one self-contained page (inline CSS and script, nothing
//! fetched) an editor can open or attach to an email.
//!
//! Per speaker, per group: the alignment table of every version under the reference's words,
//! then each version's place, outlet, date, class, flags, severity and framing, linked to the
//! article at its line. Filters by speaker, severity and class and a search box work in the
//! page (and from the address's fragment: `#speaker=Clara%20Venn`). The template
//! (`templates/report.html`) is compiled and checked by askama, which escapes every value:
//! article text is untrusted input.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use askama::Template;

use super::{CellKind, FindingEntry, GroupEntry, Printer, QuoteEntry, Report, View};
use crate::review::BaselineEntry;

pub struct HtmlPrinter {
    /// Links to articles start with this URL (`--link-base`), else are relative to `links_from`.
    pub link_base: Option<String>,
    /// The folder the report is written to (relative links start there).
    pub links_from: Option<PathBuf>,
}

struct CellView {
    text: String,
    class: &'static str,
}

struct RowView {
    label: String,
    href: String,
    location: String,
    outlet: String,
    verdict: String,
    severity: String,
    accepted: String,
    framing: String,
    cells: Vec<CellView>,
}

struct GroupView {
    id: String,
    reference_text: String,
    severity: String,
    classes: String,
    notes: Vec<String>,
    rows: Vec<RowView>,
}

struct SpeakerView {
    name: String,
    groups: Vec<GroupView>,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    version: &'static str,
    corpus: String,
    totals: &'a super::Totals,
    severity_counts: Vec<(String, usize)>,
    class_counts: Vec<(String, usize)>,
    classes: Vec<String>,
    speakers: Vec<SpeakerView>,
    stale: &'a [BaselineEntry],
}

impl HtmlPrinter {
    fn href(&self, file: &str, line: usize) -> String {
        match &self.link_base {
            Some(base) => format!("{}/{}#L{line}", base.trim_end_matches('/'), file),
            None => {
                let target = Path::new(file);
                let relative = self
                    .links_from
                    .as_ref()
                    .and_then(|from| {
                        let cwd = std::env::current_dir().ok()?;
                        pathdiff::diff_paths(cwd.join(target), cwd.join(from))
                    })
                    .unwrap_or_else(|| target.to_path_buf());
                let shown = relative.display().to_string().replace('\\', "/");
                let encoded: String = shown
                    .chars()
                    .map(|c| match c {
                        ' ' => "%20".to_string(),
                        '#' => "%23".to_string(),
                        '?' => "%3F".to_string(),
                        c => c.to_string(),
                    })
                    .collect();
                format!("{encoded}#L{line}")
            }
        }
    }
}

fn framing(quote: &QuoteEntry, group: &GroupEntry) -> String {
    let headline = group
        .framing_of(&quote.id)
        .and_then(|f| f.headline_cue.as_ref().zip(f.headline_cue_class.as_ref()))
        .map(|(cue, class)| format!("; headline: {cue} ({class})"))
        .unwrap_or_default();
    let cue = match (&quote.cue_written, &quote.cue_class) {
        (Some(cue), Some(class)) => format!("{cue} ({class})"),
        _ => "no cue".to_string(),
    };
    format!("{cue}{headline} — {}", quote.framing_sentence)
}

impl Printer for HtmlPrinter {
    fn print(&self, report: &Report, _view: View, out: &mut dyn Write) -> io::Result<()> {
        let quotes = &report.quotes;
        let documents = report.documents_by_path();
        let all_findings: Vec<FindingEntry> = report.findings.iter().collect();
        let findings: BTreeMap<(&str, &str), &FindingEntry> = all_findings
            .iter()
            .map(|f| ((f.reference.as_ref(), f.quote.as_ref()), f))
            .collect();
        let mut by_speaker: BTreeMap<String, Vec<GroupView>> = BTreeMap::new();
        for group in &report.groups {
            let mut rows = Vec::new();
            let mut severities = Vec::new();
            let mut classes = Vec::new();
            for row in &group.table.rows {
                let Some(quote) = quotes.get(row.quote.as_str()) else {
                    continue;
                };
                let document = documents.get(quote.doc);
                let is_reference = *row.quote == *group.reference;
                let pair = group.reference_pair(&row.quote);
                let finding = findings.get(&(group.reference.as_ref(), row.quote.as_ref()));
                let verdict = if is_reference {
                    "reference".to_string()
                } else if let Some(pair) = pair {
                    let mut words = vec![pair.divergence.as_str().to_string()];
                    words.extend(pair.flags.iter().map(|f| f.as_str().to_string()));
                    if pair.misattributed {
                        words.push(format!(
                            "misattributed to {}",
                            quote.speaker.unwrap_or("nobody")
                        ));
                    }
                    if pair.framing.diverges {
                        words.push("framing".to_string());
                    }
                    classes.push(pair.divergence.as_str().to_string());
                    words.join(", ")
                } else {
                    "not aligned".to_string()
                };
                let severity = finding
                    .filter(|f| f.accepted.is_none())
                    .map(|f| f.severity.as_str().to_string())
                    .unwrap_or_default();
                if let Some(f) = finding.filter(|f| f.accepted.is_none()) {
                    severities.push(f.severity);
                }
                let file = document.map_or(quote.doc, |d| d.file);
                rows.push(RowView {
                    label: if is_reference {
                        "reference".to_string()
                    } else {
                        document
                            .and_then(|d| d.outlet)
                            .unwrap_or(quote.doc)
                            .to_string()
                    },
                    href: self.href(file, quote.line),
                    location: format!("{}:{}:{}", quote.doc, quote.line, quote.column),
                    outlet: document.map(|d| d.byline()).unwrap_or_default(),
                    verdict,
                    severity,
                    accepted: finding
                        .and_then(|f| f.accepted.as_ref())
                        .map(|a| format!("{} ({})", a.reason, a.by))
                        .unwrap_or_default(),
                    framing: framing(&quote, &group),
                    cells: row
                        .cells
                        .iter()
                        .map(|cell| CellView {
                            text: cell.text.clone(),
                            class: match cell.kind {
                                CellKind::Same => "same",
                                CellKind::Changed => "changed",
                                CellKind::Gap => "gap",
                                CellKind::Added => "added",
                                CellKind::Empty => "empty",
                            },
                        })
                        .collect(),
                });
            }
            let mut notes = Vec::new();
            if group.possibly_different_occasion {
                notes.push("dated days apart: possibly another occasion".to_string());
            }
            for (member, copies) in &group.copies {
                notes.push(format!("{member}: {} syndicated copies", copies.len()));
            }
            if group.pairs_capped {
                notes.push("not every pair compared".to_string());
            }
            classes.sort();
            classes.dedup();
            by_speaker
                .entry(group.speaker_heading())
                .or_default()
                .push(GroupView {
                    id: group.id.clone(),
                    reference_text: crate::one_line(group.reference_text),
                    severity: severities
                        .into_iter()
                        .max()
                        .map(|l| l.as_str().to_string())
                        .unwrap_or_default(),
                    classes: classes.join(" "),
                    notes,
                    rows,
                });
        }
        let mut classes: Vec<String> = ["verbatim", "cosmetic", "elided", "truncated", "altered"]
            .into_iter()
            .map(str::to_string)
            .collect();
        classes.retain(|c| {
            by_speaker
                .values()
                .flatten()
                .any(|g| g.classes.contains(c.as_str()))
        });
        let mut corpus: Vec<&str> = report.documents.iter().map(|d| d.file).collect();
        corpus.dedup();
        let page = Page {
            version: env!("CARGO_PKG_VERSION"),
            corpus: format!("{} files", corpus.len()),
            totals: &report.totals,
            severity_counts: ["error", "warning", "note"]
                .into_iter()
                .map(|s| {
                    let n = report.totals.open_by_severity.get(s).copied().unwrap_or(0);
                    (format!("{s}{}", if n == 1 { "" } else { "s" }), n)
                })
                .collect(),
            class_counts: report
                .totals
                .open_by_class
                .iter()
                .map(|(c, n)| (c.clone(), *n))
                .collect(),
            classes,
            speakers: by_speaker
                .into_iter()
                .map(|(name, groups)| SpeakerView { name, groups })
                .collect(),
            stale: &report.review.stale,
        };
        let html = page
            .render()
            .map_err(|e| io::Error::other(format!("the HTML report could not be rendered: {e}")))?;
        out.write_all(html.as_bytes())
    }
}
