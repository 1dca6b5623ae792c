use super::*;
use crate::corpus::{Loader, TxtLoader};
use crate::extract::extract;

/// Quote text, speaker, cue as written, rule.
type Attributed = (String, Option<String>, Option<String>, Option<&'static str>);

fn attributed(source: &str) -> Vec<Attributed> {
    let doc = TxtLoader
        .load("t.txt", source.as_bytes())
        .documents
        .remove(0);
    let quotes = extract(&doc).quotes;
    let attributions = attribute(&doc, &quotes).quotes;
    quotes
        .iter()
        .zip(attributions)
        .map(|(q, a)| {
            (
                q.text(&doc.text).into_owned(),
                a.speaker.map(String::from),
                a.cue.map(|c| c.0.into()),
                a.rule,
            )
        })
        .collect()
}

fn speakers(source: &str) -> Vec<Option<String>> {
    attributed(source).into_iter().map(|a| a.1).collect()
}

#[test]
fn tags_after_the_quote_resolve_surnames_and_pronouns() {
    let source = "Talks resume\n\nForeign Minister Ana Duarte met her counterpart on Friday.\n\n“We are close,” Duarte said.\n\n“Very close,” said Duarte.\n\n“It will take days,” she added.\n";
    let found = attributed(source);
    assert_eq!(found[0].1.as_deref(), Some("Ana Duarte"));
    assert_eq!(found[0].3, Some("tag"));
    assert_eq!(found[1].1.as_deref(), Some("Ana Duarte"));
    assert_eq!(found[2].1.as_deref(), Some("Ana Duarte"));
    assert_eq!(found[2].2.as_deref(), Some("added"));
}

#[test]
fn role_nouns_resolve_to_the_person_holding_the_role() {
    let source = "Cup final\n\nCoach Sam Okafor named his team on Friday.\n\n“We are ready,” said the 56-year-old coach.\n";
    assert_eq!(speakers(source), [Some("Sam Okafor".to_string())]);
}

#[test]
fn lead_in_and_according_to() {
    let source = "Cup final\n\nSam Okafor said on Friday that “we will win this one”. Okafor told reporters: “Nobody is injured.” The team is fit, according to Okafor, who called it “the best squad I have had”.\n";
    let found = speakers(source);
    assert!(
        found.iter().all(|s| s.as_deref() == Some("Sam Okafor")),
        "{found:?}"
    );
}

#[test]
fn interrupted_and_continued_quotes_keep_their_speaker() {
    let source = "Cup final\n\n“We are ready,” Okafor said, “to play anyone.” “The players know it.”\n\n“They have worked for this,” he added.\n\n“Every one of them.”\n";
    let found = attributed(source);
    assert_eq!(found[1].3, Some("continues"));
    assert!(
        found.iter().all(|a| a.1.as_deref() == Some("Okafor")),
        "{found:?}"
    );
}

#[test]
fn unattributed_quotes_stay_null() {
    let source = "Cup final\n\nFans queued overnight. “It was worth it,” one supporter said.\n\nOfficials said the match was “sold out”.\n";
    assert_eq!(speakers(source), [None, None]);
}

#[test]
fn a_short_paragraph_introduces_the_quote_after_it() {
    let source = "Rail deal\n\nTransport Minister Clara Venn spoke on Tuesday.\n\nThe minister, whose own constituency lies on a closed route, went further.\n\n“The northern lines were neglected for twenty years.\n\n“That is not a transport policy.”\n";
    let found = attributed(source);
    assert_eq!(found[0].1.as_deref(), Some("Clara Venn"), "{found:?}");
    assert_eq!(found[0].3, Some("introduction"));
}
