//! What errors and warnings say to the people who write the site, in French or in English:
//! what is wrong, and a hint on what to do. The reports printed by `build` and `check`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;
use std::time::Duration;

use crate::error::{
    Duplicate, Error, Expected, HtmlPart, Location, Notice, Occupant, OutputRefusal, Problem, ProblemKind, closest,
};
use crate::url::{Language, OutputFile};

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

/// A problem in English, for logs and tests; people get [`describe`] in their language.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&describe(self, Tongue::En).0)
    }
}

/// `n` and the noun in the form that goes with it, by each language's rule: in French the
/// singular for 0 and 1 (« 0 erreur », « 1 erreur », « 2 erreurs »), in English for 1 only.
pub fn count(n: usize, one: &str, many: &str, tongue: Tongue) -> String {
    let singular = match tongue {
        Tongue::Fr => n <= 1,
        Tongue::En => n == 1,
    };
    format!("{n} {}", if singular { one } else { many })
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
            both(
                "vérifiez que le fichier ou le dossier existe, qu'il n'est pas ouvert ailleurs, et que vous avez le droit de l'écrire",
                "check that the file or folder exists, is not open elsewhere, and that you may write to it",
            ),
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
        YamlNoColon => (
            say("cette ligne n'est pas « clé: valeur »".into(), "this line is not \"key: value\"".into()),
            both(
                "écrivez la clé, deux-points, un espace, puis la valeur ; un texte de plusieurs lignes va entre guillemets",
                "write the key, a colon, a space, then the value; a text of several lines goes between double quotes",
            ),
        ),
        YamlTooDeep { max } => (
            say(
                format!("plus de {max} listes ou groupes de clés ouverts les uns dans les autres"),
                format!("more than {max} lists or groups of keys open one inside the other"),
            ),
            both(
                "une valeur s'écrit sur sa ligne, une liste entre crochets : tags: [HCR, Retour]",
                "a value is written on its line, a list between brackets: tags: [HCR, Retour]",
            ),
        ),
        YamlReserved(c) => (
            say(format!("une valeur ne peut pas commencer par {c}"), format!("a value cannot start with {c}")),
            both("mettez la valeur entre guillemets", "put the value between double quotes"),
        ),
        Yaml(message) => (
            say(format!("ligne illisible : {message}"), format!("this line cannot be read: {message}")),
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
            let hint = match closest(key, expected).or_else(|| in_english(key, expected)) {
                Some(best) => say(format!("vouliez-vous dire « {best} » ?"), format!("did you mean `{best}`?")),
                None => say(
                    format!("retirez cette ligne, ou choisissez l'une des clés possibles : {known}"),
                    format!("remove this line, or choose one of the possible keys: {known}"),
                ),
            };
            (say(format!("clé inconnue « {key} »"), format!("unknown key `{key}`")), Some(hint))
        }
        WrongType { key, found, expected } => (
            {
                // The file as a whole has no key: it is named so.
                let (fr_key, en_key) =
                    if key.as_str().is_empty() { ("le fichier", "the file") } else { (key.as_str(), key.as_str()) };
                say(
                    format!("{fr_key} : il faut {}, pas {}", kind(expected, fr), kind(found, fr)),
                    format!("{en_key}: expected {}, not {}", kind(expected, fr), kind(found, fr)),
                )
            },
            match key.as_str() {
                "tags" => both(
                    "écrivez les thèmes entre crochets : tags: [HCR, réintégration]",
                    "write the tags in brackets: tags: [UNHCR, reintegration]",
                ),
                "" if expected == "sequence" => both(
                    "commencez chaque chiffre par une ligne « - value: 1234 », suivie de date:, source: et label:",
                    "start each figure with a line \"- value: 1234\", followed by date:, source: and label:",
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
        BadDate { key, value, suggestion } => (
            say(format!("{key} : « {value} » n'est pas une date"), format!("{key}: \"{value}\" is not a date")),
            Some(match suggestion {
                Some(date) => say(format!("écrivez {key}: {date}"), format!("write {key}: {date}")),
                None => say(
                    "une date s'écrit AAAA-MM-JJ, par exemple 2026-02-06, ou avec l'heure : 2026-02-06 10:00".into(),
                    "write dates as YYYY-MM-DD, e.g. 2026-02-06, or with the time: 2026-02-06 10:00".into(),
                ),
            }),
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
        MissingOriginal { original, language } => (
            say(
                format!("cette page n'existe qu'en « {language} » : elle est publiée dans cette langue seulement"),
                format!("this page exists in `{language}` only: it is published in that language alone"),
            ),
            Some(say(
                format!(
                    "pour la publier aussi dans la langue principale du site, créez {original} ; sinon, rien à faire"
                ),
                format!("to publish it in the site's main language too, create {original}; otherwise, nothing to do"),
            )),
        ),
        DuplicateUrl { url, other, kind } => (
            say(
                format!("l'adresse {url} est aussi celle de {other}"),
                format!("the address {url} is also that of {other}"),
            ),
            Some(duplicate_hint(*kind, fr)),
        ),
        BadAlias { value, suggestion } => (
            say(
                format!("aliases : « {value} » n'est pas une adresse de ce site"),
                format!("aliases: \"{value}\" is not an address of this site"),
            ),
            Some(match suggestion {
                Some(fixed) => say(
                    format!("écrivez-la depuis la racine du site, sans son nom ni #… : aliases: [{fixed}]"),
                    format!("write it from the site's root, without its name or #…: aliases: [{fixed}]"),
                ),
                None => say(
                    "une ancienne adresse s'écrit depuis la racine du site, sans espace, « .. » ni #…, par exemple aliases: [/activity_detail/42]".into(),
                    "an old address is written from the site's root, without spaces, \"..\" or #…, e.g. aliases: [/activity_detail/42]".into(),
                ),
            }),
        ),
        OutputCollision { file, other: Occupant::File(other) } => (
            say(
                format!("ce fichier est publié en {file}, comme {other} : l'un remplacerait l'autre"),
                format!("this file is published as {file}, as {other} is: one would replace the other"),
            ),
            both(
                "donnez à l'un des deux une autre adresse (slug:) ou un autre nom de fichier",
                "give one of the two another address (slug:) or another file name",
            ),
        ),
        OutputCollision { file, other: Occupant::Generated(address) } => (
            say(
                format!(
                    "ce fichier est publié en {file}, où le site publie déjà une page qu'il crée lui-même ({address} : une liste, un thème, une archive, un flux…)"
                ),
                format!(
                    "this file is published as {file}, where the site already publishes a page it makes itself ({address}: a list, a topic, an archive, a feed…)"
                ),
            ),
            both(
                "donnez à ce fichier une autre adresse (slug:) ou un autre nom de fichier",
                "give this file another address (slug:) or another file name",
            ),
        ),
        PathsCollide { file } => (
            say(
                format!("deux pages que le site crée lui-même seraient publiées en {file} : l'une remplacerait l'autre"),
                format!("two pages the site makes itself would be published as {file}: one would replace the other"),
            ),
            both(
                "les chemins des rubriques et des thèmes de site.yaml doivent être tous différents : changez-en un",
                "the paths of sections and topics in site.yaml must all differ: change one",
            ),
        ),
        AliasCollision { alias, other: Occupant::File(file) } => (
            say(
                format!("l'ancienne adresse {alias} est aussi celle de {file}"),
                format!("the old address {alias} is also that of {file}"),
            ),
            both(
                "une adresse ne mène qu'à une page : retirez-la de aliases:, ou donnez une autre adresse (slug:) à l'autre page",
                "an address leads to one page only: remove it from aliases:, or give the other page another address (slug:)",
            ),
        ),
        AliasCollision { alias, other: Occupant::Generated(path) } => (
            say(
                format!(
                    "l'ancienne adresse {alias} est déjà prise par une page ou un fichier que le site crée lui-même ({path})"
                ),
                format!("the old address {alias} is already taken by a page or file the site makes itself ({path})"),
            ),
            both(
                "retirez-la de la liste aliases: : elle mène déjà à une page",
                "remove it from the aliases list: it already leads to a page",
            ),
        ),
        BrokenLink { target } => (
            say(format!("le lien « {target} » ne mène à aucune page"), format!("the link `{target}` leads to no page")),
            Some(link_hint(target, fr)),
        ),
        OutputRefused(why) => output_refused(why, tongue),
        ForeignFile { file } => (
            say(
                format!(
                    "{file} n'a été écrit par aucune construction du site : il est gardé, mais ne sera pas publié par cnr-site deploy"
                ),
                format!(
                    "{file} was written by no build of the site: it is kept, but cnr-site deploy will not publish it"
                ),
            ),
            Some(say(
                format!("pour le publier avec le site, mettez-le dans le dossier static/ du site (static/{file})"),
                format!("to publish it with the site, put it in the site's static/ folder (static/{file})"),
            )),
        ),
        RefusedLink { target, scheme } => (
            say(
                format!("le lien « {target} » est refusé : un lien « {scheme}: » peut agir à la place du visiteur"),
                format!("the link `{target}` is refused: a `{scheme}:` link can act in the visitor's place"),
            ),
            both(
                "un lien mène à une page (https://… ou ../contact.md), à une adresse électronique (mailto:…) ou à un téléphone (tel:…) ; une image ou un document se met dans un fichier à côté du texte",
                "a link leads to a page (https://… or ../contact.md), an e-mail address (mailto:…) or a phone (tel:…); an image or a document goes in a file next to the text",
            ),
        ),
        DateOutOfRange { key, value } => (
            say(
                format!("{key} : {value} est une date improbable pour le site"),
                format!("{key}: {value} is an unlikely date for the site"),
            ),
            both(
                "vérifiez l'année : les dates vont de 1900 à 2100 (AAAA-MM-JJ)",
                "check the year: dates go from 1900 to 2100 (YYYY-MM-DD)",
            ),
        ),
        BrokenAnchor { target, closest } => (
            say(
                format!("le lien « {target} » mène à une ancre qui n'existe pas"),
                format!("the link `{target}` leads to an anchor that does not exist"),
            ),
            Some(match closest {
                Some(anchor) => say(
                    format!(
                        "vouliez-vous dire #{anchor} ? L'ancre reprend un intertitre de la page, sans accents ni majuscules"
                    ),
                    format!("did you mean #{anchor}? An anchor is a heading of the page, without accents or capitals"),
                ),
                None => say(
                    "l'ancre (#…) doit reprendre un intertitre de la page cible".into(),
                    "the anchor (#…) must match a heading of the target page".into(),
                ),
            }),
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
        PhotoTooLarge { width, height, max } => {
            let megapixels = u64::from(*width) * u64::from(*height) / 1_000_000;
            let max = max / 1_000_000;
            (
                say(
                    format!(
                        "cette photo fait {width} × {height} pixels ({megapixels} millions) : au-delà de {max} millions, elle n'est pas traitée"
                    ),
                    format!(
                        "this photo is {width} × {height} pixels ({megapixels} million): beyond {max} million, it is not processed"
                    ),
                ),
                both(
                    "réduisez-la, par exemple à 4000 pixels de large, dans un logiciel photo ou sur le téléphone",
                    "make it smaller, e.g. 4000 pixels wide, in a photo editor or on the phone",
                ),
            )
        }
        HtmlTooDeep { max } => (
            say(
                format!("ce bloc de HTML ouvre plus de {max} éléments les uns dans les autres sans les fermer : il n'est pas publié"),
                format!("this block of HTML opens more than {max} elements one inside the other without closing them: it is not published"),
            ),
            both(
                "collez le texte sans sa mise en forme (Ctrl+Maj+V), ou écrivez-le en Markdown",
                "paste the text without its formatting (Ctrl+Shift+V), or write it in Markdown",
            ),
        ),
        PhotoChanged => (
            say(
                "cette photo a changé pendant la construction du site (une copie encore en cours ?)".into(),
                "this photo changed while the site was being built (a copy still going on?)".into(),
            ),
            both(
                "attendez la fin de la copie, puis construisez de nouveau",
                "wait for the copy to finish, then build again",
            ),
        ),
        PlaceholderAddress { url } => (
            say(
                format!("base_url : {url} est une adresse d'exemple ; les liens des flux, du plan du site et des partages y mèneraient"),
                format!("base_url: {url} is an example address; the links of feeds, the sitemap and shares would lead there"),
            ),
            both(
                "écrivez dans site.yaml l'adresse où le site sera publié, celle que donne l'hébergeur (ou donnez-la avec --base-url)",
                "write in site.yaml the address the site will be published at, the one the host gives (or give it with --base-url)",
            ),
        ),
        StrayCharacter { code } => (
            say(
                format!("un caractère invisible ({code}), venu d'un traitement de texte, a été retiré"),
                format!("an invisible character ({code}), from a word processor, was taken out"),
            ),
            both(
                "rien à faire si le texte se lit bien ; sinon, tapez de nouveau ce passage au lieu de le coller",
                "nothing to do if the text reads well; otherwise, type this passage again instead of pasting it",
            ),
        ),
        TruncatedPhoto => (
            say(
                "cette photo est incomplète : le fichier s'arrête avant la fin de l'image (une copie interrompue ?)".into(),
                "this photo is incomplete: the file ends before the image does (a copy cut short?)".into(),
            ),
            both(
                "copiez-la de nouveau depuis l'appareil ou depuis l'original",
                "copy it again from the camera or from the original",
            ),
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
        BadManifest(reason) => (
            say(
                format!("ce relevé des fichiers du site est illisible ({reason})"),
                format!("this record of the site's files cannot be read ({reason})"),
            ),
            both(
                "construisez le site à nouveau : cnr-site build le refait",
                "build the site again: cnr-site build makes it anew",
            ),
        ),
        NoEditorPassword => (
            say(
                "l'éditeur ne s'ouvre à d'autres ordinateurs qu'avec un mot de passe, et aucun n'est choisi".into(),
                "the editor opens to other computers only with a password, and none is set".into(),
            ),
            both(
                "choisissez-en un avec cnr-site editor-password, puis relancez cnr-site serve ; ou lancez serve sans --bind, pour cet ordinateur seul",
                "set one with cnr-site editor-password, then start cnr-site serve again; or start serve without --bind, for this computer alone",
            ),
        ),
        BadPasswordFile => (
            say(
                "ce fichier ne contient pas un mot de passe chiffré par cnr-site".into(),
                "this file does not hold a password hashed by cnr-site".into(),
            ),
            both(
                "choisissez de nouveau le mot de passe avec cnr-site editor-password",
                "set the password again with cnr-site editor-password",
            ),
        ),
        NotBuilt => (
            say(
                "ce dossier n'a pas été construit par cnr-site build".into(),
                "this folder was not made by cnr-site build".into(),
            ),
            both(
                "construisez d'abord le site : cnr-site build, puis cnr-site deploy",
                "build the site first: cnr-site build, then cnr-site deploy",
            ),
        ),
        NoTarget => (
            say("aucune destination de publication".into(), "nowhere to publish".into()),
            both(
                "ajoutez dans site.yaml : deploy: { target: sftp://utilisateur@serveur/dossier } (ou passez --target)",
                "add to site.yaml: deploy: { target: sftp://user@server/folder } (or pass --target)",
            ),
        ),
        PasswordInTarget => (
            say(
                "l'adresse de publication ne doit pas contenir de mot de passe".into(),
                "the publishing address must not hold a password".into(),
            ),
            both(
                "retirez « :mot-de-passe » de l'adresse ; cnr-site deploy le demandera, ou le lira dans la variable CNR_DEPLOY_PASSWORD",
                "remove \":password\" from the address; cnr-site deploy asks for it, or reads it from the CNR_DEPLOY_PASSWORD variable",
            ),
        ),
        Unreachable(reason) => (
            say(format!("le serveur ne répond pas : {reason}"), format!("the server does not answer: {reason}")),
            both(
                "vérifiez la connexion à Internet et l'adresse du serveur, puis relancez cnr-site deploy",
                "check the Internet connection and the server's address, then run cnr-site deploy again",
            ),
        ),
        LoginRefused { user, ssh } => (
            say(format!("le serveur refuse l'utilisateur « {user} »"), format!("the server refuses the user `{user}`")),
            if *ssh {
                both(
                    "vérifiez le nom d'utilisateur, puis la clé SSH (CNR_DEPLOY_KEY, ou ~/.ssh/id_ed25519) ou le mot de passe (CNR_DEPLOY_PASSWORD)",
                    "check the user name, then the SSH key (CNR_DEPLOY_KEY, or ~/.ssh/id_ed25519) or the password (CNR_DEPLOY_PASSWORD)",
                )
            } else {
                both(
                    "vérifiez le nom d'utilisateur et le mot de passe donnés par l'hébergeur",
                    "check the user name and the password the host gave you",
                )
            },
        ),
        NoPassword => (
            say("le serveur demande un mot de passe".into(), "the server asks for a password".into()),
            both(
                "lancez cnr-site deploy dans un terminal pour le saisir, ou mettez-le dans la variable CNR_DEPLOY_PASSWORD",
                "run cnr-site deploy in a terminal to type it, or put it in the CNR_DEPLOY_PASSWORD variable",
            ),
        ),
        UnknownHostKey(fingerprint) => (
            say(
                format!("ce serveur n'est pas encore connu ; l'empreinte de sa clé est {fingerprint}"),
                format!("this server is not known yet; the fingerprint of its key is {fingerprint}"),
            ),
            both(
                "vérifiez cette empreinte auprès de l'hébergeur, puis lancez cnr-site deploy dans un terminal pour l'accepter",
                "check this fingerprint with the host, then run cnr-site deploy in a terminal to accept it",
            ),
        ),
        ChangedHostKey(fingerprint) => (
            say(
                format!("la clé du serveur a changé (empreinte {fingerprint}) : rien n'a été envoyé"),
                format!("the server's key has changed (fingerprint {fingerprint}): nothing was sent"),
            ),
            both(
                "quelqu'un peut se faire passer pour le serveur : demandez à l'hébergeur si sa clé a changé ; si oui, retirez l'ancienne avec ssh-keygen -R suivi du nom du serveur",
                "someone may be posing as the server: ask the host whether its key changed; if so, remove the old one with ssh-keygen -R and the server's name",
            ),
        ),
        Tls(reason) => (
            say(
                format!("la connexion chiffrée a échoué : {reason}"),
                format!("the encrypted connection failed: {reason}"),
            ),
            both(
                "vérifiez que le serveur accepte FTPS (TLS explicite) et que son certificat porte ce nom ; le certificat d'un serveur qui l'a fait lui-même se donne dans la variable CNR_DEPLOY_CERTIFICATE",
                "check that the server accepts FTPS (explicit TLS) and that its certificate bears this name; the certificate of a server that made its own goes in the CNR_DEPLOY_CERTIFICATE variable",
            ),
        ),
        ServerRefused(reason) => (
            say(format!("le serveur refuse : {reason}"), format!("the server refuses: {reason}")),
            both(
                "vérifiez que cet utilisateur peut écrire dans le dossier du site et qu'il reste de la place sur le serveur",
                "check that this user can write in the site's folder and that the server has space left",
            ),
        ),
        ConnectionLost { tries, reason } => (
            say(
                format!("la connexion a été coupée {tries} fois de suite ({reason})"),
                format!("the connection dropped {tries} times in a row ({reason})"),
            ),
            both(
                "relancez cnr-site deploy quand la connexion sera meilleure : rien de ce qui est déjà envoyé ne sera renvoyé",
                "run cnr-site deploy again when the connection is better: nothing already sent will be sent again",
            ),
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
        TooManyTags { count, max } => (
            say(
                format!("{count} thèmes pour une seule page : elle en a {max} au plus"),
                format!("{count} tags on a single page: it has {max} at most"),
            ),
            both(
                "gardez les quelques thèmes qui disent de quoi parle l'activité ; chacun a sa page, qui liste les activités du même thème",
                "keep the few tags that say what the activity is about; each has its page, which lists the activities of that tag",
            ),
        ),
        UnpairedTag { tag, language, translation } => (
            say(
                format!("le thème « {tag} » n'a pas d'équivalent dans la version « {language} »"),
                format!("the tag « {tag} » has no counterpart in the `{language}` version"),
            ),
            Some(say(
                format!(
                    "un thème est traduit par celui qui est à la même place : écrivez les thèmes de {translation} dans l'ordre de ceux-ci, le premier traduisant le premier, et ainsi de suite"
                ),
                format!(
                    "a tag is translated by the one at the same place: write the tags of {translation} in the order of these, the first translating the first, and so on"
                ),
            )),
        ),
        TagsOutOfOrder { tag, placed, named } => (
            say(
                format!("à la place du thème « {tag} » de l'original, cette traduction a « {placed} », et « {named} » ailleurs"),
                format!("at the place of the original's tag « {tag} », this translation has « {placed} », and « {named} » elsewhere"),
            ),
            Some(say(
                format!(
                    "un thème est traduit par celui qui est à la même place : écrivez les thèmes dans l'ordre de ceux de l'original, « {named} » à la place de « {tag} »"
                ),
                format!(
                    "a tag is translated by the one at the same place: write the tags in the order of the original's, « {named} » at the place of « {tag} »"
                ),
            )),
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
        HtmlRemoved(part) => html_removed(part, fr),
        VideoEmbed { provider, titled } => (
            say(
                format!("la vidéo {provider} est montrée par un lien qui ne la charge qu'au clic"),
                format!("the {provider} video is shown as a link that loads it only when clicked"),
            ),
            Some(match titled {
                true => say(
                    format!(
                        "rien à faire : la page reste légère et ne contacte {provider} que si le visiteur lance la vidéo"
                    ),
                    format!(
                        "nothing to do: the page stays light and contacts {provider} only if the visitor plays the video"
                    ),
                ),
                false => say(
                    format!(
                        "donnez à la vidéo un titre, que le lien montrera : <iframe title=\"Le convoi arrive à Gao\" …> ; la page ne contacte {provider} que si le visiteur lance la vidéo"
                    ),
                    format!(
                        "give the video a title, which the link will show: <iframe title=\"The convoy arrives in Gao\" …>; the page contacts {provider} only if the visitor plays the video"
                    ),
                ),
            }),
        ),
        ServerOnlyAlias { alias } => {
            let (french, english) = match alias.split_once('?') {
                Some((_, query)) => (format!("elle a une partie « ?{query} »"), format!("it has a \"?{query}\" part")),
                None => {
                    let extension = alias.rsplit_once('.').map_or("", |(_, e)| e);
                    (format!("elle nomme un fichier « .{extension} »"), format!("it names a \".{extension}\" file"))
                }
            };
            (
                say(
                    format!("l'ancienne adresse {alias} ne peut pas être une page du site : {french}"),
                    format!("the old address {alias} cannot be a page of the site: {english}"),
                ),
                both(
                    "seuls les serveurs qui lisent les fichiers de redirection (nginx, Apache, Netlify) la mènent à sa page ; ailleurs, elle mène à la page « introuvable » (voir « Changer l'adresse d'une page » dans le README)",
                    "only servers that read the redirect files (nginx, Apache, Netlify) lead it to its page; elsewhere it leads to the \"not found\" page (see \"Changing a page's address\" in the README)",
                ),
            )
        }
        AddressGone { address, aliases, moved: true } => (
            say(
                format!("l'adresse {address}, où cette page était publiée, ne mènerait plus à elle : les liens déjà partagés seraient cassés"),
                format!("the address {address}, where this page was published, would no longer lead to it: links already shared would break"),
            ),
            Some(say(
                format!("pour la garder, ajoutez à l'en-tête de ce fichier : {aliases}"),
                format!("to keep it, add to this file's header: {aliases}"),
            )),
        ),
        AddressGone { address, aliases, moved: false } => (
            say(
                format!("l'adresse {address}, où cette page était publiée, ne mènerait plus nulle part : la page n'est plus publiée"),
                format!("the address {address}, where this page was published, would lead nowhere: the page is no longer published"),
            ),
            Some(say(
                format!("si une autre page la remplace, ajoutez à son en-tête : {aliases} ; sinon, les liens qui y mènent afficheront la page « introuvable »"),
                format!("if another page replaces it, add to its header: {aliases}; otherwise links to it will show the \"not found\" page"),
            )),
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

/// The key meant by one written in French (`lieu:` for `place:`), if it is one expected.
fn in_english<'e>(key: &str, expected: &'e [String]) -> Option<&'e str> {
    const FRENCH: [(&str, &[&str]); 6] = [
        ("title", &["titre"]),
        ("place", &["lieu", "endroit", "ville"]),
        ("summary", &["resume", "chapeau", "description"]),
        ("tags", &["themes", "theme", "categorie", "categories", "mots-cles", "etiquettes"]),
        ("draft", &["brouillon"]),
        ("updated", &["mis-a-jour", "mise-a-jour", "modifie", "mis_a_jour"]),
    ];
    let folded = deunicode::deunicode(key).to_lowercase();
    let (meant, _) = FRENCH.iter().find(|(_, french)| french.contains(&folded.as_str()))?;
    expected.iter().find(|k| k == meant).map(String::as_str)
}

/// What to do about two files at one address, by what they are.
fn duplicate_hint(kind: Duplicate, fr: bool) -> String {
    let (french, english) = match kind {
        Duplicate::File => (
            "renommez l'un des deux fichiers : sans majuscules, accents, espaces ni « _ », leurs noms sont les mêmes (IMG_1234.JPG et img-1234.jpg deviennent img-1234.jpg)",
            "rename one of the two files: without capitals, accents, spaces or \"_\", their names are the same (IMG_1234.JPG and img-1234.jpg both become img-1234.jpg)",
        ),
        Duplicate::Page => (
            "donnez à l'une des deux pages une autre adresse : une ligne slug: dans son en-tête, ou un autre nom de fichier",
            "give one of the two pages another address: a line slug: in its header, or another file name",
        ),
    };
    if fr { french.to_string() } else { english.to_string() }
}

/// What to do about a link that leads nowhere: an e-mail address wants `mailto:`, another
/// site's address `https://`.
fn link_hint(target: &str, fr: bool) -> String {
    let say = |french: String, english: String| if fr { french } else { english };
    let path = target.split(['#', '?']).next().unwrap_or(target);
    let first = path.split('/').next().unwrap_or(path);
    let is_email = first.contains('@') && !first.starts_with('@') && !path.contains(['/', ' ']);
    let extension = first.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let is_domain = first.starts_with("www.")
        || (first.contains('.')
            && (2..=6).contains(&extension.len())
            && extension.bytes().all(|b| b.is_ascii_alphabetic())
            && !FILE_EXTENSIONS.contains(&extension.as_str())
            && first.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'));
    if is_email {
        say(
            format!("pour une adresse électronique, écrivez mailto:{target}, ou <{target}>"),
            format!("for an e-mail address, write mailto:{target}, or <{target}>"),
        )
    } else if is_domain {
        say(
            format!("pour une page d'un autre site, écrivez son adresse entière : https://{target}"),
            format!("for a page of another site, write its whole address: https://{target}"),
        )
    } else {
        say(
            "vérifiez le nom : un lien vers une page s'écrit avec son fichier, par exemple ../contact.md".into(),
            "check the name: link to a page by its file, e.g. ../contact.md".into(),
        )
    }
}

/// Endings of files a link may name, not of domains: `rapport.pdf` is a file, `cnr.ml` a site.
const FILE_EXTENSIONS: [&str; 24] = [
    "md", "html", "htm", "pdf", "jpg", "jpeg", "jfif", "png", "webp", "gif", "svg", "doc", "docx", "odt", "xls",
    "xlsx", "ods", "ppt", "pptx", "txt", "csv", "zip", "mp3", "mp4",
];

/// What the sanitizer took out of raw HTML, and why.
fn html_removed(part: &HtmlPart, fr: bool) -> (String, Option<String>) {
    let say = |french: String, english: String| if fr { french } else { english };
    let safe = || {
        say(
            "seul le HTML sûr est gardé (tableaux, listes, sup, sub, abbr, br…) ; la mise en forme s'écrit en Markdown : **gras**, ## Intertitre".into(),
            "only safe HTML is kept (tables, lists, sup, sub, abbr, br…); write formatting in Markdown: **bold**, ## Heading".into(),
        )
    };
    match part {
        HtmlPart::Tag(name) => (
            say(
                format!("balise <{name}> retirée, son texte est gardé"),
                format!("tag <{name}> removed, its text is kept"),
            ),
            Some(safe()),
        ),
        HtmlPart::Whole(name) => {
            let hint = match name.as_str() {
                "iframe" => say(
                    "seules les vidéos de YouTube, Vimeo, Dailymotion et Facebook sont reconnues ; pour autre chose, mettez un lien".into(),
                    "only videos of YouTube, Vimeo, Dailymotion and Facebook are recognised; for anything else, put a link".into(),
                ),
                "form" | "input" | "button" | "select" | "textarea" => say(
                    "un formulaire ne passe pas dans le texte : mettez un lien vers la page Contact".into(),
                    "a form cannot go in a text: put a link to the Contact page".into(),
                ),
                _ => say(
                    "les scripts, les styles et les contenus d'autres sites ne passent pas dans le texte : l'apparence vient du thème".into(),
                    "scripts, styles and content of other sites cannot go in a text: the theme gives the look".into(),
                ),
            };
            (
                say(
                    format!("élément <{name}> retiré avec son contenu"),
                    format!("element <{name}> removed with its content"),
                ),
                Some(hint),
            )
        }
        HtmlPart::Attribute(element, attribute) => {
            let hint = if attribute.starts_with("on") {
                say(
                    format!("un attribut {attribute} exécute du code : il n'est jamais gardé ; retirez-le"),
                    format!("an {attribute} attribute runs code: it is never kept; remove it"),
                )
            } else {
                say(
                    "l'apparence vient du thème : styles, classes et identifiants collés d'un autre éditeur sont retirés ; rien à faire, ou retirez-les".into(),
                    "the theme gives the look: styles, classes and identifiers pasted from another editor are removed; nothing to do, or remove them".into(),
                )
            };
            (
                say(
                    format!("attribut {attribute} de <{element}> retiré"),
                    format!("attribute {attribute} of <{element}> removed"),
                ),
                Some(hint),
            )
        }
        HtmlPart::Comment => (
            say("commentaire HTML retiré".into(), "HTML comment removed".into()),
            Some(say(
                "un commentaire <!-- … --> n'est jamais publié ; rien à faire, ou retirez-le".into(),
                "a comment <!-- … --> is never published; nothing to do, or remove it".into(),
            )),
        ),
        HtmlPart::Unbalanced(name) => (
            say(format!("balise <{name}> mal fermée, corrigée"), format!("tag <{name}> not closed right, corrected")),
            Some(say(
                format!("ouvrez et fermez la balise dans le même paragraphe : <{name}>…</{name}>"),
                format!("open and close the tag in the same paragraph: <{name}>…</{name}>"),
            )),
        ),
    }
}

/// Why an output folder is refused, and what to do.
fn output_refused(why: &OutputRefusal, tongue: Tongue) -> (String, Option<String>) {
    let fr = tongue == Tongue::Fr;
    let say = |french: String, english: String| if fr { french } else { english };
    let mut hint = say(
        "choisissez un dossier absent ou vide, par exemple --output public (le défaut)".into(),
        "choose a folder that does not exist or is empty, e.g. --output public (the default)".into(),
    );
    if let OutputRefusal::NotAnOutput { .. } = why {
        hint.push_str(&say(
            " ; si c'est la sortie d'une version plus ancienne de cnr-site, supprimez-la une fois : les constructions suivantes la reconnaîtront".into(),
            "; if it is the output of an older version of cnr-site, delete it once: later builds will know it as theirs".into(),
        ));
    }
    let message = match why {
        OutputRefusal::SiteFolder => say(
            "le dossier de sortie est celui du site : la construction y remplacerait site.yaml, content/ et themes/"
                .into(),
            "the output folder is the site's own: the build would replace site.yaml, content/ and themes/ there".into(),
        ),
        OutputRefusal::HoldsSite => say(
            "le dossier de sortie contient le site lui-même : la construction effacerait ses sources".into(),
            "the output folder holds the site itself: the build would erase its sources".into(),
        ),
        OutputRefusal::InSources(folder) => say(
            format!("le dossier de sortie est dans {folder}/, parmi les sources du site"),
            format!("the output folder is inside {folder}/, among the site's sources"),
        ),
        OutputRefusal::File => say(
            "la sortie est un fichier, pas un dossier : il serait remplacé".into(),
            "the output is a file, not a folder: it would be replaced".into(),
        ),
        OutputRefusal::NotAnOutput { names, count } => {
            let listed = names.join(", ");
            let more = count.saturating_sub(names.len());
            let (more_fr, more_en) =
                if more > 0 { (format!(" et {more} autres"), format!(" and {more} more")) } else { Default::default() };
            say(
                format!(
                    "ce dossier n'est pas une sortie de cnr-site : il contient {listed}{more_fr}, qui seraient perdus"
                ),
                format!("this folder is not an output of cnr-site: it holds {listed}{more_en}, which would be lost"),
            )
        }
    };
    (message, Some(hint))
}

fn megabytes(bytes: u64, decimal: char) -> String {
    let tenths = (bytes * 10 + 524_288) / 1_048_576;
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{}{decimal}{}", tenths / 10, tenths % 10)
    }
}

/// A kind of YAML value in words: « une liste », « un nombre entier ». The kinds are those
/// `yaml` names; anything else is « une autre valeur ».
fn kind(name: &str, fr: bool) -> &'static str {
    let (french, english) = match name {
        "sequence" => ("une liste", "a list"),
        "map" => ("un ensemble de clés", "a set of keys"),
        "string" => ("un texte", "a text"),
        "integer" => ("un nombre entier", "a whole number"),
        "number" => ("un nombre", "a number"),
        "boolean" => ("true ou false", "true or false"),
        "null" => ("une valeur vide", "an empty value"),
        _ => ("une autre valeur", "another value"),
    };
    if fr { french } else { english }
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
        Expected::DeployTarget => (
            "attendu : une adresse comme sftp://utilisateur@serveur/dossier, ftps://utilisateur@serveur/dossier ou file:///media/cle/site",
            "expected: an address like sftp://user@server/folder, ftps://user@server/folder or file:///media/stick/site",
        ),
        Expected::Tag => {
            ("attendu : un thème fait de lettres ou de chiffres", "expected: a tag made of letters or digits")
        }
    };
    if fr { french.to_string() } else { english.to_string() }
}

/// How a report shows warnings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shown {
    /// Warnings count as errors (`check --strict`).
    pub strict: bool,
    /// Every warning is listed, even of a kind that has many (`--verbose`).
    pub verbose: bool,
}

/// Past this many warnings of one kind, a report sums them up in one line, unless verbose.
pub const SUMMED_PAST: usize = 10;

/// Lines longer than this are quoted around the place at fault, not whole.
const LONG_LINE: usize = 100;

/// Past this many problems in one file, the others are counted, not told, unless verbose: the
/// first ones show what to fix, and a text pasted wrong can hold thousands of one mistake.
pub const TOLD_PER_FILE: usize = 50;

/// `errors` as told: the first [`TOLD_PER_FILE`] of each file, in their order, and how many
/// others each file has.
pub fn told<'a>(errors: impl IntoIterator<Item = &'a Error>) -> (Vec<&'a Error>, BTreeMap<&'a Path, usize>) {
    let mut counts: HashMap<&Path, usize> = HashMap::new();
    let mut more: BTreeMap<&Path, usize> = BTreeMap::new();
    let mut told = Vec::new();
    for error in errors {
        let file = error.location.file.as_path();
        let count = counts.entry(file).or_default();
        *count += 1;
        if *count > TOLD_PER_FILE {
            *more.entry(file).or_default() += 1;
        } else {
            told.push(error);
        }
    }
    (told, more)
}

/// The line after the problems told of a file, when `more` others are not.
pub fn not_told(more: usize, tongue: Tongue) -> String {
    match tongue {
        Tongue::Fr => format!(
            "et {} dans ce fichier : corrigez d'abord ceux-ci, les suivants sont souvent la même erreur",
            count(more, "autre problème", "autres problèmes", tongue)
        ),
        Tongue::En => format!(
            "and {} in this file: fix these first, the others are often the same mistake",
            count(more, "more problem", "more problems", tongue)
        ),
    }
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
/// Warnings of a kind that has more than [`SUMMED_PAST`] are summed up at the end, in one line
/// each (« 134 pages sans version « en » »), unless `shown.verbose`. `source` gives the text of
/// a file, to quote the line at fault.
pub fn report(errors: &[Error], tongue: Tongue, shown: Shown, source: impl Fn(&Path) -> Option<String>) -> String {
    let mut kinds: BTreeMap<ProblemKind, usize> = BTreeMap::new();
    for error in errors.iter().filter(|e| e.problem.is_warning()) {
        *kinds.entry(ProblemKind::from(&error.problem)).or_default() += 1;
    }
    let summed: Vec<ProblemKind> = match shown.strict || shown.verbose {
        true => Vec::new(),
        false => kinds.into_iter().filter(|(_, n)| *n > SUMMED_PAST).map(|(kind, _)| kind).collect(),
    };
    let kept = errors.iter().filter(|e| !summed.contains(&ProblemKind::from(&e.problem)));
    let (kept, more) = if shown.verbose { (kept.collect(), BTreeMap::new()) } else { told(kept) };
    let mut by_file: BTreeMap<&Path, Vec<&Error>> = BTreeMap::new();
    for error in kept {
        by_file.entry(&error.location.file).or_default().push(error);
    }
    let mut out = String::new();
    for (file, errors) in by_file {
        let text = source(file);
        let lines = text.as_deref().map(crate::text::LineIndex::new);
        // The line quoted last: errors of one line come together, and it is split in characters once.
        let mut quoted: Option<Quoted> = None;
        for error in errors {
            let (message, hint) = describe(&error.problem, tongue);
            let warning = error.problem.is_warning() && !shown.strict;
            out.push_str(&format!("{}: {}{message}\n", error.location, severity(warning, tongue)));
            if let (Some(lines), Location { line: Some(line), column, .. }) = (&lines, &error.location)
                && let Some(text) = lines.line(*line)
            {
                if quoted.as_ref().is_none_or(|q| q.number != *line) {
                    let text = if *line == 1 { text.trim_start_matches('\u{feff}') } else { text };
                    quoted = Some(Quoted::new(*line, text));
                }
                if let Some(quoted) = &quoted {
                    out.push_str(&quoted.at(*column));
                }
            }
            if let Some(hint) = hint {
                out.push_str(&format!("  {} {hint}\n", help(tongue)));
            }
        }
        if let Some(&more) = more.get(file) {
            out.push_str(&format!("{}: {}\n", file.display(), not_told(more, tongue)));
        }
    }
    for kind in summed {
        let found: Vec<&Error> = errors.iter().filter(|e| ProblemKind::from(&e.problem) == kind).collect();
        let (message, hint) = sum(kind, &found, tongue);
        out.push_str(&format!("{}{message}\n  {} {hint}\n", severity(true, tongue), help(tongue)));
    }
    out
}

fn severity(warning: bool, tongue: Tongue) -> &'static str {
    match (warning, tongue) {
        (true, Tongue::Fr) => "attention : ",
        (true, Tongue::En) => "warning: ",
        (false, Tongue::Fr) => "erreur : ",
        (false, Tongue::En) => "error: ",
    }
}

fn help(tongue: Tongue) -> &'static str {
    match tongue {
        Tongue::Fr => "aide :",
        Tongue::En => "help:",
    }
}

/// A line of a file, to quote: its text and where each of its characters starts.
struct Quoted<'a> {
    number: usize,
    text: &'a str,
    /// The byte where each character starts, and the line's length last.
    starts: Vec<usize>,
}

impl<'a> Quoted<'a> {
    fn new(number: usize, text: &'a str) -> Quoted<'a> {
        let starts = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        Quoted { number, text, starts }
    }

    /// The line, and a caret under `column`; a long line is quoted around the column, its cut
    /// ends marked « … ».
    fn at(&self, column: Option<usize>) -> String {
        let chars = self.starts.len() - 1;
        let at = column.unwrap_or(1).saturating_sub(1).min(chars);
        let (start, end) = if chars <= LONG_LINE {
            (0, chars)
        } else {
            let start = at.saturating_sub(40);
            (start, (start + 80).min(chars))
        };
        let slice = |from: usize, to: usize| &self.text[self.starts[from]..self.starts[to]];
        let mut shown = slice(start, end).to_string();
        let mut caret: usize = slice(start, at.max(start)).chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
        if start > 0 {
            shown.insert(0, '…');
            caret += 1;
        }
        if end < chars {
            shown.push('…');
        }
        let number = self.number.to_string();
        let mut out = format!(" {number} | {}\n", shown.replace('\t', "    "));
        if column.is_some() {
            out.push_str(&format!(" {} | {}^\n", " ".repeat(number.len()), " ".repeat(caret)));
        }
        out
    }
}

/// One line for many warnings of a kind, and what to do about them.
fn sum(kind: ProblemKind, found: &[&Error], tongue: Tongue) -> (String, String) {
    let n = found.len();
    let fr = tongue == Tongue::Fr;
    let say = |french: String, english: String| if fr { french } else { english };
    let languages: std::collections::BTreeSet<&str> = found
        .iter()
        .filter_map(|e| match &e.problem {
            Problem::Untranslated { language, .. } | Problem::MissingOriginal { language, .. } => {
                Some(language.as_str())
            }
            _ => None,
        })
        .collect();
    let languages = languages.into_iter().collect::<Vec<_>>().join(", ");
    let (french, english) = match kind {
        ProblemKind::Untranslated => {
            (format!("{n} pages sans version « {languages} »"), format!("{n} pages without a `{languages}` version"))
        }
        ProblemKind::MissingOriginal => (
            format!("{n} pages publiées en « {languages} » seulement"),
            format!("{n} pages published in `{languages}` only"),
        ),
        ProblemKind::NotYetTranslated => {
            (format!("{n} traductions encore en brouillon"), format!("{n} translations still drafts"))
        }
        ProblemKind::OutdatedTranslation => (
            format!("{n} traductions plus anciennes que leur original"),
            format!("{n} translations older than their original"),
        ),
        ProblemKind::Ordinal => {
            (format!("{n} ordinaux à corriger (« 2ème » : « 2e »)"), format!("{n} ordinals to correct"))
        }
        ProblemKind::Hour => (format!("{n} heures à écrire « 8 h »"), format!("{n} times to write \"8 h\"")),
        ProblemKind::CapitalA => (format!("{n} « A » à écrire « À »"), format!("{n} \"A\" to write \"À\"")),
        ProblemKind::UpdatedBeforeDate => {
            (format!("{n} mises à jour datées avant leur page"), format!("{n} updates dated before their page"))
        }
        ProblemKind::HtmlRemoved => (format!("{n} retouches du HTML collé"), format!("{n} changes to pasted HTML")),
        ProblemKind::VideoEmbed => (
            format!("{n} vidéos montrées par un lien qui les charge au clic"),
            format!("{n} videos shown as a link that loads them when clicked"),
        ),
        _ => (format!("{n} avertissements de ce genre"), format!("{n} warnings of this kind")),
    };
    let hint = say(
        "cnr-site check --verbose les liste un par un, avec leur fichier et leur ligne".into(),
        "cnr-site check --verbose lists them one by one, with their file and line".into(),
    );
    (say(french, english), hint)
}

/// The closing line: how many errors and warnings.
pub fn summary(errors: usize, warnings: usize, tongue: Tongue) -> String {
    match tongue {
        Tongue::Fr => format!(
            "{}, {}",
            count(errors, "erreur", "erreurs", tongue),
            count(warnings, "avertissement", "avertissements", tongue)
        ),
        Tongue::En => {
            format!("{}, {}", count(errors, "error", "errors", tongue), count(warnings, "warning", "warnings", tongue))
        }
    }
}

/// What the last line of a build tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built<'a> {
    /// HTML pages per language, the default language first.
    pub pages: &'a [(Language, usize)],
    pub files: usize,
    /// Files written, left as they were, removed.
    pub written: usize,
    pub kept: usize,
    pub removed: usize,
    /// Drafts and pages dated in the future, not published.
    pub drafts: usize,
    pub future: usize,
    pub elapsed: Duration,
    /// Warnings, printed before the line.
    pub warnings: usize,
}

/// The last line of a build: pages per language, files written, time taken, what was left
/// out, and how many warnings.
pub fn built(built: &Built, tongue: Tongue) -> String {
    let warnings = count(built.warnings, "avertissement", "avertissements", tongue);
    let warnings_en = count(built.warnings, "warning", "warnings", tongue);
    match tongue {
        Tongue::Fr => format!("{} ; {warnings}", built_line(built, tongue)),
        Tongue::En => format!("{}; {warnings_en}", built_line(built, tongue)),
    }
}

fn built_line(built: &Built, tongue: Tongue) -> String {
    let pages: Vec<String> = built.pages.iter().map(|(lang, n)| format!("{lang} {n}")).collect();
    let (pages, files, ms) = (pages.join(", "), built.files, built.elapsed.as_millis());
    let (drafts, future) = (built.drafts, built.future);
    let (written, kept, removed) = (built.written, built.kept, built.removed);
    match tongue {
        Tongue::Fr => {
            let changes = format!(
                "{} : {written} écrits, {kept} inchangés, {removed} supprimés",
                count(files, "fichier", "fichiers", tongue)
            );
            let mut line = format!("pages : {pages} ; {changes}, en {ms} ms");
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
            let changes = format!(
                "{}: {written} written, {kept} unchanged, {removed} removed",
                count(files, "file", "files", tongue)
            );
            let mut line = format!("pages: {pages}; {changes}, in {ms} ms");
            if drafts + future > 0 {
                line +=
                    &format!("; left out: {drafts} draft(s), {future} dated in the future (--drafts to include them)");
            }
            line
        }
    }
}

/// The line `build` ends with when it failed: nothing was written.
pub fn build_failed(errors: usize, output: &Path, tongue: Tongue) -> String {
    let output = output.display();
    match tongue {
        Tongue::Fr => {
            format!("{} : rien n'a été écrit, {output} est resté tel quel.", count(errors, "erreur", "erreurs", tongue))
        }
        Tongue::En => {
            format!("{}: nothing was written, {output} is as it was.", count(errors, "error", "errors", tongue))
        }
    }
}

/// What `build` says when another build is writing the same output folder.
pub fn waiting_for_build(output: &Path, tongue: Tongue) -> String {
    let output = output.display();
    match tongue {
        Tongue::Fr => format!("Une autre construction écrit {output} : celle-ci attend qu'elle ait fini…"),
        Tongue::En => format!("Another build is writing {output}: this one waits for it to finish…"),
    }
}

/// What `new` says once the files are written.
pub fn new_written(tongue: Tongue) -> &'static str {
    match tongue {
        Tongue::Fr => "Écrivez le texte dans le premier fichier ; le second attend sa traduction.",
        Tongue::En => "Write the text in the first file; the other waits for its translation.",
    }
}

/// The address `serve` prints once it listens.
pub fn serving(address: &str, tongue: Tongue) -> String {
    match tongue {
        Tongue::Fr => format!("Aperçu du site : http://{address}/ (Ctrl+C pour arrêter)"),
        Tongue::En => format!("Site preview: http://{address}/ (Ctrl+C to stop)"),
    }
}

/// The link on previewed pages to the editor's page for their file.
pub fn edit_this_page(tongue: Tongue) -> &'static str {
    match tongue {
        Tongue::Fr => "✎ Modifier cette page",
        Tongue::En => "✎ Edit this page",
    }
}

