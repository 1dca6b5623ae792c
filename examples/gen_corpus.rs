//! A deterministic generator of news corpora with their ground truth, for benchmarks and scale
//! accuracy, and the scorer of a report against that truth.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- generate 10000 /tmp/gen10k    # articles + truth.json
//! quotecheck check /tmp/gen10k/corpus --format json > /tmp/gen10k/report.json
//! cargo run --release --example gen_corpus -- score /tmp/gen10k/truth.json /tmp/gen10k/report.json
//! ```
//!
//! Each article is 400–1,200 words of news prose with 4–12 quotes in every mark style (curly,
//! straight, single, German and French), interrupted and multi-paragraph quotes, pronoun and
//! surname attributions, from a pool of 2,500 speakers. About 30% of quotes re-render a
//! quote of an earlier article: punctuation only, a hedge dropped, cut short, an omission marked
//! with "…", a bracketed insertion, one word swapped; a few put the words in another speaker's
//! mouth. The same seed gives the same bytes. `truth.json` lists every quote with its speaker
//! and the utterance it renders; `score` gives grouping pairwise F1 and speaker accuracy.
//!
//! `adversarial KIND SIZE OUT_DIR` writes one of the adversarial inputs of
//! `tests/support/adversarial.rs` (`bench/adversarial.sh` times them).

#[path = "../tests/support/adversarial.rs"]
mod adversarial;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const GIVEN: &[(&str, bool)] = &[
    ("Ana", true),
    ("Marta", true),
    ("Ines", true),
    ("Priya", true),
    ("Leila", true),
    ("Sofia", true),
    ("Clara", true),
    ("Helen", true),
    ("Nadia", true),
    ("Rosa", true),
    ("Amara", true),
    ("Yuki", true),
    ("Elena", true),
    ("Grace", true),
    ("Freya", true),
    ("Tomas", false),
    ("Omar", false),
    ("Daniel", false),
    ("Marco", false),
    ("Felix", false),
    ("Kwame", false),
    ("Ivan", false),
    ("Luca", false),
    ("Samuel", false),
    ("Peter", false),
    ("Arjun", false),
    ("Hugo", false),
    ("Ravi", false),
    ("Jonas", false),
    ("Emil", false),
];
const SURNAME_STARTS: &[&str] = &[
    "Ash", "Bren", "Cor", "Dal", "Ever", "Fair", "Gar", "Hal", "Ives", "Kel", "Lind", "Mar", "Nor",
    "Ock", "Pen", "Quill", "Rad", "Sel", "Thorn", "Vance", "Wes", "Yar", "Zell", "Brom", "Carr",
    "Dun", "Fen", "Grim", "Holl", "Lark",
];
const SURNAME_ENDS: &[&str] = &[
    "ford", "wick", "ley", "ton", "mere", "by", "croft", "ham", "well", "stone", "berg", "holt",
    "ridge", "field", "wood", "ard", "ing", "ock", "an", "ow", "ett", "ish", "ell", "ier", "ova",
    "ez", "ini", "sen", "dal", "ska", "worth", "er", "ane", "ey", "is", "ar", "ott", "um", "ia",
    "o", "os", "en", "ik", "as", "ui", "et", "au", "eau", "ino", "ski", "on", "ard", "ey", "ath",
    "ond", "ine", "ope", "ule", "yn", "ax", "oy", "us", "el", "an", "ir", "ak", "ud", "ic", "or",
    "aye", "ier", "olm", "ust", "ane", "ea", "ight", "ay", "ose", "oke", "ade", "ide", "ume",
    "yle", "ogue", "ance", "ence", "ette", "elle", "ille", "olle", "ume", "ast", "este", "iste",
    "oste", "uste", "aine",
];
const TITLES: &[&str] = &[
    "Transport Minister",
    "Health Minister",
    "Mayor",
    "Councillor",
    "Senator",
    "Governor",
    "Finance Minister",
    "Education Secretary",
    "Professor",
    "Dr.",
    "Commissioner",
    "Judge",
];
const ROLES: &[&str] = &[
    "a spokesperson for the port authority",
    "the union's general secretary",
    "the council's housing lead",
    "an economist at the central bank",
    "the head of the regional water board",
    "the chief executive of the ferry company",
];
const OUTLETS: &[&str] = &[
    "The Northern Ledger",
    "Harbour Times",
    "Valley Standard",
    "Capital Observer",
    "Meridian Press",
    "Coastline Daily",
    "The Evening Post",
    "Riverside Weekly",
];
const REPORTERS: &[&str] = &[
    "Ana Duarte",
    "Jo Lenhart",
    "Sam Okafor",
    "Rui Sato",
    "Lea Brandt",
];

