//! What errors and warnings say to the people who write the site, in French or in English:
//! what is wrong, and a hint on what to do. The reports printed by `build` and `check`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::Report;
use crate::error::{Error, Expected, Location, Notice, Problem, closest};
use crate::model::LeftOut;

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tongue {
    Fr,
    En,
}

impl Tongue {
    /// `--lang` wins; then an English locale (`LANG=en_GB.UTF-8`); then the site's default language.
    pub fn choose(flag: Option<&str>, locale: Option<&str>, site_default: Option<&str>) -> Tongue {
        let from = |code: &str| match code.get(..2) {
            Some("en") => Some(Tongue::En),
            Some("fr") => Some(Tongue::Fr),
            _ => None,
        };
        flag.and_then(from)
            .or_else(|| locale.filter(|l| l.starts_with("en")).and_then(from))
            .or_else(|| site_default.and_then(from))
            .unwrap_or(Tongue::Fr)
    }
}

/// The message and the hint for a problem.
pub fn describe(problem: &Problem, tongue: Tongue) -> (String, Option<String>) {
    let fr = tongue == Tongue::Fr;
    let say = |french: String, english: String| if fr { french } else { english };
    let both = |french: &str, english: &str| Some(if fr { french.to_string() } else { english.to_string() });
    use Problem::*;
    match problem {
        Io(message) => (
            say(format!("lecture ou écriture impossible : {message}"), format!("cannot read or write: {message}")),
            None,
        ),
        EmptyFile => (
            say("le fichier est vide".into(), "the file is empty".into()),
            both(
                "commencez par l'en-tête : une ligne ---, puis title: Le titre, puis une ligne ---, puis le texte",
                "start with the header: a line ---, then title: The title, then a line ---, then the text",
            ),
        ),
        NotUtf8 => (
            say("le fichier n'est pas enregistré en UTF-8".into(), "the file is not saved as UTF-8".into()),
            both(
                "dans votre éditeur, enregistrez-le avec le codage « UTF-8 »",
                "in your editor, save it with the \"UTF-8\" encoding",
            ),
        ),
        TooLarge { size, limit } => (
            say(
                format!(
                    "fichier trop gros : {} Mo, la limite est de {} Mo",
                    megabytes(*size, ','),
                    megabytes(*limit, ',')
                ),
                format!("file too large: {} MB, the limit is {} MB", megabytes(*size, '.'), megabytes(*limit, '.')),
            ),
            both(
                "une image ou un document se met dans un fichier à part, à côté du texte, et s'y relie par un lien",
                "put an image or a document in a file of its own next to the text, and link to it",
            ),
        ),
        NoFrontMatter => (
            say(
                "l'en-tête manque : le fichier doit commencer par une ligne ---".into(),
                "the header is missing: the file must start with a line ---".into(),
            ),
            both(
                "écrivez en haut du fichier : ---, puis title: Le titre, puis ---",
                "write at the top of the file: ---, then title: The title, then ---",
            ),
        ),
        UnclosedFrontMatter => (
            say("l'en-tête n'est jamais fermé".into(), "the header is never closed".into()),
            both(
                "ajoutez une ligne --- après la dernière clé (title, date…)",
                "add a line --- after its last key (title, date…)",
            ),
        ),
        YamlTab => (
            say("une tabulation décale la ligne".into(), "a tab indents the line".into()),
            both("remplacez la tabulation par des espaces", "replace the tab with spaces"),
        ),
        YamlColon => (
            say("deux-points inattendu dans une valeur".into(), "unexpected colon in a value".into()),
            both(
                "mettez la valeur entre guillemets : title: \"Réunion : bilan\"",
                "put the value between double quotes: title: \"Meeting: review\"",
            ),
        ),
        YamlUnclosed(c) => {
            let closing = match c {
                '[' => ']',
                '{' => '}',
                other => *other,
            };
            (
                say(format!("{c} ouvert ici n'est jamais fermé"), format!("{c} opened here is never closed")),
                Some(say(
                    format!("ajoutez {closing} à la fin de la valeur"),
                    format!("add {closing} at the end of the value"),
                )),
            )
        }
        YamlIndent => (
            say("décalage de ligne incorrect".into(), "wrong indentation".into()),
            both(
                "chaque clé commence en début de ligne ; les éléments d'une liste (- …) sont tous décalés du même nombre d'espaces",
                "every key starts at the beginning of its line; the items of a list (- …) are all indented by the same number of spaces",
            ),
        ),
        YamlReserved(c) => (
            say(format!("une valeur ne peut pas commencer par {c}"), format!("a value cannot start with {c}")),
            both("mettez la valeur entre guillemets", "put the value between double quotes"),
        ),
        Yaml(message) => (
            say(format!("en-tête illisible : {message}"), format!("the header cannot be read: {message}")),
            both(
                "vérifiez la ligne : une clé, deux-points, un espace, puis la valeur (entre guillemets si elle contient « : » ou « # »)",
                "check the line: a key, a colon, a space, then the value (in double quotes if it holds \": \" or \"#\")",
            ),
        ),
        DuplicateKey(key) => (
            say(format!("la clé « {key} » est écrite deux fois"), format!("the key `{key}` is written twice")),
            both("gardez une seule ligne pour cette clé", "keep one line for this key"),
        ),
        UnknownKey { key, expected } => {
            let known = expected.join(", ");
            let hint = match closest(key, expected) {
                Some(best) => say(format!("vouliez-vous dire « {best} » ?"), format!("did you mean `{best}`?")),
                None => say(format!("clés possibles : {known}"), format!("possible keys: {known}")),
            };
            (say(format!("clé inconnue « {key} »"), format!("unknown key `{key}`")), Some(hint))
        }
        WrongType { key, found, expected } => (
            say(
                format!("{key} : il faut {}, pas {}", kind(expected, fr), kind(found, fr)),
                format!("{key}: expected {}, not {}", kind(expected, fr), kind(found, fr)),
            ),
            match key.as_str() {
                "tags" => both(
                    "écrivez les thèmes entre crochets : tags: [HCR, réintégration]",
                    "write the tags in brackets: tags: [UNHCR, reintegration]",
                ),
                _ => None,
            },
        ),
        MissingKey(key) => (
            say(format!("la clé « {key} » manque"), format!("`{key}` is missing")),
            Some(match key.as_str() {
                "title" => say(
                    "ajoutez dans l'en-tête une ligne title: Le titre de la page".into(),
                    "add a line title: The title of the page to the header".into(),
                ),
                "date" => say(
                    "ajoutez dans l'en-tête une ligne date: AAAA-MM-JJ, par exemple date: 2026-02-06".into(),
                    "add a line date: YYYY-MM-DD to the header, e.g. date: 2026-02-06".into(),
                ),
                _ => say(format!("ajoutez la clé « {key} »"), format!("add the key `{key}`")),
            }),
        ),
        Empty(key) => (
            say(format!("« {key} » est vide"), format!("`{key}` is empty")),
            both(
                "écrivez une valeur ; un # commence un commentaire : mettez la valeur entre guillemets si elle en contient un",
                "write a value; a # starts a comment: put the value between double quotes if it holds one",
            ),
        ),
        BadDate { key, value } => (
            say(format!("{key} : « {value} » n'est pas une date"), format!("{key}: \"{value}\" is not a date")),
            both("une date s'écrit AAAA-MM-JJ, par exemple 2026-02-06", "write dates as YYYY-MM-DD, e.g. 2026-02-06"),
        ),
        ImpossibleDate { key, value } => (
            say(format!("{key} : {value} n'existe pas"), format!("{key}: {value} does not exist")),
            both("vérifiez le jour et le mois (AAAA-MM-JJ)", "check the day and the month (YYYY-MM-DD)"),
        ),
        DateMismatch { file_date, date } => (
            say(
                format!("la date du nom du fichier ({file_date}) diffère de date: {date}"),
                format!("the date in the file name ({file_date}) differs from date: {date}"),
            ),
            both(
                "corrigez l'une des deux pour qu'elles soient identiques",
                "correct one of them so that they are the same",
            ),
        ),
        BadSlug { value, suggestion } => (
            say(
                format!("slug « {value} » ne peut pas servir d'adresse"),
                format!("slug `{value}` cannot be used in an address"),
            ),
            Some(say(
                format!(
                    "utilisez des minuscules sans accents, des chiffres et des tirets, par exemple slug: {suggestion}"
                ),
                format!("use lower-case letters without accents, digits and dashes, e.g. slug: {suggestion}"),
            )),
        ),
        NoSlug => (
            say("le nom du fichier ne donne aucune adresse".into(), "the file name gives no address".into()),
            both("renommez le fichier avec des lettres ou des chiffres", "rename the file with letters or digits"),
        ),
        UnknownLanguage { suffix, known } => (
            say(
                format!("la langue « .{suffix} » n'est pas une langue du site"),
                format!("the language `.{suffix}` is not a language of the site"),
            ),
            Some(say(
                format!(
                    "les langues du site sont : {known} ; renommez le fichier, ou ajoutez la langue dans site.yaml"
                ),
                format!("the site's languages are: {known}; rename the file, or add the language to site.yaml"),
            )),
        ),
        MissingOriginal { original } => (
            say("cette traduction n'a pas d'original".into(), "this translation has no original".into()),
            Some(say(
                format!("créez {original}, ou renommez ce fichier"),
                format!("create {original}, or rename this file"),
            )),
        ),
        DuplicateUrl { url, other } => (
            say(
                format!("l'adresse {url} est aussi celle de {other}"),
                format!("the address {url} is also that of {other}"),
            ),
            both("donnez à l'un des deux fichiers un autre slug:", "give one of the two files another slug:"),
        ),
        BrokenLink { target } => (
            say(format!("le lien « {target} » ne mène à aucune page"), format!("the link `{target}` leads to no page")),
            both(
                "vérifiez le nom : un lien vers une page s'écrit avec son fichier, par exemple ../contact.md",
                "check the name: link to a page by its file, e.g. ../contact.md",
            ),
        ),
        BrokenAnchor { target } => (
            say(
                format!("le lien « {target} » mène à une ancre qui n'existe pas"),
                format!("the link `{target}` leads to an anchor that does not exist"),
            ),
            both(
                "l'ancre (#…) doit reprendre un intertitre de la page cible",
                "the anchor (#…) must match a heading of the target page",
            ),
        ),
        MissingImage { target } => (
            say(format!("l'image « {target} » est introuvable"), format!("the image `{target}` cannot be found")),
            both(
                "placez l'image à côté du texte, ou corrigez son nom",
                "put the image next to the text, or correct its name",
            ),
        ),
        MissingAlt { target } => (
            say(
                format!("l'image « {target} » n'a pas de description"),
                format!("the image `{target}` has no description"),
            ),
            Some(say(
                format!(
                    "décrivez ce qu'elle montre, pour les personnes qui ne la voient pas : ![Signature à Bamako]({target})"
                ),
                format!("describe what it shows, for people who cannot see it: ![Signing in Bamako]({target})"),
            )),
        ),
        BadImage { reason } => (
            say(
                format!("cette image ne peut pas être lue ({reason})"),
                format!("this image cannot be read ({reason})"),
            ),
            both(
                "ouvrez-la dans un logiciel photo et enregistrez-la à nouveau en JPEG ou en PNG",
                "open it in a photo editor and save it again as JPEG or PNG",
            ),
        ),
        Invalid { key, value, expected } => (
            say(format!("{key} : « {value} » ne convient pas"), format!("{key}: \"{value}\" is not valid")),
            Some(expectation(*expected, fr)),
        ),
        Template(message) => (
            say(format!("erreur de gabarit : {message}"), format!("template error: {message}")),
            both(
                "ce fichier fait partie du thème : corrigez le gabarit",
                "this file belongs to the theme: correct the template",
            ),
        ),
        MissingTemplate => (
            say("ce gabarit manque au thème".into(), "this template is missing from the theme".into()),
            both(
                "ajoutez-le au thème, en partant d'un gabarit existant",
                "add it to the theme, starting from an existing template",
            ),
        ),
        BadFont => (
            say(
                "ce fichier n'est pas une police de caractères lisible".into(),
                "this file is not a font that can be read".into(),
            ),
            both(
                "remettez la police du thème (TrueType ou OpenType) ; voir fonts/README.md dans le thème",
                "put the theme's font back (TrueType or OpenType); see fonts/README.md in the theme",
            ),
        ),
        CardName { name } => (
            say(
                format!("ce fichier serait publié à {name}, l'adresse de la carte de partage d'une page"),
                format!("this file would be published at {name}, the address of a page's share card"),
            ),
            both("donnez-lui un autre nom", "give it another name"),
        ),
        MissingTheme(dir) => (
            say(format!("le thème {dir} est introuvable"), format!("the theme {dir} cannot be found")),
            both(
                "vérifiez theme: dans site.yaml, ou copiez le thème dans themes/",
                "check theme: in site.yaml, or copy the theme into themes/",
            ),
        ),
        MissingStrings { language } => (
            say(
                format!("le thème n'a pas de textes pour la langue « {language} »"),
                format!("the theme has no strings for the language `{language}`"),
            ),
            both(
                "créez ce fichier en copiant celui d'une autre langue, puis traduisez-le",
                "create this file by copying another language's, then translate it",
            ),
        ),
        MissingLabel { language } => (
            say(
                format!("libellé manquant pour la langue « {language} »"),
                format!("label missing for the language `{language}`"),
            ),
            Some(say(format!("ajoutez {language}: … sous label:"), format!("add {language}: … under label:"))),
        ),
        PageExists => (
            say("ce fichier existe déjà".into(), "this file already exists".into()),
            both(
                "choisissez un autre titre, ou modifiez le fichier existant",
                "choose another title, or edit the existing file",
            ),
        ),
        UnknownSection { kind, known } => (
            say(format!("« {kind} » n'est pas une rubrique du site"), format!("`{kind}` is not a section of the site")),
            Some(say(format!("rubriques : {known}"), format!("sections: {known}"))),
        ),
        Untranslated { language, file } => (
            say(
                format!("pas de version « {language} » de cette page"),
                format!("no `{language}` version of this page"),
            ),
            Some(say(format!("créez {file}"), format!("create {file}"))),
        ),
        NotYetTranslated => (
            say("traduction pas encore faite (brouillon)".into(), "translation not done yet (draft)".into()),
            both("traduisez le texte, puis passez draft: à false", "translate the text, then set draft: to false"),
        ),
        OutdatedTranslation { date, original_date } => (
            say(
                format!("la traduction ({date}) est plus ancienne que l'original ({original_date})"),
                format!("the translation ({date}) is older than the original ({original_date})"),
            ),
            both(
                "mettez-la à jour, puis indiquez updated: AAAA-MM-JJ",
                "bring it up to date, then set updated: YYYY-MM-DD",
            ),
        ),
        Ordinal { found, suggestion } => (
            say(format!("« {found} » : écrivez « {suggestion} »"), format!("\"{found}\": write \"{suggestion}\"")),
            both(
                "en français, les ordinaux s'abrègent 1er, 1re, 2e, 3e",
                "in French, ordinals are abbreviated 1er, 1re, 2e, 3e",
            ),
        ),
        Hour { found, suggestion } => (
            say(format!("« {found} » : écrivez « {suggestion} »"), format!("\"{found}\": write \"{suggestion}\"")),
            both("en français, l'heure s'écrit 8 h, 8 h 30, 16 h", "in French, times are written 8 h, 8 h 30, 16 h"),
        ),
        CapitalA { found } => (
            say(
                format!("« {found} » : en début de phrase, la préposition s'écrit « À »"),
                format!("\"{found}\": at the start of a sentence, the preposition is written \"À\""),
            ),
            both("les majuscules gardent leurs accents", "capitals keep their accents"),
        ),
        UpdatedBeforeDate { updated, date } => (
            say(
                format!(
                    "updated: {updated} n'est pas après la date de la page ({date}) : la mise à jour ne sera pas affichée"
                ),
                format!("updated: {updated} is not after the page's date ({date}): the update will not be shown"),
            ),
            both(
                "indiquez le jour où le texte a changé, après sa publication (AAAA-MM-JJ), ou retirez la ligne",
                "give the day the text changed, after it was published (YYYY-MM-DD), or remove the line",
            ),
        ),
        MissingNotice { notice, file } => {
            let (french, english) = match notice {
                Notice::Accessibility => ("la déclaration d'accessibilité", "accessibility statement"),
                Notice::Legal => ("les mentions légales", "legal notice"),
                Notice::Privacy => ("la politique de confidentialité", "privacy policy"),
            };
            (
                say(format!("il manque au site {french}"), format!("the site has no {english}")),
                Some(say(
                    format!("écrivez ce texte dans {file}, avec sa traduction ; le pied de chaque page y mènera"),
                    format!("write it in {file}, with its translation; every page's footer will link to it"),
                )),
            )
        }
    }
}

