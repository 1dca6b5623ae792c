//! Judge: how a version differs from its group's reference.
//!
//! The class is the highest that applies, in the order `altered` > `truncated` > `elided` >
//! `cosmetic` > `verbatim`, decided from the alignment of the version inside the reference:
//! substituted or added words, or words of the reference skipped where the version marks no
//! omission, are an alteration; an unmarked cut at the start or the end is a truncation; skips
//! that an ellipsis or a bracketed insertion marks are an elision; equal words with other
//! punctuation, case or marks are cosmetic. Flags name the changes a fact-checker must see: a
//! hedge dropped or added, a negation flipped, a number or a name changed, a qualifying clause
//! cut, a headline's condensation. Every change carries byte ranges in both quotes.

use std::ops::Range;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::align::Version;
use crate::align::local::Alignment;
use crate::extract::QuoteKind;
use crate::lexicon::{NEGATIONS, NUMBER_WORDS, QUALIFIERS, has_hedge};

/// How a version renders the reference's words.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    Verbatim,
    Cosmetic,
    Elided,
    Truncated,
    Altered,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Verbatim => "verbatim",
            Self::Cosmetic => "cosmetic",
            Self::Elided => "elided",
            Self::Truncated => "truncated",
            Self::Altered => "altered",
        }
    }
}

/// A change that matters to a fact-checker.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    HedgeDropped,
    HedgeAdded,
    NegationFlipped,
    NumberChanged,
    EntityChanged,
    QualifierCut,
    Headline,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HedgeDropped => "hedge_dropped",
            Self::HedgeAdded => "hedge_added",
            Self::NegationFlipped => "negation_flipped",
            Self::NumberChanged => "number_changed",
            Self::EntityChanged => "entity_changed",
            Self::QualifierCut => "qualifier_cut",
            Self::Headline => "headline",
        }
    }
}

/// What kind of word-level change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Words of the reference left out at the start or the end (unmarked).
    Cut,
    /// Words of the reference left out where the version marks an omission.
    Elision,
    /// Words of the reference left out mid-quote without marking.
    Dropped,
    /// Words the version has and the reference does not.
    Added,
    /// A word of the reference replaced by another.
    Substituted,
}

/// One word-level change, with byte ranges in the reference's and the version's text (the
/// words mostly a word or two, held inline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub reference_text: compact_str::CompactString,
    pub version_text: compact_str::CompactString,
    pub reference_range: Option<[usize; 2]>,
    pub version_range: Option<[usize; 2]>,
}

/// One piece of the word-level inline diff of a version against the reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DiffPiece {
    pub op: DiffOp,
    /// The words (most pieces are a word or two, held inline: a judged corpus has millions).
    pub text: compact_str::CompactString,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    Equal,
    Removed,
    Added,
}

/// How a version differs from the reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Divergence {
    pub class: Class,
    pub flags: Vec<Flag>,
    pub changes: Vec<Change>,
    /// The reference's words with the version's differences marked, word by word.
    pub inline: Vec<DiffPiece>,
}

/// The word-level diff of `b` against `a` (words as written, compared normalised). Outside
/// the stretches the alignment matched, words are removed or added whole; inside, a word diff
/// says what changed. So a cut quote shows as one contiguous run with the rest removed, even
/// where a word diff alone would pair a "the" at the start with another "the" further on.
fn inline_diff(a: &Version, b: &Version, alignment: &Alignment) -> Vec<DiffPiece> {
    // Borrowed from the versions: a judged corpus diffs millions of words.
    fn written(v: &Version) -> Vec<&str> {
        v.tokens().iter().map(|t| &v.text[t.span.clone()]).collect()
    }
    fn norm(v: &Version) -> Vec<&str> {
        v.tokens()
            .iter()
            .map(|t| {
                if t.norm.is_empty() {
                    "…"
                } else {
                    t.norm.as_str()
                }
            })
            .collect()
    }
    let (a_written, b_written) = (written(a), written(b));
    let (a_norm, b_norm) = (norm(a), norm(b));
    let mut pieces: Vec<DiffPiece> = Vec::new();
    // Words are appended to the last piece when it has the same op, else start a new one.
    fn append(text: &mut compact_str::CompactString, words: &[&str]) {
        for (k, word) in words.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            text.push_str(word);
        }
    }
    let mut push = |op: DiffOp, words: &[&str]| {
        if words.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if last.op == op => {
                last.text.push(' ');
                append(&mut last.text, words);
            }
            _ => {
                let mut text = compact_str::CompactString::default();
                append(&mut text, words);
                pieces.push(DiffPiece { op, text });
            }
        }
    };
    let stretch = |v: &Version, words: &std::ops::Range<usize>| {
        let tokens = word_tokens(v);
        match (
            tokens.get(words.start),
            words.end.checked_sub(1).and_then(|e| tokens.get(e)),
        ) {
            (Some(&first), Some(&last)) if !words.is_empty() => first..last + 1,
            _ => 0..v.tokens().len(),
        }
    };
    let (a_stretch, b_stretch) = (
        stretch(a, &alignment.a_range),
        stretch(b, &alignment.b_range),
    );
    push(DiffOp::Removed, &a_written[..a_stretch.start]);
    push(DiffOp::Added, &b_written[..b_stretch.start]);
    let (a_at, b_at) = (a_stretch.start, b_stretch.start);
    let ops = similar::capture_diff_slices(
        similar::Algorithm::Myers,
        &a_norm[a_stretch.clone()],
        &b_norm[b_stretch.clone()],
    );
    for op in ops {
        // Indices are into the stretches: shift them back to the whole versions.
        let op = shifted(op, a_at, b_at);
        match op {
            similar::DiffOp::Equal { new_index, len, .. } => {
                push(DiffOp::Equal, &b_written[new_index..new_index + len]);
            }
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => {
                push(DiffOp::Removed, &a_written[old_index..old_index + old_len]);
            }
            similar::DiffOp::Insert {
                new_index, new_len, ..
            } => {
                push(DiffOp::Added, &b_written[new_index..new_index + new_len]);
            }
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(DiffOp::Removed, &a_written[old_index..old_index + old_len]);
                push(DiffOp::Added, &b_written[new_index..new_index + new_len]);
            }
        }
    }
    push(DiffOp::Removed, &a_written[a_stretch.end..]);
    push(DiffOp::Added, &b_written[b_stretch.end..]);
    // Held as long as the report is.
    crate::exact_len(pieces)
}

