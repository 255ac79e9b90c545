//! How each kind of section is read from its table (or list of tables) in
//! a lesson file: the `read` of each entry of [`super::KINDS`], each after
//! the shape of its table (its keys, which the reader accepts and `handout
//! schema` writes out).

use std::collections::BTreeMap;

use super::{
    Cx, MAX_CELL_LABEL, MAX_LINES, MAX_TITLE, MAX_TRACKER_ROWS, MAX_VALUES, Note, Question,
    Reflection, Scenario, Section, Step, Term,
};
use crate::read::{ID, Reader, Table, Value};
use crate::shape::{Field, Holds, Shape};
use crate::text::{self, Rich};

/// A section's own `title`, where it has a table to put one in.
const TITLE: Field = Field::optional(
    "title",
    Holds::Text,
    "The section's heading, in place of the default in the lesson's language.",
);
/// Prompts with writing lines under each.
const PROMPTS: Holds = Holds::list(&Holds::Text, 1);

pub(super) fn read_summary(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let body = r.blocks(v, "`summary`")?;
    Some(Section::Summary {
        title: cx.title("summary", cx.labels().summary),
        body,
    })
}

pub(super) fn read_safety(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let body = r.blocks(v, "`safety`")?;
    Some(Section::Safety {
        title: cx.title("safety", cx.labels().safety),
        body,
    })
}

/// The built-in safety notice, in the lesson's language.
pub(super) fn builtin_safety(cx: &Cx) -> Section {
    Section::Safety {
        title: cx.title("safety", cx.labels().safety),
        body: text::parse_blocks(&crate::help::safety_notice(cx.language)),
    }
}

