//! The machine's fonts: scanned the first time a character is in no
//! bundled face, a family chosen per character by preference, its face
//! loaded on first use; and the survey `handout fonts` prints.

use std::collections::HashMap;
use std::path::PathBuf;

use ttf_parser::Face;

use super::faces::{Loaded, drawn};
use super::{
    BUNDLED_FACES, FaceData, FamilyReport, FontBook, FontSettings, Origin, scan, style_index,
};
use crate::layout::metrics::FaceId;
use crate::text::{SCRIPT_SAMPLES, Style};

/// The machine's fonts, scanned the first time a character is not in the
/// bundled faces.
pub(super) struct Search {
    db: fontdb::Database,
    /// Family names in order of preference, each with its faces.
    families: Vec<Family>,
    /// Per script, the families that printed one of its characters
    /// already: tried first for the next one.
    hits: Vec<usize>,
    /// What was decided per style and character.
    chosen: HashMap<(u8, char), Option<FaceId>>,
    /// Faces loaded so far, by fontdb id.
    loaded: HashMap<fontdb::ID, FaceId>,
}

pub(super) struct Family {
    name: String,
    from_font_path: bool,
    /// (id, weight, italic) of each face.
    faces: Vec<(fontdb::ID, u16, bool)>,
    /// The Unicode blocks its regular face says it covers (OS/2), to skip
    /// reading it for a character it can't have; 0 when it doesn't say.
    ranges: u128,
}

/// Whether a face whose OS/2 table claims `ranges` may have `ch`: a font
/// that claims nothing, or a character in no block the table can name,
/// has to be looked at.
pub(super) fn may_cover(ranges: u128, ch: char) -> bool {
    let named = ttf_parser::UnicodeRanges(u128::MAX).contains_char(ch);
    ranges == 0 || !named || ttf_parser::UnicodeRanges(ranges).contains_char(ch)
}

impl Family {
    /// The face nearest `style`: upright before slanted when the slant
    /// differs, then the weight nearest 400 (regular) or 700 (bold).
    pub(super) fn face(&self, style: Style) -> fontdb::ID {
        let weight: i32 = if style.bold { 700 } else { 400 };
        self.faces
            .iter()
            .min_by_key(|f| (f.2 != style.italic, (i32::from(f.1) - weight).abs(), f.1))
            .map(|f| f.0)
            .expect("a family has a face")
    }
}

/// How much a family is preferred for text, smaller first: the folders the
/// user named before the system's; a plain family before a UI, display or
/// mono cut; sans serif (like the bundled faces) before serif; Noto (the
/// bundled fallback's family) before others; for Han characters,
/// Simplified Chinese forms first.
pub(super) fn preference(name: &str, from_font_path: bool) -> (u8, u8, u8, u8, u8, usize) {
    let lower = name.to_lowercase();
    let noto = u8::from(!lower.starts_with("noto"));
    let sans = u8::from(!lower.contains("sans"));
    let special = [
        "mono",
        " ui",
        "display",
        "looped",
        "condensed",
        "math",
        "symbol",
    ]
    .iter()
    .filter(|w| lower.contains(*w))
    .count() as u8;
    let cjk = [" sc", " tc", " hk", " jp", " kr"]
        .iter()
        .position(|s| lower.ends_with(s))
        .map_or(0, |p| p as u8);
    (
        u8::from(!from_font_path),
        special,
        sans,
        noto,
        cjk,
        name.len(),
    )
}

impl Search {
    pub(super) fn scan(settings: &FontSettings) -> Search {
        let mut db = fontdb::Database::new();
        let mut seen = std::collections::HashSet::new();
        for dir in &settings.paths {
            scan::load_dir(&mut db, dir, &mut seen);
        }
        let from_paths: std::collections::HashSet<fontdb::ID> = db.faces().map(|f| f.id).collect();
        if settings.system {
            for dir in scan::system_dirs() {
                scan::load_dir(&mut db, &dir, &mut seen);
            }
        }
        let mut by_name: HashMap<String, Family> = HashMap::new();
        for info in db.faces() {
            let Some((name, _)) = info.families.first() else {
                continue;
            };
            let family = by_name.entry(name.clone()).or_insert_with(|| Family {
                name: name.clone(),
                from_font_path: from_paths.contains(&info.id),
                faces: Vec::new(),
                ranges: 0,
            });
            family
                .faces
                .push((info.id, info.weight.0, info.style != fontdb::Style::Normal));
        }
        let mut families: Vec<Family> = by_name.into_values().collect();
        for family in &mut families {
            let id = family.face(Style::REGULAR);
            family.ranges = db
                .with_face_data(id, |data, index| {
                    Face::parse(data, index).map_or(0, |f| f.unicode_ranges().0)
                })
                .unwrap_or(0);
        }
        families.sort_by(|a, b| {
            preference(&a.name, a.from_font_path)
                .cmp(&preference(&b.name, b.from_font_path))
                .then_with(|| a.name.cmp(&b.name))
        });
        Search {
            db,
            families,
            hits: Vec::new(),
            chosen: HashMap::new(),
            loaded: HashMap::new(),
        }
    }

