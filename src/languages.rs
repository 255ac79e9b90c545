//! The language a client reads, as a roster names it: one of the nine
//! handout prints ([`Language`], with labels and perhaps lesson editions),
//! or another real language ([`Known`], from the ISO 639 table in
//! `languages/table.rs`) that prints in a fallback edition. Anything else
//! (`xx`, `Spansih`, `12`) is no language at all, and [`suggest`] offers
//! the nearest name.

use std::fmt;

use crate::labels::Language;

mod table;

/// A real language: its ISO 639 code (two letters where ISO 639-1 has one),
/// its other codes, its English name and other names people write for it.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Known {
    pub code: &'static str,
    pub codes: &'static [&'static str],
    pub name: &'static str,
    pub names: &'static [&'static str],
}

/// The language a roster row asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Asked {
    /// One handout prints labels in; a lesson may have an edition in it.
    Printed(Language),
    /// A real language handout has no labels for: it always prints in a
    /// fallback edition.
    Other(&'static Known),
}

impl Asked {
    /// A language as people write it: a code in any case, with or without a
    /// region (`so`, `SOM`, `pt-BR`), or its name in English or in itself
    /// (`Somali`, `Soomaali`, `Haitian Creole`). The nine printed languages
    /// are read as [`Language::parse`] reads them, and Chinese by its
    /// script's name too (`Chinese (Traditional)`); Mandarin reads as Chinese
    /// in simplified characters and Cantonese in traditional ones (the
    /// characters each is most often read in, in the US).
    pub fn parse(written: &str) -> Option<Asked> {
        let w = written.trim().to_lowercase();
        // Exports spell the script out: `Chinese (Traditional)`, `Chinese -
        // Traditional`, `Simplified Chinese`.
        if w.contains("chinese") {
            if w.contains("traditional") {
                return Some(Asked::Printed(Language::ZhHant));
            } else if w.contains("simplified") {
                return Some(Asked::Printed(Language::ZhHans));
            }
        }
        if let Some(l) = Language::parse(written) {
            return Some(Asked::Printed(l));
        }
        let primary = w.split(['-', '_']).next().unwrap_or("").trim();
        // `NA` in a spreadsheet means "not available", not Nauruan (`nau`).
        if primary == "na" {
            return None;
        }
        let known = table::KNOWN
            .iter()
            .find(|k| k.code == primary || k.codes.contains(&primary))
            .or_else(|| {
                // Compared a character at a time: a big roster asks often.
                let same = |n: &str| n.chars().flat_map(char::to_lowercase).eq(w.chars());
                table::KNOWN
                    .iter()
                    .find(|k| same(k.name) || k.names.iter().any(|n| same(n)))
            })?;
        Some(match known.code {
            "cmn" => Asked::Printed(Language::ZhHans),
            "yue" => Asked::Printed(Language::ZhHant),
            code => Language::parse(code).map_or(Asked::Other(known), Asked::Printed),
        })
    }

    /// Its code: `es`, `zh-Hant`, `so`, `ase`.
    pub fn code(self) -> &'static str {
        match self {
            Asked::Printed(l) => l.code(),
            Asked::Other(k) => k.code,
        }
    }

    /// Its name in English.
    pub fn name(self) -> &'static str {
        match self {
            Asked::Printed(l) => english_name(l),
            Asked::Other(k) => k.name,
        }
    }

    /// The printed language it is, if it is one.
    pub fn printed(self) -> Option<Language> {
        match self {
            Asked::Printed(l) => Some(l),
            Asked::Other(_) => None,
        }
    }
}

/// `Somali (so)`.
impl fmt::Display for Asked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.code())
    }
}

/// Whether a language cell says there is no answer, as health-record
/// exports write it (`Unknown`, `Declined`, `Other`, `N/A`, `-`): read as
/// an empty cell, so the client gets the lesson's default edition, rather
/// than as a language that isn't one.
pub fn says_none(written: &str) -> bool {
    const NONE: &[&str] = &[
        "unknown",
        "unk",
        "declined",
        "decline",
        "declined to answer",
        "declined to specify",
        "patient declined",
        "refused",
        "other",
        "none",
        "n/a",
        "na",
        "not specified",
        "unspecified",
        "not reported",
        "not recorded",
        "not available",
        "prefer not to say",
        "null",
        "-",
        "--",
        "?",
    ];
    let w = written.trim().trim_end_matches('.').trim().to_lowercase();
    NONE.contains(&w.as_str())
}

