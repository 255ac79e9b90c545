//! Rosters as clinics export them (issue 12): an EHR's CSV with a byte-order
//! mark and Windows line ends, First/Last names with an MRN, European
//! semicolons, a range copied from a spreadsheet (tabs), old-Mac line ends,
//! languages as people type them, repeated ids, and an Excel workbook made by
//! a spreadsheet library (openpyxl; see tests/fixtures/rosters/README.md).
//! Each batch is read back: the right name on the right client's file.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

fn roster(name: &str) -> PathBuf {
    fixture(&format!("rosters/{name}"))
}

/// Batch `lesson` for `roster` (with `extra` flags) into a folder, and
/// check each expected (roster line, file, text) against the PDFs.
fn batch_reads_back(
    lesson: &str,
    roster: &Path,
    extra: &[&str],
    expect: &[(usize, &str, &[&str])],
) {
    let dir = tempdir();
    let out = dir.path().join("out");
    handout()
        .args(["batch", lesson, "--roster"])
        .arg(roster)
        .args(extra)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success();
    let rows = manifest(&out);
    assert_eq!(rows.len(), expect.len(), "{rows:?}");
    for (line, file, texts) in expect {
        assert_eq!(rows[line].1, *file, "roster line {line}: {rows:?}");
        let Some(text) = words(&out.join(file)) else {
            return;
        };
        for t in *texts {
            assert!(text.contains(t), "{file}: `{t}` missing");
        }
    }
}

#[test]
fn an_ehr_export_with_client_name_and_a_byte_order_mark() {
    batch_reads_back(
        "compassion-in-recovery",
        &roster("ehr-export.csv"),
        &[],
        &[
            (
                2,
                "1001.pdf",
                &["Nombre: Núñez, José", "Fecha: 24 de noviembre de 2026"],
            ),
            (
                3,
                "1002.pdf",
                &["Name: Nguyễn Thị Hương", "Date: November 24, 2026"],
            ),
        ],
    );
}

#[test]
fn first_and_last_names_with_an_mrn_and_a_provider() {
    batch_reads_back(
        "compassion-in-recovery",
        &roster("first-last-mrn.csv"),
        &[],
        &[
            (
                2,
                "mrn-501.pdf",
                &["Name: Zoë Œlberg", "Clinician: Dr. Ana Ruiz"],
            ),
            (3, "mrn-502.pdf", &["Name: Kwame Mensah"]),
        ],
    );
    batch_reads_back(
        "compassion-in-recovery",
        &roster("first-last-mrn.csv"),
        &["--name-order", "last-first"],
        &[
            (2, "mrn-501.pdf", &["Name: Œlberg, Zoë"]),
            (3, "mrn-502.pdf", &["Name: Mensah, Kwame"]),
        ],
    );
}

#[test]
fn semicolons_and_scenarios_typed_in_any_case_with_commas() {
    batch_reads_back(
        "compassion-in-recovery",
        &roster("semicolon.csv"),
        &[],
        &[
            (
                2,
                "s-1.pdf",
                &["Name: Siobhán Ó Briain", "Shame after a craving"],
            ),
            (
                3,
                "s-2.pdf",
                &[
                    "Name: Ruiz; Ana",
                    "A mistake after a conflict",
                    "A trauma reaction",
                ],
            ),
        ],
    );
    // Only the chosen scenarios print.
    let dir = tempdir();
    let out = dir.path().join("out");
    handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(roster("semicolon.csv"))
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success();
    if let Some(text) = words(&out.join("s-2.pdf")) {
        assert!(!text.contains("Shame after a craving"));
        assert!(!text.contains("A low-motivation day"));
    }
}

#[test]
fn a_range_copied_from_a_spreadsheet_and_old_mac_line_ends() {
    batch_reads_back(
        "compassion-in-recovery",
        &roster("copied-range.tsv"),
        &[],
        &[
            (2, "t-1.pdf", &["Nombre: Łucja Wróbel"]),
            (3, "t-2.pdf", &["Name: Mei Chen"]),
        ],
    );
    batch_reads_back(
        "compassion-in-recovery",
        &roster("old-mac.csv"),
        &[],
        &[
            (2, "m-1.pdf", &["Name: Amara Okafor"]),
            (3, "m-2.pdf", &["Name: Bartholomew Quigley-Jones"]),
        ],
    );
}

