//! Word lists the pipeline consults: reporting cues with their framing class, site furniture,
//! abbreviations, elisions and label markers.
//!
//! Every list is data in a file beside this module (one place each), parsed once on first use.
//! Lookups are case-insensitive on lower-cased input and never allocate per call beyond the
//! caller's own lower-casing.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// How a reporting cue frames the words it introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CueClass {
    Neutral,
    Emphatic,
    Concessive,
    Cautionary,
    Loaded,
    Positive,
    Question,
}

impl CueClass {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "neutral" => Self::Neutral,
            "emphatic" => Self::Emphatic,
            "concessive" => Self::Concessive,
            "cautionary" => Self::Cautionary,
            "loaded" => Self::Loaded,
            "positive" => Self::Positive,
            "question" => Self::Question,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Neutral => "neutral",
            Self::Emphatic => "emphatic",
            Self::Concessive => "concessive",
            Self::Cautionary => "cautionary",
            Self::Loaded => "loaded",
            Self::Positive => "positive",
            Self::Question => "question",
        }
    }
}

/// One reporting cue: its base form and framing class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    #[serde(deserialize_with = "crate::cache::interned")]
    pub lemma: crate::cache::Name,
    pub class: CueClass,
}

/// All inflected forms of all cues, keyed by their first word.
pub struct CueLexicon {
    /// first word → (all words of the form, cue); longest forms first.
    by_first_word: HashMap<&'static str, Vec<(Vec<&'static str>, Cue)>>,
}

impl CueLexicon {
    fn parse(source: &'static str) -> Self {
        let mut by_first_word: HashMap<&'static str, Vec<(Vec<&'static str>, Cue)>> =
            HashMap::default();
        for line in data_lines(source) {
            let mut columns = line.split('\t');
            let (Some(class), Some(language), Some(lemma)) =
                (columns.next(), columns.next(), columns.next())
            else {
                panic!("cues.tsv: malformed line {line:?}");
            };
            let class = CueClass::parse(class)
                .unwrap_or_else(|| panic!("cues.tsv: unknown class in {line:?}"));
            let cue = Cue { lemma, class };
            let extra = columns.next().unwrap_or("");
            let mut forms: Vec<String> = if language == "en" {
                inflect(lemma)
            } else if extra.is_empty() {
                vec![lemma.to_string()]
            } else {
                Vec::new()
            };
            forms.extend(extra.split(' ').filter(|f| !f.is_empty()).map(|form| {
                // An extra form of a phrase lemma names only its first word.
                let rest: Vec<&str> = lemma.split(' ').skip(1).collect();
                if rest.is_empty() || form.contains(' ') {
                    form.to_string()
                } else {
                    format!("{form} {}", rest.join(" "))
                }
            }));
            forms.sort();
            forms.dedup();
            for form in forms {
                let words: Vec<&'static str> = leak(form).split(' ').collect();
                by_first_word
                    .entry(words[0])
                    .or_default()
                    .push((words, cue));
            }
        }
        for forms in by_first_word.values_mut() {
            forms.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        }
        Self { by_first_word }
    }

    /// The cue whose form starts at `words[at]` (lower-case words), with the number of words
    /// it spans. The longest form wins ("paid tribute" over "paid").
    pub fn cue_at(&self, words: &[&str], at: usize) -> Option<(Cue, usize)> {
        let candidates = self.by_first_word.get(words.get(at)?)?;
        candidates.iter().find_map(|(form, cue)| {
            let end = at + form.len();
            (end <= words.len() && words[at..end] == form[..]).then_some((*cue, form.len()))
        })
    }

    /// Whether any cue occurs in the lower-case word sequence.
    pub fn any_in(&self, words: &[&str]) -> bool {
        (0..words.len()).any(|i| self.cue_at(words, i).is_some())
    }

    /// Number of distinct inflected forms, for tests and documentation.
    pub fn form_count(&self) -> usize {
        self.by_first_word.values().map(Vec::len).sum()
    }
}

fn leak(s: String) -> &'static str {
    // The lexicon lives for the whole process; leaking its few thousand bytes once keeps every
    // lookup borrow-only.
    Box::leak(s.into_boxed_str())
}

