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
//! 9. `headline-name`: the person a headline names.
//!
//! Otherwise the speaker stays `None`: never a guess. Mentions resolve to people within the
//! document: titles are stripped into a role, surnames and pronouns go to the latest compatible
//! full name, role nouns ("the minister") to the person holding the role.
//!
//! Invariants: the result has one entry per quote, in the quotes' order; everything is computed
//! from the document alone, so it can be cached per document.

mod mentions;

use std::ops::Range;

use crate::corpus::{BlockRole, Document};
use crate::extract::Quote;
use crate::extract::classify::{sentence_end, sentence_start};
use crate::lexicon::{Cue, CueClass};
use mentions::{Mention, People, Tokens};

/// Who said a quote, as the article presents it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attribution {
    /// The person's fullest name in the document (or an organisation's name).
    pub speaker: Option<String>,
    /// The words that named the speaker, and where.
    pub mention: Option<(String, Range<usize>)>,
    /// The reporting cue as written, with its lemma and class.
    pub cue: Option<(String, Cue)>,
    /// The sieve that decided.
    pub rule: Option<&'static str>,
}

impl Attribution {
    pub fn cue_class(&self) -> Option<CueClass> {
        self.cue.as_ref().map(|(_, cue)| cue.class)
    }
}

/// Attributes every quote of a document.
pub fn attribute(doc: &Document, quotes: &[Quote]) -> Vec<Attribution> {
    let people = People::find(doc, quotes);
    let mut results: Vec<Attribution> = Vec::with_capacity(quotes.len());
    for (index, quote) in quotes.iter().enumerate() {
        let found = attribute_one(doc, quotes, index, quote, &people, &results);
        results.push(found);
    }
    results
}

fn attribute_one(
    doc: &Document,
    quotes: &[Quote],
    index: usize,
    quote: &Quote,
    people: &People,
    earlier: &[Attribution],
) -> Attribution {
    if let Some(first) = quote.continues
        && let Some(previous) = earlier.get(first)
        && previous.speaker.is_some()
    {
        return Attribution {
            rule: Some("continues"),
            ..previous.clone()
        };
    }
    let block = &doc.blocks[quote.block];
    let text = doc.text.as_str();
    let sentence = sentence_start(text, block.span.start, quote.open_at)
        ..sentence_end_after(text, quote, block.span.end);
    let blanks = blanks_in(quotes, &block.span);
    let tokens = Tokens::of(text, sentence.clone(), &blanks);
    let Some(at) = tokens.quote_at(quote.open_at) else {
        return Attribution::default();
    };
    // A quote over several paragraphs is tagged after its last one.
    let last_block = doc
        .blocks
        .iter()
        .rposition(|b| b.span.start <= quote.end())
        .unwrap_or(quote.block);
    let tail_tokens = (last_block != quote.block).then(|| {
        let span = &doc.blocks[last_block].span;
        Tokens::of(
            text,
            span.start..sentence_end_after(text, quote, span.end),
            &blanks_in(quotes, span),
        )
    });
    let previous_sentence = || {
        // `Rubio cautioned that … . “Q”`: the sentence before, in the same paragraph, reports
        // this speaker's words and nothing else comes between.
        let lead = text[sentence.start..quote.open_at].trim();
        let quoted_between = quotes[..index]
            .iter()
            .any(|q| q.block == quote.block && q.close_end > sentence.start.saturating_sub(400));
        if !lead.is_empty() || sentence.start <= block.span.start || quoted_between {
            return None;
        }
        let previous = sentence_start(text, block.span.start, sentence.start.saturating_sub(1));
        let before = Tokens::of(text, previous..sentence.start, &blanks);
        before.cue_subject(before.len())
    };
    type Found = Option<(Mention, Option<(String, Cue)>)>;
    let with_cue = |found: Option<(Mention, (String, Cue))>| found.map(|(m, c)| (m, Some(c)));
    let sieves: [(&'static str, &dyn Fn() -> Found); 7] = [
        ("tag", &|| with_cue(tokens.tag_after(at))),
        ("tag", &|| {
            let tail = tail_tokens.as_ref()?;
            with_cue(tail.tag_after(tail.quote_at(quote.open_at)?))
        }),
        ("lead-in", &|| with_cue(tokens.lead_in(at))),
        ("according-to", &|| with_cue(tokens.according_to())),
        ("cue-subject", &|| with_cue(tokens.cue_subject(at))),
        ("colon-intro", &|| tokens.colon_intro(at)),
        ("previous-sentence", &|| with_cue(previous_sentence())),
    ];
    // A cue whose subject names nobody ("officials said", "a report") still frames the quote;
    // it is kept in case no later sieve finds a speaker.
    let mut unnamed: Option<Attribution> = None;
    for (position, (rule, sieve)) in sieves.iter().enumerate() {
        if position == 6
            && let Some(found) = continuation(doc, quotes, index, quote, earlier, people)
        {
            return found;
        }
        let Some((mention, cue)) = sieve() else {
            continue;
        };
        let found = Attribution {
            speaker: people.resolve(&mention, text),
            mention: Some((mention.text(text).to_string(), mention.span.clone())),
            cue,
            rule: Some(rule),
        };
        if found.speaker.is_some() {
            return found;
        }
        unnamed.get_or_insert(found);
    }
    let named = |mention: Mention, rule: &'static str| {
        Some(Attribution {
            speaker: Some(people.resolve(&mention, text)?),
            mention: Some((mention.text(text).to_string(), mention.span.clone())),
            cue: tokens.nearest_cue(at),
            rule: Some(rule),
        })
    };
    if let Some(mention) = tokens.sole_name(people, text)
        && let Some(found) = named(mention, "sole-name")
    {
        return found;
    }
    if block.role == BlockRole::Title
        && let Some(mention) = tokens.first_name(people, text)
        && let Some(found) = named(mention, "headline-name")
    {
        return found;
    }
    if let Some(found) = unnamed {
        return found;
    }
    Attribution::default()
}

