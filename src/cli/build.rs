//! `handout build`: one lesson, one client, one PDF.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Failure, load_lesson, output};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::layout::{Options, Paper};
use crate::pdf::PdfOptions;
use crate::worksheet::{Header, choose_scenarios, personalize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    Letter,
    A4,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// A built-in lesson id (see `handout list`) or a path to a lesson file.
    #[arg(value_name = "LESSON")]
    pub lesson: String,
    /// Where to write the PDF; `-` for standard output [default: <lesson-id>.pdf]
    #[arg(short, long, value_name = "OUT.pdf")]
    pub output: Option<PathBuf>,
    /// The client's name, printed in the header.
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,
    /// The clinician's name, printed in the header.
    #[arg(long, value_name = "NAME")]
    pub clinician: Option<String>,
    /// The date printed in the header: YYYY-MM-DD, or `today`.
    #[arg(long, value_name = "YYYY-MM-DD|today")]
    pub date: Option<String>,
    /// Print only this scenario (repeat for more); default: all of them.
    #[arg(long = "scenario", value_name = "ID")]
    pub scenarios: Vec<String>,
    /// Paper size.
    #[arg(long, value_enum, default_value = "letter")]
    pub paper: PaperArg,
    /// Body text at 18 pt, with lines, boxes and the tracker grown to match.
    #[arg(long)]
    pub large_print: bool,
    /// Empty Name and Date lines, for a master copy to photocopy.
    #[arg(long, conflicts_with_all = ["client", "date", "clinician"])]
    pub blank: bool,
}

pub fn execute(args: BuildArgs) -> Result<Diagnostics, Failure> {
    let (lesson, warnings) = load_lesson(&args.lesson)?;
    let chosen = choose_scenarios(&[&lesson], &args.scenarios)
        .map_err(|e| Failure::usage(Diagnostic::error(e.message()).hint(e.hint())))?;

    let labels = lesson.language.labels();
    let date = match &args.date {
        Some(d) => Some(labels.long_date(parse_date(d)?)),
        None => None,
    };
    let header = Header {
        name: args.client.clone(),
        date,
        clinician: args.clinician.clone(),
        facility: None,
    };
    let header_errors = header.check(FontBook::bundled());
    if !header_errors.is_empty() {
        return Err(Failure::invalid(Diagnostics(header_errors)));
    }

    let ws = personalize(&lesson, chosen[0].as_ref(), header);
    let opts = Options {
        paper: match args.paper {
            PaperArg::Letter => Paper::Letter,
            PaperArg::A4 => Paper::A4,
        },
        large_print: args.large_print,
    };
    let pdf_opts = pdf_options()?;
    let rendered = crate::render(&ws, &opts, &pdf_opts).map_err(|e| {
        Failure::invalid(Diagnostic::error(format!(
            "cannot lay out `{}`: {e}",
            lesson.id
        )))
    })?;

    let out = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{}.pdf", lesson.id)));
    output::write(&out, &rendered.bytes)?;
    if out.as_os_str() != "-" {
        let s = if rendered.pages == 1 { "" } else { "s" };
        eprintln!("wrote {} ({} page{s})", out.display(), rendered.pages);
    }
    Ok(warnings)
}

/// Today's date where the user is.
pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_local()
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .date()
}

/// `today` (the local date) or `YYYY-MM-DD`, for `--date`.
pub(crate) fn parse_date(s: &str) -> Result<time::Date, Failure> {
    crate::worksheet::parse_date(s, today()).map_err(|()| {
        Failure::usage(
            Diagnostic::error(format!("`{s}` is not a date"))
                .hint("write the date as YYYY-MM-DD (like 2026-11-22), or `today`"),
        )
    })
}

/// `SOURCE_DATE_EPOCH`, when set, pins the PDF's creation date.
pub(crate) fn pdf_options() -> Result<PdfOptions, Failure> {
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
    Ok(PdfOptions { creation_date })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_strictly() {
        let d = parse_date("2026-11-22").ok().unwrap();
        assert_eq!((d.year(), u8::from(d.month()), d.day()), (2026, 11, 22));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "22/11/2026",
            "2026-1-5",
            "tomorrow",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert!(parse_date("today").is_ok());
    }
}
