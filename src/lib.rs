//! quotecheck: find every quotation in a corpus of news articles, work out who said it, match
//! the quotes of the same speaker across articles, and report where the wordings and framings
//! of the same utterance diverge.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! PATHs ──corpus──▶ Document ──extract──▶ Quote ──attribute──▶ Quote + speaker
//!   ──align──▶ groups ──diverge, findings──▶ findings ──report──▶ JSON, terminal, HTML, …
//! ```
//!
//! [`analyze`] runs it over PATH arguments and returns an [`Analysis`]; [`report::Report`] turns
//! that into the one model every printer reads. Between runs, [`cache`] keeps what each file's
//! extraction and attribution found, and [`memo`] what matching and judging made of the whole
//! corpus, which the run after an edit reuses for every part of the corpus the edit could not
//! touch ([`rematch`]). The library never prints and never exits: the
//! `quotecheck` binary picks a printer and maps [`Analysis::exit_code`] to the process.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod attribute;
pub mod cache;
pub mod config;
pub mod corpus;
pub mod diagnostics;
pub mod diverge;
pub mod exit;
pub mod extract;
pub mod findings;
pub mod lexicon;
pub mod memo;
pub mod rematch;
pub mod report;
pub mod review;

use std::ops::Range;
use std::path::PathBuf;

use corpus::{Document, Skipped};
use diagnostics::{Diagnostic, Severity};
use extract::{Extraction, Rejected};

/// The folder quotecheck keeps its cache in; never read as part of a corpus.
pub const CACHE_DIR_NAME: &str = ".quotecheck_cache";

/// Everything one run found.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Documents in walk order.
    pub documents: Vec<Document>,
    /// `extractions[i]` belongs to `documents[i]`.
    pub extractions: Vec<Extraction>,
    /// `attributions[i].quotes[k]` says who said quote `k` of `documents[i]`, with speakers
    /// already canonical across the corpus.
    pub attributions: Vec<attribute::Attributed>,
    /// Files found but not read, and why.
    pub skipped: Vec<Skipped>,
    /// Every diagnostic of the run, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Every quote as matching sees it, in document order.
    pub versions: Vec<align::Version>,
    /// Groups of versions rendering one utterance, with their pairs judged.
    pub groups: Vec<findings::JudgedGroup>,
    /// The divergences worth reporting (after [`review::apply`], those it keeps).
    pub findings: Vec<findings::Finding>,
    /// What the review left out of the findings.
    pub review: review::Summary,
    /// What the run did with the incremental cache.
    pub cache: cache::Stats,
    /// How long each stage took, in pipeline order (for `--timings`).
    pub timings: Timings,
}

/// How long each stage of a run took, the processor time it used, and the memory resident
/// when it ended.
#[derive(Debug, Default)]
pub struct Timings {
    pub stages: Vec<StageTiming>,
    last: Option<Reading>,
}

/// The clock and the processor time used, read at the end of a stage.
#[derive(Debug, Clone, Copy)]
struct Reading {
    at: std::time::Instant,
    processor: Option<std::time::Duration>,
}

