//! Where a run's packets go: [`OutDir`] (one PDF per client in a folder,
//! with the manifest; and one print file too, if asked), [`Combined`] (one
//! print file, each packet starting on a front page), [`Zip`] (the PDFs
//! and the manifest in one ZIP, as the app hands them over) or
//! [`ToPrinter`] (jobs sent to a printer, nothing written to disk).

use std::io::{Seek, Write};
use std::path::PathBuf;

use super::printer::{self, Queue, Sent, Sides, Ticket};
use super::{ManifestRow, ManifestWriter};
use crate::pdf::{self, combine::Combiner};

/// The folder each client's own PDF goes into, written atomically by the
/// worker that made it, so that while one waits on the disk another
/// renders.
#[derive(Debug, Clone)]
pub struct Folder {
    pub dir: PathBuf,
    /// Permissions of the files written.
    pub mode: u32,
    /// Give every packet an even number of pages, so each starts on the
    /// front of a sheet.
    pub duplex: bool,
}

/// What a sink needs of each client's document when it joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Its page count alone.
    Pages,
    /// The painted document, to join into one file.
    Painted,
    /// Its PDF's bytes.
    Bytes,
}

/// Which output a write failed on.
#[derive(Debug)]
pub enum Target {
    /// A client's own file.
    File(PathBuf),
    Combined,
    Manifest,
    Zip,
    /// The printer: the error holds a [`printer::PrintError`].
    Printer,
}

/// One client's packet, rendered, as it joins the run in roster order.
pub struct Finished {
    /// The roster line the client is on.
    pub line: u32,
    pub id: Option<Box<str>>,
    /// Its own file's name, when the run gives each client one.
    pub file: Option<Box<str>>,
    /// Its pages, a blank back page included (a booklet's: its sheet
    /// sides).
    pub pages: usize,
    /// The sheets of paper it prints on: both sides for a booklet or with
    /// duplex, else one.
    pub sheets: usize,
    /// The language the roster asked for (its code), if any.
    pub language_asked: Option<&'static str>,
    /// What each lesson printed in ([`super::printed_languages`]).
    pub language_printed: String,
    /// With [`Needs::Painted`].
    pub painted: Option<pdf::Painted>,
    /// With [`Needs::Bytes`].
    pub bytes: Option<Vec<u8>>,
}

impl Finished {
    fn manifest_row(&self, combined_pages: Option<(usize, usize)>) -> ManifestRow {
        ManifestRow {
            line: self.line as usize,
            id: self.id.as_deref().map(String::from),
            file: self.file.as_deref().map(String::from),
            pages: self.pages,
            sheets: self.sheets,
            combined_pages,
            language_asked: self.language_asked,
            language_printed: self.language_printed.clone(),
        }
    }
}

/// Where a run's packets go.
pub trait Sink {
    /// The folder each client's own PDF is written into, if any.
    fn folder(&self) -> Option<Folder> {
        None
    }
    /// What [`Sink::join`] needs of each document.
    fn needs(&self) -> Needs;
    /// Whether every packet gets an even number of pages (a blank back
    /// page where needed), beside a folder's own setting.
    fn duplex(&self) -> bool {
        false
    }
    /// One client's packet joins the output, in roster order.
    fn join(&mut self, done: Finished) -> Result<(), (Target, std::io::Error)>;
}

/// A print file being joined: each packet starts on a front page.
struct Joined<W: Write> {
    combiner: Combiner<W>,
    /// The file's last page so far, blank backs included.
    last_page: usize,
}

impl<W: Write> Joined<W> {
    fn new(out: W, title: &str, creation_date: Option<String>) -> std::io::Result<Joined<W>> {
        let combiner = Combiner::new(
            out,
            title,
            &format!("handout {}", env!("CARGO_PKG_VERSION")),
            creation_date,
        )?;
        Ok(Joined {
            combiner,
            last_page: 0,
        })
    }