/// What `editor-password` says: asking, asking again, the two differ, too short, written.
pub fn password_prompt(step: usize, tongue: Tongue) -> &'static str {
    match (step, tongue) {
        (0, Tongue::Fr) => "Mot de passe de l'éditeur (10 caractères au moins) : ",
        (0, Tongue::En) => "Editor password (at least 10 characters): ",
        (1, Tongue::Fr) => "Le même mot de passe, encore une fois : ",
        (1, Tongue::En) => "The same password again: ",
        (2, Tongue::Fr) => "Les deux mots de passe diffèrent : rien n'a été écrit.",
        (2, Tongue::En) => "The two passwords differ: nothing was written.",
        (3, Tongue::Fr) => "Mot de passe trop court (10 caractères au moins) : rien n'a été écrit.",
        (3, Tongue::En) => "Password too short (at least 10 characters): nothing was written.",
        (_, Tongue::Fr) => "Mot de passe enregistré (chiffré) dans",
        (_, Tongue::En) => "Password saved (hashed) in",
    }
}

/// The line `serve` prints after a rebuild: what changed (`None` for the first build), and how
/// many outputs were rendered again, or how many errors the site has.
pub fn rebuilt(what: Option<&str>, rendered: Result<usize, usize>, elapsed: Duration, tongue: Tongue) -> String {
    let what = what.unwrap_or(match tongue {
        Tongue::Fr => "construction",
        Tongue::En => "build",
    });
    let ms = elapsed.as_millis();
    match (rendered, tongue) {
        (Ok(n), Tongue::Fr) => format!("{what} : {} en {ms} ms", count(n, "page rendue", "pages rendues", tongue)),
        (Ok(n), Tongue::En) => format!("{what}: {} in {ms} ms", count(n, "page rendered", "pages rendered", tongue)),
        (Err(n), Tongue::Fr) => {
            format!(
                "{what} : {} ; les dernières pages correctes restent servies",
                count(n, "erreur", "erreurs", tongue)
            )
        }
        (Err(n), Tongue::En) => {
            format!("{what}: {}; the last good pages are still served", count(n, "error", "errors", tongue))
        }
    }
}

