//! A group's packets from an uploaded roster: checked as `handout check`
//! checks it (every problem, row by row, never quoting a cell), then made
//! in the background with progress to show, and handed over once as a ZIP
//! of per-client PDFs with their manifest, or one combined file for
//! double-sided printing. The roster and the packets live in memory only,
//! never on disk (deleted data can stay in a disk's blocks): the packets
//! are gone once downloaded, after an hour, or when the server stops.
//! Uploads are capped at [`MAX_WEB_ROWS`] clients and the runs held at
//! [`MAX_RUNS`]; the bytes of every run held or being made together at
//! [`MAX_HELD_BYTES`], counted as they are produced (a count can't bound a
//! long packet), so no upload can take the computer's memory.

use std::collections::HashMap;
use std::io::{Seek, SeekFrom, Write};

use axum::body::Bytes;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::batch::{self, Combined, Inputs, Plan, Presses, RunError, Shelf, Zip};
use crate::dates::DateOrder;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::labels::Language;
use crate::layout::{Options, Paper};
use crate::lesson::Lesson;
use crate::roster::{self, ReadOptions};
use crate::worksheet::today;

use super::catalog::Catalog;
use super::group_inputs::{Editions, FieldError, Shelves, Typed, as_diagnostic, local_help};
use super::words::Words;

/// What the group form asks for, from the address's query.
#[derive(Debug, Default)]
pub struct Ask {
    pub lessons: Vec<String>,
    pub combined: bool,
    /// The combined file in a ZIP with its manifest, not alone.
    pub combined_zip: bool,
    /// A packet's key (see [`Shelves`]): its lessons print first, with its
    /// cover, contents, facility name and help lines.
    pub packet: Option<String>,
    /// A saved help file's name in the lessons folder.
    pub help_file: Option<String>,
    /// Help lines typed into the page.
    pub typed_help: Vec<Typed>,
    pub fillable: bool,
    /// Each client's own PDF with an even number of pages.
    pub duplex: bool,
    /// Each client's packet as a booklet to fold and staple.
    pub booklet: bool,
    pub paper: Paper,
    pub large_print: bool,
    pub date: Option<time::Date>,
    /// How dates in numbers alone are read, in the roster and `date`.
    pub date_order: DateOrder,
    /// The workbook sheet to read; the first visible one when `None`.
    pub sheet: Option<String>,
}

impl Ask {
    /// `lesson` (repeated), `packet`, `output=zip|combined|combined_zip|print`,
    /// `paper`, `large_print`, `fillable`, `duplex`, `booklet`, `date`,
    /// `date_order=mdy|dmy`, `sheet`, `help_file`, and `help_name`,
    /// `help_phone`, `help_hours` for each typed help line, in that order;
    /// the problems with them, in `w`'s words.
    pub fn parse(query: &str, w: &Words) -> Result<Ask, Vec<String>> {
        let mut ask = Ask::default();
        let mut errors = Vec::new();
        let mut date = None;
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            match &*k {
                "lesson" => ask.lessons.push(v.into_owned()),
                "output" => {
                    // Printing sends the one combined file.
                    ask.combined = v == "combined" || v == "combined_zip" || v == "print";
                    ask.combined_zip = v == "combined_zip";
                }
                "packet" if !v.is_empty() => ask.packet = Some(v.into_owned()),
                "help_file" if !v.is_empty() => ask.help_file = Some(v.into_owned()),
                "help_name" => ask.typed_help.push(Typed {
                    name: v.into_owned(),
                    ..Typed::default()
                }),
                "help_phone" => {
                    if let Some(t) = ask.typed_help.last_mut() {
                        t.phone = v.into_owned();
                    }
                }
                "help_hours" => {
                    if let Some(t) = ask.typed_help.last_mut() {
                        t.hours = v.into_owned();
                    }
                }
                "fillable" => ask.fillable = true,
                "duplex" => ask.duplex = true,
                "booklet" => ask.booklet = true,
                "paper" if v == "a4" => ask.paper = Paper::A4,
                "large_print" => ask.large_print = true,
                "sheet" if !v.is_empty() => ask.sheet = Some(v.into_owned()),
                "date" if !v.trim().is_empty() => date = Some(v),
                "date_order" => match DateOrder::parse(&v) {
                    Some(order) => ask.date_order = order,
                    None => errors.push(w.group_bad_date_order.to_string()),
                },
                _ => {}
            }
        }
        if let Some(v) = date {
            match crate::dates::parse(&v, ask.date_order, today()) {
                Some(d) => ask.date = Some(d),
                None => errors.push(w.group_bad_date.to_string()),
            }
        }
        // As `batch --booklet` refuses it: a booklet is for paper.
        if ask.booklet && ask.fillable {
            errors.push(w.group_booklet_fillable.to_string());
        }
        if ask.lessons.is_empty() && ask.packet.is_none() {
            errors.push(w.group_need_lesson.to_string());
        }
        if errors.is_empty() {
            Ok(ask)
        } else {
            Err(errors)
        }
    }
}

