//! Synapses through the Rust API: connectivity in every `connect` form, propagation
//! with delays, event-driven and clock-driven synaptic equations, summed variables,
//! plasticity, determinism across thread counts and backends, and the errors of bad
//! input.

mod connect;
mod determinism;
mod errors;
mod plasticity;
mod propagation;
