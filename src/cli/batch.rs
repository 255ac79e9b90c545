//! `handout batch`: one packet for every client of a roster, as one PDF per
//! client in a folder, one combined print file, or both; or straight to a
//! printer.
//!
//! A thin front end over [`crate::batch`]: it reads the files named, plans
//! the run (everything is checked before anything is written: the packet,
//! every lesson edition the roster's languages need, every roster row, and
//! a layout of each lesson), then runs it into a folder or a print file,
//! with a progress bar and Ctrl-C to stop.

use std::io::{BufWriter, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use clap::Args;

use super::build::{DateOrderArg, PrintArgs, date_order, layout_options, parse_date, today};
use super::inputs::{LessonFiles, add_local_help, read_inputs};
use super::paper::paper_summary;
use super::{Failure, FileKind, io_reason, output, read_limited};
use crate::batch::printer::{PrintError, Queue, Sent, Sides};
use crate::batch::{
    self, Combined, Folder, Inputs, OutDir, Plan, Presses, Progress, RunError, Summary, Target,
    ToPrinter,
};
use crate::dates::{DateOrder, DateSample};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::labels::Language;
use crate::roster;

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// A `.packet.toml`, or lessons (built-in ids or files) to print as one packet.
    #[arg(value_name = "PACKET|LESSON")]
    pub inputs: Vec<String>,
    /// The clients: a CSV file or an Excel workbook with a name column.
    #[arg(long, value_name = "ROSTER.csv|.xlsx")]
    pub roster: PathBuf,
    #[command(flatten)]
    pub reading: RosterReading,
    #[command(flatten)]
    pub languages: LanguageChoice,
    /// Write one PDF per client into this folder (created if missing), with a manifest.csv.
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present_any = ["combined", "printer"]
    )]
    pub out_dir: Option<PathBuf>,
    /// Write every client's packet into one print file, each starting on a
    /// front page. With --print: a copy of the job sent.
    #[arg(long, value_name = "FILE.pdf")]
    pub combined: Option<PathBuf>,
    /// Send the packets to a printer through CUPS, writing no file: the
    /// system's default printer, or the one named. A printer that staples
    /// gets one stapled job per client; any other, one job for the group,
    /// printed on both sides.
    #[arg(
        long = "print",
        id = "printer",
        value_name = "PRINTER",
        num_args = 0..=1,
        conflicts_with = "out_dir"
    )]
    pub printer: Option<Option<String>>,
    /// Give every packet an even number of pages (a blank back page where
    /// needed), so each starts on the front of a sheet. Always on for
    /// --combined. With --print: each client's job on both sides.
    #[arg(long)]
    pub duplex: bool,
    /// Clients rendered at once [default: the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// The date for rows whose `date` is empty: 2026-12-08, 12/8/2026, Dec
    /// 8, 2026, or `today`.
    #[arg(long, value_name = "DATE|today")]
    pub date: Option<String>,
    #[command(flatten)]
    pub print: PrintArgs,
    /// Permissions of the PDFs and manifest written, in octal [default:
    /// 600, yours alone; 644 lets others on this computer read them].
    #[arg(long, value_name = "MODE", value_parser = output::parse_mode)]
    pub file_mode: Option<u32>,
}

impl BatchArgs {
    fn mode(&self) -> u32 {
        self.file_mode.unwrap_or(output::DEFAULT_MODE)
    }
}

/// How to read a roster: for `batch`, and for `check`, which must read it
/// the same way.
#[derive(Debug, Clone, Args)]
pub struct RosterReading {
    /// The workbook sheet with the clients [default: the first sheet].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// How to join `First Name` and `Last Name` columns into the printed name.
    #[arg(long, value_enum, default_value = "first-last")]
    pub name_order: NameOrderArg,
    /// Let two rows share an id: a warning instead of an error; their files
    /// are numbered (id.pdf, id-2.pdf).
    #[arg(long)]
    pub allow_duplicate_ids: bool,
    /// How dates in numbers alone are read: mdy (12/8/2026 is December 8)
    /// or dmy (8/12/2026 is) [default: the packet's date_order, else mdy].
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrderArg>,
}

/// What a client gets where a lesson has no edition in their language: for
/// `batch`, and for `check`, which must decide the same way.
#[derive(Debug, Clone, Args)]
pub struct LanguageChoice {
    /// The edition a client gets where a lesson has none in their language,
    /// or their language (like Somali) has no labels [default: the packet's
    /// `fallback_language`, else English].
    #[arg(long, value_name = "LANG", value_parser = fallback_language)]
    pub fallback_language: Option<Language>,
    /// Refuse the run where a lesson has no edition in a client's language:
    /// an error at each such row's `language` cell, instead of the fallback.
    #[arg(long)]
    pub strict_languages: bool,
}

