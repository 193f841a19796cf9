//! NumPy file input/output: `.npy` arrays ([`NpyArray`], [`read_npy_file`],
//! [`write_npy_file`]) and `.npz` archives of named arrays ([`read_npz`],
//! [`write_npz`]), as written by `numpy.save` / `numpy.savez` and read by `numpy.load`.
//!
//! Writers produce NPY 1.0 little-endian files with the NumPy `descr` of the element
//! type (`<f8`, `<i8`, `<i4`, `|b1`, ...) and replace files atomically (temporary file
//! in the same directory, renamed into place). Readers accept NPY 1.0/2.0/3.0, little-
//! and big-endian numeric and bool dtypes and Fortran order, and report malformed
//! input as an [`NpyError`] instead of panicking.

mod array;
mod atomic;
mod error;
mod npy;
mod npz;

pub use array::{Dtype, NpyArray, NpyData};
pub(crate) use atomic::write_atomically;
pub use error::NpyError;
pub use npy::{NPY_MAGIC, read_npy_file, write_npy_file};
pub use npz::{
    read_npz, read_npz_bytes, read_npz_from, read_npz_map, to_npz_bytes, write_npz, write_npz_to,
};

#[cfg(test)]
mod tests;