/// A lemma and its regular English inflections (its first word inflected for phrases).
fn inflect(lemma: &str) -> Vec<String> {
    let (head, rest) = match lemma.split_once(' ') {
        Some((head, rest)) => (head, format!(" {rest}")),
        None => (lemma, String::new()),
    };
    let mut heads = vec![head.to_string()];
    if head.is_ascii() && head.len() > 2 {
        let stem_e = head.strip_suffix('e');
        let consonant_y =
            head.ends_with('y') && !head[..head.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
        if let Some(stem) = stem_e {
            heads.extend([format!("{head}s"), format!("{head}d"), format!("{stem}ing")]);
        } else if consonant_y {
            let stem = &head[..head.len() - 1];
            heads.extend([
                format!("{stem}ies"),
                format!("{stem}ied"),
                format!("{head}ing"),
            ]);
        } else if head.ends_with(['s', 'x', 'z']) || head.ends_with("sh") || head.ends_with("ch") {
            heads.extend([
                format!("{head}es"),
                format!("{head}ed"),
                format!("{head}ing"),
            ]);
        } else {
            heads.extend([
                format!("{head}s"),
                format!("{head}ed"),
                format!("{head}ing"),
            ]);
        }
    }
    heads.into_iter().map(|h| format!("{h}{rest}")).collect()
}

fn data_lines(source: &'static str) -> impl Iterator<Item = &'static str> {
    source
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

fn word_set(source: &'static str) -> HashSet<&'static str> {
    data_lines(source).collect()
}

/// Reporting cues.
pub static CUES: LazyLock<CueLexicon> =
    LazyLock::new(|| CueLexicon::parse(include_str!("cues.tsv")));

/// Starts of site-furniture lines ("Follow us on social", "Recommended Stories"), by their
/// first byte ASCII-lower-cased: most lines start with a byte no entry starts with.
static FURNITURE: LazyLock<[Vec<&'static str>; 256]> = LazyLock::new(|| {
    let mut by_first_byte: [Vec<&'static str>; 256] = std::array::from_fn(|_| Vec::new());
    for start in data_lines(include_str!("furniture.txt")) {
        by_first_byte[usize::from(start.as_bytes()[0].to_ascii_lowercase())].push(start);
    }
    by_first_byte
});

/// Page furniture in HTML: element names, ARIA roles, and class or id words.
struct PageFurniture {
    elements: HashSet<&'static str>,
    roles: HashSet<&'static str>,
    words: HashSet<&'static str>,
}

static PAGE_FURNITURE: LazyLock<PageFurniture> = LazyLock::new(|| {
    let mut furniture = PageFurniture {
        elements: HashSet::default(),
        roles: HashSet::default(),
        words: HashSet::default(),
    };
    for line in data_lines(include_str!("page_furniture.txt")) {
        let (kind, value) = line
            .split_once(' ')
            .expect("page_furniture.txt: element|role|word NAME");
        match kind {
            "element" => furniture.elements.insert(value),
            "role" => furniture.roles.insert(value),
            "word" => furniture.words.insert(value),
            other => panic!("page_furniture.txt: unknown kind {other}"),
        };
    }
    furniture
});

/// Whether an HTML element is page furniture by its name (lower case), ARIA role, or a word of
/// its class or id (`related-stories`, `ad_slot`, `site-nav`).
pub fn is_page_furniture(element: &str, role: &str, class_and_id: &str) -> bool {
    let furniture = &*PAGE_FURNITURE;
    if furniture.elements.contains(element) || furniture.roles.contains(role) {
        return true;
    }
    let lower = class_and_id.to_ascii_lowercase();
    lower.split_ascii_whitespace().any(|name| {
        furniture.words.contains(name)
            || name
                .split(['-', '_'])
                .any(|word| furniture.words.contains(word))
    })
}

/// Words whose full stop does not end a sentence.
pub static ABBREVIATIONS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("abbreviations.txt")));

/// Words that begin with an apostrophe ('tis, 'em, 'n').
pub static ELISIONS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("elisions.txt")));

/// Words before a quotation that make it a label or title ("so-called", "dubbed").
pub static LABEL_MARKERS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| data_lines(include_str!("label_markers.txt")).collect());

/// Cues that attribute only in a tag right after a quote (German `„…“, so Reyke`).
pub static TAG_ONLY_CUES: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    data_lines(include_str!("tag_cues.tsv"))
        .map(|line| {
            let (class, lemma) = line
                .split_once('\t')
                .expect("tag_cues.tsv: class<TAB>lemma");
            Cue {
                lemma,
                class: CueClass::parse(class).expect("tag_cues.tsv: known class"),
            }
        })
        .collect()
});

