//! Align: which quotes render the same utterance.
//!
//! Every quote becomes a [`Version`]: its matching tokens, speaker, date and document. Candidate
//! pairs come from an inverted index of word bigrams, so the cost grows with the number of
//! similar quotes, not with the square of all quotes. Each candidate pair is scored by a local
//! alignment of the shorter version inside the longer ([`local`]) and by containment — how much
//! of the shorter lies in the longer — never by a symmetric overlap that would hide a
//! truncation.
//!
//! Groups are built around a reference: versions are taken fullest first (a transcript before
//! any article, then the most words, the earliest date, the path), and each version not yet in
//! a group becomes the reference of a new one, which every other ungrouped version that aligns
//! with it joins. Members align with the reference itself, never with each other, so unrelated
//! quotes cannot chain through a shared fragment. Same-speaker versions need most of the shorter
//! one inside the longer; versions with different (or no) speakers must share a long,
//! distinctive run — the same words in someone else's mouth.
//!
//! Invariants: groups and members come out in a fixed order (by reference priority, then
//! document order), whatever order the quotes were found in.

pub mod affected;
pub mod local;
mod text;
pub mod tokens;

pub use affected::IndexKeys;
pub use text::VersionText;

use std::collections::{BTreeMap, BTreeSet};

use crate::extract::QuoteKind;
use crate::lexicon::STOPWORDS;
use local::{Alignment, Side};
use tokens::{Token, TokenKind};
use xxhash_rust::xxh3::Xxh3;

/// Share of the shorter version's words that must lie in the longer for one speaker's quotes.
pub const SAME_SPEAKER_CONTAINMENT: f64 = 0.6;
/// Share required when the speakers differ or one is unknown.
pub const CROSS_SPEAKER_CONTAINMENT: f64 = 0.85;
/// Words that must align before two speakers' quotes are taken for the same words.
pub const CROSS_SPEAKER_MIN_WORDS: usize = 6;
/// Content words a fragment needs to join a group.
pub const MIN_CONTENT_WORDS: usize = 2;
/// The most quotes of one speaker matched with each other (the first ones, in document order).
/// Past it a speaker's quotes are not compared with the speaker's others, and a diagnostic
/// says so: matching a flood of one speaker's near-identical quotes costs the square of their
/// number.
pub const MAX_SPEAKER_QUOTES: usize = 2_000;
/// Bigrams shared by more versions than this are common: across speakers they are counted as
/// shared rather than looked up.
const MAX_POSTINGS: usize = 200;
/// How many of the rarest lists read a candidate must appear in ([`prefix_join`]): more lists
/// are read, but far fewer pairs that merely share a phrase are verified.
const PREFIX_HITS: usize = 3;
/// Share (percent) of the shorter version's indexed bigrams two versions must have in common
/// to be aligned at all.
const CANDIDATE_SHARE_PERCENT: usize = 60;
/// The share for versions of different speakers (or none): they group only when nearly the
/// same words ([`CROSS_SPEAKER_CONTAINMENT`]).
const CROSS_CANDIDATE_SHARE_PERCENT: usize = 70;

/// A version's tokens and its normalised words (the tokens of kind `Word`).
#[derive(Debug, Clone)]
struct Matching {
    tokens: Vec<Token>,
    words: Vec<compact_str::CompactString>,
}

/// The document a version is in, as grouping orders it and the report names it: one for a
/// document, shared by its versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: String,
    pub date: Option<String>,
}

/// A quote as matching sees it.
#[derive(Debug, Clone)]
pub struct Version {
    /// Index of the document in the analysis.
    pub doc: usize,
    /// Index of the quote in its document.
    pub quote: usize,
    /// The canonical speaker (a name fits in the string itself: most need no allocation).
    pub speaker: Option<compact_str::CompactString>,
    pub kind: QuoteKind,
    pub transcript: bool,
    /// The document's path and date, shared by its versions.
    pub origin: std::sync::Arc<Origin>,
    /// The quoted words as written (token spans index it).
    pub text: VersionText,
    /// What grouping compares: made when grouping first asks for them (a run whose matching
    /// is reused from the cache never does), let go while the bigram index is built
    /// (grouping's peak) and made again for the versions that are aligned, let go once judging
    /// is done (and made again from the text if asked for after).
    keys: std::sync::OnceLock<Box<WordKeys>>,
    /// How many words the text has, set when the keys are first made and kept while they come
    /// and go (a text of more than `u32::MAX` words counts as `u32::MAX`; no such text can be
    /// aligned).
    words: std::sync::OnceLock<u32>,
    /// Tokens and normalised words, made when judging first asks for them: only versions in a
    /// group are judged, so most versions never hold them (nor the room for them).
    matching: std::sync::OnceLock<Box<Matching>>,
    /// Another version this one is a copy of (syndicated wire copy), by index. This and the
    /// two below are 32-bit (see `crate::narrow`): a corpus holds a version per quote.
    pub copy_of: Option<u32>,
    /// The version this one is the second half of (an interrupted quote): matched with it.
    pub part_of: Option<u32>,
    /// For a passage of a transcript: its byte range in the transcript quote's text.
    pub passage: Option<std::ops::Range<u32>>,
    pub in_boilerplate: bool,
}

impl Version {
    /// A version of an article quote made from its text alone (document `doc`, quote `quote`),
    /// for tests, benchmarks and callers that build their own corpus.
    pub fn from_text(
        doc: usize,
        quote: usize,
        speaker: Option<&str>,
        text: impl Into<VersionText>,
    ) -> Self {
        let origin = Origin {
            path: format!("d{doc}.txt"),
            date: None,
        };
        Self::with_origin(doc, quote, speaker, origin.into(), text.into())
    }

    fn with_origin(
        doc: usize,
        quote: usize,
        speaker: Option<&str>,
        origin: std::sync::Arc<Origin>,
        text: VersionText,
    ) -> Self {
        let mut version = Self {
            doc,
            quote,
            speaker: speaker.map(Into::into),
            kind: QuoteKind::Direct,
            transcript: false,
            origin,
            text: VersionText::default(),
            keys: std::sync::OnceLock::new(),
            words: std::sync::OnceLock::new(),
            matching: std::sync::OnceLock::new(),
            copy_of: None,
            part_of: None,
            passage: None,
            in_boilerplate: false,
        };
        version.set_text(text);
        version
    }

    /// The passage of this transcript version's text at `range` (byte offsets into the text,
    /// on character boundaries), as a version of its own.
    pub fn passage(&self, range: std::ops::Range<usize>) -> Self {
        let mut passage = Version {
            passage: Some(crate::narrow_range(range.clone())),
            ..self.clone()
        };
        passage.set_text(self.text.slice(range));
        passage
    }

