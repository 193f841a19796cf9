//! cargo-fuzz target `equations`: the property `props::equations` (tests/fuzz_props/), shared
//! with the stable replay in tests/fuzz_replay.rs. See fuzz/README.md.
#![no_main]

#[path = "../../tests/fuzz_props/mod.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::equations(data));