/// The title of the block of errors `serve` shows on top of the pages.
pub fn site_has_errors(tongue: Tongue) -> &'static str {
    match tongue {
        Tongue::Fr => "Le site contient des erreurs",
        Tongue::En => "The site has errors",
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

// `cnr-site deploy`.

/// A size for people: `512 o`, `11,1 Ko`, `2,4 Mo` (`11.1 KB` in English).
pub fn size(bytes: u64, tongue: Tongue) -> String {
    let (units, decimal) = match tongue {
        Tongue::Fr => (["o", "Ko", "Mo", "Go"], ','),
        Tongue::En => (["B", "KB", "MB", "GB"], '.'),
    };
    let (mut value, mut unit) = (bytes as f64, 0);
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    let number = if unit == 0 || value >= 100.0 { format!("{value:.0}") } else { format!("{value:.1}") };
    format!("{} {}", number.replace('.', &decimal.to_string()), units[unit])
}

/// A duration for people: `3 s`, `2 min 05 s`, `1 h 02 min`.
pub fn duration(duration: std::time::Duration) -> String {
    let seconds = duration.as_secs();
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min {:02} s", seconds / 60, seconds % 60),
        _ => format!("{} h {:02} min", seconds / 3600, seconds % 3600 / 60),
    }
}

/// What `deploy` says while it reads what the server holds, and lists its folders.
pub fn deploy_reading(every_folder: bool, tongue: Tongue) -> &'static str {
    match (every_folder, tongue) {
        (false, Tongue::Fr) => "Lecture de l'état du serveur…",
        (false, Tongue::En) => "Reading what the server holds…",
        (true, Tongue::Fr) => "Inventaire complet du serveur : chaque dossier est lu…",
        (true, Tongue::En) => "Listing the whole server: every folder is read…",
    }
}

