//! `handout build`: one lesson, one client, one PDF.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::inputs::{Loader, add_local_help, read_inputs};
use super::{Failure, output};
use crate::batch::Job;
use crate::dates::{self, DateError, DateOrder, ReadDate};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::labels::Language;
use crate::layout::{Booklet, Options, Paper};
use crate::lesson::Lesson;
use crate::pdf::PdfOptions;
use crate::worksheet::{Header, choose_scenarios};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    Letter,
    A4,
}

/// `--booklet-sheet`: a booklet's sheet, when it is not the paper folded in half.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetArg {
    /// 11×17 in, holding two Letter pages (with --paper letter).
    Tabloid,
    /// 297×420 mm, holding two A4 pages (with --paper a4).
    A3,
}

/// What `build` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A print-ready PDF worksheet.
    Pdf,
    /// The lesson as a web page to publish, with its checklist to tick and
    /// boxes to write in, kept only in the reader's browser.
    Html,
}

/// How a document prints: the flags `build` and `batch` share.
#[derive(Debug, Args)]
pub struct PrintArgs {
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
    /// Print as a booklet to fold and staple: two pages side by side on
    /// each side of a landscape sheet, in folding order, padded to whole
    /// sheets with Notes pages. Letter paper makes a half-letter booklet,
    /// A4 an A5 one. Print it two-sided, flipped on the short edge.
    #[arg(long)]
    pub booklet: bool,
    /// The booklet's sheet: `tabloid` for full-size Letter pages, `a3` for
    /// full-size A4 ones [default: the paper, its pages half its size].
    // Not `--sheet`: `batch` has that for a roster workbook's sheet.
    #[arg(long, value_enum, value_name = "SHEET", requires = "booklet")]
    pub booklet_sheet: Option<SheetArg>,
    /// The most pages one lesson may take; a packet may take five times
    /// as many. Layout stops at the limit.
    #[arg(long, value_name = "N", default_value_t = crate::layout::MAX_LESSON_PAGES as u32,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_pages: u32,
    /// The facility's own help lines (a TOML file of `[[local_help]]`
    /// entries), printed beside 988 and 911 in the safety box and footers.
    #[arg(long, value_name = "FILE.toml")]
    pub local_help: Option<PathBuf>,
}

impl PrintArgs {
    /// How the documents are laid out.
    pub(crate) fn layout_options(&self) -> Options {
        Options {
            booklet: self.booklet(),
            ..layout_options(self.paper, self.large_print, self.no_qr, self.max_pages)
        }
    }

    /// How the pages go onto paper for `--booklet`, `--booklet-sheet` as given.
    pub(crate) fn booklet(&self) -> Option<Booklet> {
        match (self.booklet, self.booklet_sheet) {
            (false, _) => None,
            (true, None) => Some(Booklet::Folded),
            (true, Some(_)) => Some(Booklet::Doubled),
        }
    }

    /// How the PDFs are written; an error for print options that don't go
    /// together.
    pub(crate) fn pdf_options(&self) -> Result<PdfOptions, Failure> {
        self.check_booklet()?;
        Ok(PdfOptions {
            booklet: self.booklet,
            ..pdf_options(self.fillable)?
        })
    }