/// A checked group, ready to make: the engine's plan, and how the packets
/// are handed over.
pub struct Checked {
    plan: Plan,
    combined: bool,
    combined_zip: bool,
    fillable: bool,
    duplex: bool,
    booklet: bool,
    title: String,
    /// The words of the page that asked, for what the run says.
    words: &'static Words,
}

impl Checked {
    /// How many clients it prints for.
    pub(super) fn len(&self) -> usize {
        self.plan.len()
    }
}

/// Why a group can't be made: every problem found, and the page's fields
/// (typed help lines) that have one.
#[derive(Default)]
pub struct Refused {
    pub diags: Diagnostics,
    pub fields: Vec<FieldError>,
}

impl From<Diagnostics> for Refused {
    fn from(diags: Diagnostics) -> Refused {
        Refused {
            diags,
            fields: Vec::new(),
        }
    }
}

impl From<Diagnostic> for Refused {
    fn from(d: Diagnostic) -> Refused {
        Diagnostics::from(d).into()
    }
}

/// The lessons a group prints, each in every edition it has, as a plan
/// reads them: each in a row's language, or its default edition (with a
/// warning) where it has none in that language.
struct Stack(Vec<Editions>);

impl Shelf for Stack {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn name(&self, i: usize) -> String {
        self.0[i].0.clone()
    }

    fn edition(
        &mut self,
        i: usize,
        language: Option<Language>,
        _warnings: &mut Diagnostics,
    ) -> Result<Arc<Lesson>, Diagnostics> {
        let all = &self.0[i].1;
        all.iter()
            .find(|l| Some(l.language) == language)
            .or_else(|| all.first())
            .cloned()
            .ok_or_else(|| Diagnostic::error(format!("there is no lesson {}", self.0[i].0)).into())
    }
}

/// Check `roster` (a CSV or a workbook) for `ask`'s packet and lessons as
/// `handout batch` checks it: the group, and its warnings and notes; or
/// every problem. Messages name rows and columns, never what a cell holds.
pub fn plan(
    catalog: &Catalog,
    shelves: &Shelves,
    ask: &Ask,
    roster_bytes: &[u8],
    w: &'static Words,
) -> Result<(Checked, Diagnostics), Refused> {
    let packet = match &ask.packet {
        Some(key) => Some(
            shelves
                .packet(key)
                .ok_or_else(|| Diagnostic::error(w.group_no_packet))?,
        ),
        None => None,
    };
    let mut lessons: Vec<Editions> = packet.map(|p| p.lessons.clone()).unwrap_or_default();
    let mut problems = Diagnostics::new();
    for id in &ask.lessons {
        match catalog.find(id, None) {
            Some((e, _)) => lessons.push((
                format!("the lesson `{id}`"),
                e.editions.iter().map(|e| e.lesson.clone()).collect(),
            )),
            None => problems.push(Diagnostic::error(format!("there is no lesson {id}"))),
        }
    }
    if !problems.is_empty() {
        return Err(problems.into());
    }
    let mut packaging = packet.map(|p| p.packaging.clone()).unwrap_or_default();
    let (lines, help_warnings) = local_help(
        shelves,
        ask.help_file.as_deref(),
        &ask.typed_help,
        &packaging.local_help,
        w,
    )
    .map_err(refused_fields)?;
    packaging.local_help = lines;
    let opts = ReadOptions {
        sheet: ask.sheet.clone(),
        date_order: ask.date_order,
        ..ReadOptions::new(today())
    };
    let (roster, mut warnings) = roster::read("roster", roster_bytes, &opts, FontBook::global())?;
    warnings.extend(help_warnings);
    if let Some(note) = super::report::dates_read(w, roster.date_sample()) {
        warnings.push(note);
    }
    if roster.rows.len() > MAX_WEB_ROWS {
        return Err(Diagnostic::error(
            w.group_too_many_rows
                .replace("{rows}", &roster.rows.len().to_string())
                .replace("{max}", &MAX_WEB_ROWS.to_string()),
        )
        .into());
    }
    let title = match packet {
        Some(p) => p.title.clone(),
        None => lessons
            .iter()
            .filter_map(|(_, editions)| editions.first())
            .map(|l| l.title.to_plain())
            .collect::<Vec<_>>()
            .join(" · "),
    };
    let plan = batch::plan(Inputs {
        packaging,
        lessons: &mut Stack(lessons),
        roster: Ok(roster),
        warnings,
        default_date: ask.date,
        opts: Options {
            paper: ask.paper,
            large_print: ask.large_print,
            qr: true,
            booklet: ask.booklet.then_some(crate::layout::Booklet::Folded),
            ..Options::default()
        },
        // A combined file names no client's own file, as `batch --combined`.
        file_names: !ask.combined,
        page_limit_hint: "ask whoever looks after the lessons to split it",
        strict_languages: false,
    })?;
    if plan.is_empty() {
        return Err(Diagnostic::error(w.group_no_clients).into());
    }
    let mut plan = plan;
    let mut warnings = std::mem::take(&mut plan.warnings);
    // Who gets which edition, in the page's words rather than the summary's.
    warnings.0.retain(|d| d.code != Some("fallback_language"));
    warnings.extend(super::report::fallback_notes(w, plan.fallbacks()));
    Ok((
        Checked {
            plan,
            combined: ask.combined,
            combined_zip: ask.combined_zip,
            fillable: ask.fillable,
            duplex: ask.duplex,
            booklet: ask.booklet,
            title,
            words: w,
        },
        warnings,
    ))
}