/// `--fallback-language`: one of the languages lessons are written in.
fn fallback_language(written: &str) -> Result<Language, String> {
    Language::parse(written).ok_or_else(|| {
        format!(
            "not a language lessons are written in; give one of {}",
            crate::languages::printed_list()
        )
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NameOrderArg {
    /// Ana Ruiz
    FirstLast,
    /// Ruiz, Ana
    LastFirst,
}

impl RosterReading {
    /// How to read the roster; dates in `packet`'s order where the command
    /// line gives none.
    pub(super) fn options(
        &self,
        today: time::Date,
        packet: Option<DateOrder>,
    ) -> roster::ReadOptions {
        roster::ReadOptions {
            today,
            date_order: date_order(self.date_order, packet),
            name_order: match self.name_order {
                NameOrderArg::FirstLast => roster::NameOrder::FirstLast,
                NameOrderArg::LastFirst => roster::NameOrder::LastFirst,
            },
            allow_duplicate_ids: self.allow_duplicate_ids,
            sheet: self.sheet.clone(),
        }
    }
}

/// Set by Ctrl-C: finish the files being written, start no more.
static STOP: AtomicBool = AtomicBool::new(false);

/// A file being written: a temporary file beside its place.
type Temp = BufWriter<tempfile::NamedTempFile>;

pub fn execute(args: BatchArgs) -> Result<Diagnostics, Failure> {
    let started = Instant::now();
    nothing_to_print(&args)?;
    let (mut plan, dates) = plan(&args.planning())?;
    // Reading and checking the roster made and dropped a few hundred bytes
    // a row on this thread, which would otherwise stay the process's until
    // the end: with 20,000 rows, 8 MB.
    super::release_freed_memory();
    super::print_diagnostics(&std::mem::take(&mut plan.warnings));
    // Which clients got which edition, for the summary: counts, never names.
    let fallbacks: Vec<String> = plan.fallbacks().iter().map(|f| f.to_string()).collect();
    let threads = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let presses = Presses {
        pdf: args.print.pdf_options()?,
        threads,
    };

    // The printer is asked for before anything is made: it must be there
    // and taking jobs.
    let queue = args
        .printer
        .as_ref()
        .map(|name| batch::printer::queue(name.as_deref()))
        .transpose()
        .map_err(|e| print_failure(&e, &[]))?;
    // Every place a file will go is checked before the first is written,
    // and a manifest left by an earlier run is removed: it must never
    // describe files this run has not written.
    check_targets(&args, &plan)?;
    if let Some(manifest) = manifest_path(&args) {
        remove_old(&manifest)?;
    }
    for dir in output_dirs(&args) {
        output::remove_stale_temps(&dir);
    }
    let _ = ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst));
    let mut bar = Bar::new(plan.len(), started);
    let mut jobs = Vec::new();
    let done = match (&args.out_dir, &queue) {
        (Some(dir), _) => to_folder(&args, dir, plan, &presses, &mut bar),
        (None, Some(queue)) => to_printer(&args, queue, plan, &presses, &mut bar, &mut jobs),
        (None, None) => to_print_file(&args, plan, &presses, &mut bar),
    };
    let (summary, combined_pages) = done.inspect_err(|_| bar.bar.abandon())?;
    bar.bar.finish_and_clear();

    let mut wrote = Vec::new();
    if let Some(dir) = &args.out_dir {
        wrote.push(format!(
            "{} ({} files and manifest.csv)",
            dir.display(),
            summary.clients
        ));
    }
    if let Some(path) = &args.combined {
        wrote.push(path.display().to_string());
    }
    let mut said = format!(
        "{}, {:.1} s",
        paper_summary(
            summary.clients,
            summary.pages,
            combined_pages,
            // A booklet's every file prints on both sides.
            args.duplex || args.print.booklet
        ),
        started.elapsed().as_secs_f64(),
    );
    if !wrote.is_empty() {
        said.push_str(&format!("; wrote {}", wrote.join(" and ")));
    }
    if let Some(queue) = &queue {
        said.push_str(&format!("; {}", sent_summary(queue, &jobs)));
    }
    eprintln!("{said}");
    for line in fallbacks {
        eprintln!("{line}");
    }
    if let Some(sample) = dates {
        eprintln!("{}", sample.sentence());
    }
    Ok(Diagnostics::new())
}

/// No packet or lesson given: a usage error, which says so when `--print`
/// took the packet for a printer's name (its name is optional, so
/// `--print group.packet.toml` reads the packet as one).
fn nothing_to_print(args: &BatchArgs) -> Result<(), Failure> {
    if !args.inputs.is_empty() {
        return Ok(());
    }
    let d = Diagnostic::error("no packet or lesson to print was given");
    let d = match args.printer.as_ref().and_then(|p| p.as_deref()) {
        Some(name)
            if name.ends_with(".toml") || crate::library::find_builtin(name, None).is_some() =>
        {
            d.hint(format!(
                "`--print` took `{name}` as a printer's name: put --print after the packet \
                 or lessons, or write --print=PRINTER"
            ))
        }
        _ => d.hint("give a .packet.toml, or lessons (built-in ids or files)"),
    };
    Err(Failure::usage(d))
}

/// One PDF per client into `dir`, with the manifest, and the combined file
/// too if one was asked for: what the run made, and the combined file's
/// pages.
fn to_folder(
    args: &BatchArgs,
    dir: &Path,
    plan: Plan,
    presses: &Presses,
    bar: &mut Bar,
) -> Result<(Summary, usize), Failure> {
    // Output places must exist before anything is written; the combined
    // file's temporary first, so a bad path leaves no empty folder behind.
    let combined = args
        .combined
        .as_deref()
        .map(|path| temp_for(path, args.mode()))
        .transpose()?;
    output::create_dir(dir, args.mode()).map_err(|e| {
        Failure::usage(Diagnostic::error(format!(
            "cannot create the folder {}: {}",
            dir.display(),
            io_reason(&e)
        )))
    })?;
    // The manifest is written as clients join, to a temporary file beside
    // it, renamed into place last of all.
    let manifest_path = dir.join("manifest.csv");
    let folder = Folder {
        dir: dir.to_path_buf(),
        mode: args.mode(),
        duplex: args.duplex,
    };
    let mut sink = temp_for(&manifest_path, args.mode())
        .and_then(|m| OutDir::new(folder, m).map_err(|e| output::fail(&manifest_path, &e)))?;
    if let (Some(out), Some(path)) = (combined, args.combined.as_deref()) {
        sink = sink
            .also_combined(
                out,
                &plan.title(),
                presses.pdf.creation_date.and_then(crate::pdf::pdf_date),
            )
            .map_err(|e| output::fail(path, &e))?;
    }
    let fail = |e| run_failure(e, args, &manifest_path);
    let summary = batch::run(plan, presses, &mut sink, bar, &stopped).map_err(fail)?;
    let pages = sink.combined_pages();
    let (combined, manifest) = sink.finish().map_err(|e| fail(e.into()))?;
    // The combined file, then the manifest, last of all.
    if let (Some(c), Some(path)) = (combined, args.combined.as_deref()) {
        output::persist(c, path)?;
    }
    output::persist(manifest, &manifest_path)?;
    Ok((summary, pages))
}

/// Every client's packet into the combined file, with its manifest beside
/// it: what the run made, and the combined file's pages.
fn to_print_file(
    args: &BatchArgs,
    plan: Plan,
    presses: &Presses,
    bar: &mut Bar,
) -> Result<(Summary, usize), Failure> {
    let path = args
        .combined
        .as_deref()
        .expect("clap asks for --out-dir or --combined");
    let manifest_path = manifest_beside(path);
    let out = temp_for(path, args.mode())?;
    let manifest = temp_for(&manifest_path, args.mode())?;
    let date = presses.pdf.creation_date.and_then(crate::pdf::pdf_date);
    let mut sink = Combined::new(out, &plan.title(), date, Some(manifest))
        .map_err(|e| output::fail(path, &e))?;
    let fail = |e| run_failure(e, args, &manifest_path);
    let summary = batch::run(plan, presses, &mut sink, bar, &stopped).map_err(fail)?;
    let pages = sink.pages();
    let (out, manifest) = sink.finish().map_err(|e| fail(e.into()))?;
    output::persist(out, path)?;
    if let Some(m) = manifest {
        output::persist(m, &manifest_path)?;
    }
    Ok((summary, pages))
}

/// Every client's packet to the printer `queue`: a stapled job per client
/// where it staples (unless a copy of one print file is kept, which is
/// then the one job), else one two-sided job for all; each job's id added
/// to `jobs` as the queue takes it. What the run made, and the print
/// file's pages.
fn to_printer(
    args: &BatchArgs,
    queue: &Queue,
    plan: Plan,
    presses: &Presses,
    bar: &mut Bar,
    jobs: &mut Vec<Sent>,
) -> Result<(Summary, usize), Failure> {
    let title = plan.title();
    let date = presses.pdf.creation_date.and_then(crate::pdf::pdf_date);
    let copy = args.combined.as_deref();
    // A booklet's sheets turn on the short edge and are stapled down the
    // fold, never in a corner: one job, never a stapled one per client.
    let booklet = args.print.booklet;
    let mut sink = if queue.staple.is_some() && copy.is_none() && !booklet {
        let sides = if args.duplex {
            Sides::LongEdge
        } else {
            Sides::One
        };
        ToPrinter::each_client(queue, &title, sides)
    } else {
        let sides = if booklet {
            Sides::ShortEdge
        } else {
            Sides::LongEdge
        };
        ToPrinter::one_job(queue, &title, sides, date, copy.is_some())
            .map_err(|e| Failure::usage(Diagnostic::error(format!("cannot print: {e}"))))?
    };
    let ran = batch::run(plan, presses, &mut sink, bar, &stopped);
    let sent = sink.sent().to_vec();
    let fail = |e: RunError| match e {
        RunError::Write(Target::Printer, e) => print_failure(&printing_error(&e), &sent),
        RunError::Stopped { started, total } => Failure {
            code: 130,
            diags: Diagnostic::error(format!("interrupted after {started} of {total} clients"))
                .hint(if sent.is_empty() {
                    "nothing was sent to the printer".to_string()
                } else {
                    format!("the jobs already sent print: {}", job_list(&sent))
                })
                .into(),
        },
        // The job is made in memory: no file to name.
        RunError::Write(_, e) => {
            Failure::usage(Diagnostic::error(format!("cannot make the print job: {e}")))
        }
        e => run_failure(e, args, Path::new("")),
    };
    let summary = ran.map_err(fail)?;
    let pages = sink.pages();
    let printed = sink.finish().map_err(|e| fail(e.into()))?;
    jobs.extend(printed.jobs);
    if let (Some(path), Some(file)) = (copy, printed.file) {
        output::write(path, &file, args.mode())?;
        if let Some(manifest) = printed.manifest {
            output::write(&manifest_beside(path), &manifest, args.mode())?;
        }
    }
    Ok((summary, pages))
}

/// The printer's error inside a failed write to it.
fn printing_error(e: &std::io::Error) -> PrintError {
    e.get_ref()
        .and_then(|e| e.downcast_ref::<PrintError>())
        .cloned()
        .unwrap_or_else(|| PrintError::Run {
            command: "lp",
            error: e.to_string(),
        })
}

/// Printing failed (exit 2: the computer's printing, not the input), after
/// the jobs `sent`, which still print.
fn print_failure(e: &PrintError, sent: &[Sent]) -> Failure {
    let mut d = Diagnostic::error(e.to_string());
    let hint = match (e.hint(), sent.is_empty()) {
        (hint, true) => hint,
        (hint, false) => Some(format!(
            "{}the jobs already sent still print: {}",
            hint.map_or_else(String::new, |h| format!("{h}; ")),
            job_list(sent)
        )),
    };
    if let Some(hint) = hint {
        d = d.hint(hint);
    }
    Failure::usage(d)
}

/// `Front-Desk-12 (roster line 2), Front-Desk-13 (roster line 3)`.
fn job_list(sent: &[Sent]) -> String {
    sent.iter()
        .map(|s| match s.line {
            Some(line) => format!("{} (roster line {line})", s.job),
            None => s.job.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the queue took: "sent to Front-Desk as job Front-Desk-12", or a
/// job per client, stapled.
fn sent_summary(queue: &Queue, jobs: &[Sent]) -> String {
    match jobs {
        [one] if one.line.is_none() => {
            format!("sent to {} as job {}", queue.name, one.job)
        }
        _ => format!(
            "sent to {} as {} jobs, one per client{}: {}",
            queue.name,
            jobs.len(),
            if queue.staple.is_some() {
                ", stapled"
            } else {
                ""
            },
            job_list(jobs)
        ),
    }
}

/// Whether Ctrl-C was pressed.
fn stopped() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// A temporary file beside `path`, to be renamed into place when complete
/// (and removed if the run fails or stops).
fn temp_for(path: &Path, mode: u32) -> Result<Temp, Failure> {
    output::temp_beside(output::folder_of(path), mode)
        .map(BufWriter::new)
        .map_err(|e| output::fail(path, &e))
}

/// Why a run stopped, as the command line reports it.
fn run_failure(e: RunError, args: &BatchArgs, manifest: &Path) -> Failure {
    match e {
        RunError::Client { line, message } => {
            Failure::invalid(Diagnostic::error(format!("roster line {line}: {message}")))
        }
        RunError::Write(Target::File(path), e) => output::fail(&path, &e),
        RunError::Write(Target::Manifest, e) => output::fail(manifest, &e),
        RunError::Write(Target::Printer, e) => print_failure(&printing_error(&e), &[]),
        RunError::Write(Target::Combined | Target::Zip, e) => {
            let path = args.combined.as_deref().unwrap_or(manifest);
            output::fail(path, &e)
        }
        RunError::Stopped { started, total } => interrupted(started, total, args.out_dir.is_some()),
        RunError::Threads(e) => Failure::usage(Diagnostic::error(format!(
            "cannot start worker threads: {e}"
        ))),
    }
}

/// The progress bar, on a terminal. The time left shows once there is
/// enough to go on: the first clients pay for starting up (fonts, the
/// first subsets), and an estimate from them alone promised a minute for a
/// six-second run.
struct Bar {
    bar: indicatif::ProgressBar,
    started: Instant,
    eta_shown: bool,
}

impl Bar {
    fn new(clients: usize, started: Instant) -> Bar {
        let bar = if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new(clients as u64);
            bar.set_style(Bar::style("{bar:40} {pos}/{len} clients"));
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        Bar {
            bar,
            started,
            eta_shown: false,
        }
    }

    fn style(template: &str) -> indicatif::ProgressStyle {
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    }
}

impl Progress for Bar {
    fn joined(&mut self, joined: usize, total: usize) {
        self.bar.inc(1);
        if !self.eta_shown && self.started.elapsed().as_secs_f64() > 2.0 && joined * 10 >= total {
            self.bar
                .set_style(Bar::style("{bar:40} {pos}/{len} clients  {eta} left"));
            self.eta_shown = true;
        }
    }
}

/// The folders this run writes into.
fn output_dirs(args: &BatchArgs) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = args.out_dir.iter().cloned().collect();
    if let Some(path) = &args.combined {
        dirs.push(output::folder_of(path).to_path_buf());
    }
    dirs
}

/// Where this run's manifest goes: in the folder, or beside a combined file
/// written alone.
fn manifest_path(args: &BatchArgs) -> Option<PathBuf> {
    match (&args.out_dir, &args.combined) {
        (Some(dir), _) => Some(dir.join("manifest.csv")),
        (None, Some(path)) => Some(manifest_beside(path)),
        (None, None) => None,
    }
}

/// Remove a file an earlier run left (not a folder, which
/// [`check_targets`] has refused already).
fn remove_old(path: &Path) -> Result<(), Failure> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Failure::usage(Diagnostic::error(format!(
                "cannot remove the old {}: {}",
                path.display(),
                io_reason(&e)
            ))))
        }
        _ => Ok(()),
    }
}

