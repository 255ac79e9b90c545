//! Every client's name prints (issue 13): names in the world's scripts
//! come from fonts found on the machine (`.ci/install-tools` installs Debian's
//! fonts-noto-core and fonts-noto-cjk), and without them each row that no
//! font covers is an error naming the script and the package to install.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// The names of the issue: Chinese, Korean, Arabic, Hebrew, Hindi, Thai,
/// Armenian, Vietnamese, Greek, Russian.
const NAMES: [&str; 10] = [
    "李小龍",
    "김민준",
    "محمد",
    "דוד",
    "अनीता",
    "สมชาย",
    "Արամ",
    "Nguyễn Thị Hương",
    "Γιώργος Παπαδόπουλος",
    "Дмитрий Иванов",
];

/// The system fonts the tests need, or a skip (a failure under CI).
fn have_world_fonts() -> bool {
    let fonts = [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
    ];
    let ok = fonts.iter().all(|f| Path::new(f).exists());
    if !ok {
        skip(
            "fonts-noto-core or fonts-noto-cjk",
            "names in the world's scripts",
        );
    }
    ok
}

fn write_roster(dir: &Path) -> std::path::PathBuf {
    let mut csv = String::from("name,id,date\n");
    for (i, name) in NAMES.iter().enumerate() {
        csv.push_str(&format!("{name},c{i},2026-12-01\n"));
    }
    let path = dir.join("world.csv");
    fs::write(&path, csv).unwrap();
    path
}

#[test]
fn without_fonts_for_them_each_uncovered_row_fails_with_its_script_and_package() {
    let dir = tempdir();
    let roster = write_roster(dir.path());
    let out = handout()
        .args(["batch", "--ignore-system-fonts", "compassion-in-recovery"])
        .arg("--roster")
        .arg(&roster)
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("out").exists(), "nothing written");
    let stderr = String::from_utf8(out.stderr).unwrap();
    // Lines 2–8 (the first seven names) have no bundled font; the last
    // three (Vietnamese, Greek, Cyrillic) do.
    for (line, script, package) in [
        (2, "Han (Chinese characters)", "fonts-noto-cjk"),
        (3, "Hangul", "fonts-noto-cjk"),
        (4, "Arabic", "fonts-noto-core"),
        (5, "Hebrew", "fonts-noto-core"),
        (6, "Devanagari", "fonts-noto-core"),
        (7, "Thai", "fonts-noto-core"),
        (8, "Armenian", "fonts-noto-core"),
    ] {
        let at = format!("{}:{line}:", roster.display());
        let block = stderr
            .split("error:")
            .find(|b| b.contains(&at))
            .unwrap_or_else(|| panic!("no error at line {line}:\n{stderr}"));
        assert!(block.contains(&format!("{script} script")), "{block}");
        assert!(
            block.contains(&format!("sudo apt install {package}")),
            "{block}"
        );
    }
    for line in [9, 10, 11] {
        assert!(
            !stderr.contains(&format!("{}:{line}:", roster.display())),
            "line {line} prints with the bundled fonts:\n{stderr}"
        );
    }
    assert_eq!(
        stderr.matches("no font found can print").count(),
        7,
        "{stderr}"
    );
    // Names are health information: not one letter of them in the report.
    for name in NAMES {
        for word in name.split(' ') {
            assert!(!stderr.contains(word), "{word} echoed:\n{stderr}");
        }
    }
}

#[test]
fn a_font_folder_given_on_the_command_line_is_used_and_listed() {
    if !have_world_fonts() {
        return;
    }
    let dir = tempdir();
    let fonts = dir.path().join("fonts");
    fs::create_dir(&fonts).unwrap();
    fs::copy(
        "/usr/share/fonts/truetype/noto/NotoSansArmenian-Regular.ttf",
        fonts.join("NotoSansArmenian-Regular.ttf"),
    )
    .unwrap();
    // `handout fonts` says what prints each script, and from where.
    let out = handout()
        .args(["fonts", "--ignore-system-fonts", "--font-path"])
        .arg(&fonts)
        .output()
        .unwrap();
    assert!(out.status.success());
    let listing = String::from_utf8(out.stdout).unwrap();
    let line = |script: &str| {
        listing
            .lines()
            .find(|l| l.starts_with(script))
            .unwrap_or_else(|| panic!("{script} not listed:\n{listing}"))
            .to_string()
    };
    assert!(line("Latin").contains("Atkinson Hyperlegible Next (bundled)"));
    assert!(line("Armenian").contains("Noto Sans Armenian (--font-path"));
    assert!(line("Arabic").contains("sudo apt install fonts-noto-core"));
    assert!(line("Hangul").contains("sudo apt install fonts-noto-cjk"));

    // HANDOUT_FONT_PATHS does the same as --font-path.
    let pdf = dir.path().join("aram.pdf");
    handout()
        .env("HANDOUT_FONT_PATHS", &fonts)
        .args([
            "build",
            "--ignore-system-fonts",
            "compassion-in-recovery",
            "--client",
            "Արամ",
            "-o",
        ])
        .arg(&pdf)
        .assert()
        .success();
    if let Some(text) = words(&pdf) {
        assert!(text.contains("Արամ"), "{text}");
    }
    let fonts_used = pdffonts(&pdf).unwrap_or_default();
    assert!(
        fonts_used
            .iter()
            .any(|(name, ..)| name.contains("NotoSansArmenian")),
        "{fonts_used:?}"
    );
}

