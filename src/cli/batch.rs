//! `handout batch`: one packet for every client of a roster, as one PDF per
//! client in a folder, one combined print file, or both.
//!
//! Everything is checked before anything is written: the packet, every
//! lesson edition the roster's languages need, every roster row, and a
//! layout of each lesson. Then clients are rendered on all cores, a few
//! at a time, and written in roster order (the manifest too, a row as each
//! client joins), so memory stays flat as the roster grows and the output
//! doesn't depend on `--jobs`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufWriter, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use clap::Args;

use super::build::{PaperArg, layout_options, parse_date, pdf_options, today};
use super::clients::Clients;
use super::inputs::{Loader, add_local_help, read_inputs};
use super::{Failure, FileKind, io_reason, output, read_limited};
use crate::batch::{Job, ManifestRow, ManifestWriter, Packaging, file_stem, unique_file_names};
use crate::cache::Cache;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::labels::Language;
use crate::layout::{self, Options, Page};
use crate::lesson::Lesson;
use crate::pdf::combine::Combiner;
use crate::pdf::{self, PdfOptions};
use crate::roster;
use crate::worksheet::{Header, choose_scenarios, personalize};

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// A `.packet.toml`, or lessons (built-in ids or files) to print as one packet.
    #[arg(value_name = "PACKET|LESSON", required = true)]
    pub inputs: Vec<String>,
    /// The clients: a CSV file or an Excel workbook with a name column.
    #[arg(long, value_name = "ROSTER.csv|.xlsx")]
    pub roster: PathBuf,
    #[command(flatten)]
    pub reading: RosterReading,
    /// Write one PDF per client into this folder (created if missing), with a manifest.csv.
    #[arg(long, value_name = "DIR", required_unless_present = "combined")]
    pub out_dir: Option<PathBuf>,
    /// Write every client's packet into one print file, each starting on a front page.
    #[arg(long, value_name = "FILE.pdf")]
    pub combined: Option<PathBuf>,
    /// Give every packet an even number of pages (a blank back page where
    /// needed), so each starts on the front of a sheet. Always on for --combined.
    #[arg(long)]
    pub duplex: bool,
    /// Clients rendered at once [default: the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// The date for rows whose `date` is empty: YYYY-MM-DD, or `today`.
    #[arg(long, value_name = "YYYY-MM-DD|today")]
    pub date: Option<String>,
    /// Paper size.
    #[arg(long, value_enum, default_value = "letter")]
    pub paper: PaperArg,
    /// Body text at 18 pt, with lines, boxes and the tracker grown to match.
    #[arg(long)]
    pub large_print: bool,
    /// Add form fields where a person writes, to fill in on a screen.
    #[arg(long)]
    pub fillable: bool,
    /// Leave out the QR codes that print each link.
    #[arg(long)]
    pub no_qr: bool,
    /// The most pages one lesson may take; a packet may take five times
    /// as many. Layout stops at the limit.
    #[arg(long, value_name = "N", default_value_t = crate::layout::MAX_LESSON_PAGES as u32,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_pages: u32,
    /// The facility's own help lines (a TOML file of `[[local_help]]`
    /// entries), printed beside 988 and 911 in the safety box and footers.
    #[arg(long, value_name = "FILE.toml")]
    pub local_help: Option<PathBuf>,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NameOrderArg {
    /// Ana Ruiz
    FirstLast,
    /// Ruiz, Ana
    LastFirst,
}

