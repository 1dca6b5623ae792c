//! What the scanned quotes are: `headline`, `direct` or `fragment`, or not a quotation at all
//! (a label, a nickname, a title, a scare-quoted term nobody is presented as saying), and which
//! quote resumes an interrupted one.
//!
//! Decisions look only at the quote's own sentence: the words before it (the lead) and after it
//! (the tail), each bounded, so classification stays linear in the text.

use std::borrow::Cow;
use std::ops::Range;

use super::{Quote, QuoteKind, RawQuote, Rejected};
use crate::corpus::{BlockRole, Document};
use crate::lexicon::{ABBREVIATIONS, CUES, LABEL_MARKERS};

/// How far back (bytes) a quote's sentence may start.
const MAX_LEAD: usize = 600;
/// How far on (bytes) a quote's sentence may end.
const MAX_TAIL: usize = 600;
/// An embedded quote of at most this many words needs a reporting cue in its sentence to count
/// as somebody's words.
const SCARE_QUOTE_MAX_WORDS: usize = 6;
/// An embedded quote starting with a capital and at least this long is a quoted clause.
const DIRECT_MIN_WORDS: usize = 6;
/// A quoted whole sentence (capital to full stop) of at least this many words is direct, wherever
/// it stands.
const WHOLE_SENTENCE_MIN_WORDS: usize = 3;
/// Words after a quote within which a tag's cue must come (`,” the junior minister said`).
const TAG_MAX_WORDS: usize = 5;
/// Bytes at the end of a lead that can hold a label marker ("so-called", "known as").
const LABEL_MARKER_MAX_BYTES: usize = 24;
/// Word counts above this make no difference to any decision.
const WORD_COUNT_CAP: usize = 16;
/// Bytes at the start of a paragraph that can hold an attribution such as `She added that`.
const MAX_ATTRIBUTION_HEAD: usize = 64;
/// Bytes at the end of a text that hold its last few words.
const CUE_WINDOW_BYTES: usize = 60;
/// Words between two quotes that an interrupting attribution may span.
const MAX_INTERRUPTION_WORDS: usize = 12;

pub(super) fn classify(doc: &Document, raw: Vec<RawQuote>) -> (Vec<Quote>, Vec<Rejected>) {
    let text = doc.text.as_str();
    let mut quotes: Vec<Quote> = Vec::with_capacity(raw.len());
    let mut rejected = Vec::new();
    for quote in raw {
        let block = &doc.blocks[quote.block];
        let kind = if quote.speaker_label.is_some() {
            Ok(QuoteKind::Direct)
        } else {
            kind_of(text, block.span(), block.role, &quote)
        };
        match kind {
            Ok(kind) => {
                let continues = quotes
                    .last()
                    .filter(|previous| resumes(text, previous, &quote))
                    .map(|_| quotes.len() - 1);
                let kind = match continues {
                    Some(first) if quotes[first].kind == QuoteKind::Headline => QuoteKind::Headline,
                    Some(_) => QuoteKind::Direct,
                    None => kind,
                };
                quotes.push(Quote {
                    segments: quote.segments.into_boxed_slice(),
                    nested: quote.nested.into_boxed_slice(),
                    continues: continues.map(crate::narrow),
                    kind,
                    block: crate::narrow(quote.block),
                    open_at: crate::narrow(quote.open_at),
                    close_end: crate::narrow(quote.close_end),
                    speaker_label: quote.speaker_label.map(crate::narrow_range),
                });
            }
            Err(reason) => rejected.push(Rejected {
                span: quote.segments[0].start..quote.segments[quote.segments.len() - 1].end,
                reason,
            }),
        }
    }
    (quotes, rejected)
}

