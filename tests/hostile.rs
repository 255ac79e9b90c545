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
