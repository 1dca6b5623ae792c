//! The quotation-mark table and the context rules that say what a mark is at a position.
//!
//! A [`Family`] is a style of quotation with its opening and closing marks. [`MarkContext::decide`]
//! turns one mark, the characters around it and the stack of open quotes into an [`Action`].
//! Straight marks and `’` are decided by context; directional marks by the table.

use std::ops::Range;

use crate::lexicon::ELISIONS;

/// A style of quotation: which marks open it and which close it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// “…”
    CurlyDouble,
    /// „…“ or „…”
    LowDouble,
    /// ‘…’
    CurlySingle,
    /// ‚…‘ or ‚…’
    LowSingle,
    /// «…»
    Guillemets,
    /// »…«
    ReversedGuillemets,
    /// ‹…›
    SingleGuillemets,
    /// ›…‹
    ReversedSingleGuillemets,
    /// 「…」
    Corner,
    /// 『…』
    WhiteCorner,
    /// "…"
    StraightDouble,
    /// '…'
    StraightSingle,
    /// ''…'' (and ``…'')
    DoubledApostrophes,
    /// ″…″
    DoublePrime,
}

/// One quotation-mark character (or the two-character `''` / ` `` `).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    StraightDouble,
    StraightSingle,
    DoubledApostrophe,
    DoubledBacktick,
    LeftDouble,
    RightDouble,
    LowDouble,
    LeftSingle,
    RightSingle,
    LowSingle,
    LeftGuillemet,
    RightGuillemet,
    LeftSingleGuillemet,
    RightSingleGuillemet,
    LeftCorner,
    RightCorner,
    LeftWhiteCorner,
    RightWhiteCorner,
    DoublePrime,
}

impl Mark {
    pub fn as_char(self) -> &'static str {
        match self {
            Self::StraightDouble => "\"",
            Self::StraightSingle => "'",
            Self::DoubledApostrophe => "''",
            Self::DoubledBacktick => "``",
            Self::LeftDouble => "“",
            Self::RightDouble => "”",
            Self::LowDouble => "„",
            Self::LeftSingle => "‘",
            Self::RightSingle => "’",
            Self::LowSingle => "‚",
            Self::LeftGuillemet => "«",
            Self::RightGuillemet => "»",
            Self::LeftSingleGuillemet => "‹",
            Self::RightSingleGuillemet => "›",
            Self::LeftCorner => "「",
            Self::RightCorner => "」",
            Self::LeftWhiteCorner => "『",
            Self::RightWhiteCorner => "』",
            Self::DoublePrime => "″",
        }
    }

    /// A closing mark that is never anything else, so an orphan one is worth a warning.
    pub fn is_unambiguous_closer(self) -> bool {
        matches!(
            self,
            Self::RightDouble | Self::RightCorner | Self::RightWhiteCorner
        )
    }

    /// A mark that can only open a quote, so one left ignored is worth a warning.
    pub fn only_opens(self) -> bool {
        matches!(
            self,
            Self::LowDouble | Self::LeftCorner | Self::LeftWhiteCorner | Self::LeftGuillemet
        )
    }

    /// Whether this mark, opening a paragraph, resumes a quote of `family` (the news convention
    /// repeats the opening mark at each new paragraph).
    pub fn reopens(self, family: Family) -> bool {
        match family {
            Family::CurlyDouble => self == Self::LeftDouble,
            Family::LowDouble => self == Self::LowDouble,
            Family::CurlySingle => self == Self::LeftSingle,
            Family::LowSingle => self == Self::LowSingle,
            Family::Guillemets => self == Self::LeftGuillemet,
            Family::ReversedGuillemets => self == Self::RightGuillemet,
            Family::SingleGuillemets => self == Self::LeftSingleGuillemet,
            Family::ReversedSingleGuillemets => self == Self::RightSingleGuillemet,
            Family::Corner => self == Self::LeftCorner,
            Family::WhiteCorner => self == Self::LeftWhiteCorner,
            Family::StraightDouble => self == Self::StraightDouble,
            Family::StraightSingle => self == Self::StraightSingle,
            Family::DoubledApostrophes => {
                matches!(self, Self::DoubledApostrophe | Self::DoubledBacktick)
            }
            Family::DoublePrime => self == Self::DoublePrime,
        }
    }
}

