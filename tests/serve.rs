//! `handout serve`, run as a clinic would run it and asked what a browser
//! asks: the gallery, one client's preview and PDF (the name in it, only
//! the chosen scenario), problems beside their fields without the name in
//! them, and requests from anywhere but its own pages refused.

mod common;

use std::io::Read;

use common::web::*;
use common::*;

const NAME: &str = "Nguyễn Thị Hương";

/// The words of the preview's pages, runs joined by a space in the order
/// drawn (a run is drawn without the spaces at its ends).
fn drawn_text(svg: &str) -> String {
    svg.split("<text ")
        .skip(1)
        .map(|t| {
            let inner = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            inner
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_gallery_shows_every_built_in_lesson_with_its_first_page() {
    let s = serve(&[]);
    let r = request(&s.addr, "GET", "/", &[], b"");
    assert_eq!(r.status, 200);
    let html = r.text();
    for id in handout::library::builtin_ids() {
        assert!(html.contains(&format!("href=\"/lessons/{id}\"")), "{id}");
        let t = request(
            &s.addr,
            "GET",
            &format!("/lessons/{id}/thumbnail.svg"),
            &[],
            b"",
        );
        assert_eq!(t.status, 200);
        assert_eq!(t.header("content-type"), Some("image/svg+xml"));
        assert!(t.text().starts_with("<svg") && t.text().contains("<text"));
    }
    assert!(html.contains("Compassion in Recovery"));
    assert!(html.contains("English, Español"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(
        request(&s.addr, "GET", "/lessons/no-such", &[], b"").status,
        404
    );
}

#[test]
fn the_preview_and_the_pdf_have_the_name_and_only_the_chosen_scenario() {
    let s = serve(&[]);
    let body = form(&[
        ("name", NAME),
        ("date", "2026-11-22"),
        ("scenario", "craving"),
        ("paper", "letter"),
    ]);
    let p = request(
        &s.addr,
        "POST",
        "/lessons/compassion-in-recovery/preview",
        &[],
        &body,
    );
    assert_eq!(p.status, 200, "{}", p.text());
    let preview = drawn_text(&p.text());
    assert!(preview.contains(NAME), "{preview}");
    assert!(preview.contains("Shame after a craving"));
    assert!(!preview.contains("A mistake after a conflict"));
    assert!(p.text().matches("<figure class=\"page\">").count() >= 2);

    let r = request(
        &s.addr,
        "POST",
        "/lessons/compassion-in-recovery/pdf",
        &[],
        &body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/pdf"));
    // Named after the lesson, never the client.
    assert_eq!(
        r.header("content-disposition"),
        Some("attachment; filename=\"compassion-in-recovery.pdf\"")
    );
    let dir = tempdir();
    let pdf = dir.path().join("from-serve.pdf");
    std::fs::write(&pdf, &r.body).unwrap();
    if let Some(text) = words(&pdf) {
        assert!(text.contains(NAME), "{text}");
        assert!(text.contains("November 22, 2026"));
        assert!(text.contains("Shame after a craving"));
        assert!(!text.contains("A mistake after a conflict"));
    }
    // Spanish, as the form's language choice asks.
    let es = form(&[("name", NAME), ("lang", "es")]);
    let r = request(
        &s.addr,
        "POST",
        "/lessons/compassion-in-recovery/preview",
        &[],
        &es,
    );
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Lo que trata") || r.text().contains("Su seguridad"));
}

#[test]
fn changing_the_language_keeps_the_form_filled_in_without_the_name_in_an_address() {
    let s = serve(&[]);
    let body = form(&[
        ("lang", "es"),
        ("name", NAME),
        ("date", "2026-11-22"),
        ("clinician", "Dr. <Ruiz>"),
        ("scenario", "craving"),
        ("paper", "a4"),
        ("large_print", "on"),
    ]);
    let r = request(
        &s.addr,
        "POST",
        "/lessons/compassion-in-recovery",
        &[],
        &body,
    );
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains("<option value=\"es\" selected"));
    assert!(html.contains(&format!("value=\"{NAME}\"")));
    assert!(html.contains("value=\"2026-11-22\""));
    assert!(html.contains("value=\"Dr. &lt;Ruiz&gt;\""), "escaped");
    assert!(html.contains("value=\"craving\" checked>"));
    assert!(html.contains("value=\"a4\" checked>"));
    assert!(html.contains("name=\"large_print\" checked>"));
    assert!(!html.contains("name=\"fillable\" checked>"));
    // The Spanish edition's scenario titles.
    assert!(!html.contains(">Shame after a craving<"));
}

#[test]
fn problems_come_back_by_field_without_the_name() {
    let s = serve(&[]);
    let bad = format!("Ana {}", '\u{F0000}');
    let body = form(&[("name", &bad), ("date", "22/11/2026")]);
    let r = request(
        &s.addr,
        "POST",
        "/lessons/compassion-in-recovery/preview",
        &[],
        &body,
    );
    assert_eq!(r.status, 422);
    let errors: Vec<serde_json::Value> = serde_json::from_slice(&r.body).unwrap();
    let fields: Vec<&str> = errors
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "date"]);
    assert!(errors[0]["message"].as_str().unwrap().contains("U+F0000"));
    assert!(
        !r.text().contains("Ana"),
        "the name is echoed: {}",
        r.text()
    );
    // The PDF is refused the same way.
    let r = request(
        &s.addr,
        "POST",
        "/lessons/compassion-in-recovery/pdf",
        &[],
        &body,
    );
    assert_eq!(r.status, 422);
}

#[test]
fn requests_from_anywhere_but_its_own_pages_are_refused() {
    let s = serve(&[]);
    let body = form(&[("name", NAME)]);
    let path = "/lessons/compassion-in-recovery/pdf";
    // Another site's page posting through the visitor's browser.
    let r = request(
        &s.addr,
        "POST",
        path,
        &[("Origin", "http://evil.example")],
        &body,
    );
    assert_eq!(r.status, 403);
    let r = request(
        &s.addr,
        "POST",
        path,
        &[("Sec-Fetch-Site", "cross-site")],
        &body,
    );
    assert_eq!(r.status, 403);
    // A sandboxed frame elsewhere posts as `null`.
    let r = request(&s.addr, "POST", path, &[("Origin", "null")], &body);
    assert_eq!(r.status, 403);
    // DNS rebinding: the right address under another name.
    let r = request(&s.addr, "GET", "/", &[("Host", "evil.example")], b"");
    assert_eq!(r.status, 403);
    // Its own pages are answered, under either name.
    let own = format!("http://{}", s.addr);
    let r = request(&s.addr, "POST", path, &[("Origin", &own)], &body);
    assert_eq!(r.status, 200);
    let port = s.addr.split(':').nth(1).unwrap();
    let local = format!("localhost:{port}");
    let r = request(&s.addr, "GET", "/", &[("Host", &local)], b"");
    assert_eq!(r.status, 200);
    // Bodies are capped.
    let huge = vec![b'a'; 200 * 1024];
    let r = request(&s.addr, "POST", path, &[], &huge);
    assert_eq!(r.status, 413);
}

#[test]
fn a_facility_folder_adds_its_lessons_and_each_lesson_is_a_web_page() {
    let dir = tempdir();
    let lessons = dir.path().join("lessons");
    std::fs::create_dir(&lessons).unwrap();
    std::fs::copy(
        root().join("examples/riding-out-an-urge.toml"),
        lessons.join("riding-out-an-urge.toml"),
    )
    .unwrap();
    std::fs::write(lessons.join("broken.toml"), "title = ").unwrap();
    let s = serve(&["--lessons", lessons.to_str().unwrap()]);
    let html = request(&s.addr, "GET", "/", &[], b"").text();
    assert!(
        html.contains("href=\"/lessons/riding-out-an-urge\""),
        "{html}"
    );
    assert!(html.contains("riding-out-an-urge.toml"));
    // A file with errors is shown with its first error, never offered.
    assert!(
        html.contains("broken.toml has an error at line 1"),
        "{html}"
    );
    assert!(!html.contains("href=\"/lessons/broken\""));
    let page = request(&s.addr, "GET", "/lessons/riding-out-an-urge/page", &[], b"");
    assert_eq!(page.status, 200);
    assert!(page.text().starts_with("<!doctype html>"));
    assert!(page.text().contains("type=\"checkbox\""));
}

#[test]
fn in_a_real_browser_a_clinician_fills_the_form_and_downloads_the_worksheet() {
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let s = serve(&[]);
    browser.go(&format!("http://{}/lessons/compassion-in-recovery", s.addr));
    // The preview comes up blank, then follows the typing.
    assert!(browser.wait_for(
        "return document.querySelectorAll('#preview figure').length >= 2;",
        15
    ));
    browser.type_into("#name", NAME);
    browser.click("#sc-craving");
    let shown = format!(
        "var t=Array.prototype.map.call(document.querySelectorAll('#preview text'), \
         function(e){{return e.textContent;}}).join(' '); \
         return t.indexOf({NAME:?}) >= 0 && t.indexOf('Shame after a craving') >= 0 \
         && t.indexOf('A mistake after a conflict') < 0;"
    );
    assert!(
        browser.wait_for(&shown, 15),
        "the preview never showed the name and choice"
    );

    browser.click("#download");
    let pdf = downloads.path().join("compassion-in-recovery.pdf");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !pdf.exists() {
        assert!(std::time::Instant::now() < deadline, "no download");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // The browser writes the file, then renames it; wait for a whole PDF.
    while !std::fs::read(&pdf).is_ok_and(|b| b.ends_with(b"%%EOF\n") || b.ends_with(b"%%EOF")) {
        assert!(
            std::time::Instant::now() < deadline,
            "the download never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let kept = tempdir();
    let copy = kept.path().join("downloaded.pdf");
    std::fs::copy(&pdf, &copy).unwrap();
    if let Some(text) = words(&copy) {
        assert!(text.contains(NAME), "{text}");
        assert!(text.contains("Shame after a craving"));
        assert!(!text.contains("A mistake after a conflict"));
    }

    // Another language: the form comes back in it, still filled in.
    browser.click("#lang option[value=es]");
    assert!(
        browser.wait_for(
            &format!(
                "var n=document.getElementById('name'), l=document.getElementById('lang'), \
                 c=document.getElementById('sc-craving'); \
                 return !!n && !!l && l.value==='es' && n.value==={NAME:?} && c.checked;"
            ),
            15
        ),
        "the form lost its fields when its language changed: {}",
        browser.run("return location.href + ' ' + document.body.innerText.slice(0,300);")
    );
    assert!(browser.wait_for(
        "return document.getElementById('preview').textContent.indexOf('Su seguridad') >= 0;",
        15
    ));

    // A letter no font has: the problem shows beside the name field.
    browser.type_into("#name", "\u{F0000}");
    assert!(browser.wait_for(
        "return document.getElementById('name-error').textContent.indexOf('U+F0000') >= 0 \
         && document.getElementById('name').getAttribute('aria-invalid') === 'true';",
        15
    ));
}

/// A roster of `n` clients, every third choosing the craving scenario.
fn roster(n: usize) -> String {
    let mut csv = String::from("name,id,scenarios\n");
    for i in 0..n {
        let scenario = if i % 3 == 0 { "craving" } else { "" };
        csv.push_str(&format!("Trần Văn {i},c-{i:03},{scenario}\n"));
    }
    csv
}

#[test]
fn a_sixty_row_roster_becomes_a_zip_of_sixty_sound_pdfs_with_a_manifest() {
    let s = serve(&[]);
    let csv = roster(60);
    let query = "lesson=compassion-in-recovery&output=zip&date=2026-11-24";
    let check = request(
        &s.addr,
        "POST",
        &format!("/group/check?{query}"),
        &[("Content-Type", "text/csv")],
        csv.as_bytes(),
    );
    assert_eq!(check.status, 200, "{}", check.text());
    let v: serde_json::Value = serde_json::from_slice(&check.body).unwrap();
    assert_eq!(v["clients"], 60);

    let zip = run_group(&s, query, csv.as_bytes());
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    assert_eq!(
        zip.header("content-disposition"),
        Some("attachment; filename=\"packets.zip\"")
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    assert_eq!(archive.len(), 61, "60 PDFs and the manifest");
    let dir = tempdir();
    for i in 0..60 {
        let name = format!("c-{i:03}.pdf");
        let mut entry = archive
            .by_name(&name)
            .unwrap_or_else(|_| panic!("no {name}"));
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(doc.get_pages().len() >= 5);
        if i < 4 {
            // A few read back whole: the client's name, their scenarios.
            let path = dir.path().join(&name);
            std::fs::write(&path, &bytes).unwrap();
            if let Some(text) = words(&path) {
                assert!(text.contains(&format!("Trần Văn {i}")), "{name}");
                assert!(text.contains("November 24, 2026"));
                assert_eq!(
                    text.contains("A mistake after a conflict"),
                    i % 3 != 0,
                    "{name}"
                );
            }
        }
    }
    let mut manifest = String::new();
    archive
        .by_name("manifest.csv")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    assert_eq!(manifest.lines().count(), 61);
    assert!(
        manifest
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("2,c-000,c-000.pdf,")
    );
    assert!(!manifest.contains("Trần"), "names stay out of the manifest");
}

#[test]
fn a_group_can_be_one_combined_file_and_a_bad_roster_is_reported_by_row() {
    let s = serve(&[]);
    let csv = roster(5);
    let pdf = run_group(
        &s,
        "lesson=compassion-in-recovery&output=combined",
        csv.as_bytes(),
    );
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    let doc = lopdf::Document::load_mem(&pdf.body).unwrap();
    // Each packet starts on a front: an even number of pages apiece.
    assert_eq!(doc.get_pages().len() % 2, 0);
    assert!(doc.get_pages().len() >= 5 * 5);

    let bad = "name,scenarios\nAna Díaz,craving\nBo Lee,no-such-scenario\n";
    let r = request(
        &s.addr,
        "POST",
        "/group/check?lesson=compassion-in-recovery",
        &[("Content-Type", "text/csv")],
        bad.as_bytes(),
    );
    assert_eq!(r.status, 422);
    let text = r.text();
    assert!(text.contains("Line 3: unknown scenario"), "{text}");
    assert!(text.contains("no-such-scenario"), "{text}");
    assert!(
        !text.contains("Bo Lee") && !text.contains("Ana"),
        "a name is echoed: {text}"
    );
    let r = request(
        &s.addr,
        "POST",
        "/group/check",
        &[("Content-Type", "text/csv")],
        bad.as_bytes(),
    );
    assert_eq!(r.status, 422);
    assert!(r.text().contains("at least one lesson"));
}

/// Staff on the group page: choose the roster `csv`, tick the flagship
/// lesson, press Check, and wait for the report to count `clients` with
/// Make ready.
fn check_roster_in_browser(browser: &Browser, addr: &str, csv: &std::path::Path, clients: usize) {
    browser.go(&format!("http://{addr}/group"));
    browser.type_into("#roster", csv.to_str().unwrap());
    browser.click("#l-compassion-in-recovery");
    browser.click("#check");
    assert!(
        browser.wait_for(
            &format!(
                "return document.getElementById('report').textContent.indexOf('{clients} clients') >= 0 \
                 && !document.getElementById('make').disabled;"
            ),
            30
        ),
        "no report"
    );
}

#[test]
fn in_a_real_browser_front_desk_staff_upload_a_roster_and_get_the_zip() {
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let s = serve(&[]);
    let files = tempdir();
    let csv = files.path().join("group.csv");
    std::fs::write(&csv, roster(60)).unwrap();
    check_roster_in_browser(&browser, &s.addr, &csv, 60);
    browser.click("#make");
    let zip = downloads.path().join("packets.zip");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let bytes = loop {
        if let Ok(b) = std::fs::read(&zip)
            && let Ok(a) = zip::ZipArchive::new(std::io::Cursor::new(b.clone()))
            && a.len() == 61
        {
            break b;
        }
        assert!(std::time::Instant::now() < deadline, "no packets.zip");
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        if name.ends_with(".pdf") {
            let mut pdf = Vec::new();
            entry.read_to_end(&mut pdf).unwrap();
            assert!(lopdf::Document::load_mem(&pdf).is_ok(), "{name}");
        }
    }
    assert!(browser.wait_for(
        "return document.getElementById('report').textContent.indexOf('Every packet is made (60)') >= 0;",
        10
    ));
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
fn an_idle_server_uses_no_cpu() {
    let s = serve(&[]);
    // Answer one request, then leave it alone.
    assert_eq!(request(&s.addr, "GET", "/", &[], b"").status, 200);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let before = cpu_ticks(s.pid());
    std::thread::sleep(std::time::Duration::from_secs(2));
    let after = cpu_ticks(s.pid());
    // A tick is 10 ms; a server that polled or ran timers would show more.
    assert!(
        after - before <= 1,
        "{} ticks of CPU while idle",
        after - before
    );
}

/// A workbook whose first sheet is hidden and whose first visible sheet is
/// a note, not the roster.
fn workbook_with_a_note_first() -> Vec<u8> {
    use common::workbook::{Sheet, xlsx};
    xlsx(
        &[
            Sheet::rows("Old", &[&["name"], &["Zqx Former"]]).state("hidden"),
            Sheet::rows("Notes", &[&["Zqx wrote these for the group"]]),
            Sheet::rows("Clients", &[&["name", "id"], &["Ana Ruiz", "c-1"]]),
        ],
        &[],
    )
}

#[test]
fn the_group_page_offers_a_workbooks_visible_sheets_and_reads_the_one_chosen() {
    let s = serve(&[]);
    let book = workbook_with_a_note_first();
    let check = |query: &str| {
        let r = request(
            &s.addr,
            "POST",
            &format!("/group/check?lesson=compassion-in-recovery{query}"),
            &[("Content-Type", "application/octet-stream")],
            &book,
        );
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        (r.status, v)
    };
    // The first visible sheet is read: a note, no header row. The hidden
    // sheet is neither read nor offered.
    let (status, v) = check("");
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["sheets"], serde_json::json!(["Notes", "Clients"]));
    let problems = v["problems"].to_string();
    assert!(problems.contains("No header row"), "{problems}");
    assert!(!problems.contains("Zqx"), "{problems}");
    // Chosen, the sheet with the clients is read.
    let (status, v) = check("&sheet=Clients");
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["clients"], 1);
    assert_eq!(v["sheets"], serde_json::json!(["Notes", "Clients"]));
    // A CSV has no sheets to offer.
    let r = request(
        &s.addr,
        "POST",
        "/group/check?lesson=compassion-in-recovery",
        &[("Content-Type", "text/csv")],
        b"name\nAna Ruiz\n",
    );
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(v["sheets"], serde_json::json!([]));
}

/// Issue 35: the group form's `date_order=dmy` reads a roster's
/// `13/12/2026` day first; left out, dates are read month first and that
/// cell is a problem at its row that says so.
#[test]
fn the_group_page_reads_dates_in_the_order_asked_for() {
    let s = serve(&[]);
    let csv = b"name,date\nAna Ruiz,13/12/2026\n";
    let check = |query: &str| {
        let r = request(
            &s.addr,
            "POST",
            &format!("/group/check?lesson=compassion-in-recovery{query}"),
            &[("Content-Type", "text/csv")],
            csv,
        );
        (r.status, r.text())
    };
    let (status, text) = check("");
    assert_eq!(status, 422, "{text}");
    assert!(text.contains("Line 2"), "{text}");
    assert!(
        text.contains("has a number over 12 where the month goes"),
        "{text}"
    );
    assert!(!text.contains("13/12"), "{text}");
    let (status, text) = check("&date_order=dmy");
    assert_eq!(status, 200, "{text}");
    let (status, text) = check("&date_order=ymd");
    assert_eq!(status, 422, "{text}");
    assert!(text.contains("month first or day first"), "{text}");
    let pdf = run_group(
        &s,
        "lesson=compassion-in-recovery&output=combined&date_order=dmy",
        csv,
    );
    let dir = tempdir();
    let file = dir.path().join("group.pdf");
    std::fs::write(&file, &pdf.body).unwrap();
    if let Some(text) = words(&file) {
        assert!(text.contains("Date: December 13, 2026"), "{text}");
    }
}

#[test]
fn in_a_real_browser_staff_choose_the_sheet_with_the_clients() {
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let s = serve(&[]);
    let files = tempdir();
    let book = files.path().join("group.xlsx");
    std::fs::write(&book, workbook_with_a_note_first()).unwrap();
    browser.go(&format!("http://{}/group", s.addr));
    assert!(browser.wait_for("return document.getElementById('sheet-choice').hidden;", 10));
    browser.type_into("#roster", book.to_str().unwrap());
    browser.click("#l-compassion-in-recovery");
    browser.click("#check");
    assert!(
        browser.wait_for(
            "var c=document.getElementById('gsheet');\
             return !document.getElementById('sheet-choice').hidden && c.options.length===2 \
             && c.options[0].value==='Notes' && c.options[1].value==='Clients';",
            30
        ),
        "no sheet choice"
    );
    // Choosing the sheet checks the roster again, on that sheet.
    browser.run(
        "var c=document.getElementById('gsheet');c.value='Clients';\
         c.dispatchEvent(new Event('change',{bubbles:true}));",
    );
    assert!(
        browser.wait_for(
            "return document.getElementById('report').textContent.indexOf('1 client') >= 0 \
             && !document.getElementById('make').disabled;",
            30
        ),
        "no report for the chosen sheet"
    );
}

#[test]
fn a_lesson_past_the_page_limit_is_left_out_and_a_preview_past_it_refused() {
    let dir = tempdir();
    let lessons = dir.path().join("lessons");
    std::fs::create_dir(&lessons).unwrap();
    // Thousands of pages: never offered.
    std::fs::write(lessons.join("huge.toml"), long_lesson(5_000)).unwrap();
    // Within the limit at Letter, past it in large print.
    std::fs::write(lessons.join("long.toml"), long_lesson(40)).unwrap();
    let s = serve(&["--lessons", lessons.to_str().unwrap()]);
    let html = request(&s.addr, "GET", "/", &[], b"").text();
    assert!(!html.contains("/lessons/huge\""), "{html}");
    assert!(html.contains("/lessons/long\""), "{html}");
    assert_eq!(
        request(&s.addr, "GET", "/lessons/huge", &[], b"").status,
        404
    );
    let letter = request(
        &s.addr,
        "POST",
        "/lessons/long/preview",
        &[],
        &form(&[("name", NAME)]),
    );
    assert_eq!(letter.status, 200);
    let pages = letter.text().matches("<figure class=\"page\">").count();
    assert!((30..=60).contains(&pages), "{pages} pages at Letter");
    let large = request(
        &s.addr,
        "POST",
        "/lessons/long/preview",
        &[],
        &form(&[("name", NAME), ("large_print", "on")]),
    );
    assert_eq!(large.status, 422, "{}", large.text());
    assert!(
        large
            .text()
            .contains("the lesson `long` is more than 60 pages at Letter large print"),
        "{}",
        large.text()
    );
    assert!(!large.text().contains(NAME));
}

/// The headers every answer carries, whatever it says.
fn assert_private(r: &Reply, what: &str) {
    assert_eq!(r.header("cache-control"), Some("no-store"), "{what}");
    assert_eq!(
        r.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(r.header("referrer-policy"), Some("same-origin"), "{what}");
    assert!(
        r.header("content-security-policy")
            .is_some_and(|c| c.contains("default-src 'none'")),
        "{what}"
    );
}

#[test]
fn every_answer_carries_the_private_headers_refusals_too() {
    let s = serve(&[]);
    let ok = request(&s.addr, "GET", "/", &[], b"");
    assert_eq!(ok.status, 200);
    assert_private(&ok, "the gallery");
    let other_host = request(&s.addr, "GET", "/", &[("Host", "evil.example")], b"");
    assert_eq!(other_host.status, 403);
    assert_private(&other_host, "a refused host");
    let missing = request(&s.addr, "GET", "/no/such/page", &[], b"");
    assert_eq!(missing.status, 404);
    assert_private(&missing, "a missing page");
    let wrong_method = request(&s.addr, "DELETE", "/", &[], b"");
    assert_eq!(wrong_method.status, 405);
    assert_private(&wrong_method, "a method not allowed");
    let bad_path = request(&s.addr, "GET", "/lessons/%FF", &[], b"");
    assert_eq!(bad_path.status, 400);
    assert_private(&bad_path, "an address that isn't text");
    let big = "x".repeat(40 * 1024);
    let too_big = request(&s.addr, "GET", "/", &[("Cookie", &big)], b"");
    assert_eq!(too_big.status, 431);
    assert_private(&too_big, "headers too large");
    let names: Vec<String> = (0..120).map(|i| format!("X-Extra-{i}")).collect();
    let many: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "1")).collect();
    let too_many = request(&s.addr, "GET", "/", &many, b"");
    assert_eq!(too_many.status, 431);
    assert_private(&too_many, "too many headers");
    let huge = vec![b'a'; 200 * 1024];
    let r = request(
        &s.addr,
        "POST",
        "/lessons/compassion-in-recovery/pdf",
        &[],
        &huge,
    );
    assert_eq!(r.status, 413);
    assert_private(&r, "a body too large");
}

#[test]
fn a_connection_that_sends_nothing_is_closed() {
    let s = serve(&[]);
    let mut idle = std::net::TcpStream::connect(&s.addr).unwrap();
    // A hang guard, well past the server's wait.
    idle.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let mut buf = [0u8; 64];
    let read = idle.read(&mut buf);
    assert!(
        matches!(read, Ok(0))
            || read
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
        "an idle connection stayed open: {read:?}"
    );
    // A request that stops halfway through its body is given up too.
    use std::io::Write;
    let mut half = std::net::TcpStream::connect(&s.addr).unwrap();
    half.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    write!(
        half,
        "POST /group/check?lesson=compassion-in-recovery HTTP/1.1\r\nHost: {}\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\nname\n",
        s.addr
    )
    .unwrap();
    let mut answer = Vec::new();
    let _ = half.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 400"),
        "{answer}"
    );
    // The server answers on.
    assert_eq!(request(&s.addr, "GET", "/", &[], b"").status, 200);
}

#[test]
fn a_fifty_thousand_row_upload_is_refused_while_the_gallery_answers() {
    use std::io::Write;
    let s = serve(&[]);
    let roster = roster(50_000);
    let (head, tail) = roster.as_bytes().split_at(roster.len() / 2);
    let mut upload = std::net::TcpStream::connect(&s.addr).unwrap();
    write!(
        upload,
        "POST /group/check?lesson=compassion-in-recovery HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
        s.addr,
        roster.len()
    )
    .unwrap();
    upload.write_all(head).unwrap();
    // Half the upload is in; the gallery is answered meanwhile.
    let gallery = request(&s.addr, "GET", "/", &[], b"");
    assert_eq!(gallery.status, 200);
    assert!(gallery.text().contains("/lessons/calming-the-body"));
    upload.write_all(tail).unwrap();
    // And again while the roster is read.
    let gallery = request(&s.addr, "GET", "/", &[], b"");
    assert_eq!(gallery.status, 200);
    let mut answer = Vec::new();
    upload.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 422"), "{answer}");
    assert!(
        answer.contains("The roster has 50000 clients; the app prints for at most 2000 at a time."),
        "{answer}"
    );
    assert!(!answer.contains("Trần"));
    // Still answering.
    assert_eq!(request(&s.addr, "GET", "/", &[], b"").status, 200);
}

#[test]
fn group_runs_are_held_a_few_at_a_time_in_memory_and_never_on_disk() {
    // Private, empty folders for the server's temporary files and home:
    // nothing may appear in either while the packets wait.
    let (tmp, home) = (tempdir(), tempdir());
    let s = serve_with(&[], &[("TMPDIR", tmp.path()), ("HOME", home.path())]);
    let start = |output: &str| {
        request(
            &s.addr,
            "POST",
            &format!("/group/start?lesson=compassion-in-recovery&output={output}"),
            &[("Content-Type", "text/csv")],
            roster(3).as_bytes(),
        )
    };
    let tokens: Vec<String> = ["combined", "zip", "combined", "zip"]
        .into_iter()
        .map(|output| {
            let r = start(output);
            assert_eq!(r.status, 200, "{}", r.text());
            let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            v["token"].as_str().unwrap().to_string()
        })
        .collect();
    // A fifth waits for one of them to be downloaded.
    let fifth = start("zip");
    assert_eq!(fifth.status, 503, "{}", fifth.text());
    assert!(fifth.text().contains("Download one"), "{}", fifth.text());
    // The group page shows it in its report, as an error.
    let v: serde_json::Value = serde_json::from_slice(&fifth.body).unwrap();
    assert!(
        v["errors"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Download one")
    );
    for token in &tokens {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while request(&s.addr, "GET", &format!("/group/{token}"), &[], b"")
            .text()
            .contains("\"ready\":false")
        {
            assert!(std::time::Instant::now() < deadline, "never finished");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    // All four finished and waiting: no file was made for them, named or
    // not (a file with no name is still in the server's open files).
    let empty = |dir: &std::path::Path| std::fs::read_dir(dir).unwrap().count() == 0;
    assert!(empty(tmp.path()), "TMPDIR holds a file");
    assert!(empty(home.path()), "HOME holds a file");
    #[cfg(target_os = "linux")]
    let files = || -> Vec<String> {
        std::fs::read_dir(format!("/proc/{}/fd", s.pid()))
            .unwrap()
            .flatten()
            .filter_map(|fd| std::fs::read_link(fd.path()).ok())
            .map(|target| target.to_string_lossy().to_string())
            .filter(|t| t.starts_with('/') && !t.starts_with("/dev/"))
            .collect()
    };
    #[cfg(target_os = "linux")]
    assert_eq!(files(), Vec::<String>::new());
    for (i, token) in tokens.iter().enumerate() {
        let file = request(&s.addr, "GET", &format!("/group/{token}/file"), &[], b"");
        assert_eq!(file.status, 200);
        let magic: &[u8] = if i % 2 == 0 { b"%PDF-" } else { b"PK" };
        assert!(file.body.starts_with(magic), "run {i}");
        if i % 2 == 1 {
            // Every client's packet and the manifest.
            let zip = zip::ZipArchive::new(std::io::Cursor::new(&file.body)).unwrap();
            let mut names: Vec<String> =
                zip.file_names().map(|n| n.unwrap().into_owned()).collect();
            names.sort();
            assert_eq!(
                names,
                ["c-000.pdf", "c-001.pdf", "c-002.pdf", "manifest.csv"],
                "run {i}"
            );
        }
        assert_eq!(
            file.header("content-length"),
            Some(file.body.len().to_string().as_str())
        );
        assert_private(&file, "a run's file");
        // Handed over once, then gone.
        let again = request(&s.addr, "GET", &format!("/group/{token}/file"), &[], b"");
        assert_eq!(again.status, 404, "run {i} downloaded twice");
        let progress = request(&s.addr, "GET", &format!("/group/{token}"), &[], b"");
        assert_eq!(progress.status, 404, "run {i} still listed");
    }
    assert!(empty(tmp.path()) && empty(home.path()));
    // Downloaded: new runs may start.
    assert_eq!(start("zip").status, 200);
}

#[test]
fn a_group_past_the_memory_budget_is_refused_in_words_and_the_server_goes_on() {
    // A budget of 1 MB for every group's packets together (packets are
    // held in pieces of 256 KiB): three clients take one piece, three
    // hundred would take several times the budget.
    let budget = std::path::Path::new("1000000");
    let s = serve_with(&[], &[("HANDOUT_SERVE_HELD_BYTES", budget)]);
    let query = "lesson=compassion-in-recovery&output=zip";
    // Within the budget, again and again: each download gives its bytes
    // back (five runs hold more than the budget in all).
    for _ in 0..5 {
        let file = run_group(&s, query, roster(3).as_bytes());
        assert_eq!(file.status, 200);
        assert!(file.body.starts_with(b"PK"));
    }
    for output in ["zip", "combined"] {
        let r = request(
            &s.addr,
            "POST",
            &format!("/group/start?lesson=compassion-in-recovery&output={output}"),
            &[("Content-Type", "text/csv")],
            roster(300).as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        let token = v["token"].as_str().unwrap().to_string();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        let progress = loop {
            let p: serde_json::Value = serde_json::from_slice(
                &request(&s.addr, "GET", &format!("/group/{token}"), &[], b"").body,
            )
            .unwrap();
            if !p["problem"].is_null() {
                break p;
            }
            assert!(p["ready"] == false, "{output}: made past the budget: {p}");
            assert!(std::time::Instant::now() < deadline, "never stopped");
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        // Stopped at once, not made to the end.
        assert!(
            progress["done"].as_u64().unwrap() < 300,
            "{output}: {progress}"
        );
        assert_eq!(progress["too_large"], true);
        let words = progress["problem"].as_str().unwrap();
        assert!(
            words.starts_with(
                "These packets are too large to hold for download here (300 clients, about "
            ),
            "{words}"
        );
        assert!(
            words.ends_with(" MB). Split the roster into smaller groups."),
            "{words}"
        );
        assert!(!words.contains("Trần"), "{words}");
        assert!(!words.contains("Other groups"), "{words}");
        // Said once; nothing to download.
        let file = request(&s.addr, "GET", &format!("/group/{token}/file"), &[], b"");
        assert_eq!(file.status, 404);
        // The server answers, and what the run made was freed: a group
        // within the budget still downloads.
        assert_eq!(request(&s.addr, "GET", "/", &[], b"").status, 200);
        let file = run_group(&s, query, roster(3).as_bytes());
        assert_eq!(file.status, 200);
        let zip = zip::ZipArchive::new(std::io::Cursor::new(&file.body)).unwrap();
        assert_eq!(zip.len(), 4, "{output}");
    }
}

#[test]
fn in_a_real_browser_staff_read_that_the_packets_are_too_large_to_hold() {
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let s = serve_with(
        &[],
        &[("HANDOUT_SERVE_HELD_BYTES", std::path::Path::new("1000000"))],
    );
    let files = tempdir();
    let csv = files.path().join("group.csv");
    std::fs::write(&csv, roster(100)).unwrap();
    check_roster_in_browser(&browser, &s.addr, &csv, 100);
    browser.click("#make");
    assert!(
        browser.wait_for(
            "return document.getElementById('report').textContent.indexOf(\
             'These packets are too large to hold for download here (100 clients, about ') == 0;",
            60
        ),
        "no words: {}",
        browser.run("return document.getElementById('report').textContent;")
    );
    let report = browser.run("return document.getElementById('report').textContent;");
    let report = report.as_str().unwrap();
    assert!(
        report.contains("Split the roster into smaller groups.") && !report.contains('`'),
        "{report}"
    );
    assert!(!report.contains("could not be made"), "{report}");
    assert!(!downloads.path().join("packets.zip").exists());
}

#[test]
fn a_group_refused_while_others_hold_room_says_so() {
    let budget = std::path::Path::new("1000000");
    let s = serve_with(&[], &[("HANDOUT_SERVE_HELD_BYTES", budget)]);
    let start = |n: usize| {
        let r = request(
            &s.addr,
            "POST",
            "/group/start?lesson=compassion-in-recovery&output=zip",
            &[("Content-Type", "text/csv")],
            roster(n).as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        v["token"].as_str().unwrap().to_string()
    };
    let outcome = |token: &str| loop {
        let p: serde_json::Value = serde_json::from_slice(
            &request(&s.addr, "GET", &format!("/group/{token}"), &[], b"").body,
        )
        .unwrap();
        if p["ready"] == true || !p["problem"].is_null() {
            break p;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    // Three clients made and left waiting: they hold part of the budget.
    let waiting = start(3);
    assert_eq!(outcome(&waiting)["ready"], true);
    let refused = outcome(&start(300));
    let words = refused["problem"].as_str().unwrap();
    assert!(words.starts_with("These packets are too large"), "{words}");
    assert!(
        words.ends_with(
            "Other groups being made or waiting to be downloaded take room too: \
             once they are downloaded, a smaller group may fit."
        ),
        "{words}"
    );
    // The one waiting still downloads whole.
    let file = request(&s.addr, "GET", &format!("/group/{waiting}/file"), &[], b"");
    assert_eq!(file.status, 200);
    let zip = zip::ZipArchive::new(std::io::Cursor::new(&file.body)).unwrap();
    assert_eq!(zip.len(), 4);
}
