//! The one pass over the HTML of a page once its template is rendered: French typography on the
//! text, the site paths of URL attributes made relative (or rooted, or absolute), the page's
//! `id`s collected for link checks, and, for the preview, a banner and a script put in the body.
//! One tokenizer reads the page once and does in that reading whatever the caller asked for.
//!
//! Hand-written, not a crate: lol_html, the well-kept streaming rewriter, did the same work
//! three times slower (on the 2,000-page benchmark output, one core: 165 ms for its tokenizer
//! alone against 60 ms for typography and links together here), which would have made every
//! build a quarter slower. What it reads is the build's own HTML: well-formed, text escaped by
//! tera and pulldown-cmark, raw HTML from content sanitized first. It still reads quoted
//! attribute values, comments and raw-text elements (`script`, `style`) as browsers do.

use std::ops::Range;

use crate::text::{escape_into, unescape};
use crate::typography::{French, Rules, needs_pass};
use crate::url::{self, BaseUrl, SitePath};

/// Where the site paths of URL attributes (`href="/activites/x/"`) lead in the output.
#[derive(Debug, Clone, Copy)]
pub enum Links<'a> {
    /// As they are.
    Keep,
    /// Relative to the page at this path, so that the output works at any address.
    Relative(&'a SitePath),
    /// Under the base URL's path (`/` or `/cnr/`): for the 404 page, shown at any address.
    Rooted(&'a str),
    /// Absolute: for feeds, read away from the site.
    Absolute(&'a BaseUrl),
}

/// What the pass does.
#[derive(Debug, Clone, Copy)]
pub struct Pass<'a> {
    pub typography: Rules,
    pub links: Links<'a>,
    /// Whether to collect the values of `id` attributes.
    pub ids: bool,
    /// HTML to put right after the `<body>` tag, and right before `</body>`.
    pub body: Option<(&'a str, &'a str)>,
}

/// The page after the pass, and its `id`s when asked for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rewritten {
    pub html: String,
    pub ids: Vec<String>,
}

/// Attributes that hold URLs.
const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "action", "poster", "srcset"];

/// Elements whose text is never set: code, keys, a program's output, and what is not text.
const VERBATIM: [&str; 7] = ["code", "pre", "kbd", "samp", "script", "style", "textarea"];

/// Elements that start or end a block of text: a quotation never runs across them.
const BLOCKS: [&str; 24] = [
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "dt",
    "dd",
    "div",
    "section",
    "header",
    "footer",
    "nav",
    "blockquote",
    "figcaption",
    "caption",
    "title",
    "br",
    "ul",
    "ol",
];

impl Pass<'_> {
    /// A pass that changes nothing: add what it should do.
    pub fn keep() -> Pass<'static> {
        Pass { typography: Rules::None, links: Links::Keep, ids: false, body: None }
    }

    pub fn run(&self, html: &str) -> Rewritten {
        let mut reading = Reading {
            pass: self,
            out: String::with_capacity(html.len() + html.len() / 16),
            ids: Vec::new(),
            french: French::default(),
            verbatim: None,
            in_title: false,
            body_closed: false,
            set: String::new(),
            endings: Vec::new(),
            attributes: Vec::new(),
        };
        let mut rest = html;
        while !rest.is_empty() {
            let lt = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
            reading.text(&rest[..lt]);
            rest = &rest[lt..];
            if rest.is_empty() {
                break;
            }
            rest = reading.markup(rest);
        }
        if let Some((_, end)) = self.body.filter(|_| !reading.body_closed) {
            reading.out.push_str(end);
        }
        Rewritten { html: reading.out, ids: reading.ids }
    }
}

/// The state of one pass over a page.
struct Reading<'p> {
    pass: &'p Pass<'p>,
    out: String,
    ids: Vec<String>,
    french: French,
    /// The element whose text is copied as it is, while in one.
    verbatim: Option<String>,
    in_title: bool,
    body_closed: bool,
    /// A text node once set, and where ordinals' endings are in it: reused for each.
    set: String,
    endings: Vec<Range<usize>>,
    /// The attributes of the tag being read: reused for each.
    attributes: Vec<Attribute>,
}

