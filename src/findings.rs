//! Findings: the divergences worth a person's attention, with a severity and a stable
//! fingerprint.
//!
//! Each group's members are judged against its reference (and, in small groups, against each
//! other); a pair makes a finding when its class is above `cosmetic`, it has a flag, its
//! speakers differ (misattribution) or its framings differ (two cue classes, where both have a
//! cue; or a headline framing the reference's words with a cue that is not neutral). A missing
//! cue is never a framing divergence. Severity is the highest of the class's and the flags' severities (configurable);
//! members dated more than `occasion_days` apart lower it one level; quotes in site furniture
//! make none. The fingerprint hashes the pair's normalised words, class and flags — never line
//! numbers or speaker spellings — so a baseline survives edits elsewhere in an article.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::align::{self, Group, Version};
use crate::attribute::Attributed;
use crate::diverge::{self, Class, Divergence, Flag};
use crate::extract::QuoteKind;
use crate::lexicon::CueClass;

/// How much a finding matters.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Note,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "note" => Self::Note,
            "warning" => Self::Warning,
            "error" => Self::Error,
            _ => return None,
        })
    }

    fn lowered(self) -> Self {
        match self {
            Self::Error => Self::Warning,
            Self::Warning | Self::Note => Self::Note,
        }
    }
}

/// Groups of more members than this get member-against-member pairs only with `--all-pairs`.
pub const SMALL_GROUP: usize = 5;
/// Pairs listed per group at most, even with `--all-pairs`.
pub const MAX_PAIRS_PER_GROUP: usize = 200;

/// Options of the judging stage, from the configuration.
#[derive(Debug, Clone)]
pub struct Options {
    /// Severity of each class, flag and framing kind by name (`altered`, `negation_flipped`,
    /// `misattribution`, `framing`, `loaded_framing`).
    pub severities: BTreeMap<String, Level>,
    pub occasion_days: u32,
    pub all_pairs: bool,
}

impl Default for Options {
    fn default() -> Self {
        let severities = [
            ("misattribution", Level::Error),
            ("negation_flipped", Level::Error),
            ("number_changed", Level::Error),
            ("entity_changed", Level::Error),
            ("altered", Level::Warning),
            ("hedge_dropped", Level::Warning),
            ("hedge_added", Level::Warning),
            ("qualifier_cut", Level::Warning),
            ("loaded_framing", Level::Warning),
            ("framing", Level::Note),
            ("truncated", Level::Note),
            ("elided", Level::Note),
            ("headline", Level::Note),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        Self {
            severities,
            occasion_days: 3,
            all_pairs: false,
        }
    }
}

/// Why two framings diverge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FramingRule {
    /// Both versions have a cue, of different classes ("said" here, "admitted" there).
    CueClasses,
    /// A headline frames the reference's words with a cue that is not neutral, whatever the
    /// reference's own cue (a transcript has none).
    HeadlineCue,
}

/// Two members' framings: their cue classes, and whether they diverge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Framing {
    pub a_cue: Option<compact_str::CompactString>,
    pub a_class: Option<CueClass>,
    pub b_cue: Option<compact_str::CompactString>,
    pub b_class: Option<CueClass>,
    pub diverges: bool,
    /// The rule that made them diverge.
    pub rule: Option<FramingRule>,
}

/// One compared pair of a group: `a` is the reference (or the fuller member).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub similarity: f64,
    pub divergence: Divergence,
    pub misattributed: bool,
    pub framing: Framing,
}

/// A group with its pairs judged.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct JudgedGroup {
    /// The group, without its alignments: judging read them into `pairs`.
    pub group: Group,
    pub pairs: Vec<Pair>,
    /// Versions in syndicated copies of a member, by the member they copy.
    pub copies: BTreeMap<usize, Vec<usize>>,
    pub possibly_different_occasion: bool,
    /// All pairs were not listed (more than [`MAX_PAIRS_PER_GROUP`]).
    pub pairs_capped: bool,
}

/// A divergence worth reporting.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Finding {
    pub group: usize,
    pub pair: usize,
    pub level: Level,
    pub fingerprint: Fingerprint,
    /// Why: the class, flags, misattribution and framing, as names ([`reasons`] of the pair;
    /// not kept in the cache's memo, which makes them again).
    #[serde(skip)]
    pub reasons: Vec<&'static str>,
    /// An editor accepted it (see [`crate::review`]): it is reported, but fails no run. Boxed:
    /// a corpus has hundreds of thousands of findings, and few are accepted. Decided after
    /// judging, by the review: never in the cache's memo.
    #[serde(skip)]
    pub accepted: Option<Box<crate::review::Acceptance>>,
}

