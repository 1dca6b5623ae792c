//! Attribute: who said each quote, with which cue, and by which rule.
//!
//! Deterministic sieves, precision first; each fills only what the earlier ones left empty and
//! records its name in `rule`:
//!
//! 1. `continues`: the second half of an interrupted quote takes the first half's attribution;
//! 2. `tag`: an attribution right after the quote (`“Q,” Okafor said`, `“Q,” said the coach`);
//! 3. `lead-in`: an attribution right before it (`Okafor said: “Q”`, `told reporters, “Q”`);
//! 4. `according-to`: `according to X` in the quote's sentence;
//! 5. `cue-subject`: the subject of a reporting cue elsewhere in the sentence, the quote blanked
//!    (`Rubio, who warned that the “hardest issues” …`);
//! 6. `colon-intro`: the subject of a sentence that introduces the quote with a colon;
//! 7. `paragraph-continuation`: a quote with no attribution of its own, after an attributed quote
//!    or sentence of the same speaker in the same or the previous paragraph;
//! 8. `sole-name`: the one person named in the sentence;
//! 9. `headline-name`: the person a headline names;
//! 10. `headline-echo`: a headline quote that names nobody takes the speaker of the attributed
//!     body quote holding its words.
//!
//! Otherwise the speaker stays `None`: never a guess. Mentions resolve to people within the
//! document: titles are stripped into a role, surnames and pronouns go to the latest compatible
//! full name, role nouns ("the minister") to the person holding the role.
//!
//! Invariants: the result has one entry per quote, in the quotes' order; everything is computed
//! from the document alone, so it can be cached per document.

mod canonical;
mod mentions;

pub use canonical::{Speaker, canonicalise};

use std::ops::Range;

use crate::corpus::{BlockRole, Document};
use crate::extract::Quote;
use crate::extract::classify::{sentence_end, sentence_start};
use crate::lexicon::{Cue, CueClass};
use compact_str::CompactString;
use mentions::{Mention, People, TokenBuf};

/// Who said a quote, as the article presents it.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Attribution {
    /// The person's fullest name in the document (or an organisation's name). This and the
    /// words below are mostly short, held inline: a corpus holds an attribution per quote.
    pub speaker: Option<CompactString>,
    /// The words that named the speaker, and where.
    pub mention: Option<(CompactString, Range<usize>)>,
    /// The reporting cue as written, with its lemma and class.
    pub cue: Option<(CompactString, Cue)>,
    /// The sieve that decided.
    #[serde(deserialize_with = "crate::cache::interned_option")]
    pub rule: Option<crate::cache::Name>,
}

impl Attribution {
    /// The reporting cue as the article wrote it ("told reporters").
    pub fn cue_written(&self) -> Option<&str> {
        self.cue.as_ref().map(|(written, _)| written.as_str())
    }

    pub fn cue_class(&self) -> Option<CueClass> {
        self.cue.as_ref().map(|(_, cue)| cue.class)
    }
}

/// How far before a quote's sentence the previous sentence is looked at (bytes).
const MAX_LOOKBACK: usize = 600;

/// Attributes every quote of a document.
pub fn attribute(doc: &Document, quotes: &[Quote]) -> Attributed {
    // Each block is tokenised once, its quotes blanked; sentences are views into it.
    let buffers: Vec<TokenBuf> = doc
        .blocks
        .iter()
        .map(|b| TokenBuf::of(&doc.text, b.span(), &blanks_in(quotes, &b.span())))
        .collect();
    let people = People::find(doc, &buffers);
    let mut results: Vec<Attribution> = Vec::with_capacity(quotes.len());
    for (index, quote) in quotes.iter().enumerate() {
        let context = Context {
            doc,
            quotes,
            buffers: &buffers,
            people: &people,
        };
        let found = attribute_one(&context, index, quote, &results);
        results.push(found);
    }
    echo_headlines(doc, quotes, &mut results);
    Attributed {
        quotes: results,
        people: people.seen(),
    }
}

/// The attribution of one document: per quote, and the people it names.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Attributed {
    /// One entry per quote, in the quotes' order.
    pub quotes: Vec<Attribution>,
    /// The people the document names, with their fullest name and role.
    pub people: Vec<PersonSeen>,
}

/// A person as one document names them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PersonSeen {
    /// Held inline, as most names and roles are short: a corpus holds several people a
    /// document.
    pub name: CompactString,
    /// Title and role words as written ("Transport Minister").
    pub role: CompactString,
}

