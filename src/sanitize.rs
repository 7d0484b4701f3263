//! Raw HTML in Markdown, made safe. People paste HTML from other editors, e-mails and video
//! sites; what is safe and useful is kept, the rest is taken out, and each change is told.
//!
//! The policy, in one place (the README repeats it):
//! - Kept: the elements of [`INLINE`] and [`BLOCKS`] (tables and their parts, `sup`, `sub`,
//!   `br`, `abbr`, `figure`, `details`, `kbd`, `mark`, lists…), with the attributes of
//!   [`GENERIC`] and [`ATTRIBUTES`]. A link (`a href`) leads where a Markdown link would, by the
//!   same rules and schemes ([`crate::url::LINK_SCHEMES`]: `javascript:` is refused); an image
//!   (`img src`) is found like a Markdown image, a photo of the site given at its largest made
//!   size, and needs its `alt`.
//! - Dropped with all they hold: the elements of [`DROPPED`] (`script`, `style`, `iframe`,
//!   `object`, `embed`, `form`…). Dropped, their text kept: any other element (`font`,
//!   `center`, and a block such as `div` inside a sentence). Dropped: any other attribute
//!   (`style`, `class`, `id`, `onclick` and every `on…`), and comments.
//! - A video player (`<iframe>` of YouTube, Vimeo, Dailymotion, Facebook) becomes the light
//!   block of [`crate::video`], which loads nothing from the other site until asked.
//! - Each change is a [`Problem`] (a warning) at its place in the text.
//!
//! A block of HTML (lines that start with a tag, up to a blank line) is sanitized whole, by
//! `ammonia`, the well-kept sanitizer built on html5ever's parser: it closes what was left
//! open and drops what is misplaced as browsers would. Inside a sentence, Markdown gives each
//! tag apart (`<b>`, then the text, then `</b>`): [`Inline`] keeps the allowed ones, writes them
//! again from their parsed parts, and closes at the end of the paragraph what was left open.
//! What to tell comes from html5ever's tokenizer, which reads the raw HTML as the parser does.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, CommentToken, DoctypeToken, EndTag, StartTag, TagToken, Token, TokenSink,
    TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::error::{HtmlPart, Problem};
use crate::text::escape;
use crate::video::{self, Words};

/// Elements kept inside a sentence (and in blocks).
pub const INLINE: [&str; 29] = [
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
];

/// Elements kept as blocks of their own. No `h1`: the page's title is its only one.
pub const BLOCKS: [&str; 30] = [
    "blockquote",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Attributes every kept element may have.
pub const GENERIC: [&str; 3] = ["title", "lang", "dir"];

/// Attributes some kept elements may have.
pub const ATTRIBUTES: [(&str, &[&str]); 15] = [
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("time", &["datetime"]),
    ("data", &["value"]),
    ("del", &["datetime", "cite"]),
    ("ins", &["datetime", "cite"]),
    ("q", &["cite"]),
    ("blockquote", &["cite"]),
    ("details", &["open"]),
];

/// Elements dropped with all they hold: code, styles, forms, players and documents of other
/// sites, what belongs in a page's head.
pub const DROPPED: [&str; 26] = [
    "script", "style", "iframe", "object", "embed", "applet", "form", "input", "button", "select", "textarea",
    "template", "noscript", "svg", "math", "canvas", "audio", "video", "frame", "frameset", "noembed", "noframes",
    "link", "meta", "base", "title",
];

/// Elements without content, never closed.
const VOID: [&str; 5] = ["br", "wbr", "img", "hr", "col"];

/// What a URL of raw HTML is, for the caller to resolve it like Markdown's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Url<'a> {
    Link(&'a str),
    Image(&'a str),
}

/// Resolves a URL of raw HTML: where it leads, or why it cannot.
pub type Resolve<'r> = dyn FnMut(Url<'_>) -> Result<String, Problem> + 'r;

/// Raw HTML once sanitized, and what was changed or found, each at its byte in the raw HTML.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub html: String,
    pub problems: Vec<(usize, Problem)>,
    /// The links kept, where each leads: what `check` follows.
    pub links: Vec<(usize, String)>,
}

fn is_kept(name: &str, inline: bool) -> bool {
    INLINE.contains(&name) || (!inline && BLOCKS.contains(&name))
}

fn allows(element: &str, attribute: &str) -> bool {
    GENERIC.contains(&attribute)
        || ATTRIBUTES.iter().any(|(e, attributes)| *e == element && attributes.contains(&attribute))
}

