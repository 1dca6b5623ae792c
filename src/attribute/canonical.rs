//! One name per person across the corpus.
//!
//! Documents name people in many forms ("Duarte", "Ana Duarte", "Minister Duarte", "Jurgen
//! Klopp" and "Jürgen Klopp"). This pass, run over the whole corpus on every run (it is never
//! cached: one new article can make a name fuller), gives each person one canonical name — the
//! fullest form seen — and resolves role mentions a document leaves open ("the minister") to
//! the one person it names who holds that role elsewhere in the corpus.
//!
//! Names are matched with accents folded and case ignored. A surname shared by people with
//! different given names is never merged: quotes attributed to the bare surname keep it, and a
//! warning says so. Aliases from the configuration win over everything.

use std::collections::{BTreeMap, BTreeSet};

use compact_str::CompactString;
use unicode_normalization::UnicodeNormalization;

use super::Attributed;
use crate::diagnostics::{Diagnostic, Severity};

/// A canonical speaker of the corpus, for `quotecheck speakers`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Speaker {
    pub name: String,
    pub quotes: usize,
    /// Paths of the documents quoting the speaker, in walk order.
    pub documents: Vec<String>,
    /// The words that named the speaker, sorted.
    pub mentions: Vec<String>,
    /// Roles the corpus gives the speaker, sorted.
    pub roles: Vec<String>,
}