/// The roster's files by roster line, from the manifest.
fn files_by_line(out: &Path) -> Vec<(usize, std::path::PathBuf)> {
    manifest(out)
        .into_iter()
        .map(|(line, (_, file))| (line, out.join(file)))
        .collect()
}

/// Text as poppler gives it, without the embedding controls it puts
/// around right-to-left text.
fn without_bidi_marks(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect()
}

#[test]
fn the_worlds_names_batch_cleanly_and_read_back_in_reading_order() {
    if !have_world_fonts() {
        return;
    }
    let dir = tempdir();
    let roster = write_roster(dir.path());
    let out = dir.path().join("out");
    batch_to_dir("compassion-in-recovery", &roster, &out)
        .assert()
        .success();
    let files = files_by_line(&out);
    assert_eq!(files.len(), NAMES.len());
    for (line, file) in &files {
        let name = NAMES[line - 2];
        assert_sound(file);
        if let Some(text) = words(file) {
            let text = without_bidi_marks(&text);
            assert!(text.contains(&format!("Name: {name}")), "{name}:\n{text}");
        }
    }
    // Right-to-left names are drawn right to left: read from the right,
    // the letters on the name's line come in the name's order.
    for (line, file) in &files {
        let name = NAMES[line - 2];
        if !name.chars().any(|c| matches!(c, '\u{0590}'..='\u{06FF}')) {
            continue;
        }
        let Some(chars) = mutool_chars(file, 1) else {
            return;
        };
        let rtl = |s: &str| s.chars().any(|c| matches!(c, '\u{0590}'..='\u{06FF}'));
        let y = chars
            .iter()
            .find(|c| rtl(&c.2))
            .expect("the name is drawn")
            .1;
        let mut on_line: Vec<&(f32, f32, String)> =
            chars.iter().filter(|c| c.1 == y && rtl(&c.2)).collect();
        on_line.sort_by(|a, b| b.0.total_cmp(&a.0));
        let read: String = on_line.iter().map(|c| c.2.as_str()).collect();
        assert_eq!(read, name, "line {line}");
    }
}

#[test]
fn two_word_hebrew_and_arabic_names_keep_their_word_order() {
    if !have_world_fonts() {
        return;
    }
    let dir = tempdir();
    for (i, name) in ["שרה לוי", "محمد علي", "Dr. שרה לוי"].iter().enumerate() {
        let pdf = dir.path().join(format!("{i}.pdf"));
        handout()
            .args(["build", "compassion-in-recovery", "--client", name, "-o"])
            .arg(&pdf)
            .assert()
            .success();
        if let Some(text) = words(&pdf) {
            let text = without_bidi_marks(&text);
            assert!(text.contains(name), "{name}:\n{text}");
        }
        let Some(chars) = mutool_chars(&pdf, 1) else {
            continue;
        };
        // The first word (read first) is the one on the right.
        let first = name.split(' ').rev().nth(1).unwrap();
        let last = name.split(' ').next_back().unwrap();
        let x_of = |word: &str| {
            let c = word.chars().next().unwrap().to_string();
            chars.iter().find(|ch| ch.2 == c).map(|ch| ch.0).unwrap()
        };
        assert!(x_of(first) > x_of(last), "{name}: {first} right of {last}");
        if name.starts_with("Dr.") {
            // Latin before the Hebrew, on its left.
            let dr = chars
                .iter()
                .find(|c| c.2 == "D" && c.0 > 100.0 && c.0 < 200.0);
            assert!(dr.is_some_and(|d| d.0 < x_of(last)), "{chars:?}");
        }
    }
}