fn shifted(op: similar::DiffOp, a: usize, b: usize) -> similar::DiffOp {
    use similar::DiffOp::{Delete, Equal, Insert, Replace};
    match op {
        Equal {
            old_index,
            new_index,
            len,
        } => Equal {
            old_index: old_index + a,
            new_index: new_index + b,
            len,
        },
        Delete {
            old_index,
            old_len,
            new_index,
        } => Delete {
            old_index: old_index + a,
            old_len,
            new_index: new_index + b,
        },
        Insert {
            old_index,
            new_index,
            new_len,
        } => Insert {
            old_index: old_index + a,
            new_index: new_index + b,
            new_len,
        },
        Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => Replace {
            old_index: old_index + a,
            old_len,
            new_index: new_index + b,
            new_len,
        },
    }
}

/// Word `i` of a version: its token (index into `tokens`).
fn word_tokens(version: &Version) -> Vec<usize> {
    version
        .tokens()
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind == crate::align::tokens::TokenKind::Word)
        .map(|(i, _)| i)
        .collect()
}

fn text_of(
    text: &str,
    version: &Version,
    words: &[usize],
    from: usize,
    to: usize,
) -> (compact_str::CompactString, Option<[usize; 2]>) {
    if from >= to {
        return (compact_str::CompactString::default(), None);
    }
    let first = &version.tokens()[words[from]].span;
    let last = &version.tokens()[words[to - 1]].span;
    (
        text[first.start..last.end].into(),
        Some([first.start, last.end]),
    )
}

