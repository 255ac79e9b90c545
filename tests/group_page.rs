//! The app's group page does what `handout batch` does: a packet (cover,
//! contents, facility name, help lines) or lessons, saved or typed help
//! lines, fillable, duplex, the combined file in a ZIP with its manifest;
//! and its report keeps errors apart from notes, in plain words, at the
//! row and column a spreadsheet shows, in English or Spanish.

mod common;

use std::io::Read;

use common::web::*;
use common::*;

/// A roster as Excel saves it, with a column handout doesn't read.
const WITH_DOB: &str = "name,DOB,language\nZoe Quixley,1/2/1990,es\nYan Brightwater,3/4/1985,\n";

/// The front desk's roster from issue 35: an Excel CSV's US dates, a DOB
/// column handout doesn't use, a Spanish client and a Somali one.
const FRONT_DESK: &str = "name,date,DOB,language\nZoe Quixley,12/8/2026,1/2/1990,es\n\
                          Yan Brightwater,12/8/2026,3/4/1985,Somali\nXia Lindqvist,12/8/2026,5/6/1970,\n";

/// A lessons folder with the example help file and a packet of its own.
fn lessons_folder() -> Scratch {
    let dir = tempdir();
    std::fs::copy(
        root().join("examples/riverside.help.toml"),
        dir.path().join("riverside.help.toml"),
    )
    .unwrap();
    write(
        dir.path(),
        "hillside.packet.toml",
        "title = \"Hillside Calm Week\"\nfacility = \"Hillside Clinic\"\n\
         lessons = [\"calming-the-body\"]\ncover = true\ncontents = true\ndate_order = \"dmy\"\n\n\
         [[local_help]]\nname = \"Hillside nurse line\"\nphone = \"(555) 010-0177\"\n",
    );
    dir
}

fn check(s: &Server, query: &str, roster: &[u8], cookie: Option<&str>) -> (u16, serde_json::Value) {
    let mut headers = vec![("Content-Type", "text/csv")];
    if let Some(c) = cookie {
        headers.push(("Cookie", c));
    }
    let r = request(
        &s.addr,
        "POST",
        &format!("/group/check?{query}"),
        &headers,
        roster,
    );
    let text = r.text();
    for name in ["Zoe", "Quixley", "Yan", "Brightwater"] {
        assert!(!text.contains(name), "a name is echoed: {text}");
    }
    (r.status, serde_json::from_slice(&r.body).unwrap())
}