/// The most elements a block of HTML may hold open one inside the other, as browsers' parsers
/// allow (Blink's limit). Deeper, html5ever's tree builder takes time that grows with the
/// square of the depth: 40,000 `<div>` take seconds, 380,000 take minutes.
pub const MAX_DEPTH: usize = 512;

/// Sanitizes a block of raw HTML, whole.
pub fn block(raw: &str, resolve: &mut Resolve, words: &Words) -> Cleaned {
    let mut cleaned = Cleaned::default();
    let items = tokens(raw);
    if let Some(offset) = too_deep(&items) {
        cleaned.problems.push((offset, Problem::HtmlTooDeep { max: MAX_DEPTH }));
        return cleaned;
    }
    let mut urls: HashMap<(String, String), Option<String>> = HashMap::new();
    let mut videos = Vec::new();
    let mut skip: Option<(String, usize)> = None;
    for item in items {
        match (&item.token, &mut skip) {
            (Item::Start(name, _), Some((open, depth))) if name == open => *depth += 1,
            (Item::End(name), Some((open, depth))) if name == open => {
                *depth -= 1;
                if *depth == 0 {
                    skip = None;
                }
            }
            (_, Some(_)) => {}
            (Item::Start(name, attributes), None) => {
                let problem = match player(name, attributes) {
                    Some(video) => {
                        let problem = embedded(&video);
                        videos.push(video);
                        problem
                    }
                    None => Problem::HtmlRemoved(HtmlPart::Whole(name.clone())),
                };
                if DROPPED.contains(&name.as_str()) {
                    if !is_void_dropped(name) {
                        skip = Some((name.clone(), 1));
                    }
                    cleaned.problems.push((item.offset, problem));
                    continue;
                }
                if !is_kept(name, false) {
                    cleaned.problems.push((item.offset, Problem::HtmlRemoved(HtmlPart::Tag(name.clone()))));
                    continue;
                }
                let kept = attributes_of(raw, &item, name, attributes, resolve, &mut cleaned);
                for (attribute, value, resolved) in kept {
                    urls.insert((attribute, value), resolved);
                }
            }
            (Item::Comment, None) => cleaned.problems.push((item.offset, Problem::HtmlRemoved(HtmlPart::Comment))),
            (Item::End(_), None) => {}
        }
    }
    cleaned.html = ammonia(raw, urls);
    for (video, title) in videos {
        cleaned.html.push_str(&video.block(title.as_deref(), words));
    }
    dedup(&mut cleaned.problems, raw);
    cleaned
}

