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
    assert!(missing.text().contains("No hay tal lección"));
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
