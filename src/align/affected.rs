//! Affected: after an edit, the parts of the candidate graph it touches, grouped again alone.
//!
//! Whether the bigram join (`candidates`) pairs two versions depends on the two alone — their
//! bigram keys, word counts, speakers and order in the corpus — and on two facts of the whole
//! corpus: which bigrams are rare (held by at most `MAX_POSTINGS` versions), and which quotes of
//! a speaker past [`MAX_SPEAKER_QUOTES`] are left out. And the greedy pass (`take_members`)
//! makes of one connected part of the candidate graph what it makes of that part alone. So a
//! run that knows the earlier run's parts and every version's keys ([`IndexKeys`]) groups again
//! only:
//!
//! - the versions that changed (not in the earlier run as they are now) and the holders of any
//!   bigram whose rarity the edit moved, with every earlier part that held one of them or a
//!   version since removed;
//! - grown by the candidates of those versions (the join's own test, `is_candidate`, against
//!   the posting lists of their bigrams, gathered by one pass over every version's keys) and by
//!   their copies and originals, with those versions' earlier parts, until nothing is added.
//!
//! That set is closed under the candidate relation, so grouping it alone gives the groups the
//! whole corpus's grouping gives it; every other part is as it was, and keeps its groups.
//!
//! Invariants: versions that did not change keep their relative order (the caller checks it);
//! a speaker with more than [`MAX_SPEAKER_QUOTES`] quotes means the whole corpus is grouped
//! again (`None`), since which of them are compared depends on every other; so does an edit
//! that touches more than a quarter of the corpus, which the whole corpus's join groups faster.

use rustc_hash::{FxHashMap, FxHashSet};

use super::{
    CANDIDATE_SHARE_PERCENT, CROSS_CANDIDATE_SHARE_PERCENT, CROSS_SPEAKER_MIN_WORDS, Grouping,
    MAX_POSTINGS, MAX_SPEAKER_QUOTES, Parts, REFERENCES_PER_WINDOW, Version,
};

/// Grouping again more than one version in this many costs more than grouping the whole corpus:
/// finding one version's candidates alone reads all its bigrams' posting lists, where the join
/// over the whole corpus reads a prefix of them.
const MOST_REGROUPED: usize = 4;
/// Up to this many versions are grouped again however small the corpus (either way takes
/// milliseconds).
const ALWAYS_REGROUPED: usize = 1_000;

/// Every version's indexed bigram keys ([`Version::index_keys`]), in one flat list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexKeys {
    /// Where each version's keys start in `keys`, and one past the last's end.
    starts: Vec<usize>,
    keys: Vec<u64>,
}

impl Default for IndexKeys {
    fn default() -> Self {
        Self {
            starts: vec![0],
            keys: Vec::new(),
        }
    }
}

impl IndexKeys {
    /// The keys of versions holding `counts` keys each, in order: `None` unless they add up
    /// and each version's are sorted, each once.
    pub fn from_counts(counts: impl Iterator<Item = usize>, keys: Vec<u64>) -> Option<Self> {
        let mut starts = Vec::with_capacity(counts.size_hint().0 + 1);
        starts.push(0);
        for count in counts {
            starts.push(starts[starts.len() - 1] + count);
        }
        let index = Self { starts, keys };
        let whole = index.starts.last() == Some(&index.keys.len())
            && (0..index.len()).all(|v| index.of(v).is_sorted_by(|a, b| a < b));
        whole.then_some(index)
    }

    /// Adds the next version's keys (sorted, each once).
    pub fn push(&mut self, keys: &[u64]) {
        self.keys.extend_from_slice(keys);
        self.starts.push(self.keys.len());
    }

    /// The keys of version `v`.
    pub fn of(&self, v: usize) -> &[u64] {
        &self.keys[self.starts[v]..self.starts[v + 1]]
    }

    /// How many versions there are.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Every version's bigram keys, however they are held.
pub trait Keys: Sync {
    /// The keys of version `v` (sorted, each once).
    fn of(&self, v: usize) -> &[u64];
    /// How many versions there are.
    fn versions(&self) -> usize;
}

impl Keys for IndexKeys {
    fn of(&self, v: usize) -> &[u64] {
        IndexKeys::of(self, v)
    }