// Utterances are sentences from these pieces: varied enough that two utterances never share
// a long run of words by chance.
const OPENERS: &[&str] = &[
    "We",
    "The council",
    "This government",
    "Our members",
    "The ministry",
    "The board",
    "Our team",
    "The region",
    "The company",
    "Every family here",
];
const MODALS: &[&str] = &[
    "will",
    "must",
    "cannot",
    "should",
    "intend to",
    "are ready to",
    "refuse to",
    "have promised to",
    "expect to",
    "hope to",
];
const VERBS: &[&str] = &[
    "rebuild",
    "fund",
    "protect",
    "reopen",
    "review",
    "extend",
    "repair",
    "expand",
    "defend",
    "simplify",
    "restore",
    "modernise",
    "support",
    "replace",
    "finish",
    "publish",
    "cut",
    "double",
    "secure",
    "rethink",
];
const ADJECTIVES: &[&str] = &[
    "northern",
    "coastal",
    "old",
    "new",
    "main",
    "rural",
    "central",
    "western",
    "eastern",
    "southern",
    "upper",
    "lower",
    "historic",
    "public",
    "regional",
    "municipal",
    "damaged",
    "crowded",
    "overdue",
    "flooded",
    "empty",
    "busy",
    "neglected",
    "shared",
    "local",
    "outer",
    "inner",
    "temporary",
    "permanent",
    "second",
];
const NOUNS: &[&str] = &[
    "rail lines",
    "harbour wall",
    "clinic",
    "bus network",
    "flood defences",
    "school kitchens",
    "night ferry",
    "library",
    "water mains",
    "hospital wards",
    "coastal road",
    "housing estate",
    "energy grid",
    "tram depot",
    "river bridge",
    "community centre",
    "apprenticeship scheme",
    "care homes",
    "market square",
    "broadband network",
    "sports hall",
    "fire station",
    "bus station",
    "cycle lanes",
    "sea front",
    "town hall",
    "police station",
    "swimming pool",
    "nursery places",
    "railway station",
    "museum",
    "recycling centre",
    "allotments",
    "car parks",
    "court house",
    "health centre",
    "youth club",
    "concert hall",
    "fish market",
    "airport runway",
];
const TOWN_ENDS: &[&str] = &["ton", "by", "mouth", "field", "port", "bridge"];
const WHEN: &[&str] = &[
    "before the winter storms",
    "by the end of next year",
    "within eighteen months",
    "before the next election",
    "this spring",
    "over the next decade",
    "as soon as the money arrives",
    "once the survey is finished",
    "before the summer holidays",
    "in the coming weeks",
    "by next autumn",
    "within two years",
    "before Christmas",
    "after the consultation",
    "by the end of March",
    "this financial year",
    "within the decade",
    "before the tourist season",
    "in the new year",
    "by the time the report is out",
];
const CONJUNCTIONS: &[&str] = &["because", "and", "but", "since", "so"];
const SUBJECTS: &[&str] = &[
    "people",
    "families",
    "the workers",
    "our staff",
    "the town",
    "businesses",
    "patients",
    "students",
    "commuters",
    "taxpayers",
    "young people",
    "pensioners",
    "residents",
    "traders",
];
const PREDICATES: &[&str] = &[
    "have waited long enough",
    "deserve better",
    "need certainty",
    "cannot wait another year",
    "are paying the price",
    "have been patient",
    "expect results",
    "are running out of time",
    "want straight answers",
    "will hold us to it",
    "have heard enough promises",
    "need to see the plans",
    "are tired of delays",
    "should not pay twice",
    "know what is at stake",
    "have told us so",
];
const HEDGES: &[&str] = &["I think", "Probably", "I believe", "Maybe"];
const SWAPS: &[(&str, &str)] = &[
    ("rebuild", "rework"),
    ("fund", "finance"),
    ("protect", "shield"),
    ("reopen", "relaunch"),
    ("review", "revisit"),
    ("extend", "lengthen"),
    ("repair", "mend"),
    ("expand", "enlarge"),
    ("defend", "guard"),
    ("restore", "revive"),
    ("support", "back"),
    ("replace", "renew"),
    ("finish", "complete"),
    ("publish", "release"),
    ("cut", "trim"),
    ("double", "treble"),
    ("secure", "safeguard"),
    ("rethink", "redesign"),
    ("simplify", "streamline"),
    ("modernise", "upgrade"),
];
const PROSE: &[&str] = &[
    "The announcement came after months of pressure from residents and local businesses.",
    "Officials said the details would be published on the council's website later in the week.",
    "The regional assembly is expected to debate the proposal before the end of the month.",
    "Figures released on Monday showed that demand had risen by almost a fifth since last year.",
    "Opposition groups have called for an independent review of the plans.",
    "The scheme is part of a wider programme of investment across the region.",
    "Critics argue that the timetable is unrealistic given the state of public finances.",
    "Local traders said they had not been consulted before the decision was made.",
    "A public meeting is planned for next Thursday at the town hall.",
    "The previous plan was abandoned in 2019 after costs rose sharply.",
    "Engineers have warned that parts of the network are more than a century old.",
    "Residents in the outlying villages have been the worst affected by the delays.",
    "The budget for the work has not yet been confirmed by the treasury.",
    "Several neighbouring authorities are watching the outcome closely.",
    "A consultation on the proposals will run until the end of the summer.",
];
const FRAGMENT_WORDS: &[&str] = &[
    "a betrayal of trust",
    "long overdue",
    "a serious step forward",
    "deeply disappointing",
    "a fair deal for everyone",
    "simply not good enough",
    "a turning point",
    "reckless and rushed",
];

