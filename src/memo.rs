//! The memo of matching and judging: what grouping and judging made of a whole corpus, kept in
//! the cache folder beside the extractions, with an index of the corpus's versions for the run
//! after an edit.
//!
//! Grouping reads the versions alone, and judging the versions, each quote's cue and the
//! judging options ([`crate::findings::Cues`]). Each version has an identity: a digest of all of
//! it that these stages read, its cue included, with its links to other versions named by path
//! and quote number ([`identities`], [`Version::identity`]). The memo is keyed by the tool's key
//! (as the extractions' pack: version, binary, configuration) and a digest of the options and
//! of every version's identity and indices, in order ([`digest`]):
//!
//! - a run whose digest is the memo's — after an edit that leaves every quote, speaker and cue of
//!   the corpus as it was: a paragraph added, a typo mended outside the quotes, lines moved, a
//!   file touched — groups and judges nothing ([`Found::Same`]);
//! - any other run under the same key starts from the memo ([`Found::Earlier`]) and its index
//!   ([`Index`]: each version's identity, its part of the candidate graph and its bigram keys,
//!   written under the judging options), and matches and judges again only what the edit could
//!   touch ([`crate::rematch`]).
//!
//! What these stages never read — line numbers, mentions' offsets, the prose between the
//! quotes — is in neither: the report reads it afresh from this run's documents.
//!
//! The memo file: a magic number, the tool's key, the digest, the payload (postcard), then a
//! checksum of the payload (last, so that the payload is written as it is made, never held
//! whole: at 100,000 articles it is a hundred megabytes). The index file: a magic number, the
//! tool's key, the memo's digest, the options' digest and the number of versions, then columns
//! (identities, parts, keys, each version's number of keys) and a checksum. A memo with another
//! key is not this run's; one that fails its checksum, does not decode or names a version, group
//! or pair that does not exist is damaged, and so is an index that fails its checksum or whose
//! columns do not add up: neither is used, the stages run over the whole corpus, and both are
//! written again.
//!
//! Invariants: a run that reuses the memo, whole or in part, gives byte-identical output to one
//! that does not; findings' reasons are made again from their pairs, acceptances are the
//! review's (after judging), so the memo holds neither.

use std::borrow::Cow;
use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::align::{IndexKeys, LimitHit, Version};
use crate::findings::{self, Cues, Finding, JudgedGroup};

/// The memo's file name inside the cache folder.
pub const MEMO_FILE_NAME: &str = "matching.memo";
/// The file beside it that keeps, for the run after an edit, what the memo's run knew of each
/// version ([`Index`]).
pub const INDEX_FILE_NAME: &str = "matching.index";
/// Changed whenever the payload changes shape.
const MAGIC: &[u8; 8] = b"QCMEMO\x00\x01";
/// The index file's, changed whenever its records change shape.
const INDEX_MAGIC: &[u8; 8] = b"QCMIDX\x00\x01";
/// Bytes before the index's records: magic, key, digest, options, number of versions.
const INDEX_HEADER: usize = 8 + 16 + 16 + 16 + 8;
/// Bytes before the payload: magic, key, digest.
const HEADER: usize = 8 + 16 + 16;
/// Bytes after it: its checksum.
const TRAILER: usize = 8;

/// What grouping and judging made of a corpus's versions.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Judged {
    /// The passages of transcript quotes grouping made references of, in the order they follow
    /// the corpus's own versions: the version each is a passage of, and its byte range in that
    /// version's text.
    pub passages: Vec<(u32, Range<u32>)>,
    pub groups: Vec<JudgedGroup>,
    pub findings: Vec<Finding>,
    /// The limits grouping hit, in version order.
    pub limits: Vec<LimitHit>,
}

/// What became of the memo in a run (shown with `--verbose`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Use {
    /// No cache, so no memo.
    #[default]
    None,
    /// The inputs were those of the memo: matching and judging were not run.
    Reused,
    /// The inputs changed (or there was no memo): matching and judging ran, and the memo was
    /// written for the next run.
    Made,
    /// The memo was this run's but damaged: matching and judging ran, and it was rewritten.
    Damaged,
    /// The memo was an earlier run's: the parts of the corpus an edit touched were matched and
    /// judged again, `regrouped` of its `versions` versions, and the rest reused.
    Updated { regrouped: usize, versions: usize },
}