    fn versions(&self) -> usize {
        self.len()
    }
}

/// What the earlier run left, as the run after an edit sees it.
pub struct Earlier<'a> {
    /// For each version, the earlier run's index of it, when it was there as it is now; the
    /// indices that are set ascend.
    pub same_as: &'a [Option<u32>],
    /// The earlier run's part of each of its versions.
    pub components: &'a [u32],
    /// The earlier run's keys of each of its versions.
    pub keys: &'a IndexKeys,
    /// The earlier run's versions that are not among this run's (removed, or changed).
    pub removed: &'a [u32],
}

/// The groups of the parts an edit touched.
pub struct Regrouped {
    /// Whether each of the earlier run's parts was grouped again (by its number): the others
    /// keep their groups.
    pub remade: Vec<bool>,
    /// The groups of the versions grouped again (reference priority order), the limits hit
    /// among them, and every version's part of this run's candidate graph.
    pub grouping: Grouping,
    /// How many versions were grouped again.
    pub versions: usize,
}

/// Groups again the versions an edit touched (see the module's docs), or `None` when the whole
/// corpus must be grouped.
pub fn regroup(versions: &[Version], keys: &impl Keys, earlier: &Earlier<'_>) -> Option<Regrouped> {
    use rayon::prelude::*;
    let n = versions.len();
    let mut blocks: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    let mut copies: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (v, version) in versions.iter().enumerate() {
        if let Some(speaker) = version
            .speaker
            .as_deref()
            .filter(|_| !keys.of(v).is_empty())
        {
            blocks.entry(speaker).or_default().push(v as u32);
        }
        if let Some(original) = version.copy_of {
            copies.entry(original).or_default().push(v as u32);
        }
    }
    if blocks
        .values()
        .any(|block| block.len() > MAX_SPEAKER_QUOTES)
    {
        return None;
    }
    let parts = earlier
        .components
        .iter()
        .max()
        .map_or(0, |&c| c as usize + 1);
    let mut set = Growing {
        earlier,
        member: vec![false; n],
        count: 0,
        frontier: Vec::new(),
        remade: vec![false; parts],
    };
    for &removed in earlier.removed {
        set.remade[earlier.components[removed as usize] as usize] = true;
    }
    let changed: Vec<usize> = (0..n).filter(|&v| earlier.same_as[v].is_none()).collect();
    for &v in &changed {
        set.add(v);
    }
    // Bigrams an edit made rare, or common: whether a pair holding one is a candidate may have
    // changed, so their holders count as changed. Their posting lists are gathered with the
    // first round's.
    let mut moved: FxHashMap<u64, (usize, usize)> = FxHashMap::default();
    for &v in &changed {
        for &key in keys.of(v) {
            moved.entry(key).or_default().0 += 1;
        }
    }
    for &r in earlier.removed {
        for &key in earlier.keys.of(r as usize) {
            moved.entry(key).or_default().1 += 1;
        }
    }
    let mut postings = Postings::default();
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); n];
    loop {
        for v in 0..n {
            if !set.member[v]
                && earlier.same_as[v]
                    .is_some_and(|o| set.remade[earlier.components[o as usize] as usize])
            {
                set.add(v);
            }
        }
        if set.frontier.is_empty() {
            break;
        }
        // Past a quarter of the corpus the join over the whole of it is quicker.
        if set.count > (n / MOST_REGROUPED).max(ALWAYS_REGROUPED) {
            return None;
        }
        let batch = std::mem::take(&mut set.frontier);
        let wanted = batch.iter().flat_map(|&v| keys.of(v));
        postings.gather(keys, wanted.chain(moved.keys()).copied().collect());
        for (key, (added, removed)) in moved.drain() {
            let holding = postings.of(key);
            let (now, before) = (holding.len(), holding.len() + removed - added);
            if now > 0 && before > 0 && (now <= MAX_POSTINGS) != (before <= MAX_POSTINGS) {
                for &v in holding {
                    set.add(v as usize);
                }
            }
        }
        let found: Vec<Vec<usize>> = batch
            .par_iter()
            .map(|&x| partners_of(x, versions, keys, &postings, &blocks))
            .collect();
        for (&x, found) in batch.iter().zip(found) {
            for &y in &found {
                set.add(y);
            }
            let links = versions[x]
                .copy_of
                .into_iter()
                .chain(copies.get(&(x as u32)).into_iter().flatten().copied());
            for linked in links {
                set.add(linked as usize);
            }
            partners[x] = found;
        }
    }
    let regrouped: Vec<usize> = (0..n).filter(|&v| set.member[v]).collect();
    let count = regrouped.len();
    let order = super::in_priority_order(versions, regrouped);
    let (groups, limits) = super::take_members(versions, &partners, &order, REFERENCES_PER_WINDOW);
    // This run's parts: those grouped again from the candidates found, the others as they
    // were (each joined to the first of its earlier part's versions).
    let mut regrouped_parts = Parts::new(n);
    let mut first_of_earlier: Vec<Option<usize>> = vec![None; parts];
    for v in 0..n {
        match earlier.same_as[v].filter(|_| !set.member[v]) {
            None => regrouped_parts.join_links(versions, &partners, v),
            Some(o) => match &mut first_of_earlier[earlier.components[o as usize] as usize] {
                Some(first) => regrouped_parts.join(*first, v),
                unset => *unset = Some(v),
            },
        }
    }
    let components = regrouped_parts.numbered();
    Some(Regrouped {
        remade: set.remade,
        grouping: Grouping {
            groups,
            limits,
            components,
        },
        versions: count,
    })
}