impl Reading {
    fn now() -> Self {
        Self {
            at: std::time::Instant::now(),
            processor: processor_time(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct StageTiming {
    pub stage: &'static str,
    pub took: std::time::Duration,
    /// Processor time (user and system, all threads) the stage used, where the system says:
    /// near `took` for a stage that ran on one core, up to twice it on two.
    pub processor: Option<std::time::Duration>,
    /// Resident memory in bytes, where the system says (Linux).
    pub resident: Option<u64>,
}

impl Timings {
    /// Records that `stage` ended now; it began when the previous stage ended, or when
    /// [`Timings::start`] started the clock.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Reading::now();
        let (took, processor) = match self.last {
            Some(then) => (
                now.at - then.at,
                now.processor
                    .zip(then.processor)
                    .map(|(now, then)| now.saturating_sub(then)),
            ),
            None => Default::default(),
        };
        self.last = Some(now);
        self.stages.push(StageTiming {
            stage,
            took,
            processor,
            resident: resident_bytes(),
        });
    }

    /// Starts the clock for the first stage.
    pub fn start(&mut self) {
        self.last = Some(Reading::now());
    }
}

/// The processor time the process has used so far, user and system, all its threads.
fn processor_time() -> Option<std::time::Duration> {
    // SAFETY: getrusage only writes the struct it is given, which is plain data.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        (libc::getrusage(libc::RUSAGE_SELF, &mut usage) == 0).then_some(usage)
    }?;
    let seconds =
        |t: libc::timeval| std::time::Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1_000);
    Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

/// The process's resident memory, from /proc/self/statm (pages of 4 KiB assumed there).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

impl Analysis {
    /// Quoted words that were judged not to be quotations, with the document they are in.
    pub fn rejected(&self) -> impl Iterator<Item = (&Document, &Rejected)> {
        self.documents
            .iter()
            .zip(&self.extractions)
            .flat_map(|(doc, extraction)| extraction.rejected.iter().map(move |r| (doc, r)))
    }

    /// Every canonical speaker with the quotes, documents, mentions and roles seen, by name.
    pub fn speakers(&self) -> Vec<attribute::Speaker> {
        use std::collections::{BTreeMap, BTreeSet};
        #[derive(Default)]
        struct Seen {
            quotes: usize,
            documents: Vec<String>,
            mentions: BTreeSet<String>,
            roles: BTreeSet<String>,
        }
        let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
        for (doc, attributed) in self.documents.iter().zip(&self.attributions) {
            for attribution in &attributed.quotes {
                let Some(name) = &attribution.speaker else {
                    continue;
                };
                // A name or mention is copied the first time it is seen only.
                let entry = match seen.get_mut(name.as_str()) {
                    Some(entry) => entry,
                    None => seen.entry(name.to_string()).or_default(),
                };
                entry.quotes += 1;
                if entry.documents.last() != Some(&doc.path) {
                    entry.documents.push(doc.path.clone());
                }
                if let Some((mention, _)) = &attribution.mention {
                    insert_copied(&mut entry.mentions, mention);
                }
            }
            for person in &attributed.people {
                if let Some(entry) = seen.get_mut(person.name.as_str())
                    && !person.role.is_empty()
                {
                    insert_copied(&mut entry.roles, &person.role);
                }
            }
        }
        seen.into_iter()
            .map(|(name, s)| attribute::Speaker {
                name,
                quotes: s.quotes,
                documents: s.documents,
                mentions: s.mentions.into_iter().collect(),
                roles: s.roles.into_iter().collect(),
            })
            .collect()
    }

    /// Whether some input could not be read (the run is incomplete).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The process exit code for this run (see [`exit`]): findings at or above `fail_on` fail
    /// it, unless accepted (`None`: findings never do).
    pub fn exit_code(&self, fail_on: Option<findings::Level>) -> u8 {
        let failing = fail_on.is_some_and(|level| {
            self.findings
                .iter()
                .any(|f| f.level >= level && f.accepted.is_none())
        });
        exit::code(self.has_errors(), failing)
    }
}

/// Loads every document under `paths`, extracts its quotations and attributes them, with the
/// default judging options.
pub fn analyze(paths: &[PathBuf], config: &config::Config) -> Analysis {
    analyze_with(paths, config, &findings::Options::default())
}

/// Runs the whole pipeline: load, extract, attribute, align, judge.
pub fn analyze_with(
    paths: &[PathBuf],
    config: &config::Config,
    judging: &findings::Options,
) -> Analysis {
    analyze_observed(paths, config, judging, None, &|_| {})
}

/// One file's diagnostics and its documents, each with its quotes and their attribution,
/// and its cache entry (with whether it was a hit or a corrupt entry).
struct FileResult {
    diagnostics: Vec<Diagnostic>,
    documents: Vec<(Document, Extraction, attribute::Attributed)>,
    entry: Option<cache::Fresh>,
    lookup: Lookup,
}

/// What the cache had for a file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lookup {
    Hit,
    Miss,
    Corrupt,
}

/// How far a run has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// `done` of `total` files read, extracted and attributed.
    Read { done: usize, total: usize },
    /// Every file is read; quotes are being matched and judged.
    Matching,
}

