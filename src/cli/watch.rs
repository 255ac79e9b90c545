//! `handout watch`: build a PDF, then build it again on every save of its
//! lesson files, printing what `check` finds each time. For people who
//! write lessons in their own editor with a PDF viewer open beside it.
//!
//! Editors save in several steps (write a temporary file, rename it over
//! the lesson), and a watch on the file itself loses track of it at the
//! rename: the folders holding the files are watched instead, and events
//! filtered by path. A short debounce makes one rebuild of one save.
//!
//! A save with errors prints them and leaves the last good PDF in place:
//! nothing is written unless the whole document builds (and then
//! atomically, as every output).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Args;
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer};

use super::build::{self, BuildArgs};
use super::check;
use super::inputs::read_inputs;
use super::{Failure, io_reason, print_diagnostics};
use crate::diag::{Diagnostic, Diagnostics};
use crate::library::{self, LessonRef};

/// How long the files must be quiet before a rebuild: editors write a
/// save in several steps, a few milliseconds apart.
const DEBOUNCE: Duration = Duration::from_millis(100);

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// What to build, and how: the same arguments as `build`.
    #[command(flatten)]
    pub build: BuildArgs,
}

pub fn execute(args: WatchArgs) -> Result<Diagnostics, Failure> {
    let args = args.build;
    if args.output.as_ref().is_some_and(|o| o.as_os_str() == "-") {
        return Err(Failure::usage(
            Diagnostic::error("watch writes a file; it cannot write to standard output")
                .hint("give a file name, like -o worksheet.pdf"),
        ));
    }
    // What `build` would refuse at once (an unknown lesson id, a missing
    // file, a language no lesson has) is refused here too; a file with
    // errors is watched until it is fixed.
    if let Err(f) = read_inputs(&args.inputs)
        .and_then(|(mut inputs, _)| build::in_language(&mut inputs.refs, args.language.as_deref()))
        && f.code == 2
    {
        return Err(f);
    }
    for input in &args.inputs {
        if let Ok(LessonRef::File(path)) = library::resolve(input)
            && !path.exists()
        {
            super::read_file(&path)?;
        }
    }
    let mut files = watched_files(&args);
    if files.is_empty() {
        return Err(Failure::usage(
            Diagnostic::error("there is no lesson file to watch: built-in lessons never change")
                .hint(
                    "give a lesson file or a .packet.toml; `handout new` writes one to start from",
                ),
        ));
    }
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, tx).map_err(|e| cannot_watch(&e))?;
    let mut folders = BTreeSet::new();
    let mut first = true;
    loop {
        // A packet can list other lessons after a save: watch them too.
        files.extend(watched_files(&args));
        for folder in files.iter().filter_map(|f| f.parent()) {
            if !folders.contains(folder) {
                debouncer
                    .watcher()
                    .watch(folder, RecursiveMode::NonRecursive)
                    .map_err(|e| cannot_watch(&e))?;
                folders.insert(folder.to_path_buf());
            }
        }
        let before = stamps(&files);
        rebuild(&args, first);
        first = false;
        wait_for_save(&rx, &files, before)?;
    }
}

/// What tells a save from a read: each file's size, modification time and
/// inode (a rename over it makes a new one). Reading a file is an event
/// too, and rebuilding reads every file.
fn stamps(files: &BTreeSet<PathBuf>) -> Vec<Option<(u64, std::time::SystemTime, u64)>> {
    files
        .iter()
        .map(|f| {
            let m = std::fs::metadata(f).ok()?;
            #[cfg(unix)]
            let inode = std::os::unix::fs::MetadataExt::ino(&m);
            #[cfg(not(unix))]
            let inode = 0;
            Some((m.len(), m.modified().ok()?, inode))
        })
        .collect()
}

/// Block until a watched file is saved (created, written, renamed over
/// or removed) since `before`, after the debounce.
fn wait_for_save(
    rx: &std::sync::mpsc::Receiver<DebounceEventResult>,
    files: &BTreeSet<PathBuf>,
    before: Vec<Option<(u64, std::time::SystemTime, u64)>>,
) -> Result<(), Failure> {
    loop {
        match rx.recv() {
            Ok(Ok(events)) => {
                if events.iter().any(|e| files.contains(&absolute(&e.path)))
                    && stamps(files) != before
                {
                    return Ok(());
                }
            }
            // A lost event or an overflowing queue: rebuild to be sure.
            Ok(Err(_)) => return Ok(()),
            Err(_) => {
                return Err(Failure::usage(Diagnostic::error(
                    "the folder watch stopped; start `handout watch` again",
                )));
            }
        }
    }
}

