//! Network-level verbs of the embedded API: running, time, clocks, threads and the
//! backend choice.
//!
//! A run can be stopped from outside at a time step boundary: set the flag returned by
//! [`Network::stop_flag`] (from another thread or a signal handler) and the run returns
//! [`Error::Interrupted`] with the time reached, keeping every variable and all
//! recorded data; the flag is cleared. [`Network::run_reporting`] reports progress
//! (Brian2's `report=`) about every given period of wall-clock time.

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
pub use crate::runtime::network::Progress;
use crate::units::{Dimension, Quantity};
use spikelift_jit::Backend;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

fn check_duration(duration: Quantity) -> Result<()> {
    if duration.dim != Dimension::TIME {
        return Err(Error::InvalidArgument(format!(
            "the duration of a run must be a time, got a quantity with unit {}",
            duration.dim
        )));
    }
    Ok(())
}

impl Network {
    /// The flag that stops a run: setting it (to `true`, from any thread or a signal
    /// handler) ends the current run, or the next one if none is running, at the next
    /// time step boundary. That run returns [`Error::Interrupted`]; the network's time
    /// is the time reached (every clock consistent with it), all state and monitor
    /// data up to there are kept, a later run continues from there, and the flag is
    /// cleared. Checking it costs one relaxed atomic load per time step.
    ///
    /// ```
    /// use spikelift::prelude::*;
    /// use std::sync::atomic::Ordering;
    /// let mut net = Network::new();
    /// net.add(NeuronGroup::new(1, "dv/dt = -v/(10*ms) : 1")?)?;
    /// net.stop_flag().store(true, Ordering::Relaxed);
    /// assert!(matches!(net.run(10.0 * ms), Err(spikelift::Error::Interrupted { .. })));
    /// assert_eq!(net.t().value, 0.0);
    /// net.run(10.0 * ms)?; // the flag was cleared
    /// # Ok::<(), spikelift::Error>(())
    /// ```
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }

    /// [`run`](Network::run), or [`run_selected`](Network::run_selected) with a
    /// selection, reporting progress: `report` gets a [`Progress`] at the start
    /// (`completed` 0), then about every `period` of wall-clock time, and at the end
    /// (`done`), as Brian2's `report=` callback does. The wall clock is read only every
    /// few steps (about every millisecond), never per neuron.
    pub fn run_reporting(
        &mut self,
        duration: Quantity,
        selection: Option<&Selection>,
        period: std::time::Duration,
        report: &mut dyn FnMut(&Progress),
    ) -> Result<()> {
        check_duration(duration)?;
        if let Some(sel) = selection {
            self.check_dependencies(sel)?;
            self.select_objects(sel);
        }
        let res = self.run_seconds_reporting(duration.value, Some((period, report)));
        self.selection = None;
        res
    }

    /// Restore only the objects of `selection` to the state stored under `name`
    /// (Brian2's `net.restore(name)` of an explicit network), and the random state if
    /// `random_state`. The network's time is left alone; the stored time is returned
    /// (the selection's own time).
    pub fn restore_selected(
        &mut self,
        name: &str,
        selection: &Selection,
        random_state: bool,
    ) -> Result<Quantity> {
        self.select_objects(selection);
        let res = self.restore_state(name, random_state);
        self.selection = None;
        res?;
        Ok(self.stored_t(name).unwrap_or_else(|| self.t()))
    }

    /// Add to `selection` what its objects depend on (a monitor's group, a `Synapses`
    /// object's source and target), as a script's implicit network holds them.
    pub fn add_dependencies(&self, selection: &mut Selection) {
        let mut needed: Vec<usize> = Vec::new();
        for m in &selection.state_monitors {
            needed.extend(self.state_monitors.get(m.0).map(|mon| mon.group));
        }
        for m in &selection.spike_monitors {
            needed.extend(self.spike_monitors.get(m.0).map(|mon| mon.group));
        }
        for g in &selection.groups {
            if let Some(d) = self.groups.get(g.0).and_then(|grp| grp.synapses.as_ref()) {
                needed.extend([d.source.group, d.target.group]);
            }
        }
        for g in needed {
            if !selection.groups.iter().any(|x| x.0 == g) {
                selection.groups.push(GroupId(g));
            }
        }
    }

    /// Brian2's check that a network holds what its objects depend on: a monitor's
    /// group, a `Synapses` object's source and target.
    fn check_dependencies(&self, selection: &Selection) -> Result<()> {
        let missing = |name: &str| {
            Err(Error::InvalidArgument(format!(
                "'{name}' has been included in the network but not the object on which it depends."
            )))
        };
        let has = |g: usize| selection.groups.iter().any(|x| x.0 == g);
        for m in &selection.state_monitors {
            if let Some(mon) = self.state_monitors.get(m.0)
                && !has(mon.group)
            {
                return missing(&mon.name);
            }
        }
        for m in &selection.spike_monitors {
            if let Some(mon) = self.spike_monitors.get(m.0)
                && !has(mon.group)
            {
                return missing(&mon.name);
            }
        }
        for g in &selection.groups {
            if let Some(d) = self.groups.get(g.0).and_then(|grp| grp.synapses.as_ref())
                && !(has(d.source.group) && has(d.target.group))
            {
                return missing(&self.groups[g.0].name);
            }
        }
        Ok(())
    }

    pub(crate) fn select_objects(&mut self, selection: &Selection) {
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
    }

    /// The order of the schedule's slots (Brian2's `Network.schedule`).
    pub fn schedule(&self) -> Vec<&'static str> {
        self.schedule.names()
    }

    /// Run the schedule's slots in another order (Brian2's `net.schedule = [...]`):
    /// every slot of `start`, `groups`, `thresholds`, `synapses`, `resets`, `end`
    /// exactly once.
    pub fn set_schedule(&mut self, slots: &[&str]) -> Result<()> {
        self.schedule = crate::runtime::schedule::Schedule::from_names(slots)
            .map_err(Error::InvalidArgument)?;
        Ok(())
    }

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
        check_duration(duration)?;
        self.run_seconds(duration.value)
    }

    /// Simulate only the given objects for `duration` (Brian2's explicit
    /// `Network(G, M).run(...)`, or a magic `run()` that sees only some objects); the
    /// others keep their state.
    pub fn run_selected(&mut self, duration: Quantity, selection: &Selection) -> Result<()> {
        self.check_dependencies(selection)?;
        self.select_objects(selection);
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

    /// The current time of a clock: its time step times its `dt`. After a run whose
    /// duration is not a multiple of `dt` this is past the network's time, as in
    /// Brian2 (`run(3.05*ms)` at `dt = 0.1*ms` leaves clocks at 3.1 ms).
    pub fn clock_t(&self, clock: ClockId) -> Quantity {
        Quantity::new(self.clocks[clock.0].t(), Dimension::TIME)
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

    /// Check every group on its own (with its monitors) and return all the problems
    /// found, one per group at most, instead of stopping at the first.
    pub fn check_each(&mut self) -> Vec<Error> {
        let mut problems = Vec::new();
        for g in 0..self.groups.len() {
            let mut active = Active {
                groups: vec![false; self.groups.len()],
                state_monitors: vec![false; self.state_monitors.len()],
                spike_monitors: vec![false; self.spike_monitors.len()],
            };
            active.groups[g] = true;
            self.selection = Some(active);
            if let Err(e) = self.prepare() {
                problems.push(e);
            }
        }
        self.selection = None;
        problems
    }

    /// The current time of the network.
    pub fn t(&self) -> Quantity {
        Quantity::new(self.t, Dimension::TIME)
    }

    /// Continue the next run from time `t` instead of the current time (several
    /// Brian2 `Network` objects simulated by one `Network` each keep their own time:
    /// a script switches between them with this).
    pub fn set_t(&mut self, t: Quantity) -> Result<()> {
        if t.dim != Dimension::TIME || !(t.value >= 0.0 && t.value.is_finite()) {
            return Err(Error::InvalidArgument(format!(
                "the time of a network must be a non-negative time, got {t}"
            )));
        }
        self.t = t.value;
        Ok(())
    }

    /// Set `defaultclock.dt`.
    pub fn set_default_dt(&mut self, dt: Quantity) -> Result<()> {
        self.set_clock_dt(ClockId(0), dt)
    }

    /// Change the time step of a clock between runs (Brian2's `clock.dt = ...`): every
    /// object on it runs with the new `dt` from the next run on.
    pub fn set_clock_dt(&mut self, clock: ClockId, dt: Quantity) -> Result<()> {
        if dt.dim != Dimension::TIME || dt.value <= 0.0 || !dt.value.is_finite() {
            return Err(Error::InvalidArgument(format!(
                "dt must be a positive time, got {dt}"
            )));
        }
        let t = self.t;
        let clock = self
            .clocks
            .get_mut(clock.0)
            .ok_or_else(|| Error::InvalidArgument("unknown clock".to_string()))?;
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