    /// Add a client's packet: where it starts and ends in the file.
    fn add(&mut self, done: &Finished) -> Result<(usize, usize), (Target, std::io::Error)> {
        let painted = done
            .painted
            .as_ref()
            .expect("a combined file keeps documents");
        let placed = self
            .combiner
            .add_painted(
                painted,
                &format!("Roster line {}", done.line),
                &format!("row-{}", done.line),
                true,
            )
            .map_err(|e| (Target::Combined, e))?;
        self.last_page = placed.first_page + placed.pages + placed.blanks - 1;
        Ok((placed.first_page, self.last_page))
    }

    fn finish(self) -> std::io::Result<W> {
        self.combiner.finish()
    }
}

/// One PDF per client in a folder, a manifest row as each joins; and every
/// packet in one print file too, when one is given.
pub struct OutDir<W: Write, M: Write> {
    folder: Folder,
    manifest: ManifestWriter<M>,
    combined: Option<Joined<W>>,
}

impl<W: Write, M: Write> OutDir<W, M> {
    pub fn new(folder: Folder, manifest: M) -> std::io::Result<OutDir<W, M>> {
        Ok(OutDir {
            folder,
            manifest: ManifestWriter::new(manifest)?,
            combined: None,
        })
    }

    /// Also join every packet into one print file written to `out`.
    pub fn also_combined(
        mut self,
        out: W,
        title: &str,
        creation_date: Option<String>,
    ) -> std::io::Result<OutDir<W, M>> {
        self.combined = Some(Joined::new(out, title, creation_date)?);
        Ok(self)
    }

    /// The combined file's pages, blank backs included; 0 without one.
    pub fn combined_pages(&self) -> usize {
        self.combined.as_ref().map_or(0, |c| c.last_page)
    }

    /// The combined file (if any), finished, and the manifest.
    pub fn finish(self) -> Result<(Option<W>, M), (Target, std::io::Error)> {
        let combined = self
            .combined
            .map(Joined::finish)
            .transpose()
            .map_err(|e| (Target::Combined, e))?;
        let manifest = self.manifest.finish().map_err(|e| (Target::Manifest, e))?;
        Ok((combined, manifest))
    }
}

impl<W: Write, M: Write> Sink for OutDir<W, M> {
    fn folder(&self) -> Option<Folder> {
        Some(self.folder.clone())
    }

    fn needs(&self) -> Needs {
        if self.combined.is_some() {
            Needs::Painted
        } else {
            Needs::Pages
        }
    }

    fn join(&mut self, done: Finished) -> Result<(), (Target, std::io::Error)> {
        let placed = match self.combined.as_mut() {
            Some(c) => Some(c.add(&done)?),
            None => None,
        };
        self.manifest
            .row(&done.manifest_row(placed))
            .map_err(|e| (Target::Manifest, e))
    }
}

/// Every client's packet in one print file, each starting on a front page;
/// with a manifest of where each is, if asked.
pub struct Combined<W: Write, M: Write> {
    joined: Joined<W>,
    manifest: Option<ManifestWriter<M>>,
}

impl<W: Write, M: Write> Combined<W, M> {
    pub fn new(
        out: W,
        title: &str,
        creation_date: Option<String>,
        manifest: Option<M>,
    ) -> std::io::Result<Combined<W, M>> {
        Ok(Combined {
            joined: Joined::new(out, title, creation_date)?,
            manifest: manifest.map(ManifestWriter::new).transpose()?,
        })
    }

    /// The file's pages, blank backs included.
    pub fn pages(&self) -> usize {
        self.joined.last_page
    }

    /// The file, finished, and the manifest if there is one.
    pub fn finish(self) -> Result<(W, Option<M>), (Target, std::io::Error)> {
        let out = self.joined.finish().map_err(|e| (Target::Combined, e))?;
        let manifest = self
            .manifest
            .map(ManifestWriter::finish)
            .transpose()
            .map_err(|e| (Target::Manifest, e))?;
        Ok((out, manifest))
    }
}

