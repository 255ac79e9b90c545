//! The seven languages besides English and Spanish, as a second clinical
//! and translation review read them (issue 30): both Chinese footers name
//! Mandarin and Cantonese on every page (read back with poppler and MuPDF),
//! every safety notice names an overdose and naloxone, 988's English
//! recording is named before the interpreter, each language writes its
//! quotes one way, and the Vietnamese and Chinese editions of the flagship
//! lesson say what the English says on overdose, without the words the
//! review flagged.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use handout::help::{self, book};
use handout::labels::Language;
use unicode_normalization::UnicodeNormalization;

/// Whether the fonts for Chinese are installed (a CI machine must have them).
fn have_cjk_fonts() -> bool {
    let ok = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists();
    if !ok {
        skip("fonts-noto-cjk", "the Chinese editions");
    }
    ok
}

/// Text as a reader sees it: composed characters, single spaces, and no
/// space where a line broke between two Chinese characters.
fn flat(text: &str) -> String {
    let words = text
        .nfc()
        .collect::<String>()
        .replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let chars: Vec<char> = words.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let between_cjk = c == ' '
            && i > 0
            && handout::text::is_spaceless(chars[i - 1])
            && chars
                .get(i + 1)
                .is_some_and(|&n| handout::text::is_spaceless(n));
        if !between_cjk {
            out.push(c);
        }
    }
    out
}

/// Markdown as it prints: no emphasis marks.
fn plain(markdown: &str) -> String {
    flat(&markdown.replace("**", ""))
}

/// The text of each page as MuPDF reads it (`mutool draw -F txt`), or
/// `None` without mutool.
fn mupdf_pages(pdf: &Path) -> Option<Vec<String>> {
    if !have("mutool") {
        return None;
    }
    let n = lopdf::Document::load(pdf).unwrap().get_pages().len();
    Some(
        (1..=n)
            .map(|page| {
                let out = Command::new("mutool")
                    .args(["draw", "-F", "txt", "-o", "-"])
                    .arg(pdf)
                    .arg(page.to_string())
                    .output()
                    .expect("run mutool");
                assert!(out.status.success(), "mutool draw failed on page {page}");
                String::from_utf8(out.stdout).expect("mutool gives UTF-8")
            })
            .collect(),
    )
}

fn flagship(language: Language) -> PathBuf {
    root()
        .join("lessons")
        .join(format!("compassion-in-recovery.{}.toml", language.code()))
}

/// Every piece of a language's built-in wording: each help line's fields,
/// the expanded safety notice and footer, and the labels, with what each is.
fn printed_data(language: Language) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = book(language);
    for s in &b.services {
        for (field, text) in [
            ("serves", Some(&s.serves)),
            ("sentence", Some(&s.sentence)),
            ("action", Some(&s.action)),
            ("footer", s.footer.as_ref()),
        ] {
            if let Some(text) = text {
                out.push((format!("{} {}.{field}", b.file, s.id), text.clone()));
            }
        }
    }
    out.push(("safety notice".into(), help::safety_notice(language)));
    out.push(("crisis line".into(), help::crisis_line(language)));
    let l = language.labels();
    for (field, text) in [
        ("name", l.name),
        ("date", l.date),
        ("clinician", l.clinician),
        ("summary", l.summary),
        ("safety", l.safety),
        ("terms", l.terms),
        ("checklist", l.checklist),
        ("checklist_intro", l.checklist_intro),
        ("steps", l.steps),
        ("scenarios", l.scenarios),
        ("plan", l.plan),
        ("values", l.values),
        ("values_intro", l.values_intro),
        ("values_why", l.values_why),
        ("tracker", l.tracker),
        ("tracker_corner", l.tracker_corner),
        ("contents", l.contents),
        ("notes", l.notes),
        ("resources", l.resources),
        ("resources_intro", l.resources_intro),
        ("html_answer", l.html_answer),
        ("html_kept_here", l.html_kept_here),
        ("html_clear", l.html_clear),
    ] {
        out.push((format!("{language} label {field}"), text.to_string()));
    }
    out
}