/// A finding's fingerprint: stable across runs and edits elsewhere (a hash of the pair's
/// normalised words, class and flags). Written, and compared with baselines and `[[accept]]`
/// entries, as 16 hexadecimal digits; held as the number, so a finding owns no string for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(u64);

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl std::str::FromStr for Fingerprint {
    type Err = ();

    /// Only as written (16 lower-case hexadecimal digits), so a baseline or `[[accept]]` entry
    /// matches exactly the findings whose written fingerprint it equals.
    fn from_str(written: &str) -> Result<Self, ()> {
        let as_written = written.len() == 16
            && written
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !as_written {
            return Err(());
        }
        u64::from_str_radix(written, 16).map(Self).map_err(|_| ())
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Fingerprint {
    /// Only as written (see [`Fingerprint::from_str`](std::str::FromStr)).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let written = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        written
            .parse()
            .map_err(|()| serde::de::Error::custom("not a fingerprint"))
    }
}

/// Each quote's reporting cue as judging reads it (the words as written and their class): the
/// only thing judging reads of the attributions, so the cache's memo of judging is keyed by it.
#[derive(Clone, Copy)]
pub struct Cues<'a>(&'a [Attributed]);

impl<'a> Cues<'a> {
    pub fn new(attributions: &'a [Attributed]) -> Self {
        Self(attributions)
    }

    /// The cue of a version's quote, and its class.
    pub fn of(&self, version: &Version) -> (Option<compact_str::CompactString>, Option<CueClass>) {
        let attribution = self
            .0
            .get(version.doc)
            .and_then(|a| a.quotes.get(version.quote));
        (
            attribution.and_then(|a| a.cue.as_ref().map(|(written, _)| written.clone())),
            attribution.and_then(|a| a.cue_class()),
        )
    }
}

/// Judges `b` against `a`. `aligned`, the alignment made when grouping, says `a` is the group's
/// reference: the only comparison where a headline's own cue is weighed (once per headline, not
/// once per member).
fn pair(
    versions: &[Version],
    cues: Cues<'_>,
    a: usize,
    b: usize,
    aligned: Option<&align::local::Alignment>,
) -> Option<Pair> {
    let (longer, shorter) = (&versions[a], &versions[b]);
    // A member and its reference were aligned when grouped: the same call, not made again.
    let against_reference = aligned.is_some();
    let computed;
    let (alignment, similarity) = match aligned {
        Some(alignment) => (alignment, align::containment(longer, shorter, alignment)),
        None => {
            computed = align::align_pair(longer, shorter)?;
            (&computed.0, computed.1)
        }
    };
    let divergence = diverge::judge(longer, &longer.text, shorter, &shorter.text, alignment);
    let misattributed =
        longer.speaker.is_some() && shorter.speaker.is_some() && longer.speaker != shorter.speaker;
    let (a_cue, a_class) = cues.of(longer);
    let (b_cue, b_class) = cues.of(shorter);
    let headline_cue = against_reference
        && shorter.kind == QuoteKind::Headline
        && b_class.is_some_and(|class| class != CueClass::Neutral);
    let rule = if matches!((a_class, b_class), (Some(x), Some(y)) if x != y) {
        Some(FramingRule::CueClasses)
    } else if headline_cue {
        Some(FramingRule::HeadlineCue)
    } else {
        None
    };
    Some(Pair {
        a,
        b,
        similarity,
        divergence,
        misattributed,
        framing: Framing {
            a_cue,
            a_class,
            b_cue,
            b_class,
            diverges: rule.is_some(),
            rule,
        },
    })
}

/// Days between two ISO dates (`YYYY-MM-DD`), where both parse.
fn days_apart(a: &str, b: &str) -> Option<i64> {
    fn day_number(date: &str) -> Option<i64> {
        let mut parts = date.get(..10)?.split('-');
        let (y, m, d): (i64, i64, i64) = (
            parts.next()?.parse().ok()?,
            parts.next()?.parse().ok()?,
            parts.next()?.parse().ok()?,
        );
        // Days from civil (Howard Hinnant's algorithm).
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(era * 146_097 + doe)
    }
    Some((day_number(a)? - day_number(b)?).abs())
}

/// Groups judged before their findings are made and their versions' tokens let go: judging
/// tokenises every version of a group, and those tokens are never held for the whole corpus.
const GROUPS_PER_WINDOW: usize = 1024;

