use super::*;
use crate::labels::Language;
use crate::layout::fake::Mono;

fn today() -> time::Date {
    time::Date::from_calendar_date(2026, time::Month::November, 22).unwrap()
}

fn load_str(text: &str) -> Result<(Roster, Diagnostics), Diagnostics> {
    load_bytes("week1.csv", text.as_bytes(), today(), &Mono)
}

#[test]
fn quoted_fields_accents_bom_and_crlf() {
    let text = "\u{FEFF}Name,ID,Date,Scenarios\r\n\"Núñez, José\",c-01,2026-11-20,craving; conflict\r\nNguyễn Thị Hương,,today,\r\n\r\n";
    let (roster, warnings) = load_str(text).unwrap();
    assert!(warnings.is_empty(), "{warnings}");
    assert_eq!(roster.rows.len(), 2);
    let r = &roster.rows[0];
    assert_eq!(r.name, "Núñez, José");
    assert_eq!(r.id.as_deref(), Some("c-01"));
    assert_eq!(r.date.unwrap().day(), 20);
    assert_eq!(r.scenarios, ["craving", "conflict"]);
    assert_eq!(r.line, 2);
    assert_eq!(
        &roster.source.text[r.scenarios_span.clone()],
        "craving; conflict"
    );
    let r = &roster.rows[1];
    assert_eq!(r.name, "Nguyễn Thị Hương");
    assert_eq!(r.date, Some(today()));
    assert!(r.scenarios.is_empty() && r.id.is_none());
    assert_eq!(r.line, 3);
}

#[test]
fn every_bad_row_is_reported_with_its_line() {
    let text = "name,date,language\nAna,2026-13-01,en\n,2026-11-22,es\nBo,,xx\n";
    let diags = load_str(text).unwrap_err();
    let found: Vec<(String, String)> = diags
        .iter()
        .map(|d| (d.location().unwrap(), d.message.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "week1.csv:2:5".to_string(),
                "line 2: the `date` cell, written like `NNNN-NN-NN`, is not a date like 2026-11-22"
                    .to_string()
            ),
            (
                "week1.csv:3:1".to_string(),
                "line 3 has no name".to_string()
            ),
            (
                "week1.csv:4:5".to_string(),
                "line 4: the `language` cell, written like `xx`, is not a language".to_string()
            ),
        ]
    );
}

#[test]
fn unknown_columns_warn_with_a_suggestion() {
    let (_, warnings) = load_str("name,scenaros,phone\nAna,craving,555\n").unwrap();
    let w: Vec<(&str, Option<&str>)> = warnings
        .iter()
        .map(|d| (d.message.as_str(), d.hint.as_deref()))
        .collect();
    assert_eq!(
        w[0],
        (
            "the column `scenaros` is not used",
            Some("did you mean `scenarios` (found `scenaros`)?")
        )
    );
    assert_eq!(w[1].0, "the column `phone` is not used");
}

fn rows_of(text: &str) -> Vec<Row> {
    load_str(text).unwrap_or_else(|d| panic!("{d}")).0.rows
}

#[test]
fn headings_as_exports_spell_them() {
    let r = rows_of(
        "\u{FEFF}Client Name,Client ID,Preferred Language,Session_Date\r\nAna Ruiz,c-1,Spanish,2026-11-24\r\n",
    );
    assert_eq!(r[0].name, "Ana Ruiz");
    assert_eq!(r[0].id.as_deref(), Some("c-1"));
    assert_eq!(r[0].language, Some(Asked::Printed(Language::Es)));
    assert_eq!(r[0].date.map(|d| d.day()), Some(24));
    for heading in ["Patient Name", "FULL NAME", "name"] {
        assert_eq!(
            rows_of(&format!("{heading}\nBo\n"))[0].name,
            "Bo",
            "{heading}"
        );
    }
    for heading in ["MRN", "Patient ID", "mrn #"] {
        let r = rows_of(&format!("name,{heading}\nBo,77\n"));
        assert_eq!(r[0].id.as_deref(), Some("77"), "{heading}");
    }
}

