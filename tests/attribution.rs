//! Every folder of fixtures/attribute holds an article (`input.txt`) and, written by hand from
//! reading it, each quote's speaker, cue lemma and cue class (`expected.json`). Folders named
//! `heldout_*` were written later, by someone who never saw the code, to measure how attribution
//! does on copy it was not tuned on.

mod common;

use std::path::Path;

use serde_json::{Value, json};

fn actual(folder: &Path) -> Value {
    let analysis = quotecheck::analyze(&[folder.join("input.txt")], &Default::default());
    let (doc, extraction) = (&analysis.documents[0], &analysis.extractions[0]);
    let quotes: Vec<Value> = extraction
        .quotes
        .iter()
        .zip(&analysis.attributions[0].quotes)
        .map(|(quote, attribution)| {
            json!({
                "text": quote.text(&doc.text),
                "speaker": attribution.speaker,
                "cue": attribution.cue.as_ref().map(|(_, cue)| cue.lemma),
                "cue_class": attribution.cue_class().map(|c| c.as_str()),
            })
        })
        .collect();
    json!({ "quotes": quotes })
}

fn expected(folder: &Path) -> Value {
    let text = std::fs::read_to_string(folder.join("expected.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    json!({ "quotes": value["quotes"] })
}

fn held_out(folder: &Path) -> bool {
    folder
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("heldout_"))
}

/// The fixtures written per sieve and resolution rule: every quote exactly as expected.
#[test]
fn attribution_fixtures_name_the_expected_speakers_and_cues() {
    let folders: Vec<_> = common::fixture_folders("attribute")
        .into_iter()
        .filter(|f| !held_out(f))
        .collect();
    assert!(folders.len() >= 20, "fixtures missing");
    let mut failures = Vec::new();
    for folder in &folders {
        let (want, got) = (expected(folder), actual(folder));
        if want != got {
            failures.push(format!(
                "{}:\n  expected {}\n  actual   {}",
                common::name(folder),
                want,
                got
            ));
        }
    }
    common::assert_all_match(&failures, folders.len());
}

/// Articles written afterwards by someone who never saw the code or the other fixtures,
/// in house styles of their choosing: they measure how attribution does on copy it was not
/// tuned on. The bar is the accuracy reached so far (103 of 111 on 2026-12-04, after fixes
/// some of their misses prompted, so they are no longer wholly unseen); it may only go up.
const HELD_OUT_SPEAKER_ACCURACY: f64 = 0.92;

#[test]
fn held_out_articles_keep_their_attribution_accuracy() {
    let folders: Vec<_> = common::fixture_folders("attribute")
        .into_iter()
        .filter(|f| held_out(f))
        .collect();
    assert!(folders.len() >= 10, "held-out fixtures missing");
    let (mut right, mut total, mut misses) = (0usize, 0usize, Vec::new());
    for folder in &folders {
        let (want, got) = (expected(folder), actual(folder));
        let got = got["quotes"].as_array().unwrap().clone();
        for quote in want["quotes"].as_array().unwrap() {
            total += 1;
            let found = got.iter().find(|g| g["text"] == quote["text"]);
            if found.is_some_and(|g| g["speaker"] == quote["speaker"]) {
                right += 1;
            } else {
                misses.push(format!(
                    "{}: {:?} expected {} got {}",
                    folder.file_name().unwrap().to_string_lossy(),
                    quote["text"]
                        .as_str()
                        .unwrap_or("")
                        .chars()
                        .take(40)
                        .collect::<String>(),
                    quote["speaker"],
                    found.map_or(Value::from("no such quote"), |g| g["speaker"].clone())
                ));
            }
        }
    }
    let accuracy = right as f64 / total as f64;
    assert!(
        accuracy >= HELD_OUT_SPEAKER_ACCURACY,
        "held-out speaker accuracy {accuracy:.2} ({right}/{total}) fell below \
         {HELD_OUT_SPEAKER_ACCURACY}; misses:\n{}",
        misses.join("\n")
    );
}