/// Every file the run will write must be free to write: not a folder (or
/// anything but a file or a link, which is replaced, never followed). Found
/// before the first file is written, so a run never stops half done. A
/// client's file is named by roster line, not by its name: the file name
/// comes from the client's id or name.
fn check_targets(args: &BatchArgs, plan: &Plan) -> Result<(), Failure> {
    let blocked = |p: &Path| {
        std::fs::symlink_metadata(p).is_ok_and(|m| !m.is_file() && !m.file_type().is_symlink())
    };
    let mut errors = Diagnostics::new();
    if let Some(dir) = &args.out_dir {
        if dir.exists() && !dir.is_dir() {
            errors.push(
                Diagnostic::error(format!(
                    "--out-dir {} is a file, not a folder",
                    dir.display()
                ))
                .hint("give a folder for the clients' PDFs"),
            );
        } else {
            for row in plan.clients() {
                if blocked(&dir.join(row.file)) {
                    errors.push(
                        Diagnostic::error(format!(
                            "the PDF for roster line {} would replace a folder in {}",
                            row.line,
                            dir.display()
                        ))
                        .hint("the folder has the name of that client's file (from the id, or else the name); move it out of the way"),
                    );
                }
            }
        }
    }
    for path in args.combined.iter().cloned().chain(manifest_path(args)) {
        if blocked(&path) {
            errors.push(
                Diagnostic::error(format!("cannot write {}: it is a folder", path.display()))
                    .hint("give a file name, or move the folder out of the way"),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure::usage(errors))
    }
}

/// `copy-room.pdf` → `copy-room.manifest.csv`.
fn manifest_beside(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "combined".into(), |s| s.to_string_lossy().to_string());
    path.with_file_name(format!("{stem}.manifest.csv"))
}

