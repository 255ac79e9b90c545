//! Documents for many clients, the one engine both front ends use: `handout
//! batch` and the app's group page gather their inputs, [`plan`] checks
//! everything before anything is made, and [`run`] renders every client on
//! all cores into a [`Sink`] (a folder, one print file, a ZIP, or a
//! printer through [`printer`]).
//!
//! Here: how a packet (or a list of lessons) becomes one client's document
//! ([`Job`]), how output files are named, and the manifest that lets staff
//! check a run. No terminal or web code: progress and stopping are the
//! front ends' ([`Progress`], [`Cancel`]).

mod clients;
pub mod files;
mod plan;
pub mod printer;
mod run;
pub mod sink;

pub use clients::Client;
pub use plan::{Fallback, Inputs, Plan, Shelf, plan};
pub use run::{Cancel, Presses, Progress, RunError, Summary, run};
pub use sink::{Combined, Folder, OutDir, Printed, Sink, Target, ToPrinter, Zip};

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::cache::Cache;
use crate::help::LocalLine;
use crate::layout::{Cover, Document, LayoutError, Metrics, Options, Spec, layout_document};
use crate::lesson::Lesson;
use crate::text::slug;
use crate::worksheet::{Header, Worksheet, personalize};

/// How a document is packaged: a packet's settings, or plain lessons.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packaging {
    /// The packet's title; plain lessons are titled after themselves.
    pub title: Option<String>,
    /// The packet's title in other languages.
    pub titles: std::collections::BTreeMap<crate::labels::Language, String>,
    /// Printed in every lesson's header and on the cover.
    pub facility: Option<String>,
    pub cover: bool,
    pub contents: bool,
    /// The facility's own help lines, printed beside 988 and 911.
    pub local_help: Vec<LocalLine>,
    /// The edition a client gets where a lesson has none in their language
    /// (or their language has no labels at all): English when `None`.
    pub fallback_language: Option<crate::labels::Language>,
}

impl Packaging {
    /// A packet's settings, as its documents are packaged.
    pub fn of(p: crate::packet::Packet) -> Packaging {
        Packaging {
            title: Some(p.title),
            titles: p.titles,
            facility: p.facility,
            cover: p.cover,
            contents: p.contents,
            local_help: p.local_help,
            fallback_language: p.fallback_language,
        }
    }

    /// The document's title: the packet's, in the language of the client's
    /// lessons when the packet gives one, else the lessons' own.
    pub fn title_for(&self, lessons: &[Arc<Lesson>]) -> String {
        let language = lessons.first().map(|l| l.language);
        if let Some(title) = language.and_then(|l| self.titles.get(&l)) {
            return title.clone();
        }
        self.title.clone().unwrap_or_else(|| {
            lessons
                .iter()
                .map(|l| l.title.to_plain())
                .collect::<Vec<_>>()
                .join(" · ")
        })
    }
}

/// One client's document: the lessons in their language, the scenarios
/// chosen in each (`None`: all), and the header to print. The date prints
/// in each lesson's own language.
#[derive(Debug, Clone)]
pub struct Job {
    pub lessons: Vec<Arc<Lesson>>,
    pub chosen: Vec<Option<BTreeSet<String>>>,
    pub header: Header,
    pub date: Option<time::Date>,
}

impl Job {
    /// Lay out this client's document.
    pub fn layout(
        &self,
        pack: &Packaging,
        opts: &Options,
        m: &dyn Metrics,
        cache: &Cache,
    ) -> Result<Document, LayoutError> {
        let header = Header {
            facility: pack.facility.clone(),
            ..self.header.clone()
        };
        let worksheets: Vec<Worksheet> = self
            .lessons
            .iter()
            .zip(&self.chosen)
            .map(|(lesson, chosen)| {
                let header = Header {
                    date: self.date.map(|d| lesson.language.labels().long_date(d)),
                    ..header.clone()
                };
                personalize(lesson, chosen.as_ref(), header).with_local_help(&pack.local_help)
            })
            .collect();
        let title = pack.title_for(&self.lessons);
        let spec = Spec {
            title: title.clone(),
            cover: pack.cover.then(|| Cover {
                title,
                header: worksheets
                    .first()
                    .map_or(header.clone(), |w| w.header.clone()),
            }),
            contents: pack.contents,
            worksheets: &worksheets,
            crisis: match worksheets.first() {
                Some(w) => w.lesson.crisis.clone(),
                None => crate::text::parse_inline(&crate::help::crisis_line(Default::default())),
            },
        };
        layout_document(&spec, opts, m, cache)
    }
}