/// Title and role words ("minister", "secretary", "coach").
pub static TITLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("titles.txt")));

/// Words that end an organisation's name ("League", "Journal", "Kremlin").
pub static ORGANISATION_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("organisations.txt")));

/// Capitalised words that never start a name ("The", "But", "Monday", "By").
pub static NOT_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("not_names.txt")));

/// Plural nouns for unnamed groups ("officials", "analysts").
pub static GROUP_NOUNS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("groups.txt")));

/// Nouns for texts that carry words ("report", "statement", "Bericht").
pub static TEXT_NOUNS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("texts.txt")));

/// Words that make a capitalised name a place ("River", "Junction").
pub static PLACE_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("places.txt")));

/// The gender a pronoun refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Female,
    Male,
}

/// Given names (lower case) with the gender their bearers are usually referred to with.
pub static GIVEN_NAMES: LazyLock<HashMap<&'static str, Gender>> = LazyLock::new(|| {
    data_lines(include_str!("given_names.tsv"))
        .map(|line| {
            let (gender, name) = line
                .split_once('\t')
                .expect("given_names.tsv: gender<TAB>name");
            let gender = match gender {
                "f" => Gender::Female,
                "m" => Gender::Male,
                other => panic!("given_names.tsv: unknown gender {other:?}"),
            };
            (name, gender)
        })
        .collect()
});

/// The gender a pronoun (lower case) refers to, if it has one.
pub fn pronoun_gender(pronoun: &str) -> Option<Gender> {
    match pronoun {
        "he" | "er" | "il" | "hij" | "él" | "lui" | "ele" => Some(Gender::Male),
        "she" | "sie" | "elle" | "zij" | "ella" | "lei" | "ela" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender a title or role word (lower case) implies, if any.
pub fn title_gender(word: &str) -> Option<Gender> {
    let word = word.trim_end_matches('.');
    match word {
        "mr" | "sir" | "lord" | "king" | "prince" | "father" | "chairman" | "spokesman"
        | "congressman" | "actor" | "husband" | "widower" | "brother" | "nephew" | "grandson" => {
            Some(Gender::Male)
        }
        "mrs" | "ms" | "miss" | "dame" | "lady" | "queen" | "princess" | "chairwoman"
        | "spokeswoman" | "congresswoman" | "actress" | "wife" | "widow" | "mother" | "sister"
        | "daughter" | "niece" | "granddaughter" => Some(Gender::Female),
        // German feminines: a title with -in ("Ministerin"), not "captain" or "chaplain".
        _ if word.len() > 6
            && TITLES.contains(word)
            && word.strip_suffix("in").is_some_and(is_title_word) =>
        {
            Some(Gender::Female)
        }
        _ => None,
    }
}

/// Personal pronouns that can be the subject of a reporting cue (Dutch `ze` is she or they).
pub const SUBJECT_PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "er", "sie", "il", "elle", "hij", "zij", "ze", "él", "ella", "lui",
    "lei", "ele", "ela",
];

/// Determiners of somebody the article does not name (`a spokesperson`, `one official`).
const INDEFINITE_DETERMINERS: &[&str] = &[
    "a", "an", "one", "another", "un", "une", "ein", "eine", "einer", "uno", "una", "um", "uma",
    "een",
];

/// Whether a mention opens with an indefinite determiner: a role it names is nobody's known
/// role (`a spokesperson for the company` is not the spokesperson named earlier).
pub fn is_indefinite(mention: &str) -> bool {
    mention
        .split_whitespace()
        .next()
        .is_some_and(|first| INDEFINITE_DETERMINERS.contains(&first.to_lowercase().as_str()))
}

/// Whether a lower-case word is a title: listed, or a German compound ending in a title
/// ("landesumweltministerin", "geschäftsführer", "verdi-sekretärin").
pub fn is_title_word(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    TITLES.contains(word)
        || [
            "ministerin",
            "minister",
            "präsident",
            "präsidentin",
            "sprecher",
            "sprecherin",
            "führer",
            "führerin",
            "chef",
            "chefin",
            "sekretär",
            "sekretärin",
            "leiter",
            "leiterin",
            "direktor",
            "direktorin",
            "vorsitzender",
            "vorsitzende",
        ]
        .iter()
        .any(|suffix| word.len() > suffix.len() + 3 && word.ends_with(suffix))
}

/// Lower-case words that may sit inside a name ("Ursula von der Leyen", "Mohammed bin Salman").
pub const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "bin", "ibn", "al", "el",
    "la", "le", "dos", "das", "ter", "ten",
];

