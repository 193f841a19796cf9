//! Switching objects off and on between runs (Brian2's `obj.active = False`): an
//! inactive object keeps its state but is not simulated, and an inactive monitor
//! does not record.

use crate::api::monitors::{SpikeMonitorId, StateMonitorId};
use crate::api::neuron_group::GroupId;
use crate::api::poisson::PoissonInputId;
use crate::api::rate_monitor::RateMonitorId;
use crate::error::{Error, Result};
use crate::runtime::network::Network;

/// An object of a network that runs can skip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetworkObject {
    /// A `NeuronGroup`, `Synapses`, `PoissonGroup` or `SpikeGeneratorGroup`.
    Group(GroupId),
    /// A `StateMonitor`.
    StateMonitor(StateMonitorId),
    /// A `SpikeMonitor` or `EventMonitor`.
    SpikeMonitor(SpikeMonitorId),
    /// A `PopulationRateMonitor`.
    RateMonitor(RateMonitorId),
    /// A `PoissonInput`.
    PoissonInput(PoissonInputId),
}

macro_rules! network_object_from {
    ($($id:ident => $variant:ident),*) => {
        $(impl From<$id> for NetworkObject {
            fn from(id: $id) -> NetworkObject {
                NetworkObject::$variant(id)
            }
        })*
    };
}

network_object_from!(GroupId => Group, StateMonitorId => StateMonitor, SpikeMonitorId => SpikeMonitor, RateMonitorId => RateMonitor, PoissonInputId => PoissonInput);

impl Network {
    /// Whether runs simulate `obj` (all objects are active when created).
    pub fn is_active(&self, obj: impl Into<NetworkObject>) -> Result<bool> {
        let unknown = || Error::InvalidArgument("unknown object".to_string());
        Ok(match obj.into() {
            NetworkObject::Group(g) => self.groups.get(g.0).ok_or_else(unknown)?.active,
            NetworkObject::StateMonitor(m) => {
                self.state_monitors.get(m.0).ok_or_else(unknown)?.active
            }
            NetworkObject::SpikeMonitor(m) => {
                self.spike_monitors.get(m.0).ok_or_else(unknown)?.active
            }
            NetworkObject::RateMonitor(m) => {
                self.rate_monitors.get(m.0).ok_or_else(unknown)?.active
            }
            NetworkObject::PoissonInput(PoissonInputId(g, k)) => {
                self.groups
                    .get(g.0)
                    .and_then(|grp| grp.poisson_inputs.get(k))
                    .ok_or_else(unknown)?
                    .active
            }
        })
    }

    /// Switch `obj` on or off for the next runs (Brian2's `obj.active = ...`). An
    /// inactive group keeps its variables and runs none of its code (no state update,
    /// threshold, reset, `run_regularly`, inputs); an inactive monitor records nothing
    /// while it is off.
    pub fn set_active(&mut self, obj: impl Into<NetworkObject>, active: bool) -> Result<()> {
        let unknown = || Error::InvalidArgument("unknown object".to_string());
        let flag = match obj.into() {
            NetworkObject::Group(g) => &mut self.groups.get_mut(g.0).ok_or_else(unknown)?.active,
            NetworkObject::StateMonitor(m) => {
                &mut self.state_monitors.get_mut(m.0).ok_or_else(unknown)?.active
            }
            NetworkObject::SpikeMonitor(m) => {
                &mut self.spike_monitors.get_mut(m.0).ok_or_else(unknown)?.active
            }
            NetworkObject::RateMonitor(m) => {
                &mut self.rate_monitors.get_mut(m.0).ok_or_else(unknown)?.active
            }
            NetworkObject::PoissonInput(PoissonInputId(g, k)) => {
                &mut self
                    .groups
                    .get_mut(g.0)
                    .and_then(|grp| grp.poisson_inputs.get_mut(k))
                    .ok_or_else(unknown)?
                    .active
            }
        };
        *flag = active;
        Ok(())
    }
}
