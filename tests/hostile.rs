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
