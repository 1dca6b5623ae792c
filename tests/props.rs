//! Invariants of loading and extraction on arbitrary input.

use proptest::prelude::*;
use quotecheck::corpus::{HtmlLoader, JsonlLoader, Loader, MarkdownLoader, TxtLoader};
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
    check_loader_invariants(&TxtLoader, bytes);
}

/// Markup of every format the loaders read, cut and mixed: tags, entities, escapes, fences.
fn markup_soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<p>",
        "</p>",
        "<q>",
        "</q>",
        "<blockquote>",
        "</blockquote>",
        "<article>",
        "</article>",
        "<h1>",
        "</h1>",
        "<nav>",
        "</nav>",
        "<script>",
        "</script>",
        "<br>",
        "<div class=\"ad\">",
        "</div>",
        "<footer>",
        "<!--",
        "-->",
        "<meta property=\"og:title\" content=\"“x”\">",
        "&ldquo;",
        "&rdquo;",
        "&amp;",
        "&amp",
        "&#8220;",
        "&#x201C;",
        "&#99999999;",
        "&#0;",
        "&",
        "# ",
        "## ",
        "> ",
        "- ",
        "```",
        "\\",
        "*",
        "_",
        "[",
        "](u)",
        "---\ntitle: T\n---\n",
        "{\"text\": \"",
        "\\u201c",
        "\\ud83d",
        "\\ude00",
        "\\n",
        "\\\"",
        "\", \"title\": \"",
        "\"}",
        "{",
        "}",
        ":",
        "“",
        "”",
        "\"",
        " ",
        "\n",
        "\n\n",
        "said",
        "Venn",
        "We are ready",
        ".",
        ",",
        "é",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|p| p.concat())
}

fn check_loader_invariants(loader: &dyn Loader, bytes: &[u8]) {
    let loaded = loader.load("p", bytes);
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
                        .any(|b| b.span().start <= segment.start && segment.end <= b.span().end),
                    "segment outside every block"
                );
                previous_end = segment.end;
            }
            assert!(
                quote
                    .continues()
                    .is_none_or(|c| c < extraction.quotes.len())
            );
        }
        let analysis = quotecheck::Analysis {
            documents: vec![doc.clone()],
            extractions: vec![extraction],
            ..Default::default()
        };
        let report = Report::build(&analysis);
        for quote in &report.quotes {
            assert!(quote.start <= quote.end && quote.end <= bytes.len());
            assert!(quote.line >= 1 && quote.column >= 1);
        }
        // Plain text is the file itself: each quote's bytes are its text.
        if loader.extensions().contains(&"txt") && std::str::from_utf8(bytes).is_ok() {
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

    #[test]
    fn markup_never_panics_and_locations_stay_in_the_file(text in markup_soup()) {
        for loader in [&MarkdownLoader as &dyn Loader, &HtmlLoader, &JsonlLoader] {
            check_loader_invariants(loader, text.as_bytes());
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_any_loader(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        for loader in [&MarkdownLoader as &dyn Loader, &HtmlLoader, &JsonlLoader] {
            check_loader_invariants(loader, &bytes);
        }
    }
}
