//! quotecheck: find every quotation in a corpus of news articles, work out who said it, match
//! the quotes of the same speaker across articles, and report where the wordings and framings
//! of the same utterance diverge.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! PATHs ──corpus──▶ Document ──extract──▶ Quote ──attribute──▶ Quote + speaker ──report──▶ JSON / terminal
//! ```
//!
//! [`analyze`] runs it over PATH arguments and returns an [`Analysis`]; [`report::Report`] turns
//! that into the one model every printer reads. The library never prints and never exits: the
//! `quotecheck` binary picks a printer and maps [`Analysis::exit_code`] to the process.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod attribute;
pub mod corpus;
pub mod diagnostics;
pub mod exit;
pub mod extract;
pub mod lexicon;
pub mod report;

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
    /// `attributions[i][k]` says who said quote `k` of `documents[i]`.
    pub attributions: Vec<Vec<attribute::Attribution>>,
    /// Files found but not read, and why.
    pub skipped: Vec<Skipped>,
    /// Every diagnostic of the run, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// Quoted words that were judged not to be quotations, with the document they are in.
    pub fn rejected(&self) -> impl Iterator<Item = (&Document, &Rejected)> {
        self.documents
            .iter()
            .zip(&self.extractions)
            .flat_map(|(doc, extraction)| extraction.rejected.iter().map(move |r| (doc, r)))
    }

    /// Whether some input could not be read (the run is incomplete).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The process exit code for this run (see [`exit`]).
    pub fn exit_code(&self) -> u8 {
        exit::code(self.has_errors(), false)
    }
}

/// Loads every document under `paths` and extracts its quotations.
pub fn analyze(paths: &[PathBuf]) -> Analysis {
    let loaders = corpus::loaders();
    let discovery = corpus::discover(paths, &loaders);
    let mut analysis = Analysis {
        skipped: discovery.skipped,
        diagnostics: discovery.diagnostics,
        ..Analysis::default()
    };
    for found in &discovery.files {
        let loaded = corpus::load_file(found, &loaders);
        analysis.diagnostics.extend(loaded.diagnostics);
        for doc in loaded.documents {
            let mut extraction = extract::extract(&doc);
            analysis.diagnostics.append(&mut extraction.diagnostics);
            analysis
                .attributions
                .push(attribute::attribute(&doc, &extraction.quotes));
            analysis.documents.push(doc);
            analysis.extractions.push(extraction);
        }
    }
    analysis
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    analysis
}
