//! Speed and memory of `handout batch` (`cargo bench --bench batch`).
//!
//! A facility's run: a four-lesson packet (three built-in lessons and the
//! example lesson) for 200 clients, and for 2,000 to show memory stays flat
//! as the roster grows. Each run is the release binary as staff would run
//! it, once with one PDF per client and once with one combined file; we
//! report wall time and the process's peak resident memory (from the
//! kernel, via wait4). Targets: 200 clients under 2 s wall on 2 cores and
//! under 100 MB; 2,000 clients no more than 20% above 200 in memory.
//!
//! Then big documents: 64 clients of a lesson of over a thousand pages with
//! `--jobs 16`, where memory grew with jobs times document size (2.2 GB and
//! 5.6 GB before the in-flight budget). Target: peak under 500 MB.
//! Numbers are printed, not asserted: timing checks don't belong in tests.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const FIRST: [&str; 12] = [
    "José",
    "Nguyễn Thị",
    "Zoë",
    "Amara",
    "Ирина",
    "Bartholomew",
    "Siobhán",
    "Đức",
    "Łucja",
    "Kwame",
    "Γιώργος",
    "Mei",
];
const LAST: [&str; 10] = [
    "Núñez",
    "Hương",
    "Œlberg",
    "Okafor",
    "Петрова",
    "Quigley-Jones",
    "Ó Briain",
    "Trần",
    "Wróbel",
    "Mensah",
];
const SCENARIOS: [&str; 6] = [
    "craving",
    "conflict;payday",
    "trauma",
    "",
    "low-day;comparing",
    "missed-meeting",
];

fn roster(path: &Path, clients: usize) {
    roster_choosing(path, clients, &SCENARIOS);
}

/// Scenarios of `examples/group.packet.toml`'s lessons.
const GROUP_SCENARIOS: [&str; 6] = [
    "craving",
    "conflict;payday",
    "trauma",
    "",
    "low-day;payday",
    "after-an-argument",
];

fn roster_choosing(path: &Path, clients: usize, scenarios: &[&str]) {
    let mut text = String::from("name,id,date,scenarios\n");
    for i in 0..clients {
        text.push_str(&format!(
            "\"{} {}\",c-{i:05},2026-11-24,{}\n",
            FIRST[i % FIRST.len()],
            LAST[(i / FIRST.len()) % LAST.len()],
            scenarios[i % scenarios.len()]
        ));
    }
    fs::write(path, text).unwrap();
}

/// Pages a run printed, from its manifest: the combined file's last page,
/// or the sum of the clients' pages.
fn pages_of(target: &Path, combined: bool) -> usize {
    if combined {
        let m = fs::read_to_string(target.with_extension("manifest.csv")).unwrap();
        m.lines()
            .last()
            .unwrap()
            .split(',')
            .nth(5)
            .unwrap()
            .parse()
            .unwrap()
    } else {
        let m = fs::read_to_string(target.join("manifest.csv")).unwrap();
        m.lines()
            .skip(1)
            .map(|l| l.split(',').nth(3).unwrap().parse::<usize>().unwrap())
            .sum()
    }
}

/// Bytes written: the combined file, or every file in the folder.
fn bytes_of(target: &Path) -> u64 {
    if target.is_dir() {
        fs::read_dir(target)
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum()
    } else {
        fs::metadata(target).unwrap().len()
    }
}

/// The issue-14 figures: `examples/group.packet.toml` (cover, contents, two
/// lessons) for 2,000 and 20,000 clients, for how peak memory grows with
/// the roster. Each figure is the median of three runs: a run's peak moves
/// by several megabytes with how its first windows overlap, more than the
/// growth being measured, so one run against one is noise.
fn group_packet(exe: &str, root: &Path, dir: &Path) {
    let packet = root.join("examples/group.packet.toml");
    println!("examples/group.packet.toml");
    println!(
        "{:>8}  {:<10} {:>9} {:>9} {:>13} {:>8} {:>9} {:>10}",
        "clients", "output", "wall s", "peak MB", "(range)", "pages", "pages/s", "MB on disk"
    );
    let mut peaks = Vec::new();
    for (clients, runs) in [(2000usize, 3usize), (20000, 3)] {
        let csv = dir.join(format!("group-{clients}.csv"));
        roster_choosing(&csv, clients, &GROUP_SCENARIOS);
        for mode in ["--combined", "--out-dir"] {
            let combined = mode == "--combined";
            let target = dir.join(format!("group-{clients}{mode}"));
            let target = if combined {
                target.with_extension("pdf")
            } else {
                target
            };
            let mut walls = Vec::new();
            let mut peaks_here = Vec::new();
            let (mut pages, mut bytes) = (0, 0);
            for _ in 0..runs {
                let _ = fs::remove_dir_all(&target);
                let _ = fs::remove_file(&target);
                let (wall, p) = run_batch(exe, &packet, &csv, mode, &target);
                walls.push(wall);
                peaks_here.push(p);
                pages = pages_of(&target, combined);
                bytes = bytes_of(&target);
            }
            walls.sort_by(f64::total_cmp);
            peaks_here.sort_by(f64::total_cmp);
            let wall = walls[walls.len() / 2];
            let peak = peaks_here[peaks_here.len() / 2];
            let range = format!("{:.1}-{:.1}", peaks_here[0], peaks_here[runs - 1]);
            println!(
                "{clients:>8}  {:<10} {wall:>9.2} {peak:>9.1} {range:>13} {pages:>8} {:>9.0} {:>10.1}",
                &mode[2..],
                pages as f64 / wall,
                bytes as f64 / 1e6
            );
            peaks.push((clients, mode, peak));
            let _ = fs::remove_dir_all(&target);
            let _ = fs::remove_file(&target);
        }
    }
    growth(&peaks, (2000, 20000), 10);
}

