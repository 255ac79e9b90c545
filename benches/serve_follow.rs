//! How fast `handout serve --lessons DIR` follows its folder (`cargo bench
//! --bench serve_follow`), with the built-in lessons and 20 lessons in the
//! folder:
//!
//! 1. Start: from the process starting to its address, both read whole.
//! 2. One lesson saved as editors save (a temporary file renamed over it),
//!    30 times with a new title each: the server's own reading of the save
//!    (its `read again: … (N ms …)` line: the folder stamped, the one file
//!    read, its entry and thumbnail made, the group page's shelves read),
//!    and, over HTTP, from the rename to the gallery showing the new title
//!    (the watcher's 150 ms wait for the save to settle included; a page
//!    asks every 500 ms on top of this).
//!
//! Target: a page follows a save within a second. Printed, not asserted:
//! these machines are noisy.

// The tests' helpers; the bench uses only some of them.
#[allow(dead_code)]
#[path = "../tests/common/web.rs"]
mod web;
// What web.rs reports a missing browser with.
#[allow(dead_code)]
#[path = "../tests/common/skip.rs"]
mod skip;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use web::request;

fn summary(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<52} median {:6.1} ms   p90 {:6.1} ms   max {:6.1} ms   (n = {})",
        at(0.5),
        at(0.9),
        ms[ms.len() - 1],
        ms.len()
    );
}

fn lesson(title: &str) -> String {
    format!(
        "title = \"{title}\"\nsummary = \"Slow breaths for a hard moment.\"\n\n\
         [checklist]\nitems = [\"Sit down\", \"Breathe out slowly\", \"Name five things you see\"]\n\n\
         [plan]\ntitle = \"Write it down\"\nlines = 3\nprompts = [\"What helps?\", \"Who can I call?\"]\n"
    )
}

fn save_by_rename(path: &Path, text: &str) {
    let tmp = path.with_extension("toml.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn generation(addr: &str) -> String {
    request(addr, "GET", "/changes", &[], b"").text()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20 {
        let name = format!("lesson-{i:02}.toml");
        std::fs::write(dir.path().join(name), lesson(&format!("Lesson {i}"))).unwrap();
    }
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(["serve", "--port", "0", "--lessons"])
        .arg(dir.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("handout serve starts");
    let (tx, lines) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait = Duration::from_secs(20);
    let addr = loop {
        let line = lines.recv_timeout(wait).expect("serve says where it is");
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    println!(
        "start: built-in lessons and 20 folder lessons read: {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let file = dir.path().join("lesson-07.toml");
    let (mut reading, mut shown) = (Vec::new(), Vec::new());
    for i in 0..30 {
        let title = format!("Followed Title {i}");
        let before = generation(&addr);
        let t = Instant::now();
        save_by_rename(&file, &lesson(&title));
        while generation(&addr) == before {
            assert!(t.elapsed() < wait, "the save was never read");
            std::thread::sleep(Duration::from_millis(2));
        }
        let page = request(&addr, "GET", "/", &[], b"").text();
        shown.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(page.contains(&title));
        let said = loop {
            let line = lines
                .recv_timeout(wait)
                .expect("the server says what it read");
            if line.starts_with("read again:") {
                break line;
            }
        };
        let ms = said
            .split(" (")
            .nth(1)
            .and_then(|r| r.split(" ms").next())
            .and_then(|n| n.parse::<f64>().ok())
            .unwrap_or_else(|| panic!("no time in {said:?}"));
        reading.push(ms);
    }
    summary("server: one save read again (its own count)", reading);
    summary("a save to the gallery's new title, over HTTP", shown);
    let _ = child.kill();
    let _ = child.wait();
}
