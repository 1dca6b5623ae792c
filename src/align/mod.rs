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

pub mod local;
pub mod tokens;

use std::collections::{BTreeMap, BTreeSet};

use crate::extract::QuoteKind;
use crate::lexicon::STOPWORDS;
use local::{Alignment, Side};
use tokens::{Token, TokenKind};

/// Share of the shorter version's words that must lie in the longer for one speaker's quotes.
pub const SAME_SPEAKER_CONTAINMENT: f64 = 0.6;
/// Share required when the speakers differ or one is unknown.
pub const CROSS_SPEAKER_CONTAINMENT: f64 = 0.85;
/// Words that must align before two speakers' quotes are taken for the same words.
pub const CROSS_SPEAKER_MIN_WORDS: usize = 6;
/// Content words a fragment needs to join a group.
pub const MIN_CONTENT_WORDS: usize = 2;
/// Bigrams shared by more versions than this are common: across speakers they are counted as
/// shared rather than looked up.
const MAX_POSTINGS: usize = 200;
/// Share (percent) of the shorter version's indexed bigrams two versions must have in common
/// to be aligned at all.
const CANDIDATE_SHARE_PERCENT: usize = 60;
/// The share for versions of different speakers (or none): they group only when nearly the
/// same words ([`CROSS_SPEAKER_CONTAINMENT`]).
const CROSS_CANDIDATE_SHARE_PERCENT: usize = 70;

/// A quote as matching sees it.
#[derive(Debug, Clone)]
pub struct Version {
    /// Index of the document in the analysis.
    pub doc: usize,
    /// Index of the quote in its document.
    pub quote: usize,
    pub speaker: Option<String>,
    pub kind: QuoteKind,
    pub transcript: bool,
    pub date: Option<String>,
    pub path: String,
    /// The quoted words as written (token spans index it).
    pub text: String,
    pub tokens: Vec<Token>,
    /// Normalised words (tokens of kind `Word`), and for each gap between words whether an
    /// ellipsis or insertion stands there.
    pub words: Vec<String>,
    pub free: Vec<bool>,
    /// Another version this one is a copy of (syndicated wire copy), by index.
    pub copy_of: Option<usize>,
    /// The version this one is the second half of (an interrupted quote): matched with it.
    pub part_of: Option<usize>,
    /// For a passage of a transcript: its byte range in the transcript quote's text.
    pub passage: Option<std::ops::Range<usize>>,
    pub in_boilerplate: bool,
}

impl Version {
    /// A version of an article quote made from its text alone (document `doc`, quote `quote`),
    /// for tests, benchmarks and callers that build their own corpus.
    pub fn from_text(doc: usize, quote: usize, speaker: Option<&str>, text: &str) -> Self {
        let (tokens, words, free) = Self::matching_words(tokens::tokenise(text));
        Self {
            doc,
            quote,
            speaker: speaker.map(str::to_string),
            kind: QuoteKind::Direct,
            transcript: false,
            date: None,
            path: format!("d{doc}.txt"),
            text: text.to_string(),
            tokens,
            words,
            free,
            copy_of: None,
            part_of: None,
            passage: None,
            in_boilerplate: false,
        }
    }

    /// The tokens of a text with its words and free positions.
    pub fn matching_words(tokens: Vec<Token>) -> (Vec<Token>, Vec<String>, Vec<bool>) {
        let mut words = Vec::new();
        let mut free = vec![false];
        for token in &tokens {
            match token.kind {
                TokenKind::Word => {
                    words.push(token.norm.clone());
                    free.push(false);
                }
                TokenKind::Gap | TokenKind::Insertion => {
                    if let Some(last) = free.last_mut() {
                        *last = true;
                    }
                }
            }
        }
        (tokens, words, free)
    }

    fn content_words(&self) -> usize {
        self.words
            .iter()
            .filter(|w| !STOPWORDS.contains(w.as_str()))
            .count()
    }

    /// The words as hashes (equal words, equal hashes: comparing them is one instruction) and
    /// where gaps are free.
    fn side(&self) -> (Vec<u64>, &[bool]) {
        let hashes = self
            .words
            .iter()
            .map(|word| {
                let mut hash = crate::findings::StableHash::new();
                hash.part(word);
                hash.value()
            })
            .collect();
        (hashes, &self.free)
    }
}

