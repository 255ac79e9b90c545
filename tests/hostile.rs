//! Hostile input: files built to exhaust memory, time or the stack. Each gets
//! a clear error or finishes promptly (the timeout guards against a hang; it
//! is not a speed target).

mod common;

use std::fs;
use std::time::Duration;

use common::*;
use predicates::prelude::*;

const GUARD: Duration = Duration::from_secs(120);

fn lesson_file(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn a_lesson_over_one_megabyte_is_refused() {
    let dir = tempdir();
    let big = format!(
        "title = \"Big\"\nsummary = \"{}\"\n",
        "word ".repeat(220_000)
    );
    let p = lesson_file(dir.path(), "big.toml", &big);
    handout()
        .timeout(GUARD)
        .args(["build", &p, "-o"])
        .arg(dir.path().join("x.pdf"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a lesson may be at most 1024 KB"));
}

#[test]
fn toml_nested_ten_thousand_levels_is_an_error() {
    let dir = tempdir();
    for (name, value) in [
        (
            "arrays.toml",
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        (
            "tables.toml",
            format!("{}1{}", "{a=".repeat(10_000), "}".repeat(10_000)),
        ),
    ] {
        let p = lesson_file(
            dir.path(),
            name,
            &format!("title = \"x\"\nsummary = \"y\"\nz = {value}\n"),
        );
        handout()
            .timeout(GUARD)
            .args(["check", &p])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("this is not valid TOML"));
    }
}

#[test]
fn markdown_built_to_hurt_finishes() {
    let dir = tempdir();
    let cases = [
        ("stars.toml", "*".repeat(100_000)),
        ("emphasis.toml", "*a".repeat(50_000)),
        ("links.toml", "[".repeat(50_000)),
        // Regression: 200,000 nested list markers overflowed the stack.
        ("lists.toml", format!("{}end", "- ".repeat(200_000))),
        ("quotes.toml", format!("{}end", "> ".repeat(200_000))),
    ];
    for (name, body) in cases {
        let p = lesson_file(
            dir.path(),
            name,
            &format!("title = \"x\"\nsummary = \"{body}\"\n"),
        );
        let out = handout()
            .timeout(GUARD)
            .args(["build", &p, "-o"])
            .arg(dir.path().join("x.pdf"))
            .output()
            .unwrap();
        let code = out.status.code();
        // Either it prints, or a clear error at the field; never a crash.
        assert!(
            code == Some(0) || code == Some(1),
            "{name}: {:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        if code == Some(1) {
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("--> "),
                "{name}: no location"
            );
        }
    }
}

#[test]
fn a_roster_over_the_limits_is_refused() {
    let dir = tempdir();
    let mut rows = String::from("name\n");
    for i in 0..50_001 {
        rows.push_str(&format!("C{i}\n"));
    }
    let roster = dir.path().join("many.csv");
    fs::write(&roster, &rows).unwrap();
    handout()
        .timeout(GUARD)
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the roster has more than 50000 rows",
        ));
    assert!(!dir.path().join("out").exists());

    let huge = dir.path().join("huge.csv");
    let line = format!("{}\n", "x".repeat(1000));
    fs::write(&huge, format!("name\n{}", line.repeat(11_000))).unwrap();
    handout()
        .timeout(GUARD)
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&huge)
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a roster may be at most 10 MB"));
}

/// A lesson of `prompts` writing prompts, each with 30 lines: a page or
/// more each, from four bytes of the file each.
fn long_lesson(prompts: usize) -> String {
    format!(
        "title = \"Long\"\nsummary = \"Short.\"\n\n[plan]\ntitle = \"Write\"\nlines = 30\nprompts = [{}]\n",
        vec!["\"a\""; prompts].join(",")
    )
}