/// Where a block first holds more than [`MAX_DEPTH`] elements open, counting the tags that
/// nest: not those of elements that hold nothing (`br`, `img`…), nor of those that the next of
/// their kind closes (`p`, `li`, `td`…), which hand-written HTML often leaves open.
fn too_deep(items: &[Located]) -> Option<usize> {
    let nests = |name: &str| {
        !matches!(
            name,
            "area"
                | "base"
                | "br"
                | "col"
                | "embed"
                | "hr"
                | "img"
                | "input"
                | "link"
                | "meta"
                | "param"
                | "source"
                | "track"
                | "wbr"
                | "p"
                | "li"
                | "dt"
                | "dd"
                | "option"
                | "optgroup"
                | "tr"
                | "td"
                | "th"
                | "tbody"
                | "thead"
                | "tfoot"
                | "rb"
                | "rp"
                | "rt"
                | "rtc"
        )
    };
    let mut depth = 0usize;
    for item in items {
        match &item.token {
            Item::Start(name, _) if nests(name) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(item.offset);
                }
            }
            Item::End(name) if nests(name) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Elements of [`DROPPED`] that hold nothing and have no closing tag.
fn is_void_dropped(name: &str) -> bool {
    matches!(name, "input" | "embed" | "link" | "meta" | "base" | "frame")
}

/// A video player: an `iframe` whose address is a known site's video, and its title.
fn player(name: &str, attributes: &[(String, String)]) -> Option<(video::Video, Option<String>)> {
    if name != "iframe" {
        return None;
    }
    let value = |key: &str| attributes.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let video = video::recognise(&value("src").or_else(|| value("data-src"))?)?;
    Some((video, value("title")))
}

/// What is told of a player turned into a video's block.
fn embedded((video, title): &(video::Video, Option<String>)) -> Problem {
    let titled = title.as_deref().is_some_and(|t| !t.trim().is_empty());
    Problem::VideoEmbed { provider: video.provider.name().into(), titled }
}

/// The attributes of a kept element checked: each dropped one told, each URL resolved (what it
/// becomes, or `None` if it cannot be), an image without its description an error.
fn attributes_of(
    raw: &str,
    item: &Located,
    name: &str,
    attributes: &[(String, String)],
    resolve: &mut Resolve,
    cleaned: &mut Cleaned,
) -> Vec<(String, String, Option<String>)> {
    let mut urls = Vec::new();
    for (attribute, value) in attributes {
        let at = attribute_offset(raw, item.offset, attribute);
        if !allows(name, attribute) {
            let part = HtmlPart::Attribute(name.to_string(), attribute.clone());
            cleaned.problems.push((at, Problem::HtmlRemoved(part)));
            continue;
        }
        let url = match (name, attribute.as_str()) {
            ("a", "href") => Url::Link(value),
            ("img", "src") => Url::Image(value),
            _ => continue,
        };
        let resolved = resolve(url).map_err(|problem| cleaned.problems.push((at, problem))).ok();
        if let (Url::Link(_), Some(target)) = (url, &resolved)
            && (target.starts_with('#') || (target.starts_with('/') && !target.starts_with("//")))
        {
            cleaned.links.push((at, target.clone()));
        }
        urls.push((attribute.clone(), value.clone(), resolved));
    }
    if name == "img" {
        let alt = attributes.iter().find(|(k, _)| k == "alt").map(|(_, v)| v.trim());
        let src = attributes.iter().find(|(k, _)| k == "src").map_or("", |(_, v)| v.as_str());
        if alt.is_none_or(str::is_empty) {
            cleaned.problems.push((item.offset, Problem::MissingAlt { target: src.to_string() }));
        }
        if src.is_empty() {
            cleaned.problems.push((item.offset, Problem::MissingImage { target: String::new() }));
        }
    }
    urls
}

/// The sanitized HTML of `raw`, with the URLs of links and images replaced by where they lead.
fn ammonia(raw: &str, urls: HashMap<(String, String), Option<String>>) -> String {
    let tags: HashSet<&str> = INLINE.iter().chain(BLOCKS.iter()).copied().collect();
    let attributes: HashMap<&str, HashSet<&str>> =
        ATTRIBUTES.iter().map(|(element, names)| (*element, names.iter().copied().collect())).collect();
    let html = ammonia::Builder::empty()
        .tags(tags)
        .clean_content_tags(DROPPED.iter().copied().collect())
        .generic_attributes(GENERIC.iter().copied().collect())
        .tag_attributes(attributes)
        .url_schemes(crate::url::LINK_SCHEMES.iter().copied().collect())
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(move |element, attribute, value| match (element, attribute) {
            ("a", "href") | ("img", "src") => {
                urls.get(&(attribute.to_string(), value.to_string())).cloned().flatten().map(Cow::Owned)
            }
            _ => Some(Cow::Borrowed(value)),
        })
        .clean(raw)
        .to_string();
    // The page's text is set by the one HTML pass, which reads the escapes the site writes.
    html.replace("&nbsp;", "\u{a0}")
}

/// One change told per kind and line: a table pasted from a word processor has a `style` on
/// every cell.
fn dedup(problems: &mut Vec<(usize, Problem)>, raw: &str) {
    let ends: Vec<usize> = raw.match_indices('\n').map(|(at, _)| at).collect();
    let line = |offset: usize| ends.partition_point(|&end| end < offset);
    let mut seen = HashSet::new();
    problems.retain(|(offset, problem)| !problem.is_warning() || seen.insert((line(*offset), problem.clone())));
}

/// Where an attribute is written in the tag that starts at `tag`.
fn attribute_offset(raw: &str, tag: usize, attribute: &str) -> usize {
    let rest = &raw[tag..];
    let end = rest.find('>').unwrap_or(rest.len());
    find_word(&rest[..end], attribute).map_or(tag, |at| tag + at)
}

/// Where `word` is in `text` as a whole word, ignoring case.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(word) {
        let start = from + at;
        let end = start + word.len();
        let before = lower[..start].chars().last().is_none_or(|c| c.is_whitespace() || c == '<' || c == '/');
        let after = lower[end..].chars().next().is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-'));
        if before && after {
            return Some(start);
        }
        from = end;
    }
    None
}

