//! Crisis and help lines: every built-in lesson's PDF prints what
//! `help-lines/` says (safety box, every footer, the "when to get more help"
//! note), with the safety words a clinical review asked for; a facility's own
//! line prints beside 988 and 911; and `check` warns on crisis wording known
//! to send people the wrong way, at the line and column.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use handout::help::{self, book};
use handout::labels::Language;

/// Markdown as it reads on the page: no emphasis marks, single spaces.
fn plain(markdown: &str) -> String {
    flat(&markdown.replace("**", ""))
}

/// Text as `words` gives it, with no-break spaces read as spaces.
fn flat(text: &str) -> String {
    join_cjk(
        &text
            .replace('\u{a0}', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Without the spaces a line break leaves between two Chinese characters
/// (Chinese is written without spaces, so a line may end mid-sentence).
fn join_cjk(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' '
            && i > 0
            && handout::text::is_spaceless(chars[i - 1])
            && chars
                .get(i + 1)
                .is_some_and(|&n| handout::text::is_spaceless(n))
        {
            continue;
        }
        out.push(c);
    }
    out
}

fn lesson_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("lessons"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // Thirteen lessons in English and Spanish, one also in Vietnamese and
    // Chinese.
    assert_eq!(files.len(), 28);
    files
}

fn language_of(file: &Path) -> Language {
    let stem = file.file_stem().unwrap().to_string_lossy().to_string();
    stem.rsplit_once('.')
        .and_then(|(_, code)| Language::from_code(code))
        .unwrap_or(Language::En)
}

fn build(dir: &Path, lesson: &Path, extra: &[&str]) -> PathBuf {
    let name = lesson
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace(".toml", ".pdf");
    let out = dir.join(name);
    handout()
        .arg("build")
        .arg(lesson)
        .args(extra)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

/// A document's running text: each page's words without its running header
/// (`Title Name:`) and footer (`Title`, the crisis line, `Page n of m`), so
/// a sentence that crosses a page reads whole.
fn body_text(pdf: &Path, language: Language) -> Option<String> {
    let pages = page_texts(pdf)?;
    let title = flat(pages[0].lines().next().unwrap_or(""));
    let footer = format!("{title} {}", plain(&help::crisis_line(language)));
    let label = language.labels().name;
    let body: Vec<String> = pages
        .iter()
        .map(|page| {
            let mut p = flat(page);
            if let Some(i) = p.rfind(&footer) {
                p.truncate(i);
            }
            match p.strip_prefix(&format!("{title} {label}:")) {
                Some(rest) => rest.trim().to_string(),
                None => p.trim().to_string(),
            }
        })
        .collect();
    Some(body.join(" "))
}

/// The text of a lesson's last note, "When to get more help".
fn help_note(text: &str, language: Language) -> String {
    let heading = match language {
        Language::En => "When to get more help",
        Language::Es => "Cuándo buscar más ayuda",
        Language::Vi => "Khi nào cần thêm giúp đỡ",
        Language::ZhHans => "什么时候需要更多帮助",
        other => panic!("a built-in lesson in {other}: add its help note's heading here"),
    };
    let at = text
        .rfind(heading)
        .unwrap_or_else(|| panic!("no `{heading}` in:\n{text}"));
    text[at..].to_string()
}

#[test]
fn every_lesson_prints_the_notice_footer_and_help_note_from_the_data() {
    let dir = tempdir();
    for file in lesson_files() {
        let language = language_of(&file);
        let b = book(language);
        let pdf = build(dir.path(), &file, &[]);
        let Some(text) = words(&pdf) else { return };
        let name = file.display();

        // The safety box prints the 911 and 988 sentences as the data has them.
        for id in ["911", "988"] {
            let sentence = plain(&b.service(id).unwrap().sentence);
            assert!(
                flat(&text).contains(&sentence),
                "{name}: the safety box lacks the {id} sentence `{sentence}`"
            );
        }
        // Every page's footer prints the crisis line made from the data.
        let footer = plain(&help::crisis_line(language));
        for (i, page) in page_texts(&pdf).unwrap().iter().enumerate() {
            assert!(
                flat(page).contains(&footer),
                "{name}: page {} lacks the footer `{footer}`",
                i + 1
            );
        }
        // The help note names suicide and says what to do about harm to others.
        let note = flat(&help_note(&text, language));
        let (suicide, others) = match language {
            // Harm to others: the plans send thoughts of suicide to 988 and
            // keep 911 for danger now (review of issue 32), in their words.
            Language::En => ("suicide", "someone else"),
            Language::Es => ("suicidio", "a otra persona"),
            Language::Vi => ("tự tử", "làm hại bản thân hoặc người khác"),
            Language::ZhHans => ("自杀", "伤害自己或别人"),
            other => panic!("a built-in lesson in {other}: add its words here"),
        };
        assert!(
            note.contains(suicide),
            "{name}: the help note never names suicide:\n{note}"
        );
        assert!(
            note.contains(others),
            "{name}: the help note says nothing of harm to others:\n{note}"
        );
        assert!(note.contains("911"), "{name}: {note}");
        assert!(note.contains("988"), "{name}: {note}");

        if language == Language::Es {
            // Spanish at 988: press 2 on a call, text AYUDA; never "text, press 2".
            assert!(text.contains("llame al 988 y oprima 2"), "{name}");
            assert!(text.contains("AYUDA al 988"), "{name}");
            for sentence in flat(&text).split(['.', '?', '!', '·']) {
                assert!(
                    !(sentence.contains("oprima 2") && sentence.contains("texto")),
                    "{name}: a sentence pairs texting with pressing 2: {sentence}"
                );
            }
        }
    }
}

#[test]
fn no_lesson_types_a_crisis_number_by_hand() {
    // Every crisis number in a lesson's text comes from a `{{...}}`
    // placeholder, so a changed number is changed in one file.
    for file in lesson_files() {
        let source = std::fs::read_to_string(&file).unwrap();
        for (n, line) in source.lines().enumerate() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            let mut rest = line.to_string();
            while let (Some(a), Some(b)) = (rest.find("{{"), rest.find("}}")) {
                if b < a {
                    break;
                }
                rest.replace_range(a..b + 2, "");
            }
            for number in ["988", "911", "7233", "88788", "8255"] {
                assert!(
                    !rest.contains(number),
                    "{}:{}: {number} typed by hand: {line}",
                    file.display(),
                    n + 1
                );
            }
        }
    }
}

#[test]
fn substance_lessons_name_naloxone_withdrawal_seizures_and_the_dv_hotline() {
    let dir = tempdir();
    let expect: [(&str, &[&str]); 4] = [
        (
            "cravings-and-slips.toml",
            &[
                "naloxone (Narcan)",
                "do not need a prescription",
                "do not use alone",
                "benzodiazepines (such as Xanax or Klonopin)",
                "seizures",
                "seeing things that are not there",
            ],
        ),
        (
            "cravings-and-slips.es.toml",
            &[
                "naloxona (Narcan)",
                "No necesita receta",
                "no lo haga a solas",
                "benzodiacepinas (como Xanax o Klonopin)",
                "convulsiones",
                "si ve cosas que no están ahí",
            ],
        ),
        (
            "for-families.toml",
            &["naloxone (Narcan)", "do not need a prescription"],
        ),
        (
            "for-families.es.toml",
            &["naloxona (Narcan)", "no necesita receta"],
        ),
    ];
    for (file, phrases) in expect {
        let pdf = build(dir.path(), &root().join("lessons").join(file), &[]);
        let Some(text) = body_text(&pdf, language_of(Path::new(file))) else {
            return;
        };
        for phrase in phrases {
            assert!(text.contains(phrase), "{file}: `{phrase}` missing");
        }
        if file.starts_with("for-families") {
            let dv = plain(
                &book(language_of(Path::new(file)))
                    .service("dv")
                    .unwrap()
                    .sentence,
            );
            assert!(text.contains(&dv), "{file}: the DV hotline `{dv}` missing");
            assert!(text.contains("1-800-799-7233") && text.contains("START"));
        }
    }
}

#[test]
fn a_facility_line_prints_beside_988_and_911_never_instead() {
    let dir = tempdir();
    let local = root().join("examples/riverside.help.toml");
    for (lesson, language) in [
        ("compassion-in-recovery", Language::En),
        ("lessons/cravings-and-slips.es.toml", Language::Es),
    ] {
        let reference = if lesson.ends_with(".toml") {
            root().join(lesson)
        } else {
            PathBuf::from(lesson)
        };
        let out_dir = dir.path().join(language.code());
        std::fs::create_dir_all(&out_dir).unwrap();
        let pdf = build(
            &out_dir,
            &reference,
            &["--local-help", local.to_str().unwrap()],
        );
        let Some(pages) = page_texts(&pdf) else {
            return;
        };
        // In the safety box, after the 911 and 988 sentences.
        let first = flat(&pages[0]);
        let box_line = "Riverside after-hours line (24/7): (555) 010-0199";
        let b = book(language);
        let at_911 = first.find(&plain(&b.service("911").unwrap().sentence));
        let at_988 = first.find(&plain(&b.service("988").unwrap().sentence));
        let at_local = first.find(box_line);
        assert!(
            at_911.is_some() && at_988.is_some() && at_local > at_911.max(at_988),
            "{lesson}: page 1 must print 911, 988, then the facility line:\n{first}"
        );
        assert!(first.contains("Riverside Recovery Center (Mon–Fri 8–5): (555) 010-0100"));
        // In every footer, after the standard crisis line.
        let footer = plain(&help::crisis_line(language));
        for (i, page) in pages.iter().enumerate() {
            let page = flat(page);
            let standard = page.find(&footer);
            let local = page.find("Riverside after-hours line: (555) 010-0199");
            assert!(
                standard.is_some() && local > standard,
                "{lesson}: page {} footer:\n{page}",
                i + 1
            );
            assert!(page.contains("Riverside Recovery Center: (555) 010-0100"));
        }
    }
}

#[test]
fn a_packet_carries_its_facility_lines_into_every_clients_file() {
    let dir = tempdir();
    let packet = dir.path().join("group.packet.toml");
    std::fs::write(
        &packet,
        "title = \"Group\"\nlessons = [\"cravings-and-slips\"]\n\
         [[local_help]]\nname = \"Harbor crisis line\"\nphone = \"555-0142\"\nhours = \"24/7\"\n",
    )
    .unwrap();
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, "name,id\nAna Ruiz,a-1\nBo Chen,b-2\n").unwrap();
    let out = dir.path().join("out");
    batch_to_dir(&packet, &roster, &out).assert().success();
    for file in ["a-1.pdf", "b-2.pdf"] {
        let Some(pages) = page_texts(&out.join(file)) else {
            return;
        };
        assert!(
            flat(&pages[0]).contains("Harbor crisis line (24/7): 555-0142"),
            "{file}"
        );
        for page in &pages {
            let page = flat(page);
            assert!(
                page.contains("Harbor crisis line: 555-0142"),
                "{file}: {page}"
            );
            assert!(
                page.contains("988") && page.contains("911"),
                "{file}: {page}"
            );
        }
    }
}

#[test]
fn too_many_facility_lines_and_a_line_without_a_number_are_errors_at_their_place() {
    let dir = tempdir();
    let bad = dir.path().join("bad.help.toml");
    std::fs::write(
        &bad,
        "[[local_help]]\nname = \"Front desk\"\nphone = \"ask at the desk\"\n",
    )
    .unwrap();
    handout()
        .arg("check")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "error: `phone` has no number to call",
        ))
        .stderr(predicates::str::contains("bad.help.toml:3:9"));
    let four = dir.path().join("four.help.toml");
    std::fs::write(
        &four,
        "[[local_help]]\nname = \"A\"\nphone = \"555-0101\"\n".repeat(4),
    )
    .unwrap();
    handout()
        .args(["build", "compassion-in-recovery", "--local-help"])
        .arg(&four)
        .arg("-o")
        .arg(dir.path().join("x.pdf"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "at most 3 fit beside 988 and 911",
        ));
    assert!(!dir.path().join("x.pdf").exists());
}

