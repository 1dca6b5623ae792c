//! Every folder of fixtures/attribute holds an article (`input.txt`) and, written by hand from
//! reading it, each quote's speaker, cue lemma and cue class (`expected.json`).

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

#[test]
fn attribution_fixtures_name_the_expected_speakers_and_cues() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/attribute");
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    assert!(
        folders.len() >= 20,
        "fixtures missing under {}",
        root.display()
    );
    let mut failures = Vec::new();
    for folder in &folders {
        let (want, got) = (expected(folder), actual(folder));
        if want != got {
            failures.push(format!(
                "{}:\n  expected {}\n  actual   {}",
                folder.file_name().unwrap().to_string_lossy(),
                want,
                got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ:\n{}",
        failures.len(),
        folders.len(),
        failures.join("\n")
    );
}
