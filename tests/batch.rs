//! `handout batch` and packets, run as a facility's staff would, with every
//! PDF read back: each client's name on their own packet and nowhere else,
//! their scenarios, page counts that match the manifest, packets on odd
//! pages in the combined file, nothing written when anything is wrong.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use predicates::prelude::*;

/// `handout batch` of the group packet for this roster; the test adds the rest.
fn batch(roster: &Path) -> assert_cmd::Command {
    let mut c = handout();
    c.args(["batch", &example_packet(), "--roster"]).arg(roster);
    c
}

fn pages(pdf: &Path) -> usize {
    lopdf::Document::load(pdf).unwrap().get_pages().len()
}

/// The manifest as rows of fields.
fn manifest(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

const ROSTER: &str = "name,id,date,clinician,scenarios\n\
Nguyễn Thị Hương,c-101,2026-11-24,Dr. Ana Ruiz,craving;payday\n\
José Núñez,c-102,2026-11-24,Dr. Ana Ruiz,conflict\n\
\"O'Brien, Siobhán\",,2026-11-25,,\n";

const NAMES: [&str; 3] = ["Nguyễn Thị Hương", "José Núñez", "O'Brien, Siobhán"];

#[test]
fn one_packet_per_client_with_their_name_and_scenarios_only() {
    let dir = tempdir();
    let roster = write(dir.path(), "week1.csv", ROSTER);
    let out = dir.path().join("packets");
    batch(&roster)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("3 clients,"));

    let files = ["c-101.pdf", "c-102.pdf", "o-brien-siobhan.pdf"];
    let mut listed: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        [
            "c-101.pdf",
            "c-102.pdf",
            "manifest.csv",
            "o-brien-siobhan.pdf"
        ]
    );

    let rows = manifest(&out.join("manifest.csv"));
    for (i, file) in files.iter().enumerate() {
        let path = out.join(file);
        qpdf_check(&path);
        // The manifest names the file and its true page count.
        assert_eq!(rows[i][2], *file);
        assert_eq!(rows[i][3], pages(&path).to_string(), "{file}");
        assert_eq!(rows[i][0], (i + 2).to_string(), "roster line");
        let Some(text) = words(&path) else { continue };
        for (j, name) in NAMES.iter().enumerate() {
            if i == j {
                assert!(
                    text.contains(&format!("Name: {name}")),
                    "{file} lacks its name"
                );
            } else {
                assert!(!text.contains(name), "{file} holds {name}");
            }
        }
        // Cover, contents and the facility.
        assert!(text.contains("Compassion Group, weeks 1-2"));
        assert!(text.contains("Riverside Recovery Center"));
        assert!(text.contains("Contents"));
    }
    let Some(hương) = words(&out.join("c-101.pdf")) else {
        return;
    };
    assert!(hương.contains("Shame after a craving") && hương.contains("Payday"));
    assert!(!hương.contains("A mistake after a conflict") && !hương.contains("After an argument"));
    assert!(hương.contains("Date: November 24, 2026"));
    assert!(hương.contains("Clinician: Dr. Ana Ruiz"));
    // Conflict is a compassion-lesson scenario; the urge lesson, none of
    // whose scenarios was chosen, prints them all.
    let josé = words(&out.join("c-102.pdf")).unwrap();
    assert!(josé.contains("A mistake after a conflict") && !josé.contains("Shame after a craving"));
    assert!(josé.contains("Payday") && josé.contains("After an argument"));
}

#[test]
fn combined_duplex_file_starts_every_packet_on_an_odd_page() {
    let dir = tempdir();
    let roster = write(dir.path(), "week1.csv", ROSTER);
    let combined = dir.path().join("copy-room.pdf");
    batch(&roster)
        .arg("--combined")
        .arg(&combined)
        .args(["--duplex"])
        .assert()
        .success();
    qpdf_check(&combined);
    let rows = manifest(&dir.path().join("copy-room.manifest.csv"));
    assert_eq!(rows.len(), 3);
    let mut expected_first = 1;
    for row in &rows {
        let first: usize = row[4].parse().unwrap();
        let last: usize = row[5].parse().unwrap();
        assert_eq!(first, expected_first);
        assert_eq!(first % 2, 1, "a packet starts on an even page: {row:?}");
        assert_eq!(
            (last - first + 1) % 2,
            0,
            "a packet has an odd number of sheets' sides"
        );
        expected_first = last + 1;
    }
    assert_eq!(pages(&combined), expected_first - 1);
    if let Some(per_page) = page_texts(&combined) {
        for (row, name) in rows.iter().zip(NAMES) {
            let first: usize = row[4].parse().unwrap();
            let last: usize = row[5].parse().unwrap();
            let cover = &per_page[first - 1];
            assert!(
                cover.contains("Compassion Group, weeks 1-2"),
                "page {first} is not a cover"
            );
            assert!(cover.contains(name), "cover on page {first} lacks {name}");
            for p in first..=last {
                for other in NAMES.iter().filter(|n| **n != name) {
                    assert!(
                        !per_page[p - 1].contains(other),
                        "page {p} of {name}'s packet holds {other}"
                    );
                }
            }
        }
    }
    // One bookmark per packet, naming no one.
    let doc = lopdf::Document::load(&combined).unwrap();
    let raw = fs::read(&combined).unwrap();
    assert!(doc.catalog().unwrap().has(b"Outlines"));
    for name in NAMES {
        assert!(!raw.windows(name.len()).any(|w| w == name.as_bytes()));
    }
}

