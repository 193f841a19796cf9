//! The error type of plotting: [`PlotError`] says which input was wrong (file
//! extension, lengths, sizes, `.npz` keys) or what failed (drawing, encoding, writing).

use crate::io::NpyError;
use std::path::PathBuf;

/// Anything that can go wrong when drawing a plot to a file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlotError {
    /// The output file name does not end in `.png` or `.svg`.
    #[error(
        "cannot tell the image format of '{}': the file name must end in .png or .svg",
        path.display()
    )]
    UnknownFormat {
        /// The file name given.
        path: PathBuf,
    },
    /// Two series that go together have different lengths.
    #[error("{what}: expected {expected} values, got {found}")]
    LengthMismatch {
        /// What is being compared (`spike indices and spike times`).
        what: String,
        /// The length of the first series.
        expected: usize,
        /// The length of the other.
        found: usize,
    },
    /// The image size is out of range.
    #[error("image size {width}x{height} is out of range (each side 16 to 10000 pixels)")]
    BadSize {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// An `.npz` file lacks a requested array.
    #[error("no array '{key}' in {}; it has: {}", path.display(), available.join(", "))]
    MissingKey {
        /// The `.npz` file.
        path: PathBuf,
        /// The requested name.
        key: String,
        /// The names it has.
        available: Vec<String>,
    },
    /// Data of the wrong shape or kind for the requested plot.
    #[error("{0}")]
    BadData(String),
    /// Reading an `.npz` file failed.
    #[error(transparent)]
    Read(NpyError),
    /// plotters could not draw the figure.
    #[error("cannot draw the plot: {0}")]
    Draw(String),
    /// The PNG encoder failed.
    #[error("cannot encode the PNG image: {0}")]
    Encode(String),
    /// Writing the file failed (the previous file, if any, is left untouched).
    #[error("cannot write the plot: {0}")]
    Write(NpyError),
}