/// A hash of a document's body (its blocks but the headline, words compared case-blind):
/// identical bodies are syndicated copies. `None` for a body without words. (Holding the
/// bodies themselves would keep the corpus in memory twice.)
fn body_hash(doc: &crate::corpus::Document) -> Option<u64> {
    let mut body = crate::findings::StableHash::new();
    let mut empty = true;
    for block in doc
        .blocks
        .iter()
        .filter(|b| b.role != crate::corpus::BlockRole::Title)
    {
        for word in doc.text[block.span.clone()].split_whitespace() {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if !word.is_empty() {
                body.part(&word.to_lowercase());
                empty = false;
            }
        }
    }
    (!empty).then(|| body.value())
}

/// The versions of one document's quotes, with document-local links (`part_of` indexes the
/// document's own versions until [`versions`] shifts it).
fn document_versions(analysis: &crate::Analysis, doc_index: usize) -> Vec<Version> {
    use crate::corpus::DocKind;
    let doc = &analysis.documents[doc_index];
    let extraction = &analysis.extractions[doc_index];
    let attributed = analysis.attributions.get(doc_index);
    let mut versions: Vec<Version> = Vec::with_capacity(extraction.quotes.len());
    for (quote_index, quote) in extraction.quotes.iter().enumerate() {
        let text = quote.text(&doc.text).into_owned();
        // `“We are ready,” she said, “to sign.”`: one utterance, matched as one.
        if let Some(first) = quote.continues {
            let joined = format!("{} {}", versions[first].text, text);
            let (tokens, words, free) = Version::matching_words(tokens::tokenise(&joined));
            let first_version: &mut Version = &mut versions[first];
            first_version.text = joined;
            first_version.tokens = tokens;
            first_version.words = words;
            first_version.free = free;
        }
        let (tokens, words, free) = Version::matching_words(tokens::tokenise(&text));
        versions.push(Version {
            doc: doc_index,
            quote: quote_index,
            speaker: attributed
                .and_then(|a| a.quotes.get(quote_index))
                .and_then(|a| a.speaker.clone()),
            kind: quote.kind,
            transcript: doc.meta.kind == DocKind::Transcript,
            date: doc.meta.date.clone(),
            path: doc.path.clone(),
            text,
            tokens,
            words,
            free,
            copy_of: None,
            part_of: quote.continues,
            passage: None,
            in_boilerplate: doc.blocks[quote.block].boilerplate,
        });
    }
    versions
}

/// Every quote of the analysis as a version, in document order. Documents whose bodies are
/// identical after normalisation (syndicated wire copy) are copies of the first such document.
/// Documents are worked on in parallel and put together in order.
pub fn versions(analysis: &crate::Analysis) -> Vec<Version> {
    use rayon::prelude::*;
    let per_document: Vec<(Option<u64>, Vec<Version>)> = (0..analysis.documents.len())
        .into_par_iter()
        .map(|d| {
            (
                body_hash(&analysis.documents[d]),
                document_versions(analysis, d),
            )
        })
        .collect();
    let mut versions: Vec<Version> = Vec::new();
    let mut first_of_body: BTreeMap<u64, usize> = BTreeMap::new();
    // Index of each document's first version (a document without quotes: where it would be).
    let mut first_version_of_doc: Vec<usize> = Vec::with_capacity(analysis.documents.len());
    for (doc_index, (body, mut own)) in per_document.into_iter().enumerate() {
        let original = body.map(|hash| *first_of_body.entry(hash).or_insert(doc_index));
        let copy_base = original
            .filter(|&o| o != doc_index)
            .map(|o| first_version_of_doc[o]);
        let first = versions.len();
        first_version_of_doc.push(first);
        for (quote_index, version) in own.iter_mut().enumerate() {
            version.copy_of = copy_base.map(|base| base + quote_index);
            version.part_of = version.part_of.map(|local| first + local);
        }
        versions.append(&mut own);
    }
    versions
}

