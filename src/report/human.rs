//! The terminal report: per speaker, per group, every version against the reference with a
//! word-level inline diff, then a summary line.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{GroupEntry, Printer, QuoteEntry, Report, View};
use crate::corpus::DocKind;
use crate::diagnostics::Severity;
use crate::diverge::DiffOp;
use crate::findings::FramingRule;

pub struct HumanPrinter {
    /// Colour the inline diff and severities (ANSI), for a terminal.
    pub color: bool,
}

impl Printer for HumanPrinter {
    fn print(&self, report: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        match view {
            View::Quotes => {
                for quote in &report.quotes {
                    writeln!(
                        out,
                        "{}:{}:{}  {}  {}",
                        quote.doc,
                        quote.line,
                        quote.column,
                        quote.kind.as_str(),
                        crate::one_line(&quote.text)
                    )?;
                }
            }
            View::Speakers => {
                for speaker in &report.speakers {
                    let roles = if speaker.roles.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", speaker.roles.join("; "))
                    };
                    writeln!(
                        out,
                        "{}{roles}: {} quotes in {} documents; named as {}",
                        speaker.name,
                        speaker.quotes,
                        speaker.documents.len(),
                        speaker.mentions.join(", ")
                    )?;
                    for document in &speaker.documents {
                        writeln!(out, "    {document}")?;
                    }
                }
            }
            View::Check => check(report, self.color, out)?,
        }
        Ok(())
    }
}

