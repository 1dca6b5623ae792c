//! The `.html`/`.htm` format: an article page, usually saved by a browser with all the site's
//! furniture around the story.
//!
//! The page is tokenised by html5gum, which gives every tag and text run its byte span; the
//! open elements are tracked on a stack (with HTML's implied closing of `<p>` and `<li>`).
//! Text inside page furniture (navigation, scripts, styles, asides, forms, elements whose
//! class, id or role names a teaser, share bar, ad slot…: the `page_furniture` lexicon) is
//! not read. The article is the `[itemprop=articleBody]` if there is one, else the `<article>`
//! with the most paragraph text, else the element holding the most paragraph text; the headline
//! is its `<h1>` (else `og:title`, JSON-LD `headline`, `<title>`). Outlet, date and url come
//! from `og:site_name`, `article:published_time`, `<time datetime>`, the canonical link and a
//! JSON-LD `NewsArticle` where present; `<meta name="quotecheck:kind" content="transcript">`
//! marks a transcript.
//!
//! `<q>` elements read as quotation marks (“…”, ‘…’ inside another), and a `<blockquote>`
//! whose text has no marks of its own reads as one quotation (over several paragraphs by the
//! multi-paragraph convention). Entities are decoded in the text and mapped to their `&`;
//! inserted marks map to their tag.

use std::ops::Range;

use html5gum::{DefaultEmitter, Token, Tokenizer};
use serde_json::Value;

use super::build::{Piece, TextBuilder, substitute_invalid_utf8};
use super::{
    AcceptComment, BlockRole, DocKind, LineIndex, Loaded, Loader, Meta, assemble, mark_boilerplate,
    parse_accept_comment,
};
use crate::diagnostics::{Diagnostic, Severity};
use crate::lexicon;

pub struct HtmlLoader;

impl Loader for HtmlLoader {
    fn extensions(&self) -> &'static [&'static str] {
        &["html", "htm", "xhtml"]
    }

    fn reads(&self) -> &'static str {
        "UTF-8 HTML pages"
    }

    fn load_text(&self, path: &str, bytes: &[u8]) -> Loaded {
        let mut loaded = Loaded::default();
        let source = substitute_invalid_utf8(path, bytes, &mut loaded.diagnostics);
        let page = scan(&source);
        let (title, blocks) = page.article_blocks(&source);
        let mut builder = TextBuilder::default();
        let mut comments = page.accept_comments.iter().peekable();
        let mut accepts = Vec::new();
        let mut place_comments =
            |upto: usize, text_len: usize, accepts: &mut Vec<AcceptComment>| {
                while let Some((offset, kinds, reason)) = comments.next_if(|c| c.0 <= upto) {
                    accepts.push(AcceptComment {
                        at: text_len,
                        kinds: kinds.clone(),
                        reason: reason.clone(),
                        line: source[..*offset].matches('\n').count() + 1,
                    });
                }
            };
        for block in &blocks {
            place_comments(block.start, builder.text().len(), &mut accepts);
            builder.begin_block(block.role, block.start);
            for piece in &block.pieces {
                builder.push(piece, &source);
            }
            builder.end_block();
        }
        place_comments(usize::MAX, builder.text().len(), &mut accepts);
        let (text, map, mut blocks) = builder.finish();
        mark_boilerplate(&text, &mut blocks);
        for (offset, problem) in &page.bad_comments {
            loaded.diagnostics.push(Diagnostic::at(
                Severity::Warning,
                path,
                (source[..*offset].matches('\n').count() + 1, 1),
                "accept-comment",
                format!("{problem}; the comment is ignored"),
            ));
        }
        if text.trim().is_empty() {
            loaded
                .diagnostics
                .push(super::empty_warning(path, "the page has no article text"));
        }
        let mut document = assemble(
            path,
            title,
            page.meta,
            text,
            blocks,
            map,
            LineIndex::for_original(bytes, 0),
        );
        document.accepts = accepts;
        loaded.documents.push(document);
        loaded
    }
}