fn refused_fields(fields: Vec<FieldError>) -> Refused {
    Refused {
        diags: Diagnostics(fields.iter().map(as_diagnostic).collect()),
        fields,
    }
}

/// The sheets a page may offer to choose from: a workbook's visible
/// worksheets when it has more than one; none for a CSV roster.
pub fn sheets(roster_bytes: &[u8]) -> Vec<String> {
    let sheets = crate::roster::workbook::visible_sheets(roster_bytes);
    if sheets.len() > 1 { sheets } else { Vec::new() }
}

/// A problem as a sentence or two for a page: what is wrong (its row is
/// in the message), what the spot is, how to fix it. A roster's cells are
/// never in it, as in every message about a roster.
pub(super) fn plain(d: &crate::diag::Diagnostic) -> String {
    fn sentence(s: &str) -> String {
        let mut c = s.chars();
        let first = c.next().map(|f| f.to_uppercase().collect::<String>());
        let mut out = first.unwrap_or_default() + c.as_str();
        if !out.ends_with(['.', '?', '!']) {
            out.push('.');
        }
        out
    }
    let mut out = sentence(&d.message);
    for more in [&d.label, &d.hint].into_iter().flatten() {
        out.push(' ');
        out.push_str(&sentence(more));
    }
    out
}

/// What a finished run hands over: its packets, in memory (no file is
/// made for them), freed once downloaded, expired or the server stopped.
pub struct Output {
    /// The packets' bytes, in pieces.
    pub pieces: Vec<Bytes>,
    pub len: usize,
    pub content_type: &'static str,
    pub name: &'static str,
    /// The bytes' part of the budget, given back when the packets are
    /// freed: keep it as long as `bytes`.
    pub hold: Hold,
}

/// Why a run stopped.
#[derive(Clone)]
pub enum GroupError {
    /// Its packets would have taken the app past [`MAX_HELD_BYTES`]: what
    /// it had made is freed. The sentence for the page.
    TooLarge(String),
    /// A packet could not be made: where and why.
    Packet(String),
}

/// A run in the background: how far it is, and then its result.
pub struct Run {
    pub total: usize,
    /// Booklets: printed turned on the short edge.
    pub booklet: bool,
    pub done: AtomicUsize,
    result: Mutex<Option<Result<Output, GroupError>>>,
    started: Instant,
}

impl Run {
    pub fn ready(&self) -> bool {
        self.result.lock().is_ok_and(|r| r.is_some())
    }

    /// The problem, if it failed.
    pub fn failed(&self) -> Option<GroupError> {
        match &*self.result.lock().ok()? {
            Some(Err(e)) => Some(e.clone()),
            _ => None,
        }
    }
}

