//! Fonts: the bundled faces, compiled into the binary, then the fonts found
//! on the machine.
//!
//! Atkinson Hyperlegible Next (made for readers with low vision) is the
//! face, Noto Sans the fallback for what it lacks (Vietnamese, Greek,
//! Cyrillic); both are under the SIL Open Font License, see `fonts/`. A
//! character neither has — a name in Arabic, Chinese, Hebrew, Hindi, Thai —
//! is looked for in the folders given with `--font-path` or
//! `HANDOUT_FONT_PATHS`, then in the system's fonts, and the face that
//! covers it is loaded then, not before: a Latin worksheet never scans the
//! disk.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use ttf_parser::Face;

use crate::kerning::{COMMON, PairKerning, common};

mod scan;

use crate::layout::metrics::{FaceId, Glyph, Metrics, Shaped};
use crate::text::{Coverage, Style};
pub use crate::text::{SCRIPT_SAMPLES, missing_hint};

/// Where a face came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    /// A folder given with `--font-path` or `HANDOUT_FONT_PATHS`.
    FontPath(PathBuf),
    System(PathBuf),
}

/// One face: its bytes, which face of a collection it is, and names.
#[derive(Debug)]
pub struct FaceData {
    /// The PostScript name, as the PDF names the font.
    pub name: String,
    pub family: String,
    pub bytes: &'static [u8],
    /// The face's number in a font collection (`.ttc`), else 0.
    pub index: u32,
    pub origin: Origin,
}

macro_rules! bundled {
    ($name:literal, $file:literal) => {
        (
            $name,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $file)).as_slice(),
        )
    };
}

/// The bundled faces by [`FaceId`]: 0–3 the main family (regular, bold,
/// italic, bold italic), 4–7 the fallback family in the same order. Faces
/// found on the machine are numbered from 8 on, as they are first used.
static BUNDLED: [(&str, &[u8]); 8] = [
    bundled!(
        "AtkinsonHyperlegibleNext-Regular",
        "AtkinsonHyperlegibleNext_400Regular.ttf"
    ),
    bundled!(
        "AtkinsonHyperlegibleNext-Bold",
        "AtkinsonHyperlegibleNext_700Bold.ttf"
    ),
    bundled!(
        "AtkinsonHyperlegibleNext-Italic",
        "AtkinsonHyperlegibleNext_400Regular_Italic.ttf"
    ),
    bundled!(
        "AtkinsonHyperlegibleNext-BoldItalic",
        "AtkinsonHyperlegibleNext_700Bold_Italic.ttf"
    ),
    bundled!("NotoSans-Regular", "NotoSans-Regular.ttf"),
    bundled!("NotoSans-Bold", "NotoSans-Bold.ttf"),
    bundled!("NotoSans-Italic", "NotoSans-Italic.ttf"),
    bundled!("NotoSans-BoldItalic", "NotoSans-BoldItalic.ttf"),
];

const FALLBACK: u8 = 4;
const BUNDLED_FACES: u8 = 8;

fn style_index(style: Style) -> u8 {
    u8::from(style.bold) + 2 * u8::from(style.italic)
}

/// Where to look for fonts beyond the bundled ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSettings {
    /// Folders searched first, in order (`--font-path`,
    /// `HANDOUT_FONT_PATHS`).
    pub paths: Vec<PathBuf>,
    /// Whether the system's font folders are searched too.
    pub system: bool,
}

impl Default for FontSettings {
    fn default() -> Self {
        FontSettings {
            paths: Vec::new(),
            system: true,
        }
    }
}

static SETTINGS: OnceLock<FontSettings> = OnceLock::new();

/// Set where the process's font book looks for fonts. Call it before the
/// first document is read; later calls change nothing.
pub fn configure(settings: FontSettings) {
    let _ = SETTINGS.set(settings);
}

/// A face parsed for measuring and shaping.
pub struct Loaded {
    pub data: FaceData,
    face: Face<'static>,
    units_per_em: f32,
    /// The shaper's view of the face, made when first needed.
    shaper: OnceLock<rustybuzz::Face<'static>>,
    /// Kerning without the shaper, for a face whose only positioning of
    /// unaccented letters is pair kerning (see [`Loaded::plain_kerning`]).
    kerning: Option<Kerning>,
}

