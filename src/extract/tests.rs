use super::*;
use crate::corpus::{Loader, TxtLoader};

fn quotes_of(source: &str) -> (Vec<(String, QuoteKind)>, Extraction, Document) {
    let loaded = TxtLoader.load("t.txt", source.as_bytes());
    let doc = loaded.documents.into_iter().next().expect("a document");
    let extraction = extract(&doc);
    let listed = extraction
        .quotes
        .iter()
        .map(|q| (q.text(&doc.text).into_owned(), q.kind))
        .collect();
    (listed, extraction, doc)
}

fn texts(source: &str) -> Vec<String> {
    quotes_of(source).0.into_iter().map(|(t, _)| t).collect()
}

#[test]
fn curly_quotes_with_tag() {
    let (quotes, extraction, _) =
        quotes_of("Talks resume today\n\n“We are close to a deal,” Duarte said on Friday.\n");
    assert_eq!(
        quotes,
        vec![("We are close to a deal,".to_string(), QuoteKind::Direct)]
    );
    assert!(extraction.diagnostics.is_empty());
}

#[test]
fn apostrophes_are_not_quotes() {
    let source = "Union talks\n\nThe union’s chief said they don’t back the plan. It's the ’90s again, rock ’n’ roll and all, said the Joneses’ neighbour. 'Tis the season.\n";
    assert!(texts(source).is_empty());
}

#[test]
fn british_single_quotes_with_nested_double_and_possessive() {
    let source = "Strike ends\n\nReyke said: ‘The drivers’ union will not accept what they call “a final offer” today.’\n";
    let (quotes, extraction, doc) = quotes_of(source);
    assert_eq!(
        quotes,
        vec![(
            "The drivers’ union will not accept what they call “a final offer” today.".to_string(),
            QuoteKind::Direct
        )]
    );
    assert_eq!(
        &doc.text[extraction.quotes[0].nested[0].clone()],
        "a final offer"
    );
}

#[test]
fn straight_single_quote_in_headline() {
    let (quotes, _, _) =
        quotes_of("Minister says deal 'within reach' as talks resume\n\nBody text follows here.\n");
    assert_eq!(
        quotes,
        vec![("within reach".to_string(), QuoteKind::Headline)]
    );
}

#[test]
fn news_convention_multi_paragraph_quote() {
    let source = "Plan unveiled\n\nShe said: “The first part is done.\n\n“The second part will take longer.\n\n“And the third is up to you,” she added.\n";
    let (quotes, extraction, _) = quotes_of(source);
    assert_eq!(quotes.len(), 1);
    assert_eq!(
        quotes[0].0,
        "The first part is done. The second part will take longer. And the third is up to you,"
    );
    assert_eq!(extraction.quotes[0].segments.len(), 3);
    assert!(extraction.diagnostics.is_empty());
}

#[test]
fn run_on_quote_without_reopening_mark() {
    let source = "Plan unveiled\n\n\"We are on the right track and we will get there.\n\nIt will take time,\" the minister said.\n\nThe talks resume on Monday.\n";
    let (quotes, extraction, _) = quotes_of(source);
    assert_eq!(
        quotes[0].0,
        "We are on the right track and we will get there. It will take time,"
    );
    assert_eq!(extraction.diagnostics.len(), 1);
    assert_eq!(extraction.diagnostics[0].code, "quote-runs-on");
}

#[test]
fn orphan_closing_mark_after_quoted_paragraph() {
    let source = "Plan unveiled\n\n\"We will keep talking,\" Reyke said. \"Nobody wants a strike.\"\n\nBut if the offer does not improve, we will have no choice.\"\n\nThe minister declined to comment.\n";
    let (quotes, extraction, _) = quotes_of(source);
    assert_eq!(quotes.len(), 3);
    assert_eq!(
        quotes[2].0,
        "But if the offer does not improve, we will have no choice."
    );
    assert_eq!(extraction.diagnostics[0].code, "orphan-closing-mark");
}

#[test]
fn stray_opening_mark_does_not_swallow_later_quotes() {
    let source = "Plan unveiled\n\nThe minister called it “a fair offer and left.\n\nLater, Reyke said the plan was “not enough”.\n\n“We will see,” he added.\n";
    let (quotes, extraction, _) = quotes_of(source);
    let texts: Vec<&str> = quotes.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        ["a fair offer and left.", "not enough", "We will see,"]
    );
    assert_eq!(extraction.diagnostics.len(), 1);
    assert_eq!(extraction.diagnostics[0].code, "unclosed-quote");
}

#[test]
fn interrupted_quote_continues() {
    let source = "Plan unveiled\n\n“We are ready,” she said, “to sign this week.”\n";
    let (quotes, extraction, _) = quotes_of(source);
    assert_eq!(quotes.len(), 2);
    assert_eq!(extraction.quotes[1].continues, Some(0));
    assert_eq!(extraction.quotes[0].continues, None);
}

#[test]
fn separate_sentences_do_not_continue() {
    let source = "Plan unveiled\n\n“We are ready.” she said. “We sign this week.”\n";
    let (_, extraction, _) = quotes_of(source);
    assert_eq!(extraction.quotes[1].continues, None);
}

#[test]
fn fragments_scare_quotes_and_labels() {
    let source = "Plan unveiled\n\nDuarte called the offer “a serious step” and said talks were “closer than ever”. The so-called “green corridor” is a “skinny” plan, analysts believe.\n";
    let (quotes, extraction, _) = quotes_of(source);
    assert_eq!(
        quotes,
        vec![
            ("a serious step".to_string(), QuoteKind::Fragment),
            ("closer than ever".to_string(), QuoteKind::Fragment)
        ]
    );
    assert_eq!(extraction.rejected.len(), 2);
}

#[test]
fn guillemets_german_and_french() {
    let source = "Tarifstreit\n\n„Wir sind bereit“, sagte die Ministerin. »Wir verhandeln weiter«, so Reyke.\n\n«\u{a0}Nous sommes prêts\u{a0}», a déclaré la ministre.\n";
    let texts = texts(source);
    assert_eq!(
        texts,
        [
            "Wir sind bereit",
            "Wir verhandeln weiter",
            "Nous sommes prêts"
        ]
    );
}

#[test]
fn corner_brackets_double_prime_and_doubled_apostrophes() {
    let source = "Trade talks\n\nThe official said 「交渉は続く」 on Friday. He said ″We will return″ and ''This is final,'' the envoy added.\n";
    assert_eq!(
        texts(source),
        ["交渉は続く", "We will return", "This is final,"]
    );
}

#[test]
fn many_unmatched_marks_stay_bounded() {
    let source = format!("Title here now\n\n{}\n", "“".repeat(10_000));
    let (_, extraction, _) = quotes_of(&source);
    assert!(extraction.diagnostics.len() <= 2 * (MAX_SCAN_WARNINGS + 1));
    assert!(
        extraction
            .diagnostics
            .iter()
            .any(|d| d.code == "unclosed-quote"),
        "the unclosed quote is reported even among many other warnings"
    );
}