fn check(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let paint = |style: anstyle::Style, text: String| {
        if color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text
        }
    };
    let red = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Red.into()));
    let green = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Green.into()));
    let bold = anstyle::Style::new().bold();
    let quotes = &report.quotes;
    let documents = report.documents_by_path();
    let outlet = |doc: &str| documents.get(doc).map(|d| d.byline()).unwrap_or_default();
    let findings: Vec<super::FindingEntry> = report.findings.iter().collect();
    let severity: BTreeMap<(&str, &str), &str> = findings
        .iter()
        .map(|f| {
            (
                (f.reference.as_ref(), f.quote.as_ref()),
                f.severity.as_str(),
            )
        })
        .collect();
    let groups: Vec<GroupEntry> = report.groups.iter().collect();
    let mut by_speaker: BTreeMap<String, Vec<&GroupEntry>> = BTreeMap::new();
    for group in &groups {
        by_speaker
            .entry(group.speaker_heading())
            .or_default()
            .push(group);
    }
    for (speaker, groups) in &by_speaker {
        writeln!(out, "{}", paint(bold, speaker.clone()))?;
        for group in groups {
            let Some(reference) = quotes.get(group.reference.as_ref()) else {
                continue;
            };
            writeln!(
                out,
                "  {}  “{}”",
                group.id,
                crate::one_line(group.reference_text)
            )?;
            let mut notes = Vec::new();
            if group.possibly_different_occasion {
                notes.push("members dated days apart: possibly a different occasion".to_string());
            }
            if group.pairs_capped {
                notes.push(format!(
                    "member-to-member comparisons stop at {} pairs; every member is compared with the reference",
                    crate::findings::MAX_PAIRS_PER_GROUP
                ));
            }
            for (member, copies) in &group.copies {
                notes.push(format!("{member} has {} syndicated copies", copies.len()));
            }
            for note in notes {
                writeln!(out, "      ({note})")?;
            }
            writeln!(
                out,
                "      reference  {}:{}:{}  {}  {}",
                reference.doc,
                group.reference_line,
                group.reference_column,
                outlet(reference.doc),
                // A transcript holds the words as delivered: no cue frames them.
                if documents
                    .get(reference.doc)
                    .is_some_and(|d| d.kind == DocKind::Transcript)
                {
                    "transcript".to_string()
                } else {
                    cue(&reference)
                }
            )?;
            for pair in group
                .pairs
                .iter()
                .filter(|p| p.a == group.reference && p.copy_of.is_none())
            {
                let Some(member) = quotes.get(pair.b.as_ref()) else {
                    continue;
                };
                let level = severity
                    .get(&(pair.a.as_ref(), pair.b.as_ref()))
                    .map(|s| format!("{s}: "))
                    .unwrap_or_default();
                let mut what = vec![pair.divergence.as_str().to_string()];
                what.extend(pair.flags.iter().map(|f| f.as_str().to_string()));
                if pair.misattributed {
                    what.push(format!(
                        "misattributed to {}",
                        member.speaker.unwrap_or("nobody")
                    ));
                }
                match (pair.framing.rule, &pair.framing.b_cue) {
                    (Some(FramingRule::HeadlineCue), Some(b_cue)) => {
                        what.push(format!("framing: headline cue “{b_cue}”"));
                    }
                    (Some(FramingRule::CueClasses), _) => what.push(format!(
                        "framing: {} → {}",
                        pair.framing.a_cue.as_deref().unwrap_or("?"),
                        pair.framing.b_cue.as_deref().unwrap_or("?")
                    )),
                    _ => {}
                }
                writeln!(
                    out,
                    "      {}:{}:{}  {}  {}  {level}{}",
                    member.doc,
                    member.line,
                    member.column,
                    outlet(member.doc),
                    cue_and_headline_cue(&member, group),
                    what.join(", ")
                )?;
                if pair.diff.iter().any(|p| p.op != DiffOp::Equal) {
                    let marked: Vec<String> = pair
                        .diff
                        .iter()
                        .map(|piece| match piece.op {
                            DiffOp::Equal => piece.text.to_string(),
                            DiffOp::Removed => paint(red, format!("[-{}-]", piece.text)),
                            DiffOp::Added => paint(green, format!("{{+{}+}}", piece.text)),
                        })
                        .collect();
                    writeln!(out, "          {}", crate::one_line(&marked.join(" ")))?;
                }
            }
            // Outlets framing the same words differently ("said" here, "admitted" there).
            for pair in group
                .pairs
                .iter()
                .filter(|p| p.a != group.reference && p.framing.diverges && p.copy_of.is_none())
            {
                let (Some(a), Some(b)) = (quotes.get(pair.a.as_ref()), quotes.get(pair.b.as_ref()))
                else {
                    continue;
                };
                writeln!(
                    out,
                    "      framing: {} at {}:{} vs {} at {}:{}",
                    cue(&a),
                    a.doc,
                    a.line,
                    cue(&b),
                    b.doc,
                    b.line
                )?;
            }
        }
    }
    let count = |level: &str| {
        report
            .findings
            .iter()
            .filter(|f| f.severity.as_str() == level)
            .count()
    };
    let warnings = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if !report.groups.is_empty() {
        writeln!(out)?;
    }
    writeln!(
        out,
        "{}, {}, {}, {}, {} ({}, {}, {}); diagnostics: {}, {}",
        plural(report.documents.len(), "document"),
        plural(report.quotes.len(), "quote"),
        plural(report.speakers.len(), "speaker"),
        plural(report.groups.len(), "group"),
        plural(report.findings.len(), "finding"),
        plural(count("error"), "error"),
        plural(count("warning"), "warning"),
        plural(count("note"), "note"),
        plural(report.diagnostics.len() - warnings, "error"),
        plural(warnings, "warning")
    )
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn cue(quote: &QuoteEntry) -> String {
    match (&quote.cue_written, &quote.cue_class) {
        (Some(cue), Some(class)) => format!("{cue} ({class})"),
        _ => "(no cue)".to_string(),
    }
}

/// A version's cue, and its article headline's cue where the headline quotes the same words.
fn cue_and_headline_cue(quote: &QuoteEntry, group: &GroupEntry) -> String {
    let headline = group
        .framing_of(&quote.id)
        .and_then(|f| f.headline_cue.as_ref().zip(f.headline_cue_class.as_ref()));
    match headline {
        Some((cue_word, class)) => format!("{}; headline: {cue_word} ({class})", cue(quote)),
        None => cue(quote),
    }
}
