//! The app's own words in English and Spanish: chosen by the browser's
//! `Accept-Language`, or by the switch in the page's bar, which the app
//! remembers from page to page.

mod common;

use common::web::*;
use common::*;

fn nav(html: &str) -> String {
    let start = html.find("<nav").expect("a nav bar");
    let end = html[start..].find("</nav>").unwrap() + start;
    html[start..end].to_string()
}

#[test]
fn the_browsers_language_picks_the_apps_words_and_the_switch_overrides_it() {
    let s = serve(&[]);
    let page = |headers: &[(&str, &str)]| request(&s.addr, "GET", "/", headers, b"").text();

    let english = page(&[]);
    assert!(english.contains("<html lang=\"en\">"), "{english}");
    assert!(nav(&english).contains(">Lessons<"), "{}", nav(&english));

    let spanish = page(&[("Accept-Language", "es-MX,es;q=0.9,en;q=0.5")]);
    assert!(spanish.contains("<html lang=\"es\">"));
    assert!(nav(&spanish).contains(">Lecciones<"), "{}", nav(&spanish));
    assert!(!nav(&spanish).contains(">Lessons<"));

    // The switch's cookie wins over the browser's language, both ways.
    let chosen = page(&[("Accept-Language", "es"), ("Cookie", "ui=en")]);
    assert!(nav(&chosen).contains(">Lessons<"));
    let chosen = page(&[("Accept-Language", "en-US"), ("Cookie", "ui=es")]);
    assert!(nav(&chosen).contains(">Lecciones<"));

    // A page that isn't there says so in the language chosen.
    let missing = request(
        &s.addr,
        "GET",
        "/lessons/nothing-here",
        &[("Cookie", "ui=es")],
        b"",
    );
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Esa lección no existe"));
}

#[test]
fn in_a_real_browser_the_switch_changes_the_apps_words_and_is_remembered() {
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let s = serve(&[]);
    browser.go(&format!("http://{}/", s.addr));
    let nav_says = |word: &str| {
        format!("return document.querySelector('nav').textContent.indexOf(\"{word}\") >= 0;")
    };
    assert!(browser.wait_for(&nav_says("Lessons"), 10));
    browser.click(".ui-lang button[data-ui=es]");
    assert!(
        browser.wait_for(&nav_says("Lecciones"), 10),
        "the switch changed nothing"
    );
    assert!(browser.wait_for("return document.documentElement.lang === 'es';", 5));
    // Another page, opened afterwards, is in Spanish too.
    browser.go(&format!("http://{}/group", s.addr));
    assert!(browser.wait_for(&nav_says("Paquetes para un grupo"), 10));
    browser.click(".ui-lang button[data-ui=en]");
    assert!(browser.wait_for(&nav_says("A group's packets"), 10));
}

/// A client's name, for the form.
const NAME: &str = "José Núñez";

/// A lesson with an edition in English and Spanish and scenarios to choose.
const LESSON: &str = "compassion-in-recovery";

