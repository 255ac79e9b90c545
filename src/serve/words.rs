//! The app's own words — headings, labels, hints, buttons, the messages its
//! script shows — in every language the app speaks, from one table, as
//! `labels.rs` holds the words a worksheet prints. A lesson's words are its
//! own and never come from here.
//!
//! The app speaks English and Spanish. Which one a page uses: the `ui`
//! cookie the language switch in the page's bar sets (it holds only `en`
//! or `es`, nothing about a client), else the first of them in the
//! browser's `Accept-Language`, else English. Another language joins by
//! adding a `Words` and a line in [`Words::of`]; the compiler then asks for
//! every word.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use crate::labels::Language;

mod folder;
pub use folder::FolderWords;
mod editor;
pub use editor::EditorWords;

/// The languages the app's own pages are written in, in the order the
/// switch offers them.
pub const OFFERED: [Language; 2] = [Language::En, Language::Es];

/// The name of the cookie the language switch sets.
pub const COOKIE: &str = "ui";

/// Every word the app's pages say, in one language.
#[derive(Debug)]
pub struct Words {
    pub language: Language,
    /// The bar at the top of every page.
    pub tagline: &'static str,
    pub nav_label: &'static str,
    pub nav_lessons: &'static str,
    pub nav_group: &'static str,
    /// The language switch, named in the language it is in.
    pub switch_label: &'static str,
    /// The lesson editor's words.
    pub editor: &'static EditorWords,
    // The gallery.
    pub gallery_title: &'static str,
    pub gallery_heading: &'static str,
    pub gallery_lead: &'static str,
    /// A heading for each of the library's topics (`lesson::TOPICS`); a
    /// facility's own topic is its own words and shows as written.
    pub gallery_topics: &'static [(&'static str, &'static str)],
    pub gallery_other_lessons: &'static str,
    /// A lesson's page count, on its card.
    pub gallery_pages: fn(usize) -> String,
    pub gallery_unprintable_heading: &'static str,
    /// The note under it, given the command that shows where.
    pub gallery_unprintable_hint: fn(&str) -> String,
    /// On an unprintable lesson's card, given why (the checker's words).
    pub gallery_unprintable_note: fn(&str) -> String,
    /// Where a lesson came from, when it came with the app.
    pub built_in: &'static str,
    /// Following the lessons folder (`words/folder.rs`).
    pub folder: &'static FolderWords,
    // One client's form.
    pub form_language_label: &'static str,
    pub form_name_label: &'static str,
    pub form_name_hint: &'static str,
    pub form_date_label: &'static str,
    pub form_date_hint: &'static str,
    pub form_clinician_label: &'static str,
    pub form_clinician_hint: &'static str,
    pub form_scenarios_legend: &'static str,
    pub form_scenarios_hint: &'static str,
    pub form_paper_legend: &'static str,
    pub form_paper_letter: &'static str,
    pub form_large_print: &'static str,
    pub form_fillable: &'static str,
    pub form_download: &'static str,
    pub form_print: &'static str,
    pub form_web_page: &'static str,
    pub form_all_lessons: &'static str,
    pub form_preview_heading: &'static str,
    /// A page of the preview: its number, and how many there are.
    pub form_page_of: fn(usize, usize) -> String,
    // The form's problems, each shown beside its field.
    pub field_name: &'static str,
    pub field_clinician: &'static str,
    /// A field (`field_name`...) too long: its length, the most it may be.
    pub error_too_long: fn(&str, usize, usize) -> String,
    /// A field with a letter carrying too many marks: the letter (shown
    /// by its code point only), how many it has, the most it may.
    pub error_too_many_marks: fn(&str, char, usize, usize) -> String,
    /// A field with a letter no font has: the letter, shown by its code
    /// point only, and its script's name.
    pub error_no_font: fn(&str, char, &str) -> String,
    /// `{example}` is the date order's example (12/31/2026).
    pub error_date: &'static str,
    pub error_scenario: &'static str,
    /// The lesson itself has a letter no font has.
    pub error_missing_glyph: fn(char, &str) -> String,
    /// Too many pages: the engine's words, the most pages, the paper.
    pub error_too_many_pages: fn(&str, usize, &str) -> String,
    /// The paper's name with large print.
    pub large_print_size: fn(&str) -> String,
    /// Any other problem laying out, or writing the PDF: the engine's words.
    pub error_layout: fn(&str) -> String,
    pub error_pdf: fn(&str) -> String,
    // What the app answers when it can't: for scripts, but a person may
    // see them.
    pub busy_reading: &'static str,
    /// How many groups may be held at once.
    pub busy_runs: fn(usize) -> String,
    /// A roster upload past the most it may be, in MB.
    pub roster_too_large: fn(u64) -> String,
    pub refused_headers: &'static str,
    pub refused_elsewhere: &'static str,
    /// The page for an address with no lesson.
    pub not_found_title: &'static str,
    pub not_found_heading: &'static str,
    pub not_found_link: &'static str,
    /// The group page: its title, heading and lead.
    pub group_title: &'static str,
    pub group_heading: &'static str,
    pub group_lead: &'static str,
    /// The roster and its sheet.
    pub group_roster_label: &'static str,
    pub group_roster_hint: &'static str,
    pub group_sheet_label: &'static str,
    pub group_sheet_hint: &'static str,
    /// What to print: a packet, or lessons.
    pub group_print_legend: &'static str,
    pub group_use_packet: &'static str,
    pub group_use_lessons: &'static str,
    pub group_packet_label: &'static str,
    pub group_packet_hint: &'static str,
    pub group_packet_example: &'static str,
    pub group_lessons_legend: &'static str,
    /// Dates.
    pub group_date_label: &'static str,
    pub group_date_order_label: &'static str,
    pub group_date_order_mdy: &'static str,
    pub group_date_order_dmy: &'static str,
    /// Your facility's help lines.
    pub group_help_legend: &'static str,
    pub group_help_hint: &'static str,
    pub group_help_file_label: &'static str,
    pub group_help_file_none: &'static str,
    pub group_help_typed: &'static str,
    pub group_help_name: &'static str,
    pub group_help_phone: &'static str,
    pub group_help_hours: &'static str,
    pub group_help_add: &'static str,
    pub group_help_need_name: &'static str,
    pub group_help_need_phone: &'static str,
    pub group_help_too_many: &'static str,
    /// What to download, and how it prints.
    pub group_output_legend: &'static str,
    pub group_out_zip: &'static str,
    pub group_out_combined_zip: &'static str,
    pub group_out_combined: &'static str,
    pub group_paper_legend: &'static str,
    pub group_letter: &'static str,
    pub group_a4: &'static str,
    pub group_large_print: &'static str,
    pub group_fillable: &'static str,
    pub group_duplex: &'static str,
    pub group_booklet: &'static str,
    pub group_booklet_fillable: &'static str,
    pub group_check: &'static str,
    pub group_make: &'static str,
    /// The report, and what the page's script says.
    pub group_report_heading: &'static str,
    pub group_report_start: &'static str,
    pub group_choose_file: &'static str,
    pub group_checking: &'static str,
    pub group_ready: &'static str,
    pub group_ready_one: &'static str,
    pub group_errors_heading: &'static str,
    pub group_notes_heading: &'static str,
    pub group_making: &'static str,
    pub group_made: &'static str,
    pub group_failed: &'static str,
    pub group_need_lesson: &'static str,
    pub group_bad_date: &'static str,
    pub group_bad_date_order: &'static str,
    pub group_other_date_order: &'static str,
    /// `{order}` (group_month_first or group_day_first), `{written}` (a
    /// date as the roster wrote it), `{spelt}` (the same, spelt out).
    pub group_dates_read: &'static str,
    pub group_month_first: &'static str,
    pub group_day_first: &'static str,
    pub group_mixed_date_order: &'static str,
    pub group_no_packet: &'static str,
    /// Where a finding is, as the sheet shows it: {row}, {col} (its letters) and {heading}.
    pub group_place_cell: &'static str,
    pub group_place_row: &'static str,
    pub group_place_column: &'static str,
    /// What the report says of each kind of finding.
    pub group_unused_column: &'static str,
    pub group_missing_name: &'static str,
    pub group_bad_date_cell: &'static str,
    pub group_bad_language: &'static str,
    pub group_duplicate_id: &'static str,
    pub group_unknown_scenario: &'static str,
    /// The scenarios there are to choose from: {list}.
    pub group_scenarios_are: &'static str,
    pub group_no_name_column: &'static str,
    /// `{clients}` (group_one_client or group_clients), `{asked}`,
    /// `{lesson}`, `{printed}`.
    pub group_fallback: &'static str,
    /// `{clients}`, `{asked}`, `{printed}`: no lesson has the edition.
    pub group_fallback_all: &'static str,
    pub group_one_client: &'static str,
    /// `{n}`.
    pub group_clients: &'static str,
    /// A saved help file asked for that the app doesn't offer.
    pub group_no_help_file: &'static str,
    /// A group whose packets would take past the memory budget: {clients},
    /// {mb}; and what to add when other groups hold part of it.
    pub group_too_large: &'static str,
    pub group_too_large_others: &'static str,
    /// Limits: rosters read at once; groups held ({n}); clients in one
    /// roster ({rows} of at most {max}); none at all.
    pub group_too_many_rows: &'static str,
    pub group_no_clients: &'static str,
    /// The app didn't answer a roster sent (too large, or stopped).
    pub group_not_sent: &'static str,
    /// Printing from the group page.
    pub group_out_print: &'static str,
    pub group_printer_label: &'static str,
    pub group_printer_paused: &'static str,
    pub group_printer_refusing: &'static str,
    /// `{printer}`: the printer's name, or the default printer's words.
    pub group_print_on: &'static str,
    pub group_default_printer: &'static str,
    pub group_print_refused: &'static str,
    /// `{printer}`, `{job}`: the queue's answer.
    pub group_print_sent: &'static str,
    /// `{total}`: the clients.
    pub group_made_to_print: &'static str,
    pub print_not_made: &'static str,
    pub print_separate: &'static str,
    pub print_none_set_up: &'static str,
    /// `{printers}`: their names.
    pub print_printers_here: &'static str,
    /// `{reason}`: what the printer's keeper wrote.
    pub print_reason: &'static str,
    pub print_no_cups: &'static str,
    pub print_not_running: &'static str,
    pub print_no_answer: &'static str,
    pub print_no_default: &'static str,
    /// `{name}`: the name asked for.
    pub print_unknown: &'static str,
    /// `{name}`: a printer's name close to it.
    pub print_did_you_mean: &'static str,
    /// `{name}`, `{reason}`.
    pub print_paused: &'static str,
    /// `{name}`, `{reason}`.
    pub print_refusing: &'static str,
    /// `{said}`: what the printing service answered.
    pub print_failed: &'static str,
}