fn megabytes(bytes: u64, decimal: char) -> String {
    let tenths = (bytes * 10 + 524_288) / 1_048_576;
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{}{decimal}{}", tenths / 10, tenths % 10)
    }
}

/// A YAML type in words: « une liste », « un nombre ».
fn kind(name: &str, fr: bool) -> String {
    let words = match name {
        "sequence" | "list" => ("une liste", "a list"),
        "map" | "struct" => ("un ensemble de clés", "a set of keys"),
        "string" => ("un texte", "a text"),
        "integer" | "floating point" | "number" => ("un nombre", "a number"),
        "boolean" => ("true ou false", "true or false"),
        "unit" | "null" => ("une valeur vide", "an empty value"),
        other => return other.to_string(),
    };
    if fr { words.0.to_string() } else { words.1.to_string() }
}

fn expectation(expected: Expected, fr: bool) -> String {
    let (french, english) = match expected {
        Expected::Address => {
            ("attendu : une adresse comme https://example.org/", "expected: an address like https://example.org/")
        }
        Expected::ThemeName => (
            "attendu : le nom d'un dossier de themes/, comme cnr",
            "expected: the name of a folder of themes/, like cnr",
        ),
        Expected::PositiveNumber => {
            ("attendu : un nombre entier d'au moins 1", "expected: a whole number of at least 1")
        }
        Expected::Email => (
            "attendu : une adresse électronique comme nom@example.org",
            "expected: an email address like name@example.org",
        ),
        Expected::Phone => ("attendu : un numéro comme +223 63 02 06 06", "expected: a number like +223 63 02 06 06"),
        Expected::SiteLanguage => (
            "attendu : l'une des langues déclarées sous languages:",
            "expected: one of the languages listed under languages:",
        ),
        Expected::LanguageCode => (
            "attendu : un code de langue de deux ou trois lettres minuscules, comme fr, en ou bm",
            "expected: a language code of two or three lower-case letters, like fr, en or bm",
        ),
        Expected::Title => (
            "attendu : un titre (title:) pour cette langue, ou un title: en haut du fichier",
            "expected: a title (title:) for this language, or a title: at the top of the file",
        ),
        Expected::UrlSegment => (
            "attendu : des minuscules sans accents, des chiffres et des tirets",
            "expected: lower-case letters without accents, digits and dashes",
        ),
        Expected::MonthNames => (
            "attendu : les noms des 12 mois, de janvier à décembre",
            "expected: the names of the 12 months, January to December",
        ),
        Expected::FigureDate => (
            "attendu : un jour (2025-12-31) ou des années (2013/2025)",
            "expected: a day (2025-12-31) or years (2013/2025)",
        ),
        Expected::Tag => {
            ("attendu : un thème fait de lettres ou de chiffres", "expected: a tag made of letters or digits")
        }
    };
    if fr { french.to_string() } else { english.to_string() }
}