/// The entries of a ZIP, by name.
fn unzip(bytes: Vec<u8>) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut e = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            (e.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

/// A PDF's words, through pdftotext; `None` without poppler.
fn pdf_words(bytes: &[u8]) -> Option<String> {
    let dir = tempdir();
    let path = dir.path().join("x.pdf");
    std::fs::write(&path, bytes).unwrap();
    words(&path)
}

#[test]
fn notes_are_apart_from_errors_in_plain_words_at_the_spreadsheets_row_and_column() {
    let s = serve(&[]);
    let query = "lesson=compassion-in-recovery";
    // Only a note: the packets can be made.
    let (status, v) = check(&s, query, WITH_DOB.as_bytes(), None);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["errors"], serde_json::json!([]));
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{v}");
    assert_eq!(notes[0]["place"], "Column B (DOB)");
    assert_eq!(
        notes[0]["text"],
        "This column is not used, and that's fine: it isn't printed."
    );

    // A language that is none: an error at its row and column; the note
    // still a note.
    let bad = "name,DOB,language\nZoe Quixley,1/2/1990,es\nYan Brightwater,3/4/1985,qqq\n";
    let (status, v) = check(&s, query, bad.as_bytes(), None);
    assert_eq!(status, 422, "{v}");
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v}");
    assert_eq!(errors[0]["place"], "Row 3, column C (language)");
    assert!(
        errors[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("This isn't a language handout knows."),
        "{v}"
    );
    assert_eq!(v["notes"][0]["place"], "Column B (DOB)", "{v}");
    // Nothing a person at a browser can't use: no code quotes, flags,
    // commands or README.
    let said = format!("{} {}", v["errors"], v["notes"]);
    for technical in ["`", "--", "README", "handout batch", "handout check"] {
        assert!(!said.contains(technical), "{technical} in {said}");
    }

    // A workbook's findings name its rows and columns as the sheet shows
    // them: here the table starts in column B.
    use common::workbook::{Sheet, xlsx};
    let book = xlsx(
        &[Sheet::rows(
            "Clients",
            &[
                &["", "name", "DOB", "language"],
                &["", "Zoe Quixley", "1/2/1990", "qqq"],
            ],
        )],
        &[],
    );
    let (status, v) = check(&s, query, &book, None);
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["errors"][0]["place"], "Row 2, column D (language)", "{v}");
    assert_eq!(v["notes"][0]["place"], "Column C (DOB)", "{v}");

    // A scenario that isn't one: where, and the ones there are.
    let (_, v) = check(
        &s,
        query,
        b"name,scenarios\nZoe Quixley,craving\nYan Brightwater,cravin\n",
        None,
    );
    assert_eq!(
        v["errors"][0]["place"], "Row 3, column B (scenarios)",
        "{v}"
    );
    assert!(
        v["errors"][0]["text"]
            .as_str()
            .unwrap()
            .ends_with("These lessons' scenarios are: craving, conflict, trauma, low-day. Did you mean craving?"),
        "{v}"
    );

    // In Spanish, the same findings in Spanish.
    let (_, v) = check(&s, query, bad.as_bytes(), Some("ui=es"));
    assert_eq!(v["errors"][0]["place"], "Fila 3, columna C (language)");
    assert_eq!(v["notes"][0]["place"], "Columna B (DOB)");
    assert!(
        v["notes"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Esta columna no se usa"),
        "{v}"
    );
}

#[test]
fn a_packet_prints_its_cover_facility_and_help_lines_with_saved_and_typed_ones() {
    let folder = lessons_folder();
    let s = serve(&["--lessons", folder.path().to_str().unwrap()]);
    let page = request(&s.addr, "GET", "/group", &[], b"").text();
    for offered in [
        "value=\"example:group\"",
        "value=\"example:relapse-prevention\"",
        // The packet's date order goes with it, for the page to set.
        "value=\"hillside.packet.toml\" data-date-order=\"dmy\"",
        "value=\"riverside.help.toml\"",
        "name=\"date_order\"",
        "value=\"dmy\"",
    ] {
        assert!(page.contains(offered), "{offered} not offered");
    }
    let query = "packet=example:group&help_file=riverside.help.toml\
                 &help_name=Eastside+Warmline&help_phone=%28555%29+010-0142&help_hours=\
                 &output=combined_zip&date_order=mdy";
    let zip = run_group(&s, query, WITH_DOB.as_bytes());
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    let entries = unzip(zip.body);
    let names: Vec<&String> = entries.keys().collect();
    assert_eq!(names, ["packets.manifest.csv", "packets.pdf"]);
    let manifest = String::from_utf8(entries["packets.manifest.csv"].clone()).unwrap();
    let lines: Vec<&str> = manifest.lines().collect();
    assert_eq!(lines.len(), 3, "{manifest}");
    assert!(lines[0].starts_with("roster_line,id,file,pages,combined_first_page"));
    assert!(lines[1].starts_with("2,,,"), "{manifest}");
    assert!(!manifest.contains("Zoe"), "names stay out of the manifest");
    let pdf = &entries["packets.pdf"];
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    assert_eq!(doc.get_pages().len() % 2, 0);
    if let Some(text) = pdf_words(pdf) {
        for want in [
            "Compassion Group, weeks 1-2",
            "Riverside Recovery Center",
            "Riverside after-hours line",
            "Eastside Warmline",
            "(555) 010-0142",
            "Zoe Quixley",
            // The example packet's own lesson, beside the built-in one.
            "Riding Out an Urge",
        ] {
            assert!(text.contains(want), "{want} is not in the packets");
        }
    }

    // The folder's own packet, its own help line, as a PDF alone.
    let pdf = run_group(
        &s,
        "packet=hillside.packet.toml&output=combined",
        WITH_DOB.as_bytes(),
    );
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    if let Some(text) = pdf_words(&pdf.body) {
        for want in [
            "Hillside Calm Week",
            "Hillside Clinic",
            "Hillside nurse line",
        ] {
            assert!(text.contains(want), "{want} is not in the packets");
        }
    }
}

