//! The lesson's keys about the lesson rather than in it: `topics`, what it
//! is about (for finding it in a library), and `[[sources]]`, the public
//! pages its medical facts were checked against.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::DeValue;

use super::Citation;
use super::sections::MAX_TITLE;
use crate::diag::Diagnostic;
use crate::read::{Reader, Table, Value, closest, list};
use crate::shape::{Field, Holds, Shape};

/// The topics the built-in library files its lessons under. A lesson may
/// use another (a facility's own), with a warning in case it is a typo.
pub const TOPICS: &[&str] = &[
    "safety",
    "substance use",
    "self-compassion",
    "family",
    "planning",
    "coping",
    "medicines",
];

/// Most topics one lesson may have: a few, or the grouping means nothing.
pub(super) const MAX_TOPICS: usize = 4;
/// Longest topic, in characters: it is a heading in a list.
const MAX_TOPIC: usize = 30;
/// Most sources one lesson may list.
pub(super) const MAX_SOURCES: usize = 20;

/// A topic as a schema can check it: 1 to 30 characters ([`MAX_TOPIC`]),
/// no space at either end, no capital A to Z (the reader also refuses
/// capitals of other alphabets).
pub(super) const TOPIC: Holds = Holds::Pattern {
    pattern: r"^[^A-Z\s]([\s\S]{0,28}[^A-Z\s])?$",
    example: "coping",
};

/// An entry of `[[sources]]`.
pub(super) const SOURCE: Shape = Shape {
    title: "A source",
    description: "A public page the lesson's medical facts were checked against.",
    fields: &[
        Field::required(
            "title",
            Holds::Text,
            "The page's title, as it names itself.",
        ),
        Field::required(
            "url",
            // `read_url`: https, a host with a dot, no spaces.
            Holds::Pattern {
                pattern: r"^https://[^/?#\s]*\.\S*$",
                example: "https://www.samhsa.gov/find-help/988",
            },
            "The page's address: https only.",
        ),
        Field::required(
            "checked",
            Holds::Date,
            "When someone checked the text against it: a TOML date, no quotes (2026-12-07).",
        ),
    ],
};

/// `topics = [...]`: 1 to 4 short lower-case topics, each once.
pub(super) fn read_topics(r: &mut Reader, root: &Table) -> Option<Vec<String>> {
    let Some(v) = root.get("topics") else {
        return Some(Vec::new());
    };
    let items = r.array(v, "`topics`")?;
    if items.is_empty() || items.len() > MAX_TOPICS {
        let d = r.error(
            v.span(),
            format!(
                "`topics` lists {} topics; a lesson has 1 to {MAX_TOPICS}",
                items.len()
            ),
        );
        d.hint = Some(format!("choose from: {}", list(TOPICS)));
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
    let mut ok = true;
    for item in items.iter() {
        let Some(topic) = r.string(item, "a topic") else {
            ok = false;
            continue;
        };
        let problem = if topic.trim().is_empty() {
            Some("is empty".to_string())
        } else if topic.chars().count() > MAX_TOPIC {
            Some(format!("is longer than {MAX_TOPIC} characters"))
        } else if topic.chars().any(|c| c.is_uppercase()) || topic.trim() != topic {
            Some("must be lower case, with no space at either end".to_string())
        } else {
            None
        };
        if let Some(why) = problem {
            let d = r.error(item.span(), format!("the topic `{topic}` {why}"));
            d.hint = Some(format!("choose from: {}", list(TOPICS)));
            ok = false;
            continue;
        }
        if let Some(first) = seen.get(&topic) {
            let (line, col) = r.source.line_col(first.start);
            let d = r.error(item.span(), format!("the topic `{topic}` is listed twice"));
            d.label = Some(format!("also at line {line}, column {col}"));
            ok = false;
            continue;
        }
        seen.insert(topic.clone(), item.span());
        if !TOPICS.contains(&topic.as_str()) {
            let hint = match closest(&topic, TOPICS) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "the library's topics are {}; a new one makes a group of its own",
                    list(TOPICS)
                ),
            };
            let source = r.source.clone();
            r.diags.push(
                Diagnostic::warning(format!("`{topic}` is not one of the library's topics"))
                    .at(&source, item.span())
                    .hint(hint),
            );
        }
        out.push(topic);
    }
    ok.then_some(out)
}

