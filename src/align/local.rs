//! Token-level local alignment (Smith-Waterman with free end gaps): where the shorter quote
//! lies inside the longer one, word by word.
//!
//! An ellipsis or an editorial insertion in either version makes skipping words of the other at
//! that point free, so "we will … get there" aligns with "we will, in the end, get there" at no
//! cost. The cost is bounded: alignments larger than [`MAX_CELLS`] are not attempted.

use std::ops::Range;

/// Score of two equal words.
const MATCH: i32 = 2;
/// Score of two different words aligned to each other.
const MISMATCH: i32 = -1;
/// Score of a word of one version skipped by the other.
const SKIP: i32 = -1;
/// Largest alignment matrix computed (words × words).
pub const MAX_CELLS: usize = 2_000_000;

/// What the alignment found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Alignment {
    /// Pairs of equal words, (index in `a`, index in `b`), in order. Word indices are 32-bit
    /// (no side of an alignment has more than [`MAX_CELLS`] words): the alignments of a
    /// corpus's groups are held until they are judged.
    pub matched: Vec<(u32, u32)>,
    /// Pairs of different words aligned to each other (substitutions).
    pub substituted: Vec<(u32, u32)>,
    /// Words of `a` and `b` covered, first to last aligned word.
    pub a_range: Range<usize>,
    pub b_range: Range<usize>,
}

/// One version's words and where skipping the other's words is free: `free[j]` is true when an
/// ellipsis or insertion stands between word `j - 1` and word `j` (`free.len() == words + 1`).
pub struct Side<'a, W> {
    pub words: &'a [W],
    pub free: &'a [bool],
}

/// Whether versions of `n` and `m` words can be aligned within [`MAX_CELLS`].
pub fn fits(n: usize, m: usize) -> bool {
    (n + 1).saturating_mul(m + 1) <= MAX_CELLS
}

/// Aligns `b` inside `a`; `None` when nothing aligns or the matrix would be too large.
pub fn align<W: PartialEq>(a: &Side<W>, b: &Side<W>) -> Option<Alignment> {
    let (n, m) = (a.words.len(), b.words.len());
    if n == 0 || m == 0 || !fits(n, m) {
        return None;
    }
    if a.words == b.words {
        // The same words (the commonest case across outlets): every word matches its twin,
        // which is what the matrix would find (the diagonal scores strictly best at every
        // step, skipped words or not), without filling it.
        return Some(Alignment {
            matched: (0..crate::narrow(n)).map(|k| (k, k)).collect(),
            substituted: Vec::new(),
            a_range: 0..n,
            b_range: 0..n,
        });
    }
    by_matrix(a, b)
}