/// `handout check` on a wording fixture: its exit code and standard error.
fn check(fixture_name: &str) -> (i32, String) {
    let out = handout()
        .arg("check")
        .arg(fixture(&format!("wording/{fixture_name}")))
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_warns_on_crisis_wording_known_to_be_wrong_at_its_place() {
    let cases: [(&str, i32, &str, &str); 6] = [
        (
            "texting-with-oprima-2.es.toml",
            0,
            "warning: this pairs texting 988 with pressing 2; pressing 2 for Spanish works only on a call",
            "texting-with-oprima-2.es.toml:8:55",
        ),
        (
            "retired-lifeline.toml",
            0,
            "warning: 1-800-273-8255 (1-800-273-TALK) is the old Lifeline number; the Lifeline is now 988",
            "retired-lifeline.toml:6:43",
        ),
        (
            "press-3.toml",
            0,
            "warning: 988's press-3 option (for LGBTQ+ youth) ended on July 17, 2025",
            "press-3.toml:6:41",
        ),
        (
            "no-naloxone.toml",
            0,
            "warning: this lesson speaks of drug or alcohol use but never says what to do for an overdose",
            "no-naloxone.toml:1:18",
        ),
        (
            "typed-numbers.toml",
            0,
            "warning: the crisis number 988 is typed by hand",
            "typed-numbers.toml:6:35",
        ),
        (
            "unknown-help-line.toml",
            1,
            "error: `{{poison-control}}` is not a help line",
            "unknown-help-line.toml:6:17",
        ),
    ];
    for (file, code, message, at) in cases {
        let (got, stderr) = check(file);
        assert_eq!(got, code, "{file}:\n{stderr}");
        assert!(
            stderr.contains(message),
            "{file}: `{message}` missing:\n{stderr}"
        );
        assert!(
            stderr.contains(at),
            "{file}: not pointed at {at}:\n{stderr}"
        );
        assert!(stderr.contains("help:"), "{file}: no hint:\n{stderr}");
    }
    // The typed numbers: both, each at its place.
    let (_, stderr) = check("typed-numbers.toml");
    assert!(stderr.contains("warning: the crisis number 911 is typed by hand"));
    assert!(stderr.contains("typed-numbers.toml:6:62"), "{stderr}");
}