/// What a deploy is about to do: `À envoyer : 4 fichiers (11,1 Ko) ; à supprimer : 1 fichier`.
pub fn deploy_plan(files: usize, bytes: u64, removals: usize, tongue: Tongue) -> String {
    let size = size(bytes, tongue);
    match tongue {
        Tongue::Fr => format!("À envoyer : {} ({size}) ; à supprimer : {}", files_fr(files), files_fr(removals)),
        Tongue::En => format!("To send: {} ({size}); to remove: {}", files_en(files), files_en(removals)),
    }
}

fn files_fr(n: usize) -> String {
    if n <= 1 { format!("{n} fichier") } else { format!("{n} fichiers") }
}

fn files_en(n: usize) -> String {
    if n == 1 { "1 file".into() } else { format!("{n} files") }
}

/// `--dry-run`'s list: each file to send with its size, each file to remove.
pub fn deploy_dry_run(sent: &[(OutputFile, u64)], removed: &[OutputFile], tongue: Tongue) -> String {
    let bytes = sent.iter().map(|(_, size)| size).sum();
    let mut out = deploy_plan(sent.len(), bytes, removed.len(), tongue) + "\n";
    for (path, bytes) in sent {
        out += &format!("  + {path}  {}\n", size(*bytes, tongue));
    }
    for path in removed {
        out += &format!("  - {path}\n");
    }
    out + match tongue {
        Tongue::Fr => "Rien n'a été envoyé ni supprimé (--dry-run).",
        Tongue::En => "Nothing was sent or removed (--dry-run).",
    }
}

