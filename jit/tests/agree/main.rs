//! Integration tests of spikelift-jit: hand-written kernels of every shape, edge inputs
//! of every intrinsic and comparison, random kernels (interpreter vs JIT bitwise), and
//! binding/verification errors, wide kernels (many arrays and locals) and indirect
//! access through index arrays, and table lookups.

mod common;

mod edges;
mod errors;
mod lookup;
mod prop;
mod prop_via;
mod shapes;
mod via;
mod wide;