impl Reading<'_> {
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.verbatim.is_some() || self.pass.typography == Rules::None {
            self.out.push_str(text);
        } else if !needs_pass(text) {
            // Most text between tags: words, spaces, line breaks. Copied as it is.
            self.out.push_str(text);
            self.french.follows(text);
        } else {
            self.set.clear();
            self.endings.clear();
            let raw = unescape(text);
            // Without escapes in it, the text needs none once set: the pass adds no `&<>`.
            let escaped = matches!(raw, std::borrow::Cow::Owned(_)) || text.contains('>');
            self.french.text(&raw, &mut self.set, &mut self.endings);
            let out = &mut self.out;
            let put = |piece: &str, out: &mut String| {
                if escaped { escape_into(piece, out, false) } else { out.push_str(piece) }
            };
            let mut at = 0;
            for ending in self.endings.iter().filter(|_| !self.in_title) {
                put(&self.set[at..ending.start], out);
                out.push_str("<sup>");
                put(&self.set[ending.clone()], out);
                out.push_str("</sup>");
                at = ending.end;
            }
            put(&self.set[at..], out);
        }
    }

    /// Reads the markup that starts `rest` (a tag, a comment, a doctype) and returns what follows.
    fn markup<'h>(&mut self, rest: &'h str) -> &'h str {
        let bytes = rest.as_bytes();
        let is_tag = bytes.get(1).is_some_and(|&b| b.is_ascii_alphabetic() || b == b'/');
        if !is_tag {
            let end = if rest.starts_with("<!--") {
                rest.find("-->").map_or(rest.len(), |i| i + 3)
            } else {
                rest.find('>').map_or(rest.len(), |i| i + 1)
            };
            self.out.push_str(&rest[..end]);
            return &rest[end..];
        }
        let tag = Tag::read(rest, &mut self.attributes);
        let name = tag.name.to_ascii_lowercase();
        if tag.closing && name == "body" {
            self.out.push_str(self.pass.body.map_or("", |(_, end)| end));
            self.body_closed = true;
        }
        self.tag(&tag);
        let after = &rest[tag.raw.len()..];
        if !tag.closing
            && name == "body"
            && let Some((start, _)) = self.pass.body
        {
            self.out.push_str(start);
        }
        self.follow(&name, tag.closing);
        // The text of `script` and `style` is not HTML: it ends at their closing tag only.
        if !tag.closing && (name == "script" || name == "style") {
            let end = find_closing(after, &name);
            self.out.push_str(&after[..end]);
            return &after[end..];
        }
        after
    }

    /// Writes a tag, its URL attributes rewritten, and keeps its `id`.
    fn tag(&mut self, tag: &Tag) {
        let mut copied = 0;
        let attributes = std::mem::take(&mut self.attributes);
        for attribute in &attributes {
            let Some(value) = attribute.value.clone() else { continue };
            let name = &tag.raw[attribute.name.clone()];
            let text = &tag.raw[value.clone()];
            if self.pass.ids && name.eq_ignore_ascii_case("id") {
                self.ids.push(text.to_string());
            }
            if matches!(self.pass.links, Links::Keep) || !URL_ATTRIBUTES.iter().any(|a| name.eq_ignore_ascii_case(a)) {
                continue;
            }
            let rewritten = if name.eq_ignore_ascii_case("srcset") {
                // `srcset="/a.webp 480w, /b.webp 960w"`: each candidate starts with a URL.
                let candidates: Vec<String> = text
                    .split(',')
                    .map(|candidate| {
                        let candidate = candidate.trim();
                        let (url, descriptor) = candidate.split_once(' ').unwrap_or((candidate, ""));
                        let url = self.link(url).unwrap_or_else(|| url.to_string());
                        if descriptor.is_empty() { url } else { format!("{url} {descriptor}") }
                    })
                    .collect();
                Some(candidates.join(", "))
            } else {
                self.link(text)
            };
            if let Some(rewritten) = rewritten {
                self.out.push_str(&tag.raw[copied..value.start]);
                self.out.push_str(&rewritten);
                copied = value.end;
            }
        }
        self.out.push_str(&tag.raw[copied..]);
        self.attributes = attributes;
    }

    /// Where a site path leads, if it is one.
    fn link(&self, value: &str) -> Option<String> {
        if !value.starts_with('/') || value.starts_with("//") {
            return None;
        }
        Some(match self.pass.links {
            Links::Keep => return None,
            Links::Relative(from) => url::relative(value, from.as_str()),
            Links::Rooted(base) => format!("{}{value}", base.trim_end_matches('/')),
            Links::Absolute(base) => format!("{}{value}", base.to_string().trim_end_matches('/')),
        })
    }

    /// What a tag changes for the text after it.
    fn follow(&mut self, name: &str, closing: bool) {
        match &self.verbatim {
            Some(open) if closing && open == name => self.verbatim = None,
            Some(_) => {}
            None if !closing && VERBATIM.contains(&name) => self.verbatim = Some(name.to_string()),
            None => {}
        }
        if name == "title" {
            self.in_title = !closing;
        }
        if name == "a" {
            self.french.link(!closing);
        }
        if BLOCKS.contains(&name) {
            self.french.reset();
        }
    }
}