/// Prints errors and warnings for people, one block each, grouped by file:
///
/// ```text
/// content/activites/2026-02-06-x.md:3:7: erreur : date : 2026-02-30 n'existe pas
///    3 | date: 2026-02-30
///      |       ^
///   aide : vérifiez le jour et le mois (AAAA-MM-JJ)
/// ```
///
/// `source` gives the text of a file, to quote the line at fault.
pub fn report(errors: &[Error], tongue: Tongue, strict: bool, source: impl Fn(&Path) -> Option<String>) -> String {
    let fr = tongue == Tongue::Fr;
    let mut by_file: BTreeMap<&Path, Vec<&Error>> = BTreeMap::new();
    for error in errors {
        by_file.entry(&error.location.file).or_default().push(error);
    }
    let mut out = String::new();
    for (file, errors) in by_file {
        let text = source(file);
        for error in errors {
            let (message, hint) = describe(&error.problem, tongue);
            let severity = match (error.problem.is_warning() && !strict, fr) {
                (true, true) => "attention",
                (true, false) => "warning",
                (false, true) => "erreur",
                (false, false) => "error",
            };
            let colon = if fr { " : " } else { ": " };
            out.push_str(&format!("{}: {severity}{colon}{message}\n", error.location));
            if let (Some(text), Location { line: Some(line), column, .. }) = (&text, &error.location)
                && let Some(quoted) = text.lines().nth(line - 1)
            {
                let number = line.to_string();
                out.push_str(&format!(" {number} | {}\n", quoted.replace('\t', "    ")));
                if let Some(column) = column {
                    let offset: usize =
                        quoted.chars().take(column.saturating_sub(1)).map(|c| if c == '\t' { 4 } else { 1 }).sum();
                    out.push_str(&format!(" {} | {}^\n", " ".repeat(number.len()), " ".repeat(offset)));
                }
            }
            if let Some(hint) = hint {
                out.push_str(&format!("  {} {hint}\n", if fr { "aide :" } else { "help:" }));
            }
        }
    }
    out
}

