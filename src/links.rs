//! Internal links in rendered HTML. Templates and content write links as site paths
//! (`/activites/x/`); here they become relative to the page that holds them, so one output
//! folder works at any address, at the domain root or under a sub-path. And the escaping of
//! text written into HTML and XML by code rather than by templates.

use memchr::memmem;

use crate::url::{self, SitePath};

/// Attributes that hold URLs.
const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "action", "poster", "srcset"];

/// Every site path in a URL attribute of `html`, made relative to the page at `from`.
pub fn relative(html: &str, from: &SitePath) -> String {
    rewrite(html, |path| url::relative(path, from.as_str()))
}

/// Every site path in a URL attribute of `html`, made absolute: for feeds, read away from the site.
pub fn absolute(html: &str, base: &crate::url::BaseUrl) -> String {
    rewrite(html, |path| format!("{}{}", base.to_string().trim_end_matches('/'), path))
}

/// Every site path in a URL attribute of `html`, put under `base` (`/` or `/cnr/`): for pages
/// such as 404 that the server shows at any address, where relative links cannot work.
pub fn rooted(html: &str, base: &str) -> String {
    rewrite(html, |path| format!("{}{}", base.trim_end_matches('/'), path))
}

/// `text` safe inside an HTML or XML element or a quoted attribute.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn rewrite(html: &str, link: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    let finder = memmem::Finder::new("=\"/");
    while let Some(at) = finder.find(rest.as_bytes()) {
        let name_start = rest[..at].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).map_or(0, |i| i + 1);
        let name = &rest[name_start..at];
        let value_start = at + 2;
        let value_end = rest[value_start..].find('"').map_or(rest.len(), |i| value_start + i);
        let value = &rest[value_start..value_end];
        out.push_str(&rest[..value_start]);
        if !URL_ATTRIBUTES.contains(&name) || value.starts_with("//") {
            out.push_str(value);
        } else if name == "srcset" {
            // `srcset="/a.webp 480w, /b.webp 960w"`: each candidate starts with a URL.
            let candidates: Vec<String> = value
                .split(',')
                .map(|candidate| {
                    let candidate = candidate.trim();
                    let (url, descriptor) = candidate.split_once(' ').unwrap_or((candidate, ""));
                    let url = if url.starts_with('/') && !url.starts_with("//") { link(url) } else { url.to_string() };
                    if descriptor.is_empty() { url } else { format!("{url} {descriptor}") }
                })
                .collect();
            out.push_str(&candidates.join(", "));
        } else {
            out.push_str(&link(value));
        }
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::Slug;

    fn page() -> SitePath {
        SitePath::root().join(&Slug::parse("activites").unwrap()).join(&Slug::parse("x").unwrap())
    }

    #[test]
    fn url_attributes_become_relative() {
        let html = r##"<a href="/">A</a><img src="/activites/p.jpg" alt="/x"><form action="/contact/"><a href="/activites/x/#plan">"##;
        assert_eq!(
            relative(html, &page()),
            r##"<a href="../../">A</a><img src="../p.jpg" alt="/x"><form action="../../contact/"><a href="#plan">"##
        );
    }

    #[test]
    fn other_attributes_and_external_links_are_kept() {
        let html = r#"<a href="https://example.org/">x</a><link href="//cdn.example.org/a.css"><meta content="/x"><a data-x="/y">"#;
        assert_eq!(relative(html, &page()), html);
    }

    #[test]
    fn srcset_candidates_each_become_relative() {
        let html = r#"<img srcset="/i/a.webp 480w, /i/b.webp 960w" src="/i/a.jpg">"#;
        assert_eq!(relative(html, &SitePath::root()), r#"<img srcset="i/a.webp 480w, i/b.webp 960w" src="i/a.jpg">"#);
    }

    #[test]
    fn rooted_links_go_under_the_base_path() {
        assert_eq!(rooted(r#"<a href="/en/">x</a>"#, "/cnr/"), r#"<a href="/cnr/en/">x</a>"#);
        assert_eq!(rooted(r#"<a href="/en/">x</a>"#, "/"), r#"<a href="/en/">x</a>"#);
    }
}
