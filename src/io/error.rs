//! The error type of the NumPy readers and writers: [`NpyError`] says what went wrong
//! (bad magic, unsupported dtype, truncated data, ...) and, through
//! [`NpyError::At`], in which file and `.npz` entry.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Anything that can go wrong when reading or writing `.npy` / `.npz` files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NpyError {
    /// An operating-system I/O error, with the file it concerns when that is known.
    #[error("I/O error{}: {source}", in_path(path.as_deref()))]
    Io {
        /// The file being read or written, if known at the point of failure.
        path: Option<PathBuf>,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The data does not start with the NPY magic string `\x93NUMPY`.
    #[error(
        "not an NPY array: bad magic bytes {} (expected 93 4e 55 4d 50 59, \"\\x93NUMPY\")",
        hex(found)
    )]
    BadMagic {
        /// The first bytes found (at most 6).
        found: Vec<u8>,
    },
    /// An NPY format version other than 1.0, 2.0 or 3.0.
    #[error("unsupported NPY format version {major}.{minor} (supported: 1.0, 2.0, 3.0)")]
    UnsupportedVersion {
        /// Major version byte.
        major: u8,
        /// Minor version byte.
        minor: u8,
    },
    /// The header dictionary could not be parsed or lacks a required key.
    #[error("malformed NPY header: {reason}")]
    BadHeader {
        /// What is wrong with it.
        reason: String,
    },
    /// A dtype this reader does not handle (structured, string, complex, datetime, ...).
    #[error(
        "unsupported NPY dtype {descr} (supported: f8, f4, i8, i4, i2, i1, u8, u4, u2, u1, b1, either byte order)"
    )]
    UnsupportedDtype {
        /// The `descr` value exactly as written in the header.
        descr: String,
    },
    /// The input ended early.
    #[error("truncated NPY {what}: expected {expected} bytes, found {found}")]
    Truncated {
        /// Which part was cut off: "magic", "version", "header length", "header" or "data".
        what: &'static str,
        /// Bytes needed.
        expected: u64,
        /// Bytes available.
        found: u64,
    },
    /// The shape does not match the number of elements.
    #[error("shape {shape:?} needs {expected} elements but the data has {len}")]
    ShapeMismatch {
        /// The shape.
        shape: Vec<usize>,
        /// Product of the shape.
        expected: usize,
        /// Number of elements present.
        len: usize,
    },
    /// The element count or byte size of a shape overflows `usize`.
    #[error("shape {shape:?} is too large")]
    TooLarge {
        /// The shape.
        shape: Vec<usize>,
    },
    /// An array name that cannot be stored in an `.npz` file.
    #[error("invalid .npz array name {name:?}: {reason}")]
    InvalidName {
        /// The name.
        name: String,
        /// Why it is rejected.
        reason: &'static str,
    },
    /// The zip container of an `.npz` file is invalid or unsupported.
    #[error("zip error: {source}")]
    Zip {
        /// The underlying error.
        source: zip::result::ZipError,
    },
    /// Another error, located in a file and possibly in one `.npz` entry.
    #[error("{}: {source}", location(path.as_deref(), entry.as_deref()))]
    At {
        /// The file, if any.
        path: Option<PathBuf>,
        /// The `.npz` entry (zip member name), if any.
        entry: Option<String>,
        /// What went wrong there.
        source: Box<NpyError>,
    },
}

impl NpyError {
    /// An I/O error without a known file.
    pub(crate) fn io(source: std::io::Error) -> Self {
        NpyError::Io { path: None, source }
    }

    /// An I/O error concerning `path`.
    pub(crate) fn io_at(path: &Path, source: std::io::Error) -> Self {
        NpyError::Io {
            path: Some(path.to_path_buf()),
            source,
        }
    }

    /// Locates `self` in `path` (and `entry`). I/O errors that already name a file are
    /// returned as they are.
    pub(crate) fn at(self, path: Option<&Path>, entry: Option<&str>) -> Self {
        match self {
            NpyError::Io {
                path: Some(p),
                source,
            } if entry.is_none() => NpyError::Io {
                path: Some(p),
                source,
            },
            // Add the file to an error located in an entry only.
            NpyError::At {
                path: None,
                entry: Some(e),
                source,
            } if entry.is_none() => NpyError::At {
                path: path.map(Path::to_path_buf),
                entry: Some(e),
                source,
            },
            other => NpyError::At {
                path: path.map(Path::to_path_buf),
                entry: entry.map(str::to_owned),
                source: Box::new(other),
            },
        }
    }

    /// The innermost error, with the file and entry context removed.
    pub fn root(&self) -> &NpyError {
        match self {
            NpyError::At { source, .. } => source.root(),
            other => other,
        }
    }
}

impl From<zip::result::ZipError> for NpyError {
    fn from(source: zip::result::ZipError) -> Self {
        match source {
            zip::result::ZipError::Io(e) => NpyError::io(e),
            source => NpyError::Zip { source },
        }
    }
}

fn in_path(path: Option<&Path>) -> String {
    path.map(|p| format!(" on {}", p.display()))
        .unwrap_or_default()
}

fn location(path: Option<&Path>, entry: Option<&str>) -> String {
    match (path, entry) {
        (Some(p), Some(e)) => format!("{}, entry {e:?}", p.display()),
        (Some(p), None) => p.display().to_string(),
        (None, Some(e)) => format!("entry {e:?}"),
        (None, None) => "<input>".to_owned(),
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::new();
    for (k, b) in bytes.iter().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{b:02x}");
    }
    if bytes.is_empty() {
        s.push_str("(none)");
    }
    s
}
