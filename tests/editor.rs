//! The app's lesson editor (`handout serve --lessons DIR`, `/edit/...`):
//! the source beside its preview and what `check` finds, and Save, which
//! writes only ordinary lesson files in the folder, never over a change
//! made on disk since the file was opened, and only for the app's own
//! pages.

mod common;

use common::web::*;
use common::*;

const LESSON: &str = "title = \"Breathing Space\"
summary = \"Slow breaths help the body calm down.\"

[[steps]]
name = \"Breathe in\"
text = \"Count to four as you breathe in.\"
";

/// A lessons folder holding `breathing.toml`, and the app serving it.
fn folder() -> (Scratch, Server) {
    folder_with(&[])
}

/// A lessons folder holding `breathing.toml` and `files`, and the app
/// serving it.
fn folder_with(files: &[(&str, &str)]) -> (Scratch, Server) {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("lessons")).unwrap();
    write(&dir.path().join("lessons"), "breathing.toml", LESSON);
    for (name, text) in files {
        write(&dir.path().join("lessons"), name, text);
    }
    let lessons = dir.path().join("lessons");
    let s = serve(&["--lessons", lessons.to_str().unwrap()]);
    (dir, s)
}

fn post_json(s: &Server, path: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
    post_json_with(s, path, body, &[])
}

fn post_json_with(
    s: &Server,
    path: &str,
    body: &serde_json::Value,
    headers: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let mut h = vec![("Content-Type", "application/json")];
    h.extend_from_slice(headers);
    let r = request(&s.addr, "POST", path, &h, body.to_string().as_bytes());
    let v = serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null);
    (r.status, v)
}

fn preview(s: &Server, name: &str, source: &str) -> serde_json::Value {
    let (status, v) = post_json(
        s,
        "/edit/preview",
        &serde_json::json!({ "name": name, "source": source }),
    );
    assert_eq!(status, 200, "{v}");
    v
}

fn save(s: &Server, name: &str, source: &str, version: Option<&str>) -> (u16, serde_json::Value) {
    post_json(
        s,
        "/edit/save",
        &serde_json::json!({ "name": name, "source": source, "version": version }),
    )
}