/// A tag as written, with where its name and each attribute's name and value are in it.
struct Tag<'h> {
    raw: &'h str,
    name: &'h str,
    closing: bool,
}

struct Attribute {
    name: Range<usize>,
    /// Without its quotes.
    value: Option<Range<usize>>,
}

impl<'h> Tag<'h> {
    /// Reads the tag that starts `text` (`<a href="…">` or `</a>`), up to its `>`, which may
    /// not be one inside a quoted value; its attributes go to `attributes`.
    fn read(text: &'h str, attributes: &mut Vec<Attribute>) -> Tag<'h> {
        let bytes = text.as_bytes();
        let closing = bytes.get(1) == Some(&b'/');
        let mut i = if closing { 2 } else { 1 };
        let name_start = i;
        i += until(&bytes[i..], |b| b.is_ascii_whitespace() || b == b'/' || b == b'>');
        let name = &text[name_start..i];
        attributes.clear();
        loop {
            i += until(&bytes[i..], |b| !(b.is_ascii_whitespace() || b == b'/'));
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let start = i;
            i += until(&bytes[i..], |b| b.is_ascii_whitespace() || b == b'=' || b == b'>' || b == b'/').max(1);
            let name = start..i;
            i += until(&bytes[i..], |b| !b.is_ascii_whitespace());
            let mut value = None;
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                i += until(&bytes[i..], |b| !b.is_ascii_whitespace());
                match bytes.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = i + 1 + until(&bytes[i + 1..], |b| b == quote);
                        value = Some(i + 1..end);
                        i = (end + 1).min(bytes.len());
                    }
                    _ => {
                        let end = i + until(&bytes[i..], |b| b.is_ascii_whitespace() || b == b'>');
                        value = Some(i..end);
                        i = end;
                    }
                }
            }
            attributes.push(Attribute { name, value });
        }
        let end = (i + 1).min(bytes.len());
        Tag { raw: &text[..end], name, closing }
    }
}

/// How many bytes come before the first that `stop` accepts (all of them if none does).
fn until(bytes: &[u8], stop: impl Fn(u8) -> bool) -> usize {
    bytes.iter().position(|&b| stop(b)).unwrap_or(bytes.len())
}

