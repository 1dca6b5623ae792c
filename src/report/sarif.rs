//! SARIF 2.1.0 (`--format sarif`) for code-scanning tools: one result per open finding, located
//! at the diverging version (columns in Unicode code points), the reference and the group's
//! other versions as related locations, the fingerprint as a partial fingerprint.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Tool,
    ToolComponent,
};

use super::{FindingEntry, Printer, Report, View};
use crate::findings::Level;

pub struct SarifPrinter;

/// The rules a finding's `ruleId` names: its class, or what else made it a finding.
const RULES: &[(&str, &str)] = &[
    (
        "altered",
        "Words substituted, inserted, dropped or reordered against the reference",
    ),
    (
        "truncated",
        "A contiguous run of the reference's words, cut without a mark",
    ),
    (
        "elided",
        "An omission marked with an ellipsis, or an editorial insertion",
    ),
    (
        "misattribution",
        "The same words given to a different speaker",
    ),
    (
        "framing",
        "The same words framed with a cue of another class",
    ),
    (
        "flagged",
        "A change a fact-checker must see (hedge, negation, number, entity)",
    ),
];

fn rule_id(finding: &FindingEntry) -> &'static str {
    if finding.misattributed {
        return "misattribution";
    }
    match finding.divergence.as_str() {
        "altered" => "altered",
        "truncated" => "truncated",
        "elided" => "elided",
        _ if finding.framing_diverges => "framing",
        _ => "flagged",
    }
}

fn location(
    file: &str,
    line: usize,
    column: usize,
    end: Option<(usize, usize)>,
    note: Option<String>,
) -> Location {
    let region = match end {
        Some((end_line, end_column)) => Region::builder()
            .start_line(line as i64)
            .start_column(column as i64)
            .end_line(end_line as i64)
            .end_column(end_column as i64)
            .build(),
        None => Region::builder()
            .start_line(line as i64)
            .start_column(column as i64)
            .build(),
    };
    let physical = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(file.to_string()).build())
        .region(region)
        .build();
    match note {
        Some(text) => Location::builder()
            .physical_location(physical)
            .message(Message::builder().text(text).build())
            .build(),
        None => Location::builder().physical_location(physical).build(),
    }
}

/// What a result looks up, indexed once for all of them.
struct Lookup<'l, 'a> {
    groups: BTreeMap<&'l str, &'l super::GroupEntry<'a>>,
    quotes: &'l super::Quotes<'a>,
    documents: BTreeMap<&'l str, &'l super::DocumentEntry<'l>>,
}

fn result(lookup: &Lookup, finding: &FindingEntry) -> SarifResult {
    let level = match finding.severity {
        Level::Error => ResultLevel::Error,
        Level::Warning => ResultLevel::Warning,
        Level::Note => ResultLevel::Note,
    };
    let speaker = finding.speaker.unwrap_or("an unnamed speaker");
    let text = format!(
        "{}: “{}” renders {speaker}’s words “{}” ({}:{})",
        finding.reasons.join(", "),
        crate::one_line(finding.text),
        crate::one_line(finding.reference_text),
        finding.reference_path,
        finding.reference_line
    );
    let mut related = vec![location(
        finding.reference_file,
        finding.reference_line,
        finding.reference_column,
        None,
        Some(format!("the reference: {}", finding.reference)),
    )];
    let members = lookup
        .groups
        .get(finding.group.as_str())
        .map(|g| g.members.as_slice())
        .unwrap_or_default();
    for member in members {
        if *member == finding.quote || *member == finding.reference {
            continue;
        }
        if let Some(quote) = lookup.quotes.get(member.as_ref()) {
            let file = lookup
                .documents
                .get(quote.doc)
                .map_or(quote.doc, |d| d.file);
            related.push(location(
                file,
                quote.line,
                quote.column,
                None,
                Some(format!("another version: {member}")),
            ));
        }
    }
    let end = Some((finding.end_line, finding.end_column));
    let mut properties = BTreeMap::new();
    properties.insert(
        "group".to_string(),
        serde_json::Value::from(finding.group.clone()),
    );
    SarifResult::builder()
        .rule_id(rule_id(finding))
        .level(level)
        .message(Message::builder().text(text).build())
        .locations(vec![location(
            finding.file,
            finding.line,
            finding.column,
            end,
            None,
        )])
        .related_locations(related)
        .partial_fingerprints(BTreeMap::from([(
            "quotecheck/v1".to_string(),
            finding.fingerprint.to_string(),
        )]))
        .properties(
            PropertyBag::builder()
                .tags(
                    finding
                        .reasons
                        .iter()
                        .map(|r| r.to_string())
                        .collect::<Vec<_>>(),
                )
                .additional_properties(properties)
                .build(),
        )
        .build()
}

impl Printer for SarifPrinter {
    fn print(&self, report: &Report, _view: View, out: &mut dyn Write) -> io::Result<()> {
        let rules: Vec<ReportingDescriptor> = RULES
            .iter()
            .map(|(id, description)| {
                ReportingDescriptor::builder()
                    .id(id.to_string())
                    .short_description(
                        MultiformatMessageString::builder()
                            .text(description.to_string())
                            .build(),
                    )
                    .build()
            })
            .collect();
        let driver = ToolComponent::builder()
            .name("quotecheck")
            .version(env!("CARGO_PKG_VERSION"))
            .rules(rules)
            .build();
        let groups: Vec<super::GroupEntry> = report.groups.iter().collect();
        let lookup = Lookup {
            groups: groups.iter().map(|g| (g.id.as_str(), g)).collect(),
            quotes: &report.quotes,
            documents: report.documents_by_path(),
        };
        let results: Vec<SarifResult> = report
            .findings
            .iter()
            .filter(|f| f.accepted.is_none())
            .map(|f| result(&lookup, &f))
            .collect();
        let run = Run::builder()
            .tool(Tool::builder().driver(driver).build())
            .results(results)
            .column_kind(serde_json::Value::from("unicodeCodePoints"))
            .build();
        let sarif = Sarif::builder()
            .schema("https://json.schemastore.org/sarif-2.1.0.json")
            .version(serde_json::Value::from("2.1.0"))
            .runs(vec![run])
            .build();
        serde_json::to_writer_pretty(&mut *out, &sarif)?;
        writeln!(out)
    }
}