/// Longest file name stem we make from a roster (before `-2` and `.pdf`).
const MAX_STEM: usize = 60;

/// A safe file name stem from a client's id, or else their name: ASCII
/// letters, digits and dashes only, so nothing a roster holds can climb out
/// of the output folder (`../../x`, `/etc/passwd`, `a/b`), hide a file, or
/// trip over a name Windows reserves (`CON`, `LPT1`).
pub fn file_stem(id: Option<&str>, name: &str) -> String {
    let base = id.filter(|i| !i.trim().is_empty()).unwrap_or(name);
    let mut stem = slug(base);
    if stem.len() > MAX_STEM {
        stem.truncate(MAX_STEM);
        stem = stem.trim_end_matches('-').to_string();
    }
    if stem.is_empty() {
        return "client".to_string();
    }
    const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
    let device = RESERVED.contains(&stem.as_str())
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if device {
        stem = format!("client-{stem}");
    }
    stem
}

/// `<stem>.pdf` for each stem, numbered `-2`, `-3`… where stems repeat, in
/// roster order, so the same roster always gives the same names.
pub fn unique_file_names(stems: &[String]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    let mut out = Vec::with_capacity(stems.len());
    for stem in stems {
        let mut name = format!("{stem}.pdf");
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{stem}-{n}.pdf");
            n += 1;
        }
        taken.insert(name.clone());
        out.push(name);
    }
    out
}

/// One line of `manifest.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestRow {
    /// The roster line the client is on.
    pub line: usize,
    pub id: Option<String>,
    /// The client's own file, with `--out-dir`.
    pub file: Option<String>,
    pub pages: usize,
    /// Sheets of paper the client's document takes (see `Finished`).
    pub sheets: usize,
    /// Where the packet starts and ends in the combined file (blank back
    /// page included), with `--combined`.
    pub combined_pages: Option<(usize, usize)>,
    /// The language the roster asked for (its code), if any.
    pub language_asked: Option<&'static str>,
    /// What each lesson printed in; see [`printed_languages`].
    pub language_printed: String,
}

/// The manifest's `language_printed`: the one language every lesson of a
/// client's document printed in (`en`), or, where they differ, each
/// lesson's id and language in packet order (`calming-the-body=vi;
/// plain=en`).
pub fn printed_languages(lessons: &[Arc<Lesson>]) -> String {
    match lessons.first() {
        Some(first) if lessons.iter().any(|l| l.language != first.language) => lessons
            .iter()
            .map(|l| format!("{}={}", l.id, l.language))
            .collect::<Vec<_>>()
            .join("; "),
        Some(first) => first.language.to_string(),
        None => String::new(),
    }
}

/// A cell a spreadsheet will show as text, never run as a formula: a
/// value from a roster that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return (`=HYPERLINK(...)`) gets a leading apostrophe, as OWASP
/// advises against CSV injection. Spreadsheets hide the apostrophe.
pub fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The manifest as CSV: one row per client, so staff can check the run
/// against the roster. Names stay out of it (the roster line points back).
pub fn manifest_csv(rows: impl IntoIterator<Item = ManifestRow>) -> String {
    let mut w = ManifestWriter::new(Vec::new()).expect("writing to memory");
    for r in rows {
        w.row(&r).expect("writing to memory");
    }
    String::from_utf8(w.finish().expect("writing to memory")).expect("CSV of UTF-8 cells")
}

/// The manifest written a row at a time, as clients finish: a run holds
/// none of it.
pub struct ManifestWriter<W: std::io::Write>(csv::Writer<W>);

