//! Invariants of matching and judging on arbitrary quotes.

use proptest::prelude::*;
use quotecheck::align::{self, Version};
use quotecheck::diverge::{self, Class};

fn version(doc: usize, text: &str) -> Version {
    Version::from_text(doc, 0, Some("Ana Duarte"), text)
}

fn quote_text() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "we",
        "are",
        "close",
        "to",
        "a",
        "deal",
        "not",
        "I",
        "think",
        "the",
        "union",
        "14",
        "percent",
        "Harwick",
        "…",
        "[the agreement]",
        ",",
        ".",
        "but",
        "will",
        "sign",
        "don’t",
    ]);
    prop::collection::vec(words, 1..30).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn a_quote_compared_with_itself_is_verbatim(text in quote_text()) {
        let v = version(0, &text);
        if let Some((alignment, similarity)) = align::align_pair(&v, &v) {
            let judged = diverge::judge(&v, &v.text, &v, &v.text, &alignment);
            prop_assert_eq!(judged.class, Class::Verbatim);
            prop_assert!(judged.flags.is_empty());
            prop_assert!(judged.changes.is_empty());
            prop_assert!((similarity - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn similarity_is_symmetric(a in quote_text(), b in quote_text()) {
        let (x, y) = (version(0, &a), version(1, &b));
        let forward = align::align_pair(&x, &y).map(|(al, s)| (al.matched.len(), s));
        let backward = align::align_pair(&y, &x).map(|(al, s)| (al.matched.len(), s));
        match (forward, backward) {
            (Some((_, s1)), Some((_, s2))) => prop_assert!((s1 - s2).abs() < 1e-9, "{} vs {}", s1, s2),
            (None, None) => {}
            (f, b) => prop_assert!(false, "one way aligns, the other not: {:?} {:?}", f, b),
        }
    }

    #[test]
    fn judging_never_panics_and_changes_point_inside_the_texts(a in quote_text(), b in quote_text()) {
        let (x, y) = (version(0, &a), version(1, &b));
        if let Some((alignment, _)) = align::align_pair(&x, &y) {
            let judged = diverge::judge(&x, &x.text, &y, &y.text, &alignment);
            for change in &judged.changes {
                if let Some([s, e]) = change.reference_range { prop_assert!(s <= e && e <= x.text.len()); }
                if let Some([s, e]) = change.version_range { prop_assert!(s <= e && e <= y.text.len()); }
            }
        }
    }

    #[test]
    fn the_class_depends_only_on_which_version_is_the_reference(a in quote_text(), b in quote_text()) {
        let judged = |reference: &Version, member: &Version| {
            align::align_pair(reference, member).map(|(alignment, _)| {
                let j = diverge::judge(reference, &reference.text, member, &member.text, &alignment);
                (j.class, j.flags)
            })
        };
        // The same two texts, their documents numbered (and so walked and named) the other way.
        let (a_first, b_second) = (version(0, &a), version(1, &b));
        let (a_second, b_first) = (version(1, &a), version(0, &b));
        prop_assert_eq!(judged(&a_first, &b_second), judged(&a_second, &b_first));
        prop_assert_eq!(judged(&b_second, &a_first), judged(&b_first, &a_second));
    }
}
