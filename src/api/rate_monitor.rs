//! `PopulationRateMonitor` in the embedded API: creating one on a group or a range of
//! its neurons, and reading `rate`, `t` and `smooth_rate(...)` with units.

use crate::api::neuron_group::GroupId;
use crate::api::synapses::Neurons;
use crate::api::values::QuantitySlice;
use crate::error::{Error, Result};
use crate::runtime::network::Network;
use crate::runtime::rate_monitor::RateMonitorState;
use crate::runtime::rates::{Window, bin_population, bin_steps, check_custom_window, smooth};
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
        let w = predefined_window(window, width, self.dt)?;
        self.smooth_rate_custom(&w)
    }

    /// The rate smoothed with a window given as values, one per step (Brian2's
    /// `smooth_rate(window=array)`): an odd number of values, normalised to a sum of 1.
    pub fn smooth_rate_custom(&self, window: &[f64]) -> Result<QuantitySlice<'static>> {
        check_custom_window(window).map_err(Error::InvalidArgument)?;
        Ok(QuantitySlice::owned(
            smooth(&self.state.rate.contiguous(), window),
            Dimension::FREQUENCY,
        ))
    }

    /// The rate averaged over bins of `bin_size`, a multiple of `dt` (Brian2's
    /// `binned_rate`): the start of each complete bin, from the first recorded time,
    /// and the mean rate in it.
    pub fn binned_rate(
        &self,
        bin_size: Quantity,
    ) -> Result<(QuantitySlice<'static>, QuantitySlice<'static>)> {
        let steps = bin_size_steps(bin_size, self.dt)?;
        let (bins, values) = bin_population(
            &self.state.t.contiguous(),
            &self.state.rate.contiguous(),
            steps,
            self.dt,
        );
        Ok((
            QuantitySlice::owned(bins, Dimension::TIME),
            QuantitySlice::owned(values, Dimension::FREQUENCY),
        ))
    }
}

/// The values of a predefined smoothing window (`'flat'`, `'gaussian'`) of `width`
/// for a clock of time step `dt`, or why there are none.
pub(crate) fn predefined_window(window: &str, width: Quantity, dt: f64) -> Result<Vec<f64>> {
    let w = Window::from_name(window).ok_or_else(|| {
        Error::InvalidArgument(format!(
            "unknown smoothing window '{window}' (use 'flat' or 'gaussian', or give the window's values)"
        ))
    })?;
    if width.dim != Dimension::TIME || !width.value.is_finite() {
        return Err(Error::InvalidArgument(format!(
            "the width of smooth_rate must be a time, got {width}"
        )));
    }
    if width.value < dt {
        return Err(Error::InvalidArgument(format!(
            "the width of smooth_rate ({width}) is smaller than the time step dt = {}",
            Quantity::new(dt, Dimension::TIME)
        )));
    }
    Ok(w.values(width.value, dt))
}

/// The number of steps of `dt` in a bin of `bin_size`, which must be a time and a
/// multiple of `dt`.
pub(crate) fn bin_size_steps(bin_size: Quantity, dt: f64) -> Result<usize> {
    if bin_size.dim != Dimension::TIME {
        return Err(Error::InvalidArgument(format!(
            "bin_size must be a time, got {bin_size}"
        )));
    }
    bin_steps(bin_size.value, dt).map_err(Error::InvalidArgument)
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
        if self.groups[g].def.threshold.is_none() && self.groups[g].generator.is_none() {
            return Err(Error::InvalidArgument(format!(
                "group '{}' has no threshold, so it has no spikes to compute a rate from",
                self.groups[g].name
            )));
        }
        let name = self.unique_name("ratemonitor");
        self.rate_monitors.push(RateMonitorState {
            name,
            active: true,
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
