//! Monitors in the embedded API: creating `StateMonitor`s and `SpikeMonitor`s and
//! reading their data with units.

use crate::api::neuron_group::GroupId;
use crate::api::rate_monitor::{bin_size_steps, predefined_window};
use crate::api::synapses::Neurons;
use crate::api::values::QuantitySlice;
use crate::check::close_matches;
use crate::error::{Error, Result};
use crate::runtime::network::Network;
use crate::runtime::objects::{RecordedVar, SpikeMonitorState, StateMonitorState};
use crate::runtime::rates::{bin_events, check_custom_window, smooth};
use crate::runtime::record_buffer::RecordBuffer;
use crate::runtime::schedule::When;
use crate::units::{Dimension, Quantity};
use std::borrow::Cow;

/// Which neurons a `StateMonitor` records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// Every neuron (`record=True`).
    All,
    /// The given neurons, in this order (`record=[0, 5]`).
    Indices(Vec<u32>),
}

/// Options of a `StateMonitor` besides its variables.
#[derive(Debug, Clone, PartialEq)]
pub struct StateMonitorOptions {
    /// Which neurons.
    pub record: Record,
    /// Sampling interval (default: the group's clock).
    pub dt: Option<Quantity>,
    /// A clock shared with other objects (Brian2's `clock=`); not with `dt`.
    pub clock: Option<crate::api::ClockId>,
    /// Schedule slot (default `start`).
    pub when: String,
    /// Order in the slot.
    pub order: i32,
    /// Name (default `statemonitor`, `statemonitor_1`, ...).
    pub name: Option<String>,
}

impl Default for StateMonitorOptions {
    fn default() -> StateMonitorOptions {
        StateMonitorOptions {
            record: Record::All,
            dt: None,
            clock: None,
            when: "start".to_string(),
            order: 0,
            name: None,
        }
    }
}

/// Options of a `SpikeMonitor` or `EventMonitor` besides its source, event and
/// variables.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventMonitorOptions {
    /// Schedule slot (default: that of the event's threshold, right after it).
    pub when: Option<String>,
    /// Order in the slot (default 0 with `when`; only with `when`, as in Brian2).
    pub order: Option<i32>,
    /// Name (default `spikemonitor`, `eventmonitor`, ... with a number if taken).
    pub name: Option<String>,
}

/// A handle to a `StateMonitor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StateMonitorId(pub(crate) usize);

/// A handle to a `SpikeMonitor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpikeMonitorId(pub(crate) usize);

/// The variable `name` a monitor records, or an error naming what it records.
fn recorded_var<'a>(monitor: &str, vars: &'a [RecordedVar], name: &str) -> Result<&'a RecordedVar> {
    vars.iter()
        .find(|v| v.name == name)
        .ok_or_else(|| Error::UnknownVariable {
            object: monitor.to_string(),
            name: name.to_string(),
            candidates: close_matches(name, vars.iter().map(|v| v.name.as_str())),
        })
}

/// Read access to a `StateMonitor`'s data.
#[derive(Debug, Clone, Copy)]
pub struct StateData<'a>(&'a StateMonitorState);