/// The candidates of version `x`: the join's partners of it, found by testing the versions that
/// share one of its rare bigrams, and its speaker's others. `postings` holds the posting list of
/// every key of `x`.
fn partners_of(
    x: usize,
    versions: &[Version],
    keys: &impl Keys,
    postings: &Postings,
    blocks: &FxHashMap<&str, Vec<u32>>,
) -> Vec<usize> {
    let own = keys.of(x);
    let (rare, common): (Vec<&[u32]>, Vec<&[u32]>) = own
        .iter()
        .map(|&key| postings.of(key))
        .partition(|list| list.len() <= MAX_POSTINGS);
    // Across speakers a partner shares a rare bigram, and shares no more than the rare ones it
    // holds and every common one: those that cannot share enough are passed over before their
    // keys are read.
    let mut held: Vec<u32> = rare.into_iter().flatten().copied().collect();
    held.sort_unstable();
    let mut found: Vec<usize> = held
        .chunk_by(|a, b| a == b)
        .filter(|same| {
            let fewer = own.len().min(keys.of(same[0] as usize).len());
            same.len() + common.len()
                >= super::needed(fewer, CROSS_CANDIDATE_SHARE_PERCENT) as usize
        })
        .map(|same| same[0] as usize)
        .collect();
    if let Some(block) = versions[x].speaker.as_deref().and_then(|s| blocks.get(s)) {
        found.extend(block.iter().map(|&y| y as usize));
    }
    found.sort_unstable();
    found.dedup();
    found.retain(|&y| is_candidate(versions, keys, postings, x, y));
    found
}

/// The versions to group again, as they are found.
struct Growing<'a> {
    earlier: &'a Earlier<'a>,
    /// Whether each version is to be grouped again.
    member: Vec<bool>,
    /// How many are.
    count: usize,
    /// Those added whose candidates are not yet found.
    frontier: Vec<usize>,
    /// Whether each earlier part is grouped again.
    remade: Vec<bool>,
}

impl Growing<'_> {
    /// Adds a version, and with it the earlier part it was in.
    fn add(&mut self, v: usize) {
        if std::mem::replace(&mut self.member[v], true) {
            return;
        }
        self.frontier.push(v);
        self.count += 1;
        if let Some(o) = self.earlier.same_as[v] {
            self.remade[self.earlier.components[o as usize] as usize] = true;
        }
    }
}

/// The posting lists of the keys asked for so far: the versions holding each, in version order.
#[derive(Default)]
struct Postings(FxHashMap<u64, Vec<u32>>);