/// `[[sources]]`: each with a `title`, an `https://` `url` and the date it
/// was `checked`.
pub(super) fn read_sources(r: &mut Reader, root: &Table) -> Option<Vec<Citation>> {
    let Some(v) = root.get("sources") else {
        return Some(Vec::new());
    };
    let Some(entries) = r.array(v, "`sources`") else {
        if matches!(v.get_ref(), DeValue::Table(_))
            && let Some(d) = r.diags.0.last_mut()
        {
            d.hint = Some("write `[[sources]]` (double brackets) before each source".into());
        }
        return None;
    };
    if entries.is_empty() || entries.len() > MAX_SOURCES {
        r.error(
            v.span(),
            format!(
                "`sources` lists {}; a lesson lists 1 to {MAX_SOURCES}",
                entries.len()
            ),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for (i, entry) in entries.iter().enumerate() {
        let what = format!("entry {} of [[sources]]", i + 1);
        let Some(t) = r.table(entry, &what, &SOURCE) else {
            ok = false;
            continue;
        };
        let title = r
            .required(&t, "title")
            .and_then(|v| r.short(v, "source `title`", MAX_TITLE));
        let url = r.required(&t, "url").and_then(|v| read_url(r, v));
        let checked = r.required(&t, "checked").and_then(|v| read_date(r, v));
        match (title, url, checked) {
            (Some(title), Some(url), Some(checked)) => out.push(Citation {
                title,
                url,
                checked,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// A source's address: a whole `https://` address with no spaces.
fn read_url(r: &mut Reader, v: &Value) -> Option<String> {
    let url = r.string(v, "source `url`")?;
    let rest = url.strip_prefix("https://");
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    if rest.is_none() {
        let d = r.error(v.span(), "a source's `url` must start with `https://`");
        d.label = Some("not an https address".into());
        d.hint = Some(
            "copy the address from the browser's address bar; public health pages are served over https"
                .into(),
        );
        return None;
    }
    if host.is_none_or(|h| !h.contains('.')) || url.chars().any(char::is_whitespace) {
        let d = r.error(v.span(), "a source's `url` is not a whole web address");
        d.hint = Some(
            "copy the address from the browser's address bar, like `https://www.samhsa.gov/...`"
                .into(),
        );
        return None;
    }
    Some(url)
}

/// A TOML date with no time (`checked = 2026-12-07`), a real day.
fn read_date(r: &mut Reader, v: &Value) -> Option<time::Date> {
    let hint = "write the day it was checked as a date, without quotes: `checked = 2026-12-07`";
    let dt = match v.get_ref() {
        DeValue::Datetime(dt) => dt,
        DeValue::String(_) => {
            let d = r.error(
                v.span(),
                "source `checked` must be a date, not text in quotes",
            );
            d.label = Some("this is text".into());
            d.hint = Some(hint.into());
            return None;
        }
        _ => {
            let d = r.error(v.span(), "source `checked` must be a date");
            d.hint = Some(hint.into());
            return None;
        }
    };
    let day = match (dt.date, dt.time) {
        (Some(date), None) => time::Month::try_from(date.month)
            .ok()
            .and_then(|m| time::Date::from_calendar_date(i32::from(date.year), m, date.day).ok()),
        _ => None,
    };
    if day.is_none() {
        let d = r.error(
            v.span(),
            "source `checked` must be a day (year-month-day), with no time",
        );
        d.hint = Some(hint.into());
    }
    day
}

#[cfg(test)]
mod tests;
