//! The simulation runtime: clocks, the schedule, objects' columns and recorded data,
//! code objects bound to columns, and the network's step loop.

pub mod clock;
pub mod code_object;
pub mod connect;
pub mod generator;
pub mod network;
pub mod objects;
pub mod poisson;
pub mod random;
pub mod rate_monitor;
pub mod rates;
pub mod record_buffer;
pub mod schedule;
pub mod stack;
pub mod store;
pub mod synapse_run;
pub mod synapses;
