//! `PopulationRateMonitor` at run time: the instantaneous population rate of a group
//! (or a range of its neurons) at every step (binning and smoothing are in
//! [`crate::runtime::rates`]).
//!
//! The rate of a step is `spikes / dt / N` (Brian2's `ratemonitor` template, in that
//! order of operations), recorded in the `end` slot with the time of the step.

use crate::error::{Error, Result};
use crate::runtime::record_buffer::RecordBuffer;

/// A `PopulationRateMonitor` at run time.
#[derive(Debug, Clone)]
pub struct RateMonitorState {
    /// Unique name (`ratemonitor`, ...).
    pub name: String,
    /// Whether runs record (Brian2's `active`).
    pub active: bool,
    /// Index of the monitored group.
    pub group: usize,
    /// The monitored neurons `start..stop` of the group.
    pub start: usize,
    /// End of the monitored range (exclusive).
    pub stop: usize,
    /// Recording times (seconds).
    pub t: RecordBuffer<f64>,
    /// The rate at each recording time (Hz).
    pub rate: RecordBuffer<f64>,
}

impl RateMonitorState {
    /// Make room for `steps` more steps, or say that they do not fit in memory (before
    /// the run starts).
    pub fn reserve(&mut self, steps: usize) -> Result<()> {
        let too_large = |_| {
            Error::InvalidArgument(format!(
                "not enough memory for PopulationRateMonitor '{}' to record {steps} steps",
                self.name
            ))
        };
        self.t.reserve(steps).map_err(too_large)?;
        self.rate.reserve(steps).map_err(too_large)
    }

    /// Record the step at time `t` with the group's `spikes` (ascending).
    pub fn record(&mut self, spikes: &[u32], t: f64, dt: f64) {
        let lo = spikes.partition_point(|&i| (i as usize) < self.start);
        let hi = spikes.partition_point(|&i| (i as usize) < self.stop);
        let n = (self.stop - self.start) as f64;
        self.t.push(t);
        self.rate.push((hi - lo) as f64 / dt / n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_counts_the_monitored_range_only() {
        let mut m = RateMonitorState {
            name: "ratemonitor".into(),
            active: true,
            group: 0,
            start: 2,
            stop: 6,
            t: RecordBuffer::new(),
            rate: RecordBuffer::new(),
        };
        m.record(&[0, 2, 3, 5, 6, 9], 0.0, 0.5);
        assert_eq!(m.rate.to_vec(), [3.0 / 0.5 / 4.0]);
    }
}