fn kind_of(
    text: &str,
    block: Range<usize>,
    role: BlockRole,
    quote: &RawQuote,
) -> Result<QuoteKind, &'static str> {
    let lead = &text[sentence_start(text, block.start, quote.open_at)..quote.open_at];
    // Label markers are a few words long: only the end of the lead needs lower-casing.
    let lead_end = lead.trim_end();
    let mut cut = lead_end.len().saturating_sub(LABEL_MARKER_MAX_BYTES);
    while !lead_end.is_char_boundary(cut) {
        cut += 1;
    }
    let lead_lower = lead_end[cut..].to_lowercase();
    if LABEL_MARKERS
        .iter()
        .any(|marker| ends_with_word(&lead_lower, marker))
    {
        return Err("a label or title (introduced by a word such as “so-called” or “dubbed”)");
    }
    let first = &text[quote.segments[0].clone()];
    let words = quote
        .segments
        .iter()
        .map(|s| word_count(&text[s.clone()]))
        .sum::<usize>();
    let tail_end = sentence_end(text, quote.close_end, block.end);
    let tail = &text[quote.close_end.min(tail_end)..tail_end];
    if is_nickname(lead, tail, words) {
        return Err("a nickname inside a name");
    }
    if matches!(role, BlockRole::Title | BlockRole::Subheading) {
        return Ok(QuoteKind::Headline);
    }
    let lead_trimmed = lead.trim_end();
    let starts_upper = first
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    // After a comma, a capitalised quote is introduced speech unless it reads like a title
    // (`its flagship show, “Wake Up, Coastline”,`).
    let title_like = is_title_case(first) && words <= SCARE_QUOTE_MAX_WORDS;
    if names_whom_it_was_told(lead_trimmed, first, words) {
        return Err("the name of a newspaper or programme the words were told to");
    }
    let introduced = lead_trimmed.ends_with([':', ';', '—', '–', '-', '('])
        || (lead_trimmed.ends_with(',')
            && ((starts_upper && !title_like) || ends_with_cue(lead_trimmed)));
    if quote.inferred_open || lead_trimmed.is_empty() || introduced {
        return Ok(QuoteKind::Direct);
    }
    let last = &text[quote.segments[quote.segments.len() - 1].clone()];
    let whole_sentence = starts_upper && last.trim_end().ends_with(['.', '!', '?', '…']);
    if whole_sentence && words >= WHOLE_SENTENCE_MIN_WORDS {
        return Ok(QuoteKind::Direct);
    }
    let kind = if starts_upper && words >= DIRECT_MIN_WORDS {
        QuoteKind::Direct
    } else {
        QuoteKind::Fragment
    };
    let title_case = is_title_case(first);
    if words > SCARE_QUOTE_MAX_WORDS && !title_case {
        return Ok(kind);
    }
    // Short or title-like: somebody in the sentence must be presented as saying it.
    let lead_words = lower_words(lead);
    let tail_words = lower_words(tail);
    let lead_refs: Vec<&str> = lead_words.iter().map(AsRef::as_ref).collect();
    let tail_refs: Vec<&str> = tail_words.iter().map(AsRef::as_ref).collect();
    let tagged = last.trim_end().ends_with(',') || tail.trim_start().starts_with([',', '—', '–']);
    let tag_after = (tagged && CUES.any_in(&tail_refs[..tail_refs.len().min(TAG_MAX_WORDS)]))
        || tail_refs.windows(2).any(|w| w == ["according", "to"]);
    let attributed = speech_cue_in(&lead_refs) || tag_after;
    if !attributed && title_case {
        return Err("a title of a work: capitalised like one and attributed to no one");
    }
    if !attributed && words <= SCARE_QUOTE_MAX_WORDS {
        return Err("a scare-quoted term: no one in its sentence is presented as saying it");
    }
    Ok(kind)
}

/// Whether a quote opening at `at` stands on its own (at a sentence start, after a colon,
/// comma or dash, or right after a reporting cue), so it may run on over paragraphs.
pub(super) fn opens_standalone(text: &str, block: &Range<usize>, at: usize) -> bool {
    let lead = text[sentence_start(text, block.start, at)..at].trim_end();
    if lead.is_empty() || lead.ends_with([':', ',', ';', '—', '–', '-']) {
        return true;
    }
    ends_with_cue(lead) || ends_with_word(&lead.to_lowercase(), "that")
}

/// Whether the words hold a cue that reports speech: not one followed by "to" (`went on to
/// host`, `is said to be`, `was asked to resign`).
fn speech_cue_in(words: &[&str]) -> bool {
    (0..words.len()).any(|i| {
        CUES.cue_at(words, i)
            .is_some_and(|(_, len)| words.get(i + len) != Some(&"to"))
    })
}

/// `told the “Today” programme`, `sagte der »Süddeutschen Zeitung«`, `a confié au « Monde »`:
/// capitalised words right after a reporting verb and its article name an outlet.
fn names_whom_it_was_told(lead: &str, quoted: &str, words: usize) -> bool {
    let capitalised = quoted
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if words > SCARE_QUOTE_MAX_WORDS || !capitalised || quoted.trim_end().ends_with(['.', '!', '?'])
    {
        return false;
    }
    let lead_words = lower_words(lead);
    let [.., verb, article] = lead_words.as_slice() else {
        return false;
    };
    OUTLET_ARTICLES.contains(&article.as_ref())
        && CUES
            .cue_at(&[verb.as_ref()], 0)
            .is_some_and(|(cue, _)| OUTLET_CUES.contains(&cue.lemma))
}

/// Articles before an outlet's name after a verb (`told the`, `sagte der`, `a dit au`).
const OUTLET_ARTICLES: &[&str] = &["the", "der", "dem", "au", "à", "al", "el", "il", "la", "le"];
/// Reporting verbs that take the outlet told as their object.
const OUTLET_CUES: &[&str] = &["tell", "sagen", "confier", "dire", "decir", "erklären"];

/// Whether one of the last three words of a text is (the start of) a reporting cue.
fn ends_with_cue(text: &str) -> bool {
    let mut from = text.len().saturating_sub(CUE_WINDOW_BYTES);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let words = lower_words(&text[from..]);
    let last: Vec<&str> = words[words.len().saturating_sub(3)..]
        .iter()
        .map(AsRef::as_ref)
        .collect();
    CUES.any_in(&last)
}

