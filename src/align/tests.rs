use super::*;

fn version(doc: usize, speaker: Option<&str>, text: &str) -> Version {
    Version::from_text(doc, 0, speaker, text)
}

#[test]
fn a_truncation_and_a_fragment_join_the_fullest_version() {
    let versions = vec![
        version(
            0,
            Some("Ana Duarte"),
            "We are close to a deal, but there is still work to do,",
        ),
        version(1, Some("Ana Duarte"), "We are close to a deal,"),
        version(2, Some("Ana Duarte"), "still work"),
        version(
            3,
            Some("Ana Duarte"),
            "The weather in the capital was mild on Friday.",
        ),
    ];
    let groups = group(&versions).groups;
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].reference, 0);
    assert_eq!(groups[0].members, [1, 2]);
}

#[test]
fn the_same_words_from_another_speaker_join_only_when_long_and_close() {
    let versions = vec![
        version(
            0,
            Some("Ana Duarte"),
            "The door is open and it will stay open for as long as it takes,",
        ),
        version(
            1,
            Some("Tomas Reyke"),
            "The door is open and it will stay open for as long as it takes,",
        ),
        version(2, Some("Tomas Reyke"), "it will stay open"),
    ];
    let groups = group(&versions).groups;
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].members, [1]);
    assert_eq!(groups[0].speakers, ["Ana Duarte", "Tomas Reyke"]);
}

#[test]
fn members_never_chain_through_a_shared_fragment() {
    let versions = vec![
        version(
            0,
            Some("Ana Duarte"),
            "We will sign the agreement this week and then we rest for a while,",
        ),
        version(
            1,
            Some("Ana Duarte"),
            "We will sign the agreement this week,",
        ),
        version(
            2,
            Some("Ana Duarte"),
            "the agreement this week is a good one for the country and its workers,",
        ),
    ];
    let groups = group(&versions).groups;
    let grouped: Vec<usize> = groups.iter().flat_map(|g| g.members.clone()).collect();
    assert!(grouped.contains(&1));
    assert!(
        !groups
            .iter()
            .any(|g| g.reference == 0 && g.members.contains(&2))
    );
}
