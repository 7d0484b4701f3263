//! The fixture-site builder: a site in a temporary folder with the project's theme.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use cnr_site::{BuildOptions, Report, error::Errors, model, url::BaseUrl};

pub const SITE_YAML: &str = "\
base_url: https://cnr.exemple.ml/
default_language: fr
theme: cnr
paginate_by: 10
contact:
  address: Hamdalaye ACI 2000, Bamako, Mali
  phones: [\"+223 63 02 06 06\", \"+223 74 01 90 01\"]
  email: cnrapatriement@yahoo.com
languages:
  fr:
    title: Coordination Nationale du Rapatriement
    identity:
      - République du Mali — Un Peuple, Un But, Une Foi
      - Ministère de la Santé et du Développement Social
    hours: du lundi au vendredi, de 8 h à 16 h
    tags_slug: themes
    search_slug: recherche
    menu:
      - { name: Accueil, link: _index.md }
      - { name: Activités, link: activites/_index.md }
      - { name: Contact, link: contact.md }
  en:
    title: National Repatriation Coordination
    hours: Monday to Friday, 8 am to 4 pm
    tags_slug: topics
    menu:
      - { name: Home, link: _index.md }
      - { name: Activities, link: activites/_index.md }
      - { name: Contact, link: contact.md }
";

/// A site in a temporary folder: `site.yaml`, the project's theme, and the files a test adds.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// A home, an activity list and a contact page in French and English.
    pub fn new() -> Fixture {
        let fixture = Fixture::empty();
        fixture
            .file("site.yaml", SITE_YAML)
            .file("content/_index.md", "---\ntitle: Accueil de la CNR\n---\nBienvenue.\n")
            .file("content/_index.en.md", "---\ntitle: CNR home\n---\nWelcome.\n")
            .file("content/activites/_index.md", "---\ntitle: Liste des activités\n---\nToutes les activités.\n")
            .file(
                "content/activites/_index.en.md",
                "---\ntitle: List of activities\nslug: activities\n---\nAll activities.\n",
            )
            .file("content/contact.md", "---\ntitle: Contact\n---\nÉcrivez-nous.\n")
            .file("content/contact.en.md", "---\ntitle: Contact\n---\nWrite to us.\n");
        fixture
    }

    /// Only the theme.
    pub fn empty() -> Fixture {
        let fixture = Fixture { dir: tempfile::tempdir().expect("a temporary folder") };
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/cnr");
        copy_dir(&theme, &fixture.root().join("themes/cnr"));
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str, text: &str) -> &Fixture {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// A photo `width` × `height` pixels at `rel`, in the format its extension names, with
    /// the fine detail of a real photo (JPEG compresses a flat image to nothing).
    pub fn photo(&self, rel: &str, width: u32, height: u32) -> &Fixture {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, photo_bytes(&path, width, height, None)).unwrap();
        self
    }

    /// An activity in both languages, dated `date`, with its tags.
    pub fn activity(&self, date: &str, slug: &str, title: &str, tags: &[&str]) -> &Fixture {
        let tags = format!("[{}]", tags.join(", "));
        let fr =
            format!("---\ntitle: \"{title}\"\ndate: {date}\nplace: Bamako\ntags: {tags}\n---\nTexte de {title}.\n");
        let en =
            format!("---\ntitle: \"{title} (EN)\"\ndate: {date}\nplace: Bamako\ntags: {tags}\n---\nText of {title}.\n");
        self.file(&format!("content/activites/{date}-{slug}.md"), &fr)
            .file(&format!("content/activites/{date}-{slug}.en.md"), &en)
    }

    /// The pages an institution's site owes its visitors, in both languages.
    pub fn notices(&self) -> &Fixture {
        for (stem, title, en_title) in [
            ("accessibilite", "Accessibilité", "Accessibility"),
            ("mentions-legales", "Mentions légales", "Legal notice"),
            ("confidentialite", "Confidentialité", "Privacy"),
        ] {
            self.file(&format!("content/{stem}.md"), &format!("---\ntitle: {title}\n---\nTexte.\n"))
                .file(&format!("content/{stem}.en.md"), &format!("---\ntitle: {en_title}\n---\nText.\n"));
        }
        self
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn build_with(&self, drafts: bool, base_url: Option<&str>) -> Result<Report, Errors> {
        let options = BuildOptions {
            root: self.root().to_path_buf(),
            output: self.output(),
            model: model::Options {
                drafts,
                today: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
                base_url: base_url.map(|b| BaseUrl::parse(b).unwrap()),
            },
            strict: false,
        };
        cnr_site::build(&options, &|_, _| {}, &|| {})
    }

    pub fn build(&self) -> Report {
        match self.build_with(false, None) {
            Ok(report) => report,
            Err(errors) => panic!("the build failed:\n{errors}"),
        }
    }

    pub fn build_error(&self) -> String {
        match self.build_with(false, None) {
            Ok(_) => panic!("the build should have failed"),
            Err(errors) => errors.to_string(),
        }
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.output().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// A file of the site (not of the output), as text.
    pub fn read_source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.output().join(rel).exists()
    }

    /// Runs the `cnr-site` command in the site's folder, with a locale that does not choose
    /// the language of messages; returns (exit code, standard output, standard error).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.run_with_env(args, &[])
    }

    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_cnr-site"));
        command
            .args(args)
            .current_dir(self.root())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8");
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command.output().expect("cnr-site runs");
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8 output");
        (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
    }

    /// Every file of the output with its bytes.
    /// Each output file with its modification time: what `rsync` and `deploy` look at.
    pub fn dates(&self) -> BTreeMap<String, std::time::SystemTime> {
        walk(&self.output())
            .into_iter()
            .map(|p| {
                let name = p.strip_prefix(self.output()).unwrap().to_string_lossy().into_owned();
                (name, std::fs::metadata(&p).unwrap().modified().unwrap())
            })
            .collect()
    }

    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        walk(&self.output())
            .into_iter()
            .map(|p| (p.strip_prefix(self.output()).unwrap().to_path_buf(), std::fs::read(&p).unwrap()))
            .collect()
    }
}

