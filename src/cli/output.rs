//! Writing a finished PDF without ever leaving a half-written one: the bytes
//! go to a temporary file beside the target, are flushed to disk, and the
//! file is renamed into place. A failed run leaves the old file untouched
//! and no temporary file behind.

use std::io::Write;
use std::path::Path;

use super::{Failure, io_reason};
use crate::diag::Diagnostic;

/// Write `bytes` to `path` atomically; `-` is standard output.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(|e| fail(path, &e));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(Failure::usage(
            Diagnostic::error(format!("cannot write {}: it is a folder", path.display()))
                .hint("give a file name, like -o worksheet.pdf"),
        ));
    }
    let mut tmp = temp_beside(dir).map_err(|e| fail(path, &e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| fail(path, &e))?;
    // On error the temporary file is deleted when `tmp` drops.
    tmp.persist(path).map_err(|e| fail(path, &e.error))?;
    Ok(())
}

/// A temporary file in `dir`, removed if dropped before it is persisted.
/// Its permissions are those of any new file (0666 less the umask), not
/// tempfile's private 0600, so a finished PDF is as readable as the user's
/// other files.
pub(crate) fn temp_beside(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut b = tempfile::Builder::new();
    b.prefix(".handout-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir)
}

fn fail(path: &Path, e: &std::io::Error) -> Failure {
    Failure::usage(Diagnostic::error(format!(
        "cannot write {}: {}",
        path.display(),
        io_reason(e)
    )))
}
