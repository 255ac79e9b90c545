//! How fast `handout serve`'s preview follows the form (`cargo bench --bench
//! serve`), for a five-page lesson (`calming-the-body`):
//!
//! 1. The server: a preview request (the form's fields in, every page as
//!    SVG out) over HTTP, 100 times, each with a different name.
//! 2. In a real browser (headless Chromium through chromedriver): from a
//!    keystroke in the name field to the preview showing the new name, 30
//!    times; timed inside the page (`performance.now()`, from the input
//!    event to the preview's content changing), so it includes the form's
//!    wait for typing to pause, the request, rendering and the page's update.
//!
//! 3. The lesson editor: its preview request (`POST /edit/preview`, the
//!    source as JSON, as the editor's page sends it; every page as SVG and
//!    everything `check` finds come back) for the largest built-in lesson
//!    by bytes, 100 times, each with the title one keystroke longer.
//! 4. In the browser, the editor: from a keystroke in the source to the
//!    preview showing it, 30 times (the page's wait for typing to pause
//!    included).
//!
//! Target: the preview updates within 100 ms of a keystroke. Printed, not
//! asserted: these machines are noisy.

// The tests' helpers; the bench uses only some of them.
#[allow(dead_code)]
#[path = "../tests/common/web.rs"]
mod web;
// What web.rs reports a missing browser with.
#[allow(dead_code)]
#[path = "../tests/common/skip.rs"]
mod skip;

use std::time::Instant;

use web::{Browser, form, request, serve};

const LESSON: &str = "calming-the-body";

fn summary(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<44} median {:6.1} ms   p90 {:6.1} ms   max {:6.1} ms   (n = {})",
        at(0.5),
        at(0.9),
        ms[ms.len() - 1],
        ms.len()
    );
}

/// The largest built-in lesson file, by bytes: its name and text.
fn largest_lesson() -> (String, String) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .max_by_key(|(name, text)| (text.len(), name.clone()))
        .unwrap()
}

/// The largest lesson with its title `extra` longer: a keystroke.
fn typed(text: &str, extra: &str) -> String {
    text.replacen("title = \"", &format!("title = \"{extra}"), 1)
}

fn editor_requests(s: &web::Server) {
    let (name, text) = largest_lesson();
    let mut ms = Vec::new();
    let mut pages = 0;
    for i in 0..100 {
        let source = typed(&text, &"x".repeat(i % 20 + 1));
        let body = serde_json::json!({ "name": name, "source": source }).to_string();
        let t = Instant::now();
        let r = request(
            &s.addr,
            "POST",
            "/edit/preview",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        );
        ms.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(r.status, 200);
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        pages = v["pages"].as_array().unwrap().len();
    }
    println!("editor: {name} ({} bytes, {pages} pages)", text.len());
    summary("server: editor preview request", ms);
}

fn editor_in_browser(b: &Browser, s: &web::Server) {
    let (name, _) = largest_lesson();
    let id = name.split('.').next().unwrap();
    let lang = name.split('.').nth(1).filter(|l| *l != "toml");
    let query = lang.map_or(String::new(), |l| format!("?lang={l}"));
    b.go(&format!("http://{}/edit/{id}{query}", s.addr));
    assert!(b.wait_for(
        "return document.querySelectorAll('#preview svg').length > 0;",
        20
    ));
    let mut ms = Vec::new();
    for i in 0..30 {
        let mark = format!("Ý{i}");
        b.run(&format!(
            "var p=document.getElementById('preview'); window.__done=null; \
             var o=new MutationObserver(function(){{ \
               var t=Array.prototype.map.call(p.querySelectorAll('text'), \
                 function(e){{return e.textContent;}}).join(' '); \
               if(window.__done===null && t.indexOf({mark:?})>=0){{ \
                 window.__done=performance.now()-window.__t0; o.disconnect(); }} }}); \
             o.observe(p,{{childList:true}}); \
             var s=document.getElementById('source'); \
             s.value=s.value.replace(/title = \"[^\"]*/, 'title = \"'+{mark:?}); \
             window.__t0=performance.now(); \
             s.dispatchEvent(new Event('input',{{bubbles:true}}));"
        ));
        assert!(b.wait_for("return window.__done !== null;", 20));
        ms.push(b.run("return window.__done;").as_f64().unwrap());
    }
    summary("browser: editor keystroke to preview shown", ms);
}

fn main() {
    let s = serve(&[]);
    editor_requests(&s);
    let path = format!("/lessons/{LESSON}/preview");
    let pages = request(&s.addr, "POST", &path, &[], &form(&[("name", "A")]))
        .text()
        .matches("<figure class=\"page\">")
        .count();
    println!("{LESSON}: {pages} pages");
    let mut server = Vec::new();
    for i in 0..100 {
        let name = format!("Client Number {i} Nguyễn");
        let body = form(&[("name", &name), ("date", "2026-12-03")]);
        let t = Instant::now();
        let r = request(&s.addr, "POST", &path, &[], &body);
        server.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(r.status, 200);
    }
    summary("server: preview request, all pages", server);

    let downloads = std::env::temp_dir();
    let Some(b) = Browser::start(&downloads) else {
        println!("browser: chromium or chromedriver missing; not measured");
        return;
    };
    b.go(&format!("http://{}/lessons/{LESSON}", s.addr));
    assert!(b.wait_for(
        "return document.querySelectorAll('#preview figure').length > 0;",
        20
    ));
    let mut browser = Vec::new();
    for i in 0..30 {
        let name = format!("Hương {i}");
        b.run(&format!(
            "var p=document.getElementById('preview'); window.__done=null; \
             var o=new MutationObserver(function(){{ \
               var t=Array.prototype.map.call(p.querySelectorAll('text'), \
                 function(e){{return e.textContent;}}).join(' '); \
               if(window.__done===null && t.indexOf({name:?})>=0){{ \
                 window.__done=performance.now()-window.__t0; o.disconnect(); }} }}); \
             o.observe(p,{{childList:true}}); \
             var n=document.getElementById('name'); n.value={name:?}; \
             window.__t0=performance.now(); \
             n.dispatchEvent(new Event('input',{{bubbles:true}}));"
        ));
        assert!(b.wait_for("return window.__done !== null;", 20));
        browser.push(b.run("return window.__done;").as_f64().unwrap());
    }
    summary("browser: keystroke to preview shown", browser);
    editor_in_browser(&b, &s);
}
