//! spikelift: a Brian2-compatible spiking neural network simulator.
//!
//! Models are written as Brian2 equation strings; every code object is checked for
//! physical dimensions, lowered to a small kernel IR and compiled to native code with
//! Cranelift (crate `spikelift-jit`), then run over chunks of neurons with rayon.
//!
//! ```
//! use spikelift::prelude::*;
//! let mut net = Network::new();
//! let g = net.add(
//!     NeuronGroup::new(3, "dv/dt = (v0 - v)/(10*ms) : volt\nv0 : volt")?
//!         .threshold("v > 10*mV")
//!         .reset("v = 0*mV")
//!         .refractory(2.0 * ms),
//! )?;
//! net.set(g, "v0", "i*10*mV + 5*mV")?;
//! let spikes = net.spike_monitor(g)?;
//! net.run(100.0 * ms)?;
//! let counts = net.spike_data(spikes).count().to_vec();
//! assert_eq!(counts[0], 0); // v0 = 5 mV never reaches the threshold
//! assert!(counts[2] > counts[1]);
//! # Ok::<(), spikelift::Error>(())
//! ```
#![forbid(unsafe_code)]

pub mod api;
pub mod check;
pub mod codegen;
pub mod diag;
pub mod error;
pub mod io;
pub mod plot;
pub mod prelude;
pub mod runtime;
pub mod script;
pub mod syntax;
pub mod units;

pub use api::{GroupId, Network, NeuronGroup};
pub use error::{Error, Result};
