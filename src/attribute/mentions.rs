//! Mentions: the words of a sentence as tokens (quotes blanked), the noun phrases that can name
//! a speaker, and the people of a document they resolve to.

use std::cell::Cell;
use std::ops::Range;

use compact_str::CompactString;

use crate::corpus::Document;
use crate::lexicon::{
    CUES, Cue, GIVEN_NAMES, GROUP_NOUNS, Gender, NAME_PARTICLES, NOT_NAMES, ORGANISATION_WORDS,
    PLACE_WORDS, SUBJECT_PRONOUNS, TEXT_NOUNS, is_indefinite, is_title_word, pronoun_gender,
    title_gender,
};

/// Words that may sit between a speaker and a cue (`Rubio has also said`).
const AUXILIARIES: &[&str] = &[
    "has",
    "had",
    "have",
    "was",
    "is",
    "also",
    "later",
    "then",
    "again",
    "further",
    "once",
    "would",
    "will",
    "had",
    "previously",
    "repeatedly",
    "recently",
    "again",
];
/// Words in the longest cue form ("mis en garde", "paid tribute to").
const MAX_CUE_WORDS: usize = 4;
/// Articles that open a noun phrase, in the languages the cue lexicon covers.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "one", "another", "its", "his", "her", "their", "our", "la", "le", "les",
    "un", "une", "der", "die", "das", "den", "dem", "ein", "eine", "einer", "el", "los", "las",
    "il", "lo", "gli", "una", "uno", "o", "os", "um", "uma", "het", "een",
];
/// Auxiliaries before a participle in an inverted tag (`», a déclaré la ministre`, `», ha
/// detto il ministro`).
const INVERTED_AUXILIARIES: &[&str] = &["a", "ont", "avait", "hat", "habe", "ha", "hanno", "heeft"];
/// Words after a clause-opening `asked` that make it passive (`Asked about the penalty, she
/// replied`).
const PASSIVE_ASK_COMPLEMENTS: &[&str] = &["about", "whether", "if", "why", "what", "how", "when"];
/// Words of the noun phrase opening a sentence before a name in apposition (`But another
/// parent, Mark Ellis,`).
const APPOSED_OPENING_MAX_WORDS: usize = 5;
/// Words an unnamed source may span (`a recently released government report`).
const UNNAMED_MAX_WORDS: usize = 6;
/// Words after a bare cue form that show it is a verb reporting speech (`signal that`).
const BARE_CUE_COMPLEMENTS: &[&str] = &["that", "to", "on", "about", "for", "with", "against"];
/// Lemmas of cues that name their source after them, wherever they stand.
const ACCORDING_TO: &[&str] = &[
    "according to",
    "selon",
    "laut",
    "según",
    "secondo",
    "segundo",
    "volgens",
];
/// Words that may open a sentence before its subject (`Yet Putin’s remarks …`).
const OPENING_CONJUNCTIONS: &[&str] = &["yet", "but", "and", "so", "still", "however", "meanwhile"];
/// Tokens a parenthetical between a tag's subject and its cue may span (`, a resident of the
/// old town who asked not to be named,`).
const PARENTHETICAL_MAX_TOKENS: usize = 16;
/// Words before a cue's form that make it a noun, not a verb reporting speech (`the mayor's
/// promise`, `their warning`); also a possessive `'s`. Not `a`: the French auxiliary.
const NOUN_MAKERS: &[&str] = &[
    "the", "an", "his", "her", "their", "its", "our", "my", "your", "this",
];
/// Prepositions that make the cue form after `a` a noun (`said in a statement`).
const PREPOSITIONS_BEFORE_A_NOUN: &[&str] = &["in", "on", "with", "from", "via", "through", "by"];
/// Words between a tag's subject and its verb (`“Q,” a spokesperson for the company said`).
const TAG_SUBJECT_TAIL_WORDS: usize = 5;
/// How far before a quote a lead-in cue may be (`said on Friday in Paris that “…`).
const LEAD_IN_MAX_TOKENS: usize = 8;
/// Words a role mention may span (`the 56-year-old former coach`).
const ROLE_MAX_WORDS: usize = 7;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Word,
    Punct(char),
    Quote,
}

#[derive(Debug, Clone)]
struct Tok {
    span: Range<usize>,
    kind: Kind,
}

/// What a mention is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MentionKind {
    Pronoun,
    /// A subject the verb carries (`«…», añadió.`, `», acrescentou.`): its span is the verb's.
    Dropped,
    /// A capitalised name, possibly with titles in front ("US Secretary of State Marco Rubio").
    Name(Vec<String>),
    /// A role noun phrase ("the minister", "the US secretary of state"): its lower-case words.
    Role(Vec<String>),
    /// Somebody the article does not name ("a spokesman", "a government report").
    Unnamed,
}

#[derive(Debug, Clone)]
pub struct Mention {
    pub span: Range<usize>,
    pub kind: MentionKind,
}

impl Mention {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.clone()]
    }

    /// Whether the mention stands for a person or people the article does not name: a role
    /// (`the spokeswoman`), an unnamed source whose words hold a person noun (`one trader`,
    /// `a source close to the talks`, `officials`), or one with an indefinite article that
    /// names no text (`eine Pflegerin`, `una pendolare`; not `a government report`).
    pub fn is_somebody_unnamed(&self, text: &str) -> bool {
        let words = || {
            self.text(text)
                .split_whitespace()
                .map(|word| fold(word.trim_matches(|c: char| !c.is_alphanumeric())))
        };
        match &self.kind {
            MentionKind::Role(_) => true,
            MentionKind::Unnamed
                if is_indefinite(self.text(text))
                    && self.text(text).split_whitespace().count() > 1
                    && !words().any(|word| TEXT_NOUNS.contains(word.as_str())) =>
            {
                true
            }
            MentionKind::Unnamed => words().any(|word| {
                GROUP_NOUNS.contains(word.as_str())
                    || GROUP_NOUNS.contains(format!("{word}s").as_str())
                    || is_title_word(&word)
            }),
            MentionKind::Pronoun | MentionKind::Dropped | MentionKind::Name(_) => false,
        }
    }
}

/// The tokens of a stretch of text (a block, usually), quotes blanked into single tokens.
/// Built once per block; sentences are views into it.
pub struct TokenBuf<'t> {
    text: &'t str,
    toks: Vec<Tok>,
    /// Lower-cased words, "" for punctuation and quotes (so cues never match across them).
    lower: Vec<Lowered<'t>>,
}

/// A word in lower case: the text itself when it already is, else a short inline copy.
#[derive(Debug, Clone)]
enum Lowered<'t> {
    Text(&'t str),
    Folded(CompactString),
}

impl Lowered<'_> {
    fn as_str(&self) -> &str {
        match self {
            Self::Text(word) => word,
            Self::Folded(word) => word.as_str(),
        }
    }

    fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }
}

impl PartialEq<&str> for Lowered<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for Lowered<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A view of consecutive tokens of a [`TokenBuf`] (a sentence); indices are relative to it.
#[derive(Clone, Copy)]
pub struct Tokens<'a> {
    text: &'a str,
    toks: &'a [Tok],
    lower: &'a [Lowered<'a>],
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '’' | '\'' | '.')
}

/// Where the word starting at `at` ends: ASCII bytes are judged without decoding.
fn word_end(text: &str, mut at: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while at < end {
        let byte = bytes[at];
        if byte.is_ascii() {
            if !(byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'\'' | b'.')) {
                return at;
            }
            at += 1;
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            if !is_word_char(c) {
                return at;
            }
            at += c.len_utf8();
        }
    }
    end
}

