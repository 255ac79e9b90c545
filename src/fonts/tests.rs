use super::*;

fn bundled_only() -> FontBook {
    FontBook::new(FontSettings {
        paths: Vec::new(),
        system: false,
    })
}

/// A folder with one font from the machine's, when the machine has it.
fn folder_with(font: &str) -> Option<tempfile::TempDir> {
    let src = std::path::Path::new(font);
    if !src.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{font} is missing; .ci/run installs it"
        );
        eprintln!("SKIPPED: {font} is not installed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(src, dir.path().join(src.file_name().unwrap())).unwrap();
    Some(dir)
}

#[test]
fn a_font_path_folder_prints_what_the_bundled_faces_lack() {
    let Some(dir) = folder_with("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf") else {
        return;
    };
    let book = FontBook::new(FontSettings {
        paths: vec![dir.path().to_path_buf()],
        system: false,
    });
    let face = book
        .face_for(Style::REGULAR, 'م')
        .expect("Arabic from the folder");
    assert!(face.0 >= 8);
    let data = &book.loaded(face).unwrap().data;
    assert_eq!(data.family, "Noto Sans Arabic");
    assert!(matches!(data.origin, Origin::FontPath(_)));
    assert!(book.advance(face, 'م') > 0.0);
    // The whole name from that one face; the same face when asked again.
    assert_eq!(book.face_for_word(Style::REGULAR, "محمد"), Some(face));
    assert_eq!(book.face_for(Style::BOLD, 'ح'), Some(face));
    // Still nothing for Chinese: the folder has no such font.
    assert_eq!(book.face_for(Style::REGULAR, '中'), None);
    // The survey lists it with its script.
    let survey = book.survey();
    let arabic = survey
        .iter()
        .find(|f| f.family == "Noto Sans Arabic")
        .unwrap();
    assert!(arabic.scripts.contains(&"Arabic"), "{:?}", arabic.scripts);
    assert!(survey[0].scripts.contains(&"Latin"));
}

/// The shortcut for the main face (its own glyphs plus GPOS pair
/// kerning) must give exactly what the shaper gives, for every word of
/// every built-in lesson in every style.
#[test]
fn pair_kerning_is_what_the_shaper_does_in_the_main_face() {
    let book = bundled_only();
    let mut words = std::collections::BTreeSet::new();
    for b in crate::library::builtins() {
        let text = b.source().text.clone();
        for w in text.split_whitespace() {
            words.insert(crate::text::normalize(w));
        }
    }
    let mut kerned = 0;
    for f in 0..4u8 {
        let face = FaceId(f);
        let loaded = &book.bundled[usize::from(f)];
        assert!(loaded.kerning.is_some(), "face {f} has plain kerning");
        for w in &words {
            if !w.chars().all(|c| loaded.has(c)) {
                continue;
            }
            assert_eq!(book.shape(face, w), None, "{w} takes the shortcut");
            let shaped = book.shape_now(face, loaded, w);
            let chars: Vec<char> = w.chars().collect();
            assert_eq!(shaped.glyphs.len(), chars.len(), "{w}");
            for (i, (g, &c)) in shaped.glyphs.iter().zip(&chars).enumerate() {
                assert_eq!(g.id, book.glyph(face, c), "{w}: {c}");
                let mut ours = book.advance(face, c);
                if let Some(&next) = chars.get(i + 1) {
                    let k = book.kern(face, c, next);
                    kerned += usize::from(k != 0.0);
                    ours += k;
                }
                assert!(
                    (g.advance - ours).abs() < 1e-5,
                    "{w}: {c} shaper {} shortcut {ours}",
                    g.advance
                );
                assert_eq!((g.dx, g.dy), (0.0, 0.0), "{w}");
            }
        }
    }
    assert!(kerned > 1000, "the lessons have kerned pairs: {kerned}");
}

#[test]
fn kerning_brings_av_together() {
    let book = bundled_only();
    for f in [0, 1, 4] {
        let face = FaceId(f);
        let k = book.kern(face, 'A', 'V');
        // The fallback face (4) is shaped, the main ones kerned.
        let shaped = book
            .shape(face, "AV")
            .map(|s| s.glyphs[0].advance - book.advance(face, 'A'));
        let k = shaped.unwrap_or(k);
        assert!(k < -0.01, "face {f}: AV kerned by {k} em");
    }
}

#[test]
fn a_combining_mark_sits_on_its_letter() {
    let book = bundled_only();
    // q with a combining tilde has no precomposed form: the shaper puts
    // the tilde over the q, adding no width.
    let shaped = book.shape(FaceId(0), "q\u{303}").expect("marks are shaped");
    assert_eq!(shaped.glyphs.len(), 2, "{shaped:?}");
    let (q, tilde) = (shaped.glyphs[0], shaped.glyphs[1]);
    assert!((q.advance - book.advance(FaceId(0), 'q')).abs() < 1e-6);
    assert_eq!(tilde.advance, 0.0);
    assert!(
        tilde.dx < 0.0,
        "the tilde is moved back over the q: {tilde:?}"
    );
    assert_eq!((q.cluster, tilde.cluster), (0, 0));
}

#[test]
fn main_face_first_fallback_for_vietnamese_and_greek() {
    let book = &bundled_only();
    assert_eq!(book.face_for(Style::REGULAR, 'a'), Some(FaceId(0)));
    assert_eq!(book.face_for(Style::BOLD, 'é'), Some(FaceId(1)));
    // Atkinson Hyperlegible Next lacks these; Noto Sans has them.
    assert_eq!(book.face_for(Style::REGULAR, 'ễ'), Some(FaceId(4)));
    assert_eq!(book.face_for(Style::BOLD, 'ư'), Some(FaceId(5)));
    assert_eq!(book.face_for(Style::ITALIC, 'Ж'), Some(FaceId(6)));
    // No bundled face has a private-use character or CJK.
    assert_eq!(book.face_for(Style::REGULAR, '\u{E000}'), None);
    assert_eq!(book.face_for(Style::REGULAR, '中'), None);
}

#[test]
fn a_word_takes_one_face_when_one_has_every_letter() {
    let book = &bundled_only();
    // Atkinson lacks ễ: the whole word comes from Noto Sans.
    assert_eq!(
        book.face_for_word(Style::REGULAR, "Nguyễn"),
        Some(FaceId(4))
    );
    assert_eq!(book.face_for_word(Style::BOLD, "Nguyễn"), Some(FaceId(5)));
    // Words the main face has stay in it.
    assert_eq!(book.face_for_word(Style::REGULAR, "José"), Some(FaceId(0)));
    // No face has every letter: each letter finds its own.
    assert_eq!(book.face_for_word(Style::REGULAR, "a中"), None);
}

#[test]
fn names_from_the_design_print() {
    let book = FontBook::global();
    for name in ["Nguyễn Thị Hương", "José Núñez", "Zoë Œlberg"] {
        for ch in name.chars() {
            for style in [Style::REGULAR, Style::BOLD] {
                assert!(book.covers(style, ch), "{ch} in {style:?}");
            }
        }
    }
}

#[test]
fn advances_are_real_metrics() {
    let book = FontBook::global();
    let i = book.advance(FaceId(0), 'i');
    let m = book.advance(FaceId(0), 'M');
    assert!(i > 0.1 && i < m && m < 1.0, "i {i}, M {m}");
    assert_eq!(book.advance(FaceId(0), 'é'), book.bundled[0].advance('é'));
}