/// Where `</name` starts in `text`, whatever its case; the end of `text` if nowhere.
fn find_closing(text: &str, name: &str) -> usize {
    let mut from = 0;
    while let Some(at) = text[from..].find("</") {
        let start = from + at;
        let candidate = text.get(start + 2..start + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
            return start;
        }
        from = start + 2;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::Slug;

    const NNBSP: char = '\u{202F}';
    const NBSP: char = '\u{A0}';

    fn page() -> SitePath {
        SitePath::root().join(&Slug::parse("activites").unwrap()).join(&Slug::parse("x").unwrap())
    }

    fn links(html: &str, links: Links) -> String {
        Pass { links, ..Pass::keep() }.run(html).html
    }

    fn french(html: &str) -> String {
        Pass { typography: Rules::French, ..Pass::keep() }.run(html).html.replace(NNBSP, "_").replace(NBSP, "~")
    }

    #[test]
    fn url_attributes_become_relative() {
        let html = r##"<a href="/">A</a><img src="/activites/p.jpg" alt="/x"><form action="/contact/"><a href="/activites/x/#plan">"##;
        assert_eq!(
            links(html, Links::Relative(&page())),
            r##"<a href="../../">A</a><img src="../p.jpg" alt="/x"><form action="../../contact/"><a href="#plan">"##
        );
    }

    #[test]
    fn other_attributes_and_external_links_are_kept() {
        let html = r#"<a href="https://example.org/">x</a><link href="//cdn.example.org/a.css"><meta content="/x"><a data-x="/y"><p>href="/z"</p>"#;
        assert_eq!(links(html, Links::Relative(&page())), html);
    }

    #[test]
    fn quoted_values_may_hold_a_closing_bracket() {
        let html = r#"<a title="a > b" href='/contact/'>x</a>"#;
        assert_eq!(links(html, Links::Rooted("/cnr/")), r#"<a title="a > b" href='/cnr/contact/'>x</a>"#);
    }

    #[test]
    fn srcset_candidates_each_become_relative() {
        let html = r#"<img srcset="/i/a.webp 480w, /i/b.webp 960w" src="/i/a.jpg">"#;
        assert_eq!(
            links(html, Links::Relative(&SitePath::root())),
            r#"<img srcset="i/a.webp 480w, i/b.webp 960w" src="i/a.jpg">"#
        );
    }

    #[test]
    fn rooted_and_absolute_links() {
        assert_eq!(links(r#"<a href="/en/">x</a>"#, Links::Rooted("/cnr/")), r#"<a href="/cnr/en/">x</a>"#);
        assert_eq!(links(r#"<a href="/en/">x</a>"#, Links::Rooted("/")), r#"<a href="/en/">x</a>"#);
        let base = BaseUrl::parse("https://example.org/cnr").unwrap();
        assert_eq!(
            links(r#"<img src="/a.jpg">"#, Links::Absolute(&base)),
            r#"<img src="https://example.org/cnr/a.jpg">"#
        );
    }

    #[test]
    fn ids_are_collected_from_attributes_only() {
        let pass = Pass { ids: true, ..Pass::keep() };
        let found =
            pass.run(r#"<h2 id="plan">Plan</h2><p>id="no"</p><section class="x" ID='ecrire'><!-- <a id="c"> -->"#);
        assert_eq!(found.ids, ["plan", "ecrire"]);
    }

    #[test]
    fn the_body_gets_a_banner_and_a_script() {
        let pass = Pass { body: Some(("<b>!</b>", "<script>x</script>")), ..Pass::keep() };
        assert_eq!(
            pass.run("<html><body class=\"a\"><p>x</p></body></html>").html,
            "<html><body class=\"a\"><b>!</b><p>x</p><script>x</script></body></html>"
        );
        assert_eq!(pass.run("<p>x</p>").html, "<p>x</p><script>x</script>");
    }

    #[test]
    fn french_typography_on_text_only() {
        let page = "<html><head><title>Le 1er \"plan\" : 2026</title></head><body><p class=\"a:b\" title=\"x ; y\">Voir l&#39;accord : <a href=\"https://x.org/?a=1\">ici</a> !</p><pre>a : b</pre><code>1er</code><p>Le 1er mai</p></body></html>";
        assert_eq!(
            french(page),
            "<html><head><title>Le 1er «_plan_»~: 2026</title></head><body><p class=\"a:b\" title=\"x ; y\">Voir l’accord~: <a href=\"https://x.org/?a=1\">ici</a>_!</p><pre>a : b</pre><code>1er</code><p>Le 1<sup>er</sup> mai</p></body></html>"
        );
        assert_eq!(french("<p>a &amp; b &lt;c&gt;</p>"), "<p>a &amp; b &lt;c&gt;</p>");
    }

    #[test]
    fn scripts_and_comments_are_copied_as_they_are() {
        let html = "<script>if (a < b && c > \"d\") x = '1er : 2';</script><style>p:hover{}</style><!-- \"a\" : b --><p>a : b</p>";
        assert_eq!(
            french(html),
            "<script>if (a < b && c > \"d\") x = '1er : 2';</script><style>p:hover{}</style><!-- \"a\" : b --><p>a~: b</p>"
        );
    }
}
