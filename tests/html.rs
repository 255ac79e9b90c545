//! `handout build --format html`: the lesson as a web page a facility can
//! publish. Checked as its reader would meet it: every section's words are
//! there, every checklist item is a checkbox and every prompt a box to
//! write in, each with its label; the unchosen scenario is absent; the page
//! loads nothing from elsewhere and takes no client's details.

mod common;

use std::collections::BTreeSet;
use std::fs;

use common::*;
use handout::lesson::Section;

/// Text as the page escapes it.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Every value of `attr="..."` in the page.
fn values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let open = format!(" {attr}=\"");
    html.match_indices(&open)
        .map(|(at, _)| {
            let rest = &html[at + open.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The text of every `<label>`, tags taken out (still escaped).
fn label_texts(html: &str) -> Vec<String> {
    html.split("<label for=\"")
        .skip(1)
        .map(|l| {
            let inner = &l[l.find('>').unwrap() + 1..l.find("</label>").unwrap()];
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text
        })
        .collect()
}

fn page(args: &[&str]) -> String {
    let dir = tempdir();
    let out = dir.path().join("page.html");
    handout()
        .args(["build", "compassion-in-recovery", "--format", "html"])
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    fs::read_to_string(&out).unwrap()
}

#[test]
fn the_page_has_every_section_a_checkbox_per_item_and_a_labelled_box_per_prompt() {
    let html = page(&[]);
    let lesson = builtin_lesson();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<html lang=\"en-US\" dir=\"ltr\""));
    assert_eq!(html.matches("<h1").count(), 1, "one top heading");
    assert!(html.contains(&esc(&lesson.title.to_plain())));

    let labels = label_texts(&html);
    let mut prompts = 0;
    let mut items = 0;
    for section in &lesson.sections {
        match section {
            Section::Checklist { items: list, .. } => {
                for item in list {
                    // Each item is a checkbox's label.
                    let want = esc(&item.to_plain());
                    assert!(labels.contains(&want), "no checkbox for {want}");
                }
                items += list.len();
            }
            Section::Scenarios { scenarios, .. } => {
                for s in scenarios {
                    assert!(html.contains(&esc(&s.title.to_plain())));
                    prompts += s.prompts.len();
                }
            }
            Section::Plan { prompts: p, .. } => prompts += p.len(),
            Section::Safety { .. } => {
                // The safety notice's words, with the crisis line from the
                // help-line data.
                let mut words = String::new();
                section.visit(lesson.language.labels(), &mut |_, r| {
                    words.push_str(&r.to_plain());
                    words.push(' ');
                });
                for w in words.split_whitespace().filter(|w| w.len() > 4).take(20) {
                    assert!(html.contains(&esc(w)), "safety word {w:?} missing");
                }
            }
            _ => {}
        }
    }
    assert!(
        items > 0 && prompts > 0,
        "the lesson has a checklist and prompts"
    );
    assert_eq!(html.matches("<textarea").count(), prompts);
    assert!(html.matches("type=\"checkbox\"").count() >= items);
    assert!(html.contains(&esc(&lesson.crisis.to_plain())));

    // Every field has a label or a name for screen readers, and its own id.
    let ids: Vec<&str> = values(&html, "id")
        .into_iter()
        .filter(|id| id.starts_with("l1-") && !id.contains("-s"))
        .collect();
    assert!(ids.len() >= items + prompts);
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "ids repeat");
    let labelled: BTreeSet<&str> = values(&html, "for").into_iter().collect();
    for field in html
        .split('<')
        .filter(|t| t.starts_with("input") || t.starts_with("textarea"))
    {
        let id = values(&format!(" {field}"), "id")[0].to_string();
        assert!(
            labelled.contains(id.as_str()) || field.contains("aria-label=\""),
            "field {id} has no label"
        );
    }

    // A page to publish: nothing sent, nothing loaded from elsewhere.
    assert!(!html.contains("<form"));
    assert!(!html.contains(" src="));
    assert!(!html.contains("<link"));
    assert!(!html.contains("fetch(") && !html.contains("XMLHttpRequest"));
}

