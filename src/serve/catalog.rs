//! The lessons the app offers (the built-in ones, read once, and the
//! folder's, as [`Folder`] last read them), and a filled-in form
//! made into a worksheet: checked field by field, so each problem can be
//! shown beside its field, in plain words that never repeat what was typed.

use std::sync::Arc;

use crate::batch::{Job, Packaging};
use crate::cache::Cache;
use crate::fonts::FontBook;
use crate::labels::Language;
use crate::layout::{self, Document, Options, Paper};
use crate::lesson::{self, Lesson, Section};
use crate::library;
use crate::pdf::PdfOptions;
use crate::worksheet::{Header, HeaderProblem, MAX_HEADER_VALUE, choose_scenarios, personalize};

use super::folder::{FileError, Folder};
use super::words::Words;

pub use crate::worksheet::today;

/// Every lesson on offer, built-in first, then the facility's own.
pub struct Catalog {
    pub entries: Vec<Entry>,
    /// Lessons that read well but can't be laid out: shown in the gallery
    /// with why, never offered to print.
    pub unprintable: Vec<Unprintable>,
    /// Lesson files in the folder that have never read well, each with
    /// its first error: shown in the gallery, never offered to print.
    pub broken: Vec<FileError>,
    /// Which reading this is: 0 for the built-in lessons alone, one more
    /// each time the folder is read (at start, then at each change). A page
    /// holds the one it was made from, to learn when to follow (see
    /// `follow`).
    pub generation: u64,
    /// Work kept between one client's worksheets (a preview, then its
    /// PDF): one cache for the app, bounded by what each kind keeps.
    cache: Arc<Cache>,
}

/// One lesson, in each language it has.
#[derive(Clone)]
pub struct Entry {
    pub id: String,
    /// `built-in`, or the file's name in the lessons folder.
    pub origin: String,
    /// The default edition first.
    pub editions: Vec<Edition>,
    /// Pages at Letter, blank, all scenarios.
    pub pages: usize,
    /// Page 1 of the default edition, small, as SVG.
    pub thumbnail: String,
    /// Its files in the folder that have an error now: what is offered is
    /// the last version of each that read well.
    pub errors: Vec<FileError>,
}

#[derive(Clone)]
pub struct Edition {
    pub lesson: Arc<Lesson>,
    /// Each scenario's id and title, in the lesson's order.
    pub scenarios: Vec<(String, String)>,
}

/// A lesson the gallery shows but can't print, and why.
#[derive(Clone)]
pub struct Unprintable {
    pub title: String,
    /// The language its title is in.
    pub language: Language,
    /// `built-in`, or the file's name in the lessons folder.
    pub origin: String,
    /// Why it can't be laid out, at Letter, in words.
    pub why: String,
}

/// What is wrong with one field of the form, to show beside it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The field's name in the form, or `form` for the whole of it.
    pub field: &'static str,
    pub message: String,
}

pub enum Problem {
    NoLesson,
    Fields(Vec<FieldError>),
}

/// One client's worksheet, checked and ready to lay out.
pub struct FilledForm {
    job: Job,
    opts: Options,
    fillable: bool,
    cache: Arc<Cache>,
    /// The words its problems and its preview's captions are told in.
    words: &'static Words,
}

impl Catalog {
    /// The built-in lessons: read once, and kept as they are whenever the
    /// lessons folder is read again.
    pub fn builtin() -> Catalog {
        let book = FontBook::global();
        let mut entries: Vec<Entry> = Vec::new();
        let mut unprintable = Vec::new();
        for id in library::builtin_ids() {
            let mut editions = Vec::new();
            for b in library::builtins().filter(|b| b.id() == id) {
                if let Ok((l, _)) = lesson::load(b.source(), b.id(), book) {
                    editions.push(l);
                }
            }
            // The file without a language in its name is the default.
            editions.sort_by_key(|l| {
                library::builtins()
                    .find(|b| b.id() == id && b.language_tag() == Some(l.language.code()))
                    .is_some()
            });
            if !editions.is_empty() {
                let editions = editions.into_iter().map(Arc::new).collect();
                match Entry::new(id.to_string(), "built-in".into(), editions) {
                    Ok(e) => entries.push(e),
                    Err(u) => unprintable.push(u),
                }
            }
        }
        Catalog {
            entries,
            unprintable,
            broken: Vec::new(),
            generation: 0,
            cache: Arc::default(),
        }
    }

