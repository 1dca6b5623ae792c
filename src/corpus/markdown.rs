//! The `.md` format: an optional front-matter block (as in `.txt`), then a Markdown body parsed
//! with pulldown-cmark.
//!
//! Paragraphs, list items, table cells and block-quoted paragraphs are blocks (a `> ` block
//! quote is the article's text, not a quotation by itself); the first level-1 heading is the
//! headline unless front matter names a different one, other headings are sub-headings; code
//! blocks, inline HTML and image text are not article text. Entities and backslash escapes are
//! decoded in the text and mapped to their first byte; every other character maps byte for
//! byte through pulldown-cmark's source ranges.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::build::{Piece, TextBuilder, substitute_invalid_utf8};
use super::{
    AcceptComment, BlockRole, LineIndex, Loaded, Loader, assemble, html_comments, mark_boilerplate,
    parse_accept_comment, text,
};
use crate::diagnostics::{Diagnostic, Severity};

pub struct MarkdownLoader;

impl Loader for MarkdownLoader {
    fn extensions(&self) -> &'static [&'static str] {
        &["md", "markdown"]
    }

    fn reads(&self) -> &'static str {
        "UTF-8 Markdown"
    }

    fn load_text(&self, path: &str, bytes: &[u8]) -> Loaded {
        let mut loaded = Loaded::default();
        let shift = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let source = substitute_invalid_utf8(path, bytes, &mut loaded.diagnostics);
        let source = &source[shift..];
        let front = text::leading_front_matter(source);
        loaded
            .diagnostics
            .extend(text::front_matter_diagnostics(path, &front.warnings));
        let mut builder = TextBuilder::at_offset(shift);
        let front_title = front.title.clone().map(|span| {
            builder.begin_block(BlockRole::Title, span.start);
            builder.push(&Piece::Copied(span.clone()), source);
            builder.end_block();
            source[span].trim().to_string()
        });
        let mut headline = HeadlineState {
            front_title: front_title.clone(),
            found: false,
        };
        let body = &source[front.body_from..];
        let mut skipping = 0usize;
        let mut accepts = Vec::new();
        let mut heading: Option<(usize, HeadingLevel)> = None;
        for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
            let range = range.start + front.body_from..range.end + front.body_from;
            match event {
                Event::Html(html) | Event::InlineHtml(html) => {
                    for comment in html_comments(&html) {
                        let line = source[..range.start].matches('\n').count() + 1;
                        match parse_accept_comment(comment) {
                            Ok(Some((kinds, reason))) => accepts.push(AcceptComment {
                                at: builder.text().len(),
                                kinds,
                                reason,
                                line,
                            }),
                            Ok(None) => {}
                            Err(problem) => loaded.diagnostics.push(Diagnostic::at(
                                Severity::Warning,
                                path,
                                (line, 1),
                                "accept-comment",
                                format!("{problem}; the comment is ignored"),
                            )),
                        }
                    }
                }
                Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock) => {
                    skipping += 1;
                }
                Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => {
                    skipping = skipping.saturating_sub(1);
                }
                _ if skipping > 0 => {}
                Event::Start(Tag::Heading { level, .. }) => {
                    builder.begin_block(BlockRole::Subheading, range.start);
                    heading = Some((builder.text().len(), level));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((start, level)) = heading.take() {
                        let written = builder.text()[start..].trim().to_string();
                        if headline.is_headline(level, &written) {
                            builder.retitle_open_block(BlockRole::Title);
                        }
                    }
                    builder.end_block();
                }
                Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                    builder.begin_block(BlockRole::Paragraph, range.start);
                }
                Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                    builder.end_block();
                }
                Event::Text(written) | Event::Code(written) => {
                    // Text after a nested list, inside its item: a paragraph of its own.
                    if !builder.has_open_block() && !written.trim().is_empty() {
                        builder.begin_block(BlockRole::Paragraph, range.start);
                    }
                    let piece = if source[range.clone()] == *written {
                        Piece::Copied(range)
                    } else {
                        Piece::Decoded(written.to_string(), range)
                    };
                    builder.push(&piece, source);
                }
                Event::SoftBreak | Event::HardBreak => {
                    builder.push(&Piece::Decoded("\n".to_string(), range), source);
                }
                _ => {}
            }
        }
        let (text, map, mut blocks) = builder.finish();
        if headline.found && front_title.is_some() {
            // The heading repeats the front matter's title: the heading is the headline.
            blocks.remove(0);
        }
        mark_boilerplate(&text, &mut blocks);
        if text.trim().is_empty() {
            loaded
                .diagnostics
                .push(super::empty_warning(path, "the file has no article text"));
        }
        let title = front_title.or_else(|| {
            blocks
                .iter()
                .find(|b| b.role == BlockRole::Title)
                .map(|b| text[b.span()].to_string())
        });
        let mut document = assemble(
            path,
            title,
            front.meta,
            text,
            blocks,
            map,
            LineIndex::for_original(bytes, shift),
        );
        document.accepts = accepts;
        loaded.documents.push(document);
        loaded
    }
}

/// Which heading is the headline: the first level-1 heading, when front matter names no title
/// or names this one.
struct HeadlineState {
    front_title: Option<String>,
    found: bool,
}

impl HeadlineState {
    fn is_headline(&mut self, level: HeadingLevel, written: &str) -> bool {
        let matches = self.front_title.as_deref().is_none_or(|t| t == written);
        let headline = !self.found && level == HeadingLevel::H1 && matches;
        self.found |= headline;
        headline
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_escapes_with_their_file_positions() {
        let source = "---\ntitle: Ready “now”\n---\n\n# Ready “now”\n\nShe said \\*firmly\\*: &ldquo;We are ready.&rdquo;\n\n```\n“not text,” said the code\n```\n\n> “Quoted in a block quote,” he said.\n";
        let loaded = MarkdownLoader.load("note.md", source.as_bytes());
        let doc = &loaded.documents[0];
        let blocks: Vec<(&str, BlockRole)> = doc
            .blocks
            .iter()
            .map(|b| (&doc.text[b.span()], b.role))
            .collect();
        assert_eq!(
            blocks,
            [
                ("Ready “now”", BlockRole::Title),
                ("She said *firmly*: “We are ready.”", BlockRole::Paragraph),
                ("“Quoted in a block quote,” he said.", BlockRole::Paragraph),
            ]
        );
        let we = doc.text.find("We are").unwrap();
        assert_eq!(doc.file_offset(we), source.find("We are").unwrap());
        assert_eq!(doc.line_col(we), (7, 29));
        let mark = doc.text.find("“We").unwrap();
        assert_eq!(doc.file_offset(mark), source.find("&ldquo;").unwrap());
    }
}