impl<'a> StateData<'a> {
    /// The monitor's name.
    pub fn name(&self) -> &'a str {
        &self.0.name
    }

    /// The recorded variables' names.
    pub fn var_names(&self) -> Vec<&'a str> {
        self.0.vars.iter().map(|v| v.name.as_str()).collect()
    }

    /// Recording times.
    pub fn t(&self) -> QuantitySlice<'a> {
        QuantitySlice::from_cow(self.0.t.contiguous(), Dimension::TIME)
    }

    /// The recorded neuron indices (relative to the recorded subgroup).
    pub fn indices(&self) -> &'a [u32] {
        &self.0.indices
    }

    fn var(&self, name: &str) -> Result<&'a RecordedVar> {
        recorded_var(&self.0.name, &self.0.vars, name)
    }

    /// The trace of variable `name` for the `k`-th recorded neuron (Brian2's `M.v[k]`).
    pub fn trace(&self, name: &str, k: usize) -> Result<QuantitySlice<'static>> {
        let v = self.var(name)?;
        let n_rec = self.0.indices.len();
        if k >= n_rec {
            return Err(Error::InvalidArgument(format!(
                "monitor '{}' records {n_rec} neurons, index {k} is out of range",
                self.0.name
            )));
        }
        Ok(QuantitySlice::owned(
            v.values.iter().skip(k).step_by(n_rec).collect(),
            v.dim,
        ))
    }

    /// Bytes of memory holding the record (times and values), as allocated: exactly
    /// the data, since each run reserves its samples before it starts.
    pub fn allocated_bytes(&self) -> usize {
        self.0.t.allocated_bytes()
            + self
                .0
                .vars
                .iter()
                .map(|v| v.values.allocated_bytes())
                .sum::<usize>()
    }

    /// All recorded values of `name`, time-major (`[time][recorded neuron]`).
    pub fn values(&self, name: &str) -> Result<QuantitySlice<'a>> {
        let v = self.var(name)?;
        Ok(QuantitySlice::from_cow(v.values.contiguous(), v.dim))
    }
}

/// Read access to a `SpikeMonitor`'s data.
#[derive(Debug, Clone, Copy)]
pub struct SpikeData<'a> {
    state: &'a SpikeMonitorState,
    /// The time step of the recorded group's clock.
    dt: f64,
    /// The steps that clock has simulated.
    elapsed: i64,
}