#[test]
fn arabic_letters_join_and_kerning_shows_in_the_pdf() {
    use handout::fonts::FontBook;
    use handout::layout::{self, Metrics, Options, Placement, Role, Shape};
    if !have_world_fonts() {
        return;
    }
    let book = FontBook::global();
    let (lesson, _) = handout::lesson::load(
        handout::diag::Source::new("t.toml", "title = \"AVAVA To Wave\"\nsummary = \"x\"\n"),
        "t",
        book,
    )
    .unwrap();
    let header = handout::worksheet::Header {
        name: Some("محمد".into()),
        ..Default::default()
    };
    let ws = handout::worksheet::personalize(&lesson, None, header);
    let doc = layout::layout(
        &ws,
        &Options::default(),
        book,
        &handout::cache::Cache::new(),
    )
    .unwrap();
    let items = || doc.pages.iter().flat_map(|p| &p.items);
    // The name: shaped, its letters in their joined forms (not the glyphs
    // the letters have alone), four glyphs drawn right to left.
    let (face, glyphs) = items()
        .find_map(|i| match (&i.role, &i.shape) {
            (
                Role::Value { .. },
                Shape::Text {
                    text,
                    face,
                    placement: Placement::Shaped(g),
                    ..
                },
            ) if text.trim() == "محمد" => Some((*face, g.clone())),
            _ => None,
        })
        .expect("the name is shaped");
    assert_eq!(glyphs.len(), 4);
    let alone: Vec<u16> = "محمد".chars().map(|c| book.glyph(face, c)).collect();
    let drawn: Vec<u16> = glyphs.iter().map(|g| g.id).collect();
    let mut reversed = alone.clone();
    reversed.reverse();
    assert_ne!(drawn, reversed, "joined forms, not isolated letters");
    let clusters: Vec<u32> = glyphs.iter().map(|g| g.cluster).collect();
    assert!(
        clusters.windows(2).all(|w| w[0] > w[1]),
        "right to left: {clusters:?}"
    );

    // The title is kerned: in the PDF, MuPDF finds each V closer to its A
    // than the A's own width.
    let title = items()
        .find_map(|i| match (&i.role, &i.shape) {
            (Role::Title, Shape::Text { placement, .. }) => Some(placement.clone()),
            _ => None,
        })
        .unwrap();
    assert!(matches!(title, Placement::Kerned(_)), "{title:?}");
    let dir = tempdir();
    let pdf = dir.path().join("kern.pdf");
    handout()
        .args(["build"])
        .arg({
            let p = dir.path().join("t.toml");
            fs::write(&p, "title = \"AVAVA To Wave\"\nsummary = \"x\"\n").unwrap();
            p
        })
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    if let Some(chars) = mutool_chars(&pdf, 1) {
        let a = chars.iter().position(|c| c.2 == "A").unwrap();
        assert_eq!(chars[a + 1].2, "V");
        let gap = chars[a + 1].0 - chars[a].0;
        let title_face = handout::layout::FaceId(1);
        let size = 22.0;
        let natural = book.advance(title_face, 'A') * size;
        assert!(
            gap < natural - 0.2,
            "AV {gap} pt apart, A is {natural} pt wide"
        );
    }
}

#[test]
fn a_fillable_pdf_prints_a_name_its_form_font_lacks_on_the_page() {
    if !have_world_fonts() {
        return;
    }
    let dir = tempdir();
    let pdf = dir.path().join("f.pdf");
    handout()
        .args([
            "build",
            "compassion-in-recovery",
            "--fillable",
            "--client",
            "محمد",
            "-o",
        ])
        .arg(&pdf)
        .assert()
        .success();
    assert_sound(&pdf);
    // The form font (Noto Sans) has no Arabic: the name is printed on the
    // page, not left to a field that would show it blank.
    if let Some(text) = words(&pdf) {
        assert!(text.contains("محمد"), "{text}");
    }
    let lo = lopdf::Document::load(&pdf).unwrap();
    let values: Vec<String> = lo
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"T").ok().and_then(|t| t.as_str().ok()) == Some(b"name".as_slice()))
        .filter_map(|d| d.get(b"V").ok().map(|v| format!("{v:?}")))
        .collect();
    assert!(
        values.is_empty(),
        "the name field is left empty: {values:?}"
    );
}

