//! The kinds of section a lesson can have, in one place: each kind's name
//! (the TOML key and its name in `order`), how it is read from the file, and
//! what text it prints ([`Section::visit`], the one walk that readability,
//! the layout's self-checks and link collection share). Adding a section
//! kind means a variant here and a reader in `sections/readers.rs`, a
//! [`Kind`] row, its labels in `labels.rs`, and its look in
//! `layout/build/sections.rs`.

use std::collections::BTreeMap;

use crate::labels::{Labels, Language};
use crate::read::{Reader, Value};
use crate::shape::{Field, Holds, Shape};
use crate::text::{self, Block, Rich};

mod readers;

use readers::{
    CHECKLIST, NOTE, PLAN, QUESTION, SCENARIO, STEP, TERM, TRACKER, VALUES, builtin_safety,
    read_checklist, read_notes, read_plan, read_questions, read_safety, read_scenarios, read_steps,
    read_summary, read_terms, read_tracker, read_values,
};

/// Most writing lines a prompt may ask for (a page and a half of lines).
const MAX_LINES: u32 = 30;
/// Most tracker rows: a year of days.
const MAX_TRACKER_ROWS: u32 = 366;
/// Longest title or heading, in characters.
pub(super) const MAX_TITLE: usize = 150;
/// Longest tracker row or column label, or value on a values card: it must
/// fit a narrow column.
const MAX_CELL_LABEL: usize = 40;
/// Most values on a values card: a few to choose among, each with its line.
const MAX_VALUES: usize = 12;

/// One kind of section.
pub struct Kind {
    /// The TOML key, and the section's name in `order = [...]`.
    pub name: &'static str,
    /// Its heading can be changed in `[titles]` (kinds whose entries are a
    /// list have no table of their own to put a `title` in).
    pub in_titles: bool,
    /// What its key holds in the file (its table's shape).
    pub holds: Holds,
    /// What it is, in a sentence.
    pub description: &'static str,
    read: fn(&mut Reader, &Value, &Cx) -> Option<Section>,
    /// What the lesson gets when its file leaves the section out: only the
    /// safety notice has this.
    absent: Option<fn(&Cx) -> Section>,
}

/// Every kind, in the default print order.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "summary",
        in_titles: true,
        holds: Holds::Text,
        description: "Markdown paragraphs and lists: what the lesson is about.",
        read: read_summary,
        absent: None,
    },
    Kind {
        name: "safety",
        in_titles: true,
        holds: Holds::Text,
        description: "Replaces the built-in safety notice (Markdown).",
        read: read_safety,
        absent: Some(builtin_safety),
    },
    Kind {
        name: "terms",
        in_titles: true,
        holds: Holds::tables(&TERM),
        description: "Key terms, one `[[terms]]` each.",
        read: read_terms,
        absent: None,
    },
    Kind {
        name: "checklist",
        in_titles: false,
        holds: Holds::Table(&CHECKLIST),
        description: "A checklist: items to check, and what the answers suggest.",
        read: read_checklist,
        absent: None,
    },
    Kind {
        name: "steps",
        in_titles: true,
        holds: Holds::tables(&STEP),
        description: "Numbered steps, one `[[steps]]` each.",
        read: read_steps,
        absent: None,
    },
    Kind {
        name: "scenarios",
        in_titles: true,
        holds: Holds::tables(&SCENARIO),
        description: "Situations to think through, one `[[scenarios]]` each.",
        read: read_scenarios,
        absent: None,
    },
    Kind {
        name: "values",
        in_titles: false,
        holds: Holds::Table(&VALUES),
        description: "A values card: values to circle, each with a line to write why.",
        read: read_values,
        absent: None,
    },
    Kind {
        name: "plan",
        in_titles: false,
        holds: Holds::Table(&PLAN),
        description: "Prompts with lines to write a plan on.",
        read: read_plan,
        absent: None,
    },
    Kind {
        name: "tracker",
        in_titles: false,
        holds: Holds::Table(&TRACKER),
        description: "A grid to fill in, a row a day.",
        read: read_tracker,
        absent: None,
    },
    Kind {
        name: "questions",
        in_titles: true,
        holds: Holds::tables(&QUESTION),
        description: "\"Questions people ask\": a question in bold, its answer under it.",
        read: read_questions,
        absent: None,
    },
    Kind {
        name: "notes",
        in_titles: false,
        holds: Holds::tables(&NOTE),
        description: "Free sections, in order, one `[[notes]]` each.",
        read: read_notes,
        absent: None,
    },
];