#[test]
fn first_and_last_names_join_in_either_order() {
    let text = "First Name,Last Name,MRN\nAna,Ruiz,77\nBo,,78\n";
    let r = rows_of(text);
    assert_eq!((r[0].name.as_str(), r[1].name.as_str()), ("Ana Ruiz", "Bo"));
    let opts = ReadOptions {
        name_order: NameOrder::LastFirst,
        ..ReadOptions::new(today())
    };
    let (roster, _) = read("r.csv", text.as_bytes(), &opts, &Mono).unwrap();
    assert_eq!(roster.rows[0].name, "Ruiz, Ana");
    let half = load_str("First Name,MRN\nAna,77\n").unwrap_err();
    assert_eq!(
        half.0[0].message,
        "the roster has a `first name` column but no `last name`"
    );
}

#[test]
fn a_missing_name_column_suggests_the_heading_it_found() {
    let d = load_str("Customer Name,id\nAna,1\n").unwrap_err();
    assert_eq!(
        d.0.last().unwrap().message,
        "the roster has no `name` column"
    );
    assert!(
        d.0.last()
            .unwrap()
            .hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean `name` (found `Customer Name`)?"),
        "{d}"
    );
}

#[test]
fn semicolons_tabs_and_old_mac_line_ends() {
    let r = rows_of("name;id;date\n\"Ruiz; Ana\";c-1;2026-11-24\nBo Chen;c-2;\n");
    assert_eq!(r[0].name, "Ruiz; Ana");
    assert_eq!(r[1].id.as_deref(), Some("c-2"));
    let r = rows_of("name\tid\nRuiz, Ana\tc-1\n");
    assert_eq!(r[0].name, "Ruiz, Ana");
    let d = load_str("name,date\rAna,2026-11-24\rBo,11/24\r").unwrap_err();
    assert_eq!(d.0[0].location().unwrap(), "week1.csv:3:4");
    assert!(d.0[0].message.starts_with("line 3:"), "{d}");
}

#[test]
fn languages_and_scenarios_as_people_type_them() {
    let r = rows_of(
        "name,language,scenarios\nA,Spanish,Craving\nB,español,\"craving, payday\"\nC,es-US,\nD,EN,low-day;CONFLICT\n",
    );
    let langs: Vec<Option<Language>> = r
        .iter()
        .map(|r| r.language.and_then(Asked::printed))
        .collect();
    assert_eq!(
        langs,
        [
            Some(Language::Es),
            Some(Language::Es),
            Some(Language::Es),
            Some(Language::En)
        ]
    );
    assert_eq!(r[0].scenarios, ["craving"]);
    assert_eq!(r[1].scenarios, ["craving", "payday"]);
    assert_eq!(r[3].scenarios, ["low-day", "conflict"]);
}