    /// Adds to `hasher` everything grouping and judging read of this version of `corpus`, but
    /// where it stands: the versions it is a copy or a second half of are named by path and
    /// quote number, not index. A version of one run with the identity of one of an earlier run
    /// is that version, unchanged ([`affected`]); the whole corpus's digest adds the indices
    /// ([`crate::memo::digest`]).
    pub fn identity(&self, corpus: &[Version], hasher: &mut Xxh3) {
        // Every field is named, so that a field added to a version is a decision here too.
        let Version {
            doc: _,
            quote,
            speaker,
            kind,
            transcript,
            origin,
            text,
            keys: _,
            words: _,
            matching: _,
            copy_of,
            part_of,
            passage,
            in_boilerplate,
        } = self;
        let Origin { path, date } = &**origin;
        hasher.update(&(*quote as u64).to_le_bytes());
        hash_option(hasher, speaker.as_ref().map(|_| 0));
        hash_bytes(hasher, speaker.as_deref().unwrap_or_default().as_bytes());
        hash_bytes(hasher, kind.as_str().as_bytes());
        hasher.update(&[u8::from(*transcript), u8::from(*in_boilerplate)]);
        hash_bytes(hasher, path.as_bytes());
        hash_option(hasher, date.as_ref().map(|_| 0));
        hash_bytes(hasher, date.as_deref().unwrap_or_default().as_bytes());
        hash_bytes(hasher, text.as_bytes());
        let original = copy_of.map(|o| &corpus[o as usize]);
        hash_option(hasher, original.map(|o| o.quote as u64));
        hash_bytes(
            hasher,
            original.map_or("", |o| o.origin.path.as_str()).as_bytes(),
        );
        hash_option(hasher, part_of.map(|p| corpus[p as usize].quote as u64));
        hash_option(hasher, passage.as_ref().map(|p| u64::from(p.start)));
        hash_option(hasher, passage.as_ref().map(|p| u64::from(p.end)));
    }

    /// Sets the quoted text; everything made from it (word keys, count, tokens) is made again
    /// when asked for.
    pub fn set_text(&mut self, text: VersionText) {
        self.text = text;
        self.keys = std::sync::OnceLock::new();
        self.words = std::sync::OnceLock::new();
        self.matching = std::sync::OnceLock::new();
    }

    fn keys(&self) -> &WordKeys {
        self.keys.get_or_init(|| {
            let keys = WordKeys::of(&self.text);
            self.words
                .get_or_init(|| u32::try_from(keys.hashes.len()).unwrap_or(u32::MAX));
            Box::new(keys)
        })
    }

    fn matching(&self) -> &Matching {
        self.matching.get_or_init(|| {
            let tokens = tokens::tokenise(&self.text);
            let words = tokens::words(&tokens).map(|t| t.norm.clone()).collect();
            Box::new(Matching { tokens, words })
        })
    }

    /// Lets everything derived from the text go (it is made again if asked for): once judging
    /// is done, only the HTML report's tables read the tokens, and nothing the word keys.
    pub fn release_matching(&mut self) {
        self.matching.take();
        self.keys.take();
    }

    /// The matching tokens of the text, gaps and insertions included.
    pub fn tokens(&self) -> &[Token] {
        &self.matching().tokens
    }

    /// The normalised words.
    pub fn words(&self) -> &[compact_str::CompactString] {
        &self.matching().words
    }

    /// How many words the version has.
    pub fn word_count(&self) -> usize {
        match self.words.get() {
            Some(&words) => words as usize,
            None => self.keys().hashes.len(),
        }
    }

    /// For each gap between words (and before the first, after the last) whether an ellipsis
    /// or insertion stands there: `free().len() == word_count() + 1`.
    pub fn free(&self) -> &[bool] {
        self.keys().free()
    }

    fn content_words(&self) -> usize {
        self.keys().content().iter().filter(|&&c| c).count()
    }

    /// The words as alignment sees them: hashes (comparing two is one instruction), and where
    /// gaps are free.
    fn side(&self) -> Side<'_, u64> {
        let keys = self.keys();
        Side {
            words: &keys.hashes,
            free: keys.free(),
        }
    }

    /// The keys of the version's indexed bigrams (pairs of words, at least one a content
    /// word), sorted, each once: none for a copy or the second half of an interrupted quote,
    /// which never group (their original, or first half, stands for them). Made from the word
    /// keys when the version holds them, else from the text without keeping them.
    pub fn index_keys(&self) -> Vec<u64> {
        if self.copy_of.is_some() || self.part_of.is_some() {
            return Vec::new();
        }
        match self.keys.get() {
            Some(keys) => keys.bigrams(),
            None => WordKeys::of(&self.text).bigrams(),
        }
    }
}

/// A version's words as grouping compares them: two allocations a version, held from the
/// versions' making to the end of judging.
#[derive(Debug, Clone)]
struct WordKeys {
    /// [`word_hash`] of each word.
    hashes: Box<[u64]>,
    /// Whether an ellipsis or insertion stands in each gap (one more than there are words),
    /// then whether each word is a content word (not a stopword).
    free_then_content: Box<[bool]>,
}

impl WordKeys {
    /// For each gap between words, and before the first and after the last, whether it is free.
    fn free(&self) -> &[bool] {
        &self.free_then_content[..=self.hashes.len()]
    }

    /// For each word, whether it is a content word.
    fn content(&self) -> &[bool] {
        &self.free_then_content[self.hashes.len() + 1..]
    }

