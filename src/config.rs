//! `site.yaml`: the site's settings (address, languages, theme, menus, contact details),
//! checked key by key so that a typo is reported at its line.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use crate::error::{Error, Errors, Expected, Location, Problem};
use crate::fsio;
use crate::target::{Target, TargetError};
use crate::url::{BaseUrl, Language, SitePath, Slug};
use crate::yaml;

pub const FILE: &str = "site.yaml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    base_url: String,
    default_language: String,
    languages: IndexMap<String, RawLanguage>,
    theme: String,
    paginate_by: Option<usize>,
    #[serde(default)]
    contact: Contact,
    #[serde(default)]
    feeds: Feeds,
    deploy: Option<RawDeploy>,
    #[serde(default)]
    share: Share,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeploy {
    target: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: Option<String>,
    tagline: Option<String>,
    #[serde(default)]
    identity: Vec<String>,
    hours: Option<String>,
    #[serde(default)]
    menu: Vec<MenuItem>,
    tags_slug: Option<String>,
    search_slug: Option<String>,
}

/// An entry of a language's main menu. `link` is a content file (`activites/_index.md`),
/// which leads to its translation in the menu's language, or a path on the site (`/`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    pub link: String,
    /// Where the entry is written in `site.yaml`, for messages.
    #[serde(skip)]
    pub line: usize,
}

/// The institution's contact details, shown in every footer and on the contact page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub address: Option<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    pub email: Option<String>,
    /// Where the contact form posts (form-urlencoded, UTF-8, then the endpoint redirects to the
    /// thank-you page); without it, no form, but a `mailto:` link with a message begun.
    pub form_endpoint: Option<String>,
}

/// The RSS and Atom feeds of each language and tag.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feeds {
    /// How many of the newest activities a feed holds.
    #[serde(default = "twenty")]
    pub items: usize,
    /// Whether items carry the whole text, or only the summary.
    #[serde(default)]
    pub full_text: bool,
}

impl Default for Feeds {
    fn default() -> Self {
        Feeds { items: twenty(), full_text: false }
    }
}

fn twenty() -> usize {
    20
}

/// What a page shows where it is shared (WhatsApp, Facebook, X…).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Share {
    /// An activity with a photo (`image:`) shows its photo rather than its share card.
    #[serde(default)]
    pub photo: bool,
}

/// One language of the site and what `site.yaml` says for it.
#[derive(Debug, Clone)]
pub struct LanguageConfig {
    pub code: Language,
    pub title: String,
    pub tagline: Option<String>,
    pub identity: Vec<String>,
    pub hours: Option<String>,
    pub menu: Vec<MenuItem>,
    pub tags_slug: Slug,
    /// The folder of the search page: `/recherche/`, `/en/search/`.
    pub search_slug: Slug,
    /// The language's home: `/` for the default language, `/en/` for English.
    pub home: SitePath,
}

/// Where `cnr-site deploy` publishes, from `deploy: { target: ... }`.
#[derive(Debug, Clone)]
pub struct Deploy {
    pub target: Target,
    /// The line of `target:`, for messages.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Where the settings were read from, for messages.
    pub file: PathBuf,
    pub base_url: BaseUrl,
    pub default_language: Language,
    /// The default language first, then the others in the order of `site.yaml`.
    pub languages: Vec<LanguageConfig>,
    pub theme: Slug,
    /// The line of `theme:` in the file, to point at when the theme is missing.
    pub theme_line: usize,
    /// The line of `base_url:`, to point at when it is a placeholder.
    pub base_url_line: usize,
    pub paginate_by: usize,
    pub contact: Contact,
    pub feeds: Feeds,
    pub deploy: Option<Deploy>,
    pub share: Share,
}

/// The mistakes found in `site.yaml` while its values are checked, each at its key's line.
struct Mistakes<'a> {
    text: &'a str,
    file: &'a Path,
    errors: Vec<Error>,
}

