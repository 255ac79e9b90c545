//! Trust with real clinic data (issue 11): client names never reach a
//! message, a roster never puts a value under the wrong heading, nothing
//! half-written is left behind, and no input stalls a run.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;

/// A run must answer long before this; it guards against a stall, it does
/// not measure speed (that is the benchmark's job).
const HANG: Duration = Duration::from_secs(120);

/// Batch the built-in compassion lesson for `roster` into `dir/out`; it
/// must succeed.
fn batch_into(dir: &Path, roster: &Path) -> PathBuf {
    let out = dir.join("out");
    batch_to_dir("compassion-in-recovery", roster, &out)
        .assert()
        .success();
    out
}

/// Standard error of a run, which must fail with `code`.
fn stderr_of(cmd: &mut assert_cmd::Command, code: i32) -> String {
    let out = cmd.timeout(HANG).assert().code(code);
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

/// Words of the clients' details in the rosters below: none may appear in
/// any message.
const SECRETS: [&str; 13] = [
    "Quentin", "Zaragoza", "Wei", "Zhang", "张", "伟", "Smith", "Alice", "Xavier", "Ulm",
    "Yolanda", "MRN-77", "11/34",
];

fn assert_no_secret(stderr: &str) {
    for s in SECRETS {
        assert!(
            !stderr.contains(s),
            "a client's detail `{s}` reached a message:\n{stderr}"
        );
    }
}

#[test]
fn no_roster_error_quotes_a_clients_details() {
    let dir = tempdir();
    // Every error path a roster row can take: a character no font has, a
    // bad date, a bad language, an empty name, an unknown scenario, a
    // shifted comma, an overlong cell.
    let roster = write(
        dir.path(),
        "week1.csv",
        &format!(
            "name,id,date,clinician,language,scenarios\n\
             Wei Zhang 张伟,MRN-77,2026-11-24,Dr Xavier Ulm,,\n\
             Quentin Zaragoza,MRN-77a,11/34/2026,Dr Xavier Ulm,,\n\
             Yolanda Quentin,,,,Yolanda,\n\
             ,MRN-77b,,Dr Xavier Ulm,,\n\
             Quentin Ulm,,,,,Zaragoza\n\
             Smith, Alice,MRN-77c,,,,\n\
             {}Quentin,,,,,\n",
            "Zaragoza ".repeat(40)
        ),
    );
    // Without the machine's fonts, as on a machine that has none for
    // Chinese.
    for cmd in [
        handout()
            .args([
                "batch",
                "--ignore-system-fonts",
                &example_packet(),
                "--roster",
            ])
            .arg(&roster)
            .arg("--out-dir")
            .arg(dir.path().join("out")),
        handout()
            .args(["check", "--ignore-system-fonts"])
            .arg(&roster),
        handout()
            .args(["check", "--ignore-system-fonts"])
            .arg(example_packet())
            .arg(&roster),
    ] {
        let stderr = stderr_of(cmd, 1);
        assert_no_secret(&stderr);
        // Yet every problem is pointed at, by line and column and column name.
        let file = roster.display().to_string();
        for expected in [
            format!("{file}:2:"),
            "the `name` cell has a character no font found can print (U+5F20, Han (Chinese characters) script)".to_string(),
            "sudo apt install fonts-noto-cjk".to_string(),
            "line 3: the `date` cell, written like `NN/NN/NNNN`, is not a date like 2026-11-22".to_string(),
            "line 4: the `language` cell, written like `xxxxxxx`".to_string(),
            "line 5 has no name".to_string(),
            "line 7 has 7 fields, but the header has 6 columns".to_string(),
            "line 8: the `name` cell is 367 characters long; it may be at most 150".to_string(),
        ] {
            assert!(stderr.contains(&expected), "`{expected}` missing:\n{stderr}");
        }
        assert!(!dir.path().join("out").exists());
    }
    // The unknown scenario is found once the rows are otherwise sound; a
    // value with a name's shape is described, not quoted.
    let roster = write(
        dir.path(),
        "week2.csv",
        "name,scenarios\nQuentin Ulm,Zaragoza\nAna,cravings\n",
    );
    let stderr = stderr_of(
        handout()
            .args(["batch", &example_packet(), "--roster"])
            .arg(&roster)
            .arg("--out-dir")
            .arg(dir.path().join("out")),
        1,
    );
    assert_no_secret(&stderr);
    assert!(
        stderr.contains("line 2: unknown scenario written like `xxxxxxxx`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 3: unknown scenario `cravings`"),
        "{stderr}"
    );
}

#[test]
fn a_roster_that_is_not_utf8_is_pointed_at_without_its_text() {
    let dir = tempdir();
    let roster = dir.path().join("export.csv");
    fs::write(&roster, b"name,id\nQuentin Jos\xe9 Zaragoza,MRN-77\n").unwrap();
    let stderr = stderr_of(handout().arg("check").arg(&roster), 1);
    assert_no_secret(&stderr);
    assert!(stderr.contains("the roster is not UTF-8 text"), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:2:12", roster.display())),
        "{stderr}"
    );
}

#[test]
fn an_unquoted_comma_in_a_name_is_an_error_not_a_shifted_row() {
    let dir = tempdir();
    let roster = write(
        dir.path(),
        "r.csv",
        "name,id,clinician\nAna Ruiz,c-0,Dr. Ruiz\nSmith, Alice,c-1,Dr. Ruiz\n",
    );
    let out = dir.path().join("out");
    let stderr = stderr_of(
        &mut batch_to_dir("compassion-in-recovery", &roster, &out),
        1,
    );
    assert!(
        stderr.contains("line 3 has 4 fields, but the header has 3 columns"),
        "{stderr}"
    );
    assert!(stderr.contains("needs quotes around it"), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:3:1", roster.display())),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing may be written");
    // Quoted, the same name prints whole.
    let roster = write(
        dir.path(),
        "r.csv",
        "name,id,clinician\n\"Smith, Alice\",c-1,Dr. Ruiz\n",
    );
    batch_to_dir("compassion-in-recovery", &roster, &out)
        .assert()
        .success();
    if let Some(text) = words(&out.join("c-1.pdf")) {
        assert!(text.contains("Name: Smith, Alice"), "{text}");
        assert!(text.contains("Clinician: Dr. Ruiz"), "{text}");
    }
}

#[test]
fn a_runaway_name_is_refused_at_once() {
    let dir = tempdir();
    let roster = write(
        dir.path(),
        "r.csv",
        &format!("name\nAna\n{}\n", "Q".repeat(100_000)),
    );
    for cmd in [
        handout().arg("check").arg(&roster),
        handout()
            .args(["batch", "compassion-in-recovery", "--roster"])
            .arg(&roster)
            .arg("--out-dir")
            .arg(dir.path().join("out")),
    ] {
        let stderr = stderr_of(cmd, 1);
        assert!(
            stderr.contains(
                "line 3: the `name` cell is 100000 characters long; it may be at most 150"
            ),
            "{stderr}"
        );
    }
    // --client is held to the same limit.
    let stderr = stderr_of(
        handout()
            .args(["build", "compassion-in-recovery", "--client"])
            .arg("Q".repeat(100_000))
            .arg("-o")
            .arg(dir.path().join("x.pdf")),
        1,
    );
    assert!(
        stderr.contains(
            "the client name (--client) is 100000 characters long; it may be at most 150"
        ),
        "{stderr}"
    );
}

#[test]
fn one_word_of_a_million_letters_is_laid_out_in_one_pass() {
    // Line breaking used to measure the rest of a long word again for
    // every line cut from it: a million letters never finished.
    let dir = tempdir();
    let lesson = write(
        dir.path(),
        "long.toml",
        &format!(
            "title = \"Long\"\nsummary = \"{}\"\n[[notes]]\ntitle = \"When to get more help\"\nbody = \"{{{{988}}}}\"\n",
            "x".repeat(1_000_000)
        ),
    );
    // Past a lesson's 60 pages; the limit raised, so it is laid out whole.
    handout()
        .arg("check")
        .arg(&lesson)
        .args(["--max-pages", "1000"])
        .timeout(HANG)
        .assert()
        .success();
}

#[test]
fn file_limits_are_each_files_own_and_devices_are_refused() {
    let dir = tempdir();
    // A roster of 1.1 MB is well within a roster's 10 MB.
    let mut text = String::from("name,id\n");
    let mut n = 0;
    while text.len() < 1_150_000 {
        n += 1;
        text.push_str(&format!("Client Number {n},id-{n}\n"));
    }
    let roster = write(dir.path(), "big.csv", &text);
    handout()
        .arg("check")
        .arg(&roster)
        .timeout(HANG)
        .assert()
        .success();
    // A device is never read: it could be endless.
    if Path::new("/dev/zero").exists() {
        for args in [
            vec!["check", "/dev/zero"],
            vec!["build", "/dev/zero"],
            vec![
                "batch",
                "compassion-in-recovery",
                "--roster",
                "/dev/zero",
                "--out-dir",
            ],
        ] {
            let mut cmd = handout();
            cmd.args(&args);
            if args[0] == "batch" {
                cmd.arg(dir.path().join("out"));
            }
            let stderr = stderr_of(&mut cmd, 2);
            assert!(
                stderr.contains("cannot read /dev/zero: it is not a regular file"),
                "{args:?}: {stderr}"
            );
        }
    }
}

#[test]
fn bidirectional_controls_in_a_name_do_not_print() {
    let dir = tempdir();
    let roster = write(
        dir.path(),
        "r.csv",
        "name,id\n\"Ana\u{202E}Ruiz\u{202C}\u{200E}\",a-1\n",
    );
    let out = batch_into(dir.path(), &roster);
    let pdf = out.join("a-1.pdf");
    let doc = lopdf::Document::load(&pdf).unwrap();
    let text = doc.extract_text(&[1]).unwrap_or_default();
    for control in ['\u{202E}', '\u{202C}', '\u{200E}'] {
        assert!(!text.contains(control), "U+{:04X} printed", control as u32);
    }
    if let Some(text) = words(&pdf) {
        assert!(text.contains("Name: AnaRuiz"), "{text}");
    }
}

#[test]
fn check_with_the_packet_rejects_exactly_what_batch_rejects() {
    let dir = tempdir();
    let roster = write(
        dir.path(),
        "r.csv",
        "name,scenarios\nAna,cravings\nBo,Craving\nCy,\"craving, payday\"\nDee,craving;trama\n",
    );
    let batch = stderr_of(
        handout()
            .args(["batch", &example_packet(), "--roster"])
            .arg(&roster)
            .arg("--out-dir")
            .arg(dir.path().join("out")),
        1,
    );
    let check = stderr_of(handout().arg("check").arg(example_packet()).arg(&roster), 1);
    let errors = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with("error:") || l.starts_with(" --> "))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        errors(&check),
        errors(&batch),
        "check:\n{check}\nbatch:\n{batch}"
    );
    // `Craving` and `craving, payday` are ids as people type them; the
    // misspelt ones are not.
    assert_eq!(errors(&check).len(), 4, "{check}");
    assert!(
        check.contains("line 2: unknown scenario `cravings`"),
        "{check}"
    );
    assert!(
        check.contains("line 5: unknown scenario `trama`"),
        "{check}"
    );
    // The roster alone passes, and says what it could not check.
    let out = handout().arg("check").arg(&roster).assert().success();
    let alone = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        alone.contains(
            "note: scenario ids and languages were not checked: no lessons or packet were given"
        ),
        "{alone}"
    );
    assert!(alone.contains("0 errors, 0 warnings"), "{alone}");
}

