//! The lesson's keys about the lesson rather than in it: `topics`, what it
//! is about (for finding it in a library), and `[[sources]]`, the public
//! pages its medical facts were checked against.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::DeValue;

use super::Citation;
use super::read::{Reader, Table, Value, closest};
use super::sections::MAX_TITLE;
use crate::diag::Diagnostic;

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
const MAX_TOPICS: usize = 4;
/// Longest topic, in characters: it is a heading in a list.
const MAX_TOPIC: usize = 30;
/// Most sources one lesson may list.
const MAX_SOURCES: usize = 20;

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
        d.hint = Some(format!("choose from: {}", super::read::list(TOPICS)));
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
            d.hint = Some(format!("choose from: {}", super::read::list(TOPICS)));
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
                    super::read::list(TOPICS)
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
        let Some(t) = r.table(entry, &what, &["title", "url", "checked"]) else {
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
mod tests {
    use crate::diag::{Diagnostics, Source};
    use crate::layout::fake::Mono;
    use crate::lesson::{Lesson, Section, load};

    fn load_str(text: &str) -> Result<(Lesson, Diagnostics), Diagnostics> {
        load(Source::new("t.toml", text), "t", &Mono)
    }

    /// Each problem as `line:col message`.
    fn problems(d: &Diagnostics) -> Vec<String> {
        d.iter()
            .map(|d| {
                let at = d.location().unwrap_or_default();
                format!("{} {}", at.trim_start_matches("t.toml:"), d.message)
            })
            .collect()
    }

    const BASE: &str = "title = \"x\"\nsummary = \"y\"\n";

    #[test]
    fn topics_are_read_and_an_unknown_one_gets_a_did_you_mean_warning() {
        let (lesson, warnings) =
            load_str(&format!("topics = [\"safety\", \"subtance use\"]\n{BASE}")).unwrap();
        assert_eq!(lesson.topics, ["safety", "subtance use"]);
        assert_eq!(
            problems(&warnings),
            ["1:21 `subtance use` is not one of the library's topics"]
        );
        assert_eq!(
            warnings.0[0].hint.as_deref(),
            Some("did you mean `substance use`?")
        );
        let (lesson, warnings) = load_str(BASE).unwrap();
        assert!(lesson.topics.is_empty() && warnings.is_empty());
    }

    #[test]
    fn bad_topics_are_errors_at_their_place() {
        let d = load_str(&format!(
            "{BASE}topics = [\"Safety\", \"coping\", \"coping\"]\n"
        ))
        .unwrap_err();
        assert_eq!(
            problems(&d),
            [
                "3:11 the topic `Safety` must be lower case, with no space at either end",
                "3:31 the topic `coping` is listed twice",
            ]
        );
        let d = load_str(&format!("{BASE}topics = []\n")).unwrap_err();
        assert_eq!(
            problems(&d),
            ["3:10 `topics` lists 0 topics; a lesson has 1 to 4"]
        );
    }

    #[test]
    fn sources_are_read_with_their_dates() {
        let (lesson, _) = load_str(&format!(
            "{BASE}[[sources]]\ntitle = \"Naloxone DrugFacts\"\nurl = \"https://www.fda.gov/x\"\nchecked = 2026-12-07\n"
        ))
        .unwrap();
        assert_eq!(lesson.sources.len(), 1);
        let s = &lesson.sources[0];
        assert_eq!(s.title.to_plain(), "Naloxone DrugFacts");
        assert_eq!(s.url, "https://www.fda.gov/x");
        assert_eq!(
            s.checked,
            time::Date::from_calendar_date(2026, time::Month::December, 7).unwrap()
        );
    }

    #[test]
    fn a_source_needs_https_and_a_real_date() {
        let d = load_str(&format!(
            "{BASE}[[sources]]\ntitle = \"A\"\nurl = \"http://www.cdc.gov/x\"\nchecked = \"2026-12-07\"\n\
             [[sources]]\ntitle = \"B\"\nurl = \"https://www.cdc.gov/x\"\nchecked = 2026-12-07T10:00:00\n\
             [[sources]]\nurl = \"https://cdc\"\nchecked = 2026-12-07\n"
        ))
        .unwrap_err();
        assert_eq!(
            problems(&d),
            [
                "5:7 a source's `url` must start with `https://`",
                "6:11 source `checked` must be a date, not text in quotes",
                "10:11 source `checked` must be a day (year-month-day), with no time",
                "11:1 entry 3 of [[sources]] is missing `title`",
                "12:7 a source's `url` is not a whole web address",
            ]
        );
        // A day that is no day is the TOML reader's error, at its place.
        let d = load_str(&format!(
            "{BASE}[[sources]]\ntitle = \"A\"\nurl = \"https://a.gov\"\nchecked = 2026-02-30\n"
        ))
        .unwrap_err();
        assert!(problems(&d)[0].starts_with("6:"), "{:?}", problems(&d));
    }

    #[test]
    fn reflections_are_read_in_order() {
        let (lesson, _) = load_str(
            "title = \"x\"\n[checklist]\nitems = [\"a\", \"b\", \"c\"]\n\
             [[checklist.reflections]]\nchecked = \"0-1\"\ntext = \"Few.\"\n\
             [[checklist.reflections]]\nchecked = \"2\"\ntext = \"Two.\"\n\
             [[checklist.reflections]]\nchecked = \"3+\"\ntext = \"Many.\"\n",
        )
        .unwrap();
        let Section::Checklist { reflections, .. } = &lesson.sections[1] else {
            panic!("{:?}", lesson.sections)
        };
        let got: Vec<_> = reflections
            .iter()
            .map(|r| (r.from, r.to, r.text.to_plain()))
            .collect();
        assert_eq!(
            got,
            [
                (0, Some(1), "Few.".to_string()),
                (2, Some(2), "Two.".to_string()),
                (3, None, "Many.".to_string())
            ]
        );
        assert!(reflections[2].matches(7) && !reflections[0].matches(2));
    }

    #[test]
    fn overlapping_or_bad_counts_are_errors_at_the_count() {
        let d = load_str(
            "title = \"x\"\n[checklist]\nitems = [\"a\", \"b\", \"c\"]\n\
             [[checklist.reflections]]\nchecked = \"0-2\"\ntext = \"A.\"\n\
             [[checklist.reflections]]\nchecked = \"2+\"\ntext = \"B.\"\n",
        )
        .unwrap_err();
        assert_eq!(
            problems(&d),
            ["8:11 `2+` overlaps `0-2`: two reflections would both show"]
        );
        assert_eq!(
            d.0[0].label.as_deref(),
            Some("`0-2` is at line 5, column 11")
        );
        let d = load_str(
            "title = \"x\"\n[checklist]\nitems = [\"a\"]\n\
             [[checklist.reflections]]\nchecked = \"some\"\ntext = \"A.\"\n\
             [[checklist.reflections]]\nchecked = \"3-1\"\ntext = \"B.\"\n\
             [[checklist.reflections]]\nchecked = \"4+\"\ntext = \"C.\"\n",
        )
        .unwrap_err();
        assert_eq!(
            problems(&d),
            [
                "5:11 `some` is not a number of checked boxes",
                "8:11 the range `3-1` runs backwards",
                "11:11 the checklist has 1 item, so 4 can never be checked",
            ]
        );
    }

    #[test]
    fn questions_are_a_section_with_a_default_title_in_each_language() {
        let text = "title = \"x\"\n[[questions]]\nquestion = \"Why?\"\nanswer = \"Because.\"\n";
        let (lesson, _) = load_str(text).unwrap();
        let Section::Questions { title, questions } = &lesson.sections[1] else {
            panic!("{:?}", lesson.sections)
        };
        assert_eq!(title.to_plain(), "Questions people ask");
        assert_eq!(questions[0].question.to_plain(), "Why?");
        assert_eq!(questions[0].answer.to_plain(), "Because.");
        let (lesson, _) = load_str(&format!("language = \"es\"\n{text}")).unwrap();
        assert_eq!(
            lesson.sections[1].name(),
            "questions",
            "{:?}",
            lesson.sections
        );
        let Section::Questions { title, .. } = &lesson.sections[1] else {
            unreachable!()
        };
        assert_eq!(title.to_plain(), "Preguntas frecuentes");
        let (lesson, _) = load_str(&format!("{text}[titles]\nquestions = \"Asked often\"\n"))
            .unwrap_or_else(|d| panic!("{:?}", problems(&d)));
        let Section::Questions { title, .. } = &lesson.sections[1] else {
            unreachable!()
        };
        assert_eq!(title.to_plain(), "Asked often");
        let d = load_str("title = \"x\"\n[[questions]]\nquestion = \"Why?\"\n").unwrap_err();
        assert_eq!(
            problems(&d),
            ["2:1 entry 1 of [[questions]] is missing `answer`"]
        );
    }
}