/// The words drawn on the preview's pages.
fn drawn(v: &serde_json::Value) -> String {
    v["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p.as_str().unwrap().split("<text ").skip(1))
        .map(|t| t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()].to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The version the editor page for `name` was opened at.
fn opened_version(s: &Server, name: &str) -> String {
    let page = request(&s.addr, "GET", &format!("/edit/{name}"), &[], b"").text();
    let at = page.find("data-version=\"").expect("a version") + "data-version=\"".len();
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

fn on_disk(dir: &Scratch, name: &str) -> String {
    std::fs::read_to_string(dir.path().join("lessons").join(name)).unwrap()
}

#[test]
fn the_preview_of_a_lesson_has_its_pages_with_its_title_and_its_reading_grade() {
    let (_dir, s) = folder();
    let v = preview(&s, "breathing.toml", LESSON);
    assert_eq!(v["parsed"], true);
    assert_eq!(v["errors"], 0, "{v}");
    assert!(drawn(&v).contains("Breathing Space"), "{}", drawn(&v));
    assert!(v["grade"].as_str().unwrap().starts_with("Reading grade"));

    let changed = LESSON.replace("Breathing Space", "Calm Breathing");
    let v = preview(&s, "breathing.toml", &changed);
    assert!(drawn(&v).contains("Calm Breathing"));
    assert!(!drawn(&v).contains("Breathing Space"));
}

#[test]
fn a_bad_key_is_an_error_at_its_line_and_column() {
    let (_dir, s) = folder();
    let source = LESSON.replace("summary", "colour = \"red\"\nsummary");
    let v = preview(&s, "breathing.toml", &source);
    assert_eq!(v["parsed"], false);
    assert_eq!(v["pages"].as_array().unwrap().len(), 0);
    let first = &v["findings"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(first["place"], "Line 2, column 1");
    assert!(
        first["message"].as_str().unwrap().contains("colour"),
        "{first}"
    );
}

#[test]
fn the_editor_gives_checks_warnings_and_longest_sentences() {
    let (_dir, s) = folder();
    let long = format!(
        "summary = \"{}.\"",
        ["we breathe in slowly and then we breathe out slowly"; 4].join(" and ")
    );
    let source = LESSON.replace("summary = \"Slow breaths help the body calm down.\"", &long);
    let v = preview(&s, "breathing.toml", &source);
    let findings = v["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["severity"] == "warning"
            && f["message"].as_str().unwrap().contains("a sentence of")),
        "{v}"
    );
    assert!(
        v["longest"][0]["words"]
            .as_str()
            .unwrap()
            .ends_with(" words")
    );
}

#[test]
fn a_crisis_number_typed_by_hand_is_a_warning_at_its_line() {
    let (_dir, s) = folder();
    let source = LESSON.replace("calm down.", "calm down. Call 988 any time.");
    let v = preview(&s, "breathing.toml", &source);
    let typed = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("typed by hand"))
        .unwrap_or_else(|| panic!("no crisis wording warning: {v}"));
    assert_eq!(typed["severity"], "warning");
    assert_eq!(typed["line"], 2);
    assert!(
        typed["hint"].as_str().unwrap().contains("{{988}}"),
        "{typed}"
    );
}

#[test]
fn save_writes_the_source_into_the_folder_and_answers_its_new_version() {
    let (dir, s) = folder();
    let version = opened_version(&s, "breathing.toml");
    let changed = LESSON.replace("Breathing Space", "Calm Breathing");
    let (status, v) = save(&s, "breathing.toml", &changed, Some(&version));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["message"], "Saved to breathing.toml.");
    assert_eq!(on_disk(&dir, "breathing.toml"), changed);
    // Opening the file again gives the version the answer gave, which is
    // the one to save with next.
    assert_eq!(
        opened_version(&s, "breathing.toml"),
        v["version"].as_str().unwrap()
    );
    // The answer's version is the one to save with next.
    let again = changed.replace("Calm", "Quiet");
    let (status, _) = save(&s, "breathing.toml", &again, v["version"].as_str());
    assert_eq!(status, 200);
    assert_eq!(on_disk(&dir, "breathing.toml"), again);
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path().join("lessons"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["breathing.toml"]);
}

#[test]
fn a_lesson_with_errors_is_saved_and_the_answer_says_it_has_them() {
    let (dir, s) = folder();
    let version = opened_version(&s, "breathing.toml");
    let broken = LESSON.replace("summary", "colour = \"red\"\nsummary");
    let (status, v) = save(&s, "breathing.toml", &broken, Some(&version));
    assert_eq!(status, 200);
    assert!(v["message"].as_str().unwrap().contains("1 error"), "{v}");
    assert_eq!(on_disk(&dir, "breathing.toml"), broken);
}

#[test]
fn a_file_changed_on_disk_since_it_was_opened_is_not_saved_over() {
    let (dir, s) = folder();
    let version = opened_version(&s, "breathing.toml");
    let outside = LESSON.replace("Breathing Space", "Changed Elsewhere");
    write(&dir.path().join("lessons"), "breathing.toml", &outside);
    let (status, v) = save(&s, "breathing.toml", LESSON, Some(&version));
    assert_eq!(status, 409);
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("changed on disk since you opened it"),
        "{v}"
    );
    assert_eq!(on_disk(&dir, "breathing.toml"), outside);
    // A file removed meanwhile is not written back either.
    std::fs::remove_file(dir.path().join("lessons/breathing.toml")).unwrap();
    let (status, _) = save(&s, "breathing.toml", LESSON, Some(&version));
    assert_eq!(status, 409);
    assert!(!dir.path().join("lessons/breathing.toml").exists());
}

#[test]
fn a_new_lesson_never_overwrites_a_file_that_is_there() {
    let (dir, s) = folder();
    let (status, v) = save(&s, "breathing.toml", "title = \"Other\"\n", None);
    assert_eq!(status, 409);
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("already a file called breathing.toml")
    );
    assert_eq!(on_disk(&dir, "breathing.toml"), LESSON);

    let (status, v) = save(&s, "new-one.toml", LESSON, None);
    assert_eq!(status, 200, "{v}");
    assert_eq!(on_disk(&dir, "new-one.toml"), LESSON);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("lessons/new-one.toml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "a new file is private");
    }
}

