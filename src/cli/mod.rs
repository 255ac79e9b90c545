//! The command line: arguments, reading files, writing PDFs, printing
//! diagnostics, exit codes. The only part of `handout` that does I/O.
//!
//! Exit status (README, "Commands"): 0 success; 1 invalid input (a lesson file
//! with errors, a name with a character no font has); 2 a usage error (bad
//! flag value, unknown lesson or scenario id) or an I/O failure.

mod batch;
mod build;
mod check;
mod inputs;
mod list;
mod new;
mod output;
mod paper;
mod schema;
mod serve;
mod shell;
mod watch;

use std::io::IsTerminal;
use std::path::Path;

use clap::{Parser, Subcommand};

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::fonts::FontBook;
use crate::lesson::{self, Lesson};
use crate::library::{self, LessonRef};

#[derive(Debug, Parser)]
#[command(
    name = "handout",
    version,
    about = "Print-ready PDF worksheets for behavioral-health care, from lesson files",
    long_about = None,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// A folder of fonts to look in, before the system's, for letters the
    /// bundled fonts lack (repeatable; `HANDOUT_FONT_PATHS` adds more,
    /// separated by `:`).
    #[arg(long = "font-path", value_name = "DIR", global = true)]
    pub font_paths: Vec<std::path::PathBuf>,
    /// Use only the bundled fonts and the --font-path folders, not the
    /// system's.
    #[arg(long, global = true)]
    pub ignore_system_fonts: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build lessons or a packet into one PDF.
    Build(build::BuildArgs),
    /// Build a packet for every client of a roster.
    Batch(batch::BatchArgs),
    /// Check lesson files and report every problem found.
    Check(check::CheckArgs),
    /// List the built-in lessons, grouped by topic.
    List(list::ListArgs),
    /// List the fonts found and the scripts each prints.
    Fonts,
    /// Write a commented lesson skeleton to start from.
    New(new::NewArgs),
    /// Open the app in a web browser, on this computer only.
    Serve(serve::ServeArgs),
    /// Build a PDF, then build it again each time a lesson file is saved.
    #[command(mut_arg("output", |a| a.help(
        "Where to write the PDF, rewritten on each save [default: <lesson-id>.pdf, or <packet>.pdf]"
    )))]
    Watch(watch::WatchArgs),
    /// Write a shell's completion script (bash, zsh, fish, powershell, elvish).
    Completions(shell::CompletionsArgs),
    /// Write the manual page, or a command's, in roff to standard output.
    Man(shell::ManArgs),
    /// Write the JSON Schema of lessons, packets or local help files, for
    /// an editor to complete keys and flag misspelt ones.
    Schema(schema::SchemaArgs),
}

/// Why a command failed, and the exit status that says so.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub diags: Diagnostics,
}

impl Failure {
    /// Exit 1: the input's content is wrong.
    pub fn invalid(diags: impl Into<Diagnostics>) -> Failure {
        Failure {
            code: 1,
            diags: diags.into(),
        }
    }

    /// Exit 2: the command itself is wrong, or a file can't be read or written.
    pub fn usage(diags: impl Into<Diagnostics>) -> Failure {
        Failure {
            code: 2,
            diags: diags.into(),
        }
    }
}

/// Parse arguments, run, and report: what `main` calls.
/// What the binary's allocator can do for a run, beyond allocating.
#[derive(Clone, Copy)]
pub struct Allocator {
    /// Give memory already freed back to the system.
    pub release_freed: fn(),
}

static ALLOCATOR: std::sync::OnceLock<Allocator> = std::sync::OnceLock::new();

/// Give freed memory back to the system, if the binary said how.
pub(crate) fn release_freed_memory() {
    if let Some(a) = ALLOCATOR.get() {
        (a.release_freed)();
    }
}

/// [`main`], with the allocator's extras.
pub fn main_with(allocator: Allocator) -> u8 {
    let _ = ALLOCATOR.set(allocator);
    main()
}

pub fn main() -> u8 {
    // Past a file size limit (`ulimit -f`) the system kills a process that
    // writes on, leaving its temporary files; ignored, the write fails with
    // "file too large" instead, which is reported and cleaned up.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" at start-up,
    // before any thread exists.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap: 0 for --help and --version, 2 for usage errors.
            return e.exit_code().clamp(0, 255) as u8;
        }
    };
    match run(cli) {
        Ok(warnings) => {
            print_diagnostics(&warnings);
            0
        }
        Err(f) => {
            print_diagnostics(&f.diags);
            f.code
        }
    }
}