/// Why a memo on disk was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// None, or one made by another tool or configuration.
    Stale,
    /// Cut short, failing its checksum, not decoding, or naming what does not exist.
    Damaged,
}

impl From<Miss> for Use {
    /// What a run that could not use the memo made of it.
    fn from(miss: Miss) -> Self {
        match miss {
            Miss::Stale => Self::Made,
            Miss::Damaged => Self::Damaged,
        }
    }
}

/// Where a run's memo is, and the tool's key it is written under.
#[derive(Debug, Clone)]
pub struct Memo {
    path: PathBuf,
    key: u128,
}

/// What a memo on disk holds for a run's inputs.
pub enum Found {
    /// What grouping and judging made of these very inputs.
    Same(Judged),
    /// What they made of an earlier run's inputs (their digest): the run after an edit starts
    /// from it ([`crate::rematch`]).
    Earlier(u128, Judged),
}

impl Memo {
    pub(crate) fn new(path: PathBuf, key: u128) -> Self {
        Self { path, key }
    }

    fn index_path(&self) -> PathBuf {
        self.path.with_file_name(INDEX_FILE_NAME)
    }

    /// Reads the memo on disk, as far as it can be read without the run's inputs: made under
    /// this tool's key, whole and decoded. Reading it takes as long as making the versions, so
    /// a run does both at once and then asks [`Read::take`] for it.
    pub fn read(&self) -> Read {
        let read = || -> Result<(u128, Judged), Miss> {
            let bytes = std::fs::read(&self.path).map_err(|_| Miss::Stale)?;
            if bytes.len() < HEADER + TRAILER {
                return Err(Miss::Damaged);
            }
            let (header, rest) = bytes.split_at(HEADER);
            let (payload, trailer) = rest.split_at(rest.len() - TRAILER);
            if &header[..8] != MAGIC {
                return Err(Miss::Damaged);
            }
            let number = crate::cache::little_endian;
            if number(&header[8..24]) != self.key {
                return Err(Miss::Stale);
            }
            if u128::from(xxhash_rust::xxh3::xxh3_64(payload)) != number(trailer) {
                return Err(Miss::Damaged);
            }
            let judged = postcard::from_bytes(payload).map_err(|_| Miss::Damaged)?;
            Ok((number(&header[24..40]), judged))
        };
        Read(read())
    }

    /// Writes what grouping and judging made of the inputs `digest` stands for.
    pub fn store(&self, digest: u128, judged: &Judged) -> std::io::Result<()> {
        self.write(digest, judged)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", self.path.display())))
    }

    fn write(&self, digest: u128, judged: &Judged) -> std::io::Result<()> {
        crate::write_cache_file_with(&self.path, |out| {
            out.write_all(MAGIC)?;
            out.write_all(&self.key.to_le_bytes())?;
            out.write_all(&digest.to_le_bytes())?;
            let mut payload = Checksummed {
                out,
                hasher: xxhash_rust::xxh3::Xxh3::new(),
            };
            // Hashed in large pieces, not in the few bytes postcard writes at a time.
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut payload);
            postcard::to_io(judged, &mut buffered).map_err(std::io::Error::other)?;
            buffered.flush()?;
            drop(buffered);
            let checksum = payload.hasher.digest();
            out.write_all(&checksum.to_le_bytes())
        })
    }
}

/// Reads from a file, hashing what it reads.
struct Hashed {
    file: std::io::BufReader<std::fs::File>,
    hasher: xxhash_rust::xxh3::Xxh3,
}

impl Hashed {
    fn fill(&mut self, bytes: &mut [u8]) -> Option<()> {
        std::io::Read::read_exact(&mut self.file, bytes).ok()?;
        self.hasher.update(bytes);
        Some(())
    }

    fn column(&mut self, length: usize) -> Option<Vec<u8>> {
        let mut bytes = vec![0; length];
        self.fill(&mut bytes)?;
        Some(bytes)
    }
}

/// Writes through to `out`, hashing what it writes.
struct Checksummed<'a> {
    out: &'a mut dyn Write,
    hasher: xxhash_rust::xxh3::Xxh3,
}

impl Write for Checksummed<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.out.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// A memo as read from disk, not yet held against the run's inputs.
pub struct Read(Result<(u128, Judged), Miss>);

