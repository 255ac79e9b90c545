//! Roster CSV bytes: any input is read or rejected with diagnostics that
//! point into the file; never a panic.
#![no_main]

use handout::fonts::FontBook;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = time::Date::from_calendar_date(2026, time::Month::November, 22).unwrap();
    match handout::roster::load_bytes("f.csv", data, today, FontBook::global()) {
        Ok((roster, _)) => {
            for row in &roster.rows {
                assert!(!row.name.is_empty());
                // Every file name made from a row stays a plain name.
                let stem = handout::batch::file_stem(row.id.as_deref(), &row.name);
                assert!(!stem.is_empty() && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
            }
        }
        Err(diags) => {
            for d in diags.iter() {
                let _ = d.render(false);
            }
        }
    }
});