impl<W: Write, M: Write> Sink for Combined<W, M> {
    fn needs(&self) -> Needs {
        Needs::Painted
    }

    fn join(&mut self, done: Finished) -> Result<(), (Target, std::io::Error)> {
        let placed = self.joined.add(&done)?;
        match self.manifest.as_mut() {
            Some(m) => m
                .row(&done.manifest_row(Some(placed)))
                .map_err(|e| (Target::Manifest, e)),
            None => Ok(()),
        }
    }
}

/// Every client's PDF in one ZIP, stored as they are (PDFs are deflated
/// already), with the manifest last.
pub struct Zip<W: Write + Seek> {
    zip: zip::ZipWriter<W>,
    manifest: ManifestWriter<Vec<u8>>,
    duplex: bool,
}

impl<W: Write + Seek> Zip<W> {
    pub fn new(out: W) -> std::io::Result<Zip<W>> {
        Ok(Zip {
            zip: zip::ZipWriter::new(out),
            manifest: ManifestWriter::new(Vec::new())?,
            duplex: false,
        })
    }

    /// Give every client's PDF an even number of pages, so each prints
    /// starting on the front of a sheet.
    pub fn with_duplex(mut self, on: bool) -> Zip<W> {
        self.duplex = on;
        self
    }

    fn stored() -> zip::write::SimpleFileOptions {
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .unix_permissions(0o600)
    }

    /// The ZIP, its manifest written, finished.
    pub fn finish(mut self) -> Result<W, (Target, std::io::Error)> {
        let fail = |e: zip::result::ZipError| (Target::Zip, std::io::Error::other(e));
        let csv = self.manifest.finish().map_err(|e| (Target::Manifest, e))?;
        self.zip
            .start_file("manifest.csv", Self::stored())
            .map_err(fail)?;
        self.zip.write_all(&csv).map_err(|e| (Target::Zip, e))?;
        self.zip.finish().map_err(fail)
    }
}

impl<W: Write + Seek> Sink for Zip<W> {
    fn needs(&self) -> Needs {
        Needs::Bytes
    }

    fn duplex(&self) -> bool {
        self.duplex
    }

    fn join(&mut self, done: Finished) -> Result<(), (Target, std::io::Error)> {
        let fail = |e: zip::result::ZipError| (Target::Zip, std::io::Error::other(e));
        let file = done
            .file
            .as_deref()
            .expect("a ZIP's clients have file names");
        let bytes = done.bytes.as_deref().expect("a ZIP keeps each PDF's bytes");
        self.zip.start_file(file, Self::stored()).map_err(fail)?;
        self.zip.write_all(bytes).map_err(|e| (Target::Zip, e))?;
        self.manifest
            .row(&done.manifest_row(None))
            .map_err(|e| (Target::Manifest, e))
    }
}

/// Every packet sent to a printer (see [`printer`]), nothing written to
/// disk. Either one job per client, sent as each joins (so a printer that
/// staples staples each packet), or one print file made in memory, each
/// packet on a front page, sent as one two-sided job once the last has
/// joined.
pub struct ToPrinter<'a> {
    queue: &'a Queue,
    /// The run's title; each job's title is made from it.
    title: String,
    /// How the one job's sheets are printed.
    sides: Sides,
    /// One job per client, each with this ticket's sides and staple.
    each: Option<Ticket>,
    /// Else the one print file, and its manifest if asked.
    joined: Option<Joined<Vec<u8>>>,
    manifest: Option<ManifestWriter<Vec<u8>>>,
    clients: usize,
    sent: Vec<Sent>,
}

/// What a printer run sent, and the one print file and its manifest (when
/// it made one) for the caller to keep, if asked.
pub struct Printed {
    pub jobs: Vec<Sent>,
    pub file: Option<Vec<u8>>,
    pub manifest: Option<Vec<u8>>,
}

