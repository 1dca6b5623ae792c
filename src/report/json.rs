//! The JSON report (`--format json`) and JSON lines (`--format jsonl`).
//!
//! The big lists (documents, quotes, groups, findings) are serialised in parallel, a window of
//! entries at a time (entries the report makes as they are read are made there too), and
//! written in order, each window while the next is made: the bytes are exactly serde_json's
//! pretty (or compact) output, and no more than two windows of them are held at once.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::{Printer, Report, View};

/// Entries serialised by one parallel task (few in tests, so the demo corpus spans several).
const ENTRIES_PER_TASK: usize = if cfg!(test) { 3 } else { 128 };
/// Entries serialised before they are written: bounds the printed bytes held in memory (two
/// windows, one being written and the next being made).
const ENTRIES_PER_WINDOW: usize = if cfg!(test) { 10 } else { 1024 };

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
            View::Quotes | View::Check => write_report(report, out)?,
        }
        writeln!(out)
    }
}

/// The report as `serde_json::to_writer_pretty` writes it, field by field in the order of
/// [`Report`]'s fields (a test holds the two to the same bytes).
fn write_report(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{\n")?;
    write_field(out, "version", &report.version)?;
    out.write_all(b",\n")?;
    write_list_field(out, "documents", &Slice(&report.documents))?;
    out.write_all(b",\n")?;
    write_list_field(out, "quotes", &report.quotes)?;
    out.write_all(b",\n")?;
    write_list_field(out, "groups", &report.groups)?;
    out.write_all(b",\n")?;
    write_list_field(out, "findings", &report.findings)?;
    out.write_all(b",\n")?;
    write_list_field(out, "diagnostics", &Slice(&report.diagnostics))?;
    out.write_all(b",\n")?;
    write_list_field(out, "speakers", &Slice(&report.speakers))?;
    out.write_all(b",\n")?;
    write_field(out, "review", &report.review)?;
    out.write_all(b",\n")?;
    write_field(out, "totals", &report.totals)?;
    out.write_all(b"\n}")
}

/// `  "name": value` of a top-level field.
fn write_field(out: &mut dyn Write, name: &str, value: &impl Serialize) -> io::Result<()> {
    let mut buffer = Vec::new();
    write!(buffer, "  \"{name}\": ")?;
    pretty_at_depth(value, 1, &mut buffer)?;
    out.write_all(&buffer)
}

/// What the parallel writer prints: a list whose entries can be had by index from any thread.
trait Entries: Sync {
    type Entry: Serialize;
    fn count(&self) -> usize;
    fn entry(&self, index: usize) -> Self::Entry;
}

/// The entries of a list the report holds.
struct Slice<'s, T>(&'s [T]);

impl<'s, T: Serialize + Sync> Entries for Slice<'s, T> {
    type Entry = &'s T;

    fn count(&self) -> usize {
        self.0.len()
    }

    fn entry(&self, index: usize) -> &'s T {
        &self.0[index]
    }
}

/// A list of the report whose entries are made as they are printed.
impl<E: Serialize> Entries for super::Listed<'_, E> {
    type Entry = E;

    fn count(&self) -> usize {
        self.len()
    }

    fn entry(&self, index: usize) -> E {
        self.nth(index)
    }
}

/// `  "name": [ entries ]` of a top-level list, its entries serialised in parallel.
fn write_list_field(out: &mut dyn Write, name: &str, entries: &impl Entries) -> io::Result<()> {
    if entries.count() == 0 {
        return write!(out, "  \"{name}\": []");
    }
    writeln!(out, "  \"{name}\": [")?;
    write_in_parallel(entries, out, |index, entry, buffer| {
        if index > 0 {
            buffer.extend_from_slice(b",\n");
        }
        buffer.extend_from_slice(b"    ");
        pretty_at_depth(entry, 2, buffer)
    })?;
    out.write_all(b"\n  ]")
}

/// Appends `value` pretty-printed as it stands `depth` levels deep: every line after the first
/// indented by two spaces a level, as serde_json's pretty printer indents a value nested that
/// deep.
fn pretty_at_depth(value: &impl Serialize, depth: usize, buffer: &mut Vec<u8>) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(buffer, NestedPretty::at(depth));
    value.serialize(&mut serializer)?;
    Ok(())
}

/// serde_json's `PrettyFormatter` (two spaces a level), starting `depth` levels deep.
struct NestedPretty {
    depth: usize,
    has_value: bool,
}

impl NestedPretty {
    fn at(depth: usize) -> Self {
        Self {
            depth,
            has_value: false,
        }
    }

    fn new_line<W: ?Sized + Write>(&self, writer: &mut W, separator: &[u8]) -> io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        writer.write_all(separator)?;
        let mut left = 2 * self.depth;
        while left > 0 {
            let now = left.min(SPACES.len());
            writer.write_all(&SPACES[..now])?;
            left -= now;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, mark: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(mark)
    }

    /// Where an array's element or an object's key begins: after a comma but for the first.
    fn begin_entry<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        self.new_line(writer, if first { b"\n" } else { b",\n" })
    }

    /// An array's element or an object's value has been written: its container closes on a
    /// line of its own.
    fn end_entry(&mut self) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, mark: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(writer, b"\n")?;
        }
        writer.write_all(mark)
    }
}

