//! One batch engine for both front ends: `handout batch` and the app's
//! group page refuse the same runs before anything is made, and warn alike
//! where a row's language has no edition of a lesson.

mod common;

use std::fs;
use std::path::Path;

use common::web::*;
use common::*;

/// A lesson whose tracker fits at normal size but not in large print: 7
/// columns, where large print has room for 6 (Letter and A4 alike).
const WIDE: &str = "title = \"Wide\"\nsummary = \"A lesson.\"\n[tracker]\n\
     columns = [\"A one\", \"B two\", \"C three\", \"D four\", \"E five\", \"F six\", \"G seven\"]\n\
     [[notes]]\ntitle = \"When to get more help\"\nbody = \"{{988}}\"\n";

/// A lesson in English only.
const PLAIN: &str = "title = \"Plain\"\nsummary = \"Only English.\"\n";

/// A folder of lesson files, as `--lessons` takes it.
fn lessons(files: &[(&str, &str)]) -> Scratch {
    let dir = tempdir();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn check_group(s: &Server, query: &str, roster: &str) -> Reply {
    request(
        &s.addr,
        "POST",
        &format!("/group/check?{query}"),
        &[("Content-Type", "text/csv")],
        roster.as_bytes(),
    )
}

fn start_group(s: &Server, query: &str, roster: &str) -> Reply {
    request(
        &s.addr,
        "POST",
        &format!("/group/start?{query}"),
        &[("Content-Type", "text/csv")],
        roster.as_bytes(),
    )
}

/// Every file under `dir`, its own name aside.
fn files_in(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    out.sort();
    out
}

const ROSTER: &str = "name,id\nAna Ruiz,c-1\nBo Lee,c-2\n";

#[test]
fn a_tracker_too_wide_at_a4_large_print_is_refused_by_both_before_anything_is_made() {
    let dir = lessons(&[("wide.toml", WIDE)]);
    let roster = dir.path().join("r.csv");
    fs::write(&roster, ROSTER).unwrap();
    let before = files_in(dir.path());

    // The command line: exit 1, the tracker named, nothing written.
    let out = dir.path().join("packets");
    let combined = dir.path().join("all.pdf");
    let r = handout()
        .arg("batch")
        .arg(dir.path().join("wide.toml"))
        .arg("--roster")
        .arg(&roster)
        .args(["--paper", "a4", "--large-print", "--out-dir"])
        .arg(&out)
        .arg("--combined")
        .arg(&combined)
        .assert()
        .code(1);
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("the tracker has 7 columns"), "{stderr}");
    assert!(stderr.contains("A4 large print"), "{stderr}");
    assert!(!out.exists(), "no folder made");
    assert_eq!(files_in(dir.path()), before, "nothing written beside");

    // The app: the check and the start both refuse, in words, and no run
    // is started.
    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    let query = "lesson=wide&output=zip&paper=a4&large_print=on";
    for r in [
        check_group(&s, query, ROSTER),
        start_group(&s, query, ROSTER),
    ] {
        assert_eq!(r.status, 422, "{}", r.text());
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        let problems = v["problems"].to_string();
        assert!(problems.contains("the tracker has 7 columns"), "{problems}");
        assert!(problems.contains("A4 large print"), "{problems}");
        assert!(v["token"].is_null(), "{v}");
        assert!(!problems.contains("Ana Ruiz"), "{problems}");
    }
    // At normal size the same group goes ahead: the refusal was the size's.
    let ok = check_group(&s, "lesson=wide&output=zip&paper=a4", ROSTER);
    assert_eq!(ok.status, 200, "{}", ok.text());
}

#[test]
fn a_row_language_without_an_edition_is_noted_in_both() {
    let dir = lessons(&[("plain.toml", PLAIN)]);
    let roster_text = "name,language\nAna Ruiz,es\nBo Lee,en\n";
    let roster = dir.path().join("r.csv");
    fs::write(&roster, roster_text).unwrap();
    let wanted =
        "1 client asked for Spanish (es): printed in English (`plain` has no Spanish edition)";

    let out = dir.path().join("packets");
    let r = handout()
        .arg("batch")
        .arg(dir.path().join("plain.toml"))
        .arg("--roster")
        .arg(&roster)
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains(wanted), "{stderr}");
    assert!(!stderr.contains("asked for English"), "{stderr}");

    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    let check = check_group(&s, "lesson=plain&output=zip", roster_text);
    assert_eq!(check.status, 200, "{}", check.text());
    let v: serde_json::Value = serde_json::from_slice(&check.body).unwrap();
    assert_eq!(v["clients"], 2);
    // The page says it as a note, in its own words.
    assert!(v["errors"].as_array().unwrap().is_empty(), "{v}");
    let notes = v["notes"].to_string();
    assert!(
        notes.contains(
            "1 client with Spanish as their language: the lesson plain has no Spanish edition, so they get it in English."
        ),
        "{notes}"
    );
    assert!(!notes.contains("English as their language"), "{notes}");
    assert!(!notes.contains("Ana Ruiz"), "{notes}");

    // A language with no labels at all stops no one in the app either.
    let check = check_group(
        &s,
        "lesson=plain&output=zip",
        "name,language\nAsha Warsame,Somali\nBo Lee,en\n",
    );
    assert_eq!(check.status, 200, "{}", check.text());
    let v: serde_json::Value = serde_json::from_slice(&check.body).unwrap();
    assert_eq!(v["clients"], 2);
    let notes = v["notes"].to_string();
    assert!(
        notes.contains("1 client with Somali as their language: the lesson plain has no Somali edition, so they get it in English."),
        "{notes}"
    );
    assert!(!notes.contains("Asha"), "{notes}");
}

#[test]
fn a_facility_lesson_that_cannot_be_laid_out_shows_in_the_gallery_with_why() {
    // Thousands of pages: past the limit at every size.
    let huge = format!(
        "title = \"Huge\"\nsummary = \"Short.\"\n\n[plan]\ntitle = \"Write\"\nlines = 30\nprompts = [{}]\n",
        vec!["\"a\""; 5_000].join(",")
    );
    let dir = lessons(&[("huge.toml", &huge), ("plain.toml", PLAIN)]);
    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    let html = request(&s.addr, "GET", "/", &[], b"").text();
    let at = html
        .find("Lessons that can't print")
        .expect("a section for them");
    let section = &html[at..];
    assert!(section.contains("Huge"), "{section}");
    assert!(section.contains("huge.toml"), "{section}");
    assert!(
        section.contains("This lesson can't be printed: the lesson `huge` is more than"),
        "{section}"
    );
    // Never offered to print.
    assert!(!html.contains("/lessons/huge\""), "{html}");
    assert!(html.contains("/lessons/plain\""), "{html}");
}
