//! Cost of the matching stage (candidate pairs, alignment, grouping) on generated quotes: as
//! many as 10,000 articles hold (eight each), a third of them re-rendering a quote of another
//! article (truncated, a word swapped, a hedge dropped), spread over 2,000 speakers.
//!
//! `cargo bench --bench matching`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use quotecheck::align::{self, Version};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn version(doc: usize, quote: usize, speaker: usize, text: String) -> Version {
    let mut version = Version::from_text(
        doc,
        quote,
        Some(&format!("Speaker {speaker}")),
        text.as_str(),
    );
    version.origin = align::Origin {
        path: format!("corpus/{doc:05}.txt"),
        date: None,
    }
    .into();
    version
}

fn generated(articles: usize) -> Vec<Version> {
    let vocabulary: Vec<String> = (0..3000).map(|i| format!("w{i}")).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let sentence = |rng: &mut Rng| -> Vec<String> {
        let len = 8 + rng.below(20);
        (0..len)
            .map(|_| vocabulary[rng.below(vocabulary.len())].clone())
            .collect()
    };
    let mut versions: Vec<Version> = Vec::new();
    let mut originals: Vec<(usize, Vec<String>)> = Vec::new();
    for doc in 0..articles {
        for quote in 0..8 {
            let rerender = !originals.is_empty() && rng.below(3) == 0;
            let (speaker, words) = if rerender {
                let (speaker, base) = originals[rng.below(originals.len())].clone();
                let mut words = base.clone();
                match rng.below(3) {
                    0 => words.truncate(words.len() * 2 / 3),
                    1 => {
                        let at = rng.below(words.len());
                        words[at] = "changed".to_string();
                    }
                    _ => words.insert(0, "perhaps".to_string()),
                }
                (speaker, words)
            } else {
                let words = sentence(&mut rng);
                let speaker = rng.below(2000);
                originals.push((speaker, words.clone()));
                (speaker, words)
            };
            versions.push(version(doc, quote, speaker, words.join(" ")));
        }
    }
    versions
}

fn benches(c: &mut Criterion) {
    let versions = generated(10_000);
    let mut group = c.benchmark_group("matching");
    group.sample_size(10);
    group.bench_function("group 80,000 quotes of 10,000 articles", |b| {
        // Each run groups versions as the pipeline hands them over: grouping makes their word
        // keys.
        b.iter_batched(
            || versions.clone(),
            |mut versions| {
                black_box(align::group(black_box(&mut versions)))
                    .groups
                    .len()
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(matching, benches);
criterion_main!(matching);
