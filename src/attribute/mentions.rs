//! Mentions: the words of a sentence as tokens (quotes blanked), the noun phrases that can name
//! a speaker, and the people of a document they resolve to.

use std::ops::Range;

use crate::corpus::Document;
use crate::lexicon::{
    CUES, Cue, GROUP_NOUNS, NAME_PARTICLES, ORGANISATION_WORDS, SUBJECT_PRONOUNS, TITLES,
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
/// Capitalised words that start sentences without naming anyone.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "but",
    "and",
    "or",
    "in",
    "on",
    "at",
    "for",
    "this",
    "that",
    "these",
    "those",
    "it",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "so",
    "yet",
    "we",
    "i",
    "our",
    "they",
    "there",
    "here",
    "his",
    "her",
    "its",
    "their",
    "my",
    "your",
    "asked",
    "speaking",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "according",
    "meanwhile",
    "however",
    "still",
    "now",
    "both",
    "all",
    "some",
    "many",
    "most",
    "each",
    "every",
    "no",
    "not",
    "then",
    "also",
    "even",
    "what",
    "why",
    "how",
    "who",
    "where",
    "which",
    "top",
    "read",
    "follow",
    "photo",
    "image",
];
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
    /// A capitalised name, possibly with titles in front ("US Secretary of State Marco Rubio").
    Name(Vec<String>),
    /// A role noun phrase ("the minister", "the US secretary of state"): its lower-case words.
    Role(Vec<String>),
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
}

/// The tokens of one sentence, quotes blanked into single tokens.
pub struct Tokens<'t> {
    text: &'t str,
    toks: Vec<Tok>,
    /// Lower-cased words, "" for punctuation and quotes (so cues never match across them).
    lower: Vec<String>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '’' | '\'' | '.')
}

