//! Videos of other sites (YouTube, Vimeo, Dailymotion, Facebook) in a text, shown as a light
//! block that makes no request to the other site until the visitor asks: a link to the video
//! with its title, which the theme's `video.js` turns into the site's player on a click. Without
//! JavaScript the link opens the video on its site.
//!
//! What is recognised: the address of a video's page or of its player, as an `<iframe src>`
//! pasted from the site's « Embed » button, or as a link alone in its paragraph (a bare address,
//! `<https://youtu.be/…>` or `[title](https://youtu.be/…)`). The words shown come from the
//! theme's strings ([`Words`]); the classes, from its stylesheet and script.

use url::Url;

use crate::text::{escape, percent_encode};

/// The sites whose videos are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    YouTube,
    Vimeo,
    Dailymotion,
    Facebook,
}

impl Provider {
    /// The site's name, as people write it.
    pub fn name(self) -> &'static str {
        match self {
            Provider::YouTube => "YouTube",
            Provider::Vimeo => "Vimeo",
            Provider::Dailymotion => "Dailymotion",
            Provider::Facebook => "Facebook",
        }
    }
}

/// A video of another site: where to watch it there, and its player, loaded on a click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Video {
    pub provider: Provider,
    /// The video's page on its site.
    pub watch: String,
    /// The player, for an `<iframe>`; the most private the site offers (YouTube's `nocookie`).
    pub embed: String,
}

/// The words of a video's block in a page's language, from the theme's strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Words {
    /// « Voir la vidéo sur {provider} »: what the link says, after the video's title.
    pub watch: String,
}

impl Default for Words {
    fn default() -> Self {
        Words { watch: "{provider}".to_string() }
    }
}

impl Words {
    fn watch(&self, provider: Provider) -> String {
        self.watch.replace("{provider}", provider.name())
    }
}

/// The video an address leads to, if it is one of a known site: a page, a short link or a player.
pub fn recognise(address: &str) -> Option<Video> {
    let address = address.trim();
    let address = if address.starts_with("//") { format!("https:{address}") } else { address.to_string() };
    let url = Url::parse(&address).ok().filter(|u| matches!(u.scheme(), "http" | "https"))?;
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").or_else(|| host.strip_prefix("m.")).unwrap_or(&host);
    let segments: Vec<&str> = url.path_segments().map_or_else(Vec::new, |s| s.filter(|s| !s.is_empty()).collect());
    let query = |key: &str| url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned());
    match host {
        "youtube.com" | "youtube-nocookie.com" => match segments.as_slice() {
            ["watch"] => youtube(&query("v")?),
            ["embed" | "shorts" | "live" | "v", id, ..] => youtube(id),
            _ => None,
        },
        "youtu.be" => youtube(segments.first()?),
        "vimeo.com" => vimeo(segments.last()?),
        "player.vimeo.com" => match segments.as_slice() {
            ["video", id, ..] => vimeo(id),
            _ => None,
        },
        "dailymotion.com" => match segments.as_slice() {
            ["video", id, ..] | ["embed", "video", id, ..] => dailymotion(id),
            _ => None,
        },
        "dai.ly" => dailymotion(segments.first()?),
        "geo.dailymotion.com" => dailymotion(&query("video")?),
        "facebook.com" | "fb.watch" => facebook(&url, host, &segments, query("href")),
        _ => None,
    }
}

/// Whether `id` is made of what video identifiers are: letters, digits, `-` and `_`.
fn plain(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn youtube(id: &str) -> Option<Video> {
    plain(id).then(|| Video {
        provider: Provider::YouTube,
        watch: format!("https://www.youtube.com/watch?v={id}"),
        embed: format!("https://www.youtube-nocookie.com/embed/{id}"),
    })
}

fn vimeo(id: &str) -> Option<Video> {
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| Video {
        provider: Provider::Vimeo,
        watch: format!("https://vimeo.com/{id}"),
        embed: format!("https://player.vimeo.com/video/{id}?dnt=1"),
    })
}

fn dailymotion(id: &str) -> Option<Video> {
    // `x8abcd_le-titre`: the identifier is before the underscore.
    let id = id.split('_').next()?;
    plain(id).then(|| Video {
        provider: Provider::Dailymotion,
        watch: format!("https://www.dailymotion.com/video/{id}"),
        embed: format!("https://www.dailymotion.com/embed/video/{id}"),
    })
}

/// A Facebook video: its page (`/cnr/videos/123`, `/watch/?v=123`, `/reel/123`, `fb.watch/…`),
/// or the player, whose `href` names that page.
fn facebook(url: &Url, host: &str, segments: &[&str], href: Option<String>) -> Option<Video> {
    if host == "facebook.com" && segments == ["plugins", "video.php"] {
        let page = recognise(&href?)?;
        return (page.provider == Provider::Facebook).then_some(page);
    }
    let video = match segments {
        _ if host == "fb.watch" => segments.len() == 1 && plain(segments[0]),
        ["watch"] => url.query_pairs().any(|(k, v)| k == "v" && v.bytes().all(|b| b.is_ascii_digit())),
        [_, "videos", .., id] | ["reel", id] => id.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    };
    video.then(|| {
        let mut watch = url.clone();
        watch.set_fragment(None);
        let watch = watch.to_string();
        let embed = format!("https://www.facebook.com/plugins/video.php?href={}", percent_encode(&watch));
        Video { provider: Provider::Facebook, watch, embed }
    })
}