/// Where a quote's sentence ends: at the closing mark when the quote itself ends the sentence
/// (`… more time.” He added …`), else at the next sentence boundary.
fn sentence_end_after(text: &str, quote: &Quote, ceiling: usize) -> usize {
    let last = &text[quote.segments[quote.segments.len() - 1].clone()];
    let next = text[quote.close_end.min(ceiling)..ceiling]
        .trim_start()
        .chars()
        .next();
    let ends_here = last.trim_end().ends_with(['.', '!', '?', '…'])
        && next.is_none_or(|c| c.is_uppercase() || "“\"‘«„".contains(c));
    if ends_here {
        quote.close_end.min(ceiling)
    } else {
        sentence_end(text, quote.close_end, ceiling)
    }
}

/// The quotes (mark to mark) that touch a block: blanked out of its tokens.
fn blanks_in(quotes: &[Quote], span: &Range<usize>) -> Vec<Range<usize>> {
    quotes
        .iter()
        .filter(|q| q.open_at < span.end && q.close_end > span.start)
        .map(|q| q.open_at..q.close_end)
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
    let block = &doc.blocks[quote.block];
    let lead = text[sentence_start(text, block.span.start, quote.open_at)..quote.open_at].trim();
    if !lead.is_empty() {
        return None;
    }
    let previous_index = index.checked_sub(1)?;
    let previous = &quotes[previous_index];
    let attribution = earlier.get(previous_index)?;
    attribution.speaker.as_ref()?;
    let same_block = previous.block == quote.block;
    let adjacent_block = previous.block + 1 == quote.block || {
        // The previous quote may have run over paragraphs; it ends in the block before.
        doc.blocks
            .get(quote.block.checked_sub(1)?)
            .is_some_and(|b| b.span.contains(&previous.end()) || b.span.end == previous.end())
    };
    let between = &text[previous.close_end.min(quote.open_at)..quote.open_at];
    let words_between = between.split_whitespace().take(40).count();
    // Another person named in between hands the floor to someone else.
    let someone_else = people
        .names_in(between, text, previous.close_end)
        .any(|name| Some(&name) != attribution.speaker.as_ref());
    if someone_else {
        return None;
    }
    let close = if same_block {
        words_between <= 30
    } else {
        adjacent_block && words_between <= 12
    };
    close.then(|| Attribution {
        rule: Some("paragraph-continuation"),
        ..attribution.clone()
    })
}

#[cfg(test)]
mod tests;