/// A page cut into what a person reads: the text between its tags and the
/// names its `aria-label`s give, entities read back, each piece trimmed.
/// Elements marked with a `lang` of their own (a lesson's title, its
/// scenarios, a language's own name) hold the lesson's words, not the
/// app's: they are left out, and returned apart.
fn read_page(html: &str) -> (Vec<String>, Vec<String>) {
    let mut html = html.to_string();
    // Script and style are no words on the page.
    for tag in ["script", "style"] {
        while let Some(start) = html.find(&format!("<{tag}")) {
            let end = html[start..].find(&format!("</{tag}>")).unwrap() + start;
            html.replace_range(start..end + tag.len() + 3, "");
        }
    }
    let mut lesson = Vec::new();
    let body = html.find("<head").unwrap();
    while let Some(at) = html[body..].find(" lang=\"").map(|i| i + body) {
        let start = html[..at].rfind('<').unwrap();
        let name: String = html[start + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        // Its end: the close tag that balances it.
        let (mut depth, mut i) = (0, start);
        let end = loop {
            let next_open = html[i + 1..].find(&format!("<{name}")).map(|k| k + i + 1);
            let next_close = html[i + 1..].find(&format!("</{name}>")).unwrap() + i + 1;
            match next_open {
                Some(o) if o < next_close => {
                    depth += 1;
                    i = o;
                }
                _ if depth > 0 => {
                    depth -= 1;
                    i = next_close;
                }
                _ => break next_close + name.len() + 3,
            }
        };
        lesson.extend(texts(&html[start..end]));
        html.replace_range(start..end, "<removed>");
    }
    (texts(&html), lesson)
}

fn texts(html: &str) -> Vec<String> {
    let decode = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
            .trim()
            .to_string()
    };
    let mut out = Vec::new();
    for piece in html.split('<').skip(1) {
        let (tag, text) = piece.split_once('>').unwrap_or((piece, ""));
        out.push(decode(text));
        if let Some(label) = tag.split("aria-label=\"").nth(1) {
            out.push(decode(label.split('"').next().unwrap()));
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

/// What an English page says that a Spanish one must not: its every piece
/// of text but the lesson's own words (and anything holding them, like a
/// page title made of the lesson's), the names of the app, a command, a
/// paper size and a lesson file, and pieces of no letters.
fn english_only(english: &str) -> Vec<String> {
    let (pieces, lesson) = read_page(english);
    pieces
        .into_iter()
        .filter(|p| !lesson.iter().any(|l| p.contains(l.as_str())))
        .filter(|p| !["handout", "handout check", "A4"].contains(&p.as_str()))
        .filter(|p| !p.ends_with(".toml"))
        .filter(|p| p.chars().any(char::is_alphabetic))
        .collect()
}

/// Whether `needle` is in `hay` as whole words: "Edit" is not in
/// "Editar", which is Spanish.
fn contains_whole(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn assert_no_english(english: &str, spanish: &str, what: &str) {
    assert!(spanish.contains("<html lang=\"es\">"), "{what}");
    let wanted = english_only(english);
    assert!(wanted.len() > 10, "{what}: only {wanted:?}");
    let said = read_page(spanish).0.join("\n");
    let left: Vec<&String> = wanted.iter().filter(|w| contains_whole(&said, w)).collect();
    assert!(
        left.is_empty(),
        "{what} in Spanish still says {left:?}:\n{said}"
    );
}

#[test]
fn a_spanish_page_has_no_english_but_the_lessons_own_words() {
    // A facility lesson that can't print, for the gallery's note on it.
    let dir = tempdir();
    let huge = format!(
        "title = \"Huge\"\nsummary = \"Short.\"\n\n[plan]\ntitle = \"Write\"\nlines = 30\nprompts = [{}]\n",
        vec!["\"a\""; 5_000].join(",")
    );
    std::fs::write(dir.path().join("huge.toml"), huge).unwrap();
    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    let get = |path: &str, ui: &str| {
        let r = request(
            &s.addr,
            "GET",
            path,
            &[("Cookie", &format!("ui={ui}"))],
            b"",
        );
        assert_eq!(r.status, 200, "{path}");
        r.text()
    };

    let (en, es) = (get("/", "en"), get("/", "es"));
    assert!(en.contains("Lessons that can't print"), "{en}");
    assert!(en.contains(">Substance use</h2>"), "{en}");
    assert_no_english(&en, &es, "the gallery");
    assert!(es.contains(">Consumo de sustancias</h2>"), "{es}");
    assert!(es.contains("Lecciones que no se pueden imprimir"));
    assert!(es.contains("<code>handout check</code> muestra dónde"));

    let form = format!("/lessons/{LESSON}");
    let (en, es) = (get(&form, "en"), get(&form, "es"));
    assert!(
        en.contains("Client's name") && en.contains("Practice scenarios"),
        "{en}"
    );
    assert_no_english(&en, &es, "the form");
    assert!(es.contains(">Nombre del cliente<"), "{es}");
    // The lesson's own words stay in the lesson's language, marked so.
    assert!(es.contains("<h1 lang=\"en\">"), "{es}");
    assert!(es.contains(">Shame after a craving<"), "{es}");
    // And its Spanish edition, in a Spanish app, is Spanish through.
    let both = get(&format!("{form}?lang=es"), "es");
    assert!(both.contains("<h1 lang=\"es\">"), "{both}");
}

#[test]
fn the_lesson_editor_in_spanish_has_no_english_but_the_lessons_own_words() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("calma.toml"),
        "title = \"Calm\"\nsummary = \"Breathe.\"\n",
    )
    .unwrap();
    let s = serve(&["--lessons", dir.path().to_str().unwrap()]);
    let get = |path: &str, ui: &str| {
        let r = request(
            &s.addr,
            "GET",
            path,
            &[("Cookie", &format!("ui={ui}"))],
            b"",
        );
        assert_eq!(r.status, 200, "{path}");
        r.text()
    };
    for path in [
        &format!("/edit/{LESSON}")[..],
        "/edit/calma.toml",
        "/edit/new",
        "/edit/new?title=Calma",
    ] {
        let (en, es) = (get(path, "en"), get(path, "es"));
        assert_no_english(&en, &es, path);
    }
    let files = get("/edit", "es");
    assert!(files.contains(">Archivos de lecciones</h1>"), "{files}");
    assert!(!files.contains("Lesson files") && !files.contains("New lesson"));
    // What the editor finds, in the app's words around the checker's own.
    let body = serde_json::json!({
        "name": "calma.toml",
        "source": "title = \"Calm\"\ncolour = 1\nsummary = \"Breathe.\"\n",
    })
    .to_string();
    let r = request(
        &s.addr,
        "POST",
        "/edit/preview",
        &[("Cookie", "ui=es"), ("Content-Type", "application/json")],
        body.as_bytes(),
    );
    let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(v["findings"][0]["place"], "Línea 2, columna 1", "{v}");
    let saved = request(
        &s.addr,
        "POST",
        "/edit/save",
        &[("Cookie", "ui=es"), ("Content-Type", "application/json")],
        serde_json::json!({ "name": "calma.toml", "source": "x", "version": "0-0" })
            .to_string()
            .as_bytes(),
    );
    assert_eq!(saved.status, 409);
    assert!(
        saved.text().contains("cambió en el disco"),
        "{}",
        saved.text()
    );
}

#[test]
fn the_forms_problems_and_its_preview_come_in_the_apps_language() {
    let s = serve(&[]);
    let preview = |ui: &str, fields: &[(&str, &str)]| {
        request(
            &s.addr,
            "POST",
            &format!("/lessons/{LESSON}/preview"),
            &[("Cookie", &format!("ui={ui}"))],
            &form(fields),
        )
    };
    let message = |r: &Reply, field: &str| {
        assert_eq!(r.status, 422, "{}", r.text());
        let list: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == field)
            .unwrap_or_else(|| panic!("no {field} in {list}"))["message"]
            .as_str()
            .unwrap()
            .to_string()
    };

    let bad_date = [("name", NAME), ("date", "the 8th")];
    assert_eq!(
        message(&preview("en", &bad_date), "date"),
        "Write the date like 12/31/2026 or 2026-12-31, or leave it empty."
    );
    assert_eq!(
        message(&preview("es", &bad_date), "date"),
        "Escriba la fecha así: 12/31/2026 o 2026-12-31, o déjela vacía."
    );

    let long = "ñ".repeat(400);
    let r = preview("es", &[("name", &long), ("scenario", "no-such-one")]);
    let name = message(&r, "name");
    assert!(
        name.starts_with("El nombre del cliente tiene 400 caracteres; puede tener"),
        "{name}"
    );
    assert!(!r.text().contains(&long));
    assert_eq!(
        message(&r, "scenario"),
        "Esa situación no está en esta lección; vuelva a cargar la página."
    );

    // A letter no font has: by its code point, in Spanish.
    let r = preview("es", &[("clinician", "Dr. \u{F0000}")]);
    let clinician = message(&r, "clinician");
    assert!(
        clinician.starts_with("El nombre del profesional clínico tiene una letra")
            && clinician.contains("U+F0000"),
        "{clinician}"
    );

    // Pages past the limit: a lesson's own, at the size chosen.
    let dir = tempdir();
    std::fs::write(dir.path().join("long.toml"), long_lesson(40)).unwrap();
    let s2 = serve(&["--lessons", dir.path().to_str().unwrap()]);
    let r = request(
        &s2.addr,
        "POST",
        "/lessons/long/preview",
        &[("Cookie", "ui=es")],
        &form(&[("large_print", "on"), ("paper", "a4")]),
    );
    assert_eq!(
        message(&r, "form"),
        "Esta lección no se puede imprimir aquí: tendría más de 60 páginas (A4, letra grande). \
         Pruebe con otro papel u otro tamaño de letra, o pida a la persona encargada de las \
         lecciones que la divida."
    );

    // The preview's captions.
    let r = preview("es", &[("name", NAME)]);
    assert_eq!(r.status, 200);
    assert!(
        r.text().contains("<figcaption>Página 1 de "),
        "{}",
        r.text()
    );
    // (The page's own footer is the worksheet's, in the lesson's language.)
    assert!(!r.text().contains("<figcaption>Page"));
}

#[test]
fn the_apps_refusals_a_person_may_see_are_in_their_language() {
    let s = serve(&[]);
    let elsewhere = request(
        &s.addr,
        "GET",
        "/",
        &[("Host", "example.com"), ("Accept-Language", "es")],
        b"",
    );
    assert_eq!(elsewhere.status, 403);
    assert_eq!(
        elsewhere.text(),
        "handout solo responde a sus propias páginas en esta computadora\n"
    );
    let big = "x".repeat(40 * 1024);
    let too_big = request(
        &s.addr,
        "GET",
        "/",
        &[("X-Filler", &big), ("Cookie", "ui=es")],
        b"",
    );
    assert_eq!(too_big.status, 431);
    assert!(
        too_big.text().contains("demasiado grandes"),
        "{}",
        too_big.text()
    );

    // A roster past 10 MB: told as the group page shows a roster's
    // problems, not in the web library's own English.
    let roster = vec![b'a'; 11 * 1024 * 1024];
    for (ui, words) in [
        ("en", "The roster is larger than 10 MB."),
        ("es", "La lista de clientes pesa más de 10 MB."),
    ] {
        let r = request(
            &s.addr,
            "POST",
            "/group/check?lesson=compassion-in-recovery",
            &[
                ("Cookie", &format!("ui={ui}")),
                ("Content-Type", "text/csv"),
            ],
            &roster,
        );
        assert_eq!(r.status, 413);
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        let said = v["problems"][0].as_str().unwrap();
        assert!(said.starts_with(words), "{said}");
    }
}

#[test]
fn in_a_real_browser_the_form_switches_to_spanish_keeping_what_was_typed() {
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let s = serve(&[]);
    browser.go(&format!("http://{}/lessons/{LESSON}", s.addr));
    assert!(browser.wait_for(
        "return document.querySelectorAll('#preview figure').length >= 2;",
        15
    ));
    browser.type_into("#name", NAME);
    browser.click("#sc-craving");
    browser.click(".ui-lang button[data-ui=es]");
    let switched = format!(
        "return document.documentElement.lang === 'es' \
         && document.querySelector('label[for=name]').textContent === 'Nombre del cliente' \
         && document.getElementById('download').textContent === 'Descargar PDF' \
         && document.getElementById('name').value === {NAME:?} \
         && document.getElementById('sc-craving').checked;"
    );
    assert!(
        browser.wait_for(&switched, 15),
        "the labels did not change, or the form lost what was typed"
    );
    // The preview still follows the form, captioned in Spanish.
    let shown = format!(
        "var t=Array.prototype.map.call(document.querySelectorAll('#preview text'), \
         function(e){{return e.textContent;}}).join(' '); \
         var c=document.querySelector('#preview figcaption'); \
         return t.indexOf({NAME:?}) >= 0 && t.indexOf('A mistake after a conflict') < 0 \
         && c !== null && c.textContent.indexOf('Página 1 de') === 0;"
    );
    assert!(browser.wait_for(&shown, 15), "no preview after the switch");
    // A bad date is told in Spanish beside its field.
    browser.run(
        "var d=document.getElementById('date'); d.type='text'; d.value='x'; \
                 d.dispatchEvent(new Event('input', {bubbles: true}));",
    );
    assert!(browser.wait_for(
        "return document.getElementById('date-error').textContent.indexOf('Escriba la fecha') === 0;",
        15
    ));
    browser.run(
        "var d=document.getElementById('date'); d.value=''; \
                 d.dispatchEvent(new Event('input', {bubbles: true}));",
    );
    assert!(browser.wait_for(
        "return document.getElementById('date-error').textContent === '';",
        15
    ));

    browser.click("#download");
    let pdf = wait_for_download(&downloads.path().join(format!("{LESSON}.pdf")));
    if let Some(text) = words(&pdf) {
        assert!(text.contains(NAME), "{text}");
        assert!(text.contains("Shame after a craving"));
        assert!(!text.contains("A mistake after a conflict"));
    }
}

/// Regression: at a phone's width the bar's Spanish words pushed the
/// language switch off the right of the screen.
#[test]
fn in_a_real_browser_the_spanish_pages_fit_a_laptop_and_a_phone() {
    let downloads = tempdir();
    let Some(browser) = Browser::start(downloads.path()) else {
        return;
    };
    let s = serve(&[]);
    browser.go(&format!("http://{}/", s.addr));
    browser.click(".ui-lang button[data-ui=es]");
    assert!(browser.wait_for("return document.documentElement.lang === 'es';", 10));
    // Nothing wider than the window, and every control of the bar and the
    // form inside it.
    let fits = "var w=document.documentElement.clientWidth; \
        if(document.documentElement.scrollWidth > w) return false; \
        return Array.prototype.every.call(document.querySelectorAll( \
        '.bar a, .bar button, .bar span, main h1, main p, main label, main button, main input'), \
        function(e){var r=e.getBoundingClientRect(); return r.left >= 0 && r.right <= w + 0.5;});";
    for (width, height) in [(1280, 800), (390, 844), (320, 640)] {
        browser.resize(width, height);
        for page in ["/".to_string(), format!("/lessons/{LESSON}")] {
            browser.go(&format!("http://{}{page}", s.addr));
            assert!(browser.wait_for("return document.documentElement.lang === 'es';", 10));
            assert!(
                browser.wait_for(fits, 5),
                "{page} overflows at {width} pixels"
            );
        }
    }
}
