//! Everything a typical simulation needs, in one import: `use spikelift::prelude::*;`
//! brings the network, the builders, the monitors and Brian2's unit constants
//! (`ms`, `mV`, `nA`, ...).

pub use crate::api::{
    Connect, GroupId, Network, NeuronGroup, RateMonitorId, Record, Refractoriness, SpikeMonitorId,
    StateMonitorId, StateMonitorOptions, Synapses, SynapticDelay, Values,
};
pub use crate::check::synapses::Side;
pub use crate::error::{Error, Result};
pub use crate::units::consts::*;
pub use crate::units::{Dimension, Quantity, QuantityArray};
pub use spikelift_jit::Backend;
