//! The whole pipeline from lesson bytes to PDF bytes: any input either is
//! rejected with located diagnostics or prints with every layout rule kept.
#![no_main]

use handout::fonts::FontBook;
use handout::layout::{self, LayoutError, Options, Paper, Theme, invariants};
use handout::worksheet::{Header, personalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let book = FontBook::global();
    let Ok((lesson, _)) = handout::lesson::load_bytes("f.toml", data, "f", book) else {
        return;
    };
    let header = Header {
        name: Some("Nguyễn Thị Hương".into()),
        ..Header::default()
    };
    let ws = personalize(&lesson, None, header);
    // Options from bits of the input, so every combination gets explored.
    let first = data.first().copied().unwrap_or(0);
    let large_print = first & 1 == 1;
    let qr = first & 2 == 0;
    let fillable = first & 4 == 4;
    let paper = if data.last().is_some_and(|b| b & 1 == 1) { Paper::A4 } else { Paper::Letter };
    let opts = Options { paper, large_print, qr };
    match layout::layout(&ws, &opts, book) {
        Ok(doc) => {
            let mut broken = invariants::violations(&doc, &Theme::new(&opts));
            broken.extend(invariants::words_in_order(&doc, std::slice::from_ref(&ws), &opts));
            assert!(broken.is_empty(), "{broken:#?}");
            let pdf_opts = handout::pdf::PdfOptions { fillable, ..Default::default() };
            let pdf = handout::pdf::render(&doc, &pdf_opts).expect("PDF");
            assert!(pdf.starts_with(b"%PDF"));
            // Tagged and, when asked, fillable: the file still reads back
            // with every page.
            let back = lopdf::Document::load_mem(&pdf).expect("the PDF reads back");
            assert_eq!(back.get_pages().len(), doc.pages.len());
        }
        Err(LayoutError::TrackerTooWide { .. } | LayoutError::TooTall { .. }) => {}
        Err(e) => panic!("unexpected layout error on a checked lesson: {e}"),
    }
});