impl RosterReading {
    pub(super) fn options(&self, today: time::Date) -> roster::ReadOptions {
        roster::ReadOptions {
            today,
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

/// A checked run, ready to render.
/// Rows are kept as read and turned into jobs as they are rendered: a job
/// holds more (chosen scenarios per lesson) than a row, and the plan lives
/// for the whole run, so this keeps memory from growing with the roster.
struct Plan {
    packaging: Packaging,
    editions: BTreeMap<Option<Language>, Vec<Arc<Lesson>>>,
    rows: Clients,
    default_date: Option<time::Date>,
}

impl Plan {
    fn len(&self) -> usize {
        self.rows.len()
    }

    /// A row's job. Its scenarios were checked when the plan was made.
    fn job(&self, row: &super::clients::Client) -> Job {
        let lessons = self.editions[&row.language].clone();
        let all: Vec<&Lesson> = lessons.iter().map(|l| l.as_ref()).collect();
        let chosen =
            choose_scenarios(&all, row.scenarios).unwrap_or_else(|_| vec![None; all.len()]);
        Job {
            lessons,
            chosen,
            header: Header {
                name: Some(row.name.to_string()),
                date: None,
                clinician: row.clinician.map(str::to_string),
                facility: None,
            },
            date: row.date.or(self.default_date),
        }
    }
}

pub fn execute(args: BatchArgs) -> Result<Diagnostics, Failure> {
    let started = Instant::now();
    let (mut plan, warnings) = plan(&args.request())?;
    // Reading and checking the roster made and dropped a few hundred bytes
    // a row on this thread, which would otherwise stay the process's until
    // the end: with 20,000 rows, 8 MB.
    super::release_freed_memory();
    super::print_diagnostics(&warnings);
    let opts = layout_options(args.paper, args.large_print, args.no_qr, args.max_pages);
    let pdf_opts = pdf_options(args.fillable)?;

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

    // Output places must exist before anything is written; the combined
    // file's temporary first, so a bad path leaves no empty folder behind.
    let combined = match &args.combined {
        Some(path) => Some(CombinedOut::create(path, &plan, &pdf_opts, args.mode())?),
        None => None,
    };
    if let Some(dir) = &args.out_dir {
        output::create_dir(dir, args.mode()).map_err(|e| {
            Failure::usage(Diagnostic::error(format!(
                "cannot create the folder {}: {}",
                dir.display(),
                io_reason(&e)
            )))
        })?;
    }
    // The manifest is written as clients join, to a temporary file beside
    // it, renamed into place last of all.
    let mut manifest = match manifest_path(&args) {
        Some(path) => Some(ManifestOut::create(path, args.mode())?),
        None => None,
    };

    let _ = ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst));
    let threads = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    // Worker threads start once the first client shows how big a document
    // is: no more than the memory budget lets work at once, since each
    // thread's allocator keeps what it once held. Each client's file is
    // flushed to disk before its thread renders the next: with --out-dir,
    // twice the threads, so that while one waits on the disk another
    // renders.
    let workers = if args.out_dir.is_some() {
        threads * 2
    } else {
        threads
    };
    // The time left shows once there is enough to go on: the first clients
    // pay for starting up (fonts, the first subsets), and an estimate from
    // them alone promised a minute for a six-second run.
    let style = |template: &str| {
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    };
    let progress = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(plan.len() as u64);
        bar.set_style(style("{bar:40} {pos}/{len} clients"));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut eta_shown = false;

    // The rows go, a block at a time, as their clients start; the rest of
    // the plan is shared with the workers.
    let mut rows = std::mem::take(&mut plan.rows);
    let clients = rows.len();
    let start = |rows: &mut Clients, i: usize| {
        let row = rows.get(i);
        let started = Started {
            line: row.line,
            id: row.id.map(Box::from),
            file: args.out_dir.as_ref().map(|_| Box::from(row.file)),
            job: plan.job(&row),
        };
        rows.forget_before(i + 1);
        started
    };
    let run = Run {
        plan: &plan,
        opts: &opts,
        pdf_opts: &pdf_opts,
        out_dir: args.out_dir.as_deref(),
        want_doc: combined.is_some(),
        duplex: args.duplex,
        mode: args.mode(),
        // One cache the workers share: what the PDF stage keeps (bodies,
        // subsets, deflated fonts) is costly to make and the same for every
        // worker; one per worker made it once per worker (with --out-dir's
        // twice-the-threads workers, a third more CPU for 200 clients).
        caches: vec![Cache::new()],
    };
    let mut combined = combined;
    // Every page that will print, blank backs included.
    let mut total_pages = 0;
    let mut combined_pages = 0;
    // The first client goes alone, to learn how big a document is. Then a
    // pool renders the rest, in roster order, with as many in flight
    // (rendering, or rendered and waiting their turn) as the memory budget
    // allows, never more than eight per thread; this thread joins each one
    // to the combined file as soon as those before it have joined, and
    // starts another. Nothing waits for a whole window: rendering in
    // windows, with one window joining while the next rendered, left a
    // core idle whenever one side finished first (2,000 clients combined:
    // about a quarter of the wall time).
    let mut most_pages = 0;
    // One client's document joins the run: its manifest row, its packet in
    // the combined file.
    let mut take = |s: Started, r: Rendered| -> Result<(), Failure> {
        let mut placed_at = None;
        if let (Some(c), Some(doc)) = (combined.as_mut(), r.doc.as_ref()) {
            let placed = c
                .combiner
                .add_painted(
                    doc,
                    &format!("Roster line {}", s.line),
                    &format!("row-{}", s.line),
                    true,
                )
                .map_err(|e| c.fail(&e))?;
            placed_at = Some((
                placed.first_page,
                placed.first_page + placed.pages + placed.blanks - 1,
            ));
            combined_pages = placed.first_page + placed.pages + placed.blanks - 1;
        }
        total_pages += r.pages;
        if let Some(m) = manifest.as_mut() {
            m.row(&ManifestRow {
                line: s.line as usize,
                id: s.id.map(String::from),
                file: s.file.map(String::from),
                pages: r.pages,
                combined_pages: placed_at,
            })?;
        }
        progress.inc(1);
        Ok(())
    };
    if clients > 0 {
        let s = start(&mut rows, 0);
        let r = run.render(&s)?;
        most_pages = r.pages;
        take(s, r)?;
    }
    if clients > 1 {
        // Its threads live for the run (a thread started per window took
        // 1.7-2.1 s of system time at 20,000 clients against 1.3-1.4 s,
        // and no less memory).
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(workers.min(window_for(most_pages, workers)))
            .build()
            .map_err(|e| {
                Failure::usage(Diagnostic::error(format!(
                    "cannot start worker threads: {e}"
                )))
            })?;
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let run = &run;
        pool.in_place_scope(|s| -> Result<(), Failure> {
            let mut next = 1;
            let mut joined = 1;
            // Rendered, waiting for the ones before them to join.
            let mut ready: BTreeMap<usize, (Started, Rendered)> = BTreeMap::new();
            while joined < clients {
                let in_flight = 2 * window_for(most_pages, workers);
                while next < clients && next - joined < in_flight {
                    let done = done_tx.clone();
                    let i = next;
                    let client = start(&mut rows, i);
                    s.spawn(move |_| {
                        let r = run.render(&client);
                        // The run stops taking results only when it
                        // fails; then this one is not wanted.
                        let _ = done.send((i, client, r));
                    });
                    next += 1;
                }
                // `joined` has started and not joined: one will come.
                let (i, client, result) =
                    done_rx.recv().expect("every started client reports back");
                let r = result?;
                most_pages = most_pages.max(r.pages);
                ready.insert(i, (client, r));
                while let Some((s, r)) = ready.remove(&joined) {
                    take(s, r)?;
                    joined += 1;
                }
                if !eta_shown && started.elapsed().as_secs_f64() > 2.0 && joined * 10 >= clients {
                    progress.set_style(style("{bar:40} {pos}/{len} clients  {eta} left"));
                    eta_shown = true;
                }
                if STOP.load(Ordering::SeqCst) {
                    progress.abandon();
                    return Err(interrupted(next, clients, args.out_dir.is_some()));
                }
            }
            Ok(())
        })?;
    }

    progress.finish_and_clear();

    // The combined file, then the manifest, last of all.
    let mut wrote = Vec::new();
    if let Some(dir) = &args.out_dir {
        wrote.push(format!(
            "{} ({clients} files and manifest.csv)",
            dir.display(),
        ));
    }
    if let (Some(c), Some(path)) = (combined, &args.combined) {
        c.finish(path)?;
        wrote.push(path.display().to_string());
    }
    if let Some(m) = manifest {
        m.finish()?;
    }
    eprintln!(
        "{}, {:.1} s; wrote {}",
        paper_summary(clients, total_pages, combined_pages, args.duplex),
        started.elapsed().as_secs_f64(),
        wrote.join(" and ")
    );
    Ok(Diagnostics::new())
}

/// What the run will print, for the copy room: "3 clients, 36 pages on 18
/// sheets of paper, both sides". Every page counts, blank backs too: the
/// combined file's (always printed both sides), else the per-client files'
/// (both sides with --duplex, one side without).
fn paper_summary(clients: usize, pages: usize, combined_pages: usize, duplex: bool) -> String {
    let s = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (pages, both_sides) = if combined_pages > 0 {
        (combined_pages, true)
    } else {
        (pages, duplex)
    };
    let sheets = if both_sides { pages.div_ceil(2) } else { pages };
    format!(
        "{}, {} on {} of paper, {}",
        s(clients, "client", "clients"),
        s(pages, "page", "pages"),
        s(sheets, "sheet", "sheets"),
        if both_sides { "both sides" } else { "one side" }
    )
}

/// Memory the clients in flight may take, rendering or waiting to join the
/// combined file: well under the 500 MB a busy office machine can spare.
const IN_FLIGHT_BUDGET: usize = 256 << 20;

/// What a page costs in memory while its document is in flight (layout,
/// PDF objects, bytes), measured on a 1,251-page lesson: about 46 KB, with
/// room to spare.
const BYTES_PER_PAGE: usize = 64 << 10;

/// How many clients to render at once when the largest document so far has
/// `pages` pages: as many as half the budget holds (as many again may be
/// rendered and waiting to join), at least one, at most four per thread
/// (which keeps every core busy on ordinary lessons).
fn window_for(pages: usize, threads: usize) -> usize {
    let per_client = pages.max(1) * BYTES_PER_PAGE;
    (IN_FLIGHT_BUDGET / 2 / per_client).clamp(1, threads * 4)
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
            for row in plan.rows.iter() {
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
pub(super) struct Request<'a> {
    pub inputs: &'a [String],
    pub roster: &'a Path,
    pub reading: &'a RosterReading,
    pub date: Option<&'a str>,
    pub local_help: Option<&'a Path>,
    pub paper: PaperArg,
    pub large_print: bool,
    pub no_qr: bool,
    pub max_pages: u32,
    /// Whether each client gets a file name (with `--out-dir`).
    pub file_names: bool,
}

impl BatchArgs {
    fn request(&self) -> Request<'_> {
        Request {
            inputs: &self.inputs,
            roster: &self.roster,
            reading: &self.reading,
            date: self.date.as_deref(),
            local_help: self.local_help.as_deref(),
            paper: self.paper,
            large_print: self.large_print,
            no_qr: self.no_qr,
            max_pages: self.max_pages,
            file_names: self.out_dir.is_some(),
        }
    }
}

/// Check a roster against its lessons exactly as `batch` would, writing
/// nothing: every problem, or the warnings.
pub(super) fn validate(req: &Request) -> Result<Diagnostics, Failure> {
    plan(req).map(|(_, warnings)| warnings)
}

/// Read and check everything; nothing is written here.
fn plan(args: &Request) -> Result<(Plan, Diagnostics), Failure> {
    let book = FontBook::global();
    let today = today();
    let default_date = args.date.map(parse_date).transpose()?;
    let (mut inputs, mut warnings) = read_inputs(args.inputs)?;
    add_local_help(&mut inputs, args.local_help, &mut warnings)?;

    let roster_name = args.roster.display().to_string();
    let bytes = read_limited(args.roster, FileKind::Roster)?;
    let mut errors = Diagnostics::new();
    let roster = match roster::read(&roster_name, &bytes, &args.reading.options(today), book) {
        Ok((r, w)) => {
            warnings.extend(w);
            Some(r)
        }
        Err(d) => {
            errors.extend(d);
            None
        }
    };

    // The lessons in every language the roster asks for, each file once.
    let languages: BTreeSet<Option<Language>> = roster
        .as_ref()
        .map(|r| r.rows.iter().map(|row| row.language).collect())
        .unwrap_or_else(|| BTreeSet::from([None]));
    let mut loader = Loader::default();
    let mut editions: BTreeMap<Option<Language>, Vec<Arc<Lesson>>> = BTreeMap::new();
    let mut worst = 1;
    for lang in languages {
        match loader.load_all(&inputs.refs, lang, &mut warnings) {
            Ok(lessons) => {
                editions.insert(lang, lessons);
            }
            Err(f) => {
                worst = worst.max(f.code);
                errors.extend(f.diags);
            }
        }
    }
    // Lay each lesson out once, blank: problems only layout finds (a
    // tracker too wide for the paper) must stop the run before it writes.
    let opts = layout_options(args.paper, args.large_print, args.no_qr, args.max_pages);
    let mut checked = BTreeSet::new();
    let cache = Cache::new();
    for lesson in editions.values().flatten() {
        if checked.insert(Arc::as_ptr(lesson)) {
            let ws = personalize(lesson, None, Header::default())
                .with_local_help(&inputs.packaging.local_help);
            match layout::layout(&ws, &opts, book, &cache) {
                Err(e @ layout::LayoutError::TooManyPages { .. }) => errors.push(
                    Diagnostic::error(format!("{e} at {}", opts.size_name()))
                        .hint("split it into several lessons, or raise the limit with --max-pages"),
                ),
                Err(e) => errors.push(Diagnostic::error(format!(
                    "cannot lay out `{}`: {e}",
                    lesson.id
                ))),
                Ok(_) => {}
            }
        }
    }
    let Some(roster) = roster else {
        return Err(Failure {
            code: worst,
            diags: sorted(errors),
        });
    };
    if !errors.is_empty() {
        return Err(Failure {
            code: worst,
            diags: sorted(errors),
        });
    }

    for row in &roster.rows {
        let all: Vec<&Lesson> = editions[&row.language].iter().map(|l| l.as_ref()).collect();
        if let Err(e) = choose_scenarios(&all, &row.scenarios) {
            errors.push(
                roster
                    .scenarios_error(row, row.unknown_scenarios(&e.unknown))
                    .hint(e.hint()),
            );
        }
    }
    if !errors.is_empty() {
        return Err(Failure::invalid(sorted(errors)));
    }
    // Names are unique whatever the roster: nothing to check here.
    let files = if args.file_names {
        let stems: Vec<String> = roster
            .rows
            .iter()
            .map(|r| file_stem(r.id.as_deref(), &r.name))
            .collect();
        unique_file_names(&stems)
    } else {
        Vec::new()
    };
    Ok((
        Plan {
            packaging: inputs.packaging,
            editions,
            rows: Clients::new(roster.rows, files),
            default_date,
        },
        warnings,
    ))
}

fn sorted(mut d: Diagnostics) -> Diagnostics {
    d.sort();
    d
}

/// One client's finished packet.
struct Rendered {
    pages: usize,
    /// Kept for the combined file.
    doc: Option<pdf::Painted>,
}

/// A client the run has started: what rendering and the manifest need of
/// its roster row, its own, so the row itself can go.
struct Started {
    line: u32,
    id: Option<Box<str>>,
    /// Its file's name, with `--out-dir`.
    file: Option<Box<str>>,
    job: Job,
}

/// What every worker needs; shared read-only.
struct Run<'a> {
    plan: &'a Plan,
    opts: &'a Options,
    pdf_opts: &'a PdfOptions,
    out_dir: Option<&'a Path>,
    want_doc: bool,
    duplex: bool,
    /// Permissions of the files written.
    mode: u32,
    /// The run's caches: one, shared by every worker (see where it is
    /// made); `cache` picks a worker's, should there be one each again.
    caches: Vec<Cache>,
}