/// The bytes of a photo: a gradient with noise, in the format of `path`'s extension; with
/// `orientation`, a JPEG that says so in its EXIF data, as cameras held upright do.
pub fn photo_bytes(path: &Path, width: u32, height: u32, orientation: Option<u16>) -> Vec<u8> {
    let mut seed = 0x2545_f491_u32;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        (seed % 48) as u8
    };
    let alpha = path.extension().is_some_and(|e| e == "png");
    let image = image::RgbaImage::from_fn(width, height, |x, y| {
        let (r, g) = ((x * 200 / width) as u8, (y * 200 / height) as u8);
        image::Rgba([r + noise(), g + noise(), 120 + noise(), if alpha { (x % 256) as u8 } else { 255 }])
    });
    let format = image::ImageFormat::from_path(path).unwrap();
    let mut bytes = std::io::Cursor::new(Vec::new());
    if format == image::ImageFormat::Jpeg {
        image::DynamicImage::ImageRgba8(image).to_rgb8().write_to(&mut bytes, format).unwrap();
    } else {
        image.write_to(&mut bytes, format).unwrap();
    }
    let mut bytes = bytes.into_inner();
    if let Some(orientation) = orientation {
        // An APP1 segment right after the JPEG's start: Exif, a big-endian TIFF header and one
        // IFD entry, Orientation (0x0112), a SHORT.
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
        exif.extend(orientation.to_be_bytes());
        exif.extend([0, 0, 0, 0, 0, 0]);
        let mut segment = vec![0xff, 0xe1];
        segment.extend(((exif.len() + 2) as u16).to_be_bytes());
        segment.extend(exif);
        bytes.splice(2..2, segment);
    }
    bytes
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    files
}

/// The values of `attribute="..."` in `html`.
pub fn attributes<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let start = at + needle.len();
            &html[start..start + html[start..].find('"').unwrap()]
        })
        .collect()
}

/// The text of the first element with `class="name"`.
pub fn text_of_class<'a>(html: &'a str, class: &str) -> &'a str {
    let at = html.find(&format!("class=\"{class}\"")).unwrap_or_else(|| panic!("no class {class}"));
    let start = at + html[at..].find('>').unwrap() + 1;
    &html[start..start + html[start..].find("</").unwrap()]
}
