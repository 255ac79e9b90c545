//! The built-in lesson library: thirteen complete lessons, each in English and
//! Spanish, that build cleanly at every size, read at grade 8 or below, and
//! carry the safety notice and a note on when to get more help.

mod common;

use std::collections::BTreeMap;

use common::*;
use handout::cache::Cache;
use handout::fonts::FontBook;
use handout::labels::Language;
use handout::layout;
use handout::lesson::{self, Lesson, Section};
use handout::library::builtins;
use handout::pdf::{self, PdfOptions};
use handout::worksheet::{Header, personalize};

const TOPICS: [&str; 13] = [
    "compassion-in-recovery",
    "three-parts-of-self-compassion",
    "changing-the-inner-critic",
    "shame-guilt-and-repair",
    "cravings-and-slips",
    "calming-the-body",
    "compassionate-letter",
    "for-families",
    "overdose-response",
    "medicines-for-recovery",
    "withdrawal-safety",
    "my-safety-plan",
    "relapse-prevention-plan",
];

fn all() -> Vec<(String, Lesson)> {
    builtins()
        .map(|b| {
            let (l, warnings) = lesson::load(b.source(), b.id(), FontBook::global())
                .unwrap_or_else(|d| panic!("{} does not load:\n{d}", b.file));
            assert!(warnings.is_empty(), "{}: {warnings}", b.file);
            (b.file.to_string(), l)
        })
        .collect()
}

#[test]
fn each_topic_in_english_and_spanish_with_the_same_scenarios() {
    let lessons = all();
    let mut by_id: BTreeMap<&str, BTreeMap<Language, &Lesson>> = BTreeMap::new();
    for (file, l) in &lessons {
        let expected = file
            .trim_end_matches(".toml")
            .rsplit_once('.')
            .and_then(|(_, code)| Language::from_code(code))
            .unwrap_or(Language::En);
        assert_eq!(l.language, expected, "{file}");
        by_id
            .entry(l.id.as_str())
            .or_default()
            .insert(l.language, l);
    }
    let ids: Vec<&str> = by_id.keys().copied().collect();
    let mut topics = TOPICS.to_vec();
    topics.sort();
    assert_eq!(ids, topics);
    for (id, editions) in &by_id {
        let en = editions
            .get(&Language::En)
            .unwrap_or_else(|| panic!("{id} has no English edition"));
        let es = editions
            .get(&Language::Es)
            .unwrap_or_else(|| panic!("{id} has no Spanish edition"));
        // Every edition (Spanish; Vietnamese and Chinese for one) has the
        // English one's scenarios and the same sections in the same order.
        let names = |l: &Lesson| l.sections.iter().map(Section::name).collect::<Vec<_>>();
        for (lang, other) in editions {
            assert_eq!(
                en.scenario_ids(),
                other.scenario_ids(),
                "{id} {lang}: scenario ids differ"
            );
            assert_eq!(names(en), names(other), "{id} {lang}: sections differ");
            // Filed under the same topics, from the library's list.
            assert_eq!(en.topics, other.topics, "{id} {lang}: topics differ");
        }
        let _ = es;
        assert!(!en.topics.is_empty(), "{id} has no topics");
        for t in &en.topics {
            assert!(
                lesson::TOPICS.contains(&t.as_str()),
                "{id}: `{t}` is not one of the library's topics"
            );
        }
    }
}

#[test]
fn every_lesson_is_complete_and_safe() {
    for (file, l) in all() {
        let names: Vec<&str> = l.sections.iter().map(Section::name).collect();
        // What every lesson has (the design's list); a values card and
        // questions people ask are for the lessons they fit.
        let every = lesson::KINDS
            .iter()
            .map(|k| k.name)
            .filter(|n| !["values", "questions"].contains(n));
        for needed in every {
            assert!(names.contains(&needed), "{file} has no {needed}");
        }
        assert!(
            l.scenarios().len() >= 3,
            "{file}: fewer than three scenarios"
        );
        assert!(
            l.scenarios().iter().all(|s| !s.prompts.is_empty()),
            "{file}: a scenario without prompts"
        );
        // The lint that `check` runs finds nothing: a help note, a safety
        // notice with numbers to call.
        assert_eq!(lesson::lint(&l), vec![], "{file}");
        let safety = l.sections.iter().find_map(|s| match s {
            Section::Safety { body, .. } => Some(
                handout::text::blocks_rich(body)
                    .iter()
                    .map(|r| r.to_plain())
                    .collect::<String>(),
            ),
            _ => None,
        });
        let safety = safety.unwrap();
        assert!(safety.contains("911") && safety.contains("988"), "{file}");
        if l.language == Language::Es {
            // 988 in Spanish: press 2 on a call, send AYUDA in a text.
            assert!(
                safety.contains("oprima 2") && safety.contains("AYUDA"),
                "{file}: 988 offers Spanish; say how"
            );
        }
    }
}