/// What every sieve may look at: the document, its quotes, its tokens and its people.
struct Context<'a> {
    doc: &'a Document,
    quotes: &'a [Quote],
    buffers: &'a [TokenBuf<'a>],
    people: &'a People,
}

fn attribute_one(
    context: &Context,
    index: usize,
    quote: &Quote,
    earlier: &[Attribution],
) -> Attribution {
    let Context {
        doc,
        quotes,
        buffers,
        people,
    } = *context;
    if let Some(label) = quote.speaker_label() {
        // A transcript's speaker label: `VENN:` names the person the transcript introduces.
        let words: Vec<String> = doc.text[label.clone()]
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let mention = Mention {
            span: label.clone(),
            kind: mentions::MentionKind::Name(words),
        };
        return Attribution {
            speaker: people
                .resolve(&mention, &doc.text)
                .map(Into::into)
                .or_else(|| Some(doc.text[label.clone()].into())),
            mention: Some((doc.text[label.clone()].into(), label.clone())),
            cue: None,
            rule: Some("transcript-label"),
        };
    }
    if let Some(first) = quote.continues()
        && let Some(previous) = earlier.get(first)
        && previous.speaker.is_some()
    {
        return Attribution {
            rule: Some("continues"),
            ..previous.clone()
        };
    }
    let block = &doc.blocks[quote.block()];
    let text = doc.text.as_str();
    let sentence = sentence_start(text, block.span().start, quote.open_at())
        ..sentence_end_after(text, quote, block.span().end);
    let tokens = buffers[quote.block()].view(sentence.clone());
    let Some(at) = tokens.quote_at(quote.open_at()) else {
        return Attribution::default();
    };
    // A quote over several paragraphs is tagged after its last one.
    let last_block = doc
        .blocks
        .partition_point(|b| b.span().start <= quote.end())
        .saturating_sub(1)
        .max(quote.block());
    let tail_tokens = (last_block != quote.block()).then(|| {
        let span = doc.blocks[last_block].span();
        buffers[last_block].view(span.start..sentence_end_after(text, quote, span.end))
    });
    let previous_sentence = || {
        // `Rubio cautioned that … . “Q”`: the sentence before, in the same paragraph, reports
        // this speaker's words and nothing else comes between.
        let lead = text[sentence.start..quote.open_at()].trim();
        let quoted_between = index.checked_sub(1).is_some_and(|previous| {
            quotes[previous].block() == quote.block()
                && quotes[previous].close_end() > sentence.start.saturating_sub(MAX_LOOKBACK)
        });
        if !lead.is_empty() || sentence.start <= block.span().start || quoted_between {
            return None;
        }
        let previous = sentence_start(text, block.span().start, sentence.start.saturating_sub(1));
        let before = buffers[quote.block()].view(previous..sentence.start);
        before.cue_subject(before.len())
    };
    type Found = Option<(Mention, Option<(CompactString, Cue)>)>;
    let with_cue =
        |found: Option<(Mention, (CompactString, Cue))>| found.map(|(m, c)| (m, Some(c)));
    // Each sieve with whether what it finds is the quote's own attribution: a cue right
    // before or after the quote, or `according to`, with its subject.
    let sieves: [(&'static str, bool, &dyn Fn() -> Found); 7] = [
        ("tag", true, &|| with_cue(tokens.tag_after(at))),
        ("tag", true, &|| {
            let tail = tail_tokens.as_ref()?;
            with_cue(tail.tag_after(tail.quote_at(quote.open_at())?))
        }),
        ("lead-in", true, &|| with_cue(tokens.lead_in(at))),
        ("according-to", true, &|| with_cue(tokens.according_to())),
        ("cue-subject", false, &|| with_cue(tokens.cue_subject(at))),
        ("colon-intro", false, &|| tokens.colon_intro(at)),
        (
            "previous-sentence",
            false,
            &|| with_cue(previous_sentence()),
        ),
    ];
    // A cue whose subject names nobody ("officials said", "a report") still frames the quote;
    // it is kept in case no later sieve finds a speaker.
    let mut unnamed: Option<Attribution> = None;
    for (position, (rule, own, sieve)) in sieves.iter().enumerate() {
        // A sentence that names someone is theirs to claim (sole-name), not a continuation.
        if position == 6
            && !tokens.names_a_person(people)
            && let Some(found) = continuation(doc, quotes, index, quote, earlier, people)
        {
            return found;
        }
        let Some((mention, cue)) = sieve() else {
            continue;
        };
        let found = Attribution {
            speaker: people.resolve(&mention, text).map(Into::into),
            mention: Some((mention.text(text).into(), mention.span.clone())),
            cue,
            rule: Some(rule),
        };
        // `“Q,” one trader said`: the quote's own attribution gives it to somebody unnamed, so
        // no earlier speaker (continuation) or name nearby (sole-name) may claim it.
        if found.speaker.is_some()
            || (*own
                && (mention.is_somebody_unnamed(text)
                    || people.pronoun_means_somebody_unnamed(&mention)))
        {
            return found;
        }
        unnamed.get_or_insert(found);
    }
    let named = |mention: Mention, rule: &'static str| {
        Some(Attribution {
            speaker: Some(people.resolve(&mention, text)?.into()),
            mention: Some((mention.text(text).into(), mention.span.clone())),
            cue: tokens.nearest_cue(at),
            rule: Some(rule),
        })
    };
    if let Some(mention) = tokens.sole_name(people)
        && let Some(found) = named(mention, "sole-name")
    {
        return found;
    }
    if block.role == BlockRole::Title
        && let Some(mention) = tokens.first_name(people)
        && let Some(found) = named(mention, "headline-name")
    {
        return found;
    }
    if let Some(found) = introduced(context, quote) {
        return found;
    }
    if let Some(found) = unnamed {
        return found;
    }
    Attribution::default()
}