#[test]
fn languages_as_people_type_them_pick_the_edition() {
    batch_reads_back(
        "compassion-in-recovery",
        &roster("languages.csv"),
        &[],
        &[
            (
                2,
                "l-1.pdf",
                &["Nombre: Ana Ruiz", "Compasión en la recuperación"],
            ),
            (3, "l-2.pdf", &["Nombre: Bo Chen"]),
            (4, "l-3.pdf", &["Nombre: Cy Diaz"]),
            (5, "l-4.pdf", &["Name: Dee Evans", "Compassion in Recovery"]),
            (6, "l-5.pdf", &["Name: Ed Fox"]),
        ],
    );
}

#[test]
fn a_repeated_id_stops_the_run_unless_allowed() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let r = handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(roster("duplicate-ids.csv"))
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("error: line 4 has the same id as line 2"),
        "{stderr}"
    );
    assert!(stderr.contains("--allow-duplicate-ids"), "{stderr}");
    assert!(
        !stderr.contains("c-7"),
        "the id is a client's detail: {stderr}"
    );
    assert!(!out.exists());
    batch_reads_back(
        "compassion-in-recovery",
        &roster("duplicate-ids.csv"),
        &["--allow-duplicate-ids"],
        &[
            (2, "c-7.pdf", &["Name: Ana Ruiz"]),
            (3, "c-8.pdf", &["Name: Bo Chen"]),
            (4, "c-7-2.pdf", &["Name: Cy Diaz"]),
        ],
    );
}

#[test]
fn an_excel_workbook_just_works_on_the_sheet_chosen() {
    // Its first sheet is not the roster: choose it by name. Dates are date
    // cells, ids numbers, as Excel keeps them.
    batch_reads_back(
        "compassion-in-recovery",
        &roster("clients.xlsx"),
        &["--sheet", "Clients"],
        &[
            (
                2,
                "2001.pdf",
                &["Nombre: José Núñez", "Fecha: 24 de noviembre de 2026"],
            ),
            (
                3,
                "2002.pdf",
                &["Name: Γιώργος Παπαδόπουλος", "Date: November 25, 2026"],
            ),
            (4, "2003.pdf", &["Name: Ирина Петрова"]),
        ],
    );
    // Left to the first sheet, the run says which it read and how to choose.
    let dir = tempdir();
    let r = handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(roster("clients.xlsx"))
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .assert()
        .code(1);
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    // Its first sheet is a note: no header row, and not quoted.
    assert!(
        stderr.contains("error: no header row: the first row has none of name"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: read the workbook's first sheet, `Notes`; it also has `Clients`"),
        "{stderr}"
    );
    // A date typed as text in a workbook is read as a CSV's is: month
    // first, as the US writes it.
    let r = handout()
        .arg("check")
        .arg(roster("bad-date.xlsx"))
        .assert()
        .success();
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("note: dates read month first: 11/24/2026 is November 24, 2026"),
        "{stderr}"
    );
    // `check` knows a workbook when it sees one, and points at its cells.
    let r = handout()
        .args(["check", "--date-order", "dmy"])
        .arg(roster("bad-date.xlsx"))
        .assert()
        .code(1);
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(!stderr.contains("UTF-8"), "{stderr}");
    assert!(
        stderr.contains("error: row 2: the `date` cell, written like `NN/NN/NNNN`, has a number over 12 where the month goes: dates in numbers are read day first (D/M/YYYY)"),
        "{stderr}"
    );
    assert!(stderr.contains("use --date-order mdy"), "{stderr}");
    assert!(
        stderr.contains("bad-date.xlsx, sheet Roster, cell C2"),
        "{stderr}"
    );
    assert!(!stderr.contains("Ana Ruiz"), "{stderr}");
}

#[test]
fn the_summary_counts_every_page_that_prints_blank_backs_too() {
    let dir = tempdir();
    let roster = dir.path().join("r.csv");
    fs::write(&roster, "name,id\nAna Ruiz,a\nBo Chen,b\nCy Diaz,c\n").unwrap();
    let run = |extra: &[&str]| {
        let r = handout()
            .args(["batch", "changing-the-inner-critic", "--roster"])
            .arg(&roster)
            .args(extra)
            .assert()
            .success();
        String::from_utf8(r.get_output().stderr.clone()).unwrap()
    };
    // The lesson prints on an odd number of pages, so each packet gets a
    // blank back in duplex and in the combined file.
    let plain = run(&["--out-dir", dir.path().join("one").to_str().unwrap()]);
    let pages = manifest(&dir.path().join("one"))
        .values()
        .map(|(_, f)| {
            lopdf::Document::load(dir.path().join("one").join(f))
                .unwrap()
                .get_pages()
                .len()
        })
        .sum::<usize>();
    assert_eq!(pages % 2, 1, "choose a lesson with an odd page count");
    assert!(
        plain.contains(&format!(
            "3 clients, {pages} pages on {pages} sheets of paper, one side"
        )),
        "{plain}"
    );
    let duplex = run(&[
        "--duplex",
        "--out-dir",
        dir.path().join("two").to_str().unwrap(),
    ]);
    let padded = pages + 3;
    assert!(
        duplex.contains(&format!(
            "3 clients, {padded} pages on {} sheets of paper, both sides",
            padded / 2
        )),
        "{duplex}"
    );
    let combined = run(&["--combined", dir.path().join("all.pdf").to_str().unwrap()]);
    assert!(
        combined.contains(&format!(
            "3 clients, {padded} pages on {} sheets of paper, both sides",
            padded / 2
        )),
        "{combined}"
    );
}

