//! Peak memory of reading hostile rosters (`cargo bench --bench rosters`).
//!
//! Issue 31: one roster file, whatever it claims or holds, may not take
//! the machine down. Each case is a file built here (or a small fixture),
//! handed to the release binary's `check` and `batch` as staff would, and
//! uploaded to a fresh `handout serve`'s group check as the front desk
//! would; we report the exit code (the app's HTTP status), wall time and
//! the process's peak resident memory (from the kernel: wait4, or the
//! server's VmHWM) against the target: under 300 MB for any single roster
//! file. Figures are printed, not asserted: memory and time
//! checks don't belong in tests (tests/hostile.rs checks the errors).

#[allow(dead_code)]
#[path = "../tests/common/workbook.rs"]
mod workbook;
// The tests' helpers for the web app; the bench uses two.
#[allow(dead_code)]
#[path = "../tests/common/web.rs"]
mod web;
// What web.rs reports a missing browser with.
#[allow(dead_code)]
#[path = "../tests/common/skip.rs"]
mod skip;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use workbook::{Sheet, cell, ods, ods_row, xlsx};

const TARGET_MB: f64 = 300.0;

/// Run the command; its exit code, wall seconds and peak resident memory
/// in MB.
// The child is reaped by wait4, which std's `wait` can't replace: only
// wait4 reports the child's peak memory.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> (i32, f64, f64) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting on our own child, whose pid we hold and have not
    // waited on by any other means.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    assert_eq!(pid, child.id() as i32);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    // ru_maxrss is in kilobytes on Linux.
    (code, wall, usage.ru_maxrss as f64 / 1024.0)
}

/// A fresh `handout serve` checks `roster` for the group page: the HTTP
/// status, wall seconds, and the server's peak resident memory in MB.
fn upload(roster: &[u8]) -> (i32, f64, f64) {
    let s = web::serve(&[]);
    let start = Instant::now();
    let r = web::request(
        &s.addr,
        "POST",
        "/group/check?lesson=compassion-in-recovery",
        &[("Content-Type", "application/octet-stream")],
        roster,
    );
    let wall = start.elapsed().as_secs_f64();
    let status = fs::read_to_string(format!("/proc/{}/status", s.pid())).unwrap();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    (i32::from(r.status), wall, kb / 1024.0)
}

/// A sheet of `rows` rows under a header of `columns` columns, each row
/// with a name only: the most text and cell map a sheet within the limits
/// can make.
fn wide(rows: usize, columns: u32) -> Vec<u8> {
    let letters = |mut c: u32| {
        let mut out = Vec::new();
        loop {
            out.push(b'A' + (c % 26) as u8);
            if c < 26 {
                break;
            }
            c = c / 26 - 1;
        }
        out.reverse();
        String::from_utf8(out).unwrap()
    };
    let mut data = String::from("<row r=\"1\">");
    data.push_str(&cell("A1", "name"));
    for c in 1..columns {
        data.push_str(&cell(&format!("{}1", letters(c)), &format!("extra {c}")));
    }
    data.push_str("</row>");
    for r in 2..rows + 2 {
        data.push_str(&format!(
            "<row r=\"{r}\">{}</row>",
            cell(&format!("A{r}"), &format!("Client {r}"))
        ));
    }
    xlsx(
        &[Sheet {
            name: "Clients".into(),
            state: "visible",
            data,
        }],
        &[],
    )
}

/// The hostile files of issue 31 (and two big honest ones): what each
/// case is, and its file.
const CASES: [(&str, &str); 12] = [
    ("far cell (XFD1048576)", "far.xlsx"),
    ("one part unpacks to 45 MB", "bomb.xlsx"),
    ("parts unpack to 120 MB", "bombs.xlsx"),
    ("1 MB string in 50,000 cells", "long.xlsx"),
    ("ods: 98M repeated cells", "bomb.ods"),
    ("xls: far cell (IV65536)", "far-cell.xls"),
    ("no header row", "no-header.csv"),
    ("hidden first sheet", "hidden.xlsx"),
    ("error cell (#DIV/0!)", "error.xlsx"),
    ("comma-shifted row", "shifted.csv"),
    ("50,000 rows x 100 columns", "wide.xlsx"),
    ("50,000 honest rows", "honest.xlsx"),
];

