//! Unit tests of `.npy` / `.npz` reading and writing: round trips of every dtype and
//! shape, NumPy-written byte layouts (big-endian, Fortran order, 0-d), malformed input
//! reported as errors, atomic replacement, and the stored Brian2 reference files.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::*;

/// A fresh, empty directory under the system temporary directory.
fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("spikelift-io-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn conformance_ref(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/conformance/ref")
        .join(name)
}

/// An `.npy` file as NumPy lays it out: version 1.0, header padded to 64 bytes.
fn npy_v1(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut header = dict.to_owned();
    while !(10 + header.len() + 1).is_multiple_of(64) {
        header.push(' ');
    }
    header.push('\n');
    let mut out = NPY_MAGIC.to_vec();
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    out
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|k| u8::from_str_radix(&s[k..k + 2], 16).unwrap())
        .collect()
}

fn sample_arrays() -> Vec<(&'static str, NpyArray)> {
    vec![
        (
            "f64",
            NpyArray::from_vec(vec![
                0.0,
                -1.5,
                f64::MAX,
                f64::MIN_POSITIVE,
                f64::INFINITY,
                -0.0,
            ]),
        ),
        (
            "f64_2d",
            NpyArray::matrix(2, 3, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.5]).unwrap(),
        ),
        ("f32", NpyArray::from_vec(vec![1.5f32, -2.25, f32::MIN])),
        ("i64", NpyArray::from_vec(vec![i64::MIN, -1, 0, i64::MAX])),
        ("i64_2d", NpyArray::matrix(3, 1, vec![7i64, 8, 9]).unwrap()),
        (
            "i32",
            NpyArray::from_vec(vec![i32::MIN, 0, 300_000, i32::MAX]),
        ),
        (
            "i32_2d",
            NpyArray::matrix(2, 2, vec![1i32, -2, 3, -4]).unwrap(),
        ),
        ("i16", NpyArray::from_vec(vec![i16::MIN, 5, i16::MAX])),
        ("i8", NpyArray::from_vec(vec![i8::MIN, -1, i8::MAX])),
        ("u64", NpyArray::from_vec(vec![0u64, u64::MAX])),
        ("u32", NpyArray::from_vec(vec![0u32, u32::MAX])),
        ("u16", NpyArray::from_vec(vec![0u16, u16::MAX])),
        ("u8", NpyArray::from_vec(vec![0u8, 1, 255])),
        ("bool", NpyArray::from_vec(vec![true, false, true])),
        (
            "bool_2d",
            NpyArray::matrix(2, 2, vec![true, false, false, true]).unwrap(),
        ),
        ("empty", NpyArray::from_vec(Vec::<f64>::new())),
        (
            "empty_2d",
            NpyArray::matrix(0, 3, Vec::<i32>::new()).unwrap(),
        ),
        ("scalar", NpyArray::scalar(2.5)),
        (
            "three_d",
            NpyArray::new(vec![2, 1, 2], vec![1i64, 2, 3, 4]).unwrap(),
        ),
    ]
}

#[test]
fn npy_round_trip_of_every_dtype_and_shape() {
    for (name, array) in sample_arrays() {
        let bytes = array.to_npy_bytes().unwrap();
        let preamble = bytes.len() - array.len() * array.dtype().item_size();
        assert_eq!(preamble % 64, 0, "{name}: header not aligned to 64 bytes");
        assert_eq!(&bytes[..8], b"\x93NUMPY\x01\x00", "{name}");
        assert_eq!(bytes[preamble - 1], b'\n', "{name}");
        let back = NpyArray::from_npy_bytes(&bytes).unwrap();
        assert_eq!(back.shape, array.shape, "{name}");
        // NaN-free data: bitwise equality through PartialEq (also checks -0.0 via to_bits below).
        assert_eq!(back, array, "{name}");
        let bits = |a: &NpyArray| {
            a.to_f64_vec()
                .iter()
                .map(|x| x.to_bits())
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(&back), bits(&array), "{name}");
    }
}

