//! The lesson-format additions of issue 32, through the real binary:
//! checklist reflections, the questions section and the sources block read
//! back from a built PDF in order, in English and Spanish; `check` asking a
//! built-in lesson that states medical facts for its sources.

mod common;

use common::{fixture, handout, pdftotext, tempdir};

/// Where each of `needles` is in `text`, asserting they come in order.
fn in_order(text: &str, needles: &[&str]) {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut from = 0;
    for n in needles {
        match flat[from..].find(n) {
            Some(i) => from += i + n.len(),
            None => panic!("`{n}` is not after what came before it in:\n{flat}"),
        }
    }
}

#[test]
fn reflections_questions_and_sources_print_in_order() {
    let dir = tempdir();
    let out = dir.path().join("new.pdf");
    handout()
        .arg("build")
        .arg(fixture("new-keys.toml"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let Some(text) = pdftotext(&out) else { return };
    in_order(
        &text,
        &[
            "Four",
            "If you checked 0 or 1: Few boxes: that is fine.",
            "If you checked 2: Two boxes: worth a look.",
            "If you checked 3 or more: Many boxes: talk to someone this week.",
            "Questions people ask",
            "Is this a question?",
            "Yes, and this is its short answer.",
            "Another one?",
            "Another answer.",
            "When to get more help",
            "Where this comes from",
            // On paper an address reads without its scheme.
            "Naloxone DrugFacts · www.fda.gov/drugs/naloxone · checked December 7, 2026",
            "Opioid overdose · www.cdc.gov/overdose · checked November 30, 2026",
        ],
    );
    // The sources are on the last page, whole.
    let pages = common::page_texts(&out).unwrap();
    let last = pages.last().unwrap();
    assert!(
        last.contains("Where this comes from") && last.contains("checked November 30, 2026"),
        "{last}"
    );
}

/// Sources checked on one day print the day once, in their heading, so the
/// block takes a line or two a source: the flagship's fit on its sixth page.
#[test]
fn sources_checked_on_one_day_print_the_day_once_in_their_heading() {
    let dir = tempdir();
    let out = dir.path().join("c.pdf");
    handout()
        .args(["build", "compassion-in-recovery", "-o"])
        .arg(&out)
        .assert()
        .success();
    let Some(pages) = common::page_texts(&out) else {
        return;
    };
    assert_eq!(pages.len(), 6, "the flagship prints on six pages");
    let last = pages
        .last()
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        last.contains("Where this comes from · checked December 7, 2026"),
        "{last}"
    );
    assert_eq!(
        last.matches("checked December 7, 2026").count(),
        1,
        "{last}"
    );
    assert!(
        last.contains("Fentanyl Test Strips · www.cdc.gov/"),
        "{last}"
    );
}

#[test]
fn the_new_parts_print_their_words_in_spanish() {
    let dir = tempdir();
    let out = dir.path().join("es.pdf");
    handout()
        .arg("build")
        .arg(fixture("new-keys.es.toml"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let Some(text) = pdftotext(&out) else { return };
    in_order(
        &text,
        &[
            "Si marcó 0 o 1: Few boxes",
            "Si marcó 2: Two boxes",
            "Si marcó 3 o más: Many boxes",
            "Preguntas frecuentes",
            "De dónde viene esta información",
            "revisado el 7 de diciembre de 2026",
            "revisado el 30 de noviembre de 2026",
        ],
    );
}

#[test]
fn the_web_page_links_the_sources_and_holds_every_reflection() {
    let dir = tempdir();
    let out = dir.path().join("new.html");
    handout()
        .args(["build", "--format", "html"])
        .arg(fixture("new-keys.toml"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("<a href=\"https://www.fda.gov/drugs/naloxone\">Naloxone DrugFacts</a>"),
        "{html}"
    );
    assert!(html.contains("<strong>If you checked 3 or more:</strong> Many boxes"));
    assert!(html.contains("<dt>Is this a question?</dt>"));
}

#[test]
fn a_built_in_lesson_stating_medical_facts_needs_sources_others_are_warned() {
    let dir = tempdir();
    let body = "title = \"x\"\nsummary = \"Keep naloxone nearby.\"\n\
                [[notes]]\ntitle = \"When to get more help\"\nbody = \"{{911}}\"\n";
    // A file in a `lessons` folder named like a built-in lesson is one.
    let lessons = dir.path().join("lessons");
    std::fs::create_dir(&lessons).unwrap();
    let builtin = lessons.join("calming-the-body.toml");
    std::fs::write(&builtin, body).unwrap();
    let out = handout().arg("check").arg(&builtin).assert().code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains(
            "error: the lesson states medical facts (it names `naloxone`) but lists no `[[sources]]`"
        ) && err.contains("calming-the-body.toml:2:17"),
        "{err}"
    );
    let own = dir.path().join("mine.toml");
    std::fs::write(&own, body).unwrap();
    let out = handout().arg("check").arg(&own).assert().success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("warning: the lesson states medical facts"),
        "{err}"
    );
    let with = format!(
        "{body}[[sources]]\ntitle = \"Naloxone\"\nurl = \"https://www.fda.gov/x\"\nchecked = 2026-12-07\n"
    );
    std::fs::write(&builtin, with).unwrap();
    handout().arg("check").arg(&builtin).assert().success();
}

#[test]
fn in_a_real_browser_the_matching_reflection_shows_as_boxes_are_ticked() {
    let dir = tempdir();
    let Some(browser) = common::web::Browser::start(dir.path()) else {
        return;
    };
    let page = dir.path().join("page.html");
    handout()
        .args(["build", "--format", "html"])
        .arg(fixture("new-keys.toml"))
        .arg("-o")
        .arg(&page)
        .assert()
        .success();
    browser.go(&format!("file://{}", page.display()));
    // The reflections shown, by their lead-in.
    let shown = || {
        browser.run(
            "return Array.prototype.filter.call(document.querySelectorAll('.reflection'),\
             function(r){return r.offsetParent!==null;})\
             .map(function(r){return r.querySelector('strong').textContent;});",
        )
    };
    assert_eq!(shown(), serde_json::json!(["If you checked 0 or 1:"]));
    let boxes = "main .checks input[type=checkbox]";
    browser.click(&format!("{boxes}:nth-of-type(1)"));
    let tick = |n: usize| {
        browser.run(&format!(
            "var b=document.querySelectorAll('{boxes}')[{n}];b.click();return b.checked;"
        ))
    };
    assert_eq!(shown(), serde_json::json!(["If you checked 0 or 1:"]));
    assert_eq!(tick(1), serde_json::json!(true));
    assert_eq!(shown(), serde_json::json!(["If you checked 2:"]));
    assert_eq!(tick(2), serde_json::json!(true));
    assert_eq!(shown(), serde_json::json!(["If you checked 3 or more:"]));
    // Kept in this browser: after a reload the boxes and the reflection
    // are as they were. Chromium hands a page's `localStorage` writes to
    // its browser process in batches (up to about a second later); a
    // reload sooner than a person could make one may load the page in a
    // new renderer before the last tick arrived.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    browser.go(&format!("file://{}", page.display()));
    assert_eq!(shown(), serde_json::json!(["If you checked 3 or more:"]));
    // Unticking goes back.
    assert_eq!(tick(2), serde_json::json!(false));
    assert_eq!(shown(), serde_json::json!(["If you checked 2:"]));
    browser.click("#clear");
    assert_eq!(shown(), serde_json::json!(["If you checked 0 or 1:"]));
}