    /// The keys of the indexed bigrams (pairs of words, at least one a content word), sorted,
    /// each once.
    fn bigrams(&self) -> Vec<u64> {
        // Gathered in this thread's scratch vector and copied out at their exact length: every
        // version's keys are held at once while the index is built (grouping's peak), and a
        // collected, deduplicated list holds up to twice the room it needs.
        thread_local! {
            static SCRATCH: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let (hashes, content) = (&self.hashes, self.content());
        SCRATCH.with_borrow_mut(|scratch| {
            scratch.clear();
            scratch.extend(
                (1..hashes.len())
                    .filter(|&i| content[i - 1] || content[i])
                    .map(|i| hashes[i - 1].rotate_left(29) ^ hashes[i].wrapping_mul(SPREAD)),
            );
            scratch.sort_unstable();
            scratch.dedup();
            scratch.to_vec()
        })
    }

    fn of(text: &str) -> Self {
        // The words are gathered in this thread's scratch vectors and copied out at their exact
        // length: keys live until judging is done, and growing three vectors a word at a time
        // cost more than the copy.
        thread_local! {
            static SCRATCH: std::cell::RefCell<(Vec<u64>, Vec<bool>, Vec<bool>)> =
                const { std::cell::RefCell::new((Vec::new(), Vec::new(), Vec::new())) };
        }
        SCRATCH.with_borrow_mut(|(hashes, free, content)| {
            hashes.clear();
            content.clear();
            free.clear();
            free.push(false);
            tokens::each_token(text, |token| match token.kind {
                TokenKind::Word => {
                    hashes.push(word_hash(&token.norm));
                    content.push(!STOPWORDS.contains(token.norm.as_str()));
                    free.push(false);
                }
                TokenKind::Gap | TokenKind::Insertion => {
                    if let Some(last) = free.last_mut() {
                        *last = true;
                    }
                }
            });
            Self {
                hashes: hashes.as_slice().into(),
                free_then_content: free.iter().chain(content.iter()).copied().collect(),
            }
        })
    }
}

/// Adds bytes with their length, so that consecutive parts cannot run into each other.
fn hash_bytes(hasher: &mut Xxh3, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// Adds an optional number, `None` unlike any number.
pub(crate) fn hash_option(hasher: &mut Xxh3, value: Option<u64>) {
    hasher.update(&value.map_or([0xff; 9], |v| {
        let mut bytes = [0; 9];
        bytes[1..].copy_from_slice(&v.to_le_bytes());
        bytes
    }));
}

/// An odd multiplier that spreads a word hash over all bits (bigram keys).
const SPREAD: u64 = 0x9e37_79b9_7f4a_7c15;

/// A word's hash: equal words, equal hashes, on every run.
fn word_hash(word: &str) -> u64 {
    let mut hash = crate::findings::StableHash::new();
    hash.part(word);
    hash.value()
}

/// The versions of one document's quotes, with document-local links (`part_of` indexes the
/// document's own versions until [`versions`] shifts it).
fn document_versions(analysis: &crate::Analysis, doc_index: usize) -> Vec<Version> {
    use crate::corpus::DocKind;
    let doc = &analysis.documents[doc_index];
    let extraction = &analysis.extractions[doc_index];
    let attributed = analysis.attributions.get(doc_index);
    let mut versions: Vec<Version> = Vec::with_capacity(extraction.quotes.len());
    let origin = std::sync::Arc::new(Origin {
        path: doc.path.clone(),
        date: doc.meta.date.clone(),
    });
    for (quote_index, quote) in extraction.quotes.iter().enumerate() {
        let text = match &*quote.segments {
            [single] => VersionText::shared(&doc.text, single.clone()),
            _ => None,
        }
        .unwrap_or_else(|| VersionText::from(quote.text(&doc.text).into_owned()));
        // `“We are ready,” she said, “to sign.”`: one utterance, matched as one.
        if let Some(first) = quote.continues() {
            let joined = format!("{} {}", versions[first].text, text);
            versions[first].set_text(joined.into());
        }
        let speaker = attributed
            .and_then(|a| a.quotes.get(quote_index))
            .and_then(|a| a.speaker.as_deref());
        let version = Version {
            kind: quote.kind,
            transcript: doc.meta.kind == DocKind::Transcript,
            part_of: quote.continues().map(crate::narrow),
            in_boilerplate: doc.blocks[quote.block()].boilerplate,
            ..Version::with_origin(doc_index, quote_index, speaker, origin.clone(), text)
        };
        versions.push(version);
    }
    versions
}

/// Every quote of the analysis as a version, in document order. Documents whose bodies are
/// identical after normalisation (syndicated wire copy) are copies of the first such document.
/// Documents are worked on in parallel, a window at a time, and put together in order.
pub fn versions(analysis: &crate::Analysis) -> Vec<Version> {
    let n = analysis.documents.len();
    // Each document makes one version a quote: the whole is allocated once.
    let total = analysis.extractions.iter().map(|e| e.quotes.len()).sum();
    let mut versions: Vec<Version> = Vec::with_capacity(total);
    let mut first_of_body: BTreeMap<u64, usize> = BTreeMap::new();
    // Index of each document's first version (a document without quotes: where it would be).
    let mut first_version_of_doc: Vec<usize> = Vec::with_capacity(n);
    in_windows(
        n,
        |d| (analysis.extractions[d].body, document_versions(analysis, d)),
        |doc_index, (body, mut own)| {
            let original = body.map(|hash| *first_of_body.entry(hash).or_insert(doc_index));
            let copy_base = original
                .filter(|&o| o != doc_index)
                .map(|o| first_version_of_doc[o]);
            let first = versions.len();
            first_version_of_doc.push(first);
            for (quote_index, version) in own.iter_mut().enumerate() {
                version.copy_of = copy_base.map(|base| crate::narrow(base + quote_index));
                version.part_of = version.part_of.map(|local| crate::narrow(first) + local);
            }
            versions.append(&mut own);
        },
    );
    debug_assert_eq!(versions.len(), total);
    versions
}

/// Makes `make(i)` for each `i` in `0..count` in parallel, a window at a time, and hands each
/// to `take` in order: what a window makes is all that is held beside what `take` keeps, so a
/// stage's per-document pieces are never all held beside their whole.
fn in_windows<T: Send>(
    count: usize,
    make: impl Fn(usize) -> T + Sync,
    mut take: impl FnMut(usize, T),
) {
    use rayon::prelude::*;
    /// Items made together before they are handed on.
    const PER_WINDOW: usize = 4096;
    for start in (0..count).step_by(PER_WINDOW) {
        let window = start..(start + PER_WINDOW).min(count);
        let made: Vec<T> = window.clone().into_par_iter().map(&make).collect();
        for (index, item) in window.zip(made) {
            take(index, item);
        }
    }
}

/// A limit matching hit, reported as a diagnostic at the version it concerns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LimitHit {
    /// `version` and `other` share enough words to be the same utterance, but are too long
    /// to align word by word ([`local::MAX_CELLS`]): they were not compared.
    AlignmentTooLarge { version: usize, other: usize },
    /// The speaker has more than [`MAX_SPEAKER_QUOTES`] quotes; from `first_left_out` on,
    /// they were not compared with the speaker's others.
    SpeakerTooManyQuotes {
        speaker: String,
        quotes: usize,
        first_left_out: usize,
    },
}

/// The groups of a corpus, the limits hit while making them (in version order), and each
/// version's connected part of the candidate graph.
#[derive(Debug, Clone, Default)]
pub struct Grouping {
    pub groups: Vec<Group>,
    pub limits: Vec<LimitHit>,
    pub components: Vec<u32>,
}

/// A set of versions rendering one utterance, and how each relates to the reference.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Group {
    pub reference: usize,
    /// Members other than the reference, in priority order.
    pub members: Vec<usize>,
    /// The alignment of each member inside the reference (same order as `members`).
    pub alignments: Vec<Alignment>,
    /// Every speaker named by a version of the group, sorted.
    pub speakers: Vec<String>,
}

