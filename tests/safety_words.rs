//! The safety words a second clinical review asked for, in English and
//! Spanish, read back from the built PDFs with poppler and MuPDF (issue 30):
//! every safety notice names an overdose and naloxone; each lesson that
//! speaks of using gives the full overdose steps once, with the tolerance
//! warning; cravings-and-slips says not to stop alcohol or benzodiazepines
//! all at once; buprenorphine and methadone are named where they belong;
//! Poison Help and the SAMHSA National Helpline are in the data; and the
//! Spanish reads as a native speaker would write it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use handout::help::{self, How, book};
use handout::labels::Language;

/// Words joined by single spaces, no-break spaces read as spaces.
fn flat(text: &str) -> String {
    text.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The whole document's text as MuPDF reads it.
fn mupdf_words(pdf: &Path) -> Option<String> {
    if !have("mutool") {
        return None;
    }
    let out = Command::new("mutool")
        .args(["draw", "-F", "txt", "-o", "-"])
        .arg(pdf)
        .output()
        .expect("run mutool");
    assert!(out.status.success(), "mutool failed on {}", pdf.display());
    Some(flat(&String::from_utf8(out.stdout).expect("UTF-8")))
}

/// The document's text from poppler and from MuPDF, when both are there.
fn readings(pdf: &Path) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(t) = words(pdf) {
        out.push(("poppler", flat(&t)));
    }
    if let Some(t) = mupdf_words(pdf) {
        out.push(("MuPDF", t));
    }
    out
}

fn lesson(file: &str) -> PathBuf {
    root().join("lessons").join(file)
}