#[test]
fn out_dir_and_combined_together_and_jobs_do_not_change_a_byte() {
    let dir = tempdir();
    let roster = write(dir.path(), "week1.csv", ROSTER);
    let run = |jobs: &str, tag: &str| {
        let out = dir.path().join(format!("out-{tag}"));
        let combined = dir.path().join(format!("all-{tag}.pdf"));
        batch(&roster)
            .arg("--out-dir")
            .arg(&out)
            .arg("--combined")
            .arg(&combined)
            .args(["--jobs", jobs])
            .assert()
            .success();
        (out, combined)
    };
    let (out1, all1) = run("1", "a");
    let (out4, all4) = run("4", "b");
    assert_eq!(fs::read(&all1).unwrap(), fs::read(&all4).unwrap());
    for f in [
        "c-101.pdf",
        "c-102.pdf",
        "o-brien-siobhan.pdf",
        "manifest.csv",
    ] {
        assert_eq!(
            fs::read(out1.join(f)).unwrap(),
            fs::read(out4.join(f)).unwrap(),
            "{f}"
        );
    }
    // The combined file holds every client's pages; with both outputs the
    // manifest sits in the folder and gives both places.
    let rows = manifest(&out1.join("manifest.csv"));
    assert!(rows.iter().all(|r| !r[2].is_empty() && !r[4].is_empty()));
    assert!(!dir.path().join("all-a.manifest.csv").exists());
}

/// A roster of one is rendered alone, with no worker pool: its packet
/// must still join the combined file, whole and with the name on it.
#[test]
fn a_roster_of_one_client_makes_a_whole_combined_file() {
    let dir = tempdir();
    let one: String = ROSTER.lines().take(2).map(|l| format!("{l}\n")).collect();
    let roster = write(dir.path(), "one.csv", &one);
    let out = dir.path().join("out");
    let combined = dir.path().join("all.pdf");
    batch(&roster)
        .arg("--out-dir")
        .arg(&out)
        .arg("--combined")
        .arg(&combined)
        .assert()
        .success();
    let alone = pages(&out.join("c-101.pdf"));
    assert!(alone > 1);
    // The combined file adds a blank back to an odd packet.
    assert_eq!(pages(&combined), alone.next_multiple_of(2));
    if let Some(text) = words(&combined) {
        assert!(text.contains(NAMES[0]), "{text}");
    }
}