#[test]
fn typed_help_lines_are_checked_as_a_help_file_is_each_problem_beside_its_field() {
    let folder = lessons_folder();
    let s = serve(&["--lessons", folder.path().to_str().unwrap()]);
    let fields = |v: &serde_json::Value| -> Vec<String> {
        v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap().to_string())
            .collect()
    };
    // A phone with no number; a line with a number and no name.
    let (status, v) = check(
        &s,
        "lesson=calming-the-body&help_name=Warmline&help_phone=call+us&help_hours=\
         &help_name=&help_phone=555-0100&help_hours=",
        WITH_DOB.as_bytes(),
        None,
    );
    assert_eq!(status, 422, "{v}");
    assert_eq!(fields(&v), ["help_name-1", "help_phone-0"], "{v}");
    assert!(
        v["fields"][1]["message"]
            .as_str()
            .unwrap()
            .contains("Type the number clients call"),
        "{v}"
    );
    // The errors are in the report too.
    assert_eq!(v["errors"].as_array().unwrap().len(), 2, "{v}");
    // Two typed and the saved file's two: past the three that fit.
    let (status, v) = check(
        &s,
        "lesson=calming-the-body&help_file=riverside.help.toml\
         &help_name=A+line&help_phone=555-0101&help_name=B+line&help_phone=555-0102",
        WITH_DOB.as_bytes(),
        None,
    );
    assert_eq!(status, 422, "{v}");
    assert_eq!(fields(&v), ["help"], "{v}");
    // A crisis number typed as a facility's line: a note, as a help file
    // gets a warning.
    let (status, v) = check(
        &s,
        "lesson=calming-the-body&help_name=Crisis&help_phone=988&help_hours=",
        WITH_DOB.as_bytes(),
        None,
    );
    assert_eq!(status, 200, "{v}");
    assert!(
        v["notes"]
            .to_string()
            .contains("988 and 911 already print beside every facility line"),
        "{v}"
    );
    // Rows left empty are not lines at all.
    let (status, v) = check(
        &s,
        "lesson=calming-the-body&help_name=&help_phone=&help_hours=",
        WITH_DOB.as_bytes(),
        None,
    );
    assert_eq!(status, 200, "{v}");
}

/// Whether a PDF has an AcroForm with fields.
fn has_form_fields(pdf: &[u8]) -> bool {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let Ok(form) = catalog.get(b"AcroForm") else {
        return false;
    };
    let form = match form {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        lopdf::Object::Dictionary(d) => d,
        _ => return false,
    };
    form.get(b"Fields")
        .ok()
        .and_then(|f| f.as_array().ok())
        .is_some_and(|f| !f.is_empty())
}