impl Postings {
    /// The versions holding `key`, which must have been gathered.
    fn of(&self, key: u64) -> &[u32] {
        self.0.get(&key).map_or(&[], Vec::as_slice)
    }

    /// Gathers the posting lists of the `wanted` keys not gathered yet: one pass over every
    /// version's keys, in parallel, most of them turned down by a filter of the wanted keys'
    /// top bits that fits in the processor's cache.
    fn gather(&mut self, keys: &impl Keys, mut wanted: FxHashSet<u64>) {
        use rayon::prelude::*;
        const CHUNK: usize = 8192;
        const FILTER_BITS: u32 = 16;
        wanted.retain(|key| !self.0.contains_key(key));
        if wanted.is_empty() {
            return;
        }
        let bit = |key: u64| (key >> (64 - FILTER_BITS)) as usize;
        let mut filter = vec![0u64; (1 << FILTER_BITS) / 64];
        for &key in &wanted {
            filter[bit(key) / 64] |= 1 << (bit(key) % 64);
        }
        let found: Vec<Vec<(u64, u32)>> = (0..keys.versions().div_ceil(CHUNK))
            .into_par_iter()
            .map(|chunk| {
                let mut found = Vec::new();
                for v in chunk * CHUNK..((chunk + 1) * CHUNK).min(keys.versions()) {
                    for &key in keys.of(v) {
                        if filter[bit(key) / 64] & (1 << (bit(key) % 64)) != 0
                            && wanted.contains(&key)
                        {
                            found.push((key, v as u32));
                        }
                    }
                }
                found
            })
            .collect();
        for key in wanted {
            self.0.entry(key).or_default();
        }
        for (key, v) in found.into_iter().flatten() {
            self.0.entry(key).or_default().push(v);
        }
    }
}

