//! Render: one report model, several printers.
//!
//! [`Report::build`] turns an [`Analysis`] into the model every printer reads: positions are
//! resolved to file offsets and line:column here, so printers never compute. The big lists
//! (quotes, groups, findings) are made entry by entry as a printer reads them ([`Listed`]):
//! held whole, they were a third of a large run's memory. Printers sit behind [`Printer`] and
//! are chosen in one place, [`printer_for`].
//!
//! Invariants: the model is ordered (documents in walk order, quotes in document order,
//! diagnostics by file and position), so the same corpus always prints the same bytes.

mod github;
mod html;
mod human;
mod json;
mod markdown;
mod sarif;
mod table;

pub use github::{escape_data as github_escape_data, escape_property as github_escape_property};

pub use table::{AlignmentTable, Cell, CellKind, Row};

use std::io::{self, Write};

use serde::Serialize;

use std::collections::BTreeMap;

use crate::Analysis;
use crate::attribute::Speaker;
use crate::corpus::DocKind;
use crate::diagnostics::Diagnostic;
use crate::diverge::{Change, Class, DiffPiece, Flag};
use crate::extract::QuoteKind;
use crate::findings::{Framing, Level};

/// A quote's id (`path#k`), made with each entry that names it.
pub type QuoteId = String;

/// The version of the JSON report; bumped only when a field's meaning changes.
pub const REPORT_VERSION: u32 = 1;

/// The report model. It borrows the analysis's texts and judgements rather than copying
/// them, so a large corpus is not held twice.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub version: u32,
    pub documents: Vec<DocumentEntry<'a>>,
    pub quotes: Quotes<'a>,
    pub groups: Groups<'a>,
    pub findings: Findings<'a>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every canonical speaker: quotes, documents, mentions and roles seen.
    pub speakers: Vec<Speaker>,
    /// Findings the baseline or the changed-files filter left out, and stale baseline entries.
    pub review: crate::review::Summary,
    /// Counts for a report's summary.
    pub totals: Totals,
}

/// Counts for a report's summary.
#[derive(Debug, Default, Serialize)]
pub struct Totals {
    pub documents: usize,
    pub quotes: usize,
    pub speakers: usize,
    pub groups: usize,
    /// Findings not accepted, by severity (`error`, `warning`, `note`).
    pub open_by_severity: BTreeMap<String, usize>,
    /// Findings not accepted, by divergence class.
    pub open_by_class: BTreeMap<String, usize>,
    pub accepted: usize,
}

#[derive(Debug, Serialize)]
pub struct DocumentEntry<'a> {
    pub path: &'a str,
    /// The file it was read from (differs from `path` for a record of a JSONL file).
    pub file: &'a str,
    pub title: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub date: Option<&'a str>,
    pub url: Option<&'a str>,
    pub kind: DocKind,
    /// Number of quotes found in the document.
    pub quotes: usize,
}

impl DocumentEntry<'_> {
    /// Outlet and date, as a report names the source ("The Ledger, 2026-03-10").
    pub fn byline(&self) -> String {
        [self.outlet, self.date]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl<'a> GroupEntry<'a> {
    /// The heading a group is listed under: its speakers, or that nobody is named.
    pub fn speaker_heading(&self) -> String {
        if self.speakers.is_empty() {
            "(no speaker named)".to_string()
        } else {
            self.speakers.join(" / ")
        }
    }

    /// How the group frames one of its versions.
    pub fn framing_of(&self, quote: &str) -> Option<&MemberFraming<'a>> {
        self.framings.iter().find(|f| *f.quote == *quote)
    }

    /// The pair judging `quote` against the reference.
    pub fn reference_pair(&self, quote: &str) -> Option<&PairEntry<'a>> {
        self.pairs
            .iter()
            .find(|p| p.a == self.reference && *p.b == *quote)
    }
}