/// Run a parsed command; warnings come back on success.
pub fn run(cli: Cli) -> Result<Diagnostics, Failure> {
    let mut paths = cli.font_paths;
    if let Some(more) = std::env::var_os("HANDOUT_FONT_PATHS") {
        paths.extend(std::env::split_paths(&more).filter(|p| !p.as_os_str().is_empty()));
    }
    crate::fonts::configure(crate::fonts::FontSettings {
        paths,
        system: !cli.ignore_system_fonts,
    });
    match cli.command {
        Command::Build(args) => build::execute(args),
        Command::Batch(args) => batch::execute(args),
        Command::Check(args) => check::execute(args),
        Command::List(args) => list::execute(args),
        Command::Fonts => list::fonts(),
        Command::New(args) => new::execute(args),
        Command::Serve(args) => serve::execute(args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(args),
        Command::Schema(args) => schema::execute(args),
        Command::Watch(args) => watch::execute(args),
    }
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// A line on standard output. A closed pipe (`handout list | head`) is not
/// an error worth a panic: the rest of the output is simply dropped.
pub(crate) fn say(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

pub fn print_diagnostics(diags: &Diagnostics) {
    let color = color();
    for d in diags.iter() {
        eprintln!("{}", d.render(color));
    }
}

/// Read and check the lesson a reference names. A missing file or unknown
/// id is a usage error; a file with problems is invalid input.
pub(crate) fn load_lesson(reference: &str) -> Result<(Lesson, Diagnostics), Failure> {
    let book = FontBook::global();
    match library::resolve(reference) {
        Ok(LessonRef::Builtin(b)) => {
            lesson::load(b.source(), b.id(), book).map_err(Failure::invalid)
        }
        Ok(LessonRef::File(path)) => {
            let bytes = read_file(&path)?;
            let name = path.display().to_string();
            lesson::load_bytes(&name, &bytes, &library::stem(&path), book).map_err(Failure::invalid)
        }
        Err(message) => Err(Failure::usage(Diagnostic::error(message).hint(format!(
            "give a path to a .toml lesson file, or one of the built-in lessons: {}",
            library::builtin_ids().join(", ")
        )))),
    }
}

/// What a file given on the command line is, for its size limit and for
/// messages about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// A lesson, packet or local help file.
    Lesson,
    Roster,
}

impl FileKind {
    fn limit(self) -> u64 {
        match self {
            FileKind::Lesson => lesson::MAX_LESSON_BYTES as u64,
            FileKind::Roster => crate::roster::MAX_ROSTER_BYTES,
        }
    }

    fn describe_limit(self) -> String {
        match self {
            FileKind::Lesson => format!("a lesson may be at most {} KB", self.limit() / 1024),
            FileKind::Roster => format!("a roster may be at most {} MB", self.limit() >> 20),
        }
    }
}

/// Read a lesson, packet or local help file (at most 1 MB).
pub(crate) use crate::review::layout_diagnostic;

pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, Failure> {
    read_limited(path, FileKind::Lesson)
}

/// Read a file of `kind`, never more than its limit: a regular file only
/// (not a device, a pipe or a folder, which could be endless), refused
/// before reading when it is too big, and read with a cap in case it grows.
pub(crate) fn read_limited(path: &Path, kind: FileKind) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let cannot = |reason: String| {
        Failure::usage(Diagnostic::error(format!(
            "cannot read {}: {reason}",
            path.display()
        )))
    };
    let too_big = |size: u64| {
        let source = Source::new(path.display().to_string(), "");
        let size = if size >= 1 << 20 {
            format!("{:.1} MB", size as f64 / (1 << 20) as f64)
        } else {
            format!("{} KB", size / 1024)
        };
        Failure::invalid(
            Diagnostic::error(format!("the file is {size}; {}", kind.describe_limit()))
                .in_file(&source)
                .hint(match kind {
                    FileKind::Lesson => "split it into several lessons and print them as a packet",
                    FileKind::Roster => "split it into several rosters and run them one at a time",
                }),
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| cannot(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(cannot("it is a folder, not a file".into()));
    }
    if !meta.is_file() {
        return Err(cannot(
            "it is not a regular file (a device or a pipe); save the data to a file first".into(),
        ));
    }
    if meta.len() > kind.limit() {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(kind.limit() + 1).read_to_end(&mut bytes))
        .map_err(|e| cannot(io_reason(&e)))?;
    if bytes.len() as u64 > kind.limit() {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// An I/O error in plain words, without the "(os error 2)" noise.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or folder".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "it is a folder, not a file".into(),
        FileTooLarge => "the file would be larger than this system allows (see `ulimit -f`)".into(),
        StorageFull => "the disk is full".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}