/// The closing line: how many errors and warnings.
pub fn summary(errors: usize, warnings: usize, tongue: Tongue) -> String {
    let plural = |n: usize, one: &str, many: &str| if n == 1 { format!("{n} {one}") } else { format!("{n} {many}") };
    match tongue {
        Tongue::Fr => {
            let errors = if errors <= 1 { format!("{errors} erreur") } else { format!("{errors} erreurs") };
            let warnings =
                if warnings <= 1 { format!("{warnings} avertissement") } else { format!("{warnings} avertissements") };
            format!("{errors}, {warnings}")
        }
        Tongue::En => format!("{}, {}", plural(errors, "error", "errors"), plural(warnings, "warning", "warnings")),
    }
}

/// The last line of a build: pages per language, files written, time taken, what was left out.
pub fn built(report: &Report, tongue: Tongue) -> String {
    let pages: Vec<String> = report.pages.iter().map(|(lang, n)| format!("{lang} {n}")).collect();
    let (pages, files, ms) = (pages.join(", "), report.files, report.elapsed.as_millis());
    let LeftOut { drafts, future } = report.left_out;
    match tongue {
        Tongue::Fr => {
            let mut line = format!("pages : {pages} ; {files} fichiers écrits en {ms} ms");
            if drafts + future > 0 {
                let s = |n: usize| if n > 1 { "s" } else { "" };
                line += &format!(
                    " ; laissés de côté : {drafts} brouillon{}, {future} daté{} dans le futur (--drafts pour les inclure)",
                    s(drafts),
                    s(future)
                );
            }
            line
        }
        Tongue::En => {
            let mut line = format!("pages: {pages}; {files} files written in {ms} ms");
            if drafts + future > 0 {
                line +=
                    &format!("; left out: {drafts} draft(s), {future} dated in the future (--drafts to include them)");
            }
            line
        }
    }
}

