//! Whole-network tests through the embedded API: analytical solutions, Brian2
//! semantics, bad input, determinism across threads and agreement of the JIT with the
//! reference interpreter (on fixed networks and on random models), `TimedArray`.

mod analytical;
mod backends;
mod linked;
mod model_errors;
mod monitor_memory;
mod poisson;
mod random_models;
mod rate_monitor;
mod stochastic;
mod subgroups;
mod timed_array;
mod toolbox;
