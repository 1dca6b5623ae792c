//! Every JSON report validates against the published schema (schema/report-v1.schema.json).

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn report_for(args: &[&str]) -> Value {
    let output = Command::cargo_bin("quotecheck")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).expect("the report is JSON")
}

#[test]
fn reports_validate_against_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("schema/report-v1.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    let reports = [
        report_for(&["check", "corpus", "--format", "json"]),
        report_for(&["quotes", "fixtures/extract", "--format", "json"]),
        report_for(&[
            "check",
            "fixtures/extract/invalid_utf8",
            "no-such-folder",
            "--format",
            "json",
        ]),
    ];
    for report in &reports {
        let errors: Vec<String> = validator
            .iter_errors(report)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "schema violations: {errors:#?}");
        assert!(
            !report["quotes"].as_array().unwrap().is_empty()
                || !report["diagnostics"].as_array().unwrap().is_empty()
        );
    }
    // A report that breaks the contract is caught, so the check itself can fail.
    let mut broken = reports[0].clone();
    broken["quotes"][0]["kind"] = Value::from("paraphrase");
    assert!(!validator.is_valid(&broken));
}
