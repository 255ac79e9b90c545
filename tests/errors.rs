//! Bad input, as an author or a clinician would meet it: each error names the
//! file, line and column with a caret, exits with the documented status,
//! and leaves no output file, or the previous one untouched.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use predicates::prelude::*;

/// Build `lesson` over an existing output file; the build must fail with
/// `code`, leave the old file as it was and no temporary file behind.
/// Returns standard error.
fn fails_without_touching_output(args: &[&str], code: i32) -> String {
    let dir = tempdir();
    let out = dir.path().join("worksheet.pdf");
    fs::write(&out, b"previous worksheet").unwrap();
    let assert = handout().args(args).arg("-o").arg(&out).assert().code(code);
    assert_eq!(
        fs::read(&out).unwrap(),
        b"previous worksheet",
        "old output changed"
    );
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "files left behind: {left:?}");
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

fn bad(name: &str) -> String {
    fixture(&format!("bad/{name}")).display().to_string()
}

#[test]
fn unknown_key_whole_message_with_caret() {
    let stderr = fails_without_touching_output(&["build", &bad("unknown-key.toml")], 1);
    let file = bad("unknown-key.toml");
    let expected = format!(
        "error: unknown key `colour` in the lesson
 --> {file}:3:1
  |
3 | colour = \"red\"
  | ^^^^^^ not a known key
  |
help: the lesson may hold: `id`, `title`, `subtitle`, `language`, `crisis`, `qr`, `order`, `titles`, `topics`, `sources`, `summary`, `safety`, `terms`, `checklist`, `steps`, `scenarios`, `values`, `plan`, `tracker`, `questions`, `notes`
"
    );
    assert_eq!(stderr.trim_end(), expected.trim_end());
}

#[test]
fn each_bad_file_is_reported_at_its_line_and_column() {
    let cases = [
        (
            "wrong-type.toml",
            ":1:9",
            "`title` must be text in quotes, not an integer",
        ),
        (
            "duplicate-scenario.toml",
            ":8:6",
            "two scenarios have the id `craving`",
        ),
        (
            "tracker-no-columns.toml",
            ":5:11",
            "tracker `columns` needs at least one item",
        ),
        (
            "negative-lines.toml",
            ":4:9",
            "`lines` must be from 0 to 30, not -2",
        ),
        ("empty.toml", ":1:1", "the lesson file is empty"),
    ];
    for (file, at, message) in cases {
        let stderr = fails_without_touching_output(&["build", &bad(file)], 1);
        assert!(
            stderr.contains(&format!("error: {message}")),
            "{file}:\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("--> {}{at}", bad(file))),
            "{file}:\n{stderr}"
        );
        assert!(stderr.contains('^'), "{file}: no caret:\n{stderr}");
    }
}

#[test]
fn a_file_that_is_not_utf8_is_pointed_at() {
    let dir = tempdir();
    let path = dir.path().join("latin1.toml");
    fs::write(&path, b"title = \"Caf\xe9\"\nsummary = \"x\"\n").unwrap();
    let p = path.display().to_string();
    let stderr = fails_without_touching_output(&["build", &p], 1);
    assert!(
        stderr.contains("error: the file is not UTF-8 text"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {p}:1:13")), "{stderr}");
    assert!(stderr.contains("Save As, Encoding: UTF-8"), "{stderr}");
}

#[test]
fn check_reports_every_problem_in_a_file() {
    let file = bad("many-errors.toml");
    let out = handout().args(["check", &file]).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for (at, message) in [
        (":2:1", "unknown key `subtitel` in the lesson"),
        (":8:9", "checklist `items` needs at least one item"),
        (":11:6", "`Bad Id` is not a valid scenario id"),
        (
            ":13:9",
            "`lines` must be a number or a range of lines such as \"3-5\", not \"two\"",
        ),
        (":17:8", "tracker `rows` must be from 1 to 366, not 0"),
    ] {
        assert!(stderr.contains(message), "missing `{message}`:\n{stderr}");
        assert!(
            stderr.contains(&format!("--> {file}{at}")),
            "missing {at}:\n{stderr}"
        );
    }
    assert!(stderr.contains("help: did you mean `subtitle`?"));
    assert!(
        stderr.contains("checked 1 file: 5 errors, 0 warnings"),
        "{stderr}"
    );
}

#[test]
fn check_passes_the_built_in_lessons_and_examples() {
    handout()
        .args(["check", "compassion-in-recovery"])
        .assert()
        .success()
        .stdout(predicate::str::contains("compassion-in-recovery: ok"));
    for entry in fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            handout().arg("check").arg(&path).assert().success();
        }
    }
}

