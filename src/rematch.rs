//! Rematch: the run after an edit matches and judges again only the parts of the corpus the
//! edit touched, and takes the rest from the earlier run's memo.
//!
//! The earlier run's [`Index`] names each of its versions by identity ([`Version::identity`]:
//! what the version is and what judging reads of it, not where it stands), and gives its part
//! of the candidate graph and its bigram keys. A version of this run with an earlier version's
//! identity is that version unchanged. [`align::affected`] groups again the parts an edit
//! touched; their groups are split and judged as a whole run would, and every other earlier
//! group is kept: its versions renumbered, its transcript passages made again, its findings
//! as they were. Groups come out in reference priority order, as grouping makes them, so the
//! result is the whole run's, group for group and byte for byte.
//!
//! Invariants: nothing of the earlier memo is trusted that cannot be checked: a kept group
//! naming a version that is not this run's, or a passage outside its text, means the whole
//! corpus is matched again (`None`), as do a change to the judging options (the index is
//! written under them), a speaker past `MAX_SPEAKER_QUOTES`, and unchanged versions that
//! changed their order.

use rustc_hash::FxHashMap;

use crate::align::{self, Group, IndexKeys, LimitHit, Version, affected};
use crate::findings::{Cues, Finding, JudgedGroup, Options};
use crate::memo::{Index, Judged};

/// What the run after an edit made of its corpus.
pub struct Rematched {
    pub judged: Judged,
    /// How many versions were grouped again.
    pub regrouped: usize,
}

/// Every version's keys: an unchanged one's from the earlier index (never copied: at 100,000
/// articles they are 170 MB), a changed one's made.
pub struct KeysNow {
    earlier: IndexKeys,
    same_as: Vec<Option<u32>>,
    made: FxHashMap<usize, Vec<u64>>,
}

impl KeysNow {
    fn new(versions: &[Version], same_as: Vec<Option<u32>>, earlier: IndexKeys) -> Self {
        use rayon::prelude::*;
        let made = (same_as.par_iter().enumerate())
            .filter(|(_, same)| same.is_none())
            .map(|(v, _)| (v, versions[v].index_keys()))
            .collect();
        Self {
            earlier,
            same_as,
            made,
        }
    }
}

impl affected::Keys for KeysNow {
    fn of(&self, v: usize) -> &[u64] {
        match self.same_as[v] {
            Some(o) => self.earlier.of(o as usize),
            None => self.made.get(&v).map_or(&[], Vec::as_slice),
        }
    }

    fn versions(&self) -> usize {
        self.same_as.len()
    }
}

/// Matches and judges `versions` from the earlier run's groups (`before`) and index, making
/// again only what an edit touched (see the module's docs); `identities` are the versions'
/// ([`crate::memo::identities`]). Once the groups are made, `store_index` is handed each
/// version's part of the candidate graph and its keys (with the identities, what the next run
/// needs of this one's versions), which go before judging. `None` when the whole corpus must be
/// matched again; `versions` are then as they were.
pub fn rematch(
    versions: &mut Vec<Version>,
    cues: Cues<'_>,
    options: &Options,
    identities: &[u128],
    before: Judged,
    earlier: Index,
    store_index: impl FnOnce(&[u32], &KeysNow),
) -> Option<Rematched> {
    let over_limit = |hit: &LimitHit| matches!(hit, LimitHit::SpeakerTooManyQuotes { .. });
    let earlier_count = earlier.identities.len();
    if before.limits.iter().any(over_limit)
        || earlier.components.len() != earlier_count
        || earlier.keys.len() != earlier_count
    {
        return None;
    }
    let (same_as, now_of) = match_identities(&earlier.identities, identities)?;
    let removed: Vec<u32> = (0..earlier_count as u32)
        .filter(|&o| now_of[o as usize].is_none())
        .collect();
    let keys = KeysNow::new(versions, same_as, earlier.keys);
    let regrouped = affected::regroup(
        versions,
        &keys,
        &affected::Earlier {
            same_as: &keys.same_as,
            components: &earlier.components,
            keys: &keys.earlier,
            removed: &removed,
        },
    )?;
    store_index(&regrouped.grouping.components, &keys);
    drop(keys);
    let kept = Kept {
        earlier_count,
        now_of: &now_of,
        components: &earlier.components,
        remade: &regrouped.remade,
    };
    let corpus = versions.len();
    let judged = assemble(versions, cues, options, before, &kept, regrouped.grouping);
    if judged.is_none() {
        // The passages of groups kept before the memo was found wanting.
        versions.truncate(corpus);
    }
    Some(Rematched {
        judged: judged?,
        regrouped: regrouped.versions,
    })
}

