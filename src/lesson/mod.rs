//! Lessons: the validated model of one lesson file, and how a file becomes one.
//!
//! A lesson file is TOML with Markdown inside its text fields (docs/lesson-format.md).
//! [`load`] reads it in two steps: `toml` parses the text into a spanned
//! document tree (the raw model), then [`crate::read`] walks that tree into a
//! [`Lesson`], checking every key and value and collecting every problem with
//! its `file:line:col`. We walk the tree by hand rather than derive serde
//! types because serde stops at the first error, and an author should see all
//! of them at once.

mod lint;
mod load;
pub(crate) mod read;
mod sections;
mod topics;

pub use lint::{Lint, lint, missing_sources};
pub use load::{MAX_LESSON_BYTES, SHAPE, load, load_bytes};
pub use sections::{
    KINDS, Kind, Note, Question, Reflection, Scenario, Section, Step, Term, TextKind,
};
pub use topics::TOPICS;

use std::ops::Range;
use std::sync::Arc;

use crate::diag::{Diagnostic, Source};
use crate::labels::Language;
use crate::text::Rich;

/// One lesson, checked and complete: every section title resolved (defaults
/// come from the lesson's language), sections in print order, and the safety
/// notice always present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lesson {
    pub id: String,
    pub title: Rich,
    pub subtitle: Option<Rich>,
    pub language: Language,
    /// The short crisis line printed in every footer.
    pub crisis: Rich,
    pub sections: Vec<Section>,
    /// Print each link as a QR code in a Resources box at the end (`qr =
    /// false` in the file turns it off).
    pub qr: bool,
    /// What the lesson is about, for finding it in a library (`handout
    /// list`, the app's gallery): never printed.
    pub topics: Vec<String>,
    /// Where its medical facts come from, printed small at its end.
    pub sources: Vec<Citation>,
    /// Where things are in the lesson file, for problems found after
    /// reading it (a tracker too wide for the page).
    pub origin: Origin,
}

/// A public page the lesson's facts were checked against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Citation {
    /// The page's title, as it names itself.
    pub title: Rich,
    /// Its address (always `https://`).
    pub url: String,
    /// When someone last checked the lesson's text against it.
    pub checked: time::Date,
}

/// The lesson's file, and where in it the parts are that later stages may
/// need to point at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub source: Option<Arc<Source>>,
    /// The tracker's `columns`.
    pub tracker_columns: Option<Range<usize>>,
    /// Each scenario's `id`, by id.
    pub scenario_ids: Vec<(String, Range<usize>)>,
    /// The first word that states a medical fact (`naloxone`), and where.
    pub medical: Option<(String, Range<usize>)>,
    /// The safety notice is the built-in one, not the lesson's own.
    pub builtin_safety: bool,
}

impl Origin {
    /// Point `d` at `span` in the lesson file, when both are known.
    pub fn locate(&self, d: Diagnostic, span: Option<&Range<usize>>) -> Diagnostic {
        match (&self.source, span) {
            (Some(source), Some(span)) => d.at(source, span.clone()),
            (Some(source), None) => d.in_file(source),
            _ => d,
        }
    }

    pub fn scenario(&self, id: &str) -> Option<&Range<usize>> {
        self.scenario_ids
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, s)| s)
    }
}

impl Lesson {
    /// The lesson's scenarios, in order.
    pub fn scenarios(&self) -> &[Scenario] {
        self.sections
            .iter()
            .find_map(|s| match s {
                Section::Scenarios { scenarios, .. } => Some(scenarios.as_slice()),
                _ => None,
            })
            .unwrap_or(&[])
    }

    /// Every link in the lesson, in reading order, each address once, with
    /// the text first shown for it.
    pub fn links(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let labels = self.language.labels();
        for section in &self.sections {
            section.visit(labels, &mut |_, rich| {
                for span in &rich.0 {
                    if let Some(url) = &span.link
                        && !out.iter().any(|(u, _)| u == url)
                    {
                        out.push((url.clone(), span.text.trim().to_string()));
                    }
                }
            });
        }
        out
    }

    pub fn scenario_ids(&self) -> Vec<&str> {
        self.scenarios().iter().map(|s| s.id.as_str()).collect()
    }
}