    /// `builtin` and the lessons of `folder` as last read. A lesson whose
    /// editions are those of an entry in `before` keeps that entry (its
    /// thumbnail is made once); notes on lessons left out go in `notes`.
    pub fn with_folder(
        builtin: &Catalog,
        folder: &Folder,
        before: &Catalog,
        notes: &mut Vec<String>,
    ) -> Catalog {
        let taken = |id: &str| builtin.entries.iter().any(|e| e.id == id);
        let (groups, broken) = folder.lessons(taken, notes);
        let mut entries = builtin.entries.clone();
        let mut unprintable = builtin.unprintable.clone();
        for g in groups {
            let kept = before.entries.iter().find(|e| {
                e.id == g.id
                    && e.origin == g.origin
                    && e.editions.len() == g.editions.len()
                    && e.editions
                        .iter()
                        .zip(&g.editions)
                        .all(|(a, b)| Arc::ptr_eq(&a.lesson, b))
            });
            let made = match kept {
                Some(e) => Ok(e.clone()),
                None => Entry::new(g.id.clone(), g.origin.clone(), g.editions),
            };
            match made {
                Ok(e) => entries.push(Entry {
                    errors: g.errors,
                    ..e
                }),
                Err(u) => {
                    notes.push(format!("note: {} can't be printed: {}", g.origin, u.why));
                    // A lesson that printed until this save keeps the
                    // version that did, with why beside it, as one whose
                    // save stops it reading does.
                    match before
                        .entries
                        .iter()
                        .find(|e| e.id == g.id && e.origin == g.origin)
                    {
                        Some(e) => {
                            let mut errors = g.errors;
                            errors.push(FileError {
                                file: g.origin,
                                at: None,
                                message: u.why,
                            });
                            entries.push(Entry {
                                errors,
                                ..e.clone()
                            });
                        }
                        None => unprintable.push(u),
                    }
                }
            }
        }
        Catalog {
            entries,
            unprintable,
            broken,
            generation: before.generation + 1,
            // Its keys are the work done (a lesson's text, not its file),
            // so what it holds stays right as files change.
            cache: before.cache.clone(),
        }
    }

    /// Lesson `id` in language `lang` (its code, like `es`), or its default
    /// edition when it has none in that language.
    pub fn find(&self, id: &str, lang: Option<&str>) -> Option<(&Entry, &Edition)> {
        let entry = self.entries.iter().find(|e| e.id == id)?;
        let edition = lang
            .and_then(|code| {
                entry
                    .editions
                    .iter()
                    .find(|e| e.lesson.language.code() == code)
            })
            .unwrap_or(&entry.editions[0]);
        Some((entry, edition))
    }

    /// The form's fields (`name`, `date`, `date_order`, `clinician`,
    /// `lang`, `scenario` repeated, `paper`, `large_print`, `fillable`) as
    /// a worksheet of lesson `id`; its problems told in `w`.
    pub fn fill(
        &self,
        w: &'static Words,
        id: &str,
        fields: &[(String, String)],
    ) -> Result<FilledForm, Problem> {
        let get = |key: &str| {
            fields
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        let (_, edition) = self.find(id, get("lang")).ok_or(Problem::NoLesson)?;
        let book = FontBook::global();
        let mut errors = Vec::new();
        let name = get("name").map(str::to_string);
        let clinician = get("clinician").map(str::to_string);
        for (field, value, what) in [
            ("name", &name, w.field_name),
            ("clinician", &clinician, w.field_clinician),
        ] {
            if let Some(message) = value.as_deref().and_then(|v| unprintable(w, v, what, book)) {
                errors.push(FieldError { field, message });
            }
        }
        let order = get("date_order")
            .and_then(crate::dates::DateOrder::parse)
            .unwrap_or_default();
        let date = match get("date") {
            None => None,
            Some(s) => match crate::dates::parse(s, order, today()) {
                Some(d) => Some(d),
                None => {
                    errors.push(FieldError {
                        field: "date",
                        message: w.error_date.replace("{example}", order.example()),
                    });
                    None
                }
            },
        };
        let wanted: Vec<String> = fields
            .iter()
            .filter(|(k, _)| k == "scenario")
            .map(|(_, v)| v.clone())
            .collect();
        let lessons = vec![edition.lesson.clone()];
        let all: Vec<&Lesson> = lessons.iter().map(|l| l.as_ref()).collect();
        let chosen = match choose_scenarios(&all, &wanted) {
            Ok(c) => c,
            Err(_) => {
                errors.push(FieldError {
                    field: "scenario",
                    message: w.error_scenario.into(),
                });
                vec![None]
            }
        };
        let paper = match get("paper") {
            Some("a4") => Paper::A4,
            _ => Paper::Letter,
        };
        if !errors.is_empty() {
            return Err(Problem::Fields(errors));
        }
        Ok(FilledForm {
            job: Job {
                lessons,
                chosen,
                header: Header {
                    name,
                    date: None,
                    clinician,
                    facility: None,
                },
                date,
            },
            opts: Options {
                paper,
                large_print: get("large_print").is_some(),
                qr: true,
                ..Options::default()
            },
            fillable: get("fillable").is_some(),
            cache: self.cache.clone(),
            words: w,
        })
    }
}

/// Why `value` can't print in the header, if it can't: too long, or a
/// character no font has (named by its code point, never shown).
fn unprintable(w: &Words, value: &str, what: &str, book: &FontBook) -> Option<String> {
    Some(match HeaderProblem::of(value, book)? {
        HeaderProblem::TooLong(n) => (w.error_too_long)(what, n, MAX_HEADER_VALUE),
        HeaderProblem::TooManyMarks((ch, n)) => {
            (w.error_too_many_marks)(what, ch, n, crate::text::MAX_MARKS)
        }
        HeaderProblem::NoFont(ch) => (w.error_no_font)(what, ch, crate::text::script_name(ch)),
    })
}

impl Entry {
    /// The lesson as the gallery shows it; or, when it can't be laid out
    /// at Letter (the gallery's size), the note that says why.
    fn new(id: String, origin: String, editions: Vec<Arc<Lesson>>) -> Result<Entry, Unprintable> {
        let book = FontBook::global();
        let first = editions.first().expect("a lesson has an edition");
        let blank = layout::layout(
            &personalize(first, None, Header::default()),
            &Options::default(),
            book,
            &crate::cache::Cache::new(),
        )
        .map_err(|e| Unprintable {
            title: first.title.to_plain(),
            language: first.language,
            origin: origin.clone(),
            why: format!("{} at Letter", e.without_context()),
        })?;
        let thumbnail = crate::svg::page(
            &blank.pages[0],
            book,
            200,
            &format!("Page 1 of {}", first.title.to_plain()),
        );
        Ok(Entry {
            id,
            origin,
            pages: blank.pages.len(),
            thumbnail,
            errors: Vec::new(),
            editions: editions
                .into_iter()
                .map(|l| Edition {
                    scenarios: scenarios(&l),
                    lesson: l,
                })
                .collect(),
        })
    }