/// The earlier groups `kept` keeps and the groups made now (`grouping`: split and judged here),
/// in reference priority order, with their findings and limits. `None` when the earlier memo
/// names what is not there.
fn assemble(
    versions: &mut Vec<Version>,
    cues: Cues<'_>,
    options: &Options,
    before: Judged,
    kept: &Kept<'_>,
    grouping: align::Grouping,
) -> Option<Judged> {
    // Each kept group's lead: the reference grouping chose (for a transcript's passage, the
    // transcript quote it was split from). A lead's groups follow each other.
    let lead_of = |group: &JudgedGroup| -> Option<usize> {
        let reference = group.group.reference;
        match reference.checked_sub(kept.earlier_count) {
            None => Some(reference),
            Some(passage) => before.passages.get(passage).map(|(of, _)| *of as usize),
        }
    };
    let mut kept_units: Vec<(usize, Unit)> = Vec::new();
    for (index, group) in before.groups.iter().enumerate() {
        let lead = lead_of(group)?;
        if !kept.keeps(lead)? {
            continue;
        }
        match kept_units.last_mut() {
            Some((_, Unit::Kept(lead_before, groups))) if *lead_before == lead => {
                groups.end = index + 1
            }
            _ => kept_units.push((kept.version(lead)?, Unit::Kept(lead, index..index + 1))),
        }
    }
    // Both are in priority order already (unchanged versions keep theirs): each new group goes
    // in where a search of the kept ones puts it, so only a few versions are compared.
    let mut units: Vec<(usize, Unit)> =
        Vec::with_capacity(kept_units.len() + grouping.groups.len());
    let mut kept_units = kept_units.into_iter();
    for group in grouping.groups {
        let reference = group.reference;
        let ahead = (kept_units.as_slice())
            .partition_point(|(lead, _)| align::by_priority(versions, *lead, reference).is_lt());
        units.extend(kept_units.by_ref().take(ahead));
        units.push((reference, Unit::New(group)));
    }
    units.extend(kept_units);

    let mut limits = Vec::new();
    for hit in before.limits {
        let LimitHit::AlignmentTooLarge { version, other } = hit else {
            continue;
        };
        if kept.keeps(version)? {
            limits.push(LimitHit::AlignmentTooLarge {
                version: kept.version(version)?,
                other: kept.version(other)?,
            });
        }
    }
    limits.extend(grouping.limits);
    limits.sort_by_key(|hit| match hit {
        LimitHit::AlignmentTooLarge { version, .. } => *version,
        LimitHit::SpeakerTooManyQuotes { first_left_out, .. } => *first_left_out,
    });

    let mut findings_of = by_group(before.findings, before.groups.len())?;
    let mut earlier_groups: Vec<Option<JudgedGroup>> =
        before.groups.into_iter().map(Some).collect();
    let mut passage_now: Vec<Option<usize>> = vec![None; before.passages.len()];
    let mut passages = Vec::new();
    let mut placed: Vec<Placed> = Vec::new();
    let mut to_judge: Vec<Group> = Vec::new();
    for (_, unit) in units {
        match unit {
            Unit::Kept(_, range) => {
                for index in range {
                    let mut group = earlier_groups[index].take()?;
                    if let Some(passage) = group.group.reference.checked_sub(kept.earlier_count) {
                        let (of, range) = before.passages.get(passage)?.clone();
                        let of_now = kept.version(of as usize)?;
                        versions[of_now].text.get(crate::widen(&range))?;
                        passage_now[passage] = Some(versions.len());
                        let made = versions[of_now].passage(crate::widen(&range));
                        versions.push(made);
                        passages.push((crate::narrow(of_now), range));
                    }
                    kept.renumber(&mut group, &passage_now)?;
                    let found = std::mem::take(&mut findings_of[index]);
                    // What a memo whose checksum passed may still get wrong (see `Judged::fits`).
                    let fits = group.group.alignments.is_empty()
                        && found.iter().all(|finding| finding.pair < group.pairs.len());
                    if !fits {
                        return None;
                    }
                    placed.push(Placed::Kept(group, found));
                }
            }
            Unit::New(group) => {
                let split = align::split_transcript_groups(versions, vec![group]);
                passages.extend(split.passages);
                for group in split.groups {
                    placed.push(Placed::Judged(to_judge.len()));
                    to_judge.push(group);
                }
            }
        }
    }
    let (judged_now, found_now) =
        crate::findings::judge_and_find(versions, to_judge, cues, options);
    let mut found_of = by_group(found_now, judged_now.len())?;
    let mut judged_now: Vec<Option<JudgedGroup>> = judged_now.into_iter().map(Some).collect();
    let mut groups = Vec::with_capacity(placed.len());
    let mut findings = Vec::new();
    for (index, placed) in placed.into_iter().enumerate() {
        let (group, group_findings) = match placed {
            Placed::Kept(group, found) => (group, found),
            Placed::Judged(at) => (judged_now[at].take()?, std::mem::take(&mut found_of[at])),
        };
        groups.push(group);
        findings.extend(group_findings.into_iter().map(|finding| Finding {
            group: index,
            ..finding
        }));
    }
    let mut judged = Judged {
        passages,
        groups,
        findings: crate::exact_len(findings),
        limits,
    };
    judged.remake_reasons();
    Some(judged)
}

