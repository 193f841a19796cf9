//! Whole-network tests through the embedded API: analytical solutions, Brian2
//! semantics, bad input, determinism across threads and agreement of the JIT with the
//! reference interpreter.

mod analytical;
mod backends;
mod model_errors;