/// [`analyze_with`], reusing what `cache` holds for unchanged files (and writing it back),
/// telling `progress` how far it has got. The cache is let go once every file is read: what
/// it holds is not needed by the corpus-wide stages, whose peak it would add to.
pub fn analyze_observed(
    paths: &[PathBuf],
    config: &config::Config,
    judging: &findings::Options,
    cache: Option<cache::Cache>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Analysis {
    let mut timings = Timings::default();
    timings.start();
    let loaders = corpus::loaders();
    let discovery = corpus::discover(paths, &loaders);
    let mut analysis = Analysis {
        skipped: discovery.skipped,
        diagnostics: discovery.diagnostics,
        timings,
        ..Analysis::default()
    };
    analysis.timings.lap("discover");
    let total = discovery.files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    // Each file is read, extracted and attributed on its own (in parallel); the results are
    // put together in walk order, so the output does not depend on the number of threads.
    use rayon::prelude::*;
    let per_file: Vec<FileResult> = discovery
        .files
        .par_iter()
        .map(|found| {
            let (loaded, key) = corpus::load_file(found, &loaders);
            let result = read_file(loaded, key, cache.as_ref());
            let finished = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(Progress::Read {
                done: finished,
                total,
            });
            result
        })
        .collect();
    let entries = analysis.add_files(per_file);
    let memo = cache.as_ref().map(cache::Cache::memo);
    // The pack is written while matching runs: it holds the files' entries alone.
    let storing = cache.map(|cache| {
        analysis.cache.foreign = cache.problem() == Some(cache::PackProblem::Foreign);
        analysis.cache.damaged = cache.problem() == Some(cache::PackProblem::Damaged);
        std::thread::spawn(move || cache.store(&entries).err().map(|e| e.to_string()))
    });
    analysis.timings.lap("load, extract, attribute");
    progress(Progress::Matching);
    analysis.match_and_judge(config, judging, memo.as_ref());
    if let Some(storing) = storing {
        analysis.cache.write_error = storing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    }
    analysis
}

/// Runs the pipeline on files already loaded (by a caller that has the bytes in memory, a
/// fuzzer, a test): extract, attribute, align, judge. Files are taken in the order given.
pub fn analyze_loaded(
    files: Vec<corpus::Loaded>,
    config: &config::Config,
    judging: &findings::Options,
) -> Analysis {
    use rayon::prelude::*;
    let mut analysis = Analysis::default();
    analysis.timings.start();
    let per_file: Vec<FileResult> = files
        .into_par_iter()
        .map(|loaded| read_file(loaded, None, None))
        .collect();
    analysis.add_files(per_file);
    analysis.timings.lap("extract, attribute");
    analysis.match_and_judge(config, judging, None);
    analysis
}

impl Analysis {
    /// Adds each file's documents, extractions, attributions and diagnostics, in order, and
    /// counts its cache lookup; returns the files' cache entries.
    fn add_files(&mut self, per_file: Vec<FileResult>) -> Vec<cache::Fresh> {
        let mut entries = Vec::with_capacity(per_file.len());
        // Held for the run: made at their exact length.
        let documents: usize = per_file.iter().map(|file| file.documents.len()).sum();
        self.documents.reserve_exact(documents);
        self.extractions.reserve_exact(documents);
        self.attributions.reserve_exact(documents);
        for file in per_file {
            match file.lookup {
                Lookup::Hit => self.cache.hits += 1,
                Lookup::Miss => self.cache.misses += 1,
                Lookup::Corrupt => self.cache.corrupt += 1,
            }
            entries.extend(file.entry);
            self.diagnostics.extend(file.diagnostics);
            for (doc, mut extraction, attributed) in file.documents {
                self.diagnostics.append(&mut extraction.diagnostics);
                self.attributions.push(attributed);
                self.documents.push(doc);
                self.extractions.push(extraction);
            }
        }
        entries
    }

    /// The diagnostic for a limit matching hit, at the version it concerns.
    fn limit_diagnostic(&self, hit: &align::LimitHit) -> Diagnostic {
        let at = |version: usize| {
            let v = &self.versions[version];
            let quote = &self.extractions[v.doc].quotes[v.quote];
            (
                v.origin.path.as_str(),
                self.documents[v.doc].line_col(quote.start()),
            )
        };
        match hit {
            align::LimitHit::AlignmentTooLarge { version, other } => {
                let (path, position) = at(*version);
                let (other_path, (other_line, _)) = at(*other);
                Diagnostic::at(
                    Severity::Warning,
                    path,
                    position,
                    "alignment-too-large",
                    format!(
                        "this quote ({} words) and the one at {other_path}:{other_line} ({} \
                         words) share their words but are too long to align word by word \
                         (at most {} word pairs); they were not compared",
                        self.versions[*version].word_count(),
                        self.versions[*other].word_count(),
                        align::local::MAX_CELLS
                    ),
                )
            }
            align::LimitHit::SpeakerTooManyQuotes {
                speaker,
                quotes,
                first_left_out,
            } => {
                let (path, position) = at(*first_left_out);
                Diagnostic::at(
                    Severity::Warning,
                    path,
                    position,
                    "speaker-too-many-quotes",
                    format!(
                        "{speaker} has {quotes} quotes; only the first {} (in document order) \
                         were compared with each other, and from this one on they were not \
                         compared with {speaker}'s others. Check a smaller part of the corpus \
                         to match them all",
                        align::MAX_SPEAKER_QUOTES
                    ),
                )
            }
        }
    }

    /// The corpus-wide stages: canonical speakers, versions, groups, judging and findings.
    /// Grouping and judging are taken from `memo` when their inputs are those it was made from,
    /// else made (and the memo written).
    fn match_and_judge(
        &mut self,
        config: &config::Config,
        judging: &findings::Options,
        memo: Option<&memo::Memo>,
    ) {
        // The memo is read while the versions are made.
        let reading = memo.map(|memo| {
            let reader = memo.clone();
            (memo, std::thread::spawn(move || reader.read()))
        });
        let paths: Vec<String> = self.documents.iter().map(|d| d.path.clone()).collect();
        let warnings = attribute::canonicalise(&paths, &mut self.attributions, &config.alias_map());
        self.diagnostics.extend(warnings);
        self.timings.lap("canonical speakers");
        self.versions = align::versions(self);
        self.timings.lap("versions");
        // What the memo holds for these inputs, and the digest to write it under if nothing.
        let looked_up = reading.map(|(memo, reading)| {
            let inputs = memo::Inputs::of(
                &self.versions,
                findings::Cues::new(&self.attributions),
                judging,
            );
            let read = reading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let found = read.take(inputs.digest, &self.versions);
            (memo, inputs, found)
        });
        let judged = match looked_up {
            None => self.group_and_judge(judging).0,
            Some((_, _, Ok(memo::Found::Same(judged)))) => {
                self.cache.matching = memo::Use::Reused;
                for (of, range) in &judged.passages {
                    let passage = self.versions[*of as usize].passage(widen(range));
                    self.versions.push(passage);
                }
                self.timings.lap("group and judge (reused from the cache)");
                judged
            }
            Some((memo, inputs, found)) => self.match_and_judge_after(memo, inputs, found, judging),
        };
        let limits: Vec<Diagnostic> = judged
            .limits
            .iter()
            .map(|hit| self.limit_diagnostic(hit))
            .collect();
        self.diagnostics.extend(limits);
        self.diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        (self.groups, self.findings) = (judged.groups, judged.findings);
    }

    /// Matching and judging when the memo is not this run's: from the earlier run's memo, making
    /// again only what an edit touched, when there is one and its index; else for the whole
    /// corpus. The memo and its index are written for the next run.
    fn match_and_judge_after(
        &mut self,
        memo: &memo::Memo,
        inputs: memo::Inputs,
        found: Result<memo::Found, memo::Miss>,
        judging: &findings::Options,
    ) -> memo::Judged {
        let cues = findings::Cues::new(&self.attributions);
        let missed = found.as_ref().err().copied();
        let mut index_stored = Ok(());
        // Written as soon as the groups are made, so that the keys go before judging.
        let store_index = |components: &[u32], keys: &rematch::KeysNow| {
            let keys_of = |v| align::affected::Keys::of(keys, v).into();
            index_stored = memo.store_index(&inputs, components, keys_of);
        };
        let rematched = match found {
            Ok(memo::Found::Earlier(earlier, before)) => {
                memo.read_index(earlier, inputs.options).and_then(|index| {
                    rematch::rematch(
                        &mut self.versions,
                        cues,
                        judging,
                        &inputs.identities,
                        before,
                        index,
                        store_index,
                    )
                })
            }
            _ => None,
        };
        let (judged, stored) = match rematched {
            Some(rematched) => {
                self.cache.matching = memo::Use::Updated {
                    regrouped: rematched.regrouped,
                    versions: inputs.identities.len(),
                };
                self.timings.lap("group and judge what the edit touched");
                (rematched.judged, index_stored)
            }
            None => {
                let (judged, components) = self.group_and_judge(judging);
                self.cache.matching = missed.map_or(memo::Use::Made, memo::Use::from);
                let versions = &self.versions;
                let keys_of = |v: usize| versions[v].index_keys().into();
                let stored = memo.store_index(&inputs, &components, keys_of);
                (judged, stored)
            }
        };
        let stored = memo.store(inputs.digest, &judged).and(stored);
        self.cache.matching_write_error = stored.err().map(|error| error.to_string());
        judged
    }

    /// Groups the versions and judges the groups: what [`memo::Judged`] keeps, and each
    /// version's part of the candidate graph.
    fn group_and_judge(&mut self, judging: &findings::Options) -> (memo::Judged, Vec<u32>) {
        let grouping = align::group(&mut self.versions);
        let split = align::split_transcript_groups(&mut self.versions, grouping.groups);
        // What grouping derived from the versions' words goes once nothing reads it: for
        // versions in no group (never judged) now, and judging reuses that memory; for the
        // others a window of groups at a time, as judging ends with them. The report reads the
        // texts only.
        use rayon::prelude::*;
        let mut grouped = vec![false; self.versions.len()];
        for group in &split.groups {
            for &v in std::iter::once(&group.reference).chain(&group.members) {
                grouped[v] = true;
            }
        }
        self.versions
            .par_iter_mut()
            .zip(grouped)
            .filter(|(_, grouped)| !grouped)
            .for_each(|(version, _)| version.release_matching());
        self.timings.lap("group");
        let cues = findings::Cues::new(&self.attributions);
        let (groups, findings) =
            findings::judge_and_find(&mut self.versions, split.groups, cues, judging);
        self.timings.lap("judge");
        let judged = memo::Judged {
            passages: split.passages,
            groups,
            findings,
            limits: grouping.limits,
        };
        (judged, grouping.components)
    }
}

/// A loaded file's documents with their extraction and attribution: from the cache when it
/// holds them, else computed (and made into a cache entry).
fn read_file(
    loaded: corpus::Loaded,
    key: Option<u128>,
    cache: Option<&cache::Cache>,
) -> FileResult {
    let mut lookup = Lookup::Miss;
    if let (Some(cache), Some(key)) = (cache, key) {
        match cache.lookup(key) {
            Ok((cached, entry)) if cached.len() == loaded.documents.len() => {
                return FileResult {
                    diagnostics: loaded.diagnostics,
                    documents: loaded
                        .documents
                        .into_iter()
                        .zip(cached)
                        .map(|(doc, (extraction, attributed))| (doc, extraction, attributed))
                        .collect(),
                    entry: Some(entry),
                    lookup: Lookup::Hit,
                };
            }
            Ok(_) | Err(true) => lookup = Lookup::Corrupt,
            Err(false) => {}
        }
    }
    let documents: Vec<(Document, Extraction, attribute::Attributed)> = loaded
        .documents
        .into_iter()
        .map(|doc| {
            let extraction = extract::extract(&doc);
            let attributed = attribute::attribute(&doc, &extraction.quotes);
            (doc, extraction, attributed)
        })
        .collect();
    let entry = cache.and(key).map(|key| {
        let parts: Vec<_> = documents.iter().map(|(_, e, a)| (e, a)).collect();
        cache::Cache::fresh(key, &parts)
    });
    FileResult {
        diagnostics: loaded.diagnostics,
        documents,
        entry,
        lookup,
    }
}

/// Adds `value` to `set`, copying it only when the set does not hold it yet: a corpus repeats
/// the same names, mentions and roles over and over.
pub(crate) fn insert_copied(set: &mut std::collections::BTreeSet<String>, value: &str) {
    if !set.contains(value) {
        set.insert(value.to_string());
    }
}

/// `list` in an allocation of exactly its length, for lists held for the rest of the run.
/// `Vec::shrink_to_fit` is not enough: the allocator (mimalloc) keeps a block that shrinks by
/// half or less as it is, so a list grown by doubling would keep up to twice the room it needs.
pub(crate) fn exact_len<T>(mut list: Vec<T>) -> Vec<T> {
    if list.capacity() == list.len() {
        return list;
    }
    let mut exact = Vec::with_capacity(list.len());
    exact.append(&mut list);
    exact
}

/// An offset into a document or file, or a version's index, in the 32 bits the records a
/// corpus holds millions of keep them in: no file of [`corpus::MAX_FILE_BYTES`] or more is
/// read, and a corpus has fewer than 2³² quotes.
pub(crate) fn narrow(offset_or_index: usize) -> u32 {
    u32::try_from(offset_or_index).expect("offsets and version indices fit in 32 bits")
}

/// A byte range in the 32 bits of [`narrow`].
pub(crate) fn narrow_range(range: Range<usize>) -> Range<u32> {
    narrow(range.start)..narrow(range.end)
}

/// A range [`narrow_range`] made, as the byte range it stands for.
pub(crate) fn widen(range: &Range<u32>) -> Range<usize> {
    range.start as usize..range.end as usize
}

/// The text on one line: runs of whitespace (line breaks of hard-wrapped copy) as one space.
pub(crate) fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    line
}

