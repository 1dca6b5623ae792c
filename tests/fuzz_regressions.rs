//! Every input a fuzzer found to crash quotecheck (`crash-…`), and the hand-made hard inputs
//! beside them (`hand-…`), kept in `fixtures/fuzz/TARGET/`, run through the fuzz target's own
//! checks (`fuzz/fuzz_targets/common`), so no fixed crash comes back.

#[path = "../fuzz/fuzz_targets/common/mod.rs"]
mod fuzz_checks;

use std::path::Path;

#[test]
fn every_crash_a_fuzzer_found_stays_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz");
    let mut checked = 0;
    let mut targets: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    targets.sort();
    for target in targets.iter().filter(|p| p.is_dir()) {
        let name = target.file_name().unwrap().to_str().unwrap();
        let mut inputs: Vec<_> = std::fs::read_dir(target)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        inputs.sort();
        for input in inputs {
            let data = std::fs::read(&input).unwrap();
            let outcome = std::panic::catch_unwind(|| fuzz_checks::check(name, &data));
            assert!(outcome.is_ok(), "{} still fails", input.display());
            checked += 1;
        }
    }
    assert!(checked > 0, "no fixtures in {}", root.display());
}