impl Mistakes<'_> {
    fn invalid(&mut self, key: &str, value: &str, expected: Expected) {
        let location = Location::line(self.file, yaml::key_line(self.text, key, 1));
        let problem = Problem::Invalid { key: key.to_string(), value: value.to_string(), expected };
        self.errors.push(Error::at(location, problem));
    }

    fn check_contact(&mut self, contact: &Contact) {
        if let Some(endpoint) = &contact.form_endpoint
            && BaseUrl::parse(endpoint).is_none()
        {
            self.invalid("form_endpoint", endpoint, Expected::Address);
        }
        if let Some(email) = &contact.email
            && !email.contains('@')
        {
            self.invalid("email", email, Expected::Email);
        }
        for phone in &contact.phones {
            if tel_uri(phone).is_none() {
                self.invalid("phones", phone, Expected::Phone);
            }
        }
    }

    /// One language's settings, `title` the site's for those that have none of their own.
    fn language(
        &mut self,
        code: &str,
        lang: RawLanguage,
        title: Option<&str>,
        default: Option<&Language>,
    ) -> Option<LanguageConfig> {
        let Some(language) = Language::parse(code) else {
            self.invalid(code, code, Expected::LanguageCode);
            return None;
        };
        let Some(title) = lang.title.or_else(|| title.map(str::to_string)) else {
            self.invalid(code, code, Expected::Title);
            return None;
        };
        let mut slug = |key: &str, value: Option<&str>, default: &str| {
            let value = value.unwrap_or(default);
            let slug = Slug::parse(value);
            if slug.is_none() {
                self.invalid(key, value, Expected::UrlSegment);
            }
            slug
        };
        let tags_slug = slug("tags_slug", lang.tags_slug.as_deref(), "tags")?;
        let search_slug = slug("search_slug", lang.search_slug.as_deref(), "search")?;
        let mut menu = lang.menu;
        for item in &mut menu {
            item.line = self.text.lines().position(|l| l.contains(item.link.as_str())).map_or(1, |i| i + 1);
        }
        let home = if Some(&language) == default {
            SitePath::root()
        } else {
            SitePath::root().join(&Slug::parse(code).expect("a language code is a slug"))
        };
        Some(LanguageConfig {
            code: language,
            title,
            tagline: lang.tagline,
            identity: lang.identity,
            hours: lang.hours,
            menu,
            tags_slug,
            search_slug,
            home,
        })
    }

    /// Where `deploy:` sends the site.
    fn deploy(&mut self, deploy: RawDeploy) -> Option<Deploy> {
        // `target:` on a line of its own, or within `deploy: { ... }`.
        let line = yaml::key_line(self.text, "target", 1).max(yaml::key_line(self.text, "deploy", 1));
        match Target::parse(&deploy.target) {
            Ok(target) => Some(Deploy { target, line }),
            Err(error) => {
                let problem = match error {
                    TargetError::Password => Problem::PasswordInTarget,
                    TargetError::NotATarget => Problem::Invalid {
                        key: "target".into(),
                        value: deploy.target,
                        expected: Expected::DeployTarget,
                    },
                };
                self.errors.push(Error::at(Location::line(self.file, line), problem));
                None
            }
        }
    }
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, Errors> {
        let file = root.join(FILE);
        let text = fsio::read_text(&file, &file)?;
        Config::parse(&text, &file)
    }

    /// [`Config::parse_usable`] of the site's `site.yaml`.
    pub fn load_usable(root: &Path) -> Result<(Config, Vec<Error>), Errors> {
        let file = root.join(FILE);
        let text = fsio::read_text(&file, &file)?;
        Config::parse_usable(&text, &file)
    }

    pub fn parse(text: &str, file: &Path) -> Result<Config, Errors> {
        match Config::parse_usable(text, file)? {
            (config, errors) if errors.is_empty() => Ok(config),
            (_, errors) => Err(Errors::sorted(errors)),
        }
    }

    /// Settings good enough to read the content with, and the mistakes of `site.yaml`: a wrong
    /// address, number or contact detail is told with the content's own mistakes, not alone.
    /// Without languages, a default language or a theme, nothing else can be read: an error.
    pub fn parse_usable(text: &str, file: &Path) -> Result<(Config, Vec<Error>), Errors> {
        let raw: RawConfig = yaml::parse(text, file, 1)?;
        let mut mistakes = Mistakes { text, file, errors: Vec::new() };
        let base_url = BaseUrl::parse(&raw.base_url);
        if base_url.is_none() {
            mistakes.invalid("base_url", &raw.base_url, Expected::Address);
        }
        let theme = Slug::parse(&raw.theme);
        if theme.is_none() {
            mistakes.invalid("theme", &raw.theme, Expected::ThemeName);
        }
        let paginate_by = raw.paginate_by.unwrap_or(10);
        if paginate_by == 0 {
            mistakes.invalid("paginate_by", "0", Expected::PositiveNumber);
        }
        let mut feeds = raw.feeds;
        if feeds.items == 0 {
            mistakes.invalid("items", "0", Expected::PositiveNumber);
            feeds.items = Feeds::default().items;
        }
        mistakes.check_contact(&raw.contact);
        let default_language =
            Language::parse(&raw.default_language).filter(|_| raw.languages.contains_key(&raw.default_language));
        if default_language.is_none() {
            mistakes.invalid("default_language", &raw.default_language, Expected::SiteLanguage);
        }
        let (count, mut languages) = (raw.languages.len(), Vec::new());
        for (code, lang) in raw.languages {
            let Some(config) = mistakes.language(&code, lang, raw.title.as_deref(), default_language.as_ref()) else {
                continue;
            };
            if Some(&config.code) == default_language.as_ref() {
                languages.insert(0, config)
            } else {
                languages.push(config)
            }
        }
        let deploy = raw.deploy.and_then(|deploy| mistakes.deploy(deploy));
        let (Some(theme), Some(default_language)) = (theme, default_language) else {
            return Err(Errors::sorted(mistakes.errors));
        };
        if languages.len() < count {
            return Err(Errors::sorted(mistakes.errors));
        }
        // A wrong address is told; the content is read as if the site had none yet.
        let base_url = base_url.unwrap_or_else(|| BaseUrl::parse("http://localhost/").expect("an address"));
        let config = Config {
            file: file.to_path_buf(),
            base_url,
            default_language,
            languages,
            theme,
            theme_line: yaml::key_line(text, "theme", 1),
            base_url_line: yaml::key_line(text, "base_url", 1),
            paginate_by: paginate_by.max(1),
            contact: raw.contact,
            feeds,
            deploy,
            share: raw.share,
        };
        Ok((config, mistakes.errors))
    }

    pub fn language(&self, code: &Language) -> &LanguageConfig {
        self.languages.iter().find(|l| &l.code == code).expect("languages come from the config")
    }

    pub fn is_default(&self, language: &Language) -> bool {
        language == &self.default_language
    }

    /// The language a file suffix names (`en` in `x.en.md`), if the site has it.
    pub fn find_language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().map(|l| &l.code).find(|l| l.as_str() == code)
    }

    pub fn language_list(&self) -> String {
        self.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// `tel:` URI of a phone number written for people: `+223 63 02 06 06` → `tel:+22363020606`.
pub fn tel_uri(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.' | '-')).collect();
    let number = digits.strip_prefix('+').unwrap_or(&digits);
    let valid = number.len() >= 4 && number.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| format!("tel:{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title: CNR\nbase_url: https://example.org\ndefault_language: fr\nlanguages:\n  en:\n    title: NRC\n  fr: {}\ntheme: cnr\n";

    fn errors(text: &str) -> Vec<String> {
        Config::parse(text, Path::new("site.yaml")).unwrap_err().0.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn minimal_config_puts_the_default_language_first() {
        let config = Config::parse(MINIMAL, Path::new("site.yaml")).unwrap();
        let codes: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["fr", "en"]);
        assert_eq!(config.languages[0].title, "CNR");
        assert_eq!(config.languages[1].home.as_str(), "/en/");
        assert_eq!(config.paginate_by, 10);
    }

    #[test]
    fn unknown_key_and_wrong_type_name_the_line() {
        let bad = MINIMAL.replace("theme: cnr", "theme: cnr\npaginate_by: ten");
        assert_eq!(errors(&bad)[0].split(": ").next().unwrap(), "site.yaml:9:14");
        let typo = MINIMAL.replace("  en:\n    title", "  en:\n    titel");
        assert!(errors(&typo)[0] == "site.yaml:6:5: unknown key `titel`", "{:?}", errors(&typo));
    }

    #[test]
    fn bad_values_are_all_reported() {
        let bad = MINIMAL
            .replace("https://example.org", "example.org")
            .replace("default_language: fr", "default_language: de");
        let found = errors(&bad);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("site.yaml:2: base_url: \"example.org\" is not valid"), "{found:?}");
        assert!(found[1].starts_with("site.yaml:3: default_language: \"de\" is not valid"), "{found:?}");
    }

    #[test]
    fn the_deploy_target_is_checked_and_never_holds_a_password() {
        let with = |target: &str| format!("{MINIMAL}deploy:\n  target: {target}\n");
        let config = Config::parse(&with("sftp://cnr@example.org/var/www"), Path::new("site.yaml")).unwrap();
        let deploy = config.deploy.unwrap();
        assert_eq!((deploy.target.host.as_str(), deploy.line), ("example.org", 10));
        let flow = format!("{MINIMAL}deploy: {{ target: \"ftps://cnr@example.org/www\" }}\n");
        assert_eq!(Config::parse(&flow, Path::new("site.yaml")).unwrap().deploy.unwrap().line, 9);
        let found = errors(&with("sftp://cnr:secret@example.org/www"));
        assert_eq!(found, ["site.yaml:10: the publishing address must not hold a password"]);
        let found = errors(&with("example.org/www"));
        assert_eq!(found, ["site.yaml:10: target: \"example.org/www\" is not valid"]);
    }

    #[test]
    fn share_takes_the_photo_only_when_asked() {
        let config = Config::parse(MINIMAL, Path::new("site.yaml")).unwrap();
        assert!(!config.share.photo);
        let config = Config::parse(&format!("{MINIMAL}share:\n  photo: true\n"), Path::new("site.yaml")).unwrap();
        assert!(config.share.photo);
        let typo = errors(&format!("{MINIMAL}share:\n  photos: true\n"));
        assert_eq!(typo[0], "site.yaml:10:3: unknown key `photos`", "{typo:?}");
        let wrong = errors(&format!("{MINIMAL}share:\n  photo: sometimes\n"));
        assert!(wrong[0].starts_with("site.yaml:10:10: photo: expected true or false"), "{wrong:?}");
    }

    #[test]
    fn phone_numbers_become_tel_uris() {
        assert_eq!(tel_uri("+223 63 02 06 06").as_deref(), Some("tel:+22363020606"));
        assert_eq!(tel_uri("call us"), None);
    }
}