/// Whether grouping's candidate join (`candidates`) pairs versions `a` and `b`: the
/// test it applies, written for one pair. `postings` holds the posting list of every key of
/// `a`. Of the two, the join starts from the one with fewer keys (the earlier on a tie): it
/// sets the share needed, and across speakers must have enough words.
fn is_candidate(
    versions: &[Version],
    keys: &impl Keys,
    postings: &Postings,
    a: usize,
    b: usize,
) -> bool {
    let (ka, kb) = (keys.of(a), keys.of(b));
    if a == b || ka.is_empty() || kb.is_empty() {
        return false;
    }
    let (x, fewer, more) = if (ka.len(), a) < (kb.len(), b) {
        (a, ka, kb)
    } else {
        (b, kb, ka)
    };
    let same_speaker = versions[a].speaker.is_some() && versions[a].speaker == versions[b].speaker;
    let share = if same_speaker {
        CANDIDATE_SHARE_PERCENT
    } else {
        CROSS_CANDIDATE_SHARE_PERCENT
    };
    // Counted first: most pairs fail on it, and it reads no posting list.
    if super::shared(fewer, more) < super::needed(fewer.len(), share) {
        return false;
    }
    let shares_a_rare_one = || {
        fewer
            .iter()
            .any(|key| more.binary_search(key).is_ok() && postings.of(*key).len() <= MAX_POSTINGS)
    };
    same_speaker || (shares_a_rare_one() && versions[x].word_count() >= CROSS_SPEAKER_MIN_WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::group;

    /// A word of letters alone, different for every `n`.
    fn unique(n: usize) -> String {
        let letters: String = [n / 676, n / 26 % 26, n % 26]
            .iter()
            .map(|&d| char::from(b'a' + d as u8))
            .collect();
        format!("qu{letters}x")
    }

    fn said(doc: usize, text: &str) -> Version {
        let speaker = format!("Speaker {}", unique(10_000 + doc).to_uppercase());
        Version::from_text(doc, 0, Some(&speaker), text)
    }

    fn keys_of(versions: &[Version]) -> IndexKeys {
        let mut keys = IndexKeys::default();
        for version in versions {
            keys.push(&version.index_keys());
        }
        keys
    }

    /// The groups (reference, members) of versions `0..kept` from `before`, those of parts not
    /// grouped again, with those grouped again, in reference priority order.
    fn combined(
        before: &Grouping,
        now: &[Version],
        regrouped: Regrouped,
    ) -> Vec<(usize, Vec<usize>)> {
        let mut groups: Vec<(usize, Vec<usize>)> = before
            .groups
            .iter()
            .filter(|g| !regrouped.remade[before.components[g.reference] as usize])
            .chain(&regrouped.grouping.groups)
            .map(|g| (g.reference, g.members.clone()))
            .collect();
        groups.sort_by(|a, b| super::super::by_priority(now, a.0, b.0));
        groups
    }

    #[test]
    fn a_bigram_an_edit_makes_common_unpairs_the_quotes_only_it_made_candidates() {
        // Two people said the same eleven words; the only rare bigrams they share are those of
        // "harbour funding council", which 197 other quotes hold too. The rest of their words
        // are held by 201 more quotes each, so common.
        let shared_words =
            "council treasurer confirmed reserve accounts remain frozen pending audit";
        let pair = format!("harbour funding {shared_words}");
        let mut versions = vec![said(0, &pair), said(1, &pair)];
        for n in 0..197 {
            let own: Vec<String> = (0..10).map(|w| unique(n * 10 + w)).collect();
            versions.push(said(
                2 + n,
                &format!("harbour funding council {}", own.join(" ")),
            ));
        }
        for n in 0..201 {
            let own: Vec<String> = (0..6).map(|w| unique(5_000 + n * 6 + w)).collect();
            versions.push(said(199 + n, &format!("{shared_words} {}", own.join(" "))));
        }
        let before = group(&mut versions);
        let paired = |groups: &[crate::align::Group]| {
            groups
                .iter()
                .any(|g| g.reference <= 1 && g.members == [1 - g.reference])
        };
        assert!(paired(&before.groups), "rare, the bigram pairs them");

        // Two more quotes hold it: 201 in all, so it is common, and the pair no longer
        // shares a rare bigram. Neither of the pair changed.
        let mut now = versions.clone();
        for n in 0..2 {
            let own: Vec<String> = (0..10).map(|w| unique(8_000 + n * 10 + w)).collect();
            now.push(said(
                400 + n,
                &format!("harbour funding council {}", own.join(" ")),
            ));
        }
        let same_as: Vec<Option<u32>> = (0..now.len())
            .map(|v| (v < versions.len()).then_some(v as u32))
            .collect();
        let (keys, earlier_keys) = (keys_of(&now), keys_of(&versions));
        let earlier = Earlier {
            same_as: &same_as,
            components: &before.components,
            keys: &earlier_keys,
            removed: &[],
        };
        let regrouped = regroup(&now, &keys, &earlier).expect("no speaker past the limit");
        let whole = group(&mut now.clone());
        assert!(!paired(&whole.groups), "common, it no longer does");
        let expected: Vec<(usize, Vec<usize>)> = whole
            .groups
            .iter()
            .map(|g| (g.reference, g.members.clone()))
            .collect();
        assert_eq!(combined(&before, &now, regrouped), expected);
    }

    #[test]
    fn an_edit_touching_most_of_the_corpus_leaves_it_to_the_whole_join() {
        let versions: Vec<Version> = (0..5_000)
            .map(|n| {
                let own: Vec<String> = (0..6).map(|w| unique(n * 6 + w)).collect();
                said(n, &own.join(" "))
            })
            .collect();
        let before = group(&mut versions.clone());
        let keys = keys_of(&versions);
        let regroup_with_changed = |changed: usize| {
            let same_as: Vec<Option<u32>> = (0..versions.len())
                .map(|v| (v >= changed).then_some(v as u32))
                .collect();
            let removed: Vec<u32> = (0..changed as u32).collect();
            let earlier = Earlier {
                same_as: &same_as,
                components: &before.components,
                keys: &keys,
                removed: &removed,
            };
            regroup(&versions, &keys, &earlier).map(|regrouped| regrouped.versions)
        };
        assert_eq!(regroup_with_changed(1_000), Some(1_000));
        assert_eq!(regroup_with_changed(1_251), None, "past a quarter");
    }
}