/// Elements that hold no content and have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
/// Elements whose text is a paragraph-like block.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "figcaption",
    "caption",
    "pre",
    "address",
];
/// Elements that group blocks: text directly inside one is a block of its own.
const CONTAINERS: &[&str] = &[
    "html",
    "body",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "ul",
    "ol",
    "dl",
    "table",
    "tbody",
    "thead",
    "tr",
    "blockquote",
    "aside",
    "nav",
    "form",
    "center",
];
/// Elements a class word never makes furniture: the page and the story itself.
const NEVER_FURNITURE: &[&str] = &["html", "body", "main", "article"];

#[derive(Debug)]
/// What an open element and its ancestors are, kept on each element so that a page nested
/// thousands of elements deep costs no more per tag than a shallow one.
struct Open {
    name: String,
    id: usize,
    /// Not article text (it or an ancestor is furniture, and nothing inside it is text).
    furniture: bool,
    /// It or an ancestor is the `articleBody`.
    article_body: bool,
    /// It or an ancestor is a `<blockquote>`.
    in_blockquote: bool,
    /// Stack positions of the innermost open `<p>`, `<li>` and container, it included.
    innermost_p: Option<usize>,
    innermost_li: Option<usize>,
    innermost_container: Option<usize>,
}

/// A paragraph-like run of text found on the page, with where it sits.
#[derive(Debug, Clone)]
struct RawBlock {
    role: BlockRole,
    heading: Option<u8>,
    start: usize,
    pieces: Vec<Piece>,
    /// Ids of the open elements around it, outermost first.
    ancestors: Vec<usize>,
    /// The innermost container element around it (a `<div>`, `<section>`…).
    container: Option<usize>,
    article: Option<usize>,
    article_body: bool,
    blockquote: Option<usize>,
    /// Inside a blockquote's `<footer>` or `<cite>`: the attribution, not the quotation.
    citation: bool,
}

#[derive(Debug, Default)]
struct Page {
    blocks: Vec<RawBlock>,
    meta: Meta,
    og_title: Option<(String, Range<usize>)>,
    title_element: Vec<Piece>,
    json_ld_headline: Option<String>,
    /// `<!-- quotecheck: accept … -->` comments: file offset, kinds, reason.
    accept_comments: Vec<(usize, Vec<String>, String)>,
    /// Malformed quotecheck comments: file offset and what is wrong.
    bad_comments: Vec<(usize, String)>,
}

/// The byte range of attribute `name`'s value inside a start tag's text at `tag`.
fn attribute_range(source: &str, tag: Range<usize>, name: &str) -> Option<Range<usize>> {
    let raw = &source[tag.clone()];
    let lower = raw.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = raw.len() - rest.len() + 1;
        let value = &raw[value_at..];
        let lead = value.len() - value.trim_start().len();
        let value_at = value_at + lead;
        let value = value.trim_start();
        let (start, len) = match value.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => (1, value[1..].find(q as char).unwrap_or(value.len() - 1)),
            _ => (
                0,
                value
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(value.len()),
            ),
        };
        let start = tag.start + value_at + start;
        return Some(start..start + len);
    }
    None
}

/// Pieces of a run of HTML text: copied runs and decoded character references.
fn decode_entities(source: &str, range: Range<usize>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let bytes = source.as_bytes();
    let mut run = range.start;
    let mut at = range.start;
    while let Some(found) = memchr::memchr(b'&', &bytes[at..range.end]) {
        let amp = at + found;
        at = amp + 1;
        let Some((decoded, len)) = entity(&source[amp..range.end]) else {
            continue;
        };
        if run < amp {
            pieces.push(Piece::Copied(run..amp));
        }
        pieces.push(Piece::Decoded(decoded, amp..amp + len));
        at = amp + len;
        run = at;
    }
    if run < range.end {
        pieces.push(Piece::Copied(run..range.end));
    }
    pieces
}