#[test]
fn fillable_and_duplex_reach_each_clients_pdf() {
    let s = serve(&[]);
    let roster = "name,id\nZoe Quixley,c-1\nYan Brightwater,c-2\n";
    let pdfs = |query: &str| {
        let zip = run_group(&s, query, roster.as_bytes());
        unzip(zip.body)
            .into_iter()
            .filter(|(name, _)| name.ends_with(".pdf"))
            .map(|(_, bytes)| bytes)
            .collect::<Vec<_>>()
    };
    let lesson = "lesson=calming-the-body";
    let plain = pdfs(lesson);
    assert_eq!(plain.len(), 2);
    assert!(!has_form_fields(&plain[0]));
    let fillable = pdfs(&format!("{lesson}&fillable=on"));
    assert!(fillable.iter().all(|p| has_form_fields(p)));

    let pages = |p: &Vec<u8>| lopdf::Document::load_mem(p).unwrap().get_pages().len();
    // Calming the Body has an odd number of pages: with duplex, each file
    // gets a blank back page.
    assert_eq!(pages(&plain[0]) % 2, 1, "the lesson's pages changed");
    let duplex = pdfs(&format!("{lesson}&duplex=on"));
    for (d, p) in duplex.iter().zip(&plain) {
        assert_eq!(pages(d), pages(p) + 1);
    }
}

/// Each page's size in points, width by height, through lopdf.
fn page_sizes(pdf: &[u8]) -> Vec<(f32, f32)> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.get_pages()
        .values()
        .map(|id| {
            let page = doc.get_dictionary(*id).unwrap();
            let b = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let n = |i: usize| b[i].as_float().unwrap();
            (n(2) - n(0), n(3) - n(1))
        })
        .collect()
}

#[test]
fn booklets_from_the_group_page_are_landscape_sheets_as_batch_makes_them() {
    let s = serve(&[]);
    let roster = "name,id\nZoe Quixley,c-1\nYan Brightwater,c-2\n";
    let lesson = "lesson=calming-the-body";
    // One PDF per client: each a booklet on Letter sheets turned sideways.
    let zip = run_group(&s, &format!("{lesson}&booklet=on"), roster.as_bytes());
    let pdfs: Vec<Vec<u8>> = unzip(zip.body)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".pdf"))
        .map(|(_, bytes)| bytes)
        .collect();
    assert_eq!(pdfs.len(), 2);
    for pdf in &pdfs {
        let sizes = page_sizes(pdf);
        assert_eq!(sizes.len() % 2, 0, "a sheet has two sides: {sizes:?}");
        assert!(
            sizes.iter().all(|&(w, h)| w == 792.0 && h == 612.0),
            "not landscape Letter sheets: {sizes:?}"
        );
    }
    // One combined file: the same sheets, each client's on sheets of
    // their own, so twice the sides of one client's booklet.
    let combined = run_group(
        &s,
        &format!("{lesson}&booklet=on&output=combined"),
        roster.as_bytes(),
    );
    assert_eq!(
        page_sizes(&combined.body).len(),
        2 * page_sizes(&pdfs[0]).len()
    );
    if let Some(words) = pdf_words(&combined.body) {
        assert!(words.contains("Calming the Body"), "{words}");
    }

    // Fillable is refused as batch refuses it, in words, before anything
    // is made (printing booklets: tests/print.rs).
    let query = format!("{lesson}&booklet=on&fillable=on");
    let (status, v) = check(&s, &query, roster.as_bytes(), None);
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("can't be fillable"), "{v}");
}

