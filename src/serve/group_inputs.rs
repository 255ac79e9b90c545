//! What a group's packets are made from besides a roster and lessons, as
//! `handout batch` takes them: a packet (the lessons folder's
//! `*.packet.toml` files and the built-in examples), a facility's saved
//! help lines (`*.help.toml` in the folder), and help lines typed into the
//! page, checked as a help file is and never written anywhere.

use std::path::Path;
use std::sync::Arc;

use crate::batch::Packaging;
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::fonts::FontBook;
use crate::help::{self, LocalLine, MAX_LOCAL_LINES};
use crate::lesson::{self, Lesson};
use crate::library::{self, LessonRef};
use crate::packet;

use super::catalog::Catalog;
use super::words::Words;

/// The built-in example packets, by the key the page sends.
const EXAMPLES: [(&str, &str); 2] = [
    (
        "example:group",
        include_str!("../../examples/group.packet.toml"),
    ),
    (
        "example:relapse-prevention",
        include_str!("../../examples/relapse-prevention.packet.toml"),
    ),
];

/// The lesson files the example packets name beside them, each edition.
const EXAMPLE_LESSONS: [(&str, &str); 2] = [
    (
        "riding-out-an-urge.toml",
        include_str!("../../examples/riding-out-an-urge.toml"),
    ),
    (
        "riding-out-an-urge.es.toml",
        include_str!("../../examples/riding-out-an-urge.es.toml"),
    ),
];

/// A lesson as a group prints it: how messages name it, and every edition,
/// the default first.
pub type Editions = (String, Vec<Arc<Lesson>>);

/// A packet to choose.
pub struct PacketChoice {
    /// What the page sends: `example:group`, or the file's name.
    pub key: String,
    pub title: String,
    pub example: bool,
    pub packaging: Packaging,
    pub lessons: Vec<Editions>,
    /// How the packet says its rosters write dates, if it says: the page
    /// sets its choice so when the packet is chosen.
    pub date_order: Option<crate::dates::DateOrder>,
}

/// A saved help file to choose.
pub struct HelpFile {
    /// The file's name in the lessons folder.
    pub name: String,
    pub lines: Vec<LocalLine>,
}

/// The packets and help files on offer, read at start and whenever the
/// folder changes. A file with errors is left out, with a line on
/// standard error saying which.
#[derive(Default)]
pub struct Shelves {
    pub packets: Vec<PacketChoice>,
    pub help_files: Vec<HelpFile>,
}

impl Shelves {
    pub fn load(dir: Option<&Path>, catalog: &Catalog) -> Shelves {
        let mut shelves = Shelves::default();
        let mut files: Vec<std::path::PathBuf> = dir
            .and_then(|d| std::fs::read_dir(d).ok())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        let name_of = |p: &Path| {
            p.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().to_string())
        };
        for path in &files {
            let name = name_of(path);
            let text = || std::fs::read_to_string(path).ok();
            if packet::is_packet_path(&name) {
                let base = path.parent().unwrap_or(Path::new(""));
                match text()
                    .ok_or_else(|| "it is not UTF-8 text".to_string())
                    .and_then(|t| {
                        read_packet(
                            &name,
                            Source::new(path.display().to_string(), t),
                            catalog,
                            |r| folder_lesson(r, base, catalog),
                        )
                    }) {
                    Ok(p) => shelves.packets.push(p),
                    Err(why) => left_out(path, &why),
                }
            } else if help::is_local_help_path(&name) {
                let source = text().map(|t| Source::new(path.display().to_string(), t));
                match source.map(|s| help::load_local(s, FontBook::global())) {
                    Some(Ok((lines, _))) => shelves.help_files.push(HelpFile { name, lines }),
                    _ => left_out(path, "it has errors"),
                }
            }
        }
        for (key, text) in EXAMPLES {
            let source = Source::new(format!("builtin:{key}"), text);
            match read_packet(key, source, catalog, example_lesson) {
                Ok(mut p) => {
                    p.example = true;
                    shelves.packets.push(p);
                }
                Err(why) => {
                    use std::io::Write as _;
                    let _ = writeln!(
                        std::io::stderr(),
                        "note: the example packet {key} is left out: {why}"
                    );
                }
            }
        }
        shelves
    }

    pub fn packet(&self, key: &str) -> Option<&PacketChoice> {
        self.packets.iter().find(|p| p.key == key)
    }

    pub fn help_file(&self, name: &str) -> Option<&HelpFile> {
        self.help_files.iter().find(|h| h.name == name)
    }
}

