//! The lesson editor's work, apart from its page: a lesson's source checked
//! as `handout check` checks it and drawn as the form's preview draws it,
//! and a lesson file opened from, and saved into, the lessons folder.
//!
//! Saving follows these rules, so the editor can never write anywhere but
//! an ordinary lesson file in the one folder `serve` was given:
//!
//! - A name is a file name, never a path: a slug (lowercase letters and
//!   digits in words joined by `-`), an optional language part
//!   (`x.es.toml`, `x.zh-Hans.toml`), and `.toml`. Packets
//!   (`.packet.toml`) and help files (`.help.toml`) are not lessons.
//! - The folder is the one given to `--lessons`, resolved once when the
//!   app starts (a link the person made to reach it is followed then, and
//!   never again). A name that is a link, or anything but a regular file,
//!   is refused; the new bytes go to a private temporary file in the
//!   folder (created anew, mode 0600) which is renamed over the name, so
//!   nothing is written through a link even if one appears meanwhile.
//! - An existing file keeps its permissions; a new one is private (0600),
//!   as every file handout writes.
//! - A file opened for editing carries a version (a digest of its bytes
//!   as read); saving it is refused when the bytes on disk no longer match,
//!   so a change made elsewhere (another program, another window) is never
//!   lost. A new file is never written over an existing one.
//! - A lesson with errors may be saved (work in progress); the answer says
//!   how many it has; the gallery shows the error until they are fixed.

use std::hash::Hasher;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cache::Cache;
use crate::diag::{Diagnostics, Severity};
use crate::fonts::FontBook;
use crate::layout::{self, Options};
use crate::lesson::{self, MAX_LESSON_BYTES};
use crate::review::{self, Chosen, LessonReport};
use crate::worksheet::{Header, personalize};

use super::words::Words;

/// A lesson's source as the editor shows it: what `check` finds, every
/// page as SVG, and the reading report; `pages` is empty when the source
/// can't be read as a lesson or laid out (the findings say why).
#[derive(Debug, Serialize)]
pub struct Preview {
    /// Whether the source reads as a lesson at all.
    pub parsed: bool,
    pub pages: Vec<String>,
    /// Errors first, then warnings, then notes; each in file order.
    pub findings: Vec<Finding>,
    pub errors: usize,
    pub warnings: usize,
    /// The reading grade, in words ("Reading grade 6.1 (Flesch–Kincaid)").
    pub grade: Option<String>,
    pub longest: Vec<Longest>,
}

/// One problem found, where it is and how to fix it, in words to show.
#[derive(Debug, Serialize)]
pub struct Finding {
    /// `error`, `warning` or `note`.
    pub severity: &'static str,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// "Line 12, column 3", in the page's words, when it has a place.
    pub place: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

/// One of the longest sentences, with its length in words.
#[derive(Debug, Serialize)]
pub struct Longest {
    pub words: String,
    pub text: String,
}

/// `source` (named `name` in messages) checked and drawn; the layouts go
/// through `cache`, so a keystroke lays out again only what it changed.
pub fn preview(w: &Words, name: &str, source: &str, cache: &Cache) -> Preview {
    let book = FontBook::global();
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    let (found, pages, report) = match lesson::load_bytes(name, source.as_bytes(), stem, book) {
        Err(diags) => (diags, Vec::new(), None),
        Ok((lesson, mut found)) => {
            let (more, report) = review::lesson(&lesson, name, None, Chosen::default(), cache);
            found.extend(more);
            let ws = personalize(&lesson, None, Header::default());
            let pages = match layout::layout(&ws, &Options::default(), book, cache) {
                Ok(doc) => {
                    let n = doc.pages.len();
                    (doc.pages.iter().enumerate())
                        .map(|(i, page)| {
                            crate::svg::page(page, book, 612, &(w.form_page_of)(i + 1, n))
                        })
                        .collect()
                }
                Err(_) => Vec::new(),
            };
            (found, pages, Some(report))
        }
    };
    Preview {
        parsed: report.is_some(),
        pages,
        errors: found.error_count(),
        warnings: found.iter().filter(|d| d.is_warning()).count(),
        findings: findings(w, &found),
        grade: report.as_ref().map(|r| grade(w, r)),
        longest: report.map_or_else(Vec::new, |r| {
            r.longest
                .into_iter()
                .map(|s| Longest {
                    words: (w.editor.sentence_words)(s.words),
                    text: s.text,
                })
                .collect()
        }),
    }
}

/// The language a lesson's source is written in, when it reads as a
/// lesson: the page marks the source with it.
pub fn language_of(name: &str, source: &str) -> Option<&'static str> {
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    lesson::load_bytes(name, source.as_bytes(), stem, FontBook::global())
        .ok()
        .map(|(l, _)| l.language.code())
}

