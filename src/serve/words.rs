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
}

pub static EN: Words = Words {
    language: Language::En,
    tagline: "Worksheets, printed here; nothing leaves this computer.",
    nav_label: "The app",
    nav_lessons: "Lessons",
    nav_group: "A group's packets",
    switch_label: "Language of this app",
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
};

pub static ES: Words = Words {
    language: Language::Es,
    tagline: "Hojas de trabajo impresas aquí; nada sale de esta computadora.",
    nav_label: "La aplicación",
    nav_lessons: "Lecciones",
    nav_group: "Paquetes para un grupo",
    switch_label: "Idioma de la aplicación",
    gallery_title: "Lecciones · handout",
    gallery_heading: "Lecciones",
    gallery_lead: "Elija una lección para imprimirla para un cliente o para abrirla como página web.",
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
            "Pida a la persona que cuida las lecciones que las corrija; {command} muestra dónde."
        )
    },
    gallery_unprintable_note: |why| format!("Esta lección no se puede imprimir: {why}."),
    built_in: "incluida",
    form_language_label: "Idioma",
    form_name_label: "Nombre del cliente",
    form_name_hint: "Se imprime arriba de cada página. Déjelo vacío para dejar una línea en blanco.",
    form_date_label: "Fecha",
    form_date_hint: "Déjela vacía para dejar una línea en blanco.",
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
             (U+{:04X}, escritura {script}). Revise cómo se escribió, o pida a la persona que \
             cuida esta computadora que agregue una fuente para esa letra.",
            ch as u32
        )
    },
    error_date: "Escriba la fecha así: {example} o 2026-12-31, o déjela vacía.",
    error_scenario: "Esa situación no está en esta lección; vuelva a cargar la página.",
    error_missing_glyph: |ch, script| {
        format!(
            "Hay una letra que ninguna fuente puede imprimir (U+{:04X}, escritura {script}).",
            ch as u32
        )
    },
    error_too_many_pages: |_, max, size| {
        format!(
            "No se puede imprimir aquí: tiene más de {max} páginas en {size}. Pruebe con otro \
             papel u otro tamaño de letra, o pida a la persona que cuida las lecciones que la \
             divida."
        )
    },
    large_print_size: |paper| format!("{paper}, letra grande"),
    error_layout: |engine| format!("No se puede preparar esta lección: {engine}."),
    error_pdf: |engine| format!("No se pudo hacer el PDF: {engine}."),
    busy_reading: "Ahora se están leyendo otras listas de clientes. Vuelva a intentarlo en un momento.",
    busy_runs: |n| {
        format!(
            "Ya hay {n} grupos en preparación o esperando su descarga. \
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
    not_found_title: "No encontrada",
    not_found_heading: "No hay tal lección",
    not_found_link: "Ver todas las lecciones",
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
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn asking(pairs: &[(header::HeaderName, &str)]) -> Language {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        Words::for_request(&h).language
    }

    #[test]
    fn every_library_topic_has_a_heading_in_every_language() {
        for w in OFFERED.map(Words::of) {
            for topic in crate::lesson::TOPICS {
                assert!(
                    w.gallery_topics.iter().any(|(t, _)| t == topic),
                    "{topic} has no heading in {}",
                    w.language
                );
            }
            assert_eq!(w.gallery_topics.len(), crate::lesson::TOPICS.len());
        }
        assert_eq!(ES.topic("substance use"), "Consumo de sustancias");
        assert_eq!(ES.topic("grief and loss"), "Grief and loss");
    }

    #[test]
    fn the_cookie_wins_then_the_browsers_order_then_english() {
        assert_eq!(asking(&[]), Language::En);
        assert_eq!(
            asking(&[(header::ACCEPT_LANGUAGE, "es-MX,es;q=0.9,en;q=0.8")]),
            Language::Es
        );
        assert_eq!(
            asking(&[(header::ACCEPT_LANGUAGE, "fr-FR, en;q=0.5, es;q=0.7")]),
            Language::Es
        );
        assert_eq!(
            asking(&[(header::ACCEPT_LANGUAGE, "fr, es;q=0, en;q=0.2")]),
            Language::En
        );
        assert_eq!(
            asking(&[
                (header::ACCEPT_LANGUAGE, "es"),
                (header::COOKIE, "theme=dark; ui=en")
            ]),
            Language::En
        );
        assert_eq!(
            asking(&[(header::COOKIE, "ui=es"), (header::ACCEPT_LANGUAGE, "en")]),
            Language::Es
        );
        // A cookie for a language the app doesn't speak is passed over.
        assert_eq!(
            asking(&[(header::COOKIE, "ui=ko"), (header::ACCEPT_LANGUAGE, "es")]),
            Language::Es
        );
    }
}