/// Said on standard error, never a failure when no one reads it: the
/// folder is read again while the app runs (see `follow`).
fn left_out(path: &Path, why: &str) {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "note: {} is left out of the group page: {why}; `handout check {}` shows more",
        path.display(),
        path.display()
    );
}

/// A packet's settings and its lessons, each found by `lesson`.
fn read_packet(
    key: &str,
    source: Arc<Source>,
    catalog: &Catalog,
    lesson: impl Fn(&str) -> Result<Vec<Arc<Lesson>>, String>,
) -> Result<PacketChoice, String> {
    let p = packet::load(source, FontBook::global()).map_err(|_| "it has errors".to_string())?;
    let mut lessons = Vec::new();
    for entry in &p.lessons {
        let reference = entry.reference.as_str();
        let editions = match catalog.find(reference, None) {
            Some((e, _)) => e.editions.iter().map(|e| e.lesson.clone()).collect(),
            None => lesson(reference)?,
        };
        let name = match editions.first() {
            Some(l) => format!("the lesson `{}`", l.id),
            None => format!("the lesson `{reference}`"),
        };
        lessons.push((name, editions));
    }
    Ok(PacketChoice {
        date_order: p.date_order,
        key: key.to_string(),
        title: p.title.clone(),
        example: false,
        packaging: Packaging::of(p),
        lessons,
    })
}

/// A lesson an example packet names by file: the embedded example, in
/// each edition.
fn example_lesson(reference: &str) -> Result<Vec<Arc<Lesson>>, String> {
    let stem = reference.trim_end_matches(".toml");
    let mut out = Vec::new();
    for (file, text) in EXAMPLE_LESSONS {
        let edition = file
            .strip_prefix(stem)
            .is_some_and(|rest| rest == ".toml" || rest.matches('.').count() == 2);
        if edition {
            let (l, _) = lesson::load(
                Source::new(format!("examples/{file}"), text),
                stem,
                FontBook::global(),
            )
            .map_err(|_| format!("the example lesson {file} has errors"))?;
            // The default edition first.
            if file == reference {
                out.insert(0, Arc::new(l));
            } else {
                out.push(Arc::new(l));
            }
        }
    }
    if out.is_empty() {
        return Err(format!(
            "it names a lesson the app doesn't have ({reference})"
        ));
    }
    Ok(out)
}

/// A lesson a folder's packet names: a file beside it, in each edition.
fn folder_lesson(
    reference: &str,
    base: &Path,
    catalog: &Catalog,
) -> Result<Vec<Arc<Lesson>>, String> {
    let missing = || format!("it names a lesson the app doesn't have ({reference})");
    let r = library::resolve_in(reference, base).map_err(|_| missing())?;
    if let LessonRef::Builtin(b) = &r {
        return catalog
            .find(b.id(), None)
            .map(|(e, _)| e.editions.iter().map(|e| e.lesson.clone()).collect())
            .ok_or_else(missing);
    }
    let mut out = Vec::new();
    for (_, edition) in library::editions(&r) {
        let LessonRef::File(path) = edition else {
            continue;
        };
        let bytes = std::fs::read(&path).map_err(|_| missing())?;
        let (l, _) = lesson::load_bytes(
            &path.display().to_string(),
            &bytes,
            &library::stem(&path),
            FontBook::global(),
        )
        .map_err(|_| format!("the lesson {} has errors", path.display()))?;
        out.push(Arc::new(l));
    }
    if out.is_empty() {
        return Err(missing());
    }
    Ok(out)
}

/// A help line as typed into the page.
#[derive(Debug, Default, Clone)]
pub struct Typed {
    pub name: String,
    pub phone: String,
    pub hours: String,
}

/// What is wrong with one field the page shows, beside it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The field's id on the page: `help_phone-2`, or `help` for all.
    pub field: String,
    pub message: String,
}