impl<'a> ToPrinter<'a> {
    /// A job per client, each stapled when the queue can, printed on
    /// `sides`.
    pub fn each_client(queue: &'a Queue, title: &str, sides: Sides) -> ToPrinter<'a> {
        ToPrinter {
            queue,
            title: title.to_string(),
            sides,
            each: Some(Ticket {
                title: String::new(),
                sides,
                staple: queue.staple.is_some(),
            }),
            joined: None,
            manifest: None,
            clients: 0,
            sent: Vec::new(),
        }
    }

    /// One job for the whole run, printed on `sides` (both, for the
    /// packets joined, each starting on a front); with a manifest of where
    /// each packet is in it, if `manifest`.
    pub fn one_job(
        queue: &'a Queue,
        title: &str,
        sides: Sides,
        creation_date: Option<String>,
        manifest: bool,
    ) -> std::io::Result<ToPrinter<'a>> {
        Ok(ToPrinter {
            queue,
            sides,
            title: title.to_string(),
            each: None,
            joined: Some(Joined::new(Vec::new(), title, creation_date)?),
            manifest: manifest
                .then(|| ManifestWriter::new(Vec::new()))
                .transpose()?,
            clients: 0,
            sent: Vec::new(),
        })
    }

    /// The jobs sent so far.
    pub fn sent(&self) -> &[Sent] {
        &self.sent
    }

    /// The one print file's pages, blank backs included; 0 with a job per
    /// client.
    pub fn pages(&self) -> usize {
        self.joined.as_ref().map_or(0, |j| j.last_page)
    }

    /// Send the one print file, if this run makes one: what was sent.
    pub fn finish(mut self) -> Result<Printed, (Target, std::io::Error)> {
        let manifest = self
            .manifest
            .take()
            .map(ManifestWriter::finish)
            .transpose()
            .map_err(|e| (Target::Manifest, e))?;
        let Some(joined) = self.joined.take() else {
            return Ok(Printed {
                jobs: self.sent,
                file: None,
                manifest,
            });
        };
        let file = joined.finish().map_err(|e| (Target::Combined, e))?;
        let ticket = Ticket {
            title: format!(
                "handout: {} ({} {})",
                self.title,
                self.clients,
                if self.clients == 1 {
                    "client"
                } else {
                    "clients"
                }
            ),
            sides: self.sides,
            staple: false,
        };
        let job = printer::send(self.queue, &ticket, &[&file]).map_err(printing)?;
        self.sent.push(Sent { job, line: None });
        Ok(Printed {
            jobs: self.sent,
            file: Some(file),
            manifest,
        })
    }
}

fn printing(e: printer::PrintError) -> (Target, std::io::Error) {
    (Target::Printer, std::io::Error::other(e))
}

impl Sink for ToPrinter<'_> {
    fn needs(&self) -> Needs {
        if self.each.is_some() {
            Needs::Bytes
        } else {
            Needs::Painted
        }
    }

    fn join(&mut self, done: Finished) -> Result<(), (Target, std::io::Error)> {
        self.clients += 1;
        if let Some(joined) = self.joined.as_mut() {
            let placed = joined.add(&done)?;
            if let Some(m) = self.manifest.as_mut() {
                m.row(&done.manifest_row(Some(placed)))
                    .map_err(|e| (Target::Manifest, e))?;
            }
            return Ok(());
        }
        let each = self.each.as_ref().expect("a job per client, or one file");
        let ticket = Ticket {
            // The roster line, never the client's name.
            title: format!("handout: {} (roster line {})", self.title, done.line),
            ..each.clone()
        };
        let pdf = done
            .bytes
            .as_deref()
            .expect("a job per client has its bytes");
        let job = printer::send(self.queue, &ticket, &[pdf]).map_err(printing)?;
        self.sent.push(Sent {
            job,
            line: Some(done.line),
        });
        Ok(())
    }
}