impl Read {
    /// What the memo holds for the inputs `digest` stands for, of `versions`: theirs when it
    /// was made from them and is whole, else an earlier run's.
    pub fn take(self, digest: u128, versions: &[Version]) -> Result<Found, Miss> {
        let (made_from, mut judged) = self.0?;
        if made_from != digest {
            return Ok(Found::Earlier(made_from, judged));
        }
        if !judged.fits(versions) {
            return Err(Miss::Damaged);
        }
        judged.remake_reasons();
        Ok(Found::Same(judged))
    }
}

/// What a run's matching and judging are keyed by: each version's identity, the digest of all
/// their inputs, and the digest of the judging options alone.
pub struct Inputs {
    pub identities: Vec<u128>,
    pub digest: u128,
    pub options: u128,
}

impl Inputs {
    pub fn of(versions: &[Version], cues: Cues<'_>, options: &findings::Options) -> Self {
        let identities = identities(versions, cues);
        Self {
            digest: digest(versions, &identities, options),
            options: options_digest(options),
            identities,
        }
    }
}

/// The digest of everything grouping and judging read: the options, and the versions in order,
/// each one's identity (with its cue) and indices.
pub fn digest(versions: &[Version], identities: &[u128], options: &findings::Options) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(MAGIC);
    add_options(&mut hasher, options);
    hasher.update(&(versions.len() as u64).to_le_bytes());
    for (version, identity) in versions.iter().zip(identities) {
        hasher.update(&identity.to_le_bytes());
        hasher.update(&(version.doc as u64).to_le_bytes());
        crate::align::hash_option(&mut hasher, version.copy_of.map(u64::from));
        crate::align::hash_option(&mut hasher, version.part_of.map(u64::from));
    }
    hasher.digest128()
}

/// Each version's identity: what it is and what judging reads of it (its cue), wherever it
/// stands in the corpus ([`Version::identity`]).
pub fn identities(versions: &[Version], cues: Cues<'_>) -> Vec<u128> {
    use rayon::prelude::*;
    versions
        .par_iter()
        .map(|version| {
            let mut hasher = xxhash_rust::xxh3::Xxh3::new();
            version.identity(versions, &mut hasher);
            add_cue(&mut hasher, cues, version);
            hasher.digest128()
        })
        .collect()
}

/// The digest of the judging options alone: the run after an edit reuses an earlier run's
/// groups only under the same options.
pub fn options_digest(options: &findings::Options) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    add_options(&mut hasher, options);
    hasher.digest128()
}

fn add_options(hasher: &mut xxhash_rust::xxh3::Xxh3, options: &findings::Options) {
    let findings::Options {
        severities,
        occasion_days,
        all_pairs,
    } = options;
    for (name, level) in severities {
        hasher.update(name.as_bytes());
        hasher.update(&[0, *level as u8]);
    }
    hasher.update(&occasion_days.to_le_bytes());
    hasher.update(&[u8::from(*all_pairs)]);
}

fn add_cue(hasher: &mut xxhash_rust::xxh3::Xxh3, cues: Cues<'_>, version: &Version) {
    let (cue, class) = cues.of(version);
    let cue = cue.as_deref().map_or(&[0xff_u8][..], str::as_bytes);
    hasher.update(&(cue.len() as u64).to_le_bytes());
    hasher.update(cue);
    hasher.update(&[class.map_or(0xff, |class| class as u8)]);
}

/// What a run knew of each of its versions, kept for the run after an edit: its identity, its
/// part of the candidate graph and its bigram keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    pub identities: Vec<u128>,
    pub components: Vec<u32>,
    pub keys: IndexKeys,
}