/// The temporary files being written right now, for [`remove_unfinished_files`].
static UNFINISHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes the temporary files of writes still in progress: what an interrupted run calls
/// before it exits, so it leaves no partial file behind. Writes that have not finished stay
/// blocked until the process is gone.
pub fn remove_unfinished_files() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    let mut unfinished = UNFINISHED.lock().unwrap_or_else(|e| e.into_inner());
    for path in unfinished.drain(..) {
        let _ = std::fs::remove_file(path);
    }
    unfinished
}

/// Writes `contents` to `path` through a temporary file in the same folder, renamed into place,
/// so a reader (or an interrupted run) never sees a partial file.
pub fn write_atomically(path: &std::path::Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |out| out.write_all(contents))
}

/// [`write_atomically`] for contents made as they are written (a large report is never held
/// in memory whole): `write` writes them to a buffered temporary file.
pub fn write_atomically_with(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_through_temporary(path, Durability::Synced, write)
}

/// Writes a cache file as [`write_atomically`] does, but without waiting for the disk: a cache
/// file checks itself when read and is rebuilt when damaged, so a crash may cost the next run
/// its reuse, never its output, and waiting for the disk cost more than the write. The cache's
/// folder is the tool's own: it is made if it is not there (whichever cache file comes first).
pub(crate) fn write_cache_file(path: &std::path::Path, contents: &[u8]) -> std::io::Result<()> {
    write_cache_file_with(path, |out| out.write_all(contents))
}