impl Video {
    /// The block standing for the video: a link to it with its title, that the theme's script
    /// turns into the player on a click.
    pub fn block(&self, title: Option<&str>, words: &Words) -> String {
        format!(r#"<figure class="video" data-embed="{}">{}</figure>"#, escape(&self.embed), self.link(title, words))
    }

    /// The link to the video alone, where a block cannot go (inside a sentence).
    pub fn link(&self, title: Option<&str>, words: &Words) -> String {
        let watch = escape(&words.watch(self.provider));
        let title = title.map(str::trim).filter(|t| !t.is_empty());
        let text = match title {
            Some(title) => {
                format!(r#"<span class="video-title">{}</span> <span class="video-site">{watch}</span>"#, escape(title))
            }
            None => format!(r#"<span class="video-title">{watch}</span>"#),
        };
        format!(r#"<a class="video-link" href="{}">{text}</a>"#, escape(&self.watch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_video_address_is_recognised() {
        let youtube = "https://www.youtube.com/watch?v=aBcD_123-xy";
        for address in [
            "https://www.youtube.com/embed/aBcD_123-xy",
            "https://www.youtube-nocookie.com/embed/aBcD_123-xy?rel=0",
            "//www.youtube.com/embed/aBcD_123-xy",
            "https://youtu.be/aBcD_123-xy?si=x",
            "https://m.youtube.com/watch?v=aBcD_123-xy&t=30",
            "http://youtube.com/shorts/aBcD_123-xy",
        ] {
            let video = recognise(address).unwrap_or_else(|| panic!("{address}"));
            assert_eq!((video.provider, video.watch.as_str()), (Provider::YouTube, youtube), "{address}");
            assert_eq!(video.embed, "https://www.youtube-nocookie.com/embed/aBcD_123-xy");
        }
        for (address, watch) in [
            ("https://player.vimeo.com/video/76979871?h=8272103f6e", "https://vimeo.com/76979871"),
            ("https://vimeo.com/76979871", "https://vimeo.com/76979871"),
            ("https://www.dailymotion.com/embed/video/x8abcd", "https://www.dailymotion.com/video/x8abcd"),
            ("https://www.dailymotion.com/video/x8abcd_reunion-a-gao", "https://www.dailymotion.com/video/x8abcd"),
            ("https://dai.ly/x8abcd", "https://www.dailymotion.com/video/x8abcd"),
            ("https://geo.dailymotion.com/player.html?video=x8abcd", "https://www.dailymotion.com/video/x8abcd"),
            (
                "https://www.facebook.com/cnr.mali/videos/123456789/",
                "https://www.facebook.com/cnr.mali/videos/123456789/",
            ),
            (
                "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fcnr%2Fvideos%2F42%2F&show_text=0",
                "https://www.facebook.com/cnr/videos/42/",
            ),
        ] {
            assert_eq!(recognise(address).map(|v| v.watch).as_deref(), Some(watch), "{address}");
        }
        let facebook = recognise("https://www.facebook.com/cnr/videos/42/").unwrap();
        assert_eq!(
            facebook.embed,
            "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fcnr%2Fvideos%2F42%2F"
        );
    }

    #[test]
    fn other_addresses_are_not_videos() {
        for address in [
            "https://www.youtube.com/",
            "https://www.youtube.com/channel/UC123",
            "https://www.youtube.com/watch?v=<script>",
            "https://example.org/embed/abc",
            "https://www.facebook.com/cnr.mali/",
            "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fexample.org%2F",
            "javascript:alert(1)//youtu.be/x",
            "youtu.be/abc",
        ] {
            assert_eq!(recognise(address), None, "{address}");
        }
    }

    #[test]
    fn the_block_is_a_link_with_the_title_and_the_site() {
        let video = recognise("https://youtu.be/abc").unwrap();
        let words = Words { watch: "Voir la vidéo sur {provider}".into() };
        assert_eq!(
            video.block(Some("Retour à <Gao>"), &words),
            r#"<figure class="video" data-embed="https://www.youtube-nocookie.com/embed/abc"><a class="video-link" href="https://www.youtube.com/watch?v=abc"><span class="video-title">Retour à &lt;Gao&gt;</span> <span class="video-site">Voir la vidéo sur YouTube</span></a></figure>"#
        );
        assert_eq!(
            video.link(None, &words),
            r#"<a class="video-link" href="https://www.youtube.com/watch?v=abc"><span class="video-title">Voir la vidéo sur YouTube</span></a>"#
        );
    }
}
