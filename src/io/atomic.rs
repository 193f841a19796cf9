//! Crash-safe file replacement: data is written to a temporary file in the target's
//! directory, flushed to disk and renamed over the target, so an interrupted write
//! never leaves a truncated file under the final name.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::error::NpyError;

/// Distinguishes temporary files of concurrent writers within one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary file that is removed on drop unless it was renamed into place.
struct TempFile {
    path: PathBuf,
    persisted: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Creates `path` (or replaces it) with the content `write` produces. The file is
/// written under a hidden temporary name in the same directory, synced, and renamed
/// into place only if `write` succeeded; on any error the temporary file is removed
/// and an existing file at `path` is left untouched.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<(), NpyError>,
) -> Result<(), NpyError> {
    let file_name = path.file_name().ok_or_else(|| {
        NpyError::io_at(
            path,
            io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"),
        )
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let (mut file, mut temp) = loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut name = std::ffi::OsString::from(".");
        name.push(file_name);
        name.push(format!(".{}-{n}.tmp", std::process::id()));
        let temp_path = dir.join(name);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp_path)
        {
            Ok(f) => {
                break (
                    f,
                    TempFile {
                        path: temp_path,
                        persisted: false,
                    },
                );
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(NpyError::io_at(&temp_path, e)),
        }
    };
    write(&mut file).map_err(|e| e.at(Some(path), None))?;
    file.sync_all()
        .map_err(|e| NpyError::io_at(&temp.path, e))?;
    drop(file);
    std::fs::rename(&temp.path, path).map_err(|e| NpyError::io_at(path, e))?;
    temp.persisted = true;
    Ok(())
}
