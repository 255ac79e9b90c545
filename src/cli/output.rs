//! Writing a finished PDF without ever leaving a half-written one (how:
//! [`crate::batch::files`]), or to standard output; `--file-mode`, and a
//! failed write as the command line reports it.
//!
//! Output holds client names, so files are private to the user by default
//! (mode 0600; `--file-mode` loosens it).

use std::io::Write;
use std::path::Path;

use super::{Failure, io_reason};
use crate::batch::files::{self, write_atomic};
pub(crate) use crate::batch::files::{create_dir, folder_of, remove_stale_temps, temp_beside};
use crate::diag::Diagnostic;

/// Output files are readable and writable by their owner only: on a
/// clinic's shared machine, other accounts must not read clients' names.
pub const DEFAULT_MODE: u32 = 0o600;

/// `--file-mode`: octal permission bits, like `600`, `0640` or `644`. The
/// owner must be able to read and write what it writes.
pub fn parse_mode(s: &str) -> Result<u32, String> {
    let digits = s.trim().trim_start_matches("0o");
    let mode = u32::from_str_radix(digits, 8)
        .ok()
        .filter(|m| *m <= 0o777 && !digits.is_empty())
        .ok_or_else(|| format!("`{s}` is not a file mode; give octal digits, like 600 or 644"))?;
    if mode & 0o600 != 0o600 {
        return Err(format!(
            "`{s}` would not let you read and write your own files; the first digit must be 6 or 7"
        ));
    }
    Ok(mode)
}

/// Write `bytes` to `path` atomically with permissions `mode`; `-` is
/// standard output.
pub fn write(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Failure> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(|e| fail(path, &e));
    }
    let dir = folder_of(path);
    if path.is_dir() {
        return Err(Failure::usage(
            Diagnostic::error(format!("cannot write {}: it is a folder", path.display()))
                .hint("give a file name, like -o worksheet.pdf"),
        ));
    }
    write_atomic(dir, path, bytes, mode).map_err(|e| fail(path, &e))
}

/// Finish a file written through a buffer into a temporary file beside
/// `path`: flush it, sync it to the disk, and rename it into place.
pub(crate) fn persist(
    buffered: std::io::BufWriter<tempfile::NamedTempFile>,
    path: &Path,
) -> Result<(), Failure> {
    files::persist(buffered, path).map_err(|e| fail(path, &e))
}

/// "cannot write PATH: why", a usage failure (exit 2).
pub(crate) fn fail(path: &Path, e: &std::io::Error) -> Failure {
    Failure::usage(Diagnostic::error(format!(
        "cannot write {}: {}",
        path.display(),
        io_reason(e)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_modes_are_octal_and_keep_the_owner_in() {
        assert_eq!(parse_mode("600"), Ok(0o600));
        assert_eq!(parse_mode("0640"), Ok(0o640));
        assert_eq!(parse_mode("0o644"), Ok(0o644));
        for bad in ["", "999", "1000", "rw-r--r--", "400", "044"] {
            assert!(parse_mode(bad).is_err(), "{bad}");
        }
    }
}