#[test]
fn a_spanish_client_gets_the_packet_title_in_spanish() {
    let dir = tempdir();
    let packet = dir.path().join("group.packet.toml");
    fs::write(
        &packet,
        "title = \"Compassion Group, weeks 1-2\"\nlessons = [\"compassion-in-recovery\", \"cravings-and-slips\"]\n\
         cover = true\ncontents = true\n[titles]\nes = \"Grupo de compasión, semanas 1-2\"\n",
    )
    .unwrap();
    let roster = dir.path().join("r.csv");
    fs::write(
        &roster,
        "name,id,language\nAna Ruiz,a,Spanish\nBo Chen,b,English\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    batch_to_dir(&packet, &roster, &out).assert().success();
    let (Some(es), Some(en)) = (
        page_texts(&out.join("a.pdf")),
        page_texts(&out.join("b.pdf")),
    ) else {
        return;
    };
    // The cover, with the contents on it (one lesson): title and footer.
    for page in &es[..1] {
        assert!(page.contains("Grupo de compasión, semanas 1-2"), "{page}");
        assert!(!page.contains("Compassion Group"), "{page}");
    }
    assert!(es[0].contains("Contenido"), "{}", es[0]);
    for page in &en[..1] {
        assert!(page.contains("Compassion Group, weeks 1-2"), "{page}");
    }
    // A language the packet can't name is an error at its key.
    fs::write(
        &packet,
        "title = \"Group\"\nlessons = [\"compassion-in-recovery\"]\n[titles]\nfr = \"Groupe\"\n",
    )
    .unwrap();
    let r = handout().arg("check").arg(&packet).assert().code(1);
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("error: `fr` is not a language handout prints"),
        "{stderr}"
    );
    assert!(stderr.contains("group.packet.toml:4:1"), "{stderr}");
}

/// `handout check` on a roster written to `name`: its exit code and what
/// it said.
fn check(name: &str, bytes: &[u8]) -> (Option<i32>, String) {
    let dir = tempdir();
    let p = dir.path().join(name);
    fs::write(&p, bytes).unwrap();
    let out = handout().arg("check").arg(&p).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_roster_without_a_header_row_says_so_without_quoting_its_first_row() {
    let (code, stderr) = check(
        "no-header.csv",
        "Zqx Alice,c-1,2026-11-22\nZqx Bo,c-2,2026-11-22\n".as_bytes(),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error: no header row: the first row has none of name, first name, last name, id, date, clinician, language, scenarios (its cells are written like `xxx xxxxx`, `x-N`, `NNNN-NN-NN`)"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("Zqx") && !stderr.contains("Alice"),
        "{stderr}"
    );
    // A header with a heading that says "name" is still a header, with its
    // suggestion.
    let (code, stderr) = check("customers.csv", b"Customer Name,Phone\nAna,555\n");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("did you mean `name` (found `Customer Name`)?"),
        "{stderr}"
    );
}