/// Whether a paragraph opens in the writer's voice with an attribution (`She added that …`):
/// such a paragraph reports speech rather than quoting it.
pub(super) fn opens_with_attribution(paragraph: &str) -> bool {
    let mut head_end = paragraph.len().min(MAX_ATTRIBUTION_HEAD);
    while !paragraph.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let words = lower_words(&paragraph[..head_end]);
    let first: Vec<&str> = words.iter().take(3).map(AsRef::as_ref).collect();
    CUES.any_in(&first)
}

/// The second of two quotes is the rest of the first, interrupted by its attribution:
/// `“We are ready,” she said, “to sign.”`
fn resumes(text: &str, first: &Quote, second: &RawQuote) -> bool {
    if first.block() != second.block || second.inferred_open || first.close_end() > second.open_at {
        return false;
    }
    let between = &text[first.close_end()..second.open_at];
    if between.contains(['.', '!', '?', ';', '\n']) {
        return false;
    }
    let words = lower_words(between);
    if words.is_empty() || words.len() > MAX_INTERRUPTION_WORDS {
        return false;
    }
    let refs: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
    let tag_then_resume = between.trim_end().ends_with([',', ':', '—', '–']);
    if !CUES.any_in(&refs) || !tag_then_resume {
        return false;
    }
    let first_text = text[first.segments[first.segments.len() - 1].clone()].trim_end();
    let open_ended = first_text.ends_with([',', '—', '–', '-', '…', ':']);
    let second_lower = text[second.segments[0].clone()]
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase);
    open_ended || second_lower
}

/// `Bill “Sparky” Evans`: one or two quoted words between two capitalised name words.
fn is_nickname(lead: &str, tail: &str, words: usize) -> bool {
    let before = lead
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    let after = tail
        .trim_start()
        .split(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
    };
    words <= 2
        && lead.ends_with(' ')
        && tail.starts_with(' ')
        && capitalised(before)
        && capitalised(after)
}

fn ends_with_word(haystack: &str, phrase: &str) -> bool {
    haystack.ends_with(phrase)
        && haystack[..haystack.len() - phrase.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Words in a text, counted up to [`WORD_COUNT_CAP`]: no decision needs more.
fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(WORD_COUNT_CAP)
        .count()
}

/// Lower-cased words (letters, digits, inner hyphens and apostrophes).
fn lower_words(text: &str) -> Vec<Cow<'_, str>> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['-', '\'', '’']))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
        .collect()
}

fn is_title_case(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() >= 2
        && words
            .iter()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .all(|w| {
                w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
            })
}

/// Byte offset where the sentence containing `at` starts (not before `floor`).
pub(crate) fn sentence_start(text: &str, floor: usize, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut from = at.saturating_sub(MAX_LEAD).max(floor).min(at);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..at];
    let bytes = window.as_bytes();
    // Scan backwards: the nearest boundary before the quote is the sentence start.
    let mut i = bytes.len();
    while let Some(stop) = memchr::memrchr3(b'.', b'!', b'?', &bytes[..i]) {
        if let Some(next) = boundary_after(window, stop + 1)
            && !is_abbreviation(&window[..stop])
        {
            return from + next;
        }
        i = stop;
    }
    from
}

/// Byte offset where the sentence that goes on at `from` ends (not after `ceiling`).
pub(crate) fn sentence_end(text: &str, from: usize, ceiling: usize) -> usize {
    if from >= ceiling {
        return ceiling;
    }
    let mut to = (from + MAX_TAIL).min(ceiling);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let window = &text[from..to];
    for (i, c) in window.char_indices() {
        if matches!(c, '.' | '!' | '?')
            && boundary_after(window, i + c.len_utf8()).is_some()
            && !is_abbreviation(&window[..i])
        {
            return from + i + c.len_utf8();
        }
    }
    to
}

/// After a full stop at `after`: skips closing marks and brackets; a sentence boundary needs
/// whitespace and then a capital, a digit or an opening mark. Returns where the next sentence
/// starts.
fn boundary_after(window: &str, after: usize) -> Option<usize> {
    let rest = &window[after..];
    let closers = rest
        .char_indices()
        .find(|&(_, c)| !matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '」'))
        .map_or(rest.len(), |(i, _)| i);
    let spaced = &rest[closers..];
    let spaces = spaced
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(spaced.len(), |(i, _)| i);
    if spaces == 0 {
        return None;
    }
    let next = spaced[spaces..].chars().next();
    match next {
        None => Some(window.len()),
        Some(c) if c.is_uppercase() || c.is_ascii_digit() || "\"'“‘„«»‚‹「".contains(c) => {
            Some(after + closers + spaces)
        }
        _ => None,
    }
}

/// Whether the text before a full stop ends with an abbreviation or an initial ("Mr", "U.S", "J").
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let single_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    single_initial || word.contains('.') || ABBREVIATIONS.contains(word.to_lowercase().as_str())
}