/// How peak memory grew from `small` to `big` clients, in each mode.
fn growth(peaks: &[(usize, &str, f64)], (small, big): (usize, usize), target: u32) {
    for mode in ["--out-dir", "--combined"] {
        let p = |n| {
            peaks
                .iter()
                .find(|(c, m, _)| *c == n && *m == mode)
                .unwrap()
                .2
        };
        println!(
            "peak memory, {big} vs {small} clients ({}): {:+.0}%   (target <= +{target}%)",
            &mode[2..],
            (p(big) / p(small) - 1.0) * 100.0
        );
    }
}

/// `handout batch PACKET --roster CSV MODE TARGET`: wall seconds and peak
/// resident memory in MB.
fn run_batch(exe: &str, packet: &Path, csv: &Path, mode: &str, target: &Path) -> (f64, f64) {
    measure(
        Command::new(exe)
            .arg("batch")
            .arg(packet)
            .arg("--roster")
            .arg(csv)
            .arg(mode)
            .arg(target)
            .stderr(std::process::Stdio::null()),
    )
}

/// Run the command; wall seconds and peak resident memory in MB.
// The child is reaped by wait4, which std's `wait` can't replace: only
// wait4 reports the child's peak memory.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> (f64, f64) {
    let start = Instant::now();
    let child = cmd.spawn().unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting on our own child, whose pid we hold and have not
    // waited on by any other means.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    assert_eq!(pid, child.id() as i32);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "batch failed"
    );
    // ru_maxrss is in kilobytes on Linux.
    (wall, usage.ru_maxrss as f64 / 1024.0)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let exe = env!("CARGO_BIN_EXE_handout");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    group_packet(exe, root, dir.path());
    // `cargo bench --bench batch -- group`: the issue-14 figures alone.
    if std::env::args().any(|a| a == "group") {
        return;
    }
    let packet = dir.path().join("group.packet.toml");
    fs::write(
        &packet,
        format!(
            "title = \"Compassion Group, weeks 1-4\"\nfacility = \"Riverside Recovery Center\"\n\
             lessons = [\"compassion-in-recovery\", \"three-parts-of-self-compassion\", \
             \"changing-the-inner-critic\", {:?}]\ncover = true\ncontents = true\n",
            root.join("examples/riding-out-an-urge.toml")
                .display()
                .to_string()
        ),
    )
    .unwrap();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("batch: 4-lesson packet with cover and contents, {cores} cores");
    println!(
        "{:>8}  {:<10} {:>9} {:>9} {:>8} {:>10}",
        "clients", "output", "wall s", "peak MB", "pages", "MB on disk"
    );
    let mut peaks = Vec::new();
    for clients in [200usize, 2000] {
        let csv = dir.path().join(format!("roster-{clients}.csv"));
        roster(&csv, clients);
        for mode in ["--out-dir", "--combined"] {
            let target = dir.path().join(format!("out-{clients}{mode}"));
            let target = if mode == "--combined" {
                target.with_extension("pdf")
            } else {
                target
            };
            let (wall, peak) = run_batch(exe, &packet, &csv, mode, &target);
            let (pages, bytes) = (pages_of(&target, mode == "--combined"), bytes_of(&target));
            println!(
                "{clients:>8}  {:<10} {wall:>9.2} {peak:>9.1} {pages:>8} {:>10.1}",
                &mode[2..],
                bytes as f64 / 1e6
            );
            peaks.push((clients, mode, peak));
            let _ = if target.is_dir() {
                fs::remove_dir_all(&target)
            } else {
                fs::remove_file(&target)
            };
        }
    }
    // Big documents, many jobs.
    let huge = dir.path().join("huge.toml");
    let prompts: Vec<String> = (0..1000)
        .map(|i| format!("\"Prompt number {i}: what do you notice today?\""))
        .collect();
    fs::write(
        &huge,
        format!(
            "title = \"Huge\"\nsummary = \"A very long lesson.\"\n[plan]\nlines = 30\nprompts = [{}]\n\
             [[notes]]\ntitle = \"When to get more help\"\nbody = \"{{{{988}}}} {{{{911}}}}\"\n",
            prompts.join(", ")
        ),
    )
    .unwrap();
    let csv = dir.path().join("roster-64.csv");
    let rows: String = (0..64).map(|i| format!("Client {i},c-{i:03}\n")).collect();
    fs::write(&csv, format!("name,id\n{rows}")).unwrap();
    println!("big documents: 64 clients of a 1,251-page lesson, --jobs 16");
    for mode in ["--out-dir", "--combined"] {
        let target = dir.path().join(format!("huge{mode}"));
        let target = if mode == "--combined" {
            target.with_extension("pdf")
        } else {
            target
        };
        let (wall, peak) = measure(
            Command::new(exe)
                .arg("batch")
                .arg(&huge)
                // Over the 60 pages a lesson may take by default: this
                // part measures memory with documents far past it.
                .args(["--max-pages", "2000", "--jobs", "16", "--roster"])
                .arg(&csv)
                .arg(mode)
                .arg(&target)
                .stderr(std::process::Stdio::null()),
        );
        println!(
            "{:>8}  {:<10} {wall:>9.2} {peak:>9.1}   (target peak < 500 MB)",
            64,
            &mode[2..]
        );
        let _ = if target.is_dir() {
            fs::remove_dir_all(&target)
        } else {
            fs::remove_file(&target)
        };
    }
    growth(&peaks, (200, 2000), 20);
}
