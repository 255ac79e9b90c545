//! A run checked before anything is made: the roster's rows, the lessons in
//! every language they ask for (or the fallback edition where a lesson has
//! none in it), each row's scenarios, each client's file name, and a layout
//! of every lesson edition with the run's options. The command line and the
//! app plan alike, so they refuse and warn alike.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use super::clients::{Client, Clients};
use super::{Job, Packaging, file_stem, unique_file_names};
use crate::cache::Cache;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::labels::Language;
use crate::languages::{Asked, english_name};
use crate::layout::{self, LayoutError, Options};
use crate::lesson::Lesson;
use crate::roster::{Roster, Row};
use crate::worksheet::{Header, choose_scenarios, personalize};

/// Where a plan finds the lessons it prints: the command line reads files
/// and the built-in library, the app its catalog.
pub trait Shelf {
    /// How many lessons each client's document holds.
    fn count(&self) -> usize;
    /// Lesson `i` as a message names it: its id or its file.
    fn name(&self, i: usize) -> String;
    /// Lesson `i` in `language`, or its default edition where it has none
    /// in that language (the plan then tries the fallback language, and
    /// notes it); its problems, if it can't be read. Warnings found reading
    /// it go in `warnings`.
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
    /// A row whose language a lesson has no edition in is an error at its
    /// `language` cell (`--strict-languages`), not a note.
    pub strict_languages: bool,
}

/// A checked run, ready to render.
/// Rows are kept as read and turned into jobs as they are rendered: a job
/// holds more (chosen scenarios per lesson) than a row, and the plan lives
/// for the whole run, so this keeps memory from growing with the roster.
pub struct Plan {
    pub packaging: Packaging,
    /// The lessons each language asked for gets: its own editions, or the
    /// fallback's.
    pub(super) editions: BTreeMap<Option<Asked>, Vec<Arc<Lesson>>>,
    /// The clients some lesson prints in another language for.
    fallbacks: Vec<Fallback>,
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

    /// The clients who asked for a language some lesson has no edition
    /// in, by the language asked for: what the summary says.
    pub fn fallbacks(&self) -> &[Fallback] {
        &self.fallbacks
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

/// Clients who asked for a language some lesson has no edition in: the
/// language, how many clients, and each such lesson's id with the language
/// it prints in (the fallback's, or its default edition's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    pub asked: Asked,
    pub clients: usize,
    pub lessons: Vec<(String, Language)>,
    /// Whether no lesson prints in the language asked.
    pub all: bool,
}

/// `1 client asked for Somali (so): printed in English`, or, where some
/// lessons are in the language asked, `2 clients asked for Vietnamese (vi):
/// `plain` printed in English`.
impl fmt::Display for Fallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut by_language: BTreeMap<Language, Vec<String>> = BTreeMap::new();
        for (id, l) in &self.lessons {
            by_language.entry(*l).or_default().push(format!("`{id}`"));
        }
        let parts: Vec<String> = by_language
            .iter()
            .map(|(l, ids)| match (self.all, by_language.len()) {
                (true, 1) => format!("printed in {}", english_name(*l)),
                _ => format!("{} printed in {}", ids.join(", "), english_name(*l)),
            })
            .collect();
        let s = if self.clients == 1 { "" } else { "s" };
        write!(
            f,
            "{} client{s} asked for {}: {}",
            self.clients,
            self.asked,
            parts.join("; ")
        )
    }
}

impl Fallback {
    /// The note the plan gives: what the summary says, and why.
    fn note(&self) -> Diagnostic {
        let why = if self.all && self.lessons.len() == 1 {
            format!(
                "`{}` has no {} edition",
                self.lessons[0].0,
                self.asked.name()
            )
        } else if self.all {
            format!("no lesson here has a {} edition", self.asked.name())
        } else if self.lessons.len() == 1 {
            format!("it has no {} edition", self.asked.name())
        } else {
            format!("they have no {} edition", self.asked.name())
        };
        Diagnostic::note(format!("{self} ({why})")).code("fallback_language")
    }
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
        strict_languages,
    } = inputs;
    let mut errors = Diagnostics::new();
    let roster = roster.map_err(|d| errors.extend(d)).ok();
    // The lessons in every language the roster asks for.
    let languages: BTreeSet<Option<Asked>> = roster
        .as_ref()
        .map(|r| r.rows.iter().map(|row| row.language).collect())
        .unwrap_or_else(|| BTreeSet::from([None]));
    let fallback = packaging.fallback_language.unwrap_or_default();
    let mut editions = BTreeMap::new();
    let mut missing = BTreeMap::new();
    for lang in languages {
        match editions_in(lessons, lang, fallback, &mut warnings) {
            Ok((found, lacking)) => {
                if let Some(asked) = lang.filter(|_| !lacking.is_empty()) {
                    missing.insert(asked, lacking);
                }
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
        if let Some(lacking) = row.language.and_then(|a| missing.get(&a))
            && strict_languages
        {
            errors.push(no_edition_error(&roster, row, lacking, fallback));
        }
    }
    if !errors.is_empty() {
        return Err(sorted(errors));
    }
    let fallbacks = fallbacks(&roster, &editions, &missing);
    for f in &fallbacks {
        warnings.push(f.note());
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
        fallbacks,
        rows: Clients::new(roster.rows, files),
        default_date,
        opts,
        warnings,
    })
}

