//! Every folder of fixtures/extract holds an article (`input.txt`) and, written by hand from
//! reading it, the exact quotes, title and diagnostics expected (`expected.json`).

mod common;

use std::path::Path;

use quotecheck::corpus::{Loader, TxtLoader};
use quotecheck::extract::extract;
use serde_json::{Value, json};

fn actual(input: &Path) -> Value {
    let bytes = std::fs::read(input).unwrap();
    let loaded = TxtLoader.load("input.txt", &bytes);
    let mut diagnostics: Vec<Value> = loaded
        .diagnostics
        .iter()
        .map(|d| json!({"severity": d.severity.as_str(), "line": d.line}))
        .collect();
    let Some(doc) = loaded.documents.first() else {
        return json!({"title": null, "quotes": [], "diagnostics": diagnostics});
    };
    let extraction = extract(doc);
    diagnostics.extend(
        extraction
            .diagnostics
            .iter()
            .map(|d| json!({"severity": d.severity.as_str(), "line": d.line})),
    );
    let quotes: Vec<Value> = extraction
        .quotes
        .iter()
        .map(|q| {
            let (line, column) = doc.line_col(q.start());
            json!({
                "text": q.text(&doc.text),
                "kind": q.kind.as_str(),
                "line": line,
                "column": column,
                "segments": q.segments.len(),
                "nested": q.nested.iter().map(|n| &doc.text[n.clone()]).collect::<Vec<_>>(),
                "continues": q.continues(),
            })
        })
        .collect();
    json!({"title": doc.title, "quotes": quotes, "diagnostics": diagnostics})
}

fn expected(path: &Path) -> Value {
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let object = value.as_object_mut().unwrap();
    object.remove("description");
    for diagnostic in object["diagnostics"].as_array_mut().unwrap() {
        let d = diagnostic.as_object_mut().unwrap();
        d.retain(|k, _| k == "severity" || k == "line");
    }
    value
}

fn sorted_diagnostics(mut value: Value) -> Value {
    let list = value["diagnostics"].as_array_mut().unwrap();
    list.sort_by_key(|d| {
        (
            d["line"].as_u64(),
            d["severity"].as_str().map(str::to_string),
        )
    });
    value
}

#[test]
fn extraction_fixtures_match_their_expected_quotes() {
    let folders = common::fixture_folders("extract");
    assert!(
        folders.len() >= 20,
        "fixtures missing under fixtures/extract"
    );
    let mut failures = Vec::new();
    for folder in &folders {
        let want = sorted_diagnostics(expected(&folder.join("expected.json")));
        let got = sorted_diagnostics(actual(&folder.join("input.txt")));
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
