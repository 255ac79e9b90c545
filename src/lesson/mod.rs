//! Lessons: the validated model of one lesson file, and how a file becomes one.
//!
//! A lesson file is TOML with Markdown inside its text fields (docs/lesson-format.md).
//! [`load`] reads it in two steps: `toml` parses the text into a spanned
//! document tree (the raw model), then [`read`] walks that tree into a
//! [`Lesson`], checking every key and value and collecting every problem with
//! its `file:line:col`. We walk the tree by hand rather than derive serde
//! types because serde stops at the first error, and an author should see all
//! of them at once.

mod lint;
mod load;
pub(crate) mod read;

pub use lint::{Lint, lint};
pub use load::{MAX_LESSON_BYTES, load, load_bytes};

use std::ops::Range;
use std::sync::Arc;

use crate::diag::{Diagnostic, Source};
use crate::labels::Language;
use crate::text::{Block, Rich};

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
    /// Where things are in the lesson file, for problems found after
    /// reading it (a tracker too wide for the page).
    pub origin: Origin,
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

/// The names `order = [...]` uses, in the default print order.
pub const SECTION_NAMES: [&str; 9] = [
    "summary",
    "safety",
    "terms",
    "checklist",
    "steps",
    "scenarios",
    "plan",
    "tracker",
    "notes",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    Summary {
        title: Rich,
        body: Vec<Block>,
    },
    Safety {
        title: Rich,
        body: Vec<Block>,
    },
    Terms {
        title: Rich,
        terms: Vec<Term>,
    },
    Checklist {
        title: Rich,
        intro: Rich,
        items: Vec<Rich>,
    },
    Steps {
        title: Rich,
        steps: Vec<Step>,
    },
    Scenarios {
        title: Rich,
        scenarios: Vec<Scenario>,
    },
    Plan {
        title: Rich,
        intro: Option<Rich>,
        prompts: Vec<Rich>,
        lines: u32,
    },
    Tracker {
        title: Rich,
        intro: Option<Rich>,
        rows: Vec<Rich>,
        columns: Vec<Rich>,
    },
    Notes {
        notes: Vec<Note>,
    },
}

impl Section {
    /// The name `order = [...]` uses for this section.
    pub fn name(&self) -> &'static str {
        match self {
            Section::Summary { .. } => "summary",
            Section::Safety { .. } => "safety",
            Section::Terms { .. } => "terms",
            Section::Checklist { .. } => "checklist",
            Section::Steps { .. } => "steps",
            Section::Scenarios { .. } => "scenarios",
            Section::Plan { .. } => "plan",
            Section::Tracker { .. } => "tracker",
            Section::Notes { .. } => "notes",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub term: Rich,
    pub meaning: Rich,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub name: Rich,
    pub text: Rich,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub id: String,
    pub title: Rich,
    /// The situation, told in a sentence or two.
    pub text: Option<Rich>,
    pub prompts: Vec<Rich>,
    /// Writing lines under each prompt.
    pub lines: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub title: Option<Rich>,
    pub body: Vec<Block>,
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
        let mut texts: Vec<&Rich> = Vec::new();
        for section in &self.sections {
            match section {
                Section::Summary { body, .. } | Section::Safety { body, .. } => {
                    texts.extend(crate::text::blocks_rich(body))
                }
                Section::Terms { terms, .. } => terms
                    .iter()
                    .for_each(|t| texts.extend([&t.term, &t.meaning])),
                Section::Checklist { intro, items, .. } => {
                    texts.push(intro);
                    texts.extend(items);
                }
                Section::Steps { steps, .. } => {
                    steps.iter().for_each(|s| texts.extend([&s.name, &s.text]))
                }
                Section::Scenarios { scenarios, .. } => {
                    for s in scenarios {
                        texts.push(&s.title);
                        texts.extend(&s.text);
                        texts.extend(&s.prompts);
                    }
                }
                Section::Plan { intro, prompts, .. } => {
                    texts.extend(intro);
                    texts.extend(prompts);
                }
                Section::Tracker { intro, .. } => texts.extend(intro),
                Section::Notes { notes } => {
                    for n in notes {
                        texts.extend(&n.title);
                        texts.extend(crate::text::blocks_rich(&n.body));
                    }
                }
            }
        }
        let mut out: Vec<(String, String)> = Vec::new();
        for span in texts.into_iter().flat_map(|r| r.0.iter()) {
            if let Some(url) = &span.link
                && !out.iter().any(|(u, _)| u == url)
            {
                out.push((url.clone(), span.text.trim().to_string()));
            }
        }
        out
    }

    pub fn scenario_ids(&self) -> Vec<&str> {
        self.scenarios().iter().map(|s| s.id.as_str()).collect()
    }
}