/// [`align`] by filling the scoring matrix.
fn by_matrix<W: PartialEq>(a: &Side<W>, b: &Side<W>) -> Option<Alignment> {
    let (n, m) = (a.words.len(), b.words.len());
    let width = m + 1;
    let mut score = vec![0i32; (n + 1) * width];
    // 0 = start, 1 = diagonal, 2 = skip a word of a, 3 = skip a word of b
    let mut from = vec![0u8; (n + 1) * width];
    let mut best = (0i32, 0usize, 0usize);
    for i in 1..=n {
        // Row i - 1 and row i, so the inner loop indexes without bounds checks.
        let (above, rest) = score.split_at_mut(i * width);
        let (above, row) = (&above[(i - 1) * width..], &mut rest[..width]);
        let steps = &mut from[i * width..(i + 1) * width];
        let word = &a.words[i - 1];
        let skip_b_cost = if a.free[i] { 0 } else { SKIP };
        for j in 1..=m {
            let diagonal = above[j - 1]
                + if *word == b.words[j - 1] {
                    MATCH
                } else {
                    MISMATCH
                };
            let skip_a = above[j] + if b.free[j] { 0 } else { SKIP };
            let skip_b = row[j - 1] + skip_b_cost;
            // The first of diagonal, skip a, skip b that is best, when it beats a fresh start.
            let (mut value, mut step) = (0, 0u8);
            if diagonal > value {
                (value, step) = (diagonal, 1);
            }
            if skip_a > value {
                (value, step) = (skip_a, 2);
            }
            if skip_b > value {
                (value, step) = (skip_b, 3);
            }
            row[j] = value;
            steps[j] = step;
            if value > best.0 {
                best = (value, i, j);
            }
        }
    }
    if best.0 <= 0 {
        return None;
    }
    let (mut i, mut j) = (best.1, best.2);
    let (end_i, end_j) = (i, j);
    let mut matched = Vec::with_capacity(i.min(j));
    let mut substituted = Vec::new();
    while i > 0 && j > 0 && score[i * width + j] > 0 {
        match from[i * width + j] {
            1 => {
                if a.words[i - 1] == b.words[j - 1] {
                    matched.push((crate::narrow(i - 1), crate::narrow(j - 1)));
                } else {
                    substituted.push((crate::narrow(i - 1), crate::narrow(j - 1)));
                }
                i -= 1;
                j -= 1;
            }
            2 => i -= 1,
            3 => j -= 1,
            _ => break,
        }
    }
    matched.reverse();
    substituted.reverse();
    let first = matched
        .first()
        .map_or((i, j), |&(i, j)| (i as usize, j as usize));
    Some(Alignment {
        a_range: first.0..end_i,
        b_range: first.1..end_j,
        matched,
        substituted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side<'a>(words: &'a [&'a str], free: &'a [bool]) -> Side<'a, &'a str> {
        Side { words, free }
    }

    #[test]
    fn a_truncation_aligns_as_a_contiguous_run() {
        let a = ["i", "think", "we", "are", "close", "to", "a", "deal"];
        let b = ["we", "are", "close"];
        let (fa, fb) = (vec![false; 9], vec![false; 4]);
        let found = align(&side(&a, &fa), &side(&b, &fb)).unwrap();
        assert_eq!(found.matched, [(2, 0), (3, 1), (4, 2)]);
        assert_eq!(found.a_range, 2..5);
    }

    #[test]
    fn an_ellipsis_makes_the_skip_free() {
        let a = [
            "the", "offer", "is", "fair", "and", "it", "is", "the", "best", "in", "years",
        ];
        let b = ["the", "offer", "is", "the", "best", "in", "years"];
        let mut free_b = vec![false; 8];
        free_b[3] = true;
        let fa = vec![false; 12];
        let found = align(&side(&a, &fa), &side(&b, &free_b)).unwrap();
        assert_eq!(found.matched.len(), 7);
        assert!(found.substituted.is_empty());
    }

    #[test]
    fn the_same_words_align_word_for_word_as_the_matrix_would() {
        let a = ["we", "will", "we", "will", "sign", "it"];
        let mut free = vec![false; 7];
        free[2] = true;
        let found = align(&side(&a, &free), &side(&a, &free)).unwrap();
        let expected: Vec<(u32, u32)> = (0..6).map(|k| (k, k)).collect();
        assert_eq!(found.matched, expected);
        assert!(found.substituted.is_empty());
        assert_eq!((found.a_range, found.b_range), (0..6, 0..6));
        for gaps in 0..1u32 << 7 {
            let free: Vec<bool> = (0..7).map(|k| gaps & (1 << k) != 0).collect();
            let (side_a, side_b) = (side(&a, &free), side(&a, &free));
            assert_eq!(
                align(&side_a, &side_b),
                by_matrix(&side_a, &side_b),
                "{free:?}"
            );
        }
    }

    #[test]
    fn a_substituted_word_is_reported() {
        let a = ["not", "the", "passengers", "not", "the", "workers"];
        let b = ["not", "the", "commuters", "not", "the", "workers"];
        let free = vec![false; 7];
        let found = align(&side(&a, &free), &side(&b, &free)).unwrap();
        assert_eq!(found.substituted, [(2, 2)]);
    }
}
