//! cargo-fuzz target `differential`: the property `props::differential` (tests/fuzz_props/), shared
//! with the stable replay in tests/fuzz_replay.rs. See fuzz/README.md.
#![no_main]

#[path = "../../tests/fuzz_props/mod.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::differential(data));
