//! Which tag of one language is the same tag in another, by one rule staff can follow: a
//! translation writes its tags in the order of its original's, so the first tag of a page pairs
//! with the first tag of its translation, the second with the second, and so on.
//!
//! Each page in the default language and each of its translations vote for the pairs at the
//! same places; the pairs most pages make are taken first, and a tag pairs with at most one tag
//! of each other language, so that pairing goes both ways (the language switch of a tag's page
//! leads to a page whose switch leads back). A tag of another language is the same tag as its
//! partner's other partners. A tag left without a partner where a page carrying it has a
//! translation is [`unpaired`], for `check` to say.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Page, PageId, Site, Tag, TagId};
use crate::url::Language;

/// Fills each tag's `translations` by the rule above.
pub(super) fn pair(tags: &mut [Tag], pages: &[Page], default: &Language) {
    let mut votes: BTreeMap<(TagId, TagId), usize> = BTreeMap::new();
    for page in pages.iter().filter(|p| &p.lang == default) {
        for &translation in &page.translations {
            for (&own, &other) in page.tags.iter().zip(&pages[translation].tags) {
                *votes.entry((own, other)).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<((TagId, TagId), usize)> = votes.into_iter().collect();
    // Most votes first; then the tags of the newest pages (tags are numbered newest first).
    ranked.sort_by_key(|&((own, other), count)| (Reverse(count), own, other));
    let mut partners: HashMap<TagId, Vec<TagId>> = HashMap::new();
    let mut original: HashMap<TagId, TagId> = HashMap::new();
    let mut paired: HashSet<(TagId, &Language)> = HashSet::new();
    for ((own, other), _) in ranked {
        let lang = &tags[other].lang;
        if original.contains_key(&other) || !paired.insert((own, lang)) {
            continue;
        }
        original.insert(other, own);
        partners.entry(own).or_default().push(other);
    }
    for (id, tag) in tags.iter_mut().enumerate() {
        tag.translations = match original.get(&id) {
            Some(&own) => std::iter::once(own).chain(partners[&own].iter().copied().filter(|&t| t != id)).collect(),
            None => partners.get(&id).cloned().unwrap_or_default(),
        };
    }
}

/// A translation that likely lists its tags in another order than its original: a tag at the
/// place of the original's tag `a` is named otherwise, while another of its tags has `a`'s
/// name (`[Réintégration, HCR]` and `[HCR, Reintegration]`): (`a`, the translation, the tag at
/// `a`'s place, the tag named as `a`), once per tag and language.
pub fn misplaced(site: &Site) -> Vec<(TagId, PageId, TagId, TagId)> {
    let slug = |id: TagId| site.tags[id].path.as_str().trim_end_matches('/').rsplit('/').next().unwrap_or_default();
    let mut said: HashSet<(TagId, &Language)> = HashSet::new();
    let mut found = Vec::new();
    for page in site.pages.iter().filter(|p| site.config.is_default(&p.lang)) {
        for &translation in &page.translations {
            let theirs = &site.pages[translation].tags;
            for (&own, &placed) in page.tags.iter().zip(theirs) {
                let named = theirs.iter().copied().find(|&t| t != placed && slug(t) == slug(own));
                if let Some(named) = named.filter(|_| slug(placed) != slug(own))
                    && said.insert((own, &site.pages[translation].lang))
                {
                    found.push((own, translation, placed, named));
                }
            }
        }
    }
    found
}

/// A tag with no partner in the language of a translation of a page carrying it: (the page,
/// the tag, the translation), once per tag and language, at the newest such page.
pub fn unpaired(site: &Site) -> Vec<(PageId, TagId, PageId)> {
    let mut found = Vec::new();
    for (tag_id, tag) in site.tags.iter().enumerate() {
        let mut said: HashSet<&Language> = HashSet::new();
        for &page in &tag.pages {
            for &translation in &site.pages[page].translations {
                let lang = &site.pages[translation].lang;
                let default_involved = site.config.is_default(&tag.lang) || site.config.is_default(lang);
                let has_partner = tag.translations.iter().any(|&t| &site.tags[t].lang == lang);
                if default_involved && !has_partner && said.insert(lang) {
                    found.push((page, tag_id, translation));
                }
            }
        }
    }
    found
}
