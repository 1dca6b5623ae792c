//! The demo corpus's report shows everything an editor should see: every divergence class, each
//! flag, a misattribution, a transcript as reference and a framing divergence.

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;

#[test]
fn the_demo_corpus_report_shows_every_kind_of_divergence() {
    let output = Command::cargo_bin("quotecheck")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "corpus", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "findings at warning and above fail the run"
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let pairs: Vec<&Value> = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["pairs"].as_array().unwrap())
        .collect();
    let classes: BTreeSet<&str> = pairs
        .iter()
        .map(|p| p["divergence"].as_str().unwrap())
        .collect();
    assert_eq!(
        classes,
        ["altered", "cosmetic", "elided", "truncated", "verbatim"]
            .into_iter()
            .collect()
    );
    let flags: BTreeSet<&str> = pairs
        .iter()
        .flat_map(|p| p["flags"].as_array().unwrap())
        .map(|f| f.as_str().unwrap())
        .collect();
    for flag in [
        "hedge_dropped",
        "hedge_added",
        "negation_flipped",
        "number_changed",
        "entity_changed",
        "qualifier_cut",
        "headline",
    ] {
        assert!(flags.contains(flag), "no {flag} in {flags:?}");
    }
    assert!(pairs.iter().any(|p| p["misattributed"] == true));
    let framing_rules: BTreeSet<&str> = pairs
        .iter()
        .filter_map(|p| p["framing"]["rule"].as_str())
        .collect();
    assert_eq!(
        framing_rules,
        ["cue_classes", "headline_cue"].into_iter().collect(),
        "outlets' cues differ (said / admitted), and Northgate's headline says Venn 'concedes' \
         words the transcript gives with no cue at all"
    );
    // Northgate's body quote shows the cue of its own headline beside its own.
    let northgate_body = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["framings"].as_array().unwrap())
        .find(|f| f["quote"] == "corpus/07-northgate-online.txt#3")
        .expect("the framing of Northgate's body quote");
    assert_eq!(northgate_body["cue"], "said");
    assert_eq!(northgate_body["headline_cue"], "concedes");
    assert_eq!(northgate_body["headline_cue_class"], "concessive");
    assert_eq!(northgate_body["sentence"], "“…” the minister said.");
    let transcript_references = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["reference"].as_str().unwrap().contains("00-transcript"))
        .count();
    assert!(
        transcript_references >= 10,
        "{transcript_references} groups judged against the transcript"
    );
    let misattributed = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["misattributed"] == true)
        .expect("a misattribution finding");
    assert_eq!(misattributed["severity"], "error");
    assert!(
        misattributed["path"]
            .as_str()
            .unwrap()
            .ends_with("08-valley-standard.txt")
    );
    let syndicated = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| !g["copies"].as_object().unwrap().is_empty());
    assert!(
        syndicated,
        "the wire story's syndicated copies are listed as copies"
    );
    let repeated_later = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["possibly_different_occasion"] == true)
        .expect("the line repeated on 2 April is marked as possibly another occasion");
    assert!(
        repeated_later["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().contains("2026-04-02"))
    );
}