impl std::fmt::Display for Mark {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_char())
    }
}

/// What a mark does at its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Not a quotation mark here (an apostrophe, an inch mark, a stray prime).
    Ignore,
    Open(Family),
    /// Closes the open quote at this depth of the stack (0 = the top-level quote).
    Close(usize),
    /// A closing mark with nothing open that it could close.
    Orphan,
}

/// First bytes of every mark: the scan skips everything else.
static CANDIDATE: [bool; 256] = {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[b'`' as usize] = true;
    table[0xC2] = true; // « »
    table[0xE2] = true; // ‘ ’ ‚ “ ” „ ‹ › ″
    table[0xE3] = true; // 「 」 『 』
    table
};

/// The next byte offset in `from..to` where a mark may start.
pub fn next_candidate(text: &str, from: usize, to: usize) -> Option<usize> {
    text.as_bytes()[from..to]
        .iter()
        .position(|&b| CANDIDATE[b as usize])
        .map(|i| from + i)
}

/// The mark starting at byte `at`, with its length in bytes.
pub fn mark_at(text: &str, at: usize) -> Option<(usize, Mark)> {
    let bytes = text.as_bytes();
    let b = |i: usize| bytes.get(at + i).copied().unwrap_or(0);
    let mark = match (b(0), b(1), b(2)) {
        (b'"', _, _) => return Some((1, Mark::StraightDouble)),
        (b'\'', b'\'', _) => return Some((2, Mark::DoubledApostrophe)),
        (b'\'', _, _) => return Some((1, Mark::StraightSingle)),
        (b'`', b'`', _) => return Some((2, Mark::DoubledBacktick)),
        (0xC2, 0xAB, _) => return Some((2, Mark::LeftGuillemet)),
        (0xC2, 0xBB, _) => return Some((2, Mark::RightGuillemet)),
        (0xE2, 0x80, 0x98) => Mark::LeftSingle,
        (0xE2, 0x80, 0x99) => Mark::RightSingle,
        (0xE2, 0x80, 0x9A) => Mark::LowSingle,
        (0xE2, 0x80, 0x9C) => Mark::LeftDouble,
        (0xE2, 0x80, 0x9D) => Mark::RightDouble,
        (0xE2, 0x80, 0x9E) => Mark::LowDouble,
        (0xE2, 0x80, 0xB3) => Mark::DoublePrime,
        (0xE2, 0x80, 0xB9) => Mark::LeftSingleGuillemet,
        (0xE2, 0x80, 0xBA) => Mark::RightSingleGuillemet,
        (0xE3, 0x80, 0x8C) => Mark::LeftCorner,
        (0xE3, 0x80, 0x8D) => Mark::RightCorner,
        (0xE3, 0x80, 0x8E) => Mark::LeftWhiteCorner,
        (0xE3, 0x80, 0x8F) => Mark::RightWhiteCorner,
        _ => return None,
    };
    Some((3, mark))
}

fn is_mark_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '„'
            | '‘'
            | '’'
            | '‚'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '「'
            | '」'
            | '『'
            | '』'
            | '″'
    )
}

/// Characters after which a mark can open a quote.
fn opens_after(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':')
                || is_mark_char(c)
        }
    }
}

/// Characters before which a mark can close a quote.
fn closes_before(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => !c.is_alphanumeric(),
    }
}

/// Per-block context for deciding marks: the block's text and lazily found facts about it.
pub struct MarkContext<'t> {
    text: &'t str,
    block: Range<usize>,
    /// Offset of the last straight `'` in the block that could close a quote (found on first
    /// need; `None` inside means there is none).
    last_straight_closer: Option<Option<usize>>,
    last_curly_closer: Option<Option<usize>>,
}

impl<'t> MarkContext<'t> {
    pub fn new(text: &'t str, block: Range<usize>) -> Self {
        Self {
            text,
            block,
            last_straight_closer: None,
            last_curly_closer: None,
        }
    }