impl serde_json::ser::Formatter for NestedPretty {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.begin_entry(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.end_entry()
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.begin_entry(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.end_entry()
    }
}

/// Writes every entry, in order, as `one(index, entry, buffer)` appends it to a buffer:
/// entries are made and serialised in parallel, a window at a time.
fn write_in_parallel<L: Entries>(
    entries: &L,
    out: &mut dyn Write,
    one: impl Fn(usize, &L::Entry, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    // One window is serialised while the one before it is written (the channel holds none:
    // a finished window waits for the writer): writing a big report to a file is the kernel's
    // copying, which would otherwise leave the serialising threads idle.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<io::Result<Vec<Vec<u8>>>>(0);
    let one = &one;
    let count = entries.count();
    std::thread::scope(|scope| {
        // The sender moves in, so the writer's loop ends when this thread does.
        scope.spawn(move || {
            for first in (0..count).step_by(ENTRIES_PER_WINDOW) {
                let window = first..(first + ENTRIES_PER_WINDOW).min(count);
                let tasks = window.len().div_ceil(ENTRIES_PER_TASK);
                let buffers: io::Result<Vec<Vec<u8>>> = (0..tasks)
                    .into_par_iter()
                    .map(|task| {
                        let from = first + task * ENTRIES_PER_TASK;
                        let mut buffer = Vec::new();
                        for index in from..(from + ENTRIES_PER_TASK).min(window.end) {
                            one(index, &entries.entry(index), &mut buffer)?;
                        }
                        Ok(buffer)
                    })
                    .collect();
                let failed = buffers.is_err();
                // A failed send: the writer stopped on an error of its own.
                if sender.send(buffers).is_err() || failed {
                    break;
                }
            }
        });
        for buffers in receiver {
            for buffer in buffers? {
                out.write_all(&buffer)?;
            }
        }
        Ok(())
    })
}

/// Appends one entry as a line of JSON lines.
fn json_line(_index: usize, entry: &impl Serialize, buffer: &mut Vec<u8>) -> io::Result<()> {
    serde_json::to_writer(&mut *buffer, entry)?;
    buffer.push(b'\n');
    Ok(())
}

pub struct JsonLinesPrinter;

impl Printer for JsonLinesPrinter {
    fn print(&self, report: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        match view {
            View::Quotes => write_in_parallel(&report.quotes, out, json_line),
            View::Speakers => write_in_parallel(&Slice(&report.speakers), out, json_line),
            View::Check => write_in_parallel(&report.findings, out, json_line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo corpus's report, printed by the parallel writer and by serde_json in one go.
    fn both_ways(printer: &dyn Printer, serial: impl Fn(&Report) -> Vec<u8>) {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let analysis = crate::analyze(&[corpus], &crate::config::Config::default());
        let report = Report::build(&analysis);
        assert!(
            report.findings.len() > 2 * ENTRIES_PER_WINDOW,
            "several windows of several tasks are printed"
        );
        let mut parallel = Vec::new();
        printer
            .print(&report, View::Check, &mut parallel)
            .expect("the report prints");
        assert_eq!(
            String::from_utf8(parallel).expect("JSON is UTF-8"),
            String::from_utf8(serial(&report)).expect("JSON is UTF-8")
        );
    }

    #[test]
    fn parallel_json_is_serde_jsons_pretty_report_byte_for_byte() {
        both_ways(&JsonPrinter, |report| {
            let mut serial = serde_json::to_vec_pretty(report).expect("the report serialises");
            serial.push(b'\n');
            serial
        });
    }

    #[test]
    fn parallel_json_lines_are_one_finding_a_line_in_order() {
        both_ways(&JsonLinesPrinter, |report| {
            let mut serial = Vec::new();
            for finding in &report.findings {
                serde_json::to_writer(&mut serial, &finding).expect("a finding serialises");
                serial.push(b'\n');
            }
            serial
        });
    }

    /// A writer that takes `room` bytes, then fails as a full disk does.
    struct FullAfter {
        written: Vec<u8>,
        room: usize,
    }

    impl Write for FullAfter {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            let take = bytes.len().min(self.room - self.written.len());
            if take == 0 {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "no space left"));
            }
            self.written.extend_from_slice(&bytes[..take]);
            Ok(take)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn numbered(index: usize, entry: &&u32, buffer: &mut Vec<u8>) -> io::Result<()> {
        writeln!(buffer, "{index}:{entry}")
    }

    #[test]
    fn a_failed_write_stops_the_serialising_windows_and_is_returned() {
        let entries: Vec<u32> = (0..20 * ENTRIES_PER_WINDOW as u32).collect();
        let mut out = FullAfter {
            written: Vec::new(),
            room: 40,
        };
        let error = write_in_parallel(&Slice(&entries), &mut out, numbered).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::StorageFull);
        assert!(
            out.written.starts_with(b"0:0\n1:1\n2:2\n"),
            "written in order up to the error"
        );
    }

    #[test]
    fn a_failed_entry_ends_the_output_after_the_windows_before_it() {
        let entries: Vec<u32> = (0..5 * ENTRIES_PER_WINDOW as u32).collect();
        let failing = 2 * ENTRIES_PER_WINDOW + 1;
        let mut out = Vec::new();
        let error = write_in_parallel(&Slice(&entries), &mut out, |index, entry, buffer| {
            if index == failing {
                return Err(io::Error::other("cannot serialise this entry"));
            }
            numbered(index, entry, buffer)
        })
        .unwrap_err();
        assert_eq!(error.to_string(), "cannot serialise this entry");
        let lines = String::from_utf8(out).expect("UTF-8");
        assert_eq!(
            lines.lines().count(),
            2 * ENTRIES_PER_WINDOW,
            "the two whole windows before the failing entry's, and none of that window"
        );
        assert!(lines.ends_with(&format!("{0}:{0}\n", failing - 2)));
    }
}
