//! The lessons folder as the app last read it: each lesson file's last
//! good version and, when a save has broken it, its first error, so a
//! lesson being edited stays in the gallery (still printable) with the
//! error beside it instead of vanishing.
//!
//! Read again file by file: a file whose size, modification time and inode
//! are as before is not opened (opening a file is an event for the folder's
//! watcher too), and one whose bytes are as before is not parsed again.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostics;
use crate::fonts::FontBook;
use crate::lesson::{self, Lesson};

/// The folder's `.toml` files as last read.
pub struct Folder {
    dir: PathBuf,
    files: BTreeMap<String, File>,
}

/// One `.toml` file: packets and help files are only stamped (the group
/// page's shelves read them whole each time, they are few and small).
struct File {
    stamp: Stamp,
    /// A lesson file's reading; `None` for a packet or a help file.
    lesson: Option<Reading>,
}

/// What tells a save from no change: size, modification time, inode (a
/// save that renames a new file over the old makes a new one).
type Stamp = (u64, Option<std::time::SystemTime>, u64);

struct Reading {
    /// A digest of the bytes last read.
    digest: u64,
    /// The lesson as it last read well, if it ever did.
    good: Option<Arc<Lesson>>,
    /// What is wrong with the file now, if it doesn't read.
    error: Option<FileError>,
}

/// A lesson file that doesn't read, and its first error, in the checker's
/// words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file's name in the folder.
    pub file: String,
    /// Line and column (from 1), when the error is at a place in it.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

/// A lesson of the folder: every edition that reads (or read well last),
/// the default first.
pub struct Group {
    pub id: String,
    /// The default edition's file name.
    pub origin: String,
    pub editions: Vec<Arc<Lesson>>,
    /// Its files that have an error now: what is shown of them is the last
    /// version that read well.
    pub errors: Vec<FileError>,
}

/// Whether a file name is a lesson's (not a packet's or a help file's).
fn is_lesson(name: &str) -> bool {
    name.ends_with(".toml") && !name.ends_with(".packet.toml") && !name.ends_with(".help.toml")
}

impl Folder {
    /// `dir`, not read yet.
    pub fn new(dir: &Path) -> Folder {
        Folder {
            dir: dir.to_path_buf(),
            files: BTreeMap::new(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Read what changed since the last reading: the names of the files
    /// that were added, changed or removed (none when nothing was).
    pub fn read(&mut self) -> std::io::Result<Vec<String>> {
        let mut now = BTreeMap::new();
        for entry in std::fs::read_dir(&self.dir)?.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !name.ends_with(".toml") {
                continue;
            }
            // Gone between the listing and now: as if never listed.
            if let Some(stamp) = stamp(&entry.path()) {
                now.insert(name, stamp);
            }
        }
        let mut changed: Vec<String> = self
            .files
            .keys()
            .filter(|name| !now.contains_key(*name))
            .cloned()
            .collect();
        self.files.retain(|name, _| now.contains_key(name));
        for (name, stamp) in now {
            if self.files.get(&name).is_some_and(|f| f.stamp == stamp) {
                continue;
            }
            let before = self.files.remove(&name).and_then(|f| f.lesson);
            let lesson = is_lesson(&name).then(|| self.read_lesson(&name, before));
            self.files.insert(name.clone(), File { stamp, lesson });
            changed.push(name);
        }
        changed.sort();
        Ok(changed)
    }

    /// Lesson file `name` read again: parsed when its bytes changed, its
    /// last good version kept when they no longer read.
    fn read_lesson(&self, name: &str, before: Option<Reading>) -> Reading {
        let path = self.dir.join(name);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                return Reading {
                    digest: 0,
                    good: before.and_then(|b| b.good),
                    error: Some(FileError {
                        file: name.to_string(),
                        at: None,
                        message: format!("the file can't be read ({e})"),
                    }),
                };
            }
        };
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        let digest = h.finish();
        if let Some(b) = before.as_ref().filter(|b| b.digest == digest) {
            return Reading {
                digest,
                good: b.good.clone(),
                error: b.error.clone(),
            };
        }
        let stem = name.trim_end_matches(".toml");
        let shown = path.display().to_string();
        match lesson::load_bytes(&shown, &bytes, stem, FontBook::global()) {
            Ok((l, _)) => Reading {
                digest,
                good: Some(Arc::new(l)),
                error: None,
            },
            Err(diags) => Reading {
                digest,
                good: before.and_then(|b| b.good),
                error: Some(first_error(name, &diags)),
            },
        }
    }

