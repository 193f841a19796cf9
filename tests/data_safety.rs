//! Data safety of written files: `.npy` and `.npz` files are written under a temporary
//! name in the target's directory and renamed into place, so a failed or interrupted
//! write never leaves a truncated file under the final name, never damages the file it
//! was to replace, and leaves no temporary file behind.

use spikelift::io::{NpyArray, NpyData, read_npy_file, read_npz_map, write_npy_file, write_npz};
use std::path::{Path, PathBuf};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("spikelift-safety-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn inconsistent() -> NpyArray {
    NpyArray {
        shape: vec![4],
        data: NpyData::F64(vec![1.0]),
    }
}

#[test]
fn npy_files_are_replaced_whole_or_not_at_all() {
    let dir = temp_dir("npy");
    let path = dir.join("v.npy");
    let one = NpyArray::from_vec(vec![1.0, 2.0]);
    let two = NpyArray::from_vec(vec![3.0; 1000]);
    write_npy_file(&path, &one).unwrap();
    write_npy_file(&path, &two).unwrap();
    assert_eq!(read_npy_file(&path).unwrap(), two);
    let before = std::fs::read(&path).unwrap();

    // A write that fails before any byte is written leaves the old file.
    assert!(write_npy_file(&path, &inconsistent()).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // A write whose final rename fails (the target is a directory): the data was
    // complete under the temporary name, which is removed; the target is untouched.
    let target_dir = dir.join("busy.npy");
    std::fs::create_dir(&target_dir).unwrap();
    std::fs::write(target_dir.join("keep"), b"x").unwrap();
    assert!(write_npy_file(&target_dir, &one).is_err());
    assert_eq!(names(&target_dir), ["keep"]);

    assert_eq!(
        names(&dir),
        ["busy.npy", "v.npy"],
        "temporary files left behind"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn npz_files_are_replaced_whole_or_not_at_all() {
    let dir = temp_dir("npz");
    let path = dir.join("out.npz");
    let one = NpyArray::from_vec(vec![1.0]);
    write_npz(&path, &[("x", &one)]).unwrap();
    let before = std::fs::read(&path).unwrap();
    // Fails while writing the archive (after the first member is written).
    assert!(write_npz(&path, &[("x", &one), ("y", &inconsistent())]).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Fails at the rename.
    let target_dir = dir.join("busy.npz");
    std::fs::create_dir(&target_dir).unwrap();
    std::fs::write(target_dir.join("keep"), b"x").unwrap();
    assert!(write_npz(&target_dir, &[("x", &one)]).is_err());
    assert_eq!(names(&target_dir), ["keep"]);
    assert_eq!(
        names(&dir),
        ["busy.npz", "out.npz"],
        "temporary files left behind"
    );
    assert_eq!(read_npz_map(&path).unwrap()["x"], one);
    std::fs::remove_dir_all(&dir).unwrap();
}