/// The lessons (as messages name them) with no edition in a language, by
/// their place in the packet.
type Lacking = Vec<(usize, String)>;

/// Every lesson for clients who ask for `asked`: its edition in that
/// language, else in `fallback`, else its default edition; and the lessons
/// that had none in the language asked. All problems in all lessons are
/// gathered before failing.
fn editions_in(
    shelf: &mut dyn Shelf,
    asked: Option<Asked>,
    fallback: Language,
    warnings: &mut Diagnostics,
) -> Result<(Vec<Arc<Lesson>>, Lacking), Diagnostics> {
    let mut out = Vec::new();
    let mut lacking = Vec::new();
    let mut errors = Diagnostics::new();
    // A language with no labels has no editions: straight to the fallback.
    let wanted = asked.map(|a| a.printed().unwrap_or(fallback));
    for i in 0..shelf.count() {
        let found = shelf
            .edition(i, wanted, warnings)
            .and_then(|l| match wanted {
                Some(w) if l.language != w && w != fallback => {
                    shelf.edition(i, Some(fallback), warnings)
                }
                _ => Ok(l),
            });
        match found {
            Ok(l) => {
                // The default edition may already be in the language.
                if let Some(a) = asked
                    && a.printed() != Some(l.language)
                {
                    lacking.push((i, shelf.name(i)));
                }
                out.push(l);
            }
            Err(d) => errors.extend(d),
        }
    }
    if errors.is_empty() {
        Ok((out, lacking))
    } else {
        Err(errors)
    }
}

/// With `--strict-languages`: the error at a row's `language` cell naming
/// the lessons with no edition in it.
fn no_edition_error(
    roster: &Roster,
    row: &Row,
    lacking: &Lacking,
    fallback: Language,
) -> Diagnostic {
    let asked = row.language.expect("a row that asks for a language");
    let names: Vec<&str> = lacking.iter().map(|(_, name)| name.as_str()).collect();
    let has = if names.len() == 1 { "has" } else { "have" };
    roster
        .language_error(
            row,
            format!("{} {has} no {asked} edition", names.join(", ")),
        )
        .hint(format!(
            "without --strict-languages, the client gets the {} edition",
            Asked::Printed(fallback)
        ))
}

/// The clients printed in another language than they asked for, by the
/// language asked, with each lesson's id and the language it prints in.
fn fallbacks(
    roster: &Roster,
    editions: &BTreeMap<Option<Asked>, Vec<Arc<Lesson>>>,
    missing: &BTreeMap<Asked, Lacking>,
) -> Vec<Fallback> {
    let mut clients: BTreeMap<Asked, usize> = BTreeMap::new();
    for asked in roster.rows.iter().filter_map(|r| r.language) {
        if missing.contains_key(&asked) {
            *clients.entry(asked).or_default() += 1;
        }
    }
    clients
        .into_iter()
        .map(|(asked, n)| {
            let printed = &editions[&Some(asked)];
            let lessons: Vec<(String, Language)> = missing[&asked]
                .iter()
                .map(|(i, _)| (printed[*i].id.clone(), printed[*i].language))
                .collect();
            Fallback {
                asked,
                clients: n,
                all: lessons.len() == printed.len(),
                lessons,
            }
        })
        .collect()
}

/// Lay each lesson out once, blank: problems only layout finds (a tracker
/// too wide for the paper) must stop the run before it makes anything.
fn check_layouts(
    editions: &BTreeMap<Option<Asked>, Vec<Arc<Lesson>>>,
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
