//! Diagnostics: what the run noticed about its input that the user should act on.
//!
//! A diagnostic names the file and, where it has one, the line and column (1-based, column in
//! Unicode scalar values) of the byte it is about, and says what was assumed or what to do.
//! `Error` means a file (or a part of one) could not be read and the run is incomplete;
//! `Warning` means the input was recovered and the run went on; neither ever aborts the run.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// A short stable identifier of the kind of problem (`invalid-utf8`, `unclosed-quote`, …).
    #[serde(deserialize_with = "crate::cache::interned")]
    pub code: crate::cache::Name,
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic about a whole file (it could not be opened, it is binary, …).
    pub fn file(
        severity: Severity,
        path: &str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            path: path.to_string(),
            line: None,
            column: None,
            code,
            message: message.into(),
        }
    }

    /// A diagnostic about one position of a file.
    pub fn at(
        severity: Severity,
        path: &str,
        (line, column): (usize, usize),
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            path: path.to_string(),
            line: Some(line),
            column: Some(column),
            code,
            message: message.into(),
        }
    }

    /// Sort key: by file, position (whole-file diagnostics, such as "N more warnings", last),
    /// then severity and text, so output never depends on the order in which the work was done.
    pub fn sort_key(&self) -> (&str, usize, usize, Severity, &str) {
        (
            &self.path,
            self.line.unwrap_or(usize::MAX),
            self.column.unwrap_or(usize::MAX),
            self.severity,
            &self.message,
        )
    }
}