    fn before(&self, at: usize) -> Option<char> {
        if at <= self.block.start {
            return None;
        }
        self.text[self.block.start..at].chars().next_back()
    }

    fn after(&self, end: usize) -> Option<char> {
        if end >= self.block.end {
            return None;
        }
        self.text[end..self.block.end].chars().next()
    }

    /// The word (letters and digits) right after `end`, lower-cased, up to a few characters.
    fn word_after(&self, end: usize) -> String {
        self.text[end..self.block.end]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .take(12)
            .flat_map(char::to_lowercase)
            .collect()
    }

    /// An apostrophe at `at` that starts an elided word ('tis, 'em, 'n') or a decade ('90s).
    fn starts_elision(&self, end: usize) -> bool {
        let word = self.word_after(end);
        if word.is_empty() {
            return false;
        }
        let digits = word.chars().take_while(|c| c.is_ascii_digit()).count();
        let decade = digits == 2 && (word.len() == 2 || &word[2..] == "s");
        decade || ELISIONS.contains(word.as_str())
    }

    /// A single closing mark at `at` that belongs to rock 'n' roll.
    fn ends_n_elision(&self, at: usize) -> bool {
        let head = &self.text[self.block.start..at];
        let mut chars = head.chars().rev();
        matches!(
            (chars.next(), chars.next(), chars.next()),
            (Some('n' | 'N'), Some('\'' | '’' | '‘'), Some(c)) if c.is_whitespace()
        )
    }

    fn last_closer(&mut self, straight: bool) -> Option<usize> {
        let cached = if straight {
            self.last_straight_closer
        } else {
            self.last_curly_closer
        };
        if let Some(found) = cached {
            return found;
        }
        let needle: &[u8] = if straight { b"'" } else { "’".as_bytes() };
        let finder = memchr::memmem::FinderRev::new(needle);
        let mut end = self.block.end;
        let found = loop {
            let Some(i) = finder.rfind(&self.text.as_bytes()[self.block.start..end]) else {
                break None;
            };
            let at = self.block.start + i;
            let prev = self.before(at);
            let next = self.after(at + needle.len());
            if prev.is_some_and(|c| !c.is_whitespace()) && closes_before(next) {
                break Some(at);
            }
            end = at;
        };
        if straight {
            self.last_straight_closer = Some(found);
        } else {
            self.last_curly_closer = Some(found);
        }
        found
    }

    /// `s’ union`: a plural possessive, when another closing mark follows later in the block.
    fn possessive_plural(&mut self, at: usize, len: usize, straight: bool) -> bool {
        let prev = self.before(at);
        let mut rest = self.text[at + len..self.block.end].chars();
        let space_then_word = matches!(
            (rest.next(), rest.next()),
            (Some(' '), Some(c)) if c.is_lowercase() || c.is_ascii_digit()
        );
        matches!(prev, Some('s' | 'S'))
            && space_then_word
            && self.last_closer(straight).is_some_and(|last| last > at)
    }