/// A printed language's name in English.
pub fn english_name(l: Language) -> &'static str {
    match l {
        Language::En => "English",
        Language::Es => "Spanish",
        Language::Vi => "Vietnamese",
        Language::ZhHans => "Simplified Chinese",
        Language::ZhHant => "Traditional Chinese",
        Language::Ko => "Korean",
        Language::Tl => "Tagalog",
        Language::Ru => "Russian",
        Language::Ar => "Arabic",
    }
}

/// The nine printed languages, for a hint: `English (en), Spanish (es), …`.
pub fn printed_list() -> String {
    Language::ALL
        .iter()
        .map(|&l| Asked::Printed(l).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The language name nearest to something that is no language, when one is
/// near enough to be a slip (`Spansih` → `Spanish`). Only names are
/// offered, never codes: two letters are near too many others.
pub fn suggest(written: &str) -> Option<&'static str> {
    let w = written.trim().to_lowercase();
    if w.chars().count() < 4 {
        return None;
    }
    let printed = Language::ALL.iter().map(|&l| english_name(l));
    let names: Vec<&'static str> = printed.chain(table::KNOWN.iter().map(|k| k.name)).collect();
    let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let refs: Vec<&str> = lower.iter().map(String::as_str).collect();
    let near = crate::read::closest(&w, &refs)?;
    refs.iter().position(|r| *r == near).map(|i| names[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(written: &str) -> Option<&'static str> {
        Asked::parse(written).map(Asked::code)
    }

    #[test]
    fn real_languages_read_by_code_and_name() {
        for (written, want) in [
            ("so", "so"),
            ("SOM", "so"),
            ("Somali", "so"),
            ("soomaali", "so"),
            ("PORTUGUÊS", "pt"),
            ("Amharic", "am"),
            ("Haitian Creole", "ht"),
            ("ht-HT", "ht"),
            ("fr", "fr"),
            ("Portuguese", "pt"),
            ("pt_BR", "pt"),
            ("Dari", "prs"),
            ("ASL", "ase"),
        ] {
            assert_eq!(code(written), Some(want), "{written}");
            assert!(
                Asked::parse(written).unwrap().printed().is_none(),
                "{written}"
            );
        }
        assert_eq!(Asked::parse("so").unwrap().to_string(), "Somali (so)");
    }

    #[test]
    fn printed_languages_stay_printed_however_written() {
        for (written, want) in [
            ("Spanish", Language::Es),
            ("spa", Language::Es),
            ("Castilian", Language::Es),
            ("Filipino", Language::Tl),
            ("Mandarin", Language::ZhHans),
            ("Cantonese", Language::ZhHant),
            ("zho", Language::ZhHans),
            ("Chinese (Traditional)", Language::ZhHant),
            ("Chinese - Traditional", Language::ZhHant),
            ("Simplified Chinese", Language::ZhHans),
        ] {
            assert_eq!(
                Asked::parse(written),
                Some(Asked::Printed(want)),
                "{written}"
            );
        }
        assert_eq!(Asked::Printed(Language::Es).to_string(), "Spanish (es)");
    }

    #[test]
    fn junk_is_no_language_with_a_suggestion_only_when_near() {
        for junk in ["xx", "Spansih", "12", "", "und", "mul", "NA"] {
            assert_eq!(Asked::parse(junk), None, "{junk}");
        }
        assert_eq!(suggest("Spansih"), Some("Spanish"));
        assert_eq!(suggest("somalli"), Some("Somali"));
        assert_eq!(suggest("xx"), None);
        assert_eq!(suggest("12"), None);
        assert_eq!(suggest("qwertyuiop"), None);
    }

    #[test]
    fn the_table_is_sorted_with_one_row_a_code() {
        for pair in table::KNOWN.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} {}",
                pair[0].code,
                pair[1].code
            );
        }
        assert!(table::KNOWN.len() > 400);
    }
}
