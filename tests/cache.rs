//! What a [`Cache`] remembers between documents never names a client: its
//! keys say which work was done, not for whom (the rule in `src/cache.rs`).

use handout::cache::Cache;
use handout::fonts::FontBook;
use handout::layout::{self, Cover, Options, Paper, Spec};
use handout::library::find_builtin;
use handout::pdf::{self, PdfOptions};
use handout::worksheet::{Header, Worksheet, personalize};

/// Details no lesson prints, so that finding one in a key can only mean it
/// came from the header.
const NAMES: [&str; 3] = [
    "Zephyrine Quillborough",
    // Letters the lesson never prints: they go in a subset of their own.
    "Zoë Œlberg-Vantwisk",
    // Shaped text, from another face.
    "अनीता शर्मा",
];
const CLINICIAN: &str = "Dr. Oriel Marchbanks";
const FACILITY: &str = "Harrowgate Lantern House";
const DATE: &str = "February 17, 2031";

fn worksheet(id: &str, name: &str, facility: Option<&str>) -> Worksheet {
    let b = find_builtin(id, None).unwrap();
    let (lesson, _) = handout::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
    let header = Header {
        name: Some(name.into()),
        date: Some(DATE.into()),
        clinician: Some(CLINICIAN.into()),
        facility: facility.map(String::from),
    };
    personalize(&lesson, None, header)
}

/// Every text a client's details could show as in a key: each name whole,
/// and each of its words long enough not to be a word of a lesson.
fn secrets() -> Vec<&'static str> {
    let mut out = vec![CLINICIAN, FACILITY, DATE, "Marchbanks", "Harrowgate"];
    for name in NAMES {
        out.push(name);
        out.extend(name.split([' ', '-']).filter(|w| w.chars().count() > 3));
    }
    out
}

#[test]
fn every_key_is_free_of_client_details() {
    let cache = Cache::new();
    let book = FontBook::global();
    // Single worksheets through the library's front door, plain and
    // fillable, at two sizes, each client twice (the second from the cache).
    for (k, name) in NAMES.iter().enumerate() {
        let ws = worksheet("compassion-in-recovery", name, None);
        let fillable = k % 2 == 1;
        let pdf_opts = PdfOptions {
            fillable,
            ..PdfOptions::default()
        };
        for paper in [Paper::Letter, Paper::A4] {
            let opts = Options {
                paper,
                ..Options::default()
            };
            for _ in 0..2 {
                let rendered = handout::render(&ws, &opts, &pdf_opts, &cache).unwrap();
                assert!(rendered.pages > 1);
            }
        }
    }
    // A facility's packet: a cover and two lessons, the facility's name
    // on the cover and atop each lesson, plain and fillable.
    for (k, name) in NAMES.iter().enumerate() {
        let worksheets = [
            worksheet("compassion-in-recovery", name, Some(FACILITY)),
            worksheet("calming-the-body", name, Some(FACILITY)),
        ];
        let spec = Spec {
            title: "Welcome packet".into(),
            cover: Some(Cover {
                title: "Welcome packet".into(),
                header: worksheets[0].header.clone(),
            }),
            contents: true,
            crisis: worksheets[0].lesson.crisis.clone(),
            worksheets: &worksheets,
        };
        let doc = layout::layout_document(&spec, &Options::default(), book, &cache).unwrap();
        let opts = PdfOptions {
            fillable: k == 0,
            ..PdfOptions::default()
        };
        let bytes = pdf::render(&doc, &opts, &cache).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
    }

    let keys = cache.keys();
    assert!(
        !keys.is_empty(),
        "the cache kept nothing: nothing was tested"
    );
    // The riskiest kind is there: subsets, keyed by the characters cut.
    assert!(
        keys.iter().any(|k| k.starts_with("SubsetKey")),
        "no subset among the keys: {keys:#?}"
    );
    for key in &keys {
        for secret in secrets() {
            let kind = key.split(['(', ' ', '{']).next().unwrap_or_default();
            assert!(
                !key.contains(secret),
                "a cache key of kind {kind} holds a client's detail ({secret:?})"
            );
        }
    }
}