impl<'t> TokenBuf<'t> {
    pub fn of(text: &'t str, range: Range<usize>, blanks: &[Range<usize>]) -> Self {
        let mut at = range.start;
        let end = range.end.min(text.len());
        // News prose runs about five bytes a token: one allocation for most blocks.
        let mut toks = Vec::with_capacity(end.saturating_sub(at) / 4 + 1);
        // Blanks are sorted and do not overlap: one cursor walks them with the text.
        let mut next_blank = blanks.partition_point(|b| b.end <= at);
        while at < end {
            while blanks.get(next_blank).is_some_and(|b| b.end <= at) {
                next_blank += 1;
            }
            if let Some(blank) = blanks.get(next_blank).filter(|b| b.start <= at) {
                toks.push(Tok {
                    span: blank.start..blank.end,
                    kind: Kind::Quote,
                });
                at = blank.end.max(at + 1);
                while at < text.len() && !text.is_char_boundary(at) {
                    at += 1;
                }
                continue;
            }
            let byte = text.as_bytes()[at];
            if byte.is_ascii_whitespace() {
                at += 1;
                continue;
            }
            let c = if byte.is_ascii() {
                char::from(byte)
            } else {
                text[at..].chars().next().unwrap_or(' ')
            };
            if c.is_alphanumeric() {
                let word_end = word_end(text, at, end);
                let raw = &text[at..word_end];
                let initials = raw.len() <= 5
                    && raw.contains('.')
                    && raw.chars().filter(|c| c.is_alphabetic()).count() <= 3;
                // A full stop after a word ends the sentence (it becomes a token of its own);
                // the full stops of initials ("U.S.") belong to the word.
                let core = if initials {
                    raw
                } else {
                    raw.trim_end_matches(['.', '-', '’', '\''])
                };
                // A possessive names its owner ("Rubio’s remarks" → Rubio).
                let word = ["’s", "'s"]
                    .iter()
                    .find_map(|suffix| core.strip_suffix(suffix))
                    .unwrap_or(core);
                toks.push(Tok {
                    span: at..at + word.len(),
                    kind: Kind::Word,
                });
                at += core.len();
            } else {
                if !c.is_whitespace() {
                    toks.push(Tok {
                        span: at..at + c.len_utf8(),
                        kind: Kind::Punct(c),
                    });
                }
                at += c.len_utf8();
            }
        }
        // Short words stay inline: no allocation per token.
        let lower: Vec<Lowered> = toks
            .iter()
            .map(|t| match t.kind {
                Kind::Word => {
                    let word = &text[t.span.clone()];
                    if !word
                        .bytes()
                        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
                    {
                        Lowered::Text(word)
                    } else if word.is_ascii() {
                        let mut folded = CompactString::from(word);
                        folded.make_ascii_lowercase();
                        Lowered::Folded(folded)
                    } else {
                        Lowered::Folded(word.chars().flat_map(char::to_lowercase).collect())
                    }
                }
                _ => Lowered::Text(""),
            })
            .collect();
        Self { text, toks, lower }
    }

    /// All the tokens.
    pub fn all(&self) -> Tokens<'_> {
        self.slice(0..self.toks.len())
    }

    /// The tokens that reach into a byte range of the text (a quote that opened in an earlier
    /// block is the first token of the blocks it runs on into).
    pub fn view(&self, range: Range<usize>) -> Tokens<'_> {
        let from = self.toks.partition_point(|t| t.span.end <= range.start);
        let to = self.toks.partition_point(|t| t.span.start < range.end);
        self.slice(from..to.max(from))
    }

    fn slice(&self, range: Range<usize>) -> Tokens<'_> {
        Tokens {
            text: self.text,
            toks: &self.toks[range.clone()],
            lower: &self.lower[range],
        }
    }
}

impl<'a> Tokens<'a> {
    pub fn quote_at(&self, open_at: usize) -> Option<usize> {
        self.toks
            .iter()
            .position(|t| t.kind == Kind::Quote && t.span.start == open_at)
    }

    /// The cue starting at token `at` and its length in tokens, without copying its words.
    fn raw_cue(&self, at: usize) -> Option<(Cue, usize)> {
        if self.lower.get(at)?.is_empty() {
            return None;
        }
        // No cue form is longer than a few words: look only that far ahead, inside the view.
        let mut window = [""; MAX_CUE_WORDS];
        let mut filled = 0;
        for (slot, word) in window.iter_mut().zip(&self.lower[at..]) {
            *slot = word.as_str();
            filled += 1;
        }
        let (cue, len) = CUES.cue_at(&window[..filled], 0)?;
        // `Asked about the title race, …` / `Garrity, asked whether …,`: a passive participle
        // opening a clause, not the verb reporting the quote.
        let opens_clause = at == 0 || self.is_punct(at - 1, &[',', '.']);
        let passive = cue.lemma == "ask"
            && self.lower[at] == "asked"
            && opens_clause
            && self
                .word(at + 1)
                .is_some_and(|w| PASSIVE_ASK_COMPLEMENTS.contains(&w));
        (!passive).then_some((cue, len))
    }

    /// Whether the cue form at token `at` is a noun the quote labels, not its content: `Brandt
    /// dismissed the mayor's promise as “empty words”` (the words are Brandt's), where `the
    /// minister's promise of a deal “within reach”` is the minister's.
    fn labels_the_quote(&self, at: usize) -> bool {
        self.is_noun_use(at) && self.word(at + 1) == Some("as")
    }

    /// Whether the cue form at token `at` is used as a noun: after an article or a possessive
    /// (`the mayor's promise`, `the workers’ demands`; the tokens leave the `'s` out).
    fn is_noun_use(&self, at: usize) -> bool {
        let Some(before) = at.checked_sub(1) else {
            return false;
        };
        let possessive = self.toks[before].kind == Kind::Word
            && ["'s", "’s"]
                .iter()
                .any(|mark| self.text[self.toks[before].span.end..].starts_with(mark));
        possessive
            || self.in_a_phrase(at)
            || self.is_punct(before, &['\'', '’'])
            || self.word(before).is_some_and(|w| NOUN_MAKERS.contains(&w))
    }

    /// Whether the cue form at token `at` is the noun of a phrase like `in a statement` (not
    /// the French auxiliary of `a déclaré`): what the verb before it was said in.
    fn in_a_phrase(&self, at: usize) -> bool {
        at.checked_sub(2).is_some_and(|preposition| {
            self.word(preposition + 1) == Some("a")
                && self
                    .word(preposition)
                    .is_some_and(|w| PREPOSITIONS_BEFORE_A_NOUN.contains(&w))
        })
    }

    fn has_cue(&self, at: usize) -> bool {
        self.raw_cue(at).is_some()
    }

    fn cue_at(&self, at: usize) -> Option<((CompactString, Cue), usize)> {
        let (cue, len) = self.raw_cue(at)?;
        let span = self.toks[at].span.start..self.toks[at + len - 1].span.end;
        Some(((self.text[span].into(), cue), len))
    }

    fn is_punct(&self, at: usize, chars: &[char]) -> bool {
        matches!(self.toks.get(at), Some(Tok { kind: Kind::Punct(c), .. }) if chars.contains(c))
    }

    fn word(&self, at: usize) -> Option<&str> {
        match self.toks.get(at)?.kind {
            Kind::Word => Some(self.lower[at].as_str()),
            _ => None,
        }
    }

