//! Exit codes: one policy for every command.
//!
//! - [`CLEAN`] (0): nothing at or above `--fail-on`, every input read;
//! - [`FINDINGS`] (1): findings at or above `--fail-on`;
//! - [`ERROR`] (2): a usage or configuration error, a missing PATH, or a file that could not be
//!   read;
//! - [`INTERRUPTED`] (130): stopped by Ctrl-C (SIGINT) before it finished; no report, baseline or
//!   cache file was left half-written.
//!
//! Warnings (recovered copy, replaced bytes) never change the code. When several apply, the
//! highest wins.

pub const CLEAN: u8 = 0;
pub const FINDINGS: u8 = 1;
pub const ERROR: u8 = 2;
pub const INTERRUPTED: u8 = 130;

/// The exit code of a run that had read errors (or not) and failing findings (or not).
pub fn code(errors: bool, failing_findings: bool) -> u8 {
    if errors {
        ERROR
    } else if failing_findings {
        FINDINGS
    } else {
        CLEAN
    }
}