/// The most bytes the packets of every run held or being made may take
/// together (192 MiB): the app's memory stays under about 300 MB with four
/// runs held. `HANDOUT_SERVE_HELD_BYTES`, read when the server starts,
/// sets another budget (tests set a small one).
pub const MAX_HELD_BYTES: usize = 192 * 1024 * 1024;

/// The bytes every run's packets may take together, and those taken.
pub struct Budget {
    limit: usize,
    used: AtomicUsize,
}

impl Budget {
    pub fn new(limit: usize) -> Arc<Budget> {
        Arc::new(Budget {
            limit,
            used: AtomicUsize::new(0),
        })
    }

    /// An empty part of the budget.
    fn hold(self: &Arc<Self>) -> Hold {
        Hold {
            budget: self.clone(),
            bytes: 0,
        }
    }
}

/// Bytes taken from a [`Budget`], given back when dropped.
pub struct Hold {
    budget: Arc<Budget>,
    bytes: usize,
}

impl Hold {
    /// Take `n` more bytes; false, taking nothing, when the budget hasn't
    /// that many left.
    fn grow(&mut self, n: usize) -> bool {
        let budget = &self.budget;
        let taken = budget
            .used
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |used| {
                used.checked_add(n).filter(|&u| u <= budget.limit)
            });
        if taken.is_ok() {
            self.bytes += n;
        }
        taken.is_ok()
    }

    /// Give back all but `n` bytes.
    fn shrink_to(&mut self, n: usize) {
        let back = self.bytes.saturating_sub(n);
        self.budget.used.fetch_sub(back, Ordering::SeqCst);
        self.bytes -= back;
    }
}

impl Drop for Hold {
    fn drop(&mut self) {
        self.shrink_to(0);
    }
}

/// The size of each piece of a run's packets in memory. The packets grow
/// by new pieces, so nothing is ever moved: one buffer, grown, is copied
/// each time, and for a moment holds its bytes twice.
const PIECE: usize = 256 << 10;

/// A run's packets as they are written, in pieces of [`PIECE`] bytes, each
/// taken from the budget before it is made; a write past the budget fails,
/// noting how many bytes the run had made.
struct Held {
    pieces: Vec<Vec<u8>>,
    /// Where the next write goes, never past `len`.
    pos: usize,
    len: usize,
    hold: Hold,
    /// The bytes made when the budget ran out; 0 until it does.
    stopped_at: Arc<AtomicUsize>,
}

impl Held {
    fn new(budget: &Arc<Budget>, stopped_at: Arc<AtomicUsize>) -> Held {
        Held {
            pieces: Vec::new(),
            pos: 0,
            len: 0,
            hold: budget.hold(),
            stopped_at,
        }
    }

    /// The bytes written, their part of the budget with them.
    fn finish(self) -> (Vec<Bytes>, usize, Hold) {
        let pieces = self.pieces.into_iter().map(Bytes::from).collect();
        (pieces, self.len, self.hold)
    }
}

impl Write for Held {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        let (i, at) = (self.pos / PIECE, self.pos % PIECE);
        if i == self.pieces.len() {
            if !self.hold.grow(PIECE) {
                self.stopped_at.store(self.len.max(1), Ordering::SeqCst);
                return Err(std::io::Error::other("past the memory budget"));
            }
            self.pieces.push(Vec::with_capacity(PIECE));
        }
        // Every piece but the last is full, and `pos` is never past the
        // end, so the piece holds at least `at` bytes.
        let piece = &mut self.pieces[i];
        let n = data.len().min(PIECE - at);
        let over = (piece.len() - at).min(n);
        piece[at..at + over].copy_from_slice(&data[..over]);
        piece.extend_from_slice(&data[over..n]);
        self.pos += n;
        self.len = self.len.max(self.pos);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Seek for Held {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let (from, by) = match to {
            SeekFrom::Start(n) => (0, i64::try_from(n).unwrap_or(i64::MAX)),
            SeekFrom::End(by) => (self.len, by),
            SeekFrom::Current(by) => (self.pos, by),
        };
        let pos = i64::try_from(from)
            .ok()
            .and_then(|f| f.checked_add(by))
            .and_then(|p| usize::try_from(p).ok())
            .filter(|&p| p <= self.len)
            .ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek outside the packets")
            })?;
        self.pos = pos;
        Ok(pos as u64)
    }
}

