//! `handout watch`: the PDF follows every save of the lesson, a save with
//! errors is reported at its line and leaves the last good PDF, and the
//! client's name is never printed. The real binary, run as a person runs
//! it, with the lesson saved as editors save (a temporary file renamed
//! over it).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{have, skip, tempdir};

/// Generous: a debug build on a busy machine.
const PATIENCE: Duration = Duration::from_secs(20);

/// The running `handout watch`, killed when the test ends however it
/// ends; what it has written to standard output and error so far.
struct Watching {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Watching {
    fn start(dir: &Path, args: &[&str]) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handout"))
            .arg("watch")
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start handout watch");
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        Watching {
            child,
            stdout,
            stderr,
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn output(&self) -> String {
        format!("{}{}", self.stdout.lock().unwrap(), self.stderr())
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Everything read from `pipe`, as it comes.
fn collect(pipe: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let into = text.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            let mut t = into.lock().unwrap();
            t.push_str(&line);
            t.push('\n');
        }
    });
    text
}

/// Wait until `done` says yes, or fail with `what` and the watcher's output.
fn wait_for(watching: &Watching, what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < PATIENCE,
            "waited {PATIENCE:?} for {what}; handout watch printed:\n{}",
            watching.output()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The text of a PDF, or nothing when it can't be read (yet).
fn pdf_text(pdf: &Path) -> String {
    Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// Save `text` as editors do: into a temporary file, renamed over `path`.
fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(".lesson.toml.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// The `handout new` skeleton, titled `title`, and the line its title is on.
fn skeleton(dir: &Path, title: &str) -> (String, usize) {
    let out = Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(["new", "Watched lesson"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "handout new failed");
    let file = dir.join("watched-lesson.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::remove_file(file).unwrap();
    let text = text.replace(
        "title = \"Watched lesson\"",
        &format!("title = \"{title}\""),
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("title = "))
        .expect("the skeleton has a title")
        + 1;
    (text, line)
}

#[test]
fn the_pdf_follows_each_save_and_a_broken_save_keeps_the_last_good_one() {
    if !have("pdftotext") {
        skip("pdftotext (poppler-utils)", "reading the watched PDF");
        return;
    }
    let dir = tempdir();
    let lesson: PathBuf = dir.path().join("lesson.toml");
    let out = dir.path().join("out.pdf");
    let (first, title_line) = skeleton(dir.path(), "Morning Walks Help");
    std::fs::write(&lesson, &first).unwrap();
    let client = "Quillon Vantrey";
    let watching = Watching::start(
        dir.path(),
        &["lesson.toml", "-o", "out.pdf", "--client", client],
    );

    wait_for(&watching, "the first PDF", || {
        pdf_text(&out).contains("Morning Walks Help")
    });
    assert!(pdf_text(&out).contains(client), "the header has the name");
    wait_for(&watching, "the line saying it was written", || {
        watching.stderr().contains("wrote out.pdf: ")
    });

    let second = first.replace("Morning Walks Help", "Evening Calm Plan");
    save(&lesson, &second);
    wait_for(&watching, "the new title in the PDF", || {
        pdf_text(&out).contains("Evening Calm Plan")
    });
    wait_for(&watching, "a rebuilt line", || {
        watching.stderr().contains("rebuilt out.pdf: ")
    });

    // A misspelt key: the error at its line and column, and the PDF kept.
    let broken = second.replacen("\ntitle = ", "\ntitel = ", 1);
    save(&lesson, &broken);
    let at = format!("lesson.toml:{title_line}:1");
    wait_for(&watching, "the error at the misspelt key", || {
        let err = watching.stderr();
        err.contains("unknown key `titel`") && err.contains(&at)
    });
    wait_for(&watching, "the line saying the PDF was kept", || {
        watching.stderr().contains("not rebuilt")
    });
    assert!(
        pdf_text(&out).contains("Evening Calm Plan"),
        "out.pdf still holds the last good lesson"
    );

    let fixed = second.replace("Evening Calm Plan", "Fixed And Printed");
    save(&lesson, &fixed);
    wait_for(&watching, "the fixed lesson in the PDF", || {
        pdf_text(&out).contains("Fixed And Printed")
    });

    let printed = watching.output();
    assert!(
        printed.contains("reading grade"),
        "the check's reading grade line:\n{printed}"
    );
    assert!(
        !printed.contains("Quillon") && !printed.contains("Vantrey"),
        "the client's name is never printed:\n{printed}"
    );
}

#[test]
fn a_packets_lesson_files_are_watched_too() {
    if !have("pdftotext") {
        skip("pdftotext (poppler-utils)", "reading the watched PDF");
        return;
    }
    let dir = tempdir();
    let lessons = dir.path().join("lessons");
    std::fs::create_dir(&lessons).unwrap();
    let (first, _) = skeleton(dir.path(), "Steady Breathing");
    let lesson = lessons.join("breathing.toml");
    std::fs::write(&lesson, &first).unwrap();
    std::fs::write(
        dir.path().join("group.packet.toml"),
        "title = \"Tuesday group\"\nlessons = [\"lessons/breathing.toml\"]\n",
    )
    .unwrap();
    let out = dir.path().join("group.pdf");
    let watching = Watching::start(dir.path(), &["group.packet.toml", "-o", "group.pdf"]);
    wait_for(&watching, "the packet's PDF", || {
        pdf_text(&out).contains("Steady Breathing")
    });
    save(&lesson, &first.replace("Steady Breathing", "Slow Counting"));
    wait_for(&watching, "the packet's lesson rebuilt", || {
        pdf_text(&out).contains("Slow Counting")
    });
}

#[test]
fn with_a_language_the_printed_edition_is_checked_and_watched() {
    if !have("pdftotext") {
        skip("pdftotext (poppler-utils)", "reading the watched PDF");
        return;
    }
    let dir = tempdir();
    let (english, _) = skeleton(dir.path(), "Calm Hands");
    std::fs::write(dir.path().join("lesson.toml"), &english).unwrap();
    let spanish = english.replace("Calm Hands", "Manos Tranquilas").replacen(
        "\nlanguage = \"en\"",
        "\nlanguage = \"es\"",
        1,
    );
    assert_ne!(spanish, english.replace("Calm Hands", "Manos Tranquilas"));
    let edition = dir.path().join("lesson.es.toml");
    std::fs::write(&edition, &spanish).unwrap();
    let out = dir.path().join("es.pdf");
    let watching = Watching::start(
        dir.path(),
        &["lesson.toml", "--language", "es", "-o", "es.pdf"],
    );
    wait_for(&watching, "the Spanish PDF", || {
        pdf_text(&out).contains("Manos Tranquilas")
    });
    wait_for(&watching, "the Spanish edition's reading grade", || {
        watching
            .stdout
            .lock()
            .unwrap()
            .contains("lesson.es.toml: ok")
    });
    save(
        &edition,
        &spanish.replace("Manos Tranquilas", "Pies Firmes"),
    );
    wait_for(&watching, "the edition's save in the PDF", || {
        pdf_text(&out).contains("Pies Firmes")
    });
}

#[test]
fn what_build_refuses_at_once_is_refused_not_watched() {
    let dir = tempdir();
    let (text, _) = skeleton(dir.path(), "Anything");
    std::fs::write(dir.path().join("lesson.toml"), text).unwrap();
    for (args, says) in [
        (&["no-such-lesson"][..], "no lesson file or built-in lesson"),
        (&["missing.toml"][..], "cannot read missing.toml"),
        (&["lesson.toml", "--language", "fr"][..], "no `fr` edition"),
        (&["compassion-in-recovery"][..], "no lesson file to watch"),
    ] {
        let mut watching = Watching::start(dir.path(), args);
        let start = Instant::now();
        let status = loop {
            if let Some(status) = watching.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "{args:?}: still watching after {PATIENCE:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        assert_eq!(status.code(), Some(2), "{args:?}: {}", watching.stderr());
        wait_for(&watching, says, || watching.stderr().contains(says));
    }
}

#[test]
fn standard_output_is_refused() {
    let dir = tempdir();
    let (text, _) = skeleton(dir.path(), "Anything");
    std::fs::write(dir.path().join("lesson.toml"), text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(["watch", "lesson.toml", "-o", "-"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write to standard output"));
    // And its help doesn't offer it, as build's does.
    let help = |command: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_handout"))
            .args([command, "--help"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(!help("watch").contains("`-` for standard output"));
    assert!(help("watch").contains("rewritten on each save"));
    assert!(help("build").contains("`-` for standard output"));
}