fn build(dir: &Path, file: &str) -> PathBuf {
    let out = dir.join(file.replace(".toml", ".pdf"));
    handout()
        .arg("build")
        .arg(lesson(file))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

/// Builds `file` and checks that each reader finds every phrase. Hyphens
/// don't count: a line may end at "Al-", and then poppler reads "AlAnon"
/// and MuPDF "Al- Anon".
fn assert_prints(dir: &Path, file: &str, phrases: &[&str]) {
    let pdf = build(dir, file);
    for (reader, text) in readings(&pdf) {
        let text = text.replace("- ", "-").replace('-', "");
        for phrase in phrases {
            assert!(
                text.contains(&phrase.replace('-', "")),
                "{file} ({reader}): `{phrase}` missing:\n{text}"
            );
        }
    }
}

/// The four lessons about using (they speak of it most, as `check` counts),
/// in both languages.
const SUBSTANCE_LESSONS: [&str; 4] = [
    "compassion-in-recovery",
    "cravings-and-slips",
    "compassionate-letter",
    "for-families",
];

#[test]
fn the_spanish_flagship_names_the_tolerance_warning_and_the_breathing_sign() {
    let dir = tempdir();
    assert_prints(
        dir.path(),
        "compassion-in-recovery.es.toml",
        &[
            "su cuerpo aguanta menos que antes",
            "le puede causar una sobredosis",
            "respira muy despacio o no respira",
            "labios azules o grises",
        ],
    );
    assert_prints(
        dir.path(),
        "compassion-in-recovery.toml",
        &[
            "your body can handle less than before",
            "slow or no breathing",
            "blue or gray lips",
        ],
    );
}

#[test]
fn every_substance_lesson_gives_the_full_overdose_steps_once() {
    let dir = tempdir();
    let steps: [(&str, [&str; 7]); 2] = [
        (
            "toml",
            [
                "can handle less than before",
                "First, call 911.",
                "Give naloxone.",
                "give a second dose",
                "Lay them on their side",
                "Stay with them until help comes.",
                "Fentanyl test strips",
            ],
        ),
        (
            "es.toml",
            [
                "aguanta menos que antes",
                "Primero, llame al 911.",
                "Dele naloxona.",
                "dele una segunda dosis",
                "Acuéstela de lado",
                "Quédese con ella hasta que llegue la ayuda.",
                "tiras de prueba de fentanilo",
            ],
        ),
    ];
    for name in SUBSTANCE_LESSONS {
        for (ext, phrases) in &steps {
            let file = format!("{name}.{ext}");
            let pdf = build(dir.path(), &file);
            for (reader, text) in readings(&pdf) {
                for phrase in phrases {
                    assert!(
                        text.to_lowercase().contains(&phrase.to_lowercase()),
                        "{file} ({reader}): `{phrase}` missing"
                    );
                }
                // Once, not in every note.
                let second = if *ext == "toml" {
                    "second dose"
                } else {
                    "segunda dosis"
                };
                assert_eq!(text.matches(second).count(), 1, "{file} ({reader})");
                // Good Samaritan laws, without promising what a state does not.
                let (law, hedge) = if *ext == "toml" {
                    ("Good Samaritan laws", "different in each state")
                } else {
                    ("leyes del buen samaritano", "cambia de un estado a otro")
                };
                assert!(text.contains(law), "{file} ({reader}): {law}");
                assert!(text.contains(hedge), "{file} ({reader}): {hedge}");
            }
        }
    }
}

#[test]
fn cravings_and_slips_says_not_to_stop_alcohol_or_benzodiazepines_suddenly() {
    let dir = tempdir();
    assert_prints(
        dir.path(),
        "cravings-and-slips.toml",
        &[
            "If you drink alcohol or take benzodiazepines (such as Xanax or Klonopin) every day, do not stop all at once on your own.",
            "Stopping suddenly can cause seizures and can be deadly.",
            "A doctor can help you stop safely.",
        ],
    );
    assert_prints(
        dir.path(),
        "cravings-and-slips.es.toml",
        &[
            "Si toma alcohol o benzodiacepinas (como Xanax o Klonopin) todos los días, no los deje de golpe por su cuenta.",
            "Dejarlos de repente puede causar convulsiones y puede ser mortal.",
            "Un médico le puede ayudar a dejarlos sin peligro.",
        ],
    );
}

#[test]
fn withdrawal_is_named_in_compassion_in_recovery_and_for_families() {
    let dir = tempdir();
    for (file, words) in [
        ("compassion-in-recovery.toml", ["withdrawal", "seizures"]),
        ("for-families.toml", ["withdrawal", "seizures"]),
        (
            "compassion-in-recovery.es.toml",
            ["abstinencia", "convulsiones"],
        ),
        ("for-families.es.toml", ["abstinencia", "convulsiones"]),
    ] {
        assert_prints(dir.path(), file, &words);
    }
}

#[test]
fn every_safety_notice_names_overdose_and_naloxone() {
    // The built-in notice, in the data...
    for (language, overdose, naloxone) in [
        (Language::En, "overdosed", "naloxone"),
        (Language::Es, "sobredosis", "naloxona"),
    ] {
        let notice = help::safety_notice(language);
        for word in [
            overdose,
            naloxone,
            // Gray, too: how it shows on darker skin (review 30).
            if language == Language::En {
                "blue or gray lips or fingertips"
            } else {
                "labios o las uñas azules o grises"
            },
        ] {
            assert!(notice.contains(word), "{language}: `{word}` in {notice}");
        }
    }
    // ...and on page one of every English and Spanish lesson.
    let dir = tempdir();
    for entry in std::fs::read_dir(root().join("lessons")).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let (overdose, naloxone) = if file.ends_with(".es.toml") {
            (
                "Si cree que una persona tuvo una sobredosis",
                "dele naloxona",
            )
        } else if file.matches('.').count() == 1 {
            ("If someone may have overdosed", "give naloxone")
        } else {
            continue; // Vietnamese and Chinese: tests/help_lines.rs
        };
        let pdf = build(dir.path(), &file);
        let Some(pages) = page_texts(&pdf) else {
            return;
        };
        let first = flat(&pages[0]);
        assert!(first.contains(overdose), "{file}: page one:\n{first}");
        assert!(first.contains(naloxone), "{file}: page one:\n{first}");
    }
}