    /// What `mark` (of `len` bytes at `at`) does, given the families open on the stack
    /// (outermost first).
    pub fn decide(&mut self, mark: Mark, at: usize, len: usize, open: &[Family]) -> Action {
        let prev = self.before(at);
        let next = self.after(at + len);
        let innermost = |families: &[Family]| open.iter().rposition(|f| families.contains(f));
        let prev_solid = prev.is_some_and(|c| !c.is_whitespace());
        let next_solid = next.is_some_and(|c| !c.is_whitespace());
        let can_open = opens_after(prev) && next_solid;
        let can_close = prev_solid && closes_before(next);
        let top_is = |family: Family| open.last() == Some(&family);
        let open_or_ignore = |family: Family| {
            if can_open {
                Action::Open(family)
            } else {
                Action::Ignore
            }
        };

        match mark {
            Mark::StraightDouble | Mark::DoublePrime | Mark::DoubledApostrophe => {
                let family = match mark {
                    Mark::StraightDouble => Family::StraightDouble,
                    Mark::DoublePrime => Family::DoublePrime,
                    _ => Family::DoubledApostrophes,
                };
                if let Some(depth) = innermost(&[family])
                    && can_close
                {
                    return Action::Close(depth);
                }
                if can_open {
                    return Action::Open(family);
                }
                let after_digit = prev.is_some_and(|c| c.is_ascii_digit());
                if can_close && !after_digit && innermost(&[family]).is_none() {
                    return Action::Orphan;
                }
                Action::Ignore
            }
            Mark::DoubledBacktick => open_or_ignore(Family::DoubledApostrophes),
            Mark::LeftDouble => {
                if top_is(Family::LowDouble) && can_close {
                    return Action::Close(open.len() - 1);
                }
                if can_open {
                    return Action::Open(Family::CurlyDouble);
                }
                match innermost(&[Family::CurlyDouble]) {
                    Some(depth) if can_close => Action::Close(depth),
                    _ => Action::Ignore,
                }
            }
            Mark::RightDouble => match innermost(&[Family::CurlyDouble, Family::LowDouble]) {
                Some(depth) => Action::Close(depth),
                None if prev_solid || prev.is_none() => Action::Orphan,
                None => Action::Ignore,
            },
            Mark::LowDouble => {
                if next_solid {
                    Action::Open(Family::LowDouble)
                } else {
                    Action::Ignore
                }
            }
            Mark::LeftSingle => {
                if top_is(Family::LowSingle) && can_close {
                    return Action::Close(open.len() - 1);
                }
                if can_open && !self.starts_elision(at + len) {
                    return Action::Open(Family::CurlySingle);
                }
                match innermost(&[Family::CurlySingle]) {
                    Some(depth) if can_close => Action::Close(depth),
                    _ => Action::Ignore,
                }
            }
            Mark::RightSingle | Mark::StraightSingle => {
                let straight = mark == Mark::StraightSingle;
                let inside_word = prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                if inside_word {
                    return Action::Ignore;
                }
                let families: &[Family] = if straight {
                    &[Family::StraightSingle]
                } else {
                    &[Family::CurlySingle, Family::LowSingle]
                };
                if let Some(depth) = innermost(families)
                    && can_close
                    && !self.ends_n_elision(at)
                    && !self.possessive_plural(at, len, straight)
                {
                    return Action::Close(depth);
                }
                if straight
                    && can_open
                    && !self.starts_elision(at + len)
                    && self.last_closer(true).is_some_and(|last| last > at)
                {
                    return Action::Open(Family::StraightSingle);
                }
                Action::Ignore
            }
            Mark::LowSingle => {
                if opens_after(prev) && next.is_some_and(char::is_alphanumeric) {
                    Action::Open(Family::LowSingle)
                } else {
                    Action::Ignore
                }
            }
            Mark::LeftGuillemet => match innermost(&[Family::ReversedGuillemets]) {
                Some(depth) => Action::Close(depth),
                None if next.is_some() => Action::Open(Family::Guillemets),
                None => Action::Ignore,
            },
            Mark::RightGuillemet => match innermost(&[Family::Guillemets]) {
                Some(depth) => Action::Close(depth),
                None if can_open => Action::Open(Family::ReversedGuillemets),
                None => Action::Ignore,
            },
            Mark::LeftSingleGuillemet => match innermost(&[Family::ReversedSingleGuillemets]) {
                Some(depth) => Action::Close(depth),
                None if can_open => Action::Open(Family::SingleGuillemets),
                None => Action::Ignore,
            },
            Mark::RightSingleGuillemet => match innermost(&[Family::SingleGuillemets]) {
                Some(depth) => Action::Close(depth),
                None if can_open => Action::Open(Family::ReversedSingleGuillemets),
                None => Action::Ignore,
            },
            Mark::LeftCorner => Action::Open(Family::Corner),
            Mark::LeftWhiteCorner => Action::Open(Family::WhiteCorner),
            Mark::RightCorner => match innermost(&[Family::Corner]) {
                Some(depth) => Action::Close(depth),
                None => Action::Orphan,
            },
            Mark::RightWhiteCorner => match innermost(&[Family::WhiteCorner]) {
                Some(depth) => Action::Close(depth),
                None => Action::Orphan,
            },
        }
    }
}
