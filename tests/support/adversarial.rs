//! Adversarial corpora, generated at any size: the tests use small ones, and
//! `bench/adversarial.sh` (through `examples/gen_corpus.rs adversarial`) times the full sizes.
//! Each input is a list of (relative path, bytes); `bench/adversarial.sh` lists each kind's
//! full size.

/// The files of adversarial input `kind` at `size` (marks, nesting levels, bytes, articles or
/// elements, as the kind counts).
pub fn generate(kind: &str, size: usize) -> Vec<(String, Vec<u8>)> {
    match kind {
        "marks" => vec![("marks.txt".into(), marks(size))],
        "nested" => vec![("nested.txt".into(), nested(size))],
        "big-article" => vec![("big.txt".into(), big_article(size))],
        "big-quote" => big_quote(size),
        "tiny-articles" => (0..size)
            .map(|i| {
                (
                    format!("tiny/{:03}/{i:06}.txt", i / 1000),
                    format!("Note {i}\n\n\u{201c}Yes,\u{201d} said Ada Brook.\n").into_bytes(),
                )
            })
            .collect(),
        "one-speaker" => one_speaker(size),
        "deep-html" => vec![("deep.html".into(), deep_html(size))],
        "jsonl-line" => vec![("feed.jsonl".into(), jsonl_line(size))],
        _ => panic!("unknown adversarial input {kind:?}"),
    }
}

/// `count` quote marks of every kind, mostly unbalanced, with words between and a paragraph
/// break every 40 marks.
fn marks(count: usize) -> Vec<u8> {
    const MARKS: &[&str] = &[
        "\"", "\u{201c}", "\u{201d}", "\u{2018}", "\u{2019}", "\u{201e}", "\u{ab}", "\u{bb}",
        "\u{2039}", "\u{203a}", "\u{300c}", "\u{300d}", "'",
    ];
    let mut text = String::from("Marks everywhere\n\n");
    for i in 0..count {
        text.push_str(MARKS[(i * 7 + i / 13) % MARKS.len()]);
        text.push_str(if i % 3 == 0 { "we said " } else { "so " });
        if i % 40 == 39 {
            text.push_str("\n\n");
        }
    }
    text.into_bytes()
}

/// A quote `depth` levels deep: double and single marks alternating, then all closed.
fn nested(depth: usize) -> Vec<u8> {
    let mut text = String::from("Nested\n\nThe clerk read: ");
    for level in 0..depth {
        text.push_str(if level % 2 == 0 {
            "\u{201c}"
        } else {
            "\u{2018}"
        });
        text.push_str("he wrote ");
    }
    text.push_str("the end");
    for level in (0..depth).rev() {
        text.push_str(if level % 2 == 0 {
            "\u{201d}"
        } else {
            "\u{2019}"
        });
    }
    text.push_str(", she said.\n");
    text.into_bytes()
}

/// News prose with a quote in every paragraph, `bytes` long.
fn big_article(bytes: usize) -> Vec<u8> {
    let mut text = String::from("The longest article\n\n");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "The council met for the {i}th time on Tuesday. \u{201c}We will publish the \
             figures for ward {i} before the budget,\u{201d} council leader Ruth Amble said. \
             Residents had asked for them since spring.\n\n"
        ));
        i += 1;
    }
    text.into_bytes()
}

/// One article holding a single quote `bytes` long, and another quoting its first half.
fn big_quote(bytes: usize) -> Vec<(String, Vec<u8>)> {
    let mut words = String::new();
    let mut i = 0;
    while words.len() < bytes {
        words.push_str(&format!("and then the budget for item {i} went up "));
        i += 1;
    }
    let half = &words[..words.len() / 2];
    let half = &half[..half.rfind(' ').unwrap_or(half.len())];
    vec![
        (
            "whole.txt".into(),
            format!("The speech\n\n\u{201c}{words}\u{201d} Mayor Ida Roan said.\n").into_bytes(),
        ),
        (
            "half.txt".into(),
            format!("The speech, cut\n\nMayor Ida Roan said: \u{201c}{half}\u{201d}\n")
                .into_bytes(),
        ),
    ]
}

/// `count` articles, each with one quote of the same speaker that differs from the others in
/// one word.
fn one_speaker(count: usize) -> Vec<(String, Vec<u8>)> {
    (0..count)
        .map(|i| {
            (
                format!("speaker/{:03}/{i:06}.txt", i / 1000),
                format!(
                    "Wall update {i}\n\n\u{201c}We will finish the sea wall by week {i} and \
                     not a day later,\u{201d} Mayor Ida Roan said.\n"
                )
                .into_bytes(),
            )
        })
        .collect()
}

/// A page with `depth` nested elements around the story.
fn deep_html(depth: usize) -> Vec<u8> {
    let mut html = String::from("<!doctype html><html><head><title>Deep</title></head><body>");
    for _ in 0..depth {
        html.push_str("<div>");
    }
    html.push_str(
        "<article><h1>Deep page</h1><p>\u{201c}We found it,\u{201d} curator Lina Vos said.</p>\
         </article>",
    );
    for _ in 0..depth {
        html.push_str("</div>");
    }
    html.push_str("</body></html>\n");
    html.into_bytes()
}

/// A JSONL file with one record whose text is `bytes` long (escapes and all).
fn jsonl_line(bytes: usize) -> Vec<u8> {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "\\u201cWe kept line {i},\\u201d the editor said.\\n\\nThe archive grew. "
        ));
        i += 1;
    }
    format!("{{\"id\": \"long\", \"title\": \"One line\", \"text\": \"{text}\"}}\n").into_bytes()
}