fn interrupted(done: usize, total: usize, files: bool) -> Failure {
    let what = if files {
        "the PDFs already written are complete; no combined file or manifest was written"
    } else {
        "no combined file was written"
    };
    Failure {
        code: 130,
        diags: Diagnostic::error(format!("interrupted after {done} of {total} clients"))
            .hint(what)
            .into(),
    }
}

/// What a batch run reads and checks before it writes anything: also what
/// `check PACKET ROSTER` checks, so the two never disagree.
pub(super) struct Planning<'a> {
    pub inputs: &'a [String],
    pub roster: &'a Path,
    pub reading: &'a RosterReading,
    pub languages: &'a LanguageChoice,
    pub date: Option<&'a str>,
    pub local_help: Option<&'a Path>,
    pub paper: super::build::PaperArg,
    pub large_print: bool,
    pub no_qr: bool,
    pub max_pages: u32,
    /// How a booklet's pages go onto paper (`--booklet`, `--sheet`).
    pub booklet: Option<crate::layout::Booklet>,
    /// Whether each client gets a file name (with `--out-dir`).
    pub file_names: bool,
}

impl BatchArgs {
    fn planning(&self) -> Planning<'_> {
        Planning {
            inputs: &self.inputs,
            roster: &self.roster,
            reading: &self.reading,
            languages: &self.languages,
            date: self.date.as_deref(),
            local_help: self.print.local_help.as_deref(),
            paper: self.print.paper,
            large_print: self.print.large_print,
            no_qr: self.print.no_qr,
            max_pages: self.print.max_pages,
            booklet: self.print.booklet(),
            file_names: self.out_dir.is_some(),
        }
    }
}

