//! Printed words that are not in a lesson file: field labels, default section
//! titles, page numbers, dates and the default safety notice, in each language
//! a lesson can be written in.

use std::fmt;

/// The language a lesson is written in; it picks the printed labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Language {
    #[default]
    En,
    Es,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Es];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }

    /// A language as people write it, in a lesson's `language` or a
    /// roster's column: a code in any case (`EN`, `es`), a tag with a region
    /// (`es-US`, `en_GB`), or the language's name in English or in itself
    /// (`Spanish`, `español`, `English`).
    pub fn parse(written: &str) -> Option<Language> {
        let w = written.trim().to_lowercase();
        let primary = w.split(['-', '_']).next().unwrap_or("").trim();
        match primary {
            "en" | "eng" | "english" | "inglés" | "ingles" => Some(Language::En),
            "es" | "spa" | "spanish" | "español" | "espanol" | "castellano" => Some(Language::Es),
            _ => None,
        }
    }

    pub fn labels(self) -> &'static Labels {
        match self {
            Language::En => &EN,
            Language::Es => &ES,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Everything printed in a given language that the lesson doesn't supply.
#[derive(Debug)]
pub struct Labels {
    pub name: &'static str,
    pub date: &'static str,
    pub clinician: &'static str,
    /// `Page {n} of {m}`
    page: (&'static str, &'static str),
    /// `Day {n}`
    day: &'static str,
    months: [&'static str; 12],
    /// Long date pattern; `{d}`, `{month}` and `{y}` are filled in.
    date_pattern: &'static str,
    pub summary: &'static str,
    pub safety: &'static str,
    pub terms: &'static str,
    pub checklist: &'static str,
    pub checklist_intro: &'static str,
    pub steps: &'static str,
    pub scenarios: &'static str,
    pub plan: &'static str,
    pub tracker: &'static str,
    /// Header of the tracker's first column (the row labels).
    pub tracker_corner: &'static str,
    /// The table of contents' heading.
    pub contents: &'static str,
    /// The box of QR codes for a lesson's links, and how to use them.
    pub resources: &'static str,
    pub resources_intro: &'static str,
    /// Markdown, with `{{988}}`-style placeholders for the help lines
    /// ([`crate::help`]); printed when a lesson has no `safety` of its own.
    pub safety_notice: &'static str,
    /// The short crisis line in every footer, unless the lesson sets
    /// `crisis`: placeholders for the help lines' footers.
    pub crisis_line: &'static str,
}

impl Labels {
    pub fn page_of(&self, n: usize, m: usize) -> String {
        format!("{} {n} {} {m}", self.page.0, self.page.1)
    }

    pub fn day(&self, n: usize) -> String {
        format!("{} {n}", self.day)
    }

    /// A date as people write it: "November 22, 2026", "22 de noviembre de 2026".
    pub fn long_date(&self, date: time::Date) -> String {
        let month = self.months[usize::from(u8::from(date.month())) - 1];
        self.date_pattern
            .replace("{d}", &date.day().to_string())
            .replace("{month}", month)
            .replace("{y}", &date.year().to_string())
    }
}

static EN: Labels = Labels {
    name: "Name",
    date: "Date",
    clinician: "Clinician",
    page: ("Page", "of"),
    day: "Day",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    date_pattern: "{month} {d}, {y}",
    summary: "What this is about",
    safety: "Your safety comes first",
    terms: "Key words",
    checklist: "What do you notice?",
    checklist_intro: "Check any that apply:",
    steps: "Practice steps",
    scenarios: "Practice scenarios",
    plan: "My plan",
    tracker: "My tracker",
    tracker_corner: "Day",
    contents: "Contents",
    resources: "Resources",
    resources_intro: "Scan with a phone camera to open:",
    safety_notice: "This worksheet is for learning and practice. It is not a diagnosis or a \
treatment plan, and it does not take the place of care from your own health care team.\n\n\
{{911}}\n\n{{988}}",
    crisis_line: "{{988.footer}} · {{911.footer}}",
};

static ES: Labels = Labels {
    name: "Nombre",
    date: "Fecha",
    clinician: "Profesional",
    page: ("Página", "de"),
    day: "Día",
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    date_pattern: "{d} de {month} de {y}",
    summary: "De qué se trata",
    safety: "Su seguridad es lo primero",
    terms: "Palabras clave",
    checklist: "¿Qué nota en usted?",
    checklist_intro: "Marque las que le apliquen:",
    steps: "Pasos para practicar",
    scenarios: "Situaciones para practicar",
    plan: "Mi plan",
    tracker: "Mi registro",
    tracker_corner: "Día",
    contents: "Contenido",
    resources: "Recursos",
    resources_intro: "Escanee con la cámara del teléfono para abrir:",
    safety_notice: "Esta hoja es para aprender y practicar. No es un diagnóstico ni un plan de \
tratamiento, y no reemplaza la atención de su propio equipo de salud.\n\n\
{{911}}\n\n{{988}}",
    crisis_line: "{{988.footer}} · {{911.footer}}",
};

#[cfg(test)]
mod tests {
    use super::*;
    use time::{Date, Month};

    #[test]
    fn long_dates_in_each_language() {
        let d = Date::from_calendar_date(2026, Month::November, 22).unwrap();
        assert_eq!(Language::En.labels().long_date(d), "November 22, 2026");
        assert_eq!(
            Language::Es.labels().long_date(d),
            "22 de noviembre de 2026"
        );
    }

    #[test]
    fn languages_as_people_write_them() {
        for (written, lang) in [
            ("en", Language::En),
            ("EN", Language::En),
            ("English", Language::En),
            ("en-US", Language::En),
            ("es", Language::Es),
            ("es-US", Language::Es),
            ("es_MX", Language::Es),
            ("Spanish", Language::Es),
            ("español", Language::Es),
            ("Español", Language::Es),
            (" espanol ", Language::Es),
        ] {
            assert_eq!(Language::parse(written), Some(lang), "{written}");
        }
        for bad in ["fr", "", "Klingon", "e"] {
            assert_eq!(Language::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn page_numbers_and_days() {
        assert_eq!(Language::En.labels().page_of(2, 5), "Page 2 of 5");
        assert_eq!(Language::Es.labels().page_of(2, 5), "Página 2 de 5");
        assert_eq!(Language::Es.labels().day(3), "Día 3");
    }

    #[test]
    fn every_notice_names_911_and_988() {
        for lang in Language::ALL {
            for text in [
                crate::help::safety_notice(lang),
                crate::help::crisis_line(lang),
            ] {
                assert!(
                    text.contains("911") && text.contains("988"),
                    "{lang}: {text}"
                );
            }
        }
    }
}
