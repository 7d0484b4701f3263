//! Photos made light for phones: a few widths in WebP and in their own format, offered with
//! `srcset`, `sizes`, `width` and `height`; turned upright; cached between builds.

use std::path::{Path, PathBuf};

use crate::fixture::*;

const A: &str = "content/activites/2026-01-05-a.md";

/// A site whose activity has a lead photo and another in its text.
fn site_with_photos() -> Fixture {
    let site = Fixture::new();
    site.photo("content/activites/Signature 1.JPG", 2000, 1500).photo("content/activites/carte.png", 600, 400).file(
        A,
        "---\ntitle: A\ndate: 2026-01-05\nimage: Signature 1.JPG\nimage_alt: \"La signature du <plan>\"\n---\n\nTexte.\n\n![Les délégations « réunies »](Signature%201.JPG)\n\n![La carte](carte.png)\n",
    );
    site
}

fn dimensions(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn photos_are_published_in_three_widths_in_webp_and_jpeg() {
    let site = site_with_photos();
    site.build();
    for (width, height) in [(480, 360), (960, 720), (1440, 1080)] {
        for ext in ["webp", "jpg"] {
            let file = site.output().join(format!("activites/signature-1-{width}.{ext}"));
            assert_eq!(dimensions(&file), (width, height), "{}", file.display());
        }
        let webp = std::fs::read(site.output().join(format!("activites/signature-1-{width}.webp"))).unwrap();
        assert_eq!((&webp[..4], &webp[8..12]), (&b"RIFF"[..], &b"WEBP"[..]));
    }
    assert!(!site.exists("activites/signature-1-2000.jpg"), "a photo is not published larger than 1440 px");
    assert_eq!(dimensions(&site.output().join("activites/signature-1.jpg")), (2000, 1500), "the original stays");
    // Smaller than the largest width: published at its own size, never enlarged. Transparency
    // keeps PNG as the format for browsers without WebP.
    assert_eq!(dimensions(&site.output().join("activites/carte-600.png")), (600, 400));
    assert_eq!(dimensions(&site.output().join("activites/carte-480.webp")), (480, 320));
    assert!(!site.exists("activites/carte-960.webp"));
}

#[test]
fn pictures_offer_the_sizes_and_reserve_their_space() {
    let site = site_with_photos();
    site.build();
    let html = site.read("activites/a/index.html");
    let lead = r#"<figure class="lead-image"><picture><source type="image/webp" srcset="../signature-1-480.webp 480w, ../signature-1-960.webp 960w, ../signature-1-1440.webp 1440w" sizes="(min-width: 44rem) 42rem, 100vw"><img src="../signature-1-1440.jpg" srcset="../signature-1-480.jpg 480w, ../signature-1-960.jpg 960w, ../signature-1-1440.jpg 1440w" sizes="(min-width: 44rem) 42rem, 100vw" width="1440" height="1080" alt="La signature du &lt;plan&gt;" fetchpriority="high"></picture></figure>"#;
    assert!(html.contains(lead), "{html}");
    // In the text, below the fold: loaded lazily; its description keeps its guillemets'
    // spaces (French typography) and is escaped.
    let body = &html[html.find(r#"<div class="prose">"#).unwrap()..];
    assert!(
        body.contains(
            r#"width="1440" height="1080" alt="Les délégations « réunies »" loading="lazy" decoding="async"></picture>"#
        ),
        "{body}"
    );
    assert!(body.contains(r#"<img src="../carte-600.png" srcset="../carte-480.png 480w, ../carte-600.png 600w""#));
    assert!(!html.contains("Signature%201"), "every image is resolved");
    // Link previews get the largest JPEG, with its size, when the site prefers photos to cards.
    site.file("site.yaml", &format!("{SITE_YAML}share:\n  photo: true\n"));
    site.build();
    let html = site.read("activites/a/index.html");
    for tag in [
        r#"<meta property="og:image" content="https://cnr.exemple.ml/activites/signature-1-1440.jpg">"#,
        r#"<meta property="og:image:width" content="1440">"#,
        r#"<meta property="og:image:height" content="1080">"#,
        r#"<meta property="og:image:type" content="image/jpeg">"#,
        r#"<meta property="og:image:alt" content="La signature du &lt;plan&gt;">"#,
    ] {
        assert!(html.contains(tag), "{tag} missing");
    }
    assert!(!html.contains("card.png") && !site.exists("activites/a/card.png"), "no card for it then");
}

#[test]
fn photos_are_turned_upright_as_the_camera_recorded() {
    let site = Fixture::new();
    // Taken with the camera turned: stored 800 × 600, shown 600 × 800.
    let path = site.root().join("content/activites/debout.jpg");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, photo_bytes(&path, 800, 600, Some(6))).unwrap();
    site.file(A, "---\ntitle: A\ndate: 2026-01-05\nimage: debout.jpg\nimage_alt: Debout\n---\nTexte.\n");
    site.build();
    assert_eq!(dimensions(&site.output().join("activites/debout-600.jpg")), (600, 800));
    assert_eq!(dimensions(&site.output().join("activites/debout-480.webp")), (480, 640));
    assert!(site.read("activites/a/index.html").contains(r#"width="600" height="800""#));
}

/// The cache's entries and when each file in them was written.
fn cache(site: &Fixture) -> Vec<(PathBuf, std::time::SystemTime)> {
    walk(&site.root().join(".cache/images"))
        .into_iter()
        .map(|path| {
            let written = std::fs::metadata(&path).unwrap().modified().unwrap();
            (path, written)
        })
        .collect()
}

#[test]
fn photos_are_made_once_and_again_only_when_they_change() {
    let site = site_with_photos();
    site.build();
    let first = cache(&site);
    assert_eq!(first.iter().filter(|(p, _)| p.ends_with("info")).count(), 2, "{first:?}");
    assert!(!site.root().join("content/activites/.cache").exists(), "the cache is outside content/");
    let published = site.snapshot();
    std::fs::remove_dir_all(site.output()).unwrap();
    site.build();
    assert_eq!(cache(&site), first, "nothing made again");
    assert_eq!(site.snapshot(), published, "the same site from the cache");

    // An edited photo is made again; the cache keeps the old one for an undo.
    site.photo("content/activites/Signature 1.JPG", 1000, 500);
    site.build();
    assert_eq!(cache(&site).len(), first.len() + 7, "three widths in two formats, and its info");
    assert_eq!(dimensions(&site.output().join("activites/signature-1-1000.webp")), (1000, 500));
    assert!(!site.exists("activites/signature-1-1440.webp"));
    assert!(site.read("activites/a/index.html").contains(r#"width="1000" height="500""#));

    // A cache entry left unfinished by a killed build is made again.
    let info = first.iter().find(|(p, _)| p.ends_with("info")).unwrap().0.clone();
    std::fs::remove_file(&info).unwrap();
    site.photo("content/activites/Signature 1.JPG", 2000, 1500);
    std::fs::remove_dir_all(site.output()).unwrap();
    site.build();
    assert!(info.exists());
    assert_eq!(site.snapshot(), published);
}

#[test]
fn a_photo_that_cannot_be_read_is_an_error_naming_it() {
    let site = Fixture::new();
    site.file("content/activites/photo.jpg", "ceci n'est pas une photo")
        .file(A, "---\ntitle: A\ndate: 2026-01-05\n---\nTexte.\n\n![Le fleuve](photo.jpg)\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/activites/photo.jpg: erreur : cette image ne peut pas être lue"), "{stderr}");
    assert!(stderr.contains("enregistrez-la à nouveau en JPEG ou en PNG"), "{stderr}");
    assert!(!site.exists("index.html"));
}

/// A PNG whose header says `width` × `height` and whose data is a few bytes: what a decoder
/// without limits would try to hold in memory whole.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        let mut bytes = (data.len() as u32).to_be_bytes().to_vec();
        bytes.extend_from_slice(kind);
        bytes.extend_from_slice(data);
        bytes.extend_from_slice(&crc.sum().to_be_bytes());
        bytes
    };
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &header));
    png.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    png.extend(chunk(b"IEND", &[]));
    png
}

/// A real JPEG whose header is changed to claim `width` × `height`.
fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = photo_bytes(Path::new("x.jpg"), 64, 48, None);
    let frame = jpeg.windows(2).position(|pair| pair == [0xFF, 0xC0]).expect("a baseline JPEG");
    jpeg[frame + 5..frame + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[frame + 7..frame + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

#[test]
fn photos_no_page_shows_are_published_as_they_are_never_decoded() {
    let site = Fixture::new();
    let whole = photo_bytes(Path::new("x.jpg"), 800, 600, None);
    let files: [(&str, &[u8]); 4] = [
        ("content/activites/geante.jpg", &jpeg_claiming(65000, 65000)),
        ("content/activites/immense.png", &png_claiming(20000, 20000)),
        ("content/activites/coupee.jpg", &whole[..whole.len() / 2]),
        ("content/activites/reportage/Vue du camp.JPG", &whole),
    ];
    for (path, bytes) in files {
        std::fs::create_dir_all(site.root().join(path).parent().unwrap()).unwrap();
        std::fs::write(site.root().join(path), bytes).unwrap();
    }
    // A link to a photo offers its file, as it is: it is not shown, so not decoded either.
    site.file(A, "---\ntitle: A\ndate: 2026-01-05\n---\n[La photo entière](geante.jpg)\n");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    let published = [
        "activites/geante.jpg",
        "activites/immense.png",
        "activites/coupee.jpg",
        "activites/reportage/vue-du-camp.jpg",
    ];
    for ((_, bytes), published) in files.iter().zip(published) {
        assert_eq!(&std::fs::read(site.output().join(published)).unwrap(), bytes, "{published}");
    }
    assert!(site.read("activites/a/index.html").contains(r#"href="../geante.jpg""#));
    assert!(!site.root().join(".cache/images").exists(), "nothing was made");
    let variants: Vec<_> = walk(&site.output()).into_iter().filter(|p| p.to_string_lossy().contains("-480.")).collect();
    assert!(variants.is_empty(), "{variants:?}");

    // Shown, a photo is made; shown, a faulty one is an error.
    site.file(A, "---\ntitle: A\ndate: 2026-01-05\n---\n![Le camp](reportage/Vue%20du%20camp.JPG)\n");
    site.build();
    assert_eq!(dimensions(&site.output().join("activites/reportage/vue-du-camp-480.webp")), (480, 360));
    assert_eq!(cache(&site).len(), 5, "two widths in two formats, and its info");
    // Shown by pasted HTML in a list's text, a photo is made too.
    site.photo("content/activites/carte.png", 600, 400).file(
        "content/activites/_index.md",
        "---\ntitle: Activités\n---\n<p><img src=\"carte.png\" alt=\"La carte\"></p>\n",
    );
    site.build();
    assert_eq!(dimensions(&site.output().join("activites/carte-480.webp")), (480, 320));
    site.file(A, "---\ntitle: A\ndate: 2026-01-05\n---\n![Le camp](coupee.jpg)\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/activites/coupee.jpg: erreur : cette photo est incomplète"), "{stderr}");
}

#[test]
fn a_link_to_a_size_of_a_photo_makes_it() {
    let site = Fixture::new();
    site.photo("content/activites/Vue du camp.JPG", 2000, 1500);
    let text = "[La photo en grand](vue-du-camp-1440.jpg) et ![Le camp, en petit](Vue%20du%20camp-480.webp)";
    site.file(A, &format!("---\ntitle: A\ndate: 2026-01-05\n---\n{text}\n"));
    site.build();
    assert_eq!(dimensions(&site.output().join("activites/vue-du-camp-1440.jpg")), (1440, 1080));
    let html = site.read("activites/a/index.html");
    assert!(html.contains(r#"<a href="../vue-du-camp-1440.jpg">La photo en grand</a>"#), "{html}");
    assert!(html.contains(r#"src="../vue-du-camp-480.webp""#), "{html}");
    // A size the photo does not have is a broken link.
    site.file(A, "---\ntitle: A\ndate: 2026-01-05\n---\n[Trop grand](vue-du-camp-2000.jpg)\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("vue-du-camp-2000.jpg"), "{stderr}");
}

#[test]
fn two_photos_of_one_name_shown_clash_at_their_sizes() {
    let site = Fixture::new();
    site.photo("content/activites/photo.jpg", 800, 600).photo("content/activites/photo.png", 600, 400);
    site.file(A, "---\ntitle: A\ndate: 2026-01-05\n---\n![Le camp](photo.jpg)\n\n![La carte](photo.png)\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("l'adresse /activites/photo-480.webp est aussi celle de content/activites/photo"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("est aussi celle de").count(), 1, "told once: {stderr}");
    // Only one shown: no clash, the other is published as it is.
    site.file(A, "---\ntitle: A\ndate: 2026-01-05\n---\n![Le camp](photo.jpg)\n\n[La carte](photo.png)\n");
    site.build();
    assert!(site.exists("activites/photo-480.webp") && site.exists("activites/photo.png"));
}

#[test]
fn photos_too_large_or_cut_short_are_errors_naming_them_and_their_size() {
    let site = Fixture::new();
    let whole = photo_bytes(Path::new("x.jpg"), 800, 600, None);
    let cut = &whole[..whole.len() * 2 / 3];
    let png = photo_bytes(Path::new("x.png"), 300, 200, None);
    let files: [(&str, &[u8]); 4] = [
        ("content/activites/geante.jpg", &jpeg_claiming(65000, 65000)),
        ("content/activites/immense.png", &png_claiming(20000, 20000)),
        ("content/activites/coupee.jpg", cut),
        ("content/activites/coupee.png", &png[..png.len() / 2]),
    ];
    for (path, bytes) in files {
        std::fs::write(site.root().join(path), bytes).unwrap();
    }
    let shown = "![Géante](geante.jpg) ![Immense](immense.png) ![Coupée](coupee.jpg)";
    site.file(A, &format!("---\ntitle: A\ndate: 2026-01-05\nimage: coupee.png\nimage_alt: Coupée\n---\n{shown}\n"));
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    for expected in [
        "content/activites/geante.jpg: erreur : cette photo fait 65000 × 65000 pixels (4225 millions) : au-delà de 100 millions, elle n'est pas traitée",
        "content/activites/immense.png: erreur : cette photo fait 20000 × 20000 pixels (400 millions)",
        "aide : réduisez-la, par exemple à 4000 pixels de large",
        "content/activites/coupee.jpg: erreur : cette photo est incomplète : le fichier s'arrête avant la fin de l'image",
        "aide : copiez-la de nouveau depuis l'appareil ou depuis l'original",
        "content/activites/coupee.png: erreur : cette image ne peut pas être lue",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(!site.exists("index.html"));
    // The whole photo, and one whose header holds a thumbnail, are taken.
    std::fs::write(site.root().join("content/activites/coupee.jpg"), &whole).unwrap();
    for name in ["geante.jpg", "immense.png", "coupee.png"] {
        std::fs::remove_file(site.root().join("content/activites").join(name)).unwrap();
    }
    site.file(A, "---\ntitle: A\ndate: 2026-01-05\n---\n![Entière](coupee.jpg)\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(site.exists("activites/coupee-480.webp"));
}