    /// The folder's lessons as last read, each edition of one gathered by
    /// id (`x.toml` and `x.es.toml`), and the files that have never read
    /// well. A lesson whose id `taken` says is taken (a built-in one's), or
    /// a second edition in one language, is left out with a note.
    pub fn lessons(
        &self,
        taken: impl Fn(&str) -> bool,
        notes: &mut Vec<String>,
    ) -> (Vec<Group>, Vec<FileError>) {
        let mut groups: Vec<Group> = Vec::new();
        let mut broken = Vec::new();
        for (name, file) in &self.files {
            let Some(reading) = &file.lesson else {
                continue;
            };
            let path = self.dir.join(name);
            let Some(l) = &reading.good else {
                if let Some(e) = &reading.error {
                    notes.push(format!(
                        "note: {} has errors and can't be printed; `handout check {}` shows them",
                        path.display(),
                        path.display()
                    ));
                    broken.push(e.clone());
                }
                continue;
            };
            if taken(&l.id) {
                notes.push(format!(
                    "note: {} has the id of a built-in lesson; left out",
                    path.display()
                ));
                continue;
            }
            let is_default = name.trim_end_matches(".toml").split('.').nth(1).is_none();
            match groups.iter_mut().find(|g| g.id == l.id) {
                Some(g) if g.editions.iter().any(|e| e.language == l.language) => {
                    notes.push(format!(
                        "note: {} is a second `{}` edition of `{}`; left out",
                        path.display(),
                        l.language,
                        l.id
                    ));
                    continue;
                }
                Some(g) if is_default => {
                    g.origin = name.clone();
                    g.editions.insert(0, l.clone());
                }
                Some(g) => g.editions.push(l.clone()),
                None => groups.push(Group {
                    id: l.id.clone(),
                    origin: name.clone(),
                    editions: vec![l.clone()],
                    errors: Vec::new(),
                }),
            }
            if let (Some(e), Some(g)) = (&reading.error, groups.iter_mut().find(|g| g.id == l.id)) {
                g.errors.push(e.clone());
            }
        }
        (groups, broken)
    }
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Some((m.len(), m.modified().ok(), inode))
}

/// The error a person should fix first: the first in the file, with its
/// hint.
fn first_error(file: &str, diags: &Diagnostics) -> FileError {
    let first = diags
        .iter()
        .filter(|d| d.is_error())
        .min_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
    let Some(d) = first else {
        return FileError {
            file: file.to_string(),
            at: None,
            message: "the file has errors".to_string(),
        };
    };
    let at = match (&d.source, &d.span) {
        (Some(source), Some(span)) => Some(source.line_col(span.start)),
        _ => None,
    };
    let message = match &d.hint {
        Some(hint) => format!("{}; {hint}", d.message),
        None => d.message.clone(),
    };
    FileError {
        file: file.to_string(),
        at,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "title = \"Breathing\"\nsummary = \"Slow breaths.\"\n\n[plan]\ntitle = \"Write\"\nlines = 2\nprompts = [\"One\"]\n";

    fn titles(groups: &[Group]) -> Vec<String> {
        groups
            .iter()
            .map(|g| g.editions[0].title.to_plain())
            .collect()
    }

    #[test]
    fn a_broken_save_keeps_the_last_good_version_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("breathing.toml");
        std::fs::write(&file, GOOD).unwrap();
        let mut folder = Folder::new(dir.path());
        assert_eq!(folder.read().unwrap(), vec!["breathing.toml"]);
        // Nothing changed: nothing read.
        assert!(folder.read().unwrap().is_empty());

        std::fs::write(
            &file,
            GOOD.replace("title = \"Breathing\"", "title = \"Breathing"),
        )
        .unwrap();
        assert_eq!(folder.read().unwrap(), vec!["breathing.toml"]);
        let (groups, broken) = folder.lessons(|_| false, &mut Vec::new());
        assert_eq!(titles(&groups), ["Breathing"]);
        assert!(broken.is_empty());
        let error = &groups[0].errors[0];
        assert_eq!(error.file, "breathing.toml");
        assert_eq!(error.at.map(|(line, _)| line), Some(1), "{error:?}");

        std::fs::remove_file(&file).unwrap();
        assert_eq!(folder.read().unwrap(), vec!["breathing.toml"]);
        assert!(folder.lessons(|_| false, &mut Vec::new()).0.is_empty());
    }

    #[test]
    fn a_file_that_never_read_is_broken_with_its_first_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("new.toml"),
            "title = \"New\"\n\n[plan]\ntitel = \"x\"\n",
        )
        .unwrap();
        let mut folder = Folder::new(dir.path());
        folder.read().unwrap();
        let mut notes = Vec::new();
        let (groups, broken) = folder.lessons(|_| false, &mut notes);
        assert!(groups.is_empty());
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].file, "new.toml");
        assert!(broken[0].at.is_some(), "{:?}", broken[0]);
        assert!(notes[0].contains("new.toml has errors"), "{notes:?}");
    }
}
