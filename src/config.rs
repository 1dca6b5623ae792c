//! Configuration: `quotecheck.toml`, found by walking up from the first PATH (or given with
//! `--config FILE`).
//!
//! Every key is known: an unknown one is an error naming the key, the file and the line, so a
//! typo never silently changes what a check accepts. Later steps add their sections here.
//!
//! ```toml
//! [speakers]
//! "Ana Duarte" = ["Minister Duarte", "the top diplomat"]
//!
//! [[accept]]
//! fingerprint = "5f0c2a9d41e7b380"
//! reason = "cut for length, checked with the desk"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The name of the configuration file looked for.
pub const CONFIG_FILE_NAME: &str = "quotecheck.toml";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Canonical speaker name → other names the corpus uses for that person.
    #[serde(default)]
    pub speakers: BTreeMap<String, Vec<String>>,
    /// Members of a group dated further apart than this many days are marked as possibly a
    /// different occasion (politicians repeat their lines); their findings are lowered a level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occasion_days: Option<u32>,
    /// Severity overrides: a class, flag or framing name (`altered`, `negation_flipped`,
    /// `misattribution`, `loaded_framing`, …) → `error`, `warning` or `note`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// Findings a desk has checked and accepts, by fingerprint, each with the reason (the way
    /// to accept a finding in a `.txt` article, which cannot carry a comment).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<AcceptEntry>,
}

/// An `[[accept]]` entry: a finding's fingerprint and why it is acceptable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptEntry {
    pub fingerprint: String,
    pub reason: String,
}

/// A configuration file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}{location}: {message}")]
pub struct ConfigError {
    pub path: String,
    /// `:line:column` where known, else empty.
    pub location: String,
    pub message: String,
}

/// The configuration in effect, and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    pub source: Option<PathBuf>,
}

impl Config {
    /// Parses a configuration file's text; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|error| {
            let location = error
                .span()
                .map(|span| {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    format!(":{line}:{column}")
                })
                .unwrap_or_default();
            ConfigError {
                path: path.to_string(),
                location,
                message: format!(
                    "{}; see `quotecheck config --dump` for the keys quotecheck knows",
                    error.message().trim_end()
                ),
            }
        })
    }

    /// The judging options this configuration sets (severities checked here, so a typo is an
    /// error naming the key).
    pub fn judging(&self, path: &str) -> Result<crate::findings::Options, ConfigError> {
        if let Some(entry) = self.accept.iter().find(|a| a.reason.trim().is_empty()) {
            return Err(ConfigError {
                path: path.to_string(),
                location: String::new(),
                message: format!(
                    "[[accept]] fingerprint {:?} has no reason; say why the finding is acceptable",
                    entry.fingerprint
                ),
            });
        }
        let mut options = crate::findings::Options::default();
        if let Some(days) = self.occasion_days {
            options.occasion_days = days;
        }
        for (name, level) in &self.severity {
            if !options.severities.contains_key(name) {
                return Err(ConfigError {
                    path: path.to_string(),
                    location: String::new(),
                    message: format!(
                        "[severity] has an unknown key {name:?}; known: {}",
                        options
                            .severities
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
            let level = crate::findings::Level::parse(level).ok_or_else(|| ConfigError {
                path: path.to_string(),
                location: String::new(),
                message: format!("[severity] {name} = {level:?}: use error, warning or note"),
            })?;
            options.severities.insert(name.clone(), level);
        }
        Ok(options)
    }

    /// The configuration as TOML, for `quotecheck config --dump`.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    /// Every alias (lower-cased) with the canonical name it stands for.
    pub fn alias_map(&self) -> BTreeMap<String, String> {
        let mut aliases = BTreeMap::new();
        for (canonical, names) in &self.speakers {
            aliases.insert(canonical.to_lowercase(), canonical.clone());
            for name in names {
                aliases.insert(name.to_lowercase(), canonical.clone());
            }
        }
        aliases
    }
}

/// Loads `explicit` if given, else the nearest `quotecheck.toml` at or above `start` (a PATH
/// argument: its folder, or the folder of the file), else the defaults.
pub fn load(explicit: Option<&Path>, start: Option<&Path>) -> Result<Loaded, ConfigError> {
    let path = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => start.and_then(find_upwards),
    };
    let Some(path) = path else {
        return Ok(Loaded::default());
    };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|error| ConfigError {
        path: shown.clone(),
        location: String::new(),
        message: format!("could not read the configuration: {error}"),
    })?;
    Ok(Loaded {
        config: Config::parse(&text, &shown)?,
        source: Some(path),
    })
}

fn find_upwards(start: &Path) -> Option<PathBuf> {
    let absolute = std::fs::canonicalize(start).ok()?;
    let mut folder = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent()?
    };
    loop {
        let candidate = folder.join(CONFIG_FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        folder = folder.parent()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_section_parses_into_aliases() {
        let config = Config::parse(
            "[speakers]\n\"Ana Duarte\" = [\"Minister Duarte\", \"the top diplomat\"]\n",
            "quotecheck.toml",
        )
        .unwrap();
        let aliases = config.alias_map();
        assert_eq!(aliases["the top diplomat"], "Ana Duarte");
        assert_eq!(aliases["ana duarte"], "Ana Duarte");
        assert!(config.to_toml().contains("Minister Duarte"));
    }

    #[test]
    fn unknown_keys_name_the_key_and_line() {
        let error = Config::parse("[speakers]\n\n[speakres]\nx = 1\n", "q.toml").unwrap_err();
        assert_eq!(error.location, ":3:2");
        assert!(error.message.contains("speakres"), "{}", error.message);
        let shown = error.to_string();
        assert!(shown.starts_with("q.toml:3:2: "), "{shown}");
    }

    #[test]
    fn nearest_file_upwards_is_found() {
        let root = tempfile::tempdir().unwrap();
        let nested = root.path().join("corpus/2026");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(root.path().join(CONFIG_FILE_NAME), "[speakers]\n").unwrap();
        let loaded = load(None, Some(&nested)).unwrap();
        assert_eq!(
            loaded.source.unwrap(),
            std::fs::canonicalize(root.path())
                .unwrap()
                .join(CONFIG_FILE_NAME)
        );
    }
}