impl Memo {
    /// The index written with the memo made from the inputs `digest` stands for, under the
    /// judging options `options` stands for: `None` if there is none, or it is another's, or
    /// damaged.
    pub fn read_index(&self, digest: u128, options: u128) -> Option<Index> {
        let mut file = std::fs::File::open(self.index_path()).ok()?;
        let length = usize::try_from(file.metadata().ok()?.len()).ok()?;
        let mut header = [0; INDEX_HEADER];
        std::io::Read::read_exact(&mut file, &mut header).ok()?;
        let number = crate::cache::little_endian;
        let ours = &header[..8] == INDEX_MAGIC
            && number(&header[8..24]) == self.key
            && number(&header[24..40]) == digest
            && number(&header[40..56]) == options;
        if !ours {
            return None;
        }
        // Columns: identities, parts, keys, and how many keys each version has.
        let versions = usize::try_from(number(&header[56..64])).ok()?;
        let keys_length = length
            .checked_sub(INDEX_HEADER + TRAILER)?
            .checked_sub(versions.checked_mul(24)?)?;
        if keys_length % 8 != 0 {
            return None;
        }
        let mut records = Hashed {
            file: std::io::BufReader::with_capacity(1 << 16, file),
            hasher: xxhash_rust::xxh3::Xxh3::new(),
        };
        let identities = records
            .column(versions * 16)?
            .chunks_exact(16)
            .map(number)
            .collect();
        let components: Vec<u32> = (records.column(versions * 4)?.chunks_exact(4))
            .map(|part| number(part) as u32)
            .collect();
        // The largest column a piece at a time: never held as bytes and as numbers at once.
        let mut keys: Vec<u64> = Vec::with_capacity(keys_length / 8);
        let mut piece = vec![0; (1 << 20).min(keys_length)];
        let mut left = keys_length;
        while left > 0 {
            let bytes = &mut piece[..left.min(1 << 20)];
            records.fill(bytes)?;
            keys.extend(
                (bytes.chunks_exact(8))
                    .map(|key| u64::from_le_bytes(key.try_into().unwrap_or_default())),
            );
            left -= bytes.len();
        }
        let counts = records.column(versions * 4)?;
        let checksum = records.hasher.digest();
        let mut trailer = [0; TRAILER];
        std::io::Read::read_exact(&mut records.file, &mut trailer).ok()?;
        if u128::from(checksum) != number(&trailer)
            || components.iter().any(|&part| part as usize >= versions)
        {
            return None;
        }
        let counts = counts.chunks_exact(4).map(|count| number(count) as usize);
        Some(Index {
            identities,
            components,
            keys: IndexKeys::from_counts(counts, keys)?,
        })
    }

    /// Writes the index beside the memo made from `inputs`, under their judging options: each
    /// version's identity and part, and its keys, `keys_of(v)` (made a window of versions at a
    /// time, in parallel, and written as they are made).
    pub fn store_index<'k>(
        &self,
        inputs: &Inputs,
        components: &[u32],
        keys_of: impl Fn(usize) -> Cow<'k, [u64]> + Sync,
    ) -> std::io::Result<()> {
        use rayon::prelude::*;
        let Inputs {
            identities,
            digest,
            options,
        } = inputs;
        /// Versions whose keys are made at once.
        const PER_WINDOW: usize = 16_384;
        let path = self.index_path();
        let write = |out: &mut dyn Write| {
            out.write_all(INDEX_MAGIC)?;
            out.write_all(&self.key.to_le_bytes())?;
            out.write_all(&digest.to_le_bytes())?;
            out.write_all(&options.to_le_bytes())?;
            out.write_all(&(identities.len() as u64).to_le_bytes())?;
            let mut records = Checksummed {
                out,
                hasher: xxhash_rust::xxh3::Xxh3::new(),
            };
            let bytes = identities
                .iter()
                .flat_map(|identity| identity.to_le_bytes());
            records.write_all(&bytes.collect::<Vec<u8>>())?;
            let bytes = components.iter().flat_map(|part| part.to_le_bytes());
            records.write_all(&bytes.collect::<Vec<u8>>())?;
            let mut counts: Vec<u8> = Vec::with_capacity(identities.len() * 4);
            for start in (0..identities.len()).step_by(PER_WINDOW) {
                let window = start..(start + PER_WINDOW).min(identities.len());
                let made: Vec<Cow<'k, [u64]>> = window.into_par_iter().map(&keys_of).collect();
                let mut bytes =
                    Vec::with_capacity(8 * made.iter().map(|keys| keys.len()).sum::<usize>());
                for keys in &made {
                    counts.extend_from_slice(&(keys.len() as u32).to_le_bytes());
                    bytes.extend(keys.iter().flat_map(|key| key.to_le_bytes()));
                }
                records.write_all(&bytes)?;
            }
            records.write_all(&counts)?;
            let checksum = records.hasher.digest();
            records.out.write_all(&checksum.to_le_bytes())
        };
        crate::write_cache_file_with(&path, write)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }
}

impl Judged {
    /// Makes the findings' reasons from their pairs (the memo does not keep them).
    pub(crate) fn remake_reasons(&mut self) {
        for finding in &mut self.findings {
            let pair = &self.groups[finding.group].pairs[finding.pair];
            finding.reasons = crate::exact_len(findings::reasons(pair));
        }
    }

