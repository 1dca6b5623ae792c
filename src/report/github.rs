//! GitHub Actions workflow commands (`--format github`): one `::error`/`::warning`/`::notice`
//! annotation per open finding, at the diverging version, citing the reference.
//!
//! Values are escaped as the runner expects (`%`, CR and LF in messages; also `:` and `,` in
//! properties). A finding spanning lines gets `endLine` and no `col`. At most
//! `max_annotations` are printed; a closing line counts the rest.

use std::io::{self, Write};

use super::{FindingEntry, Printer, Report, View};
use crate::findings::Level;

pub struct GithubPrinter {
    pub max_annotations: usize,
}

/// Escapes a workflow command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn annotation(finding: &FindingEntry) -> String {
    let command = match finding.severity {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    };
    let mut properties = vec![
        format!("file={}", escape_property(finding.file)),
        format!("line={}", finding.line),
    ];
    if finding.end_line == finding.line {
        properties.push(format!("col={}", finding.column));
        properties.push(format!("endColumn={}", finding.end_column));
    } else {
        properties.push(format!("endLine={}", finding.end_line));
    }
    let speaker = finding.speaker.unwrap_or("an unnamed speaker");
    properties.push(format!(
        "title={}",
        escape_property(&format!(
            "quotecheck: {} ({speaker})",
            finding.reasons.join(", ")
        ))
    ));
    let message = format!(
        "“{}” renders {speaker}’s words at {}:{} as “{}” ({}; fingerprint {})",
        crate::one_line(finding.text),
        finding.reference_path,
        finding.reference_line,
        crate::one_line(finding.reference_text),
        finding.reasons.join(", "),
        finding.fingerprint
    );
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

impl Printer for GithubPrinter {
    fn print(&self, report: &Report, _view: View, out: &mut dyn Write) -> io::Result<()> {
        let open = report.findings.iter().filter(|f| f.accepted.is_none());
        for finding in open.take(self.max_annotations) {
            writeln!(out, "{}", annotation(&finding))?;
        }
        let open_count: usize = report.totals.open_by_severity.values().sum();
        if open_count > self.max_annotations {
            writeln!(
                out,
                "::notice title=quotecheck::{} more findings not annotated (--max-annotations {}); see the full report",
                open_count - self.max_annotations,
                self.max_annotations
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_are_escaped() {
        assert_eq!(escape_data("50% off\r\nnow"), "50%25 off%0D%0Anow");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
