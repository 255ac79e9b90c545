//! Finding font files in folders without trusting what a file says of
//! itself. A font collection (`.ttc`) names how many faces it holds; a
//! 12-byte file can claim two billion, and a font database that tries each
//! one stalls for most of a minute. So each file is looked at first, by
//! its size: every face needs at least its entry in the collection's list
//! and a table directory of its own, inside the file. A file that fails is
//! skipped whole, at once.

use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Faces one file may hold: real collections have tens at most.
const MAX_FACES: u64 = 1024;
/// Folders deep a font folder is searched.
const MAX_DEPTH: usize = 16;

/// The font files under `dir` (`.ttf`, `.otf`, `.ttc`, `.otc`, any case),
/// followed through links, each file and folder once, into `db`: those
/// whose faces could be what they say.
pub(super) fn load_dir(db: &mut fontdb::Database, dir: &Path, seen: &mut HashSet<PathBuf>) {
    load_dir_at(db, dir, seen, 0);
}

fn load_dir_at(db: &mut fontdb::Database, dir: &Path, seen: &mut HashSet<PathBuf>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    // The same fonts in the same order on every run.
    paths.sort();
    for path in paths {
        let Ok(real) = std::fs::canonicalize(&path) else {
            continue;
        };
        if !seen.insert(real.clone()) {
            continue;
        }
        let Ok(meta) = std::fs::metadata(&real) else {
            continue;
        };
        if meta.is_dir() {
            load_dir_at(db, &real, seen, depth + 1);
        } else if meta.is_file() && is_font_name(&real) && plausible(&real) {
            let _ = db.load_font_file(&real);
        }
    }
}

fn is_font_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["ttf", "otf", "ttc", "otc"]
            .iter()
            .any(|f| e.eq_ignore_ascii_case(f))
    })
}

/// The folders a system keeps its fonts in, as `fontdb` looks at them.
pub(super) fn system_dirs() -> Vec<PathBuf> {
    let home = |var: &str, sub: &str| std::env::var_os(var).map(|h| Path::new(&h).join(sub));
    let mut dirs: Vec<PathBuf> = Vec::new();
    if cfg!(windows) {
        let root = std::env::var_os("SYSTEMROOT")
            .map_or_else(|| PathBuf::from("C:\\Windows"), PathBuf::from);
        dirs.push(root.join("Fonts"));
        dirs.extend(home(
            "USERPROFILE",
            "AppData\\Local\\Microsoft\\Windows\\Fonts",
        ));
        dirs.extend(home(
            "USERPROFILE",
            "AppData\\Roaming\\Microsoft\\Windows\\Fonts",
        ));
    } else if cfg!(target_os = "macos") {
        dirs.extend(
            [
                "/Library/Fonts",
                "/System/Library/Fonts",
                "/Network/Library/Fonts",
            ]
            .map(PathBuf::from),
        );
        if let Ok(assets) = std::fs::read_dir("/System/Library/AssetsV2") {
            let mut found: Vec<PathBuf> = assets
                .flatten()
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with("com_apple_MobileAsset_Font")
                })
                .map(|e| e.path())
                .collect();
            found.sort();
            dirs.extend(found);
        }
        dirs.extend(home("HOME", "Library/Fonts"));
    } else {
        dirs.extend(["/usr/share/fonts", "/usr/local/share/fonts"].map(PathBuf::from));
        dirs.extend(home("HOME", ".fonts"));
        dirs.extend(home("HOME", ".local/share/fonts"));
    }
    dirs
}

/// Whether the font file at `path` could hold the faces it claims: its
/// face count within what its size allows, and each face's table
/// directory inside the file. Reads a few bytes a face, never the file.
pub(super) fn plausible(path: &Path) -> bool {
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let Ok(len) = file.metadata().map(|m| m.len()) else {
        return false;
    };
    faces_fit(&mut file, len).unwrap_or(false)
}

/// A face's table directory: a 12-byte header, then 16 bytes a table.
const DIRECTORY: u64 = 12;
const TABLE_RECORD: u64 = 16;

fn faces_fit(file: &mut (impl Read + Seek), len: u64) -> std::io::Result<bool> {
    let mut head = [0u8; 12];
    if len < DIRECTORY {
        return Ok(false);
    }
    file.read_exact(&mut head)?;
    if &head[..4] != b"ttcf" {
        return directory_fits(file, len, 0);
    }
    let count = u64::from(u32::from_be_bytes([head[8], head[9], head[10], head[11]]));
    // Each face: a 4-byte offset in the list, and its own directory.
    let room = (len - 12) / (4 + DIRECTORY + TABLE_RECORD);
    if count == 0 || count > room || count > MAX_FACES {
        return Ok(false);
    }
    let mut list = vec![0u8; count as usize * 4];
    file.read_exact(&mut list)?;
    let mut offsets: Vec<u64> = list
        .chunks_exact(4)
        .map(|b| u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])))
        .collect();
    offsets.sort_unstable();
    if offsets.windows(2).any(|w| w[0] == w[1]) {
        return Ok(false);
    }
    for at in offsets {
        if !directory_fits(file, len, at)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether a face's table directory at `at` is one and lies in the file.
fn directory_fits(file: &mut (impl Read + Seek), len: u64, at: u64) -> std::io::Result<bool> {
    if at.saturating_add(DIRECTORY) > len {
        return Ok(false);
    }
    let mut dir = [0u8; 12];
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(&mut dir)?;
    let known = matches!(&dir[..4], [0, 1, 0, 0] | b"OTTO" | b"true");
    let tables = u64::from(u16::from_be_bytes([dir[4], dir[5]]));
    Ok(known && tables > 0 && at + DIRECTORY + tables * TABLE_RECORD <= len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn fits(bytes: &[u8]) -> bool {
        faces_fit(&mut Cursor::new(bytes), bytes.len() as u64).unwrap_or(false)
    }

    /// A table directory of `tables` records, zeros after the header.
    fn directory(tables: u16) -> Vec<u8> {
        let mut d = vec![0, 1, 0, 0];
        d.extend(tables.to_be_bytes());
        d.extend([0; 6]);
        d.extend(vec![0; usize::from(tables) * 16]);
        d
    }

    #[test]
    fn a_collection_claiming_more_faces_than_its_size_holds_is_refused() {
        let mut liar = b"ttcf\0\x01\0\0".to_vec();
        liar.extend(0x8000_0000u32.to_be_bytes());
        assert_eq!(liar.len(), 12);
        assert!(!fits(&liar));
        // The same claim with room for a few faces only.
        liar.extend(vec![0; 4096]);
        assert!(!fits(&liar));
    }

    #[test]
    fn a_collection_whose_faces_each_have_a_directory_is_read() {
        let mut ttc = b"ttcf\0\x01\0\0".to_vec();
        ttc.extend(2u32.to_be_bytes());
        let first = 12 + 8;
        let second = first + directory(3).len();
        ttc.extend((first as u32).to_be_bytes());
        ttc.extend((second as u32).to_be_bytes());
        ttc.extend(directory(3));
        ttc.extend(directory(2));
        assert!(fits(&ttc));
        // Both faces at one place: a file that lies.
        let mut same = ttc.clone();
        same[16..20].copy_from_slice(&(first as u32).to_be_bytes());
        assert!(!fits(&same));
        // A directory running past the end.
        ttc.truncate(ttc.len() - 1);
        assert!(!fits(&ttc));
    }

    #[test]
    fn a_single_font_needs_its_directory() {
        assert!(fits(&directory(1)));
        assert!(!fits(&directory(1)[..20]));
        assert!(!fits(b"not a font at all"));
    }
}