#[test]
fn npy_header_text_matches_numpy_layout() {
    let a = NpyArray::matrix(6, 600, vec![0.0; 3600]).unwrap();
    let bytes = a.to_npy_bytes().unwrap();
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    let header = std::str::from_utf8(&bytes[10..10 + header_len]).unwrap();
    assert!(header.starts_with("{'descr': '<f8', 'fortran_order': False, 'shape': (6, 600), }"));
    assert!(header.ends_with(" \n"));
    assert_eq!((10 + header_len) % 64, 0);
    let one_d = NpyArray::from_vec(vec![1i32]).to_npy_bytes().unwrap();
    assert!(
        String::from_utf8_lossy(&one_d)
            .contains("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }")
    );
    let b = NpyArray::from_vec(vec![true]).to_npy_bytes().unwrap();
    assert!(String::from_utf8_lossy(&b).contains("'descr': '|b1'"));
    let s = NpyArray::scalar(1.0).to_npy_bytes().unwrap();
    assert!(String::from_utf8_lossy(&s).contains("'shape': (), }"));
}

#[test]
fn to_f64_vec_converts_every_dtype() {
    let cases: Vec<(NpyArray, Vec<f64>)> = vec![
        (NpyArray::from_vec(vec![true, false]), vec![1.0, 0.0]),
        (NpyArray::from_vec(vec![-3i8]), vec![-3.0]),
        (NpyArray::from_vec(vec![-3i16]), vec![-3.0]),
        (NpyArray::from_vec(vec![-3i32]), vec![-3.0]),
        (
            NpyArray::from_vec(vec![-3i64, 1 << 53]),
            vec![-3.0, 9007199254740992.0],
        ),
        (NpyArray::from_vec(vec![3u8]), vec![3.0]),
        (NpyArray::from_vec(vec![3u16]), vec![3.0]),
        (NpyArray::from_vec(vec![3u32]), vec![3.0]),
        (
            NpyArray::from_vec(vec![u64::MAX]),
            vec![18446744073709551615.0],
        ),
        (NpyArray::from_vec(vec![0.1f32]), vec![f64::from(0.1f32)]),
        (NpyArray::from_vec(vec![0.1f64]), vec![0.1]),
    ];
    for (a, want) in cases {
        assert_eq!(a.to_f64_vec(), want, "{:?}", a.dtype());
    }
}

#[test]
fn reads_numpy_written_big_endian_fortran_and_scalar_arrays() {
    // Bytes of numpy.save(np.asfortranarray(np.arange(6, dtype='>f8').reshape(2, 3))).
    let f = npy_v1(
        "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }",
        &hex(
            "000000000000000040080000000000003ff0000000000000401000000000000040000000000000004014000000000000",
        ),
    );
    let a = NpyArray::from_npy_bytes(&f).unwrap();
    assert_eq!(a.shape, vec![2, 3]);
    assert_eq!(a.data, NpyData::F64(vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]));

    // numpy.save(np.array([1, -2, 300000], dtype='>i4'))
    let f = npy_v1(
        "{'descr': '>i4', 'fortran_order': False, 'shape': (3,), }",
        &hex("00000001fffffffe000493e0"),
    );
    assert_eq!(
        NpyArray::from_npy_bytes(&f).unwrap().data,
        NpyData::I32(vec![1, -2, 300000])
    );

    // numpy.save(np.array([[1.5, -2.25]], dtype='<f4'))
    let f = npy_v1(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }",
        &hex("0000c03f000010c0"),
    );
    let a = NpyArray::from_npy_bytes(&f).unwrap();
    assert_eq!(
        (a.shape.clone(), a.to_f64_vec()),
        (vec![1, 2], vec![1.5, -2.25])
    );

    // numpy.save(np.float64(2.5)): a 0-d array.
    let f = npy_v1(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
        &hex("0000000000000440"),
    );
    let a = NpyArray::from_npy_bytes(&f).unwrap();
    assert_eq!((a.shape.clone(), a.to_f64_vec()), (vec![], vec![2.5]));

    // Big-endian unsigned and 16-bit, 3-D Fortran order, non-canonical bool bytes.
    let f = npy_v1(
        "{'descr': '>u2', 'fortran_order': False, 'shape': (2,), }",
        &[0x01, 0x02, 0xff, 0xfe],
    );
    assert_eq!(
        NpyArray::from_npy_bytes(&f).unwrap().data,
        NpyData::U16(vec![0x0102, 0xfffe])
    );
    let f = npy_v1(
        "{'descr': '|i1', 'fortran_order': True, 'shape': (2, 2, 2), }",
        &[0, 4, 2, 6, 1, 5, 3, 7],
    );
    assert_eq!(
        NpyArray::from_npy_bytes(&f).unwrap().data,
        NpyData::I8(vec![0, 1, 2, 3, 4, 5, 6, 7])
    );
    let f = npy_v1(
        "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
        &[0, 1, 7],
    );
    assert_eq!(
        NpyArray::from_npy_bytes(&f).unwrap().data,
        NpyData::Bool(vec![false, true, true])
    );
}

