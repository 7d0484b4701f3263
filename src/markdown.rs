//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough, an `id` on every
//! heading. Links and images are resolved by the caller, which knows the site's files. Raw HTML
//! goes through [`crate::sanitize`]; a video alone in its paragraph becomes the block of
//! [`crate::video`].

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

use crate::error::Problem;
use crate::images::Picture;
use crate::sanitize::{self, Cleaned, Inline};
use crate::text::{LineIndex, Position};
use crate::url::{SitePath, Slug};
use crate::video::{self, Video, Words};

/// The HTML of a Markdown text and what the site needs to know about it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// The `id` of every heading, in order: the anchors other pages may link to.
    pub anchors: Vec<String>,
    /// The text of the first paragraph, without markup: a summary when none is given.
    pub first_paragraph: String,
    /// The words of the text, folded for search, one per line, in order: the search index
    /// counts each once per page.
    pub words: String,
    /// Links within the site, as written in the HTML (`/contact/#ecrire`, `#plan`), with
    /// their [`Position`]: what `check` follows.
    pub links: Vec<(Position, String)>,
}

/// Where the links and images of a text lead.
pub trait Links {
    /// The destination to write for a link: unchanged for web addresses and site paths,
    /// the site path of a content file (`../contact.md`) or of a file next to the text.
    fn link(&self, dest: &str) -> Result<String, Problem>;
    fn image(&self, dest: &str) -> Result<Destination, Problem>;
}

/// Where an image leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// An address, written as it is.
    Url(String),
    /// A photo of the site, offered in the sizes the build made of it.
    Picture(SitePath, Arc<Picture>),
}

/// Renders `text`; problems come with their [`position`] in it.
///
/// Events go from the parser to the HTML as they come: only a heading's or an image's are held
/// until its end (its text names the heading's anchor, or describes the image), so that a text
/// of any length takes memory in proportion to its size, not to the number of its parts.
pub fn render(text: &str, links: &dyn Links, words: &Words) -> (Rendered, Vec<(Position, Problem)>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let parser = TextMergeWithOffset::new(Parser::new_ext(text, options).into_offset_iter());
    let mut stream = Stream {
        parser,
        links,
        words,
        lines: LineIndex::new(text),
        block: None,
        inline: Inline::default(),
        video: None,
        ready: VecDeque::new(),
        held: Vec::new(),
        heading: None,
        images: Vec::new(),
        depth: 0,
        paragraph: None,
        anchors: Anchors::default(),
        rendered: Rendered { words: String::with_capacity(text.len() / 2), ..Rendered::default() },
        problems: Vec::new(),
    };
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    html::push_html(&mut html, &mut stream);
    let Stream { mut rendered, problems, anchors, .. } = stream;
    rendered.html = html;
    rendered.anchors = anchors.order;
    (rendered, problems)
}

/// The longest first paragraph kept for a summary, in bytes: summaries are shorter still.
const FIRST_PARAGRAPH: usize = 2000;

/// The events of a text on their way to HTML, with what the site needs to know gathered on the way.
struct Stream<'a, 'l, I> {
    parser: I,
    links: &'l dyn Links,
    words: &'l Words,
    lines: LineIndex<'a>,
    /// The block of raw HTML being read: its lines, and where each starts in the text.
    block: Option<(String, Vec<(usize, usize)>)>,
    /// The raw HTML tags of the paragraph being read.
    inline: Inline,
    /// A paragraph that may hold a video's address alone, held until it is known.
    video: Option<Vec<Event<'a>>>,
    /// Events ready for the HTML.
    ready: VecDeque<Event<'a>>,
    /// Events of a heading or an image being read, held until its end.
    held: Vec<Event<'a>>,
    /// Where the heading being read starts in `held`.
    heading: Option<usize>,
    /// The images being read (an image may hold another): where each starts in `held`, what it
    /// names, where it is in the text, and where it leads.
    images: Vec<(usize, String, usize, Option<Destination>)>,
    /// How deep in lists, quotations, notes and tables: the first paragraph is outside them.
    depth: usize,
    /// The text of the first paragraph, while it is being read.
    paragraph: Option<String>,
    anchors: Anchors,
    rendered: Rendered,
    problems: Vec<(Position, Problem)>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Stream<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Some(event);
            }
            let (event, range) = self.parser.next()?;
            if self.inline.skipping() && inside_sentence(&event) {
                continue;
            }
            if let Event::End(end) = &event
                && !is_inline(end)
            {
                let closed = self.inline.close_all();
                let html = self.told(closed, 0, &|offset| offset).html;
                if !html.is_empty() {
                    self.put(Event::InlineHtml(html.into()));
                }
            }
            self.note(&event);
            if let Some(event) = self.resolve(event, range.start) {
                for event in self.hold_video(event) {
                    self.put(event);
                }
            }
        }
    }
}