#[test]
fn a_lesson_of_thousands_of_pages_stops_at_the_page_limit() {
    let dir = tempdir();
    // About 12,000 pages from 40 KB.
    let p = lesson_file(dir.path(), "long.toml", &long_lesson(10_000));
    let out = dir.path().join("x.pdf");
    handout()
        .timeout(GUARD)
        .args(["build", &p, "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{p} is more than 60 pages at Letter; a lesson may have at most 60"
        )))
        .stderr(predicate::str::contains("--max-pages"));
    assert!(!out.exists());
    handout()
        .timeout(GUARD)
        .args(["check", &p])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the lesson `long` is more than 60 pages at Letter, A4, Letter large print, A4 large print",
        ));
    let roster = dir.path().join("r.csv");
    fs::write(&roster, "name\nAna\n").unwrap();
    handout()
        .timeout(GUARD)
        .args(["batch", &p, "--roster"])
        .arg(&roster)
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the lesson `long` is more than 60 pages at Letter",
        ));
    assert!(!dir.path().join("out").exists());
    // The limit is the count in the message, and the flag moves it.
    handout()
        .timeout(GUARD)
        .args(["build", &p, "--max-pages", "100", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is more than 100 pages at Letter"));
}

#[test]
fn a_lesson_within_a_raised_limit_prints_every_page() {
    let dir = tempdir();
    let p = lesson_file(dir.path(), "long.toml", &long_lesson(60));
    let out = dir.path().join("x.pdf");
    handout()
        .timeout(GUARD)
        .args(["build", &p, "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is more than 60 pages"));
    let built = handout()
        .timeout(GUARD)
        .args(["build", &p, "--max-pages", "200", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(built.status.success());
    // "wrote x.pdf (N pages)"
    let said = String::from_utf8_lossy(&built.stderr).to_string();
    let pages: usize = said
        .rsplit('(')
        .next()
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page count in {said:?}"));
    assert!((61..=200).contains(&pages), "{pages} pages");
    let doc = lopdf::Document::load(&out).unwrap();
    assert_eq!(doc.get_pages().len(), pages);
}

#[test]
fn a_packet_past_its_page_limit_is_refused_by_its_total() {
    let dir = tempdir();
    // Six lessons of a few pages each: each within a limit of 5, the six
    // together past a packet's 25.
    let files: Vec<String> = (0..6)
        .map(|i| lesson_file(dir.path(), &format!("part{i}.toml"), &long_lesson(3)))
        .collect();
    let out = dir.path().join("x.pdf");
    handout()
        .timeout(GUARD)
        .args(["build"])
        .args(&files[..1])
        .args(["--max-pages", "5", "-o"])
        .arg(&out)
        .assert()
        .success();
    handout()
        .timeout(GUARD)
        .args(["build"])
        .args(&files)
        .args(["--max-pages", "5", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the packet is more than 25 pages at Letter; a packet may have at most 25",
        ));
}

/// A TrueType font named `family` whose character map sends each of
/// `chars` to `glyph`, of two empty glyphs: with glyph 0, `.notdef`, it
/// claims the letters and draws boxes.
fn test_font(family: &str, chars: &str, glyph: u32) -> Vec<u8> {
    let be16 = |v: u16| v.to_be_bytes().to_vec();
    let be32 = |v: u32| v.to_be_bytes().to_vec();
    let mut head = [
        be32(0x0001_0000),
        be32(0x0001_0000),
        be32(0),
        be32(0x5F0F_3CF5),
    ]
    .concat();
    head.extend(be16(0)); // flags
    head.extend(be16(1000)); // units per em
    head.extend([0; 16]); // created, modified
    head.extend([be16(0), be16(0), be16(500), be16(700)].concat()); // box
    head.extend([be16(0), be16(8), be16(2), be16(0), be16(0)].concat());
    let mut hhea = [
        be32(0x0001_0000),
        be16(800),
        be16(0xFF38),
        be16(0),
        be16(500),
    ]
    .concat();
    hhea.extend([0; 22]);
    hhea.extend(be16(1)); // one horizontal metric
    let maxp = [be32(0x0000_5000), be16(2)].concat();
    let hmtx = [be16(500), be16(0), be16(0)].concat();
    let loca = [be16(0), be16(0), be16(0)].concat();
    let glyf = vec![0; 4];
    let mut codes: Vec<u32> = chars.chars().map(u32::from).collect();
    codes.sort_unstable();
    codes.dedup();
    // Format 12: one group a character, each starting at `glyph`.
    let mut sub = [
        be16(12),
        be16(0),
        be32(16 + 12 * codes.len() as u32),
        be32(0),
    ]
    .concat();
    sub.extend(be32(codes.len() as u32));
    for c in &codes {
        sub.extend([be32(*c), be32(*c), be32(glyph)].concat());
    }
    let cmap = [be16(0), be16(1), be16(3), be16(10), be32(12), sub].concat();
    // Names 1 (family) and 6 (PostScript name), Windows Unicode.
    let utf16 = |s: &str| {
        s.encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect::<Vec<u8>>()
    };
    let (fam, ps) = (utf16(family), utf16(&family.replace(' ', "")));
    let mut name = [be16(0), be16(2), be16(6 + 2 * 12)].concat();
    name.extend(
        [
            be16(3),
            be16(1),
            be16(0x409),
            be16(1),
            be16(fam.len() as u16),
            be16(0),
        ]
        .concat(),
    );
    name.extend(
        [
            be16(3),
            be16(1),
            be16(0x409),
            be16(6),
            be16(ps.len() as u16),
            be16(fam.len() as u16),
        ]
        .concat(),
    );
    name.extend(fam);
    name.extend(ps);
    let tables: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"cmap", cmap),
        (b"glyf", glyf),
        (b"head", head),
        (b"hhea", hhea),
        (b"hmtx", hmtx),
        (b"loca", loca),
        (b"maxp", maxp),
        (b"name", name),
    ];
    let mut font = [
        be32(0x0001_0000),
        be16(tables.len() as u16),
        be16(0),
        be16(0),
        be16(0),
    ]
    .concat();
    let mut at = 12 + 16 * tables.len();
    let mut data = Vec::new();
    for (tag, bytes) in &tables {
        font.extend(tag.as_slice());
        font.extend([be32(0), be32(at as u32), be32(bytes.len() as u32)].concat());
        let mut padded = bytes.clone();
        padded.resize(bytes.len().div_ceil(4) * 4, 0);
        at += padded.len();
        data.extend(padded);
    }
    font.extend(data);
    font
}

#[test]
fn a_font_that_maps_letters_to_notdef_does_not_cover_them() {
    let dir = tempdir();
    let fonts = dir.path().join("fonts");
    fs::create_dir(&fonts).unwrap();
    let name = "สมชาย";
    fs::write(fonts.join("boxes.ttf"), test_font("Boxes Sans", name, 0)).unwrap();
    // It prints no script, so it isn't listed as printing Thai.
    handout()
        .timeout(GUARD)
        .args(["--ignore-system-fonts", "--font-path"])
        .arg(&fonts)
        .arg("fonts")
        .assert()
        .success()
        .stdout(predicate::str::contains("Boxes Sans").not());
    let out = dir.path().join("x.pdf");
    handout()
        .timeout(GUARD)
        .args(["--ignore-system-fonts", "--font-path"])
        .arg(&fonts)
        .args(["build", "compassion-in-recovery", "--client", name, "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("U+0E2A"))
        .stderr(predicate::str::contains(name).not());
    assert!(!out.exists());
}

/// A lying collection: 12 bytes that claim two billion faces.
const LYING_TTC: &[u8] = b"ttcf\x00\x01\x00\x00\x80\x00\x00\x00";

#[test]
fn a_collection_claiming_two_billion_faces_is_skipped_at_once() {
    // The guard here is a hang guard: reading every claimed face took 46 s.
    let quick = Duration::from_secs(20);
    let dir = tempdir();
    let fonts = dir.path().join("fonts");
    fs::create_dir(&fonts).unwrap();
    fs::write(fonts.join("liar.ttc"), LYING_TTC).unwrap();
    fs::write(fonts.join("thai.ttf"), test_font("Plain Thai", "สมชาย", 1)).unwrap();
    // From a folder named on the command line: the good font beside it is
    // still found.
    handout()
        .timeout(quick)
        .args(["--ignore-system-fonts", "--font-path"])
        .arg(&fonts)
        .arg("fonts")
        .assert()
        .success()
        .stdout(predicate::str::contains("Plain Thai"));
    // From the user's own font folder, which every machine scan reads.
    let home = dir.path().join("home");
    fs::create_dir_all(home.join(".fonts")).unwrap();
    fs::write(home.join(".fonts/liar.ttc"), LYING_TTC).unwrap();
    handout()
        .timeout(quick)
        .env("HOME", &home)
        .args(["build", "compassion-in-recovery", "--client", "สมชาย", "-o"])
        .arg(dir.path().join("x.pdf"))
        .assert()
        .code(predicate::in_iter([0, 1]));
}
