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

mod faces;
mod scan;
mod search;
mod shaping;

pub use faces::Loaded;
use search::Search;
use shaping::PlanKey;
#[cfg(test)]
pub(crate) use shaping::word_is_kept;

use crate::layout::metrics::{FaceId, Metrics, Shaped};
use crate::text::{Coverage, Style};

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
mod tests;