/// Every speaker a group's versions name, sorted, each once.
fn speakers_of(versions: &[Version], reference: usize, members: &[usize]) -> Vec<String> {
    let speakers: BTreeSet<&str> = std::iter::once(reference)
        .chain(members.iter().copied())
        .filter_map(|v| versions[v].speaker.as_deref())
        .collect();
    speakers.into_iter().map(str::to_string).collect()
}

/// Aligns `shorter` inside `longer`, with the share of the shorter version's words matched.
/// The alignment is computed in one canonical order (longer first; equal lengths by text), so
/// the result does not depend on the order of the arguments; it is returned as `longer`, then
/// `shorter`.
pub fn align_pair(longer: &Version, shorter: &Version) -> Option<(Alignment, f64)> {
    let swapped =
        (shorter.word_count(), shorter.text.as_str()) > (longer.word_count(), longer.text.as_str());
    let (first, second) = if swapped {
        (shorter, longer)
    } else {
        (longer, shorter)
    };
    let mut alignment = local::align(&first.side(), &second.side())?;
    if swapped {
        let flip = |pairs: &mut Vec<(u32, u32)>| {
            for pair in pairs.iter_mut() {
                *pair = (pair.1, pair.0);
            }
        };
        flip(&mut alignment.matched);
        flip(&mut alignment.substituted);
        std::mem::swap(&mut alignment.a_range, &mut alignment.b_range);
    }
    let containment = containment(longer, shorter, &alignment);
    Some((alignment, containment))
}

/// The share of the shorter version's words `alignment` finds in the longer: the same whichever
/// is passed first.
pub fn containment(a: &Version, b: &Version, alignment: &Alignment) -> f64 {
    let shortest = a.word_count().min(b.word_count()).max(1);
    alignment.matched.len() as f64 / shortest as f64
}

/// Whether `member` renders the utterance `reference` renders, given their alignment.
fn joins(reference: &Version, member: &Version, alignment: &Alignment, containment: f64) -> bool {
    if member.content_words() < MIN_CONTENT_WORDS || member.word_count() < 2 {
        return false;
    }
    let matched = alignment.matched.len();
    let same_speaker = reference.speaker.is_some() && reference.speaker == member.speaker;
    if same_speaker {
        // A short fragment joins only as a contiguous run of the longer quote.
        if member.word_count() <= 3 {
            let contiguous = alignment
                .matched
                .windows(2)
                .all(|w| w[1].0 == w[0].0 + 1 && w[1].1 == w[0].1 + 1);
            return matched == member.word_count() && contiguous;
        }
        containment >= SAME_SPEAKER_CONTAINMENT && matched > MIN_CONTENT_WORDS
    } else {
        containment >= CROSS_SPEAKER_CONTAINMENT && matched >= CROSS_SPEAKER_MIN_WORDS
    }
}

