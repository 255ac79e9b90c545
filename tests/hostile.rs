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
    write(dir, name, text).display().to_string()
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

/// `handout check` on a roster written to `name`: its exit code and what
/// it said.
fn check_roster(name: &str, bytes: &[u8]) -> (Option<i32>, String) {
    let dir = tempdir();
    let p = dir.path().join(name);
    fs::write(&p, bytes).unwrap();
    let out = handout()
        .timeout(GUARD)
        .arg("check")
        .arg(&p)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_workbook_with_one_far_cell_is_refused_without_laying_out_the_grid() {
    use common::workbook::{Sheet, cell, xlsx};
    // Two clients and one cell at the sheet's last row and column: a
    // 2 KB file that asked for a 549 GB grid.
    let mut far = Sheet::rows(
        "Clients",
        &[&["name", "id"], &["Zqx Ana", "c-1"], &["Zqx Bo", "c-2"]],
    );
    far.data.push_str(&format!(
        "<row r=\"1048576\">{}</row>",
        cell("XFD1048576", "x")
    ));
    let book = xlsx(&[far], &[]);
    assert!(book.len() < 3000, "{} bytes", book.len());
    let (code, stderr) = check_roster("far.xlsx", &book);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the sheet has more than 50000 rows (it has a cell at XFD1048576)"),
        "{stderr}"
    );
    // The same far cell in the header row: past the column limit.
    let wide = Sheet::rows("Clients", &[&["name", "id"], &["Zqx Ana", "c-1"]]);
    let wide = Sheet {
        data: wide
            .data
            .replacen("</row>", &format!("{}</row>", cell("XFD1", "notes")), 1),
        ..wide
    };
    let (code, stderr) = check_roster("wide.xlsx", &xlsx(&[wide], &[]));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the sheet's first row spans more than 100 columns (A to XFD)"),
        "{stderr}"
    );
    // A far cell in a client's row, past the header's columns, is not a
    // column handout reads: the roster is read.
    let mut stray = Sheet::rows("Clients", &[&["name", "id"], &["Zqx Ana", "c-1"]]);
    stray.data = stray.data.replacen(
        "<row r=\"2\">",
        &format!("<row r=\"2\">{}", cell("XFC2", "x")),
        1,
    );
    let (code, stderr) = check_roster("stray.xlsx", &xlsx(&[stray], &[]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("Zqx"), "{stderr}");
}

#[test]
fn a_workbook_that_unpacks_to_gigabytes_is_refused_while_unpacking() {
    use common::workbook::{Sheet, xlsx};
    let clients = || Sheet::rows("Clients", &[&["name"], &["Zqx Ana"]]);
    // One part of 45 MB of blanks: a few tens of kilobytes packed.
    let mut blanks =
        b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">".to_vec();
    blanks.resize(45 << 20, b' ');
    let book = xlsx(&[clients()], &[("xl/sharedStrings.xml", &blanks)]);
    assert!(book.len() < 200_000, "{} bytes", book.len());
    let (code, stderr) = check_roster("bomb.xlsx", &book);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "a part of the workbook unpacks to more than 40 MB; a part may be at most 40 MB"
        ),
        "{stderr}"
    );
    // Parts each within the limit, together past the workbook's.
    let part = vec![b' '; 30 << 20];
    let names: Vec<String> = (0..4).map(|i| format!("xl/media/junk{i}.bin")).collect();
    let extra: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &part[..])).collect();
    let (code, stderr) = check_roster("bombs.xlsx", &xlsx(&[clients()], &extra));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "the workbook unpacks to more than 100 MB; a workbook may unpack to at most 100 MB"
        ),
        "{stderr}"
    );
}