/// An array of tables (`[[terms]]`), each of `shape` and read by `item`.
/// `None` when any entry had an error.
pub(super) fn read_each<T>(
    r: &mut Reader,
    v: &Value,
    key: &str,
    shape: &'static Shape,
    mut item: impl FnMut(&mut Reader, &Table, usize) -> Option<T>,
) -> Option<Vec<T>> {
    let Some(entries) = r.array(v, &format!("`{key}`")) else {
        if matches!(v.get_ref(), toml::de::DeValue::Table(_)) {
            let d = r
                .diags
                .0
                .last_mut()
                .expect("array() reported the wrong type");
            d.hint = Some(format!(
                "write `[[{key}]]` (double brackets) before each entry"
            ));
        }
        return None;
    };
    if entries.is_empty() {
        r.error(v.span(), format!("`{key}` has no entries"));
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for (i, entry) in entries.iter().enumerate() {
        let what = format!("entry {} of [[{key}]]", i + 1);
        match r.table(entry, &what, shape) {
            Some(t) => match item(r, &t, i) {
                Some(x) => out.push(x),
                None => ok = false,
            },
            None => ok = false,
        }
    }
    ok.then_some(out)
}

pub(super) const TERM: Shape = Shape {
    title: "A key term",
    description: "One key term and what it means.",
    fields: &[
        Field::required("term", Holds::Text, "The term, printed in bold."),
        Field::required(
            "meaning",
            Holds::Text,
            "What it means, in a sentence (Markdown).",
        ),
    ],
};

pub(super) fn read_terms(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let terms = read_each(r, v, "terms", &TERM, |r, t, _| {
        let term = r
            .required(t, "term")
            .and_then(|v| r.short(v, "`term`", MAX_TITLE));
        let meaning = r
            .required(t, "meaning")
            .and_then(|v| r.inline(v, "`meaning`"));
        Some(Term {
            term: term?,
            meaning: meaning?,
        })
    })?;
    Some(Section::Terms {
        title: cx.title("terms", cx.labels().terms),
        terms,
    })
}

pub(super) const STEP: Shape = Shape {
    title: "A step",
    description: "One numbered step.",
    fields: &[
        Field::required("name", Holds::Text, "The step's name, printed in bold."),
        Field::required("text", Holds::Text, "What to do (Markdown)."),
    ],
};

pub(super) fn read_steps(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let steps = read_each(r, v, "steps", &STEP, |r, t, _| {
        let name = r
            .required(t, "name")
            .and_then(|v| r.short(v, "`name`", MAX_TITLE));
        let text = r.required(t, "text").and_then(|v| r.inline(v, "`text`"));
        Some(Step {
            name: name?,
            text: text?,
        })
    })?;
    Some(Section::Steps {
        title: cx.title("steps", cx.labels().steps),
        steps,
    })
}

/// Writing lines under each prompt: a number, or a range the layout may
/// trim within to save a page.
const LINES: Field = Field::optional(
    "lines",
    Holds::Either(&[
        Holds::Count {
            min: 0,
            max: MAX_LINES,
        },
        // What `read_lines` reads as a range: "N-M".
        Holds::Pattern {
            pattern: r"^\s*[0-9]+\s*-\s*[0-9]+\s*$",
            example: "3-5",
        },
    ]),
    "Writing lines under each prompt (default 2, at most 30), or a range such as \"3-5\": the most print, and fewer (never under the first number) when that saves a page.",
);

/// A prompt's `lines`: the number to print and the fewest the layout may
/// trim to (the same, unless a range `"3-5"` is given); 2 when absent.
fn read_lines(r: &mut Reader, v: Option<&Value>) -> Option<(u32, u32)> {
    let Some(v) = v else {
        return Some((2, 2));
    };
    if !matches!(v.get_ref(), toml::de::DeValue::String(_)) {
        return r.count(v, "`lines`", 0, MAX_LINES).map(|n| (n, n));
    }
    let s = r.string(v, "`lines`")?;
    let hint = format!(
        "write a number (`lines = 4`) or a range from 0 to {MAX_LINES} (`lines = \"3-5\"`)"
    );
    let range = parse_count(&s).and_then(|(from, to)| Some((from, to?)));
    let Some((fewest, most)) = range.filter(|&(a, b)| a <= b && b <= MAX_LINES) else {
        let d = r.error(
            v.span(),
            format!("`lines` must be a number or a range of lines such as \"3-5\", not \"{s}\""),
        );
        d.hint = Some(hint);
        return None;
    };
    Some((most, fewest))
}

pub(super) const SCENARIO: Shape = Shape {
    title: "A scenario",
    description: "A situation to think through, with prompts to write on.",
    fields: &[
        Field::required(
            "id",
            ID,
            "What `--scenario` picks: lower-case letters, digits, `-` and `_`.",
        ),
        Field::required("title", Holds::Text, "The scenario's heading."),
        Field::optional(
            "text",
            Holds::Text,
            "The situation, printed in italics (Markdown).",
        ),
        Field::optional(
            "prompts",
            Holds::list(&Holds::Text, 0),
            "Questions to answer in writing.",
        ),
        LINES,
    ],
};

pub(super) fn read_scenarios(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let mut seen: BTreeMap<String, std::ops::Range<usize>> = BTreeMap::new();
    let mut dup = false;
    let scenarios = read_each(r, v, "scenarios", &SCENARIO, |r, t, _| {
        let id_value = r.required(t, "id");
        let id = id_value.and_then(|v| r.id(v, "scenario id"));
        if let (Some(id), Some(v)) = (&id, id_value) {
            if let Some(first) = seen.get(id) {
                let (line, _) = r.source.line_col(first.start);
                let d = r.error(v.span(), format!("two scenarios have the id `{id}`"));
                d.label = Some(format!("also used on line {line}"));
                d.hint =
                    Some("give each scenario its own id; `--scenario` picks them by id".into());
                dup = true;
            } else {
                seen.insert(id.clone(), v.span());
            }
        }
        let title = r
            .required(t, "title")
            .and_then(|v| r.short(v, "scenario `title`", MAX_TITLE));
        let text = t.get("text").map(|v| r.inline(v, "scenario `text`"));
        let prompts = match t.get("prompts") {
            Some(v) => r.inline_list(v, "`prompts`", 0),
            None => Some(Vec::new()),
        };
        let lines = read_lines(r, t.get("lines"));
        let (lines, fewest_lines) = lines?;
        Some(Scenario {
            id: id?,
            title: title?,
            text: text.map_or(Some(None), |t| t.map(Some))?,
            prompts: prompts?,
            lines,
            fewest_lines,
        })
    });
    if dup {
        return None;
    }
    Some(Section::Scenarios {
        title: cx.title("scenarios", cx.labels().scenarios),
        scenarios: scenarios?,
    })
}

pub(super) const CHECKLIST: Shape = Shape {
    title: "A checklist",
    description: "Items to check, and what the answers suggest.",
    fields: &[
        TITLE,
        Field::optional(
            "intro",
            Holds::Text,
            "The line above the items (default \"Check any that apply:\").",
        ),
        Field::required(
            "items",
            Holds::list(&Holds::Text, 1),
            "The items, each with a box to check.",
        ),
        Field::optional(
            "reflections",
            Holds::tables(&REFLECTION),
            "What the answers suggest, by how many boxes are checked.",
        ),
    ],
};

pub(super) fn read_checklist(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let labels = cx.labels();
    let t = r.table(v, "[checklist]", &CHECKLIST)?;
    let title = optional_title(r, &t, "[checklist]", labels.checklist);
    let intro = match t.get("intro") {
        Some(v) => r.inline(v, "checklist `intro`"),
        None => Some(Rich::plain(labels.checklist_intro)),
    };
    let items = r
        .required(&t, "items")
        .and_then(|v| r.inline_list(v, "checklist `items`", 1));
    let reflections = match t.get("reflections") {
        Some(v) => read_reflections(r, v, items.as_ref().map(Vec::len)),
        None => Some(Vec::new()),
    };
    Some(Section::Checklist {
        title: title?,
        intro: intro?,
        items: items?,
        reflections: reflections?,
    })
}

const REFLECTION: Shape = Shape {
    title: "A reflection",
    description: "What the answers suggest when so many boxes are checked.",
    fields: &[
        Field::required(
            "checked",
            // What `parse_count` reads: "N", "N-M" or "N+".
            Holds::Pattern {
                pattern: r"^\s*[0-9]+\s*(\+|-\s*[0-9]+\s*)?$",
                example: "2+",
            },
            "How many checked boxes it is for: \"N\", \"N-M\" or \"N+\"; no two may overlap.",
        ),
        Field::required("text", Holds::Text, "What it says (Markdown)."),
    ],
};

/// `[[checklist.reflections]]`: each for a count (`"2"`), a range (`"0-1"`)
/// or a count and more (`"3+"`), none overlapping another, none past the
/// number of items (`items`, when they were read).
pub(super) fn read_reflections(
    r: &mut Reader,
    v: &Value,
    items: Option<usize>,
) -> Option<Vec<Reflection>> {
    let hint = "write how many checked boxes it is for: `\"2\"`, `\"0-1\"` or `\"3+\"`";
    let mut ranges: Vec<(u32, Option<u32>, std::ops::Range<usize>)> = Vec::new();
    let mut bad = false;
    let out = read_each(r, v, "checklist.reflections", &REFLECTION, |r, t, _| {
        let checked = r.required(t, "checked").and_then(|v| {
            let s = r.string(v, "reflection `checked`")?;
            let Some((from, to)) = parse_count(&s) else {
                let d = r.error(v.span(), format!("`{s}` is not a number of checked boxes"));
                d.hint = Some(hint.into());
                return None;
            };
            if to.is_some_and(|to| to < from) {
                let d = r.error(v.span(), format!("the range `{s}` runs backwards"));
                d.hint = Some(format!(
                    "write the smaller number first: `\"{}-{from}\"`",
                    to.unwrap_or(0)
                ));
                return None;
            }
            if let Some(n) = items
                && from as usize > n
            {
                let d = r.error(
                    v.span(),
                    format!(
                        "the checklist has {n} item{}, so {from} can never be checked",
                        if n == 1 { "" } else { "s" }
                    ),
                );
                d.hint = Some(hint.into());
                return None;
            }
            if let Some((f, t, at)) = ranges
                .iter()
                .find(|(f, t, _)| from <= t.unwrap_or(u32::MAX) && *f <= to.unwrap_or(u32::MAX))
            {
                let (line, col) = r.source.line_col(at.start);
                let other = match t {
                    Some(t) if t == f => format!("{f}"),
                    Some(t) => format!("{f}-{t}"),
                    None => format!("{f}+"),
                };
                let d = r.error(
                    v.span(),
                    format!("`{s}` overlaps `{other}`: two reflections would both show"),
                );
                d.label = Some(format!("`{other}` is at line {line}, column {col}"));
                d.hint = Some("give each count of checked boxes one reflection".into());
                bad = true;
                return None;
            }
            ranges.push((from, to, v.span()));
            Some((from, to))
        });
        let text = r
            .required(t, "text")
            .and_then(|v| r.inline(v, "reflection `text`"));
        let (from, to) = checked?;
        Some(Reflection {
            from,
            to,
            text: text?,
        })
    });
    if bad {
        return None;
    }
    out
}

/// `"N"`, `"N-M"` or `"N+"` as the least and most (none: no most).
pub(super) fn parse_count(s: &str) -> Option<(u32, Option<u32>)> {
    let num = |t: &str| {
        let t = t.trim();
        (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    if let Some(n) = s.strip_suffix('+') {
        return Some((num(n)?, None));
    }
    if let Some((a, b)) = s.split_once('-') {
        return Some((num(a)?, Some(num(b)?)));
    }
    let n = num(s)?;
    Some((n, Some(n)))
}

pub(super) const QUESTION: Shape = Shape {
    title: "A question",
    description: "A question people ask, with its short answer.",
    fields: &[
        Field::required("question", Holds::Text, "The question, printed in bold."),
        Field::required(
            "answer",
            Holds::Text,
            "Its short answer, a sentence to three (Markdown).",
        ),
    ],
};

pub(super) fn read_questions(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let questions = read_each(r, v, "questions", &QUESTION, |r, t, _| {
        let question = r
            .required(t, "question")
            .and_then(|v| r.short(v, "`question`", MAX_TITLE));
        let answer = r
            .required(t, "answer")
            .and_then(|v| r.inline(v, "`answer`"));
        Some(Question {
            question: question?,
            answer: answer?,
        })
    })?;
    Some(Section::Questions {
        title: cx.title("questions", cx.labels().questions),
        questions,
    })
}

pub(super) const VALUES: Shape = Shape {
    title: "A values card",
    description: "Values to circle, each with a line to write why it matters.",
    fields: &[
        TITLE,
        Field::optional(
            "intro",
            Holds::Text,
            "The instructions (the default says to circle and write why).",
        ),
        Field::required(
            "items",
            Holds::List {
                item: &Holds::Text,
                min: 1,
                max: Some(MAX_VALUES),
                unique: false,
            },
            "1 to 12 values, each at most 40 characters.",
        ),
    ],
};

pub(super) fn read_values(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let labels = cx.labels();
    let t = r.table(v, "[values]", &VALUES)?;
    let title = optional_title(r, &t, "[values]", labels.values);
    let intro = match t.get("intro") {
        Some(v) => r.inline(v, "values `intro`"),
        None => Some(Rich::plain(labels.values_intro)),
    };
    let values = match r.required(&t, "items") {
        Some(v) => match v.get_ref() {
            toml::de::DeValue::Array(a) if a.len() > MAX_VALUES => {
                let d = r.error(
                    v.span(),
                    format!(
                        "a values card may list at most {MAX_VALUES} values, not {}",
                        a.len()
                    ),
                );
                d.hint = Some(
                    "keep the few that fit this lesson; each value gets a line to write on".into(),
                );
                None
            }
            _ => r.short_list(v, "values `items`", 1, MAX_CELL_LABEL),
        },
        None => None,
    };
    Some(Section::Values {
        title: title?,
        intro: intro?,
        values: values?,
    })
}

pub(super) const PLAN: Shape = Shape {
    title: "A plan",
    description: "Prompts with lines to write a plan on.",
    fields: &[
        TITLE,
        Field::optional("intro", Holds::Text, "A line above the prompts."),
        LINES,
        Field::required(
            "prompts",
            PROMPTS,
            "The prompts, each with lines to write on.",
        ),
    ],
};

pub(super) fn read_plan(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let labels = cx.labels();
    let t = r.table(v, "[plan]", &PLAN)?;
    let title = optional_title(r, &t, "[plan]", labels.plan);
    let intro = t.get("intro").map(|v| r.inline(v, "plan `intro`"));
    let lines = read_lines(r, t.get("lines"));
    let prompts = r
        .required(&t, "prompts")
        .and_then(|v| r.inline_list(v, "plan `prompts`", 1));
    let (lines, fewest_lines) = lines?;
    Some(Section::Plan {
        title: title?,
        intro: intro.map_or(Some(None), |i| i.map(Some))?,
        prompts: prompts?,
        lines,
        fewest_lines,
    })
}

pub(super) const TRACKER: Shape = Shape {
    title: "A tracker",
    description: "A grid to fill in, a row a day.",
    fields: &[
        TITLE,
        Field::optional("intro", Holds::Text, "A line above the grid."),
        Field::optional(
            "rows",
            Holds::Either(&[
                Holds::Count {
                    min: 1,
                    max: MAX_TRACKER_ROWS,
                },
                Holds::List {
                    item: &Holds::Text,
                    min: 1,
                    max: Some(MAX_TRACKER_ROWS as usize),
                    unique: false,
                },
            ]),
            "A number of days (\"Day 1\"...; default 7, at most 366), or your own row labels.",
        ),
        Field::required(
            "columns",
            Holds::list(&Holds::Text, 1),
            "What to track, a column each.",
        ),
    ],
};

pub(super) fn read_tracker(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let labels = cx.labels();
    let t = r.table(v, "[tracker]", &TRACKER)?;
    let title = optional_title(r, &t, "[tracker]", labels.tracker);
    let intro = t.get("intro").map(|v| r.inline(v, "tracker `intro`"));
    let rows = match t.get("rows") {
        None => Some((1..=7).map(|n| Rich::plain(&labels.day(n))).collect()),
        Some(v) => match v.get_ref() {
            toml::de::DeValue::Integer(_) => {
                r.count(v, "tracker `rows`", 1, MAX_TRACKER_ROWS).map(|n| {
                    (1..=n as usize)
                        .map(|n| Rich::plain(&labels.day(n)))
                        .collect()
                })
            }
            toml::de::DeValue::Array(a) if a.len() > MAX_TRACKER_ROWS as usize => {
                r.error(
                    v.span(),
                    format!("tracker `rows` may list at most {MAX_TRACKER_ROWS} labels"),
                );
                None
            }
            _ => match r.short_list(v, "tracker `rows`", 1, MAX_CELL_LABEL) {
                Some(rows) => Some(rows),
                None => {
                    if let Some(d) = r.diags.0.last_mut()
                        && d.hint.is_none()
                    {
                        d.hint = Some(
                            "`rows` is a number of days (`rows = 7`) or a list of labels \
                             (`rows = [\"Mon\", \"Tue\"]`)"
                                .into(),
                        );
                    }
                    None
                }
            },
        },
    };
    let columns = match r.required(&t, "columns") {
        Some(v) => {
            let cols = r.short_list(v, "tracker `columns`", 1, MAX_CELL_LABEL);
            if cols.is_none()
                && let Some(d) = r.diags.0.last_mut()
                && d.hint.is_none()
            {
                d.hint =
                    Some("name each thing to track: `columns = [\"Mood\", \"Step taken\"]`".into());
            }
            cols
        }
        None => None,
    };
    Some(Section::Tracker {
        title: title?,
        intro: intro.map_or(Some(None), |i| i.map(Some))?,
        rows: rows?,
        columns: columns?,
    })
}

pub(super) const NOTE: Shape = Shape {
    title: "A note",
    description: "A free section, printed in order with the other notes.",
    fields: &[
        Field::optional("title", Holds::Text, "The note's heading."),
        Field::required("body", Holds::Text, "Markdown paragraphs and lists."),
    ],
};

pub(super) fn read_notes(r: &mut Reader, v: &Value, _: &Cx) -> Option<Section> {
    let notes = read_each(r, v, "notes", &NOTE, |r, t, _| {
        let title = t
            .get("title")
            .map(|v| r.short(v, "note `title`", MAX_TITLE));
        let body = r
            .required(t, "body")
            .and_then(|v| r.blocks(v, "note `body`"));
        Some(Note {
            title: title.map_or(Some(None), |t| t.map(Some))?,
            body: body?,
        })
    })?;
    Some(Section::Notes { notes })
}

pub(super) fn optional_title(r: &mut Reader, t: &Table, what: &str, default: &str) -> Option<Rich> {
    match t.get("title") {
        Some(v) => r.short(v, &format!("{what} `title`"), MAX_TITLE),
        None => Some(Rich::plain(default)),
    }
}
