//! Tidy rules for the whole source tree, checked as a test so that they cannot rot:
//!
//! * every `.rs` file under `src/`, `jit/src/`, `tests/`, `jit/tests/`, `benches/`,
//!   `examples/` and `fuzz/` starts with a `//!` module doc comment;
//! * no test is switched off with the `ignore` attribute, and no test passes by panicking
//!   with the `should_panic` attribute (assert on the returned error instead);
//! * no `dbg` macro call is left behind.
//!
//! The last two rules hold for every `.rs` file of the workspace (including `fuzz/`).

use std::path::{Path, PathBuf};

/// The workspace root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file below `dir` (sorted), skipping build output and hidden directories.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("directory entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" {
                    stack.push(path);
                }
            } else if name.ends_with(".rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_source_file_starts_with_a_module_doc() {
    let dirs = [
        "src",
        "jit/src",
        "tests",
        "jit/tests",
        "benches",
        "examples",
        "fuzz",
    ];
    let mut checked = 0;
    let mut offenders = Vec::new();
    for dir in dirs {
        for path in rust_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&path).expect("read a source file");
            checked += 1;
            if !text.starts_with("//!") {
                offenders.push(relative(&path));
            }
        }
    }
    assert!(checked > 50, "only {checked} files found: wrong root?");
    assert!(
        offenders.is_empty(),
        "these files do not start with a `//!` module doc:\n  {}",
        offenders.join("\n  ")
    );
}

#[test]
fn no_ignored_tests_no_should_panic_no_dbg() {
    // Spelled in pieces so that this file does not match itself.
    let forbidden = [
        ["#[", "ignore"].concat(),
        ["#[", "should_panic"].concat(),
        ["dbg", "!("].concat(),
    ];
    let mut offenders = Vec::new();
    for path in rust_files(root()) {
        let text = std::fs::read_to_string(&path).expect("read a source file");
        for (n, line) in text.lines().enumerate() {
            for pattern in &forbidden {
                if line.contains(pattern.as_str()) {
                    offenders.push(format!("{}:{}: {}", relative(&path), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "forbidden in the source tree ({}):\n  {}",
        forbidden.join(", "),
        offenders.join("\n  ")
    );
}
