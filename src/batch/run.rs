//! A planned run rendered on all cores, a few clients at a time, and joined
//! into its [`Sink`] in roster order (the manifest too, a row as each
//! client joins), so memory stays flat as the roster grows and the output
//! doesn't depend on the number of threads.

use std::collections::BTreeMap;

use super::clients::Clients;
use super::plan::Plan;
use super::sink::{Finished, Folder, Needs, Sink, Target};
use super::{Job, files, printed_languages};
use crate::cache::Cache;
use crate::fonts::FontBook;
use crate::layout::Page;
use crate::pdf::{self, PdfOptions};

/// How far a run is: told each time a client joins.
pub trait Progress {
    fn joined(&mut self, joined: usize, total: usize);
}

impl<F: FnMut(usize, usize)> Progress for F {
    fn joined(&mut self, joined: usize, total: usize) {
        self(joined, total)
    }
}

/// Whether the run should stop: asked each time a client's document is
/// ready. A stopped run finishes the files being written and starts no
/// more.
pub trait Cancel {
    fn stopped(&self) -> bool;
}

impl<F: Fn() -> bool> Cancel for F {
    fn stopped(&self) -> bool {
        self()
    }
}

/// How a run renders.
#[derive(Debug, Clone)]
pub struct Presses {
    pub pdf: PdfOptions,
    /// Threads to render on.
    pub threads: usize,
}

/// Why a run stopped before it was done.
#[derive(Debug)]
pub enum RunError {
    /// A client's packet could not be made.
    Client { line: u32, message: String },
    /// An output could not be written.
    Write(Target, std::io::Error),
    /// [`Cancel`] said stop, after this many clients had started.
    Stopped { started: usize, total: usize },
    /// No worker threads could be had.
    Threads(String),
}

impl From<(Target, std::io::Error)> for RunError {
    fn from((output, e): (Target, std::io::Error)) -> RunError {
        RunError::Write(output, e)
    }
}

/// What a finished run made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub clients: usize,
    /// Every client's pages, blank backs in their own files included.
    pub pages: usize,
}

/// Render every client of `plan` into `sink`.
pub fn run(
    mut plan: Plan,
    presses: &Presses,
    sink: &mut dyn Sink,
    progress: &mut dyn Progress,
    cancel: &dyn Cancel,
) -> Result<Summary, RunError> {
    // Worker threads start once the first client shows how big a document
    // is: no more than the memory budget lets work at once, since each
    // thread's allocator keeps what it once held. Each client's file is
    // flushed to disk before its thread renders the next: with a folder,
    // twice the threads, so that while one waits on the disk another
    // renders.
    let folder = sink.folder();
    let workers = if folder.is_some() {
        presses.threads * 2
    } else {
        presses.threads
    };
    // The rows go, a block at a time, as their clients start; the rest of
    // the plan is shared with the workers.
    let rows = std::mem::take(&mut plan.rows);
    let mut joining = Joining {
        sink,
        progress,
        total: rows.len(),
        pages: 0,
        joined: 0,
    };
    let workers = Workers {
        plan: &plan,
        pdf: &presses.pdf,
        duplex: folder.as_ref().is_some_and(|f| f.duplex) || joining.sink.duplex(),
        folder,
        needs: joining.sink.needs(),
        cache: Cache::new(),
        threads: workers,
    };
    workers.render_all(rows, &mut joining, cancel)?;
    Ok(Summary {
        clients: joining.total,
        pages: joining.pages,
    })
}

/// A client the run has started: what rendering and the manifest need of
/// its roster row, its own, so the row itself can go.
struct Started {
    line: u32,
    id: Option<Box<str>>,
    /// Its file's name, when the run gives each client one.
    file: Option<Box<str>>,
    /// The language the roster asked for (its code), if any.
    language_asked: Option<&'static str>,
    job: Job,
}

/// One client's document, rendered, waiting to join.
struct Made {
    pages: usize,
    sheets: usize,
    painted: Option<pdf::Painted>,
    bytes: Option<Vec<u8>>,
}

/// The joining side of a run: clients join the sink in roster order.
struct Joining<'a> {
    sink: &'a mut dyn Sink,
    progress: &'a mut dyn Progress,
    total: usize,
    /// Every page that will print, blank backs included.
    pages: usize,
    joined: usize,
}

impl Joining<'_> {
    fn take(&mut self, s: Started, m: Made) -> Result<(), RunError> {
        self.pages += m.pages;
        self.sink.join(Finished {
            line: s.line,
            id: s.id,
            file: s.file,
            pages: m.pages,
            sheets: m.sheets,
            language_asked: s.language_asked,
            language_printed: printed_languages(&s.job.lessons),
            painted: m.painted,
            bytes: m.bytes,
        })?;
        self.joined += 1;
        self.progress.joined(self.joined, self.total);
        Ok(())
    }
}