#[test]
fn one_long_shared_string_in_every_cell_is_refused_at_its_first_cell() {
    // The string is stored once and named by 50,000 cells: copied into
    // each, it would be 50 GB of text.
    use common::workbook::{Sheet, xlsx};
    let long = "y".repeat(1_000_000);
    let strings = format!(
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>name</t></si><si><t>{long}</t></si></sst>"
    );
    let mut data = String::from("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>");
    for r in 2..50_000 {
        data.push_str(&format!(
            "<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>1</v></c></row>"
        ));
    }
    let sheet = Sheet {
        name: "Clients".into(),
        state: "visible",
        data,
    };
    let book = xlsx(&[sheet], &[("xl/sharedStrings.xml", strings.as_bytes())]);
    let (code, stderr) = check_roster("long.xlsx", &book);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("cell A2 is more than 10000 characters long"),
        "{stderr}"
    );
}

#[test]
fn a_workbook_sheet_over_the_row_limit_is_refused_at_the_limit() {
    use common::workbook::{Sheet, xlsx};
    let rows: Vec<Vec<String>> = std::iter::once(vec!["name".to_string()])
        .chain((0..50_001).map(|i| vec![format!("C{i}")]))
        .collect();
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    let book = xlsx(&[Sheet::rows("Clients", &slices)], &[]);
    let (code, stderr) = check_roster("many.xlsx", &book);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the sheet has more than 50000 rows (it has a cell at A50002)"),
        "{stderr}"
    );
    // At the limit, it is read.
    let book = xlsx(&[Sheet::rows("Clients", &slices[..50_001])], &[]);
    let (code, stderr) = check_roster("enough.xlsx", &book);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn an_opendocument_sheet_of_repeated_cells_is_measured_before_it_is_read() {
    use common::workbook::{ods, ods_row};
    // One row written once, repeated 6,000 times, each of its 16,384
    // columns filled: 150 bytes that calamine would lay out as 98 million
    // cells (over 5 GB).
    let bomb = format!(
        "<table:table table:name=\"Clients\">{}\
         <table:table-row table:number-rows-repeated=\"6000\">\
         <table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\">\
         <text:p>x</text:p></table:table-cell></table:table-row></table:table>",
        ods_row(&["name"])
    );
    let (code, stderr) = check_roster("bomb.ods", &ods(&bomb));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the workbook's sheets span more than 2000000 cells"),
        "{stderr}"
    );
    // The same workbook without the repeats is read.
    let fine = format!(
        "<table:table table:name=\"Clients\">{}{}</table:table>",
        ods_row(&["name", "id"]),
        ods_row(&["Zqx Ana", "c-1"])
    );
    let (code, stderr) = check_roster("fine.ods", &ods(&fine));
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn an_old_excel_workbook_with_a_far_cell_is_measured_before_it_is_read() {
    // Made by xlwt (tests/fixtures/rosters/README.md): the roster and one
    // cell at IV65536, a grid of 16 million cells in calamine.
    let (code, stderr) = check_roster(
        "far-cell.xls",
        &fs::read(fixture("rosters/far-cell.xls")).unwrap(),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the workbook's sheets span more than 2000000 cells"),
        "{stderr}"
    );
}

#[test]
fn a_far_cell_right_below_the_header_is_refused_too() {
    use common::workbook::{Sheet, cell, xlsx};
    // The header, then nothing until the sheet's last row.
    let mut far = Sheet::rows("Clients", &[&["name", "id"]]);
    far.data.push_str(&format!(
        "<row r=\"1048576\">{}</row>",
        cell("A1048576", "Zqx Ana")
    ));
    let (code, stderr) = check_roster("below.xlsx", &xlsx(&[far], &[]));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the sheet has more than 50000 rows (it has a cell at A1048576)"),
        "{stderr}"
    );
    assert!(!stderr.contains("Zqx"), "{stderr}");
    // An empty text cell above the header does not make a header row.
    let mut blank_first = Sheet::rows("Clients", &[&[], &["name"], &["Zqx Ana"]]);
    blank_first.data = blank_first.data.replacen(
        "<row r=\"1\">",
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t></t></is></c>",
        1,
    );
    let (code, stderr) = check_roster("blank.xlsx", &xlsx(&[blank_first], &[]));
    assert_eq!(code, Some(0), "{stderr}");
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