/// Function words ("the", "of", "we").
pub static STOPWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("stopwords.txt")));

/// Hedges ("i think", "probably"), as word sequences by their first word.
static HEDGES: LazyLock<HashMap<&'static str, Vec<Vec<&'static str>>>> = LazyLock::new(|| {
    let mut by_first_word: HashMap<&'static str, Vec<Vec<&'static str>>> = HashMap::default();
    for line in data_lines(include_str!("hedges.txt")) {
        let words: Vec<&str> = line.split(' ').collect();
        by_first_word.entry(words[0]).or_default().push(words);
    }
    by_first_word
});

/// Whether normalised `words` hold a hedge ("i think", "probably").
pub fn has_hedge(words: &[impl AsRef<str>]) -> bool {
    (0..words.len()).any(|start| {
        HEDGES.get(words[start].as_ref()).is_some_and(|hedges| {
            hedges.iter().any(|hedge| {
                words[start..].len() >= hedge.len()
                    && hedge
                        .iter()
                        .zip(&words[start..])
                        .all(|(h, w)| *h == w.as_ref())
            })
        })
    })
}

/// Negations ("not", "never", "don't").
pub static NEGATIONS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("negations.txt")));

/// Words that open a qualifying clause ("but", "although").
pub static QUALIFIERS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("qualifiers.txt")));

/// Number words ("fourteen", "percent").
pub static NUMBER_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("numbers.txt")));

/// Whether a line (any case) starts like site furniture.
pub fn is_furniture(line: &str) -> bool {
    /// Furniture is a short line; a paragraph of body text never is.
    const MAX_FURNITURE_BYTES: usize = 400;
    let line = line.trim_start();
    if line.len() > MAX_FURNITURE_BYTES {
        return false;
    }
    let Some(first) = line.bytes().next() else {
        return false;
    };
    FURNITURE[usize::from(first.to_ascii_lowercase())]
        .iter()
        .any(|start| {
            line.get(..start.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(start))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hedges_are_found_whole_anywhere_in_the_words() {
        let words = |text: &str| text.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert!(has_hedge(&words("we will i think sign it")));
        assert!(has_hedge(&words("it is probably done")));
        assert!(has_hedge(&words("sign it i think")));
        assert!(!has_hedge(&words("sign it i")), "a hedge cut short is none");
        assert!(!has_hedge(&words("i will sign it")));
        assert!(!has_hedge(&Vec::<String>::new()));
    }

    #[test]
    fn cue_forms_are_plentiful_and_classed() {
        assert!(CUES.form_count() > 400, "only {} forms", CUES.form_count());
        let words = ["she", "has", "admitted", "that"];
        let (cue, len) = CUES.cue_at(&words, 2).unwrap();
        assert_eq!(
            (cue.lemma, cue.class, len),
            ("admit", CueClass::Concessive, 1)
        );
        let words = ["they", "paid", "tribute", "to"];
        let (cue, len) = CUES.cue_at(&words, 1).unwrap();
        assert_eq!(
            (cue.lemma, cue.class, len),
            ("pay tribute", CueClass::Positive, 2)
        );
        let words = ["according", "to", "the", "minister"];
        assert_eq!(CUES.cue_at(&words, 0).unwrap().0.lemma, "according to");
        assert_eq!(
            CUES.cue_at(&["warnte"], 0).unwrap().0.class,
            CueClass::Cautionary
        );
        assert_eq!(
            CUES.cue_at(&["déclaré"], 0).unwrap().0.class,
            CueClass::Neutral
        );
        assert!(CUES.cue_at(&["table"], 0).is_none());
    }

    #[test]
    fn furniture_is_recognised_case_insensitively() {
        assert!(is_furniture("Follow us on social"));
        assert!(is_furniture("RECOMMENDED STORIES"));
        assert!(!is_furniture("Minister says deal is close"));
    }
}