#[test]
fn every_lesson_builds_at_letter_a4_and_large_print() {
    // Written out, so the scratch folder's readers check every one.
    let dir = tempdir();
    for (file, l) in all() {
        let ws = personalize(&l, None, Header::default());
        for opts in print_sizes() {
            let (paper, large_print) = (opts.paper, opts.large_print);
            // Debug builds check the layout rules on every layout.
            let doc = layout::layout(&ws, &opts, FontBook::global(), &Cache::new())
                .unwrap_or_else(|e| panic!("{file} {opts:?}: {e}"));
            // Seven at most: a help note or overdose paragraph, which never
            // splits, may move whole to the next page, and the fitting pass
            // gives a short last page's room to Notes lines (issue 36).
            if !large_print {
                assert!(
                    (2..=7).contains(&doc.pages.len()),
                    "{file} {opts:?}: {} pages",
                    doc.pages.len()
                );
            }
            let bytes = pdf::render(&doc, &PdfOptions::default(), &Cache::new()).unwrap();
            assert!(lopdf::Document::load_mem(&bytes).is_ok(), "{file} {opts:?}");
            let size = if large_print { "large" } else { "normal" };
            std::fs::write(
                dir.path().join(format!("{file}-{paper:?}-{size}.pdf")),
                &bytes,
            )
            .unwrap();
        }
    }
}

#[test]
fn check_passes_every_lesson_at_grade_8() {
    let files: Vec<String> = std::fs::read_dir(root().join("lessons"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    assert_eq!(files.len(), 28);
    let out = handout()
        .arg("check")
        .arg("--max-grade")
        .arg("8")
        .args(&files)
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("checked 28 files: 0 errors, 0 warnings"),
        "{stderr}"
    );

    // And the JSON says the same, formula by language.
    let out = handout()
        .arg("check")
        .arg("--json")
        .args(&files)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    for report in json.as_array().unwrap() {
        assert_eq!(report["ok"], true);
        let lesson = &report["lessons"][0];
        let formula = lesson["formula"].as_str().unwrap();
        let language = lesson["language"].as_str().unwrap();
        match language {
            "en" => assert_eq!(formula, "Flesch–Kincaid grade"),
            "es" => assert_eq!(formula, "Fernández-Huerta ease"),
            // No formula for these: no grade rather than a wrong one.
            _ => {
                assert_eq!(formula, "");
                assert!(lesson["grade"].is_null(), "{lesson}");
                continue;
            }
        }
        let grade = lesson["grade"].as_f64().unwrap();
        assert!(grade <= 8.0, "{}: grade {grade}", report["file"]);
        assert!(lesson["longest"][0]["words"].as_u64().unwrap() <= 25);
    }
}

#[test]
fn max_grade_turns_a_hard_lesson_into_an_error() {
    let dir = tempdir();
    let path = dir.path().join("dense.toml");
    std::fs::write(
        &path,
        "title = \"Dense\"\nsummary = \"\"\"Neurobiological mechanisms underlying compulsive substance administration \
         demonstrate considerable interindividual variability, necessitating individualized therapeutic \
         conceptualization.\"\"\"\n[[notes]]\ntitle = \"When to get more help\"\nbody = \"Call 988.\"\n",
    )
    .unwrap();
    // A warning by default...
    handout()
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .stderr(predicates::str::contains("is above grade 8"));
    // ...an error with --max-grade.
    handout()
        .args(["check", "--max-grade", "8"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(
            predicates::str::contains("error:").and(predicates::str::contains("is above grade 8")),
        );
}

use predicates::prelude::*;