#[test]
fn a_real_language_without_labels_is_read_and_junk_is_an_error_with_a_suggestion() {
    let r = rows_of("name,language\nAsha,Somali\nBo,pt-BR\nCy,kreyol\n");
    let codes: Vec<&str> = r.iter().map(|r| r.language.unwrap().code()).collect();
    assert_eq!(codes, ["so", "pt", "ht"]);
    assert!(r.iter().all(|r| r.language.unwrap().printed().is_none()));
    // The cell's place is kept, for errors found later.
    assert_eq!(r[0].language_span, 19..25);

    // What exports write for no answer is no language: the default edition.
    let r = rows_of("name,language\nAsha,Unknown\nBo,DECLINED\nCy,n/a\nDee,Other\nEd,-\n");
    assert!(r.iter().all(|r| r.language.is_none()));

    let d = load_str("name,language\nAna,Spansih\nBo,xx\n").unwrap_err();
    let found: Vec<(String, &str, &str)> = d
        .iter()
        .map(|d| {
            (
                d.location().unwrap(),
                d.message.as_str(),
                d.hint.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(found[0].0, "week1.csv:2:5");
    assert_eq!(
        found[0].1,
        "line 2: the `language` cell, written like `xxxxxxx`, is not a language"
    );
    assert!(
        found[0]
            .2
            .starts_with("did you mean Spanish? Or write a language's name or code"),
        "{}",
        found[0].2
    );
    assert!(
        found[0]
            .2
            .contains("lessons print in English (en), Spanish (es), Vietnamese (vi)")
    );
    assert_eq!(found[1].0, "week1.csv:3:4");
    assert!(
        found[1].2.starts_with("write a language's name or code"),
        "{}",
        found[1].2
    );
    // The cell is never echoed.
    assert!(!d.to_string().contains("Spansih"), "{d}");
}

#[test]
fn a_repeated_id_is_an_error_unless_allowed() {
    let text = "name,id\nAna,c-7\nBo,c-8\nCy,c-7\n";
    let d = load_str(text).unwrap_err();
    assert_eq!(d.0[0].message, "line 4 has the same id as line 2");
    assert_eq!(d.0[0].location().unwrap(), "week1.csv:4:4");
    let opts = ReadOptions {
        allow_duplicate_ids: true,
        ..ReadOptions::new(today())
    };
    let (roster, warnings) = read("week1.csv", text.as_bytes(), &opts, &Mono).unwrap();
    assert_eq!(roster.rows.len(), 3);
    assert_eq!(warnings.0[0].message, "line 4 has the same id as line 2");
}

#[test]
fn no_name_column_or_no_rows() {
    assert_eq!(
        load_str("id,date\n1,today\n").unwrap_err().0[0].message,
        "the roster has no `name` column"
    );
    assert_eq!(
        load_str("name\n").unwrap_err().0[0].message,
        "the roster has no clients"
    );
    assert_eq!(
        load_str("").unwrap_err().0[0].message,
        "the roster is empty"
    );
}

#[test]
fn errors_about_names_never_quote_them() {
    let diags = load_str("name\nWei \u{E000}\n").unwrap_err();
    assert!(diags.0[0].message.contains("U+E000"));
    assert!(!diags.0[0].message.contains("Wei"));
}

#[test]
fn a_word_among_coded_ids_is_a_warning_that_quotes_nothing() {
    let text = "name,id\nSmith,Alice\nBo Chen,c-2\nCy Diaz,c-3\nDi Eng,c-4\n";
    let (roster, warnings) = load_str(text).unwrap();
    assert_eq!(roster.rows.len(), 4);
    assert_eq!(warnings.0.len(), 1, "{warnings}");
    let w = &warnings.0[0];
    assert_eq!(
        w.message,
        "line 2: the `id` cell is written as a word, where the other ids are codes: a name with a comma may have been split in two"
    );
    assert_eq!(w.location().unwrap(), "week1.csv:2:7");
    // Ids that are words all through are ids.
    let (_, warnings) = load_str("name,id\nAna,Alpha\nBo,Beta\nCy,Gamma\n").unwrap();
    assert!(warnings.is_empty(), "{warnings}");
}

#[test]
fn windows_1252_export_is_pointed_at() {
    let diags = load_bytes("x.csv", b"name\nJos\xe9\n", today(), &Mono).unwrap_err();
    assert_eq!(diags.0[0].location().unwrap(), "x.csv:2:4");
    assert!(diags.0[0].hint.as_deref().unwrap().contains("CSV UTF-8"));
}

/// A date that reads only day first, read month first, suggests the other
/// order; beside one that reads only month first, the column mixes both,
/// no order reads it all, and the hint says to fix the rows instead.
#[test]
fn a_day_where_the_month_goes_suggests_the_order_that_reads_the_column() {
    let hints = |text: &str| -> Vec<(String, Option<String>)> {
        load_str(text)
            .unwrap_err()
            .iter()
            .map(|d| (d.location().unwrap(), d.hint.clone()))
            .collect()
    };
    assert_eq!(
        hints("name,date\nAna,12/8/2026\nBo,13/12/2026\n"),
        [(
            "week1.csv:3:4".to_string(),
            Some("if dates are written day first (like 31/12/2026), use --date-order dmy (in a packet: date_order = \"dmy\")".to_string())
        )]
    );
    assert_eq!(
        hints("name,date\nAna,13/12/2026\nBo,12/13/2026\nCy,14/12/2026\n"),
        ["week1.csv:2:5", "week1.csv:4:4"].map(|at| (
            at.to_string(),
            Some("line 3 has a date that reads only month first, so the column mixes both orders: write these dates as the other rows do (or as 2026-12-31)".to_string())
        ))
    );
}

#[test]
fn the_dates_read_are_shown_by_one_written_in_numbers() {
    let text = "name,date\nAna,2026-12-08\nBo,12/8/2026\nCy,today\n";
    let (roster, _) = load_str(text).unwrap();
    assert_eq!(
        roster.date_sample().map(|s| s.sentence()).as_deref(),
        Some("dates read month first: 12/8/2026 is December 8, 2026")
    );
    let (roster, _) = load_str("name,date\nAna,2026-12-08\nBo,Dec 8 2026\n").unwrap();
    assert_eq!(roster.date_sample(), None);
}