#[derive(Debug, Serialize)]
pub struct QuoteEntry<'a> {
    /// `path#k`, k counting the document's quotes from 1 in order of appearance.
    pub id: QuoteId,
    pub doc: &'a str,
    /// Byte offsets of the quoted words (inside the marks) in the original file.
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (in Unicode scalar values) of `start`.
    pub line: usize,
    pub column: usize,
    /// The quoted words; the segments of a multi-paragraph quote joined by one space.
    pub text: std::borrow::Cow<'a, str>,
    /// Byte ranges in the original file, one per paragraph.
    pub segments: Vec<[usize; 2]>,
    pub nested: Vec<NestedEntry<'a>>,
    /// Id of the quote this one resumes after an interrupting attribution.
    pub continues: Option<QuoteId>,
    pub kind: QuoteKind,
    /// The speaker's fullest name in the document, or `null` when the article names nobody.
    pub speaker: Option<&'a str>,
    /// The words that named the speaker, and their byte offsets in the original file.
    pub mention: Option<&'a str>,
    pub mention_start: Option<usize>,
    pub mention_end: Option<usize>,
    /// The reporting cue's lemma, as the annotation guidelines give it ("say", "according
    /// to", "sagen", "déclarer"), the same in every language's inflections; as written
    /// ("said", "a déclaré", "sagte"); and its framing class.
    pub cue: Option<&'static str>,
    pub cue_written: Option<&'a str>,
    pub cue_class: Option<&'static str>,
    /// The attribution rule that fired.
    pub rule: Option<&'static str>,
    /// The quote sits in site furniture (a teaser for another story).
    pub in_boilerplate: bool,
    /// How the article frames the words: the quote's sentence with the quote masked as “…”.
    pub framing_sentence: String,
}

#[derive(Debug, Serialize)]
pub struct NestedEntry<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// A group of quotes rendering one utterance.
#[derive(Debug, Serialize)]
pub struct GroupEntry<'a> {
    pub id: String,
    /// The version the others are judged against: the transcript where there is one, else
    /// the fullest version.
    pub reference: QuoteId,
    /// The reference's words (for a transcript, the passage the members render), and where.
    pub reference_text: &'a str,
    pub reference_line: usize,
    pub reference_column: usize,
    /// Every version, the reference first.
    pub members: Vec<QuoteId>,
    /// Every speaker the versions name; more than one means the same words were given to
    /// different people.
    pub speakers: &'a [String],
    /// Members dated more than `occasion_days` apart: perhaps the line was said again.
    pub possibly_different_occasion: bool,
    /// Syndicated copies of a member (identical article bodies), by member.
    pub copies: BTreeMap<QuoteId, Vec<QuoteId>>,
    /// How each version is framed, in `members` order (shown, not compared).
    pub framings: Vec<MemberFraming<'a>>,
    pub pairs: Vec<PairEntry<'a>>,
    /// Not every pair is listed (more than the cap).
    pub pairs_capped: bool,
    /// Every version's words in columns under the reference's, differences marked (for the
    /// HTML report; the JSON has each pair's `diff`, from which it is built).
    #[serde(skip)]
    pub table: AlignmentTable,
}

/// How one article frames a version: its cue, the cue of its article's headline where the
/// headline quotes the same words, and the sentence around it with the quote masked.
#[derive(Debug, Serialize)]
pub struct MemberFraming<'a> {
    pub quote: QuoteId,
    pub cue: Option<&'a str>,
    pub cue_class: Option<&'static str>,
    /// The headline quote of the same article in this group, and its cue.
    pub headline: Option<QuoteId>,
    pub headline_cue: Option<&'a str>,
    pub headline_cue_class: Option<&'static str>,
    pub sentence: String,
}

#[derive(Debug, Serialize)]
pub struct PairEntry<'a> {
    /// The reference (or the fuller member).
    pub a: QuoteId,
    pub b: QuoteId,
    /// `b` is a syndicated copy of this version, judged as it is.
    pub copy_of: Option<QuoteId>,
    /// Share of `b`'s words found, in order, in `a`.
    pub similarity: f64,
    pub divergence: Class,
    pub misattributed: bool,
    pub flags: &'a [Flag],
    pub changes: &'a [Change],
    /// `a`'s words with `b`'s differences marked.
    pub diff: &'a [DiffPiece],
    pub framing: &'a Framing,
}

/// A divergence worth reporting.
#[derive(Debug, Serialize)]
pub struct FindingEntry<'a> {
    pub id: String,
    /// Stable across runs and edits elsewhere: the pair's normalised words, class and flags.
    pub fingerprint: crate::findings::Fingerprint,
    pub severity: Level,
    pub group: String,
    /// The diverging version and where it is (`file` is `path` but for a JSONL record).
    pub quote: QuoteId,
    pub path: &'a str,
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    /// Line and column where the quote ends (a quote over several paragraphs spans lines).
    pub end_line: usize,
    pub end_column: usize,
    /// The version it is compared with, and where that is.
    pub reference: QuoteId,
    pub reference_path: &'a str,
    pub reference_file: &'a str,
    pub reference_line: usize,
    pub reference_column: usize,
    pub divergence: Class,
    pub flags: &'a [Flag],
    pub misattributed: bool,
    pub framing_diverges: bool,
    /// What made it a finding: class, flags, misattribution, framing.
    pub reasons: &'a [&'static str],
    pub message: String,
    /// An editor accepted it, and why: reported, but it fails no run.
    pub accepted: Option<crate::review::Acceptance>,
    /// The speaker the reference names, and both texts (the reference's as the group holds
    /// it: a transcript's passage).
    pub speaker: Option<&'a str>,
    pub text: &'a str,
    pub reference_text: &'a str,
    /// The version's words with the reference's differences marked (in the JSON, the pair's
    /// `diff` holds them).
    #[serde(skip)]
    pub diff: &'a [DiffPiece],
}