/// A set of versions rendering one utterance, and how each relates to the reference.
#[derive(Debug, Clone)]
pub struct Group {
    pub reference: usize,
    /// Members other than the reference, in priority order.
    pub members: Vec<usize>,
    /// The alignment of each member inside the reference (same order as `members`).
    pub alignments: Vec<Alignment>,
    /// Every speaker named by a version of the group, sorted.
    pub speakers: Vec<String>,
}

/// Aligns `shorter` inside `longer`, with the share of the shorter version's words matched.
/// The alignment is computed in one canonical order (longer first; equal lengths by text), so
/// the result does not depend on the order of the arguments; it is returned as `longer`, then
/// `shorter`.
pub fn align_pair(longer: &Version, shorter: &Version) -> Option<(Alignment, f64)> {
    let swapped = (shorter.words.len(), &shorter.text) > (longer.words.len(), &longer.text);
    let (first, second) = if swapped {
        (shorter, longer)
    } else {
        (longer, shorter)
    };
    let (a_words, a_free) = first.side();
    let (b_words, b_free) = second.side();
    let mut alignment = local::align(
        &Side {
            words: &a_words,
            free: a_free,
        },
        &Side {
            words: &b_words,
            free: b_free,
        },
    )?;
    if swapped {
        let flip = |pairs: &mut Vec<(usize, usize)>| {
            for pair in pairs.iter_mut() {
                *pair = (pair.1, pair.0);
            }
        };
        flip(&mut alignment.matched);
        flip(&mut alignment.substituted);
        std::mem::swap(&mut alignment.a_range, &mut alignment.b_range);
    }
    // The share of the shorter version found in the longer: the same whichever is passed first.
    let shortest = longer.words.len().min(shorter.words.len()).max(1);
    let containment = alignment.matched.len() as f64 / shortest as f64;
    Some((alignment, containment))
}

/// Whether `member` renders the utterance `reference` renders, given their alignment.
fn joins(reference: &Version, member: &Version, alignment: &Alignment, containment: f64) -> bool {
    if member.content_words() < MIN_CONTENT_WORDS || member.words.len() < 2 {
        return false;
    }
    let matched = alignment.matched.len();
    let same_speaker = reference.speaker.is_some() && reference.speaker == member.speaker;
    if same_speaker {
        // A short fragment joins only as a contiguous run of the longer quote.
        if member.words.len() <= 3 {
            let contiguous = alignment
                .matched
                .windows(2)
                .all(|w| w[1].0 == w[0].0 + 1 && w[1].1 == w[0].1 + 1);
            return matched == member.words.len() && contiguous;
        }
        containment >= SAME_SPEAKER_CONTAINMENT && matched > MIN_CONTENT_WORDS
    } else {
        containment >= CROSS_SPEAKER_CONTAINMENT && matched >= CROSS_SPEAKER_MIN_WORDS
    }
}

/// Reference priority: transcripts first, then the fullest version, the earliest date, the path,
/// document order.
fn priority(versions: &[Version]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..versions.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&versions[x], &versions[y]);
        b.transcript
            .cmp(&a.transcript)
            .then(b.words.len().cmp(&a.words.len()))
            .then_with(|| match (&a.date, &b.date) {
                (Some(da), Some(db)) => da.cmp(db),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.path.cmp(&b.path))
            .then((a.doc, a.quote).cmp(&(b.doc, b.quote)))
    });
    order
}