#[test]
fn save_refuses_names_that_are_not_lesson_files_in_the_folder() {
    let (dir, s) = folder();
    let outside = tempdir();
    let abs = outside.path().join("x.toml");
    let abs = abs.to_str().unwrap();
    for name in [
        "../x.toml",
        abs,
        "x.txt",
        "x.packet.toml",
        "x.help.toml",
        "sub/x.toml",
        "X.toml",
    ] {
        let (status, v) = save(&s, name, LESSON, None);
        assert_eq!(status, 422, "{name}: {v}");
        assert!(
            v["message"].as_str().unwrap().contains("lowercase letters"),
            "{v}"
        );
    }
    assert!(!dir.path().join("x.toml").exists());
    assert!(!outside.path().join("x.toml").exists());
    let names: Vec<_> = std::fs::read_dir(dir.path().join("lessons"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["breathing.toml"]);
}

#[cfg(unix)]
#[test]
fn save_never_writes_through_a_link_to_a_file_outside_the_folder() {
    let (dir, s) = folder();
    let outside = tempdir();
    let target = write(outside.path(), "target.toml", LESSON);
    let link = dir.path().join("lessons/linked.toml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    // As a new file, and as a file opened before.
    for v in [None, Some("1-0")] {
        let (status, answer) = save(&s, "linked.toml", "title = \"Hijacked\"\n", v);
        assert_eq!(status, 422, "{answer}");
        assert!(
            answer["message"].as_str().unwrap().contains("is a link"),
            "{answer}"
        );
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), LESSON);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // Nor is it opened.
    assert_eq!(
        request(&s.addr, "GET", "/edit/linked.toml", &[], b"").status,
        409
    );
}

#[cfg(unix)]
#[test]
fn a_lessons_folder_given_as_a_link_is_followed_once_and_saved_into() {
    let dir = tempdir();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    write(&real, "breathing.toml", LESSON);
    let link = dir.path().join("lessons");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let s = serve(&["--lessons", link.to_str().unwrap()]);
    let version = opened_version(&s, "breathing.toml");
    let changed = LESSON.replace("Breathing Space", "Calm Breathing");
    let (status, v) = save(&s, "breathing.toml", &changed, Some(&version));
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        std::fs::read_to_string(real.join("breathing.toml")).unwrap(),
        changed
    );
}

#[test]
fn a_lesson_past_the_size_limit_is_refused_and_a_long_one_is_not() {
    let (dir, s) = folder();
    // Past the 64 KB the form's requests may be, well within a lesson's.
    let long = long_lesson(20_000);
    assert!(long.len() > 64 * 1024);
    let v = preview(&s, "long.toml", &long);
    assert_eq!(v["parsed"], true, "{}", v["findings"]);
    let (status, v) = save(&s, "long.toml", &long, None);
    assert_eq!(status, 200, "{v}");

    let huge = format!("{LESSON}# {}\n", "x".repeat(1024 * 1024));
    let (status, v) = save(&s, "huge.toml", &huge, None);
    assert_eq!(status, 422);
    assert!(
        v["message"].as_str().unwrap().contains("at most 1024 KB"),
        "{v}"
    );
    assert!(!dir.path().join("lessons/huge.toml").exists());
    let v = preview(&s, "huge.toml", &huge);
    assert_eq!(v["errors"], 1, "{v}");
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("at most 1024 KB")
    );
}

#[test]
fn requests_from_another_site_are_refused_and_write_nothing() {
    let (dir, s) = folder();
    let body = serde_json::json!({ "name": "evil.toml", "source": LESSON, "version": null });
    for headers in [
        [("Origin", "http://evil.example")],
        [("Sec-Fetch-Site", "cross-site")],
    ] {
        let (status, _) = post_json_with(&s, "/edit/save", &body, &headers);
        assert_eq!(status, 403);
        let (status, _) = post_json_with(&s, "/edit/preview", &body, &headers);
        assert_eq!(status, 403);
    }
    assert!(!dir.path().join("lessons/evil.toml").exists());
}

#[test]
fn without_a_lessons_folder_nothing_is_saved_and_the_page_says_how_to_have_one() {
    let s = serve(&[]);
    let (status, v) = save(&s, "mine.toml", LESSON, None);
    assert_eq!(status, 409);
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("handout serve --lessons FOLDER"),
        "{v}"
    );
    let page = request(&s.addr, "GET", "/edit/calming-the-body", &[], b"").text();
    assert!(page.contains("<code>handout serve --lessons FOLDER</code>"));
    assert!(!page.contains("id=\"save\""));
    let page = request(&s.addr, "GET", "/edit/new", &[("Cookie", "ui=es")], b"").text();
    assert!(page.contains("No hay una carpeta de lecciones"), "{page}");
    assert!(
        page.contains("<code>handout serve --lessons CARPETA</code>"),
        "{page}"
    );
}