impl<'a> Report<'a> {
    /// The report of an analysis, without the alignment tables only the HTML report shows.
    pub fn build(analysis: &'a Analysis) -> Self {
        Self::build_with(analysis, false)
    }

    /// The report, with each group's alignment table when `tables` is set. Documents are
    /// turned into entries in parallel and kept in analysis order; quotes, groups and findings
    /// are made as a printer reads them (see [`Listed`]).
    pub fn build_with(analysis: &'a Analysis, tables: bool) -> Self {
        use rayon::prelude::*;
        let documents = (0..analysis.documents.len())
            .into_par_iter()
            .map(|index| document_entry(analysis, index))
            .collect();
        let speakers = analysis.speakers();
        Self {
            version: REPORT_VERSION,
            documents,
            quotes: quotes(analysis),
            groups: Listed::new(
                analysis.groups.len(),
                move |index| group_entry(analysis, index, tables),
                numbered_index("g"),
            ),
            findings: findings(analysis),
            diagnostics: analysis.diagnostics.clone(),
            totals: totals(analysis, speakers.len()),
            speakers,
            review: analysis.review.clone(),
        }
    }
}

/// One of the report's big lists, its entries made each time a printer reads them rather than
/// held: at 100,000 articles a report has a million quotes and hundreds of thousands of groups
/// and findings, and their entries held beside the analysis they are made from were a third
/// of the run's memory. An entry is made from the analysis alone, so any thread may make any
/// entry, and a list read twice reads the same entries.
pub struct Listed<'a, E> {
    len: usize,
    make: Box<dyn Fn(usize) -> E + Send + Sync + 'a>,
    index_of: Box<IndexOf<'a>>,
}

/// The position of the entry with an id, if there is one.
type IndexOf<'a> = dyn Fn(&str) -> Option<usize> + Send + Sync + 'a;

/// Every quote, in document order; a quote's id is `path#k`.
pub type Quotes<'a> = Listed<'a, QuoteEntry<'a>>;
/// Every group, in the analysis's order; ids `g1`, `g2`, …
pub type Groups<'a> = Listed<'a, GroupEntry<'a>>;
/// Every finding, in the analysis's order; ids `f1`, `f2`, …
pub type Findings<'a> = Listed<'a, FindingEntry<'a>>;

impl<'a, E> Listed<'a, E> {
    fn new(
        len: usize,
        make: impl Fn(usize) -> E + Send + Sync + 'a,
        index_of: impl Fn(&str) -> Option<usize> + Send + Sync + 'a,
    ) -> Self {
        Self {
            len,
            make: Box::new(make),
            index_of: Box::new(index_of),
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `index`th entry.
    ///
    /// # Panics
    /// If `index` is not below [`Listed::len`].
    pub fn nth(&self, index: usize) -> E {
        assert!(index < self.len, "entry {index} of {}", self.len);
        (self.make)(index)
    }

    /// The entry with this id, if the list has it.
    pub fn get(&self, id: &str) -> Option<E> {
        (self.index_of)(id)
            .filter(|&index| index < self.len)
            .map(|index| (self.make)(index))
    }

    /// Every entry, in order.
    pub fn iter(&self) -> impl Iterator<Item = E> + '_ {
        (0..self.len).map(|index| (self.make)(index))
    }
}

impl<'l, E: 'l> IntoIterator for &'l Listed<'_, E> {
    type Item = E;
    type IntoIter = Box<dyn Iterator<Item = E> + 'l>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl<E: Serialize> Serialize for Listed<'_, E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<E> std::fmt::Debug for Listed<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listed").field("len", &self.len).finish()
    }
}