/// The last line of a deploy: files sent, bytes, removals, time.
pub fn deployed(files: usize, bytes: u64, removed: usize, elapsed: std::time::Duration, tongue: Tongue) -> String {
    let (size, time) = (size(bytes, tongue), duration(elapsed));
    match (files + removed, tongue) {
        (0, Tongue::Fr) => "Le serveur est déjà à jour : rien à envoyer.".into(),
        (0, Tongue::En) => "The server is up to date already: nothing to send.".into(),
        (_, Tongue::Fr) => {
            let removed = if removed <= 1 { format!("{removed} supprimé") } else { format!("{removed} supprimés") };
            let sent = if files <= 1 { "envoyé" } else { "envoyés" };
            format!("Site publié : {} {sent} ({size}), {removed}, en {time}.", files_fr(files))
        }
        (_, Tongue::En) => format!("Site published: {} sent ({size}), {removed} removed, in {time}.", files_en(files)),
    }
}

/// Notes after a deploy: reconnections, files on the server left alone.
pub fn deploy_notes(reconnections: u32, foreign: usize, tongue: Tongue) -> Vec<String> {
    let mut notes = Vec::new();
    match (reconnections, tongue) {
        (0, _) => {}
        (n, Tongue::Fr) => notes.push(format!("La connexion a été rétablie {n} fois ; rien n'a été envoyé deux fois.")),
        (n, Tongue::En) => notes.push(format!("The connection was restored {n} time(s); nothing was sent twice.")),
    }
    match (foreign, tongue) {
        (0, _) => {}
        (n, Tongue::Fr) => notes.push(format!(
            "{} sur le serveur ne {} pas de cnr-site : {} tel{} quel{}.",
            files_fr(n),
            if n == 1 { "vient" } else { "viennent" },
            if n == 1 { "laissé" } else { "laissés" },
            if n == 1 { "" } else { "s" },
            if n == 1 { "" } else { "s" }
        )),
        (n, Tongue::En) => {
            notes.push(format!("{} on the server did not come from cnr-site: left as they are.", files_en(n)))
        }
    }
    notes
}

