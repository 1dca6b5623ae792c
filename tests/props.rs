//! Invariants of loading and extraction on arbitrary input.

use proptest::prelude::*;
use quotecheck::corpus::{Loader, TxtLoader};
use quotecheck::extract::extract;
use quotecheck::report::Report;

/// Text made mostly of the characters that make quotation hard: every mark, apostrophes in and
/// around words, line breaks and blank lines, no-break spaces, dashes and full stops.
fn newsy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"",
        "'",
        "''",
        "``",
        "“",
        "”",
        "‘",
        "’",
        "„",
        "‚",
        "«",
        "»",
        "‹",
        "›",
        "「",
        "」",
        "『",
        "』",
        "″",
        " ",
        " ",
        " ",
        "\u{a0}",
        "\n",
        "\n\n",
        "\r\n",
        ".",
        ",",
        ":",
        "—",
        "…",
        "said",
        "she said,",
        "We",
        "are",
        "don’t",
        "the union’s",
        "’90s",
        "rock ’n’ roll",
        "Okafor",
        "according to",
        "so-called",
        "x",
        "é",
        "交渉",
        "\u{200d}",
        "\u{301}",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|p| p.concat())
}

fn check_invariants(bytes: &[u8]) {
    let loaded = TxtLoader.load("p.txt", bytes);
    for doc in &loaded.documents {
        let extraction = extract(doc);
        let attributed = quotecheck::attribute::attribute(doc, &extraction.quotes);
        assert_eq!(attributed.quotes.len(), extraction.quotes.len());
        let mut previous_end = 0;
        for quote in &extraction.quotes {
            assert!(!quote.segments.is_empty());
            for segment in quote.segments.iter().chain(&quote.nested) {
                assert!(segment.start <= segment.end);
                assert!(doc.text.is_char_boundary(segment.start));
                assert!(doc.text.is_char_boundary(segment.end));
                assert!(segment.end <= doc.text.len());
            }
            for segment in &quote.segments {
                assert!(
                    segment.start >= previous_end,
                    "segments overlap or go backwards"
                );
                assert!(
                    doc.blocks
                        .iter()
                        .any(|b| b.span.start <= segment.start && segment.end <= b.span.end),
                    "segment outside every block"
                );
                previous_end = segment.end;
            }
            assert!(quote.continues.is_none_or(|c| c < extraction.quotes.len()));
        }
        let analysis = quotecheck::Analysis {
            documents: vec![doc.clone()],
            extractions: vec![extraction],
            ..Default::default()
        };
        let report = Report::build(&analysis);
        if std::str::from_utf8(bytes).is_ok() {
            for quote in &report.quotes {
                if quote.segments.len() == 1 {
                    assert_eq!(&bytes[quote.start..quote.end], quote.text.as_bytes());
                }
                for [start, end] in &quote.segments {
                    assert!(std::str::from_utf8(&bytes[*start..*end]).is_ok());
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn newsy_text_keeps_the_invariants(text in newsy_text()) {
        check_invariants(text.as_bytes());
    }

    #[test]
    fn text_after_a_bom_keeps_the_invariants(text in newsy_text()) {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        check_invariants(&bytes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_invariants(&bytes);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,300}") {
        check_invariants(text.as_bytes());
    }
}
