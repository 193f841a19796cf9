//! The `.npz` format: a zip archive of `<name>.npy` members. Writing deflates every
//! member and replaces the target file atomically; reading returns the arrays in
//! archive order.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Seek, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::array::NpyArray;
use super::atomic::write_atomically;
use super::error::NpyError;
use super::npy::read_npy;

/// Writes `arrays` as an `.npz` archive (one deflated `<name>.npy` member each, in the
/// given order) to `path`. The archive is written to a temporary file in the same
/// directory and renamed into place when complete, so `path` holds either its previous
/// content or the complete new archive.
///
/// Names must be non-empty, unique and free of NUL bytes; `np.load(path)[name]` then
/// returns each array.
///
/// # Errors
///
/// Fails on an invalid or duplicate name, an inconsistent shape, or an I/O or zip error;
/// `path` is then unchanged.
pub fn write_npz<S, A>(path: impl AsRef<Path>, arrays: &[(S, A)]) -> Result<(), NpyError>
where
    S: AsRef<str>,
    A: Borrow<NpyArray>,
{
    let path = path.as_ref();
    check_arrays(arrays).map_err(|e| e.at(Some(path), None))?;
    write_atomically(path, |file| {
        let w = io::BufWriter::new(file);
        let mut w = write_npz_to(w, arrays)?;
        w.flush().map_err(NpyError::io)
    })
}

/// Writes `arrays` as an `.npz` archive into `writer` and returns it (see [`write_npz`]).
///
/// # Errors
///
/// Fails on an invalid or duplicate name, an inconsistent shape, or an I/O or zip error of
/// `writer`.
pub fn write_npz_to<W, S, A>(writer: W, arrays: &[(S, A)]) -> Result<W, NpyError>
where
    W: Write + Seek,
    S: AsRef<str>,
    A: Borrow<NpyArray>,
{
    check_arrays(arrays)?;
    let mut zip = ZipWriter::new(writer);
    for (name, array) in arrays {
        let (name, array) = (name.as_ref(), array.borrow());
        let entry = format!("{name}.npy");
        let size = array.npy_size().map_err(|e| e.at(None, Some(&entry)))?;
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .large_file(size >= u64::from(u32::MAX));
        zip.start_file(entry.as_str(), options)
            .map_err(|e| NpyError::from(e).at(None, Some(&entry)))?;
        array
            .write_npy(&mut zip)
            .map_err(|e| e.at(None, Some(&entry)))?;
    }
    Ok(zip.finish()?)
}

/// The archive as bytes (see [`write_npz`]).
///
/// # Errors
///
/// Fails on an invalid or duplicate name, or an inconsistent shape.
pub fn to_npz_bytes<S, A>(arrays: &[(S, A)]) -> Result<Vec<u8>, NpyError>
where
    S: AsRef<str>,
    A: Borrow<NpyArray>,
{
    Ok(write_npz_to(io::Cursor::new(Vec::new()), arrays)?.into_inner())
}

/// Checks names and shapes before anything is written.
fn check_arrays<S: AsRef<str>, A: Borrow<NpyArray>>(arrays: &[(S, A)]) -> Result<(), NpyError> {
    let mut seen = BTreeSet::new();
    for (name, array) in arrays {
        let name = name.as_ref();
        let invalid = |reason| NpyError::InvalidName {
            name: name.to_owned(),
            reason,
        };
        if name.is_empty() {
            return Err(invalid("empty name"));
        }
        if name.contains('\0') {
            return Err(invalid("contains a NUL byte"));
        }
        if !seen.insert(name) {
            return Err(invalid("duplicate name"));
        }
        array
            .borrow()
            .check_shape()
            .map_err(|e| e.at(None, Some(&format!("{name}.npy"))))?;
    }
    Ok(())
}

/// Reads every array of the `.npz` file `path`, in archive order. The key of a member
/// `x.npy` is `x` (as in NumPy's `NpzFile.files`).
///
/// # Errors
///
/// Fails on an I/O error, an invalid zip archive, or a member that is not a readable NPY
/// array (the error names the file and the member).
pub fn read_npz(path: impl AsRef<Path>) -> Result<Vec<(String, NpyArray)>, NpyError> {
    let path = path.as_ref();
    let file = std::fs::File::open(path).map_err(|e| NpyError::io_at(path, e))?;
    read_npz_from(io::BufReader::new(file)).map_err(|e| e.at(Some(path), None))
}

/// Reads every array of the `.npz` file `path` into a map by name (a later duplicate
/// name wins).
///
/// # Errors
///
/// Fails as [`read_npz`] does.
pub fn read_npz_map(path: impl AsRef<Path>) -> Result<BTreeMap<String, NpyArray>, NpyError> {
    Ok(read_npz(path)?.into_iter().collect())
}

/// Reads every array of an `.npz` archive from `reader`, in archive order.
///
/// # Errors
///
/// Fails on an invalid zip archive or a member that is not a readable NPY array (the error
/// names the member).
pub fn read_npz_from<R: Read + Seek>(reader: R) -> Result<Vec<(String, NpyArray)>, NpyError> {
    let mut zip = ZipArchive::new(reader)?;
    let mut out = Vec::with_capacity(zip.len());
    for index in 0..zip.len() {
        let mut member = zip.by_index(index)?;
        let entry = member.name()?.into_owned();
        let array = read_npy(&mut member).map_err(|e| e.at(None, Some(&entry)))?;
        // Read the rest so that the zip reader verifies the member's CRC-32.
        io::copy(&mut member, &mut io::sink())
            .map_err(|e| NpyError::io(e).at(None, Some(&entry)))?;
        let key = entry.strip_suffix(".npy").unwrap_or(&entry).to_owned();
        out.push((key, array));
    }
    Ok(out)
}

/// Reads every array of an in-memory `.npz` archive, in archive order.
///
/// # Errors
///
/// Fails as [`read_npz_from`] does.
pub fn read_npz_bytes(bytes: &[u8]) -> Result<Vec<(String, NpyArray)>, NpyError> {
    read_npz_from(io::Cursor::new(bytes))
}