/// The position in `prefix1`, `prefix2`, … of an id.
fn numbered_index(prefix: &'static str) -> impl Fn(&str) -> Option<usize> + Send + Sync {
    move |id| {
        id.strip_prefix(prefix)?
            .parse::<usize>()
            .ok()?
            .checked_sub(1)
    }
}

/// The report's quotes: the `index`th is found by the document its count falls in.
fn quotes(analysis: &Analysis) -> Quotes<'_> {
    // `first_of_doc[i]`: the position of document `i`'s first quote; one more item, last,
    // holds the number of quotes.
    let mut first_of_doc = Vec::with_capacity(analysis.extractions.len() + 1);
    let mut count = 0;
    first_of_doc.push(count);
    for extraction in &analysis.extractions {
        count += extraction.quotes.len();
        first_of_doc.push(count);
    }
    let positions_of_path: rustc_hash::FxHashMap<&str, std::ops::Range<usize>> = analysis
        .documents
        .iter()
        .enumerate()
        .map(|(doc, d)| (d.path.as_str(), first_of_doc[doc]..first_of_doc[doc + 1]))
        .collect();
    Listed::new(
        count,
        move |index| {
            // The last document starting at or before `index`: documents without quotes start
            // where the next one does, so this is the one holding it.
            let doc = first_of_doc.partition_point(|&first| first <= index) - 1;
            quote_entry(analysis, doc, index - first_of_doc[doc])
        },
        move |id| {
            let (path, k) = id.rsplit_once('#')?;
            let positions = positions_of_path.get(path)?;
            let index = positions.start + k.parse::<usize>().ok()?.checked_sub(1)?;
            positions.contains(&index).then_some(index)
        },
    )
}

/// The report's findings (also what a baseline records).
pub fn findings(analysis: &Analysis) -> Findings<'_> {
    Listed::new(
        analysis.findings.len(),
        move |index| finding_entry(analysis, index),
        numbered_index("f"),
    )
}

/// The totals of an analysis's report, with its number of speakers.
fn totals(analysis: &Analysis, speakers: usize) -> Totals {
    let mut totals = Totals {
        documents: analysis.documents.len(),
        quotes: analysis.extractions.iter().map(|e| e.quotes.len()).sum(),
        speakers,
        groups: analysis.groups.len(),
        ..Totals::default()
    };
    for finding in &analysis.findings {
        if finding.accepted.is_some() {
            totals.accepted += 1;
            continue;
        }
        let class = analysis.groups[finding.group].pairs[finding.pair]
            .divergence
            .class;
        count_in(&mut totals.open_by_severity, finding.level.as_str());
        count_in(&mut totals.open_by_class, class.as_str());
    }
    totals
}

/// Counts one more `key` in `counts`, copying the key the first time only.
fn count_in(counts: &mut std::collections::BTreeMap<String, usize>, key: &str) {
    match counts.get_mut(key) {
        Some(count) => *count += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

/// What a quote without an attribution (none was made for its document) reports.
static UNATTRIBUTED: crate::attribute::Attribution = crate::attribute::Attribution {
    speaker: None,
    mention: None,
    cue: None,
    rule: None,
};

/// Who said quote `quote` of document `doc` (nobody, when no attribution was made for it).
fn attribution_of(analysis: &Analysis, doc: usize, quote: usize) -> &crate::attribute::Attribution {
    analysis
        .attributions
        .get(doc)
        .and_then(|a| a.quotes.get(quote))
        .unwrap_or(&UNATTRIBUTED)
}

/// A document's entry.
fn document_entry(analysis: &Analysis, index: usize) -> DocumentEntry<'_> {
    let doc = &analysis.documents[index];
    DocumentEntry {
        path: &doc.path,
        file: &doc.file,
        title: doc.title.as_deref(),
        outlet: doc.meta.outlet.as_deref(),
        date: doc.meta.date.as_deref(),
        url: doc.meta.url.as_deref(),
        kind: doc.meta.kind,
        quotes: analysis.extractions[index].quotes.len(),
    }
}

/// The entry of quote `index` of document `doc_index`.
fn quote_entry(analysis: &Analysis, doc_index: usize, index: usize) -> QuoteEntry<'_> {
    let doc = &analysis.documents[doc_index];
    let quote = &analysis.extractions[doc_index].quotes[index];
    let attribution = attribution_of(analysis, doc_index, index);
    let (line, column) = doc.line_col(quote.start());
    let file_range =
        |r: &std::ops::Range<usize>| [doc.file_offset(r.start), doc.file_offset(r.end)];
    let mention = attribution.mention.as_ref();
    QuoteEntry {
        id: quote_id(&doc.path, index),
        doc: &doc.path,
        start: doc.file_offset(quote.start()),
        end: doc.file_offset(quote.end()),
        line,
        column,
        text: quote.text(&doc.text),
        segments: quote.segments.iter().map(file_range).collect(),
        nested: quote
            .nested
            .iter()
            .map(|n| NestedEntry {
                start: doc.file_offset(n.start),
                end: doc.file_offset(n.end),
                text: &doc.text[n.clone()],
            })
            .collect(),
        continues: quote.continues().map(|first| quote_id(&doc.path, first)),
        kind: quote.kind,
        speaker: attribution.speaker.as_deref(),
        mention: mention.map(|(m, _)| m.as_str()),
        mention_start: mention.map(|(_, span)| doc.file_offset(span.start)),
        mention_end: mention.map(|(_, span)| doc.file_offset(span.end)),
        cue: attribution.cue.as_ref().map(|(_, cue)| cue.lemma),
        cue_written: attribution.cue_written(),
        cue_class: attribution.cue_class().map(|c| c.as_str()),
        rule: attribution.rule,
        in_boilerplate: doc.blocks[quote.block()].boilerplate,
        framing_sentence: masked_sentence(doc, quote),
    }
}