/// `Opposition dismisses plan as ‘press release’` over `“It is a press release,” Hale said`: a
/// headline quote that names nobody takes the speaker of the body quote it echoes (its words,
/// in order, inside one attributed body quote), when every such body quote has the same one.
fn echo_headlines(doc: &Document, quotes: &[Quote], results: &mut [Attribution]) {
    let words = |quote: &Quote| -> Vec<String> {
        quote
            .text(&doc.text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let is_headline = |quote: &Quote| {
        matches!(
            doc.blocks[quote.block()].role,
            BlockRole::Title | BlockRole::Subheading
        )
    };
    for index in 0..quotes.len() {
        if results[index].speaker.is_some() || !is_headline(&quotes[index]) {
            continue;
        }
        let echo = words(&quotes[index]);
        if echo.is_empty() {
            continue;
        }
        let mut speakers = quotes
            .iter()
            .zip(results.iter())
            .filter_map(|(body, found)| {
                let contains = !is_headline(body)
                    && words(body)
                        .windows(echo.len())
                        .any(|w| w == echo.as_slice());
                contains.then_some(found.speaker.as_ref()?)
            });
        let Some(first) = speakers.next().cloned() else {
            continue;
        };
        if speakers.all(|other| *other == first) {
            results[index].speaker = Some(first);
            results[index].rule = Some("headline-echo");
        }
    }
}

/// Where a quote's sentence ends: at the closing mark when the quote itself ends the sentence
/// (`… more time.” He added …`), else at the next sentence boundary.
fn sentence_end_after(text: &str, quote: &Quote, ceiling: usize) -> usize {
    let last = &text[quote.segments[quote.segments.len() - 1].clone()];
    let next = text[quote.close_end().min(ceiling)..ceiling]
        .trim_start()
        .chars()
        .next();
    let ends_here = last.trim_end().ends_with(['.', '!', '?', '…'])
        && next.is_none_or(|c| c.is_uppercase() || "“\"‘«„".contains(c))
        && !(last.trim_end().ends_with(['?', '!'])
            && tag_follows(text, quote.close_end().min(ceiling), ceiling));
    if ends_here {
        quote.close_end().min(ceiling)
    } else {
        sentence_end(text, quote.close_end(), ceiling)
    }
}

/// `“Can you keep growing?” Whitford asked.`: a name and a reporting verb right after a
/// question or an exclamation are still its tag (not `… time.” He added that …`, a new
/// sentence, which a full stop would have ended).
fn tag_follows(text: &str, from: usize, ceiling: usize) -> bool {
    const TAG_WORDS: usize = 4;
    let mut words: Vec<String> = Vec::with_capacity(TAG_WORDS);
    for raw in text[from..ceiling].split_whitespace().take(TAG_WORDS) {
        words.push(
            raw.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase(),
        );
        if raw.ends_with(['.', '!', '?']) {
            break;
        }
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    (1..words.len()).any(|i| {
        crate::lexicon::CUES
            .cue_at(&words, i)
            .is_some_and(|(_, len)| words.get(i + len) != Some(&"that"))
    })
}

/// `The minister went further.` ⏎ `“…”`: a short paragraph with no quote of its own whose
/// subject is a person introduces the quote that opens the next paragraph.
fn introduced(context: &Context, quote: &Quote) -> Option<Attribution> {
    let Context {
        doc,
        quotes,
        buffers,
        people,
    } = *context;
    const MAX_INTRODUCTION_WORDS: usize = 30;
    let text = doc.text.as_str();
    let block = &doc.blocks[quote.block()];
    if !text[block.span().start..quote.open_at()].trim().is_empty() {
        return None;
    }
    let previous = &doc.blocks[quote.block().checked_sub(1)?];
    let paragraph = &text[previous.span()];
    let quoted = !blanks_in(quotes, &previous.span()).is_empty();
    let words = paragraph
        .split_whitespace()
        .take(MAX_INTRODUCTION_WORDS + 1)
        .count();
    if quoted
        || previous.role != BlockRole::Paragraph
        || words > MAX_INTRODUCTION_WORDS
        || !paragraph.trim_end().ends_with(['.', ':'])
    {
        return None;
    }
    let tokens = buffers[quote.block() - 1].all();
    let mention = tokens.sentence_subject()?;
    Some(Attribution {
        speaker: Some(people.resolve(&mention, text)?.into()),
        mention: Some((mention.text(text).into(), mention.span.clone())),
        cue: tokens.nearest_cue(tokens.len()),
        rule: Some("introduction"),
    })
}

/// The quotes (mark to mark) that touch a stretch of text: blanked out of its tokens. Quotes are
/// in document order and do not overlap, so this is a binary search, not a scan.
fn blanks_in(quotes: &[Quote], span: &Range<usize>) -> Vec<Range<usize>> {
    let first = quotes.partition_point(|q| q.close_end() <= span.start);
    quotes[first..]
        .iter()
        .take_while(|q| q.open_at() < span.end)
        .map(|q| q.open_at()..q.close_end())
        .collect()
}

/// A quote with no attribution of its own continues the speaker of the quote before it, when
/// nothing but that speaker's words (or an attributed sentence of theirs) comes between: in the
/// same paragraph, or at the end of the previous one.
fn continuation(
    doc: &Document,
    quotes: &[Quote],
    index: usize,
    quote: &Quote,
    earlier: &[Attribution],
    people: &People,
) -> Option<Attribution> {
    let text = doc.text.as_str();
    let block = &doc.blocks[quote.block()];
    let lead =
        text[sentence_start(text, block.span().start, quote.open_at())..quote.open_at()].trim();
    if !lead.is_empty() {
        return None;
    }
    let previous_index = index.checked_sub(1)?;
    let previous = &quotes[previous_index];
    let attribution = earlier.get(previous_index)?;
    let same_block = previous.block() == quote.block();
    // `“A,” a nurse said. “B.”`: B is the unnamed source's too, with the same cue; across
    // paragraphs only a named speaker carries on.
    let unnamed_source = attribution.mention.is_some() && attribution.cue.is_some();
    if attribution.speaker.is_none() && !(same_block && unnamed_source) {
        return None;
    }
    let adjacent_block = previous.block() + 1 == quote.block() || {
        // The previous quote may have run over paragraphs; it ends in the block before.
        doc.blocks
            .get(quote.block().checked_sub(1)?)
            .is_some_and(|b| b.span().contains(&previous.end()) || b.span().end == previous.end())
    };
    let between = &text[previous.close_end().min(quote.open_at())..quote.open_at()];
    let words_between = between.split_whitespace().take(40).count();
    let close = if same_block {
        words_between <= 30
    } else {
        adjacent_block && words_between <= 12
    };
    // Another person named in between hands the floor to someone else.
    let someone_else = || {
        people
            .names_in(between)
            .any(|name| Some(name.as_str()) != attribution.speaker.as_deref())
    };
    (close && !someone_else()).then(|| Attribution {
        rule: Some("paragraph-continuation"),
        ..attribution.clone()
    })
}

#[cfg(test)]
mod tests;