impl<'a> SpikeData<'a> {
    /// The monitor's name.
    pub fn name(&self) -> &'a str {
        &self.state.name
    }

    /// Spike times.
    pub fn t(&self) -> QuantitySlice<'a> {
        QuantitySlice::from_cow(self.state.t.contiguous(), Dimension::TIME)
    }

    /// Neuron index of each spike (borrowed while the record fits one chunk of
    /// storage, gathered otherwise; [`SpikeData::iter`] never copies).
    pub fn i(&self) -> Cow<'a, [i32]> {
        self.state.i.contiguous()
    }

    /// The spikes in the order they were recorded: (neuron index, time in seconds).
    pub fn iter(&self) -> impl Iterator<Item = (i32, f64)> + 'a {
        self.state.i.iter().zip(self.state.t.iter())
    }

    /// The spike times of each neuron, in order (Brian2's `spike_trains()`).
    pub fn spike_trains(&self) -> Vec<QuantitySlice<'static>> {
        self.split_by_neuron(self.state.t.iter(), Dimension::TIME)
    }

    /// The values of `name` (a recorded variable, or `t`) at each event, one array per
    /// neuron in the order of the events (Brian2's `values(name)`; `t` gives
    /// `spike_trains()`). Needs the events, so a monitor with `record=False` has none.
    pub fn values_by_neuron(&self, name: &str) -> Result<Vec<QuantitySlice<'static>>> {
        self.recorded()?;
        if name == "t" {
            return Ok(self.spike_trains());
        }
        let v = self.var(name)?;
        Ok(self.split_by_neuron(v.values.iter(), v.dim))
    }

    /// One array per neuron of the `values` recorded at each event.
    fn split_by_neuron(
        &self,
        values: impl Iterator<Item = f64>,
        dim: Dimension,
    ) -> Vec<QuantitySlice<'static>> {
        let mut rows: Vec<Vec<f64>> = self
            .state
            .count
            .iter()
            .map(|&c| Vec::with_capacity(usize::try_from(c).unwrap_or(0)))
            .collect();
        for (i, x) in self.state.i.iter().zip(values) {
            rows[i as usize].push(x);
        }
        rows.into_iter()
            .map(|r| QuantitySlice::owned(r, dim))
            .collect()
    }

    /// Event rates per neuron in bins of `bin_size`, a multiple of `dt` (Brian2's
    /// `binned_rate` of a `SpikeMonitor`/`EventMonitor`): the start of each complete
    /// bin since time 0, and one row of rates per neuron. Needs the spike times, so a
    /// monitor with `record=False` has none.
    pub fn binned_rate(
        &self,
        bin_size: Quantity,
    ) -> Result<(QuantitySlice<'static>, Vec<QuantitySlice<'static>>)> {
        let steps = bin_size_steps(bin_size, self.dt)?;
        self.recorded()?;
        let n_bins = usize::try_from(self.elapsed).unwrap_or(0) / steps;
        let bytes = n_bins
            .checked_mul(self.state.count.len())
            .and_then(|k| k.checked_mul(8));
        crate::runtime::objects::ensure_allocatable(bytes, &|| {
            format!(
                "the rates of {} neurons in {n_bins} bins",
                self.state.count.len()
            )
        })?;
        let (bins, rows) = bin_events(
            self.iter(),
            self.state.count.len(),
            self.elapsed,
            steps,
            bin_size.value,
            self.dt,
        );
        Ok((
            QuantitySlice::owned(bins, Dimension::TIME),
            rows.into_iter()
                .map(|r| QuantitySlice::owned(r, Dimension::FREQUENCY))
                .collect(),
        ))
    }

    /// The rate of each neuron at every step, smoothed with a predefined window
    /// (Brian2's `smooth_rate(window, width)`; see [`RateData::smooth_rate`]).
    ///
    /// [`RateData::smooth_rate`]: crate::api::RateData::smooth_rate
    pub fn smooth_rate(
        &self,
        window: &str,
        width: Quantity,
    ) -> Result<Vec<QuantitySlice<'static>>> {
        let w = predefined_window(window, width, self.dt)?;
        self.smooth_rate_custom(&w)
    }

    /// The rate of each neuron at every step, smoothed with a window given as values
    /// (an odd number of them, normalised to a sum of 1).
    pub fn smooth_rate_custom(&self, window: &[f64]) -> Result<Vec<QuantitySlice<'static>>> {
        check_custom_window(window).map_err(Error::InvalidArgument)?;
        let (_, rows) = self.binned_rate(Quantity::new(self.dt, Dimension::TIME))?;
        Ok(rows
            .iter()
            .map(|r| QuantitySlice::owned(smooth(r.si(), window), Dimension::FREQUENCY))
            .collect())
    }

    /// An error unless the monitor keeps spike times and indices.
    fn recorded(&self) -> Result<()> {
        if self.state.record {
            Ok(())
        } else {
            Err(Error::InvalidArgument(format!(
                "monitor '{}' only counts its events (record=False): it has no times to compute rates from",
                self.state.name
            )))
        }
    }

    /// Number of spikes of each neuron.
    pub fn count(&self) -> &'a [u64] {
        &self.state.count
    }

    /// Total number of spikes.
    pub fn num_spikes(&self) -> u64 {
        self.state.count.iter().sum()
    }

    /// The value of a recorded variable at each spike.
    pub fn values(&self, name: &str) -> Result<QuantitySlice<'a>> {
        let v = self.var(name)?;
        Ok(QuantitySlice::from_cow(v.values.contiguous(), v.dim))
    }

    fn var(&self, name: &str) -> Result<&'a RecordedVar> {
        recorded_var(&self.state.name, &self.state.vars, name)
    }

    /// Bytes of memory holding the record (indices, times, values), as allocated:
    /// the data and the unused tail of the last chunk of each column, never more than
    /// the data itself nor 512 KiB per column.
    pub fn allocated_bytes(&self) -> usize {
        self.state.i.allocated_bytes()
            + self.state.t.allocated_bytes()
            + self
                .state
                .vars
                .iter()
                .map(|v| v.values.allocated_bytes())
                .sum::<usize>()
    }

    /// The names of the variables recorded at each spike.
    pub fn var_names(&self) -> Vec<&'a str> {
        self.state.vars.iter().map(|v| v.name.as_str()).collect()
    }
}

