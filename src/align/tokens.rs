//! Matching tokens of a quote: the words as they are compared across articles.
//!
//! NFKC and case folding, typographic quotes and apostrophes unified (so "we’ve" and "we've"
//! are one token, contractions kept whole), digits kept; an ellipsis ("…", "...", "[…]") is a
//! gap token; a bracketed editorial insertion ("[the agreement]") is one insertion token.
//! Punctuation is dropped from matching but each token keeps its byte range in the quote text,
//! so changes point at the exact words.

use std::ops::Range;

use compact_str::CompactString;
use unicode_normalization::UnicodeNormalization;

/// What a token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// An omission marked with an ellipsis.
    Gap,
    /// A bracketed editorial insertion standing for words of the original.
    Insertion,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised form compared across quotes ("" for gaps). Inline up to 24 bytes: a
    /// word of news copy costs no allocation.
    pub norm: CompactString,
    pub kind: TokenKind,
    /// Byte range in the quote's text.
    pub span: Range<usize>,
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '\'' | '-');
    }
    // A combining accent belongs to its letter ("cafe\u{301}" is "café" once composed).
    c.is_alphanumeric()
        || matches!(c, '\'' | '’' | '‘' | 'ʼ' | '-' | '‐')
        || unicode_normalization::char::is_combining_mark(c)
}

/// Normalises one word for matching.
pub fn normalise_word(word: &str) -> CompactString {
    // Most words of news copy are ASCII, which NFKC leaves as they are.
    if word.is_ascii() {
        let bytes = word.as_bytes();
        let kept = |b: &u8| !matches!(b, b'\'' | b'-' | b'`');
        let start = bytes.iter().position(kept).unwrap_or(bytes.len());
        let end = bytes.iter().rposition(kept).map_or(start, |last| last + 1);
        let trimmed = &word[start..end];
        let mut norm = CompactString::from(trimmed);
        norm.make_ascii_lowercase();
        if trimmed.as_bytes().contains(&b'`') {
            norm = norm.replace('`', "'").into();
        }
        return norm;
    }
    word.nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '’' | '‘' | 'ʼ' | '`' | '´' => '\'',
            '‐' | '‑' => '-',
            other => other,
        })
        .collect::<String>()
        .trim_matches(['\'', '-'])
        .into()
}

/// The matching tokens of a quote's text.
pub fn tokenise(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    each_token(text, |token| tokens.push(token));
    tokens
}

/// Hands each matching token of a quote's text to `emit`, in order.
pub fn each_token(text: &str, mut emit: impl FnMut(Token)) {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '…' {
            emit(Token {
                norm: CompactString::default(),
                kind: TokenKind::Gap,
                span: at..at + c.len_utf8(),
            });
        } else if c == '.' && text[at..].starts_with("...") {
            chars.next();
            chars.next();
            emit(Token {
                norm: CompactString::default(),
                kind: TokenKind::Gap,
                span: at..at + 3,
            });
        } else if c == '[' {
            let Some(close) = text[at..].find(']') else {
                continue;
            };
            let inner = &text[at + 1..at + close];
            let end = at + close + 1;
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            let gap = inner.trim().chars().all(|c| matches!(c, '…' | '.'));
            emit(Token {
                norm: if gap {
                    CompactString::default()
                } else {
                    normalise_word(inner)
                },
                kind: if gap {
                    TokenKind::Gap
                } else {
                    TokenKind::Insertion
                },
                span: at..end,
            });
        } else if c.is_alphanumeric() {
            let mut end = at + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                if !is_word_char(next) {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            let norm = normalise_word(&text[at..end]);
            if !norm.is_empty() {
                emit(Token {
                    norm,
                    kind: TokenKind::Word,
                    span: at..end,
                });
            }
        }
    }
}

/// The words of a token list (gaps and insertions left out).
pub fn words(tokens: &[Token]) -> impl Iterator<Item = &Token> {
    tokens.iter().filter(|t| t.kind == TokenKind::Word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<(String, TokenKind)> {
        tokenise(text)
            .into_iter()
            .map(|t| (t.norm.into(), t.kind))
            .collect()
    }

    #[test]
    fn curly_and_straight_apostrophes_match_and_contractions_stay_whole() {
        assert_eq!(norms("We’ve made progress"), norms("we've made PROGRESS"));
        assert_eq!(norms("don’t")[0].0, "don't");
    }

    #[test]
    fn a_combining_accent_is_part_of_its_word_and_invisible_characters_split_nothing() {
        assert_eq!(norms("the cafe\u{301} tax"), norms("the caf\u{e9} tax"));
        assert_eq!(norms("will\u{a0}stay"), norms("will stay"));
        assert_eq!(norms("harbour\u{200d} is"), norms("harbour is"));
        assert_eq!(norms("harbour\u{200f} is"), norms("harbour is"));
    }

    #[test]
    fn ellipses_and_insertions() {
        let found = norms("this [war] … it's not ... over [...] now");
        let kinds: Vec<TokenKind> = found.iter().map(|(_, k)| *k).collect();
        use TokenKind::*;
        assert_eq!(
            kinds,
            [Word, Insertion, Gap, Word, Word, Gap, Word, Gap, Word]
        );
        assert_eq!(found[1].0, "war");
    }

    #[test]
    fn spans_point_at_the_words() {
        let text = "I think, “we are” close";
        for token in tokenise(text) {
            assert_eq!(normalise_word(&text[token.span.clone()]), token.norm);
        }
    }
}