pub static EN: Words = Words {
    language: Language::En,
    tagline: "Worksheets, printed here; nothing leaves this computer.",
    nav_label: "The app",
    nav_lessons: "Lessons",
    nav_group: "A group's packets",
    switch_label: "Language of this app",
    editor: &editor::EN,
    gallery_title: "Lessons · handout",
    gallery_heading: "Lessons",
    gallery_lead: "Choose a lesson to print it for one client, or to open it as a web page.",
    gallery_topics: &[
        ("safety", "Safety"),
        ("substance use", "Substance use"),
        ("self-compassion", "Self-compassion"),
        ("family", "Family"),
        ("planning", "Planning"),
        ("coping", "Coping"),
        ("medicines", "Medicines"),
    ],
    gallery_other_lessons: "Other lessons",
    gallery_pages: |n| match n {
        1 => "1 page".into(),
        n => format!("{n} pages"),
    },
    gallery_unprintable_heading: "Lessons that can't print",
    gallery_unprintable_hint: |command| {
        format!("Ask whoever looks after the lessons to fix these; {command} shows where.")
    },
    gallery_unprintable_note: |why| format!("This lesson can't be printed: {why}."),
    built_in: "built-in",
    folder: &folder::EN,
    form_language_label: "Language",
    form_name_label: "Client's name",
    form_name_hint: "Printed at the top of each page. Leave it empty for a blank line.",
    form_date_label: "Date",
    form_date_hint: "Leave it empty for a blank line.",
    form_clinician_label: "Clinician",
    form_clinician_hint: "Optional.",
    form_scenarios_legend: "Practice scenarios",
    form_scenarios_hint: "Choose the ones that fit this client; with none chosen, every one prints.",
    form_paper_legend: "Paper",
    form_paper_letter: "Letter",
    form_large_print: "Large print",
    form_fillable: "Fillable on a screen",
    form_download: "Download PDF",
    form_print: "Print",
    form_web_page: "Open as a web page",
    form_all_lessons: "All lessons",
    form_preview_heading: "Preview",
    form_page_of: |i, n| format!("Page {i} of {n}"),
    field_name: "The client's name",
    field_clinician: "The clinician's name",
    error_too_long: |what, n, max| {
        format!("{what} is {n} characters long; it can be at most {max}.")
    },
    error_too_many_marks: |what, ch, n, max| {
        format!(
            "{what} has a letter with {n} combining marks (U+{:04X} and others); \
             a letter may carry at most {max}. Check how it was typed.",
            ch as u32
        )
    },
    error_no_font: |what, ch, script| {
        format!(
            "{what} has a letter no font on this computer can print (U+{:04X}, {script} script). \
             Check the spelling, or ask whoever looks after this computer to add a font for it.",
            ch as u32
        )
    },
    error_date: "Write the date like {example} or 2026-12-31, or leave it empty.",
    error_scenario: "That scenario is not in this lesson; reload the page.",
    error_missing_glyph: |ch, script| {
        format!(
            "There is a character no font found can print (U+{:04X}, {script} script).",
            ch as u32
        )
    },
    error_too_many_pages: |engine, _, size| {
        format!(
            "This can't be printed here: {engine} at {size}. Try another paper or print size, \
             or ask whoever looks after the lessons to split it."
        )
    },
    large_print_size: |paper| format!("{paper} large print"),
    error_layout: |engine| format!("This lesson can't be laid out: {engine}."),
    error_pdf: |engine| format!("The PDF could not be made: {engine}."),
    busy_reading: "Other rosters are being read right now. Try again in a moment.",
    busy_runs: |n| {
        format!(
            "{n} groups are being made or waiting to be downloaded. \
             Download one, or try again later."
        )
    },
    roster_too_large: |mb| {
        format!(
            "The roster is larger than {mb} MB. Save just the sheet with the clients, \
             or split the roster into smaller groups."
        )
    },
    refused_headers: "the request's headers are too large",
    refused_elsewhere: "handout answers only its own pages on this computer",
    not_found_title: "Not found",
    not_found_heading: "There is no such lesson",
    not_found_link: "See every lesson",
    group_title: "A group's packets · handout",
    group_heading: "A group's packets",
    group_lead: "A packet for every client on a roster. The roster is checked first, row by row; then the packets are made on this computer. The roster is read here and kept nowhere.",
    group_roster_label: "Roster (CSV, or an Excel workbook)",
    group_roster_hint: "A column called name (or First Name and Last Name); id, date, clinician, language and scenarios if you have them.",
    group_sheet_label: "Sheet",
    group_sheet_hint: "The workbook has more than one sheet: choose the one with the clients. Hidden sheets are not offered.",
    group_print_legend: "What to print",
    group_use_packet: "A packet",
    group_use_lessons: "Lessons I choose",
    group_packet_label: "Packet",
    group_packet_hint: "A packet has a cover, a list of contents, your facility's name and its help lines.",
    group_packet_example: "example",
    group_lessons_legend: "Lessons",
    group_date_label: "Date for rows without one",
    group_date_order_label: "How the roster writes dates",
    group_date_order_mdy: "Month first (12/8/2026)",
    group_date_order_dmy: "Day first (8/12/2026)",
    group_help_legend: "Your facility's help lines",
    group_help_hint: "Printed beside 988 and 911 on every page, never instead of them. Up to three in all, with the packet's own.",
    group_help_file_label: "Saved help lines",
    group_help_file_none: "None",
    group_help_typed: "Or type them here (they are not saved):",
    group_help_name: "Name of the service",
    group_help_phone: "Phone number",
    group_help_hours: "When it answers (optional)",
    group_help_add: "Add a help line",
    group_help_need_name: "Type the name of the service, as clients know it.",
    group_help_need_phone: "Type the number clients call, like (555) 010-0199.",
    group_help_too_many: "At most three help lines fit beside 988 and 911, the packet's own and the saved ones included. Remove one.",
    group_output_legend: "What to download",
    group_out_zip: "A ZIP of one PDF per client, with a list of the files",
    group_out_combined_zip: "One file to print double-sided, in a ZIP with its list of pages",
    group_out_combined: "One file to print double-sided, the PDF alone",
    group_paper_legend: "Paper",
    group_letter: "Letter",
    group_a4: "A4",
    group_large_print: "Large print",
    group_fillable: "Fillable on a screen",
    group_duplex: "Each client's file starts on the front of a sheet (for double-sided printing)",
    group_booklet: "Booklets to fold and staple: half-size pages, two on each side of a sheet (print double-sided, flipped on the short edge)",
    group_booklet_fillable: "A booklet is for paper, so it can't be fillable on a screen. Uncheck Booklets or Fillable on a screen.",
    group_check: "Check the roster",
    group_make: "Make the packets",
    group_report_heading: "Report",
    group_report_start: "Choose a roster and what to print, then check the roster.",
    group_choose_file: "Choose the roster file first.",
    group_checking: "Checking…",
    group_ready: "{n} clients, ready to print.",
    group_ready_one: "1 client, ready to print.",
    group_errors_heading: "Fix before printing",
    group_notes_heading: "Good to know",
    group_making: "Made {done} of {total} packets…",
    group_made: "Every packet is made ({total}); the download has started.",
    group_failed: "A packet could not be made:",
    group_need_lesson: "Choose a packet, or at least one lesson.",
    group_bad_date: "Choose a date in the box, or leave it empty.",
    group_bad_date_order: "Choose how the roster writes dates: month first or day first.",
    group_dates_read: "Dates in numbers are read {order}: {written} is {spelt}.",
    group_month_first: "month first",
    group_day_first: "day first",
    group_other_date_order: "This date has a number over 12 where the month goes. If the roster writes dates day first (31/12/2026), choose Day first under How the roster writes dates, and check the roster again.",
    group_mixed_date_order: "This date has a number over 12 where the month goes, but another row's date only reads month first: the column mixes both orders. Write these dates as the other rows do, or as 2026-12-31.",
    group_no_packet: "That packet is no longer offered. Reload the page and choose again.",
    group_place_cell: "Row {row}, column {col} ({heading})",
    group_place_row: "Row {row}",
    group_place_column: "Column {col} ({heading})",
    group_unused_column: "This column is not used, and that's fine: it isn't printed.",
    group_missing_name: "This row has no name. Type the client's name, or delete the row if it isn't a client.",
    group_bad_date_cell: "This date can't be read. Type it like 12/8/2026 or 2026-12-08, or leave it empty.",
    group_bad_language: "This isn't a language handout knows. Write one like English, Spanish, en or es, or leave it empty.",
    group_duplicate_id: "Another row has the same ID. Give each client their own ID, or leave it empty.",
    group_unknown_scenario: "A scenario in this cell isn't in the lessons chosen. Check its spelling, or leave the cell empty to print every scenario.",
    group_scenarios_are: "These lessons' scenarios are: {list}.",
    group_no_name_column: "The roster has no name column. Head a column name (or First Name and Last Name) with each client's name.",
    group_fallback: "{clients} with {asked} as their language: the lesson {lesson} has no {asked} edition, so they get it in {printed}.",
    group_fallback_all: "{clients} with {asked} as their language: no lesson here has a {asked} edition, so they get them in {printed}.",
    group_one_client: "1 client",
    group_clients: "{n} clients",
    group_no_help_file: "Those saved help lines are no longer offered. Reload the page and choose again.",
    group_too_large: "These packets are too large to hold for download here ({clients} clients, about {mb} MB). Split the roster into smaller groups.",
    group_too_large_others: " Other groups being made or waiting to be downloaded take room too: once they are downloaded, a smaller group may fit.",
    group_too_many_rows: "The roster has {rows} clients; the app prints for at most {max} at a time. Split it into smaller rosters.",
    group_no_clients: "The roster has no clients.",
    group_not_sent: "The roster could not be checked. A roster may be up to 10 MB; if it is smaller, make sure the app is still open and try again.",
    group_out_print: "Send to a printer, double-sided (no file is saved)",
    group_printer_label: "Printer",
    group_printer_paused: " (paused)",
    group_printer_refusing: " (not taking jobs)",
    group_print_on: "Print on {printer}",
    group_default_printer: "the default printer",
    group_print_refused: "The printer did not take the packets; they are kept here, to print again or download.",
    group_print_sent: "Sent to {printer} as job {job}.",
    group_made_to_print: "Every packet is made ({total}).",
    print_not_made: "The packets are not made yet, or could not be made.",
    print_separate: "These packets were made as separate PDFs. To print from here, make them again as “One file to print double-sided”.",
    print_none_set_up: "No printer is set up on this computer: add one in the system's printer settings.",
    print_printers_here: "The printers here: {printers}.",
    print_reason: " ({reason})",
    print_no_cups: "This computer can't print from here: its printing service (CUPS) is not installed. Ask whoever looks after this computer to set up printing, or choose “One file to print double-sided, the PDF alone” and print it from the PDF viewer.",
    print_not_running: "This computer's printing service (CUPS) is not running. Ask whoever looks after this computer to start it, or choose “One file to print double-sided, the PDF alone” and print it from the PDF viewer.",
    print_no_answer: "The printing service (CUPS) gave no answer, so printing was stopped; the packets are kept here. Ask whoever looks after this computer to restart printing, or choose “One file to print double-sided, the PDF alone” and print it from the PDF viewer.",
    print_no_default: "This computer has no default printer: choose one.",
    print_unknown: "There is no printer called {name} here.",
    print_did_you_mean: "Did you mean {name}?",
    print_paused: "The printer {name} is paused{reason}. Ask whoever looks after it to start it again, or choose another printer.",
    print_refusing: "The printer {name} is not taking jobs{reason}. Ask whoever looks after it, or choose another printer.",
    print_failed: "The printer did not take the job. The printing service said: {said}",
};