/// Judges every group (pairs, copies, occasion) and finds what to report, in group and pair
/// order. Groups are judged in parallel a window at a time; once a window's findings are made,
/// the tokens judging made of its versions are let go (they are made again if asked for).
pub fn judge_and_find(
    versions: &mut [Version],
    groups: Vec<Group>,
    cues: Cues<'_>,
    options: &Options,
) -> (Vec<JudgedGroup>, Vec<Finding>) {
    judge_and_find_in_windows(versions, groups, cues, options, GROUPS_PER_WINDOW)
}

fn judge_and_find_in_windows(
    versions: &mut [Version],
    groups: Vec<Group>,
    cues: Cues<'_>,
    options: &Options,
    groups_per_window: usize,
) -> (Vec<JudgedGroup>, Vec<Finding>) {
    let mut copies_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (index, version) in versions.iter().enumerate() {
        if let Some(original) = version.copy_of {
            copies_of.entry(original as usize).or_default().push(index);
        }
    }
    use rayon::prelude::*;
    let mut judged: Vec<JudgedGroup> = Vec::with_capacity(groups.len());
    let mut found = Vec::new();
    let mut rest = groups.into_iter().peekable();
    while rest.peek().is_some() {
        let window: Vec<Group> = rest.by_ref().take(groups_per_window).collect();
        let first = judged.len();
        let shared: &[Version] = versions;
        judged.par_extend(
            window
                .into_par_iter()
                .map(|group| judge_group(shared, group, cues, options, &copies_of)),
        );
        for (index, group) in judged.iter().enumerate().skip(first) {
            group_findings(shared, index, group, options, &mut found);
        }
        for group in &judged[first..] {
            for &v in std::iter::once(&group.group.reference).chain(&group.group.members) {
                versions[v].release_matching();
            }
        }
    }
    (judged, crate::exact_len(found))
}

/// One group judged: its pairs, copies and occasion.
fn judge_group(
    versions: &[Version],
    mut group: Group,
    cues: Cues<'_>,
    options: &Options,
    copies_of: &BTreeMap<usize, Vec<usize>>,
) -> JudgedGroup {
    let all: Vec<usize> = std::iter::once(group.reference)
        .chain(group.members.iter().copied())
        .collect();
    // The alignments are read into the pairs and go: the group outlives judging in the report,
    // and they would be its largest part.
    let alignments = std::mem::take(&mut group.alignments);
    let mut pairs: Vec<Pair> = group
        .members
        .iter()
        .zip(&alignments)
        .filter_map(|(&m, aligned)| pair(versions, cues, group.reference, m, Some(aligned)))
        .collect();
    let everyone = options.all_pairs || group.members.len() <= SMALL_GROUP;
    let mut capped = false;
    if everyone {
        'outer: for (x, &a) in group.members.iter().enumerate() {
            for &b in &group.members[x + 1..] {
                if pairs.len() >= MAX_PAIRS_PER_GROUP {
                    capped = true;
                    break 'outer;
                }
                let (a, b) = if versions[b].word_count() > versions[a].word_count() {
                    (b, a)
                } else {
                    (a, b)
                };
                if let Some(found) = pair(versions, cues, a, b, None) {
                    pairs.push(found);
                }
            }
        }
    }
    let dates: Vec<&str> = all
        .iter()
        .filter_map(|&v| versions[v].origin.date.as_deref())
        .collect();
    let possibly_different_occasion = dates.iter().any(|x| {
        dates
            .iter()
            .any(|y| days_apart(x, y).is_some_and(|d| d > i64::from(options.occasion_days)))
    });
    let copies = all
        .iter()
        .filter_map(|v| copies_of.get(v).map(|c| (*v, c.clone())))
        .collect();
    JudgedGroup {
        group,
        // Held as long as the report is (most groups have a pair or two, in room for four).
        pairs: crate::exact_len(pairs),
        copies,
        possibly_different_occasion,
        pairs_capped: capped,
    }
}

/// A stable 64-bit hash (FNV-1a): the same on every machine and run, unlike `std`'s hashers.
pub(crate) struct StableHash(u64);