/// The file of a case.
fn build(name: &str, root: &Path) -> Vec<u8> {
    let clients = || Sheet::rows("Clients", &[&["name", "id"], &["Ana Ruiz", "c-1"]]);
    match name {
        "far.xlsx" => {
            let mut far = clients();
            far.data.push_str(&format!(
                "<row r=\"1048576\">{}</row>",
                cell("XFD1048576", "x")
            ));
            xlsx(&[far], &[])
        }
        "bomb.xlsx" => {
            let mut blanks =
                b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                    .to_vec();
            blanks.resize(45 << 20, b' ');
            xlsx(&[clients()], &[("xl/sharedStrings.xml", &blanks)])
        }
        "bombs.xlsx" => {
            let part = vec![b' '; 30 << 20];
            let junk: Vec<String> = (0..4).map(|i| format!("xl/media/junk{i}.bin")).collect();
            let junk: Vec<(&str, &[u8])> = junk.iter().map(|n| (n.as_str(), &part[..])).collect();
            xlsx(&[clients()], &junk)
        }
        "long.xlsx" => {
            let long = format!(
                "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>name</t></si><si><t>{}</t></si></sst>",
                "y".repeat(1_000_000)
            );
            let mut every = String::from("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>");
            for r in 2..50_000 {
                every.push_str(&format!(
                    "<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>1</v></c></row>"
                ));
            }
            let sheet = Sheet {
                name: "Clients".into(),
                state: "visible",
                data: every,
            };
            xlsx(&[sheet], &[("xl/sharedStrings.xml", long.as_bytes())])
        }
        "bomb.ods" => ods(&format!(
            "<table:table table:name=\"Clients\">{}\
             <table:table-row table:number-rows-repeated=\"6000\">\
             <table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\">\
             <text:p>x</text:p></table:table-cell></table:table-row></table:table>",
            ods_row(&["name"])
        )),
        "far-cell.xls" => fs::read(root.join("tests/fixtures/rosters/far-cell.xls")).unwrap(),
        "no-header.csv" => b"Zqx Alice,c-1,2026-11-22\nZqx Bo,c-2,2026-11-22\n".to_vec(),
        "hidden.xlsx" => xlsx(
            &[
                Sheet::rows("Old", &[&["name"], &["Zqx Former"]]).state("hidden"),
                clients(),
            ],
            &[],
        ),
        "error.xlsx" => xlsx(&[Sheet::rows("Clients", &[&["name"], &["#DIV/0!"]])], &[]),
        "shifted.csv" => b"name,id,clinician\nSmith, Alice,Dr Zq\n".to_vec(),
        "wide.xlsx" => wide(50_000, 100),
        _ => {
            let rows: Vec<Vec<String>> =
                std::iter::once(vec!["name".into(), "id".into(), "date".into()])
                    .chain((0..50_000).map(|i| {
                        vec![format!("Client {i}"), format!("c-{i}"), "2026-11-22".into()]
                    }))
                    .collect();
            let rows: Vec<Vec<&str>> = rows
                .iter()
                .map(|r| r.iter().map(String::as_str).collect())
                .collect();
            let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
            xlsx(&[Sheet::rows("Clients", &rows)], &[])
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The files are made by a child of their own: a process's peak memory
    // passes to the children it starts (the kernel keeps the high-water
    // mark across fork and exec), so the one that measures stays small.
    if let Some(at) = args.iter().position(|a| a == "--write") {
        let dir = Path::new(&args[at + 1]);
        for (_, name) in CASES {
            fs::write(dir.join(name), build(name, root)).unwrap();
        }
        return;
    }
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let exe = env!("CARGO_BIN_EXE_handout");
    let dir = tempfile::tempdir().unwrap();
    let made = Command::new(std::env::current_exe().unwrap())
        .arg("--write")
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(made.success(), "the files were not made");
    println!("rosters: peak memory of one roster file, target under {TARGET_MB:.0} MB");
    println!(
        "{:<30} {:>9} {:<6} {:>5} {:>7} {:>8}",
        "case", "file KB", "cmd", "exit", "wall s", "peak MB"
    );
    let mut worst: f64 = 0.0;
    for (case, name) in CASES {
        let file = dir.path().join(name);
        let size = fs::metadata(&file).unwrap().len();
        for cmd in ["check", "batch"] {
            // A batch of 50,000 clients measures printing, not reading:
            // `benches/batch.rs` does that.
            if cmd == "batch" && matches!(name, "honest.xlsx" | "wide.xlsx") {
                continue;
            }
            let out = dir.path().join("out");
            let mut c = Command::new(exe);
            if cmd == "check" {
                c.arg("check").arg(&file);
            } else {
                c.args(["batch", "compassion-in-recovery", "--roster"])
                    .arg(&file)
                    .arg("--out-dir")
                    .arg(&out);
            }
            let (code, wall, peak) = measure(&mut c);
            worst = worst.max(peak);
            println!(
                "{case:<30} {:>9.1} {cmd:<6} {code:>5} {wall:>7.2} {peak:>8.1}",
                size as f64 / 1024.0
            );
            let _ = fs::remove_dir_all(&out);
        }
        let (status, wall, peak) = upload(&fs::read(&file).unwrap());
        worst = worst.max(peak);
        println!(
            "{case:<30} {:>9.1} {:<6} {status:>5} {wall:>7.2} {peak:>8.1}",
            size as f64 / 1024.0,
            "app"
        );
    }
    println!(
        "worst peak: {worst:.1} MB   (target < {TARGET_MB:.0} MB: {})",
        if worst < TARGET_MB { "met" } else { "NOT MET" }
    );
}