pub static ES: Words = Words {
    language: Language::Es,
    tagline: "Hojas de trabajo impresas aquí; nada sale de esta computadora.",
    nav_label: "La aplicación",
    nav_lessons: "Lecciones",
    nav_group: "Paquetes para un grupo",
    switch_label: "Idioma de la aplicación",
    editor: &editor::ES,
    gallery_title: "Lecciones · handout",
    gallery_heading: "Lecciones",
    gallery_lead: "Elija una lección para imprimirla para un cliente o abrirla como página web.",
    gallery_topics: &[
        ("safety", "Seguridad"),
        ("substance use", "Consumo de sustancias"),
        ("self-compassion", "Compasión hacia uno mismo"),
        ("family", "Familia"),
        ("planning", "Hacer planes"),
        ("coping", "Cómo sobrellevar momentos difíciles"),
        ("medicines", "Medicamentos"),
    ],
    gallery_other_lessons: "Otras lecciones",
    gallery_pages: |n| match n {
        1 => "1 página".into(),
        n => format!("{n} páginas"),
    },
    gallery_unprintable_heading: "Lecciones que no se pueden imprimir",
    gallery_unprintable_hint: |command| {
        format!(
            "Pida a la persona encargada de las lecciones que las corrija; {command} muestra dónde."
        )
    },
    gallery_unprintable_note: |why| format!("Esta lección no se puede imprimir: {why}."),
    built_in: "incluida",
    folder: &folder::ES,
    form_language_label: "Idioma",
    form_name_label: "Nombre del cliente",
    form_name_hint: "Se imprime en la parte de arriba de cada página. Si lo deja vacío, se imprime una línea en blanco.",
    form_date_label: "Fecha",
    form_date_hint: "Si la deja vacía, se imprime una línea en blanco.",
    form_clinician_label: "Profesional clínico",
    form_clinician_hint: "Opcional.",
    form_scenarios_legend: "Situaciones para practicar",
    form_scenarios_hint: "Elija las que le sirvan a este cliente; si no elige ninguna, se imprimen todas.",
    form_paper_legend: "Papel",
    form_paper_letter: "Carta",
    form_large_print: "Letra grande",
    form_fillable: "Para llenar en la pantalla",
    form_download: "Descargar PDF",
    form_print: "Imprimir",
    form_web_page: "Abrir como página web",
    form_all_lessons: "Todas las lecciones",
    form_preview_heading: "Vista previa",
    form_page_of: |i, n| format!("Página {i} de {n}"),
    field_name: "El nombre del cliente",
    field_clinician: "El nombre del profesional clínico",
    error_too_long: |what, n, max| {
        format!("{what} tiene {n} caracteres; puede tener {max} como máximo.")
    },
    error_too_many_marks: |what, ch, n, max| {
        format!(
            "{what} tiene una letra con {n} acentos o marcas (U+{:04X} y otras); \
             una letra puede llevar {max} como máximo. Revise cómo se escribió.",
            ch as u32
        )
    },
    error_no_font: |what, ch, script| {
        format!(
            "{what} tiene una letra que ninguna fuente de esta computadora puede imprimir \
             (U+{:04X}, sistema de escritura: {script}). Revise cómo se escribió, o pida a la \
             persona encargada de esta computadora que agregue una fuente para esa letra.",
            ch as u32
        )
    },
    error_date: "Escriba la fecha así: {example} o 2026-12-31, o déjela vacía.",
    error_scenario: "Esa situación no está en esta lección; vuelva a cargar la página.",
    error_missing_glyph: |ch, script| {
        format!(
            "Esta lección tiene una letra que ninguna fuente de esta computadora puede imprimir (U+{:04X}, sistema de escritura: {script}).",
            ch as u32
        )
    },
    error_too_many_pages: |_, max, size| {
        format!(
            "Esta lección no se puede imprimir aquí: tendría más de {max} páginas ({size}). \
             Pruebe con otro papel u otro tamaño de letra, o pida a la persona encargada de las \
             lecciones que la divida."
        )
    },
    large_print_size: |paper| format!("{paper}, letra grande"),
    error_layout: |engine| format!("No se puede preparar esta lección: {engine}."),
    error_pdf: |engine| format!("No se pudo crear el PDF: {engine}."),
    busy_reading: "Ahora se están leyendo otras listas de clientes. Vuelva a intentarlo en un momento.",
    busy_runs: |n| {
        format!(
            "Ya hay {n} grupos que se están haciendo o que esperan su descarga. \
             Descargue uno, o vuelva a intentarlo más tarde."
        )
    },
    roster_too_large: |mb| {
        format!(
            "La lista de clientes pesa más de {mb} MB. Guarde solo la hoja con los clientes, \
             o divida la lista en grupos más pequeños."
        )
    },
    refused_headers: "los encabezados de la solicitud son demasiado grandes",
    refused_elsewhere: "handout solo responde a sus propias páginas en esta computadora",
    not_found_title: "Lección no encontrada",
    not_found_heading: "Esa lección no existe",
    not_found_link: "Ver todas las lecciones",
    group_title: "Paquetes para un grupo · handout",
    group_heading: "Paquetes para un grupo",
    group_lead: "Un paquete para cada cliente de una lista. Primero se revisa la lista, fila por fila; luego los paquetes se hacen en esta computadora. La lista se lee aquí y no se guarda en ningún lugar.",
    group_roster_label: "Lista de clientes (CSV o un libro de Excel)",
    group_roster_hint: "Una columna llamada name (o First Name y Last Name); y, si las tiene, id, date, clinician, language y scenarios.",
    group_sheet_label: "Hoja",
    group_sheet_hint: "El archivo de Excel tiene más de una hoja: elija la que tiene a los clientes. Las hojas ocultas no aparecen.",
    group_print_legend: "Qué imprimir",
    group_use_packet: "Un paquete",
    group_use_lessons: "Las lecciones que elija",
    group_packet_label: "Paquete",
    group_packet_hint: "Un paquete incluye portada, índice, el nombre de su centro y sus líneas de ayuda.",
    group_packet_example: "ejemplo",
    group_lessons_legend: "Lecciones",
    group_date_label: "Fecha para las filas que no tienen una",
    group_date_order_label: "Cómo escribe las fechas la lista",
    group_date_order_mdy: "Primero el mes (12/8/2026)",
    group_date_order_dmy: "Primero el día (8/12/2026)",
    group_help_legend: "Las líneas de ayuda de su centro",
    group_help_hint: "Se imprimen junto al 988 y al 911 en cada página, nunca en su lugar. Hasta tres en total, contando las del paquete.",
    group_help_file_label: "Líneas de ayuda guardadas",
    group_help_file_none: "Ninguna",
    group_help_typed: "O escríbalas aquí (no se guardan):",
    group_help_name: "Nombre del servicio",
    group_help_phone: "Número de teléfono",
    group_help_hours: "Horario de atención (opcional)",
    group_help_add: "Agregar una línea de ayuda",
    group_help_need_name: "Escriba el nombre del servicio, como lo conocen los clientes.",
    group_help_need_phone: "Escriba el número al que llaman los clientes, como (555) 010-0199.",
    group_help_too_many: "Caben como máximo tres líneas de ayuda junto al 988 y al 911, contando las del paquete y las guardadas. Quite una.",
    group_output_legend: "Qué descargar",
    group_out_zip: "Un ZIP con un PDF por cliente y una lista de los archivos",
    group_out_combined_zip: "Un solo archivo para imprimir por ambos lados, en un ZIP con su lista de páginas",
    group_out_combined: "Un solo archivo para imprimir por ambos lados, únicamente el PDF",
    group_paper_legend: "Papel",
    group_letter: "Carta",
    group_a4: "A4",
    group_large_print: "Letra grande",
    group_fillable: "Para llenar en la pantalla",
    group_duplex: "El archivo de cada cliente empieza en el frente de una hoja (para imprimir por ambos lados)",
    group_booklet: "Cuadernillos para doblar y engrapar: páginas de media hoja, dos en cada cara de la hoja (imprima por ambos lados, volteando por el borde corto)",
    group_booklet_fillable: "Un cuadernillo es para imprimir en papel, así que no se puede llenar en la pantalla. Desmarque Cuadernillos o Para llenar en la pantalla.",
    group_check: "Revisar la lista",
    group_make: "Hacer los paquetes",
    group_report_heading: "Resultado",
    group_report_start: "Elija una lista y qué imprimir; luego revise la lista.",
    group_choose_file: "Primero elija el archivo de la lista.",
    group_checking: "Revisando…",
    group_ready: "{n} clientes, listos para imprimir.",
    group_ready_one: "1 cliente, listo para imprimir.",
    group_errors_heading: "Corregir antes de imprimir",
    group_notes_heading: "Para su información",
    group_making: "Paquetes hechos: {done} de {total}…",
    group_made: "Todos los paquetes están hechos ({total}); la descarga ya empezó.",
    group_failed: "No se pudo hacer un paquete:",
    group_need_lesson: "Elija un paquete o al menos una lección.",
    group_bad_date: "Elija una fecha en la casilla, o déjela vacía.",
    group_bad_date_order: "Elija cómo escribe las fechas la lista de clientes: primero el mes o primero el día.",
    group_dates_read: "Las fechas en números se leen {order}: {written} es el {spelt}.",
    group_month_first: "con el mes primero",
    group_day_first: "con el día primero",
    group_other_date_order: "Esta fecha tiene un número mayor que 12 donde va el mes. Si la lista escribe las fechas con el día primero (31/12/2026), elija “Primero el día” en “Cómo escribe las fechas la lista” y revise la lista otra vez.",
    group_mixed_date_order: "Esta fecha tiene un número mayor que 12 donde va el mes, pero la fecha de otra fila solo se lee con el mes primero: la columna mezcla los dos órdenes. Escriba estas fechas igual que en las otras filas, o así: 2026-12-31.",
    group_no_packet: "Ese paquete ya no está disponible. Vuelva a cargar la página y elija otra vez.",
    group_place_cell: "Fila {row}, columna {col} ({heading})",
    group_place_row: "Fila {row}",
    group_place_column: "Columna {col} ({heading})",
    group_unused_column: "Esta columna no se usa, y no pasa nada: no se imprime.",
    group_missing_name: "Esta fila no tiene nombre. Escriba el nombre del cliente, o borre la fila si no es un cliente.",
    group_bad_date_cell: "No se puede leer esta fecha. Escríbala como 12/8/2026 o 2026-12-08, o déjela vacía.",
    group_bad_language: "Este no es un idioma que handout conozca. Escriba uno como English, Spanish, Español, en o es, o déjelo vacío.",
    group_duplicate_id: "Otra fila tiene el mismo ID. Dé a cada cliente su propio ID, o déjelo vacío.",
    group_unknown_scenario: "Una situación de esta celda no está en las lecciones elegidas. Revise cómo está escrita, o deje la celda vacía para imprimir todas las situaciones.",
    group_scenarios_are: "Las situaciones de estas lecciones son: {list}.",
    group_no_name_column: "La lista no tiene una columna de nombre. Ponga el encabezado name (o First Name y Last Name) en la columna con el nombre de cada cliente.",
    group_fallback: "{clients} con el idioma {asked}: la lección “{lesson}” no tiene edición en {asked}, así que se imprime en {printed}.",
    group_fallback_all: "{clients} con el idioma {asked}: ninguna lección de aquí tiene edición en {asked}, así que se imprimen en {printed}.",
    group_one_client: "1 cliente",
    group_clients: "{n} clientes",
    group_no_help_file: "Esas líneas de ayuda guardadas ya no están disponibles. Vuelva a cargar la página y elija otra vez.",
    group_too_large: "Estos paquetes son demasiado grandes para guardarlos aquí hasta su descarga ({clients} clientes, unos {mb} MB). Divida la lista en grupos más pequeños.",
    group_too_large_others: " Otros grupos que se están haciendo o esperan su descarga también ocupan espacio: cuando se descarguen, puede caber un grupo más pequeño.",
    group_too_many_rows: "La lista tiene {rows} clientes; la aplicación imprime como máximo {max} a la vez. Divídala en listas más pequeñas.",
    group_no_clients: "La lista no tiene clientes.",
    group_not_sent: "No se pudo revisar la lista. Una lista puede tener hasta 10 MB; si es más pequeña, asegúrese de que la aplicación siga abierta y vuelva a intentarlo.",
    group_out_print: "Enviar a una impresora, por ambos lados (no se guarda ningún archivo)",
    group_printer_label: "Impresora",
    group_printer_paused: " (en pausa)",
    group_printer_refusing: " (no acepta trabajos)",
    group_print_on: "Imprimir en {printer}",
    group_default_printer: "la impresora predeterminada",
    group_print_refused: "La impresora no aceptó los paquetes; los paquetes siguen aquí, para imprimirlos otra vez o descargarlos.",
    group_print_sent: "Paquetes enviados a {printer} (trabajo {job}).",
    group_made_to_print: "Todos los paquetes están hechos ({total}).",
    print_not_made: "Los paquetes todavía no están hechos, o no se pudieron hacer.",
    print_separate: "Estos paquetes se hicieron como archivos PDF separados. Para imprimir desde aquí, vuelva a hacerlos eligiendo “Un solo archivo para imprimir”.",
    print_none_set_up: "No hay ninguna impresora configurada en esta computadora: agregue una en la configuración de impresoras del sistema.",
    print_printers_here: "Impresoras disponibles aquí: {printers}.",
    print_reason: " ({reason})",
    print_no_cups: "Esta computadora no puede imprimir desde aquí: su servicio de impresión (CUPS) no está instalado. Pida a la persona encargada de esta computadora que configure la impresión, o elija “Un solo archivo para imprimir” e imprímalo desde el visor de PDF.",
    print_not_running: "El servicio de impresión de esta computadora (CUPS) no está funcionando. Pida a la persona encargada de esta computadora que lo inicie, o elija “Un solo archivo para imprimir” e imprímalo desde el visor de PDF.",
    print_no_answer: "El servicio de impresión (CUPS) no respondió, así que se detuvo la impresión; los paquetes se guardan aquí. Pida a la persona encargada de esta computadora que reinicie la impresión, o elija “Un solo archivo para imprimir” e imprímalo desde el visor de PDF.",
    print_no_default: "Esta computadora no tiene una impresora predeterminada: elija una.",
    print_unknown: "Aquí no hay ninguna impresora llamada {name}.",
    print_did_you_mean: "¿Quiso decir {name}?",
    print_paused: "La impresora {name} está en pausa{reason}. Pida a la persona encargada de la impresora que la vuelva a activar, o elija otra impresora.",
    print_refusing: "La impresora {name} no acepta trabajos{reason}. Consulte a la persona encargada de la impresora, o elija otra impresora.",
    print_failed: "La impresora no aceptó el trabajo. El servicio de impresión dijo: {said}",
};

