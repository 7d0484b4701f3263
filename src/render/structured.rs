//! Structured data for search engines (JSON-LD, schema.org): a `NewsArticle` for each activity,
//! a `GovernmentOrganization` with the contact details for the pages the theme puts it on.

use serde_json::{Value, json};

use crate::model::{Page, Site};
use crate::url::Language;

/// JSON to put inside `<script type="application/ld+json">`: `<`, `>` and `&` are escaped so
/// that no text can close the element.
fn script_safe(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

fn organization_value(site: &Site, lang: &Language) -> Value {
    let config = site.config.language(lang);
    let contact = &site.config.contact;
    let mut organization = json!({
        "@type": "GovernmentOrganization",
        "name": config.title,
        "url": site.config.base_url.absolute(&config.home),
    });
    if let Some(address) = &contact.address {
        organization["address"] = json!(address);
    }
    if let Some(email) = &contact.email {
        organization["email"] = json!(email);
    }
    if !contact.phones.is_empty() {
        organization["telephone"] = json!(contact.phones);
    }
    organization
}

/// The institution, for the home and contact pages.
pub(super) fn organization(site: &Site, lang: &Language) -> String {
    let mut value = organization_value(site, lang);
    value["@context"] = json!("https://schema.org");
    script_safe(&value)
}

/// An activity as a news article, with the absolute addresses of its pictures.
pub(super) fn article(site: &Site, page: &Page, pictures: &[String]) -> String {
    let base = &site.config.base_url;
    let url = base.absolute(&page.path);
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.summary,
        "inLanguage": page.lang,
        "url": url,
        "mainEntityOfPage": url,
        "publisher": organization_value(site, &page.lang),
        "author": organization_value(site, &page.lang),
    });
    if let Some(date) = page.date {
        article["datePublished"] = json!(date.to_string());
        article["dateModified"] = json!(page.modified().unwrap_or(date).to_string());
    }
    if let Some(place) = &page.place {
        article["contentLocation"] = json!({ "@type": "Place", "name": place });
    }
    if !pictures.is_empty() {
        article["image"] = json!(pictures);
    }
    if !page.tags.is_empty() {
        let keywords: Vec<&str> = page.tags.iter().map(|&t| site.tags[t].name.as_str()).collect();
        article["keywords"] = json!(keywords.join(", "));
    }
    script_safe(&article)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_in_the_data_can_close_the_script() {
        let text = script_safe(&json!({ "headline": "</script><script>alert(1)</script> & co" }));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script> & co");
    }
}
