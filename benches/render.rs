//! Cost of the last stage: building the report model from an analysis, and printing it as
//! JSON, HTML and for a terminal. The corpus is the demo corpus's plain-text articles, each
//! filed forty times with a line of its own (so every utterance has forty versions).
//!
//! `cargo bench --bench render`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use quotecheck::corpus::{Loader, TxtLoader};
use quotecheck::report::{Format, PrintOptions, Report, View, printer_for};

fn corpus() -> Vec<quotecheck::corpus::Loaded> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let mut files = Vec::new();
    for copy in 0..40 {
        for name in &names {
            let mut text = std::fs::read_to_string(name).unwrap();
            text.push_str(&format!("\nFiled by desk {copy}.\n"));
            let path = format!("copy{copy}/{}", name.file_name().unwrap().to_string_lossy());
            files.push(TxtLoader.load(&path, text.as_bytes()));
        }
    }
    files
}

fn benches(c: &mut Criterion) {
    let analysis = quotecheck::analyze_loaded(corpus(), &Default::default(), &Default::default());
    let mut group = c.benchmark_group("render");
    group.sample_size(20);
    group.bench_function("report model", |b| {
        b.iter(|| black_box(Report::build(black_box(&analysis))).quotes.len())
    });
    group.bench_function("report model with alignment tables", |b| {
        b.iter(|| {
            black_box(Report::build_with(black_box(&analysis), true))
                .groups
                .len()
        })
    });
    let report = Report::build_with(&analysis, true);
    let options = PrintOptions::default();
    for format in [Format::Json, Format::Html, Format::Human] {
        let printer = printer_for(format, &options);
        let mut out = Vec::new();
        printer.print(&report, View::Check, &mut out).unwrap();
        let size = out.len();
        group.throughput(criterion::Throughput::Bytes(size as u64));
        group.bench_function(format!("print {format:?}"), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(size);
                printer
                    .print(black_box(&report), View::Check, &mut out)
                    .unwrap();
                out.len()
            })
        });
    }
    group.finish();
}

criterion_group!(render, benches);
criterion_main!(render);