    /// Whether face `id` draws `ch` with an outline (a color bitmap font
    /// can't be embedded as text).
    pub(super) fn has(&self, id: fontdb::ID, ch: char) -> bool {
        self.db
            .with_face_data(id, |data, index| {
                Face::parse(data, index).is_ok_and(|f| {
                    drawn(&f, ch) && (f.tables().glyf.is_some() || f.tables().cff.is_some())
                })
            })
            .unwrap_or(false)
    }

    /// The family to print `ch` from, by its regular face.
    pub(super) fn family_for(&mut self, ch: char) -> Option<usize> {
        let covers = |s: &Search, i: usize| {
            let fam = &s.families[i];
            may_cover(fam.ranges, ch) && s.has(fam.face(Style::REGULAR), ch)
        };
        if let Some(&i) = self.hits.iter().find(|&&i| covers(self, i)) {
            return Some(i);
        }
        let i = (0..self.families.len()).find(|&i| covers(self, i))?;
        self.hits.push(i);
        Some(i)
    }
}

impl FontBook {
    /// A face found on the machine for `ch` in `style`, loading it on
    /// first use.
    pub(super) fn found_face(&self, style: Style, ch: char) -> Option<FaceId> {
        let mut guard = self.search.lock().ok()?;
        let search = guard.get_or_insert_with(|| Search::scan(&self.settings));
        let key = (style_index(style), ch);
        if let Some(&known) = search.chosen.get(&key) {
            return known;
        }
        let chosen = search.family_for(ch).and_then(|fam| {
            let family = &search.families[fam];
            let mut id = family.face(style);
            if !search.has(id, ch) {
                id = family.face(Style::REGULAR);
            }
            self.load(search, id)
        });
        search.chosen.insert(key, chosen);
        chosen
    }

    pub(super) fn load(&self, search: &mut Search, id: fontdb::ID) -> Option<FaceId> {
        if let Some(&face) = search.loaded.get(&id) {
            return Some(face);
        }
        let info = search.db.face(id)?;
        let fontdb::Source::File(path) = &info.source else {
            return None;
        };
        let mut found = self.found.write().ok()?;
        let number = u8::try_from(usize::from(BUNDLED_FACES) + found.len()).ok()?;
        let bytes: &'static [u8] = Vec::leak(std::fs::read(path).ok()?);
        let origin = if self.settings.paths.iter().any(|p| path.starts_with(p)) {
            Origin::FontPath(path.clone())
        } else {
            Origin::System(path.clone())
        };
        let loaded = Loaded::new(FaceData {
            name: info.post_script_name.clone(),
            family: info
                .families
                .first()
                .map(|f| f.0.clone())
                .unwrap_or_default(),
            bytes,
            index: info.index,
            origin,
        })?;
        found.push(Box::leak(Box::new(loaded)));
        search.loaded.insert(id, FaceId(number));
        Some(FaceId(number))
    }

    /// Every family this book can find, with the scripts each covers, for
    /// `handout fonts`. Scans the machine's fonts if not done yet.
    pub fn survey(&self) -> Vec<FamilyReport> {
        let mut out = vec![
            FamilyReport {
                family: "Atkinson Hyperlegible Next".into(),
                origin: Origin::Bundled,
                scripts: self.scripts_of(|c| self.bundled[0].has(c)),
            },
            FamilyReport {
                family: "Noto Sans".into(),
                origin: Origin::Bundled,
                scripts: self.scripts_of(|c| self.bundled[4].has(c)),
            },
        ];
        let Ok(mut guard) = self.search.lock() else {
            return out;
        };
        let search = guard.get_or_insert_with(|| Search::scan(&self.settings));
        for family in &search.families {
            let id = family.face(Style::REGULAR);
            let scripts = self.scripts_of(|c| search.has(id, c));
            let origin = match search.db.face(id).map(|f| &f.source) {
                Some(fontdb::Source::File(p)) if family.from_font_path => {
                    Origin::FontPath(p.clone())
                }
                Some(fontdb::Source::File(p)) => Origin::System(p.clone()),
                _ => Origin::System(PathBuf::new()),
            };
            out.push(FamilyReport {
                family: family.name.clone(),
                origin,
                scripts,
            });
        }
        out
    }

    pub(super) fn scripts_of(&self, has: impl Fn(char) -> bool) -> Vec<&'static str> {
        SCRIPT_SAMPLES
            .iter()
            .filter(|(_, sample, _)| sample.chars().all(&has))
            .map(|(script, _, _)| *script)
            .collect()
    }
}