impl Run<'_> {
    /// The calling worker's own cache.
    fn cache(&self) -> &Cache {
        let i = rayon::current_thread_index().map_or(0, |i| i + 1);
        &self.caches[i.min(self.caches.len() - 1)]
    }

    fn render(&self, client: &Started) -> Result<Rendered, Failure> {
        let fail = |message: String| {
            Failure::invalid(Diagnostic::error(format!(
                "roster line {}: {message}",
                client.line
            )))
        };
        let mut doc = client
            .job
            .layout(
                &self.plan.packaging,
                self.opts,
                FontBook::global(),
                self.cache(),
            )
            .map_err(|e| fail(e.without_context()))?;
        if self.duplex && self.out_dir.is_some() && doc.pages.len() % 2 == 1 {
            // A blank back page, so the next file printed starts on a front.
            // The combined file then needs no blank of its own after it.
            let (width, height) = (doc.pages[0].width, doc.pages[0].height);
            doc.pages.push(Page {
                width,
                height,
                items: Vec::new(),
                running: 0..0,
            });
        }
        let pages = doc.pages.len();
        let painted =
            pdf::paint(&doc, self.pdf_opts, self.cache()).map_err(|e| fail(e.to_string()))?;
        if let (Some(dir), Some(file)) = (self.out_dir, client.file.as_deref()) {
            let bytes = pdf::save_painted(&painted).map_err(|e| fail(e.to_string()))?;
            output::write(&dir.join(file), &bytes, self.mode)?;
        }
        Ok(Rendered {
            pages,
            doc: self.want_doc.then_some(painted),
        })
    }
}