impl Network {
    /// Record variables of a group (Brian2's `StateMonitor(G, ['v'], record=...)`).
    pub fn state_monitor(
        &mut self,
        g: impl Into<Neurons>,
        vars: &[&str],
        options: StateMonitorOptions,
    ) -> Result<StateMonitorId> {
        let source = g.into();
        let (g, start, stop) = self.neuron_range(source)?;
        let group = self.group(g);
        let mut recorded = Vec::new();
        for name in vars {
            let id = self.var_of(g, name)?;
            recorded.push(RecordedVar {
                name: name.to_string(),
                var: id,
                dim: group.def.var(id).dim,
                values: RecordBuffer::new(),
            });
        }
        let record: Vec<u32> = match options.record {
            Record::All => (0..(stop - start) as u32).collect(),
            Record::Indices(ix) => ix,
        };
        if let Some(bad) = record.iter().find(|&&i| i as usize >= stop - start) {
            let what = match source.range {
                Some(_) => format!("subgroup {start}:{stop} of '{}'", group.name),
                None => format!("group '{}'", group.name),
            };
            return Err(Error::InvalidArgument(format!(
                "cannot record neuron {bad}: {what} has {} neurons",
                stop - start
            )));
        }
        let neurons: Vec<u32> = record.iter().map(|&i| i + start as u32).collect();
        let when = When::parse(&options.when).ok_or_else(|| {
            Error::InvalidArgument(format!("unknown schedule slot '{}'", options.when))
        })?;
        let group_clock = group.clock;
        let gi = g.0;
        let clock = match (options.dt, options.clock) {
            (Some(_), Some(_)) => {
                return Err(Error::InvalidArgument(
                    "can only specify either a dt or a clock, not both".to_string(),
                ));
            }
            (None, Some(c)) if c.0 < self.clocks.len() => c.0,
            (None, Some(_)) => return Err(Error::InvalidArgument("unknown clock".to_string())),
            (None, None) => group_clock,
            (Some(q), None) => {
                if q.dim != Dimension::TIME || !(q.value > 0.0 && q.value.is_finite()) {
                    return Err(Error::InvalidArgument(format!(
                        "dt of a StateMonitor must be a positive time, got {q}"
                    )));
                }
                self.clock_for(Some(q.value))
            }
        };
        let name = self.claim_name(options.name.as_deref(), "statemonitor")?;
        self.state_monitors.push(StateMonitorState {
            name,
            active: true,
            group: gi,
            vars: recorded,
            neurons,
            indices: record,
            t: RecordBuffer::new(),
            clock,
            when,
            order: options.order,
        });
        Ok(StateMonitorId(self.state_monitors.len() - 1))
    }

    /// Record the spikes of a group, or of neurons `a..b` of it (`g.slice(a, b)`, with
    /// indices relative to `a`), Brian2's `SpikeMonitor(G)` / `SpikeMonitor(G[a:b])`.
    pub fn spike_monitor(&mut self, g: impl Into<Neurons>) -> Result<SpikeMonitorId> {
        self.spike_monitor_with(g, true)
    }

    /// A `SpikeMonitor` that keeps spike times and indices (`record=true`) or only counts.
    pub fn spike_monitor_with(
        &mut self,
        g: impl Into<Neurons>,
        record: bool,
    ) -> Result<SpikeMonitorId> {
        self.spike_monitor_recording(g, &[], record)
    }

    /// A `SpikeMonitor` that also records variables at each spike
    /// (`SpikeMonitor(G, variables=['v'])`), before the reset changes them.
    pub fn spike_monitor_recording(
        &mut self,
        g: impl Into<Neurons>,
        variables: &[&str],
        record: bool,
    ) -> Result<SpikeMonitorId> {
        self.event_monitor(g, "spike", variables, record)
    }

    /// Record a group's events (Brian2's `EventMonitor(G, 'event', variables=...)`);
    /// the event `spike` is the threshold, so this is also the `SpikeMonitor`.
    pub fn event_monitor(
        &mut self,
        source: impl Into<Neurons>,
        event: &str,
        variables: &[&str],
        record: bool,
    ) -> Result<SpikeMonitorId> {
        self.event_monitor_with(
            source,
            event,
            variables,
            record,
            EventMonitorOptions::default(),
        )
    }