/// The speaker pool: every one has a surname of their own.
const SPEAKERS: usize = 2_500;

#[derive(Clone)]
struct Speaker {
    name: String,
    surname: String,
    female: bool,
    title: String,
}

#[derive(Clone)]
struct Utterance {
    id: usize,
    speaker: usize,
    /// Words as said, with the hedge (if any) first.
    text: String,
    hedge: Option<&'static str>,
    swap: Option<(&'static str, &'static str)>,
    /// Byte where the `because`/`but` clause starts (a truncation point).
    clause_at: usize,
}

fn speakers(rng: &mut Rng, count: usize) -> Vec<Speaker> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    while out.len() < count {
        let (given, female) = GIVEN[rng.below(GIVEN.len())];
        let surname = format!("{}{}", rng.pick(SURNAME_STARTS), rng.pick(SURNAME_ENDS));
        if !seen.insert(surname.clone()) {
            continue;
        }
        out.push(Speaker {
            name: format!("{given} {surname}"),
            surname,
            female,
            title: rng.pick(TITLES).to_string(),
        });
    }
    out
}

fn utterance(rng: &mut Rng, id: usize, speaker: usize) -> Utterance {
    let verb_index = rng.below(VERBS.len());
    let verb = VERBS[verb_index];
    let hedge = rng.chance(25).then(|| rng.pick(HEDGES));
    let town = format!(
        "{}{}{}",
        rng.pick(SURNAME_STARTS),
        rng.pick(SURNAME_ENDS),
        rng.pick(TOWN_ENDS)
    );
    // A street and a sum, as real quotes name the particulars: the open vocabulary that makes
    // most pairs of words in news copy rare.
    let street = format!("{}{}", rng.pick(SURNAME_STARTS), rng.pick(SURNAME_ENDS));
    let main = format!(
        "{} {} {verb} the {} {} on {street} Road in {town} for {} million {}",
        rng.pick(OPENERS),
        rng.pick(MODALS),
        rng.pick(ADJECTIVES),
        rng.pick(NOUNS),
        2 + rng.below(9_998),
        rng.pick(WHEN)
    );
    let main = match hedge {
        Some(h) => format!("{h} {}", lower_first(&main)),
        None => main,
    };
    let clause = format!(
        "{} {} {}",
        rng.pick(CONJUNCTIONS),
        rng.pick(SUBJECTS),
        rng.pick(PREDICATES)
    );
    let text = format!("{main}, {clause}.");
    Utterance {
        id,
        speaker,
        clause_at: main.len(),
        text,
        hedge,
        swap: SWAPS.iter().find(|(from, _)| *from == verb).copied(),
    }
}