impl<'t> Tokens<'t> {
    pub fn of(text: &'t str, range: Range<usize>, blanks: &[Range<usize>]) -> Self {
        let mut toks = Vec::new();
        let mut at = range.start;
        let end = range.end.min(text.len());
        while at < end {
            if let Some(blank) = blanks.iter().find(|b| b.start <= at && at < b.end) {
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
            let c = text[at..].chars().next().unwrap_or(' ');
            if c.is_alphanumeric() {
                let word_end = text[at..end]
                    .char_indices()
                    .find(|&(_, c)| !is_word_char(c))
                    .map_or(end, |(i, _)| at + i);
                let mut word = &text[at..word_end];
                // Trailing punctuation and possessives are not part of a name.
                for suffix in ["’s", "'s"] {
                    if let Some(stem) = word.strip_suffix(suffix) {
                        word = stem;
                    }
                }
                let initials = word.len() <= 5
                    && word.contains('.')
                    && word.chars().filter(|c| c.is_alphabetic()).count() <= 3;
                if !initials {
                    word = word.trim_end_matches(['.', '-', '’', '\'']);
                }
                toks.push(Tok {
                    span: at..at + word.len(),
                    kind: Kind::Word,
                });
                at = word_end;
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
        let lower = toks
            .iter()
            .map(|t| match t.kind {
                Kind::Word => text[t.span.clone()].to_lowercase(),
                _ => String::new(),
            })
            .collect();
        Self { text, toks, lower }
    }

    pub fn quote_at(&self, open_at: usize) -> Option<usize> {
        self.toks
            .iter()
            .position(|t| t.kind == Kind::Quote && t.span.start == open_at)
    }

    fn words(&self) -> Vec<&str> {
        self.lower.iter().map(String::as_str).collect()
    }

    fn cue_at(&self, at: usize) -> Option<((String, Cue), usize)> {
        let words = self.words();
        let (cue, len) = CUES.cue_at(&words, at)?;
        let span = self.toks[at].span.start..self.toks[at + len - 1].span.end;
        Some(((self.text[span].to_string(), cue), len))
    }

    fn is_punct(&self, at: usize, chars: &[char]) -> bool {
        matches!(self.toks.get(at), Some(Tok { kind: Kind::Punct(c), .. }) if chars.contains(c))
    }

    fn word(&self, at: usize) -> Option<&str> {
        match self.toks.get(at)?.kind {
            Kind::Word => Some(&self.lower[at]),
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
        let lower = self.lower[at].as_str();
        let adverb = lower.ends_with("ly") && lower.len() > 4;
        self.capitalised(at)
            && !adverb
            && !NOT_NAMES.contains(&lower)
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
        if SUBJECT_PRONOUNS.contains(&word) {
            return Some((
                Mention {
                    span: span(at, at + 1),
                    kind: MentionKind::Pronoun,
                },
                at + 1,
            ));
        }
        if matches!(word, "the" | "a" | "an") {
            if self.name_word(at + 1) {
                let end = self.name_run_forward(at + 1);
                return Some((self.name_mention(at + 1, end), end));
            }
            let mut role_end = None;
            let mut k = at + 1;
            while k < at + 1 + ROLE_MAX_WORDS
                && let Some(w) = self.word(k)
            {
                if TITLES.contains(w) {
                    role_end = Some(k + 1);
                } else if role_end.is_some() && w != "of" {
                    break;
                }
                k += 1;
            }
            let end = role_end?;
            let words = self.lower[at + 1..end].to_vec();
            return Some((
                Mention {
                    span: span(at, end),
                    kind: MentionKind::Role(words),
                },
                end,
            ));
        }
        if self.name_word(at) {
            let end = self.name_run_forward(at);
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
            {
                end += 2;
            } else {
                return end;
            }
        }
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
        if self.capitalised(at) {
            let mut from = at;
            loop {
                if from >= 1 && self.capitalised(from - 1) && !self.lower[from - 1].eq("the") {
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
                && (NOT_NAMES.contains(&self.lower[from].as_str())
                    || GROUP_NOUNS.contains(self.lower[from].as_str()))
            {
                from += 1;
            }
            return (from <= at).then(|| self.name_mention(from, at + 1));
        }
        if TITLES.contains(word) {
            let mut from = at;
            while from > 0 && at - from < ROLE_MAX_WORDS {
                from -= 1;
                match self.word(from) {
                    Some("the" | "a" | "an") => {
                        return Some(Mention {
                            span: self.toks[from].span.start..self.toks[at].span.end,
                            kind: MentionKind::Role(self.lower[from + 1..=at].to_vec()),
                        });
                    }
                    Some(_) => {}
                    None => return None,
                }
            }
        }
        None
    }

    /// `“Q,” Okafor said` / `“Q,” said the coach` / `“Q,” he added`.
    pub fn tag_after(&self, quote: usize) -> Option<(Mention, (String, Cue))> {
        let mut at = quote + 1;
        if self.is_punct(at, &[',', '—', '–']) {
            at += 1;
        }
        if let Some((cue, len)) = self.cue_at(at) {
            let (mention, _) = self.np_forward(at + len)?;
            return Some((mention, cue));
        }
        let (mention, end) = self.np_forward(at)?;
        let end = self.skip_auxiliaries_forward(end);
        let (cue, _) = self.cue_at(end)?;
        Some((mention, cue))
    }

    /// `Okafor said: “Q”` / `Okafor told reporters, “Q”` / `said on Friday that “Q”`.
    pub fn lead_in(&self, quote: usize) -> Option<(Mention, (String, Cue))> {
        let last = quote.checked_sub(1)?;
        let floor = quote.saturating_sub(LEAD_IN_MAX_TOKENS);
        let cue_at = (floor..=last)
            .rev()
            .take_while(|&i| self.toks[i].kind != Kind::Quote)
            .find(|&i| self.cue_at(i).is_some())?;
        let (cue, len) = self.cue_at(cue_at)?;
        if let Some(before) = cue_at.checked_sub(1)
            && let Some(before) = self.skip_auxiliaries_backward(before)
            && let Some(mention) = self.np_backward(before)
        {
            return Some((mention, cue));
        }
        let (mention, _) = self.np_forward(cue_at + len)?;
        Some((mention, cue))
    }

    /// `according to X` anywhere in the sentence.
    pub fn according_to(&self) -> Option<(Mention, (String, Cue))> {
        let at = (0..self.toks.len()).find(|&i| {
            self.cue_at(i)
                .is_some_and(|((_, cue), _)| cue.lemma == "according to")
        })?;
        let (cue, len) = self.cue_at(at)?;
        let (mention, _) = self.np_forward(at + len)?;
        Some((mention, cue))
    }

    /// The subject of the sentence: its first noun phrase, or the first after an opening
    /// adverbial (`On Friday, Rubio …`).
    fn sentence_subject(&self) -> Option<Mention> {
        if let Some((mention, _)) = self.np_forward(0) {
            return Some(mention);
        }
        let comma = self.toks.iter().position(|t| t.kind == Kind::Punct(','))?;
        self.np_forward(comma + 1).map(|(m, _)| m)
    }

    /// The subject of a reporting cue of the sentence (outside quotes).
    pub fn cue_subject(&self) -> Option<(Mention, (String, Cue))> {
        for at in 0..self.toks.len() {
            let Some((cue, _)) = self.cue_at(at) else {
                continue;
            };
            if cue.1.lemma == "according to" {
                continue;
            }
            let participle = self.lower[at].ends_with("ing");
            let before = at
                .checked_sub(1)
                .and_then(|b| self.skip_auxiliaries_backward(b));
            let mention = match before {
                _ if participle => self.sentence_subject(),
                Some(b) if self.word(b) == Some("who") => {
                    let mut k = b.checked_sub(1)?;
                    if self.is_punct(k, &[',']) {
                        k = k.checked_sub(1)?;
                    }
                    self.np_backward(k)
                }
                Some(b) => self.np_backward(b),
                None => None,
            };
            if let Some(mention) = mention {
                return Some((mention, cue));
            }
        }
        None
    }

    /// `The minister also reported …: “Q”`: the subject of a sentence ending in a colon.
    pub fn colon_intro(&self, quote: usize) -> Option<Mention> {
        let before = quote.checked_sub(1)?;
        if !self.is_punct(before, &[':']) {
            return None;
        }
        self.sentence_subject()
    }

    /// The first reporting cue of the sentence, as written.
    pub fn any_cue(&self) -> Option<(String, Cue)> {
        (0..self.toks.len()).find_map(|i| self.cue_at(i).map(|(cue, _)| cue))
    }

    /// Names with whether each is the subject of a reporting cue (`Lieven said`, `noted Lieven`).
    fn names_with_cues(&self) -> Vec<(Mention, bool)> {
        let mut names = Vec::new();
        let mut at = 0;
        while at < self.toks.len() {
            if self.name_word(at) {
                let end = self.name_run_forward(at);
                let after = self.skip_auxiliaries_forward(end);
                let ends_clause = end >= self.toks.len()
                    || matches!(self.toks[end].kind, Kind::Punct(_) | Kind::Quote);
                let inverted = ends_clause
                    && at
                        .checked_sub(1)
                        .is_some_and(|b| self.cue_at(b).is_some_and(|(_, len)| len == 1));
                let speaks = self.cue_at(after).is_some() || inverted;
                names.push((self.name_mention(at, end), speaks));
                at = end;
            } else {
                at += 1;
            }
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

    /// The one person the sentence names, if exactly one.
    pub fn sole_name(&self, people: &People, text: &str) -> Option<Mention> {
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
        let _ = text;
        found.map(|(m, _)| m)
    }

    /// The first person the sentence names.
    pub fn first_name(&self, people: &People, _text: &str) -> Option<Mention> {
        self.names()
            .into_iter()
            .find(|m| people.person_name(m).is_some())
    }
}

/// A person of a document: the fullest name seen, and the roles given.
#[derive(Debug, Clone)]
struct Person {
    name: Vec<String>,
    role: Vec<String>,
    /// Offsets where the person is named (full name or surname), in order.
    named_at: Vec<usize>,
}

/// The people a document names.
pub struct People {
    people: Vec<Person>,
}

fn fold(word: &str) -> String {
    word.to_lowercase()
}

/// Splits "Russian President Vladimir Putin" into its role ("Russian President") and name
/// ("Vladimir Putin"): the role runs to the last title word that still leaves a name after it.
fn split_title(words: &[String]) -> (Vec<String>, Vec<String>) {
    let is_title = |w: &String| {
        let lower = fold(w);
        TITLES.contains(lower.as_str()) || lower == "of" || lower == "the"
    };
    let split = match words.iter().rposition(is_title) {
        Some(last) if last + 1 < words.len() => last + 1,
        Some(_) if words.iter().all(is_title) => words.len(),
        _ => 0,
    };
    (words[..split].to_vec(), words[split..].to_vec())
}

fn is_organisation(words: &[String]) -> bool {
    let Some(last) = words.last() else {
        return false;
    };
    ORGANISATION_WORDS.contains(fold(last).as_str())
        || (last.len() >= 2 && last.chars().all(|c| c.is_uppercase()))
}

impl People {
    /// The people named in a document outside its quotes.
    pub fn find(doc: &Document, quotes: &[crate::extract::Quote]) -> Self {
        let blanks: Vec<Range<usize>> = quotes.iter().map(|q| q.open_at..q.close_end).collect();
        let mut people: Vec<Person> = Vec::new();
        for block in &doc.blocks {
            if crate::lexicon::is_furniture(&doc.text[block.span.clone()]) {
                continue;
            }
            let tokens = Tokens::of(&doc.text, block.span.clone(), &blanks);
            for (mention, speaks) in tokens.names_with_cues() {
                let MentionKind::Name(words) = &mention.kind else {
                    continue;
                };
                let (role, name) = split_title(words);
                if name.is_empty() || is_organisation(&name) {
                    continue;
                }
                let known = people.iter_mut().find(|p| compatible(&p.name, &name));
                match known {
                    Some(person) => {
                        if name.len() > person.name.len() {
                            person.name = name;
                        }
                        if person.role.is_empty() && !role.is_empty() {
                            person.role = role;
                        }
                        person.named_at.push(mention.span.start);
                    }
                    None if name.len() >= 2 || !role.is_empty() || speaks => people.push(Person {
                        name,
                        role,
                        named_at: vec![mention.span.start],
                    }),
                    None => {}
                }
            }
        }
        Self { people }
    }

    fn latest_before(&self, at: usize, wanted: impl Fn(&Person) -> bool) -> Option<&Person> {
        self.people
            .iter()
            .filter(|p| wanted(p))
            .filter_map(|p| {
                let last = p.named_at.iter().copied().take_while(|&n| n < at).last()?;
                Some((last, p))
            })
            .max_by_key(|&(last, _)| last)
            .map(|(_, p)| p)
    }

    /// The person (or organisation) a name mention stands for, by name alone.
    fn person_name(&self, mention: &Mention) -> Option<String> {
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
                if matches!(word.as_str(), "they" | "it") {
                    return None;
                }
                self.latest_before(mention.span.start, |_| true)
                    .map(|p| p.name.join(" "))
            }
            MentionKind::Role(words) => {
                let heads: Vec<&String> = words
                    .iter()
                    .filter(|w| TITLES.contains(w.as_str()))
                    .collect();
                self.latest_before(mention.span.start, |p| {
                    let role: Vec<String> = p.role.iter().map(|r| fold(r)).collect();
                    heads.iter().any(|h| role.contains(h))
                })
                .map(|p| p.name.join(" "))
            }
            MentionKind::Name(words) => {
                let (role, name) = split_title(words);
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
                match matches.as_slice() {
                    [one] => Some(one.name.join(" ")),
                    _ => Some(name.join(" ")),
                }
            }
        }
    }

    /// Names of people in a stretch of text (for deciding whether the floor changed hands).
    pub fn names_in<'a>(
        &'a self,
        stretch: &'a str,
        _text: &'a str,
        _at: usize,
    ) -> impl Iterator<Item = String> + 'a {
        let tokens = Tokens::of(stretch, 0..stretch.len(), &[]);
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
    if fold(last_a) != fold(last_b) {
        return false;
    }
    match (a.first(), b.first()) {
        (Some(x), Some(y)) if a.len() > 1 && b.len() > 1 => fold(x) == fold(y),
        _ => true,
    }
}
