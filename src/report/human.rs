//! The terminal report.

use std::io::{self, Write};

use super::{Printer, Report, View};

pub struct HumanPrinter;

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
                        one_line(&quote.text)
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
            View::Check => {
                let warnings = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == crate::diagnostics::Severity::Warning)
                    .count();
                let errors = report.diagnostics.len() - warnings;
                writeln!(
                    out,
                    "{} documents, {} quotes, {} findings, {} errors, {} warnings",
                    report.documents.len(),
                    report.quotes.len(),
                    report.findings.len(),
                    errors,
                    warnings
                )?;
            }
        }
        Ok(())
    }
}

/// Line breaks inside a quote (hard-wrapped copy) shown as spaces, so one quote stays one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