#[test]
fn a_built_in_lesson_opens_read_only_and_saves_as_a_copy() {
    let (dir, s) = folder();
    let page = request(&s.addr, "GET", "/edit/calming-the-body", &[], b"").text();
    assert!(page.contains(" readonly>"));
    assert!(page.contains("Save a copy to the folder"));
    assert!(page.contains("value=\"calming-the-body-copy.toml\""));
    let spanish = request(&s.addr, "GET", "/edit/calming-the-body?lang=es", &[], b"").text();
    assert!(spanish.contains("value=\"calming-the-body-copy.es.toml\""));

    let text = std::fs::read_to_string(root().join("lessons/calming-the-body.toml")).unwrap();
    let (status, _) = save(&s, "calming-the-body-copy.toml", &text, None);
    assert_eq!(status, 200);
    assert_eq!(on_disk(&dir, "calming-the-body-copy.toml"), text);
}

#[test]
fn a_new_lesson_starts_from_the_outline_with_its_title_and_checks_clean() {
    let (dir, s) = folder();
    let start = request(&s.addr, "GET", "/edit/new", &[], b"").text();
    assert!(start.contains("name=\"title\""));
    let page = request(
        &s.addr,
        "GET",
        "/edit/new?title=Coping+with+Stress%21",
        &[],
        b"",
    )
    .text();
    assert!(page.contains("data-name=\"coping-with-stress.toml\""));
    assert!(
        page.contains("title = &quot;Coping with Stress!&quot;"),
        "{page}"
    );
    // Not on disk until saved.
    assert!(!dir.path().join("lessons/coping-with-stress.toml").exists());
    let outline = handout::library::skeleton("Coping with Stress!", "coping-with-stress.toml");
    let v = preview(&s, "coping-with-stress.toml", &outline);
    assert_eq!(v["errors"], 0, "{v}");
    assert!(drawn(&v).contains("Coping with Stress!"));
}

#[test]
fn the_gallery_offers_edit_view_source_and_a_new_lesson() {
    let (_dir, s) = folder();
    let html = request(&s.addr, "GET", "/", &[], b"").text();
    assert!(html.contains("href=\"/edit/breathing.toml\""), "{html}");
    assert!(html.contains("href=\"/edit/calming-the-body\""));
    assert!(html.contains("href=\"/edit/new\""));
    // A folder lesson's id leads to its file.
    let r = request(&s.addr, "GET", "/edit/breathing", &[], b"");
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/edit/breathing.toml"));
}

#[test]
fn a_lesson_file_with_errors_is_shown_with_its_error_and_listed_to_edit() {
    let (_dir, s) = folder_with(&[
        ("broken.toml", "title = \"Broken\"\ncolour = 1\n"),
        (
            "group.packet.toml",
            "title = \"Group\"\nlessons = [\"breathing.toml\"]\n",
        ),
    ]);
    let gallery = request(&s.addr, "GET", "/", &[], b"").text();
    // Among the lessons that can't print, with its first error and a way
    // to fix it; never with a link to print it.
    assert!(
        gallery.contains("broken.toml has an error at line 1, column 1"),
        "{gallery}"
    );
    assert!(gallery.contains("href=\"/edit/broken.toml\""), "{gallery}");
    assert!(!gallery.contains("href=\"/lessons/broken\""), "{gallery}");
    assert!(gallery.contains("href=\"/edit\""));
    let files = request(&s.addr, "GET", "/edit", &[], b"").text();
    assert!(files.contains("href=\"/edit/broken.toml\""), "{files}");
    assert!(files.contains("href=\"/edit/breathing.toml\""));
    assert!(!files.contains("group.packet.toml"));
    let page = request(&s.addr, "GET", "/edit/broken.toml", &[], b"").text();
    assert!(page.contains("colour = 1"));
}

