//! How each kind of section is read from its table (or list of tables) in
//! a lesson file: the `read` of each entry of [`super::KINDS`].

use std::collections::BTreeMap;

use super::{
    Cx, MAX_CELL_LABEL, MAX_LINES, MAX_TITLE, MAX_TRACKER_ROWS, MAX_VALUES, Note, Question,
    Reflection, Scenario, Section, Step, Term,
};
use crate::read::{Reader, Table, Value};
use crate::text::{self, Rich};

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

/// An array of tables (`[[terms]]`), each read by `item`. `None` when any
/// entry had an error.
pub(super) fn read_each<T>(
    r: &mut Reader,
    v: &Value,
    key: &str,
    allowed: &[&str],
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
        match r.table(entry, &what, allowed) {
            Some(t) => match item(r, &t, i) {
                Some(x) => out.push(x),
                None => ok = false,
            },
            None => ok = false,
        }
    }
    ok.then_some(out)
}

pub(super) fn read_terms(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let terms = read_each(r, v, "terms", &["term", "meaning"], |r, t, _| {
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

pub(super) fn read_steps(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let steps = read_each(r, v, "steps", &["name", "text"], |r, t, _| {
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

pub(super) fn read_scenarios(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let mut seen: BTreeMap<String, std::ops::Range<usize>> = BTreeMap::new();
    let mut dup = false;
    let scenarios = read_each(
        r,
        v,
        "scenarios",
        &["id", "title", "text", "prompts", "lines"],
        |r, t, _| {
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
            let lines = match t.get("lines") {
                Some(v) => r.count(v, "`lines`", 0, MAX_LINES),
                None => Some(2),
            };
            Some(Scenario {
                id: id?,
                title: title?,
                text: text.map_or(Some(None), |t| t.map(Some))?,
                prompts: prompts?,
                lines: lines?,
            })
        },
    );
    if dup {
        return None;
    }
    Some(Section::Scenarios {
        title: cx.title("scenarios", cx.labels().scenarios),
        scenarios: scenarios?,
    })
}

pub(super) fn read_checklist(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let labels = cx.labels();
    let t = r.table(
        v,
        "[checklist]",
        &["title", "intro", "items", "reflections"],
    )?;
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
    let out = read_each(
        r,
        v,
        "checklist.reflections",
        &["checked", "text"],
        |r, t, _| {
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
        },
    );
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

pub(super) fn read_questions(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let questions = read_each(r, v, "questions", &["question", "answer"], |r, t, _| {
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

pub(super) fn read_values(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let labels = cx.labels();
    let t = r.table(v, "[values]", &["title", "intro", "items"])?;
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

pub(super) fn read_plan(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let labels = cx.labels();
    let t = r.table(v, "[plan]", &["title", "intro", "lines", "prompts"])?;
    let title = optional_title(r, &t, "[plan]", labels.plan);
    let intro = t.get("intro").map(|v| r.inline(v, "plan `intro`"));
    let lines = match t.get("lines") {
        Some(v) => r.count(v, "`lines`", 0, MAX_LINES),
        None => Some(2),
    };
    let prompts = r
        .required(&t, "prompts")
        .and_then(|v| r.inline_list(v, "plan `prompts`", 1));
    Some(Section::Plan {
        title: title?,
        intro: intro.map_or(Some(None), |i| i.map(Some))?,
        prompts: prompts?,
        lines: lines?,
    })
}

pub(super) fn read_tracker(r: &mut Reader, v: &Value, cx: &Cx) -> Option<Section> {
    let labels = cx.labels();
    let t = r.table(v, "[tracker]", &["title", "intro", "rows", "columns"])?;
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

pub(super) fn read_notes(r: &mut Reader, v: &Value, _: &Cx) -> Option<Section> {
    let notes = read_each(r, v, "notes", &["title", "body"], |r, t, _| {
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
