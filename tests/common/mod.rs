//! Helpers for tests that run the real binary and read its PDFs back with
//! readers we did not write: lopdf, and poppler's and qpdf's command-line
//! tools. Where a tool is missing the test is skipped with a note (see
//! [`skip`]), except under CI (`CI` set), where a missing tool fails the
//! test.

#![allow(dead_code)]

pub mod skip;
pub mod web;
pub mod workbook;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;

pub use skip::skip;

pub fn handout() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("handout");
    cmd.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    cmd
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Writes `text` to the file `name` in `dir`; its path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// `examples/group.packet.toml`: a cover, contents and two lessons.
pub fn example_packet() -> String {
    root()
        .join("examples/group.packet.toml")
        .display()
        .to_string()
}

/// A lesson whose plan has `prompts` writing prompts of 30 lines each: a
/// page or more a prompt, from four bytes of the file each.
pub fn long_lesson(prompts: usize) -> String {
    format!(
        "title = \"Long\"\nsummary = \"Short.\"\n\n[plan]\ntitle = \"Write\"\nlines = 30\nprompts = [{}]\n",
        vec!["\"a\""; prompts].join(",")
    )
}

/// The built-in `compassion-in-recovery`, read as the library reads it.
pub fn builtin_lesson() -> handout::lesson::Lesson {
    let b = handout::library::find_builtin("compassion-in-recovery", None).unwrap();
    handout::lesson::load(b.source(), b.id(), handout::fonts::FontBook::global())
        .unwrap()
        .0
}

/// `handout build LESSON -o OUT`, which must succeed.
pub fn build_to(lesson: impl AsRef<OsStr>, out: &Path) {
    handout()
        .arg("build")
        .arg(lesson)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

/// The four sizes every lesson must lay out at: Letter and A4, each plain
/// and in large print.
pub fn print_sizes() -> Vec<handout::layout::Options> {
    use handout::layout::{Options, Paper};
    [Paper::Letter, Paper::A4]
        .into_iter()
        .flat_map(|paper| {
            [false, true].map(|large_print| Options {
                paper,
                large_print,
                ..Options::default()
            })
        })
        .collect()
}

/// `handout batch WHAT --roster ROSTER --out-dir OUT`, ready to run.
pub fn batch_to_dir(
    what: impl AsRef<OsStr>,
    roster: impl AsRef<OsStr>,
    out: impl AsRef<OsStr>,
) -> assert_cmd::Command {
    let mut cmd = handout();
    cmd.arg("batch")
        .arg(what)
        .arg("--roster")
        .arg(roster)
        .arg("--out-dir")
        .arg(out);
    cmd
}

/// A scratch folder for one test. When it goes away, every PDF left in it
/// is checked by readers we did not write (see [`assert_sound`]), so each
/// PDF the test suite writes is proven sound, not only the ones a test
/// looks at.
pub struct Scratch(tempfile::TempDir);

impl Scratch {
    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let mut pdfs = Vec::new();
        let mut todo = vec![self.0.path().to_path_buf()];
        while let Some(dir) = todo.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let p = entry.path();
                if p.is_dir() {
                    todo.push(p);
                } else if p.extension().is_some_and(|e| e == "pdf") {
                    pdfs.push(p);
                }
            }
        }
        pdfs.sort();
        for pdf in pdfs {
            assert_sound(&pdf);
        }
    }
}

pub fn tempdir() -> Scratch {
    Scratch(tempfile::tempdir().expect("temp dir"))
}