/// The tags of a sentence's raw HTML, one by one: which are kept, which are still open.
#[derive(Debug, Default)]
pub struct Inline {
    /// The kept elements open, with where each was opened.
    open: Vec<(String, usize)>,
    /// The dropped element whose content is being dropped, if inside one.
    skipping: Option<String>,
}

impl Inline {
    /// Whether what comes now is inside an element dropped whole: it is dropped too.
    pub fn skipping(&self) -> bool {
        self.skipping.is_some()
    }

    /// The HTML to write for a tag (or a comment) of a sentence, at `offset` in the text.
    pub fn tag(&mut self, raw: &str, offset: usize, resolve: &mut Resolve, words: &Words) -> Cleaned {
        let mut cleaned = Cleaned::default();
        for item in tokens(raw) {
            match &item.token {
                Item::Comment => cleaned.problems.push((item.offset, Problem::HtmlRemoved(HtmlPart::Comment))),
                Item::End(name) if self.skipping.as_ref() == Some(name) => self.skipping = None,
                _ if self.skipping.is_some() => {}
                Item::Start(name, attributes) => {
                    self.start(raw, (&item, offset), name, attributes, resolve, words, &mut cleaned)
                }
                Item::End(name) => self.end(name, item.offset, &mut cleaned),
            }
        }
        for (at, _) in &mut cleaned.problems {
            *at += offset;
        }
        for (at, _) in &mut cleaned.links {
            *at += offset;
        }
        cleaned
    }

    #[allow(clippy::too_many_arguments)]
    /// A start tag; `item` is where it is in the tag's raw HTML, which is at `offset` in the text.
    fn start(
        &mut self,
        raw: &str,
        (item, offset): (&Located, usize),
        name: &str,
        attributes: &[(String, String)],
        resolve: &mut Resolve,
        words: &Words,
        cleaned: &mut Cleaned,
    ) {
        if let Some(player) = player(name, attributes) {
            cleaned.problems.push((item.offset, embedded(&player)));
            let (video, title) = player;
            cleaned.html.push_str(&video.link(title.as_deref(), words));
            self.skipping = Some(name.to_string());
            return;
        }
        if DROPPED.contains(&name) {
            cleaned.problems.push((item.offset, Problem::HtmlRemoved(HtmlPart::Whole(name.to_string()))));
            if !is_void_dropped(name) {
                self.skipping = Some(name.to_string());
            }
            return;
        }
        if !is_kept(name, true) {
            cleaned.problems.push((item.offset, Problem::HtmlRemoved(HtmlPart::Tag(name.to_string()))));
            return;
        }
        let urls = attributes_of(raw, item, name, attributes, resolve, cleaned);
        cleaned.html.push('<');
        cleaned.html.push_str(name);
        for (attribute, value) in attributes.iter().filter(|(a, _)| allows(name, a)) {
            let url = urls.iter().find(|(a, v, _)| a == attribute && v == value).map(|(_, _, r)| r);
            let value = match url {
                Some(Some(resolved)) => resolved.as_str(),
                // A URL that leads nowhere is told already; the attribute is left out.
                Some(None) => continue,
                None => value.as_str(),
            };
            cleaned.html.push_str(&format!(" {attribute}=\"{}\"", escape(value)));
        }
        cleaned.html.push('>');
        if !VOID.contains(&name) {
            self.open.push((name.to_string(), offset + item.offset));
        }
    }

    /// A closing tag: it closes its element and those opened inside it, or, closing nothing,
    /// is dropped.
    fn end(&mut self, name: &str, at: usize, cleaned: &mut Cleaned) {
        if !is_kept(name, true) || VOID.contains(&name) {
            return;
        }
        match self.open.iter().rposition(|(open, _)| open == name) {
            Some(index) => cleaned.html.push_str(&close(self.open.drain(index..))),
            None => cleaned.problems.push((at, Problem::HtmlRemoved(HtmlPart::Unbalanced(name.to_string())))),
        }
    }

    /// At the end of a paragraph (a heading, a cell…): the closing tags of what is still open,
    /// each told at its opening tag.
    pub fn close_all(&mut self) -> Cleaned {
        self.skipping = None;
        let problems = self
            .open
            .iter()
            .map(|(name, at)| (*at, Problem::HtmlRemoved(HtmlPart::Unbalanced(name.clone()))))
            .collect();
        Cleaned { html: close(self.open.drain(..)), problems, links: Vec::new() }
    }
}