/// Judges `member` against `reference`, given the alignment of the member inside the
/// reference. `reference_text` and `member_text` are the quotes' texts (token spans index them).
pub fn judge(
    reference: &Version,
    reference_text: &str,
    member: &Version,
    member_text: &str,
    alignment: &Alignment,
) -> Divergence {
    let a_words = word_tokens(reference);
    let b_words = word_tokens(member);
    // Where each version marks an omission or insertion between its words.
    let (a_free, b_free) = (reference.free(), member.free());
    // A change between words `a` of the reference and words `b` of the version (either empty).
    let change = |kind: ChangeKind, a: Range<usize>, b: Range<usize>| {
        let (reference_text, reference_range) =
            text_of(reference_text, reference, &a_words, a.start, a.end);
        let (version_text, version_range) = text_of(member_text, member, &b_words, b.start, b.end);
        Change {
            kind,
            reference_text,
            version_text,
            reference_range,
            version_range,
        }
    };
    let mut changes = Vec::new();
    let mut class = Class::Verbatim;
    let raise = |class: &mut Class, to: Class| *class = (*class).max(to);

    // ASCII text is its own NFC form: only other text needs composing to compare.
    let same_text = reference_text == member_text
        || (!(reference_text.is_ascii() && member_text.is_ascii())
            && reference_text.nfc().eq(member_text.nfc()));
    if !same_text {
        raise(&mut class, Class::Cosmetic);
    }
    // Walk the alignment: aligned pairs in order.
    let mut pairs: Vec<(usize, usize, bool)> = alignment
        .matched
        .iter()
        .map(|&(i, j)| (i as usize, j as usize, true))
        .chain(
            alignment
                .substituted
                .iter()
                .map(|&(i, j)| (i as usize, j as usize, false)),
        )
        .collect();
    pairs.sort();
    for &(i, j, same) in &pairs {
        if !same {
            raise(&mut class, Class::Altered);
            changes.push(change(ChangeKind::Substituted, i..i + 1, j..j + 1));
        }
    }
    // Words of the version outside the aligned stretch, or between aligned words.
    let mut previous: Option<(usize, usize)> = None;
    let mut gaps: Vec<((usize, usize), (usize, usize))> = Vec::new();
    for &(i, j, _) in &pairs {
        if let Some((pi, pj)) = previous {
            gaps.push(((pi + 1, i), (pj + 1, j)));
        }
        previous = Some((i, j));
    }
    let b_len = member.words().len();
    let a_len = reference.words().len();
    let (b_first, b_last) = match (pairs.first(), pairs.last()) {
        (Some(f), Some(l)) => (f.1, l.1 + 1),
        _ => (0, 0),
    };
    let (a_first, a_last) = match (pairs.first(), pairs.last()) {
        (Some(f), Some(l)) => (f.0, l.0 + 1),
        _ => (0, a_len),
    };
    for (from, to) in [(0, b_first), (b_last, b_len)] {
        if from < to {
            raise(&mut class, Class::Altered);
            changes.push(change(ChangeKind::Added, 0..0, from..to));
        }
    }
    for ((a_from, a_to), (b_from, b_to)) in gaps {
        if b_from < b_to {
            // Words only the version has, unless the reference marks an omission there.
            if !a_free[a_from] {
                raise(&mut class, Class::Altered);
            }
            changes.push(change(ChangeKind::Added, 0..0, b_from..b_to));
        }
        if a_from < a_to {
            let marked = b_free[b_to.min(b_free.len() - 1)] || b_free[b_from.min(b_free.len() - 1)];
            let kind = if marked {
                raise(&mut class, Class::Elided);
                ChangeKind::Elision
            } else {
                raise(&mut class, Class::Altered);
                ChangeKind::Dropped
            };
            changes.push(change(kind, a_from..a_to, 0..0));
        }
    }
    // An ellipsis or insertion of the version where the reference has none is an elision.
    let a_position = |j: usize| -> Option<usize> {
        if j < b_len {
            pairs.iter().find(|p| p.1 == j).map(|p| p.0)
        } else {
            pairs.last().map(|p| p.0 + 1)
        }
    };
    let marks_own_omission = (0..b_free.len()).any(|j| {
        b_free[j] && a_position(j).is_none_or(|i| !a_free.get(i).copied().unwrap_or(false))
    });
    if marks_own_omission {
        raise(&mut class, Class::Elided);
    }
    let mut cut_after = None;
    for (from, to, marked) in [
        (0, a_first, b_free.first().copied().unwrap_or(false)),
        (a_last, a_len, b_free.last().copied().unwrap_or(false)),
    ] {
        if from < to {
            raise(
                &mut class,
                if marked {
                    Class::Elided
                } else {
                    Class::Truncated
                },
            );
            if from == a_last {
                cut_after = Some(from);
            }
            let kind = if marked {
                ChangeKind::Elision
            } else {
                ChangeKind::Cut
            };
            changes.push(change(kind, from..to, 0..0));
        }
    }
    if class == Class::Cosmetic && reference.words() == member.words() && same_text {
        class = Class::Verbatim;
    }

    let mut flags = Vec::new();
    let region = &reference.words()[a_first.saturating_sub(2)..a_last.max(a_first).min(a_len)];
    let version_words = member.words();
    let version_hedged = has_hedge(version_words);
    if has_hedge(region) && !version_hedged {
        flags.push(Flag::HedgeDropped);
    }
    if version_hedged && !has_hedge(&reference.words()[a_first..a_last.max(a_first)]) {
        flags.push(Flag::HedgeAdded);
    }
    let core = &reference.words()[a_first..a_last.max(a_first)];
    let negations = |words: &[compact_str::CompactString]| {
        words
            .iter()
            .filter(|w| NEGATIONS.contains(w.as_str()))
            .count()
    };
    if negations(core) % 2 != negations(version_words) % 2 {
        flags.push(Flag::NegationFlipped);
    }
    fn numbers(words: &[compact_str::CompactString]) -> Vec<&str> {
        let mut found: Vec<&str> = words
            .iter()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(w.as_str()))
            .map(compact_str::CompactString::as_str)
            .collect();
        found.sort_unstable();
        found
    }
    let version_numbers = numbers(version_words);
    if !version_numbers.is_empty() && numbers(core) != version_numbers {
        flags.push(Flag::NumberChanged);
    }
    let capitalised = |version: &Version, words: &[usize], text: &str, index: usize| {
        index > 0
            && text[version.tokens()[words[index]].span.clone()]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    };
    if alignment.substituted.iter().any(|&(i, j)| {
        capitalised(reference, &a_words, reference_text, i as usize)
            || capitalised(member, &b_words, member_text, j as usize)
    }) {
        flags.push(Flag::EntityChanged);
    }
    if let Some(cut) = cut_after
        && reference
            .words()
            .get(cut)
            .is_some_and(|w| QUALIFIERS.contains(w.as_str()))
    {
        flags.push(Flag::QualifierCut);
    }
    if member.kind == QuoteKind::Headline {
        flags.push(Flag::Headline);
    }
    flags.sort();
    flags.dedup();
    // Held as long as the report is.
    let (flags, changes) = (crate::exact_len(flags), crate::exact_len(changes));
    Divergence {
        class,
        flags,
        changes,
        inline: inline_diff(reference, member, alignment),
    }
}
