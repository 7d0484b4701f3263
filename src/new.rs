//! `cnr-site new activite "Titre"`: a new activity file, with its front-matter filled in and
//! explained, and its companion in each other language marked as not yet translated.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Config;
use crate::error::{Error, Errors, Location, Problem};
use crate::frontmatter::quoted;
use crate::fsio;
use crate::load::{self, CONTENT};
use crate::messages::Tongue;
use crate::url::Slug;

/// Creates the files and returns their paths; refuses to overwrite anything.
pub fn new_page(root: &Path, kind: &str, title: &str, date: NaiveDate, tongue: Tongue) -> Result<Vec<PathBuf>, Errors> {
    let config = Config::load(root)?;
    let content = root.join(CONTENT);
    let dir = section_dir(&content, kind)?;
    // A title is one line: line breaks and tabs pasted with it are spaces, other control
    // characters go.
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ").replace(char::is_control, "");
    let title = title.as_str();
    let slug = Slug::from_text(title).ok_or_else(|| Error::at(Location::file(&dir), Problem::NoSlug))?;
    let stem = format!("{date}-{}", shortened(slug.as_str(), SLUG_LENGTH));
    let files: Vec<PathBuf> = config
        .languages
        .iter()
        .map(|lang| content.join(&dir).join(load::content_file_name(Path::new(""), &stem, &lang.code, &config)))
        .collect();
    if let Some(existing) = files.iter().find(|f| f.exists()) {
        return Err(Error::at(Location::file(existing), Problem::PageExists).into());
    }
    for (index, file) in files.iter().enumerate() {
        fsio::write(file, page_text(title, date, index > 0, tongue).as_bytes())?;
    }
    Ok(files)
}

/// The folder of `content/` that `kind` names: `activite` finds `activites`.
fn section_dir(content: &Path, kind: &str) -> Result<PathBuf, Errors> {
    let wanted = Slug::from_text(kind).map(|s| s.to_string()).unwrap_or_default();
    let sections: Vec<String> = fsio::walk(content)?
        .into_iter()
        .filter(|(_, rel)| rel.file_name().is_some_and(|n| n == "_index.md") && rel.components().count() > 1)
        .filter_map(|(_, rel)| Some(rel.parent()?.to_string_lossy().into_owned()))
        .collect();
    let matches = |name: &String| {
        let folded = Slug::from_text(name).map(|s| s.to_string()).unwrap_or_default();
        !wanted.is_empty() && (folded == wanted || folded.starts_with(&wanted) || wanted.starts_with(&folded))
    };
    match sections.iter().find(|s| matches(s)) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => {
            let problem = Problem::UnknownSection { kind: kind.to_string(), known: sections.join(", ") };
            Err(Error::at(Location::file(content), problem).into())
        }
    }
}

/// The longest slug `new` gives a file, in characters: the address stays readable and the file
/// name far below what file systems take (255 bytes). The title itself is kept whole.
const SLUG_LENGTH: usize = 60;

/// `slug` cut at its last word boundary within `length` characters (slugs are ASCII).
fn shortened(slug: &str, length: usize) -> &str {
    if slug.len() <= length {
        return slug;
    }
    let cut = &slug[..length];
    cut.rfind('-').map_or(cut, |at| &cut[..at])
}

fn page_text(title: &str, date: NaiveDate, translation: bool, tongue: Tongue) -> String {
    let fr = tongue == Tongue::Fr;
    let say = |french: &str, english: &str| if fr { french.to_string() } else { english.to_string() };
    let mut text = String::from("---\n");
    if translation {
        text.push_str(&say(
            "# À TRADUIRE : traduisez le titre, le résumé, les thèmes et le texte, puis passez draft à false.\n",
            "# TO TRANSLATE: translate the title, summary, tags and text, then set draft to false.\n",
        ));
    }
    text.push_str(&say(
        "# Le titre, tel qu'il s'affiche sur la page et dans la liste des activités.\n",
        "# The title, as shown on the page and in the list of activities.\n",
    ));
    text.push_str(&format!("title: {}\n", quoted(title)));
    text.push_str(&say(
        "# La date de l'activité (AAAA-MM-JJ), la même que dans le nom du fichier.\n",
        "# The date of the activity (YYYY-MM-DD), the same as in the file name.\n",
    ));
    text.push_str(&format!("date: {date}\n"));
    text.push_str(&say(
        "# Si le texte change après sa publication, ajoutez une ligne updated: AAAA-MM-JJ : la page affichera « Mis à jour le … ».\n",
        "# If the text changes after it is published, add a line updated: YYYY-MM-DD: the page will show \"Updated on …\".\n",
    ));
    text.push_str(&say(
        "# Le lieu, affiché avant la date : « Bamako | 6 février 2026 ».\n",
        "# The place, shown before the date: \"Bamako | 6 February 2026\".\n",
    ));
    text.push_str("place: \"\"\n");
    text.push_str(&say(
        "# Une ou deux phrases qui résument l'activité, pour la liste et les moteurs de recherche.\n",
        "# One or two sentences that sum up the activity, for the list and search engines.\n",
    ));
    text.push_str("summary: \"\"\n");
    text.push_str(&say(
        "# Les thèmes, entre crochets et séparés par des virgules : [HCR, réintégration].\n",
        "# The tags, in brackets and separated by commas: [UNHCR, reintegration].\n",
    ));
    text.push_str("tags: []\n");
    text.push_str(&say(
        "# true : brouillon, pas publié ; false : publié à la prochaine construction du site.\n",
        "# true: a draft, not published; false: published by the next build of the site.\n",
    ));
    text.push_str(if translation { "draft: true\n---\n\n" } else { "draft: false\n---\n\n" });
    text.push_str(&say(
        "Écrivez ici le texte de l'activité. Laissez une ligne vide entre deux paragraphes ; un intertitre commence par « ## ».\n",
        "Write the text of the activity here. Leave an empty line between paragraphs; a heading starts with \"## \".\n",
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::{self, PageMeta};
    use crate::yaml;

    #[test]
    fn long_slugs_are_cut_between_words() {
        assert_eq!(shortened("atelier-a-gao", 60), "atelier-a-gao");
        assert_eq!(shortened("atelier-de-formation", 12), "atelier-de");
        assert_eq!(shortened("anticonstitutionnellement", 10), "anticonsti");
    }

    #[test]
    fn new_pages_have_valid_front_matter() {
        let text =
            page_text("Réunion « bilan » : \"HCR\"", NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), true, Tongue::Fr);
        let split = frontmatter::split(&text).unwrap();
        let meta: PageMeta = yaml::parse(split.yaml, Path::new("x.md"), split.yaml_line).unwrap();
        assert_eq!(meta.title, "Réunion « bilan » : \"HCR\"");
        assert_eq!(meta.date.as_deref(), Some("2026-11-29"));
        assert!(meta.draft);
        assert!(text.contains("# À TRADUIRE"));
        assert!(text.contains("ajoutez une ligne updated: AAAA-MM-JJ") && meta.updated.is_none());
    }
}