/// The closing tags of elements, innermost first.
fn close(open: impl DoubleEndedIterator<Item = (String, usize)>) -> String {
    open.rev().map(|(name, _)| format!("</{name}>")).collect()
}

/// A token of raw HTML, as the caller needs it.
#[derive(Debug)]
enum Item {
    /// A start tag: its name, in lower case, and its attributes.
    Start(String, Vec<(String, String)>),
    End(String),
    /// A comment, a doctype, or what the parser reads as one (`<?xml …>`).
    Comment,
}

/// A token and where it starts in the raw HTML.
#[derive(Debug)]
struct Located {
    token: Item,
    offset: usize,
}

/// The tags and comments of `raw`, in order, each with where it starts.
fn tokens(raw: &str) -> Vec<Located> {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(raw));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let items = tokenizer.sink.items.take();
    // Lower case once: ASCII letters only, so that places in it are places in `raw`.
    let lower = raw.to_ascii_lowercase();
    let mut cursor = 0;
    items
        .into_iter()
        .map(|token| {
            let needle = match &token {
                Item::Start(name, _) => format!("<{name}"),
                Item::End(name) => format!("</{name}"),
                Item::Comment => "<!".to_string(),
            };
            let found = find_tag(&lower, cursor, &needle, matches!(token, Item::Comment));
            let offset = found.unwrap_or(cursor);
            cursor = found.map_or(cursor, |at| at + needle.len());
            Located { token, offset }
        })
        .collect()
}

/// Where `needle` (`<name`, `</name`) starts in `lower` (raw HTML in lower case) from `from`,
/// followed by what may end a tag's name; for a comment, `<!` or `<?`.
fn find_tag(lower: &str, from: usize, needle: &str, comment: bool) -> Option<usize> {
    let rest = lower.get(from..)?;
    let bytes = rest.as_bytes();
    let found = match comment {
        true => rest.match_indices('<').find(|(i, _)| matches!(bytes.get(i + 1), Some(b'!' | b'?'))),
        false => rest.match_indices(needle).find(|(i, _)| {
            bytes.get(i + needle.len()).is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
        }),
    };
    found.map(|(i, _)| from + i)
}

