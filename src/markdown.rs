//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough, an `id` on every
//! heading. Links and images are resolved by the caller, which knows the site's files.

use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::error::Problem;
use crate::images::Picture;
use crate::text::{Position, position};
use crate::url::{SitePath, Slug};

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
    /// their line counted from 0: what `check` follows.
    pub links: Vec<(usize, String)>,
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
pub fn render(text: &str, links: &dyn Links) -> (Rendered, Vec<(Position, Problem)>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let at = |offset: usize| position(text, offset);
    let mut events: Vec<Event> = Vec::new();
    let mut problems = Vec::new();
    let mut rendered = Rendered::default();
    // Where the heading, image or first paragraph being read started in `events`.
    let mut heading: Option<usize> = None;
    let mut image: Option<(usize, String, usize, Option<Destination>)> = None;
    let mut paragraph: Option<usize> = None;
    let mut depth = 0usize;
    let mut words = String::with_capacity(text.len());

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(events.len()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = heading.take() {
                    let anchor = set_heading_id(&mut events, start, &rendered.anchors);
                    rendered.anchors.push(anchor);
                }
            }
            Event::Start(Tag::Paragraph) if depth == 0 && rendered.first_paragraph.is_empty() => {
                paragraph = Some(events.len());
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(start) = paragraph.take() {
                    rendered.first_paragraph = plain_text(&events[start..]);
                }
            }
            Event::Text(ref text) | Event::Code(ref text) => crate::words::each_word(text, |w| {
                words.push_str(w);
                words.push('\n');
            }),
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) | Tag::Table(_)) => depth += 1,
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition | TagEnd::Table) => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
        let event = match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = match links.link(&dest_url) {
                    Ok(dest) => CowStr::from(dest),
                    Err(problem) => {
                        problems.push((at(range.start), problem));
                        dest_url
                    }
                };
                if dest_url.starts_with('#') || (dest_url.starts_with('/') && !dest_url.starts_with("//")) {
                    rendered.links.push((at(range.start).0, dest_url.to_string()));
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let resolved = links.image(&dest_url).map_err(|problem| problems.push((at(range.start), problem))).ok();
                image = Some((events.len(), dest_url.to_string(), range.start, resolved.clone()));
                let dest_url = match resolved {
                    Some(Destination::Url(url)) => CowStr::from(url),
                    Some(Destination::Picture(path, _)) => CowStr::from(path.to_string()),
                    None => dest_url,
                };
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::End(TagEnd::Image) => match image.take() {
                Some((start, target, offset, resolved)) => {
                    let alt = plain_text(&events[start..]);
                    if alt.trim().is_empty() {
                        problems.push((at(offset), Problem::MissingAlt { target }));
                    }
                    match resolved {
                        Some(Destination::Picture(path, picture)) => {
                            events.truncate(start);
                            // Images in a text come after its lead image and title: lazily loaded.
                            Event::Html(picture.html(&path, alt.trim(), true).into())
                        }
                        _ => event,
                    }
                }
                None => event,
            },
            // Raw HTML is shown as text: pages stay valid and safe whatever is pasted in.
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            other => other,
        };
        events.push(event);
    }
    html::push_html(&mut rendered.html, events.into_iter());
    rendered.words = words;
    (rendered, problems)
}

/// Gives the heading that starts at `events[start]` an `id` from its text, unless it has one
/// (`## Title {#id}`), unique among `taken`; returns it.
fn set_heading_id(events: &mut [Event], start: usize, taken: &[String]) -> String {
    let text = plain_text(&events[start..]);
    let Event::Start(Tag::Heading { id, .. }) = &mut events[start] else {
        return String::new();
    };
    if let Some(existing) = id {
        return existing.to_string();
    }
    let base = Slug::from_text(&text).map_or_else(|| "section".to_string(), |s| s.to_string());
    let mut anchor = base.clone();
    let mut n = 1;
    while taken.contains(&anchor) {
        anchor = format!("{base}-{n}");
        n += 1;
    }
    *id = Some(CowStr::from(anchor.clone()));
    anchor
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
        render(text, &Fixed)
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
        assert_eq!(out.links, [(0, "/contact/".to_string())]);
        assert_eq!(problems, [((2, 4), Problem::BrokenLink { target: "missing.md".into() })]);
    }

    #[test]
    fn images_need_alt_text() {
        let (out, problems) = render_fixed("![Une photo](photo.jpg)\n\n![](photo.jpg)\n");
        assert!(out.html.contains("src=\"/activites/photo.jpg\" alt=\"Une photo\""), "{}", out.html);
        assert_eq!(problems, [((2, 1), Problem::MissingAlt { target: "photo.jpg".into() })]);
    }

    #[test]
    fn raw_html_is_escaped() {
        let (out, _) = render_fixed("Hello <script>alert(1)</script>\n");
        assert!(out.html.contains("&lt;script&gt;"), "{}", out.html);
        assert!(!out.html.contains("<script>"));
    }

    #[test]
    fn first_paragraph_is_plain_text_outside_lists() {
        let (out, _) = render_fixed("- item\n\nThe **first** real\nparagraph.\n\nSecond.\n");
        assert_eq!(out.first_paragraph, "The first real paragraph.");
    }
}
