//! What `build` and `batch` print: lessons named on the command line and
//! the lessons of a packet, read from files or the built-in library, each
//! file read and checked once.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::{Failure, read_file};
use crate::batch::{Packaging, Shelf};
use crate::dates::DateOrder;
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::fonts::FontBook;
use crate::help::{self, LocalLine, MAX_LOCAL_LINES};
use crate::labels::Language;
use crate::lesson::{self, Lesson};
use crate::library::{self, LessonRef};
use crate::packet;

/// The lessons to print, in order, and how to package them.
#[derive(Debug, Clone)]
pub(crate) struct Inputs {
    pub packaging: Packaging,
    pub refs: Vec<LessonRef>,
    /// The packet file, when one was given.
    pub packet: Option<std::path::PathBuf>,
    /// How the packet says dates in numbers alone are read, if it does.
    pub date_order: Option<DateOrder>,
}

/// Read the command line's lesson and packet arguments. At most one packet;
/// lessons named beside it print after its own. Every problem in every file
/// is reported before giving up.
pub(crate) fn read_inputs(args: &[String]) -> Result<(Inputs, Diagnostics), Failure> {
    let mut warnings = Diagnostics::new();
    let mut packaging = Packaging::default();
    let mut refs = Vec::new();
    let mut packet_path = None;
    let mut date_order = None;
    let packets: Vec<&String> = args.iter().filter(|a| packet::is_packet_path(a)).collect();
    if packets.len() > 1 {
        return Err(Failure::usage(
            Diagnostic::error("give one packet at a time")
                .hint("list the lessons of both in one packet file"),
        ));
    }
    let mut errors = Diagnostics::new();
    for arg in args {
        if packet::is_packet_path(arg) {
            let path = Path::new(arg);
            let bytes = read_file(path)?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Failure::invalid(Diagnostic::error(format!("{arg} is not UTF-8 text")))
            })?;
            let p = packet::load(Source::new(arg.clone(), text), FontBook::global())
                .map_err(Failure::invalid)?;
            let base = path.parent().unwrap_or(Path::new(""));
            for entry in &p.lessons {
                match library::resolve_in(&entry.reference, base) {
                    Ok(LessonRef::File(f)) if !f.is_file() => errors.push(
                        entry
                            .error(&p, format!("no lesson file at {}", f.display()))
                            .hint("paths in a packet are relative to the packet file's folder"),
                    ),
                    Ok(r) => refs.push(r),
                    Err(message) => errors.push(
                        entry
                            .error(&p, message)
                            .hint(library::unknown_lesson_hint(&entry.reference)),
                    ),
                }
            }
            warnings.extend(p.warnings.clone());
            packet_path = Some(path.to_path_buf());
            date_order = p.date_order;
            packaging = Packaging::of(p);
        } else {
            match library::resolve(arg) {
                Ok(r) => refs.push(r),
                Err(message) => {
                    return Err(Failure::usage(Diagnostic::error(message).hint(format!(
                        "{}; or give a path to a .toml lesson file or a .packet.toml file",
                        library::unknown_lesson_hint(arg)
                    ))));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(errors));
    }
    warnings.sort();
    Ok((
        Inputs {
            packaging,
            refs,
            packet: packet_path,
            date_order,
        },
        warnings,
    ))
}

/// Add the lines of a local help file (`--local-help FILE`) after the
/// packet's own, each line once; at most [`MAX_LOCAL_LINES`] in all.
pub(crate) fn add_local_help(
    inputs: &mut Inputs,
    file: Option<&Path>,
    warnings: &mut Diagnostics,
) -> Result<(), Failure> {
    let Some(path) = file else {
        return Ok(());
    };
    let (source, lines, found) = read_local_help(path)?;
    warnings.extend(found);
    let all = &mut inputs.packaging.local_help;
    for line in lines {
        if !all.contains(&line) {
            all.push(line);
        }
    }
    if all.len() > MAX_LOCAL_LINES {
        return Err(Failure::invalid(
            Diagnostic::error(format!(
                "the packet and the local help file give {} help lines together; at most {MAX_LOCAL_LINES} fit beside 988 and 911",
                all.len()
            ))
            .in_file(&source)
            .hint("list each line in one place: the packet's [[local_help]] or the file"),
        ));
    }
    Ok(())
}