impl<'a> Report<'a> {
    /// Documents by path.
    pub fn documents_by_path(&self) -> BTreeMap<&str, &DocumentEntry<'_>> {
        self.documents.iter().map(|d| (d.path, d)).collect()
    }
}

/// The sentence around a quote with the quote itself replaced by “…”, on one line.
fn masked_sentence(doc: &crate::corpus::Document, quote: &crate::extract::Quote) -> String {
    use crate::extract::classify::{sentence_end, sentence_start};
    let block = doc.blocks[quote.block()].span();
    let start = sentence_start(&doc.text, block.start, quote.open_at());
    let last_block = doc.blocks[doc
        .blocks
        .partition_point(|b| b.span().start <= quote.close_end())
        .saturating_sub(1)
        .max(quote.block())]
    .span();
    let end = sentence_end(
        &doc.text,
        quote.close_end().min(last_block.end),
        last_block.end,
    );
    let before = &doc.text[start..quote.open_at().max(start)];
    let after = &doc.text[quote.close_end().min(end)..end];
    crate::one_line(&format!("{before}“…”{after}"))
}

/// The id (`path#k`) of the `index`th quote (from 0) of the document at `path`.
fn quote_id(path: &str, index: usize) -> QuoteId {
    format!("{path}#{}", index + 1)
}

/// The id of a version: its quote's.
fn version_id(analysis: &Analysis, version: usize) -> QuoteId {
    let v = &analysis.versions[version];
    quote_id(&v.origin.path, v.quote)
}

fn version_location(analysis: &Analysis, version: usize) -> (usize, usize) {
    let v = &analysis.versions[version];
    let doc = &analysis.documents[v.doc];
    let start = analysis.extractions[v.doc].quotes[v.quote].start();
    doc.line_col(start + v.passage.as_ref().map_or(0, |p| p.start as usize))
}

/// The framing of each version of a group, in `members` order.
fn member_framings<'a>(analysis: &'a Analysis, members: &[usize]) -> Vec<MemberFraming<'a>> {
    // A version's id, its cue as written and the cue's class.
    let cue_of = |v: usize| {
        let version = &analysis.versions[v];
        let attribution = attribution_of(analysis, version.doc, version.quote);
        (
            version_id(analysis, v),
            attribution.cue_written(),
            attribution.cue_class().map(|c| c.as_str()),
        )
    };
    members
        .iter()
        .map(|&v| {
            let version = &analysis.versions[v];
            let headline = members
                .iter()
                .copied()
                .find(|&h| {
                    let h = &analysis.versions[h];
                    h.doc == version.doc
                        && h.kind == QuoteKind::Headline
                        && version.kind != QuoteKind::Headline
                })
                .map(cue_of);
            let (headline, headline_cue, headline_cue_class) = match headline {
                Some((id, cue, class)) => (Some(id), cue, class),
                None => (None, None, None),
            };
            let (quote, cue, cue_class) = cue_of(v);
            MemberFraming {
                quote,
                cue,
                cue_class,
                headline,
                headline_cue,
                headline_cue_class,
                sentence: masked_sentence(
                    &analysis.documents[version.doc],
                    &analysis.extractions[version.doc].quotes[version.quote],
                ),
            }
        })
        .collect()
}