/// [`write_cache_file`] for contents made as they are written.
pub(crate) fn write_cache_file_with(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    write_through_temporary(path, Durability::Unsynced, write)
}

/// Whether a file written is synced to the disk before it is renamed into place.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Durability {
    Synced,
    Unsynced,
}

fn write_through_temporary(
    path: &std::path::Path,
    durability: Durability,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
    };
    if !folder.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "the folder {} does not exist; create it or write somewhere else",
                folder.display()
            ),
        ));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".quotecheck-").suffix(".tmp");
    // A report or baseline is for others to read, as any file the user writes would be.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    // The file is made under the lock: an interrupted run, which takes the lock for good
    // before it exits, either removes it or stops it from being made.
    let mut unfinished = UNFINISHED.lock().unwrap_or_else(|e| e.into_inner());
    let mut file = builder.tempfile_in(folder)?;
    let temporary = file.path().to_path_buf();
    unfinished.push(temporary.clone());
    drop(unfinished);
    let written = {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, file.as_file_mut());
        write(&mut buffered).and_then(|()| buffered.flush())
    };
    let written = written
        .and_then(|()| match durability {
            Durability::Synced => file.as_file().sync_all(),
            Durability::Unsynced => Ok(()),
        })
        .and_then(|()| file.persist(path).map(drop).map_err(|e| e.error));
    UNFINISHED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| *p != temporary);
    written
}

#[cfg(test)]
mod tests {
    #[test]
    fn exact_len_keeps_the_items_in_room_for_them_alone() {
        let mut grown: Vec<String> = Vec::new();
        for word in ["Officials", "said", "the", "bridge", "would", "reopen"] {
            grown.push(word.to_string());
        }
        assert!(grown.capacity() > grown.len());
        let exact = super::exact_len(grown.clone());
        assert_eq!(exact, grown);
        assert_eq!(exact.capacity(), exact.len());
        assert_eq!(super::exact_len(Vec::<u32>::new()).capacity(), 0);
    }
}
