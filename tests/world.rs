//! Every client's name prints (issue 13): names in the world's scripts
//! come from fonts found on the machine (`.ci/run` installs Debian's
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
        assert!(
            std::env::var_os("CI").is_none(),
            "fonts-noto-core and fonts-noto-cjk are missing; .ci/run installs them"
        );
        eprintln!("SKIPPED: fonts-noto-core / fonts-noto-cjk are not installed");
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