/// The most clients one upload may print for: a day's groups at a
/// facility. A bigger roster is for `handout batch`.
pub const MAX_WEB_ROWS: usize = 2_000;

/// Runs held at once, being made or waiting to be downloaded. A new one is
/// refused until one is downloaded or expires.
pub const MAX_RUNS: usize = 4;

/// The runs under way or waiting to be downloaded, by token.
pub struct Runs {
    runs: Arc<Mutex<HashMap<String, Arc<Run>>>>,
    made: AtomicUsize,
    budget: Arc<Budget>,
}

/// How long packets nobody downloaded are kept.
const KEEP: Duration = Duration::from_secs(3600);

impl Runs {
    /// No runs yet; their packets may take `held_bytes` together.
    pub fn new(held_bytes: usize) -> Runs {
        Runs {
            runs: Default::default(),
            made: AtomicUsize::new(0),
            budget: Budget::new(held_bytes),
        }
    }

    /// Start `group` on a blocking thread; its token. `None` when
    /// [`MAX_RUNS`] are held already.
    pub fn start(&self, group: Checked) -> Option<(String, Arc<Run>)> {
        let run = Arc::new(Run {
            total: group.len(),
            booklet: group.booklet,
            done: AtomicUsize::new(0),
            result: Mutex::new(None),
            started: Instant::now(),
        });
        let token = self.token();
        {
            let mut runs = self.runs.lock().ok()?;
            runs.retain(|_, r| r.started.elapsed() < KEEP);
            if runs.len() >= MAX_RUNS {
                return None;
            }
            runs.insert(token.clone(), run.clone());
        }
        // Dropped after an hour if nobody downloads it.
        let (runs, expired) = (Arc::downgrade(&self.runs), token.clone());
        tokio::spawn(async move {
            tokio::time::sleep(KEEP).await;
            if let Some(runs) = runs.upgrade()
                && let Ok(mut runs) = runs.lock()
            {
                runs.remove(&expired);
            }
        });
        let (r, budget) = (run.clone(), self.budget.clone());
        tokio::task::spawn_blocking(move || {
            let out = make(group, &r.done, &budget);
            if let Ok(mut slot) = r.result.lock() {
                *slot = Some(out);
            }
        });
        Some((token, run))
    }

    pub fn get(&self, token: &str) -> Option<Arc<Run>> {
        self.runs.lock().ok()?.get(token).cloned()
    }

    /// The finished packets, or why there are none, handed over once.
    pub fn take(&self, token: &str) -> Option<Result<Output, GroupError>> {
        let mut runs = self.runs.lock().ok()?;
        let run = runs.get(token)?;
        let out = run.result.lock().ok()?.take()?;
        runs.remove(token);
        Some(out)
    }

    /// A finished run's packets, taken to be printed: `None` while there
    /// are none to take (not made yet, failed, or gone). Given back with
    /// [`Runs::give_back`] if the printer won't take them, so they can
    /// still be printed elsewhere or downloaded.
    pub fn lend(&self, token: &str) -> Option<(Arc<Run>, Output)> {
        let mut runs = self.runs.lock().ok()?;
        let run = runs.get(token)?.clone();
        let out = {
            let mut slot = run.result.lock().ok()?;
            if !matches!(*slot, Some(Ok(_))) {
                return None;
            }
            slot.take()?.ok()?
        };
        runs.remove(token);
        Some((run, out))
    }

    /// Packets lent and not printed, held again under their token.
    pub fn give_back(&self, token: String, run: Arc<Run>, out: Output) {
        if let Ok(mut slot) = run.result.lock() {
            *slot = Some(Ok(out));
        }
        if let Ok(mut runs) = self.runs.lock() {
            runs.insert(token, run);
        }
    }