/// The pause after a dropped connection.
pub fn deploy_retry(attempt: u32, of: u32, delay: std::time::Duration, reason: &str, tongue: Tongue) -> String {
    let delay = duration(delay);
    match tongue {
        Tongue::Fr => format!("Connexion coupée ({reason}) : nouvel essai dans {delay} (essai {attempt} sur {of})"),
        Tongue::En => format!("Connection lost ({reason}): trying again in {delay} (try {attempt} of {of})"),
    }
}

/// The warning for `ftp://`.
pub fn deploy_insecure(tongue: Tongue) -> &'static str {
    match tongue {
        Tongue::Fr => {
            "attention : avec ftp://, le mot de passe et les fichiers passent en clair sur le réseau ; \
             préférez sftp:// ou ftps:// si l'hébergeur les propose"
        }
        Tongue::En => {
            "warning: with ftp://, the password and the files cross the network in clear; \
             prefer sftp:// or ftps:// if the host offers them"
        }
    }
}

pub fn deploy_password_prompt(user: &str, host: &str, tongue: Tongue) -> String {
    match tongue {
        Tongue::Fr => format!("Mot de passe de {user} sur {host} : "),
        Tongue::En => format!("Password of {user} on {host}: "),
    }
}

/// The question before trusting a server never met.
pub fn deploy_trust_prompt(host: &str, fingerprint: &str, tongue: Tongue) -> String {
    match tongue {
        Tongue::Fr => format!(
            "Le serveur {host} n'est pas encore connu de cet ordinateur.\n\
             L'empreinte de sa clé est {fingerprint} : vérifiez-la auprès de l'hébergeur.\n\
             Lui faire confiance et publier ? (oui/non) "
        ),
        Tongue::En => format!(
            "The server {host} is not known to this computer yet.\n\
             The fingerprint of its key is {fingerprint}: check it with the host.\n\
             Trust it and publish? (yes/no) "
        ),
    }
}

