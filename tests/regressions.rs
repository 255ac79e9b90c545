//! Inputs the fuzzers found that once broke a rule, kept as they were found
//! (`tests/fixtures/fuzz/`, each named after what broke). Every one must
//! now lay out at every size with every rule kept, and print.

mod common;

use std::path::Path;

use common::print_sizes;
use handout::cache::Cache;
use handout::fonts::FontBook;
use handout::layout::{self, Theme, invariants};
use handout::worksheet::{Header, personalize};

fn check(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let book = FontBook::global();
    let Ok((lesson, _)) = handout::lesson::load_bytes("f.toml", &bytes, "f", book) else {
        return; // rejected with diagnostics: fine
    };
    let header = Header {
        name: Some("Nguyễn Thị Hương".into()),
        ..Header::default()
    };
    let ws = personalize(&lesson, None, header);
    for opts in print_sizes() {
        if let Ok(doc) = layout::layout(&ws, &opts, book, &Cache::new()) {
            let mut broken = invariants::violations(&doc, &Theme::new(&opts));
            broken.extend(invariants::words_in_order(
                &doc,
                std::slice::from_ref(&ws),
                &opts,
            ));
            assert!(
                broken.is_empty(),
                "{} {opts:?}: {broken:#?}",
                path.display()
            );
            handout::pdf::render(&doc, &Default::default(), &Cache::new()).unwrap();
        }
    }
}

#[test]
fn every_input_the_fuzzers_found_now_prints_by_the_rules() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        check(&entry.unwrap().path());
        n += 1;
    }
    assert!(n >= 1);
}