/// Reference priority: transcripts first, then the fullest version, the earliest date, the path,
/// document order. The last makes the order total, so sorting in parallel (and unstably) gives
/// the same order however many threads there are.
pub(crate) fn by_priority(versions: &[Version], x: usize, y: usize) -> std::cmp::Ordering {
    let (a, b) = (&versions[x], &versions[y]);
    b.transcript
        .cmp(&a.transcript)
        .then(b.word_count().cmp(&a.word_count()))
        .then_with(|| match (&a.origin.date, &b.origin.date) {
            (Some(da), Some(db)) => da.cmp(db),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
        .then_with(|| a.origin.path.cmp(&b.origin.path))
        .then((a.doc, a.quote).cmp(&(b.doc, b.quote)))
}

/// `some` versions in [`by_priority`] order.
fn in_priority_order(versions: &[Version], mut some: Vec<usize>) -> Vec<usize> {
    use rayon::prelude::*;
    some.par_sort_unstable_by(|&x, &y| by_priority(versions, x, y));
    some
}

/// Every indexed bigram of the corpus as a dense id, with its posting list (the versions that
/// hold it, in version order) and each version's ids (ascending). Both are flat arrays, built
/// once by sorting, so looking a list up is two loads and counting stays in cache.
struct BigramIndex {
    posting_starts: Vec<u32>,
    postings: Vec<u32>,
    own_starts: Vec<u32>,
    own: Vec<u32>,
    /// Per version, a 256-bit set of its ids modulo 256.
    signatures: Vec<[u64; 4]>,
}

impl BigramIndex {
    /// The index of each version's bigram keys (`keys[v]`, sorted, each once).
    ///
    /// Keys get their ids in key order, a range of keys ([`KEY_RANGES`] of them, by their top
    /// bits) at a time: only that range's (key, version) pairs are sorted at once, not the
    /// whole corpus's. Building the index is grouping's peak at 100,000 articles, so the keys
    /// go before the versions' id lists are made, and the lists are made at their exact
    /// length. A version's ids are the posting lists read the other way round; the versions
    /// are split into a part per thread, each part's lists filled by one thread reading every
    /// posting list, so no list is written by two threads and the result is the same however
    /// many there are.
    fn new(keys: Vec<Vec<u64>>) -> Self {
        use rayon::prelude::*;
        let versions = keys.len();
        let mut own_starts = Vec::with_capacity(versions + 1);
        own_starts.push(0u32);
        for list in &keys {
            own_starts.push(own_starts[own_starts.len() - 1] + list.len() as u32);
        }
        let total = own_starts[versions] as usize;
        let mut postings: Vec<u32> = Vec::with_capacity(total);
        let mut posting_starts = vec![0u32];
        // The (key, version) pairs of a range are gathered a chunk of versions at a time, in
        // parallel, each chunk into its own part of the range's pairs.
        const CHUNK: usize = 4096;
        let in_chunk: Vec<[usize; KEY_RANGES as usize]> = keys
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut in_range = [0; KEY_RANGES as usize];
                for &key in chunk.iter().flatten() {
                    in_range[key_range(key) as usize] += 1;
                }
                in_range
            })
            .collect();
        let mut in_range = [0usize; KEY_RANGES as usize];
        for counts in &in_chunk {
            for (total, count) in in_range.iter_mut().zip(counts) {
                *total += count;
            }
        }
        let mut room: Vec<(u64, u32)> = vec![(0, 0); in_range.iter().copied().max().unwrap_or(0)];
        // Per version, how many of its keys come before the current range.
        let mut passed = vec![0u32; versions];
        for range in 0..KEY_RANGES {
            split_into(
                &mut room,
                in_chunk.iter().map(|counts| counts[range as usize]),
            )
            .into_par_iter()
            .zip(keys.par_chunks(CHUNK).zip(passed.par_chunks_mut(CHUNK)))
            .enumerate()
            .for_each(|(chunk, (part, (keys, passed)))| {
                let mut pairs = part.iter_mut();
                for (v, (own, before)) in keys.iter().zip(passed).enumerate() {
                    let v = (chunk * CHUNK + v) as u32;
                    for (&key, pair) in keys_in_range(own, *before, range).zip(&mut pairs) {
                        *pair = (key, v);
                        *before += 1;
                    }
                }
            });
            let pairs = &mut room[..in_range[range as usize]];
            pairs.par_sort_unstable();
            posting_starts.reserve_exact(pairs.chunk_by(|a, b| a.0 == b.0).count());
            for same_key in pairs.chunk_by(|a, b| a.0 == b.0) {
                postings.extend(same_key.iter().map(|&(_, v)| v));
                posting_starts.push(postings.len() as u32);
            }
        }
        drop((room, passed, keys));
        let mut index = Self {
            signatures: Vec::new(),
            posting_starts,
            postings,
            own_starts,
            own: vec![0; total],
        };
        let (posting_starts, postings, own_starts) =
            (&index.posting_starts, &index.postings, &index.own_starts);
        // Parts of the versions holding about as many ids each, one a thread.
        let per_part = total.div_ceil(rayon::current_num_threads().max(1)).max(1);
        let mut parts = Vec::new();
        let mut first = 0;
        while first < versions {
            let until = own_starts[first] as usize + per_part;
            let end = own_starts
                .partition_point(|&start| (start as usize) < until)
                .clamp(first + 1, versions);
            parts.push(first as u32..end as u32);
            first = end;
        }
        let lengths = parts
            .iter()
            .map(|part| (own_starts[part.end as usize] - own_starts[part.start as usize]) as usize);
        let lists = split_into(&mut index.own, lengths);
        parts
            .par_iter()
            .zip(lists)
            .for_each(|(part_versions, part)| {
                let base = own_starts[part_versions.start as usize];
                let mut next: Vec<u32> = own_starts
                    [part_versions.start as usize..part_versions.end as usize]
                    .iter()
                    .map(|&start| start - base)
                    .collect();
                for (id, bounds) in posting_starts.windows(2).enumerate() {
                    let list = &postings[bounds[0] as usize..bounds[1] as usize];
                    let from = list.partition_point(|&v| v < part_versions.start);
                    for &v in list[from..].iter().take_while(|&&v| v < part_versions.end) {
                        let at = &mut next[(v - part_versions.start) as usize];
                        part[*at as usize] = id as u32;
                        *at += 1;
                    }
                }
            });
        index.signatures = (0..versions)
            .into_par_iter()
            .map(|v| {
                let mut signature = [0u64; 4];
                for &id in index.own(v) {
                    signature[(id as usize / 64) % 4] |= 1 << (id % 64);
                }
                signature
            })
            .collect();
        index
    }

    /// Whether version `v` holds at least `needed` of `ids` (ascending). Its signature, one
    /// cache line, bounds the count first, so most versions are turned down without reading
    /// their ids.
    fn shares_at_least(&self, ids: &[u32], v: usize, needed: u32) -> bool {
        let signature = &self.signatures[v];
        let bound = ids
            .iter()
            .filter(|&&id| signature[(id as usize / 64) % 4] & (1 << (id % 64)) != 0)
            .count() as u32;
        bound >= needed && shared(ids, self.own(v)) >= needed
    }

    /// A word of version `v`'s signature: reading it brings the signature into the cache.
    fn signature_word(&self, v: usize) -> u64 {
        self.signatures[v][0]
    }

    /// The bigram ids of version `v`, ascending.
    fn own(&self, v: usize) -> &[u32] {
        &self.own[self.own_starts[v] as usize..self.own_starts[v + 1] as usize]
    }

    /// The versions holding bigram `id`, ascending.
    fn postings(&self, id: u32) -> &[u32] {
        let id = id as usize;
        &self.postings[self.posting_starts[id] as usize..self.posting_starts[id + 1] as usize]
    }
}

/// `slice` cut into consecutive parts of the given lengths, which add up to at most its length.
fn split_into<T>(mut slice: &mut [T], lengths: impl IntoIterator<Item = usize>) -> Vec<&mut [T]> {
    lengths
        .into_iter()
        .map(|len| {
            let (part, rest) = std::mem::take(&mut slice).split_at_mut(len);
            slice = rest;
            part
        })
        .collect()
}

/// How many ranges of bigram keys [`BigramIndex::new`] sorts one after the other (a power of
/// two: a range is the keys' top bits).
const KEY_RANGES: u64 = 8;
const _: () = assert!(KEY_RANGES.is_power_of_two());

/// The range a bigram key falls in: its top bits (keys are hashes, so ranges are even).
fn key_range(key: u64) -> u64 {
    key >> (64 - KEY_RANGES.trailing_zeros())
}

/// The keys of a version in `range`: its keys are sorted, so they follow those of the ranges
/// before, the `passed` first.
fn keys_in_range(keys: &[u64], passed: u32, range: u64) -> impl Iterator<Item = &u64> {
    keys[passed as usize..]
        .iter()
        .take_while(move |&&key| key_range(key) == range)
}

/// How many of `len` bigrams `percent` percent is, at least one.
fn needed(len: usize, percent: usize) -> u32 {
    (len * percent).div_ceil(100).max(1) as u32
}