/// A face's pair kerning (see [`crate::kerning`]): for text with no marks
/// in such a face it is all the shaper would do, at a fraction of the cost.
struct Kerning {
    pairs: PairKerning<'static>,
    /// Its kerned pairs of common characters, tabled when the program was
    /// built (`build.rs`).
    common: &'static [(u32, i16)],
}

mod tables {
    include!(concat!(env!("OUT_DIR"), "/common_kerns.rs"));
}

impl Loaded {
    fn new(data: FaceData) -> Option<Loaded> {
        let face = Face::parse(data.bytes, data.index).ok()?;
        let units_per_em = f32::from(face.units_per_em());
        Some(Loaded {
            data,
            face,
            units_per_em,
            shaper: OnceLock::new(),
            kerning: None,
        })
    }

    /// With the pair kerning of bundled main face number `i`.
    fn with_plain_kerning(mut self, i: usize) -> Loaded {
        self.kerning = PairKerning::of(&self.face).map(|pairs| Kerning {
            pairs,
            common: tables::COMMON_KERNS[i],
        });
        self
    }

    /// Kerning between characters `a` and `b` in ems, for a face with
    /// plain kerning.
    fn kern(&self, a: char, b: char) -> f32 {
        let Some(k) = &self.kerning else {
            return 0.0;
        };
        let units = match (common(a), common(b)) {
            (Some(x), Some(y)) => {
                let key = (x * COMMON + y) as u32;
                k.common
                    .binary_search_by_key(&key, |&(pair, _)| pair)
                    .map_or(0, |i| k.common[i].1)
            }
            _ => match (self.face.glyph_index(a), self.face.glyph_index(b)) {
                (Some(ga), Some(gb)) => k.pairs.get(ga, gb),
                _ => 0,
            },
        };
        f32::from(units) / self.units_per_em
    }

    fn shaper(&self) -> &rustybuzz::Face<'static> {
        self.shaper
            .get_or_init(|| rustybuzz::Face::from_face(self.face.clone()))
    }

    fn has(&self, ch: char) -> bool {
        drawn(&self.face, ch)
    }

    fn advance(&self, ch: char) -> f32 {
        self.face
            .glyph_index(ch)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(0.0, |a| f32::from(a) / self.units_per_em)
    }
}

/// Whether `face` has a glyph of its own for `ch`: glyph 0 is `.notdef`,
/// the box a font draws for what it lacks, so a character mapped to it is
/// one the font doesn't cover, whatever its table says.
fn drawn(face: &Face, ch: char) -> bool {
    face.glyph_index(ch).is_some_and(|g| g.0 != 0)
}

/// The process's fonts: the bundled faces, and those found on the machine
/// as text needs them. Shared by every document in the process.
pub struct FontBook {
    bundled: Vec<Loaded>,
    /// Advance widths in ems, per bundled face, for the characters most
    /// text uses.
    ascii: Vec<[f32; 128]>,
    /// Which face draws each Latin-1 character, per style: most text is
    /// Latin-1, and a table beats a cmap search for every letter.
    latin1: [[Option<FaceId>; 256]; 4],
    settings: FontSettings,
    /// Faces loaded from the machine, numbered from 8 on. Never removed:
    /// a [`FaceId`] stays valid for the life of the process.
    found: RwLock<Vec<&'static Loaded>>,
    search: Mutex<Option<Search>>,
    /// Shaping plans by face, script and direction: making one reads the
    /// font's layout tables, so it is done once.
    plans: Mutex<HashMap<PlanKey, Arc<rustybuzz::ShapePlan>>>,
    /// Tells this book from any other made in the process, for
    /// [`Metrics::memo_key`].
    id: u64,
}

/// A shaping plan's face, script and direction (true: right to left).
type PlanKey = (FaceId, Option<ttf_parser::Tag>, bool);

/// Words shaped on this thread, by face: a lesson repeats its words, and
/// a batch prints the same lesson again and again.
type WordCache = HashMap<(FaceId, Box<str>), Shaped>;
thread_local! {
    static WORDS: std::cell::RefCell<WordCache> = std::cell::RefCell::new(HashMap::new());
}
const WORDS_KEPT: usize = 8192;

/// Whether this thread's word cache holds `word` (alone or with the
/// punctuation shaped with it), in any face.
#[cfg(test)]
pub(crate) fn word_is_kept(word: &str) -> bool {
    WORDS.with(|w| w.borrow().keys().any(|(_, t)| t.contains(word)))
}