    /// Whether every version, group and pair the memo names exists, given the corpus's own
    /// `versions` (a memo that passes its checksum is still never trusted further than this).
    fn fits(&self, versions: &[Version]) -> bool {
        let passages_fit = self.passages.iter().all(|(of, range)| {
            versions
                .get(*of as usize)
                .is_some_and(|v| v.text.get(crate::widen(range)).is_some())
        });
        let total = versions.len() + self.passages.len();
        let exists = |v: &usize| *v < total;
        let groups_fit = self.groups.iter().all(|judged| {
            let group = &judged.group;
            // Judging reads a group's alignments into its pairs: a judged group holds none.
            group.alignments.is_empty()
                && exists(&group.reference)
                && group.members.iter().all(exists)
                && judged.pairs.iter().all(|p| exists(&p.a) && exists(&p.b))
                && judged
                    .copies
                    .iter()
                    .all(|(of, copies)| exists(of) && copies.iter().all(exists))
        });
        let findings_fit = self.findings.iter().all(|f| {
            self.groups
                .get(f.group)
                .is_some_and(|g| f.pair < g.pairs.len())
        });
        let limits_fit = self.limits.iter().all(|hit| match hit {
            LimitHit::AlignmentTooLarge { version, other } => exists(version) && exists(other),
            LimitHit::SpeakerTooManyQuotes { first_left_out, .. } => exists(first_left_out),
        });
        passages_fit && groups_fit && findings_fit && limits_fit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Group, Version};
    use crate::attribute::{Attributed, Attribution};
    use crate::findings::{JudgedGroup, Options};
    use crate::lexicon::{Cue, CueClass};

    fn versions() -> Vec<Version> {
        vec![
            Version::from_text(
                0,
                0,
                Some("Ines Halloran"),
                "We will not spend money we do not have on a wall nobody has costed.",
            ),
            Version::from_text(
                1,
                0,
                Some("Ines Halloran"),
                "We will not spend money we do not have on a wall.",
            ),
        ]
    }

