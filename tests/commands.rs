//! `handout list` and `handout new`, run as an author would.

mod common;

use std::fs;

use common::*;
use predicates::prelude::*;

#[test]
fn list_shows_each_built_in_lesson_with_its_scenarios() {
    let out = handout().arg("list").assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let mut lines = stdout.lines();
    let header = lines.next().unwrap();
    for column in ["ID", "TITLE", "LANGUAGES", "PAGES", "SCENARIOS"] {
        assert!(header.contains(column), "{header}");
    }
    let row = stdout
        .lines()
        .find(|l| l.starts_with("compassion-in-recovery "))
        .expect("compassion-in-recovery listed");
    let cells: Vec<&str> = row
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells[2], "en, es, vi, zh-Hans", "{row}");
    let pages: usize = cells[3].parse().unwrap();
    assert!((2..=6).contains(&pages), "{row}");
    assert!(row.contains("Compassion in Recovery"), "{row}");
    assert!(row.ends_with("craving, conflict, trauma, low-day"), "{row}");
}

#[test]
fn new_writes_a_skeleton_that_checks_and_builds() {
    let dir = tempdir();
    handout()
        .current_dir(dir.path())
        .args(["new", "Coping with \"Hard\" Days"])
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote coping-with-hard-days.toml"));
    let file = dir.path().join("coping-with-hard-days.toml");
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("title = \"Coping with \\\"Hard\\\" Days\""),
        "{text}"
    );
    handout()
        .current_dir(dir.path())
        .args(["check", "coping-with-hard-days.toml"])
        .assert()
        .success();
    let out = dir.path().join("skeleton.pdf");
    handout()
        .current_dir(dir.path())
        .args(["build", "coping-with-hard-days.toml", "-o"])
        .arg(&out)
        .assert()
        .success();
    if let Some(words) = words(&out) {
        assert!(words.contains("Coping with “Hard” Days"), "{words}");
        // Every section of the skeleton prints, the values card among them.
        assert!(
            words.contains("What matters to me") && words.contains("Honesty"),
            "{words}"
        );
    }
    // Never overwrites.
    handout()
        .current_dir(dir.path())
        .args(["new", "coping-with-hard-days.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
}
