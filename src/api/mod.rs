//! The embedded Rust API: build groups and monitors in a [`Network`], set their
//! variables, run, and read results with units. It wires `check`, `codegen`,
//! `spikelift-jit` and `runtime` together and owns no simulation logic of its own.

pub mod active;
pub mod inputs;
pub mod linked;
pub mod monitors;
pub mod network;
pub mod neuron_group;
pub mod poisson;
pub mod rate_monitor;
pub mod schedule;
pub mod states;
pub mod synapses;
pub mod timed_array;
pub mod values;

pub use crate::runtime::network::Network;
pub use active::NetworkObject;
pub use monitors::{
    EventMonitorOptions, Record, SpikeData, SpikeMonitorId, StateData, StateMonitorId,
    StateMonitorOptions,
};
pub use network::{ClockId, Progress, Selection};
pub use neuron_group::{GroupId, NeuronGroup, Refractoriness};
pub use poisson::{PoissonGroupOptions, PoissonInputId, PoissonRates};
pub use rate_monitor::{RateData, RateMonitorId};
pub use schedule::{ProfilingSummary, ScheduledObject, SchedulingSummary};
pub use synapses::{Connect, Neurons, Synapses, SynapticDelay};
pub use values::{QuantitySlice, Values};