impl Words {
    /// The app's words in `language`, or in English where the app doesn't
    /// speak it.
    pub fn of(language: Language) -> &'static Words {
        match language {
            Language::Es => &ES,
            _ => &EN,
        }
    }

    /// `topic` (one of the lesson's topics) as a heading: the library's
    /// topics in these words, a facility's own as written, with a capital.
    pub fn topic(&self, topic: &str) -> String {
        if let Some((_, heading)) = self.gallery_topics.iter().find(|(t, _)| *t == topic) {
            return heading.to_string();
        }
        let mut chars = topic.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }

    /// The words for a request: its `ui` cookie, else its
    /// `Accept-Language`, else English.
    pub fn for_request(headers: &HeaderMap) -> &'static Words {
        Words::of(chosen(headers).unwrap_or(Language::En))
    }
}

/// A request's words, as a handler takes them: `Ui(w): Ui`.
pub struct Ui(pub &'static Words);

impl<S: Send + Sync> FromRequestParts<S> for Ui {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Ui(Words::for_request(&parts.headers)))
    }
}

/// The language a request asks for, if it asks for one the app speaks.
fn chosen(headers: &HeaderMap) -> Option<Language> {
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| offered(value));
    cookie.or_else(|| {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(from_accept_language)
    })
}

/// One of [`OFFERED`], by its code (`es`, `es-MX`, `EN`).
fn offered(code: &str) -> Option<Language> {
    Language::parse(code).filter(|l| OFFERED.contains(l))
}

/// The offered language the browser likes best: its list is ranked by
/// `q` (1 when absent), and a range the app doesn't speak is passed over.
fn from_accept_language(value: &str) -> Option<Language> {
    let mut best: Option<(f32, Language)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let range = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let Some(lang) = offered(range) else { continue };
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

#[cfg(test)]
mod tests;