/// `findings` by the group they are of (`groups` groups), each group's in order; `None` if one
/// names a group that is not there.
fn by_group(findings: Vec<Finding>, groups: usize) -> Option<Vec<Vec<Finding>>> {
    let mut of_group: Vec<Vec<Finding>> = vec![Vec::new(); groups];
    for finding in findings {
        of_group.get_mut(finding.group)?.push(finding);
    }
    Some(of_group)
}

/// For each version now, the earlier version with its identity; for each earlier version, the
/// version now with its identity. Most of a corpus stands where it stood: the versions before the
/// first change and after the last are matched in place, and only those between are looked up,
/// where an identity two versions share (of either run) is neither's: those count as changed.
/// `None` when the unchanged versions are not in their earlier order.
#[allow(clippy::type_complexity)]
fn match_identities(
    earlier: &[u128],
    now: &[u128],
) -> Option<(Vec<Option<u32>>, Vec<Option<u32>>)> {
    let prefix = earlier.iter().zip(now).take_while(|(a, b)| a == b).count();
    let suffix = (earlier[prefix..].iter().rev())
        .zip(now[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut same_as: Vec<Option<u32>> = vec![None; now.len()];
    let mut now_of: Vec<Option<u32>> = vec![None; earlier.len()];
    let placed = (0..prefix).map(|v| (v, v));
    let placed = placed.chain((1..=suffix).map(|k| (earlier.len() - k, now.len() - k)));
    for (o, v) in placed {
        same_as[v] = Some(o as u32);
        now_of[o] = Some(v as u32);
    }
    let (earlier_between, now_between) =
        (prefix..earlier.len() - suffix, prefix..now.len() - suffix);
    let mut earlier_of: FxHashMap<u128, Option<u32>> = FxHashMap::default();
    for o in earlier_between.clone() {
        earlier_of
            .entry(earlier[o])
            .and_modify(|shared| *shared = None)
            .or_insert(Some(o as u32));
    }
    let mut shared = vec![false; earlier_between.len()];
    for v in now_between.clone() {
        if let Some(o) = earlier_of.get(&now[v]).copied().flatten() {
            let o = o as usize;
            shared[o - prefix] |= now_of[o].is_some();
            same_as[v] = Some(o as u32);
            now_of[o] = Some(v as u32);
        }
    }
    for v in now_between {
        if same_as[v].is_some_and(|o| shared[o as usize - prefix]) {
            same_as[v] = None;
        }
    }
    for o in earlier_between {
        if shared[o - prefix] {
            now_of[o] = None;
        }
    }
    let in_order = (same_as.iter().flatten())
        .zip(same_as.iter().flatten().skip(1))
        .all(|(a, b)| a < b);
    in_order.then_some((same_as, now_of))
}

/// A run of groups in the result: an earlier lead's groups, kept (the lead's earlier index and
/// the groups' earlier indices), or a group made now, to be split and judged.
enum Unit {
    Kept(usize, std::ops::Range<usize>),
    New(Group),
}

/// A group of the result: kept, with its findings, or the how-manieth of those judged now.
enum Placed {
    Kept(JudgedGroup, Vec<Finding>),
    Judged(usize),
}

/// What of the earlier run is kept — the groups of the parts not grouped again — and its
/// indices as this run's.
struct Kept<'a> {
    earlier_count: usize,
    now_of: &'a [Option<u32>],
    /// The earlier run's part of each of its versions, and whether each part was grouped again.
    components: &'a [u32],
    remade: &'a [bool],
}

impl Kept<'_> {
    /// Whether the earlier corpus version's part keeps its groups (`None`: no such version).
    fn keeps(&self, earlier: usize) -> Option<bool> {
        let part = *self.components.get(earlier)?;
        Some(!self.remade[part as usize])
    }

    /// The index now of an earlier corpus version.
    fn version(&self, earlier: usize) -> Option<usize> {
        self.now_of
            .get(earlier)
            .copied()
            .flatten()
            .map(|v| v as usize)
    }

    /// The index now of an earlier version or passage (`passage_now`: the passages made so far).
    fn any(&self, earlier: usize, passage_now: &[Option<usize>]) -> Option<usize> {
        match earlier.checked_sub(self.earlier_count) {
            None => self.version(earlier),
            Some(passage) => passage_now.get(passage).copied().flatten(),
        }
    }

    /// Renumbers a kept group's versions.
    fn renumber(&self, judged: &mut JudgedGroup, passage_now: &[Option<usize>]) -> Option<()> {
        let renumber = |v: &mut usize| -> Option<()> {
            *v = self.any(*v, passage_now)?;
            Some(())
        };
        renumber(&mut judged.group.reference)?;
        judged.group.members.iter_mut().try_for_each(renumber)?;
        for pair in &mut judged.pairs {
            renumber(&mut pair.a)?;
            renumber(&mut pair.b)?;
        }
        let copies = std::mem::take(&mut judged.copies);
        for (mut of, mut copies) in copies {
            renumber(&mut of)?;
            copies.iter_mut().try_for_each(renumber)?;
            judged.copies.insert(of, copies);
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::match_identities;

    fn matched(earlier: &[u128], now: &[u128]) -> Option<Vec<Option<u32>>> {
        let (same_as, now_of) = match_identities(earlier, now)?;
        // The two directions agree.
        for (v, o) in same_as.iter().enumerate() {
            if let Some(o) = o {
                assert_eq!(now_of[*o as usize], Some(v as u32));
            }
        }
        assert_eq!(
            now_of.iter().flatten().count(),
            same_as.iter().flatten().count()
        );
        Some(same_as)
    }

    #[test]
    fn versions_are_matched_by_identity_wherever_they_stand_now() {
        // One quote edited (3 → 30), one added (9) before another edited one, one removed (6).
        let earlier = [1, 2, 3, 4, 5, 6, 7, 8];
        let now = [1, 2, 30, 4, 9, 5, 7, 8];
        let expected = [
            Some(0),
            Some(1),
            None,
            Some(3),
            None,
            Some(4),
            Some(6),
            Some(7),
        ];
        assert_eq!(matched(&earlier, &now), Some(expected.to_vec()));
        // Nothing changed; everything changed.
        assert_eq!(
            matched(&earlier, &earlier),
            Some((0..8).map(Some).collect())
        );
        assert_eq!(matched(&earlier, &[11, 12]), Some(vec![None, None]));
        // Two versions between the changes with one identity: neither is matched. (In place,
        // before the first change or after the last, they are: the same, where they were.)
        let earlier = [1, 7, 7, 2, 3];
        let now = [1, 5, 7, 7, 4, 3];
        assert_eq!(
            matched(&earlier, &now),
            Some(vec![Some(0), None, None, None, None, Some(4)])
        );
    }

    #[test]
    fn unchanged_versions_out_of_their_order_match_nothing() {
        assert_eq!(matched(&[1, 2, 3, 4], &[1, 3, 2, 4]), None);
    }
}