/// Files in `dir` (not folders), by name.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn temps_in(dir: &Path) -> Vec<String> {
    files_in(dir)
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[cfg(unix)]
#[test]
fn term_and_hup_stop_a_batch_as_ctrl_c_does_leaving_no_temporary_file() {
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let dir = tempdir();
        let (status, stderr) = batch_stopped_by(dir.path(), "out", signal);
        assert_eq!(status.code(), Some(130), "signal {signal}: {stderr}");
        assert!(stderr.contains("interrupted after"), "{stderr}");
        let out = dir.path().join("out");
        assert_eq!(temps_in(&out), Vec::<String>::new(), "signal {signal}");
        assert_eq!(
            temps_in(dir.path()),
            Vec::<String>::new(),
            "signal {signal}"
        );
        assert!(!out.join("manifest.csv").exists());
        assert!(!dir.path().join("all.pdf").exists());
        for pdf in files_in(&out) {
            assert!(
                lopdf::Document::load(out.join(&pdf)).is_ok(),
                "{pdf} is not whole"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_rerun_removes_the_temporary_files_a_killed_run_left() {
    let dir = tempdir();
    let (status, _) = batch_stopped_by(dir.path(), "out", libc::SIGKILL);
    assert_eq!(status.code(), None, "killed");
    let out = dir.path().join("out");
    // Whatever the killed run left, plus one more of an older run's.
    fs::write(out.join(".handout-999999999-aaaaaa.tmp"), "half a PDF").unwrap();
    assert!(!temps_in(&out).is_empty());
    let roster = write(dir.path(), "small.csv", "name,id\nAna,a-1\n");
    batch_to_dir("compassion-in-recovery", &roster, &out)
        .arg("--combined")
        .arg(dir.path().join("all.pdf"))
        .timeout(HANG)
        .assert()
        .success();
    assert_eq!(temps_in(&out), Vec::<String>::new());
    assert_eq!(temps_in(dir.path()), Vec::<String>::new());
    // `build` cleans its folder too.
    fs::write(out.join(".handout-999999999-bbbbbb.tmp"), "half a PDF").unwrap();
    handout()
        .args(["build", "compassion-in-recovery", "-o"])
        .arg(out.join("one.pdf"))
        .assert()
        .success();
    assert_eq!(temps_in(&out), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn past_the_file_size_limit_a_write_fails_clearly_and_leaves_nothing() {
    let dir = tempdir();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let bin = assert_cmd::cargo::cargo_bin!("handout");
    let run = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 8 && exec '{}' build compassion-in-recovery -o '{}'",
            bin.display(),
            out.join("x.pdf").display()
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("larger than this system allows (see `ulimit -f`)"),
        "{stderr}"
    );
    assert_eq!(files_in(&out), Vec::<String>::new(), "left behind");
}

#[cfg(unix)]
#[test]
fn output_is_private_to_the_user_unless_loosened() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempdir();
    let roster = write(dir.path(), "r.csv", "name,id\nAna,a-1\n");
    let out = dir.path().join("new/out");
    batch_to_dir("compassion-in-recovery", &roster, &out)
        .arg("--combined")
        .arg(dir.path().join("all.pdf"))
        .assert()
        .success();
    assert_eq!(mode(&out), 0o700, "the output folder");
    for f in [
        out.join("a-1.pdf"),
        out.join("manifest.csv"),
        dir.path().join("all.pdf"),
    ] {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
    let one = dir.path().join("one.pdf");
    handout()
        .args(["build", "compassion-in-recovery", "-o"])
        .arg(&one)
        .assert()
        .success();
    assert_eq!(mode(&one), 0o600);
    // Loosened on request (the umask still applies; tests run under 022 or
    // stricter, so allow what it takes away).
    handout()
        .args([
            "build",
            "compassion-in-recovery",
            "--file-mode",
            "644",
            "-o",
        ])
        .arg(&one)
        .assert()
        .success();
    assert_eq!(mode(&one) | 0o044, 0o644);
    assert_eq!(mode(&one) & 0o600, 0o600);
    let stderr = stderr_of(
        handout().args(["build", "compassion-in-recovery", "--file-mode", "044"]),
        2,
    );
    assert!(
        stderr.contains("the first digit must be 6 or 7"),
        "{stderr}"
    );
}

#[test]
fn manifest_cells_from_the_roster_never_run_as_formulas() {
    let dir = tempdir();
    let roster = write(
        dir.path(),
        "r.csv",
        "name,id\nAna,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"\nBo,=1+1\nCy,+1\nDee,@SUM(A1)\nEd,-2\n",
    );
    let out = batch_into(dir.path(), &roster);
    let manifest = fs::read_to_string(out.join("manifest.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(manifest.as_bytes());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "'=HYPERLINK(\"http://evil.example\",\"x\")",
            "'=1+1",
            "'+1",
            "'@SUM(A1)",
            "'-2"
        ]
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_rerun_leaves_no_manifest_of_the_last_run() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let roster = write(dir.path(), "small.csv", "name,id\nAna,a-1\n");
    batch_to_dir("compassion-in-recovery", &roster, &out)
        .assert()
        .success();
    assert!(out.join("manifest.csv").exists());
    let (status, stderr) = batch_stopped_by(dir.path(), "out", libc::SIGINT);
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(
        !out.join("manifest.csv").exists(),
        "the old manifest describes files this run did not write"
    );
}

#[test]
fn a_folder_in_a_clients_place_stops_the_run_before_any_file_is_written() {
    let dir = tempdir();
    let out = dir.path().join("out");
    fs::create_dir_all(out.join("c-150.pdf")).unwrap();
    let mut roster = String::from("name,id\n");
    for i in 0..200 {
        roster.push_str(&format!("Client {i},c-{i:03}\n"));
    }
    let roster = write(dir.path(), "r.csv", &roster);
    let stderr = stderr_of(
        &mut batch_to_dir("compassion-in-recovery", &roster, &out),
        2,
    );
    assert!(
        stderr.contains("the PDF for roster line 152 would replace a folder in"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("c-150"),
        "file names come from clients' ids: {stderr}"
    );
    assert_eq!(files_in(&out), Vec::<String>::new(), "files were written");
}