/// The progress bar's words: what is done, and how long is left.
pub fn deploy_progress(tongue: Tongue) -> (&'static str, &'static str) {
    match tongue {
        Tongue::Fr => ("Envoi", "reste"),
        Tongue::En => ("Sending", "left"),
    }
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

    /// An example of every kind of problem: the test below fails when a kind has none.
    fn examples() -> Vec<Problem> {
        let s = |text: &str| text.to_string();
        let key = |k: &str| s(k);
        use Problem::*;
        let mut examples = vec![
            Io(s("Permission denied")),
            EmptyFile,
            NotUtf8,
            TooLarge { size: 3 << 20, limit: 2 << 20 },
            NoFrontMatter,
            UnclosedFrontMatter,
            YamlTab,
            YamlColon,
            YamlUnclosed('['),
            YamlIndent,
            YamlNoColon,
            YamlTooDeep { max: 128 },
            YamlReserved('@'),
            Yaml(s("found character that cannot start any token")),
            DuplicateKey(key("title")),
            UnknownKey { key: key("titel"), expected: vec![key("title"), key("date")] },
            WrongType { key: key("tags"), found: s("integer"), expected: s("sequence") },
            WrongType { key: key(""), found: s("map"), expected: s("sequence") },
            MissingKey(key("date")),
            Empty(key("title")),
            BadDate { key: key("date"), value: s("6 février"), suggestion: None },
            BadDate { key: key("date"), value: s("05/01/2024"), suggestion: Some(s("2024-01-05")) },
            ImpossibleDate { key: key("date"), value: s("2026-02-30") },
            DateMismatch { file_date: s("2026-02-06"), date: s("2026-02-07") },
            BadSlug { value: s("Plan 2026"), suggestion: s("plan-2026") },
            NoSlug,
            UnknownLanguage { suffix: s("de"), known: s("fr, en") },
            MissingOriginal { original: s("content/x.md"), language: s("en") },
            DuplicateUrl { url: s("/activites/x/"), other: s("content/activites/x.md"), kind: Duplicate::Page },
            DuplicateUrl { url: s("/img/a.jpg"), other: s("content/img/A.JPG"), kind: Duplicate::File },
            BrokenLink { target: s("nulle-part.md") },
            RefusedLink { target: s("javascript:alert(7)"), scheme: s("javascript") },
            ForeignFile { file: s("CNAME") },
            DateOutOfRange { key: key("date"), value: s("9999-12-31") },
            BrokenAnchor { target: s("/contact/#ecrir"), closest: Some(s("ecrire")) },
            BrokenAnchor { target: s("/contact/#zzz"), closest: None },
            BrokenLink { target: s("nom@example.org") },
            BrokenLink { target: s("www.unhcr.org/fr") },
            VideoEmbed { provider: s("YouTube"), titled: true },
            VideoEmbed { provider: s("Vimeo"), titled: false },
            MissingImage { target: s("photo.jpg") },
            MissingAlt { target: s("photo.jpg") },
            BadImage { reason: s("unexpected end of file") },
            PhotoTooLarge { width: 65000, height: 65000, max: 100_000_000 },
            TruncatedPhoto,
            PhotoChanged,
            StrayCharacter { code: s("U+000B") },
            PlaceholderAddress { url: s("https://example.org/") },
            HtmlTooDeep { max: 512 },
            Template(s("unexpected token")),
            MissingTemplate,
            MissingTheme(s("themes/cnr")),
            MissingStrings { language: s("bm") },
            MissingLabel { language: s("en") },
            PageExists,
            UnknownSection { kind: s("evenement"), known: s("activites") },
            Untranslated { language: s("en"), file: s("content/x.en.md") },
            NotYetTranslated,
            UnpairedTag { tag: s("retour"), language: s("en"), translation: s("content/activites/x.en.md") },
            TooManyTags { count: 2000, max: 20 },
            TagsOutOfOrder { tag: s("Réintégration"), placed: s("UNHCR"), named: s("Reintegration") },
            OutdatedTranslation { date: s("2026-01-01"), original_date: s("2026-02-01") },
            Ordinal { found: s("2ème"), suggestion: s("2e") },
            Hour { found: s("08h"), suggestion: s("8 h") },
            CapitalA { found: s("A Bamako") },
            BadManifest(s("expected value at line 1 column 1")),
            NotBuilt,
            NoEditorPassword,
            BadPasswordFile,
            NoTarget,
            PasswordInTarget,
            Unreachable(s("Connection refused")),
            LoginRefused { user: s("cnr"), ssh: true },
            LoginRefused { user: s("cnr"), ssh: false },
            NoPassword,
            UnknownHostKey(s("SHA256:abc")),
            ChangedHostKey(s("SHA256:abc")),
            Tls(s("certificate verify failed")),
            ServerRefused(s("550 Permission denied")),
            ConnectionLost { tries: 8, reason: s("Broken pipe") },
            BadFont,
            CardName { name: s("/activites/x/card.png") },
            UpdatedBeforeDate { updated: s("2026-01-01"), date: s("2026-02-01") },
            OutputCollision { file: s("index.html"), other: Occupant::Generated(s("/")) },
            OutputCollision { file: s("activites/x/index.html"), other: Occupant::File(s("content/activites/x.md")) },
            PathsCollide { file: s("activites/index.html") },
            BadAlias { value: s("activites/x/"), suggestion: Some(s("/activites/x/")) },
            BadAlias { value: s("/a/../b"), suggestion: None },
            AliasCollision { alias: s("/contact/"), other: Occupant::File(s("content/contact.md")) },
            AliasCollision { alias: s("/activites/page/2/"), other: Occupant::Generated(s("/activites/page/2/")) },
            ServerOnlyAlias { alias: s("/activity_detail.php?id=42") },
            ServerOnlyAlias { alias: s("/rapport.pdf") },
            AddressGone { address: s("/activites/x/"), aliases: s("aliases: [/activites/x/]"), moved: true },
            AddressGone { address: s("/activites/x/"), aliases: s("aliases: [/activites/x/]"), moved: false },
        ];
        examples.extend(<HtmlPart as strum::IntoEnumIterator>::iter().map(HtmlRemoved));
        examples.push(HtmlRemoved(HtmlPart::Attribute(s("a"), s("onclick"))));
        examples.push(HtmlRemoved(HtmlPart::Whole(s("form"))));
        examples.push(HtmlRemoved(HtmlPart::Whole(s("iframe"))));
        examples.extend(
            [
                OutputRefusal::SiteFolder,
                OutputRefusal::HoldsSite,
                OutputRefusal::InSources(s("content")),
                OutputRefusal::File,
                OutputRefusal::NotAnOutput { names: vec![s("site.yaml"), s(".git")], count: 9 },
            ]
            .map(OutputRefused),
        );
        examples.extend(
            crate::error::Notice::ALL.map(|notice| MissingNotice { notice, file: s("content/accessibilite.md") }),
        );
        examples.extend(<crate::error::Expected as strum::IntoEnumIterator>::iter().map(|expected| Invalid {
            key: key("base_url"),
            value: s("x"),
            expected,
        }));
        examples
    }

    #[test]
    fn every_message_has_both_languages_and_says_what_to_do() {
        use strum::IntoEnumIterator;
        let examples = examples();
        for kind in crate::error::ProblemKind::iter() {
            assert!(
                examples.iter().any(|p| crate::error::ProblemKind::from(p) == kind),
                "no example of {kind:?} in messages' tests: add one"
            );
        }
        for problem in &examples {
            let (fr, fr_hint) = describe(problem, Tongue::Fr);
            let (en, en_hint) = describe(problem, Tongue::En);
            assert!(!fr.is_empty() && !en.is_empty(), "{problem:?}");
            assert_ne!(fr, en, "{problem:?} says the same in both languages");
            let (fr_hint, en_hint) = (fr_hint.unwrap_or_default(), en_hint.unwrap_or_default());
            assert!(!fr_hint.is_empty() && !en_hint.is_empty(), "{problem:?} does not say what to do");
            assert_ne!(fr_hint, en_hint, "{problem:?}'s hint is the same in both languages");
            // Words of the code, never of people.
            for said in [&fr, &en, &fr_hint, &en_hint] {
                let words: Vec<&str> = said.split(|c: char| !c.is_alphanumeric()).collect();
                for code in ["usize", "u32", "i64", "f64", "String", "Option", "sequence", "struct", "Some", "None"] {
                    assert!(!words.contains(&code), "{problem:?} says {code:?}: {said}");
                }
            }
        }
    }

    #[test]
    fn messages_fill_in_what_they_name() {
        let problem = Problem::ImpossibleDate { key: "date".into(), value: "2026-02-30".into() };
        assert_eq!(describe(&problem, Tongue::Fr).0, "date : 2026-02-30 n'existe pas");
        assert_eq!(describe(&problem, Tongue::En).0, "date: 2026-02-30 does not exist");
        let typo = Problem::UnknownKey { key: "titel".into(), expected: vec!["title".into(), "date".into()] };
        let french = Problem::UnknownKey { key: "Thèmes".into(), expected: vec!["title".into(), "tags".into()] };
        assert_eq!(describe(&french, Tongue::Fr).1.as_deref(), Some("vouliez-vous dire « tags » ?"));
        let other = Problem::UnknownKey { key: "auteur".into(), expected: vec!["title".into(), "tags".into()] };
        assert_eq!(
            describe(&other, Tongue::En).1.as_deref(),
            Some("remove this line, or choose one of the possible keys: title, tags")
        );
        assert_eq!(describe(&typo, Tongue::En).1.unwrap(), "did you mean `title`?");
        assert_eq!(describe(&typo, Tongue::Fr).1.unwrap(), "vouliez-vous dire « title » ?");
        let usize =
            Problem::WrongType { key: "paginate_by".into(), found: "string".into(), expected: "integer".into() };
        assert_eq!(describe(&usize, Tongue::Fr).0, "paginate_by : il faut un nombre entier, pas un texte");
        let pdf = Problem::ServerOnlyAlias { alias: "/docs/rapport.v2.pdf".into() };
        assert_eq!(
            describe(&pdf, Tongue::Fr).0,
            "l'ancienne adresse /docs/rapport.v2.pdf ne peut pas être une page du site : elle nomme un fichier « .pdf »"
        );
    }

    #[test]
    fn sizes_and_durations_for_people() {
        assert_eq!(size(512, Tongue::Fr), "512 o");
        assert_eq!(size(11_404, Tongue::Fr), "11,1 Ko");
        assert_eq!(size(27_640_237, Tongue::En), "26.4 MB");
        assert_eq!(size(300 * 1024 * 1024, Tongue::Fr), "300 Mo");
        assert_eq!(duration(std::time::Duration::from_secs(3)), "3 s");
        assert_eq!(duration(std::time::Duration::from_secs(125)), "2 min 05 s");
        assert_eq!(duration(std::time::Duration::from_secs(3720)), "1 h 02 min");
    }

    #[test]
    fn deploy_summaries() {
        let second = std::time::Duration::from_secs(3);
        assert_eq!(
            deployed(4, 11_404, 1, second, Tongue::Fr),
            "Site publié : 4 fichiers envoyés (11,1 Ko), 1 supprimé, en 3 s."
        );
        assert_eq!(deployed(1, 10, 0, second, Tongue::En), "Site published: 1 file sent (10 B), 0 removed, in 3 s.");
        assert_eq!(deployed(0, 0, 0, second, Tongue::Fr), "Le serveur est déjà à jour : rien à envoyer.");
        let page = OutputFile::parse("a/index.html").unwrap();
        let listed = deploy_dry_run(&[(page.clone(), 2048)], &[page], Tongue::Fr);
        assert_eq!(
            listed,
            "À envoyer : 1 fichier (2,0 Ko) ; à supprimer : 1 fichier\n  + a/index.html  2,0 Ko\n  - a/index.html\nRien n'a été envoyé ni supprimé (--dry-run)."
        );
        assert_eq!(
            deploy_notes(0, 1, Tongue::Fr),
            ["1 fichier sur le serveur ne vient pas de cnr-site : laissé tel quel."]
        );
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
        let text =
            report(&[error], Tongue::Fr, Shown::default(), |_| Some("---\ntitle: A\ndate: 2026-02-30\n---\n".into()));
        assert_eq!(
            text,
            "a.md:3:7: erreur : date : 2026-02-30 n'existe pas\n 3 | date: 2026-02-30\n   |       ^\n  aide : vérifiez le jour et le mois (AAAA-MM-JJ)\n"
        );
    }

    #[test]
    fn past_fifty_problems_in_a_file_the_others_are_counted_unless_verbose() {
        let broken = |file: &str, line| {
            Error::at(Location::at(Path::new(file), line, 1), Problem::BrokenLink { target: "x.md".into() })
        };
        let errors: Vec<Error> = (1..=60).map(|line| broken("a.md", line)).chain([broken("b.md", 1)]).collect();
        let source = |_: &Path| Some("[x](x.md)\n".repeat(60));
        let short = report(&errors, Tongue::Fr, Shown::default(), source);
        assert_eq!(short.matches("ne mène à aucune page").count(), 51);
        assert!(short.contains("a.md: et 10 autres problèmes dans ce fichier : corrigez d'abord ceux-ci"), "{short}");
        assert!(short.contains("b.md:1:1: erreur"), "the next file is told: {short}");
        let all = report(&errors, Tongue::En, Shown { strict: false, verbose: true }, source);
        assert_eq!(all.matches("leads to no page").count(), 61, "{all}");
        assert!(!all.contains("more problem"));
    }

    #[test]
    fn warnings_are_errors_when_strict() {
        let warning = Error::at(Location::line(Path::new("a.md"), 2), Problem::NotYetTranslated);
        assert!(
            report(std::slice::from_ref(&warning), Tongue::En, Shown::default(), |_| None)
                .starts_with("a.md:2: warning: ")
        );
        assert!(
            report(&[warning], Tongue::En, Shown { strict: true, verbose: false }, |_| None)
                .starts_with("a.md:2: error: ")
        );
    }
}