/// The catalog's `/Lang` of a PDF.
fn catalog_lang(pdf: &Path) -> String {
    let lo = lopdf::Document::load(pdf).unwrap();
    let lang = lo.catalog().unwrap().get(b"Lang").unwrap();
    String::from_utf8(lang.as_str().unwrap().to_vec()).unwrap()
}

#[test]
fn the_vietnamese_and_chinese_lessons_check_clean_and_print_in_their_language() {
    if !have_world_fonts() {
        return;
    }
    let root = root();
    let out = handout()
        .arg("check")
        .arg(root.join("lessons/compassion-in-recovery.vi.toml"))
        .arg(root.join("lessons/compassion-in-recovery.zh-Hans.toml"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stderr.contains("checked 2 files: 0 errors, 0 warnings"),
        "{stderr}"
    );

    // A roster's language column picks the built-in lesson's edition.
    let dir = tempdir();
    let roster = dir.path().join("langs.csv");
    fs::write(
        &roster,
        "name,id,date,language\nNguyễn Văn An,vi1,2026-12-01,vi\n王芳,zh1,2026-12-01,zh-Hans\n李小龍,zh2,2026-12-01,Chinese\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    batch_to_dir("compassion-in-recovery", &roster, &out_dir)
        .assert()
        .success();
    for (file, lang, expected) in [
        (
            "vi1.pdf",
            "vi",
            &[
                "Lòng trắc ẩn trong quá trình hồi phục",
                "Họ và tên: Nguyễn Văn An",
                "ngày 1 tháng 12 năm 2026",
                "Trang 1/",
                "An toàn của quý vị là trên hết",
                "hãy gọi 988",
                "nói “Vietnamese”",
            ][..],
        ),
        (
            "zh1.pdf",
            "zh-Hans",
            &[
                "康复路上的自我关怀",
                "姓名: 王芳",
                "2026年12月1日",
                "第 1 页，共",
                "您的安全最重要",
                "拨打 988",
                "“Mandarin”",
            ][..],
        ),
        (
            "zh2.pdf",
            "zh-Hans",
            &["康复路上的自我关怀", "姓名: 李小龍"][..],
        ),
    ] {
        let pdf = out_dir.join(file);
        assert_sound(&pdf);
        assert_eq!(catalog_lang(&pdf), lang, "{file}");
        if lang == "vi" {
            // One typeface for the whole page, not Atkinson and Noto Sans
            // word by word.
            let fonts = pdffonts(&pdf).unwrap_or_default();
            assert!(
                fonts.iter().all(|(name, ..)| name.contains("NotoSans-")),
                "{fonts:?}"
            );
        }
        if let Some(text) = words(&pdf) {
            for e in expected {
                assert!(text.contains(e), "{file}: `{e}` missing:\n{text}");
            }
        }
    }
}

#[test]
fn thai_text_breaks_between_words_and_chinese_between_characters() {
    use handout::fonts::FontBook;
    use handout::layout::lines::break_lines;
    use handout::text::parse_inline;
    if !have_world_fonts() {
        return;
    }
    let book = FontBook::global();
    // Thai has no spaces between words: lines may end only where a word
    // does ("self-compassion helps us start again"), never before a vowel
    // sign.
    // (Thai puts a space between sentences.)
    let thai = "ความเมตตาต่อตัวเองช่วยให้เราเริ่มต้นใหม่ได้ ".repeat(6);
    let thai = thai.trim_end().to_string();
    let lines = break_lines(&parse_inline(&thai), 12.0, 120.0, book).unwrap();
    // Each sentence is wider than the line: it breaks inside, between words.
    assert!(lines.len() > 6, "{} lines", lines.len());
    let texts: Vec<String> = lines.iter().map(|l| l.text()).collect();
    let no_spaces = |s: &str| s.replace(' ', "");
    assert_eq!(no_spaces(&texts.concat()), no_spaces(&thai));
    for (i, line) in lines.iter().enumerate() {
        assert!(line.width <= 120.0, "line {i} is {} wide", line.width);
        let first = texts[i].chars().next().unwrap();
        assert!(
            !unicode_normalization::char::is_combining_mark(first),
            "line {i} starts with a mark: {}",
            texts[i]
        );
    }
    // Where the words of the sentence end, in its characters.
    let words = [
        "ความ",
        "เมตตา",
        "ต่อ",
        "ตัว",
        "เอง",
        "ช่วย",
        "ให้",
        "เรา",
        "เริ่ม",
        "ต้น",
        "ใหม่",
        "ได้",
    ];
    let sentence: usize = words.iter().map(|w| w.chars().count()).sum();
    let mut ends = std::collections::BTreeSet::new();
    let mut at = 0;
    for w in words {
        at += w.chars().count();
        ends.insert(at);
    }
    let mut done = 0;
    for t in &texts[..texts.len() - 1] {
        done += t.replace(' ', "").chars().count();
        let into = done % sentence;
        assert!(
            into == 0 || ends.contains(&into),
            "a line ends inside a word: {t}"
        );
    }
    // Chinese breaks between characters (UAX #14), filling each line.
    let chinese = "康复的路上会有难熬的日子。您可能会有强烈的渴求，对所爱的人发脾气。".repeat(4);
    let lines = break_lines(&parse_inline(&chinese), 12.0, 200.0, book).unwrap();
    assert!(lines.len() > 3);
    for line in &lines[..lines.len() - 1] {
        assert!(
            line.width > 200.0 - 2.0 * 12.0,
            "a line half empty: {}",
            line.text()
        );
        // No line starts with closing punctuation.
        assert!(!line.text().starts_with(['。', '，']), "{}", line.text());
    }
}

#[test]
fn a_lesson_in_arabic_runs_right_to_left_and_reads_back_in_order() {
    use handout::fonts::FontBook;
    use handout::layout::{self, Options, Role, Shape};
    if !have_world_fonts() {
        return;
    }
    let lesson_file = fixture("arabic-calm.toml");
    let dir = tempdir();
    let pdf = dir.path().join("ar.pdf");
    handout()
        .arg("check")
        .arg(&lesson_file)
        .assert()
        .success()
        .stderr(predicates::str::contains("0 errors, 0 warnings"));
    handout()
        .arg("build")
        .arg(&lesson_file)
        .args(["--client", "محمد علي", "--date", "2026-12-01", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    assert_sound(&pdf);
    assert_eq!(catalog_lang(&pdf), "ar");
    if let Some(text) = pdftotext(&pdf) {
        let text = without_bidi_marks(&text);
        // Joined letters and the lam-alef ligature read back as letters,
        // in reading order; the crisis wording is the data's.
        for words in [
            "تهدئة الجسم",
            "الاسم",
            "محمد علي",
            "سلامتك",
            "جسمك على",
            "اتصل بالرقم",
        ] {
            assert!(text.contains(words), "`{words}` missing:\n{text}");
        }
    }

    // The page is laid out right to left.
    let book = FontBook::global();
    let source = handout::diag::Source::new(
        "ar.toml",
        std::fs::read_to_string(&lesson_file).unwrap().as_str(),
    );
    let (lesson, _) = handout::lesson::load(source, "ar", book).unwrap();
    let ws = handout::worksheet::personalize(&lesson, None, Default::default());
    let doc = layout::layout(
        &ws,
        &Options::default(),
        book,
        &handout::cache::Cache::new(),
    )
    .unwrap();
    let page = &doc.pages[0];
    let right_margin = page.width - 72.0;
    let title = page
        .items
        .iter()
        .find_map(|i| match (&i.role, &i.shape) {
            (Role::Title, Shape::Text { x, width, .. }) => Some(x + width),
            _ => None,
        })
        .unwrap();
    assert!((title - right_margin).abs() < 1.0, "title ends at {title}");
    let boxes: Vec<f32> = page
        .items
        .iter()
        .filter(|i| matches!(i.role, Role::Checkbox { .. }))
        .map(|i| i.shape.bounds().0)
        .collect();
    assert!(!boxes.is_empty());
    assert!(boxes.iter().all(|&x| x > page.width / 2.0), "{boxes:?}");
    // A step's number is right of its text.
    let label = page
        .items
        .iter()
        .find(|i| i.role == Role::ListLabel)
        .map(|i| i.shape.bounds())
        .unwrap();
    let body = page
        .items
        .iter()
        .find(|i| i.role == Role::ListBody && (i.shape.bounds().1 - label.1).abs() < 2.0)
        .map(|i| i.shape.bounds())
        .unwrap();
    assert!(label.0 > body.2, "number {label:?} right of text {body:?}");
}

/// Issue 30, must-fix 1: on an Arabic page the Domestic Violence Hotline's
/// number printed as `7233-799-800-1` (digits after Arabic letters are
/// Arabic numbers, and the hyphens between them took the page's
/// direction), and brackets kept their left-to-right shapes, so `(علي)`
/// printed as `)علي(`.
#[test]
fn an_arabic_page_prints_the_hotline_number_and_brackets_the_right_way_round() {
    use handout::fonts::FontBook;
    use handout::layout::{self, Metrics, Options, Placement, Shape};
    if !have_world_fonts() {
        return;
    }
    let dir = tempdir();
    let lesson_file = dir.path().join("ar.toml");
    fs::write(
        &lesson_file,
        "title = \"اختبار\"\nlanguage = \"ar\"\nsummary = \"\"\"\n{{dv}}\n\nالاسم محمد (علي) هنا.\n\"\"\"\n",
    )
    .unwrap();
    let pdf = dir.path().join("ar.pdf");
    handout()
        .arg("build")
        .arg(&lesson_file)
        .args(["--client", "محمد (علي)", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    assert_sound(&pdf);
    // poppler puts right-to-left text back in reading order.
    if let Some(text) = pdftotext(&pdf) {
        let text = without_bidi_marks(&text);
        assert!(text.contains("1-800-799-7233"), "{text}");
        assert!(!text.contains("7233-799-800-1"), "{text}");
        let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(joined.contains("(علي)"), "{text}");
    }
    // MuPDF gives characters where they are drawn: from left to right, the
    // number's digits and hyphens read as the number.
    if let Some(chars) = mutool_chars(&pdf, 1) {
        let digit = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == '-');
        let y = chars.iter().find(|c| c.2 == "7").expect("the number").1;
        let mut on_line: Vec<&(f32, f32, String)> =
            chars.iter().filter(|c| c.1 == y && digit(&c.2)).collect();
        on_line.sort_by(|a, b| a.0.total_cmp(&b.0));
        let shown: String = on_line.iter().map(|c| c.2.as_str()).collect();
        assert_eq!(shown, "1-800-799-7233");
    }
    // The brackets are drawn mirrored (UAX #9, L4): the opening one, on the
    // right, with the glyph of `)`.
    let book = FontBook::global();
    let source = handout::diag::Source::new(
        "ar.toml",
        fs::read_to_string(&lesson_file).unwrap().as_str(),
    );
    let (lesson, _) = handout::lesson::load(source, "ar", book).unwrap();
    let header = handout::worksheet::Header {
        name: Some("محمد (علي)".into()),
        ..Default::default()
    };
    let ws = handout::worksheet::personalize(&lesson, None, header);
    let doc = layout::layout(
        &ws,
        &Options::default(),
        book,
        &handout::cache::Cache::new(),
    )
    .unwrap();
    let mut brackets = 0;
    for item in &doc.pages[0].items {
        if let Shape::Text {
            text,
            face,
            placement,
            ..
        } = &item.shape
            && text.contains(['(', ')'])
        {
            let Placement::Shaped(glyphs) = placement else {
                panic!("`{text}` drawn as written: {placement:?}");
            };
            for g in glyphs {
                let ch = text[g.cluster as usize..].chars().next().unwrap();
                let mirror = match ch {
                    '(' => ')',
                    ')' => '(',
                    _ => continue,
                };
                assert_eq!(g.id, book.glyph(*face, mirror), "`{text}`");
                brackets += 1;
            }
        }
    }
    // The name's and the summary's, each an opening and a closing one.
    assert!(brackets >= 4, "{brackets} brackets found");
}

/// Issue 30: each glyph of a shaped cluster carried the whole cluster's
/// text, so MuPDF and pdf.js, which don't read `/ActualText`, copied
/// `अनीता` as `अनीनीताता`. Every reader copies each name whole, no letter
/// doubled.
#[test]
fn names_in_every_script_copy_whole_in_poppler_mupdf_and_pdfjs() {
    if !have_world_fonts() {
        return;
    }
    let dir = tempdir();
    for name in [
        "अनीता",
        "สมชาย",
        "李小龍",
        "김민준",
        "Nguyễn Thị Hương",
        "José Núñez",
    ] {
        let pdf = dir.path().join("n.pdf");
        handout()
            .args(["build", "calming-the-body", "--client", name, "-o"])
            .arg(&pdf)
            .assert()
            .success();
        let readers = [
            ("poppler", pdftotext(&pdf)),
            ("MuPDF", mutool_text(&pdf)),
            ("pdf.js", pdfjs_text(&pdf)),
        ];
        for (reader, text) in readers {
            let Some(text) = text else { continue };
            // A letter read twice ("अनीनीताता") breaks the name apart.
            assert!(
                text.contains(name),
                "{reader} did not read `{name}` whole:\n{text}"
            );
        }
    }
}