/// The machine's fonts, scanned the first time a character is not in the
/// bundled faces.
struct Search {
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

struct Family {
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
fn may_cover(ranges: u128, ch: char) -> bool {
    let named = ttf_parser::UnicodeRanges(u128::MAX).contains_char(ch);
    ranges == 0 || !named || ttf_parser::UnicodeRanges(ranges).contains_char(ch)
}

impl Family {
    /// The face nearest `style`: upright before slanted when the slant
    /// differs, then the weight nearest 400 (regular) or 700 (bold).
    fn face(&self, style: Style) -> fontdb::ID {
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
fn preference(name: &str, from_font_path: bool) -> (u8, u8, u8, u8, u8, usize) {
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
    fn scan(settings: &FontSettings) -> Search {
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
    fn has(&self, id: fontdb::ID, ch: char) -> bool {
        self.db
            .with_face_data(id, |data, index| {
                Face::parse(data, index).is_ok_and(|f| {
                    drawn(&f, ch) && (f.tables().glyf.is_some() || f.tables().cff.is_some())
                })
            })
            .unwrap_or(false)
    }

    /// The family to print `ch` from, by its regular face.
    fn family_for(&mut self, ch: char) -> Option<usize> {
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
    /// The process's font book: the bundled fonts, parsed once, and the
    /// machine's fonts as [`configure`] says.
    pub fn global() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| FontBook::new(SETTINGS.get().cloned().unwrap_or_default()))
    }

    /// A font book of its own, for tests that must not see the machine's
    /// fonts.
    pub fn new(settings: FontSettings) -> FontBook {
        let bundled: Vec<Loaded> = BUNDLED
            .iter()
            .enumerate()
            .map(|(i, &(name, bytes))| {
                Loaded::new(FaceData {
                    name: name.to_string(),
                    family: if name.starts_with("Atkinson") {
                        "Atkinson Hyperlegible Next"
                    } else {
                        "Noto Sans"
                    }
                    .to_string(),
                    bytes,
                    index: 0,
                    origin: Origin::Bundled,
                })
                .map(|l| if i < 4 { l.with_plain_kerning(i) } else { l })
                .expect("bundled fonts are valid")
            })
            .collect();
        let ascii = bundled
            .iter()
            .map(|face| {
                let mut table = [0.0; 128];
                for (c, w) in table.iter_mut().enumerate() {
                    *w = face.advance(char::from(c as u8));
                }
                table
            })
            .collect();
        let mut book = FontBook {
            bundled,
            ascii,
            latin1: [[None; 256]; 4],
            settings,
            found: RwLock::new(Vec::new()),
            search: Mutex::new(None),
            plans: Mutex::new(HashMap::new()),
            id: {
                static BOOKS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                BOOKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        };
        for style in 0..4u8 {
            for c in 0..=255u8 {
                book.latin1[usize::from(style)][usize::from(c)] =
                    book.bundled_face(style, char::from(c));
            }
        }
        book
    }

    /// A face of this book.
    pub fn loaded(&self, face: FaceId) -> Option<&Loaded> {
        if face.0 < BUNDLED_FACES {
            return self.bundled.get(usize::from(face.0));
        }
        let found = self.found.read().ok()?;
        found.get(usize::from(face.0 - BUNDLED_FACES)).copied()
    }

    /// [`Metrics::shape`], with the word kept for the next time (`keep`) or
    /// not (a client's name).
    fn shape_with(&self, face: FaceId, text: &str, keep: bool) -> Option<Shaped> {
        let loaded = self.loaded(face)?;
        if loaded.kerning.is_some()
            && text
                .chars()
                .all(|c| u32::from(c) < 0x300 || !unicode_normalization::char::is_combining_mark(c))
        {
            return None;
        }
        if !keep {
            return Some(self.shape_now(face, loaded, text));
        }
        let cached = WORDS.with(|w| w.borrow().get(&(face, text.into())).cloned());
        if let Some(s) = cached {
            return Some(s);
        }
        let shaped = self.shape_now(face, loaded, text);
        WORDS.with(|w| {
            let mut w = w.borrow_mut();
            if w.len() >= WORDS_KEPT {
                w.clear();
            }
            w.insert((face, text.into()), shaped.clone());
        });
        Some(shaped)
    }

    /// `text` shaped in `face`, glyphs in visual order.
    fn shape_now(&self, face: FaceId, loaded: &Loaded, text: &str) -> Shaped {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let direction = buffer.direction();
        let rtl = direction == rustybuzz::Direction::RightToLeft;
        let script = buffer.script();
        let key = (face, Some(script.tag()), rtl);
        let plan = {
            let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
            plans
                .entry(key)
                .or_insert_with(|| {
                    Arc::new(rustybuzz::ShapePlan::new(
                        loaded.shaper(),
                        direction,
                        Some(script),
                        None,
                        &[],
                    ))
                })
                .clone()
        };
        let out = rustybuzz::shape_with_plan(loaded.shaper(), &plan, buffer);
        let em = loaded.units_per_em;
        let glyphs = out
            .glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(info, pos)| Glyph {
                id: info.glyph_id as u16,
                cluster: info.cluster,
                advance: pos.x_advance as f32 / em,
                dx: pos.x_offset as f32 / em,
                dy: pos.y_offset as f32 / em,
            })
            .collect();
        Shaped { glyphs }
    }

    /// The bundled face for `ch` in style number `i`.
    fn bundled_face(&self, i: u8, ch: char) -> Option<FaceId> {
        if self.bundled[usize::from(i)].has(ch) {
            Some(FaceId(i))
        } else if self.bundled[usize::from(FALLBACK + i)].has(ch) {
            Some(FaceId(FALLBACK + i))
        } else {
            None
        }
    }

    /// A face found on the machine for `ch` in `style`, loading it on
    /// first use.
    fn found_face(&self, style: Style, ch: char) -> Option<FaceId> {
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

    fn load(&self, search: &mut Search, id: fontdb::ID) -> Option<FaceId> {
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

    fn scripts_of(&self, has: impl Fn(char) -> bool) -> Vec<&'static str> {
        SCRIPT_SAMPLES
            .iter()
            .filter(|(_, sample, _)| sample.chars().all(&has))
            .map(|(script, _, _)| *script)
            .collect()
    }
}

/// One family in `handout fonts`.
#[derive(Debug)]
pub struct FamilyReport {
    pub family: String,
    pub origin: Origin,
    pub scripts: Vec<&'static str>,
}

impl Coverage for FontBook {
    fn covers(&self, style: Style, ch: char) -> bool {
        self.face_for(style, ch).is_some()
    }
}

impl Metrics for FontBook {
    fn memo_key(&self) -> Option<u64> {
        Some(self.id)
    }

    fn face_for(&self, style: Style, ch: char) -> Option<FaceId> {
        let i = style_index(style);
        match u8::try_from(u32::from(ch)) {
            Ok(c) => self.latin1[usize::from(i)][usize::from(c)],
            Err(_) => self
                .bundled_face(i, ch)
                .or_else(|| self.found_face(style, ch)),
        }
    }

    fn face_for_word(&self, style: Style, word: &str) -> Option<FaceId> {
        let i = style_index(style);
        // Most words: Latin-1 letters all in the main face, which the
        // table answers without a cmap search.
        let table = &self.latin1[usize::from(i)];
        if word
            .chars()
            .all(|c| u32::from(c) < 256 && table[c as usize] == Some(FaceId(i)))
        {
            return Some(FaceId(i));
        }
        [i, FALLBACK + i]
            .into_iter()
            .find(|&f| word.chars().all(|c| self.bundled[usize::from(f)].has(c)))
            .map(FaceId)
            .or_else(|| {
                // A face found on the machine for the word's first letter
                // that has the rest too (an Arabic name all from one face).
                let first = word.chars().find(|c| self.bundled_face(i, *c).is_none())?;
                let face = self.found_face(style, first)?;
                let loaded = self.loaded(face)?;
                word.chars().all(|c| loaded.has(c)).then_some(face)
            })
    }

    fn shape(&self, face: FaceId, text: &str) -> Option<Shaped> {
        self.shape_with(face, text, true)
    }

    fn shape_unkept(&self, face: FaceId, text: &str) -> Option<Shaped> {
        self.shape_with(face, text, false)
    }

    fn kern(&self, face: FaceId, a: char, b: char) -> f32 {
        self.loaded(face).map_or(0.0, |l| l.kern(a, b))
    }

    fn glyph(&self, face: FaceId, ch: char) -> u16 {
        self.loaded(face)
            .and_then(|l| l.face.glyph_index(ch))
            .map_or(0, |g| g.0)
    }

    fn has(&self, face: FaceId, ch: char) -> bool {
        self.loaded(face).is_some_and(|l| l.has(ch))
    }

    fn advance(&self, face: FaceId, ch: char) -> f32 {
        let f = usize::from(face.0);
        if face.0 < BUNDLED_FACES {
            if ch.is_ascii() {
                self.ascii[f][ch as usize]
            } else {
                self.bundled[f].advance(ch)
            }
        } else {
            self.loaded(face).map_or(0.0, |l| l.advance(ch))
        }
    }
}

/// The face `id` of the process's font book, for the PDF writer.
pub fn face_data(id: FaceId) -> Option<&'static FaceData> {
    FontBook::global().loaded(id).map(|l| &l.data)
}
#[cfg(test)]
mod tests {
    use super::*;

    fn bundled_only() -> FontBook {
        FontBook::new(FontSettings {
            paths: Vec::new(),
            system: false,
        })
    }

    /// A folder with one font from the machine's, when the machine has it.
    fn folder_with(font: &str) -> Option<tempfile::TempDir> {
        let src = std::path::Path::new(font);
        if !src.exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "{font} is missing; .ci/run installs it"
            );
            eprintln!("SKIPPED: {font} is not installed");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(src, dir.path().join(src.file_name().unwrap())).unwrap();
        Some(dir)
    }

    #[test]
    fn a_font_path_folder_prints_what_the_bundled_faces_lack() {
        let Some(dir) = folder_with("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf")
        else {
            return;
        };
        let book = FontBook::new(FontSettings {
            paths: vec![dir.path().to_path_buf()],
            system: false,
        });
        let face = book
            .face_for(Style::REGULAR, 'م')
            .expect("Arabic from the folder");
        assert!(face.0 >= 8);
        let data = &book.loaded(face).unwrap().data;
        assert_eq!(data.family, "Noto Sans Arabic");
        assert!(matches!(data.origin, Origin::FontPath(_)));
        assert!(book.advance(face, 'م') > 0.0);
        // The whole name from that one face; the same face when asked again.
        assert_eq!(book.face_for_word(Style::REGULAR, "محمد"), Some(face));
        assert_eq!(book.face_for(Style::BOLD, 'ح'), Some(face));
        // Still nothing for Chinese: the folder has no such font.
        assert_eq!(book.face_for(Style::REGULAR, '中'), None);
        // The survey lists it with its script.
        let survey = book.survey();
        let arabic = survey
            .iter()
            .find(|f| f.family == "Noto Sans Arabic")
            .unwrap();
        assert!(arabic.scripts.contains(&"Arabic"), "{:?}", arabic.scripts);
        assert!(survey[0].scripts.contains(&"Latin"));
    }

    /// The shortcut for the main face (its own glyphs plus GPOS pair
    /// kerning) must give exactly what the shaper gives, for every word of
    /// every built-in lesson in every style.
    #[test]
    fn pair_kerning_is_what_the_shaper_does_in_the_main_face() {
        let book = bundled_only();
        let mut words = std::collections::BTreeSet::new();
        for b in crate::library::builtins() {
            let text = b.source().text.clone();
            for w in text.split_whitespace() {
                words.insert(crate::text::normalize(w));
            }
        }
        let mut kerned = 0;
        for f in 0..4u8 {
            let face = FaceId(f);
            let loaded = &book.bundled[usize::from(f)];
            assert!(loaded.kerning.is_some(), "face {f} has plain kerning");
            for w in &words {
                if !w.chars().all(|c| loaded.has(c)) {
                    continue;
                }
                assert_eq!(book.shape(face, w), None, "{w} takes the shortcut");
                let shaped = book.shape_now(face, loaded, w);
                let chars: Vec<char> = w.chars().collect();
                assert_eq!(shaped.glyphs.len(), chars.len(), "{w}");
                for (i, (g, &c)) in shaped.glyphs.iter().zip(&chars).enumerate() {
                    assert_eq!(g.id, book.glyph(face, c), "{w}: {c}");
                    let mut ours = book.advance(face, c);
                    if let Some(&next) = chars.get(i + 1) {
                        let k = book.kern(face, c, next);
                        kerned += usize::from(k != 0.0);
                        ours += k;
                    }
                    assert!(
                        (g.advance - ours).abs() < 1e-5,
                        "{w}: {c} shaper {} shortcut {ours}",
                        g.advance
                    );
                    assert_eq!((g.dx, g.dy), (0.0, 0.0), "{w}");
                }
            }
        }
        assert!(kerned > 1000, "the lessons have kerned pairs: {kerned}");
    }

    #[test]
    fn kerning_brings_av_together() {
        let book = bundled_only();
        for f in [0, 1, 4] {
            let face = FaceId(f);
            let k = book.kern(face, 'A', 'V');
            // The fallback face (4) is shaped, the main ones kerned.
            let shaped = book
                .shape(face, "AV")
                .map(|s| s.glyphs[0].advance - book.advance(face, 'A'));
            let k = shaped.unwrap_or(k);
            assert!(k < -0.01, "face {f}: AV kerned by {k} em");
        }
    }

    #[test]
    fn a_combining_mark_sits_on_its_letter() {
        let book = bundled_only();
        // q with a combining tilde has no precomposed form: the shaper puts
        // the tilde over the q, adding no width.
        let shaped = book.shape(FaceId(0), "q\u{303}").expect("marks are shaped");
        assert_eq!(shaped.glyphs.len(), 2, "{shaped:?}");
        let (q, tilde) = (shaped.glyphs[0], shaped.glyphs[1]);
        assert!((q.advance - book.advance(FaceId(0), 'q')).abs() < 1e-6);
        assert_eq!(tilde.advance, 0.0);
        assert!(
            tilde.dx < 0.0,
            "the tilde is moved back over the q: {tilde:?}"
        );
        assert_eq!((q.cluster, tilde.cluster), (0, 0));
    }

    #[test]
    fn main_face_first_fallback_for_vietnamese_and_greek() {
        let book = &bundled_only();
        assert_eq!(book.face_for(Style::REGULAR, 'a'), Some(FaceId(0)));
        assert_eq!(book.face_for(Style::BOLD, 'é'), Some(FaceId(1)));
        // Atkinson Hyperlegible Next lacks these; Noto Sans has them.
        assert_eq!(book.face_for(Style::REGULAR, 'ễ'), Some(FaceId(4)));
        assert_eq!(book.face_for(Style::BOLD, 'ư'), Some(FaceId(5)));
        assert_eq!(book.face_for(Style::ITALIC, 'Ж'), Some(FaceId(6)));
        // No bundled face has a private-use character or CJK.
        assert_eq!(book.face_for(Style::REGULAR, '\u{E000}'), None);
        assert_eq!(book.face_for(Style::REGULAR, '中'), None);
    }

    #[test]
    fn a_word_takes_one_face_when_one_has_every_letter() {
        let book = &bundled_only();
        // Atkinson lacks ễ: the whole word comes from Noto Sans.
        assert_eq!(
            book.face_for_word(Style::REGULAR, "Nguyễn"),
            Some(FaceId(4))
        );
        assert_eq!(book.face_for_word(Style::BOLD, "Nguyễn"), Some(FaceId(5)));
        // Words the main face has stay in it.
        assert_eq!(book.face_for_word(Style::REGULAR, "José"), Some(FaceId(0)));
        // No face has every letter: each letter finds its own.
        assert_eq!(book.face_for_word(Style::REGULAR, "a中"), None);
    }

    #[test]
    fn names_from_the_design_print() {
        let book = FontBook::global();
        for name in ["Nguyễn Thị Hương", "José Núñez", "Zoë Œlberg"] {
            for ch in name.chars() {
                for style in [Style::REGULAR, Style::BOLD] {
                    assert!(book.covers(style, ch), "{ch} in {style:?}");
                }
            }
        }
    }

    #[test]
    fn advances_are_real_metrics() {
        let book = FontBook::global();
        let i = book.advance(FaceId(0), 'i');
        let m = book.advance(FaceId(0), 'M');
        assert!(i > 0.1 && i < m && m < 1.0, "i {i}, M {m}");
        assert_eq!(book.advance(FaceId(0), 'é'), book.bundled[0].advance('é'));
    }
}
