use crate::diag::{Diagnostics, Source};
use crate::layout::metrics::fake::Mono;
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
