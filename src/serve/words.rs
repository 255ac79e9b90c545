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
