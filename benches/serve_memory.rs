//! Peak memory of `handout serve` under the uploads issue 31 tried
//! (`cargo bench --bench serve_memory`): a 50,000-row roster checked and
//! started (both refused at the 2,000-client cap), then 2,000-client runs as
//! a ZIP and as one combined file; then, each on a fresh server, four ZIP
//! runs of 2,000 at once (the most the app holds), and the smaller caps
//! that might fit (two of 2,000, four and three of 1,000), all waiting in
//! memory to be downloaded: a finished run's packets are never written to
//! disk. The packets held or being made share a byte budget (192 MiB), so
//! some of those runs are refused: the runs refused are counted. Memory is
//! the server's peak resident set (`VmHWM` in `/proc/PID/status`, Linux
//! only) after each step, against the 300 MB target, with the bytes held.
//! Printed, not asserted.

// The tests' helpers; the bench uses only some of them.
#[allow(dead_code)]
#[path = "../tests/common/web.rs"]
mod web;
// What web.rs reports a missing browser with.
#[allow(dead_code)]
#[path = "../tests/common/skip.rs"]
mod skip;

use std::time::{Duration, Instant};

use web::{Server, request, serve};

const LESSONS: &str = "lesson=compassion-in-recovery&lesson=calming-the-body";

fn roster(n: usize) -> Vec<u8> {
    let mut csv = String::from("name,id\n");
    for i in 0..n {
        csv.push_str(&format!("Trần Văn {i},c-{i:05}\n"));
    }
    csv.into_bytes()
}

/// The server's peak resident set so far, in MB.
fn peak_mb(s: &Server) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", s.pid())).ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn report(s: &Server, step: &str, t: Instant) {
    match peak_mb(s) {
        Some(mb) => println!(
            "{step:<58} peak {mb:7.1} MB  (target 300)  {:6.1} s",
            t.elapsed().as_secs_f64()
        ),
        None => println!("{step:<58} peak not readable here"),
    }
}

fn start(s: &Server, query: &str, body: &[u8]) -> Option<String> {
    let r = request(
        &s.addr,
        "POST",
        &format!("/group/start?{query}"),
        &[("Content-Type", "text/csv")],
        body,
    );
    let v: serde_json::Value = serde_json::from_slice(&r.body).ok()?;
    v["token"].as_str().map(str::to_string)
}

/// Wait for a run: true when its packets are ready, false when it was
/// refused (too large to hold).
fn wait(s: &Server, token: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(1800);
    loop {
        let r = request(&s.addr, "GET", &format!("/group/{token}"), &[], b"");
        let v: serde_json::Value = serde_json::from_slice(&r.body).expect("progress");
        if v["too_large"] == true {
            return false;
        }
        assert!(v["problem"].is_null(), "{v}");
        if v["ready"] == true {
            return true;
        }
        assert!(Instant::now() < deadline, "a run never finished");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn main() {
    let s = serve(&[]);
    let t = Instant::now();
    request(&s.addr, "GET", "/", &[], b"");
    report(&s, "started, gallery served", t);

    let hostile = roster(50_000);
    let t = Instant::now();
    let r = request(
        &s.addr,
        "POST",
        &format!("/group/check?{LESSONS}"),
        &[("Content-Type", "text/csv")],
        &hostile,
    );
    assert_eq!(r.status, 422);
    report(&s, "50,000 rows checked (refused)", t);
    let t = Instant::now();
    assert!(start(&s, LESSONS, &hostile).is_none());
    report(&s, "50,000 rows started (refused)", t);

    let day = roster(2_000);
    for output in ["zip", "combined"] {
        let t = Instant::now();
        let token = start(&s, &format!("{LESSONS}&output={output}"), &day).expect("started");
        assert!(wait(&s, &token), "one run of 2,000 refused");
        report(&s, &format!("2,000 clients, {output}, made, waiting"), t);
        let file = request(&s.addr, "GET", &format!("/group/{token}/file"), &[], b"");
        assert_eq!(file.status, 200);
        report(
            &s,
            &format!(
                "2,000 clients, {output}, downloaded ({:.0} MB)",
                file.body.len() as f64 / 1e6
            ),
            t,
        );
    }

    drop(s);

    // The most the app holds, and the smaller caps that might fit the
    // target: each on a fresh server, as the peak only grows.
    for (runs, clients) in [(4, 2_000), (2, 2_000), (4, 1_000), (3, 1_000)] {
        held_at_once(runs, clients);
    }
}

/// `runs` ZIP runs of `clients` each, started at once, all finished and
/// waiting in memory, then downloaded.
fn held_at_once(runs: usize, clients: usize) {
    let s = serve(&[]);
    request(&s.addr, "GET", "/", &[], b"");
    let roster = roster(clients);
    let t = Instant::now();
    let tokens: Vec<String> = (0..runs)
        .map(|_| start(&s, &format!("{LESSONS}&output=zip"), &roster).expect("started"))
        .collect();
    let ready: Vec<&String> = tokens.iter().filter(|token| wait(&s, token)).collect();
    let step = format!("{runs} runs of {clients} clients at once (fresh server)");
    report(
        &s,
        &format!("{step}, {} refused, the rest waiting", runs - ready.len()),
        t,
    );
    let held: usize = ready
        .iter()
        .map(|token| {
            let file = request(&s.addr, "GET", &format!("/group/{token}/file"), &[], b"");
            assert_eq!(file.status, 200);
            file.body.len()
        })
        .sum();
    report(
        &s,
        &format!("  downloaded ({:.0} MB had waited)", held as f64 / 1e6),
        t,
    );
}