/// Check a roster against its lessons exactly as `batch` would, writing
/// nothing: every problem, or the warnings and a note of how dates were
/// read.
pub(super) fn validate(req: &Planning) -> Result<Diagnostics, Failure> {
    plan(req).map(|(plan, dates)| {
        let mut found = plan.warnings;
        if let Some(sample) = dates {
            found.push(Diagnostic::note(sample.sentence()));
        }
        found
    })
}

/// Read the files named and plan the run, nothing written; and one date
/// written in numbers alone, to show how such dates were read.
fn plan(req: &Planning) -> Result<(Plan, Option<DateSample>), Failure> {
    let (mut inputs, mut warnings) = read_inputs(req.inputs)?;
    let options = req.reading.options(today(), inputs.date_order);
    let default_date = req
        .date
        .map(|d| parse_date(d, options.date_order))
        .transpose()?;
    add_local_help(&mut inputs, req.local_help, &mut warnings)?;
    if let Some(l) = req.languages.fallback_language {
        inputs.packaging.fallback_language = Some(l);
    }
    let roster_name = req.roster.display().to_string();
    let bytes = read_limited(req.roster, FileKind::Roster)?;
    let roster = roster::read(&roster_name, &bytes, &options, FontBook::global()).map(|(r, w)| {
        warnings.extend(w);
        r
    });
    let dates = roster
        .as_ref()
        .ok()
        .and_then(|r| DateSample::pick(default_date.into_iter().chain(r.dates_read())));
    let mut lessons = LessonFiles::new(&inputs.refs);
    batch::plan(Inputs {
        packaging: inputs.packaging,
        lessons: &mut lessons,
        roster,
        warnings,
        default_date: default_date.map(|d| d.date),
        opts: crate::layout::Options {
            booklet: req.booklet,
            ..layout_options(req.paper, req.large_print, req.no_qr, req.max_pages)
        },
        file_names: req.file_names,
        page_limit_hint: "split it into several lessons, or raise the limit with --max-pages",
        strict_languages: req.languages.strict_languages,
    })
    .map(|plan| (plan, dates))
    .map_err(|diags| Failure {
        code: lessons.worst,
        diags,
    })
}
