//! `handout serve --lessons DIR` follows the folder while it runs: a lesson
//! saved by an editor (a temporary file renamed over it, or written in
//! place) shows its new title; a save that breaks it keeps the last good
//! version with the error at its line; a removed file disappears; a new
//! packet is offered to groups. Open pages follow without being reloaded,
//! and a form keeps what was typed.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::web::*;
use common::*;

/// A small lesson titled `title`, with its title on line 1.
fn lesson(title: &str) -> String {
    format!(
        "title = \"{title}\"\nsummary = \"Slow breaths for a hard moment.\"\n\n\
         [plan]\ntitle = \"Write it down\"\nlines = 2\nprompts = [\"What helps?\"]\n"
    )
}

/// Save `text` as an editor does: into a temporary file, renamed over the
/// lesson.
fn save_by_rename(path: &Path, text: &str) {
    let tmp = path.with_extension("toml.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Wait up to 10 s for `what` to hold of the page at `path`: its text
/// when it did, or a failure with the last one seen.
fn page_until(s: &Server, path: &str, what: &str, holds: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let page = request(&s.addr, "GET", path, &[], b"").text();
        if holds(&page) {
            return page;
        }
        assert!(
            Instant::now() < deadline,
            "{what} never showed on {path}:\n{page}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn generation(s: &Server) -> u64 {
    let r = request(&s.addr, "GET", "/changes", &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    v["generation"].as_u64().unwrap()
}

#[test]
fn the_gallery_follows_lesson_files_saved_broken_and_removed_without_a_restart() {
    let dir = tempdir();
    let file = write(dir.path(), "breathing.toml", &lesson("Breathing Slowly"));
    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    let gallery = request(&s.addr, "GET", "/", &[], b"").text();
    assert!(gallery.contains("Breathing Slowly"), "{gallery}");
    let first = generation(&s);

    // Saved as editors save: a new file renamed over the old.
    save_by_rename(&file, &lesson("Breathing Deeply"));
    let gallery = page_until(&s, "/", "the renamed-over title", |p| {
        p.contains("Breathing Deeply")
    });
    assert!(!gallery.contains("Breathing Slowly"));
    assert!(generation(&s) > first);
    // Written in place.
    std::fs::write(&file, lesson("Breathing Gently")).unwrap();
    page_until(&s, "/", "the title written in place", |p| {
        p.contains("Breathing Gently")
    });
    // The form and the worksheet are the new version's.
    let preview = request(
        &s.addr,
        "POST",
        "/lessons/breathing/preview",
        &[],
        &form(&[("name", "A. Client")]),
    );
    assert_eq!(preview.status, 200);
    assert!(preview.text().contains("Breathing Gently"));

    // A save that breaks it, on line 1: the last good version stays, with
    // the error beside it, and still prints.
    std::fs::write(
        &file,
        lesson("Breathing Gently").replacen("Gently\"", "Gently", 1),
    )
    .unwrap();
    let gallery = page_until(&s, "/", "the error", |p| p.contains("has an error"));
    assert!(gallery.contains("Breathing Gently"), "{gallery}");
    assert!(gallery.contains("href=\"/lessons/breathing\""));
    assert!(
        gallery.contains("breathing.toml has an error at line 1, column")
            && gallery.contains("The last version that worked is shown."),
        "{gallery}"
    );
    let form_page = request(&s.addr, "GET", "/lessons/breathing", &[], b"").text();
    assert!(form_page.contains("breathing.toml has an error at line 1"));
    let pdf = request(
        &s.addr,
        "POST",
        "/lessons/breathing/pdf",
        &[],
        &form(&[("name", "A. Client")]),
    );
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));

    // Fixed: the note goes.
    std::fs::write(&file, lesson("Breathing Again")).unwrap();
    let gallery = page_until(&s, "/", "the fixed file", |p| p.contains("Breathing Again"));
    assert!(!gallery.contains("has an error"), "{gallery}");

    // A file that never read is shown with its first error, by its name.
    write(
        dir.path(),
        "draft.toml",
        "title = \"Draft\"\nsummary = \"Short.\n",
    );
    let gallery = page_until(&s, "/", "the draft's error", |p| p.contains("draft.toml"));
    assert!(
        gallery.contains("draft.toml has an error at line 2, column"),
        "{gallery}"
    );
    assert!(gallery.contains("The lesson appears here once it is fixed."));

    // Removed: gone from the gallery and its form.
    std::fs::remove_file(&file).unwrap();
    page_until(&s, "/", "the removal", |p| {
        !p.contains("href=\"/lessons/breathing\"")
    });
    let gone = request(&s.addr, "GET", "/lessons/breathing", &[], b"");
    assert_eq!(gone.status, 404);
}

#[test]
fn a_packet_saved_into_the_folder_is_offered_to_groups() {
    let dir = tempdir();
    write(dir.path(), "breathing.toml", &lesson("Breathing Slowly"));
    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    let group = request(&s.addr, "GET", "/group", &[], b"").text();
    assert!(!group.contains("Tuesday Evening Group"));
    write(
        dir.path(),
        "tuesday.packet.toml",
        "title = \"Tuesday Evening Group\"\nlessons = [\"breathing\", \"compassion-in-recovery\"]\n",
    );
    let group = page_until(&s, "/group", "the new packet", |p| {
        p.contains("Tuesday Evening Group")
    });
    assert!(group.contains("tuesday.packet.toml"), "{group}");
}

/// User and system CPU time of process `pid`, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 (1-based), 12 and 13 here.
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

#[test]
fn after_a_save_the_app_reads_the_folder_once_and_goes_quiet() {
    let dir = tempdir();
    let file = write(dir.path(), "breathing.toml", &lesson("Breathing Slowly"));
    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    save_by_rename(&file, &lesson("Breathing Deeply"));
    page_until(&s, "/", "the new title", |p| p.contains("Breathing Deeply"));
    // Reading a file is an event for the folder's watcher too: the app
    // must not take its own reading for a save, over and over.
    std::thread::sleep(Duration::from_millis(500));
    let (reading, before) = (generation(&s), cpu_ticks(s.pid()));
    std::thread::sleep(Duration::from_secs(2));
    let after = cpu_ticks(s.pid());
    assert_eq!(
        generation(&s),
        reading,
        "the folder was read again unchanged"
    );
    // A tick is 10 ms; a watcher that polled would show more.
    assert!(
        after - before <= 1,
        "{} ticks of CPU while the folder was quiet",
        after - before
    );
}

/// The page's text without its scripts, as the browser shows it.
const SHOWN: &str = "return document.body.innerText;";

#[test]
fn in_a_real_browser_the_open_gallery_shows_a_new_title_without_a_reload() {
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let dir = tempdir();
    let file = write(dir.path(), "breathing.toml", &lesson("Breathing Slowly"));
    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    browser.go(&format!("http://{}/", s.addr));
    assert!(browser.wait_for(
        "return document.body.innerText.indexOf('Breathing Slowly') >= 0;",
        10
    ));
    // Scrolled down, and marked: a reload would lose both.
    browser.run("window.scrollTo(0, 600); window.notReloaded = true;");

    save_by_rename(&file, &lesson("Breathing Deeply"));
    assert!(
        browser.wait_for(
            "return document.body.innerText.indexOf('Breathing Deeply') >= 0;",
            10
        ),
        "the open gallery never showed the new title: {}",
        browser.run(SHOWN)
    );
    let page = browser.run(
        "return {kept: window.notReloaded === true, y: window.scrollY, \
         old: document.body.innerText.indexOf('Breathing Slowly') >= 0};",
    );
    assert_eq!(page["kept"], true, "the page was reloaded");
    assert_eq!(page["old"], false, "the old title is still shown");
    assert!(
        page["y"].as_f64().unwrap() > 0.0,
        "the scroll was lost: {page}"
    );
}

#[test]
fn in_a_real_browser_an_open_form_follows_its_lesson_and_keeps_what_was_typed() {
    const NAME: &str = "Nguyễn Thị Hương";
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let dir = tempdir();
    let file = write(dir.path(), "breathing.toml", &lesson("Breathing Slowly"));
    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    browser.go(&format!("http://{}/lessons/breathing", s.addr));
    browser.type_into("#name", NAME);
    let preview_says = |words: &str| {
        format!(
            "var t=Array.prototype.map.call(document.querySelectorAll('#preview text'), \
             function(e){{return e.textContent;}}).join(' '); \
             return t.indexOf({NAME:?}) >= 0 && t.indexOf({words:?}) >= 0;"
        )
    };
    assert!(browser.wait_for(&preview_says("Breathing Slowly"), 15));
    browser.run("window.notReloaded = true;");

    std::fs::write(&file, lesson("Breathing Deeply")).unwrap();
    assert!(
        browser.wait_for(&preview_says("Breathing Deeply"), 10),
        "the preview never showed the new title: {}",
        browser.run(SHOWN)
    );
    assert!(browser.wait_for(
        "return document.querySelector('h1').textContent === 'Breathing Deeply';",
        5
    ));
    let form = browser.run(
        "return {kept: window.notReloaded === true, \
         name: document.getElementById('name').value};",
    );
    assert_eq!(form["kept"], true, "the page was reloaded");
    assert_eq!(form["name"], NAME, "the name typed was lost");

    // A scenario added: offered on the form; chosen, it stays chosen when
    // the lesson changes again.
    let scenario = |title: &str| {
        format!(
            "\n[[scenarios]]\nid = \"payday\"\ntitle = \"{title}\"\n\
             text = \"You just got paid.\"\nprompts = [\"What do you notice?\"]\n"
        )
    };
    std::fs::write(&file, lesson("Breathing Deeply") + &scenario("Payday")).unwrap();
    assert!(
        browser.wait_for("return !!document.getElementById('sc-payday');", 10),
        "the new scenario was never offered: {}",
        browser.run(SHOWN)
    );
    browser.click("#sc-payday");
    std::fs::write(
        &file,
        lesson("Breathing Deeper") + &scenario("Payday Friday"),
    )
    .unwrap();
    assert!(browser.wait_for(&preview_says("Payday Friday"), 10));
    let form = browser.run(
        "return {kept: window.notReloaded === true, \
         chosen: document.getElementById('sc-payday').checked, \
         name: document.getElementById('name').value};",
    );
    assert_eq!(form["kept"], true, "the page was reloaded");
    assert_eq!(form["chosen"], true, "the scenario chosen was lost");
    assert_eq!(form["name"], NAME, "the name typed was lost");

    // Its file removed: the form says so and keeps the name.
    std::fs::remove_file(&file).unwrap();
    assert!(
        browser.wait_for(
            "return !document.getElementById('lesson-gone').hidden \
             && document.getElementById('download').disabled;",
            10
        ),
        "the form never said its lesson was removed: {}",
        browser.run(SHOWN)
    );
    let shown = browser.run(SHOWN);
    assert!(
        shown
            .as_str()
            .unwrap()
            .contains("taken out of the lessons folder"),
        "{shown}"
    );
    assert_eq!(
        browser.run("return document.getElementById('name').value;"),
        NAME
    );
    // Back again: the form is whole again.
    std::fs::write(&file, lesson("Breathing Returns")).unwrap();
    assert!(browser.wait_for(
        "return document.getElementById('lesson-gone').hidden \
         && !document.getElementById('download').disabled;",
        10
    ));
    assert!(browser.wait_for(&preview_says("Breathing Returns"), 10));
}

#[test]
fn in_a_real_browser_the_open_group_page_offers_a_new_packet_and_keeps_what_was_chosen() {
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let dir = tempdir();
    write(dir.path(), "breathing.toml", &lesson("Breathing Slowly"));
    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    browser.go(&format!("http://{}/group", s.addr));
    assert!(browser.wait_for("return !!document.getElementById('l-breathing');", 10));
    // Two lessons chosen, the other date order chosen by hand, and marked:
    // a reload would lose all three.
    browser.run(
        "document.getElementById('l-breathing').checked = true; \
         document.getElementById('l-compassion-in-recovery').checked = true; \
         document.getElementById('gdate-order').value = 'dmy'; \
         window.notReloaded = true;",
    );

    write(
        dir.path(),
        "tuesday.packet.toml",
        "title = \"Tuesday Evening Group\"\nlessons = [\"breathing\"]\n",
    );
    write(dir.path(), "grounding.toml", &lesson("Grounding Now"));
    assert!(
        browser.wait_for(
            "return Array.prototype.some.call(document.querySelectorAll('#gpacket option'), \
             function(o){return o.textContent.indexOf('Tuesday Evening Group') >= 0;}) \
             && !!document.getElementById('l-grounding');",
            10
        ),
        "the open group page never offered the new packet and lesson: {}",
        browser.run(SHOWN)
    );
    let page = browser.run(
        "return {kept: window.notReloaded === true, \
         breathing: document.getElementById('l-breathing').checked, \
         compassion: document.getElementById('l-compassion-in-recovery').checked, \
         grounding: document.getElementById('l-grounding').checked, \
         order: document.getElementById('gdate-order').value};",
    );
    assert_eq!(page["kept"], true, "the page was reloaded");
    assert_eq!(page["breathing"], true, "{page}");
    assert_eq!(page["compassion"], true, "{page}");
    assert_eq!(page["grounding"], false, "{page}");
    assert_eq!(page["order"], "dmy", "the date order chosen was lost");
}

#[test]
fn a_save_that_leaves_a_lesson_unprintable_keeps_its_last_good_version_with_why() {
    let dir = tempdir();
    let file = write(dir.path(), "breathing.toml", &lesson("Breathing Slowly"));
    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    page_until(&s, "/", "the lesson", |p| p.contains("Breathing Slowly"));

    // It still reads, but its tracker is too wide for any page.
    let columns: Vec<String> = (1..=30).map(|i| format!("\"Column number {i}\"")).collect();
    let wide = format!(
        "title = \"Breathing Wide\"\nsummary = \"Slow breaths.\"\n\n\
         [tracker]\ntitle = \"Track\"\nrows = 7\ncolumns = [{}]\n",
        columns.join(", ")
    );
    save_by_rename(&file, &wide);
    let gallery = page_until(&s, "/", "the note on the wide tracker", |p| {
        p.contains("breathing.toml has an error: the tracker has 30 columns")
    });
    // The version that printed, still offered to print, with why beside it.
    assert!(gallery.contains("Breathing Slowly"), "{gallery}");
    assert!(!gallery.contains("Breathing Wide"), "{gallery}");
    assert!(
        gallery.contains("The last version that worked is shown."),
        "{gallery}"
    );
    assert!(gallery.contains("href=\"/lessons/breathing\""), "{gallery}");
    let form = request(&s.addr, "GET", "/lessons/breathing", &[], b"");
    assert_eq!(form.status, 200);
    assert!(form.text().contains("the tracker has 30 columns"));

    // Fixed: the new version, and the note gone.
    save_by_rename(&file, &lesson("Breathing Again"));
    let gallery = page_until(&s, "/", "the fixed lesson", |p| {
        p.contains("Breathing Again")
    });
    assert!(!gallery.contains("has an error"), "{gallery}");
}