#[test]
fn only_the_chosen_scenario_is_on_the_page() {
    let html = page(&["--scenario", "craving"]);
    let lesson = builtin_lesson();
    let mut seen = 0;
    for section in &lesson.sections {
        if let Section::Scenarios { scenarios, .. } = section {
            for s in scenarios {
                let title = esc(&s.title.to_plain());
                if s.id == "craving" {
                    assert!(html.contains(&title));
                } else {
                    assert!(!html.contains(&title), "unchosen {} is there", s.id);
                }
                seen += 1;
            }
        }
    }
    assert!(seen >= 2);
}

#[test]
fn a_web_page_takes_no_client_details_and_writes_nothing_then() {
    let dir = tempdir();
    let out = dir.path().join("page.html");
    let name = "Nguyễn Thị Hương";
    for extra in [
        vec!["--client", name],
        vec!["--clinician", "Dr. Ruiz"],
        vec!["--date", "today"],
        vec!["--fillable"],
    ] {
        let assert = handout()
            .args(["build", "compassion-in-recovery", "--format", "html"])
            .args(&extra)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains("a web page takes no"), "{stderr}");
        assert!(!stderr.contains(name), "the name is echoed: {stderr}");
        assert!(!out.exists());
    }
}

#[test]
fn an_output_named_html_is_a_page_and_a_pdf_name_is_a_pdf() {
    let dir = tempdir();
    let html = dir.path().join("cir.HTML");
    handout()
        .args(["build", "compassion-in-recovery", "-o"])
        .arg(&html)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!doctype html>")
    );
    let pdf = dir.path().join("cir.pdf");
    handout()
        .args(["build", "compassion-in-recovery", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    assert!(fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn a_packet_is_one_page_with_its_title_on_top_and_each_lesson_below() {
    let dir = tempdir();
    let out = dir.path().join("group.html");
    handout()
        .args(["build", "--format", "html"])
        .arg(root().join("examples/group.packet.toml"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let html = fs::read_to_string(&out).unwrap();
    assert_eq!(html.matches("<h1").count(), 1);
    let lessons = html.matches("<article").count();
    assert!(lessons >= 2, "{lessons} lessons");
    assert_eq!(
        html.matches("<h2 id=\"l").count(),
        lessons,
        "each lesson's title under the page's"
    );
    // Field ids of different lessons never collide.
    let ids: Vec<&str> = values(&html, "id");
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len());
}

#[test]
fn large_print_makes_the_page_text_larger() {
    assert!(!page(&[]).contains("<body class=\"large\">"));
    assert!(page(&["--large-print"]).contains("<body class=\"large\">"));
}

/// axe-core's script: `HANDOUT_AXE`, or where `.ci/install-tools` installs it. None
/// (and a note) when it isn't there; under CI that fails the test.
fn axe_script() -> Option<String> {
    let path = std::env::var_os("HANDOUT_AXE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join(".ci/node/node_modules/axe-core/axe.min.js"));
    match fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) => {
            skip(
                &format!("axe-core (at {})", path.display()),
                "the accessibility check",
            );
            None
        }
    }
}

/// The page, opened in headless Chromium with axe-core run over it: each
/// violation's rule, impact and how many elements break it.
fn axe_violations(html: &str, axe: &str) -> Vec<(String, String, usize)> {
    let dir = tempdir();
    let run = "axe.run(document,{runOnly:{type:'tag',values:['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa','best-practice']}})\
        .then(function(r){var p=document.createElement('pre');p.id='axe-result';\
        p.textContent=JSON.stringify(r.violations.map(function(v){return [v.id,v.impact||'',v.nodes.length];}));\
        document.body.appendChild(p);},function(e){var p=document.createElement('pre');p.id='axe-result';p.textContent='error '+e;document.body.appendChild(p);});";
    let page = html.replace(
        "</body>",
        &format!("<script>{axe}</script><script>{run}</script></body>"),
    );
    let file = dir.path().join("page.html");
    fs::write(&file, page).unwrap();
    let out = std::process::Command::new("chromium")
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"axe-result\">").unwrap_or_else(|| {
        panic!(
            "axe gave no result: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "<pre id=\"axe-result\">".len();
    let json = dom[start..start + dom[start..].find("</pre>").unwrap()]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("axe said {json}: {e}"))
}

#[test]
fn the_page_passes_axe_with_no_serious_violations() {
    let Some(axe) = axe_script() else { return };
    if !have("chromium") {
        return;
    }
    for args in [&[][..], &["--large-print"][..]] {
        let html = page(args);
        let violations = axe_violations(&html, &axe);
        let serious: Vec<_> = violations
            .iter()
            .filter(|(_, impact, _)| impact == "serious" || impact == "critical")
            .collect();
        assert!(serious.is_empty(), "{args:?}: {serious:?}");
        // Lesser findings are worth knowing about too.
        assert!(violations.is_empty(), "{args:?}: {violations:?}");
    }
}

#[test]
fn axe_finds_what_the_page_would_get_wrong() {
    // The check itself can fail: a box without its label is caught.
    let Some(axe) = axe_script() else { return };
    if !have("chromium") {
        return;
    }
    let html = page(&[]).replacen("<label for=\"l1-1\">", "<label>", 1);
    let violations = axe_violations(&html, &axe);
    assert!(
        violations
            .iter()
            .any(|(id, impact, _)| id == "label" && impact == "critical"),
        "{violations:?}"
    );
}

#[test]
fn the_apps_own_pages_pass_axe_too() {
    let Some(axe) = axe_script() else { return };
    if !have("chromium") {
        return;
    }
    let s = common::web::serve(&[]);
    for ui in ["ui=en", "ui=es"] {
        for path in [
            "/",
            "/lessons/compassion-in-recovery",
            "/group",
            "/edit/compassion-in-recovery",
            "/edit",
            "/edit/new",
            "/edit/new?title=Coping",
        ] {
            let html = common::web::request(&s.addr, "GET", path, &[("Cookie", ui)], b"").text();
            // Opened from a file, the page's script and images don't load;
            // its structure, labels, contrast and headings are what is checked.
            let violations = axe_violations(&html, &axe);
            assert!(violations.is_empty(), "{path} {ui}: {violations:?}");
        }
    }
}

#[test]
fn the_apps_notes_on_a_broken_lesson_file_pass_axe_too() {
    let Some(axe) = axe_script() else { return };
    if !have("chromium") {
        return;
    }
    let dir = tempdir();
    let good = "title = \"Breathing\"\nsummary = \"Slow breaths.\"\n\n[plan]\ntitle = \"Write\"\nlines = 2\nprompts = [\"One\"]\n";
    let file = write(dir.path(), "breathing.toml", good);
    write(dir.path(), "draft.toml", "title = \"Draft\n");
    let s = common::web::serve(&["--lessons", dir.path().to_str().unwrap()]);
    // Broken once the app has read it well: its last good version, with
    // the error beside it.
    fs::write(&file, good.replace("\"Breathing\"", "\"Breathing")).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    for ui in ["ui=en", "ui=es"] {
        for path in ["/", "/lessons/breathing"] {
            let html = loop {
                let html =
                    common::web::request(&s.addr, "GET", path, &[("Cookie", ui)], b"").text();
                if ["has an error", "tiene un error"]
                    .iter()
                    .any(|e| html.contains(&format!("breathing.toml {e}")))
                {
                    break html;
                }
                assert!(std::time::Instant::now() < deadline, "no note on {path}");
                std::thread::sleep(std::time::Duration::from_millis(50));
            };
            let violations = axe_violations(&html, &axe);
            assert!(violations.is_empty(), "{path} {ui}: {violations:?}");
        }
    }
}