#[test]
fn a_saved_lesson_joins_the_gallery() {
    let (_dir, s) = folder();
    let fresh = LESSON.replace("Breathing Space", "Fresh Start");
    let (status, v) = save(&s, "fresh-start.toml", &fresh, None);
    assert_eq!(status, 200, "{v}");
    // The app follows its folder: the save is read again like any other.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let html = request(&s.addr, "GET", "/", &[], b"").text();
        if html.contains("Fresh Start") && html.contains("href=\"/edit/fresh-start.toml\"") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not in the gallery: {html}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// The words drawn on the editor's preview, in the browser.
fn shown_text(b: &Browser) -> String {
    b.run(
        "return Array.prototype.map.call(document.querySelectorAll('#preview text'),\
         function(e){return e.textContent;}).join(' ');",
    )
    .as_str()
    .unwrap()
    .to_string()
}

fn set_source(b: &Browser, text: &str) {
    b.run(&format!(
        "var s=document.getElementById('source'); s.value={text:?}; \
         s.dispatchEvent(new Event('input',{{bubbles:true}}));"
    ));
}

#[test]
fn in_a_real_browser_the_editor_previews_checks_and_saves() {
    let downloads = tempdir();
    let Some(b) = Browser::start(downloads.path()) else {
        return;
    };
    let (dir, s) = folder();
    b.go(&format!("http://{}/edit/breathing.toml", s.addr));
    assert!(b.wait_for(
        "return document.querySelectorAll('#preview svg').length > 0;",
        20
    ));
    assert!(shown_text(&b).contains("Breathing Space"));

    // A new title: the preview follows.
    let renamed = LESSON.replace("Breathing Space", "Calm Breathing");
    set_source(&b, &renamed);
    assert!(
        b.wait_for(
            "return Array.prototype.some.call(document.querySelectorAll('#preview text'),\
             function(e){return e.textContent.indexOf('Calm Breathing')>=0;});",
            20
        ),
        "{}",
        shown_text(&b)
    );

    // A bad key: its error at its line; its place takes the caret there.
    let broken = renamed.replace("summary", "colour = \"red\"\nsummary");
    set_source(&b, &broken);
    assert!(b.wait_for(
        "return !!document.querySelector('#findings li.error button[data-line=\"2\"]');",
        20
    ));
    let said = b.run("return document.querySelector('#findings li.error').textContent;");
    assert!(
        said.as_str().unwrap().contains("Line 2, column 1"),
        "{said}"
    );
    assert!(said.as_str().unwrap().contains("colour"), "{said}");
    b.click("#findings li.error button");
    let line_start = broken.find("colour").unwrap();
    assert_eq!(
        b.run("return document.getElementById('source').selectionStart;"),
        serde_json::json!(line_start)
    );

    // Fixed, then saved: the file holds what the box holds.
    set_source(&b, &renamed);
    assert!(b.wait_for("return !document.querySelector('#findings li.error');", 20));
    b.click("#save");
    assert!(b.wait_for(
        "return document.getElementById('save-result').className==='saved';",
        20
    ));
    assert_eq!(on_disk(&dir, "breathing.toml"), renamed);

    // Changed on disk with nothing typed since: the page takes the new
    // version, and the gallery shows its title, the server still running.
    let outside = LESSON.replace("Breathing Space", "Changed Elsewhere");
    write(&dir.path().join("lessons"), "breathing.toml", &outside);
    assert!(
        b.wait_for(
            "return document.getElementById('source').value.indexOf('Changed Elsewhere')>=0;",
            20
        ),
        "the editor did not follow the file"
    );
    assert!(b.wait_for(
        "return Array.prototype.some.call(document.querySelectorAll('#preview text'),\
         function(e){return e.textContent.indexOf('Changed Elsewhere')>=0;});",
        20
    ));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !request(&s.addr, "GET", "/", &[], b"")
        .text()
        .contains("Changed Elsewhere")
    {
        assert!(std::time::Instant::now() < deadline, "not in the gallery");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    // Typed into, then changed on disk: the page says so and keeps what
    // was typed; Save is refused and the disk keeps the outside version.
    let mine = outside.replace("Changed Elsewhere", "Quiet Breathing");
    set_source(&b, &mine);
    let again = LESSON.replace("Breathing Space", "Changed Again");
    write(&dir.path().join("lessons"), "breathing.toml", &again);
    assert!(b.wait_for(
        "return document.getElementById('save-result').className==='refused';",
        20
    ));
    let said = b.run("return document.getElementById('save-result').textContent;");
    assert!(said.as_str().unwrap().contains("changed on disk"), "{said}");
    assert_eq!(
        b.run("return document.getElementById('source').value;"),
        serde_json::json!(mine)
    );
    b.click("#save");
    assert!(b.wait_for(
        "return document.getElementById('save-result').textContent.indexOf('since you opened it')>=0;",
        20
    ));
    assert_eq!(on_disk(&dir, "breathing.toml"), again);
}
