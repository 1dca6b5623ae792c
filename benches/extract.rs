//! Throughput of quote extraction (and of loading plus extraction) on generated news copy.
//!
//! `cargo bench --bench extract` prints MB/s; the target is at least 100 MB/s on one core.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use quotecheck::corpus::{Loader, TxtLoader};
use quotecheck::extract::extract;

/// A deterministic pseudo-random article of about `size` bytes: prose paragraphs with quotes in
/// every house style, multi-paragraph and interrupted quotes, apostrophes and fragments.
fn article(size: usize) -> String {
    const PARAGRAPHS: &[&str] = &[
        "The minister said on Friday that the government would not wait long for an answer from the union’s executive, which meets on Thursday.",
        "“We are close to a deal, closer than we have been at any point since October,” Venn said at a press conference in Port Aldane.",
        "“We are ready,” she said, “to sign this week.”",
        "Reyke told reporters: \"We have seen an offer, not an agreement. Our members will decide, and they will not be rushed.\"",
        "‘Nobody wins a long strike,’ the minister admitted, adding that the ’90s had shown what a long dispute does to a railway.",
        "Critics called the offer “a press release dressed up as progress” and said the talks were “going nowhere”.",
        "„Wir sind bereit“, sagte die Ministerin. «\u{a0}Nous sommes prêts\u{a0}», a-t-elle ajouté.",
        "“The northern lines were neglected for twenty years.\n\n“That is not a transport policy, that is a surrender,” she said.",
        "Commuters in Northgate, where one train in three has been cancelled on strike days, don't expect a quick return to the timetable.",
    ];
    let mut text = String::from("Minister says rail deal is “within reach”\n\n");
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    while text.len() < size {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push_str(PARAGRAPHS[(state % PARAGRAPHS.len() as u64) as usize]);
        text.push_str("\n\n");
    }
    text
}

fn benches(c: &mut Criterion) {
    let source = article(4 * 1024 * 1024);
    let doc = TxtLoader
        .load("bench.txt", source.as_bytes())
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
    group.finish();
}

criterion_group!(extraction, benches);
criterion_main!(extraction);
