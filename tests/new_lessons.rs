//! The issue 32 lessons on using safely (overdose-response,
//! medicines-for-recovery, withdrawal-safety), built as a clinician builds
//! them, in English and in Spanish, and read back from the PDF: the words a
//! client must find are there, and so are the sources the facts come from.

mod common;

use std::path::Path;

use common::*;

/// One edition, built to a PDF and read back with pdftotext (`None` without
/// poppler), words joined by single spaces; with the text of its last page.
fn built(lesson: &str, out: &Path) -> Option<(String, String)> {
    handout()
        .arg("build")
        .arg(lesson)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    let text = words(out)?;
    let last = page_texts(out)?
        .pop()
        .expect("at least one page")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some((text, last))
}

/// The English edition by its built-in id, the Spanish one by its file.
fn editions(id: &str) -> [(String, &'static str); 2] {
    [
        (id.to_string(), "en"),
        (
            root()
                .join(format!("lessons/{id}.es.toml"))
                .display()
                .to_string(),
            "es",
        ),
    ]
}

/// Every phrase in `wanted`, in the PDF's words; and the sources heading
/// and each source's title on the last page.
fn assert_reads(id: &str, wanted: &[(&str, &[&str])], sources: &[&str]) {
    let dir = tempdir();
    for (lesson, lang) in editions(id) {
        let out = dir.path().join(format!("{id}-{lang}.pdf"));
        let Some((text, last)) = built(&lesson, &out) else {
            return;
        };
        let phrases = wanted
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, p)| *p)
            .unwrap();
        for phrase in phrases {
            assert!(
                text.contains(phrase),
                "{id} ({lang}): {phrase:?} is not in the PDF:\n{text}"
            );
        }
        let heading = match lang {
            "es" => "De dónde viene esta información",
            _ => "Where this comes from",
        };
        assert!(
            last.contains(heading),
            "{id} ({lang}): no {heading:?} on the last page:\n{last}"
        );
        for title in sources {
            assert!(
                last.contains(title),
                "{id} ({lang}): source {title:?} not on the last page:\n{last}"
            );
        }
    }
}

#[test]
fn overdose_response_names_naloxone_the_second_dose_911_and_fentanyl() {
    assert_reads(
        "overdose-response",
        &[
            (
                "en",
                &[
                    "naloxone",
                    "Give a second dose if needed.",
                    "in 2 to 3 minutes",
                    "call 911",
                    "fentanyl",
                    "Good Samaritan laws",
                ],
            ),
            (
                "es",
                &[
                    "naloxona",
                    "Dele otra dosis si hace falta.",
                    "segunda dosis",
                    "en 2 o 3 minutos",
                    "llame al 911",
                    "fentanilo",
                    "leyes del Buen Samaritano",
                ],
            ),
        ],
        &[
            "SAMHSA Overdose Prevention and Response Toolkit",
            "Fentanyl Test Strips",
        ],
    );
}

#[test]
fn medicines_for_recovery_names_buprenorphine_methadone_and_naltrexone() {
    assert_reads(
        "medicines-for-recovery",
        &[
            (
                "en",
                &[
                    "Buprenorphine",
                    "Methadone",
                    "Naltrexone",
                    "Acamprosate",
                    "Disulfiram",
                    "Stopping suddenly",
                    "used in pregnancy",
                ],
            ),
            (
                "es",
                &[
                    "Buprenorfina",
                    "Metadona",
                    "Naltrexona",
                    "Acamprosato",
                    "Disulfiram",
                    "Dejarla de golpe",
                    "durante el embarazo",
                ],
            ),
        ],
        &["Substance Use Disorder Treatment Options (SAMHSA)"],
    );
}

#[test]
fn withdrawal_safety_names_seizures_and_says_not_to_stop_alcohol_or_benzodiazepines_suddenly() {
    assert_reads(
        "withdrawal-safety",
        &[
            (
                "en",
                &[
                    "seizures",
                    "Do not stop alcohol or benzodiazepines suddenly on your own.",
                    "rarely deadly by themselves",
                    "Medically supervised withdrawal",
                ],
            ),
            (
                "es",
                &[
                    "convulsiones",
                    "No deje el alcohol ni las benzodiazepinas de golpe por su cuenta.",
                    "rara vez son mortales por sí solas",
                    "Abstinencia con supervisión médica",
                ],
            ),
        ],
        &["Alcohol withdrawal (MedlinePlus)"],
    );
}

#[test]
fn the_three_lessons_check_clean_at_grade_6_in_both_languages() {
    let files: Vec<String> = [
        "overdose-response",
        "medicines-for-recovery",
        "withdrawal-safety",
    ]
    .iter()
    .flat_map(|id| {
        [
            format!("lessons/{id}.toml"),
            format!("lessons/{id}.es.toml"),
        ]
    })
    .map(|f| root().join(f).display().to_string())
    .collect();
    let out = handout()
        .args(["check", "--max-grade", "6"])
        .args(&files)
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("checked 6 files: 0 errors, 0 warnings"),
        "{stderr}"
    );
}