/// A PDF that every independent reader accepts: `qpdf --check` without
/// warnings, `pdffonts` showing each font embedded, subset and with a
/// Unicode map, `pdftotext` reading it, and `pdftoppm` rendering every page
/// with nothing on standard error.
pub fn assert_sound(pdf: &Path) {
    let name = pdf.display();
    let bytes = std::fs::read(pdf).unwrap();
    if !bytes.starts_with(b"%PDF") {
        // A test may leave a stand-in (the "previous output" that must
        // survive a failed run); that's not a PDF we wrote.
        return;
    }
    qpdf_check(pdf);
    if let Some(fonts) = pdffonts(pdf) {
        for (font, emb, sub, uni) in fonts {
            assert!(
                emb && sub && uni,
                "{name}: font {font} emb {emb} sub {sub} uni {uni}"
            );
        }
    }
    if have("pdftotext") {
        let out = Command::new("pdftotext")
            .arg(pdf)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: pdftotext failed");
        assert!(
            out.stderr.is_empty(),
            "{name}: pdftotext: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if have("pdftoppm") {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("pdftoppm")
            .args(["-r", "12", "-gray"])
            .arg(pdf)
            .arg(dir.path().join("p"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: pdftoppm failed");
        assert!(
            out.stderr.is_empty(),
            "{name}: pdftoppm warned: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Whether an external tool can run; panics under CI when it can't.
pub fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("-v")
        .output()
        .or_else(|_| Command::new(tool).arg("--version").output())
        .is_ok();
    if !ok {
        skip(tool, &format!("the checks with {tool}"));
    }
    ok
}

/// The text of a PDF as `pdftotext` extracts it, or `None` without poppler.
pub fn pdftotext(pdf: &Path) -> Option<String> {
    if !have("pdftotext") {
        return None;
    }
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("pdftotext gives UTF-8"))
}

/// The text of a PDF as MuPDF extracts it (`mutool draw -F txt`), or
/// `None` without mutool.
pub fn mutool_text(pdf: &Path) -> Option<String> {
    if !have("mutool") {
        return None;
    }
    let out = Command::new("mutool")
        .args(["draw", "-q", "-F", "txt", "-o", "-"])
        .arg(pdf)
        .output()
        .expect("run mutool");
    assert!(out.status.success());
    Some(String::from_utf8(out.stdout).expect("mutool gives UTF-8"))
}

/// The text of a PDF as pdf.js (Firefox's reader) extracts it, with the
/// `pdfjs-dist` package `.ci/install-tools` installs into `.ci/node`; `None` (a
/// failure under CI) without node or the package.
pub fn pdfjs_text(pdf: &Path) -> Option<String> {
    let module = root().join(".ci/node/node_modules/pdfjs-dist/legacy/build/pdf.mjs");
    if !module.exists() || !have("node") {
        skip("pdf.js (npm pdfjs-dist in .ci/node)", "reading with pdf.js");
        return None;
    }
    let out = Command::new("node")
        .arg(root().join("tests/readers/pdfjs-text.mjs"))
        .arg(&module)
        .arg(pdf)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "pdf.js failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("pdf.js gives UTF-8"))
}

/// Text extracted with a real reader, words joined by single spaces so that
/// line breaks don't matter to `contains`.
pub fn words(pdf: &Path) -> Option<String> {
    pdftotext(pdf).map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The text of each page, via `pdftotext -f n -l n`.
pub fn page_texts(pdf: &Path) -> Option<Vec<String>> {
    if !have("pdftotext") {
        return None;
    }
    let doc = lopdf::Document::load(pdf).expect("lopdf loads the PDF");
    let n = doc.get_pages().len();
    Some(
        (1..=n)
            .map(|p| {
                let out = Command::new("pdftotext")
                    .args(["-f", &p.to_string(), "-l", &p.to_string()])
                    .arg(pdf)
                    .arg("-")
                    .output()
                    .expect("run pdftotext");
                String::from_utf8(out.stdout).unwrap()
            })
            .collect(),
    )
}

/// `qpdf --check`: must pass with no warnings.
pub fn qpdf_check(pdf: &Path) {
    if !have("qpdf") {
        return;
    }
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("run qpdf");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "qpdf --check failed:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !stdout.to_lowercase().contains("warning"),
        "qpdf warned:\n{stdout}"
    );
}

/// `pdffonts`: (name, embedded, subset, unicode) for each font.
pub fn pdffonts(pdf: &Path) -> Option<Vec<(String, bool, bool, bool)>> {
    if !have("pdffonts") {
        return None;
    }
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("run pdffonts");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    Some(
        text.lines()
            .skip(2)
            .map(|l| {
                let cols: Vec<&str> = l.split_whitespace().collect();
                // name type... emb sub uni objnum gen: the flags are the
                // 5th, 4th and 3rd from the end.
                let n = cols.len();
                (
                    cols[0].to_string(),
                    cols[n - 5] == "yes",
                    cols[n - 4] == "yes",
                    cols[n - 3] == "yes",
                )
            })
            .collect(),
    )
}

/// The document info dictionary as (key, decoded text) pairs.
pub fn info(pdf: &Path) -> Vec<(String, String)> {
    let doc = lopdf::Document::load(pdf).expect("lopdf loads the PDF");
    let Ok(info) = doc.trailer.get(b"Info").and_then(|o| o.as_reference()) else {
        return Vec::new();
    };
    let dict = doc.get_dictionary(info).expect("info dict");
    dict.iter()
        .map(|(k, v)| {
            let text = match v {
                lopdf::Object::String(bytes, _) => decode_pdf_string(bytes),
                other => format!("{other:?}"),
            };
            (String::from_utf8_lossy(k).to_string(), text)
        })
        .collect()
}

fn decode_pdf_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).to_string()
    }
}

/// Render page `page` to PNG at `dpi` with pdftoppm and return its pixels'
/// darkness as grey levels (0 black .. 255 white), with width and height.
pub fn render_gray(pdf: &Path, page: usize, dpi: u32) -> Option<(Vec<u8>, usize, usize)> {
    if !have("pdftoppm") {
        return None;
    }
    let out = Command::new("pdftoppm")
        .args([
            "-gray",
            "-r",
            &dpi.to_string(),
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(pdf)
        .output()
        .expect("run pdftoppm");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "pdftoppm warned: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (pixels, w, h) = pgm(&out.stdout);
    Some((pixels.to_vec(), w, h))
}

/// The pixels, width and height of a binary PGM image ("P5\n<w> <h>\n255\n"
/// then a byte a pixel), as pdftoppm and mutool write it.
pub fn pgm(data: &[u8]) -> (&[u8], usize, usize) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).to_string());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (&data[i + 1..], w, h)
}