/// Check the inputs as `check` would, then build the document if nothing
/// is wrong; one line says what happened.
fn rebuild(args: &BuildArgs, first: bool) {
    let start = Instant::now();
    let chosen = check::chosen(
        args.print.paper,
        args.print.large_print,
        args.print.max_pages,
    );
    let mut errors = 0;
    let mut shown = BTreeSet::new();
    for file in &checked_files(args) {
        let (found, lessons) =
            check::check_one(file, None, chosen).unwrap_or_else(|f| (f.diags, Vec::new()));
        errors += found.error_count();
        shown.extend(found.iter().map(|d| d.render(false)));
        check::print_findings(file, &found, &lessons);
    }
    let out = |o: &Path| o.display().to_string();
    let kept = match &args.output {
        Some(o) if o.is_file() => format!("; {} still holds the last good version", out(o)),
        _ => String::new(),
    };
    if errors > 0 {
        let s = if errors == 1 { "" } else { "s" };
        eprintln!("not rebuilt: {errors} error{s}{kept}");
        return;
    }
    match build::build(args) {
        Ok(built) => {
            // What building found beyond the check (a local help file's
            // warnings), once.
            let more = Diagnostics(
                built
                    .warnings
                    .iter()
                    .filter(|d| !shown.contains(&d.render(false)))
                    .cloned()
                    .collect(),
            );
            print_diagnostics(&more);
            let verb = if first { "wrote" } else { "rebuilt" };
            let pages = match built.pages {
                Some(1) => "1 page, ".to_string(),
                Some(n) => format!("{n} pages, "),
                None => String::new(),
            };
            eprintln!(
                "{verb} {}: {pages}{:.1} s",
                out(&built.out),
                start.elapsed().as_secs_f64()
            );
        }
        Err(f) => {
            print_diagnostics(&f.diags);
            eprintln!("not rebuilt{kept}");
        }
    }
}

/// What `check` is given: the inputs, or with `--language` each lesson's
/// edition in it (the one printed).
fn checked_files(args: &BuildArgs) -> Vec<String> {
    let Some(language) = args.language.as_deref() else {
        return args.inputs.clone();
    };
    let Ok((mut inputs, _)) = read_inputs(&args.inputs) else {
        return args.inputs.clone();
    };
    if build::in_language(&mut inputs.refs, Some(language)).is_err() {
        return args.inputs.clone();
    }
    inputs
        .refs
        .iter()
        .map(|r| match r {
            LessonRef::File(path) => path.display().to_string(),
            LessonRef::Builtin(b) => match b.language_tag() {
                Some(tag) => format!("{}.{tag}", b.id()),
                None => b.id().to_string(),
            },
        })
        .collect()
}

/// The files the document is made from, as absolute paths: lesson files
/// named on the command line, the packet and the lesson files it lists (in
/// the edition `--language` picks), the local help file.
fn watched_files(args: &BuildArgs) -> BTreeSet<PathBuf> {
    let mut files = BTreeSet::new();
    for input in &args.inputs {
        if let Ok(LessonRef::File(path)) = library::resolve(input) {
            files.insert(absolute(&path));
        }
    }
    if let Some(help) = &args.print.local_help {
        files.insert(absolute(help));
    }
    if let Ok((mut inputs, _)) = read_inputs(&args.inputs) {
        if let Some(packet) = &inputs.packet {
            files.insert(absolute(packet));
        }
        let plain = inputs.refs.clone();
        // Both editions: the one printed, and the one it is found from.
        let _ = build::in_language(&mut inputs.refs, args.language.as_deref());
        for r in plain.iter().chain(&inputs.refs) {
            if let LessonRef::File(path) = r {
                files.insert(absolute(path));
            }
        }
    }
    files
}

/// `path` from the root, its folder's symbolic links resolved, as the
/// watcher reports paths in a folder it watches.
fn absolute(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default();
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match std::fs::canonicalize(folder) {
        Ok(f) => f.join(name),
        Err(_) => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

fn cannot_watch(e: &notify_debouncer_mini::notify::Error) -> Failure {
    let reason = match &e.kind {
        notify_debouncer_mini::notify::ErrorKind::Io(io) => io_reason(io),
        notify_debouncer_mini::notify::ErrorKind::MaxFilesWatch => {
            "the system's limit on watched folders is reached (see fs.inotify.max_user_watches)"
                .to_string()
        }
        _ => e.to_string(),
    };
    Failure::usage(Diagnostic::error(format!(
        "cannot watch the lesson's folder: {reason}"
    )))
}
