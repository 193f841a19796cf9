//! Network-level verbs of the embedded API: running, time, clocks, threads and the
//! backend choice.

use crate::api::neuron_group::GroupId;
use crate::api::{SpikeMonitorId, StateMonitorId};
use crate::error::{Error, Result};
use crate::runtime::network::{Active, Network};

/// A handle to a clock (`Clock(dt=...)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClockId(pub(crate) usize);

/// A set of objects to simulate together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Groups.
    pub groups: Vec<GroupId>,
    /// State monitors.
    pub state_monitors: Vec<StateMonitorId>,
    /// Spike monitors.
    pub spike_monitors: Vec<SpikeMonitorId>,
}
use crate::units::{Dimension, Quantity};
use spikelift_jit::Backend;

impl Network {
    /// Simulate for `duration` (Brian2's `run(100*ms)`); repeated calls continue.
    ///
    /// ```
    /// use spikelift::prelude::*;
    /// let mut net = Network::new();
    /// net.run(1.0 * ms)?;
    /// net.run(1.0 * ms)?;
    /// assert!((net.t().in_unit(ms)? - 2.0).abs() < 1e-12);
    /// # Ok::<(), spikelift::Error>(())
    /// ```
    pub fn run(&mut self, duration: Quantity) -> Result<()> {
        if duration.dim != Dimension::TIME {
            return Err(Error::InvalidArgument(format!(
                "the duration of a run must be a time, got a quantity with unit {}",
                duration.dim
            )));
        }
        self.run_seconds(duration.value)
    }

    /// Simulate only the given objects for `duration` (Brian2's explicit
    /// `Network(G, M).run(...)`, or a magic `run()` that sees only some objects); the
    /// others keep their state.
    pub fn run_selected(&mut self, duration: Quantity, selection: &Selection) -> Result<()> {
        let mut active = Active {
            groups: vec![false; self.groups.len()],
            state_monitors: vec![false; self.state_monitors.len()],
            spike_monitors: vec![false; self.spike_monitors.len()],
        };
        for g in &selection.groups {
            active.groups[g.0] = true;
        }
        for m in &selection.state_monitors {
            active.state_monitors[m.0] = true;
        }
        for m in &selection.spike_monitors {
            active.spike_monitors[m.0] = true;
        }
        self.selection = Some(active);
        let res = self.run(duration);
        self.selection = None;
        res
    }

    /// A new clock with time step `dt`, for groups that should share it
    /// (Brian2's `Clock(dt=...)`).
    pub fn add_clock(&mut self, dt: Quantity) -> Result<ClockId> {
        if dt.dim != Dimension::TIME || dt.value <= 0.0 || !dt.value.is_finite() {
            return Err(Error::InvalidArgument(format!(
                "dt must be a positive time, got {dt}"
            )));
        }
        Ok(ClockId(self.clock_for(Some(dt.value))))
    }

    /// The time step of a clock.
    pub fn clock_dt(&self, clock: ClockId) -> Quantity {
        Quantity::new(self.clocks[clock.0].dt, Dimension::TIME)
    }

    /// Resolve, check and compile every object's code without running anything
    /// (what `spikelift check` does at each `run()` of a script).
    pub fn check(&mut self) -> Result<()> {
        self.prepare().map(|_| ())
    }

    /// The current time of the network.
    pub fn t(&self) -> Quantity {
        Quantity::new(self.t, Dimension::TIME)
    }

    /// Set `defaultclock.dt`.
    pub fn set_default_dt(&mut self, dt: Quantity) -> Result<()> {
        if dt.dim != Dimension::TIME || dt.value <= 0.0 || !dt.value.is_finite() {
            return Err(Error::InvalidArgument(format!(
                "dt must be a positive time, got {dt}"
            )));
        }
        let t = self.t;
        let clock = &mut self.clocks[0];
        clock.dt = dt.value;
        clock.timestep = clock.calc_timestep(t);
        Ok(())
    }

    /// `defaultclock.dt`.
    pub fn default_dt(&self) -> Quantity {
        Quantity::new(self.clocks[0].dt, Dimension::TIME)
    }

    /// Run on `n` threads (a pool of this network's own); `None`: rayon's global pool.
    pub fn set_threads(&mut self, n: Option<usize>) -> Result<()> {
        self.threads = n;
        self.pool = match n {
            None => None,
            Some(k) => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(k.max(1))
                    .build()
                    .map_err(|e| {
                        Error::InvalidArgument(format!("cannot start {k} threads: {e}"))
                    })?,
            ),
        };
        Ok(())
    }

    /// Execute code objects with the reference interpreter or with native code (default).
    pub fn set_backend(&mut self, backend: Backend) {
        self.backend = backend;
    }
}
