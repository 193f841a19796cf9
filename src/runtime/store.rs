//! `store()` / `restore()`: named snapshots of a network's simulation state (time,
//! clocks, every group's variables and current spikes, synapses' connectivity,
//! delays and queued spikes, every monitor's data).
//! Objects created after a snapshot keep their state when it is restored.

use crate::error::{Error, Result};
use crate::runtime::clock::Clock;
use crate::runtime::network::Network;
use crate::runtime::objects::{SpikeMonitorState, StateMonitorState};
use crate::runtime::rate_monitor::RateMonitorState;

/// One stored state.
#[derive(Debug, Clone)]
pub struct Snapshot {
    t: f64,
    clocks: Vec<Clock>,
    columns: Vec<(Vec<Vec<f64>>, Vec<u32>)>,
    /// Number of elements and synapse data (connectivity, delays, queued spikes) of
    /// each object.
    synapses: Vec<(usize, Option<Box<crate::runtime::synapses::SynapseData>>)>,
    state_monitors: Vec<StateMonitorState>,
    spike_monitors: Vec<SpikeMonitorState>,
    rate_monitors: Vec<RateMonitorState>,
}

impl Network {
    /// Store the current state under `name` (Brian2's `store(name)`; the default
    /// name is `"default"`). Storing again under the same name replaces it.
    pub fn store(&mut self, name: &str) {
        let snapshot = Snapshot {
            t: self.t,
            clocks: self.clocks.clone(),
            columns: self
                .groups
                .iter()
                .map(|g| (g.columns.clone(), g.spikes.clone()))
                .collect(),
            synapses: self
                .groups
                .iter()
                .map(|g| (g.def.n, g.synapses.clone()))
                .collect(),
            state_monitors: self.state_monitors.clone(),
            spike_monitors: self.spike_monitors.clone(),
            rate_monitors: self.rate_monitors.clone(),
        };
        self.stored.insert(name.to_string(), snapshot);
    }

    /// Go back to the state stored under `name`: time, variables and monitor data.
    pub fn restore(&mut self, name: &str) -> Result<()> {
        let Some(s) = self.stored.get(name) else {
            let mut known: Vec<&str> = self.stored.keys().map(String::as_str).collect();
            known.sort_unstable();
            return Err(Error::InvalidArgument(format!(
                "no state stored under the name '{name}' (stored: {})",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )));
        };
        self.t = s.t;
        for (k, c) in s.clocks.iter().enumerate() {
            if let Some(clock) = self.clocks.get_mut(k) {
                *clock = c.clone();
            }
        }
        for (g, (columns, spikes)) in self.groups.iter_mut().zip(&s.columns) {
            g.columns.clone_from(columns);
            g.spikes.clone_from(spikes);
        }
        for (g, (n, data)) in self.groups.iter_mut().zip(&s.synapses) {
            if g.synapses.is_some() {
                g.def.n = *n;
                g.synapses.clone_from(data);
            }
        }
        for (m, stored) in self.state_monitors.iter_mut().zip(&s.state_monitors) {
            *m = stored.clone();
        }
        for (m, stored) in self.spike_monitors.iter_mut().zip(&s.spike_monitors) {
            *m = stored.clone();
        }
        for (m, stored) in self.rate_monitors.iter_mut().zip(&s.rate_monitors) {
            *m = stored.clone();
        }
        Ok(())
    }
}