/// The manifest being written: a temporary file beside it, renamed into
/// place when the run is complete (and removed if it fails or stops).
struct ManifestOut {
    writer: ManifestWriter<BufWriter<tempfile::NamedTempFile>>,
    path: PathBuf,
}

impl ManifestOut {
    fn create(path: PathBuf, mode: u32) -> Result<ManifestOut, Failure> {
        let tmp = output::temp_beside(output::folder_of(&path), mode)
            .and_then(|tmp| ManifestWriter::new(BufWriter::new(tmp)))
            .map_err(|e| output::fail(&path, &e))?;
        Ok(ManifestOut { writer: tmp, path })
    }

    fn row(&mut self, row: &ManifestRow) -> Result<(), Failure> {
        self.writer
            .row(row)
            .map_err(|e| output::fail(&self.path, &e))
    }

    fn finish(self) -> Result<(), Failure> {
        let buffered = self
            .writer
            .finish()
            .map_err(|e| output::fail(&self.path, &e))?;
        output::persist(buffered, &self.path)
    }
}

/// The combined file being written: a temporary file beside the target,
/// renamed into place when complete.
struct CombinedOut {
    combiner: Combiner<BufWriter<tempfile::NamedTempFile>>,
    path: PathBuf,
}

impl CombinedOut {
    fn create(
        path: &Path,
        plan: &Plan,
        pdf_opts: &PdfOptions,
        mode: u32,
    ) -> Result<CombinedOut, Failure> {
        let dir = output::folder_of(path);
        let fail = |e: std::io::Error| output::fail(path, &e);
        let tmp = output::temp_beside(dir, mode).map_err(fail)?;
        let title = plan
            .editions
            .values()
            .next()
            .map_or_else(String::new, |lessons| plan.packaging.title_for(lessons));
        let combiner = Combiner::new(
            BufWriter::new(tmp),
            &title,
            &format!("handout {}", env!("CARGO_PKG_VERSION")),
            pdf_opts.creation_date.and_then(pdf::pdf_date),
        )
        .map_err(fail)?;
        Ok(CombinedOut {
            combiner,
            path: path.to_path_buf(),
        })
    }