#[test]
fn a_name_split_by_an_unquoted_comma_is_an_error_that_quotes_nothing() {
    let (code, stderr) = check(
        "shifted.csv",
        "name,id,clinician\nSmith, Alice,Dr Zq\nBo Chen,c-2,Dr Zq\n".as_bytes(),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error: line 2: the `id` cell starts with a space after a comma: a name with a comma may have been split in two"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("shifted.csv:2:7"), "{stderr}");
    assert!(
        stderr.contains("put quotes around a name that holds a comma"),
        "{stderr}"
    );
    for cell in ["Smith", "Alice", "Zq"] {
        assert!(!stderr.contains(cell), "{cell}: {stderr}");
    }
    // Typed with a space after every comma, header too: read as it was.
    let dir = tempdir();
    let spaced = dir.path().join("spaced.csv");
    fs::write(&spaced, "name, id\nAna Ruiz, c-1\n").unwrap();
    batch_reads_back(
        "compassion-in-recovery",
        &spaced,
        &[],
        &[(2, "c-1.pdf", &["Name: Ana Ruiz"])],
    );
}

#[test]
fn a_spreadsheet_error_where_a_name_id_or_date_goes_is_an_error_at_its_cell() {
    use common::workbook::{Sheet, xlsx};
    let book = xlsx(
        &[Sheet::rows(
            "Clients",
            &[
                &["name", "id", "date"],
                &["#DIV/0!", "c-1", "2026-11-22"],
                &["Zqx Bo", "#N/A", "2026-11-22"],
                &["Zqx Cy", "c-3", "#REF!"],
                &["Zqx Di", "c-4", "2026-11-22"],
            ],
        )],
        &[],
    );
    let (code, stderr) = check("errors.xlsx", &book);
    assert_eq!(code, Some(1), "{stderr}");
    for (row, column, cell) in [(2, "name", "A2"), (3, "id", "B3"), (4, "date", "C4")] {
        assert!(
            stderr.contains(&format!(
                "error: row {row}: the `{column}` cell holds a spreadsheet error, not a value"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("errors.xlsx, sheet Clients, cell {cell}")),
            "{stderr}"
        );
    }
    for shown in ["#DIV/0!", "#N/A", "#REF!", "Zqx"] {
        assert!(!stderr.contains(shown), "{shown}: {stderr}");
    }
    // As a CSV export writes them, too.
    let (code, stderr) = check("errors.csv", b"name,id\n#N/A,c-1\n");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("line 2: the `name` cell holds a spreadsheet error"),
        "{stderr}"
    );
}

#[test]
fn a_cell_calamine_cannot_read_is_not_quoted_in_the_error() {
    use common::workbook::{Sheet, xlsx};
    let mut sheet = Sheet::rows("Clients", &[&["name"]]);
    sheet
        .data
        .push_str("<row r=\"2\"><c r=\"A2\" t=\"b\"><v>Zqx Alice</v></c></row>");
    let (code, stderr) = check("odd.xlsx", &xlsx(&[sheet], &[]));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("this workbook cannot be read"), "{stderr}");
    assert!(
        !stderr.contains("Zqx") && !stderr.contains("boolean"),
        "{stderr}"
    );
}

#[test]
fn hidden_sheets_are_read_only_when_named() {
    use common::workbook::{Sheet, xlsx};
    let book = xlsx(
        &[
            Sheet::rows("Old", &[&["name", "id"], &["Zqx Former", "o-1"]]).state("hidden"),
            Sheet::rows("Lookup", &[&["name", "id"], &["Zqx Lookup", "k-1"]]).state("veryHidden"),
            Sheet::rows("Clients", &[&["name", "id"], &["Ana Ruiz", "c-1"]]),
        ],
        &[],
    );
    let dir = tempdir();
    let p = dir.path().join("hidden.xlsx");
    fs::write(&p, &book).unwrap();
    let r = handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&p)
        .arg("--out-dir")
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(
            "note: read the workbook's first visible sheet, `Clients`; its hidden sheets `Old`, `Lookup` are read only when named"
        ),
        "{stderr}"
    );
    let rows = manifest(&dir.path().join("out"));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[&2].1, "c-1.pdf");
    // Named, a hidden sheet is read.
    batch_reads_back(
        "compassion-in-recovery",
        &p,
        &["--sheet", "Old"],
        &[(2, "o-1.pdf", &["Name: Zqx Former"])],
    );
    // An old Excel workbook (xlwt) with a hidden first sheet, its dates as
    // date cells.
    batch_reads_back(
        "compassion-in-recovery",
        &roster("clients.xls"),
        &[],
        &[
            (
                2,
                "3001.pdf",
                &["Name: Amara Okafor", "Date: November 24, 2026"],
            ),
            (3, "3002.pdf", &["Name: Kwame Mensah"]),
        ],
    );
}