/// How many items two ascending lists share (bigram ids, or keys).
fn shared<T: Ord>(a: &[T], b: &[T]) -> u32 {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

/// Counters for one thread's prefix joins: a count per slot, the slots touched, and those
/// waiting to be verified.
struct Counter {
    counts: Vec<u32>,
    touched: Vec<usize>,
    unverified: Vec<usize>,
}

impl Counter {
    fn new(slots: usize) -> Self {
        Self {
            counts: vec![0; slots],
            touched: Vec::new(),
            unverified: Vec::new(),
        }
    }
}

/// The prefix filter of similarity joins, for one version x. `lists` are the posting lists of
/// x's bigrams that can be read (their entries are slots: versions, or places in a block),
/// `unread` how many of x's bigrams have no list here (common ones, counted as shared), and a
/// partner must share `needed` of x's bigrams. A partner appears in at least `needed -
/// unread` lists, so in at least [`PREFIX_HITS`] of the rarest `lists - (needed - unread) +
/// PREFIX_HITS`: only those are read. The slots `admit` admits that are seen often enough, and
/// that `shares_enough` confirms when the unread lists could make the difference, are pushed
/// to `found`, in the order they were first seen.
///
/// `shares_enough` reads a slot's entry of the index, which in a large corpus is far bigger than
/// the cache: `fetch` reads a word of that entry first, for every slot to verify in one tight
/// loop, so the memory waits overlap instead of coming one verification at a time.
#[allow(clippy::too_many_arguments)]
fn prefix_join(
    lists: &mut [&[u32]],
    unread: u32,
    needed: u32,
    counter: &mut Counter,
    admit: impl Fn(usize) -> bool,
    fetch: impl Fn(usize) -> u64,
    shares_enough: impl Fn(usize) -> bool,
    found: &mut Vec<usize>,
) {
    lists.sort_unstable_by_key(|list| list.len());
    let listed_needed = needed.saturating_sub(unread).max(1) as usize;
    let hits_needed = listed_needed.min(PREFIX_HITS);
    let prefix = (lists.len() + hits_needed)
        .saturating_sub(listed_needed)
        .min(lists.len());
    for list in &lists[..prefix] {
        for &slot in *list {
            let slot = slot as usize;
            if admit(slot) {
                if counter.counts[slot] == 0 {
                    counter.touched.push(slot);
                }
                counter.counts[slot] += 1;
            }
        }
    }
    let unread = (lists.len() - prefix) as u32 + unread;
    for slot in counter.touched.drain(..) {
        let count = counter.counts[slot];
        counter.counts[slot] = 0;
        if count as usize >= hits_needed && count + unread >= needed {
            if unread == 0 {
                found.push(slot);
            } else {
                counter.unverified.push(slot);
            }
        }
    }
    std::hint::black_box(
        counter
            .unverified
            .iter()
            .fold(0, |words, &slot| words ^ fetch(slot)),
    );
    found.extend(
        counter
            .unverified
            .drain(..)
            .filter(|&slot| shares_enough(slot)),
    );
}

/// The pairs (shorter, longer) of a speaker's block sharing [`CANDIDATE_SHARE_PERCENT`] of the
/// shorter one's bigrams, counted over the block's own posting lists: a speaker's quotes are
/// few next to the corpus's, so even their common bigrams are rare among them. `block` holds
/// slots in ascending order (shortest first), so the longer partners of the `i`th are those
/// after it, and only that part of each list is read.
fn same_speaker_pairs(index: &BigramIndex, block: &[u32]) -> Vec<(u32, u32)> {
    let mut entries: Vec<(u32, u32)> = block
        .iter()
        .enumerate()
        .flat_map(|(local, &v)| {
            index
                .own(v as usize)
                .iter()
                .map(move |&id| (id, local as u32))
        })
        .collect();
    entries.sort_unstable();
    let (ids, locals): (Vec<u32>, Vec<u32>) = entries.into_iter().unzip();
    let mut counter = Counter::new(block.len());
    let mut lists: Vec<&[u32]> = Vec::new();
    let mut partners = Vec::new();
    let mut found = Vec::new();
    for (local, &x) in block.iter().enumerate() {
        let own = index.own(x as usize);
        lists.clear();
        lists.extend(own.iter().map(|&id| {
            let from = ids.partition_point(|&i| i < id);
            let list = &locals[from..from + ids[from..].partition_point(|&i| i == id)];
            &list[list.partition_point(|&l| l as usize <= local)..]
        }));
        let needed = needed(own.len(), CANDIDATE_SHARE_PERCENT);
        prefix_join(
            &mut lists,
            0,
            needed,
            &mut counter,
            |_| true,
            |other| index.signature_word(block[other] as usize),
            |other| index.shares_at_least(own, block[other] as usize, needed),
            &mut partners,
        );
        found.extend(partners.drain(..).map(|other| (x, block[other])));
    }
    found
}

/// Candidate partners of every version: the versions at least as long that share enough of its
/// indexed bigrams (pairs of words, at least one a content word), and the shorter ones it is
/// such a partner of.
///
/// A version that renders another shares most of the shorter one's bigrams however it was
/// cut: a truncation all of its own, an elision all but those across the gap, a swapped word
/// all but two. So a pair must share [`CANDIDATE_SHARE_PERCENT`] of the shorter one's bigrams
/// when one speaker said both (counted exactly, speaker block by speaker block), and
/// [`CROSS_CANDIDATE_SHARE_PERCENT`] across speakers. Across speakers only the rare bigrams'
/// lists are read: a bigram common to more than [`MAX_POSTINGS`] quotes ("next year") is
/// counted as shared, and a pair that passes only thanks to such bigrams is verified by merging
/// the two versions' lists. A cross-speaker pair must therefore also share at least one rare
/// bigram: words that two people share only through stock phrases are not taken for the same
/// words in someone else's mouth. (The line is drawn by count, so in a very large corpus a
/// sentence quoted more than [`MAX_POSTINGS`] times, under different names, may go unmatched
/// across them.)
///
/// The index's slots are the versions ranked by (bigram count, version): a version's longer
/// partners are the slots after its own, so only the part of a posting list after it is read.
fn candidates(versions: &mut [Version]) -> (Vec<Vec<usize>>, Vec<LimitHit>) {
    use rayon::prelude::*;
    let mut keys: Vec<Vec<u64>> = versions
        .par_iter_mut()
        .map(|v| {
            // Every version's words are counted here, in parallel: ranking references by
            // priority reads the counts.
            v.word_count();
            let keys = v.index_keys();
            // The word keys go while the index is built, grouping's peak; aligning makes them
            // again only for the versions with partners.
            v.keys.take();
            keys
        })
        .collect();
    let versions: &[Version] = versions;
    let n = versions.len();
    let mut version_of: Vec<u32> = (0..n as u32).collect();
    version_of.sort_unstable_by_key(|&v| (keys[v as usize].len(), v));
    let mut slot_of = vec![0u32; n];
    for (slot, &v) in version_of.iter().enumerate() {
        slot_of[v as usize] = slot as u32;
    }
    let ranked: Vec<Vec<u64>> = version_of
        .iter()
        .map(|&v| std::mem::take(&mut keys[v as usize]))
        .collect();
    drop(keys);
    let index = BigramIndex::new(ranked);
    const NO_SPEAKER: u32 = u32::MAX;
    let mut speaker_ids: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    let mut blocks: Vec<Vec<u32>> = Vec::new();
    // Indexed by slot.
    let mut speaker_of: Vec<u32> = vec![NO_SPEAKER; n];
    for (v, version) in versions.iter().enumerate() {
        let Some(name) = version.speaker.as_deref() else {
            continue;
        };
        let id = *speaker_ids.entry(name).or_insert_with(|| {
            blocks.push(Vec::new());
            blocks.len() as u32 - 1
        });
        let slot = slot_of[v];
        speaker_of[slot as usize] = id;
        if !index.own(slot as usize).is_empty() {
            blocks[id as usize].push(v as u32);
        }
    }
    let mut limits = Vec::new();
    for block in &mut blocks {
        if block.len() > MAX_SPEAKER_QUOTES {
            let first_left_out = block[MAX_SPEAKER_QUOTES] as usize;
            limits.push(LimitHit::SpeakerTooManyQuotes {
                speaker: versions[first_left_out]
                    .speaker
                    .as_deref()
                    .unwrap_or_default()
                    .to_string(),
                quotes: block.len(),
                first_left_out,
            });
            block.truncate(MAX_SPEAKER_QUOTES);
        }
        for v in block.iter_mut() {
            *v = slot_of[*v as usize];
        }
        block.sort_unstable();
    }
    let same: Vec<(u32, u32)> = blocks
        .par_iter()
        .flat_map_iter(|block| same_speaker_pairs(&index, block))
        .collect();
    // Different speakers group only on enough words (CROSS_SPEAKER_MIN_WORDS). Slots are taken
    // a chunk at a time, each chunk with its own counters.
    const CHUNK: usize = 4096;
    let cross: Vec<(u32, u32)> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .flat_map_iter(|chunk| {
            let mut counter = Counter::new(n);
            let mut rare: Vec<&[u32]> = Vec::new();
            let mut partners = Vec::new();
            let mut found = Vec::new();
            for x in chunk * CHUNK..((chunk + 1) * CHUNK).min(n) {
                let own = index.own(x);
                if own.is_empty()
                    || versions[version_of[x] as usize].word_count() < CROSS_SPEAKER_MIN_WORDS
                {
                    continue;
                }
                rare.clear();
                rare.extend(
                    own.iter()
                        .map(|&id| index.postings(id))
                        .filter(|list| list.len() <= MAX_POSTINGS)
                        .map(|list| &list[list.partition_point(|&y| y as usize <= x)..]),
                );
                let common = (own.len() - rare.len()) as u32;
                let needed = needed(own.len(), CROSS_CANDIDATE_SHARE_PERCENT);
                prefix_join(
                    &mut rare,
                    common,
                    needed,
                    &mut counter,
                    |y| speaker_of[x] == NO_SPEAKER || speaker_of[y] != speaker_of[x],
                    |y| index.signature_word(y),
                    |y| index.shares_at_least(own, y, needed),
                    &mut partners,
                );
                found.extend(partners.drain(..).map(|y| (x as u32, y as u32)));
            }
            found
        })
        .collect();
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (x, y) in same.into_iter().chain(cross) {
        let (x, y) = (
            version_of[x as usize] as usize,
            version_of[y as usize] as usize,
        );
        partners[x].push(y);
        partners[y].push(x);
    }
    for list in &mut partners {
        list.sort_unstable();
    }
    limits.sort_by_key(|hit| match hit {
        LimitHit::SpeakerTooManyQuotes { first_left_out, .. } => *first_left_out,
        LimitHit::AlignmentTooLarge { version, .. } => *version,
    });
    (partners, limits)
}

/// What grouping makes of a member candidate of a reference.
enum Pairing {
    /// Never a member of it: a copy or second half, or longer than an article reference.
    Passed,
    /// Too long to align ([`local::fits`]).
    TooLarge,
    /// Aligned: the alignment when the member joins.
    Aligned(Option<Alignment>),
}

fn pairing(versions: &[Version], reference: usize, member: usize) -> Pairing {
    let (r, m) = (&versions[reference], &versions[member]);
    if m.copy_of.is_some()
        || m.part_of.is_some()
        || (m.word_count() > r.word_count() && !r.transcript)
    {
        return Pairing::Passed;
    }
    if !local::fits(r.word_count(), m.word_count()) {
        return Pairing::TooLarge;
    }
    Pairing::Aligned(align_pair(r, m).and_then(|(alignment, containment)| {
        joins(r, m, &alignment, containment).then_some(alignment)
    }))
}

/// References whose candidates are aligned together, in parallel, before the greedy pass over
/// them takes its members.
const REFERENCES_PER_WINDOW: usize = 2048;

/// Groups the versions that render the same utterance.
///
/// References are taken in priority order, each taking the candidates not yet in a group that
/// join it. The alignments are made in parallel a window of references at a time, for the
/// candidates not in a group when the window starts; the greedy pass then takes them in order,
/// so the groups are those of a pass one reference at a time.
pub fn group(versions: &mut [Version]) -> Grouping {
    group_in_windows(versions, REFERENCES_PER_WINDOW)
}

fn group_in_windows(versions: &mut [Version], references_per_window: usize) -> Grouping {
    let (partners, mut limits) = candidates(versions);
    let order = in_priority_order(versions, (0..versions.len()).collect());
    let (groups, too_large) = take_members(versions, &partners, &order, references_per_window);
    limits.extend(too_large);
    Grouping {
        groups,
        limits,
        components: components(versions, &partners),
    }
}

/// The greedy pass: the references in `order` (priority order), each taking the candidates
/// (`partners`, by version) not yet in a group that join it; with a limit hit for each version
/// too long to align with one of its candidates (the first such candidate), in version order.
fn take_members(
    versions: &[Version],
    partners: &[Vec<usize>],
    order: &[usize],
    references_per_window: usize,
) -> (Vec<Group>, Vec<LimitHit>) {
    use rayon::prelude::*;
    let mut too_large = BTreeSet::new();
    let mut assigned = vec![false; versions.len()];
    let mut groups = Vec::new();
    let can_lead = |reference: usize| {
        versions[reference].copy_of.is_none() && versions[reference].part_of.is_none()
    };
    for window in order.chunks(references_per_window) {
        let pairings: Vec<Vec<Pairing>> = window
            .par_iter()
            .map(|&reference| {
                if assigned[reference] || !can_lead(reference) {
                    return Vec::new();
                }
                partners[reference]
                    .iter()
                    .map(|&member| {
                        if assigned[member] {
                            Pairing::Passed
                        } else {
                            pairing(versions, reference, member)
                        }
                    })
                    .collect()
            })
            .collect();
        for (&reference, pairings) in window.iter().zip(pairings) {
            if assigned[reference] || !can_lead(reference) {
                continue;
            }
            let mut members = Vec::new();
            let mut alignments = Vec::new();
            // Partners are in version order, which is document order.
            for (&member, pairing) in partners[reference].iter().zip(pairings) {
                if assigned[member] {
                    continue;
                }
                match pairing {
                    Pairing::TooLarge => {
                        too_large.insert((member, reference));
                    }
                    Pairing::Aligned(Some(alignment)) => {
                        members.push(member);
                        alignments.push(alignment);
                    }
                    Pairing::Passed | Pairing::Aligned(None) => {}
                }
            }
            if members.is_empty() {
                continue;
            }
            assigned[reference] = true;
            for &member in &members {
                assigned[member] = true;
            }
            // Held until the group is judged (members for the whole run): pushed-to lists
            // would keep room for four.
            groups.push(Group {
                speakers: speakers_of(versions, reference, &members),
                reference,
                members: crate::exact_len(members),
                alignments: crate::exact_len(alignments),
            });
        }
    }
    // Each version once, with the first version it could not be aligned with.
    let mut reported = BTreeSet::new();
    let limits = too_large
        .into_iter()
        .filter(|&(version, _)| reported.insert(version))
        .map(|(version, other)| LimitHit::AlignmentTooLarge { version, other })
        .collect();
    (groups, limits)
}

/// The connected parts of the candidate graph (`partners`, by version), a copy joined to its
/// original: each version's part, numbered in the order the parts first appear. Grouping and
/// judging one part read nothing of another, so an edit's run makes again only the parts it
/// touches ([`affected`]).
fn components(versions: &[Version], partners: &[Vec<usize>]) -> Vec<u32> {
    let mut parts = Parts::new(versions.len());
    for v in 0..versions.len() {
        parts.join_links(versions, partners, v);
    }
    parts.numbered()
}

/// Union-find over versions.
struct Parts(Vec<u32>);

impl Parts {
    fn new(count: usize) -> Self {
        Self((0..count as u32).collect())
    }

    fn root(&mut self, mut v: usize) -> usize {
        while self.0[v] as usize != v {
            let parent = self.0[v] as usize;
            self.0[v] = self.0[parent];
            v = parent;
        }
        v
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        // The smaller root stays: numbering reads roots in version order.
        self.0[a.max(b)] = a.min(b) as u32;
    }

    /// Joins version `v` to its candidates (`partners[v]`) and to the original it is a copy of.
    fn join_links(&mut self, versions: &[Version], partners: &[Vec<usize>], v: usize) {
        for &partner in &partners[v] {
            self.join(v, partner);
        }
        if let Some(original) = versions[v].copy_of {
            self.join(v, original as usize);
        }
    }

    /// Each item's part, numbered by first appearance (a part's root is its first item).
    fn numbered(mut self) -> Vec<u32> {
        let mut numbers = vec![0u32; self.0.len()];
        let mut parts = 0;
        for v in 0..self.0.len() {
            let root = self.root(v);
            if root == v {
                numbers[v] = parts;
                parts += 1;
            } else {
                numbers[v] = numbers[root];
            }
        }
        numbers
    }
}

/// Byte ranges of the sentences of a text.
fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next_solid = chars[k + 1..].iter().find(|(_, c)| !c.is_whitespace());
        let spaced = chars.get(k + 1).is_some_and(|(_, c)| c.is_whitespace());
        if spaced && next_solid.is_some_and(|(_, c)| c.is_uppercase() || "“\"‘".contains(*c)) {
            spans.push(start..i + 1);
            start = next_solid.map_or(text.len(), |(j, _)| *j);
        }
    }
    if start < text.len() {
        spans.push(start..text.len());
    }
    spans
}