    /// One quote a document: the first `said`, the second with `cue`.
    fn attributions(cue: (&str, &'static str, CueClass)) -> Vec<Attributed> {
        let with = |(written, lemma, class): (&str, &'static str, CueClass)| Attributed {
            quotes: vec![Attribution {
                speaker: Some("Ines Halloran".into()),
                cue: Some((written.into(), Cue { lemma, class })),
                ..Attribution::default()
            }],
            people: Vec::new(),
        };
        vec![with(SAID), with(cue)]
    }

    const SAID: (&str, &str, CueClass) = ("said", "say", CueClass::Neutral);

    fn one_group() -> Judged {
        Judged {
            groups: vec![JudgedGroup {
                group: Group {
                    reference: 0,
                    members: vec![1],
                    alignments: Vec::new(),
                    speakers: vec!["Ines Halloran".into()],
                },
                pairs: Vec::new(),
                copies: Default::default(),
                possibly_different_occasion: false,
                pairs_capped: false,
            }],
            ..Judged::default()
        }
    }

    /// The digest of `versions` with these attributions' cues, under `options`.
    fn digest_of(versions: &[Version], attributed: &[Attributed], options: &Options) -> u128 {
        let identities = identities(versions, Cues::new(attributed));
        digest(versions, &identities, options)
    }

    #[test]
    fn the_digest_changes_with_every_input_of_matching_and_judging() {
        let attributed = attributions(SAID);
        let base = digest_of(&versions(), &attributed, &Options::default());
        assert_eq!(
            base,
            digest_of(&versions(), &attributed, &Options::default()),
            "the same inputs, the same digest"
        );
        type Edit = dyn Fn(&mut Vec<Version>);
        let changed = |edit: &Edit| {
            let mut edited = versions();
            edit(&mut edited);
            digest_of(&edited, &attributed, &Options::default())
        };
        let edits: [&Edit; 7] = [
            &|v| v[1].speaker = Some("Iain Halloran".into()),
            &|v| v[1].speaker = None,
            &|v| v[1].set_text("We will not spend money we do not have on walls.".into()),
            &|v| v[1].copy_of = Some(0),
            &|v| v[1].transcript = true,
            &|v| v[1].doc = 2,
            &|v| v.truncate(1),
        ];
        for (n, edit) in edits.iter().enumerate() {
            assert_ne!(changed(edit), base, "edit {n}");
        }
        let admitted = attributions(("admitted", "admit", CueClass::Concessive));
        assert_ne!(
            digest_of(&versions(), &admitted, &Options::default()),
            base,
            "a cue"
        );
        let all_pairs = Options {
            all_pairs: true,
            ..Options::default()
        };
        assert_ne!(
            digest_of(&versions(), &attributed, &all_pairs),
            base,
            "an option"
        );
    }

    #[test]
    fn an_identity_names_a_version_wherever_it_stands() {
        let attributed = attributions(SAID);
        let before = identities(&versions(), Cues::new(&attributed));
        // A document comes first now: the versions' indices move, not what they are.
        let mut moved = versions();
        moved.insert(
            0,
            Version::from_text(7, 0, Some("Tomas Wren"), "Every room warm."),
        );
        for version in &mut moved[1..] {
            version.doc += 1;
        }
        // Its quote's attribution comes first too.
        let mut cues_moved = attributions(SAID);
        cues_moved.insert(0, cues_moved[0].clone());
        assert_eq!(identities(&moved, Cues::new(&cues_moved))[1..], before);
        let mut copied = versions();
        copied[1].copy_of = Some(0);
        let after = identities(&copied, Cues::new(&attributed));
        assert_eq!(after[0], before[0]);
        assert_ne!(after[1], before[1], "a copy is not the version it was");
    }

    #[test]
    fn a_memo_is_taken_only_for_its_own_inputs_and_whole() {
        let dir = tempfile::tempdir().unwrap();
        let memo = Memo::new(dir.path().join(MEMO_FILE_NAME), 7);
        let taken = |memo: &Memo, digest: u128, versions: &[Version]| {
            memo.read().take(digest, versions).map(|found| match found {
                Found::Same(judged) => (None, judged.groups[0].group.members.clone()),
                Found::Earlier(earlier, judged) => {
                    (Some(earlier), judged.groups[0].group.members.clone())
                }
            })
        };
        assert_eq!(
            taken(&memo, 1, &versions()).err(),
            Some(Miss::Stale),
            "none yet"
        );
        memo.store(1, &one_group()).unwrap();
        assert_eq!(taken(&memo, 1, &versions()), Ok((None, vec![1])));
        assert_eq!(
            taken(&memo, 2, &versions()),
            Ok((Some(1), vec![1])),
            "an earlier run's, for the run after an edit"
        );
        let other_tool = Memo::new(dir.path().join(MEMO_FILE_NAME), 8);
        assert_eq!(taken(&other_tool, 1, &versions()).err(), Some(Miss::Stale));
        // Made from these inputs, but naming a version the corpus does not have.
        assert_eq!(taken(&memo, 1, &versions()[..1]).err(), Some(Miss::Damaged));
    }

    #[test]
    fn an_index_is_read_back_only_under_its_own_memo_and_options_and_whole() {
        let dir = tempfile::tempdir().unwrap();
        // The cache's folder is not there yet: the index may be the first file written in it
        // (the files' pack is written on its own thread).
        let folder = dir.path().join("cache");
        let memo = Memo::new(folder.join(MEMO_FILE_NAME), 7);
        let versions = versions();
        let mut keys = IndexKeys::default();
        for version in &versions {
            keys.push(&version.index_keys());
        }
        let index = Index {
            identities: vec![11, 12],
            components: vec![0, 0],
            keys,
        };
        assert_eq!(memo.read_index(1, 5), None, "none yet");
        let inputs = Inputs {
            identities: index.identities.clone(),
            digest: 1,
            options: 5,
        };
        memo.store_index(&inputs, &index.components, |v| {
            versions[v].index_keys().into()
        })
        .unwrap();
        assert_eq!(memo.read_index(1, 5).as_ref(), Some(&index));
        assert!(!index.keys.of(1).is_empty(), "{:?}", index.keys);
        assert_eq!(memo.read_index(2, 5), None, "another memo's");
        assert_eq!(memo.read_index(1, 6), None, "other options'");
        let path = folder.join(INDEX_FILE_NAME);
        let whole = std::fs::read(&path).unwrap();
        for cut in [20, whole.len() / 2, whole.len() - 1] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            assert_eq!(memo.read_index(1, 5), None, "cut at {cut}");
        }
        let mut flipped = whole.clone();
        flipped[whole.len() / 2] ^= 0x55;
        std::fs::write(&path, &flipped).unwrap();
        assert_eq!(memo.read_index(1, 5), None, "a flipped byte");
    }
}
