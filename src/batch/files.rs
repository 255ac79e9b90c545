//! Writing a file without ever leaving a half-written one: the bytes go to
//! a temporary file beside the target, are flushed to disk, and the file is
//! renamed into place. A failed run leaves the old file untouched and no
//! temporary file behind.
//!
//! A temporary file left by a run that was killed (SIGKILL, a power cut) is
//! removed by the next run in that folder: its name carries the process id,
//! so only a dead run's are taken. Temporary names never hold client data.

use std::io::Write;
use std::path::Path;

/// What temporary files of ours are called: `.handout-<pid>-<random>.tmp`.
const TEMP_PREFIX: &str = ".handout-";
const TEMP_SUFFIX: &str = ".tmp";

/// Write `bytes` to `path` (in `dir`) atomically, with permissions `mode`.
pub fn write_atomic(dir: &Path, path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    let mut tmp = temp_beside(dir, mode)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())?;
    // On error the temporary file is deleted when `tmp` drops.
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Finish a file written through a buffer into a temporary file beside
/// `path`: flush it, sync it to the disk, and rename it into place.
pub fn persist(
    buffered: std::io::BufWriter<tempfile::NamedTempFile>,
    path: &Path,
) -> std::io::Result<()> {
    let tmp = buffered.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The folder a file goes in: its parent, or `.` for a bare file name.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// A temporary file in `dir` with permissions `mode` (less the umask),
/// removed if dropped before it is persisted.
pub fn temp_beside(dir: &Path, mode: u32) -> std::io::Result<tempfile::NamedTempFile> {
    let mut b = tempfile::Builder::new();
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    b.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    b.tempfile_in(dir)
}

/// Create `dir` (and its parents) for output files of `mode`: a folder
/// others may enter only if they may read the files (`600` → `700`,
/// `644` → `755`). A folder that exists keeps its own permissions.
pub fn create_dir(dir: &Path, mode: u32) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(mode | ((mode & 0o444) >> 2));
    }
    #[cfg(not(unix))]
    let _ = mode;
    b.create(dir)
}

/// Remove temporary files of ours in `dir` that a run no longer alive left
/// behind (one killed outright, which no handler can catch). A run still
/// going, in this folder or another, keeps its own. Returns how many went.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(middle) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let stale = match middle.split_once('-').map(|(pid, _)| pid.parse::<u32>()) {
            Some(Ok(pid)) => pid != std::process::id() && !alive(pid),
            // An older handout's name, without a process id: stale once
            // no run could still be writing it.
            _ => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600),
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if stale && is_file && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether process `pid` is running.
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 sends nothing; it asks whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    // Without a way to ask, assume it is: age alone can't tell.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn stale_temps_of_dead_runs_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        // A pid no process has (beyond the kernel's pid_max).
        let dead = dir.path().join(".handout-999999999-abc.tmp");
        let ours = dir
            .path()
            .join(format!(".handout-{}-abc.tmp", std::process::id()));
        let other = dir.path().join("notes.tmp");
        for p in [&dead, &ours, &other] {
            std::fs::write(p, "x").unwrap();
        }
        assert_eq!(remove_stale_temps(dir.path()), 1);
        assert!(!dead.exists() && ours.exists() && other.exists());
    }
}