    pub fn title(&self) -> String {
        self.editions[0].lesson.title.to_plain()
    }

    /// Its edition in `language`, or its first where it has none there.
    pub fn edition_in(&self, language: Language) -> &Edition {
        self.editions
            .iter()
            .find(|e| e.lesson.language == language)
            .unwrap_or(&self.editions[0])
    }

    pub fn languages(&self) -> Vec<Language> {
        self.editions.iter().map(|e| e.lesson.language).collect()
    }
}

fn scenarios(l: &Lesson) -> Vec<(String, String)> {
    l.sections
        .iter()
        .flat_map(|s| match s {
            Section::Scenarios { scenarios, .. } => scenarios
                .iter()
                .map(|s| (s.id.clone(), s.title.to_plain()))
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

impl FilledForm {
    fn layout(&self) -> Result<Document, Vec<FieldError>> {
        self.job
            .layout(
                &Packaging::default(),
                &self.opts,
                FontBook::global(),
                &self.cache,
            )
            .map_err(|e| {
                let w = self.words;
                vec![FieldError {
                    field: "form",
                    message: match e {
                        layout::LayoutError::MissingGlyph { ch, .. } => {
                            (w.error_missing_glyph)(ch, crate::text::script_name(ch))
                        }
                        layout::LayoutError::TooManyPages { max, .. } => {
                            let paper = match self.opts.paper {
                                Paper::Letter => w.form_paper_letter.to_string(),
                                Paper::A4 => "A4".to_string(),
                            };
                            let size = if self.opts.large_print {
                                (w.large_print_size)(&paper)
                            } else {
                                paper
                            };
                            (w.error_too_many_pages)(&e.to_string(), max, &size)
                        }
                        e => (w.error_layout)(&e.to_string()),
                    },
                }]
            })
    }

    /// Every page, as SVG in a figure, for the preview.
    pub fn preview(&self) -> Result<String, Vec<FieldError>> {
        let doc = self.layout()?;
        let book = FontBook::global();
        let n = doc.pages.len();
        let mut out = String::new();
        for (i, page) in doc.pages.iter().enumerate() {
            let label = (self.words.form_page_of)(i + 1, n);
            out.push_str("<figure class=\"page\">");
            out.push_str(&crate::svg::page(page, book, 612, &label));
            out.push_str(&format!("<figcaption>{label}</figcaption></figure>"));
        }
        Ok(out)
    }

    /// The worksheet as a PDF.
    pub fn pdf(&self) -> Result<Vec<u8>, Vec<FieldError>> {
        let doc = self.layout()?;
        let opts = PdfOptions {
            creation_date: None,
            fillable: self.fillable,
            untagged: false,
            booklet: false,
        };
        crate::pdf::render(&doc, &opts, &self.cache).map_err(|e| {
            vec![FieldError {
                field: "form",
                message: (self.words.error_pdf)(&e.to_string()),
            }]
        })
    }
}