/// What every worker needs; shared read-only.
struct Workers<'a> {
    plan: &'a Plan,
    pdf: &'a PdfOptions,
    folder: Option<Folder>,
    /// Give every packet an even number of pages.
    duplex: bool,
    needs: Needs,
    /// The run's cache, shared by every worker: what the PDF stage keeps
    /// (bodies, subsets, deflated font programs) is costly to make and the
    /// same for every worker. A cache a worker made each of them once per
    /// worker: with `--out-dir` (twice as many workers as threads) a fifth
    /// more CPU for 200 clients.
    cache: Cache,
    threads: usize,
}

impl Workers<'_> {
    /// Client `i`, started: its row may go once every client in its block
    /// has started.
    fn start(&self, rows: &mut Clients, i: usize) -> Started {
        let row = rows.get(i);
        let started = Started {
            line: row.line,
            id: row.id.map(Box::from),
            file: (!row.file.is_empty()).then(|| Box::from(row.file)),
            language_asked: row.language.map(|a| a.code()),
            job: self.plan.job(&row),
        };
        rows.forget_before(i + 1);
        started
    }

    /// The first client goes alone, to learn how big a document is. Then a
    /// pool renders the rest, in roster order, with as many in flight
    /// (rendering, or rendered and waiting their turn) as the memory budget
    /// allows, never more than eight per thread; this thread joins each one
    /// to the sink as soon as those before it have joined, and starts
    /// another. Nothing waits for a whole window: rendering in windows, with
    /// one window joining while the next rendered, left a core idle whenever
    /// one side finished first (2,000 clients combined: about a quarter of
    /// the wall time).
    fn render_all(
        &self,
        mut rows: Clients,
        joining: &mut Joining,
        cancel: &dyn Cancel,
    ) -> Result<(), RunError> {
        let clients = rows.len();
        if clients == 0 {
            return Ok(());
        }
        let s = self.start(&mut rows, 0);
        let m = self.render(&s)?;
        let mut most_pages = m.pages;
        joining.take(s, m)?;
        if clients == 1 {
            return Ok(());
        }
        // Its threads live for the run (a thread started per window took
        // 1.7-2.1 s of system time at 20,000 clients against 1.3-1.4 s,
        // and no less memory).
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads.min(window_for(most_pages, self.threads)))
            .build()
            .map_err(|e| RunError::Threads(e.to_string()))?;
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        pool.in_place_scope(|scope| -> Result<(), RunError> {
            let mut next = 1;
            // Rendered, waiting for the ones before them to join.
            let mut ready: BTreeMap<usize, (Started, Made)> = BTreeMap::new();
            while joining.joined < clients {
                let in_flight = 2 * window_for(most_pages, self.threads);
                while next < clients && next - joining.joined < in_flight {
                    let done = done_tx.clone();
                    let i = next;
                    let client = self.start(&mut rows, i);
                    scope.spawn(move |_| {
                        let r = self.render(&client);
                        // The run stops taking results only when it
                        // fails; then this one is not wanted.
                        let _ = done.send((i, client, r));
                    });
                    next += 1;
                }
                // `joined` has started and not joined: one will come.
                let (i, client, result) =
                    done_rx.recv().expect("every started client reports back");
                let m = result?;
                most_pages = most_pages.max(m.pages);
                ready.insert(i, (client, m));
                while let Some((s, m)) = ready.remove(&joining.joined) {
                    joining.take(s, m)?;
                }
                if cancel.stopped() {
                    return Err(RunError::Stopped {
                        started: next,
                        total: clients,
                    });
                }
            }
            Ok(())
        })
    }

    fn render(&self, client: &Started) -> Result<Made, RunError> {
        let fail = |message: String| RunError::Client {
            line: client.line,
            message,
        };
        let mut doc = client
            .job
            .layout(
                &self.plan.packaging,
                &self.plan.opts,
                FontBook::global(),
                &self.cache,
            )
            .map_err(|e| fail(e.without_context()))?;
        if self.duplex && doc.pages.len() % 2 == 1 {
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
        // A booklet's file has a page a sheet side, two of its pages on each.
        let (pages, both_sides) = match self.plan.opts.booklet {
            Some(_) => (pdf::booklet::sides(doc.pages.len()).len(), true),
            None => (doc.pages.len(), self.duplex),
        };
        let sheets = if both_sides { pages.div_ceil(2) } else { pages };
        let painted = pdf::paint(&doc, self.pdf, &self.cache).map_err(|e| fail(e.to_string()))?;
        let mut bytes = None;
        if self.folder.is_some() || self.needs == Needs::Bytes {
            bytes = Some(pdf::save_painted(&painted).map_err(|e| fail(e.to_string()))?);
        }
        if let (Some(folder), Some(file), Some(bytes)) = (&self.folder, &client.file, &bytes) {
            let path = folder.dir.join(&**file);
            files::write_atomic(&folder.dir, &path, bytes, folder.mode)
                .map_err(|e| RunError::Write(Target::File(path), e))?;
        }
        Ok(Made {
            pages,
            sheets,
            painted: (self.needs == Needs::Painted).then_some(painted),
            bytes: bytes.filter(|_| self.needs == Needs::Bytes),
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
