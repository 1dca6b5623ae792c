//! Throughput of quote extraction (alone, after loading, and with attribution) on generated
//! news copy.
//!
//! `cargo bench --bench extract` prints MB/s; the targets on one core are at least 100 MB/s for
//! extraction and 50 MB/s for extraction plus attribution.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quotecheck::attribute::attribute;
use quotecheck::corpus::{Loader, TxtLoader};
use quotecheck::extract::extract;

mod common;
use common::article;

fn benches(c: &mut Criterion) {
    let source = article(4 * 1024 * 1024, 0);
    let doc = TxtLoader
        .load("bench.txt", source.as_bytes())
        .documents
        .remove(0);
    let news = article(4 * 1024 * 1024, 3);
    let news_doc = TxtLoader
        .load("news.txt", news.as_bytes())
        .documents
        .remove(0);
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(source.len() as u64));
    group.sample_size(20);
    group.bench_function("extract 4 MiB article", |b| {
        b.iter(|| black_box(extract(black_box(&doc))).quotes.len())
    });
    group.bench_function("load and extract 4 MiB article", |b| {
        b.iter(|| {
            let loaded = TxtLoader.load("bench.txt", black_box(source.as_bytes()));
            black_box(extract(&loaded.documents[0])).quotes.len()
        })
    });
    group.bench_function("extract and attribute 4 MiB article", |b| {
        b.iter(|| {
            let quotes = extract(black_box(&doc)).quotes;
            black_box(attribute(&doc, &quotes)).quotes.len()
        })
    });
    group.bench_function("extract 4 MiB of news prose", |b| {
        b.iter(|| black_box(extract(black_box(&news_doc))).quotes.len())
    });
    group.bench_function("extract and attribute 4 MiB of news prose", |b| {
        b.iter(|| {
            let quotes = extract(black_box(&news_doc)).quotes;
            black_box(attribute(&news_doc, &quotes)).quotes.len()
        })
    });
    group.finish();
}

criterion_group!(extraction, benches);
criterion_main!(extraction);