/// Each kind's key in a lesson, for the lesson's shape.
pub(super) const SECTION_FIELDS: [Field; KINDS.len()] = {
    let mut out = [Field::optional("", Holds::Text, ""); KINDS.len()];
    let mut i = 0;
    while i < KINDS.len() {
        let k = &KINDS[i];
        out[i] = Field::optional(k.name, k.holds, k.description);
        i += 1;
    }
    out
};

/// The names `order = [...]` takes, in the default print order.
pub(super) const SECTION_NAMES: [&str; KINDS.len()] = {
    let mut out = [""; KINDS.len()];
    let mut i = 0;
    while i < KINDS.len() {
        out[i] = KINDS[i].name;
        i += 1;
    }
    out
};

/// How many kinds can have their heading changed in `[titles]`.
const TITLED: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < KINDS.len() {
        if KINDS[i].in_titles {
            n += 1;
        }
        i += 1;
    }
    n
};

/// `[titles]`: a heading for each kind that has no table of its own.
pub(super) const TITLES: Shape = Shape {
    title: "Section headings",
    description: "Headings for the sections that have no table of their own to put a `title` in.",
    fields: &{
        let mut out = [Field::optional("", Holds::Text, ""); TITLED];
        let (mut i, mut n) = (0, 0);
        while i < KINDS.len() {
            if KINDS[i].in_titles {
                out[n] = Field::optional(
                    KINDS[i].name,
                    Holds::Text,
                    "This section's heading, in place of the default in the lesson's language.",
                );
                n += 1;
            }
            i += 1;
        }
        out
    },
};

impl Kind {
    /// Read this section from its value in the file, or, when the file has
    /// none, give the built-in one if the kind has it. `None` inside: the
    /// section was there but had errors (already reported).
    pub(super) fn read(
        &self,
        r: &mut Reader,
        v: Option<&Value>,
        cx: &Cx,
    ) -> Option<Option<Section>> {
        match v {
            Some(v) => Some((self.read)(r, v, cx)),
            None => self.absent.map(|f| Some(f(cx))),
        }
    }
}

/// What a section reader needs besides its value: the lesson's language,
/// and the headings set in `[titles]`.
pub(super) struct Cx<'a> {
    pub language: Language,
    pub titles: &'a BTreeMap<String, Rich>,
}

impl Cx<'_> {
    fn labels(&self) -> &'static Labels {
        self.language.labels()
    }

    /// The heading for `key`: from `[titles]`, else the language's default.
    fn title(&self, key: &str, default: &str) -> Rich {
        self.titles
            .get(key)
            .cloned()
            .unwrap_or_else(|| Rich::plain(default))
    }
}