#[test]
fn reads_version_2_and_3_headers_and_lenient_dict_syntax() {
    for version in [2u8, 3] {
        let dict = "{\"descr\": \"<i8\", \"shape\": (2L,), \"fortran_order\": False}\n";
        let mut f = NPY_MAGIC.to_vec();
        f.extend_from_slice(&[version, 0]);
        f.extend_from_slice(&(dict.len() as u32).to_le_bytes());
        f.extend_from_slice(dict.as_bytes());
        f.extend_from_slice(&5i64.to_le_bytes());
        f.extend_from_slice(&(-6i64).to_le_bytes());
        let a = NpyArray::from_npy_bytes(&f).unwrap();
        assert_eq!(a.data, NpyData::I64(vec![5, -6]), "version {version}");
    }
}

#[test]
fn malformed_npy_input_is_reported_not_panicking() {
    let good = NpyArray::matrix(2, 2, vec![1.0, 2.0, 3.0, 4.0])
        .unwrap()
        .to_npy_bytes()
        .unwrap();
    // Bad magic.
    let err = NpyArray::from_npy_bytes(b"PK\x03\x04 not npy").unwrap_err();
    assert!(matches!(err, NpyError::BadMagic { .. }), "{err}");
    assert!(err.to_string().contains("bad magic"), "{err}");
    assert!(matches!(
        NpyArray::from_npy_bytes(b"").unwrap_err(),
        NpyError::BadMagic { .. }
    ));
    // Every truncation is an error, and a truncation inside the data says so.
    for cut in 0..good.len() {
        assert!(
            NpyArray::from_npy_bytes(&good[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    let err = NpyArray::from_npy_bytes(&good[..good.len() - 3]).unwrap_err();
    assert!(
        matches!(
            err,
            NpyError::Truncated {
                what: "data",
                expected: 32,
                found: 29
            }
        ),
        "{err}"
    );
    // Unsupported dtypes are named.
    for descr in ["<c16", "<U5", "|O", "<M8[ns]", "<f2"] {
        let f = npy_v1(
            &format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': (1,), }}"),
            &[0; 16],
        );
        let err = NpyArray::from_npy_bytes(&f).unwrap_err();
        assert!(
            matches!(err, NpyError::UnsupportedDtype { .. }),
            "{descr}: {err}"
        );
        assert!(err.to_string().contains(descr), "{err}");
    }
    let f = npy_v1(
        "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }",
        &[0; 8],
    );
    let err = NpyArray::from_npy_bytes(&f).unwrap_err();
    assert!(err.to_string().contains("[('a', '<f8')]"), "{err}");
    // Unsupported version.
    let mut v9 = good.clone();
    v9[6] = 9;
    assert!(matches!(
        NpyArray::from_npy_bytes(&v9).unwrap_err(),
        NpyError::UnsupportedVersion { major: 9, minor: 0 }
    ));
    // Malformed headers.
    for dict in [
        "{'descr': '<f8', 'fortran_order': False}",
        "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } x",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)",
        "{'descr: '<f8'}",
        "no dict",
        "",
    ] {
        let err = NpyArray::from_npy_bytes(&npy_v1(dict, &[0; 8])).unwrap_err();
        assert!(matches!(err, NpyError::BadHeader { .. }), "{dict}: {err}");
    }
    // A huge shape is an error, not an allocation failure.
    let f = npy_v1(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 8), }",
        &[],
    );
    assert!(NpyArray::from_npy_bytes(&f).is_err());
    let f = npy_v1(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }",
        &[0; 8],
    );
    assert!(matches!(
        NpyArray::from_npy_bytes(&f).unwrap_err(),
        NpyError::Truncated { what: "data", .. }
    ));
    // Corrupting any single byte never panics.
    for k in 0..good.len() {
        for v in [0u8, b'(', b'\'', 0xff] {
            let mut bad = good.clone();
            bad[k] = v;
            let _ = NpyArray::from_npy_bytes(&bad);
        }
    }
}

