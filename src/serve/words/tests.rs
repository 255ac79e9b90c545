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
