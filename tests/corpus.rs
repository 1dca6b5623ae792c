//! The demo corpus yields exactly the quotes its authors wrote down (fixtures/corpus/expected.json,
//! from fixtures/corpus/EXPECTED.md), each with the speaker they meant.

use std::path::PathBuf;

use serde_json::Value;

#[test]
fn demo_corpus_quotes_match_the_hand_written_list() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("fixtures/corpus/expected.json")).unwrap(),
    )
    .unwrap();
    let analysis = quotecheck::analyze(&[root.join("corpus")], &Default::default());
    assert!(!analysis.has_errors(), "{:?}", analysis.diagnostics);
    let mut checked = 0;
    for ((doc, extraction), attributed) in analysis
        .documents
        .iter()
        .zip(&analysis.extractions)
        .zip(&analysis.attributions)
    {
        let name = doc.path.rsplit('/').next().unwrap();
        let Some(want) = expected["files"][name].as_array() else {
            continue;
        };
        let want: Vec<(String, String, Option<String>)> = want
            .iter()
            .map(|q| {
                (
                    q["text"].as_str().unwrap().to_string(),
                    q["kind"].as_str().unwrap().to_string(),
                    q["speaker"].as_str().map(str::to_string),
                )
            })
            .collect();
        let got: Vec<(String, String, Option<String>)> = extraction
            .quotes
            .iter()
            .zip(&attributed.quotes)
            .map(|(q, a)| {
                (
                    q.text(&doc.text).into_owned(),
                    q.kind.as_str().to_string(),
                    a.speaker.as_deref().map(String::from),
                )
            })
            .collect();
        assert_eq!(got, want, "quotes of {name}");
        checked += 1;
    }
    assert_eq!(checked, 13, "every article of the demo corpus is listed");
}
