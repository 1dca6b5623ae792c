//! The alignment table of a group: every version's words in columns under the reference's.
//!
//! Built from each member's word diff against the reference: a reference word is a column;
//! words a version adds get columns of their own between them, as wide as the most any version
//! adds there. A substituted word sits in its reference word's column, marked changed; a
//! dropped word leaves a gap. Printers only lay the cells out.

use serde::Serialize;

use crate::diverge::{DiffOp, DiffPiece};

/// What a cell shows, against the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CellKind {
    /// The reference's word, rendered alike.
    Same,
    /// Another word in the reference word's place.
    Changed,
    /// The reference's word is missing here.
    Gap,
    /// A word the reference does not have.
    Added,
    /// Nothing: a column another version's additions need.
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub text: String,
    pub kind: CellKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The version's id (`path#k`).
    pub quote: String,
    pub cells: Vec<Cell>,
}

/// The reference row first, then one row per member, all of the same width.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AlignmentTable {
    pub rows: Vec<Row>,
}

/// One member's cells: at each reference word, what it has there; before each (and after the
/// last), the words it adds.
struct Placed {
    at_word: Vec<Cell>,
    added_before: Vec<Vec<String>>,
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(' ').filter(|w| !w.is_empty())
}

fn place(reference_len: usize, diff: &[DiffPiece]) -> Placed {
    let mut placed = Placed {
        at_word: Vec::with_capacity(reference_len),
        added_before: vec![Vec::new(); reference_len + 1],
    };
    let mut pieces = diff.iter().peekable();
    while let Some(piece) = pieces.next() {
        match piece.op {
            DiffOp::Equal => placed.at_word.extend(words(&piece.text).map(|w| Cell {
                text: w.to_string(),
                kind: CellKind::Same,
            })),
            DiffOp::Removed => {
                let removed: Vec<&str> = words(&piece.text).collect();
                // Removed then added: the added words stand in the removed words' places.
                let replacing: Vec<&str> = pieces
                    .next_if(|next| next.op == DiffOp::Added)
                    .map(|next| words(&next.text).collect())
                    .unwrap_or_default();
                for (index, _) in removed.iter().enumerate() {
                    placed.at_word.push(match replacing.get(index) {
                        Some(word) => Cell {
                            text: (*word).to_string(),
                            kind: CellKind::Changed,
                        },
                        None => Cell {
                            text: String::new(),
                            kind: CellKind::Gap,
                        },
                    });
                }
                let slot = placed.at_word.len().min(reference_len);
                placed.added_before[slot]
                    .extend(replacing.iter().skip(removed.len()).map(|w| w.to_string()));
            }
            DiffOp::Added => {
                let slot = placed.at_word.len().min(reference_len);
                placed.added_before[slot].extend(words(&piece.text).map(str::to_string));
            }
        }
    }
    placed.at_word.truncate(reference_len);
    while placed.at_word.len() < reference_len {
        placed.at_word.push(Cell {
            text: String::new(),
            kind: CellKind::Gap,
        });
    }
    placed
}

/// The table of a group: `reference` is the reference's words as written; each member comes
/// with its id and its diff against the reference (`None`: it did not align, shown as is).
pub fn alignment_table(
    reference_id: &str,
    reference: &[String],
    members: &[(String, Option<&[DiffPiece]>, String)],
) -> AlignmentTable {
    let placed: Vec<Option<Placed>> = members
        .iter()
        .map(|(_, diff, _)| diff.map(|d| place(reference.len(), d)))
        .collect();
    let widths: Vec<usize> = (0..=reference.len())
        .map(|slot| {
            placed
                .iter()
                .flatten()
                .map(|p| p.added_before[slot].len())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let empty = || Cell {
        text: String::new(),
        kind: CellKind::Empty,
    };
    let row_of = |at_word: &dyn Fn(usize) -> Cell, added: &dyn Fn(usize) -> Vec<String>| {
        let mut cells = Vec::new();
        for (slot, &width) in widths.iter().enumerate() {
            let words = added(slot);
            for column in 0..width {
                cells.push(match words.get(column) {
                    Some(word) => Cell {
                        text: word.clone(),
                        kind: CellKind::Added,
                    },
                    None => empty(),
                });
            }
            if slot < reference.len() {
                cells.push(at_word(slot));
            }
        }
        cells
    };
    let mut rows = vec![Row {
        quote: reference_id.to_string(),
        cells: row_of(
            &|i| Cell {
                text: reference[i].clone(),
                kind: CellKind::Same,
            },
            &|_| Vec::new(),
        ),
    }];
    let width = rows[0].cells.len();
    for ((id, _, text), placed) in members.iter().zip(&placed) {
        let cells = match placed {
            Some(p) => row_of(&|i| p.at_word[i].clone(), &|slot| {
                p.added_before[slot].clone()
            }),
            // Not aligned: its words in order, as added text, padded to the table's width.
            None => {
                let mut cells: Vec<Cell> = words(text)
                    .map(|w| Cell {
                        text: w.to_string(),
                        kind: CellKind::Added,
                    })
                    .collect();
                cells.resize_with(width.max(cells.len()), empty);
                cells
            }
        };
        rows.push(Row {
            quote: id.clone(),
            cells,
        });
    }
    AlignmentTable { rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(op: DiffOp, text: &str) -> DiffPiece {
        DiffPiece {
            op,
            text: text.into(),
        }
    }

    #[test]
    fn substitutions_gaps_and_additions_line_up_under_the_reference() {
        let reference: Vec<String> = "We are close to a deal"
            .split(' ')
            .map(str::to_string)
            .collect();
        // "I think we are near a deal" and "We are close".
        let hedged = [
            piece(DiffOp::Added, "I think"),
            piece(DiffOp::Equal, "we are"),
            piece(DiffOp::Removed, "close to"),
            piece(DiffOp::Added, "near"),
            piece(DiffOp::Equal, "a deal"),
        ];
        let cut = [
            piece(DiffOp::Equal, "We are close"),
            piece(DiffOp::Removed, "to a deal"),
        ];
        let table = alignment_table(
            "ref#1",
            &reference,
            &[
                ("a#1".into(), Some(&hedged[..]), String::new()),
                ("b#1".into(), Some(&cut[..]), String::new()),
            ],
        );
        let show = |row: &Row| -> Vec<String> {
            row.cells
                .iter()
                .map(|c| match c.kind {
                    CellKind::Same => c.text.clone(),
                    CellKind::Changed => format!("~{}", c.text),
                    CellKind::Added => format!("+{}", c.text),
                    CellKind::Gap => "-".into(),
                    CellKind::Empty => ".".into(),
                })
                .collect()
        };
        assert_eq!(
            show(&table.rows[0]),
            [".", ".", "We", "are", "close", "to", "a", "deal"]
        );
        assert_eq!(
            show(&table.rows[1]),
            ["+I", "+think", "we", "are", "~near", "-", "a", "deal"]
        );
        assert_eq!(
            show(&table.rows[2]),
            [".", ".", "We", "are", "close", "-", "-", "-"]
        );
    }
}