/// The sentence with its first letter lower-cased, for a hedge to go before it.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A re-rendering of an utterance, and its kind.
fn render(rng: &mut Rng, u: &Utterance) -> (String, &'static str) {
    let text = &u.text;
    let without_stop = text.trim_end_matches('.');
    match rng.below(6) {
        0 => (without_stop.replacen(", ", " ", 1), "punctuation"),
        1 if u.hedge.is_some() => {
            let hedge = u.hedge.unwrap_or_default();
            let rest = text[hedge.len()..].trim_start();
            let mut chars = rest.chars();
            let rest: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            (rest, "hedge_dropped")
        }
        2 => (text[..u.clause_at].to_string(), "truncated"),
        3 => {
            // The place and the time left out, the omission marked.
            let main = &u.text[..u.clause_at];
            let kept = main.split(" in ").next().unwrap_or(main);
            let clause = &text[u.clause_at + 2..];
            (format!("{kept} … {clause}"), "elided")
        }
        4 if u.swap.is_some() => {
            let (from, to) = u.swap.unwrap_or_default();
            (
                text.replacen(&format!(" {from} "), &format!(" {to} "), 1),
                "swapped",
            )
        }
        5 => {
            let words: Vec<&str> = u.text.split(' ').collect();
            if words.len() > 4 && (words[0] == "We" || words[0] == "Our") {
                (format!("[The group] {}", words[1..].join(" ")), "bracketed")
            } else {
                (without_stop.to_string(), "punctuation")
            }
        }
        _ => (text.to_string(), "verbatim"),
    }
}

struct Generated {
    text: String,
    quotes: Vec<Value>,
}

/// A mark style: opening and closing mark.
const STYLES: &[(&str, &str)] = &[
    ("“", "”"),
    ("“", "”"),
    ("“", "”"),
    ("\"", "\""),
    ("‘", "’"),
    ("„", "“"),
    ("«\u{a0}", "\u{a0}»"),
];