/// The character reference at the start of `text` (`&amp;`, `&#8220;`, `&#x201C;`), decoded,
/// with its length; `None` for a lone `&`.
fn entity(text: &str) -> Option<(String, usize)> {
    const LONGEST_NAME: usize = 32;
    let end = text
        .bytes()
        .take(LONGEST_NAME + 2)
        .position(|b| b == b';')?;
    let reference = &text[..=end];
    let body = &reference[1..end];
    if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        let c = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        return Some((c.to_string(), reference.len()));
    }
    if !body.bytes().all(|b| b.is_ascii_alphanumeric()) || body.is_empty() {
        return None;
    }
    let decoded = htmlize::unescape(reference);
    (decoded != reference).then(|| (decoded.into_owned(), reference.len()))
}

fn pieces_text(pieces: &[Piece], source: &str) -> String {
    pieces
        .iter()
        .map(|piece| match piece {
            Piece::Copied(r) => &source[r.clone()],
            Piece::Decoded(text, _) => text.as_str(),
            Piece::Inserted(text, _) => text,
        })
        .collect()
}

fn scan(source: &str) -> Page {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut page = Page::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut next_id = 0usize;
    let mut current: Option<RawBlock> = None;
    let mut q_depth = 0usize;
    // Text of the element being captured: `<title>` or a JSON-LD script.
    let mut capture: Option<&'static str> = None;
    let mut json_ld = String::new();

    let context = |stack: &[Open], role: BlockRole, heading: Option<u8>, start: usize| {
        let innermost = |name: &str| stack.iter().rev().find(|o| o.name == name).map(|o| o.id);
        let blockquote = innermost("blockquote");
        let citation = blockquote.is_some_and(|bq| {
            stack
                .iter()
                .skip_while(|o| o.id != bq)
                .any(|o| o.name == "footer" || o.name == "cite")
        });
        RawBlock {
            role,
            heading,
            start,
            pieces: Vec::new(),
            ancestors: stack.iter().map(|o| o.id).collect(),
            container: stack
                .iter()
                .rev()
                .find(|o| CONTAINERS.contains(&o.name.as_str()))
                .map(|o| o.id),
            article: innermost("article"),
            article_body: stack.last().is_some_and(|o| o.article_body),
            blockquote,
            citation,
        }
    };
    let in_furniture = |stack: &[Open]| stack.last().is_some_and(|o| o.furniture);

    for token in Tokenizer::new_with_emitter(source, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let span = tag.span.start..tag.span.end;
                let attribute = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|v| String::from_utf8_lossy(v).into_owned())
                };
                match name.as_str() {
                    "meta" => {
                        let key = attribute("property")
                            .or_else(|| attribute("name"))
                            .unwrap_or_default()
                            .to_ascii_lowercase();
                        let content = attribute("content").filter(|c| !c.trim().is_empty());
                        let Some(content) = content else { continue };
                        let content = content.trim().to_string();
                        match key.as_str() {
                            "og:title" | "twitter:title" if page.og_title.is_none() => {
                                if let Some(range) = attribute_range(source, span, "content") {
                                    page.og_title = Some((content, range));
                                }
                            }
                            "og:site_name" | "publisher" => {
                                page.meta.outlet.get_or_insert(content);
                            }
                            "article:published_time" | "date" | "pubdate" | "dc.date" => {
                                page.meta.date.get_or_insert(content);
                            }
                            "og:url" => {
                                page.meta.url.get_or_insert(content);
                            }
                            "quotecheck:kind" if content.eq_ignore_ascii_case("transcript") => {
                                page.meta.kind = DocKind::Transcript;
                            }
                            _ => {}
                        }
                        continue;
                    }
                    "link" => {
                        if attribute("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                            && let Some(href) = attribute("href")
                        {
                            page.meta.url = Some(href);
                        }
                        continue;
                    }
                    "time" => {
                        if let Some(datetime) = attribute("datetime")
                            && !in_furniture(&stack)
                        {
                            page.meta.date.get_or_insert(datetime);
                        }
                    }
                    "br" => {
                        if let Some(block) = &mut current {
                            block.pieces.push(Piece::Inserted("\n", span.start));
                        }
                        continue;
                    }
                    "title" => capture = Some("title"),
                    "script"
                        if attribute("type")
                            .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
                    {
                        capture = Some("json-ld");
                    }
                    _ => {}
                }
                if VOID.contains(&name.as_str()) || tag.self_closing {
                    continue;
                }
                // HTML's implied end tags: a block start closes an open <p>; <li> closes <li>;
                // never across a container opened inside it.
                let top = stack.last();
                let closed_p = (BLOCKS.contains(&name.as_str())
                    || CONTAINERS.contains(&name.as_str()))
                .then(|| top.and_then(|o| o.innermost_p))
                .flatten();
                let closed_li = (name == "li")
                    .then(|| top.and_then(|o| o.innermost_li))
                    .flatten();
                if let Some(at) = closed_p.max(closed_li)
                    && top
                        .and_then(|o| o.innermost_container)
                        .is_none_or(|container| container < at)
                {
                    stack.truncate(at);
                }
                let parent = stack.last();
                let role = attribute("role").unwrap_or_default().to_ascii_lowercase();
                let class_and_id = format!(
                    "{} {}",
                    attribute("class").unwrap_or_default(),
                    attribute("id").unwrap_or_default()
                );
                let article_body =
                    attribute("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articlebody"));
                // A quotation's footer is its attribution: the story's text.
                let citation = name == "footer" && parent.is_some_and(|o| o.in_blockquote);
                let furniture = !article_body
                    && !citation
                    && !NEVER_FURNITURE.contains(&name.as_str())
                    && lexicon::is_page_furniture(&name, &role, &class_and_id);
                let at = stack.len();
                let inherited = |own: bool, of: fn(&Open) -> Option<usize>| {
                    if own { Some(at) } else { parent.and_then(of) }
                };
                let open = Open {
                    name: name.clone(),
                    id: next_id + 1,
                    furniture: furniture || parent.is_some_and(|o| o.furniture),
                    article_body: article_body || parent.is_some_and(|o| o.article_body),
                    in_blockquote: name == "blockquote" || parent.is_some_and(|o| o.in_blockquote),
                    innermost_p: inherited(name == "p", |o| o.innermost_p),
                    innermost_li: inherited(name == "li", |o| o.innermost_li),
                    innermost_container: inherited(CONTAINERS.contains(&name.as_str()), |o| {
                        o.innermost_container
                    }),
                };
                next_id += 1;
                stack.push(open);
                let is_block = BLOCKS.contains(&name.as_str());
                if is_block || CONTAINERS.contains(&name.as_str()) {
                    page.blocks.extend(current.take());
                }
                if is_block && !in_furniture(&stack) {
                    let heading = name
                        .strip_prefix('h')
                        .and_then(|level| level.parse::<u8>().ok());
                    let role = if heading.is_some() {
                        BlockRole::Subheading
                    } else {
                        BlockRole::Paragraph
                    };
                    current = Some(context(&stack, role, heading, span.start));
                }
                if name == "q" && !in_furniture(&stack) {
                    let block = current.get_or_insert_with(|| {
                        context(&stack, BlockRole::Paragraph, None, span.start)
                    });
                    block.pieces.push(Piece::Inserted(
                        if q_depth == 0 { "“" } else { "‘" },
                        span.start,
                    ));
                    q_depth += 1;
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                capture = None;
                let Some(at) = stack.iter().rposition(|o| o.name == name) else {
                    continue;
                };
                if name == "q" && q_depth > 0 && !in_furniture(&stack) {
                    q_depth -= 1;
                    if let Some(block) = &mut current {
                        block.pieces.push(Piece::Inserted(
                            if q_depth == 0 { "”" } else { "’" },
                            tag.span.start,
                        ));
                    }
                }
                if BLOCKS.contains(&name.as_str()) || CONTAINERS.contains(&name.as_str()) {
                    page.blocks.extend(current.take());
                }
                stack.truncate(at);
            }
            Token::Comment(comment) => {
                let contents = String::from_utf8_lossy(&comment.value);
                match parse_accept_comment(&contents) {
                    Ok(Some((kinds, reason))) => {
                        page.accept_comments
                            .push((comment.span.start, kinds, reason));
                    }
                    Ok(None) => {}
                    Err(problem) => page.bad_comments.push((comment.span.start, problem)),
                }
            }
            Token::String(text) => {
                let range = text.span.start..text.span.end;
                match capture {
                    Some("title") => {
                        page.title_element = decode_entities(source, range);
                        continue;
                    }
                    Some("json-ld") => {
                        json_ld.push_str(&source[range]);
                        json_ld.push('\n');
                        continue;
                    }
                    _ => {}
                }
                if in_furniture(&stack) {
                    continue;
                }
                let pieces = decode_entities(source, range.clone());
                if current.is_none() {
                    if source[range.clone()].trim().is_empty() || stack.is_empty() {
                        continue;
                    }
                    current = Some(context(&stack, BlockRole::Paragraph, None, range.start));
                }
                if let Some(block) = &mut current {
                    block.pieces.extend(pieces);
                }
            }
            _ => {}
        }
    }
    page.blocks.extend(current.take());
    page.blocks
        .retain(|b| !pieces_text(&b.pieces, source).trim().is_empty());
    read_json_ld(&json_ld, &mut page);
    page
}

