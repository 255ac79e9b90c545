//! A test that can't run a check for a missing tool says so where a
//! newcomer looks: a line on standard error, and a line in
//! `target/skipped-tests.txt`, which `.ci/run` prints at the end (and
//! clears at the start). Under CI, where `.ci/install-tools` has
//! installed everything, a missing tool fails the test instead.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;

/// The summary file every skip is added to: `skipped-tests.txt` in the
/// build's target folder.
pub fn summary_file() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(&tmp).join("skipped-tests.txt")
}

/// The running test skips `what` because `tool` (a program, package or
/// font; with how to get it) is missing. Panics under CI. Each test and
/// tool is noted once however often it asks.
pub fn skip(tool: &str, what: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{tool} is not installed, so {what} can't run; .ci/install-tools installs it");
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let line = format!("{test}: skipped {what}: {tool} is not installed");
    static NOTED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let new = NOTED
        .lock()
        .map(|mut noted| noted.insert(line.clone()))
        .unwrap_or(true);
    if !new {
        return;
    }
    eprintln!("SKIPPED: {line}");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(summary_file());
    if let Ok(mut file) = file {
        // One write per line, so lines from test binaries running at once
        // never interleave.
        let _ = file.write_all(format!("{}: {line}\n", crate_name()).as_bytes());
    }
}

/// The test file the skip happened in (its crate: `batch`, `digital`, …).
fn crate_name() -> &'static str {
    env!("CARGO_CRATE_NAME")
}
