//! A run checked before anything is made: the roster's rows, the lessons in
//! every language they ask for, each row's scenarios, each client's file
//! name, and a layout of every lesson edition with the run's options. The
//! command line and the app plan alike, so they refuse and warn alike.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::clients::{Client, Clients};
use super::{Job, Packaging, file_stem, unique_file_names};
use crate::cache::Cache;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::labels::Language;
use crate::layout::{self, LayoutError, Options};
use crate::lesson::Lesson;
use crate::roster::Roster;
use crate::worksheet::{Header, choose_scenarios, personalize};

/// Where a plan finds the lessons it prints: the command line reads files
/// and the built-in library, the app its catalog.
pub trait Shelf {
    /// How many lessons each client's document holds.
    fn count(&self) -> usize;
    /// Lesson `i` as a message names it: its id or its file.
    fn name(&self, i: usize) -> String;
    /// Lesson `i` in `language`, or its default edition where it has none
    /// in that language (the plan warns then); its problems, if it can't
    /// be read. Warnings found reading it go in `warnings`.
    fn edition(
        &mut self,
        i: usize,
        language: Option<Language>,
        warnings: &mut Diagnostics,
    ) -> Result<Arc<Lesson>, Diagnostics>;
}

/// What a run is planned from.
pub struct Inputs<'a> {
    /// The packet's settings, or plain lessons'.
    pub packaging: Packaging,
    pub lessons: &'a mut dyn Shelf,
    /// The roster as read, or its problems (reported with every other
    /// problem the plan finds).
    pub roster: Result<Roster, Diagnostics>,
    /// Warnings found so far (reading the packet, the roster); the plan's
    /// own follow them.
    pub warnings: Diagnostics,
    /// The date for rows whose `date` is empty.
    pub default_date: Option<time::Date>,
    /// How every client's document is laid out.
    pub opts: Options,
    /// Whether each client gets a file name (one PDF a client).
    pub file_names: bool,
    /// What to suggest for a lesson past the page limit.
    pub page_limit_hint: &'static str,
}

/// A checked run, ready to render.
/// Rows are kept as read and turned into jobs as they are rendered: a job
/// holds more (chosen scenarios per lesson) than a row, and the plan lives
/// for the whole run, so this keeps memory from growing with the roster.
pub struct Plan {
    pub packaging: Packaging,
    pub(super) editions: BTreeMap<Option<Language>, Vec<Arc<Lesson>>>,
    pub(super) rows: Clients,
    default_date: Option<time::Date>,
    /// How every client's document is laid out.
    pub opts: Options,
    /// What the plan found that the user should know, problems aside.
    pub warnings: Diagnostics,
}

impl Plan {
    /// How many clients it prints for.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.len() == 0
    }

    /// Every client, in roster order.
    pub fn clients(&self) -> impl Iterator<Item = Client<'_>> {
        self.rows.iter()
    }

    /// The run's title: the packet's, or its lessons' in the first
    /// language planned.
    pub fn title(&self) -> String {
        self.editions
            .values()
            .next()
            .map_or_else(String::new, |lessons| self.packaging.title_for(lessons))
    }

    /// A row's job. Its scenarios were checked when the plan was made.
    pub(super) fn job(&self, row: &Client) -> Job {
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

/// The warning for a lesson printed in its default edition where a row's
/// language has none.
pub fn missing_edition(name: &str, wanted: Language, printed: Language) -> Diagnostic {
    Diagnostic::warning(format!(
        "{name} has no `{wanted}` edition; printing the `{printed}` one"
    ))
    .code("missing_edition")
}

/// Read and check everything; nothing is made or written here. Every
/// problem found, sorted, when the run can't go ahead.
pub fn plan(inputs: Inputs) -> Result<Plan, Diagnostics> {
    let Inputs {
        packaging,
        lessons,
        roster,
        mut warnings,
        default_date,
        opts,
        file_names,
        page_limit_hint,
    } = inputs;
    let mut errors = Diagnostics::new();
    let roster = roster.map_err(|d| errors.extend(d)).ok();
    // The lessons in every language the roster asks for.
    let languages: BTreeSet<Option<Language>> = roster
        .as_ref()
        .map(|r| r.rows.iter().map(|row| row.language).collect())
        .unwrap_or_else(|| BTreeSet::from([None]));
    let mut editions = BTreeMap::new();
    for lang in languages {
        match editions_in(lessons, lang, &mut warnings) {
            Ok(found) => {
                editions.insert(lang, found);
            }
            Err(d) => errors.extend(d),
        }
    }
    errors.extend(check_layouts(&editions, &packaging, &opts, page_limit_hint));
    let Some(roster) = roster.filter(|_| errors.is_empty()) else {
        return Err(sorted(errors));
    };
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
        return Err(sorted(errors));
    }
    // Names are unique whatever the roster: nothing to check here.
    let files = if file_names {
        let stems: Vec<String> = roster
            .rows
            .iter()
            .map(|r| file_stem(r.id.as_deref(), &r.name))
            .collect();
        unique_file_names(&stems)
    } else {
        Vec::new()
    };
    Ok(Plan {
        packaging,
        editions,
        rows: Clients::new(roster.rows, files),
        default_date,
        opts,
        warnings,
    })
}

/// Every lesson in `language`, warning where one falls back to its default
/// edition; all problems in all lessons gathered before failing.
fn editions_in(
    shelf: &mut dyn Shelf,
    language: Option<Language>,
    warnings: &mut Diagnostics,
) -> Result<Vec<Arc<Lesson>>, Diagnostics> {
    let mut out = Vec::new();
    let mut errors = Diagnostics::new();
    for i in 0..shelf.count() {
        match shelf.edition(i, language, warnings) {
            Ok(l) => {
                // The default edition may already be in the language.
                if let Some(lang) = language
                    && l.language != lang
                {
                    warnings.push(missing_edition(&shelf.name(i), lang, l.language));
                }
                out.push(l);
            }
            Err(d) => errors.extend(d),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Lay each lesson out once, blank: problems only layout finds (a tracker
/// too wide for the paper) must stop the run before it makes anything.
fn check_layouts(
    editions: &BTreeMap<Option<Language>, Vec<Arc<Lesson>>>,
    packaging: &Packaging,
    opts: &Options,
    page_limit_hint: &str,
) -> Diagnostics {
    let mut errors = Diagnostics::new();
    let mut checked = BTreeSet::new();
    let cache = Cache::new();
    for lesson in editions.values().flatten() {
        if checked.insert(Arc::as_ptr(lesson)) {
            let ws =
                personalize(lesson, None, Header::default()).with_local_help(&packaging.local_help);
            match layout::layout(&ws, opts, FontBook::global(), &cache) {
                Err(e @ LayoutError::TooManyPages { .. }) => errors.push(
                    Diagnostic::error(format!("{e} at {}", opts.size_name())).hint(page_limit_hint),
                ),
                Err(e) => errors.push(Diagnostic::error(format!(
                    "cannot lay out `{}` at {}: {e}",
                    lesson.id,
                    opts.size_name()
                ))),
                Ok(_) => {}
            }
        }
    }
    errors
}

fn sorted(mut d: Diagnostics) -> Diagnostics {
    d.sort();
    d
}