    fn capitalised(&self, at: usize) -> bool {
        self.toks.get(at).is_some_and(|t| {
            t.kind == Kind::Word
                && self.text[t.span.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        })
    }

    fn name_word(&self, at: usize) -> bool {
        let Some(lower) = self.lower.get(at).map(Lowered::as_str) else {
            return false;
        };
        if !self.capitalised(at) {
            return false;
        }
        let adverb = lower.ends_with("ly") && lower.len() > 4;
        let word = &self.text[self.toks[at].span.clone()];
        // `L'opposition`, `D'après`: an elided article before a common noun (not `L'Oréal`).
        let elided_article = word
            .char_indices()
            .find(|&(_, c)| c == '\'' || c == '’')
            .filter(|&(i, _)| i <= 3)
            .and_then(|(i, c)| word[i + c.len_utf8()..].chars().next())
            .is_some_and(char::is_lowercase);
        if elided_article {
            return false;
        }
        // Tabloid capitals ("FURIOUS") are emphasis, not a name; short acronyms stay.
        let shouted = word.len() > 4 && !word.chars().any(char::is_lowercase);
        !shouted
            && !adverb
            && !NOT_NAMES.contains(lower)
            && !SUBJECT_PRONOUNS.contains(&lower)
            && !GROUP_NOUNS.contains(lower)
    }

    fn skip_auxiliaries_forward(&self, mut at: usize) -> usize {
        while self.word(at).is_some_and(|w| AUXILIARIES.contains(&w)) {
            at += 1;
        }
        at
    }

    fn skip_auxiliaries_backward(&self, mut at: usize) -> Option<usize> {
        while self.word(at).is_some_and(|w| AUXILIARIES.contains(&w)) {
            at = at.checked_sub(1)?;
        }
        Some(at)
    }

    /// The noun phrase starting at token `at`, with the token after it.
    fn np_forward(&self, at: usize) -> Option<(Mention, usize)> {
        let word = self.word(at)?;
        let span = |from: usize, to: usize| self.toks[from].span.start..self.toks[to - 1].span.end;
        // A word ending the sentence keeps its full stop (`sagte er.`, `said officials.`).
        let bare = word.trim_end_matches('.');
        let bare_span = || self.span_before_stop(at, at + 1);
        // Italian `il` before a noun is its article, not the French pronoun.
        let article = DETERMINERS.contains(&word) && self.word(at + 1).is_some();
        if SUBJECT_PRONOUNS.contains(&bare) && !article {
            return Some((
                Mention {
                    span: bare_span(),
                    kind: MentionKind::Pronoun,
                },
                at + 1,
            ));
        }
        if GROUP_NOUNS.contains(bare) {
            // "officials", "analysts": somebody, but nobody named.
            return Some((
                Mention {
                    span: bare_span(),
                    kind: MentionKind::Unnamed,
                },
                at + 1,
            ));
        }
        // `shop steward Connor Walsh`, `managing director Elif Demir`: a role, then the name.
        if let Some(name) = (at + 1..=at + 3).find(|&n| self.name_word(n))
            && self.role_prefix_start(name) <= at
            && !self.name_word(at)
        {
            let end = self.name_run_forward(name);
            return Some((self.name_mention(at, end), end));
        }
        // An elided article and a role in one word (`L'assessore`), then the name.
        if let Some((article, role)) = word.split_once(['\'', '’'])
            && ["l", "d"].contains(&article)
            && is_title_word(role.trim_end_matches('.'))
        {
            // `L'assessore alla Mobilità, Chiara Lombardi`: the name after the role.
            let (_, stop) = self.role_phrase(at + 1);
            if let Some(found) = self.name_after_role(at, at + 1, stop) {
                return Some(found);
            }
            // A bare role (`l'édile`) is left to the other sieves, as before.
            return None;
        }
        // Dutch `de` is an article before a role (`aldus de wethouder`); elsewhere it is `of`.
        let dutch_article = word == "de" && self.word(at + 1).is_some_and(is_title_word);
        if DETERMINERS.contains(&word) || dutch_article {
            // The role runs to its last title word before the verb: `one state emergency
            // management official said`, `the secretary of state`.
            let (role_end, stop) = self.role_phrase(at + 1);
            if let Some(end) = role_end {
                // `its director general, Malcolm Fairley`.
                if let Some(found) = self.name_after_role(at, end, stop) {
                    return Some(found);
                }
                let words = self.lower[at + 1..end]
                    .iter()
                    .map(|w| w.to_string())
                    .collect();
                return Some((
                    Mention {
                        span: span(at, end),
                        kind: MentionKind::Role(words),
                    },
                    end,
                ));
            }
            // Not after `a`, `eine`, `una`: `eine Pflegerin` is a German noun, not a name.
            if self.name_word(at + 1) && !is_indefinite(word) {
                let end = self.name_run_forward(at + 1);
                return Some((self.name_mention(at + 1, end), end));
            }
            // An unnamed source runs to its verb: `one resident said`, `a government report`.
            // Its first word is its noun, whatever else that word can be ("a report").
            let mut end = if self.word(at + 1).is_some() {
                at + 2
            } else {
                at + 1
            };
            // A cue that is a text's noun is part of it (`a government report said`).
            while end < at + 1 + UNNAMED_MAX_WORDS
                && self.word(end).is_some_and(|w| {
                    !AUXILIARIES.contains(&w) && !["that", "who", "which"].contains(&w)
                })
                && (!self.has_cue(end)
                    || self
                        .word(end)
                        .is_some_and(|w| TEXT_NOUNS.contains(w.trim_end_matches('.'))))
            {
                end += 1;
            }
            return (end > at + 1).then(|| {
                (
                    Mention {
                        span: span(at, end),
                        kind: MentionKind::Unnamed,
                    },
                    end,
                )
            });
        }
        if self.name_word(at) {
            let mut end = self.name_run_forward(at);
            // `Team leader Fiona MacLeod`: the capitalised word was the role's modifier.
            if let Some(name) = (end..=end + 2).find(|&n| self.name_word(n))
                && name > end
                && self.role_prefix_start(name) <= at
            {
                end = self.name_run_forward(name);
            }
            return Some((self.name_mention(at, end), end));
        }
        None
    }

    fn name_run_forward(&self, from: usize) -> usize {
        let mut end = from + 1;
        loop {
            if self.capitalised(end) {
                end += 1;
            } else if self
                .word(end)
                .is_some_and(|w| w == "of" || NAME_PARTICLES.contains(&w))
                && self.capitalised(end + 1)
                && !self.person_then_of(from, end)
            {
                end += 2;
            } else {
                return end;
            }
        }
    }

    /// The bytes of tokens `from..to` without the full stop the last one keeps when it ends
    /// its sentence (`sagte er.`).
    fn span_before_stop(&self, from: usize, to: usize) -> Range<usize> {
        let last = &self.toks[to - 1].span;
        self.toks[from].span.start..last.start + self.text[last.clone()].trim_end_matches('.').len()
    }

    /// The words of a role phrase from token `from` on: where its last title word ends, if
    /// any, and the token that stops it (a verb, an auxiliary, a relative pronoun, a mark).
    fn role_phrase(&self, from: usize) -> (Option<usize>, usize) {
        let mut role_end = None;
        let mut k = from;
        while k < from + ROLE_MAX_WORDS
            && let Some(w) = self.word(k)
            && !AUXILIARIES.contains(&w)
            && !["who", "that", "which"].contains(&w)
            && !self.has_cue(k)
        {
            if is_title_word(w) {
                role_end = Some(k + 1);
            }
            k += 1;
        }
        (role_end, k)
    }

    /// The name a role opening at token `start` and ending before `role_end` introduces,
    /// with the role in its mention: right after the role (`il direttore generale Marco
    /// Ferri`), or in apposition after what the role is of, where the phrase stops at a comma
    /// (`la ministra de Vivienda, Lucía Ferrándiz`).
    fn name_after_role(
        &self,
        start: usize,
        role_end: usize,
        stop: usize,
    ) -> Option<(Mention, usize)> {
        let name = if self.name_word(role_end) {
            role_end
        } else if self.is_punct(stop, &[',']) && self.name_word(stop + 1) {
            stop + 1
        } else {
            return None;
        };
        let name_end = self.name_run_forward(name);
        let mut mention = self.name_mention(name, name_end);
        mention.span.start = self.toks[start].span.start;
        Some((mention, name_end))
    }

    /// `Dana Whitford of Coastline Securities`: a given name and a surname, then `of` and
    /// where the person is from, not one name (`Bank of England`, `Duke of Kent` stay one).
    fn person_then_of(&self, from: usize, of: usize) -> bool {
        if of - from < 2 || self.word(of) != Some("of") {
            return false;
        }
        let place: Vec<String> = (of + 1..)
            .take_while(|&k| self.capitalised(k))
            .map(|k| self.text[self.toks[k].span.clone()].to_string())
            .collect();
        self.word(from).is_some_and(|w| GIVEN_NAMES.contains_key(w)) || is_organisation(&place)
    }

    fn name_mention(&self, from: usize, to: usize) -> Mention {
        let words = (from..to)
            .map(|i| self.text[self.toks[i].span.clone()].to_string())
            .collect();
        Mention {
            span: self.toks[from].span.start..self.toks[to - 1].span.end,
            kind: MentionKind::Name(words),
        }
    }

    /// The noun phrase ending at token `at`.
    fn np_backward(&self, at: usize) -> Option<Mention> {
        let word = self.word(at)?;
        if SUBJECT_PRONOUNS.contains(&word) {
            return Some(Mention {
                span: self.toks[at].span.clone(),
                kind: MentionKind::Pronoun,
            });
        }
        if GROUP_NOUNS.contains(word) {
            return Some(Mention {
                span: self.toks[at].span.clone(),
                kind: MentionKind::Unnamed,
            });
        }
        if self.capitalised(at) {
            let mut from = at;
            loop {
                if from >= 1 && self.capitalised(from - 1) && self.lower[from - 1] != "the" {
                    from -= 1;
                } else if from >= 2
                    && self
                        .word(from - 1)
                        .is_some_and(|w| w == "of" || NAME_PARTICLES.contains(&w))
                    && self.capitalised(from - 2)
                {
                    from -= 2;
                } else {
                    break;
                }
            }
            while from <= at
                && (NOT_NAMES.contains(self.lower[from].as_str())
                    || GROUP_NOUNS.contains(self.lower[from].as_str()))
            {
                from += 1;
            }
            let from = self.role_prefix_start(from);
            return (from <= at).then(|| self.name_mention(from, at + 1));
        }
        if is_title_word(word) {
            let mut from = at;
            while from > 0 && at - from < ROLE_MAX_WORDS {
                from -= 1;
                match self.word(from) {
                    Some("the" | "a" | "an") => {
                        return Some(Mention {
                            span: self.toks[from].span.start..self.toks[at].span.end,
                            kind: MentionKind::Role(
                                self.lower[from + 1..=at]
                                    .iter()
                                    .map(|w| w.to_string())
                                    .collect(),
                            ),
                        });
                    }
                    Some(_) => {}
                    None => return None,
                }
            }
        }
        // `The company said`, `the water board warned`: somebody unnamed, or an organisation
        // named earlier; the noun phrase opens with its article and ends with its noun (not
        // `the US Department of`).
        if crate::lexicon::STOPWORDS.contains(word) {
            return None;
        }
        let from = (at.saturating_sub(UNNAMED_MAX_WORDS)..at)
            .rev()
            .take_while(|&k| self.word(k).is_some())
            .find(|&k| {
                self.word(k)
                    .is_some_and(|w| ["the", "a", "an"].contains(&w))
            })?;
        Some(Mention {
            span: self.toks[from].span.start..self.toks[at].span.end,
            kind: MentionKind::Unnamed,
        })
    }

    /// `“Q,” Okafor said` / `“Q,” said the coach` / `“Q,” he added` / `», a déclaré la
    /// ministre` / `», a-t-elle ajouté` / `“, so Reyke`.
    pub fn tag_after(&self, quote: usize) -> Option<(Mention, (CompactString, Cue))> {
        let mut at = quote + 1;
        if self.is_punct(at, &[',', '—', '–']) {
            at += 1;
        }
        let word = self.word(at)?;
        if let Some(pronoun) = word
            .strip_prefix("a-t-")
            .or_else(|| word.strip_prefix("-t-"))
            && SUBJECT_PRONOUNS.contains(&pronoun)
        {
            let (cue, _) = self.cue_at(at + 1)?;
            let mention = Mention {
                span: self.toks[at].span.clone(),
                kind: MentionKind::Pronoun,
            };
            return Some((mention, cue));
        }
        if let Some(found) = self.verb_pronoun_tag(at) {
            return Some(found);
        }
        let subject_after = |verb: usize, len: usize| {
            self.np_forward(verb + len)
                .map(|(mention, _)| mention)
                .or_else(|| {
                    // Nothing after the verb: its subject is dropped (`», añadió.`). Never a
                    // tag-only cue (`so`), which needs its name.
                    let ends = verb + len >= self.toks.len()
                        || matches!(self.toks[verb + len].kind, Kind::Punct(_));
                    (ends && self.raw_cue(verb).is_some()).then(|| Mention {
                        span: self.span_before_stop(verb, verb + len),
                        kind: MentionKind::Dropped,
                    })
                })
        };
        if INVERTED_AUXILIARIES.contains(&word)
            && let Some((cue, len)) = self.cue_at(at + 1)
        {
            return Some((subject_after(at + 1, len)?, cue));
        }
        if let Some((cue, len)) = self.cue_at(at).or_else(|| self.tag_only_cue_at(at)) {
            return Some((subject_after(at, len)?, cue));
        }
        let (mention, end) = self.np_forward(at)?;
        let cue = self
            .cue_at(self.skip_auxiliaries_forward(end))
            .or_else(|| self.cue_at(self.skip_auxiliaries_forward(self.after_parenthetical(end)?)))
            .or_else(|| {
                // `a spokesperson for the company said`: a short phrase of words, then the verb.
                let verb = (end..(end + TAG_SUBJECT_TAIL_WORDS).min(self.toks.len()))
                    .take_while(|&k| self.word(k).is_some())
                    .find(|&k| self.has_cue(k))?;
                self.cue_at(verb)
            });
        Some((mention, cue?.0))
    }

    /// Offsets of the sentences that open with somebody unnamed: an indefinite article and,
    /// within the next words, a role or a person's noun (`Ein Bahnsprecher`, `A spokeswoman
    /// for the council`, `Un patient`), not `A year ago`.
    fn unnamed_subjects(&self) -> Vec<usize> {
        (0..self.toks.len())
            .filter(|&at| {
                let opens = at == 0
                    || self.is_punct(at - 1, &['.', '!', '?'])
                    || self.toks[at - 1].kind == Kind::Quote;
                opens
                    && self.word(at).is_some_and(is_indefinite)
                    && (at + 1..(at + 4).min(self.toks.len()))
                        .take_while(|&k| self.word(k).is_some())
                        .any(|k| self.word(k).is_some_and(is_title_word))
            })
            .map(|at| self.toks[at].span.start)
            .collect()
    }

    /// A French inverted tag in one word, the verb joined to its pronoun: `», poursuit-elle`,
    /// `», confie-t-il`, `», prévient-il.`.
    fn verb_pronoun_tag(&self, at: usize) -> Option<(Mention, (CompactString, Cue))> {
        let span = self.toks.get(at)?.span.clone();
        let written = self.text[span.clone()].trim_end_matches('.');
        let (verb, pronoun) = written.rsplit_once('-')?;
        let verb = verb.strip_suffix("-t").unwrap_or(verb);
        let lower_verb = verb.to_lowercase();
        let lower_pronoun = pronoun.to_lowercase();
        if !SUBJECT_PRONOUNS.contains(&lower_pronoun.as_str()) {
            return None;
        }
        let (cue, 1) = CUES.cue_at(&[lower_verb.as_str()], 0)? else {
            return None;
        };
        let pronoun_start = span.start + written.len() - pronoun.len();
        let mention = Mention {
            span: pronoun_start..pronoun_start + pronoun.len(),
            kind: MentionKind::Pronoun,
        };
        Some((mention, (verb.into(), cue)))
    }

    /// The token after a parenthetical between commas opening at token `at` (`, who asked not
    /// to be named,` / `, 54,`), so the cue after it is found.
    fn after_parenthetical(&self, at: usize) -> Option<usize> {
        if !self.is_punct(at, &[',']) {
            return None;
        }
        let close = (at + 1..(at + 1 + PARENTHETICAL_MAX_TOKENS).min(self.toks.len()))
            .take_while(|&k| self.toks[k].kind != Kind::Quote)
            .find(|&k| self.is_punct(k, &[',']))?;
        Some(close + 1)
    }

    /// Cues that attribute only right after a quote (German `„…“, so Reyke`).
    fn tag_only_cue_at(&self, at: usize) -> Option<((CompactString, Cue), usize)> {
        let word = self.word(at)?;
        let cue = crate::lexicon::TAG_ONLY_CUES
            .iter()
            .find(|c| c.lemma == word)?;
        Some(((self.text[self.toks[at].span.clone()].into(), *cue), 1))
    }

    /// `Okafor said: “Q”` / `Okafor told reporters, “Q”` / `said on Friday that “Q”`.
    pub fn lead_in(&self, quote: usize) -> Option<(Mention, (CompactString, Cue))> {
        let last = quote.checked_sub(1)?;
        let floor = quote.saturating_sub(LEAD_IN_MAX_TOKENS);
        let cue_at = (floor..=last)
            .rev()
            .take_while(|&i| self.toks[i].kind != Kind::Quote)
            .find(|&i| self.has_cue(i) && !self.labels_the_quote(i) && !self.in_a_phrase(i))?;
        let (cue, len) = self.cue_at(cue_at)?;
        if let Some(mention) = self.subject_of_cue(cue_at) {
            return Some((mention, cue));
        }
        // `Said Okafor: “Q”`: the subject follows only a cue that opens the sentence or a
        // clause. After a subject not taken for a mention, the words after the cue are its
        // object (`The port's statement called the walkout “reckless”`).
        let opens = cue_at == 0
            || self.is_punct(cue_at - 1, &[',', ':', ';', '—', '–'])
            || self
                .word(cue_at - 1)
                .is_some_and(|w| OPENING_CONJUNCTIONS.contains(&w));
        if !opens {
            return None;
        }
        let (mention, _) = self.np_forward(cue_at + len)?;
        Some((mention, cue))
    }

    /// The subject of the cue at token `at`: the noun phrase before it (past auxiliaries), the
    /// antecedent of `who`, or the sentence's subject for a participle (`noting that …`) or a
    /// verb coordinated with an earlier one (`… but acknowledged that …`).
    fn subject_of_cue(&self, at: usize) -> Option<Mention> {
        let participle = self.lower[at].as_str().ends_with("ing");
        let before = at
            .checked_sub(1)
            .and_then(|b| self.skip_auxiliaries_backward(b));
        match before {
            _ if participle => self.sentence_subject(),
            Some(b)
                if self
                    .word(b)
                    .is_some_and(|w| ["and", "but", "or"].contains(&w)) =>
            {
                self.sentence_subject()
            }
            // `Rohan Mehta, chief economist at Tasman Capital, argued`: the appositive ends
            // right before the cue; the subject opens the sentence.
            Some(b) if self.is_punct(b, &[',']) => self.sentence_subject(),
            Some(b) if self.word(b) == Some("who") => {
                let mut k = b.checked_sub(1)?;
                if self.is_punct(k, &[',']) {
                    k = k.checked_sub(1)?;
                }
                self.np_backward(k)
            }
            Some(b) => self.np_backward(b),
            None => None,
        }
    }

    /// `according to X` (`selon X`, `laut X`) anywhere in the sentence.
    pub fn according_to(&self) -> Option<(Mention, (CompactString, Cue))> {
        let at = (0..self.toks.len()).find(|&i| {
            self.raw_cue(i)
                .is_some_and(|(cue, _)| ACCORDING_TO.contains(&cue.lemma))
        })?;
        let (cue, len) = self.cue_at(at)?;
        let (mention, _) = self.np_forward(at + len)?;
        Some((mention, cue))
    }

    /// The subject of the sentence: its first noun phrase after any opening conjunction, or
    /// the first after an opening adverbial (`On Friday, Rubio …`).
    pub fn sentence_subject(&self) -> Option<Mention> {
        let mut start = 0;
        while self
            .word(start)
            .is_some_and(|w| OPENING_CONJUNCTIONS.contains(&w))
        {
            start += 1;
        }
        if let Some((mention, _)) = self.np_forward(start) {
            return Some(mention);
        }
        let comma = self.toks.iter().position(|t| t.kind == Kind::Punct(','))?;
        self.np_forward(comma + 1).map(|(m, _)| m)
    }

    /// Token indices of the sentence's cues, nearest to the quote first: those before it, then
    /// those after (not their noun uses: `he “finally” answered the president's demands`).
    fn cues_by_distance(&self, quote: usize) -> Vec<usize> {
        let cues: Vec<usize> = (0..self.toks.len())
            .filter(|&i| {
                self.has_cue(i)
                    && if i < quote {
                        !self.labels_the_quote(i)
                    } else {
                        !self.is_noun_use(i)
                    }
            })
            .collect();
        let (before, after): (Vec<usize>, Vec<usize>) = cues.into_iter().partition(|&i| i < quote);
        before.into_iter().rev().chain(after).collect()
    }

    /// The subject of the reporting cue (outside quotes) nearest the quote.
    pub fn cue_subject(&self, quote: usize) -> Option<(Mention, (CompactString, Cue))> {
        for at in self.cues_by_distance(quote) {
            let Some((cue, _)) = self.cue_at(at) else {
                continue;
            };
            if ACCORDING_TO.contains(&cue.1.lemma) {
                continue;
            }
            // A bare form that is also a noun ("signal", "report") reports speech only when
            // what follows reads like its complement (`signal that …`).
            let (written, lemma) = (self.lower[at].as_str(), cue.1.lemma);
            let complement = self
                .word(at + 1)
                .is_none_or(|w| BARE_CUE_COMPLEMENTS.contains(&w));
            if written == lemma && !complement {
                continue;
            }
            let mention = self.subject_of_cue(at);
            if let Some(mention) = mention {
                return Some((mention, cue));
            }
        }
        None
    }

    /// `The minister also reported …: “Q”`: the subject of a sentence ending in a colon, with
    /// the cue nearest before the colon.
    pub fn colon_intro(&self, quote: usize) -> Option<(Mention, Option<(CompactString, Cue)>)> {
        let before = quote.checked_sub(1)?;
        if !self.is_punct(before, &[':', '—', '–']) {
            return None;
        }
        let cue = (0..before)
            .rev()
            .find_map(|i| self.cue_at(i).map(|(cue, _)| cue));
        Some((self.sentence_subject()?, cue))
    }

    /// The reporting cue of the sentence nearest the quote, as written.
    pub fn nearest_cue(&self, quote: usize) -> Option<(CompactString, Cue)> {
        self.cues_by_distance(quote)
            .into_iter()
            .find_map(|i| self.cue_at(i).map(|(cue, _)| cue))
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// A role noun phrase ending at token `last` (`La ministre des Transports`): its words, from
    /// the determiner on.
    fn role_ending_at(&self, last: usize) -> Option<Vec<String>> {
        let floor = last.saturating_sub(ROLE_MAX_WORDS);
        // The farthest article that still has a title after it: `La ministre de la Culture`.
        let det = (floor..=last)
            .rev()
            .take_while(|&k| self.word(k).is_some())
            .filter(|&k| self.word(k).is_some_and(|w| DETERMINERS.contains(&w)))
            .filter(|&k| (k + 1..=last).any(|i| self.word(i).is_some_and(is_title_word)))
            .last()?;
        let titled = self.lower[det + 1..=last]
            .iter()
            .any(|w| is_title_word(w.as_str()));
        let words = (det + 1..=last)
            .map(|k| self.text[self.toks[k].span.clone()].to_string())
            .collect();
        titled.then_some(words)
    }

    /// Where a name starting at token `name` really starts once the role words before it are
    /// counted: `managing director Elif Demir`, `Team leader Fiona MacLeod`, `shop steward …`.
    fn role_prefix_start(&self, name: usize) -> usize {
        let mut from = name;
        while from > 0 && self.word(from - 1).is_some_and(is_title_word) {
            from -= 1;
        }
        // One modifier before the role: `managing director`, `Artistic director`, `shop steward`.
        if from < name
            && from > 0
            && self.word(from - 1).is_some_and(|w| {
                w.chars().all(char::is_alphabetic)
                    && !DETERMINERS.contains(&w)
                    && !NOT_NAMES.contains(w)
                    && !LOCATION_PREPOSITIONS.contains(&w)
                    && !AUXILIARIES.contains(&w)
                    && self.raw_cue(from - 1).is_none()
            })
        {
            from -= 1;
        }
        from
    }

    /// Every name of the tokens, with how it stands in its sentence.
    fn names_seen(&self) -> Vec<NameSeen> {
        let mut names = Vec::new();
        let mut at = 0;
        while at < self.toks.len() {
            if !self.name_word(at) {
                at += 1;
                continue;
            }
            let end = self.name_run_forward(at);
            // `eine Pflegerin`, `ein Anwohner`: a German noun after its article, not a name.
            if at
                .checked_sub(1)
                .and_then(|b| self.word(b))
                .is_some_and(is_indefinite)
            {
                at = end;
                continue;
            }
            let after = self.skip_auxiliaries_forward(end);
            let ends_clause = end >= self.toks.len()
                || matches!(self.toks[end].kind, Kind::Punct(_) | Kind::Quote);
            let name_start = at;
            let role_start = self.role_prefix_start(at);
            // `said Okafor.` / `aldus fractievoorzitter Bram Hoekstra.` / `ha detto il
            // segretario Paolo Benedetti.`: the name ends an inverted tag.
            let mut tag_subject_start = role_start;
            while tag_subject_start > 0
                && self
                    .word(tag_subject_start - 1)
                    .is_some_and(|w| DETERMINERS.contains(&w))
            {
                tag_subject_start -= 1;
            }
            // (`told BBC Radio Hartley.` names whom it was told.)
            let inverted = ends_clause
                && tag_subject_start.checked_sub(1).is_some_and(|b| {
                    self.raw_cue(b)
                        .is_some_and(|(cue, len)| len == 1 && cue.lemma != "tell")
                        || self.tag_only_cue_at(b).is_some()
                });
            let mut start = role_start;
            while start > 0
                && self
                    .word(start - 1)
                    .is_some_and(|w| DETERMINERS.contains(&w) || OPENING_CONJUNCTIONS.contains(&w))
            {
                start -= 1;
            }
            let opens_sentence = start == 0
                || self.is_punct(start - 1, &['.', '!', '?'])
                || self.toks[start - 1].kind == Kind::Quote;
            // `Her neighbour, Andre Toussaint, said` / `Solheim, 58, said`: a name in apposition
            // to the subject, or the subject itself, then a parenthetical, then the verb. (Not
            // `the mayor of Eskerby, confirmed`: a name inside the apposition.)
            let apposed_to_subject = opens_sentence || self.is_punct(start.wrapping_sub(1), &[',']);
            let speaks_after_comma = apposed_to_subject
                && self.is_punct(end, &[','])
                && [
                    Some(end + 1),
                    self.after_parenthetical(end),
                    // `her son, Daniel Thorne, who said the cause was …`
                    (self.word(end + 1) == Some("who")).then_some(end + 2),
                ]
                .into_iter()
                .flatten()
                .any(|k| self.has_cue(self.skip_auxiliaries_forward(k)));
            let speaks = self.has_cue(after) || inverted || speaks_after_comma;
            let appositive = role_start >= 2
                && self.is_punct(role_start - 1, &[','])
                && self.word(role_start - 2).is_some_and(is_title_word);
            let located = name_start
                .checked_sub(1)
                .and_then(|b| self.word(b))
                .is_some_and(|w| LOCATION_PREPOSITIONS.contains(&w));
            // `The transport minister, Clara Venn,` / `Clara Venn, the transport minister,`: the
            // role in apposition is hers.
            let role_before = (role_start >= 2 && self.is_punct(role_start - 1, &[',']))
                .then(|| self.role_ending_at(role_start - 2))
                .flatten();
            let role_after = self
                .is_punct(end, &[','])
                .then(|| match self.np_forward(end + 1) {
                    Some((
                        Mention {
                            kind: MentionKind::Role(words),
                            ..
                        },
                        _,
                    )) => Some(words),
                    _ => None,
                })
                .flatten();
            // `But another parent, Mark Ellis, was less sympathetic`: a name between commas
            // after the short noun phrase that opens the sentence is its subject.
            let apposed_to_opening =
                start >= 2 && self.is_punct(start - 1, &[',']) && self.is_punct(end, &[',']) && {
                    let mut phrase = start - 1;
                    while phrase > 0
                        && start - 1 - phrase < APPOSED_OPENING_MAX_WORDS
                        && self.word(phrase - 1).is_some()
                    {
                        phrase -= 1;
                    }
                    let opens = phrase == 0
                        || self.is_punct(phrase - 1, &['.', '!', '?'])
                        || self.toks[phrase - 1].kind == Kind::Quote;
                    opens
                        && phrase < start - 1
                        && self.word(phrase).is_some_and(|w| {
                            DETERMINERS.contains(&w) || OPENING_CONJUNCTIONS.contains(&w)
                        })
                };
            let appositive = appositive || role_before.is_some() || apposed_to_opening;
            let apposed_role = role_before.or(role_after).unwrap_or_default();
            names.push(NameSeen {
                mention: self.name_mention(role_start, end),
                speaks,
                subject: speaks || opens_sentence || appositive,
                located,
                apposed_role,
            });
            at = end;
        }
        names
    }

    fn names(&self) -> Vec<Mention> {
        let mut names = Vec::new();
        let mut at = 0;
        while at < self.toks.len() {
            if self.name_word(at) {
                let end = self.name_run_forward(at);
                names.push(self.name_mention(at, end));
                at = end;
            } else {
                at += 1;
            }
        }
        names
    }

    /// Whether the sentence names any person the document knows.
    pub fn names_a_person(&self, people: &People) -> bool {
        self.names().iter().any(|m| people.person_name(m).is_some())
    }

    /// The one person the sentence names, if exactly one.
    pub fn sole_name(&self, people: &People) -> Option<Mention> {
        let mut found: Option<(Mention, String)> = None;
        for mention in self.names() {
            let Some(person) = people.person_name(&mention) else {
                continue;
            };
            match &found {
                Some((_, seen)) if *seen != person => return None,
                Some(_) => {}
                None => found = Some((mention, person)),
            }
        }
        found.map(|(m, _)| m)
    }

    /// The first person the sentence names.
    pub fn first_name(&self, people: &People) -> Option<Mention> {
        self.names()
            .into_iter()
            .find(|m| people.person_name(m).is_some())
    }
}

/// A name as it stands in its sentence.
struct NameSeen {
    mention: Mention,
    /// The subject (or inverted subject) of a reporting cue.
    speaks: bool,
    /// In subject position: it speaks, opens its sentence, or is in apposition to a role.
    subject: bool,
    /// Right after a preposition of place (`in Port Aldane`): a place, unless known otherwise.
    located: bool,
    /// The words of a role set in apposition before it (`the transport minister, Clara Venn`).
    apposed_role: Vec<String>,
}

/// Prepositions after which a capitalised name is a place.
const LOCATION_PREPOSITIONS: &[&str] = &[
    "in", "at", "from", "to", "near", "outside", "inside", "across", "into", "towards", "via", "à",
    "en", "dans", "depuis", "aus", "nach", "bei", "im", "am", "au", "aux", "vom", "zum", "zur",
    "del", "nel", "nella", "em", "no", "na", "op", "uit",
];

/// A person of a document: the fullest name seen, and the roles given.
#[derive(Debug, Clone)]
struct Person {
    name: Vec<String>,
    role: Vec<String>,
    /// Offsets where the person is named (full name or surname), in order.
    named_at: Vec<usize>,
    /// The offsets of `named_at` where the mention is in subject position.
    subject_at: Vec<usize>,
    /// What pronouns refer to this person with: from the given name or a title, else learned
    /// from a pronoun that could only mean this person.
    gender: Cell<Option<Gender>>,
    /// `role`, lower-cased, for matching role mentions.
    role_folded: Vec<String>,
}

impl Person {
    /// Whether the person is named within a byte range of the text.
    fn named_in(&self, range: Range<usize>) -> bool {
        self.named_at.iter().any(|at| range.contains(at))
    }

    fn new(name: Vec<String>, role: Vec<String>, at: usize, subject: bool) -> Self {
        let gender = role
            .iter()
            .find_map(|r| title_gender(&fold(r)))
            .or_else(|| GIVEN_NAMES.get(fold(name.first()?).as_str()).copied());
        Self {
            role_folded: role.iter().map(|r| fold(r)).collect(),
            name,
            role,
            named_at: vec![at],
            subject_at: if subject { vec![at] } else { Vec::new() },
            gender: Cell::new(gender),
        }
    }
}

/// An organisation a document names: its name, the folded last word of it (the head a role-like
/// mention uses: "the board"), and where it is named, in order.
struct Organisation {
    name: String,
    head: String,
    named_at: Vec<usize>,
}

/// The people and organisations a document names.
pub struct People {
    people: Vec<Person>,
    /// Organisations named, with where: a role-like mention ("the water board") can stand for
    /// one ("the Northern Water Board").
    organisations: Vec<Organisation>,
    /// Where a sentence opens with somebody unnamed (`Ein Bahnsprecher wies …`, `A spokesman
    /// for the club said`): a pronoun after it, before anyone named, is theirs.
    unnamed_subject_at: Vec<usize>,
}

fn fold(word: &str) -> String {
    let word = word.trim_end_matches('.');
    word.to_lowercase()
}

/// Splits "Russian President Vladimir Putin" into its role ("Russian President") and name
/// ("Vladimir Putin"): the role runs to the last title word that still leaves a name after it.
fn split_title(words: &[String]) -> (Vec<String>, Vec<String>) {
    let lower = |w: &String| {
        if w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
            fold(w)
        } else {
            w.clone()
        }
    };
    // "of" and "the" belong to a title only between title words ("Secretary of State").
    let is_title = |index: usize| {
        let word = lower(&words[index]);
        if word == "of" || word == "the" {
            return words
                .get(index + 1)
                .is_some_and(|next| is_title_word(lower(next).as_str()))
                && index > 0
                && is_title_word(lower(&words[index - 1]).as_str());
        }
        is_title_word(word.as_str())
    };
    let split = match (0..words.len()).rposition(is_title) {
        Some(last) if last + 1 < words.len() => last + 1,
        Some(_) if (0..words.len()).all(is_title) => words.len(),
        _ => 0,
    };
    (words[..split].to_vec(), words[split..].to_vec())
}

/// A name made with a word of organisations ("Anti-Defamation League", "Bank of Valdoria") or
/// an acronym ("NATO").
fn is_organisation(words: &[String]) -> bool {
    let Some(last) = words.last() else {
        return false;
    };
    words
        .iter()
        .any(|w| ORGANISATION_WORDS.contains(fold(w).as_str()))
        || (last.len() >= 2 && last.chars().all(|c| c.is_uppercase()))
}

/// An organisation's name as a speaker: without a leading article ("the White House").
fn organisation_name(words: &[String]) -> String {
    words
        .iter()
        .skip_while(|w| NOT_NAMES.contains(fold(w).as_str()))
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name made with a word of places ("River Tamsin", "Harwick Junction").
fn is_place(words: &[String]) -> bool {
    words.iter().any(|w| PLACE_WORDS.contains(fold(w).as_str()))
}

impl People {
    /// The people named in a document outside its quotes.
    pub fn find(doc: &Document, buffers: &[TokenBuf]) -> Self {
        let mut people: Vec<Person> = Vec::new();
        let mut organisations = Vec::new();
        let mut unnamed_subject_at = Vec::new();
        for (block, buffer) in doc.blocks.iter().zip(buffers) {
            if crate::lexicon::is_furniture(&doc.text[block.span()]) {
                continue;
            }
            let tokens = buffer.all();
            unnamed_subject_at.extend(tokens.unnamed_subjects());
            for seen in tokens.names_seen() {
                let mention = &seen.mention;
                let MentionKind::Name(words) = &mention.kind else {
                    continue;
                };
                let (mut role, name) = split_title(words);
                if is_organisation(words) && (name.is_empty() || is_organisation(&name)) {
                    let name = organisation_name(words);
                    match organisations
                        .iter_mut()
                        .find(|o: &&mut Organisation| o.name == name)
                    {
                        Some(known) => known.named_at.push(mention.span.start),
                        None => organisations.push(Organisation {
                            head: fold(name.rsplit(' ').next().unwrap_or("")),
                            name,
                            named_at: vec![mention.span.start],
                        }),
                    }
                    continue;
                }
                if name.is_empty() || is_place(&name) {
                    continue;
                }
                if role.is_empty() {
                    role.clone_from(&seen.apposed_role);
                }
                let known = people.iter_mut().find(|p| compatible(&p.name, &name));
                match known {
                    Some(person) => {
                        if name.len() > person.name.len() {
                            person.name = name;
                        }
                        if person.role.is_empty() && !role.is_empty() {
                            person.role_folded = role.iter().map(|r| fold(r)).collect();
                            person.role = role;
                        }
                        person.named_at.push(mention.span.start);
                        if seen.subject {
                            person.subject_at.push(mention.span.start);
                        }
                    }
                    None if (name.len() >= 2 && !seen.located)
                        || !role.is_empty()
                        || seen.speaks =>
                    {
                        people.push(Person::new(name, role, mention.span.start, seen.subject));
                    }
                    None => {}
                }
            }
        }
        Self {
            people,
            organisations,
            unnamed_subject_at,
        }
    }

    /// The people found, for the corpus-wide pass.
    pub fn seen(&self) -> Vec<super::PersonSeen> {
        self.people
            .iter()
            .map(|p| super::PersonSeen {
                name: p.name.join(" ").into(),
                role: p.role.join(" ").into(),
            })
            .collect()
    }

    /// The person named last before `at` (only mentions in subject position when `subjects`).
    fn latest_before(
        &self,
        at: usize,
        subjects: bool,
        wanted: impl Fn(&Person) -> bool,
    ) -> Option<&Person> {
        self.people
            .iter()
            .filter(|p| wanted(p))
            .filter_map(|p| {
                let offsets = if subjects { &p.subject_at } else { &p.named_at };
                let before = offsets.partition_point(|&n| n < at);
                let last = *offsets.get(before.checked_sub(1)?)?;
                Some((last, p))
            })
            .max_by_key(|&(last, _)| last)
            .map(|(_, p)| p)
    }

    /// The person (or organisation) a name mention stands for, by name alone.
    pub fn person_name(&self, mention: &Mention) -> Option<String> {
        let MentionKind::Name(words) = &mention.kind else {
            return None;
        };
        let (_, name) = split_title(words);
        if name.is_empty() || is_organisation(&name) {
            return None;
        }
        let matches: Vec<&Person> = self
            .people
            .iter()
            .filter(|p| compatible(&p.name, &name))
            .collect();
        match matches.as_slice() {
            [one] => Some(one.name.join(" ")),
            _ => None,
        }
    }

    /// Who a mention names: a person's fullest name, an organisation's name, or nobody.
    pub fn resolve(&self, mention: &Mention, text: &str) -> Option<String> {
        match &mention.kind {
            MentionKind::Pronoun => {
                let word = fold(mention.text(text));
                let word = word.rsplit('-').next().unwrap_or(&word);
                if matches!(word, "they" | "it") {
                    return None;
                }
                let wanted = pronoun_gender(word);
                let agrees = |p: &Person| {
                    wanted.is_none() || p.gender.get().is_none() || p.gender.get() == wanted
                };
                // The latest person in subject position, else the latest named at all; nobody
                // when somebody unnamed opened a sentence since.
                let person = self
                    .latest_before(mention.span.start, true, agrees)
                    .or_else(|| self.latest_before(mention.span.start, false, agrees))?;
                if self
                    .unnamed_since(mention.span.start)
                    .is_some_and(|unnamed| !person.named_in(unnamed..mention.span.start))
                {
                    return None;
                }
                // The pronoun could only mean this person: it tells their gender from now on.
                if person.gender.get().is_none() {
                    person.gender.set(wanted);
                }
                Some(person.name.join(" "))
            }
            // The verb's subject is who the sentences before were about: the person named last.
            MentionKind::Dropped => Some(
                self.latest_before(mention.span.start, false, |_| true)?
                    .name
                    .join(" "),
            ),
            MentionKind::Unnamed => {
                // "the water board" for "the Northern Water Board" named earlier.
                let head = fold(mention.text(text).rsplit(' ').next()?);
                self.organisations
                    .iter()
                    .filter(|o| o.head == head)
                    .filter_map(|o| {
                        let before = o.named_at.partition_point(|&n| n < mention.span.start);
                        Some((*o.named_at.get(before.checked_sub(1)?)?, o))
                    })
                    .max_by_key(|&(last, _)| last)
                    .map(|(_, o)| o.name.clone())
            }
            // `a spokesperson`, `one official`: somebody the article does not name.
            MentionKind::Role(_) if is_indefinite(mention.text(text)) => None,
            MentionKind::Role(words) => {
                let heads: Vec<&String> =
                    words.iter().filter(|w| is_title_word(w.as_str())).collect();
                // Capitalised qualifiers ("the Russian president") must be part of the role.
                let qualifiers: Vec<String> = mention
                    .text(text)
                    .split_whitespace()
                    .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .map(|w| {
                        let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
                        fold(
                            w.strip_suffix("’s")
                                .or_else(|| w.strip_suffix("'s"))
                                .unwrap_or(w),
                        )
                    })
                    .filter(|w| !is_title_word(w.as_str()) || w.len() <= 3)
                    .filter(|w| w != "the")
                    .collect();
                let holds_role = |p: &Person| {
                    let role = &p.role_folded;
                    // German compounds hold their head: "Landesumweltministerin" is a Ministerin.
                    heads
                        .iter()
                        .any(|h| role.iter().any(|r| r == *h || r.ends_with(h.as_str())))
                        && qualifiers.iter().all(|q| role.contains(q))
                };
                // A headline's "Minister says …" names the person the article introduces later.
                self.latest_before(mention.span.start, false, holds_role)
                    .or_else(|| self.people.iter().find(|p| holds_role(p)))
                    .map(|p| p.name.join(" "))
            }
            MentionKind::Name(words) => {
                let (role, name) = split_title(words);
                if is_organisation(words) && (name.is_empty() || is_organisation(&name)) {
                    return Some(organisation_name(words));
                }
                if name.is_empty() {
                    let role_mention = Mention {
                        span: mention.span.clone(),
                        kind: MentionKind::Role(role.iter().map(|w| fold(w)).collect()),
                    };
                    return self.resolve(&role_mention, text);
                }
                if is_organisation(&name) {
                    return Some(name.join(" "));
                }
                let matches: Vec<&Person> = self
                    .people
                    .iter()
                    .filter(|p| compatible(&p.name, &name))
                    .collect();
                // `Grainfield said` for the Grainfield Foods named earlier: a company by the
                // first word of its name, unless a person's full name ends with it.
                if let [word] = name.as_slice()
                    && matches.iter().all(|p| p.name.len() == 1)
                    && let Some(organisation) = self.organisation_by_first_word(word, mention)
                {
                    return Some(organisation);
                }
                // Two people share the surname: the one named before is meant, when only one
                // is (`Agnes MacRae … MacRae recalls` before her son Iain MacRae appears).
                let named_before: Vec<&&Person> = matches
                    .iter()
                    .filter(|p| {
                        p.named_at
                            .first()
                            .is_some_and(|&at| at < mention.span.start)
                    })
                    .collect();
                if matches.len() > 1
                    && let [one] = named_before.as_slice()
                {
                    return Some(one.name.join(" "));
                }
                match matches.as_slice() {
                    [one] => Some(one.name.join(" ")),
                    // A lone word names nobody known: a capitalised word, not a person.
                    [] if name.len() == 1 => None,
                    _ if is_place(&name) => None,
                    _ => Some(name.join(" ")),
                }
            }
        }
    }

    /// Where the last sentence before `at` that opens with somebody unnamed starts.
    fn unnamed_since(&self, at: usize) -> Option<usize> {
        let before = self.unnamed_subject_at.partition_point(|&u| u < at);
        self.unnamed_subject_at.get(before.checked_sub(1)?).copied()
    }

    /// Whether a pronoun stands for somebody unnamed: a sentence opened with them (`One City
    /// fan summed up the mood.`) after the last person named before it.
    pub fn pronoun_means_somebody_unnamed(&self, mention: &Mention) -> bool {
        mention.kind == MentionKind::Pronoun
            && self
                .unnamed_since(mention.span.start)
                .is_some_and(|unnamed| {
                    let since = unnamed..mention.span.start;
                    !self.people.iter().any(|p| p.named_in(since.clone()))
                })
    }

    /// The organisation of several words, named before `mention`, whose name opens with
    /// `word`, when there is exactly one.
    fn organisation_by_first_word(&self, word: &str, mention: &Mention) -> Option<String> {
        let mut named = self.organisations.iter().filter(|o| {
            o.name.contains(' ')
                && o.named_at
                    .first()
                    .is_some_and(|&at| at < mention.span.start)
                && o.name
                    .split(' ')
                    .next()
                    .is_some_and(|first| same_word(first, word))
        });
        let organisation = named.next()?;
        named.next().is_none().then(|| organisation.name.clone())
    }

    /// Names of people in a stretch of text (for deciding whether the floor changed hands).
    pub fn names_in<'a>(&'a self, stretch: &'a str) -> impl Iterator<Item = String> + 'a {
        let buffer = TokenBuf::of(stretch, 0..stretch.len(), &[]);
        let tokens = buffer.all();
        tokens
            .names()
            .into_iter()
            .filter_map(move |m| self.person_name(&m))
            .collect::<Vec<_>>()
            .into_iter()
    }
}

/// Two name forms of one person: the same surname, and given names that don't conflict.
fn compatible(a: &[String], b: &[String]) -> bool {
    let (Some(last_a), Some(last_b)) = (a.last(), b.last()) else {
        return false;
    };
    // A surname with its particle ("De Vries", "van der Berg") matches the full name it ends.
    let surname_only = |name: &[String]| {
        name[..name.len() - 1]
            .iter()
            .all(|w| NAME_PARTICLES.contains(&fold(w).as_str()))
    };
    let ends_with = |full: &[String], surname: &[String]| {
        full.len() > surname.len()
            && full[full.len() - surname.len()..]
                .iter()
                .zip(surname)
                .all(|(x, y)| same_word(x, y))
    };
    if (a.len() >= 2 && surname_only(a) && ends_with(b, a))
        || (b.len() >= 2 && surname_only(b) && ends_with(a, b))
    {
        return true;
    }
    // A lone surname matches either part of a double one ("Moreno" in "Rafael Moreno Iglesias").
    let (single, full) = match (a.len(), b.len()) {
        (1, n) if n >= 3 => (Some(last_a), b),
        (n, 1) if n >= 3 => (Some(last_b), a),
        _ => (None, a),
    };
    if let Some(single) = single {
        return full[1..].iter().any(|w| same_word(w, single));
    }
    if !same_word(last_a, last_b) {
        return false;
    }
    match (a.first(), b.first()) {
        (Some(x), Some(y)) if a.len() > 1 && b.len() > 1 => same_word(x, y),
        _ => true,
    }
}

/// Case-insensitive equality without allocating for the common ASCII case.
fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        fold(a) == fold(b)
    }
}