/// The findings in the order a person fixes them: errors, warnings,
/// notes, each kind in file order.
fn findings(w: &Words, found: &Diagnostics) -> Vec<Finding> {
    let mut out: Vec<(Severity, usize, Finding)> = found
        .iter()
        .map(|d| {
            let at = d
                .source
                .as_ref()
                .zip(d.span.as_ref())
                .map(|(s, span)| s.line_col(span.start));
            let finding = Finding {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Note => "note",
                },
                line: at.map(|(l, _)| l),
                column: at.map(|(_, c)| c),
                place: at.map(|(l, c)| (w.editor.line_column)(l, c)),
                message: d.message.clone(),
                hint: d.hint.clone(),
            };
            (d.severity, at.map_or(usize::MAX, |(l, _)| l), finding)
        })
        .collect();
    out.sort_by_key(|(severity, line, _)| (*severity, *line));
    out.into_iter().map(|(_, _, f)| f).collect()
}

fn grade(w: &Words, r: &LessonReport) -> String {
    if r.grade.is_nan() {
        return w.editor.no_grade.to_string();
    }
    let formula = if r.formula.ends_with("grade") {
        r.formula.trim_end_matches(" grade").to_string()
    } else {
        format!("{} {:.1}", r.formula, r.score)
    };
    (w.editor.grade)(r.grade, &formula)
}

/// A lesson file's bytes as read, and their version.
pub struct Opened {
    pub source: String,
    pub version: String,
}

/// Why a file can't be opened or saved; each says what to do, in the
/// page's words ([`Refusal::words`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `serve` was started without `--lessons`.
    NoFolder,
    /// Not a lesson file name (see the module's rules).
    BadName,
    /// The name is a link.
    Link,
    /// The name is there but is not a regular file (a folder, a device).
    NotAFile,
    /// No such file in the folder.
    Missing,
    /// The file's bytes are not the ones opened.
    Changed,
    /// A new file's name is taken.
    Exists,
    /// Over [`MAX_LESSON_BYTES`].
    TooLarge,
    /// Not UTF-8 text.
    NotText,
    /// The disk said no: why, in the system's words.
    Io(String),
}

impl Refusal {
    pub fn words(&self, w: &Words, name: &str) -> String {
        let e = w.editor;
        match self {
            Refusal::NoFolder => e.no_folder.replace("{command}", e.start_command),
            Refusal::BadName => e.bad_name.to_string(),
            Refusal::Link => (e.link)(name),
            Refusal::NotAFile => (e.not_a_file)(name),
            Refusal::Missing => (e.missing)(name),
            Refusal::Changed => e.changed_on_disk.to_string(),
            Refusal::Exists => (e.exists)(name),
            Refusal::TooLarge => (e.too_large)(MAX_LESSON_BYTES / 1024),
            Refusal::NotText => e.not_text.to_string(),
            Refusal::Io(why) => (e.write_failed)(why),
        }
    }
}

/// Whether `name` may be a lesson file in the folder: `slug.toml` or
/// `slug.lang.toml`, and nothing else (no path, no packet, no help file).
pub fn is_lesson_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".toml") else {
        return false;
    };
    let (slug, lang) = match stem.split_once('.') {
        Some((slug, lang)) => (slug, Some(lang)),
        None => (stem, None),
    };
    let slug_ok = !slug.is_empty()
        && slug.len() <= 100
        && slug.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    // A language tag: `es`, `zh-Hans`, `pt-BR` (so never `packet`,
    // `help` or `toml`).
    let lang_ok = lang.is_none_or(|l| {
        let mut parts = l.split('-');
        let primary = parts.next().unwrap_or("");
        (2..=3).contains(&primary.len())
            && primary.bytes().all(|b| b.is_ascii_lowercase())
            && parts
                .all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    });
    slug_ok && lang_ok
}