    fn fail(&self, e: &std::io::Error) -> Failure {
        output::fail(&self.path, e)
    }

    fn finish(self, path: &Path) -> Result<(), Failure> {
        let writer = self.combiner.finish().map_err(|e| output::fail(path, &e))?;
        output::persist(writer, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_the_paper_that_prints() {
        // Per-client files, one side.
        assert_eq!(
            paper_summary(3, 15, 0, false),
            "3 clients, 15 pages on 15 sheets of paper, one side"
        );
        // With --duplex the blank backs are in the files' pages already.
        assert_eq!(
            paper_summary(3, 18, 0, true),
            "3 clients, 18 pages on 9 sheets of paper, both sides"
        );
        // The combined file, blank backs and all.
        assert_eq!(
            paper_summary(1, 5, 6, false),
            "1 client, 6 pages on 3 sheets of paper, both sides"
        );
    }

    #[test]
    fn big_documents_are_rendered_fewer_at_a_time() {
        // Ordinary lessons keep every thread busy, four clients each.
        assert_eq!(window_for(6, 2), 8);
        assert_eq!(window_for(20, 16), 64);
        // A 1,251-page lesson: one at a time (two in flight) within the
        // budget, whatever --jobs says.
        assert_eq!(window_for(1251, 16), 1);
        assert_eq!(window_for(1251, 1), 1);
        assert_eq!(window_for(600, 16), 3);
        // Never none.
        assert_eq!(window_for(1_000_000, 16), 1);
    }
}
