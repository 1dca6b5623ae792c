//! Every folder of fixtures/diverge holds a few articles and, written by hand from the rules,
//! the groups they must form, each member's divergence against the reference, and the quotes
//! that must stay out of every group (`expected.json`). A pair's `framing` names the framing rule
//! that fired (`cue_classes`, `headline_cue`); left out, it means none did. A group's
//! `possibly_different_occasion` (default false) and `copies` (syndicated copies of its members,
//! default 0) are asserted the same way.

use std::collections::BTreeSet;
mod common;

use std::path::Path;

use serde_json::{Value, json};

fn actual(folder: &Path) -> Value {
    let analysis = quotecheck::analyze(&[folder.to_path_buf()], &Default::default());
    let text = |v: usize| analysis.versions[v].text.to_string();
    let groups: Vec<Value> = analysis
        .groups
        .iter()
        .map(|g| {
            let members: BTreeSet<String> = g.group.members.iter().map(|&m| text(m)).collect();
            let pairs: Vec<Value> = g
                .pairs
                .iter()
                .filter(|p| p.a == g.group.reference)
                .map(|p| {
                    json!({
                        "version": text(p.b),
                        "divergence": p.divergence.class.as_str(),
                        "flags": p.divergence.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
                        "misattributed": p.misattributed,
                        "framing": p.framing.rule.map(|r| serde_json::to_value(r).unwrap()),
                    })
                })
                .collect();
            let copies: usize = g.copies.values().map(Vec::len).sum();
            json!({
                "reference": text(g.group.reference),
                "members": members,
                "pairs": sorted(pairs),
                "possibly_different_occasion": g.possibly_different_occasion,
                "copies": copies,
            })
        })
        .collect();
    json!({"groups": sorted(groups)})
}

fn sorted(mut values: Vec<Value>) -> Vec<Value> {
    values.sort_by_key(|v| v.to_string());
    values
}

fn expected(folder: &Path) -> (Value, Vec<String>) {
    let value: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("expected.json")).unwrap())
            .unwrap();
    let groups: Vec<Value> = value["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let members: BTreeSet<String> = g["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_string())
                .collect();
            // A pair without `framing` expects none: framing divergences are asserted, never
            // ignored.
            let pairs: Vec<Value> = g["pairs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let mut p = p.clone();
                    p.as_object_mut()
                        .unwrap()
                        .entry("framing")
                        .or_insert(Value::Null);
                    p
                })
                .collect();
            json!({
                "reference": g["reference"],
                "members": members,
                "pairs": sorted(pairs),
                "possibly_different_occasion": g.get("possibly_different_occasion").cloned().unwrap_or(Value::Bool(false)),
                "copies": g.get("copies").cloned().unwrap_or(json!(0)),
            })
        })
        .collect();
    let ungrouped = value["ungrouped"]
        .as_array()
        .map(|u| u.iter().map(|t| t.as_str().unwrap().to_string()).collect())
        .unwrap_or_default();
    (json!({"groups": sorted(groups)}), ungrouped)
}

#[test]
fn divergence_fixtures_group_and_judge_as_expected() {
    let folders = common::fixture_folders("diverge");
    assert!(folders.len() >= 15, "fixtures missing");
    let mut failures = Vec::new();
    for folder in &folders {
        let (want, ungrouped) = expected(folder);
        let got = actual(folder);
        let grouped: Vec<String> = got["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| {
                std::iter::once(g["reference"].as_str().unwrap().to_string()).chain(
                    g["members"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|m| m.as_str().unwrap().to_string()),
                )
            })
            .collect();
        let leaked: Vec<&String> = ungrouped.iter().filter(|u| grouped.contains(u)).collect();
        if want != got || !leaked.is_empty() {
            failures.push(format!(
                "{}:\n  expected {}\n  actual   {}\n  wrongly grouped {:?}",
                common::name(folder),
                want,
                got,
                leaked
            ));
        }
    }
    common::assert_all_match(&failures, folders.len());
}
