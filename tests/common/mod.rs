//! What the fixture-driven tests share: finding the fixture folders and reporting every
//! folder that differs at once.

use std::path::{Path, PathBuf};

/// The folders of `fixtures/<kind>`, sorted.
pub fn fixture_folders(kind: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(kind);
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    folders
}

/// The folder's name, for messages.
pub fn name(folder: &Path) -> String {
    folder.file_name().unwrap().to_string_lossy().into_owned()
}

/// Fails with every differing fixture listed, or passes when there is none.
pub fn assert_all_match(failures: &[String], total: usize) {
    assert!(
        failures.is_empty(),
        "{} of {total} fixtures differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