/// Line and column of the end of a version (for a transcript passage, of the passage).
fn version_end(analysis: &Analysis, version: usize) -> (usize, usize) {
    let v = &analysis.versions[version];
    let doc = &analysis.documents[v.doc];
    let quote = &analysis.extractions[v.doc].quotes[v.quote];
    let end = match &v.passage {
        Some(passage) => quote.start() + passage.end as usize,
        None => quote.end(),
    };
    doc.line_col(end)
}

/// The entry of group `index`, with its alignment table when `tables` is set.
fn group_entry(analysis: &Analysis, index: usize, tables: bool) -> GroupEntry<'_> {
    let id = |v: usize| version_id(analysis, v);
    let judged = &analysis.groups[index];
    let (reference_line, reference_column) = version_location(analysis, judged.group.reference);
    // Syndicated copies render their original's words exactly: listed after it.
    let members: Vec<usize> = std::iter::once(judged.group.reference)
        .chain(judged.group.members.iter().copied())
        .flat_map(|v| std::iter::once(v).chain(judged.copies.get(&v).cloned().unwrap_or_default()))
        .collect();
    let pairs: Vec<PairEntry> = judged
        .pairs
        .iter()
        .flat_map(|pair| {
            // A copy of `b` diverges from `a` exactly as `b` does.
            let copies = judged.copies.get(&pair.b).cloned().unwrap_or_default();
            std::iter::once((pair, pair.b, None))
                .chain(copies.into_iter().map(move |c| (pair, c, Some(pair.b))))
        })
        .map(|(pair, b, copy_of)| PairEntry {
            copy_of: copy_of.map(id),
            a: id(pair.a),
            b: id(b),
            similarity: (pair.similarity * 1000.0).round() / 1000.0,
            divergence: pair.divergence.class,
            misattributed: pair.misattributed,
            flags: &pair.divergence.flags,
            changes: &pair.divergence.changes,
            diff: &pair.divergence.inline,
            framing: &pair.framing,
        })
        .collect();
    let table = if tables {
        alignment_table(analysis, judged.group.reference, &members, &pairs)
    } else {
        AlignmentTable::default()
    };
    GroupEntry {
        table,
        id: format!("g{}", index + 1),
        reference: id(judged.group.reference),
        reference_text: &analysis.versions[judged.group.reference].text,
        reference_line,
        reference_column,
        framings: member_framings(analysis, &members),
        members: members.into_iter().map(id).collect(),
        speakers: &judged.group.speakers,
        possibly_different_occasion: judged.possibly_different_occasion,
        copies: judged
            .copies
            .iter()
            .map(|(v, copies)| (id(*v), copies.iter().map(|c| id(*c)).collect()))
            .collect(),
        pairs,
        pairs_capped: judged.pairs_capped,
    }
}

/// The alignment table of a group: the reference's words, then each member's row.
fn alignment_table(
    analysis: &Analysis,
    reference: usize,
    members: &[usize],
    pairs: &[PairEntry],
) -> AlignmentTable {
    let reference_id = version_id(analysis, reference);
    let version = &analysis.versions[reference];
    let reference_words: Vec<String> = version
        .tokens()
        .iter()
        .map(|t| version.text[t.span.clone()].to_string())
        .collect();
    let rows: Vec<(String, Option<&[DiffPiece]>, String)> = members[1..]
        .iter()
        .map(|&m| {
            let member = version_id(analysis, m);
            let diff = pairs
                .iter()
                .find(|p| p.a == reference_id && p.b == member)
                .map(|p| p.diff);
            (
                member.to_string(),
                diff,
                analysis.versions[m].text.to_string(),
            )
        })
        .collect();
    table::alignment_table(&reference_id, &reference_words, &rows)
}

/// A finding's one-line message, said of the version (the finding's quote): what it does to
/// the reference's words (said by `speaker`, found `at`), then the finding's other reasons.
fn finding_message(
    class: crate::diverge::Class,
    speaker: Option<&str>,
    at: &str,
    reasons: &[&str],
) -> String {
    use crate::diverge::Class;
    let words = format!(
        "{}'s words at {at}",
        speaker.unwrap_or("an unnamed speaker")
    );
    let mut message = match class {
        Class::Verbatim => format!("Renders {words} word for word"),
        Class::Cosmetic => format!("Renders {words} with other punctuation or case"),
        Class::Elided => format!("Leaves out part of {words}, marking the omission"),
        Class::Truncated => format!("Cuts {words} short"),
        Class::Altered => format!("Changes {words}"),
    };
    let others: Vec<&str> = reasons
        .iter()
        .copied()
        .filter(|&reason| reason != class.as_str())
        .collect();
    if !others.is_empty() {
        message.push_str(&format!(" ({})", others.join(", ")));
    }
    message
}