/// The lesson files in `dir` the editor can open, by name: those the
/// gallery leaves out (with errors) too.
pub fn lesson_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| is_lesson_name(n))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The version of a file's bytes: a digest that changes when they do
/// (their length and a 64-bit hash; not a secret, only a check).
pub fn version(bytes: &[u8]) -> String {
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    format!("{:x}-{:016x}", bytes.len(), h.finish())
}

/// Where `name` is in `dir`, once the name is known to be a lesson's.
fn target(dir: Option<&Path>, name: &str) -> Result<PathBuf, Refusal> {
    let dir = dir.ok_or(Refusal::NoFolder)?;
    if !is_lesson_name(name) {
        return Err(Refusal::BadName);
    }
    Ok(dir.join(name))
}

/// The bytes at `path` now, or `None` when there is no such file; a link
/// or anything but a regular file is refused, and never followed.
fn current(path: &Path) -> Result<Option<Vec<u8>>, Refusal> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Refusal::Io(e.to_string())),
    };
    if meta.file_type().is_symlink() {
        return Err(Refusal::Link);
    }
    if !meta.is_file() {
        return Err(Refusal::NotAFile);
    }
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A link put in its place since the look above is not followed.
        open.custom_flags(libc::O_NOFOLLOW);
    }
    let file = open.open(path).map_err(|e| match e.raw_os_error() {
        Some(libc::ELOOP) => Refusal::Link,
        _ => Refusal::Io(e.to_string()),
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_LESSON_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Refusal::Io(e.to_string()))?;
    Ok(Some(bytes))
}

/// Lesson file `name` in `dir`, as it is on disk now.
pub fn open(dir: Option<&Path>, name: &str) -> Result<Opened, Refusal> {
    let path = target(dir, name)?;
    let bytes = current(&path)?.ok_or(Refusal::Missing)?;
    if bytes.len() > MAX_LESSON_BYTES {
        return Err(Refusal::TooLarge);
    }
    let version = version(&bytes);
    let source = String::from_utf8(bytes).map_err(|_| Refusal::NotText)?;
    Ok(Opened { source, version })
}

/// Write `source` as lesson file `name` in `dir`: over the file opened at
/// `version`, or, with no version, as a new file. Answers the new version.
pub fn save(
    dir: Option<&Path>,
    name: &str,
    source: &str,
    version: Option<&str>,
) -> Result<String, Refusal> {
    let path = target(dir, name)?;
    let dir = folder(&path);
    if source.len() > MAX_LESSON_BYTES {
        return Err(Refusal::TooLarge);
    }
    let now = current(&path)?;
    let mode = match (&now, version) {
        (None, None) => 0o600,
        (Some(_), None) => return Err(Refusal::Exists),
        (None, Some(_)) => return Err(Refusal::Changed),
        (Some(bytes), Some(v)) if self::version(bytes) != v => return Err(Refusal::Changed),
        (Some(_), Some(_)) => kept_mode(&path),
    };
    let io = |e: std::io::Error| Refusal::Io(e.to_string());
    let mut tmp = crate::batch::files::temp_beside(dir, mode).map_err(io)?;
    tmp.write_all(source.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(io)?;
    // The rename replaces the name itself, never what a link there points
    // to; a new file is linked in only where no file is (else `Exists`).
    let persisted = if version.is_none() {
        tmp.persist_noclobber(&path)
    } else {
        tmp.persist(&path)
    };
    persisted.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => Refusal::Exists,
        _ => io(e.error),
    })?;
    Ok(self::version(source.as_bytes()))
}

/// The folder a target is in (it always has one: the lessons folder).
fn folder(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// The permissions a file being replaced has, for its new bytes.
fn kept_mode(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).map_or(0o600, |m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        0o600
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lesson_names_are_slugs_with_an_optional_language() {
        for ok in [
            "coping.toml",
            "coping-with-stress.toml",
            "x2.es.toml",
            "a.zh-Hans.toml",
        ] {
            assert!(is_lesson_name(ok), "{ok}");
        }
        for bad in [
            "../x.toml",
            "/tmp/x.toml",
            "x.txt",
            "x.packet.toml",
            "x.help.toml",
            "a/b.toml",
            "a\\b.toml",
            ".toml",
            "-x.toml",
            "X.toml",
            "x..toml",
            "x.es.es.toml",
            "x y.toml",
            "x.toml.toml",
        ] {
            assert!(!is_lesson_name(bad), "{bad}");
        }
    }
}