#[test]
fn check_reports_a_tracker_too_wide_for_the_page() {
    let dir = tempdir();
    let path = dir.path().join("wide.toml");
    let cols: Vec<String> = (1..=20).map(|i| format!("\"Col {i}\"")).collect();
    fs::write(
        &path,
        format!(
            "title = \"Wide\"\n[tracker]\ncolumns = [{}]\n",
            cols.join(", ")
        ),
    )
    .unwrap();
    handout()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the tracker has 20 columns, which cannot fit across the page; the most that fit are",
        ));
    fails_without_touching_output(&["build", &path.display().to_string()], 1);
}

#[test]
fn unknown_scenario_is_a_usage_error_listing_valid_ids() {
    let stderr = fails_without_touching_output(
        &["build", "compassion-in-recovery", "--scenario", "cravings"],
        2,
    );
    assert!(
        stderr.contains("error: unknown scenario `cravings`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "help: did you mean `craving`? valid scenario ids: craving, conflict, trauma, low-day"
        ),
        "{stderr}"
    );
}

#[test]
fn a_language_that_is_no_language_is_an_error_at_its_cell_with_a_suggestion() {
    let dir = tempdir();
    let roster = write(
        dir.path(),
        "r.csv",
        "name,language\nAna Ruiz,Spansih\nBo Lee,xx\nCy Diaz,Somali\n",
    );
    let out = dir.path().join("p");
    let r = batch_to_dir("compassion-in-recovery", &roster, &out)
        .assert()
        .code(1);
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    let file = roster.display().to_string();
    assert!(
        stderr.contains(&format!(
            "error: line 2: the `language` cell, written like `xxxxxxx`, is not a language\n --> {file}:2:10\n  = help: did you mean Spanish? Or write a language's name or code (like Somali or so), or leave it empty; lessons print in English (en), Spanish (es),"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "error: line 3: the `language` cell, written like `xx`, is not a language\n --> {file}:3:8\n  = help: write a language's name"
        )),
        "{stderr}"
    );
    // The Somali row is no error; the cells are never echoed.
    assert!(!stderr.contains("line 4"), "{stderr}");
    assert!(
        !stderr.contains("Spansih") && !stderr.contains("Ana"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn a_fallback_language_must_be_one_lessons_are_written_in() {
    let dir = tempdir();
    let roster = write(dir.path(), "r.csv", "name\nAna\n");
    let r = batch_to_dir("compassion-in-recovery", &roster, dir.path().join("p"))
        .args(["--fallback-language", "so"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(r.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(
            "not a language lessons are written in; give one of English (en), Spanish (es)"
        ),
        "{stderr}"
    );
}

#[test]
fn unknown_lesson_lists_the_built_in_ones() {
    let stderr = fails_without_touching_output(&["build", "compasion-in-recovery"], 2);
    assert!(
        stderr.contains("no lesson file or built-in lesson called `compasion-in-recovery`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `compassion-in-recovery`?"),
        "{stderr}"
    );
    assert!(stderr.contains("withdrawal-safety"), "{stderr}");
    // Nothing near: no guess, only the list.
    let stderr = fails_without_touching_output(&["build", "zzzz"], 2);
    assert!(!stderr.contains("did you mean"), "{stderr}");
    assert!(stderr.contains("compassion-in-recovery"), "{stderr}");
}

/// `--date Today` as a person types it: the same worksheet as `today`,
/// dated this year.
#[test]
fn today_is_read_whatever_its_case() {
    let dir = common::tempdir();
    let mut made = Vec::new();
    for written in ["today", "Today", "TODAY"] {
        let out = dir.path().join(format!("{written}.pdf"));
        common::handout()
            .args(["build", "compassion-in-recovery", "--date", written, "-o"])
            .arg(&out)
            .assert()
            .success();
        made.push(std::fs::read(&out).unwrap());
    }
    assert!(made.iter().all(|m| *m == made[0]));
    if let Some(text) = common::pdftotext(&dir.path().join("Today.pdf")) {
        let year = time::OffsetDateTime::now_utc().year().to_string();
        assert!(text.contains(&year), "{text}");
    }
}

#[test]
fn missing_file_and_bad_date_are_usage_errors() {
    fails_without_touching_output(&["build", "no/such/lesson.toml"], 2);
    let stderr = fails_without_touching_output(
        &["build", "compassion-in-recovery", "--date", "11/31/2026"],
        2,
    );
    assert!(
        stderr.contains("error: `11/31/2026` is not a date"),
        "{stderr}"
    );
    // The hint lists the forms that are read.
    assert!(
        stderr.contains("help: write the date as 2026-12-31, 12/31/2026 or 12/31/26 (month first), Dec 31, 2026, 31 Dec 2026, or `today`"),
        "{stderr}"
    );
}

/// A day where the month goes is read in the other order only when asked:
/// the error says which number is wrong and how to ask.
#[test]
fn a_date_day_first_suggests_date_order_dmy() {
    let stderr = fails_without_touching_output(
        &["build", "compassion-in-recovery", "--date", "13/12/2026"],
        2,
    );
    assert!(
        stderr.contains("error: `13/12/2026` is not a date read month first: its first number, the month, is over 12"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "help: if dates are written day first (like 31/12/2026), use --date-order dmy"
        ),
        "{stderr}"
    );
    let stderr = fails_without_touching_output(
        &[
            "build",
            "compassion-in-recovery",
            "--date-order",
            "dmy",
            "--date",
            "12/13/2026",
        ],
        2,
    );
    assert!(
        stderr.contains("its second number, the month, is over 12"),
        "{stderr}"
    );
    assert!(stderr.contains("use --date-order mdy"), "{stderr}");
}

#[test]
fn a_name_no_font_can_print_is_an_error_that_does_not_repeat_the_name() {
    let stderr = fails_without_touching_output(
        &[
            "build",
            "--ignore-system-fonts",
            "compassion-in-recovery",
            "--client",
            "Wei 王芳",
        ],
        1,
    );
    assert!(
        stderr.contains(
            "the client name (--client) has a character no font found can print (U+738B, Han (Chinese characters) script)"
        ),
        "{stderr}"
    );
    // Neither the name nor any letter of it.
    for part in ["Wei", "王", "芳"] {
        assert!(
            !stderr.contains(part),
            "the name leaked into the message: {stderr}"
        );
    }
}

#[test]
fn a_character_no_font_has_in_a_lesson_points_at_it() {
    let dir = tempdir();
    let path = dir.path().join("cjk.toml");
    fs::write(&path, "title = \"Calm\"\nsummary = \"Breathe. 呼吸.\"\n").unwrap();
    let p = path.display().to_string();
    let stderr = fails_without_touching_output(&["build", "--ignore-system-fonts", &p], 1);
    assert!(
        stderr.contains("`summary` has the character `呼` (U+547C)"),
        "{stderr}"
    );
    assert!(stderr.contains("fonts-noto-cjk"), "{stderr}");
    assert!(stderr.contains(&format!("--> {p}:2:21")), "{stderr}");
}

#[test]
fn an_unwritable_output_fails_cleanly() {
    let dir = tempdir();
    let out = dir.path().join("no-such-folder/x.pdf");
    handout()
        .args(["build", "compassion-in-recovery", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
    assert!(!Path::new(&out).exists());
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty());
}

#[test]
fn bad_flags_exit_2() {
    handout().args(["build"]).assert().code(2);
    handout()
        .args(["build", "compassion-in-recovery", "--paper", "legal"])
        .assert()
        .code(2);
    handout().args(["frobnicate"]).assert().code(2);
}

/// `handout check` on `path`: exit code and standard error.
fn check(args: &[&str]) -> (i32, String) {
    let out = handout().arg("check").args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_missing_closing_quote_in_a_list_is_one_error_where_it_is() {
    // The parser found 78 problems in such a file, the true one 59th.
    let file = bad("missing-quote-in-array.toml");
    let (code, stderr) = check(&[&file]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert!(
        stderr.contains("error: this is not valid TOML: invalid basic string"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{file}:54:53")), "{stderr}");
    assert!(
        stderr.contains("a text in quotes must end with `\"` on the same line"),
        "{stderr}"
    );
}

#[test]
fn an_unclosed_triple_quote_is_reported_where_it_opens() {
    let file = bad("unclosed-triple-quotes.toml");
    let (code, stderr) = check(&[&file]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "error: this `\"\"\"` text runs on to line 148, over lines that look like keys"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{file}:120:8")), "{stderr}");
    // And at the end of a file, where it opens, not where the file ends.
    let dir = tempdir();
    let eof = dir.path().join("eof.toml");
    fs::write(
        &eof,
        "title = \"T\"\nsummary = \"x\"\n[[notes]]\ntitle = \"Help\"\nbody = \"\"\"\nCall us.\n\nSoon.\n",
    )
    .unwrap();
    let (_, stderr) = check(&[eof.to_str().unwrap()]);
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert!(
        stderr.contains("error: this `\"\"\"` text is never closed"),
        "{stderr}"
    );
    assert!(stderr.contains("eof.toml:5:8"), "{stderr}");
}

#[test]
fn a_tracker_too_wide_for_large_print_is_a_warning_unless_large_print_is_asked() {
    let dir = tempdir();
    let lesson = dir.path().join("wide.toml");
    fs::write(
        &lesson,
        "title = \"Wide\"\nsummary = \"A lesson.\"\n[tracker]\n\
         columns = [\"A one\", \"B two\", \"C three\", \"D four\", \"E five\", \"F six\", \"G seven\"]\n\
         [[notes]]\ntitle = \"When to get more help\"\nbody = \"{{988}}\"\n",
    )
    .unwrap();
    let path = lesson.to_str().unwrap();
    let (code, stderr) = check(&[path]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: the tracker has 7 columns, which cannot fit across the page; the most that fit are 6 (at Letter large print, A4 large print)"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{path}:4:11")), "{stderr}");
    let (code, stderr) = check(&["--large-print", path]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: the tracker has 7 columns"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{path}:4:11")), "{stderr}");
    // build --large-print names the file and points at the columns.
    let stderr = fails_without_touching_output(&["build", "--large-print", path], 1);
    assert!(
        stderr.contains(&format!(
            "error: {path} cannot be laid out at Letter large print: the tracker has 7 columns"
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{path}:4:11")), "{stderr}");
}

#[test]
fn scenarios_with_nothing_to_answer_or_no_room_are_warned_at_their_id() {
    let dir = tempdir();
    let lesson = dir.path().join("s.toml");
    fs::write(
        &lesson,
        "title = \"T\"\nsummary = \"A lesson.\"\n\
         [[scenarios]]\nid = \"quiet\"\ntitle = \"Nothing to answer\"\n\
         [[scenarios]]\nid = \"cramped\"\ntitle = \"No room\"\nprompts = [\"What now?\"]\nlines = 0\n\
         [[notes]]\ntitle = \"When to get more help\"\nbody = \"{{988}}\"\n",
    )
    .unwrap();
    let path = lesson.to_str().unwrap();
    let (code, stderr) = check(&[path]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: scenario `quiet` has no prompts, so it prints nothing to answer"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{path}:4:6")), "{stderr}");
    assert!(
        stderr.contains(
            "warning: scenario `cramped` has `lines = 0`, so its prompts have no room to write"
        ),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{path}:7:6")), "{stderr}");
}

#[test]
fn the_readability_report_leaves_out_the_built_in_safety_notice() {
    // A lesson of short sentences: its longest is its own, not the notice's.
    let dir = tempdir();
    let lesson = dir.path().join("short.toml");
    fs::write(
        &lesson,
        "title = \"Short\"\nsummary = \"Breathe in. Breathe out. You can do this.\"\n\
         [[notes]]\ntitle = \"When to get more help\"\nbody = \"Call your counselor.\"\n",
    )
    .unwrap();
    let out = handout()
        .args(["check", "--json"])
        .arg(&lesson)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let longest = &json[0]["lessons"][0]["longest"][0];
    assert_eq!(longest["text"], "You can do this.", "{json}");
    assert_eq!(longest["words"], 4);
}

/// Issue 30: `[{{988}}](https://x/{{911}})` printed raw link syntax; a help
/// line inside a link's address or in code is an error at its place.
#[test]
fn a_help_line_in_a_link_address_or_in_code_is_an_error_at_its_place() {
    let dir = tempdir();
    let lesson = dir.path().join("links.toml");
    fs::write(
        &lesson,
        "title = \"Links\"\nsummary = \"\"\"\nCall [{{988}}](https://x/{{911}}) now.\n\nOr write `{{dv}}` down.\n\"\"\"\n",
    )
    .unwrap();
    let path = lesson.display().to_string();
    let stderr = fails_without_touching_output(&["build", &path], 1);
    assert!(
        stderr.contains("error: a help line can't go in a link's address")
            && stderr.contains(&format!("{path}:3:26")),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: a help line can't go in code")
            && stderr.contains(&format!("{path}:5:11")),
        "{stderr}"
    );
}

/// Issue 30: a name with 148 combining marks on one letter drew a column
/// of accents through the title and broke the PDF's text map. More than 30
/// on a letter (Unicode's stream-safe limit) is an error naming the mark
/// by code point, never the name.
#[test]
fn a_name_with_a_column_of_combining_marks_is_refused_without_echoing_it() {
    let name = format!("Zqx{}a", "\u{301}".repeat(40));
    let stderr =
        fails_without_touching_output(&["build", "compassion-in-recovery", "--client", &name], 1);
    assert!(
        stderr.contains("40 combining marks") && stderr.contains("U+0301"),
        "{stderr}"
    );
    assert!(!stderr.contains("Zqx"), "the name was echoed: {stderr}");

    // The same in a roster, at its cell.
    let dir = tempdir();
    let roster = dir.path().join("r.csv");
    fs::write(&roster, format!("name,id\nAna,c-1\n{name},c-2\n")).unwrap();
    let out = handout()
        .arg("check")
        .arg(&roster)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    assert!(
        stderr.contains("40 combining marks") && stderr.contains("r.csv:3:"),
        "{stderr}"
    );
    assert!(!stderr.contains("Zqx"), "the name was echoed: {stderr}");
}

/// Issue 30: a facility's help line gets the warnings a lesson's text
/// does, for the retired Lifeline number and for calling itself 988.
#[test]
fn a_facility_help_file_with_the_retired_lifeline_number_is_warned_of() {
    let dir = tempdir();
    let help = dir.path().join("clinic.help.toml");
    fs::write(
        &help,
        "[[local_help]]\nname = \"Clinic crisis line\"\nphone = \"1-800-273-8255\"\n",
    )
    .unwrap();
    handout()
        .arg("check")
        .arg(&help)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: 1-800-273-8255 (1-800-273-TALK) is the old Lifeline number",
        ))
        .stderr(predicate::str::contains("clinic.help.toml:3:10"));
}