/// A progress bar for the photos being made smaller: `Photos  [#####·····]  12/40`.
pub fn progress(done: usize, total: usize, tongue: Tongue) -> String {
    const WIDTH: usize = 24;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH).min(WIDTH);
    let bar = format!("{}{}", "#".repeat(filled), "·".repeat(WIDTH - filled));
    let label = match tongue {
        Tongue::Fr => "Photos redimensionnées",
        Tongue::En => "Photos resized",
    };
    format!("{label}  [{bar}]  {done}/{total}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_bar_fills_up() {
        assert_eq!(progress(0, 40, Tongue::En), format!("Photos resized  [{}]  0/40", "·".repeat(24)));
        assert_eq!(progress(10, 40, Tongue::Fr), format!("Photos redimensionnées  [######{}]  10/40", "·".repeat(18)));
        assert_eq!(progress(3, 3, Tongue::En), format!("Photos resized  [{}]  3/3", "#".repeat(24)));
    }

    #[test]
    fn the_language_of_messages() {
        assert_eq!(Tongue::choose(Some("en"), Some("fr_FR.UTF-8"), Some("fr")), Tongue::En);
        assert_eq!(Tongue::choose(None, Some("en_GB.UTF-8"), Some("fr")), Tongue::En);
        assert_eq!(Tongue::choose(None, Some("C.UTF-8"), Some("fr")), Tongue::Fr);
        assert_eq!(Tongue::choose(None, None, Some("en")), Tongue::En);
        assert_eq!(Tongue::choose(None, None, Some("bm")), Tongue::Fr);
    }

    #[test]
    fn every_message_has_both_languages() {
        let problem = Problem::ImpossibleDate { key: "date".into(), value: "2026-02-30".into() };
        assert_eq!(describe(&problem, Tongue::Fr).0, "date : 2026-02-30 n'existe pas");
        assert_eq!(describe(&problem, Tongue::En).0, "date: 2026-02-30 does not exist");
        let typo = Problem::UnknownKey { key: "titel".into(), expected: vec!["title".into(), "date".into()] };
        assert_eq!(describe(&typo, Tongue::En).1.unwrap(), "did you mean `title`?");
        assert_eq!(describe(&typo, Tongue::Fr).1.unwrap(), "vouliez-vous dire « title » ?");
    }

    #[test]
    fn sizes_are_in_megabytes() {
        assert_eq!(megabytes(20 * 1_048_576, ','), "20");
        assert_eq!(megabytes(2_621_440, ','), "2,5");
    }

    #[test]
    fn reports_quote_the_line_and_point_at_the_column() {
        let error = Error::at(
            Location::at(Path::new("a.md"), 3, 7),
            Problem::ImpossibleDate { key: "date".into(), value: "2026-02-30".into() },
        );
        let text = report(&[error], Tongue::Fr, false, |_| Some("---\ntitle: A\ndate: 2026-02-30\n---\n".into()));
        assert_eq!(
            text,
            "a.md:3:7: erreur : date : 2026-02-30 n'existe pas\n 3 | date: 2026-02-30\n   |       ^\n  aide : vérifiez le jour et le mois (AAAA-MM-JJ)\n"
        );
    }

    #[test]
    fn warnings_are_errors_when_strict() {
        let warning = Error::at(Location::line(Path::new("a.md"), 2), Problem::NotYetTranslated);
        assert!(report(std::slice::from_ref(&warning), Tongue::En, false, |_| None).starts_with("a.md:2: warning: "));
        assert!(report(&[warning], Tongue::En, true, |_| None).starts_with("a.md:2: error: "));
    }
}
