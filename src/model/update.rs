//! Patching a built site after an edit that changed what pages say but not where they are:
//! `serve`'s quick way for the most common change, an editor saving a page.

use std::path::PathBuf;
use std::sync::Arc;

use super::pages::{self, Fate};
use super::sections::{Paths, SectionFiles};
use super::{AliasOf, Image, Options, PageId, Site, Text, lead_image, newest_first, texts};
use crate::load::{Document, Meta, Sources};
use crate::url::Slug;

/// What changes in a page that stays in place.
struct Patch {
    id: PageId,
    title: String,
    summary: String,
    place: Option<String>,
    updated: Option<chrono::NaiveDate>,
    text: Arc<Text>,
}

/// Updates the pages made from `files` (content-relative Markdown files just read again) and
/// returns them; `None`, with the site untouched, when the edit moved a page, renamed it,
/// changed its date, tags, image or old addresses, shows a photo no page showed, or has an
/// error: then the site must be built again.
pub fn update(site: &mut Site, sources: &Sources, files: &[PathBuf], options: &Options) -> Option<Vec<PageId>> {
    let section_files: SectionFiles = sources
        .documents
        .iter()
        .filter(|d| matches!(d.meta, Meta::Section(_)))
        .map(|d| ((d.dir().to_path_buf(), d.lang.clone()), d))
        .collect();
    let empty = Arc::new(Text::default());
    let mut patches = Vec::new();
    for rel in files {
        let at = sources.documents.partition_point(|d| d.file.rel < *rel);
        let doc = sources.documents.get(at).filter(|d| d.file.rel == *rel)?;
        patches.push(patch(site, doc, &section_files, options, &empty)?);
    }
    // Applied only once every file passed, so that a refusal leaves the site as it was.
    let mut ids = Vec::new();
    for patch in patches {
        let page = &mut site.pages[patch.id];
        page.title = patch.title;
        page.summary = patch.summary;
        page.place = patch.place;
        page.updated = patch.updated;
        page.text = patch.text;
        ids.push(patch.id);
    }
    Some(ids)
}

fn patch(site: &Site, doc: &Document, sections: &SectionFiles, options: &Options, empty: &Arc<Text>) -> Option<Patch> {
    let id = site.pages.iter().position(|p| p.file == doc.file.shown)?;
    let old = &site.pages[id];
    let paths = Paths::new(&site.config, sections, &[doc]);
    let mut errors = Vec::new();
    let Fate::Published(new) = pages::page(doc, &paths, options, empty, &mut errors) else { return None };
    let Meta::Page(meta) = &doc.meta else { return None };
    let resolver = site.links.resolver(&site.config, doc);
    let image: Option<Image> = lead_image(doc, &resolver, &mut errors);
    let words = site.strings.get(&doc.lang).map(crate::i18n::Strings::video_words).unwrap_or_default();
    let (text, problems) = texts::render(doc, &resolver, &words, Some(&old.text));
    let aliases = super::aliases::read(doc, &new.path, &mut errors);
    let same_aliases = aliases.iter().eq(site.aliases.iter().filter(|a| a.to == AliasOf::Page(id)).map(|a| &a.from));
    let same_place = new.path == old.path && new.date == old.date && new.lang == old.lang && new.draft == old.draft;
    let same_image = image.as_ref().map(|i| (&i.path, &i.alt)) == old.image.as_ref().map(|i| (&i.path, &i.alt));
    let same_tags = meta.tags.len() == old.tags.len()
        && meta.tags.iter().zip(&old.tags).all(|(name, &tag)| {
            let tag = &site.tags[tag];
            name.trim() == tag.name
                && Slug::from_text(name).is_some_and(|s| tag.path.as_str().ends_with(&format!("/{s}/")))
        });
    // A photo no page showed before has no files made yet.
    let shown = |path| site.links.photo(&path).is_none_or(|(original, _)| site.photos.contains_key(&original));
    let same_photos = text.images().chain(text.sizes_linked(&site.links)).all(shown);
    if !(errors.is_empty()
        && problems.is_empty()
        && same_place
        && same_image
        && same_tags
        && same_aliases
        && same_photos)
    {
        return None;
    }
    // A new title may change the order among pages of the same date.
    let mut moved = new;
    moved.section = old.section;
    let in_order = |list: &[PageId], at: usize| {
        let before =
            at.checked_sub(1).and_then(|i| list.get(i)).is_none_or(|&p| newest_first(&site.pages[p], &moved).is_lt());
        let after = list.get(at + 1).is_none_or(|&p| newest_first(&moved, &site.pages[p]).is_lt());
        before && after
    };
    let lists = std::iter::once(&site.sections[old.section].pages).chain(old.tags.iter().map(|&t| &site.tags[t].pages));
    for list in lists {
        if !in_order(list, list.iter().position(|&p| p == id)?) {
            return None;
        }
    }
    let summary =
        if moved.summary.trim().is_empty() { pages::shorten(&text.first_paragraph, 200) } else { moved.summary };
    Some(Patch { id, title: moved.title, summary, place: moved.place, updated: moved.updated, text })
}