/// Run `handout` with `args`; its exit code and what it wrote to stderr.
fn run(args: &[&str]) -> (i32, String) {
    let out = handout().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Issue 35: a CSV saved by Excel in the US holds `12/8/2026`, and dates
/// in every other form people and exports write them; each is read, the
/// header prints the date in words, and the run says how it read them.
#[test]
fn us_dates_from_an_excel_csv_are_read_month_first() {
    let dir = tempdir();
    let csv = write(
        dir.path(),
        "group.csv",
        "name,id,date,DOB\n\
         Ana Ruiz,u-1,12/8/2026,1/2/1980\n\
         Bo Chen,u-2,12/09/26 0:00,\n\
         Cy Diaz,u-3,\"Dec 10, 2026\",\n\
         Di Eng,u-4,11 Dec 2026,\n\
         Ed Fox,u-5,2026-12-12T00:00:00,\n",
    );
    let (code, stderr) = run(&["check", "compassion-in-recovery", csv.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("note: dates read month first: 12/8/2026 is December 8, 2026"),
        "{stderr}"
    );
    let out = dir.path().join("out");
    let (code, stderr) = run(&[
        "batch",
        "compassion-in-recovery",
        "--roster",
        csv.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    // The summary, after the count of pages.
    let summary = stderr
        .lines()
        .skip_while(|l| !l.contains("5 clients"))
        .collect::<Vec<_>>();
    assert_eq!(
        summary.get(1).copied(),
        Some("dates read month first: 12/8/2026 is December 8, 2026"),
        "{stderr}"
    );
    assert!(!stderr.contains("1/2/1980"), "{stderr}");
    for (file, date) in [
        ("u-1.pdf", "Date: December 8, 2026"),
        ("u-2.pdf", "Date: December 9, 2026"),
        ("u-3.pdf", "Date: December 10, 2026"),
        ("u-4.pdf", "Date: December 11, 2026"),
        ("u-5.pdf", "Date: December 12, 2026"),
    ] {
        if let Some(text) = words(&out.join(file)) {
            assert!(text.contains(date), "{file}: `{date}` missing");
        }
    }
}

/// `--date-order dmy`, or a packet's `date_order = "dmy"`, reads `8/12/2026`
/// as December 8; the summary shows a date read day first.
#[test]
fn day_first_dates_read_the_same_when_asked() {
    let dir = tempdir();
    let csv = write(
        dir.path(),
        "group.csv",
        "name,id,date\nAna Ruiz,d-1,8/12/2026\nBo Chen,d-2,13/12/2026\n",
    );
    let packet = write(
        dir.path(),
        "group.packet.toml",
        "title = \"Group\"\nlessons = [\"compassion-in-recovery\"]\ndate_order = \"dmy\"\n",
    );
    let flag = ["compassion-in-recovery", "--date-order", "dmy"];
    let packet_arg = [packet.to_str().unwrap()];
    for (how, inputs) in [("flag", &flag[..]), ("packet", &packet_arg[..])] {
        let out = dir.path().join(format!("out-{how}"));
        let mut args: Vec<&str> = vec!["batch"];
        args.extend(inputs);
        args.extend([
            "--roster",
            csv.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ]);
        let (code, stderr) = run(&args);
        assert_eq!(code, 0, "{how}: {stderr}");
        assert!(
            stderr.contains("dates read day first: 13/12/2026 is 13 December 2026"),
            "{how}: {stderr}"
        );
        if let Some(text) = words(&out.join("d-1.pdf")) {
            assert!(text.contains("Date: December 8, 2026"), "{how}: {text}");
        }
    }
    // The command line wins over the packet.
    let (code, stderr) = run(&[
        "check",
        packet.to_str().unwrap(),
        "--date-order",
        "mdy",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("line 3: the `date` cell"), "{stderr}");
}

/// Issue 35: `13/12/2026` read month first has no month 13: an error at
/// the row and column, by shape, that suggests `--date-order dmy`; a date
/// neither order reads keeps the old error, with the forms read.
#[test]
fn a_day_where_the_month_goes_suggests_the_other_order() {
    let dir = tempdir();
    let csv = write(
        dir.path(),
        "group.csv",
        "name,id,date\nAna Ruiz,e-1,12/8/2026\nBo Chen,e-2,13/12/2026\nCy Diaz,e-3,2/30/2026\n",
    );
    let out = dir.path().join("out");
    let (code, stderr) = run(&[
        "batch",
        "compassion-in-recovery",
        "--roster",
        csv.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    let file = csv.display().to_string();
    let expected = format!(
        "error: line 3: the `date` cell, written like `NN/NN/NNNN`, has a number over 12 where the month goes: dates in numbers are read month first (M/D/YYYY)\n --> {file}:3:13\n  = help: if dates are written day first (like 31/12/2026), use --date-order dmy (in a packet: date_order = \"dmy\")"
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: line 4: the `date` cell, written like `N/NN/NNNN`, is not a date like 2026-11-22\n --> {file}:4:13\n  = help: dates are read as 2026-12-31, 12/31/2026 or 12/31/26 (month first), Dec 31, 2026, 31 Dec 2026, or `today`"
        )),
        "{stderr}"
    );
    for cell in ["13/12", "2/30", "Bo Chen"] {
        assert!(!stderr.contains(cell), "`{cell}` quoted: {stderr}");
    }
    assert!(!out.exists());
}
