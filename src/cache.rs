//! The incremental cache: what reading one file found — each document's extraction (quotes,
//! rejected quotes, scan diagnostics) and attribution (per quote, and the people it names) —
//! kept between runs, so an unchanged file is not scanned again. Canonical speakers, groups
//! and findings depend on the whole corpus and are never cached per file: beside the pack,
//! [`crate::memo`] keeps what matching and judging made of the whole corpus, reused only when
//! all their inputs are unchanged.
//!
//! The cache is one pack file in the cache folder (`.quotecheck_cache/` under the working
//! directory unless `--cache-dir` says otherwise; the walker never reads it). Its header holds
//! the key of the tool and configuration that wrote it: the version, the cache format, a hash
//! of the executable's bytes (a rebuilt binary is another tool; the same binary installed
//! again is the same) and a hash of the effective configuration. A pack with another key is
//! foreign and ignored whole. Each entry is keyed by a hash of the file's display path and
//! bytes and carries a checksum of its payload; an entry that fails its checksum or does not
//! decode is corrupt, and is rebuilt from the file, never trusted. The pack is rewritten
//! (atomically) only when something changed, and holds the entries of the files of the last
//! run.
//!
//! Invariants: a run with the cache gives byte-identical output to a run without it; reading
//! entries takes no lock (the pack is read once, then only shared).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};

use crate::attribute::Attributed;
use crate::extract::Extraction;

/// The pack file's name inside the cache folder.
pub const PACK_FILE_NAME: &str = "extractions.pack";
/// Bumped whenever what an entry holds changes shape.
const FORMAT: u32 = 2;
const MAGIC: &[u8; 8] = b"QCCACHE\x01";

/// One document's cached extraction and attribution.
pub type CachedDocument = (Extraction, Attributed);

/// What a run did with the cache (shown with `--verbose`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Files whose entry was used.
    pub hits: usize,
    /// Files scanned because they had no entry.
    pub misses: usize,
    /// Entries found corrupt (checksum or decoding), rebuilt from their file.
    pub corrupt: usize,
    /// The pack was written by another tool or configuration and ignored.
    pub foreign: bool,
    /// The pack was cut short or malformed, and ignored.
    pub damaged: bool,
    /// The pack could not be written (the run's output is complete all the same).
    pub write_error: Option<String>,
    /// The memo of matching and judging could not be written (the same).
    pub matching_write_error: Option<String>,
    /// What became of the memo of matching and judging.
    pub matching: crate::memo::Use,
}

/// The cache of one run: the entries read from the pack, and where to write it back.
#[derive(Debug)]
pub struct Cache {
    pack: PathBuf,
    key: u128,
    entries: HashMap<u128, Entry>,
    problem: Option<PackProblem>,
}

/// Why a pack on disk was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackProblem {
    /// Written by another tool or configuration.
    Foreign,
    /// Cut short or malformed.
    Damaged,
}

#[derive(Debug, Clone)]
struct Entry {
    checksum: u64,
    payload: Vec<u8>,
}

/// A file's entry as a run produced or reused it, to be written back.
#[derive(Debug, Clone)]
pub struct Fresh {
    key: u128,
    /// The new entry, or `None` when the pack's entry under `key` was reused as it is (written
    /// back from the pack, not copied).
    made: Option<Entry>,
}

impl Cache {
    /// Opens the cache in `folder` for a run with this configuration (`config` is its
    /// effective TOML). A missing, unreadable or foreign pack gives an empty cache.
    pub fn open(folder: &Path, config: &str) -> Self {
        let key = tool_key(config);
        let pack = folder.join(PACK_FILE_NAME);
        let (entries, problem) = match std::fs::read(&pack) {
            Ok(bytes) => match parse_pack(&bytes, key) {
                Ok(entries) => (entries, None),
                Err(problem) => (HashMap::new(), Some(problem)),
            },
            Err(_) => (HashMap::new(), None),
        };
        Self {
            pack,
            key,
            entries,
            problem,
        }
    }

    /// The entry key of a file: its display path and its bytes.
    pub fn file_key(path: &str, bytes: &[u8]) -> u128 {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(path.as_bytes());
        hasher.update(&[0]);
        hasher.update(bytes);
        hasher.digest128()
    }

    /// The memo of matching and judging kept beside the pack, under the same key.
    pub fn memo(&self) -> crate::memo::Memo {
        let folder = self.pack.parent().unwrap_or(Path::new("."));
        crate::memo::Memo::new(folder.join(crate::memo::MEMO_FILE_NAME), self.key)
    }

    /// The cached documents of a file, or why there are none: `Err(true)` for a corrupt entry.
    pub fn lookup(&self, key: u128) -> Result<(Vec<CachedDocument>, Fresh), bool> {
        let entry = self.entries.get(&key).ok_or(false)?;
        if xxhash_rust::xxh3::xxh3_64(&entry.payload) != entry.checksum {
            return Err(true);
        }
        let documents: Vec<CachedDocument> =
            postcard::from_bytes(&entry.payload).map_err(|_| true)?;
        Ok((documents, Fresh { key, made: None }))
    }

    /// The entry for a file just scanned.
    pub fn fresh(key: u128, documents: &[(&Extraction, &Attributed)]) -> Fresh {
        let payload = postcard::to_allocvec(documents).expect("an extraction serialises");
        Fresh {
            key,
            made: Some(Entry {
                checksum: xxhash_rust::xxh3::xxh3_64(&payload),
                payload,
            }),
        }
    }