/// Outlet, date, url and headline from JSON-LD, where the meta tags did not give them.
fn read_json_ld(scripts: &str, page: &mut Page) {
    fn articles(value: &Value, found: &mut Vec<Value>) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| articles(v, found)),
            Value::Object(object) => {
                let kind = |t: &Value| {
                    t.as_str()
                        .is_some_and(|t| t.ends_with("NewsArticle") || t == "Article")
                };
                let is_article = match object.get("@type") {
                    Some(Value::Array(types)) => types.iter().any(kind),
                    Some(t) => kind(t),
                    None => false,
                };
                if is_article {
                    found.push(value.clone());
                }
                if let Some(graph) = object.get("@graph") {
                    articles(graph, found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for script in serde_json::Deserializer::from_str(scripts).into_iter::<Value>() {
        match script {
            Ok(value) => articles(&value, &mut found),
            Err(_) => break,
        }
    }
    let Some(article) = found.first() else {
        return;
    };
    let string = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if page.meta.outlet.is_none() {
        page.meta.outlet = string(article.pointer("/publisher/name"));
    }
    if page.meta.date.is_none() {
        page.meta.date = string(article.get("datePublished"));
    }
    if page.meta.url.is_none() {
        page.meta.url =
            string(article.get("url")).or_else(|| string(article.pointer("/mainEntityOfPage/@id")));
    }
    page.json_ld_headline = string(article.get("headline"));
}

impl Page {
    /// The article's blocks in page order, headline first, and the title.
    fn article_blocks(&self, source: &str) -> (Option<String>, Vec<RawBlock>) {
        let paragraph_text = |b: &RawBlock| {
            if b.role == BlockRole::Paragraph {
                pieces_text(&b.pieces, source).trim().len()
            } else {
                0
            }
        };
        let in_article: Box<dyn Fn(&RawBlock) -> bool> =
            if self.blocks.iter().any(|b| b.article_body) {
                Box::new(|b: &RawBlock| b.article_body)
            } else if let Some(article) = densest(&self.blocks, |b| b.article, paragraph_text) {
                Box::new(move |b: &RawBlock| b.article == Some(article))
            } else if let Some(container) = densest(&self.blocks, |b| b.container, paragraph_text) {
                Box::new(move |b: &RawBlock| b.ancestors.contains(&container))
            } else {
                Box::new(|_: &RawBlock| true)
            };
        let mut chosen: Vec<RawBlock> = Vec::new();
        // The story's <h1>; outside the story, only one that repeats the page's title (a site
        // logo is an <h1> on some pages).
        let page_title = self
            .og_title
            .as_ref()
            .map(|(t, _)| t.as_str())
            .or(self.json_ld_headline.as_deref())
            .map(crate::one_line);
        let headline = self
            .blocks
            .iter()
            .position(|b| b.heading == Some(1) && in_article(b))
            .or_else(|| {
                self.blocks.iter().position(|b| {
                    b.heading == Some(1)
                        && page_title.as_deref()
                            == Some(crate::one_line(&pieces_text(&b.pieces, source)).as_str())
                })
            });
        for (index, block) in self.blocks.iter().enumerate() {
            if Some(index) == headline {
                chosen.push(RawBlock {
                    role: BlockRole::Title,
                    ..block.clone()
                });
            } else if in_article(block) {
                chosen.push(block.clone());
            }
        }
        mark_blockquotes(&mut chosen, source);
        let headline_text = headline.map(|i| pieces_text(&self.blocks[i].pieces, source));
        let title = self
            .og_title
            .as_ref()
            .map(|(t, _)| t.clone())
            .or_else(|| self.json_ld_headline.clone())
            .or_else(|| headline_text.map(|t| crate::one_line(&t)))
            .or_else(|| {
                let t = pieces_text(&self.title_element, source);
                (!t.trim().is_empty()).then(|| t.trim().to_string())
            });
        if headline.is_none() {
            // No <h1>: the headline is the og:title (or <title>) where the page gives it.
            let pieces = match &self.og_title {
                Some((_, range)) => decode_entities(source, range.clone()),
                None => self.title_element.clone(),
            };
            if let Some(start) = pieces.first().map(piece_start) {
                chosen.insert(
                    0,
                    RawBlock {
                        role: BlockRole::Title,
                        heading: Some(1),
                        start,
                        pieces,
                        ancestors: Vec::new(),
                        container: None,
                        article: None,
                        article_body: false,
                        blockquote: None,
                        citation: false,
                    },
                );
            }
        }
        (title, chosen)
    }
}

fn piece_start(piece: &Piece) -> usize {
    match piece {
        Piece::Copied(r) | Piece::Decoded(_, r) => r.start,
        Piece::Inserted(_, at) => *at,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// Inserts `mark` just inside the text's first (or last) non-blank character, splitting the
/// copied run of source whitespace it would otherwise sit outside of.
fn insert_at_text_edge(pieces: &mut Vec<Piece>, source: &str, mark: &'static str, edge: Edge) {
    let blank = |piece: &Piece| match piece {
        Piece::Copied(r) => source[r.clone()].trim().is_empty(),
        Piece::Decoded(text, _) => text.trim().is_empty(),
        Piece::Inserted(..) => false,
    };
    let found = match edge {
        Edge::Start => pieces.iter().position(|p| !blank(p)),
        Edge::End => pieces.iter().rposition(|p| !blank(p)),
    };
    let Some(index) = found else {
        return;
    };
    let replacement = match (&pieces[index], edge) {
        (Piece::Copied(r), Edge::Start) => {
            let lead = source[r.clone()].len() - source[r.clone()].trim_start().len();
            let split = r.start + lead;
            vec![
                Piece::Copied(r.start..split),
                Piece::Inserted(mark, split),
                Piece::Copied(split..r.end),
            ]
        }
        (Piece::Copied(r), Edge::End) => {
            let split = r.start + source[r.clone()].trim_end().len();
            vec![
                Piece::Copied(r.start..split),
                Piece::Inserted(mark, split),
                Piece::Copied(split..r.end),
            ]
        }
        (other, Edge::Start) => vec![Piece::Inserted(mark, piece_start(other)), other.clone()],
        (other, Edge::End) => {
            let end = match other {
                Piece::Copied(r) | Piece::Decoded(_, r) => r.end,
                Piece::Inserted(_, at) => *at,
            };
            vec![other.clone(), Piece::Inserted(mark, end)]
        }
    };
    pieces.splice(
        index..=index,
        replacement
            .into_iter()
            .filter(|p| !matches!(p, Piece::Copied(r) if r.is_empty())),
    );
}

/// The key (an `<article>`, a container) whose blocks hold the most paragraph text.
fn densest(
    blocks: &[RawBlock],
    key: impl Fn(&RawBlock) -> Option<usize>,
    weight: impl Fn(&RawBlock) -> usize,
) -> Option<usize> {
    let mut totals: std::collections::BTreeMap<usize, usize> = Default::default();
    for block in blocks {
        if let Some(k) = key(block) {
            *totals.entry(k).or_default() += weight(block);
        }
    }
    totals
        .into_iter()
        .filter(|&(_, total)| total > 0)
        .max_by_key(|&(k, total)| (total, std::cmp::Reverse(k)))
        .map(|(k, _)| k)
}

/// A blockquote's paragraphs with no quotation marks of their own read as one quotation: an
/// opening mark on each paragraph and a closing mark after the last.
fn mark_blockquotes(blocks: &mut [RawBlock], source: &str) {
    let mut at = 0;
    while at < blocks.len() {
        let Some(quote) = blocks[at].blockquote.filter(|_| !blocks[at].citation) else {
            at += 1;
            continue;
        };
        let end = at
            + blocks[at..]
                .iter()
                .take_while(|b| b.blockquote == Some(quote) && !b.citation)
                .count();
        let marked = blocks[at..end].iter().any(|b| {
            pieces_text(&b.pieces, source)
                .trim_start()
                .starts_with(['“', '"', '‘', '\'', '«', '„', '‹', '「'])
        });
        if !marked {
            for block in &mut blocks[at..end] {
                insert_at_text_edge(&mut block.pieces, source, "“", Edge::Start);
            }
            insert_at_text_edge(&mut blocks[end - 1].pieces, source, "”", Edge::End);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(source: &str) -> super::super::Document {
        let mut loaded = HtmlLoader.load("page.html", source.as_bytes());
        loaded.documents.remove(0)
    }

    fn paragraphs(doc: &super::super::Document) -> Vec<&str> {
        doc.blocks.iter().map(|b| &doc.text[b.span()]).collect()
    }

    #[test]
    fn the_story_is_read_without_the_page_furniture() {
        let doc = load(concat!(
            "<html><head><title>T</title><style>p:before{content:\"“\"}</style></head><body>",
            "<nav><a>“Home”</a></nav><div class=\"cookie-consent\"><p>Accept “all”</p></div>",
            "<article><h1>Minister &ldquo;hopeful&rdquo;</h1><p>“We are ready,” she said.</p>",
            "<aside class=\"related-stories\"><p>“Other story,” someone said.</p></aside>",
            "<p>She added: <q>We sign <em>today</em>.</q></p></article>",
            "<footer><p>“Footer words”</p></footer></body></html>"
        ));
        assert_eq!(
            paragraphs(&doc),
            [
                "Minister “hopeful”",
                "“We are ready,” she said.",
                "She added: “We sign today.”"
            ]
        );
        assert_eq!(doc.blocks[0].role, BlockRole::Title);
        assert_eq!(doc.title.as_deref(), Some("Minister “hopeful”"));
    }

    #[test]
    fn entities_and_inserted_marks_map_to_the_markup() {
        let source = "<article><p>&#8220;Yes&rdquo; and <q>no</q></p></article>";
        let doc = load(source);
        assert_eq!(doc.text.as_str(), "“Yes” and “no”");
        assert_eq!(doc.file_offset(0), source.find("&#8220;").unwrap());
        assert_eq!(doc.file_offset("“".len()), source.find("Yes").unwrap());
        let no = doc.text.find("no").unwrap();
        assert_eq!(doc.file_offset(no), source.find("no<").unwrap());
        assert_eq!(doc.file_offset(no - "“".len()), source.find("<q>").unwrap());
    }

    #[test]
    fn without_an_article_element_the_densest_block_of_paragraphs_is_the_story() {
        let doc = load(concat!(
            "<body><div class=\"menu-strip\"><p>Short teaser one.</p></div>",
            "<div id=\"story\"><p>The first paragraph of the story is long enough to count.</p>",
            "<p>“A second paragraph with a quote in it,” the mayor said.</p></div>",
            "<div><p>Sign up.</p></div></body>"
        ));
        assert_eq!(paragraphs(&doc).len(), 2);
        assert!(paragraphs(&doc)[1].starts_with("“A second"));
    }

    #[test]
    fn a_blockquote_without_marks_is_one_quotation() {
        let doc = load(concat!(
            "<article><blockquote><p>We will not back down.</p><p>Not now, not ever.</p>",
            "<footer>Ana Duarte</footer></blockquote></article>"
        ));
        assert_eq!(
            paragraphs(&doc),
            [
                "“We will not back down.",
                "“Not now, not ever.”",
                "Ana Duarte"
            ]
        );
    }
}
