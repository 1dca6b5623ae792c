//! Generated news copy shared by the benchmarks.

/// Paragraphs of reporting without quotes, as most of a news article is.
const PROSE: &[&str] = &[
    "The dispute began in October when the union rejected a two-year offer, and services on the northern lines have been cut by a third on strike days since then.",
    "Officials at the ministry said the written offer would be sent to the union's executive on Tuesday evening, with a response expected by the end of the week.",
    "Rail passengers in Harwick and Northgate have borne the brunt of the cancellations, with commuters reporting journeys that took twice as long as usual during the walkouts.",
    "The opposition Civic Alliance has called for an independent review of the way the negotiations were handled, arguing that the public deserves to see the full terms.",
    "Analysts at two banks estimated that the strikes had cost the economy several hundred million over the winter, though the ministry disputes the figures.",
    "The executive committee of the union is due to meet on Thursday morning, and a ballot of members could follow within a fortnight if the offer is put to a vote.",
];

/// A deterministic pseudo-random article of about `size` bytes: prose paragraphs with quotes in
/// every house style, multi-paragraph and interrupted quotes, apostrophes and fragments. With
/// `prose_per_quote` quote-less paragraphs for each quoted one: 0 makes copy far denser in
/// quotes than news; 3 gives about one quote per hundred words, as the corpus generator's
/// "realistic news prose" has.
pub fn article(size: usize, prose_per_quote: u64) -> String {
    const PARAGRAPHS: &[&str] = &[
        "The minister said on Friday that the government would not wait long for an answer from the union’s executive, which meets on Thursday.",
        "“We are close to a deal, closer than we have been at any point since October,” Venn said at a press conference in Port Aldane.",
        "“We are ready,” she said, “to sign this week.”",
        "Reyke told reporters: \"We have seen an offer, not an agreement. Our members will decide, and they will not be rushed.\"",
        "‘Nobody wins a long strike,’ the minister admitted, adding that the ’90s had shown what a long dispute does to a railway.",
        "Critics called the offer “a press release dressed up as progress” and said the talks were “going nowhere”.",
        "„Wir sind bereit“, sagte die Ministerin. «\u{a0}Nous sommes prêts\u{a0}», a-t-elle ajouté.",
        "“The northern lines were neglected for twenty years.\n\n“That is not a transport policy, that is a surrender,” she said.",
        "Commuters in Northgate, where one train in three has been cancelled on strike days, don't expect a quick return to the timetable.",
    ];
    let mut text = String::from("Minister says rail deal is “within reach”\n\n");
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    while text.len() < size {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let roll = state % (PARAGRAPHS.len() as u64 * (1 + prose_per_quote));
        let paragraph = match usize::try_from(roll).unwrap_or(0) {
            quoted if quoted < PARAGRAPHS.len() => PARAGRAPHS[quoted],
            other => PROSE[other % PROSE.len()],
        };
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    text
}