    /// [`Network::event_monitor`] with its own slot, order or name.
    pub fn event_monitor_with(
        &mut self,
        source: impl Into<Neurons>,
        event: &str,
        variables: &[&str],
        record: bool,
        options: EventMonitorOptions,
    ) -> Result<SpikeMonitorId> {
        let schedule = match (&options.when, options.order) {
            (None, Some(_)) => {
                return Err(Error::InvalidArgument(
                    "cannot specify order if when is not specified".to_string(),
                ));
            }
            (None, None) => None,
            (Some(w), order) => Some((
                When::parse(w).ok_or_else(|| {
                    Error::InvalidArgument(format!("unknown schedule slot '{w}'"))
                })?,
                order.unwrap_or(0),
            )),
        };
        let source = source.into();
        let g = source.group;
        let n = self
            .groups
            .get(g.0)
            .map(|grp| grp.n())
            .ok_or_else(|| Error::InvalidArgument("unknown group".to_string()))?;
        if self.groups[g.0].synapses.is_some() {
            return Err(Error::InvalidArgument(format!(
                "'{}' is a Synapses object: synapses have no '{event}' events to monitor",
                self.groups[g.0].name
            )));
        }
        let (start, stop) = source.range.unwrap_or((0, n));
        if start > stop || stop > n {
            return Err(Error::InvalidArgument(format!(
                "neurons {start}..{stop} are not a range of group '{}' of {n} neurons",
                self.group(g).name
            )));
        }
        let group = self.group(g);
        let event_index = if event == "spike" {
            None
        } else {
            Some(
                group
                    .def
                    .events
                    .iter()
                    .position(|(n, _, _)| n == event)
                    .ok_or_else(|| {
                        Error::InvalidArgument(format!(
                            "group '{}' has no event '{event}'",
                            group.name
                        ))
                    })?,
            )
        };
        let mut vars = Vec::new();
        for name in variables {
            let id = self.var_of(g, name)?;
            vars.push(RecordedVar {
                name: name.to_string(),
                var: id,
                dim: group.def.var(id).dim,
                values: RecordBuffer::new(),
            });
        }
        if event_index.is_none()
            && self.group(g).def.threshold.is_none()
            && self.group(g).generator.is_none()
        {
            return Err(Error::InvalidArgument(format!(
                "group '{}' has no threshold, so it has no spikes to monitor",
                self.group(g).name
            )));
        }
        let name = self.claim_name(
            options.name.as_deref(),
            if event_index.is_some() {
                "eventmonitor"
            } else {
                "spikemonitor"
            },
        )?;
        self.spike_monitors.push(SpikeMonitorState {
            name,
            active: true,
            group: g.0,
            event: event_index,
            record,
            i: RecordBuffer::new(),
            t: RecordBuffer::new(),
            count: vec![0; stop - start],
            vars,
            start,
            stop,
            schedule,
            on_subgroup: source.range.is_some(),
        });
        Ok(SpikeMonitorId(self.spike_monitors.len() - 1))
    }

    /// The group a `StateMonitor` records.
    pub fn state_monitor_group(&self, m: StateMonitorId) -> Option<GroupId> {
        self.state_monitors.get(m.0).map(|s| GroupId(s.group))
    }

    /// The group a `SpikeMonitor` records.
    pub fn spike_monitor_group(&self, m: SpikeMonitorId) -> Option<GroupId> {
        self.spike_monitors.get(m.0).map(|s| GroupId(s.group))
    }

    /// The data of a `StateMonitor`.
    pub fn state_data(&self, m: StateMonitorId) -> StateData<'_> {
        StateData(&self.state_monitors[m.0])
    }

    /// The data of a `SpikeMonitor`.
    pub fn spike_data(&self, m: SpikeMonitorId) -> SpikeData<'_> {
        let state = &self.spike_monitors[m.0];
        let clock = &self.clocks[self.groups[state.group].clock];
        SpikeData {
            state,
            dt: clock.dt,
            elapsed: clock.timestep,
        }
    }
}