/// A batch of 400 clients of the example packet into `dir/<out>` and
/// `dir/all.pdf`, started in the background and stopped with `signal` once
/// a few PDFs are written: its exit status and standard error.
#[cfg(unix)]
pub fn batch_stopped_by(dir: &Path, out: &str, signal: i32) -> (std::process::ExitStatus, String) {
    let mut roster = String::from("name,id\n");
    for i in 0..400 {
        roster.push_str(&format!("Client {i},c-{i:03}\n"));
    }
    let roster_path = dir.join("big.csv");
    std::fs::write(&roster_path, roster).unwrap();
    let out = dir.join(out);
    let packet = root().join("examples/group.packet.toml");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("handout"))
        .arg("batch")
        .arg(&packet)
        .args(["--jobs", "2", "--roster"])
        .arg(&roster_path)
        .arg("--out-dir")
        .arg(&out)
        .arg("--combined")
        .arg(dir.join("all.pdf"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pdfs = || {
        std::fs::read_dir(&out)
            .map(|d| {
                d.flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
                    .count()
            })
            .unwrap_or(0)
    };
    let start = std::time::Instant::now();
    while pdfs() < 3 {
        assert!(start.elapsed().as_secs() < 120, "no packets written");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: signalling our own child process.
    unsafe { libc::kill(child.id() as i32, signal) };
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    (status, stderr)
}

/// The characters MuPDF finds on page `page` (from 1), with where each is
/// drawn: (x, baseline y, text), in the order they are drawn. `None`
/// without mutool.
pub fn mutool_chars(pdf: &Path, page: usize) -> Option<Vec<(f32, f32, String)>> {
    if !have("mutool") {
        return None;
    }
    let out = Command::new("mutool")
        .args(["draw", "-F", "stext", "-o", "-"])
        .arg(pdf)
        .arg(page.to_string())
        .output()
        .expect("run mutool");
    assert!(out.status.success());
    let xml = String::from_utf8(out.stdout).expect("mutool gives UTF-8");
    let attr = |tag: &str, name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let at = tag.find(&key)? + key.len();
        Some(tag[at..].split('"').next()?.to_string())
    };
    let unescape = |s: &str| -> String {
        if let Some(hex) = s.strip_prefix("&#x").and_then(|h| h.strip_suffix(';')) {
            return char::from_u32(u32::from_str_radix(hex, 16).unwrap())
                .unwrap()
                .to_string();
        }
        match s {
            "&amp;" => "&".into(),
            "&lt;" => "<".into(),
            "&gt;" => ">".into(),
            "&quot;" => "\"".into(),
            "&apos;" => "'".into(),
            _ => s.to_string(),
        }
    };
    Some(
        xml.split("<char ")
            .skip(1)
            .filter_map(|tag| {
                let x = attr(tag, "x")?.parse().ok()?;
                let y = attr(tag, "y")?.parse().ok()?;
                Some((x, y, unescape(&attr(tag, "c")?)))
            })
            .collect(),
    )
}

/// The manifest's rows: roster line → (id, file).
pub fn manifest(out: &Path) -> std::collections::BTreeMap<usize, (String, String)> {
    let text = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[0].parse().unwrap(),
                (rec[1].to_string(), rec[2].to_string()),
            )
        })
        .collect()
}
