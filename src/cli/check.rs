//! `handout check`: validate lessons, packets and rosters and report
//! everything found, for authors fixing a file and for CI: errors, safety
//! warnings, and each lesson's reading grade and longest sentences.

use std::path::Path;

use clap::Args;
use serde::Serialize;

use super::build::today;
use super::inputs::{Loader, read_inputs};
use super::{Failure, FileKind, load_lesson, print_diagnostics, read_limited, say};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::layout::{self, LayoutError, Options, Paper};
use crate::lesson::{self, Lesson};
use crate::packet::is_packet_path;
use crate::readability;
use crate::roster;
use crate::worksheet::{Header, personalize};

/// Lessons should read at grade 8 or below (we aim for 6–7).
const GRADE_GOAL: f64 = 8.0;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Lesson files (or built-in lesson ids), `.packet.toml` files, local
    /// help `.help.toml` files and rosters (`.csv`, `.xlsx`) to check.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
    /// Make a reading grade above N an error (it is a warning above 8).
    #[arg(long, value_name = "N")]
    pub max_grade: Option<f64>,
    /// Print the findings as JSON on standard output, for scripts.
    #[arg(long)]
    pub json: bool,
    /// How rosters are read, as `batch` would read them.
    #[command(flatten)]
    pub reading: super::batch::RosterReading,
    /// What clients get in a language a lesson has no edition in, as `batch` decides.
    #[command(flatten)]
    pub languages: super::batch::LanguageChoice,
    /// The paper you print on: a lesson that can't be laid out on it is an
    /// error; on the other size, a warning.
    #[arg(long, value_enum, default_value = "letter")]
    pub paper: super::build::PaperArg,
    /// You print in large print: a lesson that can't be laid out in it is
    /// an error (else a warning).
    #[arg(long)]
    pub large_print: bool,
    /// The most pages one lesson may take (as `build` and `batch` are
    /// told): a lesson longer than that is an error.
    #[arg(long, value_name = "N", default_value_t = crate::layout::MAX_LESSON_PAGES as u32,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_pages: u32,
}

/// The size lessons are checked for: problems there are errors, problems
/// only at other sizes warnings.
#[derive(Debug, Clone, Copy)]
pub(super) struct Chosen {
    paper: Paper,
    large_print: bool,
    max_pages: u32,
}

impl Chosen {
    pub(super) fn new(paper: super::build::PaperArg, large_print: bool, max_pages: u32) -> Chosen {
        Chosen {
            paper: super::build::layout_options(paper, false, false, 1).paper,
            large_print,
            max_pages,
        }
    }
}

#[derive(Serialize)]
struct FileReport {
    file: String,
    ok: bool,
    errors: Vec<Finding>,
    warnings: Vec<Finding>,
    /// What could not be checked.
    notes: Vec<Finding>,
    lessons: Vec<LessonReport>,
}

#[derive(Serialize)]
struct Finding {
    message: String,
    location: Option<String>,
    hint: Option<String>,
}

#[derive(Serialize)]
pub(super) struct LessonReport {
    id: String,
    language: String,
    formula: &'static str,
    score: f64,
    grade: f64,
    words: usize,
    sentences: usize,
    longest: Vec<Sentence>,
}

#[derive(Serialize)]
struct Sentence {
    words: usize,
    text: String,
}