/// The typed help lines, checked as `[[local_help]]` entries in a file are
/// (the same reader, so the same limits and warnings), and what reading
/// them found worth a warning (no place: the text read is made here); each
/// problem beside its field. Rows left empty are skipped.
pub fn check_typed(
    w: &Words,
    typed: &[Typed],
) -> Result<(Vec<LocalLine>, Diagnostics), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut text = String::new();
    // Where each value is in the text made: (start, end, field id).
    let mut places: Vec<(usize, usize, String)> = Vec::new();
    for (i, t) in typed.iter().enumerate() {
        let field = |key: &str| format!("help_{key}-{i}");
        let (name, phone, hours) = (t.name.trim(), t.phone.trim(), t.hours.trim());
        if name.is_empty() && phone.is_empty() && hours.is_empty() {
            continue;
        }
        if name.is_empty() {
            errors.push(FieldError {
                field: field("name"),
                message: w.group_help_need_name.into(),
            });
        }
        if phone.is_empty() {
            errors.push(FieldError {
                field: field("phone"),
                message: w.group_help_need_phone.into(),
            });
        }
        if name.is_empty() || phone.is_empty() {
            continue;
        }
        text.push_str("[[local_help]]\n");
        for (key, value) in [("name", name), ("phone", phone), ("hours", hours)] {
            if value.is_empty() {
                continue;
            }
            text.push_str(key);
            text.push_str(" = ");
            let start = text.len();
            text.push_str(&toml::Value::String(value.to_string()).to_string());
            places.push((start, text.len(), field(key)));
            text.push('\n');
        }
    }
    if text.is_empty() {
        return if errors.is_empty() {
            Ok((Vec::new(), Diagnostics::new()))
        } else {
            Err(errors)
        };
    }
    let source = Source::new("the help lines typed", text);
    match help::load_local(source, FontBook::global()) {
        Ok((lines, warnings)) if errors.is_empty() => {
            let unplaced = warnings.iter().map(|d| Diagnostic {
                source: None,
                span: None,
                ..d.clone()
            });
            Ok((lines, Diagnostics(unplaced.collect())))
        }
        Ok(_) => Err(errors),
        Err(diags) => Err(errors
            .into_iter()
            .chain(diags.iter().filter(|d| d.is_error()).map(|d| {
                let at = d.span.as_ref().map_or(usize::MAX, |s| s.start);
                let field = places
                    .iter()
                    .find(|(s, e, _)| (*s..*e).contains(&at))
                    .map_or_else(|| "help".to_string(), |(_, _, f)| f.clone());
                // A phone with no number says so as an empty one does.
                let message = if d.message.contains("no number to call") {
                    w.group_help_need_phone.to_string()
                } else {
                    super::report::plain_words(d)
                };
                FieldError { field, message }
            }))
            .collect()),
    }
}

/// The help lines a group prints beside 988 and 911: its packet's, the
/// saved file chosen (by name), then those typed, each checked, each once;
/// and the typed lines' warnings.
pub fn local_help(
    shelves: &Shelves,
    file: Option<&str>,
    typed: &[Typed],
    packet: &[LocalLine],
    w: &Words,
) -> Result<(Vec<LocalLine>, Diagnostics), Vec<FieldError>> {
    let file: &[LocalLine] = match file {
        Some(name) => match shelves.help_file(name) {
            Some(f) => &f.lines,
            None => {
                return Err(vec![FieldError {
                    field: "help_file".into(),
                    message: w.group_no_help_file.into(),
                }]);
            }
        },
        None => &[],
    };
    let (typed, warnings) = check_typed(w, typed)?;
    Ok((all_lines(w, [packet, file, &typed])?, warnings))
}

/// The packet's lines, the saved file's, then the typed ones, each once;
/// at most [`MAX_LOCAL_LINES`].
fn all_lines(w: &Words, parts: [&[LocalLine]; 3]) -> Result<Vec<LocalLine>, Vec<FieldError>> {
    let mut all: Vec<LocalLine> = Vec::new();
    for line in parts.into_iter().flatten() {
        if !all.contains(line) {
            all.push(line.clone());
        }
    }
    if all.len() > MAX_LOCAL_LINES {
        return Err(vec![FieldError {
            field: "help".into(),
            message: w.group_help_too_many.into(),
        }]);
    }
    Ok(all)
}

/// An error for the report, not a field: a help line's problem said once
/// more under "Fix before printing", so it is never missed.
pub fn as_diagnostic(e: &FieldError) -> Diagnostic {
    Diagnostic::error(e.message.clone())
}
