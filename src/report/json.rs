//! The JSON report (`--format json`) and JSON lines (`--format jsonl`).

use std::io::{self, Write};

use super::{Printer, Report, View};

pub struct JsonPrinter;

impl Printer for JsonPrinter {
    fn print(&self, report: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        match view {
            View::Speakers => {
                #[derive(serde::Serialize)]
                struct SpeakersReport<'a> {
                    version: u32,
                    speakers: &'a [crate::attribute::Speaker],
                }
                let speakers = SpeakersReport {
                    version: report.version,
                    speakers: &report.speakers,
                };
                serde_json::to_writer_pretty(&mut *out, &speakers)?;
            }
            View::Quotes | View::Check => serde_json::to_writer_pretty(&mut *out, report)?,
        }
        writeln!(out)
    }
}

pub struct JsonLinesPrinter;

impl Printer for JsonLinesPrinter {
    fn print(&self, report: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        match view {
            View::Quotes => {
                for quote in &report.quotes {
                    serde_json::to_writer(&mut *out, quote)?;
                    writeln!(out)?;
                }
            }
            View::Speakers => {
                for speaker in &report.speakers {
                    serde_json::to_writer(&mut *out, speaker)?;
                    writeln!(out)?;
                }
            }
            View::Check => {
                for finding in &report.findings {
                    serde_json::to_writer(&mut *out, finding)?;
                    writeln!(out)?;
                }
            }
        }
        Ok(())
    }
}
