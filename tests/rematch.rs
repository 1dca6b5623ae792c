//! The run after an edit matches and judges again only what the edit could touch, and its
//! report is, byte for byte, the report of a run without the cache: checked over a long series
//! of seeded random edits of a small newsroom corpus (quotes reworded, cut, given to someone
//! else, articles added, copied as wire copy and removed).

mod binary;

use std::fs;
use std::path::{Path, PathBuf};

use binary::{quotecheck, write};

/// What five people said, each quoted by several outlets.
const STATEMENTS: [(&str, &str); 10] = [
    (
        "Mayor Ines Halloran",
        "We will not spend money we do not have on a sea wall that nobody has costed",
    ),
    (
        "Mayor Ines Halloran",
        "I think the harbour can reopen by the spring if the dredging contract is signed this month",
    ),
    (
        "Education Minister Tomas Wren",
        "Every classroom in the district will be warm by January and no school will close for lack of heating",
    ),
    (
        "Education Minister Tomas Wren",
        "We have found the money for new boilers without cutting a single teaching post",
    ),
    (
        "Union leader Marta Oyelaran",
        "Our members will not accept a pay offer that falls behind the cost of living again this year",
    ),
    (
        "Union leader Marta Oyelaran",
        "Frankly the talks collapsed because the management walked out before midnight",
    ),
    (
        "Fire chief Deniz Aksoy",
        "The blaze spread through the warehouse roof in minutes and two crews were needed to contain it",
    ),
    (
        "Fire chief Deniz Aksoy",
        "Nobody was hurt and the families on the next street were back in their homes by morning",
    ),
    (
        "Councillor Petra Lindqvist",
        "The bus lanes on the ring road have cut journey times by a third since they opened",
    ),
    (
        "Councillor Petra Lindqvist",
        "We will consult every shop owner on the high street before any parking space is removed",
    ),
];

const OUTLETS: [&str; 4] = [
    "Harbour Gazette",
    "Valley Standard",
    "Northgate Online",
    "Coastline Daily",
];

/// A small seeded generator (xorshift): the same edits on every run.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A statement as an outlet renders it: whole, cut short, its hedge dropped, a word swapped,
/// or with an omission marked.
fn render(dice: &mut Dice, words: &str) -> String {
    let list: Vec<&str> = words.split(' ').collect();
    match dice.below(5) {
        0 => list[..list.len() * 2 / 3].join(" "),
        1 => words
            .replacen("I think ", "", 1)
            .replacen("Frankly ", "", 1),
        2 => words.replacen(" will ", " would ", 1),
        3 => format!(
            "{} … {}",
            list[..list.len() / 3].join(" "),
            list[list.len() / 2..].join(" ")
        ),
        _ => words.to_string(),
    }
}

/// An article of three quotes, with its headline and a line of prose between them.
fn article(dice: &mut Dice, number: usize) -> String {
    let outlet = dice.pick(&OUTLETS);
    let mut text = format!("Local news roundup number {number}\n\nBy the {outlet} newsroom.\n\n");
    for _ in 0..3 {
        let (speaker, words) = *dice.pick(&STATEMENTS);
        let quote = render(dice, words);
        let paragraph = match dice.below(3) {
            0 => format!("\u{201c}{quote},\u{201d} {speaker} said."),
            1 => format!("{speaker} told reporters: \u{201c}{quote}.\u{201d}"),
            _ => format!("\u{201c}{quote},\u{201d} said {speaker}."),
        };
        text.push_str(&paragraph);
        text.push_str("\n\nThe council will publish its figures next week.\n\n");
    }
    text
}

fn articles(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir.join("corpus"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    found.sort();
    found
}

/// One random edit of the corpus; returns what it did.
fn edit(dice: &mut Dice, dir: &Path, step: usize) -> String {
    let files = articles(dir);
    let file = dice.pick(&files).clone();
    let text = fs::read_to_string(&file).unwrap();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    match dice.below(6) {
        0 => {
            let opening = text
                .match_indices('\u{201c}')
                .map(|(at, _)| at)
                .collect::<Vec<_>>();
            let at = *dice.pick(&opening) + '\u{201c}'.len_utf8();
            fs::write(&file, format!("{}Honestly {}", &text[..at], &text[at..])).unwrap();
            format!("a word put into a quote of {name}")
        }
        1 => {
            let (speaker, _) = *dice.pick(&STATEMENTS);
            let first = STATEMENTS
                .iter()
                .map(|(name, _)| *name)
                .find(|name| text.contains(name))
                .unwrap();
            fs::write(&file, text.replacen(first, speaker, 1)).unwrap();
            format!("a quote of {name} given to {speaker}")
        }
        2 if files.len() > 4 => {
            fs::remove_file(&file).unwrap();
            format!("{name} removed")
        }
        3 => {
            write(dir, &format!("corpus/wire-{step:03}.txt"), &text);
            format!("{name} copied as wire copy")
        }
        4 => {
            let cut = text.replacen(" and ", ".\u{201d} \u{201c}And ", 1);
            fs::write(&file, cut).unwrap();
            format!("a quote of {name} interrupted")
        }
        _ => {
            write(
                dir,
                &format!("corpus/new-{step:03}.txt"),
                article(dice, step),
            );
            format!("an article added at step {step}")
        }
    }
}

fn report(dir: &Path, cached: bool) -> (String, String) {
    let mut command = quotecheck(dir);
    command.args(["check", "corpus", "--format", "json", "-v", "--exit-zero"]);
    if cached {
        command.args(["--cache-dir", "cache"]);
    } else {
        command.arg("--no-cache");
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn after_any_edit_the_cached_report_is_the_report_without_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    for number in 0..16 {
        write(
            dir.path(),
            &format!("corpus/story-{number:02}.txt"),
            article(&mut dice, number),
        );
    }
    report(dir.path(), true);
    let mut in_part = 0;
    for step in 0..40 {
        let what = edit(&mut dice, dir.path(), step);
        let (cached, stderr) = report(dir.path(), true);
        let (uncached, _) = report(dir.path(), false);
        assert!(
            cached == uncached,
            "step {step} ({what}): the cached report differs\n{stderr}"
        );
        if stderr.contains("the rest reused") {
            in_part += 1;
        }
    }
    // The edits were matched again in part, not the whole corpus every time.
    assert!(in_part >= 30, "{in_part} of 40 edits matched in part");
    let groups =
        serde_json::from_str::<serde_json::Value>(&report(dir.path(), true).0).unwrap()["groups"]
            .as_array()
            .map_or(0, Vec::len);
    assert!(
        groups >= 5,
        "the corpus still groups its quotes: {groups} groups"
    );
}
