//! The properties of the fuzz targets, shared by the real fuzzer and the stable replay.
//!
//! One file set, two users:
//! - `fuzz/fuzz_targets/<target>.rs` (cargo-fuzz, libFuzzer) includes this module with
//!   `#[path = "../../tests/fuzz_props/mod.rs"] mod props;` and calls `props::<target>`;
//! - `tests/fuzz_replay.rs` (plain `cargo test`, stable) includes it the same way and
//!   runs every property over every file of `fuzz/corpus/<target>/` and
//!   `fuzz/regressions/<target>/`, plus a short seeded proptest per target.
//!
//! The root crate's tests cannot depend on the fuzz package, and the fuzz package
//! cannot see the root crate's test code, hence `#[path]` rather than a library.
//! Everything here depends only on `spikelift`, `spikelift-jit`, `arbitrary` and std.
//!
//! Every property takes the fuzzer's raw bytes and panics when it is violated.
//! "No panic" is only the start: spans must lie in their source on character
//! boundaries, parse → print → parse must be a fixed point, the interpreter and the
//! JIT must agree bit for bit, and no error may be one that reports a bug.
#![allow(dead_code)]

pub mod differential;
pub mod front_end;
pub mod script;
pub mod sim;
pub mod syntax;

use spikelift::diag::Span;
use std::borrow::Cow;

pub use differential::differential;
pub use front_end::front_end;
pub use script::script;
pub use syntax::{equations, expression};

/// A property: panics if the input violates it.
pub type Property = fn(&[u8]);

/// Every fuzz target: its name (the directory under `fuzz/corpus/` and
/// `fuzz/regressions/`, and the cargo-fuzz target name) and its property.
pub const TARGETS: [(&str, Property); 5] = [
    ("equations", equations),
    ("expression", expression),
    ("front_end", front_end),
    ("script", script),
    ("differential", differential),
];

/// The fuzzer's bytes as text (invalid UTF-8 becomes U+FFFD, which the parsers must
/// handle like any other character).
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `span` lies inside `src` and on character boundaries.
#[track_caller]
pub fn check_span(span: Span, src: &str, what: &str) {
    let (s, e) = (span.start as usize, span.end as usize);
    assert!(
        s <= e && e <= src.len(),
        "{what}: span {span} out of bounds for {} bytes in {src:?}",
        src.len()
    );
    assert!(
        src.is_char_boundary(s) && src.is_char_boundary(e),
        "{what}: span {span} not on char boundaries in {src:?}"
    );
}

/// `inner` lies within `outer`.
#[track_caller]
pub fn check_nested(inner: Span, outer: Span, what: &str) {
    assert!(
        outer.start <= inner.start && inner.end <= outer.end,
        "{what}: span {inner} is not inside its parent {outer}"
    );
}

/// Bit patterns of `values` with every NaN made the same (the interpreter and the JIT
/// agree bit for bit except that any NaN equals any NaN).
pub fn bits(values: &[f64]) -> Vec<u64> {
    values
        .iter()
        .map(|x| if x.is_nan() { u64::MAX } else { x.to_bits() })
        .collect()
}
