//! The redirect files: every old address of `aliases:` and the page it leads to, in the forms
//! servers read, so that a server able to do so answers an old address with a real redirect
//! (301) rather than the small page written there:
//!
//! - `/_redirects`, where Netlify and Cloudflare Pages read it (neither serves it);
//! - `/.redirects/nginx.conf`, a `map` for nginx's `http` block, with the one line the site's
//!   `server` block needs written at its top;
//! - `/.redirects/apache.conf`, for Apache's `Include` or the site's `.htaccess`.
//!
//! The server files sit in a folder of their own: nothing reads them unless a server's
//! configuration names them, and they hold only public addresses. They are written at every
//! build, empty when there is no old address, so that a configuration that includes them keeps
//! working when the last alias goes. Every path is under the site's base path (`/cnr/…`).

use std::fmt::Write as _;

use super::jobs::Made;
use crate::model::{Alias, AliasOf, Site};
use crate::text::percent_encode_path;
use crate::url::SitePath;

/// Netlify's and Cloudflare Pages' file, where they look for it.
pub const NETLIFY: &str = "/_redirects";
/// nginx's `map`.
pub const NGINX: &str = "/.redirects/nginx.conf";
/// Apache's directives.
pub const APACHE: &str = "/.redirects/apache.conf";

/// The variable nginx's `map` sets to where an old address leads.
const NGINX_VARIABLE: &str = "$cnr_redirect";

/// An old address as servers see it: its paths (a folder with and without its last `/`), the
/// query that must follow them, and where it leads.
struct Redirect {
    paths: Vec<String>,
    query: Option<String>,
    to: String,
}

/// Every old address as servers see it, sorted.
fn redirects(site: &Site) -> Vec<Redirect> {
    let base = site.config.base_url.path();
    let target = |alias: &Alias| -> &SitePath {
        match alias.to {
            AliasOf::Page(id) => &site.pages[id].path,
            AliasOf::Section(id) => &site.sections[id].path,
        }
    };
    let mut redirects: Vec<Redirect> = site
        .aliases
        .iter()
        .map(|alias| Redirect {
            paths: alias.from.server_paths(base),
            query: alias.from.query().map(str::to_string),
            to: format!("{}{}", base.trim_end_matches('/'), target(alias)),
        })
        .collect();
    redirects.sort_by(|a, b| (&a.paths, &a.query).cmp(&(&b.paths, &b.query)));
    redirects
}

/// The three redirect files of the site.
pub(super) fn files(site: &Site) -> Vec<Made> {
    let redirects = redirects(site);
    let path = |at: &str| SitePath::from_link(at).expect("the redirect files' paths are paths of the site");
    vec![
        Made::new(path(NETLIFY), None, netlify(&redirects)),
        Made::new(path(NGINX), None, nginx(&redirects)),
        Made::new(path(APACHE), None, apache(&redirects)),
    ]
}

const HEADER: &str = "# The old addresses of the site (aliases: in the pages' front-matter) and where each leads.\n\
                      # Written by cnr-site build: change the pages, not this file.\n";

/// `/_redirects`: one rule a line, the path percent-encoded, a query as its parameters
/// (`id=42`), which Netlify matches and Cloudflare Pages, which cannot, leaves aside.
fn netlify(redirects: &[Redirect]) -> String {
    let mut text =
        format!("{HEADER}# Read by Netlify and Cloudflare Pages (which leaves aside the lines with a query).\n");
    for redirect in redirects {
        let query = redirect.query.as_deref().map(|q| format!(" {}", q.replace('&', " "))).unwrap_or_default();
        for path in &redirect.paths {
            let (from, to) = (percent_encode_path(path), percent_encode_path(&redirect.to));
            let _ = writeln!(text, "{from}{query} {to} 301");
        }
    }
    text
}

/// A string in nginx's configuration, between double quotes.
fn nginx_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// nginx: a `map` of the paths as nginx decodes them (`$uri`), whose default is a second `map`
/// of the paths followed by their query (`$uri?$args`).
fn nginx(redirects: &[Redirect]) -> String {
    let mut text = format!(
        "{HEADER}# In nginx's http {{ }} block:       include /path/to/the/site/.redirects/nginx.conf;\n\
         # In the site's server {{ }} block:  if ({NGINX_VARIABLE}) {{ return 301 {NGINX_VARIABLE}; }}\n\
         map \"$uri?$args\" {NGINX_VARIABLE}_query {{\n    default \"\";\n"
    );
    let (with_query, plain): (Vec<&Redirect>, Vec<&Redirect>) = redirects.iter().partition(|r| r.query.is_some());
    for redirect in with_query {
        for path in &redirect.paths {
            let key = format!("{path}?{}", redirect.query.as_deref().unwrap_or_default());
            let _ = writeln!(text, "    {} {};", nginx_string(&key), nginx_string(&redirect.to));
        }
    }
    let _ = write!(text, "}}\nmap $uri {NGINX_VARIABLE} {{\n    default {NGINX_VARIABLE}_query;\n");
    for redirect in plain {
        for path in &redirect.paths {
            let _ = writeln!(text, "    {} {};", nginx_string(path), nginx_string(&redirect.to));
        }
    }
    text.push_str("}\n");
    text
}

/// `text` matched as it is by a regular expression of Apache (PCRE). Hand-written: Apache's
/// regular expressions need this one escape, and no crate of the build has it.
fn regex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Apache: `RedirectMatch` (mod_alias, always there) for the paths, matched whole, a folder
/// with or without its last `/`; mod_rewrite, when Apache has it, for the addresses with a
/// query. Both read the full path from the domain's root, so that the same lines work in the
/// server's configuration and in the site's `.htaccess`.
fn apache(redirects: &[Redirect]) -> String {
    let mut text = format!(
        "{HEADER}# In the site's <VirtualHost> or <Directory>:  Include /path/to/the/site/.redirects/apache.conf\n\
         # or copied into the .htaccess file at the site's root (it needs AllowOverride FileInfo).\n"
    );
    let (with_query, plain): (Vec<&Redirect>, Vec<&Redirect>) = redirects.iter().partition(|r| r.query.is_some());
    for redirect in plain {
        let pattern = match redirect.paths.as_slice() {
            [bare, _folder] => format!("^{}/?$", regex_escape(bare)),
            paths => format!("^{}$", regex_escape(paths.first().map_or("/", String::as_str))),
        };
        let _ = writeln!(text, "RedirectMatch 301 \"{pattern}\" \"{}\"", redirect.to);
    }
    if !with_query.is_empty() {
        text.push_str("<IfModule mod_rewrite.c>\nRewriteEngine On\n");
        for redirect in with_query {
            for path in &redirect.paths {
                let query = redirect.query.as_deref().unwrap_or_default();
                let _ = writeln!(
                    text,
                    "RewriteCond %{{REQUEST_URI}} \"={path}\"\nRewriteCond %{{QUERY_STRING}} \"={query}\"\nRewriteRule ^ \"{}\" [R=301,L,QSD]",
                    redirect.to
                );
            }
        }
        text.push_str("</IfModule>\n");
    }
    text
}