/// Read and check a local help file (`*.help.toml`): its source, for
/// messages, and its lines.
pub(crate) fn read_local_help(
    path: &Path,
) -> Result<(Arc<Source>, Vec<LocalLine>, Diagnostics), Failure> {
    let bytes = read_file(path)?;
    let name = path.display().to_string();
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::invalid(
            Diagnostic::error(format!("{name} is not UTF-8 text"))
                .hint("save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)"),
        )
    })?;
    let source = Source::new(name, text);
    let (lines, warnings) =
        help::load_local(source.clone(), FontBook::global()).map_err(Failure::invalid)?;
    Ok((source, lines, warnings))
}

/// Reads each lesson file once and keeps it.
#[derive(Default)]
pub(crate) struct Loader {
    loaded: BTreeMap<String, Arc<Lesson>>,
}

impl Loader {
    /// The lesson a reference points at. Problems come back as diagnostics,
    /// so a caller loading several can report them all.
    pub fn load(
        &mut self,
        r: &LessonRef,
        warnings: &mut Diagnostics,
    ) -> Result<Arc<Lesson>, Failure> {
        let key = r.display();
        if let Some(l) = self.loaded.get(&key) {
            return Ok(l.clone());
        }
        let book = FontBook::global();
        let (lesson, w) = match r {
            LessonRef::Builtin(b) => {
                lesson::load(b.source(), b.id(), book).map_err(Failure::invalid)?
            }
            LessonRef::File(path) => {
                let bytes = read_file(path)?;
                lesson::load_bytes(&key, &bytes, &library::stem(path), book)
                    .map_err(Failure::invalid)?
            }
        };
        warnings.extend(w);
        let lesson = Arc::new(lesson);
        self.loaded.insert(key, lesson.clone());
        Ok(lesson)
    }

    /// Every lesson of `refs`. All problems in all files are gathered
    /// before failing.
    pub fn load_all(
        &mut self,
        refs: &[LessonRef],
        warnings: &mut Diagnostics,
    ) -> Result<Vec<Arc<Lesson>>, Failure> {
        let mut out = Vec::new();
        let mut failure: Option<Failure> = None;
        for r in refs {
            match self.load(r, warnings) {
                Ok(l) => out.push(l),
                Err(f) => match &mut failure {
                    Some(all) => {
                        all.code = all.code.max(f.code);
                        all.diags.extend(f.diags);
                    }
                    None => failure = Some(f),
                },
            }
        }
        match failure {
            Some(f) => Err(f),
            None => Ok(out),
        }
    }
}

/// The lessons named on the command line as a batch plan reads them: each
/// in a row's language where a file for that edition exists, each file
/// read once.
pub(crate) struct LessonFiles<'a> {
    loader: Loader,
    refs: &'a [LessonRef],
    /// The exit status the worst problem found calls for (1 or 2).
    pub worst: u8,
}

impl<'a> LessonFiles<'a> {
    pub fn new(refs: &'a [LessonRef]) -> LessonFiles<'a> {
        LessonFiles {
            loader: Loader::default(),
            refs,
            worst: 1,
        }
    }
}

impl Shelf for LessonFiles<'_> {
    fn count(&self) -> usize {
        self.refs.len()
    }

    fn name(&self, i: usize) -> String {
        self.refs[i].display()
    }

    fn edition(
        &mut self,
        i: usize,
        language: Option<Language>,
        warnings: &mut Diagnostics,
    ) -> Result<Arc<Lesson>, Diagnostics> {
        let r = &self.refs[i];
        let edition = language
            .and_then(|lang| library::variant(r, lang))
            .unwrap_or_else(|| r.clone());
        self.loader.load(&edition, warnings).map_err(|f| {
            self.worst = self.worst.max(f.code);
            f.diags
        })
    }
}