impl<W: std::io::Write> ManifestWriter<W> {
    /// A manifest with its header written.
    pub fn new(out: W) -> std::io::Result<Self> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "roster_line",
            "id",
            "file",
            "pages",
            "combined_first_page",
            "combined_last_page",
            "language_asked",
            "language_printed",
            "sheets",
        ])?;
        Ok(ManifestWriter(w))
    }

    pub fn row(&mut self, r: &ManifestRow) -> std::io::Result<()> {
        let (first, last) = r
            .combined_pages
            .map_or((String::new(), String::new()), |(a, b)| {
                (a.to_string(), b.to_string())
            });
        self.0.write_record([
            r.line.to_string(),
            spreadsheet_safe(r.id.as_deref().unwrap_or_default()),
            spreadsheet_safe(r.file.as_deref().unwrap_or_default()),
            r.pages.to_string(),
            first,
            last,
            r.language_asked.unwrap_or_default().to_string(),
            r.language_printed.clone(),
            r.sheets.to_string(),
        ])?;
        Ok(())
    }

    /// Everything written, and the writer back.
    pub fn finish(self) -> std::io::Result<W> {
        self.0.into_inner().map_err(|e| e.into_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside_the_folder() {
        let cases = [
            (None, "../../evil", "evil"),
            (None, "/etc/passwd", "etc-passwd"),
            (None, "a/b", "a-b"),
            (None, "CON", "client-con"),
            (None, "lpt1", "client-lpt1"),
            (None, "", "client"),
            (None, "   ", "client"),
            (None, "\u{0}\u{1b}[31m\n", "31m"),
            (None, "Nguyễn Thị Hương", "nguyen-thi-huong"),
            (Some("c-007"), "Ana Ruiz", "c-007"),
            (Some("  "), "Ana Ruiz", "ana-ruiz"),
            (None, ".hidden", "hidden"),
            (None, "..", "client"),
        ];
        for (id, name, want) in cases {
            assert_eq!(file_stem(id, name), want, "{name:?}");
        }
        let long = file_stem(None, &"x".repeat(300));
        assert_eq!(long.len(), MAX_STEM);
    }

    #[test]
    fn repeated_names_are_numbered_in_order() {
        let stems: Vec<String> = ["ana", "bo", "ana", "ana"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            unique_file_names(&stems),
            ["ana.pdf", "bo.pdf", "ana-2.pdf", "ana-3.pdf"]
        );
        // A name that already ends like a numbered one doesn't collide.
        let stems: Vec<String> = ["ana-2", "ana", "ana"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            unique_file_names(&stems),
            ["ana-2.pdf", "ana.pdf", "ana-3.pdf"]
        );
    }

    #[test]
    fn manifest_cells_from_a_roster_never_run_as_formulas() {
        let csv = manifest_csv([ManifestRow {
            line: 2,
            id: Some("=HYPERLINK(\"http://x\",\"y\")".into()),
            file: Some("hyperlink-http-x-y.pdf".into()),
            pages: 1,
            sheets: 1,
            combined_pages: None,
            language_asked: None,
            language_printed: "en".into(),
        }]);
        assert!(
            csv.contains("\n2,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",hyperlink"),
            "{csv}"
        );
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(spreadsheet_safe(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(spreadsheet_safe("c-1"), "c-1");
    }

    #[test]
    fn manifest_has_a_row_per_client() {
        let csv = manifest_csv([
            ManifestRow {
                line: 2,
                id: Some("c1".into()),
                file: Some("c1.pdf".into()),
                pages: 9,
                sheets: 5,
                combined_pages: Some((1, 10)),
                language_asked: Some("so"),
                language_printed: "en".into(),
            },
            ManifestRow {
                line: 3,
                id: None,
                file: None,
                pages: 8,
                sheets: 4,
                combined_pages: Some((11, 18)),
                language_asked: None,
                language_printed: "es".into(),
            },
        ]);
        assert_eq!(
            csv,
            "roster_line,id,file,pages,combined_first_page,combined_last_page,language_asked,language_printed,sheets\n\
             2,c1,c1.pdf,9,1,10,so,en,5\n3,,,8,11,18,,es,4\n"
        );
    }
}