/// Lower case, accents removed: the form names are compared in.
fn fold(text: &str) -> String {
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn tokens(name: &str) -> Vec<String> {
    name.split_whitespace().map(fold).collect()
}

/// Rewrites every document's speakers to canonical names; `paths[i]` names document `i`.
/// Returns the warnings about names it would not merge.
pub fn canonicalise(
    paths: &[String],
    attributed: &mut [Attributed],
    aliases: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    // Every full form seen, by folded surname. A corpus names the same people over and over:
    // each name is folded once.
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for document in attributed.iter() {
        seen.extend(document.people.iter().map(|p| p.name.as_str()));
        seen.extend(document.quotes.iter().filter_map(|a| a.speaker.as_deref()));
    }
    let seen_names: Vec<String> = seen.into_iter().map(str::to_string).collect();
    let mut forms: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in &seen_names {
        if let Some(last) = tokens(name).pop() {
            forms.entry(last).or_default().insert(name.to_string());
        }
    }
    let mut canonical: BTreeMap<String, String> = BTreeMap::new();
    let mut warnings = Vec::new();
    for (surname, names) in &forms {
        // People with this surname, told apart by their folded first name.
        let mut by_given: BTreeMap<String, Vec<&String>> = BTreeMap::new();
        let mut bare = Vec::new();
        for name in names {
            let folded = tokens(name);
            if folded.len() >= 2 {
                by_given.entry(folded[0].clone()).or_default().push(name);
            } else {
                bare.push(name);
            }
        }
        for group in by_given.values() {
            let fullest = fullest(group);
            for name in group {
                canonical.insert(fold(name), fullest.clone());
            }
        }
        match by_given.len() {
            0 => {}
            1 => {
                let fullest = fullest(by_given.values().next().expect("one group"));
                for name in &bare {
                    canonical.insert(fold(name), fullest.clone());
                }
            }
            _ if !bare.is_empty() => {
                let people: Vec<String> = by_given.values().map(|g| fullest(g)).collect();
                warnings.push(Diagnostic::file(
                    Severity::Warning,
                    paths.first().map_or("", String::as_str),
                    "ambiguous-surname",
                    format!(
                        "the surname {surname:?} names several people ({}); quotes attributed to \
                         the surname alone were not merged — add an alias under [speakers] in \
                         quotecheck.toml to decide",
                        people.join(", ")
                    ),
                ));
            }
            _ => {}
        }
    }
    // Every name's canonical form, made once; documents then read it in parallel.
    let by_name: rustc_hash::FxHashMap<String, CompactString> = seen_names
        .into_iter()
        .map(|name| {
            let found = canonical_of(&name, &canonical, aliases).into();
            (name, found)
        })
        .collect();
    let canonical_of =
        |name: &str| -> CompactString { by_name.get(name).cloned().unwrap_or_else(|| name.into()) };
    // Roles across the corpus: canonical person → role words.
    let mut roles: BTreeMap<CompactString, BTreeSet<String>> = BTreeMap::new();
    for document in attributed.iter() {
        for person in document.people.iter().filter(|p| !p.role.is_empty()) {
            crate::insert_copied(
                roles.entry(canonical_of(&person.name)).or_default(),
                &person.role,
            );
        }
    }
    use rayon::prelude::*;
    attributed.par_iter_mut().for_each(|document| {
        let named_here: BTreeSet<CompactString> = document
            .people
            .iter()
            .map(|p| canonical_of(&p.name))
            .collect();
        for attribution in &mut document.quotes {
            if let Some(alias) = attribution
                .mention
                .as_ref()
                .filter(|_| !aliases.is_empty())
                .and_then(|(mention, _)| aliases.get(mention.to_lowercase().as_str()))
            {
                attribution.speaker = Some(alias.into());
                continue;
            }
            match &attribution.speaker {
                Some(speaker) => {
                    attribution.speaker = Some(canonical_of(speaker));
                }
                None => {
                    let Some((mention, _)) = attribution
                        .mention
                        .as_ref()
                        .filter(|(mention, _)| !crate::lexicon::is_indefinite(mention))
                    else {
                        continue;
                    };
                    let heads: Vec<String> = tokens(mention)
                        .into_iter()
                        .filter(|w| crate::lexicon::is_title_word(w) && w != "the")
                        .collect();
                    if heads.is_empty() {
                        continue;
                    }
                    let holders: Vec<&CompactString> = named_here
                        .iter()
                        .filter(|person| {
                            roles.get(*person).is_some_and(|rs| {
                                rs.iter()
                                    .any(|r| tokens(r).iter().any(|w| heads.contains(w)))
                            })
                        })
                        .collect();
                    if let [holder] = holders.as_slice() {
                        attribution.speaker = Some((*holder).clone());
                    }
                }
            }
        }
        for person in &mut document.people {
            person.name = canonical_of(&person.name);
        }
    });
    warnings
}

fn canonical_of(
    name: &str,
    canonical: &BTreeMap<String, String>,
    aliases: &BTreeMap<String, String>,
) -> String {
    if let Some(alias) = aliases.get(&name.to_lowercase()) {
        return alias.clone();
    }
    canonical
        .get(&fold(name))
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// The fullest form: most words, then most letters outside ASCII (accents kept), then first in
/// order, so the choice never depends on the order documents were read in.
fn fullest(names: &[&String]) -> String {
    names
        .iter()
        .max_by(|a, b| {
            let key = |n: &str| {
                (
                    n.split_whitespace().count(),
                    n.chars().filter(|c| !c.is_ascii()).count(),
                    n.len(),
                )
            };
            key(a).cmp(&key(b)).then_with(|| b.cmp(a))
        })
        .map(|n| (*n).clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribute::{Attribution, PersonSeen};

    fn doc(speakers: &[&str], people: &[(&str, &str)]) -> Attributed {
        Attributed {
            quotes: speakers
                .iter()
                .map(|s| Attribution {
                    speaker: Some((*s).into()),
                    mention: Some(((*s).into(), 0..s.len())),
                    ..Attribution::default()
                })
                .collect(),
            people: people
                .iter()
                .map(|(n, r)| PersonSeen {
                    name: (*n).into(),
                    role: (*r).into(),
                })
                .collect(),
        }
    }

    fn speakers(attributed: &[Attributed]) -> Vec<Vec<String>> {
        attributed
            .iter()
            .map(|d| {
                d.quotes
                    .iter()
                    .map(|a| a.speaker.as_deref().unwrap_or_default().to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn fullest_form_wins_and_accents_fold() {
        let mut corpus = vec![
            doc(&["Duarte"], &[]),
            doc(&["Ana Duarte"], &[("Ana Duarte", "Foreign Minister")]),
            doc(&["Jurgen Klopp"], &[]),
            doc(&["Jürgen Klopp"], &[]),
        ];
        let paths: Vec<String> = (0..4).map(|i| format!("d{i}.txt")).collect();
        let warnings = canonicalise(&paths, &mut corpus, &BTreeMap::new());
        assert!(warnings.is_empty());
        assert_eq!(
            speakers(&corpus),
            [
                vec!["Ana Duarte"],
                vec!["Ana Duarte"],
                vec!["Jürgen Klopp"],
                vec!["Jürgen Klopp"]
            ]
        );
    }

    #[test]
    fn a_shared_surname_is_never_merged_silently() {
        let mut corpus = vec![
            doc(&["Ana Duarte"], &[]),
            doc(&["Luis Duarte"], &[]),
            doc(&["Duarte"], &[]),
        ];
        let paths: Vec<String> = (0..3).map(|i| format!("d{i}.txt")).collect();
        let warnings = canonicalise(&paths, &mut corpus, &BTreeMap::new());
        assert_eq!(
            speakers(&corpus),
            [vec!["Ana Duarte"], vec!["Luis Duarte"], vec!["Duarte"]]
        );
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("Ana Duarte, Luis Duarte"));
    }

    #[test]
    fn aliases_and_roles_across_documents() {
        let mut corpus = vec![
            doc(&["Ana Duarte"], &[("Ana Duarte", "Foreign Minister")]),
            Attributed {
                quotes: vec![Attribution {
                    speaker: None,
                    mention: Some(("the minister".into(), 0..12)),
                    ..Attribution::default()
                }],
                people: vec![PersonSeen {
                    name: "Duarte".into(),
                    role: Default::default(),
                }],
            },
            doc(&["the top diplomat"], &[]),
        ];
        let aliases = BTreeMap::from([("the top diplomat".to_string(), "Ana Duarte".to_string())]);
        let paths: Vec<String> = (0..3).map(|i| format!("d{i}.txt")).collect();
        canonicalise(&paths, &mut corpus, &aliases);
        assert_eq!(
            speakers(&corpus),
            [vec!["Ana Duarte"], vec!["Ana Duarte"], vec!["Ana Duarte"]]
        );
    }
}