    /// Writes the pack back with the entries of this run's files, when anything changed.
    pub fn store(&self, fresh: &[Fresh]) -> std::io::Result<()> {
        let unchanged = self.problem.is_none()
            && fresh.len() == self.entries.len()
            && fresh.iter().all(|f| f.made.is_none());
        if unchanged {
            return Ok(());
        }
        let folder = self.pack.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder)?;
        // Tools that back up or archive folders skip one marked as a cache, and git ignores it.
        let tag = folder.join("CACHEDIR.TAG");
        if !tag.exists() {
            std::fs::write(
                &tag,
                "Signature: 8a477f597d28d172789f06886806bc55\n# quotecheck's cache; safe to delete.\n",
            )?;
            std::fs::write(folder.join(".gitignore"), "*\n")?;
        }
        // A reused entry is one of this pack's own: `lookup` made it.
        let entries: Vec<(u128, &Entry)> = fresh
            .iter()
            .filter_map(|f| Some((f.key, f.made.as_ref().or_else(|| self.entries.get(&f.key))?)))
            .collect();
        let size: usize = entries.iter().map(|(_, e)| e.payload.len() + 28).sum();
        let mut bytes = Vec::with_capacity(size + 32);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&self.key.to_le_bytes());
        bytes.extend_from_slice(&(entries.len() as u64).to_le_bytes());
        for (key, entry) in entries {
            bytes.extend_from_slice(&key.to_le_bytes());
            bytes.extend_from_slice(&entry.checksum.to_le_bytes());
            bytes.extend_from_slice(&(entry.payload.len() as u32).to_le_bytes());
            bytes.extend_from_slice(&entry.payload);
        }
        crate::write_cache_file(&self.pack, &bytes)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", self.pack.display())))
    }

    /// Why the pack on disk was not used, if it was not.
    pub fn problem(&self) -> Option<PackProblem> {
        self.problem
    }
}

/// The key of this tool and configuration.
fn tool_key(config: &str) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&FORMAT.to_le_bytes());
    // A rebuilt binary may scan differently under the same version number.
    if let Ok(exe) = std::env::current_exe() {
        hasher.update(&binary_identity(&exe).to_le_bytes());
    }
    hasher.update(config.as_bytes());
    hasher.digest128()
}

/// A hash of the binary's bytes (a few milliseconds), not of its modification time, so a cache
/// restored beside the same binary installed again (a CI job's) is still its own; for an
/// executable that cannot be read (execute-only), of its size and modification time.
fn binary_identity(exe: &Path) -> u128 {
    if let Ok(bytes) = std::fs::read(exe) {
        return xxhash_rust::xxh3::xxh3_128(&bytes);
    }
    let Ok(metadata) = std::fs::metadata(exe) else {
        return 0;
    };
    let modified = metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos());
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&metadata.len().to_le_bytes());
    hasher.update(&modified.to_le_bytes());
    hasher.digest128()
}

/// The entries of a pack written with `key`.
fn parse_pack(bytes: &[u8], key: u128) -> Result<HashMap<u128, Entry>, PackProblem> {
    let mut rest = bytes.strip_prefix(MAGIC).ok_or(PackProblem::Foreign)?;
    let mut take = |n: usize| -> Result<&[u8], PackProblem> {
        let (head, tail) = rest.split_at_checked(n).ok_or(PackProblem::Damaged)?;
        rest = tail;
        Ok(head)
    };
    let number = little_endian;
    if number(take(16)?) != key {
        return Err(PackProblem::Foreign);
    }
    let count = number(take(8)?);
    let mut entries = HashMap::new();
    for _ in 0..count {
        let entry_key = number(take(16)?);
        let checksum = number(take(8)?) as u64;
        let len = number(take(4)?) as usize;
        let payload = take(len)?.to_vec();
        entries.insert(entry_key, Entry { checksum, payload });
    }
    if !rest.is_empty() {
        return Err(PackProblem::Damaged);
    }
    Ok(entries)
}

/// The number written in `bytes`, least significant byte first (at most 16 bytes), as the
/// cache's files write their keys, counts and checksums.
pub(crate) fn little_endian(bytes: &[u8]) -> u128 {
    bytes
        .iter()
        .rev()
        .fold(0u128, |n, &b| n << 8 | u128::from(b))
}

/// Where the cache lives by default: `.quotecheck_cache` in the working directory.
pub fn default_folder() -> PathBuf {
    PathBuf::from(crate::CACHE_DIR_NAME)
}

/// A name the program knows (a rule, a diagnostic code, a cue's lemma), as its own static
/// text. (An alias, so that deriving `Deserialize` does not try to borrow it from the input.)
pub type Name = &'static str;

/// Deserialises a name the program knows (a rule, a code, a lemma) as the program's own
/// `&'static str`. Each distinct name is kept once for the rest of the run, so the cost is
/// bounded by the names' vocabulary.
pub(crate) fn interned<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<&'static str, D::Error> {
    let name = String::deserialize(deserializer)?;
    Ok(intern(&name))
}

/// [`interned`] for an optional name.
pub(crate) fn interned_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<&'static str>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.map(|name| intern(&name)))
}

fn intern(name: &str) -> &'static str {
    use std::cell::RefCell;
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    thread_local! {
        // Each thread asks the shared set once per name, not once per use.
        static SEEN: RefCell<HashSet<&'static str>> = RefCell::new(HashSet::new());
    }
    if let Some(known) = SEEN.with_borrow(|seen| seen.get(name).copied()) {
        return known;
    }
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let known = match names.get(name) {
        Some(&known) => known,
        None => {
            let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
            names.insert(leaked);
            leaked
        }
    };
    SEEN.with_borrow_mut(|seen| seen.insert(known));
    known
}
