//! The words of a version, without a copy where the quote is one stretch of its document.
//!
//! A quote in one paragraph is a byte range of its document's text, and its version shares
//! that text (an `Arc` of it) with the range; only a quote whose words are not one stretch of
//! the document — paragraphs joined by a space, an interrupted quote put together — owns them.
//! Invariant: a shared range lies inside the text and on character boundaries (it is checked
//! when made), so reading it never fails.

use std::ops::Range;
use std::sync::Arc;

/// A version's quoted words as written; dereferences to `str`.
#[derive(Clone)]
pub struct VersionText(Source);

#[derive(Clone)]
enum Source {
    /// A byte range of a document's text.
    Shared {
        text: Arc<String>,
        range: Range<u32>,
    },
    Own(Box<str>),
}

impl VersionText {
    /// The words at `range` of a document's `text`, sharing it. `None` when the range is not a
    /// valid slice of it, or lies beyond what a shared range can hold (4 GiB).
    pub fn shared(text: &Arc<String>, range: Range<usize>) -> Option<Self> {
        text.get(range.clone())?;
        let range = u32::try_from(range.start).ok()?..u32::try_from(range.end).ok()?;
        Some(Self(Source::Shared {
            text: Arc::clone(text),
            range,
        }))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Source::Shared { text, range } => &text[crate::widen(range)],
            Source::Own(own) => own,
        }
    }

    /// The words at `range` of these words (byte offsets into them), shared when these are.
    pub fn slice(&self, range: Range<usize>) -> Self {
        match &self.0 {
            Source::Shared { text, range: outer } => {
                let start = outer.start as usize + range.start;
                Self::shared(text, start..start + range.len())
                    .unwrap_or_else(|| Self::from(&self.as_str()[range]))
            }
            Source::Own(own) => Self::from(&own[range]),
        }
    }
}

impl From<String> for VersionText {
    fn from(text: String) -> Self {
        Self(Source::Own(text.into_boxed_str()))
    }
}

impl From<&str> for VersionText {
    fn from(text: &str) -> Self {
        Self(Source::Own(text.into()))
    }
}

impl Default for VersionText {
    fn default() -> Self {
        Self::from("")
    }
}

impl std::ops::Deref for VersionText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for VersionText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for VersionText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for VersionText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for VersionText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for VersionText {}

impl PartialEq<str> for VersionText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for VersionText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_text_reads_its_range_and_its_slices_share_it_too() {
        let article =
            Arc::new("She said: “We will not raise taxes this year.” Then she left.".to_string());
        let start = article.find('W').unwrap();
        let end = article.find('.').unwrap() + 1;
        let words = VersionText::shared(&article, start..end).unwrap();
        assert_eq!(words, "We will not raise taxes this year.");
        assert_eq!(words.slice(3..7), "will");
        assert!(matches!(words.slice(3..7).0, Source::Shared { .. }));
        assert_eq!(
            Arc::strong_count(&article),
            2,
            "the article and the words hold it; the slices are gone"
        );
    }

    #[test]
    fn a_range_off_a_character_boundary_or_outside_the_text_is_refused() {
        let article = Arc::new("“Ja”, sagte sie.".to_string());
        assert!(
            VersionText::shared(&article, 1..4).is_none(),
            "inside the opening mark"
        );
        assert!(VersionText::shared(&article, 3..400).is_none());
        assert_eq!(VersionText::shared(&article, 3..5).unwrap(), "Ja");
    }

    #[test]
    fn own_words_compare_and_print_as_their_text() {
        let joined = VersionText::from(format!("{} {}", "We are ready,", "to sign."));
        assert_eq!(joined.to_string(), "We are ready, to sign.");
        assert_eq!(format!("{joined:?}"), "\"We are ready, to sign.\"");
        assert_eq!(joined.slice(0..2), "We");
        assert_eq!(joined, VersionText::from("We are ready, to sign."));
    }
}