/// Candidate partners of every version: the versions at least as long that share enough of its
/// indexed bigrams (pairs of words, at least one a content word), and the shorter ones it is
/// such a partner of.
///
/// A version that renders another shares most of the shorter one's bigrams however it was
/// cut: a truncation all of its own, an elision all but those across the gap, a swapped word
/// all but two. So a pair must share [`CANDIDATE_SHARE_PERCENT`] of the shorter one's
/// bigrams; and then (the prefix filter of similarity joins) it shares one of the shorter
/// one's rarest `len − needed + 1` bigrams. Only those are looked up, so a bigram common to
/// thousands of quotes ("next year") costs nothing unless a quote is made of nothing rarer.
fn candidates(versions: &[Version]) -> Vec<Vec<usize>> {
    let mut ids: rustc_hash::FxHashMap<(&str, &str), u32> = rustc_hash::FxHashMap::default();
    let mut bigrams_of: Vec<Vec<u32>> = Vec::with_capacity(versions.len());
    for version in versions {
        // Copies and second halves of interrupted quotes never group: their original (or first
        // half, which holds the whole quote) stands for them.
        if version.copy_of.is_some() || version.part_of.is_some() {
            bigrams_of.push(Vec::new());
            continue;
        }
        let mut own: Vec<u32> = version
            .words
            .windows(2)
            .filter(|pair| {
                !(STOPWORDS.contains(pair[0].as_str()) && STOPWORDS.contains(pair[1].as_str()))
            })
            .map(|pair| {
                let next = ids.len() as u32;
                *ids.entry((pair[0].as_str(), pair[1].as_str()))
                    .or_insert(next)
            })
            .collect();
        own.sort_unstable();
        own.dedup();
        bigrams_of.push(own);
    }
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); ids.len()];
    for (index, own) in bigrams_of.iter().enumerate() {
        for &bigram in own {
            postings[bigram as usize].push(index as u32);
        }
    }
    let needed = |len: usize, percent: usize| (len * percent).div_ceil(100).max(1);
    let shared = |a: &[u32], b: &[u32]| {
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
    };
    use rayon::prelude::*;
    // The same-speaker index: a speaker's quotes are few, so even their common bigrams are.
    let mut speaker_ids: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    let speaker_of: Vec<Option<u32>> = versions
        .iter()
        .map(|v| {
            v.speaker.as_deref().map(|name| {
                let next = speaker_ids.len() as u32;
                *speaker_ids.entry(name).or_insert(next)
            })
        })
        .collect();
    let mut by_speaker: rustc_hash::FxHashMap<(u32, u32), Vec<u32>> =
        rustc_hash::FxHashMap::default();
    for (index, own) in bigrams_of.iter().enumerate() {
        if let Some(speaker) = speaker_of[index] {
            for &bigram in own {
                by_speaker
                    .entry((speaker, bigram))
                    .or_default()
                    .push(index as u32);
            }
        }
    }
    // Each version's longer partners, found independently (in parallel); then made symmetric.
    // Shared bigrams are counted from the posting lists: exactly within a speaker (a speaker's
    // lists are short), and across speakers over the rare bigrams only, the common ones
    // counted as if shared (so nothing is missed), verified by a merge when that bound passes.
    let longer_partners: Vec<Vec<usize>> = bigrams_of
        .par_iter()
        .enumerate()
        .map(|(x, own)| {
            let mut found = Vec::new();
            if own.is_empty() {
                return found;
            }
            let is_longer = |y: usize| (bigrams_of[y].len(), y) > (own.len(), x);
            let mut hits: Vec<usize> = Vec::new();
            let count_runs = |hits: &mut Vec<usize>| -> Vec<(usize, usize)> {
                hits.sort_unstable();
                hits.chunk_by(|a, b| a == b)
                    .map(|run| (run[0], run.len()))
                    .collect()
            };
            if let Some(speaker) = speaker_of[x] {
                for &bigram in own {
                    if let Some(list) = by_speaker.get(&(speaker, bigram)) {
                        hits.extend(list.iter().map(|&y| y as usize).filter(|&y| is_longer(y)));
                    }
                }
                let needed = needed(own.len(), CANDIDATE_SHARE_PERCENT);
                found.extend(
                    count_runs(&mut hits)
                        .into_iter()
                        .filter(|&(_, shared)| shared >= needed)
                        .map(|(y, _)| y),
                );
                hits.clear();
            }
            // Different speakers group only on enough words (CROSS_SPEAKER_MIN_WORDS).
            if versions[x].words.len() >= CROSS_SPEAKER_MIN_WORDS {
                // x's rare bigrams, rarest first. A partner shares at least `needed - common` of
                // them, so it shares one of the first `rare - (needed - common) + 1` (the
                // prefix filter of similarity joins): only those lists are looked up.
                let mut rare: Vec<&[u32]> = own
                    .iter()
                    .map(|&b| postings[b as usize].as_slice())
                    .filter(|list| list.len() <= MAX_POSTINGS)
                    .collect();
                rare.sort_unstable_by_key(|list| list.len());
                let common = own.len() - rare.len();
                let needed = needed(own.len(), CROSS_CANDIDATE_SHARE_PERCENT);
                let rare_needed = needed.saturating_sub(common).max(1);
                let prefix = (rare.len() + 1).saturating_sub(rare_needed);
                for list in &rare[..prefix] {
                    hits.extend(list.iter().map(|&y| y as usize).filter(|&y| {
                        is_longer(y) && (speaker_of[x].is_none() || speaker_of[y] != speaker_of[x])
                    }));
                }
                hits.sort_unstable();
                hits.dedup();
                found.extend(
                    hits.iter()
                        .copied()
                        .filter(|&y| shared(own, &bigrams_of[y]) >= needed),
                );
            }
            found.sort_unstable();
            found
        })
        .collect();
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); versions.len()];
    for (x, longer) in longer_partners.into_iter().enumerate() {
        for y in longer {
            partners[x].push(y);
            partners[y].push(x);
        }
    }
    for list in &mut partners {
        list.sort_unstable();
    }
    partners
}