/// The entry of finding `index`.
fn finding_entry(analysis: &Analysis, index: usize) -> FindingEntry<'_> {
    let id = |v: usize| version_id(analysis, v);
    let finding = &analysis.findings[index];
    let pair = &analysis.groups[finding.group].pairs[finding.pair];
    let (line, column) = version_location(analysis, pair.b);
    let (end_line, end_column) = version_end(analysis, pair.b);
    let (reference_line, reference_column) = version_location(analysis, pair.a);
    let (b, a) = (&analysis.versions[pair.b], &analysis.versions[pair.a]);
    let message = finding_message(
        pair.divergence.class,
        a.speaker.as_deref(),
        &format!("{}:{reference_line}", a.origin.path),
        &finding.reasons,
    );
    FindingEntry {
        id: format!("f{}", index + 1),
        fingerprint: finding.fingerprint,
        severity: finding.level,
        group: format!("g{}", finding.group + 1),
        quote: id(pair.b),
        path: &b.origin.path,
        file: &analysis.documents[b.doc].file,
        line,
        column,
        end_line,
        end_column,
        reference: id(pair.a),
        reference_path: &a.origin.path,
        reference_file: &analysis.documents[a.doc].file,
        reference_line,
        reference_column,
        divergence: pair.divergence.class,
        flags: &pair.divergence.flags,
        misattributed: pair.misattributed,
        framing_diverges: pair.framing.diverges,
        reasons: &finding.reasons,
        message,
        accepted: finding.accepted.as_deref().cloned(),
        speaker: a.speaker.as_deref(),
        text: &b.text,
        reference_text: &a.text,
        diff: &pair.divergence.inline,
    }
}

/// Which command's output a printer is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// `quotecheck quotes`: every quote.
    Quotes,
    /// `quotecheck check`: the findings and the state of the run.
    Check,
    /// `quotecheck speakers`: each canonical speaker.
    Speakers,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a person at a terminal.
    Human,
    /// The versioned JSON report (see schema/report-v1.schema.json).
    Json,
    /// One JSON object a line: quotes for `quotes`, findings for `check`, speakers for
    /// `speakers`.
    Jsonl,
    /// A Markdown summary and findings, for a pull-request comment or a CI job summary.
    Markdown,
    /// One self-contained HTML page for editors: every group as an alignment table.
    Html,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
    /// GitHub Actions workflow commands: an annotation per finding.
    Github,
}

/// How a printer should print, beyond the report itself.
#[derive(Debug, Clone, Default)]
pub struct PrintOptions {
    /// Colour for the terminal report (the caller decides: `--color`, a terminal, NO_COLOR).
    pub color: bool,
    /// At most this many GitHub annotations.
    pub max_annotations: usize,
    /// The HTML report links articles under this URL instead of relative paths.
    pub link_base: Option<String>,
    /// The folder the report is written to, for relative links (`None`: the working folder).
    pub links_from: Option<std::path::PathBuf>,
}

/// Writes a report in one format.
pub trait Printer {
    fn print(&self, report: &Report, view: View, out: &mut dyn Write) -> io::Result<()>;
}