pub fn execute(args: CheckArgs) -> Result<Diagnostics, Failure> {
    let mut errors = 0;
    let mut warnings = 0;
    let mut worst = 0u8;
    let mut reports = Vec::new();
    // Rosters are checked against the lessons and packet given beside them,
    // exactly as `batch` would check them.
    let lessons: Vec<String> = args
        .files
        .iter()
        .filter(|f| !is_roster_path(f) && !crate::help::is_local_help_path(f))
        .cloned()
        .collect();
    let local_help = args
        .files
        .iter()
        .find(|f| crate::help::is_local_help_path(f))
        .map(Path::new);
    for file in &args.files {
        let checked = if is_roster_path(file) {
            check_roster(
                file,
                &lessons,
                local_help,
                (&args.reading, &args.languages),
                args.max_pages,
            )
            .map(|d| (d, Vec::new()))
        } else {
            check_one(
                file,
                args.max_grade,
                Chosen::new(args.paper, args.large_print, args.max_pages),
            )
        };
        let (found, lessons) = match checked {
            Ok(found) => found,
            Err(f) => {
                worst = worst.max(f.code);
                (f.diags, Vec::new())
            }
        };
        errors += found.error_count();
        warnings += found.iter().filter(|d| d.is_warning()).count();
        if args.json {
            reports.push(json_report(file, &found, lessons));
        } else {
            print_findings(file, &found, &lessons);
        }
    }
    if args.json {
        match serde_json::to_string_pretty(&reports) {
            Ok(s) => say(&s),
            Err(e) => eprintln!("error: cannot write JSON: {e}"),
        }
    } else {
        let files = args.files.len();
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        eprintln!(
            "checked {}: {}, {}",
            plural(files, "file"),
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    if errors > 0 {
        // Everything is printed already; the failure carries only the code.
        Err(Failure {
            code: worst.max(1),
            diags: Diagnostics::new(),
        })
    } else {
        Ok(Diagnostics::new())
    }
}

/// One file's findings as `check` prints them: when it has no errors, a
/// line saying so with its reading grade; then every problem found.
pub(super) fn print_findings(file: &str, found: &Diagnostics, lessons: &[LessonReport]) {
    if !found.has_errors() {
        match lessons {
            [] => say(&format!("{file}: ok")),
            [one] => say(&format!("{file}: ok, {}", describe(one))),
            many => {
                say(&format!("{file}: ok"));
                for l in many {
                    say(&format!("  {}: {}", l.id, describe(l)));
                }
            }
        }
    }
    print_diagnostics(found);
}

/// "reading grade 3.2 (Flesch–Kincaid), longest sentence 24 words", or for
/// Spanish "reading grade 5.7 (Fernández-Huerta ease 83.4), ...".
fn describe(r: &LessonReport) -> String {
    if r.grade.is_nan() {
        return format!(
            "no reading-grade formula for `{}`; have a native speaker read it",
            r.language
        );
    }
    let formula = if r.formula.ends_with("grade") {
        r.formula.trim_end_matches(" grade").to_string()
    } else {
        format!("{} {:.1}", r.formula, r.score)
    };
    let longest = r.longest.first().map_or(0, |s| s.words);
    format!(
        "reading grade {:.1} ({formula}), longest sentence {longest} words",
        r.grade
    )
}

fn json_report(file: &str, found: &Diagnostics, lessons: Vec<LessonReport>) -> FileReport {
    let finding = |d: &Diagnostic| Finding {
        message: d.message.clone(),
        location: d.location(),
        hint: d.hint.clone(),
    };
    FileReport {
        file: file.to_string(),
        ok: !found.has_errors(),
        errors: found.iter().filter(|d| d.is_error()).map(finding).collect(),
        warnings: found
            .iter()
            .filter(|d| d.is_warning())
            .map(finding)
            .collect(),
        notes: found
            .iter()
            .filter(|d| !d.is_error() && !d.is_warning())
            .map(finding)
            .collect(),
        lessons,
    }
}

/// Everything found in one file (warnings in `Ok`), and each lesson's
/// readability.
pub(super) fn check_one(
    file: &str,
    max_grade: Option<f64>,
    chosen: Chosen,
) -> Result<(Diagnostics, Vec<LessonReport>), Failure> {
    let mut reports = Vec::new();
    if is_packet_path(file) {
        // The packet, and every lesson it lists.
        let (inputs, mut diags) = read_inputs(&[file.to_string()])?;
        let lessons = Loader::default().load_all(&inputs.refs, &mut diags)?;
        for lesson in &lessons {
            let (d, r) = check_lesson(lesson, &lesson.id, max_grade, chosen);
            diags.extend(d);
            reports.push(r);
        }
        Ok((diags, reports))
    } else if crate::help::is_local_help_path(file) {
        super::inputs::read_local_help(Path::new(file)).map(|(_, _, warnings)| (warnings, reports))
    } else {
        let (lesson, mut diags) = load_lesson(file)?;
        let (d, r) = check_lesson(&lesson, file, max_grade, chosen);
        diags.extend(d);
        reports.push(r);
        Ok((diags, reports))
    }
}

/// Rosters, by their file name: text exports and workbooks.
fn is_roster_path(file: &str) -> bool {
    let f = file.to_lowercase();
    [".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|ext| f.ends_with(ext))
}

/// A roster: against `lessons` (lesson ids, files and a packet), exactly
/// what `batch` checks before it writes (every row, every scenario id in
/// each lesson edition the row's language picks, each lesson's layout); with
/// no lessons given, the rows alone, and a note saying what wasn't checked.
fn check_roster(
    file: &str,
    lessons: &[String],
    local_help: Option<&Path>,
    (reading, languages): (&super::batch::RosterReading, &super::batch::LanguageChoice),
    max_pages: u32,
) -> Result<Diagnostics, Failure> {
    if lessons.is_empty() {
        let bytes = read_limited(Path::new(file), FileKind::Roster)?;
        let (roster, mut found) = roster::read(
            file,
            &bytes,
            &reading.options(today(), None),
            FontBook::global(),
        )
        .map_err(Failure::invalid)?;
        if let Some(sample) = roster.date_sample() {
            found.push(Diagnostic::note(sample.sentence()));
        }
        found.push(
            Diagnostic::note(
                "scenario ids and languages were not checked: no lessons or packet were given",
            )
            .hint(format!(
                "check it with what it will print, as `batch` would: handout check group.packet.toml {file}"
            )),
        );
        return Ok(found);
    }
    super::batch::validate(&super::batch::Planning {
        inputs: lessons,
        roster: Path::new(file),
        reading,
        languages,
        date: None,
        local_help,
        paper: super::build::PaperArg::Letter,
        large_print: false,
        no_qr: false,
        max_pages,
        file_names: false,
    })
}

/// Whether `name` is one of the built-in lessons' files: a file in a
/// folder called `lessons` with a built-in lesson's file name (the
/// project's own `lessons/`).
fn is_builtin_file(name: &str) -> bool {
    let path = Path::new(name);
    let in_lessons = path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|d| d == "lessons");
    let file = path.file_name().map(|f| f.to_string_lossy().to_string());
    in_lessons && crate::library::builtins().any(|b| file.as_deref() == Some(b.file))
}

/// A loaded lesson's layout problems, safety warnings and readability.
fn check_lesson(
    lesson: &Lesson,
    name: &str,
    max_grade: Option<f64>,
    chosen: Chosen,
) -> (Diagnostics, LessonReport) {
    let mut diags = layout_problems(lesson, name, chosen);
    diags.0.extend(short_pages(lesson, name, chosen).0);
    for l in lesson::lint(lesson) {
        diags.push(match &l.at {
            Some(at) => lesson
                .origin
                .locate(Diagnostic::warning(l.message), Some(at))
                .hint(l.hint),
            None => Diagnostic::warning(format!("{name}: {}", l.message)).hint(l.hint),
        });
    }
    if let Some(l) = lesson::missing_sources(lesson) {
        // A built-in lesson is handed out as the project's word: its facts
        // must say where they come from. Anyone else's gets a warning.
        let d = if is_builtin_file(name) {
            Diagnostic::error(l.message)
        } else {
            Diagnostic::warning(l.message)
        };
        diags.push(lesson.origin.locate(d, l.at.as_ref()).hint(l.hint));
    }
    let r = readability::analyze(lesson);
    let limit = max_grade.unwrap_or(GRADE_GOAL);
    if r.grade > limit {
        let message = format!(
            "{name}: reading grade {:.1} ({} {:.1}) is above grade {limit}",
            r.grade, r.formula, r.score
        );
        let hint = "use shorter sentences and everyday words; the longest sentences are listed by `handout check --json`";
        diags.push(if max_grade.is_some() {
            Diagnostic::error(message).hint(hint)
        } else {
            Diagnostic::warning(message).hint(hint)
        });
    }
    for sentence in readability::lesson_sentences(lesson) {
        let words = readability::words_of(&sentence).len();
        let long = readability::long_sentence(lesson.language);
        if words > long {
            diags.push(
                Diagnostic::warning(format!(
                    "{name}: a sentence of {words} words: \"{sentence}\""
                ))
                .hint(format!(
                    "split it; sentences of {long} words or fewer are easier to read"
                )),
            );
        }
    }
    let report = LessonReport {
        id: lesson.id.clone(),
        language: lesson.language.code().to_string(),
        formula: r.formula,
        score: (r.score * 10.0).round() / 10.0,
        grade: (r.grade * 10.0).round() / 10.0,
        words: r.words,
        sentences: r.sentences,
        longest: r
            .longest
            .into_iter()
            .map(|(words, text)| Sentence { words, text })
            .collect(),
    };
    (diags, report)
}

/// Where a lesson ends on a short page (under a third full) at each size,
/// what the layout's fitting pass does about it, and how much would have to
/// go to end a page sooner: notes, not warnings, as the page is used.
fn short_pages(lesson: &Lesson, name: &str, chosen: Chosen) -> Diagnostics {
    use crate::layout::FitStep;
    let ws = personalize(lesson, None, Header::default());
    let mut out = Vec::new();
    for (paper, large_print) in [
        (Paper::Letter, false),
        (Paper::A4, false),
        (Paper::Letter, true),
        (Paper::A4, true),
    ] {
        let opts = Options {
            paper,
            large_print,
            ..Options::default()
        }
        .with_max_pages(chosen.max_pages as usize);
        let cache = crate::cache::Cache::new();
        let Ok(doc) = layout::layout(&ws, &opts, FontBook::global(), &cache) else {
            continue;
        };
        let Some(fit) = doc.fits.first() else {
            continue;
        };
        let lines = fit.last_page_lines.round().max(1.0);
        let ends = if matches!(fit.step, FitStep::Tightened | FitStep::Trimmed) {
            "would end"
        } else {
            "ends"
        };
        let held = format!(
            "{name}: at {}, it {ends} on page {} holding about {lines} lines ({:.0}% of the page)",
            opts.size_name(),
            fit.pages,
            fit.last_page * 100.0
        );
        let cut = format!("to end a page sooner, cut about {lines} lines of text");
        let range = "or write a prompt's lines as a range (`lines = \"2-4\"`) the layout may trim";
        out.push(match fit.step {
            FitStep::Fine => continue,
            FitStep::Tightened => Diagnostic::note(format!(
                "{held}, so the space between sections is tightened and it ends a page sooner"
            )),
            FitStep::Trimmed => Diagnostic::note(format!(
                "{held}, so prompts get the fewest lines their range allows and it ends a page sooner"
            )),
            FitStep::Notes { lines: n } => Diagnostic::note(format!(
                "{held}: the rest of the page prints as a \"{}\" heading with {n} writing lines",
                lesson.language.labels().notes
            ))
            .hint(format!("{cut}, {range}")),
            FitStep::Short => Diagnostic::note(format!(
                "{held}, with too little room left below for a Notes block"
            ))
            .hint(format!("{cut}, {range}")),
        });
    }
    Diagnostics(out)
}

/// Problems only layout finds (a tracker too wide for the page), at every
/// paper size and print size, each reported once with the sizes it shows
/// at, and where in the file when known: an error when the chosen size is
/// among them, else a warning.
fn layout_problems(lesson: &Lesson, name: &str, chosen: Chosen) -> Diagnostics {
    let ws = personalize(lesson, None, Header::default());
    let mut found: Vec<(LayoutError, Vec<&str>, bool)> = Vec::new();
    for (paper, large_print, size) in [
        (Paper::Letter, false, "Letter"),
        (Paper::A4, false, "A4"),
        (Paper::Letter, true, "Letter large print"),
        (Paper::A4, true, "A4 large print"),
    ] {
        let opts = Options {
            paper,
            large_print,
            ..Options::default()
        }
        .with_max_pages(chosen.max_pages as usize);
        if let Err(e) = layout::layout(&ws, &opts, FontBook::global(), &crate::cache::Cache::new())
        {
            let at_chosen = paper == chosen.paper && large_print == chosen.large_print;
            match found
                .iter_mut()
                .find(|(f, _, _)| f.to_string() == e.to_string())
            {
                Some((_, sizes, chosen)) => {
                    sizes.push(size);
                    *chosen |= at_chosen;
                }
                None => found.push((e, vec![size], at_chosen)),
            }
        }
    }
    Diagnostics(
        found
            .into_iter()
            .map(|(e, sizes, at_chosen)| {
                let pages = matches!(e, LayoutError::TooManyPages { .. });
                let message = if pages {
                    format!("{e} at {}", sizes.join(", "))
                } else {
                    format!("{e} (at {})", sizes.join(", "))
                };
                let d = super::layout_diagnostic(lesson, name, &e, message, at_chosen);
                if pages {
                    d.hint(if at_chosen {
                        "split it into several lessons and print them as a packet, or raise the limit with --max-pages"
                    } else {
                        "it fits at the size checked for; to print at the size named, split it into several lessons or raise the limit with --max-pages"
                    })
                } else if at_chosen {
                    d
                } else {
                    d.hint(
                        "it prints at the size checked for; if you print at the size named, drop a column or shorten the text (check with --paper or --large-print to make it an error)",
                    )
                }
            })
            .collect(),
    )
}