/// Groups the versions that render the same utterance.
pub fn group(versions: &[Version]) -> Vec<Group> {
    let partners = candidates(versions);
    let mut assigned = vec![false; versions.len()];
    let mut groups = Vec::new();
    for reference in priority(versions) {
        if assigned[reference]
            || versions[reference].copy_of.is_some()
            || versions[reference].part_of.is_some()
        {
            continue;
        }
        let mut members = Vec::new();
        let mut alignments = Vec::new();
        // Partners are in version order, which is document order.
        for &member in &partners[reference] {
            if assigned[member]
                || versions[member].copy_of.is_some()
                || versions[member].part_of.is_some()
            {
                continue;
            }
            let (r, m) = (&versions[reference], &versions[member]);
            if m.words.len() > r.words.len() && !r.transcript {
                continue;
            }
            let Some((alignment, containment)) = align_pair(r, m) else {
                continue;
            };
            if joins(r, m, &alignment, containment) {
                members.push(member);
                alignments.push(alignment);
            }
        }
        if members.is_empty() {
            continue;
        }
        assigned[reference] = true;
        for &member in &members {
            assigned[member] = true;
        }
        let speakers: BTreeSet<String> = std::iter::once(reference)
            .chain(members.iter().copied())
            .filter_map(|v| versions[v].speaker.clone())
            .collect();
        groups.push(Group {
            reference,
            members,
            alignments,
            speakers: speakers.into_iter().collect(),
        });
    }
    groups
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

/// A transcript utterance holds many statements: each group around one is split by the
/// passage (the sentences) each member renders, members with overlapping passages together,
/// and the passage becomes the reference, added to `versions`.
pub fn split_transcript_groups(versions: &mut Vec<Version>, groups: Vec<Group>) -> Vec<Group> {
    let mut result = Vec::new();
    for group in groups {
        let reference = versions[group.reference].clone();
        if !reference.transcript {
            result.push(group);
            continue;
        }
        let spans = sentences(&reference.text);
        let word_spans: Vec<std::ops::Range<usize>> = reference
            .tokens
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
            let range = spans[first].start..spans[last].end;
            let text = reference.text[range.clone()].to_string();
            let (tokens, words, free) = Version::matching_words(tokens::tokenise(&text));
            let passage = Version {
                text,
                tokens,
                words,
                free,
                passage: Some(range),
                ..reference.clone()
            };
            let index = versions.len();
            versions.push(passage);
            members.sort_by_key(|&m| (versions[m].doc, versions[m].quote));
            let mut kept = Vec::new();
            let mut alignments = Vec::new();
            for member in members {
                if let Some((alignment, _)) = align_pair(&versions[index], &versions[member]) {
                    kept.push(member);
                    alignments.push(alignment);
                }
            }
            let speakers: BTreeSet<String> = std::iter::once(index)
                .chain(kept.iter().copied())
                .filter_map(|v| versions[v].speaker.clone())
                .collect();
            result.push(Group {
                reference: index,
                members: kept,
                alignments,
                speakers: speakers.into_iter().collect(),
            });
        }
    }
    result
}

#[cfg(test)]
mod tests;