/// Whether an event is part of a sentence: dropped with the element it is in when that is a
/// `<script>` or the like.
fn inside_sentence(event: &Event) -> bool {
    match event {
        Event::Start(tag) => is_inline(&tag.to_end()),
        Event::End(end) => is_inline(end),
        Event::Html(_) | Event::InlineHtml(_) | Event::Rule => false,
        _ => true,
    }
}

/// Whether a tag is inside a sentence rather than a block of its own.
fn is_inline(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// What a paragraph held so far is: a video's address alone, maybe one, or not one.
enum Verdict {
    Video(Video, Option<String>),
    Maybe,
    No,
}

/// Whether a paragraph's events (its start first) are a video's address alone: a bare
/// address, an autolink (`<https://youtu.be/…>`) or a link whose text is the video's title.
fn video_paragraph(held: &[Event]) -> Verdict {
    match held {
        [_] => Verdict::Maybe,
        [_, Event::Text(text)] => verdict(video::recognise(text).is_some()),
        [_, Event::Text(text), Event::End(TagEnd::Paragraph)] => match video::recognise(text) {
            Some(video) => Verdict::Video(video, None),
            None => Verdict::No,
        },
        [_, Event::Start(Tag::Link { dest_url, link_type, .. }), rest @ ..] => {
            let Some(video) = video::recognise(dest_url) else { return Verdict::No };
            match rest {
                [inside @ .., Event::End(TagEnd::Link), Event::End(TagEnd::Paragraph)] => {
                    let title = plain_text(inside);
                    let named = *link_type != LinkType::Autolink && title.trim() != dest_url.trim();
                    Verdict::Video(video, named.then_some(title))
                }
                [.., Event::End(TagEnd::Link)] => Verdict::Maybe,
                _ => verdict(rest.iter().all(|e| matches!(e, Event::Text(_) | Event::Code(_)))),
            }
        }
        _ => Verdict::No,
    }
}

fn verdict(maybe: bool) -> Verdict {
    if maybe { Verdict::Maybe } else { Verdict::No }
}

impl<'a, I> Stream<'a, '_, I> {
    /// What an event tells about the text: its words, its first paragraph, how deep it is.
    fn note(&mut self, event: &Event<'a>) {
        match event {
            Event::Start(Tag::Paragraph) if self.depth == 0 && self.rendered.first_paragraph.is_empty() => {
                self.paragraph = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(text) = self.paragraph.take() {
                    self.rendered.first_paragraph = text;
                }
            }
            Event::Text(text) | Event::Code(text) => {
                let words = &mut self.rendered.words;
                crate::words::each_word(text, |w| {
                    words.push_str(w);
                    words.push('\n');
                });
                if let Some(paragraph) = self.paragraph.as_mut().filter(|p| p.len() < FIRST_PARAGRAPH) {
                    paragraph.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(paragraph) = self.paragraph.as_mut() {
                    paragraph.push(' ');
                }
            }
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) | Tag::Table(_)) => {
                self.depth += 1
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition | TagEnd::Table) => {
                self.depth = self.depth.saturating_sub(1)
            }
            _ => {}
        }
    }

    /// The event as the HTML gets it: links and images resolved, raw HTML sanitized; `None`
    /// for an event that is held or dropped.
    fn resolve(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        Some(match event {
            // An e-mail address between `<` and `>`: pulldown-cmark writes its `mailto:`.
            Event::Start(Tag::Link { link_type: LinkType::Email, .. }) => event,
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = match self.links.link(&dest_url) {
                    Ok(dest) => CowStr::from(dest),
                    Err(problem) => {
                        self.problems.push((self.lines.position(offset), problem));
                        dest_url
                    }
                };
                if dest_url.starts_with('#') || (dest_url.starts_with('/') && !dest_url.starts_with("//")) {
                    self.rendered.links.push((self.lines.position(offset), dest_url.to_string()));
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let resolved = self.links.image(&dest_url);
                let resolved =
                    resolved.map_err(|problem| self.problems.push((self.lines.position(offset), problem))).ok();
                // Where the image will start among the held events: after those of a paragraph
                // still held as a possible video, which go on first.
                let start = self.held.len() + self.video.as_ref().map_or(0, Vec::len);
                self.images.push((start, dest_url.to_string(), offset, resolved.clone()));
                let dest_url = match resolved {
                    Some(Destination::Url(url)) => CowStr::from(url),
                    Some(Destination::Picture(path, _)) => CowStr::from(path.to_string()),
                    None => dest_url,
                };
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::Start(Tag::HtmlBlock) => {
                self.block = Some((String::new(), Vec::new()));
                return None;
            }
            Event::Html(raw) => {
                let (text, starts) = self.block.get_or_insert_with(Default::default);
                starts.push((text.len(), offset));
                text.push_str(&raw);
                return None;
            }
            Event::End(TagEnd::HtmlBlock) => {
                let (text, starts) = self.block.take().unwrap_or_default();
                let cleaned = sanitize::block(&text, &mut resolver(self.links), self.words);
                let source = |at: usize| {
                    let (start, source) = starts[starts.partition_point(|(s, _)| *s <= at).max(1) - 1];
                    source + at - start
                };
                let html = self.told(cleaned, 0, &source).html;
                if html.trim().is_empty() {
                    return None;
                }
                Event::Html(html.into())
            }
            Event::InlineHtml(raw) => {
                let cleaned = self.inline.tag(&raw, offset, &mut resolver(self.links), self.words);
                let html = self.told(cleaned, 0, &|at| at).html;
                if html.is_empty() {
                    return None;
                }
                Event::InlineHtml(html.into())
            }
            other => other,
        })
    }

    /// Keeps the problems and links raw HTML gave, each at its place in the text: `offset`,
    /// plus where it is in the raw HTML as `source` tells it. Returns the HTML.
    fn told(&mut self, cleaned: Cleaned, offset: usize, source: &dyn Fn(usize) -> usize) -> Cleaned {
        for (at, problem) in &cleaned.problems {
            self.problems.push((self.lines.position(offset + source(*at)), problem.clone()));
        }
        for (at, target) in &cleaned.links {
            self.rendered.links.push((self.lines.position(offset + source(*at)), target.clone()));
        }
        Cleaned { html: cleaned.html, ..Cleaned::default() }
    }

    /// The events to pass on now: a paragraph that may be a video's address alone is held until
    /// it is known, then becomes the video's block, or goes on as it was.
    fn hold_video(&mut self, event: Event<'a>) -> Vec<Event<'a>> {
        let Some(mut held) = self.video.take() else {
            if matches!(event, Event::Start(Tag::Paragraph)) && self.heading.is_none() && self.images.is_empty() {
                self.video = Some(vec![event]);
                return Vec::new();
            }
            return vec![event];
        };
        held.push(event);
        match video_paragraph(&held) {
            Verdict::Maybe => {
                self.video = Some(held);
                Vec::new()
            }
            Verdict::No => held,
            Verdict::Video(video, title) => {
                // An address is no summary: the next paragraph is the first.
                if self.rendered.first_paragraph == plain_text(&held) {
                    self.rendered.first_paragraph.clear();
                }
                vec![Event::Html(video.block(title.as_deref(), self.words).into())]
            }
        }
    }

    /// Passes an event on, or holds it while a heading or an image is being read.
    fn put(&mut self, event: Event<'a>) {
        match event {
            Event::Start(Tag::Heading { .. }) => self.heading = Some(self.held.len()),
            Event::End(TagEnd::Image) => {
                if let Some(event) = self.end_image(event) {
                    self.held.push(event);
                }
                return self.release();
            }
            _ => {}
        }
        let end_of_heading = matches!(event, Event::End(TagEnd::Heading(_)));
        if self.heading.is_some() || !self.images.is_empty() {
            self.held.push(event);
        } else {
            self.ready.push_back(event);
        }
        if end_of_heading && let Some(start) = self.heading.take() {
            let anchor = self.anchors.set(&mut self.held, start);
            self.anchors.order.push(anchor);
            self.release();
        }
    }

    /// The end of an image: its description checked, a photo of the site offered in its sizes.
    fn end_image(&mut self, end: Event<'a>) -> Option<Event<'a>> {
        let Some((start, target, offset, resolved)) = self.images.pop() else { return Some(end) };
        let alt = plain_text(&self.held[start..]);
        if alt.trim().is_empty() {
            self.problems.push((self.lines.position(offset), Problem::MissingAlt { target }));
        }
        match resolved {
            Some(Destination::Picture(path, picture)) => {
                self.held.truncate(start);
                // Images in a text come after its lead image and title: lazily loaded.
                Some(Event::Html(picture.html(&path, alt.trim(), true).into()))
            }
            _ => Some(end),
        }
    }

    /// Once no heading or image is being read, what was held goes on.
    fn release(&mut self) {
        if self.heading.is_none() && self.images.is_empty() {
            self.ready.extend(self.held.drain(..));
        }
    }
}

/// Resolves the URLs of raw HTML as those of Markdown: a photo of the site is given at its
/// largest made size.
fn resolver<'r>(links: &'r dyn Links) -> impl FnMut(sanitize::Url<'_>) -> Result<String, Problem> + 'r {
    move |url| match url {
        sanitize::Url::Link(dest) => links.link(dest),
        sanitize::Url::Image(dest) => links.image(dest).map(|destination| match destination {
            Destination::Url(url) => url,
            Destination::Picture(path, picture) => picture.largest(&path).0.to_string(),
        }),
    }
}

/// The anchors of a text's headings, each unique: `plan`, `plan-1`, `plan-2`…
#[derive(Default)]
struct Anchors {
    order: Vec<String>,
    taken: HashSet<String>,
    /// The next number to try after each base that was taken: finding a free anchor never
    /// tries again the numbers already given.
    next: HashMap<String, usize>,
}

impl Anchors {
    /// Gives the heading that starts at `events[start]` an `id` from its text, unless it has
    /// one (`## Title {#id}`); returns it.
    fn set(&mut self, events: &mut [Event], start: usize) -> String {
        let text = plain_text(&events[start..]);
        let Some(Event::Start(Tag::Heading { id, .. })) = events.get_mut(start) else {
            return String::new();
        };
        if let Some(existing) = id {
            self.taken.insert(existing.to_string());
            return existing.to_string();
        }
        let base = Slug::from_text(&text).map_or_else(|| "section".to_string(), |s| s.to_string());
        let mut anchor = base.clone();
        if self.taken.contains(&anchor) {
            let n = self.next.entry(base.clone()).or_insert(1);
            loop {
                anchor = format!("{base}-{n}");
                *n += 1;
                if !self.taken.contains(&anchor) {
                    break;
                }
            }
        }
        self.taken.insert(anchor.clone());
        *id = Some(CowStr::from(anchor.clone()));
        anchor
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::HtmlPart;

    struct Fixed;

    impl Links for Fixed {
        fn link(&self, dest: &str) -> Result<String, Problem> {
            match dest {
                "../contact.md" => Ok("/contact/".to_string()),
                "missing.md" => Err(Problem::BrokenLink { target: dest.to_string() }),
                other => Ok(other.to_string()),
            }
        }

        fn image(&self, dest: &str) -> Result<Destination, Problem> {
            if dest == "photo.jpg" {
                Ok(Destination::Url("/activites/photo.jpg".into()))
            } else {
                Err(Problem::MissingImage { target: dest.into() })
            }
        }
    }

    fn render_fixed(text: &str) -> (Rendered, Vec<(Position, Problem)>) {
        render(text, &Fixed, &Words { watch: "Voir la vidéo sur {provider}".into() })
    }

    #[test]
    fn headings_get_unique_ids_from_their_text() {
        let (out, problems) =
            render_fixed("## Réintégration durable\n\n## Réintégration durable\n\n## Suite {#next}\n");
        assert!(problems.is_empty());
        assert_eq!(out.anchors, ["reintegration-durable", "reintegration-durable-1", "next"]);
        assert!(out.html.contains("<h2 id=\"reintegration-durable\">Réintégration durable</h2>"), "{}", out.html);
    }

    #[test]
    fn tables_footnotes_and_strikethrough() {
        let (out, _) = render_fixed("| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1] ~~old~~\n\n[^1]: Source.\n");
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("<del>old</del>"));
        assert!(out.html.contains("footnote-definition"));
    }

    #[test]
    fn links_are_resolved_and_broken_ones_reported_with_their_line() {
        let (out, problems) = render_fixed("Voir [contact](../contact.md).\n\nEt [ceci](missing.md).\n");
        assert!(out.html.contains("href=\"/contact/\""));
        assert_eq!(out.links, [((0, 6), "/contact/".to_string())]);
        assert_eq!(problems, [((2, 4), Problem::BrokenLink { target: "missing.md".into() })]);
    }

    #[test]
    fn images_need_alt_text() {
        let (out, problems) = render_fixed("![Une photo](photo.jpg)\n\n![](photo.jpg)\n");
        assert!(out.html.contains("src=\"/activites/photo.jpg\" alt=\"Une photo\""), "{}", out.html);
        assert_eq!(problems, [((2, 1), Problem::MissingAlt { target: "photo.jpg".into() })]);
    }

    #[test]
    fn raw_html_is_sanitized_and_each_change_told_at_its_place() {
        let text = "Hello <script>alert(1)</script> <b>a</b> <span style=\"color:red\">rouge</span>\n\n<table>\n<tr><td onclick=\"x()\">1</td></tr>\n</table>\n\n<!-- note -->\n\nFin <i>ouvert\n";
        let (out, problems) = render_fixed(text);
        assert_eq!(
            out.html,
            "<p>Hello  <b>a</b> <span>rouge</span></p>\n<table>\n<tbody><tr><td>1</td></tr>\n</tbody></table>\n<p>Fin <i>ouvert</i></p>\n"
        );
        let removed = |part| Problem::HtmlRemoved(part);
        assert_eq!(
            problems,
            [
                ((0, 7), removed(HtmlPart::Whole("script".into()))),
                ((0, 48), removed(HtmlPart::Attribute("span".into(), "style".into()))),
                ((3, 9), removed(HtmlPart::Attribute("td".into(), "onclick".into()))),
                ((6, 1), removed(HtmlPart::Comment)),
                ((8, 5), removed(HtmlPart::Unbalanced("i".into()))),
            ]
        );
    }

    #[test]
    fn e_mail_addresses_are_links() {
        let (out, problems) = render_fixed("Écrivez à <nom@example.org> ou [ici](mailto:nom@example.org).\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert!(out.html.contains("<a href=\"mailto:nom@example.org\">nom@example.org</a>"), "{}", out.html);
        assert!(out.html.contains("<a href=\"mailto:nom@example.org\">ici</a>"), "{}", out.html);
    }

    #[test]
    fn a_video_alone_in_its_paragraph_becomes_its_block() {
        let text = "https://youtu.be/abc\n\n<https://vimeo.com/42>\n\n[Le retour à Gao](https://www.dailymotion.com/video/x8ab)\n\nVoir https://youtu.be/abc ici.\n";
        let (out, problems) = render_fixed(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(out.html.matches("<figure class=\"video\"").count(), 3, "{}", out.html);
        assert!(out.html.contains("<span class=\"video-title\">Voir la vidéo sur Vimeo</span>"), "{}", out.html);
        assert!(out.html.contains("<span class=\"video-title\">Le retour à Gao</span>"), "{}", out.html);
        assert!(out.html.contains("<p>Voir https://youtu.be/abc ici.</p>"), "{}", out.html);
        assert_eq!(out.first_paragraph, "Voir https://youtu.be/abc ici.");
    }

    #[test]
    fn first_paragraph_is_plain_text_outside_lists() {
        let (out, _) = render_fixed("- item\n\nThe **first** real\nparagraph.\n\nSecond.\n");
        assert_eq!(out.first_paragraph, "The first real paragraph.");
    }
}