    /// A token no one can guess: 128 bits from the standard library's
    /// randomly keyed hasher, mixed with the time and a count.
    fn token(&self) -> String {
        // 128 bits from the system's random source: a token can't be
        // guessed from another, or from when it was made.
        let mut bytes = [0u8; 16];
        if getrandom::fill(&mut bytes).is_err() {
            // No random source at all: still unique, from a counter and
            // the time, hashed with the process's random keys.
            use std::hash::{BuildHasher, Hasher};
            let n = self.made.fetch_add(1, Ordering::Relaxed);
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(n);
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            bytes[..8].copy_from_slice(&h.finish().to_le_bytes());
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Make every client's packet, in memory taken from `budget`, counting
/// each in `done`. Past the budget it stops, and what it made is freed.
fn make(group: Checked, done: &AtomicUsize, budget: &Arc<Budget>) -> Result<Output, GroupError> {
    let (clients, w) = (group.len(), group.words);
    let stopped_at = Arc::new(AtomicUsize::new(0));
    let out = Held::new(budget, stopped_at.clone());
    // On an error the writer is dropped here, its bytes freed, its budget
    // given back.
    let made = make_into(group, done, out);
    match stopped_at.load(Ordering::SeqCst) {
        0 => made.map_err(GroupError::Packet),
        bytes => {
            let mut words = too_large(w, clients, bytes, done.load(Ordering::SeqCst));
            // This run's bytes are given back by now: what is left is
            // other runs'.
            if budget.used.load(Ordering::SeqCst) > 0 {
                words.push_str(w.group_too_large_others);
            }
            Err(GroupError::TooLarge(words))
        }
    }
}

/// The page's words for a run stopped after `bytes` (for `done` of
/// `clients`): the whole run's size, roughly, from the packets made.
fn too_large(w: &Words, clients: usize, bytes: usize, done: usize) -> String {
    let whole = bytes.max(bytes.saturating_mul(clients) / done.max(1));
    let mb = (whole as f64 / 1e6).round().max(1.0);
    w.group_too_large
        .replace("{clients}", &clients.to_string())
        .replace("{mb}", &format!("{mb:.0}"))
}

/// [`make`], writing to `out`: the engine's run, one combined file or a ZIP.
fn make_into(group: Checked, done: &AtomicUsize, out: Held) -> Result<Output, String> {
    let presses = Presses {
        pdf: crate::pdf::PdfOptions {
            creation_date: None,
            fillable: group.fillable,
            untagged: false,
            booklet: group.booklet,
        },
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let mut progress = |joined: usize, _: usize| done.store(joined, Ordering::Relaxed);
    // The app has no stop button: a run goes until made or refused.
    let never = || false;
    let io = |(_, e): (batch::Target, std::io::Error)| e.to_string();
    let fail = |e: zip::result::ZipError| e.to_string();
    let (held, content_type, name) = if group.combined_zip {
        // The combined file straight into a ZIP, its manifest beside it,
        // as `batch --combined packets.pdf` writes them.
        let mut zip = zip::ZipWriter::new(out);
        zip.start_file("packets.pdf", stored()).map_err(fail)?;
        let mut sink = Combined::<_, Vec<u8>>::new(zip, &group.title, None, Some(Vec::new()))
            .map_err(|e| e.to_string())?;
        batch::run(group.plan, &presses, &mut sink, &mut progress, &never).map_err(words)?;
        let (mut zip, manifest) = sink.finish().map_err(io)?;
        zip.start_file("packets.manifest.csv", stored())
            .map_err(fail)?;
        zip.write_all(&manifest.unwrap_or_default())
            .map_err(|e| e.to_string())?;
        (
            zip.finish().map_err(fail)?,
            "application/zip",
            "packets.zip",
        )
    } else if group.combined {
        let mut sink = Combined::<Held, Vec<u8>>::new(out, &group.title, None, None)
            .map_err(|e| e.to_string())?;
        batch::run(group.plan, &presses, &mut sink, &mut progress, &never).map_err(words)?;
        (
            sink.finish().map_err(io)?.0,
            "application/pdf",
            "packets.pdf",
        )
    } else {
        let mut sink = Zip::new(out)
            .map_err(|e| e.to_string())?
            .with_duplex(group.duplex);
        batch::run(group.plan, &presses, &mut sink, &mut progress, &never).map_err(words)?;
        (sink.finish().map_err(io)?, "application/zip", "packets.zip")
    };
    let (pieces, len, hold) = held.finish();
    Ok(Output {
        pieces,
        len,
        content_type,
        name,
        hold,
    })
}

/// A ZIP entry stored as it is: a PDF is deflated already.
fn stored() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .unix_permissions(0o600)
}

/// Why a run stopped, in words for the page.
fn words(e: RunError) -> String {
    match e {
        RunError::Client { line, message } => format!("roster line {line}: {message}"),
        RunError::Write(_, e) => e.to_string(),
        RunError::Stopped { started, total } => {
            format!("stopped after {started} of {total} clients")
        }
        RunError::Threads(e) => format!("no worker threads: {e}"),
    }
}
