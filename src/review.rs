//! What `handout check` finds in one lesson, for every front end that
//! shows it (the command line, the app's editor): its layout problems at
//! every paper and print size, lint and safety warnings, missing sources,
//! and its reading grade with the longest sentences. Pure: a loaded lesson
//! in, diagnostics and a reading report out.

use std::path::Path;

use serde::Serialize;

use crate::cache::Cache;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::layout::{self, LayoutError, Options, Paper};
use crate::lesson::{self, Lesson};
use crate::readability;
use crate::worksheet::{Header, personalize};

/// Lessons should read at grade 8 or below (we aim for 6–7).
pub const GRADE_GOAL: f64 = 8.0;

/// The size lessons are checked for: problems there are errors, problems
/// only at other sizes warnings.
#[derive(Debug, Clone, Copy)]
pub struct Chosen {
    pub paper: Paper,
    pub large_print: bool,
    /// The most pages one lesson may take.
    pub max_pages: u32,
}

impl Default for Chosen {
    /// Letter, normal print, the usual page limit: what `check` checks
    /// for when told nothing.
    fn default() -> Chosen {
        Chosen {
            paper: Paper::Letter,
            large_print: false,
            max_pages: layout::MAX_LESSON_PAGES as u32,
        }
    }
}

/// One lesson's readability, as `check --json` gives it.
#[derive(Debug, Clone, Serialize)]
pub struct LessonReport {
    pub id: String,
    pub language: String,
    pub formula: &'static str,
    pub score: f64,
    pub grade: f64,
    pub words: usize,
    pub sentences: usize,
    pub longest: Vec<Sentence>,
}

/// One of a lesson's longest sentences, and how many words it has.
#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    pub words: usize,
    pub text: String,
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

/// A loaded lesson's layout problems (laid out through `cache`), safety
/// warnings and readability; `name` is how messages without a place in the
/// file name it.
pub fn lesson(
    lesson: &Lesson,
    name: &str,
    max_grade: Option<f64>,
    chosen: Chosen,
    cache: &Cache,
) -> (Diagnostics, LessonReport) {
    let laid = lay_out_every_size(lesson, chosen, cache);
    let mut diags = layout_problems(lesson, name, chosen, &laid);
    diags.0.extend(short_pages(lesson, name, &laid).0);
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

/// The blank lesson laid out at one of the sizes `check` looks at.
struct Laid {
    /// How messages name the size: `Letter large print`.
    size: &'static str,
    opts: Options,
    doc: Result<layout::Document, LayoutError>,
}

/// The blank lesson laid out once at each paper and print size, for the
/// problems only layout finds and for where it ends short.
fn lay_out_every_size(lesson: &Lesson, chosen: Chosen, cache: &Cache) -> Vec<Laid> {
    let ws = personalize(lesson, None, Header::default());
    [
        (Paper::Letter, false, "Letter"),
        (Paper::A4, false, "A4"),
        (Paper::Letter, true, "Letter large print"),
        (Paper::A4, true, "A4 large print"),
    ]
    .into_iter()
    .map(|(paper, large_print, size)| {
        let opts = Options {
            paper,
            large_print,
            ..Options::default()
        }
        .with_max_pages(chosen.max_pages as usize);
        let doc = layout::layout(&ws, &opts, FontBook::global(), cache);
        Laid { size, opts, doc }
    })
    .collect()
}

/// Where a lesson ends on a short page (under a third full) at each size,
/// what the layout's fitting pass does about it, and how much would have to
/// go to end a page sooner: notes, not warnings, as the page is used.
fn short_pages(lesson: &Lesson, name: &str, laid: &[Laid]) -> Diagnostics {
    use crate::layout::FitStep;
    let mut out = Vec::new();
    for l in laid {
        let Ok(doc) = &l.doc else {
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
            l.opts.size_name(),
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
fn layout_problems(lesson: &Lesson, name: &str, chosen: Chosen, laid: &[Laid]) -> Diagnostics {
    let mut found: Vec<(&LayoutError, Vec<&str>, bool)> = Vec::new();
    for l in laid {
        if let Err(e) = &l.doc {
            let at_chosen =
                l.opts.paper == chosen.paper && l.opts.large_print == chosen.large_print;
            match found
                .iter_mut()
                .find(|(f, _, _)| f.to_string() == e.to_string())
            {
                Some((_, sizes, chosen)) => {
                    sizes.push(l.size);
                    *chosen |= at_chosen;
                }
                None => found.push((e, vec![l.size], at_chosen)),
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
                let d = layout_diagnostic(lesson, name, e, message, at_chosen);
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

/// A layout problem in `lesson` as a message an author can act on: pointed
/// at the place in the lesson file when layout names one (a tracker's
/// `columns`), else naming the file. `error` or a warning.
pub fn layout_diagnostic(
    lesson: &Lesson,
    name: &str,
    e: &LayoutError,
    message: String,
    error: bool,
) -> Diagnostic {
    use crate::layout::LayoutError::*;
    let at = match e {
        TrackerTooWide { .. } => lesson.origin.tracker_columns.as_ref(),
        _ => None,
    };
    let d = |m: String| {
        if error {
            Diagnostic::error(m)
        } else {
            Diagnostic::warning(m)
        }
    };
    match (at, &lesson.origin.source) {
        (Some(at), Some(_)) => lesson.origin.locate(d(message), Some(at)),
        _ => d(format!("{name}: {message}")),
    }
}
