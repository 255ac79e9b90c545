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

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

fn packet() -> String {
    root()
        .join("examples/group.packet.toml")
        .display()
        .to_string()
}

/// Standard error of a run, which must fail with `code`.
fn stderr_of(cmd: &mut assert_cmd::Command, code: i32) -> String {
    let out = cmd.timeout(HANG).assert().code(code);
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

/// Words of the clients' details in the rosters below: none may appear in
/// any message.
const SECRETS: [&str; 12] = [
    "Quentin", "Zaragoza", "Wei", "Zhang", "张", "伟", "Smith", "Alice", "Xavier", "Ulm",
    "Yolanda", "MRN-77",
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
             Quentin Zaragoza,MRN-77a,11/24/2026,Dr Xavier Ulm,,\n\
             Yolanda Quentin,,,,Yolanda,\n\
             ,MRN-77b,,Dr Xavier Ulm,,\n\
             Quentin Ulm,,,,,Zaragoza\n\
             Smith, Alice,MRN-77c,,,,\n\
             {}Quentin,,,,,\n",
            "Zaragoza ".repeat(40)
        ),
    );
    for cmd in [
        handout()
            .args(["batch", &packet(), "--roster"])
            .arg(&roster)
            .arg("--out-dir")
            .arg(dir.path().join("out")),
        handout().arg("check").arg(&roster),
        handout().arg("check").arg(packet()).arg(&roster),
    ] {
        let stderr = stderr_of(cmd, 1);
        assert_no_secret(&stderr);
        // Yet every problem is pointed at, by line and column and column name.
        let file = roster.display().to_string();
        for expected in [
            format!("{file}:2:"),
            "the `name` cell has a character no bundled font can print (U+5F20, Han (Chinese characters) script)".to_string(),
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
            .args(["batch", &packet(), "--roster"])
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
        handout()
            .args(["batch", "compassion-in-recovery", "--roster"])
            .arg(&roster)
            .arg("--out-dir")
            .arg(&out),
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
    handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .arg("--out-dir")
        .arg(&out)
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
    handout()
        .arg("check")
        .arg(&lesson)
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
    let out = dir.path().join("out");
    handout()
        .args(["batch", "compassion-in-recovery", "--roster"])
        .arg(&roster)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success();
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
        "name,scenarios\nAna,cravings\nBo,Craving\nCy,\"craving, payday\"\nDee,craving\n",
    );
    let batch = stderr_of(
        handout()
            .args(["batch", &packet(), "--roster"])
            .arg(&roster)
            .arg("--out-dir")
            .arg(dir.path().join("out")),
        1,
    );
    let check = stderr_of(handout().arg("check").arg(packet()).arg(&roster), 1);
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
    assert_eq!(errors(&check).len(), 6, "{check}");
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