impl StableHash {
    pub(crate) fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    /// Adds one part, with a separator so ("a b", "c") and ("a", "b c") differ.
    pub(crate) fn part(&mut self, part: &str) {
        for byte in part.bytes().chain([0x1f]) {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub(crate) fn value(&self) -> u64 {
        self.0
    }
}

/// The fingerprint of some parts, in hex.
fn fingerprint(parts: &[&str]) -> Fingerprint {
    let mut hash = StableHash::new();
    parts.iter().for_each(|part| hash.part(part));
    Fingerprint(hash.value())
}

/// Why a pair may be worth reporting, as the rules' names: its class (past cosmetic), its flags,
/// misattribution, framing. A finding is made when one of them has a severity.
pub fn reasons(pair: &Pair) -> Vec<&'static str> {
    let mut reasons = Vec::new();
    if pair.divergence.class > Class::Cosmetic {
        reasons.push(pair.divergence.class.as_str());
    }
    reasons.extend(pair.divergence.flags.iter().map(|flag| flag.as_str()));
    if pair.misattributed {
        reasons.push("misattribution");
    }
    if pair.framing.diverges {
        let loaded = [pair.framing.a_class, pair.framing.b_class].contains(&Some(CueClass::Loaded));
        reasons.push(if loaded { "loaded_framing" } else { "framing" });
    }
    reasons
}

/// Adds the findings of one judged group, the `group_index`th, in pair order.
fn group_findings(
    versions: &[Version],
    group_index: usize,
    group: &JudgedGroup,
    options: &Options,
    found: &mut Vec<Finding>,
) {
    let level_of = |name: &str| options.severities.get(name).copied();
    for (pair_index, pair) in group.pairs.iter().enumerate() {
        let (a, b) = (&versions[pair.a], &versions[pair.b]);
        if a.in_boilerplate || b.in_boilerplate {
            continue;
        }
        let why = reasons(pair);
        let Some(mut level) = why.iter().filter_map(|name| level_of(name)).max() else {
            continue;
        };
        if group.possibly_different_occasion {
            level = level.lowered();
        }
        let class = pair.divergence.class.as_str();
        let flags: Vec<&str> = pair
            .divergence
            .flags
            .iter()
            .map(|f| Flag::as_str(*f))
            .collect();
        let (a_words, b_words) = (a.words().join(" "), b.words().join(" "));
        let misattributed = if pair.misattributed {
            "misattributed"
        } else {
            ""
        };
        let framing = if pair.framing.diverges { "framing" } else { "" };
        let mut parts = vec![
            a_words.as_str(),
            b_words.as_str(),
            class,
            misattributed,
            framing,
        ];
        parts.extend(flags);
        found.push(Finding {
            group: group_index,
            pair: pair_index,
            level,
            fingerprint: fingerprint(&parts),
            reasons: crate::exact_len(why),
            accepted: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judging_a_window_at_a_time_finds_what_judging_all_at_once_finds() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let analysis = crate::analyze(&[corpus], &crate::config::Config::default());
        let judge = |groups_per_window| {
            let mut versions = crate::align::versions(&analysis);
            let groups = crate::align::group(&mut versions).groups;
            let groups = crate::align::split_transcript_groups(&mut versions, groups).groups;
            let (judged, found) = judge_and_find_in_windows(
                &mut versions,
                groups,
                Cues::new(&analysis.attributions),
                &Options::default(),
                groups_per_window,
            );
            assert!(
                found.len() > 2,
                "the demo corpus has findings in several groups"
            );
            format!("{judged:?}\n{found:?}")
        };
        assert_eq!(judge(1), judge(usize::MAX));
    }

    #[test]
    fn dates_apart_in_days() {
        assert_eq!(days_apart("2026-03-10", "2026-04-02"), Some(23));
        assert_eq!(days_apart("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_apart("March", "2026-04-02"), None);
    }

    #[test]
    fn fingerprints_are_stable_and_sensitive() {
        assert_eq!(fingerprint(&["a b", "a"]), fingerprint(&["a b", "a"]));
        assert_ne!(fingerprint(&["a b", "a"]), fingerprint(&["a", "b a"]));
    }

    #[test]
    fn fingerprints_are_read_back_only_as_written() {
        let found = fingerprint(&["we will act", "we act", "altered"]);
        let written = found.to_string();
        assert_eq!(written.len(), 16);
        assert_eq!(written.parse::<Fingerprint>(), Ok(found));
        assert_eq!(
            "0e492e80d8b41f41".parse::<Fingerprint>(),
            Ok(Fingerprint(0x0e49_2e80_d8b4_1f41))
        );
        assert!(
            "0E492E80D8B41F41".parse::<Fingerprint>().is_err(),
            "upper case"
        );
        assert!(written[1..].parse::<Fingerprint>().is_err(), "15 digits");
        assert!(
            format!("+{}", &written[1..])
                .parse::<Fingerprint>()
                .is_err()
        );
        assert!("0e492e80d8b41f4g".parse::<Fingerprint>().is_err());
    }
}