#[test]
fn nothing_is_written_when_any_row_is_wrong_and_every_problem_is_listed() {
    let dir = tempdir();
    let roster = write(
        dir.path(),
        "bad.csv",
        "name,date,scenarios,language\nAna,2026-11-24,craving,\nBo,2026-13-01,,\nCy,,cravings,\n,2026-11-24,,\nDee,,,xx\n",
    );
    let out = dir.path().join("packets");
    let combined = dir.path().join("all.pdf");
    let r = batch(&roster)
        .arg("--out-dir")
        .arg(&out)
        .arg("--combined")
        .arg(&combined)
        .assert()
        .code(1);
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    let file = roster.display().to_string();
    for (at, message) in [
        (
            ":3:4",
            "line 3: the `date` cell, written like `NNNN-NN-NN`, is not a date like 2026-11-22",
        ),
        (":5:1", "line 5 has no name"),
        (
            ":6:7",
            "line 6: the `language` cell, written like `xx`, is not a language",
        ),
    ] {
        assert!(stderr.contains(message), "missing `{message}`:\n{stderr}");
        assert!(
            stderr.contains(&format!("--> {file}{at}")),
            "missing {at}:\n{stderr}"
        );
    }
    assert!(!out.exists(), "the output folder was created");
    assert!(!combined.exists());
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the roster is there");

    // With the rows fixed, the unknown scenario is reported at its row.
    let roster = write(
        dir.path(),
        "bad.csv",
        "name,scenarios\nAna,craving\nCy,cravings\n",
    );
    let r = batch(&roster).arg("--out-dir").arg(&out).assert().code(1);
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("line 3: unknown scenario `cravings`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> {}:3:4", roster.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "did you mean `craving`? valid scenario ids: craving, conflict, trauma, low-day, payday, after-an-argument"
        ),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn file_names_from_the_roster_stay_inside_the_output_folder() {
    let dir = tempdir();
    // As long as a name may be (150 characters); the file name is cut to 60.
    let long = "L".repeat(150);
    let roster = write(
        dir.path(),
        "hostile.csv",
        &format!(
            "name\n../../evil\n/etc/passwd\na/b\nCON\n{long}\n\"bell\u{7}\u{1b}[31m\"\n../../evil\n\"..\"\n"
        ),
    );
    let out = dir.path().join("packets");
    batch_to_dir("compassion-in-recovery", &roster, &out)
        .assert()
        .success();
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    let mut expected = vec![
        "evil.pdf".to_string(),
        "etc-passwd.pdf".into(),
        "a-b.pdf".into(),
        "client-con.pdf".into(),
        format!("{}.pdf", "l".repeat(60)),
        "bell-31m.pdf".into(),
        "evil-2.pdf".into(),
        "client.pdf".into(),
        "manifest.csv".into(),
    ];
    expected.sort();
    assert_eq!(names, expected);
    // Nothing escaped: the temp dir holds only the roster and the folder.
    let mut top: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    top.sort();
    assert_eq!(top, ["hostile.csv", "packets"]);
}

#[test]
fn rosters_from_spreadsheets_read_right() {
    let dir = tempdir();
    // A UTF-8 byte-order mark, Windows line endings, capitalised headers,
    // quoted commas, an extra column, a blank last line.
    let roster = write(
        dir.path(),
        "excel.csv",
        "\u{FEFF}Name,Phone,Date\r\n\"Núñez, José\",555-0101,2026-11-24\r\nZoë Œlberg,,\r\n\r\n",
    );
    let out = dir.path().join("p");
    batch_to_dir("compassion-in-recovery", &roster, &out)
        .args(["--date", "2026-12-01"])
        .assert()
        .success()
        .stderr(predicate::str::contains("the column `Phone` is not used"));
    if let Some(text) = words(&out.join("nunez-jose.pdf")) {
        assert!(text.contains("Name: Núñez, José") && text.contains("Date: November 24, 2026"));
    }
    if let Some(text) = words(&out.join("zoe-oelberg.pdf")) {
        // No date in the row: the --date default.
        assert!(text.contains("Name: Zoë Œlberg") && text.contains("Date: December 1, 2026"));
    }
}

#[test]
fn a_row_language_picks_the_lesson_edition_or_falls_back_with_a_note() {
    let dir = tempdir();
    write(
        dir.path(),
        "calm.toml",
        "title = \"Calm body\"\nsummary = \"Breathe slowly.\"\n",
    );
    write(
        dir.path(),
        "calm.es.toml",
        "title = \"Cuerpo en calma\"\nlanguage = \"es\"\nsummary = \"Respire despacio.\"\n",
    );
    write(
        dir.path(),
        "plain.toml",
        "title = \"Plain\"\nsummary = \"Only English.\"\n",
    );
    let packet = write(
        dir.path(),
        "two.packet.toml",
        "title = \"Two\"\nlessons = [\"calm.toml\", \"plain.toml\"]\n",
    );
    let roster = write(
        dir.path(),
        "r.csv",
        "name,language,date\nAna,es,2026-11-24\nBo,en,2026-11-24\n",
    );
    let out = dir.path().join("p");
    let r = batch_to_dir(&packet, &roster, &out).assert().success();
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(
            "note: 1 client asked for Spanish (es): `plain` printed in English (it has no Spanish edition)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("asked for English"), "{stderr}");
    if let Some(ana) = words(&out.join("ana.pdf")) {
        assert!(
            ana.contains("Cuerpo en calma") && ana.contains("Nombre: Ana"),
            "{ana}"
        );
        assert!(ana.contains("24 de noviembre de 2026"));
        assert!(ana.contains("Only English."));
    }
    if let Some(bo) = words(&out.join("bo.pdf")) {
        assert!(bo.contains("Calm body") && !bo.contains("Cuerpo en calma"));
    }
}

#[test]
fn a_bad_combined_path_fails_before_anything_is_written() {
    let dir = tempdir();
    let roster = write(dir.path(), "r.csv", "name\nAna\n");
    handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .arg("--out-dir")
        .arg(dir.path().join("p"))
        .arg("--combined")
        .arg(dir.path().join("missing/all.pdf"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the roster");
    handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out-dir"));
}

#[test]
fn build_prints_a_packet_as_one_numbered_document_with_bookmarks() {
    let dir = tempdir();
    let out = dir.path().join("packet.pdf");
    handout()
        .args([
            "build",
            &example_packet(),
            "--client",
            "Ana Ruiz",
            "--date",
            "2026-11-24",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let doc = lopdf::Document::load(&out).unwrap();
    let n = doc.get_pages().len();
    let outline = doc
        .get_toc()
        .map(|t| t.toc.iter().map(|e| e.title.clone()).collect::<Vec<_>>());
    assert_eq!(
        outline.ok(),
        Some(vec![
            "Compassion in Recovery".to_string(),
            "Riding Out an Urge".to_string()
        ])
    );
    let Some(per_page) = page_texts(&out) else {
        return;
    };
    assert!(
        per_page[0].contains("Compassion Group, weeks 1-2") && per_page[0].contains("Ana Ruiz")
    );
    // Contents gives real page numbers: each lesson starts where it says.
    // Two lessons: the contents are on the cover, not a page of their own.
    let contents = per_page[0].split_whitespace().collect::<Vec<_>>().join(" ");
    let start_of = |title: &str| -> usize {
        let after = &contents[contents.find(title).unwrap() + title.len()..];
        after.split_whitespace().next().unwrap().parse().unwrap()
    };
    let a = start_of("Compassion in Recovery");
    let b = start_of("Riding Out an Urge");
    // A lesson's first page: the facility, then the title, then the header.
    let opening = |p: &str| p.lines().take(3).collect::<Vec<_>>().join("\n");
    assert_eq!(
        opening(&per_page[a - 1]),
        "Riverside Recovery Center\n\nCompassion in Recovery"
    );
    assert_eq!(
        opening(&per_page[b - 1]),
        "Riverside Recovery Center\n\nRiding Out an Urge"
    );
    // Page numbers run through; each footer names its own lesson.
    for (i, p) in per_page.iter().enumerate() {
        assert!(
            p.contains(&format!("Page {} of {n}", i + 1)),
            "page {}",
            i + 1
        );
    }
    assert!(per_page[b].contains("Riding Out an Urge"));
    // The default name comes from the packet file.
    handout()
        .current_dir(dir.path())
        .args(["build", &example_packet()])
        .assert()
        .success();
    assert!(dir.path().join("group.pdf").is_file());
}

#[test]
fn several_lessons_make_one_document() {
    let dir = tempdir();
    let out = dir.path().join("two.pdf");
    let urge = root().join("examples/riding-out-an-urge.toml");
    handout()
        .args(["build", "compassion-in-recovery"])
        .arg(&urge)
        .args(["--scenario", "payday", "-o"])
        .arg(&out)
        .assert()
        .success();
    let Some(text) = words(&out) else { return };
    assert!(text.contains("Compassion in Recovery") && text.contains("Riding Out an Urge"));
    // `payday` belongs to the second lesson: the first prints all of its own.
    assert!(
        text.contains("Shame after a craving")
            && text.contains("Payday")
            && !text.contains("After an argument")
    );
}

#[test]
fn an_interrupted_run_leaves_only_complete_pdfs() {
    let dir = tempdir();
    let out = dir.path().join("packets");
    let combined = dir.path().join("all.pdf");
    // Some packets written, then Ctrl-C.
    let (status, stderr) = batch_stopped_by(dir.path(), "packets", libc::SIGINT);
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted after"), "{stderr}");

    let written: Vec<PathBuf> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(written.len() >= 3 && written.len() < 400);
    for path in &written {
        assert_eq!(
            path.extension().unwrap(),
            "pdf",
            "left behind: {}",
            path.display()
        );
        assert!(
            lopdf::Document::load(path).is_ok(),
            "{} is not a complete PDF",
            path.display()
        );
        qpdf_check(path);
    }
    assert!(
        !combined.exists(),
        "a combined file from an interrupted run"
    );
    let mut top: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    top.sort();
    assert_eq!(top, ["big.csv", "packets"], "temporary files left behind");
}

#[test]
fn duplex_per_client_files_have_even_page_counts() {
    let dir = tempdir();
    let roster = write(dir.path(), "week1.csv", ROSTER);
    let out = dir.path().join("packets");
    handout()
        .args(["batch", &example_packet(), "--duplex", "--roster"])
        .arg(&roster)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success();
    let rows = manifest(&out.join("manifest.csv"));
    assert_eq!(rows.len(), 3);
    let mut padded = 0;
    for row in rows {
        let n = pages(&out.join(&row[2]));
        assert_eq!(n % 2, 0, "{} has {n} pages", row[2]);
        assert_eq!(row[3], n.to_string());
        // The blank back page really is blank.
        if let Some(per_page) = page_texts(&out.join(&row[2]))
            && per_page[n - 1].trim().is_empty()
        {
            padded += 1;
        }
    }
    assert!(
        padded >= 1,
        "no file needed a blank back page; the test proves nothing"
    );
}

/// Forty clients whose packets differ in size (one scenario or three), so
/// that with several threads later ones finish before earlier ones: the
/// combined file and manifest still come out in roster order, the same
/// bytes as rendered one at a time.
#[test]
fn clients_finishing_out_of_order_still_join_in_roster_order() {
    let dir = tempdir();
    let mut csv = String::from("name,id,scenarios\n");
    for i in 0..40 {
        let scenarios = if i % 3 == 0 {
            "craving;payday;conflict"
        } else {
            "craving"
        };
        csv.push_str(&format!("Client Number {i},c-{i:03},{scenarios}\n"));
    }
    let roster = write(dir.path(), "group.csv", &csv);
    let run = |jobs: &str| {
        let combined = dir.path().join(format!("all-{jobs}.pdf"));
        batch(&roster)
            .arg("--combined")
            .arg(&combined)
            .args(["--jobs", jobs])
            .assert()
            .success();
        combined
    };
    let one = run("1");
    let four = run("4");
    assert_eq!(fs::read(&one).unwrap(), fs::read(&four).unwrap());
    let rows = manifest(&dir.path().join("all-4.manifest.csv"));
    assert_eq!(rows.len(), 40);
    let ids: Vec<String> = (0..40).map(|i| format!("c-{i:03}")).collect();
    assert_eq!(rows.iter().map(|r| r[1].clone()).collect::<Vec<_>>(), ids);
    // Each packet starts on the page after the one before it ends.
    let range =
        |r: &Vec<String>| -> (usize, usize) { (r[4].parse().unwrap(), r[5].parse().unwrap()) };
    for pair in rows.windows(2) {
        assert_eq!(range(&pair[0]).1 + 1, range(&pair[1]).0);
    }
}

/// Each client's pages in a combined file, by the manifest beside it: roster
/// line → (language_asked, language_printed, the words on their pages).
fn combined_clients(pdf: &Path) -> Vec<(String, String, String, Option<String>)> {
    let rows = manifest(&pdf.with_extension("manifest.csv"));
    let texts = page_texts(pdf);
    rows.iter()
        .map(|r| {
            let (first, last): (usize, usize) = (r[4].parse().unwrap(), r[5].parse().unwrap());
            let words = texts.as_ref().map(|t| {
                t[first - 1..last]
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            (r[0].clone(), r[6].clone(), r[7].clone(), words)
        })
        .collect()
}

const SOMALI_AND_SPANISH: &str =
    "name,id,language\nAsha Warsame,c-1,Somali\nAna Ruiz,c-2,Spanish\n";

#[test]
fn a_client_in_a_language_with_no_edition_gets_english_and_the_summary_and_manifest_say_so() {
    let dir = tempdir();
    let roster = write(dir.path(), "r.csv", SOMALI_AND_SPANISH);
    let run = |extra: &[&str]| {
        let mut c = handout();
        c.args(["batch", "compassion-in-recovery", "--roster"])
            .arg(&roster)
            .arg("--combined")
            .arg(dir.path().join("all.pdf"))
            .args(extra);
        c
    };

    // `check` notes it, and passes.
    let r = handout()
        .args(["check", "compassion-in-recovery"])
        .arg(&roster)
        .assert()
        .success();
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("note: 1 client asked for Somali (so): printed in English"),
        "{stderr}"
    );
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");

    // Both clients print: the Somali client in English, the Spanish one in Spanish.
    let r = run(&[]).assert().success();
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("\n1 client asked for Somali (so): printed in English\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("asked for Spanish"), "{stderr}");
    assert!(!stderr.contains("Asha"), "{stderr}");
    let clients = combined_clients(&dir.path().join("all.pdf"));
    assert_eq!(clients.len(), 2);
    let (asha, ana) = (&clients[0], &clients[1]);
    assert_eq!((&*asha.0, &*asha.1, &*asha.2), ("2", "so", "en"));
    assert_eq!((&*ana.0, &*ana.1, &*ana.2), ("3", "es", "es"));
    if let (Some(asha), Some(ana)) = (&asha.3, &ana.3) {
        assert!(
            asha.contains("Name: Asha Warsame") && asha.contains("Compassion in Recovery"),
            "{asha}"
        );
        assert!(!asha.contains("Nombre"), "{asha}");
        assert!(
            ana.contains("Nombre: Ana Ruiz") && ana.contains("Compasión en la recuperación"),
            "{ana}"
        );
    }

    // --fallback-language es: the Somali client in Spanish.
    let r = run(&["--fallback-language", "es"]).assert().success();
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("1 client asked for Somali (so): printed in Spanish"),
        "{stderr}"
    );
    let clients = combined_clients(&dir.path().join("all.pdf"));
    assert_eq!((&*clients[0].1, &*clients[0].2), ("so", "es"));
    if let Some(asha) = &clients[0].3 {
        assert!(asha.contains("Nombre: Asha Warsame"), "{asha}");
    }

    // --strict-languages refuses, at the Somali row's language cell, and
    // writes nothing.
    fs::remove_file(dir.path().join("all.pdf")).unwrap();
    let r = run(&["--strict-languages"]).assert().code(1);
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("error: line 2: ") && stderr.contains("has no Somali (so) edition"),
        "{stderr}"
    );
    assert!(stderr.contains("compassion-in-recovery"), "{stderr}");
    assert!(
        stderr.contains(&format!("--> {}:2:18", roster.display())),
        "{stderr}"
    );
    assert!(!stderr.contains("line 3"), "{stderr}");
    assert!(!dir.path().join("all.pdf").exists());
}

#[test]
fn a_packet_s_fallback_language_is_used_unless_the_command_line_says_otherwise() {
    let dir = tempdir();
    let roster = write(dir.path(), "r.csv", SOMALI_AND_SPANISH);
    let packet = write(
        dir.path(),
        "g.packet.toml",
        "title = \"Group\"\nlessons = [\"compassion-in-recovery\"]\nfallback_language = \"es\"\n",
    );
    let out = dir.path().join("p");
    batch_to_dir(&packet, &roster, &out).assert().success();
    let rows = manifest(&out.join("manifest.csv"));
    assert_eq!((&*rows[0][6], &*rows[0][7]), ("so", "es"));
    if let Some(asha) = words(&out.join("c-1.pdf")) {
        assert!(asha.contains("Nombre: Asha Warsame"), "{asha}");
    }
    batch_to_dir(&packet, &roster, &out)
        .args(["--fallback-language", "English"])
        .assert()
        .success();
    let rows = manifest(&out.join("manifest.csv"));
    assert_eq!((&*rows[0][6], &*rows[0][7]), ("so", "en"));
}

#[test]
fn a_vietnamese_client_gets_english_for_a_lesson_with_no_vietnamese_edition() {
    let dir = tempdir();
    let roster = write(
        dir.path(),
        "r.csv",
        "name,id,language\nVan Tran,c-1,Vietnamese\nBo Lee,c-2,\n",
    );
    let out = dir.path().join("p");
    let r = handout()
        .args([
            "batch",
            "compassion-in-recovery",
            "calming-the-body",
            "--roster",
        ])
        .arg(&roster)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(
            "\n1 client asked for Vietnamese (vi): `calming-the-body` printed in English\n"
        ),
        "{stderr}"
    );
    let rows = manifest(&out.join("manifest.csv"));
    assert_eq!(
        (&*rows[0][6], &*rows[0][7]),
        ("vi", "compassion-in-recovery=vi; calming-the-body=en")
    );
    assert_eq!((&*rows[1][6], &*rows[1][7]), ("", "en"));
    if let Some(van) = words(&out.join("c-1.pdf")) {
        assert!(
            van.contains("Lòng trắc ẩn trong quá trình hồi phục")
                && van.contains("Calming the Body"),
            "{van}"
        );
    }
}