#[test]
fn inconsistent_shapes_are_rejected_before_writing() {
    let a = NpyArray {
        shape: vec![2, 2],
        data: NpyData::F64(vec![1.0; 3]),
    };
    assert!(matches!(
        a.to_npy_bytes().unwrap_err(),
        NpyError::ShapeMismatch {
            expected: 4,
            len: 3,
            ..
        }
    ));
    assert!(NpyArray::new(vec![3], vec![1.0f64; 2]).is_err());
    assert!(NpyArray::matrix(2, 2, vec![1i32; 4]).is_ok());
}

#[test]
fn npy_file_round_trip_and_errors_name_the_path() {
    let dir = temp_dir("npyfile");
    let path = dir.join("a.npy");
    let a = NpyArray::matrix(2, 3, vec![1i64, 2, 3, 4, 5, 6]).unwrap();
    write_npy_file(&path, &a).unwrap();
    assert_eq!(read_npy_file(&path).unwrap(), a);
    let missing = dir.join("missing.npy");
    let err = read_npy_file(&missing).unwrap_err();
    assert!(
        matches!(&err, NpyError::Io { path: Some(p), .. } if *p == missing),
        "{err}"
    );
    assert!(err.to_string().contains("missing.npy"), "{err}");
    std::fs::write(
        dir.join("bad.npy"),
        b"\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'",
    )
    .unwrap();
    let err = read_npy_file(dir.join("bad.npy")).unwrap_err();
    assert!(err.to_string().contains("bad.npy"), "{err}");
    assert!(
        matches!(err.root(), NpyError::Truncated { what: "header", .. }),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn npz_round_trip_preserves_order_names_and_dtypes() {
    let dir = temp_dir("npz");
    let arrays = sample_arrays();
    let path = dir.join("out.npz");
    write_npz(&path, &arrays).unwrap();
    let back = read_npz(&path).unwrap();
    assert_eq!(back.len(), arrays.len());
    for ((name, a), (back_name, b)) in arrays.iter().zip(&back) {
        assert_eq!(name, back_name);
        assert_eq!(a, b, "{name}");
    }
    let map = read_npz_map(&path).unwrap();
    assert_eq!(map["i32_2d"].shape, vec![2, 2]);
    // Members are deflated `<name>.npy` entries.
    let bytes = std::fs::read(&path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let member = zip.by_index(1).unwrap();
    assert_eq!(member.name().unwrap(), "f64_2d.npy");
    assert_eq!(member.compression(), zip::CompressionMethod::Deflated);
    drop(member);
    // In-memory variants agree with the file, and owned (String, NpyArray) pairs work.
    let again = to_npz_bytes(&back).unwrap();
    assert_eq!(read_npz_bytes(&again).unwrap(), back);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn npz_write_replaces_atomically_and_leaves_no_temporary_files() {
    let dir = temp_dir("atomic");
    let path = dir.join("out.npz");
    let one = NpyArray::from_vec(vec![1.0]);
    let two = NpyArray::from_vec(vec![2.0, 3.0]);
    write_npz(&path, &[("x", &one)]).unwrap();
    write_npz(&path, &[("x", &two)]).unwrap();
    assert_eq!(read_npz_map(&path).unwrap()["x"], two);
    // Failing writes (invalid names, inconsistent shapes) leave the old file as it was.
    let before = std::fs::read(&path).unwrap();
    let bad_shape = NpyArray {
        shape: vec![5],
        data: NpyData::F64(vec![1.0]),
    };
    let failures = [
        write_npz(&path, &[("y", &one), ("y", &two)]).unwrap_err(),
        write_npz(&path, &[("", &one)]).unwrap_err(),
        write_npz(&path, &[("ok", &one), ("bad", &bad_shape)]).unwrap_err(),
    ];
    assert!(matches!(
        failures[0].root(),
        NpyError::InvalidName {
            reason: "duplicate name",
            ..
        }
    ));
    assert!(
        failures[2].to_string().contains("bad.npy"),
        "{}",
        failures[2]
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // A directory that does not exist: error naming the path, nothing created.
    let err = write_npz(dir.join("no/such/dir/out.npz"), &[("x", &one)]).unwrap_err();
    assert!(err.to_string().contains("no/such/dir"), "{err}");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        vec![std::ffi::OsString::from("out.npz")],
        "temporary files left behind"
    );
    // A path without a file name is an error.
    assert!(matches!(
        write_npz("", &[("x", &one)]).unwrap_err(),
        NpyError::Io { .. }
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn malformed_npz_input_is_reported_not_panicking() {
    let arrays = [(
        "v",
        NpyArray::matrix(2, 2, vec![1.0, 2.0, 3.0, 4.0]).unwrap(),
    )];
    let good = to_npz_bytes(&arrays).unwrap();
    assert!(matches!(
        read_npz_bytes(b"not a zip").unwrap_err(),
        NpyError::Zip { .. } | NpyError::Io { .. }
    ));
    for cut in 0..good.len() {
        assert!(read_npz_bytes(&good[..cut]).is_err(), "cut at {cut}");
    }
    for k in 0..good.len() {
        let mut bad = good.clone();
        bad[k] ^= 0x55;
        let _ = read_npz_bytes(&bad);
    }
    // A member that is not an NPY array names the member.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("junk.npy", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"hello").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let err = read_npz_bytes(&bytes).unwrap_err();
    assert!(matches!(err.root(), NpyError::BadMagic { .. }), "{err}");
    assert!(err.to_string().contains("junk.npy"), "{err}");
    let dir = temp_dir("badnpz");
    std::fs::write(dir.join("junk.npz"), &bytes).unwrap();
    let err = read_npz(dir.join("junk.npz")).unwrap_err();
    assert!(
        err.to_string().contains("junk.npz") && err.to_string().contains("junk.npy"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reads_the_brian2_reference_ng_lif_basic() {
    let arrays = read_npz(conformance_ref("ng_lif_basic.npz")).unwrap();
    let summary: Vec<(&str, Vec<usize>, Dtype)> = arrays
        .iter()
        .map(|(k, a)| (k.as_str(), a.shape.clone(), a.dtype()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("spike_i", vec![40], Dtype::I32),
            ("spike_t", vec![40], Dtype::F64),
            ("count", vec![6], Dtype::I32),
            ("num_spikes", vec![1], Dtype::I32),
            ("t", vec![600], Dtype::F64),
            ("v", vec![6, 600], Dtype::F64),
            ("v_end", vec![6], Dtype::F64),
        ]
    );
    let map: std::collections::BTreeMap<_, _> = arrays.into_iter().collect();
    // Consistency of the reference itself: counts add up to the number of spikes.
    let counts = map["count"].to_f64_vec();
    assert_eq!(
        counts.iter().sum::<f64>(),
        map["num_spikes"].to_f64_vec()[0]
    );
    assert_eq!(
        map["num_spikes"].to_f64_vec()[0] as usize,
        map["spike_t"].len()
    );
    assert!(map["t"].to_f64_vec().windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn reads_every_stored_reference_npz() {
    let dir = conformance_ref("");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "npz") {
            let arrays = read_npz(&path).unwrap_or_else(|e| panic!("{e}"));
            assert!(!arrays.is_empty(), "{}", path.display());
            // Re-encoding with our writer gives the same arrays back.
            assert_eq!(
                read_npz_bytes(&to_npz_bytes(&arrays).unwrap()).unwrap(),
                arrays
            );
            n += 1;
        }
    }
    assert!(n >= 20, "only {n} reference files found");
}