fn article(
    rng: &mut Rng,
    pool: &[Speaker],
    said: &mut Vec<Utterance>,
    next_utterance: &mut usize,
) -> Generated {
    let outlet = rng.pick(OUTLETS);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let headline = format!(
        "{} plans for {} face scrutiny",
        rng.pick(&["Council", "Ministry", "Region", "Board"]),
        rng.pick(NOUNS)
    );
    let mut text = format!(
        "---\ntitle: {headline}\noutlet: {outlet}\ndate: 2026-{month:02}-{day:02}\n---\n\n{headline}\n\nBy {}\n\n",
        rng.pick(REPORTERS)
    );
    let mut quotes = Vec::new();
    let target_words = 400 + rng.below(800);
    let quote_count = 4 + rng.below(9);
    let mut introduced: BTreeSet<usize> = BTreeSet::new();
    let mut last_speaker: Option<usize> = None;
    let mut words = 0;
    let paragraph = |text: &mut String, body: &str, words: &mut usize| {
        text.push_str(body);
        text.push_str("\n\n");
        *words += body.split_whitespace().count();
    };
    for q in 0..quote_count {
        // Prose between quotes, to reach the article's length.
        let prose_paragraphs = 1 + (target_words.saturating_sub(words) / (quote_count - q)) / 45;
        for _ in 0..prose_paragraphs.min(4) {
            let body = format!("{} {}", rng.pick(PROSE), rng.pick(PROSE));
            paragraph(&mut text, &body, &mut words);
        }
        // A re-rendering of an earlier article's quote, or a new utterance.
        let (utterance, rendered, variant, speaker) = if !said.is_empty() && rng.chance(30) {
            let original = said[rng.below(said.len())].clone();
            let (rendered, variant) = render(rng, &original);
            let misattributed = rng.chance(3);
            let speaker = if misattributed {
                (original.speaker + 1 + rng.below(pool.len() - 1)) % pool.len()
            } else {
                original.speaker
            };
            let variant = if misattributed {
                "misattributed"
            } else {
                variant
            };
            (original, rendered, variant, speaker)
        } else {
            // Speakers come back within an article: a pronoun or surname attributes them.
            let speaker = match last_speaker {
                Some(s) if rng.chance(35) => s,
                _ => rng.below(pool.len()),
            };
            let u = utterance(rng, *next_utterance, speaker);
            *next_utterance += 1;
            said.push(u.clone());
            let rendered = u.text.clone();
            (u, rendered, "original", speaker)
        };
        let person = &pool[speaker];
        let first_mention = introduced.insert(speaker);
        let pronoun = if person.female { "she" } else { "he" };
        let named = if first_mention {
            format!("{} {}", person.title, person.name)
        } else if last_speaker == Some(speaker) && rng.chance(60) {
            pronoun.to_string()
        } else {
            person.surname.clone()
        };
        last_speaker = Some(speaker);
        let (open, close) = STYLES[rng.below(STYLES.len())];
        let body = rendered.trim_end_matches('.');
        let style = rng.below(5);
        let mut record = |text: &str, utterance: Option<usize>| {
            quotes.push(json!({
                "text": text,
                "speaker": person.name,
                "utterance": utterance,
                "variant": variant,
            }));
        };
        let paragraph_text = match style {
            // Interrupted: the attribution between the two halves of one sentence.
            0 if body.contains(", ") => {
                let (first, second) = body.split_once(", ").unwrap_or((body, ""));
                record(&format!("{first},"), Some(utterance.id));
                record(&format!("{second}."), None);
                format!("{open}{first},{close} {named} said, {open}{second}.{close}")
            }
            1 => {
                record(&format!("{body}."), Some(utterance.id));
                let cue = if first_mention {
                    format!("{named} said")
                } else {
                    format!("{} told reporters", capitalise(&named))
                };
                format!("{cue}: {open}{body}.{close}")
            }
            // Multi-paragraph: the second sentence is a fragment of prose-like quote.
            2 if first_mention => {
                let extra = format!(
                    "{} {} {}",
                    rng.pick(OPENERS),
                    rng.pick(MODALS),
                    rng.pick(VERBS)
                );
                let extra = format!(
                    "{extra} the {} {} {}",
                    rng.pick(ADJECTIVES),
                    rng.pick(NOUNS),
                    rng.pick(WHEN)
                );
                record(&format!("{body}. {extra},"), Some(utterance.id));
                format!("{open}{body}.\n\n{open}{extra},{close} {named} added.")
            }
            _ => {
                record(&format!("{body},"), Some(utterance.id));
                format!("{open}{body},{close} {named} said.")
            }
        };
        paragraph(&mut text, &paragraph_text, &mut words);
        if rng.chance(15) {
            // A fragment: a few words of the speaker's, inside the writer's sentence.
            let place = format!("{}{}", rng.pick(SURNAME_STARTS), rng.pick(SURNAME_ENDS));
            let fragment = format!(
                "{} {} for {place}",
                rng.pick(FRAGMENT_WORDS),
                rng.pick(&[
                    "and overdue",
                    "but necessary",
                    "and costly",
                    "if late",
                    "and brave",
                    "but risky"
                ]),
            );
            let surname = &pool[speaker].surname;
            let who = rng.pick(ROLES);
            let body = format!(
                "{surname}, described by colleagues as {who}, called the decision “{fragment}”."
            );
            quotes.push(json!({"text": fragment.clone(), "speaker": pool[speaker].name, "utterance": Value::Null, "variant": "fragment"}));
            paragraph(&mut text, &body, &mut words);
        }
    }
    while words < target_words {
        let body = format!("{} {}", rng.pick(PROSE), rng.pick(PROSE));
        paragraph(&mut text, &body, &mut words);
    }
    Generated { text, quotes }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn generate(count: usize, out: &Path, seed: u64) {
    let corpus = out.join("corpus");
    std::fs::create_dir_all(&corpus).expect("create the output folder");
    let mut rng = Rng(seed | 1);
    let pool = speakers(&mut rng, SPEAKERS);
    let mut said: Vec<Utterance> = Vec::new();
    let mut next_utterance = 0;
    let mut truth = Vec::with_capacity(count);
    let mut bytes = 0;
    for number in 0..count {
        let generated = article(&mut rng, &pool, &mut said, &mut next_utterance);
        let name = format!("{:03}/{number:06}.txt", number / 1000);
        let path = corpus.join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated.text).expect("write an article");
        bytes += generated.text.len();
        truth.push(json!({"path": format!("corpus/{name}"), "quotes": generated.quotes}));
    }
    let truth = json!({"seed": seed, "articles": truth});
    std::fs::write(
        out.join("truth.json"),
        serde_json::to_string(&truth).unwrap(),
    )
    .unwrap();
    let mut summary = String::new();
    let _ = write!(
        summary,
        "{count} articles, {:.1} MB, in {}",
        bytes as f64 / 1e6,
        corpus.display()
    );
    eprintln!("{summary}");
}