/// What a piece of text in a section is, for the walks over a lesson's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A section's, scenario's or note's heading.
    Title,
    /// A short name set in bold before or beside its text: a key term, a
    /// step's name.
    Name,
    /// Running text a client reads: paragraphs, list items, intros, prompts.
    Prose,
    /// A tracker's row and column labels.
    Cell,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
        /// What the answers suggest, by how many are checked; printed
        /// under the items.
        reflections: Vec<Reflection>,
    },
    Steps {
        title: Rich,
        steps: Vec<Step>,
    },
    Scenarios {
        title: Rich,
        scenarios: Vec<Scenario>,
    },
    /// A values card: values to circle, each with a line to write why it
    /// matters.
    Values {
        title: Rich,
        intro: Rich,
        values: Vec<Rich>,
    },
    Plan {
        title: Rich,
        intro: Option<Rich>,
        prompts: Vec<Rich>,
        /// Writing lines under each prompt, and the fewest the layout may
        /// trim them to when that saves a page (`lines = "3-5"`: 5 and 3).
        lines: u32,
        fewest_lines: u32,
    },
    Tracker {
        title: Rich,
        intro: Option<Rich>,
        rows: Vec<Rich>,
        columns: Vec<Rich>,
    },
    /// Questions people ask, each with a short answer.
    Questions {
        title: Rich,
        questions: Vec<Question>,
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
            Section::Values { .. } => "values",
            Section::Plan { .. } => "plan",
            Section::Tracker { .. } => "tracker",
            Section::Questions { .. } => "questions",
            Section::Notes { .. } => "notes",
        }
    }

    /// Every piece of text the section prints, in reading order, with what
    /// it is. Words the layout adds (the tracker's corner label) come from
    /// `labels`.
    pub fn visit(&self, labels: &Labels, f: &mut dyn FnMut(TextKind, &Rich)) {
        let blocks = |bs: &[Block], f: &mut dyn FnMut(TextKind, &Rich)| {
            for r in text::blocks_rich(bs) {
                f(TextKind::Prose, r);
            }
        };
        match self {
            Section::Summary { title, body } | Section::Safety { title, body } => {
                f(TextKind::Title, title);
                blocks(body, f);
            }
            Section::Terms { title, terms } => {
                f(TextKind::Title, title);
                for t in terms {
                    f(TextKind::Name, &t.term);
                    f(TextKind::Prose, &t.meaning);
                }
            }
            Section::Checklist {
                title,
                intro,
                items,
                reflections,
            } => {
                f(TextKind::Title, title);
                f(TextKind::Prose, intro);
                items.iter().for_each(|i| f(TextKind::Prose, i));
                for r in reflections {
                    f(TextKind::Name, &Rich::plain(&r.lead(labels)));
                    f(TextKind::Prose, &r.text);
                }
            }
            Section::Questions { title, questions } => {
                f(TextKind::Title, title);
                for q in questions {
                    f(TextKind::Prose, &q.question);
                    f(TextKind::Prose, &q.answer);
                }
            }
            Section::Steps { title, steps } => {
                f(TextKind::Title, title);
                for s in steps {
                    f(TextKind::Name, &s.name);
                    f(TextKind::Prose, &s.text);
                }
            }
            Section::Scenarios { title, scenarios } => {
                f(TextKind::Title, title);
                for s in scenarios {
                    f(TextKind::Title, &s.title);
                    if let Some(t) = &s.text {
                        f(TextKind::Prose, t);
                    }
                    s.prompts.iter().for_each(|p| f(TextKind::Prose, p));
                }
            }
            Section::Values {
                title,
                intro,
                values,
            } => {
                f(TextKind::Title, title);
                f(TextKind::Prose, intro);
                values.iter().for_each(|v| f(TextKind::Name, v));
            }
            Section::Plan {
                title,
                intro,
                prompts,
                ..
            } => {
                f(TextKind::Title, title);
                if let Some(i) = intro {
                    f(TextKind::Prose, i);
                }
                prompts.iter().for_each(|p| f(TextKind::Prose, p));
            }
            Section::Tracker {
                title,
                intro,
                rows,
                columns,
            } => {
                f(TextKind::Title, title);
                if let Some(i) = intro {
                    f(TextKind::Prose, i);
                }
                f(TextKind::Cell, &Rich::plain(labels.tracker_corner));
                columns.iter().for_each(|c| f(TextKind::Cell, c));
                rows.iter().for_each(|r| f(TextKind::Cell, r));
            }
            Section::Notes { notes } => {
                for n in notes {
                    if let Some(t) = &n.title {
                        f(TextKind::Title, t);
                    }
                    blocks(&n.body, f);
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    pub term: Rich,
    pub meaning: Rich,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Step {
    pub name: Rich,
    pub text: Rich,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scenario {
    pub id: String,
    pub title: Rich,
    /// The situation, told in a sentence or two.
    pub text: Option<Rich>,
    pub prompts: Vec<Rich>,
    /// Writing lines under each prompt, and the fewest the layout may trim
    /// them to when that saves a page (`lines = "3-5"`: 5 and 3).
    pub lines: u32,
    pub fewest_lines: u32,
}

/// What a checklist's answers suggest when `from` to `to` items are
/// checked (`to` is `None` for "or more").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reflection {
    pub from: u32,
    pub to: Option<u32>,
    pub text: Rich,
}

impl Reflection {
    /// Whether it speaks to `n` checked items.
    pub fn matches(&self, n: u32) -> bool {
        n >= self.from && self.to.is_none_or(|to| n <= to)
    }

    /// Its lead-in as printed: "If you checked 3 or more:".
    pub fn lead(&self, labels: &Labels) -> String {
        labels.reflection(self.from, self.to)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Question {
    pub question: Rich,
    pub answer: Rich,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Note {
    pub title: Option<Rich>,
    pub body: Vec<Block>,
}

impl Note {
    /// Whether this is the note on when to get more help: its title says
    /// help (in any language a built-in lesson is written in), or its text
    /// names 911 or 988. A page never splits it when it fits on one.
    pub fn gives_help(&self) -> bool {
        let title = self
            .title
            .as_ref()
            .map(|t| t.to_plain().to_lowercase())
            .unwrap_or_default();
        let says_help = ["help", "ayuda", "帮助", "giúp"]
            .iter()
            .any(|w| title.contains(w));
        says_help
            || text::blocks_rich(&self.body).iter().any(|r| {
                let plain = r.to_plain();
                plain.contains("911") || plain.contains("988")
            })
    }
}
