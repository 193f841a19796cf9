//! `PopulationRateMonitor` in the embedded API: creating one on a group or a range of
//! its neurons, and reading `rate`, `t` and `smooth_rate(...)` with units.

use crate::api::neuron_group::GroupId;
use crate::api::synapses::Neurons;
use crate::api::values::QuantitySlice;
use crate::error::{Error, Result};
use crate::runtime::network::Network;
use crate::runtime::rate_monitor::{RateMonitorState, Window, convolve_same};
use crate::units::{Dimension, Quantity};

/// A handle to a `PopulationRateMonitor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateMonitorId(pub(crate) usize);

/// Read access to a `PopulationRateMonitor`'s data.
#[derive(Debug, Clone, Copy)]
pub struct RateData<'a> {
    state: &'a RateMonitorState,
    dt: f64,
}

impl<'a> RateData<'a> {
    /// The time of each recorded step.
    pub fn t(&self) -> QuantitySlice<'a> {
        QuantitySlice::from_cow(self.state.t.contiguous(), Dimension::TIME)
    }

    /// The population rate of each recorded step (spikes per neuron per second).
    pub fn rate(&self) -> QuantitySlice<'a> {
        QuantitySlice::from_cow(self.state.rate.contiguous(), Dimension::FREQUENCY)
    }

    /// Bytes of memory holding the record (times and rates), as allocated: exactly
    /// the data, since each run reserves its steps before it starts.
    pub fn allocated_bytes(&self) -> usize {
        self.state.t.allocated_bytes() + self.state.rate.allocated_bytes()
    }

    /// The rate smoothed with a window (Brian2's `smooth_rate(window, width)`):
    /// `'flat'` of `width` rounded to an odd number of steps, or `'gaussian'` with
    /// standard deviation `width`, convolved as NumPy's `convolve(..., 'same')`.
    /// `width` must be a time of at least one time step.
    pub fn smooth_rate(&self, window: &str, width: Quantity) -> Result<QuantitySlice<'static>> {
        let w = Window::from_name(window).ok_or_else(|| {
            Error::InvalidArgument(format!(
                "unknown smoothing window '{window}' (use 'flat' or 'gaussian')"
            ))
        })?;
        if width.dim != Dimension::TIME || !width.value.is_finite() {
            return Err(Error::InvalidArgument(format!(
                "the width of smooth_rate must be a time, got {width}"
            )));
        }
        if width.value < self.dt {
            return Err(Error::InvalidArgument(format!(
                "the width of smooth_rate ({width}) is smaller than the time step dt = {}",
                Quantity::new(self.dt, Dimension::TIME)
            )));
        }
        let values = w.values(width.value, self.dt);
        Ok(QuantitySlice::owned(
            convolve_same(&self.state.rate.contiguous(), &values),
            Dimension::FREQUENCY,
        ))
    }
}

impl Network {
    /// Record the population rate of a group, or of neurons `start..stop` of it
    /// (`group.slice(start, stop)`), at every step of its clock
    /// (Brian2's `PopulationRateMonitor(G)`).
    pub fn population_rate_monitor(&mut self, source: impl Into<Neurons>) -> Result<RateMonitorId> {
        let source = source.into();
        let g = source.group.0;
        let n = self
            .groups
            .get(g)
            .map(|grp| grp.n())
            .ok_or_else(|| Error::InvalidArgument("unknown group".to_string()))?;
        let (start, stop) = source.range.unwrap_or((0, n));
        if start >= stop || stop > n {
            return Err(Error::InvalidArgument(format!(
                "neurons {start}..{stop} are not a non-empty range of group '{}' of {n} neurons",
                self.groups[g].name
            )));
        }
        let name = self.unique_name("ratemonitor");
        self.rate_monitors.push(RateMonitorState {
            name,
            group: g,
            start,
            stop,
            t: Default::default(),
            rate: Default::default(),
        });
        Ok(RateMonitorId(self.rate_monitors.len() - 1))
    }

    /// The data of a `PopulationRateMonitor`.
    pub fn rate_data(&self, m: RateMonitorId) -> RateData<'_> {
        let state = &self.rate_monitors[m.0];
        RateData {
            state,
            dt: self.clocks[self.groups[state.group].clock].dt,
        }
    }

    /// The group a `PopulationRateMonitor` records.
    pub fn rate_monitor_group(&self, m: RateMonitorId) -> Option<GroupId> {
        self.rate_monitors.get(m.0).map(|s| GroupId(s.group))
    }
}
