//! `store()` / `restore()`: named snapshots of a network's simulation state (time,
//! clocks, every group's variables and current spikes, synapses' connectivity,
//! delays and queued spikes, every monitor's data).
//! Objects created after a snapshot keep their state when it is restored. The random
//! state is stored too, but restored only on request, as in Brian2.

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
    /// The random state: epoch, whether it was drawn from, `connect` calls and setter
    /// draws so far.
    random: (u64, bool, u64, u64),
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
            random: (
                self.random_epoch,
                self.epoch_drawn,
                self.connect_calls,
                self.setter_draws,
            ),
        };
        self.stored.insert(name.to_string(), snapshot);
    }

    /// The time stored under `name`.
    pub(crate) fn stored_t(&self, name: &str) -> Option<crate::units::Quantity> {
        self.stored
            .get(name)
            .map(|s| crate::units::Quantity::new(s.t, crate::units::Dimension::TIME))
    }

    /// Go back to the state stored under `name`: time, variables and monitor data (of
    /// the selected objects only while a selection is set, and then not the time).
    /// As Brian2's `restore(name)`, not the random state: a run after it draws new
    /// random numbers (see [`Network::restore_with_random_state`]).
    pub fn restore(&mut self, name: &str) -> Result<()> {
        self.restore_state(name, false)
    }

    /// [`Network::restore`] including the random state, so that a run after it draws
    /// the same random numbers as after the store (Brian2's
    /// `restore(name, restore_random_state=True)`).
    pub fn restore_with_random_state(&mut self, name: &str) -> Result<()> {
        self.restore_state(name, true)
    }

    pub(crate) fn restore_state(&mut self, name: &str, random_state: bool) -> Result<()> {
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
        if random_state {
            (
                self.random_epoch,
                self.epoch_drawn,
                self.connect_calls,
                self.setter_draws,
            ) = s.random;
        } else if self.epoch_drawn {
            self.epochs_used += 1;
            self.random_epoch = self.epochs_used;
            self.epoch_drawn = false;
        }
        // With a selection (an explicit network of a script), only its objects go
        // back; the time is the caller's to manage.
        let keep = |v: Option<&Vec<bool>>, k: usize| v.is_none_or(|a| a.get(k) == Some(&true));
        let sel = self.selection.as_ref();
        if sel.is_none() {
            self.t = s.t;
            for (k, c) in s.clocks.iter().enumerate() {
                if let Some(clock) = self.clocks.get_mut(k) {
                    *clock = c.clone();
                }
            }
        }
        let groups = sel.map(|a| &a.groups);
        for (k, (g, (columns, spikes))) in self.groups.iter_mut().zip(&s.columns).enumerate() {
            if keep(groups, k) {
                g.columns.clone_from(columns);
                g.spikes.clone_from(spikes);
            }
        }
        for (k, (g, (n, data))) in self.groups.iter_mut().zip(&s.synapses).enumerate() {
            if g.synapses.is_some() && keep(groups, k) {
                g.def.n = *n;
                g.synapses.clone_from(data);
            }
        }
        let state = sel.map(|a| &a.state_monitors);
        for (k, (m, stored)) in self
            .state_monitors
            .iter_mut()
            .zip(&s.state_monitors)
            .enumerate()
        {
            if keep(state, k) {
                *m = stored.clone();
            }
        }
        let spike = sel.map(|a| &a.spike_monitors);
        for (k, (m, stored)) in self
            .spike_monitors
            .iter_mut()
            .zip(&s.spike_monitors)
            .enumerate()
        {
            if keep(spike, k) {
                *m = stored.clone();
            }
        }
        for (m, stored) in self.rate_monitors.iter_mut().zip(&s.rate_monitors) {
            if keep(groups, m.group) {
                *m = stored.clone();
            }
        }
        Ok(())
    }
}