/// The printer for a format: the one place formats are chosen.
pub fn printer_for(format: Format, options: &PrintOptions) -> Box<dyn Printer> {
    match format {
        Format::Human => Box::new(human::HumanPrinter {
            color: options.color,
        }),
        Format::Json => Box::new(json::JsonPrinter),
        Format::Jsonl => Box::new(json::JsonLinesPrinter),
        Format::Markdown => Box::new(markdown::MarkdownPrinter),
        Format::Html => Box::new(html::HtmlPrinter {
            link_base: options.link_base.clone(),
            links_from: options.links_from.clone(),
        }),
        Format::Sarif => Box::new(sarif::SarifPrinter),
        Format::Github => Box::new(github::GithubPrinter {
            max_annotations: options.max_annotations,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three short articles, the middle one without a quote.
    fn analysis() -> Analysis {
        let loaders = crate::corpus::loaders();
        let txt = crate::corpus::loader_for(std::path::Path::new("a.txt"), &loaders)
            .expect("a loader for .txt");
        let files = [
            (
                "harbour.txt",
                "“We will dredge the channel by spring,” the mayor, Ines Varga, said.\n\n\
                 “It is overdue,” said Tomas Brandt, the harbourmaster.\n",
            ),
            (
                "weather.txt",
                "Rain is forecast for the weekend, with winds easing by Monday.\n",
            ),
            (
                "harbour-2.txt",
                "Ines Varga said: “We will dredge the channel by the spring.”\n",
            ),
        ];
        let loaded = files
            .iter()
            .map(|(path, text)| txt.load(path, text.as_bytes()))
            .collect();
        crate::analyze_loaded(loaded, &Default::default(), &Default::default())
    }

    #[test]
    fn a_finding_message_says_what_the_version_does_to_whose_words_and_why_else() {
        use crate::diverge::Class;
        assert_eq!(
            finding_message(
                Class::Truncated,
                Some("Ines Varga"),
                "harbour.txt:1",
                &["truncated"]
            ),
            "Cuts Ines Varga's words at harbour.txt:1 short"
        );
        assert_eq!(
            finding_message(
                Class::Altered,
                Some("Ines Varga"),
                "harbour.txt:1",
                &["altered", "number_changed"]
            ),
            "Changes Ines Varga's words at harbour.txt:1 (number_changed)",
            "the class is said once, by the verb"
        );
        assert_eq!(
            finding_message(Class::Verbatim, None, "wire.txt:4", &["misattribution"]),
            "Renders an unnamed speaker's words at wire.txt:4 word for word (misattribution)"
        );
    }

    #[test]
    fn quotes_are_found_by_position_and_by_id_alike() {
        let analysis = analysis();
        let report = Report::build(&analysis);
        let quotes = &report.quotes;
        assert_eq!(
            quotes.len(),
            3,
            "two quotes in the first article, one in the third"
        );
        let in_order: Vec<QuoteEntry> = quotes.iter().collect();
        let ids: Vec<&str> = in_order.iter().map(|q| q.id.as_ref()).collect();
        assert_eq!(ids, ["harbour.txt#1", "harbour.txt#2", "harbour-2.txt#1"]);
        assert_eq!(
            in_order[2].text,
            "We will dredge the channel by the spring."
        );
        for (index, entry) in in_order.iter().enumerate() {
            let by_position = quotes.nth(index);
            let by_id = quotes.get(&entry.id).expect("every id is found");
            for found in [&by_position, &by_id] {
                assert_eq!(
                    (&found.id, found.start, &found.text),
                    (&entry.id, entry.start, &entry.text)
                );
            }
        }
        for missing in [
            "weather.txt#1",
            "harbour.txt#0",
            "harbour.txt#3",
            "harbour.txt",
            "x#1",
        ] {
            assert!(quotes.get(missing).is_none(), "{missing} is no quote");
        }
    }

    #[test]
    fn groups_and_findings_are_found_by_their_numbered_ids() {
        let analysis = analysis();
        let report = Report::build(&analysis);
        assert_eq!((report.groups.len(), report.findings.len()), (1, 1));
        let group = report.groups.get("g1").expect("the one group");
        let members: Vec<&str> = group.members.iter().map(|m| m.as_ref()).collect();
        assert_eq!(
            members,
            ["harbour-2.txt#1", "harbour.txt#1"],
            "the fuller one first"
        );
        let finding = report.findings.get("f1").expect("the one finding");
        assert_eq!(
            (finding.group.as_str(), finding.quote.as_ref()),
            ("g1", "harbour.txt#1"),
            "the version without “the” diverges from the fuller one"
        );
        for missing in ["g0", "g2", "f2", "1", "harbour.txt#1", "group1"] {
            assert!(
                report.groups.get(missing).is_none(),
                "{missing} is no group"
            );
            assert!(
                report.findings.get(missing).is_none(),
                "{missing} is no finding"
            );
        }
    }

    #[test]
    fn the_serialised_quotes_are_the_entries_in_order() {
        let analysis = analysis();
        let report = Report::build(&analysis);
        let listed = serde_json::to_value(&report.quotes).expect("quotes serialise");
        let made: Vec<serde_json::Value> = (0..report.quotes.len())
            .map(|index| serde_json::to_value(report.quotes.nth(index)).expect("an entry"))
            .collect();
        assert_eq!(listed, serde_json::Value::Array(made));
        assert_eq!(listed[1]["speaker"], "Tomas Brandt");
        assert_eq!(report.totals.quotes, 3);
    }
}