/// A quote of the report: its id and speaker.
type SystemQuote = (String, Option<String>);

/// Pairwise grouping F1 and speaker accuracy of a report against the truth.
fn score(truth_path: &Path, report_path: &Path) {
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(truth_path).unwrap()).unwrap();
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(report_path).unwrap()).unwrap();
    let strip = |p: &str| {
        p.rsplit_once("corpus/")
            .map_or(p.to_string(), |(_, r)| r.to_string())
    };
    // System quotes by (document, text): their id and speaker.
    let mut system: BTreeMap<(String, String), Vec<SystemQuote>> = BTreeMap::new();
    for q in report["quotes"].as_array().unwrap() {
        system
            .entry((
                strip(q["doc"].as_str().unwrap()),
                q["text"].as_str().unwrap().to_string(),
            ))
            .or_default()
            .push((
                q["id"].as_str().unwrap().to_string(),
                q["speaker"].as_str().map(str::to_string),
            ));
    }
    let mut utterance_of: BTreeMap<String, usize> = BTreeMap::new();
    let (mut speakers_right, mut speakers_total, mut found, mut total) = (0, 0, 0, 0);
    for article in truth["articles"].as_array().unwrap() {
        let doc = strip(article["path"].as_str().unwrap());
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        for q in article["quotes"].as_array().unwrap() {
            total += 1;
            let text = q["text"].as_str().unwrap().to_string();
            let nth = used.entry(text.clone()).or_default();
            let Some((id, speaker)) = system.get(&(doc.clone(), text)).and_then(|v| v.get(*nth))
            else {
                continue;
            };
            *nth += 1;
            found += 1;
            speakers_total += 1;
            if speaker.as_deref() == q["speaker"].as_str() {
                speakers_right += 1;
            }
            if let Some(u) = q["utterance"].as_u64() {
                utterance_of.insert(id.clone(), u as usize);
            }
        }
    }
    let mut by_utterance: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (id, u) in &utterance_of {
        by_utterance.entry(*u).or_default().push(id);
    }
    let truth_pairs: BTreeSet<(String, String)> =
        by_utterance.values().flat_map(|ids| pairs(ids)).collect();
    let system_pairs: BTreeSet<(String, String)> = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| {
            let ids: Vec<&str> = g["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap())
                .filter(|m| utterance_of.contains_key(*m))
                .collect();
            pairs(&ids)
        })
        .collect();
    let tp = truth_pairs.intersection(&system_pairs).count() as f64;
    let precision = tp / system_pairs.len().max(1) as f64;
    let recall = tp / truth_pairs.len().max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    println!(
        "quotes found {found}/{total} ({:.3}); speaker accuracy {:.3} ({speakers_right}/{speakers_total}); \
         grouping pairs P {precision:.3} R {recall:.3} F1 {f1:.3} (truth {}, system {})",
        found as f64 / total.max(1) as f64,
        speakers_right as f64 / speakers_total.max(1) as f64,
        truth_pairs.len(),
        system_pairs.len()
    );
}

fn pairs(ids: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let (x, y) = if a < b { (a, b) } else { (b, a) };
            out.push((x.to_string(), y.to_string()));
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", count, out] => generate(
            count.parse().expect("a number of articles"),
            Path::new(out),
            42,
        ),
        ["generate", count, out, "--seed", seed] => generate(
            count.parse().expect("a number"),
            Path::new(out),
            seed.parse().expect("a seed"),
        ),
        ["score", truth, report] => score(Path::new(truth), Path::new(report)),
        ["adversarial", kind, size, out] => {
            for (path, bytes) in adversarial::generate(kind, size.parse().expect("a size")) {
                let path = Path::new(out).join(path);
                std::fs::create_dir_all(path.parent().unwrap()).expect("a writable folder");
                std::fs::write(path, bytes).expect("a writable folder");
            }
        }
        _ => {
            eprintln!(
                "usage: gen_corpus generate N OUT_DIR [--seed S] | gen_corpus score TRUTH.json REPORT.json\n       \
                 gen_corpus adversarial KIND SIZE OUT_DIR"
            );
            std::process::exit(2);
        }
    }
}