#[test]
fn in_a_real_browser_staff_pick_a_packet_and_help_file_see_notes_apart_and_get_the_zip() {
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let folder = lessons_folder();
    let s = serve(&["--lessons", folder.path().to_str().unwrap()]);
    let files = tempdir();
    let csv = write(files.path(), "group.csv", FRONT_DESK);
    browser.go(&format!("http://{}/group", s.addr));
    browser.type_into("#roster", csv.to_str().unwrap());
    browser.click("#use-packet");
    // A packet that says its rosters write dates day first sets the page so.
    let date_order_after = |packet: &str| {
        browser.run(&format!(
            "var p=document.getElementById('gpacket');p.value='{packet}';\
             p.dispatchEvent(new Event('change',{{bubbles:true}}));\
             return document.getElementById('gdate-order').value;"
        ))
    };
    assert_eq!(date_order_after("hillside.packet.toml"), "dmy");
    assert_eq!(date_order_after("example:group"), "mdy");
    browser.run(
        "var p=document.getElementById('gpacket');p.value='example:group';\
         p.dispatchEvent(new Event('change',{bubbles:true}));\
         var h=document.getElementById('help_file');h.value='riverside.help.toml';\
         h.dispatchEvent(new Event('change',{bubbles:true}));",
    );
    browser.click("#out-combined-zip");
    // The combined file is always two-sided: the page says so.
    assert_eq!(
        browser.run("var d=document.getElementById('gduplex');return d.checked && d.disabled;"),
        serde_json::Value::Bool(true)
    );
    browser.click("#check");
    assert!(
        browser.wait_for(
            "var n=document.querySelector('#report .notes');\
             return !!n && n.textContent.indexOf('Good to know') >= 0 \
             && n.textContent.indexOf('Column C (DOB)') >= 0 \
             && n.textContent.indexOf('1 client with Somali as their language') >= 0 \
             && !document.querySelector('#report .errors') \
             && !document.getElementById('make').disabled;",
            30
        ),
        "no notes: {}",
        browser.run("return document.getElementById('report').textContent;")
    );
    browser.click("#make");
    let zip = downloads.path().join("packets.zip");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let entries = loop {
        if let Ok(b) = std::fs::read(&zip)
            && zip::ZipArchive::new(std::io::Cursor::new(b.clone())).is_ok()
        {
            break unzip(b);
        }
        assert!(std::time::Instant::now() < deadline, "no packets.zip");
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert!(entries.contains_key("packets.pdf"));
    assert!(entries.contains_key("packets.manifest.csv"));
    if let Some(text) = pdf_words(&entries["packets.pdf"]) {
        assert!(text.contains("Riverside after-hours line"));
        assert!(text.contains("Compassion Group, weeks 1-2"));
        // 12/8/2026 read month first, in each client's language.
        assert!(text.contains("December 8, 2026"), "{text}");
        assert!(text.contains("8 de diciembre de 2026"), "{text}");
        assert!(!text.contains("12 de agosto"), "{text}");
    }
    // The manifest says who got which edition: the Somali client, English.
    let manifest = String::from_utf8(entries["packets.manifest.csv"].clone()).unwrap();
    let rows: Vec<&str> = manifest.lines().collect();
    assert!(
        rows[0].ends_with("language_asked,language_printed,sheets"),
        "{manifest}"
    );
    // Before the sheets count, the last column.
    let before_sheets = |row: &str| row.rsplit_once(',').unwrap().0.to_string();
    assert!(before_sheets(rows[1]).ends_with(",es,es"), "{manifest}");
    assert!(before_sheets(rows[2]).ends_with(",so,en"), "{manifest}");
    assert!(!manifest.contains("Yan"), "{manifest}");

    // In Spanish, the page's own words are Spanish.
    browser.click(".ui-lang button[data-ui=es]");
    assert!(
        browser.wait_for(
            "return document.documentElement.lang==='es' \
             && document.querySelector('h1').textContent==='Paquetes para un grupo' \
             && document.getElementById('check').textContent==='Revisar la lista' \
             && document.getElementById('make').textContent==='Hacer los paquetes' \
             && document.querySelector('label[for=use-packet]').textContent==='Un paquete';",
            15
        ),
        "the page is not in Spanish"
    );
    // And so is its report.
    browser.type_into("#roster", csv.to_str().unwrap());
    browser.click("#l-compassion-in-recovery");
    browser.click("#check");
    assert!(
        browser.wait_for(
            "var n=document.querySelector('#report .notes');\
             return !!n && n.textContent.indexOf('Para su información') >= 0 \
             && document.getElementById('report').textContent.indexOf('3 clientes') >= 0 \
             && n.textContent.indexOf('con el idioma Somali') >= 0;",
            30
        ),
        "no Spanish report: {}",
        browser.run("return document.getElementById('report').textContent;")
    );
}

#[test]
fn in_spanish_the_group_page_and_its_scripts_words_are_spanish() {
    let s = serve(&[]);
    let page = |cookie: &str| request(&s.addr, "GET", "/group", &[("Cookie", cookie)], b"").text();
    let english = page("ui=en");
    let spanish = page("ui=es");
    // The page's own words (as HTML escapes them), and those its script
    // says (in its JSON block).
    let words = [
        "A group&#39;s packets",
        "Roster (CSV, or an Excel workbook)",
        "What to print",
        "Lessons I choose",
        "How the roster writes dates",
        "Month first (12/8/2026)",
        "Your facility&#39;s help lines",
        "Name of the service",
        "What to download",
        "Fillable on a screen",
        "Check the roster",
        "Make the packets",
        "Fix before printing",
        "Good to know",
        "ready to print",
    ];
    for w in words {
        assert!(english.contains(w), "{w} is not on the English page");
        assert!(!spanish.contains(w), "{w} is on the Spanish page");
    }
    for w in [
        "Paquetes para un grupo",
        "Qué imprimir",
        "Primero el mes (12/8/2026)",
        "Revisar la lista",
        "Hacer los paquetes",
        "Corregir antes de imprimir",
        "Para su información",
    ] {
        assert!(spanish.contains(w), "{w} is not on the Spanish page");
    }
    // A lesson with a Spanish edition is listed by its Spanish title, marked
    // as Spanish; one without keeps its own, marked as its language.
    assert!(spanish.contains(
        "<label for=\"l-compassion-in-recovery\" lang=\"es\">Compasión en la recuperación</label>"
    ));
    assert!(english.contains(
        "<label for=\"l-compassion-in-recovery\" lang=\"en\">Compassion in Recovery</label>"
    ));
}

#[test]
fn in_a_real_browser_a_roster_past_the_limit_is_said_in_the_report() {
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let s = serve(&[]);
    let files = tempdir();
    // Past 10 MB: refused before it is read, with no report of its own.
    let mut big = String::from("name\n");
    while big.len() <= 11 << 20 {
        big.push_str("Zoe Quixley\n");
    }
    let csv = write(files.path(), "big.csv", &big);
    browser.go(&format!("http://{}/group", s.addr));
    browser.type_into("#roster", csv.to_str().unwrap());
    browser.click("#l-compassion-in-recovery");
    browser.click("#check");
    assert!(
        browser.wait_for(
            "var e=document.querySelector('#report .errors');\
             return !!e && e.textContent.indexOf('The roster is larger than 10 MB') >= 0 \
             && document.getElementById('make').disabled;",
            30
        ),
        "no words: {}",
        browser.run("return document.getElementById('report').textContent;")
    );
}

#[test]
fn the_report_shows_how_a_date_in_numbers_was_read_in_either_order_and_language() {
    let s = serve(&[]);
    let query = "lesson=compassion-in-recovery&output=zip";
    let notes = |q: &str, roster: &str, cookie: Option<&str>| {
        let (status, v) = check(&s, q, roster.as_bytes(), cookie);
        assert_eq!(status, 200, "{v}");
        v["notes"].to_string()
    };
    let said = notes(query, FRONT_DESK, None);
    assert!(
        said.contains("Dates in numbers are read month first: 12/8/2026 is December 8, 2026."),
        "{said}"
    );
    let said = notes(query, FRONT_DESK, Some("ui=es"));
    assert!(
        said.contains(
            "Las fechas en números se leen con el mes primero: 12/8/2026 es el 8 de diciembre de 2026."
        ),
        "{said}"
    );
    // Day first, asked for: the same roster date means 12 August.
    let said = notes(&format!("{query}&date_order=dmy"), FRONT_DESK, None);
    assert!(
        said.contains("Dates in numbers are read day first: 12/8/2026 is August 12, 2026."),
        "{said}"
    );
    // ISO dates leave nothing to say.
    let said = notes(query, "name,date\nZoe Quixley,2026-12-08\n", None);
    assert!(!said.contains("Dates in numbers"), "{said}");
}
