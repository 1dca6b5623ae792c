//! What the tests that run the `quotecheck` binary share: running it in a folder, and writing
//! the articles it reads.

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;

/// The binary, run in `dir` with the user's NO_COLOR left out (colour is decided by the
/// arguments and the terminal alone), killed if it takes longer than a minute.
pub fn quotecheck(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("quotecheck");
    cmd.current_dir(dir)
        .timeout(Duration::from_secs(60))
        .env_remove("NO_COLOR");
    cmd
}

/// Writes `contents` to `dir/rel`, creating the folders on the way.
pub fn write(dir: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}
