use super::*;

fn version(doc: usize, speaker: Option<&str>, text: &str) -> Version {
    Version::from_text(doc, 0, speaker, text)
}

#[test]
fn a_truncation_and_a_fragment_join_the_fullest_version() {
    let mut versions = vec![
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
    let groups = group(&mut versions).groups;
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].reference, 0);
    assert_eq!(groups[0].members, [1, 2]);
}

#[test]
fn the_same_words_from_another_speaker_join_only_when_long_and_close() {
    let mut versions = vec![
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
    let groups = group(&mut versions).groups;
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].members, [1]);
    assert_eq!(groups[0].speakers, ["Ana Duarte", "Tomas Reyke"]);
}

#[test]
fn members_never_chain_through_a_shared_fragment() {
    let mut versions = vec![
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
    let groups = group(&mut versions).groups;
    let grouped: Vec<usize> = groups.iter().flat_map(|g| g.members.clone()).collect();
    assert!(grouped.contains(&1));
    assert!(
        !groups
            .iter()
            .any(|g| g.reference == 0 && g.members.contains(&2))
    );
}

#[test]
fn grouping_a_window_of_references_at_a_time_makes_the_groups_of_one_at_a_time() {
    // Two speakers' truncations, elisions and one-word swaps of a few statements, interleaved
    // so that a version is a candidate of several references.
    let statements = [
        "We will reopen the bridge to lorries by the end of the month, and not a day later,",
        "The council has the money for the harbour wall and it will spend it this year,",
        "Our nurses deserve a fair offer, and they deserve it before the winter begins,",
    ];
    let mut versions = Vec::new();
    for statement in statements {
        let words: Vec<&str> = statement.split(' ').collect();
        for (k, speaker) in [Some("Ana Duarte"), Some("Piet Mol"), None]
            .iter()
            .enumerate()
        {
            let doc = versions.len();
            versions.push(version(doc, *speaker, statement));
            let cut = words[..words.len() - 2 - k].join(" ");
            versions.push(version(doc + 1, *speaker, &cut));
            let elided = format!("{} … {}", words[..4].join(" "), words[7..].join(" "));
            versions.push(version(doc + 2, *speaker, &elided));
            let swapped = statement.replacen(words[3], "surely", 1);
            versions.push(version(doc + 3, *speaker, &swapped));
        }
    }
    // A fragment two statements of one speaker hold: only the first of them to lead a group
    // takes it.
    for text in [
        "The bridge will reopen to lorries by the end of the month and the ferry will run every hour until then,",
        "the ferry will run every hour until then and the tolls will be waived for all local drivers this year,",
        "the ferry will run every hour until then,",
        "the tolls will be waived for all local drivers this year,",
        "The bridge will reopen to lorries by the end of the month,",
    ] {
        let doc = versions.len();
        versions.push(version(doc, Some("Ana Duarte"), text));
    }
    let one = group_in_windows(&mut versions, 1);
    let mut taken = std::collections::BTreeSet::new();
    for group in &one.groups {
        for &v in std::iter::once(&group.reference).chain(&group.members) {
            assert!(taken.insert(v), "version {v} is in two groups");
        }
    }
    let all = group_in_windows(&mut versions, usize::MAX);
    assert!(one.groups.len() >= 3, "{} groups", one.groups.len());
    assert_eq!(format!("{:?}", one.groups), format!("{:?}", all.groups));
    assert_eq!(one.limits, all.limits);
}

/// Each version's bigram keys (sorted, each once) as the index must hold them: ids numbered in
/// key order, a posting list per id in version order, a version's ids ascending.
#[test]
fn the_bigram_index_numbers_keys_in_order_whatever_the_number_of_threads() {
    // Keys spread over every key range (they are hashes), shared by some versions, held by
    // more versions than one gathering chunk, with some versions holding none.
    let keys: Vec<Vec<u64>> = (0..9_000u64)
        .map(|v| {
            let mut own: Vec<u64> = (0..v % 7)
                .map(|k| ((v / 3 + k * 11) % 500).wrapping_mul(SPREAD))
                .collect();
            own.sort_unstable();
            own.dedup();
            own
        })
        .collect();
    let mut distinct: Vec<u64> = keys.iter().flatten().copied().collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert!((0..KEY_RANGES).all(|range| distinct.iter().any(|&k| key_range(k) == range)));
    let id_of = |key: u64| distinct.binary_search(&key).unwrap() as u32;
    for threads in [1, 2, 3] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let index = pool.install(|| BigramIndex::new(keys.clone()));
        for (v, own) in keys.iter().enumerate() {
            let want: Vec<u32> = own.iter().map(|&key| id_of(key)).collect();
            assert_eq!(index.own(v), want, "version {v}, {threads} threads");
        }
        for (id, &key) in distinct.iter().enumerate() {
            let holders: Vec<u32> = (0..keys.len() as u32)
                .filter(|&v| keys[v as usize].contains(&key))
                .collect();
            assert_eq!(
                index.postings(id as u32),
                holders,
                "id {id}, {threads} threads"
            );
        }
    }
}