/// Gathers the tokenizer's tags and comments, and tells it to read the text of `script`,
/// `style` and the like as text, as the parser would.
#[derive(Default)]
struct Sink {
    items: RefCell<Vec<Item>>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            TagToken(tag) => {
                let name = tag.name.to_string();
                if tag.kind == EndTag {
                    self.items.borrow_mut().push(Item::End(name));
                    return TokenSinkResult::Continue;
                }
                let attributes = tag.attrs.iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
                self.items.borrow_mut().push(Item::Start(name.clone(), attributes));
                debug_assert_eq!(tag.kind, StartTag);
                if tag.self_closing {
                    return TokenSinkResult::Continue;
                }
                match name.as_str() {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "iframe" | "noembed" | "noframes" | "xmp" => TokenSinkResult::RawData(RawKind::Rawtext),
                    "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                    _ => TokenSinkResult::Continue,
                }
            }
            CommentToken(_) | DoctypeToken(_) => {
                self.items.borrow_mut().push(Item::Comment);
                TokenSinkResult::Continue
            }
            CharacterTokens(_) | Token::NullCharacterToken | Token::EOFToken | Token::ParseError(_) => {
                TokenSinkResult::Continue
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Links lead to `/resolved/…`, images to `/img/…`; `missing` leads nowhere.
    fn resolver() -> impl FnMut(Url<'_>) -> Result<String, Problem> {
        |url| match url {
            Url::Link("missing.md") => Err(Problem::BrokenLink { target: "missing.md".into() }),
            Url::Link(dest) if dest.starts_with("javascript:") => {
                Err(Problem::RefusedLink { target: dest.into(), scheme: "javascript".into() })
            }
            Url::Link(dest) if dest.contains(".md") => Ok(format!("/resolved/{}", dest.replace(".md", ""))),
            Url::Link(dest) => Ok(dest.to_string()),
            Url::Image(dest) => Ok(format!("/img/{dest}")),
        }
    }

    fn words() -> Words {
        Words { watch: "Voir la vidéo sur {provider}".into() }
    }

    fn clean(raw: &str) -> Cleaned {
        block(raw, &mut resolver(), &words())
    }

    fn removed(part: HtmlPart) -> Problem {
        Problem::HtmlRemoved(part)
    }

    /// The pieces of a sentence, tags and text, through [`Inline`] as Markdown gives them.
    fn inline(pieces: &[&str]) -> (String, Vec<(usize, Problem)>) {
        let mut state = Inline::default();
        let (mut html, mut problems, mut offset) = (String::new(), Vec::new(), 0);
        for piece in pieces {
            if piece.starts_with('<') {
                let cleaned = state.tag(piece, offset, &mut resolver(), &words());
                html.push_str(&cleaned.html);
                problems.extend(cleaned.problems);
            } else if !state.skipping() {
                html.push_str(piece);
            }
            offset += piece.len();
        }
        let closed = state.close_all();
        html.push_str(&closed.html);
        problems.extend(closed.problems);
        (html, problems)
    }

    #[test]
    fn the_lists_do_not_overlap() {
        for name in DROPPED {
            assert!(!INLINE.contains(&name) && !BLOCKS.contains(&name), "{name}");
        }
        for name in INLINE {
            assert!(!BLOCKS.contains(&name), "{name}");
        }
    }

    #[test]
    fn html_nested_deeper_than_browsers_read_is_refused_where_it_goes_too_deep() {
        let deep = |depth: usize| format!("{}texte{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let kept = clean(&deep(MAX_DEPTH));
        assert!(kept.problems.is_empty() && kept.html.contains("texte"), "{:?}", kept.problems);
        let refused = clean(&deep(MAX_DEPTH + 1));
        assert_eq!(refused.problems, [(5 * MAX_DEPTH, Problem::HtmlTooDeep { max: MAX_DEPTH })]);
        assert_eq!(refused.html, "");
        // Siblings closed or left open as HTML allows, and tags that hold nothing, do not nest.
        let wide = format!("<ul>{}</ul>{}", "<li>point<br>".repeat(5000), "<div><p>a</div>".repeat(5000));
        assert!(clean(&wide).problems.is_empty());
        // Left open, they do.
        assert!(
            clean(&"<blockquote>".repeat(MAX_DEPTH + 1))
                .problems
                .iter()
                .any(|(_, p)| *p == Problem::HtmlTooDeep { max: MAX_DEPTH })
        );
    }

    #[test]
    fn a_table_is_kept_and_its_styles_told() {
        let raw = "<table style=\"width:100%\">\n<tr><th scope=\"col\">Région</th><td class=\"x\" style=\"color:red\">Gao</td></tr>\n</table>";
        let cleaned = clean(raw);
        assert_eq!(
            cleaned.html,
            "<table>\n<tbody><tr><th scope=\"col\">Région</th><td>Gao</td></tr>\n</tbody></table>"
        );
        assert_eq!(
            cleaned.problems,
            [
                (7, removed(HtmlPart::Attribute("table".into(), "style".into()))),
                (63, removed(HtmlPart::Attribute("td".into(), "class".into()))),
                (73, removed(HtmlPart::Attribute("td".into(), "style".into()))),
            ]
        );
        assert_eq!(&raw[63..68], "class");
    }

    #[test]
    fn scripts_styles_forms_comments_and_events_are_dropped() {
        let raw = "<div onclick=\"steal()\">Texte <b>gras</b><!-- note --></div>\n<script>if (a < b) alert(1)</script>\n<style>p{}</style><form action=\"/x\"><input name=q><button>Go</button></form>";
        let cleaned = clean(raw);
        assert_eq!(cleaned.html, "<div>Texte <b>gras</b></div>\n\n");
        let parts: Vec<&Problem> = cleaned.problems.iter().map(|(_, p)| p).collect();
        assert_eq!(
            parts,
            [
                &removed(HtmlPart::Attribute("div".into(), "onclick".into())),
                &removed(HtmlPart::Comment),
                &removed(HtmlPart::Whole("script".into())),
                &removed(HtmlPart::Whole("style".into())),
                &removed(HtmlPart::Whole("form".into())),
            ]
        );
        assert_eq!(&raw[cleaned.problems[2].0..][..7], "<script");
    }

    #[test]
    fn unknown_elements_keep_their_text() {
        let cleaned = clean("<center><font face=\"Arial\">Bamako</font></center>");
        assert_eq!(cleaned.html, "Bamako");
        assert_eq!(cleaned.problems[0].1, removed(HtmlPart::Tag("center".into())));
        assert_eq!(cleaned.problems[1], (8, removed(HtmlPart::Tag("font".into()))));
    }

    #[test]
    fn links_and_images_lead_where_markdown_ones_do() {
        let raw = "<p><a href=\"../contact.md#ecrire\">Écrire</a> <a href=\"missing.md\">x</a> <a href=\"javascript:alert(1)\">y</a> <img src=\"IMG_1234.JPG\" alt=\"Un convoi\"> <img src=\"b.png\"></p>";
        let cleaned = clean(raw);
        assert_eq!(
            cleaned.html,
            "<p><a href=\"/resolved/../contact#ecrire\">Écrire</a> <a>x</a> <a>y</a> <img src=\"/img/IMG_1234.JPG\" alt=\"Un convoi\"> <img src=\"/img/b.png\"></p>"
        );
        assert_eq!(cleaned.links, [(6, "/resolved/../contact#ecrire".to_string())]);
        let problems: Vec<&Problem> = cleaned.problems.iter().map(|(_, p)| p).collect();
        assert_eq!(
            problems,
            [
                &Problem::BrokenLink { target: "missing.md".into() },
                &Problem::RefusedLink { target: "javascript:alert(1)".into(), scheme: "javascript".into() },
                &Problem::MissingAlt { target: "b.png".into() },
            ]
        );
    }

    #[test]
    fn a_video_player_becomes_a_link_that_loads_it_on_a_click() {
        let raw = "<div class=\"embed\"><iframe width=\"560\" src=\"https://www.youtube.com/embed/abc123\" title=\"Retour à Gao\" allowfullscreen></iframe></div>";
        let cleaned = clean(raw);
        assert_eq!(
            cleaned.html,
            "<div></div><figure class=\"video\" data-embed=\"https://www.youtube-nocookie.com/embed/abc123\"><a class=\"video-link\" href=\"https://www.youtube.com/watch?v=abc123\"><span class=\"video-title\">Retour à Gao</span> <span class=\"video-site\">Voir la vidéo sur YouTube</span></a></figure>"
        );
        assert_eq!(
            cleaned.problems,
            [
                (5, removed(HtmlPart::Attribute("div".into(), "class".into()))),
                (19, Problem::VideoEmbed { provider: "YouTube".into(), titled: true }),
            ]
        );
        let other = clean("<iframe src=\"https://example.org/carte\"></iframe>");
        assert_eq!(other.html, "");
        assert_eq!(other.problems, [(0, removed(HtmlPart::Whole("iframe".into())))]);
    }

    #[test]
    fn inline_tags_are_kept_one_by_one_and_closed_at_the_end() {
        assert_eq!(inline(&["<b>", "gras", "</b>"]), ("<b>gras</b>".to_string(), vec![]));
        let (html, problems) = inline(&["<span style=\"color:red\">", "rouge", "</span>", " et ", "<i>", "ouvert"]);
        assert_eq!(html, "<span>rouge</span> et <i>ouvert</i>");
        assert_eq!(
            problems,
            [
                (6, removed(HtmlPart::Attribute("span".into(), "style".into()))),
                (40, removed(HtmlPart::Unbalanced("i".into()))),
            ]
        );
        let (html, problems) = inline(&["<script>", "alert(1)", "</script>", "après", "</em>", "<!-- x -->"]);
        assert_eq!(html, "après");
        assert_eq!(
            problems.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>(),
            [
                removed(HtmlPart::Whole("script".into())),
                removed(HtmlPart::Unbalanced("em".into())),
                removed(HtmlPart::Comment)
            ]
        );
        let (html, _) =
            inline(&["<div>", "bloc", "</div>", "<br>", "<abbr title=\"Haut-Commissariat\">", "HCR", "</abbr>"]);
        assert_eq!(html, "bloc<br><abbr title=\"Haut-Commissariat\">HCR</abbr>");
    }

    #[test]
    fn an_inline_player_becomes_a_link() {
        let (html, problems) = inline(&["<iframe src=\"https://player.vimeo.com/video/42\">", "</iframe>", " suite"]);
        assert_eq!(
            html,
            "<a class=\"video-link\" href=\"https://vimeo.com/42\"><span class=\"video-title\">Voir la vidéo sur Vimeo</span></a> suite"
        );
        assert_eq!(problems, [(0, Problem::VideoEmbed { provider: "Vimeo".into(), titled: false })]);
    }
}