#[test]
fn buprenorphine_and_methadone_are_named_in_cravings_and_for_families() {
    let dir = tempdir();
    for file in [
        "cravings-and-slips.toml",
        "cravings-and-slips.es.toml",
        "for-families.toml",
        "for-families.es.toml",
    ] {
        let (meds, recovery): (&[&str], &str) = if file.ends_with(".es.toml") {
            (
                &["buprenorfina", "metadona", "bajan el riesgo de morir"],
                "recuperación",
            )
        } else {
            (
                &["buprenorphine", "methadone", "lower the risk of dying"],
                "recovery",
            )
        };
        assert_prints(dir.path(), file, meds);
        assert_prints(dir.path(), file, &[recovery]);
    }
    // Family supports, by name.
    for file in ["for-families.toml", "for-families.es.toml"] {
        assert_prints(
            dir.path(),
            file,
            &[
                "Al-Anon",
                "Nar-Anon",
                "SMART Recovery Family & Friends",
                "CRAFT",
            ],
        );
    }
}

#[test]
fn sober_is_no_longer_the_word_for_recovery() {
    // People on buprenorphine or methadone are in recovery, too.
    let dir = tempdir();
    for file in ["compassionate-letter.toml", "for-families.toml"] {
        let pdf = build(dir.path(), file);
        for (reader, text) in readings(&pdf) {
            assert!(
                !text.to_lowercase().contains("sober"),
                "{file} ({reader}) says sober"
            );
        }
    }
}

#[test]
fn poison_help_and_the_samhsa_helpline_are_in_the_english_and_spanish_data() {
    for language in [Language::En, Language::Es] {
        let b = book(language);
        for (id, number, host, also) in [
            (
                "poison",
                "1-800-222-1222",
                "https://poisonhelp.hrsa.gov/",
                if language == Language::En {
                    "interpreter"
                } else {
                    "intérprete"
                },
            ),
            (
                "samhsa",
                "1-800-662-4357",
                "https://www.samhsa.gov/",
                if language == Language::En {
                    "English and Spanish"
                } else {
                    "en español y en inglés"
                },
            ),
        ] {
            let s = b
                .service(id)
                .unwrap_or_else(|| panic!("{}: no {id}", b.file));
            assert_eq!(s.reach.len(), 1, "{}: {id}", b.file);
            assert_eq!(s.reach[0].how, How::Call);
            assert_eq!(s.reach[0].number, number);
            assert!(s.sentence.contains(number) && s.action.contains(number));
            assert!(s.sentence.contains(also), "{}: {id}: {also}", b.file);
            assert!(
                s.sources.iter().any(|u| u.starts_with(host)),
                "{}: {id} sources {:?}",
                b.file,
                s.sources
            );
            let date = s.verified.date.expect("a verified date");
            assert!((date.year, date.month) >= (2026, 12), "{}: {id}", b.file);
        }
    }
}

#[test]
fn a_lesson_can_place_poison_help_and_the_samhsa_helpline() {
    let dir = tempdir();
    for (language, poison, samhsa) in [
        (
            "en",
            "call Poison Help at",
            "call the SAMHSA National Helpline at",
        ),
        (
            "es",
            "llame a Poison Help al",
            "llame a la Línea Nacional de Ayuda de SAMHSA al",
        ),
    ] {
        let file = dir.path().join(format!("lines.{language}.toml"));
        std::fs::write(
            &file,
            format!(
                "title = \"Lines\"\nlanguage = \"{language}\"\nsummary = \"{{{{poison}}}}\"\n\n\
                 [[notes]]\ntitle = \"When to get more help\"\n\
                 body = \"{{{{samhsa}}}} {{{{poison.action}}}}. {{{{samhsa.action}}}}. {{{{988}}}} {{{{911}}}}\"\n"
            ),
        )
        .unwrap();
        let out = handout().arg("check").arg(&file).assert().success();
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
        let pdf = dir.path().join(format!("lines.{language}.pdf"));
        handout()
            .arg("build")
            .arg(&file)
            .arg("-o")
            .arg(&pdf)
            .assert()
            .success();
        for (reader, text) in readings(&pdf) {
            for phrase in [
                format!("{poison} 1-800-222-1222"),
                format!("{samhsa} 1-800-662-4357"),
            ] {
                assert!(text.contains(&phrase), "{language} ({reader}): {phrase}");
            }
        }
    }
}

