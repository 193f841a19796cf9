//! Code generation: from checked group models to abstract code (integration methods,
//! event code, setters, recorders) and from abstract code to the kernel IR of
//! `spikelift-jit`.
//!
//! Values here are unit-free SI numbers; dimensions were checked before.

pub mod abstract_code;
pub mod group_code;
pub mod integrate;
pub mod lower;
pub mod poisson_code;
pub mod sym;
pub mod synapse_code;

pub use abstract_code::{AbstractCode, Stmt};
pub use integrate::Method;