    /// A booklet is for paper, and its sheet must hold two of its pages.
    fn check_booklet(&self) -> Result<(), Failure> {
        if self.booklet && self.fillable {
            return Err(Failure::usage(
                Diagnostic::error("a booklet can't be --fillable")
                    .hint("a booklet's pages are printed out of order to be folded; to fill it in on a screen, build it without --booklet"),
            ));
        }
        let wrong = match (self.booklet_sheet, self.paper) {
            (Some(SheetArg::Tabloid), PaperArg::A4) => Some(("tabloid", "Letter", "a3")),
            (Some(SheetArg::A3), PaperArg::Letter) => Some(("a3", "A4", "tabloid")),
            _ => None,
        };
        if let Some((sheet, pages, other)) = wrong {
            return Err(Failure::usage(
                Diagnostic::error(format!("a {sheet} sheet holds two {pages} pages, not the paper asked for"))
                    .hint(format!("use --booklet-sheet {other} for this paper, or leave it out to fold the paper itself in half")),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Built-in lesson ids (see `handout list`), lesson files, or a
    /// `.packet.toml`; several make one document.
    #[arg(value_name = "LESSON|PACKET", required = true)]
    pub inputs: Vec<String>,
    /// Where to write the PDF; `-` for standard output [default: <lesson-id>.pdf,
    /// or <packet>.pdf]
    #[arg(short, long, value_name = "OUT.pdf")]
    pub output: Option<PathBuf>,
    /// `pdf`, or `html` for a web page of the lesson to publish [default:
    /// html when the output's name ends in .html, else pdf].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Print each lesson's edition in this language (`es`, `Spanish`); a
    /// lesson without one is an error that lists the languages it has.
    #[arg(long, value_name = "LANG")]
    pub language: Option<String>,
    /// The client's name, printed in the header.
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,
    /// The clinician's name, printed in the header.
    #[arg(long, value_name = "NAME")]
    pub clinician: Option<String>,
    /// The date printed in the header: 2026-12-08, 12/8/2026, Dec 8, 2026,
    /// or `today`.
    #[arg(long, value_name = "DATE|today")]
    pub date: Option<String>,
    /// How a --date in numbers alone is read: mdy (12/8/2026 is December 8)
    /// or dmy (8/12/2026 is) [default: the packet's date_order, else mdy].
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrderArg>,
    /// Print only this scenario (repeat for more); default: all of them.
    #[arg(long = "scenario", value_name = "ID")]
    pub scenarios: Vec<String>,
    #[command(flatten)]
    pub print: PrintArgs,
    /// Empty Name and Date lines, for a master copy to photocopy.
    // Listed in the help where it always was, after --large-print.
    #[arg(long, conflicts_with_all = ["client", "date", "clinician"], display_order = 9)]
    pub blank: bool,
    /// Permissions of the PDF written, in octal [default: 600, yours alone;
    /// 644 lets others on this computer read it].
    #[arg(long, value_name = "MODE", value_parser = output::parse_mode)]
    pub file_mode: Option<u32>,
}

/// A document written: where, how many pages (a web page has none), and
/// the warnings found on the way.
pub(super) struct Built {
    pub out: PathBuf,
    pub pages: Option<usize>,
    pub warnings: Diagnostics,
}

pub fn execute(args: BuildArgs) -> Result<Diagnostics, Failure> {
    let built = build(&args)?;
    if built.out.as_os_str() != "-" {
        match built.pages {
            Some(pages) if args.print.booklet => {
                let sheets = pages.div_ceil(crate::layout::BOOKLET_PAGES_PER_SHEET);
                let s = if sheets == 1 { "" } else { "s" };
                eprintln!(
                    "wrote {} (a booklet of {pages} pages on {sheets} sheet{s}: print it two-sided, flipped on the short edge)",
                    built.out.display()
                );
            }
            Some(pages) => {
                let s = if pages == 1 { "" } else { "s" };
                eprintln!("wrote {} ({pages} page{s})", built.out.display());
            }
            None => eprintln!("wrote {}", built.out.display()),
        }
    }
    Ok(built.warnings)
}

/// Read, lay out and write the document `args` asks for.
pub(super) fn build(args: &BuildArgs) -> Result<Built, Failure> {
    // Fonts load on the other core while the lesson is read, into the
    // cache the PDF is painted with; whatever needs them first waits for
    // them. If no thread can be had, they load on this one when first needed.
    let cache = std::sync::Arc::new(crate::cache::Cache::new());
    let warm = cache.clone();
    let _ = std::thread::Builder::new().spawn(move || crate::pdf::warm_fonts(&warm));
    let (mut inputs, mut warnings) = read_inputs(&args.inputs)?;
    in_language(&mut inputs.refs, args.language.as_deref())?;
    add_local_help(&mut inputs, args.print.local_help.as_deref(), &mut warnings)?;
    let lessons = Loader::default().load_all(&inputs.refs, &mut warnings)?;
    let all: Vec<&Lesson> = lessons.iter().map(|l| l.as_ref()).collect();
    let chosen = choose_scenarios(&all, &args.scenarios)
        .map_err(|e| Failure::usage(Diagnostic::error(e.message()).hint(e.hint())))?;
    let html = match args.format {
        Some(f) => f == Format::Html,
        None => args.output.as_ref().is_some_and(|o| {
            o.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        }),
    };
    if html {
        return web_page(args, &inputs, &lessons, &chosen, warnings);
    }
    let order = date_order(args.date_order, inputs.date_order);
    let date = args
        .date
        .as_deref()
        .map(|d| parse_date(d, order).map(|d| d.date))
        .transpose()?;
    let header = Header {
        name: args.client.clone(),
        date: None,
        clinician: args.clinician.clone(),
        facility: inputs.packaging.facility.clone(),
    };
    let header_errors = header.check(FontBook::global());
    if !header_errors.is_empty() {
        return Err(Failure::invalid(Diagnostics(header_errors)));
    }

    let job = Job {
        lessons,
        chosen,
        header,
        date,
    };
    let opts = args.print.layout_options();
    let pdf_opts = args.print.pdf_options()?;
    let doc = job
        .layout(&inputs.packaging, &opts, FontBook::global(), &cache)
        .map_err(|e| Failure::invalid(why_no_layout(&job, &opts, e)))?;
    let bytes = crate::pdf::render(&doc, &pdf_opts, &cache)
        .map_err(|e| Failure::usage(Diagnostic::error(e.to_string())))?;

    let out = args.output.clone().unwrap_or_else(|| {
        let stem = match &inputs.packet {
            Some(p) => crate::library::stem(p)
                .trim_end_matches(".packet")
                .to_string(),
            None => job.lessons[0].id.clone(),
        };
        PathBuf::from(format!("{stem}.pdf"))
    });
    if out.as_os_str() != "-" {
        output::remove_stale_temps(output::folder_of(&out));
    }
    output::write(&out, &bytes, args.file_mode.unwrap_or(output::DEFAULT_MODE))?;
    Ok(Built {
        out,
        pages: Some(doc.pages.len()),
        warnings,
    })
}

/// `build --format html`: the lessons as one web page. It is made to be
/// published, the same for everyone, so it takes no client's details.
fn web_page(
    args: &BuildArgs,
    inputs: &super::inputs::Inputs,
    lessons: &[std::sync::Arc<Lesson>],
    chosen: &[Option<std::collections::BTreeSet<String>>],
    warnings: Diagnostics,
) -> Result<Built, Failure> {
    let personal = [
        ("--client", args.client.is_some()),
        ("--clinician", args.clinician.is_some()),
        ("--date", args.date.is_some()),
        ("--fillable", args.print.fillable),
    ];
    if let Some((flag, _)) = personal.iter().find(|(_, given)| *given) {
        return Err(Failure::usage(
            Diagnostic::error(format!("a web page takes no {flag}"))
                .hint("the page is the same for everyone who opens it, and its boxes can be filled in on screen already; for one client's worksheet, build a PDF"),
        ));
    }
    let sheets: Vec<Lesson> = lessons
        .iter()
        .zip(chosen)
        .map(|(l, c)| {
            crate::worksheet::personalize(l, c.as_ref(), Header::default())
                .with_local_help(&inputs.packaging.local_help)
                .lesson
        })
        .collect();
    let language = sheets.first().map_or(Language::En, |l| l.language);
    let page = crate::html::page(
        &inputs.packaging.title_for(lessons),
        language,
        &sheets,
        args.print.large_print,
    );
    let out = args.output.clone().unwrap_or_else(|| {
        let stem = match &inputs.packet {
            Some(p) => crate::library::stem(p)
                .trim_end_matches(".packet")
                .to_string(),
            None => lessons[0].id.clone(),
        };
        PathBuf::from(format!("{stem}.html"))
    });
    if out.as_os_str() != "-" {
        output::remove_stale_temps(output::folder_of(&out));
    }
    output::write(
        &out,
        page.as_bytes(),
        args.file_mode.unwrap_or(output::DEFAULT_MODE),
    )?;
    Ok(Built {
        out,
        pages: None,
        warnings,
    })
}

/// Each lesson's edition in `language` (`--language`), when one is asked for.
pub(super) fn in_language(
    refs: &mut [crate::library::LessonRef],
    language: Option<&str>,
) -> Result<(), Failure> {
    let Some(lang) = language else {
        return Ok(());
    };
    let mut problems = Diagnostics::new();
    for r in refs {
        match crate::library::edition(r, lang) {
            Ok(e) => *r = e,
            Err(message) => problems.push(Diagnostic::error(message)),
        }
    }
    if !problems.is_empty() {
        return Err(Failure::usage(problems));
    }
    Ok(())
}

/// A document that can't be laid out, told as the author needs it: which
/// lesson file, where in it, at what size.
fn why_no_layout(job: &Job, opts: &Options, e: crate::layout::LayoutError) -> Diagnostic {
    let size = opts.size_name();
    if let crate::layout::LayoutError::TooManyPages { lesson, max } = &e {
        return too_many_pages(job, lesson.as_deref(), *max, &size);
    }
    // The lesson that fails alone is the one to fix.
    let culprit = job.lessons.iter().find(|l| {
        let ws = crate::worksheet::personalize(l, None, Header::default());
        crate::layout::layout(&ws, opts, FontBook::global(), &crate::cache::Cache::new()).is_err()
    });
    match culprit {
        Some(lesson) => {
            let name = lesson
                .origin
                .source
                .as_ref()
                .map_or_else(|| lesson.id.clone(), |s| s.name.clone());
            super::layout_diagnostic(
                lesson,
                &name,
                &e,
                format!("{name} cannot be laid out at {size}: {e}"),
                true,
            )
            .hint(match (opts.booklet, opts.large_print) {
                (Some(crate::layout::Booklet::Folded), _) => {
                    "a booklet's half pages have room for fewer tracker columns; drop a column, or print full-size pages with --booklet-sheet tabloid (or a3 for A4)"
                }
                (_, true) => {
                    "large print has room for fewer tracker columns and shorter labels; drop a column, or print this lesson at normal size"
                }
                _ => "drop a tracker column or shorten the text named",
            })
        }
        None => Diagnostic::error(format!("cannot lay out the document at {size}: {e}")),
    }
}

/// A document past its page limit: the lesson file that is too long, or
/// the packet, with the limit and how to get under it.
fn too_many_pages(job: &Job, lesson: Option<&str>, max: usize, size: &str) -> Diagnostic {
    let file = lesson.and_then(|id| job.lessons.iter().find(|l| l.id == id));
    match file {
        Some(l) => {
            let name = l
                .origin
                .source
                .as_ref()
                .map_or_else(|| l.id.clone(), |s| s.name.clone());
            Diagnostic::error(format!(
                "{name} is more than {max} pages at {size}; a lesson may have at most {max}"
            ))
            .hint("split it into several lessons and print them as a packet, or raise the limit with --max-pages")
        }
        None => Diagnostic::error(format!(
            "the packet is more than {max} pages at {size}; a packet may have at most {max}"
        ))
        .hint("print its lessons in two packets, or raise the limit with --max-pages (a packet may have five times as many pages as a lesson)"),
    }
}

pub(crate) fn layout_options(
    paper: PaperArg,
    large_print: bool,
    no_qr: bool,
    max_pages: u32,
) -> Options {
    Options {
        paper: match paper {
            PaperArg::Letter => Paper::Letter,
            PaperArg::A4 => Paper::A4,
        },
        large_print,
        qr: !no_qr,
        ..Options::default()
    }
    .with_max_pages(max_pages as usize)
}

pub(crate) use crate::worksheet::today;

/// `--date-order`: which number comes first in a date in numbers alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateOrderArg {
    /// Month first: 12/8/2026 is December 8 (as in the US).
    Mdy,
    /// Day first: 8/12/2026 is December 8.
    Dmy,
}

/// The order asked for on the command line, else the packet's, else month
/// first.
pub(crate) fn date_order(arg: Option<DateOrderArg>, packet: Option<DateOrder>) -> DateOrder {
    match arg {
        Some(DateOrderArg::Mdy) => DateOrder::MonthFirst,
        Some(DateOrderArg::Dmy) => DateOrder::DayFirst,
        None => packet.unwrap_or_default(),
    }
}

/// A `--date`: `today` (the local date), or a date in any form
/// [`crate::dates`] reads.
pub(crate) fn parse_date(s: &str, order: DateOrder) -> Result<ReadDate, Failure> {
    dates::read(s, order, today()).map_err(|e| {
        Failure::usage(match e {
            DateError::OtherOrder(_) => Diagnostic::error(format!(
                "`{s}` is not a date read {}: its {} number, the month, is over 12",
                order.words(),
                order.month_place()
            ))
            .hint(order.switch_hint()),
            DateError::NotADate => Diagnostic::error(format!("`{s}` is not a date"))
                .hint(format!("write the date as {}", order.forms_read())),
        })
    })
}

/// `SOURCE_DATE_EPOCH`, when set, pins the PDF's creation date.
pub(crate) fn pdf_options(fillable: bool) -> Result<PdfOptions, Failure> {
    let creation_date = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => Some(v.trim().parse::<i64>().map_err(|_| {
            Failure::usage(
                Diagnostic::error(format!(
                    "SOURCE_DATE_EPOCH is `{v}`, not a number of seconds"
                ))
                .hint("set it to a Unix time, like 1795000000, or unset it"),
            )
        })?),
        Err(_) => None,
    };
    Ok(PdfOptions {
        creation_date,
        fillable,
        untagged: false,
        booklet: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_strictly() {
        let parse_date = |s| parse_date(s, DateOrder::MonthFirst).map(|d| d.date);
        let d = parse_date("2026-11-22").ok().unwrap();
        assert_eq!((d.year(), u8::from(d.month()), d.day()), (2026, 11, 22));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "22/11/2026",
            "11/31/2026",
            "2026-1-5",
            "tomorrow",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert!(parse_date("today").is_ok());
    }
}
