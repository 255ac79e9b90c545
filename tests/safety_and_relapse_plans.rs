//! The planning lessons of issue 32, read back from their PDFs in English
//! and Spanish: the safety plan's six steps with 988 from the help-line data
//! and a "making my space safer" step; and, for relapse-prevention-plan and
//! compassion-in-recovery, the checklist's reflections printed under the
//! checklist and the questions printed in the order the lesson gives them.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use handout::help::book;
use handout::labels::Language;

/// Markdown as it reads on the page: no emphasis marks, straight quotes,
/// single spaces.
fn plain(markdown: &str) -> String {
    flat(&markdown.replace('*', ""))
}

/// Text with curly quotes read as straight ones and no-break spaces as
/// spaces, words joined by single spaces.
fn flat(text: &str) -> String {
    text.replace(['\u{2019}', '\u{2018}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn lesson_file(id: &str, language: Language) -> PathBuf {
    let name = match language {
        Language::En => format!("{id}.toml"),
        other => format!("{id}.{}.toml", other.code()),
    };
    root().join("lessons").join(name)
}

/// The lesson built to a PDF as a client gets it, and its text as poppler
/// reads it (`None` without poppler).
fn built_text(dir: &Path, id: &str, language: Language) -> Option<String> {
    let out = dir.join(format!("{id}-{}.pdf", language.code()));
    handout()
        .arg("build")
        .arg(lesson_file(id, language))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    words(&out).map(|t| flat(&t))
}

fn source(id: &str, language: Language) -> toml::Table {
    let text = std::fs::read_to_string(lesson_file(id, language)).unwrap();
    toml::from_str(&text).unwrap()
}

fn strings(value: &toml::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Where `needle` first appears in `text` at or after `from`, or a failure
/// that says what was looked for and what came before.
fn find_after(text: &str, needle: &str, from: usize, what: &str) -> usize {
    match text[from..].find(needle) {
        Some(i) => from + i,
        None => panic!(
            "{what}: `{needle}` is not in the text after byte {from}:\n{}",
            &text[from..]
        ),
    }
}

#[test]
fn the_safety_plan_prints_988_from_the_help_line_data_and_a_safer_space_step() {
    let dir = tempdir();
    for language in [Language::En, Language::Es] {
        let what = format!("my-safety-plan ({})", language.code());
        let Some(text) = built_text(dir.path(), "my-safety-plan", language) else {
            return;
        };
        let lines = book(language);
        let sentence = plain(&lines.service("988").unwrap().sentence);
        let action = plain(&lines.service("988").unwrap().action);

        // The six steps, in order, the last one making the space safer.
        let steps: [&str; 6] = match language {
            Language::En => [
                "Notice my warning signs",
                "Do something on my own to feel calmer",
                "Go to people or places that help",
                "Ask someone for help",
                "Reach a professional or a crisis line",
                "Make my space safer",
            ],
            _ => [
                "Notar mis señales de alerta",
                "Hacer algo por mi cuenta para calmarme",
                "Ir con personas o a lugares que me ayudan",
                "Pedirle ayuda a alguien",
                "Buscar a un profesional o una línea de crisis",
                "Hacer mi casa más segura",
            ],
        };
        // By name: a reader may put a list number that starts a page after
        // the page's header.
        let mut at = 0;
        for step in steps {
            at = find_after(&text, step, at, &what);
        }
        // Step 5 gives the 988 Lifeline as the data words it.
        let step5 = text[..at].rfind(steps[4]).unwrap();
        assert!(
            text[step5..at].contains(&action),
            "{what}: step 5 lacks `{action}`"
        );

        // The plan has a part for each step, step 6 making the space safer,
        // then reasons for living.
        let (space, reasons) = match language {
            Language::En => (
                "Making my space safer: what I will lock up",
                "My reasons for living:",
            ),
            _ => (
                "Hacer mi casa más segura: lo que voy a guardar bajo llave",
                "Mis razones para vivir:",
            ),
        };
        let at = find_after(&text, space, at, &what);
        let at = find_after(&text, reasons, at, &what);

        // The note on making the space safer names medicines and firearms.
        let (heading, kinds) = match language {
            Language::En => ("Making my space safer", ["Medicines.", "Firearms."]),
            _ => (
                "Cómo hacer mi casa más segura",
                ["Medicamentos.", "Armas de fuego."],
            ),
        };
        let note = find_after(&text, heading, at, &what);
        for kind in kinds {
            find_after(&text, kind, note, &what);
        }

        // 988's whole sentence from the data: in the safety box, and again
        // in the lesson's own help note.
        // Compared without spaces: an address may break after its slash
        // (988lifeline.org/ es), where the reader puts a space.
        let bare = |s: &str| s.split_whitespace().collect::<String>();
        assert!(
            bare(&text).matches(&bare(&sentence)).count() >= 2,
            "{what}: the 988 sentence `{sentence}` is not printed twice"
        );
        let help = match language {
            Language::En => "When to get more help",
            _ => "Cuándo buscar más ayuda",
        };
        let note = find_after(&text, help, note, &what);
        find_after(&bare(&text[note..]), &bare(&sentence), 0, &what);
    }
}

/// The text with every page's footer (the crisis lines' footers) taken
/// out, so that a page break inside a passage cannot lend it a number.
fn without_footers(text: &str, language: Language) -> String {
    let lines = book(language);
    let footer = ["988", "911"]
        .map(|id| lines.service(id).unwrap().footer.clone().unwrap())
        .join(" · ");
    flat(&text.replace(&plain(&footer), " "))
}

/// How a help line's action begins on the page ("call or text 988",
/// "llame al 988 y oprima 2"): its first sentence.
fn call(id: &str, language: Language) -> String {
    let action = plain(&book(language).service(id).unwrap().action);
    action.split(". ").next().unwrap().to_string()
}

/// In `passage`: thoughts of suicide or a plan (`plan`) lead to 988, not
/// 911; having already hurt oneself, taken too much or not being able to
/// stay safe lead to 911 or the nearest emergency room, not 988.
fn routes_a_plan_to_988_and_harm_to_911(passage: &str, plan: &str, language: Language, what: &str) {
    let (call988, call911) = (call("988", language), call("911", language));
    let (harm, room): ([&str; 3], &str) = match language {
        Language::En => (
            [
                "already hurt yourself",
                "too much of a medicine or drug",
                "can't stay safe right now",
            ],
            "nearest emergency room",
        ),
        _ => (
            [
                "se hizo daño",
                "demasiado de una medicina o droga",
                "no puede mantenerse a salvo ahora mismo",
            ],
            "sala de emergencias más cercana",
        ),
    };
    let first = |from: usize, needle: &str| passage[from..].find(needle).map(|i| from + i);

    let at = find_after(passage, plan, 0, what);
    let to988 = first(at, &call988);
    assert!(
        to988.is_some() && to988 < first(at, &call911).or(Some(usize::MAX)),
        "{what}: `{plan}` is not sent to `{call988}` first:\n{passage}"
    );

    let mut at = 0;
    for words in harm {
        at = find_after(passage, words, at, what);
    }
    let to911 = first(at, &call911);
    assert!(
        to911.is_some() && to911 < first(at, &call988).or(Some(usize::MAX)),
        "{what}: `{}` is not sent to `{call911}` first:\n{passage}",
        harm.join(" / ")
    );
    find_after(passage, room, to911.unwrap(), what);
}

#[test]
fn the_safety_plan_sends_a_plan_to_988_and_harm_to_911() {
    let dir = tempdir();
    for language in [Language::En, Language::Es] {
        let what = format!("my-safety-plan ({})", language.code());
        let Some(text) = built_text(dir.path(), "my-safety-plan", language) else {
            return;
        };
        let text = without_footers(&text, language);
        let (danger, step5, step6, plan, help, next) = match language {
            Language::En => (
                "If you are in danger right now, go straight to step 5.",
                "Reach a professional or a crisis line",
                "Make my space safer",
                "thinking about suicide, or you have a plan",
                "When to get more help",
                "What to do next",
            ),
            _ => (
                "Si está en peligro ahora mismo, vaya directo al paso 5.",
                "Buscar a un profesional o una línea de crisis",
                "Hacer mi casa más segura",
                "piensa en el suicidio o tiene un plan",
                "Cuándo buscar más ayuda",
                "Qué hacer ahora",
            ),
        };
        // The summary sends a person in danger straight to step 5.
        find_after(&text, danger, 0, &what);
        // Step 5 and the help note each route both ways.
        let from = find_after(&text, step5, 0, &what);
        let to = find_after(&text, step6, from, &what);
        routes_a_plan_to_988_and_harm_to_911(
            &text[from..to],
            plan,
            language,
            &format!("{what}, step 5"),
        );
        let from = find_after(&text, help, to, &what);
        let to = find_after(&text, next, from, &what);
        routes_a_plan_to_988_and_harm_to_911(
            &text[from..to],
            plan,
            language,
            &format!("{what}, help note"),
        );
    }
}

#[test]
fn the_relapse_plan_sends_a_plan_to_988_and_harm_to_911() {
    let dir = tempdir();
    for language in [Language::En, Language::Es] {
        let what = format!("relapse-prevention-plan ({})", language.code());
        let Some(text) = built_text(dir.path(), "relapse-prevention-plan", language) else {
            return;
        };
        let text = without_footers(&text, language);
        let (plan, help, next) = match language {
            Language::En => (
                "thinking about suicide, have a plan",
                "When to get more help",
                "What to do next",
            ),
            _ => (
                "piensa en el suicidio, tiene un plan",
                "Cuándo buscar más ayuda",
                "Qué hacer ahora",
            ),
        };
        let from = find_after(&text, help, 0, &what);
        let to = find_after(&text, next, from, &what);
        routes_a_plan_to_988_and_harm_to_911(
            &text[from..to],
            plan,
            language,
            &format!("{what}, help note"),
        );
    }
}

#[test]
fn the_safety_plan_says_to_make_the_space_safer_now() {
    let dir = tempdir();
    for language in [Language::En, Language::Es] {
        let what = format!("my-safety-plan ({})", language.code());
        let Some(text) = built_text(dir.path(), "my-safety-plan", language) else {
            return;
        };
        let text = without_footers(&text, language);
        let (step6, now, scenarios, note, note_now, next, next_now) = match language {
            Language::En => (
                "Make my space safer.",
                "Do this now, on a calm day. Don't wait for a crisis.",
                "Practice scenarios",
                "Making my space safer Do this now, on a calm day",
                "Medicines.",
                "What to do next",
                "Now, on a calm day, make your space safer",
            ),
            _ => (
                "Hacer mi casa más segura.",
                "Hágalo ahora, en un día tranquilo; no espere a una crisis.",
                "Situaciones para practicar",
                "Cómo hacer mi casa más segura Hágalo ahora, en un día tranquilo",
                "Medicamentos.",
                "Qué hacer ahora",
                "Haga su casa más segura ahora, en un día tranquilo",
            ),
        };
        // Step 6 begins by saying to do it now, not in a crisis.
        let at = find_after(&text, step6, 0, &what);
        assert!(
            text[at + step6.len()..].trim_start().starts_with(now),
            "{what}: step 6 does not begin with `{now}`:\n{}",
            &text[at..]
        );
        find_after(&text, scenarios, at, &what);
        // So do the note on it, before its list, and what to do next.
        let at = find_after(&text, note, at, &what);
        find_after(&text, note_now, at, &what);
        let at = find_after(&text, next, at, &what);
        find_after(&text, next_now, at, &what);
    }
}

/// A checklist's reflections, as the lesson file gives them: the range
/// ("0-1", "2", "4+") and the text.
fn reflections(lesson: &toml::Table) -> Vec<(String, String)> {
    lesson["checklist"]["reflections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["checked"].as_str().unwrap().to_string(),
                r["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// How a reflection's range reads before its text on the page.
fn lead_in(range: &str, language: Language) -> String {
    let (one, two, more) = match language {
        Language::En => ("If you checked", "or", "or more:"),
        _ => ("Si marcó", "o", "o más:"),
    };
    if let Some(n) = range.strip_suffix('+') {
        return format!("{one} {n} {more}");
    }
    match range.split_once('-') {
        Some((n, m)) => {
            let (n, m): (u32, u32) = (n.parse().unwrap(), m.parse().unwrap());
            assert_eq!(m, n + 1, "write the lead-in for a wider range here");
            format!("{one} {n} {two} {m}:")
        }
        None => format!("{one} {range}:"),
    }
}

#[test]
fn reflections_print_under_the_checklist_and_questions_in_order() {
    let dir = tempdir();
    for id in ["relapse-prevention-plan", "compassion-in-recovery"] {
        for language in [Language::En, Language::Es] {
            let what = format!("{id} ({})", language.code());
            let lesson = source(id, language);
            let Some(text) = built_text(dir.path(), id, language) else {
                return;
            };

            // The reflections come right after the checklist's last item,
            // in order, each with its text, before the next section.
            let items = strings(&lesson["checklist"]["items"]);
            let mut at = 0;
            for item in &items {
                at = find_after(&text, &plain(item), at, &what);
            }
            let reflections = reflections(&lesson);
            assert!(reflections.len() >= 3, "{what}: fewer than 3 reflections");
            for (range, body) in &reflections {
                // The lead-in, then the text up to its first help-line
                // placeholder (which prints the data's words).
                let lead = lead_in(range, language);
                let body = plain(body);
                let body = body.split("{{").next().unwrap().trim();
                at = find_after(&text, &format!("{lead} {body}"), at, &what);
            }
            let steps = lesson["titles"]["steps"].as_str().unwrap();
            find_after(&text, &plain(steps), at, &what);

            // "Questions people ask", each question then its answer, in the
            // lesson's order.
            let heading = match language {
                Language::En => "Questions people ask",
                _ => "Preguntas frecuentes",
            };
            let mut at = find_after(&text, heading, 0, &what);
            let questions = lesson["questions"].as_array().unwrap();
            assert!(questions.len() >= 3, "{what}: fewer than 3 questions");
            for q in questions {
                let question = plain(q["question"].as_str().unwrap());
                let answer = plain(q["answer"].as_str().unwrap());
                at = find_after(&text, &format!("{question} {answer}"), at, &what);
            }

            // And a "What to do next" note.
            let next = match language {
                Language::En => "What to do next",
                _ => "Qué hacer ahora",
            };
            find_after(&text, next, at, &what);
        }
    }
}