#[test]
fn the_988_sentence_names_chat_and_the_veterans_option() {
    let dir = tempdir();
    for (file, phrases) in [
        (
            "calming-the-body.toml",
            ["chat at 988lifeline.org", "Veterans: call 988 and press 1."],
        ),
        (
            "calming-the-body.es.toml",
            [
                "chatear en 988lifeline.org",
                "Si es veterano o veterana, llame al 988 y oprima 1.",
            ],
        ),
    ] {
        assert_prints(dir.path(), file, &phrases);
    }
    // In the data: a chat and the veterans' option, each a way to reach 988.
    // Spanish readers get the Spanish site's address, from which the chat
    // opens in Spanish (review 30).
    for (language, chat) in [
        (Language::En, "988lifeline.org"),
        (Language::Es, "988lifeline.org/es"),
    ] {
        let s = book(language).service("988").unwrap();
        assert!(
            s.reach
                .iter()
                .any(|r| r.how == How::Chat && r.number == chat),
            "{language}: {:?}",
            s.reach
        );
        assert!(
            s.reach
                .iter()
                .any(|r| r.how == How::Call && r.option.as_deref() == Some("1"))
        );
    }
}

#[test]
fn english_and_spanish_sources_are_the_services_own_pages() {
    // Not news stories, blogs or case studies: the pages of the services and
    // of the public agencies behind them.
    let own = [
        "https://www.911.gov/",
        "https://988lifeline.org/",
        "https://www.veteranscrisisline.net/",
        "https://www.thehotline.org/",
        "https://espanol.thehotline.org/",
        "https://poisonhelp.hrsa.gov/",
        "https://www.samhsa.gov/",
        "https://store.samhsa.gov/",
        "https://www.hhs.gov/",
        // A state health department's overdose page: gray lips on darker skin.
        "https://www.cdph.ca.gov/",
    ];
    for language in [Language::En, Language::Es] {
        let b = book(language);
        for s in &b.services {
            for url in &s.sources {
                assert!(
                    own.iter().any(|o| url.starts_with(o)),
                    "{}: {} cites {url}",
                    b.file,
                    s.id
                );
            }
        }
    }
}

#[test]
fn the_spanish_reads_as_a_native_speaker_writes_it() {
    // Calques and gender slips a translator flagged, gone from every Spanish
    // file; the words that took their place, on the page.
    let flagged = [
        "Nadie puede dar de un vaso vacío",
        "si alguno",
        "Sea suave con usted",
        "que sea suave y cierto",
        "enmiendas",
        "Enmiendas",
        "Se quedó dormido",
        "de parte de él",
        "drogado",
        "Para escribir",
    ];
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("lessons"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".es.toml"))
        .collect();
    files.push(root().join("help-lines/es.toml"));
    files.push(root().join("examples/riding-out-an-urge.es.toml"));
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for phrase in flagged {
            assert!(
                !text.contains(phrase),
                "{}: `{phrase}` is still there",
                file.display()
            );
        }
    }
    let dir = tempdir();
    for (file, phrases) in [
        (
            "for-families.es.toml",
            &[
                "Para cuidar a otros, usted también necesita cuidarse.",
                "Cuando llegaste a casa después de consumir, sentí miedo.",
                "¿Necesita poner algún límite ahora? ¿Cuál?",
            ][..],
        ),
        (
            "shame-guilt-and-repair.es.toml",
            &["Reparar el daño", "cómo reparar el daño"][..],
        ),
        (
            "changing-the-inner-critic.es.toml",
            &["No se despertó a tiempo y faltó a su grupo."][..],
        ),
        (
            "compassionate-letter.es.toml",
            &["Escríbase por su nombre, como si esa persona le escribiera."][..],
        ),
        ("calming-the-body.es.toml", &["Trátese con cariño"][..]),
        (
            "three-parts-of-self-compassion.es.toml",
            &["Para enviar un mensaje de texto en español, mande la palabra AYUDA al 988."][..],
        ),
    ] {
        assert_prints(dir.path(), file, phrases);
    }
}