/// Every string in a lesson file (what prints), with its key.
fn lesson_strings(file: &Path) -> Vec<(String, String)> {
    fn walk(key: &str, v: &toml::Value, out: &mut Vec<(String, String)>) {
        match v {
            toml::Value::String(s) => out.push((key.to_string(), s.clone())),
            toml::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(&format!("{key}[{i}]"), item, out);
                }
            }
            toml::Value::Table(t) => {
                for (k, item) in t {
                    walk(&format!("{key}.{k}"), item, out);
                }
            }
            _ => {}
        }
    }
    let text = std::fs::read_to_string(file).unwrap();
    let doc: toml::Value = toml::from_str(&text).unwrap();
    let mut out = Vec::new();
    walk(&file.display().to_string(), &doc, &mut out);
    out
}

#[test]
fn both_chinese_footers_name_mandarin_and_cantonese_on_every_page() {
    if !have_cjk_fonts() {
        return;
    }
    let dir = tempdir();
    // The flagship lesson in simplified characters, and the same lesson
    // printed with the traditional-character labels and help lines.
    let hans = flagship(Language::ZhHans);
    let source = std::fs::read_to_string(&hans).unwrap();
    assert!(source.contains("language = \"zh-Hans\""));
    let hant = dir.path().join("compassion-in-recovery.zh-Hant.toml");
    std::fs::write(
        &hant,
        source.replace("language = \"zh-Hans\"", "language = \"zh-Hant\""),
    )
    .unwrap();

    for (language, lesson) in [(Language::ZhHans, hans), (Language::ZhHant, hant)] {
        let footer = plain(&help::crisis_line(language));
        assert!(
            footer.contains("Mandarin") && footer.contains("Cantonese"),
            "{language}: the footer names one interpreter language only: {footer}"
        );
        let pdf = dir.path().join(format!("{language}.pdf"));
        build_to(&lesson, &pdf);
        for (reader, pages) in [("poppler", page_texts(&pdf)), ("MuPDF", mupdf_pages(&pdf))] {
            let Some(pages) = pages else { continue };
            assert!(pages.len() >= 2, "{language}: {} pages", pages.len());
            for (i, page) in pages.iter().enumerate() {
                assert!(
                    flat(page).contains(&footer),
                    "{language}, {reader}: page {} lacks the footer `{footer}`:\n{page}",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn every_safety_notice_names_an_overdose_and_naloxone() {
    // The words for "overdose" and "naloxone" as each language writes them.
    let words: [(Language, &str, &str); 7] = [
        (Language::Vi, "quá liều", "naloxone"),
        (Language::ZhHans, "用药过量", "纳洛酮"),
        (Language::ZhHant, "用藥過量", "納洛酮"),
        (Language::Ko, "과다 복용", "날록손"),
        (Language::Tl, "na-overdose", "naloxone"),
        (Language::Ru, "передозировка", "налоксон"),
        (Language::Ar, "جرعة زائدة", "النالوكسون"),
    ];
    for (language, overdose, naloxone) in words {
        let notice = help::safety_notice(language);
        assert!(
            notice.contains(overdose) && notice.contains(naloxone),
            "{language}: the safety notice must name an overdose (`{overdose}`) and naloxone \
             (`{naloxone}`):\n{notice}"
        );
        // In the 911 sentence, next to the call to 911.
        let sentence = &book(language).service("911").unwrap().sentence;
        assert!(
            sentence.contains(overdose) && sentence.contains(naloxone),
            "{language}: {sentence}"
        );
    }
}

#[test]
fn the_interpreter_languages_say_988_plays_an_english_recording_first() {
    // The recording, and staying on the line through it, before the
    // language's name in English.
    let words: [(Language, &str, &str, &str); 7] = [
        (
            Language::Vi,
            "ghi âm bằng tiếng Anh",
            "giữ máy",
            "“Vietnamese”",
        ),
        (Language::ZhHans, "英语录音", "不要挂断", "“Mandarin”"),
        (Language::ZhHant, "英語錄音", "不要掛斷", "「Cantonese」"),
        (Language::Ko, "영어로 된 녹음", "끊지 않은 채", "“Korean”"),
        (
            Language::Tl,
            "recording sa Ingles",
            "huwag ibaba ang telepono",
            "“Tagalog”",
        ),
        (
            Language::Ru,
            "запись на английском",
            "не кладите трубку",
            "«Russian»",
        ),
        (
            Language::Ar,
            "رسالة مسجّلة بالإنجليزية",
            "ابقَ على الخط",
            "«Arabic»",
        ),
    ];
    for (language, recording, stay, name) in words {
        let s = book(language).service("988").unwrap();
        let (r, st, n) = (
            s.sentence.find(recording),
            s.sentence.find(stay),
            s.sentence.find(name),
        );
        assert!(
            r.is_some() && st.is_some() && n.is_some() && r < n && st < n,
            "{language}: 988 must say the English recording plays first and to stay \
             on the line, then the language's name:\n{}",
            s.sentence
        );
        assert!(
            s.sources.iter().all(|u| !u.contains("languageline.com")
                && !u.contains("weau.com")
                && !u.contains("courts.in.gov")),
            "{language}: {:?}",
            s.sources
        );
        assert!(
            s.sources
                .iter()
                .any(|u| u.starts_with("https://988lifeline.org/")),
            "{language}: {:?}",
            s.sources
        );
        let dv = book(language).service("dv").unwrap();
        assert!(
            dv.sources
                .iter()
                .all(|u| u.contains("thehotline.org") || u.contains(".gov/")),
            "{language}: {:?}",
            dv.sources
        );
    }
}

#[test]
fn korean_988_action_is_an_instruction() {
    // A lesson prints it after "if you are thinking about suicide, …", so
    // it must tell the reader what to do, as the 911 action does.
    let b = book(Language::Ko);
    let action = &b.service("988").unwrap().action;
    assert!(action.starts_with("**988에 전화하세요**"), "{action}");
    assert!(action.ends_with("말하세요"), "{action}");
}

#[test]
fn chinese_writes_its_quotes_one_way() {
    // Traditional characters: corner brackets only. Simplified: curly
    // double quotes with no space around them.
    for (what, text) in printed_data(Language::ZhHant) {
        for bad in ['“', '”', '"', '‘', '’', '『', '』'] {
            assert!(
                !text.contains(bad),
                "{what}: `{bad}` where zh-Hant uses 「」: {text}"
            );
        }
    }
    let hant = help::safety_notice(Language::ZhHant);
    assert!(hant.contains("「Cantonese」") && hant.contains("「Mandarin」"));

    let mut hans = printed_data(Language::ZhHans);
    hans.extend(lesson_strings(&flagship(Language::ZhHans)));
    for (what, text) in hans {
        for bad in ['「', '」', '『', '』', '"'] {
            assert!(
                !text.contains(bad),
                "{what}: `{bad}` where zh-Hans uses “”: {text}"
            );
        }
        // A space between a quote mark and a Chinese character is the
        // wide gap the review saw ("说 “Mandarin” 或").
        let chars: Vec<char> = text.chars().collect();
        for w in chars.windows(3) {
            let gap = w[1] == ' '
                && ((matches!(w[0], '“' | '”') && handout::text::is_spaceless(w[2]))
                    || (handout::text::is_spaceless(w[0]) && matches!(w[2], '“' | '”')));
            assert!(
                !gap,
                "{what}: a space between a quote mark and a character: {text}"
            );
        }
    }
}

#[test]
fn russian_quotes_with_guillemets_and_asks_to_go_to_the_emergency_room_politely() {
    for (what, text) in printed_data(Language::Ru) {
        for bad in ['“', '”', '„', '"'] {
            assert!(
                !text.contains(bad),
                "{what}: `{bad}` where Russian uses «»: {text}"
            );
        }
    }
    let b = book(Language::Ru);
    for id in ["911", "988", "dv"] {
        assert!(
            b.service(id).unwrap().sentence.contains("«Russian»"),
            "{id}"
        );
    }
    let s = &b.service("911").unwrap().sentence;
    assert!(s.contains("обратитесь в ближайшее отделение"), "{s}");
    assert!(!s.contains("идите"), "{s}");
}

#[test]
fn arabic_never_says_taati_for_substance_use() {
    // "تعاطي" carries the stigma of drug abuse; "استخدام المواد" is substance use.
    for (what, text) in printed_data(Language::Ar) {
        assert!(!text.contains("تعاطي"), "{what}: {text}");
    }
    let s = &book(Language::Ar).service("988").unwrap().sentence;
    assert!(s.contains("استخدام المواد"), "{s}");
}

#[test]
fn tagalog_speaks_to_the_reader_formally() {
    // kayo / ninyo / inyo, as every other language uses its polite form;
    // never the familiar ikaw / mo / iyo / ka.
    let familiar = ["ikaw", "mo", "mong", "iyo", "iyong", "ka", "kang"];
    let mut formal = 0;
    for (what, text) in printed_data(Language::Tl) {
        for word in text
            .to_lowercase()
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            assert!(
                !familiar.contains(&word),
                "{what}: the familiar `{word}`: {text}"
            );
            if matches!(word, "kayo" | "ninyo" | "inyo" | "inyong" | "ninyong") {
                formal += 1;
            }
        }
    }
    assert!(formal >= 10, "only {formal} formal pronouns");
}

#[test]
fn handout_new_lists_all_nine_languages() {
    let dir = tempdir();
    handout()
        .current_dir(dir.path())
        .args(["new", "Nine languages"])
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("nine-languages.toml")).unwrap();
    // The `language` line and the comment lines under it.
    let at = text.find("language = ").expect("a language line");
    let block: String = text[at..]
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let docs = std::fs::read_to_string(root().join("docs/lesson-format.md")).unwrap();
    let docs_line = docs
        .lines()
        .find(|l| l.starts_with("language = "))
        .expect("the format's language line");
    for language in Language::ALL {
        let quoted = format!("\"{}\"", language.code());
        assert!(block.contains(&quoted), "`new` lacks {quoted}:\n{block}");
        assert!(docs_line.contains(&quoted), "the docs lack {quoted}");
    }
}

/// A lesson's running text from the PDF, as poppler reads it.
fn lesson_text(language: Language) -> Option<String> {
    let dir = tempdir();
    let pdf = dir.path().join("lesson.pdf");
    build_to(flagship(language), &pdf);
    let text = pdftotext(&pdf).map(|t| flat(&t));
    drop(dir);
    text
}

#[test]
fn the_vietnamese_flagship_says_what_the_english_says_on_overdose() {
    let Some(text) = lesson_text(Language::Vi) else {
        return;
    };
    for phrase in [
        // Withdrawal from alcohol or benzodiazepines, on one's own.
        "hội chứng cai",
        "benzodiazepine",
        "co giật",
        // Tolerance, using alone, test strips, naloxone without a prescription.
        "cơ thể chịu được ít hơn trước",
        "Đừng sử dụng một mình",
        "Que thử fentanyl",
        "không cần toa bác sĩ",
        // The signs and the steps.
        "rất khó đánh thức, thở chậm hoặc không thở, môi tím tái",
        "Trước hết, hãy gọi 911",
        "Xịt naloxone vào mũi người đó",
        "Nếu sau 2 đến 3 phút",
        "nằm nghiêng",
        "Ở bên cạnh người đó",
        "Good Samaritan",
        // The review's wording: trauma, guilt, a craving. (The parent's
        // words were in the family note, which the six-page flagship now
        // leaves to the For Families handout.)
        "chấn thương tâm lý",
        "Cảm giác có lỗi",
        "lên cơn thèm dùng lại",
    ] {
        assert!(text.contains(phrase), "vi: `{phrase}` missing:\n{text}");
    }
    for flagged in [
        "cho họ dùng naloxone",
        "thèm muốn",
        "sang chấn",
        "Áy náy",
        "áy náy",
        "Tôi thấy bạn",
    ] {
        assert!(!text.contains(flagged), "vi: still says `{flagged}`");
    }
}

#[test]
fn the_chinese_flagship_says_what_the_english_says_on_overdose() {
    if !have_cjk_fonts() {
        return;
    }
    let Some(text) = lesson_text(Language::ZhHans) else {
        return;
    };
    for phrase in [
        "戒断反应",
        "苯二氮卓类药物",
        "抽搐",
        "身体能承受的量比以前少",
        "不要一个人用药",
        "芬太尼试纸",
        "不需要处方",
        "很难叫醒、呼吸很慢或没有呼吸、嘴唇发青",
        "首先，请拨打 911",
        "把纳洛酮喷进对方的鼻子里",
        "2 到 3 分钟",
        "侧躺",
        "一直陪着对方",
        "Good Samaritan",
        // The review's wording: a sponsor, a meeting, accountability.
        "引导人（sponsor）",
        "互助会",
        "承担责任",
    ] {
        assert!(
            text.contains(phrase),
            "zh-Hans: `{phrase}` missing:\n{text}"
        );
    }
    // 助帮人 is no word; 聚会 reads as a party; 担当 is not accountability.
    for flagged in ["助帮人", "聚会", "担当"] {
        assert!(!text.contains(flagged), "zh-Hans: still says `{flagged}`");
    }
    // 使用 alone leaves out what is used: the lesson says 用药 or 喝酒.
    for (key, s) in lesson_strings(&flagship(Language::ZhHans)) {
        assert!(!s.contains("使用"), "{key}: {s}");
    }
}

#[test]
fn the_interpreter_languages_say_to_stay_on_the_line_when_calling_911_or_the_dv_hotline() {
    // Review 30 (M1): connecting a 911 or hotline interpreter can take a
    // minute, with clicks or music; a caller who hears silence may hang up.
    // So after the language's name comes "stay on the line", in the 911 and
    // dv sentences and in their short forms (a lesson's overdose step prints
    // `911.action`); the 911 sentence then says to give the address.
    let words: [(Language, &str, &str, &str); 7] = [
        (Language::Vi, "“Vietnamese”", "giữ máy", "địa chỉ"),
        (Language::ZhHans, "“Mandarin”", "不要挂断", "地址"),
        (Language::ZhHant, "「Cantonese」", "不要掛斷", "地址"),
        (Language::Ko, "“Korean”", "끊지 ", "주소"),
        (
            Language::Tl,
            "“Tagalog”",
            "huwag ibaba ang telepono",
            "nasaan kayo",
        ),
        (Language::Ru, "«Russian»", "не кладите трубку", "адрес"),
        (Language::Ar, "«Arabic»", "ابقَ على الخط", "أين أنت"),
    ];
    for (language, name, stay, place) in words {
        let b = book(language);
        for id in ["911", "dv"] {
            let s = b.service(id).unwrap();
            for (what, text) in [("sentence", &s.sentence), ("action", &s.action)] {
                let (n, st) = (text.find(name), text.rfind(stay));
                assert!(
                    n.is_some() && st.is_some() && n < st,
                    "{language} {id} {what}: must name the language, then say to stay on the line:\n{text}"
                );
            }
        }
        let s = b.service("911").unwrap();
        let (st, p) = (s.sentence.rfind(stay), s.sentence.rfind(place));
        assert!(
            p.is_some() && st < p,
            "{language} 911: must say where you are after staying on the line:\n{}",
            s.sentence
        );
        // The footer, the only crisis line on pages 2 and on, says it too.
        let footer = footer_988(language);
        let cue = stay
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            footer.contains(&cue),
            "{language}: the 988 footer must say not to hang up: {footer}"
        );
    }
}

/// The 988 footer in `language`.
fn footer_988(language: Language) -> String {
    book(language)
        .service("988")
        .unwrap()
        .footer
        .clone()
        .unwrap_or_default()
}