/// Groups with a transcript's passages for references (see [`split_transcript_groups`]).
#[derive(Debug, Clone, Default)]
pub struct Split {
    pub groups: Vec<Group>,
    /// The passages added to the versions, in order: the version each is a passage of, and
    /// its byte range in that version's text.
    pub passages: Vec<(u32, std::ops::Range<u32>)>,
}

/// A transcript utterance holds many statements: each group around one is split by the
/// passage (the sentences) each member renders, members with overlapping passages together,
/// and the passage becomes the reference, added to `versions`.
pub fn split_transcript_groups(versions: &mut Vec<Version>, groups: Vec<Group>) -> Split {
    let mut result = Vec::new();
    let mut added = Vec::new();
    for group in groups {
        let reference = versions[group.reference].clone();
        if !reference.transcript {
            result.push(group);
            continue;
        }
        let spans = sentences(&reference.text);
        let word_spans: Vec<std::ops::Range<usize>> = reference
            .tokens()
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.span.clone())
            .collect();
        let sentence_of = |word: usize| {
            let at = word_spans[word.min(word_spans.len() - 1)].start;
            spans.iter().position(|s| s.contains(&at)).unwrap_or(0)
        };
        // (first sentence, last sentence, member)
        let mut passages: Vec<(usize, usize, usize)> = group
            .members
            .iter()
            .zip(&group.alignments)
            .map(|(&member, alignment)| {
                let last_word = alignment
                    .a_range
                    .end
                    .saturating_sub(1)
                    .max(alignment.a_range.start);
                (
                    sentence_of(alignment.a_range.start),
                    sentence_of(last_word),
                    member,
                )
            })
            .collect();
        passages.sort();
        let mut clusters: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        for (first, last, member) in passages {
            match clusters.last_mut() {
                Some(cluster) if first <= cluster.1 => {
                    cluster.1 = cluster.1.max(last);
                    cluster.2.push(member);
                }
                _ => clusters.push((first, last, vec![member])),
            }
        }
        for (first, last, mut members) in clusters {
            let index = versions.len();
            let range = spans[first].start..spans[last].end;
            added.push((
                crate::narrow(group.reference),
                crate::narrow_range(range.clone()),
            ));
            versions.push(reference.passage(range));
            members.sort_by_key(|&m| (versions[m].doc, versions[m].quote));
            let mut kept = Vec::new();
            let mut alignments = Vec::new();
            for member in members {
                if let Some((alignment, _)) = align_pair(&versions[index], &versions[member]) {
                    kept.push(member);
                    alignments.push(alignment);
                }
            }
            result.push(Group {
                speakers: speakers_of(versions, index, &kept),
                reference: index,
                members: kept,
                alignments,
            });
        }
    }
    Split {
        groups: result,
        passages: added,
    }
}

#[cfg(test)]
mod tests;