#[test]
fn the_riverside_example_names_files_that_exist() {
    // Its comment shows how to use it: the command must run as written.
    let example = root().join("examples/riverside.help.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    let named: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.starts_with("examples/"))
        .collect();
    assert!(!named.is_empty(), "the example shows no command");
    for path in named {
        assert!(root().join(path).is_file(), "{path} does not exist");
    }
    let dir = tempdir();
    let out = dir.path().join("x.pdf");
    handout()
        .current_dir(root())
        .args([
            "build",
            "compassion-in-recovery",
            "--local-help",
            "examples/riverside.help.toml",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
}

#[test]
fn changed_lessons_read_at_grade_6() {
    let files: Vec<PathBuf> = std::fs::read_dir(root().join("lessons"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.ends_with(".es.toml") || name.matches('.').count() == 1
        })
        .collect();
    assert_eq!(files.len(), 26);
    let out = handout()
        .arg("check")
        .arg("--max-grade")
        .arg("6")
        .args(&files)
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("checked 26 files: 0 errors, 0 warnings"),
        "{stderr}"
    );
}

#[test]
fn the_overdose_steps_say_what_to_do_if_they_are_not_breathing_and_to_use_a_new_spray() {
    // Review 30: a second dose comes from a new device (each holds one
    // dose); a person who is not breathing needs breaths before the side
    // position; a test strip can miss fentanyl; gray lips on darker skin.
    let dir = tempdir();
    // Short phrases: a long one may run across a page break, where the
    // reader puts the footer in the middle.
    let steps: [(&str, [&str; 7]); 2] = [
        (
            "toml",
            [
                "blue or gray lips or fingertips",
                "give a second dose with a new spray, in the other nostril.",
                "If they are not breathing, do what the person on the phone tells you.",
                "When they are breathing, lay them on their side",
                "They can talk you through giving breaths.",
                "A strip can miss some fentanyl,",
                "so a negative test does not mean a drug is safe.",
            ],
        ),
        (
            "es.toml",
            [
                "labios o uñas azules o grises",
                "dele una segunda dosis con un aerosol nuevo, en la otra fosa nasal.",
                "Si no respira, haga lo que le diga la persona al teléfono.",
                "Cuando respire, acuéstela de lado",
                "Le puede explicar cómo darle respiraciones.",
                "Una tira puede no detectar",
                "si sale negativa, no quiere decir que la droga sea segura.",
            ],
        ),
    ];
    for name in ["cravings-and-slips", "compassionate-letter", "for-families"] {
        for (ext, phrases) in &steps {
            let file = format!("{name}.{ext}");
            assert_prints(dir.path(), &file, phrases);
            // Breaths before the side position.
            let pdf = build(dir.path(), &file);
            for (reader, text) in readings(&pdf) {
                let (breaths, side) = (text.find(phrases[2]), text.find(phrases[3]));
                assert!(
                    breaths.is_some() && side.is_some() && breaths < side,
                    "{file} ({reader}): the breathing step must come before the side position"
                );
            }
        }
    }
}

#[test]
fn the_help_notes_send_someone_who_might_hurt_themselves_to_988_and_say_stopping_medicines_is_risky()
 {
    let dir = tempdir();
    // "Unsafe" can mean suicidal, and a counselor may not answer at night.
    assert_prints(
        dir.path(),
        "compassionate-letter.toml",
        &["If you might hurt yourself, call or text 988 now."],
    );
    assert_prints(
        dir.path(),
        "compassionate-letter.es.toml",
        &["Si cree que podría hacerse daño, no espere: llame al 988 y oprima 2."],
    );
    // Families: either person may call 988, and a safer home.
    assert_prints(
        dir.path(),
        "for-families.toml",
        &["Put away guns, pills and other things they could use to hurt themselves"],
    );
    assert_prints(
        dir.path(),
        "for-families.es.toml",
        &[
            "Usted o su ser querido pueden comunicarse en cualquier momento",
            "guarde bajo llave armas, pastillas",
        ],
    );
    // Stopping methadone or buprenorphine raises the risk of overdose.
    for (file, words) in [
        ("cravings-and-slips.toml", "raises the risk of overdose"),
        ("for-families.toml", "a higher risk of overdose"),
        (
            "cravings-and-slips.es.toml",
            "aumenta el riesgo de sobredosis",
        ),
        ("for-families.es.toml", "aumenta el riesgo de sobredosis"),
    ] {
        assert_prints(dir.path(), file, &[words]);
    }
}
